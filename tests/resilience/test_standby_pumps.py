"""After an outage the surviving pump sets of a loop start their standby pumps, as lead-lag control does."""
from __future__ import annotations

from pathlib import Path

from retrofit.io.load import load
from retrofit.resilience.resolve import survivors_design

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"


def _with_standby():
    design = load(PILOT)
    pumps = [p.model_copy(update={"count": 2, "running": 1}) for p in design.cooling.pumps]
    return design.model_copy(update={"cooling": design.cooling.model_copy(update={"pumps": pumps})})


def test_a_lost_set_is_replaced_by_the_other_sets_standby():
    design = _with_standby()
    first, second = sorted(design.cooling.pumps, key=lambda p: p.id)[:2]
    after = survivors_design(design, {first.id: first.count})
    (left,) = [p for p in after.cooling.pumps if p.loop == first.loop]
    assert left.id == second.id and left.count == 2 and left.running == 2  # its standby started


def test_no_more_pumps_run_than_before_the_outage():
    design = _with_standby()
    first = sorted(design.cooling.pumps, key=lambda p: p.id)[0]
    after = survivors_design(design, {first.id: 1})  # one of its two pumps out: its standby takes over
    running_before = sum(p.running for p in design.cooling.pumps)
    assert sum(p.running for p in after.cooling.pumps) == running_before
    assert all(p.running <= p.count for p in after.cooling.pumps)
