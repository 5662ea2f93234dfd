"""Review rules of the cross-domain study: COOL-XDOM-001, COOL-MAINT-001, COOL-GROUP-001, and the
acceptance case: a design whose cooling plant hangs off one board fails ``retrofit check`` (exit 1)
with a finding naming the outage, the cooling it removes and the shortfall."""
from __future__ import annotations

from pathlib import Path

import pytest

import retrofit
from retrofit.analyze import analyze
from retrofit.cli import main
from retrofit.review.registry import get_rule, run_rules

DATA = Path(__file__).resolve().parents[1] / "resilience" / "data"
PILOT = DATA / "pilot-plant-on-one-board.yaml"
WASHINGTON = DATA / "washington-pumps-on-one-board.yaml"
RULES = ("COOL-XDOM-001", "COOL-MAINT-001", "COOL-GROUP-001")


@pytest.fixture(scope="module")
def washington():
    design = retrofit.load(WASHINGTON)
    return design, analyze(design)


def _findings(design, results, rule_id):
    return run_rules(design, results, rules=[get_rule(rule_id)])


def test_single_failure_rule_names_outage_cooling_and_shortfall(washington):
    findings = {f.subject: f for f in _findings(*washington, "COOL-XDOM-001") if f.status == "fail"}
    for element in ("t5", "sb5", "mvc5"):
        f = findings[element]
        assert "fwp-hall-1 (5 of 5)" in f.message  # the cooling it removes
        quantities = {e["quantity"] for e in f.evidence}
        assert "racks without liquid cooling" in quantities  # the shortfall
    shortfall = findings["mv-swgr-b"]
    row = next(e for e in shortfall.evidence if e["quantity"] == "rack coolant supply")
    assert row["value"] > row["limit"] and row["unit"] == "degC"


def test_group_rule_finds_the_pump_set_on_one_board(washington):
    findings = {f.subject: f for f in _findings(*washington, "COOL-GROUP-001")}
    f = findings["pumps:fw-hall-1"]
    assert f.status == "fail"
    assert f.evidence[0]["value"] == 5 and f.evidence[0]["limit"] == 1


def test_maintainability_applies_only_when_asked(washington):
    design, results = washington
    assert {f.status for f in _findings(design, results, "COOL-MAINT-001")} == {"not_applicable"}
    crit = design.goal.criteria.model_copy(update={"concurrent_maintainability": True})
    asked = design.model_copy(update={"goal": design.goal.model_copy(update={"criteria": crit})})
    failed = {f.subject for f in _findings(asked, results, "COOL-MAINT-001") if f.status == "fail"}
    assert "fw-hall-1.main" in failed


def test_rules_untested_without_the_study(washington):
    design, results = washington
    partial = {k: v for k, v in results.items() if k != "resilience"}
    for rule_id in RULES:
        statuses = {f.status for f in _findings(design, partial, rule_id)}
        assert statuses <= {"untested", "not_applicable"}


def test_n_redundancy_is_not_held_to_single_failure(washington):
    design, results = washington
    goal = design.goal.model_copy(update={"power_redundancy": "N", "cooling_redundancy": "N"})
    plain = design.model_copy(update={"goal": goal})
    assert {f.status for f in _findings(plain, results, "COOL-XDOM-001")} == {"not_applicable"}
    assert {f.status for f in _findings(plain, results, "COOL-GROUP-001")} == {"not_applicable"}


def test_check_fails_a_plant_on_one_board(capsys):
    """The pilot hangs every cooler on mech-a: ``retrofit check`` exits 1 naming the outage."""
    status = main(["check", str(PILOT)])
    out = capsys.readouterr().out
    assert status == 1
    assert "COOL-XDOM-001" in out
    line = next(x for x in out.splitlines() if "FAIL c-mech-a" in x)
    assert "3 heat-rejection units of acc (3 of 3)" in line and "get no coolant" in line


def test_the_utility_service_bus_is_not_judged():
    """The pilot's single MV main is its service bus: its loss takes everything on a one-service site, which
    the redundancy analysis also leaves to the utility's reliability."""
    design = retrofit.load(PILOT)
    results = analyze(design)
    assert not results["resilience"]["faults"][design.utility.bus]["ok"]
    failed = {f.subject for f in _findings(design, results, "COOL-XDOM-001") if f.status == "fail"}
    assert design.utility.bus not in failed and "c-mech-a" in failed


def test_criteria_can_turn_the_checks_off(washington):
    design, results = washington
    crit = design.goal.criteria.model_copy(update={"single_failure_across_domains": False,
                                                   "mechanical_groups_independent": False})
    off = design.model_copy(update={"goal": design.goal.model_copy(update={"criteria": crit})})
    for rule_id in ("COOL-XDOM-001", "COOL-GROUP-001"):
        assert {f.status for f in _findings(off, results, rule_id)} == {"not_applicable"}
