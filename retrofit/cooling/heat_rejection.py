"""Heat-rejection equipment against the ambient: the registry of models, banks of units and setpoint control.

Each model is a pure function ``performance(rating, t_fluid_in_k, flow_kg_s, cp_j_kg_k, t_dry_bulb_k,
t_wet_bulb_k, altitude_m, speed)`` on SI floats or numpy arrays returning a
:class:`~retrofit.cooling.rejection_performance.UnitPerformance`. Every model is anchored at a vendor's
rated point, which it reproduces exactly, and follows the physics stated in its docstring away from it:
dry and adiabatic coolers in :mod:`retrofit.cooling.fluid_coolers`, open and closed cooling towers in
:mod:`retrofit.cooling.cooling_towers`, air-cooled chillers in :mod:`retrofit.cooling.chillers`. Models
are registered by name with their validity ranges in :data:`HEAT_REJECTION_MODELS`;
:func:`control_to_setpoint` finds for any of them the fan speed (or part-load ratio) that holds a
leaving-fluid setpoint, capped at 100 %. Ratings are frozen dataclasses of SI floats;
:func:`stack_ratings` makes one rating of arrays from a list so that a bank of units is evaluated in one
vectorised call.

The models' ratings, functions and :class:`~retrofit.cooling.rejection_performance.UnitPerformance` are
importable from here as well (see ``__all__``).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..errors import OutOfRange, UnknownMethod
from .chillers import CHILLER_RANGES, AirCooledChillerRating, air_cooled_chiller, chiller_capacity, chiller_cop
from .cooling_towers import TOWER_RANGES, CoolingTowerRating, cooling_tower
from .fluid_coolers import COOLER_RANGES, AdiabaticCoolerRating, DryCoolerRating, adiabatic_cooler, dry_cooler
from .rejection_performance import UnitPerformance

__all__ = [
    "HEAT_REJECTION_MODELS", "HeatRejectionModel", "heat_rejection_model", "stack_ratings", "control_to_setpoint",
    "UnitPerformance", "DryCoolerRating", "AdiabaticCoolerRating", "dry_cooler", "adiabatic_cooler",
    "CoolingTowerRating", "cooling_tower", "AirCooledChillerRating", "air_cooled_chiller", "chiller_cop",
    "chiller_capacity",
]


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
    HeatRejectionModel("dry_cooler", DryCoolerRating, dry_cooler, COOLER_RANGES,
                       "air-cooled fluid cooler, crossflow coil by epsilon-NTU, fans by the cube law"),
    HeatRejectionModel("adiabatic_cooler", AdiabaticCoolerRating, adiabatic_cooler, COOLER_RANGES,
                       "dry cooler with evaporative pads above a switch-over dry bulb"),
    HeatRejectionModel("cooling_tower_open", CoolingTowerRating, cooling_tower, TOWER_RANGES,
                       "open wet tower, Braun effectiveness model with Merkel-number scaling"),
    HeatRejectionModel("cooling_tower_closed", CoolingTowerRating, cooling_tower, TOWER_RANGES,
                       "closed-circuit wet tower, the same model anchored at the closed-circuit rating"),
    HeatRejectionModel("air_cooled_chiller", AirCooledChillerRating, air_cooled_chiller, CHILLER_RANGES,
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
