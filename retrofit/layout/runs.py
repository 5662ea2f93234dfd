"""Service routes and lengths on a hall plan: rack busway routes, coolant pipe run lengths per row.

A busway's route (:func:`busway_route`) needs its switchboard, which the planner assigns after the
layout: the planner takes every busway's length from that function, and the floor plan draws the same
route. The per-row lengths below are the coolant runs and the distances from the CDUs and the
electrical zone, which the layout alone determines.

Routes are rectilinear (Manhattan): services run along the rows and across the aisles and walkways,
never diagonally through racks, so the length between two points is |dx| + |dy|. A route to a row ends
at the nearer end of the row, on its centreline.

Keys of the returned dict (every value in metres):

``tcs_header/<row>``
    TCS supply (and, equally, return) header along the row: the row length.
``tcs_branch/<row>``
    Branch from the header to one rack of the row: the service height (header overhead, rack manifold
    connection taken at floor level: an upper bound) plus half the rack depth (header above the row
    centreline, manifold at the rack's rear).
``cdu_to_row/<row>``
    From the nearest CDU (its centre) to the row's nearer end.
``electrical_to_row/<row>``
    From the electrical zone (the centre of the front of the equipment line-up, else the centre of the
    electrical room) to the row's nearer end; absent when the hall has neither.
``tcs_header_total``, ``tcs_branch_total``, ``cdu_to_row_total``, ``electrical_to_row_total``
    Sums over rows (``tcs_branch_total`` counts one branch per rack).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Route:
    """A rectilinear service route on the hall plan.

    Attributes
    ----------
    points : tuple of (float, float)
        Plan vertices from the source to the far end [m].
    rise_m : float
        Vertical run between the floor-standing source and the overhead level [m].
    """

    points: tuple[tuple[float, float], ...]
    rise_m: float

    @property
    def length_m(self) -> float:
        """Plan length plus the rise [m]."""
        pts = np.asarray(self.points, dtype=float)
        return float(np.abs(np.diff(pts, axis=0)).sum() + self.rise_m)


@dataclass(frozen=True)
class RoutedRun:
    """A named service run on the hall plan (a facility main, a feeder), with its route.

    Attributes
    ----------
    id : str
        Id of the element the run belongs to (a loop, a cable) [-].
    kind : str
        ``facility_main`` or ``mv_cable`` [-].
    route : Route
        Its route [m].
    """

    id: str
    kind: str
    route: Route

    @property
    def length_m(self) -> float:
        """The route's length [m]."""
        return self.route.length_m


def busway_route(source_xy: tuple[float, float], run_x0_m: float, run_x1_m: float, run_y_m: float,
                 service_height_m: float) -> Route:
    """Route of a rack busway: up from its switchboard, across to the nearer end of its rack run, along it.

    Parameters
    ----------
    source_xy : tuple of float
        Plan position of the switchboard (its centre) [m].
    run_x0_m, run_x1_m : float
        West and east ends of the racks the busway feeds [m].
    run_y_m : float
        y of the run (the busway hangs over the rack line) [m].
    service_height_m : float
        Height of the overhead busway above the floor: the rise from the switchboard [m].

    Returns
    -------
    Route
        Vertices (switchboard, the corner on the run's line, the nearer end, the far end) and the rise.

    Notes
    -----
    L = h + |y_s - y_run| + min(|x_s - x0|, |x_s - x1|) + (x1 - x0): the busway leaves the switchboard
    straight up, runs across the aisles and along the row to the nearer end of the run, then the length
    of the run (plug-in units along it). Rectilinear, as services follow the grid of aisles.

    Examples
    --------
    >>> r = busway_route((0.0, 0.0), 10.0, 13.0, 4.0, 3.0)
    >>> r.points, r.length_m
    (((0.0, 0.0), (0.0, 4.0), (10.0, 4.0), (13.0, 4.0)), 20.0)
    """
    sx, sy = float(source_xy[0]), float(source_xy[1])
    x0, x1 = float(min(run_x0_m, run_x1_m)), float(max(run_x0_m, run_x1_m))
    near, far = (x0, x1) if abs(sx - x0) <= abs(sx - x1) else (x1, x0)
    y = float(run_y_m)
    return Route(((sx, sy), (sx, y), (near, y), (far, y)), float(service_height_m))


def facility_main_route(yard_xy: tuple[float, float], wall_y_m: float, cdu_points, service_height_m: float) -> Route:
    """Route of a facility-water main from the heat-rejection yard to the hall's CDUs.

    Parameters
    ----------
    yard_xy : tuple of float
        Where the main leaves the yard: on the hall-side edge of the yard units' row nearest the hall,
        where it comes closest to the CDUs [m].
    wall_y_m : float
        y of the hall wall the main passes through (0 for the south wall, the hall width for the north) [m].
    cdu_points : sequence of (float, float)
        Centres of the CDUs the main serves [m].
    service_height_m : float
        Height of the overhead pipe rack above the floor: the rise inside the wall [m].

    Returns
    -------
    Route
        Vertices (yard, the wall, the line of the CDUs, the CDU nearest the yard along it) and the rise.

    Notes
    -----
    L = |y_yard - y_wall| + h + |y_wall - y_cdu| + |x_yard - x_near|, y_cdu being the mean y of the
    CDUs and x_near the x of the CDU nearest the yard along the hall: straight through the wall, up to
    the pipe rack, across the aisles to the CDUs' line and along it to the first CDU, where the
    facility header (between CDUs) begins. Supply and return run side by side on the same route.

    Examples
    --------
    >>> r = facility_main_route((50.0, -4.8), 0.0, [(40.0, 10.0), (44.0, 12.0)], 6.0)
    >>> r.points, r.length_m
    (((50.0, -4.8), (50.0, 0.0), (50.0, 11.0), (44.0, 11.0)), 27.8)
    """
    pts = np.asarray(cdu_points, dtype=float).reshape(-1, 2)
    xs, ys = float(yard_xy[0]), float(yard_xy[1])
    if len(pts) == 0:
        return Route(((xs, ys), (xs, float(wall_y_m))), float(service_height_m))
    y_cdu = float(pts[:, 1].mean())
    near = float(pts[int(np.argmin(np.abs(pts[:, 0] - xs))), 0])
    return Route(((xs, ys), (xs, float(wall_y_m)), (xs, y_cdu), (near, y_cdu)), float(service_height_m))


def cable_route(a_xy: tuple[float, float], b_xy: tuple[float, float]) -> Route:
    """Rectilinear underground route of a cable between two plan points (duct bank along x, then y).

    Examples
    --------
    >>> cable_route((6.0, 5.0), (4.0, -6.3)).length_m
    13.3
    """
    (xa, ya), (xb, yb) = (float(a_xy[0]), float(a_xy[1])), (float(b_xy[0]), float(b_xy[1]))
    return Route(((xa, ya), (xb, ya), (xb, yb)), 0.0)


def run_lengths(rows, cdus, electrical_point, rack_depth_m: float, service_height_m: float) -> dict[str, float]:
    """TCS header and branch lengths per row, and route lengths from CDUs and electrical zone.

    Parameters
    ----------
    rows : sequence of Row
        Row segments with ``id``, ``y_m``, ``x0_m``, ``x1_m``, ``rack_ids`` and ``depth_m`` [m].
    cdus : sequence of Placed
        Floor-standing CDUs [m].
    electrical_point : tuple of float or None
        (x, y) of the electrical zone [m].
    rack_depth_m : float
        Rack depth [m].
    service_height_m : float
        Height of the overhead busway and headers above the floor [m].

    Returns
    -------
    lengths : dict of str to float
        Keys as listed in the module docstring, sorted [m].

    Notes
    -----
    L_header = L_row; L_branch = h + d/2; L_route = |dx| + |dy| to the nearer
    row end (x0 or x1, at y + d/2). Screening lengths for sizing: fittings, offsets around structure
    and slack are added by the hydraulic and electrical models through their own allowances.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> row = R(id="row-01a", y_m=1.2, x0_m=1.0, x1_m=7.0, rack_ids=["a", "b"], depth_m=1.2)
    >>> out = run_lengths([row], [], (0.0, 0.0), 1.2, 3.0)
    >>> out["tcs_header/row-01a"], out["tcs_branch_total"], out["electrical_to_row/row-01a"]
    (6.0, 7.2, 2.8)
    """
    out: dict[str, float] = {}
    if not rows:
        return out
    x0 = np.array([r.x0_m for r in rows], dtype=float)
    x1 = np.array([r.x1_m for r in rows], dtype=float)
    yc = np.array([r.y_m + (r.depth_m or rack_depth_m) / 2 for r in rows], dtype=float)
    length = x1 - x0
    n_racks = np.array([len(r.rack_ids) for r in rows], dtype=float)
    branch = service_height_m + rack_depth_m / 2
    totals = {"tcs_header_total": 0.0, "tcs_branch_total": 0.0}
    for i, row in enumerate(rows):
        out[f"tcs_header/{row.id}"] = float(length[i])
        out[f"tcs_branch/{row.id}"] = float(branch)
    totals["tcs_header_total"] = float(length.sum())
    totals["tcs_branch_total"] = float(branch * n_racks.sum())
    if len(cdus):
        cx = np.array([c.x_m + c.width_m / 2 for c in cdus], dtype=float)[:, None]
        cy = np.array([c.y_m + c.depth_m / 2 for c in cdus], dtype=float)[:, None]
        dist = np.minimum(np.abs(cx - x0[None, :]), np.abs(cx - x1[None, :])) + np.abs(cy - yc[None, :])
        nearest = dist.min(axis=0)
        for i, row in enumerate(rows):
            out[f"cdu_to_row/{row.id}"] = float(nearest[i])
        totals["cdu_to_row_total"] = float(nearest.sum())
    if electrical_point is not None:
        ex, ey = electrical_point
        dist = np.minimum(np.abs(ex - x0), np.abs(ex - x1)) + np.abs(ey - yc)
        for i, row in enumerate(rows):
            out[f"electrical_to_row/{row.id}"] = float(dist[i])
        totals["electrical_to_row_total"] = float(dist.sum())
    out.update(totals)
    return dict(sorted(out.items()))
