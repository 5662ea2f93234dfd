"""Coolant properties through the project's CoolProp wrapper: PG25 table, water, freezing points.

This is a peer check of :class:`retrofit.cooling.coolant.Coolant` (a spline cache over CoolProp)
against reference values computed directly with CoolProp 8.0.0: the PG25 table of the project's
published compilations (section 7) was computed with ``INCOMP::MPG`` at mass fraction 0.25 and 2 bar (Melinder
fit), the cross-check rows with ``INCOMP::MPG[0.26]`` and with IAPWS-95 water. Those values are printed
to 4-5 significant figures, hence ``coolprop_property`` (rel 1e-3); the Prandtl number and kinematic
viscosity columns are printed to 3 figures (``printed_3sf``).

Freezing point against a published measurement: Perry's Chemical Engineers' Handbook, Table 5.13
(propylene glycol solutions) gives -8.9 degC (16 degF) for 25 % by volume, specific gravity 1.020 at
15.6 degC (60 degF). CoolProp's freezing-curve fit gives -9.8 degC at 25 wt % and -10.2 degC at
25 vol % (25.7 wt %); the difference between fit and table is held to ``glycol_freezing_k``
(1.5 K). The specific gravity of the same solution is a model-vs-measurement comparison held to
``printed_3sf``.
"""
import pytest

from retrofit.cooling.coolant import coolant, coolant_from_fraction, glycol_mass_fraction
from retrofit.testing import tolerance

CP = tolerance("coolprop_property")
P3 = tolerance("printed_3sf")
FREEZE = tolerance("glycol_freezing_k")
KELVIN = 273.15

# T degC: rho kg/m3, cp J/kg K, mu mPa s, k W/m K, Pr, nu mm2/s  (published compilations, CoolProp 8.0.0)
PG25_TABLE = {
    20: (1019.3, 3920, 2.445, 0.468, 20.5, 2.40),
    25: (1017.2, 3933, 2.071, 0.472, 17.2, 2.04),
    30: (1014.9, 3945, 1.776, 0.477, 14.7, 1.75),
    35: (1012.5, 3957, 1.542, 0.481, 12.7, 1.52),
    40: (1009.9, 3969, 1.353, 0.486, 11.1, 1.34),
    45: (1007.2, 3981, 1.199, 0.490, 9.7, 1.19),
    50: (1004.4, 3992, 1.073, 0.495, 8.7, 1.07),
}


@pytest.mark.parametrize("t_c", sorted(PG25_TABLE))
def test_pg25_table(t_c):
    pg25 = coolant("PG25")
    t_k = t_c + KELVIN
    rho, cp, mu_mpas, k, prandtl, nu_mm2s = PG25_TABLE[t_c]
    assert pg25.density(t_k) == CP.approx(rho)
    assert pg25.specific_heat(t_k) == CP.approx(cp)
    assert pg25.viscosity(t_k) * 1e3 == CP.approx(mu_mpas)
    assert pg25.conductivity(t_k) == CP.approx(k)
    assert pg25.prandtl(t_k) == P3.approx(prandtl)
    assert pg25.kinematic_viscosity(t_k) * 1e6 == P3.approx(nu_mm2s)


@pytest.mark.parametrize(
    ("t_c", "rho", "cp", "mu_mpas"),
    [(25, 1018.0, 3921, 2.146), (35, 1013.2, 3945, 1.591), (45, 1007.9, 3970, 1.234)],
)
def test_pg26_cross_check(t_c, rho, cp, mu_mpas):
    pg26 = coolant("PG26")
    assert pg26.density(t_c + KELVIN) == CP.approx(rho)
    assert pg26.specific_heat(t_c + KELVIN) == CP.approx(cp)
    assert pg26.viscosity(t_c + KELVIN) * 1e3 == CP.approx(mu_mpas)


@pytest.mark.parametrize(
    ("t_c", "rho", "cp", "mu_mpas", "k"),
    [(25, 997.1, 4181, 0.890, 0.607), (35, 994.1, 4179, 0.719, 0.622), (45, 990.3, 4180, 0.596, 0.635)],
)
def test_water(t_c, rho, cp, mu_mpas, k):
    water = coolant("water")
    t_k = t_c + KELVIN
    assert water.density(t_k) == CP.approx(rho)
    assert water.specific_heat(t_k) == CP.approx(cp)
    assert water.viscosity(t_k) * 1e3 == CP.approx(mu_mpas)
    assert water.conductivity(t_k) == CP.approx(k)


def test_freezing_points_coolprop():
    assert coolant("PG25").freezing_point() == CP.approx(-9.8 + KELVIN)
    assert coolant("PG26").freezing_point() == CP.approx(-10.4 + KELVIN)
    assert coolant("water").freezing_point() == KELVIN


def test_freezing_point_and_gravity_vs_perry():
    perry_freezing = -8.9 + KELVIN  # 25 vol %, Perry's Table 5.13
    assert coolant("PG25").freezing_point() == FREEZE.approx(perry_freezing)
    by_volume = coolant_from_fraction("propylene_glycol", glycol_mass_fraction(0.25))
    assert by_volume.fraction == P3.approx(0.257)
    assert by_volume.freezing_point() == FREEZE.approx(perry_freezing)
    t_60f = (60.0 - 32.0) / 1.8 + KELVIN
    specific_gravity = by_volume.density(t_60f) / coolant("water").density(t_60f)
    assert specific_gravity == P3.approx(1.020)
