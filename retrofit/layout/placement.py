"""Rack placement: pods of two rows around a contained hot aisle, CDUs at row ends, equipment along a wall.

The placement rule (``docs/layout.md`` draws it):

- **Rows run along x** (the hall length). Row lines are stacked from the south wall in **pods**: the
  first row of a pod faces south, the second faces north, their backs across a **hot aisle** that is
  contained (closed at the ends and roofed, so the pod's exhaust goes to the return and not into the
  room); pods face each other across **cold aisles**. The strip between the south wall and the first
  row's front is max(perimeter walkway, cold aisle); the strip between the last row and the north wall
  is max(perimeter, cold aisle) in front of a row, or max(perimeter, hot aisle) behind a lone last row.
  Row lines are added while they fit.
- **A row line is split around obstacles.** A rack position is lost wherever a column, obstacle, door,
  electrical room, keep-out zone or equipment working-space zone overlaps the rack *or either aisle
  beside it* (so aisles keep their full width wherever racks face them). Columns block only their
  own width along the row; other obstacles block their width plus a perimeter walkway at each side,
  so a row ends a walkway short of a room or a door. Rows keep a perimeter walkway from the west and
  east walls, and a row longer than ``count_per_row_max`` racks is split with a walkway-wide cross
  aisle.
- **Segments are filled nearest the electrical equipment first** (:func:`_fill_order`): the cost of
  a segment is the sum of the rectilinear distances from the front of each placed switchboard to the
  segment's nearer end on its pod's centreline, so the racks gather in a compact block of pods in
  front of the line-up and the busway runs stay short; both rows of a pod cost the same and fill
  together. Without equipment, segments fill south to north, west to east.
- **Racks** fill each row segment from its west end (after any west-end CDUs), with no gap. What
  stands in a segment is packed without gaps: west-end CDUs, racks, east-end CDUs, so a part-filled
  row ends with its CDU.
- **CDUs stand at row ends**, in the row line, their back flush with the racks' backs. A CDU first
  uses the slack left at the east end of a segment (the length short of one more rack), displacing
  ``c1 = ceil((w_cdu - slack) / w_rack)`` racks (0 when the slack holds it); further CDUs in the same
  segment alternate west end, east end and take ``q = ceil(w_cdu / w_rack)`` rack positions each. The
  CDUs go to the cheapest such sites of the whole hall (fewest racks displaced; among equal costs the
  first CDU of every segment before the second of any, then in fill order).
  Because each segment's costs never decrease (c1 <= q), taking the cheapest k sites is optimal for
  this rule, and the floor capacity with k CDUs is exactly (rack positions) - (sum of the k cheapest
  costs). :func:`max_racks` evaluates that for every k at once.
- **Electrical equipment** goes into an electrical room when one holds it, else along the south (then
  north) wall, each item with its NEC 110.26 working space (:mod:`retrofit.layout.equipment`); the
  zones are placed first and the rows avoid them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import OutOfRange
from .clearances import AisleCriteria, aisle_criteria
from .equipment import EquipmentLayout, equipment_items, place_equipment
from .geometry import EPS_M, Floor, Rect, floor_from_hall, free_intervals
from .runs import run_lengths
from .slab import SlabCheck, rack_slab_check

if TYPE_CHECKING:
    from .backup_yard import BackupPlacement


@dataclass(frozen=True)
class RackSpec:
    """The rack to place.

    Attributes
    ----------
    width_m : float
        Width along the row [m].
    depth_m : float
        Depth across the row [m].
    mass_kg : float
        Operating (filled) mass [kg].
    count_per_row_max : int or None
        Most racks in a row between cross aisles (None: no limit) [-].
    """

    width_m: float
    depth_m: float
    mass_kg: float
    count_per_row_max: int | None = None

    def __post_init__(self):
        for name in ("width_m", "depth_m", "mass_kg"):
            value = getattr(self, name)
            if isinstance(value, bool) or not math.isfinite(value) or value <= 0:
                raise OutOfRange(f"rack {name} must be a positive number, found {value!r}")
        if self.count_per_row_max is not None and self.count_per_row_max < 1:
            raise OutOfRange(f"count_per_row_max must be at least 1, found {self.count_per_row_max!r}")


@dataclass
class Placed:
    """A rack, CDU or piece of equipment on the floor (south-west corner and extents).

    Attributes
    ----------
    id : str
        Id [-].
    x_m, y_m : float
        South-west corner [m].
    width_m : float
        Extent along x [m].
    depth_m : float
        Extent along y [m].
    row : str or None
        Row id (None for equipment) [-].
    kind : str
        ``rack``, ``cdu`` or ``equipment`` [-].
    """

    id: str
    x_m: float
    y_m: float
    width_m: float
    depth_m: float
    row: str | None
    kind: str

    def rect(self) -> Rect:
        """Its footprint as a :class:`Rect` [m]."""
        return Rect(self.x_m, self.y_m, self.width_m, self.depth_m, self.id, self.kind)


@dataclass
class Row:
    """A row segment: racks (and CDUs) side by side between walkways or obstacles.

    Attributes
    ----------
    id : str
        ``row-<line><letter>``: line number from the south, letter per segment from the west [-].
    y_m : float
        South edge of the row [m].
    x0_m, x1_m : float
        West and east ends of what stands in it [m].
    rack_ids : list of str
        Racks, west to east [-].
    facing : str
        ``north`` or ``south``: the side of the rack fronts (the cold aisle) [-].
    cdu_ids : list of str
        CDUs at its ends [-].
    depth_m : float
        Rack depth [m].
    """

    id: str
    y_m: float
    x0_m: float
    x1_m: float
    rack_ids: list[str]
    facing: str
    cdu_ids: list[str] = field(default_factory=list)
    depth_m: float = 0.0

    @property
    def length_m(self) -> float:
        """x1 - x0 [m]."""
        return self.x1_m - self.x0_m


@dataclass
class HallLayout:
    """The placed hall.

    Attributes
    ----------
    hall : str
        Hall id [-].
    rows : list of Row
        Row segments with something in them [-].
    racks, cdus, equipment : list of Placed
        What stands on the floor [-].
    aisles : list of Rect
        Cold and hot aisles between row lines (kind ``cold_aisle`` / ``hot_aisle``) [m].
    violations : list of str
        What was asked and could not be met [-].
    slab : SlabCheck
        Worst floor load against the slab rating [kPa].
    run_lengths_m : dict of str to float
        Busway, TCS header and branch lengths per row, CDU and electrical-zone distances to each row,
        and their totals (see :func:`retrofit.layout.runs.run_lengths`) [m].
    working_spaces : list of Rect
        Working space in front of each piece of equipment [m].
    capacity : int
        Racks the floor holds with the CDUs asked for [-].
    outdoor : list of Placed
        Yard coolers and transformer pads outside the hall walls (kinds ``cooler``, ``transformer``),
        set by the planner once their counts are known (:mod:`retrofit.layout.yard`) [m].
    crahs : list of Placed
        CRAHs against the walls [m].
    runs : list of RoutedRun
        Facility mains and MV cables with their routes, the lengths the design uses [m].
    backup : list of Placed
        The backup policy's equipment (:mod:`retrofit.layout.backup_yard`): an indoor UPS room (kind
        ``ups_room``) with its lineups (``ups``) and their working spaces (``working_space``), and the yard's
        generators, transfer switches, UPS enclosures and battery units (also in ``outdoor``) [m].
    backup_summary : BackupPlacement or None
        Where the backup equipment stands and the floor and yard it takes
        (:class:`retrofit.layout.backup_yard.BackupPlacement`); None without it [-].
    """

    hall: str
    rows: list[Row]
    racks: list[Placed]
    cdus: list[Placed]
    equipment: list[Placed]
    aisles: list[Rect]
    violations: list[str]
    slab: SlabCheck
    run_lengths_m: dict[str, float]
    working_spaces: list[Rect] = field(default_factory=list)
    capacity: int = 0
    outdoor: list[Placed] = field(default_factory=list)
    crahs: list[Placed] = field(default_factory=list)
    runs: list = field(default_factory=list)
    backup: list[Placed] = field(default_factory=list)
    backup_summary: "BackupPlacement | None" = None


# ------------------------------------------------------------------------------------------------
# the floor grid: row lines, segments and CDU sites (shared by max_racks and place)


@dataclass(frozen=True)
class _Line:
    index: int
    y_m: float
    facing: str
    gap_below_m: float
    gap_above_m: float


@dataclass
class _Grid:
    floor: Floor
    rack: RackSpec
    aisles: AisleCriteria
    equipment: EquipmentLayout
    lines: list[_Line]
    seg_line: np.ndarray          # line index of each segment
    seg_letter: np.ndarray        # segment number within its line
    seg_x0: np.ndarray
    seg_x1: np.ndarray
    seg_slots: np.ndarray
    seg_slack: np.ndarray
    cdu_w: float
    cdu_d: float
    site_seg: np.ndarray          # CDU sites, sorted cheapest first
    site_j: np.ndarray
    site_cost: np.ndarray

    @property
    def positions(self) -> int:
        return int(self.seg_slots.sum())

    def capacity(self, k: int, n_segments: int | None = None) -> int:
        """Racks that fit with k CDUs, using the first n_segments segments (-1 when k sites lack)."""
        if n_segments is None:
            n_segments = len(self.seg_x0)
        mask = self.site_seg < n_segments
        costs = self.site_cost[mask]
        if k > len(costs):
            return -1
        return int(self.seg_slots[:n_segments].sum() - costs[:k].sum())


def _row_lines(floor: Floor, depth: float, a: AisleCriteria) -> list[_Line]:
    """Row lines from the south wall: pods of two rows back to back around a contained hot aisle."""
    wall_back = max(a.perimeter_m, a.hot_aisle_m)
    wall_front = max(a.perimeter_m, a.cold_aisle_m)
    lines = []
    y = wall_front
    k = 0
    while True:
        facing = "south" if k % 2 == 0 else "north"
        need_north = wall_front if facing == "north" else wall_back
        if y + depth + need_north > floor.width_m + EPS_M:
            break
        below = wall_front if k == 0 else (a.hot_aisle_m if k % 2 == 1 else a.cold_aisle_m)
        above = a.hot_aisle_m if facing == "south" else a.cold_aisle_m
        lines.append(_Line(k, y, facing, below, above))
        y += depth + above
        k += 1
    if lines:
        last = lines[-1]
        lines[-1] = _Line(last.index, last.y_m, last.facing, last.gap_below_m,
                          wall_front if last.facing == "north" else wall_back)
    return lines


def row_lines(floor: Floor, depth_m: float, criteria) -> list[_Line]:
    """The row lines the placement rule lays out on a floor, south to north.

    Parameters
    ----------
    floor : Floor
        The hall [m].
    depth_m : float
        Rack depth [m].
    criteria : AisleCriteria or retrofit.model.goal.Criteria or None
        Aisle widths and perimeter walkway [m].

    Returns
    -------
    list
        Lines with ``index``, ``y_m`` (south edge), ``facing`` and the gaps below and above [-, m].

    Examples
    --------
    >>> from retrofit.layout.geometry import Floor
    >>> [(round(line.y_m, 3), line.facing) for line in row_lines(Floor("h", 12.0, 7.2, 5.0, 12e3), 1.2, None)]
    [(1.2, 'south'), (3.6, 'north')]
    """
    return _row_lines(floor, float(depth_m), _aisles(criteria))


def _fill_order(lines: list[_Line], depth: float, seg: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Order in which the row segments are filled: nearest the electrical equipment first.

    The cost of a segment is the sum, over the equipment the racks are fed from, of the rectilinear
    distance from the equipment's front to the segment's nearer end, taken on the centreline of the
    segment's pod (the hot aisle between its two rows), so both rows of a pod cost the same and fill
    together. Costs are compared to the millimetre; ties go to the lower line, then to the west. A
    segment whose pod partner line has no segment over at least half its length (a lone row, its hot
    side open) comes after all that have one. Without equipment the segments keep the order south to
    north, west to east.
    """
    n = len(seg)
    if n == 0 or len(targets) == 0:
        return np.arange(n)
    line_of = seg[:, 0].astype(int)
    by_index = {line.index: line for line in lines}
    pod_centre = np.empty(n)
    for i, k in enumerate(line_of):
        first = by_index[k - (k % 2)]
        second = by_index.get(first.index + 1)
        top = (second.y_m + depth) if second is not None else (first.y_m + depth)
        pod_centre[i] = (first.y_m + top) / 2
    x0, x1 = seg[:, 2][:, None], seg[:, 3][:, None]
    tx, ty = targets[:, 0][None, :], targets[:, 1][None, :]
    dx = np.minimum(np.abs(tx - x0), np.abs(tx - x1))
    dx = np.where((tx >= x0) & (tx <= x1), 0.0, dx)
    cost = (dx + np.abs(ty - pod_centre[:, None])).sum(axis=1)
    # a segment whose pod partner (the other row of its pod) has no segment over most of its length would
    # stand alone with an open hot side: it comes after every segment that has a partner
    partner = line_of ^ 1
    overlap = (np.minimum(seg[:, 3][:, None], seg[:, 3][None, :]) - np.maximum(seg[:, 2][:, None], seg[:, 2][None, :]))
    paired = ((partner[:, None] == line_of[None, :]) & (overlap >= 0.5 * (seg[:, 3] - seg[:, 2])[:, None])).any(axis=1)
    return np.lexsort((seg[:, 1], line_of, np.round(cost, 3), ~paired))


def _cdu_size(rack: RackSpec, cdu_size_m: tuple[float, float]) -> tuple[float, float]:
    w, d = float(cdu_size_m[0]), float(cdu_size_m[1])
    if not (math.isfinite(w) and math.isfinite(d) and w > 0 and d > 0):
        raise OutOfRange(f"CDU size must be two positive lengths, found {cdu_size_m!r}")
    if d <= rack.depth_m + EPS_M:
        return w, d
    if w <= rack.depth_m + EPS_M:
        return d, w
    raise OutOfRange(f"a {w:g} m x {d:g} m CDU is deeper than the {rack.depth_m:g} m rack row either way; "
                     "a row-end CDU must fit within the row depth")


def _build_grid(floor: Floor, rack: RackSpec, a: AisleCriteria, cdu_size_m, electrical_equipment,
                with_cdus: bool) -> _Grid:
    w, d = rack.width_m, rack.depth_m
    cdu_w, cdu_d = _cdu_size(rack, cdu_size_m) if with_cdus else (float(cdu_size_m[0]), float(cdu_size_m[1]))
    equipment = place_equipment(floor, equipment_items(electrical_equipment, a.working_space_depth_m),
                                a.perimeter_m)
    blockers = [(o, o.kind == "column") for o in floor.obstacles]
    blockers += [(z, False) for z in equipment.floor_zones(floor)]
    lines = _row_lines(floor, d, a)
    p = a.perimeter_m
    max_len = rack.count_per_row_max * w if rack.count_per_row_max else math.inf
    seg = []
    for line in lines:
        lo, hi = line.y_m - line.gap_below_m, line.y_m + d + line.gap_above_m
        blocked = []
        for rect, is_column in blockers:
            if rect.y_m < hi - EPS_M and rect.y1_m > lo + EPS_M:
                margin = 0.0 if is_column else p
                blocked.append((rect.x_m - margin, rect.x1_m + margin))
        letter = 0
        for x_start, x_end in free_intervals(p, floor.length_m - p, blocked):
            x = x_start
            while x < x_end - EPS_M:
                stop = min(x_end, x + max_len)
                seg.append((line.index, letter, x, stop))
                letter += 1
                x = stop + p
    seg_arr = np.array(seg, dtype=float).reshape(-1, 4)
    seg_arr = seg_arr[_fill_order(lines, d, seg_arr, _equipment_fronts(floor, equipment))]
    seg_x0, seg_x1 = seg_arr[:, 2], seg_arr[:, 3]
    lengths = seg_x1 - seg_x0
    seg_slots = np.floor((lengths + EPS_M) / w).astype(int)
    seg_slack = np.maximum(lengths - seg_slots * w, 0.0)
    if with_cdus:
        q = max(1, math.ceil(cdu_w / w - 1e-9))
        c1 = np.maximum(0, np.ceil((cdu_w - seg_slack) / w - 1e-9)).astype(int)
        has_first = c1 <= seg_slots
        extra = np.where(has_first, (seg_slots - c1) // q, 0)
        counts = has_first.astype(int) + extra
        site_seg = np.repeat(np.arange(len(seg_x0)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        site_cost = np.where(offsets == 0, c1[site_seg] if len(site_seg) else 0, q)
        order = np.lexsort((site_seg, offsets, site_cost))
        site_seg, site_j, site_cost = site_seg[order], offsets[order], site_cost[order]
    else:
        site_seg = site_j = site_cost = np.zeros(0, dtype=int)
    return _Grid(floor, rack, a, equipment, lines, seg_arr[:, 0].astype(int), seg_arr[:, 1].astype(int),
                 seg_x0, seg_x1, seg_slots, seg_slack, cdu_w, cdu_d, site_seg.astype(int),
                 site_j.astype(int), site_cost.astype(int))


def _max_with_ratio(grid: _Grid, racks_per_cdu: int | None) -> int:
    if racks_per_cdu is None:
        return grid.positions
    r = int(racks_per_cdu)
    ks = np.arange(len(grid.site_cost) + 1)
    capacity = grid.positions - np.concatenate(([0], np.cumsum(grid.site_cost)))
    best = np.minimum(ks * r, capacity)
    valid = (best > (ks - 1) * r) & (best >= 0)
    return int(best[valid].max()) if valid.any() else 0


def max_racks(hall, rack: RackSpec, criteria, *, cdu_size_m=(1.2, 1.2), racks_per_cdu: int | None = None,
              electrical_equipment=()) -> int:
    """Most racks the hall floor holds under the placement rule of this module.

    Parameters
    ----------
    hall : retrofit.model.halls.Hall or Floor
        The hall [-].
    rack : RackSpec
        Rack footprint and mass [m, kg].
    criteria : retrofit.model.goal.Criteria or AisleCriteria or None
        Aisle widths, working-space depth and perimeter walkway (None: defaults) [m].
    cdu_size_m : tuple of float
        CDU footprint, width along the row and depth [m].
    racks_per_cdu : int or None
        Racks each floor-standing CDU serves; None when no CDU stands on the hall floor [-].
    electrical_equipment : sequence of tuple
        ``(id, width_m, depth_m)`` (optionally ``working_depth_m``, ``v_ground``) of equipment needing
        NEC 110.26 working space in the hall [-, m, m, m, V].

    Returns
    -------
    n : int
        The largest n for which ``place(hall, rack, n, criteria, n_cdus=ceil(n / racks_per_cdu), ...)``
        places every rack [-].

    Notes
    -----
    With k CDUs the floor holds C(k) = P - (sum of the k cheapest CDU sites) racks (module docstring);
    n racks need k = ceil(n / r) CDUs, so for each k the best n is min(k r, C(k)) when it exceeds
    (k - 1) r; the answer is the largest over k, all k evaluated at once with numpy.

    Examples
    --------
    >>> from retrofit.layout.geometry import Floor
    >>> max_racks(Floor("h", 12.0, 10.0, 5.0, 12e3), RackSpec(0.6, 1.2, 1360.0), None)
    48
    """
    if racks_per_cdu is not None and int(racks_per_cdu) < 1:
        raise OutOfRange(f"racks_per_cdu must be at least 1, found {racks_per_cdu!r}")
    grid = _build_grid(_floor(hall), rack, _aisles(criteria), cdu_size_m, electrical_equipment,
                       with_cdus=racks_per_cdu is not None)
    return _max_with_ratio(grid, racks_per_cdu)


def _floor(hall) -> Floor:
    return hall if isinstance(hall, Floor) else floor_from_hall(hall)


def _aisles(criteria) -> AisleCriteria:
    return criteria if isinstance(criteria, AisleCriteria) else aisle_criteria(criteria)


def _prefix(grid: _Grid, n: int, k: int) -> int:
    """Fewest segments (in fill order) whose capacity with k CDUs reaches n racks."""
    total = len(grid.seg_x0)
    lo, hi = 0, total
    while lo < hi:
        mid = (lo + hi) // 2
        if grid.capacity(k, mid) >= n:
            hi = mid
        else:
            lo = mid + 1
    return lo


def place(hall, rack: RackSpec, n_racks: int, criteria, *, n_cdus: int = 0, cdu_size_m=(1.2, 1.2),
          electrical_equipment=(), cdu_mass_kg: float | None = None,
          service_height_m: float | None = None) -> HallLayout:
    """Place racks in rows with hot and cold aisles, CDUs at row ends, equipment along a wall.

    Parameters
    ----------
    hall : retrofit.model.halls.Hall or Floor
        The hall [-].
    rack : RackSpec
        Rack footprint and mass [m, kg].
    n_racks : int
        Racks to place [-].
    criteria : retrofit.model.goal.Criteria or AisleCriteria or None
        Aisle widths, working-space depth and perimeter walkway (None: defaults) [m].
    n_cdus : int
        Floor-standing CDUs to place at row ends [-].
    cdu_size_m : tuple of float
        CDU footprint, width along the row and depth [m].
    electrical_equipment : sequence of tuple
        ``(id, width_m, depth_m)`` (optionally ``working_depth_m``, ``v_ground``) [-, m, m, m, V].
    cdu_mass_kg : float or None
        Filled CDU mass for the slab check (None: CDUs are not checked) [kg].
    service_height_m : float or None
        Height of the overhead busway and TCS headers (None: the hall clear height, an upper bound)
        [m].

    Returns
    -------
    layout : HallLayout
        Rows, racks, CDUs, equipment, aisles, slab check and run lengths. When the floor cannot hold
        the request, as many racks as fit are placed and ``violations`` says so [-].

    Notes
    -----
    The rule is the module's. Only the segments needed are used: the fewest segments, in fill order,
    whose capacity with ``n_cdus`` CDUs reaches ``n_racks``; the CDUs go to the cheapest sites among
    them. The work grows with the number of racks and of CDU sites (times log of the segments).

    Examples
    --------
    >>> from retrofit.layout.geometry import Floor
    >>> lay = place(Floor("h", 12.0, 10.0, 5.0, 12e3), RackSpec(0.6, 1.2, 1360.0), 20, None, n_cdus=1)
    >>> len(lay.racks), len(lay.cdus), lay.rows[0].id, lay.violations
    (20, 1, 'row-01a', [])
    """
    if isinstance(n_racks, bool) or int(n_racks) != n_racks or n_racks < 0:
        raise OutOfRange(f"n_racks must be a non-negative integer, found {n_racks!r}")
    if isinstance(n_cdus, bool) or int(n_cdus) != n_cdus or n_cdus < 0:
        raise OutOfRange(f"n_cdus must be a non-negative integer, found {n_cdus!r}")
    floor, a = _floor(hall), _aisles(criteria)
    grid = _build_grid(floor, rack, a, cdu_size_m, electrical_equipment, with_cdus=n_cdus > 0)
    violations = list(grid.equipment.violations)
    k = int(n_cdus)
    if k > len(grid.site_cost):
        violations.append(f"{floor.id}: {k:,} CDUs asked, the row ends hold {len(grid.site_cost)}")
        k = len(grid.site_cost)
    capacity = grid.capacity(k)
    n = int(n_racks)
    if n > capacity:
        violations.append(f"{floor.id}: {n:,} racks asked, {capacity:,} fit with {k} CDUs "
                          f"({rack.width_m:g} m x {rack.depth_m:g} m racks)")
        n = capacity
    n_seg = _prefix(grid, n, k)
    return _assemble(grid, n, k, n_seg, violations, capacity, cdu_mass_kg, service_height_m)


def _assemble(grid: _Grid, n: int, k: int, n_seg: int, violations: list[str], capacity: int,
              cdu_mass_kg: float | None, service_height_m: float | None) -> HallLayout:
    floor, rack = grid.floor, grid.rack
    w, d = rack.width_m, rack.depth_m
    chosen = grid.site_seg < n_seg
    site_seg = grid.site_seg[chosen][:k]
    cdus_in = np.bincount(site_seg, minlength=len(grid.seg_x0)) if k else np.zeros(len(grid.seg_x0), int)
    q = max(1, math.ceil(grid.cdu_w / w - 1e-9)) if k else 1
    c1 = np.maximum(0, np.ceil((grid.cdu_w - grid.seg_slack) / w - 1e-9)).astype(int) if k else None
    lines = {line.index: line for line in grid.lines}
    racks: list[Placed] = []
    cdus: list[Placed] = []
    rows: list[Row] = []
    remaining = n
    cdu_number = 0
    for s in range(n_seg):
        line = lines[int(grid.seg_line[s])]
        row_id = f"row-{line.index + 1:02d}{_letters(int(grid.seg_letter[s]))}"
        x0 = float(grid.seg_x0[s])
        m = int(cdus_in[s])
        used = (int(c1[s]) + (m - 1) * q) if m else 0
        n_west = m // 2
        count = min(int(grid.seg_slots[s]) - used, remaining)
        remaining -= count
        start = x0 + n_west * q * w
        xs = start + w * np.arange(count)
        rack_ids = [f"{row_id}.{i + 1:02d}" for i in range(count)]
        racks.extend(Placed(rid, float(x), line.y_m, w, d, row_id, "rack") for rid, x in zip(rack_ids, xs))
        cdu_ids = []
        cdu_y = line.y_m if line.facing == "north" else line.y_m + d - grid.cdu_d
        rack_end = start + count * w
        n_east = m - n_west
        for j in range(m):
            if j == 0:                      # the first CDU closes the east end of the racks
                cx = rack_end + (n_east - 1) * q * w
            elif j % 2 == 1:                # west end, outward from the segment start
                cx = x0 + ((j - 1) // 2) * q * w
            else:                           # further east-end CDUs, between the racks and the first
                cx = rack_end + (j // 2 - 1) * q * w
            cdu_number += 1
            cid = f"cdu-{cdu_number:02d}"
            cdu_ids.append(cid)
            cdus.append(Placed(cid, float(cx), float(cdu_y), grid.cdu_w, grid.cdu_d, row_id, "cdu"))
        if count or m:
            items_x0 = [float(xs[0])] if count else []
            items_x1 = [float(xs[-1]) + w] if count else []
            for c in cdus[len(cdus) - m:]:
                items_x0.append(c.x_m)
                items_x1.append(c.x_m + c.width_m)
            rows.append(Row(row_id, line.y_m, min(items_x0), max(items_x1), rack_ids, line.facing, cdu_ids, d))
    equipment = [Placed(p.item.id, p.footprint.x_m, p.footprint.y_m, p.footprint.width_m, p.footprint.depth_m,
                        None, "equipment") for p in grid.equipment.placements if p.footprint is not None]
    working = [p.working_space for p in grid.equipment.placements if p.working_space is not None]
    aisles = _aisles_between(grid, rows)
    slab = _slab(grid, rows, racks, cdus, cdu_mass_kg)
    height = floor.clear_height_m if service_height_m is None else float(service_height_m)
    point = _electrical_point(grid)
    runs = run_lengths(rows, cdus, point, d, height)
    return HallLayout(floor.id, rows, racks, cdus, equipment, aisles, violations, slab, runs, working, capacity)


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _aisles_between(grid: _Grid, rows: list[Row]) -> list[Rect]:
    extent: dict[int, tuple[float, float]] = {}
    by_y = {line.y_m: line.index for line in grid.lines}
    for row in rows:
        index = by_y[row.y_m]
        lo, hi = extent.get(index, (math.inf, -math.inf))
        extent[index] = (min(lo, row.x0_m), max(hi, row.x1_m))
    out = []
    d = grid.rack.depth_m
    for line in grid.lines[:-1]:
        below, above = extent.get(line.index), extent.get(line.index + 1)
        if below is None and above is None:
            continue
        spans = [s for s in (below, above) if s is not None]
        x0, x1 = min(s[0] for s in spans), max(s[1] for s in spans)
        kind = "cold_aisle" if line.facing == "north" else "hot_aisle"
        out.append(Rect(x0, line.y_m + d, x1 - x0, line.gap_above_m,
                        f"{kind.split('_')[0]}-{line.index + 1:02d}-{line.index + 2:02d}", kind))
    return out


def _slab(grid: _Grid, rows: list[Row], racks: list[Placed], cdus: list[Placed], cdu_mass_kg) -> SlabCheck:
    by_y = {line.y_m: line for line in grid.lines}
    ids, front, back = [], [], []
    for row in rows:
        line = by_y[row.y_m]
        f, b = ((line.gap_above_m, line.gap_below_m) if line.facing == "north"
                else (line.gap_below_m, line.gap_above_m))
        for rid in row.rack_ids:
            ids.append(rid)
            front.append(f)
            back.append(b)
    n = len(ids)
    cdu_ids = [c.id for c in cdus] if cdu_mass_kg is not None else []
    m = len(cdu_ids)
    return rack_slab_check(ids, [grid.rack.mass_kg] * n, [grid.rack.width_m] * n, [grid.rack.depth_m] * n,
                           front, back, grid.floor.slab_rating_pa, cdu_ids, [cdu_mass_kg or 0.0] * m,
                           [grid.cdu_w] * m, [grid.cdu_d] * m, grid.floor.slab_thickness_m,
                           grid.floor.concrete_strength_pa)


def _equipment_fronts(floor: Floor, equipment: EquipmentLayout) -> np.ndarray:
    """(x, y) of the front centre of each placed piece of equipment; else the electrical rooms' centres [m]."""
    placed = [p for p in equipment.placements if p.footprint is not None]
    if placed:
        pts = [(p.footprint.x_m + p.footprint.width_m / 2,
                p.working_space.y_m if p.working_space.y_m >= p.footprint.y1_m - EPS_M else p.footprint.y_m)
               for p in placed]
    else:
        pts = [(r.x_m + r.width_m / 2, r.y_m + r.depth_m / 2) for r in floor.electrical_rooms()]
    return np.array(pts, dtype=float).reshape(-1, 2)


def _electrical_point(grid: _Grid) -> tuple[float, float] | None:
    """Centre of the front of the equipment line-up; else the centre of the first electrical room."""
    placed = [p for p in grid.equipment.placements if p.footprint is not None]
    if placed:
        xs = [p.footprint.x_m + p.footprint.width_m / 2 for p in placed]
        ys = [p.working_space.y_m + p.working_space.depth_m / 2 for p in placed]
        return float(np.mean(xs)), float(np.mean(ys))
    rooms = grid.floor.electrical_rooms()
    if rooms:
        return rooms[0].x_m + rooms[0].width_m / 2, rooms[0].y_m + rooms[0].depth_m / 2
    return None


__all__ = ["HallLayout", "Placed", "RackSpec", "Row", "max_racks", "place", "row_lines"]

