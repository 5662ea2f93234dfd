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
