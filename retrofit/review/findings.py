"""Findings of a design review: the verdict of one rule on one element, with its evidence.

A finding says which rule was applied (id, title, category, the clause of the standard or the
specification it applies, severity), to which elements (ids as in the design and the results), with
what outcome (``pass``, ``fail``, ``not_applicable``, ``untested``, or ``waived`` for a failure a waiver
accepts) and on what evidence: the values found and the limits they were held to, each with its unit
and the element it belongs to. Findings hold numbers as the results dict holds them; nothing here
computes a physical quantity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

STATUSES = ("fail", "waived", "untested", "pass", "not_applicable")
"""Every status a finding can have, in the order reports list them."""

SEVERITIES = ("critical", "major", "minor")
"""Severities of rules, most severe first.

``critical``: a failure can injure people or destroy equipment (interrupting duty, working space, slab,
freezing, a rack fed without the neutral its power shelves need); ``major``: the design does not deliver
its capacity, redundancy or cooling at the design conditions; ``minor``: a recommendation or an
efficiency concern (voltage-drop notes of the NEC, balance, pump preferred region, OCP flow guidance).
"""

CATEGORIES = ("electrical", "cooling", "layout", "model")
"""Rule categories, in the order reports list them."""

RELATIONS = ("<=", ">=", "==", None)
"""How an evidence value must relate to its limit: at most, at least, equal, or for information."""


@dataclass(frozen=True)
class Outcome:
    """What a rule's check returns for one element (the registry adds the rule's identity)."""

    status: str
    elements: tuple[str, ...] = ()
    evidence: tuple[dict, ...] = ()
    message: str = ""
    needs: str = ""
    """For an ``untested`` outcome: the input or model that would let the rule be evaluated."""

    def __post_init__(self):
        if self.status not in ("pass", "fail", "not_applicable", "untested"):
            raise ValueError(f"a check returns pass, fail, not_applicable or untested, not {self.status!r}")


@dataclass(frozen=True)
class Finding:
    """The verdict of one rule on one element (or on the design as a whole).

    Attributes
    ----------
    rule_id : str
        Stable rule id, for example ``ELEC-SC-001``.
    title : str
        What the rule checks, in a few words.
    category : str
        One of :data:`CATEGORIES`.
    clause : str
        Standard or specification clause the rule applies.
    severity : str
        One of :data:`SEVERITIES`.
    status : str
        One of :data:`STATUSES`.
    elements : list of str
        Element ids the finding is about, the subject first.
    evidence : list of dict
        ``{"quantity", "value", "limit", "unit", "element", "relation"}`` per value found.
    message : str
        One sentence: what was found, or why the rule could not be applied.
    waiver : dict or None
        For a waived finding: the rule, the elements, the reason, who accepted it, where it is written,
        and ``waived_status``, the status it had (``fail`` or ``untested``).
    needs : str
        For an untested finding: the input or model that would let the rule be evaluated.
    """

    rule_id: str
    title: str
    category: str
    clause: str
    severity: str
    status: str
    elements: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    message: str = ""
    waiver: dict | None = None
    needs: str = ""

    @property
    def subject(self) -> str:
        """The element the finding is about (``design`` for a design-wide finding)."""
        return self.elements[0] if self.elements else "design"

    def as_json(self) -> dict:
        """The finding as plain JSON-ready data."""
        out = {"rule_id": self.rule_id, "title": self.title, "category": self.category, "clause": self.clause,
               "severity": self.severity, "status": self.status, "elements": list(self.elements),
               "evidence": [dict(e) for e in self.evidence], "message": self.message}
        if self.needs:
            out["needs"] = self.needs
        if self.waiver is not None:
            out["waiver"] = dict(self.waiver)
        return out


def evidence(quantity: str, value: Any, unit: str = "", *, limit: Any = None, relation: str | None = None,
             element: str | None = None) -> dict:
    """One row of evidence: a value found, the limit it is held to and how, its unit and element.

    Parameters
    ----------
    quantity : str
        What the value is, in words (``"loading"``, ``"TCS supply temperature"``).
    value : float, str, bool or None
        The value as the results dict holds it [unit].
    unit : str
        Unit of ``value`` and ``limit`` (``"%"``, ``"kA"``, ``"degC"``, ``"L/min"``; empty when none).
    limit : float, str, bool or None
        The limit [unit]; None for a value given for information.
    relation : str or None
        ``"<="``, ``">="`` or ``"=="``: how the value must relate to the limit.
    element : str or None
        Id of the element the value belongs to.
    """
    if relation not in RELATIONS:
        raise ValueError(f"relation must be one of {RELATIONS}, not {relation!r}")
    return {"quantity": quantity, "value": value, "limit": limit, "unit": unit, "element": element,
            "relation": relation}


_NATURAL = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 16)   # a campus's review sorts ~50,000 findings over a few thousand element ids
def natural_key(text: str) -> tuple:
    """Sort key that orders ``row-2`` before ``row-10`` and is total over any strings."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _NATURAL.split(text) if part)


def finding_order(finding: Finding) -> tuple:
    """Sort key of findings within one rule: by their elements, naturally."""
    return tuple(natural_key(e) for e in finding.elements)


def count_by_status(findings: list[Finding]) -> dict[str, int]:
    """How many findings have each status (every status present, zero when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for f in findings:
        counts[f.status] += 1
    return counts

