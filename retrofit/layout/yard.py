"""Equipment outside and along the walls of a hall: the heat-rejection yard, transformer pads, CRAHs.

Plan coordinates are the hall's (x along its length, y across it, from its south-west corner); what
stands outside has y < 0 (south of the hall) or y > width (north of it).

**Yard coolers** (:func:`place_coolers`) stand in rows parallel to a long wall of the hall, outside it,
on the side given (the side of the CDUs, so the facility mains are short). Each unit's long side runs
along the row and keeps its air-intake clearance free on both long sides (the catalog's footprint
note: about one unit depth of free space each side): the first row stands one clearance off the wall,
rows are two clearances apart (each row keeps its own), and units of a row stand an end gap apart
for service. A row holds as many units as fit along the wall between the end gaps; the rows are
centred on ``centre_x_m`` (the CDUs' mean x) within the wall's length.

**Transformer pads** (:func:`place_pads`) stand in one row outside the wall nearest the electrical
room, centred on the room, a pad clearance apart, and off the wall by the larger of their door clearance
and the fire separation of their oil volume (:mod:`retrofit.layout.transformer_separation`, given by the
caller as ``wall_m``).

**CRAHs** (:func:`place_crahs`) stand against the hall walls inside, clear of racks, aisles and the
equipment zones, with a service space in front, by the same wall search as the electrical equipment
(:func:`retrofit.layout.equipment.place_equipment`).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import OutOfRange
from .equipment import EquipmentItem, place_equipment
from .geometry import Floor, Rect
from .placement import Placed

UNIT_END_GAP_M = 1.2
"""Service gap between the ends of neighbouring yard units in a row [m] (estimate: one walkway, as the
perimeter walkway of the criteria)."""

PAD_FOOTPRINT_M = (2.4, 2.2)
"""Footprint (along the wall, across it) of a liquid-filled pad-mount transformer up to 3,750 kVA [m]
(estimate, order of magnitude; not from a datasheet: enter the vendor's outline where known)."""

PAD_FRONT_CLEARANCE_M = 3.0
"""Clear working space kept in front of a pad-mount's compartment doors, on both long sides of the row [m]
(estimate: 10 ft, the working clearance utilities commonly ask in front of pad-mount doors). A working
clearance only: the pads' distance from the hall is at least the fire separation of their oil volume
(:func:`retrofit.layout.transformer_separation.building_separation_m`)."""

PAD_GAP_M = 1.5
"""Space between neighbouring pads [m] (estimate: access around the tank and radiators)."""

CRAH_FOOTPRINT_M = (2.5, 1.0)
"""Footprint (along the wall, depth) of a floor-standing chilled-water CRAH of 150-250 kW [m]
(estimate; the catalog gives no CRAH outline)."""

CRAH_SERVICE_M = 1.0
"""Service space kept in front of a CRAH for filter and fan access [m] (estimate)."""


@dataclass(frozen=True)
class YardUnit:
    """One outdoor unit to place.

    Attributes
    ----------
    id : str
        Id [-].
    width_m : float
        Length of its long side, laid along the row [m].
    depth_m : float
        Its short side, across the row [m].
    clearance_m : float
        Free space it needs along each long side (air intake, or the doors of a pad) [m].
    kind : str
        ``cooler`` or ``transformer`` [-].
    """

    id: str
    width_m: float
    depth_m: float
    clearance_m: float
    kind: str = "cooler"

    def __post_init__(self):
        for name in ("width_m", "depth_m", "clearance_m"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0 or (value == 0 and name != "clearance_m"):
                raise OutOfRange(f"yard unit {self.id}: {name} must be a positive number, found {value!r}")


def _rows(units: Sequence[YardUnit], wall_length_m: float, gap_m: float) -> list[list[YardUnit]]:
    """Units split into rows of as many as fit along the wall with a gap between and at both ends."""
    rows: list[list[YardUnit]] = [[]]
    used = gap_m
    for u in units:
        if rows[-1] and used + u.width_m + gap_m > wall_length_m + 1e-9:
            rows.append([])
            used = gap_m
        rows[-1].append(u)
        used += u.width_m + gap_m
    return [r for r in rows if r]


def place_coolers(units: Sequence[YardUnit], length_m: float, width_m: float, side: str = "south",
                  centre_x_m: float | None = None, gap_m: float = UNIT_END_GAP_M, start_m: float = 0.0) -> list[Placed]:
    """Rows of outdoor units along a long wall of the hall, outside it.

    Parameters
    ----------
    units : sequence of YardUnit
        The units, in order [-].
    length_m, width_m : float
        The hall's extent along x and y [m].
    side : str
        ``south`` (y < 0) or ``north`` (y > width) [-].
    centre_x_m : float or None
        x on which each row is centred (default the middle of the wall); a row is moved to stay within
        the wall's length [m].
    gap_m : float
        Gap between unit ends in a row and at the row's ends [m].
    start_m : float
        Band along the wall already taken (by transformer pads), beyond which the first row's clearance
        begins [m].

    Returns
    -------
    list of Placed
        One per unit, kind ``cooler`` (or the unit's kind) [m].

    Notes
    -----
    Row k (from the wall) has its wall-side edge at c + k (d + 2 c) from the wall, c being the
    clearance and d the unit depth of the row's deepest unit: one clearance to the wall, two between
    rows. A row of n units of widths w_i is L = sum(w_i) + (n + 1) g long.

    Examples
    --------
    >>> u = [YardUnit(f"hr-{i}", 12.0, 2.4, 2.4) for i in range(3)]
    >>> [(round(p.x_m, 2), p.y_m) for p in place_coolers(u, 30.0, 20.0)]
    [(2.4, -4.8), (15.6, -4.8), (9.0, -12.0)]
    """
    if side not in ("south", "north"):
        raise OutOfRange(f"side must be south or north, found {side!r}")
    out: list[Placed] = []
    offset = float(start_m)
    centre = length_m / 2 if centre_x_m is None else float(centre_x_m)
    for row in _rows(units, length_m, gap_m):
        depth = max(u.depth_m for u in row)
        clearance = max(u.clearance_m for u in row)
        offset += clearance
        run = sum(u.width_m for u in row) + (len(row) + 1) * gap_m
        x = min(max(centre - run / 2, 0.0), max(length_m - run, 0.0)) + gap_m
        y = -(offset + depth) if side == "south" else width_m + offset
        for u in row:
            out.append(Placed(u.id, x, y, u.width_m, u.depth_m, None, u.kind))
            x += u.width_m + gap_m
        offset += depth + clearance
    return out


def place_pads(ids: Sequence[str], length_m: float, width_m: float, room: Rect | None,
               footprint_m: tuple[float, float] = PAD_FOOTPRINT_M, wall_m: float = 0.0) -> list[Placed]:
    """Transformer pads in a row outside the hall wall nearest the electrical room, centred on it.

    Parameters
    ----------
    ids : sequence of str
        Transformer ids, in order [-].
    length_m, width_m : float
        The hall's extent along x and y [m].
    room : Rect or None
        The electrical room (None: the hall's south-west corner stands in for it) [m].
    footprint_m : tuple of float
        Pad footprint along the wall and across it [m].
    wall_m : float
        Least distance of the pads from the wall: the fire separation of the largest oil volume among them
        (:func:`retrofit.layout.transformer_separation.building_separation_m`); the row stands at the larger of
        this and the door clearance [m].

    Returns
    -------
    list of Placed
        One per transformer, kind ``transformer`` [m].

    Examples
    --------
    >>> room = Rect(0.0, 0.0, 12.0, 10.0, "mv-room", "electrical_room")
    >>> [(round(p.x_m, 2), p.y_m) for p in place_pads(["t1", "t2"], 180.0, 50.0, room)]
    [(2.85, -5.2), (6.75, -5.2)]
    >>> [round(p.y_m, 2) for p in place_pads(["t1"], 180.0, 50.0, room, wall_m=7.62)]
    [-9.82]
    """
    if not math.isfinite(wall_m) or wall_m < 0:
        raise OutOfRange(f"pad distance from the wall must be a non-negative number, found {wall_m!r}")
    w, d = footprint_m
    units = [YardUnit(i, w, d, PAD_FRONT_CLEARANCE_M, "transformer") for i in ids]
    if room is None:
        side, centre = "south", 0.0
    else:
        side = "south" if room.y_m + room.depth_m / 2 <= width_m / 2 else "north"
        centre = room.x_m + room.width_m / 2
    return place_coolers(units, length_m, width_m, side, centre, PAD_GAP_M, max(wall_m - PAD_FRONT_CLEARANCE_M, 0.0))


def place_crahs(floor: Floor, ids: Sequence[str], perimeter_m: float, blockers: Sequence[Rect],
                footprint_m: tuple[float, float] = CRAH_FOOTPRINT_M) -> list[Placed]:
    """CRAHs against the hall walls, clear of racks, aisles and equipment, a service space in front.

    Parameters
    ----------
    floor : Floor
        The hall [m].
    ids : sequence of str
        One id per CRAH unit [-].
    perimeter_m : float
        Walkway kept free at the hall's west and east ends [m].
    blockers : sequence of Rect
        Racks with their aisles, equipment and its working space [m].
    footprint_m : tuple of float
        CRAH footprint along the wall and its depth [m].

    Returns
    -------
    list of Placed
        The units that found wall space, kind ``crah`` [m].
    """
    items = [EquipmentItem(i, footprint_m[0], footprint_m[1], CRAH_SERVICE_M) for i in ids]
    lay = place_equipment(floor, items, perimeter_m, blockers)
    return [Placed(p.item.id, p.footprint.x_m, p.footprint.y_m, p.footprint.width_m, p.footprint.depth_m, None, "crah")
            for p in lay.placements if p.footprint is not None]


__all__ = ["CRAH_FOOTPRINT_M", "PAD_FOOTPRINT_M", "PAD_FRONT_CLEARANCE_M", "UNIT_END_GAP_M", "YardUnit", "place_coolers", "place_crahs",
           "place_pads"]
