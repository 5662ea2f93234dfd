"""Two-stream heat exchangers by the effectiveness–NTU and LMTD methods.

Pure functions on SI floats or numpy arrays (broadcasting): effectiveness of the classic flow
arrangements and its inverse, the log-mean temperature difference with the correction factor of a
non-counterflow arrangement, outlet temperatures for a given conductance UA, and the UA of a CDU
derived from its rated capacity at a rated approach and scaled to other flows.

Nomenclature: ``c`` is a capacity rate :math:`\\dot m c_p` [W/K]; ``capacity_ratio`` is
:math:`C_r = C_{min}/C_{max}` in [0, 1]; ``ntu`` is :math:`UA/C_{min}`; ``effectiveness`` is
:math:`\\varepsilon = Q/(C_{min}(T_{h,in} - T_{c,in}))`.

Arrangements (registry :data:`ARRANGEMENTS`):

``counterflow``
    pure counterflow (plate heat exchangers of CDUs are close to it);
``parallel_flow``
    pure parallel flow (co-current);
``crossflow_unmixed``
    single-pass crossflow, both fluids unmixed (finned-tube coils, exact series solution);
``crossflow_cmax_mixed`` / ``crossflow_cmin_mixed``
    single-pass crossflow with the fluid of larger (smaller) capacity rate mixed;
``shell_and_tube_1_2``
    one shell pass and an even number of tube passes.

:func:`hx_outlet_temperatures` and :func:`lmtd_correction_factor` also accept
``crossflow_hot_mixed`` and ``crossflow_cold_mixed`` and pick the Cmax/Cmin form from the rates.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..errors import OutOfRange, UnknownMethod

ARRANGEMENTS = (
    "counterflow",
    "parallel_flow",
    "crossflow_unmixed",
    "crossflow_cmax_mixed",
    "crossflow_cmin_mixed",
    "shell_and_tube_1_2",
)
_STREAM_MIXED = ("crossflow_hot_mixed", "crossflow_cold_mixed")

_CR_ZERO = 1e-14  # capacity ratios below this are treated as a phase-changing stream (Cr = 0)


def _out(x):
    return float(x) if np.ndim(x) == 0 else x


def _check_arrangement(arrangement: str, extra: tuple[str, ...] = ()) -> None:
    if arrangement not in ARRANGEMENTS + extra:
        raise UnknownMethod(f"unknown heat-exchanger arrangement {arrangement!r}; valid: "
                            + ", ".join(ARRANGEMENTS + extra))


def _log1p_ratio(z):
    """log1p(z)/z, equal to 1 at z = 0, stable for small |z|."""
    z = np.asarray(z, dtype=float)
    small = np.abs(z) < 1e-8
    safe = np.where(small, 1.0, z)
    return np.where(small, 1.0 - z / 2.0 + z * z / 3.0, np.log1p(safe) / safe)


_POISSON_PRODUCT_MAX = 600.0
"""Largest mean whose Poisson probabilities :func:`_poisson_terms` builds as running products from
:math:`e^{-\\lambda}` (a normal double down to about :math:`e^{-708}`); larger means take the
incomplete gamma function term by term."""


def _poisson_rows(lam, terms: int):
    """Poisson probabilities of means ``lam`` and their tail beyond ``terms - 1``.

    Returns (p, top): p of shape (terms, lam.size) with p[k] = e^{-λ} λ^k / k!, each p[k] = p[k-1]·λ/k
    (from its logarithm above :data:`_POISSON_PRODUCT_MAX`), and top = P(terms, λ), the regularised lower
    incomplete gamma function: the Poisson tail summed term by term until the next term is below 1e-17 of
    the sum (means up to terms/2, where each term is at most half the one before), else the incomplete
    gamma function itself. Every P(k+1, λ) below follows by P(k+1, λ) = P(k+2, λ) + p[k+1]
    (P(a+1, x) = P(a, x) − x^a e^{−x}/Γ(a+1), NIST DLMF §8.8), a sum of positive terms.
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


def _crossflow_unmixed(ntu, cr, derivative: bool = False):
    """Exact series of Mason (1955) for single-pass crossflow, both fluids unmixed.

    ε = 1/(Cr·N) Σ_{n≥0} P(n+1, N) · P(n+1, Cr·N), with P the regularised lower incomplete gamma
    function (P(n+1, x) = 1 − e^{−x} Σ_{m≤n} x^m/m!), built from the top term down by
    :func:`_poisson_rows` and summed as it goes, smallest terms first. Returns ε and, when asked, dε/dN.
    """
    ntu, cr = np.broadcast_arrays(np.asarray(ntu, dtype=float), np.asarray(cr, dtype=float))
    flat_n, flat_c = ntu.ravel(), cr.ravel()
    zero = flat_c < _CR_ZERO
    c = np.where(zero, 1.0, flat_c)
    # term n is below P(n+1, Cr·N), negligible beyond the Poisson tail of Cr·N: the count depends on
    # Cr·N, not N, so a starved stream (Cr -> 0, N -> inf) stays cheap
    y_top = float(np.max(np.where(zero, 0.0, c * flat_n), initial=0.0))
    terms = int(np.ceil(y_top + 12.0 * np.sqrt(y_top) + 40.0))
    pmf_x, g_x = _poisson_rows(flat_n, terms)
    pmf_y, g_y = _poisson_rows(c * flat_n, terms)
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


def effectiveness(ntu, capacity_ratio, arrangement: str = "counterflow"):
    """Effectiveness of a two-stream heat exchanger from its NTU and capacity ratio.

    Parameters
    ----------
    ntu : float or array
        Number of transfer units :math:`UA/C_{min}` [-], >= 0.
    capacity_ratio : float or array
        :math:`C_{min}/C_{max}` [-], 0–1 (0: one stream changes phase).
    arrangement : str
        One of :data:`ARRANGEMENTS`.

    Returns
    -------
    effectiveness : float or array
        :math:`Q/(C_{min}\\,(T_{h,in} - T_{c,in}))` [-].

    Raises
    ------
    UnknownMethod
        For an arrangement not in the registry.
    OutOfRange
        For a negative NTU or a capacity ratio outside [0, 1].

    Notes
    -----
    Incropera et al. (2007), §11.4 and Table 11.3; Kays & London (1984), §2-3:

    * counterflow: :math:`\\varepsilon = (1 - e^{-N(1-C_r)})/(1 - C_r e^{-N(1-C_r)})`,
      :math:`N/(1+N)` at :math:`C_r = 1`, evaluated as
      :math:`N\\,\\mathrm{exprel}(-N\\delta)/(1 + C_r N\\,\\mathrm{exprel}(-N\\delta))`,
      :math:`\\delta = 1 - C_r`, which is exact and continuous through :math:`C_r = 1`;
    * parallel flow: :math:`(1 - e^{-N(1+C_r)})/(1 + C_r)`;
    * crossflow, Cmax mixed: :math:`(1/C_r)(1 - e^{-C_r(1 - e^{-N})})`;
    * crossflow, Cmin mixed: :math:`1 - e^{-(1 - e^{-C_r N})/C_r}`;
    * crossflow, both unmixed: the exact series of Mason (1955),
      :math:`\\varepsilon = \\frac{1}{C_r N}\\sum_{n\\ge0} P(n+1, N) P(n+1, C_r N)` with P the
      regularised incomplete gamma function (Incropera's Eq. 11.32 is an approximation of it);
    * shell and tube, 1 shell pass:
      :math:`2/(1 + C_r + \\sqrt{1+C_r^2}\\coth(N\\sqrt{1+C_r^2}/2))`.

    Every form tends to :math:`1 - e^{-N}` at :math:`C_r = 0`.

    References
    ----------
    Incropera, DeWitt, Bergman, Lavine, *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley,
    2007, Table 11.3.
    Kays, W.M. and London, A.L., *Compact Heat Exchangers*, 3rd ed., McGraw-Hill, 1984.
    Mason, J.L., "Heat transfer in cross-flow", Proc. 2nd U.S. National Congress of Applied
    Mechanics, 1955, pp. 801-803.

    Examples
    --------
    >>> round(effectiveness(2.0, 1.0, "counterflow"), 4)
    0.6667
    """
    from scipy.special import exprel  # loaded on first use: scipy.special costs 0.2 s at start-up
    _check_arrangement(arrangement)
    n = np.asarray(ntu, dtype=float)
    cr = np.asarray(capacity_ratio, dtype=float)
    if np.any(n < 0.0) or np.any(~np.isfinite(n)):
        raise OutOfRange("NTU must be finite and >= 0")
    if np.any(cr < 0.0) or np.any(cr > 1.0 + 1e-12):
        raise OutOfRange("capacity ratio Cmin/Cmax must be within [0, 1]")
    cr = np.minimum(cr, 1.0)
    if arrangement == "counterflow":
        g = n * exprel(-n * (1.0 - cr))
        eps = g / (1.0 + cr * g)
    elif arrangement == "parallel_flow":
        eps = -np.expm1(-n * (1.0 + cr)) / (1.0 + cr)
    elif arrangement == "crossflow_cmax_mixed":
        y = -np.expm1(-n)
        eps = y * exprel(-cr * y)
    elif arrangement == "crossflow_cmin_mixed":
        eps = -np.expm1(-n * exprel(-cr * n))
    elif arrangement == "crossflow_unmixed":
        n, cr = np.broadcast_arrays(n, cr)
        eps = _crossflow_unmixed_memo(n.shape, n.tobytes(), cr.tobytes()).copy()
    else:  # shell_and_tube_1_2
        s = np.sqrt(1.0 + cr * cr)
        with np.errstate(divide="ignore"):
            coth = 1.0 / np.tanh(n * s / 2.0)
        eps = np.where(n > 0.0, 2.0 / (1.0 + cr + s * coth), 0.0)
    return _out(eps)


def max_effectiveness(capacity_ratio, arrangement: str = "counterflow"):
    """Effectiveness an arrangement tends to as NTU grows without bound.

    Parameters
    ----------
    capacity_ratio : float or array
        :math:`C_{min}/C_{max}` [-].
    arrangement : str
        One of :data:`ARRANGEMENTS`.

    Returns
    -------
    effectiveness : float or array
        Limit of ε as NTU → ∞ [-].

    Notes
    -----
    Counterflow and crossflow with both fluids unmixed tend to 1; parallel flow to
    :math:`1/(1+C_r)`; Cmax mixed to :math:`(1 - e^{-C_r})/C_r`; Cmin mixed to
    :math:`1 - e^{-1/C_r}`; 1-2 shell and tube to :math:`2/(1 + C_r + \\sqrt{1+C_r^2})`
    (limits of the forms of Incropera et al. 2007, Table 11.3).

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, Table 11.3.

    Examples
    --------
    >>> float(max_effectiveness(1.0, 'parallel_flow'))
    0.5
    """
    from scipy.special import exprel  # loaded on first use: scipy.special costs 0.2 s at start-up
    _check_arrangement(arrangement)
    cr = np.asarray(capacity_ratio, dtype=float)
    if arrangement in ("counterflow", "crossflow_unmixed"):
        lim = np.ones_like(cr)
    elif arrangement == "parallel_flow":
        lim = 1.0 / (1.0 + cr)
    elif arrangement == "crossflow_cmax_mixed":
        lim = exprel(-cr)
    elif arrangement == "crossflow_cmin_mixed":
        with np.errstate(divide="ignore", over="ignore"):
            lim = np.where(cr > 0.0, -np.expm1(-1.0 / np.where(cr > 0.0, cr, 1.0)), 1.0)
    else:
        lim = 2.0 / (1.0 + cr + np.sqrt(1.0 + cr * cr))
    return _out(lim)


def ntu_from_effectiveness(effectiveness_value, capacity_ratio, arrangement: str = "counterflow"):
    """Number of transfer units that gives an effectiveness (inverse of :func:`effectiveness`).

    Parameters
    ----------
    effectiveness_value : float or array
        Effectiveness [-], 0 <= ε < the arrangement's limit (:func:`max_effectiveness`).
    capacity_ratio : float or array
        :math:`C_{min}/C_{max}` [-], 0–1.
    arrangement : str
        One of :data:`ARRANGEMENTS`.

    Returns
    -------
    ntu : float or array
        :math:`UA/C_{min}` [-].

    Raises
    ------
    OutOfRange
        When the effectiveness cannot be reached by the arrangement at that capacity ratio.

    Notes
    -----
    Closed forms (Incropera et al. 2007, Table 11.4, and the algebraic inverses of Table 11.3):

    * counterflow: :math:`N = \\ln[(1-\\varepsilon C_r)/(1-\\varepsilon)]/(1-C_r)`,
      :math:`\\varepsilon/(1-\\varepsilon)` at :math:`C_r = 1`, evaluated with log1p so it is
      continuous through :math:`C_r = 1`;
    * parallel flow: :math:`N = -\\ln[1 - \\varepsilon(1+C_r)]/(1+C_r)`;
    * Cmax mixed: :math:`N = -\\ln[1 + \\ln(1 - \\varepsilon C_r)/C_r]`;
    * Cmin mixed: :math:`N = -\\ln[1 + C_r\\ln(1-\\varepsilon)]/C_r`;
    * 1-2 shell and tube: :math:`N = \\ln[(E+1)/(E-1)]/\\sqrt{1+C_r^2}`,
      :math:`E = (2/\\varepsilon - 1 - C_r)/\\sqrt{1+C_r^2}`;
    * crossflow, both unmixed: no closed form; safeguarded Newton iteration on the exact series,
      with the analytic derivative, to a relative step of 1e-14.

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, Tables 11.3 and 11.4.

    Examples
    --------
    >>> round(ntu_from_effectiveness(0.8, 1.0, "counterflow"), 6)
    4.0
    """
    _check_arrangement(arrangement)
    eps = np.asarray(effectiveness_value, dtype=float)
    cr = np.minimum(np.asarray(capacity_ratio, dtype=float), 1.0)
    if np.any(cr < 0.0):
        raise OutOfRange("capacity ratio Cmin/Cmax must be within [0, 1]")
    limit = max_effectiveness(cr, arrangement)
    if np.any(eps < 0.0) or np.any(eps >= limit):
        raise OutOfRange(f"effectiveness must lie in [0, {np.min(limit):.6g}) for {arrangement} at this "
                         "capacity ratio (the exchanger cannot reach it at any size)")
    if arrangement == "counterflow":
        d = 1.0 - cr
        ntu = eps / (1.0 - eps) * _log1p_ratio(eps * d / (1.0 - eps))
    elif arrangement == "parallel_flow":
        ntu = -np.log1p(-eps * (1.0 + cr)) / (1.0 + cr)
    elif arrangement == "crossflow_cmax_mixed":
        y = eps * _log1p_ratio(-eps * cr)
        ntu = -np.log1p(-y)
    elif arrangement == "crossflow_cmin_mixed":
        u = -np.log1p(-eps)
        ntu = u * _log1p_ratio(-cr * u)
    elif arrangement == "shell_and_tube_1_2":
        s = np.sqrt(1.0 + cr * cr)
        with np.errstate(divide="ignore"):
            e = (2.0 / eps - 1.0 - cr) / s
            ntu = np.where(eps > 0.0, np.log((e + 1.0) / (e - 1.0)) / s, 0.0)
    else:
        eps, cr = np.broadcast_arrays(eps, cr)
        ntu = _crossflow_unmixed_inverse_memo(eps.shape, eps.tobytes(), cr.tobytes()).copy()
    return _out(ntu)


@lru_cache(maxsize=4096)
def _crossflow_unmixed_memo(shape: tuple, ntu: bytes, cr: bytes) -> np.ndarray:
    """:func:`_crossflow_unmixed` memoised by its inputs' bytes: the plant balances of a study ask for the same
    coils at the same flows many times (callers get a copy)."""
    eps = np.array(_crossflow_unmixed(np.frombuffer(ntu).reshape(shape), np.frombuffer(cr).reshape(shape)), dtype=float)
    eps.setflags(write=False)
    return eps


@lru_cache(maxsize=4096)
def _crossflow_unmixed_inverse_memo(shape: tuple, eps: bytes, cr: bytes) -> np.ndarray:
    """:func:`_crossflow_unmixed_inverse` memoised by its inputs' bytes: a coil's rating is inverted once
    per rating, however many plant balances and studies ask for it (callers get a copy)."""
    ntu = _crossflow_unmixed_inverse(np.frombuffer(eps).reshape(shape), np.frombuffer(cr).reshape(shape))
    ntu = np.array(ntu, dtype=float)
    ntu.setflags(write=False)
    return ntu


def _crossflow_unmixed_inverse(eps, cr):
    eps, cr = np.broadcast_arrays(np.asarray(eps, dtype=float), np.asarray(cr, dtype=float))
    target = eps.ravel().copy()
    c = cr.ravel()
    # bracket: counterflow NTU is a lower bound (counterflow is the most effective arrangement)
    low = np.asarray(ntu_from_effectiveness(target, c, "counterflow"), dtype=float).reshape(-1)
    high = np.maximum(2.0 * low, 1e-300)
    while True:
        short = _crossflow_unmixed(high, c) < target
        if not np.any(short):
            break
        if np.any(high[short] > 1e5):
            raise OutOfRange("crossflow effectiveness too close to 1: it needs NTU above 1e5")
        high = np.where(short, 2.0 * high, high)
    x = 0.5 * (low + high)
    for _ in range(200):
        f, df = _crossflow_unmixed(x, c, derivative=True)
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


def log_mean_temperature_difference(dt_a, dt_b):
    """Logarithmic mean of the two terminal temperature differences.

    Parameters
    ----------
    dt_a : float or array
        Temperature difference between the streams at one end [K].
    dt_b : float or array
        Temperature difference at the other end [K], same sign as ``dt_a``.

    Returns
    -------
    lmtd : float or array
        :math:`(\\Delta T_a - \\Delta T_b)/\\ln(\\Delta T_a/\\Delta T_b)` [K]; equals
        :math:`\\Delta T_a` when both are equal.

    Raises
    ------
    OutOfRange
        When the differences are zero or of opposite signs (a temperature cross).

    Notes
    -----
    Incropera et al. (2007), Eq. 11.15. Evaluated as :math:`\\Delta T_b / \\mathrm{log1p}(x)/x`
    with :math:`x = \\Delta T_a/\\Delta T_b - 1` so that equal differences need no special case.

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, Eq. 11.15.

    Examples
    --------
    >>> round(float(log_mean_temperature_difference(80.0, 105.0)), 2)
    91.93
    """
    a = np.asarray(dt_a, dtype=float)
    b = np.asarray(dt_b, dtype=float)
    if np.any(a * b <= 0.0):
        raise OutOfRange("terminal temperature differences must be non-zero and of the same sign "
                         "(a temperature cross or pinch makes the LMTD undefined)")
    return _out(b / _log1p_ratio(a / b - 1.0))


def _arrangement_for_rates(arrangement):
    """Map hot/cold-mixed names to the Cmin/Cmax-mixed forms: (name if hot is Cmin, name otherwise)."""
    if arrangement == "crossflow_hot_mixed":
        return "crossflow_cmin_mixed", "crossflow_cmax_mixed"
    if arrangement == "crossflow_cold_mixed":
        return "crossflow_cmax_mixed", "crossflow_cmin_mixed"
    return arrangement, arrangement


def lmtd_correction_factor(t_hot_in, t_hot_out, t_cold_in, t_cold_out, arrangement: str):
    """Correction factor F of the counterflow LMTD for another flow arrangement.

    Parameters
    ----------
    t_hot_in, t_hot_out : float or array
        Hot-stream inlet and outlet temperatures [K].
    t_cold_in, t_cold_out : float or array
        Cold-stream inlet and outlet temperatures [K].
    arrangement : str
        One of :data:`ARRANGEMENTS`, or ``crossflow_hot_mixed`` / ``crossflow_cold_mixed``.

    Returns
    -------
    f : float or array
        Factor with :math:`Q = UA\\,F\\,\\Delta T_{lm,cf}` [-]; 1 for counterflow.

    Raises
    ------
    OutOfRange
        When the arrangement cannot produce those four temperatures at any size.

    Notes
    -----
    Computed from the effectiveness–NTU relations rather than from charts: with the effectiveness
    and capacity ratio fixed by the four temperatures, :math:`UA = N C_{min}` for the arrangement
    and :math:`UA_{cf} = N_{cf} C_{min}` for counterflow transfer the same heat, and
    :math:`Q = UA_{cf}\\Delta T_{lm,cf}`, so :math:`F = N_{cf}(\\varepsilon, C_r)/N(\\varepsilon, C_r)`.
    For the 1-2 shell and tube this reproduces Bowman, Mueller & Nagle's closed form (checked in
    ``tests/consistency/test_entu_identities.py``).

    References
    ----------
    Bowman, R.A., Mueller, A.C. and Nagle, W.M., "Mean temperature difference in design",
    Trans. ASME 62, 1940, pp. 283-294.
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, §11.3.4.

    Examples
    --------
    >>> round(float(lmtd_correction_factor(150.0, 90.0, 30.0, 70.0, 'shell_and_tube_1_2')), 4)
    0.9105
    """
    _check_arrangement(arrangement, _STREAM_MIXED)
    dth = np.asarray(t_hot_in, dtype=float) - np.asarray(t_hot_out, dtype=float)
    dtc = np.asarray(t_cold_out, dtype=float) - np.asarray(t_cold_in, dtype=float)
    dt_max = np.asarray(t_hot_in, dtype=float) - np.asarray(t_cold_in, dtype=float)
    if np.any(dth <= 0.0) or np.any(dtc <= 0.0) or np.any(dt_max <= 0.0):
        raise OutOfRange("the hot stream must cool, the cold stream warm, and the hot inlet be the hotter")
    hot_is_min = dth >= dtc  # the stream of smaller capacity rate changes temperature more
    eps = np.maximum(dth, dtc) / dt_max
    cr = np.minimum(dth, dtc) / np.maximum(dth, dtc)
    name_hot_min, name_hot_max = _arrangement_for_rates(arrangement)
    ntu_cf = np.asarray(ntu_from_effectiveness(eps, cr, "counterflow"))
    if name_hot_min == name_hot_max:
        ntu_arr = np.asarray(ntu_from_effectiveness(eps, cr, name_hot_min))
    else:
        ntu_arr = np.where(hot_is_min, _safe_ntu(eps, cr, name_hot_min), _safe_ntu(eps, cr, name_hot_max))
        if np.any(~np.isfinite(ntu_arr)):
            raise OutOfRange(f"{arrangement} cannot produce these temperatures at any size")
    return _out(ntu_cf / ntu_arr)


def _safe_ntu(eps, cr, arrangement):
    limit = np.asarray(max_effectiveness(cr, arrangement))
    ok = np.asarray(eps) < limit
    e = np.where(ok, eps, 0.0)
    return np.where(ok, np.asarray(ntu_from_effectiveness(e, cr, arrangement)), np.inf)


def ua_from_lmtd(q_w, t_hot_in, t_hot_out, t_cold_in, t_cold_out, arrangement: str = "counterflow"):
    """Conductance UA that transfers a heat between four terminal temperatures.

    Parameters
    ----------
    q_w : float or array
        Heat transferred [W].
    t_hot_in, t_hot_out : float or array
        Hot-stream inlet and outlet temperatures [K].
    t_cold_in, t_cold_out : float or array
        Cold-stream inlet and outlet temperatures [K].
    arrangement : str
        Flow arrangement (see :func:`lmtd_correction_factor`).

    Returns
    -------
    ua : float or array
        Overall conductance [W/K].

    Notes
    -----
    :math:`UA = Q/(F\\,\\Delta T_{lm,cf})`, :math:`\\Delta T_{lm,cf}` from the counterflow terminal
    differences :math:`T_{h,in}-T_{c,out}` and :math:`T_{h,out}-T_{c,in}` (Incropera et al. 2007,
    §11.3).

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, §11.3.

    Examples
    --------
    >>> round(ua_from_lmtd(300.96e3, 433.15, 398.2362, 293.15, 353.15) / 640.0, 4)
    5.1129
    """
    lmtd = log_mean_temperature_difference(np.asarray(t_hot_in) - np.asarray(t_cold_out),
                                           np.asarray(t_hot_out) - np.asarray(t_cold_in))
    f = 1.0 if arrangement == "counterflow" else lmtd_correction_factor(t_hot_in, t_hot_out, t_cold_in,
                                                                         t_cold_out, arrangement)
    return _out(np.asarray(q_w, dtype=float) / (np.asarray(f) * np.asarray(lmtd)))


def ua_from_rated_approach(q_rated_w, c_hot_w_k, c_cold_w_k, approach_k):
    """UA of a counterflow liquid-to-liquid CDU from its rated capacity at a rated approach.

    Parameters
    ----------
    q_rated_w : float or array
        Rated heat transfer [W].
    c_hot_w_k : float or array
        Capacity rate of the hot stream (TCS, secondary) at the rating [W/K].
    c_cold_w_k : float or array
        Capacity rate of the cold stream (facility water, primary) at the rating [W/K].
    approach_k : float or array
        Rated approach: TCS supply (hot outlet) minus facility supply (cold inlet) [K], > 0.

    Returns
    -------
    ua : float or array
        Overall conductance [W/K] at the rated flows.

    Raises
    ------
    OutOfRange
        When the rating is impossible in counterflow (the other end would pinch or cross:
        :math:`\\Delta T_{approach} + Q/C_h - Q/C_c \\le 0`).

    Notes
    -----
    The approach fixes the cold end, :math:`\\Delta T_1 = T_{h,out} - T_{c,in}`; the energy balance
    fixes the hot end, :math:`\\Delta T_2 = T_{h,in} - T_{c,out} = \\Delta T_1 + Q/C_h - Q/C_c`; then
    :math:`UA = Q/\\Delta T_{lm}` (Incropera et al. 2007, §11.3, Eq. 11.15). Equivalent to
    :math:`UA = C_{min} N(\\varepsilon, C_r)` with :math:`\\varepsilon = Q/(C_{min}(\\Delta T_1 + Q/C_h))`.
    Vendors rate CDUs this way (e.g. Vertiv's CoolChip CDU 121 application guide gives capacity at 3, 5
    and 7 K approach).

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, §11.3.

    Examples
    --------
    >>> round(ua_from_rated_approach(2.0e6, 2.0e6 / 10.0, 2.0e6 / 10.0, 5.0) / 1e3, 1)
    400.0
    """
    q = np.asarray(q_rated_w, dtype=float)
    approach = np.asarray(approach_k, dtype=float)
    if np.any(approach <= 0.0):
        raise OutOfRange("rated approach must be > 0 K")
    dt_other = approach + q / np.asarray(c_hot_w_k, dtype=float) - q / np.asarray(c_cold_w_k, dtype=float)
    if np.any(dt_other <= 0.0):
        raise OutOfRange("rating impossible in counterflow: the hot-end temperature difference "
                         f"would be {np.min(dt_other):.3g} K (increase the facility flow or the approach)")
    return _out(q / np.asarray(log_mean_temperature_difference(approach, dt_other)))


def ua_at_flows(ua_rated, m_hot, m_cold, m_hot_rated, m_cold_rated, exponent=0.8, *,
                hot_resistance_fraction=0.5, cold_exponent=None):
    """Scale a rated UA to other flow rates through the film coefficients.

    Parameters
    ----------
    ua_rated : float or array
        Conductance at the rated flows [W/K].
    m_hot, m_cold : float or array
        Operating mass flows of the hot and cold streams [kg/s].
    m_hot_rated, m_cold_rated : float or array
        Mass flows at the rating [kg/s].
    exponent : float
        Exponent n of :math:`h \\propto Re^n` on the hot side (and the cold side unless
        ``cold_exponent`` is given) [-]; 0.8 for turbulent channel flow.
    hot_resistance_fraction : float
        Share of the total thermal resistance 1/UA on the hot side at the rating [-]; the rest is on
        the cold side (wall and fouling are lumped into the two in proportion).
    cold_exponent : float, optional
        Exponent of the cold side [-], when it differs (finned air side: 0.5–0.65).

    Returns
    -------
    ua : float or array
        Conductance at the operating flows [W/K]; 0 when either flow is 0.

    Notes
    -----
    Series film resistances with :math:`h \\propto Re^n \\propto \\dot m^n` at fixed geometry and
    properties (Dittus–Boelter, :math:`Nu = 0.023 Re^{0.8} Pr^{0.4}`, Incropera et al. 2007,
    Eq. 8.60; plate exchangers show :math:`n \\approx 0.6`–0.8):

    .. math:: \\frac{1}{UA} = \\frac{f_h}{UA_r}\\left(\\frac{\\dot m_{h,r}}{\\dot m_h}\\right)^{n_h}
              + \\frac{1 - f_h}{UA_r}\\left(\\frac{\\dot m_{c,r}}{\\dot m_c}\\right)^{n_c}

    The default equal split (:math:`f_h = 0.5`) suits a liquid-to-liquid plate exchanger with
    similar fluids on both sides; property changes with temperature (PG25 viscosity) are neglected.
    Valid while both streams stay in the flow regime of the rating (roughly 30–150 % of rated flow).

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, Eq. 8.60 and 11.5.

    Examples
    --------
    >>> round(ua_at_flows(400e3, 10.0, 10.0, 10.0, 10.0), 1)
    400000.0
    """
    f_hot = np.asarray(hot_resistance_fraction, dtype=float)
    if np.any(f_hot < 0.0) or np.any(f_hot > 1.0):
        raise OutOfRange("hot_resistance_fraction must be within [0, 1]")
    n_hot = np.asarray(exponent, dtype=float)
    n_cold = n_hot if cold_exponent is None else np.asarray(cold_exponent, dtype=float)
    m_h = np.asarray(m_hot, dtype=float)
    m_c = np.asarray(m_cold, dtype=float)
    if np.any(m_h < 0.0) or np.any(m_c < 0.0):
        raise OutOfRange("mass flows must be >= 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        r_hot = f_hot * (np.asarray(m_hot_rated, dtype=float) / m_h) ** n_hot
        r_cold = (1.0 - f_hot) * (np.asarray(m_cold_rated, dtype=float) / m_c) ** n_cold
        ua = np.asarray(ua_rated, dtype=float) / (r_hot + r_cold)
    ua = np.where((m_h > 0.0) & (m_c > 0.0), ua, 0.0)
    return _out(ua)


class HeatExchangerState(NamedTuple):
    """Steady state of a two-stream heat exchanger.

    Attributes
    ----------
    q_w : float or array
        Heat transferred from the hot to the cold stream [W].
    t_hot_out_k : float or array
        Hot-stream outlet temperature [K].
    t_cold_out_k : float or array
        Cold-stream outlet temperature [K].
    effectiveness : float or array
        Effectiveness [-].
    ntu : float or array
        Number of transfer units [-].
    """

    q_w: object
    t_hot_out_k: object
    t_cold_out_k: object
    effectiveness: object
    ntu: object


def hx_outlet_temperatures(t_hot_in, t_cold_in, c_hot, c_cold, ua, arrangement: str = "counterflow"):
    """Outlet temperatures and duty of a heat exchanger of known UA.

    Parameters
    ----------
    t_hot_in : float or array
        Hot-stream inlet temperature [K].
    t_cold_in : float or array
        Cold-stream inlet temperature [K].
    c_hot : float or array
        Hot-stream capacity rate :math:`\\dot m c_p` [W/K], >= 0.
    c_cold : float or array
        Cold-stream capacity rate [W/K], >= 0.
    ua : float or array
        Overall conductance [W/K], >= 0.
    arrangement : str
        One of :data:`ARRANGEMENTS`, or ``crossflow_hot_mixed`` / ``crossflow_cold_mixed``.

    Returns
    -------
    HeatExchangerState
        Duty [W], outlet temperatures [K], effectiveness [-] and NTU [-]. A zero capacity rate or UA
        gives zero duty. If the "hot" inlet is the colder one the duty is negative (heat flows the
        other way); the relations are symmetric.

    Notes
    -----
    :math:`Q = \\varepsilon(N, C_r)\\,C_{min}(T_{h,in} - T_{c,in})`,
    :math:`T_{h,out} = T_{h,in} - Q/C_h`, :math:`T_{c,out} = T_{c,in} + Q/C_c`
    (Incropera et al. 2007, §11.4).

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, §11.4.

    Examples
    --------
    >>> s = hx_outlet_temperatures(433.15, 293.15, 8620.0, 5016.0, 3272.24)
    >>> round(s.t_cold_out_k - 273.15, 2)
    80.0
    """
    _check_arrangement(arrangement, _STREAM_MIXED)
    ch = np.asarray(c_hot, dtype=float)
    cc = np.asarray(c_cold, dtype=float)
    ua_arr = np.asarray(ua, dtype=float)
    if np.any(ch < 0.0) or np.any(cc < 0.0) or np.any(ua_arr < 0.0):
        raise OutOfRange("capacity rates and UA must be >= 0")
    c_min = np.minimum(ch, cc)
    c_max = np.maximum(ch, cc)
    active = (c_min > 0.0) & (ua_arr > 0.0)
    safe_min = np.where(active, c_min, 1.0)
    cr = np.where(active, c_min / np.where(c_max > 0.0, c_max, 1.0), 0.0)
    ntu = np.where(active, ua_arr / safe_min, 0.0)
    name_hot_min, name_hot_max = _arrangement_for_rates(arrangement)
    if name_hot_min == name_hot_max:
        eps = np.asarray(effectiveness(ntu, cr, name_hot_min))
    else:
        eps = np.where(ch <= cc, effectiveness(ntu, cr, name_hot_min), effectiveness(ntu, cr, name_hot_max))
    dt_max = np.asarray(t_hot_in, dtype=float) - np.asarray(t_cold_in, dtype=float)
    q = np.where(active, eps * c_min * dt_max, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_hot_out = np.where(ch > 0.0, np.asarray(t_hot_in, dtype=float) - q / np.where(ch > 0, ch, 1.0),
                             np.asarray(t_hot_in, dtype=float))
        t_cold_out = np.where(cc > 0.0, np.asarray(t_cold_in, dtype=float) + q / np.where(cc > 0, cc, 1.0),
                              np.asarray(t_cold_in, dtype=float))
    return HeatExchangerState(_out(q), _out(t_hot_out), _out(t_cold_out), _out(eps), _out(ntu))
