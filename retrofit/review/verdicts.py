"""The verdict of a review: PASS, FAIL or INCOMPLETE, from its findings.

- **FAIL**: at least one finding fails and is not waived;
- **INCOMPLETE**: nothing fails, but at least one applicable rule could not be evaluated on some
  element (an ``untested`` finding) and no waiver accepts that gap;
- **PASS**: every applicable rule was evaluated and held, or its failure or gap is waived.

An untested rule is never a pass: a reviewer must see what was not evaluated and what would evaluate it.
The exit statuses are those of :mod:`retrofit.exit_status`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import exit_status
from .findings import Finding

OUTCOMES = ("pass", "fail", "incomplete")
"""The three verdicts, as they appear in JSON."""


@dataclass(frozen=True)
class Gap:
    """One rule that could not be evaluated on some elements: why, and what would evaluate it."""

    rule_id: str
    findings: int
    reasons: tuple[str, ...]
    needs: tuple[str, ...]
    elements: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """What a review concluded.

    Attributes
    ----------
    outcome : str
        ``"pass"``, ``"fail"`` or ``"incomplete"``.
    exit_status : int
        0, 1 or 4 (see :mod:`retrofit.exit_status`).
    findings : int
        Number of findings.
    failing : int
        Findings that fail and are not waived.
    failing_rules : tuple of str
        Ids of the rules with a failing finding, in report order.
    untested : int
        Findings that could not be evaluated and are not waived.
    gaps : tuple of Gap
        The untested rules with their reasons and what would evaluate them.
    waived : int
        Findings accepted by a waiver (failures and gaps).
    """

    outcome: str
    exit_status: int
    findings: int
    failing: int
    failing_rules: tuple[str, ...]
    untested: int
    gaps: tuple[Gap, ...]
    waived: int

    @property
    def label(self) -> str:
        """``PASS``, ``FAIL`` or ``INCOMPLETE``."""
        return self.outcome.upper()

    def summary(self) -> str:
        """One line: the verdict and the counts that decide it."""
        s = lambda n, word: f"{n} {word}{'s' if n != 1 else ''}"  # noqa: E731
        parts = [s(self.failing, "failing finding") + (f" of {s(len(self.failing_rules), 'rule')}"
                                                       if self.failing else "")]
        if self.untested or self.outcome == "incomplete":
            parts.append(s(self.untested, "untested finding") + f" of {s(len(self.gaps), 'rule')}")
        if self.waived:
            parts.append(f"{self.waived} waived")
        return f"{self.label} — " + "; ".join(parts)

    def as_json(self) -> dict:
        return {"verdict": self.outcome, "exit_status": self.exit_status, "findings": self.findings,
                "failing": self.failing, "failing_rules": list(self.failing_rules), "untested": self.untested,
                "untested_rules": [{"rule_id": g.rule_id, "findings": g.findings, "reasons": list(g.reasons),
                                    "needs": list(g.needs), "elements": list(g.elements)} for g in self.gaps],
                "waived": self.waived}


def verdict(findings: Sequence[Finding]) -> Verdict:
    """The verdict of ``findings`` (after waivers are applied)."""
    failing = [f for f in findings if f.status == "fail"]
    untested = [f for f in findings if f.status == "untested"]
    gaps: dict[str, list[Finding]] = {}
    for f in untested:
        gaps.setdefault(f.rule_id, []).append(f)
    if failing:
        outcome, status = "fail", exit_status.FAIL
    elif untested:
        outcome, status = "incomplete", exit_status.INCOMPLETE
    else:
        outcome, status = "pass", exit_status.OK
    return Verdict(
        outcome, status, len(findings), len(failing), tuple(dict.fromkeys(f.rule_id for f in failing)),
        len(untested),
        tuple(Gap(rule_id, len(items), tuple(dict.fromkeys(f.message for f in items)),
                  tuple(dict.fromkeys(f.needs for f in items if f.needs)),
                  tuple(dict.fromkeys(e for f in items for e in f.elements)))
              for rule_id, items in gaps.items()),
        sum(1 for f in findings if f.status == "waived"))


__all__ = ["Gap", "OUTCOMES", "Verdict", "verdict"]
