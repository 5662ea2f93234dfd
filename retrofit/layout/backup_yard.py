"""Where the equipment of a backup policy stands: the UPS room (inside the hall on floor the rack pods leave
free, else prefabricated enclosures in the yard) and the backup yard (standby generators on their sub-base
tanks, their transfer switchgear, the battery units), with the clearances of NFPA 37, NFPA 855 and NEC 110.26.

Plan coordinates are the hall's (see :mod:`retrofit.layout.yard`); everything here is plain geometry in
metres, the planner (:mod:`retrofit.planning.yard_layout`) gives the sizes.

**UPS room** (:func:`ups_room`): each lineup (its modules side by side, then its output switchboard) stands
in one band of the room, its backs to the band's south side and its front working space (NEC 110.26(A)(1),
the depth given) north of it. Lineups are taken longest first and go into the first band with room for
them (first fit decreasing) along a band of at most ``row_max_m`` (a lineup longer than that has a band of
its own); an access walkway (``end_m``) is kept at both ends of every band, where the room's doors are
(NEC 110.26(C)). The room is the bands stacked: as long as the longest band and as deep as the bands.
Outdoors the same bands are the prefabricated enclosures (power modules), one per band.

**Backup yard** (:func:`place_groups`): groups of units (generators, then the transfer switchgear, the UPS
enclosures when outdoors, the battery units, then a smoothing BESS's units, its MV step-up transformers and
its collector switchgear) in rows parallel to a long wall outside the hall, group after group away from the
wall, each with its own clearance (:func:`retrofit.layout.yard.place_coolers` rows: one clearance to what
stands nearer the wall, units an end gap apart) and, where a group asks it, a least distance from the wall
(oil-filled transformers: the fire separation of their oil volume,
:func:`retrofit.layout.transformer_separation.building_separation_m`).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import OutOfRange
from .placement import Placed
from .yard import YardUnit, place_coolers

NFPA37_OPENING_M = 1.524
"""Least distance of an engine and its weatherproof housing installed outdoors from openings in walls and
from structures having combustible walls: 5 ft (1.5 m), NFPA 37 (2010 and later) 4.1.4; not required when
the wall is rated 1 h or the enclosure is shown by test not to ignite what is outside it. Applied to the
hall wall always (the wall's rating and openings are not inputs) [m]."""

GENERATOR_GAP_M = 1.5
"""Space between the ends of neighbouring generator enclosures, for service and radiator air (estimate;
NFPA 37 sets no spacing between engines: the manufacturer's installation guide decides) [m]."""

NFPA855_BUILDING_M = 1.5
"""Least distance of an outdoor energy storage unit from buildings on the same lot: 1.5 m (5 ft), NFPA 855
(2023) Table 6.4.1 as summarised by a secondary source (sitelayout.ai, "What NFPA 855 means for your BESS
separation distances"); UL 9540A data or a hazard mitigation analysis can only increase it [m]."""

NFPA855_UNIT_M = 0.9
"""Least space between outdoor energy storage units or groups: 0.9 m (3 ft), the same table and source [m]."""

ROOM_ACCESS_M = 0.9
"""Walkway kept at both ends of each band of UPS lineups, where the entrances to the working space are
(NEC 110.26(C)(2) asks an entrance at each end of large equipment, at least 610 mm wide; 0.9 m taken,
estimate) [m]."""

PAD_FOOTPRINT_MAX_KVA = 3750.0
"""Largest rating the hall pads' footprint (:data:`retrofit.layout.yard.PAD_FOOTPRINT_M`) is stated for [kVA]."""

STEP_UP_FOOTPRINT_M = (3.0, 2.8)
"""Footprint (along the row, across it) of a liquid-filled pad-mount step-up transformer above 3,750 kVA
with its radiators [m] (estimate, order of magnitude, the hall pads' 2.4 m x 2.2 m scaled up; no datasheet
outline read: enter the vendor's outline where known). Up to 3,750 kVA the hall pads' footprint
(:data:`retrofit.layout.yard.PAD_FOOTPRINT_M`) is taken."""

MODULE_MAX_M = 15.0
"""Longest band of lineups, and the longest prefabricated power enclosure (estimate: a skid-mounted
module that ships by road is about 12-16 m long) [m]."""


@dataclass(frozen=True)
class Lineup:
    """One UPS lineup to stand in the room: its modules and output switchboard side by side.

    Attributes
    ----------
    id : str
        Id of the lineup (the design's UPS element) [-].
    length_m : float
        Length along the band: the modules and the output switchboard [m].
    depth_m : float
        Depth of the cabinets from their backs [m].
    """

    id: str
    length_m: float
    depth_m: float

    def __post_init__(self):
        for name in ("length_m", "depth_m"):
            value = getattr(self, name)
            if not math.isfinite(value) or value <= 0:
                raise OutOfRange(f"UPS lineup {self.id}: {name} must be a positive number, found {value!r}")


@dataclass(frozen=True)
class UpsRoom:
    """The UPS room's arrangement, relative to its south-west corner.

    Attributes
    ----------
    width_m : float
        Extent along x: the longest band with an access walkway at each end [m].
    depth_m : float
        Extent along y: the bands stacked [m].
    bands : tuple of tuple of str
        Lineup ids of each band, south to north [-].
    lineups : tuple of Placed
        Each lineup's cabinets, kind ``ups`` [m].
    working_spaces : tuple of Placed
        The working space in front of each lineup, kind ``working_space`` [m].
    """

    width_m: float
    depth_m: float
    bands: tuple[tuple[str, ...], ...]
    lineups: tuple[Placed, ...]
    working_spaces: tuple[Placed, ...]

    @property
    def area_m2(self) -> float:
        """Floor area of the room [m2]."""
        return self.width_m * self.depth_m

    def band_sizes(self) -> list[tuple[float, float]]:
        """(length, depth) of each band: the prefabricated enclosure it becomes outdoors [m]."""
        band_depth = self.depth_m / len(self.bands) if self.bands else 0.0
        out = []
        for band in self.bands:
            mine = [p for p in self.lineups if p.id in band]
            out.append((sum(p.width_m for p in mine) + 2 * ROOM_ACCESS_M, band_depth))
        return out


@dataclass(frozen=True)
class BackupPlacement:
    """Where the backup equipment of a plan stands and what it takes.

    Attributes
    ----------
    hall : str
        Hall whose floor or yard holds it [-].
    ups_room : str
        ``indoor`` (a room on the hall floor the rack pods leave free), ``outdoor`` (prefabricated
        enclosures in the yard) or ``none`` (no UPS lineup) [-].
    ups_room_m2 : float
        Area of the room, or of the enclosures: the lineups with their front working space and end
        walkways [m2].
    floor_taken_m2 : float
        Hall floor the room takes (``ups_room_m2`` indoors, 0 outdoors) [m2].
    yard_m2 : float
        Footprints of the generators, transfer switchgear, battery units and outdoor UPS enclosures [m2].
    yard_side : str
        Long wall the backup yard stands outside (``south`` / ``north``; empty without a yard) [-].
    lineups, generators, ats, bess_units, enclosures : int
        Counts placed [-].
    smoothing_units : int
        Units of the design's smoothing BESS (``electrical.bess``) placed in the same yard [-].
    notes : tuple of str
        What the placement states (where, why, what is an estimate) [-].
    step_up_transformers, collector_lineups : int
        The smoothing BESS's MV step-up transformers and collector switchgear lineups placed [-].
    yard_depth_m : float
        Distance from the wall to the far edge of the yard's last row (what a site plan must hold beyond
        the wall; 0 without a yard) [m].
    collectors : tuple of CollectorBlock
        The MV connection of each smoothing BESS placed in the yard, as the one-line draws it [-].
    """

    hall: str
    ups_room: str
    ups_room_m2: float
    floor_taken_m2: float
    yard_m2: float
    yard_side: str
    lineups: int
    generators: int
    ats: int
    bess_units: int
    enclosures: int
    smoothing_units: int
    notes: tuple[str, ...]
    step_up_transformers: int = 0
    collector_lineups: int = 0
    yard_depth_m: float = 0.0
    collectors: tuple["CollectorBlock", ...] = ()


@dataclass(frozen=True)
class CollectorBlock:
    """How a BESS connects to the MV bus it ties to, with the ratings the one-line prints: units (each with
    its PCS) on step-up transformers, whose MV sides gather on collector feeders in switchgear lineups
    joined to the bus by their main breakers (sized by :func:`retrofit.planning.bess_collector.size_bess_collector`).

    Attributes
    ----------
    bess_id, bus : str
        The BESS element and the bus it ties to [-].
    units : int
        Battery units, each with its PCS [-].
    unit_kva : float
        PCS rating of a unit [kVA].
    ac_voltage_v, bus_voltage_v : float
        The units' AC voltage and the bus voltage [V].
    transformer : str
        Catalog id of the step-up transformers [-].
    transformer_kva : float
        Rating of one step-up transformer [kVA].
    transformers, units_per_transformer : int
        Step-up transformers, and units on each [-].
    feeders, lineups : int
        Collector feeders (one breaker each) and lineups (one main breaker each) [-].
    breaker : str
        Catalog id of the feeder and main breakers [-].
    breaker_a, breaker_ka : float
        Continuous current [A] and interrupting rating [kA] of those breakers.
    switchgear : str
        Catalog id of the collector lineups [-].
    bus_rating_a : float
        Bus rating of a lineup [A].
    i_rated_a : float
        Rated current of the BESS at the bus [A].
    ids : tuple of str
        Ids of the step-up transformers and lineups placed in the yard [-].
    """

    bess_id: str
    bus: str
    units: int
    unit_kva: float
    ac_voltage_v: float
    bus_voltage_v: float
    transformer: str
    transformer_kva: float
    transformers: int
    units_per_transformer: int
    feeders: int
    lineups: int
    breaker: str
    breaker_a: float
    breaker_ka: float
    switchgear: str
    bus_rating_a: float
    i_rated_a: float
    ids: tuple[str, ...] = ()


def ups_room(lineups: Sequence[Lineup], working_depth_m: float, row_max_m: float = MODULE_MAX_M,
             end_m: float = ROOM_ACCESS_M) -> UpsRoom:
    """The UPS room holding ``lineups``: bands filled first fit, longest lineup first.

    Parameters
    ----------
    lineups : sequence of Lineup
        The lineups [m].
    working_depth_m : float
        Depth of working space in front of each lineup (NEC 110.26(A)(1) at its voltage) [m].
    row_max_m : float
        Longest band of lineups (without its end walkways) [m].
    end_m : float
        Walkway at both ends of a band [m].

    Returns
    -------
    UpsRoom
        The arrangement [m].

    Examples
    --------
    >>> room = ups_room([Lineup("u1", 8.0, 1.0), Lineup("u2", 6.0, 1.0), Lineup("u3", 5.0, 1.0)], 1.2, 15.0, 0.9)
    >>> room.bands, round(room.width_m, 2), round(room.depth_m, 2)
    ((('u1', 'u2'), ('u3',)), 15.8, 4.4)
    """
    if not math.isfinite(working_depth_m) or working_depth_m < 0:
        raise OutOfRange(f"working space depth must be a non-negative number, found {working_depth_m!r}")
    bands: list[list[Lineup]] = []
    for lu in sorted(lineups, key=lambda x: (-x.length_m, x.id)):
        for band in bands:
            if sum(x.length_m for x in band) + lu.length_m <= row_max_m + 1e-9:
                band.append(lu)
                break
        else:
            bands.append([lu])
    placed, spaces = [], []
    y = 0.0
    width = 0.0
    for band in bands:
        depth = max(x.depth_m for x in band)
        x = end_m
        for lu in band:
            placed.append(Placed(lu.id, x, y, lu.length_m, lu.depth_m, None, "ups"))
            spaces.append(Placed(f"{lu.id}-working-space", x, y + lu.depth_m, lu.length_m, working_depth_m, None,
                                 "working_space"))
            x += lu.length_m
        width = max(width, x + end_m)
        y += depth + working_depth_m
    return UpsRoom(width, y, tuple(tuple(x.id for x in b) for b in bands), tuple(placed), tuple(spaces))


def moved(p: Placed, dx: float, dy: float) -> Placed:
    """``p`` moved by (dx, dy) [m]."""
    return Placed(p.id, p.x_m + dx, p.y_m + dy, p.width_m, p.depth_m, p.row, p.kind)


@dataclass(frozen=True)
class YardGroup:
    """Units of one kind placed together in the yard, with the clearance each row keeps and the end gap.

    Attributes
    ----------
    units : tuple of YardUnit
        The units (their ``clearance_m`` is the clearance of the group's rows) [m].
    gap_m : float
        Space between unit ends in a row [m].
    wall_m : float
        Least distance of the group's nearest row from the hall wall (a separation from the building, as
        :func:`retrofit.layout.transformer_separation.building_separation_m`); 0 for none beyond the row's
        clearance [m].
    """

    units: tuple[YardUnit, ...]
    gap_m: float
    wall_m: float = 0.0


def reach(p: Placed, side: str, width_m: float) -> float:
    """Distance from the wall to the far edge of an outdoor unit on ``side`` [m]."""
    return -p.y_m if side == "south" else p.y_m + p.depth_m - width_m


def band_taken(outdoor: Sequence[Placed], side: str, width_m: float, clearance_m: Sequence[float] = ()) -> float:
    """Depth of the band outside the wall on ``side`` that ``outdoor`` units already take, with the largest of
    ``clearance_m`` (what those units keep beyond their far edge) [m]; 0 when nothing stands there."""
    mine = [p for p in outdoor if (p.y_m < 0 if side == "south" else p.y_m >= width_m)]
    if not mine:
        return 0.0
    return max(reach(p, side, width_m) for p in mine) + max(clearance_m, default=0.0)


def place_groups(groups: Sequence[YardGroup], length_m: float, width_m: float, side: str, centre_x_m: float,
                 start_m: float = 0.0) -> list[Placed]:
    """The groups in rows outside the wall on ``side``, group after group away from the wall.

    Each group's first row keeps its clearance beyond ``start_m`` (or beyond the previous group's last
    row plus that group's clearance), as :func:`retrofit.layout.yard.place_coolers` sets rows, and stands at
    least the group's ``wall_m`` from the wall.

    Examples
    --------
    >>> g = [YardGroup((YardUnit("g1", 12.0, 3.0, 1.5, "generator"),), 1.5),
    ...      YardGroup((YardUnit("b1", 9.1, 1.65, 0.9, "bess"),), 0.9)]
    >>> [(p.id, round(p.y_m, 2)) for p in place_groups(g, 40.0, 20.0, "north", 20.0)]
    [('g1', 21.5), ('b1', 26.9)]
    """
    out: list[Placed] = []
    offset = float(start_m)
    for group in groups:
        if not group.units:
            continue
        clearance = max(u.clearance_m for u in group.units)
        start = max(offset, group.wall_m - clearance)
        placed = place_coolers(group.units, length_m, width_m, side, centre_x_m, group.gap_m, start)
        out.extend(placed)
        offset = max(reach(p, side, width_m) for p in placed) + clearance
    return out


def wall_distance(p: Placed, side: str, width_m: float) -> float:
    """Distance from the wall on ``side`` to the near edge of an outdoor unit standing there [m]."""
    return -(p.y_m + p.depth_m) if side == "south" else p.y_m - width_m


def overlaps(items: Sequence[Placed]) -> list[tuple[str, str]]:
    """Pairs of ``items`` whose footprints overlap (touching is not overlapping) [-]."""
    out = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if (a.x_m < b.x_m + b.width_m - 1e-9 and b.x_m < a.x_m + a.width_m - 1e-9
                    and a.y_m < b.y_m + b.depth_m - 1e-9 and b.y_m < a.y_m + a.depth_m - 1e-9):
                out.append((a.id, b.id))
    return out


__all__ = ["BackupPlacement", "CollectorBlock", "GENERATOR_GAP_M", "Lineup", "MODULE_MAX_M", "NFPA37_OPENING_M",
           "NFPA855_BUILDING_M", "NFPA855_UNIT_M", "PAD_FOOTPRINT_MAX_KVA",
           "ROOM_ACCESS_M", "STEP_UP_FOOTPRINT_M", "UpsRoom", "YardGroup", "band_taken", "moved", "overlaps",
           "place_groups", "reach", "ups_room", "wall_distance"]
