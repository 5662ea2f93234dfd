"""Charts for the plan, drawn with reportlab graphics: a pump curve against its system curve, loading bars
with their limit, and the rack count each planning constraint allows.

The values plotted are the results dict's; the pump curve is the same fitted curve the hydraulic solver
used (:func:`retrofit.cooling.loops.pump_curve`), and the system curve is the closed-loop parabola
H = H_op (Q / Q_op)^2 through the operating point the solver found (a closed loop has no static lift).
"""
from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model import Design
from .formatting import number, plain

INK = colors.HexColor("#222222")
GREY = colors.HexColor("#6b7785")
LIGHT = colors.HexColor("#d9dee4")
BAR = colors.HexColor("#3d5a80")
BINDING = colors.HexColor("#c0392b")
OVER = colors.HexColor("#c62828")
PUMP = colors.HexColor("#1f5fa8")
SYSTEM = colors.HexColor("#b2382b")
FONT, BOLD = "Helvetica", "Helvetica-Bold"


def nice_max(value: float) -> float:
    """The smallest round axis top (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above ``value``."""
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= value:
            return m * exp
    return 10 * exp


def ticks(top: float, n: int = 5) -> list[float]:
    """``n + 1`` evenly spaced ticks from 0 to ``top``."""
    return [top * i / n for i in range(n + 1)]


def fit_text(text: str, width: float, size: float, font: str = FONT) -> str:
    """``text`` in plain characters, shortened with an ellipsis to fit ``width`` points at ``size``."""
    text = plain(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text + "\u2026"


def _axes(g: Group, x0: float, y0: float, w: float, h: float, x_max: float, y_max: float, x_label: str,
          y_label: str) -> None:
    for t in ticks(y_max):
        y = y0 + h * t / y_max
        g.add(Line(x0, y, x0 + w, y, strokeColor=LIGHT, strokeWidth=0.4))
        g.add(String(x0 - 3, y - 2, f"{t:g}", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="end"))
    for t in ticks(x_max):
        x = x0 + w * t / x_max
        g.add(Line(x, y0, x, y0 - 3, strokeColor=GREY, strokeWidth=0.5))
        g.add(String(x, y0 - 10, f"{t:g}", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="middle"))
    g.add(Line(x0, y0, x0 + w, y0, strokeColor=INK, strokeWidth=0.7))
    g.add(Line(x0, y0, x0, y0 + h, strokeColor=INK, strokeWidth=0.7))
    g.add(String(x0 + w / 2, y0 - 20, plain(x_label), fontName=FONT, fontSize=7, fillColor=INK, textAnchor="middle"))
    label = Group(String(0, 0, plain(y_label), fontName=FONT, fontSize=7, fillColor=INK, textAnchor="middle"))
    label.transform = (0, 1, -1, 0, x0 - 24, y0 + h / 2)
    g.add(label)


def pump_chart(design: Design, results: dict, loop_id: str, pump_id: str, width: float = 300,
               height: float = 190) -> Drawing | None:
    """Head against flow of one pump set: its curve, the system curve, and the operating point.

    Parameters
    ----------
    design : Design
        Holds the pump curve points (a facility pump set, or a CDU's TCS pumps: ``<cdu>.pumps``).
    results : dict
        ``results["cooling"]["loops"][loop_id]["pumps"][pump_id]`` gives the operating point.
    loop_id, pump_id : str
        The loop and the pump set as the results name them.
    width, height : float
        Size of the drawing [pt].

    Returns
    -------
    Drawing or None
        None when the loop was not solved or the pump is stopped.
    """
    from ..cooling.loops import pump_curve

    point = (((results.get("cooling") or {}).get("loops") or {}).get(loop_id) or {}).get("pumps", {}).get(pump_id)
    if not point or not point.get("flow_lpm") or point.get("head_m") is None:
        return None
    element_id = pump_id.removesuffix(".pumps")
    if pump_id.endswith(".pumps"):
        cdu = next((c for c in design.cooling.cdus if c.id == element_id), None)
        if cdu is None:
            return None
        points, running, speed = cdu.pump_curve, cdu.pumps_running, 1.0
        label = f"{element_id} TCS pumps, {running} of {cdu.pumps} running"
    else:
        pump = next((p for p in design.cooling.pumps if p.id == element_id), None)
        if pump is None:
            return None
        points, running = pump.curve, pump.running
        speed = float(pump.speed.to("dimensionless").magnitude)
        label = f"{element_id}, {running} of {pump.count} running at {speed * 100:g} % speed"
    curve = pump_curve(points)
    q_op, h_op = point["flow_lpm"], point["head_m"]
    q_end = curve.max_flow(speed, running) * 60000.0
    x_max = nice_max(max(q_end, q_op * 1.25))
    y_max = nice_max(max(curve.head(0.0, speed, running), h_op * 1.3))
    d = Drawing(width, height)
    x0, y0, w, h = 40.0, 34.0, width - 52.0, height - 52.0
    g = Group()
    _axes(g, x0, y0, w, h, x_max, y_max, "flow [L/min]", "head [m]")

    def P(q, head):  # noqa: N802
        return x0 + w * q / x_max, y0 + h * head / y_max

    pump_pts, system_pts = [], []
    n = 40
    for i in range(n + 1):
        q = q_end * i / n
        head = float(curve.head(q / 60000.0, speed, running))
        if head >= 0:
            pump_pts += list(P(q, head))
        qs = x_max * i / n
        hs = h_op * (qs / q_op) ** 2
        if hs <= y_max:
            system_pts += list(P(qs, hs))
    g.add(PolyLine(pump_pts, strokeColor=PUMP, strokeWidth=1.3))
    g.add(PolyLine(system_pts, strokeColor=SYSTEM, strokeWidth=1.1, strokeDashArray=[4, 2]))
    for p in points:
        px, py = P(float(p.flow.to("L/min").magnitude) * running * speed,
                   float(p.head.to("m").magnitude) * speed ** 2)
        g.add(Rect(px - 1.6, py - 1.6, 3.2, 3.2, fillColor=colors.white, strokeColor=PUMP, strokeWidth=0.7))
    ox, oy = P(q_op, h_op)
    g.add(Circle(ox, oy, 3, fillColor=INK, strokeColor=INK))
    text = f"{number(q_op, '.0f', 'L/min')} at {number(h_op, '.1f', 'm')}"
    anchor = "end" if ox > x0 + w * 0.6 else "start"
    g.add(String(ox + (-5 if anchor == "end" else 5), oy + 5, text, fontName=BOLD, fontSize=6.5, fillColor=INK,
                 textAnchor=anchor))
    g.add(String(x0, height - 8, fit_text(label, w, 7.5, BOLD), fontName=BOLD, fontSize=7.5, fillColor=INK))
    ly = height - 18
    g.add(Line(x0 + w - 120, ly + 2, x0 + w - 106, ly + 2, strokeColor=PUMP, strokeWidth=1.3))
    g.add(String(x0 + w - 103, ly, "pump curve", fontName=FONT, fontSize=6, fillColor=INK))
    g.add(Line(x0 + w - 62, ly + 2, x0 + w - 48, ly + 2, strokeColor=SYSTEM, strokeWidth=1.1, strokeDashArray=[4, 2]))
    g.add(String(x0 + w - 45, ly, "system", fontName=FONT, fontSize=6, fillColor=INK))
    d.add(g)
    return d


def bar_chart(items: list[tuple[str, float | None]], width: float, *, unit: str, limit: float | None = None,
              limit_label: str = "", highlight: str | None = None, title: str = "", bar_height: float = 9.0,
              reference: float | None = None, reference_label: str = "") -> Drawing:
    """Horizontal bars, one per (label, value), with an optional limit line and one highlighted bar.

    Parameters
    ----------
    items : list of (str, float or None)
        Labels and values, in the order drawn (top first) [unit].
    width : float
        Width of the drawing [pt].
    unit : str
        Unit of the values, for the axis.
    limit : float, optional
        A limit drawn as a vertical line; bars past it are red [unit].
    highlight : str, optional
        Label of a bar drawn in the highlight colour (the binding constraint).
    reference : float, optional
        A second vertical line (the goal) [unit].
    """
    label_w = min(170.0, max([stringWidth(plain(k), FONT, 6.5) for k, _ in items] + [40]) + 6)
    value_w = 58.0
    rows = max(len(items), 1)
    top_pad = (16 if title else 6) + (10 if limit is not None or reference is not None else 0)
    height = top_pad + rows * (bar_height + 3) + 26
    d = Drawing(width, height)
    x0 = label_w + 4
    w = width - x0 - value_w
    values = [v for _, v in items if v is not None]
    x_max = nice_max(max(values + [limit or 0, reference or 0, 1e-9]) * 1.05)
    y0 = 22.0
    g = Group()
    for t in ticks(x_max, 4):
        x = x0 + w * t / x_max
        g.add(Line(x, y0, x, height - top_pad, strokeColor=LIGHT, strokeWidth=0.4))
        g.add(String(x, y0 - 9, f"{t:g}", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="middle"))
    g.add(String(x0 + w / 2, y0 - 18, plain(unit), fontName=FONT, fontSize=6.5, fillColor=INK, textAnchor="middle"))
    for i, (label, value) in enumerate(items):
        y = height - top_pad - (i + 1) * (bar_height + 3)
        g.add(String(x0 - 4, y + bar_height / 2 - 2.2, fit_text(label, label_w - 4, 6.5), fontName=FONT, fontSize=6.5,
                     fillColor=INK, textAnchor="end"))
        if value is None:
            g.add(String(x0 + 2, y + bar_height / 2 - 2.2, "n/a", fontName=FONT, fontSize=6.5, fillColor=GREY))
            continue
        fill = BINDING if label == highlight else OVER if (limit is not None and value > limit) else BAR
        g.add(Rect(x0, y, w * max(value, 0) / x_max, bar_height, fillColor=fill, strokeColor=None))
        spec = ",.0f" if isinstance(value, int) or x_max >= 1000 else ".1f"
        g.add(String(x0 + w * max(value, 0) / x_max + 3, y + bar_height / 2 - 2.2, number(value, spec),
                     fontName=FONT, fontSize=6.5, fillColor=INK))
    for value, text, dash in ((limit, limit_label, [3, 2]), (reference, reference_label, [1, 1.5])):
        if value is None:
            continue
        x = x0 + w * value / x_max
        g.add(Line(x, y0, x, height - top_pad + 2, strokeColor=OVER, strokeWidth=0.9, strokeDashArray=dash))
        g.add(String(x + 2, height - top_pad + 3, plain(text), fontName=FONT, fontSize=6, fillColor=OVER))
    g.add(Line(x0, y0, x0, height - top_pad, strokeColor=INK, strokeWidth=0.7))
    if title:
        g.add(String(0, height - 9, plain(title), fontName=BOLD, fontSize=7.5, fillColor=INK))
    d.add(g)
    return d


__all__ = ["bar_chart", "fit_text", "nice_max", "pump_chart", "ticks"]
