"""Protective devices of a proposed design: interrupting steps from the fault study, and the trip and
relay settings the planner writes (LSI trip units, 51/50 relays, NEC 240.87 maintenance switching).

The planner sizes breakers by rating while it builds the design; once every element is in place this
module runs the fault study of the design itself (the design's ``studies.short_circuit`` method and
transformer impedance tolerance) and

1. raises each new LV breaker whose interrupting duty (symmetrical current times the IEEE C37.13 /
   UL 489 multiplying factor, :func:`retrofit.electrical.shortcircuit.device_duty`) exceeds its rating
   to the cheapest catalog breaker of the same rating that carries it;
2. gives every LV breaker without settings an LSI setting, deepest devices first: long-time pickup at
   the rating (the planner chose ratings at or below the ampacity of what they protect and at least
   125 % of the load; a transformer main at most its NEC 450.3 secondary limit), a leaf device its
   kind's short-time and instantaneous elements, a device with breakers below it the lowest short-time
   band and pickup selective with each of them at the available fault current and no instantaneous;
3. gives breakers rated or set to 1200 A or more (LV trip units and MV relays alike, as the protection
   study holds them to NEC 240.87) an energy-reducing maintenance pickup (240.87(B)(3)) below the
   reduced arcing current at their load side;
4. sets each MV breaker's relay: on a transformer primary the recommendation of
   :func:`retrofit.electrical.relay_settings.recommend_primary_relay` within NEC 450.3 and selective
   with the LV main; above other relays the lowest time dial selective with each of them;
5. gives the breakers that clear an MV bus still above the arc-flash criterion an arc-flash relay, and
   where that is not enough a faster (3-cycle) variant of the breaker (:mod:`retrofit.planning.mv_arc_flash`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..catalog import Catalog, Entry
from ..electrical import arc_flash as af
from ..electrical.ampacity import max_overcurrent_rating
from ..electrical.design_grid import build_design_grid
from ..electrical.fault_study import solve_fault_study
from ..electrical.generator_faults import converter_sources
from ..electrical.device_clearing import device_curve
from ..electrical.breaker_duty import LV_DUTY_CLASS
from ..electrical.protection import (NEC_240_87_RATING_A, arc_flash_relay_time_s, bus_equipment,
                                     fault_study_options, generator_sources, line_side_energy_cal_cm2, motor_sources)
from ..electrical.relay_settings import PICKUP_STEP_A, TIME_DIALS, recommend_primary_relay
from ..electrical.shortcircuit import device_duty
from ..electrical.tcc import (BAND_SHORTENING, LONG_TIME_REFERENCE_MULTIPLE, DeviceCurve, clearing_time,
                              latest_clearing, selectivity)
from ..electrical.transformer_protection import rated_current_a, transformer_protection_limits
from ..errors import OutOfRange
from ..model import Breaker, Design
from ..model.protection import TripSettings
from ..units import Q_, magnitude
from .build_power import from_catalog

#: Short-time pickups tried for a device with breakers below it, as multiples of its long-time pickup,
#: lowest first (the usual adjustment range of LSI trip units, 1.5-10 x Ir) [-].
SHORT_TIME_MULTIPLES = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
#: Long-time delays (clearing time at 6 x Ir) tried for a device with breakers below it (the usual
#: 2-24 s range of LSI trip units; a slower band lets a feeder of nearly the same rating clear first) [s].
LONG_TIME_DELAYS_S = (4.0, 8.0, 12.0, 16.0, 24.0)
#: Short-time delay bands tried, shortest first [s].
SHORT_TIME_BANDS_S = (0.1, 0.2, 0.3, 0.4, 0.5)
#: Maintenance-switch (energy-reducing) instantaneous pickups tried, as multiples of the long-time
#: pickup; the highest whose upper tolerance stays below the reduced arcing current is kept [-].
MAINTENANCE_MULTIPLES = (1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
#: Relay pickup of an MV breaker above other relays: multiple of the rated current of the transformers
#: it feeds (IEEE 242 practice, as the primary relays) [-].
FEEDER_RELAY_PICKUP_MULTIPLE = 1.5
LV_KINDS = tuple(LV_DUTY_CLASS)
#: Currents of a selectivity check (those of :func:`~retrofit.electrical.tcc.selectivity`) [-].
SELECTIVITY_POINTS = selectivity.__kwdefaults__["points"]
LINE_SIDE_NOTE = ("transformer primary relays set within NEC 450.3 and selective with the LV main clear an arc on "
                  "the line side of the main only after the study's maximum arc duration: that zone needs "
                  "transformer differential or arc-flash relaying, which the planner does not design")


@dataclass(frozen=True)
class DeviceChange:
    """One decision of :func:`set_protection`.

    Attributes
    ----------
    breaker : str
        Breaker id.
    what : str
        ``interrupting``, ``settings``, ``arc_flash`` (an arc-flash relay or faster breaker the planner added,
        :mod:`retrofit.planning.mv_arc_flash`) or ``binding``.
    message : str
        What was decided, with the figures.
    group : str
        The decision without the breaker's own figures, shared by breakers decided alike (for the plan
        notes).
    """

    breaker: str
    what: str
    message: str
    group: str = ""


def _amps(q) -> str:
    return f"{q:.0f} A"


class _Net:
    """Where each breaker sits: the bus it feeds and the devices just below it."""

    def __init__(self, design: Design):
        e = design.electrical
        self.ends = {t.id: (t.hv_bus, t.lv_bus) for t in e.transformers}
        for items in (e.cables, e.busways, e.pdus, e.ups):
            for x in items:
                self.ends[x.id] = (x.from_bus, x.to_bus)
        self.transformer = {t.id: t for t in e.transformers}
        self.breakers = sorted(e.breakers, key=lambda b: b.id)
        self.of, self.at_bus = {}, {}
        for b in self.breakers:
            self.of.setdefault(b.protects, []).append(b)
            self.at_bus.setdefault(b.bus, []).append(b)
        self.out = {}
        for bid in sorted(self.ends):
            self.out.setdefault(self.ends[bid][0], []).append(bid)

    def is_main(self, br: Breaker) -> bool:
        ends = self.ends.get(br.protects)
        return ends is not None and ends[1] == br.bus and ends[0] != br.bus

    def load_bus(self, br: Breaker) -> str:
        ends = self.ends.get(br.protects)
        return br.bus if ends is None or self.is_main(br) else ends[1]

    def below(self, br: Breaker) -> list[Breaker]:
        """The first devices downstream of ``br`` (a main: the feeders at its bus; a feeder: the devices at
        or behind its load-side bus, through branches that carry no device at their sending end)."""
        if self.is_main(br):
            return [d for d in self.at_bus.get(br.bus, ()) if d.id != br.id and not self.is_main(d)]
        return self._from_bus(self.load_bus(br), set())

    def _from_bus(self, bus: str, seen: set) -> list[Breaker]:
        if bus in seen:
            return []
        seen.add(bus)
        mains = [d for d in self.at_bus.get(bus, ()) if self.is_main(d)]
        if mains:
            return mains
        out = []
        for branch in self.out.get(bus, []):
            feeders = [d for d in self.of.get(branch, []) if d.bus == bus]
            if feeders:
                out += feeders
                continue
            to_bus = self.ends[branch][1]
            out += [d for d in self.of.get(branch, []) if d.bus == to_bus] or self._from_bus(to_bus, seen)
        return out

    def depth(self, br: Breaker, seen=None) -> int:
        seen = set() if seen is None else seen
        if br.id in seen:
            return 0
        seen.add(br.id)
        return 1 + max((self.depth(d, seen) for d in self.below(br)), default=0)

    def transformers_fed(self, br: Breaker) -> list:
        """Transformers whose primary ``br`` clears without another device between."""
        out, stack, seen = [], [self.load_bus(br)], set()
        if br.protects in self.transformer and not self.is_main(br):
            return [self.transformer[br.protects]]
        while stack:
            bus = stack.pop()
            if bus in seen:
                continue
            seen.add(bus)
            for branch in self.out.get(bus, []):
                if any(d.bus == bus for d in self.of.get(branch, [])):
                    continue
                if branch in self.transformer:
                    out.append(self.transformer[branch])
                else:
                    stack.append(self.ends[branch][1])
        return sorted(out, key=lambda t: t.id)


def _duty_a(br_kind: str, interrupting_a: float, ik_a: float, rx: float) -> float:
    return float(device_duty(ik_a, rx, LV_DUTY_CLASS[br_kind], interrupting_a).adjusted_duty_a)


def stronger_breaker(catalog: Catalog, br: Breaker, ik_a: float, rx: float) -> Entry | None:
    """The cheapest catalog LV breaker of ``br``'s rating whose duty at the fault is within its rating.

    Parameters
    ----------
    catalog : Catalog
        Catalog.
    br : Breaker
        The breaker to replace.
    ik_a : float
        Symmetrical fault current at its bus, maximum case of the design's method [A].
    rx : float
        R/X at its bus [-].

    Returns
    -------
    Entry or None
        The catalog entry (ties by price, then id), None when the catalog has none.

    Examples
    --------
    63 kA at X/R 6 on a 1,600 A ICCB: the UL 489 factor 1.043 makes the duty 65.7 kA, above 65 kA.

    >>> from retrofit.catalog import load_catalog
    >>> cat = load_catalog()
    >>> br = Breaker(id="cb", bus="b", protects="bw", **cat.get("iccb-1600a-65ka", "breaker").data)
    >>> stronger_breaker(cat, br, 63e3, 1 / 6.0).id
    'iccb-1600a-100ka'
    """
    rating = magnitude(br.rating, "A")
    fits = []
    for e in catalog.list("breaker"):
        kind = e.data.get("kind")
        if kind not in LV_KINDS:
            continue
        b = Breaker(id="x", bus="x", protects="x", **e.data)
        if abs(magnitude(b.rating, "A") - rating) > 1e-6:
            continue
        i_int = magnitude(b.interrupting, "A")
        if _duty_a(kind, i_int, ik_a, rx) <= i_int:
            fits.append((magnitude(b.price, "USD") if b.price is not None else math.inf, e.id, e))
    return min(fits, key=lambda f: f[:2])[2] if fits else None


def _trip(**fields) -> TripSettings:
    """The settings record of these figures, made once per distinct figures (nothing changes a settings
    record in place: a change is a ``model_copy``), so that the many alike breakers of a campus share it."""
    key = tuple((k, type(v), v) for k, v in fields.items())  # the type too: 1600 and 1600.0 are written apart
    trip = _TRIPS.get(key)
    if trip is None:
        trip = TripSettings(**{k: (Q_(round(v, 1), "A") if k.endswith("pickup") else Q_(v, "s") if k.endswith("delay") else v)
                               for k, v in fields.items() if v is not None and not (isinstance(v, float) and math.isinf(v))})
        if len(_TRIPS) >= 20_000:
            _TRIPS.clear()
        _TRIPS[key] = trip
    return trip


_TRIPS: dict = {}


def set_protection(design: Design, catalog: Catalog) -> list[DeviceChange]:
    """Interrupting steps and trip / relay settings of ``design`` (changed in place; see the module docstring).

    Parameters
    ----------
    design : Design
        The proposed design, every element in place.
    catalog : Catalog
        Catalog (breakers, trip-unit defaults, relay curves, NEC 450.3, IEEE 1584 equipment classes).

    Returns
    -------
    list of DeviceChange
        Each breaker replaced, each setting written and each constraint that could not be met.

    Notes
    -----
    Only breakers the planner took from the catalog (those with a ``model``) are replaced; settings go
    to every breaker without ``trip`` (existing breakers get recommended settings). Fuses keep no
    settings (no fuse curves in the catalog).
    """
    changes: list[DeviceChange] = []
    dg = build_design_grid(design)
    grid = dg.grid
    options = fault_study_options(design, "max")
    sc = solve_fault_study(grid, options, motors=motor_sources(design, dg), generators=generator_sources(design, dg),
                           inverters=converter_sources(design, dg, catalog))  # BESS converters at their current limit
    sk_min = design.studies.short_circuit.utility_sk_min
    sc_min = solve_fault_study(grid, fault_study_options(design, "min"),
                              source_sk_min_va=None if sk_min is None else np.array([magnitude(sk_min, "VA")]))
    index = {b: i for i, b in enumerate(grid.bus_ids)}
    at = {bus.id: index[dg.bus_of[bus.id]] for bus in design.electrical.buses}
    e = design.electrical
    # 1. interrupting duty of the new LV breakers
    for k, br in enumerate(list(e.breakers)):
        if br.kind not in LV_KINDS:
            continue
        i = at[br.bus]
        ik, rx = float(sc.ik3_a[i]), float(1.0 / sc.xr_ratio[i])
        i_int = magnitude(br.interrupting, "A")
        duty = _duty_a(br.kind, i_int, ik, rx)
        if duty <= i_int:
            continue
        entry = stronger_breaker(catalog, br, ik, rx) if br.model else None
        if entry is None:
            changes.append(DeviceChange(br.id, "binding", f"{br.id}: duty {duty / 1e3:.1f} kA above its {i_int / 1e3:g} kA "
                                        "rating and no catalog breaker of its rating carries it",
                                        f"interrupting duty above the rating of {br.model or br.kind} and no catalog "
                                        "breaker of its rating carries it"))
            continue
        new = from_catalog(Breaker, entry, id=br.id, bus=br.bus, protects=br.protects, trip=br.trip)
        e.breakers[k] = new
        changes.append(DeviceChange(br.id, "interrupting", f"{br.id}: {br.model} -> {entry.id} (duty "
                                    f"{duty / 1e3:.1f} kA with the {options.describe()} maximum case, "
                                    f"{_duty_a(new.kind, magnitude(new.interrupting, 'A'), ik, rx) / 1e3:.1f} kA "
                                    f"against {magnitude(new.interrupting, 'kA'):g} kA)",
                                    f"{br.model} -> {entry.id}: interrupting duty above {i_int / 1e3:g} kA with the "
                                    f"{options.describe()} maximum case"))
    # 2-4. settings, deepest devices first
    units = {r["kind"]: r for r in catalog.table("trip-unit-defaults").rows}
    relay_curves = {r["curve"]: r for r in catalog.table("ieee-c37112-curves").rows}
    equipment = catalog.table("ieee1584-2018-equipment").rows
    nec = catalog.table("nec-450-3").rows
    net = _Net(design)
    buses = {b.id: b for b in e.buses}
    vn = {b.id: magnitude(b.voltage, "V") for b in e.buses}
    margin = magnitude(design.studies.coordination.relay_margin, "s")
    supervised = design.studies.coordination.supervised
    order = sorted((b for b in net.breakers if b.trip is None and b.kind != "fuse"), key=lambda b: (net.depth(b), b.id))
    curves = {b.id: device_curve(b, units, relay_curves) for b in net.breakers}
    by_id = {b.id: b for b in e.breakers}
    position = {b.id: k for k, b in enumerate(e.breakers)}
    memo: dict = {}  # curves and selectivity checks the LSI search repeats across breakers

    def through_fault_a(down: Breaker) -> float:
        """Highest current through a downstream device: the fault at its load side (the study's rule)."""
        return float(sc.ik3_a[at[down.bus]])

    def set_trip(br: Breaker, trip: TripSettings, message: str) -> None:
        new = br.model_copy(update={"trip": trip})
        e.breakers[position[br.id]] = new
        by_id[br.id] = new
        curves[br.id] = device_curve(new, units, relay_curves)
        changes.append(DeviceChange(br.id, "settings", message))

    busway_rating = {b.id: magnitude(b.rating, "A") for b in e.busways}
    cables = {c.id: c for c in e.cables}

    def conductor_limit(branch: str) -> float | None:
        """Highest long-time pickup that protects a busway (its rating) or an LV cable (NEC 240.4(B)/(C)
        on its ampacity) [A]; None for other elements."""
        if branch in busway_rating:
            return busway_rating[branch]
        amp = dg.cable_ampacity.get(branch)
        if branch in cables and amp is not None:
            return max_overcurrent_rating(amp.total_a, cables[branch].size, cables[branch].material)[0]
        return None

    def mv_ampacity(branch: str) -> float | None:
        """Ampacity of an MV cable, all its parallel sets [A]; None when no NEC table evaluates it."""
        amp = dg.mv_cable_ampacity.get(branch)
        return getattr(amp, "total_a", None)

    def arcs(bus_id: str) -> list[float]:
        """Arcing currents of a fault on a bus: I_arc and I_arc_min at the maximum and minimum bolted
        currents (IEEE 1584-2018 eqs. (1), (2)), none outside the model [A]."""
        eq = bus_equipment(buses[bus_id], equipment)
        out = []
        for result in (sc, sc_min) if eq is not None else ():
            try:
                a = af.arcing_currents(vn[bus_id], float(result.ik3_a[at[bus_id]]), eq["gap"] / 1e3, eq["electrode"])
            except OutOfRange:
                continue
            out += [a.i_arc_a, a.i_arc_min_a]
        return out

    for br in order:
        br = by_id[br.id]
        below = [by_id[d.id] for d in net.below(br) if curves.get(d.id) is not None]
        if br.kind in LV_KINDS:
            trip, msg = _lsi(br, below, net, units[br.kind], curves, through_fault_a, vn, nec, supervised, arcs,
                             conductor_limit, memo)
            trip, note = _maintenance(br, trip, net, sc_min, at, buses, vn, equipment, units[br.kind])
            set_trip(br, trip, msg + note)
        elif br.kind == "mv_breaker":
            fed = net.transformers_fed(br)
            mains = [d for t in fed for d in net.of.get(t.id, []) if d.bus == t.lv_bus]
            if len(fed) == 1 and len(mains) == 1 and curves.get(mains[0].id) is not None and net.below(br) == mains:
                result = _primary_relay(br, fed[0], by_id[mains[0].id], curves, units, relay_curves, sc, sc_min, at,
                                        buses, vn, equipment, nec, supervised, margin,
                                        magnitude(design.studies.arc_flash.max_arc_duration, "s"),
                                        design.studies.arc_flash.incident_energy_limit_cal_cm2,
                                        arc_flash_relay_time_s(catalog))
            else:
                result = _feeder_relay(br, fed, below, curves, units, relay_curves, through_fault_a, vn, margin,
                                       mv_ampacity(br.protects))
            trip, msg, ok = result
            trip, note = _maintenance(br, trip, net, sc_min, at, buses, vn, equipment, units[br.kind])
            set_trip(br, trip, msg + note)
            if not ok:
                changes.append(DeviceChange(br.id, "binding", msg, LINE_SIDE_NOTE if "not within" in msg else msg))
    # 5. MV buses still above the arc-flash criterion: arc-flash relays, faster breakers (retrofit.planning.mv_arc_flash)
    from .mv_arc_flash import mitigate_mv_arc_flash, mitigation_changes
    return changes + mitigation_changes(mitigate_mv_arc_flash(design, catalog, sc, sc_min, at))


def _selective(memo: dict, down: DeviceCurve, up: DeviceCurve, fault_a: float, ratio: float) -> bool:
    """:func:`~retrofit.electrical.tcc.selectivity` of two curves (ids blanked), computed once per memo."""
    key = ("sel", down, up, fault_a, ratio)
    if key not in memo:
        memo[key] = selectivity(down, up, fault_a, upstream_ratio=ratio).selective
    return memo[key]


@dataclass(frozen=True)
class _LsiColumns:
    """The settings of the trip units an LSI search tries, as columns: their clearing times at many currents
    at once, by the same IEEE operations in the same order as :func:`~retrofit.electrical.tcc.clearing_time`
    (so the same figures)."""

    long_time_pickup_a: np.ndarray
    long_time_delay_s: np.ndarray
    short_time_pickup_a: np.ndarray
    short_time_delay_s: np.ndarray
    instantaneous_pickup_a: np.ndarray
    opening_time_s: np.ndarray
    pickup_tolerance: np.ndarray

    @classmethod
    def of(cls, curves: list[DeviceCurve]) -> "_LsiColumns":
        return cls(*(np.array([getattr(c, name) for c in curves], dtype=float)[:, None]
                     for name in ("long_time_pickup_a", "long_time_delay_s", "short_time_pickup_a",
                                  "short_time_delay_s", "instantaneous_pickup_a", "opening_time_s", "pickup_tolerance")))

    def times(self, i: np.ndarray, bound: str) -> np.ndarray:
        """Clearing time (``max``) or earliest trip (``min``) of each setting (rows) at each current [s]."""
        k = 1.0 + self.pickup_tolerance if bound == "max" else 1.0 - self.pickup_tolerance
        shorten = 1.0 if bound == "max" else 1.0 - BAND_SHORTENING
        ir, isd, ii = self.long_time_pickup_a * k, self.short_time_pickup_a * k, self.instantaneous_pickup_a * k
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = LONG_TIME_REFERENCE_MULTIPLE * ir / np.maximum(i, 1e-12)
            t_long = np.where(i > ir, shorten * self.long_time_delay_s * (x * x), np.inf)
            t = np.minimum(t_long, np.where(i > isd, shorten * self.short_time_delay_s, np.inf))
            return np.minimum(t, np.where(i > ii, self.opening_time_s if bound == "max" else 0.0, np.inf))

    def latest_clearing(self, currents: np.ndarray) -> np.ndarray:
        """:func:`~retrofit.electrical.tcc.latest_clearing` of each setting over ``currents`` [s]."""
        return np.max(self.times(currents, "max"), axis=1)

    def selective_above(self, down: DeviceCurve, fault_a: float, ratio: float) -> np.ndarray:
        """``selectivity(down, setting, fault_a, upstream_ratio=ratio).selective`` of each setting."""
        low = down.long_time_pickup_a * (1.0 + down.pickup_tolerance)
        if fault_a <= low:
            return np.ones(len(self.long_time_pickup_a), dtype=bool)
        currents = np.geomspace(low * 1.001, fault_a, SELECTIVITY_POINTS)
        t_down = clearing_time(down, currents, "max")
        t_up = self.times(currents * ratio, "min")
        with np.errstate(invalid="ignore"):
            diff = np.where(np.isinf(t_up), np.inf, t_up - t_down)
        return (diff >= 0.0 - 1e-12).all(axis=1)


def _lsi(br, below, net, unit, curves, through_fault_a, vn, nec, supervised, arcs, conductor_limit, memo=None):
    """Long-time at the rating, at most what protects the conductor (a busway: its rating; an LV cable:
    NEC 240.4(B)/(C) on its ampacity) and, for a transformer main, its NEC 450.3 secondary limit; a leaf keeps
    the kind's short-time and instantaneous elements; a device with breakers below it takes, among the
    long-time delays, short-time bands and pickups selective with each of them (instantaneous off), the
    one that clears an arc on its bus soonest, then the shortest band, lowest pickup and delay."""
    rating = magnitude(br.rating, "A")
    ir = rating
    if net.is_main(br) and br.protects in net.transformer:
        t = net.transformer[br.protects]
        try:
            lim = transformer_protection_limits(nec, magnitude(t.rating, "VA"), magnitude(t.v_primary, "V"),
                                                magnitude(t.v_secondary, "V"), magnitude(t.z_percent, "percent"),
                                                "breaker", "breaker", supervised)
        except OutOfRange:  # beyond Table 450.3(A) (Z above 10 %): no secondary limit; the review says so
            lim = None
        if lim is not None and lim.secondary_limit_a is not None:
            ir = min(ir, lim.secondary_limit_a)
    limit = conductor_limit(br.protects)
    if limit is not None:
        ir = min(ir, limit)
    if not below:
        lt = float(unit["long_time_delay"])
        isd, tsd = float(unit["short_time_pickup_multiple"]) * ir, float(unit["short_time_delay"])
        ii = float(unit["instantaneous_multiple"]) * rating
        return (_trip(long_time_pickup=ir, long_time_delay=lt, short_time_pickup=isd, short_time_delay=tsd,
                      instantaneous_pickup=ii),
                f"{br.id}: LSI Ir {_amps(ir)}, Isd {_amps(isd)} at {tsd:g} s, Ii {_amps(ii)} (no breaker below)")
    currents = tuple(arcs(net.load_bus(br)))
    memo = {} if memo is None else memo
    # the devices below as what a selectivity check reads (curve without its id, fault, current ratio):
    # equal ones are checked once, here and across the breakers set with the same memo
    checks = list(dict.fromkeys((replace(curves[d.id], device=""), through_fault_a(d), vn[d.bus] / vn[br.bus])
                                for d in below))
    tried = ("tried", br.kind, rating, ir)  # the settings tried, their curves and their columns
    if tried not in memo:
        settings, tried_curves = [], []
        for lt in LONG_TIME_DELAYS_S:
            for tsd in SHORT_TIME_BANDS_S:
                for m in SHORT_TIME_MULTIPLES:
                    trip = _trip(long_time_pickup=ir, long_time_delay=lt, short_time_pickup=m * ir, short_time_delay=tsd)
                    tried_curves.append(replace(device_curve(br.model_copy(update={"trip": trip}), {br.kind: unit}, {}),
                                                device=""))
                    settings.append((m, tsd, lt))
        memo[tried] = (settings, tried_curves,
                       _LsiColumns.of(tried_curves) if all(c.element == "lsi" for c in tried_curves) else None)
    settings, tried_curves, columns = memo[tried]
    akey = ("arc", tried, currents)
    if akey not in memo:
        if not currents:
            memo[akey] = [math.inf] * len(tried_curves)
        elif columns is not None:
            memo[akey] = columns.latest_clearing(np.array(currents, dtype=float)).tolist()
        else:
            memo[akey] = [latest_clearing(c, currents) for c in tried_curves]
    arc_times = memo[akey]
    candidates = [((round(t_arc, 6), tsd, m, lt), curve, m, tsd, lt, t_arc)
                  for (m, tsd, lt), curve, t_arc in zip(settings, tried_curves, arc_times)]
    # the best key among the selective settings: try them best first, stop at the first selective one
    if columns is not None:  # every setting checked at once against each device below
        ok = np.ones(len(candidates), dtype=bool)
        for down, fault, ratio in checks:
            skey = ("selective", tried, down, fault, ratio)
            if skey not in memo:
                memo[skey] = columns.selective_above(down, fault, ratio)
            ok &= memo[skey]
        order = sorted(range(len(candidates)), key=lambda j: candidates[j][0])
        best = next((candidates[j] for j in order if ok[j]), None)
    else:
        candidates.sort(key=lambda c: c[0])
        best = next((c for c in candidates
                     if all(_selective(memo, down, c[1], fault, ratio) for down, fault, ratio in checks)), None)
    names = f"{', '.join(d.id for d in below[:3])}{' ...' if len(below) > 3 else ''}"
    if best is None:
        lt, tsd, m = LONG_TIME_DELAYS_S[-1], SHORT_TIME_BANDS_S[-1], SHORT_TIME_MULTIPLES[-1]
        return (_trip(long_time_pickup=ir, long_time_delay=lt, short_time_pickup=m * ir, short_time_delay=tsd),
                f"{br.id}: LSI Ir {_amps(ir)}, Isd {_amps(m * ir)} at {tsd:g} s: no setting of the trip unit is "
                f"selective with every device below ({names})")
    _, _, m, tsd, lt, t_arc = best
    trip = _trip(long_time_pickup=ir, long_time_delay=lt, short_time_pickup=m * ir, short_time_delay=tsd)
    return trip, (f"{br.id}: LSI Ir {_amps(ir)} ({lt:g} s at 6 x Ir), Isd {_amps(m * ir)} at {tsd:g} s, instantaneous off, "
                  f"selective with {names}" + (f"; an arc on its bus clears in {t_arc:.2f} s" if math.isfinite(t_arc) else ""))


def _maintenance(br, trip, net, sc_min, at, buses, vn, equipment, unit):
    """NEC 240.87(B)(3): a maintenance pickup for a breaker of 1200 A or more, the highest multiple of Ir
    whose upper tolerance is below the reduced arcing current at its load-side bus (minimum case)."""
    ir = magnitude(trip.long_time_pickup, "A")
    if max(magnitude(br.rating, "A"), ir) < NEC_240_87_RATING_A:
        return trip, ""
    load = net.load_bus(br)
    eq = bus_equipment(buses[load], equipment)
    tol = float(unit["pickup_tolerance"]) / 100.0
    i_arc_min = None
    if eq is not None:
        try:
            i_arc_min = af.arcing_currents(vn[load], float(sc_min.ik3_a[at[load]]), eq["gap"] / 1e3,
                                           eq["electrode"]).i_arc_min_a * vn[load] / vn[br.bus]
        except OutOfRange:
            i_arc_min = None
    fits = [m for m in MAINTENANCE_MULTIPLES if i_arc_min is not None and m * ir * (1 + tol) < i_arc_min]
    m = fits[-1] if fits else MAINTENANCE_MULTIPLES[0]
    note = (f"; maintenance pickup {_amps(m * ir)} (NEC 240.87(B)(3))"
            + (f", below the {i_arc_min / 1e3:.1f} kA reduced arcing current" if fits else
               ", not below the reduced arcing current" if i_arc_min else ""))
    return trip.model_copy(update={"maintenance_pickup": Q_(round(m * ir, 1), "A")}), note


def _line_side_time(curve, main_bus, hv_bus, sc, sc_min, at, vn, eq):
    """Latest clearing of a primary relay at the arcing currents of a fault on the line side of the LV
    main (maximum and minimum bolted current, I_arc and I_arc_min), the slowest of them [s]."""
    ratio = vn[main_bus] / vn[hv_bus]
    times = []
    for result in (sc, sc_min):
        try:
            a = af.arcing_currents(vn[main_bus], float(result.ik3_a[at[main_bus]]), eq["gap"] / 1e3, eq["electrode"])
        except OutOfRange:
            continue
        times += [clearing_time(curve, a.i_arc_a * ratio, "max"), clearing_time(curve, a.i_arc_min_a * ratio, "max")]
    return max(times) if times else math.inf


def _primary_relay(br, t, main, curves, units, relay_curves, sc, sc_min, at, buses, vn, equipment, nec, supervised,
                   margin, max_arc_s, energy_limit=None, relay_time_s=0.0):
    """Each IEEE C37.112 curve's recommendation; kept: selective with the main, then the fastest clearing
    of a line-side arc, then the lowest dial, then the curve name. Not ``ok`` (a binding constraint the
    plan reports) when it is not selective, its pickup is above NEC 450.3, or a line-side arc lasts the
    study's maximum arc duration or longer."""
    try:
        lim = transformer_protection_limits(nec, magnitude(t.rating, "VA"), magnitude(t.v_primary, "V"),
                                            magnitude(t.v_secondary, "V"), magnitude(t.z_percent, "percent"),
                                            "breaker", "fuse" if main.kind == "fuse" else "breaker", supervised)
        rated_a, limit_a, nec_note = lim.primary_rated_a, lim.primary_limit_a, f"NEC 450.3 limit {_amps(lim.primary_limit_a)}"
    except OutOfRange as exc:  # beyond Table 450.3(A): the pickup is set for selectivity alone, the review says why
        rated_a, limit_a = rated_current_a(magnitude(t.rating, "VA"), magnitude(t.v_primary, "V")), math.inf
        nec_note = f"no NEC 450.3 limit: {exc}"
    unit = units[br.kind]
    lv_fault = float(sc.ik3_a[at[t.lv_bus]])
    eq = bus_equipment(buses[t.lv_bus], equipment)
    best = None
    for name in sorted(relay_curves):
        row = relay_curves[name]
        rec = recommend_primary_relay(br.id, rated_a, limit_a, curves[main.id], lv_fault,
                                      vn[t.lv_bus] / vn[br.bus], float(sc.ik3_a[at[br.bus]]),
                                      (float(row["a"]), float(row["b"]), float(row["p"])),
                                      float(unit["opening_time"]), float(unit["pickup_tolerance"]) / 100.0, margin)
        t_arc = _line_side_time(rec.curve, main.bus, br.bus, sc, sc_min, at, vn, eq) if eq is not None else math.inf
        key = (not rec.selective_with_main, not rec.pickup_within_limit, round(t_arc, 6), rec.time_dial, name)
        if best is None or key < best[0]:
            best = (key, rec, name, t_arc)
    _, rec, name, t_arc = best
    # a 50 element is set in whole pickup steps, rounded up so it stays above the through fault
    inst = (math.ceil(rec.instantaneous_pickup_a / PICKUP_STEP_A) * PICKUP_STEP_A
            if math.isfinite(rec.instantaneous_pickup_a) else math.inf)
    trip = _trip(long_time_pickup=rec.pickup_a, curve=name, time_dial=rec.time_dial, instantaneous_pickup=inst)
    relay_note = ""
    if eq is not None and energy_limit is not None:
        # an arc on the line side of the main is cleared only by this relay: where it stays above the
        # criterion, a light-and-current arc-flash relay in the switchboard's incoming section trips this breaker
        bolted = [float(r.ik3_a[at[t.lv_bus]]) for r in (sc, sc_min)]
        try:
            before = line_side_energy_cal_cm2(vn[t.lv_bus], vn[br.bus], eq, bolted, br, device_curve(
                br.model_copy(update={"trip": trip}), units, relay_curves), max_arc_s)
        except OutOfRange:
            before = None
        if before is not None and before > energy_limit:
            trip = trip.model_copy(update={"arc_flash_relay": True})
            after = line_side_energy_cal_cm2(vn[t.lv_bus], vn[br.bus], eq, bolted, br.model_copy(update={"trip": trip}),
                                             device_curve(br.model_copy(update={"trip": trip}), units, relay_curves),
                                             max_arc_s, relay_time_s)
            relay_note = (f"; line side of {main.id} {before:.1f} cal/cm² by the relay's curve, above "
                          f"{energy_limit:g}: arc-flash relay added ({after:.1f} cal/cm²)")
            t_arc = min(t_arc, relay_time_s + float(unit["opening_time"]))
    ok = rec.selective_with_main and rec.pickup_within_limit and t_arc < max_arc_s
    msg = (f"{br.id}: 51 {_amps(rec.pickup_a)} {name.replace('_', ' ')} TD {rec.time_dial:g}"
           + (f", 50 {_amps(inst)}" if math.isfinite(inst) else ", 50 off")
           + f" for {t.id} ({nec_note}; "
           + ("selective with " if rec.selective_with_main else "not selective with ") + f"{main.id}"
           + (f"; line-side arc cleared in {t_arc:.2f} s" if math.isfinite(t_arc) else "; line-side arc not cleared")
           + (f", not within {max_arc_s:g} s: the line side of {main.id} needs transformer differential or "
              "arc-flash relaying" if t_arc >= max_arc_s else "") + relay_note + ")")
    return trip, msg, ok


def _feeder_relay(br, fed, below, curves, units, relay_curves, through_fault_a, vn, margin, ampacity_a):
    """A relay above other relays: pickup 1.5 x the rated current of the transformers it feeds (rounded
    up to the pickup step), at most the breaker rating and the ampacity of the cable it protects (rounded
    down), 50 off, the curve and lowest dial selective with every relay below it by the coordination
    margin."""
    rating = magnitude(br.rating, "A")
    rated = sum(rated_current_a(magnitude(t.rating, "VA"), vn[br.bus]) for t in fed)
    pickup = min(math.ceil(FEEDER_RELAY_PICKUP_MULTIPLE * rated / PICKUP_STEP_A) * PICKUP_STEP_A, rating) if rated else rating
    if ampacity_a is not None:
        pickup = min(pickup, math.floor(ampacity_a / PICKUP_STEP_A) * PICKUP_STEP_A)
    unit = units[br.kind]
    best = None
    for name in sorted(relay_curves):
        for td in TIME_DIALS:
            trip = _trip(long_time_pickup=pickup, curve=name, time_dial=td)
            curve = device_curve(br.model_copy(update={"trip": trip}), {br.kind: unit}, relay_curves)
            if all(selectivity(curves[d.id], curve, through_fault_a(d), margin_s=margin,
                               upstream_ratio=vn[d.bus] / vn[br.bus]).selective for d in below):
                if best is None or td < best[1]:
                    best = (name, td, trip)
                break
    if best is None:
        trip = _trip(long_time_pickup=pickup, curve="very_inverse", time_dial=TIME_DIALS[-1])
        return trip, f"{br.id}: 51 {_amps(pickup)}: no curve and dial selective with every relay below it", False
    name, td, trip = best
    return trip, (f"{br.id}: 51 {_amps(pickup)} {name.replace('_', ' ')} TD {td:g}, 50 off, selective with "
                  f"{len(below)} device(s) below"), True


def protection_notes(changes: list[DeviceChange]) -> list[str]:
    """Plan notes from :func:`set_protection`: the replacements and binding constraints, breakers decided
    alike in one note, and a count of the settings written (the settings themselves are in the design).

    Parameters
    ----------
    changes : list of DeviceChange
        What :func:`set_protection` decided.

    Returns
    -------
    list of str
        One note per group of breakers decided alike, then the count of settings.

    Examples
    --------
    >>> protection_notes([DeviceChange("cb-1", "interrupting", "cb-1: a -> b", "a -> b"),
    ...                   DeviceChange("cb-2", "interrupting", "cb-2: a -> b", "a -> b"),
    ...                   DeviceChange("cb-1", "settings", "cb-1: LSI")])
    ['a -> b (2 breakers: cb-1, cb-2)', 'trip and relay settings written for 1 breaker (LSI, 51/50, NEC 240.87 maintenance pickups)']
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for c in changes:
        if c.what != "settings":
            groups.setdefault((c.what, c.group or c.message), []).append(c.breaker)
    out = []
    for what in ("interrupting", "arc_flash", "binding"):
        for (w, text), ids in sorted(groups.items()):
            if w != what:
                continue
            shown = ", ".join(ids[:4]) + (f" and {len(ids) - 4:,} more" if len(ids) > 4 else "")
            out.append(f"{text} ({len(ids)} breaker{'s' if len(ids) > 1 else ''}: {shown})" if len(ids) > 1 or text != ids[0]
                       else text)
    n = sum(c.what == "settings" for c in changes)
    if n:
        out.append(f"trip and relay settings written for {n:,} breaker{'s' if n != 1 else ''} (LSI, 51/50, NEC 240.87 "
                   "maintenance pickups)")
    return out


__all__ = ["DeviceChange", "protection_notes", "FEEDER_RELAY_PICKUP_MULTIPLE", "MAINTENANCE_MULTIPLES", "LONG_TIME_DELAYS_S", "SHORT_TIME_BANDS_S",
           "SHORT_TIME_MULTIPLES", "set_protection", "stronger_breaker"]
