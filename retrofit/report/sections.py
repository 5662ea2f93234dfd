"""The sections of the PDF plan, each a list of flowables built from the results dict.

A section whose input is absent says so, and why (from ``results["parts"]``); no section invents a
number. Long schedules print an excerpt and go whole to the appendix (:mod:`.tables`); drawings sit on
landscape pages. The calculation tables are in :mod:`.calculations`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, PageBreakIfNotEmpty, Spacer

from .. import __version__
from .cooling_schematic import cooling_sheets
from .document import Headings, PlanDocument, landscape_pages, paragraph, rich, spacer, table_of_contents
from .floor_typical import typical_halls
from .floorplan import floor_sheets, phase_sheet
from .formatting import ambient_name, count_noun, heading, ids_text, markup, number, plain, value_text
from .oneline import oneline_sheets
from .pipeline import PlanRun
from .tables import Appendices, Column, Schedule, data_table, key_value_table, lead_height, schedule_flowables


@dataclass
class Context:
    """What every section builder reads: the run (designs and results), page geometry, numbering."""

    run: PlanRun
    paper: str = "letter"
    headings: Headings = field(default_factory=Headings)
    appendices: Appendices = field(default_factory=Appendices)
    printed: list[Schedule] = field(default_factory=list)    # every schedule printed, in order (the exports')

    @property
    def results(self) -> dict:
        return self.run.results

    @property
    def width(self) -> float:
        return PlanDocument.text_width(self.paper)

    @property
    def drawing(self) -> tuple[float, float]:
        return PlanDocument.drawing_size(self.paper)

    def part(self, name: str) -> dict:
        return (self.results.get("parts") or {}).get(name, {"produced": False, "reason": "not run"})

    def missing(self, name: str, what: str) -> list:
        """The note a section prints in place of a part that was not produced."""
        reason = self.part(name).get("reason") or "it was not run"
        return [rich(f"<b>{markup(what)} was not produced.</b> {markup(reason[0].upper() + reason[1:])}.", "note")]

    def schedule(self, schedule: Schedule) -> list:
        self.printed.append(schedule)
        return schedule_flowables(schedule, self.width, self.appendices)

    def appendix_only(self, schedule: Schedule) -> list:
        """``schedule`` whole in the appendix and its CSV file, not in the body: the sentence pointing to it (the
        caller prints a summary of it: counts, the governing rows)."""
        self.printed.append(schedule)
        return [paragraph(self.appendices.refer(schedule), "small")]


def records_schedule(title: str, records: list[dict], columns: list[str] | None = None,
                     fail_key: str | None = None) -> Schedule:
    """A schedule of plain records; the columns are ``columns`` or every key in order of appearance."""
    if columns is None:
        columns = []
        for r in records:
            for k in r:
                if k not in columns:
                    columns.append(k)
    failing = [bool(r.get(fail_key) is False or r.get(fail_key) == "fail") for r in records] if fail_key else None
    rows = [[value_text(c, r.get(c)) for c in columns] for r in records]
    widths = [2.0 if c in ("reason", "message", "detail", "source", "diagnosis", "figures", "basis") else
              1.7 if c == "model" else 1.0 for c in columns]
    return Schedule(title, [Column(heading(c), w) for c, w in zip(columns, widths)], rows, failing)


# --- cover and contents ---------------------------------------------------------------------------

def cover(ctx: Context) -> list:
    r = ctx.results
    inv = (r.get("existing") or {}).get("inventory", {}).get("site", {})
    ident = r.get("input") or {}
    out = [Spacer(1, 120), rich("Retrofit plan", "title"),
           paragraph(f"{r.get('site', '')}", "subtitle")]
    if inv.get("location"):
        out.append(paragraph(inv["location"], "subtitle"))
    out.append(Spacer(1, 24))
    racks = _rack_count_text(ctx)
    out.append(paragraph(f"Conversion to liquid-cooled NVIDIA GB300 NVL72 racks: {racks}.", "body"))
    mode = r.get("mode") or {}
    verdict = (r.get("review") or {}).get("verdict") or {}
    if mode:
        out.append(rich(f"<b>This plan's design was {markup(mode['mode'])}</b>: {markup(mode['reason'])}.", "body"))
    if verdict:
        out.append(rich(f"<b>Review verdict: {verdict['verdict'].upper()}</b> — {verdict['failing']} failing "
                             f"finding{'s' if verdict['failing'] != 1 else ''}, {verdict['untested']} not evaluated "
                             f"({len(verdict['untested_rules'])} rule{'s' if len(verdict['untested_rules']) != 1 else ''}).",
                             "body"))
    pairs = [("Input file", ident.get("file") or "(not from a file)"),
             ("SHA-256 of the input", ident.get("sha256") or "n/a"),
             ("Prepared with", f"retrofit {__version__}"),
             ("Parts produced", ", ".join(k.replace("_", " ") for k, v in sorted((r.get("parts") or {}).items())
                                          if v.get("produced")) or "none"),
             ("Parts not produced", ", ".join(k.replace("_", " ") for k, v in sorted((r.get("parts") or {}).items())
                                              if not v.get("produced")) or "none")]
    out += [Spacer(1, 12), key_value_table(pairs, ctx.width * 0.8, 0.3), Spacer(1, 30),
            paragraph("Every figure in this plan comes from the results written beside it as JSON (retrofit plan "
                      "--json); the same input gives the same document, byte for byte. The figures are engineering "
                      "estimates for planning; they do not replace the stamped design of a licensed engineer.",
                      "small")]
    return out


def contents(ctx: Context) -> list:
    return [rich("Contents", "h1"), table_of_contents()]


def _rack_count_text(ctx: Context) -> str:
    r = ctx.results
    sizing = (r.get("plan") or {}).get("sizing") or {}
    racks = (r.get("electrical") or {}).get("racks") or {}
    goal = (r.get("assumptions") or {}).get("goal") or {}
    model = goal.get("rack_model") or sizing.get("rack_model") or "gb300-nvl72"
    count = sum(1 for v in racks.values() if v.get("model") == model)
    text = f"{count_noun(count, 'rack')} of model {model} in the design analysed"
    if sizing.get("count_at_policy") is not None:
        text += f" (planned: {sizing['count_at_policy']})"
    return text


# --- executive summary ----------------------------------------------------------------------------

def summary(ctx: Context) -> list:
    r = ctx.results
    out = [ctx.headings.section("Executive summary")]
    pue = r.get("pue") or {}
    e = r.get("electrical") or {}
    c = r.get("cooling") or {}
    u = e.get("utility") or {}
    plan = r.get("plan") or {}
    sizing = plan.get("sizing") or {}
    basis = c.get("design_basis", "")
    amb = (c.get("ambients") or {}).get(basis, {})
    pairs = [("GB300 NVL72 racks", _rack_count_text(ctx)),
             ("IT load at design", f"{number((pue.get('it_kw') or 0) / 1000 if pue.get('it_kw') is not None else None, '.3f', 'MW')}"
                                   f" ({number(pue.get('it_kw'), ',.0f', 'kW')})")]
    if sizing:
        binding = sizing.get("binding")
        con = (sizing.get("constraints") or {}).get(binding, {}) if binding else {}
        pairs.append(("Binding constraint", f"{binding}: {value_text('max_racks', con.get('max_racks'))} racks"
                                            + (f" ({plain(con.get('detail'))})" if con.get("detail") else "")))
    else:
        pairs.append(("Binding constraint", "not produced: " + ctx.part("plan").get("reason", "")))
    pairs.append(("Key upgrades", _key_upgrades(ctx)))
    verification = plan.get("verification")
    if isinstance(verification, dict):
        fails = verification.get("failures") or []
        repairs = verification.get("repairs") or []
        pairs.append(("Plan verification", ("the proposal passes the planner's analysis checks" if verification.get("passes")
                                            else f"{len(fails)} check(s) still fail after planning")
                      + (f"; {len(repairs)} repair(s) made" if repairs else "")))
    pairs.append(("Capex", _capex_text(ctx)))
    pairs.append(("PUE at design", f"{number(pue.get('pue'), '.3f')} at {basis} "
                                   f"({number(amb.get('t_dry_bulb_c'), '.1f', '°C')} dry bulb); IT "
                                   f"{number(pue.get('it_kw'), ',.0f', 'kW')}, cooling {number(pue.get('cooling_kw'), ',.0f', 'kW')}, "
                                   f"electrical losses {number(pue.get('electrical_losses_kw'), ',.0f', 'kW')}"))
    if u:
        pairs.append(("Utility demand", f"{number(u.get('demand_kw'), ',.0f', 'kW')} / {number(u.get('demand_kva'), ',.0f', 'kVA')}"
                                        f" = {number(u.get('loading_percent'), '.1f', '%')} of {number(u.get('capacity_kva'), ',.0f', 'kVA')}"))
    review = r.get("review")
    if review:
        counts = review.get("by_status") or {}
        pairs.append(("Design review", ", ".join(f"{counts.get(s, 0)} {s.replace('_', ' ')}"
                                                 for s in ("fail", "waived", "untested", "pass", "not_applicable"))))
    else:
        pairs.append(("Design review", "not produced: " + ctx.part("review").get("reason", "")))
    out.append(key_value_table(pairs, ctx.width, 0.24))
    if review:
        fails = [f for f in review.get("findings", []) if f.get("status") == "fail"]
        out.append(ctx.headings.minor(f"Open failing checks ({len(fails)})"))
        if fails:
            rows = [[f.get("rule_id"), f.get("severity"), ids_text(f.get("elements") or [], 3), f.get("message")]
                    for f in fails[:8]]
            out.append(data_table([Column("rule", 0.9), Column("severity", 0.6), Column("elements", 1.2),
                                   Column("finding", 3.3)], rows, ctx.width, failing=[True] * len(rows)))
            if len(fails) > 8:
                out.append(paragraph(f"and {len(fails) - 8:,} more failing findings: see the design review section.",
                                     "small"))
        else:
            out.append(paragraph("No check fails.", "body"))
    missing = [(k, v) for k, v in sorted((r.get("parts") or {}).items()) if not v.get("produced")]
    if missing:
        out.append(ctx.headings.minor("What this plan does not contain"))
        for name, v in missing:
            out.append(rich(f"<b>{markup(name.replace('_', ' '))}</b>: {markup(v.get('reason', ''))}.", "bullet"))
    return out


def _key_upgrades(ctx: Context) -> str:
    plan = ctx.results.get("plan")
    if not plan:
        return "not produced: " + ctx.part("plan").get("reason", "")
    reuse = plan.get("reuse") or []
    changes = [x for x in reuse if x.get("verdict") in ("replace", "derate", "remove")]
    if not changes:
        return "none: every existing element is reused as it is" if reuse else "no reuse assessment in the plan"
    text = "; ".join(f"{x.get('verdict')} {x.get('element')}" for x in changes[:6])
    return text + (f"; and {len(changes) - 6:,} more (reuse assessment)" if len(changes) > 6 else "")


def capex_key(bom: dict) -> str | None:
    for key in ("capex_total_usd", "total_capex_usd", "capex_usd", "total_usd"):
        if isinstance(bom.get(key), (int, float)):
            return key
    return None


def _capex_text(ctx: Context) -> str:
    plan = ctx.results.get("plan")
    if not plan:
        return "not produced: " + ctx.part("plan").get("reason", "")
    bom = plan.get("bom") or {}
    key = capex_key(bom)
    if key is None:
        return "the plan's bill of materials has no total cost"
    parts = [f"{label} {number(bom[k], ',.0f', 'USD')}" for k, label in (("capex_facility_usd", "facility"),
                                                                        ("capex_it_usd", "IT equipment"))
             if isinstance(bom.get(k), (int, float)) and k != key]
    return f"{number(bom[key], ',.0f', 'USD')}" + (f" ({', '.join(parts)})" if parts else "")


# --- existing conditions --------------------------------------------------------------------------

def existing_conditions(ctx: Context) -> list:
    r = ctx.results
    inv = (r.get("existing") or {}).get("inventory") or {}
    out = [ctx.headings.section("Existing conditions")]
    site, u = inv.get("site", {}), inv.get("utility", {})
    out.append(key_value_table([
        ("Site", f"{site.get('name', '')}" + (f", {site['location']}" if site.get("location") else "")),
        ("Altitude", number(site.get("altitude_m"), ".0f", "m")),
        ("Climate station", site.get("climate_station") or "n/a"),
        ("Utility service", f"{number(u.get('voltage_kv'), 'g', 'kV')}, {number(u.get('capacity_mva'), 'g', 'MVA')} "
                            f"contracted, Sk\" {number(u.get('sk_mva'), 'g', 'MVA')}, X/R {number(u.get('xr_ratio'), 'g')}")],
        ctx.width, 0.24))
    groups = (("Electrical", (("transformers", "Transformers"), ("switchgear", "Switchgear, switchboards and panelboards"),
                              ("generators", "Generators"), ("ups", "UPS"))),
              ("Loads", (("miners", "ASIC miners"), ("racks", "IT racks"), ("other_loads", "Other loads"))),
              ("Cooling", (("cdus", "CDUs"), ("pumps", "Facility pumps"), ("heat_rejection", "Heat rejection"),
                           ("air_movers", "Air movers"))),
              ("Halls", (("halls", "Halls"),)))
    for group, kinds in groups:
        present = [(key, title) for key, title in kinds if inv.get(key)]
        if not present:
            continue
        out.append(ctx.headings.sub(group))
        for key, title in present:
            out += ctx.schedule(records_schedule(title, inv[key]))
    analysis = (r.get("existing") or {}).get("analysis")
    out.append(ctx.headings.sub("The site as it is, analysed"))
    if not analysis:
        out += ctx.missing("existing_analysis", "A separate analysis of the existing site")
    else:
        eu = analysis.get("utility") or {}
        ep = analysis.get("pue") or {}
        out.append(key_value_table([
            ("Utility demand", f"{number(eu.get('demand_kw'), ',.0f', 'kW')} = {number(eu.get('loading_percent'), '.1f', '%')}"
                               f" of {number(eu.get('capacity_kva'), ',.0f', 'kVA')}"),
            ("IT (miner) load", number(ep.get("it_kw"), ",.0f", "kW")),
            ("Cooling power", number(analysis.get("cooling_power_kw"), ",.1f", "kW")),
            ("PUE at design", number(ep.get("pue"), ".3f"))], ctx.width, 0.24))
        tx = analysis.get("transformers") or {}
        if tx:
            rows = [[k, number(v.get("loading_percent"), ".1f", "%"), number(v.get("i_to_a"), ",.0f", "A"),
                     number(v.get("loss_kw"), ".1f", "kW")] for k, v in tx.items()]
            out += ctx.schedule(Schedule("Existing transformer loading", [Column("transformer"), Column("loading", 1, "RIGHT"),
                                         Column("LV current", 1, "RIGHT"), Column("losses", 1, "RIGHT")], rows))
    return out


# --- plain data of unknown shape ----------------------------------------------------------------

def generic(ctx: Context, title: str, data) -> list:
    """Plain data of unknown shape: scalars as a key-value table, lists of records as schedules."""
    out = []
    if isinstance(data, list):
        records = [x for x in data if isinstance(x, dict)]
        if records:
            out += ctx.schedule(records_schedule(title, records))
        elif data:
            out.append(paragraph(", ".join(plain(x) for x in data), "body"))
        return out
    if not isinstance(data, dict):
        return [paragraph(value_text(title, data), "body")]
    scalars = [(heading(k), value_text(k, v)) for k, v in data.items() if not isinstance(v, (dict, list))]
    if scalars:
        out.append(key_value_table(scalars, ctx.width, 0.35))
    for k, v in data.items():
        if isinstance(v, list) and any(isinstance(x, dict) for x in v):
            out.append(ctx.headings.minor(heading(k).capitalize()))
            out += ctx.schedule(records_schedule(f"{title}: {heading(k)}", [x for x in v if isinstance(x, dict)]))
        elif isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            out.append(ctx.headings.minor(heading(k).capitalize()))
            out += ctx.schedule(records_schedule(f"{title}: {heading(k)}", [{"id": i, **x} for i, x in v.items()]))
        elif isinstance(v, (dict, list)) and v:
            out.append(key_value_table([(heading(k), value_text(k, v))], ctx.width, 0.35))
    return out


# --- proposed electrical design -------------------------------------------------------------------

def electrical_design(ctx: Context) -> list:
    from .calculations import equipment_schedules

    out = [ctx.headings.section("Proposed electrical design")]
    design = ctx.run.analysed
    planned = ctx.part("plan").get("produced")
    out.append(paragraph(
        ("The design below is the planner's proposal. " if planned else
         "No plan was made (" + ctx.part("plan").get("reason", "") + "); the design below is the input as given. ")
        + "The one-line diagram is drawn from its power topology: sources at the top, each bus under the bus that "
          "feeds it, the element joining them with its protective devices, and the rack groups at the bottom "
          "joined to each of their feeds (A side blue, B side red). Ratings are the design's; loading and "
          "short-circuit currents are the analysis results.", "body"))
    out += equipment_schedules(ctx)
    sheets = oneline_sheets(design, ctx.results, ctx.drawing)
    flow = []
    for i, s in enumerate(sheets):
        if i:
            flow.append(PageBreak())
        flow += [ctx.headings.sub(f"One-line diagram, sheet {s.number}: {s.title.split(': ', 1)[-1]}"), s.drawing]
    return out + landscape_pages(flow)


# --- floor plans ----------------------------------------------------------------------------------

def floor_plans(ctx: Context) -> list:
    design = ctx.run.analysed
    out = [ctx.headings.section("Floor plans")]
    if not design.halls:
        return out + [paragraph("The design has no hall to draw.", "note")]
    results = ctx.results
    notes = []
    flow = []
    phase_rows: dict[str, list[tuple[str, str, list]]] = {}
    number_ = 1
    groups = typical_halls(design, results)
    typical = {first: (members, differences) for first, members, differences in groups}
    for first, members, _ in groups:
        hall = next(h for h in design.halls if h.id == first)
        sheets, layout = floor_sheets(design, hall.id, results, ctx.drawing, number_, members)
        number_ += len(sheets)
        notes.append((hall.id, layout))
        for i, s in enumerate(sheets):
            if flow:
                flow.append(PageBreak())
            flow += [ctx.headings.sub(f"{s.title}, sheet {s.number}"), s.drawing]
        for member in members:          # each hall's own phasing (phases differ between halls drawn alike)
            phased = phase_sheet(design, member, results, ctx.drawing, number_)
            if phased is not None:
                sheet, rows = phased
                number_ += 1
                flow += [PageBreak(), ctx.headings.sub(f"{sheet.title}, sheet {sheet.number}"), sheet.drawing]
                phase_rows.setdefault(hall.id, []).append((member, sheet.number, rows))
    # said first: after the halls' tables it could stand alone on a page
    out.append(paragraph("Plans are drawn to the scale stated on each sheet when printed at 100 % on the paper of "
                         "this document; north is up (the +y axis of the hall).", "small"))
    if not ctx.part("layout").get("produced"):
        out += ctx.missing("layout", "A rack layout")
        out.append(paragraph("The sheets below show the halls' geometry (walls, columns, obstacles, the perimeter "
                             "walkway) without racks.", "body"))
    for hall_id, layout in notes:
        out.append(ctx.headings.minor(f"{hall_id}: {layout.source}" if layout.racks
                                      else f"{hall_id}: no racks placed"))
        members, differences = typical.get(hall_id, ([hall_id], {}))
        if len(members) > 1:
            out.append(paragraph(f"The sheets and checks of {hall_id} stand for "
                                 f"{count_noun(len(members) - 1, 'other hall')} whose floor plans are the same drawing "
                                 "(racks, CDUs, equipment, yard, routes and checks alike); only their element ids "
                                 "differ, as listed.", "body"))
            out += ctx.schedule(Schedule(f"Halls drawn by the sheets of {hall_id}", [
                Column("hall", 1.0), Column("ids on the sheets of " + hall_id, 4.0)],
                [[h, differences.get(h, "as drawn")] for h in members]))
        for n in layout.notes:
            out.append(paragraph(n, "body"))
        rows = _layout_checks(ctx, hall_id)
        if rows:
            out.append(key_value_table(rows, ctx.width, 0.3))
        out += _clearances(ctx, hall_id)
        for member, number_p, rows_p in phase_rows.get(hall_id, []):
            out += ctx.schedule(Schedule(f"{member}: GPU zone and demising wall of each phase (sheet {number_p})", [
                Column("phase", 0.5, "RIGHT"), Column("racks live", 0.7, "RIGHT"), Column("GPU zone", 2.2),
                Column("demising wall (sides)", 1.8), Column("miners running outside", 1.1, "RIGHT")], rows_p))
        if layout.violations:
            out.append(paragraph("Layout violations:", "body"))
            for v in layout.violations:
                out.append(rich(f"<font color='#c62828'>{markup(v)}</font>", "bullet"))
    return out + landscape_pages(flow)


def _layout_checks(ctx: Context, hall_id: str) -> list[tuple[str, str]]:
    planned = ((ctx.results.get("plan") or {}).get("layout") or {}).get(hall_id) or {}
    analysed = (ctx.results.get("layout") or {}).get(hall_id) or {}
    slab = planned.get("slab") or analysed.get("slab") or {}
    rows = []
    if slab:
        rows.append(("Slab loading", f"{number(slab.get('load_kpa'), '.2f', 'kPa')} against "
                                     f"{number(slab.get('rating_kpa'), '.2f', 'kPa')} over "
                                     f"{number(slab.get('tributary_area_m2'), '.2f', 'm²')} tributary area: "
                                     f"{'ok' if slab.get('ok') else 'FAIL'}"))
        if slab.get("footprint_kpa"):
            rows.append(("Load under the rack footprint", f"{number(slab.get('footprint_kpa'), '.2f', 'kPa')} against "
                                                         f"{number(slab.get('rating_kpa'), '.2f', 'kPa')}: "
                                                         + ("ok; " if slab.get("footprint_ok") else
                                                            "above the uniform rating, which is for spread load: load "
                                                            "spreaders under each rack are in the cost estimate, and the "
                                                            "punching shear below decides; ")
                                                         + f"{number(slab.get('point_load_kn'), '.2f', 'kN')} on each of "
                                                         f"its {slab.get('feet') or 4} feet"))
        if slab.get("cdu_load_kpa") is not None:
            rows.append(("CDU floor load", f"{number(slab.get('cdu_load_kpa'), '.2f', 'kPa')} ({slab.get('cdu') or 'n/a'}) "
                                           f"against {number(slab.get('rating_kpa'), '.2f', 'kPa')}: "
                                           f"{'ok' if slab.get('cdu_ok') else 'FAIL'}"))
        for label, key, who in (("Punching shear, rack foot", "punching", slab.get("element")),
                                ("Punching shear, CDU foot", "cdu_punching", slab.get("cdu"))):
            c = slab.get(key)
            if c:
                rows.append((label, f"{number(c.get('factored_kn'), '.1f', 'kN')} factored ({who or 'n/a'}) against "
                                    f"phi V_c {number(c.get('capacity_kn'), '.1f', 'kN')} (d "
                                    f"{number((c.get('d_m') or 0) * 1e3, '.0f', 'mm')}, b0 "
                                    f"{number((c.get('b0_m') or 0) * 1e3, '.0f', 'mm')}, v_c "
                                    f"{number(c.get('vc_mpa'), '.2f', 'MPa')}, ACI 318-19 Table 22.6.5.2 "
                                    f"({c.get('governing')})): {'ok' if c.get('ok') else 'FAIL'}"))
        if "punching" in slab and not slab.get("punching") and slab.get("element"):
            rows.append(("Punching shear", "not evaluated: the hall gives no slab thickness or concrete strength "
                                           "(slab_thickness, concrete_strength)"))
        if slab.get("method"):
            rows.append(("Slab method", plain(slab["method"])))
    yard = planned.get("backup_summary") or {}
    if yard.get("yard_side"):
        what = [(yard.get("generators"), "standby generator"), (yard.get("ats"), "transfer switch", "transfer switches"),
                (yard.get("enclosures"), "UPS enclosure"), (yard.get("bess_units"), "battery unit"),
                (yard.get("smoothing_units"), "smoothing BESS unit"),
                (yard.get("step_up_transformers"), "BESS step-up transformer"),
                (yard.get("collector_lineups"), "BESS collector lineup")]
        rows.append(("Backup yard", f"outside the {yard['yard_side']} wall: "
                                    + ", ".join(f"{n:,} {w[0] if n == 1 else (w[1] if len(w) > 1 else w[0] + 's')}"
                                                for n, *w in what if n)
                                    + f"; {number(yard.get('yard_m2'), ',.0f', 'm²')} of footprints, reaching "
                                      f"{number(yard.get('yard_depth_m'), ',.1f', 'm')} beyond the wall (the input "
                                      "has no site boundary to hold it against)"))
    # pipe and busway lengths are the BOM's (from the loop templates and the busway routes): not repeated here
    return rows


#: Clearance checks of a hall in the body (failing, then the tightest; every one in the appendix and its CSV).
CLEARANCE_ROWS = 6


def _clearances(ctx: Context, hall_id: str) -> list:
    analysed = (ctx.results.get("layout") or {}).get(hall_id) or {}
    items = analysed.get("clearances") or []
    if not items:
        return []
    rows = [[c.get("element"), number(c.get("required_m"), ".2f", "m"), number(c.get("available_m"), ".2f", "m"),
             c.get("clause", ""), "ok" if c.get("ok") else "FAIL"] for c in items]
    schedule = Schedule(f"{hall_id}: working space and clearances", [
        Column("element", 1.2), Column("required", 0.7, "RIGHT"), Column("available", 0.7, "RIGHT"),
        Column("clause", 2.6), Column("", 0.4)], rows, [c.get("ok") is False for c in items],
        rank=[-((c.get("available_m") or 0.0) - (c.get("required_m") or 0.0)) for c in items],
        body_rows=CLEARANCE_ROWS, rank_words="the tightest")
    return ctx.schedule(schedule)


# --- cooling --------------------------------------------------------------------------------------

def cooling_design(ctx: Context) -> list:
    design = ctx.run.analysed
    c = ctx.results.get("cooling") or {}
    # the section's heading and text stand on its first drawing sheet, above the first schematic (a page of its
    # own they would nearly leave empty): that drawing is shorter by the room they take
    out = [ctx.headings.section("Cooling design")]
    basis = c.get("design_basis", "")
    amb = (c.get("ambients") or {}).get(basis, {})
    out.append(paragraph(
        f"Liquid-cooled racks reject their heat through CDUs into facility loops and heat rejection outdoors. The "
        f"schematics show the temperatures and flows the analysis found at the design ambient: "
        f"{number(amb.get('t_dry_bulb_c'), '.1f', '°C')} dry bulb, {number(amb.get('t_wet_bulb_c'), '.1f', '°C')} "
        f"wet bulb, the {ambient_name(basis)} ({plain(amb.get('note', ''))}).", "body"))
    if not any(x.kind == "facility" for x in design.cooling.loops):
        out.append(paragraph("The design has no facility loop: there is no liquid cooling to draw. Residual air "
                             "cooling is in the calculations.", "note"))
        return out
    width, height = ctx.drawing
    above = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in out)
    sheets = cooling_sheets(design, ctx.results, ctx.drawing, merge_alike=True, first_size=(width, height - above))
    flow = [PageBreakIfNotEmpty("landscape"), *out]
    for i, s in enumerate(sheets):
        if i:
            flow.append(PageBreak())
        flow += [ctx.headings.sub(f"Cooling schematic, sheet {s.number}: {s.title.split(': ', 1)[-1]}"), s.drawing]
    return flow + [NextPageTemplate("portrait"), PageBreak()]


# --- assumptions, provenance, references ----------------------------------------------------------

REFERENCES = (
    "IEC 60909-0:2016, Short-circuit currents in three-phase a.c. systems - Part 0: Calculation of currents.",
    "IEEE Std C37.13 and UL 489: low-voltage breaker interrupting ratings and multiplying factors for system X/R.",
    "NFPA 70, National Electrical Code (2023): 110.26 working space, 210.19/215.2 voltage drop notes, "
    "310.15-310.16 ampacity, 368.17 busway, Chapter 9 Table 9.",
    "ANSI C84.1, Electric power systems and equipment - voltage ratings (range A).",
    "IEEE Std C57.91, Guide for loading mineral-oil-immersed transformers.",
    "ASHRAE Handbook - Fundamentals, chapter 14 (climatic design conditions) and chapter 1 (psychrometrics).",
    "ASHRAE TC 9.9, Liquid cooling guidelines for datacom equipment centers (facility water classes).",
    "Todini, E. and Pilati, S. (1988), A gradient algorithm for the analysis of pipe networks (EPANET's method).",
    "Colebrook, C. F. (1939), Turbulent flow in pipes; Crane Technical Paper 410 (fittings).",
    "Incropera et al., Fundamentals of Heat and Mass Transfer, effectiveness-NTU method.",
    "The Green Grid, PUE: a comprehensive examination of the metric (White Paper 49).",
    "NVIDIA GB300 NVL72 published specifications, as recorded with their sources in the rack catalog.",
)


def assumptions(ctx: Context) -> list:
    r = ctx.results
    out = [ctx.headings.section("Assumptions, provenance and references")]
    a = r.get("assumptions") or {}
    out.append(ctx.headings.sub("Goal and design criteria"))
    if a.get("goal"):
        out.append(key_value_table([(heading(k), value_text(k, v)) for k, v in a["goal"].items()], ctx.width, 0.35))
        criteria = a.get("criteria") or []
        if criteria:
            criteria = [criterion_words(c) for c in criteria]
            held = [f"{c['name']}: {c['value']}; {c['reason']}." for c in criteria if c.get("reason")]
            if held:  # the criteria the design holds otherwise than asked, and why
                out.append(paragraph(" ".join(held), "body"))
            out += _criteria_grid(ctx, criteria)
            out += ctx.appendix_only(records_schedule("Design criteria", criteria, ["name", "value", "basis"]))
    else:
        out.append(paragraph("The design has no goal: the default design criteria of docs/input-format.md apply "
                             "where the analysis needs one.", "body"))
    out.append(ctx.headings.sub("Methods and notes of the analysis"))
    e, c, pue = r.get("electrical") or {}, r.get("cooling") or {}, r.get("pue") or {}
    notes = []
    if (e.get("short_circuit") or {}).get("method"):
        notes.append(f"Short circuit: {e['short_circuit']['method']}.")
    if pue.get("basis"):
        notes.append(f"PUE: {pue['basis']}.")
    for basis_id, amb in sorted((c.get("ambients") or {}).items()):
        notes.append(f"Ambient, {ambient_name(basis_id)}: {amb.get('note', '')}.")
    notes += [f"{n}." if not str(n).endswith(".") else str(n) for n in (e.get("notes") or []) + (c.get("notes") or [])]
    for n in notes:
        out.append(rich(markup(n), "bullet"))
    out.append(ctx.headings.sub("Catalog provenance"))
    prov = (r.get("provenance") or {}).get("catalog") or []
    if prov:
        out.append(paragraph("The catalog entries the designs use, counted by kind and by the class of their "
                             "figures (published, secondary, computed, estimate); each entry with its source and "
                             "the elements that use it is in the appendix.", "body"))
        kinds: dict[str, dict[str, int]] = {}
        for entry in prov:
            by_class = kinds.setdefault(str(entry.get("kind") or "other"), {})
            by_class[str(entry.get("class") or "n/a")] = by_class.get(str(entry.get("class") or "n/a"), 0) + 1
        out.append(data_table([Column("kind", 1.2), Column("entries", 0.6, "RIGHT"), Column("by class", 4.0)],
                              [[heading(k), str(sum(v.values())), ", ".join(f"{n} {c}" for c, n in sorted(v.items()))]
                               for k, v in sorted(kinds.items())], ctx.width))
        out += ctx.appendix_only(records_schedule("Catalog provenance", prov, ["id", "kind", "class", "figure_classes",
                                                                               "source", "used_by"]))
    else:
        out.append(paragraph("The designs use no catalog entry.", "body"))
    out.append(ctx.headings.sub("References"))
    for ref in REFERENCES:
        out.append(rich(markup(ref), "bullet"))
    return out


#: Values of design criteria in words (the results hold them as the input's text).
_CRITERION_VALUES = {"None": "not set", "True": "yes", "False": "no"}


def criterion_words(criterion: dict) -> dict:
    """A design criterion as the plan prints it: its name in words (``max_transformer_loading`` -> ``max
    transformer loading``), ``None``/``True``/``False`` as ``not set``/``yes``/``no``, a climate condition in words."""
    value = criterion.get("value")
    text = _CRITERION_VALUES.get(str(value), ambient_name(value) if isinstance(value, str) else value)
    return {**criterion, "name": heading(str(criterion.get("name", ""))), "value": text}


def _criteria_grid(ctx: Context, criteria: list[dict]) -> list:
    """The design criteria's names and values in two pairs of columns (their bases are in the appendix)."""
    pairs = [(value_text("", c.get("name")), value_text("value", c.get("value"))) for c in criteria]
    half = (len(pairs) + 1) // 2
    rows = [[*pairs[i], *(pairs[half + i] if half + i < len(pairs) else ("", ""))] for i in range(half)]
    return [data_table([Column("criterion", 1.6), Column("value", 1.2), Column("criterion", 1.6),
                        Column("value", 1.2)], rows, ctx.width)]


# --- appendix -------------------------------------------------------------------------------------

#: Height of an appendix schedule's heading and the line that follows it (its row count) [pt].
APPENDIX_HEADING_PT = 48.0

def appendix(ctx: Context) -> list:
    schedules = ctx.appendices.schedules
    if not schedules:
        return []
    out = [ctx.headings.appendix("Schedules")]
    out.append(paragraph("The schedules the body shows only in part, whole.", "body"))
    for s in schedules:
        # the heading starts a page unless its table's header and first rows fit below it, however tall they are
        room = APPENDIX_HEADING_PT + lead_height(s.columns, s.rows, ctx.width, 1)
        out += [CondPageBreak(max(100.0, room)), ctx.headings.sub(s.title, keep_with_next=False)]
        out += schedule_flowables(s, ctx.width, None)
        out.append(spacer(4))
    return out


__all__ = ["Context", "REFERENCES", "appendix", "assumptions", "capex_key", "contents", "cooling_design", "cover",
           "electrical_design", "existing_conditions", "floor_plans", "generic", "records_schedule",
           "summary"]
