"""Waivers: a failure of a rule on named elements, accepted by a named person for a stated reason.

A waivers file is YAML::

    waivers:
      - rule: COOL-FRZ-001          # a rule id of the registry
        elements: [fw-1]            # element ids; a failing finding that names any of them is waived
        reason: drained and refilled with PG55 before the first winter
        accepted_by: A. Engineer, engineer of record
        date: 2026-03-02            # optional: when it was accepted
        reference: RFI-0042         # optional: ticket, letter or minutes

A waived finding keeps its evidence and is reported with status ``waived`` and the waiver beside it
(with the status it had, ``fail`` or ``untested``); it is never hidden. A waiver that matches no
failing or untested finding is reported as unused. Failures and gaps are waived: a rule that could not
be evaluated on an element may be accepted as such by a named person (the review is then not
INCOMPLETE for it); a rule that passes or does not apply keeps its status.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError, Problem
from ..io.yaml_source import SourceMap, format_path, read_yaml
from .findings import Finding

REQUIRED = ("rule", "elements", "reason", "accepted_by")
OPTIONAL = ("date", "reference")


@dataclass(frozen=True)
class Waiver:
    """One accepted failure, or one accepted gap (a rule that could not be evaluated).

    Attributes
    ----------
    rule : str
        Rule id.
    elements : tuple of str
        Element ids it covers.
    reason : str
        Why the failure is accepted.
    accepted_by : str
        Who accepted it.
    date : str or None
        When it was accepted.
    reference : str or None
        A ticket, letter or minutes.
    file : str
        File the waiver is written in.
    line : int or None
        Line of the waiver in that file.
    """

    rule: str
    elements: tuple[str, ...]
    reason: str
    accepted_by: str
    date: str | None = None
    reference: str | None = None
    file: str = ""
    line: int | None = None

    def as_json(self) -> dict:
        return {"rule": self.rule, "elements": list(self.elements), "reason": self.reason,
                "accepted_by": self.accepted_by, "date": self.date, "reference": self.reference,
                "file": self.file, "line": self.line}

    def covers(self, finding: Finding) -> bool:
        """True when this waiver accepts ``finding`` (a failure or a gap of its rule naming one of its elements)."""
        return finding.status in ("fail", "untested") and finding.rule_id == self.rule and any(
            e in self.elements for e in finding.elements)


def _text(value, smap: SourceMap, path: tuple, problems: list[Problem], what: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        problems.append(Problem(smap.file, smap.line_of(path), format_path(path),
                                f"found {value!r}; expected {what} as text"))
        return None
    return str(value).strip()


def parse_waivers(data, smap: SourceMap, rule_ids: list[str]) -> list[Waiver]:
    """Waivers from parsed YAML ``data`` with its source map; every problem at once as an InputError."""
    file = smap.file
    problems: list[Problem] = []
    if not isinstance(data, dict) or set(data) != {"waivers"}:
        keys = ", ".join(sorted(map(str, data))) if isinstance(data, dict) else type(data).__name__
        raise InputError(Problem(file, 1, "", f"found {keys}; expected a mapping with one key, waivers"))
    items = data["waivers"]
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(Problem(file, smap.line_of(("waivers",)), "waivers", "expected a list of waivers"))
    out = []
    for i, item in enumerate(items):
        path = ("waivers", i)
        if not isinstance(item, dict):
            problems.append(Problem(file, smap.line_of(path), format_path(path),
                                    "expected a mapping with rule, elements, reason and accepted_by"))
            continue
        for key in sorted(set(item) - set(REQUIRED) - set(OPTIONAL)):
            near = difflib.get_close_matches(str(key), REQUIRED + OPTIONAL, n=1)
            problems.append(Problem(file, smap.key_line_of(path + (key,)), format_path(path + (key,)),
                                    f"unknown field \"{key}\"; expected {', '.join(REQUIRED + OPTIONAL)}"
                                    + (f"; did you mean \"{near[0]}\"?" if near else "")))
        for key in REQUIRED:
            if key not in item:
                problems.append(Problem(file, smap.line_of(path), format_path(path + (key,)), f"missing required field {key}"))
        rule_id = _text(item.get("rule"), smap, path + ("rule",), problems, "a rule id") if "rule" in item else None
        if rule_id is not None and rule_id not in rule_ids:
            near = difflib.get_close_matches(rule_id, rule_ids, n=3, cutoff=0.6)
            problems.append(Problem(file, smap.line_of(path + ("rule",)), format_path(path + ("rule",)),
                                    f"unknown rule \"{rule_id}\"" + (f"; did you mean {', '.join(near)}?" if near
                                                                     else "; `docs/rules.md` lists every rule")))
            rule_id = None
        elements: list[str] = []
        if "elements" in item:
            raw = item["elements"]
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list) or not raw:
                problems.append(Problem(file, smap.line_of(path + ("elements",)), format_path(path + ("elements",)),
                                        "expected a non-empty list of element ids"))
            else:
                for j, e in enumerate(raw):
                    text = _text(e, smap, path + ("elements", j), problems, "an element id")
                    if text is not None:
                        elements.append(text)
        reason = _text(item.get("reason"), smap, path + ("reason",), problems, "the reason") if "reason" in item else None
        who = _text(item.get("accepted_by"), smap, path + ("accepted_by",), problems,
                    "who accepted it") if "accepted_by" in item else None
        date = str(item["date"]) if item.get("date") is not None else None
        reference = str(item["reference"]) if item.get("reference") is not None else None
        if rule_id and elements and reason and who:
            out.append(Waiver(rule_id, tuple(elements), reason, who, date, reference, file, smap.line_of(path)))
    if problems:
        raise InputError(problems)
    return out


def read_waivers(path: str | Path, rule_ids: list[str]) -> list[Waiver]:
    """Read a waivers file (see the module docstring); problems raise InputError with file and line.

    ``rule_ids`` are the ids a waiver may name (the registry's, from the caller: this module does not
    import the registry, which imports it)."""
    data, smap = read_yaml(path)
    return parse_waivers(data, smap, rule_ids)


def apply_waivers(findings: list[Finding], waivers: list[Waiver]) -> tuple[list[Finding], list[Waiver]]:
    """Findings with every failure or gap a waiver covers marked ``waived`` (the first covering waiver is
    attached), in the same order; and the waivers that covered nothing."""
    used: set[int] = set()
    out = []
    for f in findings:
        for k, w in enumerate(waivers):
            if w.covers(f):
                used.add(k)
                f = replace(f, status="waived", waiver={**w.as_json(), "waived_status": f.status})
                break
        out.append(f)
    return out, [w for k, w in enumerate(waivers) if k not in used]
