"""A synthetic typical year from monthly climate normals, for sites without a weather file.

Method (named so that it can be checked): the hourly dry bulb of each day follows the ASHRAE
design-day profile, :math:`t(h) = t_{max} - f(h)\\,\\Delta t_{daily}`, with the fractions of the daily
range :math:`f(h)` of ASHRAE Handbook—Fundamentals, chapter 14, "Generating Design-Day Data" (the table
"Fraction of Daily Temperature Range", Table 6 in the 2009 edition; the same fractions in 2013-2021),
applied here to the monthly *mean* daily maximum and the monthly mean daily range
(:math:`t_{max} - t_{min}` of the normals) instead of the design-day values. The monthly normals are
interpolated linearly between mid-months to each day. The dew point is the monthly mean dew point,
interpolated the same way and held through the day (clipped to the dry bulb); the pressure is the
standard atmosphere at the site altitude (ASHRAE Fundamentals 2017, ch. 1, Eq. 3).

What it is not: it has no day-to-day weather, so it holds no heat waves, cold snaps or humid spells,
and its hottest hour is the warmest month's mean daily maximum, well below the 0.4 % design dry bulb.
Annual energy from it is an estimate of typical operation; hours above limits need a real weather
file. Every output that uses it says SYNTHETIC.
"""
from __future__ import annotations

import numpy as np

from ..catalog import Catalog, load_catalog
from ..cooling import psychrometrics as psy
from ..errors import CatalogEntryNotFound
from ..units import parse_quantity
from .year import HOURS_PER_YEAR, WeatherYear, weather_year

DAILY_RANGE_FRACTION = np.array([0.88, 0.92, 0.95, 0.98, 1.00, 0.98, 0.91, 0.74, 0.55, 0.38, 0.23, 0.13,
                                 0.05, 0.00, 0.00, 0.06, 0.14, 0.24, 0.39, 0.50, 0.59, 0.68, 0.75, 0.82])
"""Fraction of the daily range below the daily maximum at hours 1-24 of local standard time [-]
(ASHRAE Handbook—Fundamentals, ch. 14, "Fraction of Daily Temperature Range")."""

DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
TABLE_ID = "climate-monthly"


def hourly_from_monthly(t_max_k, t_min_k, t_dew_k):
    """Hourly dry bulb and dew point of a 365-day year from twelve monthly means.

    Parameters
    ----------
    t_max_k : array of 12
        Monthly mean daily maximum dry bulb [K].
    t_min_k : array of 12
        Monthly mean daily minimum dry bulb [K].
    t_dew_k : array of 12
        Monthly mean dew point [K].

    Returns
    -------
    t_dry_bulb_k : numpy.ndarray
        8,760 hourly dry bulbs [K].
    t_dew_point_k : numpy.ndarray
        8,760 hourly dew points [K], not above the dry bulb.
    month : numpy.ndarray
        Month of each hour [-].

    Notes
    -----
    Day d (0-364) takes each monthly value interpolated linearly between the mid-points of the months
    (periodic over the year); hour h (1-24) of the day has :math:`t = t_{max,d} - f(h)(t_{max,d} -
    t_{min,d})` with :data:`DAILY_RANGE_FRACTION` (ASHRAE Handbook—Fundamentals, ch. 14). The daily mean
    of the profile is :math:`t_{max} - 0.536\\,\\Delta t`, 0.036 of the range below the normals' mean
    :math:`(t_{max} + t_{min})/2`, as the ASHRAE fractions give.

    Examples
    --------
    >>> t, dew, m = hourly_from_monthly(np.full(12, 303.15), np.full(12, 293.15), np.full(12, 283.15))
    >>> t.shape, round(float(t[13]) - 273.15, 2), round(float(t[4]) - 273.15, 2), int(m[-1])
    ((8760,), 30.0, 20.0, 12)
    """
    days = np.arange(365) + 0.5
    ends = np.concatenate(([0], np.cumsum(DAYS_IN_MONTH)))
    mids = 0.5 * (ends[:-1] + ends[1:])
    xp = np.concatenate(([mids[-1] - 365.0], mids, [mids[0] + 365.0]))

    def daily(values):
        v = np.asarray(values, dtype=float)
        return np.interp(days, xp, np.concatenate(([v[-1]], v, [v[0]])))

    t_max, t_min, t_dew = daily(t_max_k), daily(t_min_k), daily(t_dew_k)
    t = (t_max[:, None] - DAILY_RANGE_FRACTION[None, :] * (t_max - t_min)[:, None]).ravel()
    dew = np.minimum(np.repeat(t_dew, 24), t)
    month = np.repeat(np.repeat(np.arange(1, 13), DAYS_IN_MONTH), 24)
    return t, dew, month


def monthly_normals(site_id: str, catalog: Catalog | None = None) -> dict:
    """The twelve monthly rows of a site in the ``climate-monthly`` catalog table.

    Parameters
    ----------
    site_id : str
        Climate catalog id.
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    dict
        ``t_max_k``, ``t_min_k``, ``t_dew_k`` (arrays of 12 [K]) and ``classes``, ``sources`` (sets).

    Raises
    ------
    CatalogEntryNotFound
        When the table has no rows for the site.
    """
    catalog = catalog or load_catalog()
    table = catalog.table(TABLE_ID)
    rows = sorted((r for r in table.rows if r["site"] == site_id), key=lambda r: int(r["month"]))
    if [int(r["month"]) for r in rows] != list(range(1, 13)):
        near = sorted({r["site"] for r in table.rows})
        raise CatalogEntryNotFound(site_id, f"{TABLE_ID} monthly normals (twelve rows)", near)
    unit = {k: table.columns[k] for k in ("t_max_mean", "t_min_mean", "t_dew_mean")}

    def k(key):
        return np.array([float(parse_quantity(f"{r[key]} {unit[key]}", "temperature").to("K").magnitude) for r in rows])

    return {"t_max_k": k("t_max_mean"), "t_min_k": k("t_min_mean"), "t_dew_k": k("t_dew_mean"),
            "classes": sorted({r["class"] for r in rows}), "sources": sorted({r["source"] for r in rows})}


def synthetic_year(site_id: str, altitude_m: float, catalog: Catalog | None = None) -> WeatherYear:
    """The synthetic typical year of a climate-catalog site (see the module notes for the method).

    Parameters
    ----------
    site_id : str
        Climate catalog id with rows in the ``climate-monthly`` table.
    altitude_m : float
        Site altitude [m], for the station pressure.
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    WeatherYear
        8,760 hours, ``synthetic=True``.
    """
    normals = monthly_normals(site_id, catalog)
    t, dew, month = hourly_from_monthly(normals["t_max_k"], normals["t_min_k"], normals["t_dew_k"])
    assert t.shape[0] == HOURS_PER_YEAR
    p = psy.barometric_pressure(altitude_m)
    source = (f"{site_id} monthly normals ({', '.join(normals['classes'])}) with the ASHRAE Handbook—Fundamentals "
              f"ch. 14 daily-range profile")
    return weather_year(t, dew, np.full(t.shape, p), month, source, synthetic=True,
                        location={"site": site_id, "normals_classes": normals["classes"]})
