"""Which devices clear a fault where, and how fast: the clearing topology of a design (the rules are in
:mod:`retrofit.electrical.protection`'s docstring), each breaker's or fuse's time-current curve from its
trip settings and the kind's defaults, and the time a device takes to clear an arc (an arc-flash relay
included)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..model import Design
from ..units import magnitude
from .tcc import DeviceCurve, clearing_time, fuse_curve

LV_MAX_V = 1000.0
#: Family of a fuse's curve (catalog table fuse-curves) when its trip settings name none: IEC NH gG
#: fuse-links at LV_MAX_V or less, MV current-limiting fuses above.
DEFAULT_FUSE_FAMILY = {"lv": "nh-gg", "mv": "hv-fuse"}


@dataclass
class ClearingTopology:
    """Where each device sits and which devices clear faults on each bus and branch."""

    branch_ends: dict  # branch id -> (from bus, to bus, kind)
    incoming: dict  # bus -> [branch ids]
    devices_of: dict  # branch id -> [breakers protecting it]
    bus_vn: dict
    found: dict = field(default_factory=dict, repr=False, compare=False)  # (what, id) -> devices, asked from outside

    def feeder_devices(self, branch_id: str) -> list:
        a, _, _ = self.branch_ends[branch_id]
        return [d for d in self.devices_of.get(branch_id, []) if d.bus == a]

    def mains(self, bus: str) -> list:
        return [d for branch in self.incoming.get(bus, []) for d in self.devices_of.get(branch, [])
                if d.bus == bus and self.branch_ends[branch][1] == bus]

    def _once(self, what: str, key: str, seen, find) -> list:
        """A search asked from outside (no ``seen``) is done once per topology; the callers get copies."""
        if seen is not None:
            return find(seen)
        done = self.found.get((what, key))
        if done is None:
            done = self.found[(what, key)] = find(None)
        return list(done)

    def branch_clearing(self, branch_id: str, seen=None) -> list:
        return self._once("branch", branch_id, seen, lambda s: self._branch_clearing(branch_id, s))

    def bus_clearing(self, bus: str, seen=None) -> list:
        return self._once("bus", bus, seen, lambda s: self._bus_clearing(bus, s))

    def line_side_clearing(self, bus: str, seen=None) -> list:
        return self._once("line", bus, seen, lambda s: self._line_side_clearing(bus, s))

    def _branch_clearing(self, branch_id: str, seen=None) -> list:
        feeders = self.feeder_devices(branch_id)
        return feeders if feeders else self.bus_clearing(self.branch_ends[branch_id][0], seen)

    def _bus_clearing(self, bus: str, seen=None) -> list:
        seen = set() if seen is None else seen
        if bus in seen:
            return []
        seen.add(bus)
        mains = self.mains(bus)
        return mains if mains else self.line_side_clearing(bus, seen)

    def _line_side_clearing(self, bus: str, seen=None) -> list:
        out = []
        for branch in self.incoming.get(bus, []):
            for d in self.branch_clearing(branch, seen):
                if d not in out:
                    out.append(d)
        return sorted(out, key=lambda d: d.id)


def _topology(design: Design) -> ClearingTopology:
    e = design.electrical
    ends: dict = {}
    for t in e.transformers:
        ends[t.id] = (t.hv_bus, t.lv_bus, "transformer")
    for kind, items in (("cable", e.cables), ("busway", e.busways), ("pdu", e.pdus), ("ups", e.ups)):
        for item in items:
            ends[item.id] = (item.from_bus, item.to_bus, kind)
    incoming: dict = {}
    for bid in sorted(ends):
        incoming.setdefault(ends[bid][1], []).append(bid)
    devices: dict = {}
    for br in sorted(e.breakers, key=lambda b: b.id):
        devices.setdefault(br.protects, []).append(br)
    return ClearingTopology(ends, incoming, devices, {b.id: magnitude(b.voltage, "V") for b in e.buses})


def clearing_topology(design: Design) -> ClearingTopology:
    """Where each device of ``design`` sits and which devices clear a fault on each bus
    (``bus_clearing(bus_id)``) and on each branch, by the rules of :mod:`retrofit.electrical.protection`'s docstring."""
    return _topology(design)


def device_defaults(catalog) -> tuple[dict, dict]:
    """The trip-unit defaults by breaker kind and the IEEE C37.112 relay curves, from the catalog tables."""
    units = {r["kind"]: r for r in catalog.table("trip-unit-defaults").rows}
    curves = {r["curve"]: r for r in catalog.table("ieee-c37112-curves").rows}
    return units, curves


def device_curve(breaker, units: dict, curves: dict, *, maintenance: bool = False, fuses: list[dict] | None = None,
                 vn_v: float | None = None) -> DeviceCurve | None:
    """The time-current curve of a breaker from its trip settings, the rest from the kind's defaults.

    A fuse takes the curves of catalog table ``fuse-curves`` (rows ``fuses``) of its family and rating:
    the family from ``trip.fuse_family``, else by its bus voltage ``vn_v`` [V]
    (:data:`DEFAULT_FUSE_FAMILY`); None when no curve of that family and rating is tabulated or no
    table is given."""
    if breaker.kind == "fuse":
        family = breaker.trip.fuse_family if breaker.trip is not None and breaker.trip.fuse_family else (
            DEFAULT_FUSE_FAMILY["lv"] if vn_v is not None and vn_v <= LV_MAX_V else DEFAULT_FUSE_FAMILY["mv"])
        rating = magnitude(breaker.rating, "A")
        rows = [r for r in fuses or () if r["family"] == family and math.isclose(float(r["rating_a"]), rating, rel_tol=1e-9)]
        if not rows:
            return None
        return fuse_curve(breaker.id, rows, float(units["fuse"]["pickup_tolerance"]) / 100.0)
    d = units[breaker.kind]
    trip = breaker.trip
    rating = magnitude(breaker.rating, "A")
    # the breaker's own rated interrupting time where the design gives it, else its kind's opening time
    opening_s = (magnitude(breaker.interrupting_time, "s") if breaker.interrupting_time is not None
                 else float(d["opening_time"]))

    def given(name, unit):
        value = getattr(trip, name, None) if trip is not None else None
        return None if value is None else magnitude(value, unit)

    ir = given("long_time_pickup", "A") or rating
    inst = given("instantaneous_pickup", "A")
    if maintenance and given("maintenance_pickup", "A") is not None:
        inst = given("maintenance_pickup", "A")
    tol = float(d["pickup_tolerance"]) / 100.0
    if d["element"] == "relay":
        curve = curves[(trip.curve if trip is not None and trip.curve else d["curve"])]
        td = trip.time_dial if trip is not None and trip.time_dial else float(d["time_dial"])
        return DeviceCurve(breaker.id, "relay", ir, instantaneous_pickup_a=inst if inst is not None else math.inf,
                           relay_a_s=float(curve["a"]), relay_b_s=float(curve["b"]), relay_p=float(curve["p"]),
                           time_dial=td, opening_time_s=opening_s, pickup_tolerance=tol)
    has_trip = trip is not None
    isd = given("short_time_pickup", "A")
    if isd is None and not has_trip:
        isd = float(d["short_time_pickup_multiple"]) * ir
    if inst is None and not has_trip:
        inst = float(d["instantaneous_multiple"]) * rating
    return DeviceCurve(breaker.id, "lsi", ir, given("long_time_delay", "s") or float(d["long_time_delay"]),
                       isd if isd is not None else math.inf,
                       given("short_time_delay", "s") or float(d["short_time_delay"]),
                       inst if inst is not None else math.inf, opening_time_s=opening_s,
                       pickup_tolerance=tol)


def arc_clearing_time_s(device, curve: DeviceCurve, current_a: float, relay_time_s: float | None = None) -> float:
    """Time a device takes to clear an arc drawing ``current_a`` (referred to the device) [s]: its latest
    clearing on its time-current curve; where an arc-flash relay guards the location (``relay_time_s``
    given) and the device carries ``trip.arc_flash_relay``, at most the relay's operating time plus the
    breaker's opening time once the current exceeds its pickup (current supervision)."""
    t = clearing_time(curve, current_a, "max")
    if relay_time_s is not None and device.trip is not None and device.trip.arc_flash_relay \
            and current_a >= curve.long_time_pickup_a:
        t = min(t, relay_time_s + curve.opening_time_s)
    return t


def feeds_bus(topo, device, bus_id: str) -> bool:
    """Whether ``device`` protects an element whose receiving end is ``bus_id`` (a main of the bus or the
    feeder of its incoming branch): an arc-flash relay's sensors in that bus's enclosure trip it."""
    ends = topo.branch_ends.get(device.protects)
    return ends is not None and ends[1] == bus_id


__all__ = ["DEFAULT_FUSE_FAMILY", "LV_MAX_V", "ClearingTopology", "arc_clearing_time_s", "clearing_topology",
           "device_curve", "device_defaults", "feeds_bus"]
