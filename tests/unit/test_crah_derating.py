"""CRAH capacity derated with the entering water temperature.

No manufacturer's table of CRAH capacity at several water temperatures was found, so the derating is
the documented physical method of :func:`retrofit.cooling.air.coil_capacity_at_entering_water` (ε-NTU at
the rated flows, UA and effectiveness of the nameplate point). These are consistency checks of that
method and of its use in the hall's air balance, not validation.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import retrofit
from retrofit.cooling import heat_exchange as hx
from retrofit.cooling.air import coil_capacity_at_entering_water
from retrofit.cooling.air_balance import residual_air
from retrofit.cooling.case import prepare_cooling
from retrofit.errors import OutOfRange

PILOT = Path(__file__).parents[2] / "examples" / "pilot-hall" / "design.yaml"
C0 = 273.15


def test_the_capacity_follows_the_inlet_temperature_difference_at_fixed_flows():
    # a coil rated 150 kW with air 35 -> 23 degC (C_air = 12.5 kW/K) and water 20 -> 30 degC (15 kW/K)
    c_air, c_water = 150e3 / 12.0, 150e3 / 10.0
    eps = 150e3 / (c_air * 15.0)
    ua = float(hx.ntu_from_effectiveness(eps, c_air / c_water, "counterflow")) * c_air
    # the same coil, same flows, 26 degC water: ε-NTU from its UA gives the ratio of the temperature differences
    q = float(hx.hx_outlet_temperatures(35.0 + C0, 26.0 + C0, c_air, c_water, ua).q_w)
    assert coil_capacity_at_entering_water(150e3, 20 + C0, 35 + C0, 26 + C0, 35 + C0) == pytest.approx(q, rel=1e-9)
    assert q == pytest.approx(150e3 * 9.0 / 15.0, rel=1e-9)


def test_no_credit_above_the_nameplate_and_none_below_zero():
    assert coil_capacity_at_entering_water(150e3, 20 + C0, 35 + C0, 15 + C0, 40 + C0) == 150e3
    assert coil_capacity_at_entering_water(150e3, 20 + C0, 35 + C0, 36 + C0, 35 + C0) == 0.0
    with pytest.raises(OutOfRange):
        coil_capacity_at_entering_water(150e3, 35 + C0, 35 + C0, 20 + C0, 35 + C0)


@pytest.fixture(scope="module")
def pilot_case():
    return prepare_cooling(retrofit.load(PILOT))


def test_warm_water_derates_the_crahs_of_the_hall(pilot_case):
    case = pilot_case
    cool = residual_air(case.design, case.governing, case.duties, 30.0 + C0)["hall-1"]
    # return air: the 35 degC allowed inlet + the racks' 15 K rise = 50 degC; 30 degC water leaves 20 K of
    # the rating's 15 K: the nameplate holds
    assert cool["crah_return_air_c"] == 50.0 and cool["crah_capacity_factor"] == 1.0
    warm = residual_air(case.design, case.governing, case.duties, 41.0 + C0)["hall-1"]
    assert warm["crah_capacity_factor"] == pytest.approx(9.0 / 15.0, abs=1e-4)
    assert warm["room_capacity_kw"] == pytest.approx(0.6 * cool["room_capacity_kw"], rel=1e-3)
    hot = residual_air(case.design, case.governing, case.duties, 50.0 + C0)["hall-1"]
    assert hot["crah_capacity_factor"] == 0.0
    assert hot["removed_in_room_kw"] == 0.0
