"""Closed forms of the capacity of each constraint (retrofit.planning.capacity) and the rack basis."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from retrofit.planning.basis import facility_coolant_for, facility_setpoint_k, plan_basis, rack_basis
from retrofit.planning.capacity import (RackLoad, block_capacity, cdu_racks, exhaust_air_racks, fault_current_lv_a,
                                        hr_capacity_at_design, hr_units_needed, racks_per_group, voltage_factor)
from retrofit.planning.piping import SCHEDULE_40_ID_MM, pipe_for_flow
from retrofit.model import HeatRejection
from retrofit.catalog import load_catalog
from retrofit.testing import tolerance


@pytest.mark.parametrize("kva, volts, ka", [(2500, 415, 60.5), (2500, 480, 52.3), (1000, 480, 20.9), (3750, 415, 90.7)])
def test_fault_current_matches_the_domain_data_table(kva, volts, ka):
    # the project's own hand calculation (a consistency check, no publication): I = kVA / (sqrt3 V) / Z with
    # Z = 5.75 % (IEEE C57.12.00 nominal), infinite source, printed to 3 figures
    ik = fault_current_lv_a(kva * 1e3, 5.75, 8.0, volts, 1e15, 10.0, c_max=1.0)
    assert ik / 1e3 == tolerance("printed_3sf").approx(ka)


def test_fault_current_falls_with_a_weaker_source():
    stiff = fault_current_lv_a(2.5e6, 5.75, 8.0, 415.0, 1e15, 10.0)
    weak = fault_current_lv_a(2.5e6, 5.75, 8.0, 415.0, 300e6, 12.0)
    assert weak < stiff
    assert stiff == pytest.approx(1.1 * 2.5e6 / (math.sqrt(3) * 415) / 0.0575, rel=1e-6)


def test_block_capacity_of_the_washington_415v_blocks():
    # 2.5 MVA at 120 % = 3000 kVA; 4000 A bus = 2875 kVA; 4000 A breaker at 80 % = 3200 A = 2300 kVA
    cap = block_capacity(2.5e6, 415.0, 4000.0, 3200.0, 1.0, 1.2)
    assert cap.limited_by == "main breaker"
    assert cap.contingency_va == pytest.approx(math.sqrt(3) * 415 * 3200, rel=1e-12)
    assert cap.transformer_va == pytest.approx(3.0e6)
    with_drop = block_capacity(2.5e6, 415.0, 4000.0, 3200.0, 1.0, 1.2, 5.75, 8.0)
    u = voltage_factor(with_drop.contingency_va / with_drop.contingency_va * cap.contingency_va / 2.5e6, 5.75, 8.0)
    assert with_drop.contingency_va == pytest.approx(cap.contingency_va * u, rel=1e-12)


def test_voltage_factor_is_the_regulation_formula():
    # r = 5.75 / sqrt(65) %, x = 8 r; at full load and PF 0.98: 1 - (r 0.98 + x 0.199) - 0.5 %
    r = 0.0575 / math.sqrt(65)
    assert voltage_factor(1.0, 5.75, 8.0) == pytest.approx(1 - (r * 0.98 + 8 * r * math.sqrt(1 - 0.98 ** 2)) - 0.005)


LOAD = RackLoad(158_163.0, 25_510.0, 8, 1)


def test_rack_load_counts_the_network_racks_a_run_may_hold():
    # 13 compute racks span at most ceil(13/8) + 1 = 3 SUs, so 3 network racks
    assert LOAD.demand_va(13) == pytest.approx(13 * 158_163.0 + 3 * 25_510.0)
    assert LOAD.fit(LOAD.demand_va(13)) == 13
    assert LOAD.fit(LOAD.demand_va(13) - 1.0) == 12


def test_racks_per_group_by_policy():
    cap = block_capacity(2.5e6, 415.0, None, 1e9, 1.0, 1.2)
    assert racks_per_group(cap, LOAD, "2N") == (LOAD.fit(3.0e6), 2)
    assert racks_per_group(cap, LOAD, "N") == (LOAD.fit(2.5e6), 1)
    assert racks_per_group(cap, LOAD, "N+1") == (3 * LOAD.fit(2.0e6), 3)


@settings(max_examples=60, deadline=None)
@given(normal=st.floats(5e5, 5e6), ratio=st.floats(1.0, 1.5))
def test_distributed_redundancy_survives_any_one_block(normal, ratio):
    """3-to-make-2: sub-groups AB, BC, CA of g racks; after losing A, B carries AB whole and half of BC."""
    cap = block_capacity(normal, 415.0, None, 1e12, 1.0, ratio)
    racks, blocks = racks_per_group(cap, LOAD, "block_redundant")
    g = racks // 3
    assert blocks == 3 and racks % 3 == 0
    assert LOAD.demand_va(g) * 1.5 <= cap.contingency_va + 1e-6 or 1.5 * g * LOAD.compute_va <= cap.contingency_va
    assert g * LOAD.compute_va <= cap.normal_va


def test_cdu_racks_by_flow_and_by_derated_capacity(washington):
    basis = plan_basis(washington)
    # CoolIT CHx2000: 2,125 L/min over 166.1 L/min per rack -> 12 racks; 2,000 kW / 127.8 kW -> 15
    racks, limited = cdu_racks(2.0e6, 5.0, 2125 / 6e4, basis)
    assert (racks, limited) == (12, "flow")
    # at a 2.5 K approach (half the rated 5 K) the capacity halves: 1,000 kW / 127.8 kW -> 7
    from dataclasses import replace
    tight = replace(basis, t_fws_k=basis.t_tcs_k - 2.5)
    assert cdu_racks(2.0e6, 5.0, 1.0, tight) == (7, "capacity")


def test_facility_setpoint_leaves_room_for_the_crahs(washington):
    t, why = facility_setpoint_k(washington.goal.criteria)
    assert t - 273.15 == 30.0  # 35 degC inlet limit - 3 K coil approach - 2 K margin
    assert "CRAH" in why


def test_facility_coolant_covers_the_extreme_minimum():
    name, why = facility_coolant_for(273.15 - 27.0, 5.0)
    assert name == "PG50" and "below the extreme minimum" in why
    assert facility_coolant_for(273.15 + 5.0, 5.0)[0] == "water"


def test_facility_coolant_is_the_weakest_mix_that_keeps_the_margin():
    # Moses Lake n20 minimum -30.7 degC (ASHRAE 2013): PG50 (-32.2 degC, CoolProp) leaves 1.5 K, PG55 (-40.2) 9.5 K
    name, why = facility_coolant_for(273.15 - 30.7, 5.0)
    assert name == "PG55" and "9.5 K below the extreme minimum -30.7 °C" in why
    assert facility_coolant_for(273.15 - 40.0, 5.0)[0] == "PG60"  # PG55 leaves 0.2 K, PG60 (-50.0) 10.0 K
    name, why = facility_coolant_for(273.15 - 46.0, 5.0)       # beyond the fit's 60 wt %: strongest, with the remedy
    assert name == "PG60" and "drain-down or heat tracing" in why


def test_rack_suits_only_a_wye_inside_its_input_range(washington):
    rack = rack_basis("gb300-nvl72", washington.goal.criteria)
    net = rack_basis("network-rack-25kw", washington.goal.criteria)
    assert rack.suits(415.0, True)[0] and "240 V line to neutral is inside 200–277 V" in rack.suits(415.0, True)[1]
    ok, why = rack.suits(480.0, False)
    assert not ok and "without neutral" in why
    assert rack.suits(480.0, True)[0] and not net.suits(480.0, True)[0]  # 277 V suits GB300, not 240 V switch PSUs
    assert not rack.suits(208.0, True)[0]  # 120 V line to neutral


def test_exhaust_fans_cannot_serve_racks_above_the_inlet_limit(washington):
    basis = plan_basis(washington)
    n, why = exhaust_air_racks(1000.0, basis)
    assert n == 0 and "42.5 °C" in why  # Moses Lake n20 extreme dry bulb (ASHRAE 2013)
    from dataclasses import replace
    mild = replace(basis, ambient=replace(basis.ambient, t_dry_bulb_k=273.15 + 25.0))
    assert exhaust_air_racks(1000.0, mild)[0] > 0


def test_heat_rejection_capacity_at_the_design_ambient(washington):
    basis = plan_basis(washington)
    cat = load_catalog()
    dry = HeatRejection(id="d", loop="f", **cat.get("dry-cooler-1000kw").data)
    wet = HeatRejection(id="a", loop="f", **cat.get("adiabatic-cooler-1000kw").data)
    assert hr_capacity_at_design(dry, basis) == 0.0  # 42.5 degC air cannot cool 30 degC water
    one = hr_capacity_at_design(wet, basis)
    assert 0 < one < 1e6
    n = hr_units_needed(wet, 5e6, basis, 1)
    assert hr_capacity_at_design(wet, basis, n - 1, 5e6) >= 5e6 > hr_capacity_at_design(wet, basis, n - 2, 5e6)


@settings(max_examples=50, deadline=None)
@given(flow=st.floats(1e-4, 0.9))
def test_pipe_for_flow_is_the_smallest_that_keeps_the_velocity(flow):
    pipe = pipe_for_flow(flow, 2.5)
    v = 4 * flow / (math.pi * pipe.diameter_m ** 2)
    sizes = sorted(SCHEDULE_40_ID_MM.values())
    if pipe.diameter_m * 1e3 < sizes[-1]:
        assert v <= 2.0 + 1e-12
    smaller = [d for d in sizes if d < pipe.diameter_m * 1e3 - 1e-9]
    if smaller:
        assert 4 * flow / (math.pi * (smaller[-1] / 1e3) ** 2) > 2.0


def _model_that_raises(exc):
    from retrofit.cooling import heat_rejection as hr

    real = hr.heat_rejection_model("adiabatic_cooler")

    def perf(*args, **kwargs):
        raise exc

    return lambda name: type(real)(**{**{f: getattr(real, f) for f in real.__dataclass_fields__}, "performance": perf})


def test_a_bug_in_a_heat_rejection_model_is_an_internal_error_not_zero_capacity(washington, monkeypatch):
    from retrofit.errors import InternalError, OutOfRange
    from retrofit.planning import capacity

    basis = plan_basis(washington)
    wet = HeatRejection(id="a", loop="f", **load_catalog().get("adiabatic-cooler-1000kw").data)
    monkeypatch.setattr(capacity.hr, "heat_rejection_model", _model_that_raises(KeyError("t_wet_bulb_k")))
    with pytest.raises(InternalError, match="heat-rejection model adiabatic_cooler"):
        hr_capacity_at_design(wet, basis)
    # the one expected refusal, a design ambient outside the model's validity range, is no capacity
    monkeypatch.setattr(capacity.hr, "heat_rejection_model", _model_that_raises(OutOfRange("t_dry_bulb_k")))
    assert hr_capacity_at_design(wet, basis) == 0.0


def test_units_needed_has_no_count_cap_and_says_when_no_count_will_do(washington):
    basis = plan_basis(washington)
    cat = load_catalog()
    wet = HeatRejection(id="a", loop="f", **cat.get("adiabatic-cooler-1000kw").data)
    dry = HeatRejection(id="d", loop="f", **cat.get("dry-cooler-1000kw").data)
    heat = 3.0e9  # a 3 GW plant: thousands of 1 MW units, beyond any fixed cap
    n = hr_units_needed(wet, heat, basis, 0)
    assert n is not None and n > 2000
    assert hr_capacity_at_design(wet, basis, n, heat) >= heat > hr_capacity_at_design(wet, basis, n - 1, heat)
    assert hr_units_needed(dry, 1e6, basis, 0) is None  # 42.5 degC air cannot cool 30 degC water at all


def test_units_holding_the_setpoint_reject_exactly_the_load(washington):
    """Regression pin: the Washington plant's heat (116 racks' worth, 16.83 MW) on PG55, whose c_p made
    n m_u c_p ΔT round a few ulps below the load: no count of units was found and the planner had no heat
    rejection to choose from. Units that hold the setpoint now give the load itself."""
    from dataclasses import replace
    basis = replace(plan_basis(washington), facility_coolant="PG55")
    wet = HeatRejection(id="a", loop="f", **load_catalog().get("adiabatic-cooler-1000kw").data)
    heat = 16_834_500.0
    assert hr_capacity_at_design(wet, basis, 64, heat) == heat
    n = hr_units_needed(wet, heat, basis, 0)
    assert n is not None and hr_capacity_at_design(wet, basis, n, heat) == heat > hr_capacity_at_design(wet, basis, n - 1, heat)
