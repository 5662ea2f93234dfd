"""Air-cooled chillers: vapour compression with a fraction-of-Carnot COP and a capacity linear about the rating.

:class:`AirCooledChillerRating` is a frozen dataclass of SI floats; :func:`air_cooled_chiller` takes the
common signature of the models registered in :data:`retrofit.cooling.heat_rejection.HEAT_REJECTION_MODELS`
(floats or numpy arrays, ``speed`` being the part-load ratio) and returns a
:class:`~retrofit.cooling.rejection_performance.UnitPerformance`; :func:`chiller_cop` and
:func:`chiller_capacity` give its COP and full-load capacity.

Reference figure: air-cooled chiller COP about 2.8–3.5 at 35 °C (an estimate, no publication).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .rejection_performance import UnitPerformance, check_validity_ranges, unit_performance


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


#: Validity ranges of the air-cooled chiller model, in SI units.
CHILLER_RANGES = {"t_dry_bulb_k": (253.15, 325.15), "speed": (0.0, 1.0)}


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
    check_validity_ranges("air_cooled_chiller", CHILLER_RANGES, t_dry_bulb_k=t_dry_bulb_k, speed=speed)
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
    return unit_performance(q, t_out, x, power, 0.0, q + power)
