"""A metric conductor falls in the AWG/kcmil sequence where its area puts it: 240 mm² (473.6 kcmil)
copper at 75 degC (IEC 60228 Table 2 with the Annex B correction) lies between the DC resistances NEC
Chapter 9 Table 8 prints for 400 and 500 kcmil uncoated copper at 75 degC (0.0321 and 0.0258 ohm/kft),
and a 240 mm² cable's reactance between the Table 9 X_L of those sizes.
Source: NFPA 70, National Electrical Code, 2023 edition, Chapter 9 Table 8 (conductor properties) and
Table 9; IEC 60228:2004 Table 2 and Annex B.
Kind: consistency check.
Tolerance: an ordering, no tolerance; the area conversion is exact (``closed_form``).
"""
from retrofit.electrical.metric_conductors import (KCMIL_PER_MM2, metric_reactance_ohm_per_m,
                                                   metric_resistance_ohm_per_m)
from retrofit.electrical.nec_tables import load_nec_tables
from retrofit.testing import tolerance

KFT_M = 304.8
TABLE8_R75_OHM_PER_KFT = {"400 kcmil": 0.0321, "500 kcmil": 0.0258}


def test_240_mm2_copper_resistance_lies_between_400_and_500_kcmil():
    assert 240.0 * KCMIL_PER_MM2 == tolerance("closed_form").approx(240.0 / 0.506707479)
    r = metric_resistance_ohm_per_m(240.0, "copper", 75.0) * KFT_M
    assert TABLE8_R75_OHM_PER_KFT["500 kcmil"] < r < TABLE8_R75_OHM_PER_KFT["400 kcmil"]


def test_240_mm2_reactance_lies_between_400_and_500_kcmil():
    rows = load_nec_tables().impedance.rows
    x = metric_reactance_ohm_per_m(240.0, "pvc") * KFT_M
    assert rows["500 kcmil"].xl_pvc_al <= x <= rows["400 kcmil"].xl_pvc_al
