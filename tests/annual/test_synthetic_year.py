"""The synthetic typical year follows the ASHRAE daily-range profile on the monthly normals it is given.

Source: ASHRAE Handbook—Fundamentals, chapter 14, "Generating Design-Day Data", table "Fraction of Daily
Temperature Range" (hour 5: 1.00, hours 14-15: 0.00, hour 20: 0.50, local standard time).
Kind: consistency check (the project's generator against the table it implements).
Tolerance: ``closed_form`` (the same arithmetic).
"""
from __future__ import annotations

import numpy as np

from retrofit.testing import tolerance
from retrofit.weather.synthetic import DAYS_IN_MONTH, hourly_from_monthly, synthetic_year

CLOSED = tolerance("closed_form")


def _mid_july_day() -> int:
    return int(np.sum(DAYS_IN_MONTH[:6]) + 15)  # 16 July, 0-based day 196: the mid-point of July


def test_daily_profile_at_mid_month_is_the_ashrae_profile():
    t_max = np.linspace(270.0, 300.0, 12)
    t_min = t_max - np.linspace(8.0, 14.0, 12)
    t, dew, month = hourly_from_monthly(t_max, t_min, t_min - 2.0)
    day = t[24 * _mid_july_day(): 24 * (_mid_july_day() + 1)]
    # July's mid-point is day 196.0 of 365 (181 days before it + 15.5): the day centred on it is day 196
    mid = (np.sum(DAYS_IN_MONTH[:6]) + 15.5)
    assert abs(mid - (_mid_july_day() + 0.5)) < 1e-12
    assert day[13] == CLOSED.approx(t_max[6]) and day[14] == CLOSED.approx(t_max[6])
    assert day[4] == CLOSED.approx(t_min[6])
    assert day[19] == CLOSED.approx(t_max[6] - 0.5 * (t_max[6] - t_min[6]))
    assert np.all(dew <= t) and month[24 * _mid_july_day()] == 7


def test_catalog_site_gives_a_labelled_synthetic_year():
    y = synthetic_year("moses-lake-wa", 356.0)
    assert y.synthetic and y.hours == 8760
    assert y.label().startswith("SYNTHETIC")
    assert y.to_json()["synthetic"] is True
    assert np.all(y.t_wet_bulb_k <= y.t_dry_bulb_k + 1e-9)
