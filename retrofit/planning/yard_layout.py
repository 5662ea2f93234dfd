"""The planner's outdoor and wall equipment: transformer pads with their MV cable routes, the yard and
facility main of each hall's cooling, CRAHs along the walls; recorded on the hall's layout.

Every length here is a route on the hall plan (:mod:`retrofit.layout.runs`), and the design takes its
lengths from these routes: the MV cable of each new transformer, the facility main of each hall
(:func:`retrofit.planning.piping.facility_main`). The floor plan draws the same routes.
"""
from __future__ import annotations

from ..layout.geometry import Rect, floor_from_hall
from ..layout.runs import RoutedRun, cable_route
from ..layout.yard import PAD_FRONT_CLEARANCE_M, place_crahs, place_pads
from ..units import magnitude


def _room(hall) -> Rect | None:
    for o in hall.obstacles:
        if o.kind == "electrical_room":
            return Rect(magnitude(o.x, "m"), magnitude(o.y, "m"), magnitude(o.width, "m"), magnitude(o.depth, "m"),
                        o.id, o.kind)
    return None


def transformer_pads(layout, hall, transformers: list[str], mv_point: tuple[float, float]) -> dict[str, float]:
    """Set the pads of a hall's new transformers outside the wall by its electrical room; their MV cables.

    Parameters
    ----------
    layout : HallLayout
        The hall's layout; the pads go to ``layout.outdoor`` and the cable routes to ``layout.runs``.
    hall : retrofit.model.Hall
        The hall [m].
    transformers : list of str
        Ids of the new transformers fed from this hall's MV lineup [-].
    mv_point : tuple of float
        Where the MV lineup stands (the electrical room's centre) [m].

    Returns
    -------
    dict of str to float
        Length of each transformer's MV cable: the rectilinear duct-bank route from the lineup to the
        pad's centre (:func:`retrofit.layout.runs.cable_route`) [m].
    """
    pads = place_pads(transformers, magnitude(hall.length, "m"), magnitude(hall.width, "m"), _room(hall))
    out = {}
    for pad in pads:
        route = cable_route(mv_point, (pad.x_m + pad.width_m / 2, pad.y_m + pad.depth_m / 2))
        layout.outdoor.append(pad)
        layout.runs.append(RoutedRun(pad.id, "mv_cable", route))
        out[pad.id] = route.length_m
    return out


def yard_taken(layout, hall, wall_y_m: float) -> tuple[float, list[tuple[float, float]]]:
    """The band outside the wall at ``wall_y_m`` that the hall's transformer pads take, with the front
    clearance of their doors, and the pads' x extents [m] (0 and none when no pad stands on that side)."""
    width = magnitude(hall.width, "m")
    pads = [p for p in layout.outdoor if p.kind == "transformer"]
    south = wall_y_m <= width / 2
    mine = [p for p in pads if (p.y_m < 0 if south else p.y_m >= width)]
    if not mine:
        return 0.0, []
    band = max(-p.y_m if south else p.y_m + p.depth_m - width for p in mine)
    return band + PAD_FRONT_CLEARANCE_M, [(p.x_m, p.x_m + p.width_m) for p in mine]


def cooling_layout(layout, hall, cooling, crahs, criteria) -> None:
    """Record a hall's yard units and facility main, and stand its CRAHs against the walls (in place).

    Parameters
    ----------
    layout : HallLayout
        The hall's layout (``outdoor``, ``runs`` and ``crahs`` are extended).
    hall : retrofit.model.Hall
        The hall [m].
    cooling : HallCooling
        The hall's cooling, with its facility main and yard.
    crahs : list of AirMover
        The hall's CRAH groups (one position per unit) [-].
    criteria : Criteria
        Perimeter walkway [m].
    """
    main = cooling.main
    if main is not None:
        layout.outdoor.extend(main.yard)
        if main.route is not None:
            layout.runs.append(RoutedRun(cooling.facility_loop, "facility_main", main.route))
    ids = [f"{c.id}.{k + 1}" for c in crahs for k in range(c.count)]
    if not ids:
        return
    blockers = [Rect(p.x_m, p.y_m, p.width_m, p.depth_m, p.id, p.kind)
                for p in layout.racks + layout.cdus + layout.equipment] + list(layout.aisles) + list(layout.working_spaces)
    placed = place_crahs(floor_from_hall(hall), ids, magnitude(criteria.perimeter_clearance, "m"), blockers)
    layout.crahs.extend(placed)
    if len(placed) < len(ids):
        layout.violations.append(f"{hall.id}: wall space for {len(placed)} of {len(ids)} CRAHs")


__all__ = ["cooling_layout", "transformer_pads", "yard_taken"]
