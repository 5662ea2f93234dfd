"""``plan``: from an existing site and its goal to a proposed design that passes the analysis.

Steps: the planning context (basis, existing blocks, catalog options, site limits), the upgrade
selection (MILP), the proposed design (layout, assignment, elements), its backup equipment, smoothing
storage and protection settings (:func:`protect_around_backup`), then the analysis of the
proposal, with a bounded repair of what sizing by closed forms can miss (one more heat-rejection unit
or CRAH where the analysis finds the plant short), then the reuse assessment, the bill of materials
and the phasing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import Catalog, load_catalog
from ..model import Design
from ..progress import stage
from .backup import backup_notes, place_backup
from .yard_layout import backup_layout
from .bom import bill_of_materials
from .context import SiteContext, site_context
from .options import DEFAULT_HEAT_REJECTION_KINDS, pump_options
from .phasing import phase_plan
from .protection_settings import protection_notes, set_protection
from .proposal import LayoutShortfall, Proposal, build_proposal
from .reuse import reuse
from .selection import Selection, SelectionInfeasible, select
from .sizing import size
from .swing_mitigation import place_swing_mitigation
from .ups_battery_settings import set_battery_pickups
from .verify import failures

if TYPE_CHECKING:
    from ..cost.records import CostEstimate


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanOptions:
    """How the planner works.

    Attributes
    ----------
    heat_rejection_kinds : tuple of str
        Heat-rejection kinds the selection may use.
    contingencies : bool
        Run the N-1 study when verifying (slower on large sites).
    phases : bool
        Work out the phasing plan (each phase analysed).
    repair_rounds : int
        Analyses allowed to add heat-rejection units or CRAHs where the plant is short.
    time_limit_s : float
        Time limit of each MILP [s].
    verdict_only : bool
        Analyse the proposal only for the planner's verdict (:func:`retrofit.analyze.analyze_for_verdict`:
        the cooling, the electrical analysis with its N-1 outages followed into the cooling, and the PUE),
        as ``plan-design`` does, which reports nothing else of it. The default analyses it fully and keeps
        a copy for a later :func:`retrofit.analyze.analyze` of the same design (the ``plan`` command's report,
        which reads the protection, power-quality, layout and whole cross-domain studies too). The verdict,
        the repairs and the phases are the same either way.
    """

    heat_rejection_kinds: tuple[str, ...] = DEFAULT_HEAT_REJECTION_KINDS
    contingencies: bool = True
    phases: bool = True
    repair_rounds: int = 4
    time_limit_s: float = 20.0
    verdict_only: bool = False


@dataclass
class PlanResult:
    """Everything :func:`plan` produces.

    Attributes
    ----------
    proposed : Design
        The proposed design.
    sizing : dict
        :func:`retrofit.planning.size` of the existing site.
    reuse : list of dict
        Verdict on every existing element.
    selection : dict
        The MILP's choice and its constraints.
    layout : dict
        ``{hall_id: HallLayout}``.
    bom : dict
        Bill of materials with prices and sources.
    phases : list of dict
        Conversion phases, each with its analysis verdict.
    verification : dict
        The analysis verdict of the proposed design: ``failures`` (empty when it passes), repairs made.
    results : dict
        The analysis results of the proposed design.
    notes : list of str
        Decisions and caveats.
    cost : CostEstimate or None
        Facility capex by estimate class with the cost of each phase (:mod:`retrofit.cost`).
    schedule, business : dict or None
        The dated programme of the phases and the business case (:mod:`retrofit.business.programme`), as
        plain data; None without phases.
    """

    proposed: Design
    sizing: dict
    reuse: list[dict]
    selection: dict
    layout: dict
    bom: dict
    phases: list[dict]
    verification: dict
    results: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    cost: CostEstimate | None = None
    schedule: dict | None = None
    business: dict | None = None


def _analyze(design: Design, contingencies: bool, verdict_only: bool = False) -> dict:
    from ..analyze import analyze, analyze_for_verdict
    if verdict_only:
        return analyze_for_verdict(design, contingencies=contingencies)
    return analyze(design, contingencies=contingencies)


def repair(design: Design, fails: list[dict]) -> list[str]:
    """Add one heat-rejection unit to each facility loop the analysis finds short, and one CRAH to each
    hall whose residual air is not removed; returns what was added (empty when nothing can be done).

    Parameters
    ----------
    design : Design
        The proposed design (changed in place).
    fails : list of dict
        Failures from :func:`verify.failures`.

    Returns
    -------
    list of str
        What was added.
    """
    done = []
    c = design.cooling
    short_loops = set()
    for f in fails:
        if f["check"] in ("heat_rejection_margin",):
            unit = next((u for u in c.heat_rejection if u.id == f["element"]), None)
            if unit is not None:
                short_loops.add(unit.loop)
        elif f["check"] in ("plant", "cooling_n_plus_1") and "cdu_out" not in f["message"]:
            short_loops.add(f["element"])
        elif f["check"] in ("rack_supply_temperature",):
            for cdu in c.cdus:
                for g in design.loads.racks:
                    if f["element"].startswith(g.id + ".") and g.tcs_loop == cdu.tcs_loop:
                        short_loops.add(cdu.facility_loop)
    for loop in sorted(short_loops):
        units = [u for u in c.heat_rejection if u.loop == loop]
        if units:
            unit = min(units, key=lambda u: (u.count, u.id))
            unit.count += 1
            done.append(f"{unit.id}: one more heat-rejection unit ({unit.count})")
    for f in fails:
        if f["check"] == "residual_air":
            crahs = [x for x in c.crahs if x.hall == f["element"]]
            if crahs:
                unit = min(crahs, key=lambda u: (u.count, u.id))
                unit.count += 1
                done.append(f"{unit.id}: one more CRAH ({unit.count})")
    return done


def protect_around_backup(proposal: Proposal, catalog: Catalog, existing: Design) -> list[str]:
    """Place the goal's backup equipment and the smoothing storage in the proposal, and write the protection
    settings (:func:`retrofit.planning.protection_settings.set_protection`); returns the notes.

    Without backup equipment the settings are written once, after the smoothing BESS, whose converters feed
    faults. With backup equipment they are written before it, so that each switchboard main is coordinated
    with the feeders directly below it (the settings do not coordinate through a UPS lineup), and the
    breakers the backup adds then get theirs (:func:`~retrofit.planning.backup.place_backup`); a smoothing
    BESS then has the planner's settings written again with it in place
    (:func:`~retrofit.planning.swing_mitigation.place_swing_mitigation`).

    Parameters
    ----------
    proposal : Proposal
        The proposal (its design replaced).
    catalog : Catalog
        Catalog.
    existing : Design
        The site before the retrofit (its own breaker settings are kept).

    Returns
    -------
    list of str
        The notes of the placements and of the settings, in the order they were made.
    """
    notes: list[str] = []
    goal = proposal.design.goal
    before_backup = goal is not None and not goal.backup.is_none
    if before_backup:
        notes += protection_notes(set_protection(proposal.design, catalog))
    proposal.design, placed = place_backup(proposal.design, catalog)  # the goal's backup policy
    notes += placed
    proposal.design, swing_notes = place_swing_mitigation(proposal.design, catalog, existing if before_backup else None)
    notes += swing_notes  # flicker, ramp rate
    if not before_backup:
        notes += protection_notes(set_protection(proposal.design, catalog))
    return notes


def build_and_verify(ctx: SiteContext, count: int | None, options: PlanOptions) -> tuple[Selection, Proposal, dict, dict]:
    """Select, build and verify, giving up one scalable unit at a time when the floor cannot hold them.

    Parameters
    ----------
    ctx : SiteContext
        Planning context.
    count : int or None
        Compute racks wanted; None for the most whole SUs [-].
    options : PlanOptions
        Planner settings.

    Returns
    -------
    tuple
        The selection, the proposal, the analysis results and the verification (passes, failures, repairs).
    """
    target = count
    notes = []
    # every catalog pump model is tried at each facility loop's own system curve: the selection's head
    # estimate (CDUs and heat-rejection units at their rated flow) leaves out the low-head models that
    # suit a loop whose units run below their rated flow
    pump_models = pump_options(ctx.basis, 0.0, ctx.catalog)
    while True:
        sel = select(ctx.basis, ctx.groups, ctx.options, ctx.limits, ctx.busways, target, options.time_limit_s)
        try:
            proposal = build_proposal(ctx.design, ctx.basis, sel, ctx.catalog, pump_models)
            break
        except LayoutShortfall as exc:
            fewer = sel.n_compute - ctx.basis.racks_per_su
            if fewer < 1:
                raise SelectionInfeasible(f"the floor holds no scalable unit: {exc}") from None
            notes.append(f"{exc}: one scalable unit fewer ({fewer} racks)")
            target = fewer
    notes += protect_around_backup(proposal, ctx.catalog, ctx.design)
    proposal.design, battery_notes = set_battery_pickups(proposal.design, ctx.catalog)  # faults below a UPS on battery
    notes += battery_notes
    notes += [n for b in backup_layout(proposal.layouts, proposal.design, ctx.catalog) for n in b.notes]  # room, yard
    repairs = []
    results = _analyze(proposal.design, options.contingencies, options.verdict_only)
    fails = failures(proposal.design, results)
    for _ in range(options.repair_rounds):
        if not fails:
            break
        done = repair(proposal.design, fails)
        if not done:
            break
        repairs += done
        results = _analyze(proposal.design, options.contingencies, options.verdict_only)
        fails = failures(proposal.design, results)
    if sel.solver and not sel.solver["optimal"]:
        gap = sel.solver["gap_percent"]
        notes.append(f"the upgrade selection (MILP) {sel.solver['status']} after {sel.solver['time_limit_s']:g} s: the "
                     "design is feasible but not proven least-cost"
                     + (f" (optimality gap {gap:g} %)" if gap is not None else " (gap unknown)"))
    proposal.notes += notes
    return sel, proposal, results, {"passes": not fails, "failures": fails, "repairs": repairs}


def plan(design: Design, options: PlanOptions | None = None, *, catalog: Catalog | None = None) -> PlanResult:
    """Plan the retrofit of ``design`` toward its goal.

    Parameters
    ----------
    design : Design
        The existing site with its goal (rack model, count or ``max``, redundancy policies).
    options : PlanOptions, optional
        Planner settings.
    catalog : Catalog, optional
        Catalog (default: the bundled catalogs).

    Returns
    -------
    PlanResult
        Proposed design, sizing, reuse, selection, layout, bill of materials, phases and the analysis
        verdict of the proposal.

    Raises
    ------
    SelectionInfeasible
        When the site cannot take even one scalable unit (or the goal's count) with the catalog.
    """
    options = options or PlanOptions()
    catalog = catalog or load_catalog()
    stage("sizing: racks per constraint", log)
    ctx = site_context(design, heat_rejection_kinds=options.heat_rejection_kinds, catalog=catalog)
    sizing = size(design, catalog=catalog, context=ctx)
    count = None if design.goal.count == "max" else int(design.goal.count)
    stage("selecting upgrades, laying out and verifying the proposal", log)
    sel, proposal, results, verification = build_and_verify(ctx, count, options)
    stage("reuse, bill of materials" + (", phasing" if options.phases else ""), log)
    verdicts = reuse(design, catalog=catalog, context=ctx, proposal=proposal)
    bom = bill_of_materials(design, proposal, catalog)
    proposal.notes.extend(backup_notes(proposal.design, catalog))  # retrofit.planning.backup
    phases = (phase_plan(design, proposal, ctx, options.contingencies, proposal_results=results)
              if options.phases else [])
    cost = plan_cost(design, proposal, phases, catalog)
    schedule = business = None
    if phases:
        from ..business.programme import programme_dicts
        schedule, business = programme_dicts(design, phases, catalog)
    return PlanResult(proposal.design, sizing, verdicts, sel.summary(), proposal.layouts, bom, phases, verification,
                      results, proposal.notes, cost, schedule, business)


def plan_cost(design: Design, proposal: Proposal, phases: list[dict], catalog: Catalog) -> CostEstimate:
    """The cost estimate of a plan (:func:`retrofit.cost.estimate.estimate_cost`) over its phases; each
    phase dict gets its ``cost`` (a :class:`retrofit.cost.records.PhaseCost` as plain data).

    Parameters
    ----------
    design : Design
        The existing site.
    proposal : Proposal
        The proposal.
    phases : list of dict
        :func:`phase_plan` output (changed in place), or empty.
    catalog : Catalog
        Catalog.

    Returns
    -------
    CostEstimate
        The estimate.
    """
    from dataclasses import asdict

    from ..cost.estimate import estimate_cost
    walls = [None if "demising_walls" not in p else [(w["hall"], w["length_m"]) for w in p["demising_walls"]]
             for p in phases]
    cost = estimate_cost(design, proposal.design, phases=[p["design"] for p in phases] or None,
                         demising_walls=walls or None, layout=proposal.layouts, catalog=catalog)
    for p, pc in zip(phases, cost.phases):
        p["cost"] = asdict(pc)
    return cost


__all__ = ["PlanOptions", "PlanResult", "build_and_verify", "plan", "plan_cost", "protect_around_backup", "repair"]
