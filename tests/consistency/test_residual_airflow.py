"""Residual-air airflow of a GB300 NVL72 rack: V = P/(ρ·cp·ΔT) against the project's own figures.

Source: the project's design figures for residual air (not a publication): 15 kW at ΔT 15 K →
0.84 m³/s (1,785 cfm); 17 kW at 15 K → 2,023 cfm; 20 kW at 12 K → 1.40 m³/s (2,975 cfm), computed
with ρ = 1.18 kg/m³ and cp = 1006 J/kg·K, the ASHRAE dry-air value (Handbook—Fundamentals 2017,
ch. 1, Eq. 30). The 0.96 m³/s printed beside 2,023 cfm is a rounding slip (2,023 cfm is 0.9547 m³/s,
0.95); the cfm value is checked and the slip recorded.
Kind: consistency check (the project's own arithmetic redone by the kernels; not validation), plus
identities of the exhaust-fan density derating (a fan moves the same volume at any density).
Tolerance: ``printed_4sf`` for the cfm figures (4 significant figures), ``printed_3sf`` for the m³/s
figures (2 decimals), ``closed_form`` for the identities.
"""
import pytest

from retrofit.cooling import air
from retrofit.cooling import psychrometrics as psy
from retrofit.testing import tolerance

RHO, CP = 1.18, 1006.0  # kg/m³, J/kg·K, as used in the notes
CASES = [  # kW, K, m³/s printed, cfm printed
    (15.0, 15.0, 0.84, 1785.0),
    (17.0, 15.0, None, 2023.0),
    (20.0, 12.0, 1.40, 2975.0),
]


@pytest.mark.parametrize("p_kw, dt_k, flow_m3_s, flow_cfm", CASES)
def test_airflow_for_residual_heat(p_kw, dt_k, flow_m3_s, flow_cfm):
    v = air.airflow_for_heat(p_kw * 1e3, dt_k, RHO, CP)
    assert air.m3_s_to_cfm(v) == tolerance("printed_4sf").approx(flow_cfm)
    if flow_m3_s is not None:
        assert v == tolerance("printed_3sf").approx(flow_m3_s)


def test_second_row_rounding_slip():
    v = air.airflow_for_heat(17e3, 15.0, RHO, CP)
    assert round(v, 2) == 0.95  # the notes print 0.96
    assert air.cfm_to_m3_s(2023.0) == tolerance("printed_4sf").approx(v)


def test_cfm_round_trip():
    assert air.cfm_to_m3_s(air.m3_s_to_cfm(1.234)) == tolerance("closed_form").approx(1.234)
    assert air.cfm_to_m3_s(1.0) == tolerance("closed_form").approx(0.3048**3 / 60.0)


def test_heat_carried_inverts_airflow():
    v = air.airflow_for_heat(17e3, 15.0, RHO, CP)
    assert air.heat_carried(v, 15.0, RHO, CP) == tolerance("closed_form").approx(17e3)


def test_exhaust_fan_density_derating():
    """Wenatchee-like site (379 m), 40 °C exhaust: heat per fan falls with the density ratio."""
    check = air.exhaust_fan_check(17e3, 15.0, 1.0, 313.15, 379.0)
    state = air.air_state(313.15, 379.0)
    ratio = state.density_kg_m3 / air.STANDARD_AIR_DENSITY_KG_M3
    at_standard = air.heat_carried(1.0, 15.0, air.STANDARD_AIR_DENSITY_KG_M3, state.cp_j_kg_k)
    assert check.heat_removable_w == tolerance("closed_form").approx(at_standard * ratio)
    assert check.airflow_standard_equivalent_m3_s == tolerance("closed_form").approx(ratio)
    assert check.utilisation == tolerance("closed_form").approx(check.airflow_required_m3_s / 1.0)
    assert not check.adequate and check.margin_w < 0.0
    assert air.exhaust_fan_check(17e3, 15.0, 0.55, 313.15, 379.0, n_fans=2).adequate


def test_density_falls_with_altitude_and_temperature():
    rho_sea = air.air_state(298.15, 0.0).density_kg_m3
    assert air.air_state(298.15, 379.0).density_kg_m3 < rho_sea
    assert air.air_state(308.15, 0.0).density_kg_m3 < rho_sea
    # ideal gas: density of dry air proportional to p/T (ASHRAE Fundamentals 2017 ch. 1 Eq. 26)
    expected = psy.barometric_pressure(379.0) / (psy.R_DRY_AIR_J_KG_K * 298.15)
    assert air.air_state(298.15, 379.0).density_kg_m3 == tolerance("closed_form").approx(expected)
