"""Results of a hydraulic network solve: flows, heads and pressures, and the pump groups' operating points.

:func:`~retrofit.cooling.hydraulics.solve_network` returns a :class:`HydraulicResult`, made here from its
final flows and heads (:func:`solved_result`) or, when it cannot solve the network, with NaN values and a
diagnosis (:func:`failed_result`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .hydraulic_network import PIPE, VALVE, HydraulicNetwork
from .pumps import PumpCurve, operating_region


@dataclass(frozen=True)
class PumpOperatingPoint:
    """Where a pump group runs in the solved network (all pumps of the group together).

    Attributes: ``link_id``; ``flow`` [m3/s]; ``head`` rise [m]; ``shaft_power`` and ``electric_power`` [W];
    ``efficiency`` [-] (NaN without a curve); ``inside_curve_range``; ``bep_percent`` [%];
    ``inside_preferred_region`` (70-120 % of BEP flow); ``status`` ("open", "closed",
    "closed_by_check_valve").
    """

    link_id: str
    flow: float
    head: float
    shaft_power: float
    electric_power: float
    efficiency: float
    inside_curve_range: bool
    bep_percent: float
    inside_preferred_region: bool
    status: str


@dataclass(frozen=True, eq=False)
class HydraulicResult:
    """Solution of :func:`~retrofit.cooling.hydraulics.solve_network`.

    Attributes: ``flow`` per link [m3/s]; ``head`` per node [m]; ``pressure`` gauge per node,
    rho g (H - z) [Pa]; ``velocity`` per link [m/s] (NaN for links without a diameter); ``head_loss``
    per link, H_start - H_end [m] (negative across a running pump); ``pumps``; ``converged``;
    ``iterations``; ``residual``, the largest head-balance error of a link [m]; ``diagnosis``, empty
    when all is well, otherwise what failed, where and by how much (it may also carry notes on a
    converged solution, such as a pump held shut by its check valve).
    """

    node_ids: tuple
    link_ids: tuple
    flow: np.ndarray
    head: np.ndarray
    pressure: np.ndarray
    velocity: np.ndarray
    head_loss: np.ndarray
    pumps: tuple
    converged: bool
    iterations: int
    residual: float
    diagnosis: str = ""

    def link_flow(self, link_id: str) -> float:
        """Flow of a link [m3/s]."""
        return float(self.flow[self.link_ids.index(link_id)])

    def node_head(self, node_id: str) -> float:
        """Head at a node [m]."""
        return float(self.head[self.node_ids.index(node_id)])

    def node_pressure(self, node_id: str) -> float:
        """Gauge pressure at a node [Pa]."""
        return float(self.pressure[self.node_ids.index(node_id)])

    def pump(self, link_id: str) -> PumpOperatingPoint:
        """Operating point of a pump group by its link id."""
        for point in self.pumps:
            if point.link_id == link_id:
                return point
        raise KeyError(link_id)


def failed_result(net: HydraulicNetwork, diagnosis: str, iterations: int = 0,
                  residual: float = float("nan")) -> HydraulicResult:
    """The result of a solve that failed: every flow, head and pressure NaN, no pump points.

    Parameters
    ----------
    net : HydraulicNetwork
        The network.
    diagnosis : str
        What failed, where and by how much.
    iterations : int
        Iterations done before the failure.
    residual : float
        Largest head-balance error of a link [m]; NaN when no iteration ran.

    Returns
    -------
    result : HydraulicResult
        Not converged, with the diagnosis.
    """
    n, m = net.node_count, net.link_count
    nan_n, nan_m = np.full(n, np.nan), np.full(m, np.nan)
    return HydraulicResult(net.node_ids, net.link_ids, nan_m, nan_n, nan_n.copy(), nan_m.copy(), nan_m.copy(),
                           (), False, iterations, residual, diagnosis)


def solved_result(net: HydraulicNetwork, closed_by_user: np.ndarray, flow: np.ndarray, head: np.ndarray,
                  difference: np.ndarray, density: float, gravity: float, check_closed: np.ndarray, converged: bool,
                  iterations: int, residual: float, diagnosis: str) -> HydraulicResult:
    """The result of a solve from its final flows and heads, with each pump group's operating point.

    Parameters
    ----------
    net : HydraulicNetwork
        The network.
    closed_by_user : numpy.ndarray
        Links closed in the network's data (closed valves and pipes, stopped pumps).
    flow : numpy.ndarray
        Flow of each link [m3/s], 0 in closed links.
    head : numpy.ndarray
        Head at each node [m].
    difference : numpy.ndarray
        Head difference from start to end node of each link [m].
    density : float
        Fluid density [kg/m3].
    gravity : float
        Acceleration of gravity [m/s2].
    check_closed : numpy.ndarray
        Links of pumps held shut by their check valve.
    converged : bool
        Whether the solve converged.
    iterations : int
        Iterations done.
    residual : float
        Largest head-balance error of a link [m].
    diagnosis : str
        What failed, or notes on a converged solution; empty when all is well.

    Returns
    -------
    result : HydraulicResult
        Gauge pressure rho g (H - z) at each node, velocity in pipes and valves, and the pump groups'
        operating points: shaft power rho g Q H / eta, electric power through the motor and drive
        efficiencies, and the region of the curve they run in.
    """
    with np.errstate(invalid="ignore"):
        area = np.pi * net.diameter**2 / 4.0
        velocity = np.where(np.isin(net.kind, (PIPE, VALVE)), flow / area, np.nan)
    pressure = density * gravity * (head - net.elevation)
    pumps = []
    for j, link in enumerate(net.pump_link):
        curve: PumpCurve = net.pump_curves[j]
        s, n = float(net.speed_ratio[j]), int(net.parallel_count[j])
        q, rise = float(flow[link]), float(-difference[link])
        status = "closed" if closed_by_user[link] else ("closed_by_check_valve" if check_closed[link] else "open")
        if status == "open":
            efficiency = curve.efficiency(q, s, n)
            shaft = density * gravity * q * rise / efficiency if q != 0 else 0.0
            inside, percent, preferred = operating_region(curve, q, s, n)
        else:
            efficiency, shaft, inside, percent, preferred = float("nan"), 0.0, False, 0.0, False
        electric = shaft / (net.motor_efficiency[j] * net.drive_efficiency[j])
        pumps.append(PumpOperatingPoint(net.link_ids[link], q, rise, float(shaft), float(electric),
                                        float(efficiency), bool(inside), float(percent), bool(preferred), status))
    return HydraulicResult(net.node_ids, net.link_ids, flow, head.copy(), pressure, velocity, difference.copy(),
                           tuple(pumps), bool(converged), int(iterations), float(residual), diagnosis)


__all__ = ["HydraulicResult", "PumpOperatingPoint", "failed_result", "solved_result"]
