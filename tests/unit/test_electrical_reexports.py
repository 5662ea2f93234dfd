"""The fault study keeps the names of its source records after their models moved to modules of their own: each
name in its ``__all__`` is the object of the module that defines it (not a copy, not a wrapper)."""
from __future__ import annotations

from retrofit.electrical import fault_study, generator_sources, inverter_sources, motor_sources

HOMES = {"MotorSources": motor_sources.MotorSources,
         "GeneratorSources": generator_sources.GeneratorSources,
         "InverterSources": inverter_sources.InverterSources}


def test_reexported_names_are_the_defining_modules_objects():
    for name, obj in HOMES.items():
        assert name in fault_study.__all__
        assert getattr(fault_study, name) is obj, name


def test_every_public_name_resolves():
    for name in fault_study.__all__:
        assert hasattr(fault_study, name), name
