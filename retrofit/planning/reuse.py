"""Reuse assessment: for every existing element, reuse / reuse with derating / replace / remove, with the
reason and the figures behind it.

The verdicts follow the same rules as the planner (secondary voltage and neutral against the power
shelves' input range, breaker continuous rating, air movers against the rack inlet limit at the design
ambient ...). When a proposal is given, what it actually did with each element (kept, re-terminated,
taken out) is part of the verdict.
"""
from __future__ import annotations

import math

from ..catalog import Catalog
from ..model import Design
from ..units import magnitude
from .basis import C0, transformer_limits_at_site
from .capacity import SQRT3, air_heat_per_rack_w, exhaust_air_racks, s_per_rack_va
from .context import SiteContext, site_context

VERDICTS = ("reuse", "derate", "replace", "remove")



def _v(element: str, kind: str, verdict: str, reason: str, **figures) -> dict:
    return {"element": element, "kind": kind, "verdict": verdict, "reason": reason,
            "figures": {k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items()}}


def reuse(design: Design, *, catalog: Catalog | None = None, context: SiteContext | None = None,
          proposal=None) -> list[dict]:
    """Verdict on every existing element of ``design``.

    Parameters
    ----------
    design : Design
        The existing site with its goal.
    catalog : Catalog, optional
        Catalog.
    context : SiteContext, optional
        Planning context already worked out.
    proposal : Proposal, optional
        The proposal, to say what it did with each element.

    Returns
    -------
    list of dict
        ``{"element", "kind", "verdict" (reuse | derate | replace | remove), "reason", "figures"}`` in
        the design's element order; figures carry their unit in their names.
    """
    ctx = context or site_context(design, catalog=catalog)
    b = ctx.basis
    blocks = {x.id: x for x in ctx.blocks}
    in_it = {blk.id for g in ctx.groups for blk in g.blocks}
    proposed = {e.id: e for _, e in proposal.design.elements()} if proposal is not None else None
    moved = set(proposal.power.moved_feeders) if proposal is not None else set()
    s_rack = s_per_rack_va(b)
    out = []
    u = design.utility
    out.append(_v(u.id, "utility", "reuse", f"{magnitude(u.capacity, 'MVA'):.1f} MVA at {magnitude(u.voltage, 'kV'):g} kV: the service "
                  "is kept; its capacity is the site limit on the rack count",
                  capacity_kva=magnitude(u.capacity, "kVA"), sk_mva=magnitude(u.sk, "MVA")))
    lv_of = {x.transformer.lv_bus: x for x in ctx.blocks}
    for bus in design.electrical.buses:
        v_ll = magnitude(bus.voltage, "V")
        if bus.kind == "node":
            out.append(_v(bus.id, "bus", "reuse", "connection point", voltage_v=v_ll))
            continue
        blk = lv_of.get(bus.id)
        figures = {"voltage_v": v_ll, "system": bus.system}
        if bus.bus_rating is not None:
            figures["bus_rating_a"] = magnitude(bus.bus_rating, "A")
            figures["capacity_kva"] = SQRT3 * v_ll * magnitude(bus.bus_rating, "A") / 1e3
        if bus.sccr is not None:
            figures["sccr_ka"] = magnitude(bus.sccr, "kA")
        if blk is None:
            if v_ll > 1000:
                out.append(_v(bus.id, "switchgear", "reuse", "MV lineup kept" + (
                    " as the A side; a second lineup is added for the B path" if b.power_policy != "N"
                    and len([x for x in design.electrical.buses if x.kind == "switchgear" and magnitude(x.voltage, "V") > 1000]) < 2
                    else ""), **figures))
            else:
                out.append(_v(bus.id, bus.kind, "reuse", "kept as it is", **figures))
            continue
        if blk.id in in_it:
            limit = blk.capacity.limited_by
            if limit == "main breaker" and blk.main_breaker is not None and not blk.main_breaker.rated_100_percent:
                out.append(_v(bus.id, "switchboard", "derate",
                              f"feeds racks; its main breaker {blk.main_breaker.id} is not listed for 100 % continuous duty, "
                              f"so the block carries {blk.capacity.contingency_va / 1e3:,.0f} kVA "
                              f"({int(blk.capacity.contingency_va // s_rack)} racks) instead of the transformer's "
                              f"{blk.capacity.transformer_va / 1e3:,.0f} kVA at its contingency rating "
                              f"({int(blk.capacity.transformer_va // s_rack)} racks); a 100 %-rated breaker lifts it",
                              usable_kva=blk.capacity.contingency_va / 1e3, **figures))
            else:
                out.append(_v(bus.id, "switchboard", "reuse", f"feeds racks at {blk.capacity.contingency_va / 1e3:,.0f} kVA "
                              f"(limited by the {limit})", usable_kva=blk.capacity.contingency_va / 1e3, **figures))
        elif blk.mechanical_ok:
            out.append(_v(bus.id, "switchboard", "reuse", f"{v_ll:.0f} V {bus.system}: feeds the cooling plant's "
                          "three-phase motors (CDU pumps, cooler fans, CRAHs, facility pumps)", **figures))
        else:
            out.append(_v(bus.id, "switchboard", "remove", "its transformer feeds nothing the proposal needs", **figures))
    for t in design.electrical.transformers:
        blk = blocks.get(t.id)
        figures = {"rating_kva": magnitude(t.rating, "kVA"), "v_secondary_v": magnitude(t.v_secondary, "V"),
                   "secondary": t.secondary_config, "z_percent": magnitude(t.z_percent, "percent")}
        if blk is None:
            out.append(_v(t.id, "transformer", "reuse", "MV transformer kept", **figures))
            continue
        figures["v_ln_v"] = blk.v_ll / math.sqrt(3.0)
        figures["ik3_lv_ka"] = blk.ik_a / 1e3
        if blk.id in in_it:
            out.append(_v(t.id, "transformer", "reuse", f"{blk.compute_reason}; carries "
                          f"{blk.capacity.transformer_va / 1e3:,.0f} kVA after the loss of its {b.power_policy} partner "
                          f"(contingency limit {transformer_limits_at_site(b, t).basis})",
                          **figures))
        elif blk.mechanical_ok:
            out.append(_v(t.id, "transformer", "reuse", f"cannot feed the racks ({blk.compute_reason}); reused for the "
                          "cooling plant's three-phase motors, which need no neutral", **figures))
        else:
            out.append(_v(t.id, "transformer", "remove", f"cannot feed the racks ({blk.compute_reason}) nor motors at "
                          f"{blk.v_ll:.0f} V", **figures))
    for c in design.electrical.cables:
        figures = {"size": c.size, "sets": c.sets, "length_m": magnitude(c.length, "m")}
        if c.id in moved:
            new_from = next(x.from_bus for x in proposal.design.electrical.cables if x.id == c.id)
            out.append(_v(c.id, "cable", "reuse", f"re-terminated from {c.from_bus} to {new_from} (its transformer is on "
                          "that power path)", **figures))
        elif proposed is not None and c.id not in proposed:
            out.append(_v(c.id, "cable", "remove", "feeds an element the proposal takes out", **figures))
        else:
            out.append(_v(c.id, "cable", "reuse", "kept", **figures))
    for br in design.electrical.breakers:
        figures = {"rating_a": magnitude(br.rating, "A"), "interrupting_ka": magnitude(br.interrupting, "kA"),
                   "rated_100_percent": br.rated_100_percent}
        if proposed is not None and br.id not in proposed:
            out.append(_v(br.id, "breaker", "remove", f"its feeder {br.protects} moved to another lineup or was taken out: "
                          "a spare cubicle", **figures))
            continue
        blk = next((x for x in ctx.blocks if x.main_breaker is not None and x.main_breaker.id == br.id), None)
        if blk is not None and blk.id in in_it and not br.rated_100_percent and blk.capacity.limited_by == "main breaker":
            out.append(_v(br.id, "breaker", "derate", f"standard (80 %) rated: {0.8 * magnitude(br.rating, 'A'):,.0f} A "
                          "continuous (NEC 215.3)", continuous_a=0.8 * magnitude(br.rating, "A"), **figures))
        else:
            out.append(_v(br.id, "breaker", "reuse", "kept; its duty is checked by the analysis of the proposal", **figures))
    for kind in ("busways", "pdus"):
        for x in getattr(design.electrical, kind):
            out.append(_v(x.id, kind.rstrip("s"), "remove", "the new rows get new busway runs of the catalog model "
                          "the selection chooses; the old runs follow the old rows", rating_a=magnitude(x.rating, "A")))
    for kind in ("ups", "generators"):
        for x in getattr(design.electrical, kind):
            out.append(_v(x.id, kind.rstrip("s"), "reuse", "kept where it is"))
    for g in design.loads.miners:
        power = magnitude(g.p_rated, "kW") * g.count
        out.append(_v(g.id, "miners", "remove", f"{g.count:,} miners make room and power for the racks", count=g.count,
                      power_kw=power, hashrate_ths=(g.hashrate_ths or 0.0) * g.count))
    for g in design.loads.racks:
        out.append(_v(g.id, "racks", "replace", "the plan lays the hall out afresh with the goal's racks",
                      count=g.count))
    for o in design.loads.other:
        out.append(_v(o.id, "load", "reuse", "kept on its bus", power_kw=magnitude(o.p, "kW")))
    fans = design.cooling.exhaust_fans
    if fans:
        total = sum(magnitude(f.airflow, "m**3/s") * f.count for f in fans)
        n_racks, why = exhaust_air_racks(total, b)
        for f in fans:
            flow = magnitude(f.airflow, "m**3/s") * f.count
            n, _ = exhaust_air_racks(flow, b)
            carries = n * air_heat_per_rack_w(b)
            if n_racks == 0:
                out.append(_v(f.id, "exhaust_fan", "remove", f"{f.count} fans move {flow:,.1f} m³/s, but {why}; CRAHs on "
                              "the facility loop take the residual air", airflow_m3_s=flow,
                              t_outdoor_design_c=b.ambient.t_dry_bulb_k - C0,
                              t_inlet_max_c=magnitude(b.criteria.air_inlet_max, "degC")))
            else:
                out.append(_v(f.id, "exhaust_fan", "reuse", f"{f.count} fans move {flow:,.1f} m³/s: the residual air of "
                              f"{n} racks ({carries / 1e3:,.0f} kW at a 15 K rise)", airflow_m3_s=flow, racks=n))
    for kind in ("loops", "cdus", "pumps", "heat_rejection", "crahs", "rear_doors"):
        for x in getattr(design.cooling, kind):
            out.append(_v(x.id, kind.rstrip("s"), "replace", "the plan sizes the whole cooling plant for the goal's "
                          "racks from the catalog (existing liquid cooling is not carried over)"))
    for h in design.halls:
        out.append(_v(h.id, "hall", "reuse", f"{h.shelving_rows} miner shelving rows cleared for rack rows",
                      floor_positions=ctx.positions.get(h.id), slab_rating_kpa=magnitude(h.slab_rating, "kPa")))
    return out


__all__ = ["VERDICTS", "reuse"]
