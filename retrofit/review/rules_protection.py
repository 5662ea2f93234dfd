"""Protection rules: interrupting duty with the impedance tolerance, arc-flash incident energy, NEC 240.87,
selectivity and NEC 450.3.

Every rule reads ``results["protection"]`` (see :func:`retrofit.electrical.protection.protection_study`)
and the design; the numbers in the evidence are the results' own.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, rule
from .studies import PROTECTION, study_results


def _protection(ctx: Context, section: str) -> dict:
    return study_results(ctx, PROTECTION)[section]


@rule("ELEC-DUTY-001", title="Interrupting and closing-and-latching duty with the transformer impedance tolerance",
      category="electrical",
      clause="IEEE C37.13 / UL 489 / IEEE C37.010 device duty; IEEE C37.04 / C37.06 closing and latching; "
             "IEEE C57.12.00 impedance tolerance", severity="critical",
      reads=("protection.devices[*].duty.duty_ka", "protection.devices[*].duty.interrupting_ka",
             "protection.devices[*].duty.first_cycle.duty_ka", "protection.devices[*].duty.first_cycle.closing_latching_ka"),
      limit="the device's interrupting rating and, for an MV breaker, its closing-and-latching capability (catalog or "
            "design; default 2.6 x interrupting, peak); currents by studies.short_circuit (default IEC 60909 maximum "
            "with transformer %Z -7.5 %)")
def duty_with_tolerance(ctx: Context):
    """Each breaker's interrupting duty, computed by the design's short-circuit method with the
    transformer impedance tolerance (a transformer may be delivered with a %Z up to 7.5 % below
    nameplate) and raised by the multiplying factor for the fault X/R, shall not exceed its
    interrupting rating. An MV breaker's first-cycle duty (the first-cycle current times the factor of its
    closing-and-latching basis, peak or asymmetrical rms) shall not exceed its closing-and-latching
    capability: a breaker closed onto a fault must carry and latch. The evidence gives both duties and the
    duties at nameplate impedance, and the message names the duty that fails, so a device that only fails
    with the tolerance shows as such."""
    devices = _protection(ctx, "devices")
    for device_id in sorted(devices):
        duty = devices[device_id].get("duty")
        if duty is None:
            continue
        first = duty.get("first_cycle")
        ev = (evidence("interrupting duty", duty["duty_ka"], "kA", limit=duty["interrupting_ka"], relation="<=",
                       element=device_id),
              evidence("duty at nameplate impedance", duty["duty_nominal_impedance_ka"], "kA", element=device_id),
              evidence("multiplying factor", duty["multiplying_factor"], "", element=device_id))
        parts = [_duty_text(device_id, "interrupting duty", duty["duty_ka"], duty["interrupting_ka"],
                            duty["duty_nominal_impedance_ka"], "", duty["ok"])]
        ok = duty["ok"]
        if first is not None:
            basis = first["basis"].replace("_", " ")
            ev += (evidence(f"first-cycle duty ({basis})", first["duty_ka"], "kA", limit=first["closing_latching_ka"],
                            relation="<=", element=device_id),
                   evidence("first-cycle duty at nameplate impedance", first["duty_nominal_impedance_ka"], "kA",
                            element=device_id),
                   evidence("first-cycle multiplying factor", first["multiplying_factor"], "", element=device_id))
            parts.append(_duty_text(device_id, "first-cycle (closing-and-latching) duty", first["duty_ka"],
                                    first["closing_latching_ka"], first["duty_nominal_impedance_ka"], f" {basis}",
                                    first["ok"]))
            ok = ok and first["ok"]
        failing = [text for text, passed in parts if not passed]
        message = "; ".join(failing) if failing else "; ".join(text for text, _ in parts)
        yield Outcome("pass" if ok else "fail", (device_id, duty["bus"]), ev, f"{device_id} {message}")


def _duty_text(device_id: str, what: str, duty_ka: float, rating_ka: float, nominal_ka: float, basis: str,
               ok: bool) -> tuple[str, bool]:
    """One duty against its rating as message text, with the tolerance note when it fails only with it."""
    tail = "" if ok else (" (within the rating at nameplate impedance: fails only with the tolerance)"
                          if nominal_ka <= rating_ka else "")
    return f"{what} {duty_ka:g} kA vs {rating_ka:g} kA{basis} rating{tail}", ok


@rule("ELEC-AF-001", title="Arc-flash incident energy at the working distance", category="electrical",
      clause="IEEE 1584-2018 (to 15 kV); Lee's method above 15 kV (IEEE 1584-2002, NFPA 70E Annex D.2); "
             "NFPA 70E-2024 130.5(G), Table 130.7(C)(15)(c)", severity="major",
      reads=("protection.arc_flash[<bus>].label.incident_energy_cal_cm2",),
      limit="studies.arc_flash.incident_energy_limit_cal_cm2 (default 40 cal/cm2, PPE category 4)")
def arc_flash_energy(ctx: Context):
    """At every bus the incident energy of the governing location (the bus, or the line side of its
    main) shall not exceed the owner's criterion for planned work. Above 40 cal/cm² no PPE category
    applies: the message says so. Up to 15 kV the energy is IEEE 1584-2018's; above 15 kV it is Lee's
    maximum-power method (bolted current as arcing current, arc in open air), which is conservative and
    more so as the voltage rises: the evidence names the method. A bus outside the range of the method
    (a bolted current outside 0.5-106 kA at IEEE 1584-2018, no bolted current at Lee's) or cleared by a
    fuse without a curve is reported untested, and so is a location above the criterion whose clearing
    devices have no settings in the design (the energy was computed with the catalog defaults: it shows
    the hazard, but the devices' own settings decide it) or that no device of the design clears (the arc
    was given the study's maximum duration: the protection upstream of the design decides it)."""
    arc = _protection(ctx, "arc_flash")
    study = ctx.design.studies.arc_flash
    limit, danger = study.incident_energy_limit_cal_cm2, study.incident_energy_danger_cal_cm2
    for bus_id in sorted(arc):
        entry = arc[bus_id]
        label = entry.get("label")
        if label is None:
            reasons = [v.get("reason", "") for v in entry.values() if isinstance(v, dict) and v.get("reason")]
            reasons += [entry["reason"]] if entry.get("reason") else []
            yield Outcome("untested", (bus_id,), (), f"{bus_id}: " + "; ".join(reasons),
                          needs="a bolted current within the method's range and device curves for its fuses")
            continue
        value = label["incident_energy_cal_cm2"]
        loc = entry[label["location"]]
        method = label.get("method", "IEEE 1584-2018")
        lee = method.startswith("Lee")
        ev = (evidence("incident energy", value, "cal/cm2", limit=limit, relation="<=", element=bus_id),
              evidence("arc-flash boundary", label["arc_flash_boundary_mm"], "mm", element=bus_id),
              evidence("clearing time", loc["clearing_time_s"], "s", element=bus_id),
              evidence("PPE category", label["ppe_category"], "", element=bus_id),
              evidence("method", method + (" (maximum-power arc in open air: conservative)" if lee else ""), "",
                       element=bus_id))
        ok = value <= limit
        where = label["location"].replace("_", " ") + (", Lee's method" if lee else "")
        if not ok and not loc["clearing_devices"]:
            yield Outcome("untested", (bus_id,), ev,
                          f"{bus_id} ({where}): {value:g} cal/cm2 with the arc lasting the study maximum "
                          f"({loc['clearing_time_s']:g} s): no device of the design clears it, above the {limit:g} "
                          "cal/cm2 criterion",
                          needs="the clearing time of the protection upstream of the design (the utility's relay), or "
                                "a main device at the bus")
            continue
        if not ok and not loc["settings_given"]:
            yield Outcome("untested", tuple([bus_id] + list(loc["clearing_devices"])), ev,
                          f"{bus_id} ({where}): {value:g} cal/cm2 with the catalog default settings of "
                          f"{', '.join(loc['clearing_devices']) or 'no device'}, above the {limit:g} cal/cm2 criterion",
                          needs="the trip or relay settings of the clearing devices (breaker trip: in the design file)")
            continue
        msg = f"{bus_id} ({where}): {value:g} cal/cm2 at {label['working_distance_mm']:g} mm"
        if not loc["settings_given"]:
            msg += " (clearing device settings not in the design: catalog defaults)"
        if value > danger:
            msg += f", above {danger:g} cal/cm2: no PPE category applies, de-energize"
        elif not ok:
            msg += f", above the {limit:g} cal/cm2 criterion"
        yield Outcome("pass" if ok else "fail", tuple([bus_id] + list(loc["clearing_devices"])), ev, msg)


@rule("ELEC-AF-002", title="Arc energy reduction for breakers of 1200 A or more", category="electrical",
      clause="NEC 2023 240.87", severity="major",
      reads=("protection.nec_240_87[<breaker>].methods",),
      limit="one method of 240.87(B): zone-selective interlocking, energy-reducing maintenance switching, or an "
            "instantaneous trip below the available arcing current")
def arc_energy_reduction(ctx: Context):
    """Each breaker rated or adjustable to 1200 A or more shall have a method to reduce the clearing
    time (NEC 240.87(B)). Recognised from the results: zone-selective interlocking or a maintenance
    switch given in the breaker's trip settings, or an instantaneous pickup (with its tolerance) below
    the reduced arcing current at the device's load-side bus. A breaker whose settings the design does
    not give, and whose default instantaneous pickup is not below the arcing current, is untested."""
    items = _protection(ctx, "nec_240_87")
    for device_id in sorted(items):
        r = items[device_id]
        if not r["ok"] and not r["settings_given"]:
            yield Outcome("untested", (device_id,), (), f"{device_id} ({r['rating_a']:g} A): no trip settings in the design",
                          needs="the breaker's trip settings, with zone interlocking or a maintenance switch (240.87(B))")
            continue
        ev = (evidence("arc energy reduction methods", ", ".join(r["methods"]) or "none", "", element=device_id),
              evidence("rating", r["rating_a"], "A", element=device_id),
              evidence("lowest arcing current at the load side", r["arcing_current_min_ka"], "kA", element=device_id))
        yield Outcome("pass" if r["ok"] else "fail", (device_id,), ev,
                      f"{device_id} ({r['rating_a']:g} A): " + ("; ".join(r["methods"]) if r["ok"] else
                                                               "no 240.87(B) method in its settings"))


@rule("ELEC-COORD-001", title="Selectivity with the upstream device", category="electrical",
      clause="IEEE Std 242-2001 (Buff Book) ch. 15; NEC 700.32, 701.32, 708.54 where selectivity is required",
      severity="minor",
      reads=("protection.coordination[<breaker>].upstream[<device>].selective",),
      limit="the upstream device's earliest trip at least studies.coordination.relay_margin (default 0.3 s) behind "
            "when a relay is involved, and no overlap of trip-unit bands, up to the available fault current")
def selectivity_upstream(ctx: Context):
    """For every breaker and each device upstream of it, the upstream device shall not trip before the
    downstream one clears, for every overcurrent from the downstream long-time pickup up to the highest
    fault current through the downstream device. Curves come from the trip settings in the design, or
    from the catalog defaults of the device kind when none are given (docs/protection.md); a pair found
    not selective with default settings for either device is reported untested, not failed."""
    coordination = _protection(ctx, "coordination")
    for device_id in sorted(coordination):
        for up_id, pair in sorted(coordination[device_id]["upstream"].items()):
            if pair["status"] != "computed":
                yield Outcome("untested", (device_id, up_id), (), f"{device_id} / {up_id}: {pair['reason']}",
                              needs="time-current curves of fuses")
                continue
            if not pair["selective"] and not pair["settings_given"]:
                yield Outcome("untested", (device_id, up_id), (),
                              f"{up_id} / {device_id}: not selective above {pair['selective_up_to_ka']:g} kA with the catalog "
                              "default settings; the design gives no settings for both",
                              needs="trip settings of both devices (breaker trip: in the design file)")
                continue
            ev = (evidence("selective up to", pair["selective_up_to_ka"], "kA", limit=pair["fault_current_ka"],
                           relation=">=", element=device_id),
                  evidence("smallest time margin", pair["worst_margin_s"], "s", limit=pair["required_margin_s"],
                           relation=">=", element=up_id))
            msg = (f"{up_id} lets {device_id} clear up to {pair['fault_current_ka']:g} kA" if pair["selective"] else
                   f"{up_id} is not selective with {device_id} above {pair['selective_up_to_ka']:g} kA "
                   f"(available {pair['fault_current_ka']:g} kA)")
            yield Outcome("pass" if pair["selective"] else "fail", (device_id, up_id), ev, msg)


@rule("ELEC-XFPROT-001", title="Transformer overcurrent protection", category="electrical",
      clause="NEC 2023 450.3, Tables 450.3(A) and 450.3(B)", severity="major",
      reads=("protection.nec_450_3[<transformer>].primary_setting_a", "protection.nec_450_3[<transformer>].secondary_setting_a"),
      limit="Table 450.3(A)/(B) percentages of rated current (studies.coordination.supervised selects the rows)")
def transformer_protection(ctx: Context):
    """Each transformer's primary device setting (the relay pickup, else the breaker rating) and its
    secondary device shall not exceed the percentages of Table 450.3(A) (over 1000 V) or 450.3(B) of
    the rated currents, with the next standard rating where the notes allow it."""
    items = _protection(ctx, "nec_450_3")
    for t_id in sorted(items):
        r = items[t_id]
        if r["status"] == "untested":
            yield Outcome("untested", (t_id,), (), f"{t_id}: {r['reason']}", needs="a transformer within Table 450.3")
            continue
        if "primary_limit_a" not in r:
            yield Outcome("fail", (t_id,), (), f"{t_id}: {r['reason']}")
            continue
        ev = (evidence("primary setting", r["primary_setting_a"], "A", limit=r["primary_limit_a"], relation="<=",
                       element=",".join(r["primary_devices"])),
              evidence("secondary setting", r["secondary_setting_a"], "A", limit=r["secondary_limit_a"],
                       relation="<=" if r["secondary_limit_a"] is not None else None,
                       element=",".join(r["secondary_devices"]) or None))
        msg = f"{t_id}: Table {r['table']} ({r['row']})"
        if not r["primary_ok"]:
            msg += (f"; primary {r['primary_setting_a']:g} A above {r['primary_limit_a']:g} A "
                    f"({r['primary_limit_percent']:g} % of {r['primary_rated_a']:g} A)")
            if not r["settings_given"]:
                msg += ", taken from the breaker rating: no relay setting is given"
        if not r["secondary_ok"]:
            msg += f"; secondary {r['secondary_setting_a']} A above {r['secondary_limit_a']} A"
        yield Outcome(r["status"], tuple([t_id] + r["primary_devices"] + r["secondary_devices"]), ev, msg)


@rule("ELEC-GENPROT-001", title="Devices trip on the generator-only minimum fault", category="electrical",
      clause="IEC 60909-0:2016 minimum short-circuit currents and breaking current (factor mu) with the utility out; "
             "IEEE 242 (Buff Book) practice: each device shall detect the minimum fault in its zone",
      severity="major",
      reads=("protection.generator_only.devices[<device>].clearing_time_s",
             "protection.generator_only.devices[<device>].i_cleared_ka",
             "protection.generator_only.devices[<device>].long_time_pickup_ka"),
      limit="a finite clearing time on the device's curve at the current it clears")
def generator_only_sensitivity(ctx: Context):
    """With the utility out and the standby generators carrying the site, the short-circuit currents are a
    fraction of the utility's. Each device below the generators shall still trip on a fault at the far end
    of what it protects: at the IEC 60909-0 minimum current of the generator-only case, decayed to the
    breaking current at the device's own clearing time (an instantaneous trip sees the initial current).
    A device whose pickups all lie above that current never clears the fault. Not applicable to a design
    without generators."""
    study = study_results(ctx, PROTECTION).get("generator_only")
    if not study:
        return
    for device_id, d in sorted(study["devices"].items()):
        ev = (evidence("current cleared (mu x I\"k)", d["i_cleared_ka"], "kA", limit=d["long_time_pickup_ka"], relation=">=",
                       element=device_id),
              evidence("initial current I\"k through the device", d["ik_initial_ka"], "kA", element=device_id),
              evidence("breaking-current factor mu", d["mu"], "", element=device_id),
              evidence("clearing time", d["clearing_time_s"], "s", element=device_id))
        slow = d["element"] in ("long time", "inverse time")
        text = (f"{device_id}: generator-only fault at {d['fault_bus']} {d['ik_initial_ka']:g} kA, cleared at "
                f"{d['i_cleared_ka']:g} kA " + (f"in {d['clearing_time_s']:g} s by its {d['element']} element"
                                                if d["trips"] else "never: below every pickup of its curve")
                + ("; after the breaking time the generators' sustained current (excitation-dependent, not "
                   "computed) decides" if slow else ""))
        yield Outcome("pass" if d["trips"] else "fail", (device_id, d["fault_bus"]), ev, text)


@rule("ELEC-UPSPROT-001", title="Devices below a UPS trip on the inverter's current on battery", category="electrical",
      clause="IEC 62040-3 stored-energy mode (the inverter alone feeds the load); IEEE 242 (Buff Book) practice: each "
             "device shall detect the minimum fault in its zone; inverter current limits per catalog "
             "converter-fault-current (UPS makers' manuals)",
      severity="major",
      reads=("protection.ups_battery.devices[<device>].clearing_time_s",
             "protection.ups_battery.devices[<device>].ik_initial_ka",
             "protection.ups_battery.devices[<device>].ik_held_ka",
             "protection.ups_battery.devices[<device>].instantaneous_pickup_ka"),
      limit="the instantaneous element picks up on the inverter's initial current, or the device clears the held "
            "current within the inverter's window")
def ups_battery_sensitivity(ctx: Context):
    """With the utility lost and no bypass source, a UPS inverter alone feeds the faults below it, at its
    current limit: a few times its rated current for a fraction of a second, then about 1.5 times until
    it stops. Each device below a UPS shall still clear a fault at the far end of what it protects: its
    instantaneous element shall pick up on the initial current (pickup raised by its tolerance), or its
    curve shall clear the held current within the inverter's window. A device that does neither leaves the
    fault to the inverter, which stops and drops its whole output bus. Not applicable to a design without
    UPSs."""
    study = study_results(ctx, PROTECTION).get("ups_battery")
    if not study:
        return
    for device_id, d in sorted(study["devices"].items()):
        pickup = d["instantaneous_pickup_ka"]
        ev = (evidence("initial inverter current through the device", d["ik_initial_ka"], "kA", limit=pickup,
                       relation=">=" if pickup is not None else None, element=device_id),
              evidence("held inverter current through the device", d["ik_held_ka"], "kA", element=device_id),
              evidence("clearing time", d["clearing_time_s"], "s", limit=d["window_s"], relation="<=", element=device_id))
        text = (f"{device_id}: fault at {d['fault_bus']} fed by {d['lineup']} on battery, {d['ik_initial_ka']:g} kA "
                f"then {d['ik_held_ka']:g} kA (limited by the {d['limited_by']}), "
                + (f"cleared in {d['clearing_time_s']:g} s by its {d['element']} element" if d["trips"] else
                   f"not cleared within the inverter's {d['window_s']:g} s"
                   + (f" (instantaneous pickup {pickup:g} kA plus tolerance)" if pickup is not None else "")
                   + ": the inverter stops and its whole output bus is lost; "
                   + (_inrush_conflict_text(d) if (d.get("inrush") or {}).get("conflict") else
                      "lower the pickup of a short-time or instantaneous element (an alternate settings group on "
                      "battery) or choose a smaller device")))
        yield Outcome("pass" if d["trips"] else "fail", (device_id, d["fault_bus"]), ev, text)


def _inrush_conflict_text(d: dict) -> str:
    """Why no short-time pickup of a device both clears on battery and rides through the PSU inrush."""
    r = d["inrush"]
    return (f"no short-time pickup does both: one low enough for the held {d['ik_held_ka']:g} kA (with its tolerance) "
            f"would trip on the {r['current_ka']:g} kA inrush of the rack power supplies it energises "
            f"({r['duration_s']:g} s, short-time band {r['short_time_delay_s']:g} s); a longer short-time band, a "
            "staggered start of the racks' shelves or a lineup with more inverter current resolves it")


@rule("ELEC-UPSPROT-002", title="Devices below a UPS do not trip on the rack power supplies' inrush", category="electrical",
      clause="IEEE 242 (Buff Book) practice: a device's curve shall lie above the inrush of the load it energises; "
             "PSU inrush per catalog psu-inrush (estimate from server power-supply data sheets); all rack feeds "
             "below the device energised at once",
      severity="major",
      reads=("protection.ups_battery.devices[<device>].inrush.current_ka",
             "protection.ups_battery.devices[<device>].inrush.duration_s",
             "protection.ups_battery.devices[<device>].inrush.trip_time_s",
             "protection.ups_battery.devices[<device>].inrush.short_time_pickup_ka"),
      limit="the device's earliest trip at the inrush current later than the inrush lasts")
def ups_battery_inrush(ctx: Context):
    """Settings low enough to clear a fault on a UPS inverter's current (ELEC-UPSPROT-001) must not trip
    the device when it closes onto the racks below it. Every power supply of their shelves charges its input
    capacitors at once and the pulses add on each phase. The device's earliest trip (pickups at the low edge
    of their tolerance, bands shortened) at that current shall come after the inrush has passed. A device
    that trips cannot energise its racks; the message says when the battery-fault window and the inrush ask
    for pickups no short-time setting meets both. Not applicable to a design without UPSs; a device with no
    rack below it is not judged."""
    study = study_results(ctx, PROTECTION).get("ups_battery")
    if not study:
        return
    for device_id, d in sorted(study["devices"].items()):
        r = d.get("inrush")
        if r is None:
            continue
        ev = (evidence("inrush current through the device (rms equivalent)", r["current_ka"], "kA", element=device_id),
              evidence("inrush duration", r["duration_s"], "s", element=device_id),
              evidence("earliest trip at the inrush current", r["trip_time_s"], "s", limit=r["duration_s"],
                       relation=">=" if r["trip_time_s"] is not None else None, element=device_id),
              evidence("short-time pickup", r["short_time_pickup_ka"], "kA", element=device_id),
              evidence("short-time delay", r["short_time_delay_s"], "s", element=device_id),
              evidence("instantaneous pickup", d["instantaneous_pickup_ka"], "kA", element=device_id))
        head = (f"{device_id}: closing onto {r['rack_feeds']} rack feed(s) ({r['psus_per_phase']} power supplies on the "
                f"most loaded phase) draws {r['current_ka']:g} kA ({r['peak_ka']:g} kA peak) for {r['duration_s']:g} s")
        if r["trips"]:
            text = (head + f": its {r['element']} element trips at {r['trip_time_s']:g} s, within the inrush; raise that "
                           "pickup or lengthen its band, or stagger the racks' start"
                    + ("; " + _inrush_conflict_text(d) if r["conflict"] else ""))
        else:
            text = head + (f": its earliest trip, {r['trip_time_s']:g} s by its {r['element']} element, comes after the inrush"
                           if r["trip_time_s"] is not None else ": below every pickup of its curve")
        yield Outcome("fail" if r["trips"] else "pass", (device_id, d["fault_bus"]), ev, text)
