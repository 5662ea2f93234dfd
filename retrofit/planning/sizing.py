"""``size``: the most target racks each constraint of an existing site allows, and which one binds.

Each constraint is evaluated in closed form (the formula is in :mod:`retrofit.planning.capacity` and
in the ``detail`` of each entry) at the goal's redundancy policy and without redundancy. Constraints of
existing equipment (transformers, switchgear, distribution, CDUs, heat rejection, air) can be lifted
by upgrades; those of the site (utility service, floor area, slab) cannot: the count at the policy is
the least of the site constraints, in whole scalable units, and is what the plan aims at.
"""
from __future__ import annotations

import math

from ..catalog import Catalog
from ..model import CDU, Design
from ..units import magnitude
from .basis import C0, PlanBasis, transformer_limits_at_site
from .capacity import (
    LOSS_ALLOWANCE,
    BlockCapacity,
    air_heat_per_rack_w,
    cdu_racks,
    exhaust_air_racks,
    hr_capacity_at_design,
    rack_load,
    racks_per_group,
    s_per_rack_va,
    voltage_factor,
    water_heat_per_rack_w,
)
from .context import SiteContext, site_context
from .inventory import lineup_capacity_va, mv_lineups
from .options import price_of
from .selection import MECH_POWER_FACTOR

SITE_CONSTRAINTS = ("utility_service", "floor_area", "slab_load")



def _entry(max_racks, no_redundancy, limit: str, detail: str, scope: str, elements=()) -> dict:
    return {"max_racks": max_racks, "max_racks_no_redundancy": no_redundancy, "limit": limit, "detail": detail,
            "scope": scope, "elements": sorted(elements)}


def cooling_power_per_rack_w(ctx: SiteContext) -> tuple[float, str]:
    """Electric power of the cooling plant per compute rack with the catalog's reference equipment [W].

    Parameters
    ----------
    ctx : SiteContext
        Planning context with its catalog options.

    Returns
    -------
    power_w : float
        Cooling electric power per compute rack [W].
    reference : str
        The catalog models taken.

    Notes
    -----
    The reference is the option of least price per unit of duty in each category (CDU, heat rejection,
    CRAH, facility pump) with the policy's spares, at rated power: an estimate for the utility limit;
    the proposal's analysis gives the actual figure.
    """
    b = ctx.basis
    o = ctx.options
    spares = b.cooling_spares
    parts = []
    w = 0.0
    if o.cdus:
        cdu = min(o.cdus, key=lambda x: (price_of(x.entry).usd or math.inf) / x.racks)
        k = min(3, max(1, 36 // cdu.racks))
        w += cdu.electric_w * (k + spares) / (k * cdu.racks)
        parts.append(f"{cdu.id}")
    q = water_heat_per_rack_w(b)
    if o.heat_rejection:
        hr = min(o.heat_rejection, key=lambda x: (price_of(x.entry).usd or math.inf) / x.capacity_w)
        w += hr.electric_w * q / hr.capacity_w * 1.05
        parts.append(hr.id)
    if o.crahs:
        crah = min(o.crahs, key=lambda x: x.electric_w / x.capacity_w)
        w += crah.electric_w * air_heat_per_rack_w(b) / crah.capacity_w * 1.1
        parts.append(crah.id)
    if o.pumps:
        pump = min(o.pumps, key=lambda x: x.electric_w / x.flow_m3_s)
        from .capacity import facility_cp, facility_density
        flow = q / (facility_density(b) * facility_cp(b) * b.facility_range_k)
        w += pump.electric_w * flow / pump.flow_m3_s
        parts.append(pump.id)
    return w, ", ".join(parts)


def _whole(n: int, basis: PlanBasis) -> int:
    return (n // basis.racks_per_su) * basis.racks_per_su if n >= basis.racks_per_su else max(n, 0)


def size(design: Design, *, catalog: Catalog | None = None, context: SiteContext | None = None) -> dict:
    """The most target racks each constraint of ``design`` allows, at the goal's policies.

    Parameters
    ----------
    design : Design
        The existing site with its goal.
    catalog : Catalog, optional
        Catalog.
    context : SiteContext, optional
        A context already worked out for this design.

    Returns
    -------
    dict
        ``{"rack_model", "policy", "rack", "constraints": {name: {"max_racks", "max_racks_no_redundancy",
        "limit", "detail", "scope", "elements"}}, "binding", "binding_all", "count_as_is", "binding_site",
        "count_at_policy", "network_racks_at_policy", "notes"}``. ``max_racks`` is None where a
        constraint sets no limit. ``binding`` is the least of all (the site as it stands; ``binding_all``
        every constraint at that least count);
        ``binding_site`` the least of the site constraints (utility service, floor area, slab), whose
        count, in whole scalable units, is ``count_at_policy``.
    """
    ctx = context or site_context(design, catalog=catalog)
    b = ctx.basis
    c = b.compute
    s_rack = s_per_rack_va(b)
    out: dict = {}
    notes = []
    # utility
    u = design.utility
    s_util = magnitude(u.capacity, "VA")
    s_other = ctx.limits.other_va
    cool_w, ref = cooling_power_per_rack_w(ctx)
    p_rack = c.p_electrical_w + (b.network.p_electrical_w * b.network_per_su / b.racks_per_su if b.network else 0.0)
    per = s_rack + LOSS_ALLOWANCE * p_rack + cool_w / MECH_POWER_FACTOR
    n_util = int((s_util - s_other) // per)
    out["utility_service"] = _entry(
        n_util, n_util, f"{s_util / 1e6:.2f} MVA service",
        f"N = (S_service − S_other) / (S_rack + loss + cooling) = ({s_util / 1e3:,.0f} − {s_other / 1e3:,.0f}) kVA / "
        f"({s_rack / 1e3:.1f} + {LOSS_ALLOWANCE * p_rack / 1e3:.1f} + {cool_w / MECH_POWER_FACTOR / 1e3:.1f}) kVA per rack "
        f"(network share, {LOSS_ALLOWANCE:.1%} losses and reference cooling {ref} included)", "site", [u.id])
    # MV switchgear
    lineups = mv_lineups(design)
    if lineups:
        caps = [lineup_capacity_va(x) for x in lineups]
        per_group = {"N": 1, "2N": 2}.get(b.power_policy, 3)
        by_hall: dict = {}
        for x, cap in zip(lineups, caps):
            by_hall.setdefault(x.hall, []).append(cap)
        # redundant paths: each lineup of a hall carries the hall's whole load (the added ones match the first)
        at_policy = sum(min(v) for v in by_hall.values()) if b.power_policy != "N" else sum(caps)
        n_pol = int(at_policy // (per - LOSS_ALLOWANCE * p_rack)) if math.isfinite(at_policy) else None
        n_all = int(sum(caps) // (per - LOSS_ALLOWANCE * p_rack)) if all(math.isfinite(x) for x in caps) else None
        detail = (f"each lineup carries its hall's whole load after the loss of another ({b.power_policy}): "
                  if b.power_policy != "N" else "lineups share the load: ")
        detail += ", ".join(f"{x.id} {cap / 1e6:.1f} MVA" if math.isfinite(cap) else f"{x.id} not rated (no bus rating)"
                            for x, cap in zip(lineups, caps))
        if len(lineups) < per_group:
            detail += f"; {b.power_policy} needs {per_group} lineups, the site has {len(lineups)}"
        out["mv_switchgear"] = _entry(n_pol, n_all, f"{len(lineups)} lineup(s)", detail, "equipment",
                                      [x.id for x in lineups])
    # transformer groups and LV switchgear
    groups: dict[str, list] = {}
    for blk in ctx.blocks:
        label = f"{blk.v_ll:.0f} V {'wye' if blk.has_neutral else 'delta/3-wire'}"
        groups.setdefault(label, []).append(blk)
    lv_pol, lv_none, lv_elements, lv_detail, unrated = 0, 0, [], [], []
    for label, blks in groups.items():
        ok = [x for x in blks if x.compute_ok and x.network_ok]
        names = [x.id for x in blks]
        if not ok:
            reason = blks[0].compute_reason if not blks[0].compute_ok else "the network racks' input range is not met"
            out[f"transformers {label}"] = _entry(0, 0, f"{len(blks)} x {magnitude(blks[0].transformer.rating, 'kVA'):,.0f} kVA",
                                                  f"unsuitable: {reason}", "equipment", names)
            continue
        pol, none, details = _group_racks(ok, b, s_rack, "transformer")
        out[f"transformers {label}"] = _entry(pol, none, f"{len(ok)} x {magnitude(ok[0].transformer.rating, 'kVA'):,.0f} kVA",
                                              "; ".join(details), "equipment", names)
        rated = [x for x in ok if math.isfinite(min(x.capacity.bus_va, x.capacity.breaker_va))]
        unrated += [x.transformer.lv_bus for x in ok if x not in rated]
        pol2, none2, det2 = _group_racks(rated, b, s_rack, "switchgear")
        lv_pol += pol2
        lv_none += none2
        lv_elements += [x.transformer.lv_bus for x in ok]
        lv_detail += det2
    if unrated:
        # a switchboard with neither a bus rating nor a main breaker bounds nothing that can be counted
        lv_pol = lv_none = None
        lv_detail.insert(0, f"not counted: {', '.join(sorted(unrated))} {'has' if len(unrated) == 1 else 'have'} "
                         "neither a bus rating nor a main breaker (give bus_rating)")
    out["lv_switchgear"] = _entry(lv_pol, lv_none, "switchboard bus and main breaker of the suitable blocks",
                                  "; ".join(lv_detail) or "no switchboard on a secondary that suits the racks",
                                  "equipment", lv_elements)
    out["rack_distribution"] = _distribution(design, ctx, s_rack)
    out["cdu_capacity"] = _cdus(design, b)
    out["heat_rejection"] = _heat_rejection(design, b)
    out["residual_air"] = _air(design, b)
    # floor and slab
    pos = sum(ctx.positions.values())
    n_floor = int(pos * b.racks_per_su // (b.racks_per_su + b.network_per_su))
    out["floor_area"] = _entry(
        n_floor, n_floor, f"{pos:,} rack positions",
        "the layout rule: rows with hot and cold aisles, CDUs at row ends, existing "
        f"switchboards with NEC 110.26 working space; {b.network_per_su} network rack per {b.racks_per_su} compute racks "
        "share the positions", "site", [h.id for h in design.halls])
    out["slab_load"] = _slab(design, b)
    limited = {k: v["max_racks"] for k, v in out.items() if v["max_racks"] is not None}
    binding = min(limited, key=limited.get) if limited else None
    binding_all = [k for k, v in limited.items() if binding is not None and v == limited[binding]]
    site = {k: limited[k] for k in SITE_CONSTRAINTS if k in limited}
    binding_site = min(site, key=site.get) if site else None
    at_policy = _whole(site[binding_site], b) if site else 0
    if design.goal and design.goal.count != "max":
        if int(design.goal.count) > at_policy:
            notes.append(f"the goal's {design.goal.count} racks exceed what the site allows ({at_policy})")
        at_policy = min(at_policy, int(design.goal.count))
    return {
        "rack_model": c.model,
        "policy": {"power": b.power_policy, "cooling": b.cooling_policy},
        "rack": {"p_design_kw": round(c.p_design_w / 1e3, 3), "p_electrical_kw": round(c.p_electrical_w / 1e3, 3),
                 "s_electrical_kva": round(c.s_electrical_va / 1e3, 3), "s_with_network_share_kva": round(s_rack / 1e3, 3),
                 "liquid_kw": round(c.liquid_w / 1e3, 3), "air_kw": round(c.air_w / 1e3, 3),
                 "flow_lpm": round(c.flow_m3_s * 6e4, 2), "t_fws_c": round(b.t_fws_k - C0, 2),
                 "facility_coolant": b.facility_coolant},
        "constraints": out, "binding": binding, "binding_all": binding_all,
        "count_as_is": limited[binding] if binding else None,
        "binding_site": binding_site, "count_at_policy": at_policy,
        "network_racks_at_policy": b.network_racks(at_policy), "notes": notes,
    }


def _group_racks(blocks, b: PlanBasis, s_rack: float, part: str):
    """Racks of existing blocks grouped at the policy, counting only the transformer or only the switchgear."""
    caps = []
    for x in blocks:
        cap = x.capacity
        t = x.transformer
        rating = magnitude(t.rating, "VA")
        z, xr = magnitude(t.z_percent, "percent"), t.xr_ratio
        if part == "transformer":
            limits = transformer_limits_at_site(b, t)
            normal = rating * limits.normal * voltage_factor(limits.normal, z, xr)
            cont = cap.transformer_va * voltage_factor(limits.contingency, z, xr)
            bc = BlockCapacity(normal - x.kept_load_va, cont - x.kept_load_va, "transformer", cap.transformer_va,
                               math.inf, math.inf)
        else:
            lim = min(cap.bus_va, cap.breaker_va)
            lim *= voltage_factor(lim / rating, z, xr)
            bc = BlockCapacity(lim - x.kept_load_va, lim - x.kept_load_va,
                               "switchboard bus" if cap.bus_va <= cap.breaker_va else "main breaker", math.inf,
                               cap.bus_va, cap.breaker_va)
        caps.append((x, bc))
    caps.sort(key=lambda t: (-t[0].capacity.contingency_va, t[0].id))  # as selection.existing_groups
    size = {"N": 1, "2N": 2}.get(b.power_policy, 3)
    pol = 0
    details = []
    for i in range(0, len(caps) - size + 1, size):
        group = caps[i:i + size]
        weakest = min(group, key=lambda t: t[1].contingency_va)[1]
        racks, _ = racks_per_group(weakest, rack_load(b), b.power_policy)
        pol += racks
        details.append(f"{'+'.join(t[0].id for t in group)}: {racks} racks "
                       f"({weakest.contingency_va / 1e3:,.0f} kVA by {weakest.limited_by})")
    if len(caps) % size:
        details.append(f"{', '.join(t[0].id for t in caps[len(caps) - len(caps) % size:])} without a partner")
    none = sum(int(t[1].normal_va // s_rack) for t in caps)
    return pol, none, details


def _distribution(design: Design, ctx: SiteContext, s_rack: float) -> dict:
    b = ctx.basis
    suitable = {x.transformer.lv_bus for x in ctx.blocks if x.compute_ok and x.network_ok}
    k = magnitude(b.criteria.max_busway_loading, "dimensionless")
    items = []
    for bw in design.electrical.busways:
        if bw.from_bus in suitable:
            v = next(x.v_ll for x in ctx.blocks if x.transformer.lv_bus == bw.from_bus)
            items.append((bw.id, int(k * magnitude(bw.rating, "A") // b.compute.current_a(v))))
    for pdu in design.electrical.pdus:
        if pdu.from_bus in suitable:
            v = next(x.v_ll for x in ctx.blocks if x.transformer.lv_bus == pdu.from_bus)
            items.append((pdu.id, int(k * magnitude(pdu.rating, "A") // b.compute.current_a(v))))
    if not items:
        return _entry(0, 0, "none installed", "no busway or PDU on a bus that suits the racks: new rack busway "
                      "comes from the catalog", "equipment")
    total = sum(n for _, n in items)
    paths = 1 if b.power_policy == "N" else 2
    return _entry(total // paths, total, f"{len(items)} busways/PDUs",
                  f"floor({k:.0%} x rating / I_rack) each, {paths} path(s) per rack", "equipment", [i for i, _ in items])


def _cdus(design: Design, b: PlanBasis) -> dict:
    loops: dict[str, list[CDU]] = {}
    for cdu in design.cooling.cdus:
        loops.setdefault(cdu.tcs_loop, []).append(cdu)
    if not loops:
        return _entry(0, 0, "none installed", "no CDU on the site: liquid cooling comes from the catalog", "equipment")
    pol = none = 0
    details = []
    for lid, cdus in loops.items():
        per = [cdu_racks(magnitude(x.capacity, "W"), magnitude(x.approach, "K"), magnitude(x.flow_tcs_rated, "m**3/s"), b)[0] for x in cdus]
        per.sort()
        pol += sum(per[:len(per) - b.cooling_spares]) if len(per) > b.cooling_spares else 0
        none += sum(per)
        details.append(f"{lid}: {len(cdus)} CDUs, {per} racks each")
    return _entry(pol, none, f"{len(design.cooling.cdus)} CDUs", "; ".join(details), "equipment",
                  [x.id for x in design.cooling.cdus])


def _heat_rejection(design: Design, b: PlanBasis) -> dict:
    units = design.cooling.heat_rejection
    if not units:
        return _entry(0, 0, "none installed", "no heat rejection on a liquid loop: units come from the catalog",
                      "equipment")
    q_rack = water_heat_per_rack_w(b)
    pol = none = 0
    details = []
    for u in units:
        cap_all = hr_capacity_at_design(u, b, u.count)
        cap_pol = hr_capacity_at_design(u, b, max(u.count - b.cooling_spares, 0)) if u.count > b.cooling_spares else 0.0
        pol += int(cap_pol // q_rack)
        none += int(cap_all // q_rack)
        details.append(f"{u.id}: {u.count} x {u.capacity:~P} give {cap_all / 1e3:,.0f} kW at "
                       f"{b.ambient.t_dry_bulb_k - C0:.1f} °C and {b.t_fws_k - C0:.0f} °C supply")
    return _entry(pol, none, f"{sum(u.count for u in units)} units", "; ".join(details), "equipment",
                  [u.id for u in units])


def _air(design: Design, b: PlanBasis) -> dict:
    per = air_heat_per_rack_w(b)
    room = [x for x in design.cooling.crahs + design.cooling.rear_doors if x.capacity is not None]
    cap = sum(magnitude(x.capacity, "W") * x.count for x in room)
    biggest = max((magnitude(x.capacity, "W") for x in room), default=0.0)
    fans = sum(magnitude(f.airflow, "m**3/s") * f.count for f in design.cooling.exhaust_fans)
    n_fans, why = exhaust_air_racks(fans, b) if fans > 0 else (0, "no exhaust fans")
    pol = int(max(cap - biggest * b.cooling_spares, 0.0) // per) + n_fans
    none = int(cap // per) + n_fans
    detail = (f"{per / 1e3:.1f} kW of residual air per rack (network share included); CRAHs and rear doors "
              f"{cap / 1e3:,.0f} kW; exhaust fans: {why}")
    return _entry(pol, none, f"{cap / 1e3:,.0f} kW in-room, {fans:,.0f} m³/s exhaust", detail, "equipment",
                  [x.id for x in room] + [f.id for f in design.cooling.exhaust_fans])


def _slab(design: Design, b: PlanBasis) -> dict:
    """The slab against the rack: the spread load bounds the count; the footprint and the feet need load
    spreaders and the punching-shear check of LAY-SLAB-002 (:mod:`retrofit.layout.slab`), which bound no count."""
    from ..layout.slab import point_load_n, punching_check, tributary_area, uniform_load_pa

    c = b.compute
    crit = b.criteria
    trib = tributary_area(c.width_m, c.depth_m, magnitude(crit.cold_aisle, "m"), magnitude(crit.hot_aisle, "m"))
    q = uniform_load_pa(c.mass_kg, trib)
    q_foot = uniform_load_pa(c.mass_kg, c.width_m * c.depth_m)
    worst = min((magnitude(h.slab_rating, "Pa") for h in design.halls), default=math.inf)
    halls = [h.id for h in design.halls]
    detail = (f"rack {c.mass_kg:,.0f} kg over {trib:.2f} m² (its footprint and half of each aisle) = {q / 1e3:.2f} kPa "
              f"against the {worst / 1e3:.1f} kPa slab rating")
    if q > worst:
        return _entry(0, 0, f"{worst / 1e3:.1f} kPa slab", detail + ": the slab needs strengthening or spreader plates",
                      "site", halls)
    detail += ": the spread load limits no count"
    if q_foot <= worst:
        return _entry(None, None, f"{worst / 1e3:.1f} kPa slab", detail + f"; footprint {q_foot / 1e3:.1f} kPa within it",
                      "site", halls)
    foot = point_load_n(c.mass_kg)
    checks = [(h.id, punching_check(foot, magnitude(h.slab_thickness, "m"), magnitude(h.concrete_strength, "Pa")))
              for h in design.halls if h.slab_thickness is not None and h.concrete_strength is not None]
    detail += (f"; footprint {q_foot / 1e3:.1f} kPa above the {worst / 1e3:.1f} kPa rating: load spreaders under each "
               f"rack are priced, and punching shear under its feet ({foot / 1e3:.2f} kN each) decides (LAY-SLAB-002)")
    if not checks:
        return _entry(None, None, f"{worst / 1e3:.1f} kPa slab", detail + ": not evaluated, the halls give no slab "
                      "thickness or concrete strength", "site", halls)
    hall, pc = max(checks, key=lambda x: (x[1].factored_kn / x[1].capacity_kn, x[0]))
    detail += f": {pc.factored_kn:.1f} kN factored on a foot against {pc.capacity_kn:.1f} kN in {hall}"
    if pc.ok:
        return _entry(None, None, f"{worst / 1e3:.1f} kPa slab", detail + ", ok", "site", halls)
    return _entry(0, 0, f"{worst / 1e3:.1f} kPa slab", detail + ", exceeded: the slab needs strengthening", "site", halls)


__all__ = ["SITE_CONSTRAINTS", "cooling_power_per_rack_w", "size"]
