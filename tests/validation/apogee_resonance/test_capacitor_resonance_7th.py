"""Parallel resonance of a service transformer with a power-factor capacitor bank, a worked example.

Source: Apogee Interactive, Inc., power-quality fundamentals library (AEUSP), page "Capacitor Banks &
Transformers Cause Resonance" (www.aeusp.com/fundamentals/dmcb.asp, copyright 1995-1999), its worked
example: a plant with a 1,500 kVA transformer of 5-1/2 % impedance, fed by a utility of 48,000 kVA
short-circuit rating, has kVA(sys) = 17,391 kVA; with 350 kVAR of power-factor capacitors the resonant
harmonic h = sqrt(kVA(sys) / kVAR) "falls right on the 7th harmonic". A secondary, educational source: no
textbook or standard case with complete inputs and a printed answer could be read for this work (see
docs/power-quality.md, Checks).
Kind: published worked example.
Tolerance: kVA(sys) is printed to the kVA, so the short-circuit power of the plant bus is held to 0.5 kVA
(half the last printed digit); the resonance is printed only as "the 7th harmonic" (the page's value of h
stands in an image that could not be read), so the order of the largest driving-point impedance among the
integer orders must be 7 exactly and the resonant order, found between integers, within 0.5 of 7 (half a
unit of the printed order). Stated method differences: the example combines the utility and the transformer
as pure reactances (short-circuit kVA in series) and gives no voltages; the network is entered with R = 0
(``rx_max = 0``, ``vkr_percent = 0``) and checked at two voltage pairs, per-unit results not depending on them.

The network is the harmonic load flow's own: :class:`~retrofit.electrical.network.GridBuilder`, the
admittance matrix at order h of :func:`~retrofit.electrical.harmonics.harmonic_admittance_matrix` and the
harmonic voltages of :func:`~retrofit.electrical.harmonics.solve_harmonic_flow` for a current injected at
the plant bus. One test at the end is a consistency check (our closed form, not the example's print).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from retrofit.electrical.harmonics import (HarmonicSource, HarmonicSpectrum, harmonic_admittance_matrix,
                                           solve_harmonic_flow)
from retrofit.electrical.network import BASE_VA, GridBuilder

# The example's data
TRANSFORMER_KVA = 1500.0
TRANSFORMER_Z_PERCENT = 5.5  # "5-1/2% impedance"
UTILITY_SC_KVA = 48000.0
CAPACITOR_KVAR = 350.0
# The example's printed results
PRINTED_KVA_SYS = 17391.0
PRINTED_RESONANT_ORDER = 7
KVA_SYS_TOL = 0.5  # half the last printed digit (1 kVA)
ORDER_TOL = 0.5  # half a unit of the printed (integer) order

# The example gives no voltages; any pair gives the same per-unit network.
VOLTAGES = [(13.8e3, 480.0), (4.16e3, 480.0)]


def plant(vn_hv: float, vn_lv: float, with_capacitor: bool):
    """The example's plant: utility, service transformer, capacitor bank on the plant bus."""
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("utility", vn_hv)
    b.add_bus("plant", vn_lv)
    b.add_source("utility", "utility", sk_max_va=UTILITY_SC_KVA * 1e3, rx_max=0.0)
    b.add_transformer("service", "utility", "plant", sn_va=TRANSFORMER_KVA * 1e3, vn_hv_v=vn_hv, vn_lv_v=vn_lv,
                      vk_percent=TRANSFORMER_Z_PERCENT, vkr_percent=0.0)
    if with_capacitor:
        b.add_shunt("pfc", "plant", q_var=-CAPACITOR_KVAR * 1e3)
    return b.build()


def thevenin_admittance_pu(grid, h: float) -> complex:
    """Admittance seen from the plant bus at order ``h`` (the utility bus eliminated) [pu]."""
    y = harmonic_admittance_matrix(grid, h).toarray()
    u, p = grid.bus_index("utility"), grid.bus_index("plant")
    return complex(y[p, p] - y[p, u] * y[u, p] / y[u, u])


@pytest.mark.parametrize("vn_hv, vn_lv", VOLTAGES)
def test_short_circuit_kva_at_the_plant_bus(vn_hv, vn_lv):
    grid = plant(vn_hv, vn_lv, with_capacitor=False)
    s_sc_kva = abs(thevenin_admittance_pu(grid, 1)) * BASE_VA / 1e3  # |Y_th| at 1 pu voltage
    assert s_sc_kva == pytest.approx(PRINTED_KVA_SYS, abs=KVA_SYS_TOL)


@pytest.mark.parametrize("vn_hv, vn_lv", VOLTAGES)
def test_driving_point_impedance_peaks_at_the_7th_harmonic(vn_hv, vn_lv):
    grid = plant(vn_hv, vn_lv, with_capacitor=True)
    orders = np.arange(2, 51)
    spectrum = {"probe": HarmonicSpectrum("probe", ("probe",), orders, np.full(len(orders), 0.01), "computed",
                                          "1 % of a 1 pu current at every order")}
    lv = grid.bus_index("plant")
    flow = solve_harmonic_flow(grid, [HarmonicSource("probe", "probe", 1, (lv,), (1.0,))], spectrum)
    assert list(flow.orders) == list(orders)
    z_h = flow.v_pu[:, lv] / 0.01  # |V_h| / |I_h|: the driving-point impedance of the plant bus [pu]
    assert int(flow.orders[np.argmax(z_h)]) == PRINTED_RESONANT_ORDER


@pytest.mark.parametrize("vn_hv, vn_lv", VOLTAGES)
def test_resonant_order_between_integers_is_the_7th(vn_hv, vn_lv):
    from scipy.optimize import brentq

    grid = plant(vn_hv, vn_lv, with_capacitor=True)
    # Parallel resonance: the susceptance seen from the plant bus changes sign (inductive below, capacitive above).
    h_r = brentq(lambda h: thevenin_admittance_pu(grid, h).imag, 2.0, 50.0, xtol=1e-10)
    assert h_r == pytest.approx(PRINTED_RESONANT_ORDER, abs=ORDER_TOL)


def test_consistency_resonance_is_the_square_root_of_short_circuit_over_capacitor_power():
    """Consistency check (our closed form, not the example's print): h_r = sqrt(kVA_sys / kVAR) with the
    unrounded kVA_sys of the example's inputs."""
    from scipy.optimize import brentq

    grid = plant(*VOLTAGES[0], with_capacitor=True)
    kva_sys = 1.0 / (1.0 / UTILITY_SC_KVA + TRANSFORMER_Z_PERCENT / 100.0 / TRANSFORMER_KVA)
    h_r = brentq(lambda h: thevenin_admittance_pu(grid, h).imag, 2.0, 50.0, xtol=1e-12)
    assert h_r == pytest.approx(math.sqrt(kva_sys / CAPACITOR_KVAR), rel=1e-9)
