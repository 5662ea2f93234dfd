"""Layout rules: on the layout the analysis computes for the passing design and its variants, and on layout
results written in the test after the contract of ``retrofit.layout.layout_results`` (one hall, its
clearances, aisles, slab and obstructions) for the cases a real design reaches only awkwardly.
"""
from __future__ import annotations

import copy

import pytest

from retrofit.io.load import load
from retrofit.review import run_rules
from retrofit.review.registry import all_rules
from review_designs import HERE, analysed, findings_of, one, row

LAYOUT_RULES = [r for r in all_rules() if r.category == "layout"]


def _hall(ok: bool) -> dict:
    """A layout of hall-1: swbd-a's working space, two aisles, the slab and two racks' obstructions."""
    depth = 1.5 if ok else 0.8
    aisle = 1.2 if ok else 0.9
    return {
        "racks": {"row-1.01": {"x_m": 10.0, "y_m": 5.0, "width_m": 0.6, "depth_m": 1.2}},
        "clearances": [
            {"element": "swbd-a", "quantity": "depth", "required_m": 1.2, "available_m": depth, "ok": ok,
             "clause": "NEC 110.26(A)(1) Table 110.26(A)(1), 151-600 V to ground, condition 3"},
            {"element": "swbd-a", "quantity": "width", "required_m": 0.762, "available_m": 2.0, "ok": True,
             "clause": "NEC 110.26(A)(2)"},
            {"element": "swbd-b", "quantity": "depth", "required_m": 1.2, "available_m": 1.5, "ok": True,
             "clause": "NEC 110.26(A)(1) Table 110.26(A)(1), 151-600 V to ground, condition 3"},
        ],
        "aisles": [{"between": ["1", "2"], "kind": "cold_aisle", "width_m": aisle, "required_m": 1.2, "ok": ok},
                   {"between": ["2", "3"], "kind": "hot_aisle", "width_m": 1.2, "required_m": 1.2, "ok": True}],
        "slab": {"load_kpa": 10.6 if ok else 13.4, "rating_kpa": 12.0, "tributary_area_m2": 1.26, "ok": ok,
                 "footprint_kpa": 18.5, "cdu_load_kpa": 11.0, "cdu_ok": True, "element": "row-1.01", "cdu": "cdu-1"},
        "obstructions": [{"rack": "row-1.01", "obstacle": None, "where": None, "ok": True}] + (
            [{"rack": "row-1.02", "obstacle": None, "where": None, "ok": True}] if ok else
            [{"rack": "row-1.02", "obstacle": "column-2", "where": "footprint", "ok": False},
             {"rack": "row-1.02", "obstacle": "row-1.03", "where": "footprint", "ok": False}]),
        "violations": [],
    }


def _findings(layout):
    design, results, _ = analysed("passing")
    r = copy.deepcopy(results)
    r.pop("layout", None)
    if layout is not None:
        r["layout"] = layout
    return run_rules(design, r, rules=LAYOUT_RULES)


def test_layout_rules_untested_without_layout_results():
    findings = _findings(None)
    assert [(f.rule_id, f.status) for f in findings] == [(r.id, "untested") for r in LAYOUT_RULES]
    assert all("no layout analysis" in f.message for f in findings)


def test_layout_rules_not_applicable_without_placed_racks():
    assert {f.status for f in _findings({})} == {"not_applicable"}


def test_working_space():
    f = one(_findings({"hall-1": _hall(True)}), "LAY-CLR-001", "swbd-a")
    assert f.status == "pass" and f.elements == ["swbd-a", "hall-1"]
    assert [(e["quantity"], e["value"], e["limit"], e["relation"]) for e in f.evidence] == [
        ("working space depth", 1.5, 1.2, ">="), ("working space width", 2.0, 0.762, ">=")]
    findings = _findings({"hall-1": _hall(False)})
    f = one(findings, "LAY-CLR-001", "swbd-a")
    assert f.status == "fail"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (0.8, 1.2)
    assert "depth 0.8 m of 1.2 m" in f.message and "110.26(A)(1)" in f.message
    assert one(findings, "LAY-CLR-001", "swbd-b").status == "pass"
    # a panelboard of the design that this layout does not place
    f = one(findings, "LAY-CLR-001", "mech-a")
    assert f.status == "untested" and f.message == "panelboard mech-a in hall-1: the layout did not place it"


def test_aisle_width():
    f = one(_findings({"hall-1": _hall(True)}), "LAY-AISLE-001", "1")
    assert f.status == "pass" and f.elements == ["1", "2", "hall-1"]
    assert (f.evidence[0]["quantity"], f.evidence[0]["value"], f.evidence[0]["limit"]) == ("cold aisle width", 1.2, 1.2)
    f = one(_findings({"hall-1": _hall(False)}), "LAY-AISLE-001", "1")
    assert f.status == "fail"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"], f.evidence[0]["element"]) == (0.9, 1.2, "1 / 2")


def test_slab_load():
    f = one(_findings({"hall-1": _hall(True)}), "LAY-SLAB-001", "hall-1")
    assert f.status == "pass" and f.elements == ["hall-1"]
    assert (row(f, "floor load under the worst rack")["value"], row(f, "floor load under the worst rack")["limit"]) == (10.6, 12.0)
    assert row(f, "floor load under the worst CDU")["value"] == 11.0
    f = one(_findings({"hall-1": _hall(False)}), "LAY-SLAB-001", "hall-1")
    assert f.status == "fail" and f.elements == ["hall-1", "row-1.01"]
    assert row(f, "floor load under the worst rack")["value"] == 13.4
    assert f.message == "hall-1: row-1.01 puts 13.4 kPa on a 12 kPa slab"
    hall = _hall(True)
    hall["slab"].update({"cdu_load_kpa": 17.0, "cdu_ok": False})
    f = one(_findings({"hall-1": hall}), "LAY-SLAB-001", "hall-1")
    assert f.status == "fail" and f.elements == ["hall-1", "cdu-1"]
    assert (row(f, "floor load under the worst CDU")["value"], row(f, "floor load under the worst CDU")["element"]) == (17.0, "cdu-1")


def test_obstructions():
    findings = _findings({"hall-1": _hall(True)})
    assert [f.status for f in findings_of(findings, "LAY-OBS-001")] == ["pass", "pass"]
    findings = _findings({"hall-1": _hall(False)})
    f = one(findings, "LAY-OBS-001", "row-1.02")
    assert f.status == "fail" and f.elements == ["row-1.02", "column-2", "row-1.03"]
    assert [e["quantity"] for e in f.evidence] == ["overlap with column-2 (footprint)", "overlap with row-1.03 (footprint)"]
    assert one(findings, "LAY-OBS-001", "row-1.01").status == "pass"


def test_hall_without_a_section_is_untested():
    hall = _hall(True)
    del hall["slab"]
    f = one(_findings({"hall-1": hall}), "LAY-SLAB-001", "hall-1")
    assert f.status == "untested" and "'slab'" in f.message


def test_rules_on_the_layout_package_results():
    results_module = pytest.importorskip("retrofit.layout.results")
    design = load(HERE.parents[1] / "examples" / "washington-18mw" / "gb300-as-is.yaml")
    layout = results_module.layout_results(design)
    findings = run_rules(design, {"layout": layout}, rules=LAYOUT_RULES)
    # rows at the old shelving spacing: 0.9 m between row faces, against 1.2 m aisles
    aisles = findings_of(findings, "LAY-AISLE-001")
    assert aisles and {f.status for f in aisles} == {"fail"}
    assert all(f.evidence[0]["value"] == pytest.approx(0.9, abs=1e-9) and f.evidence[0]["limit"] == 1.2 for f in aisles)
    # the switchboards of the existing hall have no dimensions in the file
    clearances = findings_of(findings, "LAY-CLR-001")
    assert {f.status for f in clearances} == {"untested"}
    assert one(findings, "LAY-CLR-001", "sb5").message.startswith("switchboard sb5 in hall-1: the design gives no width and depth for it: give")
    slab = one(findings, "LAY-SLAB-001", "hall-1")
    assert row(slab, "floor load under the worst rack")["value"] == layout["hall-1"]["slab"]["load_kpa"]


# --- on the layout the analysis computes ------------------------------------------------------------

def test_working_space_of_a_design():
    design, results, findings = analysed("passing")
    f = one(findings, "LAY-CLR-001", "swbd-a")
    entries = [c for c in results["layout"]["hall-1"]["clearances"] if c["element"] == "swbd-a"]
    assert f.status == "pass"
    assert [(e["value"], e["limit"]) for e in f.evidence] == [(c["available_m"], c["required_m"]) for c in entries]
    mv = one(findings, "LAY-CLR-001", "mv-main")
    assert mv.status == "pass" and row(mv, "working space depth")["limit"] == 1.8  # NEC Table 110.34(A), 13.8 kV
    design, results, findings = analysed("long_lineup")
    f = one(findings, "LAY-CLR-001", "swbd-a")
    assert f.status == "fail"
    assert (row(f, "working space width")["value"], row(f, "working space width")["limit"]) == (0.0, 45.0)


def test_aisle_width_of_a_design():
    design, results, findings = analysed("passing")
    f = one(findings, "LAY-AISLE-001", "1")
    assert f.status == "pass" and f.elements == ["1", "2", "hall-1"]
    # two rows off the placement grid pair as a pod (the south row faces south): their backs share a hot aisle
    assert (f.evidence[0]["quantity"], f.evidence[0]["limit"]) == ("hot aisle width", 1.2)
    assert f.evidence[0]["value"] == pytest.approx(1.2, abs=1e-9)  # 10.4 m - (8.0 m + 1.2 m)
    design, results, findings = analysed("tight_rows")
    f = one(findings, "LAY-AISLE-001", "1")
    assert f.status == "fail"
    assert f.evidence[0]["value"] == results["layout"]["hall-1"]["aisles"][0]["width_m"] == pytest.approx(0.9, abs=1e-9)


def test_slab_load_of_a_design():
    design, results, findings = analysed("passing")
    f = one(findings, "LAY-SLAB-001", "hall-1")
    slab = results["layout"]["hall-1"]["slab"]
    assert f.status == "pass"
    assert (row(f, "floor load under the worst rack")["value"], row(f, "floor load under the worst rack")["limit"]) == (
        slab["load_kpa"], 15.0)
    # 1360 kg x 9.81 m/s2 over 0.6 m x (1.2 m + 0.6 m + 0.6 m) = 9.26 kPa
    assert slab["load_kpa"] == pytest.approx(1360 * 9.80665 / (0.6 * 2.4) / 1e3, rel=1e-3)
    design, results, findings = analysed("weak_slab")
    f = one(findings, "LAY-SLAB-001", "hall-1")
    assert f.status == "fail" and row(f, "floor load under the worst rack")["limit"] == 8.0


def test_obstructions_of_a_design():
    design, results, findings = analysed("passing")
    assert {f.status for f in findings_of(findings, "LAY-OBS-001")} == {"pass"}
    assert len(findings_of(findings, "LAY-OBS-001")) == 12
    design, results, findings = analysed("rack_on_column")
    f = one(findings, "LAY-OBS-001", "row-2.01")
    assert f.status == "fail" and f.elements == ["row-2.01", "column-1"]
    assert f.evidence[0]["quantity"] == "overlap with column-1 (footprint)"
    assert one(findings, "LAY-OBS-001", "row-2.03").status == "pass"


def test_slab_punching():
    from retrofit.layout.slab import punching_check

    hall = _hall(True)
    f = one(_findings({"hall-1": hall}), "LAY-SLAB-002", "hall-1")
    assert f.status == "untested" and "slab_thickness" in f.needs
    hall["slab"]["punching"] = punching_check(3334.0, 0.150, 27.6e6).as_dict()
    f = one(_findings({"hall-1": hall}), "LAY-SLAB-002", "hall-1")
    assert f.status == "pass"
    assert row(f, "factored load on one rack foot")["value"] == pytest.approx(1.6 * 3.334)
    hall["slab"]["cdu_punching"] = punching_check(200e3, 0.100, 20e6).as_dict()
    f = one(_findings({"hall-1": hall}), "LAY-SLAB-002", "hall-1")
    assert f.status == "fail" and "cdu-1" in f.message
