"""Rules ELEC-BACKUP-001 and COOL-BACKUP-001 on the pilot variant with a backup policy.

The ride-through study is built directly (no full analysis): GPU racks ride_through, network racks
ups_minutes 5 and CDUs generator (the pilot has no loads of either class on a bus), cooling pumps
ride_through; and GPU racks with ups_minutes but no UPS in the design.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from retrofit.resilience.backup_ride_through import backup_ride_through
from retrofit.review.registry import get_rule, run_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design  # noqa: E402  - the unit tests' pilot variant

RULES = ("ELEC-BACKUP-001", "COOL-BACKUP-001")


@pytest.fixture(scope="module")
def study():
    d = design(lambda x: x["goal"].update(backup={
        "gpu_racks": {"kind": "ride_through"}, "network_racks": {"kind": "ups_minutes", "minutes": 5},
        "cdus": {"kind": "generator", "minutes": 5}, "cooling_pumps": {"kind": "ride_through"}}))
    return d, backup_ride_through(d)


def test_rules_fail_pass_and_untested(study):
    d, r = study
    results = {"backup": r.to_json()}
    findings = run_rules(d, results, rules=[get_rule(r) for r in RULES])
    by = {(f.rule_id, f.elements[0] if f.elements else ""): f for f in findings}
    assert by[("ELEC-BACKUP-001", "gpu_racks")].status == "pass"  # rides every ITI-curve scenario
    assert by[("ELEC-BACKUP-001", "cooling_pumps")].status == "fail"  # drops in a 20 ms interruption
    # the pilot has no network racks, and its CDU draws from no bus of its own
    assert by[("ELEC-BACKUP-001", "network_racks")].status == "not_applicable"
    assert by[("ELEC-BACKUP-001", "cdus")].status == "not_applicable"
    d2 = design(lambda x: x["goal"].update(backup={"gpu_racks": {"kind": "ups_minutes", "minutes": 5}}))
    untested = one_finding(run_rules(d2, {"backup": backup_ride_through(d2).to_json()},
                                     rules=[get_rule("ELEC-BACKUP-001")]), "gpu_racks")
    assert untested.status == "untested" and "UPS" in untested.needs  # no UPS in the design (not planned)
    assert by[("COOL-BACKUP-001", "gpu_racks")].status == "fail"


def one_finding(findings, element):
    return next(f for f in findings if f.elements and f.elements[0] == element)


def test_rules_not_applicable_without_policy():
    findings = run_rules(design(), {}, rules=[get_rule(r) for r in RULES])
    assert {f.status for f in findings} == {"not_applicable"}
