"""Consistency check: the LSI search's columns give, setting by setting, the clearing times and the selectivity
verdicts of retrofit.electrical.tcc (the figures the planner compared one curve at a time before)."""
from __future__ import annotations

import math

import numpy as np

from retrofit.electrical.tcc import DeviceCurve, latest_clearing, selectivity
from retrofit.planning.protection_settings import (LONG_TIME_DELAYS_S, SHORT_TIME_BANDS_S, SHORT_TIME_MULTIPLES,
                                                   _LsiColumns)


def _settings(ir: float, ii: float = math.inf) -> list[DeviceCurve]:
    return [DeviceCurve("", "lsi", ir, lt, m * ir, tsd, ii, opening_time_s=0.05, pickup_tolerance=0.1)
            for lt in LONG_TIME_DELAYS_S for tsd in SHORT_TIME_BANDS_S for m in SHORT_TIME_MULTIPLES]


def test_latest_clearing_of_every_setting_is_tcc_s():
    rng = np.random.default_rng(7)
    for ir in (1600.0, 3200.0, 4000.0):
        curves = _settings(ir, ii=rng.choice([math.inf, 12 * ir]))
        columns = _LsiColumns.of(curves)
        for n in (1, 2, 5, 20):
            currents = rng.uniform(0.5 * ir, 30 * ir, n)
            got = columns.latest_clearing(currents).tolist()
            assert got == [latest_clearing(c, tuple(currents.tolist())) for c in curves]


def test_selectivity_of_every_setting_is_tcc_s():
    rng = np.random.default_rng(11)
    downs = [DeviceCurve("", "lsi", 400.0, 4.0, 2400.0, 0.1, 4000.0, opening_time_s=0.025, pickup_tolerance=0.1),
             DeviceCurve("", "lsi", 1600.0, 8.0, 6400.0, 0.2, math.inf, opening_time_s=0.05, pickup_tolerance=0.1),
             DeviceCurve("", "relay", 300.0, instantaneous_pickup_a=6000.0, relay_a_s=5.64, relay_b_s=0.0243,
                         relay_p=2.0, time_dial=2.0, opening_time_s=0.05, pickup_tolerance=0.05)]
    for ir in (2000.0, 3200.0):
        curves = _settings(ir)
        columns = _LsiColumns.of(curves)
        for down in downs:
            for fault in (300.0, float(rng.uniform(20e3, 80e3)), 100e3):
                for ratio in (1.0, 0.5):
                    got = columns.selective_above(down, fault, ratio).tolist()
                    assert got == [selectivity(down, c, fault, upstream_ratio=ratio).selective for c in curves]
