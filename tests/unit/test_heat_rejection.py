"""Unit tests of the heat-rejection models: rated points, monotonic trends, control, registry."""
import dataclasses

import numpy as np
import pytest

from retrofit.cooling import heat_rejection as hr
from retrofit.cooling.chillers import AirCooledChillerRating, air_cooled_chiller, chiller_capacity, chiller_cop
from retrofit.cooling.cooling_towers import CoolingTowerRating, cooling_tower
from retrofit.cooling.fluid_coolers import AdiabaticCoolerRating, DryCoolerRating, adiabatic_cooler, dry_cooler
from retrofit.errors import OutOfRange, UnknownMethod
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")
C = 273.15
CP_GLYCOL = 3950.0
CP_WATER = 4186.0

def _fields(rating):
    return {f.name: getattr(rating, f.name) for f in dataclasses.fields(rating)}


DRY = DryCoolerRating(q_rated_w=1.0e6, t_fluid_in_rated_k=45.0 + C, flow_fluid_rated_kg_s=42.2,
                      cp_fluid_rated_j_kg_k=CP_GLYCOL, t_dry_bulb_rated_k=30.0 + C, airflow_rated_m3_s=110.0,
                      fan_power_rated_w=20e3)
ADIABATIC_DRY_RATED = AdiabaticCoolerRating(**{**_fields(DRY), "t_wet_bulb_rated_k": 20.0 + C,
                                                "t_switch_over_k": 32.0 + C})
ADIABATIC_WET_RATED = AdiabaticCoolerRating(**{**_fields(DRY), "t_dry_bulb_rated_k": 35.0 + C,
                                                "t_wet_bulb_rated_k": 21.0 + C, "t_switch_over_k": 25.0 + C,
                                                "rated_wet": True})
TOWER_FLOW = 1.0e6 / (CP_WATER * 5.5)
TOWER = CoolingTowerRating(q_rated_w=1.0e6, t_water_in_rated_k=24.0 + 5.0 + 5.5 + C,
                           flow_water_rated_kg_s=TOWER_FLOW, cp_water_rated_j_kg_k=CP_WATER,
                           t_wet_bulb_rated_k=24.0 + C, fan_power_rated_w=15e3)
CHILLER = AirCooledChillerRating(q_rated_w=1.0e6, cop_rated=3.2)


def test_dry_cooler_rated_point():
    p = dry_cooler(DRY, 45.0 + C, 42.2, CP_GLYCOL, 30.0 + C)
    assert p.heat_w == EXACT.approx(1.0e6)
    assert p.electric_power_w == EXACT.approx(20e3)
    assert p.t_fluid_out_k == EXACT.approx(45.0 + C - 1.0e6 / (42.2 * CP_GLYCOL))
    assert p.water_kg_s == 0.0


def test_adiabatic_rated_points_dry_and_wet():
    dry_mode = adiabatic_cooler(ADIABATIC_DRY_RATED, 45.0 + C, 42.2, CP_GLYCOL, 30.0 + C, 20.0 + C)
    assert dry_mode.heat_w == EXACT.approx(1.0e6)
    assert dry_mode.water_kg_s == 0.0
    wet_mode = adiabatic_cooler(ADIABATIC_WET_RATED, 45.0 + C, 42.2, CP_GLYCOL, 35.0 + C, 21.0 + C)
    assert wet_mode.heat_w == EXACT.approx(1.0e6)
    assert wet_mode.water_kg_s > 0.0


def test_adiabatic_water_is_the_evaporated_mass():
    """Pads cool the air by ΔT at constant wet bulb: the evaporated water carries that sensible heat."""
    r = ADIABATIC_DRY_RATED
    p = adiabatic_cooler(r, 45.0 + C, 42.2, CP_GLYCOL, 38.0 + C, 22.0 + C)
    dt_pad = r.pad_effectiveness * 16.0
    # dry-air mass flow times cp times pad cooling, over the latent heat at the wet bulb (~2.45 MJ/kg)
    sensible = 110.0 * 1.10 * 1010.0 * dt_pad
    assert 0.9 < p.water_kg_s * 2.45e6 / sensible < 1.1


def test_tower_rated_point_and_approach():
    p = cooling_tower(TOWER, 34.5 + C, TOWER_FLOW, CP_WATER, None, 24.0 + C)
    assert p.heat_w == EXACT.approx(1.0e6)
    assert p.t_fluid_out_k - (24.0 + C) == EXACT.approx(5.0)  # median open-tower approach, Energies 2023, 16(9), 3661
    assert p.electric_power_w / p.heat_w == pytest.approx(0.015)  # inside 0.012-0.021 kWel/kWth
    evaporation = p.water_kg_s * (TOWER.cycles_of_concentration - 1.0) / TOWER.cycles_of_concentration
    assert 0.6 < evaporation * 2.42e6 / p.heat_w < 1.0  # mostly latent


def test_closed_tower_is_registered_on_the_same_model():
    closed = hr.heat_rejection_model("cooling_tower_closed")
    rating = CoolingTowerRating(1.0e6, 24.0 + 6.5 + 5.5 + C, TOWER_FLOW, CP_WATER, 24.0 + C, 20e3)
    p = closed.performance(rating, 36.0 + C, TOWER_FLOW, CP_WATER, None, 24.0 + C, 0.0, 1.0)
    assert p.heat_w == EXACT.approx(1.0e6)


def test_chiller_rated_point():
    flow = 1.0e6 / (CP_WATER * 5.0)
    p = air_cooled_chiller(CHILLER, 6.7 + 5.0 + C, flow, CP_WATER, 35.0 + C)
    assert p.heat_w == EXACT.approx(1.0e6)
    assert p.t_fluid_out_k == EXACT.approx(6.7 + C)
    assert p.electric_power_w == EXACT.approx(1.0e6 / 3.2)
    assert p.heat_to_ambient_w == EXACT.approx(1.0e6 * (1.0 + 1.0 / 3.2))
    assert chiller_cop(CHILLER, 6.7 + C, 35.0 + C) == EXACT.approx(3.2)


def test_chiller_capacity_and_cop_trends():
    t_amb = np.array([20.0, 30.0, 35.0, 40.0, 45.0]) + C
    cop = chiller_cop(CHILLER, 6.7 + C, t_amb)
    cap = chiller_capacity(CHILLER, 6.7 + C, t_amb)
    assert np.all(np.diff(cop) < 0) and np.all(np.diff(cap) < 0)
    assert chiller_capacity(CHILLER, 30.0 + C, 35.0 + C) == EXACT.approx(
        chiller_capacity(CHILLER, CHILLER.t_leaving_max_k, 35.0 + C))


@pytest.mark.parametrize("model, rating, wet_bulb_depression", [
    ("dry_cooler", DRY, 10.0),
    ("adiabatic_cooler", ADIABATIC_WET_RATED, 12.0),
    ("air_cooled_chiller", CHILLER, 10.0),
])
def test_capacity_falls_with_dry_bulb(model, rating, wet_bulb_depression):
    perf = hr.heat_rejection_model(model).performance
    t_db = np.linspace(26.0, 44.0, 10) + C  # adiabatic stays in wet mode above 25 °C
    t_in = 12.0 + C if model == "air_cooled_chiller" else 48.0 + C
    q = perf(rating, t_in, 42.2, CP_GLYCOL, t_db, t_db - wet_bulb_depression, 379.0, 1.0).heat_w
    assert np.all(np.diff(q) < 0.0)


def test_tower_capacity_falls_with_wet_bulb():
    t_wb = np.linspace(5.0, 30.0, 11) + C
    q = cooling_tower(TOWER, 36.0 + C, TOWER_FLOW, CP_WATER, t_wb + 8.0, t_wb, 0.0, 1.0).heat_w
    assert np.all(np.diff(q) < 0.0)


def test_altitude_lowers_dry_cooler_capacity():
    q = [dry_cooler(DRY, 45.0 + C, 42.2, CP_GLYCOL, 30.0 + C, altitude_m=z).heat_w for z in (0.0, 379.0, 1500.0)]
    assert q[0] > q[1] > q[2]


def test_fan_cube_law():
    p = dry_cooler(DRY, 45.0 + C, 42.2, CP_GLYCOL, 30.0 + C, speed=0.5)
    assert p.electric_power_w == EXACT.approx(20e3 / 8.0)
    assert dry_cooler(DRY, 45.0 + C, 42.2, CP_GLYCOL, 30.0 + C, speed=0.0).heat_w == 0.0


@pytest.mark.parametrize("model, rating, t_in, setpoint, ambient", [
    ("dry_cooler", DRY, 45.0 + C, 38.0 + C, (20.0 + C, None)),
    ("adiabatic_cooler", ADIABATIC_WET_RATED, 45.0 + C, 40.0 + C, (33.0 + C, 20.0 + C)),
    ("cooling_tower_open", TOWER, 34.5 + C, 31.0 + C, (30.0 + C, 20.0 + C)),
    ("air_cooled_chiller", CHILLER, 12.0 + C, 8.0 + C, (35.0 + C, None)),
])
def test_control_holds_setpoint(model, rating, t_in, setpoint, ambient):
    flow = TOWER_FLOW if model.startswith("cooling") else 42.2
    p = hr.control_to_setpoint(model, rating, t_in, flow, CP_WATER, *ambient, 0.0, setpoint)
    assert 0.0 < p.speed < 1.0
    assert p.t_fluid_out_k == EXACT.approx(setpoint)
    assert p.heat_w == EXACT.approx(flow * CP_WATER * (t_in - setpoint))


def test_control_saturates_and_switches_off():
    hot = hr.control_to_setpoint("dry_cooler", DRY, 45.0 + C, 42.2, CP_GLYCOL, 40.0 + C, None, 0.0, 35.0 + C)
    assert hot.speed == 1.0 and hot.t_fluid_out_k > 35.0 + C
    cold_water = hr.control_to_setpoint("dry_cooler", DRY, 30.0 + C, 42.2, CP_GLYCOL, 20.0 + C, None, 0.0, 32.0 + C)
    assert cold_water.speed == 0.0 and cold_water.heat_w == 0.0
    hot_air = hr.control_to_setpoint("dry_cooler", DRY, 40.0 + C, 42.2, CP_GLYCOL, 45.0 + C, None, 0.0, 35.0 + C)
    assert hot_air.speed == 0.0 and hot_air.t_fluid_out_k == 40.0 + C


def test_stacked_ratings_match_single_units():
    other = DryCoolerRating(2.0e6, 48.0 + C, 80.0, CP_GLYCOL, 35.0 + C, 230.0, 38e3)
    bank = hr.stack_ratings([DRY, other])
    together = dry_cooler(bank, 44.0 + C, np.array([40.0, 75.0]), CP_GLYCOL, 32.0 + C, None, 379.0, 1.0)
    for i, r in enumerate((DRY, other)):
        alone = dry_cooler(r, 44.0 + C, [40.0, 75.0][i], CP_GLYCOL, 32.0 + C, None, 379.0, 1.0)
        assert together.heat_w[i] == EXACT.approx(alone.heat_w)


def test_registry_and_ranges():
    with pytest.raises(UnknownMethod, match="dry_cooler"):
        hr.heat_rejection_model("hybrid_cooler")
    with pytest.raises(OutOfRange):
        dry_cooler(DRY, 45.0 + C, 42.2, CP_GLYCOL, 60.0 + C)
    with pytest.raises(OutOfRange):
        cooling_tower(TOWER, 34.5 + C, TOWER_FLOW, CP_WATER, None, 40.0 + C)
    with pytest.raises(OutOfRange):  # 1 MW cannot cross 1 K of temperature difference
        DryCoolerRating(1.0e6, 31.0 + C, 42.2, CP_GLYCOL, 30.0 + C, 110.0, 20e3).ua_rated_w_k
    with pytest.raises(OutOfRange):
        hr.stack_ratings([DRY, DryCoolerRating(**{**_fields(DRY), "arrangement": "counterflow"})])
