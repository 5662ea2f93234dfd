"""K-factor of a nine-order current spectrum, from a course's printed homework solution.

Source: homework solution "Mathcad - 05-07", Problem 5-7, as posted on Course Hero (file 6864156), of
Purdue University's ECET 231 (Prof. Piller, Spring 2012): the course, term and upload date (26 March 2012)
are stated on its sibling upload "Mathcad - 03-03 and 04 and 05" (file 6864104), whose Problem 3-1
companion (file 6864102) uses the same currents. Printed: the rms currents I1 = 118.0, I3 = 60.0,
I5 = 20.0, I7 = 19.0, I9 = 12.0, I11 = 12.0, I13 = 9.0, I15 = 9.0 and I17 = 6.0 A, I_rms = 137.007 A,
each current per unit of I_rms, and "from the definition of K-factor (equation 5-39)"
K = sum h^2 I_h,pu^2 = 7.747. The textbook whose equation 5-39 is cited is not named in the stored copy.
Kind: published worked example (a course's printed solution; secondary, educational). No UL 1561 or
IEEE C57.110 worked example with printed inputs and a printed K or F_HL could be read for this work.
Tolerance: ``printed_3dp`` (K printed to 3 decimals) around the K our function gives for the printed
currents at both ends of their displayed precision (each +/- 0.05 A): K falls as I1 rises and rises with
every harmonic of order h > sqrt(K), which all eight orders above the fundamental are, so the two
ends bound it. The
problem states its data as given values, so the K of the printed currents themselves is also held to
``printed_3dp``.

The solution's K is UL 1561's: currents per unit of the rms current, so sum I_h,pu^2 = 1. That is
:func:`~retrofit.electrical.harmonics.k_factor`'s ratio ``sum I_h^2 h^2 / sum I_h^2`` and the harmonic
loss factor F_HL of IEEE C57.110-2018 clause 5 (normalised to I1 in numerator and denominator alike).
"""
from __future__ import annotations

import pytest

from retrofit.electrical.harmonics import k_factor
from retrofit.testing import tolerance

ORDERS = (1, 3, 5, 7, 9, 11, 13, 15, 17)
CURRENTS_A = (118.0, 60.0, 20.0, 19.0, 12.0, 12.0, 9.0, 9.0, 6.0)  # as printed, 0.1 A
CURRENT_HALF_DIGIT_A = 0.05
PRINTED_K = 7.747


def test_printed_k_factor_within_the_printed_currents():
    half = tolerance("printed_3dp").abs
    # lowest K: the fundamental up, every harmonic down; highest K: the reverse
    low = k_factor(ORDERS, [CURRENTS_A[0] + CURRENT_HALF_DIGIT_A] + [i - CURRENT_HALF_DIGIT_A for i in CURRENTS_A[1:]])
    high = k_factor(ORDERS, [CURRENTS_A[0] - CURRENT_HALF_DIGIT_A] + [i + CURRENT_HALF_DIGIT_A for i in CURRENTS_A[1:]])
    assert low - half <= PRINTED_K <= high + half, f"printed K {PRINTED_K} outside [{low:.4f}, {high:.4f}]"


def test_printed_k_factor_from_the_given_currents():
    assert k_factor(ORDERS, CURRENTS_A) == tolerance("printed_3dp").approx(PRINTED_K)


def test_k_factor_is_the_same_in_amperes_and_per_unit_of_rms():
    """Consistency check (not the solution's print): UL 1561's per-unit-of-rms form and amperes give one ratio."""
    rms = sum(i * i for i in CURRENTS_A) ** 0.5
    per_unit = [i / rms for i in CURRENTS_A]
    assert sum(p * p for p in per_unit) == pytest.approx(1.0, rel=1e-12)
    assert k_factor(ORDERS, per_unit) == tolerance("closed_form").approx(k_factor(ORDERS, CURRENTS_A))
