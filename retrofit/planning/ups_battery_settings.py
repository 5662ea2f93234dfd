"""Trip settings for faults on battery: the planner lowers the short-time pickup of the devices below a UPS
lineup that would not clear a fault with only the UPS inverter feeding it
(:mod:`retrofit.electrical.ups_battery_faults`, rule ELEC-UPSPROT-001).

On battery the inverter holds its current at a limit (1.5 times its rated current, one module out, for
0.5 s after a first, higher limit of 20 ms; catalog ``converter-fault-current``). A feeder breaker whose
short-time pickup, raised by its tolerance, lies above that held current clears the fault only on its
long-time element, seconds later, when the inverter has long stopped. The planner takes, for each such
breaker of an LSI trip unit, the largest short-time pickup of the settings the planner's protection
settings use (:data:`retrofit.planning.protection_settings.SHORT_TIME_MULTIPLES` of the long-time pickup)
whose top of tolerance the held current reaches, keeping the short-time band, when that band clears
within the inverter's window.

The lowered pickup must not trip the breaker when it closes onto its racks: the inrush of every rack power
supply below it, energised at once (:mod:`retrofit.electrical.psu_inrush`, catalog ``psu-inrush``), shall
not reach the breaker's earliest trip within the inrush duration. A multiple that would is not taken; when
none both clears on battery and rides through the inrush, the breaker keeps its setting and the plan's notes
name it (rules ELEC-UPSPROT-001 and -002 judge the result).

Only breakers with no breaker below them are changed: a lower pickup makes the breaker's curve faster or
equal at every current, so the devices above stay selective with it, and no device below has to be
faster. Other breakers, and a breaker no multiple fits, are left to the review, which names them.
"""
from __future__ import annotations

from ..catalog import Catalog
from ..model import Design
from ..units import Q_
from .protection_settings import SHORT_TIME_MULTIPLES


def set_battery_pickups(design: Design, catalog: Catalog) -> tuple[Design, list[str]]:
    """Lower the short-time pickups the UPS-on-battery case asks for.

    Parameters
    ----------
    design : Design
        The proposed design (not changed).
    catalog : Catalog
        Catalog (device defaults, fuse curves, ``converter-fault-current``).

    Returns
    -------
    Design, list of str
        The design with the new settings (``design`` itself when nothing changes) and the plan's notes.
    """
    if not design.electrical.ups:
        return design, []
    from ..electrical.device_clearing import clearing_topology, device_curve, device_defaults
    from ..electrical.psu_inrush import feeder_inrush, rides_through_with
    from ..electrical.ups_battery_faults import ups_battery_study
    from ..electrical.ups_losses import downstream_buses

    topo = clearing_topology(design)
    units, relays = device_defaults(catalog)
    fuses = catalog.table("fuse-curves").rows
    breakers = {b.id: b for b in design.electrical.breakers}
    curves = {b.id: device_curve(b, units, relays, fuses=fuses, vn_v=topo.bus_vn[b.bus]) for b in breakers.values()}
    study = ups_battery_study(design, curves, catalog)
    on_bus = {b.bus for b in breakers.values()}
    changed: dict[str, object] = {}
    made: dict[tuple, object] = {}  # one settings record per distinct change, shared by the alike breakers
    left: list[str] = []
    inrush_left: dict[str, float] = {}  # breakers no pickup fits for the PSU inrush: their inrush [A]
    inrush_max: dict[str, float] = {}  # lowered breakers: the inrush each rides through [A]
    for device_id, d in sorted(study["devices"].items()):
        if d["trips"]:
            continue
        br, curve = breakers[device_id], curves[device_id]
        energised = downstream_buses(design, d["fault_bus"])
        below = energised - {br.bus}
        if curve.element != "lsi" or br.trip is None or on_bus & below:
            left.append(device_id)
            continue
        held_a = d["ik_held_ka"] * 1e3
        reach = [round(m * curve.long_time_pickup_a, 1) for m in SHORT_TIME_MULTIPLES
                 if m * curve.long_time_pickup_a * (1.0 + curve.pickup_tolerance) <= held_a
                 and m * curve.long_time_pickup_a < curve.short_time_pickup_a]
        inrush = feeder_inrush(design, energised, topo.bus_vn[br.bus], catalog)
        fits = [a for a in reach if inrush is None or rides_through_with(curve, a, inrush)]
        if not fits or curve.short_time_delay_s + curve.opening_time_s > d["window_s"]:
            left.append(device_id)
            if reach and not fits:
                inrush_left[device_id] = inrush.current_a
            continue
        if inrush is not None:
            inrush_max[device_id] = inrush.current_a
        pickup_a = max(fits)
        key = (id(br.trip), pickup_a)
        if key not in made:
            made[key] = br.trip.model_copy(update={"short_time_pickup": Q_(pickup_a, "A")})
        changed[device_id] = (made[key], curve.short_time_pickup_a, pickup_a, held_a, d["lineup"])
    if not changed:
        return design, ([f"on battery, {len(left)} breaker(s) below UPS lineups do not clear a fault on the "
                         "inverter's current and no short-time setting fits: " + ", ".join(left[:4])
                         + (" ..." if len(left) > 4 else "")] if left else []) + _inrush_notes(inrush_left)
    out = design.model_copy(update={"electrical": design.electrical.model_copy(update={
        "breakers": [b.model_copy(update={"trip": changed[b.id][0]}) if b.id in changed else b
                     for b in design.electrical.breakers]})})
    groups: dict[tuple, list[str]] = {}
    for device_id, (_trip, old_a, new_a, held_a, lineup) in changed.items():
        groups.setdefault((old_a, new_a, round(held_a)), []).append(device_id)
    notes = [f"short-time pickup {old:,.0f} A -> {new:,.0f} A so that a fault below clears on battery, the UPS "
             f"inverter holding {held:,.0f} A for the catalog's window ({len(ids)} breaker{'s' if len(ids) != 1 else ''}: "
             + ", ".join(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "") + ")"
             + (f"; each rides through the inrush of its racks' power supplies energised at once (at most "
                f"{max(inrush_max[i] for i in ids if i in inrush_max):,.0f} A)" if any(i in inrush_max for i in ids) else "")
             for (old, new, held), ids in sorted(groups.items())]
    if left:
        notes.append(f"on battery, {len(left)} breaker(s) below UPS lineups still do not clear a fault on the "
                     "inverter's current (a breaker with breakers below it, or no short-time setting fits): "
                     + ", ".join(left[:4]) + (" ..." if len(left) > 4 else ""))
    return out, notes + _inrush_notes(inrush_left)


def _inrush_notes(inrush_left: dict[str, float]) -> list[str]:
    """The plan's note on breakers whose battery-fault pickup would trip on their racks' PSU inrush."""
    if not inrush_left:
        return []
    ids = sorted(inrush_left)
    return [f"on battery, {len(ids)} breaker(s) keep their short-time pickup: every pickup low enough to clear a "
            "fault on the inverter's held current would trip on the inrush of the rack power supplies they energise "
            f"(up to {max(inrush_left.values()):,.0f} A, all shelves at once; catalog psu-inrush): "
            + ", ".join(ids[:4]) + (" ..." if len(ids) > 4 else "")
            + "; a longer short-time band or a staggered start of the shelves would let both be met"]


__all__ = ["set_battery_pickups"]
