"""Inrush of rack power supplies when a breaker closes onto them, and whether the breaker trips on it.

Each power supply (PSU) of a rack's power shelves charges its input capacitors when its feed is energised.
The catalog table ``psu-inrush`` gives, per rack model, the PSU rating P, the peak inrush as a multiple k of
the PSU's nameplate input current, and how long the inrush lasts (t). The nameplate input current is the
PSU's rating over the rack's power factor and its lowest rated line-to-neutral input (nameplate currents are
stated at the lowest voltage), so one PSU draws

    i_pk = k P / (PF U_min)

at its peak. Its supplies are fed line to neutral, ``psus_per_phase`` per feed on each phase.

Assumption (the worst case): a breaker closing onto the buses below it energises every rack feed below it at
the same instant, so every PSU's inrush starts at the same point of the voltage wave and the pulses add. On
the most loaded phase the breaker carries

    I = Σ_feeds n_phase · i_pk / √2 · (U_feed / U_breaker)

as an rms-equivalent current: the rms of a sine wave with the inrush's peak (a trip unit's short-time and
long-time elements act on rms; an instantaneous element set in rms amperes trips when the peak exceeds
√2 times its setting, the same comparison). The ratio of the line voltages refers feeds below a
transformer to the breaker's side. No source impedance is subtracted: the network's impedance can only lower
the sum, so the figure is an upper bound.

The breaker trips on the inrush when its earliest trip at ``I`` (:func:`retrofit.electrical.tcc.clearing_time`,
bound ``min``: pickups lowered by their tolerance, bands shortened) falls within the inrush duration.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..model import Design
from ..units import magnitude
from .tcc import DeviceCurve, clearing_time

#: Catalog table of the PSU inrush figures and its row for rack models it has no row of their own for.
TABLE = "psu-inrush"
DEFAULT_ROW = "default"


@dataclass(frozen=True)
class PsuInrushFigures:
    """One row of the catalog table ``psu-inrush``.

    Attributes
    ----------
    rack : str
        Rack model (catalog id) or ``default``.
    psu_rating_w : float
        Rated output of one PSU [W].
    peak_multiple : float
        Peak inrush over the PSU's nameplate input current (rms) [-].
    duration_s : float
        How long the inrush lasts [s].
    cls, source : str
        Class and source of the row's figures.
    """

    rack: str
    psu_rating_w: float
    peak_multiple: float
    duration_s: float
    cls: str
    source: str


@dataclass(frozen=True)
class FeederInrush:
    """The inrush a device carries when it closes onto the rack feeds below it.

    Attributes
    ----------
    current_a : float
        rms-equivalent current on the most loaded phase, at the device's voltage [A].
    peak_a : float
        Its peak, √2 × ``current_a`` [A].
    duration_s : float
        The longest inrush duration of the PSUs energised [s].
    psus_per_phase : int
        PSUs energised on the most loaded phase [-].
    racks : int
        Rack feeds energised [-].
    rows : tuple of str
        The ``psu-inrush`` rows used.
    """

    current_a: float
    peak_a: float
    duration_s: float
    psus_per_phase: int
    racks: int
    rows: tuple[str, ...]


@dataclass(frozen=True)
class InrushTrip:
    """Whether a device trips on an inrush.

    Attributes
    ----------
    trip_time_s : float
        Earliest trip of the device at the inrush current [s] (``inf``: never).
    trips : bool
        The earliest trip falls within the inrush duration.
    element : str
        The element that would trip (``instantaneous``, ``short time``, ``long time``, ``inverse time``,
        ``fuse``) or ``none``.
    """

    trip_time_s: float
    trips: bool
    element: str


def inrush_figures(catalog) -> dict[str, PsuInrushFigures]:
    """The rows of the catalog table ``psu-inrush`` by rack model."""
    return {r["rack"]: PsuInrushFigures(r["rack"], float(r["psu_rating"]), float(r["peak_multiple"]),
                                        float(r["duration"]), r["class"], r["source"])
            for r in catalog.table(TABLE).rows}


def psu_peak_inrush_a(peak_multiple: float, psu_rating_w: float, power_factor: float, voltage_ln_min_v: float) -> float:
    """Peak inrush of one PSU: ``k P / (PF U_min)`` [A].

    Parameters
    ----------
    peak_multiple : float
        Peak inrush over the nameplate input current, k [-].
    psu_rating_w : float
        PSU rating P [W].
    power_factor : float
        Power factor PF [-].
    voltage_ln_min_v : float
        Lowest rated line-to-neutral input U_min [V].

    Examples
    --------
    A 5.5 kW PSU at 0.98 from 200 V draws 28.06 A nameplate; 5.14 times that is its peak inrush:

    >>> round(psu_peak_inrush_a(5.14, 5500.0, 0.98, 200.0), 1)
    144.2
    """
    return peak_multiple * psu_rating_w / (power_factor * voltage_ln_min_v)


def psus_on_worst_phase(group, psu_rating_w: float) -> int:
    """PSUs of one rack feed on its most loaded phase [-]: the largest of ``psus_per_phase``; without it, the
    PSUs that carry the rack's peak on one feed, ``ceil(P_peak / P_psu)``, spread over three phases."""
    if group.psus_per_phase is not None:
        return max(group.psus_per_phase)
    p = magnitude(group.p_peak if group.p_peak is not None else group.p_design, "W")
    return math.ceil(math.ceil(p / psu_rating_w) / 3)


def feeder_inrush(design: Design, buses, voltage_v: float, catalog) -> FeederInrush | None:
    """The inrush a device at ``voltage_v`` carries when it energises the rack feeds on ``buses`` at once.

    Parameters
    ----------
    design : Design
        The design (its rack groups and bus voltages).
    buses : iterable of str
        The buses the device energises (every bus below it).
    voltage_v : float
        Line voltage at the device [V].
    catalog : Catalog
        Catalog with the table ``psu-inrush``.

    Returns
    -------
    FeederInrush or None
        None when no rack is fed from ``buses``.
    """
    below = set(buses)
    figures = inrush_figures(catalog)
    vn = {b.id: magnitude(b.voltage, "V") for b in design.electrical.buses}
    current, duration, n_phase, feeds, rows = 0.0, 0.0, 0, 0, set()
    for g in sorted(design.loads.racks, key=lambda g: g.id):
        on = [b for b in g.feeds if b in below]
        if not on:
            continue
        row = figures.get(g.model or "", figures[DEFAULT_ROW])
        n = psus_on_worst_phase(g, row.psu_rating_w)
        for bus in on:
            u_min = (magnitude(g.input_voltage_ln_min, "V") if g.input_voltage_ln_min is not None
                     else vn[bus] / math.sqrt(3.0))
            i_pk = psu_peak_inrush_a(row.peak_multiple, row.psu_rating_w, g.power_factor, u_min)
            current += g.count * n * i_pk / math.sqrt(2.0) * vn[bus] / voltage_v
            n_phase += g.count * n
            feeds += g.count
        duration = max(duration, row.duration_s)
        rows.add(row.rack)
    if not feeds:
        return None
    return FeederInrush(current, current * math.sqrt(2.0), duration, n_phase, feeds, tuple(sorted(rows)))


def inrush_trip(curve: DeviceCurve, inrush: FeederInrush) -> InrushTrip:
    """Whether ``curve`` trips on ``inrush``: its earliest trip at the inrush current within the duration.

    Examples
    --------
    A 1,200 A trip unit with its short-time pickup at 4,800 A (0.1 s band) and instantaneous at 12 kA, closing
    onto 8 kA of inrush for 40 ms: the short-time band commits at 0.08 s at the earliest, after the inrush;
    at 12 kA the instantaneous element (10.8 kA at the low edge of its tolerance) trips at once:

    >>> from retrofit.electrical.tcc import DeviceCurve
    >>> c = DeviceCurve("cb", "lsi", 1200.0, 4.0, 4800.0, 0.1, 12000.0, opening_time_s=0.025)
    >>> r = inrush_trip(c, FeederInrush(8000.0, 11314.0, 0.04, 48, 6, ("gb300-nvl72",)))
    >>> round(r.trip_time_s, 6), r.trips, r.element
    (0.08, False, 'short time')
    >>> r = inrush_trip(c, FeederInrush(12000.0, 16971.0, 0.04, 72, 9, ("gb300-nvl72",)))
    >>> r.trip_time_s, r.trips, r.element
    (0.0, True, 'instantaneous')
    """
    t = float(clearing_time(curve, inrush.current_a, "min"))
    return InrushTrip(t, t <= inrush.duration_s, _element(curve, inrush.current_a))


def rides_through_with(curve: DeviceCurve, short_time_pickup_a: float, inrush: FeederInrush) -> bool:
    """Whether ``curve`` with its short-time pickup at ``short_time_pickup_a`` does not trip on ``inrush``."""
    return not inrush_trip(replace(curve, short_time_pickup_a=short_time_pickup_a), inrush).trips


def _element(curve: DeviceCurve, current_a: float) -> str:
    """The element whose earliest trip acts at ``current_a`` (pickups at the low edge of their tolerance)."""
    if not math.isfinite(float(clearing_time(curve, current_a, "min"))):
        return "none"
    if curve.element == "fuse":
        return "fuse"
    low = 1.0 - curve.pickup_tolerance
    if current_a > curve.instantaneous_pickup_a * low:
        return "instantaneous"
    if curve.element == "relay":
        return "inverse time"
    return "short time" if current_a > curve.short_time_pickup_a * low else "long time"


__all__ = ["DEFAULT_ROW", "FeederInrush", "InrushTrip", "PsuInrushFigures", "TABLE", "feeder_inrush", "inrush_figures",
           "inrush_trip", "psu_peak_inrush_a", "psus_on_worst_phase", "rides_through_with"]
