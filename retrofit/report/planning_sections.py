"""The sections of the plan that print the planner's output: capacity per constraint and reuse, the bill of
materials with capex, and the phasing. They read ``results["plan"]`` (the planner's result as plain data);
a field they do not know is printed as it is, and a part the planner did not produce is said to be missing.
"""
from __future__ import annotations

import re

from reportlab.platypus import KeepTogether

from .charts import bar_chart
from .document import paragraph, rich
from .formatting import (constraint_name, heading, ids_text, markup, money, number, plain, sentence_case, value_text,
                         verdict)
from .executive import catalog_names
from .sections import Context, capex_key, generic
from .tables import Column, Schedule, data_table, key_value_table


#: The rack basis of the sizing in words, by key.
RACK_BASIS = {"p_design_kw": "design power [kW]", "p_electrical_kw": "electrical sizing power (peak) [kW]",
              "s_electrical_kva": "apparent power [kVA]", "s_with_network_share_kva": "apparent power with the network "
              "racks' share [kVA]", "liquid_kw": "heat to liquid [kW]", "air_kw": "heat to air [kW]",
              "flow_lpm": "coolant flow [L/min]", "t_fws_c": "facility water supply [°C]",
              "facility_coolant": "facility coolant"}
#: Items of a constraint's detail printed in the table; the rest are counted (the JSON and ``retrofit size``
#: have them all).
DETAIL_ITEMS = 4


#: Notes alike (the same words, other ids and figures) printed one by one before they are counted [-].
NOTES_ALIKE = 2


def grouped_notes(notes: list[str]) -> list[str]:
    """The planner's notes with the repeated ones counted: more than twice :data:`NOTES_ALIKE` notes that differ
    only in their ids and figures (a cable re-terminated on each hall's new lineup) print the first
    :data:`NOTES_ALIKE` and the count of the others, in the order the planner wrote them (every note is in the
    JSON, ``plan.notes``)."""
    groups: dict[str, list[str]] = {}
    for n in notes:
        groups.setdefault(re.sub(r"\S*\d\S*", "#", n), []).append(n)
    out = []
    for alike in groups.values():
        if len(alike) <= 2 * NOTES_ALIKE:       # a few are listed whole
            out += alike
            continue
        out += alike[:NOTES_ALIKE]
        out.append(f"and {len(alike) - NOTES_ALIKE:,} more alike (every one in the JSON results, plan.notes)")
    return out


def quantity_text(q: object) -> str:
    """A bill-of-materials quantity: a count without decimals (``14``), a length to 0.1 (``2,145.3``)."""
    if isinstance(q, (int, float)) and not isinstance(q, bool):
        return f"{q:,.0f}" if float(q).is_integer() else f"{q:,.1f}"
    return value_text("quantity", q)


def detail_text(detail: object) -> str:
    """A constraint's detail for the table: a list of per-group figures (``t1+t2: 12 racks (...); ...``) keeps
    its first items and counts the rest, instead of being cut mid-word."""
    text = plain(detail) if detail is not None else "n/a"
    items = text.split("; ")
    if len(items) <= DETAIL_ITEMS + 1:
        return value_text("detail", text)
    return "; ".join(items[:DETAIL_ITEMS]) + f"; and {len(items) - DETAIL_ITEMS:,} more groups (all in the JSON)"


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
            f"The binding constraint of the site as it is: {constraint_name(binding)} "
            f"({number(sizing.get('count_as_is'), ',d')} racks)." if binding else
            "The sizing names no binding constraint.", "body"))
        planned = (plan.get("selection") or {}).get("compute_racks")
        if sizing.get("binding_site"):
            at_policy = sizing.get("count_at_policy")
            placed = (f" The plan places {planned:,} compute racks, verified by the load flow."
                      if isinstance(planned, int) and planned != at_policy else "")
            out.append(paragraph(f"With the upgrades the planner may make, the {constraint_name(sizing['binding_site'])} "
                                 f"binds: {number(at_policy, ',d')} compute racks at the redundancy policy by the "
                                 f"sizing's screening estimate, with {number(sizing.get('network_racks_at_policy'), ',d')} "
                                 f"network racks.{placed}", "body"))
        rows = [[constraint_name(n), number(constraints[n].get("max_racks"), ",d"),
                 number(constraints[n].get("max_racks_no_redundancy"), ",d"),
                 value_text("limit", constraints[n].get("limit")), detail_text(constraints[n].get("detail")),
                 ids_text(constraints[n].get("elements") or [], 4)] for n in names]
        out += ctx.schedule(Schedule("Constraints", [
            Column("constraint", 1.1), Column("max racks", 0.55, "RIGHT"), Column("without redundancy", 0.7, "RIGHT"),
            Column("limit", 1.1), Column("detail", 3.0), Column("elements", 1.0)], rows,
            [n == binding for n in names]))
        items = [(constraint_name(n), constraints[n].get("max_racks")
                  if isinstance(constraints[n].get("max_racks"), (int, float)) else None) for n in names]
        target = planned if isinstance(planned, int) else sizing.get("count_at_policy")
        out.append(KeepTogether([
            bar_chart(items, ctx.width, unit="racks", highlight=constraint_name(binding) if binding else None,
                      title="Racks each constraint allows as the site is (binding in red)",
                      reference=target if isinstance(target, (int, float)) else None,
                      reference_label=f"planned {target:,}" if isinstance(target, int) else ""),
            paragraph("Capacity per constraint, from the planner's sizing; the dotted line is the count the plan "
                      "reaches with its upgrades.", "caption")]))
    rack = sizing.get("rack")
    if isinstance(rack, dict) and rack:
        out.append(ctx.headings.minor(f"Rack basis ({sizing.get('rack_model', '')})"))
        out.append(key_value_table([(RACK_BASIS.get(k, heading(k)), value_text(k, v)) for k, v in rack.items()],
                                   ctx.width, 0.4))
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
        rows = [[x.get("element"), heading(str(x.get("kind") or "")), x.get("verdict"), value_text("reason", x.get("reason")),
                 value_text("figures", x.get("figures"))] for x in reuse]
        out += ctx.schedule(Schedule("Reuse assessment", [
            Column("element", 1.0), Column("kind", 0.7), Column("verdict", 0.6), Column("reason", 2.6),
            Column("figures", 2.0)], rows, None, body_rows=8,
            rank=[{"replace": 2.0, "remove": 1.0}.get(x.get("verdict"), 0.0) for x in reuse],
            rank_words="the elements replaced or removed"))
    else:
        out.append(paragraph("The plan lists no existing element to assess.", "body"))

    notes = plan.get("notes") or []
    if notes:
        out.append(ctx.headings.sub("Planner's decisions and caveats"))
        for n in grouped_notes([plain(n) for n in notes]):
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
    names = catalog_names(ctx.results)
    pairs = [(sentence_case(heading(k)), value_text(k, selection[k])) for k in SELECTION_FIGURES if k in selection]
    for key, words in SELECTION_CHOICES:
        choice = selection.get(key)
        if isinstance(choice, dict) and choice:
            pairs.append((words, "; ".join(f"{k.replace('_', ' ')} {names.get(v, value_text(k, v)) if isinstance(v, str) else value_text(k, v)}"
                                           for k, v in choice.items())))
    if pairs:
        out.append(key_value_table(pairs, ctx.width, 0.3))
    existing = selection.get("existing_groups") or []
    new = selection.get("new_power_groups") or []
    mech = selection.get("new_mechanical_blocks") or []
    if existing or new or mech:
        out.append(ctx.headings.minor("Power groups"))
    kept = [f"kept: {' + '.join(g.get('blocks') or [])}, {g.get('racks')} racks" for g in existing]
    if len(kept) > 2 * NOTES_ALIKE:
        kept = kept[:NOTES_ALIKE] + [f"and {len(kept) - NOTES_ALIKE:,} more existing power groups kept, "
                                     f"{sum(g.get('racks') or 0 for g in existing[NOTES_ALIKE:]):,} racks (every one "
                                     "in the JSON results, plan.selection)"]
    for line in kept:
        out.append(rich(markup(line), "bullet"))
    for g in new:
        option = " + ".join(names.get(part, part) for part in str(g.get("option") or "").split("+"))
        out.append(rich(markup(f"new: {g.get('groups')} x ({option}): {g.get('blocks_per_group')} blocks a "
                               f"group, {g.get('racks_per_group')} racks a group"), "bullet"))
    for g in mech:
        out.append(rich(markup(f"new mechanical block: {value_text('', g)}"), "bullet"))
    out.append(paragraph("The selection is the mixed-integer program of the planner (docs/planning.md); its "
                         "constraints with their slack, the solver's status and its own capex estimate are in the JSON "
                         "results (plan.selection). The capex of the plan is the cost estimate of the laid-out design "
                         "(section Bill of materials and capex), its equipment priced from the bill of materials.",
                         "small"))
    return out


def _checks_schedule(title: str, fails: list[dict]) -> Schedule:
    rows = [[f.get("check"), f.get("element"), value_text("value", f.get("value")), value_text("limit", f.get("limit")),
             value_text("message", f.get("message"))] for f in fails]
    return Schedule(title, [Column("check", 0.9), Column("element", 1.1), Column("value", 0.6, "RIGHT"),
                            Column("limit", 0.6, "RIGHT"), Column("message", 3.0)], rows, [True] * len(rows))


def bom_and_capex(ctx: Context) -> list:
    """Section: the cost estimate by category with its class range, capex per MW and per rack against the
    reported ranges, the phases' costs, what is not priced, then the bill of materials with prices and sources."""
    out = [ctx.headings.section("Bill of materials and capex")]
    plan = ctx.results.get("plan")
    if not plan:
        return out + ctx.missing("plan", "The bill of materials")
    cost = plan.get("cost")
    if isinstance(cost, dict):
        out += cost_estimate(ctx, cost)
    bom = plan.get("bom")
    if not bom:
        return out + [paragraph("The plan has no bill of materials.", "note")]
    if not isinstance(bom, dict):
        return out + generic(ctx, "Bill of materials", bom)
    if isinstance(cost, dict):
        out.append(ctx.headings.sub("Bill of materials"))
        out.append(paragraph("The equipment lines of the estimate: what the plan adds, priced from the catalogs, "
                             "each price with its source and uncertainty.", "body"))
    key = capex_key(bom)
    pairs = []
    labels = ({"capex_facility_usd": "Equipment, facility", "capex_it_usd": "Equipment, IT",
               "capex_total_usd": "Equipment, total"} if isinstance(cost, dict) else
              {"capex_facility_usd": "Capex, facility", "capex_it_usd": "Capex, IT equipment",
               "capex_total_usd": "Capex, total"})
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
        rows = [[heading(str(x.get("category") or "")), x.get("item"), x.get("model") or "", quantity_text(x.get("quantity")),
                 x.get("unit") or "", number(x.get("unit_price_usd"), ",.0f"), number(x.get("total_usd"), ",.0f"),
                 number(x.get("uncertainty") * 100 if isinstance(x.get("uncertainty"), (int, float)) else None,
                        ".0f", "%"), value_text("price_source", x.get("price_source"))] for x in items]
        out += ctx.schedule(Schedule("Bill of materials", [
            Column("category", 0.7), Column("item", 1.1), Column("model", 1.8), Column("qty", 0.5, "RIGHT"),
            Column("unit", 0.4), Column("unit price [USD]", 0.8, "RIGHT"), Column("total [USD]", 0.8, "RIGHT"),
            Column("+/-", 0.4, "RIGHT"), Column("price source", 1.9)], rows,
            rank=[x.get("total_usd") if isinstance(x.get("total_usd"), (int, float)) else 0.0 for x in items],
            body_rows=8))
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


def _range(lo, mid, hi, fmt=money) -> str:
    return f"{fmt(mid)} ({fmt(lo)} to {fmt(hi)})"


def cost_estimate(ctx: Context, cost: dict) -> list:
    """The cost estimate (``results["plan"]["cost"]``): totals with the class range, capex per MW of IT and per
    rack against the reported ranges, categories, the lines beyond the equipment, phases and what is unpriced."""
    out = [ctx.headings.sub("Cost estimate")]
    cls = cost.get("estimate_class")
    lo_f, hi_f = cost.get("range_low_fraction"), cost.get("range_high_fraction")
    out.append(paragraph(
        f"AACE class {cls} estimate ({plain(cost.get('class_reason'))}). The range of the total is the class's expected "
        f"accuracy range, {number(lo_f * 100 if isinstance(lo_f, (int, float)) else None, '+.0f', '%')} to "
        f"{number(hi_f * 100 if isinstance(hi_f, (int, float)) else None, '+.0f', '%')} "
        f"({plain(cost.get('class_source'))}). Prices in {plain(cost.get('currency'))}.", "body"))
    per_mw = cost.get("per_mw_musd") or [None] * 3
    per_rack = cost.get("per_rack_musd") or [None] * 3

    def mmw(v):
        return number(v, ".2f", "M USD/MW")

    def mrack(v):
        return number(v, ".3f", "M USD")

    pairs = [("Capex, facility", _range(cost.get("low_usd"), cost.get("expected_usd"), cost.get("high_usd"))),
             ("Direct / indirect", f"{money(cost.get('direct_usd'))} / {money(cost.get('indirect_usd'))}"),
             ("Lines' own ranges", f"{money(cost.get('lines_low_usd'))} to {money(cost.get('lines_high_usd'))} "
                                   "(every line at its low or high end)"),
             ("IT equipment (racks)", f"{money(cost.get('it_equipment_usd'))}, outside the facility capex"),
             (f"Per MW of IT ({number(cost.get('p_it_mw'), '.2f', 'MW')})", _range(*per_mw, fmt=mmw)),
             (f"Per compute rack ({number(cost.get('compute_racks'), ',d')})", _range(*per_rack, fmt=mrack))]
    out.append(key_value_table(pairs, ctx.width, 0.28))
    bench = cost.get("benchmarks") or []
    if bench:
        rows = [[b.get("id"), value_text("scope", b.get("scope")), plain(b.get("role")).replace("_", " "),
                 f"{number(b.get('low_musd_per_mw'), '.1f')}-{number(b.get('high_musd_per_mw'), '.1f')} "
                 f"({b.get('price_year')})",
                 f"{number(b.get('low_musd_per_mw_escalated'), '.2f')}-{number(b.get('high_musd_per_mw_escalated'), '.2f')}",
                 f"{number(b.get('low_musd_per_rack'), '.2f')}-{number(b.get('high_musd_per_rack'), '.2f')}",
                 "yes" if b.get("within") else "no", value_text("source", b.get("source"))] for b in bench]
        out += ctx.schedule(Schedule("Capex per MW of IT against reported ranges", [
            Column("benchmark", 1.65), Column("scope", 1.3), Column("role", 0.45),
            Column("reported [M USD/MW] (year)", 0.8, "RIGHT"), Column(f"in {cost.get('price_year')} USD", 0.85, "RIGHT"),
            Column("per rack [M USD]", 0.7, "RIGHT"), Column("plan within", 0.5), Column("source", 1.75)], rows,
            [b.get("role") == "retrofit" and not b.get("within") for b in bench]))
    warnings = cost.get("warnings") or []
    retro = [b for b in bench if b.get("role") == "retrofit"]
    if warnings:
        for w in warnings:
            out.append(rich(f"<b>Warning:</b> {markup(w)}", "bullet"))
    elif retro:
        out.append(paragraph(f"The expected capex per MW of IT, {mmw(per_mw[1])}, lies within the retrofit range "
                             f"({', '.join(b.get('id') for b in retro)}), brought to the estimate's price year by the "
                             "cost catalog's escalation rate. New-build ranges include the shell, site and utility "
                             "service a mining site already has.", "body"))
    cats = cost.get("categories") or []
    total = cost.get("expected_usd") or 0
    rows = [[c.get("category"), c.get("kind"), number(c.get("expected_usd"), ",.0f"), number(c.get("low_usd"), ",.0f"),
             number(c.get("high_usd"), ",.0f"),
             number(100 * c["expected_usd"] / total if total else None, ".1f", "%")]
            for c in cats if c.get("kind") != "it"]
    rows.append(["facility total", f"class {cls}", number(cost.get("expected_usd"), ",.0f"),
                 number(cost.get("low_usd"), ",.0f"), number(cost.get("high_usd"), ",.0f"), "100.0 %"])
    out += ctx.schedule(Schedule("Estimate by category [USD]", [
        Column("category", 1.8), Column("kind", 0.6), Column("expected", 0.9, "RIGHT"), Column("low", 0.9, "RIGHT"),
        Column("high", 0.9, "RIGHT"), Column("share", 0.5, "RIGHT")], rows,
        note="Category low and high: the sum of their lines' own ranges; the total's: the AACE class range."))
    extra = [ln for ln in cost.get("lines") or [] if not str(ln.get("category", "")).startswith(("equipment", "IT"))]
    if extra:
        def qty(ln):
            q = ln.get("quantity")
            return money(q) if ln.get("unit") == "USD" else quantity_text(q)

        def rate(ln):
            u = ln.get("unit_cost_usd")
            if not isinstance(u, (int, float)):
                return "n/a"
            return number(u * 100, ".1f", "%") if ln.get("unit") == "USD" else number(u, ",.0f", "USD")

        rows = [[ln.get("category"), f"{value_text('item', ln.get('item'))} ({value_text('basis', ln.get('basis'))})",
                 qty(ln) if ln.get("unit") == "USD" else f"{qty(ln)} {ln.get('unit') or ''}", rate(ln),
                 number(ln.get("expected_usd"), ",.0f"), value_text("uncertainty", ln.get("uncertainty")),
                 value_text("source", ln.get("source"))] for ln in extra]
        out += ctx.schedule(Schedule("Installation, building, systems and indirect lines", [
            Column("category", 0.8), Column("item (basis of the quantity)", 2.4), Column("quantity", 0.8, "RIGHT"),
            Column("unit cost or rate", 0.7, "RIGHT"), Column("expected [USD]", 0.7, "RIGHT"), Column("range", 0.9),
            Column("source", 2.2)], rows, [ln.get("expected_usd") is None for ln in extra],
            rank=[ln.get("expected_usd") or 0.0 for ln in extra], body_rows=6))
    phases = cost.get("phases") or []
    if len(phases) > 1:
        rows = [[value_text("phase", p.get("phase")), number(p.get("equipment_usd"), ",.0f"),
                 number(p.get("direct_usd"), ",.0f"), number(p.get("indirect_usd"), ",.0f"),
                 number(p.get("expected_usd"), ",.0f"), number(p.get("low_usd"), ",.0f"), number(p.get("high_usd"), ",.0f")]
                for p in phases]
        rows.append(["sum"] + [number(sum(p.get(k) or 0 for p in phases), ",.0f")
                               for k in ("equipment_usd", "direct_usd", "indirect_usd", "expected_usd", "low_usd",
                                         "high_usd")])
        out += ctx.schedule(Schedule("Facility capex by phase [USD]", [
            Column("phase", 0.4), Column("equipment", 0.9, "RIGHT"), Column("direct", 0.9, "RIGHT"),
            Column("indirect share", 0.9, "RIGHT"), Column("expected", 0.9, "RIGHT"), Column("low", 0.9, "RIGHT"),
            Column("high", 0.9, "RIGHT")], rows))
        out.append(paragraph(f"Allocation: {plain(cost.get('allocation_rule'))}. The phases add up to the facility "
                             f"total, {money(cost.get('expected_usd'))}"
                             + ("." if not cost.get("phase_residual_usd") else
                                f"; their bills of materials differ from the whole plan's by "
                                f"{money(cost.get('phase_residual_usd'))}."), "body"))
    unpriced = cost.get("unpriced") or []
    out.append(ctx.headings.minor(f"Not priced ({len(unpriced)})" if unpriced else "Not priced"))
    if unpriced:
        for u in unpriced:
            out.append(rich(markup(value_text("", u)), "bullet"))
    else:
        out.append(paragraph("Every item the plan uses has a price.", "body"))
    return out


#: Phases side by side in the table of each phase's detail (more phases: a further table below).
PHASE_COLUMNS = 5


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
                     f"{number(p.get('miners_removed'), ',d')} / {number(p.get('miners_kept'), ',d')}",
                     number(p.get("utility_demand_kva"), ",.0f", "kVA"), number(p.get("pue"), ".3f"),
                     money((p.get("cost") or {}).get("expected_usd", p.get("capex_usd"))),
                     "n/a" if not checks else verdict(checks.get("passes")) + (f" ({len(fails)})" if fails else "")])
    bom = plan.get("bom") or {}
    cost = plan.get("cost") if isinstance(plan.get("cost"), dict) else None
    out.append(paragraph("Each phase converts part of the site and is analysed as built at its end. A phase's capex is "
                         "what it adds to the phase before (new equipment, and more units of equipment already "
                         "standing), " + (
                             "installed, with its building, systems and commissioning lines and its share of the "
                             "indirect costs, so the phases add up to the facility capex of the estimate, "
                             f"{money(cost.get('expected_usd'))}." if cost else
                             f"so the phases add up to the facility capex of the bill of materials, "
                             f"{money(bom.get('capex_facility_usd'))}."), "body"))
    out += ctx.schedule(Schedule("Phases", [
        Column("phase", 0.4), Column("loops", 1.2), Column("compute racks", 0.6, "RIGHT"),
        Column("network racks", 0.6, "RIGHT"), Column("miners removed / running", 0.9), Column("utility demand", 0.8, "RIGHT"),
        Column("PUE", 0.5, "RIGHT"), Column("capex", 0.9, "RIGHT"), Column("checks", 0.6)], rows,
        [(p.get("checks") or {}).get("passes") is False for p in phases]))
    skip = ("phase", "loops", "compute_racks", "network_racks", "miners_kept", "miners_removed", "utility_demand_kva",
            "pue", "capex_usd", "checks", "equipment", "cost")
    keys: list[str] = []
    for p in phases:
        keys += [k for k in p if k not in skip and k not in keys]
    if keys:       # one table, a column a phase, instead of a table a phase
        out.append(ctx.headings.minor("Each phase in detail"))
        for i in range(0, len(phases), PHASE_COLUMNS):
            group = phases[i:i + PHASE_COLUMNS]
            rows = [[PHASE_DETAIL.get(k, heading(k))] + [_phase_value(k, p.get(k)) if k in p else "" for p in group]
                    for k in keys]
            rows.append(["bill-of-materials lines installed"] + [str(len(p.get("equipment") or [])) for p in group])
            out.append(data_table([Column("", 1.4)] + [Column(f"phase {value_text('phase', p.get('phase'))}", 1.0)
                                                      for p in group], rows, ctx.width))
    for p in phases:
        fails = (p.get("checks") or {}).get("failures") or []
        if fails:
            out += ctx.schedule(_checks_schedule(f"Phase {p.get('phase')}: checks failing", fails))
    return out


#: Rows of the phases' details whose words differ from their key.
PHASE_DETAIL = {"switchboards_feeding_racks": "LV switchboards feeding racks", "demising_walls": "demising walls [m]",
                "capex_it_usd": "capex, IT equipment [USD]", "it_kw": "IT load [kW]", "mining_kw": "mining load [kW]",
                "utility_step_date": "utility capacity step (date)",
                "pumps_part_loaded": "pumps below their preferred region until the last phase"}


def _phase_value(key: str, value: object) -> str:
    if key == "demising_walls" and isinstance(value, list):
        walls = [w for w in value if isinstance(w, dict)]
        return ", ".join(f"{w.get('hall')}: {number(w.get('length_m'), '.1f', 'm')}" for w in walls) or "none"
    if key == "utility_step_date" and value is None:
        return "from the start"
    if key == "pumps_part_loaded" and isinstance(value, list):
        return "; ".join(str(v) for v in value) or "none"
    if isinstance(value, list) and len(value) > 8 and all(isinstance(v, str) for v in value):
        return f"{len(value)}: " + ids_text(value, 6)
    return value_text(key, value)


__all__ = ["bom_and_capex", "capacity_and_reuse", "cost_estimate", "phasing"]
