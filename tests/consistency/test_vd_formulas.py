"""Feeder voltage drop: NEC effective-Z method, IEEE 141 exact phasor form, IEC 60364-5-52 Annex G.

Source: the formulas of NFPA 70, National Electrical Code (2023), Chapter 9 Table 9, Note 2
(effective impedance Ze = R cos + X_L sin), IEEE Std 141-1993 (Red Book), 3.11 (exact drop
VD = Es + IR cos + IX sin - sqrt(Es^2 - (IX cos - IR sin)^2)) and IEC 60364-5-52:2009 Annex G
(u = b (rho1 L / S cos phi + lambda L sin phi) I_B, rho1 = 1.25 x rho20 = 0.0225 ohm mm2/m for copper).
No complete published worked example (all inputs and the answer) was found, so the cases are the
project's: VD-1, 480 V three-phase, 760 A at pf 0.85 lagging, 250 ft of two parallel sets,
R = 0.029 ohm/kft, X = 0.048 ohm/kft per conductor; VD-2, 400 V three-phase, I_B = 250 A, 80 m of
150 mm2 copper, cos phi = 0.9, lambda = 0.08 mohm/m.
Kind: consistency check (the published formulas evaluated by hand from the inputs and written to 5
or 4 significant figures; not validation).
Tolerance: ``formula_vd`` (rel 1e-4) for the drops in volts written to 5 figures, ``printed_4sf``
(rel 5e-4) for the percents and VD-2 written to 4 figures, ``closed_form`` for the per-phase R and X.
Inputs are entered in the units of the case (ft, ohm/kft, V, A, m, mm2, mohm/m) and converted with
the project's unit registry.
"""
from __future__ import annotations

import math

from retrofit.electrical.voltage_drop import (
    RHO1_OHM_MM2_PER_M,
    impedance_per_phase,
    voltage_drop_approx,
    voltage_drop_exact,
    voltage_drop_iec,
)
from retrofit.testing import tolerance
from retrofit.units import Q_

EXACT = tolerance("closed_form")
VOLTS_5SF = tolerance("formula_vd")
PRINTED_4SF = tolerance("printed_4sf")


def _vd1_inputs():
    v_ll = Q_(480, "V").to("V").magnitude
    current = Q_(760, "A").to("A").magnitude
    length_m = Q_(250, "ft").to("m").magnitude
    r_per_m = Q_(0.029, "ohm/kft").to("ohm/m").magnitude
    x_per_m = Q_(0.048, "ohm/kft").to("ohm/m").magnitude
    return v_ll, current, impedance_per_phase(r_per_m, x_per_m, length_m, parallel=2)


def test_vd1_per_phase_impedance():
    _, _, z = _vd1_inputs()
    assert z.r_ohm == EXACT.approx(0.003625)
    assert z.x_ohm == EXACT.approx(0.006)


def test_vd1_nec_effective_z_method():
    v_ll, current, z = _vd1_inputs()
    vd = voltage_drop_approx(current, z.r_ohm, z.x_ohm, 0.85, phases=3, v_nominal_v=v_ll)
    assert vd.drop_conductor_v == VOLTS_5SF.approx(4.7439)  # VD(L-N) approximate
    assert vd.drop_v == VOLTS_5SF.approx(8.2166)  # VD(L-L) approximate
    assert vd.drop_percent == PRINTED_4SF.approx(1.712)


def test_vd1_ieee141_exact_phasor_form():
    v_ll, current, z = _vd1_inputs()
    vd = voltage_drop_exact(v_ll / math.sqrt(3.0), current, z.r_ohm, z.x_ohm, 0.85)
    assert vd.drop_v == VOLTS_5SF.approx(4.7545)  # VD(L-N) exact
    assert vd.drop_percent == PRINTED_4SF.approx(1.716)


def test_vd2_iec_annex_g():
    u_n = Q_(400, "V").to("V").magnitude
    u0 = u_n / math.sqrt(3.0)
    assert u0 == PRINTED_4SF.approx(230.9)
    assert RHO1_OHM_MM2_PER_M["copper"] == EXACT.approx(1.25 * 0.018)
    assert RHO1_OHM_MM2_PER_M["copper"] == EXACT.approx(0.0225)
    reactance = Q_(0.08, "mohm/m").to("ohm/m").magnitude
    vd = voltage_drop_iec(250.0, Q_(80, "m").to("m").magnitude, 150.0, 0.9, "copper", reactance,
                          phases=3, u0_v=u0)
    assert vd.drop_v == PRINTED_4SF.approx(3.397)
    assert vd.drop_percent == PRINTED_4SF.approx(1.471)
