"""Time-domain thermal model of liquid-immersed transformers (IEC 60076-7 differential equations).

How the top oil and the winding hot spot follow a change of load: after the outage of one transformer of
a pair, the survivor takes the whole load, and its oil and windings take minutes to hours to warm to the
steady state that :mod:`retrofit.electrical.transformer_thermal` gives. This module gives the path and
the time at which the hot spot reaches a limit.

The ultimate rises are those of the steady-state module (:func:`~.transformer_thermal.top_oil_rise` and
:func:`~.transformer_thermal.hot_spot_gradient`, with IEC's x = n and y = 2m), so a load held long
enough ends exactly at :func:`~.transformer_thermal.hot_spot_temperature`. The dynamics are IEC
60076-7's differential equations (the top-oil rise, and the hot-spot gradient as the difference of a fast
winding term and a slow oil-flow term that makes the hot spot overshoot after a load increase):

.. math::

    k_{11}\\tau_o \\frac{d\\theta_o}{dt} = \\Delta\\theta_{o,u}(K) - (\\theta_o - \\theta_a), \\quad
    k_{22}\\tau_w \\frac{d\\Delta\\theta_{h1}}{dt} = k_{21}\\Delta\\theta_{h,u}(K) - \\Delta\\theta_{h1}, \\quad
    \\frac{\\tau_o}{k_{22}} \\frac{d\\Delta\\theta_{h2}}{dt} = (k_{21} - 1)\\Delta\\theta_{h,u}(K) - \\Delta\\theta_{h2},

with :math:`\\theta_h = \\theta_o + \\Delta\\theta_{h1} - \\Delta\\theta_{h2}`. The standard solves them by
difference equations (forward steps, kept small against the smallest time constant); for a load and ambient
held constant over a step they are linear with constant coefficients, and this module steps them by their
exact solution, which the difference equations approach as their step shrinks. No step-size limit and no
integration error.

Temperatures are absolute [K], rises and gradients are differences [K], times are in seconds [s].
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

from .transformer_thermal import ThermalParameters, hot_spot_gradient, top_oil_rise

DISTRIBUTION_MAX_VA = 2.5e6
"""Largest rating IEC 60076-7 counts as a distribution transformer, 2.5 MVA [VA]."""


@dataclass(frozen=True)
class ThermalDynamics:
    """Time constants and thermal-model constants of a transformer (IEC 60076-7).

    Attributes
    ----------
    oil_time_constant_s : float
        τo, average oil time constant [s].
    winding_time_constant_s : float
        τw, winding time constant [s].
    k11, k21, k22 : float
        Thermal-model constants of the oil, and of the two hot-spot gradient terms [-].
    source : str
        Where the figures come from [-].
    """

    oil_time_constant_s: float
    winding_time_constant_s: float
    k11: float
    k21: float
    k22: float
    source: str

    @property
    def time_constants_s(self) -> tuple[float, float, float]:
        """The three time constants of the model: top oil k11·τo, fast gradient k22·τw, slow gradient
        τo/k22 [s]."""
        return (self.k11 * self.oil_time_constant_s, self.k22 * self.winding_time_constant_s,
                self.oil_time_constant_s / self.k22)


_IEC_TABLE = ("IEC 60076-7, table of recommended thermal characteristics, as implemented by transformer-thermal-model "
              "0.5.0 (Alliander); class standard")


def _minutes(oil_min: float, winding_min: float, k11: float, k21: float, k22: float, note: str) -> ThermalDynamics:
    return ThermalDynamics(60.0 * oil_min, 60.0 * winding_min, k11, k21, k22, f"{_IEC_TABLE}: {note}")


THERMAL_DYNAMICS: dict[str, ThermalDynamics] = {
    "distribution ONAN": _minutes(180.0, 4.0, 1.0, 1.0, 2.0, "distribution transformers, ONAN"),
    "ONAN": _minutes(210.0, 10.0, 0.5, 2.0, 2.0, "medium and large power transformers, ONAN"),
    "ONAF": _minutes(150.0, 7.0, 0.5, 2.0, 2.0, "medium and large power transformers, ONAF"),
}
"""Recommended time constants and model constants by cooling (τo, τw in minutes in the table, stored in
seconds). The rows are the defaults of transformer-thermal-model 0.5.0
(Alliander), which implements the same standard. The forced-oil rows (OF, OD) are not held: no source of
theirs was read, so a forced-oil transformer gets no time to its limit (:func:`thermal_dynamics` raises)."""


def _row(cooling_class: str) -> str | None:
    return {"ONAN": "ONAN", "ONAF": "ONAF"}.get(cooling_class.strip().upper().split("/")[0])


def has_thermal_dynamics(cooling_class: str) -> bool:
    """Whether :data:`THERMAL_DYNAMICS` holds sourced time constants for a cooling class [-]."""
    return _row(cooling_class) is not None


def thermal_dynamics(cooling_class: str, rating_va: float) -> ThermalDynamics:
    """The recommended thermal dynamics of a transformer by its cooling and size.

    Parameters
    ----------
    cooling_class : str
        ONAN or ONAF (a combined class such as ``ONAN/ONAF`` takes its first stage) [-].
    rating_va : float
        Nameplate rating [VA]; ONAN units up to 2.5 MVA take the distribution-transformer row.

    Returns
    -------
    ThermalDynamics
        The row of :data:`THERMAL_DYNAMICS`.

    Raises
    ------
    ValueError
        For a cooling mode the table does not hold; the message lists the valid ones.

    Examples
    --------
    >>> thermal_dynamics("ONAN", 2.5e6).oil_time_constant_s / 60.0
    180.0
    >>> thermal_dynamics("ONAN/ONAF", 30e6).k21
    2.0
    """
    row = _row(cooling_class)
    if row is None:
        raise ValueError(f"cooling class {cooling_class!r} has no sourced thermal time constants; "
                         "the ones held are ['ONAF', 'ONAN']")
    if row == "ONAN" and rating_va <= DISTRIBUTION_MAX_VA:
        row = "distribution ONAN"
    return THERMAL_DYNAMICS[row]


@dataclass(frozen=True)
class ThermalState:
    """The thermal state of a transformer at one instant.

    Attributes
    ----------
    t_top_oil : float
        Top-oil temperature [K].
    gradient_fast : float
        Δθh1, the winding term of the hot-spot gradient [K].
    gradient_slow : float
        Δθh2, the oil-flow term subtracted from it [K].
    """

    t_top_oil: float
    gradient_fast: float
    gradient_slow: float

    @property
    def t_hot_spot(self) -> float:
        """Winding hot-spot temperature, :math:`\\theta_o + \\Delta\\theta_{h1} - \\Delta\\theta_{h2}` [K]."""
        return self.t_top_oil + self.gradient_fast - self.gradient_slow


def _targets(load_ratio: float, t_ambient: float, params: ThermalParameters,
             dynamics: ThermalDynamics) -> tuple[float, float, float]:
    """Ultimate top oil and the two gradient terms at a constant load and ambient [K]."""
    t_oil = t_ambient + top_oil_rise(load_ratio, params.loss_ratio, params.top_oil_rise_rated_k, params.n)
    gradient = hot_spot_gradient(load_ratio, params.hot_spot_gradient_rated_k, params.m)
    return t_oil, dynamics.k21 * gradient, (dynamics.k21 - 1.0) * gradient


def steady_state(load_ratio: float, t_ambient: float, params: ThermalParameters,
                 dynamics: ThermalDynamics) -> ThermalState:
    """The state a constant load and ambient settle to.

    Parameters
    ----------
    load_ratio : float
        K, load over rated load [-].
    t_ambient : float
        Ambient temperature [K].
    params : ThermalParameters
        The transformer's rated rises, loss ratio and exponents.
    dynamics : ThermalDynamics
        Its time constants and model constants.

    Returns
    -------
    ThermalState
        Top oil and gradient terms; its hot spot is
        :func:`~.transformer_thermal.hot_spot_temperature` at the same load and ambient.

    Examples
    --------
    >>> p = ThermalParameters(1000.0, 38.3, 20.3, 0.8, 0.65)
    >>> round(steady_state(1.0, 298.75, p, THERMAL_DYNAMICS["ONAF"]).t_hot_spot - 273.15, 2)
    84.2
    """
    return ThermalState(*_targets(load_ratio, t_ambient, params, dynamics))


def advance(state: ThermalState, load_ratio: float, t_ambient: float, duration_s: float,
            params: ThermalParameters, dynamics: ThermalDynamics) -> ThermalState:
    """The state after a load and ambient held constant for a time.

    Parameters
    ----------
    state : ThermalState
        State at the start.
    load_ratio : float
        K, load over rated load during the step [-].
    t_ambient : float
        Ambient temperature during the step [K].
    duration_s : float
        Length of the step [s], zero or more.
    params : ThermalParameters
        The transformer's rated rises, loss ratio and exponents.
    dynamics : ThermalDynamics
        Its time constants and model constants.

    Returns
    -------
    ThermalState
        State at the end of the step.

    Notes
    -----
    Each of the three first-order equations relaxes to its target with its own time constant,
    :math:`y(t) = y_u + (y_0 - y_u)\\,e^{-t/\\tau}`, the exact solution of IEC 60076-7's differential
    equations for inputs constant over the step (see the module docstring).

    Examples
    --------
    One oil time constant (k11·τo = 75 min for ONAF) after a step from cold, the top oil has covered
    1 - 1/e of its rise:

    >>> p = ThermalParameters(1000.0, 38.3, 20.3, 0.8, 0.65)
    >>> d = THERMAL_DYNAMICS["ONAF"]
    >>> s = advance(ThermalState(293.15, 0.0, 0.0), 1.0, 293.15, 75 * 60.0, p, d)
    >>> round(s.t_top_oil - 293.15, 3)
    24.21
    """
    if duration_s < 0.0:
        raise ValueError(f"duration {duration_s} s is negative")
    targets = _targets(load_ratio, t_ambient, params, dynamics)
    values = (state.t_top_oil, state.gradient_fast, state.gradient_slow)
    return ThermalState(*(u + (v - u) * math.exp(-duration_s / tau)
                          for v, u, tau in zip(values, targets, dynamics.time_constants_s)))


def time_to_hot_spot(state: ThermalState, load_ratio: float, t_ambient: float, t_hot_spot_limit: float,
                     params: ThermalParameters, dynamics: ThermalDynamics) -> float:
    """How long a constant load takes to bring the hot spot to a limit.

    Parameters
    ----------
    state : ThermalState
        State when the load starts (e.g. the steady state before an outage).
    load_ratio : float
        K, load over rated load from then on [-].
    t_ambient : float
        Ambient temperature, held constant [K].
    t_hot_spot_limit : float
        Hot-spot limit [K].
    params : ThermalParameters
        The transformer's rated rises, loss ratio and exponents.
    dynamics : ThermalDynamics
        Its time constants and model constants.

    Returns
    -------
    float
        First time at which the hot spot reaches the limit [s]; 0 when it is there already; infinite
        when it never does (the overshoot after the step included).

    Notes
    -----
    The hot spot after the step is a constant plus three decaying exponentials, so it crosses the limit at
    most three times. It is sampled every quarter of the shortest time constant over 40 of the longest
    (the transient then is below e^-40 of its start), and the first sampled crossing is refined by Brent's
    method to 1e-3 s. A crossing and return within one sampling interval (under a quarter of the shortest
    time constant) is not seen.

    Examples
    --------
    A 2.5 MVA ONAN pad-mount at 43 °C carrying 0.6 of its rating, then 1.2 after its twin trips:

    >>> from retrofit.electrical.transformer_thermal import rated_parameters
    >>> p = rated_parameters("ONAN", 16800.0, 2100.0)
    >>> d = thermal_dynamics("ONAN", 2.5e6)
    >>> start = steady_state(0.6, 316.15, p, d)
    >>> round(time_to_hot_spot(start, 1.2, 316.15, 383.15, p, d) / 60.0, 1)
    56.0
    """
    def excess(t: float) -> float:
        return advance(state, load_ratio, t_ambient, t, params, dynamics).t_hot_spot - t_hot_spot_limit

    if excess(0.0) >= 0.0:
        return 0.0
    taus = dynamics.time_constants_s
    step = min(taus) / 4.0
    n = math.ceil(40.0 * max(taus) / step)
    previous = 0.0
    for i in range(1, n + 1):
        t = i * step
        if excess(t) >= 0.0:
            return float(brentq(excess, previous, t, xtol=1e-3))
        previous = t
    return math.inf


__all__ = ["DISTRIBUTION_MAX_VA", "THERMAL_DYNAMICS", "ThermalDynamics", "ThermalState", "advance", "has_thermal_dynamics", "steady_state",
           "thermal_dynamics", "time_to_hot_spot"]
