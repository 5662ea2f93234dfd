"""NPV and IRR against numpy-financial (peer check).

Source: numpy-financial 1.0.0, ``npv`` and ``irr``. Kind: peer comparison. Tolerance: ``npv`` is the same
sum, so relative 1e-12 (floating-point order only); ``irr`` solves by the roots of a polynomial where we
bisect to a 1e-12 bracket, so absolute 1e-9 on the rate per period.
"""
from __future__ import annotations

import numpy_financial as npf
import pytest

from retrofit.business.finance import irr, npv

CASES = [
    [-100.0, 39.0, 59.0, 55.0, 20.0],
    [-40000.0, 5000.0, 8000.0, 12000.0, 30000.0],
    [-250.0, 0.0, 0.0, 100.0, 100.0, 100.0, 100.0],
    [-1.0e7] * 12 + [4.0e5] * 108,          # a monthly conversion: a year of capex, then nine years of margin
]


@pytest.mark.parametrize("flows", CASES)
@pytest.mark.parametrize("rate", [0.0, 0.008, 0.1])
def test_npv(flows, rate):
    assert npv(rate, flows) == pytest.approx(npf.npv(rate, flows), rel=1e-12, abs=1e-6)


@pytest.mark.parametrize("flows", CASES)
def test_irr(flows):
    assert irr(flows) == pytest.approx(float(npf.irr(flows)), abs=1e-9)


def test_no_irr_without_a_sign_change():
    assert irr([100.0, 50.0]) is None
