"""The floor plan of a hall, drawn to scale with reportlab graphics.

It draws what the layout placed (racks, CDUs, electrical equipment and the working space in front of it,
aisles) over the hall's own geometry (walls, columns, obstacles, the perimeter walkway), with overall and
column-grid dimensions, a scale bar, a north arrow and the scale ratio at which the printed page is true.
A hall too long to stay legible on one sheet is split along its length into sheets joined at match lines.

The layout and the busway routes come from :mod:`retrofit.report.floor_layout`. Dimensions are the hall's
and the layout's own figures; nothing is computed here but drawing coordinates.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model import Design
from ..model.halls import Hall
from .document import sheet_name
from .floor_layout import FloorLayout, floor_layout, routed_floor_layout
from .floor_marks import (AISLE, BOLD, CDU_FILL, COLD, CONTAINMENT, COOLER, CRAH_FILL, DEMISING, EQUIPMENT,
                          FONT, GREY, HOT, LABEL_GAP_PT, MAIN_PIPE, MIN_FONT, MV_CABLE, NETWORK, OBSTACLE,
                          PHASE_COLOURS, RACK, ROUTE_COLOURS, ROUTE_OFFSET_PT, TRANSFORMER, WALL, YARD_FILL,
                          YARD_NAMES, YARD_NAME_ONE, dimension, legend, match_line, north_arrow, scale_bar)
from .formatting import count_noun, plain, sheet_identity

#: Scales offered, as the N of 1:N, from the finest.
SCALES = (50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 600, 750, 1000, 1250, 1500, 2000, 2500, 5000)
#: Coarsest scale a sheet uses before the hall is split into several sheets along its length.
MAX_SCALE = 500
PT_PER_M_AT_1_TO_1 = 72.0 / 0.0254
TITLE_BLOCK = 40.0
MARGIN = 26.0                 # space around the hall outline for dimensions [pt]

#: Margin kept around what stands on the floor on an enlarged sheet [m].
DETAIL_MARGIN_M = 4.0


# --- drawing -------------------------------------------------------------------------------------

@dataclass
class FloorSheet:
    """One sheet of a hall's floor plan."""

    number: str
    title: str
    drawing: Drawing
    scale: int
    x_range_m: tuple[float, float]


def choose_scale(length_m: float, width_m: float, size: tuple[float, float]) -> int:
    """The finest scale 1:N from :data:`SCALES` at which the hall fits the drawing area."""
    w, h = size[0] - 2 * MARGIN, size[1] - TITLE_BLOCK - 2 * MARGIN
    need = max(length_m * PT_PER_M_AT_1_TO_1 / w, width_m * PT_PER_M_AT_1_TO_1 / h)
    for n in SCALES:
        if n >= need:
            return n
    return SCALES[-1]


class _Labels:
    """Labels of a floor plan: a label that would cover one already placed is tried elsewhere, or left out
    (the schedules name every element)."""

    def __init__(self, group: Group):
        self.group = group
        self.boxes: list[tuple[float, float, float, float]] = []
        self.lines: list[tuple[float, float, float, float]] = []    # route lines drawn over the floor [pt]

    def free(self, box: tuple[float, float, float, float]) -> bool:
        """Whether ``box`` covers no label placed and is crossed by no route line."""
        gap = LABEL_GAP_PT         # labels side by side keep a space between them, not to read as one
        if any(box[0] - gap < b[2] and b[0] < box[2] + gap and box[1] < b[3] and b[1] < box[3] for b in self.boxes):
            return False
        return not any(min(xa, xb) < box[2] and box[0] < max(xa, xb) and min(ya, yb) < box[3] and box[1] < max(ya, yb)
                       for xa, ya, xb, yb in self.lines)

    def add(self, x: float, y: float, text: str, size: float, *, anchor: str = "start", colour=WALL,
            required: bool = False) -> bool:
        w = stringWidth(text, FONT, size)
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        box = (x0, y - 0.25 * size, x0 + w, y + 0.8 * size)
        if not required and not self.free(box):
            return False
        self.boxes.append(box)
        self.group.add(String(x, y, text, fontName=FONT, fontSize=size, fillColor=colour, textAnchor=anchor))
        return True


def _draw_sheet(hall: Hall, layout: FloorLayout, size: tuple[float, float], x_range: tuple[float, float],
                scale: int, number_: str, title: str, neighbours: tuple[str, str], working_space_m: float,
                perimeter_m: float, y_range: tuple[float, float] | None = None, key_plan: bool = False,
                identity: str = "", enlarged: tuple[tuple, tuple, str, str] | None = None) -> Drawing:
    """One sheet; a key plan (an enlarged sheet follows it) names the rooms and equipment only. ``identity`` is
    the title block's project, revision, date and sheet line (:func:`~retrofit.report.formatting.sheet_identity`).
    ``enlarged`` is the area the enlarged sheet draws (x and y extents [m]), its number and what stands there:
    the key plan outlines it, and says the floor beyond it is kept clear when that is most of the hall."""
    width, height = size
    d = Drawing(width, height)
    k = PT_PER_M_AT_1_TO_1 / scale               # points per metre on the sheet
    x0m, x1m = x_range
    length = float(hall.length.to("m").magnitude)
    depth = float(hall.width.to("m").magnitude)
    y0m, y1m = y_range if y_range is not None else (0.0, depth)
    ox = MARGIN + max(0.0, (width - 2 * MARGIN - (x1m - x0m) * k) / 2)
    oy = TITLE_BLOCK + MARGIN + max(0.0, (height - TITLE_BLOCK - 2 * MARGIN - (y1m - y0m) * k) / 2)

    def P(x, y):  # noqa: N802 - metres to points
        return ox + (x - x0m) * k, oy + (y - y0m) * k

    def visible(x, w, y=None, h=0.0):
        inside = x + w > x0m - 1e-9 and x < x1m + 1e-9
        return inside and (y is None or (y + h > y0m - 1e-9 and y < y1m + 1e-9))

    def rect(group, x, y, w, h, **kw):
        xa, xb = max(x, x0m), min(x + w, x1m)
        ya, yb = max(y, y0m), min(y + h, y1m)
        if xb <= xa or yb <= ya:
            return None
        px, py = P(xa, ya)
        r = Rect(px, py, (xb - xa) * k, (yb - ya) * k, **kw)
        group.add(r)
        return r

    floor = Group()
    items = Group()
    routes = Group()
    labels = Group()
    placer = _Labels(labels)
    # busway routes (retrofit.report.floor_layout.drawn_route, of the lengths the design's busways were given),
    # laid first so that no label is put where a route line crosses; A and B a little apart where they share a path
    for route in layout.routes:
        shift = ROUTE_OFFSET_PT * (1 if route.get("side", 0) else -1)
        for (xa_, ya_), (xb_, yb_) in zip(route["points"], route["points"][1:]):
            lo, hi = sorted((xa_, xb_))
            ylo, yhi = sorted((ya_, yb_))
            if hi < x0m - 1e-9 or lo > x1m + 1e-9 or yhi < y0m - 1e-9 or ylo > y1m + 1e-9:
                continue
            (qa, qya), (qb, qyb) = P(max(lo, x0m), max(ylo, y0m)), P(min(hi, x1m), min(yhi, y1m))
            if qya == qyb:
                qya, qyb = qya + shift, qyb + shift
            else:
                qa, qb = qa + shift, qb + shift
            placer.lines.append((qa, qya, qb, qyb))
            routes.add(Line(qa, qya, qb, qyb, strokeColor=ROUTE_COLOURS.get(route.get("side", 0), GREY),
                            strokeWidth=0.6))
    # facility mains and MV cables, as the design's lengths were computed (retrofit.layout.runs); no label goes
    # under a main (the MV cables run in the yard, between the pads they name)
    for run in layout.runs:
        pts = run["points"]
        main = run.get("kind") == "facility_main"
        for (xa_, ya_), (xb_, yb_) in zip(pts, pts[1:]):
            lo, hi = sorted((xa_, xb_))
            ylo, yhi = sorted((ya_, yb_))
            if hi < x0m - 1e-9 or lo > x1m + 1e-9 or yhi < y0m - 1e-9 or ylo > y1m + 1e-9:
                continue
            (qa, qya), (qb, qyb) = P(max(lo, x0m), max(ylo, y0m)), P(min(hi, x1m), min(yhi, y1m))
            if main:
                placer.lines.append((qa, qya, qb, qyb))
            routes.add(Line(qa, qya, qb, qyb, strokeColor=MAIN_PIPE if main else MV_CABLE,
                            strokeWidth=1.4 if main else 0.7, strokeDashArray=None if main else [3, 1.5]))
    # aisles first, under everything
    for a in layout.aisles:
        kind = str(a.get("kind") or a.get("label") or "").lower()
        fill = COLD if "cold" in kind else HOT if "hot" in kind else AISLE
        hot = "hot" in kind
        rect(floor, a["x_m"], a["y_m"], a["width_m"], a["depth_m"], fillColor=fill,
             strokeColor=CONTAINMENT if hot else None, strokeWidth=0.8 if hot else 0)
        name = "hot aisle, contained" if hot else "cold aisle" if "cold" in kind else "aisle"
        text = f"{name} {a['depth_m']:.1f} m"
        if a["depth_m"] * k >= MIN_FONT and visible(a["x_m"], a["width_m"], a["y_m"], a["depth_m"]):
            xa_, xb_ = max(a["x_m"], x0m), min(a["x_m"] + a["width_m"], x1m)
            tw = stringWidth(text, FONT, MIN_FONT)
            if tw <= (xb_ - xa_) * k - 4 and not key_plan:
                px, py = P(xa_, a["y_m"] + a["depth_m"] / 2)
                room = (xb_ - xa_) * k - 4 - tw          # slid along the aisle, clear of route lines
                for f in (0.0, 0.5, 1.0, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875):
                    if placer.add(px + 2 + f * room, py - 2, text, MIN_FONT, colour=GREY):
                        break
    # the walkway along the walls
    if perimeter_m > 0:
        xa, xb = max(perimeter_m, x0m), min(length - perimeter_m, x1m)
        pa, pb = P(xa, max(perimeter_m, y0m)), P(xb, min(depth - perimeter_m, y1m))
        floor.add(Rect(pa[0], pa[1], pb[0] - pa[0], pb[1] - pa[1], fillColor=None, strokeColor=GREY,
                       strokeWidth=0.4, strokeDashArray=[3, 2]))
    # obstacles and columns
    for ob in hall.obstacles:
        x, y = float(ob.x.to("m").magnitude), float(ob.y.to("m").magnitude)
        w, h = float(ob.width.to("m").magnitude), float(ob.depth.to("m").magnitude)
        r = rect(items, x, y, w, h, fillColor=OBSTACLE, strokeColor=GREY, strokeWidth=0.6)
        lineups = [b for b in layout.backup if b.get("kind") == "ups"] if ob.id == "ups-room" else []
        if r is not None and lineups:        # the room is full of lineups: its label goes beside it, on the floor side
            text = plain(f"{ob.id}: {len(lineups)} UPS lineups, {w:.1f} m x {h:.1f} m")
            spots = [r.y + r.height + 2, r.y - 8]
            if y + h >= depth - 1e-6:          # against the north wall: the yard is above, the floor below
                spots.reverse()
            for sy in spots:
                if placer.add(r.x + 1, sy, text, MIN_FONT, colour=EQUIPMENT):     # from its west side, within the hall
                    break
        elif r is not None:
            label = f"{ob.id or ob.kind} ({ob.kind.replace('_', ' ')})"
            if stringWidth(label, FONT, MIN_FONT) > r.width - 2:
                label = ob.id or ob.kind.replace("_", " ")
            if stringWidth(label, FONT, MIN_FONT) <= r.width - 2:      # clear of the route lines over the room
                any(placer.add(r.x + r.width / 2, r.y + r.height * f - 2, plain(label), MIN_FONT, anchor="middle")
                    for f in (0.5, 0.3, 0.7, 0.15, 0.85) if r.height * f >= 4 and r.height * (1 - f) >= 6)
    for col in hall.columns:
        x, y = float(col.x.to("m").magnitude), float(col.y.to("m").magnitude)
        w, h = float(col.width.to("m").magnitude), float(col.depth.to("m").magnitude)
        rect(items, x, y, w, h, fillColor=WALL, strokeColor=WALL, strokeWidth=0.3)  # (x, y): south-west corner
    # electrical equipment and its working space (NEC 110.26(A)): the layout's, else on the side away from the
    # nearer wall at the criteria's depth
    for ws in layout.working_spaces:
        rect(floor, ws["x_m"], ws["y_m"], ws["width_m"], ws["depth_m"], fillColor=None, strokeColor=EQUIPMENT,
             strokeWidth=0.5, strokeDashArray=[2, 1.5])
    for e in layout.equipment:
        r = rect(items, e["x_m"], e["y_m"], e["width_m"], e["depth_m"], fillColor=EQUIPMENT, strokeColor=WALL,
                 strokeWidth=0.4)
        if working_space_m > 0 and not layout.working_spaces:
            front_south = e["y_m"] > depth - (e["y_m"] + e["depth_m"])
            wy = e["y_m"] - working_space_m if front_south else e["y_m"] + e["depth_m"]
            rect(floor, e["x_m"], wy, e["width_m"], working_space_m, fillColor=None, strokeColor=EQUIPMENT,
                 strokeWidth=0.5, strokeDashArray=[2, 1.5])
        if r is not None:
            text = plain(e["id"])
            # above it, else below it in one of two lines (a busway rises from its centre through the first spot)
            any(placer.add(r.x + r.width / 2, sy, text, MIN_FONT, anchor="middle", colour=EQUIPMENT)
                for sy in (r.y + r.height + 1.5, r.y - 6.5, r.y - 13.5))
    for c in layout.cdus:
        r = rect(items, c["x_m"], c["y_m"], c["width_m"], c["depth_m"], fillColor=CDU_FILL, strokeColor=WALL,
                 strokeWidth=0.4)
        if r is not None and r.width >= 6 and not key_plan:
            text = plain(c["id"])
            if stringWidth(text, FONT, MIN_FONT) <= r.width + 14:
                # on the CDU, else just above or below it where a route line crosses it
                spots = [(r.x + r.width / 2, r.y + r.height / 2 - 2)] + [
                    (r.x + r.width / 2 + dx, sy) for sy in (r.y + r.height + 1.5, r.y - 6.5)
                    for dx in (0, -12, 12, -24, 24)]
                any(placer.add(sx, sy, text, MIN_FONT, anchor="middle") for sx, sy in spots)
    for c in layout.crahs:
        r = rect(items, c["x_m"], c["y_m"], c["width_m"], c["depth_m"], fillColor=CRAH_FILL, strokeColor=WALL,
                 strokeWidth=0.4)
    unlabelled: dict[str, list] = {}
    for o in layout.outdoor:
        kind = o.get("kind")
        is_tx = kind == "transformer"
        r = rect(items, o["x_m"], o["y_m"], o["width_m"], o["depth_m"], fillColor=YARD_FILL.get(kind, COOLER),
                 strokeColor=WALL, strokeWidth=0.4)
        if r is not None:
            text = plain(o["id"])
            if stringWidth(text, FONT, MIN_FONT) <= r.width - 2 and r.height >= MIN_FONT:
                placer.add(r.x + r.width / 2, r.y + r.height / 2 - 2, text, MIN_FONT, anchor="middle",
                           colour=colors.white)
            elif is_tx:
                placer.add(r.x + r.width / 2, r.y - 7, text, MIN_FONT, anchor="middle", colour=TRANSFORMER)
                placer.boxes.append((r.x, r.y, r.x + r.width, r.y + r.height))   # no later label over the pad
            else:
                unlabelled.setdefault(kind, []).append(r)
    for kind, rs in unlabelled.items():       # units too small for their ids: one label for the row
        last = max(rs, key=lambda r: (r.x + r.width, r.y))
        text = f"{len(rs)} {(YARD_NAME_ONE if len(rs) == 1 else YARD_NAMES).get(kind, str(kind))}"
        if not placer.add(last.x + last.width + 3, last.y + last.height / 2 - 2, text, MIN_FONT,
                          colour=YARD_FILL.get(kind, COOLER)):
            placer.add(last.x, last.y - 8, text, MIN_FONT, colour=YARD_FILL.get(kind, COOLER))
    # the backup policy's indoor UPS room (its outline is the hall's ups-room obstacle): lineups, working space
    for b in layout.backup:
        if b.get("kind") == "ups":
            rect(items, b["x_m"], b["y_m"], b["width_m"], b["depth_m"], fillColor=EQUIPMENT, strokeColor=colors.white,
                 strokeWidth=0.3)
        elif b.get("kind") == "working_space":
            rect(floor, b["x_m"], b["y_m"], b["width_m"], b["depth_m"], fillColor=None, strokeColor=EQUIPMENT,
                 strokeWidth=0.5, strokeDashArray=[2, 1.5])
    rows: dict[str, list[dict]] = {}
    for rk in layout.racks:
        colour = NETWORK if rk.get("kind") == "network" else RACK
        if rk.get("phase"):
            colour = PHASE_COLOURS[(int(rk["phase"]) - 1) % len(PHASE_COLOURS)]
        # on a key plan a rack is under 1 pt wide: a row reads as one solid bar, not a white hatch
        rect(items, rk["x_m"], rk["y_m"], rk["width_m"], rk["depth_m"], fillColor=colour,
             strokeColor=colour if key_plan else colors.white, strokeWidth=0.25)
        rows.setdefault(str(rk.get("row") or rk["id"].rsplit(".", 1)[0]), []).append(rk)
    for row_id, racks in sorted(rows.items()):
        xa = max(min(r["x_m"] for r in racks), x0m)
        xb = min(max(r["x_m"] + r["width_m"] for r in racks), x1m)
        ya = min(r["y_m"] for r in racks)
        yb = max(r["y_m"] + r["depth_m"] for r in racks)
        if xb <= xa or not visible(xa, xb - xa, ya, yb - ya) or key_plan:
            continue
        name = row_id if row_id.lower().startswith("row") else f"row {row_id}"
        text = f"{name}: {sum(1 for r in racks if visible(r['x_m'], r['width_m']))}"
        (pa, pya), (pb, pyb) = P(xa, ya), P(xb, yb)
        fs = MIN_FONT
        tw = stringWidth(text, FONT, fs)
        inside = tw <= pb - pa - 2 and (pyb - pya) >= fs * 1.1
        # along the row, clear of the route lines crossing it, else beside its end
        spots = [(pa + (pb - pa) * f, True) for f in sorted((i / 20 for i in range(1, 20)), key=lambda f: abs(f - 0.5))
                 if inside and pa + 1 <= pa + (pb - pa) * f - tw / 2 and pa + (pb - pa) * f + tw / 2 <= pb - 1]
        beside = [(pb + 2, (pya + pyb) / 2 - 2, "start"), (pa - 2, (pya + pyb) / 2 - 2, "end")] + [
            (pa + (pb - pa) * f, sy, "middle") for sy in (pyb + 1.5, pya - 6.5)     # in the aisle along it
            for f in sorted((i / 10 for i in range(1, 10)), key=lambda f: abs(f - 0.5))
            if pa <= pa + (pb - pa) * f - tw / 2 and pa + (pb - pa) * f + tw / 2 <= pb]
        if not any(placer.add(sx, (pya + pyb) / 2 - fs * 0.35, text, fs, anchor="middle", colour=colors.white)
                   for sx, _ in spots):
            any(placer.add(sx, sy, text, fs, anchor=anchor, colour=RACK) for sx, sy, anchor in beside)
    if enlarged is not None:
        _enlarged_area(routes, placer, layout, enlarged, P, length, depth, perimeter_m)
    # each phase's GPU zone, and its demising wall on the sides that are not hall walls
    for z in layout.zones:
        colour = PHASE_COLOURS[(int(z["phase"]) - 1) % len(PHASE_COLOURS)]
        (za, zya), (zb, zyb) = P(max(z["x0_m"], x0m), max(z["y0_m"], y0m)), P(min(z["x1_m"], x1m), min(z["y1_m"], y1m))
        if zb <= za or zyb <= zya:
            continue
        routes.add(Rect(za, zya, zb - za, zyb - zya, fillColor=None, strokeColor=colour, strokeWidth=0.6,
                        strokeDashArray=[4, 2]))
        ends = {"south": ((za, zya), (zb, zya)), "north": ((za, zyb), (zb, zyb)),
                "west": ((za, zya), (za, zyb)), "east": ((zb, zya), (zb, zyb))}
        for side in z.get("sides") or ():
            (qa, qya), (qb, qyb) = ends[side]
            routes.add(Line(qa, qya, qb, qyb, strokeColor=DEMISING, strokeWidth=2.4))
            routes.add(Line(qa, qya, qb, qyb, strokeColor=colour, strokeWidth=1.0))
        text = f"phase {z['phase']}: demising wall {z['length_m']:.1f} m"
        if not placer.add(za + 2, zyb + 3, text, MIN_FONT, colour=colour):
            placer.add(zb + 3, zyb - 8, text, MIN_FONT, colour=colour)
    # the facility mains' labels (their lines are drawn with the busway routes)
    for run in layout.runs:
        pts = run["points"]
        main = run.get("kind") == "facility_main"
        if main and len(pts) >= 2:
            text = f"facility main {run['length_m']:.1f} m"
            (xa_, ya_), (_, yb_) = pts[0], pts[1]
            spots = [(xa_, ya_ + f * (yb_ - ya_)) for f in (0.5, 0.25, 0.75)] + list(pts[1:])  # the yard leg first
            for sx, sy in spots:
                if visible(sx, 0.0, sy):
                    px, py = P(sx, sy)
                    if placer.add(px + 3, py - 2, text, MIN_FONT, colour=MAIN_PIPE):
                        break
    # walls
    xa, xb = max(0.0, x0m), min(length, x1m)
    ya, yb = max(0.0, y0m), min(depth, y1m)
    pa, pb = P(xa, ya), P(xb, yb)
    for y_edge, is_wall in ((pa[1], ya <= 0), (pb[1], yb >= depth)):
        if is_wall:
            floor.add(Line(pa[0], y_edge, pb[0], y_edge, strokeColor=WALL, strokeWidth=2.2))
        else:       # the enlarged area ends here: a break line
            floor.add(Line(pa[0], y_edge, pb[0], y_edge, strokeColor=GREY, strokeWidth=0.9,
                           strokeDashArray=[6, 2, 1, 2]))
    if x0m <= 0:
        floor.add(Line(pa[0], pa[1], pa[0], pb[1], strokeColor=WALL, strokeWidth=2.2))
    else:
        match_line(floor, labels, pa[0], pa[1], pb[1], neighbours[0], "start")
    if x1m >= length:
        floor.add(Line(pb[0], pa[1], pb[0], pb[1], strokeColor=WALL, strokeWidth=2.2))
    else:
        match_line(floor, labels, pb[0], pa[1], pb[1], neighbours[1], "end")

    # dimensions: this sheet's extent along x (and the whole length), the hall width, the column grid
    bottom = min(pa[1], P(0.0, y0m)[1])
    top = max(pb[1], P(0.0, y1m)[1])
    # the overall dimension goes under the labels hung below the hall's south side (equipment against the wall)
    under = [b[1] for b in placer.boxes if b[1] < bottom - 4 and b[3] > bottom - 16 and b[0] < pb[0] and b[2] > pa[0]]
    dim_y = max(TITLE_BLOCK + 4, min([bottom - 14] + [u - 9 for u in under]))
    dimension(labels, pa[0], dim_y, pb[0], dim_y,
               f"{xb - xa:.1f} m" + (f" of {length:.1f} m (x {xa:.1f} to {xb:.1f} m)" if (xa, xb) != (0, length) else ""))
    dimension(labels, pa[0] - 14, pa[1], pa[0] - 14, pb[1],
               f"{yb - ya:.1f} m" + (f" of {depth:.1f} m (y {ya:.1f} to {yb:.1f} m)" if (ya, yb) != (0, depth) else ""),
               vertical=True)
    grid = sorted({round(float(c.x.to("m").magnitude), 3) for c in hall.columns})
    grid = [g for g in grid if xa <= g <= xb]
    if grid:
        ticks = [xa] + grid + ([xb] if grid[-1] < xb else [])
        for a, b in zip(ticks, ticks[1:]):
            if (b - a) * k > 18:
                dimension(labels, P(a, 0)[0], top + 9, P(b, 0)[0], top + 9, f"{b - a:.1f} m", size=MIN_FONT)

    d.add(floor)
    d.add(items)
    d.add(routes)
    d.add(labels)
    north_arrow(d, width - 14, height - 30)
    legend(d, 4, TITLE_BLOCK - 10, bool(layout.aisles), bool(layout.cdus), bool(layout.equipment),
            bool(layout.routes), outdoor={o.get("kind") for o in layout.outdoor} | ({"crah"} if layout.crahs else set())
            | {r.get("kind") for r in layout.runs}
            | ({f"phase:{r['phase']}" for r in layout.racks if r.get("phase")} if layout.zones else set()))
    d.add(Line(0, TITLE_BLOCK - 16, width, TITLE_BLOCK - 16, strokeColor=GREY, strokeWidth=0.5))
    scale_bar(d, 4, 4, k, length)
    d.add(String(width - 2, TITLE_BLOCK - 28, plain(title), fontName=BOLD, fontSize=8, fillColor=WALL, textAnchor="end"))
    d.add(String(width - 2, TITLE_BLOCK - 38, plain(f"scale 1:{scale} printed on {sheet_name(size)}  |  ")
                 + (identity or plain(f"sheet {number_}")),
                 fontName=FONT, fontSize=7, fillColor=WALL, textAnchor="end"))
    return d


def _enlarged_area(group: Group, placer: _Labels, layout: FloorLayout, enlarged: tuple[tuple, tuple, str, str], P,
                   length_m: float, depth_m: float, perimeter_m: float) -> None:
    """On a key plan: the outline of the area the enlarged sheet draws, what stands in it (``enlarged``: x and y
    extents [m], the sheet's number, the racks and CDUs in words), and, when it leaves most of the hall empty,
    a note that the rest of the floor is kept clear."""
    (ex0, ex1), (ey0, ey1), number_, what = enlarged
    (pa, pya), (pb, pyb) = P(ex0, ey0), P(ex1, ey1)
    group.add(Rect(pa, pya, pb - pa, pyb - pya, fillColor=None, strokeColor=GREY, strokeWidth=0.7,
                   strokeDashArray=[5, 2]))
    text = plain(f"{what}: enlarged on sheet {number_}")
    for x, y in ((pa + 2, pyb + 3), (pb + 3, pyb - 8), (pa + 2, pya - 8)):
        if placer.add(x, y, text, MIN_FONT, colour=WALL):
            break
    used = (ex1 - ex0) * (ey1 - ey0)
    if used > 0.5 * length_m * depth_m:
        return
    # the note goes on the larger empty part of the floor, east or west of the area
    east = length_m - perimeter_m - ex1 >= ex0 - perimeter_m
    xa, xb = (ex1, length_m - perimeter_m) if east else (perimeter_m, ex0)
    (qa, qy), (qb, _) = P(xa, depth_m / 2), P(xb, depth_m / 2)
    lines = ["Floor beyond the enlarged area: kept clear for future phases.",
             "The racks stand next to the switchboards that feed them (short busway runs)."]
    for i, line in enumerate(lines):
        placer.add((qa + qb) / 2, qy + 4 - 10 * i, plain(line), 7.0, anchor="middle", colour=GREY)


def floor_sheets(design: Design, hall_id: str, results: dict, size: tuple[float, float],
                 first_number: int = 1, typical_of: list[str] | None = None) -> tuple[list[FloorSheet], FloorLayout]:
    """The floor plan of one hall, on as many sheets as it needs to stay legible.

    Parameters
    ----------
    design : Design
        The design holding the hall's geometry (walls, columns, obstacles) and criteria.
    hall_id : str
        Id of the hall drawn.
    results : dict
        The results dict; its planner layout or analysis layout is drawn when present.
    size : tuple of float
        Width and height of each sheet's drawing [pt].
    first_number : int
        Number of the first sheet (sheets are ``F-<n>``).
    typical_of : list of str, optional
        Halls this one's sheets stand for (:func:`~retrofit.report.floor_typical.typical_halls`): the title says so.

    Returns
    -------
    sheets : list of FloorSheet
        One per segment of the hall along its length.
    layout : FloorLayout
        What was drawn and where it came from.
    """
    hall = next(h for h in design.halls if h.id == hall_id)
    layout = routed_floor_layout(design, hall_id, results)
    criteria = design.goal.criteria if design.goal else None
    working = float(criteria.working_space_depth.to("m").magnitude) if criteria else 0.0
    perimeter = float(criteria.perimeter_clearance.to("m").magnitude) if criteria else 0.0
    length = float(hall.length.to("m").magnitude)
    depth = float(hall.width.to("m").magnitude)
    outside = layout.outdoor
    y_lo = min([0.0] + [o["y_m"] - DETAIL_MARGIN_M for o in outside])
    y_hi = max([depth] + [o["y_m"] + o["depth_m"] + DETAIL_MARGIN_M for o in outside])
    whole = (y_lo, y_hi) if outside else None        # the hall and its yard
    depth_drawn = y_hi - y_lo
    scale = choose_scale(length, depth_drawn, size)
    parts = 1
    if scale > MAX_SCALE:
        usable = size[0] - 2 * MARGIN
        per_sheet = usable * MAX_SCALE / PT_PER_M_AT_1_TO_1
        parts = max(1, math.ceil(length / per_sheet))
        scale = max(choose_scale(length / parts, depth_drawn, size), choose_scale(0, depth_drawn, size))
    extent = _occupied(layout, length, depth)
    others = [h for h in typical_of or [] if h != hall_id]
    name = f"{hall_id} (typical of {_hall_list(others)})" if others else hall_id
    numbers = [f"F-{first_number + i}" for i in range(parts)]
    plan = [((length * i / parts, length * (i + 1) / parts), whole, scale,
             f"Floor plan: {name}" + (f" (part {i + 1} of {parts})" if parts > 1 else ""),
             (numbers[i - 1] if i > 0 else "", numbers[i + 1] if i + 1 < parts else "")) for i in range(parts)]
    if extent is not None:
        (ex0, ex1), (ey0, ey1) = extent
        detail = choose_scale(ex1 - ex0, ey1 - ey0, size)
        if parts > 1 and detail <= MAX_SCALE:
            # the whole hall small (a key plan), then what stands on it enlarged
            numbers = [f"F-{first_number}", f"F-{first_number + 1}"]
            plan = [((0.0, length), whole, choose_scale(length, depth_drawn, size),
                     f"Floor plan: {name}, whole hall (key plan)", ("", "")),
                    ((ex0, ex1), (ey0, ey1), detail,
                     f"Floor plan: {name}, enlarged: x {ex0:.1f} to {ex1:.1f} m, y {ey0:.1f} to {ey1:.1f} m", ("", ""))]
        elif parts == 1 and detail * 2 <= scale:
            # one sheet holds the hall, but what stands on it is small there: a key plan, then an enlarged sheet
            plan[0] = plan[0][:3] + (f"Floor plan: {name}, whole hall (key plan)", plan[0][4])
            numbers.append(f"F-{first_number + 1}")
            plan.append(((ex0, ex1), (ey0, ey1), detail,
                         f"Floor plan: {name}, enlarged: x {ex0:.1f} to {ex1:.1f} m, y {ey0:.1f} to {ey1:.1f} m",
                         ("", "")))
    sheets = []
    kinds = [(g.kind, g.count) for g in design.loads.racks if g.hall == hall_id and g.positions]
    compute = sum(n for kind, n in kinds if kind != "network")
    network = sum(n for kind, n in kinds if kind == "network")
    what = ", ".join(x for x in (count_noun(compute, "rack") if compute else "",
                                 count_noun(network, "network rack") if network else "",
                                 count_noun(len(layout.cdus), "CDU") if layout.cdus else "") if x) or "the equipment"
    for i, (number_, (x_range, y_range, sheet_scale, title, neighbours)) in enumerate(zip(numbers, plan)):
        key_plan = title.endswith("(key plan)")
        drawing = _draw_sheet(hall, layout, size, x_range, sheet_scale, number_, title, neighbours, working, perimeter,
                              y_range, key_plan=key_plan, identity=sheet_identity(design, number_),
                              enlarged=(plan[i + 1][0], plan[i + 1][1], numbers[i + 1], what) if key_plan else None)
        sheets.append(FloorSheet(number_, title, drawing, sheet_scale, x_range))
    return sheets, layout


def phase_sheet(design: Design, hall_id: str, results: dict, size: tuple[float, float],
                number: int) -> tuple[FloorSheet, list[list[str]]] | None:
    """The phasing plan of one hall: racks coloured by the phase they go live in, each phase's GPU zone and the
    demising wall that keeps it out of the air of the miners still running (the planner's phases, their
    ``demising_walls``); None when no phase of the plan has a wall in the hall.

    Returns the sheet and one row per phase with a wall (phase, racks live, GPU zone, wall sides and length,
    miners running outside) for the table beside it.
    """
    phases = [p for p in ((results.get("plan") or {}).get("phases") or []) if isinstance(p, dict)]
    walls = [(p, w) for p in phases for w in p.get("demising_walls") or [] if w.get("hall") == hall_id]
    if not walls:
        return None
    hall = next(h for h in design.halls if h.id == hall_id)
    first: dict[str, int] = {}
    for p in phases:
        for loop in p.get("loops") or []:
            first.setdefault(loop, int(p["phase"]))
    base = floor_layout(design, hall_id, results)
    racks = []
    for g in design.loads.racks:
        if g.hall != hall_id or not g.positions:
            continue
        w, d = float(g.width.to("m").magnitude), float(g.depth.to("m").magnitude)
        for i, pos in enumerate(g.positions):
            racks.append({"id": f"{g.id}.{i + 1}", "x_m": float(pos.x.to("m").magnitude), "y_m": float(pos.y.to("m").magnitude),
                          "width_m": w, "depth_m": d, "row": g.row, "kind": g.kind, "phase": first.get(g.tcs_loop)})
    zones = [{"phase": int(p["phase"]), **w} for p, w in walls]
    layout = FloorLayout(hall_id, base.source, racks=racks, cdus=base.cdus, equipment=base.equipment,
                         aisles=base.aisles, working_spaces=base.working_spaces, zones=zones)
    length = float(hall.length.to("m").magnitude)
    depth = float(hall.width.to("m").magnitude)
    x0 = max(0.0, min(z["x0_m"] for z in zones) - 2 * DETAIL_MARGIN_M)
    x1 = min(length, max(z["x1_m"] for z in zones) + 2 * DETAIL_MARGIN_M)
    y0 = max(0.0, min(z["y0_m"] for z in zones) - 2 * DETAIL_MARGIN_M)
    y1 = min(depth, max(z["y1_m"] for z in zones) + 2 * DETAIL_MARGIN_M)
    scale = choose_scale(x1 - x0, y1 - y0, size)
    title = f"Phasing plan: {hall_id}, GPU zone and demising wall of each phase"
    criteria = design.goal.criteria if design.goal else None
    perimeter = float(criteria.perimeter_clearance.to("m").magnitude) if criteria else 0.0
    drawing = _draw_sheet(hall, layout, size, (x0, x1), scale, f"F-{number}", title, ("", ""), 0.0, perimeter,
                          (y0, y1), identity=sheet_identity(design, f"F-{number}"))
    rows = [[str(p["phase"]), str(sum(1 for r in racks if r["phase"] is not None and r["phase"] <= int(p["phase"]))),
             f"x {w['x0_m']:.1f}-{w['x1_m']:.1f} m, y {w['y0_m']:.1f}-{w['y1_m']:.1f} m",
             f"{w['length_m']:.1f} m ({', '.join(w.get('sides') or []) or 'none'})",
             f"{p.get('miners_kept', 0):,}"] for p, w in walls]
    return FloorSheet(f"F-{number}", title, drawing, scale, (x0, x1)), rows


def _hall_list(halls: list[str]) -> str:
    """The other halls a typical sheet stands for, all named (the hall drawn is named before them)."""
    return ", ".join(halls)


def _occupied(layout: FloorLayout, length_m: float, depth_m: float):
    """Extents along x and y of what stands on the floor, with a margin, within the hall [m]; None when empty."""
    items = layout.racks + layout.cdus + layout.equipment + layout.working_spaces + [
        b for b in layout.backup if b.get("kind") == "ups_room"]
    if not items:
        return None
    x0 = max(0.0, min(i["x_m"] for i in items) - DETAIL_MARGIN_M)
    x1 = min(length_m, max(i["x_m"] + i["width_m"] for i in items) + DETAIL_MARGIN_M)
    y0 = max(0.0, min(i["y_m"] for i in items) - DETAIL_MARGIN_M)
    y1 = min(depth_m, max(i["y_m"] + i["depth_m"] for i in items) + DETAIL_MARGIN_M)
    return (x0, x1), (y0, y1)


__all__ = ["FloorSheet", "MAX_SCALE", "MIN_FONT", "choose_scale", "floor_sheets", "phase_sheet"]
