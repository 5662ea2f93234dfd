"""Phasing: convert the hall in stages while the rest keeps mining, each stage a design that passes.

Stages follow the TCS loops in layout order (a loop, its CDUs and its racks go live together). A stage
holds the racks of its loops and of the loops before it, the power blocks and busways that feed them,
the MV lineups and feeder moves (all in the first stage: one planned MV outage), the mechanical
blocks and the cooling plant sized for the stage's heat (heat-rejection units and CRAHs with the
policy's spares, facility pumps re-tuned to the stage's flow). Everything else stays as it was: the
miners on buses not yet converted keep running with their exhaust fans. Miners on a mechanical bus
are moved out in the stage where the cooling plant needs that bus's capacity. Each stage's design is
analysed for its verdict (cooling, electrical with N-1 and the cross-domain study, PUE:
:func:`retrofit.analyze.analyze_for_verdict`; the last stage is the proposal and has its full analysis),
and the stage's equipment and capex come from the difference with the stage before.

When the goal gives a utility capacity schedule (``goal.schedule.utility_capacity``), the stages follow
it: one stage per step, each holding the loops (in layout order) whose GPU demand (racks and their
cooling, without the miners) fits the capacity of its step; a step too small for one more loop adds no
stage, and the last stage holds every loop. The miners still running use what the contracted service
capacity leaves. Each stage reports the miners that run and those it removes, the demising walls
between its GPU zone and the mining air (:mod:`retrofit.planning.demising`), the electrical and air
cooling capacity left to mining, and its GPU and mining IT power.
"""
from __future__ import annotations

import math

from ..model import Design, HeatRejection
from ..units import magnitude
from .bom import bill_of_materials
from .build_cooling import stage_pumps
from .capacity import hr_units_needed
from .context import SiteContext
from .demising import phase_walls
from .design_copy import deep_copy
from .selection import MECH_POWER_FACTOR
from .verify import failures, part_load_pumps

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
    e, c = final.electrical, final.cooling  # read only: what the stage keeps is chosen first, then copied
    b = ctx.basis
    keep = [g for g in final.loads.racks if g.tcs_loop in loops]
    taps = {f for g in keep for f in g.feeds}
    keep += [g for g in final.loads.racks if g.tcs_loop is None and set(g.feeds) <= taps]
    busways = [x for x in e.busways if x.to_bus in taps]
    fed_by = {x.from_bus for x in busways}
    fed_by |= {u.from_bus for u in e.ups if u.to_bus in fed_by}  # busways behind a backup UPS lineup
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
    lost_ups = [x for x in e.ups if x.from_bus in gone]  # backup lineups of blocks not yet built, with their output bus
    gone |= {x.id for x in lost_ups} | {x.to_bus for x in lost_ups}
    ups = [x for x in e.ups if x.id not in gone]
    transformers = [x for x in e.transformers if x.id not in gone]
    cables = [x for x in e.cables if x.id not in gone]
    buses = [x for x in e.buses if x.id not in gone and (x.kind != "busway_tap" or x.id in taps)]
    protected = ({y.id for y in busways} | {y.id for y in cables} | {y.id for y in transformers}
                 | {y.id for y in e.pdus} | {y.id for y in ups})
    bus_ids = {y.id for y in buses}
    breakers = [x for x in e.breakers if x.protects in protected and x.bus in bus_ids]
    cdus = [x for x in c.cdus if x.tcs_loop in loops]
    live_fw = {x.facility_loop for x in cdus}
    halls = {g.hall for g in keep}
    # only what the stage keeps is copied (a first stage holds a fraction of the campus)
    d = deep_copy(final.model_copy(update={
        "electrical": e.model_copy(update={"busways": busways, "ups": ups, "transformers": transformers,
                                           "cables": cables, "buses": buses, "breakers": breakers}),
        "loads": final.loads.model_copy(update={"racks": keep}),
        "cooling": c.model_copy(update={"cdus": cdus, "loops": [x for x in c.loops if x.id in loops or x.id in live_fw],
                                        "pumps": [x for x in c.pumps if x.loop in live_fw],
                                        "heat_rejection": [x for x in c.heat_rejection if x.loop in live_fw],
                                        "crahs": [x for x in c.crahs if x.hall in halls]})}))
    e, c = d.electrical, d.cooling
    _size_plant(d, b, {blk.lv_bus: blk.lineup for blk in proposal.power.mech})
    converted = {x.from_bus for x in e.busways}
    converted |= {u.from_bus for u in e.ups if u.to_bus in converted}
    miners, fans = [], []
    for m in existing.loads.miners:
        if m.bus not in converted and m.bus in {x.id for x in e.buses}:
            miners.append(deep_copy(m))
    for f in existing.cooling.exhaust_fans:
        if f.bus in {m.bus for m in miners}:
            fans.append(deep_copy(f))
    d.loads.miners, c.exhaust_fans = miners, fans
    moved_out = _relieve_mechanical(d, proposal, mech_buses)
    for lid in live_fw:  # the stage's pumps staged by its flow and tuned to it
        stage_pumps(d, lid, b)
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


def mining_capacity(d: Design, contracted_va: float, gpu_va: float) -> dict:
    """Electrical and air-cooling capacity left to the miners of a stage, beside what they need.

    Parameters
    ----------
    d : Design
        A stage's design.
    contracted_va : float
        Contracted service capacity [VA].
    gpu_va : float
        Demand of the converted load (:func:`gpu_demand_va`) [VA].

    Returns
    -------
    dict
        ``capacity_left_to_mining_kva`` (contracted less the converted load, at least 0), ``mining_demand_kva`` (miners
        and their fans at rated power), ``mining_airflow_m3s`` (exhaust fans running) and
        ``mining_airflow_needed_m3s`` (the miners' own airflow; None when a group gives none) [kVA, m3/s].
    """
    miners = d.loads.miners
    fans = d.cooling.exhaust_fans
    demand = sum(magnitude(m.p_rated, "W") * m.count / m.power_factor for m in miners)
    demand += sum(magnitude(f.power, "W") * f.count / MECH_POWER_FACTOR for f in fans)
    need = (sum(magnitude(m.airflow, "m**3/s") * m.count for m in miners)
            if all(m.airflow is not None for m in miners) else None)
    return {"capacity_left_to_mining_kva": round(max(0.0, contracted_va - gpu_va) / 1e3, 1),
            "mining_demand_kva": round(demand / 1e3, 1),
            "mining_airflow_m3s": round(sum(magnitude(f.airflow, "m**3/s") * f.count for f in fans), 2),
            "mining_airflow_needed_m3s": None if need is None else round(need, 2)}


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


def mechanical_load_va(d: Design, mech_buses: set[str]) -> dict[str, float]:
    """The cooling load on each mechanical bus of a stage [VA]: every CDU, pump, heat-rejection unit and CRAH
    fed from the bus, directly or through what hangs below it (a backup UPS lineup, whose conversion loss the
    bus carries too), at its rated power and :data:`MECH_POWER_FACTOR`.

    Parameters
    ----------
    d : Design
        The stage's design.
    mech_buses : set of str
        The mechanical buses (the proposal's mechanical blocks' LV buses).

    Returns
    -------
    dict
        Bus id -> apparent power [VA], for the buses that feed cooling.
    """
    from ..electrical.design_grid import rated_cooling_power
    from ..electrical.ups_losses import downstream_buses, ups_losses_w
    power = rated_cooling_power(d)
    fed_from = {b: bus for bus in sorted(mech_buses) for b in downstream_buses(d, bus)}
    load: dict[str, float] = {}
    active: dict[str, float] = {}
    for items in (d.cooling.cdus, d.cooling.pumps, d.cooling.heat_rejection, d.cooling.crahs):
        for x in items:
            bus = fed_from.get(x.bus)
            if bus is not None:
                load[bus] = load.get(bus, 0.0) + power.get(x.id, 0.0) / MECH_POWER_FACTOR
                active[x.bus] = active.get(x.bus, 0.0) + power.get(x.id, 0.0)
    for _, (ups_input, _, loss) in ups_losses_w(d, active).items():
        bus = fed_from.get(ups_input)
        if bus is not None and loss > 0.0:
            load[bus] = load.get(bus, 0.0) + loss
    return load


def _relieve_mechanical(d: Design, proposal, mech_buses: set[str]) -> int:
    """Stop the miners on mechanical buses that no longer fit beside the stage's cooling load
    (:func:`mechanical_load_va`), as few as the bus's capacity requires (groups in id order); returns the
    miners stopped."""
    caps = {blk.lv_bus: (blk.existing.capacity.normal_va if blk.existing is not None else blk.option.capacity_va)
            for blk in proposal.power.mech}
    load = mechanical_load_va(d, mech_buses)
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



def gpu_demand_va(d: Design) -> float:
    """Utility demand of a design without its miners and their exhaust fans: the converted load [VA].

    Parameters
    ----------
    d : Design
        A design.

    Returns
    -------
    float
        Apparent power (as :func:`service_demand_va` counts it) [VA].
    """
    bare = d.model_copy(update={"loads": d.loads.model_copy(update={"miners": []}),
                                "cooling": d.cooling.model_copy(update={"exhaust_fans": []})})
    return service_demand_va(bare)


def capacity_steps(design: Design) -> list[tuple]:
    """The utility capacity for the converted load by date: ``[(date or None, capacity [VA])]``.

    Without a schedule in the goal, the whole contracted capacity from the start: ``[(None, capacity)]``.
    """
    sched = design.goal.schedule if design.goal is not None else None
    if sched is None or not sched.utility_capacity:
        return [(None, magnitude(design.utility.capacity, "VA"))]
    return [(s.date, magnitude(s.capacity, "VA")) for s in sched.utility_capacity]


def _loop_shares(proposal) -> dict[str, float]:
    """Each TCS loop's share of the final design's rack power [-]."""
    power: dict[str, float] = {}
    for g in proposal.design.loads.racks:
        if g.tcs_loop is not None:
            power[g.tcs_loop] = power.get(g.tcs_loop, 0.0) + magnitude(g.p_design, "W") * g.count
    total = sum(power.values()) or 1.0
    return {k: v / total for k, v in power.items()}


def staged_loops(existing: Design, proposal, ctx: SiteContext, max_phases: int = MAX_PHASES) -> list[dict]:
    """The stages with their loops and the utility step each waits for.

    Returns
    -------
    list of dict
        ``loops`` (added by the stage), ``live`` (every loop live), ``step_date`` (or None),
        ``step_capacity_va``, ``design`` and ``info`` (from :func:`phase_design`; None for the last stage).
    """
    loops = [s.id for hc in proposal.cooling for s in hc.loops]
    steps = capacity_steps(existing)
    if len(steps) == 1:
        out, live = [], []
        for chunk in phase_loops(proposal, max_phases):
            live = live + chunk
            out.append({"loops": chunk, "live": list(live), "step_date": steps[0][0], "step_capacity_va": steps[0][1]})
        return out
    share = _loop_shares(proposal)
    full = gpu_demand_va(proposal.design)
    out, done = [], 0
    for k, (date, cap) in enumerate(steps):
        last = k == len(steps) - 1
        if last:
            n = len(loops)
        else:
            n, est = done, full * sum(share.get(x, 0.0) for x in loops[:done])
            while n < len(loops) and est + full * share.get(loops[n], 0.0) <= cap:
                est += full * share.get(loops[n], 0.0)
                n += 1
        design = info = None
        while n > done and not last:
            design, info = phase_design(existing, proposal, ctx, set(loops[:n]))
            if gpu_demand_va(design) <= cap:
                break
            n -= 1
            design = info = None
        if n > done:
            out.append({"loops": loops[done:n], "live": loops[:n], "step_date": date, "step_capacity_va": cap,
                        "design": design, "info": info})
            done = n
        if done == len(loops):
            break
    return out

def phase_plan(existing: Design, proposal, ctx: SiteContext, contingencies: bool = True,
               max_phases: int = MAX_PHASES, proposal_results: dict | None = None) -> list[dict]:
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
    proposal_results : dict, optional
        The analysis of ``proposal.design`` as it stands, with the same ``contingencies`` (the planner's
        verification): the last stage is the proposal itself and takes it rather than a second analysis
        (analysed again when None).

    Returns
    -------
    list of dict
        Per stage: ``phase``, ``loops``, ``compute_racks``, ``network_racks``, ``miners_kept``,
        ``miners_removed``, ``miner_groups_running`` and ``miner_groups_removed`` (ids), ``utility_demand_kva``,
        ``utility_step_date`` and ``utility_capacity_for_gpu_kva`` (the step it follows), ``gpu_demand_kva``,
        the capacity left to mining (:func:`mining_capacity`), ``it_kw`` and ``mining_kw`` (design IT power of
        its racks and rated power of its miners), ``demising_walls``, ``equipment`` (bill of materials of what
        the stage adds), ``capex_usd``, ``pumps_part_loaded`` (the final pumps a stage before the last runs
        outside their preferred region: :func:`retrofit.planning.verify.part_load_pumps`), ``checks``
        (``passes``, ``failures``) and ``design`` (the stage's Design).
    """
    from ..analyze import analyze_for_verdict
    out = []
    previous = existing
    contracted = magnitude(existing.utility.capacity, "VA")
    stages = staged_loops(existing, proposal, ctx, max_phases)
    for k, stage in enumerate(stages, start=1):
        live = set(stage["live"])
        if k == len(stages):
            design, info = proposal.design, {"miners_kept": 0, "miners_moved_for_cooling": 0,
                                             "miners_moved_for_service": 0}
        elif stage.get("design") is not None:
            design, info = stage["design"], stage["info"]
        else:
            design, info = phase_design(existing, proposal, ctx, live)
        if k == len(stages) and proposal_results is not None:
            results = proposal_results
        else:
            results = analyze_for_verdict(design, contingencies=contingencies)  # what the verdict reads
        final = k == len(stages)
        fails = failures(design, results, preferred_region=final)  # a stage's pumps may run part-loaded
        part_load = [] if final else part_load_pumps(design, results)
        bom = bill_of_materials(previous, None, ctx.catalog, proposed=design)
        n_c = sum(g.count for g in design.loads.racks if g.kind == "compute")
        n_n = sum(g.count for g in design.loads.racks if g.kind != "compute")
        removed = sum(m.count for m in previous.loads.miners) - sum(m.count for m in design.loads.miners)
        running = {m.id for m in design.loads.miners}
        demand_kva = (results["electrical"].get("utility") or {}).get("demand_kva")
        # the converted load: the analysis' demand once no miner runs, else the planner's estimate
        gpu_va = demand_kva * 1e3 if not design.loads.miners and demand_kva is not None else gpu_demand_va(design)
        out.append({
            "phase": k, "loops": stage["loops"], "compute_racks": n_c, "network_racks": n_n,
            "miners_kept": sum(m.count for m in design.loads.miners), "miners_removed": removed,
            "miners_moved_for_cooling": info["miners_moved_for_cooling"],
            "miners_moved_for_service": info["miners_moved_for_service"],
            "miner_groups_running": sorted(running),
            "miner_groups_removed": sorted({m.id for m in previous.loads.miners} - running),
            "switchboards_feeding_racks": sorted({b.from_bus for b in design.electrical.busways}),
            "utility_demand_kva": demand_kva,
            "utility_step_date": stage["step_date"].isoformat() if stage["step_date"] is not None else None,
            "utility_capacity_for_gpu_kva": round(stage["step_capacity_va"] / 1e3, 1),
            "gpu_demand_kva": round(gpu_va / 1e3, 1),
            **mining_capacity(design, contracted, gpu_va),
            "it_kw": round(sum(magnitude(g.p_design, "W") * g.count for g in design.loads.racks) / 1e3, 1),
            "mining_kw": round(sum(magnitude(m.p_rated, "W") * m.count for m in design.loads.miners) / 1e3, 1),
            "demising_walls": [w.as_dict() for w in phase_walls(design, proposal, live)],
            "pue": (results.get("pue") or {}).get("pue"),
            "equipment": [i for i in bom["items"]], "capex_usd": bom["capex_facility_usd"],
            "capex_it_usd": bom["capex_it_usd"],
            "pumps_part_loaded": part_load,
            "checks": {"passes": not fails, "failures": fails}, "design": design,
        })
        previous = design
    return out


__all__ = ["MAX_PHASES", "capacity_steps", "gpu_demand_va", "mechanical_load_va", "mining_capacity", "phase_design",
           "phase_loops", "phase_plan", "relieve_service", "service_demand_va", "staged_loops"]
