"""Load-swing aggregation, storage sizing and flicker.

The Pst = 1 curve is checked against the values printed in IEC 61000-4-15:2010 Table 5 (120 V 60 Hz and
230 V 50 Hz columns, three decimals: exact transcription). The aggregation and storage figures are checked
against hand calculations (consistency checks, exact formulas: rel 1e-12).
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.load_swing import (aggregate_swing_w, allowed_swing_w, gb300_swing_profile, miner_buffer_w,
                                            power_floor_for_swing, pst1_change_percent, pst1_curve, pst_rectangular,
                                            ramp_with_storage_w_per_s, smoothed_swing_w, smoothing_loss_w,
                                            smoothing_need, storage_for_ramp_j, voltage_change_percent)

TABLE5_120V_60HZ = {1: 3.181, 2: 2.564, 7: 1.694, 39: 1.040, 110: 0.844, 1620: 0.548}
TABLE5_230V_50HZ = {1: 2.715, 2: 2.191, 7: 1.450, 39: 0.894, 110: 0.722, 1620: 0.407}


@pytest.mark.parametrize("frequency,table", [(60.0, TABLE5_120V_60HZ), (50.0, TABLE5_230V_50HZ)])
def test_pst1_curve_is_iec61000_4_15_table5(frequency, table):
    r, d = pst1_curve(frequency_hz=frequency)
    assert dict(zip(r.astype(int).tolist(), d.tolist())) == table
    for cpm, dv in table.items():  # at each printed point the change of the table gives Pst = 1
        assert pst_rectangular(dv, cpm, (r, d)) == pytest.approx(1.0, rel=1e-12)


def test_pst_between_points_is_log_log_interpolated_and_linear_in_d():
    curve = pst1_curve(frequency_hz=60.0)
    d1 = math.exp(0.5 * (math.log(1.040) + math.log(0.844)))  # geometric mean at the geometric mean rate
    assert pst_rectangular(d1, math.sqrt(39 * 110), curve) == pytest.approx(1.0, rel=1e-12)
    assert pst_rectangular(2 * 0.844, 110, curve) == pytest.approx(2.0, rel=1e-12)


def test_aggregation_hand_calculation():
    # 112 racks x 77.5 kW: 8.68 MW in lockstep; 42 independent jobs: band 3 sqrt(42) = 19.44 job swings
    worst, diverse = aggregate_swing_w(77.5e3, 112, jobs=42)
    assert worst == pytest.approx(8.68e6, rel=1e-12)
    assert diverse == pytest.approx(3 * math.sqrt(42) * 8.68e6 / 42, rel=1e-12)
    assert aggregate_swing_w(77.5e3, 112, jobs=4)[1] == pytest.approx(8.68e6, rel=1e-12)  # 3 sqrt(4) > 4: capped


def test_storage_for_a_ramp_and_the_ramp_it_gives():
    # 8 MW swing, 2 s period, limit 60 MW/min = 1 MW/s: triangle 8^2/2 = 32 MJ > dP T/4 = 4 MJ -> 4 MJ
    assert storage_for_ramp_j(8e6, 1e6, 2.0) == pytest.approx(4e6, rel=1e-12)
    assert storage_for_ramp_j(8e6, 1e6) == pytest.approx(32e6, rel=1e-12)  # a single step (job start)
    assert ramp_with_storage_w_per_s(8e6, 4e6, 2.0, 0.05) == 0.0  # enough to flatten
    assert ramp_with_storage_w_per_s(8e6, 1e6, 2.0, 0.05) == pytest.approx(32e6, rel=1e-12)  # 8^2 / (2 x 1)
    assert ramp_with_storage_w_per_s(8e6, 0.0, 2.0, 0.05) == pytest.approx(160e6, rel=1e-12)  # the bare edge
    assert miner_buffer_w(8e6, None, 2.0) == 8e6


def test_voltage_change_of_an_active_step():
    # X/R 12: cos psi = 1/sqrt(145); unity power factor
    assert voltage_change_percent(3e6, 0.0, 300e6, 12.0) == pytest.approx(100 * 0.01 / math.sqrt(145), rel=1e-12)


def test_profile_from_catalog():
    p = gb300_swing_profile()
    assert p.storage_j == pytest.approx(65.0 * 72, rel=1e-12)
    assert 0 < p.swing_fraction < 1 and p.period_s > p.edge_time_s > 0
    assert all(src for _, src in p.sources.values())


def test_allowed_swing_inverts_the_flicker_estimate():
    # the largest swing at the Pst limit gives back that Pst (consistency check, rel 1e-12)
    curve = pst1_curve(frequency_hz=60.0)
    for tan_phi, xr in ((0.0, 0.0), (0.2, 15.0)):
        dp = allowed_swing_w(0.9, 60.0, curve, tan_phi, 1.2e9, xr)
        assert pst_rectangular(voltage_change_percent(dp, tan_phi, 1.2e9, xr), 60.0, curve) == pytest.approx(0.9, rel=1e-12)
    # resistive network at a printed point of Table 5: 1.040 % of 300 MVA at 39 changes a minute (hand calculation)
    assert allowed_swing_w(1.0, 39.0, curve, 0.0, 300e6, 0.0) == pytest.approx(3.12e6, rel=1e-12)
    assert pst1_change_percent(39.0, curve) == 1.040


def test_smoothing_storage_hand_calculation():
    # 150 MW swing to 40 MW, 2 s period, pf 0.98: +/- 55 MW, 55 / 0.98 MVA, 55 MW x 1 s = 55 MJ
    need = smoothing_need(150e6, 40e6, 2.0, 0.98)
    assert need.power_w == pytest.approx(55e6, rel=1e-12)
    assert need.rating_va == pytest.approx(55e6 / 0.98, rel=1e-12)
    assert need.energy_j == pytest.approx(55e6, rel=1e-12)
    # the store of that rating and energy leaves the target swing; a smaller one leaves more
    assert smoothed_swing_w(150e6, need.rating_va, need.energy_j, 2.0, 0.98) == pytest.approx(40e6, rel=1e-12)
    assert smoothed_swing_w(150e6, need.rating_va, need.energy_j / 2, 2.0, 0.98) == pytest.approx(95e6, rel=1e-12)
    assert smoothed_swing_w(150e6, 1e12, 1e12, 2.0, 0.98) == 0.0  # never more than flat
    assert smoothing_need(30e6, 40e6, 2.0, 1.0).power_w == 0.0
    # cycling loss: 110 MW smoothed, 27.5 MW delivered on average at 92 % round trip
    assert smoothing_loss_w(150e6, 40e6, 0.92) == pytest.approx(27.5e6 * (1 / 0.92 - 1), rel=1e-12)


def test_power_floor_hand_calculation():
    # a 50 % swing cut to 12.5 %: low level 87.5 % of peak, burning (0.875 - 0.5) / 2 of peak on average
    floor, burn = power_floor_for_swing(0.5, 0.125)
    assert floor == pytest.approx(0.875, rel=1e-12) and burn == pytest.approx(0.1875, rel=1e-12)
    assert power_floor_for_swing(0.5, 0.6) == (0.5, 0.0)  # no cut asked: no burn
