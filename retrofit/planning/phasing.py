"""Phasing: convert the hall in stages while the rest keeps mining, each stage a design that passes.

Stages follow the TCS loops in layout order (a loop, its CDUs and its racks go live together). A stage
holds the racks of its loops and of the loops before it, the power blocks and busways that feed them,
the MV lineups and feeder moves (all in the first stage: one planned MV outage), the mechanical
blocks and the cooling plant sized for the stage's heat (heat-rejection units and CRAHs with the
policy's spares, facility pumps re-tuned to the stage's flow). Everything else stays as it was: the
miners on buses not yet converted keep running with their exhaust fans. Miners on a mechanical bus
are moved out in the stage where the cooling plant needs that bus's capacity. Each stage's design is
analysed in full, and the stage's equipment and capex come from the difference with the stage before.
"""
from __future__ import annotations

import math

from ..model import Design, HeatRejection
from ..units import magnitude
from .bom import bill_of_materials
from .build_cooling import tune_pump_speed
from .capacity import hr_units_needed
from .context import SiteContext
from .selection import MECH_POWER_FACTOR
from .verify import failures

MAX_PHASES = 4



def phase_loops(proposal, max_phases: int = MAX_PHASES) -> list[list[str]]:
    """TCS loops of each stage: the layout's loops in order, split into at most ``max_phases`` runs.

    Parameters
    ----------
    proposal : Proposal
        The final proposal.
    max_phases : int
        Most stages [-].

    Returns
    -------
    list of list of str
        TCS loop ids of each stage.
    """
    loops = [s.id for hc in proposal.cooling for s in hc.loops]
    n = min(max_phases, len(loops))
    if n == 0:
        return []
    size = math.ceil(len(loops) / n)
    return [loops[i:i + size] for i in range(0, len(loops), size)]


def phase_design(existing: Design, proposal, ctx: SiteContext, loops: set[str]) -> tuple[Design, dict]:
    """The design of a stage whose live TCS loops are ``loops`` (see the module docstring).

    Parameters
    ----------
    existing : Design
        The site before the retrofit.
    proposal : Proposal
        The final proposal.
    ctx : SiteContext
        Planning context.
    loops : set of str
        TCS loops live in the stage.

    Returns
    -------
    design : Design
        The stage's design.
    info : dict
        Miners kept and moved [-].
    """
    final = proposal.design
    d = final.model_copy(deep=True)
    e, c = d.electrical, d.cooling
    b = ctx.basis
    keep = [g for g in d.loads.racks if g.tcs_loop in loops]
    taps = {f for g in keep for f in g.feeds}
    keep += [g for g in d.loads.racks if g.tcs_loop is None and set(g.feeds) <= taps]
    d.loads.racks = keep
    e.busways = [x for x in e.busways if x.to_bus in taps]
    fed_by = {x.from_bus for x in e.busways}
    mech_buses = {blk.lv_bus for blk in proposal.power.mech}
    new_blocks = [blk for g in proposal.power.groups for blk in g.blocks if blk.existing is None]
    gone: set[str] = set()
    for blk in new_blocks:
        if blk.lv_bus in fed_by:
            continue
        t = next((x for x in e.transformers if x.id == blk.transformer), None)
        if t is None:
            continue
        cable = next((x for x in e.cables if x.to_bus == t.hv_bus), None)
        gone |= {t.id, t.hv_bus, blk.lv_bus} | ({cable.id} if cable else set())
    e.transformers = [x for x in e.transformers if x.id not in gone]
    e.cables = [x for x in e.cables if x.id not in gone]
    e.buses = [x for x in e.buses if x.id not in gone and (x.kind != "busway_tap" or x.id in taps)]
    protected = ({y.id for y in e.busways} | {y.id for y in e.cables} | {y.id for y in e.transformers}
                 | {y.id for y in e.pdus} | {y.id for y in e.ups})
    bus_ids = {y.id for y in e.buses}
    e.breakers = [x for x in e.breakers if x.protects in protected and x.bus in bus_ids]
    c.cdus = [x for x in c.cdus if x.tcs_loop in loops]
    live_fw = {x.facility_loop for x in c.cdus}
    c.loops = [x for x in c.loops if x.id in loops or x.id in live_fw]
    c.pumps = [x for x in c.pumps if x.loop in live_fw]
    c.heat_rejection = [x for x in c.heat_rejection if x.loop in live_fw]
    c.crahs = [x for x in c.crahs if x.hall in {g.hall for g in keep}]
    _size_plant(d, b, {blk.lv_bus: blk.lineup for blk in proposal.power.mech})
    converted = {x.from_bus for x in e.busways}
    miners, fans = [], []
    for m in existing.loads.miners:
        if m.bus not in converted and m.bus in {x.id for x in e.buses}:
            miners.append(m.model_copy(deep=True))
    for f in existing.cooling.exhaust_fans:
        if f.bus in {m.bus for m in miners}:
            fans.append(f.model_copy(deep=True))
    d.loads.miners, c.exhaust_fans = miners, fans
    moved_out = _relieve_mechanical(d, proposal, mech_buses)
    for lid in live_fw:
        tune_pump_speed(d, lid, b)
    moved_service = relieve_service(d, b)
    info = {"miners_kept": sum(m.count for m in d.loads.miners), "miners_moved_for_cooling": moved_out,
            "miners_moved_for_service": moved_service}
    return d, info


def service_demand_va(d: Design) -> float:
    """Estimate of the utility demand of a design [VA]: racks at the electrical basis, miners, cooling at
    rated power, other loads, and the planner's loss allowance (the analysis gives the actual figure).

    Parameters
    ----------
    d : Design
        A design.

    Returns
    -------
    float
        Apparent power [VA].
    """
    from ..electrical.design_grid import rated_cooling_power
    from .capacity import LOSS_ALLOWANCE
    basis = d.goal.criteria.rack_power_basis if d.goal else "peak"
    p = q = 0.0
    for g in d.loads.racks:
        pw = magnitude(g.p_peak if basis == "peak" and g.p_peak is not None else g.p_design, "W") * g.count
        p += pw
        q += pw * math.tan(math.acos(g.power_factor))
    for m in d.loads.miners:
        pw = magnitude(m.p_rated, "W") * m.count
        p += pw
        q += pw * math.tan(math.acos(m.power_factor))
    for o in d.loads.other:
        p += magnitude(o.p, "W")
        q += magnitude(o.p, "W") * math.tan(math.acos(o.power_factor))
    cool = sum(rated_cooling_power(d).values())
    p += cool
    q += cool * math.tan(math.acos(MECH_POWER_FACTOR))
    return math.hypot(p * (1 + LOSS_ALLOWANCE), q)


def relieve_service(d: Design, basis) -> int:
    """Move miner groups out (largest first) until the stage's demand fits the service; returns miners moved.

    Parameters
    ----------
    d : Design
        A stage's design (changed in place).
    basis : PlanBasis
        Planning basis.

    Returns
    -------
    int
        Miners moved out [-].
    """
    cap = magnitude(d.utility.capacity, "VA")
    moved = 0
    while d.loads.miners and service_demand_va(d) > cap:
        group = max(d.loads.miners, key=lambda m: (magnitude(m.p_rated, "W") * m.count, m.id))
        moved += group.count
        d.loads.miners = [m for m in d.loads.miners if m.id != group.id]
        if not any(m.bus == group.bus for m in d.loads.miners):
            d.cooling.exhaust_fans = [f for f in d.cooling.exhaust_fans if f.bus != group.bus]
    return moved


def _size_plant(d: Design, b, side_of_bus: dict[str, int]) -> None:
    """Heat-rejection units and CRAHs for the stage's heat, spread as in the final design and counted as the
    final design counts them (:meth:`PlanBasis.units_surviving_a_side` over the power sides their buses span),
    so that a phase survives the same single outages as the whole proposal."""
    c = d.cooling

    def sides(group) -> int:
        return max(1, min(len({side_of_bus.get(x.bus, x.bus) for x in group}), b.power_sides))

    for lid in {x.loop for x in c.heat_rejection}:
        units = [x for x in c.heat_rejection if x.loop == lid]
        tcs = {x.tcs_loop for x in c.cdus if x.facility_loop == lid}
        halls = {x.hall for x in c.cdus if x.facility_loop == lid}
        heat = 0.0
        for g in d.loads.racks:
            p = magnitude(g.p_design, "W") * g.count
            lf = magnitude(g.liquid_fraction, "dimensionless")
            heat += p * lf if g.tcs_loop in tcs else 0.0
            heat += p * (1 - lf) if g.hall in halls else 0.0
        heat *= 1.03  # CDU and facility pump work into the water (about 3 % in the examples)
        unit = HeatRejection(**{k: v for k, v in units[0].model_dump().items() if k in HeatRejection.model_fields})
        need = hr_units_needed(unit, heat, b, 0)
        if need is None:  # a phase carries less heat than the whole proposal, whose units were sized for it
            raise RuntimeError(f"phase heat {heat / 1e6:.2f} MW exceeds what any number of {unit.model} units rejects")
        _spread(units, b.units_surviving_a_side(need, sides(units)))
    for hall in {x.hall for x in c.crahs}:
        crahs = [x for x in c.crahs if x.hall == hall]
        air = sum(magnitude(g.p_design, "W") * g.count * (1 - magnitude(g.liquid_fraction, "dimensionless"))
                  for g in d.loads.racks if g.hall == hall)
        cap = magnitude(crahs[0].capacity, "W")
        _spread(crahs, b.units_surviving_a_side(math.ceil(air / cap), sides(crahs)) if air > 0 else 0)
    c.heat_rejection = [x for x in c.heat_rejection if x.count > 0]
    c.crahs = [x for x in c.crahs if x.count > 0]


def _spread(elements, total: int) -> None:
    """Set counts summing to ``total`` over ``elements`` in proportion to their counts in the final design."""
    final = [x.count for x in elements]
    whole = sum(final) or 1
    counts = [min(f, total * f // whole) for f in final]
    i = 0
    while sum(counts) < total and i < 10 * len(elements):
        k = i % len(elements)
        if counts[k] < final[k] or sum(final) < total:
            counts[k] += 1
        i += 1
    for x, n in zip(elements, counts):
        x.count = n


def _relieve_mechanical(d: Design, proposal, mech_buses: set[str]) -> int:
    """Stop the miners on mechanical buses that no longer fit beside the stage's cooling load, as few as
    the bus's capacity requires (groups in id order); returns the miners stopped."""
    caps = {blk.lv_bus: (blk.existing.capacity.normal_va if blk.existing is not None else blk.option.capacity_va)
            for blk in proposal.power.mech}
    from ..electrical.design_grid import rated_cooling_power
    power = rated_cooling_power(d)
    load = {}
    for kind, items in (("cdu", d.cooling.cdus), ("pump", d.cooling.pumps), ("hr", d.cooling.heat_rejection),
                        ("crah", d.cooling.crahs)):
        for x in items:
            if x.bus in mech_buses:
                load[x.bus] = load.get(x.bus, 0.0) + power.get(x.id, 0.0) / MECH_POWER_FACTOR
    moved = 0
    for bus, cool in sorted(load.items()):
        miners = sorted((m for m in d.loads.miners if m.bus == bus), key=lambda m: m.id)
        mining = sum(magnitude(m.p_rated, "W") * m.count / m.power_factor for m in miners)
        room = caps.get(bus, math.inf) - cool
        if not miners or mining <= room:
            continue
        # keep as many miners as the bus has room for beside its cooling (groups in id order), stop the rest
        kept = []
        for m in miners:
            each = magnitude(m.p_rated, "W") / m.power_factor
            n = max(0, min(m.count, int(room // each))) if each > 0 else m.count
            room -= n * each
            moved += m.count - n
            if n:
                kept.append(m if n == m.count else m.model_copy(update={"count": n}))
        d.loads.miners = [m for m in d.loads.miners if m.bus != bus] + kept
        if not kept:
            d.cooling.exhaust_fans = [f for f in d.cooling.exhaust_fans if f.bus != bus]
    return moved


def phase_plan(existing: Design, proposal, ctx: SiteContext, contingencies: bool = True,
               max_phases: int = MAX_PHASES) -> list[dict]:
    """Stages of the conversion, each with its racks, equipment, capex and analysis verdict.

    Parameters
    ----------
    existing : Design
        The site before the retrofit.
    proposal : Proposal
        The final proposal.
    ctx : SiteContext
        Planning context.
    contingencies : bool
        Run the N-1 study of each stage.
    max_phases : int
        Most stages.

    Returns
    -------
    list of dict
        Per stage: ``phase``, ``loops``, ``compute_racks``, ``network_racks``, ``miners_kept``,
        ``miners_removed``, ``utility_demand_kva``, ``equipment`` (bill of materials of what the stage
        adds), ``capex_usd``, ``checks`` (``passes``, ``failures``) and ``design`` (the stage's Design).
    """
    from ..analyze import analyze
    out = []
    previous = existing
    live: set[str] = set()
    stages = phase_loops(proposal, max_phases)
    for k, loops in enumerate(stages, start=1):
        live |= set(loops)
        if k == len(stages):
            design, info = proposal.design, {"miners_kept": 0, "miners_moved_for_cooling": 0,
                                             "miners_moved_for_service": 0}
        else:
            design, info = phase_design(existing, proposal, ctx, live)
        results = analyze(design, contingencies=contingencies)
        fails = failures(design, results)
        bom = bill_of_materials(previous, None, ctx.catalog, proposed=design)
        n_c = sum(g.count for g in design.loads.racks if g.kind == "compute")
        n_n = sum(g.count for g in design.loads.racks if g.kind != "compute")
        removed = sum(m.count for m in previous.loads.miners) - sum(m.count for m in design.loads.miners)
        out.append({
            "phase": k, "loops": loops, "compute_racks": n_c, "network_racks": n_n,
            "miners_kept": sum(m.count for m in design.loads.miners), "miners_removed": removed,
            "miners_moved_for_cooling": info["miners_moved_for_cooling"],
            "miners_moved_for_service": info["miners_moved_for_service"],
            "transformers_feeding_racks": sorted({b.from_bus for b in design.electrical.busways}),
            "utility_demand_kva": (results["electrical"].get("utility") or {}).get("demand_kva"),
            "pue": (results.get("pue") or {}).get("pue"),
            "equipment": [i for i in bom["items"]], "capex_usd": bom["capex_facility_usd"],
            "capex_it_usd": bom["capex_it_usd"],
            "checks": {"passes": not fails, "failures": fails}, "design": design,
        })
        previous = design
    return out


__all__ = ["MAX_PHASES", "phase_design", "phase_loops", "phase_plan"]
