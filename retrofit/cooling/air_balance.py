"""Residual air heat of each hall against its air movers (exhaust fans, CRAHs, rear doors)."""
from __future__ import annotations

import math

from ..model import Design
from ..units import magnitude
from . import psychrometrics as psy
from .air import AIR_TEMPERATURE_RANGE_K, coil_capacity_at_entering_water, exhaust_fan_check
from .ambient import DesignAmbient

DEFAULT_MINER_DT_K = 15.0  # S19 Pro inlet-to-outlet rise measured 15.7 K (buybtc123.com "Evaluation of Antminer S19", secondary)



def _r(x, digits=3):
    return round(float(x), digits) if x is not None and math.isfinite(float(x)) else None


CRAH_APPROACH_K = 3.0  # supply air above the entering facility water (coil approach) [K], estimate


def room_heat_to_water(design: Design, duties: dict) -> dict[str, float]:
    """Heat that CRAHs and rear doors take from each hall into facility water [W], by hall id."""
    out = {}
    for hall_id, h in _hall_heat(design, duties).items():
        units = [x for x in design.cooling.crahs + design.cooling.rear_doors if x.hall == hall_id]
        capacity = sum(magnitude(x.capacity, "W") * x.count for x in units if x.capacity is not None)
        out[hall_id] = min(capacity, h["rack_air_heat_w"] + h["miner_heat_w"])
    return out


def crah_capacity(unit, t_water_k: float | None, t_return_k: float | None) -> float:
    """Sensible capacity of one CRAH [W] at the entering water ``t_water_k`` and return air ``t_return_k``.

    The nameplate derated by :func:`.air.coil_capacity_at_entering_water` from the unit's rating
    temperatures (``t_water_in_rated``, ``t_air_in_rated``); the nameplate itself when the unit states no
    rating temperatures or the temperatures in operation are not known.
    """
    q = magnitude(unit.capacity, "W")
    if None in (unit.t_water_in_rated, unit.t_air_in_rated, t_water_k, t_return_k):
        return q
    return coil_capacity_at_entering_water(q, magnitude(unit.t_water_in_rated, "K"), magnitude(unit.t_air_in_rated, "K"),
                                           t_water_k, t_return_k)


def _hall_heat(design: Design, duties: dict) -> dict:
    groups = {g.id: (g.hall, magnitude(g.air_dt_max, "K")) for g in design.loads.racks}
    halls = {h.id: {"rack_air_heat_w": 0.0, "miner_heat_w": 0.0, "dt_k": None} for h in design.halls}
    for racks in duties.values():
        for r in racks:
            hall, dt = groups[r.group]
            if hall in halls:
                halls[hall]["rack_air_heat_w"] += r.air_heat_w
                halls[hall]["dt_k"] = min(dt, halls[hall]["dt_k"] or dt)
    for g in design.loads.racks:  # air-cooled racks (no loop) put all their heat in the air
        if g.tcs_loop is None and g.hall in halls:
            halls[g.hall]["rack_air_heat_w"] += magnitude(g.p_design, "W") * g.count
            dt = magnitude(g.air_dt_max, "K")
            halls[g.hall]["dt_k"] = min(dt, halls[g.hall]["dt_k"] or dt)
    for g in design.loads.miners:
        if g.cooling == "air" and g.hall in halls:
            halls[g.hall]["miner_heat_w"] += magnitude(g.p_rated, "W") * g.count
    return halls


def residual_air(design: Design, ambient: DesignAmbient, duties: dict, t_water_k: float | None = None) -> dict:
    """Per hall: heat to air (racks' air share, air-cooled miners), airflow needed, what the air movers give.

    Notes
    -----
    Outdoor air enters at the design dry bulb (exhaust-fan halls); the racks allow their own air rise
    (``air_dt_max``), miners their measured rise. Rear doors and CRAHs remove heat in the room: the fans
    only carry what they leave. A CRAH's capacity is derated for the entering water ``t_water_k`` with
    the return air the hall is designed for, the criteria's allowed inlet plus the racks' air rise
    (:func:`crah_capacity`); ``crah_capacity_factor`` reports the derated over the nameplate capacity. Rack inlet air is the outdoor design dry bulb when the hall has only
    exhaust fans, and is checked against the criteria's allowed inlet temperature; in a hall with CRAHs it
    is their supply air, taken as the facility water supply ``t_water_k`` plus a coil approach of
    :data:`CRAH_APPROACH_K` (estimate). CRAH and rear-door heat goes into the facility water
    (:func:`room_heat_to_water`). The fans' air is taken at the exhaust temperature, inlet plus rise;
    above the 60 °C top of the moist-air relations (hot sites, extreme ambients above 45 °C) it is
    evaluated there and its density scaled by the ideal-gas law, :math:`\\rho \\propto 1/T`.
    """
    crit = design.goal.criteria if design.goal else None
    halls = _hall_heat(design, duties)
    p = psy.barometric_pressure(ambient.altitude_m)
    w = float(psy.humidity_ratio_from_wet_bulb(ambient.t_dry_bulb_k, ambient.t_wet_bulb_k, p))
    out = {}
    for hall_id, h in halls.items():
        fans = [f for f in design.cooling.exhaust_fans if f.hall == hall_id]
        crahs = [f for f in design.cooling.crahs if f.hall == hall_id]
        doors = [f for f in design.cooling.rear_doors if f.hall == hall_id]
        heat = h["rack_air_heat_w"] + h["miner_heat_w"]
        dt = h["dt_k"] or DEFAULT_MINER_DT_K
        t_return = magnitude(crit.air_inlet_max, "K") + dt if crit is not None else None
        crah_nameplate = sum(magnitude(x.capacity, "W") * x.count for x in crahs if x.capacity is not None)
        crah_derated = sum(crah_capacity(x, t_water_k, t_return) * x.count for x in crahs if x.capacity is not None)
        removed_in_room = crah_derated + sum(magnitude(x.capacity, "W") * x.count for x in doors if x.capacity is not None)
        to_fans = max(heat - removed_in_room, 0.0)
        fan_flow = sum(magnitude(f.airflow, "m**3/s") * f.count for f in fans)
        t_inlet = ambient.t_dry_bulb_k
        if crahs and t_water_k is not None:
            t_inlet = t_water_k + CRAH_APPROACH_K
        entry = {"rack_air_heat_kw": _r(h["rack_air_heat_w"] / 1e3), "miner_heat_kw": _r(h["miner_heat_w"] / 1e3),
                 "heat_to_air_kw": _r(heat / 1e3), "removed_in_room_kw": _r(min(removed_in_room, heat) / 1e3),
                 "room_capacity_kw": _r(removed_in_room / 1e3),
                 "crah_capacity_factor": _r(crah_derated / crah_nameplate, 4) if crah_nameplate > 0 else None,
                 "crah_return_air_c": _r(t_return - 273.15) if crahs and t_return is not None else None,
                 "heat_to_exhaust_kw": _r(to_fans / 1e3), "air_dt_k": dt,
                 "t_inlet_c": _r(t_inlet - 273.15), "basis": ambient.basis}
        if to_fans > 0 or fans:
            t_exhaust = ambient.t_dry_bulb_k + dt
            t_air = min(t_exhaust, AIR_TEMPERATURE_RANGE_K[1])
            check = exhaust_fan_check(to_fans, dt, fan_flow if fan_flow > 0 else 1e-9, t_air,
                                      ambient.altitude_m, humidity_ratio=w)
            required, utilisation, margin, adequate = (check.airflow_required_m3_s, check.utilisation, check.margin_w,
                                                       check.adequate)
            if t_air < t_exhaust:
                # above the moist-air relations' range the air is taken at their top and its density scaled
                # by the ideal-gas law, rho ~ 1/T at the same pressure and humidity ratio
                scale = t_exhaust / t_air
                required, utilisation = required * scale, utilisation * scale
                margin = check.heat_removable_w / scale - to_fans
                adequate = required <= check.airflow_available_m3_s
                entry["note"] = (f"exhaust air at {t_exhaust - 273.15:.1f} °C is above the "
                                 f"{AIR_TEMPERATURE_RANGE_K[1] - 273.15:.0f} °C range of the moist-air relations: "
                                 "its density is scaled from there by the ideal-gas law")
            entry.update({"airflow_required_m3_s": _r(required),
                          "airflow_available_m3_s": _r(fan_flow), "utilisation": _r(utilisation, 4),
                          "margin_kw": _r(margin / 1e3), "adequate": bool(adequate and (fan_flow > 0 or to_fans == 0))})
        else:
            entry.update({"airflow_required_m3_s": 0.0, "airflow_available_m3_s": 0.0, "utilisation": 0.0,
                          "margin_kw": 0.0, "adequate": True})
        if crit is not None:
            limit = magnitude(crit.air_inlet_max, "degC")
            outside_air = bool(fans) and not crahs
            has_racks = h["rack_air_heat_w"] > 0
            # the inlet limit is the IT racks' (ASHRAE class); miners carry their own wider range
            entry.update({"outside_air_inlet": outside_air, "t_inlet_max_c": limit,
                          "inlet_ok": bool(not has_racks or (entry["t_inlet_c"] is not None
                                                             and entry["t_inlet_c"] <= limit))})
        out[hall_id] = entry
    return out
