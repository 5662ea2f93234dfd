"""The planner stands the yard coolers, transformer pads and CRAHs of Washington by rule, and takes the
facility main's and the MV cables' lengths from their routes: the hydraulic network and the bill of
materials read the one figure (the loop's main), the floor plan draws the same route."""
from __future__ import annotations

import itertools

import pytest

from retrofit.cooling.loops import facility_network
from retrofit.units import magnitude


def _overlap(a, b) -> bool:
    return (a.x_m < b.x_m + b.width_m - 1e-9 and b.x_m < a.x_m + a.width_m - 1e-9
            and a.y_m < b.y_m + b.depth_m - 1e-9 and b.y_m < a.y_m + a.depth_m - 1e-9)


@pytest.fixture(scope="module")
def hall(washington_plan):
    return washington_plan.layout["hall-1"]


def test_every_unit_and_pad_stands_outside_without_overlap(washington, washington_plan, hall):
    design = washington_plan.proposed
    coolers = [p for p in hall.outdoor if p.kind == "cooler"]
    pads = [p for p in hall.outdoor if p.kind == "transformer"]
    assert len(coolers) == sum(u.count for u in design.cooling.heat_rejection)
    assert sorted(p.id for p in coolers) == sorted(f"{u.id}.{k + 1}" for u in design.cooling.heat_rejection
                                                   for k in range(u.count))
    new_tx = {t.id for t in design.electrical.transformers} - {t.id for t in washington.electrical.transformers}
    assert {p.id for p in pads} == new_tx
    length, width = magnitude(design.halls[0].length, "m"), magnitude(design.halls[0].width, "m")
    assert not any(_overlap(a, b) for a, b in itertools.combinations(hall.outdoor, 2))
    for p in hall.outdoor:
        assert 0.0 <= p.x_m and p.x_m + p.width_m <= length + 1e-9
        assert p.y_m + p.depth_m <= 0.0 or p.y_m >= width                 # outside the hall
    # the cooler rows keep the pads' band and their air clearance (one unit depth) to it
    assert max(p.y_m + p.depth_m for p in coolers) <= min(p.y_m for p in pads) - min(p.depth_m for p in coolers) + 1e-9


def test_crahs_stand_against_the_walls_clear_of_racks(washington_plan, hall):
    design = washington_plan.proposed
    assert len(hall.crahs) == sum(c.count for c in design.cooling.crahs)
    inside = hall.racks + hall.cdus + hall.equipment
    assert not any(_overlap(c, r) for c in hall.crahs for r in inside)
    assert not any(_overlap(a, b) for a, b in itertools.combinations(hall.crahs, 2))


def test_the_facility_main_is_one_length_for_hydraulics_and_bill(washington_plan, hall):
    design = washington_plan.proposed
    loop = next(x for x in design.cooling.loops if x.kind == "facility")
    run = next(r for r in hall.runs if r.kind == "facility_main" and r.id == loop.id)
    main_m = magnitude(loop.main.length, "m")
    assert main_m == pytest.approx(run.length_m, abs=0.005)               # written to 0.01 m
    x = run.route.points[0][0]                                            # it passes between the pads
    assert not any(p.x_m <= x <= p.x_m + p.width_m for p in hall.outdoor if p.kind == "transformer")
    network = facility_network(design, loop, 1000.0, 4186.0)
    link = network.link_ids.index(f"{loop.id}.main_supply")
    assert network.length[link] == pytest.approx(main_m)
    bore = round(magnitude(loop.main.diameter, "mm"), 1)
    n_cdus = sum(1 for c in design.cooling.cdus if c.facility_loop == loop.id)
    same_bore = [x for x in design.cooling.loops if round(magnitude(x.main.diameter, "mm"), 1) == bore
                 or round(magnitude(x.header.diameter, "mm"), 1) == bore or round(magnitude(x.branch.diameter, "mm"), 1) == bore]
    assert same_bore == [loop]
    item = next(i for i in washington_plan.bom["items"] if i["item"] == f"pipe {bore:g} mm bore")
    header = magnitude(loop.header.length, "m")
    assert item["quantity"] == pytest.approx(2 * main_m + 2 * header * (n_cdus - 1), abs=1e-3)


def test_mv_cables_take_their_length_from_the_pad_routes(washington_plan, hall):
    design = washington_plan.proposed
    routes = {r.id: r.length_m for r in hall.runs if r.kind == "mv_cable"}
    assert routes
    for t in design.electrical.transformers:
        if t.id not in routes:
            continue
        cable = next(c for c in design.electrical.cables if c.to_bus == t.hv_bus)
        assert magnitude(cable.length, "m") == pytest.approx(routes[t.id], abs=0.05)   # written to 0.1 m
