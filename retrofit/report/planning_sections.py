"""The sections of the plan that print the planner's output: capacity per constraint and reuse, the bill of
materials with capex, and the phasing. They read ``results["plan"]`` (the planner's result as plain data);
a field they do not know is printed as it is, and a part the planner did not produce is said to be missing.
"""
from __future__ import annotations

from reportlab.platypus import KeepTogether

from .charts import bar_chart
from .document import paragraph, rich
from .formatting import heading, ids_text, markup, money, number, plain, value_text, verdict
from .sections import Context, capex_key, generic
from .tables import Column, Schedule, key_value_table


def capacity_and_reuse(ctx: Context) -> list:
    """Section: racks each constraint allows, the binding one, reuse of the existing equipment, the selection."""
    out = [ctx.headings.section("Capacity and reuse assessment")]
    plan = ctx.results.get("plan")
    if not plan:
        return out + ctx.missing("plan", "The capacity per constraint and the reuse assessment")
    sizing = plan.get("sizing") or {}
    out.append(ctx.headings.sub("Racks each constraint allows"))
    constraints = sizing.get("constraints") or {}
    binding = sizing.get("binding")
    if constraints:
        names = list(constraints)
        out.append(paragraph(
            f"The binding constraint of the site as it is: {binding} ({value_text('', sizing.get('count_as_is'))} "
            f"racks)." if binding else "The sizing names no binding constraint.", "body"))
        if sizing.get("binding_site"):
            out.append(paragraph(f"With the upgrades the planner may make, the site limit is {sizing['binding_site']}: "
                                 f"{value_text('', sizing.get('count_at_policy'))} compute racks at the redundancy "
                                 f"policy, with {value_text('', sizing.get('network_racks_at_policy'))} network racks.",
                                 "body"))
        rows = [[n, value_text("max_racks", constraints[n].get("max_racks")),
                 value_text("max_racks", constraints[n].get("max_racks_no_redundancy")),
                 value_text("limit", constraints[n].get("limit")), value_text("detail", constraints[n].get("detail")),
                 ids_text(constraints[n].get("elements") or [], 4)] for n in names]
        out += ctx.schedule(Schedule("Constraints", [
            Column("constraint", 1.1), Column("max racks", 0.55, "RIGHT"), Column("without redundancy", 0.7, "RIGHT"),
            Column("limit", 1.1), Column("detail", 3.0), Column("elements", 1.0)], rows,
            [n == binding for n in names]))
        items = [(n, constraints[n].get("max_racks") if isinstance(constraints[n].get("max_racks"), (int, float))
                  else None) for n in names]
        target = sizing.get("count_at_policy")
        out.append(KeepTogether([
            bar_chart(items, ctx.width, unit="racks", highlight=binding,
                      title="Racks each constraint allows as the site is (binding in red)",
                      reference=target if isinstance(target, (int, float)) else None,
                      reference_label=f"planned {target}" if target is not None else ""),
            paragraph("Capacity per constraint, from the planner's sizing; the dotted line is the count the plan "
                      "reaches with its upgrades.", "caption")]))
    rack = sizing.get("rack")
    if isinstance(rack, dict) and rack:
        out.append(ctx.headings.minor(f"Rack basis ({sizing.get('rack_model', '')})"))
        out.append(key_value_table([(heading(k), value_text(k, v)) for k, v in rack.items()], ctx.width, 0.4))
    policy = sizing.get("policy")
    if isinstance(policy, dict) and policy:
        out.append(paragraph("Redundancy policy: " + ", ".join(f"{k} {v}" for k, v in policy.items()) + ".", "body"))
    for n in sizing.get("notes") or []:
        out.append(rich(markup(n), "bullet"))

    out.append(ctx.headings.sub("Reuse of the existing equipment"))
    reuse = plan.get("reuse") or []
    if reuse:
        counts = {}
        for x in reuse:
            counts[x.get("verdict")] = counts.get(x.get("verdict"), 0) + 1
        out.append(paragraph("Verdicts: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".", "body"))
        rows = [[x.get("element"), x.get("kind"), x.get("verdict"), value_text("reason", x.get("reason")),
                 value_text("figures", x.get("figures"))] for x in reuse]
        out += ctx.schedule(Schedule("Reuse assessment", [
            Column("element", 1.0), Column("kind", 0.7), Column("verdict", 0.6), Column("reason", 2.6),
            Column("figures", 2.0)], rows, [x.get("verdict") in ("replace", "remove") for x in reuse]))
    else:
        out.append(paragraph("The plan lists no existing element to assess.", "body"))

    notes = plan.get("notes") or []
    if notes:
        out.append(ctx.headings.sub("Planner's decisions and caveats"))
        for n in notes:
            out.append(rich(markup(n), "bullet"))
    verification = plan.get("verification")
    if isinstance(verification, dict):
        out.append(ctx.headings.sub("Verification of the proposal"))
        fails = verification.get("failures") or []
        out.append(paragraph("The planner's analysis of its proposal "
                             + ("passes its checks." if verification.get("passes") else
                                f"leaves {len(fails)} check(s) failing:"), "body"))
        if fails:
            out += ctx.schedule(_checks_schedule("Checks failing after planning", fails))
        repairs = verification.get("repairs") or []
        for r in repairs:
            out.append(rich(markup(value_text("repair", r)), "bullet"))
    selection = plan.get("selection")
    if selection:
        out.append(ctx.headings.sub("Upgrades selected"))
        out += _selection(ctx, selection) if isinstance(selection, dict) else generic(ctx, "Selection", selection)
    return out


#: Figures of the selection printed as they are, in this order (the rest are the optimiser's own records).
SELECTION_FIGURES = ("compute_racks", "network_racks", "scalable_units", "heat_to_water_kw", "air_heat_kw",
                     "facility_flow_lpm", "mechanical_power_kw")
#: Equipment choices of the selection, with the words they are printed under.
SELECTION_CHOICES = (("busway", "Rack busway"), ("cdu", "CDUs"), ("heat_rejection", "Heat rejection"),
                     ("crah", "CRAHs"), ("facility_pumps", "Facility pumps"))


def _selection(ctx: Context, selection: dict) -> list:
    """The selection in plain words: the counts it plans for, the power groups it reuses and adds, the equipment
    it chose. The optimiser's constraints, slacks and solver status stay in the JSON (``plan.selection``)."""
    out = []
    pairs = [(heading(k).capitalize(), value_text(k, selection[k])) for k in SELECTION_FIGURES if k in selection]
    for key, words in SELECTION_CHOICES:
        choice = selection.get(key)
        if isinstance(choice, dict) and choice:
            pairs.append((words, "; ".join(f"{k.replace('_', ' ')} {value_text(k, v)}" for k, v in choice.items())))
    if pairs:
        out.append(key_value_table(pairs, ctx.width, 0.3))
    existing = selection.get("existing_groups") or []
    new = selection.get("new_power_groups") or []
    mech = selection.get("new_mechanical_blocks") or []
    if existing or new or mech:
        out.append(ctx.headings.minor("Power groups"))
    for g in existing:
        out.append(rich(markup(f"kept: {' + '.join(g.get('blocks') or [])}, {g.get('racks')} racks"), "bullet"))
    for g in new:
        out.append(rich(markup(f"new: {g.get('groups')} x {g.get('option')} ({g.get('blocks_per_group')} blocks a "
                               f"group, {g.get('racks_per_group')} racks a group)"), "bullet"))
    for g in mech:
        out.append(rich(markup(f"new mechanical block: {value_text('', g)}"), "bullet"))
    out.append(paragraph("The selection is the mixed-integer program of the planner (docs/planning.md); its "
                         "constraints with their slack, the solver's status and its own capex estimate are in the JSON "
                         "results (plan.selection). The capex of the plan is the bill of materials of the laid-out "
                         "design.", "small"))
    return out


def _checks_schedule(title: str, fails: list[dict]) -> Schedule:
    rows = [[f.get("check"), f.get("element"), value_text("value", f.get("value")), value_text("limit", f.get("limit")),
             value_text("message", f.get("message"))] for f in fails]
    return Schedule(title, [Column("check", 0.9), Column("element", 1.1), Column("value", 0.6, "RIGHT"),
                            Column("limit", 0.6, "RIGHT"), Column("message", 3.0)], rows, [True] * len(rows))


def bom_and_capex(ctx: Context) -> list:
    """Section: capex (facility, IT, total, uncertainty) and the bill of materials with prices and sources."""
    out = [ctx.headings.section("Bill of materials and capex")]
    plan = ctx.results.get("plan")
    if not plan:
        return out + ctx.missing("plan", "The bill of materials")
    bom = plan.get("bom")
    if not bom:
        return out + [paragraph("The plan has no bill of materials.", "note")]
    if not isinstance(bom, dict):
        return out + generic(ctx, "Bill of materials", bom)
    key = capex_key(bom)
    pairs = []
    labels = {"capex_facility_usd": "Capex, facility", "capex_it_usd": "Capex, IT equipment",
              "capex_total_usd": "Capex, total"}
    for k in ("capex_facility_usd", "capex_it_usd", "capex_total_usd"):
        if k in bom and k != key:
            pairs.append((labels[k], money(bom[k])))
    if key:
        pairs.append((labels.get(key, heading(key).capitalize()), money(bom[key])))
    unc = bom.get("uncertainty_usd")
    if isinstance(unc, dict):
        for k in ("correlated", "independent", "facility_correlated", "facility_independent"):
            if k in unc:
                pairs.append((f"Uncertainty, {k.replace('_', ' ')}", money(unc[k])))
        if unc.get("basis"):
            pairs.append(("Uncertainty basis", plain(unc["basis"])))
    if bom.get("currency"):
        pairs.append(("Currency", plain(bom["currency"])))
    if pairs:
        out.append(key_value_table(pairs, ctx.width, 0.32))
    items = bom.get("items")
    if isinstance(items, list) and items:
        rows = [[x.get("category"), x.get("item"), x.get("model") or "", value_text("quantity", x.get("quantity")),
                 x.get("unit") or "", number(x.get("unit_price_usd"), ",.0f"), number(x.get("total_usd"), ",.0f"),
                 number(x.get("uncertainty") * 100 if isinstance(x.get("uncertainty"), (int, float)) else None,
                        ".0f", "%"), value_text("price_source", x.get("price_source"))] for x in items]
        out += ctx.schedule(Schedule("Bill of materials", [
            Column("category", 0.7), Column("item", 1.1), Column("model", 1.3), Column("qty", 0.5, "RIGHT"),
            Column("unit", 0.4), Column("unit price [USD]", 0.8, "RIGHT"), Column("total [USD]", 0.8, "RIGHT"),
            Column("+/-", 0.4, "RIGHT"), Column("price source", 2.2)], rows))
    unpriced = bom.get("unpriced") or []
    if unpriced:
        out.append(ctx.headings.minor(f"Not priced ({len(unpriced)})"))
        for u in unpriced:
            out.append(rich(markup(value_text("", u)), "bullet"))
    known = {"items", "unpriced", "uncertainty_usd", "currency", "capex_facility_usd", "capex_it_usd",
             "capex_total_usd"}
    rest = {k: v for k, v in bom.items() if k not in known and k != key}
    if rest:
        out += generic(ctx, "Bill of materials", rest)
    return out


def phasing(ctx: Context) -> list:
    """Section: the conversion phases, each with what it converts, its demand, PUE, capex and checks."""
    out = [ctx.headings.section("Phasing")]
    plan = ctx.results.get("plan")
    if not plan:
        return out + ctx.missing("plan", "The phasing")
    phases = plan.get("phases")
    if not phases:
        return out + [paragraph("The plan has no phases.", "note")]
    if not all(isinstance(p, dict) for p in phases):
        return out + generic(ctx, "Phases", phases)
    rows = []
    for p in phases:
        checks = p.get("checks") or {}
        fails = checks.get("failures") or []
        rows.append([value_text("phase", p.get("phase")), ids_text(p.get("loops") or [], 4),
                     value_text("", p.get("compute_racks")), value_text("", p.get("network_racks")),
                     f"{value_text('', p.get('miners_kept'))} / {value_text('', p.get('miners_removed'))}",
                     number(p.get("utility_demand_kva"), ",.0f", "kVA"), number(p.get("pue"), ".3f"),
                     money(p.get("capex_usd")),
                     "n/a" if not checks else verdict(checks.get("passes")) + (f" ({len(fails)})" if fails else "")])
    bom = plan.get("bom") or {}
    out.append(paragraph("Each phase converts part of the site and is analysed as built at its end. A phase's capex is "
                         "what it adds to the phase before (new equipment, and more units of equipment already "
                         "standing), so the phases add up to the facility capex of the bill of materials, "
                         f"{money(bom.get('capex_facility_usd'))}.", "body"))
    out += ctx.schedule(Schedule("Phases", [
        Column("phase", 0.4), Column("loops", 1.2), Column("compute racks", 0.6, "RIGHT"),
        Column("network racks", 0.6, "RIGHT"), Column("miners kept / removed", 0.8), Column("utility demand", 0.8, "RIGHT"),
        Column("PUE", 0.5, "RIGHT"), Column("capex", 0.9, "RIGHT"), Column("checks", 0.6)], rows,
        [(p.get("checks") or {}).get("passes") is False for p in phases]))
    for p in phases:
        extra = {k: v for k, v in p.items() if k not in ("phase", "loops", "compute_racks", "network_racks", "miners_kept",
                                                        "miners_removed", "utility_demand_kva", "pue", "capex_usd",
                                                        "checks", "equipment")}
        fails = (p.get("checks") or {}).get("failures") or []
        equipment = p.get("equipment") or []
        if not (extra or fails or equipment):
            continue
        out.append(ctx.headings.minor(f"Phase {value_text('phase', p.get('phase'))}"))
        if extra:
            out.append(key_value_table([(heading(k), value_text(k, v)) for k, v in extra.items()], ctx.width, 0.35))
        if equipment:
            out.append(paragraph(f"{len(equipment)} bill-of-materials lines are installed in this phase.", "body"))
        if fails:
            out += ctx.schedule(_checks_schedule(f"Phase {p.get('phase')}: checks failing", fails))
    return out


__all__ = ["bom_and_capex", "capacity_and_reuse", "phasing"]
