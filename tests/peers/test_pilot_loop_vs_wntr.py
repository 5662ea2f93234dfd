"""Peer cross-check of the pilot hall's liquid loops against EPANET 2.2 (through WNTR), with water.

Source: EPANET 2.2 through WNTR (measured with WNTR 1.5.0, ``EpanetSimulator``), on the networks built
by ``wntr_build.to_wntr`` beside this test.
Kind: peer cross-check.
Tolerance: ``peer_flow_rel`` (0.5 %) and ``peer_head_m`` (0.05 m), the project's acceptance limits for
a difference between two programs solving the same equations (below).

The networks are the ones the design-level analysis solves: ``retrofit.cooling.loops.facility_network``
(the facility pump set fwp, supply and return mains, a header with a tap per CDU through its primary
side, the adiabatic coolers in parallel, back to the expansion tank) and ``tcs_network`` (the two CDUs'
pumps and exchangers in parallel, the supply main, a direct-return header with a branch, manifold and
cold plates per rack for the 12 racks, back to the tank), built from ``examples/pilot-hall/design.yaml``
with water at 20 degC as the fluid (EPANET solves water networks). A third case isolates cdu-1, the N+1
case of the TCS loop: its pumps are closed and the other CDU's pump carries the whole loop.

The peer model is ``wntr_build.to_wntr`` of the same network, with one change made here
(:func:`peer_model`): the pilot's pump curves are three published points, and the parabola through them
rises from its shut-off head to a peak (about 600 L/min for the CDU pumps, 300 L/min for fwp) before it
falls. EPANET refuses a head curve that is not decreasing, so the peer gets the curve's falling branch
only, sampled at 201 points from the peak to run-out (EPANET interpolates them linearly: 6e-5 m of head
at most between points), with the peak head held down to zero flow. The pumps run on the falling branch
(with water: the CDU pumps at about 1,560 L/min, 2,360 L/min for the one left with cdu-1 out, fwp at
5,030 L/min), where the two curves are the same; the test checks that they do.

Both programs then solve the same equations when the project's solver is run with EPANET's choices
(Swamee-Jain friction, g = 32.2 ft/s^2); what remains is EPANET's 4-figure minor-loss constant and its
single-precision output. The tolerances are the issue's requirement: ``peer_flow_rel`` (0.5 %) on every
link flow and ``peer_head_m`` (0.05 m) on every node head. A link in series with the closed pump carries
no flow in either program (EPANET's closed link leaks about 1e-8 m3/s): both must be below 1e-6 m3/s.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from wntr_build import EPANET_GRAVITY, run_epanet, to_wntr

import retrofit
from retrofit.cooling.coolant import coolant
from retrofit.cooling.hydraulic_network import PUMP
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.loops import facility_network, rack_duties, tcs_network
from retrofit.testing import tolerance

FLOW = tolerance("peer_flow_rel")
HEAD = tolerance("peer_head_m")
PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"
T_WATER_K = 293.15  # 20 degC
CURVE_POINTS = 201
#: Below this a link carries no flow (it is in series with a closed pump); EPANET reports ~1e-8 m3/s
#: there, because it models a closed link as a very small conductance, and a relative check is moot [m3/s].
DEAD_FLOW = 1e-6


def water():
    """Density [kg/m3], dynamic viscosity [Pa s] and specific heat [J/(kg K)] of water at 20 degC."""
    w = coolant("water")
    return float(w.density(T_WATER_K)), float(w.viscosity(T_WATER_K)), float(w.specific_heat(T_WATER_K))


def pilot_networks() -> dict:
    """The pilot's facility loop, TCS loop and TCS loop with cdu-1 isolated, for water."""
    design = retrofit.load(PILOT)
    density, _, cp = water()
    loops = {loop.id: loop for loop in design.cooling.loops}
    cdus = [c for c in design.cooling.cdus if c.tcs_loop == "tcs-1"]
    racks = rack_duties(design)["tcs-1"]
    return {
        "facility": facility_network(design, loops["fw-1"], density, cp),
        "tcs": tcs_network(loops["tcs-1"], cdus, racks, density),
        "tcs-cdu-1-out": tcs_network(loops["tcs-1"], cdus, racks, density, cdu_out="cdu-1"),
    }


def peer_model(network, density, kinematic_viscosity):
    """``to_wntr`` of ``network``, with each pump's head curve cut to its falling branch (see above)."""
    wn = to_wntr(network, density, kinematic_viscosity, EPANET_GRAVITY)
    for j, k in enumerate(network.pump_link):
        curve, n = network.pump_curves[j], max(int(network.parallel_count[j]), 1)
        a, b = curve.linear_coefficient, curve.quadratic_coefficient
        peak = max(-a * n / (2.0 * b), 0.0) if b > 0 else 0.0  # group flow at the top of the parabola
        flows = np.linspace(peak, curve.max_flow(1.0, n), CURVE_POINTS)
        heads = curve.head(flows, 1.0, n)
        points = [(float(q), float(h)) for q, h in zip(flows, heads)]
        if peak > 0:
            points[0] = (0.0, points[0][1])
            points.insert(1, (peak, points[0][1] - 1e-6))
        wn.get_curve(f"{network.link_ids[k]}_curve").points = points
    return wn


@pytest.fixture(scope="module")
def networks():
    return pilot_networks()


@pytest.mark.parametrize("case", ["facility", "tcs", "tcs-cdu-1-out"])
def test_pilot_loop_matches_epanet(tmp_path, networks, case):
    network = networks[case]
    density, viscosity, _ = water()
    ours = solve_network(network, density, viscosity, friction_method="swamee_jain", gravity=EPANET_GRAVITY)
    assert ours.converged, ours.diagnosis
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # WNTR warns that switching to D-W does not convert roughness
        flows, heads = run_epanet(peer_model(network, density, viscosity / density), tmp_path)
    # the pumps first: each group's operating point (flow and head rise) is on the falling branch
    for point in ours.pumps:
        k = network.link_ids.index(point.link_id)
        start, end = network.node_ids[network.start_node[k]], network.node_ids[network.end_node[k]]
        if point.status == "closed":
            assert flows[point.link_id] == pytest.approx(0.0, abs=1e-9)
            continue
        j = list(network.pump_link).index(k)
        curve, n = network.pump_curves[j], int(network.parallel_count[j])
        assert point.flow > -n * curve.linear_coefficient / (2 * curve.quadratic_coefficient)
        assert point.flow == FLOW.approx(flows[point.link_id]), point.link_id
        assert point.head == HEAD.approx(heads[end] - heads[start]), point.link_id
    for link_id in network.link_ids:
        if abs(flows[link_id]) < DEAD_FLOW:  # in series with a closed pump: EPANET leaks through it
            assert abs(ours.link_flow(link_id)) < DEAD_FLOW, link_id
            continue
        assert ours.link_flow(link_id) == FLOW.approx(flows[link_id]), link_id
    for node_id in network.node_ids:
        assert ours.node_head(node_id) == HEAD.approx(heads[node_id]), node_id


def test_the_cases_exercise_what_they_claim(networks):
    """The facility case has every cooler, pump and CDU of fw-1; the N+1 case has a pump group closed."""
    fac, tcs, out = networks["facility"], networks["tcs"], networks["tcs-cdu-1-out"]
    cooling = retrofit.load(PILOT).cooling
    expected = ({f"{c.id}.hx_facility" for c in cooling.cdus} | {h.id for h in cooling.heat_rejection if h.loop == "fw-1"}
                | {p.id for p in cooling.pumps if p.loop == "fw-1"})
    assert len(expected) >= 4 and expected <= set(fac.link_ids)
    assert sum(1 for k in tcs.kind if k == PUMP) == 2
    assert sum(1 for rack in range(1, 7) if f"row-1.{rack:02d}" in tcs.link_ids) == 6
    pump = out.link_ids.index("cdu-1.pumps")
    assert not out.is_open[pump] and tcs.is_open[pump]
