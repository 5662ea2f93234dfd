"""The design review section: failing and waived findings in full, the rest summarised by rule.

A reviewer reads what fails; what passes is evidence to keep, not to print finding by finding. Passing,
not-applicable and untested findings are counted per category of rule in the body and per rule (with an
example) in the appendix; a rule with an untested finding is listed in the body too. Every
finding, whole, is in the results JSON (``review.findings``) and in the CSV that
:func:`findings_csv` writes beside the PDF.
"""
from __future__ import annotations

import csv
import io

from .document import paragraph, rich
from .formatting import ids_text, value_text
from .tables import Column, Schedule, data_table

STATUSES = ("fail", "waived", "untested", "pass", "not_applicable")
#: Columns of the findings CSV, in order [-].
CSV_COLUMNS = ("rule_id", "status", "severity", "category", "title", "clause", "elements", "message", "evidence")


def findings_by_rule(findings: list[dict]) -> list[dict]:
    """Findings counted per rule: ``rule_id``, ``title``, ``clause``, a count per status, an example element.

    Rules are sorted by id; the example is the first element named by the rule's first finding.
    """
    rules: dict[str, dict] = {}
    for f in findings:
        rid = f.get("rule_id") or ""
        r = rules.setdefault(rid, {"rule_id": rid, "title": f.get("title") or "", "clause": f.get("clause") or "",
                                   "example": (f.get("elements") or [""])[0], **{s: 0 for s in STATUSES}})
        status = f.get("status")
        if status in STATUSES:
            r[status] += 1
    return [rules[k] for k in sorted(rules)]


def rules_by_category(findings: list[dict]) -> list[dict]:
    """Findings counted per category of rule (the finding's ``category``): ``category``, ``rules`` (how many),
    ``ids`` (the rule ids), and a count per status; categories in order of their first rule id."""
    groups: dict[str, dict] = {}
    for f in sorted(findings, key=lambda f: f.get("rule_id") or ""):
        cat = f.get("category") or (f.get("rule_id") or "").split("-")[0] or "other"
        g = groups.setdefault(cat, {"category": cat, "ids": [], **{s: 0 for s in STATUSES}})
        if f.get("rule_id") not in g["ids"]:
            g["ids"].append(f.get("rule_id"))
        if f.get("status") in STATUSES:
            g[f["status"]] += 1
    for g in groups.values():
        g["rules"] = len(g["ids"])
    return list(groups.values())


def findings_csv(results: dict) -> str:
    """Every finding of the review as CSV text, one row a finding (the machine-readable appendix).

    Parameters
    ----------
    results : dict
        The results dict; ``review.findings`` is written.

    Returns
    -------
    str
        CSV with the header :data:`CSV_COLUMNS`; elements joined by spaces, evidence as
        ``quantity=value unit relation limit`` joined by ``; ``.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in (results.get("review") or {}).get("findings") or []:
        evidence = "; ".join(
            f"{e.get('quantity')}={e.get('value')}{(' ' + e['unit']) if e.get('unit') else ''}"
            + (f" {e.get('relation') or 'vs'} {e.get('limit')}" if e.get("limit") is not None else "")
            for e in f.get("evidence") or [])
        writer.writerow([f.get("rule_id"), f.get("status"), f.get("severity"), f.get("category"), f.get("title"),
                         f.get("clause"), " ".join(f.get("elements") or []), f.get("message"), evidence])
    return buf.getvalue()


def _first_two(items: list[str], what: str) -> str:
    """The first two texts of a list and the count of the others (each is in the findings CSV)."""
    return "; ".join(items[:2]) + (f"; and {len(items) - 2:,} more {what} alike (in the findings CSV)"
                                   if len(items) > 2 else "")


def _evidence_text(rows: list[dict]) -> str:
    parts = []
    for e in rows[:3]:
        unit = f" {e.get('unit')}" if e.get("unit") else ""
        text = f"{e.get('quantity')}: {value_text('', e.get('value'))}{unit}"
        if e.get("limit") is not None:
            text += f" {e.get('relation') or 'vs'} {value_text('', e.get('limit'))}{unit}"
        parts.append(text)
    return "; ".join(parts) + (f"; and {len(rows) - 3} more figures (in the findings CSV)" if len(rows) > 3 else "")


def design_review(ctx) -> list:
    """Section: the design review (see the module docstring)."""
    out = [ctx.headings.section("Design review")]
    review = ctx.results.get("review")
    if not review:
        return out + ctx.missing("review", "The design review")
    counts = review.get("by_status") or {}
    findings = review.get("findings") or []
    out.append(paragraph(f"{len(findings):,} findings from the rules of the review. Failing and waived findings are "
                         "listed whole, each with its rule, clause, elements and the values found against their "
                         "limits; the others are counted by rule below. Every finding is in the results JSON "
                         "(review.findings) and in the findings CSV written beside this document.", "body"))
    out.append(data_table([Column(s.replace("_", " "), 1, "RIGHT") for s in counts],
                          [[str(v) for v in counts.values()]], ctx.width * 0.7))
    verdict = review.get("verdict") or {}
    if verdict:
        meaning = {"pass": "every applicable rule was evaluated and holds, or its failure or gap is waived",
                   "fail": "at least one finding fails and no waiver accepts it",
                   "incomplete": "nothing fails, but some rules could not be evaluated on some elements"}
        out.append(rich(f"<b>Verdict: {verdict['verdict'].upper()}</b> (exit status {verdict['exit_status']} of "
                        f"retrofit check): {meaning.get(verdict['verdict'], '')}.", "body"))
    gaps = verdict.get("untested_rules") or []
    if gaps:
        out.append(ctx.headings.sub(f"Not evaluated ({len(gaps)} rules)"))
        rows = [[g["rule_id"], f"{g['findings']:,}", _first_two(g["reasons"], "elements"), _first_two(g["needs"], "inputs")]
                for g in gaps]
        out += ctx.schedule(Schedule("Rules not evaluated", [Column("rule", 1.05), Column("findings", 0.6, "RIGHT"),
                                                             Column("why", 3.0), Column("what would evaluate it", 3.0)],
                                     rows, [False] * len(rows)))
    for status, title in (("fail", "Failing"), ("waived", "Waived")):
        items = [f for f in findings if f.get("status") == status]
        out.append(ctx.headings.sub(f"{title} findings ({len(items)})"))
        if not items:
            out.append(paragraph("None.", "body"))
            continue
        rows = [[f.get("rule_id"), f.get("severity"), f.get("clause"), ids_text(f.get("elements") or [], 4),
                 f.get("message"), _evidence_text(f.get("evidence") or [])] for f in items]
        out += ctx.schedule(Schedule(f"{title} findings", [Column("rule", 1.05), Column("severity", 0.6),
                                                           Column("clause", 1.4), Column("elements", 0.9),
                                                           Column("finding", 2.2), Column("evidence", 1.6)], rows,
                                     [status == "fail"] * len(rows)))
    rules = findings_by_rule(findings)
    others = [r for r in rules if r["untested"] or r["pass"] or r["not_applicable"]]
    out.append(ctx.headings.sub(f"Findings by rule ({len(rules)} rules)"))
    groups = rules_by_category(findings)
    out.append(paragraph("The rules that ran, counted by category; a rule with a failing or untested finding is "
                         "listed by itself below. Every rule with its title and counts is in the appendix, every "
                         "finding in the JSON and the CSV.", "small"))
    out.append(data_table([Column("category", 1.6), Column("rules", 0.5, "RIGHT"), Column("fail", 0.45, "RIGHT"),
                           Column("untested", 0.65, "RIGHT"), Column("pass", 0.5, "RIGHT"),
                           Column("n/a", 0.45, "RIGHT"), Column("rules (ids)", 3.4)],
                          [[g["category"], str(g["rules"]), str(g["fail"]), str(g["untested"]), str(g["pass"]),
                            str(g["not_applicable"]), ids_text(g["ids"], 8)] for g in groups], ctx.width,
                          failing=[g["fail"] > 0 for g in groups]))
    columns = [Column("rule", 1.1), Column("title", 3.0), Column("fail", 0.45, "RIGHT"),
               Column("untested", 0.65, "RIGHT"), Column("pass", 0.5, "RIGHT"), Column("n/a", 0.45, "RIGHT"),
               Column("e.g.", 1.3)]

    def row(r):
        return [r["rule_id"], r["title"], str(r["fail"]), str(r["untested"]), str(r["pass"]), str(r["not_applicable"]),
                r["example"]]

    open_rules = [r for r in others if r["fail"] or r["untested"]]
    if open_rules:
        out.append(data_table(columns, [row(r) for r in open_rules], ctx.width,
                              failing=[r["fail"] > 0 for r in open_rules]))
    out += ctx.appendix_only(Schedule("Findings by rule", columns, [row(r) for r in others],
                                      [r["fail"] > 0 for r in others]))
    return out


__all__ = ["CSV_COLUMNS", "design_review", "findings_by_rule", "findings_csv", "rules_by_category"]
