"""Head loss h(Q) and its gradient dh/dQ of every link of a hydraulic network, vectorised.

The link kinds and their head-loss laws are those of :mod:`retrofit.cooling.hydraulic_network`; the
solver :func:`~retrofit.cooling.hydraulics.solve_network` linearises them with these gradients at each
iteration.
"""
from __future__ import annotations

import numpy as np

from .friction import LAMINAR_LIMIT, friction_factor_with_slope
from .hydraulic_network import COMPONENT, PIPE, RESISTANCE, VALVE, HydraulicNetwork

_CLOSED_GRADIENT = 1.0e10  # head loss per flow of a closed link [s/m2]
_MINIMUM_GRADIENT = 1.0e-9  # floor of dh/dQ [s/m2]
_SMOOTHING_FLOW = 1.0e-8  # least q_s of Q|Q| evaluated as Q sqrt(Q^2 + q_s^2) [m3/s]; see solve_network Notes
_SMOOTHING_SHARE = 1e-3  # largest change of a link's head loss by the smoothing, as a share of the head tolerance


class LinkHeadLoss:
    """Vectorised head loss h(Q) and gradient dh/dQ of every link of a network (SI floats).

    Parameters
    ----------
    net : HydraulicNetwork
        The network.
    density : float
        Fluid density [kg/m3].
    viscosity : float or numpy.ndarray
        Dynamic viscosity [Pa*s], one value or one per link.
    friction_method : str
        Turbulent friction-factor correlation of the pipes, a key of
        :data:`~retrofit.cooling.friction.FRICTION_METHODS`.
    gravity : float
        Acceleration of gravity [m/s2].
    head_tolerance : float
        Head-balance tolerance of the solve [m]; it sets the smoothing flow of each quadratic term.

    Notes
    -----
    Each quadratic term c Q|Q| is evaluated as c Q sqrt(Q^2 + q_s^2), with q_s such that c q_s^2 / 2 is
    a thousandth of ``head_tolerance`` and at least 1e-8 m3/s (see the Notes of
    :func:`~retrofit.cooling.hydraulics.solve_network`). Closed links carry h = 1e10 Q.
    """

    def __init__(self, net: HydraulicNetwork, density, viscosity, friction_method, gravity, head_tolerance):
        self.net, self.method, m = net, friction_method, net.link_count
        kinematic = np.broadcast_to(np.asarray(viscosity, dtype=float) / density, (m,))
        kind = net.kind
        self.pipes = np.flatnonzero(kind == PIPE)
        d, length = net.diameter[self.pipes], net.length[self.pipes]
        self.friction_coefficient = 8.0 * length / (np.pi**2 * gravity * d**5)
        self.laminar_gradient = 128.0 * kinematic[self.pipes] * length / (np.pi * gravity * d**4)
        self.reynolds_per_flow = 4.0 / (np.pi * d * kinematic[self.pipes])
        self.relative_roughness = net.roughness[self.pipes] / d
        # quadratic coefficient c of h = c Q|Q| for minor losses, valves, resistances, components
        quadratic = np.zeros(m)
        quadratic[self.pipes] = 8.0 * net.minor_loss[self.pipes] / (np.pi**2 * gravity * d**4)
        valves = kind == VALVE
        quadratic[valves] = 8.0 * net.minor_loss[valves] / (np.pi**2 * gravity * net.diameter[valves] ** 4)
        quadratic[kind == RESISTANCE] = net.resistance[kind == RESISTANCE]
        components = kind == COMPONENT
        quadratic[components] = net.dp_quadratic[components] / (density * gravity)
        self.linear = np.where(components, net.dp_linear / (density * gravity), 0.0)
        # pumps: h = -(h0 - a Q - b Q|Q|)
        self.pump_links = net.pump_link
        s, n = net.speed_ratio, np.maximum(net.parallel_count, 1)
        curves = net.pump_curves
        self.pump_h0 = np.array([c.shutoff_head for c in curves]) * s**2
        self.pump_a = np.array([c.linear_coefficient for c in curves]) * s / n
        quadratic[self.pump_links] = np.array([c.quadratic_coefficient for c in curves]) / n**2
        self.quadratic = quadratic
        # smoothing flow of each quadratic term: c q_s^2 / 2 (the largest change of c Q|Q|) is a thousandth of
        # the head tolerance, so that near-zero flows converge quadratically without moving the answer
        with np.errstate(divide="ignore"):
            bounded = np.sqrt(2.0 * _SMOOTHING_SHARE * head_tolerance / quadratic)
        self.smoothing_flow = np.maximum(_SMOOTHING_FLOW, np.where(quadratic > 0, bounded, 0.0))
        stopped = np.zeros(m, dtype=bool)
        stopped[self.pump_links] = (net.speed_ratio == 0) | (net.parallel_count == 0)
        self.closed_by_user = ~net.is_open | stopped

    def evaluate(self, flow, closed):
        """Head loss and its gradient at given flows.

        Parameters
        ----------
        flow : numpy.ndarray
            Flow of each link [m3/s].
        closed : numpy.ndarray
            Whether each link is closed (by the user or by a pump's check valve).

        Returns
        -------
        h : numpy.ndarray
            Head loss from start to end node of each link [m].
        g : numpy.ndarray
            Its gradient dh/dQ [s/m2], at least 1e-9 s/m2.
        """
        q = flow
        smooth = np.sqrt(q * q + self.smoothing_flow**2)
        h = self.linear * q + self.quadratic * q * smooth
        g = self.linear + self.quadratic * (smooth + q * q / smooth)
        p = self.pipes
        if p.size:
            qp = q[p]
            reynolds = np.maximum(self.reynolds_per_flow * np.abs(qp), 1e-300)
            laminar = reynolds <= LAMINAR_LIMIT
            h_pipe = self.laminar_gradient * qp
            g_pipe = self.laminar_gradient.copy()
            t = ~laminar
            if np.any(t):
                f, slope = friction_factor_with_slope(reynolds[t], self.relative_roughness[t], self.method)
                c = self.friction_coefficient[t]
                h_pipe[t] = c * f * qp[t] * np.abs(qp[t])
                g_pipe[t] = c * np.abs(qp[t]) * (2.0 * f + reynolds[t] * slope)
            h[p] += h_pipe
            g[p] += g_pipe
        u = self.pump_links
        if u.size:
            h[u] -= self.pump_h0 - self.pump_a * q[u]
            g[u] += self.pump_a
        h = np.where(closed, _CLOSED_GRADIENT * q, h)
        g = np.where(closed, _CLOSED_GRADIENT, np.maximum(g, _MINIMUM_GRADIENT))
        return h, g

    def initial_flows(self):
        """Starting flows of the solve [m3/s]: 0.3 m/s in pipes and valves, the BEP flow in pumps (the middle
        of the curve without one), the flow of 1 m of head in other links."""
        net, q = self.net, np.empty(self.net.link_count)
        with np.errstate(divide="ignore", invalid="ignore"):
            q[:] = np.sqrt(1.0 / np.where(self.quadratic > 0, self.quadratic, np.inf))  # 1 m of head
            linear_only = (self.quadratic == 0) & (self.linear > 0)
            q[linear_only] = 1.0 / self.linear[linear_only]
            diameter_known = np.isin(net.kind, (PIPE, VALVE))
            q[diameter_known] = 0.3 * np.pi * net.diameter[diameter_known] ** 2 / 4.0  # 0.3 m/s, as EPANET
        for j, link in enumerate(self.pump_links):
            curve, s, n = net.pump_curves[j], net.speed_ratio[j], max(int(net.parallel_count[j]), 1)
            design = curve.bep_flow if curve.bep_flow is not None else 0.5 * (curve.flow_min + curve.flow_max)
            q[link] = max(design * s * n, 1e-6)
        return np.where(np.isfinite(q), q, 1e-3)


__all__ = ["LinkHeadLoss"]
