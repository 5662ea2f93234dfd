"""Time-current characteristics of protective devices: LSI trip units, inverse-time relays and fuses.

A device curve gives the clearing time of a breaker at a current. Two bounds are kept: the latest
clearing (pickups raised by their tolerance, the set bands) for arc-flash durations and for the
downstream device of a selectivity check, and the earliest trip (pickups lowered by their tolerance,
bands shortened by :data:`BAND_SHORTENING`) for the upstream device. Times are in seconds, currents in
amperes at the device. A fuse's two bounds are its total-clearing curve (latest) and its
minimum-melting curve (earliest), tabulated points interpolated on log-log axes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from ..errors import OutOfRange, UnknownMethod

#: Fraction by which the earliest-trip bound shortens the long-time and short-time bands of a trip unit,
#: and the relay time of a 51 element (an engineering estimate of the lower edge of a published band).
BAND_SHORTENING = 0.2
#: Multiple of Ir at which the long-time band of an LSI trip unit is stated (the usual 6 x Ir) [-].
LONG_TIME_REFERENCE_MULTIPLE = 6.0
BOUNDS = ("max", "min")


def inverse_time_trip(multiple, a_s: float, b_s: float, p: float, time_dial: float):
    """Trip time of an inverse-time overcurrent relay (IEEE C37.112).

    Parameters
    ----------
    multiple : float or numpy.ndarray
        Current over pickup M = I/I_pickup [-].
    a_s, b_s : float
        Curve constants A and B [s].
    p : float
        Curve exponent [-].
    time_dial : float
        Time dial TD [-].

    Returns
    -------
    t_s : float or numpy.ndarray
        TD·(A/(M^p - 1) + B) for M > 1, ``inf`` at or below pickup [s].

    Notes
    -----
    IEEE Std C37.112-1996, eq. (1) and Table 1 (moderately inverse A = 0.0515 s, B = 0.114 s,
    p = 0.02; very inverse 19.61, 0.491, 2; extremely inverse 28.2, 0.1217, 2).

    Examples
    --------
    >>> round(inverse_time_trip(10.0, 19.61, 0.491, 2.0, 1.0), 4)
    0.6891
    """
    m = np.asarray(multiple, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(m > 1.0, time_dial * (a_s / (np.power(np.maximum(m, 1.0), p) - 1.0) + b_s), np.inf)
    return float(t) if t.ndim == 0 else t


def loglog_interpolate(current_a, points_a, points_s, *, above: str = "hold"):
    """Time on a tabulated time-current curve, linear between points on log-log axes.

    Parameters
    ----------
    current_a : float or numpy.ndarray
        Current [A].
    points_a, points_s : sequence of float
        The curve's points: currents rising, times falling [A], [s].
    above : {"hold", "extend"}
        Beyond the highest tabulated current: keep its time (``hold``, the longer and so the later
        bound) or extend the last segment (``extend``, the shorter and so the earlier bound) [-].

    Returns
    -------
    t_s : float or numpy.ndarray
        Time [s]; ``inf`` below the lowest tabulated current (the curve never reaches it).

    Examples
    --------
    Halfway between (100 A, 10 s) and (1000 A, 0.1 s) in log current is 1 s:

    >>> round(loglog_interpolate(316.227766, [100.0, 1000.0], [10.0, 0.1]), 6)
    1.0
    """
    if above not in ("hold", "extend"):
        raise UnknownMethod(f"unknown extrapolation {above!r}; valid: hold, extend")
    xa, ta = np.log(np.asarray(points_a, dtype=float)), np.log(np.asarray(points_s, dtype=float))
    if xa.size < 2 or np.any(np.diff(xa) <= 0) or np.any(np.diff(ta) >= 0):
        raise OutOfRange("a time-current curve needs two or more points with currents rising and times falling")
    i = np.asarray(current_a, dtype=float)
    with np.errstate(divide="ignore"):
        x = np.log(np.maximum(i, 1e-300))
    t = np.exp(np.interp(x, xa, ta))
    if above == "extend":
        slope = (ta[-1] - ta[-2]) / (xa[-1] - xa[-2])
        t = np.where(x > xa[-1], np.exp(ta[-1] + slope * (x - xa[-1])), t)
    t = np.where(x < xa[0], np.inf, t)
    return float(t) if t.ndim == 0 else t


@dataclass(frozen=True)
class DeviceCurve:
    """Settings of one device as a time-current curve.

    Attributes
    ----------
    device : str
        Element id.
    element : {"lsi", "relay", "fuse"}
        Trip unit with long, short and instantaneous elements, a 51/50 relay, or a fuse.
    long_time_pickup_a : float
        Ir (trip unit), the 51 pickup (relay), or for a fuse the lowest current of its total-clearing
        curve (where a selectivity check starts) [A].
    long_time_delay_s : float
        Trip unit: clearing time at 6·Ir [s].
    short_time_pickup_a : float
        Isd [A] (``inf``: no short-time element).
    short_time_delay_s : float
        Short-time band [s].
    instantaneous_pickup_a : float
        Ii or the 50 pickup [A] (``inf``: off).
    relay_a_s, relay_b_s, relay_p, time_dial : float
        Relay curve constants [s], [s], [-] and TD [-].
    opening_time_s : float
        Breaker opening (interrupting) time [s].
    pickup_tolerance : float
        Pickup tolerance as a fraction [-] (0 for a fuse: its band is in its two curves).
    melting_a, melting_s, clearing_a, clearing_s : tuple of float
        Fuse: minimum-melting and total-clearing curves, currents rising [A] and times [s].
    """

    device: str
    element: str
    long_time_pickup_a: float
    long_time_delay_s: float = math.inf
    short_time_pickup_a: float = math.inf
    short_time_delay_s: float = math.inf
    instantaneous_pickup_a: float = math.inf
    relay_a_s: float = 0.0
    relay_b_s: float = 0.0
    relay_p: float = 1.0
    time_dial: float = 1.0
    opening_time_s: float = 0.05
    pickup_tolerance: float = 0.1
    melting_a: tuple[float, ...] = ()
    melting_s: tuple[float, ...] = ()
    clearing_a: tuple[float, ...] = ()
    clearing_s: tuple[float, ...] = ()

    @cached_property
    def shape(self) -> tuple:
        """Every field but the device id: what the clearing times depend on (equal shapes, equal curves)."""
        return (self.element, self.long_time_pickup_a, self.long_time_delay_s, self.short_time_pickup_a,
                self.short_time_delay_s, self.instantaneous_pickup_a, self.relay_a_s, self.relay_b_s, self.relay_p,
                self.time_dial, self.opening_time_s, self.pickup_tolerance, self.melting_a, self.melting_s,
                self.clearing_a, self.clearing_s)

    def with_instantaneous(self, pickup_a: float) -> "DeviceCurve":
        """The same device with another instantaneous pickup (a maintenance switch turned on)."""
        return replace(self, instantaneous_pickup_a=pickup_a)


def fuse_curve(device: str, rows: list[dict], band: float) -> DeviceCurve:
    """The curve of a fuse from its tabulated curves (catalog table ``fuse-curves``).

    Parameters
    ----------
    device : str
        Element id.
    rows : list of dict
        The fuse's curves: each with ``curve`` (``min_melting``, ``total_clearing`` or
        ``average_melting``), ``current_a`` and ``time_s``.
    band : float
        For a fuse given only by its average melting curve: the fraction by which its currents are
        lowered for the earliest melting and raised for the latest clearing [-].

    Returns
    -------
    curve : DeviceCurve
        Element ``fuse``; its long-time pickup is the lowest current of the clearing curve.

    Examples
    --------
    >>> c = fuse_curve("fu", [{"curve": "average_melting", "current_a": [100.0, 1000.0], "time_s": [10.0, 0.1]}], 0.5)
    >>> c.melting_a, c.clearing_a
    ((50.0, 500.0), (150.0, 1500.0))
    """
    by = {r["curve"]: r for r in rows}
    if "min_melting" in by and "total_clearing" in by:
        melt, clear = by["min_melting"], by["total_clearing"]
        melting_a, clearing_a = tuple(map(float, melt["current_a"])), tuple(map(float, clear["current_a"]))
    elif "average_melting" in by:
        melt = clear = by["average_melting"]
        melting_a = tuple(float(a) * (1.0 - band) for a in melt["current_a"])
        clearing_a = tuple(float(a) * (1.0 + band) for a in clear["current_a"])
    else:
        raise OutOfRange(f"fuse {device!r}: needs minimum-melting and total-clearing curves, or an average melting curve")
    return DeviceCurve(device, "fuse", clearing_a[0], opening_time_s=0.0, pickup_tolerance=0.0,
                       melting_a=melting_a, melting_s=tuple(map(float, melt["time_s"])),
                       clearing_a=clearing_a, clearing_s=tuple(map(float, clear["time_s"])))


def clearing_time(curve: DeviceCurve, current_a, bound: str = "max"):
    """Clearing time of a device at a current.

    Parameters
    ----------
    curve : DeviceCurve
        The device's settings.
    current_a : float or numpy.ndarray
        Current through the device [A].
    bound : {"max", "min"}
        Latest clearing or earliest trip [-].

    Returns
    -------
    t_s : float or numpy.ndarray
        Time [s]; ``inf`` below every pickup.

    Notes
    -----
    Trip unit (published LSI curves are clearing times): long time t = t_r·(6·I_r/I)² above I_r
    (constant I²t through the band stated at 6·I_r); short time the flat band t_sd above I_sd;
    instantaneous the opening time above I_i. Relay: the IEEE C37.112 time of the 51 element plus the
    opening time, the opening time alone above the 50 pickup. The fastest operating element clears.
    ``max`` (clearing) raises each pickup by the tolerance; ``min`` (the time at which the trip is
    committed) lowers it, shortens the delays by :data:`BAND_SHORTENING`, leaves out the opening time
    of a relayed breaker and takes an instantaneous trip as committed at once (two instantaneous
    elements are not selective without the manufacturer's selectivity tables). Fuse: ``max`` is the
    total-clearing curve, held at its last time above its highest current; ``min`` the minimum-melting
    curve, its last segment extended above its highest current (:func:`loglog_interpolate`); the
    tolerance and band shortening do not apply (the curves are the band).

    Examples
    --------
    >>> c = DeviceCurve("cb", "lsi", 4000.0, 4.0, 16000.0, 0.3, 40000.0, opening_time_s=0.05)
    >>> clearing_time(c, 30000.0), clearing_time(c, 50000.0)
    (0.3, 0.05)
    """
    if bound not in BOUNDS:
        raise UnknownMethod(f"unknown bound {bound!r}; valid: {', '.join(BOUNDS)}")
    if curve.element == "lsi":  # a few currents: plain floats, without the array overhead
        if isinstance(current_a, (float, int)):
            return _lsi_time(curve, float(current_a), bound, False)
        if isinstance(current_a, np.ndarray) and current_a.ndim == 1 and current_a.size <= _FEW:
            return np.array([_lsi_time(curve, x, bound, True) for x in current_a.tolist()], dtype=float)
    elif curve.element == "relay" and isinstance(current_a, (float, int)):
        return _relay_time(curve, float(current_a), bound)
    i = np.asarray(current_a, dtype=float)
    if (i < 0).any():
        raise OutOfRange("current must be >= 0")
    if curve.element == "fuse":
        if bound == "max":
            return loglog_interpolate(i, curve.clearing_a, curve.clearing_s, above="hold")
        return loglog_interpolate(i, curve.melting_a, curve.melting_s, above="extend")
    k = 1.0 + curve.pickup_tolerance if bound == "max" else 1.0 - curve.pickup_tolerance
    shorten = 1.0 if bound == "max" else 1.0 - BAND_SHORTENING
    ir, isd, ii = curve.long_time_pickup_a * k, curve.short_time_pickup_a * k, curve.instantaneous_pickup_a * k
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if curve.element == "lsi":
            t_long = np.where(i > ir, shorten * curve.long_time_delay_s * (LONG_TIME_REFERENCE_MULTIPLE * ir / np.maximum(i, 1e-12)) ** 2,
                              np.inf)
            t_short = np.where(i > isd, shorten * curve.short_time_delay_s, np.inf)
            t = np.minimum(t_long, t_short)
        elif curve.element == "relay":
            t = shorten * inverse_time_trip(i / ir, curve.relay_a_s, curve.relay_b_s, curve.relay_p, curve.time_dial) \
                + (curve.opening_time_s if bound == "max" else 0.0)
        else:
            raise UnknownMethod(f"unknown device element {curve.element!r}; valid: lsi, relay, fuse")
        t = np.minimum(t, np.where(i > ii, curve.opening_time_s if bound == "max" else 0.0, np.inf))
    return float(t) if np.ndim(t) == 0 else t


#: Most currents of an array that :func:`clearing_time` evaluates one by one (a trip unit) [-].
_FEW = 16


def _lsi_time(curve: DeviceCurve, i: float, bound: str, in_array: bool) -> float:
    """:func:`clearing_time` of a trip unit at one current, in plain floats: the same operations in the
    same order as numpy's, so the same result (an element of an array is squared as ``x * x``, as numpy
    squares arrays; a scalar by the C ``pow``, as numpy's scalar arithmetic does)."""
    if i < 0:
        raise OutOfRange("current must be >= 0")
    k = 1.0 + curve.pickup_tolerance if bound == "max" else 1.0 - curve.pickup_tolerance
    shorten = 1.0 if bound == "max" else 1.0 - BAND_SHORTENING
    ir, isd, ii = curve.long_time_pickup_a * k, curve.short_time_pickup_a * k, curve.instantaneous_pickup_a * k
    t = math.inf
    if i > ir:
        x = LONG_TIME_REFERENCE_MULTIPLE * ir / max(i, 1e-12)
        t = shorten * curve.long_time_delay_s * (x * x if in_array else x ** 2)
    if i > isd:
        t = _least(t, shorten * curve.short_time_delay_s)
    if i > ii:
        t = _least(t, curve.opening_time_s if bound == "max" else 0.0)
    return t


def _relay_time(curve: DeviceCurve, i: float, bound: str) -> float:
    """:func:`clearing_time` of a relayed breaker at one current, in plain floats but for the power,
    which is numpy's (as in :func:`inverse_time_trip`), so the same result."""
    if i < 0:
        raise OutOfRange("current must be >= 0")
    k = 1.0 + curve.pickup_tolerance if bound == "max" else 1.0 - curve.pickup_tolerance
    shorten = 1.0 if bound == "max" else 1.0 - BAND_SHORTENING
    ir, ii = curve.long_time_pickup_a * k, curve.instantaneous_pickup_a * k
    m = i / ir
    if m > 1.0:
        den = float(np.power(m, curve.relay_p)) - 1.0
        if den == 0.0:
            q = math.copysign(math.inf, curve.relay_a_s) if curve.relay_a_s != 0.0 else math.nan
        else:
            q = curve.relay_a_s / den
        t = curve.time_dial * (q + curve.relay_b_s)
    else:
        t = math.inf
    t = shorten * t + (curve.opening_time_s if bound == "max" else 0.0)
    if i > ii:
        t = _least(t, curve.opening_time_s if bound == "max" else 0.0)
    return t


def _least(a: float, b: float) -> float:
    """``numpy.minimum`` of two floats (a NaN wins)."""
    if a != a or b != b:
        return math.nan
    return a if a <= b else b


def latest_clearing(curve: DeviceCurve, currents_a) -> float:
    """The latest clearing of a device over some currents: ``max`` of :func:`clearing_time` at them [s].

    Parameters
    ----------
    curve : DeviceCurve
        The device's settings.
    currents_a : sequence of float
        One or more currents through the device [A].

    Returns
    -------
    t_s : float
        ``float(numpy.max(clearing_time(curve, numpy.array(currents_a), "max")))`` (NaN when any time
        is NaN), computed without arrays for a few currents through a trip unit [s].

    Examples
    --------
    >>> c = DeviceCurve("cb", "lsi", 4000.0, 4.0, 16000.0, 0.3, 40000.0, opening_time_s=0.05)
    >>> latest_clearing(c, (30000.0, 50000.0))
    0.3
    """
    if curve.element != "lsi" or len(currents_a) > _FEW:
        return float(np.max(clearing_time(curve, np.array(currents_a, dtype=float), "max")))
    times = [_lsi_time(curve, float(i), "max", True) for i in currents_a]
    if any(t != t for t in times):
        return math.nan
    return max(times)


@dataclass(frozen=True)
class Selectivity:
    """Selectivity of a device and its upstream device over a range of fault currents.

    Attributes
    ----------
    selective : bool
        The upstream device's earliest trip stays at least ``margin_s`` behind the downstream
        device's latest clearing at every current of the range.
    selective_up_to_a : float
        Highest current of the range up to which it is selective (the full range when selective) [A].
    worst_current_a : float
        Current of the smallest time difference [A].
    worst_margin_s : float
        Upstream earliest trip minus downstream latest clearing there [s] (``inf`` when the upstream
        device never operates).
    """

    selective: bool
    selective_up_to_a: float
    worst_current_a: float
    worst_margin_s: float


def selectivity(downstream: DeviceCurve, upstream: DeviceCurve, fault_current_a: float, *, margin_s: float = 0.0,
                upstream_ratio: float = 1.0, points: int = 200) -> Selectivity:
    """Check that ``upstream`` lets ``downstream`` clear every overcurrent up to the available fault current.

    Parameters
    ----------
    downstream, upstream : DeviceCurve
        The two devices.
    fault_current_a : float
        Highest fault current through the downstream device [A].
    margin_s : float
        Required time between the curves (coordination time interval; 0 for LV trip units whose
        bands already hold the tolerances) [s].
    upstream_ratio : float
        Current at the upstream device per ampere at the downstream one (the voltage ratio across a
        transformer) [-].
    points : int
        Currents checked, log-spaced from the downstream long-time pickup to the fault current [-].

    Returns
    -------
    result : Selectivity

    Examples
    --------
    >>> feeder = DeviceCurve("f", "lsi", 800.0, 4.0, 4800.0, 0.1, 8000.0, opening_time_s=0.025)
    >>> main = DeviceCurve("m", "lsi", 4000.0, 4.0, 16000.0, 0.3, math.inf, opening_time_s=0.05)
    >>> selectivity(feeder, main, 40e3).selective
    True
    """
    key = (downstream.shape, upstream.shape, fault_current_a, margin_s, upstream_ratio, points)
    result = _CHECKED.get(key)
    if result is None:
        result = _selectivity(downstream, upstream, fault_current_a, margin_s, upstream_ratio, points)
        _remember(_CHECKED, key, result, _CHECKS_KEPT)
    return result


#: Results of the last selectivity checks and downstream curves, by the curves' shapes and the check's
#: figures: a planner tries many upstream settings against the same devices, and a campus repeats its halls.
#: Each store is emptied when full (at most about 15 MB of checks and 16 MB of curve points).
_CHECKED: dict = {}
_DOWNSTREAM: dict = {}
_CHECKS_KEPT, _CURVES_KEPT = 50_000, 5_000


def _remember(cache: dict, key, value, limit: int) -> None:
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


def _selectivity(downstream: DeviceCurve, upstream: DeviceCurve, fault_current_a: float, margin_s: float,
                 upstream_ratio: float, points: int) -> Selectivity:
    """:func:`selectivity` computed (the downstream curve's points kept for the next upstream device)."""
    low = downstream.long_time_pickup_a * (1.0 + downstream.pickup_tolerance)
    if fault_current_a <= low:
        return Selectivity(True, fault_current_a, fault_current_a, math.inf)
    dkey = (downstream.shape, fault_current_a, points)
    down = _DOWNSTREAM.get(dkey)
    if down is None:
        currents = np.geomspace(low * 1.001, fault_current_a, points)
        down = (currents, clearing_time(downstream, currents, "max"))
        _remember(_DOWNSTREAM, dkey, down, _CURVES_KEPT)
    currents, t_down = down
    t_up = clearing_time(upstream, currents * upstream_ratio, "min")
    with np.errstate(invalid="ignore"):
        diff = np.where(np.isinf(t_up), np.inf, t_up - t_down)
    ok = diff >= margin_s - 1e-12
    worst = int(np.argmin(diff))
    if ok.all():
        return Selectivity(True, fault_current_a, float(currents[worst]), float(diff[worst]))
    first_bad = int(np.argmin(ok))
    up_to = float(currents[first_bad - 1]) if first_bad > 0 else 0.0
    return Selectivity(False, up_to, float(currents[worst]), float(diff[worst]))
