"""Faults below a UPS on battery (retrofit.electrical.ups_battery_faults) and rule ELEC-UPSPROT-001, on the
small planning site planned with UPS lineups (conftest ``planned``: 3 x 1,500 kW modules per GPU lineup).

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


def test_busway_breakers_do_not_trip_on_a_two_module_inverter(study):
    # 3 x 1,500 kW at 415 V with one module out: 3 x 4.17 kA = 12.52 kA initially, below the 1,200 A busway
    # breakers' 12 kA instantaneous pickup plus its 10 % tolerance; 6.26 kA held is below their short-time
    # pickup and their long-time band needs longer than 0.5 s: the inverter stops, the whole lineup is lost.
    gpu = {k: d for k, d in study["devices"].items() if "gpu-racks" in d["lineup"]}
    assert gpu and all(not d["trips"] and d["element"] == "none" for d in gpu.values())
    assert all(d["ik_initial_ka"] < d["instantaneous_pickup_ka"] * 1.1 for d in gpu.values())


def test_rule_fails_them_and_passes_with_a_larger_lineup(planned, catalog, study):
    rule = [get_rule("ELEC-UPSPROT-001")]
    findings = run_rules(planned.proposed, {"protection": {"ups_battery": study}}, rules=rule)
    failing = [f for f in findings if f.status == "fail"]
    assert failing and all("whole output bus is lost" in f.message for f in failing)
    bigger = planned.proposed.model_copy(deep=True)
    bigger.electrical.ups = [u.model_copy(update={"count": 5}) if "gpu-racks" in u.id else u for u in bigger.electrical.ups]
    s2 = ups_battery_study(bigger, curves_of(bigger, catalog), catalog)  # 4 x 1.5 MW: 25 kA above 13.2 kA
    gpu = {k: d for k, d in s2["devices"].items() if "gpu-racks" in d["lineup"]}
    assert all(d["trips"] and d["element"] == "instantaneous" for d in gpu.values())
    passing = run_rules(bigger, {"protection": {"ups_battery": s2}}, rules=rule)
    assert {f.elements[0] for f in passing if f.status == "pass"} >= set(gpu)


def test_not_applicable_without_ups(catalog):
    from pathlib import Path

    from retrofit.io.load import load
    design = load(Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml")
    assert ups_battery_study(design, {}, catalog) is None
    findings = run_rules(design, {"protection": {"ups_battery": None}}, rules=[get_rule("ELEC-UPSPROT-001")])
    assert [f.status for f in findings] == ["not_applicable"]
