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

    def as_dict(self) -> dict:
        """JSON-ready form, units in the key names [-]."""
        return {"load_kpa": self.load_kpa, "rating_kpa": self.rating_kpa,
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
                    cdu_ids=(), cdu_mass_kg=(), cdu_width_m=(), cdu_depth_m=()) -> SlabCheck:
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
    return check
