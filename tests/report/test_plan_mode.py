"""``plan`` and ``plan-design`` plan a site, and analyse a file that already holds a design as given.

A design file must never be silently replaced by a new plan: the 12-rack pilot stays 12 racks, and the
verdict printed for a failing design is that design's, the same as ``retrofit check`` gives.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.analyze import analyze
from retrofit.cli import main
from retrofit.io.load import load
from retrofit.planning.intent import AS_GIVEN, PLAN, intent, target_racks
from retrofit.report.pipeline import run_plan
from retrofit.review.registry import run_rules
from retrofit.review.verdicts import verdict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PILOT = EXAMPLES / "pilot-hall" / "design.yaml"
SITE = EXAMPLES / "washington-18mw" / "site.yaml"
AS_IS = EXAMPLES / "washington-18mw" / "gb300-as-is.yaml"


def test_a_site_is_planned_and_a_design_is_analysed_as_given():
    site, pilot = load(SITE), load(PILOT)
    assert target_racks(site) == 0 and intent(site).mode == PLAN
    assert target_racks(pilot) == 12
    mode = intent(pilot)
    assert mode.mode == AS_GIVEN and "12 gb300-nvl72 racks" in mode.reason and "--replan" in mode.reason
    assert intent(pilot, replan=True).mode == PLAN


def test_a_design_without_a_goal_is_analysed_as_given():
    pilot = load(PILOT)
    assert intent(pilot.model_copy(update={"goal": None})).mode == AS_GIVEN


def test_plan_of_a_failing_design_reports_that_designs_verdict():
    design = load(AS_IS)
    run = run_plan(design, source=AS_IS, contingencies=False)
    assert run.plan is None and run.analysed is design
    assert run.results["mode"]["mode"] == AS_GIVEN
    expected = verdict(run_rules(design, analyze(design, contingencies=False))).as_json()
    assert run.results["review"]["verdict"] == expected
    assert expected["verdict"] == "fail" and expected["failing"] > 0


def test_plan_design_keeps_the_pilot_as_given(tmp_path, capsys):
    out = tmp_path / "design.yaml"
    status = main(["plan-design", str(PILOT), "-o", str(out), "--no-contingencies", "--no-phases"])
    design = load(PILOT)
    v = verdict(run_rules(design, analyze(design, contingencies=False)))
    assert status == v.exit_status
    printed = capsys.readouterr().out
    assert "analysed as given" in printed and f"review: {v.summary()}" in printed
    assert sum(g.count for g in load(out).loads.racks) == sum(g.count for g in design.loads.racks)


@pytest.mark.parametrize("command", ["plan", "plan-design"])
def test_replan_is_an_option(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--replan" in capsys.readouterr().out
