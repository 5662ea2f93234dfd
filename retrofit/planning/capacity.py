"""Capacity of each constraint of a site for the target rack: closed forms, one per constraint.

Each function here answers "how many target racks does this part of the site allow?" in closed form
(stated in its docstring). The sizing table of :func:`size` collects them; the proposed design is then
checked by the full analysis, which has the last word.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..cooling import heat_rejection as hr
from ..cooling.chillers import AirCooledChillerRating
from ..cooling.cooling_towers import CoolingTowerRating
from ..cooling.fluid_coolers import AdiabaticCoolerRating, DryCoolerRating
from ..cooling.air import air_state, heat_carried
from ..cooling.coolant import coolant
from ..errors import InternalError, NotConverged, OutOfRange
from ..model import Breaker, HeatRejection
from ..units import magnitude
from .basis import C0, PlanBasis

SQRT3 = math.sqrt(3.0)
LOSS_ALLOWANCE = 0.015
"""Electrical losses (transformers, busway) as a fraction of the racks' electrical power [-]; the
load flow of the proposed design gives the actual figure (about 1 % in the examples)."""

NON_LOAD_BREAKER_FACTOR = 0.8
"""Continuous load of a breaker not listed for 100 % loading, as a fraction of its rating (NEC 215.3)."""

HR_MODELS = {"dry_cooler": "dry_cooler", "adiabatic_cooler": "adiabatic_cooler",
             "cooling_tower": "cooling_tower_closed", "chiller": "air_cooled_chiller"}



# --- electrical -----------------------------------------------------------------------------------

def breaker_continuous_a(breaker: Breaker | None) -> float:
    """Continuous current a main breaker carries.

    Parameters
    ----------
    breaker : Breaker or None
        The breaker (its rating [A] and whether it is listed for 100 % continuous duty); None when the
        bus has none.

    Returns
    -------
    float
        Its rating, times 0.8 unless listed for 100 % (NEC 215.3); infinite without a breaker [A].
    """
    if breaker is None:
        return math.inf
    rating = magnitude(breaker.rating, "A")
    return rating if breaker.rated_100_percent else NON_LOAD_BREAKER_FACTOR * rating


@dataclass(frozen=True)
class BlockCapacity:
    """What one transformer with its LV switchboard and main breaker can carry.

    Attributes
    ----------
    normal_va : float
        Highest load in normal operation [VA]: min(rating x normal loading limit, bus, breaker).
    contingency_va : float
        Highest load after a single outage elsewhere [VA]: min(rating x contingency limit, bus, breaker).
    limited_by : str
        Which of transformer, bus or breaker sets ``contingency_va``.
    transformer_va : float
        Transformer rating times the contingency loading limit [VA].
    bus_va, breaker_va : float
        Bus rating and main breaker continuous current, as apparent power at the LV voltage [VA].
    """

    normal_va: float
    contingency_va: float
    limited_by: str
    transformer_va: float
    bus_va: float
    breaker_va: float


MV_DROP_ALLOWANCE = 0.005
"""Voltage drop upstream of a transformer (MV feeders and source) allowed for in block capacity [-]."""


def voltage_factor(load_fraction: float, z_percent: float, xr: float, power_factor: float = 0.98) -> float:
    """Secondary voltage over nominal at a transformer loading [-], for converting current limits to power.

    Parameters
    ----------
    load_fraction : float
        Load over the transformer rating [-].
    z_percent : float
        Impedance voltage [%].
    xr : float
        X/R of the impedance [-].
    power_factor : float
        Load power factor [-].

    Returns
    -------
    float
        :math:`1 - (L\\,(r\\cos\\varphi + x\\sin\\varphi) + \\delta_{MV})`, the usual approximation of a
        transformer's regulation (IEEE C57.12.90 / any transformer text), with r and x the per-unit
        resistance and reactance and :math:`\\delta_{MV}` = ``MV_DROP_ALLOWANCE``.
    """
    z = z_percent / 100.0
    r = z / math.sqrt(1.0 + xr ** 2)
    x = r * xr
    sin = math.sqrt(max(0.0, 1.0 - power_factor ** 2))
    return 1.0 - (load_fraction * (r * power_factor + x * sin) + MV_DROP_ALLOWANCE)


def block_capacity(rating_va: float, v_ll: float, bus_rating_a: float | None, breaker_a: float,
                   loading_normal: float, loading_contingency: float, z_percent: float | None = None,
                   xr: float | None = None) -> BlockCapacity:
    """Load a transformer block carries [VA].

    Parameters
    ----------
    rating_va : float
        Transformer nameplate rating [VA].
    v_ll : float
        LV line-to-line voltage [V].
    bus_rating_a : float or None
        Switchboard bus rating [A] (None: not limiting).
    breaker_a : float
        Main breaker continuous current [A] (see :func:`breaker_continuous_a`).
    loading_normal, loading_contingency : float
        Transformer loading limits in normal operation and after an outage [-].
    z_percent, xr : float, optional
        Transformer impedance [%] and X/R [-]; when given, every limit (all are currents) is turned
        into power at the secondary voltage the load leaves (:func:`voltage_factor`).

    Returns
    -------
    BlockCapacity
        Capacities [VA] and the limiting element.

    Notes
    -----
    :math:`S = u\\,\\min(k\\,S_r,\\ \\sqrt3\\,V\\,I_{bus},\\ \\sqrt3\\,V\\,I_{cb})` with :math:`k` the IEEE C57.91
    loading limit the criteria set (100 % normal, 120 % after an outage by default), the breaker
    current at 80 % of its rating unless it is listed for 100 % continuous duty (NEC 215.3), and u the
    per-unit secondary voltage at that load (1 when the impedance is not given).
    """
    bus_va = SQRT3 * v_ll * bus_rating_a if bus_rating_a else math.inf
    breaker_va = SQRT3 * v_ll * breaker_a
    tx_c = rating_va * loading_contingency
    parts = {"transformer": tx_c, "switchboard bus": bus_va, "main breaker": breaker_va}
    limited = min(parts, key=parts.get)
    normal = min(rating_va * loading_normal, bus_va, breaker_va)
    cont = parts[limited]
    if z_percent is not None and xr is not None:
        normal *= voltage_factor(normal / rating_va, z_percent, xr)
        cont *= voltage_factor(cont / rating_va, z_percent, xr)
    return BlockCapacity(normal, cont, limited, tx_c, bus_va, breaker_va)


@dataclass(frozen=True)
class RackLoad:
    """Apparent power of the racks a power group feeds: compute racks and their network racks.

    Attributes
    ----------
    compute_va : float
        One compute rack at the electrical basis [VA].
    network_va : float
        One network rack [VA].
    racks_per_su, network_per_su : int
        Compute and network racks of a scalable unit [-].
    """

    compute_va: float
    network_va: float
    racks_per_su: int
    network_per_su: int

    def demand_va(self, n: int) -> float:
        """Most a run of ``n`` consecutive compute racks can draw with the network racks laid among them [VA]:
        a run spans at most ceil(n / R) + 1 scalable units, each with its network racks."""
        if n <= 0:
            return 0.0
        nets = (math.ceil(n / self.racks_per_su) + 1) * self.network_per_su if self.network_per_su else 0
        return n * self.compute_va + nets * self.network_va

    def fit(self, capacity_va: float) -> int:
        """Most compute racks whose :meth:`demand_va` stays within ``capacity_va`` [-]."""
        if self.compute_va <= 0:
            return 0
        n = int(capacity_va // self.compute_va)
        while n > 0 and self.demand_va(n) > capacity_va:
            n -= 1
        return n


def rack_load(basis: PlanBasis) -> RackLoad:
    """The apparent power of compute and network racks of a planning basis.

    Parameters
    ----------
    basis : PlanBasis
        Racks [VA] and scalable-unit make-up [-].

    Returns
    -------
    RackLoad
        Compute and network rack apparent power [VA] and racks per scalable unit [-].
    """
    return RackLoad(basis.compute.s_electrical_va, basis.network.s_electrical_va if basis.network else 0.0,
                    basis.racks_per_su, basis.network_per_su)


def racks_per_group(block: BlockCapacity, load: RackLoad, policy: str) -> tuple[int, int]:
    """Racks one group of blocks carries under a power policy, and the blocks in the group.

    Parameters
    ----------
    block : BlockCapacity
        Capacity of each block of the group [VA].
    load : RackLoad
        Apparent power of compute and network racks [VA].
    policy : str
        ``N``, ``2N``, ``N+1`` or ``block_redundant``.

    Returns
    -------
    racks : int
        Compute racks the group carries.
    blocks : int
        Blocks in a group (1 for N, 2 for 2N, 3 for the distributed schemes).

    Notes
    -----
    * N: one block, the racks whose demand fits :math:`S_{normal}`.
    * 2N: two blocks A and B, each rack fed from both; either carries all: fit :math:`S_{cont}`.
    * N+1 and block redundant: three blocks with racks in three sub-groups fed A-B, B-C and C-A
      ("3-to-make-2" distributed redundancy); losing a block puts a whole sub-group and half of another
      on each survivor, so a sub-group fits :math:`\\min(S_{cont}/1.5,\\ S_{normal})` and the group
      holds three sub-groups.
    A run of racks carries its network racks too (:meth:`RackLoad.demand_va`).
    """
    if policy == "N":
        return load.fit(block.normal_va), 1
    if policy == "2N":
        return load.fit(block.contingency_va), 2
    return 3 * load.fit(min(block.contingency_va / 1.5, block.normal_va)), 3


def fault_current_lv_a(rating_va: float, z_percent: float, xr: float, v_ll: float, sk_mv_va: float,
                       xr_mv: float, c_max: float = 1.10) -> float:
    """Three-phase fault current at a transformer's LV terminals [A] (IEC 60909-0 §6.1, motor contribution neglected).

    Parameters
    ----------
    rating_va : float
        Transformer rating [VA].
    z_percent : float
        Impedance voltage [%].
    xr : float
        Transformer X/R [-].
    v_ll : float
        LV nominal voltage [V].
    sk_mv_va : float
        Short-circuit power at the MV terminals [VA].
    xr_mv : float
        X/R of the MV source [-].
    c_max : float
        Voltage factor (IEC 60909-0 Table 1: 1.10 for LV systems with +10 % tolerance).

    Returns
    -------
    float
        Initial symmetrical current :math:`I''_k = c\\,U_n/(\\sqrt3\\,|Z_Q + Z_T|)` [A].
    """
    z_base = v_ll ** 2
    zq = c_max * z_base / sk_mv_va
    zt = z_percent / 100.0 * z_base / rating_va
    q = complex(zq / math.sqrt(1 + xr_mv ** 2), zq * xr_mv / math.sqrt(1 + xr_mv ** 2))
    t = complex(zt / math.sqrt(1 + xr ** 2), zt * xr / math.sqrt(1 + xr ** 2))
    return c_max * v_ll / (SQRT3 * abs(q + t))


# --- cooling --------------------------------------------------------------------------------------

def cdu_racks(capacity_w: float, approach_rated_k: float, flow_tcs_rated_m3_s: float, basis: PlanBasis) -> tuple[int, str]:
    """Target racks one CDU serves at the site's facility supply, and what limits it.

    Parameters
    ----------
    capacity_w : float
        Rated heat transfer at the rated approach [W].
    approach_rated_k : float
        Rated approach, TCS supply minus facility supply [K].
    flow_tcs_rated_m3_s : float
        Rated TCS flow [m³/s].
    basis : PlanBasis
        Rack liquid heat [W] and flow [m³/s], TCS and facility setpoints [K].

    Returns
    -------
    racks : int
        Racks per CDU.
    limited_by : str
        ``capacity`` or ``flow``.

    Notes
    -----
    Capacity is derated in proportion to the approach the site leaves,
    :math:`Q = Q_r\\min(1, (T_{tcs} - T_{fws})/\\Delta T_{r})` (never credited above the rating: a
    plate exchanger's duty is close to linear in the inlet temperature difference at fixed flows);
    flow is the rated TCS flow over the rack's required flow.
    """
    available = basis.t_tcs_k - basis.t_fws_k
    q = capacity_w * min(1.0, max(available, 0.0) / approach_rated_k) if approach_rated_k > 0 else capacity_w
    by_heat = int(q // basis.compute.liquid_w) if basis.compute.liquid_w > 0 else 0
    by_flow = int(flow_tcs_rated_m3_s // basis.compute.flow_m3_s) if basis.compute.flow_m3_s > 0 else by_heat
    return (by_heat, "capacity") if by_heat <= by_flow else (by_flow, "flow")


def hr_rating(unit: HeatRejection, cp_j_kg_k: float):
    """The kernel model name and rating of a heat-rejection element.

    Parameters
    ----------
    unit : HeatRejection
        The element: rated capacity [W], rated temperatures [K], airflow [m³/s], fan power [W].
    cp_j_kg_k : float
        Specific heat of the fluid it cools [J/(kg·K)] (sets the rated mass flow from the rated range).

    Returns
    -------
    model : str
        Name in :data:`retrofit.cooling.heat_rejection.HEAT_REJECTION_MODELS`.
    rating : dataclass
        The model's rating in SI floats.
    """
    kind = unit.kind
    q = magnitude(unit.capacity, "W")
    t_in, t_out = magnitude(unit.t_fluid_in_rated, "K"), magnitude(unit.t_fluid_out_rated, "K")
    flow = q / (cp_j_kg_k * max(t_in - t_out, 0.1))
    if kind in ("dry_cooler", "adiabatic_cooler"):
        common = dict(q_rated_w=q, t_fluid_in_rated_k=t_in, flow_fluid_rated_kg_s=flow, cp_fluid_rated_j_kg_k=cp_j_kg_k,
                      t_dry_bulb_rated_k=magnitude(unit.t_ambient_rated, "K"),
                      airflow_rated_m3_s=magnitude(unit.airflow_rated, "m**3/s") if unit.airflow_rated is not None else 0.0,
                      fan_power_rated_w=magnitude(unit.fan_power_rated, "W"))
        if kind == "dry_cooler":
            return HR_MODELS[kind], DryCoolerRating(**common)
        eff = magnitude(unit.pad_efficiency, "dimensionless") if unit.pad_efficiency is not None else 0.8
        return HR_MODELS[kind], AdiabaticCoolerRating(**common, pad_effectiveness=eff)
    if kind == "cooling_tower":
        return HR_MODELS[kind], CoolingTowerRating(
            q_rated_w=q, t_water_in_rated_k=t_in, flow_water_rated_kg_s=flow, cp_water_rated_j_kg_k=cp_j_kg_k,
            t_wet_bulb_rated_k=magnitude(unit.t_ambient_rated, "K"), fan_power_rated_w=magnitude(unit.fan_power_rated, "W"))
    return HR_MODELS[kind], AirCooledChillerRating(q_rated_w=q, cop_rated=unit.cop_rated or 3.0,
                                                   t_leaving_rated_k=t_out,
                                                   t_dry_bulb_rated_k=magnitude(unit.t_ambient_rated, "K"))


def facility_cp(basis: PlanBasis) -> float:
    """Specific heat of the facility coolant at the loop's mean temperature.

    Parameters
    ----------
    basis : PlanBasis
        Facility coolant, setpoint [K] and range [K].

    Returns
    -------
    float
        Specific heat [J/(kg·K)].
    """
    return float(coolant(basis.facility_coolant).specific_heat(basis.t_fws_k + basis.facility_range_k / 2))


def facility_density(basis: PlanBasis) -> float:
    """Density of the facility coolant at the loop's mean temperature.

    Parameters
    ----------
    basis : PlanBasis
        Facility coolant, setpoint [K] and range [K].

    Returns
    -------
    float
        Density [kg/m³].
    """
    return float(coolant(basis.facility_coolant).density(basis.t_fws_k + basis.facility_range_k / 2))


def hr_capacity_at_design(unit: HeatRejection, basis: PlanBasis, n_units: int = 1,
                          heat_w: float | None = None) -> float:
    """Heat ``n_units`` units reject at full fan speed at the design ambient while holding the facility supply [W].

    Parameters
    ----------
    unit : HeatRejection
        The unit's rating.
    basis : PlanBasis
        Design ambient, facility setpoint and range, facility coolant.
    n_units : int
        Units in service sharing the flow [-].
    heat_w : float, optional
        Load that sets the facility flow, :math:`\\dot m = Q/(c_p\\,\\Delta T_f)` [W]; default the
        units' rated capacity.

    Returns
    -------
    float
        :math:`n\\,\\dot m_u c_p\\,(T_{ent} - \\max(T_{out,full}, T_{fws}))` with each unit's leaving
        temperature at full speed from the kernel of its kind, entering at :math:`T_{fws} + \\Delta T_f`
        [W], which is the load itself, exactly, when the units hold the setpoint; 0 when the ambient is too
        warm for the unit to cool the fluid at all, or outside the model's validity range
        (:class:`~retrofit.errors.OutOfRange`, the one expected refusal).

    Raises
    ------
    NotConverged
        The model's iteration did not converge (the diagnosis carries the residual).
    InternalError
        Any other exception inside the model: a bug, named by the model, never a capacity of zero.
    """
    cp = facility_cp(basis)
    model, rating = hr_rating(unit, cp)
    q_rated = magnitude(unit.capacity, "W")
    load = heat_w if heat_w is not None else q_rated * n_units
    m_total = load / (cp * basis.facility_range_k)
    m_unit = m_total / max(n_units, 1)
    t_in = basis.t_fws_k + basis.facility_range_k
    a = basis.ambient
    perf = hr.heat_rejection_model(model).performance
    try:
        out = perf(rating, t_in, m_unit, cp, a.t_dry_bulb_k, a.t_wet_bulb_k, a.altitude_m, speed=1.0)
    except OutOfRange:  # the design ambient is outside the model's validity range: the unit is not counted
        return 0.0
    except NotConverged:  # a diagnosis with its residual, for the caller to report
        raise
    except Exception as exc:  # a bug in the model: never a silent zero
        raise InternalError(f"heat-rejection model {model}", exc) from exc
    if n_units >= 1 and float(out.t_fluid_out_k) <= basis.t_fws_k:
        # the units hold the setpoint: they reject the whole load, n m_u cp ΔT_f = Q, taken exactly so that
        # the round-off of the product cannot put it a few ulps below the load it is compared with
        return load
    return max(0.0, n_units * m_unit * cp * (t_in - max(float(out.t_fluid_out_k), basis.t_fws_k)))


def hr_units_needed(unit: HeatRejection, heat_w: float, basis: PlanBasis, spares: int) -> int | None:
    """Units of one model that reject a heat at the design ambient with some of them out.

    Parameters
    ----------
    unit : HeatRejection
        The unit's rating.
    heat_w : float
        Heat to reject [W].
    basis : PlanBasis
        Design ambient, facility setpoint [K] and range [K].
    spares : int
        Units that may be out [-] (1 for N+1).

    Returns
    -------
    int or None
        The smallest n whose n − spares units, sharing the design flow, reject at least ``heat_w``
        (:func:`hr_capacity_at_design`; the capacity rises with n, so the search doubles an upper bound
        and then bisects) [-]; None when no number of units can: the capacity of n units sharing the
        flow approaches that of the whole flow cooled to the design ambient's limit, and the search
        stops once the units' rated capacity is a hundred times the heat without reaching it. There is
        no fixed cap on the count, so a campus of any size is sized.
    """
    if heat_w <= 0:
        return spares
    rated = magnitude(unit.capacity, "W")
    ceiling = max(1, math.ceil(100.0 * heat_w / rated)) if rated > 0 else 1
    high = 1
    while hr_capacity_at_design(unit, basis, high, heat_w) < heat_w:
        if high >= ceiling:
            return None
        high = min(2 * high, ceiling)
    low = 1
    while low < high:
        mid = (low + high) // 2
        if hr_capacity_at_design(unit, basis, mid, heat_w) >= heat_w:
            high = mid
        else:
            low = mid + 1
    return low + spares


def air_heat_per_rack_w(basis: PlanBasis) -> float:
    """Residual air heat per compute rack, its share of network racks included.

    Parameters
    ----------
    basis : PlanBasis
        Compute and network racks and the scalable-unit make-up.

    Returns
    -------
    float
        [W].
    """
    net = basis.network.p_design_w * basis.network_per_su / basis.racks_per_su if basis.network else 0.0
    return basis.compute.air_w + net


def water_heat_per_rack_w(basis: PlanBasis) -> float:
    """Heat per compute rack that reaches the facility water: liquid plus air taken by CRAHs.

    Parameters
    ----------
    basis : PlanBasis
        Compute and network racks and the scalable-unit make-up.

    Returns
    -------
    float
        [W].
    """
    return basis.compute.liquid_w + air_heat_per_rack_w(basis)


def s_per_rack_va(basis: PlanBasis) -> float:
    """Apparent power per compute rack at the electrical basis, network share included.

    Parameters
    ----------
    basis : PlanBasis
        Compute and network racks and the scalable-unit make-up.

    Returns
    -------
    float
        [VA].
    """
    net = basis.network.s_electrical_va * basis.network_per_su / basis.racks_per_su if basis.network else 0.0
    return basis.compute.s_electrical_va + net


def exhaust_air_racks(airflow_m3_s: float, basis: PlanBasis) -> tuple[int, str]:
    """Racks whose residual air outdoor-air exhaust fans carry, and why.

    Parameters
    ----------
    airflow_m3_s : float
        Airflow of the fans [m³/s].
    basis : PlanBasis
        Design ambient [K], rack inlet limit [K] and residual air per rack [W].

    Returns
    -------
    racks : int
        Racks the fans serve [-].
    reason : str
        The figures behind it.

    Notes
    -----
    With exhaust fans only, the racks breathe outdoor air at the design dry bulb. If that is above the
    criteria's inlet limit no rack may rely on them (0). Otherwise the fans carry
    :math:`\\rho c_p \\dot V\\,\\Delta T` at the racks' allowed rise, with the density of the exhaust air
    (:func:`retrofit.cooling.air.heat_carried`).
    """
    t_out = basis.ambient.t_dry_bulb_k
    limit = magnitude(basis.criteria.air_inlet_max, "K")
    if t_out > limit:
        return 0, (f"outdoor air at {t_out - C0:.1f} °C (design ambient) is above the {limit - C0:.0f} °C rack inlet "
                   "limit: racks cannot breathe outdoor air")
    dt = 15.0
    state = air_state(t_out + dt, basis.ambient.altitude_m)
    heat = heat_carried(airflow_m3_s, dt, state.density_kg_m3, state.cp_j_kg_k)
    per = air_heat_per_rack_w(basis)
    return int(heat // per), f"{airflow_m3_s:.0f} m³/s carry {heat / 1e3:,.0f} kW at a {dt:.0f} K rise"


__all__ = ["BlockCapacity", "LOSS_ALLOWANCE", "MV_DROP_ALLOWANCE", "RackLoad", "rack_load", "voltage_factor", "SQRT3", "air_heat_per_rack_w", "block_capacity",
           "breaker_continuous_a", "cdu_racks", "exhaust_air_racks", "facility_cp",
           "facility_density", "fault_current_lv_a", "hr_capacity_at_design", "hr_rating", "hr_units_needed",
           "racks_per_group", "s_per_rack_va", "water_heat_per_rack_w"]
