"""Film-coefficient correlations and the correction of a rated UA for another fluid (consistency
checks; the published example is tests/validation/incropera_8_6)."""
import math

import pytest

from retrofit.cooling.coolant import coolant
from retrofit.cooling.film_coefficients import (
    FluidState,
    dittus_boelter_nusselt,
    film_coefficient_ratio,
    gnielinski_nusselt,
    ua_for_film_ratios,
)
from retrofit.errors import OutOfRange, UnknownMethod
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")

WATER = FluidState(994.0, 0.72e-3, 0.62, 4178.0)
GLYCOL = FluidState(1040.0, 2.9e-3, 0.42, 3600.0)


def test_dittus_boelter_ratio_is_its_closed_form():
    r = film_coefficient_ratio(WATER, GLYCOL, re_rated=4.0e4)
    re_ratio = (GLYCOL.density / WATER.density) * (WATER.viscosity / GLYCOL.viscosity)
    expected = (GLYCOL.conductivity / WATER.conductivity) * re_ratio ** 0.8 * (GLYCOL.prandtl / WATER.prandtl) ** 0.4
    assert r == EXACT.approx(expected)
    assert r < 1.0  # a more viscous, less conductive fluid films worse


def test_gnielinski_and_dittus_boelter_agree_in_their_common_range():
    # both describe fully developed turbulent flow; Incropera et al. (6th ed., Sec. 8.5) put the error of
    # Dittus-Boelter at up to 25 % and Gnielinski's at 10 %: they differ by at most the sum
    for re in (1.0e4, 5.0e4, 2.0e5):
        for pr in (0.7, 5.0, 30.0):
            assert gnielinski_nusselt(re, pr) == pytest.approx(dittus_boelter_nusselt(re, pr), rel=0.35)


def test_ua_for_film_ratios():
    assert ua_for_film_ratios(1.0, 1.0, 1.0) == EXACT.approx(1.0)
    assert ua_for_film_ratios(1.0, 0.5, 0.5) == EXACT.approx(0.5)
    assert ua_for_film_ratios(1.0, 1.0, 0.5, hot_resistance_fraction=0.25) == EXACT.approx(1.0 / (0.25 + 0.75 / 0.5))


def test_out_of_range_and_unknown_names():
    with pytest.raises(OutOfRange, match="Re"):
        dittus_boelter_nusselt(5000.0, 5.0)
    with pytest.raises(UnknownMethod, match="gnielinski"):
        film_coefficient_ratio(WATER, GLYCOL, re_rated=4e4, correlation="sieder_tate")


def test_pg50_against_pg25_from_the_coolant_library():
    """PG50 runs a PG25-rated exchanger side with a lower film coefficient (a factor well below 1)."""
    t = 308.15

    def state(name):
        f = coolant(name)
        return FluidState(float(f.density(t)), float(f.viscosity(t)), float(f.conductivity(t)), float(f.specific_heat(t)))

    r = film_coefficient_ratio(state("PG25"), state("PG50"), re_rated=5.0e4)
    assert 0.3 < r < 0.9 and math.isfinite(r)
