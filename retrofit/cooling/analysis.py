"""Cooling analysis of a Design at its design ambient: hydraulics of every loop, the plant balance
(CDUs, facility loop, heat rejection), per-rack supply temperature and flow, N+1, residual air, freeze
margin, and the electric power of the cooling equipment (fed to the electrical analysis).

Results are plain, keyed by element id, with units in the key names.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import RetrofitError
from ..model import Design
from . import heat_exchange as hx
from . import heat_rejection as hr
from .air_balance import residual_air, room_heat_to_water
from .ambient import DesignAmbient, design_ambients, governing
from .coolant import coolant
from .hydraulics import HydraulicResult, solve_network
from .loops import GRAVITY, RackDuty, facility_network, rack_duties, tcs_network, unit_rated_flow_m3_s
from .plant import Ambient, CduBank, FacilityLoop, PlantResult, RejectionUnit, solve_plant

C0 = 273.15
_MODEL = {"dry_cooler": "dry_cooler", "adiabatic_cooler": "adiabatic_cooler",
          "cooling_tower": "cooling_tower_closed", "chiller": "air_cooled_chiller"}


def _m(q, unit):
    return float(q.to(unit).magnitude)


def _f(x, digits=4):
    if x is None:
        return None
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def _c(t_k, digits=3):
    return _f(t_k - C0, digits) if t_k is not None and math.isfinite(t_k) else None


@dataclass
class _Fluid:
    name: str
    density: float
    cp: float
    viscosity: float
    t_k: float


def _fluid(name: str, t_k: float) -> _Fluid:
    f = coolant(name)
    return _Fluid(name, float(f.density(t_k)), float(f.specific_heat(t_k)), float(f.viscosity(t_k)), t_k)


def _solve(net, fluid: _Fluid) -> HydraulicResult:
    return solve_network(net, fluid.density, fluid.viscosity)


# --- ratings of heat-rejection units ----------------------------------------------------------------

def _rating(unit, fluid: _Fluid, altitude_m: float):
    kind = unit.kind
    q = _m(unit.capacity, "W")
    t_in, t_out = _m(unit.t_fluid_in_rated, "K"), _m(unit.t_fluid_out_rated, "K")
    flow = q / (fluid.cp * max(t_in - t_out, 0.1))
    if kind in ("dry_cooler", "adiabatic_cooler"):
        if unit.airflow_rated is None:
            raise RetrofitError(f"heat-rejection unit {unit.id}: airflow_rated is needed for a {kind}")
        common = dict(q_rated_w=q, t_fluid_in_rated_k=t_in, flow_fluid_rated_kg_s=flow, cp_fluid_rated_j_kg_k=fluid.cp,
                      t_dry_bulb_rated_k=_m(unit.t_ambient_rated, "K"), airflow_rated_m3_s=_m(unit.airflow_rated, "m**3/s"),
                      fan_power_rated_w=_m(unit.fan_power_rated, "W"), altitude_rated_m=0.0)
        if kind == "dry_cooler":
            return hr.DryCoolerRating(**common)
        eff = _m(unit.pad_efficiency, "dimensionless") if unit.pad_efficiency is not None else 0.8
        return hr.AdiabaticCoolerRating(**common, pad_effectiveness=eff)
    if kind == "cooling_tower":
        return hr.CoolingTowerRating(q_rated_w=q, t_water_in_rated_k=t_in, flow_water_rated_kg_s=flow,
                                     cp_water_rated_j_kg_k=fluid.cp, t_wet_bulb_rated_k=_m(unit.t_ambient_rated, "K"),
                                     fan_power_rated_w=_m(unit.fan_power_rated, "W"))
    if unit.cop_rated is None:
        raise RetrofitError(f"heat-rejection unit {unit.id}: cop_rated is needed for a chiller")
    return hr.AirCooledChillerRating(q_rated_w=q, cop_rated=unit.cop_rated, t_leaving_rated_k=t_out,
                                      t_dry_bulb_rated_k=_m(unit.t_ambient_rated, "K"))


# --- one facility loop --------------------------------------------------------------------------------

@dataclass
class _LoopState:
    """Hydraulics and thermal inputs of the TCS loops of one facility loop."""

    tcs: dict  # loop id -> HydraulicResult
    cdu_flow_m3_s: dict  # cdu id -> TCS flow
    cdu_pump_w: dict  # cdu id -> electric power of its pumps


def _tcs_state(design: Design, tcs_ids, duties, fluids, cdu_out: str | None = None) -> _LoopState:
    c = design.cooling
    loops = {l.id: l for l in c.loops}
    tcs, flows, pump_w = {}, {}, {}
    for lid in tcs_ids:
        cdus = [x for x in c.cdus if x.tcs_loop == lid]
        res = _solve(tcs_network(loops[lid], cdus, duties.get(lid, []), fluids[lid].density, cdu_out=cdu_out), fluids[lid])
        tcs[lid] = res
        for cdu in cdus:
            if res.converged and cdu.id != cdu_out:
                q = abs(res.link_flow(f"{cdu.id}.hx_tcs"))
                flows[cdu.id] = q
                pump_w[cdu.id] = res.pump(f"{cdu.id}.pumps").electric_power + _m(cdu.p_controls, "W")
            else:
                flows[cdu.id] = 0.0
                pump_w[cdu.id] = 0.0 if cdu.id == cdu_out else _m(cdu.p_controls, "W")
    return _LoopState(tcs, flows, pump_w)


def _plant(design: Design, floop, state: _LoopState, fac: HydraulicResult, duties, fluids, ff: _Fluid,
           ambient: DesignAmbient, *, unit_out: str | None = None) -> tuple[PlantResult, list, list]:
    c = design.cooling
    crit = design.goal.criteria if design.goal else None
    cdus = [x for x in c.cdus if x.facility_loop == floop.id]
    heat, m_tcs, cp_tcs, m_fac, ua, setpoint, pump_heat, service = [], [], [], [], [], [], [], []
    for cdu in cdus:
        lid = cdu.tcs_loop
        tf = fluids[lid]
        loop_flow = sum(state.cdu_flow_m3_s[x.id] for x in c.cdus if x.tcs_loop == lid)
        loop_heat = sum(r.liquid_heat_w for r in duties.get(lid, []))
        share = state.cdu_flow_m3_s[cdu.id] / loop_flow if loop_flow > 0 else 0.0
        q_fac = abs(fac.link_flow(f"{cdu.id}.hx_facility")) if fac.converged else 0.0
        m_h, m_c = state.cdu_flow_m3_s[cdu.id] * tf.density, q_fac * ff.density
        m_h_r, m_c_r = _m(cdu.flow_tcs_rated, "m**3/s") * tf.density, _m(cdu.flow_fws_rated, "m**3/s") * ff.density
        ua_r = hx.ua_from_rated_approach(_m(cdu.capacity, "W"), m_h_r * tf.cp, m_c_r * ff.cp, _m(cdu.approach, "K"))
        on = m_h > 0 and m_c > 0
        heat.append(loop_heat * share)
        m_tcs.append(max(m_h, 1e-9))
        cp_tcs.append(tf.cp)
        m_fac.append(max(m_c, 1e-9))
        ua.append(float(hx.ua_at_flows(ua_r, max(m_h, 1e-9), max(m_c, 1e-9), m_h_r, m_c_r)) if on else 1e-9)
        t_set = cdu.t_supply_setpoint if cdu.t_supply_setpoint is not None else (crit.t_supply_tcs if crit else None)
        setpoint.append(_m(t_set, "K") if t_set is not None else 313.15)
        pump_heat.append(state.cdu_pump_w[cdu.id] - _m(cdu.p_controls, "W") if on else 0.0)
        service.append(on)
    bank = CduBank(np.array(heat), np.array(m_tcs), np.array(cp_tcs), np.array(m_fac), ff.cp, np.array(ua),
                   np.array(setpoint), np.array(pump_heat), in_service=np.array(service, dtype=bool))
    units, unit_ids = [], []
    for u in c.heat_rejection:
        if u.loop != floop.id:
            continue
        rating = _rating(u, ff, ambient.altitude_m)
        for k in range(u.count):
            out = unit_out == u.id and k == 0
            units.append(RejectionUnit(_MODEL[u.kind], rating, in_service=not out))
            unit_ids.append(u.id)
    fws = floop.t_supply_setpoint if floop.t_supply_setpoint is not None else (crit.t_fws_setpoint if crit else None)
    pump_shaft = sum(p.shaft_power for p in fac.pumps if p.flow > 0) if fac.converged else 0.0
    halls = {x.hall for x in cdus}
    room_heat = sum(w for hall, w in room_heat_to_water(design, duties).items() if hall in halls)
    # heat added to the facility water outside the CDUs: pump work and the room heat of CRAHs and rear doors
    loop = FacilityLoop(_m(fws, "K") if fws is not None else 308.15, pump_heat_w=pump_shaft + room_heat)
    amb = Ambient(ambient.t_dry_bulb_k, ambient.t_wet_bulb_k, ambient.altitude_m)
    return solve_plant(bank, units, amb, loop), cdus, unit_ids


def _rack_results(design, duties, state: _LoopState, plant: PlantResult, cdus, floop_id) -> dict:
    c = design.cooling
    out = {}
    supply_by_loop = {}
    for lid in {x.tcs_loop for x in cdus}:
        idx = [i for i, x in enumerate(cdus) if x.tcs_loop == lid]
        w = np.array([state.cdu_flow_m3_s[cdus[i].id] for i in idx])
        t = plant.cdus.t_tcs_supply_k[idx]
        ok = np.isfinite(t) & (w > 0)
        supply_by_loop[lid] = float(np.sum(w[ok] * t[ok]) / np.sum(w[ok])) if ok.any() else float("nan")
    for lid, racks in duties.items():
        if lid not in supply_by_loop:
            continue
        res = state.tcs[lid]
        for r in racks:
            flow = abs(res.link_flow(r.id)) if res.converged else float("nan")
            t_sup = supply_by_loop[lid]
            out[r.id] = {
                "loop": lid, "facility_loop": floop_id, "liquid_heat_kw": _f(r.liquid_heat_w / 1e3, 3),
                "flow_lpm": _f(flow * 6e4, 2), "flow_required_lpm": _f(r.flow_required_m3_s * 6e4, 2),
                "flow_ratio": _f(flow / r.flow_required_m3_s, 4) if r.flow_required_m3_s > 0 else None,
                "flow_ok": bool(flow >= r.flow_required_m3_s * (1 - 1e-9)) if math.isfinite(flow) else False,
                "t_supply_c": _c(t_sup), "t_supply_max_c": _c(r.t_supply_max_k) if r.t_supply_max_k else None,
                "t_supply_ok": bool(r.t_supply_max_k is None or (math.isfinite(t_sup) and t_sup <= r.t_supply_max_k)),
            }
    return out


def _worst(rack_results: dict) -> tuple[float, float]:
    t = [v["t_supply_c"] for v in rack_results.values() if v["t_supply_c"] is not None]
    f = [v["flow_ratio"] for v in rack_results.values() if v["flow_ratio"] is not None]
    return (max(t) if t else float("nan"), min(f) if f else float("nan"))


def _all_ok(rack_results: dict, plant: PlantResult) -> bool:
    return plant.converged and all(v["flow_ok"] and v["t_supply_ok"] for v in rack_results.values())


def analyze_cooling(design: Design) -> dict:
    """Every cooling result of ``design`` at its design ambients (see :func:`ambient.design_ambients`)."""
    c = design.cooling
    crit = design.goal.criteria if design.goal else None
    ambients = design_ambients(design)
    gov = governing(ambients)
    out: dict = {"ambients": {a.basis: {"t_dry_bulb_c": _c(a.t_dry_bulb_k), "t_wet_bulb_c": _c(a.t_wet_bulb_k),
                                         "altitude_m": a.altitude_m, "note": a.note} for a in ambients},
                 "design_basis": gov.basis, "loops": {}, "racks": {}, "cdus": {}, "heat_rejection": {},
                 "plants": {}, "redundancy": {}, "electric_power_w": {}}
    duties = rack_duties(design)
    fluids = {}
    for loop in c.loops:
        t_set = loop.t_supply_setpoint
        if t_set is None and crit is not None:
            t_set = crit.t_supply_tcs if loop.kind == "tcs" else crit.t_fws_setpoint
        t_mean = (_m(t_set, "K") if t_set is not None else 308.15) + 5.0
        fluids[loop.id] = _fluid(loop.coolant, t_mean)
    for floop in [l for l in c.loops if l.kind == "facility"]:
        _facility(design, floop, duties, fluids, ambients, gov, out)
    supplies = [p[gov.basis]["t_facility_supply_c"] for p in out["plants"].values() if gov.basis in p]
    t_water = (min(x for x in supplies if x is not None) + C0) if any(x is not None for x in supplies) else None
    out["air"] = residual_air(design, gov, duties, t_water)
    out["freeze"] = _freeze(design, fluids)
    for item in list(c.pumps):
        out["electric_power_w"].setdefault(item.id, 0.0)
    for group in (c.exhaust_fans, c.crahs, c.rear_doors):
        for item in group:
            out["electric_power_w"][item.id] = item.count * _m(item.power, "W")
    out["electric_power_w"] = {k: _f(v, 2) for k, v in sorted(out["electric_power_w"].items())}
    out["cooling_power_kw"] = _f(sum(v for v in out["electric_power_w"].values() if v) / 1e3, 3)
    return out


def _facility(design, floop, duties, fluids, ambients, gov, out):
    c = design.cooling
    cdus = [x for x in c.cdus if x.facility_loop == floop.id]
    tcs_ids = sorted({x.tcs_loop for x in cdus})
    ff = fluids[floop.id]
    state = _tcs_state(design, tcs_ids, duties, fluids)
    for lid in tcs_ids:
        out["loops"][lid] = _loop_json(design, lid, state.tcs[lid], fluids[lid])
    if not cdus or not [p for p in c.pumps if p.loop == floop.id] or not [u for u in c.heat_rejection if u.loop == floop.id]:
        out["plants"][floop.id] = {"converged": False, "diagnosis": "a facility loop needs CDUs, pumps and heat-rejection units"}
        return
    fac = _solve(facility_network(design, floop, ff.density, ff.cp), ff)
    out["loops"][floop.id] = _loop_json(design, floop.id, fac, ff)
    plants = {}
    for amb in ambients:
        plant, pcdus, unit_ids = _plant(design, floop, state, fac, duties, fluids, ff, amb)
        plants[amb.basis] = (plant, pcdus, unit_ids)
    plant, pcdus, unit_ids = plants[gov.basis]
    racks = _rack_results(design, duties, state, plant, pcdus, floop.id)
    out["racks"].update(racks)
    out["plants"][floop.id] = {basis: _plant_json(p) for basis, (p, _, _) in plants.items()}
    for i, cdu in enumerate(pcdus):
        cap = _m(cdu.capacity, "W")
        q = float(plant.cdus.heat_w[i])
        out["cdus"][cdu.id] = {
            "tcs_loop": cdu.tcs_loop, "heat_kw": _f(q / 1e3, 3), "capacity_kw": _f(cap / 1e3, 3),
            "loading_percent": _f(100 * q / cap, 3), "approach_k": _f(plant.cdus.approach_k[i], 3),
            "t_tcs_supply_c": _c(plant.cdus.t_tcs_supply_k[i]), "t_tcs_return_c": _c(plant.cdus.t_tcs_return_k[i]),
            "t_facility_return_c": _c(plant.cdus.t_facility_return_k[i]),
            "flow_tcs_lpm": _f(state.cdu_flow_m3_s[cdu.id] * 6e4, 2),
            "flow_facility_lpm": _f(abs(fac.link_flow(f"{cdu.id}.hx_facility")) * 6e4, 2) if fac.converged else None,
            "setpoint_held": bool(plant.cdus.setpoint_held[i]), "excess_k": _f(plant.cdus.excess_k[i], 3),
            "electric_kw": _f(state.cdu_pump_w[cdu.id] / 1e3, 3),
        }
        out["electric_power_w"][cdu.id] = state.cdu_pump_w[cdu.id]
    for uid in sorted(set(unit_ids)):
        idx = [k for k, u in enumerate(unit_ids) if u == uid]
        q, cap = float(np.nansum(plant.units.heat_w[idx])), float(np.nansum(plant.units.capacity_w[idx]))
        power = float(np.nansum(plant.units.electric_power_w[idx]))
        out["heat_rejection"][uid] = {"units": len(idx), "heat_kw": _f(q / 1e3, 3), "capacity_kw": _f(cap / 1e3, 3),
                                      "loading_percent": _f(100 * q / cap, 3) if cap > 0 else None,
                                      "margin_kw": _f((cap - q) / 1e3, 3), "electric_kw": _f(power / 1e3, 3),
                                      "water_l_h": _f(float(np.nansum(plant.units.water_kg_s[idx])) * 3600 / 1.0, 2),
                                      "basis": gov.basis}
        out["electric_power_w"][uid] = power
    for p in fac.pumps if fac.converged else []:
        out["electric_power_w"][p.link_id] = p.electric_power
    out["redundancy"][floop.id] = _n_plus_1(design, floop, duties, fluids, ff, gov, tcs_ids, fac, state)


def _n_plus_1(design, floop, duties, fluids, ff, gov, tcs_ids, fac, state) -> dict:
    c = design.cooling
    result = {"cdu_out": {}, "pump_out": {}, "unit_out": {}}
    for cdu in [x for x in c.cdus if x.facility_loop == floop.id]:
        s = _tcs_state(design, tcs_ids, duties, fluids, cdu_out=cdu.id)
        plant, pcdus, _ = _plant(design, floop, s, fac, duties, fluids, ff, gov)
        racks = _rack_results(design, duties, s, plant, pcdus, floop.id)
        t, f = _worst(racks)
        result["cdu_out"][cdu.id] = {"ok": _all_ok(racks, plant), "worst_t_supply_c": _f(t, 3),
                                     "min_flow_ratio": _f(f, 4), "diagnosis": plant.diagnosis}
    for pump in [p for p in c.pumps if p.loop == floop.id]:
        res = _solve(facility_network(design, floop, ff.density, ff.cp, pump_out=pump.id), ff)
        plant, pcdus, _ = _plant(design, floop, state, res, duties, fluids, ff, gov) if res.converged else (None, [], [])
        racks = _rack_results(design, duties, state, plant, pcdus, floop.id) if plant else {}
        t, f = _worst(racks)
        standby = pump.count > pump.running
        result["pump_out"][pump.id] = {"standby_available": standby, "ok": bool(plant and _all_ok(racks, plant)),
                                       "worst_t_supply_c": _f(t, 3), "min_flow_ratio": _f(f, 4),
                                       "diagnosis": plant.diagnosis if plant else res.diagnosis}
    for unit in [u for u in c.heat_rejection if u.loop == floop.id]:
        plant, pcdus, _ = _plant(design, floop, state, fac, duties, fluids, ff, gov, unit_out=unit.id)
        racks = _rack_results(design, duties, state, plant, pcdus, floop.id)
        t, f = _worst(racks)
        result["unit_out"][unit.id] = {"ok": _all_ok(racks, plant), "worst_t_supply_c": _f(t, 3),
                                       "t_facility_supply_c": _c(plant.t_facility_supply_k), "diagnosis": plant.diagnosis}
    result["n_plus_1_ok"] = all(v["ok"] for part in ("cdu_out", "pump_out", "unit_out") for v in result[part].values())
    return result


def _plant_json(p: PlantResult) -> dict:
    return {"converged": bool(p.converged), "diagnosis": p.diagnosis, "setpoint_held": bool(p.setpoint_held),
            "t_facility_supply_c": _c(p.t_facility_supply_k), "t_facility_return_c": _c(p.t_facility_return_k),
            "heat_load_kw": _f(p.heat_load_w / 1e3, 3), "heat_rejected_kw": _f(p.heat_rejected_w / 1e3, 3),
            "shortfall_kw": _f(p.shortfall_w / 1e3, 3), "unserved_heat_kw": _f(p.unserved_heat_w / 1e3, 3),
            "fan_and_chiller_kw": _f(p.electric_power_w / 1e3, 3), "water_l_h": _f(p.water_kg_s * 3600, 2)}


def _loop_json(design, loop_id, res: HydraulicResult, fluid: _Fluid) -> dict:
    loop = next(l for l in design.cooling.loops if l.id == loop_id)
    static = _m(loop.static_pressure, "Pa")
    entry = {"kind": loop.kind, "coolant": fluid.name, "t_fluid_c": _c(fluid.t_k), "density_kg_m3": _f(fluid.density, 3),
             "viscosity_mpa_s": _f(fluid.viscosity * 1e3, 4), "converged": bool(res.converged),
             "iterations": int(res.iterations), "diagnosis": res.diagnosis}
    if not res.converged:
        return entry
    v = np.abs(res.velocity)
    pipes = [i for i, lid in enumerate(res.link_ids) if np.isfinite(v[i]) and v[i] > 0 and (
        ".main_" in lid or ".header_" in lid or ".branch" in lid)]
    k = max(pipes, key=lambda i: v[i]) if pipes else None
    entry.update({
        "max_velocity_m_s": _f(v[k], 4) if k is not None else None, "max_velocity_pipe": res.link_ids[k] if k is not None else None,
        "max_pressure_kpa": _f(float(np.nanmax(res.pressure)) / 1e3, 3), "min_pressure_kpa": _f(float(np.nanmin(res.pressure)) / 1e3, 3),
        "static_pressure_kpa": _f(static / 1e3, 3),
        "pumps": {p.link_id: {"flow_lpm": _f(p.flow * 6e4, 2), "head_m": _f(p.head, 3), "shaft_kw": _f(p.shaft_power / 1e3, 4),
                              "electric_kw": _f(p.electric_power / 1e3, 4), "efficiency": _f(p.efficiency, 4),
                              "inside_curve_range": bool(p.inside_curve_range), "bep_percent": _f(p.bep_percent, 2),
                              "inside_preferred_region": bool(p.inside_preferred_region), "status": p.status}
                  for p in res.pumps},
        "pipes": {lid: {"flow_lpm": _f(res.flow[i] * 6e4, 3), "velocity_m_s": _f(v[i], 4),
                        "head_loss_m": _f(res.head_loss[i], 4)} for i, lid in enumerate(res.link_ids) if i in set(pipes)},
    })
    return entry


def _freeze(design: Design, fluids) -> dict:
    crit = design.goal.criteria if design.goal else None
    margin = _m(crit.freeze_margin, "K") if crit else 5.0
    t_min = design.site.climate.extreme_min_db_n20
    out = {}
    for loop in design.cooling.loops:
        fp = coolant(loop.coolant).freezing_point()
        entry = {"coolant": loop.coolant, "freezing_point_c": _c(fp), "exposed_outdoors": loop.kind == "facility"}
        if loop.kind == "facility" and t_min is not None:
            tm = _m(t_min, "K")
            entry.update({"extreme_min_c": _c(tm), "margin_k": _f(tm - fp, 3), "margin_required_k": margin,
                          "ok": bool(tm - fp >= margin)})
        else:
            entry["ok"] = None
        out[loop.id] = entry
    return out
