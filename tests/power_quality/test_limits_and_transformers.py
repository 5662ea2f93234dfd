"""The IEEE 519-2022 limit tables, the UL 1561 / IEEE C57.110 K-factor and derating.

The limit tables are checked against the values printed in IEEE Std 519-2022 Tables 1 and 2 (a
transcription check, exact). No worked K-factor example of UL 1561 or IEEE C57.110 could be read for this
work, so the K-factor is checked against closed-form results (consistency checks): the ideal 6-pulse
current (I_h = I_1/h, ABB Technical Guide No. 6) and a sinusoid.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from retrofit.electrical.harmonics import (c57110_max_current_pu, current_distortion_limit, eddy_loss_percent,
                                           insulation_of, k_factor, load_spectra, voltage_distortion_limit)


@pytest.mark.parametrize("vn_kv,individual,thd", [(0.48, 5.0, 8.0), (1.0, 5.0, 8.0), (13.8, 3.0, 5.0),
                                                  (69.0, 3.0, 5.0), (115.0, 1.5, 2.5), (230.0, 1.0, 1.5)])
def test_ieee519_table1_printed_values(vn_kv, individual, thd):
    lim = voltage_distortion_limit(vn_kv)
    assert (lim.individual_percent, lim.thd_percent) == (individual, thd)


@pytest.mark.parametrize("isc_il,row", [(10.0, (4.0, 2.0, 1.5, 0.6, 0.3, 5.0)), (20.0, (7.0, 3.5, 2.5, 1.0, 0.5, 8.0)),
                                        (64.0, (10.0, 4.5, 4.0, 1.5, 0.7, 12.0)),
                                        (500.0, (12.0, 5.5, 5.0, 2.0, 1.0, 15.0)),
                                        (2000.0, (15.0, 7.0, 6.0, 2.5, 1.4, 20.0))])
def test_ieee519_table2_printed_values(isc_il, row):
    lim = current_distortion_limit(isc_il)
    assert tuple(lim.individual_percent(h) for h in (5, 13, 19, 25, 41)) + (lim.tdd_percent,) == row


def test_ieee519_2022_even_orders():
    lim = current_distortion_limit(10.0)
    assert lim.individual_percent(4) == 2.0 and lim.individual_percent(8) == 4.0 and lim.individual_percent(2) == math.inf


def test_k_factor_of_a_sinusoid_is_one_and_ideal_six_pulse_closed_form():
    assert k_factor([1], [5.0]) == 1.0
    s = load_spectra()["ideal-6-pulse"]
    h = np.concatenate([[1], s.orders])
    i = np.concatenate([[1.0], s.fraction])
    # I_h = 1/h: sum I^2 h^2 = 1 + (number of orders); sum I^2 = 1 + sum 1/h^2 (consistency check)
    expected = (1 + len(s.orders)) / (1 + float(np.sum(1.0 / s.orders.astype(float) ** 2)))
    assert k_factor(h, i) == pytest.approx(expected, rel=1e-6)


def test_c57110_capability_is_rated_for_a_sinusoid_and_falls_with_f_hl():
    assert c57110_max_current_pu(1.0, 0.15) == pytest.approx(1.0, rel=1e-12)
    # F_HL = 10, P_EC-R = 15 %: sqrt(1.15 / 2.5)
    assert c57110_max_current_pu(10.0, 0.15) == pytest.approx(math.sqrt(1.15 / 2.5), rel=1e-12)


def test_eddy_loss_rows_and_insulation():
    assert eddy_loss_percent("dry", 750.0, 13.8) == (8.0, "3-8 %")
    assert eddy_loss_percent("dry", 2500.0, 4.16)[0] == 20.0
    assert eddy_loss_percent("dry", 2500.0, 13.8)[0] == 15.0
    assert eddy_loss_percent("liquid", 2500.0, 13.8)[0] == 1.0
    assert insulation_of("AA") == "dry" and insulation_of("ONAN") == "liquid"
