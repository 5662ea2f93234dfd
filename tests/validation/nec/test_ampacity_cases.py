"""NEC conductor ampacity with ambient correction, adjustment and the 75 degC termination limit.

Source: NFPA 70, National Electrical Code, 2023 edition, Tables 310.16, 310.15(B)(1)(1), 310.15(C)(1)
and 110.14(C)(1).
Kind: published table (the table entries and factors); consistency check (the derated ampacities,
products of those entries computed by hand for the project's five cases).
Tolerance: ``closed_form`` for the printed entries (exact numbers), ``nec_ampacity_a`` (0.01 A) for
the products written to 0.01 A.

Reference: NFPA 70, National Electrical Code, 2023 edition, Table 310.16 (allowable ampacities, 30 degC,
at most three current-carrying conductors), Table 310.15(B)(1)(1) (ambient correction) and
Table 310.15(C)(1) (more than three current-carrying conductors), with 110.14(C)(1) (terminations).
The five cases are the project's: each line gives the table value, both factors, the derated ampacity, the
75 degC cap and the result, computed by hand from the printed tables (class [C]).

Tolerances: table values and factors are exact printed numbers, so they are compared with
``closed_form`` (rel 1e-9, floating-point only). Derated ampacities are products printed to 0.01 A,
compared with ``nec_ampacity_a`` (0.01 A absolute). Inputs are entered as the NEC writes them:
conductor size in AWG/kcmil, temperatures in degC, currents in A.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.ampacity import conductor_ampacity
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")
AMPS = tolerance("nec_ampacity_a")

# (case, size, insulation degC, ambient degC, current-carrying conductors,
#  table A, correction, adjustment, derated A, 75 degC cap A, result A)
CASES = [
    ("500 kcmil Cu THHN, 6 CCC, 40 degC", "500 kcmil", 90, 40, 6, 430, 0.91, 0.80, 313.04, 380, 313.04),
    ("3 AWG Cu THHN, 4 CCC, 40 degC", "3 AWG", 90, 40, 4, 115, 0.91, 0.80, 83.72, 100, 83.72),
    ("4/0 Cu THHN, 9 CCC, 45 degC", "4/0 AWG", 90, 45, 9, 260, 0.87, 0.70, 158.34, 230, 158.34),
    ("2 AWG Cu THW (75 degC), 6 CCC, 40 degC", "2 AWG", 75, 40, 6, 115, 0.88, 0.80, 80.96, 115, 80.96),
    ("600 kcmil Cu XHHW-2, 3 CCC, 50 degC", "600 kcmil", 90, 50, 3, 475, 0.82, 1.00, 389.50, 420, 389.50),
]


@pytest.mark.parametrize(
    "case, size, insulation_c, ambient_c, n_ccc, table_a, correction, adjustment, derated_a, cap_a, result_a",
    CASES, ids=[c[0] for c in CASES])
def test_nec_ampacity_case(case, size, insulation_c, ambient_c, n_ccc, table_a, correction, adjustment,
                           derated_a, cap_a, result_a):
    r = conductor_ampacity(size, "copper", insulation_c, ambient_c, n_ccc, termination_temp_c=75)
    assert r.table_a == EXACT.approx(table_a)
    assert r.correction_factor == EXACT.approx(correction)
    assert r.adjustment_factor == EXACT.approx(adjustment)
    assert r.derated_a == AMPS.approx(derated_a)
    assert r.termination_cap_a == EXACT.approx(cap_a)
    assert r.ampacity_a == AMPS.approx(result_a)
    assert r.total_a == AMPS.approx(result_a)
    assert r.limited_by == "derating"
    assert r.clauses["termination"].startswith("NEC 110.14(C)(1)")


def test_cases_are_not_limited_by_the_termination_column_only_by_chance():
    """The cap governs once the derating is light: 500 kcmil THHN, 3 CCC, 30 degC -> 430 A capped at 380 A."""
    r = conductor_ampacity("500 kcmil", "copper", 90, 30, 3)
    assert r.derated_a == AMPS.approx(430.0)
    assert r.ampacity_a == AMPS.approx(380.0)
    assert r.limited_by == "termination"
