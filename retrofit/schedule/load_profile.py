"""Mining and GPU IT load by month, from the phases and their dates.

Mining runs at the existing fleet's rated power until the first phase stops its miners; from each
phase's mining stop on, at the power of the miners that phase keeps running. GPU IT capacity comes
live at each phase's ready-for-service date, at the design IT power of the racks live in that phase.
Each month's figure is the average over its days.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MonthlyLoad:
    """Load of one month.

    Attributes
    ----------
    month : datetime.date
        First day of the month [-].
    mining_kw : float
        Average rated power of the miners running [kW].
    gpu_it_kw : float
        Average design IT power of the GPU capacity live [kW].
    """

    month: dt.date
    mining_kw: float
    gpu_it_kw: float


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    m = day.year * 12 + day.month - 1 + months
    return dt.date(m // 12, m % 12 + 1, 1)


def monthly_load(start: dt.date, months: int, existing_mining_kw: float,
                 steps: list[tuple[dt.date, float, dt.date, float]]) -> list[MonthlyLoad]:
    """Mining and GPU IT load by month from the start month on.

    Parameters
    ----------
    start : datetime.date
        Programme start (the profile starts on the first day of its month).
    months : int
        Months of profile [-].
    existing_mining_kw : float
        Rated power of the miners before the programme [kW].
    steps : list of (date, float, date, float)
        Per phase: mining stop date, mining power it keeps [kW], ready-for-service date, IT power live
        from then on (cumulative) [kW].

    Returns
    -------
    list of MonthlyLoad

    Examples
    --------
    >>> p = monthly_load(dt.date(2027, 1, 1), 3, 1000.0, [(dt.date(2027, 2, 1), 0.0, dt.date(2027, 3, 1), 500.0)])
    >>> [(x.mining_kw, x.gpu_it_kw) for x in p]
    [(1000.0, 0.0), (0.0, 0.0), (0.0, 500.0)]
    """
    def mining(day: dt.date) -> float:
        levels = [kw for stop, kw, _, _ in steps if stop <= day]
        return min([existing_mining_kw] + levels)

    def gpu(day: dt.date) -> float:
        return max([0.0] + [kw for _, _, rfs, kw in steps if rfs <= day])

    out = []
    first = dt.date(start.year, start.month, 1)
    for k in range(months):
        a, b = add_months(first, k), add_months(first, k + 1)
        days = [a + dt.timedelta(i) for i in range((b - a).days)]
        out.append(MonthlyLoad(a, sum(mining(d) for d in days) / len(days), sum(gpu(d) for d in days) / len(days)))
    return out


__all__ = ["MonthlyLoad", "add_months", "monthly_load"]
