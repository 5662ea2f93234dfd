"""The selection MILP reports its status and gap; a time-limited point is flagged, never passed off as optimal."""
from __future__ import annotations

import math

from retrofit.planning.milp import Model


def _knapsack(n: int = 60) -> Model:
    """A knapsack large enough that HiGHS cannot prove optimality in a tiny time limit."""
    m = Model()
    for i in range(n):
        m.binary(f"x{i}", cost=-(37 * i % 101 + 1))
    m.add("weight", {f"x{i}": (53 * i % 97 + 1) for i in range(n)}, ub=1000.0)
    return m


def test_an_optimum_has_status_optimal_and_zero_gap():
    res = _knapsack(8).solve(time_limit_s=20.0)
    assert res.success and res.optimal
    report = res.report()
    assert report["status"] == "optimal" and report["optimal"] is True and report["gap_percent"] == 0.0


def test_a_time_limited_point_is_not_optimal_and_says_so():
    res = _knapsack(400).solve(time_limit_s=1e-6)
    report = res.report()
    assert not res.optimal
    assert report["optimal"] is False and report["status"] != "optimal"
    assert report["time_limit_s"] == 1e-6
    assert report["gap_percent"] is None or report["gap_percent"] > 0.0 or math.isnan(res.gap)
