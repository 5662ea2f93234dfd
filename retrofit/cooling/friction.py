"""Pipe friction: Reynolds number, Darcy friction factor (Colebrook, Swamee-Jain) and Darcy-Weisbach loss.

All functions take SI floats or numpy arrays and are vectorised. The full-range friction factor
:func:`friction_factor` chooses the regime from the Reynolds number:

* laminar, Re <= 2000: f = 64/Re (Hagen-Poiseuille);
* transition, 2000 < Re < 4000: a cubic in Re joining the laminar value and slope at Re = 2000 to the
  turbulent correlation's value and slope at Re = 4000. There is no physical law for this zone; the
  cubic follows the practice of EPANET (Dunlop 1991), made C1 so that Newton solvers see a smooth,
  monotone head-loss curve;
* turbulent, Re >= 4000: the correlation chosen by ``method`` (:data:`FRICTION_METHODS`).
"""
from __future__ import annotations

import numpy as np

from ..errors import OutOfRange, UnknownMethod

#: Standard acceleration of gravity [m/s2] (CGPM 1901).
GRAVITY = 9.80665

#: Upper Reynolds number of laminar flow [-].
LAMINAR_LIMIT = 2000.0

#: Lower Reynolds number of the turbulent correlations [-].
TURBULENT_LIMIT = 4000.0

_LN10 = np.log(10.0)
_NEWTON_MAX_ITERATIONS = 50


def flow_velocity(flow, diameter):
    """Mean velocity of a flow in a full circular pipe.

    Parameters
    ----------
    flow : float or numpy.ndarray
        Volume flow [m3/s].
    diameter : float or numpy.ndarray
        Inner diameter [m].

    Returns
    -------
    velocity : float or numpy.ndarray
        Mean velocity V = 4 Q / (pi D^2) [m/s].

    Examples
    --------
    >>> round(float(flow_velocity(0.2, 0.2)), 4)  # White Ex. 6.7: 0.2 m3/s in 200 mm
    6.3662
    """
    return 4.0 * np.asarray(flow, dtype=float) / (np.pi * np.asarray(diameter, dtype=float) ** 2)


def reynolds_number(velocity, diameter, density, viscosity):
    """Reynolds number of pipe flow.

    Parameters
    ----------
    velocity : float or numpy.ndarray
        Mean velocity [m/s].
    diameter : float or numpy.ndarray
        Inner diameter [m].
    density : float or numpy.ndarray
        Fluid density [kg/m3].
    viscosity : float or numpy.ndarray
        Dynamic viscosity [Pa*s].

    Returns
    -------
    reynolds : float or numpy.ndarray
        Re = rho |V| D / mu [-].

    Examples
    --------
    >>> round(float(reynolds_number(6.3662, 0.2, 900.0, 9.0e-3)))
    127324
    """
    return density * np.abs(velocity) * diameter / viscosity


def laminar(reynolds):
    """Darcy friction factor of laminar flow.

    Parameters
    ----------
    reynolds : float or numpy.ndarray
        Reynolds number [-].

    Returns
    -------
    friction : float or numpy.ndarray
        f = 64 / Re [-].

    Notes
    -----
    Hagen-Poiseuille flow, valid for Re <= 2000 (White, Fluid Mechanics, eq. 6.47).

    Examples
    --------
    >>> float(laminar(1000.0))
    0.064
    """
    return _scalar(64.0 / np.asarray(reynolds, dtype=float))


def swamee_jain(reynolds, relative_roughness):
    """Darcy friction factor by the explicit Swamee-Jain (1976) approximation of Colebrook.

    Parameters
    ----------
    reynolds : float or numpy.ndarray
        Reynolds number [-].
    relative_roughness : float or numpy.ndarray
        Roughness over diameter, epsilon/D [-].

    Returns
    -------
    friction : float or numpy.ndarray
        f = 0.25 / [log10(epsilon/(3.7 D) + 5.74 / Re^0.9)]^2 [-].

    Notes
    -----
    Swamee & Jain give 5e3 <= Re <= 1e8 and 1e-6 <= epsilon/D <= 1e-2 as the range of the fit; in it the
    formula stays within 2.9 % of Colebrook (largest at Re = 5000, epsilon/D = 0.01; below 1 % for most
    of the range). It is evaluated outside that range without complaint, as EPANET 2.2 does for all
    turbulent flow (it is EPANET's Darcy-Weisbach friction factor).

    References
    ----------
    Swamee, P. K., Jain, A. K. (1976). Explicit equations for pipe-flow problems. J. Hydraulics Div.
    ASCE 102(5), 657-664.

    Examples
    --------
    >>> round(float(swamee_jain(1.0e5, 1.0e-4)), 5)
    0.01845
    """
    return _scalar(_swamee_jain_with_slope(reynolds, relative_roughness)[0])


def colebrook(reynolds, relative_roughness):
    """Darcy friction factor from the Colebrook-White equation, solved to machine precision.

    Parameters
    ----------
    reynolds : float or numpy.ndarray
        Reynolds number [-].
    relative_roughness : float or numpy.ndarray
        Roughness over diameter, epsilon/D [-].

    Returns
    -------
    friction : float or numpy.ndarray
        Darcy friction factor f [-].

    Notes
    -----
    1/sqrt(f) = -2 log10(epsilon/(3.7 D) + 2.51/(Re sqrt(f)))  (Colebrook 1939; White eq. 6.48).
    Solved for x = 1/sqrt(f) by Newton's method from the Swamee-Jain value; the residual
    g(x) = x + 2 log10(b + a x), a = 2.51/Re, b = epsilon/(3.7 D) is increasing and concave in x, so the
    iterates approach the root from below after the first step; it stops when the step is below 1e-15
    relative. The equation
    is the turbulent law, valid for Re >= 4000 (it is evaluated for any Re > 0).

    References
    ----------
    Colebrook, C. F. (1939). Turbulent flow in pipes, with particular reference to the transition region
    between the smooth and rough pipe laws. J. Inst. Civil Engineers 11(4), 133-156.

    Examples
    --------
    >>> round(float(colebrook(1.0e5, 1.0e-4)), 15)
    0.018513866077472
    """
    return _scalar(_colebrook_with_slope(reynolds, relative_roughness)[0])


def _colebrook_with_slope(reynolds, relative_roughness):
    re_, rr = _check(reynolds, relative_roughness)
    re_, rr = np.broadcast_arrays(re_, rr)
    a = 2.51 / re_
    b = rr / 3.7
    c = 2.0 / _LN10
    x = 1.0 / np.sqrt(0.25 / np.log10(b + 5.74 / re_**0.9) ** 2)
    for _ in range(_NEWTON_MAX_ITERATIONS):
        s = b + a * x
        step = (x + c * np.log(s)) / (1.0 + c * a / s)
        x = x - step
        if np.all(np.abs(step) <= 1e-15 * x):
            break
    s = b + a * x
    dx_dre = c * a * x / (re_ * (s + c * a))
    friction = 1.0 / (x * x)
    slope = -2.0 * dx_dre / x**3
    return friction, slope


def _swamee_jain_with_slope(reynolds, relative_roughness):
    re_, rr = _check(reynolds, relative_roughness)
    y = rr / 3.7 + 5.74 / re_**0.9
    log_y = np.log10(y)
    friction = 0.25 / log_y**2
    dy_dre = -0.9 * 5.74 / re_**1.9
    slope = -0.5 / log_y**3 * dy_dre / (y * _LN10)
    return friction, slope


#: The turbulent friction-factor correlations, by name: each maps (Re, epsilon/D) to (f, df/dRe).
FRICTION_METHODS = {
    "colebrook": _colebrook_with_slope,
    "swamee_jain": _swamee_jain_with_slope,
}


def _scalar(value):
    value = np.asarray(value)
    return float(value) if value.ndim == 0 else value


def _check(reynolds, relative_roughness):
    re_ = np.asarray(reynolds, dtype=float)
    rr = np.asarray(relative_roughness, dtype=float)
    # The arrays' own .all() (not np.any of the negation): the same test without numpy's Python-level wrapper.
    if not (re_ > 0.0).all():
        raise OutOfRange(f"Reynolds number must be positive; got {re_[~(re_ > 0.0)].ravel()[0]}")
    if not (rr >= 0.0).all():
        raise OutOfRange(f"relative roughness must be >= 0; got {rr[~(rr >= 0.0)].ravel()[0]}")
    return re_, rr


def _method(method: str):
    try:
        return FRICTION_METHODS[method]
    except KeyError:
        raise UnknownMethod(
            f"unknown friction factor method {method!r}; valid methods: {', '.join(sorted(FRICTION_METHODS))}"
        ) from None


def friction_factor_with_slope(reynolds, relative_roughness, method: str = "colebrook"):
    """Full-range Darcy friction factor and its derivative with respect to the Reynolds number.

    Parameters
    ----------
    reynolds : float or numpy.ndarray
        Reynolds number [-], > 0.
    relative_roughness : float or numpy.ndarray
        Roughness over diameter, epsilon/D [-].
    method : str
        Turbulent correlation, a key of :data:`FRICTION_METHODS`.

    Returns
    -------
    friction : numpy.ndarray
        Darcy friction factor f [-].
    slope : numpy.ndarray
        df/dRe [-].

    Notes
    -----
    Laminar below Re = 2000, ``method`` above Re = 4000, and between them the cubic Hermite
    interpolant in Re of the two end values and slopes (see the module docstring). The slope is
    exact for each branch (implicit differentiation of Colebrook), which gives the network solver
    its quadratic convergence.

    Examples
    --------
    >>> f, slope = friction_factor_with_slope(1.0e5, 1.0e-4)
    >>> round(float(f), 6)
    0.018514
    """
    turbulent = _method(method)
    re_, rr = _check(reynolds, relative_roughness)
    re_, rr = np.broadcast_arrays(re_, rr)
    friction = np.empty(re_.shape)
    slope = np.empty(re_.shape)

    lam = re_ <= LAMINAR_LIMIT
    friction[lam] = 64.0 / re_[lam]
    slope[lam] = -64.0 / re_[lam] ** 2

    turb = re_ >= TURBULENT_LIMIT
    if np.any(turb):
        friction[turb], slope[turb] = turbulent(re_[turb], rr[turb])

    trans = ~(lam | turb)
    if np.any(trans):
        f1 = 64.0 / LAMINAR_LIMIT
        s1 = -64.0 / LAMINAR_LIMIT**2
        f2, s2 = turbulent(np.full(np.count_nonzero(trans), TURBULENT_LIMIT), rr[trans])
        width = TURBULENT_LIMIT - LAMINAR_LIMIT
        t = (re_[trans] - LAMINAR_LIMIT) / width
        h00 = 2 * t**3 - 3 * t**2 + 1
        h10 = t**3 - 2 * t**2 + t
        h01 = -2 * t**3 + 3 * t**2
        h11 = t**3 - t**2
        friction[trans] = h00 * f1 + h10 * width * s1 + h01 * f2 + h11 * width * s2
        d00 = 6 * t**2 - 6 * t
        d10 = 3 * t**2 - 4 * t + 1
        d01 = -6 * t**2 + 6 * t
        d11 = 3 * t**2 - 2 * t
        slope[trans] = (d00 * f1 + d01 * f2) / width + d10 * s1 + d11 * s2
    return friction, slope


def friction_factor(reynolds, relative_roughness, method: str = "colebrook"):
    """Darcy friction factor over the laminar, transition and turbulent ranges.

    Parameters
    ----------
    reynolds : float or numpy.ndarray
        Reynolds number [-], > 0.
    relative_roughness : float or numpy.ndarray
        Roughness over diameter, epsilon/D [-].
    method : str
        Turbulent correlation: ``"colebrook"`` (exact, default) or ``"swamee_jain"``.

    Returns
    -------
    friction : float or numpy.ndarray
        Darcy friction factor f [-].

    Raises
    ------
    UnknownMethod
        ``method`` is not in :data:`FRICTION_METHODS`; the message lists the valid ones.
    OutOfRange
        Re <= 0 or epsilon/D < 0.

    Notes
    -----
    f = 64/Re for Re <= 2000; the ``method`` correlation for Re >= 4000; the C1 cubic of the module
    docstring between them.

    Examples
    --------
    >>> round(float(friction_factor(1000.0, 0.0)), 3)
    0.064
    >>> round(float(friction_factor(1.27324e5, 0.0013)), 5)
    0.02272
    """
    return _scalar(friction_factor_with_slope(reynolds, relative_roughness, method)[0])


def fully_rough_friction_factor(relative_roughness):
    """Darcy friction factor of fully rough (complete turbulence) flow, the Re -> infinity limit.

    Parameters
    ----------
    relative_roughness : float or numpy.ndarray
        Roughness over diameter, epsilon/D [-], > 0.

    Returns
    -------
    friction : float or numpy.ndarray
        f = 0.25 / [log10(epsilon/(3.7 D))]^2 [-].

    Notes
    -----
    The rough-pipe law of von Karman, the limit of Colebrook's equation as Re grows without bound.

    Examples
    --------
    >>> round(float(fully_rough_friction_factor(0.0018 / 3.068)), 4)  # 3 in sch 40 steel
    0.0173
    """
    rr = np.asarray(relative_roughness, dtype=float)
    if np.any(~(rr > 0.0)):
        raise OutOfRange("fully rough friction needs a relative roughness > 0")
    return _scalar(0.25 / np.log10(rr / 3.7) ** 2)


def darcy_weisbach_head_loss(friction, length, diameter, velocity, gravity: float = GRAVITY):
    """Frictional head loss of a straight pipe by Darcy-Weisbach.

    Parameters
    ----------
    friction : float or numpy.ndarray
        Darcy friction factor [-].
    length : float or numpy.ndarray
        Pipe length [m].
    diameter : float or numpy.ndarray
        Inner diameter [m].
    velocity : float or numpy.ndarray
        Mean velocity [m/s].
    gravity : float
        Acceleration of gravity [m/s2].

    Returns
    -------
    head_loss : float or numpy.ndarray
        h_f = f (L/D) V^2 / (2 g) [m], signed like the velocity.

    Notes
    -----
    White, Fluid Mechanics, eq. 6.10.

    Examples
    --------
    >>> round(float(darcy_weisbach_head_loss(0.022724, 500.0, 0.2, 6.3662)), 2)
    117.39
    """
    v = np.asarray(velocity, dtype=float)
    return friction * length / diameter * v * np.abs(v) / (2.0 * gravity)


def resistance_coefficient(friction, length, diameter, gravity: float = GRAVITY):
    """Flow resistance K of a pipe, head loss per flow squared at a fixed friction factor.

    Parameters
    ----------
    friction : float or numpy.ndarray
        Darcy friction factor [-].
    length : float or numpy.ndarray
        Pipe length [m].
    diameter : float or numpy.ndarray
        Inner diameter [m].
    gravity : float
        Acceleration of gravity [m/s2].

    Returns
    -------
    resistance : float or numpy.ndarray
        K = 8 f L / (pi^2 g D^5) [s2/m5], so that h = K Q |Q|.

    Notes
    -----
    Darcy-Weisbach with V = 4Q/(pi D^2); the form used in Hardy Cross network analysis.

    Examples
    --------
    >>> round(float(resistance_coefficient(0.01879, 250.0, 0.3)), 4)
    159.7828
    """
    return 8.0 * friction * length / (np.pi**2 * gravity * np.asarray(diameter, dtype=float) ** 5)


def minor_loss_head(loss_coefficient, velocity, gravity: float = GRAVITY):
    """Head loss of a fitting with a loss coefficient K.

    Parameters
    ----------
    loss_coefficient : float or numpy.ndarray
        Resistance coefficient K [-].
    velocity : float or numpy.ndarray
        Mean velocity in the pipe the K refers to [m/s].
    gravity : float
        Acceleration of gravity [m/s2].

    Returns
    -------
    head_loss : float or numpy.ndarray
        h = K V^2 / (2 g) [m], signed like the velocity.

    Notes
    -----
    Crane TP-410, eq. 2-5 (h_L = K v^2 / 2g).

    Examples
    --------
    >>> round(float(minor_loss_head(0.54, 2.0)), 4)  # K 0.54 at 2 m/s, head in m
    0.1101
    """
    v = np.asarray(velocity, dtype=float)
    return loss_coefficient * v * np.abs(v) / (2.0 * gravity)
