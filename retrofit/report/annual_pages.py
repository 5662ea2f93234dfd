"""The annual energy page of the PDF plan and the comparison of variants: tables and charts.

The figures are the annual result's (:mod:`retrofit.annual`); the page formats them and computes
nothing but the bins of the ambient-versus-mode chart (hour counts of the result's hourly series).
"""
from __future__ import annotations

import numpy as np
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from ..annual.records import MODES, SUBSYSTEMS
from .charts import BAR, FONT, GREY, INK, nice_max
from .document import paragraph, rich, spacer
from .formatting import field_words, markup, money, number
from .tables import Column, data_table, key_value_table

MODE_COLOURS = {"dry": colors.HexColor("#3d5a80"), "adiabatic": colors.HexColor("#98c1d9"),
                "chiller": colors.HexColor("#c0392b")}
BIN_K = 2.0
"""Width of the dry-bulb bins of the ambient-versus-mode chart [K]."""


def _bars(title: str, names: list[str], values: list[float], width: float, height: float, unit: str,
          value_min: float | None = None, colour=BAR) -> Drawing:
    d = Drawing(width, height)
    d.add(String(4, height - 10, f"{title} [{unit}]" if unit else title, fontName=FONT, fontSize=7.5, fillColor=INK))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 34, 22, width - 44, height - 40
    vals = [v if v is not None and np.isfinite(v) else 0.0 for v in values]
    c.data = [vals]
    c.categoryAxis.categoryNames = [str(n) for n in names]
    c.categoryAxis.labels.fontName, c.categoryAxis.labels.fontSize = FONT, 6
    c.categoryAxis.labels.angle = 30 if max((len(str(n)) for n in names), default=0) > 6 else 0
    c.categoryAxis.labels.boxAnchor = "ne" if c.categoryAxis.labels.angle else "n"
    c.valueAxis.labels.fontName, c.valueAxis.labels.fontSize = FONT, 6
    top = max(vals, default=0.0)
    low = value_min if value_min is not None else 0.0
    c.valueAxis.valueMin = low
    c.valueAxis.valueMax = low + nice_max(max(top - low, 1e-9) * 1.05)
    c.bars[0].fillColor, c.bars[0].strokeColor = colour, None
    c.strokeColor = GREY
    d.add(c)
    return d


def monthly_charts(monthly: list[dict], width: float) -> list[Drawing]:
    """Monthly PUE and monthly water, side by side.

    Parameters
    ----------
    monthly : list of dict
        The annual result's ``monthly`` rows (``month``, ``pue``, ``water_m3``).
    width : float
        Width available [pt].
    """
    names = [m["month"] for m in monthly]
    pues = [m["pue"] for m in monthly]
    floor = 1.0 if all(p is not None and p >= 1.0 for p in pues) else 0.0
    half = width / 2 - 4
    d = Drawing(width, 150)
    left = _bars("Monthly PUE", names, pues, half, 150, "", value_min=floor)
    right = _bars("Monthly water", names, [m["water_m3"] for m in monthly], half, 150, "m³",
                  colour=colors.HexColor("#2a9d8f"))
    right.translate(half + 8, 0)
    d.add(left)
    d.add(right)
    return [d]


def mode_chart(t_dry_bulb_c, mode, width: float) -> Drawing:
    """Hours in each heat-rejection mode per dry-bulb bin of :data:`BIN_K` (stacked bars).

    Parameters
    ----------
    t_dry_bulb_c : array
        Hourly dry bulb [°C].
    mode : array of int
        Hourly mode index into :data:`retrofit.annual.records.MODES`.
    width : float
        Width [pt].
    """
    t = np.asarray(t_dry_bulb_c, dtype=float)
    m = np.asarray(mode, dtype=int)
    lo, hi = np.floor(t.min() / BIN_K) * BIN_K, np.ceil(t.max() / BIN_K) * BIN_K + BIN_K
    edges = np.arange(lo, hi + 0.5 * BIN_K, BIN_K)
    idx = np.clip(np.digitize(t, edges) - 1, 0, len(edges) - 2)
    counts = [[int(np.sum((idx == b) & (m == k))) for b in range(len(edges) - 1)] for k in range(len(MODES))]
    height = 170
    d = Drawing(width, height)
    d.add(String(4, height - 10, "Hours in each mode by outdoor dry bulb [h per 2 K bin]", fontName=FONT, fontSize=7.5,
                 fillColor=INK))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 34, 28, width - 120, height - 48
    c.data = counts
    c.categoryAxis.style = "stacked"
    c.categoryAxis.categoryNames = [f"{e:g}" if i % 2 == 0 else "" for i, e in enumerate(edges[:-1])]
    c.categoryAxis.labels.fontName, c.categoryAxis.labels.fontSize = FONT, 6
    c.valueAxis.labels.fontName, c.valueAxis.labels.fontSize = FONT, 6
    c.valueAxis.valueMin = 0
    c.valueAxis.valueMax = nice_max(max((sum(col) for col in zip(*counts)), default=1) * 1.05)
    for k, name in enumerate(MODES):
        c.bars[k].fillColor, c.bars[k].strokeColor = MODE_COLOURS[name], None
    d.add(c)
    d.add(String(34 + (width - 120) / 2, 8, "dry bulb [°C], lower edge of each bin", fontName=FONT, fontSize=6.5,
                 fillColor=GREY, textAnchor="middle"))
    leg = Legend()
    leg.x, leg.y = width - 78, height - 30
    leg.fontName, leg.fontSize = FONT, 7
    leg.colorNamePairs = [(MODE_COLOURS[n], n) for n in MODES]
    d.add(leg)
    return d


def comparison_chart(rows: list[dict], width: float) -> Drawing:
    """Annual PUE, water and energy cost (or facility energy without a tariff) of each variant.

    Parameters
    ----------
    rows : list of dict
        Rows of :func:`retrofit.annual.scenarios.run_case` (rows with an error are left out).
    width : float
        Width [pt].
    """
    ok = [r for r in rows if "error" not in r]
    names = [r["variant"] for r in ok]
    third = width / 3 - 6
    d = Drawing(width, 160)
    pue = _bars("Annual PUE", names, [r["pue_annual"] for r in ok], third, 160, "", value_min=1.0)
    water = _bars("Annual water", names, [r["water_m3"] for r in ok], third, 160, "m³",
                  colour=colors.HexColor("#2a9d8f"))
    has_cost = all(r.get("energy_cost_usd") is not None for r in ok) and ok
    third_chart = (_bars("Annual energy cost", names, [r["energy_cost_usd"] / 1e6 for r in ok], third, 160, "M USD",
                         colour=colors.HexColor("#e07a5f")) if has_cost else
                   _bars("Annual facility energy", names, [r["energy_mwh"] for r in ok], third, 160, "MWh",
                         colour=colors.HexColor("#e07a5f")))
    water.translate(third + 9, 0)
    third_chart.translate(2 * (third + 9), 0)
    for g in (pue, water, third_chart):
        d.add(g)
    return d


COMPARISON_COLUMNS = [Column("variant", 1.1), Column("racks", 0.6, "RIGHT"), Column("capex", 0.9, "RIGHT"),
                      Column("annual PUE", 0.7, "RIGHT"), Column("design PUE", 0.7, "RIGHT"),
                      Column("water [m³]", 0.9, "RIGHT"), Column("energy cost", 0.9, "RIGHT"),
                      Column("h above setpoint", 0.8, "RIGHT"), Column("binding", 1.2), Column("review", 0.8)]


def comparison_cells(r: dict) -> list[str]:
    """The cells of one comparison row, as printed."""
    if "error" in r:
        return [r["variant"], "", "", "", "", "", "", "", "", f"not built: {r['error']}"]
    return [r["variant"], number(r.get("racks"), "d"), money(r.get("capex_usd")), number(r.get("pue_annual"), ".3f"),
            number(r.get("pue_design_point"), ".3f"), number(r.get("water_m3"), ",.0f"),
            money(r.get("energy_cost_usd")), number(r.get("hours_above_setpoint"), "d"),
            str(r.get("binding_constraint") or "n/a"), r.get("review_verdict", "n/a")]


def comparison_flowables(rows: list[dict], width: float) -> list:
    """The comparison table, its chart and each variant's notes."""
    out = [data_table(COMPARISON_COLUMNS, [comparison_cells(r) for r in rows], width), spacer(6),
           comparison_chart(rows, width)]
    for r in rows:
        if r.get("notes"):
            out.append(paragraph(f"{r['variant']}: " + "; ".join(r["notes"]), "small"))
    return out


def annual_flowables(annual, width: float, headings=None) -> list:
    """Tables and charts of one annual result (:class:`retrofit.annual.records.AnnualResult`)."""
    j = annual.to_json()
    w = j["weather"]
    out = []
    if w.get("synthetic"):
        out.append(rich(f"<b>Synthetic weather.</b> {markup(w['label'])}. A synthetic year has no heat waves or "
                        "humid spells: the annual figures are typical operation, and hours above limits need a real "
                        "weather file (retrofit annual --weather).", "note"))
    else:
        out.append(paragraph(f"Weather: {w['label']}.", "body"))
    dp = j["design_point"]
    cost = j["cost"]
    pairs = [("annual PUE (energy ratio)", number(j["pue_annual"], ".4f")),
             ("design-point PUE (at the design ambient, not annual)", number(dp.get("pue"), ".4f")),
             ("IT energy", number(j["energy_kwh"]["it"] / 1e3, ",.0f", "MWh")),
             ("facility energy", number(j["energy_kwh"]["facility"] / 1e3, ",.0f", "MWh")),
             ("annual water", number(j["water_m3"], ",.0f", "m³")),
             ("WUE", number(j["wue_l_per_kwh"], ".3f", "L/kWh")),
             ("peak demand", number(j["peak_demand_kw"], ",.0f", "kW")),
             ("energy cost", money(cost.get("total_usd")) if cost.get("total_usd") is not None
              else f"n/a ({cost.get('reason', '')})"),
             ("hours by mode", ", ".join(f"{k} {v:,}" for k, v in j["hours_by_mode"].items())),
             ("hours with the facility supply above its setpoint", f"{j['hours_above']['facility_supply_above_setpoint']:,}"),
             ("hours with heat not removed", f"{j['hours_above']['heat_not_removed']:,}"),
             ("hours with a TCS supply above the racks' limit", f"{j['hours_above']['tcs_supply_above_rack_limit']:,}")]
    pairs += [(f"partial PUE, {field_words(k.replace('_', ' '))}", number(j["partial_pue"].get(k), ".4f"))
              for k in SUBSYSTEMS]
    out += [key_value_table(pairs, width), spacer(8)]
    out += monthly_charts(j["monthly"], width)
    out += [spacer(6), mode_chart(annual.hourly.t_dry_bulb_c, annual.hourly.mode, width)]
    a = j["assumptions"]
    out.append(paragraph(
        f"Assumptions: IT load {a['load_profile']} (utilisation {number(a['utilisation'], '.2f')}); facility pumps "
        f"follow the load down to {a['pump_min_speed'] * 100:.0f} % speed (affinity laws); facility supply reset up to "
        f"{a['supply_reset_max_k']:g} K while every CDU holds its TCS setpoint; CRAH fans by the cube law down to "
        f"{a['fan_min_speed'] * 100:.0f} %; {a['electrical_losses']}.", "small"))
    return out


def annual_energy(ctx) -> list:
    """Section of the PDF plan: annual energy, water and cost, and the comparison of variants when the
    results hold one (``results["comparison"]``, rows of :func:`retrofit.annual.scenarios.run_case`)."""
    from ..annual.plan_part import plan_annual

    out = [ctx.headings.section("Annual energy, water and cost")]
    annual, why = plan_annual(ctx.run)
    if annual is None:
        return out + [rich(f"<b>The annual simulation was not produced.</b> {markup(why)}.", "note")]
    out.append(paragraph(
        "The plant of every facility loop solved at each of the 8,760 hours of a weather year with the same models as "
        "the design point: heat-rejection fans and pads to the facility supply setpoint, pumps and fans at part "
        "load, electrical losses at the hour's load. PUE here is The Green Grid's annual energy ratio; the "
        "design-point PUE of the calculations is a power ratio at the design ambient.", "body"))
    out += annual_flowables(annual, ctx.width)
    rows = ctx.results.get("comparison")
    if rows:
        out += [ctx.headings.sub("Comparison of variants"), *comparison_flowables(rows, ctx.width)]
    return out
