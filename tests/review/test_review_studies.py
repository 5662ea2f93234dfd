"""The studies the rules read (``retrofit.review.studies``) and the N-1 transformer loading shared by
ELEC-TX-002 and ELEC-RATING-001: consistency checks on results written in the test.

A study present in the results is returned as written; an absent one makes the rule untested with the
study's own reason; a study the analysis runs only on a solved network reports an unsolved network first.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrofit.io.load import load
from retrofit.review import run_rules
from retrofit.review import studies as st
from retrofit.review.registry import Context, MissingResult, get_rule
from retrofit.review.rules_electrical import OutageLoading, worst_transformer_outages
from review_designs import PASSING

REVIEW = Path(st.__file__).resolve().parent
STUDIES = [v for v in vars(st).values() if isinstance(v, st.Study)]
SOLVED = {"load_flow": {"converged": True, "branches": {}}}
UNSOLVED = {"diagnosis": "the Jacobian is singular at bus b1"}


@pytest.fixture(scope="module")
def design():
    return load(PASSING)


def _results(study: st.Study, value=None, *, electrical: dict = SOLVED) -> dict:
    """Results with a solved (or ``electrical``) network and ``value`` as the study when given."""
    e = dict(electrical)
    out = {"electrical": e}
    if value is not None:
        (e if study.in_electrical else out)[study.key] = value
    return out


def test_every_study_is_listed():
    assert {s.key for s in STUDIES} == {"backup", "resilience", "protection", "power_quality", "layout",
                                       "contingencies", "ratings", "electrical"}
    assert sorted(n for n, v in vars(st).items() if isinstance(v, st.Study)) == sorted(
        n for n in st.__all__ if n.isupper())


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.key)
def test_present_study_returned_as_written(design, study):
    value = {"written": "by the analysis"}
    results = _results(study, value)
    if study.key == "electrical":
        results = {"electrical": value}
    assert st.study_results(Context(design, results), study) is value


@pytest.mark.parametrize("study", [s for s in STUDIES if s.key != "electrical"], ids=lambda s: s.key)
def test_absent_study_raises_its_reason(design, study):
    with pytest.raises(MissingResult) as exc:
        st.study_results(Context(design, _results(study)), study)
    assert (exc.value.reason, exc.value.needs) == (study.absent, study.needs)


@pytest.mark.parametrize("study", [s for s in STUDIES if s.key != "electrical"], ids=lambda s: s.key)
def test_unsolved_network_reported_first_where_the_study_needs_it(design, study):
    with pytest.raises(MissingResult) as exc:
        st.study_results(Context(design, _results(study, electrical=UNSOLVED)), study)
    if study.in_electrical or study.unsolved_network_first:
        assert exc.value.reason == "the electrical network was not solved: " + UNSOLVED["diagnosis"]
    else:
        assert exc.value.reason == study.absent


def test_power_quality_present_is_read_even_on_an_unsolved_network(design):
    pq = {"buses": {}}
    results = {"electrical": dict(UNSOLVED), "power_quality": pq}
    assert st.study_results(Context(design, results), st.POWER_QUALITY) is pq


@pytest.mark.parametrize(("rule_id", "study"), [
    ("ELEC-BACKUP-001", None), ("COOL-XDOM-001", st.RESILIENCE), ("ELEC-AF-001", st.PROTECTION),
    ("ELEC-PQ-001", st.POWER_QUALITY), ("LAY-CLR-001", st.LAYOUT), ("ELEC-TX-002", st.CONTINGENCIES),
    ("ELEC-RATING-002", st.TRANSFORMER_RATINGS), ("MODEL-CONS-001", st.ELECTRICAL_ANALYSIS)])
def test_rule_untested_with_the_study_reason(design, rule_id, study):
    """Each rule reading a study is untested with the study's reason when the analysis did not run it (the
    passing design has no backup policy, so ELEC-BACKUP-001 is not applicable instead)."""
    results = {} if study is st.ELECTRICAL_ANALYSIS else {"electrical": dict(SOLVED)}
    [finding] = run_rules(design, results, rules=[get_rule(rule_id)])
    if study is None:
        assert finding.status == "not_applicable"
        return
    assert (finding.status, finding.message) == ("untested", study.absent)
    assert finding.needs  # the study's own, or the registry's default


def test_rules_fetch_studies_only_through_study_results():
    """No rule module reads a study's key from the results itself (the debt this module removed); the one
    exception is MODEL-LF-001, which fails (not untested) when the electrical analysis is absent."""
    keys = "|".join(s.key for s in STUDIES if not s.in_electrical)
    pattern = re.compile(rf'ctx\.results\.get\("({keys})"\)')
    found = {p.name: pattern.findall(p.read_text(encoding="utf-8")) for p in sorted(REVIEW.glob("rules_*.py"))}
    assert {name: keys for name, keys in found.items() if keys} == {"rules_model.py": ["electrical"]}


LF = {"branches": {"tx-1": {"kind": "transformer"}, "tx-2": {"kind": "transformer"}, "c-1": {"kind": "cable"}}}


def test_worst_transformer_outages():
    outages = {
        "tx-2": {"max_loading_percent": 96.0, "max_loading_element": "tx-1"},
        "c-9": {"max_loading_percent": 88.0, "max_loading_element": "tx-1"},
        "tx-1": {"max_loading_percent": 104.0, "max_loading_element": "c-1"},
        "sb-1": {"max_loading_percent": None, "max_loading_element": None},
    }
    loading = worst_transformer_outages(outages, LF)
    assert loading.worst == {"tx-1": OutageLoading(96.0, "tx-1", "tx-2")}  # tx-2 is never the most loaded
    assert loading.overall == OutageLoading(104.0, "c-1", "tx-1")


def test_worst_transformer_outages_without_loadings():
    loading = worst_transformer_outages({"sb-1": {"max_loading_percent": None, "max_loading_element": None}}, LF)
    assert loading.worst == {} and loading.overall is None
