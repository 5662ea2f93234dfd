"""Time-current curves, selectivity and NEC 450.3 limits: closed forms of the equations and table
arithmetic (consistency checks, not validation against a published example)."""
from __future__ import annotations

import math

import pytest

from retrofit.catalog import load_catalog
from retrofit.electrical.tcc import DeviceCurve, clearing_time, inverse_time_trip, selectivity
from retrofit.electrical.transformer_protection import rated_current_a, transformer_protection_limits
from retrofit.testing import tolerance

CLOSED = tolerance("closed_form")


@pytest.mark.parametrize("curve,a,b,p", [("moderately_inverse", 0.0515, 0.1140, 0.02),
                                         ("very_inverse", 19.61, 0.491, 2.0), ("extremely_inverse", 28.2, 0.1217, 2.0)])
def test_relay_curves_in_the_catalog_are_ieee_c37112(curve, a, b, p):
    row = next(r for r in load_catalog().table("ieee-c37112-curves").rows if r["curve"] == curve)
    assert (row["a"], row["b"], row["p"]) == (a, b, p)
    assert inverse_time_trip(5.0, a, b, p, 2.0) == CLOSED.approx(2.0 * (a / (5.0**p - 1.0) + b))
    assert math.isinf(inverse_time_trip(1.0, a, b, p, 1.0))


def test_lsi_elements():
    c = DeviceCurve("cb", "lsi", 1000.0, 4.0, 4000.0, 0.2, 10000.0, opening_time_s=0.025, pickup_tolerance=0.1)
    assert math.isinf(clearing_time(c, 1050.0, "max"))       # below 1.1 x Ir
    assert clearing_time(c, 3000.0) == CLOSED.approx(4.0 * (6 * 1100.0 / 3000.0) ** 2)
    assert clearing_time(c, 5000.0) == 0.2
    assert clearing_time(c, 5000.0, "min") == CLOSED.approx(0.16)
    assert clearing_time(c, 12000.0) == 0.025


def test_two_instantaneous_devices_are_not_selective_above_the_upper_pickup():
    feeder = DeviceCurve("f", "lsi", 400.0, 4.0, 2400.0, 0.1, 4000.0, opening_time_s=0.025)
    main = DeviceCurve("m", "lsi", 2000.0, 4.0, 8000.0, 0.3, 20000.0, opening_time_s=0.05)
    s = selectivity(feeder, main, 40e3)
    assert not s.selective
    assert s.selective_up_to_a == pytest.approx(18000.0, rel=0.03)  # main instantaneous 20 kA - 10 %
    assert selectivity(feeder, main, 15e3).selective


def test_nec_450_3_rows():
    rows = load_catalog().table("nec-450-3").rows
    i_p = rated_current_a(2.5e6, 13.8e3)
    lim = transformer_protection_limits(rows, 2.5e6, 13.8e3, 480.0, 5.75, "breaker", "breaker")
    assert lim.primary_limit_a == CLOSED.approx(6.0 * i_p)
    assert lim.secondary_limit_a == 4000.0               # 125 % of 3007 A = 3759 A -> next standard 4000 A
    fuse = transformer_protection_limits(rows, 2.5e6, 13.8e3, 480.0, 7.0, "fuse", "breaker")
    assert fuse.primary_limit_a == CLOSED.approx(3.0 * i_p)
    assert transformer_protection_limits(rows, 2.5e6, 13.8e3, 480.0, 7.0, "breaker", "breaker").primary_percent == 400
    sup = transformer_protection_limits(rows, 2.5e6, 13.8e3, 480.0, 5.75, "breaker", None, supervised=True)
    assert sup.primary_percent == 300 and sup.secondary_limit_a is None
    lv = transformer_protection_limits(rows, 75e3, 480.0, 208.0, 3.5, "breaker", None)
    assert lv.table == "450.3(B)" and lv.primary_limit_a == 125.0  # 125 % of 90.2 A = 112.8 A -> 125 A
