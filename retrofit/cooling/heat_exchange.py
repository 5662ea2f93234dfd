"""Two-stream heat exchangers of known conductance, and the conductance of a rated CDU.

Pure functions on SI floats or numpy arrays (broadcasting): outlet temperatures and duty for a given
conductance UA, and the UA of a CDU derived from its rated capacity at a rated approach and scaled to
other flows. They rest on the effectiveness–NTU relations of :mod:`retrofit.cooling.effectiveness_ntu`
and the LMTD of :mod:`retrofit.cooling.lmtd`, whose public functions it re-exports (see ``__all__``):
``from retrofit.cooling import heat_exchange as hx`` reaches every function of a two-stream exchanger.

Nomenclature: ``c`` is a capacity rate :math:`\\dot m c_p` [W/K]; ``capacity_ratio`` is
:math:`C_r = C_{min}/C_{max}` in [0, 1]; ``ntu`` is :math:`UA/C_{min}`; ``effectiveness`` is
:math:`\\varepsilon = Q/(C_{min}(T_{h,in} - T_{c,in}))`. The flow arrangements are those of
:data:`~retrofit.cooling.effectiveness_ntu.ARRANGEMENTS`.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..errors import OutOfRange
from .effectiveness_ntu import (
    ARRANGEMENTS,
    STREAM_MIXED_ARRANGEMENTS,
    arrangement_for_rates,
    check_arrangement,
    effectiveness,
    max_effectiveness,
    ntu_from_effectiveness,
    scalar_or_array,
)
from .lmtd import lmtd_correction_factor, log_mean_temperature_difference, ua_from_lmtd


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
    return scalar_or_array(q / np.asarray(log_mean_temperature_difference(approach, dt_other)))


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
    return scalar_or_array(ua)


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
        One of :data:`~retrofit.cooling.effectiveness_ntu.ARRANGEMENTS`, or ``crossflow_hot_mixed`` /
        ``crossflow_cold_mixed``.

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
    check_arrangement(arrangement, STREAM_MIXED_ARRANGEMENTS)
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
    name_hot_min, name_hot_max = arrangement_for_rates(arrangement)
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
    return HeatExchangerState(scalar_or_array(q), scalar_or_array(t_hot_out), scalar_or_array(t_cold_out),
                              scalar_or_array(eps), scalar_or_array(ntu))


__all__ = ["ARRANGEMENTS", "HeatExchangerState", "effectiveness", "hx_outlet_temperatures", "lmtd_correction_factor",
           "log_mean_temperature_difference", "max_effectiveness", "ntu_from_effectiveness", "ua_at_flows",
           "ua_from_lmtd", "ua_from_rated_approach"]
