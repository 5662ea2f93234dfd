"""The planner's arc-flash mitigation at MV buses (retrofit.planning.mv_arc_flash): on a small 34.5 kV
design a lineup above 40 cal/cm² by Lee's method gets an arc-flash relay on its feeder breaker and, where
that is not enough, the catalog's 3-cycle breaker; the protection study then clears the lineup in the
relay's time plus the breaker's interrupting time. Behaviour and consistency checks (Lee's method itself:
tests/protection/test_arc_flash_lee.py)."""
from __future__ import annotations

import copy

import pytest
import yaml

from retrofit.catalog import load_catalog
from retrofit.electrical import arc_flash as af
from retrofit.electrical.arc_flash_lee import LEE_METHOD, lee_incident_energy
from retrofit.electrical.protection import arc_flash_relay_time_s, protection_study
from retrofit.io.load import load_text
from retrofit.planning.bom import bill_of_materials
from retrofit.planning.protection_settings import protection_notes, set_protection

CAT = load_catalog()
RELAY_S = arc_flash_relay_time_s(CAT)
FIVE_CYCLES_S = float(next(r for r in CAT.table("trip-unit-defaults").rows if r["kind"] == "mv_breaker")["opening_time"])
MV_CABLE = {"insulation": "MV-105", "insulation_rating": "105 degC", "voltage_rating": "35 kV"}


def lineup(sk_mva: float, feeder: dict | None = None) -> dict:
    """A 34.5 kV service feeding one switchgear lineup ``mv-l1`` (feeder breaker ``cb-l1``, no main),
    one 2.5 MVA transformer on it."""
    return {
        "version": 1, "site": {"name": "lineup", "location": "x", "climate": "allentown-pa", "altitude": "250 m"},
        "utility": {"id": "utility", "bus": "service", "voltage": "34.5 kV", "capacity": "50 MVA",
                    "sk": f"{sk_mva} MVA", "xr_ratio": 15.0},
        "electrical": {
            "buses": [{"id": "service", "voltage": "34.5 kV", "kind": "node"},
                      {"id": "mv-l1", "voltage": "34.5 kV", "kind": "switchgear"},
                      {"id": "mv-t1", "voltage": "34.5 kV", "kind": "node"},
                      {"id": "sb1", "voltage": "415 V", "kind": "switchboard"}],
            "transformers": [{"id": "t1", "model": "padmount-2500kva-34.5kv-415y240", "hv_bus": "mv-t1", "lv_bus": "sb1"}],
            "breakers": [feeder or {"id": "cb-l1", "model": "mv-breaker-1200a-25ka-38kv", "bus": "service",
                                    "protects": "mvc-l1"},
                         {"id": "cb-t1", "model": "mv-breaker-1200a-25ka-38kv", "bus": "mv-l1", "protects": "mvc-t1"},
                         {"id": "cb-main1", "model": "lvpcb-4000a-85ka", "bus": "sb1", "protects": "t1"}],
            "cables": [{"id": "mvc-l1", "from_bus": "service", "to_bus": "mv-l1", "size": "500 kcmil", "sets": 2,
                        "length": "60 m", "r_per_length": "0.027 Ω/kft", "x_per_length": "0.039 Ω/kft", **MV_CABLE},
                       {"id": "mvc-t1", "from_bus": "mv-l1", "to_bus": "mv-t1", "size": "2 AWG", "length": "30 m",
                        "r_per_length": "0.2 Ω/kft", "x_per_length": "0.05 Ω/kft", **MV_CABLE}]}}


def load(data: dict):
    return load_text(yaml.safe_dump(data, allow_unicode=True), "lineup.yaml")


def planned(data: dict):
    design = load(data)
    changes = set_protection(design, CAT)
    return design, changes, protection_study(design, catalog=CAT)


def test_a_lineup_above_the_criterion_gets_an_arc_flash_relay_on_its_feeder():
    before = protection_study(load(lineup(1200)), catalog=CAT)["arc_flash"]["mv-l1"]["bus"]
    design, changes, study = planned(lineup(1200))
    feeder = next(b for b in design.electrical.breakers if b.id == "cb-l1")
    assert feeder.trip.arc_flash_relay and feeder.model == "mv-breaker-1200a-25ka-38kv"
    bus = study["arc_flash"]["mv-l1"]["bus"]
    assert bus["method"] == LEE_METHOD and bus["clearing_devices"] == ["cb-l1"] == bus["arc_flash_relay_devices"]
    # consistency: the arc lasts the relay's time plus the breaker's 5-cycle opening
    assert bus["clearing_time_s"] == pytest.approx(RELAY_S + FIVE_CYCLES_S, abs=5e-5)
    assert bus["incident_energy_cal_cm2"] <= 40.0 < before["incident_energy_cal_cm2"]
    expected = af.calories_per_cm2(lee_incident_energy(34.5e3, bus["bolted_current_ka"] * 1e3, RELAY_S + FIVE_CYCLES_S,
                                                       0.9144))
    assert bus["incident_energy_cal_cm2"] == pytest.approx(expected, abs=expected * 5e-4 / bus["bolted_current_ka"] + 0.005)
    notes = protection_notes(changes)
    assert any("arc-flash relay" in n and "cb-l1" in n for n in notes)


def test_where_the_relay_is_not_enough_the_planner_takes_the_3_cycle_breaker():
    design, changes, study = planned(lineup(1500))
    feeder = next(b for b in design.electrical.breakers if b.id == "cb-l1")
    assert feeder.model == "mv-breaker-1200a-25ka-38kv-3cycle" and feeder.trip.arc_flash_relay
    bus = study["arc_flash"]["mv-l1"]["bus"]
    three_cycles = CAT.get("mv-breaker-1200a-25ka-38kv-3cycle", "breaker").data["interrupting_time"]
    assert three_cycles == "50 ms"
    assert bus["clearing_time_s"] == pytest.approx(RELAY_S + 0.050, abs=5e-5)
    assert bus["incident_energy_cal_cm2"] < 40.0
    assert study["devices"]["cb-l1"]["curve"]["opening_time_s"] == pytest.approx(0.05)
    assert not [c for c in changes if c.what == "binding" and c.breaker == "cb-l1"]


def test_without_a_faster_breaker_the_lineup_stays_above_and_the_note_says_what_would_meet_it():
    # a feeder given by its ratings, no catalog model: no faster variant to choose
    feeder = {"id": "cb-l1", "kind": "mv_breaker", "rating": "1200 A", "interrupting": "25 kA", "bus": "service",
              "protects": "mvc-l1"}
    design, changes, study = planned(lineup(1500, feeder))
    bus = study["arc_flash"]["mv-l1"]["bus"]
    assert bus["clearing_time_s"] == pytest.approx(RELAY_S + FIVE_CYCLES_S, abs=5e-5)
    assert bus["incident_energy_cal_cm2"] > 40.0
    binding = [c for c in changes if c.what == "binding" and c.breaker == "cb-l1"]
    assert binding and "faster breaker" in binding[0].group and "remote racking" in binding[0].group


def test_the_bom_prices_each_relay_once_and_the_replaced_breaker():
    site = lineup(1500)
    existing = load(site)
    design, _, _ = planned(site)
    bom = bill_of_materials(existing, None, CAT, proposed=design)
    relays = [i for i in bom["items"] if i["item"] == "arc-flash relay"]
    flagged = [b.id for b in design.electrical.breakers if b.trip is not None and b.trip.arc_flash_relay]
    assert len(relays) == 1 and relays[0]["quantity"] == len(flagged) and relays[0]["unit_price_usd"] > 0
    faster = [i for i in bom["items"] if i["model"] == "mv-breaker-1200a-25ka-38kv-3cycle"]
    assert len(faster) == 1 and faster[0]["quantity"] == 2  # the lineup's feeder and the transformer's primary
    # planning the design again adds nothing: the relays and breakers are in place
    again = copy.deepcopy(design)
    set_protection(again, CAT)
    assert [b.model for b in again.electrical.breakers] == [b.model for b in design.electrical.breakers]


def test_up_to_15_kv_the_study_clears_a_guarded_bus_in_the_relay_time_plus_the_opening():
    # Washington's 13.8 kV primary node mv-t1 (IEEE 1584-2018, 15 kV switchgear class), fed by cb-mv1
    from pathlib import Path

    from retrofit.io.load import load_data
    from retrofit.io.yaml_source import read_yaml
    data, smap = read_yaml(Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "site.yaml")
    data = copy.deepcopy(data)
    before = protection_study(load_data(data, smap), catalog=CAT)["arc_flash"]["mv-t1"]["bus"]
    for br in data["electrical"]["breakers"]:
        if br["id"] == "cb-mv1":
            br["trip"] = {"arc_flash_relay": True}
    after = protection_study(load_data(data, smap), catalog=CAT)["arc_flash"]["mv-t1"]
    assert after["method"] == "IEEE 1584-2018" and after["bus"]["clearing_devices"] == ["cb-mv1"]
    assert after["bus"]["arc_flash_relay_devices"] == ["cb-mv1"]
    assert after["bus"]["clearing_time_s"] == pytest.approx(RELAY_S + FIVE_CYCLES_S, abs=5e-5)
    assert after["bus"]["incident_energy_cal_cm2"] < before["incident_energy_cal_cm2"]
