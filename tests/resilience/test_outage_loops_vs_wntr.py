"""Peer cross-check of the facility loop re-solved after an outage, against EPANET 2.2 (through WNTR).

After a loss of pump or a loss of cooler the cross-domain study solves the facility loop of the
design with the survivors (``retrofit.resilience.resolve.survivors_design``, then the network of
``retrofit.cooling.loops.facility_network``). These tests build that same network for two outages of
the pilot hall (as kept in ``data/pilot-plant-on-one-board.yaml``: one pump set fwp, one bank acc of
three adiabatic coolers) and solve it with both programs, with water at 20 degC as the fluid (EPANET solves water
networks):

- loss of pump: the pilot's pump set fwp is taken with both pumps running and no standby (the design
  file has one standby, with which a single loss changes nothing in the hydraulics); one pump out
  leaves one running, and the flow through every CDU and the coolers falls;
- loss of cooler: one of the three adiabatic coolers of bank acc out; the bank's rated flow, and so its
  resistance, is that of two units, and the flow redistributes.

The peer model and its tolerances are those of ``tests/peers/test_pilot_loop_vs_wntr.py`` (the pump
curve's falling branch given to EPANET; ``peer_flow_rel`` 0.5 % on every link flow and ``peer_head_m``
0.05 m on every node head, the project's acceptance limits for a peer difference when both programs
solve the same equations with Swamee-Jain friction and EPANET's gravity).
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

import retrofit
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.loops import facility_network
from retrofit.resilience.resolve import survivors_design
from retrofit.testing import tolerance

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from test_pilot_loop_vs_wntr import peer_model, water  # noqa: E402
from wntr_build import EPANET_GRAVITY, run_epanet  # noqa: E402

PILOT = Path(__file__).parent / "data" / "pilot-plant-on-one-board.yaml"
FLOW = tolerance("peer_flow_rel")
HEAD = tolerance("peer_head_m")


def _pilot_no_standby():
    design = retrofit.load(PILOT)
    c = design.cooling
    pumps = [p.model_copy(update={"running": p.count}) for p in c.pumps]
    return design.model_copy(update={"cooling": c.model_copy(update={"pumps": pumps})})


def _network(design):
    density, _, cp = water()
    loop = next(lp for lp in design.cooling.loops if lp.id == "fw-1")
    return facility_network(design, loop, density, cp)


CASES = {"loss-of-pump": {"fwp": 1}, "loss-of-cooler": {"acc": 1}}


@pytest.mark.parametrize("case", sorted(CASES))
def test_outage_loop_matches_epanet(tmp_path, case):
    intact = _pilot_no_standby()
    survivors = survivors_design(intact, CASES[case])
    network = _network(survivors)
    density, viscosity, _ = water()
    ours = solve_network(network, density, viscosity, friction_method="swamee_jain", gravity=EPANET_GRAVITY)
    assert ours.converged, ours.diagnosis
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flows, heads = run_epanet(peer_model(network, density, viscosity / density), tmp_path)
    for link_id in network.link_ids:
        assert ours.link_flow(link_id) == FLOW.approx(flows[link_id]), link_id
    for node_id in network.node_ids:
        assert ours.node_head(node_id) == HEAD.approx(heads[node_id]), node_id
    # the outage is what the case says it is: the flow through the CDUs falls below the intact loop's
    base = solve_network(_network(intact), density, viscosity, friction_method="swamee_jain", gravity=EPANET_GRAVITY)
    for cdu in ("cdu-1.hx_facility", "cdu-2.hx_facility"):
        assert abs(ours.link_flow(cdu)) < abs(base.link_flow(cdu))


def test_the_outages_change_the_equipment():
    intact = _pilot_no_standby()
    pump = survivors_design(intact, {"fwp": 1}).cooling.pumps[0]
    assert (pump.count, pump.running) == (1, 1)
    bank = survivors_design(intact, {"acc": 1}).cooling.heat_rejection[0]
    assert bank.count == 2
