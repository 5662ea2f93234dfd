"""Peer cross-check of the load flow and IEC 60909 short circuit against pandapower.

Source: pandapower (measured with version 3.5.6), ``runpp`` and ``calc_sc`` on the network built by
``pandapower_build.to_pandapower`` beside this test.
Kind: peer cross-check.
Tolerance: ``peer_vm_pu`` (1e-4 pu) and ``peer_ik_rel`` (0.5 %), the project's acceptance limits for a
difference between two programs solving the same equations.

The grid is a representative 13.8 kV -> 415 V data hall: a utility feeder (250 MVA, R/X 0.1), an
MV cable ring of four switchgear buses (cables with charging), five 2.5 MVA IT transformers (two of
them off the neutral tap) and one 3 MVA mechanical transformer, LV switchboards joined by a closed
tie (so the LV side is meshed through the MV ring), overhead track busway in segments with two
rack tap-offs (cables) per segment, 135 kW racks at pf 0.99, CDU pump loads and a capacitor bank.

The peer model is built by ``pandapower_build.to_pandapower`` from the same Grid. Both programs
implement the same equations (pandapower's default T-model transformer, IEC 60909-0 with K_T), so
the differences are round-off: the tolerances are the issue's requirement (``peer_vm_pu`` 1e-4 pu,
``peer_ik_rel`` 0.5 %), far above what is measured (about 1e-10).
"""
from __future__ import annotations

import math

import pandapower as pp
import pandapower.networks as pn
import pandapower.shortcircuit as sc
import pytest
from pandapower_build import to_pandapower

from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder
from retrofit.electrical.shortcircuit import solve_short_circuit
from retrofit.testing import tolerance

RACK_P_W = 135e3
RACK_Q_VAR = RACK_P_W * math.tan(math.acos(0.99))


def data_hall_grid():
    """The 13.8 kV / 415 V data-hall grid described in the module docstring."""
    f = 60.0
    b = GridBuilder(frequency_hz=f)
    mv = ["MV-UTIL", "MV-A", "MV-B", "MV-C"]
    for bus in mv:
        b.add_bus(bus, 13.8e3)
    b.add_source("utility", "MV-UTIL", sk_max_va=250e6, rx_max=0.1, vm_pu=1.02)
    # 500 kcmil Cu 15 kV cable: 0.0896 + j0.118 ohm/km, 0.38 uF/km
    for k, (a, c, length_m) in enumerate([("MV-UTIL", "MV-A", 300), ("MV-A", "MV-B", 180),
                                          ("MV-B", "MV-C", 220), ("MV-C", "MV-UTIL", 350)]):
        km = length_m / 1e3
        b.add_line(f"MV-CABLE-{k + 1}", a, c, r_ohm=0.0896 * km, x_ohm=0.118 * km,
                   b_s=2 * math.pi * f * 0.38e-6 * km, i_max_a=475.0)
    trafos = [("T1", "MV-A", 1.0), ("T2", "MV-B", 0.975), ("T3", "MV-C", 1.0), ("T4", "MV-A", 1.025),
              ("T5", "MV-B", 1.0)]
    for name, hv, tap in trafos:
        board = f"SWB-{name}"
        b.add_bus(f"{name}-LV", 415.0)
        b.add_bus(board, 415.0)
        b.add_transformer(name, hv, f"{name}-LV", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                          vkr_percent=0.9, p0_w=3.2e3, i0_percent=0.4, tap_ratio=tap)
        # 4000 A copper busway, 8 m, from the transformer throat to the board
        b.add_line(f"{name}-DUCT", f"{name}-LV", board, r_ohm=8 * 0.0105e-3, x_ohm=8 * 0.0094e-3, i_max_a=4000.0)
        for run in (1, 2):
            previous = board
            for segment in (1, 2, 3):
                node = f"{name}-BW{run}-{segment}"
                b.add_bus(node, 415.0)
                # 1000 A track busway segment, 6 m
                b.add_line(f"{node}-SEG", previous, node, r_ohm=6 * 0.045e-3, x_ohm=6 * 0.025e-3, i_max_a=1000.0)
                for rack in (1, 2):
                    rack_bus = f"{node}-R{rack}"
                    b.add_bus(rack_bus, 415.0)
                    # 4/0 Cu tap-off cable, 6 m: 0.203 + j0.1345 mohm/m
                    b.add_line(f"{rack_bus}-FEED", node, rack_bus, r_ohm=6 * 0.203e-3, x_ohm=6 * 0.1345e-3,
                               i_max_a=260.0)
                    b.add_load(f"{rack_bus}-RACK", rack_bus, p_w=RACK_P_W, q_var=RACK_Q_VAR)
                previous = node
    # closed LV tie between two boards
    b.add_line("TIE-T1-T2", "SWB-T1", "SWB-T2", r_ohm=12 * 0.0105e-3, x_ohm=12 * 0.0094e-3, i_max_a=4000.0)
    # mechanical transformer with CDU pumps and a capacitor bank
    b.add_bus("MECH-LV", 415.0)
    b.add_transformer("T-MECH", "MV-C", "MECH-LV", sn_va=3.0e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=6.0,
                      vkr_percent=1.0, p0_w=3.8e3, i0_percent=0.35)
    for k in range(1, 5):
        b.add_bus(f"CDU-{k}", 415.0)
        b.add_line(f"CDU-{k}-FEED", "MECH-LV", f"CDU-{k}", r_ohm=25 * 0.0525e-3, x_ohm=25 * 0.0408e-3, i_max_a=800.0)
        b.add_load(f"CDU-{k}-PUMPS", f"CDU-{k}", p_w=320e3, q_var=320e3 * math.tan(math.acos(0.88)))
    b.add_shunt("MECH-CAP", "MECH-LV", q_var=-300e3)
    return b.build()


@pytest.fixture(scope="module")
def hall():
    grid = data_hall_grid()
    return grid, to_pandapower(grid)


def test_load_flow_matches_pandapower(hall):
    grid, net = hall
    ours = solve_load_flow(grid)
    pp.runpp(net, tolerance_mva=1e-10, calculate_voltage_angles=True)
    assert ours.converged
    tol_v = tolerance("peer_vm_pu")
    assert ours.vm_pu == tol_v.approx(net.res_bus.vm_pu.values)
    assert ours.va_deg == pytest.approx(net.res_bus.va_degree.values, abs=1e-3)
    # flows, currents, losses and loadings follow from the same voltages
    assert ours.lines.i_from_a == pytest.approx(net.res_line.i_from_ka.values * 1e3, rel=1e-5)
    assert ours.lines.loss_w == pytest.approx(net.res_line.pl_mw.values * 1e6, rel=1e-4, abs=0.1)
    assert ours.lines.loading_percent == pytest.approx(net.res_line.loading_percent.values, rel=1e-5)
    assert ours.transformers.p_from_w == pytest.approx(net.res_trafo.p_hv_mw.values * 1e6, rel=1e-6)
    assert ours.transformers.q_to_var == pytest.approx(net.res_trafo.q_lv_mvar.values * 1e6, rel=1e-5)
    assert ours.transformers.loading_percent == pytest.approx(net.res_trafo.loading_percent.values, rel=1e-5)
    assert ours.slack_p_w == pytest.approx(net.res_ext_grid.p_mw.sum() * 1e6, rel=1e-7)
    assert ours.slack_q_var == pytest.approx(net.res_ext_grid.q_mvar.sum() * 1e6, rel=1e-6)


def test_load_flow_matches_pandapower_within_what_both_criteria_allow(hall):
    """Both solvers stop at a largest P or Q mismatch of 1e-10 pu on 1 MVA (ours ``tol``, pandapower's
    ``tolerance_mva`` with ``sn_mva`` = 1): the voltages can then differ by at most the sum of the two
    bounds of ``mismatch_voltage_bound``, computed from the network, and that sum is below the 1e-9 pu
    the load-flow acceptance asks for."""
    import numpy as np

    from retrofit.electrical.current_injection import mismatch_voltage_bound
    from retrofit.electrical.admittance import admittance_matrix

    grid, net = hall
    criterion = 1e-10
    ours = solve_load_flow(grid, tol=criterion)
    pp.runpp(net, tolerance_mva=criterion, calculate_voltage_angles=True)
    assert ours.converged and ours.method == "current injection"
    theirs = net.res_bus.vm_pu.values * np.exp(1j * np.radians(net.res_bus.va_degree.values))
    y = admittance_matrix(grid)
    s = -(np.bincount(grid.loads.bus, grid.loads.p_w, grid.n_bus)
          + 1j * np.bincount(grid.loads.bus, grid.loads.q_var, grid.n_bus)) / 1e6
    free = np.setdiff1d(np.arange(grid.n_bus), grid.sources.bus)
    allowed = (mismatch_voltage_bound(y, s, ours.v_pu, free, criterion)
               + mismatch_voltage_bound(y, s, theirs, free, criterion))
    assert allowed <= 1e-9
    assert np.abs(ours.v_pu - theirs).max() <= allowed


@pytest.mark.parametrize("lv_tol", [6, 10])
def test_short_circuit_matches_pandapower(hall, lv_tol):
    grid, net = hall
    ours = solve_short_circuit(grid, lv_tolerance_percent=lv_tol, kappa_method="C")
    sc.calc_sc(net, case="max", lv_tol_percent=lv_tol, ip=True, kappa_method="C", branch_results=False)
    tol_ik = tolerance("peer_ik_rel")
    assert ours.ik3_a == tol_ik.approx(net.res_bus_sc.ikss_ka.values * 1e3)
    assert ours.ip_a == tol_ik.approx(net.res_bus_sc.ip_ka.values * 1e3)
    assert ours.sk_va == tol_ik.approx(net.res_bus_sc.skss_mw.values * 1e6)
    assert ours.r_ohm == tol_ik.approx(net.res_bus_sc.rk_ohm.values)
    assert ours.x_ohm == tol_ik.approx(net.res_bus_sc.xk_ohm.values)


def test_short_circuit_method_b_is_never_below_pandapower(hall):
    """Method B: retrofit applies 1.15 at every bus (conservative); pandapower only where meshed."""
    grid, net = hall
    ours = solve_short_circuit(grid, lv_tolerance_percent=10, kappa_method="B")
    sc.calc_sc(net, case="max", lv_tol_percent=10, ip=True, kappa_method="B", topology="meshed",
               branch_results=False)
    assert ours.ip_a == tolerance("peer_ik_rel").approx(net.res_bus_sc.ip_ka.values * 1e3)


def test_out_of_service_branch_matches_pandapower(hall):
    """N-1: one ring cable out; warm start from the intact solution."""
    from retrofit.electrical.network import take_out_of_service

    grid, _ = hall
    base = solve_load_flow(grid)
    outage = take_out_of_service(grid, ["MV-CABLE-1"])
    ours = solve_load_flow(outage, init=base)
    net = to_pandapower(outage)
    pp.runpp(net, tolerance_mva=1e-10)
    assert ours.converged and ours.iterations <= base.iterations
    assert ours.vm_pu == tolerance("peer_vm_pu").approx(net.res_bus.vm_pu.values)


def test_wscc9_from_pandapower_case9():
    """pandapower's own case9 (set-points raised to the published 1.04/1.025/1.025) re-built as a Grid."""
    net = pn.case9()
    net.ext_grid["vm_pu"] = 1.04
    net.gen["vm_pu"] = 1.025
    b = GridBuilder(frequency_hz=net.f_hz)
    for index, row in net.bus.iterrows():
        b.add_bus(str(index), row.vn_kv * 1e3)
    for index, row in net.ext_grid.iterrows():
        b.add_source(f"eg{index}", str(row.bus), sk_max_va=1e12, vm_pu=row.vm_pu, va_deg=row.va_degree)
    for index, row in net.gen.iterrows():
        b.add_generator(f"g{index}", str(row.bus), p_w=row.p_mw * 1e6, vm_pu=row.vm_pu)
    for index, row in net.line.iterrows():
        km = row.length_km / row.parallel
        b.add_line(f"l{index}", str(row.from_bus), str(row.to_bus), r_ohm=row.r_ohm_per_km * km,
                   x_ohm=row.x_ohm_per_km * km,
                   b_s=2 * math.pi * net.f_hz * row.c_nf_per_km * 1e-9 * row.length_km * row.parallel)
    for index, row in net.load.iterrows():
        b.add_load(f"d{index}", str(row.bus), p_w=row.p_mw * 1e6, q_var=row.q_mvar * 1e6)
    assert net.trafo.empty
    ours = solve_load_flow(b.build())
    pp.runpp(net, tolerance_mva=1e-10)
    assert ours.vm_pu == tolerance("peer_vm_pu").approx(net.res_bus.vm_pu.values)
    assert ours.va_deg == pytest.approx(net.res_bus.va_degree.values, abs=1e-4)
    assert ours.generator_q_var == pytest.approx(net.res_gen.q_mvar.values * 1e6, rel=1e-6)
