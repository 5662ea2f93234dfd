"""Stages 1 and 2 of the cooling analysis: the design in SI numbers, and the hydraulics of every loop.

See :mod:`retrofit.cooling.analysis` for the stages and what is reused between them.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from ..model import CDU, Design
from ..units import magnitude
from .air_balance import room_heat_to_water
from .ambient import DesignAmbient, design_ambients, governing
from .coolant import coolant
from .hydraulic_result import HydraulicResult
from .hydraulics import solve_network
from .loops import (
    RackDuty,
    facility_network,
    pipe_args,
    pump_curve,
    rack_duties,
    tcs_network,
)
from .plant import solve_plant
from .plant_records import Ambient, CduBank, FacilityLoop, PlantResult
from ..io.results import rounded as _f

C0 = 273.15
_MODEL = {"dry_cooler": "dry_cooler", "adiabatic_cooler": "adiabatic_cooler",
          "cooling_tower": "cooling_tower_closed", "chiller": "air_cooled_chiller"}
#: solve_plant holds the setpoint when the supply leaving the units is at most this far above it [K]
_HELD_TOLERANCE_K = 1e-9
#: margin kept below that tolerance before the shortcut of a CDU-out case is taken: ~200 ulps of a
#: temperature near 300 K, far above the round-off by which the screening's sum can differ from solve_plant's [K]
_SCREEN_MARGIN_K = 1e-11






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
    #: a TCS loop taken from ``cache`` carries this loop's node and link names (False: the names of the
    #: network first solved are kept, for callers that read flows by position only, as the outage re-solves do)
    named: bool = True
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
        t_mean = (magnitude(t_set, "K") if t_set is not None else 308.15) + 5.0
        fluids[loop.id] = _fluid(loop.coolant, t_mean)
        runs = tuple(tuple(sorted(pipe_args(run).items())) for run in (loop.main, loop.header, loop.branch))
        loop_keys[loop.id] = (runs, magnitude(loop.static_pressure, "Pa"), fluids[loop.id].name, fluids[loop.id].t_k)
    cdus = []
    for x in c.cdus:
        t_set = x.t_supply_setpoint if x.t_supply_setpoint is not None else (crit.t_supply_tcs if crit else None)
        key = (pump_curve(x.pump_curve, magnitude(x.pump_efficiency, "dimensionless")), x.pumps_running,
               magnitude(x.dp_hx_tcs_rated, "Pa"), magnitude(x.flow_tcs_rated, "m**3/s"))
        cdus.append(_Cdu(x, x.id, x.tcs_loop, x.facility_loop, x.hall, magnitude(x.capacity, "W"), magnitude(x.approach, "K"),
                         magnitude(x.flow_tcs_rated, "m**3/s"), magnitude(x.flow_fws_rated, "m**3/s"), magnitude(x.p_controls, "W"),
                         magnitude(t_set, "K") if t_set is not None else 313.15, key))
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
    if cached is not None and (cdu_out is not None or not case.named):
        return cached  # an N+1 case, or a case that reads no names, needs flows by position only
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


def solve_facility_hydraulics(case: CoolingCase, floop, *, known: _TcsState | None = None,
                              changed: frozenset = frozenset(), networks: dict | None = None) -> FacilityHydraulics:
    """Flows and heads of one facility loop and of the TCS loops its CDUs serve.

    Parameters
    ----------
    case : CoolingCase
        From :func:`prepare_cooling` (its design and CDUs say which equipment is in service: the
        contingency study passes a case with the survivors of an outage).
    floop : Loop
        The facility loop.
    known : _TcsState, optional
        TCS flows already solved with the same CDUs and racks (the intact loop's); every TCS loop not
        in ``changed`` takes its flows from it instead of being solved again.
    changed : frozenset of str
        TCS loops whose CDUs differ from those of ``known``.
    networks : dict, optional
        Facility-loop solutions already found, by what the network is built from (the loop, its CDUs,
        each pump set's running pumps and each heat-rejection bank's units): an equal network is not
        solved again.

    Returns
    -------
    FacilityHydraulics
        With ``result`` None and a diagnosis when the loop lacks CDUs, pumps or heat-rejection units.
    """
    c = case.design.cooling
    cdus = [x for x in case.cdus if x.facility_loop == floop.id]
    tcs_ids = sorted({x.tcs_loop for x in cdus})
    if known is None:
        state = _tcs_state(case, tcs_ids)
    else:
        fresh = _tcs_state(case, [lid for lid in tcs_ids if lid in changed])
        state = _TcsState({lid: fresh.loops.get(lid, known.loops.get(lid)) for lid in tcs_ids},
                          {x.id: fresh.cdu_flow_m3_s.get(x.id, known.cdu_flow_m3_s.get(x.id, 0.0)) for x in cdus},
                          {x.id: fresh.cdu_pump_w.get(x.id, known.cdu_pump_w.get(x.id, 0.0)) for x in cdus})
    parts = (("CDUs", cdus), ("pumps", [p for p in c.pumps if p.loop == floop.id]),
             ("heat-rejection units", [u for u in c.heat_rejection if u.loop == floop.id]))
    missing = [what for what, items in parts if not items]
    if missing:
        diagnosis = (f"a facility loop needs CDUs, pumps and heat-rejection units: {floop.id} has no "
                     + " and no ".join(missing) + "; its plant is not solved and its racks' supply is unknown")
        return FacilityHydraulics(floop.id, cdus, tcs_ids, state, None, diagnosis)
    ff = case.fluids[floop.id]
    key = (floop.id, tuple(x.id for x in cdus), tuple((p.id, p.running) for p in c.pumps if p.loop == floop.id),
           tuple((u.id, u.count) for u in c.heat_rejection if u.loop == floop.id))
    fac = networks.get(key) if networks is not None else None
    if fac is None:
        fac = _solve(facility_network(case.design, floop, ff.density, ff.cp), ff)
        if networks is not None and not fac.diagnosis:
            networks[key] = fac
    return FacilityHydraulics(floop.id, cdus, tcs_ids, state, fac)


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
    return {floop.id: solve_facility_hydraulics(case, floop)
            for floop in case.design.cooling.loops if floop.kind == "facility"}
