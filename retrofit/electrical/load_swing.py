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
    r, d1 = curve
    x = min(max(math.log(changes_per_minute), math.log(r[0])), math.log(r[-1]))
    d_pst1 = math.exp(float(np.interp(x, np.log(r), np.log(d1))))
    return d_percent / d_pst1


__all__ = ["DIVERSITY_COVERAGE", "PST_PLANNING_LEVEL_HV", "PST_PLANNING_LEVEL_MV", "SwingProfile",
           "aggregate_swing_w", "gb300_swing_profile", "miner_buffer_w", "pst1_curve", "pst_rectangular",
           "ramp_with_storage_w_per_s", "storage_for_ramp_j", "voltage_change_percent"]
