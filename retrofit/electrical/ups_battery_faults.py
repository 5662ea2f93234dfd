"""Faults below a static UPS on battery: the utility is lost, the rectifier stops and, with no bypass source,
the UPS inverter alone feeds its output bus. Do the devices below still clear a fault?

A double-conversion inverter is a current-limited source: it holds its output voltage until the load asks
more than its limit, then delivers that limit for a window and stops (or transfers to a bypass that, on
battery, has no source). The catalog table ``converter-fault-current`` gives the limits as multiples k of
the inverter's rated current, each with its window:

- ``ups_inverter_initial``: k₁ for t₁ (300 % for 20 ms, the shortest clearing window read),
- ``ups_inverter_held``: k₂ for t₂ from the fault's start (150 % for 500 ms),
- ``ups_inverter_max``: the largest figure read (340 % for 200 ms), the duty on battery.

The fault current at a bus is the smaller of the inverter's limit and what its voltage drives through the
network below it: ``I_s = min(k_s I_r, c_min U_n / (√3 |Z|))``, Z the impedance from the UPS output to the
fault (IEC 60909-0 minimum case: c_min, lines at their end-of-fault temperature, no motors). Z comes from
the network with every UPS opened (its input side cut off, as on battery the rectifier blocks any path
back) and an ideal source at each lineup's output. The lineup's rated current is taken with one module out,
(count − 1) × rating at unit power factor (the basis ELEC-BACKUP-001 holds the lineup to), the least the
inverter side gives.

A device clears the fault when:

- its instantaneous element picks up (pickup raised by its tolerance) at the initial current I₁: the trip
  is decided in the first cycle and the breaker opens on its own (clearing time: its opening time);
- otherwise, when its latest clearing time at the held current I₂ falls within t₂ (a fuse: also at I₁
  within t₁).

A device that clears the fault in neither way leaves it to the inverter, which stops: the whole output bus
is lost, not only the faulted branch.

Each device's entry also gives the inrush of the rack power supplies it energises when it closes
(:mod:`retrofit.electrical.psu_inrush`) and whether it trips on it: settings low enough for a fault on battery
must still ride through the inrush. ``conflict`` marks a trip unit that would trip on the inrush even at the
highest short-time pickup that still clears the held current (the two cannot both be met by its short-time
pickup). With standby generators, once they run (the transfer time later) the
UPS's bypass has a source again and the generator-only case of :mod:`retrofit.electrical.generator_faults`
applies (the UPS a zero-impedance joint, as that study takes it).
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..model import Design
from ..units import magnitude
from .design_grid import build_design_grid
from .fault_study import FaultStudyOptions, solve_fault_study
from .generator_faults import clearing_element, far_bus
from .psu_inrush import FeederInrush, feeder_inrush, inrush_trip, rides_through_with
from .tcc import DeviceCurve, clearing_time
from .ups_losses import downstream_buses

#: S″k of the ideal source standing for an inverter's voltage in the impedance solve [VA]: its impedance
#: (0.23 µΩ at 480 V) is negligible against any feeder's.
IDEAL_SOURCE_SK_VA = 1e12

#: Rows of the catalog table ``converter-fault-current`` this study reads.
ROWS = ("ups_inverter_initial", "ups_inverter_held", "ups_inverter_max")


def inverter_limits(catalog) -> dict[str, tuple[float, float]]:
    """``{row kind: (k [-], window [s])}`` of the UPS-inverter rows of ``converter-fault-current``."""
    rows = {r["kind"]: r for r in catalog.table("converter-fault-current").rows}
    return {kind: (float(rows[kind]["k"]), float(rows[kind]["window"])) for kind in ROWS}


def lineup_rated_current_a(rating_w: float, count: int, voltage_v: float) -> float:
    """Rated output current of a UPS lineup with one module out [A]: (count − 1) × rating (one module:
    its rating) at unit power factor.

    Examples
    --------
    >>> round(lineup_rated_current_a(1.5e6, 3, 480.0))
    3608
    """
    return max(count - 1, 1) * rating_w / (math.sqrt(3.0) * voltage_v)


def battery_fault_current_a(k: float, i_rated_a: float, i_network_a: float) -> float:
    """Fault current an inverter of rated current ``i_rated_a`` drives into a fault the network below limits
    to ``i_network_a`` (at the inverter's full voltage), with current limit ``k`` [A].

    Examples
    --------
    >>> battery_fault_current_a(1.5, 3608.0, 40e3), battery_fault_current_a(3.0, 3608.0, 9e3)
    (5412.0, 9000.0)
    """
    return min(k * i_rated_a, i_network_a)


def device_clears(curve: DeviceCurve, i_initial_a: float, i_held_a: float, limits) -> tuple[float, str]:
    """(clearing time [s], element) of ``curve`` on the inverter's two limits; ``(inf, "none")`` when it
    clears in neither window. ``limits`` as :func:`inverter_limits`.

    Examples
    --------
    >>> from retrofit.electrical.tcc import DeviceCurve
    >>> c = DeviceCurve("cb", "lsi", 800.0, 4.0, 3200.0, 0.1, 6400.0, opening_time_s=0.05)
    >>> lim = {"ups_inverter_initial": (3.0, 0.02), "ups_inverter_held": (1.5, 0.5)}
    >>> device_clears(c, 9000.0, 4500.0, lim)   # 9 kA above 6.4 kA x 1.1: the instantaneous
    (0.05, 'instantaneous')
    >>> device_clears(c, 6000.0, 3000.0, lim)   # 3 kA below the 3.2 kA short-time pickup, long time too slow
    (inf, 'none')
    """
    _k1, t1 = limits["ups_inverter_initial"]
    _k2, t2 = limits["ups_inverter_held"]
    if curve.element != "fuse" and i_initial_a >= curve.instantaneous_pickup_a * (1.0 + curve.pickup_tolerance):
        return float(clearing_time(curve, i_initial_a, "max")), "instantaneous"
    if curve.element == "fuse":
        t = float(clearing_time(curve, i_initial_a, "max"))
        if t <= t1:
            return t, "fuse"
    t = float(clearing_time(curve, i_held_a, "max"))
    if t <= t2:
        return t, clearing_element(curve, i_held_a)
    return math.inf, "none"


def voltage_driven_current_a(grid, nodes, options: FaultStudyOptions) -> np.ndarray:
    """I″k at every bus of ``grid`` with its sources replaced by ideal ones at the network buses ``nodes``
    (the inverters' voltage, before their current limit): ``c U_n / (√3 |Z|)``, Z from the nearest node [A].

    Parameters
    ----------
    grid : Grid
        The network (its own sources are dropped).
    nodes : sequence of int
        Network bus indices of the ideal sources.
    options : FaultStudyOptions
        Case (``min``: c_min, lines at their end-of-fault temperature).

    Returns
    -------
    numpy.ndarray
        Current at each bus [A] (0 where no node feeds it).

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=60.0)
    >>> _ = b.add_bus("A", 480.0); _ = b.add_bus("B", 480.0)
    >>> b.add_source("utility", "A", sk_max_va=50e6, rx_max=0.1)
    >>> b.add_line("feeder", "A", "B", r_ohm=0.01, x_ohm=0.01)
    >>> g = b.build()
    >>> i = voltage_driven_current_a(g, [g.bus_index("A")], FaultStudyOptions(case="min", line_end_temperature_c=20.0))
    >>> round(float(i[1]))  # c_min 0.90 (LV, +10 %) x 480 V / (sqrt(3) x 0.01414 ohm)
    17636
    """
    from .network import Sources

    nodes = np.asarray(sorted(nodes), dtype=np.int64)
    n = len(nodes)
    ideal = replace(grid, sources=Sources(tuple(f"ideal-{i}" for i in nodes), nodes, np.ones(n), np.zeros(n),
                                          np.full(n, IDEAL_SOURCE_SK_VA), np.full(n, 0.1)))
    ik = np.asarray(solve_fault_study(ideal, options).ik3_a, dtype=float)
    return np.where(np.isfinite(ik), ik, 0.0)


def ups_battery_study(design: Design, curves: dict[str, DeviceCurve | None], catalog, *,
                      lv_tolerance_percent: float = 10.0, line_end_temperature_c: float = 80.0) -> dict | None:
    """Fault currents below each UPS lineup on battery and whether each device below clears them.

    Parameters
    ----------
    design : Design
        The design (None is returned without UPSs).
    curves : dict
        Each breaker's time-current curve (None when it has none).
    catalog : Catalog
        Catalog with the table ``converter-fault-current``.
    lv_tolerance_percent : float
        LV tolerance for c_min [%].
    line_end_temperature_c : float
        Conductor temperature at the end of the fault [°C].

    Returns
    -------
    dict or None
        ``{"method", "limits", "lineups": {id: {...}}, "buses": {bus: {...}}, "devices": {id: {...}}}``.
    """
    ups = sorted(design.electrical.ups, key=lambda u: u.id)
    if not ups:
        return None
    limits = inverter_limits(catalog)
    (k1, t1), (k2, t2), (k_max, t_max) = (limits[r] for r in ROWS)
    opened = design.model_copy(update={"electrical": design.electrical.model_copy(update={"ups": []})})
    dg = build_design_grid(opened)
    grid = dg.grid
    vn = {b.id: magnitude(b.voltage, "V") for b in design.electrical.buses}
    out_node: dict[int, list] = {}
    for u in ups:
        out_node.setdefault(grid.bus_index(dg.bus_of[u.to_bus]), []).append(u)
    nodes = sorted(out_node)
    ik_network = voltage_driven_current_a(grid, nodes, FaultStudyOptions(
        case="min", lv_tolerance_percent=lv_tolerance_percent, line_end_temperature_c=line_end_temperature_c))
    index = {b: i for i, b in enumerate(grid.bus_ids)}
    at = {b.id: index[dg.bus_of[b.id]] for b in design.electrical.buses}
    result = {"method": "UPS inverters on battery (utility lost, no bypass source) as current-limited sources: "
                        f"I = min(k I_r, c_min U_n / (sqrt(3) |Z|)), k {k1:g} for {t1:g} s then {k2:g} up to {t2:g} s "
                        "(catalog converter-fault-current), I_r with one module out; Z from the IEC 60909-0 minimum "
                        "case of the network below each lineup",
              "limits": {r: {"k": limits[r][0], "window_s": limits[r][1]} for r in ROWS},
              "lineups": {}, "buses": {}, "devices": {}}
    lineup_of: dict[str, tuple[str, float, float]] = {}  # bus -> (lineup, rated current [A], output voltage [V])
    for node in nodes:
        group = out_node[node]
        v_out = vn[group[0].to_bus]
        i_r = sum(lineup_rated_current_a(magnitude(u.rating, "W"), u.count, v_out) for u in group)
        i_all = sum(u.count * magnitude(u.rating, "W") for u in group) / (math.sqrt(3.0) * v_out)
        lid = "+".join(u.id for u in group)
        result["lineups"][lid] = {"output_bus": group[0].to_bus, "i_rated_n_ka": round(i_r / 1e3, 4),
                                  "ik_initial_ka": round(k1 * i_r / 1e3, 4), "ik_held_ka": round(k2 * i_r / 1e3, 4),
                                  "ik_max_ka": round(k_max * i_all / 1e3, 4), "max_window_s": t_max}
        for u in group:
            for b in downstream_buses(design, u.to_bus):
                lineup_of.setdefault(b, (lid, i_r, v_out))
    for bus_id in sorted(lineup_of):
        lid, i_r, v_out = lineup_of[bus_id]
        i_net = float(ik_network[at[bus_id]]) * vn[bus_id] / v_out  # referred to the UPS output voltage
        if not math.isfinite(i_net) or i_net <= 0:
            continue
        result["buses"][bus_id] = {"lineup": lid, "ik_network_ka": round(i_net * v_out / vn[bus_id] / 1e3, 4),
                                   "ik_initial_ka": round(battery_fault_current_a(k1, i_r, i_net) * v_out / vn[bus_id] / 1e3, 4),
                                   "ik_held_ka": round(battery_fault_current_a(k2, i_r, i_net) * v_out / vn[bus_id] / 1e3, 4),
                                   "limited_by": "inverter" if k2 * i_r <= i_net else "network"}
    for br in sorted(design.electrical.breakers, key=lambda b: b.id):
        curve = curves.get(br.id)
        if curve is None or br.bus not in lineup_of or br.protects is None:
            continue
        far = far_bus(design, br)
        entry = result["buses"].get(far)
        if entry is None:
            continue
        ratio = vn[far] / vn[br.bus]
        i1, i2 = entry["ik_initial_ka"] * 1e3 * ratio, entry["ik_held_ka"] * 1e3 * ratio
        t, element = device_clears(curve, i1, i2, limits)
        trips = math.isfinite(t)
        inrush = feeder_inrush(design, downstream_buses(design, far), vn[br.bus], catalog)
        result["devices"][br.id] = {"lineup": entry["lineup"], "fault_bus": far, "ik_initial_ka": round(i1 / 1e3, 4),
                                    "ik_held_ka": round(i2 / 1e3, 4), "limited_by": entry["limited_by"],
                                    "clearing_time_s": round(t, 4) if trips else None, "trips": trips,
                                    "element": element, "window_s": t2,
                                    "instantaneous_pickup_ka": (round(curve.instantaneous_pickup_a / 1e3, 4)
                                                                if math.isfinite(curve.instantaneous_pickup_a) else None),
                                    "long_time_pickup_ka": round(curve.long_time_pickup_a / 1e3, 4),
                                    "inrush": None if inrush is None else inrush_entry(curve, inrush, i2)}
    return result


def inrush_entry(curve: DeviceCurve, inrush: FeederInrush, held_a: float) -> dict:
    """The inrush part of a device's entry: the current, how long, whether the device trips on it, and
    whether its short-time pickup cannot both clear the held current ``held_a`` [A] on battery and ride
    through the inrush (``conflict``)."""
    trip = inrush_trip(curve, inrush)
    conflict = (curve.element == "lsi"
                and not rides_through_with(curve, held_a / (1.0 + curve.pickup_tolerance), inrush))
    return {"current_ka": round(inrush.current_a / 1e3, 4), "peak_ka": round(inrush.peak_a / 1e3, 4),
            "duration_s": inrush.duration_s, "psus_per_phase": inrush.psus_per_phase, "rack_feeds": inrush.racks,
            "rows": list(inrush.rows), "trip_time_s": round(trip.trip_time_s, 4) if math.isfinite(trip.trip_time_s) else None,
            "trips": trip.trips, "element": trip.element, "conflict": conflict,
            "short_time_pickup_ka": (round(curve.short_time_pickup_a / 1e3, 4)
                                     if math.isfinite(curve.short_time_pickup_a) else None),
            "short_time_delay_s": curve.short_time_delay_s if math.isfinite(curve.short_time_delay_s) else None}


__all__ = ["IDEAL_SOURCE_SK_VA", "ROWS", "battery_fault_current_a", "device_clears", "inrush_entry", "inverter_limits",
           "lineup_rated_current_a", "ups_battery_study", "voltage_driven_current_a"]
