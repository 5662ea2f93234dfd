"""The rule registry: ids, metadata, the standards the rules apply, every rule tested and documented;
``docs/rules.md`` is the page the generator writes from the registry, byte for byte."""
from __future__ import annotations

import re

import pytest

from retrofit.review.docs_rules import DEFAULT_PATH, REGENERATE, render_rules_page
from retrofit.review.findings import CATEGORIES, SEVERITIES, Outcome, evidence
from retrofit.review.registry import RULE_ID, all_rules, rule
from review_designs import HERE

RULES = all_rules()


def test_at_least_30_rules_with_unique_stable_ids():
    ids = [r.id for r in RULES]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)
    assert all(RULE_ID.match(i) for i in ids)
    assert {r.category for r in RULES} == set(CATEGORIES)
    assert {r.severity for r in RULES} <= set(SEVERITIES)


def test_every_rule_says_what_it_applies():
    for r in RULES:
        assert r.title and r.clause and r.limit and r.reads, r.id
        assert len(r.description) > 60, r.id


@pytest.mark.parametrize("clause", ["NEC 110.9", "NEC 110.10", "NEC 110.26", "215.2", "310.16", "IEC 60909",
                                    "IEEE C57", "ASHRAE TC 9.9", "NVIDIA GB300", "OCP"])
def test_the_standards_of_the_issue_are_applied(clause):
    assert any(clause in r.clause for r in RULES), clause


def test_rule_ids_are_checked():
    with pytest.raises(ValueError, match="does not match"):
        rule("ELEC-1", title="t", category="electrical", clause="c", severity="major", reads=(), limit="l")
    with pytest.raises(ValueError, match="severity"):
        rule("ELEC-X-001", title="t", category="electrical", clause="c", severity="grave", reads=(), limit="l")
    with pytest.raises(ValueError):
        Outcome("waived")
    with pytest.raises(ValueError):
        evidence("x", 1, "m", limit=2, relation="<")


def test_every_rule_has_tests():
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(HERE.glob("test_review_*.py"))
                   if p.name not in ("test_review_registry.py",))
    untested = [r.id for r in RULES if f'"{r.id}"' not in text]
    assert untested == []


def test_rules_page_is_fresh():
    assert DEFAULT_PATH.is_file(), f"docs/rules.md is missing; create it with `{REGENERATE}`"
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render_rules_page(), (
        f"docs/rules.md differs from the rule registry; regenerate it with `{REGENERATE}`")


def test_rules_page_documents_every_rule():
    text = render_rules_page()
    for r in RULES:
        assert f"\n### {r.id} — {r.title}\n" in text
        assert f"| [{r.id}](#" in text
        assert r.description in text
    for name in ("max_transformer_loading", "pipe_velocity_max", "freeze_margin"):
        assert re.search(rf"\| `{name}` \| `[^`]+` \|", text)
    assert "BALANCE_LIMIT_PERCENT" in text and "OCP_FLOW_MIN_LPM_PER_KW" in text
