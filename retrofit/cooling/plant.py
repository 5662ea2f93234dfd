"""Steady-state thermal balance of a liquid-cooling plant: CDUs, facility loop, heat rejection.

Given the CDUs (heat from their racks into the technology cooling system, TCS, and their flows and
UA), the facility-water loop (pump heat, optional trim chiller in series) and the heat-rejection
units in parallel against the ambient, :func:`solve_plant` finds the facility supply temperature,
every CDU's TCS supply and return temperatures and approach, and each unit's loading, fan speed and
power. Everything is vectorised over CDUs (a 250-CDU campus solves in milliseconds); pipes and
pressure are handled by the hydraulics kernels, not here.

Control model
-------------
* Heat-rejection units modulate their fans to hold the facility-supply setpoint at their outlet;
  a unit that cannot reach it runs at full speed. A trim chiller after them (in series) cools the
  mixed water the rest of the way, up to its capacity at the ambient.
* When the units and chiller cannot hold the setpoint, the supply floats to the equilibrium where
  the heat removed equals the load (one monotone equation in the supply temperature, solved with
  :func:`scipy.optimize.brentq`); beyond ``t_supply_max_k`` the case is infeasible and the result
  carries the shortfall.
* Each CDU holds its TCS supply at its setpoint with a TCS-side bypass when its exchanger can; when
  it cannot (the setpoint is below what the full UA gives) the TCS supply floats above it and the
  excess is reported.

In steady state every CDU passes its whole heat to the facility water whatever its valve does, so
the facility return temperature is :math:`T_{fws} + \\sum Q_i/\\sum C_{f,i}` and the facility side
can be solved before the CDUs.

The input and result records are defined in :mod:`retrofit.cooling.plant_records` and importable from
here as well (see ``__all__``); the balance with a CDU or a unit out of service (N-1) is in
:mod:`retrofit.cooling.plant_contingencies`.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.optimize import brentq

from ..errors import OutOfRange
from . import heat_exchange as hx
from . import heat_rejection as hr
from .chillers import air_cooled_chiller, chiller_capacity
from .plant_records import (
    Ambient,
    CduBank,
    CduResults,
    ChillerResult,
    FacilityLoop,
    PlantResult,
    RejectionUnit,
    UnitResults,
    worst_cdu_text,
)

__all__ = [
    "solve_plant", "capacity_at_design",
    "Ambient", "CduBank", "CduResults", "ChillerResult", "FacilityLoop", "PlantResult", "RejectionUnit",
    "UnitResults", "worst_cdu_text",
]

_HELD_TOLERANCE_K = 1e-9
_WET_BULB_MODELS = ("adiabatic_cooler", "cooling_tower_open", "cooling_tower_closed")


def _groups(units: Sequence[RejectionUnit]):
    """In-service units grouped by model: {model: (indices, stacked rating, weights)}."""
    groups: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        hr.heat_rejection_model(u.model)
        if u.in_service:
            groups.setdefault(u.model, []).append(i)
    out = {}
    for model, idx in sorted(groups.items()):
        ratings = [units[i].rating for i in idx]
        weights = np.array([float(np.asarray(units[i].rating.q_rated_w)) if units[i].flow_weight is None
                            else float(units[i].flow_weight) for i in idx])
        out[model] = (np.array(idx), hr.stack_ratings(ratings), weights)
    return out


def _celsius(t_k: float) -> str:
    return f"{t_k - 273.15:.2f} °C"


def solve_plant(cdus: CduBank, units: Sequence[RejectionUnit], ambient: Ambient, loop: FacilityLoop) -> PlantResult:
    """Solve the steady thermal balance of CDUs, facility loop and heat-rejection units.

    Parameters
    ----------
    cdus : CduBank
        The CDUs: rack heat [W], flows [kg/s], cp [J/(kg·K)], UA [W/K], TCS setpoints [K].
    units : sequence of RejectionUnit
        Heat-rejection units in parallel on the facility loop.
    ambient : Ambient
        Dry bulb [K], wet bulb [K] and altitude [m].
    loop : FacilityLoop
        Facility supply setpoint [K], pump heat [W], optional trim chiller, search bound [K].

    Returns
    -------
    PlantResult
        Temperatures [K], heats [W], fan speeds, powers [W], water [kg/s], per CDU and unit, with
        ``converged`` and a diagnosis.

    Raises
    ------
    OutOfRange
        For non-physical inputs (negative heat, zero flow or UA on a loaded CDU), or an ambient
        outside a unit model's validity range.

    Notes
    -----
    With :math:`T_{ent} = T_{fws} + Q_{load}/C_f` entering the units, unit j leaves at
    :math:`\\ell_j = \\max(T_{sp}, T_{j,full}(T_{ent}))` (or :math:`T_{ent}` with fans off when the
    ambient is warmer than the water), the mixed water at :math:`L = \\sum C_j\\ell_j/C_f`, and
    the chiller (if any) takes it to :math:`\\max(T_{sp}, T_{ch,full}(L))`. The supply solves
    :math:`g(T_{fws}) = \\ell_{final}(T_{fws}) - T_{fws} = 0`; each :math:`\\ell` rises with
    :math:`T_{fws}` with slope below 1, so g is strictly decreasing and the root is unique: the
    setpoint when :math:`g(T_{sp}) = 0`, otherwise Brent's method on :math:`[T_{sp}, T_{max}]` to
    1e-12 K. The CDU of rack heat :math:`Q_i` then has, at full UA,
    :math:`T_{ret} = T_{fws} + Q_i/(\\varepsilon_i C_{min,i})` and
    :math:`T_{sup} = T_{ret} - Q_i/C_{tcs,i}`; it holds :math:`\\max(T_{sup}, T_{set,i})`.

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, §11.4 (ε-NTU).
    ASHRAE TC 9.9, *Thermal Guidelines for Data Processing Environments*, 5th ed., 2021
    (facility-water classes W17–W45).
    Brent, R.P., *Algorithms for Minimization without Derivatives*, Prentice-Hall, 1973, ch. 4.
    """
    a = cdus.arrays()
    on = a["in_service"]
    q_cdu = np.where(on, a["heat_w"] + a["pump_heat_w"], 0.0)
    if np.any(q_cdu < 0.0):
        raise OutOfRange("CDU heat must be >= 0 W")
    for name in ("flow_tcs_kg_s", "cp_tcs_j_kg_k", "flow_facility_kg_s", "cp_facility_j_kg_k", "ua_w_k"):
        if np.any(on & ~(a[name] > 0.0)):
            bad = int(np.flatnonzero(on & ~(a[name] > 0.0))[0])
            raise OutOfRange(f"CDU {bad}: {name} must be > 0 for a CDU in service")
    c_facility_each = np.where(on, a["flow_facility_kg_s"] * a["cp_facility_j_kg_k"], 0.0)
    c_facility = float(np.sum(c_facility_each))
    m_facility = float(np.sum(np.where(on, a["flow_facility_kg_s"], 0.0)))
    if c_facility <= 0.0:
        return _no_flow_result(a, units, float(loop.pump_heat_w))
    cp_mix = c_facility / m_facility
    q_load = float(np.sum(q_cdu)) + float(loop.pump_heat_w)
    sp = float(loop.t_supply_setpoint_k)
    groups = _groups(units)
    needs_wet_bulb = sorted(m for m in groups if m in _WET_BULB_MODELS)
    if needs_wet_bulb and ambient.t_wet_bulb_k is None:
        raise OutOfRange(f"the ambient wet bulb is needed by {', '.join(needs_wet_bulb)}")
    total_weight = sum(float(np.sum(g[2])) for g in groups.values())
    flows = {m: m_facility * g[2] / total_weight for m, g in groups.items()}
    env = (ambient.t_dry_bulb_k, ambient.t_wet_bulb_k, ambient.altitude_m)
    chiller = loop.trim_chiller

    def g(t_fws: float) -> float:
        """Supply leaving the last stage minus the supply assumed [K]."""
        t_ent = t_fws + q_load / c_facility
        mixed = t_ent if not groups else 0.0
        for model, (_, rating, _) in groups.items():
            perf = hr.heat_rejection_model(model).performance
            t_full = np.asarray(perf(rating, t_ent, flows[model], cp_mix, *env, speed=1.0).t_fluid_out_k)
            leave = np.where((t_ent <= sp) | (t_full >= t_ent), t_ent, np.maximum(sp, t_full))
            mixed += float(np.sum(flows[model] * leave)) / m_facility
        if chiller is not None and mixed > sp:
            t_ch = float(air_cooled_chiller(chiller, mixed, m_facility, cp_mix, ambient.t_dry_bulb_k,
                                            speed=1.0).t_fluid_out_k)
            mixed = max(sp, min(t_ch, mixed))
        return mixed - t_fws

    converged, shortfall = True, 0.0
    g_sp = g(sp)
    if g_sp <= _HELD_TOLERANCE_K:
        t_fws, held = sp, True
    else:
        held = False
        t_max = float(loop.t_supply_max_k)
        g_max = g(t_max)
        if g_max > 0.0:
            converged, t_fws = False, t_max
            shortfall = g_max * c_facility
        else:
            t_fws = brentq(g, sp, t_max, xtol=1e-12, rtol=4.0 * np.finfo(float).eps, maxiter=200)

    t_ret = t_fws + float(np.sum(q_cdu)) / c_facility
    t_ent = t_ret + float(loop.pump_heat_w) / c_facility
    m = len(units)
    nan = np.full(m, np.nan)
    res = {k: nan.copy() for k in ("flow_kg_s", "heat_w", "capacity_w", "loading", "speed", "t_leaving_k",
                                   "electric_power_w", "water_kg_s", "heat_to_ambient_w")}
    t_mixed = t_ent if not groups else 0.0
    for model, (idx, rating, _) in groups.items():
        perf = hr.heat_rejection_model(model).performance
        full = perf(rating, t_ent, flows[model], cp_mix, *env, speed=1.0)
        state = hr.control_to_setpoint(model, rating, t_ent, flows[model], cp_mix, *env, sp)
        n_units = len(idx)
        res["flow_kg_s"][idx] = flows[model]
        for key, value in (("heat_w", state.heat_w), ("speed", state.speed), ("t_leaving_k", state.t_fluid_out_k),
                           ("electric_power_w", state.electric_power_w), ("water_kg_s", state.water_kg_s),
                           ("heat_to_ambient_w", state.heat_to_ambient_w), ("capacity_w", full.heat_w)):
            res[key][idx] = np.broadcast_to(np.asarray(value, dtype=float), (n_units,))
        t_mixed += float(np.sum(flows[model] * res["t_leaving_k"][idx])) / m_facility
    with np.errstate(divide="ignore", invalid="ignore"):
        res["loading"] = np.where(res["capacity_w"] > 0.0, res["heat_w"] / res["capacity_w"],
                                  np.where(np.isnan(res["heat_w"]), np.nan, 0.0))
    heat_rejected = float(np.nansum(res["heat_w"]))
    power = float(np.nansum(res["electric_power_w"]))
    water = float(np.nansum(res["water_kg_s"]))
    chiller_result = None
    if chiller is not None:
        ch = hr.control_to_setpoint("air_cooled_chiller", chiller, t_mixed, m_facility, cp_mix, *env, sp)
        chiller_result = ChillerResult(float(ch.heat_w), float(ch.speed), float(ch.electric_power_w),
                                       float(ch.heat_to_ambient_w), t_mixed)
        heat_rejected += float(ch.heat_w)
        power += float(ch.electric_power_w)

    cdu_res = _cdu_states(a, q_cdu, t_fws, cdus.arrangement)
    notes = []
    if not converged:
        diagnosis = (f"infeasible: heat load {q_load / 1e3:,.1f} kW exceeds what the heat-rejection units"
                     f"{' and trim chiller' if chiller is not None else ''} remove with the facility supply at "
                     f"its bound {_celsius(t_fws)}; shortfall {shortfall / 1e3:,.1f} kW")
    elif held:
        diagnosis = f"facility supply held at its setpoint {_celsius(sp)}"
    else:
        diagnosis = (f"heat rejection saturated: facility supply floats to {_celsius(t_fws)}, "
                     f"{t_fws - sp:.2f} K above its setpoint {_celsius(sp)}")
    short = np.flatnonzero(on & ~cdu_res.setpoint_held)
    worst = None
    if short.size:
        worst = int(short[np.argmax(cdu_res.excess_k[short])])
        notes.append(f"{short.size} CDU(s) cannot hold their TCS supply setpoint; the worst at "
                     f"{_celsius(cdu_res.t_tcs_supply_k[worst])}, {cdu_res.excess_k[worst]:.2f} K above setpoint")
        diagnosis += "; " + notes[-1]
    return PlantResult(
        converged=converged, diagnosis=diagnosis, setpoint_held=held and converged,
        t_facility_supply_k=float(t_fws), t_facility_return_k=float(t_ret), t_rejection_entering_k=float(t_ent),
        heat_load_w=q_load, heat_rejected_w=heat_rejected, energy_balance_residual_w=heat_rejected - q_load,
        shortfall_w=float(shortfall), unserved_heat_w=0.0, electric_power_w=power, water_kg_s=water,
        cdus=cdu_res, units=UnitResults(**res), chiller=chiller_result, notes=notes,
        worst_cdu=worst)


def _no_flow_result(a: dict, units: Sequence[RejectionUnit], pump_heat_w: float) -> PlantResult:
    """The result when no CDU is in service with flow: nothing reaches heat rejection (a diagnosis, not a raise)."""
    n, m = a["heat_w"].shape[0], len(units)
    nan_n, nan_m = np.full(n, np.nan), np.full(m, np.nan)
    heat = float(np.sum(a["heat_w"]))
    cdu_res = CduResults(heat_w=nan_n, t_tcs_supply_k=nan_n, t_tcs_return_k=nan_n, approach_k=nan_n,
                         t_facility_return_k=nan_n, effectiveness=nan_n, setpoint_held=np.zeros(n, dtype=bool),
                         excess_k=nan_n)
    unit_res = UnitResults(flow_kg_s=nan_m, heat_w=nan_m, capacity_w=nan_m, loading=nan_m, speed=nan_m,
                           t_leaving_k=nan_m, electric_power_w=nan_m, water_kg_s=nan_m, heat_to_ambient_w=nan_m)
    return PlantResult(
        converged=False, diagnosis=("no CDU in service with flow on both sides: the racks' heat cannot reach the "
                                    "facility loop"),
        setpoint_held=False, t_facility_supply_k=float("nan"), t_facility_return_k=float("nan"),
        t_rejection_entering_k=float("nan"), heat_load_w=heat + pump_heat_w, heat_rejected_w=0.0,
        energy_balance_residual_w=-(heat + pump_heat_w), shortfall_w=heat + pump_heat_w, unserved_heat_w=heat,
        electric_power_w=0.0, water_kg_s=0.0, cdus=cdu_res, units=unit_res)


def _cdu_states(a: dict, q: np.ndarray, t_fws: float, arrangement: str) -> CduResults:
    on = a["in_service"]
    c_tcs = np.where(on, a["flow_tcs_kg_s"] * a["cp_tcs_j_kg_k"], 1.0)
    c_fac = np.where(on, a["flow_facility_kg_s"] * a["cp_facility_j_kg_k"], 1.0)
    c_min = np.minimum(c_tcs, c_fac)
    ua = np.where(on, a["ua_w_k"], 1.0)
    eps = np.asarray(hx.hx_outlet_temperatures(1.0, 0.0, c_tcs, c_fac, ua, arrangement).effectiveness)
    natural = t_fws + q / (eps * c_min) - q / c_tcs
    setpoint = a["t_tcs_setpoint_k"]
    held = natural <= setpoint + _HELD_TOLERANCE_K
    supply = np.where(held, setpoint, natural)
    nan = np.where(on, 1.0, np.nan)
    return CduResults(
        heat_w=q * nan,
        t_tcs_supply_k=supply * nan,
        t_tcs_return_k=(supply + q / c_tcs) * nan,
        approach_k=(supply - t_fws) * nan,
        t_facility_return_k=(t_fws + q / c_fac) * nan,
        effectiveness=eps * nan,
        setpoint_held=held & on,
        excess_k=np.maximum(natural - setpoint, 0.0) * nan,
    )


def _rated_fluid(rating) -> tuple[float, float, float, float]:
    """(rated heat [W], entering fluid [K], fluid flow [kg/s], cp [J/(kg·K)]) of a cooler or tower rating."""
    if hasattr(rating, "t_fluid_in_rated_k"):
        return (float(rating.q_rated_w), float(rating.t_fluid_in_rated_k), float(rating.flow_fluid_rated_kg_s),
                float(rating.cp_fluid_rated_j_kg_k))
    return (float(rating.q_rated_w), float(rating.t_water_in_rated_k), float(rating.flow_water_rated_kg_s),
            float(rating.cp_water_rated_j_kg_k))


def capacity_at_design(units: Sequence[RejectionUnit], ambient: Ambient, t_supply_k: float,
                       cache: dict | None = None) -> np.ndarray:
    """Heat each unit removes at full speed at the design ambient, whatever heat it carries today.

    Parameters
    ----------
    units : sequence of RejectionUnit
        Heat-rejection units (``in_service`` is ignored: the capacity of a unit is its own).
    ambient : Ambient
        Design dry bulb [K], wet bulb [K] and altitude [m].
    t_supply_k : float
        Facility supply setpoint [K]: the water leaves the units at it.
    cache : dict, optional
        Capacities already found, by (model, rating, ambient, setpoint); identical units are evaluated
        once either way.

    Returns
    -------
    numpy.ndarray
        Capacity of each unit [W], in the order given.

    Notes
    -----
    A fluid cooler or tower is taken at its rated fluid flow :math:`\\dot m_r` with the water entering at
    the setpoint plus its rated range, :math:`T_{in} = T_{sp} + Q_r/(\\dot m_r c_{p,r})`, fans at full
    speed, at the design ambient: the capacity the unit offers when the loop runs at its design
    temperatures. It does not follow the load (the capacity in :class:`UnitResults` is at the entering
    temperature of the solved case, which rises when units are lost), so the sum over the units left in
    service falls by one unit's share when a unit is removed. An air-cooled chiller is taken at its
    full-load capacity leaving water at the setpoint (:func:`retrofit.cooling.chillers.chiller_capacity`).

    Examples
    --------
    >>> from retrofit.cooling.fluid_coolers import DryCoolerRating
    >>> r = DryCoolerRating(1.0e6, 318.15, 42.2, 3950.0, 303.15, 110.0, 20e3)
    >>> u = RejectionUnit("dry_cooler", r)
    >>> cap = capacity_at_design([u, u], Ambient(303.15), 312.15)
    >>> [round(float(c) / 1e6, 4) for c in cap]
    [0.9999, 0.9999]
    """
    out = np.zeros(len(units))
    env = (ambient.t_dry_bulb_k, ambient.t_wet_bulb_k, ambient.altitude_m)
    known = {} if cache is None else cache
    same: dict = {}  # (model, rating object) -> capacity: a bank's units share one rating object
    for i, u in enumerate(units):
        mine = (u.model, id(u.rating))
        if mine in same:
            out[i] = same[mine]
            continue
        key = ("capacity_at_design", u.model, u.rating, ambient, float(t_supply_k))
        if key not in known:
            if u.model == "air_cooled_chiller":
                known[key] = float(chiller_capacity(u.rating, t_supply_k, ambient.t_dry_bulb_k))
            else:
                q, _, flow, cp = _rated_fluid(u.rating)
                t_in = t_supply_k + q / (flow * cp)
                perf = hr.heat_rejection_model(u.model).performance
                known[key] = float(perf(u.rating, t_in, flow, cp, *env, speed=1.0).heat_w)
        out[i] = same[mine] = known[key]
    return out
