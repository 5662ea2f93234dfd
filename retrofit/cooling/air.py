"""Air side of a hall: moist-air state at the site altitude, airflow for a residual heat, exhaust fans.

Pure functions on SI floats or numpy arrays. The moist-air relations are those of
:mod:`retrofit.cooling.psychrometrics` (ASHRAE Handbook—Fundamentals 2017, ch. 1); this module turns
them into the questions a retrofit asks: how dense and how heat-capacious is the air on site, how much
air carries a rack's residual heat at an allowed temperature rise, and do the existing exhaust fans
move enough of it once the thinner air at altitude is accounted for.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import OutOfRange
from . import psychrometrics as psy

#: One cubic foot per minute [m³/s] (1 ft = 0.3048 m exactly).
CFM_M3_S = 0.3048**3 / 60.0
#: Air temperature range of the moist-air relations used here [K] (-40 to 60 °C).
AIR_TEMPERATURE_RANGE_K = (233.15, 333.15)


@dataclass(frozen=True)
class AirState:
    """State of moist air at a site.

    Attributes
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K].
    pressure_pa : float or array
        Barometric pressure [Pa].
    humidity_ratio : float or array
        Humidity ratio [kg/kg dry air].
    density_kg_m3 : float or array
        Moist-air density [kg/m³].
    cp_j_kg_k : float or array
        Specific heat per mass of moist air [J/(kg·K)].
    """

    t_dry_bulb_k: float
    pressure_pa: float
    humidity_ratio: float
    density_kg_m3: float
    cp_j_kg_k: float


def cfm_to_m3_s(flow_cfm):
    """Convert cubic feet per minute to cubic metres per second.

    Parameters
    ----------
    flow_cfm : float or array
        Volume flow [ft³/min].

    Returns
    -------
    flow : float or array
        Volume flow [m³/s].

    Notes
    -----
    1 cfm = 0.3048³ m³ / 60 s = 4.719474432e-4 m³/s (exact, from the international foot).

    References
    ----------
    NIST Special Publication 811 (2008), Appendix B.8.

    Examples
    --------
    >>> round(cfm_to_m3_s(2119.0), 4)
    1.0001
    """
    return np.asarray(flow_cfm, dtype=float) * CFM_M3_S if np.ndim(flow_cfm) else float(flow_cfm) * CFM_M3_S


def m3_s_to_cfm(flow_m3_s):
    """Convert cubic metres per second to cubic feet per minute.

    Parameters
    ----------
    flow_m3_s : float or array
        Volume flow [m³/s].

    Returns
    -------
    flow : float or array
        Volume flow [ft³/min].

    Notes
    -----
    Inverse of :func:`cfm_to_m3_s`.

    References
    ----------
    NIST Special Publication 811 (2008), Appendix B.8.

    Examples
    --------
    >>> round(m3_s_to_cfm(1.0), 1)
    2118.9
    """
    return np.asarray(flow_m3_s, dtype=float) / CFM_M3_S if np.ndim(flow_m3_s) else float(flow_m3_s) / CFM_M3_S


def air_state(t_dry_bulb_k, altitude_m=0.0, *, t_wet_bulb_k=None, relative_humidity=None,
              humidity_ratio=None) -> AirState:
    """Density and specific heat of moist air from dry bulb, humidity and altitude.

    Give at most one of ``t_wet_bulb_k``, ``relative_humidity`` and ``humidity_ratio``; with none the
    air is dry.

    Parameters
    ----------
    t_dry_bulb_k : float or array
        Dry-bulb temperature [K], 233.15–333.15 K (-40 to 60 °C).
    altitude_m : float or array
        Site altitude above mean sea level [m]; sets the barometric pressure of the standard
        atmosphere.
    t_wet_bulb_k : float or array, optional
        Thermodynamic wet-bulb temperature [K].
    relative_humidity : float or array, optional
        Relative humidity as a fraction [-].
    humidity_ratio : float or array, optional
        Humidity ratio [kg/kg dry air].

    Returns
    -------
    AirState
        Pressure [Pa], humidity ratio [kg/kg], density [kg/m³] and cp [J/(kg·K)].

    Raises
    ------
    OutOfRange
        When the dry bulb or the altitude is outside its validity range, or more than one humidity
        is given.

    Notes
    -----
    Pressure from the standard atmosphere (ASHRAE Fundamentals 2017, ch. 1, Eq. 3); humidity ratio
    from Eq. 33/35 (wet bulb) or Eq. 12, 20, 22 (relative humidity); density :math:`\\rho = (1+W)/v`
    with v from Eq. 26; :math:`c_p = (1006 + 1860 W)/(1 + W)` per kg of moist air (Eq. 30).
    Ideal-gas relations: density within 0.1 % of CoolProp's real-gas HAPropsSI from -10 to 50 °C.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.

    Examples
    --------
    >>> s = air_state(298.15, 379.0, t_wet_bulb_k=292.15)
    >>> round(s.density_kg_m3, 3), round(s.cp_j_kg_k, 1)
    (1.124, 1016.1)
    """
    psy.check_range("dry-bulb temperature", t_dry_bulb_k, *AIR_TEMPERATURE_RANGE_K, "K")
    given = [x is not None for x in (t_wet_bulb_k, relative_humidity, humidity_ratio)]
    if sum(given) > 1:
        raise OutOfRange("give at most one of t_wet_bulb_k, relative_humidity, humidity_ratio")
    pressure = psy.barometric_pressure(altitude_m)
    if t_wet_bulb_k is not None:
        w = psy.humidity_ratio_from_wet_bulb(t_dry_bulb_k, t_wet_bulb_k, pressure)
    elif relative_humidity is not None:
        w = psy.humidity_ratio_from_relative_humidity(t_dry_bulb_k, relative_humidity, pressure)
    elif humidity_ratio is not None:
        psy.check_range("humidity ratio", humidity_ratio, 0.0, 0.2, "kg/kg")
        w = humidity_ratio if np.ndim(humidity_ratio) else float(humidity_ratio)
    else:
        w = 0.0
    return AirState(
        t_dry_bulb_k=t_dry_bulb_k,
        pressure_pa=pressure,
        humidity_ratio=w,
        density_kg_m3=psy.density(t_dry_bulb_k, w, pressure),
        cp_j_kg_k=psy.specific_heat(w),
    )


def airflow_for_heat(p_heat_w, dt_air_k, density_kg_m3, cp_j_kg_k):
    """Volume airflow that carries a sensible heat at an allowed air temperature rise.

    Parameters
    ----------
    p_heat_w : float or array
        Sensible heat to carry away [W].
    dt_air_k : float or array
        Allowed rise of the air temperature across the load [K], > 0.
    density_kg_m3 : float or array
        Air density at the point where the flow is measured [kg/m³].
    cp_j_kg_k : float or array
        Specific heat of the air [J/(kg·K)].

    Returns
    -------
    flow : float or array
        Volume airflow [m³/s] at that density.

    Raises
    ------
    OutOfRange
        When the temperature rise is not positive.

    Notes
    -----
    Steady-flow energy balance on the air stream: :math:`\\dot V = P/(\\rho c_p \\Delta T)`.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1 (sensible heat of an airflow).

    Examples
    --------
    >>> round(m3_s_to_cfm(airflow_for_heat(15e3, 15.0, 1.18, 1006.0)), 0)
    1785.0
    """
    dt = np.asarray(dt_air_k, dtype=float)
    if np.any(dt <= 0.0):
        raise OutOfRange("allowed air temperature rise must be > 0 K")
    v = np.asarray(p_heat_w, dtype=float) / (np.asarray(density_kg_m3, dtype=float) * np.asarray(cp_j_kg_k, dtype=float) * dt)
    return float(v) if np.ndim(v) == 0 else v


def heat_carried(flow_m3_s, dt_air_k, density_kg_m3, cp_j_kg_k):
    """Sensible heat an airflow carries at a temperature rise (inverse of :func:`airflow_for_heat`).

    Parameters
    ----------
    flow_m3_s : float or array
        Volume airflow [m³/s].
    dt_air_k : float or array
        Air temperature rise [K].
    density_kg_m3 : float or array
        Air density [kg/m³].
    cp_j_kg_k : float or array
        Specific heat of the air [J/(kg·K)].

    Returns
    -------
    p_heat : float or array
        Heat carried [W].

    Notes
    -----
    :math:`P = \\rho \\dot V c_p \\Delta T`.

    References
    ----------
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.

    Examples
    --------
    >>> round(float(heat_carried(0.9547, 15.0, 1.18, 1006.0)))  # W
    17000
    """
    p = (np.asarray(flow_m3_s, dtype=float) * np.asarray(dt_air_k, dtype=float)
         * np.asarray(density_kg_m3, dtype=float) * np.asarray(cp_j_kg_k, dtype=float))
    return float(p) if np.ndim(p) == 0 else p


def coil_capacity_at_entering_water(q_rated_w, t_water_in_rated_k, t_air_in_rated_k, t_water_in_k, t_air_in_k):
    """Sensible capacity of a chilled-water coil (CRAH) at another entering water and air temperature.

    Parameters
    ----------
    q_rated_w : float or array
        Sensible capacity at the rating [W].
    t_water_in_rated_k, t_air_in_rated_k : float or array
        Entering water and entering (return) air temperatures of the rating [K].
    t_water_in_k, t_air_in_k : float or array
        Entering water and entering air temperatures in operation [K].

    Returns
    -------
    q : float or array
        Capacity [W], from 0 (water as warm as the air) up to the rated capacity.

    Raises
    ------
    OutOfRange
        When the rating's air is not warmer than its water.

    Notes
    -----
    ε-NTU with the coil's water and air flows held at their rated values (the fans at their rated
    airflow, the water valve at its rated flow): UA, the capacity rates and so the effectiveness ε are
    those of the nameplate point, and :math:`Q = \varepsilon C_{min} (T_{a,in} - T_{w,in})` scales with
    the inlet temperature difference,

    .. math:: Q = Q_r \frac{T_{a,in} - T_{w,in}}{T_{a,in,r} - T_{w,in,r}}

    (Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, Eqs. 11.22 and 11.23).
    No credit is taken above the nameplate: a warmer return air or colder water would need more water
    flow than the rating's valve and pipe give. Dehumidification (latent load) is not modelled: the
    coils of warm-water halls run dry.

    Examples
    --------
    >>> round(coil_capacity_at_entering_water(250e3, 293.15, 308.15, 298.15, 308.15))  # W, 25 degC water
    166667
    """
    itd_rated = np.asarray(t_air_in_rated_k, dtype=float) - np.asarray(t_water_in_rated_k, dtype=float)
    if np.any(itd_rated <= 0.0):
        raise OutOfRange("coil rating: the entering air must be warmer than the entering water")
    itd = np.asarray(t_air_in_k, dtype=float) - np.asarray(t_water_in_k, dtype=float)
    q = np.asarray(q_rated_w, dtype=float) * np.clip(itd / itd_rated, 0.0, 1.0)
    return float(q) if np.ndim(q) == 0 else q


@dataclass(frozen=True)
class ExhaustFanCheck:
    """Outcome of an exhaust-fan capacity check.

    Attributes
    ----------
    airflow_required_m3_s : float
        Airflow needed at the site air density [m³/s].
    airflow_available_m3_s : float
        Airflow the fans move at their rated speed [m³/s] (fan law: the same volume at any density).
    airflow_standard_equivalent_m3_s : float
        Available airflow expressed as standard air (1.2041 kg/m³ at 20 °C, 101.325 kPa) [m³/s]:
        the mass flow the fans move divided by the standard density.
    heat_removable_w : float
        Heat the available airflow carries at the allowed rise and site density [W].
    utilisation : float
        Required over available airflow [-]; above 1 the fans are too small.
    margin_w : float
        Heat removable minus heat to remove [W]; negative is a shortfall.
    adequate : bool
        True when the fans move enough air.
    """

    airflow_required_m3_s: float
    airflow_available_m3_s: float
    airflow_standard_equivalent_m3_s: float
    heat_removable_w: float
    utilisation: float
    margin_w: float
    adequate: bool


#: Density of standard air [kg/m³]: dry air at 20 °C and 101.325 kPa, the rating basis of fan
#: catalogues (AMCA 210 standard air is 1.2 kg/m³; this is the same air to 0.3 %).
STANDARD_AIR_DENSITY_KG_M3 = psy.density(293.15, 0.0, psy.P_STANDARD_PA)


def exhaust_fan_check(p_heat_w, dt_air_k, fan_airflow_m3_s, t_air_k, altitude_m=0.0, *,
                      n_fans=1, humidity_ratio=0.0) -> ExhaustFanCheck:
    """Check that exhaust fans carry a residual air heat at an allowed temperature rise on site.

    Parameters
    ----------
    p_heat_w : float
        Sensible heat to remove by air [W].
    dt_air_k : float
        Allowed rise from supply (inlet) to exhaust air [K].
    fan_airflow_m3_s : float
        Rated volume airflow of one fan at its operating point [m³/s].
    t_air_k : float
        Temperature of the air where the fans move it (the exhaust) [K].
    altitude_m : float
        Site altitude [m].
    n_fans : int
        Number of identical fans running [-].
    humidity_ratio : float
        Humidity ratio of the air [kg/kg].

    Returns
    -------
    ExhaustFanCheck
        Required and available airflow [m³/s], heat removable [W], utilisation [-], margin [W].

    Notes
    -----
    A fan at fixed speed moves the same volume whatever the air density (fan laws, AMCA 201:
    :math:`\\dot V \\propto N`, :math:`\\Delta p \\propto \\rho N^2`); the heat it carries scales with
    the mass flow :math:`\\rho \\dot V`. Thin, warm exhaust air therefore derates the heat capacity of a
    fan selected on standard air by :math:`\\rho_{site}/\\rho_{std}`. The required airflow is
    :math:`P/(\\rho_{site} c_p \\Delta T)` evaluated at the exhaust temperature, where the fans sit.
    The check assumes the fans stay on their rated operating point (the system curve scales with
    density too, so the intersection does not move).

    References
    ----------
    AMCA Publication 201, *Fans and Systems*, fan laws.
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.

    Examples
    --------
    >>> c = exhaust_fan_check(17e3, 15.0, 1.0, 313.15, 379.0)
    >>> c.adequate, round(c.utilisation, 3), round(c.margin_w)
    (False, 1.046, -740)
    """
    state = air_state(t_air_k, altitude_m, humidity_ratio=humidity_ratio)
    available = float(n_fans) * float(fan_airflow_m3_s)
    required = airflow_for_heat(p_heat_w, dt_air_k, state.density_kg_m3, state.cp_j_kg_k)
    removable = heat_carried(available, dt_air_k, state.density_kg_m3, state.cp_j_kg_k)
    return ExhaustFanCheck(
        airflow_required_m3_s=float(required),
        airflow_available_m3_s=available,
        airflow_standard_equivalent_m3_s=available * float(state.density_kg_m3) / STANDARD_AIR_DENSITY_KG_M3,
        heat_removable_w=float(removable),
        utilisation=float(required) / available if available > 0 else float("inf"),
        margin_w=float(removable) - float(p_heat_w),
        adequate=bool(required <= available),
    )
