"""Dry coolers and adiabatic coolers: a finned coil against the ambient air, the adiabatic cooler's behind
evaporative pre-cooling pads.

Each rating is a frozen dataclass of SI floats anchored at a vendor's rated point, which its model
reproduces exactly; :func:`dry_cooler` and :func:`adiabatic_cooler` take the common signature of the
models registered in :data:`retrofit.cooling.heat_rejection.HEAT_REJECTION_MODELS` (floats or numpy
arrays) and return a :class:`~retrofit.cooling.rejection_performance.UnitPerformance`.

Reference figure: dry-cooler approach median 10 K above the dry bulb (a survey of 6,730 models from 27
makers, Energies 16(9), 3661, 2023, doi:10.3390/en16093661).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..errors import OutOfRange
from . import heat_exchange as hx
from . import psychrometrics as psy
from .effectiveness_ntu import max_effectiveness, ntu_from_effectiveness
from .film_coefficients import corrected_conductance
from .rejection_performance import UnitPerformance, ambient_humidity_ratio, check_validity_ranges, unit_performance


@dataclass(frozen=True)
class DryCoolerRating:
    """Rated point and construction of a dry cooler (air-cooled fluid cooler).

    Attributes
    ----------
    q_rated_w : float
        Rated heat rejected [W].
    t_fluid_in_rated_k : float
        Entering-fluid temperature at the rating [K].
    flow_fluid_rated_kg_s : float
        Fluid mass flow at the rating [kg/s].
    cp_fluid_rated_j_kg_k : float
        Fluid specific heat at the rating [J/(kg·K)].
    t_dry_bulb_rated_k : float
        Entering-air dry bulb at the rating [K].
    airflow_rated_m3_s : float
        Air volume flow at full fan speed [m³/s].
    fan_power_rated_w : float
        Fan power at full speed and rated air density [W].
    altitude_rated_m : float
        Altitude of the rating [m].
    arrangement : str
        Coil arrangement for ε-NTU (:data:`heat_exchange.ARRANGEMENTS`).
    air_side_resistance_fraction : float
        Air-side share of the coil's thermal resistance at the rating [-] (finned coils 0.6–0.8;
        estimate 0.75).
    air_exponent : float
        Exponent of :math:`h \\propto Re^n` on the finned air side [-] (0.5–0.65).
    fluid_exponent : float
        Exponent on the tube side [-] (0.8, turbulent).
    t_wet_bulb_rated_k : float or None
        Wet bulb of the rating air [K]; None rates on dry air.
    fluid_film_ratio : float
        Tube-side film coefficient of the operating fluid over that of the rating fluid at the same mass
        flow [-] (:func:`retrofit.cooling.film_coefficients.dittus_boelter_fluid_ratio`); 1 when the
        coil runs on the fluid it was rated on. :attr:`ua_rated_w_k` stays the rating's;
        :attr:`ua_operating_w_k` is the conductance with the operating fluid at the rated flows.
    """

    q_rated_w: float
    t_fluid_in_rated_k: float
    flow_fluid_rated_kg_s: float
    cp_fluid_rated_j_kg_k: float
    t_dry_bulb_rated_k: float
    airflow_rated_m3_s: float
    fan_power_rated_w: float
    altitude_rated_m: float = 0.0
    arrangement: str = "crossflow_unmixed"
    air_side_resistance_fraction: float = 0.75
    air_exponent: float = 0.6
    fluid_exponent: float = 0.8
    t_wet_bulb_rated_k: float | None = None
    fluid_film_ratio: float = 1.0

    def _rated_coil_air(self):
        """Dry bulb [K] and humidity ratio [kg/kg] of the air entering the coil at the rating."""
        t_db = np.asarray(self.t_dry_bulb_rated_k, dtype=float)
        pressure = psy.barometric_pressure(self.altitude_rated_m)
        return t_db, ambient_humidity_ratio(t_db, self.t_wet_bulb_rated_k, pressure)

    @cached_property
    def rated_air_density_kg_m3(self):
        """Density of the air entering the coil at the rating [kg/m³]."""
        t_air, w = self._rated_coil_air()
        return psy.density(t_air, w, psy.barometric_pressure(self.altitude_rated_m))

    @cached_property
    def ua_rated_w_k(self):
        """Coil conductance UA at the rated flows [W/K], from the rated point by inverse ε-NTU."""
        t_air, w = self._rated_coil_air()
        c_fluid = np.asarray(self.flow_fluid_rated_kg_s, dtype=float) * np.asarray(self.cp_fluid_rated_j_kg_k)
        c_air = np.asarray(self.airflow_rated_m3_s, dtype=float) * self.rated_air_density_kg_m3 * psy.specific_heat(w)
        c_min = np.minimum(c_fluid, c_air)
        dt_max = np.asarray(self.t_fluid_in_rated_k, dtype=float) - t_air
        if np.any(dt_max <= 0.0):
            raise OutOfRange("dry-cooler rating: entering fluid must be warmer than the entering air")
        eps = np.asarray(self.q_rated_w, dtype=float) / (c_min * dt_max)
        cr = c_min / np.maximum(c_fluid, c_air)
        if np.any(eps >= np.asarray(max_effectiveness(cr, self.arrangement))):
            raise OutOfRange("dry-cooler rating impossible: the rated heat exceeds what the rated fluid and "
                             "air flows can carry across the rated temperature difference")
        return c_min * np.asarray(ntu_from_effectiveness(eps, cr, self.arrangement))

    @cached_property
    def _operating_conductance(self):
        f_fluid = 1.0 - np.asarray(self.air_side_resistance_fraction, dtype=float)
        return corrected_conductance(self.ua_rated_w_k, np.asarray(self.fluid_film_ratio, dtype=float), 1.0, f_fluid)

    @property
    def ua_operating_w_k(self):
        """Coil conductance at the rated flows with the operating fluid [W/K]: the tube-side resistance
        divided by :attr:`fluid_film_ratio` (:func:`retrofit.cooling.film_coefficients.corrected_conductance`)."""
        return self._operating_conductance[0]

    @property
    def fluid_resistance_fraction(self):
        """Tube side's share of the operating conductance's resistance [-]."""
        return self._operating_conductance[1]


@dataclass(frozen=True)
class AdiabaticCoolerRating(DryCoolerRating):
    """Rated point of an adiabatic cooler: a dry cooler behind evaporative pre-cooling pads.

    Attributes
    ----------
    pad_effectiveness : float
        Saturation effectiveness of the pads, :math:`(t_{db} - t_{air})/(t_{db} - t_{wb})` [-]
        (0.7–0.9 for 100–200 mm media; estimate 0.8).
    t_switch_over_k : float
        Dry bulb above which the pads are wetted [K].
    rated_wet : bool
        True when the rating was taken with wet pads (at ``t_wet_bulb_rated_k``).
    """

    pad_effectiveness: float = 0.8
    t_switch_over_k: float = 298.15
    rated_wet: bool = False

    def _rated_coil_air(self):
        if not self.rated_wet:
            return super()._rated_coil_air()
        t_db = np.asarray(self.t_dry_bulb_rated_k, dtype=float)
        if self.t_wet_bulb_rated_k is None or np.any(t_db <= np.asarray(self.t_switch_over_k)):
            raise OutOfRange("a wet-mode adiabatic rating needs t_wet_bulb_rated_k and a dry bulb above the switch-over")
        t_wb = np.asarray(self.t_wet_bulb_rated_k, dtype=float)
        t_air = t_db - np.asarray(self.pad_effectiveness) * (t_db - t_wb)
        return t_air, psy.humidity_ratio_from_wet_bulb(t_air, t_wb, psy.barometric_pressure(self.altitude_rated_m))


#: Validity ranges of the dry- and adiabatic-cooler models, in SI units.
COOLER_RANGES = {"t_dry_bulb_k": (233.15, 328.15), "altitude_m": (-500.0, 5000.0), "speed": (0.0, 1.0)}


def _cooler(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k, altitude_m, speed, pads):
    p = psy.barometric_pressure(altitude_m)
    t_db = np.asarray(t_dry_bulb_k, dtype=float)
    w_amb = ambient_humidity_ratio(t_db, t_wet_bulb_k, p)
    t_air, w_air = t_db, w_amb
    if pads:
        t_wb = np.asarray(t_wet_bulb_k, dtype=float)
        wet = t_db > np.asarray(rating.t_switch_over_k)
        t_air = np.where(wet, t_db - np.asarray(rating.pad_effectiveness) * (t_db - t_wb), t_db)
        w_air = np.where(wet, psy.humidity_ratio_from_wet_bulb(t_air, t_wb, p), w_amb)
    rho = psy.density(t_air, w_air, p)
    spd = np.asarray(speed, dtype=float)
    m_air = spd * np.asarray(rating.airflow_rated_m3_s) * rho
    m_fluid = np.asarray(flow_kg_s, dtype=float)
    ua = hx.ua_at_flows(rating.ua_operating_w_k, m_fluid, m_air, np.asarray(rating.flow_fluid_rated_kg_s),
                        np.asarray(rating.airflow_rated_m3_s) * rating.rated_air_density_kg_m3,
                        exponent=rating.fluid_exponent, cold_exponent=rating.air_exponent,
                        hot_resistance_fraction=rating.fluid_resistance_fraction)
    s = hx.hx_outlet_temperatures(t_fluid_in_k, t_air, m_fluid * np.asarray(cp_j_kg_k),
                                  m_air * psy.specific_heat(w_air), ua, rating.arrangement)
    fan = np.asarray(rating.fan_power_rated_w) * spd**3 * rho / rating.rated_air_density_kg_m3
    water = m_air / (1.0 + w_air) * (w_air - w_amb)
    return unit_performance(s.q_w, s.t_hot_out_k, spd, fan, water, s.q_w)


def dry_cooler(rating: DryCoolerRating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k=None,
               altitude_m=0.0, speed=1.0) -> UnitPerformance:
    """Heat a dry cooler rejects at an ambient, fluid state and fan speed.

    Parameters
    ----------
    rating : DryCoolerRating
        Rated point and construction.
    t_fluid_in_k : float or array
        Entering-fluid temperature [K].
    flow_kg_s : float or array
        Fluid mass flow [kg/s].
    cp_j_kg_k : float or array
        Fluid specific heat [J/(kg·K)].
    t_dry_bulb_k : float or array
        Ambient dry bulb [K], -40 to 55 °C.
    t_wet_bulb_k : float or array, optional
        Ambient wet bulb [K], for the air humidity (dry air when omitted).
    altitude_m : float
        Site altitude [m], -500 to 5,000 m.
    speed : float or array
        Fan speed as a fraction of full speed [-], 0–1.

    Returns
    -------
    UnitPerformance
        Heat [W], leaving-fluid temperature [K], fan power [W]; no water.

    Notes
    -----
    Crossflow coil by ε-NTU (Incropera et al. 2007, Table 11.3) between fluid and air. The fans move a
    fixed volume per revolution, so the air capacity rate is :math:`C_a = s\\,\\dot V_r\\,\\rho(t_{db},
    W, p(z))\\,c_{p,a}` and falls with the density at altitude and in heat (ASHRAE Fundamentals 2017
    ch. 1 Eq. 3, 11, 26). UA comes from the rated point by inverse ε-NTU and is scaled to the
    operating fluid and air mass flows by series film resistances :math:`h \\propto \\dot m^n`
    (:func:`heat_exchange.ua_at_flows`). Fan power follows the fan laws, :math:`P = P_r s^3
    \\rho/\\rho_r` (AMCA 201). Sensible cooling only (no condensation on the coil).

    References
    ----------
    Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., 2007, §11.4.
    EN 1048, *Heat exchangers — Air cooled liquid coolers "dry coolers" — Test procedures for
    establishing the performance*.
    AMCA Publication 201, *Fans and Systems*.

    Examples
    --------
    >>> r = DryCoolerRating(1.0e6, 318.15, 42.2, 3950.0, 303.15, 110.0, 20e3)
    >>> round(dry_cooler(r, 318.15, 42.2, 3950.0, 303.15).heat_w / 1e6, 6)
    1.0
    >>> round(dry_cooler(r, 318.15, 42.2, 3950.0, 308.15, altitude_m=379.0).heat_w / 1e6, 3)
    0.645
    """
    check_validity_ranges("dry_cooler", COOLER_RANGES, t_dry_bulb_k=t_dry_bulb_k, altitude_m=altitude_m, speed=speed)
    return _cooler(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k, altitude_m, speed, False)


def adiabatic_cooler(rating: AdiabaticCoolerRating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k,
                     altitude_m=0.0, speed=1.0) -> UnitPerformance:
    """Heat an adiabatic cooler rejects: a dry-cooler coil behind evaporative pre-cooling pads.

    Parameters
    ----------
    rating : AdiabaticCoolerRating
        Rated point, pad effectiveness and switch-over dry bulb.
    t_fluid_in_k : float or array
        Entering-fluid temperature [K].
    flow_kg_s : float or array
        Fluid mass flow [kg/s].
    cp_j_kg_k : float or array
        Fluid specific heat [J/(kg·K)].
    t_dry_bulb_k : float or array
        Ambient dry bulb [K], -40 to 55 °C.
    t_wet_bulb_k : float or array
        Ambient wet bulb [K], not above the dry bulb.
    altitude_m : float
        Site altitude [m].
    speed : float or array
        Fan speed fraction [-], 0–1.

    Returns
    -------
    UnitPerformance
        Heat [W], leaving-fluid temperature [K], fan power [W], evaporated water [kg/s].

    Notes
    -----
    Above the switch-over dry bulb the pads are wet and the air reaches the coil at
    :math:`t_{air} = t_{db} - \\eta_{pad}(t_{db} - t_{wb})` on the constant-wet-bulb line, with
    :math:`W_{air}` from ASHRAE Fundamentals 2017 ch. 1 Eq. 33 at :math:`(t_{air}, t_{wb})`; below it
    the unit runs dry. The coil is the one of :func:`dry_cooler`. Water use is the evaporated mass
    :math:`\\dot m_{da}(W_{air} - W_{amb})`, the dry-air flow taken from the fan volume at the coil
    inlet density; pad bleed-off (typically another 10–30 %) is not included.

    References
    ----------
    ASHRAE, *Handbook—HVAC Systems and Equipment*, 2020, "Evaporative Air-Cooling Equipment" (direct
    evaporative saturation effectiveness).
    ASHRAE, *Handbook—Fundamentals*, SI edition, 2017, chapter 1.
    """
    check_validity_ranges("adiabatic_cooler", COOLER_RANGES, t_dry_bulb_k=t_dry_bulb_k, altitude_m=altitude_m,
                          speed=speed)
    return _cooler(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k, altitude_m, speed, True)
