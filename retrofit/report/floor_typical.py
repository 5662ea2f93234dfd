"""Halls whose floor plans are the same drawing but for element ids: their sheets are printed once, as
"typical of" the others, with how each other hall's ids read."""
from __future__ import annotations

from ..model import Design
from .floor_layout import busway_routes, floor_layout


def _signature(design: Design, hall_id: str, results: dict) -> tuple:
    """What a hall's floor plan draws, without element ids: halls with equal signatures draw alike [m]."""
    hall = next(h for h in design.halls if h.id == hall_id)
    layout = floor_layout(design, hall_id, results)

    def rects(items):
        return tuple(sorted((round(i["x_m"], 3), round(i["y_m"], 3), round(i["width_m"], 3), round(i["depth_m"], 3),
                             str(i.get("kind"))) for i in items))

    geometry = (round(float(hall.length.to("m").magnitude), 3), round(float(hall.width.to("m").magnitude), 3),
                tuple(sorted((round(float(o.x.to("m").magnitude), 3), round(float(o.y.to("m").magnitude), 3),
                              round(float(o.width.to("m").magnitude), 3), round(float(o.depth.to("m").magnitude), 3),
                              o.kind) for o in list(hall.columns) + list(hall.obstacles))))
    runs = tuple(sorted((str(r.get("kind")), tuple((round(x, 3), round(y, 3)) for x, y in r["points"]))
                        for r in layout.runs))
    routes = tuple(sorted((int(r.get("side", 0)), tuple((round(x, 3), round(y, 3)) for x, y in r["points"]))
                          for r in (busway_routes(design, hall_id, layout) if layout.equipment else [])))
    if layout.source != "the planner's layout":
        return (hall_id,)       # a design's own positions are drawn hall by hall (its row names are its own)
    return (geometry, layout.source, rects(layout.racks), rects(layout.cdus), rects(layout.equipment),
            rects(layout.aisles), rects(layout.outdoor), rects(layout.crahs), runs, routes,
            tuple(layout.violations and [len(layout.violations)]))


def _id_change(a: str, b: str) -> tuple[str, str]:
    """The part of id ``a`` that reads differently in id ``b`` (common prefix and suffix stripped)."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[len(a) - 1 - j] == b[len(b) - 1 - j]:
        j += 1
    return a[i:len(a) - j], b[i:len(b) - j]


def typical_halls(design: Design, results: dict) -> list[tuple[str, list[str], dict[str, str]]]:
    """Halls whose floor plans are the same drawing but for element ids, grouped (planner's layouts only).

    Returns
    -------
    list of (str, list of str, dict)
        For each group, in the order of the halls: the hall drawn, every hall of the group (the drawn one
        first), and for each other hall how its ids differ from the drawn hall's (``"'h01' reads 'h03'"``,
        or ``"ids differ: see the schedules"``) [-].
    """
    groups: dict[tuple, list[str]] = {}
    for hall in design.halls:
        groups.setdefault(_signature(design, hall.id, results), []).append(hall.id)
    out = []
    seen = set()
    for hall in design.halls:
        if hall.id in seen:
            continue
        members = next(m for m in groups.values() if m[0] == hall.id)
        seen.update(members)
        first = floor_layout(design, hall.id, results)
        differences = {}
        for other in members[1:]:
            lay = floor_layout(design, other, results)
            pairs = set()
            for kind in ("racks", "cdus", "equipment", "outdoor", "crahs"):
                mine = sorted(getattr(first, kind), key=lambda i: (round(i["x_m"], 3), round(i["y_m"], 3)))
                theirs = sorted(getattr(lay, kind), key=lambda i: (round(i["x_m"], 3), round(i["y_m"], 3)))
                pairs |= {_id_change(a["id"], b["id"]) for a, b in zip(mine, theirs) if a["id"] != b["id"]}
            if not pairs:
                differences[other] = "the same ids"
            elif len(pairs) <= 2:
                differences[other] = "; ".join(f"'{a}' reads '{b}'" for a, b in sorted(pairs))
            else:
                differences[other] = "ids differ: see the schedules"
        out.append((hall.id, members, differences))
    return out


__all__ = ["typical_halls"]
