"""ELEC-UPSPROT-001 judges the UPS-on-battery figures of the protection results and computes nothing: a
device that clears the inverter's current within its window passes (naming its element), one that does not
fails and says the lineup's output is lost, a design without UPSs is not applicable."""
from __future__ import annotations

from pathlib import Path

from retrofit.io.load import load
from retrofit.review.registry import get_rule, run_rules

ROOT = Path(__file__).resolve().parents[2]


def _device(trips: bool, element: str) -> dict:
    return {"lineup": "ups-a", "fault_bus": "tap-1", "ik_initial_ka": 12.52, "ik_held_ka": 6.26,
            "limited_by": "inverter", "clearing_time_s": 0.05 if trips else None, "trips": trips, "element": element,
            "window_s": 0.5, "instantaneous_pickup_ka": 12.0 if not trips else 9.6, "long_time_pickup_ka": 1.2}


def _run(devices: dict | None):
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    results = {"protection": {"ups_battery": None if devices is None else {"devices": devices}}}
    return run_rules(design, results, rules=[get_rule("ELEC-UPSPROT-001")])


def test_clearing_in_the_window_passes_and_not_clearing_fails():
    findings = _run({"cb-bw-1": _device(True, "instantaneous"), "cb-bw-2": _device(False, "none")})
    status = {f.elements[0]: f for f in findings}
    assert status["cb-bw-1"].status == "pass" and "instantaneous element" in status["cb-bw-1"].message
    assert status["cb-bw-2"].status == "fail" and "whole output bus is lost" in status["cb-bw-2"].message
    row = next(e for e in status["cb-bw-2"].evidence if e["relation"] == ">=")
    assert row["value"] == 12.52 and row["limit"] == 12.0


def test_without_ups_not_applicable():
    assert [f.status for f in _run(None)] == ["not_applicable"]


def _inrush(trips: bool, conflict: bool) -> dict:
    return {"current_ka": 5.72, "peak_ka": 8.09, "duration_s": 0.2, "psus_per_phase": 32, "rack_feeds": 4,
            "rows": ["gb300-nvl72"], "trip_time_s": 0.08 if trips else 3.9, "trips": trips,
            "element": "short time" if trips else "long time", "conflict": conflict, "short_time_pickup_ka": 4.8,
            "short_time_delay_s": 0.1}


def _run_inrush(devices: dict | None, rule_id: str = "ELEC-UPSPROT-002"):
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    results = {"protection": {"ups_battery": None if devices is None else {"devices": devices}}}
    return run_rules(design, results, rules=[get_rule(rule_id)])


def test_inrush_rule_passes_a_device_that_rides_through_and_fails_one_that_trips():
    devices = {"cb-bw-1": {**_device(True, "short time"), "inrush": _inrush(False, False)},
               "cb-bw-2": {**_device(True, "short time"), "inrush": _inrush(True, True)},
               "cb-bw-3": {**_device(True, "short time"), "inrush": None}}
    status = {f.elements[0]: f for f in _run_inrush(devices)}
    assert set(status) == {"cb-bw-1", "cb-bw-2"}  # no rack below cb-bw-3: not judged
    assert status["cb-bw-1"].status == "pass" and "comes after the inrush" in status["cb-bw-1"].message
    assert status["cb-bw-2"].status == "fail" and "trips at 0.08 s, within the inrush" in status["cb-bw-2"].message
    assert "no short-time pickup does both" in status["cb-bw-2"].message
    row = next(e for e in status["cb-bw-2"].evidence if e["relation"] == ">=")
    assert (row["value"], row["limit"], row["unit"]) == (0.08, 0.2, "s")


def test_inrush_rule_not_applicable_without_ups():
    assert [f.status for f in _run_inrush(None)] == ["not_applicable"]


def test_battery_rule_names_the_conflict_with_the_inrush():
    devices = {"cb-bw-2": {**_device(False, "none"), "inrush": _inrush(False, True)}}
    (f,) = _run_inrush(devices, "ELEC-UPSPROT-001")
    assert f.status == "fail" and "no short-time pickup does both" in f.message and "5.72 kA inrush" in f.message
