"""Moist-air properties of retrofit.cooling.air / psychrometrics against CoolProp and fluids.

Source: CoolProp (measured with version 8.0.0) ``HAPropsSI`` and ``PropsSI``; fluids (measured with
version 1.3.1) ``ATMOSPHERE_1976``.
Kind: peer cross-check.
Tolerance: ``ashrae_real_gas_1e3`` (rel 1e-3) and ``ashrae_ideal_gas`` (rel 1e-2), the stated
differences between ASHRAE's ideal-gas relations and the real-gas peers (below).

Peers:

* CoolProp ``HAPropsSI`` (real-gas moist air after Hyland & Wexler and Herrmann et al., with the
  enhancement factor) for density, humidity ratio from the wet bulb, and specific heat;
* CoolProp ``PropsSI`` for water (IAPWS-95) for the saturation pressure;
* fluids' ``ATMOSPHERE_1976`` (U.S. Standard Atmosphere 1976) for the barometric pressure vs altitude.

The peer model is built by the ``_peer_*`` functions at the top of this file. Tolerances: density and
saturation pressure ``ashrae_real_gas_1e3`` (rel 1e-3; the ideal-gas density is within 0.08 % of the
real-gas value from -10 to 50 °C); humidity ratio and cp ``ashrae_ideal_gas`` (rel 1e-2: ASHRAE's
ideal-gas relations omit the enhancement factor and use a constant cp and latent heat; at the
humid summer states that size heat rejection, W > 5 g/kg, Eq. 33 stays within 0.8 % of the real-gas W,
about 4e-4 kg/kg at most; in very dry cold air the relative difference grows although the absolute one
does not, so W is compared at the humid states only); barometric pressure ``ashrae_real_gas_1e3``.
"""
import pytest
from CoolProp.CoolProp import PropsSI
from CoolProp.HumidAirProp import HAPropsSI
from fluids.atmosphere import ATMOSPHERE_1976

from retrofit.cooling import air
from retrofit.cooling import psychrometrics as psy
from retrofit.testing import tolerance


def _peer_density(t_k, p_pa, w):
    return 1.0 / HAPropsSI("Vha", "T", t_k, "P", p_pa, "W", w)  # Vha: m³ per kg of humid air


def _peer_humidity_ratio(t_k, p_pa, t_wb_k):
    return HAPropsSI("W", "T", t_k, "P", p_pa, "Twb", t_wb_k)


def _peer_cp(t_k, p_pa, w):
    return HAPropsSI("cp_ha", "T", t_k, "P", p_pa, "W", w)  # per kg of humid air


def _peer_saturation_pressure(t_k):
    return PropsSI("P", "T", t_k, "Q", 0, "Water")


STATES = [  # dry bulb °C, wet bulb °C, altitude m
    (35.0, 22.0, 0.0),
    (25.0, 18.0, 379.0),
    (40.0, 20.0, 356.0),
    (30.0, 26.0, 117.0),
    (10.0, 6.0, 1000.0),
    (-5.0, -7.0, 289.0),
]
HUMID_STATES = STATES[:4]  # W above 5 g/kg


@pytest.mark.parametrize("t_db_c, t_wb_c, altitude_m", STATES)
def test_density(t_db_c, t_wb_c, altitude_m):
    t_db, t_wb = t_db_c + 273.15, t_wb_c + 273.15
    state = air.air_state(t_db, altitude_m, t_wet_bulb_k=t_wb)
    assert state.density_kg_m3 == tolerance("ashrae_real_gas_1e3").approx(
        _peer_density(t_db, state.pressure_pa, state.humidity_ratio))


@pytest.mark.parametrize("t_db_c, t_wb_c, altitude_m", HUMID_STATES)
def test_humidity_ratio_from_wet_bulb(t_db_c, t_wb_c, altitude_m):
    t_db, t_wb = t_db_c + 273.15, t_wb_c + 273.15
    state = air.air_state(t_db, altitude_m, t_wet_bulb_k=t_wb)
    peer = _peer_humidity_ratio(t_db, state.pressure_pa, t_wb)
    assert peer > 5e-3
    assert state.humidity_ratio == tolerance("ashrae_ideal_gas").approx(peer)


@pytest.mark.parametrize("t_db_c, t_wb_c, altitude_m", STATES)
def test_specific_heat(t_db_c, t_wb_c, altitude_m):
    t_db, t_wb = t_db_c + 273.15, t_wb_c + 273.15
    state = air.air_state(t_db, altitude_m, t_wet_bulb_k=t_wb)
    assert state.cp_j_kg_k == tolerance("ashrae_ideal_gas").approx(
        _peer_cp(t_db, state.pressure_pa, state.humidity_ratio))


@pytest.mark.parametrize("t_c", [0.01, 10.0, 20.0, 35.0, 50.0, 80.0])
def test_saturation_pressure(t_c):
    assert psy.saturation_pressure(t_c + 273.15) == tolerance("ashrae_real_gas_1e3").approx(
        _peer_saturation_pressure(t_c + 273.15))


@pytest.mark.parametrize("altitude_m", [0.0, 117.0, 379.0, 1000.0, 2500.0])
def test_barometric_pressure_vs_standard_atmosphere(altitude_m):
    assert psy.barometric_pressure(altitude_m) == tolerance("ashrae_real_gas_1e3").approx(
        ATMOSPHERE_1976(altitude_m).P)


def test_airflow_for_heat_with_peer_properties():
    """17 kW at 15 K rise, 35 °C / 22 °C WB air at 379 m: airflow with our and CoolProp's ρ·cp."""
    t_db, t_wb = 308.15, 295.15
    state = air.air_state(t_db, 379.0, t_wet_bulb_k=t_wb)
    w = _peer_humidity_ratio(t_db, state.pressure_pa, t_wb)
    peer = 17e3 / (_peer_density(t_db, state.pressure_pa, w) * _peer_cp(t_db, state.pressure_pa, w) * 15.0)
    ours = air.airflow_for_heat(17e3, 15.0, state.density_kg_m3, state.cp_j_kg_k)
    assert ours == tolerance("ashrae_ideal_gas").approx(peer)
