"""A phase's design is copied from the proposal after choosing what the stage keeps (phasing.phase_design): it
shares no record, list or dict with the proposal (an edit of one never reaches the other; the plan may give
the proposal itself as the last phase), and the last phase, which keeps everything, holds the proposal's racks,
CDUs and busways."""
from __future__ import annotations

from pydantic import BaseModel


def _containers(value, seen: dict) -> dict:
    """id -> object of every record, list and dict inside ``value``."""
    if isinstance(value, BaseModel):
        if id(value) not in seen:
            seen[id(value)] = value
            for v in value.__dict__.values():
                _containers(v, seen)
    elif isinstance(value, (list, dict)):
        if id(value) not in seen:
            seen[id(value)] = value
            for v in (value.values() if isinstance(value, dict) else value):
                _containers(v, seen)
    return seen


def test_phases_share_nothing_mutable_with_the_proposal(washington_plan):
    proposal = _containers(washington_plan.proposed, {})
    copied = [p["design"] for p in washington_plan.phases if p["design"] is not washington_plan.proposed]
    assert copied
    for design in copied:
        assert not proposal.keys() & _containers(design, {}).keys()


def test_last_phase_holds_the_proposal(washington_plan):
    last = washington_plan.phases[-1]["design"]
    assert last.loads.racks == washington_plan.proposed.loads.racks
    assert last.cooling.cdus == washington_plan.proposed.cooling.cdus
    assert last.electrical.busways == washington_plan.proposed.electrical.busways
