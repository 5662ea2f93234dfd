"""Protection rules: each on the Washington designs where it passes and where it fails, with the evidence."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from retrofit.electrical.protection import protection_study
from retrofit.io.load import load
from retrofit.review.registry import all_rules, run_rules

WASHINGTON = Path(__file__).resolve().parents[2] / "examples" / "washington-18mw"
#: the planner's Washington proposal before it designed protection (tests/protection/data, see its header)
BEFORE_PROTECTION = Path(__file__).resolve().parents[1] / "protection" / "data" / "washington-before-protection.yaml"
IDS = ("ELEC-DUTY-001", "ELEC-AF-001", "ELEC-AF-002", "ELEC-COORD-001", "ELEC-XFPROT-001")


@lru_cache(maxsize=None)
def findings(name: str):
    design = load(WASHINGTON / name)
    results = {"protection": protection_study(design)}
    return run_rules(design, results, rules=[r for r in all_rules() if r.id in IDS])


def by(name, rule_id, element):
    return next(f for f in findings(name) if f.rule_id == rule_id and f.elements[0] == element)


def test_rules_are_registered():
    assert set(IDS) <= {r.id for r in all_rules()}


def test_duty_fails_only_with_the_tolerance_on_the_busway_breakers():
    failing = [f for f in findings(BEFORE_PROTECTION) if f.rule_id == "ELEC-DUTY-001" and f.status == "fail"]
    assert failing
    f = failing[0]
    assert f.elements[0].startswith("cb-bw-") and "fails only with the tolerance" in f.message
    assert f.evidence[0]["limit"] == 65.0 and f.evidence[0]["value"] > 65.0
    assert by("site.yaml", "ELEC-DUTY-001", "cb-main1").status == "pass"


def test_nec_450_3_finds_the_1200_a_primaries():
    failing = [f for f in findings(BEFORE_PROTECTION) if f.rule_id == "ELEC-XFPROT-001" and f.status == "fail"]
    assert failing and all("primary 1200 A above" in f.message for f in failing)
    assert by("site.yaml", "ELEC-XFPROT-001", "t1").status == "pass"


def test_arc_flash_rule_on_every_bus():
    counts = Counter(f.status for f in findings("site.yaml") if f.rule_id == "ELEC-AF-001")
    assert sum(counts.values()) == len(load(WASHINGTON / "site.yaml").electrical.buses)
    f = by("site.yaml", "ELEC-AF-001", "sb1")
    # line side of the main, cleared by the MV breaker whose relay settings the design does not give
    assert f.status == "untested" and "catalog default settings of cb-mv1" in f.message and "settings" in f.needs
    assert f.evidence[0]["value"] > 100
    assert by("site.yaml", "ELEC-AF-001", "mv-t1").status == "pass"


def test_arc_flash_fails_with_settings_given():
    import copy

    from retrofit.io.load import load_data
    from retrofit.io.yaml_source import read_yaml
    data, smap = read_yaml(WASHINGTON / "site.yaml")
    data = copy.deepcopy(data)
    for br in data["electrical"]["breakers"]:
        if br["id"] == "cb-mv1":
            br["trip"] = {"long_time_pickup": "600 A", "curve": "very_inverse", "time_dial": 1.0}
    design = load_data(data, smap)
    found = run_rules(design, {"protection": protection_study(design)}, rules=[r for r in all_rules() if r.id == "ELEC-AF-001"])
    f = next(x for x in found if x.elements[0] == "sb1")
    assert f.status == "fail" and "no PPE category" in f.message


def test_settings_not_given_are_untested_not_failed():
    af2 = by("site.yaml", "ELEC-AF-002", "cb-main1")
    assert af2.status == "untested" and "trip settings" in af2.needs
    statuses = Counter(f.status for f in findings(BEFORE_PROTECTION) if f.rule_id == "ELEC-COORD-001")
    assert statuses["fail"] == 0 and statuses["untested"] > 0 and statuses["pass"] > 0


PANTHER_CREEK = Path(__file__).resolve().parents[2] / "examples" / "panther-creek-350mw" / "site.yaml"


def test_arc_flash_above_15_kv_is_evaluated_by_lee_and_names_the_method():
    import copy

    from retrofit.io.load import load_data
    from retrofit.io.yaml_source import read_yaml

    data, smap = read_yaml(PANTHER_CREEK)
    data = copy.deepcopy(data)
    for br in data["electrical"]["breakers"]:
        if br["id"] == "cb-mv-t01-01":  # the 34.5 kV primary breaker of t01-01, with a 50 element set
            br["trip"] = {"long_time_pickup": "60 A", "curve": "very_inverse", "time_dial": 1.0,
                          "instantaneous_pickup": "1200 A"}
    design = load_data(data, smap)
    out = run_rules(design, {"protection": protection_study(design)},
                    rules=[r for r in all_rules() if r.id == "ELEC-AF-001"])
    f = next(f for f in out if f.elements[0] == "mv-t01-01")
    # cleared by the 50 element in the breaker's opening time: a Lee result, evaluated against 40 cal/cm2
    assert f.status == "pass" and "Lee's method" in f.message
    method = next(e for e in f.evidence if e["quantity"] == "method")
    assert method["value"].startswith("Lee (IEEE 1584-2002") and "conservative" in method["value"]
    assert 20.0 < f.evidence[0]["value"] <= 40.0
    # the 34.5 kV service has no device of the design upstream: 2 s, far above 40 cal/cm2, and the utility's
    # protection, which the design does not give, decides it
    service = next(f for f in out if f.elements[0] == "service")
    assert service.status == "untested" and "no device of the design clears it" in service.message
    assert "utility" in service.needs and service.evidence[0]["value"] > 800
