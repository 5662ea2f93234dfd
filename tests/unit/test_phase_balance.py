"""Phase currents, current unbalance and neutral current of line-to-neutral loads (consistency checks).

The unbalance definition is checked against the worked example of the CalcSpec "PDU load balance
calculator" page (phase currents 45, 38, 52 A: imbalance 7 / 45 = 15.6 %, printed to 0.1 %, so
abs 0.05 %). The neutral current is checked against the closed form sqrt(I1^2 + I2^2 + I3^2 - I1 I2 -
I2 I3 - I3 I1) for loads of one power factor.
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.phase_balance import (
    bus_phase_balance,
    current_unbalance_percent,
    neutral_current,
    phase_currents,
)


def test_unbalance_worked_example():
    assert current_unbalance_percent((45.0, 38.0, 52.0)) == pytest.approx(15.6, abs=0.05)


@pytest.mark.parametrize("currents", [(100.0, 100.0, 100.0), (100.0, 80.0, 60.0), (10.0, 0.0, 0.0), (30.0, 50.0, 70.0)])
def test_neutral_closed_form(currents):
    i1, i2, i3 = currents
    expected = math.sqrt(max(i1 * i1 + i2 * i2 + i3 * i3 - i1 * i2 - i2 * i3 - i3 * i1, 0.0))
    assert neutral_current(currents) == pytest.approx(expected, abs=1e-9)


def test_phase_currents():
    assert phase_currents((2400.0, 0.0, 1200.0), 240.0, 1.0) == (10.0, 0.0, 5.0)


def test_bus_with_three_phase_and_unknown_groups():
    # a three-phase (no neutral) group adds equally to every phase: the unbalance falls
    alone = bus_phase_balance("b", 240.0, [("n", 30000.0, 1.0, [2, 1, 0], True)])
    mixed = bus_phase_balance("b", 240.0, [("n", 30000.0, 1.0, [2, 1, 0], True), ("d", 30000.0, 1.0, None, False)])
    assert alone.unbalance_percent == pytest.approx(100.0)
    assert mixed.unbalance_percent == pytest.approx(50.0)
    assert mixed.i_neutral_a == pytest.approx(alone.i_neutral_a)
    unknown = bus_phase_balance("b", 240.0, [("x", 30000.0, 1.0, None, True), ("n", 30000.0, 1.0, [1, 1, 1], True)])
    assert unknown.unknown_groups == ("x",) and unknown.unbalance_percent is None
