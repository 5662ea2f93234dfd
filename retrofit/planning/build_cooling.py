"""The cooling part of the proposed design: TCS loops with their CDUs, the facility loop of each hall,
its pumps and heat-rejection units, and the CRAHs for the residual air.

Per hall, one facility loop (the coolant the climate needs, supply at the plan's setpoint) serves the
hall's CDUs and CRAHs; its heat-rejection units and pump set stand in the yard beside the hall. Pipes
are sized by velocity (:func:`retrofit.planning.piping.pipe_for_flow`) and their lengths come from the
floor layout. Mechanical loads go to the mechanical buses by :func:`assignment.assign_mechanical`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..catalog import Catalog
from ..cooling.coolant import coolant
from ..cooling.hydraulics import solve_network
from ..cooling.loops import facility_network, pump_rated_flow_m3_s
from ..model import CDU, AirMover, Design, HeatRejection, Loop, PipeRun, Pump
from ..units import Q_, magnitude
from .assignment import MechanicalLoads, assign_mechanical, even_split
from .basis import TCS_COOLANT, PlanBasis
from .build_power import Ids, from_catalog
from .capacity import facility_cp, facility_density, hr_units_needed
from .selection import SelectionInfeasible
from .options import PumpOption, price_of
from .piping import FacilityMain, facility_main, pipe_for_flow
from .selection import MECH_POWER_FACTOR, Selection

FACILITY_BRANCH_M = 6.0
"""Facility branch from the header to each CDU [m] (estimate, as the pilot hall)."""

TCS_STATIC_PA = 200e3
FACILITY_STATIC_PA = 250e3
"""Expansion-tank pressures of the TCS and facility loops [Pa] (as the pilot hall: below the 600 kPa
relief setting with the pump heads on top)."""

TCS_MAIN_FITTINGS = {"elbow_90_standard": 4, "gate_valve": 1}
TCS_BRANCH_FITTINGS = {"elbow_90_standard": 2, "ball_valve": 1}
FACILITY_MAIN_FITTINGS = {"elbow_90_standard": 8, "butterfly_valve": 2}
FACILITY_BRANCH_FITTINGS = {"elbow_90_standard": 4, "butterfly_valve": 2}



def _run(length_m: float, diameter_m: float, fittings: dict | None = None) -> PipeRun:
    return PipeRun(length=Q_(round(max(length_m, 0.1), 2), "m"), diameter=Q_(round(diameter_m * 1e3, 1), "mm"),
                   fittings=dict(fittings or {}))


@dataclass
class LoopSpec:
    """One TCS loop of a hall: its racks (in header order) and its CDUs."""

    id: str
    racks: list[dict]
    cdu_ids: list[str]
    cdu_points: list[tuple[float, float]]


@dataclass
class HallCooling:
    """What one hall's cooling holds, for the bill of materials and the report."""

    hall: str
    facility_loop: str
    loops: list[LoopSpec]
    heat_w: float
    air_heat_w: float
    hr_units: int
    crah_units: int
    pumps: int
    pumps_running: int
    pipe_lengths_m: dict[str, float]
    notes: list[str] = field(default_factory=list)
    main: FacilityMain | None = None


def cooling_elements(design: Design, basis: PlanBasis, sel: Selection, hall: str, loops: list[LoopSpec],
                     network_racks: int, mech_buses: list[tuple[str, float]], catalog: Catalog, ids: Ids,
                     service_height_m: float, rack_depth_m: float, wall_y_m: float,
                     pump_candidates: list[PumpOption] | None = None, mech_sides: list[int] | None = None,
                     yard_taken_m: float = 0.0, pad_spans: list[tuple[float, float]] | tuple = ()) -> HallCooling:
    """Add one hall's TCS loops, CDUs, facility loop, pumps, heat rejection and CRAHs to ``design`` (in place).

    Parameters
    ----------
    design : Design
        The design being built.
    basis : PlanBasis
        Racks, temperatures, policies.
    sel : Selection
        The chosen models.
    hall : str
        Hall id.
    loops : list of LoopSpec
        The hall's TCS loops.
    network_racks : int
        Air-cooled network racks in the hall [-].
    mech_buses : list of (str, float)
        Mechanical buses that may feed the plant, with their spare capacity [VA].
    catalog : Catalog
        Catalog.
    ids : Ids
        Id allocator.
    service_height_m : float
        Height of overhead headers [m].
    rack_depth_m : float
        Rack depth [m].
    wall_y_m : float
        y of the hall wall nearest the CDUs, toward the yard [m].
    pump_candidates : list of PumpOption, optional
        Facility pump models to choose from at the loop's actual head (default: the selection's).
    mech_sides : list of int, optional
        Power side (MV lineup) of each mechanical bus (default: one side per bus).
    yard_taken_m : float
        Band outside the CDUs' wall already taken by transformer pads; the yard begins beyond it [m].
    pad_spans : sequence of (float, float)
        x extents of those pads, which the facility main passes between [m].

    Notes
    -----
    Every redundant group (the pump set, the CDUs of each loop, the heat-rejection units, the CRAHs) is
    installed in the count :meth:`PlanBasis.units_surviving_a_side` gives for the sides the mechanical
    buses actually span, and spread evenly over them (:func:`assignment.assign_mechanical`); the pump
    set is split into one set per side. When the buses span fewer sides than the power policy has, a
    note says that the cooling cannot survive the outage of the side they share.
    """
    c = basis.compute
    spares = basis.cooling_spares
    sides = list(mech_sides) if mech_sides is not None else list(range(len(mech_buses)))
    n_sides = min(len(set(sides)), basis.power_sides)
    notes: list[str] = []
    if spares and basis.power_sides > 1 and len(set(sides)) < 2:
        notes.append(f"{hall}: every mechanical bus ({', '.join(b for b, _ in mech_buses)}) hangs off one power side: "
                     f"the outage of that side removes the whole cooling plant, which {basis.cooling_policy} does not "
                     "allow (binding: mechanical supply)")
    vmax = magnitude(basis.criteria.pipe_velocity_max, "m/s")
    cdu_entry = sel.cdu.entry
    cdu_flow = magnitude(CDU(id="x", facility_loop="f", tcs_loop="t", **cdu_entry.data).flow_tcs_rated, "m**3/s")
    cdu_fws = magnitude(CDU(id="x", facility_loop="f", tcs_loop="t", **cdu_entry.data).flow_fws_rated, "m**3/s")
    fw_id = ids.new(f"fw-{hall}")
    lengths = {"tcs_main": 0.0, "tcs_header": 0.0, "tcs_branch": 0.0, "facility_main": 0.0,
               "facility_header": 0.0, "facility_branch": 0.0}
    liquid = 0.0
    all_cdus: list[tuple[str, int, tuple[float, float]]] = []
    for li, spec in enumerate(loops):
        n = len(spec.racks)
        k = len(spec.cdu_ids)
        need = n * c.flow_m3_s
        main = pipe_for_flow(min(k * cdu_flow, 1.5 * need), vmax)
        branch = pipe_for_flow(1.5 * c.flow_m3_s, vmax)
        cx = float(np.mean([p[0] for p in spec.cdu_points]))
        cy = float(np.mean([p[1] for p in spec.cdu_points]))
        first = spec.racks[0]
        main_len = abs(cx - first["x"]) + abs(cy - first["y"]) + service_height_m
        gaps = [abs(a["x"] - b["x"]) + abs(a["y"] - b["y"]) for a, b in zip(spec.racks, spec.racks[1:])]
        header_len = float(np.mean(gaps)) if gaps else 0.6
        branch_len = service_height_m + rack_depth_m / 2
        design.cooling.loops.append(Loop(
            id=spec.id, kind="tcs", coolant=TCS_COOLANT, main=_run(main_len, main.diameter_m, TCS_MAIN_FITTINGS),
            header=_run(header_len, main.diameter_m), branch=_run(branch_len, branch.diameter_m, TCS_BRANCH_FITTINGS),
            static_pressure=Q_(TCS_STATIC_PA / 1e3, "kPa"),
            notes=f"{n} racks, {k} x {cdu_entry.id} ({basis.duty_units(k, n_sides)} carry the loop); pipes {main.nominal} / {branch.nominal}"))
        lengths["tcs_main"] += 2 * main_len
        lengths["tcs_header"] += 2 * header_len * max(n - 1, 0)
        lengths["tcs_branch"] += 2 * branch_len * n
        liquid += n * c.liquid_w
        for cid, point in zip(spec.cdu_ids, spec.cdu_points):
            all_cdus.append((cid, li, point))
    p_net = basis.network.p_design_w if basis.network else 0.0
    n_compute = sum(len(s.racks) for s in loops)
    air = n_compute * c.air_w + network_racks * p_net
    cdu_power = sel.cdu.electric_w
    rho, cp = facility_density(basis), facility_cp(basis)
    heat = liquid + air + len(all_cdus) * cdu_power
    flow = heat / (rho * cp * basis.facility_range_k)
    # facility pump work ends up in the water too (its estimate from the selection's pump model)
    heat += math.ceil(flow / sel.pump.flow_m3_s) * sel.pump.electric_w * 0.9
    flow = heat / (rho * cp * basis.facility_range_k)
    hr_unit = HeatRejection(id="x", loop="f", **sel.heat_rejection.entry.data)
    n_needed = hr_units_needed(hr_unit, heat, basis, 0)
    if n_needed is None:
        raise SelectionInfeasible(f"no number of {sel.heat_rejection.id} units rejects {heat / 1e6:.2f} MW at the design "
                                  "ambient")
    n_hr = basis.units_surviving_a_side(n_needed, n_sides)
    crah = sel.crah
    n_crah = basis.units_surviving_a_side(math.ceil(air / crah.capacity_w), n_sides) if air > 0 else 0
    # facility loop
    main_f = pipe_for_flow(1.2 * flow, vmax)
    branch_f = pipe_for_flow(1.2 * cdu_fws, vmax)
    points = sorted(p for _, _, p in all_cdus)
    gaps = [abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in zip(points, points[1:])]
    header_f = float(np.mean(gaps)) if gaps else 3.0
    size = None if hr_unit.width is None or hr_unit.depth is None else (magnitude(hr_unit.width, "m"),
                                                                          magnitude(hr_unit.depth, "m"))
    main = facility_main(next(h for h in design.halls if h.id == hall), size, n_hr, points, wall_y_m, service_height_m,
                         yard_taken_m, pad_spans)
    if main.note:
        notes.append(main.note)
    main_f_len = main.length_m
    design.cooling.loops.append(Loop(
        id=fw_id, kind="facility", coolant=basis.facility_coolant,
        main=_run(main_f_len, main_f.diameter_m, FACILITY_MAIN_FITTINGS), header=_run(header_f, main_f.diameter_m),
        branch=_run(FACILITY_BRANCH_M, branch_f.diameter_m, FACILITY_BRANCH_FITTINGS),
        static_pressure=Q_(FACILITY_STATIC_PA / 1e3, "kPa"), t_supply_setpoint=Q_(basis.t_fws_k - 273.15, "degC"),
        notes=f"{heat / 1e3:,.0f} kW at a {basis.facility_range_k:.0f} K range; pipes {main_f.nominal} / {branch_f.nominal}"))
    lengths["facility_main"] += 2 * main_f_len
    lengths["facility_header"] += 2 * header_f * max(len(points) - 1, 0)
    lengths["facility_branch"] += 2 * FACILITY_BRANCH_M * len(points)
    cdu_elements = []
    for cid, li, _ in all_cdus:
        cdu_elements.append(from_catalog(CDU, cdu_entry, id=cid, facility_loop=fw_id, tcs_loop=loops[li].id, hall=hall))
    design.cooling.cdus += cdu_elements
    hr_all = from_catalog(HeatRejection, sel.heat_rejection.entry, id=ids.new(f"hr-{hall}"), loop=fw_id, count=n_hr)
    design.cooling.heat_rejection.append(hr_all)
    pump_id = ids.new(f"fwp-{hall}")
    pump, _ = select_pumps(design, fw_id, basis, pump_candidates or [sel.pump], spares, pump_id,
                           target_m3_s=(liquid + air) / (rho * cp * basis.facility_range_k))
    pump_w = _pump_power_w(design, fw_id, basis)
    pumps = split_pump_set(design, pump, basis, n_sides, ids)
    # each share at the power of the pumps it holds all running: what its side carries after the other's loss
    shares_w = [pump_w * p.count / pump.running for p in pumps] if len(pumps) > 1 else [pump_w]
    loads = MechanicalLoads([cdu_power] * len(all_cdus), [li for _, li, _ in all_cdus], shares_w,
                            n_hr, sel.heat_rejection.electric_w, n_crah, crah.electric_w)
    assigned = assign_mechanical(loads, [cap for _, cap in mech_buses], MECH_POWER_FACTOR, sides)
    for element, bus in zip(cdu_elements, assigned.cdu_bus):
        element.bus = mech_buses[bus][0]
    for p, bus in zip(pumps, assigned.pump_bus):
        p.bus = mech_buses[bus][0]
    design.cooling.heat_rejection.remove(hr_all)
    ids.used.discard(hr_all.id)
    for b, units in enumerate(assigned.hr_per_bus):
        if units:
            design.cooling.heat_rejection.append(from_catalog(
                HeatRejection, sel.heat_rejection.entry, id=ids.new(f"hr-{hall}-{mech_buses[b][0]}"), loop=fw_id,
                bus=mech_buses[b][0], count=units))
    for b, units in enumerate(assigned.crah_per_bus):
        if units:
            design.cooling.crahs.append(from_catalog(AirMover, crah.entry, id=ids.new(f"crah-{hall}-{mech_buses[b][0]}"),
                                                     hall=hall, bus=mech_buses[b][0], count=units))
    units = [u for u in design.cooling.heat_rejection if u.loop == fw_id]
    names = [f"{u.id}.{k + 1}" for u in units for k in range(u.count)]
    for placed, name in zip(main.yard, names):
        placed.id = name
    return HallCooling(hall, fw_id, loops, heat, air, n_hr, n_crah, sum(p.count for p in pumps),
                       sum(p.running for p in pumps), lengths, notes, main)


def split_pump_set(design: Design, pump: Pump, basis: PlanBasis, sides: int, ids: Ids) -> list[Pump]:
    """Split a facility pump set into one set per power side, each able to carry the loop alone.

    Parameters
    ----------
    design : Design
        The design (the set is replaced in place and the pump speed re-tuned).
    pump : Pump
        The pump set chosen by :func:`select_pumps` (``running`` duty pumps plus the spares).
    basis : PlanBasis
        The policies.
    sides : int
        Power sides the mechanical buses span [-].
    ids : Ids
        Id allocator.

    Returns
    -------
    list of Pump
        The sets, one per side (the set itself when it is not split).

    Notes
    -----
    :meth:`PlanBasis.units_surviving_a_side` pumps in all, shared evenly over the sides (a side left
    without a pump, when there are fewer pumps than sides, gets no set); the duty
    pumps are shared the same way, larger shares first (a set of one duty pump over two sides runs on one
    side and stands by whole on the other), so that in normal operation the same number of pumps runs at
    the point the selection judged and, after the outage of one side, the standby pumps of the others
    start (lead-lag control). The speed is tuned again to the design flow (:func:`tune_pump_speed`).
    """
    if sides < 2 or not basis.cooling_spares:
        return [pump]
    total = basis.units_surviving_a_side(pump.running, sides)
    counts = even_split(total, sides)
    running = even_split(pump.running, sides)  # a set may stand by whole: lead-lag starts it
    design.cooling.pumps.remove(pump)
    ids.used.discard(pump.id)
    out = []
    for i, (n, r) in enumerate(zip(counts, running)):
        if n == 0:  # fewer pumps than sides (two over three): that side has no set (a set holds one pump or more)
            continue
        p = pump.model_copy(update={"id": ids.new(f"{pump.id}-{chr(ord('a') + i)}"), "count": n, "running": min(r, n)})
        design.cooling.pumps.append(p)
        out.append(p)
    tune_pump_speed(design, pump.loop, basis)
    return out


def _fluid(design: Design, loop_id: str, basis: PlanBasis):
    loop = next(l for l in design.cooling.loops if l.id == loop_id)
    fluid = coolant(loop.coolant)
    t = basis.t_fws_k + basis.facility_range_k / 2
    return loop, float(fluid.density(t)), float(fluid.specific_heat(t)), float(fluid.viscosity(t))


@dataclass(frozen=True)
class PumpDuty:
    """What the planner reads of a facility loop's hydraulic solve: convergence and, per pump set, its
    flow [m³/s], electric power [W] and head [m]."""

    converged: bool
    flows: tuple[float, ...]
    powers_w: tuple[float, ...]
    heads_m: tuple[float, ...] = ()


_DUTIES: dict = {}
"""Pump duties of the last facility networks solved, by their content without ids (every hall of a
campus tries the same pump sets on the same loop; bounded)."""


def _network_content(net) -> tuple:
    arrays = (net.elevation, net.demand, net.fixed_head, net.kind, net.start_node, net.end_node, net.length,
              net.diameter, net.roughness, net.minor_loss, net.resistance, net.dp_linear, net.dp_quadratic, net.is_open,
              net.pump_link, net.speed_ratio, net.parallel_count, net.check_valve, net.motor_efficiency,
              net.drive_efficiency)
    return tuple((a.dtype.str, a.tobytes()) for a in arrays) + (net.pump_curves,)


def _solve(design: Design, loop_id: str, basis: PlanBasis) -> PumpDuty:
    """The facility loop's hydraulic solve (:func:`retrofit.cooling.hydraulics.solve_network`, which reads
    ids only for its messages), once per network content."""
    loop, rho, cp, mu = _fluid(design, loop_id, basis)
    net = facility_network(design, loop, rho, cp)
    key = (_network_content(net), rho, mu)
    duty = _DUTIES.get(key)
    if duty is None:
        res = solve_network(net, rho, mu)
        duty = PumpDuty(bool(res.converged), tuple(p.flow for p in res.pumps), tuple(p.electric_power for p in res.pumps),
                        tuple(p.head for p in res.pumps))
        if len(_DUTIES) >= 4096:
            _DUTIES.clear()
        _DUTIES[key] = duty
    return duty


def _pump_power_w(design: Design, loop_id: str, basis: PlanBasis) -> float:
    res = _solve(design, loop_id, basis)
    return sum(res.powers_w) if res.converged else 0.0


def design_flow_m3_s(design: Design, loop_id: str, basis: PlanBasis) -> float:
    """Facility flow of a loop at design: its heat over :math:`\\rho c_p \\Delta T_f` [m³/s].

    Parameters
    ----------
    design : Design
        The design.
    loop_id : str
        Facility loop id.
    basis : PlanBasis
        Facility range [K] and coolant.

    Returns
    -------
    float
        Design flow [m³/s].
    """
    _, rho, cp, _ = _fluid(design, loop_id, basis)
    return _loop_heat(design, loop_id, basis) / (rho * cp * basis.facility_range_k)


def tune_pump_speed(design: Design, loop_id: str, basis: PlanBasis, tolerance: float = 0.01) -> float:
    """Set the speed of a facility loop's pumps so that they deliver the design flow; returns the speed [-].

    Parameters
    ----------
    design : Design
        The design (pump speeds changed in place).
    loop_id : str
        Facility loop id.
    basis : PlanBasis
        Facility range [K] and coolant.
    tolerance : float
        Flow above the design flow accepted [-].

    Returns
    -------
    float
        Speed as a fraction of full speed [-].

    Notes
    -----
    The design flow is the loop's heat over :math:`\\rho c_p \\Delta T_f` (the range the heat rejection
    was sized for): more flow would lower the water entering the coolers and with it their capacity.
    A closed loop has no static head, so by the affinity laws the flow is nearly proportional to the
    speed: the first guess is :math:`s = Q_{design}/Q(1)`, refined by the secant method on the
    hydraulic solve of the analysis (:func:`retrofit.cooling.loops.facility_network`,
    :func:`retrofit.cooling.hydraulics.solve_network`) until the flow is within ``tolerance`` above
    the design flow; full speed is kept when even it gives less; the speed stays within [0.3, 1].
    """
    pumps = [p for p in design.cooling.pumps if p.loop == loop_id]
    if not pumps:
        return 1.0
    target = design_flow_m3_s(design, loop_id, basis) * (1 + tolerance / 2)

    def flow_at(speed: float) -> float:
        for p in pumps:
            p.speed = Q_(round(speed * 100.0, 1), "percent")
        res = _solve(design, loop_id, basis)
        return sum(res.flows) if res.converged else 0.0

    f1 = flow_at(1.0)
    if f1 <= target:
        return 1.0
    s0, f0 = 1.0, f1
    s = min(1.0, max(0.3, target / f1))
    for _ in range(6):
        f = flow_at(s)
        if target <= f <= target * (1 + tolerance) or s in (0.3,):
            break
        slope = (f - f0) / (s - s0) if s != s0 else f / s
        s0, f0 = s, f
        s = min(1.0, max(0.3, s + (target - f) / slope if slope > 0 else s * target / f))
    if flow_at(s) < target:  # round the speed up to the next 0.1 % that delivers the design flow
        while s < 1.0 and flow_at(s) < target:
            s = min(1.0, s + 0.001)
    return round(s, 3)


SHUTOFF_TO_RATED_HEAD = 1.3
"""Shut-off head over rated head of the catalog's pump curves (catalogs/pumps.yaml: H = H_r (1.3 - 0.3
(Q/Q_r)^2)); the rated point stands for the best-efficiency point when a curve has no efficiency data."""


MIN_SENSIBLE_SPEED = 0.6
"""Lowest speed at which a pump set is taken as well selected [-]: further down its drive nears its minimum
speed and the motor and drive run far below their rated load and efficiency (planner rule)."""

MAX_DESIGN_SPEED = 0.95
"""Highest speed at which a pump set is taken as well selected at the design flow [-]: a 5 % speed reserve,
about 10 % of head by the affinity laws, for strainer fouling, balancing and the estimate of the loop's
resistance (planner rule; a set at full speed at design has no margin left to its drive)."""

PREFERRED_FLOW_RANGE = (0.7, 1.2)
"""Preferred operating region of a centrifugal pump as a fraction of its best-efficiency flow at the
running speed [-] (ANSI/HI 9.6.3); the rated point of the catalog curve stands for the BEP."""

SELECTION_MARGIN = 0.05
"""How far inside :data:`PREFERRED_FLOW_RANGE` the planner keeps a set's duty point, read at full speed when the
set is chosen [-, of the best-efficiency flow]: the loop still changes after the choice (the set split over the
power sides, heat-rejection units the verification's repairs add, pipe friction that depends on the Reynolds
number at the tuned speed), and a set chosen on the band's edge ended 0.06 % outside it (planner rule)."""


def in_selection_band(ratio: float) -> bool:
    """Whether a duty point, as a fraction of the pump's best-efficiency flow read at full speed, lies inside
    :data:`PREFERRED_FLOW_RANGE` by :data:`SELECTION_MARGIN` (what the selection and the stage staging accept)."""
    return PREFERRED_FLOW_RANGE[0] + SELECTION_MARGIN <= ratio <= PREFERRED_FLOW_RANGE[1] - SELECTION_MARGIN


def select_pumps(design: Design, loop_id: str, basis: PlanBasis, candidates: list[PumpOption], spares: int,
                 pump_id: str, max_running: int = 8, target_m3_s: float | None = None) -> tuple[Pump, float]:
    """Choose the facility pump set of a loop at its actual system curve; returns the pump element and speed.

    Parameters
    ----------
    design : Design
        The design (the pump set is added in place).
    loop_id : str
        Facility loop id.
    basis : PlanBasis
        Facility range [K] and coolant.
    candidates : list of PumpOption
        Pump models to try.
    spares : int
        Standby pumps [-].
    pump_id : str
        Id of the pump set.
    max_running : int
        Most duty pumps [-].
    target_m3_s : float, optional
        Design flow of the loop [m³/s]; by default :func:`design_flow_m3_s` of the design as it stands
        (which needs the loop's racks in the design: the proposal selects before placing them and gives it).

    Returns
    -------
    element : Pump
        The pump set.
    speed : float
        Its speed [-].

    Notes
    -----
    Each candidate model is tried with 1 to ``max_running`` duty pumps (plus the policy's spares; a
    facility pump set of more than about eight duty pumps is not a practical plant room). On a closed
    loop (no static head) the duty point of each pump, scaled to full speed by the affinity laws, does
    not move with speed, so it is read from one solve at full speed: the set is acceptable when that
    point lies within :data:`PREFERRED_FLOW_RANGE` of the pump's rated flow and the set delivers the
    design flow at a speed from :data:`MIN_SENSIBLE_SPEED` to :data:`MAX_DESIGN_SPEED`. The cheapest
    acceptable set is kept (the nearest to its rated flow when none is), and its speed is then tuned to the
    design flow (:func:`tune_pump_speed`).
    """
    best, best_key = None, None
    target = design_flow_m3_s(design, loop_id, basis) if target_m3_s is None else target_m3_s
    for option in candidates:
        for running in range(1, max_running + 1):
            element = from_catalog(Pump, option.entry, id=pump_id, loop=loop_id, count=running + spares, running=running)
            design.cooling.pumps.append(element)
            try:
                res = _solve(design, loop_id, basis)
            finally:
                design.cooling.pumps.remove(element)
            if not res.converged or not res.flows:
                continue
            flow = sum(res.flows)
            ratio = (flow / running) / pump_rated_flow_m3_s(element)
            flow_ok = flow >= target
            # at the tuned speed s = target / flow the pumps run at the same normalised point
            good = (flow_ok
                    and in_selection_band(ratio)
                    and MIN_SENSIBLE_SPEED <= target / flow <= MAX_DESIGN_SPEED)
            price = (price_of(option.entry).usd or 0.0) * (running + spares)
            key = (0 if good else 1, price if good else abs(ratio - 1.0) + (0 if flow_ok else 10.0), option.id, running)
            if best_key is None or key < best_key:
                best, best_key = (option, running), key
            if ratio < PREFERRED_FLOW_RANGE[0]:
                break  # more pumps only push each further below its rated flow
    option, running = best
    element = from_catalog(Pump, option.entry, id=pump_id, loop=loop_id, count=running + spares, running=running)
    design.cooling.pumps.append(element)
    speed = tune_pump_speed(design, loop_id, basis)
    return element, speed


def stage_pumps(design: Design, loop_id: str, basis: PlanBasis) -> int:
    """Run as many of a facility loop's duty pumps as keep each in its preferred region at the loop's design
    flow, as lead-lag control stages pumps by flow, then tune their speed; returns the pumps running.

    Parameters
    ----------
    design : Design
        The design (the sets' ``running`` and speed changed in place).
    loop_id : str
        Facility loop id.
    basis : PlanBasis
        Facility range [K] and coolant.

    Returns
    -------
    int
        Duty pumps running [-].

    Notes
    -----
    A stage of a phased conversion carries part of the final heat on the final pump sets: all their duty
    pumps running would each pass a fraction of its best-efficiency flow. From the pumps the sets run down
    to one (shared evenly over the sets, larger shares first, never more in a set than it runs at the final
    design; a set may stand by whole, its pumps started by lead-lag control when a running set is lost),
    the first count whose duty point read at full speed lies inside :data:`PREFERRED_FLOW_RANGE` (within
    :data:`SELECTION_MARGIN`) and that delivers the design flow at full speed is kept; the others stand by.
    When no count does, the sets are left as they were. The speed is then tuned
    (:func:`tune_pump_speed`).
    """
    sets = [p for p in design.cooling.pumps if p.loop == loop_id]
    if not sets:
        return 0
    duty = [p.running for p in sets]
    target = design_flow_m3_s(design, loop_id, basis)
    chosen = None
    for running in range(sum(duty), 0, -1):
        shares = [min(n, d) for n, d in zip(even_split(running, len(sets)), duty)]
        if sum(shares) != running:
            continue
        for p, n in zip(sets, shares):
            p.running = n
            p.speed = Q_(100.0, "percent")
        res = _solve(design, loop_id, basis)
        if not res.converged or not res.flows:
            continue
        flow = sum(res.flows)
        ratio = flow / sum(n * pump_rated_flow_m3_s(p) for p, n in zip(sets, shares))
        if flow >= target and in_selection_band(ratio):
            chosen = shares
            break
    for p, n in zip(sets, chosen or duty):
        p.running = n
    tune_pump_speed(design, loop_id, basis)
    return sum(p.running for p in sets)


def pump_speed_note(design: Design, loop_id: str, basis: PlanBasis, speed: float, candidates: list[PumpOption]) -> str:
    """The planner's note on a facility loop's pump speed; below :data:`MIN_SENSIBLE_SPEED`, why.

    Parameters
    ----------
    design : Design
        The design, its pumps at ``speed`` (:func:`tune_pump_speed`).
    loop_id : str
        Facility loop id.
    basis : PlanBasis
        Facility range [K] and coolant.
    speed : float
        The pumps' speed [-].
    candidates : list of PumpOption
        The pump models the selection tried.

    Returns
    -------
    str
        The speed and, when it is low, the loop's head at its design flow against the least rated head of
        the models tried: a closed loop keeps a pump at the same fraction of its best-efficiency flow at any
        speed, so a pump with far more head than the loop needs can only be slowed down.
    """
    text = f"{loop_id}: facility pumps set to {speed * 100:.0f} % speed for the design flow"
    duty = _solve(design, loop_id, basis)
    if speed >= MIN_SENSIBLE_SPEED or not duty.converged or not duty.heads_m or not candidates:
        return text
    rated = min(_rated_head_m(o) for o in candidates)
    running = sum(p.running for p in design.cooling.pumps if p.loop == loop_id)
    return (text + f": the loop needs {max(duty.heads_m):.1f} m at {sum(duty.flows) * 1e3:,.0f} L/s and the catalog's "
            f"pumps are rated {rated:.0f} m or more, so the selected set holds its best-efficiency point only slowed "
            f"down; a pump of about {sum(duty.flows) * 1e3 / max(running, 1):,.0f} L/s at {max(duty.heads_m):.1f} m "
            "suits the loop (detailed design)")


def _rated_head_m(option: PumpOption) -> float:
    """Rated head of a catalog pump model: its shut-off head over :data:`SHUTOFF_TO_RATED_HEAD` [m]."""
    p = Pump(id="x", loop="f", **option.entry.data)
    return magnitude(p.curve[0].head, "m") / SHUTOFF_TO_RATED_HEAD


def _loop_heat(design: Design, loop_id: str, basis: PlanBasis) -> float:
    """Heat a facility loop carries at design: its CDUs' racks (liquid) plus the hall's residual air [W]."""
    cdus = [x for x in design.cooling.cdus if x.facility_loop == loop_id]
    tcs = {x.tcs_loop for x in cdus}
    halls = {x.hall for x in cdus}
    q = 0.0
    for g in design.loads.racks:
        p = magnitude(g.p_design, "W") * g.count
        lf = magnitude(g.liquid_fraction, "dimensionless")
        if g.tcs_loop in tcs:
            q += p * lf
        if g.hall in halls:
            q += p * (1 - lf)
    return q


__all__ = ["FACILITY_BRANCH_M", "HallCooling", "LoopSpec", "MAX_DESIGN_SPEED", "MIN_SENSIBLE_SPEED",
           "PREFERRED_FLOW_RANGE", "SELECTION_MARGIN", "cooling_elements", "design_flow_m3_s", "in_selection_band",
           "pump_speed_note", "select_pumps", "split_pump_set", "stage_pumps", "tune_pump_speed"]
