"""Ohmic (impedance-method) short circuit through a 13.8/0.48 kV transformer: a tutorial's worked example.

Source: pangonilo.com, tutorial "Impedance Method Short Circuit Calculation" (the same pages are served at
filipinoengineer.com/blog/tutorials/calculations/impedance-method-short-circuit-calculation/), page 4
(Figure 3, the data: utility 436 MVA with X/R 15 at 13.8 kV; cable 1, 1,300 m of 0.39 + j0.039 ohm/km, one
per phase; transformer 13.8/0.48 kV, 2 MVA, 5.75 %Z, X/R 5.662; cable 2, 500 m of 0.048 + j0.029 ohm/km,
two per phase), page 7 (Fault 2, the 480 V transformer terminals: R_f1 = 0.53605, X_f1 = 0.48652,
R_t = 0.952261, X_t = 5.3917 ohm at 13.8 kV; R_f2 = 0.0018, X_f2 = 0.00711, Z_f2 = 0.00734 ohm;
S_f2 = 31.41 MVA; I_f2 = 37,776 A; X/R 3.95) and page 8 (Fault 3, the end of cable 2: R_c2 = 0.012,
X_c2 = 0.00725, R_f3 = 0.0138, X_f3 = 0.01436, Z_f3 = 0.01992 ohm; S_f3 = 11.57 MVA; I_f3 = 13,914 A;
X/R 1.04). The author is not named on the pages read; a secondary, educational source. The page with
Fault 1's current was not among the stored copies; Fault 1 is checked through R_f1 and X_f1.
Kind: published worked example (secondary): the tutorial's own inputs, in its units, through
``solve_fault_study`` with the ohmic method (c = 1.0, no K_T), every printed intermediate checked.
Tolerance: half a unit of the last printed digit of each value: ``printed_0dp`` for the currents
(amperes), ``printed_2dp`` for S (MVA) and X/R, ``printed_4dp``, ``printed_5dp`` and ``printed_6dp`` for
the impedances (ohm) as printed. The tutorial carries its chain unrounded (its 31.41 MVA follows from the
unrounded Z_f2 = 0.0073361 ohm, not from the printed 0.00734), so the printed currents hold to the ampere.
Two misprints of the source, read through: page 8 writes (X/R)_f3 = 0.0138/0.01436 for the 1.04 that
is X_f3/R_f3 = 0.01436/0.0138, and names its X_f3 line X_f2.
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.fault_study import FaultStudyOptions, solve_fault_study
from retrofit.electrical.network import GridBuilder
from retrofit.electrical.shortcircuit import transformer_impedance_ohm
from retrofit.testing import tolerance

# --- the tutorial's inputs, in its units (page 4) -----------------------------------------------
UTILITY_MVA, UTILITY_XR = 436.0, 15.0
HV_KV, LV_KV = 13.8, 0.48
CABLE_1 = dict(length_m=1300.0, r_ohm_per_km=0.39, x_ohm_per_km=0.039, parallel=1)
CABLE_2 = dict(length_m=500.0, r_ohm_per_km=0.048, x_ohm_per_km=0.029, parallel=2)
TRANSFORMER_MVA, TRANSFORMER_Z_PERCENT, TRANSFORMER_XR = 2.0, 5.75, 5.662

A = tolerance("printed_0dp")
DP2, DP4, DP5, DP6 = (tolerance(f"printed_{n}dp") for n in (2, 4, 5, 6))


def _cable(b, name, f, t, c):
    b.add_line(name, f, t, r_ohm=c["r_ohm_per_km"] * c["length_m"] / 1e3,
               x_ohm=c["x_ohm_per_km"] * c["length_m"] / 1e3, parallel=c["parallel"])


@pytest.fixture(scope="module")
def grid():
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("utility", HV_KV * 1e3)
    b.add_bus("fault 1", HV_KV * 1e3)
    b.add_bus("fault 2", LV_KV * 1e3)
    b.add_bus("fault 3", LV_KV * 1e3)
    b.add_source("utility", "utility", sk_max_va=UTILITY_MVA * 1e6, rx_max=1.0 / UTILITY_XR)
    _cable(b, "cable 1", "utility", "fault 1", CABLE_1)
    b.add_transformer("T", "fault 1", "fault 2", sn_va=TRANSFORMER_MVA * 1e6, vn_hv_v=HV_KV * 1e3,
                      vn_lv_v=LV_KV * 1e3, vk_percent=TRANSFORMER_Z_PERCENT,
                      vkr_percent=TRANSFORMER_Z_PERCENT / math.hypot(1.0, TRANSFORMER_XR))
    _cable(b, "cable 2", "fault 2", "fault 3", CABLE_2)
    return b.build()


@pytest.fixture(scope="module")
def result(grid):
    return solve_fault_study(grid, FaultStudyOptions(method="ohmic"))


def _z(grid, result, bus):
    return complex(result.z_thevenin_ohm[grid.bus_index(bus)])


def test_transformer_impedance_referred_to_13_8_kv():
    z = transformer_impedance_ohm(TRANSFORMER_Z_PERCENT, TRANSFORMER_Z_PERCENT / math.hypot(1.0, TRANSFORMER_XR),
                                  TRANSFORMER_MVA * 1e6, HV_KV * 1e3)
    assert z.real == DP6.approx(0.952261)
    assert z.imag == DP4.approx(5.3917)


def test_cable_2_impedance(grid):
    k = grid.lines.ids.index("cable 2")
    assert grid.lines.r_ohm[k] == DP5.approx(0.012)
    assert grid.lines.x_ohm[k] == DP5.approx(0.00725)


def test_fault_1_impedance(grid, result):
    z = _z(grid, result, "fault 1")
    assert z.real == DP5.approx(0.53605)
    assert z.imag == DP5.approx(0.48652)


def test_fault_2_at_the_transformer_terminals(grid, result):
    k = grid.bus_index("fault 2")
    z = _z(grid, result, "fault 2")
    assert z.real == DP4.approx(0.0018)
    assert z.imag == DP5.approx(0.00711)
    assert abs(z) == DP5.approx(0.00734)
    assert result.sk_va[k] / 1e6 == DP2.approx(31.41)
    assert result.ik3_a[k] == A.approx(37_776)
    assert result.xr_ratio[k] == DP2.approx(3.95)


def test_fault_3_at_the_end_of_cable_2(grid, result):
    k = grid.bus_index("fault 3")
    z = _z(grid, result, "fault 3")
    assert z.real == DP4.approx(0.0138)
    assert z.imag == DP5.approx(0.01436)
    assert abs(z) == DP5.approx(0.01992)
    assert result.sk_va[k] / 1e6 == DP2.approx(11.57)
    assert result.ik3_a[k] == A.approx(13_914)
    assert result.xr_ratio[k] == DP2.approx(1.04)
