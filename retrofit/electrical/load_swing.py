"""GB300 training load swings at the point of common coupling: aggregation, smoothing, ramp rate, flicker.

A training job moves every rack of the job in lockstep between a high-power (compute) and a low-power
(communication) level once per iteration. The swing is modelled as a square wave of depth
``swing_fraction x P_peak`` and period ``period_s`` per rack, with edges of ``edge_time_s``
(``catalogs/gb300-load-swing.yaml``). The kernels here are pure functions on SI floats.

Smoothing models (each a stated idealisation)
---------------------------------------------
- Energy storage used as a ramp limiter: the grid side ramps linearly at ``R`` while the storage covers
  the difference; a step of ``dP`` then costs ``dP**2 / (2 R)`` of stored energy. For a periodic swing
  the storage never needs more than ``dP T / 4`` (the grid flat at the mean, the storage supplying
  ``+/- dP/2`` for half a period each) (:func:`storage_for_ramp_j`).
- Running miners as a buffer: miners curtailed by the GPU step when a job starts and released at the
  allowed ramp rate; the miner block needed equals the step (:func:`miner_buffer_w`).

Flicker
-------
``d = dS / Ssc cos(psi_k - phi)`` (IEC TR 61000-3-7:2008, the relative voltage change of a load change
``dS`` at angle ``phi`` on a network of short-circuit power ``Ssc`` and impedance angle ``psi_k``), and for
equally spaced rectangular changes ``Pst = d / d_Pst1(r)`` with ``d_Pst1(r)`` the Pst = 1 curve
(IEC 61000-4-15:2010 Table 5, log-log interpolation), shape factor 1 (rectangular, conservative).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .ups_losses import conversion_loss_w

#: Pst planning levels of IEC TR 61000-3-7:2008 (Table 2, indicative values): MV and HV-EHV systems.
PST_PLANNING_LEVEL_MV = 0.9
PST_PLANNING_LEVEL_HV = 0.8

#: Coverage of the diversity band: +/- 3 standard deviations of the sum of independent swings.
DIVERSITY_COVERAGE = 3.0


@dataclass(frozen=True)
class SwingProfile:
    """Load swing of one GB300 NVL72 rack in training and its power-shelf storage.

    Attributes
    ----------
    swing_fraction : float
        Depth of the swing, fraction of the rack's peak power [-].
    period_s : float
        Training iteration period [s].
    edge_time_s : float
        Duration of one transition at the rack's AC input [s].
    storage_j : float
        Energy the rack's power shelves store for smoothing [J].
    sources : dict
        Quantity -> (class, source).
    """

    swing_fraction: float
    period_s: float
    edge_time_s: float
    storage_j: float
    sources: dict


def gb300_swing_profile(catalog=None) -> SwingProfile:
    """The profile of ``catalogs/gb300-load-swing.yaml``."""
    from ..catalog import load_catalog

    rows = {r["quantity"]: r for r in (catalog or load_catalog()).table("gb300-load-swing").rows}
    v = {k: float(r["value"]) for k, r in rows.items()}
    return SwingProfile(v["swing_fraction"], v["period"], v["edge_time"], v["storage_per_gpu"] * v["gpus_per_rack"],
                        {k: (r["class"], " ".join(str(r["source"]).split())) for k, r in rows.items()})


def aggregate_swing_w(delta_p_rack_w: float, n_racks: int, jobs: int = 1) -> tuple[float, float]:
    """Peak-to-peak swing of ``n_racks`` racks: all in lockstep, and split into independent jobs.

    Parameters
    ----------
    delta_p_rack_w : float
        Swing of one rack [W].
    n_racks : int
        Racks [-].
    jobs : int
        Independent training jobs of equal size, each in lockstep, with random relative phase [-].

    Returns
    -------
    worst_w, diverse_w : float
        ``n dP`` (one synchronised job) and ``min(J, 3 sqrt(J)) (n/J) dP`` [W].

    Notes
    -----
    Each job is a 50 % duty square wave of amplitude ``A = (n/J) dP``; the sum of ``J`` independent ones
    has a standard deviation ``sqrt(J) A / 2``, and the band of +/- 3 standard deviations
    (:data:`DIVERSITY_COVERAGE`) has the width ``3 sqrt(J) A``, never more than ``J A``.

    Examples
    --------
    >>> aggregate_swing_w(75e3, 100, jobs=16)  # 16 jobs: band 3 sqrt(16) = 12 job swings wide
    (7500000.0, 5625000.0)
    """
    worst = n_racks * delta_p_rack_w
    j = max(int(jobs), 1)
    return worst, min(j, DIVERSITY_COVERAGE * math.sqrt(j)) * worst / j


def storage_for_ramp_j(delta_p_w: float, ramp_limit_w_per_s: float, period_s: float = math.inf) -> float:
    """Energy a store needs to hold the grid-side ramp of a step ``delta_p_w`` to ``ramp_limit_w_per_s``.

    Parameters
    ----------
    delta_p_w : float
        Load step [W].
    ramp_limit_w_per_s : float
        Allowed ramp at the PCC [W/s].
    period_s : float
        Period of a repeating square swing (``inf`` for a single step such as a job start) [s].

    Returns
    -------
    energy_j : float
        ``min(dP**2 / (2 R), dP T / 4)`` [J].

    Examples
    --------
    >>> storage_for_ramp_j(10e6, 1e6)  # 10 MW step held to 1 MW/s: 10 s ramp, triangle of 50 MJ
    50000000.0
    """
    if delta_p_w <= 0:
        return 0.0
    return min(delta_p_w**2 / (2.0 * ramp_limit_w_per_s), delta_p_w * period_s / 4.0)


def ramp_with_storage_w_per_s(delta_p_w: float, energy_j: float, period_s: float, edge_time_s: float) -> float:
    """Grid-side ramp rate of a square swing smoothed by a ramp-limiting store of ``energy_j`` [W/s].

    ``0`` when the store holds ``dP T / 4`` (the grid stays flat); otherwise ``dP**2 / (2 E)``, never
    steeper than the unsmoothed edge ``dP / t_edge``.
    """
    if delta_p_w <= 0 or energy_j >= delta_p_w * period_s / 4.0:
        return 0.0
    unsmoothed = delta_p_w / edge_time_s
    return unsmoothed if energy_j <= 0 else min(unsmoothed, delta_p_w**2 / (2.0 * energy_j))


def miner_buffer_w(delta_p_w: float, ramp_limit_w_per_s: float | None, response_s: float) -> float:
    """Running-miner power to curtail so a GPU step ``delta_p_w`` reaches the PCC within the ramp limit.

    The miners drop by the step within ``response_s`` and come back at the allowed rate; during the
    response time the PCC still sees the GPU ramp, so the miner block covers the whole step less what the
    ramp limit allows in that time [W].

    Examples
    --------
    >>> miner_buffer_w(10e6, 1e6, 2.0)
    8000000.0
    """
    allowed = 0.0 if ramp_limit_w_per_s is None else ramp_limit_w_per_s * response_s
    return max(0.0, delta_p_w - allowed)


def voltage_change_percent(delta_p_w: float, tan_phi: float, sk_va: float, xr_ratio: float) -> float:
    """Relative voltage change at the PCC of a load change ``delta_p_w`` at power factor angle ``phi``.

    Parameters
    ----------
    delta_p_w : float
        Active power change [W].
    tan_phi : float
        Reactive/active ratio of the change (lagging positive) [-].
    sk_va : float
        Short-circuit power at the PCC [VA].
    xr_ratio : float
        X/R of the network at the PCC [-].

    Returns
    -------
    d_percent : float
        ``100 dS/Ssc cos(psi_k - phi) = 100 dP (cos psi_k + tan phi sin psi_k) / Ssc`` [%].

    Examples
    --------
    >>> round(voltage_change_percent(3e6, 0.0, 300e6, 0.0), 6)  # resistive network: dP/Ssc
    1.0
    """
    psi = math.atan(xr_ratio)
    return 100.0 * delta_p_w * (math.cos(psi) + tan_phi * math.sin(psi)) / sk_va


def pst1_curve(catalog=None, frequency_hz: float = 60.0) -> tuple[np.ndarray, np.ndarray]:
    """The Pst = 1 curve for rectangular changes: (changes per minute [1/min], dV/V [%]).

    The 120 V 60 Hz lamp column for 60 Hz systems, the 230 V 50 Hz column otherwise (IEC 61000-4-15:2010
    Table 5).
    """
    from ..catalog import load_catalog

    rows = (catalog or load_catalog()).table("iec61000-4-15-table5").rows
    col = "dv_120v_60hz_percent" if frequency_hz > 55.0 else "dv_230v_50hz_percent"
    return (np.array([r["changes_per_minute"] for r in rows], dtype=float),
            np.array([r[col] for r in rows], dtype=float))


def pst_rectangular(d_percent: float, changes_per_minute: float, curve: tuple[np.ndarray, np.ndarray]) -> float:
    """Short-term flicker severity of equally spaced rectangular voltage changes.

    Parameters
    ----------
    d_percent : float
        Relative voltage change of each step [%].
    changes_per_minute : float
        Number of changes per minute (two per period of a square swing) [1/min].
    curve : tuple of numpy.ndarray
        :func:`pst1_curve`.

    Returns
    -------
    pst : float
        ``d / d_Pst1(r)`` with ``d_Pst1`` interpolated log-log in the curve (clamped at its ends) [-].

    Examples
    --------
    >>> import numpy as np
    >>> curve = (np.array([39.0, 110.0]), np.array([1.040, 0.844]))
    >>> round(pst_rectangular(0.844, 110.0, curve), 6)
    1.0
    """
    return d_percent / pst1_change_percent(changes_per_minute, curve)


def pst1_change_percent(changes_per_minute: float, curve: tuple[np.ndarray, np.ndarray]) -> float:
    """Relative voltage change of equally spaced rectangular changes that gives Pst = 1 [%].

    ``d_Pst1(r)`` of :func:`pst1_curve`, interpolated log-log between the printed points and clamped at
    the curve's ends.

    Examples
    --------
    >>> import numpy as np
    >>> round(pst1_change_percent(110.0, (np.array([39.0, 110.0]), np.array([1.040, 0.844]))), 6)
    0.844
    """
    r, d1 = curve
    x = min(max(math.log(changes_per_minute), math.log(r[0])), math.log(r[-1]))
    return math.exp(float(np.interp(x, np.log(r), np.log(d1))))


def allowed_swing_w(pst_limit: float, changes_per_minute: float, curve: tuple[np.ndarray, np.ndarray],
                    tan_phi: float, sk_va: float, xr_ratio: float) -> float:
    """Largest active-power swing whose rectangular changes keep Pst at ``pst_limit`` at the PCC.

    The inverse of :func:`voltage_change_percent` and :func:`pst_rectangular`:
    ``dP = pst_limit d_Pst1(r) Ssc / (100 (cos psi_k + tan phi sin psi_k))`` [W].

    Examples
    --------
    >>> import numpy as np
    >>> curve = (np.array([39.0, 110.0]), np.array([1.040, 0.844]))
    >>> round(allowed_swing_w(1.0, 110.0, curve, 0.0, 300e6, 0.0) / 1e6, 6)  # resistive: 0.844 % of 300 MVA
    2.532
    """
    psi = math.atan(xr_ratio)
    return pst_limit * pst1_change_percent(changes_per_minute, curve) * sk_va / (
        100.0 * (math.cos(psi) + tan_phi * math.sin(psi)))


@dataclass(frozen=True)
class SmoothingNeed:
    """A store that flattens part of a square swing: its converter's active power and apparent-power
    rating, and the energy it moves in one half-period.

    Attributes
    ----------
    power_w : float
        Active power supplied at the high level and absorbed at the low level [W].
    rating_va : float
        Converter rating to follow the swing's current at its power factor [VA].
    energy_j : float
        Energy moved in one half-period [J].
    """

    power_w: float
    rating_va: float
    energy_j: float


def smoothing_need(delta_p_w: float, target_w: float, period_s: float, power_factor: float) -> SmoothingNeed:
    """Storage that reduces a square swing of ``delta_p_w`` (50 % duty, period ``period_s``) to ``target_w``.

    The converter mirrors the swing's current: it supplies ``P = (dP - target) / 2`` (and the matching
    reactive power) at the high level and absorbs as much at the low level, so the utility sees the mean
    plus a swing of ``target``. Its rating is ``P / pf``; the energy it moves in a half-period is
    ``P T / 2`` (``dP T / 4`` to flatten completely, as :func:`storage_for_ramp_j` gives for a periodic swing).

    Examples
    --------
    >>> smoothing_need(100e6, 40e6, 2.0, 1.0)  # +/- 30 MW for 1 s
    SmoothingNeed(power_w=30000000.0, rating_va=30000000.0, energy_j=30000000.0)
    """
    power = max(0.0, delta_p_w - target_w) / 2.0
    return SmoothingNeed(power, power / power_factor, power * period_s / 2.0)


def smoothed_swing_w(delta_p_w: float, rating_va: float, energy_j: float, period_s: float, power_factor: float) -> float:
    """Swing left at the PCC by a smoothing store of converter rating ``rating_va`` and usable ``energy_j``.

    The store supplies ``P = min(S pf, 2 E / T, dP / 2)`` (its rating at the swing's power factor, and
    what its energy sustains for a half-period); the swing left is ``dP - 2 P`` [W]. The inverse of
    :func:`smoothing_need`.

    Examples
    --------
    >>> smoothed_swing_w(100e6, 30e6, 30e6, 2.0, 1.0)
    40000000.0
    """
    power = min(rating_va * power_factor, 2.0 * energy_j / period_s, delta_p_w / 2.0)
    return max(0.0, delta_p_w - 2.0 * power)


def smoothing_loss_w(delta_p_w: float, residual_w: float, round_trip_efficiency: float) -> float:
    """Average conversion loss of a store smoothing a square swing from ``delta_p_w`` to ``residual_w``.

    The store delivers ``(dP - residual) / 2`` half of the time: ``(dP - residual) / 4`` on average, and
    draws that over its round-trip efficiency (:func:`retrofit.electrical.ups_losses.conversion_loss_w`,
    the same rule as a UPS's loss) [W].

    Examples
    --------
    >>> round(smoothing_loss_w(100e6, 40e6, 0.92) / 1e6, 4)  # 15 MW delivered on average at 92 %
    1.3043
    """
    return conversion_loss_w(max(0.0, delta_p_w - residual_w) / 4.0, round_trip_efficiency)


def power_floor_for_swing(swing_fraction: float, residual_fraction: float) -> tuple[float, float]:
    """Power floor that cuts a rack's swing to ``residual_fraction`` of its peak, and the power it burns.

    GB300 power smoothing (NVML power-smoothing profiles) holds the GPUs at a floor during the low phase:
    the rack's low level rises from ``1 - s`` to ``1 - residual``. With a 50 % duty swing the extra power
    burned is half the rise on average.

    Returns
    -------
    floor_fraction, burn_fraction : float
        The low level and the average extra power, fractions of the rack's peak [-].

    Examples
    --------
    >>> power_floor_for_swing(0.5, 0.2)
    (0.8, 0.15000000000000002)
    """
    residual = min(max(residual_fraction, 0.0), swing_fraction)
    floor = 1.0 - residual
    return floor, (floor - (1.0 - swing_fraction)) / 2.0


__all__ = ["DIVERSITY_COVERAGE", "PST_PLANNING_LEVEL_HV", "PST_PLANNING_LEVEL_MV", "SmoothingNeed", "SwingProfile",
           "aggregate_swing_w", "allowed_swing_w", "gb300_swing_profile", "miner_buffer_w", "power_floor_for_swing",
           "pst1_change_percent", "pst1_curve", "pst_rectangular", "ramp_with_storage_w_per_s", "smoothed_swing_w",
           "smoothing_loss_w", "smoothing_need", "storage_for_ramp_j", "voltage_change_percent"]
