"""pandapower's transformer short-circuit test case: 10 kV grid and two 0.4 MVA transformers (IEC 60909).

Source: pandapower, ``pandapower/test/shortcircuit/test_transformer.py`` (commit
0603c22b67450d32821567608c00e94439fdeaae), fixture ``net_transformer``, the results its test asserts
(reproduced with pandapower 3.5.6): a 10 kV feeder with S″kQmax = 100 MVA, R/X = 0.1, and two identical
0.4 MVA, 11/0.42 kV transformers (rated voltages differ from the 10/0.4 kV bus voltages), u_k 6 %,
u_Rr 0.5 %, a bus-bar switch (merged here, as closed switches are not branches) and an LV shunt that
must not change the results. Only the maximum cases are used: the minimum ones changed between
pandapower versions.
Kind: peer cross-check (pandapower's asserted output; IEC 60909-0's equations in both programs), plus a
consistency check: the hand reduction I″k = c·400 V/(√3·|Z_Q,t + K_T·Z_T/2|), with and without K_T.
Tolerance: ``pandapower_sc_ka`` (1e-3 kA): pandapower asserts 6 decimals in kA. The hand check without
K_T (17.126 kA, written to 5 significant figures) is held to ``printed_4sf``.
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.network import GridBuilder
from retrofit.electrical.shortcircuit import (network_feeder_impedance_ohm, solve_short_circuit,
                                              transformer_correction_factor, transformer_impedance_ohm)
from retrofit.testing import tolerance

SK_Q_MVA, RX_Q = 100.0, 0.1
UN_HV_KV, UN_LV_KV = 10.0, 0.4
TRAFO = dict(sn_mva=0.4, vn_hv_kv=11.0, vn_lv_kv=0.42, vk_percent=6.0, vkr_percent=0.5)

# lv_tol_percent -> (I″k LV, ip LV, I″k HV) in kA
EXPECTED = {10: (16.992259, 42.739927, 5.773503), 6: (16.905912, 42.518706, 5.773503)}
TOL = tolerance("pandapower_sc_ka")


def _grid():
    b = GridBuilder(frequency_hz=50.0)
    b.add_bus("HV", UN_HV_KV * 1e3)
    b.add_bus("LV", UN_LV_KV * 1e3)
    b.add_source("grid", "HV", sk_max_va=SK_Q_MVA * 1e6, rx_max=RX_Q)
    for name in ("T1", "T2"):
        b.add_transformer(name, "HV", "LV", sn_va=TRAFO["sn_mva"] * 1e6, vn_hv_v=TRAFO["vn_hv_kv"] * 1e3,
                          vn_lv_v=TRAFO["vn_lv_kv"] * 1e3, vk_percent=TRAFO["vk_percent"],
                          vkr_percent=TRAFO["vkr_percent"], tap_ratio=1.025)  # a tap IEC 60909 ignores
    b.add_shunt("LV-shunt", "LV", q_var=-0.05e6, p_w=0.0)
    b.add_load("LV-load", "LV", p_w=0.3e6, q_var=0.1e6)
    return b.build()


@pytest.mark.parametrize("lv_tol", [10, 6])
def test_max_case(lv_tol):
    grid = _grid()
    result = solve_short_circuit(grid, lv_tolerance_percent=lv_tol, kappa_method="C")
    ik_lv, ip_lv, ik_hv = EXPECTED[lv_tol]
    lv, hv = grid.bus_index("LV"), grid.bus_index("HV")
    assert result.ik3_a[lv] / 1e3 == TOL.approx(ik_lv)
    assert result.ip_a[lv] / 1e3 == TOL.approx(ip_lv)
    assert result.ik3_a[hv] / 1e3 == TOL.approx(ik_hv)


def _hand_check(c, with_kt):
    """Hand check of case SC-3: I″k = c·400 V/(√3·|Z_Q,t + K_T·Z_T/2|) [kA]."""
    z_q = network_feeder_impedance_ohm(UN_HV_KV * 1e3, SK_Q_MVA * 1e6, RX_Q, 1.1,
                                       rated_ratio=TRAFO["vn_hv_kv"] / TRAFO["vn_lv_kv"])
    z_t = transformer_impedance_ohm(TRAFO["vk_percent"], TRAFO["vkr_percent"], TRAFO["sn_mva"] * 1e6,
                                    TRAFO["vn_lv_kv"] * 1e3)
    k_t = transformer_correction_factor(c, TRAFO["vk_percent"], TRAFO["vkr_percent"]) if with_kt else 1.0
    return c * UN_LV_KV * 1e3 / (math.sqrt(3) * abs(z_q + k_t * z_t / 2)) / 1e3


def test_hand_check_reproduces_the_published_current():
    assert _hand_check(1.1, with_kt=True) == TOL.approx(EXPECTED[10][0])
    assert _hand_check(1.05, with_kt=True) == TOL.approx(EXPECTED[6][0])


def test_k_t_is_applied():
    """Without K_T the answer would be 17.126 kA; the solver gives the K_T-corrected 16.992 kA."""
    without_kt = _hand_check(1.1, with_kt=False)
    assert without_kt == tolerance("printed_4sf").approx(17.126)
    result = solve_short_circuit(_grid(), lv_tolerance_percent=10)
    ik_lv = result.ik3_a[1] / 1e3
    assert abs(ik_lv - without_kt) > 0.1
    assert result.transformer_kt == pytest.approx([transformer_correction_factor(1.1, 6.0, 0.5)] * 2, rel=1e-12)


def test_shunt_load_and_tap_do_not_change_the_result():
    b = GridBuilder(frequency_hz=50.0)
    b.add_bus("HV", 10e3)
    b.add_bus("LV", 400.0)
    b.add_source("grid", "HV", sk_max_va=100e6, rx_max=0.1)
    b.add_transformer("T", "HV", "LV", sn_va=0.4e6, vn_hv_v=11e3, vn_lv_v=420.0, vk_percent=6.0,
                      vkr_percent=0.5, parallel=2)
    bare = solve_short_circuit(b.build(), lv_tolerance_percent=10)
    full = solve_short_circuit(_grid(), lv_tolerance_percent=10)
    assert full.ik3_a == pytest.approx(bare.ik3_a, rel=1e-12)
    assert full.ip_a == pytest.approx(bare.ip_a, rel=1e-12)
