"""Floor loading: a screening check of racks and CDUs against the slab's uniform load rating.

A rack's operating mass is spread over its *tributary area* (its footprint plus half of each aisle it
adjoins, front and back) and compared, as a uniform load, with the slab rating. The pressure over the
footprint alone (the load under the rack) is compared with the rating too (``footprint_ok``): where it
exceeds the uniform rating, the slab's rated concentrated load must be confirmed. The load on each
levelling foot or caster (the mass shared equally by :data:`FEET`) is reported for that confirmation
and for the punching-shear check of a structural engineer. A CDU's filled mass over its footprint is
checked the same way.

This is a screening check: the slab rating is a uniform live-load rating, while racks and CDUs are
concentrated loads on levelling feet or casters. A structural engineer confirms the slab (punching
shear, flexure under the actual load pattern, the rated concentrated load), as TIA-942 and the rack
vendors ask.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import OutOfRange

STANDARD_GRAVITY = 9.80665
"""Standard acceleration of gravity, ISO 80000-3 [m/s²]."""

FEET = 4
"""Levelling feet (or casters) a rack or CDU stands on, one at each corner, sharing its weight equally [-]."""


def point_load_n(mass_kg, feet: int = FEET):
    """Load on each foot of a cabinet standing on ``feet`` feet that share its weight equally.

    Parameters
    ----------
    mass_kg : float or numpy.ndarray
        Operating (filled) mass [kg].
    feet : int
        Feet or casters under it [-].

    Returns
    -------
    load_n : float or numpy.ndarray
        P = m g / n [N].

    Notes
    -----
    Equal sharing holds for a cabinet whose centre of mass is over the centre of its feet; an
    off-centre load puts more on the nearer feet, so a structural engineer applies the vendor's
    figure where one is given.

    Examples
    --------
    >>> round(point_load_n(1360.0) / 1000, 3)
    3.334
    """
    if isinstance(feet, bool) or int(feet) != feet or feet < 1:
        raise OutOfRange(f"feet must be a positive whole number, found {feet!r}")
    out = np.asarray(mass_kg, dtype=float) * STANDARD_GRAVITY / int(feet)
    return float(out) if out.ndim == 0 else out


@dataclass
class SlabCheck:
    """The worst floor load of a hall against its slab rating.

    Attributes
    ----------
    load_kpa : float
        Highest rack load, operating mass over its tributary area, as a uniform load [kPa].
    rating_kpa : float
        Uniform live-load rating of the slab [kPa].
    tributary_area_m2 : float
        Tributary area of the rack giving ``load_kpa`` [m²].
    ok : bool
        ``load_kpa`` does not exceed ``rating_kpa`` [-].
    footprint_kpa : float
        The same rack's mass over its footprint alone [kPa].
    cdu_load_kpa : float
        Highest CDU load, filled mass over its footprint (0 when there is no CDU) [kPa].
    cdu_ok : bool
        ``cdu_load_kpa`` does not exceed ``rating_kpa`` [-].
    element : str or None
        Rack (or rack group) giving ``load_kpa`` [-].
    cdu : str or None
        CDU giving ``cdu_load_kpa`` [-].
    footprint_ok : bool
        The heaviest rack's footprint pressure does not exceed ``rating_kpa`` [-].
    point_load_kn : float
        Load on each foot of the heaviest rack (:func:`point_load_n`) [kN].
    cdu_point_load_kn : float
        Load on each foot of the heaviest CDU [kN].
    punching : PunchingCheck or None
        Punching shear under a foot of the heaviest rack (None: the hall gives no slab thickness or f'c) [-].
    cdu_punching : PunchingCheck or None
        The same under a foot of the heaviest CDU [-].
    """

    load_kpa: float
    rating_kpa: float
    tributary_area_m2: float
    ok: bool
    footprint_kpa: float = 0.0
    cdu_load_kpa: float = 0.0
    cdu_ok: bool = True
    element: str | None = None
    cdu: str | None = None
    footprint_ok: bool = True
    point_load_kn: float = 0.0
    cdu_point_load_kn: float = 0.0
    punching: PunchingCheck | None = None
    cdu_punching: PunchingCheck | None = None

    def as_dict(self) -> dict:
        """JSON-ready form, units in the key names [-]."""
        return {"punching": None if self.punching is None else self.punching.as_dict(),
                "cdu_punching": None if self.cdu_punching is None else self.cdu_punching.as_dict(),
                "load_kpa": self.load_kpa, "rating_kpa": self.rating_kpa,
                "tributary_area_m2": self.tributary_area_m2, "ok": self.ok,
                "footprint_kpa": self.footprint_kpa, "footprint_ok": self.footprint_ok,
                "point_load_kn": self.point_load_kn, "feet": FEET, "cdu_load_kpa": self.cdu_load_kpa,
                "cdu_ok": self.cdu_ok, "cdu_point_load_kn": self.cdu_point_load_kn,
                "element": self.element, "cdu": self.cdu,
                "method": "uniform load over the tributary area (footprint + half of each adjoining aisle) against "
                          "the uniform rating; footprint pressure against the same rating, and the load on each of "
                          f"{FEET} feet, for the slab's concentrated-load and punching capacity; screening only, a "
                          "structural engineer confirms"}


def tributary_area(width_m, depth_m, aisle_front_m, aisle_back_m):
    """Floor area a rack in a row loads: its footprint plus half of each adjoining aisle.

    Parameters
    ----------
    width_m : float or numpy.ndarray
        Rack width along the row [m].
    depth_m : float or numpy.ndarray
        Rack depth across the row [m].
    aisle_front_m : float or numpy.ndarray
        Width of the aisle in front of the rack [m].
    aisle_back_m : float or numpy.ndarray
        Width of the aisle behind the rack [m].

    Returns
    -------
    area_m2 : float or numpy.ndarray
        A = w (d + a_front / 2 + a_back / 2) [m²].

    Notes
    -----
    Racks in a row stand side by side, so along the row each carries its own width; across the row
    each aisle is shared by the two rows facing it, so each takes half. This is the tributary area
    of a uniformly repeated load, in the sense of ASCE 7-16, 4.7. Valid for racks in continuous rows;
    an isolated rack is better judged by its footprint pressure, which is reported beside it.

    References
    ----------
    ASCE/SEI 7-16, Minimum Design Loads and Associated Criteria for Buildings and Other Structures,
    4.7 (tributary area of a member).

    Examples
    --------
    >>> round(tributary_area(0.6, 1.2, 1.2, 1.2), 3)
    1.44
    """
    area = np.asarray(width_m, dtype=float) * (np.asarray(depth_m, dtype=float)
                                                + 0.5 * np.asarray(aisle_front_m, dtype=float)
                                                + 0.5 * np.asarray(aisle_back_m, dtype=float))
    return float(area) if area.ndim == 0 else area


def uniform_load_pa(mass_kg, area_m2):
    """Pressure of a mass spread uniformly over an area.

    Parameters
    ----------
    mass_kg : float or numpy.ndarray
        Mass [kg].
    area_m2 : float or numpy.ndarray
        Area it rests on [m²].

    Returns
    -------
    pressure_pa : float or numpy.ndarray
        q = m g / A, with g the standard gravity 9.80665 m/s² [Pa].

    Examples
    --------
    >>> round(uniform_load_pa(1360.0, 1.44) / 1000, 3)
    9.262
    """
    area = np.asarray(area_m2, dtype=float)
    if np.any(~np.isfinite(area)) or np.any(area <= 0):
        raise OutOfRange(f"area must be positive, found {area_m2!r}")
    out = np.asarray(mass_kg, dtype=float) * STANDARD_GRAVITY / area
    return float(out) if out.ndim == 0 else out


def rack_slab_check(ids, mass_kg, width_m, depth_m, aisle_front_m, aisle_back_m, rating_pa,
                    cdu_ids=(), cdu_mass_kg=(), cdu_width_m=(), cdu_depth_m=(), thickness_m: float | None = None,
                    fc_pa: float | None = None) -> SlabCheck:
    """Screening check of the racks and CDUs of a hall against the slab rating; the worst of each.

    Parameters
    ----------
    ids : sequence of str
        Rack (or rack group) ids [-].
    mass_kg : array_like
        Operating (filled) mass of each rack [kg].
    width_m, depth_m : array_like
        Footprint of each rack [m].
    aisle_front_m, aisle_back_m : array_like
        Aisle widths in front of and behind each rack [m].
    rating_pa : float
        Uniform live-load rating of the slab [Pa].
    cdu_ids : sequence of str
        CDU ids [-].
    cdu_mass_kg : array_like
        Filled mass of each CDU [kg].
    cdu_width_m, cdu_depth_m : array_like
        Footprint of each CDU [m].
    thickness_m, fc_pa : float or None
        Slab thickness [m] and concrete strength f'c [Pa]; with both, the feet of the heaviest rack and
        CDU are checked for punching shear (:func:`punching_check`).

    Returns
    -------
    check : SlabCheck
        The rack with the highest tributary-area load and the CDU with the highest footprint load,
        each against the rating [kPa].

    Notes
    -----
    Rack: q = m g / (w (d + a_f/2 + a_b/2)) (:func:`tributary_area`), compared with the rating; the
    footprint pressure m g / (w d) is compared with it too (``footprint_ok``) and the load on each foot,
    m g / 4, reported. CDU: q = m g / (w d), since a CDU stands alone at a row
    end. Ties go to the first in the given order. With no rack the load is 0 and the check passes.

    Examples
    --------
    >>> c = rack_slab_check(["r1"], [1360.0], [0.6], [1.2], [1.2], [1.2], 12000.0)
    >>> round(c.load_kpa, 3), c.ok, round(c.footprint_kpa, 2), c.footprint_ok, round(c.point_load_kn, 2)
    (9.262, True, 18.52, False, 3.33)
    """
    if not math.isfinite(rating_pa) or rating_pa <= 0:
        raise OutOfRange(f"slab rating must be a positive pressure, found {rating_pa!r}")
    rating_kpa = rating_pa / 1000.0
    check = SlabCheck(0.0, rating_kpa, 0.0, True)
    ids = list(ids)
    if ids:
        area = tributary_area(np.asarray(width_m, float), np.asarray(depth_m, float),
                              np.asarray(aisle_front_m, float), np.asarray(aisle_back_m, float))
        load = np.atleast_1d(uniform_load_pa(np.asarray(mass_kg, float), area))
        worst = int(np.argmax(load))
        footprint = float(np.asarray(width_m, float)[worst] * np.asarray(depth_m, float)[worst])
        check.load_kpa = float(load[worst]) / 1000.0
        check.tributary_area_m2 = float(np.atleast_1d(area)[worst])
        check.footprint_kpa = uniform_load_pa(float(np.asarray(mass_kg, float)[worst]), footprint) / 1000.0
        check.ok = bool(check.load_kpa <= rating_kpa)
        check.footprint_ok = bool(check.footprint_kpa <= rating_kpa)
        check.point_load_kn = point_load_n(float(np.max(np.asarray(mass_kg, float)))) / 1000.0
        check.element = ids[worst]
    cdu_ids = list(cdu_ids)
    if cdu_ids:
        cdu_area = np.asarray(cdu_width_m, float) * np.asarray(cdu_depth_m, float)
        cdu_load = np.atleast_1d(uniform_load_pa(np.asarray(cdu_mass_kg, float), cdu_area))
        worst = int(np.argmax(cdu_load))
        check.cdu_load_kpa = float(cdu_load[worst]) / 1000.0
        check.cdu_ok = bool(check.cdu_load_kpa <= rating_kpa)
        check.cdu = cdu_ids[worst]
        check.cdu_point_load_kn = point_load_n(float(np.max(np.asarray(cdu_mass_kg, float)))) / 1000.0
    if thickness_m is not None and fc_pa is not None:
        if ids:
            check.punching = punching_check(check.point_load_kn * 1000.0, thickness_m, fc_pa)
        if cdu_ids:
            check.cdu_punching = punching_check(check.cdu_point_load_kn * 1000.0, thickness_m, fc_pa)
    return check


# --- two-way (punching) shear of a point load, ACI 318-19 ------------------------------------------

PHI_SHEAR = 0.75
"""Strength reduction factor for shear, ACI 318-19 Table 21.2.1(b) [-]."""

LIVE_LOAD_FACTOR = 1.6
"""Load factor on the rack's weight, taken as live load: ASCE/SEI 7-16 2.3.1 combination 2 (1.2 D + 1.6 L);
the slab's own weight is carried by the subgrade or its supports, not by the critical section [-]."""

EFFECTIVE_DEPTH_ALLOWANCE_M = 0.035
"""Slab thickness less effective depth d, when only the thickness is known [m]: 19 mm (3/4 in.) cover of a
slab not exposed to weather or in contact with ground, ACI 318-19 Table 20.5.1.3.1, plus one 16 mm (#5)
bar, d being averaged over the two layers (estimate of the reinforcement; use the drawings where known)."""

SQRT_FC_CAP_MPA = 8.3
"""Upper limit on the square root of f'c for shear, ACI 318-19 22.5.3.1 (100 psi) [MPa]."""

#: Coefficients of ACI 318-19 Table 22.6.5.2 (a), (b) and (c) and of 22.5.5.1.3, by unit system: the
#: stress unit of sqrt(f'c) and of the result, and the length unit of d in the size-effect factor.
ACI_TWO_WAY = {
    "SI": {"a": 0.33, "b": 0.17, "b_beta": 2.0, "c": 0.083, "stress": 1e6, "size_unit_m": 1e-3, "size_k": 0.004},
    "inch-pound": {"a": 4.0, "b": 2.0, "b_beta": 4.0, "c": 1.0, "stress": 6894.757293168, "size_unit_m": 0.0254,
                   "size_k": 0.1},
}


@dataclass
class PunchingCheck:
    """Two-way (punching) shear of one concentrated load on a slab, ACI 318-19 22.6.

    Attributes
    ----------
    load_kn : float
        Service load on the loaded area (one foot) [kN].
    factored_kn : float
        Factored load V_u [kN].
    d_m : float
        Effective depth [m].
    b0_m : float
        Perimeter of the critical section, d/2 from the loaded area [m].
    vc_mpa : float
        Nominal two-way shear stress v_c, the least of Table 22.6.5.2 [MPa].
    capacity_kn : float
        Design strength phi V_c = phi v_c b0 d [kN].
    governing : str
        Which expression of Table 22.6.5.2 governs: ``a``, ``b`` or ``c`` [-].
    ok : bool
        V_u <= phi V_c [-].
    """

    load_kn: float
    factored_kn: float
    d_m: float
    b0_m: float
    vc_mpa: float
    capacity_kn: float
    governing: str
    ok: bool

    @property
    def ratio(self) -> float:
        """Demand over capacity, V_u / phi V_c [-]."""
        return self.factored_kn / self.capacity_kn

    def as_dict(self) -> dict:
        """JSON-ready form, units in the key names [-]."""
        return {"load_kn": self.load_kn, "factored_kn": self.factored_kn, "d_m": self.d_m, "b0_m": self.b0_m,
                "vc_mpa": self.vc_mpa, "capacity_kn": self.capacity_kn, "governing": self.governing, "ok": self.ok,
                "ratio": self.ratio, "phi": PHI_SHEAR, "load_factor": LIVE_LOAD_FACTOR,
                "method": "ACI 318-19 22.6: critical section d/2 from the loaded area (a foot taken as a point: "
                          "b0 = 4 d, conservative), v_c the least of Table 22.6.5.2 with the size effect of "
                          "22.5.5.1.3 (no shear reinforcement), V_u = 1.6 x the load on one foot"}


def two_way_shear_stress(fc, d, b0, beta: float = 1.0, alpha_s: float = 40.0, lam: float = 1.0,
                         units: str = "SI") -> tuple[float, str]:
    """Nominal two-way shear stress of concrete without shear reinforcement, ACI 318-19 Table 22.6.5.2.

    Parameters
    ----------
    fc : float
        Specified compressive strength f'c, in MPa (``SI``) or psi (``inch-pound``).
    d : float
        Effective depth, in mm (``SI``) or in. (``inch-pound``).
    b0 : float
        Perimeter of the critical section, same unit as ``d``.
    beta : float
        Ratio of the long to the short side of the loaded area (1 for a square or a point) [-].
    alpha_s : float
        40 for an interior load, 30 at an edge, 20 at a corner [-].
    lam : float
        Lightweight-concrete factor lambda (1 for normal weight) [-].
    units : str
        ``SI`` (the code's SI edition coefficients) or ``inch-pound``.

    Returns
    -------
    vc : float
        v_c, in MPa (``SI``) or psi (``inch-pound``).
    governing : str
        ``a``, ``b`` or ``c``: the expression of Table 22.6.5.2 giving the least value [-].

    Notes
    -----
    v_c = min(a lambda_s lambda sqrt(f'c), b (1 + 2/beta) lambda_s lambda sqrt(f'c),
    c (2 + alpha_s d / b0) lambda_s lambda sqrt(f'c)): in SI a = 0.33, b = 0.17 (x (1 + 2/beta)),
    c = 0.083; in inch-pound 4, (2 + 4/beta), (2 + alpha_s d / b0). sqrt(f'c) is capped at 8.3 MPa
    (100 psi), 22.5.3.1. The size-effect factor lambda_s = sqrt(2 / (1 + 0.004 d)) <= 1 (d in mm;
    0.1 d in inches), 22.5.5.1.3, applies to slabs without the minimum shear reinforcement.

    Examples
    --------
    >>> vc, which = two_way_shear_stress(4000.0, 9.0, 132.0, beta=3.0, units="inch-pound")
    >>> round(vc, 1), which
    (210.8, 'b')
    """
    if units not in ACI_TWO_WAY:
        raise OutOfRange(f"units must be one of {sorted(ACI_TWO_WAY)}, found {units!r}")
    k = ACI_TWO_WAY[units]
    for name, value in (("fc", fc), ("d", d), ("b0", b0), ("beta", beta), ("lam", lam)):
        if not math.isfinite(value) or value <= 0:
            raise OutOfRange(f"{name} must be a positive number, found {value!r}")
    cap = SQRT_FC_CAP_MPA * math.sqrt(1e6 / k["stress"])
    root = min(math.sqrt(fc), cap)
    lambda_s = min(1.0, math.sqrt(2.0 / (1.0 + k["size_k"] * d)))
    terms = {"a": k["a"], "b": k["b"] * (1.0 + 2.0 / max(beta, 1.0)) if units == "SI" else k["b"] + k["b_beta"] / max(beta, 1.0),
             "c": k["c"] * (2.0 + alpha_s * d / b0)}
    which = min(terms, key=lambda key: (terms[key], key))
    return terms[which] * lambda_s * lam * root, which


def punching_check(load_n: float, thickness_m: float, fc_pa: float, pad_m: float = 0.0) -> PunchingCheck:
    """Punching shear of one foot's load on a slab, ACI 318-19 22.6, in SI.

    Parameters
    ----------
    load_n : float
        Service load on the foot, the rack's operating weight shared by its feet (:func:`point_load_n`) [N].
    thickness_m : float
        Slab thickness h [m]; d = h - :data:`EFFECTIVE_DEPTH_ALLOWANCE_M`.
    fc_pa : float
        Specified compressive strength f'c [Pa].
    pad_m : float
        Side of the square bearing pad of the foot (0: a point, the conservative default) [m].

    Returns
    -------
    PunchingCheck
        Demand, capacity and verdict.

    Notes
    -----
    b0 = 4 (c + d) for a square loaded area of side c (22.6.4.1: the critical section d/2 from its edges);
    V_u = 1.6 P; phi V_c = 0.75 v_c b0 d. The critical sections of neighbouring feet (0.6 m apart on a
    GB300 rack) do not overlap while d < 0.6 m. An interior load (alpha_s = 40) is assumed.

    Examples
    --------
    >>> c = punching_check(3334.0, 0.150, 25e6)
    >>> round(c.d_m, 3), round(c.b0_m, 3), round(c.capacity_kn, 1), c.ok
    (0.115, 0.46, 65.5, True)
    """
    for name, value in (("thickness_m", thickness_m), ("fc_pa", fc_pa)):
        if not math.isfinite(value) or value <= 0:
            raise OutOfRange(f"{name} must be a positive number, found {value!r}")
    d = thickness_m - EFFECTIVE_DEPTH_ALLOWANCE_M
    if d <= 0:
        raise OutOfRange(f"slab thickness {thickness_m * 1e3:.0f} mm leaves no effective depth after "
                         f"{EFFECTIVE_DEPTH_ALLOWANCE_M * 1e3:.0f} mm of cover and bar")
    b0 = 4.0 * (pad_m + d)
    vc, which = two_way_shear_stress(fc_pa / 1e6, d * 1e3, b0 * 1e3)
    capacity = PHI_SHEAR * vc * 1e6 * b0 * d
    vu = LIVE_LOAD_FACTOR * load_n
    return PunchingCheck(load_n / 1e3, vu / 1e3, d, b0, vc, capacity / 1e3, which, bool(vu <= capacity))
