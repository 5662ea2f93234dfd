"""Consistency checks (not validation) of the harmonic load flow against hand calculations.

No published harmonic load-flow case with printed V_THD or TDD could be read for this work (the IEEE 519
and IEEE 399 examples and the Arrillaga & Watson and Dugan et al. cases were not available; Apogee
Interactive's AEUSP worked example "Capacitor Banks & Transformers Cause Resonance" validates the network
model and the resonant order only: tests/validation/apogee_resonance), so the harmonic load flow is checked here against
closed-form hand calculations on two- and three-bus networks:
a current injected at the LV bus of a transformer fed by a utility source, with and without a capacitor
bank (parallel resonance). Tolerance: round-off only (rel 1e-9), the hand formulas being exact for these
networks.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from retrofit.electrical.harmonics import (HarmonicSource, HarmonicSpectrum, line_resistance_factor, load_spectra,
                                           solve_harmonic_flow)
from retrofit.electrical.network import GridBuilder

SK_VA, RX, VN_MV, VN_LV = 250e6, 0.1, 13.8e3, 480.0
SN_VA, VK, VKR = 2.5e6, 5.75, 0.9


def three_bus_grid(with_cable: bool = False, capacitor_var: float = 0.0):
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV", VN_MV)
    b.add_bus("LV", VN_LV)
    b.add_source("utility", "MV", sk_max_va=SK_VA, rx_max=RX)
    b.add_transformer("T1", "MV", "LV", sn_va=SN_VA, vn_hv_v=VN_MV, vn_lv_v=VN_LV, vk_percent=VK, vkr_percent=VKR)
    if with_cable:
        b.add_bus("RACK", VN_LV)
        b.add_line("C1", "LV", "RACK", r_ohm=0.002, x_ohm=0.003, i_max_a=2000.0)
    if capacitor_var:
        b.add_shunt("CAP", "LV", q_var=-capacitor_var)
    return b.build()


def one_order_spectrum(h: int, fraction: float) -> dict[str, HarmonicSpectrum]:
    return {"s": HarmonicSpectrum("s", ("x",), np.array([h]), np.array([fraction]), "computed", "test")}


def _at(bus: int, i1: float, units: int = 1, name: str = "x") -> HarmonicSource:
    """A source of spectrum ``s`` at one bus with group fundamental current ``i1`` [pu]."""
    return HarmonicSource(name, "s", units, (bus,), (i1,))


def hand_impedances_pu(h: int):
    """Source and transformer impedance at order h on the 1 MVA base, from their nameplates."""
    zs = 1e6 / SK_VA  # |Z_Q| = U^2 / S''k on the bus base: 1 MVA / S''k [pu]
    xs = zs / math.sqrt(1 + RX**2)
    z_source = RX * xs + 1j * h * xs
    zt = VK / 100 * 1e6 / SN_VA
    rt = VKR / 100 * 1e6 / SN_VA
    z_trafo = rt * math.sqrt(h) + 1j * h * math.sqrt(zt**2 - rt**2)
    return z_source, z_trafo


@pytest.mark.parametrize("h", [5, 7, 11, 25, 49])
def test_lv_injection_equals_current_times_series_impedance(h):
    grid = three_bus_grid()
    i1, frac = 2.0, 0.2  # 2 pu fundamental (2 MVA at 1 pu), 20 % at order h
    flow = solve_harmonic_flow(grid, [_at(1, i1)], one_order_spectrum(h, frac))
    z_source, z_trafo = hand_impedances_pu(h)
    i_h = frac * i1
    for v in (flow.v_pu, flow.v_aligned_pu):  # one source: the law and the aligned sum agree
        assert v[0, 1] == pytest.approx(abs(i_h * (z_source + z_trafo)), rel=1e-9)
        assert v[0, 0] == pytest.approx(abs(i_h * z_source), rel=1e-9)
    assert flow.source_i_pu[0, 0] == pytest.approx(i_h, rel=1e-9)  # all of it flows into the utility
    assert flow.transformer_i_pu[0, 0] == pytest.approx(i_h, rel=1e-9)
    assert flow.thd_v_percent[1] == pytest.approx(100 * abs(i_h * (z_source + z_trafo)), rel=1e-9)


def test_capacitor_bank_gives_the_parallel_resonance_of_the_hand_calculation():
    q_cap = 600e3  # 600 kvar on the LV bus: resonance near h = sqrt(Ssc_LV / Qc)
    grid = three_bus_grid(capacitor_var=q_cap)
    for h in (5, 7, 11):
        flow = solve_harmonic_flow(grid, [_at(1, 1.0)], one_order_spectrum(h, 0.1))
        z_source, z_trafo = hand_impedances_pu(h)
        y_cap = 1j * h * q_cap / 1e6
        z_parallel = 1.0 / (1.0 / (z_source + z_trafo) + y_cap)
        assert flow.v_pu[0, 1] == pytest.approx(abs(0.1 * z_parallel), rel=1e-9)


def test_cable_adds_its_skin_corrected_impedance():
    grid = three_bus_grid(with_cable=True)
    h = 7
    flow = solve_harmonic_flow(grid, [_at(2, 1.5)], one_order_spectrum(h, 0.1))
    z_base = VN_LV**2 / 1e6
    z_cable = (0.002 * line_resistance_factor(h) + 1j * h * 0.003) / z_base
    z_source, z_trafo = hand_impedances_pu(h)
    assert flow.v_pu[0, 2] == pytest.approx(abs(0.15 * (z_source + z_trafo + z_cable)), rel=1e-9)


def test_aligned_bound_adds_the_sources_arithmetically():
    grid = three_bus_grid(with_cable=True)
    one = solve_harmonic_flow(grid, [_at(1, 1.0)], one_order_spectrum(5, 0.2))
    two = solve_harmonic_flow(grid, [_at(1, 1.0, name="a"), _at(2, 1.0, name="b")], one_order_spectrum(5, 0.2))
    assert two.source_i_aligned_pu[0, 0] == pytest.approx(2 * one.source_i_aligned_pu[0, 0], rel=1e-9)


def test_catalog_spectra_have_sources_and_their_stated_distortion():
    spectra = load_spectra()
    assert spectra["active-pfc-power-shelf"].thd_percent < 5.0
    assert spectra["vfd-6pulse-dc-choke"].thd_percent == pytest.approx(36.0, abs=0.5)
    for s in spectra.values():
        assert s.source and s.cls in ("published", "secondary", "estimate", "computed")
        assert all(h % 3 for h in s.orders)  # no triplen orders in the balanced network
