"""The drawings of the plan, checked on the drawings themselves: what the one-line diagram shows and where
(A side left of B side, every element labelled with its rating, no label over another or off the sheet),
how it splits into sheets when there are many branches; the floor plan's scale, dimensions, racks at their
positions and the split of a long hall; the cooling schematic's figures; the charts' operating point.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from reportlab.graphics.shapes import PolyLine, Rect

from campus import campus_yaml
from report_paths import PILOT
from drawing_text import labels, overlaps
from retrofit.io.load import load, load_text
from retrofit.report.charts import bar_chart, pump_chart
from retrofit.report.cooling_schematic import cooling_sheets
from retrofit.report.document import PlanDocument
from retrofit.report.floor_layout import from_hall_layout
from retrofit.report.formatting import ambient_name
from retrofit.report.floorplan import PT_PER_M_AT_1_TO_1, choose_scale, floor_sheets
from retrofit.report.oneline import MAX_BRANCHES, branches_per_sheet, oneline_sheets

SIZE = PlanDocument.drawing_size()


def _texts(drawing) -> list[str]:
    return [label.text for label in labels(drawing)]


def _legible(drawing) -> None:
    items = labels(drawing)
    assert not overlaps(items), [(a.text, b.text) for a, b in overlaps(items)][:5]
    for item in items:
        assert item.size >= 6.0, item          # nothing under 6 pt on the printed sheet
        assert -0.5 <= item.x0 and item.x1 <= drawing.width + 0.5, item
        assert -0.5 <= item.y0 and item.y1 <= drawing.height + 0.5, item


# --- one-line diagram ----------------------------------------------------------------------------

def test_pilot_one_line_shows_every_element_with_its_rating(pilot_input):
    design, pilot_json = pilot_input
    sheets = oneline_sheets(design, pilot_json, SIZE)
    assert [s.number for s in sheets] == ["E-1"]
    drawing = sheets[0].drawing
    texts = _texts(drawing)
    for element in [b.id for b in design.electrical.buses] + [t.id for t in design.electrical.transformers] + \
                   [b.id for b in design.electrical.busways] + [c.id for c in design.electrical.cables] + \
                   [g.id for g in design.loads.racks] + ["utility"]:
        assert element in texts, element
    for breaker in design.electrical.breakers:
        rating = f"{breaker.id} {breaker.rating.to('A').magnitude:g} A/{breaker.interrupting.to('kA').magnitude:g} kA"
        assert rating in texts, rating
    for tx in design.electrical.transformers:
        loading = pilot_json["electrical"]["load_flow"]["branches"][tx.id]["loading_percent"]
        assert f"load {loading:.1f} %" in texts
    assert "6 x gb300-nvl72" in texts
    _legible(drawing)


def test_a_side_left_b_side_right(pilot_input):
    design, pilot_json = pilot_input
    drawing = oneline_sheets(design, pilot_json, SIZE)[0].drawing
    x = {label.text: label.x0 for label in labels(drawing)}
    for a, b in (("tx-a", "tx-b"), ("swbd-a", "swbd-b"), ("busway-a1", "busway-b1"), ("busway-a2", "busway-b1"),
                 ("bw-a2", "bw-b1"), ("c-mech-a", "c-mech-b")):
        assert x[a] < x[b], (a, b)


def test_one_line_is_repeatable(pilot_input):
    design, pilot_json = pilot_input
    first = _texts(oneline_sheets(design, pilot_json, SIZE)[0].drawing)
    again = _texts(oneline_sheets(design, pilot_json, SIZE)[0].drawing)
    assert first == again


def test_many_branches_split_into_an_overview_and_a_sheet_per_transformer_group():
    design = load_text(campus_yaml(3, busways_per_side=3), "campus.yaml")
    sheets = oneline_sheets(design, {}, SIZE)
    # 3 blocks x 2 transformers x (3 busway taps + 1 mechanical panel) = 24 branches; a block's A and B
    # transformers feed the same rack groups (8 branches). A tabloid sheet holds 11 branches of at least
    # MIN_SLOT: one block a sheet
    limit = branches_per_sheet(SIZE[0])
    assert 8 <= limit < 16 and limit <= MAX_BRANCHES
    assert [s.number for s in sheets] == ["E-1", "E-2", "E-3", "E-4"]
    overview = _texts(sheets[0].drawing)
    where = {1: "E-2", 2: "E-3", 3: "E-4"}
    for k in (1, 2, 3):
        assert f"tx-a-{k}" in overview and f"tx-b-{k}" in overview
    assert [overview.count(f"continues on E-{k}") for k in (2, 3, 4)] == [2, 2, 2]
    assert not any(t.startswith("row-") for t in overview)
    for sheet in sheets[1:]:
        texts = _texts(sheet.drawing)
        blocks = [k for k in (1, 2, 3) if where[k] == sheet.number]
        for k in (1, 2, 3):
            on_sheet = k in blocks
            # a transformer is drawn on its group's sheet only, with its A/B partner and their rack groups
            assert (f"tx-a-{k}" in texts) == on_sheet and (f"tx-b-{k}" in texts) == on_sheet
            assert ({f"row-{j}-{k}" for j in (1, 2, 3)} <= set(texts)) == on_sheet
        taps = {t for t in texts if t.startswith("bw-")} | {t for t in texts if t.startswith("mech-")}
        assert len(taps) <= limit
        _legible(sheet.drawing)
    _legible(sheets[0].drawing)


# --- floor plan ----------------------------------------------------------------------------------

@dataclass
class _Placed:
    id: str
    x_m: float
    y_m: float
    width_m: float
    depth_m: float
    row: str | None
    kind: str


@dataclass
class _Row:
    id: str
    y_m: float
    x0_m: float
    x1_m: float
    rack_ids: list
    facing: str


@dataclass
class _Aisle:
    x_m: float
    y_m: float
    width_m: float
    depth_m: float
    id: str | None = None
    kind: str = "cold_aisle"


@dataclass
class _HallLayout:
    """Shaped like retrofit.layout.HallLayout (the contract of the layout engine)."""

    hall: str
    rows: list
    racks: list
    cdus: list
    equipment: list
    aisles: list
    violations: list = field(default_factory=list)
    slab: dict = field(default_factory=dict)
    run_lengths_m: dict = field(default_factory=dict)


def _pilot_layout() -> _HallLayout:
    racks, rows = [], []
    for r, (y, facing) in enumerate(((10.0, "south"), (13.6, "north")), start=1):
        ids = [f"row-{r}.{i:02d}" for i in range(1, 7)]
        racks += [_Placed(rid, 14 + 0.6 * i, y, 0.6, 1.2, str(r), "rack") for i, rid in enumerate(ids)]
        rows.append(_Row(str(r), y, 14.0, 17.6, ids, facing))
    aisles = [_Aisle(13.0, 8.8, 6.0, 1.2), _Aisle(13.0, 11.2, 6.0, 2.4, kind="hot_aisle"), _Aisle(13.0, 14.8, 6.0, 1.2)]
    cdus = [_Placed("cdu-1", 12.6, 10.0, 1.2, 1.2, "1", "cdu"), _Placed("cdu-2", 12.6, 13.6, 1.2, 1.2, "2", "cdu")]
    equipment = [_Placed("swbd-a", 3.0, 1.0, 4.0, 1.0, None, "equipment"),
                 _Placed("swbd-b", 9.0, 1.0, 4.0, 1.0, None, "equipment")]
    return _HallLayout("hall-1", rows, racks, cdus, equipment, aisles, ["none of the asked racks left out"])


def test_floor_plan_from_a_hall_layout_is_to_scale():
    design = load(PILOT)
    layout = _pilot_layout()
    results = {"plan": {"layout": {"hall-1": layout}}}
    sheets, drawn = floor_sheets(design, "hall-1", results, SIZE)
    assert len(sheets) == 1 and drawn.source == "the planner's layout"
    assert len(drawn.racks) == 12 and len(drawn.cdus) == 2 and len(drawn.equipment) == 2
    sheet = sheets[0]
    assert sheet.scale == choose_scale(40.0, 25.0, SIZE)
    k = PT_PER_M_AT_1_TO_1 / sheet.scale
    assert 40.0 * k <= SIZE[0] and 25.0 * k <= SIZE[1]
    texts = _texts(sheet.drawing)
    assert "40.0 m" in texts and "25.0 m" in texts and "N" in texts
    assert f"scale 1:{sheet.scale} printed on tabloid 11 x 17 in  |  {design.site.name}  |  sheet F-1" in texts
    assert "cdu-1" in texts and "swbd-a" in texts and "row 1: 6" in texts
    assert any(t.startswith("cold aisle") for t in texts) and any(t.startswith("hot aisle") for t in texts)
    assert {"13.3 m", "13.4 m"} <= set(texts)                 # the column grid, with its unit
    # racks are drawn at their positions, to scale: all twelve rack rectangles are 0.6 m x 1.2 m
    rects = [s for s in _shapes(sheet.drawing) if isinstance(s, Rect)]
    rack_rects = [r for r in rects if abs(r.width - 0.6 * k) < 1e-6 and abs(r.height - 1.2 * k) < 1e-6]
    assert len(rack_rects) == 12
    xs = sorted({round(r.x, 6) for r in rack_rects})
    assert [b - a for a, b in zip(xs, xs[1:])] == pytest.approx([0.6 * k] * 5, abs=1e-5)
    _legible(sheet.drawing)


def _shapes(node):
    for item in getattr(node, "contents", []):
        yield item
        yield from _shapes(item)


def test_hall_layout_dataclass_and_dict_forms_draw_the_same():
    import dataclasses

    layout = _pilot_layout()
    a = from_hall_layout("hall-1", layout)
    b = from_hall_layout("hall-1", dataclasses.asdict(layout))
    assert a == b


def test_floor_plan_without_a_layout_draws_the_hall_and_says_so():
    design = load(PILOT)
    sheets, drawn = floor_sheets(design, "hall-1", {}, SIZE)
    assert drawn.racks == [] and drawn.notes
    assert "40.0 m" in _texts(sheets[0].drawing)


def test_floor_plan_uses_rack_positions_of_the_design():
    design = load_text(campus_yaml(1, busways_per_side=2, positions=True), "campus.yaml")
    sheets, drawn = floor_sheets(design, "hall-1-1", {}, SIZE)
    assert drawn.source == "the rack positions written in the design"
    assert len(drawn.racks) == sum(g.count for g in design.loads.racks)


def test_a_long_hall_splits_into_sheets_joined_by_match_lines():
    design = load(PILOT.parents[1] / "washington-18mw" / "site.yaml")
    # half a tabloid sheet's width: the 180 m hall needs two sheets to stay at 1:500 or finer
    sheets, _ = floor_sheets(design, "hall-1", {}, (SIZE[0] / 2, SIZE[1]), first_number=3)
    assert [s.number for s in sheets] == ["F-3", "F-4"]
    assert sheets[0].x_range_m == (0.0, 90.0) and sheets[1].x_range_m == (90.0, 180.0)
    assert all(s.scale <= 500 for s in sheets)
    assert "match line: F-4" in _texts(sheets[0].drawing)
    assert "match line: F-3" in _texts(sheets[1].drawing)
    for s in sheets:
        _legible(s.drawing)


# --- cooling schematic and charts ----------------------------------------------------------------

def test_cooling_schematic_prints_the_design_ambient_figures(pilot_input):
    design, pilot_json = pilot_input
    sheets = cooling_sheets(design, pilot_json, SIZE)
    assert [s.number for s in sheets] == ["M-1"]
    texts = _texts(sheets[0].drawing)
    c = pilot_json["cooling"]
    amb = c["ambients"][c["design_basis"]]
    assert (f"design ambient ({ambient_name(c['design_basis'])}): {amb['t_dry_bulb_c']:.1f} °C dry bulb, "
            f"{amb['t_wet_bulb_c']:.1f} °C wet bulb") in texts
    for cdu, v in c["cdus"].items():
        assert f"{v['t_tcs_return_c']:.1f} °C" in texts
        assert f"{v['flow_facility_lpm']:.0f} L/min" in texts
    hr = c["heat_rejection"]["acc"]
    assert f"heat {hr['heat_kw']:,.0f} kW of {hr['capacity_kw']:,.0f} kW" in texts
    _legible(sheets[0].drawing)


def test_pump_chart_operating_point_is_on_the_drawn_curve(pilot_input):
    design, pilot_json = pilot_input
    point = pilot_json["cooling"]["loops"]["tcs-1"]["pumps"]["cdu-1.pumps"]
    chart = pump_chart(design, pilot_json, "tcs-1", "cdu-1.pumps")
    assert f"{point['flow_lpm']:.0f} L/min at {point['head_m']:.1f} m" in _texts(chart)
    curve, system = [s for s in _shapes(chart) if isinstance(s, PolyLine)][:2]
    marker = next(s for s in _shapes(chart) if type(s).__name__ == "Circle")
    # the operating point lies on the pump curve and on the system curve as drawn (piecewise linear)
    for line in (curve, system):
        pts = list(zip(line.points[0::2], line.points[1::2]))
        y = next(ya + (yb - ya) * (marker.cx - xa) / (xb - xa) for (xa, ya), (xb, yb) in zip(pts, pts[1:])
                 if xa <= marker.cx <= xb)
        assert y == pytest.approx(marker.cy, abs=1.0)


def test_pump_chart_is_absent_for_an_unknown_pump(pilot_input):
    design, pilot_json = pilot_input
    assert pump_chart(design, pilot_json, "tcs-1", "nope.pumps") is None


def test_planned_one_line_sheets_are_legible(pilot_run):
    results = pilot_run.results
    for sheet in oneline_sheets(pilot_run.analysed, results, SIZE):
        _legible(sheet.drawing)
    for sheet in cooling_sheets(pilot_run.analysed, results, SIZE):
        _legible(sheet.drawing)
    for hall in pilot_run.analysed.halls:
        for sheet in floor_sheets(pilot_run.analysed, hall.id, results, SIZE)[0]:
            _legible(sheet.drawing)


def test_bar_chart_highlights_and_flags():
    chart = bar_chart([("a", 50.0), ("b", 120.0), ("c", None)], 400, unit="%", limit=100.0, limit_label="100 %",
                      highlight="a")
    fills = [s.fillColor for s in _shapes(chart) if isinstance(s, Rect)]
    from retrofit.report.charts import BINDING, OVER

    assert BINDING in fills and OVER in fills
    assert "n/a" in _texts(chart)


def test_a_crowded_cooling_schematic_stays_legible():
    """Fourteen CDUs on three TCS loops, twelve rack groups and nine heat-rejection sets on one facility loop:
    the schematic takes several sheets, each loop keeps its CDUs and rack groups in its own band, and no label
    covers another (the figures are absent here: the drawing says n/a)."""
    import copy

    import yaml

    data = yaml.safe_load(PILOT.read_text(encoding="utf-8"))
    c = data["cooling"]
    tcs = c["loops"][0]
    c["loops"] += [dict(copy.deepcopy(tcs), id=f"tcs-{k}") for k in (2, 3)]
    cdu = c["cdus"][0]
    c["cdus"] = [dict(copy.deepcopy(cdu), id=f"cdu-{i:02d}", tcs_loop=f"tcs-{1 + i % 3}") for i in range(14)]
    hr = c["heat_rejection"][0]
    c["heat_rejection"] = [dict(copy.deepcopy(hr), id=f"acc-{i}") for i in range(9)]
    row = data["loads"]["racks"][0]
    data["loads"]["racks"] = [dict(copy.deepcopy(row), id=f"row-{i:02d}", count=1, tcs_loop=f"tcs-{1 + i % 3}",
                                   row=str(i)) for i in range(12)]
    design = load_text(yaml.safe_dump(data, sort_keys=False), "crowded.yaml")
    sheets = cooling_sheets(design, {}, SIZE)
    assert len(sheets) == 2                                     # at most MAX_CDUS (8) CDUs a tabloid sheet
    shown = set()
    for sheet in sheets:
        _legible(sheet.drawing)
        texts = _texts(sheet.drawing)
        shown |= {t for t in texts if t.startswith("cdu-")}
        assert any(t.startswith("acc-") for t in texts)
    assert shown == {f"cdu-{i:02d}" for i in range(14)}


def test_a_campus_gets_a_campus_sheet_and_per_hall_sheets(monkeypatch):
    """Two halls of the Panther Creek generator, each with its own 34.5 kV lineup: with the campus threshold at
    one detail sheet per lineup, the diagram is a campus sheet down to the lineups, then per-hall sheets down
    to every transformer's secondary."""
    import importlib.util

    import yaml

    from retrofit.report import oneline

    spec = importlib.util.spec_from_file_location(
        "generate", PILOT.parents[1] / "panther-creek-350mw" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    design = load_text(yaml.safe_dump(generate.site(2), sort_keys=False), "campus.yaml")
    monkeypatch.setattr(oneline, "CAMPUS_DETAIL_SHEETS_PER_HALL", 1)
    sheets = oneline_sheets(design, {}, SIZE)
    assert sheets[0].title == "One-line diagram: campus"
    campus = _texts(sheets[0].drawing)
    assert "mv-h01" in campus and "mv-h02" in campus
    assert any(t.startswith("hall-01: continues on E-2") for t in campus)
    # the two halls draw alike but for their own ids (t01-.. / t02-..): hall-01's sheets stand for hall-02's
    mine = [s for s in sheets if s.title.startswith("One-line diagram: hall-01")]
    assert mine and all("typical of hall-02" in s.title for s in mine)
    assert not any(s.title.startswith("One-line diagram: hall-02") for s in sheets)
    drawn = [t for s in mine for t in _texts(s.drawing) if t.startswith("t01-") and t.count("-") == 1]
    expected = sorted(t.id for t in design.electrical.transformers if t.id.startswith("t01-"))
    assert sorted(drawn) == expected                       # every transformer of the hall, once
    assert any(t.startswith("hall-02: continues on " + mine[0].number) for t in _texts(sheets[0].drawing))
    for s in sheets:
        _legible(s.drawing)
