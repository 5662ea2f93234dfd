"""Arc-flash mitigation the planner designs for medium-voltage lineups.

An arc in an MV lineup without a main is cleared by the breaker feeding the lineup, whose relay must
stay selective with the relays of the lineup's own feeders below it: on the Panther Creek plan the hall
feeders clear a lineup arc in 0.66 s, 285-298 cal/cm² by Lee's method. Where the incident energy at an
MV bus (IEEE 1584-2018 up to 15 kV, Lee's method above, as the protection study computes it) is above
the design's criterion (``studies.arc_flash.incident_energy_limit_cal_cm2``), the planner

1. gives the breakers that clear it (mains of the bus or feeders of its incoming branches, MV breakers
   only) a light-and-current arc-flash relay with its sensors in the lineup (``trip.arc_flash_relay``):
   the arc then lasts the relay's operating time plus the breaker's opening time
   (:func:`retrofit.electrical.protection.arc_clearing_time_s`);
2. where that still leaves the energy above the criterion, replaces each such breaker by a faster
   variant of the same breaker from the catalog (an entry whose id extends the breaker's model id, same
   kind, rating and at least its interrupting rating, with a shorter ``interrupting_time``), when the
   catalog has one.

The energy before and after, the clearing time and what remains above the criterion are returned as
:class:`~retrofit.planning.protection_settings.DeviceChange` records for the plan notes.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog
from ..electrical.device_clearing import LV_MAX_V, clearing_topology, device_curve, feeds_bus
from ..electrical.protection import BusArc, arc_flash_relay_time_s, bus_arc
from ..errors import OutOfRange
from ..model import Breaker, Design
from ..model.protection import TripSettings
from ..units import magnitude
from .build_power import from_catalog
from .protection_settings import DeviceChange


@dataclass(frozen=True)
class LineupArc:
    """What the planner did for one MV bus above the criterion.

    Attributes
    ----------
    bus : str
        Bus id.
    breakers : tuple of str
        The breakers that clear an arc on it, now tripped by an arc-flash relay.
    before : BusArc
        The arc with the breakers' relay settings alone.
    relay : BusArc
        With the arc-flash relay.
    faster_model : str or None
        Catalog model of the faster breaker chosen, None when none was needed or none is in the catalog.
    relay_added : bool
        Whether the breakers are tripped by an arc-flash relay (not when the faster breaker alone meets
        the criterion).
    after : BusArc
        The arc as the design now stands.
    limit_cal_cm2 : float
        The criterion [cal/cm²].
    """

    bus: str
    breakers: tuple[str, ...]
    before: BusArc
    relay: BusArc
    faster_model: str | None
    relay_added: bool
    after: BusArc
    limit_cal_cm2: float

    @property
    def meets(self) -> bool:
        """Whether the energy is now at or below the criterion."""
        return self.after.energy_cal_cm2 <= self.limit_cal_cm2


def faster_variant(catalog: Catalog, br: Breaker, opening_s: float):
    """The catalog variant of ``br``'s model with the shortest interrupting time below ``opening_s``:
    an entry whose id extends the model's id, of the same kind and rating, with at least its interrupting
    rating; ties by price, then id. None without a model or a variant."""
    if not br.model:
        return None
    rating, i_int = magnitude(br.rating, "A"), magnitude(br.interrupting, "A")
    fits = []
    for e in catalog.list("breaker"):
        if not e.id.startswith(br.model + "-") or e.data.get("kind") != br.kind or "interrupting_time" not in e.data:
            continue
        b = Breaker(id="x", bus="x", protects="x", **e.data)
        t = magnitude(b.interrupting_time, "s")
        if abs(magnitude(b.rating, "A") - rating) > 1e-6 or magnitude(b.interrupting, "A") < i_int or t >= opening_s:
            continue
        fits.append((t, magnitude(b.price, "USD") if b.price is not None else float("inf"), e.id, e))
    return min(fits, key=lambda f: f[:3])[3] if fits else None


def mitigate_mv_arc_flash(design: Design, catalog: Catalog, sc, sc_min, at: dict) -> list[LineupArc]:
    """Arc-flash relays (and faster breakers where needed) for the MV buses of ``design`` above its
    criterion; ``design`` is changed in place (see the module docstring).

    Parameters
    ----------
    design : Design
        The proposed design with its trip and relay settings written.
    catalog : Catalog
        Catalog (trip-unit defaults, relay curves, IEEE 1584 and Lee tables, breakers, arc-flash relay).
    sc, sc_min : FaultStudyResult
        Maximum and minimum fault studies of ``design``.
    at : dict
        Bus id -> index of the bus in the fault studies.

    Returns
    -------
    list of LineupArc
        One record per bus that was above the criterion and is cleared by MV breakers feeding it.
    """
    limit = design.studies.arc_flash.incident_energy_limit_cal_cm2
    if limit is None:
        return []
    e = design.electrical
    units = {r["kind"]: r for r in catalog.table("trip-unit-defaults").rows}
    relay_curves = {r["curve"]: r for r in catalog.table("ieee-c37112-curves").rows}
    equipment = catalog.table("ieee1584-2018-equipment").rows
    lee_row = catalog.table("arc-flash-above-15kv").rows[0]
    max_t = magnitude(design.studies.arc_flash.max_arc_duration, "s")
    relay_time = arc_flash_relay_time_s(catalog)
    vn = {b.id: magnitude(b.voltage, "V") for b in e.buses}
    topo = clearing_topology(design)
    position = {b.id: k for k, b in enumerate(e.breakers)}
    out = []
    for bus in sorted(e.buses, key=lambda b: b.id):
        if vn[bus.id] <= LV_MAX_V:
            continue
        devices = [e.breakers[position[d.id]] for d in topo.bus_clearing(bus.id)]
        if not devices or any(d.kind != "mv_breaker" or not feeds_bus(topo, d, bus.id) for d in devices):
            continue
        bolted = [float(r.ik3_a[at[bus.id]]) for r in (sc, sc_min)]

        def arc(devs, relay):
            return bus_arc(bus, bolted, devs, {d.id: device_curve(d, units, relay_curves) for d in devs}, vn, max_t,
                           equipment, lee_row, relay)

        try:
            before = arc(devices, None)
        except OutOfRange:
            continue
        if before.energy_cal_cm2 <= limit:
            continue
        relayed = [d.model_copy(update={"trip": (d.trip or TripSettings()).model_copy(update={"arc_flash_relay": True})})
                   for d in devices]
        relay = arc(relayed, relay_time)
        faster, after = None, relay
        if relay.energy_cal_cm2 > limit:
            swapped = []
            for d in devices:
                entry = faster_variant(catalog, d, device_curve(d, units, relay_curves).opening_time_s)
                swapped.append(d if entry is None else from_catalog(Breaker, entry, id=d.id, bus=d.bus,
                                                                    protects=d.protects, trip=d.trip))
                faster = faster or (entry.id if entry is not None else None)
            alone = arc(swapped, None) if faster else None
            if alone is not None and alone.energy_cal_cm2 <= limit:  # the faster breaker on its own relay suffices
                relayed, after = swapped, alone
            else:
                relayed = [d.model_copy(update={"trip": r.trip}) for d, r in zip(swapped, relayed)]
                after = arc(relayed, relay_time) if faster else relay
        devices = relayed
        for d in devices:
            e.breakers[position[d.id]] = d
        out.append(LineupArc(bus.id, tuple(d.id for d in devices), before, relay, faster,
                             all(d.trip is not None and d.trip.arc_flash_relay for d in devices), after, limit))
    return out


def _span(values, fmt: str) -> str:
    lo, hi = min(values), max(values)
    return format(lo, fmt) if f"{lo:{fmt}}" == f"{hi:{fmt}}" else f"{lo:{fmt}}-{hi:{fmt}}"


def mitigation_changes(lineups: list[LineupArc]) -> list[DeviceChange]:
    """Plan notes of :func:`mitigate_mv_arc_flash`: buses alike (same method, faster breaker and outcome)
    in one note with the ranges of their figures; each breaker's own figures in its message.

    Parameters
    ----------
    lineups : list of LineupArc
        What :func:`mitigate_mv_arc_flash` did.

    Returns
    -------
    list of DeviceChange
        ``arc_flash`` records (relay added, energy met) and ``binding`` records (still above the criterion).
    """
    groups: dict[tuple, list[LineupArc]] = {}
    for x in lineups:
        groups.setdefault((x.after.method, str(x.faster_model), x.relay_added, x.meets), []).append(x)
    out = []
    for (method, faster, relay_added, meets), xs in sorted(groups.items()):
        limit = xs[0].limit_cal_cm2
        text = (f"MV buses above {limit:g} cal/cm² ({method}: {_span([x.before.energy_cal_cm2 for x in xs], '.0f')} "
                f"cal/cm², arc cleared in {_span([x.before.clearing_time_s for x in xs], '.3f')} s by the breakers "
                "feeding them on their relay settings)")
        if relay_added:
            text += (": light-and-current arc-flash relay with sensors in the enclosure tripping those breakers "
                     f"({_span([x.relay.energy_cal_cm2 for x in xs], '.1f')} cal/cm² in "
                     f"{_span([x.relay.clearing_time_s for x in xs], '.3f')} s)")
        if faster != "None":
            text += (f"{', and' if relay_added else ':'} the faster breaker {faster} "
                     f"({_span([x.after.energy_cal_cm2 for x in xs], '.1f')} cal/cm² in "
                     f"{_span([x.after.clearing_time_s for x in xs], '.3f')} s)")
        if not meets:
            text += (f": still above {limit:g} cal/cm²; meeting it needs a faster breaker than the catalog holds or no "
                     "energized work at these buses (remote racking and switching, work de-energized)")
        for x in xs:
            for b in x.breakers:
                msg = (f"{b}: {'arc-flash relay' if x.relay_added else 'faster breaker'} for {x.bus} ({x.before.energy_cal_cm2:.1f} -> {x.after.energy_cal_cm2:.1f} "
                       f"cal/cm², arc {x.after.clearing_time_s:.3f} s" + (f", breaker {x.faster_model}" if x.faster_model
                                                                         else "") + ")")
                out.append(DeviceChange(b, "arc_flash" if meets else "binding", msg, text))
    return out


__all__ = ["LineupArc", "faster_variant", "mitigate_mv_arc_flash", "mitigation_changes"]
