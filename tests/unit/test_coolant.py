"""Unit tests of the coolant property wrapper (retrofit.cooling.coolant)."""
import numpy as np
import pytest
from CoolProp.CoolProp import PropsSI

from retrofit.cooling.coolant import (
    REFERENCE_PRESSURE,
    Coolant,
    coolant,
    coolant_from_fraction,
    coolprop_fluid_name,
    glycol_mass_fraction,
)
from retrofit.errors import OutOfRange, UnknownMethod


@pytest.mark.parametrize(
    ("name", "kind", "fraction", "label"),
    [("PG25", "propylene_glycol", 0.25, "PG25"), ("pg30", "propylene_glycol", 0.30, "PG30"),
     ("EG25", "ethylene_glycol", 0.25, "EG25"), ("Water", "water", 0.0, "water"),
     ("PG25.7", "propylene_glycol", 0.257, "PG25.7")],
)
def test_registry_names(name, kind, fraction, label):
    fluid = coolant(name)
    assert (fluid.kind, fluid.name) == (kind, label)
    assert fluid.fraction == pytest.approx(fraction, abs=1e-15)


def test_unknown_name_lists_valid_names():
    with pytest.raises(UnknownMethod, match="valid names.*PG<nn>.*EG<nn>.*did you mean 'PG25'"):
        coolant("PG-25")
    with pytest.raises(UnknownMethod, match="valid names"):
        coolant("glycol")


@pytest.mark.parametrize("name", ["PG70", "EG61", "PG0"])
def test_concentration_out_of_range(name):
    with pytest.raises(OutOfRange, match="0, 60"):
        coolant(name)


def test_constructor_checks():
    with pytest.raises(UnknownMethod, match="valid kinds"):
        Coolant("x", "brine", 0.2)
    with pytest.raises(OutOfRange):
        Coolant("x", "propylene_glycol", 0.7)
    with pytest.raises(OutOfRange):
        Coolant("x", "water", 0.1)


@pytest.mark.parametrize("name", ["PG25", "EG30", "water", "PG50"])
def test_fast_path_equals_coolprop(name):
    fluid = coolant(name)
    t_min, t_max = fluid.valid_range()
    t = np.random.default_rng(0).uniform(t_min + 1e-6, t_max, 40)
    for method, key in [("density", "D"), ("specific_heat", "C"), ("viscosity", "V"), ("conductivity", "L")]:
        direct = np.array([PropsSI(key, "T", x, "P", REFERENCE_PRESSURE, coolprop_fluid_name(fluid)) for x in t])
        assert getattr(fluid, method)(t) == pytest.approx(direct, rel=1e-8)


def test_scalar_and_array_shapes():
    pg25 = coolant("PG25")
    assert isinstance(pg25.density(300.0), float)
    grid = np.full((3, 4), 300.0)
    assert pg25.viscosity(grid).shape == (3, 4)
    assert pg25.kinematic_viscosity(300.0) == pytest.approx(pg25.viscosity(300.0) / pg25.density(300.0))
    assert pg25.prandtl(300.0) == pytest.approx(
        pg25.specific_heat(300.0) * pg25.viscosity(300.0) / pg25.conductivity(300.0))


def test_out_of_range_temperatures_name_the_range():
    pg25 = coolant("PG25")
    t_min, t_max = pg25.valid_range()
    assert t_min == pytest.approx(263.3646, abs=1e-3)
    assert t_max == 373.15
    with pytest.raises(OutOfRange, match=r"263\.36-373\.15 K"):
        pg25.density(250.0)
    with pytest.raises(OutOfRange, match="outside the valid range"):
        pg25.viscosity(np.array([300.0, 380.0]))
    with pytest.raises(OutOfRange):
        pg25.conductivity(float("nan"))
    with pytest.raises(OutOfRange, match=r"273\.15-373\.15 K"):
        coolant("water").density(272.0)
    assert np.isfinite(pg25.density(t_min)) and np.isfinite(pg25.density(t_max))


def test_trends_with_concentration():
    t = 308.15
    weaker, stronger = coolant("PG20"), coolant("PG40")
    assert stronger.viscosity(t) > weaker.viscosity(t) > coolant("water").viscosity(t)
    assert stronger.freezing_point() < weaker.freezing_point() < coolant("water").freezing_point()
    assert stronger.specific_heat(t) < weaker.specific_heat(t)


def test_volume_to_mass_fraction():
    assert glycol_mass_fraction(0.0) == 0.0
    assert glycol_mass_fraction(1.0) == pytest.approx(1.0)
    assert glycol_mass_fraction(0.25) == pytest.approx(0.2570, abs=5e-4)
    assert glycol_mass_fraction(0.25, "ethylene_glycol") > glycol_mass_fraction(0.25)
    with pytest.raises(OutOfRange):
        glycol_mass_fraction(1.5)
    with pytest.raises(UnknownMethod):
        glycol_mass_fraction(0.2, "water")
    fluid = coolant_from_fraction("propylene_glycol", glycol_mass_fraction(0.25))
    assert fluid.name == "PG25.7"
    assert coolant_from_fraction("water", 0.0) == coolant("water")
