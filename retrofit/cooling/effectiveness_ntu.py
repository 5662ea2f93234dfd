"""Effectiveness–NTU relations of two-stream heat exchangers, and their inverses.

Pure functions on SI floats or numpy arrays (broadcasting): the effectiveness of the classic flow
arrangements, its limit at large NTU and the NTU that gives an effectiveness. The LMTD method is in
:mod:`retrofit.cooling.lmtd`, the exchanger of known UA and the CDU rating in
:mod:`retrofit.cooling.heat_exchange`.

Nomenclature: ``c`` is a capacity rate :math:`\\dot m c_p` [W/K]; ``capacity_ratio`` is
:math:`C_r = C_{min}/C_{max}` in [0, 1]; ``ntu`` is :math:`UA/C_{min}`; ``effectiveness`` is
:math:`\\varepsilon = Q/(C_{min}(T_{h,in} - T_{c,in}))`.

Arrangements (registry :data:`ARRANGEMENTS`):

``counterflow``
    pure counterflow (plate heat exchangers of CDUs are close to it);
``parallel_flow``
    pure parallel flow (co-current);
``crossflow_unmixed``
    single-pass crossflow, both fluids unmixed (finned-tube coils, exact series solution of
    :mod:`retrofit.cooling.crossflow_series`);
``crossflow_cmax_mixed`` / ``crossflow_cmin_mixed``
    single-pass crossflow with the fluid of larger (smaller) capacity rate mixed;
``shell_and_tube_1_2``
    one shell pass and an even number of tube passes.

:func:`~retrofit.cooling.heat_exchange.hx_outlet_temperatures` and
:func:`~retrofit.cooling.lmtd.lmtd_correction_factor` also accept the names of
:data:`STREAM_MIXED_ARRANGEMENTS`, ``crossflow_hot_mixed`` and ``crossflow_cold_mixed``, and pick the
Cmax/Cmin form from the rates (:func:`arrangement_for_rates`).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..errors import OutOfRange, UnknownMethod
from .crossflow_series import crossflow_unmixed, crossflow_unmixed_inverse

ARRANGEMENTS = (
    "counterflow",
    "parallel_flow",
    "crossflow_unmixed",
    "crossflow_cmax_mixed",
    "crossflow_cmin_mixed",
    "shell_and_tube_1_2",
)
STREAM_MIXED_ARRANGEMENTS = ("crossflow_hot_mixed", "crossflow_cold_mixed")
"""Crossflow arrangements named by the stream that is mixed, whose Cmax/Cmin form depends on the rates."""


def scalar_or_array(x):
    """A float for a 0-d result, the array otherwise (the return convention of the heat-exchanger kernels)."""
    return float(x) if np.ndim(x) == 0 else x


def check_arrangement(arrangement: str, extra: tuple[str, ...] = ()) -> None:
    """Raise :class:`~retrofit.errors.UnknownMethod`, listing the valid names, for an arrangement that is
    neither in :data:`ARRANGEMENTS` nor in ``extra``."""
    if arrangement not in ARRANGEMENTS + extra:
        raise UnknownMethod(f"unknown heat-exchanger arrangement {arrangement!r}; valid: "
                            + ", ".join(ARRANGEMENTS + extra))


def log1p_ratio(z):
    """log1p(z)/z, equal to 1 at z = 0, stable for small |z|."""
    z = np.asarray(z, dtype=float)
    small = np.abs(z) < 1e-8
    safe = np.where(small, 1.0, z)
    return np.where(small, 1.0 - z / 2.0 + z * z / 3.0, np.log1p(safe) / safe)


def arrangement_for_rates(arrangement):
    """Map hot/cold-mixed names to the Cmin/Cmax-mixed forms: (name if hot is Cmin, name otherwise)."""
    if arrangement == "crossflow_hot_mixed":
        return "crossflow_cmin_mixed", "crossflow_cmax_mixed"
    if arrangement == "crossflow_cold_mixed":
        return "crossflow_cmax_mixed", "crossflow_cmin_mixed"
    return arrangement, arrangement


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
    check_arrangement(arrangement)
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
    return scalar_or_array(eps)


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
    check_arrangement(arrangement)
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
    return scalar_or_array(lim)


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
    check_arrangement(arrangement)
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
        ntu = eps / (1.0 - eps) * log1p_ratio(eps * d / (1.0 - eps))
    elif arrangement == "parallel_flow":
        ntu = -np.log1p(-eps * (1.0 + cr)) / (1.0 + cr)
    elif arrangement == "crossflow_cmax_mixed":
        y = eps * log1p_ratio(-eps * cr)
        ntu = -np.log1p(-y)
    elif arrangement == "crossflow_cmin_mixed":
        u = -np.log1p(-eps)
        ntu = u * log1p_ratio(-cr * u)
    elif arrangement == "shell_and_tube_1_2":
        s = np.sqrt(1.0 + cr * cr)
        with np.errstate(divide="ignore"):
            e = (2.0 / eps - 1.0 - cr) / s
            ntu = np.where(eps > 0.0, np.log((e + 1.0) / (e - 1.0)) / s, 0.0)
    else:
        eps, cr = np.broadcast_arrays(eps, cr)
        ntu = _crossflow_unmixed_inverse_memo(eps.shape, eps.tobytes(), cr.tobytes()).copy()
    return scalar_or_array(ntu)


@lru_cache(maxsize=4096)
def _crossflow_unmixed_memo(shape: tuple, ntu: bytes, cr: bytes) -> np.ndarray:
    """:func:`~retrofit.cooling.crossflow_series.crossflow_unmixed` memoised by its inputs' bytes: the plant
    balances of a study ask for the same coils at the same flows many times (callers get a copy)."""
    eps = np.array(crossflow_unmixed(np.frombuffer(ntu).reshape(shape), np.frombuffer(cr).reshape(shape)), dtype=float)
    eps.setflags(write=False)
    return eps


@lru_cache(maxsize=4096)
def _crossflow_unmixed_inverse_memo(shape: tuple, eps: bytes, cr: bytes) -> np.ndarray:
    """:func:`~retrofit.cooling.crossflow_series.crossflow_unmixed_inverse` memoised by its inputs' bytes, with
    the counterflow NTU as the lower end of its bracket: a coil's rating is inverted once per rating, however
    many plant balances and studies ask for it (callers get a copy)."""
    target, ratio = np.frombuffer(eps).reshape(shape), np.frombuffer(cr).reshape(shape)
    lower = ntu_from_effectiveness(target.ravel().copy(), ratio.ravel(), "counterflow")
    ntu = np.array(crossflow_unmixed_inverse(target, ratio, lower), dtype=float)
    ntu.setflags(write=False)
    return ntu


__all__ = ["ARRANGEMENTS", "STREAM_MIXED_ARRANGEMENTS", "arrangement_for_rates", "check_arrangement", "effectiveness",
           "log1p_ratio", "max_effectiveness", "ntu_from_effectiveness", "scalar_or_array"]
