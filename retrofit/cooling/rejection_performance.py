"""The operating point every heat-rejection model returns, and the checks and air state they share.

:class:`UnitPerformance` is the result of each model of :mod:`retrofit.cooling.heat_rejection` (on SI
floats or numpy arrays); :func:`unit_performance` builds one from broadcast values,
:func:`check_validity_ranges` refuses inputs outside a model's validity ranges and
:func:`ambient_humidity_ratio` gives the humidity of the ambient air from its wet bulb.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..errors import OutOfRange
from . import psychrometrics as psy


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


def unit_performance(q, t_out, speed, power, water, to_ambient) -> UnitPerformance:
    """A :class:`UnitPerformance` from values broadcast against each other.

    Parameters
    ----------
    q, t_out, speed, power, water, to_ambient : float or array
        Heat [W], leaving-fluid temperature [K], speed [-], electric power [W], make-up water [kg/s] and
        heat to the ambient [W].

    Returns
    -------
    UnitPerformance
        Floats where every value is a scalar, else arrays of the broadcast shape (copies).
    """
    parts = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (q, t_out, speed, power, water, to_ambient)))
    return UnitPerformance(*(float(x) if x.ndim == 0 else x.copy() for x in parts))


def check_validity_ranges(model: str, ranges: dict, **values) -> None:
    """Refuse inputs outside a model's validity ranges.

    Parameters
    ----------
    model : str
        Model name, for the message.
    ranges : dict
        ``{input name: (low, high)}`` in SI units.
    **values : float or array
        The inputs, by the names of ``ranges``.

    Raises
    ------
    OutOfRange
        At the first value that is not finite or lies outside its range.
    """
    for name, value in values.items():
        low, high = ranges[name]
        arr = np.asarray(value, dtype=float)
        bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
        if np.any(bad):
            raise OutOfRange(f"{model}: {name} = {arr[bad].ravel()[0]:g} is outside the model's validity range "
                             f"{low:g}..{high:g}")


def ambient_humidity_ratio(t_dry_bulb_k, t_wet_bulb_k, pressure):
    """Humidity ratio of the ambient air [kg/kg]: 0 (dry air) when ``t_wet_bulb_k`` is None, else from the
    dry and wet bulbs [K] at ``pressure`` [Pa]
    (:func:`retrofit.cooling.psychrometrics.humidity_ratio_from_wet_bulb`)."""
    return 0.0 if t_wet_bulb_k is None else psy.humidity_ratio_from_wet_bulb(t_dry_bulb_k, t_wet_bulb_k, pressure)

