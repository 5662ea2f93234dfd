"""ELEC-GENPROT-001 judges the generator-only figures of the protection results and computes nothing:
a device that trips passes (naming its element), one below every pickup fails, a design without generators
is not applicable."""
from __future__ import annotations

from pathlib import Path

from retrofit.io.load import load
from retrofit.review.registry import get_rule, run_rules

ROOT = Path(__file__).resolve().parents[2]


def _device(trips: bool, element: str) -> dict:
    return {"fault_bus": "swbd-a", "ik_initial_ka": 7.2, "mu": 0.69, "i_cleared_ka": 4.96,
            "clearing_time_s": 72.4 if trips else None, "trips": trips, "element": element, "long_time_pickup_ka": 3.2}


def _run(devices: dict | None):
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    results = {"protection": {"generator_only": None if devices is None else {"devices": devices}}}
    return run_rules(design, results, rules=[get_rule("ELEC-GENPROT-001")])


def test_trips_pass_and_never_fails():
    findings = _run({"cb-main-a": _device(True, "long time"), "cb-mv-a": _device(False, "none")})
    status = {f.elements[0]: f for f in findings}
    assert status["cb-main-a"].status == "pass" and "long time element" in status["cb-main-a"].message
    assert "sustained current" in status["cb-main-a"].message  # a slow trip says what decides it
    assert status["cb-mv-a"].status == "fail" and "never" in status["cb-mv-a"].message
    row = next(e for e in status["cb-mv-a"].evidence if e["relation"] == ">=")
    assert row["value"] == 4.96 and row["limit"] == 3.2


def test_without_generators_not_applicable():
    assert [f.status for f in _run(None)] == ["not_applicable"]
