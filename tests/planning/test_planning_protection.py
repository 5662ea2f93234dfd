"""The planner's protective devices: interrupting steps from the design's own fault study (method and
-7.5 % impedance tolerance), LSI and relay settings within NEC 450.3 and selective, NEC 240.87
maintenance pickups, and the NEC 240.6(A) next standard rating for LV mains. Behaviour checks against
the protection study and its review rules (docs/protection.md), not validation."""
from __future__ import annotations

import math

import pytest

from planning_paths import ROOT
from retrofit.catalog import load_catalog
from retrofit.electrical.protection import protection_study
from retrofit.electrical.relay_settings import PICKUP_MULTIPLE
from retrofit.electrical.transformer_protection import transformer_protection_limits
from retrofit.io.load import load
from retrofit.model import Breaker
from retrofit.planning import PlanOptions, plan
from retrofit.planning.options import _main_breakers
from retrofit.planning.protection_settings import LINE_SIDE_NOTE, set_protection, stronger_breaker
from retrofit.review.registry import run_rules
from retrofit.units import magnitude

PROTECTION_RULES = ("ELEC-DUTY-001", "ELEC-AF-001", "ELEC-AF-002", "ELEC-COORD-001", "ELEC-XFPROT-001")


def _findings(design, study):
    return [f for f in run_rules(design, {"protection": study}) if f.rule_id in PROTECTION_RULES]


def _statuses(findings, rule_id):
    return {f.status for f in findings if f.rule_id == rule_id}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def small_plan(small_site):
    return plan(small_site, PlanOptions(phases=False, contingencies=False))


@pytest.fixture(scope="module")
def small_study(small_plan, catalog):
    design = small_plan.proposed
    study = protection_study(design, catalog=catalog)
    return design, study, _findings(design, study)


def test_every_breaker_the_planner_writes_carries_settings(small_plan):
    breakers = small_plan.proposed.electrical.breakers
    assert breakers and all(b.trip is not None for b in breakers if b.kind != "fuse")
    assert any("trip and relay settings written" in n for n in small_plan.notes)


def test_small_design_passes_duty_450_3_selectivity_and_240_87(small_study):
    design, study, findings = small_study
    for rule_id in ("ELEC-DUTY-001", "ELEC-AF-002", "ELEC-COORD-001", "ELEC-XFPROT-001"):
        assert _statuses(findings, rule_id) == {"pass"}, [f.message for f in findings
                                                          if f.rule_id == rule_id and f.status != "pass"]


def test_arc_flash_is_judged_on_the_settings_and_every_bus_location_passes(small_study, small_plan):
    design, study, findings = small_study
    af = [f for f in findings if f.rule_id == "ELEC-AF-001"]
    assert af and all(f.status != "untested" for f in af)
    for bus_id, entry in study["arc_flash"].items():
        loc = entry.get("bus")
        if loc and loc.get("status") == "computed":
            assert loc["settings_given"]
            assert loc["incident_energy_cal_cm2"] <= design.studies.arc_flash.incident_energy_limit_cal_cm2, bus_id
    # the line side of each LV main is cleared only by the transformer's primary relay: where its curve leaves
    # the arc above the criterion, the planner adds an arc-flash relay, and every location passes
    assert {f.status for f in af} == {"pass"}, [f.message for f in af if f.status != "pass"]
    limit = design.studies.arc_flash.incident_energy_limit_cal_cm2
    for br in design.electrical.breakers:
        if br.trip is not None and br.trip.arc_flash_relay:
            guarded = [e["line_side_of_main"] for e in study["arc_flash"].values()
                       if br.id in (e.get("line_side_of_main") or {}).get("clearing_devices", [])]
            assert guarded and all(g["incident_energy_cal_cm2"] <= limit for g in guarded)


def test_primary_relays_sit_within_nec_450_3_from_the_recommendation(small_study, catalog):
    design, study, _ = small_study
    e = design.electrical
    rows = catalog.table("nec-450-3").rows
    checked = 0
    for t in e.transformers:
        entry = study["nec_450_3"][t.id]
        (relay_id,) = entry["primary_devices"]
        relay = next(b for b in e.breakers if b.id == relay_id)
        lim = transformer_protection_limits(rows, magnitude(t.rating, "VA"), magnitude(t.v_primary, "V"),
                                            magnitude(t.v_secondary, "V"), magnitude(t.z_percent, "percent"),
                                            "breaker", "breaker")
        pickup = magnitude(relay.trip.long_time_pickup, "A")
        assert lim.primary_rated_a <= pickup <= lim.primary_limit_a
        # the recommendation's pickup: 1.5 x rated current rounded up to 5 A (IEEE 242 practice)
        assert pickup == math.ceil(PICKUP_MULTIPLE * lim.primary_rated_a / 5.0) * 5.0
        assert relay.trip.curve is not None and relay.trip.time_dial is not None
        # the same setting the protection study recommends for this transformer (same function, same inputs)
        rec = entry["recommended_primary"]
        assert (pickup, relay.trip.curve, relay.trip.time_dial) == (rec["long_time_pickup_a"], rec["curve"],
                                                                   rec["time_dial"])
        main = study["coordination"][entry["secondary_devices"][0]]["upstream"][relay_id]
        assert main["selective"] and main["worst_margin_s"] >= 0.3 - 1e-9
        checked += 1
    assert checked == len(e.transformers)


def test_lsi_long_time_pickups_between_load_and_ampacity(small_plan, small_study):
    design, study, _ = small_study
    e = design.electrical
    feeders = small_plan.results["electrical"]["feeders"]
    busways = {b.id: b for b in e.busways}
    for br in e.breakers:
        if br.kind not in ("lvpcb", "iccb", "mccb"):
            continue
        ir = magnitude(br.trip.long_time_pickup, "A")
        assert ir <= magnitude(br.rating, "A")
        if br.protects in busways:
            assert ir <= magnitude(busways[br.protects].rating, "A")
            assert ir >= feeders[br.protects]["i_a"]
        t = next((t for t in e.transformers if t.id == br.protects), None)
        if t is not None:  # an LV main: at most its NEC 450.3 secondary limit, at least its load current
            limit = study["nec_450_3"][t.id]["secondary_limit_a"]
            branch = small_plan.results["electrical"]["load_flow"]["branches"][t.id]
            assert max(branch["i_from_a"], branch["i_to_a"]) <= ir <= limit


def test_breakers_of_1200_a_get_a_maintenance_pickup_below_the_arcing_current(small_study):
    design, study, _ = small_study
    big = [b for b in design.electrical.breakers
           if max(magnitude(b.rating, "A"), magnitude(b.trip.long_time_pickup, "A")) >= 1200]
    assert big
    for b in big:
        assert b.trip.maintenance_pickup is not None
        r = study["nec_240_87"][b.id]
        assert r["ok"] and any("maintenance" in m for m in r["methods"])
        if r["arcing_current_min_ka"] is not None and b.kind != "mv_breaker":
            assert magnitude(b.trip.maintenance_pickup, "A") * 1.1 < r["arcing_current_min_ka"] * 1e3


def test_interrupting_step_from_the_fault_study_duty(catalog):
    br = Breaker(id="cb", bus="b", protects="bw", model="iccb-1600a-65ka",
                 **catalog.get("iccb-1600a-65ka", "breaker").data)
    # 63 kA at X/R 6: UL 489 peak-basis factor (1 + e^(-pi/6)) / (1 + e^(-pi/4.9)) = 1.043 -> 65.7 kA > 65 kA
    assert stronger_breaker(catalog, br, 63e3, 1 / 6.0).id == "iccb-1600a-100ka"
    assert stronger_breaker(catalog, br, 50e3, 1 / 6.0).id == "iccb-1600a-65ka"
    assert stronger_breaker(catalog, br, 120e3, 1 / 6.0) is None


def test_lv_main_limit_is_the_next_standard_rating_not_the_next_catalog_step(catalog):
    # 125 % of FLA = 3100 A: the catalog's next step is 3200 A, NEC 240.6(A)'s next standard rating 4000 A
    ratings = {magnitude(Breaker(id="x", bus="x", protects="x", **e.data).rating, "A")
               for e in _main_breakers(catalog, 4000.0, 3100.0 / 1.25, 10e3)}
    assert 4000.0 in ratings
    # 125 % of FLA = 2900 A: the next standard rating is 3000 A, so the 3200 A frames are out
    ratings = {magnitude(Breaker(id="x", bus="x", protects="x", **e.data).rating, "A")
               for e in _main_breakers(catalog, 4000.0, 2900.0 / 1.25, 10e3)}
    assert 3000.0 in ratings and 3200.0 not in ratings and max(ratings) == 3000.0


def test_washington_proposal_with_the_planner_settings_passes_duty_450_3_coordination_240_87(catalog):
    design = load(ROOT / "examples" / "washington-18mw" / "proposed.yaml")
    for br in design.electrical.breakers:  # as the planner meets them: no settings yet
        br.trip = None
    changes = set_protection(design, catalog)
    study = protection_study(design, catalog=catalog)
    findings = _findings(design, study)
    for rule_id in ("ELEC-DUTY-001", "ELEC-AF-002", "ELEC-COORD-001", "ELEC-XFPROT-001"):
        assert _statuses(findings, rule_id) == {"pass"}, rule_id
    # the 1,600 A busway breakers of the 2.5 MVA 415 V substations need the 100 kA step (about 67 kA duty)
    for dev_id, dev in study["devices"].items():
        if dev_id.startswith("cb-bw-tx-") and dev_id.split("-")[3] in ("6a", "6b", "7a", "7b", "8a", "8b", "9a",
                                                                        "9b", "10a", "10b"):
            assert dev["duty"]["duty_ka"] > 65.0 and dev["duty"]["interrupting_ka"] == 100.0
    assert all(c.what in ("settings", "interrupting", "binding") for c in changes)


@pytest.mark.slow
def test_fresh_washington_plan_passes_every_protection_rule(washington_plan, catalog):
    design = washington_plan.proposed
    study = protection_study(design, catalog=catalog)
    findings = _findings(design, study)
    for rule_id in ("ELEC-DUTY-001", "ELEC-AF-002", "ELEC-COORD-001", "ELEC-XFPROT-001", "ELEC-AF-001"):
        assert _statuses(findings, rule_id) == {"pass"}, rule_id
    # the 24 transformer primaries carry arc-flash relays: an arc on a main's line side lasts about 0.09 s
    relays = [b for b in design.electrical.breakers if b.trip is not None and b.trip.arc_flash_relay]
    assert len(relays) == len(design.electrical.transformers)


def test_long_time_pickup_held_to_the_busway_rating_when_the_breaker_is_larger(small_plan, catalog):
    design = small_plan.proposed.model_copy(deep=True)
    bw = design.electrical.busways[0]
    br = next(b for b in design.electrical.breakers if b.protects == bw.id)
    bw.rating = bw.rating * 0.75  # a run rated below its breaker: the setting, not the frame, protects it
    for b in design.electrical.breakers:
        b.trip = None
    set_protection(design, catalog)
    br = next(b for b in design.electrical.breakers if b.protects == bw.id)
    assert magnitude(br.trip.long_time_pickup, "A") == pytest.approx(magnitude(bw.rating, "A"))
    assert magnitude(br.trip.long_time_pickup, "A") < magnitude(br.rating, "A")


def test_transformer_beyond_table_450_3_is_set_for_selectivity_alone(small_plan, catalog):
    """Regression (mutation fuzz): a transformer of 10.5 % impedance is above the rows of NEC Table 450.3(A);
    the planner sets its relay without that limit and says so, instead of stopping with an error, and the
    review reports NEC 450.3 untested for it."""
    from retrofit.units import Q_

    design = small_plan.proposed.model_copy(deep=True)
    t = design.electrical.transformers[0]
    design.electrical.transformers[0] = t.model_copy(update={"z_percent": Q_(10.5, "percent")})
    design.electrical.breakers = [b.model_copy(update={"trip": None}) for b in design.electrical.breakers]
    changes = set_protection(design, catalog)
    assert any("no NEC 450.3 limit" in c.message and t.id in c.message for c in changes)
    study = protection_study(design, catalog=catalog)
    assert study["nec_450_3"][t.id]["status"] == "untested"
