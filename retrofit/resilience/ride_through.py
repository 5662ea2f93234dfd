"""Ride-through of a liquid loop that keeps circulating after it loses its heat sink: how long its coolant
takes to warm to the racks' limit. A note beside the verdict, never the verdict (the steady state decides).
"""
from __future__ import annotations

import math

from ..cooling.loops import pipe_args
from ..model import Loop


def ride_through_time(volume_m3: float, density_kg_m3: float, cp_j_kg_k: float, dt_allowed_k: float,
                      heat_w: float) -> float:
    """Time for a well-mixed coolant inventory to warm by ``dt_allowed_k`` under a heat load ``heat_w``.

    Parameters
    ----------
    volume_m3 : float
        Coolant volume that circulates [m³].
    density_kg_m3 : float
        Coolant density [kg/m³].
    cp_j_kg_k : float
        Coolant specific heat [J/(kg·K)].
    dt_allowed_k : float
        Temperature rise allowed, limit minus supply before the outage [K].
    heat_w : float
        Heat put into the coolant [W].

    Returns
    -------
    float
        Time [s]; 0 when no rise is allowed, infinite with no heat.

    Notes
    -----
    Lumped energy balance of the coolant with no heat leaving it,
    :math:`t = \\rho V c_p \\Delta T / Q` (Incropera et al., *Fundamentals of Heat and Mass Transfer*,
    6th ed., 2007, §5.2, the lumped capacitance method with the heat input as the only term). The pipe
    walls, the racks' cold plates and the CDUs' own volume are not credited, so the time is a lower bound
    for the fluid counted.

    Examples
    --------
    2 m³ of water (998 kg/m³, 4,182 J/(kg·K)) allowed 5 K under 1 MW lasts about 42 s:

    >>> round(ride_through_time(2.0, 998.0, 4182.0, 5.0, 1.0e6), 1)
    41.7
    """
    if dt_allowed_k <= 0.0:
        return 0.0
    if heat_w <= 0.0:
        return math.inf
    return density_kg_m3 * volume_m3 * cp_j_kg_k * dt_allowed_k / heat_w


def loop_volume_m3(loop: Loop, taps: int) -> float:
    """Coolant volume in a loop's pipes [m³]: supply and return mains, ``taps`` - 1 header segments and
    ``taps`` branches, each supply and return (the layout of :func:`retrofit.cooling.loops.tcs_network`).

    Parameters
    ----------
    loop : Loop
        The loop (its ``main``, ``header`` and ``branch`` runs) [-].
    taps : int
        Racks (TCS loop) or CDUs (facility loop) on its header [-].

    Returns
    -------
    float
        Volume [m³].
    """
    def run(r, n):
        a = pipe_args(r)
        return n * 2.0 * a["length"] * math.pi * a["diameter"] ** 2 / 4.0

    return run(loop.main, 1) + run(loop.header, max(taps - 1, 0)) + run(loop.branch, taps)


__all__ = ["loop_volume_m3", "ride_through_time"]
