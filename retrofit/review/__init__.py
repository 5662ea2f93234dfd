"""Design review: a registry of rules applied to the analysis results, findings with evidence, waivers and
reports (text, JSON, JUnit). ``retrofit check`` is its command; ``docs/rules.md`` is generated from the
registry. Names are imported on first use."""
from __future__ import annotations

__all__ = ["Finding", "Outcome", "Rule", "Verdict", "all_rules", "evidence", "run_rules", "verdict"]


def __getattr__(name: str):
    if name in ("Finding", "Outcome", "evidence"):
        from . import findings

        return getattr(findings, name)
    if name in ("Rule", "all_rules", "run_rules"):
        from . import registry

        return getattr(registry, name)
    if name in ("Verdict", "verdict"):
        from . import verdicts

        return getattr(verdicts, name)
    raise AttributeError(f"module 'retrofit.review' has no attribute {name!r}")
