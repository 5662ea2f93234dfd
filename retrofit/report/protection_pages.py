"""The protection section of the PDF plan: short-circuit method, arc-flash label table, NEC 450.3, MV breaker
duty (interrupting and closing-and-latching), and a time-current plot of the devices around the bus with the
highest incident energy.

Everything printed is read from ``results["protection"]`` (see
:func:`retrofit.electrical.protection.protection_study`) and from the review findings; the plot draws the
curve points the study stored, referred to the plotted bus's voltage by the ratio of nominal voltages.
"""
from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, String
from reportlab.lib import colors

from .document import paragraph
from .formatting import markup, number, value_text, verdict
from .tables import Column, Schedule

FONT = "Helvetica"
#: Decades of the time-current plot: current [A] and time [s].
CURRENT_DECADES = (10.0, 1e6)
TIME_DECADES = (0.01, 1000.0)
_PALETTE = (colors.HexColor("#1565c0"), colors.HexColor("#c62828"), colors.HexColor("#2e7d32"),
            colors.HexColor("#6a1b9a"))


def _statuses(results: dict, rule_id: str) -> dict:
    """Status of a rule's findings by their first element."""
    out = {}
    for f in (results.get("review") or {}).get("findings") or []:
        if f.get("rule_id") == rule_id and f.get("elements"):
            out[f["elements"][0]] = f.get("status")
    return out


def label_schedule(results: dict) -> Schedule:
    """The arc-flash label data, one row per bus, failing rows marked from ELEC-AF-001."""
    arc = results["protection"]["arc_flash"]
    status = _statuses(results, "ELEC-AF-001")
    rows, failing = [], []
    for bus_id in sorted(arc):
        e = arc[bus_id]
        label = e.get("label")
        if label is None:
            reason = next((v.get("reason") for v in e.values() if isinstance(v, dict) and v.get("reason")), e.get("reason", ""))
            rows.append([bus_id, value_text("vn_kv", e.get("vn_kv")), "untested", "", "", "", "", reason or "", ""])
            failing.append(False)
            continue
        loc = e[label["location"]]
        category = label["ppe_category"]
        rows.append([bus_id, value_text("vn_kv", e.get("vn_kv")), label["location"].replace("_", " "),
                     value_text("incident_energy_cal_cm2", label["incident_energy_cal_cm2"]),
                     value_text("arc_flash_boundary_mm", label["arc_flash_boundary_mm"]),
                     "none (>40)" if category is None else str(category),
                     value_text("clearing_time_s", loc.get("clearing_time_s")), " ".join(loc["clearing_devices"]) or "none",
                     "Lee" if label.get("method", "").startswith("Lee") else "1584-2018"])
        failing.append(status.get(bus_id) == "fail")
    columns = [Column("bus", 1.2), Column("kV", 0.6), Column("location", 1.1), Column("cal/cm²", 0.8),
               Column("boundary mm", 0.9), Column("PPE", 0.6), Column("clearing s", 0.8), Column("cleared by", 1.6),
               Column("method", 0.8)]
    return Schedule("Arc-flash label data (IEEE 1584-2018 to 15 kV, Lee's method above; NFPA 70E)", columns, rows,
                    failing)


def transformer_schedule(results: dict) -> Schedule:
    """NEC 450.3 per transformer."""
    items = results["protection"]["nec_450_3"]
    rows, failing = [], []
    for t_id in sorted(items):
        r = items[t_id]
        rows.append([t_id, r.get("table", ""), ", ".join(r["primary_devices"]),
                     value_text("primary_setting_a", r.get("primary_setting_a")),
                     value_text("primary_limit_a", r.get("primary_limit_a")),
                     ", ".join(r["secondary_devices"]), value_text("secondary_setting_a", r.get("secondary_setting_a")),
                     value_text("secondary_limit_a", r.get("secondary_limit_a")), r.get("status", "")])
        failing.append(r.get("ok") is False)
    columns = [Column("transformer", 1.0), Column("table", 0.7), Column("primary", 1.3), Column("setting A", 0.8),
               Column("limit A", 0.8), Column("secondary", 1.1), Column("setting A", 0.8), Column("limit A", 0.8),
               Column("verdict", 0.6)]
    return Schedule("Transformer protection (NEC 450.3)", columns, rows, failing)


def mv_duty_schedule(results: dict) -> Schedule | None:
    """Interrupting and first-cycle (closing-and-latching) duty of each MV breaker; None when the design has none."""
    devices = results["protection"]["devices"]
    rows, failing = [], []
    for d_id in sorted(devices):
        duty = devices[d_id].get("duty") or {}
        first = duty.get("first_cycle")
        if first is None:
            continue
        rows.append([d_id, duty.get("bus", ""), number(duty.get("duty_ka"), ".2f", "kA"),
                     number(duty.get("interrupting_ka"), "g", "kA"), number(first.get("xr_ratio"), ".1f"),
                     number(first.get("multiplying_factor"), ".3f"), number(first.get("duty_ka"), ".2f", "kA"),
                     number(first.get("closing_latching_ka"), "g", "kA"), first.get("basis", "").replace("_", " "),
                     verdict(bool(duty.get("ok")) and bool(first.get("ok")))])
        failing.append(not (duty.get("ok") and first.get("ok")))
    if not rows:
        return None
    columns = [Column("breaker", 1.1), Column("bus", 0.9), Column("interrupting duty", 0.9, "RIGHT"),
               Column("interrupting rating", 0.75, "RIGHT"), Column("first-cycle X/R", 0.6, "RIGHT"),
               Column("first-cycle factor", 0.65, "RIGHT"),
               Column("first-cycle duty", 0.8, "RIGHT"), Column("closing and latching", 0.8, "RIGHT"),
               Column("basis", 0.7), Column("verdict", 0.6)]
    return Schedule("MV breaker duty: interrupting and closing-and-latching (IEEE C37.010 / C37.04)", columns, rows,
                    failing)


def _worst_lv_bus(protection: dict) -> str | None:
    best = None
    for bus_id in sorted(protection["arc_flash"]):
        e = protection["arc_flash"][bus_id]
        label = e.get("label")
        if label and e.get("vn_kv") is not None and e["vn_kv"] <= 1.0:
            key = (label["incident_energy_cal_cm2"], bus_id)
            if best is None or key[0] > best[0]:
                best = key
    return None if best is None else best[1]


def _device_vn_kv(protection: dict, device_id: str) -> float | None:
    bus = (protection["devices"].get(device_id) or {}).get("duty", {}).get("bus")
    return (protection["arc_flash"].get(bus) or {}).get("vn_kv")


def tcc_drawing(protection: dict, bus_id: str, width: float, height: float = 300.0) -> Drawing:
    """Log-log time-current plot at ``bus_id``'s voltage of the devices that clear it (bus and line side
    of its main) and of the feeders on it, with its arcing and bolted currents."""
    entry = protection["arc_flash"][bus_id]
    vn = entry["vn_kv"]
    ids: list[str] = []
    for where in ("bus", "line_side_of_main"):
        for d in (entry.get(where) or {}).get("clearing_devices", []):
            if d not in ids:
                ids.append(d)
    feeders = sorted(d for d, v in protection["devices"].items() if (v.get("duty") or {}).get("bus") == bus_id and d not in ids)
    ids += feeders[:1]
    d = Drawing(width, height)
    g = Group()
    x0, y0, w, h = 46.0, 28.0, width - 150.0, height - 40.0
    (i_lo, i_hi), (t_lo, t_hi) = CURRENT_DECADES, TIME_DECADES

    def x(i):
        return x0 + w * (math.log10(i) - math.log10(i_lo)) / (math.log10(i_hi) - math.log10(i_lo))

    def y(t):
        return y0 + h * (math.log10(t) - math.log10(t_lo)) / (math.log10(t_hi) - math.log10(t_lo))

    for k in range(int(math.log10(i_lo)), int(math.log10(i_hi)) + 1):
        g.add(Line(x(10.0**k), y0, x(10.0**k), y0 + h, strokeColor=colors.lightgrey, strokeWidth=0.3))
        g.add(String(x(10.0**k), y0 - 10, f"{10.0**k:g}", fontName=FONT, fontSize=6, textAnchor="middle"))
    for k in range(int(math.log10(t_lo)), int(math.log10(t_hi)) + 1):
        g.add(Line(x0, y(10.0**k), x0 + w, y(10.0**k), strokeColor=colors.lightgrey, strokeWidth=0.3))
        g.add(String(x0 - 3, y(10.0**k) - 2, f"{10.0**k:g}", fontName=FONT, fontSize=6, textAnchor="end"))
    g.add(String(x0 + w / 2, y0 - 20, f"current referred to {vn:g} kV [A]", fontName=FONT, fontSize=7, textAnchor="middle"))
    g.add(String(x0 - 30, y0 + h + 4, "time [s]", fontName=FONT, fontSize=7))
    for n, device in enumerate(ids):
        curve = (protection["devices"].get(device) or {}).get("curve")
        dv = _device_vn_kv(protection, device)
        if not curve or dv is None:
            continue
        ratio = dv / vn
        color = _PALETTE[n % len(_PALETTE)]
        for col, dash in ((1, None), (2, (2, 2))):
            pts = []
            for p in curve["points_a_tmax_s_tmin_s"]:
                i, t = p[0] * ratio, p[col]
                if t is None or not (i_lo <= i <= i_hi):
                    continue
                pts += [x(i), y(min(max(t, t_lo), t_hi))]
            if len(pts) >= 4:
                g.add(PolyLine(pts, strokeColor=color, strokeWidth=1.0 if dash is None else 0.6, strokeDashArray=dash))
        g.add(Line(x0 + w + 8, y0 + h - 12 * n, x0 + w + 20, y0 + h - 12 * n, strokeColor=color, strokeWidth=1.2))
        g.add(String(x0 + w + 24, y0 + h - 12 * n - 2, device, fontName=FONT, fontSize=6.5))
    loc = entry.get("bus") or {}
    for value, text in ((loc.get("arcing_current_ka"), "I arc"), (loc.get("bolted_current_ka"), "I bf")):
        if value:
            g.add(Line(x(value * 1e3), y0, x(value * 1e3), y0 + h, strokeColor=colors.black, strokeWidth=0.6,
                       strokeDashArray=(1, 2)))
            g.add(String(x(value * 1e3) + 2, y0 + h - 8, text, fontName=FONT, fontSize=6))
    g.add(String(x0 + w + 8, y0 + h - 12 * len(ids) - 6, "solid: latest clearing", fontName=FONT, fontSize=6))
    g.add(String(x0 + w + 8, y0 + h - 12 * len(ids) - 14, "dashed: earliest trip", fontName=FONT, fontSize=6))
    d.add(g)
    return d


def protection_studies(ctx) -> list:
    """The section: method, label table, NEC 450.3 and the time-current plot."""
    out = [ctx.headings.section("Protection studies")]
    protection = ctx.results.get("protection")
    if not protection:
        return out + [paragraph("The protection study was not run (no analysis of the design).", "note")]
    sc = protection["short_circuit"]
    out.append(paragraph(
        f"Short-circuit currents: {sc['method']}; minimum case: {sc['minimum_case']}. Incident energy by "
        "IEEE 1584-2018 at the working distance of each equipment class; the clearing time from the time-current "
        "curve of the devices that clear each location, capped at the study's longest arc duration. Where the design "
        "gives no trip settings the catalog's default settings are used: the labels are then estimates to be "
        "confirmed with the settings read from the devices.", "body"))
    out += ctx.schedule(label_schedule(ctx.results))
    out += ctx.schedule(transformer_schedule(ctx.results))
    mv_duty = mv_duty_schedule(ctx.results)
    if mv_duty is not None:
        out += ctx.schedule(mv_duty)
    bus = _worst_lv_bus(protection)
    if bus is not None:
        out.append(ctx.headings.sub(f"Time-current curves at {bus}"))
        out.append(paragraph(markup(
            f"The devices that clear {bus} and its main's line side, and a feeder on it, with the arcing and bolted "
            "currents of the bus."), "body"))
        out.append(tcc_drawing(protection, bus, ctx.width))
    return out
