"""Unit and property tests of the IEC 60909 short circuit, the bus-impedance diagonal and breaker duty."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from retrofit.electrical.network import GridBuilder, take_out_of_service
from retrofit.electrical.shortcircuit import (DEVICE_KINDS, device_duty, inverse_diagonal, peak_factor,
                                              solve_short_circuit, voltage_factor_max)
from retrofit.errors import OutOfRange, UnknownMethod


def radial(cable_scale: float = 1.0, frequency_hz: float = 60.0):
    """Utility -> 2.5 MVA transformer -> board -> two cables in series."""
    b = GridBuilder(frequency_hz=frequency_hz)
    b.add_bus("MV", 13.8e3)
    for bus in ("SWB", "A", "B"):
        b.add_bus(bus, 415.0)
    b.add_source("utility", "MV", sk_max_va=250e6, rx_max=0.1)
    b.add_transformer("T", "MV", "SWB", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                      vkr_percent=0.9)
    b.add_line("C1", "SWB", "A", r_ohm=1e-3 * cable_scale, x_ohm=0.6e-3 * cable_scale)
    b.add_line("C2", "A", "B", r_ohm=2e-3, x_ohm=1e-3)
    return b.build()


# --- diagonal of the inverse --------------------------------------------------------------------
def _random_symmetric(n, extra, rng, complex_values=True):
    parent = np.array([rng.integers(0, i) for i in range(1, n)], dtype=int)
    f = np.r_[np.arange(1, n), rng.integers(0, n, extra)]
    t = np.r_[parent, rng.integers(0, n, extra)]
    keep = f != t
    f, t = f[keep], t[keep]
    y = 1.0 / (rng.uniform(0.01, 1, len(f)) + (1j if complex_values else 1) * rng.uniform(0.05, 2, len(f)))
    ground = 5.0 - 20j if complex_values else 5.0
    return sp.csr_matrix((np.r_[y, y, -y, -y, ground], (np.r_[f, t, f, t, 0], np.r_[f, t, t, f, 0])), shape=(n, n))


@pytest.mark.parametrize("extra", [0, 3, 30])
@pytest.mark.parametrize("complex_values", [True, False])
def test_inverse_diagonal_equals_dense_inverse(extra, complex_values):
    matrix = _random_symmetric(200, extra, np.random.default_rng(extra), complex_values)
    expected = np.diag(np.linalg.inv(matrix.toarray()))
    assert inverse_diagonal(matrix) == pytest.approx(expected, rel=1e-10)


def test_inverse_diagonal_falls_back_when_pivoting_is_needed():
    matrix = sp.csr_matrix(np.array([[0.0, 2.0, 0.0], [2.0, 1.0, 1.0], [0.0, 1.0, 3.0]]))
    expected = np.diag(np.linalg.inv(matrix.toarray()))
    assert inverse_diagonal(matrix, block_size=2) == pytest.approx(expected, rel=1e-12)


def test_inverse_diagonal_grows_linearly():
    small = _random_symmetric(20_000, 50, np.random.default_rng(1))
    large = _random_symmetric(80_000, 200, np.random.default_rng(2))
    timings = []
    for matrix in (small, large):
        start = time.perf_counter()
        inverse_diagonal(matrix)
        timings.append(time.perf_counter() - start)
    assert timings[1] < 10 * timings[0] + 0.05  # 4x the size; quadratic would be 16x


# --- IEC 60909 pieces ---------------------------------------------------------------------------
def test_voltage_factor_table():
    assert voltage_factor_max(400.0, 6) == 1.05
    assert voltage_factor_max(480.0, 10) == 1.10
    assert voltage_factor_max(13.8e3, 6) == 1.10
    with pytest.raises(OutOfRange):
        voltage_factor_max(400.0, 8)


def test_peak_factor_limits():
    assert peak_factor(0.0) == pytest.approx(2.0)
    assert peak_factor(1e6) == pytest.approx(1.02)


def test_unknown_methods_list_the_valid_ones():
    grid = radial()
    with pytest.raises(UnknownMethod, match="B, C"):
        solve_short_circuit(grid, kappa_method="A")
    with pytest.raises(UnknownMethod, match="complex, separate"):
        solve_short_circuit(grid, xr_method="pointwise")
    with pytest.raises(UnknownMethod, match="lvpcb_unfused"):
        device_duty(30e3, 0.1, "fuse", 65e3)


def test_method_c_needs_50_or_60_hz():
    with pytest.raises(OutOfRange):
        solve_short_circuit(radial(frequency_hz=400.0), kappa_method="C")
    assert np.isfinite(solve_short_circuit(radial(frequency_hz=400.0), kappa_method="B").ip_a).all()


def test_radial_fault_current_by_hand():
    """Series sum of the feeder (referred), K_T-corrected transformer and cables."""
    grid = radial()
    result = solve_short_circuit(grid, lv_tolerance_percent=10, kappa_method="C")
    z_q = 1.1 * 13.8e3**2 / 250e6 * (415.0 / 13.8e3) ** 2
    z_q = complex(0.1, 1.0) * z_q / math.sqrt(1.01)
    base = 415.0**2 / 2.5e6
    r_t, z_t = 0.009 * base, 0.0575 * base
    x_t = math.sqrt(z_t**2 - r_t**2)
    k_t = 0.95 * 1.1 / (1 + 0.6 * x_t / base)
    z_b = z_q + k_t * complex(r_t, x_t) + complex(1e-3, 0.6e-3) + complex(2e-3, 1e-3)
    k = grid.bus_index("B")
    assert result.z_thevenin_ohm[k] == pytest.approx(z_b, rel=1e-12)
    assert result.ik3_a[k] == pytest.approx(1.1 * 415.0 / (math.sqrt(3) * abs(z_b)), rel=1e-12)
    assert result.sk_va[k] == pytest.approx(math.sqrt(3) * 415.0 * result.ik3_a[k], rel=1e-12)
    # radial: method C equals kappa of the fault-point R/X
    assert result.kappa[k] == pytest.approx(peak_factor(z_b.real / z_b.imag), rel=1e-12)
    assert result.ip_a[k] == pytest.approx(result.kappa[k] * math.sqrt(2) * result.ik3_a[k], rel=1e-12)
    # method B: 1.15 kappa, capped at 1.8 on LV
    method_b = solve_short_circuit(grid, kappa_method="B")
    assert method_b.kappa[k] == pytest.approx(min(1.15 * result.kappa[k], 1.8), rel=1e-12)
    assert method_b.kappa[grid.bus_index("SWB")] == pytest.approx(1.8)


def test_separate_r_and_x_reduction():
    """Series chain: separate reduction equals the complex X/R; parallel paths: X_par / R_par."""
    grid = radial()
    complex_xr = solve_short_circuit(grid, xr_method="complex")
    separate = solve_short_circuit(grid, xr_method="separate")
    assert separate.xr_ratio == pytest.approx(complex_xr.xr_ratio, rel=1e-9)
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("S", 415.0)
    b.add_bus("F", 415.0)
    b.add_source("grid", "S", sk_max_va=1e15, rx_max=0.0)  # ideal bus
    b.add_line("resistive", "S", "F", r_ohm=0.01, x_ohm=0.001)
    b.add_line("reactive", "S", "F", r_ohm=0.001, x_ohm=0.01)
    result = solve_short_circuit(b.build(), xr_method="separate")
    r_par, x_par = 0.01 * 0.001 / 0.011, 0.001 * 0.01 / 0.011
    assert result.xr_ratio[1] == pytest.approx(x_par / r_par, rel=1e-6)
    complex_result = solve_short_circuit(b.build(), xr_method="complex")
    z = 1 / (1 / complex(0.01, 0.001) + 1 / complex(0.001, 0.01))
    assert complex_result.xr_ratio[1] == pytest.approx(z.imag / z.real, rel=1e-6)


def test_islanded_buses_have_no_fault_current():
    grid = take_out_of_service(radial(), ["C2"])
    result = solve_short_circuit(grid)
    k = grid.bus_index("B")
    assert result.islanded[k] and np.isnan(result.ik3_a[k])
    assert np.isfinite(result.ik3_a[:k]).all()


def test_campus_scale_every_bus():
    """60 unit substations on an MV ring, each with busway and 48 rack feeds: about 6,000 buses."""
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV-0", 13.8e3)
    b.add_source("utility", "MV-0", sk_max_va=1000e6, rx_max=0.05)
    for t in range(60):
        mv = f"MV-{t + 1}"
        b.add_bus(mv, 13.8e3)
        b.add_line(f"{mv}-C", f"MV-{t}", mv, r_ohm=0.01, x_ohm=0.015)
        board = f"T{t}-SWB"
        b.add_bus(board, 415.0)
        b.add_transformer(f"T{t}", mv, board, sn_va=3e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                          vkr_percent=0.9)
        for r in range(4):
            before = board
            for s in range(6):
                node = f"{board}-{r}-{s}"
                b.add_bus(node, 415.0)
                b.add_line(f"{node}-S", before, node, r_ohm=2.7e-4, x_ohm=1.5e-4)
                for k in range(2):
                    b.add_bus(f"{node}-R{k}", 415.0)
                    b.add_line(f"{node}-R{k}", node, f"{node}-R{k}", r_ohm=1.2e-3, x_ohm=8e-4)
                before = node
    b.add_line("RING", "MV-60", "MV-0", r_ohm=0.01, x_ohm=0.015)
    grid = b.build()
    assert grid.n_bus > 4000
    result = solve_short_circuit(grid, kappa_method="C")
    assert np.isfinite(result.ik3_a).all()
    lv = grid.vn_v < 1000
    assert (result.ik3_a[lv] < 120e3).all() and (result.ik3_a[lv] > 5e3).all()


# --- properties ---------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(scale=st.floats(1.01, 50.0), sk=st.floats(20e6, 2000e6), depth=st.integers(2, 12))
def test_fault_current_falls_when_a_cable_impedance_grows(scale, sk, depth):
    def chain(cable_scale):
        b = GridBuilder(frequency_hz=60.0)
        b.add_bus("MV", 13.8e3)
        b.add_bus("N0", 415.0)
        b.add_source("utility", "MV", sk_max_va=sk, rx_max=0.1)
        b.add_transformer("T", "MV", "N0", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                          vkr_percent=0.9)
        for k in range(1, depth + 1):
            b.add_bus(f"N{k}", 415.0)
            factor = cable_scale if k == 1 else 1.0
            b.add_line(f"C{k}", f"N{k - 1}", f"N{k}", r_ohm=5e-4 * factor, x_ohm=3e-4 * factor)
        # a tie makes the chain meshed
        b.add_line("TIE", "N0", f"N{depth}", r_ohm=5e-3, x_ohm=2e-3)
        return b.build()

    before = solve_short_circuit(chain(1.0)).ik3_a
    after = solve_short_circuit(chain(scale)).ik3_a
    assert np.all(after <= before * (1 + 1e-12))
    assert after[2] < before[2]  # the bus at the end of the grown cable


# --- ANSI/IEEE breaker duty ---------------------------------------------------------------------
def test_test_xr_ratios_from_power_factor():
    assert device_duty(1e3, 1.0, "lvpcb_unfused", 65e3).test_xr_ratio == pytest.approx(6.59, abs=0.01)
    assert device_duty(1e3, 1.0, "lvpcb_fused", 65e3).test_xr_ratio == pytest.approx(4.90, abs=0.01)
    assert device_duty(1e3, 1.0, "mccb", 10e3).test_xr_ratio == pytest.approx(1.73, abs=0.01)
    assert device_duty(1e3, 1.0, "mccb", 14e3).test_xr_ratio == pytest.approx(3.18, abs=0.01)
    assert device_duty(1e3, 1.0, "mccb", 25e3).test_xr_ratio == pytest.approx(4.90, abs=0.01)
    assert set(DEVICE_KINDS) == {"lvpcb_unfused", "lvpcb_fused", "mccb", "iccb"}


def test_no_increase_below_the_test_xr():
    duty = device_duty(30e3, 1 / 4.0, "mccb", 65e3)
    assert duty.multiplying_factor == 1.0
    assert duty.adjusted_duty_a == 30e3
    assert duty.duty_ratio == pytest.approx(30 / 65)


def test_multiplying_factor_formulas():
    xr = 10.0
    peak = (1 + math.exp(-math.pi / xr)) / (1 + math.exp(-math.pi * 0.2 / math.sqrt(1 - 0.04)))
    assert device_duty(50e3, 1 / xr, "mccb", 65e3).multiplying_factor == pytest.approx(peak, rel=1e-12)
    test_xr = math.sqrt(1 - 0.15**2) / 0.15
    rms = math.sqrt(1 + 2 * math.exp(-2 * math.pi / xr)) / math.sqrt(1 + 2 * math.exp(-2 * math.pi / test_xr))
    duty = device_duty(50e3, 1 / xr, "lvpcb_unfused", 65e3)
    assert duty.multiplying_factor == pytest.approx(rms, rel=1e-12)
    assert duty.adjusted_duty_a == pytest.approx(50e3 * rms)
    # purely reactive fault: the largest factor, finite
    assert device_duty(50e3, 0.0, "mccb", 65e3).multiplying_factor == pytest.approx(
        2 / (1 + math.exp(-math.pi / (math.sqrt(1 - 0.04) / 0.2))))


def test_duty_is_vectorised_over_buses():
    grid = radial()
    result = solve_short_circuit(grid)
    lv = grid.vn_v < 1000
    duty = device_duty(result.ik3_a[lv], 1 / result.xr_ratio[lv], "lvpcb_unfused", 65e3)
    assert duty.adjusted_duty_a.shape == (3,)
    assert np.all(duty.multiplying_factor >= 1.0)
    with pytest.raises(OutOfRange):
        device_duty(1e3, -0.1, "mccb", 65e3)
