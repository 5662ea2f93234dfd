"""The range checks (a plain number's fast path, the arrays' own reductions) accept and refuse what they did."""
from __future__ import annotations

import math

import numpy as np
import pytest

from retrofit.cooling.friction import friction_factor_with_slope
from retrofit.cooling.psychrometrics import check_range
from retrofit.errors import OutOfRange


@pytest.mark.parametrize("value", [200.0, 300.0, 400.0, np.float64(250.0), np.array(250.0), [250.0, 399.0]])
def test_in_range_passes(value):
    check_range("t", value, 200.0, 400.0, "K")


@pytest.mark.parametrize("value", [199.999, 400.001, math.nan, math.inf, -math.inf, np.float64(math.nan),
                                   [250.0, 400.5], np.array([math.nan, 250.0])])
def test_out_of_range_or_not_finite_raises(value):
    with pytest.raises(OutOfRange, match="outside the validity range"):
        check_range("t", value, 200.0, 400.0, "K")


@pytest.mark.parametrize("reynolds, roughness, message", [(0.0, 1e-4, "Reynolds"), (math.nan, 1e-4, "Reynolds"),
                                                           (1e5, -1e-6, "roughness"), (1e5, math.nan, "roughness")])
def test_friction_refuses_bad_scalars(reynolds, roughness, message):
    with pytest.raises(OutOfRange, match=message):
        friction_factor_with_slope(reynolds, roughness)


def test_friction_refuses_one_bad_element_of_an_array():
    with pytest.raises(OutOfRange, match="got -1e-06"):
        friction_factor_with_slope(np.array([1e5, 2e5]), np.array([1e-4, -1e-6]))


def test_friction_of_scalars_equals_friction_of_arrays():
    f, slope = friction_factor_with_slope(1e5, 1e-4)
    fa, slopea = friction_factor_with_slope(np.array([1e5]), np.array([1e-4]))
    assert (float(f), float(slope)) == (float(fa[0]), float(slopea[0]))
