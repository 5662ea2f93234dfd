"""Waivers: reading the YAML file (errors with their lines) and marking failures as waived, never hiding them."""
from __future__ import annotations

import pytest

from retrofit.errors import InputError
from retrofit.review import all_rules, run_rules
from retrofit.review.waivers import Waiver, apply_waivers, read_waivers
from review_designs import HERE, analysed, findings_of, one

EXAMPLE = HERE.parents[1] / "examples" / "washington-18mw" / "waivers.yaml"

RULE_IDS = [r.id for r in all_rules()]


def _write(tmp_path, text: str):
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_reads():
    waivers = read_waivers(EXAMPLE, RULE_IDS)
    assert [(w.rule, w.elements) for w in waivers] == [("COOL-FRZ-001", ("fw-1",))]
    assert waivers[0].accepted_by.startswith("A. Engineer") and waivers[0].reference == "RFI-0043"
    assert waivers[0].date == "2026-03-02" and waivers[0].line == 5


def test_failures_become_waived_with_their_evidence():
    design, results, findings = analysed("hot_plant")
    before = one(findings, "COOL-FRZ-001", "fw-1")
    waiver = Waiver("COOL-FRZ-001", ("fw-1",), "glycol added before winter", "A. Engineer", "2026-03-02", None, "w.yaml", 3)
    after, unused = apply_waivers(findings, [waiver])
    f = one(after, "COOL-FRZ-001", "fw-1")
    assert (before.status, f.status) == ("fail", "waived")
    assert f.evidence == before.evidence and f.message == before.message
    assert f.waiver == {"rule": "COOL-FRZ-001", "elements": ["fw-1"], "reason": "glycol added before winter",
                        "accepted_by": "A. Engineer", "date": "2026-03-02", "reference": None, "file": "w.yaml", "line": 3,
                        "waived_status": "fail"}  # what was waived: a failure (a waiver can also cover an untested finding)
    assert unused == []
    assert len(after) == len(findings)  # nothing hidden
    # only failures are waived: the indoor loop's finding keeps its status
    assert one(after, "COOL-FRZ-001", "tcs-1").status == "not_applicable"


def test_a_waiver_naming_any_element_of_a_finding_covers_it():
    design, results, findings = analysed("delta_b_side")
    after, unused = apply_waivers(findings, [Waiver("ELEC-PS-002", ("bw-b1",), "temporary", "A. Engineer")])
    statuses = {f.subject: f.status for f in findings_of(after, "ELEC-PS-002")}
    assert statuses["row-1.01"] == "waived" and statuses["row-2.01"] == "fail"  # row-2 is fed from bw-b2
    assert unused == []


def test_unused_waivers_are_reported():
    design, results, findings = analysed("passing")
    waiver = Waiver("ELEC-TX-001", ("tx-a",), "not needed", "A. Engineer")
    after, unused = apply_waivers(findings, [waiver])
    assert unused == [waiver]
    assert one(after, "ELEC-TX-001", "tx-a").status == "pass"


def test_run_rules_applies_waivers():
    design, results, _ = analysed("short_of_goal")
    findings = run_rules(design, results, [Waiver("MODEL-GOAL-001", ("row-1",), "phase 2 adds 8 racks", "Owner")])
    assert one(findings, "MODEL-GOAL-001").status == "waived"


@pytest.mark.parametrize("text, line, field, words", [
    ("waivers:\n  - rule: ELEC-TX-01\n    elements: [t1]\n    reason: x\n    accepted_by: y\n", 2, "waivers[0].rule",
     "unknown rule \"ELEC-TX-01\"; did you mean ELEC-TX-001"),
    ("waivers:\n  - rule: ELEC-TX-001\n    elements: [t1]\n    reason: x\n", 2, "waivers[0].accepted_by",
     "missing required field accepted_by"),
    ("waivers:\n  - rule: ELEC-TX-001\n    elements: []\n    reason: x\n    accepted_by: y\n", 3, "waivers[0].elements",
     "non-empty list"),
    ("waivers:\n  - rule: ELEC-TX-001\n    elements: [t1]\n    reason: x\n    accepted_by: y\n    acepted: z\n", 6,
     "waivers[0].acepted", "did you mean \"accepted_by\""),
    ("waivers:\n  - rule: ELEC-TX-001\n    elements: [t1]\n    reason: \"\"\n    accepted_by: y\n", 4, "waivers[0].reason",
     "expected the reason as text"),
    ("rules:\n  - x\n", 1, "", "expected a mapping with one key, waivers"),
])
def test_waiver_file_errors_name_the_line(tmp_path, text, line, field, words):
    with pytest.raises(InputError) as info:
        read_waivers(_write(tmp_path, text), RULE_IDS)
    problem = info.value.problems[0]
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message


def test_every_problem_at_once(tmp_path):
    text = ("waivers:\n  - rule: NOPE-1\n    elements: [a]\n    reason: r\n    accepted_by: b\n"
            "  - rule: ELEC-TX-001\n    reason: r\n    accepted_by: b\n")
    with pytest.raises(InputError) as info:
        read_waivers(_write(tmp_path, text), RULE_IDS)
    assert [(p.line, p.field) for p in info.value.problems] == [(2, "waivers[0].rule"), (6, "waivers[1].elements")]


def test_yaml_syntax_error_has_its_line(tmp_path):
    with pytest.raises(InputError) as info:
        read_waivers(_write(tmp_path, "waivers:\n  - rule: [ELEC\n"), RULE_IDS)
    assert info.value.problems[0].line is not None


def test_empty_list_is_no_waiver(tmp_path):
    assert read_waivers(_write(tmp_path, "waivers: []\n"), RULE_IDS) == []
