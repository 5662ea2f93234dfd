"""Total demand distortion (and current THD) of an 18-pulse drive at light load, from a maker's printed example.

Source: Eaton, Harmonics FAQ video library, "What is the difference between THD and TDD?" (eaton.com,
transcript of the video; undated in the stored copy): an 18-pulse drive with a maximum demand load of
225 A runs at 30 Hz drawing 30.8 A fundamental and 8.2 A of harmonic current; "8.2 divided by 30.8 ...
26.7%" (THD) and "8.2 divided by 225 ... 3.6 percent" (TDD).
Kind: published worked example (a manufacturer's application FAQ; secondary, no standard or textbook
example with a printed TDD could be read for this work).
Tolerance: ``printed_1dp`` (both results printed to 0.1 %) around what
:func:`~retrofit.electrical.harmonics.total_demand_distortion_percent` gives for the printed inputs at both
ends of their printed precision: the currents read to 0.1 A (+/- 0.05 A) and I_L to 1 A (+/- 0.5 A). The
ratio rises with the harmonic current and falls with the denominator, so the two ends bound it.

The page's 8.2 A is the harmonic current already summed over the orders; the function's root-sum-square
of a single value is that value. THD and TDD share the numerator and differ only in the denominator (the
fundamental or the maximum demand current, IEEE Std 519-2022 clause 3), which is how the study's PCC
figure (:func:`~retrofit.electrical.power_quality.power_quality_study`) uses the function, with I_L the
fundamental current the load flow draws from the utility at the design's peak demand.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.harmonics import total_demand_distortion_percent
from retrofit.testing import tolerance

HARMONIC_A = 8.2
FUNDAMENTAL_A = 30.8
I_L_A = 225.0
TENTH_A = 0.05  # currents printed to 0.1 A
UNIT_A = 0.5  # I_L printed to 1 A


def _band(numerator_a: float, denominator_a: float, half_num: float, half_den: float) -> tuple[float, float]:
    low = total_demand_distortion_percent([numerator_a - half_num], denominator_a + half_den)
    high = total_demand_distortion_percent([numerator_a + half_num], denominator_a - half_den)
    return low, high


@pytest.mark.parametrize(("name", "denominator_a", "half_den", "printed"), [
    ("THD, over the fundamental", FUNDAMENTAL_A, TENTH_A, 26.7),
    ("TDD, over the maximum demand current", I_L_A, UNIT_A, 3.6),
])
def test_printed_distortion_within_the_printed_inputs(name, denominator_a, half_den, printed):
    half = tolerance("printed_1dp").abs
    low, high = _band(HARMONIC_A, denominator_a, TENTH_A, half_den)
    assert low - half <= printed <= high + half, f"{name}: printed {printed} % outside [{low:.3f}, {high:.3f}] %"


def test_tdd_sums_orders_root_sum_square():
    """Consistency check (not the page's print): orders add in quadrature, so splitting 8.2 A changes nothing."""
    split = [HARMONIC_A * 0.6, HARMONIC_A * 0.8]  # 0.36 + 0.64 = 1
    assert total_demand_distortion_percent(split, I_L_A) == tolerance("closed_form").approx(
        total_demand_distortion_percent([HARMONIC_A], I_L_A))


def test_tdd_refuses_a_demand_current_that_is_not_positive():
    with pytest.raises(ValueError, match="maximum demand current"):
        total_demand_distortion_percent([1.0], 0.0)
