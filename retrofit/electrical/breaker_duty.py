"""Short-circuit duty of every breaker of a protection study: the interrupting duty by the device's class
(IEEE C37.13 / UL 489 multiplying factors at LV, the IEEE C37.010 remote factor on the ANSI interrupting
network at MV) and, for MV breakers, the first-cycle (closing-and-latching) duty
(:mod:`retrofit.electrical.closing_latching`).

Results are plain dicts keyed by breaker id, as the rest of the protection study's
(:func:`retrofit.electrical.protection.protection_study`).
"""
from __future__ import annotations

from ..io.results import rounded as _f
from ..units import magnitude
from .closing_latching import first_cycle_duty, standard_closing_latching_a, standard_ratio_text
from .fault_study import mv_breaker_remote_factor
from .shortcircuit import device_duty

#: Breaker kinds of the design -> device classes of the LV duty method (IEEE C37.13 / UL 489).
LV_DUTY_CLASS = {"lvpcb": "lvpcb_unfused", "iccb": "iccb", "mccb": "mccb"}


def breaker_duties(breakers, at: dict, sc, nominal, sc_int, method: str) -> dict:
    """The ``duty`` entry of each breaker, by breaker id in the order of ``breakers``.

    Parameters
    ----------
    breakers : list of Breaker
        The design's breakers [-].
    at : dict
        Bus id -> index of the bus in the fault-study results [-].
    sc, nominal : FaultStudyResult
        Maximum case and the same case at nominal transformer impedance [-].
    sc_int : FaultStudyResult or None
        ANSI interrupting network (None under the other methods) [-].
    method : str
        The fault-study method (``ansi``, ``iec60909``, ``ohmic``) [-].

    Returns
    -------
    dict
        Breaker id -> ``{"duty": {...}}``.
    """
    out: dict = {}
    for br in breakers:
        i = at[br.bus]
        rating = magnitude(br.interrupting, "A")
        entry = {"bus": br.bus, "kind": br.kind, "interrupting_ka": _f(rating / 1e3, 3)}
        if br.kind in LV_DUTY_CLASS:
            rx = 1.0 / sc.xr_ratio[i]
            duty = device_duty(float(sc.ik3_a[i]), float(rx), LV_DUTY_CLASS[br.kind], rating)
            nom = device_duty(float(nominal.ik3_a[i]), float(1.0 / nominal.xr_ratio[i]), LV_DUTY_CLASS[br.kind], rating)
            adjusted, factor, nominal_a = float(duty.adjusted_duty_a), float(duty.multiplying_factor), float(nom.adjusted_duty_a)
            basis = "symmetrical current times the IEEE C37.13 / UL 489 multiplying factor for the fault X/R"
        elif br.kind == "mv_breaker" and sc_int is not None:
            factor = float(mv_breaker_remote_factor(sc_int.xr_ratio[i]))
            adjusted = factor * float(sc_int.ik3_a[i])
            nominal_a = float(nominal.ik3_a[i])
            basis = "ANSI interrupting E/X times the IEEE C37.010 remote multiplying factor (5-cycle breaker)"
        else:
            factor, adjusted, nominal_a = 1.0, float(sc.ik3_a[i]), float(nominal.ik3_a[i])
            basis = "symmetrical current vs interrupting rating"
        entry.update({"ik3_ka": _f(sc.ik3_a[i] / 1e3, 4), "multiplying_factor": _f(factor, 4),
                      "duty_ka": _f(adjusted / 1e3, 4), "duty_nominal_impedance_ka": _f(nominal_a / 1e3, 4),
                      "duty_ratio": _f(adjusted / rating, 4), "ok": bool(adjusted <= rating), "basis": basis})
        if br.kind == "mv_breaker":
            entry["first_cycle"] = _first_cycle(br, i, sc, nominal, method, rating)
        out.setdefault(br.id, {})["duty"] = entry
    return out


def _first_cycle(br, i: int, sc, nominal, method: str, rating_a: float) -> dict:
    """Closing-and-latching duty of an MV breaker: E/X of the first-cycle study (the ANSI first-cycle network
    under ``ansi``, else the method's maximum-case I"k) times the factor of the rating's basis."""
    basis = br.closing_latching_basis
    stated = br.closing_latching is not None
    cl_a = magnitude(br.closing_latching, "A") if stated else standard_closing_latching_a(rating_a, basis)
    duty = first_cycle_duty(float(sc.ik3_a[i]), float(sc.xr_ratio[i]), basis, cl_a)
    nom = first_cycle_duty(float(nominal.ik3_a[i]), float(nominal.xr_ratio[i]), basis, cl_a)
    study = "ANSI first-cycle network E/X" if method == "ansi" else f"{method} maximum-case I\"k"
    return {"basis": basis, "ik3_ka": _f(sc.ik3_a[i] / 1e3, 4), "xr_ratio": _f(sc.xr_ratio[i], 3),
            "multiplying_factor": _f(duty.multiplying_factor, 4), "duty_ka": _f(duty.duty_a / 1e3, 4),
            "duty_nominal_impedance_ka": _f(nom.duty_a / 1e3, 4), "closing_latching_ka": _f(cl_a / 1e3, 3),
            "rating_source": "design" if stated else f"{standard_ratio_text(basis)} x interrupting (not stated)",
            "duty_ratio": _f(duty.duty_ratio, 4), "ok": duty.ok,
            "method": f"{study} times the {basis.replace('_', ' ')} first-cycle factor (IEEE C37.010 / C37.04)"}


__all__ = ["LV_DUTY_CLASS", "breaker_duties"]
