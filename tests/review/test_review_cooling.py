"""Cooling rules: each on a design that passes it and on one that fails it, asserting the evidence.

Evidence values must be the cooling results' own numbers and limits the design's criteria or the
rack's own ratings (GB300 NVL72: 45 °C supply at most, 1.3 L/min per kW of liquid heat).
"""
from __future__ import annotations

import copy

from retrofit.review.registry import Context, get_rule
from retrofit.review.rules_cooling import ashrae_class
from review_designs import analysed, findings_of, one, row


def _check(rule_id, design, results):
    return [get_rule(rule_id).finding(o) for o in get_rule(rule_id).check(Context(design, results))]


def test_rack_supply_temperature():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-TCS-001", "row-1.01")
    r = results["cooling"]["racks"]["row-1.01"]
    assert f.status == "pass" and f.elements == ["row-1.01", "tcs-1"]
    assert (f.evidence[0]["value"], f.evidence[0]["limit"], f.evidence[0]["unit"]) == (r["t_supply_c"], 45.0, "degC")
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-TCS-001", "row-1.01")
    assert f.status == "fail"
    assert f.evidence[0]["value"] == results["cooling"]["racks"]["row-1.01"]["t_supply_c"] > 45.0


def test_cdu_setpoint():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-TCS-002", "cdu-1")
    c = results["cooling"]["cdus"]["cdu-1"]
    assert f.status == "pass"
    assert (row(f, "TCS supply")["value"], row(f, "TCS supply")["limit"]) == (c["t_tcs_supply_c"], 40.0)  # criteria default
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-TCS-002", "cdu-1")
    c = results["cooling"]["cdus"]["cdu-1"]
    assert f.status == "fail"
    assert row(f, "TCS supply")["value"] == c["t_tcs_supply_c"] > 40.0
    assert row(f, "above the setpoint")["value"] == c["excess_k"] > 0


def test_cdu_loading():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-CDU-001", "cdu-1")
    assert f.status == "pass"
    assert (row(f, "loading")["value"], row(f, "loading")["limit"]) == (results["cooling"]["cdus"]["cdu-1"]["loading_percent"], 100.0)
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-CDU-001", "cdu-1")
    c = results["cooling"]["cdus"]["cdu-1"]
    assert f.status == "fail"
    assert row(f, "loading")["value"] == c["loading_percent"]
    # half of 12 racks x 127.8 kW of liquid heat plus pump heat on a 500 kW CDU: about 156 %
    assert 150.0 < c["loading_percent"] < 160.0
    assert row(f, "capacity")["value"] == 500.0


def test_rack_flow():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-FLOW-001", "row-1.01")
    r = results["cooling"]["racks"]["row-1.01"]
    assert f.status == "pass"
    assert (row(f, "coolant flow")["value"], row(f, "coolant flow")["limit"]) == (r["flow_lpm"], r["flow_required_lpm"])
    # 1.3 L/min per kW of 127.8 kW (142 kW at 90 % liquid): 166.1 L/min
    assert r["flow_required_lpm"] == 166.14
    design, results, findings = analysed("narrow_tcs")
    f = one(findings, "COOL-FLOW-001", "row-2.06")
    r = results["cooling"]["racks"]["row-2.06"]
    assert f.status == "fail"
    assert (row(f, "coolant flow")["value"], row(f, "coolant flow")["limit"]) == (r["flow_lpm"], 166.14)
    assert r["flow_lpm"] < 166.14


def test_ocp_flow_per_kw():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-FLOW-002", "row-1.01")
    r = results["cooling"]["racks"]["row-1.01"]
    assert f.status == "pass"
    assert row(f, "flow per kW")["value"] == round(r["flow_lpm"] / r["liquid_heat_kw"], 3)
    assert row(f, "flow per kW")["limit"] == 1.25
    design, results, findings = analysed("starved_racks")
    f = one(findings, "COOL-FLOW-002", "row-1.01")
    r = results["cooling"]["racks"]["row-1.01"]
    assert f.status == "fail"
    assert row(f, "flow per kW")["value"] == round(r["flow_lpm"] / r["liquid_heat_kw"], 3) < 1.25
    assert one(findings, "COOL-FLOW-001", "row-1.01").status == "pass"  # the racks' own 0.5 L/min/kW is met


def test_cdu_n_plus_1():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-N1-001", "cdu-1")
    o = results["cooling"]["redundancy"]["fw-1"]["cdu_out"]["cdu-1"]
    assert f.status == "pass" and f.elements == ["cdu-1", "fw-1"]
    assert (row(f, "hottest")["value"], row(f, "hottest")["limit"]) == (o["worst_t_supply_c"], 45.0)
    assert (row(f, "lowest rack flow")["value"], row(f, "lowest rack flow")["limit"]) == (o["min_flow_ratio"], 1.0)
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-N1-001", "cdu-1")
    assert f.status == "fail"
    assert row(f, "hottest")["value"] == results["cooling"]["redundancy"]["fw-1"]["cdu_out"]["cdu-1"]["worst_t_supply_c"] > 45.0
    design, results, findings = analysed("n_redundancy")
    assert one(findings, "COOL-N1-001").status == "not_applicable"


def test_pump_n_plus_1():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-N1-002", "fwp")
    assert f.status == "pass"
    # no standby in the set: the pump set on the other mechanical panel (fwp-a) carries the loop without it
    assert row(f, "standby pump installed")["value"] is False
    design, results, findings = analysed("no_standby_pump")
    f = one(findings, "COOL-N1-002", "fwp")
    assert f.status == "fail"
    assert row(f, "standby pump installed")["value"] is False
    assert f.message.startswith("pump of fwp out: ")


def test_heat_rejection_n_plus_1():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-N1-003", "acc")
    o = results["cooling"]["redundancy"]["fw-1"]["unit_out"]["acc"]
    assert f.status == "pass"
    assert row(f, "hottest")["value"] == o["worst_t_supply_c"]
    assert row(f, "facility supply")["value"] == o["t_facility_supply_c"]
    design, results, findings = analysed("hot_plant")  # one cooler: none left when it is out
    f = one(findings, "COOL-N1-003", "acc")
    assert f.status == "fail"
    assert row(f, "hottest")["value"] > 45.0


def test_pump_inside_curve():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-PUMP-001", "fwp")
    p = results["cooling"]["loops"]["fw-1"]["pumps"]["fwp"]
    assert f.status == "pass" and f.elements == ["fwp", "fw-1"]
    assert row(f, "flow")["value"] == p["flow_lpm"] and row(f, "head")["value"] == p["head_m"]
    assert one(findings, "COOL-PUMP-001", "cdu-1").evidence[0]["element"] == "cdu-1.pumps"
    design, results, findings = analysed("pump_runout")
    f = one(findings, "COOL-PUMP-001", "fwp")
    p = results["cooling"]["loops"]["fw-1"]["pumps"]["fwp"]
    assert f.status == "fail"
    assert row(f, "operating point")["value"] is False
    assert p["flow_lpm"] > 3900.0  # beyond the last point of the catalog curve, 65 L/s


def test_pump_preferred_region():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-PUMP-002", "fwp")
    bep = results["cooling"]["loops"]["fw-1"]["pumps"]["fwp"]["bep_percent"]  # bep_flow from the pump's catalog entry
    assert f.status == "pass" and [(e["value"], e["limit"]) for e in f.evidence] == [(bep, 70.0), (bep, 120.0)]
    r = copy.deepcopy(results)
    r["cooling"]["loops"]["fw-1"]["pumps"]["fwp"]["bep_percent"] = None  # a pump with no known best-efficiency flow
    f = next(x for x in _check("COOL-PUMP-002", design, r) if x.subject == "fwp")
    assert f.status == "untested" and "best-efficiency flow is unknown" in f.message and "bep_flow" in f.message
    # the CDUs' internal pumps: TCS flow against the unit's rated TCS flow (10-100 %)
    f = one(findings, "COOL-PUMP-002", "cdu-1")
    cdu = next(c for c in design.cooling.cdus if c.id == "cdu-1")
    flow = results["cooling"]["loops"]["tcs-1"]["pumps"]["cdu-1.pumps"]["flow_lpm"]
    share = round(100.0 * flow / cdu.flow_tcs_rated.to("L/min").magnitude, 2)
    assert f.status == "pass" and [(e["value"], e["limit"]) for e in f.evidence[:2]] == [(share, 10.0), (share, 100.0)]
    for scale, status in ((1.05, "fail"), (0.05, "fail")):
        r = copy.deepcopy(results)
        r["cooling"]["loops"]["tcs-1"]["pumps"]["cdu-1.pumps"]["flow_lpm"] = cdu.flow_tcs_rated.to("L/min").magnitude * scale
        f = next(x for x in _check("COOL-PUMP-002", design, r) if x.subject == "cdu-1")
        assert f.status == status
    for bep, status in ((95.0, "pass"), (135.0, "fail"), (65.0, "fail")):
        r = copy.deepcopy(results)
        r["cooling"]["loops"]["fw-1"]["pumps"]["fwp"]["bep_percent"] = bep
        f = next(x for x in _check("COOL-PUMP-002", design, r) if x.subject == "fwp")
        assert f.status == status
        assert [(e["value"], e["limit"]) for e in f.evidence] == [(bep, 70.0), (bep, 120.0)]


def test_heat_rejection_capacity():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-HR-001", "fw-1")
    u = results["cooling"]["heat_rejection"]["acc"]
    assert f.status == "pass" and f.elements == ["fw-1", "acc", "acc-b"]  # a cooler bank on each mechanical panel
    assert (row(f, "margin")["value"], row(f, "margin")["limit"]) == (u["margin_kw"], 0.0)
    assert row(f, "margin")["value"] > 0
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-HR-001", "fw-1")
    plant = results["cooling"]["plants"]["fw-1"]["extreme_max_db_n20"]
    assert f.status == "fail"
    assert row(f, "facility supply held")["value"] is False
    assert row(f, "heat load")["value"] == plant["heat_load_kw"]
    assert row(f, "margin")["value"] == results["cooling"]["heat_rejection"]["acc"]["margin_kw"]


def test_heat_rejection_capacity_with_a_shortfall():
    design, results, _ = analysed("passing")
    r = copy.deepcopy(results)
    plant = r["cooling"]["plants"]["fw-1"]["extreme_max_db_n20"]
    plant.update({"converged": False, "setpoint_held": False, "shortfall_kw": 412.5,
                  "diagnosis": "infeasible: shortfall 412.5 kW"})
    (f,) = _check("COOL-HR-001", design, r)
    assert f.status == "fail"
    assert (row(f, "shortfall")["value"], row(f, "shortfall")["limit"]) == (412.5, 0.0)
    plant.update({"shortfall_kw": 0.0, "diagnosis": "did not converge in 50 iterations"})
    (f,) = _check("COOL-HR-001", design, r)
    assert f.status == "untested" and "did not converge" in f.message


def test_facility_supply():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-HR-002", "fw-1")
    plant = results["cooling"]["plants"]["fw-1"]["extreme_max_db_n20"]
    assert f.status == "pass"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (plant["t_facility_supply_c"], 30.0)  # the loop's own setpoint
    assert "ASHRAE W32" in f.message
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-HR-002", "fw-1")
    assert f.status == "fail"
    assert f.evidence[0]["value"] == results["cooling"]["plants"]["fw-1"]["extreme_max_db_n20"]["t_facility_supply_c"] > 30.0
    # a plant that did not converge, with no shortfall to report: no supply temperature to judge
    design, results, findings = analysed("passing")
    r = copy.deepcopy(results)
    r["cooling"]["plants"]["fw-1"]["extreme_max_db_n20"].update(converged=False, diagnosis="no balance found",
                                                                 t_facility_supply_c=None, shortfall_kw=0.0)
    f = next(x for x in _check("COOL-HR-002", design, r) if x.subject == "fw-1")
    assert f.status == "untested" and "no balance found" in f.message


def test_ashrae_classes():
    assert [ashrae_class(t) for t in (17.0, 17.1, 27.0, 30.0, 35.0, 40.0, 45.0, 45.5)] == [
        "W17", "W27", "W27", "W32", "W40", "W40", "W45", "W+"]


def test_residual_air():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-AIR-001", "hall-1")
    a = results["cooling"]["air"]["hall-1"]
    assert f.status == "pass"
    assert (row(f, "exhaust airflow")["value"], row(f, "exhaust airflow")["limit"]) == (
        a["airflow_available_m3_s"], a["airflow_required_m3_s"])
    design, results, findings = analysed("no_crahs")
    f = one(findings, "COOL-AIR-001", "hall-1")
    a = results["cooling"]["air"]["hall-1"]
    assert f.status == "fail"
    assert row(f, "exhaust airflow")["value"] == 2.36  # 5000 cfm
    # 12 racks x 14.2 kW of air heat at a 15 K rise need about 11 m3/s
    assert row(f, "exhaust airflow")["limit"] == a["airflow_required_m3_s"]
    assert 9.0 < a["airflow_required_m3_s"] < 12.0


def test_inlet_air():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-AIR-002", "hall-1")
    assert f.status == "pass"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (results["cooling"]["air"]["hall-1"]["t_inlet_c"], 35.0)
    design, results, findings = analysed("no_crahs")
    f = one(findings, "COOL-AIR-002", "hall-1")
    assert f.status == "fail"
    assert f.evidence[0]["value"] == 42.5  # the Moses Lake 20-year extreme dry bulb (ASHRAE 2013), straight to the racks
    assert "outdoor air" in f.message


def test_pipe_velocity():
    design, results, findings = analysed("passing")
    for loop in ("fw-1", "tcs-1"):
        f = one(findings, "COOL-PIPE-001", loop)
        lp = results["cooling"]["loops"][loop]
        assert f.status == "pass"
        assert (f.evidence[0]["value"], f.evidence[0]["limit"], f.evidence[0]["element"]) == (
            lp["max_velocity_m_s"], 2.5, lp["max_velocity_pipe"])
    design, results, findings = analysed("fast_facility_flow")
    f = one(findings, "COOL-PIPE-001", "fw-1")
    assert f.status == "fail"
    assert f.evidence[0]["value"] == results["cooling"]["loops"]["fw-1"]["max_velocity_m_s"] > 2.5
    design, results, findings = analysed("narrow_tcs")
    f = one(findings, "COOL-PIPE-001", "tcs-1")
    assert f.status == "fail"
    assert f.evidence[0]["element"] == results["cooling"]["loops"]["tcs-1"]["max_velocity_pipe"]


def test_pipe_pressure():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-PIPE-002", "tcs-1")
    assert f.status == "pass"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (results["cooling"]["loops"]["tcs-1"]["max_pressure_kpa"], 600.0)
    design, results, findings = analysed("high_pressure")
    f = one(findings, "COOL-PIPE-002", "tcs-1")
    lp = results["cooling"]["loops"]["tcs-1"]
    assert f.status == "fail"
    assert f.evidence[0]["value"] == lp["max_pressure_kpa"] > 600.0
    assert row(f, "static pressure")["value"] == 500.0


def test_freeze_margin():
    design, results, findings = analysed("passing")
    f = one(findings, "COOL-FRZ-001", "fw-1")
    fr = results["cooling"]["freeze"]["fw-1"]
    assert f.status == "pass"
    assert (f.evidence[0]["value"], f.evidence[0]["limit"]) == (fr["margin_k"], 5.0)
    assert one(findings, "COOL-FRZ-001", "tcs-1").status == "not_applicable"
    design, results, findings = analysed("hot_plant")
    f = one(findings, "COOL-FRZ-001", "fw-1")
    assert f.status == "fail"
    # water freezes at 0 °C; the site's 20-year extreme minimum is -30.7 °C (Moses Lake, ASHRAE 2013)
    assert (row(f, "freezing point")["value"], row(f, "extreme minimum")["value"], f.evidence[0]["value"]) == (0.0, -30.7, -30.7)


def test_cooling_rules_without_a_plant():
    design, results, findings = analysed("no_heat_rejection")
    assert one(findings, "COOL-HR-001", "fw-1").status == "untested"
    assert [f.status for f in findings_of(findings, "COOL-N1-001")] == ["untested"]
