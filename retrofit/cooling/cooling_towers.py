"""Mechanical-draft cooling towers, open or closed circuit, by Braun's effectiveness model.

:class:`CoolingTowerRating` is a frozen dataclass of SI floats anchored at a vendor's rated point,
which :func:`cooling_tower` reproduces exactly; the model takes the common signature of the models
registered in :data:`retrofit.cooling.heat_rejection.HEAT_REJECTION_MODELS` (floats or numpy arrays)
and returns a :class:`~retrofit.cooling.rejection_performance.UnitPerformance`.

Reference figures: open tower approach median 5 K above the wet bulb (closed circuit 6.5 K), tower
electricity 0.012–0.021 kWel/kWth (a survey of 6,730 models from 27 makers, Energies 16(9), 3661, 2023,
doi:10.3390/en16093661).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..errors import NotConverged, OutOfRange
from . import psychrometrics as psy
from .effectiveness_ntu import effectiveness, ntu_from_effectiveness
from .rejection_performance import UnitPerformance, check_validity_ranges, unit_performance


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
        return c_min * np.asarray(ntu_from_effectiveness(q / (c_min * dh), cr, "counterflow"))


def _saturation_slope(t_in, t_out, pressure):
    """Mean slope of the saturation enthalpy between two temperatures [J/(kg·K)]."""
    t_in, t_out = np.asarray(t_in, dtype=float), np.asarray(t_out, dtype=float)
    close = np.abs(t_in - t_out) < 1e-4
    lo, hi = np.where(close, t_in - 0.01, t_out), np.where(close, t_in + 0.01, t_in)
    return (psy.saturation_enthalpy(hi, pressure) - psy.saturation_enthalpy(lo, pressure)) / (hi - lo)


#: Validity ranges of the cooling-tower model, in SI units.
TOWER_RANGES = {"t_wet_bulb_k": (263.15, 308.15), "altitude_m": (-500.0, 5000.0), "speed": (0.0, 1.0)}
TOWER_ITERATIONS, TOWER_TOLERANCE_K = 100, 1e-12
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
    check_validity_ranges("cooling_tower", TOWER_RANGES, t_wet_bulb_k=t_wet_bulb_k, altitude_m=altitude_m, speed=speed)
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
    for _ in range(TOWER_ITERATIONS):
        c_water = m_w1 * cp / _saturation_slope(t_in, t_out, p)
        c_min = np.minimum(c_water, m_a1)
        eps = effectiveness(ua / c_min, c_min / np.maximum(c_water, m_a1), "counterflow")
        q = np.where(active, eps * c_min * dh, 0.0)
        t_new = t_in - q / (m_w1 * cp)
        residual = float(np.max(np.abs(t_new - t_out)))
        t_out = t_new
        if residual < TOWER_TOLERANCE_K:
            break
    else:
        raise NotConverged("cooling tower leaving water temperature (Merkel effectiveness fixed point) [K]", residual,
                           TOWER_TOLERANCE_K, TOWER_ITERATIONS)
    t_air_out = psy.saturation_temperature_from_enthalpy(h_in + q / m_a1, p, t_guess_k=np.maximum(t_in, t_wb))
    evaporation = np.where(active, m_a * np.maximum(psy.saturation_humidity_ratio(t_air_out, p) - w_in, 0.0), 0.0)
    cycles = np.asarray(rating.cycles_of_concentration, dtype=float)
    fan = np.asarray(rating.fan_power_rated_w) * spd**3 * rho_ratio
    return unit_performance(q, t_out, spd, fan, evaporation * cycles / (cycles - 1.0), q)
