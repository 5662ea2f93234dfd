"""Stages 3 and 4 of the cooling analysis: the plant balance of every facility loop at each design
ambient, and N+1 (each CDU, facility pump and heat-rejection model out in turn).
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import heat_exchange as hx
from . import heat_rejection as hr
from .coolant import coolant
from .film_coefficients import FluidState, corrected_conductance, dittus_boelter_fluid_ratio
from .ambient import DesignAmbient
from .hydraulic_result import HydraulicResult
from .loops import facility_network
from .plant import capacity_at_design, solve_plant
from .plant_records import Ambient, CduBank, FacilityLoop, PlantResult, RejectionUnit, worst_cdu_text
from ..units import magnitude
from .unit_rating import unit_rating
from .case import (C0, CoolingCase, FacilityHydraulics, _HELD_TOLERANCE_K, _MODEL, _SCREEN_MARGIN_K,
                   _Fluid, _TcsFlows, _TcsState, _c, _f, _plant_key, _solve, _solve_plant, _tcs_state)


# --- stage 3: plant balance -----------------------------------------------------------------------------

def fluid_state(name: str, t_k: float) -> FluidState:
    """Transport properties of a named coolant at a temperature [SI] (:mod:`.coolant`).

    Memoised by (coolant, temperature): a plant balance asks for the same few states thousands of times
    (every CDU of a loop at the loop's mean temperature, in every case of a contingency study).
    """
    return _fluid_state(name, float(t_k))


@lru_cache(maxsize=4096)
def _fluid_state(name: str, t_k: float) -> FluidState:
    f = coolant(name)
    return FluidState(float(f.density(t_k)), float(f.viscosity(t_k)), float(f.conductivity(t_k)),
                      float(f.specific_heat(t_k)))


def film_ratio(rated_coolant: str | None, operating_coolant: str, t_k: float, *,
               heating: bool) -> tuple[FluidState, float]:
    """The rating fluid's properties and the operating fluid's film coefficient over the rating fluid's.

    Both fluids are taken at ``t_k`` [K], the operating mean temperature on that side, so that the ratio
    is the change of fluid alone (:func:`.film_coefficients.dittus_boelter_fluid_ratio`, same mass flow);
    a unit rated on the coolant it runs on, or with no rated coolant stated, has a ratio of 1. Memoised
    like :func:`fluid_state`.
    """
    return _film_ratio(rated_coolant, operating_coolant, float(t_k), bool(heating))


@lru_cache(maxsize=4096)
def _film_ratio(rated_coolant, operating_coolant, t_k, heating):
    operating = fluid_state(operating_coolant, t_k)
    if rated_coolant is None or rated_coolant == operating_coolant:
        return operating, 1.0
    rated = fluid_state(rated_coolant, t_k)
    return rated, dittus_boelter_fluid_ratio(rated, operating, heating=heating)


def _unit_rating(u, ff: _Fluid):
    """A heat-rejection unit's rating on its rating coolant; a coil's tube-side film coefficient is then
    corrected for the loop's coolant (the fluid is cooled in the coil). Towers and chillers are rated on
    the loop's coolant as before (an open tower runs on water; a chiller is rated on its leaving
    temperature)."""
    if u.kind not in ("dry_cooler", "adiabatic_cooler"):
        return unit_rating(u, ff.cp)
    rated, ratio = film_ratio(u.coolant_rated, ff.name, ff.t_k, heating=False)
    return dataclasses.replace(unit_rating(u, rated.cp), fluid_film_ratio=ratio)


@dataclass
class _PlantSetup:
    """What the plant balance of one facility loop needs besides the flows of a case."""

    hydraulics: FacilityHydraulics
    units: list  #: RejectionUnit per physical unit
    unit_ids: list  #: element id of each
    setpoint_k: float
    room_heat_w: float
    density_tcs: np.ndarray  #: per CDU
    cp_tcs: np.ndarray
    m_tcs_rated: np.ndarray
    m_fac_rated: np.ndarray
    ua_rated: np.ndarray  #: at the rated flows, corrected for the loop's facility coolant [W/K]
    p_controls_w: np.ndarray
    setpoint_tcs_k: np.ndarray
    film_ratio_fws: np.ndarray  #: facility-side film coefficient, operating over rating coolant [-]
    tcs_resistance_fraction: np.ndarray  #: TCS side's share of 1/UA after the correction [-]
    ua_factor: np.ndarray  #: UA with the loop's coolant over UA of the rating, at the rated flows [-]


def plant_setup(case: CoolingCase, fh: FacilityHydraulics) -> _PlantSetup:
    """What the plant balance of facility loop ``fh`` takes besides the ambient: its heat-rejection units (rated
    on the loop's coolant), supply setpoint, room heat and the CDUs' rated conductances, without solving it."""
    c = case.design.cooling
    crit = case.design.goal.criteria if case.design.goal else None
    floop = next(l for l in c.loops if l.id == fh.loop_id)
    ff = case.fluids[floop.id]
    units, unit_ids = [], []
    for u in c.heat_rejection:
        if u.loop == floop.id:
            # a unit's rating does not depend on how many units its bank has: the cases of a contingency
            # study (the same elements, fewer units) share it
            key = ("rating", u.id, floop.id)
            rating = case.plant_cache.get(key) if case.reuse else None
            if rating is None:
                rating = _unit_rating(u, ff)
                if case.reuse:
                    case.plant_cache[key] = rating
            units += [RejectionUnit(_MODEL[u.kind], rating) for _ in range(u.count)]
            unit_ids += [u.id] * u.count
    fws = floop.t_supply_setpoint if floop.t_supply_setpoint is not None else (crit.t_fws_setpoint if crit else None)
    halls = {x.hall for x in fh.cdus}
    room_heat = sum(w for hall, w in case.room_heat_w.items() if hall in halls)
    rho = np.array([case.fluids[x.tcs_loop].density for x in fh.cdus])
    cp = np.array([case.fluids[x.tcs_loop].cp for x in fh.cdus])
    m_h_r = np.array([x.flow_tcs_rated_m3_s * case.fluids[x.tcs_loop].density for x in fh.cdus])
    # the rating: the rated facility flow of the rating coolant; the facility film coefficient then
    # corrected for the loop's coolant (heated in the CDU), the TCS side as rated (half the resistance each)
    m_c_r, ua_r, ratio, f_tcs, factor = (np.empty(len(fh.cdus)) for _ in range(5))
    for i, x in enumerate(fh.cdus):
        m_c_r[i], ua_r[i], ratio[i], f_tcs[i], factor[i] = _cdu_rating(
            x.element.coolant_fws_rated, ff.name, float(ff.t_k), float(x.capacity_w), float(m_h_r[i] * cp[i]),
            float(x.flow_fws_rated_m3_s), float(x.approach_k))
    return _PlantSetup(fh, units, unit_ids, magnitude(fws, "K") if fws is not None else 308.15, room_heat, rho, cp, m_h_r,
                       m_c_r, ua_r, np.array([x.p_controls_w for x in fh.cdus]),
                       np.array([x.setpoint_k for x in fh.cdus]), ratio, f_tcs, factor)


@lru_cache(maxsize=4096)
def _cdu_rating(rated_coolant, facility_coolant: str, t_k: float, capacity_w: float, c_tcs_rated_w_k: float,
                flow_fws_rated_m3_s: float, approach_k: float) -> tuple:
    """(rated facility mass flow [kg/s], UA corrected for the loop's coolant [W/K], film ratio [-], TCS
    side's share of 1/UA [-], corrected UA over rated UA [-]) of a CDU: the same for every CDU of a model
    on a loop, so computed once per model and loop state."""
    rated, ratio = film_ratio(rated_coolant, facility_coolant, t_k, heating=True)
    m_c_r = flow_fws_rated_m3_s * rated.density
    ua = float(hx.ua_from_rated_approach(capacity_w, c_tcs_rated_w_k, m_c_r * rated.cp, approach_k))
    ua_r, f_tcs = corrected_conductance(ua, 1.0, ratio)
    return m_c_r, ua_r, ratio, f_tcs, ua_r / ua


def cdu_bank(case: CoolingCase, setup: _PlantSetup, state: _TcsState,
          fac: HydraulicResult) -> tuple[CduBank, FacilityLoop]:
    """The CDU bank and facility loop of a case (flows of ``state`` and ``fac``): what the plant solvers and
    the annual simulation take."""
    cdus = setup.hydraulics.cdus
    ff = case.fluids[setup.hydraulics.loop_id]
    loop_flow = {lid: sum(state.cdu_flow_m3_s[y.id] for y in case.tcs_cdus[lid]) for lid in setup.hydraulics.tcs_ids}
    flow = np.array([state.cdu_flow_m3_s[x.id] for x in cdus])
    total = np.array([loop_flow[x.tcs_loop] for x in cdus])
    heat = np.array([case.loop_heat_w.get(x.tcs_loop, 0) for x in cdus], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, flow / np.where(total > 0, total, 1.0), 0.0)
    m_h = flow * setup.density_tcs
    m_c = setup.hydraulics.cdu_facility_flow_m3_s(fac) * ff.density
    on = (m_h > 0) & (m_c > 0)
    m_h_safe, m_c_safe = np.maximum(m_h, 1e-9), np.maximum(m_c, 1e-9)
    ua = np.where(on, hx.ua_at_flows(setup.ua_rated, m_h_safe, m_c_safe, setup.m_tcs_rated, setup.m_fac_rated,
                                     hot_resistance_fraction=setup.tcs_resistance_fraction), 1e-9)
    pump_heat = np.where(on, np.array([state.cdu_pump_w[x.id] for x in cdus]) - setup.p_controls_w, 0.0)
    bank = CduBank(heat * share, m_h_safe, setup.cp_tcs, m_c_safe, ff.cp, np.asarray(ua, dtype=float),
                   setup.setpoint_tcs_k, pump_heat, in_service=on)
    pump_shaft = sum(p.shaft_power for p in fac.pumps if p.flow > 0) if fac.converged else 0.0
    # heat added to the facility water outside the CDUs: pump work and the room heat of CRAHs and rear doors
    return bank, FacilityLoop(setup.setpoint_k, pump_heat_w=pump_shaft + setup.room_heat_w)


def _ambient(a: DesignAmbient) -> Ambient:
    return Ambient(a.t_dry_bulb_k, a.t_wet_bulb_k, a.altitude_m)


@dataclass
class FacilityPlant:
    """Plant balance of one facility loop at each design ambient (normal operation)."""

    setup: _PlantSetup | None
    results: dict  #: ambient basis -> PlantResult
    capacity_design_w: np.ndarray | None = None  #: each physical unit's capacity at the governing ambient [W]


def solve_facility_plant(case: CoolingCase, fh: FacilityHydraulics, ambients=None, *,
                         verdict_only: bool = False) -> FacilityPlant:
    """Thermal balance of one facility loop, at ``ambients`` (default every design ambient of ``case``).

    Parameters
    ----------
    case : CoolingCase
        From :func:`prepare_cooling`, or a case of the survivors of an outage.
    fh : FacilityHydraulics
        The loop's hydraulics (:func:`case.solve_facility_hydraulics`).
    ambients : list of DesignAmbient, optional
        The ambients to solve at.
    verdict_only : bool
        Skip the units' fan control when the heat rejection holds the facility supply at its setpoint
        (as the N+1 cases do, :func:`_n_plus_1_plant`): the temperatures and the verdict are the same, the
        fan speeds and powers are not computed.

    Returns
    -------
    FacilityPlant
        The balance per ambient basis and each unit's capacity at the governing design ambient
        (:func:`plant.capacity_at_design`, independent of the heat carried).
    """
    if fh.result is None:
        return FacilityPlant(None, {})
    setup = plant_setup(case, fh)
    bank, loop = cdu_bank(case, setup, fh.state, fh.result)
    solve = _n_plus_1_plant if verdict_only else _solve_plant
    results = {a.basis: solve(case, bank, setup.units, _ambient(a), loop)
               for a in (case.ambients if ambients is None else ambients)}
    capacity = capacity_at_design(setup.units, _ambient(case.governing), setup.setpoint_k,
                                  case.plant_cache if case.reuse else None)
    return FacilityPlant(setup, results, capacity)


def solve_plants(case: CoolingCase, hydraulics: dict[str, FacilityHydraulics]) -> dict[str, FacilityPlant]:
    """Thermal balance of every facility loop at each design ambient.

    Parameters
    ----------
    case : CoolingCase
        From :func:`prepare_cooling`.
    hydraulics : dict of FacilityHydraulics
        From :func:`solve_hydraulics`.

    Returns
    -------
    dict of FacilityPlant
        Keyed by facility loop id.
    """
    return {lid: solve_facility_plant(case, fh) for lid, fh in hydraulics.items()}


# --- stage 4: N+1 ---------------------------------------------------------------------------------------

def _unit_groups(units) -> list:
    """In-service units by model, as solve_plant groups them: [(model, stacked rating, flow weights)]."""
    groups: dict[str, list] = {}
    for u in units:
        if u.in_service:
            groups.setdefault(u.model, []).append(u)
    return [(model, hr.stack_ratings([u.rating for u in us]),
             np.array([float(np.asarray(u.rating.q_rated_w)) if u.flow_weight is None else float(u.flow_weight)
                       for u in us])) for model, us in sorted(groups.items())]


def _supply_held(bank: CduBank, groups: list, ambient: Ambient, loop: FacilityLoop) -> bool:
    """Whether the units hold the facility supply at its setpoint, as :func:`plant.solve_plant` first checks.

    Mirrors the first step of solve_plant (the leaving temperature of every in-service unit at full
    speed with the supply at the setpoint; ``groups`` from :func:`_unit_groups`); only a clear "held" is
    trusted, anything within ``_SCREEN_MARGIN_K`` of solve_plant's tolerance is left to solve_plant.
    """
    if loop.trim_chiller is not None or not groups:
        return False
    a = bank.arrays()
    on = a["in_service"]
    q_cdu = np.where(on, a["heat_w"] + a["pump_heat_w"], 0.0)
    c_facility = float(np.sum(np.where(on, a["flow_facility_kg_s"] * a["cp_facility_j_kg_k"], 0.0)))
    m_facility = float(np.sum(np.where(on, a["flow_facility_kg_s"], 0.0)))
    if c_facility <= 0.0 or np.any(q_cdu < 0.0):
        return False
    sp = float(loop.t_supply_setpoint_k)
    t_ent = sp + (float(np.sum(q_cdu)) + float(loop.pump_heat_w)) / c_facility
    total_weight = sum(float(np.sum(w)) for _, _, w in groups)
    mixed = 0.0
    for model, rating, weights in groups:
        flow = m_facility * weights / total_weight
        perf = hr.heat_rejection_model(model).performance
        t_full = np.asarray(perf(rating, t_ent, flow, c_facility / m_facility, ambient.t_dry_bulb_k,
                                 ambient.t_wet_bulb_k, ambient.altitude_m, speed=1.0).t_fluid_out_k)
        leave = np.where((t_ent <= sp) | (t_full >= t_ent), t_ent, np.maximum(sp, t_full))
        mixed += float(np.sum(flow * leave)) / m_facility
    return mixed - sp <= _HELD_TOLERANCE_K - _SCREEN_MARGIN_K


def _plant_at_setpoint(bank: CduBank, loop: FacilityLoop, ambient: Ambient) -> PlantResult:
    """The plant result when the supply is held at its setpoint, without the units' fan control.

    With no units and its search bound at the setpoint, :func:`plant.solve_plant` evaluates the CDUs at
    that supply and stops; its verdict on that artificial plant is replaced by the held one.
    """
    sp = float(loop.t_supply_setpoint_k)
    res = solve_plant(bank, [], ambient, dataclasses.replace(loop, t_supply_max_k=sp))
    diagnosis = f"facility supply held at its setpoint {sp - C0:.2f} °C"
    if res.notes:
        diagnosis += "; " + res.notes[-1]
    return dataclasses.replace(res, converged=True, setpoint_held=True, diagnosis=diagnosis, shortfall_w=0.0,
                               heat_rejected_w=res.heat_load_w, energy_balance_residual_w=0.0)


def _n_plus_1_plant(case: CoolingCase, bank: CduBank, units, ambient: Ambient, loop: FacilityLoop,
                    groups: list | None = None) -> PlantResult:
    """Plant balance of an N+1 case, which needs the CDUs' states and the verdict but not the units' fan
    speeds: the CDUs alone when the supply stays at its setpoint (see :func:`_supply_held`; ``groups``
    are ``units`` grouped, when already known), else the full :func:`plant.solve_plant`."""
    if not case.reuse:
        return solve_plant(bank, units, ambient, loop)
    key = _plant_key(bank, units, ambient, loop, "n+1")
    if key not in case.plant_cache:
        held = _supply_held(bank, _unit_groups(units) if groups is None else groups, ambient, loop)
        case.plant_cache[key] = (_plant_at_setpoint(bank, loop, ambient) if held
                                 else _solve_plant(case, bank, units, ambient, loop))
    return case.plant_cache[key]


def tcs_supply_by_loop(case, cdus, state: _TcsState, plant: PlantResult) -> dict[str, float]:
    """Flow-weighted TCS supply of each TCS loop of a facility loop [K]."""
    out = {}
    for lid in sorted({x.tcs_loop for x in cdus}):
        idx = [i for i, x in enumerate(cdus) if x.tcs_loop == lid]
        w = np.array([state.cdu_flow_m3_s[cdus[i].id] for i in idx])
        t = plant.cdus.t_tcs_supply_k[idx]
        ok = np.isfinite(t) & (w > 0)
        out[lid] = float(np.sum(w[ok] * t[ok]) / np.sum(w[ok])) if ok.any() else float("nan")
    return out


def _loop_verdict(case: CoolingCase, lid: str, flows: _TcsFlows, t_supply: float) -> tuple[float, bool]:
    """(lowest rack flow ratio, every rack ok) of one TCS loop with its supply ``t_supply`` [K]."""
    racks = case.duties.get(lid, [])
    if not racks:
        return float("nan"), True
    required = np.array([r.flow_required_m3_s for r in racks])
    flow = flows.rack_flow_m3_s if flows.result.converged else np.full(len(racks), np.nan)
    ratios = flow[required > 0] / required[required > 0]
    ratios = ratios[np.isfinite(ratios)]
    ratio = float(np.min(ratios)) if ratios.size else float("nan")
    limits = [r.t_supply_max_k for r in racks if r.t_supply_max_k is not None]
    flow_ok = bool(np.all(flow >= required * (1 - 1e-9)))
    t_ok = not limits or (math.isfinite(t_supply) and t_supply <= min(limits))
    return ratio, flow_ok and t_ok


def _verdict(case, fh: FacilityHydraulics, state: _TcsState, plant: PlantResult) -> dict:
    """Worst rack supply, lowest rack flow ratio and the overall verdict of one N+1 case."""
    supply = tcs_supply_by_loop(case, fh.cdus, state, plant)
    worst_t, lowest, ok = [], [], plant.converged
    for lid, t in supply.items():
        ratio, loop_ok = _loop_verdict(case, lid, state.loops[lid], t)
        if case.duties.get(lid):
            worst_t += [t] if math.isfinite(t) else []
            lowest += [ratio] if math.isfinite(ratio) else []
        ok = ok and loop_ok
    return {"ok": bool(ok), "worst_t_supply_c": _c(max(worst_t)) if worst_t else None,
            "min_flow_ratio": _f(min(lowest), 4) if lowest else None}


def standby_starts(pump, loop_pumps) -> bool:
    """Whether a standby pump takes over when one running pump of the set ``pump`` fails: one of its own
    set, or of another set of the loop with the same curve, speed and efficiencies (the lead-lag control
    starts it; the network is then the one solved, flow for flow). A set that runs no pump has none to
    lose."""
    if pump.running == 0 or pump.count > pump.running:
        return True

    def same(p):
        return (p.curve, p.speed, p.efficiency, p.motor_efficiency, p.bep_flow) == \
            (pump.curve, pump.speed, pump.efficiency, pump.motor_efficiency, pump.bep_flow)

    return any(p.id != pump.id and p.count > p.running and same(p) for p in loop_pumps)


def solve_redundancy(case: CoolingCase, hydraulics: dict[str, FacilityHydraulics],
                     plants: dict[str, FacilityPlant]) -> dict:
    """N+1 of every facility loop at the governing ambient: each CDU, pump set and unit model out.

    Parameters
    ----------
    case : CoolingCase
        From :func:`prepare_cooling`.
    hydraulics : dict of FacilityHydraulics
        From :func:`solve_hydraulics`.
    plants : dict of FacilityPlant
        From :func:`solve_plants`.

    Returns
    -------
    dict
        Per facility loop: ``cdu_out``, ``pump_out``, ``unit_out`` (each keyed by element id) and
        ``n_plus_1_ok``.

    Notes
    -----
    A CDU out: its TCS pumps stop and its exchanger is isolated; the TCS loop is solved again (the
    other CDUs' pumps carry the loop) and the racks' heat is shared by the other CDUs in proportion to
    their flows. Its primary valve closes; the other CDUs keep their facility flow. A pump out: one pump
    of the set stops (the standby starts when there is one) and the facility loop is solved again. A
    unit out: the first unit of that model stops and the facility flow divides among the others.
    """
    gov = case.governing
    amb = _ambient(gov)
    c = case.design.cooling
    out = {}
    for lid, fh in hydraulics.items():
        fp = plants[lid]
        if fh.result is None:
            out[lid] = {"cdu_out": {}, "pump_out": {}, "unit_out": {}, "n_plus_1_ok": False, "diagnosis": fh.diagnosis}
            continue
        setup, floop = fp.setup, next(l for l in c.loops if l.id == lid)
        ff = case.fluids[lid]
        result = {"cdu_out": {}, "pump_out": {}, "unit_out": {}}
        cdu_ids = [x.id for x in setup.hydraulics.cdus]
        groups = _unit_groups(setup.units) if case.reuse else []
        for cdu in fh.cdus:
            s = _tcs_state(case, fh.tcs_ids, cdu.id, base=fh.state if case.reuse else None)
            bank, loop = cdu_bank(case, setup, s, fh.result)
            plant = _n_plus_1_plant(case, bank, setup.units, amb, loop, groups)
            entry = _verdict(case, fh, s, plant)
            entry["diagnosis"] = worst_cdu_text(plant, cdu_ids)
            entry["cdu_loading_percent"] = {
                x.id: _f(100 * float(plant.cdus.heat_w[i]) / x.capacity_w, 3)
                for i, x in enumerate(fh.cdus) if x.tcs_loop == cdu.tcs_loop and x.id != cdu.id}
            over = {k: v for k, v in entry["cdu_loading_percent"].items() if v is not None and v > 100.0}
            if over:  # the survivors hold the temperatures only by running beyond their rating: N+1 fails
                entry["ok"] = False
                entry["diagnosis"] += "; with it out, " + ", ".join(
                    f"{k} carries {v:.0f} % of its rated capacity" for k, v in sorted(over.items()))
            result["cdu_out"][cdu.id] = entry
        loop_pumps = [p for p in c.pumps if p.loop == lid]
        for pump in loop_pumps:
            standby = standby_starts(pump, loop_pumps)
            own = pump.running == 0 or pump.count > pump.running
            # a standby of the same curve starts: the same network and plant, flow for flow (one of another
            # set is taken from the intact solve also without reuse: the network built with this set's pump
            # out would not start it)
            if standby and (case.reuse or not own):
                res, plant = fh.result, fp.results[gov.basis]
            else:
                res = _solve(facility_network(case.design, floop, ff.density, ff.cp, pump_out=pump.id), ff)
                plant = None
                if res.converged:
                    bank, loop = cdu_bank(case, setup, fh.state, res)
                    plant = _n_plus_1_plant(case, bank, setup.units, amb, loop, groups)
            entry = _verdict(case, fh, fh.state, plant) if plant else {"ok": False, "worst_t_supply_c": None,
                                                                        "min_flow_ratio": None}
            result["pump_out"][pump.id] = {"standby_available": standby, **entry,
                                           "diagnosis": worst_cdu_text(plant, cdu_ids) if plant else res.diagnosis}
        bank, loop = cdu_bank(case, setup, fh.state, fh.result)
        for unit in [u for u in c.heat_rejection if u.loop == lid]:
            first = setup.unit_ids.index(unit.id)
            units = [dataclasses.replace(u, in_service=False) if k == first else u for k, u in enumerate(setup.units)]
            plant = _n_plus_1_plant(case, bank, units, amb, loop)
            entry = _verdict(case, fh, fh.state, plant)
            result["unit_out"][unit.id] = {"ok": entry["ok"], "worst_t_supply_c": entry["worst_t_supply_c"],
                                           "t_facility_supply_c": _c(plant.t_facility_supply_k),
                                           "diagnosis": worst_cdu_text(plant, cdu_ids)}
        result["n_plus_1_ok"] = all(v["ok"] for part in ("cdu_out", "pump_out", "unit_out")
                                    for v in result[part].values())
        out[lid] = result
    return out


