"""Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed. (Wiley, 2007), Example 8.6: hot air
in an uninsulated sheet-metal duct; the inside film coefficient by Dittus-Boelter (Eq. 8.60, n = 0.3:
the air is cooled).

Inputs in the example's own units: mass flow 0.050 kg/s, duct diameter D = 0.15 m, air at 350 K:
mu = 208.2e-7 N s/m2, k = 0.030 W/m K, Pr = 0.70.
Printed: Re_D = 20,384; Nu_D = 57.9; h = 11.6 W/m2 K.
Source: Incropera, DeWitt, Bergman & Lavine, *Fundamentals of Heat and Mass Transfer*,
6th ed., Example 8.6.
Kind: published worked example.
Tolerance: ``printed_4sf`` for Re_D (printed to 5 figures; the example truncates 20,384.9 where rounding
gives 20,385, 5e-5, within it); ``printed_3sf`` for Nu_D and h (3 figures).
The film-coefficient ratio of :func:`film_coefficient_ratio` is this correlation evaluated twice, so
this example validates the correction of a rated UA for another fluid.
"""
from retrofit.cooling.film_coefficients import FluidState, dittus_boelter_nusselt, film_coefficient_ratio, reynolds_number
from retrofit.testing import tolerance

P3 = tolerance("printed_3sf")
P4 = tolerance("printed_4sf")

MASS_FLOW = 0.050  # kg/s
DIAMETER = 0.15  # m
VISCOSITY = 208.2e-7  # N s/m2
CONDUCTIVITY = 0.030  # W/m K
PRANDTL = 0.70


def test_reynolds_number():
    assert reynolds_number(MASS_FLOW, DIAMETER, VISCOSITY) == P4.approx(20384.0)


def test_nusselt_number_of_the_cooled_air():
    re = reynolds_number(MASS_FLOW, DIAMETER, VISCOSITY)
    assert dittus_boelter_nusselt(re, PRANDTL, heating=False) == P3.approx(57.9)


def test_film_coefficient():
    re = reynolds_number(MASS_FLOW, DIAMETER, VISCOSITY)
    h = dittus_boelter_nusselt(re, PRANDTL, heating=False) * CONDUCTIVITY / DIAMETER
    assert h == P3.approx(11.6)


def test_the_ratio_reproduces_the_example_from_another_fluid():
    """h of the example's air over h of a reference fluid is the ratio of their Dittus-Boelter h, so
    the ratio times the reference's h gives the printed 11.6 W/m2 K."""
    cp = PRANDTL * CONDUCTIVITY / VISCOSITY  # the example's Pr with its mu and k
    air = FluidState(1.0, VISCOSITY, CONDUCTIVITY, cp)
    other = FluidState(1.0, 2.0 * VISCOSITY, 1.5 * CONDUCTIVITY, cp)  # Pr 1.33, Re halved
    re_other = reynolds_number(MASS_FLOW, DIAMETER, other.viscosity)
    h_other = dittus_boelter_nusselt(re_other, other.prandtl, heating=False) * other.conductivity / DIAMETER
    ratio = film_coefficient_ratio(other, air, re_rated=re_other, heating=False)
    assert ratio * h_other == P3.approx(11.6)
