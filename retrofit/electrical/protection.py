"""Protection study of a Design: short-circuit duty by the chosen method, arc flash at every bus, device
curves, selectivity with the upstream device, NEC 240.87 and NEC 450.3.

Results are plain dicts keyed by element id, the unit in every key name, as the other analyses return.
Where a device sits: a breaker is at ``bus`` and protects one element. It is a *feeder* device when
``bus`` is the element's sending end (a cable or busway ``from_bus``, a transformer ``hv_bus``), and a
*main* when ``bus`` is the element's receiving end (the LV main of a transformer). A fault on a bus is
cleared by the mains of that bus, else by the devices that clear its incoming branches; a fault on a
branch by the feeder device of the branch, else by the devices that clear the branch's sending bus.
"""
from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass

import numpy as np

from ..catalog import load_catalog
from ..errors import InputError, OutOfRange, Problem, RetrofitError
from ..io.results import rounded as _f
from ..model import Design
from ..units import magnitude
from . import arc_flash as af
from . import arc_flash_lee as lee
from .breaker_duty import breaker_duties
from .design_grid import DesignGrid, build_design_grid, rated_cooling_power
from .device_clearing import (LV_MAX_V, arc_clearing_time_s, clearing_topology, device_curve, device_defaults,
                              feeds_bus)
from .fault_study import FaultStudyOptions, line_to_ground_current_a, solve_fault_study
from .generator_sources import GeneratorSources, fictitious_generator_rx
from .motor_sources import MotorSources
from .generator_faults import RATED_POWER_FACTOR, converter_sources, generator_only_study
from .ups_battery_faults import ups_battery_study
from .shortcircuit import transformer_impedance_ohm
from .relay_settings import recommend_primary_relay
from .tcc import DeviceCurve, clearing_time, selectivity
from .transformer_protection import transformer_protection_limits

#: NEC 240.87 applies to breakers rated or adjustable to 1200 A or more [A].
NEC_240_87_RATING_A = 1200.0


def fault_study_options(design: Design, case: str = "max", ansi_network: str = "first_cycle") -> FaultStudyOptions:
    """The short-circuit options of the design's ``studies.short_circuit`` for a case."""
    s = design.studies.short_circuit
    return FaultStudyOptions(method=s.method if case == "max" else "iec60909", case=case,
                             lv_tolerance_percent=float(s.lv_tolerance),
                             transformer_impedance_tolerance_percent=magnitude(s.transformer_impedance_tolerance, "percent"),
                             utility_growth_percent=magnitude(s.utility_growth, "percent"),
                             line_end_temperature_c=magnitude(s.line_end_temperature, "degC"), ansi_network=ansi_network)


def motor_sources(design: Design, dg: DesignGrid) -> MotorSources | None:
    """The design's contributing motor groups as network rows (power per motor from the cooling element)."""
    motors = design.studies.short_circuit.motors
    if not motors:
        return None
    c = design.cooling
    by_id = {x.id: x for group in (c.pumps, c.exhaust_fans, c.crahs, c.rear_doors) for x in group}
    power = rated_cooling_power(design)
    rows = []
    for index, m in sorted(enumerate(motors), key=lambda im: im[1].element):
        item = by_id.get(m.element)
        if item is None or item.bus is None:
            near = difflib.get_close_matches(m.element, sorted(by_id), n=3, cutoff=0.4)
            raise InputError(Problem("design", None, f"studies.short_circuit.motors[{index}].element",
                                     f"found {m.element!r}; expected the id of a pump set, exhaust-fan, CRAH or "
                                     "rear-door group with a bus" + (f" (near: {', '.join(near)})" if near else "")))
        count = item.running if hasattr(item, "running") else item.count
        p_each = power.get(item.id, 0.0) / max(count, 1) * m.efficiency
        bus = dg.grid.bus_index(dg.bus_of[item.bus])
        rows.append((m.element, bus, count, p_each, float(dg.grid.vn_v[bus]), m.locked_rotor_ratio, m.efficiency,
                     m.power_factor, m.rx_ratio))
    cols = list(zip(*rows))
    return MotorSources(tuple(cols[0]), *(np.array(c) for c in cols[1:]))


GENERATOR_RATED_POWER_FACTOR = RATED_POWER_FACTOR  # retrofit.electrical.generator_faults, one place


def generator_sources(design: Design, dg: DesignGrid) -> GeneratorSources | None:
    """The design's running generators as network rows; R_G from the fictitious R_Gf of IEC 60909-0 6.6.1."""
    rows = []
    for g in sorted(design.electrical.generators, key=lambda g: g.id):
        if not g.running:
            continue
        vr, sr = magnitude(g.voltage, "V"), magnitude(g.rating, "VA")
        rx = fictitious_generator_rx(vr, sr)
        rows.append((g.id, dg.grid.bus_index(dg.bus_of[g.bus]), sr, vr, magnitude(g.xd_subtransient, "dimensionless"), rx,
                     math.sqrt(1.0 - GENERATOR_RATED_POWER_FACTOR**2)))
    if not rows:
        return None
    cols = list(zip(*rows))
    return GeneratorSources(tuple(cols[0]), *(np.array(c) for c in cols[1:]))


def bus_equipment(bus, table_rows: list[dict]) -> dict | None:
    """The IEEE 1584-2018 equipment class row of a bus (electrode gap and enclosure by voltage and kind), from
    the rows of the ``ieee1584-2018-equipment`` table; None above 15 kV."""
    vn = magnitude(bus.voltage, "V")
    if vn <= 600.0:
        name = "LV switchgear" if bus.kind in ("switchgear", "switchboard") else "LV panelboard"
    elif vn <= 5000.0:
        name = "5 kV switchgear"
    elif vn <= 15000.0:
        name = "15 kV switchgear"
    else:
        return None
    return next(r for r in table_rows if r["equipment_class"] == name)


def _arc_case(vn_v, ibf_a, eq, devices, curves_of, ratio_of, max_duration_s, relay_time_s=None, guarded=None):
    """Incident energy at one bolted current, cleared by ``devices``; the larger of the I_arc and
    I_arc_min energies governs (IEEE 1584-2018, 4.5).

    ``relay_time_s``: for a location an arc-flash relay guards, the relay's operating time [s]; a device
    with ``trip.arc_flash_relay`` (among ``guarded`` ids when given) then clears at that time plus its
    opening time once the arcing current (referred to it) exceeds its pickup."""

    def time_of(d, i_arc):
        relay = relay_time_s if guarded is None or d.id in guarded else None
        return arc_clearing_time_s(d, curves_of[d.id], i_arc * ratio_of(d), relay)

    gap, dist = eq["gap"] / 1e3, eq["working_distance"] / 1e3
    af.check_model_range(vn_v, ibf_a, gap, dist, eq["width"] / 1e3)
    currents = af.arcing_currents(vn_v, ibf_a, gap, eq["electrode"])
    cf = af.enclosure_correction_factor(vn_v, eq["electrode"], eq["height"] / 1e3, eq["width"] / 1e3, eq["depth"] / 1e3).cf
    best = None
    for label, i_arc, inter in (("I_arc", currents.i_arc_a, currents.intermediate_a),
                                ("I_arc_min", currents.i_arc_min_a, currents.intermediate_min_a)):
        times = [time_of(d, i_arc) for d in devices if curves_of.get(d.id)]
        t = min(max(times) if times else math.inf, max_duration_s)
        e = af.incident_energy(vn_v, ibf_a, inter, i_arc, gap, dist, t, cf, eq["electrode"])
        candidate = {"arcing_current_ka": i_arc / 1e3, "which": label, "clearing_time_s": t,
                     "capped": t >= max_duration_s, "energy": e.energy_j_per_m2, "afb_m": e.afb_m}
        if best is None or candidate["energy"] > best["energy"]:
            best = candidate
    best["var_cf"] = currents.var_cf
    best["cf"] = cf
    return best


def line_side_energy_cal_cm2(lv_v: float, hv_v: float, equipment: dict, bolted_a: list[float], breaker,
                             curve: DeviceCurve, max_arc_s: float, relay_time_s: float | None = None) -> float:
    """Incident energy of an arc on the line side of an LV main, cleared only by the transformer's primary
    breaker, the largest over the bolted currents given (maximum and minimum cases) [cal/cm²].

    Parameters
    ----------
    lv_v, hv_v : float
        Nominal voltages of the LV bus and of the primary breaker's bus [V].
    equipment : dict
        The LV bus's IEEE 1584 equipment class row (gap, electrode, enclosure, working distance).
    bolted_a : list of float
        Bolted three-phase currents at the LV bus [A].
    breaker : Breaker
        The primary breaker (its ``trip.arc_flash_relay`` is read when ``relay_time_s`` is given).
    curve : DeviceCurve
        Its time-current curve.
    max_arc_s : float
        Longest arc duration of the study [s].
    relay_time_s : float, optional
        Operating time of an arc-flash relay guarding the line side [s].
    """
    cases = [_arc_case(lv_v, i, equipment, [breaker], {breaker.id: curve}, lambda d: lv_v / hv_v, max_arc_s,
                       relay_time_s) for i in bolted_a]
    return max(af.calories_per_cm2(c["energy"]) for c in cases)


@dataclass(frozen=True)
class BusArc:
    """Incident energy of an arc on a bus, the worst of the bolted currents given.

    Attributes
    ----------
    energy_cal_cm2 : float
        Incident energy at the working distance [cal/cm²].
    clearing_time_s : float
        Arc duration of the governing case [s].
    method : str
        ``IEEE 1584-2018`` or Lee's method (above 15 kV).
    """

    energy_cal_cm2: float
    clearing_time_s: float
    method: str


def bus_arc(bus, bolted_a: list[float], devices: list, curves_of: dict, device_vn: dict, max_arc_s: float,
            equipment_rows: list[dict], lee_row: dict, relay_time_s: float | None = None) -> BusArc:
    """Arc on ``bus`` cleared by ``devices``, by the study's rules (IEEE 1584-2018 up to 15 kV, Lee's
    method above; :func:`arc_clearing_time_s` for devices with an arc-flash relay that feed the bus).

    Parameters
    ----------
    bus : Bus
        The bus.
    bolted_a : list of float
        Bolted three-phase currents at the bus (maximum and minimum cases) [A].
    devices : list of Breaker
        The devices that clear an arc on the bus.
    curves_of : dict
        Device id -> its time-current curve.
    device_vn : dict
        Bus id -> nominal voltage [V], for the devices' buses.
    max_arc_s : float
        Longest arc duration of the study [s].
    equipment_rows, lee_row
        Rows of the catalog tables ``ieee1584-2018-equipment`` and ``arc-flash-above-15kv``.
    relay_time_s : float, optional
        Operating time of an arc-flash relay [s]; it guards every device given (pass only the devices
        that feed the bus, as the study does).

    Raises
    ------
    OutOfRange
        Outside the range of the method.
    """
    vn = magnitude(bus.voltage, "V")
    eq = bus_equipment(bus, equipment_rows)
    ratio_of = lambda d: vn / device_vn[d.bus]  # noqa: E731 - current referred to the device's voltage
    if eq is None:
        cases = [lee.lee_case(vn, i, lee_row["working_distance"] / 1e3, [arc_clearing_time_s(
            d, curves_of[d.id], i * ratio_of(d), relay_time_s) for d in devices], max_arc_s) for i in bolted_a]
        w = max(cases, key=lambda c: c.energy_j_per_m2)
        return BusArc(af.calories_per_cm2(w.energy_j_per_m2), w.clearing_time_s, lee.LEE_METHOD)
    cases = [_arc_case(vn, i, eq, devices, curves_of, ratio_of, max_arc_s, relay_time_s) for i in bolted_a]
    w = max(cases, key=lambda c: c["energy"])
    return BusArc(af.calories_per_cm2(w["energy"]), w["clearing_time_s"], lee.IEEE_1584_2018_METHOD)


def arc_flash_relay_time_s(catalog) -> float:
    """Operating time of a light-and-current arc-flash relay (catalog table ``arc-flash-relay``) [s]."""
    return float(catalog.table("arc-flash-relay").rows[0]["operating_time"])


def protection_study(design: Design, *, catalog=None) -> dict:
    """Short-circuit duty, arc flash, device curves, selectivity, NEC 240.87 and 450.3 of ``design``."""
    catalog = catalog or load_catalog()
    studies = design.studies
    dg = build_design_grid(design)
    grid = dg.grid
    motors = motor_sources(design, dg)
    generators = generator_sources(design, dg)
    sk_min = studies.short_circuit.utility_sk_min
    sk_min_va = None if sk_min is None else np.array([magnitude(sk_min, "VA")])
    max_options = fault_study_options(design, "max")
    converters = converter_sources(design, dg, catalog)  # BESS PCSs, current-limited (maximum case)
    sc_max = solve_fault_study(grid, max_options, motors=motors, generators=generators, inverters=converters)
    nominal = solve_fault_study(grid, FaultStudyOptions(method=max_options.method, lv_tolerance_percent=max_options.lv_tolerance_percent,
                                                        line_end_temperature_c=max_options.line_end_temperature_c),
                                motors=motors, generators=generators, inverters=converters)
    min_options = fault_study_options(design, "min")
    sc_min = solve_fault_study(grid, min_options, source_sk_min_va=sk_min_va)
    sc_int = None
    if max_options.method == "ansi":
        sc_int = solve_fault_study(grid, fault_study_options(design, "max", "interrupting"), motors=motors,
                                   generators=generators, inverters=converters)
    index = {b: i for i, b in enumerate(grid.bus_ids)}
    at = {bus.id: index[dg.bus_of[bus.id]] for bus in design.electrical.buses}
    topo = clearing_topology(design)
    units, relay_curves = device_defaults(catalog)
    breakers = sorted(design.electrical.breakers, key=lambda b: b.id)
    fuse_rows = catalog.table("fuse-curves").rows
    curves = {b.id: device_curve(b, units, relay_curves, fuses=fuse_rows, vn_v=topo.bus_vn[b.bus]) for b in breakers}
    out: dict = {"short_circuit": {"method": max_options.describe(), "minimum_case": min_options.describe(),
                                   "buses": {}}, "devices": {}, "arc_flash": {}, "coordination": {},
                 "nec_240_87": {}, "nec_450_3": {}, "notes": []}
    for bus in sorted(design.electrical.buses, key=lambda b: b.id):
        i = at[bus.id]
        out["short_circuit"]["buses"][bus.id] = {
            "ik3_max_ka": _f(sc_max.ik3_a[i] / 1e3, 4), "ik3_nominal_ka": _f(nominal.ik3_a[i] / 1e3, 4),
            "ik3_min_ka": _f(sc_min.ik3_a[i] / 1e3, 4), "xr_ratio": _f(sc_max.xr_ratio[i], 3),
            "ik3_interrupting_ka": _f(sc_int.ik3_a[i] / 1e3, 4) if sc_int is not None else None}
    _line_to_ground(design, out, dg, at, sc_max, max_options, catalog)
    out["devices"] = breaker_duties(breakers, at, sc_max, nominal, sc_int, max_options.method)
    _device_curves_json(out, breakers, curves, {br.id: float(sc_max.ik3_a[at[br.bus]]) for br in breakers})
    _arc_flash(design, out, topo, at, sc_max, sc_min, curves, catalog, breakers, units, relay_curves)
    _coordination(design, out, topo, at, sc_max, curves, breakers)
    _nec_450_3(design, out, topo, curves, catalog)
    _recommend_primary_relays(design, out, topo, at, sc_max, sc_min, curves, catalog, units, relay_curves)
    out["generator_only"] = generator_only_study(design, dg, curves, lv_tolerance_percent=min_options.lv_tolerance_percent,
                                                 line_end_temperature_c=min_options.line_end_temperature_c)
    out["ups_battery"] = ups_battery_study(design, curves, catalog, lv_tolerance_percent=min_options.lv_tolerance_percent,
                                           line_end_temperature_c=min_options.line_end_temperature_c)
    if converters is not None:
        out["notes"].append("BESS converters feed the maximum case as current sources at their limit "
                            "(catalog converter-fault-current): " + ", ".join(converters.ids))
    if generators is not None:
        out["notes"].append("running generators feed the maximum case (IEC 60909-0 6.6.1, K_G; R_G = R_Gf): "
                            + ", ".join(generators.ids))
    if motors is None:
        out["notes"].append("no motor contribution: studies.short_circuit.motors lists none (pumps and fans on drives "
                            "do not feed faults)")
    return out


def _line_to_ground(design, out, dg, at, sc, options, catalog):
    """I″k1 at solidly grounded LV buses fed only by Dyn transformers (zero sequence from the catalog table
    ``transformer-zero-sequence``); other buses say why they are not computed."""
    row = next(r for r in catalog.table("transformer-zero-sequence").rows if r["vector_group"] == "Dyn")
    e = design.electrical
    incoming: dict = {}
    for kind, items in (("transformer", e.transformers), ("cable", e.cables), ("busway", e.busways)):
        for item in items:
            incoming.setdefault(dg.bus_of[item.lv_bus if kind == "transformer" else item.to_bus], []).append((kind, item))
    tol = 1.0 + options.transformer_impedance_tolerance_percent / 100.0 if options.case == "max" else 1.0
    t_index = {t_id: k for k, t_id in enumerate(dg.grid.transformers.ids)}
    for bus in sorted(e.buses, key=lambda b: b.id):
        entry = out["short_circuit"]["buses"][bus.id]
        vn = magnitude(bus.voltage, "V")
        if vn > LV_MAX_V or bus.system != "wye_4w":
            entry["ik1_reason"] = "not a solidly grounded low-voltage bus"
            continue
        feeds = incoming.get(dg.bus_of[bus.id], [])
        others = sorted(item.id for kind, item in feeds if kind != "transformer")
        trafos = [item for kind, item in feeds if kind == "transformer"]
        bad = sorted(t.id for t in trafos if not (t.primary_config == "delta" and t.secondary_config == "wye_grounded"))
        if others or bad or not trafos:
            entry["ik1_reason"] = ("zero-sequence impedance not in the design for " + ", ".join(others + bad) if others or bad
                                   else "no transformer feeds the bus")
            continue
        y0 = 0j
        for t in trafos:
            i = t_index[t.id]
            z = transformer_impedance_ohm(magnitude(t.z_percent, "percent") * tol,
                                          float(dg.grid.transformers.vkr_percent[i]) * tol, magnitude(t.rating, "VA"), vn)
            k_t = float(sc.transformer_kt[i]) if options.method == "iec60909" else 1.0
            y0 += 1.0 / (k_t * complex(z.real * row["r0_over_r1"], z.imag * row["x0_over_x1"]))
        i = at[bus.id]
        ik1 = line_to_ground_current_a(vn, float(sc.c_max[i]), complex(sc.z_thevenin_ohm[i]), 1.0 / y0)
        entry["ik1_ka"] = _f(ik1 / 1e3, 4)


#: Points of each device's curve kept in the results for plots, log-spaced from half the long-time
#: pickup to the available fault current at the device [-].
CURVE_POINTS = 32


#: The plotted points of the last device curves, by the curve's shape and the fault current (a campus
#: repeats the same devices in every hall, and a plan studies the proposal and its phases).
_CURVE_POINTS: dict = {}


def _curve_points(c, fault_a: float) -> tuple:
    key = (c.shape, fault_a)
    points = _CURVE_POINTS.get(key)
    if points is None:
        currents = np.geomspace(0.5 * c.long_time_pickup_a, max(fault_a, 2.0 * c.long_time_pickup_a), CURVE_POINTS)
        t_max, t_min = clearing_time(c, currents, "max"), clearing_time(c, currents, "min")
        points = tuple((_f(i, 1), _f(a, 4), _f(b, 4)) for i, a, b in zip(currents.tolist(), t_max.tolist(), t_min.tolist()))
        if len(_CURVE_POINTS) >= 5_000:  # at most about 20 MB
            _CURVE_POINTS.clear()
        _CURVE_POINTS[key] = points
    return points


def _device_curves_json(out, breakers, curves, fault_a):
    for br in breakers:
        c = curves[br.id]
        if c is None:
            out["devices"].setdefault(br.id, {})["curve"] = None
            continue
        points = [list(p) for p in _curve_points(c, fault_a[br.id])]
        out["devices"].setdefault(br.id, {})["curve"] = {
            "element": c.element, "settings_given": br.trip is not None,
            "long_time_pickup_a": _f(c.long_time_pickup_a, 1), "long_time_delay_s": _f(c.long_time_delay_s, 3),
            "short_time_pickup_a": _f(c.short_time_pickup_a, 1), "short_time_delay_s": _f(c.short_time_delay_s, 3),
            "instantaneous_pickup_a": _f(c.instantaneous_pickup_a, 1), "time_dial": _f(c.time_dial, 3) if c.element == "relay" else None,
            "opening_time_s": _f(c.opening_time_s, 4), "pickup_tolerance_percent": _f(100 * c.pickup_tolerance, 1),
            "points_a_tmax_s_tmin_s": points}


def _label(entry: dict, vn: float) -> None:
    """The label of a bus: its computed location with the largest incident energy, or None."""
    worst = max((v for k, v in entry.items() if isinstance(v, dict) and v.get("status") == "computed"),
                key=lambda v: v["incident_energy_cal_cm2"], default=None)
    entry["label"] = None if worst is None else {
        "incident_energy_cal_cm2": worst["incident_energy_cal_cm2"], "arc_flash_boundary_mm": worst["arc_flash_boundary_mm"],
        "ppe_category": worst["ppe_category"], "working_distance_mm": entry["working_distance_mm"],
        "nominal_voltage_v": _f(vn, 1), "location": next(k for k, v in entry.items() if v is worst),
        "method": worst["method"]}


def _lee_locations(entry: dict, bus_id: str, vn: float, topo, bolted_a: dict, curves: dict, row: dict,
                   max_t: float, relay_time_s: float | None = None) -> None:
    """Arc flash at a bus above 15 kV by Lee's method (:mod:`retrofit.electrical.arc_flash_lee`): at the
    maximum and minimum bolted currents, each cleared by the latest clearing device at that current (the
    bolted current is the arcing current); the larger energy governs. A device with an arc-flash relay
    clears an arc on the bus it feeds, or on the line side of the main it feeds, in the relay's time plus
    its opening time (:func:`arc_clearing_time_s`)."""
    dist = row["working_distance"] / 1e3
    entry.update({"method": lee.LEE_METHOD, "equipment_class": row["equipment_class"], "electrode": "open air (Lee)",
                  "gap_mm": None, "working_distance_mm": row["working_distance"], "enclosure_mm": None})
    locations = {"bus": topo.bus_clearing(bus_id)}
    if topo.mains(bus_id):
        locations["line_side_of_main"] = topo.line_side_clearing(bus_id)
    for where, devices in locations.items():
        result: dict = {"method": lee.LEE_METHOD, "clearing_devices": [d.id for d in devices],
                        "settings_given": all(d.trip is not None for d in devices)}
        entry[where] = result
        fuses = [d.id for d in devices if curves.get(d.id) is None]
        if fuses:
            result.update({"status": "untested", "reason": f"fuse(s) {', '.join(fuses)} have no time-current curve of "
                           "their family and rating in the catalog (table fuse-curves)"})
            continue
        guarded = {d.id for d in devices if where == "line_side_of_main" or feeds_bus(topo, d, bus_id)}
        result["arc_flash_relay_devices"] = [d.id for d in devices if d.id in guarded and d.trip is not None
                                             and d.trip.arc_flash_relay]
        try:
            cases = {name: lee.lee_case(vn, ibf, dist, [arc_clearing_time_s(
                d, curves[d.id], ibf * vn / topo.bus_vn[d.bus], relay_time_s if d.id in guarded else None)
                for d in devices], max_t) for name, ibf in bolted_a.items()}
        except OutOfRange as exc:
            result.update({"status": "untested", "reason": str(exc)})
            continue
        worst_name = max(cases, key=lambda k: cases[k].energy_j_per_m2)
        w = cases[worst_name]
        result.update({
            "status": "computed", "governing_case": f"{worst_name} bolted current (Lee: arcing = bolted)",
            "bolted_current_ka": _f(w.bolted_current_a / 1e3, 3), "arcing_current_ka": _f(w.bolted_current_a / 1e3, 3),
            "clearing_time_s": _f(w.clearing_time_s, 4), "duration_capped": bool(w.capped),
            "incident_energy_cal_cm2": _f(af.calories_per_cm2(w.energy_j_per_m2), 2),
            "incident_energy_j_cm2": _f(w.energy_j_per_m2 / 1e4, 2), "arc_flash_boundary_mm": _f(w.afb_m * 1e3, 0),
            "ppe_category": af.ppe_category(w.energy_j_per_m2), "enclosure_cf": None, "var_cf": None,
            "cases": {k: {"incident_energy_cal_cm2": _f(af.calories_per_cm2(v.energy_j_per_m2), 2),
                          "clearing_time_s": _f(v.clearing_time_s, 4), "arcing_current_ka": _f(v.bolted_current_a / 1e3, 3),
                          "governed_by": "bolted current"} for k, v in cases.items()}})
        if not devices:
            result["reason"] = "no upstream protective device: arc duration is the study maximum"


def _arc_flash(design, out, topo, at, sc_max, sc_min, curves, catalog, breakers, units, relay_curves):
    table = catalog.table("ieee1584-2018-equipment").rows
    af_study = design.studies.arc_flash
    max_t = magnitude(af_study.max_arc_duration, "s")
    relay_time = arc_flash_relay_time_s(catalog)
    lee_row = catalog.table("arc-flash-above-15kv").rows[0]
    for bus in sorted(design.electrical.buses, key=lambda b: b.id):
        vn = magnitude(bus.voltage, "V")
        eq = bus_equipment(bus, table)
        entry: dict = {"vn_kv": _f(vn / 1e3, 4)}
        out["arc_flash"][bus.id] = entry
        if eq is None:
            _lee_locations(entry, bus.id, vn, topo, {name: float(sc.ik3_a[at[bus.id]]) for name, sc in
                                                     (("max", sc_max), ("min", sc_min))}, curves, lee_row, max_t,
                            relay_time)
            _label(entry, vn)
            continue
        entry.update({"method": lee.IEEE_1584_2018_METHOD,
                      "equipment_class": eq["equipment_class"], "electrode": eq["electrode"], "gap_mm": eq["gap"],
                      "working_distance_mm": eq["working_distance"],
                      "enclosure_mm": [eq["height"], eq["width"], eq["depth"]]})
        locations = {"bus": topo.bus_clearing(bus.id)}
        if topo.mains(bus.id):
            locations["line_side_of_main"] = topo.line_side_clearing(bus.id)
        for where, devices in locations.items():
            ratio_of = lambda d, vn=vn: vn / topo.bus_vn[d.bus]  # noqa: E731 - current referred to the device's voltage
            fuses = [d.id for d in devices if curves.get(d.id) is None]
            result: dict = {"method": lee.IEEE_1584_2018_METHOD, "clearing_devices": [d.id for d in devices],
                            "settings_given": all(d.trip is not None for d in devices)}
            if fuses:
                result.update({"status": "untested", "reason": f"fuse(s) {', '.join(fuses)} have no time-current curve of "
                               "their family and rating in the catalog (table fuse-curves)"})
                entry[where] = result
                continue
            try:
                # the relay's sensors guard the line side of a main, and a bus for the devices feeding it
                guarded = None if where == "line_side_of_main" else {d.id for d in devices if feeds_bus(topo, d, bus.id)}
                result["arc_flash_relay_devices"] = [d.id for d in devices if (guarded is None or d.id in guarded)
                                                     and d.trip is not None and d.trip.arc_flash_relay]
                cases = {name: _arc_case(vn, float(sc.ik3_a[at[bus.id]]), eq, devices, curves, ratio_of, max_t,
                                         relay_time, guarded)
                         for name, sc in (("max", sc_max), ("min", sc_min))}
            except OutOfRange as exc:
                result.update({"status": "untested", "reason": str(exc)})
                entry[where] = result
                continue
            worst_name = max(cases, key=lambda k: cases[k]["energy"])
            w = cases[worst_name]
            energy_cal = af.calories_per_cm2(w["energy"])
            result.update({
                "status": "computed", "governing_case": f"{worst_name} bolted current, {w['which']}",
                "bolted_current_ka": _f((sc_max if worst_name == "max" else sc_min).ik3_a[at[bus.id]] / 1e3, 3),
                "arcing_current_ka": _f(w["arcing_current_ka"], 3), "clearing_time_s": _f(w["clearing_time_s"], 4),
                "duration_capped": bool(w["capped"]), "incident_energy_cal_cm2": _f(energy_cal, 2),
                "incident_energy_j_cm2": _f(w["energy"] / 1e4, 2), "arc_flash_boundary_mm": _f(w["afb_m"] * 1e3, 0),
                "ppe_category": af.ppe_category(w["energy"]), "enclosure_cf": _f(w["cf"], 4), "var_cf": _f(w["var_cf"], 4),
                "cases": {k: {"incident_energy_cal_cm2": _f(af.calories_per_cm2(v["energy"]), 2),
                              "clearing_time_s": _f(v["clearing_time_s"], 4), "arcing_current_ka": _f(v["arcing_current_ka"], 3),
                              "governed_by": v["which"]} for k, v in cases.items()}})
            if not devices:
                result["reason"] = "no upstream protective device: arc duration is the study maximum"
            entry[where] = result
        _label(entry, vn)
    # NEC 240.87: breakers of 1200 A or more need a documented arc-energy reduction method
    bus_by_id = {b.id: b for b in design.electrical.buses}
    for br in breakers:
        c = curves[br.id]
        rating = magnitude(br.rating, "A")
        if br.kind == "fuse" or max(rating, c.long_time_pickup_a if c else 0.0) < NEC_240_87_RATING_A:
            continue
        methods = []
        if br.trip is not None and br.trip.zone_interlocked:
            methods.append("zone-selective interlocking (240.87(B)(1))")
        if br.trip is not None and br.trip.maintenance_pickup is not None:
            methods.append("energy-reducing maintenance switching (240.87(B)(3))")
        # load side of the device: the bus it feeds (a main) or the branch's receiving bus (a feeder)
        ends = topo.branch_ends.get(br.protects)
        load_bus = br.bus if ends and ends[1] == br.bus else (ends[1] if ends else br.bus)
        entry = out["arc_flash"].get(load_bus, {}).get("bus", {})
        if entry.get("method") != lee.IEEE_1584_2018_METHOD:
            entry = {}  # above 15 kV (Lee) no IEEE 1584 arcing current: 240.87 reads the settings only
        i_arc_min = None
        if entry.get("status") == "computed":
            vn = topo.bus_vn[load_bus]
            ibf = float(sc_min.ik3_a[at[load_bus]])
            eq = bus_equipment(bus_by_id[load_bus], catalog.table("ieee1584-2018-equipment").rows)
            try:
                i_arc_min = af.arcing_currents(vn, ibf, eq["gap"] / 1e3, eq["electrode"]).i_arc_min_a * vn / topo.bus_vn[br.bus]
            except OutOfRange:
                i_arc_min = None
        if c is not None and i_arc_min is not None and c.instantaneous_pickup_a * (1 + c.pickup_tolerance) < i_arc_min:
            methods.append("instantaneous trip below the available arcing current (240.87(B)(5))")
        maintenance_energy = None
        if br.trip is not None and br.trip.maintenance_pickup is not None and entry.get("status") == "computed":
            mcurve = device_curve(br, units, relay_curves, maintenance=True)
            t = clearing_time(mcurve, (i_arc_min or 0.0), "max")
            maintenance_energy = {"clearing_time_s": _f(min(t, max_t), 4)}
        out["nec_240_87"][br.id] = {"rating_a": _f(rating, 1), "load_bus": load_bus, "settings_given": br.trip is not None,
                                    "arcing_current_min_ka": _f(i_arc_min / 1e3, 3) if i_arc_min else None,
                                    "methods": methods, "ok": bool(methods), "maintenance_mode": maintenance_energy}


def _coordination(design, out, topo, at, sc, curves, breakers):
    margin_relay = magnitude(design.studies.coordination.relay_margin, "s")
    for br in breakers:
        ends = topo.branch_ends.get(br.protects)
        if ends is None:
            continue
        is_main = ends[1] == br.bus and ends[0] != br.bus
        upstream = topo.branch_clearing(br.protects) if is_main else topo.bus_clearing(br.bus)
        upstream = [u for u in upstream if u.id != br.id]
        fault_bus = br.bus if is_main else ends[1]
        # the highest current through the device: the fault at its load-side terminals
        i_fault = float(sc.ik3_a[at[br.bus]] if not is_main else sc.ik3_a[at[fault_bus]])
        pairs = {}
        for u in upstream:
            down, up = curves.get(br.id), curves.get(u.id)
            if down is None or up is None:
                pairs[u.id] = {"status": "untested", "reason": "a fuse without a time-current curve of its family and rating "
                               "in the catalog (table fuse-curves)"}
                continue
            margin = margin_relay if "relay" in (down.element, up.element) else 0.0
            ratio = topo.bus_vn[br.bus] / topo.bus_vn[u.bus]
            s = selectivity(down, up, i_fault, margin_s=margin, upstream_ratio=ratio)
            pairs[u.id] = {"status": "computed", "selective": s.selective, "fault_current_ka": _f(i_fault / 1e3, 3),
                           "selective_up_to_ka": _f(s.selective_up_to_a / 1e3, 3),
                           "worst_current_ka": _f(s.worst_current_a / 1e3, 3), "worst_margin_s": _f(s.worst_margin_s, 4),
                           "required_margin_s": margin, "settings_given": br.trip is not None and u.trip is not None}
        out["coordination"][br.id] = {"role": "main" if is_main else "feeder", "protects": br.protects, "upstream": pairs}


def _nec_450_3(design, out, topo, curves, catalog):
    rows = catalog.table("nec-450-3").rows
    supervised = design.studies.coordination.supervised
    for t in sorted(design.electrical.transformers, key=lambda t: t.id):
        primary = topo.branch_clearing(t.id)
        secondary = [d for d in topo.devices_of.get(t.id, []) if d.bus == t.lv_bus]
        entry: dict = {"primary_devices": [d.id for d in primary], "secondary_devices": [d.id for d in secondary]}
        out["nec_450_3"][t.id] = entry
        if not primary:
            entry.update({"status": "fail", "ok": False, "reason": "no primary overcurrent device"})
            continue
        p_kind = "fuse" if any(d.kind == "fuse" for d in primary) else "breaker"
        s_kind = ("fuse" if secondary[0].kind == "fuse" else "breaker") if secondary else None
        try:
            lim = transformer_protection_limits(rows, magnitude(t.rating, "VA"), magnitude(t.v_primary, "V"),
                                                magnitude(t.v_secondary, "V"), magnitude(t.z_percent, "percent"),
                                                p_kind, s_kind, supervised)
        except (OutOfRange, RetrofitError) as exc:
            entry.update({"status": "untested", "reason": str(exc)})
            continue

        def setting(d):
            c = curves.get(d.id)
            return c.long_time_pickup_a if c is not None and d.kind != "fuse" else magnitude(d.rating, "A")

        p_set = max(setting(d) for d in primary)
        s_set = max(setting(d) for d in secondary) if secondary else None
        p_ok = p_set <= lim.primary_limit_a + 1e-6
        s_ok = True if lim.secondary_limit_a is None else (s_set is not None and s_set <= lim.secondary_limit_a + 1e-6)
        entry.update({"status": "pass" if p_ok and s_ok else "fail", "ok": bool(p_ok and s_ok), "table": lim.table,
                      "row": lim.row, "primary_rated_a": _f(lim.primary_rated_a, 2),
                      "secondary_rated_a": _f(lim.secondary_rated_a, 1), "primary_setting_a": _f(p_set, 1),
                      "primary_limit_a": _f(lim.primary_limit_a, 1), "primary_limit_percent": lim.primary_percent,
                      "secondary_setting_a": _f(s_set, 1), "secondary_limit_a": _f(lim.secondary_limit_a, 1),
                      "secondary_limit_percent": lim.secondary_percent, "primary_ok": bool(p_ok), "secondary_ok": bool(s_ok),
                      "settings_given": all(d.trip is not None for d in primary)})
        if not p_ok:
            entry["recommendation"] = (f"set the primary pickup at or below {lim.primary_limit_a:.0f} A "
                                       f"({lim.primary_percent:g} % of {lim.primary_rated_a:.1f} A); a pickup of "
                                       f"{1.25 * lim.primary_rated_a:.0f}-{lim.primary_limit_a:.0f} A carries the "
                                       "full-load current and meets 450.3")


def _recommend_primary_relays(design, out, topo, at, sc_max, sc_min, curves, catalog, units, relay_curves):
    """A recommended 51/50 setting for every relay on a transformer primary whose LV main has a curve,
    with the line-side incident energy it gives (:mod:`retrofit.electrical.relay_settings`)."""
    table = catalog.table("ieee1584-2018-equipment").rows
    margin = magnitude(design.studies.coordination.relay_margin, "s")
    max_t = magnitude(design.studies.arc_flash.max_arc_duration, "s")
    buses = {b.id: b for b in design.electrical.buses}
    for t in sorted(design.electrical.transformers, key=lambda t: t.id):
        entry = out["nec_450_3"].get(t.id, {})
        primary = topo.branch_clearing(t.id)
        mains = [d for d in topo.devices_of.get(t.id, []) if d.bus == t.lv_bus]
        if len(primary) != 1 or primary[0].kind != "mv_breaker" or not mains or curves.get(mains[0].id) is None \
                or "primary_limit_a" not in entry:
            continue
        relay, main = primary[0], curves[mains[0].id]
        unit = units[relay.kind]
        lv, hv = topo.bus_vn[t.lv_bus], topo.bus_vn[relay.bus]
        lv_fault = float(sc_max.ik3_a[at[t.lv_bus]])
        eq = bus_equipment(buses[t.lv_bus], table)
        best = None
        for name in sorted(relay_curves):  # each IEEE C37.112 curve; the lowest line-side energy, then time dial
            row = relay_curves[name]
            rec = recommend_primary_relay(relay.id, entry["primary_rated_a"], entry["primary_limit_a"], main, lv_fault,
                                          lv / hv, float(sc_max.ik3_a[at[relay.bus]]),
                                          (float(row["a"]), float(row["b"]), float(row["p"])),
                                          float(unit["opening_time"]), float(unit["pickup_tolerance"]) / 100.0, margin)
            result = {"long_time_pickup_a": rec.pickup_a, "curve": name, "time_dial": rec.time_dial,
                      "instantaneous_pickup_a": _f(rec.instantaneous_pickup_a, 0),
                      "selective_with_main": rec.selective_with_main, "pickup_within_limit": rec.pickup_within_limit}
            energy = math.inf
            if eq is not None:
                try:
                    worst = max((_arc_case(lv, float(sc.ik3_a[at[t.lv_bus]]), eq, [relay], {relay.id: rec.curve},
                                           lambda d: lv / hv, max_t) for sc in (sc_max, sc_min)), key=lambda c: c["energy"])
                    energy = af.calories_per_cm2(worst["energy"])
                    result.update({"line_side_clearing_time_s": _f(worst["clearing_time_s"], 4),
                                   "line_side_incident_energy_cal_cm2": _f(energy, 2)})
                except OutOfRange:
                    pass
            key = (not rec.selective_with_main, round(energy, 6), rec.time_dial, name)
            if best is None or key < best[0]:
                best = (key, result)
        result = best[1]
        entry["recommended_primary"] = result


def arc_flash_labels_csv(results: dict) -> str:
    """Arc-flash label data as CSV text, one row per bus (the governing location), sorted by bus id."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["bus", "nominal_voltage_v", "location", "incident_energy_cal_cm2", "arc_flash_boundary_mm",
                "working_distance_mm", "ppe_category", "equipment_class", "clearing_devices", "status", "method"])
    for bus_id in sorted(results.get("arc_flash", {})):
        e = results["arc_flash"][bus_id]
        label = e.get("label")
        if label is None:
            reasons = [v["reason"] for v in e.values() if isinstance(v, dict) and v.get("reason")]
            w.writerow([bus_id, "", "", "", "", "", "", e.get("equipment_class", ""), "",
                        e.get("reason") or "; ".join(reasons) or "untested", e.get("method", "")])
            continue
        loc = e[label["location"]]
        category = label["ppe_category"]
        w.writerow([bus_id, label["nominal_voltage_v"], label["location"], label["incident_energy_cal_cm2"],
                    label["arc_flash_boundary_mm"], label["working_distance_mm"],
                    "none (>40 cal/cm2: de-energize)" if category is None else category, e["equipment_class"],
                    " ".join(loc["clearing_devices"]), "computed", label["method"]])
    return buf.getvalue()
