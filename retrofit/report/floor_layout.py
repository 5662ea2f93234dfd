"""What a hall's floor plan draws, as data: the layout in metres from the hall's south-west corner and the
busway routes, whatever the layout came from.

The layout comes, in this order of preference, from the planner's hall layout
(:class:`retrofit.layout.HallLayout` or its dict form), from ``results["layout"][hall]`` (the positions
``retrofit analyze`` reports), or from the rack positions written in the design. The PDF floor plan
(:mod:`retrofit.report.floorplan`) and the DXF drawing (:mod:`retrofit.export.dxf_floorplan`) both draw it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..layout.runs import busway_route
from ..model import Design
from .formatting import number


@dataclass
class FloorLayout:
    """What a floor plan draws, in metres from the hall's south-west corner (+x east, +y north)."""

    hall: str
    source: str
    racks: list[dict] = field(default_factory=list)       # id, x_m, y_m, width_m, depth_m, row, kind
    cdus: list[dict] = field(default_factory=list)
    equipment: list[dict] = field(default_factory=list)
    aisles: list[dict] = field(default_factory=list)      # x_m, y_m, width_m, depth_m, kind/label
    rows: list[dict] = field(default_factory=list)        # id, y_m, x0_m, x1_m, facing
    working_spaces: list[dict] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    routes: list[dict] = field(default_factory=list)      # id, side, points [(x_m, y_m)], length_m
    outdoor: list[dict] = field(default_factory=list)     # yard coolers and transformer pads outside the walls
    crahs: list[dict] = field(default_factory=list)
    runs: list[dict] = field(default_factory=list)        # id, kind (facility_main, mv_cable), points, length_m
    zones: list[dict] = field(default_factory=list)       # phase, x0_m, y0_m, x1_m, y1_m, sides, length_m
    backup: list[dict] = field(default_factory=list)      # UPS room, lineups, working spaces; yard generators, ATS, BESS


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _plain(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    return obj


def hall_layout_dict(layout) -> dict:
    """A planner's hall layout (a ``HallLayout`` dataclass or dict) as a plain JSON-ready dict."""
    data = _plain(layout)
    if not isinstance(data, dict):
        raise TypeError(f"a hall layout must be a dataclass or a dict, not {type(layout).__name__}")
    return data


def _rects(items, kind: str) -> list[dict]:
    out = []
    for item in items or []:
        item = _plain(item)
        x, y, w, d = (_get(item, k) for k in ("x_m", "y_m", "width_m", "depth_m"))
        if None in (x, y, w, d):
            continue
        out.append({"id": _get(item, "id", ""), "x_m": float(x), "y_m": float(y), "width_m": float(w),
                    "depth_m": float(d), "row": _get(item, "row"), "kind": _get(item, "kind", kind) or kind,
                    "label": _get(item, "label") or _get(item, "kind") or ""})
    return out


def from_hall_layout(hall_id: str, layout) -> FloorLayout:
    """The floor layout of a planner's ``HallLayout`` (or its dict form)."""
    data = hall_layout_dict(layout)
    rows = [{"id": _get(r, "id"), "y_m": _get(r, "y_m"), "x0_m": _get(r, "x0_m"), "x1_m": _get(r, "x1_m"),
             "facing": _get(r, "facing"), "n": len(_get(r, "rack_ids", []) or [])} for r in data.get("rows") or []]
    runs = []
    for r in data.get("runs") or []:
        route = _get(r, "route") or {}
        points = [(float(x), float(y)) for x, y in _get(route, "points", ()) or ()]
        plan = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in zip(points, points[1:]))
        runs.append({"id": _get(r, "id"), "kind": _get(r, "kind"), "points": points,
                     "length_m": plan + float(_get(route, "rise_m", 0.0) or 0.0)})
    return FloorLayout(hall_id, "the planner's layout", racks=_rects(data.get("racks"), "rack"),
                       cdus=_rects(data.get("cdus"), "cdu"), equipment=_rects(data.get("equipment"), "equipment"),
                       aisles=_rects(data.get("aisles"), "aisle"), rows=rows,
                       working_spaces=_rects(data.get("working_spaces"), "working_space"),
                       violations=[str(v) for v in data.get("violations") or []],
                       outdoor=_rects(data.get("outdoor"), "outdoor"), crahs=_rects(data.get("crahs"), "crah"),
                       runs=runs, backup=_rects(data.get("backup"), "backup"))


def from_layout_results(hall_id: str, hall_results: dict) -> FloorLayout:
    """The floor layout of ``results["layout"][hall]`` (rack positions, clearances and aisle checks)."""
    racks = [dict(v, id=k) for k, v in sorted((hall_results.get("racks") or {}).items())]
    violations = []
    for c in hall_results.get("clearances") or []:
        if c.get("ok") is False:
            violations.append(f"{c.get('element')}: clearance {number(c.get('available_m'), '.2f', 'm')} < "
                              f"{number(c.get('required_m'), '.2f', 'm')} ({c.get('clause', '')})")
    for a in hall_results.get("aisles") or []:
        if a.get("ok") is False:
            violations.append(f"aisle {a.get('between')}: {number(a.get('width_m'), '.2f', 'm')} < "
                              f"{number(a.get('required_m'), '.2f', 'm')}")
    for o in hall_results.get("obstructions") or []:
        if o.get("ok") is False:
            violations.append(f"rack {o.get('rack')} overlaps {o.get('obstacle')}")
    return FloorLayout(hall_id, "the rack positions of the design (analysis layout)", racks=_rects(racks, "rack"),
                       violations=violations)


def from_design(design: Design, hall_id: str) -> FloorLayout:
    """The floor layout of the rack positions written in the design, if any."""
    racks = []
    for group in design.loads.racks:
        if group.hall not in (hall_id, None) or not group.positions:
            continue
        w, d = float(group.width.to("m").magnitude), float(group.depth.to("m").magnitude)
        width = max(2, len(str(group.count)))
        for i, p in enumerate(group.positions):
            racks.append({"id": f"{group.id}.{i + 1:0{width}d}", "x_m": float(p.x.to("m").magnitude),
                          "y_m": float(p.y.to("m").magnitude), "width_m": w, "depth_m": d, "row": group.row,
                          "kind": group.kind})
    source = "the rack positions written in the design" if racks else "no layout"
    notes = [] if racks else ["no rack positions: the design does not place its racks and no layout was produced"]
    return FloorLayout(hall_id, source, racks=_rects(racks, "rack"), notes=notes)


def floor_layout(design: Design, hall_id: str, results: dict) -> FloorLayout:
    """The best available layout of ``hall_id``: the planner's, the analysis', or the design's positions."""
    planned = ((results.get("plan") or {}).get("layout") or {}).get(hall_id)
    if planned:
        return from_hall_layout(hall_id, planned)
    analysed = (results.get("layout") or {}).get(hall_id)
    if analysed and analysed.get("racks"):
        return from_layout_results(hall_id, analysed)
    return from_design(design, hall_id)


def routed_floor_layout(design: Design, hall_id: str, results: dict) -> FloorLayout:
    """:func:`floor_layout` with its busway routes from the switchboards to the rows (:func:`busway_routes`):
    what the PDF sheets and the DXF drawing both draw."""
    layout = floor_layout(design, hall_id, results)
    if layout.equipment:
        layout.routes = busway_routes(design, hall_id, layout)
    return layout


def busway_routes(design: Design, hall_id: str, layout: FloorLayout) -> list[dict]:
    """The route of each rack busway of the hall, by :func:`retrofit.layout.runs.busway_route`, the function the
    planner took the busway's length from [m].

    A busway runs from its switchboard (the centre of the placed equipment) to the racks whose feeds name its
    tap bus; ``side`` is the position of that tap in the racks' feeds (0: A, 1: B). A busway leaving a UPS
    lineup's output switchboard is drawn from the lineup's input switchboard, where the planner measured its
    length before the backup policy put the lineup between them.
    """
    where = {e["id"]: (e["x_m"] + e["width_m"] / 2, e["y_m"] + e["depth_m"] / 2) for e in layout.equipment}
    for u in design.electrical.ups:
        if u.from_bus in where:
            where.setdefault(u.to_bus, where[u.from_bus])
    fed: dict[str, list] = {}
    side: dict[str, int] = {}
    for g in design.loads.racks:
        if g.hall != hall_id or not g.positions:
            continue
        w = float(g.width.to("m").magnitude)
        for i, tap in enumerate(g.feeds):
            side.setdefault(tap, i)
            fed.setdefault(tap, []).extend((float(p.x.to("m").magnitude), float(p.y.to("m").magnitude), w)
                                           for p in g.positions)
    heights = float(next(h for h in design.halls if h.id == hall_id).clear_height.to("m").magnitude)
    blocks = [(i["x_m"], i["y_m"], i["x_m"] + i["width_m"], i["y_m"] + i["depth_m"])
              for i in layout.racks + layout.cdus]
    equipment = [(e["x_m"], e["y_m"], e["x_m"] + e["width_m"], e["y_m"] + e["depth_m"]) for e in layout.equipment]
    blocks, equipment = merged_blocks(blocks), merged_blocks(equipment)   # once per hall, not once per busway
    out = []
    for b in sorted(design.electrical.busways, key=lambda b: b.id):
        racks = fed.get(b.to_bus)
        if not racks or b.from_bus not in where:
            continue
        x0 = min(r[0] for r in racks)
        x1 = max(r[0] for r in racks) + racks[0][2]
        route = busway_route(where[b.from_bus], x0, x1, racks[0][1], heights)
        out.append({"id": b.id, "side": side[b.to_bus], "points": drawn_route(route.points, blocks, equipment, merged=True),
                    "length_m": route.length_m, "design_length_m": float(b.length.to("m").magnitude)})
    return out


def _crossings(points, blocks) -> int:
    """How many (segment, block) pairs of a rectilinear path pass through a block's inside [-]."""
    n = 0
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        lo, hi, ylo, yhi = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
        for x0, y0, x1, y1 in blocks:
            if ylo == yhi:
                n += y0 + 1e-6 < ylo < y1 - 1e-6 and max(lo, x0) < min(hi, x1) - 1e-6
            else:
                n += x0 + 1e-6 < lo < x1 - 1e-6 and max(ylo, y0) < min(yhi, y1) - 1e-6
    return n


def _within(blocks, box) -> list:
    """The blocks whose inside meets the open box (x0, y0, x1, y1) [m]."""
    bx0, by0, bx1, by1 = box
    return [b for b in blocks if b[0] < bx1 and b[2] > bx0 and b[1] < by1 and b[3] > by0]


def _gaps(intervals, lo: float, hi: float) -> list[float]:
    """Centres of the stretches of [lo, hi] that no interval covers."""
    out, at = [], lo
    for a, b in sorted(intervals):
        if a > at + 1e-6 and a > lo:
            out.append((at + min(a, hi)) / 2)
        at = max(at, b)
        if at >= hi:
            break
    if at < hi - 1e-6:
        out.append((at + hi) / 2)
    return [g for g in out if lo <= g <= hi]


def merged_blocks(blocks) -> list[tuple[float, float, float, float]]:
    """Blocks side by side in a row (racks, the CDU among them) as one: a path between two of them crosses the row.

    Blocks are (x0, y0, x1, y1) [m]; merging merged blocks gives them back unchanged."""
    out: list[list[float]] = []
    for x0, y0, x1, y1 in sorted(blocks, key=lambda b: (round(b[1], 3), round(b[3], 3), b[0])):
        last = out[-1] if out else None
        if last and abs(last[1] - y0) < 1e-3 and abs(last[3] - y1) < 1e-3 and x0 <= last[2] + 1e-3:
            last[2] = max(last[2], x1)
        else:
            out.append([x0, y0, x1, y1])
    return [tuple(b) for b in out]


def drawn_route(points, blocks, equipment=(), *, merged: bool = False) -> list[tuple[float, float]]:
    """The path a busway route is drawn on, of the same length as its route [m].

    A route (:func:`retrofit.layout.runs.busway_route`) leaves its switchboard, crosses to the line of its racks
    and runs along them: its length is |dx| + |dy| to the nearer end of the run, plus the run. Any path that
    only moves toward that end (a staircase) has the same length, so the drawing takes the staircase that
    passes through the fewest racks and CDUs (``blocks``: x0, y0, x1, y1): across in an aisle, up through the
    gap between rows' ends, as overhead busway runs, rather than straight through the rows; of those alike, the
    one over the fewest ``equipment`` blocks (switchboards: a busway leaves its own and runs clear of the
    others). With no better staircase the route is drawn as computed. ``merged``: the blocks and the equipment
    are already :func:`merged_blocks` (a hall's, merged once for all its busways).
    """
    pts = [(float(x), float(y)) for x, y in points]
    if len(pts) < 3:
        return pts
    if not merged:
        blocks, equipment = merged_blocks(blocks), merged_blocks(equipment)
    (sx, sy), (near, y) = pts[0], pts[2]
    tail = pts[2:]
    x_lo, x_hi = min(sx, near), max(sx, near)
    y_lo, y_hi = min(sy, y), max(sy, y)
    lanes = _gaps([(b[1], b[3]) for b in blocks if b[0] < x_hi and b[2] > x_lo], y_lo, y_hi)
    # every path tried keeps to the box of the route's own points (its lanes and gaps lie between them), and a
    # block counts as crossed only where its inside meets a segment, so blocks clear of that box never count
    box = (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
    near_blocks, near_equipment = _within(blocks, box), _within(equipment, box)
    best = (_crossings(pts, near_blocks), _crossings(pts, near_equipment), 0, 0.0, pts)
    if best[:2] == (0, 0):
        return pts
    for yb in sorted({sy, y, *lanes}):
        span = (min(yb, y), max(yb, y))
        gaps = _gaps([(b[0], b[2]) for b in blocks if b[1] < span[1] - 1e-6 and b[3] > span[0] + 1e-6], x_lo, x_hi)
        for xc in {sx, near, *gaps}:
            path = [(sx, sy), (sx, yb), (xc, yb), (xc, y)] + tail
            path = [p for i, p in enumerate(path) if i == 0 or p != path[i - 1]]
            score = (_crossings(path, near_blocks), _crossings(path, near_equipment), len(path), abs(xc - sx), path)
            if score[:4] < best[:4]:
                best = score
    return best[4]


__all__ = ["FloorLayout", "busway_routes", "drawn_route", "floor_layout", "from_design", "from_hall_layout",
           "from_layout_results", "merged_blocks",
           "hall_layout_dict", "routed_floor_layout"]
