"""The rated UA of CDUs and coolers corrected for the coolant they run on (rating fluid -> loop fluid).

Consistency checks of the project's own model: the fluid ratio is Dittus-Boelter evaluated twice
(validated against Incropera et al., 6th ed., Example 8.6 in tests/validation/incropera_8_6), the
corrected conductance splits its resistance as the series-film model says, and the analysis of the pilot
carries the factor into the CDU and heat-rejection results.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import retrofit
from retrofit.cooling import analysis as an
from retrofit.cooling.balance import film_ratio, fluid_state
from retrofit.cooling.film_coefficients import (corrected_conductance, dittus_boelter_fluid_ratio,
                                                film_coefficient_ratio)

PILOT = Path(__file__).parents[2] / "examples" / "pilot-hall" / "design.yaml"
T_MEAN_K = 308.15


def test_the_fluid_ratio_is_the_channel_ratio_at_equal_mass_flow():
    water, pg50 = fluid_state("water", T_MEAN_K), fluid_state("PG50", T_MEAN_K)
    same_mass_flow = water.density / pg50.density
    expected = film_coefficient_ratio(water, pg50, same_mass_flow, re_rated=5.0e4, heating=True)
    assert dittus_boelter_fluid_ratio(water, pg50, heating=True) == pytest.approx(expected, rel=1e-12)


def test_a_more_viscous_coolant_lowers_the_film_coefficient():
    rated, ratio = film_ratio("PG25", "PG50", T_MEAN_K, heating=True)
    assert rated.viscosity < fluid_state("PG50", T_MEAN_K).viscosity
    assert 0.3 < ratio < 1.0
    assert film_ratio(None, "PG50", T_MEAN_K, heating=True)[1] == 1.0
    assert film_ratio("PG50", "PG50", T_MEAN_K, heating=True)[1] == 1.0


def test_the_corrected_conductance_keeps_each_resistance_where_it_is():
    ua, f_hot = corrected_conductance(400e3, 1.0, 0.6, 0.5)
    # 1/UA = 0.5/UA_r + 0.5/(0.6 UA_r); the hot side's share is its unchanged resistance over the total
    assert 1.0 / ua == pytest.approx(0.5 / 400e3 + 0.5 / (0.6 * 400e3), rel=1e-12)
    assert f_hot == pytest.approx((0.5 / 400e3) * ua, rel=1e-12)


@pytest.fixture(scope="module")
def pilot_on_water_rated_units():
    base = retrofit.load(PILOT)
    cooling = base.cooling
    cdus = [c.model_copy(update={"coolant_fws_rated": "water"}) for c in cooling.cdus]
    units = [u.model_copy(update={"coolant_rated": "water"}) for u in cooling.heat_rejection]
    design = base.model_copy(update={"cooling": cooling.model_copy(update={"cdus": cdus, "heat_rejection": units})})
    return an.analyze_cooling(base), an.analyze_cooling(design)


def test_the_analysis_reports_the_factor_and_derates_the_units(pilot_on_water_rated_units):
    as_is, corrected = pilot_on_water_rated_units
    for cid, cdu in corrected["cdus"].items():
        assert as_is["cdus"][cid]["ua_fluid_factor"] == 1.0
        assert cdu["coolant_facility_rated"] == "water"
        r = cdu["film_ratio_facility"]
        assert r < 1.0
        # equal film resistances at the rating: UA factor 1 / (0.5 + 0.5 / r)
        assert cdu["ua_fluid_factor"] == pytest.approx(1.0 / (0.5 + 0.5 / r), abs=2e-4)
    for uid, unit in corrected["heat_rejection"].items():
        assert unit["film_ratio_fluid"] < 1.0 and unit["ua_fluid_factor"] < 1.0
        # rated on water, run on PG50: a lower capacity at the design ambient than the same unit rated on PG50
        assert unit["capacity_design_kw"] < as_is["heat_rejection"][uid]["capacity_design_kw"]
