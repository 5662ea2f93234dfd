"""Consistency checks: the shortcuts of the cash-flow sums give the values of the plain sums, bit for bit."""
from __future__ import annotations

import datetime as dt
import random

from retrofit.business.case import _ramp, _ramp_days
from retrofit.business.finance import npv


def test_ramp_days_equals_the_day_by_day_sum():
    rng = random.Random(7)
    for _ in range(3000):
        month = dt.date(rng.randint(2025, 2035), rng.randint(1, 12), 1)
        nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        days = (nxt - month).days
        rfs = month + dt.timedelta(rng.randint(-400, 60))
        ramp = rng.choice([0.0, -1.0, 0.5, 1.0, 2.5, 6.0, 12.0, rng.uniform(0.0, 10.0)])
        plain = sum(_ramp(month + dt.timedelta(i), rfs, ramp) for i in range(days))
        assert _ramp_days(month, days, rfs, ramp) == plain


def test_npv_equals_the_term_by_term_sum():
    rng = random.Random(11)
    for _ in range(500):
        flows = [rng.uniform(-1e8, 1e8) for _ in range(rng.randint(1, 150))]
        rate = rng.uniform(-0.9, 2.0)
        assert npv(rate, flows) == sum(f / (1.0 + rate) ** t for t, f in enumerate(flows))
