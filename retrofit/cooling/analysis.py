"""Cooling analysis of a Design at its design ambient: hydraulics of every loop, the plant balance
(CDUs, facility loop, heat rejection), per-rack supply temperature and flow, N+1, residual air, freeze
margin, and the electric power of the cooling equipment (fed to the electrical analysis).

Results are plain, keyed by element id, with units in the key names.

The analysis runs in stages, each a function of the previous stages' output (``benchmarks/cooling.py``
times them one by one):

1. :func:`prepare_cooling` — SI data of every loop, CDU, rack and heat-rejection unit, coolant properties;
2. :func:`solve_hydraulics` — flows and heads of every TCS loop and facility loop;
3. :func:`solve_plants` — the thermal balance of every facility loop at each design ambient;
4. :func:`solve_redundancy` — N+1: each CDU, facility pump and heat-rejection model out in turn;
5. :func:`cooling_results` — the results dict.

Work that cannot change a result is not repeated (``reuse=True``, the default): TCS loops whose networks
are identical (same template, CDUs, racks and coolant) are solved once, and so are identical plant
balances; an N+1 case with a CDU out re-solves only that CDU's TCS loop; a facility pump set with a
standby pump keeps the same network when one pump fails; the plant balance of an N+1 case is evaluated
in full only when the heat rejection cannot hold the facility supply at its setpoint (when it can, the
supply is the setpoint and only the CDUs matter to the verdict: the units' fan speeds do not).
``reuse=False`` solves everything from scratch and gives the same results (a test holds the two equal).
"""
from __future__ import annotations

import math

import numpy as np

from ..model import Design
from .air_balance import residual_air
from .coolant import coolant
from .hydraulic_result import HydraulicResult
from .loops import RackDuty, facility_branch_note
from .plant_records import PlantResult, worst_cdu_text
from .balance import FacilityPlant, solve_plants, solve_redundancy, tcs_supply_by_loop
from ..units import magnitude
from .case import (C0, CoolingCase, FacilityHydraulics, _Fluid, _c, _f, prepare_cooling,
                   solve_hydraulics)

__all__ = ["analyze_cooling", "cooling_results", "prepare_cooling", "solve_hydraulics", "solve_plants",
           "solve_redundancy"]


# --- stage 5: results -----------------------------------------------------------------------------------

def _rack_results(case: CoolingCase, fh: FacilityHydraulics, plant: PlantResult | None) -> dict:
    out = {}
    supply = tcs_supply_by_loop(case, fh.cdus, fh.state, plant) if plant is not None else {}
    for lid in fh.tcs_ids:
        flows = fh.state.loops[lid]
        t_sup = supply.get(lid, float("nan"))
        for k, r in enumerate(case.duties.get(lid, [])):
            flow = float(flows.rack_flow_m3_s[k]) if flows.result.converged else float("nan")
            out[r.id] = _rack_entry(r, lid, fh.loop_id, flow, t_sup)
    return out


def _rack_entry(r: RackDuty, lid: str, floop_id: str | None, flow: float, t_sup: float) -> dict:
    return {
        "loop": lid, "facility_loop": floop_id, "liquid_heat_kw": _f(r.liquid_heat_w / 1e3, 3),
        "flow_lpm": _f(flow * 6e4, 2), "flow_required_lpm": _f(r.flow_required_m3_s * 6e4, 2),
        "flow_ratio": _f(flow / r.flow_required_m3_s, 4) if r.flow_required_m3_s > 0 else None,
        "flow_ok": bool(flow >= r.flow_required_m3_s * (1 - 1e-9)) if math.isfinite(flow) else False,
        "t_supply_c": _c(t_sup), "t_supply_max_c": _c(r.t_supply_max_k) if r.t_supply_max_k else None,
        "t_supply_ok": bool(r.t_supply_max_k is None or (math.isfinite(t_sup) and t_sup <= r.t_supply_max_k)),
    }


def _plant_json(p: PlantResult, cdu_ids) -> dict:
    return {"converged": bool(p.converged), "diagnosis": worst_cdu_text(p, cdu_ids), "setpoint_held": bool(p.setpoint_held),
            "t_facility_supply_c": _c(p.t_facility_supply_k), "t_facility_return_c": _c(p.t_facility_return_k),
            "heat_load_kw": _f(p.heat_load_w / 1e3, 3), "heat_rejected_kw": _f(p.heat_rejected_w / 1e3, 3),
            "shortfall_kw": _f(p.shortfall_w / 1e3, 3), "unserved_heat_kw": _f(p.unserved_heat_w / 1e3, 3),
            "fan_and_chiller_kw": _f(p.electric_power_w / 1e3, 3), "water_l_h": _f(p.water_kg_s * 3600, 2)}


def _loop_json(design, loop_id, res: HydraulicResult | None, fluid: _Fluid, diagnosis: str = "") -> dict:
    """A loop's hydraulic results; ``res`` None for a loop that was not solved (``diagnosis`` says why)."""
    loop = next(l for l in design.cooling.loops if l.id == loop_id)
    static = magnitude(loop.static_pressure, "Pa")
    entry = {"kind": loop.kind, "coolant": fluid.name, "t_fluid_c": _c(fluid.t_k), "density_kg_m3": _f(fluid.density, 3),
             "viscosity_mpa_s": _f(fluid.viscosity * 1e3, 4), "converged": bool(res is not None and res.converged),
             "iterations": int(res.iterations) if res is not None else 0,
             "diagnosis": res.diagnosis if res is not None else diagnosis}
    if not entry["converged"]:
        return entry
    v = np.abs(res.velocity)
    pipes = [i for i, lid in enumerate(res.link_ids) if np.isfinite(v[i]) and v[i] > 0 and (
        ".main_" in lid or ".header_" in lid or ".branch" in lid)]
    # the fastest pipe at the precision reported; equal velocities go to the first pipe id, never to float noise
    k = max(sorted(pipes, key=lambda i: res.link_ids[i]), key=lambda i: _f(v[i], 4)) if pipes else None
    entry.update({
        "max_velocity_m_s": _f(v[k], 4) if k is not None else None, "max_velocity_pipe": res.link_ids[k] if k is not None else None,
        "max_pressure_kpa": _f(float(np.nanmax(res.pressure)) / 1e3, 3), "min_pressure_kpa": _f(float(np.nanmin(res.pressure)) / 1e3, 3),
        "static_pressure_kpa": _f(static / 1e3, 3),
        "pumps": {p.link_id: {"flow_lpm": _f(p.flow * 6e4, 2), "head_m": _f(p.head, 3), "shaft_kw": _f(p.shaft_power / 1e3, 4),
                              "electric_kw": _f(p.electric_power / 1e3, 4), "efficiency": _f(p.efficiency, 4),
                              "inside_curve_range": bool(p.inside_curve_range), "bep_percent": _f(p.bep_percent, 2),
                              "inside_preferred_region": bool(p.inside_preferred_region), "status": p.status}
                  for p in res.pumps},
        "pipes": {res.link_ids[i]: {"flow_lpm": _f(res.flow[i] * 6e4, 3), "velocity_m_s": _f(v[i], 4),
                                    "head_loss_m": _f(res.head_loss[i], 4)} for i in pipes},
    })
    return entry


def _freeze(design: Design) -> dict:
    crit = design.goal.criteria if design.goal else None
    margin = magnitude(crit.freeze_margin, "K") if crit else 5.0
    t_min = design.site.climate.extreme_min_db_n20
    out = {}
    for loop in design.cooling.loops:
        fp = coolant(loop.coolant).freezing_point()
        entry = {"coolant": loop.coolant, "freezing_point_c": _c(fp), "exposed_outdoors": loop.kind == "facility"}
        if loop.kind == "facility" and t_min is not None:
            tm = magnitude(t_min, "K")
            entry.update({"extreme_min_c": _c(tm), "margin_k": _f(tm - fp, 3), "margin_required_k": margin,
                          "ok": bool(tm - fp >= margin)})
        else:
            entry["ok"] = None
        out[loop.id] = entry
    return out


def cooling_results(case: CoolingCase, hydraulics: dict[str, FacilityHydraulics], plants: dict[str, FacilityPlant],
                    redundancy: dict) -> dict:
    """The results dict of :func:`analyze_cooling` from the stages' outputs."""
    design, gov = case.design, case.governing
    c = design.cooling
    out: dict = {"ambients": {a.basis: {"t_dry_bulb_c": _c(a.t_dry_bulb_k), "t_wet_bulb_c": _c(a.t_wet_bulb_k),
                                         "altitude_m": a.altitude_m, "note": a.note} for a in case.ambients},
                 "design_basis": gov.basis, "loops": {}, "racks": {}, "cdus": {}, "heat_rejection": {},
                 "heat_rejection_capacity": {}, "plants": {}, "redundancy": redundancy, "electric_power_w": {}}
    for lid, fh in hydraulics.items():
        for tid in fh.tcs_ids:
            out["loops"][tid] = _loop_json(design, tid, fh.state.loops[tid].result, case.fluids[tid])
        if fh.result is None:
            out["plants"][lid] = {"converged": False, "diagnosis": fh.diagnosis}
            out["loops"][lid] = _loop_json(design, lid, None, case.fluids[lid], fh.diagnosis)
            out["racks"].update(_rack_results(case, fh, None))
            for x in fh.cdus:
                out["electric_power_w"][x.id] = fh.state.cdu_pump_w[x.id]
            continue
        fac, fp = fh.result, plants[lid]
        plant = fp.results[gov.basis]
        out["loops"][lid] = _loop_json(design, lid, fac, case.fluids[lid])
        out["racks"].update(_rack_results(case, fh, plant))
        out["plants"][lid] = {basis: _plant_json(p, [x.id for x in fh.cdus]) for basis, p in fp.results.items()}
        q_fac = fh.cdu_facility_flow_m3_s()
        for i, cdu in enumerate(fh.cdus):
            q = float(plant.cdus.heat_w[i])
            out["cdus"][cdu.id] = {
                "tcs_loop": cdu.tcs_loop, "heat_kw": _f(q / 1e3, 3), "capacity_kw": _f(cdu.capacity_w / 1e3, 3),
                "loading_percent": _f(100 * q / cdu.capacity_w, 3), "approach_k": _f(plant.cdus.approach_k[i], 3),
                "t_tcs_supply_c": _c(plant.cdus.t_tcs_supply_k[i]), "t_tcs_return_c": _c(plant.cdus.t_tcs_return_k[i]),
                "t_facility_return_c": _c(plant.cdus.t_facility_return_k[i]),
                "flow_tcs_lpm": _f(fh.state.cdu_flow_m3_s[cdu.id] * 6e4, 2),
                "flow_facility_lpm": _f(q_fac[i] * 6e4, 2) if fac.converged else None,
                "setpoint_held": bool(plant.cdus.setpoint_held[i]), "excess_k": _f(plant.cdus.excess_k[i], 3),
                "electric_kw": _f(fh.state.cdu_pump_w[cdu.id] / 1e3, 3),
                "ua_rated_kw_k": _f(fp.setup.ua_rated[i] / 1e3, 3),
                "film_ratio_facility": _f(fp.setup.film_ratio_fws[i], 4),
                "ua_fluid_factor": _f(fp.setup.ua_factor[i], 4),
                "coolant_facility_rated": cdu.element.coolant_fws_rated or case.fluids[lid].name,
            }
            out["electric_power_w"][cdu.id] = fh.state.cdu_pump_w[cdu.id]
        unit_ids = fp.setup.unit_ids
        for uid in sorted(set(unit_ids)):
            idx = [k for k, u in enumerate(unit_ids) if u == uid]
            q, cap = float(np.nansum(plant.units.heat_w[idx])), float(np.nansum(plant.units.capacity_w[idx]))
            power = float(np.nansum(plant.units.electric_power_w[idx]))
            cap_design = float(np.sum(fp.capacity_design_w[idx]))
            rating = fp.setup.units[idx[0]].rating
            coil = getattr(rating, "fluid_film_ratio", None) is not None
            out["heat_rejection"][uid] = {"units": len(idx), "heat_kw": _f(q / 1e3, 3), "capacity_kw": _f(cap / 1e3, 3),
                                          "loading_percent": _f(100 * q / cap, 3) if cap > 0 else None,
                                          "margin_kw": _f((cap - q) / 1e3, 3),
                                          "capacity_design_kw": _f(cap_design / 1e3, 3),
                                          "capacity_design_per_unit_kw": _f(cap_design / len(idx) / 1e3, 3),
                                          "margin_design_kw": _f((cap_design - q) / 1e3, 3),
                                          "electric_kw": _f(power / 1e3, 3),
                                          "water_l_h": _f(float(np.nansum(plant.units.water_kg_s[idx])) * 3600, 2),
                                          "film_ratio_fluid": _f(rating.fluid_film_ratio, 4) if coil else None,
                                          "ua_fluid_factor": _f(float(rating.ua_operating_w_k / rating.ua_rated_w_k), 4)
                                          if coil else None,
                                          "basis": gov.basis}
            out["electric_power_w"][uid] = power
        cap_total = float(np.sum(fp.capacity_design_w))
        out["heat_rejection_capacity"][lid] = {
            "capacity_design_kw": _f(cap_total / 1e3, 3), "heat_load_kw": _f(plant.heat_load_w / 1e3, 3),
            "margin_design_kw": _f((cap_total - plant.heat_load_w) / 1e3, 3),
            "margin_design_percent": _f(100 * (cap_total - plant.heat_load_w) / plant.heat_load_w, 3)
            if plant.heat_load_w > 0 else None, "basis": gov.basis}
        for p in fac.pumps if fac.converged else []:
            out["electric_power_w"][p.link_id] = p.electric_power
    served = {tid for fh in hydraulics.values() for tid in fh.tcs_ids}
    for tid, racks in case.duties.items():  # racks on a TCS loop that no CDU serves
        if tid in served:
            continue
        text = f"no CDU serves TCS loop {tid}: its {len(racks)} rack(s) get no coolant"
        out["loops"][tid] = _loop_json(design, tid, None, case.fluids[tid], text)
        for r in racks:
            out["racks"][r.id] = _rack_entry(r, tid, None, 0.0, float("nan"))
    supplies = [p[gov.basis]["t_facility_supply_c"] for p in out["plants"].values() if gov.basis in p]
    t_water = (min(x for x in supplies if x is not None) + C0) if any(x is not None for x in supplies) else None
    out["air"] = residual_air(design, gov, case.duties, t_water)
    out["freeze"] = _freeze(design)
    for item in list(c.pumps):
        out["electric_power_w"].setdefault(item.id, 0.0)
    for group in (c.exhaust_fans, c.crahs, c.rear_doors):
        for item in group:
            out["electric_power_w"][item.id] = item.count * magnitude(item.power, "W")
    out["electric_power_w"] = {k: _f(v, 2) for k, v in sorted(out["electric_power_w"].items())}
    out["cooling_power_kw"] = _f(sum(v for v in out["electric_power_w"].values() if v) / 1e3, 3)
    out["notes"] = [facility_branch_note()] if hydraulics else []
    return out


def analyze_cooling(design: Design, *, reuse: bool = True) -> dict:
    """Every cooling result of ``design`` at its design ambients (see :func:`ambient.design_ambients`).

    Parameters
    ----------
    design : Design
        The design.
    reuse : bool
        Reuse solutions that cannot differ (identical TCS loops and plant balances, the loops an N+1
        case does not touch, the units' fan control in an N+1 case whose facility supply stays at its
        setpoint); False solves everything afresh, with the same results.

    Returns
    -------
    dict
        ``ambients``, ``design_basis``, ``loops``, ``racks``, ``cdus``, ``heat_rejection`` (each bank with
        its capacity at the design ambient, ``capacity_design_kw``, independent of the heat it carries),
        ``heat_rejection_capacity`` (per facility loop: that capacity against the load), ``plants``,
        ``redundancy``, ``air``, ``freeze``, ``electric_power_w``, ``cooling_power_kw`` and ``notes`` (what the
        hydraulic model of a facility loop holds, for the plan's methods).
    """
    case = prepare_cooling(design, reuse=reuse)
    hydraulics = solve_hydraulics(case)
    plants = solve_plants(case, hydraulics)
    redundancy = solve_redundancy(case, hydraulics, plants)
    return cooling_results(case, hydraulics, plants, redundancy)
