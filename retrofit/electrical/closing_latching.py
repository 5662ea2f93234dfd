"""First-cycle (closing-and-latching) duty of medium-voltage breakers, ANSI/IEEE C37 practice.

A medium-voltage breaker that closes onto a fault must carry the first-cycle current, DC offset
included, and latch. Its closing-and-latching capability is stated on one of two bases:

- **peak** (breakers rated on the "constant kA" basis, IEEE C37.04-1999 / C37.06-2009): 2.6 times the
  rated short-circuit current at 60 Hz, the crest of the first loop for a 45 ms DC time constant
  (X/R 17);
- **asymmetrical rms** (the older "constant MVA" total-current basis of IEEE C37.04-1979 / ANSI C37.5,
  installed breakers): 1.6 times the rated symmetrical current (times the voltage-range factor K).

The duty is the first-cycle symmetrical current E/X (the ANSI first-cycle network, motors at their
first-cycle reactances) times a multiplying factor on the same basis, which is the fixed 2.6 (peak)
up to X/R 17 and 1.6 (rms) up to X/R 25, and above those the half-cycle value of the offset wave for
the fault X/R. See :func:`first_cycle_duty`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import OutOfRange, UnknownMethod

#: The bases of a closing-and-latching rating.
BASES = ("peak", "asymmetrical_rms")
#: Fixed first-cycle multiplying factor of each basis and the fault X/R up to which it holds [-]:
#: peak 2.6 up to X/R 17 (IEEE C37.04-1999 / C37.06-2009 closing and latching = 2.6 x rated
#: short-circuit current, 60 Hz, 45 ms DC time constant); asymmetrical rms 1.6 up to X/R 25 (IEEE
#: C37.04-1979 closing and latching = 1.6 x K x rated current; F. J. Mercede, EC&M, July 2012, Part 1).
FIXED_FACTOR = {"peak": (2.6, 17.0), "asymmetrical_rms": (1.6, 25.0)}


def half_cycle_peak_ratio(xr_ratio):
    """Crest of the first loop of a fully offset fault current over its symmetrical rms value.

    Parameters
    ----------
    xr_ratio : float or numpy.ndarray
        X/R at the fault point [-].

    Returns
    -------
    ratio : float or numpy.ndarray
        i_peak / I_sym = √2·(1 + e^(−π/(X/R))) [-].

    Notes
    -----
    The offset wave i(t) = √2·I·(e^(−ωt·R/X) − cos ωt) evaluated at the half cycle (ωt = π), where its
    crest lies for any practical X/R; the peak-basis factor of IEEE C37.13 / UL 489 device duty uses the
    same term, 1 + e^(−π/(X/R)). At X/R 17 it is 2.590, the value the 2.6 of IEEE C37.04-1999 rounds
    (Siemens TechTopics No. 119: "a peak value slightly below 2.6").

    Examples
    --------
    >>> round(half_cycle_peak_ratio(17.0), 3)
    2.59
    """
    xr = np.asarray(xr_ratio, dtype=float)
    ratio = math.sqrt(2.0) * (1.0 + np.exp(-math.pi / xr))
    return float(ratio) if ratio.ndim == 0 else ratio


def half_cycle_rms_ratio(xr_ratio):
    """Asymmetrical (total) rms current at the half cycle over the symmetrical rms value.

    Parameters
    ----------
    xr_ratio : float or numpy.ndarray
        X/R at the fault point [-].

    Returns
    -------
    ratio : float or numpy.ndarray
        I_asym / I_sym = √(1 + 2·e^(−2π/(X/R))) [-].

    Notes
    -----
    The rms of the offset wave with its DC component √2·I·e^(−π/(X/R)) at the half cycle; the
    asymmetrical-rms factor of IEEE C37.13 device duty uses the same term. At X/R 25 it is 1.599, the
    1.6 that the constant-MVA closing-and-latching rating and its first-cycle duty use (AEUSP, "a circuit
    with an X/R of 25 has a 1.6 ratio between first cycle asymmetrical and symmetrical RMS currents").

    Examples
    --------
    >>> round(half_cycle_rms_ratio(25.0), 3)
    1.599
    """
    return asymmetrical_rms_ratio(xr_ratio, 0.5)


def asymmetrical_rms_ratio(xr_ratio, cycles: float):
    """Asymmetrical (total) rms current over the symmetrical rms value, ``cycles`` after a fully offset fault.

    Parameters
    ----------
    xr_ratio : float or numpy.ndarray
        X/R at the fault point [-].
    cycles : float
        Time after the fault's inception, in cycles of the system frequency [-].

    Returns
    -------
    ratio : float or numpy.ndarray
        √(1 + 2·e^(−4π·cycles/(X/R))) [-]: the rms of the symmetrical wave with its decaying DC component
        (IEEE C37.010); half a cycle gives :func:`half_cycle_rms_ratio`, the contact-parting time the
        interrupting duty of an MV breaker (:func:`retrofit.electrical.fault_study.mv_breaker_remote_factor`).

    Examples
    --------
    >>> round(asymmetrical_rms_ratio(17.0, 3.0), 3)
    1.104
    """
    xr = np.asarray(xr_ratio, dtype=float)
    ratio = np.sqrt(1.0 + 2.0 * np.exp(-4.0 * math.pi * cycles / xr))
    return float(ratio) if ratio.ndim == 0 else ratio


def first_cycle_factor(xr_ratio, basis: str):
    """Multiplying factor on the first-cycle symmetrical current E/X for a closing-and-latching duty.

    Parameters
    ----------
    xr_ratio : float or numpy.ndarray
        First-cycle X/R at the fault point (separate R and X networks under ANSI) [-].
    basis : {"peak", "asymmetrical_rms"}
        Basis of the breaker's closing-and-latching rating.

    Returns
    -------
    mf : float or numpy.ndarray
        max(2.6, √2·(1 + e^(−π/(X/R)))) on the peak basis, max(1.6, √(1 + 2·e^(−2π/(X/R)))) on the
        asymmetrical rms basis [-].

    Notes
    -----
    The fixed factor holds up to X/R 17 (peak) and 25 (rms), where the half-cycle ratio reaches it; above,
    the half-cycle value for the fault X/R is taken (IEEE Std C37.010 application of constant-kA breakers;
    IEEE Std 551-2006 ch. 9-10 and F. J. Mercede, EC&M, July 2012, for constant-MVA breakers). Taking the
    larger of the two never gives less than the fixed factor: the half-cycle ratio meets 2.6 at X/R 17.8
    and 1.6 at X/R 25.3, slightly above the stated limits.

    Examples
    --------
    >>> first_cycle_factor(10.0, "peak"), first_cycle_factor(10.0, "asymmetrical_rms")
    (2.6, 1.6)
    >>> round(first_cycle_factor(40.0, "peak"), 3)
    2.722
    """
    try:
        fixed, _ = FIXED_FACTOR[basis]
    except KeyError:
        raise UnknownMethod(f"unknown closing-and-latching basis {basis!r}; valid: {', '.join(BASES)}") from None
    xr = np.asarray(xr_ratio, dtype=float)
    if np.any(xr <= 0):
        raise OutOfRange("xr_ratio must be > 0")
    ratio = half_cycle_peak_ratio(xr) if basis == "peak" else half_cycle_rms_ratio(xr)
    mf = np.maximum(ratio, fixed)
    return float(mf) if mf.ndim == 0 else mf


def standard_closing_latching_a(interrupting_a: float, basis: str = "peak") -> float:
    """Closing-and-latching capability that the rating standard ties to a breaker's short-circuit current.

    Parameters
    ----------
    interrupting_a : float
        Rated (symmetrical) short-circuit current of the breaker [A].
    basis : {"peak", "asymmetrical_rms"}
        Basis of the rating.

    Returns
    -------
    float
        2.6·I (peak, IEEE C37.04-1999 / C37.06-2009) or 1.6·I (asymmetrical rms, IEEE C37.04-1979 with
        K = 1) [A].

    Examples
    --------
    >>> standard_closing_latching_a(25e3)
    65000.0
    """
    if basis not in FIXED_FACTOR:
        raise UnknownMethod(f"unknown closing-and-latching basis {basis!r}; valid: {', '.join(BASES)}")
    return FIXED_FACTOR[basis][0] * float(interrupting_a)


def standard_ratio_text(basis: str) -> str:
    """The standard ratio of a basis's rating to the short-circuit current, and its source, as text.

    Examples
    --------
    >>> standard_ratio_text("peak")
    '2.6 (peak, IEEE C37.04-1999 / C37.06-2009)'
    """
    return {"peak": "2.6 (peak, IEEE C37.04-1999 / C37.06-2009)",
            "asymmetrical_rms": "1.6 (asymmetrical rms, IEEE C37.04-1979, K = 1)"}[basis]


@dataclass(frozen=True)
class FirstCycleDuty:
    """First-cycle (closing-and-latching) duty of a medium-voltage breaker.

    Attributes
    ----------
    basis : str
        "peak" or "asymmetrical_rms", the basis of the rating and of the duty.
    multiplying_factor : float
        Factor applied to the first-cycle symmetrical current [-].
    duty_a : float
        First-cycle duty on the rating's basis [A] (peak or asymmetrical rms).
    rating_a : float
        Closing-and-latching capability on the same basis [A].
    duty_ratio : float
        duty / rating [-]; above 1 the breaker cannot be closed onto the fault.
    """

    basis: str
    multiplying_factor: float
    duty_a: float
    rating_a: float
    duty_ratio: float

    @property
    def ok(self) -> bool:
        """The duty is within the rating."""
        return self.duty_a <= self.rating_a


def first_cycle_duty(ik_sym_a: float, xr_ratio: float, basis: str, rating_a: float) -> FirstCycleDuty:
    """Closing-and-latching duty of an MV breaker from the first-cycle symmetrical current and X/R.

    Parameters
    ----------
    ik_sym_a : float
        First-cycle symmetrical rms current at the breaker's line side, E/X of the ANSI first-cycle
        network [A].
    xr_ratio : float
        First-cycle X/R at the fault point [-].
    basis : {"peak", "asymmetrical_rms"}
        Basis of the breaker's closing-and-latching rating.
    rating_a : float
        Closing-and-latching capability on that basis [A].

    Returns
    -------
    FirstCycleDuty
        Basis, factor, duty [A], rating [A] and their ratio [-].

    Notes
    -----
    duty = MF·E/X with MF from :func:`first_cycle_factor`.

    Examples
    --------
    >>> d = first_cycle_duty(8920.0, 15.0, "asymmetrical_rms", 1.6 * 25e3)
    >>> round(d.duty_a, 1), d.ok
    (14272.0, True)
    """
    if not rating_a > 0:
        raise OutOfRange(f"rating_a must be positive, got {rating_a}")
    mf = float(first_cycle_factor(xr_ratio, basis))
    duty = mf * float(ik_sym_a)
    return FirstCycleDuty(basis, mf, duty, float(rating_a), duty / float(rating_a))
