"""Pipe sizes for the planner: standard bores, sizing by velocity, and installed cost per metre.

The catalogs hold no pipe data; the bores here are the published schedule-40 inside diameters and the
costs are estimates, each with its basis, so the bill of materials can say where every figure comes
from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..layout.placement import Placed
from ..layout.runs import Route, facility_main_route
from ..layout.yard import YardUnit, place_coolers

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


@dataclass
class FacilityMain:
    """Where a hall's heat-rejection units stand and the route of the facility main to its CDUs.

    Attributes
    ----------
    route : Route or None
        The main's route (None when the units have no footprint to place) [m].
    length_m : float
        Length of the main, supply or return (each runs it once) [m].
    yard : list of Placed
        The heat-rejection units in the yard, ids ``<hall>-hr.<n>`` until the planner names them [m].
    note : str
        How the length was found when it is not a route [-].
    """

    route: Route | None
    length_m: float
    yard: list[Placed] = field(default_factory=list)
    note: str = ""


PAD_PASS_M = 0.5
"""Clearance between a facility main passing the transformer pads and the nearer pad [m] (estimate; the
pads stand 1.5 m apart)."""

YARD_OFFSET_M = 15.0
"""Pipe run from the hall wall to the heat-rejection yard when the units give no footprint to place
them by [m] (estimate)."""


def facility_main(hall, unit_size_m: tuple[float, float] | None, n_units: int, cdu_points, wall_y_m: float,
                  service_height_m: float, taken_m: float = 0.0,
                  pad_spans: list[tuple[float, float]] | tuple = ()) -> FacilityMain:
    """Place a hall's heat-rejection units in the yard beside the CDUs' wall and route the main to the CDUs.

    Parameters
    ----------
    hall : retrofit.model.Hall
        The hall (length and width) [m].
    unit_size_m : tuple of float or None
        Footprint of one unit (its catalog width and depth, either order) or None when not given [m].
    n_units : int
        Units installed [-].
    cdu_points : sequence of (float, float)
        Centres of the hall's CDUs [m].
    wall_y_m : float
        y of the wall nearer the CDUs: 0 (south) or the hall width (north) [m].
    service_height_m : float
        Height of the overhead pipe rack [m].
    taken_m : float
        Band along that wall already taken outside (by transformer pads); the yard begins beyond it [m].
    pad_spans : sequence of (float, float)
        x extents of the pads in that band: the main passes between them, not through one [m].

    Returns
    -------
    FacilityMain
        The units' positions and the main, whose length the loop's main takes (so the hydraulic
        solve and the bill of materials, both reading the loop, use this one figure).

    Notes
    -----
    Units stand with their long side along the wall and keep their short side's length free along
    each long side for air (the catalog's footprint note): :func:`retrofit.layout.yard.place_coolers`,
    centred on the CDUs' mean x. The main leaves the row nearest the hall where it comes closest to the
    CDUs' mean x (the yard header runs along the row to the units) and follows
    :func:`retrofit.layout.runs.facility_main_route`. Without a footprint the main is the wall-to-yard
    estimate :data:`YARD_OFFSET_M` plus the run across the hall and the rise, and a note says so.
    """
    length = float(hall.length.to("m").magnitude)
    width = float(hall.width.to("m").magnitude)
    pts = [(float(x), float(y)) for x, y in cdu_points]
    if unit_size_m is None or n_units < 1:
        mean_y = sum(p[1] for p in pts) / len(pts) if pts else 0.0
        return FacilityMain(None, YARD_OFFSET_M + abs(mean_y - wall_y_m) + service_height_m, [],
                            f"{hall.id}: the heat-rejection units give no footprint; the facility main takes "
                            f"{YARD_OFFSET_M:g} m from the wall to the yard (estimate)")
    long_side, short_side = max(unit_size_m), min(unit_size_m)
    side = "south" if wall_y_m <= width / 2 else "north"
    centre = sum(p[0] for p in pts) / len(pts) if pts else length / 2
    units = [YardUnit(f"{hall.id}-hr.{i + 1}", long_side, short_side, short_side) for i in range(n_units)]
    yard = place_coolers(units, length, width, side, centre, start_m=taken_m)
    if side == "south":
        edge = max(p.y_m + p.depth_m for p in yard)
        first = [p for p in yard if abs(p.y_m + p.depth_m - edge) < 1e-9]
    else:
        edge = min(p.y_m for p in yard)
        first = [p for p in yard if abs(p.y_m - edge) < 1e-9]
    x0, x1 = min(p.x_m for p in first), max(p.x_m + p.width_m for p in first)
    x = min(max(centre, x0), x1)
    for a, b in sorted(pad_spans):
        if a - PAD_PASS_M < x < b + PAD_PASS_M:       # through a pad: to the nearer side of it, in the gap
            x = a - PAD_PASS_M if x - a < b - x else b + PAD_PASS_M
    route = facility_main_route((x, edge), 0.0 if side == "south" else width, pts, service_height_m)
    return FacilityMain(route, route.length_m, yard)


__all__ = ["DESIGN_VELOCITY_FRACTION", "FacilityMain", "PAD_PASS_M", "YARD_OFFSET_M", "facility_main", "PIPE_COST_SOURCE", "PIPE_SOURCE", "PipeSize", "SCHEDULE_40_ID_MM",
           "pipe_cost_usd_per_m", "pipe_for_flow"]
