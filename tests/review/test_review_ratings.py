"""Rating rules: transformers within their ambient-derated rating after each outage and in normal
operation, switchboards and busways within their rating at the room ambient.

The designs are ``designs/passing.yaml`` (the pilot hall with 2,500 kVA transformers, which carry about
80 % of nameplate after the loss of their partner, within their 88 % derated rating at 43 °C), a variant
with the pilot's former 2,000 kVA units (103 % after the outage: above it) and the ``overloaded`` variant
of ``review_designs.py``. The evidence values must be the results' own figures.
"""
from __future__ import annotations

import yaml

from retrofit.analyze import analyze
from retrofit.io.load import load_text
from retrofit.review import run_rules
from retrofit.review.registry import Context, get_rule
from review_designs import PASSING, analysed, one, row


def _analysed(change) -> tuple:
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    change(data)
    design = load_text(yaml.safe_dump(data, sort_keys=False), name="variant.yaml")
    results = analyze(design)
    return design, results, run_rules(design, results)


def _smaller_transformers(data):
    """The pilot's former 2,000 kVA transformers (with their losses)."""
    for t in data["electrical"]["transformers"]:
        t.update({"rating": "2000 kVA", "no_load_loss": "2.2 kW", "load_loss": "17 kW"})


def test_transformer_after_an_outage_against_its_derated_rating():
    design, results, findings = _analysed(_smaller_transformers)
    ratings = results["electrical"]["ratings"]
    f = one(findings, "ELEC-RATING-001", "tx-b")
    ev = row(f, "loading after the outage of")
    assert f.status == "fail" and f.elements[1] in ("tx-a", "c-mv-a", "swbd-a", "cb-main-a", "cb-mv-a")
    assert ev["limit"] == ratings["tx-b"]["contingency_limit_percent"] < 100.0
    outage = results["electrical"]["contingencies"]["outages"][f.elements[1]]
    assert ev["value"] == outage["max_loading_percent"] > ev["limit"]
    assert row(f, "design ambient")["value"] == 42.5  # Moses Lake n20 extreme, ASHRAE 2013
    assert "IEEE C57.91 Clause 7" in f.message and "when" in f.message
    design, results, findings = analysed("passing")
    f = one(findings, "ELEC-RATING-001", "tx-b")
    assert f.status == "pass"
    assert row(f, "loading after the outage of")["value"] <= results["electrical"]["ratings"]["tx-b"]["contingency_limit_percent"]


def test_an_emergency_rating_with_its_basis_raises_the_limit():
    def emergency(data):  # on the 2,000 kVA units that exceed their steady-state limit after an outage
        _smaller_transformers(data)
        data["goal"].setdefault("criteria", {}).update({
            "max_transformer_loading_contingency": "120 %",
            "emergency_rating_basis": "manufacturer's emergency loading letter (example)"})

    design, results, findings = _analysed(emergency)
    f = one(findings, "ELEC-RATING-001", "tx-b")
    limit = row(f, "loading after the outage of")["limit"]
    assert limit == results["electrical"]["ratings"]["tx-b"]["contingency_limit_percent"]
    assert limit > 100.0 and f.status == "pass"


def test_transformer_in_normal_operation_against_its_derated_rating():
    design, results, findings = analysed("passing")
    f = one(findings, "ELEC-RATING-002", "tx-a")
    ev = row(f, "loading")
    assert f.status == "pass"
    assert ev["value"] == results["electrical"]["ratings"]["tx-a"]["loading_percent"]
    assert ev["limit"] == results["electrical"]["ratings"]["tx-a"]["normal_limit_percent"]
    design, results, findings = analysed("overloaded")
    f = one(findings, "ELEC-RATING-002", "tx-a")
    assert f.status == "fail" and row(f, "loading")["value"] > row(f, "loading")["limit"]


def test_switchboard_and_busway_at_the_room_ambient():
    design, results, findings = analysed("passing")
    assert one(findings, "ELEC-RATING-003", "swbd-a").status == "pass"
    f = one(findings, "ELEC-RATING-003", "busway-a1")
    assert f.status == "pass"
    # the same design in a 60 degC room: the bus current limit falls by sqrt((105-60)/(105-40)) = 0.832
    hot = design.model_copy(deep=True)
    hot.goal.criteria.electrical_room_ambient = type(hot.goal.criteria.electrical_room_ambient)(60.0, "degC")
    outcomes = list(get_rule("ELEC-RATING-003").check(Context(hot, results)))
    sw = next(o for o in outcomes if o.elements[0] == "swbd-a")
    cool_limit = row(one(findings, "ELEC-RATING-003", "swbd-a"), "bus current")["limit"]
    hot_limit = next(e for e in sw.evidence if e["quantity"] == "bus current")["limit"]
    assert abs(hot_limit / cool_limit - ((105.0 - 60.0) / 65.0) ** 0.5) < 1e-3
    design, results, findings = analysed("overloaded")
    assert one(findings, "ELEC-RATING-003", "busway-a1").status == "fail"


def test_a_transformer_without_a_derated_rating_is_untested_with_what_would_rate_it():
    """A rating the analysis could not compute (null in the results) leaves the transformer untested, naming
    the inputs that would rate it; it is not an internal error."""
    import copy

    design, results, _ = analysed("passing")
    r = copy.deepcopy(results)
    r["electrical"]["ratings"]["tx-a"].update({"capability_percent": None, "derated_rating_percent": None,
                                               "normal_limit_percent": None, "contingency_limit_percent": None})
    for rule_id in ("ELEC-RATING-001", "ELEC-RATING-002"):
        rule = get_rule(rule_id)
        found = [rule.finding(o) for o in rule.check(Context(design, r))]
        tx_a = [f for f in found if f.elements[0] == "tx-a"]
        assert [f.status for f in tx_a] == ["untested"], rule_id
        assert "load_loss" in tx_a[0].needs and "cooling class" in tx_a[0].needs
        assert all(f.status == "pass" for f in found if f.elements[0] == "tx-b"), rule_id
