"""Inrush of the rack power supplies a breaker energises (retrofit.electrical.psu_inrush), the planner's
battery-fault pickups held above it (retrofit.planning.ups_battery_settings) and rule ELEC-UPSPROT-002, on the
small planning site planned with UPS lineups (conftest ``planned``: 3 x 1,500 kW modules per GPU lineup, 415 V,
1,200 A busway breakers).

Kind: consistency checks. The figures are the catalog's (table psu-inrush, an estimate: 5.14 x the nameplate
input current for 40 ms); the currents and trip times are recomputed here by hand from them, the rack model's
power factor and lowest input voltage, and the trip-unit settings. Tolerances: round-off of the 4-decimal kA
the results hold. The conflict cases use a copy of the catalog with a longer, larger inrush (9 x for 0.2 s),
made up to exercise the check, not a figure of any PSU.
"""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from retrofit.catalog import Catalog, load_catalog
from retrofit.electrical.psu_inrush import (FeederInrush, feeder_inrush, inrush_figures, inrush_trip,
                                            psu_peak_inrush_a, psus_on_worst_phase)
from retrofit.electrical.tcc import DeviceCurve
from retrofit.electrical.ups_battery_faults import ups_battery_study
from retrofit.electrical.ups_losses import downstream_buses
from retrofit.planning.ups_battery_settings import set_battery_pickups
from retrofit.review.registry import get_rule, run_rules
from test_ups_battery_faults import at_default_pickup, curves_of

#: One GB300 NVL72 PSU's peak inrush by hand: 5.14 x 5,500 W / (0.98 x 200 V) [A].
PSU_PEAK_A = 5.14 * 5500.0 / (0.98 * 200.0)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def severe(catalog):
    """The catalog with every psu-inrush row at 9 x for 0.2 s (made up: a conflict to check)."""
    table = catalog.table("psu-inrush")
    rows = [{**r, "peak_multiple": 9.0, "duration": 0.2} for r in table.rows]
    tables = [replace(table, rows=rows) if t.id == "psu-inrush" else t for t in catalog.tables.values()]
    return Catalog(list(catalog.entries.values()), tables)


def test_catalog_rows_are_the_estimate_and_its_inputs(catalog):
    f = inrush_figures(catalog)
    assert {"gb300-nvl72", "gb200-nvl72", "default"} <= set(f)
    gb300 = f["gb300-nvl72"]
    assert (gb300.psu_rating_w, gb300.peak_multiple, gb300.duration_s) == (5500.0, 5.14, 0.04)
    assert gb300.cls == "estimate" and "Base Command Manager" in gb300.source
    assert f["default"].psu_rating_w == 1300.0  # HP Table 2-4: 1,300 VA marked, 36 A peak / 7 A rated
    assert 36.0 / 7.0 == pytest.approx(f["default"].peak_multiple, abs=0.005)


def test_one_psu_by_hand():
    assert psu_peak_inrush_a(5.14, 5500.0, 0.98, 200.0) == pytest.approx(144.235, abs=5e-4)  # 28.0612 A x 5.14


def test_psus_on_the_worst_phase(planned):
    gb300 = next(g for g in planned.proposed.loads.racks if g.model == "gb300-nvl72")
    assert psus_on_worst_phase(gb300, 5500.0) == 8  # psus_per_phase [8, 8, 8] per feed
    unknown = gb300.model_copy(update={"psus_per_phase": None})
    assert psus_on_worst_phase(unknown, 5500.0) == 10  # ceil(155 / 5.5) = 29 PSUs per feed, ceil(29 / 3) = 10


def test_a_busway_breaker_energising_four_racks_by_hand(planned, catalog):
    d = planned.proposed
    br = next(b for b in d.electrical.breakers if b.id == "cb-bw-t1-02")
    below = downstream_buses(d, next(x.to_bus for x in d.electrical.busways if x.id == br.protects))
    inrush = feeder_inrush(d, below, 415.0, catalog)
    # four GB300 feeds, 8 PSUs each on a phase, all at once: 32 x 144.24 A / sqrt(2)
    assert (inrush.racks, inrush.psus_per_phase, inrush.rows) == (4, 32, ("gb300-nvl72",))
    assert inrush.current_a == pytest.approx(32 * PSU_PEAK_A / math.sqrt(2.0), rel=1e-12)
    assert inrush.peak_a == pytest.approx(32 * PSU_PEAK_A, rel=1e-12)
    assert inrush.duration_s == 0.04
    # referred to a device at twice the voltage (across a transformer), half the current
    assert feeder_inrush(d, below, 830.0, catalog).current_a == pytest.approx(inrush.current_a / 2.0, rel=1e-12)
    assert feeder_inrush(d, set(), 415.0, catalog) is None


def test_trip_on_inrush_by_hand():
    # Washington's 1,600 A busway breakers with the battery pickup 2,400 A and a 0.2 s band, 4,176 A of inrush:
    # above 2,400 x 0.9 = 2,160 A the short-time band commits at 0.2 x 0.8 = 0.16 s, after the 40 ms inrush
    c = DeviceCurve("cb", "lsi", 1600.0, 4.0, 2400.0, 0.2, 16000.0, opening_time_s=0.025)
    r = inrush_trip(c, FeederInrush(4176.0, 4176.0 * math.sqrt(2.0), 0.04, 48, 6, ("gb300-nvl72",)))
    assert (round(r.trip_time_s, 6), r.trips, r.element) == (0.16, False, "short time")
    r = inrush_trip(c, FeederInrush(4176.0, 4176.0 * math.sqrt(2.0), 0.2, 48, 6, ("gb300-nvl72",)))
    assert r.trips and r.element == "short time"
    # below every pickup's low edge the long-time band: 0.8 x 4 s x (6 x 1,440 / 2,000)^2 = 59.7 s
    r = inrush_trip(c, FeederInrush(2000.0, 2828.4, 0.04, 24, 3, ("gb300-nvl72",)))
    assert (round(r.trip_time_s, 3), r.trips, r.element) == (59.720, False, "long time")


def test_planned_pickups_ride_through_the_inrush(planned, catalog):
    d = planned.proposed
    study = ups_battery_study(d, curves_of(d, catalog), catalog)
    gpu = {k: v for k, v in study["devices"].items() if "gpu-racks" in v["lineup"]}
    assert gpu and all(v["inrush"] is not None for v in gpu.values())
    for v in gpu.values():
        r = v["inrush"]
        assert r["short_time_pickup_ka"] == 4.8 and not r["trips"] and not r["conflict"]
        assert r["current_ka"] < 4.8 * 0.9  # below the lowered pickup's low edge: only the long-time band
    assert gpu["cb-bw-t1-02"]["inrush"]["current_ka"] == pytest.approx(32 * PSU_PEAK_A / math.sqrt(2) / 1e3, abs=1e-4)
    findings = run_rules(d, {"protection": {"ups_battery": study}}, rules=[get_rule("ELEC-UPSPROT-002")])
    assert findings and all(f.status == "pass" for f in findings)
    assert any("rides through the inrush" in n and "3,360 A" in n for n in planned.notes)


def test_a_conflict_keeps_the_pickup_and_says_so(planned, severe):
    # 9 x 28.06 A = 252.6 A per PSU for 0.2 s: 5.72 kA (4 feeds) and 5.88 kA (5 feeds, with a network rack)
    # reach the 4,800 A pickup's low edge (4,320 A) and its band commits at 0.08 s, within 0.2 s; the highest
    # pickup that clears the held 6,260 A is 4,800 A (x 1.1 = 5,280 A): no pickup does both. At 7,200 A
    # (6,480 A low edge) the inrush passes. Three feeds (4.29 kA) and two (1.60 kA) still take 4,800 A.
    design = at_default_pickup(planned.proposed)
    out, notes = set_battery_pickups(design, severe)
    study = ups_battery_study(out, curves_of(out, severe), severe)
    gpu = {k: v for k, v in study["devices"].items() if "gpu-racks" in v["lineup"]}
    kept = {k for k, v in gpu.items() if v["inrush"]["rack_feeds"] >= 4}
    assert kept and kept != set(gpu)
    pickups = {b.id: b.trip.short_time_pickup.to("A").magnitude for b in out.electrical.breakers if b.id in gpu}
    assert all(pickups[k] == pytest.approx(7200.0) for k in kept)
    assert all(pickups[k] == pytest.approx(4800.0) for k in set(gpu) - kept)
    assert all(gpu[k]["inrush"]["conflict"] and not gpu[k]["inrush"]["trips"] and not gpu[k]["trips"] for k in kept)
    note = next(n for n in notes if "keep their short-time pickup" in n)
    assert f"{len(kept)} breaker(s)" in note and "inrush" in note
    results = {"protection": {"ups_battery": study}}
    f1 = {f.elements[0]: f for f in run_rules(out, results, rules=[get_rule("ELEC-UPSPROT-001")])}
    assert all(f1[k].status == "fail" and "no short-time pickup does both" in f1[k].message for k in kept)
    f2 = {f.elements[0]: f for f in run_rules(out, results, rules=[get_rule("ELEC-UPSPROT-002")])}
    assert all(f.status == "pass" for f in f2.values())


def test_the_lowered_pickup_fails_on_a_longer_inrush(planned, severe):
    # the plan's 4,800 A pickups judged with the 0.2 s inrush: the four- and five-feed breakers trip on it
    d = planned.proposed
    study = ups_battery_study(d, curves_of(d, severe), severe)
    findings = {f.elements[0]: f for f in run_rules(d, {"protection": {"ups_battery": study}},
                                                    rules=[get_rule("ELEC-UPSPROT-002")])}
    failing = {k for k, f in findings.items() if f.status == "fail"}
    four_or_more = {k for k, v in study["devices"].items()
                    if "gpu-racks" in v["lineup"] and v["inrush"]["rack_feeds"] >= 4}
    assert failing == four_or_more
    f = findings[sorted(failing)[0]]
    row = next(e for e in f.evidence if e["relation"] == ">=")
    assert (round(row["value"], 6), row["limit"]) == (0.08, 0.2)
    assert "short time element trips at 0.08 s" in f.message and "no short-time pickup does both" in f.message
