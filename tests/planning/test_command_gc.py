"""``plan-design``, ``compare`` and ``batch`` run with the collector thresholds of retrofit.gc_thresholds (as
``plan`` does) and give the old ones back, also when the command fails; ``size`` and ``annual`` keep the default."""
from __future__ import annotations

import argparse
import gc

import pytest

from retrofit.annual import command as annual_command
from retrofit.gc_thresholds import LARGE_RUN_THRESHOLDS
from retrofit.planning import command as planning_command


@pytest.mark.parametrize(("module", "command", "large"), [
    (planning_command, "plan-design", True), (planning_command, "size", False),
    (annual_command, "compare", True), (annual_command, "batch", True), (annual_command, "annual", False)])
def test_thresholds_during_the_command_and_restored(monkeypatch, module, command, large):
    seen = []

    def record(args):
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(module, "_batch" if command == "batch" else "_run", record)
    before = gc.get_threshold()
    assert module.run(argparse.Namespace(command=command)) == 0
    assert seen == [LARGE_RUN_THRESHOLDS if large else before]
    assert gc.get_threshold() == before


def test_thresholds_restored_when_the_command_raises(monkeypatch):
    def fail(args):
        raise ValueError("bad input")

    monkeypatch.setattr(planning_command, "_run", fail)
    before = gc.get_threshold()
    with pytest.raises(ValueError):
        planning_command.run(argparse.Namespace(command="plan-design"))
    assert gc.get_threshold() == before
