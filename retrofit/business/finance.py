"""Discounted cash flow: net present value, internal rate of return and payback of a series of cash flows.

Cash flows are at the end of equal periods, the first at time 0 (not discounted): the convention of
spreadsheet NPV with the initial outlay added, and of numpy-financial's ``npv``.
"""
from __future__ import annotations

import math
from itertools import repeat
from operator import truediv


def npv(rate: float, flows: list[float]) -> float:
    """Net present value of ``flows`` at ``rate`` per period [USD].

    Parameters
    ----------
    rate : float
        Discount rate per period [-].
    flows : list of float
        Cash flow of each period, the first at time 0 [USD].

    Returns
    -------
    float
        NPV = sum of flows[t] / (1 + rate)**t [USD].

    Examples
    --------
    >>> round(npv(0.10, [-100.0, 60.0, 60.0]), 4)
    4.1322
    """
    if rate <= -1.0:
        raise ValueError(f"discount rate {rate} per period; expected above -1")
    # The same terms summed in the same order as sum(f / (1 + rate) ** t ...), without a generator's frame.
    return sum(map(truediv, flows, map(pow, repeat(1.0 + rate), range(len(flows)))))


def irr(flows: list[float], low: float = -0.99, high: float = 10.0, tol: float = 1e-12) -> float | None:
    """Internal rate of return per period: the rate where the NPV of ``flows`` is zero [-].

    The lowest root in (``low``, ``high``) is found by scanning for the first sign change of the NPV on a
    geometric grid and bisecting it. None when the NPV does not change sign there (for example every
    flow of the same sign).

    Parameters
    ----------
    flows : list of float
        Cash flow of each period, the first at time 0 [USD].
    low, high : float
        Search interval [-].
    tol : float
        Width of the final bracket [-].

    Returns
    -------
    float or None
        IRR per period [-].

    Examples
    --------
    >>> round(irr([-100.0, 60.0, 60.0]), 6)
    0.130662
    """
    if not any(f > 0 for f in flows) or not any(f < 0 for f in flows):
        return None
    grid = [low + (high - low) * (math.expm1(4.0 * k / 400) / math.expm1(4.0)) for k in range(401)]
    prev_r, prev_v = grid[0], npv(grid[0], flows)
    for r in grid[1:]:
        v = npv(r, flows)
        if prev_v == 0.0:
            return prev_r
        if (prev_v < 0) != (v < 0):
            a, b, fa = prev_r, r, prev_v
            while b - a > tol:
                m = 0.5 * (a + b)
                fm = npv(m, flows)
                if (fm < 0) == (fa < 0):
                    a, fa = m, fm
                else:
                    b = m
            return 0.5 * (a + b)
        prev_r, prev_v = r, v
    return None


def payback_period(flows: list[float], rate: float = 0.0) -> int | None:
    """First period at whose end the cumulative (discounted at ``rate``) cash flow is no longer negative,
    after having been negative; None when it never recovers [period].

    Examples
    --------
    >>> payback_period([-100.0, 30.0, 30.0, 50.0])
    3
    """
    total, was_negative = 0.0, False
    for t, f in enumerate(flows):
        total += f / (1.0 + rate) ** t
        if total < 0:
            was_negative = True
        elif was_negative:
            return t
    return None


def monthly_rate(annual: float) -> float:
    """The monthly rate equivalent to a yearly rate, compounded: (1 + annual)**(1/12) - 1 [-].

    Examples
    --------
    >>> round(monthly_rate(0.10), 6)
    0.007974
    """
    return (1.0 + annual) ** (1.0 / 12.0) - 1.0


def annual_rate(monthly: float) -> float:
    """The yearly rate equivalent to a monthly rate, compounded [-]."""
    return (1.0 + monthly) ** 12 - 1.0


__all__ = ["annual_rate", "irr", "monthly_rate", "npv", "payback_period"]
