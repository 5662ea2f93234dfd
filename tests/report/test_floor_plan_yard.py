"""Floor plans draw what stands outside and along the walls (yard coolers, transformer pads, CRAHs) and the
routes the design's lengths come from; halls drawn alike share one set of sheets ("typical of"); the phasing
plan draws each phase's GPU zone and demising wall. Every sheet stays legible (6 pt, no cut label, no
collision)."""
from __future__ import annotations

import copy

import pytest

from report_paths import PILOT
from drawing_text import labels, overlaps
from retrofit.io.load import load
from retrofit.layout import RackSpec, place
from retrofit.layout.runs import RoutedRun, cable_route, facility_main_route
from retrofit.layout.yard import YardUnit, place_coolers, place_pads
from retrofit.layout.geometry import Rect
from retrofit.report.document import PlanDocument
from retrofit.report.floor_typical import typical_halls
from retrofit.report.floorplan import MIN_FONT, floor_sheets, phase_sheet

SIZE = PlanDocument.drawing_size()


def _legible(drawing):
    items = labels(drawing)
    assert overlaps(items) == []
    assert min(i.size for i in items) >= MIN_FONT
    assert not [i.text for i in items if "\u2026" in i.text]


def _texts(drawing):
    return {i.text for i in labels(drawing)}


@pytest.fixture(scope="module")
def pilot():
    design = load(PILOT)
    hall = design.halls[0]
    lay = place(hall, RackSpec(0.6, 1.2, 1360.0), 24, design.goal.criteria, n_cdus=2,
                electrical_equipment=[("swbd-a", 2.4, 0.9)])
    units = [YardUnit(f"hr-{i + 1}", 6.5, 2.4, 2.4) for i in range(4)]
    lay.outdoor = place_pads(["tx-1"], 40.0, 25.0, Rect(0.0, 0.0, 6.0, 5.0, "room", "electrical_room"))
    taken = 3.0 + lay.outdoor[0].depth_m + 3.0
    lay.outdoor += place_coolers(units, 40.0, 25.0, "south", 20.0, start_m=taken)
    cdus = [(c.x_m + c.width_m / 2, c.y_m + c.depth_m / 2) for c in lay.cdus]
    lay.runs = [RoutedRun("fw-1", "facility_main", facility_main_route((20.0, -(taken + 2.4)), 0.0, cdus, 5.0)),
                RoutedRun("tx-1", "mv_cable", cable_route((3.0, 2.5), (lay.outdoor[0].x_m + 1.2, lay.outdoor[0].y_m + 1.1)))]
    return design, lay


def test_the_key_plan_draws_the_yard_pads_and_the_main(pilot):
    design, lay = pilot
    sheets, drawn = floor_sheets(design, "hall-1", {"plan": {"layout": {"hall-1": lay}}}, SIZE)
    assert len(drawn.outdoor) == 5 and len(drawn.runs) == 2
    texts = set().union(*(_texts(s.drawing) for s in sheets))
    assert {"hr-1", "hr-4", "tx-1", "heat rejection (yard)", "transformer pad", "facility main", "MV cable"} <= texts
    main = next(r for r in drawn.runs if r["kind"] == "facility_main")
    assert main["length_m"] == pytest.approx(lay.runs[0].length_m)
    assert any(t == f"facility main {main['length_m']:.1f} m" for t in texts)
    for s in sheets:
        _legible(s.drawing)


def test_halls_drawn_alike_share_their_sheets(pilot):
    design, lay = pilot
    design = copy.deepcopy(design)
    second = design.halls[0].model_copy(update={"id": "hall-2"})
    design.halls.append(second)
    other = copy.deepcopy(lay)
    for item in other.racks + other.cdus + other.equipment + other.outdoor:
        item.id = item.id + "-h2"
    results = {"plan": {"layout": {"hall-1": lay, "hall-2": other}}}
    groups = typical_halls(design, results)
    assert groups == [("hall-1", ["hall-1", "hall-2"], {"hall-2": "'' reads '-h2'"})]
    sheets, _ = floor_sheets(design, "hall-1", results, SIZE, typical_of=["hall-1", "hall-2"])
    assert all(s.title.startswith("Floor plan: hall-1 (typical of hall-2)") for s in sheets)
    moved = copy.deepcopy(other)
    moved.racks[0].x_m += 0.6
    results["plan"]["layout"]["hall-2"] = moved
    assert [g[1] for g in typical_halls(design, results)] == [["hall-1"], ["hall-2"]]


def test_the_phasing_plan_draws_each_zone_and_its_wall(pilot):
    design, lay = pilot
    design = copy.deepcopy(design)
    xs = sorted({r.x_m for r in lay.racks})
    phases = [{"phase": 1, "loops": [], "miners_kept": 400,
               "demising_walls": [{"hall": "hall-1", "x0_m": xs[0] - 1.2, "y0_m": 1.0, "x1_m": xs[5] + 1.8,
                                   "y1_m": 8.0, "sides": ["north", "east"], "length_m": 12.3}]},
              {"phase": 2, "loops": [], "miners_kept": 0, "demising_walls": []}]
    results = {"plan": {"layout": {"hall-1": lay}, "phases": phases}}
    sheet, rows = phase_sheet(design, "hall-1", results, SIZE, 3)
    assert sheet.number == "F-3"
    assert rows == [["1", "0", f"x {xs[0] - 1.2:.1f}-{xs[5] + 1.8:.1f} m, y 1.0-8.0 m", "12.3 m (north, east)", "400"]]
    assert "phase 1: demising wall 12.3 m" in _texts(sheet.drawing)
    _legible(sheet.drawing)
    assert phase_sheet(design, "hall-1", {"plan": {"phases": phases[1:]}}, SIZE, 3) is None
