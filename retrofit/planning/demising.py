"""Demising walls: the partition that keeps the GPU zone of a phase out of the air of the miners still running.

In each hall where a phase has GB300 racks live and miners still running, the GPU zone is the
rectangle around the phase's racks, widened by an aisle on every side and clipped to the hall's walls.
The wall closes the sides of that rectangle that are not hall walls. Its length is what the schedule
builds and the drawing shows.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..units import magnitude

#: Distance within which a zone side is taken to lie on the hall wall [m].
WALL_TOLERANCE_M = 0.5


@dataclass(frozen=True)
class DemisingWall:
    """The wall around one hall's GPU zone in a phase.

    Attributes
    ----------
    hall : str
        Hall id [-].
    x0_m, y0_m, x1_m, y1_m : float
        The GPU zone rectangle (x along the hall length from the west wall, y from the south wall) [m].
    sides : tuple of str
        Sides of the zone closed by the wall (``north``, ``south``, ``east``, ``west``) [-].
    length_m : float
        Wall length: the sum of those sides [m].
    """

    hall: str
    x0_m: float
    y0_m: float
    x1_m: float
    y1_m: float
    sides: tuple[str, ...]
    length_m: float

    def as_dict(self) -> dict:
        """Plain JSON-ready data."""
        d = asdict(self)
        d["sides"] = list(self.sides)
        return d


def zone_wall(hall: str, hall_length_m: float, hall_width_m: float, racks: list[tuple[float, float]],
              rack_width_m: float, rack_depth_m: float, margin_m: float) -> DemisingWall:
    """The demising wall around racks whose south-west corners are ``racks`` in a hall.

    Parameters
    ----------
    hall : str
        Hall id.
    hall_length_m, hall_width_m : float
        Hall length (x) and width (y) [m].
    racks : list of (float, float)
        South-west corner of each rack [m].
    rack_width_m, rack_depth_m : float
        Rack footprint [m].
    margin_m : float
        Aisle kept between the racks and the wall [m].

    Returns
    -------
    DemisingWall

    Examples
    --------
    Two racks against the south wall: the zone runs 8.8 to 21.8 m along the hall and 0 to 2.4 m across it;
    the wall closes its north side (13.0 m) and its west and east ends (2.4 m each).

    >>> zone_wall("h", 100.0, 40.0, [(10.0, 0.0), (20.0, 0.0)], 0.6, 1.2, 1.2).length_m
    17.8
    """
    x0 = max(0.0, min(x for x, _ in racks) - margin_m)
    y0 = max(0.0, min(y for _, y in racks) - margin_m)
    x1 = min(hall_length_m, max(x for x, _ in racks) + rack_width_m + margin_m)
    y1 = min(hall_width_m, max(y for _, y in racks) + rack_depth_m + margin_m)
    sides, length = [], 0.0
    if y0 > WALL_TOLERANCE_M:
        sides.append("south")
        length += x1 - x0
    if hall_width_m - y1 > WALL_TOLERANCE_M:
        sides.append("north")
        length += x1 - x0
    if x0 > WALL_TOLERANCE_M:
        sides.append("west")
        length += y1 - y0
    if hall_length_m - x1 > WALL_TOLERANCE_M:
        sides.append("east")
        length += y1 - y0
    return DemisingWall(hall, round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3), tuple(sides), round(length, 3))


def phase_walls(stage, proposal, live_loops: set[str]) -> list[DemisingWall]:
    """The demising walls of a stage: one per hall holding both live racks of ``live_loops`` and running miners.

    Parameters
    ----------
    stage : Design
        The stage's design (its miners are those still running).
    proposal : Proposal
        The final proposal (loop rack positions and hall layouts).
    live_loops : set of str
        TCS loops live in the stage.

    Returns
    -------
    list of DemisingWall
        By hall id.
    """
    mining_halls = {m.hall for m in stage.loads.miners if m.hall}
    halls = {h.id: h for h in stage.halls}
    margin = magnitude(stage.goal.criteria.cold_aisle, "m") if stage.goal else 1.2
    out = []
    for hc in sorted(proposal.cooling, key=lambda h: h.hall):
        if hc.hall not in mining_halls or hc.hall not in halls:
            continue
        pts = [(float(r["x"]), float(r["y"])) for s in hc.loops if s.id in live_loops for r in s.racks
               if r.get("x") is not None and r.get("y") is not None]
        if not pts:
            continue
        placed = (proposal.layouts.get(hc.hall).racks if proposal.layouts.get(hc.hall) else [])
        w, d = (placed[0].width_m, placed[0].depth_m) if placed else (0.6, 1.2)
        h = halls[hc.hall]
        out.append(zone_wall(hc.hall, magnitude(h.length, "m"), magnitude(h.width, "m"), pts, w, d, margin))
    return out


__all__ = ["DemisingWall", "WALL_TOLERANCE_M", "phase_walls", "zone_wall"]
