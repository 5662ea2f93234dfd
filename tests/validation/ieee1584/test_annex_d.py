"""IEEE Std 1584-2018, Annex D: the two sample arc-flash calculations, step by step.

Source: IEEE Std 1584-2018 "IEEE Guide for Performing Arc-Flash Hazard Calculations", Annex D
(informative), D.1 (4.16 kV, VCB, I_bf 15 kA, G 104 mm, D 914.4 mm, enclosure 1143 x 762 x 508 mm,
arc duration 197 ms at I_arc and 223 ms at I_arc_min) and D.2 (480 V, VCB, I_bf 45 kA, G 32 mm,
D 609.6 mm, enclosure 610 x 610 x 254 mm, arc duration 61.3 ms at I_arc and 319 ms at I_arc_min).
The printed values (equation numbers D.9-D.106 below) were read as transcribed in the tests of the
open arcflash library (Li-aung Yip, ``arcflash/ieee_1584/test_example_calcs.py``, commit
9681cf2de8157734d6996f32731f66b8b8dfe403); the inputs are entered in the Annex's own units.
Kind: published worked example; every intermediate value of both procedures is checked.
Tolerance: ``ieee1584_printed_3dp`` (half a unit of the third decimal: the Annex prints kA, J/cm²,
inches and factors to 3 decimals) and ``ieee1584_printed_mm`` (half a millimetre: boundaries are
printed to 1 mm). The Annex's millimetre-to-inch factor 0.039 37 and the exact 1/25.4 agree to the
printed precision.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.arc_flash import (arcing_currents, enclosure_correction_factor, incident_energy)
from retrofit.testing import tolerance

KA, MM, MS, IN = 1e3, 1e-3, 1e-3, 0.0254
J_CM2 = 1e4  # J/m² per J/cm²
T3 = tolerance("ieee1584_printed_3dp")
TMM = tolerance("ieee1584_printed_mm")


def approx3(value):
    return T3.approx(value)


@pytest.fixture(scope="module")
def d1():
    voc, ibf, gap, dist = 4.16 * KA, 15.0 * KA, 104 * MM, 914.4 * MM
    currents = arcing_currents(voc, ibf, gap, "VCB")
    enclosure = enclosure_correction_factor(voc, "VCB", 1143 * MM, 762 * MM, 508 * MM)
    full = incident_energy(voc, ibf, currents.intermediate_a, currents.i_arc_a, gap, dist, 197 * MS, enclosure.cf, "VCB")
    reduced = incident_energy(voc, ibf, currents.intermediate_min_a, currents.i_arc_min_a, gap, dist, 223 * MS,
                              enclosure.cf, "VCB")
    return currents, enclosure, full, reduced


@pytest.fixture(scope="module")
def d2():
    voc, ibf, gap, dist = 480.0, 45.0 * KA, 32 * MM, 609.6 * MM
    currents = arcing_currents(voc, ibf, gap, "VCB")
    enclosure = enclosure_correction_factor(voc, "VCB", 610 * MM, 610 * MM, 254 * MM)
    full = incident_energy(voc, ibf, currents.intermediate_a, currents.i_arc_a, gap, dist, 61.3 * MS, enclosure.cf, "VCB")
    reduced = incident_energy(voc, ibf, currents.intermediate_min_a, currents.i_arc_min_a, gap, dist, 319 * MS,
                              enclosure.cf, "VCB")
    return currents, enclosure, full, reduced


def test_d1_arcing_currents(d1):
    c, _, _, _ = d1
    assert [c.intermediate_a[v] / KA for v in (600.0, 2700.0, 14300.0)] == [
        approx3(11.117), approx3(12.816), approx3(14.116)]                          # D.9, D.11, D.13
    assert c.i_arc_a / KA == approx3(12.979)                                       # D.17
    assert c.var_cf == approx3(0.047)                                              # D.43
    assert 1 - 0.5 * c.var_cf == approx3(0.977)                                    # D.44
    assert [c.intermediate_min_a[v] / KA for v in (600.0, 2700.0, 14300.0)] == [
        approx3(10.856), approx3(12.515), approx3(13.786)]                          # D.45-D.47
    assert c.i_arc_min_a / KA == approx3(12.675)                                   # D.51


def test_d1_enclosure(d1):
    _, e, _, _ = d1
    assert e.enclosure == "typical"
    assert e.width_equivalent_m / IN == approx3(27.632)                            # D.19
    assert e.height_equivalent_m / IN == approx3(45.0)                             # D.20
    assert e.ees_m / IN == approx3(36.316)                                         # D.21
    assert e.cf == approx3(1.284)                                                  # D.22


def test_d1_energy_and_boundary(d1):
    _, _, full, reduced = d1
    assert [full.intermediate_energy_j_per_m2[v] / J_CM2 for v in (600.0, 2700.0, 14300.0)] == [
        approx3(8.652), approx3(11.977), approx3(13.367)]                           # D.24, D.26, D.28
    assert full.energy_j_per_m2 / J_CM2 == approx3(12.152)                         # D.32
    assert [full.intermediate_afb_m[v] / MM for v in (600.0, 2700.0, 14300.0)] == [
        TMM.approx(1285), TMM.approx(1591), TMM.approx(1707)]                       # D.34, D.36, D.38
    assert full.afb_m / MM == TMM.approx(1606)                                     # D.42
    assert [reduced.intermediate_energy_j_per_m2[v] / J_CM2 for v in (600.0, 2700.0, 14300.0)] == [
        approx3(8.980), approx3(13.018), approx3(15.602)]                           # D.54, D.56, D.58
    assert reduced.energy_j_per_m2 / J_CM2 == approx3(13.343)                      # D.62
    assert [reduced.intermediate_afb_m[v] / MM for v in (600.0, 2700.0, 14300.0)] == [
        TMM.approx(1316), TMM.approx(1678), TMM.approx(1884)]                       # D.64, D.66, D.68
    assert reduced.afb_m / MM == TMM.approx(1704)                                  # D.72


def test_d2_low_voltage(d2):
    c, e, full, reduced = d2
    assert c.intermediate_a[600.0] / KA == approx3(32.449)                         # D.82
    assert c.i_arc_a / KA == approx3(28.793)                                       # D.84
    assert e.width_equivalent_m / IN == approx3(24.016)                            # D.86
    assert e.height_equivalent_m / IN == approx3(24.016)                           # D.87
    assert e.ees_m / IN == approx3(24.016)                                         # D.88
    assert e.cf == approx3(1.085)                                                  # D.89
    assert full.energy_j_per_m2 / J_CM2 == approx3(11.585)                         # D.91
    assert full.afb_m / MM == TMM.approx(1029)                                     # D.95
    assert c.var_cf == approx3(0.247)                                              # D.96
    assert 1 - 0.5 * c.var_cf == approx3(0.877)                                    # D.97
    assert c.i_arc_min_a / KA == approx3(25.244)                                   # D.99
    assert reduced.energy_j_per_m2 / J_CM2 == approx3(53.156)                      # D.103
    assert reduced.afb_m / MM == TMM.approx(2669)                                  # D.106
