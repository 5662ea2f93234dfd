"""Faults below a UPS on battery (retrofit.electrical.ups_battery_faults), rule ELEC-UPSPROT-001 and the
planner's short-time pickups for it (retrofit.planning.ups_battery_settings), on the small planning site
planned with UPS lineups (conftest ``planned``: 3 x 1,500 kW modules per GPU lineup).

Kind: consistency checks. The inverter limits are the catalog's (converter-fault-current rows
ups_inverter_initial 3.0 for 20 ms, ups_inverter_held 1.5 to 500 ms); the currents are recomputed here by
hand from them and the lineup's rating with one module out; the network-limited current is checked by hand
on a one-line feeder in the module's doctest. Tolerances: round-off of the 4-decimal kA the results hold.
"""
from __future__ import annotations

import math

import pytest

from retrofit.catalog import load_catalog
from retrofit.electrical.device_clearing import clearing_topology, device_curve, device_defaults
from retrofit.electrical.ups_battery_faults import inverter_limits, ups_battery_study
from retrofit.review.registry import get_rule, run_rules


def curves_of(design, catalog):
    topo = clearing_topology(design)
    units, relays = device_defaults(catalog)
    fuses = catalog.table("fuse-curves").rows
    return {b.id: device_curve(b, units, relays, fuses=fuses, vn_v=topo.bus_vn[b.bus]) for b in design.electrical.breakers}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def study(planned, catalog):
    return ups_battery_study(planned.proposed, curves_of(planned.proposed, catalog), catalog)


def test_catalog_limits_are_the_sourced_figures(catalog):
    lim = inverter_limits(catalog)
    assert lim["ups_inverter_initial"] == (3.0, 0.02)  # Schneider FAQ FA158689: 300 % for up to 20 ms
    assert lim["ups_inverter_held"] == (1.5, 0.5)  # Riello Multi Sentry: 150 % for 500 ms on battery
    assert lim["ups_inverter_max"] == (3.4, 0.2)  # Liebert APM Table 6-6: 340 % for 200 ms


def test_lineup_currents_by_hand(planned, study):
    ups = {u.id: u for u in planned.proposed.electrical.ups}
    buses = {b.id: b for b in planned.proposed.electrical.buses}
    assert set(study["lineups"]) == set(ups)
    for uid, lu in study["lineups"].items():
        u = ups[uid]
        v = buses[u.to_bus].voltage.to("V").magnitude
        i_r = (u.count - 1) * u.rating.to("W").magnitude / (math.sqrt(3) * v)  # one module out, unit power factor
        assert lu["i_rated_n_ka"] == pytest.approx(i_r / 1e3, abs=1e-4)
        assert lu["ik_initial_ka"] == pytest.approx(3.0 * i_r / 1e3, abs=1e-4)
        assert lu["ik_held_ka"] == pytest.approx(1.5 * i_r / 1e3, abs=1e-4)
        assert lu["ik_max_ka"] == pytest.approx(3.4 * u.count * u.rating.to("W").magnitude / (math.sqrt(3) * v) / 1e3,
                                                abs=1e-4)


def test_each_device_sees_the_smaller_of_the_limit_and_the_network(study):
    assert study["devices"]
    for d in study["devices"].values():
        bus = study["buses"][d["fault_bus"]]
        lu = study["lineups"][d["lineup"]]
        assert bus["ik_held_ka"] == pytest.approx(min(lu["ik_held_ka"], bus["ik_network_ka"]), abs=1e-4)
        assert bus["ik_initial_ka"] == pytest.approx(min(lu["ik_initial_ka"], bus["ik_network_ka"]), abs=1e-4)


def at_default_pickup(design):
    """``design`` with the GPU lineups' busway breakers back at their kind's short-time pickup, 6 x Ir
    (7,200 A), as the planner's protection settings write them before the battery case."""
    out = design.model_copy(deep=True)
    out.electrical.breakers = [
        b.model_copy(update={"trip": b.trip.model_copy(update={"short_time_pickup": b.trip.long_time_pickup * 6})})
        if b.id.startswith("cb-bw-") else b for b in out.electrical.breakers]
    return out


def test_at_the_default_pickup_busway_breakers_do_not_trip_on_a_two_module_inverter(planned, catalog):
    # 3 x 1,500 kW at 415 V with one module out: 3 x 4.17 kA = 12.52 kA for 20 ms, below the 1,200 A busway
    # breakers' 12 kA instantaneous pickup plus its 10 % tolerance; then 6.26 kA, below their 7.2 kA short-time
    # pickup, and their long-time band needs longer than 0.5 s: the inverter stops, the whole lineup is lost.
    design = at_default_pickup(planned.proposed)
    study = ups_battery_study(design, curves_of(design, catalog), catalog)
    gpu = {k: d for k, d in study["devices"].items() if "gpu-racks" in d["lineup"]}
    assert gpu and all(not d["trips"] and d["element"] == "none" for d in gpu.values())
    assert all(d["ik_initial_ka"] < d["instantaneous_pickup_ka"] * 1.1 for d in gpu.values())
    rule = [get_rule("ELEC-UPSPROT-001")]
    failing = [f for f in run_rules(design, {"protection": {"ups_battery": study}}, rules=rule) if f.status == "fail"]
    assert {f.elements[0] for f in failing} == set(gpu)
    assert all("whole output bus is lost" in f.message for f in failing)
    bigger = design.model_copy(deep=True)  # 4 x 1.5 MW with one module out: 25 kA, above 13.2 kA
    bigger.electrical.ups = [u.model_copy(update={"count": 5}) if "gpu-racks" in u.id else u for u in bigger.electrical.ups]
    s2 = ups_battery_study(bigger, curves_of(bigger, catalog), catalog)
    assert all(s2["devices"][k]["trips"] and s2["devices"][k]["element"] == "instantaneous" for k in gpu)


def test_the_planner_lowers_the_short_time_pickup(planned, catalog, study):
    # largest of the planner's short-time multiples with 1.1 x m x 1,200 A <= 6,260 A: 4 (4,800 A); its 0.1 s
    # band plus the opening time clears within the 0.5 s window
    gpu = {k: d for k, d in study["devices"].items() if "gpu-racks" in d["lineup"]}
    breakers = {b.id: b for b in planned.proposed.electrical.breakers}
    assert all(breakers[k].trip.short_time_pickup.to("A").magnitude == pytest.approx(4800.0) for k in gpu)
    assert all(d["trips"] and d["element"] == "short time" and d["clearing_time_s"] <= 0.5 for d in gpu.values())
    assert any("7,200 A -> 4,800 A" in n for n in planned.notes)
    findings = run_rules(planned.proposed, {"protection": {"ups_battery": study}}, rules=[get_rule("ELEC-UPSPROT-001")])
    assert findings and all(f.status == "pass" for f in findings)
    from retrofit.planning.ups_battery_settings import set_battery_pickups
    again, notes = set_battery_pickups(at_default_pickup(planned.proposed), catalog)
    assert notes and all(b.trip == breakers[b.id].trip for b in again.electrical.breakers if b.id in gpu)


def test_not_applicable_without_ups(catalog):
    from pathlib import Path

    from retrofit.io.load import load
    design = load(Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml")
    assert ups_battery_study(design, {}, catalog) is None
    findings = run_rules(design, {"protection": {"ups_battery": None}}, rules=[get_rule("ELEC-UPSPROT-001")])
    assert [f.status for f in findings] == ["not_applicable"]
