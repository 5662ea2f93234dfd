"""Model-consistency rules: each on a design that passes it and on one that fails it."""
from __future__ import annotations

import copy

from retrofit.review import run_rules
from retrofit.review.registry import get_rule
from review_designs import analysed, findings_of, one, row


def test_consistency():
    design, results, findings = analysed("passing")
    f = one(findings, "MODEL-CONS-001")
    assert f.status == "pass" and f.evidence[0]["value"] == 0
    design, results, findings = analysed("orphan_bus")
    problems = results["electrical"]["consistency"]
    found = findings_of(findings, "MODEL-CONS-001")
    assert [f.status for f in found] == ["fail"] * len(problems)
    f = next(x for x in found if "orphan-load" in x.elements)
    assert f.evidence[0]["value"] == "check_every_load_fed"
    assert "not fed from any source" in f.message


def test_load_flow_solved():
    design, results, findings = analysed("passing")
    f = one(findings, "MODEL-LF-001")
    lf = results["electrical"]["load_flow"]
    assert f.status == "pass"
    assert (row(f, "converged")["value"], row(f, "iterations")["value"], row(f, "largest power mismatch")["value"]) == (
        True, lf["iterations"], lf["max_mismatch_pu"])
    design, results, findings = analysed("collapse")
    f = one(findings, "MODEL-LF-001")
    assert f.status == "fail"
    assert row(f, "converged")["value"] is False
    assert "voltage collapse" in f.message


def test_hydraulics_solved():
    design, results, findings = analysed("passing")
    assert [(f.subject, f.status) for f in findings_of(findings, "MODEL-HYD-001")] == [("fw-1", "pass"), ("tcs-1", "pass")]
    f = one(findings, "MODEL-HYD-001", "tcs-1")
    assert row(f, "iterations")["value"] == results["cooling"]["loops"]["tcs-1"]["iterations"]
    r = copy.deepcopy(results)
    r["cooling"]["loops"]["tcs-1"].update({"converged": False, "diagnosis": "did not converge in 100 iterations"})
    (f,) = [x for x in run_rules(design, r, rules=[get_rule("MODEL-HYD-001")]) if x.subject == "tcs-1"]
    assert f.status == "fail" and f.message == "tcs-1: did not converge in 100 iterations"


def test_liquid_plant():
    design, results, findings = analysed("passing")
    f = one(findings, "MODEL-COOL-001", "row-1")
    assert f.status == "pass" and f.elements == ["row-1", "tcs-1", "cdu-1", "cdu-2"]
    assert [(e["value"], e["limit"]) for e in f.evidence] == [(2, 1), (0, 0), (6, 6)]
    design, results, findings = analysed("orphan_loop")
    f = one(findings, "MODEL-COOL-001", "row-3")
    assert f.status == "fail" and f.elements == ["row-3", "tcs-2"]
    assert row(f, "CDUs serving the loop")["value"] == 0
    assert "no CDU serves loop tcs-2" in f.message
    assert one(findings, "MODEL-COOL-001", "row-1").status == "pass"
    design, results, findings = analysed("no_heat_rejection")
    f = one(findings, "MODEL-COOL-001", "row-1")
    assert f.status == "fail" and "fw-1" in f.elements
    assert row(f, "facility loops whose plant cannot be built")["value"] == 1
    assert "no heat-rejection units" in f.message


def test_plant_solved():
    design, results, findings = analysed("passing")
    f = one(findings, "MODEL-PLANT-001", "fw-1")
    assert f.status == "pass"
    assert [e["quantity"] for e in f.evidence] == ["answer at cooling_db_04", "answer at extreme_max_db_n20"]
    design, results, findings = analysed("no_heat_rejection")
    f = one(findings, "MODEL-PLANT-001", "fw-1")
    assert f.status == "fail"
    assert f.message == "fw-1: " + results["cooling"]["plants"]["fw-1"]["diagnosis"]


def test_goal_count():
    design, results, findings = analysed("passing")
    f = one(findings, "MODEL-GOAL-001")
    assert f.status == "pass" and f.elements == ["row-1", "row-2"]
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (12, 12)
    design, results, findings = analysed("short_of_goal")
    f = one(findings, "MODEL-GOAL-001")
    assert f.status == "fail"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (12, 20)
    design, results, _ = analysed("passing")
    max_design = design.model_copy(update={"goal": design.goal.model_copy(update={"count": "max"})})
    (f,) = run_rules(max_design, results, rules=[get_rule("MODEL-GOAL-001")])
    assert f.status == "not_applicable"
