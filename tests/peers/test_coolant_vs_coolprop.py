"""Peer cross-check of the coolant property cache against CoolProp called directly.

Source: CoolProp (measured with 8.0.0): ``PropsSI`` with
``INCOMP::MPG[x]`` (Melinder's propylene glycol fits) and ``Water`` (IAPWS-95) at the coolant's
reference pressure of 2 bar, and CoolProp's ``T_freeze`` of the MPG fit.
Kind: peer cross-check.
Tolerance: ``coolant_spline`` (rel 1e-5): :class:`retrofit.cooling.coolant.Coolant` answers from cubic
splines through CoolProp samples every 0.5 K, whose interpolation error on these smooth fits is of order
h^4 and below 1e-6; the temperatures checked fall between samples, where that error is largest. The
freezing point is CoolProp's own number, compared with ``closed_form``.

This checks the cache, not the physics: CoolProp's fits against published tables are
``tests/validation/perry_water`` (water) and ``tests/validation/lange_antifreeze`` (propylene glycol).
"""
from __future__ import annotations

import CoolProp.CoolProp as CoolProp
import pytest

from retrofit.cooling.coolant import REFERENCE_PRESSURE, coolant
from retrofit.testing import tolerance


SPLINE = tolerance("coolant_spline")
KELVIN = 273.15
CASES = [("PG25", "INCOMP::MPG[0.25]"), ("PG30", "INCOMP::MPG[0.3]"), ("water", "Water")]
# between the 0.5 K samples, over the operating range of a liquid loop
TEMPERATURES_C = [5.25, 20.25, 35.1, 45.35, 60.2, 80.4]
KEYS = {"density": "D", "specific_heat": "C", "viscosity": "V", "conductivity": "L"}


@pytest.mark.parametrize("name, fluid", CASES)
@pytest.mark.parametrize("t_c", TEMPERATURES_C)
def test_properties_equal_coolprop(name, fluid, t_c):
    c = coolant(name)
    t_k = t_c + KELVIN
    for method, key in KEYS.items():
        direct = CoolProp.PropsSI(key, "T", t_k, "P", REFERENCE_PRESSURE, fluid)
        assert getattr(c, method)(t_k) == SPLINE.approx(direct), method


@pytest.mark.parametrize("name, fluid", CASES[:2])
def test_freezing_point_is_coolprops(name, fluid):
    direct = CoolProp.PropsSI("T_freeze", "T", 300.0, "P", REFERENCE_PRESSURE, fluid)
    assert coolant(name).freezing_point() == tolerance("closed_form").approx(direct)
