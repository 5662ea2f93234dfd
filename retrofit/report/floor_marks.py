"""What every floor sheet carries besides the floor itself: the colours and text sizes of the drawing, the
dimension lines, match lines, scale bar, north arrow and legend (:mod:`retrofit.report.floorplan` draws the
floor with them)."""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from .formatting import plain

WALL = colors.HexColor("#1f2933")
RACK = colors.HexColor("#3d5a80")
NETWORK = colors.HexColor("#2e7d32")
CDU_FILL = colors.HexColor("#f4a259")
EQUIPMENT = colors.HexColor("#5c4d7d")
COLD = colors.HexColor("#dbeafe")
HOT = colors.HexColor("#fde2d6")
AISLE = colors.HexColor("#eef1f4")
OBSTACLE = colors.HexColor("#cfd6dd")
GREY = colors.HexColor("#6b7785")
FAIL = colors.HexColor("#c62828")
CONTAINMENT = colors.HexColor("#b85c38")
COOLER = colors.HexColor("#2a9d8f")
TRANSFORMER = colors.HexColor("#8d6e63")
CRAH_FILL = colors.HexColor("#90caf9")
MAIN_PIPE = colors.HexColor("#00897b")
GENERATOR = colors.HexColor("#37474f")
ATS_FILL = colors.HexColor("#5c6bc0")
BESS_FILL = colors.HexColor("#9e9d24")
YARD_FILL = {"transformer": TRANSFORMER, "generator": GENERATOR, "ats": ATS_FILL, "bess": BESS_FILL,
             "ups_enclosure": EQUIPMENT, "bess_step_up": TRANSFORMER, "bess_collector": EQUIPMENT,
             "paralleling_switchgear": ATS_FILL}
"""Fill of each kind of outdoor unit; the rest (yard coolers) COOLER."""
YARD_NAMES = {"generator": "standby generators", "ats": "transfer switches", "bess": "battery units",
              "ups_enclosure": "UPS enclosures", "transformer": "transformer pads", "cooler": "coolers",
              "bess_step_up": "BESS step-up transformers", "bess_collector": "BESS collector lineups",
              "paralleling_switchgear": "MV paralleling and transfer switchgear lineups"}
YARD_NAME_ONE = {"generator": "standby generator", "ats": "transfer switch", "bess": "battery unit",
                 "ups_enclosure": "UPS enclosure", "transformer": "transformer pad", "cooler": "cooler",
                 "bess_step_up": "BESS step-up transformer", "bess_collector": "BESS collector lineup",
                 "paralleling_switchgear": "MV paralleling and transfer switchgear"}
"""The name of one unit of each kind, for a row label of a single unit."""
#: Rack and GPU-zone colour of each phase, in order (then repeated).
PHASE_COLOURS = (colors.HexColor("#3d5a80"), colors.HexColor("#7b1fa2"), colors.HexColor("#00838f"),
                 colors.HexColor("#ef6c00"), colors.HexColor("#558b2f"), colors.HexColor("#5d4037"))
DEMISING = colors.HexColor("#212121")
MV_CABLE = colors.HexColor("#6d4c41")
#: Space kept between two labels side by side [pt].
LABEL_GAP_PT = 2.0
#: Offset of the A (-) and B (+) busway lines from their path on the sheet, so both show where they share it [pt].
ROUTE_OFFSET_PT = 0.8
ROUTE_COLOURS = {0: colors.HexColor("#1f5fa8"), 1: colors.HexColor("#c77700"), 2: colors.HexColor("#2e7d32")}
FONT, BOLD = "Helvetica", "Helvetica-Bold"
#: Smallest text on a sheet [pt]: legible when printed at 100 %.
MIN_FONT = 6.0

def nice_bar(length_m: float) -> float:
    target = length_m / 5
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if step >= target:
            return float(step)
    return 1000.0


def match_line(group: Group, labels: Group, x: float, y0: float, y1: float, other: str, anchor: str) -> None:
    group.add(Line(x, y0 - 6, x, y1 + 6, strokeColor=GREY, strokeWidth=0.9, strokeDashArray=[6, 2, 1, 2]))
    if other:
        # the label stands inside the sheet: to the right of a west match line, to the left of an east one
        labels.add(String(x + (-3 if anchor == "end" else 3), y1 + 8, plain(f"match line: {other}"), fontName=FONT,
                      fontSize=MIN_FONT, fillColor=GREY, textAnchor=anchor))


def dimension(group: Group, xa: float, ya: float, xb: float, yb: float, text: str, vertical: bool = False,
               size: float = 6.5) -> None:
    group.add(Line(xa, ya, xb, yb, strokeColor=GREY, strokeWidth=0.5))
    for x, y in ((xa, ya), (xb, yb)):
        if vertical:
            group.add(Line(x - 3, y, x + 3, y, strokeColor=GREY, strokeWidth=0.5))
            group.add(Line(x - 2, y - 2, x + 2, y + 2, strokeColor=GREY, strokeWidth=0.8))
        else:
            group.add(Line(x, y - 3, x, y + 3, strokeColor=GREY, strokeWidth=0.5))
            group.add(Line(x - 2, y - 2, x + 2, y + 2, strokeColor=GREY, strokeWidth=0.8))
    if vertical:
        s = String(0, 0, plain(text), fontName=FONT, fontSize=size, fillColor=WALL, textAnchor="middle")
        g = Group(s)
        g.transform = (0, 1, -1, 0, xa - 2, (ya + yb) / 2)
        group.add(g)
    else:
        group.add(String((xa + xb) / 2, ya + 2, plain(text), fontName=FONT, fontSize=size, fillColor=WALL,
                         textAnchor="middle"))


def scale_bar(d: Drawing, x: float, y: float, k: float, length_m: float) -> None:
    step = nice_bar(length_m)
    smaller = [s for s in (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if 2 * s * k <= 140]
    if 2 * step * k > 140 and smaller:
        step = float(smaller[-1])
    for i in range(4):
        d.add(Rect(x + i * step * k / 2, y, step * k / 2, 4, fillColor=WALL if i % 2 == 0 else colors.white,
                   strokeColor=WALL, strokeWidth=0.5))
    for i in range(0, 5, 2):
        d.add(String(x + i * step * k / 2, y + 6, f"{step * i / 2:g}", fontName=FONT, fontSize=6, fillColor=WALL,
                     textAnchor="middle"))
    d.add(String(x + 2 * step * k + 8, y + 0.5, "m", fontName=FONT, fontSize=6, fillColor=WALL))


def north_arrow(d: Drawing, x: float, y: float) -> None:
    d.add(Polygon([x, y + 16, x - 5, y, x, y + 4, x + 5, y], fillColor=WALL, strokeColor=WALL, strokeWidth=0.5))
    d.add(String(x, y + 19, "N", fontName=BOLD, fontSize=8, fillColor=WALL, textAnchor="middle"))


def legend(d: Drawing, x: float, y: float, aisles: bool, cdus: bool, equipment: bool, routes: bool = False,
            outdoor: set | None = None) -> None:
    entries = [(RACK, "rack"), (WALL, "column")]
    if cdus:
        entries.append((CDU_FILL, "CDU"))
    if equipment:
        entries.append((EQUIPMENT, "electrical equipment, dashed: working space"))
    if aisles:
        entries += [(COLD, "cold aisle"), (HOT, "hot aisle, contained")]
    entries += [(OBSTACLE, "obstacle / room"), (None, "perimeter walkway")]
    if routes:
        entries += [(("line", ROUTE_COLOURS[0]), "busway A"), (("line", ROUTE_COLOURS[1]), "busway B")]
    outdoor = outdoor or set()
    for k in sorted(int(x.split(":")[1]) for x in outdoor if str(x).startswith("phase:")):
        entries.append((PHASE_COLOURS[(k - 1) % len(PHASE_COLOURS)], f"phase {k} racks"))
    if any(str(x).startswith("phase:") for x in outdoor):     # phases are drawn with their walls only
        entries.append((("line", DEMISING), "demising wall"))
    if "crah" in outdoor:
        entries.append((CRAH_FILL, "CRAH"))
    if "cooler" in outdoor:
        entries.append((COOLER, "heat rejection (yard)"))
    if "transformer" in outdoor:
        entries.append((TRANSFORMER, "transformer pad"))
    for kind, text in (("generator", "standby generator on sub-base tank"), ("ats", "transfer switch"),
                       ("paralleling_switchgear", "MV paralleling and transfer switchgear"),
                       ("bess", "battery unit"), ("ups_enclosure", "UPS enclosure"),
                       ("bess_step_up", "BESS step-up transformer"), ("bess_collector", "BESS MV collector lineup")):
        if kind in outdoor:
            entries.append((YARD_FILL[kind], text))
    if "facility_main" in outdoor:
        entries.append((("line", MAIN_PIPE), "facility main"))
    if "mv_cable" in outdoor:
        entries.append((("line", MV_CABLE), "MV cable"))
    for fill, text in entries:
        if isinstance(fill, tuple):
            d.add(Line(x, y + 2.5, x + 7, y + 2.5, strokeColor=fill[1], strokeWidth=1.2))
        elif fill is not None:
            d.add(Rect(x, y, 7, 5, fillColor=fill, strokeColor=CONTAINMENT if fill is HOT else GREY,
                       strokeWidth=0.8 if fill is HOT else 0.3))
        else:
            d.add(Line(x, y + 2.5, x + 7, y + 2.5, strokeColor=GREY, strokeWidth=0.5, strokeDashArray=[2, 1]))
        d.add(String(x + 10, y + 0.5, text, fontName=FONT, fontSize=MIN_FONT, fillColor=WALL))
        x += 16 + stringWidth(text, FONT, MIN_FONT)


__all__ = ["AISLE", "BOLD", "FONT", "ATS_FILL", "BESS_FILL", "CDU_FILL", "COLD", "CONTAINMENT", "COOLER", "CRAH_FILL", "DEMISING", "EQUIPMENT", "FAIL", "GENERATOR", "GREY", "HOT", "LABEL_GAP_PT", "MAIN_PIPE", "MIN_FONT", "MV_CABLE", "NETWORK", "OBSTACLE", "PHASE_COLOURS", "RACK", "ROUTE_COLOURS", "ROUTE_OFFSET_PT", "TRANSFORMER", "WALL", "YARD_FILL", "YARD_NAMES", "YARD_NAME_ONE", "dimension", "legend", "match_line", "nice_bar", "north_arrow", "scale_bar"]
