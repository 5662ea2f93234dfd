"""The crossflow (both streams unmixed) effectiveness of the hourly series: Mason's series with its incomplete
gamma functions built by their recurrence (consistency checks: against the Poisson probabilities, incomplete
gamma functions and Mason's series summed in 80-digit decimal arithmetic, against scipy's incomplete gamma
function term by term, and a central difference of the derivative).

Tolerance of the recurrence: each p[k] is a product of 2k + 1 rounded operations and each P(k+1, .) a sum of
at most 2 x terms of them, so the relative error is below 3 x terms units of 2.2e-16 (4 x terms for ε, a sum
of products of them)."""
from __future__ import annotations

from decimal import Decimal, localcontext

import numpy as np
import pytest
from scipy.special import gammainc, gammaln

from retrofit.cooling.crossflow_series import crossflow_unmixed, poisson_rows

EPS = np.finfo(float).eps


def _exact(lam: float, terms: int) -> tuple[list[Decimal], list[Decimal]]:
    """(p[k], P(k+1, lam)) for k < terms in 80-digit decimal arithmetic; the tail summed 300 terms further."""
    with localcontext() as ctx:
        ctx.prec = 80
        x = Decimal(lam)
        pm = [(-x).exp()]
        for m in range(1, terms + 300):
            pm.append(pm[-1] * x / m)
        tail, g = Decimal(0), [None] * terms
        for m in range(len(pm) - 1, 0, -1):
            tail += pm[m]
            if m - 1 < terms:
                g[m - 1] = tail
        return pm[:terms], g


@pytest.mark.parametrize("lam, terms", [
    ([0.0, 1e-9, 1e-3, 0.3, 1.0, 2.5, 7.0], 60),  # the hourly series' range: NTU and Cr·NTU up to a few units
    ([20.0, 45.0, 140.0], 300),                   # larger means, more terms
])
def test_poisson_rows_agree_with_decimal_arithmetic(lam, terms):
    p, top = poisson_rows(np.array(lam), terms)
    tol = 3 * terms * EPS
    for j, x in enumerate(lam):
        p_exact, g_exact = _exact(x, terms)
        assert abs(top[j] - float(g_exact[-1])) <= tol * float(g_exact[-1])
        for k in range(terms):
            if p_exact[k] > Decimal("1e-290"):       # below, denormal numbers carry fewer digits
                assert abs(p[k, j] - float(p_exact[k])) <= tol * float(p_exact[k])


def test_means_above_half_the_terms_or_the_products_limit():
    lam, terms = np.array([40.0, 55.0, 601.0, 900.0]), 1300
    p, top = poisson_rows(lam[:2], 60)
    assert np.array_equal(top, gammainc(60.0, lam[:2]))   # the tail from the incomplete gamma function
    p, top = poisson_rows(lam[2:], terms)                 # e^{-λ} would underflow: probabilities from logarithms
    for j, x in enumerate(lam[2:]):
        p_exact, _ = _exact(x, terms)
        k = np.arange(terms)
        arg = k * np.log(x) + x + gammaln(k + 1.0)           # exp of a logarithm carries |argument| x eps
        keep = np.array([v > Decimal("1e-290") for v in p_exact])
        exact = np.array([float(v) for v in p_exact])
        assert np.all(np.abs(p[keep, j] - exact[keep]) <= (3 * terms + arg[keep]) * EPS * exact[keep])


@pytest.mark.parametrize("ntu, cr", [(0.01, 0.5), (1.0, 1.0), (2.5, 0.4), (6.0, 0.9), (30.0, 0.05)])
def test_effectiveness_agrees_with_the_series_in_decimal_arithmetic(ntu, cr):
    y = cr * ntu
    terms = int(np.ceil(y + 12.0 * np.sqrt(y) + 40.0))
    _, gx = _exact(ntu, terms)
    _, gy = _exact(y, terms)
    with localcontext() as ctx:
        ctx.prec = 80
        exact = float(sum(a * b for a, b in zip(gx, gy)) / (Decimal(cr) * Decimal(ntu)))
    assert abs(crossflow_unmixed(ntu, cr) - exact) <= 4 * terms * EPS * exact


def test_poisson_rows_at_zero():
    p, top = poisson_rows(np.array([0.0]), 40)
    assert p[0, 0] == 1.0 and not np.any(p[1:]) and top[0] == 0.0


def test_series_at_a_year_of_hours_agrees_with_its_term_by_term_form():
    rng = np.random.default_rng(7)
    ntu = rng.uniform(0.05, 6.0, 8760)
    cr = rng.uniform(0.0, 1.0, 8760)
    cr[:50] = 0.0
    eps = crossflow_unmixed(ntu, cr)
    c = np.where(cr < 1e-14, 1.0, cr)
    y_top = float(np.max(np.where(cr < 1e-14, 0.0, c * ntu)))
    k = np.arange(int(np.ceil(y_top + 12.0 * np.sqrt(y_top) + 40.0)), dtype=float)[:, None]
    s = np.sum(gammainc(k + 1.0, ntu) * gammainc(k + 1.0, c * ntu), axis=0)
    ref = np.where(cr < 1e-14, -np.expm1(-ntu), s / (c * ntu))
    assert np.max(np.abs(eps - ref) / ref) <= len(k) * EPS


def test_derivative_matches_a_central_difference():
    ntu, cr = np.array([0.2, 1.0, 3.0, 8.0]), np.array([0.25, 1.0, 0.6, 0.1])
    _, d = crossflow_unmixed(ntu, cr, derivative=True)
    h = 1e-5 * ntu
    fd = (crossflow_unmixed(ntu + h, cr) - crossflow_unmixed(ntu - h, cr)) / (2 * h)
    assert d == pytest.approx(fd, rel=1e-8)     # central difference: O(h^2) truncation, 1e-10 relative


def test_small_ntu_limit():
    # ε -> N as N -> 0 at any Cr: the series' first term, N·P(1, N)·P(1, Cr·N)/(Cr·N^2)
    n = 1e-7
    assert crossflow_unmixed(n, 1.0) == pytest.approx(n, rel=2e-7)
