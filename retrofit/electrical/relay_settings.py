"""Setting recommendation for the inverse-time relay (51/50) on the primary of a transformer.

The recommendation follows the usual practice of transformer primary protection (IEEE Std 242-2001,
Buff Book, ch. 11): a 51 pickup above the full-load current and within NEC 450.3, the smallest time
dial that stays a coordination interval behind the LV main at the largest LV fault referred to the
primary, and a 50 element above the largest through-fault current (so it trips only for primary-side
faults). The result is a starting point for the engineer who sets the relay, with the facts it rests on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .tcc import BAND_SHORTENING, DeviceCurve, clearing_time, selectivity

#: 51 pickup as a multiple of the transformer's primary rated current (IEEE 242 practice: 1.25-1.5) [-].
PICKUP_MULTIPLE = 1.5
#: 50 pickup as a multiple of the largest symmetrical through-fault current referred to the primary,
#: above the asymmetrical first cycles (IEEE 242 practice: 1.6) [-].
INSTANTANEOUS_MULTIPLE = 1.6
#: Time dials tried, smallest first [-].
TIME_DIALS = tuple(round(0.1 * k, 1) for k in range(1, 101))
#: Pickups are rounded up to this step [A].
PICKUP_STEP_A = 5.0


@dataclass(frozen=True)
class RelayRecommendation:
    """A recommended primary relay setting.

    Attributes
    ----------
    curve : DeviceCurve
        The relay with the recommended settings.
    pickup_a : float
        51 pickup [A].
    time_dial : float
        51 time dial [-].
    instantaneous_pickup_a : float
        50 pickup [A] (``inf`` when no 50 element is useful: the fault at the relay is below it).
    selective_with_main : bool
        The recommended relay stays the margin behind the LV main up to the largest LV fault.
    pickup_within_limit : bool
        The pickup is within the NEC 450.3 limit (false when even 1.0 x rated current exceeds it).
    """

    curve: DeviceCurve
    pickup_a: float
    time_dial: float
    instantaneous_pickup_a: float
    selective_with_main: bool
    pickup_within_limit: bool


def recommend_primary_relay(device: str, rated_primary_a: float, limit_a: float, main: DeviceCurve,
                            lv_fault_a: float, ratio: float, fault_at_relay_a: float, constants: tuple[float, float, float],
                            opening_time_s: float, pickup_tolerance: float, margin_s: float) -> RelayRecommendation:
    """Recommended 51/50 settings for a transformer primary relay.

    Parameters
    ----------
    device : str
        Relay (breaker) id.
    rated_primary_a : float
        Transformer rated primary current [A].
    limit_a : float
        NEC 450.3 limit on the primary setting [A].
    main : DeviceCurve
        The LV main's curve (currents at the LV side).
    lv_fault_a : float
        Largest LV fault current through the main [A].
    ratio : float
        Primary current per ampere of LV current (U_LV/U_HV) [-].
    fault_at_relay_a : float
        Largest fault current at the relay's own terminals [A].
    constants : tuple of float
        IEEE C37.112 curve constants (A [s], B [s], p [-]).
    opening_time_s : float
        Breaker opening time [s].
    pickup_tolerance : float
        Pickup tolerance as a fraction [-].
    margin_s : float
        Coordination time interval over the LV main [s].

    Returns
    -------
    recommendation : RelayRecommendation

    Notes
    -----
    Pickup = min(1.5 x rated current rounded up to 5 A, the NEC 450.3 limit); 50 pickup = 1.6 x the
    LV fault referred to the primary, left off when it is not below the fault at the relay; time dial
    the smallest of 0.1, 0.2, ... 10 selective with the main (:func:`~retrofit.electrical.tcc.selectivity`),
    from the dial each current of the check needs.

    Examples
    --------
    >>> main = DeviceCurve("main", "lsi", 4000.0, 4.0, 16000.0, 0.3, math.inf, opening_time_s=0.05)
    >>> r = recommend_primary_relay("p", 104.6, 627.6, main, 60e3, 415 / 13800, 12e3, (19.61, 0.491, 2.0),
    ...                             0.0833, 0.05, 0.3)
    >>> r.pickup_a, r.selective_with_main
    (160.0, True)
    """
    key = (rated_primary_a, limit_a, main.shape, lv_fault_a, ratio, fault_at_relay_a, constants, opening_time_s,
           pickup_tolerance, margin_s)
    rec = _RECOMMENDED.get(key)
    if rec is None:
        rec = _recommend(device, rated_primary_a, limit_a, main, lv_fault_a, ratio, fault_at_relay_a, constants,
                         opening_time_s, pickup_tolerance, margin_s)
        if len(_RECOMMENDED) >= 10_000:
            _RECOMMENDED.clear()
        _RECOMMENDED[key] = rec
    return rec if rec.curve.device == device else replace(rec, curve=replace(rec.curve, device=device))


#: The last recommendations, by everything but the relay's id (a campus repeats its transformers).
_RECOMMENDED: dict = {}


def _recommend(device, rated_primary_a, limit_a, main, lv_fault_a, ratio, fault_at_relay_a, constants, opening_time_s,
               pickup_tolerance, margin_s) -> RelayRecommendation:
    """:func:`recommend_primary_relay` computed."""
    pickup = math.ceil(PICKUP_MULTIPLE * rated_primary_a / PICKUP_STEP_A) * PICKUP_STEP_A
    within = True
    if pickup > limit_a:
        pickup = max(math.floor(limit_a / PICKUP_STEP_A) * PICKUP_STEP_A, PICKUP_STEP_A)
        within = pickup >= rated_primary_a
    inst = INSTANTANEOUS_MULTIPLE * lv_fault_a * ratio
    if inst >= fault_at_relay_a:
        inst = math.inf
    a, b, p = constants

    def relay(td: float) -> DeviceCurve:
        return DeviceCurve(device, "relay", pickup, instantaneous_pickup_a=inst, relay_a_s=a, relay_b_s=b, relay_p=p,
                           time_dial=td, opening_time_s=opening_time_s, pickup_tolerance=pickup_tolerance)

    # the earliest trip of the 51 element is BAND_SHORTENING-reduced TD·f(M): the dial each current needs is
    # (the main's latest clearing + margin) / ((1 - BAND_SHORTENING)·f(M)); the largest of them, rounded up
    # to the next dial, is the smallest selective one (checked once with selectivity())
    low = main.long_time_pickup_a * (1.0 + main.pickup_tolerance)
    currents = np.geomspace(low * 1.001, max(lv_fault_a, low * 1.002), 200)
    t_main = clearing_time(main, currents, "max")
    with np.errstate(divide="ignore", invalid="ignore"):
        m = currents * ratio / (pickup * (1.0 - pickup_tolerance))
        f = np.where(m > 1.0, a / (np.power(np.maximum(m, 1.0), p) - 1.0) + b, np.inf)
        needed = (t_main + margin_s) / ((1.0 - BAND_SHORTENING) * f)
    instantaneous_first = np.any(currents * ratio > inst * (1.0 - pickup_tolerance))
    td_needed = float(np.max(needed)) if not instantaneous_first and np.all(np.isfinite(t_main)) else math.inf
    k = next((k for k, td in enumerate(TIME_DIALS) if td >= td_needed - 1e-9), None)
    for k in ([k, k + 1] if k is not None else []):  # the next dial too, should rounding leave it short
        if k < len(TIME_DIALS) and selectivity(main, relay(TIME_DIALS[k]), lv_fault_a, margin_s=margin_s,
                                               upstream_ratio=ratio).selective:
            return RelayRecommendation(relay(TIME_DIALS[k]), pickup, TIME_DIALS[k], inst, True, within)
    return RelayRecommendation(relay(TIME_DIALS[-1]), pickup, TIME_DIALS[-1], inst, False, within)
