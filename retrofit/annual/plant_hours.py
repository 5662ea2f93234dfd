"""The thermal balance of one facility loop at every hour of a year, vectorised over the hours.

The same physics and control as :func:`retrofit.cooling.plant.solve_plant` (it reuses the
heat-rejection performance functions and their setpoint control), solved for all hours at once: the
facility supply is the (reset) setpoint in every hour where the units, and then the trim chiller, can
hold it; in the other hours it floats to the temperature where the heat removed equals the load,
found by regula falsi on all of them together. At full load, without reset, at a design ambient, it
gives what ``solve_plant`` gives (a consistency test holds the two equal).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..cooling import heat_exchange as hx
from ..cooling import heat_rejection as hr
from ..cooling.chillers import air_cooled_chiller
from ..cooling.rejection_performance import UnitPerformance
from ..errors import OutOfRange, NotConverged
from ..cooling.plant_records import CduBank, FacilityLoop
from .controls import ControlOptions, reset_setpoint, speed_fraction

HELD_TOLERANCE_K = 1e-9
"""The supply is held when the water leaving the heat rejection is at most this far above the setpoint
[K] (the tolerance of :func:`retrofit.cooling.plant.solve_plant`)."""
ROOT_TOLERANCE_K = 1e-7
"""Fan speeds and floating supplies are solved until the leaving water is this close to its target [K]."""
_ITERATIONS = 100
_CHILLER = "air_cooled_chiller"


def illinois_root(func, low, high, f_low, f_high, tolerance: float, x_tolerance: float = 1e-13):
    """Roots of a monotone function on many brackets at once, by the Illinois variant of regula falsi.

    Parameters
    ----------
    func : callable
        ``func(x, index)`` evaluates the function at ``x`` for the brackets ``index`` (an integer array).
    low, high : array
        Bracket ends [unit of x].
    f_low, f_high : array
        Function values there, of opposite signs [unit of f].
    tolerance : float
        Stop a bracket when :math:`|f| <` this [unit of f].
    x_tolerance : float
        Or when the bracket is narrower than this [unit of x].

    Returns
    -------
    root : numpy.ndarray
        The roots [unit of x].

    Raises
    ------
    NotConverged
        When brackets remain open after 100 iterations.

    Notes
    -----
    Regula falsi with the retained end's value halved when the same end is kept twice (Dowell and
    Jarratt, "A modified regula falsi method for computing the root of an equation", BIT 11, 1971,
    pp. 168-174): superlinear, and it never leaves its bracket. Only the brackets still open are
    evaluated.

    Examples
    --------
    >>> r = illinois_root(lambda x, i: x**3 - 2.0, np.array([0.0]), np.array([2.0]), np.array([-2.0]),
    ...                   np.array([6.0]), 1e-12)
    >>> round(float(r[0]), 9)
    1.25992105
    """
    a, b = np.array(low, dtype=float), np.array(high, dtype=float)
    fa, fb = np.array(f_low, dtype=float), np.array(f_high, dtype=float)
    root = np.where(np.abs(fa) <= np.abs(fb), a, b)
    side = np.zeros(a.shape, dtype=int)
    active = np.flatnonzero((np.abs(fa) >= tolerance) & (np.abs(fb) >= tolerance) & (np.abs(b - a) > x_tolerance))
    for _ in range(_ITERATIONS):
        if active.size == 0:
            return root
        aa, bb, ffa, ffb = a[active], b[active], fa[active], fb[active]
        c = (aa * ffb - bb * ffa) / (ffb - ffa)
        c = np.where(np.isfinite(c) & (c > np.minimum(aa, bb)) & (c < np.maximum(aa, bb)), c, 0.5 * (aa + bb))
        fc = np.asarray(func(c, active), dtype=float)
        root[active] = c
        same_b = np.sign(fc) == np.sign(ffb)
        s = side[active]
        fa_new = np.where(same_b & (s == -1), 0.5 * ffa, ffa)
        fb_new = np.where(~same_b & (s == 1), 0.5 * ffb, ffb)
        a[active] = np.where(same_b, aa, c)
        fa[active] = np.where(same_b, fa_new, fc)
        b[active] = np.where(same_b, c, bb)
        fb[active] = np.where(same_b, fc, fb_new)
        side[active] = np.where(same_b, -1, 1)
        done = (np.abs(fc) < tolerance) | (np.abs(b[active] - a[active]) <= x_tolerance)
        active = active[~done]
    raise NotConverged("annual plant root (Illinois regula falsi)", float(np.max(np.abs(fb[active] - fa[active]))),
                       tolerance, _ITERATIONS)


def units_to_setpoint(model: str, rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k,
                      altitude_m: float, t_setpoint_k) -> UnitPerformance:
    """Operating point of identical units whose fans (or compressors) modulate to a setpoint, every hour.

    Parameters
    ----------
    model : str
        Heat-rejection model name.
    rating : rating dataclass
        The units' rating.
    t_fluid_in_k : array
        Entering water [K].
    flow_kg_s : array
        Water flow per unit [kg/s].
    cp_j_kg_k : float
        Water specific heat [J/(kg·K)].
    t_dry_bulb_k, t_wet_bulb_k : array
        Ambient [K].
    altitude_m : float
        Altitude [m].
    t_setpoint_k : array
        Leaving-water setpoint [K].

    Returns
    -------
    UnitPerformance
        Per unit, as :func:`retrofit.cooling.heat_rejection.control_to_setpoint` defines it (speed 0 when
        the water enters at or below the setpoint or the ambient is warmer, 1 when full speed cannot
        reach it), with the speed solved by :func:`illinois_root` to :data:`ROOT_TOLERANCE_K` instead of
        bisection to 1e-15 in speed: about ten model evaluations instead of fifty.
    """
    perf = hr.heat_rejection_model(model).performance
    t_in = np.asarray(t_fluid_in_k, dtype=float)
    sp = np.broadcast_to(np.asarray(t_setpoint_k, dtype=float), t_in.shape)
    args = [np.broadcast_to(np.asarray(v, dtype=float), t_in.shape) if v is not None else None
            for v in (flow_kg_s, t_dry_bulb_k, t_wet_bulb_k)]
    full = np.asarray(perf(rating, t_in, args[0], cp_j_kg_k, args[1], args[2], altitude_m, speed=1.0).t_fluid_out_k)
    off = (t_in <= sp) | (full >= t_in)
    saturated = (full >= sp) & ~off
    search = np.flatnonzero(~(off | saturated))
    speed = np.where(off, 0.0, 1.0)
    if search.size:
        def f(s, i):
            j = search[i]
            return np.asarray(perf(rating, t_in[j], args[0][j], cp_j_kg_k, args[1][j],
                                   None if args[2] is None else args[2][j], altitude_m, speed=s).t_fluid_out_k) - sp[j]
        speed[search] = illinois_root(f, np.zeros(search.size), np.ones(search.size), t_in[search] - sp[search],
                                      full[search] - sp[search], ROOT_TOLERANCE_K)
    return perf(rating, t_in, args[0], cp_j_kg_k, args[1], args[2], altitude_m, speed=speed)


@dataclass(frozen=True)
class LoopDrives:
    """Electric power of a facility loop's pumps and CDUs at design, and the heat it carries.

    Attributes
    ----------
    facility_pump_electric_w : float
        Facility pumps at the design flow [W].
    facility_pump_shaft_w : float
        Their shaft power, the heat they add to the water [W].
    cdu_electric_w : float
        CDU pumps and controls [W] (constant: the racks need their flow).
    room_heat_w : float
        Heat of CRAHs and rear doors into the facility water at full IT load [W].
    """

    facility_pump_electric_w: float
    facility_pump_shaft_w: float
    cdu_electric_w: float
    room_heat_w: float


@dataclass(frozen=True)
class PlantHours:
    """A facility loop over the hours (arrays of one value per hour).

    Attributes
    ----------
    t_supply_setpoint_k : numpy.ndarray
        Facility supply setpoint after the reset [K].
    t_facility_supply_k : numpy.ndarray
        Facility supply reached [K].
    held : numpy.ndarray of bool
        Supply at its setpoint.
    infeasible : numpy.ndarray of bool
        No balance below ``t_supply_max_k``: heat is not removed.
    shortfall_w : numpy.ndarray
        Heat not removed at the bound [W].
    heat_load_w : numpy.ndarray
        Rack, room, CDU-pump and facility-pump heat into the facility water [W].
    rejection_power_w : numpy.ndarray
        Heat-rejection fans (and chillers in parallel) [W].
    chiller_power_w : numpy.ndarray
        Trim chiller in series [W].
    chiller_heat_w : numpy.ndarray
        Cooling by the trim chiller [W].
    facility_pump_power_w : numpy.ndarray
        Facility pumps [W].
    cdu_power_w : numpy.ndarray
        CDU pumps and controls [W].
    water_kg_s : numpy.ndarray
        Make-up water [kg/s].
    pads_wet : numpy.ndarray of bool
        Adiabatic pads wet (evaporating) in some unit.
    parallel_chiller_on : numpy.ndarray of bool
        A chiller in parallel with the coolers is loaded.
    t_tcs_supply_max_k : numpy.ndarray
        Warmest TCS supply over the CDUs [K].
    cdu_excess_max_k : numpy.ndarray
        Largest TCS supply above its setpoint [K].
    """

    t_supply_setpoint_k: np.ndarray
    t_facility_supply_k: np.ndarray
    held: np.ndarray
    infeasible: np.ndarray
    shortfall_w: np.ndarray
    heat_load_w: np.ndarray
    rejection_power_w: np.ndarray
    chiller_power_w: np.ndarray
    chiller_heat_w: np.ndarray
    facility_pump_power_w: np.ndarray
    cdu_power_w: np.ndarray
    water_kg_s: np.ndarray
    pads_wet: np.ndarray
    parallel_chiller_on: np.ndarray
    t_tcs_supply_max_k: np.ndarray
    cdu_excess_max_k: np.ndarray


def _unit_groups(units):
    """Identical in-service units counted once: [(model, rating, flow weight, count)] in a stable order."""
    groups: dict[tuple, int] = {}
    for u in units:
        if not u.in_service:
            continue
        hr.heat_rejection_model(u.model)
        weight = float(np.asarray(u.rating.q_rated_w)) if u.flow_weight is None else float(u.flow_weight)
        key = (u.model, u.rating, weight)
        groups[key] = groups.get(key, 0) + 1
    return [(m, r, w, n) for (m, r, w), n in groups.items()]


def _cdu_terms(a: dict, x, flow_fraction, arrangement: str):
    """Per hour and CDU: heat into the TCS [W] and the rise of the natural TCS supply over the facility
    supply, :math:`Q/(\\varepsilon C_{min}) - Q/C_{tcs}` [K] (in-service CDUs only)."""
    on = a["in_service"]
    heat = x[:, None] * a["heat_w"][on][None, :] + a["pump_heat_w"][on][None, :]
    m_fac = flow_fraction[:, None] * a["flow_facility_kg_s"][on][None, :]
    m_tcs = a["flow_tcs_kg_s"][on]
    ua = hx.ua_at_flows(a["ua_w_k"][on], m_tcs, m_fac, m_tcs, a["flow_facility_kg_s"][on])
    c_tcs = m_tcs * a["cp_tcs_j_kg_k"][on]
    c_fac = m_fac * a["cp_facility_j_kg_k"][on]
    eps = np.asarray(hx.hx_outlet_temperatures(1.0, 0.0, np.broadcast_to(c_tcs, c_fac.shape), c_fac, ua,
                                               arrangement).effectiveness)
    rise = heat / (eps * np.minimum(c_tcs, c_fac)) - heat / c_tcs
    return heat, rise, a["t_tcs_setpoint_k"][on]


def plant_hours(cdus: CduBank, units, loop: FacilityLoop, drives: LoopDrives, t_dry_bulb_k, t_wet_bulb_k,
                altitude_m: float, load_fraction, controls: ControlOptions = ControlOptions()) -> PlantHours:
    """Solve a facility loop's plant at every hour.

    Parameters
    ----------
    cdus : CduBank
        The loop's CDUs at design (full IT load, design flows).
    units : sequence of RejectionUnit
        Heat-rejection units in parallel.
    loop : FacilityLoop
        Design setpoint [K], pump and room heat at design [W] (``pump_heat_w`` = facility pump shaft
        power plus ``drives.room_heat_w``), optional trim chiller in series, search bound [K].
    drives : LoopDrives
        Pump and CDU electric power at design [W], and the room heat [W].
    t_dry_bulb_k : array
        Hourly dry bulb [K].
    t_wet_bulb_k : array
        Hourly wet bulb [K].
    altitude_m : float
        Site altitude [m].
    load_fraction : array
        IT load over design IT load, each hour [-], 0-1.
    controls : ControlOptions
        Pump and fan minimum speeds, supply reset limit.

    Returns
    -------
    PlantHours
        Temperatures [K], powers [W], water [kg/s] and flags, one value per hour.

    Notes
    -----
    Hour h with load fraction :math:`x_h`: CDU heat :math:`x_h Q_i + Q_{pump,i}`, facility flow
    :math:`n_h \\dot m_i` with :math:`n_h = \\max(x_h, n_{min})`, CDU UA rescaled to the flows
    (:func:`~retrofit.cooling.heat_exchange.ua_at_flows`), facility pump heat :math:`n_h^3 P_{shaft}`,
    room heat :math:`x_h Q_{room}`. Setpoint :math:`T_{sp,h}` from :func:`controls.reset_setpoint`
    with the CDU limit :math:`\\min_i [T_{set,i} - Q_i/(\\varepsilon_i C_{min,i}) + Q_i/C_{tcs,i}]`.
    Water enters the units at :math:`T_{sp} + Q_h/C_{f,h}`; each group of identical units runs
    :func:`~retrofit.cooling.heat_rejection.control_to_setpoint`; the mixed water goes to the trim
    chiller. Where it stays above the setpoint the supply solves :math:`g(T) = \\ell(T) - T = 0` as in
    :func:`~retrofit.cooling.plant.solve_plant` (g strictly decreasing) on :math:`[T_{sp}, T_{max}]`, by
    :func:`illinois_root` to :data:`ROOT_TOLERANCE_K`.
    """
    t_db = np.atleast_1d(np.asarray(t_dry_bulb_k, dtype=float))
    t_wb = np.atleast_1d(np.asarray(t_wet_bulb_k, dtype=float))
    n = t_db.shape[0]
    x = np.broadcast_to(np.asarray(load_fraction, dtype=float), (n,)).copy()
    a = cdus.arrays()
    on = a["in_service"]
    flow = speed_fraction(x, controls.pump_min_speed)
    flow = np.atleast_1d(flow)
    heat, rise, t_set = _cdu_terms(a, x, flow, cdus.arrangement)
    sp_design = float(loop.t_supply_setpoint_k)
    t_limit = np.min(t_set[None, :] - rise, axis=1) if heat.shape[1] else np.full(n, sp_design)
    sp = np.atleast_1d(reset_setpoint(sp_design, t_limit, controls.supply_reset_max_k))
    c_fac_design = float(np.sum(a["flow_facility_kg_s"][on] * a["cp_facility_j_kg_k"][on]))
    m_design = float(np.sum(a["flow_facility_kg_s"][on]))
    if not m_design > 0.0:
        raise OutOfRange("the facility loop carries no flow through its CDUs at the design point, so its hours "
                         "cannot be simulated (check the loop's pumps and pipes: retrofit analyze reports its hydraulics)")
    cp_mix = c_fac_design / m_design
    m_f, c_f = flow * m_design, flow * c_fac_design
    pump_shaft = drives.facility_pump_shaft_w * flow**3
    q_load = np.sum(heat, axis=1) + pump_shaft + x * drives.room_heat_w
    groups = _unit_groups(units)
    total_weight = sum(w * k for _, _, w, k in groups)
    chiller = loop.trim_chiller

    def leaving(t_fws):
        """Water leaving the last stage with every unit at full speed, as solve_plant's g [K]."""
        t_ent = t_fws + q_load_f / c_f_f
        mixed = np.zeros_like(t_fws) if groups else t_ent.copy()
        for model, rating, w, k in groups:
            perf = hr.heat_rejection_model(model).performance
            fl = m_f_f * w / total_weight
            t_full = np.asarray(perf(rating, t_ent, fl, cp_mix, tdb_f, twb_f, altitude_m, speed=1.0).t_fluid_out_k)
            leave = np.where((t_ent <= sp_f) | (t_full >= t_ent), t_ent, np.maximum(sp_f, t_full))
            mixed = mixed + k * fl * leave / m_f_f
        if chiller is not None:
            t_ch = np.asarray(air_cooled_chiller(chiller, mixed, m_f_f, cp_mix, tdb_f, speed=1.0).t_fluid_out_k)
            mixed = np.where(mixed > sp_f, np.maximum(sp_f, np.minimum(t_ch, mixed)), mixed)
        return mixed

    # held where the units (and chiller) reach the setpoint with the supply at it
    q_load_f, c_f_f, m_f_f, tdb_f, twb_f, sp_f = q_load, c_f, m_f, t_db, t_wb, sp
    g_sp = leaving(sp) - sp
    held = g_sp <= HELD_TOLERANCE_K
    t_fws = sp.copy()
    infeasible = np.zeros(n, dtype=bool)
    shortfall = np.zeros(n)
    idx = np.flatnonzero(~held)
    if idx.size:
        q_load_f, c_f_f, m_f_f, tdb_f, twb_f, sp_f = q_load[idx], c_f[idx], m_f[idx], t_db[idx], t_wb[idx], sp[idx]
        t_max = np.full(idx.size, float(loop.t_supply_max_k))
        g_max = leaving(t_max) - t_max
        bad = g_max > 0.0
        ok = np.flatnonzero(~bad)
        root = t_max.copy()
        if ok.size:
            sub = idx[ok]

            def g(t, i):
                nonlocal q_load_f, c_f_f, m_f_f, tdb_f, twb_f, sp_f
                j = sub[i]
                q_load_f, c_f_f, m_f_f, tdb_f, twb_f, sp_f = q_load[j], c_f[j], m_f[j], t_db[j], t_wb[j], sp[j]
                return leaving(t) - t

            root[ok] = illinois_root(g, sp[sub], t_max[ok], g_sp[sub], g_max[ok], ROOT_TOLERANCE_K)
        t_fws[idx] = np.where(bad, t_max, root)
        infeasible[idx] = bad
        shortfall[idx] = np.where(bad, g_max * c_f_f, 0.0)

    # operating point at the supply found: units modulate to the setpoint, then the trim chiller
    t_ent = t_fws + q_load / c_f
    rejection_power, water = np.zeros(n), np.zeros(n)
    pads, parallel_chiller = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    mixed = np.zeros(n) if groups else t_ent.copy()
    for model, rating, w, k in groups:
        fl = m_f * w / total_weight
        s = units_to_setpoint(model, rating, t_ent, fl, cp_mix, t_db, t_wb, altitude_m, sp)
        rejection_power += k * np.asarray(s.electric_power_w)
        water += k * np.asarray(s.water_kg_s)
        mixed += k * fl * np.asarray(s.t_fluid_out_k) / m_f
        if model == "adiabatic_cooler":
            pads |= np.asarray(s.water_kg_s) > 0.0
        if model == _CHILLER:
            parallel_chiller |= np.asarray(s.heat_w) > 0.0
    chiller_power, chiller_heat = np.zeros(n), np.zeros(n)
    if chiller is not None:
        ch = units_to_setpoint(_CHILLER, chiller, mixed, m_f, cp_mix, t_db, None, altitude_m, sp)
        chiller_power, chiller_heat = np.asarray(ch.electric_power_w, dtype=float), np.asarray(ch.heat_w, dtype=float)
    natural = t_fws[:, None] + rise
    supply = np.maximum(natural, t_set[None, :]) if rise.shape[1] else np.full((n, 1), np.nan)
    excess = np.maximum(natural - t_set[None, :], 0.0) if rise.shape[1] else np.zeros((n, 1))
    return PlantHours(
        t_supply_setpoint_k=sp, t_facility_supply_k=t_fws, held=held, infeasible=infeasible, shortfall_w=shortfall,
        heat_load_w=q_load, rejection_power_w=rejection_power, chiller_power_w=chiller_power,
        chiller_heat_w=chiller_heat, facility_pump_power_w=drives.facility_pump_electric_w * flow**3,
        cdu_power_w=np.full(n, drives.cdu_electric_w), water_kg_s=water, pads_wet=pads,
        parallel_chiller_on=parallel_chiller, t_tcs_supply_max_k=np.max(supply, axis=1),
        cdu_excess_max_k=np.max(excess, axis=1))
