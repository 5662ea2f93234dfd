"""Design review: a registry of rules applied to the analysis results, findings with evidence, waivers and
reports (text, JSON, JUnit). ``retrofit check`` is its command; ``docs/rules.md`` is generated from the
registry."""
from .findings import Finding, Outcome, evidence
from .registry import Rule, all_rules, run_rules

__all__ = ["Finding", "Outcome", "Rule", "all_rules", "evidence", "run_rules"]
