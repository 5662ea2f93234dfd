"""Heat-rejection equipment against the ambient: dry and adiabatic coolers, cooling towers, chillers.

Each model is a pure function ``performance(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k,
t_wet_bulb_k, altitude_m, speed)`` on SI floats or numpy arrays returning a :class:`UnitPerformance`.
Every model is anchored at a vendor's rated point, which it reproduces exactly, and follows the physics
stated in its docstring away from it. Models are registered by name with their validity ranges in
:data:`HEAT_REJECTION_MODELS`; :func:`control_to_setpoint` finds for any of them the fan speed (or
part-load ratio) that holds a leaving-fluid setpoint, capped at 100 %. Ratings are frozen dataclasses
of SI floats; :func:`stack_ratings` makes one rating of arrays from a list so that a bank of units is
evaluated in one vectorised call.

Reference figures: dry-cooler approach median 10 K above the dry bulb, open tower 5 K above the wet bulb
(closed circuit 6.5 K), tower electricity 0.012–0.021 kWel/kWth (a survey of 6,730 models from 27 makers,
Energies 16(9), 3661, 2023, doi:10.3390/en16093661); air-cooled chiller COP about 2.8–3.5 at 35 °C (an
estimate, no publication).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, NamedTuple, Sequence

import numpy as np

from ..errors import NotConverged, OutOfRange, UnknownMethod
from . import heat_exchange as hx
from . import psychrometrics as psy
from .film_coefficients import corrected_conductance


class UnitPerformance(NamedTuple):
    """Operating point of one heat-rejection unit (or of a bank, as arrays).

    Attributes
    ----------
    heat_w : float or array
        Heat removed from the fluid [W].
    t_fluid_out_k : float or array
        Leaving-fluid temperature [K].
    speed : float or array
        Fan speed as a fraction of full speed [-] (a chiller's part-load ratio).
    electric_power_w : float or array
        Fans, plus the compressors of a chiller [W].
    water_kg_s : float or array
        Make-up water, evaporation plus blow-down [kg/s].
    heat_to_ambient_w : float or array
        Heat released to the outdoor air [W] (a chiller's condenser heat Q(1 + 1/COP)).
    """

    heat_w: object
    t_fluid_out_k: object
    speed: object
    electric_power_w: object
    water_kg_s: object
    heat_to_ambient_w: object


def _result(q, t_out, speed, power, water, to_ambient) -> UnitPerformance:
    parts = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (q, t_out, speed, power, water, to_ambient)))
    return UnitPerformance(*(float(x) if x.ndim == 0 else x.copy() for x in parts))


def _check_ranges(model: str, ranges: dict, **values) -> None:
    for name, value in values.items():
        low, high = ranges[name]
        arr = np.asarray(value, dtype=float)
        bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
        if np.any(bad):
            raise OutOfRange(f"{model}: {name} = {arr[bad].ravel()[0]:g} is outside the model's validity range "
                             f"{low:g}..{high:g}")


def _humidity(t_dry_bulb_k, t_wet_bulb_k, pressure):
    return 0.0 if t_wet_bulb_k is None else psy.humidity_ratio_from_wet_bulb(t_dry_bulb_k, t_wet_bulb_k, pressure)


# ------------------------------------------------------------------------------------------------
# Dry cooler and adiabatic cooler
# ------------------------------------------------------------------------------------------------

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
        return t_db, _humidity(t_db, self.t_wet_bulb_rated_k, psy.barometric_pressure(self.altitude_rated_m))

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
        if np.any(eps >= np.asarray(hx.max_effectiveness(cr, self.arrangement))):
            raise OutOfRange("dry-cooler rating impossible: the rated heat exceeds what the rated fluid and "
                             "air flows can carry across the rated temperature difference")
        return c_min * np.asarray(hx.ntu_from_effectiveness(eps, cr, self.arrangement))

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


_COOLER_RANGES = {"t_dry_bulb_k": (233.15, 328.15), "altitude_m": (-500.0, 5000.0), "speed": (0.0, 1.0)}


def _cooler(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k, altitude_m, speed, pads):
    p = psy.barometric_pressure(altitude_m)
    t_db = np.asarray(t_dry_bulb_k, dtype=float)
    w_amb = _humidity(t_db, t_wet_bulb_k, p)
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
    return _result(s.q_w, s.t_hot_out_k, spd, fan, water, s.q_w)


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
    _check_ranges("dry_cooler", _COOLER_RANGES, t_dry_bulb_k=t_dry_bulb_k, altitude_m=altitude_m, speed=speed)
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
    _check_ranges("adiabatic_cooler", _COOLER_RANGES, t_dry_bulb_k=t_dry_bulb_k, altitude_m=altitude_m, speed=speed)
    return _cooler(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k, altitude_m, speed, True)


# ------------------------------------------------------------------------------------------------
# Cooling tower (open or closed circuit)
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CoolingTowerRating:
    """Rated point of a mechanical-draft cooling tower (open or closed circuit).

    Attributes
    ----------
    q_rated_w : float
        Rated heat rejected [W].
    t_water_in_rated_k : float
        Entering (hot) water temperature at the rating [K].
    flow_water_rated_kg_s : float
        Water (process-fluid) mass flow at the rating [kg/s].
    cp_water_rated_j_kg_k : float
        Fluid specific heat at the rating [J/(kg·K)].
    t_wet_bulb_rated_k : float
        Entering-air wet bulb at the rating [K].
    fan_power_rated_w : float
        Fan power at full speed [W].
    water_to_air_ratio_rated : float
        Mass ratio L/G of water to dry air at full fan speed [-] (0.75–1.5; estimate 1.0).
    merkel_exponent : float
        Exponent n of :math:`Me = c\\,(L/G)^{-n}` [-] (0.4–0.8; estimate 0.6).
    altitude_rated_m : float
        Altitude of the rating [m].
    t_dry_bulb_rated_k : float or None
        Entering-air dry bulb at the rating [K]; None takes saturated air at the wet bulb.
    cycles_of_concentration : float
        Dissolved solids in the basin over those in the make-up [-] (sets blow-down; estimate 4).
    """

    q_rated_w: float
    t_water_in_rated_k: float
    flow_water_rated_kg_s: float
    cp_water_rated_j_kg_k: float
    t_wet_bulb_rated_k: float
    fan_power_rated_w: float
    water_to_air_ratio_rated: float = 1.0
    merkel_exponent: float = 0.6
    altitude_rated_m: float = 0.0
    t_dry_bulb_rated_k: float | None = None
    cycles_of_concentration: float = 4.0

    @cached_property
    def _rated_air(self):
        p = psy.barometric_pressure(self.altitude_rated_m)
        t_wb = np.asarray(self.t_wet_bulb_rated_k, dtype=float)
        t_db = t_wb if self.t_dry_bulb_rated_k is None else np.asarray(self.t_dry_bulb_rated_k, dtype=float)
        return p, t_db, psy.humidity_ratio_from_wet_bulb(t_db, t_wb, p)

    @cached_property
    def rated_dry_air_density_kg_m3(self):
        """Mass of dry air per volume of entering air at the rating [kg/m³]."""
        p, t_db, w = self._rated_air
        return 1.0 / psy.specific_volume(t_db, w, p)

    @cached_property
    def air_flow_rated_kg_s(self):
        """Dry-air mass flow at full fan speed and rated density [kg/s]."""
        return np.asarray(self.flow_water_rated_kg_s, dtype=float) / np.asarray(self.water_to_air_ratio_rated)

    @cached_property
    def conductance_rated_kg_s(self):
        """Enthalpy-based transfer conductance :math:`h_D A` at the rating [kg/s] (Braun's UA)."""
        p, t_db, w = self._rated_air
        m_w, cp = np.asarray(self.flow_water_rated_kg_s, dtype=float), np.asarray(self.cp_water_rated_j_kg_k)
        t_in = np.asarray(self.t_water_in_rated_k, dtype=float)
        q = np.asarray(self.q_rated_w, dtype=float)
        c_water = m_w * cp / _saturation_slope(t_in, t_in - q / (m_w * cp), p)
        c_min = np.minimum(c_water, self.air_flow_rated_kg_s)
        dh = psy.saturation_enthalpy(t_in, p) - psy.enthalpy(t_db, w)
        if np.any(dh <= 0.0) or np.any(q >= c_min * dh):
            raise OutOfRange("cooling-tower rating impossible: the rated heat exceeds what the air can absorb "
                             "at this L/G (lower water_to_air_ratio_rated) or the water is not above the wet bulb")
        cr = c_min / np.maximum(c_water, self.air_flow_rated_kg_s)
        return c_min * np.asarray(hx.ntu_from_effectiveness(q / (c_min * dh), cr, "counterflow"))


def _saturation_slope(t_in, t_out, pressure):
    """Mean slope of the saturation enthalpy between two temperatures [J/(kg·K)]."""
    t_in, t_out = np.asarray(t_in, dtype=float), np.asarray(t_out, dtype=float)
    close = np.abs(t_in - t_out) < 1e-4
    lo, hi = np.where(close, t_in - 0.01, t_out), np.where(close, t_in + 0.01, t_in)
    return (psy.saturation_enthalpy(hi, pressure) - psy.saturation_enthalpy(lo, pressure)) / (hi - lo)


_TOWER_RANGES = {"t_wet_bulb_k": (263.15, 308.15), "altitude_m": (-500.0, 5000.0), "speed": (0.0, 1.0)}
_TOWER_ITERATIONS, _TOWER_TOLERANCE_K = 100, 1e-12
"""Bound and tolerance of the tower's leaving-water fixed point (it contracts in a few tens of steps)."""


def cooling_tower(rating: CoolingTowerRating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k,
                  altitude_m=0.0, speed=1.0) -> UnitPerformance:
    """Heat a cooling tower rejects at an ambient wet bulb, water state and fan speed.

    Parameters
    ----------
    rating : CoolingTowerRating
        Rated point.
    t_fluid_in_k : float or array
        Entering (hot) water temperature [K].
    flow_kg_s : float or array
        Water mass flow [kg/s].
    cp_j_kg_k : float or array
        Water specific heat [J/(kg·K)].
    t_dry_bulb_k : float or array or None
        Ambient dry bulb [K]; None for saturated air at the wet bulb.
    t_wet_bulb_k : float or array
        Ambient wet bulb [K], -10 to 35 °C.
    altitude_m : float
        Site altitude [m].
    speed : float or array
        Fan speed fraction [-], 0–1.

    Returns
    -------
    UnitPerformance
        Heat [W], leaving-water temperature [K], fan power [W], make-up water [kg/s].

    Notes
    -----
    Effectiveness model of Braun, Klein & Mitchell (1989): with Merkel's assumptions (Lewis number 1,
    evaporation loss neglected in the water balance) the tower is a counterflow exchanger between the
    water, of capacity rate :math:`\\dot m_w c_{p,w}/c_s`, and the air, of :math:`\\dot m_a`, on an
    enthalpy basis, :math:`c_s = \\Delta h_{sat}/\\Delta T_w` between water inlet and outlet (iterated
    to 1e-12 K):

    .. math:: Q = \\varepsilon_{cf}(NTU, C_r)\\,C_{min}\\,[h_{sat}(T_{w,in}) - h_{a,in}]

    The conductance follows the Merkel-number correlation :math:`Me = h_D A/\\dot m_w = c (L/G)^{-n}`
    (CTI ATC-105), i.e. :math:`h_D A \\propto \\dot m_w^{1-n}\\dot m_a^{n}`, anchored at the rating;
    the dry-air flow is :math:`s\\,\\dot m_{a,r}\\,\\rho_{da}/\\rho_{da,r}` and the fan power
    :math:`P_r s^3 \\rho/\\rho_r`. Leaving air is saturated at :math:`h_{a,in} + Q/\\dot m_a`
    (Braun's assumption), which gives the evaporation :math:`\\dot m_a(W_{out} - W_{in})`; make-up
    adds blow-down, evaporation/(cycles - 1). Drift, natural-draft duty with fans off and icing are
    neglected. A closed-circuit tower uses the same model anchored at its own rating (the coil
    resistance is then inside the rated conductance).

    References
    ----------
    Braun, J.E., Klein, S.A. and Mitchell, J.W., "Effectiveness models for cooling towers and cooling
    coils", ASHRAE Transactions 95(2), 1989, pp. 164-174.
    Merkel, F., "Verdunstungskühlung", VDI-Forschungsheft 275, 1925.
    Cooling Technology Institute, ATC-105, *Acceptance Test Code for Water Cooling Towers*.
    """
    _check_ranges("cooling_tower", _TOWER_RANGES, t_wet_bulb_k=t_wet_bulb_k, altitude_m=altitude_m, speed=speed)
    p = psy.barometric_pressure(altitude_m)
    t_wb = np.asarray(t_wet_bulb_k, dtype=float)
    t_db = t_wb if t_dry_bulb_k is None else np.asarray(t_dry_bulb_k, dtype=float)
    w_in = psy.humidity_ratio_from_wet_bulb(t_db, t_wb, p)
    h_in = psy.enthalpy(t_db, w_in)
    spd = np.asarray(speed, dtype=float)
    rho_ratio = 1.0 / psy.specific_volume(t_db, w_in, p) / rating.rated_dry_air_density_kg_m3
    m_a = spd * rating.air_flow_rated_kg_s * rho_ratio
    m_w, cp = np.asarray(flow_kg_s, dtype=float), np.asarray(cp_j_kg_k, dtype=float)
    t_in = np.asarray(t_fluid_in_k, dtype=float)
    n = np.asarray(rating.merkel_exponent, dtype=float)
    active = (m_a > 0.0) & (m_w > 0.0)
    m_a1, m_w1 = np.where(active, m_a, 1.0), np.where(active, m_w, 1.0)
    ua = (rating.conductance_rated_kg_s * (m_w1 / np.asarray(rating.flow_water_rated_kg_s)) ** (1.0 - n)
          * (m_a1 / rating.air_flow_rated_kg_s) ** n)
    dh = psy.saturation_enthalpy(t_in, p) - h_in
    t_out = t_in - 0.5 * (t_in - t_wb)
    for _ in range(_TOWER_ITERATIONS):
        c_water = m_w1 * cp / _saturation_slope(t_in, t_out, p)
        c_min = np.minimum(c_water, m_a1)
        eps = hx.effectiveness(ua / c_min, c_min / np.maximum(c_water, m_a1), "counterflow")
        q = np.where(active, eps * c_min * dh, 0.0)
        t_new = t_in - q / (m_w1 * cp)
        residual = float(np.max(np.abs(t_new - t_out)))
        t_out = t_new
        if residual < _TOWER_TOLERANCE_K:
            break
    else:
        raise NotConverged("cooling tower leaving water temperature (Merkel effectiveness fixed point) [K]", residual,
                           _TOWER_TOLERANCE_K, _TOWER_ITERATIONS)
    t_air_out = psy.saturation_temperature_from_enthalpy(h_in + q / m_a1, p, t_guess_k=np.maximum(t_in, t_wb))
    evaporation = np.where(active, m_a * np.maximum(psy.saturation_humidity_ratio(t_air_out, p) - w_in, 0.0), 0.0)
    cycles = np.asarray(rating.cycles_of_concentration, dtype=float)
    fan = np.asarray(rating.fan_power_rated_w) * spd**3 * rho_ratio
    return _result(q, t_out, spd, fan, evaporation * cycles / (cycles - 1.0), q)


# ------------------------------------------------------------------------------------------------
# Air-cooled chiller
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AirCooledChillerRating:
    """Rated point of an air-cooled chiller (vapour compression, condenser fans included).

    Attributes
    ----------
    q_rated_w : float
        Rated cooling capacity [W].
    cop_rated : float
        Unit COP at the rating, compressors and fans [-] (2.8–3.5 at 35 °C; estimate).
    t_leaving_rated_k : float
        Leaving chilled water at the rating [K] (AHRI 550/590: 6.7 °C).
    t_dry_bulb_rated_k : float
        Ambient dry bulb at the rating [K] (AHRI 550/590: 35 °C).
    capacity_slope_leaving_per_k : float
        Relative capacity gain per kelvin of leaving water [1/K] (estimate 0.03).
    capacity_slope_ambient_per_k : float
        Relative capacity loss per kelvin of ambient [1/K] (estimate 0.012).
    dt_evaporator_k : float
        Leaving water minus evaporating temperature [K] (estimate 4).
    dt_condenser_k : float
        Condensing temperature minus ambient [K] (estimate 15).
    lift_min_k : float
        Smallest condensing-minus-evaporating lift, held by head-pressure control [K] (estimate 10).
    t_leaving_max_k : float
        Top of the leaving-water envelope [K] (estimate 20 °C); capacity stops growing there.
    """

    q_rated_w: float
    cop_rated: float
    t_leaving_rated_k: float = 279.85
    t_dry_bulb_rated_k: float = 308.15
    capacity_slope_leaving_per_k: float = 0.03
    capacity_slope_ambient_per_k: float = 0.012
    dt_evaporator_k: float = 4.0
    dt_condenser_k: float = 15.0
    lift_min_k: float = 10.0
    t_leaving_max_k: float = 293.15

    @cached_property
    def carnot_fraction(self):
        """Rated COP over the Carnot COP between evaporating and condensing temperatures [-]."""
        t_e = np.asarray(self.t_leaving_rated_k, dtype=float) - np.asarray(self.dt_evaporator_k)
        t_c = np.asarray(self.t_dry_bulb_rated_k, dtype=float) + np.asarray(self.dt_condenser_k)
        return np.asarray(self.cop_rated, dtype=float) * np.maximum(t_c - t_e, np.asarray(self.lift_min_k)) / t_e


_CHILLER_RANGES = {"t_dry_bulb_k": (253.15, 325.15), "speed": (0.0, 1.0)}


def chiller_cop(rating: AirCooledChillerRating, t_leaving_k, t_dry_bulb_k):
    """COP of an air-cooled chiller as a fixed fraction of the Carnot COP.

    Parameters
    ----------
    rating : AirCooledChillerRating
        Rated point.
    t_leaving_k : float or array
        Leaving chilled-water temperature [K].
    t_dry_bulb_k : float or array
        Ambient dry bulb [K].

    Returns
    -------
    cop : float or array
        Cooling per electric power [-].

    Notes
    -----
    :math:`COP = \\eta_C T_e/\\max(T_c - T_e, \\Delta T_{lift,min})`, :math:`T_e = t_{lw} -
    \\Delta T_{evap}`, :math:`T_c = t_{db} + \\Delta T_{cond}`, with :math:`\\eta_C` fixed by the rated
    COP: real chillers keep a nearly constant share of the reversible COP across conditions (Gordon &
    Ng). COP is taken independent of part load.

    References
    ----------
    Gordon, J.M. and Ng, K.C., *Cool Thermodynamics*, Cambridge International Science Publishing, 2000.
    """
    t_e = np.asarray(t_leaving_k, dtype=float) - np.asarray(rating.dt_evaporator_k)
    t_c = np.asarray(t_dry_bulb_k, dtype=float) + np.asarray(rating.dt_condenser_k)
    cop = rating.carnot_fraction * t_e / np.maximum(t_c - t_e, np.asarray(rating.lift_min_k))
    return float(cop) if np.ndim(cop) == 0 else cop


def chiller_capacity(rating: AirCooledChillerRating, t_leaving_k, t_dry_bulb_k):
    """Full-load cooling capacity of an air-cooled chiller.

    Parameters
    ----------
    rating : AirCooledChillerRating
        Rated point.
    t_leaving_k : float or array
        Leaving chilled-water temperature [K].
    t_dry_bulb_k : float or array
        Ambient dry bulb [K].

    Returns
    -------
    capacity : float or array
        Capacity [W], >= 0.

    Notes
    -----
    Linear about the rating, the shape of vendors' capacity tables:
    :math:`Q = Q_r[1 + a(\\min(t_{lw}, t_{lw,max}) - t_{lw,r}) - b(t_{db} - t_{db,r})]`, clipped at 0
    (compressor and motor limits stop the gain at the top of the envelope). The default slopes are
    estimates to be replaced by the selected unit's table.

    References
    ----------
    AHRI Standard 550/590 (I-P), *Performance Rating of Water-Chilling and Heat Pump Water-Heating
    Packages Using the Vapor Compression Cycle*.
    """
    t_lw = np.minimum(np.asarray(t_leaving_k, dtype=float), np.asarray(rating.t_leaving_max_k))
    f = (1.0 + np.asarray(rating.capacity_slope_leaving_per_k) * (t_lw - np.asarray(rating.t_leaving_rated_k))
         - np.asarray(rating.capacity_slope_ambient_per_k)
         * (np.asarray(t_dry_bulb_k) - np.asarray(rating.t_dry_bulb_rated_k)))
    q = np.asarray(rating.q_rated_w) * np.maximum(f, 0.0)
    return float(q) if np.ndim(q) == 0 else q


def air_cooled_chiller(rating: AirCooledChillerRating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k,
                       t_wet_bulb_k=None, altitude_m=0.0, speed=1.0) -> UnitPerformance:
    """Cooling an air-cooled chiller delivers at a part-load ratio, and the heat it rejects.

    Parameters
    ----------
    rating : AirCooledChillerRating
        Rated point.
    t_fluid_in_k : float or array
        Entering (return) water temperature [K].
    flow_kg_s : float or array
        Water mass flow [kg/s].
    cp_j_kg_k : float or array
        Water specific heat [J/(kg·K)].
    t_dry_bulb_k : float or array
        Ambient dry bulb [K], -20 to 52 °C.
    t_wet_bulb_k : float or array, optional
        Unused (air-cooled condenser) [K]; accepted for the common signature.
    altitude_m : float
        Unused [m]; condenser altitude derating is not modelled.
    speed : float or array
        Part-load ratio, cooling over full-load capacity at the same leaving temperature [-].

    Returns
    -------
    UnitPerformance
        Cooling [W], leaving water [K], part-load ratio, electric power Q/COP [W], no water, and the
        condenser heat :math:`Q(1 + 1/COP)` [W] released to the ambient.

    Notes
    -----
    With the piecewise-linear capacity of :func:`chiller_capacity` the leaving temperature follows in
    closed form from :math:`Q = x\\,Q_{max}(t_{lw})` and :math:`t_{lw} = t_{in} - Q/(\\dot m c_p)`;
    COP from :func:`chiller_cop` at that leaving temperature.

    References
    ----------
    AHRI Standard 550/590 (I-P).
    Gordon, J.M. and Ng, K.C., *Cool Thermodynamics*, 2000.

    Examples
    --------
    >>> r = AirCooledChillerRating(1.0e6, 3.2)
    >>> s = air_cooled_chiller(r, 285.15, 1.0e6 / (4186.0 * 5.3), 4186.0, 308.15)
    >>> round(s.t_fluid_out_k - 273.15, 2), round(s.heat_to_ambient_w / s.heat_w, 4)
    (6.7, 1.3125)
    """
    _check_ranges("air_cooled_chiller", _CHILLER_RANGES, t_dry_bulb_k=t_dry_bulb_k, speed=speed)
    x = np.asarray(speed, dtype=float)
    c = np.asarray(flow_kg_s, dtype=float) * np.asarray(cp_j_kg_k, dtype=float)
    c1 = np.where(c > 0.0, c, 1.0)
    a = np.asarray(rating.capacity_slope_leaving_per_k)
    qr = np.asarray(rating.q_rated_w, dtype=float)
    t_in = np.asarray(t_fluid_in_k, dtype=float)
    base = (1.0 - a * np.asarray(rating.t_leaving_rated_k) - np.asarray(rating.capacity_slope_ambient_per_k)
            * (np.asarray(t_dry_bulb_k) - np.asarray(rating.t_dry_bulb_rated_k)))
    q = np.where(c > 0.0, x * qr * (base + a * t_in) / (1.0 + x * qr * a / c1), 0.0)
    capped = t_in - q / c1 > np.asarray(rating.t_leaving_max_k)
    q = np.maximum(np.where(capped, x * np.asarray(chiller_capacity(rating, rating.t_leaving_max_k, t_dry_bulb_k)), q),
                   0.0)
    t_out = t_in - q / c1
    power = q / np.asarray(chiller_cop(rating, t_out, t_dry_bulb_k))
    return _result(q, t_out, x, power, 0.0, q + power)


# ------------------------------------------------------------------------------------------------
# Registry, stacking and setpoint control
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HeatRejectionModel:
    """One registered heat-rejection model.

    Attributes
    ----------
    name : str
        Registry name.
    rating_type : type
        Rating dataclass the model takes.
    performance : callable
        ``performance(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k,
        altitude_m, speed) -> UnitPerformance``.
    validity : dict
        Input ranges ``(low, high)`` in SI units; outside them the model raises OutOfRange.
    description : str
        One line on the physics.
    """

    name: str
    rating_type: type
    performance: Callable[..., UnitPerformance]
    validity: dict
    description: str


HEAT_REJECTION_MODELS: dict[str, HeatRejectionModel] = {m.name: m for m in [
    HeatRejectionModel("dry_cooler", DryCoolerRating, dry_cooler, _COOLER_RANGES,
                       "air-cooled fluid cooler, crossflow coil by epsilon-NTU, fans by the cube law"),
    HeatRejectionModel("adiabatic_cooler", AdiabaticCoolerRating, adiabatic_cooler, _COOLER_RANGES,
                       "dry cooler with evaporative pads above a switch-over dry bulb"),
    HeatRejectionModel("cooling_tower_open", CoolingTowerRating, cooling_tower, _TOWER_RANGES,
                       "open wet tower, Braun effectiveness model with Merkel-number scaling"),
    HeatRejectionModel("cooling_tower_closed", CoolingTowerRating, cooling_tower, _TOWER_RANGES,
                       "closed-circuit wet tower, the same model anchored at the closed-circuit rating"),
    HeatRejectionModel("air_cooled_chiller", AirCooledChillerRating, air_cooled_chiller, _CHILLER_RANGES,
                       "vapour-compression chiller, fraction-of-Carnot COP, linear capacity"),
]}


def heat_rejection_model(name: str) -> HeatRejectionModel:
    """The registered model called ``name``.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"dry_cooler"``.

    Returns
    -------
    HeatRejectionModel
        The registry entry.

    Raises
    ------
    UnknownMethod
        For an unknown name; the message lists the valid ones.
    """
    try:
        return HEAT_REJECTION_MODELS[name]
    except KeyError:
        raise UnknownMethod(f"unknown heat-rejection model {name!r}; valid: "
                            + ", ".join(sorted(HEAT_REJECTION_MODELS))) from None


def stack_ratings(ratings: Sequence):
    """One rating whose numeric fields are arrays over units, from a list of ratings of one type.

    Parameters
    ----------
    ratings : sequence of rating dataclasses
        Ratings of one type; their non-numeric fields (arrangement, flags) must be equal.

    Returns
    -------
    rating
        A rating of the same type, each numeric field an array over the units [its unit].

    Raises
    ------
    OutOfRange
        When the ratings differ in type or in a non-numeric field.
    """
    ratings = list(ratings)
    kind = type(ratings[0])
    if any(type(r) is not kind for r in ratings):
        raise OutOfRange("stack_ratings needs ratings of one type")
    values = {}
    for f in dataclasses.fields(kind):
        column = [getattr(r, f.name) for r in ratings]
        if all(isinstance(v, (str, bool)) or v is None for v in column):
            if len(set(column)) != 1:
                raise OutOfRange(f"stack_ratings: field {f.name} differs between ratings")
            values[f.name] = column[0]
        elif any(v is None for v in column):
            raise OutOfRange(f"stack_ratings: field {f.name} is None for some ratings only")
        else:
            values[f.name] = np.asarray(column, dtype=float)
    return kind(**values)


def control_to_setpoint(model: str, rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k,
                        altitude_m, t_setpoint_k) -> UnitPerformance:
    """Operating point of units whose fans (or compressors) modulate to a leaving-fluid setpoint.

    Parameters
    ----------
    model : str
        Registry name of the model.
    rating : rating dataclass
        Rating (or stacked ratings) of that model.
    t_fluid_in_k : float or array
        Entering-fluid temperature [K].
    flow_kg_s : float or array
        Fluid mass flow [kg/s].
    cp_j_kg_k : float or array
        Fluid specific heat [J/(kg·K)].
    t_dry_bulb_k : float or array
        Ambient dry bulb [K].
    t_wet_bulb_k : float or array or None
        Ambient wet bulb [K].
    altitude_m : float
        Site altitude [m].
    t_setpoint_k : float or array
        Leaving-fluid setpoint [K].

    Returns
    -------
    UnitPerformance
        The operating point. ``speed`` is the fan speed (part-load ratio) in [0, 1] that holds the
        setpoint; 1 when even full speed leaves the fluid above it (capped at 100 %); 0 when the
        fluid enters at or below the setpoint or the ambient is warmer than the fluid.

    Notes
    -----
    The leaving temperature falls monotonically with speed for every registered model, so the speed
    is found by vectorised bisection on [0, 1] to 1e-15. Below a unit's lowest real fan speed it
    cycles its fans or bypasses fluid; the continuous speed stands for that steady average (fan power
    ∝ s³ is then negligible).

    References
    ----------
    AMCA Publication 201, *Fans and Systems* (fan laws).
    """
    perf = heat_rejection_model(model).performance
    args = (flow_kg_s, cp_j_kg_k, t_dry_bulb_k, t_wet_bulb_k, altitude_m)
    t_full = np.asarray(perf(rating, t_fluid_in_k, *args, speed=1.0).t_fluid_out_k)
    t_in = np.asarray(t_fluid_in_k, dtype=float)
    sp = np.asarray(t_setpoint_k, dtype=float)
    shape = np.broadcast(t_in, sp, t_full).shape
    off = np.broadcast_to((t_in <= sp) | (t_full >= t_in), shape)
    saturated = np.broadcast_to(t_full >= sp, shape) & ~off
    search = ~(off | saturated)
    low, high = np.zeros(shape), np.ones(shape)
    while np.any(search & (high - low > 1e-15)):
        mid = 0.5 * (low + high)
        above = np.asarray(perf(rating, t_fluid_in_k, *args, speed=mid).t_fluid_out_k) > sp
        low = np.where(search & above, mid, low)
        high = np.where(search & ~above, mid, high)
    speed = np.where(off, 0.0, np.where(saturated, 1.0, 0.5 * (low + high)))
    return perf(rating, t_fluid_in_k, *args, speed=float(speed) if speed.ndim == 0 else speed)
