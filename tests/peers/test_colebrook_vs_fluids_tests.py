"""Colebrook-White friction factor against the exact values asserted by the fluids test suite (case HY-1).

Source: fluids' test suite (CalebBell/fluids ``tests/test_friction.py``, commit 091070e9):
Colebrook(Re = 1e5, e/D = 1e-4) = 0.018513866077471648 and Colebrook(1.048e11, 2.55e-8) =
0.0037751087365339906, the exact solutions of the equation of C. F. Colebrook (1939), "Turbulent flow in
pipes, with particular reference to the transition region between the smooth and rough pipe laws",
J. ICE 11(4).
Kind: peer cross-check (a peer's published output), plus a consistency check: the residual of the
equation over the Moody chart's range.
Tolerance: ``iterative_exact`` (rel 1e-10): both sides solve the same equation to machine precision;
the residual is checked to 1e-13.
"""
import numpy as np
import pytest

from retrofit.cooling.friction import colebrook, friction_factor
from retrofit.testing import tolerance

EXACT = tolerance("iterative_exact")


@pytest.mark.parametrize(
    ("reynolds", "relative_roughness", "expected"),
    [(1.0e5, 1.0e-4, 0.018513866077471648), (1.048e11, 2.55e-8, 0.0037751087365339906)],
)
def test_colebrook_exact_values(reynolds, relative_roughness, expected):
    assert colebrook(reynolds, relative_roughness) == EXACT.approx(expected)
    # the full-range registry gives the same number in the turbulent range
    assert friction_factor(reynolds, relative_roughness, method="colebrook") == EXACT.approx(expected)


def test_colebrook_equation_residual_over_moody_chart():
    reynolds, roughness = np.meshgrid(np.logspace(np.log10(4000.0), 8.0, 60), np.r_[0.0, np.logspace(-6, -1.3, 25)])
    f = colebrook(reynolds, roughness)
    residual = 1.0 / np.sqrt(f) + 2.0 * np.log10(roughness / 3.7 + 2.51 / (reynolds * np.sqrt(f)))
    assert np.max(np.abs(residual * np.sqrt(f))) < 1e-13
