"""Write ``docs/rules.md`` from the rule registry itself.

Every rule's id, title, category, severity, clause, the results it reads, its limit and how it judges
(the check's docstring) come from the registry; the design criteria and their defaults from the
:class:`~retrofit.model.goal.Criteria` model; the waivers format from :mod:`retrofit.review.waivers`.
The text is deterministic, so a test can tell when the page is stale. Regenerate it with::

    python -m retrofit.review.docs_rules
"""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

from ..io.atomic import write_atomic
from ..model import Criteria
from ..model.quantity import quantity_text
from . import rules_cooling, rules_electrical, rules_layout, rules_power_paths, waivers
from .findings import CATEGORIES
from .registry import all_rules

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
REGENERATE = "python -m retrofit.review.docs_rules"

_INTRO = """\
# Design review rules

<!-- Generated from the rule registry by `{regenerate}`; do not edit by hand. -->

`retrofit check FILE` analyses a design (load flow, short circuit and device duty, feeders, N-1,
hydraulics, CDUs and heat rejection at the design ambient, N+1, residual air, freezing, and the layout
when the results carry one) and applies every rule below. Each rule gives one finding per element it
applies to: the rule id, the element ids, a status, the evidence (each value found with the limit it is
held to, its unit and its element) and the clause of the standard or specification applied. Rules read
the analysis results and the design; they compute nothing physical themselves.

```
retrofit check design.yaml                                   # text report grouped by severity
retrofit check design.yaml --format json -o findings.json    # every finding with its evidence
retrofit check design.yaml --format junit -o review.xml      # JUnit XML for CI (one testcase per rule and element)
retrofit check design.yaml --waivers waivers.yaml            # accepted failures and gaps shown as waived
```

## Verdict and exit status

| verdict | exit status | when |
|---|---|---|
| PASS | **0** | every applicable rule was evaluated on every element and held, or its failure or gap is waived |
| FAIL | **1** | at least one finding fails and no waiver accepts it |
| INCOMPLETE | **4** | nothing fails, but some rules could not be evaluated on some elements (`untested`) and no waiver accepts the gap; the report lists each such rule with the reason and what input or model would evaluate it |

Bad input (the design or the waivers file, reported with file, line and field) exits **2**. A rule,
a model or an analysis stage that raises is a bug in retrofit: the check stops with exit status **3**
and names the rule or stage, never an `untested` finding. JSON carries the verdict in `check.verdict`
with the counts and the untested rules (`check.untested_rules[].needs`); JUnit reports a failing
finding as a `failure` and an untested one as an `error` of type `untested`.

## Statuses

| status | meaning |
|---|---|
| `pass` | the values are within their limits |
| `fail` | a value is outside its limit; the evidence says which and by how much |
| `waived` | a failure or a gap a waiver accepts; shown with the waiver (and the status it had), never hidden |
| `untested` | the rule could not be evaluated on the element: an analysis legitimately did not solve (its diagnosis is a MODEL-* finding) or the design lacks an input; the message says which and `needs` says what would evaluate it. Makes the review INCOMPLETE unless waived |
| `not_applicable` | nothing in the design for the rule to judge (no busway, N redundancy, an indoor loop ...) |

## Severities

| severity | meaning |
|---|---|
| `critical` | a failure can injure people or destroy equipment (interrupting duty, SCCR, working space, slab, freezing, power shelves without the neutral or voltage they need, A/B independence) |
| `major` | the design does not deliver its capacity, redundancy or cooling at the design conditions |
| `minor` | a recommendation or an efficiency concern (NEC voltage-drop notes, balance, pump preferred region, OCP flow guidance) |

## Waivers

{waivers}

## Design criteria

Limits come from `goal.criteria` of the design file; a criterion not given takes the default below
(`docs/input-format.md` describes the field). A design without a goal is held to the defaults.

| criterion | default | description |
|---|---|---|
{criteria}

Limits that are not criteria of the design file are constants of the rule modules:

| constant | value | description |
|---|---|---|
{constants}

## Rules

{count} rules.

| id | title | category | severity |
|---|---|---|---|
{summary}
"""


def _waivers_text() -> str:
    required = ", ".join(f"`{k}`" for k in waivers.REQUIRED)
    optional = ", ".join(f"`{k}`" for k in waivers.OPTIONAL)
    return f"""A waivers file (`--waivers FILE`) lists failures that someone has accepted. Each waiver gives
{required} (required) and {optional} (optional):

```yaml
waivers:
  - rule: COOL-FRZ-001
    elements: [fw-1]
    reason: the outdoor loop is drained and refilled with PG55 before the first winter
    accepted_by: A. Engineer, engineer of record
    date: 2026-03-02
    reference: RFI-0042
```

A failing or untested finding of the rule that names any of the waiver's elements becomes `waived`: it
keeps its evidence and is listed with the waiver (reason, who, when, file and line, and the status it
had), in every output format. Waiving an untested finding records that someone accepted the rule not
being evaluated there (for example a figure the manufacturer has confirmed in writing); the review can
then PASS. A waiver that matches no failing or untested finding is reported as unused. An unknown rule
id, a missing field or an unknown field is an input error with its line (exit status 2).
`examples/washington-18mw/waivers.yaml` is an example."""


def _criteria_rows() -> str:
    rows = []
    for name, field in Criteria.model_fields.items():
        default = field.default
        text = quantity_text(default) if hasattr(default, "units") else str(default)
        rows.append(f"| `{name}` | `{text}` | {field.description or ''} |")
    return "\n".join(rows)


def _constants_rows() -> str:
    rows = []
    for module in (rules_electrical, rules_power_paths, rules_cooling, rules_layout):
        source = inspect.getsource(module)
        for name, value in vars(module).items():
            if not name.isupper() or name.startswith("_"):
                continue
            if f"\n{name} = " not in source and f"\n{name}: " not in source:
                continue  # imported from another module (a study record, say), not a limit of this one
            doc = _constant_doc(source, name)
            rows.append(f"| `{module.__name__.rsplit('.', 1)[-1]}.{name}` | `{value}` | {doc} |")
    return "\n".join(rows)


def _constant_doc(source: str, name: str) -> str:
    """The docstring written under a module constant (the text in triple quotes after its assignment)."""
    start = source.find(f"\n{name} = ")
    if start < 0:
        return ""
    open_ = source.find('"""', start)
    close = source.find('"""', open_ + 3)
    if open_ < 0 or close < 0:
        return ""
    return " ".join(source[open_ + 3:close].split())


def _rule_section(r) -> str:
    reads = "".join(f"\n  - `{x}`" for x in r.reads)
    return (f"### {r.id} — {r.title}\n\n"
            f"- **category**: {r.category}; **severity**: {r.severity}\n"
            f"- **clause**: {r.clause}\n"
            f"- **reads**:{reads}\n"
            f"- **limit**: {r.limit}\n\n"
            f"{r.description}\n")


def render_rules_page() -> str:
    """The text of ``docs/rules.md``."""
    rules = all_rules()
    summary = "\n".join(f"| [{r.id}](#{_anchor(r)}) | {r.title} | {r.category} | {r.severity} |" for r in rules)
    text = _INTRO.format(regenerate=REGENERATE, waivers=_waivers_text(), criteria=_criteria_rows(),
                         constants=_constants_rows(), count=len(rules), summary=summary)
    for category in CATEGORIES:
        in_category = [r for r in rules if r.category == category]
        if not in_category:
            continue
        text += f"\n## {category.capitalize()} rules\n"
        for r in in_category:
            text += "\n" + _rule_section(r)
    return text


def _anchor(r) -> str:
    """The GitHub-style anchor of a rule's heading (lower case, punctuation dropped, spaces to dashes)."""
    heading = f"{r.id} — {r.title}".lower()
    kept = "".join(ch for ch in heading if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    """Write the page (to ``argv[0]`` when given, else ``docs/rules.md``)."""
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else DEFAULT_PATH
    write_atomic(path, render_rules_page())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
