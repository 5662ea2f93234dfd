"""Counter-flow water heater with the inputs of Çengel's example (case HX-1): LMTD and ε-NTU routes.

Source: inputs of Y. A. Çengel, *Heat Transfer: A Practical Approach* (McGraw-Hill), ch. 11, example
"Heating water in a counter-flow heat exchanger": cold water 1.2 kg/s heated from 20 to 80 °C
(cp 4.18 kJ/kg·K) by geothermal water 2 kg/s entering at 160 °C (cp 4.31 kJ/kg·K); thin inner tube
D = 1.5 cm, U = 640 W/m²·K. The book's printed answers (heat rate, outlet, LMTD, area, length) were
not available to confirm, so nothing here is compared with them.
Kind: consistency check. The expected values (Q = 300.96 kW, T_h,out = 125.09 °C, LMTD = 91.973 K,
A = 5.1129 m², L = 108.50 m, C_min = 5.016 kW/K, C_r = 0.5819, ε = 0.42857, NTU = 0.65236) were
computed from those inputs with the closed forms (energy balance, LMTD, A = Q/(U LMTD), L = A/(π D))
and written to 5 significant figures; the kernels must reproduce them and agree with each other.
Tolerance: ``printed_4sf`` (rel 5e-4) for the values written to 5 figures; ``closed_form`` for the
agreement of the two routes and the forward/inverse relations.
"""
import math

import pytest

from retrofit.cooling import heat_exchange as hx
from retrofit.testing import tolerance

KJ = 1e3
C = 273.15
M_COLD, CP_COLD = 1.2, 4.18 * KJ  # kg/s, J/kg·K
M_HOT, CP_HOT = 2.0, 4.31 * KJ
T_COLD_IN, T_COLD_OUT, T_HOT_IN = 20.0 + C, 80.0 + C, 160.0 + C
D = 1.5e-2  # m
U = 640.0  # W/m²·K

P4 = tolerance("printed_4sf")
EXACT = tolerance("closed_form")


@pytest.fixture(scope="module")
def lmtd_route():
    q = M_COLD * CP_COLD * (T_COLD_OUT - T_COLD_IN)
    t_hot_out = T_HOT_IN - q / (M_HOT * CP_HOT)
    lmtd = hx.log_mean_temperature_difference(T_HOT_IN - T_COLD_OUT, t_hot_out - T_COLD_IN)
    ua = hx.ua_from_lmtd(q, T_HOT_IN, t_hot_out, T_COLD_IN, T_COLD_OUT, "counterflow")
    return {"q": q, "t_hot_out": t_hot_out, "lmtd": lmtd, "area": ua / U}


def test_heat_rate(lmtd_route):
    assert lmtd_route["q"] / KJ == P4.approx(300.96)


def test_hot_outlet_temperature(lmtd_route):
    assert lmtd_route["t_hot_out"] - C == P4.approx(125.09)


def test_log_mean_temperature_difference(lmtd_route):
    assert lmtd_route["lmtd"] == P4.approx(91.973)


def test_area_and_length(lmtd_route):
    assert lmtd_route["area"] == P4.approx(5.1129)
    assert lmtd_route["area"] / (math.pi * D) == P4.approx(108.50)


def test_effectiveness_ntu_route(lmtd_route):
    c_cold, c_hot = M_COLD * CP_COLD, M_HOT * CP_HOT
    c_min, c_max = min(c_cold, c_hot), max(c_cold, c_hot)
    cr = c_min / c_max
    eps = lmtd_route["q"] / (c_min * (T_HOT_IN - T_COLD_IN))
    ntu = hx.ntu_from_effectiveness(eps, cr, "counterflow")
    assert c_min / KJ == P4.approx(5.016)
    assert cr == P4.approx(0.5819)
    assert eps == P4.approx(0.42857)
    assert ntu == P4.approx(0.65236)
    # same area by both routes, and the forward relation returns the effectiveness
    assert ntu * c_min / U == EXACT.approx(lmtd_route["area"])
    assert hx.effectiveness(ntu, cr, "counterflow") == EXACT.approx(eps)


def test_outlet_temperatures_from_ua(lmtd_route):
    ua = U * lmtd_route["area"]
    state = hx.hx_outlet_temperatures(T_HOT_IN, T_COLD_IN, M_HOT * CP_HOT, M_COLD * CP_COLD, ua, "counterflow")
    assert state.q_w == EXACT.approx(lmtd_route["q"])
    assert state.t_cold_out_k == EXACT.approx(T_COLD_OUT)
    assert state.t_hot_out_k == EXACT.approx(lmtd_route["t_hot_out"])
