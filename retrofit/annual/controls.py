"""Control sequences and part-load laws of the annual simulation.

* **Facility pumps** run at variable speed to hold the design facility-water temperature difference:
  the flow follows the heat load, :math:`n = \\max(x, n_{min})`, and the electric power follows the
  affinity laws on a closed loop without static lift, :func:`pump_power_fraction`.
* **Facility supply temperature reset**: the supply setpoint rises above its design value, up to a
  limit, to the highest value at which every CDU still holds its TCS supply setpoint at the hour's load
  and flows (:func:`reset_setpoint`). The heat rejection then has more margin over the ambient.
* **Heat-rejection fans** modulate to the (reset) setpoint (:func:`retrofit.cooling.heat_rejection.control_to_setpoint`);
  adiabatic pads are wetted above the unit's switch-over dry bulb; a trim chiller in series makes up
  what the units cannot.
* **CDU pumps** hold the racks' TCS flow, constant all year; **CRAH and rear-door fans** follow the
  room heat with the cube law above a minimum speed; exhaust fans run at their design power.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ControlOptions:
    """Settings of the plant's control sequences.

    Attributes
    ----------
    pump_min_speed : float
        Lowest facility-pump speed as a fraction of design [-] (estimate 0.3: variable-speed drives
        on centrifugal pumps are commonly limited to 25-35 % for motor cooling and control stability).
    fan_min_speed : float
        Lowest CRAH / rear-door fan speed fraction [-] (estimate 0.3).
    supply_reset_max_k : float
        Largest rise of the facility supply setpoint above its design value [K]; 0 disables the reset
        (estimate 5 K: within one ASHRAE liquid-cooling class step, W32 to W40 is 8 K).
    """

    pump_min_speed: float = 0.3
    fan_min_speed: float = 0.3
    supply_reset_max_k: float = 5.0

    def __post_init__(self):
        for name in ("pump_min_speed", "fan_min_speed"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} = {value:g}: expected 0 < value <= 1")
        if not 0.0 <= self.supply_reset_max_k <= 20.0:
            raise ValueError(f"supply_reset_max_k = {self.supply_reset_max_k:g} K: expected 0..20 K")


def speed_fraction(load_fraction, min_speed):
    """Speed of a variable-speed pump or fan that follows the load, above its minimum.

    Parameters
    ----------
    load_fraction : float or array
        Heat carried over design heat [-].
    min_speed : float
        Lowest speed fraction [-].

    Returns
    -------
    speed : float or array
        :math:`\\min(\\max(x, n_{min}), 1)` [-].

    Examples
    --------
    >>> float(speed_fraction(0.1, 0.3)), float(speed_fraction(0.8, 0.3))
    (0.3, 0.8)
    """
    s = np.clip(np.asarray(load_fraction, dtype=float), min_speed, 1.0)
    return float(s) if s.ndim == 0 else s


def pump_power_fraction(speed):
    """Shaft power of a pump on a friction-only loop at a speed, as a fraction of its design power.

    Parameters
    ----------
    speed : float or array
        Speed over design speed [-].

    Returns
    -------
    fraction : float or array
        :math:`P/P_d = n^3` [-].

    Notes
    -----
    On a closed loop without static lift the system curve :math:`H = kQ^2` passes through the origin
    and is a curve of similar operating points, so the pump's affinity laws :math:`Q \\propto n`,
    :math:`H \\propto n^2`, :math:`P \\propto n^3` hold with the efficiency unchanged (Hydraulic
    Institute and Europump, *Variable Speed Pumping: A Guide to Successful Applications*, 2004, ch. 2).
    Motor and drive efficiency are taken constant; they fall at low load, so the saving is
    overstated below about 50 % speed. A differential-pressure setpoint at a remote CDU would add a
    constant-head term; this reduced model omits it.

    Examples
    --------
    >>> round(float(pump_power_fraction(0.5)), 3)
    0.125
    """
    n = np.asarray(speed, dtype=float)
    p = n**3
    return float(p) if p.ndim == 0 else p


def reset_setpoint(t_design_k, t_cdu_limit_k, reset_max_k):
    """Facility supply setpoint after the reset.

    Parameters
    ----------
    t_design_k : float
        Design facility supply setpoint [K].
    t_cdu_limit_k : float or array
        Highest facility supply at which every CDU holds its TCS setpoint [K].
    reset_max_k : float
        Largest rise allowed [K].

    Returns
    -------
    t_setpoint_k : float or array
        :math:`\\min(\\max(t_{lim}, t_d), t_d + \\Delta t_{max})` [K]: never below the design value.

    Examples
    --------
    >>> float(reset_setpoint(303.15, 306.15, 5.0)), float(reset_setpoint(303.15, 312.15, 5.0))
    (306.15, 308.15)
    """
    t = np.clip(np.asarray(t_cdu_limit_k, dtype=float), t_design_k, t_design_k + reset_max_k)
    return float(t) if t.ndim == 0 else t
