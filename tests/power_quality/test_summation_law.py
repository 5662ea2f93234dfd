"""Consistency checks (not validation) of the IEC TR 61000-3-6:2008 general summation law in the harmonic
load flow, against hand calculations on the three-bus network of ``test_harmonic_flow_hand.py`` (utility,
transformer, LV bus, cable, rack bus).

Every harmonic current injected here flows into the utility (no other path to ground), so a source's
contribution to the PCC current is its own injection and its contribution to a bus voltage is its current
times the impedance it shares with that bus: the combined figures follow by hand from
``(sum |x_i|**alpha)**(1/alpha)``. Tolerance: round-off only (rel 1e-9).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from retrofit.electrical.harmonics import (HarmonicSource, line_resistance_factor, load_spectra, solve_harmonic_flow,
                                           summation_exponent, summation_law)
from test_harmonic_flow_hand import VN_LV, hand_impedances_pu, one_order_spectrum, three_bus_grid

ROOT = Path(__file__).resolve().parents[2]


def _source(name: str, bus: int, i1: float, units: int = 1) -> HarmonicSource:
    return HarmonicSource(name, "s", units, (bus,), (i1,))


def test_exponents_of_the_iec_table():
    assert [summation_exponent(h) for h in (2, 4, 5, 7, 10, 11, 13, 49)] == [1.0, 1.0, 1.4, 1.4, 1.4, 2.0, 2.0, 2.0]


@pytest.mark.parametrize("h, alpha, pcc_by_hand", [
    (4, 1.0, 0.3),                                   # 0.1 + 0.2
    (7, 1.4, (0.1**1.4 + 0.2**1.4) ** (1 / 1.4)),    # = 0.255 pu
    (13, 2.0, math.sqrt(0.1**2 + 0.2**2)),           # = 0.2236 pu
])
def test_two_sources_by_hand_for_each_exponent(h, alpha, pcc_by_hand):
    """Consistency check: 1.0 pu at the LV bus and 2.0 pu at the rack bus, 10 % at order h."""
    grid = three_bus_grid(with_cable=True)
    flow = solve_harmonic_flow(grid, [_source("a", 1, 1.0), _source("b", 2, 2.0)], one_order_spectrum(h, 0.1))
    assert flow.alpha[0] == alpha
    assert flow.source_i_pu[0, 0] == pytest.approx(pcc_by_hand, rel=1e-9)
    assert flow.source_i_aligned_pu[0, 0] == pytest.approx(0.3, rel=1e-9)
    assert flow.transformer_i_pu[0, 0] == pytest.approx(pcc_by_hand, rel=1e-9)
    z_source, z_trafo = hand_impedances_pu(h)
    z_cable = (0.002 * line_resistance_factor(h) + 1j * h * 0.003) / (VN_LV**2 / 1e6)
    # at the rack bus: a's current through source and transformer, b's through the cable as well
    x_a, x_b = 0.1 * abs(z_source + z_trafo), 0.2 * abs(z_source + z_trafo + z_cable)
    assert flow.v_pu[0, 2] == pytest.approx((x_a**alpha + x_b**alpha) ** (1 / alpha), rel=1e-9)
    assert flow.v_aligned_pu[0, 2] == pytest.approx(x_a + x_b, rel=1e-9)
    assert flow.v_pu[0, 0] == pytest.approx(pcc_by_hand * abs(z_source), rel=1e-9)


@pytest.mark.parametrize("h", [4, 7, 13])
def test_a_group_of_n_identical_units_gives_n_to_the_one_over_alpha(h):
    n, i_unit = 9, 0.5
    grid = three_bus_grid(with_cable=True)
    group = solve_harmonic_flow(grid, [_source("g", 2, n * i_unit, units=n)], one_order_spectrum(h, 0.1))
    alpha = summation_exponent(h)
    assert group.source_i_pu[0, 0] == pytest.approx(n ** (1 / alpha) * 0.1 * i_unit, rel=1e-9)
    assert group.source_i_aligned_pu[0, 0] == pytest.approx(n * 0.1 * i_unit, rel=1e-9)
    # the same as n separate sources of one unit each
    each = solve_harmonic_flow(grid, [_source(f"u{k}", 2, i_unit) for k in range(n)], one_order_spectrum(h, 0.1))
    np.testing.assert_allclose(each.v_pu, group.v_pu, rtol=1e-12)
    np.testing.assert_allclose(each.source_i_pu, group.source_i_pu, rtol=1e-12)


def test_alpha_one_reproduces_the_aligned_sum_exactly_on_the_pilot_hall():
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.electrical.power_quality import load_sources
    from retrofit.io.load import load

    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    dg = build_design_grid(design)
    lf = solve_load_flow(dg.grid)
    spectra = load_spectra()
    sources, _ = load_sources(design, dg, lf, spectra)
    assert len(sources) > 1 and any(s.units > 1 for s in sources)
    arithmetic = solve_harmonic_flow(dg.grid, sources, spectra, lf.vm_pu, alpha=lambda h: 1.0, method="alpha = 1")
    np.testing.assert_array_equal(arithmetic.v_pu, arithmetic.v_aligned_pu)
    np.testing.assert_array_equal(arithmetic.source_i_pu, arithmetic.source_i_aligned_pu)
    np.testing.assert_array_equal(arithmetic.transformer_i_pu, arithmetic.transformer_i_aligned_pu)
    law = solve_harmonic_flow(dg.grid, sources, spectra, lf.vm_pu)
    np.testing.assert_array_equal(law.v_aligned_pu, arithmetic.v_aligned_pu)  # the bound does not depend on alpha
    assert np.all(law.v_pu <= law.v_aligned_pu * (1 + 1e-12))
    assert np.all(law.thd_v_percent <= law.thd_v_aligned_percent * (1 + 1e-12))


def test_summation_law_helper():
    assert summation_law([0.1, 0.2], 1.0) == pytest.approx(0.3, rel=1e-15)
    assert summation_law([3.0, 4.0], 2.0) == pytest.approx(5.0, rel=1e-15)
