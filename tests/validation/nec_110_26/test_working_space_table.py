"""NEC working space about electrical equipment: Table 110.26(A)(1), Table 110.34(A), 110.26(A)(2)-(3).

Source: NFPA 70, National Electrical Code, 2017 edition, Table 110.26(A)(1), Table 110.34(A),
110.26(A)(2)-(3) and 110.32.
Kind: published table.
Tolerance: ``closed_form`` for the printed distances (exact numbers); the inch-pound values within 8 %
of the SI values by the Code's soft-conversion practice.

Published source: NFPA 70, National Electrical Code, 2017 edition. Table 110.26(A)(1) "Working Spaces"
gives the minimum clear distance in front of equipment of 0-150 V and 151-600 V nominal to ground for
conditions 1, 2 and 3; Table 110.34(A) "Minimum Depth of Clear Working Space at Electrical Equipment"
gives the same for 601 V-75 kV. 110.26(A)(2) sets the width (the equipment width or 762 mm (30 in.),
whichever is greater), 110.32 the width above 600 V (914 mm (3 ft)), 110.26(A)(3) the height
(2.0 m (6 1/2 ft)). The Code prints each distance in SI and in inch-pound units, and 90.9(D) makes
compliance with either system compliance with the Code; the tool applies the SI values.

Inputs are entered as the Code writes them: voltages to ground in volts, distances in metres and in
feet. Table entries are exact printed numbers, compared with ``closed_form`` (floating point only).
The inch-pound values are checked against the SI values through the Code's conversion practice:
the SI value is the inch-pound value converted and rounded to a "soft" metric figure, within 8 %.
"""
from __future__ import annotations

import math

import pytest

from retrofit.layout.clearances import (FOOT_M, WORKING_SPACE_HEADROOM_M, WORKING_SPACE_TABLE, voltage_to_ground,
                                        working_space_depth, working_space_width)
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")

# (voltage to ground V, condition, SI depth m, inch-pound depth ft) as printed; each row's bounds tested.
TABLE_110_26_A1 = [
    (120, 1, 0.9, 3.0), (120, 2, 0.9, 3.0), (120, 3, 0.9, 3.0),
    (150, 1, 0.9, 3.0), (150, 2, 0.9, 3.0), (150, 3, 0.9, 3.0),
    (151, 1, 0.9, 3.0), (151, 2, 1.0, 3.5), (151, 3, 1.2, 4.0),
    (277, 1, 0.9, 3.0), (277, 2, 1.0, 3.5), (277, 3, 1.2, 4.0),
    (600, 1, 0.9, 3.0), (600, 2, 1.0, 3.5), (600, 3, 1.2, 4.0),
]
TABLE_110_34_A = [
    (601, 1, 0.9, 3.0), (601, 2, 1.2, 4.0), (601, 3, 1.5, 5.0),
    (2500, 1, 0.9, 3.0), (2500, 2, 1.2, 4.0), (2500, 3, 1.5, 5.0),
    (2501, 1, 1.2, 4.0), (2501, 2, 1.5, 5.0), (2501, 3, 1.8, 6.0),
    (9000, 1, 1.2, 4.0), (9000, 2, 1.5, 5.0), (9000, 3, 1.8, 6.0),
    (9001, 1, 1.5, 5.0), (9001, 2, 1.8, 6.0), (9001, 3, 2.8, 9.0),
    (25000, 1, 1.5, 5.0), (25000, 2, 1.8, 6.0), (25000, 3, 2.8, 9.0),
    (25001, 1, 1.8, 6.0), (25001, 2, 2.5, 8.0), (25001, 3, 3.0, 10.0),
]


@pytest.mark.parametrize("v_ground, condition, depth_m, depth_ft", TABLE_110_26_A1)
def test_table_110_26_a1(v_ground, condition, depth_m, depth_ft):
    depth, clause = working_space_depth(float(v_ground), condition)
    assert depth == EXACT.approx(depth_m)
    assert clause == "NEC 110.26(A)(1), Table 110.26(A)(1)"
    row = next(r for r in WORKING_SPACE_TABLE if v_ground <= r.v_high)
    assert row.depth_ft[condition - 1] == EXACT.approx(depth_ft)


@pytest.mark.parametrize("v_ground, condition, depth_m, depth_ft", TABLE_110_34_A)
def test_table_110_34_a(v_ground, condition, depth_m, depth_ft):
    depth, clause = working_space_depth(float(v_ground), condition)
    assert depth == EXACT.approx(depth_m)
    assert clause == "NEC 110.34(A), Table 110.34(A)"
    row = next(r for r in WORKING_SPACE_TABLE if v_ground <= r.v_high)
    assert row.depth_ft[condition - 1] == EXACT.approx(depth_ft)


def test_si_values_are_soft_conversions_of_the_inch_pound_values():
    for row in WORKING_SPACE_TABLE:
        for si, ft in zip(row.depth_m, row.depth_ft):
            assert abs(si - ft * FOOT_M) / (ft * FOOT_M) < 0.08


def test_width_110_26_a2_and_110_32():
    # 762 mm (30 in.) or the equipment width, whichever is greater
    assert working_space_width(0.5, 277.0)[0] == EXACT.approx(30 * 0.0254)
    assert working_space_width(0.762, 277.0)[0] == EXACT.approx(0.762)
    assert working_space_width(2.4, 277.0) == (2.4, "NEC 110.26(A)(2)")
    # above 600 V: 914 mm (3 ft)
    assert working_space_width(0.6, 7967.0) == (0.914, "NEC 110.32")


def test_headroom_110_26_a3():
    assert WORKING_SPACE_HEADROOM_M == EXACT.approx(2.0)
    assert abs(WORKING_SPACE_HEADROOM_M - 6.5 * FOOT_M) < 0.02


def test_voltage_to_ground_of_common_systems():
    # 480Y/277 V and 415Y/240 V fall in the 151-600 V row; 208Y/120 V in the 0-150 V row;
    # a 480 V ungrounded delta is 480 V to ground (Article 100).
    assert voltage_to_ground(480.0, "wye_4w") == pytest.approx(277.128, abs=1e-3)
    assert voltage_to_ground(415.0, "wye_4w") == pytest.approx(239.600, abs=1e-3)
    assert voltage_to_ground(208.0, "wye_4w") == pytest.approx(120.089, abs=1e-3)
    assert voltage_to_ground(480.0, "delta_3w") == 480.0
    assert working_space_depth(voltage_to_ground(208.0), 3)[0] == EXACT.approx(0.9)
    assert working_space_depth(voltage_to_ground(415.0), 3)[0] == EXACT.approx(1.2)
    # 13.8 kV grounded wye: 7967 V to ground, Table 110.34(A) row 2501-9000 V
    assert working_space_depth(voltage_to_ground(13800.0), 3)[0] == EXACT.approx(1.8)
    assert math.isclose(voltage_to_ground(13800.0), 7967.43, abs_tol=0.01)
