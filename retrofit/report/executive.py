"""The executive summary: the one page a client reads first.

Headline (racks, IT and utility power, PUE, capex with its range), the proposal's binding constraint and
the next one (as ``retrofit size`` names them for the site with its upgrades), the largest upgrades in
plain words with their cost, the schedule of phases, and the risks and open items. It formats the
results; every figure is the one the JSON holds, printed by the same formatter as on the other pages.
"""
from __future__ import annotations

from collections import defaultdict

from .document import paragraph, rich
from .formatting import constraint_name, count_noun, markup, money, number, plain
from .tables import key_value_table

#: Upgrades listed by cost on the summary page [-].
TOP_UPGRADES = 5
#: Rules named in the risks line [-].
TOP_RULES = 3


def proposal_constraints(sizing: dict) -> list[tuple[str, int]]:
    """The site constraints that bound the proposal, least racks first: (name, racks) [-].

    The proposal may upgrade any equipment, so what bounds it is a site constraint (utility service,
    floor area, slab), the one ``retrofit size`` reports as ``binding_site``; ties go by name.
    """
    constraints = sizing.get("constraints") or {}
    site = [(name, c["max_racks"]) for name, c in constraints.items()
            if c.get("scope") == "site" and isinstance(c.get("max_racks"), int)]
    site.sort(key=lambda t: (t[1], t[0]))
    binding = sizing.get("binding_site")
    if binding in constraints and isinstance(constraints[binding].get("max_racks"), int):
        site = [(binding, constraints[binding]["max_racks"])] + [t for t in site if t[0] != binding]
    return site


def binding_text(name: str, allowed: int, constraint: dict, planned: int | None, utility: dict) -> str:
    """The summary's binding constraint: the one ``retrofit size`` names for the proposal, the racks its screening
    estimate allows, and, when the plan places a different count, what the load flow of the plan finds.

    The sizing's count is a screening estimate with allowances (losses, reference cooling); the planner places
    racks by scalable units and verifies them by the load flow, so the two counts may differ by a few racks.
    """
    words = constraint_name(name)
    limit = plain(constraint.get("limit", ""))
    if not isinstance(planned, int) or planned == allowed:
        return f"{words}: {allowed:,} racks ({limit})"
    demand = utility.get("loading_percent") if name == "utility_service" else None
    verified = (f"; the {planned:,} racks planned draw {number(demand, '.1f', '%')} of it by the load flow"
                if isinstance(demand, (int, float)) else f"; the plan places {planned:,}")
    if planned < allowed:
        return f"{words}: {allowed:,} racks ({limit}){verified}"
    return (f"{words}: {allowed:,} racks by the sizing's screening estimate ({limit}, with allowances for "
            f"losses and cooling){verified}")


def catalog_names(results: dict) -> dict[str, str]:
    """The name of each catalog entry the plan uses, by its id (``delta-gocool-3000`` -> its product name)."""
    return {c["id"]: c.get("name") or c["id"] for c in (results.get("provenance") or {}).get("catalog") or []
            if isinstance(c, dict) and c.get("id")}


def top_upgrades(bom: dict, names: dict[str, str], limit: int = TOP_UPGRADES) -> list[tuple[str, float]]:
    """The costliest facility lines of the bill of materials in plain words, with their cost [USD].

    Lines of the same item and model are one upgrade; IT equipment (the racks) is not an upgrade.
    """
    total: dict[tuple[str, str], float] = defaultdict(float)
    qty: dict[tuple[str, str], float] = defaultdict(float)
    unit: dict[tuple[str, str], str] = {}
    for i in bom.get("items") or []:
        if i.get("category") == "it" or not isinstance(i.get("total_usd"), (int, float)):
            continue
        key = (i.get("item") or "", i.get("model") or "")
        total[key] += i["total_usd"]
        qty[key] += i.get("quantity") or 0
        unit[key] = i.get("unit") or ""
    out = []
    for key in sorted(total, key=lambda k: (-total[k], k)):
        item, model = key
        what = names.get(model, item) if model else item
        q = qty[key]
        amount = f"{q:,.0f} m of" if unit[key] == "m" else f"{q:,.0f} x"
        out.append((f"{amount} {what}", total[key]))
    return out[:limit]


def summary(ctx) -> list:
    """Section: the executive summary of a plan; a design analysed without a plan keeps the analysis summary."""
    if (ctx.results.get("plan") or {}).get("sizing"):
        return executive_summary(ctx)
    from .sections import summary as analysis_summary

    return analysis_summary(ctx)


def executive_summary(ctx) -> list:
    """Section: the executive summary (one page)."""
    r = ctx.results
    out = [ctx.headings.section("Executive summary")]
    plan = r.get("plan") or {}
    sizing = plan.get("sizing") or {}
    sel = plan.get("selection") or {}
    bom = plan.get("bom") or {}
    pue = r.get("pue") or {}
    u = (r.get("electrical") or {}).get("utility") or {}
    c = r.get("cooling") or {}
    amb = (c.get("ambients") or {}).get(c.get("design_basis", ""), {})
    pairs = []
    racks = _racks_text(ctx, sel)
    pairs.append(("Racks", racks))
    it_kw, fac_kw = pue.get("it_kw"), pue.get("facility_kw")
    pairs.append(("Power at design", f"IT {number(it_kw / 1e3 if it_kw is not None else None, '.2f', 'MW')}; facility "
                                     f"{number(fac_kw / 1e3 if fac_kw is not None else None, '.2f', 'MW')} "
                                     f"(IT x PUE {number(pue.get('pue'), '.3f')} at {number(amb.get('t_dry_bulb_c'), '.1f', '°C')} "
                                     "dry bulb)"))
    if u:
        rack = sizing.get("rack") or {}
        basis = next((c.get("value") for c in (r.get("assumptions") or {}).get("criteria") or []
                      if c.get("name") == "rack_power_basis"), None)
        why = (f"; the load flow takes each GB300 rack at its electrical sizing power "
               f"{number(rack.get('p_electrical_kw'), '.0f', 'kW')} ({plain(basis)}), the PUE at its design power "
               f"{number(rack.get('p_design_kw'), '.0f', 'kW')}, so demand exceeds IT x PUE"
               if rack.get("p_electrical_kw") and rack.get("p_electrical_kw") != rack.get("p_design_kw") else "")
        pairs.append(("Utility service", f"demand {number(u.get('demand_kva'), ',.0f', 'kVA')} = "
                                         f"{number(u.get('loading_percent'), '.1f', '%')} of {number(u.get('capacity_kva'), ',.0f', 'kVA')}"
                                         + why))
    if bom:
        unc = bom.get("uncertainty_usd") or {}
        fac = bom.get("capex_facility_usd")
        spread = unc.get("facility_correlated")
        rng = (f"; range {money(fac - spread)} to {money(fac + spread)} if every estimate errs the same way "
               f"(+/- {money(unc.get('facility_independent'))} if independently)"
               if isinstance(fac, (int, float)) and isinstance(spread, (int, float)) else "")
        cost = plan.get("cost") if isinstance(plan.get("cost"), dict) else None
        if cost:
            per_mw = (cost.get("per_mw_musd") or [None] * 3)[1]
            pairs.append(("Capex, facility", f"{money(cost.get('expected_usd'))}, AACE class {cost.get('estimate_class')} "
                                             f"range {money(cost.get('low_usd'))} to {money(cost.get('high_usd'))}; "
                                             f"{number(per_mw, '.2f', 'M USD')} per MW of IT"
                                             + ("" if not cost.get("warnings") else " (outside the retrofit range)")))
        else:
            pairs.append(("Capex, facility", f"{money(fac)}{rng}"))
        it = bom.get("capex_it_usd")
        if cost and isinstance(it, (int, float)) and isinstance(cost.get("expected_usd"), (int, float)):
            total = f"facility and IT together {money(cost['expected_usd'] + it)}"
        else:
            total = f"facility and IT together {money(bom.get('capex_total_usd'))}"
        pairs.append(("Capex, IT equipment", f"{money(it)} (the racks; {total})"))
    else:
        pairs.append(("Capex", "not produced: " + ctx.part("plan").get("reason", "")))
    if sizing:
        bound = proposal_constraints(sizing)
        details = sizing.get("constraints") or {}
        if bound:
            name, n = bound[0]
            planned = (plan.get("selection") or {}).get("compute_racks")
            pairs.append(("Binding constraint", binding_text(name, n, details[name], planned, u)))
        if len(bound) > 1:
            name, n = bound[1]
            pairs.append(("Next constraint", f"{constraint_name(name)}: {n:,} racks "
                                             f"({plain(details[name].get('limit', ''))})"))
        if sizing.get("binding"):
            bound_by = ", ".join(constraint_name(b) for b in sizing.get("binding_all") or [sizing["binding"]])
            pairs.append(("Site as it stands", f"{number(sizing.get('count_as_is'), ',d')} racks without upgrades, "
                                               f"bound by {bound_by}"))
    else:
        pairs.append(("Binding constraint", "not produced: " + ctx.part("plan").get("reason", "")))
    out.append(key_value_table(pairs, ctx.width, 0.22))
    if bom:
        out.append(ctx.headings.minor("Largest upgrades"))
        for what, usd in top_upgrades(bom, catalog_names(r)):
            out.append(rich(f"{markup(what)}: <b>{markup(money(usd))}</b>", "bullet"))
    phases = [p for p in plan.get("phases") or [] if isinstance(p, dict)]
    if phases:
        out.append(ctx.headings.minor("Schedule"))
        out += schedule_lines(phases, plan.get("schedule") or {}, plan.get("business") or {})
    out.append(ctx.headings.minor("Risks and open items"))
    for line in _risks(ctx, bom):
        out.append(rich(markup(line), "bullet"))
    return out


def schedule_lines(phases: list[dict], schedule: dict, business: dict | None = None) -> list:
    """The summary's schedule: each phase with its racks, miners still running, capex, ready-for-service date
    and duration, then the completion and what drives it (the first lead time on the critical path), and the
    business case's NPV, IRR and payback when the plan has one."""
    from ..business.programme import phase_capex_usd
    from .schedule_pages import when

    dated = bool(schedule.get("dated"))
    dates = {p["phase"]: p for p in schedule.get("phases") or []}
    out = []
    for p in phases:
        live = f"{p.get('compute_racks', 0):,} GB300 racks live"
        kept = p.get("miners_kept") or 0
        s = dates.get(p.get("phase"))
        ready = (f"; ready for service {when(s, 'ready_for_service', dated)} ({s['duration_days'] / 30.44:.0f} months "
                 "from its orders)" if s else "")
        out.append(rich(markup(f"Phase {p.get('phase')}: {live}" + (f", {kept:,} miners still running" if kept else "")
                               + f"; {money(phase_capex_usd(p))}{ready}"), "bullet"))
    if schedule:
        driver = next((a.split("-PROC-")[1].replace("_", " ") for a in schedule.get("critical_path") or []
                       if "-PROC-" in a), None)
        start = when(schedule, "start", dated) if dated else "the start (no start date in the input)"
        out.append(paragraph(
            f"Completion {when(schedule, 'finish', dated)}, {schedule['duration_days'] / 30.44:.0f} months from {start}"
            + (f"; the {driver} lead time drives the critical path" if driver else "")
            + ". Catalog lead times and estimated site rates: vendor quotes and the contractor's programme replace "
            "them.", "small"))
    else:
        out.append(paragraph("Durations are not estimated: the plan has no schedule.", "small"))
    if business:
        irr, pay = business.get("irr_percent_per_year"), business.get("payback_months")
        out.append(rich(markup(
            f"Business case (estimate), conversion against keeping the miners: NPV {money(business.get('npv_usd'))}"
            + (f", IRR {irr:.1f} % a year" if irr is not None else ", no IRR")
            + (f", payback {pay} months from the start" if pay is not None else ", no payback within the horizon")
            + "; see the business case for every assumption."), "bullet"))
    return out


def _racks_text(ctx, sel: dict) -> str:
    if sel.get("compute_racks") is not None:
        text = f"{sel['compute_racks']:,} GB300 NVL72 + {count_noun(sel.get('network_racks') or 0, 'network rack')}"
        halls = sorted((ctx.results.get("layout") or {}).keys())
        if len(halls) > 4:
            return text + f" in {len(halls)} halls ({halls[0]} to {halls[-1]})"
        return text + (f" in {', '.join(halls)}" if halls else "")
    racks = (ctx.results.get("electrical") or {}).get("racks") or {}
    return f"{count_noun(len(racks), 'rack')} in the design analysed (no plan)"


def _risks(ctx, bom: dict) -> list[str]:
    r = ctx.results
    out = []
    review = r.get("review") or {}
    findings = review.get("findings") or []
    by_rule: dict[str, int] = defaultdict(int)
    untested: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.get("status") == "fail":
            by_rule[f.get("rule_id")] += 1
        elif f.get("status") == "untested":
            untested[f.get("rule_id")] += 1
    if by_rule:
        worst = sorted(by_rule.items(), key=lambda t: (-t[1], t[0]))[:TOP_RULES]
        out.append(f"{sum(by_rule.values())} checks fail ({', '.join(f'{k}: {n}' for k, n in worst)}): see the design "
                   "review.")
    elif review:
        out.append("No check of the design review fails.")
    if untested:
        top = sorted(untested.items(), key=lambda t: (-t[1], t[0]))[:TOP_RULES]
        out.append(f"Not evaluated: {sum(untested.values())} checks lack the input they need "
                   f"({', '.join(f'{k}: {n}' for k, n in top)}).")
    unpriced = bom.get("unpriced") or []
    if unpriced:
        out.append(f"{count_noun(len(unpriced), 'line')} of the bill of materials not priced "
                   f"({', '.join(plain(u).split(':')[0] for u in unpriced[:3])}).")
    if bom:
        out.append("Prices are order-of-magnitude catalog estimates (2026 USD); vendor quotes replace them.")
    over = [(hall, h["slab"]) for hall, h in sorted((r.get("layout") or {}).items())
            if (h.get("slab") or {}).get("footprint_ok") is False]
    if over:
        hall, slab = max(over, key=lambda t: (t[1]["footprint_kpa"] - t[1]["rating_kpa"], t[0]))
        where = hall if len(over) == 1 else f"{len(over)} halls (worst {hall})"
        out.append(f"Slab in {where}: {slab['footprint_kpa']:.1f} kPa under a rack's footprint exceeds the "
                   f"{slab['rating_kpa']:.1f} kPa uniform rating (the {slab['load_kpa']:.1f} kPa average over its "
                   f"tributary area does not); {slab['point_load_kn']:.2f} kN on each foot: the slab's "
                   "concentrated-load and punching capacity must be confirmed.")
    out.append("Slab, roof and yard loads are screening checks; a structural engineer confirms them.")
    missing = [k for k, v in sorted((r.get("parts") or {}).items()) if not v.get("produced")]
    if missing:
        out.append(f"Parts not produced: {', '.join(missing)}.")
    return out


__all__ = ["TOP_UPGRADES", "binding_text", "catalog_names", "executive_summary", "proposal_constraints", "schedule_lines",
           "summary", "top_upgrades"]
