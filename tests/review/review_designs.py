"""Small designs for the review tests: ``designs/passing.yaml`` and variants that each break a few rules.

Every variant starts from the passing design (the pilot hall with a catalog facility pump on each
mechanical panel at 70 % speed, its racks placed in two rows, its switchboards given their sizes, a 15 kPa
slab and a goal of 12 racks; no protective-device settings, so its verdict is INCOMPLETE) and changes only
the fields its docstring names. ``analysed(name)`` loads a variant,
analyses it once per test session and returns ``(design, results, findings)``.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

from retrofit.analyze import analyze
from retrofit.io.load import load_text
from retrofit.model import Design
from retrofit.review import run_rules

HERE = Path(__file__).resolve().parent
PASSING = HERE / "designs" / "passing.yaml"


def _find(items: list[dict], element_id: str) -> dict:
    return next(x for x in items if x["id"] == element_id)


def _set_bus_side(data: dict, side: str, voltage: str, system: str) -> None:
    """Change the LV voltage and system of every bus on one side (a or b) and of its transformer."""
    for bus in data["electrical"]["buses"]:
        if bus["id"] in (f"swbd-{side}", f"bw-{side}1", f"bw-{side}2", f"mech-{side}"):
            bus["voltage"] = voltage
            bus["system"] = system
    tx = _find(data["electrical"]["transformers"], f"tx-{side}")
    tx["v_secondary"] = voltage
    tx["secondary_config"] = "delta" if system == "delta_3w" else "wye_grounded"


def overloaded(data: dict) -> None:
    """750 kVA transformers, a 1.5 MVA service, 800 A busway, 1200 A switchboard buses, 1600 A main
    breakers: fails ELEC-TX-001, ELEC-TX-002, ELEC-N1-001, ELEC-UT-001, ELEC-BW-001, ELEC-BUS-001,
    ELEC-CB-001. The goal asks for as many racks as fit (count: max): a goal of 12 racks on a 1.5 MVA
    service is refused when loading (the racks alone need 1.9 MVA), while the design's own 12 racks are
    what the review must find too heavy for the equipment."""
    data["goal"]["count"] = "max"
    for t in data["electrical"]["transformers"]:
        t["rating"] = "750 kVA"
    data["utility"]["capacity"] = "1500 kVA"
    for b in data["electrical"]["busways"]:
        b["rating"] = "800 A"
    for bus in data["electrical"]["buses"]:
        if bus["id"] in ("swbd-a", "swbd-b"):
            bus["bus_rating"] = "1200 A"
    for br in data["electrical"]["breakers"]:
        if br["id"] in ("cb-main-a", "cb-main-b"):
            br["rating"] = "1600 A"


def weak_short_circuit(data: dict) -> None:
    """cb-bw-a1 interrupting 42 kA, swbd-a SCCR 42 kA, busway-a1 SCCR 42 kA (I"k at swbd-a is about
    55 kA): fails ELEC-SC-001, ELEC-SC-002, ELEC-SC-003 and ELEC-DUTY-001 (cb-bw-a1) for those elements."""
    _find(data["electrical"]["breakers"], "cb-bw-a1")["interrupting"] = "42 kA"
    _find(data["electrical"]["buses"], "swbd-a")["sccr"] = "42 kA"
    _find(data["electrical"]["busways"], "busway-a1")["sccr"] = "42 kA"


def thin_feeders(data: dict) -> None:
    """c-mech-a of 1/0 AWG (150 A at 75 °C) behind its 400 A breaker carrying 50 kW of lighting on mech-a
    (about 168 A required; the split cooling loads alone need about 97 A), busway-a1 400 m
    long: fails ELEC-FDR-001 and ELEC-FDR-002 (c-mech-a), ELEC-VD-001 (busway-a1), ELEC-VD-002 (row-1
    racks), ELEC-V-001 (bw-a1)."""
    _find(data["electrical"]["cables"], "c-mech-a")["size"] = "1/0 AWG"
    _find(data["loads"]["other"], "lighting")["p"] = "50 kW"
    _find(data["electrical"]["busways"], "busway-a1")["length"] = "400 m"


def unprotected_feeder(data: dict) -> None:
    """The breaker of c-mech-a removed: fails ELEC-FDR-002 (no protective device)."""
    data["electrical"]["breakers"] = [b for b in data["electrical"]["breakers"] if b["id"] != "cb-mech-a"]


def shared_path(data: dict) -> None:
    """row-1 fed from bw-a1 and bw-a2, both below tx-a: fails ELEC-AB-001 (row-1 racks) and
    ELEC-N1-001 (the outage of tx-a drops row-1)."""
    _find(data["loads"]["racks"], "row-1")["feeds"] = ["bw-a1", "bw-a2"]


def delta_b_side(data: dict) -> None:
    """The B side (tx-b and its buses) at 480 V delta, no neutral: fails ELEC-PS-002 for every rack;
    ELEC-PS-001 still passes (480/sqrt(3) = 277 V less the drop)."""
    _set_bus_side(data, "b", "480 V", "delta_3w")


def low_voltage_a_side(data: dict) -> None:
    """The A side at 208Y/120 V: 120 V line to neutral fails ELEC-PS-001 (GB300 shelves need 200-277 V)."""
    _set_bus_side(data, "a", "208 V", "wye_4w")


def unbalanced(data: dict) -> None:
    """A 600 kW load on bw-a1 only: fails ELEC-BAL-001 (row-1) and ELEC-BAL-002 (tx-a / tx-b)."""
    data["loads"]["other"].append({"id": "heater-a1", "bus": "bw-a1", "p": "600 kW", "power_factor": 0.95,
                                   "kind": "other"})


def no_neutral_needed(data: dict) -> None:
    """Racks whose shelves are fed line to line: ELEC-BAL-003 and ELEC-PS-002 do not apply."""
    for g in data["loads"]["racks"]:
        g["needs_neutral"] = False


def with_pdu(data: dict) -> None:
    """A PDU between bw-a1 and a new bus pdu-a1 that feeds row-1's A side: ELEC-PDU-001 applies."""
    data["electrical"]["buses"].append({"id": "pdu-a1", "voltage": "415 V", "kind": "node"})
    data["electrical"]["pdus"] = [{"id": "pdu-1", "from_bus": "bw-a1", "to_bus": "pdu-a1", "rating": "1200 A"}]
    _find(data["loads"]["racks"], "row-1")["feeds"] = ["pdu-a1", "bw-b1"]


def hot_plant(data: dict) -> None:
    """One adiabatic cooler (acc) instead of two banks of three, CDUs of 500 kW, plain water outdoors: fails
    COOL-HR-001, COOL-HR-002, COOL-TCS-001, COOL-TCS-002, COOL-CDU-001, COOL-N1-001, COOL-N1-003, COOL-FRZ-001."""
    _find(data["cooling"]["heat_rejection"], "acc")["count"] = 1
    data["cooling"]["heat_rejection"] = [h for h in data["cooling"]["heat_rejection"] if h["id"] != "acc-b"]
    for cdu in data["cooling"]["cdus"]:
        cdu["capacity"] = "500 kW"
    _find(data["cooling"]["loops"], "fw-1")["coolant"] = "water"


def narrow_tcs(data: dict) -> None:
    """A 3-inch TCS main and header (77.9 mm): the racks get about 159 L/min of the 166 L/min they need
    and the main runs above 2.5 m/s: fails COOL-FLOW-001 (every rack) and COOL-PIPE-001 (tcs-1)."""
    tcs = _find(data["cooling"]["loops"], "tcs-1")
    tcs["main"]["diameter"] = "77.9 mm"
    tcs["header"]["diameter"] = "77.9 mm"


def starved_racks(data: dict) -> None:
    """Racks asking 0.5 L/min/kW: their branches are sized by that flow, they receive about 114 L/min for
    128 kW (0.9 L/min/kW): COOL-FLOW-001 passes, COOL-FLOW-002 (OCP, at least 1.25 L/min/kW) fails."""
    for g in data["loads"]["racks"]:
        g["flow_per_kw"] = "0.5 L/min/kW"


def no_crahs(data: dict) -> None:
    """No CRAHs and one small exhaust fan (5000 cfm): outdoor air at 43 °C reaches the racks and the
    fan cannot carry the racks' air heat: fails COOL-AIR-001 and COOL-AIR-002."""
    data["cooling"]["crahs"] = []
    data["cooling"]["exhaust_fans"] = [{"id": "ef", "hall": "hall-1", "bus": "mech-b", "count": 1,
                                        "airflow": "5000 cfm", "power": "1.1 kW"}]


def high_pressure(data: dict) -> None:
    """TCS loop filled to 500 kPa: the pump head puts it above 600 kPa: fails COOL-PIPE-002 (tcs-1)."""
    _find(data["cooling"]["loops"], "tcs-1")["static_pressure"] = "500 kPa"


def pump_runout(data: dict) -> None:
    """fwp alone (fwp-a removed) at full speed on a 254.5 mm facility main: it runs beyond the last point of
    its curve (65 L/s, 3900 L/min): fails COOL-PUMP-001 (fwp)."""
    _find(data["cooling"]["loops"], "fw-1")["main"]["diameter"] = "254.5 mm"
    data["cooling"]["pumps"] = [p for p in data["cooling"]["pumps"] if p["id"] != "fwp-a"]
    _find(data["cooling"]["pumps"], "fwp")["speed"] = "100 %"


def fast_facility_flow(data: dict) -> None:
    """Both facility pumps at full speed: the CDU branches run above 2.5 m/s: fails COOL-PIPE-001 (fw-1)."""
    for pump in data["cooling"]["pumps"]:
        pump["speed"] = "100 %"


def no_standby_pump(data: dict) -> None:
    """One facility pump installed (fwp; fwp-a removed): fails COOL-N1-002 (fwp)."""
    data["cooling"]["pumps"] = [p for p in data["cooling"]["pumps"] if p["id"] != "fwp-a"]


def n_redundancy(data: dict) -> None:
    """Goal with N power and N cooling redundancy: ELEC-AB-001, ELEC-N1-001 and COOL-N1-* do not apply."""
    data["goal"]["power_redundancy"] = "N"
    data["goal"]["cooling_redundancy"] = "N"


def orphan_bus(data: dict) -> None:
    """A 415 V bus with a load and no supply: fails MODEL-CONS-001 (check_every_load_fed)."""
    data["electrical"]["buses"].append({"id": "orphan", "voltage": "415 V", "kind": "panelboard", "hall": "hall-1"})
    data["loads"]["other"].append({"id": "orphan-load", "bus": "orphan", "p": "5 kW", "kind": "other"})


def orphan_loop(data: dict) -> None:
    """Two more racks on a TCS loop tcs-2 that no CDU serves: fails MODEL-COOL-001 (row-3)."""
    tcs = copy.deepcopy(_find(data["cooling"]["loops"], "tcs-1"))
    tcs["id"] = "tcs-2"
    data["cooling"]["loops"].append(tcs)
    data["loads"]["racks"].append({"id": "row-3", "model": "gb300-nvl72", "count": 2, "feeds": ["bw-a2", "bw-b2"],
                                   "tcs_loop": "tcs-2", "hall": "hall-1", "row": "3"})


def no_heat_rejection(data: dict) -> None:
    """No heat-rejection unit on fw-1: the plant cannot be built: fails MODEL-PLANT-001 and MODEL-COOL-001."""
    data["cooling"]["heat_rejection"] = []


def tight_rows(data: dict) -> None:
    """Row 2 moved 0.3 m south: 0.9 m between the row faces, for a 1.2 m cold aisle: fails LAY-AISLE-001."""
    for p in _find(data["loads"]["racks"], "row-2")["positions"]:
        p["y"] = "10.1 m"


def rack_on_column(data: dict) -> None:
    """Row 2 moved to y = 12 m, x from 13.2 m: its first rack stands on the column at (13.3 m, 12.5 m):
    fails LAY-OBS-001 (row-2.01)."""
    for i, p in enumerate(_find(data["loads"]["racks"], "row-2")["positions"]):
        p["x"], p["y"] = f"{13.2 + 0.6 * i:.1f} m", "12.0 m"


def weak_slab(data: dict) -> None:
    """An 8 kPa slab under 1360 kg racks on 1.44 m2 of tributary area (about 9.3 kPa): fails LAY-SLAB-001."""
    data["halls"][0]["slab_rating"] = "8 kPa"


def long_lineup(data: dict) -> None:
    """swbd-a as a 45 m lineup, longer than any wall of the 40 m x 25 m hall: it cannot be placed with its
    working space: fails LAY-CLR-001 (swbd-a)."""
    _find(data["electrical"]["buses"], "swbd-a")["width"] = "45 m"


def short_of_goal(data: dict) -> None:
    """A goal of 20 racks for the 12 of the design: fails MODEL-GOAL-001."""
    data["goal"]["count"] = 20


def collapse(data: dict) -> None:
    """Transformers of 300 kVA at 50 % impedance: no operating point carries the racks' 1 MW per side
    (voltage collapse): fails MODEL-LF-001 and turns the rules that read the load flow untested."""
    for t in data["electrical"]["transformers"]:
        t["rating"] = "300 kVA"
        t["z_percent"] = "50 %"


def unbalanced_phases(data: dict) -> None:
    """Racks of row-1 with their supplies spread 8/8/4 over L1/L2/L3 of each feed: fails ELEC-BAL-003 at
    bw-a1 and bw-b1 (40 % current unbalance)."""
    _find(data["loads"]["racks"], "row-1")["psus_per_phase"] = [8, 8, 4]


VARIANTS = {f.__name__: f for f in (
    unbalanced_phases, overloaded, weak_short_circuit, thin_feeders, unprotected_feeder, shared_path, delta_b_side,
    low_voltage_a_side, unbalanced, no_neutral_needed, with_pdu, hot_plant, narrow_tcs, starved_racks,
    no_crahs, high_pressure, pump_runout, fast_facility_flow, no_standby_pump, n_redundancy, orphan_bus, orphan_loop,
    no_heat_rejection, tight_rows, rack_on_column, weak_slab, long_lineup, short_of_goal, collapse)}


def design_text(name: str) -> str:
    """YAML text of the passing design (``"passing"``) or of a variant."""
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    if name != "passing":
        VARIANTS[name](data)
    return yaml.safe_dump(data, sort_keys=False)


#: variants the loader refuses (an unfed bus is an input error since the input rules check the power
#: topology); the review must still judge such a design given as records, so these are built from the
#: passing design's loaded records, edited, and validated field by field only
UNCHECKED = {"orphan_bus"}


@lru_cache(maxsize=None)
def analysed(name: str):
    """``(design, results, findings)`` of the passing design or a variant (analysed once per session)."""
    if name in UNCHECKED:
        data = load_text(design_text("passing"), name="passing.yaml").model_dump()
        VARIANTS[name](data)
        design = Design.model_validate(data)
    else:
        design = load_text(design_text(name), name=f"{name}.yaml")
    results = analyze(design)
    return design, results, run_rules(design, results)


def findings_of(findings, rule_id: str, element: str | None = None) -> list:
    """Findings of one rule, those whose first element is ``element`` when given."""
    out = [f for f in findings if f.rule_id == rule_id]
    if element is not None:
        out = [f for f in out if f.elements and f.elements[0] == element]
    return out


def one(findings, rule_id: str, element: str | None = None):
    """The single finding of ``rule_id`` about ``element``."""
    found = findings_of(findings, rule_id, element)
    assert len(found) == 1, f"{len(found)} findings of {rule_id} about {element}: {[f.elements for f in found]}"
    return found[0]


def row(finding, quantity: str, relation: str | None = "any") -> dict:
    """The evidence row of ``finding`` whose quantity starts with ``quantity`` (and has ``relation``)."""
    rows = [e for e in finding.evidence if e["quantity"].startswith(quantity)
            and (relation == "any" or e["relation"] == relation)]
    assert rows, f"{finding.rule_id}: no evidence {quantity!r} in {[e['quantity'] for e in finding.evidence]}"
    return rows[0]
