"""The analysis a phase's verdict reads (``retrofit.analyze.analyze_for_verdict``) holds the same parts as
the full analysis, computed the same way, and gives the same verdict. Consistency check."""
from __future__ import annotations

import pytest

from planning_paths import PILOT
from retrofit import analyze as analyze_module
from retrofit.io.load import load
from retrofit.planning.verify import failures


@pytest.mark.parametrize("contingencies", [False, True])
def test_verdict_parts_equal_those_of_the_full_analysis(monkeypatch, contingencies):
    monkeypatch.setattr(analyze_module, "_RECENT", {})
    design = load(PILOT)
    full = analyze_module.analyze(design, contingencies=contingencies)
    verdict = analyze_module.analyze_for_verdict(design, contingencies=contingencies)
    parts = {"site", "electrical", "cooling", "pue"} | ({"resilience"} if contingencies else set())
    assert set(verdict) == parts
    assert {"protection", "layout"} <= set(full) - set(verdict)
    for part in parts:
        assert verdict[part] == full[part], part
    assert failures(design, verdict) == failures(design, full)
    assert list(verdict) == [k for k in full if k in parts]  # the same order as the full analysis
    assert not analyze_module._RECENT or len(analyze_module._RECENT) == 1  # only the full analysis is kept
