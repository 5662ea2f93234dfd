"""The schedule pages of the PDF plan: phases against the utility capacity, miners kept running, the Gantt
chart with its critical path, outage windows and the lead times used.

Every figure is the plan's (``results["plan"]["schedule"]`` and ``results["plan"]["phases"]``, from
:mod:`retrofit.business.programme`); the page only draws and formats them.
"""
from __future__ import annotations

import datetime as dt

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.platypus import KeepTogether

from reportlab.pdfbase.pdfmetrics import stringWidth

from .charts import FONT, GREY, INK, LIGHT
from .document import paragraph
from .formatting import field_words, number
from .tables import Column, Schedule, data_table

#: Bar colour of each activity kind; the critical path is drawn darker and outlined (red is kept for failures).
KIND_COLOURS = {"design": colors.HexColor("#8d99ae"), "procurement": colors.HexColor("#98c1d9"),
                "commissioning": colors.HexColor("#e0a458"), "site": colors.HexColor("#b5a886"),
                "installation": colors.HexColor("#3d5a80"), "cutover": colors.HexColor("#6a4c93"),
                "utility": colors.HexColor("#2a9d8f"), "milestone": colors.HexColor("#222222")}
CRITICAL_EDGE = colors.HexColor("#111111")
ROW_HEIGHT = 7.0
LABEL_WIDTH = 150.0
#: Size of the chart's labels [pt]: the smallest text of the plan.
LABEL_SIZE = 6.0


def activity_label(activity: dict) -> str:
    """An activity as the chart and the critical path name it: its phase and its name in words
    (``P1  Procure LV switchgear``), never its internal id."""
    prefix = str(activity.get("id", "")).split("-", 1)[0]
    return f"{prefix}  {field_words(activity.get('name', ''))}" if prefix else field_words(activity.get("name", ""))


def when(rec: dict, key: str, dated: bool) -> str:
    """A date of a schedule record, or its offset from the start in weeks when the schedule has no start date."""
    if dated and rec.get(key):
        return rec[key]
    day = rec.get(f"{key}_day")
    return f"week {day / 7:.0f}" if isinstance(day, (int, float)) else "n/a"


def gantt_parts(schedule: dict, width: float) -> list[Drawing]:
    """The Gantt chart in one part per phase (the design and permits go with the first), on one time axis, so
    that a long programme flows over pages instead of leaving one half empty; the legend heads the first part."""
    parts: dict[str, list[dict]] = {}
    for a in schedule.get("activities") or []:
        phase = str(a.get("id", "")).split("-", 1)[0]
        parts.setdefault(phase, []).append(a)
    groups = list(parts.values())
    if len(groups) > 1 and len(groups[0]) < 4:      # P0 (design, permits) heads the first phase's part
        groups = [groups[0] + groups[1]] + groups[2:]
    return [gantt(schedule, width, group, legend=i == 0) for i, group in enumerate(groups)] or [gantt(schedule, width)]


def gantt(schedule: dict, width: float, activities: list[dict] | None = None, legend: bool = True) -> Drawing:
    """The Gantt chart of the schedule: one bar per activity (milestones as diamonds), critical bars outlined,
    a month grid with year labels (or months from the start when undated)."""
    every = schedule.get("activities") or []
    acts = every if activities is None else activities
    end = max([a["finish_day"] for a in every] + [1])     # one time axis for every part of the chart
    head = 14 if legend else 4
    height = 10 + head + ROW_HEIGHT * len(acts) + 14
    d = Drawing(width, height)
    g = Group()
    x0, w = LABEL_WIDTH, width - LABEL_WIDTH - 4
    top = height - head

    def x(day: float) -> float:
        return x0 + w * day / end

    dated = bool(schedule.get("dated"))
    start = dt.date.fromisoformat(schedule["start"]) if dated and schedule.get("start") else None
    months = int(end / 30.44) + 1
    step = 1 if months <= 24 else 3 if months <= 60 else 6
    for m in range(0, months + 1, step):
        day = m * 30.44
        if start is not None:
            mm = start.month - 1 + m
            first = dt.date(start.year + mm // 12, mm % 12 + 1, 1)
            day = (first - start).days
            label = first.strftime("%b %y") if first.month in (1, 7) or step == 1 else ""
        else:
            label = f"{m}" if m % (step * 2) == 0 else ""
        if day < 0 or day > end:
            continue
        g.add(Line(x(day), 14, x(day), top, strokeColor=LIGHT, strokeWidth=0.3))
        if label:
            g.add(String(x(day), 5, label, fontName=FONT, fontSize=LABEL_SIZE, fillColor=GREY, textAnchor="middle"))
    g.add(String(x0 - 10, 5, "calendar month" if start is not None else "months from the start", fontName=FONT,
                 fontSize=LABEL_SIZE, fillColor=GREY, textAnchor="end"))
    for i, a in enumerate(acts):
        y = top - (i + 1) * ROW_HEIGHT
        g.add(String(x0 - 3, y + 1.2, shrink_to_fit(activity_label(a), LABEL_WIDTH - 4, LABEL_SIZE), fontName=FONT,
                     fontSize=LABEL_SIZE, fillColor=INK, textAnchor="end"))
        colour = KIND_COLOURS.get(a["kind"], GREY)
        crit = bool(a.get("critical"))
        if a["duration_days"] == 0:
            cx, cy, r = x(a["start_day"]), y + ROW_HEIGHT / 2 - 0.5, 2.6
            g.add(Polygon([cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy], fillColor=colour,
                          strokeColor=CRITICAL_EDGE if crit else None, strokeWidth=0.6))
            continue
        g.add(Rect(x(a["start_day"]), y + 0.6, max(0.8, x(a["finish_day"]) - x(a["start_day"])), ROW_HEIGHT - 2.2,
                   fillColor=colour, strokeColor=CRITICAL_EDGE if crit else None, strokeWidth=0.9 if crit else 0))
    g.add(Line(x0, 14, x0, top, strokeColor=INK, strokeWidth=0.5))
    if not legend:
        d.add(g)
        return d
    lx = 0.0
    for kind, colour in KIND_COLOURS.items():
        g.add(Rect(lx, height - 8, 6, 5, fillColor=colour, strokeColor=None))
        g.add(String(lx + 8, height - 7.5, kind, fontName=FONT, fontSize=LABEL_SIZE, fillColor=INK))
        lx += 14 + stringWidth(kind, FONT, LABEL_SIZE)
    g.add(Rect(lx, height - 8, 6, 5, fillColor=colors.white, strokeColor=CRITICAL_EDGE, strokeWidth=0.9))
    g.add(String(lx + 8, height - 7.5, "critical path (outlined)", fontName=FONT, fontSize=LABEL_SIZE, fillColor=INK))
    d.add(g)
    return d


def _phase_rows(phases: list[dict], sched_phases: dict, dated: bool) -> list[list]:
    rows = []
    for p in phases:
        s = sched_phases.get(p.get("phase")) or {}
        walls = p.get("demising_walls") or []
        rows.append([
            p.get("phase"),
            p.get("utility_step_date") or "from the start",
            number(p.get("utility_capacity_for_gpu_kva", 0) / 1e3 if p.get("utility_capacity_for_gpu_kva") is not None
                   else None, ",.1f"),
            number(p.get("gpu_demand_kva", 0) / 1e3 if p.get("gpu_demand_kva") is not None else None, ",.1f"),
            number((p.get("it_kw") or 0) / 1e3, ",.2f"),
            f"{p.get('miners_removed', 0):,} / {p.get('miners_kept', 0):,}",
            number((p.get("mining_kw") or 0) / 1e3, ",.2f"),
            number(p.get("capacity_left_to_mining_kva", 0) / 1e3 if p.get("capacity_left_to_mining_kva") is not None
                   else None, ",.1f") + " / " + number((p.get("mining_demand_kva") or 0) / 1e3, ",.1f"),
            (number(p.get("mining_airflow_m3s"), ",.0f") + " / " + number(p.get("mining_airflow_needed_m3s"), ",.0f"))
            if p.get("miners_kept") else "-",
            f"{sum(w['length_m'] for w in walls):,.0f} ({len(walls)})" if walls else "-",
            when(s, "mining_stop", dated), when(s, "ready_for_service", dated),
            number((s.get("duration_days") or 0) / 30.44, ".1f"),
        ])
    return rows


def schedule_section(ctx) -> list:
    """Section: the programme: phases against the utility capacity and the miners kept, the Gantt chart, the
    outage windows and the lead times."""
    plan = ctx.results.get("plan") or {}
    schedule = plan.get("schedule")
    out = [ctx.headings.section("Programme and schedule")]
    if not schedule:
        return out + [paragraph("The plan has no phases, so no schedule.", "note")]
    dated = bool(schedule.get("dated"))
    phases = [p for p in plan.get("phases") or [] if isinstance(p, dict)]
    sched_phases = {p["phase"]: p for p in schedule.get("phases") or []}
    finish = when(schedule, "finish", dated)
    out.append(paragraph(
        f"Start {when(schedule, 'start', dated) if dated else 'at week 0 (the input gives no start date: goal.schedule.start)'}; "
        f"the last phase is ready for service {finish}, {schedule['duration_days'] / 30.44:.1f} months after the start. "
        "Durations are catalog lead times and estimated site rates (tables below), dated by the critical path method; "
        "site work (miner removal, demising wall, installation) is placed as late as its float allows, so the miners "
        "run until their floor is needed. An estimate for planning: vendor quotes and the contractor's programme "
        "replace it.", "body"))
    out.append(ctx.headings.sub("Phases, utility capacity and the miners kept running"))
    cols = [Column("phase", 0.35, "RIGHT"), Column("utility step", 0.85), Column("capacity for GPU [MVA]", 0.55, "RIGHT"),
            Column("GPU demand [MVA]", 0.65, "RIGHT"), Column("GPU IT [MW]", 0.45, "RIGHT"),
            Column("miners removed / running", 0.8, "RIGHT"), Column("mining [MW]", 0.45, "RIGHT"),
            Column("left to mining / mining demand [MVA]", 0.85, "RIGHT"),
            Column("fan air / miners' air [m³/s]", 0.7, "RIGHT"), Column("demising wall [m] (halls)", 0.65, "RIGHT"),
            Column("miners stop", 0.85), Column("ready for service", 0.85), Column("months", 0.45, "RIGHT")]
    out.append(data_table(cols, _phase_rows(phases, sched_phases, dated), ctx.width))
    out.append(paragraph(
        "GPU demand: the phase's racks and their cooling at the utility, without the miners; it fits the capacity of "
        "the utility step the phase waits for. Left to mining: the contracted service less the GPU demand, beside what "
        "the miners still running and their exhaust fans draw. Fan air: exhaust fans still running against the "
        "miners' own airflow. The demising wall closes the GPU zone off from the mining air in each hall where both "
        "run.", "small"))
    parts = gantt_parts(schedule, ctx.width)
    out.append(KeepTogether([ctx.headings.sub("Gantt chart"), parts[0]]))
    out += parts[1:]
    names = {a["id"]: activity_label(a) for a in schedule.get("activities") or []}
    crit = [names.get(a, a) for a in schedule.get("critical_path") or []]
    out.append(paragraph(f"Critical path: {' > '.join(crit)}.", "small"))
    outages = schedule.get("outages") or []
    if outages:
        out.append(ctx.headings.sub("Planned outage windows"))
        out.append(data_table([Column("phase", 0.4, "RIGHT"), Column("level", 0.4), Column("equipment cut over", 0.8,
                                                                                                  "RIGHT"),
                               Column("outage [h]", 0.6, "RIGHT"), Column("within", 1.6)],
                              [[o["phase"], o["level"], o["equipment"], number(o["hours"], ".0f"),
                                f"{when(o, 'start', dated)} to {when(o, 'finish', dated)}"] for o in outages],
                              ctx.width))
    procurement = {}
    for a in schedule.get("activities") or []:
        if a["kind"] == "procurement" and a["id"].split("-", 2)[-1] not in ("ORDER",) and "-PROC-" in a["id"]:
            procurement.setdefault(a["id"].split("-PROC-")[1], a["basis"])
    if procurement:
        out.append(ctx.headings.sub("Lead times used"))
        out += ctx.appendix_only(Schedule("Procurement lead times", [Column("category", 0.8), Column("lead time, class and "
                                                                                                 "source", 4.0)],
                                     [[field_words(k.replace("_", " ")), v] for k, v in sorted(procurement.items())]))
    return out


def shrink_to_fit(text: str, width: float, size: float) -> str:
    """``text`` whole when it fits ``width`` at ``size``; else its last whole words are left out (never a word
    cut, never a size under :data:`LABEL_SIZE`)."""
    words = text.split(" ")
    while len(words) > 1 and stringWidth(" ".join(words), FONT, size) > width:
        words.pop()
    return " ".join(words).rstrip(",")


__all__ = ["KIND_COLOURS", "LABEL_SIZE", "activity_label", "gantt", "gantt_parts", "schedule_section", "shrink_to_fit",
           "when"]
