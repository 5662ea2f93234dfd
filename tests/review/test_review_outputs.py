"""Review reports and the ``check`` command: text grouped by severity, JSON with every finding, JUnit XML
that validates against the JUnit schema, deterministic bytes, exit statuses 0 / 1 / 2.

The JUnit schema CI systems read is the Jenkins xUnit plugin's ``junit-10.xsd`` (the Ant/Surefire
format). It cannot be downloaded while the tests run, so :func:`validate_junit` encodes its structural
constraints here: ``testsuites`` holds only ``testsuite`` elements and the attributes name, time,
tests, failures, errors; a ``testsuite`` must have name, tests, failures and errors, may have the
schema's optional attributes (skipped, time, timestamp, hostname, id, package, file, log, url, group)
and holds ``testsuite``, ``properties``, ``testcase``, ``system-out``, ``system-err``; ``properties``
holds ``property`` elements with a required name and value; a ``testcase`` must have a name, may have
time, classname and group, and holds ``skipped``, ``error``, ``failure``, the rerun/flaky elements,
``system-out`` and ``system-err``; ``failure``, ``error`` and ``skipped`` carry only type and message
attributes and text; ``time`` attributes follow the schema's SUREFIRE_TIME pattern. On top of the
schema, the counts must agree with the test cases (what CI displays).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from retrofit.cli import main
from retrofit.review import all_rules
from retrofit.review.output import exit_status, json_report, junit_report, rule_status, text_report
from retrofit.review.verdicts import verdict
from retrofit.review.waivers import Waiver, apply_waivers
from review_designs import analysed, design_text

SUREFIRE_TIME = re.compile(r"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$")
_TESTSUITES_ATTRS = {"name", "time", "tests", "failures", "errors"}
_TESTSUITE_REQUIRED = {"name", "tests", "failures", "errors"}
_TESTSUITE_ATTRS = _TESTSUITE_REQUIRED | {"group", "time", "skipped", "timestamp", "hostname", "id", "package", "file",
                                          "log", "url"}
_TESTSUITE_CHILDREN = {"testsuite", "properties", "testcase", "system-out", "system-err"}
_TESTCASE_ATTRS = {"name", "time", "classname", "group"}
_TESTCASE_CHILDREN = {"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError",
                      "system-out", "system-err"}
_RESULT_ATTRS = {"type", "message"}


def validate_junit(text: str) -> list[str]:
    """Problems of a JUnit XML document against the junit-10.xsd structure (see the module docstring)."""
    problems = []
    root = ET.fromstring(text.encode("utf-8"))

    def attrs(el, allowed, required=frozenset()):
        for a in set(el.attrib) - allowed:
            problems.append(f"<{el.tag}> has attribute {a!r} the schema does not allow")
        for a in required - set(el.attrib):
            problems.append(f"<{el.tag}> lacks required attribute {a!r}")
        if "time" in el.attrib and not SUREFIRE_TIME.match(el.attrib["time"]):
            problems.append(f"<{el.tag}> time {el.attrib['time']!r} is not a SUREFIRE_TIME")

    def text_only(el):
        if len(el):
            problems.append(f"<{el.tag}> holds elements; the schema allows text only")

    if root.tag != "testsuites":
        return [f"root element is <{root.tag}>, expected <testsuites>"]
    attrs(root, _TESTSUITES_ATTRS)
    for suite in root:
        if suite.tag != "testsuite":
            problems.append(f"<testsuites> holds <{suite.tag}>")
            continue
        attrs(suite, _TESTSUITE_ATTRS, _TESTSUITE_REQUIRED)
        for child in suite:
            if child.tag not in _TESTSUITE_CHILDREN:
                problems.append(f"<testsuite> holds <{child.tag}>")
            elif child.tag == "properties":
                attrs(child, set())
                for prop in child:
                    if prop.tag != "property":
                        problems.append(f"<properties> holds <{prop.tag}>")
                    attrs(prop, {"name", "value"}, {"name", "value"})
            elif child.tag == "testcase":
                attrs(child, _TESTCASE_ATTRS, {"name"})
                for result in child:
                    if result.tag not in _TESTCASE_CHILDREN:
                        problems.append(f"<testcase> holds <{result.tag}>")
                    elif result.tag in ("skipped", "error", "failure"):
                        attrs(result, _RESULT_ATTRS)
                        text_only(result)
                    elif result.tag in ("system-out", "system-err"):
                        attrs(result, set())
                        text_only(result)
            elif child.tag in ("system-out", "system-err"):
                text_only(child)
    return problems


def junit_counts_agree(text: str) -> None:
    root = ET.fromstring(text.encode("utf-8"))
    total_tests = total_failures = total_errors = 0
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        n_fail = sum(1 for c in cases if c.find("failure") is not None)
        n_skip = sum(1 for c in cases if c.find("skipped") is not None)
        n_error = sum(1 for c in cases if c.find("error") is not None)
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == n_fail
        assert int(suite.get("skipped")) == n_skip
        assert int(suite.get("errors")) == n_error
        total_tests += len(cases)
        total_failures += n_fail
        total_errors += n_error
    assert (int(root.get("tests")), int(root.get("failures")), int(root.get("errors"))) == (
        total_tests, total_failures, total_errors)


# --- the validator itself ---------------------------------------------------------------------------

def test_validator_catches_what_the_schema_refuses():
    bad = ('<testsuites skipped="1"><testsuite name="a" tests="1"><testcase classname="c">'
           '<failure message="m" severity="x"><b/></failure></testcase><bogus/></testsuite></testsuites>')
    problems = validate_junit(bad)
    assert "<testsuites> has attribute 'skipped' the schema does not allow" in problems
    assert "<testsuite> lacks required attribute 'failures'" in problems
    assert "<testcase> lacks required attribute 'name'" in problems
    assert "<failure> has attribute 'severity' the schema does not allow" in problems
    assert "<failure> holds elements; the schema allows text only" in problems
    assert "<testsuite> holds <bogus>" in problems
    assert validate_junit('<testsuite name="a" tests="0" failures="0" errors="0"/>') == [
        "root element is <testsuite>, expected <testsuites>"]


# --- reports ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def failing():
    design, results, findings = analysed("hot_plant")
    waiver = Waiver("COOL-FRZ-001", ("fw-1",), "glycol before winter", "A. Engineer", "2026-03-02", "RFI-1", "w.yaml", 2)
    unused = Waiver("ELEC-TX-001", ("tx-a",), "no longer needed", "A. Engineer", None, None, "w.yaml", 8)
    findings, unused_list = apply_waivers(findings, [waiver, unused])
    return design, findings, unused_list


def test_junit_validates_and_counts_agree(failing):
    design, findings, unused = failing
    text = junit_report(findings, site=design.site.name, source="hot_plant.yaml", unused_waivers=unused)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    assert validate_junit(text) == []
    junit_counts_agree(text)
    root = ET.fromstring(text.encode("utf-8"))
    assert [s.get("name") for s in root] == ["retrofit.electrical", "retrofit.cooling", "retrofit.layout", "retrofit.model"]
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert len(cases) == len(findings)  # one test case per rule and element
    f = cases["COOL-CDU-001 cdu-1"].find("failure")
    assert f.get("type") == "major" and f.get("message").startswith("cdu-1: ")
    assert "loading " in f.text and "(<= 100%)" in f.text
    assert cases["COOL-CDU-001 cdu-1"].get("classname") == "retrofit.cooling.COOL-CDU-001"
    waived = cases["COOL-FRZ-001 fw-1"].find("skipped")
    assert waived.get("message") == "waived: glycol before winter (accepted by A. Engineer)"
    untested = [f for f in findings if f.status == "untested"]
    assert untested, "the hot plant design has rules that could not be evaluated"
    error = cases[f"{untested[0].rule_id} {untested[0].subject}"].find("error")
    assert error.get("type") == "untested" and error.get("message").startswith("not evaluated: ")
    assert cases["ELEC-TX-001 tx-a"].find("system-out").text.startswith("Transformer loading in normal operation\n")


def test_text_report_groups_by_severity(failing):
    design, findings, unused = failing
    text = text_report(findings, site=design.site.name, source="hot_plant.yaml", unused_waivers=unused)
    lines = text.splitlines()
    assert lines[0] == "retrofit check: Pilot hall (hot_plant.yaml)"
    v = verdict(findings)
    assert lines[1] == v.summary() and lines[1].startswith(f"FAIL — {v.failing} failing findings of ")
    assert lines[2].startswith(f"rules: {len(all_rules())} — ")
    heads = [line for line in lines if re.match(r"^(CRITICAL|MAJOR|MINOR|WAIVED|NOT EVALUATED|PASS|NOT APPLICABLE|UNUSED)", line)]
    order = [" ".join(h.split()[:2]) if h.startswith("NOT") else h.split()[0] for h in heads]
    assert order == sorted(order, key=["CRITICAL", "MAJOR", "MINOR", "WAIVED", "NOT EVALUATED", "PASS", "NOT APPLICABLE",
                                       "UNUSED"].index)
    assert "  COOL-CDU-001  CDU heat load against its capacity: 2 of 2 failing" in lines
    assert "    FAIL cdu-1: 778.676 kW of 500 kW: overloaded" in lines
    i = lines.index("    FAIL cdu-1: 778.676 kW of 500 kW: overloaded")
    assert lines[i + 1].strip().startswith("loading 155.735% (<= 100%) [cdu-1]")
    # the waived failure is shown in full with who accepted it
    k = next(n for n, line in enumerate(lines) if line.startswith("  WAIVED COOL-FRZ-001 [critical] fw-1"))
    assert "margin below the extreme minimum -30.7 K (>= 5 K) [fw-1]" in lines[k + 1]  # water, Moses Lake n20
    assert "accepted by A. Engineer on 2026-03-02, RFI-1: glycol before winter (w.yaml:2)" in lines[k + 2]
    assert "  ELEC-TX-001 tx-a (w.yaml:8)" in lines


def test_text_report_lists_at_most_ten_failures_per_rule():
    design, results, findings = analysed("delta_b_side")
    text = text_report(findings, site=design.site.name)
    assert text.count("    FAIL row-") == 10
    assert "    ... and 2 more failing findings of ELEC-PS-002 (--format json or junit lists every one)" in text


def test_json_report_has_every_finding(failing):
    design, findings, unused = failing
    doc = json.loads(json_report(findings, site=design.site.name, source="hot_plant.yaml", unused_waivers=unused))
    assert len(doc["findings"]) == doc["summary"]["findings"] == len(findings)
    assert doc["findings"] == [f.as_json() for f in findings]
    assert doc["summary"]["by_status"]["waived"] == 1
    assert doc["check"] == {"site": "Pilot hall", "design": "hot_plant.yaml", **verdict(findings).as_json()}
    assert doc["check"]["verdict"] == "fail" and doc["check"]["exit_status"] == 1
    statuses = {r["id"]: r["status"] for r in doc["rules"]}
    assert statuses["COOL-CDU-001"] == "fail" and statuses["COOL-FRZ-001"] == "waived"
    assert doc["unused_waivers"][0]["rule"] == "ELEC-TX-001"


def test_reports_are_deterministic(failing):
    design, findings, unused = failing
    for writer in (text_report, json_report, junit_report):
        assert writer(findings, site="s", unused_waivers=unused) == writer(list(findings), site="s", unused_waivers=unused)


#: the passing design gives no trip or relay settings: the rules that need them are untested, nothing else
PROTECTION_SETTINGS_RULES = {"ELEC-AF-001", "ELEC-AF-002", "ELEC-COORD-001"}
#: waivers an engineer would accept for those gaps while the coordination study is outstanding
SETTINGS_WAIVERS = """waivers:
  - rule: ELEC-AF-001
    elements: [swbd-a, swbd-b]
    reason: the trip and relay settings come with the coordination study, reviewed on their own
    accepted_by: Electrical engineer of record
  - rule: ELEC-AF-002
    elements: [cb-bw-a1, cb-bw-a2, cb-bw-b1, cb-bw-b2, cb-main-a, cb-main-b]
    reason: the trip and relay settings come with the coordination study, reviewed on their own
    accepted_by: Electrical engineer of record
  - rule: ELEC-COORD-001
    elements: [cb-main-a, cb-main-b]
    reason: the trip and relay settings come with the coordination study, reviewed on their own
    accepted_by: Electrical engineer of record
"""


def test_rule_status_and_exit_status():
    design, results, findings = analysed("passing")
    # nothing fails, but the protection rules that need settings are untested: INCOMPLETE, not PASS
    assert not [f for f in findings if f.status == "fail"]
    assert {f.rule_id for f in findings if f.status == "untested"} == PROTECTION_SETTINGS_RULES
    assert exit_status(findings) == 4
    settings = [Waiver("ELEC-AF-001", ("swbd-a", "swbd-b"), "r", "w"),
                Waiver("ELEC-AF-002", ("cb-main-a", "cb-main-b", "cb-bw-a1", "cb-bw-a2", "cb-bw-b1", "cb-bw-b2"), "r", "w"),
                Waiver("ELEC-COORD-001", ("cb-main-a", "cb-main-b"), "r", "w")]
    waived, unused = apply_waivers(findings, settings)
    assert unused == [] and exit_status(waived) == 0
    assert rule_status([]) == "not_applicable"
    design, results, findings = analysed("short_of_goal")
    assert exit_status(findings) == 1
    waived, _ = apply_waivers(findings, [Waiver("MODEL-GOAL-001", ("row-1",), "r", "w")])
    assert exit_status(waived) == 4  # the failure waived, the untested protection findings remain
    waived, _ = apply_waivers(findings, [Waiver("MODEL-GOAL-001", ("row-1",), "r", "w"), *settings])
    assert exit_status(waived) == 0


# --- the command --------------------------------------------------------------------------------------

def _design_file(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(design_text(name), encoding="utf-8")
    return path


def test_check_passing_design_without_settings_exits_4(tmp_path, capsys):
    path = _design_file(tmp_path, "passing")
    assert main(["check", str(path)]) == 4
    out = capsys.readouterr().out
    assert out.startswith(f"retrofit check: Pilot hall ({path})\n"
                          "INCOMPLETE — 0 failing findings; 16 untested findings of 3 rules\nrules: ")


def test_check_passing_design_with_its_gaps_waived_exits_0(tmp_path, capsys):
    path = _design_file(tmp_path, "passing")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(SETTINGS_WAIVERS, encoding="utf-8")
    assert main(["check", str(path), "--waivers", str(waivers)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"retrofit check: Pilot hall ({path})\nPASS — 0 failing findings; 16 waived\nrules: ")


def test_check_failing_design_exits_1_and_writes_junit(tmp_path, capsys):
    path = _design_file(tmp_path, "weak_short_circuit")
    report = tmp_path / "out" / "review.xml"
    assert main(["check", str(path), "--format", "junit", "--output", str(report)]) == 1
    out = capsys.readouterr().out
    # ELEC-SC-001/002/003 and ELEC-DUTY-001 (the breaker's duty with the impedance tolerance) fail; the
    # protection rules that need trip settings stay untested
    assert out == (f"{path}: FAIL — 4 failing findings of 4 rules; 16 untested findings of 3 rules; "
                   f"junit report written to {report}\n")
    text = report.read_text(encoding="utf-8")
    assert validate_junit(text) == []
    junit_counts_agree(text)
    assert 'name="ELEC-SC-001 cb-bw-a1"' in text


def test_check_bad_waivers_exit_2(tmp_path, capsys):
    path = _design_file(tmp_path, "passing")
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: ELEC-XX-001\n    elements: [a]\n    reason: r\n    accepted_by: b\n")
    assert main(["check", str(path), "--waivers", str(waivers)]) == 2
    err = capsys.readouterr().err
    assert f"{waivers}:2: waivers[0].rule: unknown rule \"ELEC-XX-001\"" in err


def test_check_bad_design_exit_2(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("site: [\n")
    assert main(["check", str(path)]) == 2
    assert f"{path}:" in capsys.readouterr().err


def test_check_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--format {text,json,junit}", "--output PATH", "--waivers FILE"):
        assert option in out
