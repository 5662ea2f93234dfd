"""Propylene glycol-water: freezing point and specific gravity against Lange's printed table.

Source: J. A. Dean (ed.), *Lange's Handbook of Chemistry*, 15th ed. (McGraw-Hill, 1999), Table 5.13
"Compositions of aqueous antifreeze solutions", "Freezing point of propylene glycol-water mixtures",
p. 5.85: 25 % glycol by volume, specific gravity 1.020 at 15.6 degC (60 degF), freezing point
-8.9 degC (16 degF); the table's footnote: values for the pure substance, without inhibitors.
Kind: published example.
Tolerance: ``lange_freezing_c`` (0.05 K, half of the printed 0.1 degC) and ``lange_specific_gravity``
(5e-4, half of the 3rd printed decimal). The volume fraction is converted to the mass fraction the
coolant takes by :func:`retrofit.cooling.coolant.glycol_mass_fraction` (pure densities at 20 degC,
volume contraction neglected, as its docstring states).

Neither value meets the tolerance: CoolProp 8.0.0's MPG fit, through the project's coolant, gives
-10.2 degC (1.3 K colder than the table, so a freeze margin computed with it is 1.3 K optimistic
against this table) and a specific gravity of 1.023. Both checks are kept as expected failures
(strict), so the disagreement stays on record and shows when it changes.
"""
from __future__ import annotations

import pytest

from retrofit.cooling.coolant import coolant, coolant_from_fraction, glycol_mass_fraction
from retrofit.testing import tolerance

KELVIN = 273.15
VOLUME_FRACTION = 0.25
PRINTED_FREEZING_C = -8.9
PRINTED_SPECIFIC_GRAVITY = 1.020
T_60F_K = (60.0 - 32.0) / 1.8 + KELVIN


def _solution():
    return coolant_from_fraction("propylene_glycol", glycol_mass_fraction(VOLUME_FRACTION))


@pytest.mark.xfail(strict=True, reason="CoolProp 8.0.0 MPG fit: -10.2 degC at 25 vol %, Lange prints -8.9 degC")
def test_freezing_point():
    assert _solution().freezing_point() - KELVIN == tolerance("lange_freezing_c").approx(PRINTED_FREEZING_C)


@pytest.mark.xfail(strict=True, reason="CoolProp 8.0.0 MPG fit: specific gravity 1.023 at 25 vol %, Lange prints 1.020")
def test_specific_gravity_at_60_f():
    gravity = _solution().density(T_60F_K) / coolant("water").density(T_60F_K)
    assert gravity == tolerance("lange_specific_gravity").approx(PRINTED_SPECIFIC_GRAVITY)
