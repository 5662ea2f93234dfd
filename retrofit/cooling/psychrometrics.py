"""Moist-air psychrometrics after the ASHRAE Handbook—Fundamentals, chapter 1.

Ideal-gas relations of the ASHRAE Handbook—Fundamentals (2017), chapter 1 "Psychrometrics", on SI
floats or numpy arrays: the standard atmosphere, the Hyland–Wexler saturation pressure, humidity
ratio from wet bulb or relative humidity, specific volume, density, enthalpy and specific heat.
Temperatures are absolute [K], pressures [Pa], enthalpies [J/kg dry air].

The ideal-gas forms neglect the enhancement factor and the compressibility of moist air. Against the
real-gas formulation of CoolProp's HAPropsSI, from -10 to 50 °C at 0-2,500 m, the density agrees to
better than 0.1 %, cp to 0.2 % and the humidity ratio from the wet bulb to 0.8 % (4e-4 kg/kg)
(``tests/peers/test_air_vs_coolprop.py``).
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import NotConverged, OutOfRange

#: Triple point of water [K]; ice-saturation branch below it.
T_TRIPLE_K = 273.16
#: Zero of the Celsius scale [K].
T_ZERO_C_K = 273.15
#: Standard sea-level barometric pressure [Pa] (ASHRAE Fundamentals 2017, ch. 1, Table 1).
P_STANDARD_PA = 101_325.0
#: Gas constant of dry air [J/(kg·K)] (ASHRAE Fundamentals 2017, ch. 1, Eq. 1 and 26).
R_DRY_AIR_J_KG_K = 287.042
#: Ratio of molar masses water / dry air (ASHRAE Fundamentals 2017, ch. 1, Eq. 20).
MOLAR_MASS_RATIO = 0.621945
#: Specific heat of dry air [J/(kg·K)] (ASHRAE Fundamentals 2017, ch. 1, Eq. 30).
CP_DRY_AIR_J_KG_K = 1006.0
#: Specific heat of water vapour [J/(kg·K)] (ASHRAE Fundamentals 2017, ch. 1, Eq. 30).
CP_VAPOUR_J_KG_K = 1860.0
#: Enthalpy of vaporisation of water at 0 °C [J/kg] (ASHRAE Fundamentals 2017, ch. 1, Eq. 30).
H_VAPORISATION_0C_J_KG = 2_501_000.0

# Hyland–Wexler saturation-pressure coefficients, ASHRAE Fundamentals 2017 ch. 1 Eq. 5 (over ice,
# -100 to 0 °C) and Eq. 6 (over liquid water, 0 to 200 °C); ln(p_ws / Pa) with T in K.
_ICE = (-5.6745359e3, 6.3925247, -9.6778430e-3, 6.2215701e-7, 2.0747825e-9, -9.4840240e-13, 4.1635019)
_WATER = (-5.8002206e3, 1.3914993, -4.8640239e-2, 4.1764768e-5, -1.4452093e-8, 0.0, 6.5459673)

ALTITUDE_RANGE_M = (-500.0, 11_000.0)
SATURATION_RANGE_K = (173.15, 473.15)

_NEWTON_ITERATIONS, _NEWTON_TOLERANCE_K = 60, 1e-10
"""Bound and tolerance of the saturation-temperature Newton iteration (it takes about ten steps)."""
_BISECTION_ITERATIONS, _BISECTION_TOLERANCE_K = 80, 1e-9
"""Bound and tolerance of the wet-bulb bisection (300 K halved 80 times is far below the tolerance)."""


def check_range(name: str, value, low: float, high: float, unit: str) -> None:
    """Raise :class:`~retrofit.errors.OutOfRange` naming ``name`` when any of ``value`` is not finite or lies
    outside ``low..high`` (in ``unit``)."""
    if isinstance(value, float) and math.isfinite(value) and low <= value <= high:
        return  # a plain number in range: the array test below would pass it too, at about 30 times the cost
    arr = np.asarray(value, dtype=float)
    if not (np.isfinite(arr).all() and (arr >= low).all() and (arr <= high).all()):
        bad = arr[(~np.isfinite(arr)) | (arr < low) | (arr > high)].ravel()[0]
        raise OutOfRange(f"{name} = {bad:g} {unit} is outside the validity range {low:g}..{high:g} {unit}")


def barometric_pressure(altitude_m):
    """Barometric pressure of the standard atmosphere at an altitude.

    Parameters
    ----------
    altitude_m : float or array
        Altitude above mean sea level [m], -500 to 11,000 m.

    Returns
    -------
    pressure : float or array
        Barometric pressure [Pa].

    Raises
    ------
    OutOfRange
        When the altitude is outside -500..11,000 m (the troposphere, where the lapse rate holds).

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 3:

    .. math:: p = 101.325\\,(1 - 2.25577\\times10^{-5} Z)^{5.2559}\\ \\mathrm{kPa}

    the U.S. Standard Atmosphere (1976) troposphere with a lapse rate of 6.5 K/km.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 3 and Table 1.

    Examples
    --------
    >>> round(float(barometric_pressure(1000.0)), 0)
    89875.0
    """
    check_range("altitude", altitude_m, *ALTITUDE_RANGE_M, "m")
    z = np.asarray(altitude_m, dtype=float)
    p = P_STANDARD_PA * (1.0 - 2.25577e-5 * z) ** 5.2559
    return float(p) if np.ndim(p) == 0 else p


def saturation_pressure(t_k):
    """Saturation pressure of water vapour over liquid water (above 0 °C) or ice (below).

    Parameters
    ----------
    t_k : float or array
        Temperature [K], 173.15–473.15 K (-100 to 200 °C).

    Returns
    -------
    p_ws : float or array
        Saturation vapour pressure [Pa].

    Notes
    -----
    Hyland–Wexler correlation, ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 5 (over ice,
    -100..0 °C) and Eq. 6 (over liquid water, 0..200 °C):

    .. math:: \\ln p_{ws} = C_1/T + C_2 + C_3 T + C_4 T^2 + C_5 T^3 + C_6 T^4 + C_7 \\ln T

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 5 and 6.
    Hyland, R.W. and Wexler, A., "Formulations for the thermodynamic properties of the saturated
    phases of H2O from 173.15 K to 473.15 K", ASHRAE Transactions 89(2A), 1983.

    Examples
    --------
    >>> round(float(saturation_pressure(293.15)), 1)
    2338.8
    """
    check_range("temperature", t_k, *SATURATION_RANGE_K, "K")
    t = np.asarray(t_k, dtype=float)

    def branch(c):
        return np.exp(c[0] / t + c[1] + c[2] * t + c[3] * t**2 + c[4] * t**3 + c[5] * t**4 + c[6] * np.log(t))

    p = np.where(t >= T_TRIPLE_K, branch(_WATER), branch(_ICE))
    return float(p) if np.ndim(p) == 0 else p


def humidity_ratio_from_vapour_pressure(p_w, pressure):
    """Humidity ratio of moist air from its water-vapour partial pressure.

    Parameters
    ----------
    p_w : float or array
        Partial pressure of water vapour [Pa].
    pressure : float or array
        Total (barometric) pressure [Pa].

    Returns
    -------
    humidity_ratio : float or array
        Mass of water vapour per mass of dry air [kg/kg].

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 20: :math:`W = 0.621945\\,p_w/(p - p_w)`.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 20.

    Examples
    --------
    >>> round(float(humidity_ratio_from_vapour_pressure(2000.0, 101325.0)), 5)
    0.01252
    """
    p_w = np.asarray(p_w, dtype=float)
    w = MOLAR_MASS_RATIO * p_w / (np.asarray(pressure, dtype=float) - p_w)
    return float(w) if np.ndim(w) == 0 else w


def saturation_humidity_ratio(t_k, pressure):
    """Humidity ratio of saturated moist air.

    Parameters
    ----------
    t_k : float or array
        Temperature [K].
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    humidity_ratio : float or array
        Saturation humidity ratio [kg/kg].

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 20 with :math:`p_w = p_{ws}(T)` (Eq. 5/6).

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.

    Examples
    --------
    >>> round(float(saturation_humidity_ratio(298.15, 101325.0)), 5)
    0.02008
    """
    return humidity_ratio_from_vapour_pressure(saturation_pressure(t_k), pressure)


def humidity_ratio_from_wet_bulb(t_dry_bulb_k, t_wet_bulb_k, pressure):
    """Humidity ratio from dry-bulb and thermodynamic wet-bulb temperatures.

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    t_wet_bulb_k : float or array
        Thermodynamic wet-bulb temperature [K], not above the dry bulb.
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    humidity_ratio : float or array
        Humidity ratio [kg/kg].

    Raises
    ------
    OutOfRange
        When the wet bulb exceeds the dry bulb.

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 33 (wet bulb at or above 0 °C) and Eq. 35
    (below 0 °C, over ice), with t in °C and the saturation ratio :math:`W_s^*` at the wet bulb:

    .. math:: W = \\frac{(2501 - 2.326 t^*) W_s^* - 1.006 (t - t^*)}{2501 + 1.86 t - 4.186 t^*}

    .. math:: W = \\frac{(2830 - 0.24 t^*) W_s^* - 1.006 (t - t^*)}{2830 + 1.86 t - 2.1 t^*}

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 33 and 35.

    Examples
    --------
    >>> round(float(humidity_ratio_from_wet_bulb(298.15, 291.15, 101325.0)), 5)
    0.01002
    """
    t_db = np.asarray(t_dry_bulb_k, dtype=float)
    t_wb = np.asarray(t_wet_bulb_k, dtype=float)
    if np.any(t_wb > t_db + 1e-9):
        raise OutOfRange("wet-bulb temperature exceeds dry-bulb temperature")
    ws = saturation_humidity_ratio(t_wb, pressure)
    t = t_db - T_ZERO_C_K
    ts = t_wb - T_ZERO_C_K
    above = ((2501.0 - 2.326 * ts) * ws - 1.006 * (t - ts)) / (2501.0 + 1.86 * t - 4.186 * ts)
    below = ((2830.0 - 0.24 * ts) * ws - 1.006 * (t - ts)) / (2830.0 + 1.86 * t - 2.1 * ts)
    w = np.maximum(np.where(ts >= 0.0, above, below), 0.0)
    return float(w) if np.ndim(w) == 0 else w


def humidity_ratio_from_relative_humidity(t_dry_bulb_k, relative_humidity, pressure):
    """Humidity ratio from dry bulb and relative humidity.

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    relative_humidity : float or array
        Relative humidity as a fraction [-], 0–1.
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    humidity_ratio : float or array
        Humidity ratio [kg/kg].

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 12 and 22 (:math:`\\phi = p_w/p_{ws}`) and Eq. 20.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 12, 20 and 22.

    Examples
    --------
    >>> round(float(humidity_ratio_from_relative_humidity(308.15, 0.4, 101325.0)), 5)
    0.01413
    """
    check_range("relative humidity", relative_humidity, 0.0, 1.0, "-")
    p_w = np.asarray(relative_humidity, dtype=float) * saturation_pressure(t_dry_bulb_k)
    return humidity_ratio_from_vapour_pressure(p_w, pressure)


def specific_volume(t_dry_bulb_k, humidity_ratio, pressure):
    """Specific volume of moist air per unit mass of dry air.

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    humidity_ratio : float or array
        Humidity ratio [kg/kg].
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    volume : float or array
        Specific volume [m³/kg dry air].

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 26:
    :math:`v = R_{da} T (1 + 1.607858 W)/p` with :math:`R_{da} = 287.042` J/(kg·K).

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 26.

    Examples
    --------
    >>> round(float(specific_volume(308.15, 0.0112, 101325.0)), 4)
    0.8887
    """
    v = (R_DRY_AIR_J_KG_K * np.asarray(t_dry_bulb_k, dtype=float)
         * (1.0 + 1.607858 * np.asarray(humidity_ratio, dtype=float)) / np.asarray(pressure, dtype=float))
    return float(v) if np.ndim(v) == 0 else v


def density(t_dry_bulb_k, humidity_ratio, pressure):
    """Density of moist air (mass of dry air plus vapour per volume).

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    humidity_ratio : float or array
        Humidity ratio [kg/kg].
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    density : float or array
        Moist-air density [kg/m³].

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 11 with Eq. 26: :math:`\\rho = (1 + W)/v`.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 11 and 26.

    Examples
    --------
    >>> round(float(density(298.15, 0.0, 101325.0)), 4)
    1.184
    """
    rho = (1.0 + np.asarray(humidity_ratio, dtype=float)) / specific_volume(t_dry_bulb_k, humidity_ratio, pressure)
    return float(rho) if np.ndim(rho) == 0 else rho


def enthalpy(t_dry_bulb_k, humidity_ratio):
    """Specific enthalpy of moist air per unit mass of dry air (zero for dry air at 0 °C).

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    humidity_ratio : float or array
        Humidity ratio [kg/kg].

    Returns
    -------
    enthalpy : float or array
        Enthalpy [J/kg dry air].

    Notes
    -----
    ASHRAE Handbook—Fundamentals (2017), ch. 1, Eq. 30 (t in °C):
    :math:`h = 1.006 t + W (2501 + 1.86 t)` kJ/kg.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 30.

    Examples
    --------
    >>> round(float(enthalpy(308.15, 0.0112)))  # 35 degC, 11.2 g/kg, J/kg
    63950
    """
    t = np.asarray(t_dry_bulb_k, dtype=float) - T_ZERO_C_K
    w = np.asarray(humidity_ratio, dtype=float)
    h = CP_DRY_AIR_J_KG_K * t + w * (H_VAPORISATION_0C_J_KG + CP_VAPOUR_J_KG_K * t)
    return float(h) if np.ndim(h) == 0 else h


def specific_heat(humidity_ratio):
    """Isobaric specific heat of moist air per unit mass of moist air.

    Parameters
    ----------
    humidity_ratio : float or array
        Humidity ratio [kg/kg].

    Returns
    -------
    cp : float or array
        Specific heat [J/(kg·K)] per kilogram of moist air.

    Notes
    -----
    The derivative of ASHRAE Fundamentals (2017) ch. 1 Eq. 30 at constant W, per kg of dry air
    :math:`c_{p,da} + W c_{p,v}`, divided by :math:`(1 + W)` to refer it to the mixture mass, so that
    :math:`\\dot V \\rho c_p \\Delta T` is the sensible heat carried by an airflow.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 30.

    Examples
    --------
    >>> round(float(specific_heat(0.01)), 1)
    1014.5
    """
    w = np.asarray(humidity_ratio, dtype=float)
    cp = (CP_DRY_AIR_J_KG_K + CP_VAPOUR_J_KG_K * w) / (1.0 + w)
    return float(cp) if np.ndim(cp) == 0 else cp


def saturation_enthalpy(t_k, pressure):
    """Enthalpy of saturated moist air at a temperature.

    Parameters
    ----------
    t_k : float or array
        Temperature [K].
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    enthalpy : float or array
        Saturated-air enthalpy [J/kg dry air].

    Notes
    -----
    ASHRAE Fundamentals (2017) ch. 1 Eq. 30 with the saturation humidity ratio (Eq. 5/6 and 20).
    The driving potential of Merkel's cooling-tower theory.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.

    Examples
    --------
    >>> round(float(saturation_enthalpy(298.15, 101325.0)))
    76307
    """
    return enthalpy(t_k, saturation_humidity_ratio(t_k, pressure))


def saturation_temperature_from_enthalpy(h, pressure, t_guess_k=300.0):
    """Temperature at which saturated air has a given enthalpy (inverse of :func:`saturation_enthalpy`).

    Parameters
    ----------
    h : float or array
        Enthalpy [J/kg dry air].
    pressure : float or array
        Barometric pressure [Pa].
    t_guess_k : float or array
        Starting temperature of the Newton iteration [K].

    Returns
    -------
    t : float or array
        Saturation temperature [K].

    Notes
    -----
    Newton iteration on ASHRAE Fundamentals (2017) ch. 1 Eq. 30 with a centred-difference
    derivative, to 1e-10 K (about ten steps; the saturation enthalpy is smooth and convex).

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.

    Examples
    --------
    >>> round(float(saturation_temperature_from_enthalpy(76000.0, 101325.0)) - 273.15, 2)
    24.93
    """
    h = np.asarray(h, dtype=float)
    t = np.broadcast_to(np.asarray(t_guess_k, dtype=float), np.broadcast(h, np.asarray(pressure)).shape).copy()
    for _ in range(_NEWTON_ITERATIONS):
        f = saturation_enthalpy(t, pressure) - h
        d = (saturation_enthalpy(t + 1e-3, pressure) - saturation_enthalpy(t - 1e-3, pressure)) / 2e-3
        step = np.clip(f / d, -20.0, 20.0)
        t = np.clip(t - step, SATURATION_RANGE_K[0], SATURATION_RANGE_K[1] - 50.0)
        if np.all(np.abs(step) < _NEWTON_TOLERANCE_K):
            break
    else:
        raise NotConverged("saturation temperature from enthalpy (Newton) [K]", float(np.max(np.abs(step))),
                           _NEWTON_TOLERANCE_K, _NEWTON_ITERATIONS)
    return float(t) if np.ndim(t) == 0 else t


def wet_bulb_from_humidity_ratio(t_dry_bulb_k, humidity_ratio, pressure):
    """Thermodynamic wet bulb from dry bulb and humidity ratio (inverse of Eq. 33/35).

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    humidity_ratio : float or array
        Humidity ratio [kg/kg].
    pressure : float or array
        Barometric pressure [Pa].

    Returns
    -------
    t_wet_bulb : float or array
        Wet-bulb temperature [K].

    Notes
    -----
    Bisection on ASHRAE Fundamentals (2017) ch. 1 Eq. 33/35 between the dew point region and the
    dry bulb (W increases monotonically with the wet bulb), to 1e-9 K.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1, Eq. 33 and 35.

    Examples
    --------
    >>> round(float(wet_bulb_from_humidity_ratio(308.15, 0.0112198, 101325.0)) - 273.15, 2)
    22.0
    """
    t_db = np.asarray(t_dry_bulb_k, dtype=float)
    w = np.asarray(humidity_ratio, dtype=float)
    shape = np.broadcast(t_db, w, np.asarray(pressure)).shape
    low = np.full(shape, SATURATION_RANGE_K[0])
    high = np.broadcast_to(t_db, shape).astype(float).copy()
    for _ in range(_BISECTION_ITERATIONS):
        mid = 0.5 * (low + high)
        too_wet = humidity_ratio_from_wet_bulb(np.broadcast_to(t_db, shape), mid, pressure) > w
        high = np.where(too_wet, mid, high)
        low = np.where(too_wet, low, mid)
        if np.all(high - low < _BISECTION_TOLERANCE_K):
            break
    else:
        raise NotConverged("wet bulb from humidity ratio (bisection) [K]", float(np.max(high - low)),
                           _BISECTION_TOLERANCE_K, _BISECTION_ITERATIONS)
    t = 0.5 * (low + high)
    return float(t) if np.ndim(t) == 0 else t
