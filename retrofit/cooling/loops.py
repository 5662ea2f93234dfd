"""Hydraulic networks of a design's liquid loops, built from their templates.

A TCS loop: the CDUs in parallel (each its running pumps then its exchanger's secondary side) between
the expansion tank at the return and the supply main; a supply header with one tap per rack in the
order the racks are listed; each rack's branch, manifold and cold plates, branch back; a return header
(direct return) and the return main back to the tank.

A facility loop: the pumps' suction strainers (:data:`STRAINER_DP_PA`) and its pump sets between the
expansion tank and the supply main; a header with one tap per CDU (branch, the CDU's primary side and its
facility-side control valve (:data:`CONTROL_VALVE_AUTHORITY`), branch back); the return header and main to
the heat-rejection units (each model's units in parallel) and back to the tank.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import CDU, Design, Loop, PipeRun
from ..topology import rack_instances
from ..units import magnitude
from .fittings import fittings_k
from .hydraulic_network import HydraulicNetwork, NetworkBuilder
from .pumps import PumpCurve

GRAVITY = 9.80665

CONTROL_VALVE_AUTHORITY = 0.5
"""Authority of a CDU's facility-side two-way control valve, its drop over the drop of the valve and the
exchanger it controls, fully open at design [-]. A proportional two-way valve is selected for a drop at
least equal to that of the load it controls (Kele, "Control valve sizing: recommended pressure drops for
water", B. proportional two-way valves: secondary); an authority of 0.5 or more keeps its installed
characteristic. The valve is sized at the CDU's rated facility flow, so its drop equals the exchanger's at
every flow (both quadratic): dp_valve = dp_fws_rated a / (1 - a)."""

STRAINER_DP_PA = 2.0 * 6894.757
"""Drop across a facility pump's suction strainer at the pump's best-efficiency flow [Pa]: 2 psi, the
allowance a pump installation designed for reasonable velocities makes for a clean strainer (Sure Flow
Equipment, "Velocity and viscosity: the reality of pressure drop with strainers": secondary). The running
pumps' strainers are in parallel, so the loop's strainers take 2 psi at the sum of their best-efficiency
flows, quadratic in flow."""



def facility_branch_note() -> str:
    """What a facility loop's hydraulic network holds beyond its pipes, CDUs and heat-rejection units, as the
    plan's methods state it (from :data:`CONTROL_VALVE_AUTHORITY` and :data:`STRAINER_DP_PA`)."""
    return (f"Facility loops: each CDU's facility-side control valve, fully open at design with an authority of "
            f"{CONTROL_VALVE_AUTHORITY:g} (its drop equals the exchanger's at every flow), and the pumps' suction "
            f"strainers, {STRAINER_DP_PA / 6894.757:g} psi at the running pumps' best-efficiency flow, are in the "
            "hydraulic network; the pumps' check and isolation valves and a dirty strainer are not")


def pipe_args(run: PipeRun) -> dict:
    d = magnitude(run.diameter, "m")
    return {"length": magnitude(run.length, "m"), "diameter": d, "roughness": magnitude(run.roughness, "m"),
            "minor_loss": fittings_k(run.fittings, d) if run.fittings else 0.0}


_CURVES: dict = {}
"""Pump curves fitted so far, by their points, efficiency and best-efficiency flow in SI numbers (a plan
builds the networks of the same few pump models thousands of times)."""
_CURVES_MAX = 4096


def pump_curve(points, efficiency: float | None = None, bep_flow=None) -> PumpCurve:
    """Curve of one pump through its published points, with a constant efficiency and a best-efficiency
    flow (a quantity) when given (fitted once per distinct set of numbers: the fit is a pure function of them)."""
    key = (tuple(magnitude(p.flow, "m**3/s") for p in points), tuple(magnitude(p.head, "m") for p in points),
           efficiency, magnitude(bep_flow, "m**3/s") if bep_flow is not None else None)
    curve = _CURVES.get(key)
    if curve is None:
        if len(_CURVES) >= _CURVES_MAX:
            _CURVES.clear()
        curve = _CURVES[key] = PumpCurve.from_points(list(key[0]), list(key[1]), efficiency=efficiency,
                                                     bep_flow=key[3])
    return curve


@dataclass
class RackDuty:
    """A rack on a TCS loop: liquid heat and the flow it needs at its supply."""

    id: str
    group: str
    liquid_heat_w: float
    air_heat_w: float
    flow_required_m3_s: float
    dp_rated_pa: float
    t_supply_max_k: float | None


def rack_duties(design: Design) -> dict[str, list[RackDuty]]:
    """Racks of every TCS loop, in file order."""
    duty = {}  # the figures of one rack of each group (identical racks)
    for g in design.loads.racks:
        p = magnitude(g.p_design, "W")
        lf = magnitude(g.liquid_fraction, "dimensionless")
        q = p * lf
        flow = magnitude(g.flow_per_kw, "m**3/s/W") * q if g.flow_per_kw is not None else 0.0
        dp = magnitude(g.dp_rated, "Pa") if g.dp_rated is not None else 0.0
        tmax = magnitude(g.t_supply_max, "K") if g.t_supply_max is not None else None
        duty[g.id] = (g.tcs_loop, q, p - q, flow, dp, tmax)
    out: dict[str, list[RackDuty]] = {}
    for rack in rack_instances(design):
        loop, q, air, flow, dp, tmax = duty[rack.group]
        if loop:
            out.setdefault(loop, []).append(RackDuty(rack.id, rack.group, q, air, flow, dp, tmax))
    return out


def tcs_network(loop: Loop, cdus: list[CDU], racks: list[RackDuty], density: float, *,
                cdu_out: str | None = None) -> HydraulicNetwork:
    """The hydraulic network of one TCS loop (``cdu_out``: a CDU isolated for N+1)."""
    b = NetworkBuilder()
    tank = f"{loop.id}:ret"
    b.add_fixed_head(tank, magnitude(loop.static_pressure, "Pa") / (density * GRAVITY), elevation=0.0)
    b.add_junction(f"{loop.id}:sup")
    for cdu in cdus:
        mid = f"{cdu.id}:mid"
        b.add_junction(mid)
        running = cdu.pumps_running
        on = cdu.id != cdu_out
        b.add_pump(f"{cdu.id}.pumps", tank, mid, pump_curve(cdu.pump_curve, magnitude(cdu.pump_efficiency, "dimensionless")),
                   parallel_count=running if on else 0,
                   is_open=on)
        b.add_component(f"{cdu.id}.hx_tcs", mid, f"{loop.id}:sup", magnitude(cdu.dp_hx_tcs_rated, "Pa"),
                        magnitude(cdu.flow_tcs_rated, "m**3/s"))
    main, header, branch = pipe_args(loop.main), pipe_args(loop.header), pipe_args(loop.branch)
    if not racks:
        b.add_pipe(f"{loop.id}.bypass", f"{loop.id}:sup", tank, **main)
        return b.build()
    b.add_junction(f"{loop.id}:s0")
    b.add_junction(f"{loop.id}:r0")
    b.add_pipe(f"{loop.id}.main_supply", f"{loop.id}:sup", f"{loop.id}:s0", **main)
    b.add_pipe(f"{loop.id}.main_return", f"{loop.id}:r0", tank, **main)
    for i, rack in enumerate(racks):
        s, r = f"{loop.id}:s{i}", f"{loop.id}:r{i}"
        if i > 0:
            b.add_junction(s)
            b.add_junction(r)
            b.add_pipe(f"{loop.id}.header_supply.{i}", f"{loop.id}:s{i - 1}", s, **header)
            b.add_pipe(f"{loop.id}.header_return.{i}", r, f"{loop.id}:r{i - 1}", **header)
        b.add_junction(f"{rack.id}:in")
        b.add_junction(f"{rack.id}:out")
        b.add_pipe(f"{rack.id}.branch_supply", s, f"{rack.id}:in", **branch)
        flow_rated = rack.flow_required_m3_s if rack.flow_required_m3_s > 0 else 1e-3
        dp = rack.dp_rated_pa if rack.dp_rated_pa > 0 else 1.0e4
        b.add_component(rack.id, f"{rack.id}:in", f"{rack.id}:out", dp, flow_rated)
        b.add_pipe(f"{rack.id}.branch_return", f"{rack.id}:out", r, **branch)
    return b.build()


def facility_network(design: Design, loop: Loop, density: float, cp: float, *,
                     pump_out: str | None = None) -> HydraulicNetwork:
    """The hydraulic network of one facility loop (``pump_out``: one pump of that set out for N+1)."""
    c = design.cooling
    cdus = [x for x in c.cdus if x.facility_loop == loop.id]
    pumps = [p for p in c.pumps if p.loop == loop.id]
    units = [u for u in c.heat_rejection if u.loop == loop.id]
    b = NetworkBuilder()
    tank = f"{loop.id}:suction"
    b.add_fixed_head(tank, magnitude(loop.static_pressure, "Pa") / (density * GRAVITY), elevation=0.0)
    b.add_junction(f"{loop.id}:discharge")
    b.add_junction(f"{loop.id}:hr_in")
    curves = {p.id: pump_curve(p.curve, magnitude(p.efficiency, "dimensionless"), p.bep_flow) for p in pumps}
    strained = sum(p.running * pump_rated_flow_m3_s(p, curves[p.id]) for p in pumps)
    suction = tank
    if strained > 0:
        suction = f"{loop.id}:strained"
        b.add_junction(suction)
        b.add_component(f"{loop.id}.strainers", tank, suction, STRAINER_DP_PA, strained)
    for p in pumps:
        running = p.running
        if pump_out == p.id:
            running = min(p.running, p.count - 1)
        b.add_pump(p.id, suction, f"{loop.id}:discharge", curves[p.id],
                   speed_ratio=magnitude(p.speed, "dimensionless"), parallel_count=running,
                   motor_efficiency=magnitude(p.motor_efficiency, "dimensionless"), is_open=running > 0)
    main, header, branch = pipe_args(loop.main), pipe_args(loop.header), pipe_args(loop.branch)
    b.add_junction(f"{loop.id}:f0")
    b.add_junction(f"{loop.id}:g0")
    b.add_pipe(f"{loop.id}.main_supply", f"{loop.id}:discharge", f"{loop.id}:f0", **main)
    b.add_pipe(f"{loop.id}.main_return", f"{loop.id}:g0", f"{loop.id}:hr_in", **main)
    for i, cdu in enumerate(cdus):
        f, g = f"{loop.id}:f{i}", f"{loop.id}:g{i}"
        if i > 0:
            b.add_junction(f)
            b.add_junction(g)
            b.add_pipe(f"{loop.id}.header_supply.{i}", f"{loop.id}:f{i - 1}", f, **header)
            b.add_pipe(f"{loop.id}.header_return.{i}", g, f"{loop.id}:g{i - 1}", **header)
        b.add_junction(f"{cdu.id}:p_in")
        b.add_junction(f"{cdu.id}:p_out")
        b.add_junction(f"{cdu.id}:v_out")
        b.add_pipe(f"{cdu.id}.branch_supply", f, f"{cdu.id}:p_in", **branch)
        dp_hx, flow_rated = magnitude(cdu.dp_fws_rated, "Pa"), magnitude(cdu.flow_fws_rated, "m**3/s")
        b.add_component(f"{cdu.id}.hx_facility", f"{cdu.id}:p_in", f"{cdu.id}:p_out", dp_hx, flow_rated)
        b.add_component(f"{cdu.id}.valve_facility", f"{cdu.id}:p_out", f"{cdu.id}:v_out",
                        dp_hx * CONTROL_VALVE_AUTHORITY / (1.0 - CONTROL_VALVE_AUTHORITY), flow_rated)
        b.add_pipe(f"{cdu.id}.branch_return", f"{cdu.id}:v_out", g, **branch)
    for u in units:
        flow_rated = unit_rated_flow_m3_s(u, density, cp) * u.count
        b.add_junction(f"{u.id}:in")
        # the units' header is sized like the main, with the branch's length
        b.add_pipe(f"{u.id}.header", f"{loop.id}:hr_in", f"{u.id}:in", **{**main, "length": branch["length"]})
        b.add_component(u.id, f"{u.id}:in", tank, magnitude(u.dp_rated, "Pa"), flow_rated)
    return b.build()


def pump_rated_flow_m3_s(pump, curve: PumpCurve | None = None) -> float:
    """Best-efficiency flow of one pump at full speed [m³/s]: the curve's, else its published point of
    largest flow times head (the rated point of a curve given without efficiency data). ``curve``: the
    pump's fitted curve (:func:`pump_curve`), fitted here when not given."""
    if curve is None:
        curve = pump_curve(pump.curve, magnitude(pump.efficiency, "dimensionless"), pump.bep_flow)
    bep = curve.best_efficiency_flow()
    if bep == bep and bep > 0:  # not NaN
        return bep
    q = [magnitude(c.flow, "m**3/s") for c in pump.curve]
    h = [magnitude(c.head, "m") for c in pump.curve]
    return max(zip(q, h), key=lambda x: x[0] * x[1])[0]


def unit_rated_flow_m3_s(unit, density: float, cp: float) -> float:
    """Rated fluid flow of one heat-rejection unit from its rated heat and fluid range [m³/s]."""
    dt = magnitude(unit.t_fluid_in_rated, "K") - magnitude(unit.t_fluid_out_rated, "K")
    if dt <= 0:
        return 1e-3
    return magnitude(unit.capacity, "W") / (density * cp * dt)
