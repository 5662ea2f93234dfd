"""Floor-plan geometry: axis-aligned rectangles, overlap tests, free intervals, the hall as plain floats.

Every coordinate is in metres on the hall plan, measured from the hall's south-west corner: x along the
hall length (west to east), y along the hall width (south to north). A rectangle is given by its
south-west corner and its extents along x (``width_m``) and y (``depth_m``), the convention of
:class:`retrofit.model.halls.Rectangle`.

Two rectangles *overlap* when they share an area larger than zero: touching edges do not overlap, so a
row of racks may stand against a column and two racks may stand side by side. Comparisons carry a
tolerance of :data:`EPS_M` so that sums of widths do not fail on the last bit of a float.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

EPS_M = 1e-9
"""Geometric tolerance of every overlap and fit test [m]."""


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle on the hall plan.

    Attributes
    ----------
    x_m : float
        x of the south-west corner [m].
    y_m : float
        y of the south-west corner [m].
    width_m : float
        Extent along x [m].
    depth_m : float
        Extent along y [m].
    id : str or None
        Name, when it has one [-].
    kind : str
        What it is: ``column``, ``obstacle``, ``door``, ``electrical_room``, ``keep_out``,
        ``equipment_zone``, ``cold_aisle``, ``hot_aisle``, ``working_space`` ... [-].
    """

    x_m: float
    y_m: float
    width_m: float
    depth_m: float
    id: str | None = None
    kind: str = "obstacle"

    @property
    def x1_m(self) -> float:
        """x of the east edge [m]."""
        return self.x_m + self.width_m

    @property
    def y1_m(self) -> float:
        """y of the north edge [m]."""
        return self.y_m + self.depth_m

    @property
    def area_m2(self) -> float:
        """Plan area [m²]."""
        return self.width_m * self.depth_m


@dataclass(frozen=True)
class Floor:
    """A hall as plain SI floats: the input of the placement kernels.

    Attributes
    ----------
    id : str
        Hall id [-].
    length_m : float
        Inside extent along x [m].
    width_m : float
        Inside extent along y [m].
    clear_height_m : float
        Clear height under the structure [m].
    slab_rating_pa : float
        Uniform live-load rating of the slab [Pa].
    obstacles : tuple of Rect
        Columns, obstacles, doors, electrical rooms and keep-out zones, sorted by (y, x, id) [-].
    slab_thickness_m : float or None
        Slab thickness, for the punching-shear check (None: not given) [m].
    concrete_strength_pa : float or None
        Specified compressive strength f'c of the slab concrete (None: not given) [Pa].
    """

    id: str
    length_m: float
    width_m: float
    clear_height_m: float
    slab_rating_pa: float
    obstacles: tuple[Rect, ...] = ()
    slab_thickness_m: float | None = None
    concrete_strength_pa: float | None = None

    def electrical_rooms(self) -> tuple[Rect, ...]:
        """The obstacles of kind ``electrical_room``, in (y, x, id) order [-]."""
        return tuple(o for o in self.obstacles if o.kind == "electrical_room")


def floor_from_hall(hall) -> Floor:
    """The :class:`Floor` of a :class:`retrofit.model.halls.Hall` (quantities converted to SI floats).

    Parameters
    ----------
    hall : retrofit.model.halls.Hall
        The hall element [-].

    Returns
    -------
    floor : Floor
        The same hall in metres and pascals; unnamed columns and obstacles get the ids
        ``column-<n>`` and ``<kind>-<n>`` (n counts from 1 in the order of the input list) [-].
    """
    rects = []
    for listname, items in (("columns", hall.columns), ("obstacles", hall.obstacles)):
        for index, item in enumerate(items):
            name = item.id or (f"column-{index + 1}" if listname == "columns" else f"{item.kind}-{index + 1}")
            rects.append(Rect(float(item.x.to("m").magnitude), float(item.y.to("m").magnitude),
                              float(item.width.to("m").magnitude), float(item.depth.to("m").magnitude),
                              name, item.kind))
    rects.sort(key=lambda r: (r.y_m, r.x_m, r.id or ""))
    return Floor(hall.id, float(hall.length.to("m").magnitude), float(hall.width.to("m").magnitude),
                 float(hall.clear_height.to("m").magnitude), float(hall.slab_rating.to("Pa").magnitude),
                 tuple(rects),
                 None if hall.slab_thickness is None else float(hall.slab_thickness.to("m").magnitude),
                 None if hall.concrete_strength is None else float(hall.concrete_strength.to("Pa").magnitude))


def overlaps(a: Rect, b: Rect, eps: float = EPS_M) -> bool:
    """Whether two rectangles share an area larger than zero.

    Parameters
    ----------
    a, b : Rect
        The rectangles [-].
    eps : float
        Tolerance: a shared strip thinner than this does not count [m].

    Returns
    -------
    overlap : bool
        True when the open rectangles intersect [-].

    Examples
    --------
    >>> overlaps(Rect(0, 0, 1, 1), Rect(1, 0, 1, 1)), overlaps(Rect(0, 0, 1, 1), Rect(0.5, 0.5, 1, 1))
    (False, True)
    """
    return (a.x_m < b.x1_m - eps and b.x_m < a.x1_m - eps
            and a.y_m < b.y1_m - eps and b.y_m < a.y1_m - eps)


def contains(outer: Rect, inner: Rect, eps: float = EPS_M) -> bool:
    """Whether ``inner`` lies inside ``outer`` (edges may coincide).

    Parameters
    ----------
    outer, inner : Rect
        The rectangles [-].
    eps : float
        Tolerance [m].

    Returns
    -------
    inside : bool
        True when every point of ``inner`` is in ``outer`` [-].
    """
    return (inner.x_m >= outer.x_m - eps and inner.x1_m <= outer.x1_m + eps
            and inner.y_m >= outer.y_m - eps and inner.y1_m <= outer.y1_m + eps)


def as_arrays(rects: Sequence[Rect]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Corner arrays of a sequence of rectangles.

    Parameters
    ----------
    rects : sequence of Rect
        The rectangles [-].

    Returns
    -------
    x0, y0, x1, y1 : numpy.ndarray
        South-west and north-east corners [m].
    """
    if not rects:
        empty = np.zeros(0)
        return empty, empty, empty, empty
    a = np.array([(r.x_m, r.y_m, r.x1_m, r.y1_m) for r in rects], dtype=float)
    return a[:, 0], a[:, 1], a[:, 2], a[:, 3]


def overlap_matrix(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...], eps: float = EPS_M) -> np.ndarray:
    """Which rectangles of set ``a`` overlap which of set ``b``, as a boolean matrix.

    Parameters
    ----------
    a, b : tuple of numpy.ndarray
        (x0, y0, x1, y1) corner arrays of each set, as :func:`as_arrays` returns [m].
    eps : float
        Tolerance [m].

    Returns
    -------
    hit : numpy.ndarray
        ``hit[i, j]`` is True when rectangle i of ``a`` overlaps rectangle j of ``b`` [-].

    Notes
    -----
    Memory grows as len(a) x len(b): use it for racks against the few obstacles of a hall, and
    :func:`overlapping_pairs` for racks against racks.
    """
    ax0, ay0, ax1, ay1 = (v[:, None] for v in a)
    bx0, by0, bx1, by1 = (v[None, :] for v in b)
    return (ax0 < bx1 - eps) & (bx0 < ax1 - eps) & (ay0 < by1 - eps) & (by0 < ay1 - eps)


def overlapping_pairs(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
                      eps: float = EPS_M) -> list[tuple[int, int]]:
    """Every pair of rectangles of one set that overlap, by a sweep along x.

    Parameters
    ----------
    x0, y0, x1, y1 : numpy.ndarray
        South-west and north-east corners [m].
    eps : float
        Tolerance [m].

    Returns
    -------
    pairs : list of (int, int)
        Index pairs (i, j), i < j, sorted [-].

    Notes
    -----
    Rectangles are sorted by their west edge; each is compared only with those whose west edge lies
    before its east edge (found with a binary search), so the work grows with n log n plus the number
    of candidates rather than with n².

    Examples
    --------
    >>> import numpy as np
    >>> overlapping_pairs(np.array([0., 0.5, 3.]), np.zeros(3), np.array([1., 1.5, 4.]), np.ones(3))
    [(0, 1)]
    """
    n = len(x0)
    if n < 2:
        return []
    order = np.argsort(x0, kind="stable")
    sx0 = x0[order]
    stop = np.searchsorted(sx0, x1[order] - eps, side="left")
    counts = np.maximum(stop - np.arange(n) - 1, 0)
    if counts.sum() == 0:
        return []
    first = np.repeat(np.arange(n), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    second = first + 1 + offsets
    i, j = order[first], order[second]
    hit = ((x0[i] < x1[j] - eps) & (x0[j] < x1[i] - eps) & (y0[i] < y1[j] - eps) & (y0[j] < y1[i] - eps))
    pairs = sorted((int(min(p, q)), int(max(p, q))) for p, q in zip(i[hit], j[hit]))
    return pairs


def free_intervals(lo: float, hi: float, blocked: Iterable[tuple[float, float]],
                   eps: float = EPS_M) -> list[tuple[float, float]]:
    """The parts of the interval [lo, hi] not covered by any blocked interval.

    Parameters
    ----------
    lo, hi : float
        The interval [m].
    blocked : iterable of (float, float)
        Closed intervals to remove; they may overlap and extend past [lo, hi] [m].
    eps : float
        Free pieces shorter than this are dropped [m].

    Returns
    -------
    free : list of (float, float)
        Disjoint free intervals, west to east [m].

    Examples
    --------
    >>> free_intervals(0.0, 10.0, [(2.0, 3.0), (2.5, 4.0), (9.0, 12.0)])
    [(0.0, 2.0), (4.0, 9.0)]
    """
    out = []
    cursor = lo
    for a, b in sorted(blocked):
        if b <= cursor:
            continue
        if a >= hi:
            break
        if a - cursor > eps:
            out.append((cursor, min(a, hi)))
        cursor = max(cursor, b)
        if cursor >= hi:
            break
    if hi - cursor > eps:
        out.append((cursor, hi))
    return out


def slots(length_m: float, pitch_m: float, eps: float = EPS_M) -> int:
    """How many items of pitch ``pitch_m`` fit side by side in ``length_m``.

    Parameters
    ----------
    length_m : float
        Available length [m].
    pitch_m : float
        Length each item takes [m].
    eps : float
        Tolerance, so that 10 x 0.6 m fit in 6.0 m despite rounding [m].

    Returns
    -------
    count : int
        floor((length + eps) / pitch), not below zero [-].

    Examples
    --------
    >>> slots(6.0, 0.6), slots(5.99, 0.6)
    (10, 9)
    """
    if length_m <= 0:
        return 0
    return max(0, int(math.floor((length_m + eps) / pitch_m)))


def manhattan_m(ax: float, ay: float, bx: float, by: float) -> float:
    """Rectilinear distance between two points, the length of a route along aisles [m].

    Parameters
    ----------
    ax, ay : float
        First point [m].
    bx, by : float
        Second point [m].

    Returns
    -------
    distance : float
        abs(ax - bx) + abs(ay - by) [m].

    Examples
    --------
    >>> manhattan_m(0.0, 0.0, 3.0, 4.0)
    7.0
    """
    return abs(ax - bx) + abs(ay - by)
