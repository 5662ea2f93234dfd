"""Closed-form ε-NTU identities (case HX-3) and independent checks of the other relations.

Source: the equations of Incropera, DeWitt, Bergman & Lavine, *Fundamentals of Heat and Mass
Transfer*, 6th ed. (Wiley, 2007), Tables 11.3/11.4 (ε-NTU forms); Bowman, Mueller & Nagle (1940),
Trans. ASME 62, for the 1-2 shell-and-tube LMTD correction factor; Mason (1955) for crossflow with both
fluids unmixed.
Kind: consistency check (identities of the published equations and an independent numerical
solution; no printed number is compared).
Tolerance: ``closed_form`` (rel 1e-9) for the identities; ``richardson_numerical`` for the
finite-volume comparison.

* Balanced counterflow (Cr = 1): ε = NTU/(1 + NTU), so NTU 1, 2, 4 give 0.5, 2/3, 0.8 exactly.
* Cr = 0: ε = 1 - exp(-NTU) for every arrangement.
* Counterflow for general Cr: the textbook form recomputed here.
* Round trip NTU(ε(NTU)) = NTU for every arrangement (closed-form and numerical inverses).
* The LMTD correction factor derived from ε-NTU equals Bowman's closed form for the 1-2 shell and tube.
* The exact crossflow series equals an independent second-order finite-volume solution of the
  crossflow equations, Richardson-extrapolated from 100 and 200 cells (error ~1e-10).

All are identities or exact recomputations, held to ``closed_form`` (rel 1e-9), except the
finite-volume comparison (``richardson_numerical``).
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrofit.cooling import heat_exchange as hx
from retrofit.errors import OutOfRange, UnknownMethod
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")


@pytest.mark.parametrize("ntu, expected", [(1.0, 0.5), (2.0, 2.0 / 3.0), (4.0, 0.8)])
def test_balanced_counterflow(ntu, expected):
    assert hx.effectiveness(ntu, 1.0, "counterflow") == EXACT.approx(expected)
    assert hx.ntu_from_effectiveness(expected, 1.0, "counterflow") == EXACT.approx(ntu)


@pytest.mark.parametrize("arrangement", hx.ARRANGEMENTS)
@pytest.mark.parametrize("ntu", [0.1, 0.5, 1.0, 3.0, 8.0])
def test_zero_capacity_ratio_every_arrangement(arrangement, ntu):
    assert hx.effectiveness(ntu, 0.0, arrangement) == EXACT.approx(1.0 - math.exp(-ntu))


@pytest.mark.parametrize("ntu, cr", [(0.5, 0.25), (1.0, 0.5), (2.5, 0.75), (6.0, 0.9)])
def test_counterflow_general_form(ntu, cr):
    x = math.exp(-ntu * (1.0 - cr))
    assert hx.effectiveness(ntu, cr, "counterflow") == EXACT.approx((1.0 - x) / (1.0 - cr * x))


def test_counterflow_continuous_through_balanced():
    near = hx.effectiveness(2.0, 1.0 - 1e-10, "counterflow")
    assert near == EXACT.approx(hx.effectiveness(2.0, 1.0, "counterflow"))


@settings(max_examples=60, deadline=None)
@given(arrangement=st.sampled_from(hx.ARRANGEMENTS),
       ntu=st.floats(0.01, 8.0), cr=st.floats(0.0, 1.0))
def test_round_trip(arrangement, ntu, cr):
    eps = hx.effectiveness(ntu, cr, arrangement)
    assert hx.ntu_from_effectiveness(eps, cr, arrangement) == pytest.approx(ntu, rel=1e-9)


def test_round_trip_vectorised_crossflow():
    ntu = np.array([0.05, 0.5, 1.0, 2.0, 5.0])
    cr = np.array([0.0, 0.3, 1.0, 0.6, 0.9])
    eps = hx.effectiveness(ntu, cr, "crossflow_unmixed")
    assert hx.ntu_from_effectiveness(eps, cr, "crossflow_unmixed") == EXACT.approx(ntu)


@pytest.mark.parametrize("ntu, cr", [(0.5, 0.3), (1.5, 0.8), (4.0, 1.0)])
def test_arrangement_ordering(ntu, cr):
    """Counterflow is the best and parallel flow the worst arrangement (Kays & London, §2-3)."""
    e = {a: hx.effectiveness(ntu, cr, a) for a in hx.ARRANGEMENTS}
    for a in hx.ARRANGEMENTS:
        assert e["parallel_flow"] <= e[a] + 1e-15 <= e["counterflow"] + 2e-15
    assert e["crossflow_unmixed"] >= max(e["crossflow_cmax_mixed"], e["crossflow_cmin_mixed"])


def _crossflow_finite_volume(ntu, cr, n):
    """Crossflow, both unmixed, on an n×n grid; trapezoidal cell balance (second order)."""
    a, b = ntu / n, ntu * cr / n
    t_hot = np.ones(n)
    for _ in range(n):
        t_cold = 0.0
        out = np.empty(n)
        for i in range(n):
            d = (t_hot[i] - t_cold) / (1.0 + 0.5 * (a + b))
            out[i] = t_hot[i] - a * d
            t_cold += b * d
        t_hot = out
    return 1.0 - t_hot.mean()


@pytest.mark.parametrize("ntu, cr", [(1.0, 1.0), (3.0, 0.5), (0.5, 0.2)])
def test_crossflow_series_against_finite_volume(ntu, cr):
    coarse, fine = _crossflow_finite_volume(ntu, cr, 100), _crossflow_finite_volume(ntu, cr, 200)
    extrapolated = (4.0 * fine - coarse) / 3.0
    assert hx.effectiveness(ntu, cr, "crossflow_unmixed") == tolerance("richardson_numerical").approx(extrapolated)


def _bowman_f(p, r):
    s = math.sqrt(r * r + 1.0)
    num = s / (r - 1.0) * math.log((1.0 - p) / (1.0 - p * r))
    den = math.log((2.0 - p * (r + 1.0 - s)) / (2.0 - p * (r + 1.0 + s)))
    return num / den


@pytest.mark.parametrize("temps", [(150.0, 90.0, 30.0, 70.0), (100.0, 60.0, 20.0, 50.0), (80.0, 50.0, 20.0, 35.0)])
def test_shell_and_tube_correction_factor_bowman(temps):
    t_shell_in, t_shell_out, t_tube_in, t_tube_out = temps
    p = (t_tube_out - t_tube_in) / (t_shell_in - t_tube_in)
    r = (t_shell_in - t_shell_out) / (t_tube_out - t_tube_in)
    f = hx.lmtd_correction_factor(t_shell_in, t_shell_out, t_tube_in, t_tube_out, "shell_and_tube_1_2")
    assert f == EXACT.approx(_bowman_f(p, r))


def test_counterflow_correction_factor_is_one():
    assert hx.lmtd_correction_factor(90.0, 50.0, 20.0, 45.0, "counterflow") == EXACT.approx(1.0)


def test_lmtd_and_entu_agree_for_crossflow():
    """UA from the corrected LMTD equals NTU·Cmin from the inverse ε-NTU relation."""
    c_hot, c_cold, ua = 3000.0, 5000.0, 4500.0
    s = hx.hx_outlet_temperatures(90.0, 20.0, c_hot, c_cold, ua, "crossflow_hot_mixed")
    back = hx.ua_from_lmtd(s.q_w, 90.0, s.t_hot_out_k, 20.0, s.t_cold_out_k, "crossflow_hot_mixed")
    assert back == EXACT.approx(ua)


def test_rated_approach_equals_entu_route():
    q, c_hot, c_cold, approach = 2.0e6, 2.0e6 / 12.0, 2.0e6 / 10.0, 4.0
    ua = hx.ua_from_rated_approach(q, c_hot, c_cold, approach)
    c_min, c_max = min(c_hot, c_cold), max(c_hot, c_cold)
    eps = q / (c_min * (approach + q / c_hot))
    assert ua == EXACT.approx(c_min * hx.ntu_from_effectiveness(eps, c_min / c_max, "counterflow"))
    s = hx.hx_outlet_temperatures(300.0 + approach + q / c_hot, 300.0, c_hot, c_cold, ua)
    assert s.t_hot_out_k - 300.0 == EXACT.approx(approach)


def test_ua_at_rated_flows_and_scaling():
    assert hx.ua_at_flows(4e5, 30.0, 25.0, 30.0, 25.0) == EXACT.approx(4e5)
    # both flows doubled: every film resistance falls by 2**0.8
    assert hx.ua_at_flows(4e5, 60.0, 50.0, 30.0, 25.0) == EXACT.approx(4e5 * 2**0.8)
    assert hx.ua_at_flows(4e5, 0.0, 50.0, 30.0, 25.0) == 0.0


def test_errors():
    with pytest.raises(UnknownMethod):
        hx.effectiveness(1.0, 0.5, "spiral")
    with pytest.raises(OutOfRange):
        hx.ntu_from_effectiveness(0.7, 1.0, "parallel_flow")  # parallel flow tops out at 0.5
    with pytest.raises(OutOfRange):
        hx.ua_from_rated_approach(2e6, 2e6 / 5.0, 2e6 / 12.0, 2.0)  # temperature cross
    with pytest.raises(OutOfRange):
        hx.log_mean_temperature_difference(5.0, -1.0)
