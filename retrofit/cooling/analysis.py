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

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import RetrofitError
from ..model import CDU, Design
from . import heat_exchange as hx
from . import heat_rejection as hr
from .air_balance import residual_air, room_heat_to_water
from .ambient import DesignAmbient, design_ambients, governing
from .coolant import coolant
from .hydraulics import HydraulicResult, solve_network
from .loops import RackDuty, facility_network, pipe_args, pump_curve, rack_duties, tcs_network
from .plant import Ambient, CduBank, FacilityLoop, PlantResult, RejectionUnit, solve_plant

C0 = 273.15
_MODEL = {"dry_cooler": "dry_cooler", "adiabatic_cooler": "adiabatic_cooler",
          "cooling_tower": "cooling_tower_closed", "chiller": "air_cooled_chiller"}
#: solve_plant holds the setpoint when the supply leaving the units is at most this far above it [K]
_HELD_TOLERANCE_K = 1e-9
#: margin kept below that tolerance before the shortcut of a CDU-out case is taken: ~200 ulps of a
#: temperature near 300 K, far above the round-off by which the screening's sum can differ from solve_plant's [K]
_SCREEN_MARGIN_K = 1e-11


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


# --- stage 1: the design in SI numbers ---------------------------------------------------------------

@dataclass(frozen=True)
class _Cdu:
    """A CDU's figures in SI units, and what its TCS network depends on (``hydraulic_key``)."""

    element: CDU
    id: str
    tcs_loop: str
    facility_loop: str
    hall: str | None
    capacity_w: float
    approach_k: float
    flow_tcs_rated_m3_s: float
    flow_fws_rated_m3_s: float
    p_controls_w: float
    setpoint_k: float
    hydraulic_key: tuple


@dataclass
class CoolingCase:
    """A design prepared for the cooling analysis: SI data, coolant properties, rack duties."""

    design: Design
    ambients: list[DesignAmbient]
    governing: DesignAmbient
    duties: dict[str, list[RackDuty]]  #: TCS loop id -> racks in file order
    fluids: dict[str, _Fluid]  #: loop id -> coolant at its mean temperature
    cdus: list[_Cdu]  #: in file order
    tcs_cdus: dict[str, list[_Cdu]]  #: TCS loop id -> its CDUs in file order
    loop_keys: dict[str, tuple]  #: loop id -> what its network takes from the loop template and coolant
    loop_heat_w: dict[str, float]  #: TCS loop id -> liquid heat of its racks
    room_heat_w: dict[str, float]  #: hall id -> heat CRAHs and rear doors put into facility water
    reuse: bool = True
    cache: dict = field(default_factory=dict)  #: network key -> solved TCS loop (see _TcsFlows)
    plant_cache: dict = field(default_factory=dict)  #: plant inputs -> PlantResult


def _plant_key(bank: CduBank, units, ambient: Ambient, loop: FacilityLoop, what: str) -> tuple:
    """Everything a plant balance depends on, hashable: equal keys give equal results."""
    arrays = bank.arrays()
    return (what, bank.arrangement, tuple((k, v.dtype.str, v.tobytes()) for k, v in sorted(arrays.items())),
            tuple((u.model, u.rating, u.flow_weight, u.in_service) for u in units), ambient, loop)


def _solve_plant(case: "CoolingCase", bank: CduBank, units, ambient: Ambient, loop: FacilityLoop) -> PlantResult:
    """:func:`plant.solve_plant`, once per distinct input when reusing (identical facility loops)."""
    if not case.reuse:
        return solve_plant(bank, units, ambient, loop)
    key = _plant_key(bank, units, ambient, loop, "full")
    if key not in case.plant_cache:
        case.plant_cache[key] = solve_plant(bank, units, ambient, loop)
    return case.plant_cache[key]


def prepare_cooling(design: Design, *, reuse: bool = True) -> CoolingCase:
    """The design's cooling elements in SI numbers, with coolant properties and rack duties.

    Parameters
    ----------
    design : Design
        The design.
    reuse : bool
        Reuse solutions that cannot differ (see the module notes); False solves everything afresh.

    Returns
    -------
    CoolingCase
        Input of :func:`solve_hydraulics`.
    """
    c = design.cooling
    crit = design.goal.criteria if design.goal else None
    ambients = design_ambients(design)
    duties = rack_duties(design)
    fluids, loop_keys = {}, {}
    for loop in c.loops:
        t_set = loop.t_supply_setpoint
        if t_set is None and crit is not None:
            t_set = crit.t_supply_tcs if loop.kind == "tcs" else crit.t_fws_setpoint
        t_mean = (_m(t_set, "K") if t_set is not None else 308.15) + 5.0
        fluids[loop.id] = _fluid(loop.coolant, t_mean)
        runs = tuple(tuple(sorted(pipe_args(run).items())) for run in (loop.main, loop.header, loop.branch))
        loop_keys[loop.id] = (runs, _m(loop.static_pressure, "Pa"), fluids[loop.id].name, fluids[loop.id].t_k)
    cdus = []
    for x in c.cdus:
        t_set = x.t_supply_setpoint if x.t_supply_setpoint is not None else (crit.t_supply_tcs if crit else None)
        key = (pump_curve(x.pump_curve, _m(x.pump_efficiency, "dimensionless")), x.pumps_running,
               _m(x.dp_hx_tcs_rated, "Pa"), _m(x.flow_tcs_rated, "m**3/s"))
        cdus.append(_Cdu(x, x.id, x.tcs_loop, x.facility_loop, x.hall, _m(x.capacity, "W"), _m(x.approach, "K"),
                         _m(x.flow_tcs_rated, "m**3/s"), _m(x.flow_fws_rated, "m**3/s"), _m(x.p_controls, "W"),
                         _m(t_set, "K") if t_set is not None else 313.15, key))
    tcs_cdus: dict[str, list[_Cdu]] = {}
    for x in cdus:
        tcs_cdus.setdefault(x.tcs_loop, []).append(x)
    loop_heat = {lid: sum(r.liquid_heat_w for r in racks) for lid, racks in duties.items()}
    return CoolingCase(design, ambients, governing(ambients), duties, fluids, cdus, tcs_cdus, loop_keys, loop_heat,
                       room_heat_to_water(design, duties), reuse)


# --- stage 2: hydraulics ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _TcsFlows:
    """A solved TCS network, by position: CDUs and racks in the loop's order."""

    result: HydraulicResult
    cdu_flow_m3_s: tuple  #: |flow| through each CDU's exchanger
    cdu_pump_w: tuple  #: electric power of each CDU's pumps
    rack_flow_m3_s: np.ndarray  #: |flow| through each rack


@dataclass
class _TcsState:
    """TCS flows of the loops of one facility loop (one case: normal, or a CDU out)."""

    loops: dict  #: TCS loop id -> _TcsFlows
    cdu_flow_m3_s: dict  #: CDU id -> TCS flow (0 when out or unsolved)
    cdu_pump_w: dict  #: CDU id -> electric power of its pumps and controls


def _solve_tcs(case: CoolingCase, lid: str, cdu_out: str | None = None) -> _TcsFlows:
    """Flows of TCS loop ``lid``, from the cache when an identical network was solved before."""
    loop = next(l for l in case.design.cooling.loops if l.id == lid)
    cdus = case.tcs_cdus.get(lid, [])
    racks = case.duties.get(lid, [])
    position = next((i for i, x in enumerate(cdus) if x.id == cdu_out), None)
    key = (case.loop_keys[lid], tuple(x.hydraulic_key for x in cdus),
           tuple((r.flow_required_m3_s, r.dp_rated_pa) for r in racks), position)
    cached = case.cache.get(key) if case.reuse else None
    if cached is not None and cdu_out is not None:
        return cached  # an N+1 case needs flows by position only
    net = tcs_network(loop, [x.element for x in cdus], racks, case.fluids[lid].density, cdu_out=cdu_out)
    if cached is not None:  # the same network under this loop's names
        res = cached.result
        renamed = tuple(dataclasses.replace(p, link_id=net.link_ids[k]) for p, k in zip(res.pumps, net.pump_link))
        return dataclasses.replace(cached, result=dataclasses.replace(res, node_ids=net.node_ids,
                                                                      link_ids=net.link_ids, pumps=renamed))
    res = _solve(net, case.fluids[lid])
    index = {link_id: k for k, link_id in enumerate(net.link_ids)}
    flows = _TcsFlows(res, tuple(abs(float(res.flow[index[f"{x.id}.hx_tcs"]])) for x in cdus),
                      tuple(p.electric_power for p in res.pumps),
                      np.abs(res.flow[[index[r.id] for r in racks]]) if racks else np.zeros(0))
    if case.reuse and not res.diagnosis:  # a diagnosis names this loop's elements: not reusable
        case.cache[key] = flows
    return flows


def _tcs_state(case: CoolingCase, tcs_ids, cdu_out: str | None = None, base: _TcsState | None = None) -> _TcsState:
    """TCS flows of loops ``tcs_ids`` (``cdu_out`` isolated); with ``base``, only the loop of ``cdu_out``
    is solved again and the others are taken from ``base``."""
    state = _TcsState({}, {}, {}) if base is None else _TcsState(dict(base.loops), dict(base.cdu_flow_m3_s),
                                                                  dict(base.cdu_pump_w))
    out_loop = next((x.tcs_loop for x in case.cdus if x.id == cdu_out), None)
    for lid in tcs_ids:
        if base is not None and lid != out_loop:
            continue
        flows = _solve_tcs(case, lid, cdu_out)
        state.loops[lid] = flows
        converged = flows.result.converged
        for j, x in enumerate(case.tcs_cdus.get(lid, [])):
            if converged and x.id != cdu_out:
                state.cdu_flow_m3_s[x.id] = flows.cdu_flow_m3_s[j]
                state.cdu_pump_w[x.id] = flows.cdu_pump_w[j] + x.p_controls_w
            else:
                state.cdu_flow_m3_s[x.id] = 0.0
                state.cdu_pump_w[x.id] = 0.0 if x.id == cdu_out else x.p_controls_w
    return state


@dataclass
class FacilityHydraulics:
    """Hydraulics of one facility loop and of the TCS loops of its CDUs (normal operation)."""

    loop_id: str
    cdus: list  #: its CDUs (_Cdu) in file order
    tcs_ids: list[str]  #: TCS loops of its CDUs, sorted
    state: _TcsState
    result: HydraulicResult | None  #: the facility network; None when it cannot be built
    diagnosis: str = ""  #: why the plant cannot be solved, when it cannot

    def cdu_facility_flow_m3_s(self, result: HydraulicResult | None = None) -> np.ndarray:
        """|flow| through each CDU's primary side [m3/s] (0 when the network did not converge)."""
        res = self.result if result is None else result
        if res is None or not res.converged:
            return np.zeros(len(self.cdus))
        index = {link_id: k for k, link_id in enumerate(res.link_ids)}
        return np.abs(res.flow[[index[f"{x.id}.hx_facility"] for x in self.cdus]]) if self.cdus else np.zeros(0)


def solve_hydraulics(case: CoolingCase) -> dict[str, FacilityHydraulics]:
    """Flows and heads of every facility loop and of the TCS loops its CDUs serve, by facility loop id.

    Parameters
    ----------
    case : CoolingCase
        From :func:`prepare_cooling`.

    Returns
    -------
    dict of FacilityHydraulics
        Keyed by facility loop id, in file order.
    """
    c = case.design.cooling
    out = {}
    for floop in [l for l in c.loops if l.kind == "facility"]:
        cdus = [x for x in case.cdus if x.facility_loop == floop.id]
        tcs_ids = sorted({x.tcs_loop for x in cdus})
        state = _tcs_state(case, tcs_ids)
        parts = (("CDUs", cdus), ("pumps", [p for p in c.pumps if p.loop == floop.id]),
                 ("heat-rejection units", [u for u in c.heat_rejection if u.loop == floop.id]))
        missing = [what for what, items in parts if not items]
        if missing:
            diagnosis = (f"a facility loop needs CDUs, pumps and heat-rejection units: {floop.id} has no "
                         + " and no ".join(missing) + "; its plant is not solved and its racks' supply is unknown")
            out[floop.id] = FacilityHydraulics(floop.id, cdus, tcs_ids, state, None, diagnosis)
            continue
        ff = case.fluids[floop.id]
        fac = _solve(facility_network(case.design, floop, ff.density, ff.cp), ff)
        out[floop.id] = FacilityHydraulics(floop.id, cdus, tcs_ids, state, fac)
    return out


# --- stage 3: plant balance -----------------------------------------------------------------------------

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
    ua_rated: np.ndarray
    p_controls_w: np.ndarray
    setpoint_tcs_k: np.ndarray


def _plant_setup(case: CoolingCase, fh: FacilityHydraulics) -> _PlantSetup:
    c = case.design.cooling
    crit = case.design.goal.criteria if case.design.goal else None
    floop = next(l for l in c.loops if l.id == fh.loop_id)
    ff = case.fluids[floop.id]
    units, unit_ids = [], []
    for u in c.heat_rejection:
        if u.loop == floop.id:
            rating = _rating(u, ff, case.governing.altitude_m)
            units += [RejectionUnit(_MODEL[u.kind], rating) for _ in range(u.count)]
            unit_ids += [u.id] * u.count
    fws = floop.t_supply_setpoint if floop.t_supply_setpoint is not None else (crit.t_fws_setpoint if crit else None)
    halls = {x.hall for x in fh.cdus}
    room_heat = sum(w for hall, w in case.room_heat_w.items() if hall in halls)
    rho = np.array([case.fluids[x.tcs_loop].density for x in fh.cdus])
    cp = np.array([case.fluids[x.tcs_loop].cp for x in fh.cdus])
    m_h_r = np.array([x.flow_tcs_rated_m3_s * case.fluids[x.tcs_loop].density for x in fh.cdus])
    m_c_r = np.array([x.flow_fws_rated_m3_s * ff.density for x in fh.cdus])
    ua_r = np.array([float(hx.ua_from_rated_approach(x.capacity_w, m_h_r[i] * cp[i], m_c_r[i] * ff.cp, x.approach_k))
                     for i, x in enumerate(fh.cdus)])
    return _PlantSetup(fh, units, unit_ids, _m(fws, "K") if fws is not None else 308.15, room_heat, rho, cp, m_h_r,
                       m_c_r, ua_r, np.array([x.p_controls_w for x in fh.cdus]),
                       np.array([x.setpoint_k for x in fh.cdus]))


def _bank(case: CoolingCase, setup: _PlantSetup, state: _TcsState,
          fac: HydraulicResult) -> tuple[CduBank, FacilityLoop]:
    """The CDU bank and facility loop of a case (flows of ``state`` and ``fac``)."""
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
    ua = np.where(on, hx.ua_at_flows(setup.ua_rated, m_h_safe, m_c_safe, setup.m_tcs_rated, setup.m_fac_rated), 1e-9)
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
    out = {}
    for lid, fh in hydraulics.items():
        if fh.result is None:
            out[lid] = FacilityPlant(None, {})
            continue
        setup = _plant_setup(case, fh)
        bank, loop = _bank(case, setup, fh.state, fh.result)
        out[lid] = FacilityPlant(setup, {a.basis: _solve_plant(case, bank, setup.units, _ambient(a), loop)
                                         for a in case.ambients})
    return out


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


def _loop_supply(case, cdus, state: _TcsState, plant: PlantResult) -> dict[str, float]:
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
    supply = _loop_supply(case, fh.cdus, state, plant)
    worst_t, lowest, ok = [], [], plant.converged
    for lid, t in supply.items():
        ratio, loop_ok = _loop_verdict(case, lid, state.loops[lid], t)
        if case.duties.get(lid):
            worst_t += [t] if math.isfinite(t) else []
            lowest += [ratio] if math.isfinite(ratio) else []
        ok = ok and loop_ok
    return {"ok": bool(ok), "worst_t_supply_c": _c(max(worst_t)) if worst_t else None,
            "min_flow_ratio": _f(min(lowest), 4) if lowest else None}


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
        groups = _unit_groups(setup.units) if case.reuse else []
        for cdu in fh.cdus:
            s = _tcs_state(case, fh.tcs_ids, cdu.id, base=fh.state if case.reuse else None)
            bank, loop = _bank(case, setup, s, fh.result)
            plant = _n_plus_1_plant(case, bank, setup.units, amb, loop, groups)
            entry = _verdict(case, fh, s, plant)
            entry["diagnosis"] = plant.diagnosis
            entry["cdu_loading_percent"] = {
                x.id: _f(100 * float(plant.cdus.heat_w[i]) / x.capacity_w, 3)
                for i, x in enumerate(fh.cdus) if x.tcs_loop == cdu.tcs_loop and x.id != cdu.id}
            result["cdu_out"][cdu.id] = entry
        for pump in [p for p in c.pumps if p.loop == lid]:
            if case.reuse and pump.count > pump.running:  # the standby starts: the same network and plant
                res, plant = fh.result, fp.results[gov.basis]
            else:
                res = _solve(facility_network(case.design, floop, ff.density, ff.cp, pump_out=pump.id), ff)
                plant = None
                if res.converged:
                    bank, loop = _bank(case, setup, fh.state, res)
                    plant = _n_plus_1_plant(case, bank, setup.units, amb, loop, groups)
            entry = _verdict(case, fh, fh.state, plant) if plant else {"ok": False, "worst_t_supply_c": None,
                                                                        "min_flow_ratio": None}
            result["pump_out"][pump.id] = {"standby_available": pump.count > pump.running, **entry,
                                           "diagnosis": plant.diagnosis if plant else res.diagnosis}
        bank, loop = _bank(case, setup, fh.state, fh.result)
        for unit in [u for u in c.heat_rejection if u.loop == lid]:
            first = setup.unit_ids.index(unit.id)
            units = [dataclasses.replace(u, in_service=False) if k == first else u for k, u in enumerate(setup.units)]
            plant = _n_plus_1_plant(case, bank, units, amb, loop)
            entry = _verdict(case, fh, fh.state, plant)
            result["unit_out"][unit.id] = {"ok": entry["ok"], "worst_t_supply_c": entry["worst_t_supply_c"],
                                           "t_facility_supply_c": _c(plant.t_facility_supply_k),
                                           "diagnosis": plant.diagnosis}
        result["n_plus_1_ok"] = all(v["ok"] for part in ("cdu_out", "pump_out", "unit_out")
                                    for v in result[part].values())
        out[lid] = result
    return out


# --- stage 5: results -----------------------------------------------------------------------------------

def _rack_results(case: CoolingCase, fh: FacilityHydraulics, plant: PlantResult | None) -> dict:
    out = {}
    supply = _loop_supply(case, fh.cdus, fh.state, plant) if plant is not None else {}
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


def _plant_json(p: PlantResult) -> dict:
    return {"converged": bool(p.converged), "diagnosis": p.diagnosis, "setpoint_held": bool(p.setpoint_held),
            "t_facility_supply_c": _c(p.t_facility_supply_k), "t_facility_return_c": _c(p.t_facility_return_k),
            "heat_load_kw": _f(p.heat_load_w / 1e3, 3), "heat_rejected_kw": _f(p.heat_rejected_w / 1e3, 3),
            "shortfall_kw": _f(p.shortfall_w / 1e3, 3), "unserved_heat_kw": _f(p.unserved_heat_w / 1e3, 3),
            "fan_and_chiller_kw": _f(p.electric_power_w / 1e3, 3), "water_l_h": _f(p.water_kg_s * 3600, 2)}


def _loop_json(design, loop_id, res: HydraulicResult | None, fluid: _Fluid, diagnosis: str = "") -> dict:
    """A loop's hydraulic results; ``res`` None for a loop that was not solved (``diagnosis`` says why)."""
    loop = next(l for l in design.cooling.loops if l.id == loop_id)
    static = _m(loop.static_pressure, "Pa")
    entry = {"kind": loop.kind, "coolant": fluid.name, "t_fluid_c": _c(fluid.t_k), "density_kg_m3": _f(fluid.density, 3),
             "viscosity_mpa_s": _f(fluid.viscosity * 1e3, 4), "converged": bool(res is not None and res.converged),
             "iterations": int(res.iterations) if res is not None else 0,
             "diagnosis": res.diagnosis if res is not None else diagnosis}
    if not entry["converged"]:
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
        "pipes": {res.link_ids[i]: {"flow_lpm": _f(res.flow[i] * 6e4, 3), "velocity_m_s": _f(v[i], 4),
                                    "head_loss_m": _f(res.head_loss[i], 4)} for i in pipes},
    })
    return entry


def _freeze(design: Design) -> dict:
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


def cooling_results(case: CoolingCase, hydraulics: dict[str, FacilityHydraulics], plants: dict[str, FacilityPlant],
                    redundancy: dict) -> dict:
    """The results dict of :func:`analyze_cooling` from the stages' outputs."""
    design, gov = case.design, case.governing
    c = design.cooling
    out: dict = {"ambients": {a.basis: {"t_dry_bulb_c": _c(a.t_dry_bulb_k), "t_wet_bulb_c": _c(a.t_wet_bulb_k),
                                         "altitude_m": a.altitude_m, "note": a.note} for a in case.ambients},
                 "design_basis": gov.basis, "loops": {}, "racks": {}, "cdus": {}, "heat_rejection": {},
                 "plants": {}, "redundancy": redundancy, "electric_power_w": {}}
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
        out["plants"][lid] = {basis: _plant_json(p) for basis, p in fp.results.items()}
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
            }
            out["electric_power_w"][cdu.id] = fh.state.cdu_pump_w[cdu.id]
        unit_ids = fp.setup.unit_ids
        for uid in sorted(set(unit_ids)):
            idx = [k for k, u in enumerate(unit_ids) if u == uid]
            q, cap = float(np.nansum(plant.units.heat_w[idx])), float(np.nansum(plant.units.capacity_w[idx]))
            power = float(np.nansum(plant.units.electric_power_w[idx]))
            out["heat_rejection"][uid] = {"units": len(idx), "heat_kw": _f(q / 1e3, 3), "capacity_kw": _f(cap / 1e3, 3),
                                          "loading_percent": _f(100 * q / cap, 3) if cap > 0 else None,
                                          "margin_kw": _f((cap - q) / 1e3, 3), "electric_kw": _f(power / 1e3, 3),
                                          "water_l_h": _f(float(np.nansum(plant.units.water_kg_s[idx])) * 3600, 2),
                                          "basis": gov.basis}
            out["electric_power_w"][uid] = power
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
            out["electric_power_w"][item.id] = item.count * _m(item.power, "W")
    out["electric_power_w"] = {k: _f(v, 2) for k, v in sorted(out["electric_power_w"].items())}
    out["cooling_power_kw"] = _f(sum(v for v in out["electric_power_w"].values() if v) / 1e3, 3)
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
        ``ambients``, ``design_basis``, ``loops``, ``racks``, ``cdus``, ``heat_rejection``, ``plants``,
        ``redundancy``, ``air``, ``freeze``, ``electric_power_w`` and ``cooling_power_kw``.
    """
    case = prepare_cooling(design, reuse=reuse)
    hydraulics = solve_hydraulics(case)
    plants = solve_plants(case, hydraulics)
    redundancy = solve_redundancy(case, hydraulics, plants)
    return cooling_results(case, hydraulics, plants, redundancy)
