"""The log-mean temperature difference (LMTD) method of two-stream heat exchangers.

Pure functions on SI floats or numpy arrays (broadcasting): the log-mean temperature difference, the
correction factor F of a non-counterflow arrangement (from the effectiveness–NTU relations of
:mod:`retrofit.cooling.effectiveness_ntu`, whose arrangement names it takes) and the UA that transfers a
heat between four terminal temperatures.
"""
from __future__ import annotations

import numpy as np

from ..errors import OutOfRange
from .effectiveness_ntu import (
    STREAM_MIXED_ARRANGEMENTS,
    arrangement_for_rates,
    check_arrangement,
    log1p_ratio,
    max_effectiveness,
    ntu_from_effectiveness,
    scalar_or_array,
)


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
    return scalar_or_array(b / log1p_ratio(a / b - 1.0))


def lmtd_correction_factor(t_hot_in, t_hot_out, t_cold_in, t_cold_out, arrangement: str):
    """Correction factor F of the counterflow LMTD for another flow arrangement.

    Parameters
    ----------
    t_hot_in, t_hot_out : float or array
        Hot-stream inlet and outlet temperatures [K].
    t_cold_in, t_cold_out : float or array
        Cold-stream inlet and outlet temperatures [K].
    arrangement : str
        One of :data:`~retrofit.cooling.effectiveness_ntu.ARRANGEMENTS`, or ``crossflow_hot_mixed`` /
        ``crossflow_cold_mixed``.

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
    check_arrangement(arrangement, STREAM_MIXED_ARRANGEMENTS)
    dth = np.asarray(t_hot_in, dtype=float) - np.asarray(t_hot_out, dtype=float)
    dtc = np.asarray(t_cold_out, dtype=float) - np.asarray(t_cold_in, dtype=float)
    dt_max = np.asarray(t_hot_in, dtype=float) - np.asarray(t_cold_in, dtype=float)
    if np.any(dth <= 0.0) or np.any(dtc <= 0.0) or np.any(dt_max <= 0.0):
        raise OutOfRange("the hot stream must cool, the cold stream warm, and the hot inlet be the hotter")
    hot_is_min = dth >= dtc  # the stream of smaller capacity rate changes temperature more
    eps = np.maximum(dth, dtc) / dt_max
    cr = np.minimum(dth, dtc) / np.maximum(dth, dtc)
    name_hot_min, name_hot_max = arrangement_for_rates(arrangement)
    ntu_cf = np.asarray(ntu_from_effectiveness(eps, cr, "counterflow"))
    if name_hot_min == name_hot_max:
        ntu_arr = np.asarray(ntu_from_effectiveness(eps, cr, name_hot_min))
    else:
        ntu_arr = np.where(hot_is_min, _safe_ntu(eps, cr, name_hot_min), _safe_ntu(eps, cr, name_hot_max))
        if np.any(~np.isfinite(ntu_arr)):
            raise OutOfRange(f"{arrangement} cannot produce these temperatures at any size")
    return scalar_or_array(ntu_cf / ntu_arr)


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
    return scalar_or_array(np.asarray(q_w, dtype=float) / (np.asarray(f) * np.asarray(lmtd)))


__all__ = ["lmtd_correction_factor", "log_mean_temperature_difference", "ua_from_lmtd"]
