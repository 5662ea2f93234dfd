"""``analyze(keep=False)`` gives the same results as a kept analysis, and neither reads nor stores the copy kept for
a later analysis of the same design; a plan whose proposal is analysed only for its verdict (what ``plan-design``
asks for, PlanOptions.verdict_only) is the plan of the full analysis. Consistency checks."""
from __future__ import annotations

from pathlib import Path

from retrofit import analyze as analysis
from retrofit.io.load import load
from retrofit.planning.planner import PlanOptions

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"


def test_unkept_analysis_is_the_kept_one_and_leaves_no_copy(monkeypatch):
    monkeypatch.setattr(analysis, "_RECENT", {})
    design = load(PILOT)
    unkept = analysis.analyze(design, contingencies=False, keep=False)
    assert analysis._RECENT == {}
    kept = analysis.analyze(design, contingencies=False)
    assert len(analysis._RECENT) == 1
    assert unkept == kept
    unkept["cooling"] = None  # a later unkept analysis is made anew, not read from the copy
    assert analysis.analyze(design, contingencies=False, keep=False)["cooling"] == kept["cooling"]


def test_a_plan_verified_for_its_verdict_only_is_the_fully_analysed_plan(monkeypatch, small_site):
    from retrofit.planning import plan
    from retrofit.planning.text import plan_json

    monkeypatch.setattr(analysis, "_RECENT", {})
    full = plan(small_site)
    assert {"protection", "layout", "resilience"} <= set(full.results)
    lean = plan(small_site, PlanOptions(verdict_only=True))
    assert set(lean.results) == {"site", "electrical", "cooling", "pue"}
    assert lean.verification == full.verification
    assert plan_json(lean) == plan_json(full)  # selection, BOM, phases and their verdicts, notes
    assert lean.proposed.model_dump_json() == full.proposed.model_dump_json()
    assert PlanOptions().verdict_only is False
