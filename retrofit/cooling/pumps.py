"""Centrifugal pumps: head and efficiency curves, affinity laws, parallel pumps, power and NPSH.

A :class:`PumpCurve` is the curve of one pump at rated speed, H = H0 - a Q - b Q^2. A group of
``parallel_count`` identical pumps running at ``speed_ratio`` N/N_rated delivers, by the affinity laws
(Q ~ N, H ~ N^2, P ~ N^3; efficiency unchanged at homologous points) and equal sharing of the flow,

    H(Q) = s^2 H0 - a s (Q/n) - b (Q/n)^2,    eta(Q) = eta_1(Q / (s n)).

The preferred operating region is 70-120 % of the best-efficiency-point flow (ANSI/HI 9.6.3-2017,
Table 9.6.3.1, for most centrifugal pumps).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import OutOfRange
from .friction import GRAVITY

#: Preferred operating region, fraction of the best-efficiency-point flow (ANSI/HI 9.6.3).
PREFERRED_REGION = (0.70, 1.20)


@dataclass(frozen=True)
class PumpCurve:
    """Head-flow and efficiency-flow curve of one pump at rated speed.

    Parameters
    ----------
    shutoff_head : float
        H0, head at zero flow [m].
    linear_coefficient : float
        a in H = H0 - a Q - b Q^2 [s/m2].
    quadratic_coefficient : float
        b in H = H0 - a Q - b Q^2 [s2/m5].
    flow_min : float
        Lowest flow of the published curve [m3/s].
    flow_max : float
        Highest flow of the published curve [m3/s].
    efficiency_coefficients : tuple of float or None
        (c0, c1, c2) of eta = c0 + c1 Q + c2 Q^2, Q in [m3/s]; None if unknown.
    bep_flow : float or None
        Flow at the best efficiency point [m3/s]; None if unknown.

    Notes
    -----
    Build it with :meth:`from_points` or :meth:`from_design_point`.
    """

    shutoff_head: float
    linear_coefficient: float
    quadratic_coefficient: float
    flow_min: float
    flow_max: float
    efficiency_coefficients: tuple[float, float, float] | None = None
    bep_flow: float | None = None

    def __post_init__(self):
        if not self.shutoff_head > 0.0:
            raise OutOfRange(f"pump shut-off head must be positive; got {self.shutoff_head} m")
        if not 0.0 <= self.flow_min < self.flow_max:
            raise OutOfRange(f"pump curve flow range must satisfy 0 <= min < max; got {self.flow_min}, {self.flow_max}")
        if self.quadratic_coefficient < 0.0 or (self.quadratic_coefficient == 0.0 and self.linear_coefficient <= 0.0):
            raise OutOfRange("pump head must fall with flow: need b > 0, or b = 0 and a > 0")

    # --- construction ----------------------------------------------------------------------------
    @classmethod
    def from_points(cls, flow, head, efficiency=None, bep_flow: float | None = None) -> PumpCurve:
        """Fit a curve through published points.

        Parameters
        ----------
        flow : array_like
            Flows of the points [m3/s].
        head : array_like
            Heads at those flows [m].
        efficiency : array_like or float or None
            Efficiencies at those flows [-], or one constant efficiency, or None.
        bep_flow : float or None
            Best-efficiency-point flow [m3/s] if known; otherwise the vertex of the fitted efficiency
            parabola (when it falls inside the points' range) or the point of highest efficiency.

        Returns
        -------
        curve : PumpCurve
            One point: the design-point curve of :meth:`from_design_point`; two points:
            H = H0 - b Q^2 through both; three or more: least-squares H0, a, b.

        Notes
        -----
        Efficiency points (three or more) are fitted by least squares with eta = c0 + c1 Q + c2 Q^2.
        """
        q = np.atleast_1d(np.asarray(flow, dtype=float))
        h = np.atleast_1d(np.asarray(head, dtype=float))
        if q.shape != h.shape or q.size == 0:
            raise OutOfRange("pump curve needs as many heads as flows, at least one")
        if q.size == 1:
            curve = cls.from_design_point(float(q[0]), float(h[0]))
            h0, a, b = curve.shutoff_head, 0.0, curve.quadratic_coefficient
            q_min, q_max = curve.flow_min, curve.flow_max
        elif q.size == 2:
            b = (h[0] - h[1]) / (q[1] ** 2 - q[0] ** 2)
            h0, a = h[0] + b * q[0] ** 2, 0.0
            q_min, q_max = float(q.min()), float(q.max())
        else:
            design = np.column_stack([np.ones_like(q), -q, -(q**2)])
            h0, a, b = np.linalg.lstsq(design, h, rcond=None)[0]
            q_min, q_max = float(q.min()), float(q.max())
        coefficients = None
        if efficiency is not None:
            eta = np.atleast_1d(np.asarray(efficiency, dtype=float))
            if np.any(~((eta > 0.0) & (eta <= 1.0))):
                raise OutOfRange(f"pump efficiencies must be in (0, 1]; got {eta.tolist()}")
            if eta.size == 1:
                coefficients = (float(eta[0]), 0.0, 0.0)
            elif eta.size != q.size or q.size < 3:
                raise OutOfRange("an efficiency curve needs one efficiency per flow point, at least three")
            else:
                design = np.column_stack([np.ones_like(q), q, q**2])
                coefficients = tuple(float(c) for c in np.linalg.lstsq(design, eta, rcond=None)[0])
                if bep_flow is None:
                    c0, c1, c2 = coefficients
                    vertex = -c1 / (2.0 * c2) if c2 < 0.0 else np.nan
                    bep_flow = float(vertex) if q_min <= vertex <= q_max else float(q[np.argmax(eta)])
        return cls(float(h0), float(a), float(b), q_min, q_max, coefficients, bep_flow)

    @classmethod
    def from_design_point(cls, flow: float, head: float) -> PumpCurve:
        """The one-point curve of EPANET: H = (4/3) Hd - (Hd/3)(Q/Qd)^2.

        Parameters
        ----------
        flow : float
            Design flow Qd [m3/s].
        head : float
            Design head Hd [m].

        Returns
        -------
        curve : PumpCurve
            Shut-off head 4/3 Hd, zero head at 2 Qd; curve range 0 to 2 Qd; BEP taken at Qd.

        Notes
        -----
        EPANET 2.2 Users Manual, section 3.1 "Pump curve" (single-point curve).
        """
        if not (flow > 0.0 and head > 0.0):
            raise OutOfRange(f"design point must have positive flow and head; got {flow}, {head}")
        return cls(4.0 / 3.0 * head, 0.0, head / (3.0 * flow**2), 0.0, 2.0 * flow, None, float(flow))

    # --- evaluation ------------------------------------------------------------------------------
    def head(self, flow, speed_ratio=1.0, parallel_count=1):
        """Head of the pump group at a total flow.

        Parameters
        ----------
        flow : float or numpy.ndarray
            Total flow of the group [m3/s].
        speed_ratio : float
            N / N_rated [-].
        parallel_count : int
            Number of identical pumps running in parallel [-].

        Returns
        -------
        head : float or numpy.ndarray
            H = s^2 H0 - a s (Q/n) - b (Q/n)^2 [m].
        """
        q = np.asarray(flow, dtype=float) / parallel_count
        value = (speed_ratio**2 * self.shutoff_head - self.linear_coefficient * speed_ratio * q
                 - self.quadratic_coefficient * q**2)
        return float(value) if value.ndim == 0 else value

    def efficiency(self, flow, speed_ratio=1.0, parallel_count=1):
        """Efficiency of the pumps of a group at a total flow.

        Parameters
        ----------
        flow : float or numpy.ndarray
            Total flow of the group [m3/s].
        speed_ratio : float
            N / N_rated [-].
        parallel_count : int
            Number of identical pumps running in parallel [-].

        Returns
        -------
        efficiency : float or numpy.ndarray
            eta_1(Q / (s n)) [-]; NaN without an efficiency curve.
        """
        q = np.asarray(flow, dtype=float) / (speed_ratio * parallel_count)
        if self.efficiency_coefficients is None:
            value = np.full(q.shape, np.nan)
        else:
            c0, c1, c2 = self.efficiency_coefficients
            value = c0 + c1 * q + c2 * q**2
        return float(value) if value.ndim == 0 else value

    def flow_range(self, speed_ratio=1.0, parallel_count=1) -> tuple[float, float]:
        """Range of total flow covered by the published curve at a speed and pump count.

        Parameters
        ----------
        speed_ratio : float
            N / N_rated [-].
        parallel_count : int
            Number of pumps [-].

        Returns
        -------
        flow_min : float
            [m3/s]
        flow_max : float
            [m3/s]
        """
        scale = speed_ratio * parallel_count
        return self.flow_min * scale, self.flow_max * scale

    def best_efficiency_flow(self, speed_ratio=1.0, parallel_count=1) -> float:
        """Total flow at the best efficiency point of the group.

        Parameters
        ----------
        speed_ratio : float
            N / N_rated [-].
        parallel_count : int
            Number of pumps [-].

        Returns
        -------
        flow : float
            s n Q_BEP [m3/s]; NaN if the BEP is unknown.
        """
        if self.bep_flow is None:
            return float("nan")
        return self.bep_flow * speed_ratio * parallel_count

    def max_flow(self, speed_ratio=1.0, parallel_count=1) -> float:
        """Total flow at which the head falls to zero.

        Parameters
        ----------
        speed_ratio : float
            N / N_rated [-].
        parallel_count : int
            Number of pumps [-].

        Returns
        -------
        flow : float
            Run-out flow at zero head [m3/s].
        """
        a, b, h0 = self.linear_coefficient, self.quadratic_coefficient, self.shutoff_head
        if b == 0.0:
            single = h0 / a
        else:
            single = (-a + np.sqrt(a * a + 4.0 * b * h0)) / (2.0 * b)
        return float(single * speed_ratio * parallel_count)


def operating_region(curve: PumpCurve, flow, speed_ratio=1.0, parallel_count=1):
    """Where an operating flow lies on a pump curve.

    Parameters
    ----------
    curve : PumpCurve
        Curve of one pump at rated speed.
    flow : float or numpy.ndarray
        Total flow of the group [m3/s].
    speed_ratio : float
        N / N_rated [-].
    parallel_count : int
        Number of pumps [-].

    Returns
    -------
    inside_curve_range : bool or numpy.ndarray
        Flow within the published curve's flow range (scaled by s n).
    bep_percent : float or numpy.ndarray
        Flow as percent of the best-efficiency-point flow [%]; NaN if the BEP is unknown.
    inside_preferred_region : bool or numpy.ndarray
        Flow within 70-120 % of BEP flow (ANSI/HI 9.6.3); False if the BEP is unknown.
    """
    q = np.asarray(flow, dtype=float)
    low, high = curve.flow_range(speed_ratio, parallel_count)
    inside = (q >= low * (1 - 1e-9)) & (q <= high * (1 + 1e-9))
    bep = curve.best_efficiency_flow(speed_ratio, parallel_count)
    percent = 100.0 * q / bep if np.isfinite(bep) else np.full(q.shape, np.nan)
    preferred = (percent >= 100.0 * PREFERRED_REGION[0]) & (percent <= 100.0 * PREFERRED_REGION[1])
    if q.ndim == 0:
        return bool(inside), float(percent), bool(preferred)
    return inside, percent, preferred


def affinity_flow(flow, speed_ratio):
    """Flow at another speed by the affinity law Q2 = Q1 (N2/N1).

    Parameters
    ----------
    flow : float or numpy.ndarray
        Flow at the reference speed [m3/s].
    speed_ratio : float or numpy.ndarray
        N2 / N1 [-].

    Returns
    -------
    flow : float or numpy.ndarray
        Flow at the new speed [m3/s].

    Notes
    -----
    Crane TP-410 p. 2-15 (pump affinity relations); Hydraulic Institute ANSI/HI 1.3.

    Examples
    --------
    >>> round(float(affinity_flow(400.0, 1700.0 / 3500.0)), 1)  # Crane TP-410 Ex. 7-33, gpm
    194.3
    """
    return flow * speed_ratio


def affinity_head(head, speed_ratio):
    """Head at another speed by the affinity law H2 = H1 (N2/N1)^2.

    Parameters
    ----------
    head : float or numpy.ndarray
        Head at the reference speed [m].
    speed_ratio : float or numpy.ndarray
        N2 / N1 [-].

    Returns
    -------
    head : float or numpy.ndarray
        Head at the new speed [m].

    Examples
    --------
    >>> round(float(affinity_head(126.0, 1700.0 / 3500.0)), 2)  # Crane TP-410 Ex. 7-33, ft
    29.73
    """
    return head * speed_ratio**2


def affinity_power(power, speed_ratio):
    """Shaft power at another speed by the affinity law P2 = P1 (N2/N1)^3.

    Parameters
    ----------
    power : float or numpy.ndarray
        Power at the reference speed [W].
    speed_ratio : float or numpy.ndarray
        N2 / N1 [-].

    Returns
    -------
    power : float or numpy.ndarray
        Power at the new speed [W].

    Examples
    --------
    >>> round(float(affinity_power(17.5, 1700.0 / 3500.0)), 3)  # Crane TP-410 Ex. 7-33, hp
    2.005
    """
    return power * speed_ratio**3


def shaft_power(flow, head, efficiency, density, gravity: float = GRAVITY):
    """Shaft (brake) power of a pump.

    Parameters
    ----------
    flow : float or numpy.ndarray
        Volume flow [m3/s].
    head : float or numpy.ndarray
        Pump head [m].
    efficiency : float or numpy.ndarray
        Pump efficiency [-].
    density : float or numpy.ndarray
        Fluid density [kg/m3].
    gravity : float
        Acceleration of gravity [m/s2].

    Returns
    -------
    power : float or numpy.ndarray
        P = rho g Q H / eta [W].

    Notes
    -----
    Crane TP-410 p. 2-15 (brake horsepower = Q H SG / (3960 eta) in US units).

    Examples
    --------
    >>> round(shaft_power(0.01, 30.0, 0.75, 998.0))
    3915
    """
    return density * gravity * flow * head / efficiency


def electric_power(shaft, motor_efficiency=1.0, drive_efficiency=1.0):
    """Electrical input power of a motor (and variable-speed drive) driving a pump.

    Parameters
    ----------
    shaft : float or numpy.ndarray
        Shaft power [W].
    motor_efficiency : float or numpy.ndarray
        Motor efficiency [-].
    drive_efficiency : float or numpy.ndarray
        Variable-frequency drive efficiency [-] (1 without a drive).

    Returns
    -------
    power : float or numpy.ndarray
        P_e = P_shaft / (eta_motor eta_drive) [W].

    Notes
    -----
    Crane TP-410 Example 7-34 (pump power and operating cost).

    Examples
    --------
    >>> round(float(electric_power(10e3, 0.95, 0.96)))
    10965
    """
    return shaft / (motor_efficiency * drive_efficiency)


def npsh_available(surface_pressure, vapour_pressure, static_height, suction_loss, density,
                   gravity: float = GRAVITY):
    """Net positive suction head available at a pump inlet.

    Parameters
    ----------
    surface_pressure : float
        Absolute pressure on the liquid surface of the suction vessel [Pa].
    vapour_pressure : float
        Vapour pressure of the liquid at pumping temperature [Pa].
    static_height : float
        Height of the liquid surface above the pump inlet (negative for a suction lift) [m].
    suction_loss : float
        Friction head loss of the suction line [m].
    density : float
        Liquid density [kg/m3].
    gravity : float
        Acceleration of gravity [m/s2].

    Returns
    -------
    npsh : float
        NPSHa = (p_s - p_v)/(rho g) + z - h_L [m].

    Notes
    -----
    Crane TP-410 p. 2-16 and Example 7-32 (NPSH available).

    Examples
    --------
    >>> round(float(npsh_available(101325.0, 3170.0, -1.0, 0.5, 997.0)), 2)
    8.54
    """
    return (surface_pressure - vapour_pressure) / (density * gravity) + static_height - suction_loss
