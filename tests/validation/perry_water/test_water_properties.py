"""Liquid water properties against the printed table of Perry's Handbook.

Source: D. W. Green and M. Z. Southard (eds.), *Perry's Chemical Engineers' Handbook*, 9th ed.
(McGraw-Hill, 2019), Table 2-135 "Thermodynamic Properties of Water", saturated liquid, p. 2-262:
density [mol/dm3], C_p [kJ/(mol K)], thermal conductivity [mW/(m K)] and viscosity [uPa s] at
280-350 K, printed to 5 significant figures (converted here with M = 18.015268 g/mol).
Kind: published example.
Tolerance: ``perry_water_2bar`` (rel 2.5e-4): half a unit of the 5th printed figure is at most 1e-5,
and the project evaluates water at its 2 bar reference pressure instead of at saturation (1-42 kPa),
which by IAPWS-95 itself raises the density by 1e-4 and lowers C_p by 2e-4 at 280 K (less when warmer).

Thermal conductivity and viscosity do not meet that tolerance: CoolProp's IAPWS-95 water (version
8.0.0, what the coolant uses) gives k 0.06-0.52 % and mu up to 0.08 % below the table between 290 and
350 K. The check is kept, marked as an expected failure (strict), so the disagreement stays on record
and shows when it changes.
"""
from __future__ import annotations

import pytest

from retrofit.cooling.coolant import coolant
from retrofit.testing import tolerance

M_KG_MOL = 18.015268e-3
TOL = tolerance("perry_water_2bar")
# T K: density mol/dm3, C_p kJ/(mol K), k mW/(m K), mu uPa s  (Perry's 9th ed., Table 2-135)
TABLE_2_135 = {
    280: (55.501, 0.075688, 574.04, 1433.7),
    290: (55.440, 0.075429, 592.73, 1084.0),
    300: (55.315, 0.075320, 610.28, 853.84),
    310: (55.139, 0.075294, 626.05, 693.54),
    320: (54.919, 0.075317, 639.71, 577.02),
    330: (54.662, 0.075373, 651.18, 489.49),
    340: (54.371, 0.075456, 660.55, 421.97),
    350: (54.049, 0.075567, 668.00, 368.77),
}


@pytest.mark.parametrize("t_k", sorted(TABLE_2_135))
def test_density_and_specific_heat(t_k):
    rho_mol, cp_mol, _, _ = TABLE_2_135[t_k]
    water = coolant("water")
    assert water.density(t_k) == TOL.approx(rho_mol * 1e3 * M_KG_MOL)
    assert water.specific_heat(t_k) == TOL.approx(cp_mol * 1e3 / M_KG_MOL)


@pytest.mark.xfail(strict=True, reason="CoolProp 8.0.0 water: k up to 0.52 % and mu up to 0.08 % below "
                   "Perry's Table 2-135 (290-350 K)")
def test_conductivity_and_viscosity():
    water = coolant("water")
    for t_k, (_, _, k_mw, mu_upas) in TABLE_2_135.items():
        assert water.conductivity(t_k) == TOL.approx(k_mw * 1e-3)
        assert water.viscosity(t_k) == TOL.approx(mu_upas * 1e-6)
