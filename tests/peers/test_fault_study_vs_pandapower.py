"""Peer cross-check of the IEC 60909 minimum case and of induction-motor contribution against pandapower.

The network: a 13.8 kV utility feeder (S″k_max 250 MVA, S″k_min 150 MVA, R/X 0.1), an MV cable, two
2.5 MVA 13.8/0.415 kV transformers (5.75 %, 0.88 % R) on one 415 V switchboard, a 60 m LV cable to a
pump switchboard with two groups of direct-on-line motors (4 x 55 kW pumps, 22 x 1.1 kW fans).

Source: pandapower 3.5.6 (the version pinned for this test: its minimum case changed between versions,
see docs/protection.md), ``calc_sc(case="max"|"min", lv_tol_percent=6|10)`` with ``motor`` elements
(``lrc_pu``, ``rx``, ``cos_phi_n``, ``efficiency_n_percent``) and line ``endtemp_degree``. Both
programs implement IEC 60909-0:2016 (c_min 0.90/0.95 for LV, K_T in the maximum case only, motors in
the maximum case only, line resistance at the end-of-fault temperature with 0.004/K), so the
differences are round-off: tolerance ``peer_ik_rel``.
Kind: peer cross-check.
Tolerance: ``peer_ik_rel`` (0.5 %), the project's acceptance limit for two programs solving the same
equations.
"""
from __future__ import annotations

import numpy as np
import pandapower as pp
import pandapower.shortcircuit as sc
import pytest
from pandapower_build import to_pandapower

from retrofit.electrical.fault_study import FaultStudyOptions, solve_fault_study
from retrofit.electrical.motor_sources import MotorSources
from retrofit.electrical.network import GridBuilder
from retrofit.testing import tolerance

PINNED_PANDAPOWER = "3.5.6"
SK_MIN_VA = 150e6
END_TEMPERATURE_C = 80.0
MOTORS = {"pumps": (4, 55e3, 6.5, 0.93, 0.86, 0.42), "fans": (22, 1.1e3, 6.0, 0.82, 0.80, 0.42)}


def network():
    b = GridBuilder(frequency_hz=60.0)
    for bus, vn in (("MV", 13.8e3), ("MV-T", 13.8e3), ("SB", 415.0), ("PUMPS", 415.0)):
        b.add_bus(bus, vn)
    b.add_source("utility", "MV", sk_max_va=250e6, rx_max=0.1)
    b.add_line("mvc", "MV", "MV-T", r_ohm=0.02, x_ohm=0.01)
    for t in ("t1", "t2"):
        b.add_transformer(t, "MV-T", "SB", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                          vkr_percent=0.88)
    b.add_line("lvc", "SB", "PUMPS", r_ohm=60 * 0.0000656, x_ohm=60 * 0.000135)
    grid = b.build()
    motors = MotorSources(tuple(MOTORS), np.array([grid.bus_index("PUMPS")] * 2), np.array([m[0] for m in MOTORS.values()]),
                          np.array([m[1] for m in MOTORS.values()]), np.array([415.0, 415.0]),
                          np.array([m[2] for m in MOTORS.values()]), np.array([m[3] for m in MOTORS.values()]),
                          np.array([m[4] for m in MOTORS.values()]), np.array([m[5] for m in MOTORS.values()]))
    return grid, motors


def peer(grid, case, lv_tol):
    net = to_pandapower(grid)
    net.ext_grid["s_sc_min_mva"] = SK_MIN_VA / 1e6
    net.line["endtemp_degree"] = END_TEMPERATURE_C
    for name, (count, p, lrc, eff, pf, rx) in MOTORS.items():
        pp.create_motor(net, grid.bus_index("PUMPS"), pn_mech_mw=count * p / 1e6, cos_phi=pf, cos_phi_n=pf,
                        efficiency_n_percent=eff * 100, lrc_pu=lrc, rx=rx, vn_kv=0.415, name=name)
    sc.calc_sc(net, case=case, lv_tol_percent=lv_tol, branch_results=False)
    return net.res_bus_sc.ikss_ka.values


def test_pandapower_version_is_the_pinned_one():
    assert pp.__version__ == PINNED_PANDAPOWER


@pytest.mark.parametrize("lv_tol", [6, 10])
@pytest.mark.parametrize("case", ["max", "min"])
def test_iec_cases_with_motors_against_pandapower(case, lv_tol):
    grid, motors = network()
    ours = solve_fault_study(grid, FaultStudyOptions(case=case, lv_tolerance_percent=lv_tol,
                                                     line_end_temperature_c=END_TEMPERATURE_C),
                             motors=motors, source_sk_min_va=np.array([SK_MIN_VA]))
    theirs = peer(grid, case, lv_tol)
    assert ours.ik3_a / 1e3 == tolerance("peer_ik_rel").approx(theirs)


def test_motors_raise_the_maximum_current():
    grid, motors = network()
    with_motors = solve_fault_study(grid, FaultStudyOptions(), motors=motors).ik3_a
    without = solve_fault_study(grid, FaultStudyOptions()).ik3_a
    pumps = grid.bus_index("PUMPS")
    assert with_motors[pumps] > without[pumps]


def test_generator_contribution_against_pandapower():
    """A 2 MVA, 415 V standby generator running on the switchboard (x″d 0.15, R_G = 0.15 X″d, cos φ 0.8):
    pandapower's ``gen`` with ``xdss_pu``, ``rdss_ohm``, ``cos_phi`` and K_G of IEC 60909-0 eq. (18)."""
    from retrofit.electrical.generator_sources import GeneratorSources

    grid, _ = network()
    sb = grid.bus_index("SB")
    x = 0.15 * 415.0**2 / 2e6
    gens = GeneratorSources(("g1",), np.array([sb]), np.array([2e6]), np.array([415.0]), np.array([0.15]),
                            np.array([0.15]), np.array([0.6]))
    ours = solve_fault_study(grid, FaultStudyOptions(lv_tolerance_percent=10), generators=gens)
    net = to_pandapower(grid)
    pp.create_gen(net, sb, p_mw=1.0, vm_pu=1.0, sn_mva=2.0, vn_kv=0.415, xdss_pu=0.15, rdss_ohm=0.15 * x,
                  cos_phi=0.8, name="g1")
    sc.calc_sc(net, case="max", lv_tol_percent=10, branch_results=False)
    assert ours.ik3_a / 1e3 == tolerance("peer_ik_rel").approx(net.res_bus_sc.ikss_ka.values)
    without = solve_fault_study(grid, FaultStudyOptions(lv_tolerance_percent=10)).ik3_a
    assert ours.ik3_a[sb] > without[sb]


@pytest.mark.parametrize("parallel", [1, 2])
def test_line_to_ground_fault_at_a_dyn_secondary_against_pandapower(parallel):
    """I″k1 at the 415 V terminals of one or two 2.5 MVA Dyn transformers: Z(0)T = R_T + j0.95 X_T (the
    catalog table ``transformer-zero-sequence``) corrected by K_T, against pandapower's ``fault="1ph"``
    with the same zero-sequence impedance as ``vk0_percent``/``vkr0_percent`` and vector group Dyn."""
    from retrofit.catalog import load_catalog
    from retrofit.electrical.fault_study import line_to_ground_current_a
    from retrofit.electrical.shortcircuit import transformer_impedance_ohm

    row = load_catalog().table("transformer-zero-sequence").rows[0]
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV", 13.8e3)
    b.add_bus("SB", 415.0)
    b.add_source("utility", "MV", sk_max_va=300e6, rx_max=1 / 12)
    for k in range(parallel):
        b.add_transformer(f"t{k}", "MV", "SB", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75, vkr_percent=0.88)
    grid = b.build()
    ours3 = solve_fault_study(grid, FaultStudyOptions(lv_tolerance_percent=10))
    z1t = transformer_impedance_ohm(5.75, 0.88, 2.5e6, 415.0)
    z0t = complex(z1t.real * row["r0_over_r1"], z1t.imag * row["x0_over_x1"]) * ours3.transformer_kt[0] / parallel
    sb = grid.bus_index("SB")
    ours = line_to_ground_current_a(415.0, float(ours3.c_max[sb]), complex(ours3.z_thevenin_ohm[sb]), z0t)
    net = to_pandapower(grid)
    net.ext_grid["x0x_max"], net.ext_grid["r0x0_max"] = 1.0, 0.1
    base = 415.0**2 / 2.5e6
    net.trafo["vector_group"] = "Dyn"
    net.trafo["vk0_percent"] = 100 * abs(z0t * parallel / ours3.transformer_kt[0]) / base
    net.trafo["vkr0_percent"] = 100 * (z0t * parallel / ours3.transformer_kt[0]).real / base
    net.trafo["mag0_percent"], net.trafo["mag0_rx"], net.trafo["si0_hv_partial"] = 100.0, 0.0, 0.9
    sc.calc_sc(net, case="max", fault="1ph", lv_tol_percent=10, branch_results=False)
    assert ours / 1e3 == tolerance("peer_ik_rel").approx(net.res_bus_sc.ikss_ka.values[sb])
    assert ours > ours3.ik3_a[sb]  # at a Dyn secondary the line-to-earth fault exceeds the three-phase one
