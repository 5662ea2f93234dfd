"""Unit tests of the plant balance: energy closure, control regimes, N-1 helpers, monotonicity, speed."""
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrofit.cooling import heat_exchange as hx
from retrofit.cooling.chillers import AirCooledChillerRating
from retrofit.cooling.cooling_towers import CoolingTowerRating
from retrofit.cooling.fluid_coolers import DryCoolerRating
from retrofit.cooling import plant as pl
from retrofit.cooling.plant_contingencies import (
    n_minus_1_cdus,
    n_minus_1_units,
    solve_with_cdu_out,
    solve_with_unit_out,
)
from retrofit.cooling.plant_records import Ambient, CduBank, FacilityLoop, RejectionUnit, worst_cdu_text
from retrofit.errors import OutOfRange
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")
C = 273.15
CP_TCS, CP_FWS = 3957.0, 4180.0  # PG25 at 35 °C (computed: CoolProp 8.0.0 INCOMP::MPG[0.25], 2 bar), water (round value)
DRY = DryCoolerRating(q_rated_w=2.0e6, t_fluid_in_rated_k=45.0 + C, flow_fluid_rated_kg_s=2.0e6 / (CP_FWS * 8.0),
                      cp_fluid_rated_j_kg_k=CP_FWS, t_dry_bulb_rated_k=35.0 + C, airflow_rated_m3_s=230.0,
                      fan_power_rated_w=40e3)
TOWER = CoolingTowerRating(q_rated_w=2.0e6, t_water_in_rated_k=24.0 + 5.0 + 6.0 + C,
                           flow_water_rated_kg_s=2.0e6 / (CP_FWS * 6.0), cp_water_rated_j_kg_k=CP_FWS,
                           t_wet_bulb_rated_k=24.0 + C, fan_power_rated_w=30e3)


def make_cdus(n=12, heat_w=1.3e6, setpoint_c=30.0, rng=None):
    heat = np.full(n, heat_w) if rng is None else rng.uniform(0.4, 1.0, n) * heat_w
    m_tcs, m_fws = heat_w / (CP_TCS * 10.0), heat_w / (CP_FWS * 10.0)
    ua_rated = hx.ua_from_rated_approach(2.0e6, 2.0e6 / 10.0, 2.0e6 / 10.0, 5.0)  # CHx2000-like: 2 MW at 5 K
    ua = hx.ua_at_flows(ua_rated, m_tcs, m_fws, 2.0e6 / (CP_TCS * 10.0), 2.0e6 / (CP_FWS * 10.0))
    return CduBank(heat, m_tcs, CP_TCS, m_fws, CP_FWS, ua, setpoint_c + C, pump_heat_w=4e3)


def dry_units(count):
    return [RejectionUnit("dry_cooler", DRY) for _ in range(count)]


LOOP = FacilityLoop(t_supply_setpoint_k=25.0 + C, pump_heat_w=150e3)


def assert_closes(result):
    assert result.heat_rejected_w == pytest.approx(result.heat_load_w, rel=1e-9)
    assert abs(result.energy_balance_residual_w) <= 1e-9 * result.heat_load_w


def test_setpoint_held_on_a_mild_day():
    cdus = make_cdus()
    r = pl.solve_plant(cdus, dry_units(10), Ambient(15.0 + C, None, 379.0), LOOP)
    assert r.converged and r.setpoint_held
    assert r.t_facility_supply_k == EXACT.approx(25.0 + C)
    assert np.all(r.units.speed < 1.0) and np.all(r.units.speed > 0.0)
    assert np.all(r.units.t_leaving_k == pytest.approx(25.0 + C, abs=1e-9))
    assert np.all(r.cdus.setpoint_held) and np.all(r.cdus.t_tcs_supply_k == 30.0 + C)
    assert r.heat_load_w == EXACT.approx(12 * (1.3e6 + 4e3) + 150e3)
    assert_closes(r)


def test_supply_floats_when_units_saturate():
    r = pl.solve_plant(make_cdus(), dry_units(10), Ambient(35.0 + C, None, 379.0), LOOP)
    assert r.converged and not r.setpoint_held
    assert r.t_facility_supply_k > 25.0 + C
    assert np.all(r.units.speed == 1.0) and np.all(r.units.loading == 1.0)
    assert "floats" in r.diagnosis
    assert_closes(r)


def test_cdu_that_cannot_hold_its_setpoint_is_reported():
    r = pl.solve_plant(make_cdus(), dry_units(10), Ambient(35.0 + C, None, 379.0), LOOP)
    assert not np.any(r.cdus.setpoint_held)
    assert np.all(r.cdus.excess_k > 0.0)
    assert np.all(r.cdus.t_tcs_supply_k == EXACT.approx(30.0 + C + r.cdus.excess_k))
    assert "cannot hold their TCS supply setpoint" in r.diagnosis


def test_worst_cdu_is_named_by_its_id_not_its_index():
    r = pl.solve_plant(make_cdus(), dry_units(10), Ambient(35.0 + C, None, 379.0), LOOP)
    assert r.worst_cdu == int(np.argmax(r.cdus.excess_k))
    ids = [f"cdu-{k + 1:02d}" for k in range(12)]
    text = worst_cdu_text(r, ids)
    assert text.endswith(f"(worst: {ids[r.worst_cdu]})") and "worst CDU" not in text
    held = pl.solve_plant(make_cdus(), dry_units(40), Ambient(15.0 + C, None, 379.0), LOOP)
    assert held.worst_cdu is None and worst_cdu_text(held, ids) == held.diagnosis


def test_cdu_temperatures_satisfy_the_exchanger():
    cdus = make_cdus()
    r = pl.solve_plant(cdus, dry_units(10), Ambient(35.0 + C, None, 379.0), LOOP)
    a = cdus.arrays()
    state = hx.hx_outlet_temperatures(r.cdus.t_tcs_return_k, r.t_facility_supply_k, a["flow_tcs_kg_s"] * CP_TCS,
                                      a["flow_facility_kg_s"] * CP_FWS, a["ua_w_k"])
    assert state.q_w == EXACT.approx(r.cdus.heat_w)
    assert state.t_hot_out_k == EXACT.approx(r.cdus.t_tcs_supply_k)
    assert state.t_cold_out_k == EXACT.approx(r.cdus.t_facility_return_k)
    assert r.cdus.approach_k == EXACT.approx(r.cdus.t_tcs_supply_k - r.t_facility_supply_k)


def test_infeasible_load_reports_shortfall():
    r = pl.solve_plant(make_cdus(), dry_units(1), Ambient(35.0 + C, None, 379.0),
                       FacilityLoop(25.0 + C, t_supply_max_k=60.0 + C))
    assert not r.converged
    assert r.shortfall_w > 0.0 and "shortfall" in r.diagnosis
    assert r.heat_rejected_w + r.shortfall_w == pytest.approx(r.heat_load_w, rel=1e-9)


def test_trim_chiller_holds_setpoint_and_closes_balance():
    chiller = AirCooledChillerRating(q_rated_w=6.0e6, cop_rated=3.0, t_leaving_max_k=30.0 + C)
    loop = FacilityLoop(25.0 + C, pump_heat_w=150e3, trim_chiller=chiller)
    r = pl.solve_plant(make_cdus(), dry_units(10), Ambient(30.0 + C, None, 379.0), loop)
    assert r.converged and r.setpoint_held
    assert 0.0 < r.chiller.part_load < 1.0
    assert r.chiller.condenser_heat_w == EXACT.approx(r.chiller.heat_w + r.chiller.electric_power_w)
    assert_closes(r)
    without = pl.solve_plant(make_cdus(), dry_units(10), Ambient(30.0 + C, None, 379.0), LOOP)
    assert without.t_facility_supply_k > r.t_facility_supply_k


def test_towers_with_wet_bulb():
    units = [RejectionUnit("cooling_tower_open", TOWER) for _ in range(10)]
    loop = FacilityLoop(t_supply_setpoint_k=30.0 + C, pump_heat_w=150e3)
    r = pl.solve_plant(make_cdus(setpoint_c=35.0), units, Ambient(35.0 + C, 22.0 + C, 379.0), loop)
    assert r.converged and r.setpoint_held
    assert np.all((r.units.speed > 0.0) & (r.units.speed < 1.0))
    assert r.water_kg_s > 0.0
    assert_closes(r)


def test_unit_out_of_service():
    cdus, units, amb = make_cdus(), dry_units(10), Ambient(30.0 + C, None, 379.0)
    base = pl.solve_plant(cdus, units, amb, LOOP)
    r = solve_with_unit_out(cdus, units, 3, amb, LOOP)
    assert np.isnan(r.units.heat_w[3])
    assert np.nansum(r.units.flow_kg_s) == EXACT.approx(np.sum(base.units.flow_kg_s))
    assert r.t_facility_supply_k >= base.t_facility_supply_k
    assert_closes(r)
    assert len(n_minus_1_units(cdus, units[:3], amb, LOOP)) == 3


def test_cdu_out_of_service_shares_its_racks_in_its_group():
    cdus, units, amb = make_cdus(8), dry_units(8), Ambient(20.0 + C, None, 379.0)
    group = np.array([0, 0, 0, 0, 1, 1, 2, 3])
    r = solve_with_cdu_out(cdus, 1, group, units, amb, LOOP)
    assert r.converged
    assert np.isnan(r.cdus.t_tcs_supply_k[1])
    share = (1.3e6) / 3.0
    assert r.cdus.heat_w[[0, 2, 3]] == EXACT.approx(1.3e6 + 4e3 + share)
    assert r.cdus.heat_w[4] == EXACT.approx(1.3e6 + 4e3)
    assert r.heat_load_w == EXACT.approx(8 * 1.3e6 + 7 * 4e3 + 150e3)
    assert_closes(r)
    lone = solve_with_cdu_out(cdus, 6, group, units, amb, LOOP)
    assert not lone.converged and lone.unserved_heat_w == EXACT.approx(1.3e6)
    assert "only CDU of group" in lone.diagnosis
    assert len(n_minus_1_cdus(cdus, group, units, amb, LOOP)) == 8


def test_invalid_inputs_raise():
    bad = CduBank(1e6, 0.0, CP_TCS, 20.0, CP_FWS, 3e5, 30.0 + C)
    with pytest.raises(OutOfRange):
        pl.solve_plant(bad, dry_units(1), Ambient(20.0 + C), LOOP)
    with pytest.raises(OutOfRange, match="wet bulb"):
        pl.solve_plant(make_cdus(), [RejectionUnit("cooling_tower_open", TOWER)], Ambient(20.0 + C), LOOP)


@settings(max_examples=25, deadline=None)
@given(t_low=st.floats(-10.0, 40.0), rise=st.floats(0.1, 10.0), seed=st.integers(0, 2**16),
       n_units=st.integers(4, 12))
def test_hotter_ambient_never_lowers_a_tcs_supply(t_low, rise, seed, n_units):
    cdus = make_cdus(12, rng=np.random.default_rng(seed))
    units = dry_units(n_units)
    loop = FacilityLoop(25.0 + C, pump_heat_w=150e3, t_supply_max_k=95.0 + C)
    cool = pl.solve_plant(cdus, units, Ambient(t_low + C, None, 379.0), loop)
    warm = pl.solve_plant(cdus, units, Ambient(t_low + rise + C, None, 379.0), loop)
    assert np.all(warm.cdus.t_tcs_supply_k >= cool.cdus.t_tcs_supply_k - 1e-9)
    assert warm.t_facility_supply_k >= cool.t_facility_supply_k - 1e-9
    for r in (cool, warm):
        if r.converged:
            assert_closes(r)


def test_campus_scale_under_a_second():
    """~325 MW: 250 CDUs of 1.3 MW (2,500 racks of 130 kW) and 180 dry coolers of 2 MW."""
    cdus = make_cdus(250)
    units = dry_units(180)
    amb = Ambient(35.0 + C, None, 379.0)
    pl.solve_plant(cdus, units, amb, LOOP)  # warm-up (imports, caches)
    start = time.perf_counter()
    r = pl.solve_plant(cdus, units, amb, LOOP)
    elapsed = time.perf_counter() - start
    assert r.converged
    assert_closes(r)
    assert elapsed < 1.0


def test_no_cdu_with_flow_gives_a_diagnosis_not_an_exception():
    """With every CDU out of service the plant cannot be balanced: converged False, the heat unserved."""
    import numpy as np

    from retrofit.cooling.plant import solve_plant
    from retrofit.cooling.plant_records import Ambient, CduBank, FacilityLoop

    bank = CduBank(heat_w=np.array([5e5, 5e5]), flow_tcs_kg_s=20.0, cp_tcs_j_kg_k=3950.0, flow_facility_kg_s=20.0,
                   cp_facility_j_kg_k=3800.0, ua_w_k=2e5, t_tcs_setpoint_k=313.15,
                   in_service=np.array([False, False]))
    result = solve_plant(bank, [], Ambient(308.15), FacilityLoop(303.15))
    assert not result.converged
    assert "no CDU in service" in result.diagnosis
    assert result.unserved_heat_w == 1e6
