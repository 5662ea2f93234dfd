"""Review reports: human text grouped by severity, JSON with every finding, JUnit XML for CI.

These functions format findings; they compute nothing. Every output is deterministic: findings are
listed in the order :func:`~retrofit.review.registry.run_rules` gives them, there are no timestamps.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..io.results import results_json
from .findings import CATEGORIES, SEVERITIES, Finding, count_by_status
from .registry import Rule, all_rules
from .verdicts import verdict
from .waivers import Waiver

TEXT_FINDINGS_PER_RULE = 10
"""Failing findings of one rule listed in the text report (JSON and JUnit list every one)."""

_RULE_STATUS_ORDER = ("fail", "waived", "untested", "pass", "not_applicable")
_UNIT_TEXT = {"degC": "°C", "m^3/s": "m³/s", "m^2": "m²"}


def rule_status(findings: Sequence[Finding]) -> str:
    """A rule's overall status: its worst finding's (fail, waived, untested, pass, not applicable)."""
    present = {f.status for f in findings}
    for status in _RULE_STATUS_ORDER:
        if status in present:
            return status
    return "not_applicable"


def _by_rule(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.rule_id, []).append(f)
    return out


def _rules_in(findings: Sequence[Finding]) -> list[Rule]:
    known = {r.id: r for r in all_rules()}
    ids = list(dict.fromkeys(f.rule_id for f in findings))
    return [known[i] for i in ids if i in known]


def exit_status(findings: Sequence[Finding]) -> int:
    """The review's exit status: 0 PASS, 1 FAIL, 4 INCOMPLETE (see :mod:`retrofit.review.verdicts`)."""
    return verdict(findings).exit_status


# --- text -------------------------------------------------------------------------------------------

def _number(value) -> str:
    if isinstance(value, bool) or value is None:
        return {None: "n/a", True: "yes", False: "no"}[value]
    if isinstance(value, float):
        if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
            return f"{value:.4g}"
        return f"{value:.6g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def evidence_text(row: dict) -> str:
    """``"loading 126.3 % (<= 120 %) [t5]"``: one evidence row as text."""
    unit = _UNIT_TEXT.get(row["unit"], row["unit"])
    sep = "" if unit in ("%", "") else " "
    text = f"{row['quantity']} {_number(row['value'])}{sep}{unit}"
    if row.get("relation") is not None:
        text += f" ({row['relation']} {_number(row['limit'])}{sep}{unit})"
    if row.get("element"):
        text += f" [{row['element']}]"
    return text


def _message(f: Finding) -> str:
    """The finding's message without its subject when it starts with it (the line already names it)."""
    prefix = f"{f.subject}: "
    return f.message[len(prefix):] if f.message.startswith(prefix) else f.message


def _counts_line(counts: dict[str, int]) -> str:
    names = {"fail": "fail", "waived": "waived", "untested": "untested", "pass": "pass", "not_applicable": "not applicable"}
    return ", ".join(f"{counts[s]} {names[s]}" for s in _RULE_STATUS_ORDER)


def text_report(findings: Sequence[Finding], *, site: str = "", source: str = "",
                unused_waivers: Sequence[Waiver] = ()) -> str:
    """The human report: verdict and counts, failures by severity with their evidence, waived findings
    in full, untested rules with the reason, and the rules that pass or do not apply."""
    rules = _rules_in(findings)
    by_rule = _by_rule(findings)
    status = {r.id: rule_status(by_rule[r.id]) for r in rules}
    rule_counts = dict.fromkeys(_RULE_STATUS_ORDER, 0)
    for s in status.values():
        rule_counts[s] += 1
    v = verdict(findings)
    lines = [f"retrofit check: {site}" + (f" ({source})" if source else ""),
             v.summary(),
             f"rules: {len(rules)} — {_counts_line(rule_counts)}",
             f"findings: {len(findings)} — {_counts_line(count_by_status(list(findings)))}"]
    for severity in SEVERITIES:
        failing = [r for r in rules if r.severity == severity and status[r.id] == "fail"]
        if not failing:
            continue
        lines += ["", f"{severity.upper()} — {len(failing)} rule{'s' if len(failing) != 1 else ''} failing"]
        for r in failing:
            fails = [f for f in by_rule[r.id] if f.status == "fail"]
            lines.append(f"  {r.id}  {r.title}: {len(fails)} of {len(by_rule[r.id])} failing")
            lines.append(f"      clause: {r.clause}")
            for f in fails[:TEXT_FINDINGS_PER_RULE]:
                lines.append(f"    FAIL {', '.join(f.elements) or 'design'}: {_message(f)}")
                rows = [evidence_text(e) for e in f.evidence if e.get("relation") is not None]
                if rows:
                    lines.append("         " + "; ".join(rows))
            if len(fails) > TEXT_FINDINGS_PER_RULE:
                lines.append(f"    ... and {len(fails) - TEXT_FINDINGS_PER_RULE} more failing findings of {r.id} "
                             "(--format json or junit lists every one)")
    waived = [f for f in findings if f.status == "waived"]
    if waived:
        lines += ["", f"WAIVED — {len(waived)} failing finding{'s' if len(waived) != 1 else ''} accepted by waivers"]
        for f in waived:
            w = f.waiver or {}
            lines.append(f"  WAIVED {f.rule_id} [{f.severity}] {', '.join(f.elements) or 'design'}: {_message(f)}")
            rows = [evidence_text(e) for e in f.evidence if e.get("relation") is not None]
            if rows:
                lines.append("         " + "; ".join(rows))
            when = f" on {w['date']}" if w.get("date") else ""
            ref = f", {w['reference']}" if w.get("reference") else ""
            where = f" ({w.get('file')}:{w.get('line')})" if w.get("file") else ""
            lines.append(f"         accepted by {w.get('accepted_by')}{when}{ref}: {w.get('reason')}{where}")
    if v.gaps:
        lines += ["", f"NOT EVALUATED — {len(v.gaps)} rule{'s' if len(v.gaps) != 1 else ''} could not be evaluated "
                  "on some elements; the review is incomplete until each is evaluated or waived"]
        known = {r.id: r for r in rules}
        for gap in v.gaps:
            title = known[gap.rule_id].title if gap.rule_id in known else ""
            extra = len(gap.reasons) - 2
            more = f" (and {extra} other reason{'s' if extra != 1 else ''})" if extra > 0 else ""
            lines.append(f"  {gap.rule_id}  {title}: {gap.findings} untested — " + " | ".join(gap.reasons[:2]) + more)
            if gap.needs:
                lines.append("      to evaluate it: " + " | ".join(gap.needs[:3]))
    passed = [r.id for r in rules if status[r.id] == "pass"]
    if passed:
        lines += ["", f"PASS — {len(passed)} rules: " + ", ".join(passed)]
    na = [r.id for r in rules if status[r.id] == "not_applicable"]
    if na:
        lines += ["", f"NOT APPLICABLE — {len(na)} rules: " + ", ".join(na)]
    if unused_waivers:
        lines += ["", "UNUSED WAIVERS — they match no failing finding"]
        for w in unused_waivers:
            lines.append(f"  {w.rule} {', '.join(w.elements)} ({w.file}:{w.line})")
    return "\n".join(lines) + "\n"


# --- JSON -------------------------------------------------------------------------------------------

def json_report(findings: Sequence[Finding], *, site: str = "", source: str = "",
                unused_waivers: Sequence[Waiver] = ()) -> str:
    """Every finding, the rules with their overall status, counts and unused waivers, as JSON text."""
    rules = _rules_in(findings)
    by_rule = _by_rule(findings)
    v = verdict(findings)
    doc = {
        "check": {"site": site, "design": source, **v.as_json()},
        "summary": {"rules": len(rules), "findings": len(findings), "by_status": count_by_status(list(findings))},
        "rules": [{"id": r.id, "title": r.title, "category": r.category, "clause": r.clause, "severity": r.severity,
                   "status": rule_status(by_rule[r.id]), "findings": len(by_rule[r.id])} for r in rules],
        "findings": [f.as_json() for f in findings],
        "unused_waivers": [w.as_json() for w in unused_waivers],
    }
    return results_json(doc)


# --- JUnit ------------------------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: object) -> str:
    return _XML_ILLEGAL.sub("?", "" if text is None else str(text))


def junit_report(findings: Sequence[Finding], *, site: str = "", source: str = "",
                 unused_waivers: Sequence[Waiver] = ()) -> str:
    """JUnit XML: one ``testsuite`` per rule category, one ``testcase`` per rule and element.

    A failing finding is a ``failure`` (type = severity, message = the finding's message, text = its
    evidence and clause); an untested finding is an ``error`` of type ``untested`` (the rule could not be
    evaluated: CI must not read it as a pass) with what would evaluate it; not-applicable and waived
    findings are ``skipped`` with the reason
    (a waiver's with who accepted it). The structure is that of the Jenkins/Ant JUnit schema
    (junit-10.xsd): ``testsuites`` > ``testsuite`` (name, tests, failures, errors, skipped) >
    ``testcase`` (name, classname) > ``failure`` / ``error`` / ``skipped``. No time stamps, so equal inputs give
    equal bytes.
    """
    root = ET.Element("testsuites")
    root.set("name", _xml_text(f"retrofit check {site}".strip()))
    suites = []
    total = {"tests": 0, "failures": 0, "errors": 0}
    for category in CATEGORIES:
        items = [f for f in findings if f.category == category]
        if not items:
            continue
        suite = ET.Element("testsuite")
        n_fail = sum(1 for f in items if f.status == "fail")
        n_error = sum(1 for f in items if f.status == "untested")
        n_skip = sum(1 for f in items if f.status in ("not_applicable", "waived"))
        for key, value in (("name", f"retrofit.{category}"), ("tests", len(items)), ("failures", n_fail),
                           ("errors", n_error), ("skipped", n_skip)):
            suite.set(key, str(value))
        if source:
            props = ET.SubElement(suite, "properties")
            prop = ET.SubElement(props, "property")
            prop.set("name", "design")
            prop.set("value", _xml_text(source))
        seen: dict[tuple[str, str], int] = {}
        for f in items:
            name = f"{f.rule_id} {f.subject}"
            classname = f"retrofit.{category}.{f.rule_id}"
            seen[(classname, name)] = seen.get((classname, name), 0) + 1
            if seen[(classname, name)] > 1:
                name += f" ({seen[(classname, name)]})"
            case = ET.SubElement(suite, "testcase")
            case.set("name", _xml_text(name))
            case.set("classname", classname)
            body = "\n".join([f"{f.title}", f"elements: {', '.join(f.elements) or 'design'}", f"clause: {f.clause}"]
                             + [evidence_text(e) for e in f.evidence])
            if f.status == "fail":
                failure = ET.SubElement(case, "failure")
                failure.set("message", _xml_text(f.message))
                failure.set("type", f.severity)
                failure.text = _xml_text(body)
            elif f.status == "untested":
                error = ET.SubElement(case, "error")
                error.set("message", _xml_text(f"not evaluated: {f.message}"))
                error.set("type", "untested")
                error.text = _xml_text(body + (f"\nto evaluate it: {f.needs}" if f.needs else ""))
            elif f.status in ("not_applicable", "waived"):
                skipped = ET.SubElement(case, "skipped")
                if f.status == "waived":
                    w = f.waiver or {}
                    skipped.set("message", _xml_text(f"waived: {w.get('reason')} (accepted by {w.get('accepted_by')})"))
                else:
                    skipped.set("message", _xml_text(f"{f.status.replace('_', ' ')}: {f.message}"))
                skipped.text = _xml_text(body)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _xml_text(body)
        total["tests"] += len(items)
        total["failures"] += n_fail
        total["errors"] += n_error
        suites.append(suite)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(total[key]))
    root.extend(suites)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"])


FORMATS = {"text": text_report, "json": json_report, "junit": junit_report}
"""Report writers by ``--format`` name."""
