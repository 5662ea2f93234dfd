"""The analysis a phase's verdict reads (``retrofit.analyze.analyze_for_verdict``) holds the same parts as
the full analysis, computed the same way (the N-1 outages linked to the same cooling results), and gives the
same verdict. Consistency check."""
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
    parts = {"site", "electrical", "cooling", "pue"}
    assert set(verdict) == parts
    assert {"protection", "layout"} | ({"resilience"} if contingencies else set()) <= set(full) - set(verdict)
    for part in parts:
        assert verdict[part] == full[part], part
    assert failures(design, verdict) == failures(design, full)
    assert list(verdict) == [k for k in full if k in parts]  # the same order as the full analysis
    assert not analyze_module._RECENT or len(analyze_module._RECENT) == 1  # only the full analysis is kept


def test_the_electrical_faults_are_those_of_the_full_study():
    from retrofit.resilience import cross_domain_study
    from retrofit.resilience.study import electrical_fault_results

    design = load(PILOT)
    full = cross_domain_study(design).to_json()["faults"]
    electrical = {k: v for k, v in full.items() if v["domain"] == "electrical"}
    part = electrical_fault_results(design)
    assert electrical and len(electrical) < len(full)
    assert part == electrical and list(part) == list(electrical)  # the same records, worst first


def test_the_verdict_fails_a_pump_the_review_fails(monkeypatch):
    """The planner's verdict applies the review's pump rules (COOL-PUMP-001, -002) to the same results, so a
    plan is not reported as passing what its review fails (a set chosen on the edge of the preferred band
    ended at 120.06 % of its best-efficiency flow on four Panther Creek halls)."""
    import copy

    from retrofit.planning.verify import PUMP_RULES
    from retrofit.review.registry import get_rule, run_rules

    from planning_paths import ROOT

    monkeypatch.setattr(analyze_module, "_RECENT", {})
    design = load(ROOT / "examples" / "washington-18mw" / "proposed.yaml")
    results = analyze_module.analyze_for_verdict(design, contingencies=False)
    loop, pid = next((lid, pid) for lid, lp in results["cooling"]["loops"].items()
                     for pid, p in (lp.get("pumps") or {}).items() if p.get("bep_percent") is not None)
    bad = copy.deepcopy(results)
    bad["cooling"]["loops"][loop]["pumps"][pid].update(bep_percent=130.0, inside_preferred_region=False)
    review = {f.elements[0] for f in run_rules(design, bad, rules=[get_rule(r) for r in PUMP_RULES])
              if f.status == "fail"}
    planner = {f["element"] for f in failures(design, bad) if f["check"] in PUMP_RULES}
    assert review and planner == review
    assert not [f for f in failures(design, results) if f["check"] in PUMP_RULES]  # the proposal's pumps pass
