"""NEC 2023 Table 310.15(B)(1): ambient correction factors of the 90 degC column (30 degC basis), against
the heat-balance relation sqrt((Tc - Ta)/(Tc - Tr)) that :func:`retrofit.electrical.ratings.equipment_ambient_factor`
applies to switchboard and busway ratings above their 40 degC rating ambient.

Printed (90 degC conductors; the table's equation 310.15(B) at each row's upper ambient): 31-35 degC
0.96, 36-40 degC 0.91, 41-45 degC 0.87, 46-50 degC 0.82.
Source: NFPA 70, National Electrical Code, 2023 edition, Table 310.15(B)(1), 90 degC column.
Kind: published table.
Tolerance: none beyond the table's own rounding: the factor rounded to the two decimals the table
prints equals the printed value (``closed_form`` on the rounded figure).
"""
import pytest

from retrofit.electrical.ratings import equipment_ambient_factor
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")

TABLE = {35.0: 0.96, 40.0: 0.91, 45.0: 0.87, 50.0: 0.82}


@pytest.mark.parametrize("ambient_c,factor", sorted(TABLE.items()))
def test_ninety_degree_column(ambient_c, factor):
    assert round(equipment_ambient_factor(ambient_c, 90.0, rating_ambient_c=30.0), 2) == EXACT.approx(factor)
