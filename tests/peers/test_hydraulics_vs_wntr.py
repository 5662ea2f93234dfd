"""Peer cross-check of the hydraulic network solver against EPANET 2.2 (through WNTR).

Source: EPANET 2.2 through WNTR (measured with WNTR 1.5.0, ``EpanetSimulator``), on the network built
by ``wntr_build.to_wntr`` beside this test.
Kind: peer cross-check.
Tolerance: ``peer_flow_rel`` (0.5 %) and ``peer_head_m`` (0.05 m), the project's acceptance limits for
a difference between two programs solving the same equations (below).

The network is a closed technology-cooling water loop: an expansion tank (a reservoir in EPANET,
the fixed-head node) on the pump suction, a pump with a design-point curve, a supply main of three
pipes, three parallel branches (one through a balancing valve, one through a cold-plate component,
one through a pipe pair and a fixed resistance), a bridge pipe between two branches that makes the
network meshed, a return main and a small bleed demand supplied from the tank: 13 pipes, a valve, a
component, a fixed resistance and a pump, 14 nodes, at elevations from 0 to 6 m.

The peer model is built by ``wntr_build.to_wntr`` from the same :class:`HydraulicNetwork`. Both
programs solve the same equations when the project's solver is run with EPANET's choices: Swamee-Jain
friction (Dunlop's cubic in the transition zone, which the project's C1 cubic reproduces), g = 32.2
ft/s^2 and EPANET's reference viscosity. What remains is EPANET's 4-figure minor-loss constant
(0.02517) and its single-precision output, about 3e-5 in flow and 5e-4 m in head. The tolerances are
the issue's requirement: ``peer_flow_rel`` (0.5 %) and ``peer_head_m`` (0.05 m). The viscous cases
put pipes in the laminar and transition ranges.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from wntr_build import EPANET_GRAVITY, EPANET_VISCOSITY, run_epanet, to_wntr

from retrofit.cooling.hydraulic_network import NetworkBuilder
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.pumps import PumpCurve
from retrofit.testing import tolerance

FLOW = tolerance("peer_flow_rel")
HEAD = tolerance("peer_head_m")
DENSITY = 998.2  # kg/m3
STEEL = 4.5e-5  # m


def cooling_loop(speed_ratio=1.0, parallel_count=1, bleed=5e-4):
    b = NetworkBuilder()
    b.add_fixed_head("tank", head=20.0, elevation=12.0)
    for node, elevation, demand in [("suction", 0, 0), ("discharge", 0, 0), ("s1", 2, 0), ("s2", 4, 0),
                                    ("s3", 6, 0), ("a1", 2, 0), ("b1", 4, 0), ("b2", 4, 0), ("c1", 6, bleed),
                                    ("r1", 2, 0), ("r2", 4, 0), ("r3", 6, 0), ("ret", 0, 0)]:
        b.add_junction(node, elevation=elevation, demand=demand)
    b.add_pipe("p_tank", "tank", "suction", 3.0, 0.05, STEEL)
    b.add_pump("pump", "suction", "discharge", PumpCurve.from_design_point(0.02 / parallel_count, 25.0),
               speed_ratio=speed_ratio, parallel_count=parallel_count)
    b.add_pipe("p_main1", "discharge", "s1", 20.0, 0.1, STEEL, minor_loss=1.5)
    b.add_pipe("p_main2", "s1", "s2", 15.0, 0.1, STEEL)
    b.add_pipe("p_main3", "s2", "s3", 15.0, 0.08, STEEL, minor_loss=0.5)
    b.add_pipe("p_a", "s1", "a1", 10.0, 0.05, STEEL, minor_loss=2.0)
    b.add_valve("v_a", "a1", "r1", 0.05, 3.0)
    b.add_pipe("p_b", "s2", "b1", 12.0, 0.05, STEEL)
    b.add_component("cold_plates_b", "b1", "b2", dp_rated=30e3, flow_rated=6e-3)
    b.add_pipe("p_b2", "b2", "r2", 4.0, 0.05, STEEL, minor_loss=1.0)
    b.add_pipe("p_c", "s3", "c1", 8.0, 0.04, STEEL)
    b.add_pipe("p_c2", "c1", "r3", 8.0, 0.04, STEEL, minor_loss=5.0)
    b.add_resistance("k_c", "r3", "r2", 2.0e4)
    b.add_pipe("p_bridge", "a1", "b1", 20.0, 0.025, STEEL, minor_loss=1.0)
    b.add_pipe("p_ret2", "r2", "r1", 15.0, 0.1, STEEL)
    b.add_pipe("p_ret1", "r1", "ret", 20.0, 0.1, STEEL, minor_loss=2.0)
    b.add_pipe("p_ret0", "ret", "suction", 5.0, 0.1, STEEL)
    return b.build()


@pytest.mark.parametrize(
    ("speed_ratio", "parallel_count", "viscosity_factor"),
    [(1.0, 1, 1.0), (0.8, 1, 1.0), (1.1, 2, 1.0), (1.0, 1, 10.0), (1.0, 1, 60.0)],
    ids=["rated", "slowed", "two-pumps-fast", "viscous", "laminar-transition"],
)
def test_flows_and_heads_match_epanet(tmp_path, speed_ratio, parallel_count, viscosity_factor):
    network = cooling_loop(speed_ratio, parallel_count)
    kinematic = EPANET_VISCOSITY * viscosity_factor
    ours = solve_network(network, DENSITY, kinematic * DENSITY, friction_method="swamee_jain", gravity=EPANET_GRAVITY)
    assert ours.converged, ours.diagnosis
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # WNTR warns that switching to D-W does not convert roughness
        flows, heads = run_epanet(to_wntr(network, DENSITY, kinematic, EPANET_GRAVITY), tmp_path)
    for link_id in network.link_ids:
        assert ours.link_flow(link_id) == FLOW.approx(flows[link_id]), link_id
    for node_id in network.node_ids:
        assert ours.node_head(node_id) == HEAD.approx(heads[node_id]), node_id
    if viscosity_factor == 60.0:
        reynolds = 4 * np.abs(ours.flow) / (np.pi * network.diameter * kinematic)
        assert np.nanmin(reynolds) < 2000 and np.any((reynolds > 2000) & (reynolds < 4000))
