"""K-factor of a four-order current spectrum, against a web calculator's printed worked example. Consistency
check, not counted as validation: the page names no author and no date.

Source: Reuven Tools, "Harmonic Distortion & K-Factor Calculator" (reuven.tools/tools/harmonic-distortion),
section "Worked Example" (undated; author not named): I1 = 100 A, I3 = 30 A, I5 = 20 A, I7 = 10 A;
harmonic rms 37.42 A, THD 37.4 %; per-unit magnitudes 1.0, 0.3, 0.2, 0.1 of I1; numerator 3.30,
denominator 1.14, K = 3.30 / 1.14 = 2.89 ("A K-4 rated transformer is recommended").
Kind: consistency check (the page states its formula and arithmetic, but an anonymous, undated calculator
page is not a publication this project counts as validation).
Tolerance: ``printed_2dp`` (K printed to 2 decimals), ``printed_1dp`` (THD printed to 0.1 %); the
example's currents are whole amperes stated as its data, taken as exact.

The page normalises to the fundamental and divides by the sum of squares, ``sum (I_h/I1)^2 h^2 /
sum (I_h/I1)^2``: the form of IEEE C57.110-2018 clause 5 for F_HL and the same ratio as UL 1561's K per
unit of the rms current, which :func:`~retrofit.electrical.harmonics.k_factor` computes.
"""
from __future__ import annotations

from retrofit.electrical.harmonics import k_factor, total_demand_distortion_percent
from retrofit.testing import tolerance

ORDERS = (1, 3, 5, 7)
CURRENTS_A = (100.0, 30.0, 20.0, 10.0)
PRINTED_K = 2.89


def test_printed_k_factor():
    assert k_factor(ORDERS, CURRENTS_A) == tolerance("printed_2dp").approx(PRINTED_K)


def test_printed_numerator_and_denominator():
    """The page's two sums (printed 3.30 and 1.14, per unit of I1) are the ratio's parts."""
    per_unit = [i / CURRENTS_A[0] for i in CURRENTS_A]
    numerator = sum(p * p * h * h for p, h in zip(per_unit, ORDERS))
    denominator = sum(p * p for p in per_unit)
    assert numerator == tolerance("printed_2dp").approx(3.30)
    assert denominator == tolerance("printed_2dp").approx(1.14)
    assert k_factor(ORDERS, per_unit) == tolerance("closed_form").approx(numerator / denominator)


def test_printed_current_thd():
    """The page's THD (harmonic rms over I1) is the study's TDD formula with the fundamental as denominator."""
    assert total_demand_distortion_percent(CURRENTS_A[1:], CURRENTS_A[0]) == tolerance("printed_1dp").approx(37.4)
