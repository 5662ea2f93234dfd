"""The cross-domain single-failure study: every outage followed from the power path into the cooling.

:func:`cross_domain_study` enumerates the outages (:mod:`retrofit.resilience.outages`), re-solves the
cooling of the loops each one touches (:mod:`retrofit.resilience.resolve`, identical surviving sets
solved once), and gives each outage a verdict with the limits it breaks and a plain sentence. It also
measures how exposed each redundant mechanical group is to a single electrical outage.
"""
from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from ..model import Design
from ..units import magnitude
from .outages import FAULT, MAINTENANCE, Outage, electrical_outages, mechanical_outages
from .records import CrossDomainResult, GroupExposure, LoopState, ResilienceStudy
from .resolve import CoolingBase, loop_states, prepare_base

_UNIT_WORDS = {"cdu": ("CDU", "CDUs"), "pump": ("pump", "pumps"), "heat_rejection": ("heat-rejection unit", "heat-rejection units"),
               "crah": ("CRAH", "CRAHs")}


def _kind_of(design: Design) -> dict[str, str]:
    c = design.cooling
    out = {x.id: "cdu" for x in c.cdus}
    out.update({x.id: "pump" for x in c.pumps})
    out.update({x.id: "heat_rejection" for x in c.heat_rejection})
    out.update({x.id: "crah" for x in c.crahs})
    return out


def _installed(design: Design) -> dict[str, int]:
    c = design.cooling
    out = {x.id: 1 for x in c.cdus}
    out.update({x.id: x.count for x in list(c.pumps) + list(c.heat_rejection) + list(c.crahs)})
    return out


def _lost_text(outage: Outage, kinds: dict[str, str], installed: dict[str, int]) -> str:
    by_kind: dict[str, list] = defaultdict(list)
    for cid, n in outage.cooling_lost:
        by_kind[kinds.get(cid, "cooling")].append((cid, n))
    parts = []
    for kind in ("pump", "cdu", "heat_rejection", "crah"):
        items = by_kind.get(kind)
        if not items:
            continue
        one, many = _UNIT_WORDS[kind]
        total = sum(n for _, n in items)
        if kind == "cdu":
            parts.append(f"{total} {one if total == 1 else many} ({', '.join(cid for cid, _ in items)})")
        else:
            parts.append(f"{total} {one if total == 1 else many} of "
                         + ", ".join(f"{cid} ({n} of {installed.get(cid, n)})" for cid, n in items))
    return "; ".join(parts)


def _summary(outage: Outage, loops: tuple[LoopState, ...], kinds, installed) -> str:
    what = f"{outage.kind.replace('_', ' ')} {outage.element}"
    lost = _lost_text(outage, kinds, installed)
    if outage.loops_isolated:
        lost = "isolates " + ", ".join(outage.loops_isolated)
    elif lost:
        lost = ("de-energises " if outage.domain == "electrical" else "takes out ") + lost
    else:
        lost = "takes out no cooling equipment"
    breaches = [b.text for s in loops for b in s.breaches]
    if outage.racks_lost:
        breaches.insert(0, f"{len(outage.racks_lost)} rack(s) lose every power feed")
    if breaches:
        return f"{what} out: {lost}; " + "; ".join(breaches[:3]) + (" ..." if len(breaches) > 3 else "")
    held = [s for s in loops if s.t_rack_supply_max_c is not None]
    if not held:
        return f"{what} out: {lost}; every rack keeps power and cooling"
    s = min(held, key=lambda x: (-round(x.t_rack_supply_max_c, 6), x.loop))  # ties by loop id
    text = (f"{what} out: {lost}; racks still get coolant at {s.t_rack_supply_max_c:.1f} °C"
            + (f" (limit {s.t_rack_supply_limit_c:.1f} °C)" if s.t_rack_supply_limit_c is not None else ""))
    if s.margin_design_kw is not None:
        text += f", heat-rejection margin at the design ambient {s.margin_design_kw:,.0f} kW"
    return text


def _result(base: CoolingBase, outage: Outage, kinds, installed) -> CrossDomainResult:
    loops = loop_states(base, outage.cooling_key)
    return CrossDomainResult(outage.element, outage.kind, outage.domain, outage.mode, outage.buses_lost,
                             outage.racks_lost, outage.cooling_lost, outage.loops_isolated, loops,
                             _summary(outage, loops, kinds, installed))


def _groups(design: Design, base: CoolingBase, electrical: list[Outage],
            pump_loss_holds: set[str]) -> tuple[GroupExposure, ...]:
    """Each redundant mechanical group: its spare units, and the electrical outage below the utility service
    that takes most of it. ``pump_loss_holds``: facility loops whose cooling holds, by the re-solve, with
    any one running pump out (one running pump is then spare even without a standby)."""
    c = design.cooling
    members: dict[str, dict[str, int]] = {}
    spare: dict[str, int] = {}
    for lid, cdus in base.case.tcs_cdus.items():
        heat = base.case.loop_heat_w.get(lid, 0.0)
        cap = min(x.capacity_w for x in cdus)
        members[f"tcs:{lid}"] = {x.id: 1 for x in cdus}
        spare[f"tcs:{lid}"] = len(cdus) - max(1, math.ceil(heat / cap - 1e-9)) if heat > 0 else len(cdus) - 1
    pumps_of: dict[str, list] = defaultdict(list)
    for p in c.pumps:
        pumps_of[p.loop].append(p)
    units_of: dict[str, list] = defaultdict(list)
    for u in c.heat_rejection:
        units_of[u.loop].append(u)
    for f in base.facility_loops:
        pumps = pumps_of.get(f, [])
        if pumps:
            members[f"pumps:{f}"] = {p.id: p.count for p in pumps}
            spare[f"pumps:{f}"] = max(sum(p.count - p.running for p in pumps), int(f in pump_loss_holds))
        units = units_of.get(f, [])
        s = base.intact.get(f)
        if units and s is not None and s.capacity_design_kw and s.heat_load_kw is not None:
            n = sum(u.count for u in units)
            members[f"heat_rejection:{f}"] = {u.id: u.count for u in units}
            spare[f"heat_rejection:{f}"] = n - math.ceil(s.heat_load_kw / (s.capacity_design_kw / n) - 1e-9)
    hall_of = {g.id: g.hall for g in design.loads.racks}
    crahs_of: dict[str, list] = {}
    for x in c.crahs:
        crahs_of.setdefault(x.hall, [])
        if x.capacity is not None:
            crahs_of[x.hall].append(x)
    air_heat: dict[str, list[float]] = defaultdict(list)  # each hall's rack air heat, in the order summed before
    for racks in base.case.duties.values():
        for r in racks:
            air_heat[hall_of.get(r.group)].append(r.air_heat_w)
    for hall in sorted(crahs_of):
        crahs = crahs_of[hall]
        if not crahs:
            continue
        heat = sum(air_heat.get(hall, ()))
        per_unit = min(magnitude(x.capacity, "W") for x in crahs)
        n = sum(x.count for x in crahs)
        members[f"crah:{hall}"] = {x.id: x.count for x in crahs}
        spare[f"crah:{hall}"] = n - math.ceil(heat / per_unit - 1e-9)
    service = {design.utility.id, design.utility.bus}  # the utility's reliability, as in the redundancy analysis
    groups_of: dict[str, list[str]] = defaultdict(list)  # unit id -> the groups it belongs to
    for group, mem in members.items():
        for cid in mem:
            groups_of[cid].append(group)
    worst: dict[str, tuple[str, int]] = {}
    for o in electrical:  # sorted by id: the first of equal outages is kept
        if o.element in service:
            continue
        taken: dict[str, int] = {}
        for cid, k in o.cooling_lost:
            for group in groups_of.get(cid, ()):
                taken[group] = taken.get(group, 0) + min(k, members[group][cid])
        for group, n in taken.items():
            if n > worst.get(group, ("", 0))[1]:
                worst[group] = (o.element, n)
    out = []
    for group in sorted(members):
        mem = members[group]
        element, n = worst.get(group, ("", 0))
        out.append(GroupExposure(group, sum(mem.values()), spare[group], element, n))
    return tuple(out)


def _pump_loss_holds(design: Design, faults: list[CrossDomainResult]) -> set[str]:
    """Facility loops where the single outage of every pump element was re-solved and holds."""
    by_pump = {r.element: r.ok for r in faults if r.kind == "pump"}
    loops: dict[str, list[bool]] = {}
    for p in design.cooling.pumps:
        loops.setdefault(p.loop, []).append(by_pump.get(p.id, False))
    return {f for f, oks in loops.items() if oks and all(oks)}


def cross_domain_study(design: Design, graph: nx.DiGraph | None = None, *,
                       base: CoolingBase | None = None) -> ResilienceStudy:
    """Every single outage of ``design`` followed into every domain, with a verdict.

    Parameters
    ----------
    design : Design
        The design.
    graph : networkx.DiGraph, optional
        Its power graph, when already built.
    base : CoolingBase, optional
        The intact cooling prepared by :func:`~retrofit.resilience.resolve.prepare_base`.

    Returns
    -------
    ResilienceStudy
        Faults worst first (failing, then near a limit, then passing; then racks affected; ties by
        element id), the maintenance-only outages, the exposure of each mechanical group and the count
        of distinct cooling re-solves.
    """
    base = base if base is not None else prepare_base(design)
    kinds, installed = _kind_of(design), _installed(design)
    electrical = electrical_outages(design, graph, FAULT)
    faults = [_result(base, o, kinds, installed) for o in electrical + mechanical_outages(design, FAULT)]
    maint = [_result(base, o, kinds, installed) for o in mechanical_outages(design, MAINTENANCE)
             if o.kind == "loop_main"]
    goal = design.goal
    crit = goal.criteria if goal else None
    promise = {"power_redundancy": goal.power_redundancy if goal else "N",
               "cooling_redundancy": goal.cooling_redundancy if goal else "N",
               "single_failure_across_domains": bool(crit.single_failure_across_domains) if crit else False,
               "mechanical_groups_independent": bool(crit.mechanical_groups_independent) if crit else False,
               "concurrent_maintainability": bool(crit.concurrent_maintainability) if crit else False}
    notes = ("the cooling after each outage is the steady state at the design ambient "
             f"({base.case.governing.basis}); ride-through on thermal mass is not credited",
             "racks that lose power are kept at their heat in the cooling re-solve",
             "maintenance of an element has the consequences of its fault (the model has no cross-ties or "
             "transfer switches in the power path other than dual-input CDUs); loop mains are maintenance-only cases")
    return ResilienceStudy(base.case.governing.basis, promise, tuple(base.intact[f] for f in base.facility_loops),
                           tuple(sorted(faults, key=lambda r: r.severity)),
                           tuple(sorted(maint, key=lambda r: r.severity)),
                           _groups(design, base, electrical, _pump_loss_holds(design, faults)),
                           len(faults) + len(maint), base.solves, notes)


def electrical_fault_results(design: Design, graph: nx.DiGraph | None = None) -> dict[str, dict]:
    """The cross-domain result of every electrical fault of ``design``, as JSON by element id: what the N-1
    study links to its outages (:func:`retrofit.electrical.contingency.link_cross_domain`).

    Each result is the one :func:`cross_domain_study` gives (the same re-solves and records), without the
    mechanical and maintenance outages and the group exposure that the full study adds.

    Parameters
    ----------
    design : Design
        The design.
    graph : networkx.DiGraph, optional
        Its power graph, when already built.

    Returns
    -------
    dict
        Element id -> :meth:`~retrofit.resilience.records.CrossDomainResult.to_json`, worst first.
    """
    base = prepare_base(design)
    kinds, installed = _kind_of(design), _installed(design)
    faults = [_result(base, o, kinds, installed) for o in electrical_outages(design, graph, FAULT)]
    return {r.element: r.to_json() for r in sorted(faults, key=lambda r: r.severity)}


__all__ = ["cross_domain_study", "electrical_fault_results"]
