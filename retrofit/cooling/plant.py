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
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from scipy.optimize import brentq

from ..errors import OutOfRange
from . import heat_exchange as hx
from . import heat_rejection as hr

_HELD_TOLERANCE_K = 1e-9
_WET_BULB_MODELS = ("adiabatic_cooler", "cooling_tower_open", "cooling_tower_closed")


@dataclass(frozen=True)
class CduBank:
    """The CDUs of a plant as arrays (one entry per CDU; scalars broadcast).

    Attributes
    ----------
    heat_w : array
        Heat from the CDU's racks into its TCS [W].
    flow_tcs_kg_s : array
        TCS (secondary) mass flow [kg/s].
    cp_tcs_j_kg_k : array
        TCS fluid specific heat [J/(kg·K)].
    flow_facility_kg_s : array
        Facility-water (primary) mass flow through the CDU [kg/s].
    cp_facility_j_kg_k : array
        Facility fluid specific heat [J/(kg·K)].
    ua_w_k : array
        Exchanger conductance at these flows [W/K] (see :func:`heat_exchange.ua_at_flows`).
    t_tcs_setpoint_k : array
        TCS supply setpoint [K].
    pump_heat_w : array
        Heat the CDU's own pumps add to the TCS [W].
    in_service : array of bool or None
        False for a CDU out of service (its results are NaN); None means all in service.
    arrangement : str
        Exchanger flow arrangement (plate CDUs: ``counterflow``).
    """

    heat_w: object
    flow_tcs_kg_s: object
    cp_tcs_j_kg_k: object
    flow_facility_kg_s: object
    cp_facility_j_kg_k: object
    ua_w_k: object
    t_tcs_setpoint_k: object
    pump_heat_w: object = 0.0
    in_service: object = None
    arrangement: str = "counterflow"

    def arrays(self) -> dict[str, np.ndarray]:
        """Every numeric field broadcast to one length-n float array (``in_service`` as bool)."""
        names = ["heat_w", "flow_tcs_kg_s", "cp_tcs_j_kg_k", "flow_facility_kg_s", "cp_facility_j_kg_k",
                 "ua_w_k", "t_tcs_setpoint_k", "pump_heat_w"]
        values = np.broadcast_arrays(*[np.atleast_1d(np.asarray(getattr(self, k), dtype=float)) for k in names])
        out = {k: v.astype(float).copy() for k, v in zip(names, values)}
        n = out["heat_w"].shape[0]
        service = np.ones(n, dtype=bool) if self.in_service is None else np.asarray(self.in_service, dtype=bool)
        out["in_service"] = np.broadcast_to(service, (n,)).copy()
        return out


@dataclass(frozen=True)
class RejectionUnit:
    """One heat-rejection unit in parallel on the facility loop.

    Attributes
    ----------
    model : str
        Registry name in :data:`heat_rejection.HEAT_REJECTION_MODELS`.
    rating : dataclass
        The model's rating.
    flow_weight : float or None
        Relative share of the facility flow [-]; None uses the rated heat (balanced piping and
        units sized for a common range).
    in_service : bool
        False for a unit out of service.
    """

    model: str
    rating: object
    flow_weight: float | None = None
    in_service: bool = True


@dataclass(frozen=True)
class Ambient:
    """Outdoor design condition.

    Attributes
    ----------
    t_dry_bulb_k : float
        Dry bulb [K].
    t_wet_bulb_k : float or None
        Coincident wet bulb [K]; needed by towers and adiabatic coolers.
    altitude_m : float
        Site altitude [m].
    """

    t_dry_bulb_k: float
    t_wet_bulb_k: float | None = None
    altitude_m: float = 0.0


@dataclass(frozen=True)
class FacilityLoop:
    """Facility-water loop settings.

    Attributes
    ----------
    t_supply_setpoint_k : float
        Facility-water supply setpoint [K].
    pump_heat_w : float
        Heat the facility pumps add to the water [W] (their shaft power, less motor losses to air).
    trim_chiller : AirCooledChillerRating or None
        A chiller in series after the heat-rejection units (the units then act as economiser).
    t_supply_max_k : float
        Highest facility supply the float search considers [K]; above it the case is infeasible.
    """

    t_supply_setpoint_k: float
    pump_heat_w: float = 0.0
    trim_chiller: hr.AirCooledChillerRating | None = None
    t_supply_max_k: float = 353.15


@dataclass(frozen=True)
class CduResults:
    """Per-CDU results (NaN for CDUs out of service)."""

    heat_w: np.ndarray  #: heat into the TCS, racks plus pumps [W]
    t_tcs_supply_k: np.ndarray  #: TCS supply temperature [K]
    t_tcs_return_k: np.ndarray  #: TCS return temperature [K]
    approach_k: np.ndarray  #: TCS supply minus facility supply [K]
    t_facility_return_k: np.ndarray  #: facility water leaving the CDU [K]
    effectiveness: np.ndarray  #: exchanger effectiveness at full UA [-]
    setpoint_held: np.ndarray  #: True where the TCS supply is at its setpoint
    excess_k: np.ndarray  #: TCS supply above its setpoint, 0 when held [K]


@dataclass(frozen=True)
class UnitResults:
    """Per heat-rejection-unit results, in the order given (NaN for units out of service)."""

    flow_kg_s: np.ndarray  #: facility flow through the unit [kg/s]
    heat_w: np.ndarray  #: heat removed from the water [W]
    capacity_w: np.ndarray  #: heat at full speed at the same entering conditions [W]
    loading: np.ndarray  #: heat over capacity [-]
    speed: np.ndarray  #: fan speed (chiller part-load ratio) [-]
    t_leaving_k: np.ndarray  #: leaving-water temperature [K]
    electric_power_w: np.ndarray  #: fan (and compressor) power [W]
    water_kg_s: np.ndarray  #: make-up water [kg/s]
    heat_to_ambient_w: np.ndarray  #: heat released to outdoor air [W]


@dataclass(frozen=True)
class ChillerResult:
    """Trim-chiller operating point."""

    heat_w: float  #: cooling delivered [W]
    part_load: float  #: part-load ratio [-]
    electric_power_w: float  #: compressor and condenser-fan power [W]
    condenser_heat_w: float  #: heat released to outdoor air [W]
    t_entering_k: float  #: water entering the chiller [K]


@dataclass(frozen=True)
class PlantResult:
    """Steady state of the plant.

    Attributes
    ----------
    converged : bool
        False when no steady state exists below ``t_supply_max_k`` or racks lost their CDU.
    diagnosis : str
        What was found, where, and by how much.
    setpoint_held : bool
        True when the facility supply is at its setpoint.
    t_facility_supply_k : float
        Facility supply temperature [K].
    t_facility_return_k : float
        Mixed facility return from the CDUs [K].
    t_rejection_entering_k : float
        Water entering the heat-rejection units, after the facility pump heat [K].
    heat_load_w : float
        Rack heat, CDU pump heat and facility pump heat [W].
    heat_rejected_w : float
        Heat removed from the water by the units and the trim chiller [W].
    energy_balance_residual_w : float
        Heat removed minus heat load [W].
    shortfall_w : float
        Heat that cannot be removed at ``t_supply_max_k`` [W]; 0 when feasible.
    unserved_heat_w : float
        Heat of racks whose CDU is out with no partner in its group [W].
    electric_power_w : float
        Fans and chiller [W].
    water_kg_s : float
        Make-up water [kg/s].
    cdus : CduResults
    units : UnitResults
    chiller : ChillerResult or None
    worst_cdu : int or None
        Index (in the bank) of the CDU furthest above its TCS supply setpoint; None when every CDU holds
        it. The caller, who knows the CDUs' ids, names it (:func:`worst_cdu_text`) [-].
    """

    converged: bool
    diagnosis: str
    setpoint_held: bool
    t_facility_supply_k: float
    t_facility_return_k: float
    t_rejection_entering_k: float
    heat_load_w: float
    heat_rejected_w: float
    energy_balance_residual_w: float
    shortfall_w: float
    unserved_heat_w: float
    electric_power_w: float
    water_kg_s: float
    cdus: CduResults
    units: UnitResults
    chiller: ChillerResult | None = None
    notes: list[str] = field(default_factory=list)
    worst_cdu: int | None = None


def worst_cdu_text(result: PlantResult, cdu_ids: Sequence[str]) -> str:
    """A plant's diagnosis with the CDU furthest above its TCS setpoint named by its id.

    Parameters
    ----------
    result : PlantResult
        The plant's steady state (its CDUs in the order of ``cdu_ids``).
    cdu_ids : sequence of str
        Ids of the bank's CDUs, in order [-].

    Returns
    -------
    str
        ``result.diagnosis``, followed by ``(worst: <id>)`` when a CDU misses its setpoint.
    """
    if result.worst_cdu is None:
        return result.diagnosis
    return f"{result.diagnosis} (worst: {cdu_ids[result.worst_cdu]})"


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
            t_ch = float(hr.air_cooled_chiller(chiller, mixed, m_facility, cp_mix, ambient.t_dry_bulb_k,
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
    full-load capacity leaving water at the setpoint (:func:`heat_rejection.chiller_capacity`).

    Examples
    --------
    >>> r = hr.DryCoolerRating(1.0e6, 318.15, 42.2, 3950.0, 303.15, 110.0, 20e3)
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
                known[key] = float(hr.chiller_capacity(u.rating, t_supply_k, ambient.t_dry_bulb_k))
            else:
                q, _, flow, cp = _rated_fluid(u.rating)
                t_in = t_supply_k + q / (flow * cp)
                perf = hr.heat_rejection_model(u.model).performance
                known[key] = float(perf(u.rating, t_in, flow, cp, *env, speed=1.0).heat_w)
        out[i] = same[mine] = known[key]
    return out


def solve_with_cdu_out(cdus: CduBank, index: int, group, units: Sequence[RejectionUnit], ambient: Ambient,
                       loop: FacilityLoop, *, redistribute_facility_flow: bool = False,
                       exponent: float = 0.8) -> PlantResult:
    """The plant balance with one CDU out of service, its racks shared by the others of its group.

    Parameters
    ----------
    cdus : CduBank
        All CDUs.
    index : int
        Index of the CDU taken out [-].
    group : array of hashable
        Group label of every CDU [-]: CDUs of one group share a TCS header and can take over each
        other's racks.
    units : sequence of RejectionUnit
        Heat-rejection units.
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.
    redistribute_facility_flow : bool
        When True the out CDU's facility flow is shared by the others of its group (constant-flow
        primary); by default it is lost (its valve closes and the others keep their flow, the
        conservative case for their TCS temperatures).
    exponent : float
        Film-coefficient exponent used to rescale the UA of the CDUs whose flows change [-].

    Returns
    -------
    PlantResult
        The balance, with the out CDU's results NaN. ``converged`` is False, and
        ``unserved_heat_w`` > 0, when the CDU has no partner in its group.

    Notes
    -----
    The rack heat (and TCS flow, since the racks still need it) of the out CDU is split equally
    among the in-service CDUs of its group; their UA is rescaled to the new flows with
    :func:`heat_exchange.ua_at_flows`. The out CDU's own pump heat disappears; the others' is
    unchanged.

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*, concurrent maintainability (N-1 of a component).
    """
    a = cdus.arrays()
    group = np.asarray(group)
    n = a["heat_w"].shape[0]
    if not 0 <= index < n:
        raise OutOfRange(f"CDU index {index} outside 0..{n - 1}")
    partners = np.flatnonzero(a["in_service"] & (group == group[index]) & (np.arange(n) != index))
    heat, tcs, fac = a["heat_w"].copy(), a["flow_tcs_kg_s"].copy(), a["flow_facility_kg_s"].copy()
    service = a["in_service"].copy()
    service[index] = False
    unserved = 0.0
    ua = a["ua_w_k"].copy()
    if partners.size:
        k = partners.size
        heat[partners] += heat[index] / k
        tcs[partners] += tcs[index] / k
        if redistribute_facility_flow:
            fac[partners] += fac[index] / k
        ua[partners] = hx.ua_at_flows(a["ua_w_k"][partners], tcs[partners], fac[partners],
                                      a["flow_tcs_kg_s"][partners], a["flow_facility_kg_s"][partners], exponent)
    else:
        unserved = float(a["heat_w"][index])
    reduced = dataclasses.replace(cdus, heat_w=heat, flow_tcs_kg_s=tcs, flow_facility_kg_s=fac, ua_w_k=ua,
                                  in_service=service, t_tcs_setpoint_k=a["t_tcs_setpoint_k"],
                                  cp_tcs_j_kg_k=a["cp_tcs_j_kg_k"], cp_facility_j_kg_k=a["cp_facility_j_kg_k"],
                                  pump_heat_w=a["pump_heat_w"])
    result = solve_plant(reduced, units, ambient, loop)
    if unserved > 0.0:
        return dataclasses.replace(
            result, converged=False, unserved_heat_w=unserved,
            diagnosis=f"the CDU out is the only CDU of group {group[index]!r}: {unserved / 1e3:,.1f} kW of "
                      f"racks lose cooling; " + result.diagnosis)
    return result


def solve_with_unit_out(cdus: CduBank, units: Sequence[RejectionUnit], index: int, ambient: Ambient,
                        loop: FacilityLoop) -> PlantResult:
    """The plant balance with one heat-rejection unit out of service.

    Parameters
    ----------
    cdus : CduBank
        The CDUs.
    units : sequence of RejectionUnit
        All heat-rejection units.
    index : int
        Index of the unit taken out [-].
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.

    Returns
    -------
    PlantResult
        The balance, with the out unit's results NaN; the facility flow divides among the others.

    Notes
    -----
    The facility pumps keep the total flow; the isolated unit's share goes to the units left in
    service in proportion to their flow weights.

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*, concurrent maintainability (N-1 of a component).
    """
    if not 0 <= index < len(units):
        raise OutOfRange(f"unit index {index} outside 0..{len(units) - 1}")
    reduced = [dataclasses.replace(u, in_service=False) if i == index else u for i, u in enumerate(units)]
    return solve_plant(cdus, reduced, ambient, loop)


def n_minus_1_cdus(cdus: CduBank, group, units: Sequence[RejectionUnit], ambient: Ambient, loop: FacilityLoop,
                   **options) -> list[PlantResult]:
    """:func:`solve_with_cdu_out` for every CDU in service, in index order.

    Parameters
    ----------
    cdus : CduBank
        The CDUs.
    group : array of hashable
        Group label of every CDU [-].
    units : sequence of RejectionUnit
        Heat-rejection units.
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.
    **options
        Passed to :func:`solve_with_cdu_out`.

    Returns
    -------
    list of PlantResult
        One result per CDU in service.

    Notes
    -----
    Each contingency is an independent solve (milliseconds each).

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*.
    """
    service = cdus.arrays()["in_service"]
    return [solve_with_cdu_out(cdus, int(i), group, units, ambient, loop, **options) for i in np.flatnonzero(service)]


def n_minus_1_units(cdus: CduBank, units: Sequence[RejectionUnit], ambient: Ambient,
                    loop: FacilityLoop) -> list[PlantResult]:
    """:func:`solve_with_unit_out` for every heat-rejection unit in service, in order.

    Parameters
    ----------
    cdus : CduBank
        The CDUs.
    units : sequence of RejectionUnit
        Heat-rejection units.
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.

    Returns
    -------
    list of PlantResult
        One result per unit in service.

    Notes
    -----
    Each contingency is an independent solve.

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*.
    """
    return [solve_with_unit_out(cdus, units, i, ambient, loop) for i, u in enumerate(units) if u.in_service]
