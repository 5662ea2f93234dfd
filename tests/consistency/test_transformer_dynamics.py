"""The time-domain transformer thermal model against the project's steady-state model and against itself.

Source: the project's own equations (``retrofit.electrical.transformer_dynamics`` and
``retrofit.electrical.transformer_thermal``); the published example is
``tests/validation/iec60076_7/test_load_cycle_example.py``.
Kind: consistency check.
Tolerance: ``closed_form`` where the same quantities are computed twice (the steady state the dynamics
settle to is the steady-state module's hot spot; stepping twice equals stepping once); ``time_to_limit_k``
for the hot spot at the time ``time_to_hot_spot`` returns (Brent's method stops at 1e-3 s).
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.transformer_dynamics import (THERMAL_DYNAMICS, ThermalState, advance, has_thermal_dynamics,
                                                      steady_state, thermal_dynamics, time_to_hot_spot)
from retrofit.electrical.transformer_thermal import ThermalParameters, hot_spot_temperature, rated_parameters
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")
AT_LIMIT = tolerance("time_to_limit_k")
LIMIT = 383.15

# (cooling class, rating VA, load loss W, no-load loss W): the catalog's 2,500 kVA ONAN pad-mount and
# the same losses on larger units of each cooling row
UNITS = [("ONAN", 2.5e6, 16800.0, 2100.0), ("ONAN", 30e6, 16800.0, 2100.0), ("ONAF", 30e6, 16800.0, 2100.0)]


@pytest.mark.parametrize("cooling, rating, load_loss, no_load", UNITS)
@pytest.mark.parametrize("load_ratio, ambient_c", [(1.0, 30.0), (0.5, -10.0), (1.2, 43.0)])
def test_the_dynamics_settle_to_the_steady_state_hot_spot(cooling, rating, load_loss, no_load, load_ratio, ambient_c):
    params = rated_parameters(cooling, load_loss, no_load)
    dyn = thermal_dynamics(cooling, rating)
    t_amb = ambient_c + 273.15
    expected = hot_spot_temperature(load_ratio, t_amb, params)
    assert steady_state(load_ratio, t_amb, params, dyn).t_hot_spot == EXACT.approx(expected)
    settled = advance(ThermalState(t_amb, 0.0, 0.0), load_ratio, t_amb, 100.0 * max(dyn.time_constants_s), params, dyn)
    assert settled.t_hot_spot == EXACT.approx(expected)


def test_two_steps_equal_one():
    params = rated_parameters("ONAF", 16800.0, 2100.0)
    dyn = THERMAL_DYNAMICS["ONAF"]
    start = steady_state(0.5, 303.15, params, dyn)
    once = advance(start, 1.3, 303.15, 5400.0, params, dyn)
    twice = advance(advance(start, 1.3, 303.15, 1234.0, params, dyn), 1.3, 303.15, 5400.0 - 1234.0, params, dyn)
    assert (twice.t_top_oil, twice.gradient_fast, twice.gradient_slow) == EXACT.approx(
        (once.t_top_oil, once.gradient_fast, once.gradient_slow))


@pytest.mark.parametrize("cooling, rating, load_loss, no_load", UNITS)
def test_the_hot_spot_is_at_the_limit_at_the_time_returned(cooling, rating, load_loss, no_load):
    params = rated_parameters(cooling, load_loss, no_load)
    dyn = thermal_dynamics(cooling, rating)
    t_amb = 316.15
    start = steady_state(0.6, t_amb, params, dyn)
    t = time_to_hot_spot(start, 1.3, t_amb, LIMIT, params, dyn)
    assert 0.0 < t < math.inf
    assert advance(start, 1.3, t_amb, t, params, dyn).t_hot_spot == AT_LIMIT.approx(LIMIT)


def test_the_overshoot_reaches_a_limit_the_steady_state_stays_under():
    """k21 = 2: after a load increase the gradient passes its final value before settling (IEC 60076-7);
    with a small loss ratio the top oil rises too little to hide it, so the hot spot overshoots."""
    params = ThermalParameters(1.0, 30.0, 40.0, 0.8, 0.65)
    dyn = THERMAL_DYNAMICS["ONAF"]
    assert steady_state(1.0, 303.15, params, dyn).t_hot_spot == EXACT.approx(373.15)
    start = steady_state(0.3, 303.15, params, dyn)
    t = time_to_hot_spot(start, 1.0, 303.15, 378.15, params, dyn)
    assert t < 3600.0
    assert advance(start, 1.0, 303.15, t, params, dyn).t_hot_spot == AT_LIMIT.approx(378.15)


def test_no_time_when_the_limit_is_never_reached_or_already_passed():
    params = rated_parameters("ONAN", 16800.0, 2100.0)
    dyn = thermal_dynamics("ONAN", 2.5e6)
    hot = steady_state(1.4, 316.15, params, dyn)
    assert hot.t_hot_spot > LIMIT
    assert time_to_hot_spot(hot, 1.4, 316.15, LIMIT, params, dyn) == 0.0
    assert time_to_hot_spot(steady_state(0.9, 303.15, params, dyn), 0.5, 303.15, LIMIT, params, dyn) == math.inf


def test_distribution_and_power_rows():
    assert thermal_dynamics("ONAN", 2.5e6) is THERMAL_DYNAMICS["distribution ONAN"]
    assert thermal_dynamics("ONAN", 2.6e6) is THERMAL_DYNAMICS["ONAN"]
    for unsourced in ("OFAF", "ODAF", "AN"):
        assert not has_thermal_dynamics(unsourced)
        with pytest.raises(ValueError, match="no sourced thermal time constants"):
            thermal_dynamics(unsourced, 50e6)
