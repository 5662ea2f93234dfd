"""The plain-float paths and the remembered results of the time-current module give exactly what the
array computation gives (consistency checks: the same IEEE operations in the same order)."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from retrofit.electrical import tcc
from retrofit.electrical.relay_settings import recommend_primary_relay
from retrofit.electrical.tcc import DeviceCurve, clearing_time, latest_clearing, selectivity


def _curves(rng):
    for _ in range(150):
        ir = rng.uniform(50.0, 5000.0)
        yield DeviceCurve("cb", "lsi", ir, rng.choice([2.0, 4.0, 24.0, math.inf]),
                          rng.choice([math.inf, ir * rng.choice([2, 4, 10])]), rng.choice([0.1, 0.3, math.inf]),
                          rng.choice([math.inf, ir * 10]), opening_time_s=0.05, pickup_tolerance=rng.choice([0.0, 0.1]))
        a, b, p = rng.choice([(0.0515, 0.114, 0.02), (19.61, 0.491, 2.0), (28.2, 0.1217, 2.0)])
        yield DeviceCurve("r", "relay", ir, instantaneous_pickup_a=rng.choice([math.inf, ir * 20]), relay_a_s=a,
                          relay_b_s=b, relay_p=p, time_dial=rng.choice([0.1, 1.0, 4.5]), opening_time_s=0.0833,
                          pickup_tolerance=0.05)


def test_one_current_and_a_few_currents_give_the_array_times():
    rng = random.Random(14)
    for curve in _curves(rng):
        ir = curve.long_time_pickup_a
        currents = [0.0, ir, ir * 1.1, ir * (1 + 1e-15)] + [ir * rng.uniform(0.5, 60.0) for _ in range(12)]
        for bound in ("max", "min"):
            few = clearing_time(curve, np.array(currents[:tcc._FEW]), bound)
            full = clearing_time(curve, np.array(currents + [1.0] * tcc._FEW), bound)[:tcc._FEW]
            assert np.array_equal(few, full)
            for i in currents:
                one = clearing_time(curve, i, bound)
                assert type(one) is float
                # a single current goes through numpy's scalar arithmetic (the C pow for a square)
                assert one == float(clearing_time(curve, np.array(i), bound))  # a 0-d array: numpy's path
            assert latest_clearing(curve, currents[:4]) == float(np.max(clearing_time(curve, np.array(currents[:4]), "max")))


def test_a_negative_current_is_refused_on_every_path():
    c = DeviceCurve("cb", "lsi", 1000.0, 4.0, 4000.0, 0.2, 10000.0)
    for current in (-1.0, np.array([10.0, -1.0])):
        with pytest.raises(Exception, match="current must be >= 0"):
            clearing_time(c, current)


def test_selectivity_is_the_same_for_curves_differing_only_by_id_and_remembered():
    feeder = DeviceCurve("f", "lsi", 800.0, 4.0, 4800.0, 0.1, 8000.0, opening_time_s=0.025)
    main = DeviceCurve("m", "lsi", 4000.0, 4.0, 16000.0, 0.3, math.inf, opening_time_s=0.05)
    tcc._CHECKED.clear()
    tcc._DOWNSTREAM.clear()
    first = selectivity(feeder, main, 40e3)
    again = selectivity(DeviceCurve("f2", *[getattr(feeder, f) for f in list(feeder.__dataclass_fields__)[1:]]),
                        DeviceCurve("m2", *[getattr(main, f) for f in list(main.__dataclass_fields__)[1:]]), 40e3)
    assert again is first
    tcc._CHECKED.clear()
    tcc._DOWNSTREAM.clear()
    assert tcc._selectivity(feeder, main, 40e3, 0.0, 1.0, 200) == first


def test_a_remembered_relay_recommendation_carries_its_own_relay_id():
    main = DeviceCurve("main", "lsi", 4000.0, 4.0, 16000.0, 0.3, math.inf, opening_time_s=0.05)
    args = (104.6, 627.6, main, 60e3, 415 / 13800, 12e3, (19.61, 0.491, 2.0), 0.0833, 0.05, 0.3)
    a, b = recommend_primary_relay("p1", *args), recommend_primary_relay("p2", *args)
    assert (a.curve.device, b.curve.device) == ("p1", "p2")
    assert a.time_dial == b.time_dial and a.curve.shape == b.curve.shape
