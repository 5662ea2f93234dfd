"""The cross-domain single-failure study on the examples: what each outage takes away, the cooling
re-solved with the survivors, verdicts, caching of identical cases, and its link to the electrical N-1.

These are behaviour tests and consistency checks of the project's own model (the peer check of the
re-solved hydraulics is test_outage_loops_vs_wntr.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import retrofit
from retrofit.resilience import cross_domain_study, electrical_outages, prepare_base
from retrofit.resilience.outages import MAINTENANCE, mechanical_outages

PILOT = Path(__file__).parent / "data" / "pilot-plant-on-one-board.yaml"
WASHINGTON = Path(__file__).parent / "data" / "washington-pumps-on-one-board.yaml"


@pytest.fixture(scope="module")
def pilot():
    return retrofit.load(PILOT)


@pytest.fixture(scope="module")
def washington():
    return retrofit.load(WASHINGTON)


@pytest.fixture(scope="module")
def washington_study(washington):
    return cross_domain_study(washington)


def _by_element(study):
    return {r.element: r for r in study.faults}


@pytest.mark.parametrize("element", ["t5", "sb5", "mvc5"])
def test_washington_board_with_every_pump_loses_liquid_cooling(washington_study, element):
    """All five facility pumps of the Washington proposal hang on sb5: its outage leaves no pump."""
    r = _by_element(washington_study)[element]
    assert not r.ok and not r.racks_lost  # no rack loses power, yet the cooling is gone
    assert dict(r.cooling_lost)["fwp-hall-1"] == 5
    quantities = {b.quantity for b in r.breaches}
    assert "racks without liquid cooling" in quantities
    assert "fwp-hall-1" in r.summary and element in r.summary


def test_washington_mv_lineup_drops_six_cdus(washington_study):
    r = _by_element(washington_study)["mv-swgr-b"]
    assert sum(1 for cid, _ in r.cooling_lost if cid.startswith("cdu-")) == 6
    assert not r.ok
    assert any(b.quantity == "rack coolant supply" and b.value > b.limit for b in r.breaches)


def test_removing_a_unit_reduces_the_design_margin(washington_study):
    """Heat-rejection capacity at the design ambient does not follow the load: one unit out lowers it by
    one unit's capacity, whatever the heat carried."""
    intact = washington_study.intact[0]
    r = _by_element(washington_study)["hr-hall-1-sb5"]
    after = r.loops[0]
    per_unit = intact.capacity_design_kw / intact.units_installed
    assert after.units_in_service == intact.units_installed - 1
    assert after.capacity_design_kw == pytest.approx(intact.capacity_design_kw - per_unit, rel=1e-12)
    assert after.margin_design_kw < intact.margin_design_kw


def test_loss_of_cooler_energy_balance(washington_study):
    """Consistency: after a cooler is lost the heat rejected equals the load when the plant is feasible."""
    s = _by_element(washington_study)["hr-hall-1-sb5"].loops[0]
    assert s.solved and s.heat_rejected_kw == pytest.approx(s.heat_load_kw, rel=1e-9)


def test_identical_surviving_sets_are_solved_once(pilot):
    base = prepare_base(pilot)
    study = cross_domain_study(pilot, base=base)
    keys = {(f, k) for f, k in base.cache}
    assert study.solves == len(keys) - len(base.intact)
    # a breaker and the element it protects take the same equipment: one solve for both
    r = _by_element(study)
    assert r["cb-mech-a"].loops == r["c-mech-a"].loops
    assert study.solves < study.cases


def test_pilot_single_board_plant_fails(pilot):
    """The pilot hangs every cooler on mech-a and both facility pumps on mech-b."""
    r = _by_element(cross_domain_study(pilot))
    assert dict(r["c-mech-a"].cooling_lost)["acc"] == 3
    assert dict(r["c-mech-b"].cooling_lost)["fwp"] == 2
    assert not r["c-mech-a"].ok and not r["c-mech-b"].ok


def test_dual_input_cdu_survives_one_bus(pilot):
    c = pilot.cooling
    cdus = [x.model_copy(update={"bus_b": "mech-b", "power_inputs": 2}) if x.bus == "mech-a" else x for x in c.cdus]
    dual = pilot.model_copy(update={"cooling": c.model_copy(update={"cdus": cdus})})
    single = {o.element: o for o in electrical_outages(pilot)}
    both = {o.element: o for o in electrical_outages(dual)}
    lost_single = {cid for cid, _ in single["c-mech-a"].cooling_lost}
    lost_dual = {cid for cid, _ in both["c-mech-a"].cooling_lost}
    moved = {x.id for x in cdus if x.bus_b}
    assert moved and moved <= lost_single and not (moved & lost_dual)


def test_faults_worst_first_ties_by_id(washington_study):
    keys = [r.severity for r in washington_study.faults]
    assert keys == sorted(keys)
    untouched = [r.element for r in washington_study.faults if not r.loops and r.ok]
    assert untouched == sorted(untouched)  # equal consequences: by id


def test_maintenance_isolates_loop_mains(pilot):
    mains = [o for o in mechanical_outages(pilot, MAINTENANCE) if o.kind == "loop_main"]
    assert {o.element for o in mains} == {f"{lp.id}.main" for lp in pilot.cooling.loops}
    study = cross_domain_study(pilot)
    assert study.maintenance and all(not r.ok for r in study.maintenance)
    assert not study.concurrently_maintainable


def test_json_units_in_key_names(washington_study):
    j = washington_study.to_json()
    loop = j["intact"]["fw-hall-1"]
    for key in ("t_facility_supply_c", "capacity_design_kw", "flow_facility_lpm", "cdu_approach_max_k"):
        assert key in loop
    assert j["faults"]["t5"]["ok"] is False
    assert j["cooling_solves"] < j["cases"]


def test_electrical_n1_links_to_the_cooling(washington):
    from retrofit.analyze import analyze

    results = analyze(washington)
    outages = results["electrical"]["contingencies"]["outages"]
    for element in ("t5", "sb5", "mvc5"):
        entry = outages[element]
        assert entry["racks_lost"] == 0
        assert entry["cooling_ok"] is False and entry["ok"] is False
        assert entry["cooling_lost"]["fwp-hall-1"] == 5
    assert results["resilience"]["single_failure_ok"] is False


@pytest.mark.parametrize("element", ["hr-hall-1-sb5", "cdu-hall-1-2-2", "mv-swgr-b", "crah-hall-1-sb7"])
def test_re_solve_equals_the_analysis_of_the_survivors(washington, washington_study, element):
    """Consistency: the study's shortcuts (only the touched loops, intact TCS flows kept for loops whose
    CDUs did not change, one hall's air balance) give what the whole cooling analysis gives on a design
    holding only the survivors."""
    from retrofit.cooling.analysis import analyze_cooling
    from retrofit.resilience.resolve import survivors_design

    r = _by_element(washington_study)[element]
    full = analyze_cooling(survivors_design(washington, dict(r.cooling_lost)))
    s = r.loops[0]
    plant = full["plants"][s.loop][full["design_basis"]]
    assert s.t_facility_supply_c == pytest.approx(plant["t_facility_supply_c"], abs=1e-3)
    assert s.t_facility_return_c == pytest.approx(plant["t_facility_return_c"], abs=1e-3)
    assert s.heat_load_kw == pytest.approx(plant["heat_load_kw"], abs=1e-3)
    supplies = [v["t_supply_c"] for v in full["racks"].values() if v["t_supply_c"] is not None]
    assert s.t_rack_supply_max_c == pytest.approx(max(supplies), abs=1e-3)
    hall = full["air"]["hall-1"]
    assert s.t_rack_inlet_air_max_c == pytest.approx(hall["t_inlet_c"], abs=1e-3)


def test_cooling_results_report_design_capacity_per_bank_and_loop(washington):
    from retrofit.cooling.analysis import analyze_cooling

    c = analyze_cooling(washington)
    banks = [b for b in c["heat_rejection"].values()]
    loop = c["heat_rejection_capacity"]["fw-hall-1"]
    assert sum(b["capacity_design_kw"] for b in banks) == pytest.approx(loop["capacity_design_kw"], abs=0.01)
    for b in banks:
        assert b["capacity_design_kw"] == pytest.approx(b["units"] * b["capacity_design_per_unit_kw"], abs=0.01)
    assert loop["margin_design_kw"] == pytest.approx(loop["capacity_design_kw"] - loop["heat_load_kw"], abs=0.01)


def test_same_design_same_results(washington, washington_study):
    import json

    again = cross_domain_study(washington)
    assert json.dumps(again.to_json()) == json.dumps(washington_study.to_json())
    assert washington_study.to_json()["order"] == [r.element for r in washington_study.faults]


def test_n1_violations_name_the_cooling_consequence():
    from retrofit.electrical.contingency import link_cross_domain

    outages = {"t5": {"ok": True, "violations": [], "racks_lost": 0}, "t6": {"ok": True, "violations": []}}
    cross = {"t5": {"cooling_lost": {"fwp": 5}, "summary": "transformer t5 out: ...",
                    "breaches": [{"quantity": "racks without liquid cooling", "text": "112 rack(s) get no coolant"}]}}
    linked = link_cross_domain(outages, cross)
    assert linked["t5"]["ok"] is False and linked["t5"]["cooling_ok"] is False
    assert linked["t5"]["violations"] == ["cooling after the outage: 112 rack(s) get no coolant"]
    assert linked["t6"] == outages["t6"]


def test_group_exposure_leaves_the_service_bus_to_the_utility(pilot):
    groups = {g.group: g for g in cross_domain_study(pilot).groups}
    assert all(g.worst_element != pilot.utility.bus for g in groups.values())
    assert groups["heat_rejection:fw-1"].worst_element in {"c-mech-a", "c-mv-a", "cb-main-a", "cb-mech-a", "cb-mv-a",
                                                          "mech-a", "swbd-a", "tx-a"}
    assert groups["heat_rejection:fw-1"].units_lost == 3


def test_ride_through_note(washington, washington_study):
    """Hand calculation of a TCS loop's pipe volume from the design file (tcs-hall-1-1: 16 racks; mains
    11.2 m of 254.5 mm, header segments 1.07 m of 254.5 mm, branches 7.6 m of 52.5 mm, each supply and
    return), then the lumped time to the racks' limit."""
    import math

    from retrofit.resilience.ride_through import loop_volume_m3

    loop = next(lp for lp in washington.cooling.loops if lp.id == "tcs-hall-1-1")
    area_main, area_branch = math.pi * 0.2545 ** 2 / 4, math.pi * 0.0525 ** 2 / 4
    hand = 2 * 11.2 * area_main + 2 * 15 * 1.07 * area_main + 2 * 16 * 7.6 * area_branch
    assert loop_volume_m3(loop, 16) == pytest.approx(hand, rel=1e-12)
    s = _by_element(washington_study)["sb5"].loops[0]
    assert s.ride_through_s is not None and 0 < s.ride_through_s < 600
    assert "reaches their limit in about" in _by_element(washington_study)["sb5"].summary


def test_a_running_pump_is_spare_when_the_loop_holds_without_it(pilot):
    """Two pumps, one on each board, both running: the re-solve with either out holds the cooling, so one
    running pump is spare and neither board takes more than that."""
    c = pilot.cooling
    fwp = c.pumps[0]
    pumps = [fwp.model_copy(update={"id": "fwp-a", "count": 1, "running": 1, "bus": "mech-a"}),
             fwp.model_copy(update={"id": "fwp-b", "count": 1, "running": 1, "bus": "mech-b"})]
    split = pilot.model_copy(update={"cooling": c.model_copy(update={"pumps": pumps})})
    study = cross_domain_study(split)
    by = {r.element: r for r in study.faults}
    assert by["fwp-a"].ok and by["fwp-b"].ok
    group = next(g for g in study.groups if g.group == "pumps:fw-1")
    assert (group.units_spare, group.units_lost, group.ok) == (1, 1, True)
