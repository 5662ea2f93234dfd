"""Regression pins of the pilot hall's cooling results (examples/pilot-hall/design.yaml).

These are NOT validation: the expected numbers are the project's own output at the time the pins were
set, recorded so that any change of a model, a default or the pilot example shows up here and is looked
at on purpose. The validation of the models is in tests/validation/ and tests/peers/ (see
docs/cooling.md). When a change is intended, update the pin and say why in the commit.

Tolerance ``regression_pin`` (1e-5 relative): far tighter than any model change, looser than the
round-off of a CoolProp or numpy update. Verdicts (booleans) are pinned exactly.

Re-pinned when the pilot was redesigned on purpose for single failures across domains: the facility
pumps, coolers and CRAHs split between the mech-a and mech-b panels (two pumps at 70 % speed, two banks
of three coolers), so the facility-side figures changed; the CDU and rack figures did not.

Re-pinned when the Moses Lake climate took its published ASHRAE 2013 values (20-year extreme dry bulb
43 -> 42.5 degC, its wet bulb 21.884 -> 21.104 degC; extreme minimum -27 -> -30.7 degC) and the pilot's
facility loop went from PG50 to PG55 to keep the 5 K freeze margin: the design-ambient, heat-rejection,
facility-flow and freeze figures changed; the CDU heat, TCS and rack figures did not.

Re-pinned when the facility network took each CDU's facility-side control valve (authority 0.5) and the
pumps' suction strainers (2 psi at their best-efficiency flow): the pilot's pumps, at a fixed 70 % speed,
give 12.5 m instead of 11.5 m and 2,156 instead of 2,563 L/min each, so the facility-flow, return
temperature, heat-rejection and pump figures changed; the CDU heat, TCS and rack figures did not.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import retrofit
from retrofit.cooling.analysis import analyze_cooling
from retrofit.testing import tolerance

PIN = tolerance("regression_pin")
PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"

#: (path in the results, pinned value)
PINS = [
    # design ambient: extreme dry bulb with the wet bulb at the 0.4 % day's humidity ratio
    (("ambients", "extreme_max_db_n20", "t_wet_bulb_c"), 21.104),
    # plant balance at the governing ambient
    (("plants", "fw-1", "extreme_max_db_n20", "heat_load_kw"), 1739.853),
    (("plants", "fw-1", "extreme_max_db_n20", "t_facility_supply_c"), 30.0),
    (("plants", "fw-1", "extreme_max_db_n20", "t_facility_return_c"), 36.007),
    (("plants", "fw-1", "extreme_max_db_n20", "fan_and_chiller_kw"), 5.573),
    (("plants", "fw-1", "extreme_max_db_n20", "water_l_h"), 4110.88),
    (("plants", "fw-1", "cooling_db_04", "fan_and_chiller_kw"), 2.959),
    # two banks of three coolers, one on each mechanical panel, share the heat equally
    (("heat_rejection", "acc", "heat_kw"), 869.927),
    (("heat_rejection", "acc", "capacity_kw"), 1406.168),
    (("heat_rejection", "acc", "margin_kw"), 536.241),
    (("heat_rejection", "acc-b", "heat_kw"), 869.927),
    # CDUs
    (("cdus", "cdu-1", "heat_kw"), 778.676),
    (("cdus", "cdu-1", "loading_percent"), 38.934),
    (("cdus", "cdu-1", "t_tcs_return_c"), 47.426),
    (("cdus", "cdu-1", "flow_tcs_lpm"), 1569.26),
    (("cdus", "cdu-1", "flow_facility_lpm"), 2158.6),
    (("cdus", "cdu-2", "flow_facility_lpm"), 2153.94),
    (("cdus", "cdu-1", "electric_kw"), 13.376),
    # hydraulics
    (("racks", "row-1.01", "flow_lpm"), 261.71),
    (("racks", "row-2.06", "flow_lpm"), 261.47),
    (("loops", "tcs-1", "pumps", "cdu-1.pumps", "head_m"), 29.88),
    (("loops", "tcs-1", "max_velocity_m_s"), 2.015),
    (("loops", "tcs-1", "max_pressure_kpa"), 495.138),
    # two facility pumps in parallel at 70 % speed, one on each mechanical panel
    (("loops", "fw-1", "pumps", "fwp", "flow_lpm"), 2156.27),
    (("loops", "fw-1", "pumps", "fwp-a", "flow_lpm"), 2156.27),
    (("loops", "fw-1", "pumps", "fwp", "head_m"), 12.491),
    (("loops", "fw-1", "pumps", "fwp", "electric_kw"), 6.4372),
    (("loops", "fw-1", "max_velocity_m_s"), 1.929),
    # N+1
    (("redundancy", "fw-1", "cdu_out", "cdu-1", "min_flow_ratio"), 1.1843),
    (("redundancy", "fw-1", "cdu_out", "cdu-1", "cdu_loading_percent", "cdu-2"), 77.327),
    (("redundancy", "fw-1", "unit_out", "acc", "t_facility_supply_c"), 30.0),
    # freeze, air, power
    (("freeze", "fw-1", "freezing_point_c"), -40.158),
    (("freeze", "fw-1", "margin_k"), 9.458),
    (("air", "hall-1", "t_inlet_c"), 33.0),
    (("electric_power_w", "acc"), 2786.75),
    (("cooling_power_kw",), 83.999),
]

VERDICTS = [
    (("plants", "fw-1", "extreme_max_db_n20", "setpoint_held"), True),
    (("redundancy", "fw-1", "n_plus_1_ok"), True),
    (("redundancy", "fw-1", "unit_out", "acc", "ok"), True),
    (("redundancy", "fw-1", "unit_out", "acc-b", "ok"), True),
    (("freeze", "fw-1", "ok"), True),
    (("air", "hall-1", "inlet_ok"), True),
    # a branch's supply and return pipes carry the same flow in the same size: the tie goes to the first id
    (("loops", "tcs-1", "max_velocity_pipe"), "row-1.01.branch_return"),
    (("loops", "fw-1", "max_velocity_pipe"), "cdu-1.branch_return"),
]


@pytest.fixture(scope="module")
def results():
    return analyze_cooling(retrofit.load(PILOT))


def _at(results, path):
    value = results
    for key in path:
        value = value[key]
    return value


@pytest.mark.parametrize(("path", "pinned"), PINS, ids=[".".join(p) for p, _ in PINS])
def test_pilot_cooling_figure_is_unchanged(results, path, pinned):
    assert _at(results, path) == PIN.approx(pinned)


@pytest.mark.parametrize(("path", "pinned"), VERDICTS, ids=[".".join(p) for p, _ in VERDICTS])
def test_pilot_cooling_verdict_is_unchanged(results, path, pinned):
    assert _at(results, path) == pinned


def test_every_rack_is_fed_and_cool_enough(results):
    assert len(results["racks"]) == 12
    assert all(r["flow_ok"] and r["t_supply_ok"] and r["t_supply_c"] == 40.0 for r in results["racks"].values())
