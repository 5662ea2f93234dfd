"""The three verdicts (PASS, FAIL, INCOMPLETE), their exit statuses, and errors inside rules.

A rule that raises is a bug: the review stops with an internal error (exit 3) naming the rule, never an
``untested`` finding. Only :class:`~retrofit.review.registry.MissingResult` (an analysis that did not
solve, an input the design does not give) makes a finding untested, and it says what would evaluate it.
"""
from __future__ import annotations

import json

import pytest

from retrofit import exit_status
from retrofit.cli import main
from retrofit.errors import InternalError
from retrofit.review import registry
from retrofit.review.findings import Finding, Outcome
from retrofit.review.output import json_report, junit_report, text_report
from retrofit.review.registry import MissingResult, Rule, run_rules
from retrofit.review.verdicts import verdict
from retrofit.review.waivers import Waiver, apply_waivers

from review_designs import analysed, design_text


def _finding(rule_id, status, element="e1", needs=""):
    return Finding(rule_id, "t", "electrical", "c", "major", status, [element], [], f"{element}: {status}", needs=needs)


def test_pass_fail_incomplete_and_their_exit_statuses():
    passing = [_finding("ELEC-A-001", "pass"), _finding("ELEC-B-001", "not_applicable")]
    assert (verdict(passing).outcome, verdict(passing).exit_status) == ("pass", exit_status.OK)
    gap = passing + [_finding("ELEC-C-001", "untested", needs="per-phase currents")]
    v = verdict(gap)
    assert (v.outcome, v.exit_status, v.label) == ("incomplete", exit_status.INCOMPLETE, "INCOMPLETE")
    assert v.gaps[0].rule_id == "ELEC-C-001" and v.gaps[0].needs == ("per-phase currents",)
    failing = gap + [_finding("ELEC-D-001", "fail")]
    assert (verdict(failing).outcome, verdict(failing).exit_status) == ("fail", exit_status.FAIL)
    assert exit_status.INCOMPLETE not in (exit_status.OK, exit_status.FAIL, exit_status.INPUT, exit_status.INTERNAL)


def test_a_waiver_accepts_a_gap_and_the_review_passes():
    findings = [_finding("ELEC-A-001", "pass"), _finding("ELEC-C-001", "untested", "bus-1")]
    waived, unused = apply_waivers(findings, [Waiver("ELEC-C-001", ("bus-1",), "single-phase loads none", "A. Engineer")])
    assert not unused and waived[1].status == "waived" and waived[1].waiver["waived_status"] == "untested"
    assert verdict(waived).outcome == "pass"


def test_summary_counts():
    findings = [_finding("ELEC-D-001", "fail", "a"), _finding("ELEC-D-001", "fail", "b"),
                _finding("ELEC-C-001", "untested", "c")]
    assert verdict(findings).summary() == "FAIL — 2 failing findings of 1 rule; 1 untested finding of 1 rule"
    assert verdict(findings[2:]).summary() == "INCOMPLETE — 0 failing findings; 1 untested finding of 1 rule"


def test_reports_carry_the_verdict_and_what_would_evaluate_each_gap():
    findings = [_finding("ELEC-A-001", "pass"), _finding("ELEC-C-001", "untested", "bus-1", needs="per-phase currents")]
    text = text_report(findings, site="s")
    assert text.splitlines()[1].startswith("INCOMPLETE — ")
    assert "to evaluate it: per-phase currents" in text
    doc = json.loads(json_report(findings, site="s"))
    assert doc["check"]["verdict"] == "incomplete" and doc["check"]["exit_status"] == exit_status.INCOMPLETE
    assert doc["check"]["untested_rules"][0]["needs"] == ["per-phase currents"]
    assert doc["findings"][1]["needs"] == "per-phase currents"
    xml = junit_report(findings, site="s")
    assert 'errors="1"' in xml and 'type="untested"' in xml


# --- errors inside rules ------------------------------------------------------------------------------

def _register(monkeypatch, rule_id, check):
    """A rule added to the registry for one test."""
    rule = Rule(rule_id, "injected rule", "electrical", "test clause", "major", ("design",), "none", check)
    monkeypatch.setitem(registry._REGISTRY, rule_id, rule)
    return rule


def _raises_key_error(ctx):
    """Reads a key that is not there: a bug."""
    return {}["missing"]


def _missing_result(ctx):
    """An input the design does not give."""
    raise MissingResult("the design gives no width for the board", "the board's width and depth")
    yield  # a generator, as checks are


def test_a_rule_that_raises_is_an_internal_error_naming_the_rule(monkeypatch):
    design, results, _ = analysed("passing")
    rule = _register(monkeypatch, "ELEC-BUG-001", _raises_key_error)
    with pytest.raises(InternalError) as caught:
        run_rules(design, results, rules=[rule])
    assert caught.value.stage == "rule ELEC-BUG-001" and isinstance(caught.value.cause, KeyError)


def test_a_missing_input_is_untested_with_what_would_evaluate_it(monkeypatch):
    design, results, _ = analysed("passing")
    rule = _register(monkeypatch, "ELEC-GAP-001", _missing_result)
    (finding,) = run_rules(design, results, rules=[rule])
    assert finding.status == "untested" and finding.needs == "the board's width and depth"


def test_check_exits_3_naming_the_rule_that_raises(monkeypatch, tmp_path, capsys):
    path = tmp_path / "passing.yaml"
    path.write_text(design_text("passing"), encoding="utf-8")
    _register(monkeypatch, "ELEC-BUG-001", _raises_key_error)
    assert main(["check", str(path)]) == exit_status.INTERNAL
    err = capsys.readouterr().err
    assert "internal error in rule ELEC-BUG-001" in err and "KeyError" in err


def test_check_exits_4_when_a_rule_cannot_be_evaluated(monkeypatch, tmp_path, capsys):
    path = tmp_path / "passing.yaml"
    path.write_text(design_text("passing"), encoding="utf-8")
    _register(monkeypatch, "ELEC-GAP-001", _missing_result)
    monkeypatch.setattr(registry, "all_rules", lambda: [registry._REGISTRY["ELEC-GAP-001"]])
    assert main(["check", str(path)]) == exit_status.INCOMPLETE
    out = capsys.readouterr().out
    assert "INCOMPLETE — 0 failing findings; 1 untested finding of 1 rule" in out
    assert "to evaluate it: the board's width and depth" in out


def test_outcome_needs_defaults_to_the_analysis():
    rule = Rule("ELEC-X-001", "x", "electrical", "c", "major", (), "l", _missing_result)
    assert rule.finding(Outcome("untested", ("a",), (), "m")).needs
