"""Where the backup policy's equipment stands: the UPS room on free hall floor (or enclosures in the yard), the
standby generators, transfer switches and battery units in the yard, with their clearances; drawn on the
floor plan and in the DXF, the generators' pads priced once.

Kind: consistency check (the placement rule of retrofit.layout.backup_yard applied by the planner on the
small planning site, planned once by this folder's conftest, and the drawings read back).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from retrofit.layout.backup_yard import (NFPA37_OPENING_M, NFPA855_BUILDING_M, NFPA855_UNIT_M, Lineup, YardGroup,
                                         overlaps, place_groups, ups_room)
from retrofit.layout.placement import Placed
from retrofit.layout.yard import YardUnit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from drawing_text import labels, overlaps as label_overlaps  # noqa: E402

def test_lineups_fill_bands_first_fit_with_working_space_in_front():
    room = ups_room([Lineup("a", 9.0, 1.0), Lineup("b", 7.0, 1.5), Lineup("c", 5.0, 1.0), Lineup("d", 4.0, 1.0)], 1.2)
    assert room.bands == (("a", "c"), ("b", "d"))                 # 9 + 5 and 7 + 4 within 15 m
    assert room.width_m == pytest.approx(9.0 + 5.0 + 2 * 0.9)
    assert room.depth_m == pytest.approx((1.0 + 1.2) + (1.5 + 1.2))
    assert room.area_m2 == pytest.approx(room.width_m * room.depth_m)
    cabinets = {p.id: p for p in room.lineups}
    for ws in room.working_spaces:                                # NEC 110.26(A): 1.2 m clear in front, as wide
        lu = cabinets[ws.id.removesuffix("-working-space")]
        assert ws.y_m == pytest.approx(lu.y_m + lu.depth_m) and ws.depth_m == 1.2 and ws.width_m == lu.width_m
    assert overlaps(list(room.lineups) + list(room.working_spaces)) == []


def test_yard_groups_keep_their_clearances_and_do_not_overlap():
    existing = [Placed("tx-1", 5.0, -5.2, 2.4, 2.2, None, "transformer")]
    gens = YardGroup(tuple(YardUnit(f"g{i}", 12.0, 3.0, NFPA37_OPENING_M, "generator") for i in range(5)), 1.5)
    bess = YardGroup(tuple(YardUnit(f"b{i}", 9.1, 1.65, NFPA855_BUILDING_M, "bess") for i in range(3)), NFPA855_UNIT_M)
    yard = place_groups([gens, bess], 40.0, 20.0, "south", 20.0, start_m=5.2 + 3.0)
    assert overlaps(existing + yard) == []
    g = [p for p in yard if p.kind == "generator"]
    b = [p for p in yard if p.kind == "bess"]
    assert max(p.y_m + p.depth_m for p in g) <= -(8.2 + NFPA37_OPENING_M) + 1e-9   # beyond the pads' band
    rows = {round(p.y_m, 6) for p in g}
    assert len(rows) == 3                                          # 2 fit along 40 m (1.5 + 12 + 1.5 + 12 + 1.5)
    for row in rows:
        xs = sorted(p.x_m for p in g if round(p.y_m, 6) == row)
        assert all(b_ - a - 12.0 >= 1.5 - 1e-9 for a, b_ in zip(xs, xs[1:]))
    gap = min(p.y_m for p in g) - max(p.y_m + p.depth_m for p in b)
    assert gap >= NFPA37_OPENING_M + NFPA855_BUILDING_M - 1e-9
    xs = sorted(p.x_m for p in b)
    assert all(b_ - a - 9.1 >= NFPA855_UNIT_M - 1e-9 for a, b_ in zip(xs, xs[1:]))


def _rects(lay):
    return list(lay.racks) + list(lay.cdus) + list(lay.equipment) + list(lay.crahs) + [
        Placed(a.id, a.x_m, a.y_m, a.width_m, a.depth_m, None, a.kind) for a in lay.aisles]


def test_the_planner_places_the_room_and_the_yard_clear_of_everything(planned):
    backed = [(h, lay) for h, lay in planned.layout.items() if lay.backup]
    assert backed
    kinds = {p.kind for _, lay in backed for p in lay.backup}
    # the 13.8 kV plant's transfer equipment: MV paralleling switchgear, no 480 V ATS
    assert {"generator", "paralleling_switchgear"} <= kinds and "ats" not in kinds
    assert "ups_room" in kinds or "ups_enclosure" in kinds
    for hall_id, lay in backed:
        hall = next(h for h in planned.proposed.halls if h.id == hall_id)
        width = hall.width.to("m").magnitude
        outdoor = list(lay.outdoor)
        assert overlaps(outdoor) == []                            # coolers, pads and the backup yard
        room = [p for p in lay.backup if p.kind == "ups_room"]
        assert overlaps(_rects(lay) + room) == []                 # the room: clear of racks, CDUs, aisles, equipment
        summary = lay.backup_summary
        assert summary.hall == hall_id and summary.ups_room in ("indoor", "outdoor")
        assert summary.generators == sum(1 for p in lay.backup if p.kind == "generator")
        if room:
            assert summary.ups_room == "indoor" and summary.floor_taken_m2 == pytest.approx(room[0].width_m * room[0].depth_m, rel=1e-3)
            assert [o for o in hall.obstacles if o.id == "ups-room" and o.kind == "electrical_room"]
            inside = [p for p in lay.backup if p.kind in ("ups", "working_space")]
            r = room[0]
            assert all(r.x_m - 1e-6 <= p.x_m and p.x_m + p.width_m <= r.x_m + r.width_m + 1e-6 for p in inside)
        for p in lay.backup:
            if p.kind == "generator":                             # NFPA 37 4.1.4: 1.5 m from the hall wall
                assert p.y_m + p.depth_m <= -NFPA37_OPENING_M + 1e-9 or p.y_m >= width + NFPA37_OPENING_M - 1e-9
            if p.kind == "bess":
                assert p.y_m + p.depth_m <= -NFPA855_BUILDING_M + 1e-9 or p.y_m >= width + NFPA855_BUILDING_M - 1e-9
    gens = [p for _, lay in backed for p in lay.backup if p.kind == "generator"]
    assert len(gens) == len(planned.proposed.electrical.generators)
    assert any("backup yard outside the" in n for n in planned.notes)


def test_the_floor_plan_draws_and_labels_the_backup_equipment(planned):
    from retrofit.report.document import PlanDocument
    from retrofit.report.floorplan import MIN_FONT, floor_sheets
    hall_id = next(h for h, lay in planned.layout.items() if lay.backup)
    results = {"plan": {"layout": planned.layout}}
    sheets, drawn = floor_sheets(planned.proposed, hall_id, results, PlanDocument.drawing_size())
    assert drawn.backup
    texts = set()
    for s in sheets:
        items = labels(s.drawing)
        assert label_overlaps(items) == [], [(a.text, b.text) for a, b in label_overlaps(items)][:5]
        assert min(i.size for i in items) >= MIN_FONT
        texts |= {i.text for i in items}
    assert {"standby generator on sub-base tank", "MV paralleling and transfer switchgear"} <= texts
    assert any(t.startswith("standby-gen-1") or t.endswith("standby generators") for t in texts)


def test_the_dxf_puts_the_backup_equipment_on_its_layer(planned):
    ezdxf = pytest.importorskip("ezdxf")
    from retrofit.export.dxf_floorplan import floorplan_document
    hall_id = next(h for h, lay in planned.layout.items() if lay.backup)
    lay = planned.layout[hall_id]
    doc, _ = floorplan_document(planned.proposed, hall_id, {"plan": {"layout": planned.layout}}, ["Floor plan"])
    msp = doc.modelspace()
    ids = [e.get_xdata("RETROFIT")[0].value for e in msp.query("LWPOLYLINE[layer=='BACKUP']") if e.has_xdata("RETROFIT")]
    expected = [p.id for p in lay.backup if p.kind in ("generator", "ats", "paralleling_switchgear", "bess",
                                                        "ups_enclosure", "ups")]
    assert sorted(ids) == sorted(expected)
    assert "BACKUP" in {layer.dxf.name for layer in doc.layers} and ezdxf


def test_the_generator_pads_are_priced_once(planned):
    """One pad line, for as many generators as the estimate buys (the phases' generator lines)."""
    gens = [ln for ln in planned.cost.lines if ln.item == "standby generator (N+1)"]
    pads = [ln for ln in planned.cost.lines if ln.model == "pad-generator"]
    assert len(gens) == len(pads) == 1
    assert pads[0].quantity == gens[0].quantity > 0 and pads[0].category == "building and civil"
    # the phases together buy the generators of the final design, no more (an earlier phase's are not bought again)
    assert gens[0].quantity == len(planned.proposed.electrical.generators)


def test_the_floor_constraint_of_the_proposed_design_leaves_the_indoor_room_out(planned):
    import copy

    from retrofit.planning.sizing import size
    assert any(o.id == "ups-room" for h in planned.proposed.halls for o in h.obstacles)
    without = copy.deepcopy(planned.proposed)
    for h in without.halls:
        h.obstacles = [o for o in h.obstacles if o.id != "ups-room"]
    n_room = size(planned.proposed)["constraints"]["floor_area"]["max_racks"]
    n_free = size(without)["constraints"]["floor_area"]["max_racks"]
    assert 0 < n_room < n_free


def test_lineups_go_outdoors_when_the_pods_leave_no_wall_place(planned):
    import copy

    from retrofit.layout.geometry import Rect
    from retrofit.planning.yard_layout import backup_layout
    design = copy.deepcopy(planned.proposed)
    for h in design.halls:
        h.obstacles = [o for o in h.obstacles if o.id != "ups-room"]
    layouts = copy.deepcopy(planned.layout)
    for hall_id, lay in layouts.items():
        hall = next(h for h in design.halls if h.id == hall_id)
        lay.backup = []
        lay.outdoor = [p for p in lay.outdoor if p.kind in ("cooler", "transformer")]
        # the floor taken wall to wall (a full hall of pods)
        lay.aisles.append(Rect(0.0, 0.0, hall.length.to("m").magnitude, hall.width.to("m").magnitude, "full", "keep_out"))
    placed = backup_layout(layouts, design)
    rooms = [b for b in placed if b.lineups]
    assert rooms and {b.ups_room for b in rooms} == {"outdoor"} and all(b.floor_taken_m2 == 0 for b in rooms)
    assert sum(b.enclosures for b in rooms) >= 1
    assert not any(o.id == "ups-room" for h in design.halls for o in h.obstacles)
    for b in rooms:
        lay = layouts[b.hall]
        enclosures = [p for p in lay.outdoor if p.kind == "ups_enclosure"]
        assert len(enclosures) == b.enclosures and overlaps(list(lay.outdoor)) == []
        assert any("UPS lineups outdoors" in n for n in b.notes)


def test_busways_below_a_ups_lineup_keep_their_routes_on_the_floor_plan(planned):
    from retrofit.report.floor_layout import routed_floor_layout
    e = planned.proposed.electrical
    outputs = {u.to_bus: u.from_bus for u in e.ups}
    below = {b.id for b in e.busways if b.from_bus in outputs}
    assert below                                                  # the GPU racks' busways leave UPS output boards
    drawn = set()
    for hall in planned.proposed.halls:
        drawn |= {r["id"] for r in routed_floor_layout(planned.proposed, hall.id, {"plan": {"layout": planned.layout}}).routes}
    assert below <= drawn
