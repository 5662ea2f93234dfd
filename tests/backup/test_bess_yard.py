"""The smoothing BESS's MV connection in the yard and on the one-line: its step-up transformers and collector
lineups placed by rule beside its battery units (oil-filled pad-mounts kept from the hall, door clearances,
the NEC 110.34(A) working space), counted in the yard's area, drawn on the floor plan, in the DXF and on the
one-line, their pads priced once.

Kind: consistency check (the placement rule of retrofit.layout.backup_yard applied by the planner on the small
planning site on a weak service, which gets one smoothing BESS unit, and the drawings read back).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from retrofit.layout.backup_yard import NFPA855_BUILDING_M, YardGroup, overlaps, place_groups, wall_distance
from retrofit.layout.transformer_separation import building_separation_m

OIL_25FT_M = building_separation_m(650.0)
"""The separation of a 500-5,000 gal mineral-oil unit (25 ft): the band of the catalog's step-ups."""
from retrofit.layout.yard import PAD_FRONT_CLEARANCE_M, PAD_GAP_M, YardUnit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planning"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from drawing_text import labels, overlaps as label_overlaps  # noqa: E402
from planning_paths import PANTHER, SMALL  # noqa: E402


@pytest.fixture(scope="module")
def weak():
    """The small site on a 20 MVA service: the lockstep swing needs one smoothing BESS unit (about 1 s)."""
    from retrofit.io.load import load
    from retrofit.planning import plan
    from retrofit.units import Q_
    site = load(SMALL)
    site.utility.sk = Q_(20, "MVA")
    return plan(site)


def _step_up_separation(design) -> float:
    """The largest fire separation among the design's BESS step-ups, by the rule of the hall pads [m]."""
    from retrofit.catalog import load_catalog
    from retrofit.layout.transformer_separation import liquid_fill
    from retrofit.planning.bess_collector import size_bess_collector
    from retrofit.units import parse_quantity
    catalog = load_catalog()
    out = 0.0
    for b in design.electrical.bess:
        c = size_bess_collector(design, b, catalog)
        if c.transformer is not None:
            rating = catalog.get(c.transformer, "transformer").data["rating"]
            out = max(out, liquid_fill(catalog, parse_quantity(rating, "apparent power").to("kVA").magnitude).separation_m)
    return out


def _yard(result):
    (hall_id, lay), = [(h, lay) for h, lay in result.layout.items() if lay.backup_summary is not None]
    hall = next(h for h in result.proposed.halls if h.id == hall_id)
    return hall_id, hall, lay


def test_a_transformer_group_keeps_its_distance_from_the_building():
    tx = YardGroup(tuple(YardUnit(f"t{i}", 3.0, 2.8, PAD_FRONT_CLEARANCE_M, "bess_step_up") for i in range(4)),
                   PAD_GAP_M, OIL_25FT_M)
    alone = place_groups([tx], 40.0, 20.0, "south", 20.0)
    assert min(wall_distance(p, "south", 20.0) for p in alone) == pytest.approx(OIL_25FT_M)
    # beyond a group that already keeps it further away, the rows' own clearances decide
    bess = YardGroup(tuple(YardUnit(f"b{i}", 9.1, 1.65, NFPA855_BUILDING_M, "bess") for i in range(8)), 0.9)
    yard = place_groups([bess, tx], 40.0, 20.0, "north", 20.0)
    t = [p for p in yard if p.kind == "bess_step_up"]
    b = [p for p in yard if p.kind == "bess"]
    assert min(wall_distance(p, "north", 20.0) for p in t) >= OIL_25FT_M
    assert min(p.y_m for p in t) - max(p.y_m + p.depth_m for p in b) == pytest.approx(NFPA855_BUILDING_M + PAD_FRONT_CLEARANCE_M)
    assert overlaps(yard) == []


def test_the_planner_places_the_step_ups_and_the_collector_by_rule(weak):
    from retrofit.catalog import load_catalog
    from retrofit.layout.clearances import voltage_to_ground, working_space_depth
    from retrofit.planning.bess_collector import size_bess_collector
    hall_id, hall, lay = _yard(weak)
    width = hall.width.to("m").magnitude
    (bess,) = weak.proposed.electrical.bess
    sized = size_bess_collector(weak.proposed, bess, load_catalog())
    s = lay.backup_summary
    units = [p for p in lay.backup if p.kind == "bess"]
    tx = [p for p in lay.backup if p.kind == "bess_step_up"]
    sw = [p for p in lay.backup if p.kind == "bess_collector"]
    # the counts the bill of materials prices
    assert len(units) == s.smoothing_units == bess.count
    assert len(tx) == s.step_up_transformers == sized.transformers >= 1
    assert len(sw) == s.collector_lineups == sized.lineups >= 1
    assert overlaps(list(lay.outdoor)) == [] and lay.violations == []
    side = s.yard_side
    assert all(p in lay.outdoor for p in tx + sw)
    # oil-filled pad-mounts away from the hall; the doors' clearance and the working space held between rows
    from retrofit.layout.transformer_separation import liquid_fill
    from retrofit.units import parse_quantity
    catalog = load_catalog()
    kva = parse_quantity(catalog.get(sized.transformer, "transformer").data["rating"], "apparent power").to("kVA").magnitude
    assert min(wall_distance(p, side, width) for p in tx) >= liquid_fill(catalog, kva).separation_m - 1e-9
    row_gap = min(p.y_m for p in tx) - max(p.y_m + p.depth_m for p in units) if side == "north" else \
        min(p.y_m for p in units) - max(p.y_m + p.depth_m for p in tx)
    assert row_gap >= NFPA855_BUILDING_M + PAD_FRONT_CLEARANCE_M - 1e-9
    working = working_space_depth(voltage_to_ground(sized.bus_voltage_v, "wye_3w"), 3)[0]
    gap = min(p.y_m for p in sw) - max(p.y_m + p.depth_m for p in tx) if side == "north" else \
        min(p.y_m for p in tx) - max(p.y_m + p.depth_m for p in sw)
    assert gap >= PAD_FRONT_CLEARANCE_M + working - 1e-9
    # area and depth counted
    assert s.yard_m2 == pytest.approx(sum(p.width_m * p.depth_m for p in units + tx + sw), abs=0.01)
    assert s.yard_depth_m == pytest.approx(max(wall_distance(p, side, width) + p.depth_m for p in units + tx + sw), abs=0.01)
    (block,) = s.collectors
    assert (block.transformers, block.lineups, block.feeders, block.transformer) == (
        sized.transformers, sized.lineups, sized.feeders, sized.transformer)
    assert set(block.ids) == {p.id for p in tx + sw}


def test_the_step_up_pads_are_priced_once(weak):
    """The step-up transformers are bill-of-materials transformers, so the pad line counts them; the yard
    layout adds no cost line of its own."""
    s = _yard(weak)[2].backup_summary
    transformers = sum(ln.quantity for ln in weak.cost.lines if ln.item == "transformer")
    pads = [ln for ln in weak.cost.lines if ln.model == "pad-transformer"]
    assert len(pads) == 1 and pads[0].quantity == transformers >= s.step_up_transformers
    assert not [ln for ln in weak.cost.lines if "bess_step_up" in (ln.model or "") or "collector-" in (ln.model or "")]


def test_the_floor_plan_and_the_dxf_draw_them(weak):
    ezdxf = pytest.importorskip("ezdxf")
    from retrofit.export.dxf_floorplan import floorplan_document
    from retrofit.report.document import PlanDocument
    from retrofit.report.floorplan import MIN_FONT, floor_sheets
    hall_id, _, lay = _yard(weak)
    results = {"plan": {"layout": weak.layout}}
    sheets, drawn = floor_sheets(weak.proposed, hall_id, results, PlanDocument.drawing_size())
    assert {"bess_step_up", "bess_collector"} <= {o["kind"] for o in drawn.outdoor}
    texts = set()
    for sheet in sheets:
        items = labels(sheet.drawing)
        assert label_overlaps(items) == []
        assert min(i.size for i in items) >= MIN_FONT
        texts |= {i.text for i in items}
    assert {"BESS step-up transformer", "BESS MV collector lineup"} <= texts
    doc, _ = floorplan_document(weak.proposed, hall_id, results, ["Floor plan"])
    ids = {e.get_xdata("RETROFIT")[0].value for e in doc.modelspace().query("LWPOLYLINE[layer=='BACKUP']")
           if e.has_xdata("RETROFIT")}
    assert {p.id for p in lay.backup if p.kind in ("bess_step_up", "bess_collector")} <= ids and ezdxf


def test_the_one_line_shows_how_the_bess_connects(weak):
    from reportlab.graphics.shapes import Group, String

    from retrofit.report.document import PlanDocument
    from retrofit.report.floor_layout import hall_layout_dict
    from retrofit.report.oneline import oneline_sheets

    def texts(node):
        if isinstance(node, String):
            yield node.text
        for child in getattr(node, "contents", []) if isinstance(node, Group) or hasattr(node, "contents") else []:
            yield from texts(child)

    block = _yard(weak)[2].backup_summary.collectors[0]
    results = {"plan": {"layout": {h: hall_layout_dict(v) for h, v in weak.layout.items()}}}
    found = " ".join(t for s in oneline_sheets(weak.proposed, results, PlanDocument.drawing_size())
                     for t in texts(s.drawing))
    assert f"{block.transformers} x {block.transformer_kva:,.0f} kVA step-up 13.8/0.48 kV" in found
    assert f"collector: {block.lineups} x {block.bus_rating_a:,.0f} A lineup" in found
    assert f"main {block.breaker_a:,.0f} A / {block.breaker_ka:g} kA" in found
    # without the plan's yard record the BESS is drawn as before, a source on its bus
    bare = " ".join(t for s in oneline_sheets(weak.proposed, {}, PlanDocument.drawing_size()) for t in texts(s.drawing))
    assert "smoothing-bess" in bare and "step-up" not in bare


@pytest.mark.slow
def test_panther_creeks_yard_still_fits_beside_its_coolers_and_pads():
    """Panther Creek's 31 units, 16 step-ups and collector lineup stand clear of everything outside hall-01
    (about 20 s of CPU: the campus is planned)."""
    from retrofit.io.load import load
    from retrofit.planning import plan
    result = plan(load(PANTHER))
    hall_id, hall, lay = _yard(result)
    s = lay.backup_summary
    assert (s.smoothing_units, s.step_up_transformers, s.collector_lineups) == (31, 16, 1)
    assert overlaps(list(lay.outdoor)) == [] and not [v for v in lay.violations if "overlap" in v]
    width = hall.width.to("m").magnitude
    tx = [p for p in lay.backup if p.kind == "bess_step_up"]
    assert min(wall_distance(p, s.yard_side, width) for p in tx) >= _step_up_separation(result.proposed) - 1e-9
    length = hall.length.to("m").magnitude
    assert all(0.0 <= p.x_m and p.x_m + p.width_m <= length + 1e-9 for p in lay.backup if p in lay.outdoor)


def test_the_floor_plans_section_states_what_the_yard_holds_and_how_far_it_reaches(weak):
    from types import SimpleNamespace

    from retrofit.report.floor_layout import hall_layout_dict
    from retrofit.report.sections import _layout_checks
    hall_id, _, lay = _yard(weak)
    ctx = SimpleNamespace(results={"plan": {"layout": {h: hall_layout_dict(v) for h, v in weak.layout.items()}}})
    (row,) = [v for k, v in _layout_checks(ctx, hall_id) if k == "Backup yard"]
    s = lay.backup_summary
    assert row.startswith(f"outside the {s.yard_side} wall: 1 smoothing BESS unit, 1 BESS step-up transformer, "
                          "1 BESS collector lineup; ")
    assert f"{s.yard_depth_m:.1f} m beyond the wall" in row
