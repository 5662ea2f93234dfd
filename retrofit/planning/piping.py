"""Pipe sizes for the planner: standard bores, sizing by velocity, and installed cost per metre.

The catalogs hold no pipe data; the bores here are the published schedule-40 inside diameters and the
costs are estimates, each with its basis, so the bill of materials can say where every figure comes
from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

SCHEDULE_40_ID_MM: dict[str, float] = {
    '2"': 52.5, '2-1/2"': 62.7, '3"': 77.9, '4"': 102.3, '5"': 128.2, '6"': 154.1, '8"': 202.7,
    '10"': 254.5, '12"': 303.2, '14"': 333.4, '16"': 381.0, '18"': 428.7, '20"': 477.9, '24"': 574.6,
    '30"': 742.9, '36"': 895.4, '42"': 1047.8,
}
"""Inside diameters of steel pipe [mm] (ASME B36.10M wall thickness table): schedule 40 up to 24 in.,
standard wall (9.53 mm) for 30, 36 and 42 in., where schedule 40 is not listed or heavier."""

PIPE_SOURCE = "inside diameters: ASME B36.10M, schedule 40 to 24 in., standard wall above (published)"

DESIGN_VELOCITY_FRACTION = 0.8
"""Pipes are sized for 80 % of the criteria's highest velocity, leaving room for the flow of all
pumps running (the hydraulic solve of the proposed design checks the actual velocity)."""


@dataclass(frozen=True)
class PipeSize:
    """A chosen pipe: nominal size, bore and installed cost per metre."""

    nominal: str
    diameter_m: float
    cost_usd_per_m: float


def pipe_cost_usd_per_m(diameter_m: float) -> float:
    """Installed cost of insulated welded steel pipe per metre of run, supply or return.

    Parameters
    ----------
    diameter_m : float
        Inside diameter [m].

    Returns
    -------
    float
        Cost [USD/m].

    Notes
    -----
    Estimate (order of magnitude, 2026 USD; not from a catalog): 150 USD/m plus 6 USD per mm of bore,
    i.e. about 470 USD/m at 2 in. and 3,600 USD/m at 24 in., covering pipe, fittings, supports,
    insulation and labour. Verify with a mechanical contractor's quote.
    """
    return 150.0 + 6.0 * diameter_m * 1e3


PIPE_COST_SOURCE = ("estimate: 150 USD/m + 6 USD per mm of bore per metre, installed insulated steel pipe, "
                    "order of magnitude, 2026 USD; no piping catalog")


def pipe_for_flow(flow_m3_s: float, velocity_max_m_s: float) -> PipeSize:
    """Smallest schedule-40 pipe whose velocity at ``flow_m3_s`` stays within the design fraction of the limit.

    Parameters
    ----------
    flow_m3_s : float
        Design flow [m³/s].
    velocity_max_m_s : float
        Highest velocity the criteria allow [m/s].

    Returns
    -------
    PipeSize
        The pipe; the largest of the table when even it is too small (the hydraulic check will say so).

    Notes
    -----
    :math:`v = 4Q/(\\pi D^2) \\le f\\,v_{max}` with :math:`f` = ``DESIGN_VELOCITY_FRACTION``.
    """
    v = DESIGN_VELOCITY_FRACTION * velocity_max_m_s
    chosen = None
    for nominal, d_mm in SCHEDULE_40_ID_MM.items():
        chosen = (nominal, d_mm / 1e3)
        if 4.0 * flow_m3_s / (math.pi * chosen[1] ** 2) <= v:
            break
    return PipeSize(chosen[0], chosen[1], pipe_cost_usd_per_m(chosen[1]))


__all__ = ["DESIGN_VELOCITY_FRACTION", "PIPE_COST_SOURCE", "PIPE_SOURCE", "PipeSize", "SCHEDULE_40_ID_MM",
           "pipe_cost_usd_per_m", "pipe_for_flow"]
