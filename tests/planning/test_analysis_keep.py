"""``analyze(keep=False)`` (what ``plan-design``'s planner asks for, PlanOptions.keep_analysis) gives the same
results as a kept analysis, and neither reads nor stores the copy kept for a later analysis of the same design."""
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


def test_plan_options_keep_the_analysis_unless_told():
    assert PlanOptions().keep_analysis is True
    assert PlanOptions(keep_analysis=False).keep_analysis is False
