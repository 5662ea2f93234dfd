"""Propylene glycol-water: freezing point and specific gravity against Lange's printed table.

Source: J. A. Dean (ed.), *Lange's Handbook of Chemistry*, 15th ed. (McGraw-Hill, 1999), Table 5.13
"Compositions of aqueous antifreeze solutions", "Freezing point of propylene glycol-water mixtures",
p. 5.85: 25 % glycol by volume, specific gravity 1.020 at 15.6 degC (60 degF), freezing point
-8.9 degC (16 degF); 50 % by volume (the last row), specific gravity 1.040, freezing point -33.3 degC
(-28 degF); the table's footnote: values for the pure substance, without inhibitors.
Kind: published example.
Tolerance: ``lange_freezing_c`` (0.05 K, half of the printed 0.1 degC) and ``lange_specific_gravity``
(5e-4, half of the 3rd printed decimal). The volume fraction is converted to the mass fraction the
coolant takes by :func:`retrofit.cooling.coolant.glycol_mass_fraction` (pure densities at 20 degC,
volume contraction neglected, as its docstring states).

No value meets the tolerance. CoolProp 8.0.0's MPG fit, through the project's coolant, gives -10.2 degC at
25 vol % (1.3 K colder than the table, so a freeze margin computed with it is 1.3 K optimistic against
this table) and -33.5 degC at 50 vol % (about 50.9 wt %; 0.25 K colder), and specific gravities of 1.023
and 1.043. The checks are kept as expected failures (strict), so the disagreement stays on record and
shows when it changes.
"""
from __future__ import annotations

import pytest

from retrofit.cooling.coolant import coolant, coolant_from_fraction, glycol_mass_fraction
from retrofit.testing import tolerance

KELVIN = 273.15
T_60F_K = (60.0 - 32.0) / 1.8 + KELVIN

#: Printed rows: volume fraction, freezing point [degC], specific gravity at 60 degF.
ROWS = {"25 vol %": (0.25, -8.9, 1.020), "50 vol %": (0.50, -33.3, 1.040)}

_FREEZING_XFAIL = {"25 vol %": "CoolProp 8.0.0 MPG fit: -10.2 degC at 25 vol %, Lange prints -8.9 degC",
                   "50 vol %": "CoolProp 8.0.0 MPG fit: -33.5 degC at 50 vol %, Lange prints -33.3 degC"}
_GRAVITY_XFAIL = {"25 vol %": "CoolProp 8.0.0 MPG fit: specific gravity 1.023 at 25 vol %, Lange prints 1.020",
                  "50 vol %": "CoolProp 8.0.0 MPG fit: specific gravity 1.043 at 50 vol %, Lange prints 1.040"}


def _solution(volume_fraction):
    return coolant_from_fraction("propylene_glycol", glycol_mass_fraction(volume_fraction))


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=why))
                                 for r, why in _FREEZING_XFAIL.items()])
def test_freezing_point(row):
    volume_fraction, printed_c, _ = ROWS[row]
    assert _solution(volume_fraction).freezing_point() - KELVIN == tolerance("lange_freezing_c").approx(printed_c)


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=why))
                                 for r, why in _GRAVITY_XFAIL.items()])
def test_specific_gravity_at_60_f(row):
    volume_fraction, _, printed = ROWS[row]
    gravity = _solution(volume_fraction).density(T_60F_K) / coolant("water").density(T_60F_K)
    assert gravity == tolerance("lange_specific_gravity").approx(printed)
