"""Electrical equipment along a wall, each item with its NEC 110.26 working space clear in front.

Switchboards, panelboards and RPPs are set in a line-up with their backs against a wall, in the first
place that holds the equipment and its working space without touching a column, an obstacle, a rack
or an aisle:

1. inside each electrical room of the hall (an obstacle of kind ``electrical_room``), against its
   south wall then its north wall, west to east;
2. then on the hall floor against the south wall, then the north wall, west to east, leaving the
   perimeter walkway free at both ends of the hall.

Each item takes a slot along the wall as wide as its working space (NEC 110.26(A)(2): the equipment
width or 762 mm, whichever is greater); the working space in front is as deep as required (NEC
110.26(A)(1)) and reserved for the equipment (110.26(B): not used for storage). Where no place holds
the full working space, the item goes where the clear depth in front is largest and is reported.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import OutOfRange
from .clearances import WORKING_SPACE_HEADROOM_M, working_space_width
from .geometry import EPS_M, Floor, Rect, contains


@dataclass(frozen=True)
class EquipmentItem:
    """One piece of electrical equipment needing working space.

    Attributes
    ----------
    id : str
        Element id [-].
    width_m : float
        Front width [m].
    depth_m : float
        Depth from the wall [m].
    working_depth_m : float
        Required depth of clear working space in front [m].
    v_ground : float
        Nominal voltage to ground, for the width rule (0 when unknown: the 762 mm rule) [V].
    """

    id: str
    width_m: float
    depth_m: float
    working_depth_m: float
    v_ground: float = 0.0

    def __post_init__(self):
        for name in ("width_m", "depth_m", "working_depth_m"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0 or (value == 0 and name != "working_depth_m"):
                raise OutOfRange(f"equipment {self.id}: {name} must be a positive number, found {value!r}")

    @property
    def working_width_m(self) -> float:
        """Width of the working space, NEC 110.26(A)(2) [m]."""
        return working_space_width(self.width_m, self.v_ground)[0]


@dataclass
class EquipmentPlacement:
    """Where one item went and how much clear depth it has in front.

    Attributes
    ----------
    item : EquipmentItem
        The equipment [-].
    footprint : Rect or None
        Its footprint, or None when it fits nowhere [m].
    working_space : Rect or None
        The required working space in front (width x required depth) [m].
    available_depth_m : float
        Clear depth in front, up to the nearest obstacle, rack or wall [m].
    wall : str
        ``<region>/south`` or ``<region>/north``, region being an electrical room id or ``hall`` [-].
    """

    item: EquipmentItem
    footprint: Rect | None
    working_space: Rect | None
    available_depth_m: float
    wall: str = ""

    @property
    def ok(self) -> bool:
        """The full working space is clear [-]."""
        return self.footprint is not None and self.available_depth_m >= self.item.working_depth_m - 1e-6

    def zone(self) -> Rect | None:
        """Footprint and working space together, the area kept free of racks [m]."""
        if self.footprint is None:
            return None
        ws = self.working_space
        front = min(ws.depth_m, self.available_depth_m)
        if ws.y_m >= self.footprint.y1_m - EPS_M:      # working space to the north of the equipment
            y0, y1 = self.footprint.y_m, self.footprint.y1_m + front
        else:
            y0, y1 = self.footprint.y_m - front, self.footprint.y1_m
        return Rect(self.footprint.x_m, y0, ws.width_m, y1 - y0, f"{self.item.id}-zone", "equipment_zone")


@dataclass
class EquipmentLayout:
    """Every item of a hall's electrical equipment, placed.

    Attributes
    ----------
    placements : list of EquipmentPlacement
        One per item, in the order given [-].
    violations : list of str
        What could not be met [-].
    """

    placements: list[EquipmentPlacement] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def floor_zones(self, floor: Floor) -> list[Rect]:
        """Zones on the open hall floor (outside electrical rooms), which racks must avoid [m]."""
        rooms = floor.electrical_rooms()
        out = []
        for p in self.placements:
            zone = p.zone()
            if zone is not None and not any(contains(room, zone) for room in rooms):
                out.append(zone)
        return out


def equipment_items(entries, working_depth_m: float) -> list[EquipmentItem]:
    """Equipment items from ``(id, width_m, depth_m[, working_depth_m[, v_ground]])`` tuples.

    Parameters
    ----------
    entries : iterable of tuple or EquipmentItem
        Each piece of equipment: id, front width and depth, optionally its own working-space depth
        and nominal voltage to ground [-, m, m, m, V].
    working_depth_m : float
        Working-space depth of the entries that do not give one [m].

    Returns
    -------
    items : list of EquipmentItem
        In the order given [-].
    """
    items = []
    for entry in entries:
        if isinstance(entry, EquipmentItem):
            items.append(entry)
            continue
        entry = tuple(entry)
        if len(entry) not in (3, 4, 5):
            raise OutOfRange(f"electrical equipment entries are (id, width_m, depth_m[, working_depth_m"
                             f"[, v_ground]]), found {entry!r}")
        working = working_depth_m if len(entry) < 4 or entry[3] is None else float(entry[3])
        v_ground = float(entry[4]) if len(entry) == 5 and entry[4] is not None else 0.0
        items.append(EquipmentItem(str(entry[0]), float(entry[1]), float(entry[2]), working, v_ground))
    return items


def _regions(floor: Floor, perimeter_m: float) -> list[tuple[str, Rect]]:
    regions = []
    for room in floor.electrical_rooms():
        x0, y0 = max(room.x_m, 0.0), max(room.y_m, 0.0)
        x1, y1 = min(room.x1_m, floor.length_m), min(room.y1_m, floor.width_m)
        if x1 > x0 + EPS_M and y1 > y0 + EPS_M:       # the part of the room inside the hall
            regions.append((room.id or "electrical_room", Rect(x0, y0, x1 - x0, y1 - y0, room.id, room.kind)))
    hall = Rect(perimeter_m, 0.0, floor.length_m - 2 * perimeter_m, floor.width_m, "hall", "hall")
    regions.append(("hall", hall))
    return regions


def _boxes(rects: Sequence[Rect]) -> np.ndarray:
    return np.array([(r.x_m, r.y_m, r.x1_m, r.y1_m) for r in rects], dtype=float).reshape(-1, 4)


def _wall_positions(region: Rect, others: np.ndarray, item: EquipmentItem, wall: str):
    """Feasible west edges along one wall of a region and the clear depth in front of each.

    ``others`` holds the blockers as rows (x0, y0, x1, y1). Candidates are the region's west end and
    the east edge of every blocker; a candidate is feasible when the slot (working-space width x
    equipment depth) lies in the region and overlaps no blocker.
    """
    slot = item.working_width_m
    xs = np.unique(np.concatenate(([region.x_m], others[:, 2])))
    xs = xs[(xs >= region.x_m - EPS_M) & (xs + slot <= region.x1_m + EPS_M)]
    if wall == "south":
        y0, y_front, direction = region.y_m, region.y_m + item.depth_m, 1
    else:
        y0, y_front, direction = region.y1_m - item.depth_m, region.y1_m - item.depth_m, -1
    if y0 < region.y_m - EPS_M or y0 + item.depth_m > region.y1_m + EPS_M or len(xs) == 0:
        return np.zeros(0), np.zeros(0), y0, y_front, direction
    bx0, by0, bx1, by1 = (others[:, i][None, :] for i in range(4))
    x0, x1 = xs[:, None], xs[:, None] + slot
    across = (bx0 < x1 - EPS_M) & (bx1 > x0 + EPS_M)
    hit = across & (by0 < y0 + item.depth_m - EPS_M) & (by1 > y0 + EPS_M)
    feasible = ~hit.any(axis=1)
    if direction > 0:
        ahead = across & (by1 > y_front + EPS_M)
        gap = np.where(ahead, np.maximum(by0 - y_front, 0.0), np.inf)
        limit = region.y1_m - y_front
    else:
        ahead = across & (by0 < y_front - EPS_M)
        gap = np.where(ahead, np.maximum(y_front - by1, 0.0), np.inf)
        limit = y_front - region.y_m
    available = np.minimum(gap.min(axis=1, initial=np.inf), limit)
    return xs[feasible], available[feasible], y0, y_front, direction


def place_equipment(floor: Floor, items: Sequence[EquipmentItem], perimeter_m: float,
                    blockers: Sequence[Rect] = ()) -> EquipmentLayout:
    """Set each item against a wall with its working space clear in front.

    Parameters
    ----------
    floor : Floor
        The hall [m].
    items : sequence of EquipmentItem
        Equipment in line-up order [-].
    perimeter_m : float
        Walkway kept free at the west and east ends of the hall [m].
    blockers : sequence of Rect
        Anything else the equipment and its working space must not overlap (racks with their aisles)
        [m].

    Returns
    -------
    layout : EquipmentLayout
        Placements in the order given, and violations [-].

    Notes
    -----
    Working space per NEC 110.26(A)(1) depth (``working_depth_m``), 110.26(A)(2) width, 110.26(A)(3)
    headroom 2.0 m against the hall clear height. For each item the candidate positions along a wall
    are its west end and the east edge of every blocker: the west-most free position of a slot lies at
    one of them, so scanning them in order finds it.

    Examples
    --------
    >>> from retrofit.layout.geometry import Floor
    >>> lay = place_equipment(Floor("h", 20.0, 10.0, 5.0, 12e3), [EquipmentItem("swbd", 2.4, 0.8, 1.2)], 1.0)
    >>> lay.placements[0].footprint.x_m, lay.placements[0].working_space.y_m, lay.placements[0].ok
    (1.0, 0.8, True)
    """
    out = EquipmentLayout()
    if items and floor.clear_height_m < WORKING_SPACE_HEADROOM_M:
        out.violations.append(f"{floor.id}: clear height {floor.clear_height_m:.2f} m is below the "
                              f"{WORKING_SPACE_HEADROOM_M:.1f} m headroom of working space (NEC 110.26(A)(3))")
    placed_zones: list[Rect] = []
    regions = _regions(floor, perimeter_m)
    base = {}
    for name, region in regions:
        if name == "hall":
            fixed = list(floor.obstacles) + list(blockers)
        else:       # inside a room: everything but the room itself
            fixed = [o for o in floor.obstacles if o.id != region.id or o.kind != "electrical_room"] + list(blockers)
        base[name] = _boxes(fixed)
    for item in items:
        slot = item.working_width_m
        best: EquipmentPlacement | None = None
        done = False
        for name, region in regions:
            boxes = np.vstack([base[name], _boxes(placed_zones)])
            for wall in ("south", "north"):
                xs, available, y0, y_front, direction = _wall_positions(region, boxes, item, wall)
                good = np.nonzero(available >= item.working_depth_m - 1e-6)[0]
                pick = int(good[0]) if len(good) else (int(np.argmax(available)) if len(xs) else None)
                if pick is None:
                    continue
                x = float(xs[pick])
                foot = Rect(x, y0, item.width_m, item.depth_m, item.id, "equipment")
                ws_y = y_front if direction > 0 else y_front - item.working_depth_m
                ws = Rect(x, ws_y, slot, item.working_depth_m, f"{item.id}-working-space", "working_space")
                candidate = EquipmentPlacement(item, foot, ws, float(available[pick]), f"{name}/{wall}")
                if candidate.ok:
                    best, done = candidate, True
                    break
                if best is None or candidate.available_depth_m > best.available_depth_m + EPS_M:
                    best = candidate
            if done:
                break
        if best is None:
            best = EquipmentPlacement(item, None, None, 0.0, "")
            out.violations.append(f"equipment {item.id}: no wall space for {item.width_m:.2f} m x "
                                  f"{item.depth_m:.2f} m in hall {floor.id}")
        elif not best.ok:
            out.violations.append(f"equipment {item.id}: {best.available_depth_m:.2f} m clear in front, "
                                  f"{item.working_depth_m:.2f} m required (NEC 110.26(A)(1))")
        out.placements.append(best)
        zone = best.zone()
        if zone is not None:
            placed_zones.append(zone)
    return out
