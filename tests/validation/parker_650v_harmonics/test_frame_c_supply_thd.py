"""Voltage distortion of a six-pulse drive's supply, from a manufacturer's printed harmonic calculation.

Source: Parker Hannifin (SSD Drives), *650V AC Drive* Product Manual, chapter 9 "Technical
Specifications", page 9-15, "Supply Harmonic Analysis (Frame C Normal Duty)": for nine drives on 230,
400 and 500 V supplies, the RMS current of every odd harmonic order 1 to 61 (0.1 A) and the supply
voltage THD (0.68 % for the 230 V drive, four decimals of % for the others); read as reproduced at
easymanua.ls (manual 667357, page 101); the manual's issue, document number and date were not identified
(the page states that its results conform to Engineering Recommendation G5/3, September 1976, classification C).
Kind: published worked example (a manufacturer's printed calculation; secondary, no textbook or
standard case with a printed voltage THD could be read for this work).
Tolerance: ``printed_4dp`` (``printed_2dp`` for the 230 V drive): half the last printed digit of the
THD, around the THD our load flow gives for the printed inputs at both ends of their own printed
precision: every current +/- 0.05 A (a printed 0.0 is 0 to 0.05 A) and the supply inductance
73 +/- 0.5 microhenry (printed to the microhenry). The THD rises with each current and with the
inductance, so the two ends bound it exactly.

The page's supply: "10000A short circuit supply capability, equivalent to 73 microhenry supply
impedance at 400V", so a pure reactance (no resistance is given) of 2 pi 50 Hz x 73 uH x V/400 V at
the rated voltage V (a 10 kA supply at every voltage; 73 uH is 10 kA at 400 V and 50 Hz to the
microhenry). Its definition: THD = sqrt(sum of Q_h^2) / Q_1n x 100 %, Q_1n "the rated rms value of
the fundamental voltage of the supply transformer". Read literally, Q_h is the harmonic voltage
across the per-phase supply impedance and Q_1n the rated (line) voltage V, so the page's THD is
1/sqrt(3) of a THD of like quantities (IEEE 519's, and ``HarmonicFlow.thd_v_percent``); the test
compares the page's quantity, built from our per-phase harmonic volts. Stated method differences:
the formula sums orders 2 to 40 but the table prints orders to 61, and all printed orders are summed
(page 9-15 fits either way; the manual's Frame E table, page 9-19, only this way); the drive is the ideal
current source of the printed spectrum.

The network is the harmonic load flow's own: a :class:`~retrofit.electrical.network.GridBuilder` bus
with a utility source of the page's short-circuit power (R = 0), one
:class:`~retrofit.electrical.harmonics.HarmonicSource` with the printed spectrum, solved by
:func:`~retrofit.electrical.harmonics.solve_harmonic_flow`. The other tables of the same manual are
discussed in docs/power-quality.md (Checks).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from retrofit.electrical.harmonics import HarmonicSource, HarmonicSpectrum, solve_harmonic_flow
from retrofit.electrical.network import BASE_VA, GridBuilder
from retrofit.testing import tolerance

FREQUENCY_HZ = 50.0  # 73 uH is 10 kA at 400 V only at 50 Hz
L_AT_400V_H = 73e-6  # printed to the microhenry
L_HALF_DIGIT_H = 0.5e-6
CURRENT_HALF_DIGIT_A = 0.05  # currents printed to 0.1 A
ORDERS = tuple(range(1, 62, 2))  # the page's rows: 1, 3, 5, ..., 61

# The page's nine columns: rated supply voltage [V], printed THD [%], its tolerance name.
COLUMNS = [
    (230.0, 0.68, "printed_2dp"),
    (400.0, 0.4848, "printed_4dp"), (400.0, 0.6858, "printed_4dp"),
    (400.0, 0.8634, "printed_4dp"), (400.0, 1.1883, "printed_4dp"),
    (500.0, 0.5286, "printed_4dp"), (500.0, 0.6545, "printed_4dp"),
    (500.0, 0.8396, "printed_4dp"), (500.0, 1.0236, "printed_4dp"),
]
# RMS current [A] of each order (rows, ORDERS) in each column, as printed.
CURRENTS_A = [
    (23.7, 13.3, 18.2, 25.1, 30.7, 14.2, 16.2, 23.1, 24.3),  # 1
    (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0, 0.1),  # 3
    (15.9, 10.1, 14.0, 18.6, 23.9, 10.8, 12.7, 17.5, 19.4),  # 5
    (10.4, 7.5, 10.6, 13.5, 18.4, 8.2, 9.9, 13.0, 15.3),  # 7
    (0.0,) * 9,  # 9
    (2.1, 2.7, 4.0, 4.3, 7.3, 3.0, 4.2, 4.6, 6.8),  # 11
    (1.6, 1.2, 1.8, 1.8, 3.4, 1.4, 2.1, 2.0, 3.6),  # 13
    (0.0,) * 9,  # 15
    (1.1, 0.8, 1.2, 1.5, 1.8, 0.9, 1.1, 1.5, 1.5),  # 17
    (0.7, 0.7, 1.0, 1.2, 1.8, 0.8, 1.1, 1.3, 1.6),  # 19
    (0.0,) * 9,  # 21
    (0.6, 0.3, 0.5, 0.6, 0.8, 0.4, 0.5, 0.6, 0.9),  # 23
    (0.5, 0.3, 0.5, 0.6, 0.7, 0.4, 0.4, 0.6, 0.7),  # 25
    (0.0,) * 9,  # 27
    (0.3, 0.2, 0.4, 0.4, 0.7, 0.3, 0.4, 0.4, 0.6),  # 29
    (0.3, 0.2, 0.3, 0.3, 0.5, 0.2, 0.3, 0.3, 0.5),  # 31
    (0.0,) * 9,  # 33
    (0.2, 0.2, 0.2, 0.3, 0.4, 0.2, 0.2, 0.3, 0.3),  # 35
    (0.3, 0.1, 0.2, 0.2, 0.4, 0.2, 0.2, 0.2, 0.3),  # 37
    (0.0,) * 9,  # 39
    (0.0,) * 9,  # 41
    (0.1, 0.1, 0.1, 0.2, 0.2, 0.1, 0.2, 0.2, 0.3),  # 43
    (0.0,) * 9,  # 45
    (0.2, 0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2),  # 47
    (0.0,) * 9,  # 49
    (0.0,) * 9,  # 51
    (0.0,) * 9,  # 53
    (0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.2),  # 55
    (0.0,) * 9,  # 57
    (0.2, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.2),  # 59
    (0.0,) * 9,  # 61
]


def harmonic_volts_per_phase(v_rated: float, currents_a: dict[int, float], l_400v_h: float) -> np.ndarray:
    """RMS harmonic voltage at the drive's supply terminals, per phase, from our harmonic load flow [V].

    Parameters
    ----------
    v_rated : float
        Rated (line) voltage of the supply [V].
    currents_a : dict
        Order -> RMS line current of the drive [A]; order 1 is the fundamental.
    l_400v_h : float
        Supply inductance at 400 V [H]; at ``v_rated`` it scales with the voltage (constant short-circuit current).
    """
    x1_ohm = 2.0 * math.pi * FREQUENCY_HZ * l_400v_h * v_rated / 400.0
    b = GridBuilder(frequency_hz=FREQUENCY_HZ)
    b.add_bus("supply", v_rated)
    b.add_source("utility", "supply", sk_max_va=v_rated**2 / x1_ohm, rx_max=0.0)
    grid = b.build()
    bus = grid.bus_index("supply")
    i1 = currents_a[1]
    orders = np.array([h for h, i in currents_a.items() if h > 1 and i > 0], dtype=int)
    fraction = np.array([currents_a[h] / i1 for h in orders])
    spectrum = HarmonicSpectrum("drive", ("drive",), orders, fraction, "datasheet", "the page's printed currents")
    i_base_a = BASE_VA / (math.sqrt(3.0) * v_rated)
    source = HarmonicSource("drive", "drive", 1, (bus,), (i1 / i_base_a,))
    flow = solve_harmonic_flow(grid, [source], {"drive": spectrum}, h_max=max(ORDERS))
    return flow.v_pu[:, bus] * v_rated / math.sqrt(3.0)


def page_thd_percent(v_rated: float, currents_a: dict[int, float], l_400v_h: float) -> float:
    """The page's THD: per-phase harmonic volts over the rated (line) voltage Q_1n [%]."""
    return 100.0 * math.sqrt(float(np.sum(harmonic_volts_per_phase(v_rated, currents_a, l_400v_h) ** 2))) / v_rated


def column_currents(column: int, shift_a: float = 0.0) -> dict[int, float]:
    """Order -> current of one column, every current moved by ``shift_a`` (not below zero) [A]."""
    return {h: max(row[column] + shift_a, 0.0) for h, row in zip(ORDERS, CURRENTS_A)}


@pytest.mark.parametrize("column", range(len(COLUMNS)),
                         ids=[f"{v:.0f}V-{CURRENTS_A[0][k]}A" for k, (v, _, _) in enumerate(COLUMNS)])
def test_printed_supply_thd_within_the_printed_inputs(column):
    v_rated, printed, tol_name = COLUMNS[column]
    half = tolerance(tol_name).abs
    low = page_thd_percent(v_rated, column_currents(column, -CURRENT_HALF_DIGIT_A), L_AT_400V_H - L_HALF_DIGIT_H)
    high = page_thd_percent(v_rated, column_currents(column, +CURRENT_HALF_DIGIT_A), L_AT_400V_H + L_HALF_DIGIT_H)
    # the fundamental moved with the others changes nothing: the page's THD is over the rated voltage
    assert low - half <= printed <= high + half, (
        f"{v_rated:.0f} V, I1 = {CURRENTS_A[0][column]} A: printed THD {printed} % outside [{low:.4f}, {high:.4f}] %")


def test_harmonic_volts_are_the_supply_reactance_times_the_current():
    """Consistency check (our closed form, not the page's print): on a pure reactance each order's voltage
    is h X I_h, so the page's THD is sqrt(sum (h X I_h)^2) / V."""
    column = 4
    v_rated = COLUMNS[column][0]
    currents = column_currents(column)
    x1_ohm = 2.0 * math.pi * FREQUENCY_HZ * L_AT_400V_H * v_rated / 400.0
    volts = harmonic_volts_per_phase(v_rated, currents, L_AT_400V_H)
    expected = [h * x1_ohm * i for h, i in currents.items() if h > 1 and i > 0]
    assert volts == tolerance("closed_form").approx(np.array(expected))
