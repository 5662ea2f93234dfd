"""The crossflow (both streams unmixed) effectiveness of the hourly series: Mason's series with its incomplete
gamma functions built by their recurrence (consistency checks: against the Poisson probabilities and incomplete
gamma functions summed in 80-digit decimal arithmetic, against scipy's incomplete gamma function term by term,
and a central difference of the derivative).

Tolerance of the recurrence: each p[k] is a product of 2k + 1 rounded operations and each g[k] a sum of at most
2 x terms of them, so the relative error is below 3 x terms units of 2.2e-16."""
from __future__ import annotations

from decimal import Decimal, localcontext

import numpy as np
import pytest
from scipy.special import gammainc

from retrofit.cooling.heat_exchange import _crossflow_unmixed, _poisson_terms

EPS = np.finfo(float).eps


def _exact(lam: float, terms: int) -> tuple[list[float], list[float]]:
    """(p[k], P(k+1, lam)) for k < terms in 80-digit decimal arithmetic; the tail summed 200 terms further."""
    with localcontext() as ctx:
        ctx.prec = 80
        x = Decimal(lam)
        pm = [(-x).exp()]
        for m in range(1, terms + 200):
            pm.append(pm[-1] * x / m)
        tail, g = Decimal(0), [None] * terms
        for m in range(len(pm) - 1, 0, -1):
            tail += pm[m]
            if m - 1 < terms:
                g[m - 1] = tail
        return [float(v) for v in pm[:terms]], [float(v) for v in g]


@pytest.mark.parametrize("lam, terms", [
    ([1e-9, 1e-3, 0.3, 1.0, 2.5, 7.0], 60),      # the hourly series' range: NTU and Cr·NTU up to a few units
    ([20.0, 45.0, 140.0], 300),                   # larger means, more terms
])
def test_poisson_terms_agree_with_decimal_arithmetic(lam, terms):
    p, g = _poisson_terms(np.array(lam), terms)
    tol = 3 * terms * EPS
    for j, x in enumerate(lam):
        p_exact, g_exact = _exact(x, terms)
        for k in range(terms):
            if g_exact[k] > 1e-290:     # below, denormal numbers carry fewer digits
                assert abs(g[k, j] - g_exact[k]) <= tol * g_exact[k]
            if p_exact[k] > 1e-290:
                assert abs(p[k, j] - p_exact[k]) <= tol * p_exact[k]


def test_means_above_half_the_terms_take_their_tail_from_the_gamma_function():
    lam, terms = np.array([40.0, 55.0]), 60
    p, g = _poisson_terms(lam, terms)
    assert np.array_equal(g[-1], gammainc(float(terms), lam))
    assert np.array_equal(g[:-1], g[1:] + p[1:])      # each row adds the next probability, exactly as computed


def test_poisson_terms_at_zero_and_beyond_the_products_limit():
    p, g = _poisson_terms(np.array([0.0]), 40)
    assert p[0, 0] == 1.0 and not np.any(p[1:]) and not np.any(g)
    lam = np.array([601.0, 900.0])                  # e^{-λ} would underflow: the gamma function term by term
    p, g = _poisson_terms(lam, 1300)
    assert np.array_equal(g, gammainc(np.arange(1300.0)[:, None] + 1.0, lam[None, :]))


def test_series_at_a_year_of_hours_agrees_with_its_term_by_term_form():
    rng = np.random.default_rng(7)
    ntu = rng.uniform(0.05, 6.0, 8760)
    cr = rng.uniform(0.0, 1.0, 8760)
    cr[:50] = 0.0
    eps = _crossflow_unmixed(ntu, cr)
    c = np.where(cr < 1e-14, 1.0, cr)
    y_top = float(np.max(np.where(cr < 1e-14, 0.0, c * ntu)))
    k = np.arange(int(np.ceil(y_top + 12.0 * np.sqrt(y_top) + 40.0)), dtype=float)[:, None]
    s = np.sum(gammainc(k + 1.0, ntu) * gammainc(k + 1.0, c * ntu), axis=0)
    ref = np.where(cr < 1e-14, -np.expm1(-ntu), s / (c * ntu))
    assert np.max(np.abs(eps - ref) / ref) <= len(k) * EPS


def test_derivative_matches_a_central_difference():
    ntu, cr = np.array([0.2, 1.0, 3.0, 8.0]), np.array([0.25, 1.0, 0.6, 0.1])
    _, d = _crossflow_unmixed(ntu, cr, derivative=True)
    h = 1e-5 * ntu
    fd = (_crossflow_unmixed(ntu + h, cr) - _crossflow_unmixed(ntu - h, cr)) / (2 * h)
    assert d == pytest.approx(fd, rel=1e-8)     # central difference: O(h^2) truncation, 1e-10 relative


def test_small_ntu_limit():
    # ε -> N as N -> 0 at any Cr: the series' first term, N·P(1, N)·P(1, Cr·N)/(Cr·N^2)
    n = 1e-7
    assert _crossflow_unmixed(n, 1.0) == pytest.approx(n, rel=2e-7)
