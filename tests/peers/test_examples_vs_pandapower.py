"""Peer cross-check of the project's two examples, design to results, against pandapower.

Source: pandapower (measured with version 3.5.6), ``runpp`` and ``calc_sc`` on the network built by
``pandapower_build.to_pandapower`` beside this test.
Kind: peer cross-check.
Tolerance: ``peer_vm_pu`` (1e-4 pu) and ``peer_ik_rel`` (0.5 %), the project's acceptance limits for a
difference between two programs solving the same equations (below).

The pilot hall (examples/pilot-hall/design.yaml: 13.8 kV service, two 2 MVA transformers, A/B busway,
12 GB300 racks) and the Washington site (examples/washington-18mw/site.yaml: 13.8 kV service, eight
2.5 MVA transformers to 415 V and 480 V switchboards, 4,480 miners) go through the whole path a user's
design takes: ``retrofit.load`` → ``build_design_grid`` → ``analyze_electrical``. The peer model is
built by ``pandapower_build.to_pandapower`` from the same network, and pandapower's ``runpp`` and
``calc_sc`` (IEC 60909, maximum case, LV tolerance 10 %, kappa method C: the settings the analysis
states) give the reference. Results are read from the analysis JSON, keyed by design bus id, so the
mapping of design buses onto network buses (PDU/UPS merging) is checked too.

The N-1 case takes one transformer out in pandapower itself (its ``in_service`` flag) and moves each
A/B rack group's power onto its live feed by editing pandapower's load table; it is compared with the
contingency machinery (outage consequences, load sharing and the radial-sweep re-solve).

Both programs implement the same equations, so the differences are round-off plus the rounding of
the JSON (6 decimals in pu, 4 in kA, 3 in percent): the tolerances are the issue's requirement,
``peer_vm_pu`` (1e-4 pu) and ``peer_ik_rel`` (0.5 %); measured differences are below 1e-6 pu and 1e-5.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandapower as pp
import pandapower.shortcircuit as sc
import pytest
from pandapower_build import to_pandapower

import retrofit
from retrofit.electrical.analysis import analyze_electrical
from retrofit.electrical.contingency import contingency_context, outage_flow, plan_outages
from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.loadflow import solve_load_flow
from retrofit.testing import tolerance

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = {"pilot": EXAMPLES / "pilot-hall" / "design.yaml", "washington": EXAMPLES / "washington-18mw" / "site.yaml"}
VM = tolerance("peer_vm_pu")
IK = tolerance("peer_ik_rel")


@pytest.fixture(scope="module", params=sorted(CASES))
def example(request):
    design = retrofit.load(CASES[request.param])
    dg = build_design_grid(design)
    results = analyze_electrical(design)
    net = to_pandapower(dg.grid)
    pp.runpp(net, tolerance_mva=1e-10)
    sc.calc_sc(net, case="max", lv_tol_percent=10, ip=True, kappa_method="C", branch_results=False)
    return request.param, design, dg, results, net


def _peer_bus(dg, design_bus):
    return dg.grid.bus_index(dg.bus_of[design_bus])


def test_bus_voltages_match(example):
    _, design, dg, results, net = example
    buses = results["load_flow"]["buses"]
    assert results["load_flow"]["converged"] and set(buses) == {b.id for b in design.electrical.buses}
    ours = np.array([buses[b]["vm_pu"] for b in sorted(buses)])
    peer = np.array([net.res_bus.vm_pu.values[_peer_bus(dg, b)] for b in sorted(buses)])
    assert ours == VM.approx(peer)
    angles = np.array([buses[b]["va_deg"] for b in sorted(buses)])
    assert angles == pytest.approx([net.res_bus.va_degree.values[_peer_bus(dg, b)] for b in sorted(buses)], abs=1e-3)


def test_branch_loadings_and_utility_demand_match(example):
    _, _, dg, results, net = example
    branches = results["load_flow"]["branches"]
    for k, tid in enumerate(dg.grid.transformers.ids):
        assert branches[tid]["loading_percent"] == pytest.approx(net.res_trafo.loading_percent.values[k], abs=1e-3)
    for k, lid in enumerate(dg.grid.lines.ids):
        assert branches[lid]["i_from_a"] == pytest.approx(net.res_line.i_from_ka.values[k] * 1e3, abs=0.01)
    assert results["utility"]["demand_kw"] == pytest.approx(net.res_ext_grid.p_mw.sum() * 1e3, abs=0.01)
    assert results["load_flow"]["losses_kw"] == pytest.approx(
        (net.res_line.pl_mw.sum() + net.res_trafo.pl_mw.sum()) * 1e3, abs=0.01)


def test_short_circuit_currents_match(example):
    _, design, dg, results, net = example
    buses = results["short_circuit"]["buses"]
    for bus in sorted(buses):
        k = _peer_bus(dg, bus)
        assert buses[bus]["ik3_ka"] == IK.approx(net.res_bus_sc.ikss_ka.values[k]), bus
        assert buses[bus]["ip_ka"] == IK.approx(net.res_bus_sc.ip_ka.values[k]), bus
    # device duty starts from the same currents
    for device in results["short_circuit"]["devices"].values():
        assert device["ik3_ka"] == IK.approx(net.res_bus_sc.ikss_ka.values[_peer_bus(dg, device["bus"])])


def _pandapower_outage(dg, transformer_id, lost_buses):
    """pandapower's own N-1 case: the transformer out, each rack group's power moved to its live feeds."""
    net = to_pandapower(dg.grid)
    net.trafo.loc[net.trafo.name == transformer_id, "in_service"] = False
    table = dg.loads
    alive = [bus not in lost_buses for bus in table.bus]
    for owner in set(table.owner):
        rows = [k for k, o in enumerate(table.owner) if o == owner]
        live = [k for k in rows if alive[k]]
        for k in rows:
            share = table.p_w[k] / len(live) if (alive[k] and live) else 0.0
            net.load.loc[net.load.name == table.ids[k], ["p_mw", "q_mvar"]] = [share / 1e6,
                                                                                share * table.tan_phi[k] / 1e6]
    pp.runpp(net, tolerance_mva=1e-10)
    return net


@pytest.mark.parametrize("case, transformer", [("pilot", "tx-a"), ("washington", "t5")])
def test_transformer_outage_matches_pandapower(case, transformer):
    design = retrofit.load(CASES[case])
    dg = build_design_grid(design)
    base = solve_load_flow(dg.grid)
    outage = next(o for o in plan_outages(design, dg, elements=[transformer]))
    flow = outage_flow(contingency_context(dg, base), outage)
    assert flow.method == "radial" and flow.converged
    net = _pandapower_outage(dg, transformer, set(outage.lost_buses))
    peer = net.res_bus.vm_pu.values
    # the buses the transformer alone fed are dead in both
    assert np.array_equal(np.isnan(flow.vm_pu), np.isnan(peer))
    live = ~np.isnan(peer)
    assert flow.vm_pu[live] == VM.approx(peer[live])
    on = net.trafo.in_service.values
    assert flow.transformer_loading_percent[on] == pytest.approx(net.res_trafo.loading_percent.values[on], abs=1e-3)
    lines_on = (~np.isnan(net.res_line.loading_percent.values) & (net.res_line.i_from_ka.values > 0)
                & np.isfinite(dg.grid.lines.i_max_a))  # unrated MV cables: 0 % here, 1e6 kA there
    assert lines_on.sum() >= (3 if case == "pilot" else 0)  # Washington has MV cables only
    assert flow.line_loading_percent[lines_on] == pytest.approx(net.res_line.loading_percent.values[lines_on],
                                                                rel=1e-6)
    # and the analysis JSON reports the same worst figures
    reported = analyze_electrical(design)["contingencies"]["outages"][transformer]
    assert reported["min_vm_pu"] == VM.approx(np.nanmin(peer))
    k = int(np.nanargmax(np.where(on, net.res_trafo.loading_percent.values, -np.inf)))
    if reported["max_loading_element"] in set(dg.grid.transformers.ids):
        assert reported["max_loading_percent"] == pytest.approx(net.res_trafo.loading_percent.values[k], abs=1e-3)
    if case == "pilot":
        assert reported["racks_single_fed"] == 12 and reported["max_loading_element"] == "tx-b"
