"""Turbulent forced-convection film coefficients in channels, and the correction of a rated UA when an
exchanger runs on another fluid than the one it was rated on.

A CDU or a cooler is rated with one coolant (often water or PG25 on the facility side) and may run on
another (PG50 in a cold climate). Its conductance UA is two film resistances in series; each film
coefficient follows the fluid's viscosity, conductivity and Prandtl number through a published
correlation, at the same channel and the same volumetric flow:

* Dittus–Boelter (1930), :math:`Nu = 0.023\\,Re^{0.8} Pr^{n}`, n = 0.4 when the fluid is heated and
  0.3 when it is cooled; Re ≥ 10,000, 0.6 ≤ Pr ≤ 160, L/D ≥ 10 (Incropera et al., 6th ed., Eq. 8.60);
* Gnielinski (1976), :math:`Nu = (f/8)(Re - 1000)Pr / (1 + 12.7 (f/8)^{1/2}(Pr^{2/3} - 1))` with
  Petukhov's smooth-tube friction factor :math:`f = (0.790 \\ln Re - 1.64)^{-2}`; 3,000 ≤ Re ≤ 5·10⁶,
  0.5 ≤ Pr ≤ 2,000 (Incropera et al., 6th ed., Eqs. 8.21 and 8.62).

The registry :data:`CORRELATIONS` names them; an unknown name raises, listing the valid ones.
Arguments outside a correlation's validity range raise :class:`~retrofit.errors.OutOfRange`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import OutOfRange, UnknownMethod

DITTUS_BOELTER_RANGE = {"re": (1.0e4, math.inf), "pr": (0.6, 160.0)}
"""Validity of Dittus–Boelter (Incropera et al., 6th ed., Eq. 8.60) [-]."""

GNIELINSKI_RANGE = {"re": (3.0e3, 5.0e6), "pr": (0.5, 2000.0)}
"""Validity of Gnielinski with Petukhov's friction factor (Incropera et al., 6th ed., Eq. 8.62) [-]."""


def _check(name: str, value: float, bounds: tuple[float, float], what: str) -> None:
    lo, hi = bounds
    if not lo <= value <= hi:
        raise OutOfRange(f"{name}: {what} = {value:g} is outside its validity range [{lo:g}, {hi:g}]")


def reynolds_number(mass_flow: float, diameter: float, viscosity: float) -> float:
    """Reynolds number of a circular channel from its mass flow.

    Parameters
    ----------
    mass_flow : float
        Mass flow through the channel [kg/s].
    diameter : float
        Inside (or hydraulic) diameter [m].
    viscosity : float
        Dynamic viscosity [Pa s].

    Returns
    -------
    float
        :math:`Re = 4\\dot m/(\\pi D \\mu)` [-] (Incropera et al., 6th ed., Eq. 8.6).

    Examples
    --------
    >>> int(reynolds_number(0.050, 0.15, 208.2e-7))
    20384
    """
    return 4.0 * mass_flow / (math.pi * diameter * viscosity)


def dittus_boelter_nusselt(re: float, pr: float, heating: bool = True) -> float:
    """Nusselt number of fully developed turbulent flow by Dittus–Boelter.

    Parameters
    ----------
    re : float
        Reynolds number [-].
    pr : float
        Prandtl number [-].
    heating : bool
        True when the fluid is heated (exponent 0.4), False when it is cooled (0.3) [-].

    Returns
    -------
    float
        Nu [-].

    Raises
    ------
    OutOfRange
        Outside Re ≥ 10,000, 0.6 ≤ Pr ≤ 160.

    Notes
    -----
    :math:`Nu = 0.023\\,Re^{4/5} Pr^{n}` (Dittus and Boelter 1930; Incropera et al., 6th ed., Eq. 8.60).

    Examples
    --------
    >>> round(dittus_boelter_nusselt(20384.0, 0.70, heating=False), 1)
    57.9
    """
    _check("Dittus-Boelter", re, DITTUS_BOELTER_RANGE["re"], "Re")
    _check("Dittus-Boelter", pr, DITTUS_BOELTER_RANGE["pr"], "Pr")
    return 0.023 * re ** 0.8 * pr ** (0.4 if heating else 0.3)


def petukhov_friction_factor(re: float) -> float:
    """Darcy friction factor of a smooth tube, Petukhov's fit.

    Parameters
    ----------
    re : float
        Reynolds number, 3,000 to 5·10⁶ [-].

    Returns
    -------
    float
        f [-], :math:`(0.790 \\ln Re - 1.64)^{-2}` (Incropera et al., 6th ed., Eq. 8.21).

    Examples
    --------
    >>> round(petukhov_friction_factor(1.0e5), 5)
    0.01799
    """
    _check("Petukhov", re, GNIELINSKI_RANGE["re"], "Re")
    return (0.790 * math.log(re) - 1.64) ** -2


def gnielinski_nusselt(re: float, pr: float) -> float:
    """Nusselt number of fully developed turbulent flow by Gnielinski.

    Parameters
    ----------
    re : float
        Reynolds number [-].
    pr : float
        Prandtl number [-].

    Returns
    -------
    float
        Nu [-].

    Raises
    ------
    OutOfRange
        Outside 3,000 ≤ Re ≤ 5·10⁶, 0.5 ≤ Pr ≤ 2,000.

    Notes
    -----
    :math:`Nu = (f/8)(Re - 1000)Pr / [1 + 12.7 (f/8)^{1/2} (Pr^{2/3} - 1)]` with f from
    :func:`petukhov_friction_factor` (Gnielinski 1976; Incropera et al., 6th ed., Eq. 8.62).

    Examples
    --------
    >>> round(gnielinski_nusselt(1.0e5, 5.0), 1)
    515.7
    """
    _check("Gnielinski", pr, GNIELINSKI_RANGE["pr"], "Pr")
    f = petukhov_friction_factor(re)
    return (f / 8.0) * (re - 1000.0) * pr / (1.0 + 12.7 * math.sqrt(f / 8.0) * (pr ** (2.0 / 3.0) - 1.0))


CORRELATIONS = {"dittus_boelter": dittus_boelter_nusselt, "gnielinski": lambda re, pr, heating=True: gnielinski_nusselt(re, pr)}
"""Turbulent channel correlations by name: ``f(re, pr, heating) -> Nu``."""


@dataclass(frozen=True)
class FluidState:
    """The transport properties of a fluid at its mean temperature in the exchanger.

    Attributes
    ----------
    density : float
        [kg/m³].
    viscosity : float
        Dynamic viscosity [Pa s].
    conductivity : float
        Thermal conductivity [W/(m K)].
    cp : float
        Specific heat [J/(kg K)].
    """

    density: float
    viscosity: float
    conductivity: float
    cp: float

    @property
    def prandtl(self) -> float:
        """:math:`Pr = c_p \\mu / k` [-]."""
        return self.cp * self.viscosity / self.conductivity


def film_coefficient_ratio(rated: FluidState, operating: FluidState, flow_ratio: float = 1.0, *,
                           re_rated: float, correlation: str = "dittus_boelter", heating: bool = True) -> float:
    """Film coefficient of the operating fluid over that of the rating fluid, in the same channel.

    Parameters
    ----------
    rated, operating : FluidState
        The fluid of the rating and the fluid in operation [SI, see :class:`FluidState`].
    flow_ratio : float
        Operating volumetric flow over the rated volumetric flow [-].
    re_rated : float
        Reynolds number of the rating fluid at its rated flow in the channel [-] (the correlations
        other than Dittus–Boelter depend on it; it also checks the validity ranges).
    correlation : str
        A name of :data:`CORRELATIONS`.
    heating : bool
        Whether the fluid is heated in the channel (Dittus–Boelter exponent) [-].

    Returns
    -------
    float
        :math:`h_{op}/h_r` [-].

    Notes
    -----
    At a fixed channel, :math:`h = Nu\\,k/D` and :math:`Re = \\rho V D/\\mu` scale with the fluid and
    the volumetric flow as :math:`Re_{op} = Re_r\\,(\\rho_{op}/\\rho_r)(\\mu_r/\\mu_{op})\\,(\\dot V_{op}/\\dot V_r)`,
    so :math:`h_{op}/h_r = (k_{op}/k_r)\\,Nu(Re_{op}, Pr_{op})/Nu(Re_r, Pr_r)`; with Dittus–Boelter it
    reduces to :math:`(k_{op}/k_r)(Re_{op}/Re_r)^{0.8}(Pr_{op}/Pr_r)^{n}`.

    Examples
    --------
    >>> water = FluidState(994.0, 0.72e-3, 0.62, 4178.0)
    >>> same = film_coefficient_ratio(water, water, re_rated=2.0e4)
    >>> round(same, 12)
    1.0
    """
    if correlation not in CORRELATIONS:
        raise UnknownMethod(f"correlation {correlation!r} is not one of {sorted(CORRELATIONS)}")
    nu = CORRELATIONS[correlation]
    re_op = re_rated * (operating.density / rated.density) * (rated.viscosity / operating.viscosity) * flow_ratio
    return ((operating.conductivity / rated.conductivity) * nu(re_op, operating.prandtl, heating)
            / nu(re_rated, rated.prandtl, heating))


def ua_for_film_ratios(ua_rated: float, ratio_hot: float, ratio_cold: float, hot_resistance_fraction: float = 0.5) -> float:
    """Conductance of an exchanger whose two film coefficients change by the given ratios.

    Parameters
    ----------
    ua_rated : float
        Conductance at the rating [W/K].
    ratio_hot, ratio_cold : float
        :math:`h/h_r` of the hot and cold sides [-] (:func:`film_coefficient_ratio`).
    hot_resistance_fraction : float
        Share of the rated resistance :math:`1/UA_r` on the hot side [-] (wall and fouling lumped in
        proportion, as :func:`retrofit.cooling.heat_exchange.ua_at_flows`).

    Returns
    -------
    float
        UA [W/K]: :math:`1/UA = f_h/(UA_r\\,r_h) + (1-f_h)/(UA_r\\,r_c)`.

    Examples
    --------
    >>> round(ua_for_film_ratios(400e3, 1.0, 0.5))
    266667
    """
    if np.any(np.asarray(hot_resistance_fraction) < 0.0) or np.any(np.asarray(hot_resistance_fraction) > 1.0):
        raise OutOfRange("hot_resistance_fraction must be within [0, 1]")
    if np.any(np.asarray(ratio_hot) <= 0.0) or np.any(np.asarray(ratio_cold) <= 0.0):
        raise OutOfRange("film coefficient ratios must be > 0")
    return ua_rated / (hot_resistance_fraction / ratio_hot + (1.0 - hot_resistance_fraction) / ratio_cold)


def dittus_boelter_fluid_ratio(rated: FluidState, operating: FluidState, *, heating: bool = True) -> float:
    """Film coefficient of the operating fluid over that of the rating fluid, same channel and mass flow.

    Parameters
    ----------
    rated, operating : FluidState
        The fluid of the rating and the fluid in operation [SI, see :class:`FluidState`].
    heating : bool
        Whether the fluid is heated in the channel (exponent n = 0.4, else 0.3) [-].

    Returns
    -------
    float
        :math:`h_{op}/h_r = (k_{op}/k_r)(\\mu_r/\\mu_{op})^{0.8}(Pr_{op}/Pr_r)^{n}` [-].

    Notes
    -----
    Dittus–Boelter (Incropera et al., 6th ed., Eq. 8.60) at a fixed channel and mass flow: Re changes
    by :math:`\\mu_r/\\mu_{op}`. The ratio does not depend on Re itself, so it serves where the channel
    Reynolds number of the rating is not published (catalog exchangers); it holds while both fluids stay
    turbulent in the channel (Re ≥ 10,000 for the correlation; plate exchangers are turbulent from a few
    hundred). It equals :func:`film_coefficient_ratio` with ``flow_ratio`` = ρ_r/ρ_op (a consistency
    check in the tests). The change of flow is applied apart, by
    :func:`retrofit.cooling.heat_exchange.ua_at_flows` on the mass-flow ratio.

    Examples
    --------
    >>> water = FluidState(994.0, 0.72e-3, 0.62, 4178.0)
    >>> round(dittus_boelter_fluid_ratio(water, water), 12)
    1.0
    """
    n = 0.4 if heating else 0.3
    return ((operating.conductivity / rated.conductivity) * (rated.viscosity / operating.viscosity) ** 0.8
            * (operating.prandtl / rated.prandtl) ** n)


def corrected_conductance(ua_rated: float, ratio_hot: float, ratio_cold: float,
                          hot_resistance_fraction: float = 0.5) -> tuple[float, float]:
    """Conductance after a change of film coefficients, and the hot side's new share of its resistance.

    Parameters
    ----------
    ua_rated : float or array
        Conductance at the rating [W/K].
    ratio_hot, ratio_cold : float or array
        :math:`h/h_r` of the hot and cold sides [-].
    hot_resistance_fraction : float or array
        Share of the rated resistance on the hot side [-].

    Returns
    -------
    tuple of float or array
        UA [W/K] (:func:`ua_for_film_ratios`) and the hot side's share of :math:`1/UA` [-], so that
        :func:`retrofit.cooling.heat_exchange.ua_at_flows` rescales the corrected exchanger to other flows
        with each side's resistance where it now is.

    Examples
    --------
    >>> ua, f = corrected_conductance(400e3, 1.0, 0.5)
    >>> round(ua), round(f, 4)
    (266667, 0.3333)
    """
    ua = ua_for_film_ratios(ua_rated, ratio_hot, ratio_cold, hot_resistance_fraction)
    return ua, (hot_resistance_fraction / ratio_hot) * ua / ua_rated


__all__ = ["CORRELATIONS", "DITTUS_BOELTER_RANGE", "FluidState", "GNIELINSKI_RANGE", "corrected_conductance",
           "dittus_boelter_fluid_ratio", "dittus_boelter_nusselt",
           "film_coefficient_ratio", "gnielinski_nusselt", "petukhov_friction_factor", "reynolds_number",
           "ua_for_film_ratios"]
