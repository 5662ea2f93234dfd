"""Rack placement: the rule, its exact capacity, and the geometric properties of every layout.

The pilot and Washington capacities are worked by hand from the placement rule (docs/layout.md):
rows 1.2 m deep on a 2.4 m pitch from y = 1.2 m, rows from x = 1 m to L - 1 m, 0.6 m racks.
"""
from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import retrofit
from retrofit.errors import OutOfRange
from retrofit.layout import AisleCriteria, Floor, RackSpec, Rect, max_racks, place
from retrofit.layout.geometry import EPS_M

ROOT = Path(__file__).resolve().parents[2]
GB300 = RackSpec(0.6, 1.2, 1360.0)
DEFAULT = AisleCriteria(1.2, 1.2, 1.2, 1.0)


@pytest.fixture(scope="module")
def pilot():
    return retrofit.load(ROOT / "examples" / "pilot-hall" / "design.yaml")


@pytest.fixture(scope="module")
def washington():
    return retrofit.load(ROOT / "examples" / "washington-18mw" / "site.yaml")


def _box(r):
    return (r.x_m, r.y_m, r.x_m + r.width_m, r.y_m + r.depth_m)


def _hits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Boolean matrix: box i of a overlaps box j of b (brute force in chunks, tolerance 1e-7 m)."""
    a, b = a.reshape(-1, 4), b.reshape(-1, 4)
    out = np.zeros((len(a), len(b)), dtype=bool)
    for s in range(0, len(a), 256):
        c = a[s:s + 256]
        out[s:s + 256] = ((c[:, None, 0] < b[None, :, 2] - 1e-7) & (b[None, :, 0] < c[:, None, 2] - 1e-7)
                          & (c[:, None, 1] < b[None, :, 3] - 1e-7) & (b[None, :, 1] < c[:, None, 3] - 1e-7))
    return out


def audit(layout, floor: Floor, a: AisleCriteria) -> list[str]:
    """Independent check of a layout: overlaps, obstacles, walls and aisles (brute force).

    A working space the layout itself reports as obstructed (a violation naming its equipment) is
    left out; everything else must be clear.
    """
    problems = []
    obstructed = {v.split(":")[0].removeprefix("equipment ") for v in layout.violations if v.startswith("equipment ")}
    items = ([("rack", r.id, _box(r)) for r in layout.racks] + [("cdu", c.id, _box(c)) for c in layout.cdus]
             + [("equipment", e.id, _box(e)) for e in layout.equipment]
             + [("working_space", w.id, _box(w)) for w in layout.working_spaces
                if w.id.removesuffix("-working-space") not in obstructed])
    names = [name for _, name, _ in items]
    kinds = np.array([kind for kind, _, _ in items])
    boxes = np.array([b for _, _, b in items], dtype=float).reshape(-1, 4)
    pairs = np.triu(_hits(boxes, boxes), k=1)
    problems += [f"{names[i]} overlaps {names[j]}" for i, j in zip(*np.nonzero(pairs))]
    obstacles = np.array([_box(o) for o in floor.obstacles], dtype=float).reshape(-1, 4)
    on_obstacle = _hits(boxes, obstacles)
    for i, j in zip(*np.nonzero(on_obstacle)):
        room = floor.obstacles[j]
        x0, y0, x1, y1 = boxes[i]
        inside_room = (room.kind == "electrical_room" and kinds[i] in ("equipment", "working_space")
                       and x0 >= room.x_m - 1e-7 and x1 <= room.x1_m + 1e-7 and y0 >= room.y_m - 1e-7
                       and y1 <= room.y1_m + 1e-7)
        if not inside_room:
            problems.append(f"{names[i]} overlaps {room.id}")
    p = a.perimeter_m
    for kind, name, (x0, y0, x1, y1) in items:
        if kind in ("rack", "cdu") and (x0 < p - 1e-7 or y0 < p - 1e-7 or x1 > floor.length_m - p + 1e-7
                                        or y1 > floor.width_m - p + 1e-7):
            problems.append(f"{name} in the perimeter walkway")
        if x0 < -1e-7 or y0 < -1e-7 or x1 > floor.length_m + 1e-7 or y1 > floor.width_m + 1e-7:
            problems.append(f"{name} outside the hall")
    if layout.racks:
        facing = {row.id: row.facing for row in layout.rows}
        racks = boxes[: len(layout.racks)]
        north = np.array([facing[r.row] == "north" for r in layout.racks])
        x0, y0, x1, y1 = racks.T
        below = np.where(north, a.hot_aisle_m, a.cold_aisle_m)
        above = np.where(north, a.cold_aisle_m, a.hot_aisle_m)
        strips = np.vstack([np.column_stack([x0, y0 - below, x1, y0]), np.column_stack([x0, y1, x1, y1 + above])])
        blocked = _hits(strips, np.vstack([boxes, obstacles])).any(axis=1)
        blocked |= (strips[:, 1] < -1e-7) | (strips[:, 3] > floor.width_m + 1e-7)
        n = len(layout.racks)
        for i in np.nonzero(blocked)[0]:
            problems.append(f"{layout.racks[i % n].id}: aisle {'below' if i < n else 'above'} is not clear")
    return problems


# ------------------------------------------------------------------------------------------------
# the two example halls


def test_pilot_hall_capacity_worked_by_hand(pilot):
    # 9 row lines (y = 1.2 + 2.4 k <= 22.6); 63 racks in 38 m; the two columns at y = 12.5-12.9 sit in
    # the cold aisle of lines 5 and 6 and split them into 12.3 + 12.9 + 12.0 m: 20 + 21 + 20 racks.
    hall, criteria = pilot.halls[0], pilot.goal.criteria
    assert max_racks(hall, GB300, criteria) == 7 * 63 + 2 * 61 == 563
    # every CDU site costs 2 rack positions (slack 0.2-0.3 m < 1.2 m): n + 2 ceil(n / 12) <= 563
    assert max_racks(hall, GB300, criteria, racks_per_cdu=12) == 481


def test_pilot_hall_layout(pilot):
    hall, criteria = pilot.halls[0], pilot.goal.criteria
    equipment = [("swbd-a", 2.4, 0.9), ("swbd-b", 2.4, 0.9)]
    n = max_racks(hall, GB300, criteria, racks_per_cdu=12, electrical_equipment=equipment)
    lay = place(hall, GB300, n, criteria, n_cdus=math.ceil(n / 12), electrical_equipment=equipment,
                cdu_mass_kg=2000.0)
    assert len(lay.racks) == n and lay.violations == []
    assert audit(lay, lay_floor(hall), DEFAULT) == []
    rows = {r.id: r for r in lay.rows}
    assert {"row-05a", "row-05b", "row-05c", "row-06a", "row-06b", "row-06c"} <= set(rows)
    assert rows["row-05a"].x1_m <= 13.3 + 1e-9 and rows["row-05b"].x0_m >= 13.7 - 1e-9
    assert [r.facing for r in lay.rows[:2]] == ["north", "south"]
    assert {e.id for e in lay.equipment} == {"swbd-a", "swbd-b"}
    assert all(w.depth_m == pytest.approx(1.2) for w in lay.working_spaces)
    # slab: 1360 kg over 0.6 x (1.2 + 0.6 + 0.6) m = 9.26 kPa < 12 kPa; the CDU 2000 kg over 1.44 m2 is not
    assert lay.slab.ok and lay.slab.load_kpa == pytest.approx(1360 * 9.80665 / 1.44 / 1000)
    assert not lay.slab.cdu_ok
    r = lay.rows[0]
    assert lay.run_lengths_m[f"tcs_header/{r.id}"] == pytest.approx(r.x1_m - r.x0_m)
    assert lay.run_lengths_m[f"tcs_branch/{r.id}"] == pytest.approx(6.0 + 0.6)
    assert lay.run_lengths_m["tcs_branch_total"] == pytest.approx(6.6 * n)
    assert set(k.split("/")[0] for k in lay.run_lengths_m if "/" in k) == {
        "tcs_header", "tcs_branch", "cdu_to_row", "electrical_to_row"}


def lay_floor(hall):
    from retrofit.layout import floor_from_hall

    return floor_from_hall(hall)


def test_pilot_hall_twelve_racks_stay_together(pilot):
    hall, criteria = pilot.halls[0], pilot.goal.criteria
    lay = place(hall, GB300, 12, criteria, n_cdus=2)
    assert [r.id for r in lay.rows] == ["row-01a"]
    row = lay.rows[0]
    # west CDU, 12 racks, east CDU, packed without gaps from the west walkway
    assert row.x0_m == pytest.approx(1.0) and row.x1_m == pytest.approx(1.0 + 1.2 + 12 * 0.6 + 1.2)
    assert sorted(c.x_m for c in lay.cdus) == pytest.approx([1.0, 1.0 + 1.2 + 7.2])


def test_washington_hall_capacity_worked_by_hand(washington):
    # 20 row lines; lines 1-5 start past the 12 m MV room and its 1 m walkway (166 m: 276 racks); lines 7, 8,
    # 13, 14 are split by the column lines at y = 16.7 and 33.3 (48 + 4 x 49 + 47 = 291); 11 full lines
    # of 178 m hold 296.
    hall, criteria = washington.halls[0], washington.goal.criteria
    assert max_racks(hall, GB300, criteria) == 5 * 276 + 4 * 291 + 11 * 296 == 5800


def test_washington_hall_layout_with_equipment_in_the_mv_room(washington):
    hall, criteria = washington.halls[0], washington.goal.criteria
    equipment = [(f"sb{i}", 2.4, 1.0) for i in range(1, 9)]
    n = max_racks(hall, GB300, criteria, racks_per_cdu=14, electrical_equipment=equipment)
    assert n == max_racks(hall, GB300, criteria, racks_per_cdu=14)   # the room holds the switchboards
    lay = place(hall, GB300, n, criteria, n_cdus=math.ceil(n / 14), electrical_equipment=equipment)
    assert len(lay.racks) == n and lay.violations == []
    room = next(o for o in lay_floor(hall).obstacles if o.id == "mv-room")
    assert all(room.x_m <= e.x_m and e.x_m + e.width_m <= room.x_m + room.width_m + 1e-9 for e in lay.equipment)
    problems = audit(lay, lay_floor(hall), DEFAULT)
    # the switchboards stand inside the room, which is itself an obstacle to racks
    assert [p for p in problems if "mv-room" not in p] == []


def test_exact_maximum_on_the_examples(pilot, washington):
    for design in (pilot, washington):
        hall, criteria = design.halls[0], design.goal.criteria
        for rpc in (None, 8, 13):
            n = max_racks(hall, GB300, criteria, racks_per_cdu=rpc)
            k = 0 if rpc is None else math.ceil(n / rpc)
            k1 = 0 if rpc is None else math.ceil((n + 1) / rpc)
            assert len(place(hall, GB300, n, criteria, n_cdus=k).racks) == n
            over = place(hall, GB300, n + 1, criteria, n_cdus=k1)
            assert over.violations and len(over.racks) <= n


# ------------------------------------------------------------------------------------------------
# rules


def test_count_per_row_max_splits_rows_with_a_walkway():
    floor = Floor("h", 20.0, 6.0, 5.0, 12e3)
    lay = place(floor, RackSpec(0.6, 1.2, 1000.0, count_per_row_max=10), 20, DEFAULT)
    first = [r for r in lay.rows if r.y_m == pytest.approx(1.2)]
    assert [len(r.rack_ids) for r in first] == [10, 10]
    assert first[1].x0_m - first[0].x1_m == pytest.approx(1.0)


def test_a_column_in_an_aisle_removes_racks_on_both_sides():
    floor = Floor("h", 12.0, 7.2, 5.0, 12e3, (Rect(5.0, 2.6, 0.4, 0.4, "c1", "column"),))
    lay = place(floor, GB300, max_racks(floor, GB300, DEFAULT), DEFAULT)
    assert audit(lay, floor, DEFAULT) == []
    for row in lay.rows:
        assert row.x1_m <= 5.0 + 1e-9 or row.x0_m >= 5.4 - 1e-9


def test_obstacles_keep_a_walkway_at_row_ends_columns_do_not():
    floor = Floor("h", 20.0, 4.8, 5.0, 12e3, (Rect(8.0, 1.0, 2.0, 2.0, "tank", "obstacle"),))
    rows = place(floor, GB300, max_racks(floor, GB300, DEFAULT), DEFAULT).rows
    assert rows[0].x1_m <= 7.0 + 1e-9 and rows[1].x0_m == pytest.approx(11.0)


def test_cdu_wider_than_rack_depth_is_turned_and_too_large_is_refused():
    lay = place(Floor("h", 12.0, 6.0, 5.0, 12e3), GB300, 4, DEFAULT, n_cdus=1, cdu_size_m=(0.8, 1.5))
    assert (lay.cdus[0].width_m, lay.cdus[0].depth_m) == (1.5, 0.8)
    with pytest.raises(OutOfRange):
        place(Floor("h", 12.0, 6.0, 5.0, 12e3), GB300, 4, DEFAULT, n_cdus=1, cdu_size_m=(1.5, 1.5))


def test_cdu_in_the_slack_costs_no_rack():
    # 10.5 m of row: 17 racks and 0.3 m spare; a 0.3 m CDU stands in the spare length
    floor = Floor("h", 12.5, 3.6, 5.0, 12e3)
    assert max_racks(floor, GB300, DEFAULT) == 17
    assert max_racks(floor, GB300, DEFAULT, racks_per_cdu=17, cdu_size_m=(0.3, 1.0)) == 17
    assert max_racks(floor, GB300, DEFAULT, racks_per_cdu=8, cdu_size_m=(0.3, 1.0)) == 16


def test_equipment_without_room_for_working_space_is_reported():
    floor = Floor("h", 6.0, 3.0, 5.0, 12e3)
    lay = place(floor, GB300, 0, DEFAULT, electrical_equipment=[("swbd", 2.0, 1.0, 2.5)])
    assert any("required" in v for v in lay.violations)
    low = Floor("h", 20.0, 10.0, 1.9, 12e3)
    low_layout = place(low, GB300, 0, DEFAULT, electrical_equipment=[("p", 1, 0.5)])
    assert any("110.26(A)(3)" in v for v in low_layout.violations)


def test_bad_inputs_raise():
    with pytest.raises(OutOfRange):
        RackSpec(0.0, 1.2, 1000.0)
    with pytest.raises(OutOfRange):
        place(Floor("h", 10.0, 10.0, 5.0, 12e3), GB300, -1, DEFAULT)
    with pytest.raises(OutOfRange):
        max_racks(Floor("h", 10.0, 10.0, 5.0, 12e3), GB300, DEFAULT, racks_per_cdu=0)
    with pytest.raises(OutOfRange):
        place(Floor("h", 10.0, 10.0, 5.0, 12e3), GB300, 1, DEFAULT, electrical_equipment=[("x", 1.0)])


def test_too_small_hall_holds_nothing():
    floor = Floor("h", 3.0, 3.0, 5.0, 12e3)
    assert max_racks(floor, GB300, DEFAULT) == 0
    lay = place(floor, GB300, 1, DEFAULT, n_cdus=1)
    assert lay.racks == [] and len(lay.violations) == 2


def test_campus_of_2500_racks_places_in_well_under_a_few_seconds():
    halls = [Floor(f"hall-{i}", 180.0, 50.0, 7.0, 12e3,
                   tuple(Rect(x, y, 0.5, 0.5, f"c{i}-{x:g}-{y:g}", "column")
                         for x in (30.0, 60.0, 90.0, 120.0, 150.0) for y in (16.7, 33.3)))
             for i in range(4)]
    equipment = [(f"swbd-{j}", 2.4, 1.0) for j in range(12)]
    start = time.perf_counter()
    placed = 0
    for floor in halls:
        n = min(625, max_racks(floor, GB300, DEFAULT, racks_per_cdu=14, electrical_equipment=equipment))
        lay = place(floor, GB300, n, DEFAULT, n_cdus=math.ceil(n / 14), electrical_equipment=equipment)
        placed += len(lay.racks)
    elapsed = time.perf_counter() - start
    assert placed == 2500
    assert elapsed < 2.0, f"{elapsed:.2f} s"


# ------------------------------------------------------------------------------------------------
# properties


@st.composite
def scenes(draw):
    length = draw(st.floats(6.0, 40.0))
    width = draw(st.floats(4.0, 25.0))
    obstacles = []
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["column", "obstacle", "door", "electrical_room", "keep_out"]))
        w = draw(st.floats(0.2, 6.0))
        d = draw(st.floats(0.2, 6.0))
        x = draw(st.floats(0.0, max(0.0, length - w)))
        y = draw(st.floats(0.0, max(0.0, width - d)))
        obstacles.append(Rect(x, y, w, d, f"o{i}", kind))
    floor = Floor("h", length, width, draw(st.floats(2.5, 8.0)), 12e3,
                  tuple(sorted(obstacles, key=lambda r: (r.y_m, r.x_m, r.id))))
    rack = RackSpec(draw(st.floats(0.4, 1.2)), draw(st.floats(0.8, 1.4)), 1000.0,
                    draw(st.one_of(st.none(), st.integers(1, 30))))
    aisles = AisleCriteria(draw(st.floats(0.9, 2.0)), draw(st.floats(0.9, 2.0)), draw(st.floats(0.9, 1.8)),
                           draw(st.floats(0.6, 1.5)))
    cdu = (draw(st.floats(0.3, 1.5)), draw(st.floats(0.3, rack.depth_m)))
    equipment = [(f"e{i}", draw(st.floats(0.4, 3.0)), draw(st.floats(0.3, 1.2)))
                 for i in range(draw(st.integers(0, 3)))]
    rpc = draw(st.one_of(st.none(), st.integers(1, 20)))
    fraction = draw(st.floats(0.0, 1.0))
    return floor, rack, aisles, cdu, equipment, rpc, fraction


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenes())
def test_layouts_are_clear_and_the_maximum_is_exact(scene):
    floor, rack, aisles, cdu, equipment, rpc, fraction = scene
    n = max_racks(floor, rack, aisles, cdu_size_m=cdu, racks_per_cdu=rpc, electrical_equipment=equipment)
    k = 0 if rpc is None else math.ceil(n / rpc)
    full = place(floor, rack, n, aisles, n_cdus=k, cdu_size_m=cdu, electrical_equipment=equipment)
    assert len(full.racks) == n and len(full.cdus) == k
    assert not [v for v in full.violations if "racks asked" in v or "CDUs asked" in v]
    assert audit(full, floor, aisles) == []
    k1 = 0 if rpc is None else math.ceil((n + 1) / rpc)
    over = place(floor, rack, n + 1, aisles, n_cdus=k1, cdu_size_m=cdu, electrical_equipment=equipment)
    assert over.violations    # too many racks, or more CDUs than the row ends hold
    part = int(fraction * n)
    kp = 0 if rpc is None else math.ceil(part / rpc)
    some = place(floor, rack, part, aisles, n_cdus=kp, cdu_size_m=cdu, electrical_equipment=equipment)
    assert len(some.racks) == part and len(some.cdus) == kp
    assert audit(some, floor, aisles) == []
    assert len({r.id for r in some.racks}) == part
    for row in some.rows:
        assert row.x0_m >= aisles.perimeter_m - EPS_M


@settings(max_examples=40, deadline=None)
@given(scenes())
def test_placement_is_deterministic(scene):
    floor, rack, aisles, cdu, equipment, rpc, _ = scene
    n = max_racks(floor, rack, aisles, cdu_size_m=cdu, racks_per_cdu=rpc, electrical_equipment=equipment)
    k = 0 if rpc is None else math.ceil(n / rpc)
    a = place(floor, rack, n, aisles, n_cdus=k, cdu_size_m=cdu, electrical_equipment=equipment)
    b = place(floor, rack, n, aisles, n_cdus=k, cdu_size_m=cdu, electrical_equipment=equipment)
    assert a == b


def test_racks_gather_in_pods_in_front_of_the_switchboards(washington):
    # 20 switchboards 2.4 m wide: 10 in the 12 m MV room, 10 along the south wall from x = 12 m to 36 m.
    # The rows nearest the line-up fill first, both rows of a pod together (line 1, whose partner line 0 is
    # blocked by the switchboards' working space, is left empty): 126 racks and 11 CDUs take 8 segments
    # within x <= 38 m and y <= 20 m, not a 110 m run along the south wall.
    hall, criteria = washington.halls[0], washington.goal.criteria
    equipment = [(f"swbd-{i}", 2.4, 1.0) for i in range(1, 21)]
    lay = place(hall, RackSpec(0.6, 1.2, 1360.0, count_per_row_max=20), 126, criteria, n_cdus=11,
                electrical_equipment=equipment)
    assert len(lay.racks) == 126 and len(lay.cdus) == 11 and lay.violations == []
    assert max(r.x_m + r.width_m for r in lay.racks + lay.cdus) <= 38.0 + 1e-9
    assert max(r.y_m + r.depth_m for r in lay.racks + lay.cdus) <= 20.0 + 1e-9
    line = {r.id: int(r.id[4:6]) - 1 for r in lay.rows}
    for r in lay.rows:      # every row has the other row of its pod beside it (the last one may be part-filled)
        assert any(line[o.id] == line[r.id] ^ 1 and min(o.x1_m, r.x1_m) - max(o.x0_m, r.x0_m) > 0
                   for o in lay.rows), r.id
    assert audit(lay, lay_floor(hall), DEFAULT) == []
    # a pod: a south-facing row and the north-facing row behind it, backs across the hot aisle
    rows = {r.id: r for r in lay.rows}
    assert rows["row-03a"].facing == "south" and rows["row-04a"].facing == "north"
    assert rows["row-04a"].y_m - (rows["row-03a"].y_m + 1.2) == pytest.approx(DEFAULT.hot_aisle_m)
