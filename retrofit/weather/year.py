"""The hourly weather year the annual simulation runs on, and the derivation of its wet bulb."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..cooling import psychrometrics as psy

HOURS_PER_YEAR = 8760
"""Hours of a typical (non-leap) year: TMY3 and EPW typical years hold 8,760 rows."""


@dataclass(frozen=True)
class WeatherYear:
    """Hourly outdoor conditions, one entry per hour [SI arrays].

    Attributes
    ----------
    t_dry_bulb_k : numpy.ndarray
        Dry bulb [K].
    t_dew_point_k : numpy.ndarray
        Dew point [K].
    pressure_pa : numpy.ndarray
        Station pressure [Pa].
    t_wet_bulb_k : numpy.ndarray
        Thermodynamic wet bulb [K], from dry bulb, dew point and pressure.
    month : numpy.ndarray
        Month of each hour, 1-12 [-].
    source : str
        Where the hours come from (file name and format, or the synthetic method).
    synthetic : bool
        True for a year generated from monthly statistics rather than read from a weather file.
    location : dict
        Station metadata as read (name, latitude_deg, longitude_deg, elevation_m, ...).
    """

    t_dry_bulb_k: np.ndarray
    t_dew_point_k: np.ndarray
    pressure_pa: np.ndarray
    t_wet_bulb_k: np.ndarray
    month: np.ndarray
    source: str
    synthetic: bool = False
    location: dict = field(default_factory=dict)

    @property
    def hours(self) -> int:
        """Number of hours [-]."""
        return int(self.t_dry_bulb_k.shape[0])

    def label(self) -> str:
        """One line naming the weather, ``synthetic`` first when it is."""
        return ("SYNTHETIC typical year: " if self.synthetic else "") + self.source

    def to_json(self) -> dict:
        """Summary with units in the key names."""
        t = self.t_dry_bulb_k - 273.15
        return {"source": self.source, "synthetic": bool(self.synthetic), "hours": self.hours,
                "location": dict(self.location),
                "t_dry_bulb_max_c": round(float(np.max(t)), 2), "t_dry_bulb_min_c": round(float(np.min(t)), 2),
                "t_dry_bulb_mean_c": round(float(np.mean(t)), 2),
                "t_wet_bulb_max_c": round(float(np.max(self.t_wet_bulb_k) - 273.15), 2)}


def wet_bulb_from_dew_point(t_dry_bulb_k, t_dew_point_k, pressure_pa):
    """Thermodynamic wet bulb of moist air from its dry bulb, dew point and pressure.

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry bulb [K].
    t_dew_point_k : float or array
        Dew point [K], not above the dry bulb (clipped to it: weather files round both).
    pressure_pa : float or array
        Barometric (station) pressure [Pa].

    Returns
    -------
    t_wet_bulb_k : float or array
        Wet bulb [K].

    Notes
    -----
    The vapour pressure is the saturation pressure at the dew point, :math:`p_w = p_{ws}(t_d)`
    (ASHRAE Handbook—Fundamentals 2017, ch. 1, Eq. 36), the humidity ratio
    :math:`W = 0.621945\\,p_w/(p - p_w)` (Eq. 20), and the wet bulb the root of Eq. 33/35 for that W
    (:func:`~retrofit.cooling.psychrometrics.wet_bulb_from_humidity_ratio`).

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 20, 33, 35 and 36.

    Examples
    --------
    >>> round(float(wet_bulb_from_dew_point(303.15, 288.15, 101325.0)) - 273.15, 2)
    20.1
    """
    t_db = np.asarray(t_dry_bulb_k, dtype=float)
    t_dp = np.minimum(np.asarray(t_dew_point_k, dtype=float), t_db)
    p = np.asarray(pressure_pa, dtype=float)
    w = psy.humidity_ratio_from_vapour_pressure(psy.saturation_pressure(t_dp), p)
    t = psy.wet_bulb_from_humidity_ratio(t_db, w, p)
    return float(t) if np.ndim(t) == 0 else np.asarray(t)


def weather_year(t_dry_bulb_k, t_dew_point_k, pressure_pa, month, source: str, *, synthetic: bool = False,
                 location: dict | None = None) -> WeatherYear:
    """A :class:`WeatherYear` from hourly dry bulb, dew point and pressure, with its wet bulb derived.

    Parameters
    ----------
    t_dry_bulb_k : array
        Dry bulb [K].
    t_dew_point_k : array
        Dew point [K].
    pressure_pa : array
        Station pressure [Pa].
    month : array of int
        Month of each hour [-].
    source : str
        What the hours are.
    synthetic : bool
        Generated rather than observed.
    location : dict, optional
        Station metadata.

    Returns
    -------
    WeatherYear
        The year, dew point clipped to the dry bulb.
    """
    t_db = np.asarray(t_dry_bulb_k, dtype=float)
    t_dp = np.minimum(np.asarray(t_dew_point_k, dtype=float), t_db)
    p = np.broadcast_to(np.asarray(pressure_pa, dtype=float), t_db.shape).copy()
    return WeatherYear(t_db, t_dp, p, np.atleast_1d(wet_bulb_from_dew_point(t_db, t_dp, p)),
                       np.asarray(month, dtype=int), source, synthetic, dict(location or {}))
