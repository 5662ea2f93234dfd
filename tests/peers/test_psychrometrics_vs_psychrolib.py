"""Peer cross-check of the moist-air psychrometrics against PsychroLib.

Source: PsychroLib (D. Meyer and D. Thevenard, "PsychroLib: a library of psychrometric functions to
calculate thermodynamic properties of air", J. Open Source Software 4(33), 1137, 2019; measured
with version 2.5.0), SI units: ``GetSatVapPres``,
``GetHumRatioFromTWetBulb``, ``GetTWetBulbFromHumRatio``, ``GetHumRatioFromRelHum``,
``GetMoistAirEnthalpy``, ``GetMoistAirDensity``, ``GetMoistAirVolume``, ``GetStandardAtmPressure``,
``GetTDewPointFromHumRatio``.
Kind: peer cross-check.
Tolerance: both programs implement the same equations of ASHRAE Handbook-Fundamentals 2017, ch. 1
(Eq. 3, 5/6, 20, 26, 28, 32, 33/35), so the explicit quantities are held to ``closed_form``; the wet
bulb and the dew point, which PsychroLib finds by bisection stopped at 0.001 K, to
``psychrolib_wet_bulb_k`` (0.001 K). The project has no dew-point function: the dew point checked is
the temperature at which its saturation pressure equals the vapour pressure, solved here to 1e-9 K.
"""
from __future__ import annotations

import psychrolib
import pytest
from scipy.optimize import brentq

from retrofit.cooling import psychrometrics as psy
from retrofit.testing import tolerance

psychrolib.SetUnitSystem(psychrolib.SI)

CLOSED = tolerance("closed_form")
SOLVED = tolerance("psychrolib_wet_bulb_k")
KELVIN = 273.15
# dry bulb degC, wet bulb degC, altitude m: summer design states, a dry cold state, an icy wet bulb
STATES = [(35.0, 22.0, 0.0), (40.0, 24.0, 379.0), (30.0, 27.0, 1500.0), (10.0, 5.0, 0.0), (2.0, -1.0, 200.0)]


@pytest.mark.parametrize("t_db, t_wb, altitude_m", STATES)
def test_explicit_relations_equal_psychrolib(t_db, t_wb, altitude_m):
    p = psy.barometric_pressure(altitude_m)
    assert p == CLOSED.approx(psychrolib.GetStandardAtmPressure(altitude_m))
    t_k = t_db + KELVIN
    assert psy.saturation_pressure(t_k) == CLOSED.approx(psychrolib.GetSatVapPres(t_db))
    assert psy.saturation_pressure(t_wb + KELVIN) == CLOSED.approx(psychrolib.GetSatVapPres(t_wb))
    w = psy.humidity_ratio_from_wet_bulb(t_k, t_wb + KELVIN, p)
    assert w == CLOSED.approx(psychrolib.GetHumRatioFromTWetBulb(t_db, t_wb, p))
    assert psy.enthalpy(t_k, w) == CLOSED.approx(psychrolib.GetMoistAirEnthalpy(t_db, w))
    assert psy.density(t_k, w, p) == CLOSED.approx(psychrolib.GetMoistAirDensity(t_db, w, p))
    assert psy.specific_volume(t_k, w, p) == CLOSED.approx(psychrolib.GetMoistAirVolume(t_db, w, p))
    assert psy.humidity_ratio_from_relative_humidity(t_k, 0.4, p) == CLOSED.approx(
        psychrolib.GetHumRatioFromRelHum(t_db, 0.4, p))


@pytest.mark.parametrize("t_db, t_wb, altitude_m", STATES)
def test_wet_bulb_equals_psychrolib(t_db, t_wb, altitude_m):
    p = psy.barometric_pressure(altitude_m)
    w = psychrolib.GetHumRatioFromTWetBulb(t_db, t_wb, p)
    ours = psy.wet_bulb_from_humidity_ratio(t_db + KELVIN, w, p) - KELVIN
    assert ours == SOLVED.approx(psychrolib.GetTWetBulbFromHumRatio(t_db, w, p))
    assert ours == SOLVED.approx(t_wb)


@pytest.mark.parametrize("t_db, t_wb, altitude_m", STATES)
def test_dew_point_equals_psychrolib(t_db, t_wb, altitude_m):
    p = psy.barometric_pressure(altitude_m)
    w = psychrolib.GetHumRatioFromTWetBulb(t_db, t_wb, p)
    p_w = p * w / (psy.MOLAR_MASS_RATIO + w)  # ASHRAE ch. 1 Eq. 20 solved for p_w
    ours = brentq(lambda t: psy.saturation_pressure(t) - p_w, 200.0, t_db + KELVIN, xtol=1e-9) - KELVIN
    assert ours == SOLVED.approx(psychrolib.GetTDewPointFromHumRatio(t_db, w, p))
