"""Power-quality rules on the passing design (``designs/passing.yaml``, the pilot hall) and on its results
with one figure changed: each rule passes, fails or is untested as its evidence says, and the evidence
values are the results' own figures."""
from __future__ import annotations

import copy

from retrofit.review import run_rules
from retrofit.review.registry import get_rule
from review_designs import analysed, one, row


def _run(rule_id, design, results):
    return run_rules(design, results, rules=[get_rule(rule_id)])


def test_voltage_distortion_passes_and_fails_on_its_figures():
    design, results, findings = analysed("passing")
    f = one(findings, "ELEC-PQ-001", "mv-main")
    b = results["power_quality"]["buses"]["mv-main"]
    assert f.status == "pass" and row(f, "voltage THD", "<=")["value"] == b["thd_v_percent"]
    assert row(f, "voltage THD", "<=")["limit"] == 5.0  # IEEE 519-2022 Table 1, 13.8 kV
    # the summation-law figure is judged; the in-phase upper bound is quoted without a limit
    bound = row(f, "voltage THD, sources in phase")
    assert bound["value"] == b["thd_v_aligned_percent"] >= b["thd_v_percent"] and bound["limit"] is None
    bad = copy.deepcopy(results)
    bad["power_quality"]["buses"]["mv-main"].update(thd_v_percent=6.0, ok=False)
    assert [x.status for x in _run("ELEC-PQ-001", design, bad) if x.elements[0] == "mv-main"] == ["fail"]


def test_current_distortion_at_the_pcc():
    design, results, findings = analysed("passing")
    f = one(findings, "ELEC-PQ-002")
    p = results["power_quality"]["pcc"]
    assert f.status == ("pass" if p["ok"] else "fail")
    assert row(f, "TDD", "<=")["value"] == p["tdd_percent"] and row(f, "TDD", "<=")["limit"] == p["limit_tdd_percent"]
    assert row(f, "TDD, sources in phase")["value"] == p["tdd_aligned_percent"] >= p["tdd_percent"]
    # a design that passes by the summation law passes even when the in-phase bound is above the limit
    bound_above = copy.deepcopy(results)
    bound_above["power_quality"]["pcc"].update(tdd_aligned_percent=2 * p["limit_tdd_percent"])
    assert [x.status for x in _run("ELEC-PQ-002", design, bound_above)] == [f.status]
    above = copy.deepcopy(results)
    above["power_quality"]["pcc"].update(limit_tdd_percent=None, ok=None)
    (u,) = _run("ELEC-PQ-002", design, above)
    assert u.status == "untested" and "Table 3" in u.needs


def test_transformer_capability_under_harmonics():
    design, results, findings = analysed("passing")
    for tid, t in results["power_quality"]["transformers"].items():
        f = one(findings, "ELEC-PQ-003", tid)
        assert f.status == "pass" and row(f, "rms load current", "<=")["limit"] == t["i_max_pu"]
    bad = copy.deepcopy(results)
    tid = sorted(bad["power_quality"]["transformers"])[0]
    bad["power_quality"]["transformers"][tid].update(i_rms_pu=1.2, ok=False)
    assert "fail" in [x.status for x in _run("ELEC-PQ-003", design, bad)]


def test_ramp_rate_needs_a_criterion_and_names_the_buffers():
    design, results, findings = analysed("passing")
    assert one(findings, "ELEC-PQ-004").status == "not_applicable"
    strict = design.model_copy(deep=True)
    strict.goal.criteria.ramp_rate_max_mw_per_min = 1.0
    with_limit = copy.deepcopy(results)
    s = with_limit["power_quality"]["swing"]
    s.update(ramp_limit_mw_per_s=1.0 / 60, bess_power_mw=s["job_step_mw"], bess_energy_kwh=10.0, miner_buffer_mw=1.0,
             job_step_held_by="")
    (f,) = _run("ELEC-PQ-004", strict, with_limit)
    assert f.status == "fail" and "not held" in f.message  # the job start is held by nothing
    s["job_step_held_by"] = "smoothing BESS"
    (f,) = _run("ELEC-PQ-004", strict, with_limit)
    assert f.status == ("fail" if s["ramp_at_pcc_mw_per_s"] * 60 > 1.0 else "pass")
    assert row(f, "BESS")["value"] == 10.0 and row(f, "running miners")["value"] == 1.0


def test_flicker_against_the_planning_level():
    design, results, findings = analysed("passing")
    f = one(findings, "ELEC-PQ-005")
    s = results["power_quality"]["swing"]
    assert f.status == "pass" and row(f, "Pst at the PCC", "<=")["limit"] == s["pst_limit"] == 0.9
    bad = copy.deepcopy(results)
    bad["power_quality"]["swing"]["pst_at_pcc"] = 1.5
    assert [x.status for x in _run("ELEC-PQ-005", design, bad)] == ["fail"]
