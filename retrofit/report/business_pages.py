"""The business-case page of the PDF plan: convert to GPU colocation or keep mining, an estimate.

Every figure is the plan's (``results["plan"]["business"]``, from :mod:`retrofit.business.case`): the key
results, the load and cumulative cash by month, the sensitivity (tornado) chart, the yearly cash flow and
every assumption with its source. The page draws and formats; the only arithmetic is the sum of the
months of each year for the yearly table.
"""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors

from .charts import FONT, GREY, INK, LIGHT, fit_text, nice_max, ticks
from .document import paragraph, rich
from .formatting import money, number, plain
from .tables import Column, Schedule, data_table, key_value_table

MINING = colors.HexColor("#b5a886")
GPU = colors.HexColor("#3d5a80")
CASH = colors.HexColor("#2a9d8f")
LOW_BAR = colors.HexColor("#98c1d9")
HIGH_BAR = colors.HexColor("#3d5a80")


def load_and_cash_chart(months: list[dict], width: float, height: float = 150) -> Drawing:
    """Mining and GPU IT load by month (MW, left axis) and the cumulative incremental cash (M USD, right)."""
    d = Drawing(width, height)
    g = Group()
    x0, y0, w, h = 36.0, 18.0, width - 80.0, height - 34.0
    n = max(len(months), 1)
    mw = [max(m["mining_kw"], m["gpu_it_kw"]) / 1e3 for m in months] or [1.0]
    top = nice_max(max(mw + [1e-6]) * 1.05)
    cum = [m["cumulative_usd"] / 1e6 for m in months] or [0.0]
    c_lo, c_hi = min(cum + [0.0]), max(cum + [0.0])
    span = nice_max(max(abs(c_lo), abs(c_hi), 1e-6) * 1.05)
    c_lo, c_hi = (-span if c_lo < 0 else 0.0), (span if c_hi > 0 else 0.0)
    if c_hi == c_lo:
        c_hi = c_lo + 1.0

    def x(i: float) -> float:
        return x0 + w * i / n

    for t in ticks(top, 4):
        y = y0 + h * t / top
        g.add(Line(x0, y, x0 + w, y, strokeColor=LIGHT, strokeWidth=0.3))
        g.add(String(x0 - 3, y - 2, f"{t:g}", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="end"))
    for k in range(0, n + 1, 12):
        g.add(Line(x(k), y0, x(k), y0 + h, strokeColor=LIGHT, strokeWidth=0.3))
        g.add(String(x(k), y0 - 8, f"{k // 12}", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="middle"))
    g.add(String(x0 + w / 2, 1, "years from the start", fontName=FONT, fontSize=6, fillColor=INK, textAnchor="middle"))
    g.add(String(2, y0 + h + 6, "MW", fontName=FONT, fontSize=6, fillColor=INK))
    for key, colour in (("mining_kw", MINING), ("gpu_it_kw", GPU)):
        pts = []
        for i, m in enumerate(months):
            pts += [x(i), y0 + h * m[key] / 1e3 / top, x(i + 1), y0 + h * m[key] / 1e3 / top]
        if pts:
            g.add(PolyLine(pts, strokeColor=colour, strokeWidth=1.2))

    def yc(v: float) -> float:
        return y0 + h * (v - c_lo) / (c_hi - c_lo)

    g.add(Line(x0, yc(0.0), x0 + w, yc(0.0), strokeColor=GREY, strokeWidth=0.4, strokeDashArray=[2, 2]))
    g.add(PolyLine([v for i, c in enumerate(cum) for v in (x(i + 1), yc(c))], strokeColor=CASH, strokeWidth=1.0,
                   strokeDashArray=[3, 1.5]))
    for v in (c_lo, 0.0, c_hi):
        g.add(String(x0 + w + 3, yc(v) - 2, f"{v:,.0f}", fontName=FONT, fontSize=6, fillColor=CASH))
    g.add(String(x0 + w + 3, y0 + h + 6, "M USD", fontName=FONT, fontSize=6, fillColor=CASH))
    lx = x0
    for text, colour in (("mining load", MINING), ("GPU IT live", GPU), ("cumulative cash, conversion less mining", CASH)):
        g.add(Rect(lx, height - 7, 8, 3, fillColor=colour, strokeColor=None))
        g.add(String(lx + 10, height - 8, text, fontName=FONT, fontSize=6, fillColor=INK))
        lx += 16 + len(text) * 3.1
    g.add(Line(x0, y0, x0, y0 + h, strokeColor=INK, strokeWidth=0.5))
    g.add(Line(x0, y0, x0 + w, y0, strokeColor=INK, strokeWidth=0.5))
    d.add(g)
    return d


#: Words of an input's name from which on the name spells its unit (the unit is printed from the input).
_UNIT_WORDS = ("usd", "percent", "j", "months", "years")


def _input_label(assumption: dict, with_unit: bool = True) -> str:
    """An input of the business case as the table and the chart name it: its name in words up to its unit, the
    unit in brackets (``colocation_usd_per_kw_month`` -> ``colocation [USD/kW-month]``)."""
    words = assumption["name"].split("_")
    cut = next((i for i, w in enumerate(words) if w in _UNIT_WORDS and i > 0), len(words))
    rest = words[cut:]
    tail = rest[rest.index("of"):rest.index("of") + 2] if "of" in rest else []       # "... of capex"
    text = " ".join(_INITIALISMS_TEXT.get(w, w) for w in words[:cut] + tail)
    unit = assumption.get("unit")
    return f"{text} [{unit}]" if with_unit and unit and cut < len(words) else text


_INITIALISMS_TEXT = {"gpu": "GPU", "it": "IT"}


def figure(value: float) -> str:
    """An input's figure as the table and the chart print it: thousands separated, no exponent."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def tornado_chart(tornado: list[dict], base_npv: float, width: float, names: dict[str, str] | None = None) -> Drawing:
    """The sensitivity of the NPV: one bar per input from its NPV at the low value to that at the high value,
    around the base NPV, largest swing first."""
    names = names or {}
    label_w, row = 170.0, 13.0
    height = 26 + row * max(len(tornado), 1) + 10
    d = Drawing(width, height)
    g = Group()
    x0, w = label_w, width - label_w - 8
    values = [base_npv / 1e6] + [v / 1e6 for s in tornado for v in (s["npv_low_usd"], s["npv_high_usd"])]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or 1.0
    lo, hi = lo - pad, hi + pad

    def x(v: float) -> float:
        return x0 + w * (v - lo) / (hi - lo)

    top = height - 12
    for i, s in enumerate(tornado):
        y = top - (i + 1) * row
        g.add(String(x0 - 4, y + 3, fit_text(plain(names.get(s["name"], s["name"])), label_w - 6, 6), fontName=FONT,
                     fontSize=6, fillColor=INK, textAnchor="end"))
        for v, colour, end in ((s["npv_low_usd"] / 1e6, LOW_BAR, s["low"]), (s["npv_high_usd"] / 1e6, HIGH_BAR, s["high"])):
            a, b = sorted((x(base_npv / 1e6), x(v)))
            g.add(Rect(a, y + 1, max(b - a, 0.6), row - 4, fillColor=colour, strokeColor=None))
            g.add(String(x(v) + (2 if v >= base_npv / 1e6 else -2), y + 3, figure(end), fontName=FONT, fontSize=6,
                         fillColor=GREY, textAnchor="start" if v >= base_npv / 1e6 else "end"))
    g.add(Line(x(base_npv / 1e6), 14, x(base_npv / 1e6), top, strokeColor=INK, strokeWidth=0.8))
    for t in (lo, base_npv / 1e6, hi):
        g.add(String(x(t), 5, f"{t:,.0f}", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="middle"))
    g.add(String(x0 - 4, 5, "NPV [M USD]", fontName=FONT, fontSize=6, fillColor=GREY, textAnchor="end"))
    g.add(String(x0 + w / 2, height - 8, "NPV [M USD] with each input at its low (light) and high (dark) value; "
                 "the value is printed at the bar's end", fontName=FONT, fontSize=6, fillColor=INK, textAnchor="middle"))
    d.add(g)
    return d


def yearly_rows(months: list[dict]) -> list[list]:
    """The monthly cash flow summed by year from the start [M USD]."""
    rows = []
    for y in range(0, len(months), 12):
        chunk = months[y:y + 12]

        def total(key: str) -> float:
            return sum(m[key] for m in chunk) / 1e6

        rows.append([y // 12 + 1, number(total("mining_net_usd"), ",.2f"), number(total("gpu_revenue_usd"), ",.2f"),
                     number(total("gpu_costs_usd"), ",.2f"), number(total("capex_usd"), ",.2f"),
                     number(total("conversion_usd"), ",.2f"), number(total("keep_mining_usd"), ",.2f"),
                     number(total("incremental_usd"), ",.2f"), number(chunk[-1]["cumulative_usd"] / 1e6, ",.2f")])
    return rows


def business_section(ctx) -> list:
    """Section: the business case of the conversion against keeping the miners running."""
    plan = ctx.results.get("plan") or {}
    b = plan.get("business")
    out = [ctx.headings.section("Business case (estimate)")]
    if not b:
        return out + [paragraph("The plan has no phases, so no business case.", "note")]
    out.append(rich(
        "<b>An estimate for a decision, not a financial model.</b> Cash flows before tax and financing, in current "
        "USD without inflation and without terminal value, over the horizon below; every input is listed with its "
        "source and can be set in the site file (goal.business). The incremental case is the conversion less "
        "keeping every miner running.", "note"))
    irr = b.get("irr_percent_per_year")
    pay = b.get("payback_months")
    dpay = b.get("discounted_payback_months")
    rate = next((a["value"] for a in b.get("assumptions") or [] if a["name"] == "discount_rate_percent"), None)
    pairs = [("NPV, conversion less keep-mining", f"{money(b.get('npv_usd'))} at {number(rate, '.1f', '%')} a year"),
             ("IRR of the conversion", number(irr, ".1f", "% a year") if irr is not None else "none (no sign change)"),
             ("Payback", (f"{pay} months from the start" if pay is not None else "not within the horizon")
              + (f"; discounted {dpay} months" if dpay is not None else "; discounted: not within the horizon")),
             ("NPV of each case", f"conversion {money(b.get('npv_conversion_usd'))}; keep mining "
                                  f"{money(b.get('npv_keep_mining_usd'))}"),
             ("Facility capex in the cash flow", money(b.get("capex_usd")))]
    out.append(key_value_table(pairs, ctx.width, 0.3))
    months = b.get("months") or []
    out.append(ctx.headings.sub("Load and cumulative cash by month"))
    out.append(load_and_cash_chart(months, ctx.width))
    tornado = b.get("tornado") or []
    if tornado:
        out.append(ctx.headings.sub("Sensitivity of the NPV"))
        names = {a["name"]: _input_label(a) for a in b.get("assumptions") or []}
        out.append(tornado_chart(tornado, b.get("npv_usd") or 0.0, ctx.width, names))
    out.append(ctx.headings.sub("Cash flow by year [M USD]"))
    out.append(data_table([Column("year", 0.35, "RIGHT"), Column("mining net", 0.7, "RIGHT"),
                           Column("GPU revenue", 0.7, "RIGHT"), Column("GPU opex", 0.6, "RIGHT"),
                           Column("capex", 0.6, "RIGHT"), Column("conversion", 0.7, "RIGHT"),
                           Column("keep mining", 0.7, "RIGHT"), Column("difference", 0.7, "RIGHT"),
                           Column("cumulative", 0.7, "RIGHT")], yearly_rows(months), ctx.width))
    out.append(ctx.headings.sub("Assumptions"))
    out += ctx.schedule(Schedule("Business case assumptions", [
        Column("input", 1.3), Column("value", 0.5, "RIGHT"), Column("unit", 0.6), Column("range swung", 0.6, "RIGHT"),
        Column("class", 0.6), Column("source", 3.0)],
        [[_input_label(a, with_unit=False), figure(a["value"]), a["unit"], f"{figure(a['low'])} to {figure(a['high'])}",
          a["class"], a["source"]] for a in b.get("assumptions") or []], body_rows=8))
    out.append(paragraph(
        "Method: mining earns the hashprice on the fleet's hash rate (power over efficiency) at its uptime, pays energy "
        "and demand charges (curtailed in a month where they exceed its revenue) and its opex; the GPU capacity of "
        "each phase is leased at the colocation rate from its ready-for-service date, ramping linearly; the tenant's "
        "energy is billed at cost when passed through; capex of each phase is spread from its order release to its "
        "ready-for-service date. NPV and IRR are of the monthly incremental cash flow.", "small"))
    return out


__all__ = ["business_section", "load_and_cash_chart", "tornado_chart", "yearly_rows"]
