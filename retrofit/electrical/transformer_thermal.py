"""Steady-state thermal loading of liquid-immersed transformers (IEEE C57.91 Clause 7, IEC 60076-7).

The hot-spot temperature of a winding at a constant load and ambient, the ageing it causes, and the
load a transformer carries at a given ambient without its hot spot passing the temperature its rating
is based on: the ambient derating of its nameplate.

Temperatures are absolute [K], rises are differences [K], loads are per unit of the nameplate [-].

The rating basis (IEEE C57.12.00-2010, Clause 4.1.2.1 and Table 3 "Limits of temperature rise"): a
65 °C-rise unit at a 30 °C average ambient has a top-liquid rise of at most 65 K and a winding
hottest-spot rise of at most 80 K, so a 110 °C hot spot at rated load, the temperature at which
IEEE C57.91's ageing acceleration factor of thermally upgraded paper is 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

T_AMBIENT_RATED_K = 303.15
"""Average ambient of the rating, 30 °C [K] (IEEE C57.12.00-2010 Clause 4.1.2.1)."""

TOP_OIL_RISE_RATED_K = 65.0
"""Top-liquid rise over ambient at rated load, the limit for 65 °C-rise units [K] (IEEE C57.12.00-2010
Table 3); used when the transformer's test value is not known."""

HOT_SPOT_RISE_RATED_K = 80.0
"""Winding hottest-spot rise over ambient at rated load, the limit for 65 °C-rise units [K]
(IEEE C57.12.00-2010 Table 3)."""

T_HOT_SPOT_NORMAL_LIFE_K = 383.15
"""Hot spot at which thermally upgraded paper ages at the normal rate, 110 °C [K] (IEEE C57.91-2011
Clause 5, F_AA = 1)."""

AGEING_B_K = 15000.0
"""Ageing-rate constant B of IEEE C57.91-2011 eq. (2) and IEC 60076-7:2005 eq. (3) [K]."""

COOLING_EXPONENTS: dict[str, tuple[float, float]] = {
    "ONAN": (0.8, 0.8),
    "ONAF": (0.9, 0.8),
    "OFAF": (0.9, 0.8),
    "ODAF": (1.0, 1.0),
}
"""Oil exponent n and winding exponent m by cooling mode (IEEE C57.91-2011 Clause 7, exponent table:
OA 0.8/0.8, FA 0.9/0.8, non-directed FOA 0.9/0.8, directed FOA 1.0/1.0)."""


@dataclass(frozen=True)
class ThermalParameters:
    """The thermal data of one transformer at its rating.

    Attributes
    ----------
    loss_ratio : float
        R, load loss at rated load over no-load loss [-].
    top_oil_rise_rated_k : float
        Top-oil rise over ambient at rated load [K].
    hot_spot_gradient_rated_k : float
        Hot spot over top oil at rated load [K].
    n, m : float
        Oil and winding exponents [-].
    """

    loss_ratio: float
    top_oil_rise_rated_k: float
    hot_spot_gradient_rated_k: float
    n: float
    m: float


def cooling_exponents(cooling_class: str) -> tuple[float, float]:
    """Oil and winding exponents (n, m) of a cooling mode.

    Parameters
    ----------
    cooling_class : str
        ONAN, ONAF, OFAF or ODAF (a combined class such as ``ONAN/ONAF`` takes its first stage) [-].

    Returns
    -------
    tuple of float
        n and m [-].

    Raises
    ------
    ValueError
        For a cooling mode the table does not hold; the message lists the valid ones.

    Examples
    --------
    >>> cooling_exponents("ONAN/ONAF")
    (0.8, 0.8)
    """
    key = cooling_class.strip().upper().split("/")[0]
    if key not in COOLING_EXPONENTS:
        raise ValueError(f"cooling class {cooling_class!r} is not one of {sorted(COOLING_EXPONENTS)}")
    return COOLING_EXPONENTS[key]


def rated_parameters(cooling_class: str, load_loss_w: float, no_load_loss_w: float,
                     top_oil_rise_rated_k: float = TOP_OIL_RISE_RATED_K,
                     hot_spot_rise_rated_k: float = HOT_SPOT_RISE_RATED_K) -> ThermalParameters:
    """Thermal parameters of a transformer from its cooling class and losses.

    Parameters
    ----------
    cooling_class : str
        Cooling mode [-].
    load_loss_w : float
        Load loss at rated current [W].
    no_load_loss_w : float
        No-load loss [W]; zero or less takes R as 1e3 (the load loss dominates).
    top_oil_rise_rated_k : float
        Top-oil rise at rated load [K] (default the IEEE C57.12.00 limit).
    hot_spot_rise_rated_k : float
        Hot-spot rise over ambient at rated load [K] (default the IEEE C57.12.00 limit).

    Returns
    -------
    ThermalParameters
        R, the rated rises and the exponents.

    Examples
    --------
    >>> p = rated_parameters("ONAN", 9500.0, 730.0)
    >>> round(p.loss_ratio, 2), p.hot_spot_gradient_rated_k
    (13.01, 15.0)
    """
    n, m = cooling_exponents(cooling_class)
    r = load_loss_w / no_load_loss_w if no_load_loss_w > 0 else 1e3
    return ThermalParameters(r, top_oil_rise_rated_k, hot_spot_rise_rated_k - top_oil_rise_rated_k, n, m)


def top_oil_rise(load_ratio: float, loss_ratio: float, top_oil_rise_rated: float, n: float) -> float:
    """Ultimate top-oil rise over ambient at a constant load.

    Parameters
    ----------
    load_ratio : float
        K, load over rated load [-].
    loss_ratio : float
        R, load loss at rated load over no-load loss [-].
    top_oil_rise_rated : float
        Top-oil rise at rated load [K].
    n : float
        Oil exponent [-].

    Returns
    -------
    float
        Top-oil rise [K].

    Notes
    -----
    IEEE C57.91-2011 eq. (8): :math:`\\Delta\\theta_{TO,U} = \\Delta\\theta_{TO,R}\\,[(K^2R+1)/(R+1)]^n`.

    Examples
    --------
    >>> round(top_oil_rise(1.2, 5.0, 55.0, 0.8), 3)
    70.614
    """
    return top_oil_rise_rated * ((load_ratio * load_ratio * loss_ratio + 1.0) / (loss_ratio + 1.0)) ** n


def hot_spot_gradient(load_ratio: float, hot_spot_gradient_rated: float, m: float) -> float:
    """Ultimate winding hot-spot rise over top oil at a constant load.

    Parameters
    ----------
    load_ratio : float
        K, load over rated load [-].
    hot_spot_gradient_rated : float
        Hot spot over top oil at rated load [K].
    m : float
        Winding exponent [-].

    Returns
    -------
    float
        Hot-spot gradient [K].

    Notes
    -----
    IEEE C57.91-2011 eq. (6): :math:`\\Delta\\theta_{H,U} = \\Delta\\theta_{H,R}\\,K^{2m}`.

    Examples
    --------
    >>> round(hot_spot_gradient(1.2, 25.0, 0.8), 3)
    33.468
    """
    return hot_spot_gradient_rated * load_ratio ** (2.0 * m)


def hot_spot_temperature(load_ratio: float, t_ambient: float, params: ThermalParameters) -> float:
    """Steady-state winding hot-spot temperature at a constant load and ambient.

    Parameters
    ----------
    load_ratio : float
        K, load over rated load [-].
    t_ambient : float
        Ambient temperature [K].
    params : ThermalParameters
        The transformer's thermal data.

    Returns
    -------
    float
        Hot-spot temperature [K].

    Notes
    -----
    IEEE C57.91-2011 eq. (1): :math:`\\theta_H = \\theta_A + \\Delta\\theta_{TO} + \\Delta\\theta_H`, with the
    ultimate rises of eqs. (6) and (8) (the steady state after a load held long enough, several
    oil time constants, which is what an outage that lasts until a repair is).

    Examples
    --------
    >>> p = ThermalParameters(5.0, 55.0, 25.0, 0.8, 0.8)
    >>> round(hot_spot_temperature(1.2, 303.15, p) - 273.15, 2)
    134.08
    """
    return (t_ambient + top_oil_rise(load_ratio, params.loss_ratio, params.top_oil_rise_rated_k, params.n)
            + hot_spot_gradient(load_ratio, params.hot_spot_gradient_rated_k, params.m))


def ageing_acceleration_factor(t_hot_spot: float) -> float:
    """Ageing acceleration factor of thermally upgraded paper.

    Parameters
    ----------
    t_hot_spot : float
        Winding hot-spot temperature [K].

    Returns
    -------
    float
        F_AA, ageing rate relative to the rate at 110 °C [-].

    Notes
    -----
    IEEE C57.91-2011 eq. (2), equal to IEC 60076-7:2005 eq. (3):
    :math:`F_{AA} = \\exp(15000/383 - 15000/(\\theta_H + 273))`.

    Examples
    --------
    >>> round(ageing_acceleration_factor(383.15), 3)
    1.0
    """
    return math.exp(AGEING_B_K / 383.0 - AGEING_B_K / (t_hot_spot - 273.15 + 273.0))


def relative_ageing_rate_non_upgraded(t_hot_spot: float) -> float:
    """Relative ageing rate of non-thermally-upgraded paper.

    Parameters
    ----------
    t_hot_spot : float
        Winding hot-spot temperature [K].

    Returns
    -------
    float
        V, ageing rate relative to the rate at 98 °C [-].

    Notes
    -----
    IEC 60076-7:2005 eq. (2): :math:`V = 2^{(\\theta_h - 98)/6}`.

    Examples
    --------
    >>> relative_ageing_rate_non_upgraded(371.15 + 6.0)
    2.0
    """
    return 2.0 ** ((t_hot_spot - 273.15 - 98.0) / 6.0)


def ambient_load_capability(t_ambient: float, params: ThermalParameters,
                            t_hot_spot_limit: float = T_HOT_SPOT_NORMAL_LIFE_K) -> float:
    """The constant load at which the hot spot reaches its limit at a given ambient.

    Parameters
    ----------
    t_ambient : float
        Ambient temperature, taken as the average over the load period [K].
    params : ThermalParameters
        The transformer's thermal data.
    t_hot_spot_limit : float
        Hot-spot limit [K] (default 110 °C, normal ageing).

    Returns
    -------
    float
        K, load over rated load [-]; 0 when the ambient alone reaches the limit.

    Notes
    -----
    Solves :math:`\\theta_A + \\Delta\\theta_{TO}(K) + \\Delta\\theta_H(K) = \\theta_{H,lim}` for K
    (IEEE C57.91-2011 eqs. (1), (6), (8); the left side rises monotonically with K, so Brent's method
    on [0, 4] finds the one root). At the 30 °C rating ambient with the rated rises summing to 80 K and
    a 110 °C limit it gives K = 1: the nameplate.

    Examples
    --------
    >>> p = rated_parameters("ONAN", 9500.0, 730.0)
    >>> round(ambient_load_capability(303.15, p), 6)
    1.0
    >>> round(ambient_load_capability(316.15, p), 3)
    0.888
    """
    def excess(k: float) -> float:
        return hot_spot_temperature(k, t_ambient, params) - t_hot_spot_limit

    if excess(0.0) >= 0.0:
        return 0.0
    hi = 4.0
    if excess(hi) <= 0.0:
        return hi
    return float(brentq(excess, 0.0, hi, xtol=1e-10, rtol=1e-12))


__all__ = ["AGEING_B_K", "COOLING_EXPONENTS", "HOT_SPOT_RISE_RATED_K", "T_AMBIENT_RATED_K", "T_HOT_SPOT_NORMAL_LIFE_K",
           "TOP_OIL_RISE_RATED_K", "ThermalParameters", "ageing_acceleration_factor", "ambient_load_capability",
           "cooling_exponents", "hot_spot_gradient", "hot_spot_temperature", "rated_parameters",
           "relative_ageing_rate_non_upgraded", "top_oil_rise"]
