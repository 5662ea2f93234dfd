"""Planning at campus scale: the generated campuses stay buildable past ten halls, and an analysis of a
design equal to one just analysed is not run twice (consistency checks of the scale benchmark's inputs
and of the planner's reuse; the timings themselves are in benchmarks/campus_scale.py)."""
from __future__ import annotations

import importlib.util

import pytest

from retrofit import analyze as analyze_module
from retrofit.io.load import load
from retrofit.planning.options import busway_options
from retrofit.planning.basis import plan_basis
from retrofit.units import magnitude

from planning_paths import PANTHER, ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("generate", PANTHER.parent / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


@pytest.mark.parametrize("halls, capacity, sk", [(1, "35 MVA", "120 MVA"), (10, "350 MVA", "1200 MVA"),
                                                 (30, "1050 MVA", "1200 MVA"), (60, "2100 MVA", "1200 MVA")])
def test_campus_service_fault_level_stops_growing_at_ten_halls(halls, capacity, sk):
    utility = _generator().site(halls)["utility"]
    assert (utility["capacity"], utility["sk"]) == (capacity, sk)


def test_busways_withstand_the_fault_level_of_any_campus_size():
    """At 1,200 MVA (ten halls and more) a 2.5 MVA pad-mount's 415 V board stays below the 65 kA busway
    withstand, so the selection keeps its busways; at 2,400 MVA (what twenty halls had before the fault
    level stopped growing) it does not."""
    from retrofit.planning.context import site_context

    design = load(PANTHER)
    ctx = site_context(design)
    assert ctx.busways
    ik = min(g.ik_a for g in ctx.groups)
    assert ik < min(b.sccr_a for b in ctx.busways)
    stiffer = design.model_copy(update={"utility": design.utility.model_copy(update={"sk": 2 * design.utility.sk})})
    ctx2 = site_context(stiffer)
    assert magnitude(stiffer.utility.sk, "MVA") == pytest.approx(2400.0)
    assert not busway_options(plan_basis(stiffer), 415.0, min(g.ik_a for g in ctx2.groups))


def test_equal_designs_are_analysed_once(monkeypatch):
    calls = []

    def fake(design, contingencies, executor):
        calls.append(design)
        return {"n": len(calls), "nested": {"values": [1, 2]}}

    monkeypatch.setattr(analyze_module, "_RECENT", {})
    monkeypatch.setattr(analyze_module, "_analyze", fake)
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    first = analyze_module.analyze(design, contingencies=False)
    first["nested"]["values"].append(3)  # the caller owns its results
    second = analyze_module.analyze(design.model_copy(deep=True), contingencies=False)
    assert len(calls) == 1 and second == {"n": 1, "nested": {"values": [1, 2]}}
    second["nested"]["values"].clear()
    assert analyze_module.analyze(design, contingencies=False)["nested"]["values"] == [1, 2]
    analyze_module.analyze(design, contingencies=True)  # another question: analysed
    changed = design.model_copy(deep=True)
    changed.loads.racks[0].count += 1
    analyze_module.analyze(changed, contingencies=False)  # another design: analysed
    assert len(calls) == 3
