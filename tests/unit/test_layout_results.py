"""layout_results: racks with positions checked against walls, columns, each other, aisles, the slab,
and the working space of electrical equipment."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import retrofit
from retrofit.layout import RackSpec, layout_results, place
from retrofit.model import Position
from retrofit.units import Q_

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def pilot():
    return retrofit.load(ROOT / "examples" / "pilot-hall" / "design.yaml")


def _row(x0, y, n=6, pitch=0.6):
    return [Position(x=f"{x0 + i * pitch:.6g} m", y=f"{y:.6g} m") for i in range(n)]


def _place(design, first, second):
    design.loads.racks[0].positions = first
    design.loads.racks[1].positions = second
    return design


def _hall(design):
    return layout_results(design)["hall-1"]


def test_pilot_without_positions_checks_the_slab_only(pilot):
    out = layout_results(pilot)
    hall = out["hall-1"]
    assert hall["racks"] == {} and hall["aisles"] == [] and hall["obstructions"] == []
    assert hall["slab"]["ok"] and hall["slab"]["load_kpa"] == pytest.approx(1360 * 9.80665 / 1.44 / 1e3)
    assert hall["slab"]["cdu"] == "cdu-1" and not hall["slab"]["cdu_ok"]
    json.dumps(out)


def test_two_facing_rows_pass(pilot):
    hall = _hall(_place(pilot, _row(2.0, 1.2), _row(2.0, 3.6)))
    assert set(hall["racks"]) == {f"row-1.{i:02d}" for i in range(1, 7)} | {f"row-2.{i:02d}" for i in range(1, 7)}
    assert hall["racks"]["row-1.02"] == {"x_m": 2.6, "y_m": 1.2, "width_m": 0.6, "depth_m": 1.2}
    assert all(o["ok"] for o in hall["obstructions"]) and len(hall["obstructions"]) == 12
    # the rule's first two lines (y = 1.2 m and 3.6 m) are a pod: backs to a hot aisle
    assert hall["aisles"] == [{"between": ["1", "2"], "kind": "hot_aisle", "width_m": pytest.approx(1.2),
                               "required_m": 1.2, "ok": True}]
    assert hall["slab"]["ok"] and hall["slab"]["tributary_area_m2"] == pytest.approx(1.44)


def test_positions_from_place_pass(pilot):
    lay = place(pilot.halls[0], RackSpec(0.6, 1.2, 1360.0), 126, pilot.goal.criteria)
    pos = [Position(x=f"{r.x_m:.6f} m", y=f"{r.y_m:.6f} m") for r in lay.racks]
    pilot.loads.racks[0].count, pilot.loads.racks[1].count = 63, 63
    hall = _hall(_place(pilot, pos[:63], pos[63:]))
    assert all(o["ok"] for o in hall["obstructions"])
    assert [a["ok"] for a in hall["aisles"]] == [True]
    assert hall["violations"] == []


def test_rack_on_a_column_and_in_its_aisle(pilot):
    # column-1 stands at x 13.3-13.7, y 12.5-12.9
    hall = _hall(_place(pilot, _row(12.5, 12.3, n=2), _row(12.5, 10.5, n=2)))
    hits = {(o["rack"], o["obstacle"], o["where"]) for o in hall["obstructions"] if not o["ok"]}
    assert ("row-1.02", "column-1", "footprint") in hits
    assert ("row-2.02", "column-1", "aisle") in hits        # row-2 faces north into the column
    assert not any(o["rack"] == "row-2.01" and not o["ok"] for o in hall["obstructions"])


def test_narrow_aisle_and_its_slab_load(pilot):
    hall = _hall(_place(pilot, _row(2.0, 1.2), _row(2.0, 3.0)))
    aisle = hall["aisles"][0]
    assert aisle["width_m"] == pytest.approx(0.6) and not aisle["ok"]
    # tributary with the 0.6 m aisle: 0.6 x (1.2 + 0.3 + 0.6)
    assert hall["slab"]["tributary_area_m2"] == pytest.approx(0.6 * 2.1)


def test_overlapping_racks_and_walls(pilot):
    first = _row(2.0, 1.2, n=6)
    first[1] = Position(x="2.3 m", y="1.2 m")                 # overlaps row-1.01
    second = _row(0.5, 5.0, n=5) + [Position(x="39.9 m", y="5 m")]
    hall = _hall(_place(pilot, first, second))
    bad = {(o["rack"], o["obstacle"]) for o in hall["obstructions"] if not o["ok"]}
    assert {("row-1.01", "row-1.02"), ("row-1.02", "row-1.01")} <= bad
    assert ("row-1.02", "row-1.03") not in bad
    assert ("row-2.01", "perimeter walkway") in bad
    assert ("row-2.06", "wall") in bad


def test_position_count_must_match(pilot):
    hall = _hall(_place(pilot, _row(2.0, 1.2, n=5), _row(2.0, 3.6)))
    assert hall["violations"] == ["rack group row-1: 5 positions for 6 racks"]


def test_working_space_of_switchboards_and_switchgear(pilot):
    buses = {b.id: b for b in pilot.electrical.buses}
    for name, width in (("swbd-a", 2.4), ("mv-main", 0.8)):
        buses[name].width, buses[name].depth = Q_(width, "m"), Q_(1.0, "m")
    hall = _hall(_place(pilot, _row(2.0, 1.2), _row(2.0, 3.6)))
    by = {(c["element"], c["quantity"]): c for c in hall["clearances"]}
    assert set(e for e, _ in by) == {"mv-main", "swbd-a"}
    # 13.8 kV wye: 7967 V to ground, condition 3 -> 1.8 m (Table 110.34(A)); width at least 914 mm (110.32)
    assert by[("mv-main", "depth")]["required_m"] == 1.8
    assert by[("mv-main", "depth")]["clause"] == "NEC 110.34(A), Table 110.34(A)"
    assert by[("mv-main", "width")]["required_m"] == 0.914
    # 415Y/240 V: 1.2 m (Table 110.26(A)(1), condition 3), the equipment width 2.4 m
    assert by[("swbd-a", "depth")]["required_m"] == 1.2
    assert by[("swbd-a", "width")]["required_m"] == 2.4
    assert all(c["ok"] for c in hall["clearances"])
    assert by[("swbd-a", "headroom")]["available_m"] == 6.0
    # the equipment and its working space keep clear of the racks and their aisles
    swbd = by[("swbd-a", "depth")]
    assert swbd["x_m"] >= 2.0 + 3.6 - 1e-9 or swbd["x_m"] + 2.4 <= 2.0 + 1e-9


def test_working_space_blocked_in_a_small_hall(pilot):
    hall = pilot.halls[0]
    hall.length, hall.width, hall.columns = Q_(5.0, "m"), Q_(2.0, "m"), []
    bus = next(b for b in pilot.electrical.buses if b.id == "swbd-a")
    bus.width, bus.depth = Q_(2.4, "m"), Q_(1.0, "m")
    out = _hall(pilot)
    depth = next(c for c in out["clearances"] if c["quantity"] == "depth")
    assert not depth["ok"] and depth["available_m"] == pytest.approx(1.0)
    assert any("swbd-a" in v for v in out["violations"])


def test_washington_runs(pilot):
    design = retrofit.load(ROOT / "examples" / "washington-18mw" / "site.yaml")
    out = layout_results(design)
    assert list(out) == ["hall-1"]
    assert out["hall-1"]["slab"]["load_kpa"] == 0.0 and out["hall-1"]["slab"]["ok"]
    json.dumps(out)


def test_washington_with_2500_placed_racks_passes_quickly():
    import time

    from retrofit.model import RackGroup

    design = retrofit.load(ROOT / "examples" / "washington-18mw" / "site.yaml")
    lay = place(design.halls[0], RackSpec(0.6, 1.2, 1360.0), 2500, design.goal.criteria)
    group = RackGroup(id="gb", count=2500, feeds=["sb1", "sb5"], hall="hall-1", p_design="142 kW", mass="1360 kg",
                      positions=[Position(x=f"{r.x_m:.6f} m", y=f"{r.y_m:.6f} m") for r in lay.racks])
    design.loads.racks = [group]
    for bus in design.electrical.buses:
        if bus.kind == "switchboard":
            bus.width, bus.depth = Q_(2.4, "m"), Q_(1.0, "m")
    start = time.perf_counter()
    hall = layout_results(design)["hall-1"]
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    assert len(hall["racks"]) == 2500 and all(o["ok"] for o in hall["obstructions"])
    assert hall["aisles"] and all(a["ok"] for a in hall["aisles"])
    assert len(hall["clearances"]) == 3 * 8 and all(c["ok"] for c in hall["clearances"])
    # 480 V delta switchboards: 480 V to ground, still the 151-600 V row
    sb5 = next(c for c in hall["clearances"] if c["element"] == "sb5" and c["quantity"] == "depth")
    assert sb5["v_ground_v"] == 480.0 and sb5["required_m"] == 1.2
