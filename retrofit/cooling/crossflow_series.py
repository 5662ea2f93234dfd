"""Single-pass crossflow with both fluids unmixed: the exact series of Mason (1955) and its inverse.

The effectiveness is :math:`\\varepsilon = \\frac{1}{C_r N}\\sum_{n\\ge0} P(n+1, N)\\,P(n+1, C_r N)`, with P
the regularised lower incomplete gamma function, built from Poisson probabilities by recurrence
(:func:`poisson_rows`). :func:`retrofit.cooling.effectiveness_ntu.effectiveness` and
:func:`~retrofit.cooling.effectiveness_ntu.ntu_from_effectiveness` use these for the
``crossflow_unmixed`` arrangement.

References
----------
Mason, J.L., "Heat transfer in cross-flow", Proc. 2nd U.S. National Congress of Applied Mechanics, 1955,
pp. 801-803.
NIST Digital Library of Mathematical Functions, §8.8 (recurrence of the incomplete gamma function).
"""
from __future__ import annotations

import numpy as np

from ..errors import OutOfRange

_CR_ZERO = 1e-14  # capacity ratios below this are treated as a phase-changing stream (Cr = 0)

_POISSON_PRODUCT_MAX = 600.0
"""Largest mean whose Poisson probabilities :func:`poisson_rows` builds as running products from
:math:`e^{-\\lambda}` (a normal double down to about :math:`e^{-708}`); larger means take the
incomplete gamma function term by term."""


def poisson_rows(lam, terms: int):
    """Poisson probabilities of means ``lam`` and their tail beyond ``terms - 1``.

    Parameters
    ----------
    lam : numpy.ndarray
        Means λ [-], >= 0, one-dimensional.
    terms : int
        Number of probabilities per mean [-].

    Returns
    -------
    p : numpy.ndarray
        Shape (terms, lam.size): p[k] = e^{-λ} λ^k / k!, each p[k] = p[k-1]·λ/k (from its logarithm above
        :data:`_POISSON_PRODUCT_MAX`) [-].
    top : numpy.ndarray
        P(terms, λ), the regularised lower incomplete gamma function [-]: the Poisson tail summed term by
        term until the next term is below 1e-17 of the sum (means up to terms/2, where each term is at most
        half the one before), else the incomplete gamma function itself.

    Notes
    -----
    Every P(k+1, λ) below follows by P(k+1, λ) = P(k+2, λ) + p[k+1] (P(a+1, x) = P(a, x) − x^a e^{−x}/Γ(a+1),
    NIST DLMF §8.8), a sum of positive terms.
    """
    from scipy.special import gammainc, gammaln  # loaded on first use: scipy.special costs 0.2 s at start-up
    lam = np.asarray(lam, dtype=float)
    big = lam > _POISSON_PRODUCT_MAX
    lp = np.where(big, 0.0, lam)
    p = np.empty((terms, lam.size))
    p[0] = np.exp(-lp)
    for k in range(1, terms):  # row by row: numpy's running products along the first axis are far slower
        np.multiply(p[k - 1], lp, out=p[k])
        p[k] /= k
    if np.any(big):  # e^{-λ} would underflow: each probability from its logarithm
        k = np.arange(terms, dtype=float)[:, None]
        lb = lam[big][None, :]
        p[:, big] = np.exp(k * np.log(lb) - lb - gammaln(k + 1.0))
    near = lp <= 0.5 * terms
    top = np.zeros(lam.size)
    q, ln, m = p[terms - 1][near] * lp[near] / terms, lp[near], terms
    t = np.zeros(q.size)
    while np.any(q > 1e-17 * t):
        t += q
        m += 1
        q = q * ln / m
    top[near] = t
    far = ~near
    if np.any(far):
        top[far] = gammainc(float(terms), lam[far])
    return p, top


def crossflow_unmixed(ntu, cr, derivative: bool = False):
    """Effectiveness of single-pass crossflow, both fluids unmixed, by the exact series of Mason (1955).

    Parameters
    ----------
    ntu : float or array
        Number of transfer units N [-], >= 0.
    cr : float or array
        Capacity ratio Cmin/Cmax [-], 0-1; below 1e-14 it is taken as 0 (ε = 1 - e^{-N}).
    derivative : bool
        Also return dε/dN.

    Returns
    -------
    eps : numpy.ndarray
        Effectiveness [-], of the broadcast shape of ``ntu`` and ``cr``.
    d_eps : numpy.ndarray
        dε/dN [-], returned only when ``derivative`` is True.

    Notes
    -----
    ε = 1/(Cr·N) Σ_{n≥0} P(n+1, N) · P(n+1, Cr·N), with P the regularised lower incomplete gamma
    function (P(n+1, x) = 1 − e^{−x} Σ_{m≤n} x^m/m!), built from the top term down by
    :func:`poisson_rows` and summed as it goes, smallest terms first.
    """
    ntu, cr = np.broadcast_arrays(np.asarray(ntu, dtype=float), np.asarray(cr, dtype=float))
    flat_n, flat_c = ntu.ravel(), cr.ravel()
    zero = flat_c < _CR_ZERO
    c = np.where(zero, 1.0, flat_c)
    # term n is below P(n+1, Cr·N), negligible beyond the Poisson tail of Cr·N: the count depends on
    # Cr·N, not N, so a starved stream (Cr -> 0, N -> inf) stays cheap
    y_top = float(np.max(np.where(zero, 0.0, c * flat_n), initial=0.0))
    terms = int(np.ceil(y_top + 12.0 * np.sqrt(y_top) + 40.0))
    pmf_x, g_x = poisson_rows(flat_n, terms)
    pmf_y, g_y = poisson_rows(c * flat_n, terms)
    s = g_x * g_y
    ds = pmf_x[terms - 1] * g_y + g_x * c * pmf_y[terms - 1] if derivative else None
    for k in range(terms - 2, -1, -1):  # P(k+1, .) = P(k+2, .) + p[k+1]; two rows kept, not the whole table
        g_x += pmf_x[k + 1]
        g_y += pmf_y[k + 1]
        s += g_x * g_y
        if derivative:
            ds += pmf_x[k] * g_y + g_x * c * pmf_y[k]
    with np.errstate(divide="ignore", invalid="ignore"):
        eps = np.where(zero, -np.expm1(-flat_n), s / (c * flat_n))
        eps = np.where(flat_n > 0.0, eps, 0.0)
    if not derivative:
        return eps.reshape(ntu.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_eps = np.where(zero, np.exp(-flat_n), ds / (c * flat_n) - s / (c * flat_n**2))
        d_eps = np.where(flat_n > 0.0, d_eps, 1.0)
    return eps.reshape(ntu.shape), d_eps.reshape(ntu.shape)


def crossflow_unmixed_inverse(eps, cr, ntu_counterflow):
    """NTU of single-pass crossflow, both fluids unmixed, that gives an effectiveness (inverse of
    :func:`crossflow_unmixed`).

    Parameters
    ----------
    eps : float or array
        Effectiveness [-], 0 <= ε < 1.
    cr : float or array
        Capacity ratio Cmin/Cmax [-], 0-1.
    ntu_counterflow : float or array
        NTU of counterflow at the same effectiveness and capacity ratio [-], one value per element of
        ``eps`` and ``cr`` broadcast together: the lower end of the bracket (counterflow is the most
        effective arrangement).

    Returns
    -------
    ntu : numpy.ndarray
        Number of transfer units [-], of the broadcast shape of ``eps`` and ``cr``.

    Raises
    ------
    OutOfRange
        When the effectiveness needs an NTU above 1e5.

    Notes
    -----
    No closed form: safeguarded Newton iteration on the exact series with its analytic derivative,
    within a bracket doubled from the counterflow NTU, to a relative step of 1e-14.
    """
    eps, cr = np.broadcast_arrays(np.asarray(eps, dtype=float), np.asarray(cr, dtype=float))
    target = eps.ravel().copy()
    c = cr.ravel()
    # bracket: counterflow NTU is a lower bound (counterflow is the most effective arrangement)
    low = np.asarray(ntu_counterflow, dtype=float).reshape(-1)
    high = np.maximum(2.0 * low, 1e-300)
    while True:
        short = crossflow_unmixed(high, c) < target
        if not np.any(short):
            break
        if np.any(high[short] > 1e5):
            raise OutOfRange("crossflow effectiveness too close to 1: it needs NTU above 1e5")
        high = np.where(short, 2.0 * high, high)
    x = 0.5 * (low + high)
    for _ in range(200):
        f, df = crossflow_unmixed(x, c, derivative=True)
        f = f - target
        low = np.where(f < 0.0, x, low)
        high = np.where(f >= 0.0, x, high)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - f / df
        inside = (newton > low) & (newton < high) & np.isfinite(newton)
        x_new = np.where(inside, newton, 0.5 * (low + high))
        done = np.abs(x_new - x) <= 1e-14 * np.maximum(x_new, 1e-300)
        x = x_new
        if np.all(done | (target == 0.0)):
            break
    x = np.where(target == 0.0, 0.0, x)
    return x.reshape(eps.shape)


__all__ = ["crossflow_unmixed", "crossflow_unmixed_inverse", "poisson_rows"]
