"""The bounds the input checks use to skip the coolant property model hold for every coolant it accepts."""
import pytest

from retrofit.cooling.coolant import LOWEST_RHO_CP_30C, MAXIMUM_TEMPERATURE, WATER_FREEZING_POINT, coolant

NAMES = ["water"] + [f"{k}{p}" for k in ("PG", "EG") for p in (1, 10, 25, 40, 50, 60)]


@pytest.mark.parametrize("name", NAMES)
def test_volumetric_heat_capacity_at_30c_is_not_below_the_bound(name):
    fluid = coolant(name)
    assert float(fluid.density(303.15) * fluid.specific_heat(303.15)) >= LOWEST_RHO_CP_30C


@pytest.mark.parametrize("name", NAMES)
def test_every_coolant_is_valid_from_0_to_100_degc(name):
    low, high = coolant(name).valid_range()
    assert low <= WATER_FREEZING_POINT and high >= MAXIMUM_TEMPERATURE


@pytest.mark.parametrize("name", NAMES)
def test_volumetric_heat_capacity_is_not_above_the_bound(name):
    from retrofit.cooling.coolant import HIGHEST_RHO_CP

    fluid = coolant(name)
    for t_c in (5.0, 20.0, 30.0, 45.0, 70.0):
        t = 273.15 + t_c
        assert float(fluid.density(t) * fluid.specific_heat(t)) <= HIGHEST_RHO_CP
