"""The facility capex of a plan by estimate class, and the cost of each of its phases.

Method (docs/cost.md):

1. Each step of the conversion (existing site to phase 1, phase 1 to phase 2, ..., to the final design;
   one step when the plan is not phased) gets its direct lines (:func:`retrofit.cost.lines.step_lines`).
   The whole plan's direct lines are the sum over the steps, so the phases add up to the total by
   construction; the equipment of the steps is checked against the whole plan's bill of materials
   (``phase_residual_usd``).
2. Indirect costs are fractions of the total: design and permits and general conditions of the direct
   cost, overhead and profit of direct plus indirect, contingency of everything before it.
3. Each phase carries its own direct cost and a share of the indirect costs in proportion to its direct
   cost (the allocation rule).
4. The range of the total is the AACE 18R-97 range of the estimate's class (worst ends): class 4 when
   every item the plan uses is priced, class 5 when something is not (scope not fully defined). The sum
   of the lines' own ranges is given beside it.
5. Capex per MW of IT and per compute rack is compared with the reported ranges of the cost catalog,
   each brought from its price year to the estimate's by the catalog's escalation rate; a warning is
   given when the expected value lies outside the retrofit range.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..catalog import Catalog, load_catalog
from ..model import Design
from ..planning.bom import bill_of_materials
from ..units import magnitude
from .factors import CostCatalog, cost_catalog
from .lines import DIRECT_ORDER, INDIRECT_ORDER, StepContext, factor_line, step_lines
from .records import BenchmarkComparison, CategoryCost, CostEstimate, CostLine, PhaseCost

PRICE_YEAR = 2026
"""Year of the USD of the catalogs' prices and of the estimate."""
CURRENCY = f"USD ({PRICE_YEAR}; catalog and cost-catalog estimates)"
ALLOCATION_RULE = ("each phase carries the direct cost of what it adds (its bill of materials against the phase "
                   "before, installed, with its building, systems and commissioning lines); design and permits, "
                   "general conditions, overhead and profit and contingency are shared in proportion to the "
                   "phases' direct cost")
RETROFIT_ROLE = "retrofit"


def _merge(lines: list[CostLine]) -> list[CostLine]:
    """Lines of the same category, item, model, unit and unit cost summed over the steps."""
    acc: dict[tuple, list[CostLine]] = defaultdict(list)
    for ln in lines:
        acc[(ln.category, ln.item, ln.model or "", ln.unit, ln.unit_cost_usd)].append(ln)
    out = []
    for key in acc:
        group = acc[key]
        first = group[0]

        def total(attr):
            vals = [getattr(g, attr) for g in group]
            return None if any(v is None for v in vals) else round(sum(vals), 2)

        out.append(CostLine(category=first.category, item=first.item, model=first.model,
                            quantity=round(sum(g.quantity for g in group), 3), unit=first.unit,
                            unit_cost_usd=first.unit_cost_usd, expected_usd=total("expected_usd"),
                            low_usd=total("low_usd"), high_usd=total("high_usd"),
                            basis=first.basis if len(group) == 1 else f"sum over {len(group)} phases: {first.basis}",
                            source=first.source, uncertainty=first.uncertainty))
    order = {c: i for i, c in enumerate(DIRECT_ORDER + INDIRECT_ORDER)}
    return sorted(out, key=lambda ln: (order.get(ln.category, 99), ln.item, ln.model or ""))


def _bom_facility(bom: dict) -> float:
    """Priced facility items of a bill of materials [USD]."""
    return sum(i["total_usd"] for i in bom["items"] if i["total_usd"] is not None and i["category"] != "it")


def _sum(lines, attr: str, categories) -> float:
    return sum(getattr(ln, attr) or 0.0 for ln in lines if ln.category in categories)


def _indirect_lines(costs: CostCatalog, direct: float) -> list[CostLine]:
    """Design, permits, general conditions, overhead and profit, contingency on the total direct cost."""
    out = [factor_line(costs.factor(fid), direct, "USD", "direct cost")
           for fid in ("design-engineering", "permits", "general-conditions")]
    indirect = sum(ln.expected_usd for ln in out)
    fee = factor_line(costs.factor("overhead-profit"), direct + indirect, "USD", "direct and indirect cost")
    out.append(fee)
    out.append(factor_line(costs.factor("contingency"), direct + indirect + fee.expected_usd, "USD",
                           "direct, indirect cost and overhead and profit"))
    return out


def _p_it_w(existing: Design, final: Design) -> tuple[float, int, float]:
    """IT power the plan adds at design [W], compute racks added [-], design power of one compute rack [W]."""
    before = {g.id: g.count for g in existing.loads.racks}
    p = 0.0
    n = 0
    p_rack = 0.0
    for g in final.loads.racks:
        k = g.count - before.get(g.id, 0)
        if k > 0:
            p += magnitude(g.p_design, "W") * k
            if g.kind == "compute":
                n += k
                p_rack = max(p_rack, magnitude(g.p_design, "W"))
    return p, n, p_rack


def slab_short_halls(layout: dict | None) -> frozenset[str]:
    """Halls of a plan's layouts (``{hall: HallLayout}``) whose slab rating is below a rack's footprint pressure.

    Parameters
    ----------
    layout : dict or None
        The planner's layouts.

    Returns
    -------
    frozenset of str
        Hall ids.
    """
    out = set()
    for hall, lay in (layout or {}).items():
        slab = getattr(lay, "slab", None)
        if slab is not None and not (slab.ok and slab.footprint_ok):
            out.add(hall)
    return frozenset(out)


def estimate_cost(existing: Design, proposed: Design, *, phases: Sequence[Design] | None = None,
                  demising_walls: Sequence[Sequence[tuple[str, float]] | None] | None = None,
                  layout: dict | None = None, catalog: Catalog | None = None,
                  overrides: dict[str, float] | None = None) -> CostEstimate:
    """The facility capex of converting ``existing`` into ``proposed``, by estimate class, with its phases.

    Parameters
    ----------
    existing : Design
        The site before the retrofit.
    proposed : Design
        The final design.
    phases : sequence of Design, optional
        The design of each phase in order, the last being ``proposed`` (it is appended when missing);
        default one phase.
    demising_walls : sequence, optional
        For each phase, its demising walls as (hall, length [m]) (the phasing's ``demising_walls``), or None
        when the phasing gives no geometry (a hall with miners beside GPU racks then has an unpriced wall).
    layout : dict, optional
        The planner's layouts ``{hall: HallLayout}`` (slab check for the load spreaders).
    catalog : Catalog, optional
        Catalogs (default: the bundled ones).
    overrides : dict of str to float, optional
        New expected values of cost-factor rows (:meth:`CostCatalog.with_overrides`).

    Returns
    -------
    CostEstimate
        Lines, categories, totals with their class range, capex per MW and per rack against the benchmarks,
        phase costs [USD, M USD/MW].
    """
    catalog = catalog or load_catalog()
    costs = cost_catalog(catalog).with_overrides(overrides)
    steps = list(phases or [])
    if not steps or steps[-1] is not proposed:
        steps.append(proposed)
    ctx = StepContext(costs, proposed, slab_short_halls(layout))
    per_step: list[list[CostLine]] = []
    step_eq = 0.0
    previous = existing
    walls = list(demising_walls) if demising_walls is not None else [None] * len(steps)
    walls += [()] * (len(steps) - len(walls))
    for design, step_walls in zip(steps, walls):
        bom = bill_of_materials(previous, None, catalog, proposed=design)
        step_eq += _bom_facility(bom)
        per_step.append(step_lines(previous, design, bom, ctx, step_walls))
        previous = design
    direct_lines = _merge([ln for step in per_step for ln in step])
    direct = _sum(direct_lines, "expected_usd", DIRECT_ORDER)
    indirect_lines = _indirect_lines(costs, direct)
    lines = direct_lines + indirect_lines
    indirect = _sum(indirect_lines, "expected_usd", INDIRECT_ORDER)
    expected = direct + indirect
    unpriced = [f"{ln.item} {ln.model or ''}".strip() + f" x {ln.quantity:g} {ln.unit}: {ln.source}"
                for ln in direct_lines if ln.expected_usd is None]
    cls = costs.classes[5 if unpriced else 4]
    reason = ("items the plan uses are not priced: the scope is not fully defined" if unpriced else
              "equipment selected, sized and counted from the layout and one-lines, priced from catalogs, with "
              "installation, building and soft costs factored (a study or feasibility estimate)")
    low, high = expected * (1 + cls.low_worst), expected * (1 + cls.high_worst)
    categories = []
    for cat in DIRECT_ORDER + INDIRECT_ORDER + ("IT equipment",):
        group = [ln for ln in lines + [ln for ln in direct_lines if ln.category == "IT equipment"]
                 if ln.category == cat and ln.expected_usd is not None]
        group = list({id(g): g for g in group}.values())
        if group:
            kind = "it" if cat == "IT equipment" else ("direct" if cat in DIRECT_ORDER else "indirect")
            categories.append(CategoryCost(cat, kind, round(sum(g.expected_usd for g in group), 2),
                                           round(sum(g.low_usd for g in group), 2),
                                           round(sum(g.high_usd for g in group), 2)))
    it_usd = _sum(direct_lines, "expected_usd", ("IT equipment",))
    equipment = _sum(direct_lines, "expected_usd", ("equipment, electrical", "equipment, cooling"))
    p_it_w, n_racks, p_rack_w = _p_it_w(existing, proposed)
    p_it_mw = p_it_w / 1e6
    per_mw = tuple(round(v / 1e6 / p_it_mw, 3) if p_it_mw > 0 else 0.0 for v in (low, expected, high))
    per_rack = tuple(round(v / 1e6 / n_racks, 4) if n_racks else 0.0 for v in (low, expected, high))
    mw_per_rack = p_it_mw / n_racks if n_racks else 0.0
    comparisons, warnings = [], []
    rate = costs.factor("escalation").value
    for b in costs.benchmarks.values():
        k = (1 + rate) ** (PRICE_YEAR - b.price_year)
        lo, hi = round(b.low * k, 3), round(b.high * k, 3)
        within = lo <= per_mw[1] <= hi
        comparisons.append(BenchmarkComparison(b.id, b.scope, b.role, b.source, b.cls, b.low, b.mid, b.high,
                                               b.price_year, round(k, 4), lo, hi, round(lo * mw_per_rack, 4),
                                               round(hi * mw_per_rack, 4), within))
        if b.role == RETROFIT_ROLE and p_it_mw > 0 and not within:
            side = "below" if per_mw[1] < lo else "above"
            warnings.append(f"facility capex {per_mw[1]:.2f} M USD per MW of IT is {side} the {lo:.2f}-{hi:.2f} M USD/MW "
                            f"({b.low:g}-{b.high:g} in {b.price_year} USD) reported for {b.scope} ({b.id})")
    # phases: own direct lines, indirect shared by direct cost
    phase_costs_out = []
    direct_steps = [_sum(step, "expected_usd", DIRECT_ORDER) for step in per_step]
    total_steps = sum(direct_steps)
    for k, (step, d) in enumerate(zip(per_step, direct_steps), start=1):
        share = d / total_steps if total_steps > 0 else 1.0 / len(per_step)
        ind = indirect * share
        by_cat: dict[str, float] = defaultdict(float)
        for ln in step:
            if ln.category in DIRECT_ORDER and ln.expected_usd is not None:
                by_cat[ln.category] += ln.expected_usd
        for ln in indirect_lines:
            by_cat[ln.category] += ln.expected_usd * share
        exp_k = d + ind
        phase_costs_out.append(PhaseCost(
            phase=k, equipment_usd=round(_sum(step, "expected_usd", ("equipment, electrical", "equipment, cooling")), 2),
            direct_usd=round(d, 2), indirect_usd=round(ind, 2), expected_usd=round(exp_k, 2),
            low_usd=round(exp_k * (1 + cls.low_worst), 2), high_usd=round(exp_k * (1 + cls.high_worst), 2),
            it_usd=round(_sum(step, "expected_usd", ("IT equipment",)), 2),
            by_category={c: round(v, 2) for c, v in by_cat.items()}))
    whole = bill_of_materials(existing, None, catalog, proposed=proposed)
    whole_eq = _bom_facility(whole)
    residual = round(whole_eq - step_eq, 2)
    if abs(residual) >= 1.0:
        warnings.append(f"the phases' bills of materials add to {step_eq:,.0f} USD of facility equipment, the whole "
                        f"plan's to {whole_eq:,.0f} USD")
    return CostEstimate(
        currency=CURRENCY, price_year=PRICE_YEAR, estimate_class=cls.estimate_class, class_reason=reason, class_source=cls.source,
        range_low_fraction=cls.low_worst, range_high_fraction=cls.high_worst, lines=lines, categories=categories,
        equipment_usd=round(equipment, 2), direct_usd=round(direct, 2), indirect_usd=round(indirect, 2),
        expected_usd=round(expected, 2), low_usd=round(low, 2), high_usd=round(high, 2),
        lines_low_usd=round(_sum(lines, "low_usd", DIRECT_ORDER + INDIRECT_ORDER), 2),
        lines_high_usd=round(_sum(lines, "high_usd", DIRECT_ORDER + INDIRECT_ORDER), 2),
        it_equipment_usd=round(it_usd, 2), p_it_mw=round(p_it_mw, 4), compute_racks=n_racks,
        per_mw_musd=per_mw, per_rack_musd=per_rack, benchmarks=comparisons, warnings=warnings,
        unpriced=unpriced, phases=phase_costs_out, allocation_rule=ALLOCATION_RULE, phase_residual_usd=residual)


def phase_costs(existing: Design, phase_designs: Sequence[Design], *,
                demising_walls: Sequence[Sequence[tuple[str, float]] | None] | None = None,
                layout: dict | None = None, catalog: Catalog | None = None,
                overrides: dict[str, float] | None = None) -> list[PhaseCost]:
    """The facility capex of each phase (what it adds to the phase before), adding up to the plan's total.

    Parameters
    ----------
    existing : Design
        The site before the retrofit.
    phase_designs : sequence of Design
        The design of each phase in order; the last is the final design.
    demising_walls : sequence, optional
        Each phase's demising walls as (hall, length [m]) (see :func:`estimate_cost`).
    layout : dict, optional
        The planner's layouts ``{hall: HallLayout}``.
    catalog : Catalog, optional
        Catalogs.
    overrides : dict of str to float, optional
        Cost-factor overrides.

    Returns
    -------
    list of PhaseCost
        One per phase; their ``expected_usd`` sum to :func:`estimate_cost`'s ``expected_usd`` [USD].
    """
    if not phase_designs:
        raise ValueError("phase_costs needs the design of at least one phase")
    return estimate_cost(existing, phase_designs[-1], phases=phase_designs, demising_walls=demising_walls,
                         layout=layout, catalog=catalog, overrides=overrides).phases


__all__ = ["ALLOCATION_RULE", "CURRENCY", "PRICE_YEAR", "estimate_cost", "phase_costs", "slab_short_halls"]
