"""The data of a hydraulic network, the input of the solver :func:`~retrofit.cooling.hydraulics.solve_network`.

A network is nodes (junctions with an elevation and a demand, and fixed-head nodes: an expansion
tank, pressuriser or reservoir) joined by links of five kinds:

========== ============================================================ =====================
kind       head loss h(Q) from start to end node [m]                     data
========== ============================================================ =====================
pipe       f(Re) L/D V|V|/2g + sum(K) V|V|/2g  (Darcy-Weisbach)           L, D, epsilon, sum K
component  (r1 Q + r2 Q|Q|) / (rho g)  (a CDU, cold plate, heat exchanger) rated dp at rated flow
resistance K Q|Q|  (fixed K, as in Hardy Cross problems)                  K [s2/m5]
valve      K V|V|/2g, or closed                                           D, K
pump       -(s^2 H0 - a s Q/n - b (Q/n)|Q/n|), closed by its check valve  curve, s, n
========== ============================================================ =====================

Every connected part of the network needs a fixed-head node; a closed loop (the TCS behind a CDU)
gets one at its expansion tank. :class:`HydraulicNetwork` holds the nodes and links as read-only
arrays (SI units) and checks them when made; :class:`NetworkBuilder` collects them one by one.
The head loss of each kind is evaluated in :mod:`retrofit.cooling.link_head_loss`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..errors import TopologyError
from .pumps import PumpCurve

LINK_KINDS = ("pipe", "component", "resistance", "valve", "pump")
PIPE, COMPONENT, RESISTANCE, VALVE, PUMP = range(5)
_LINK_NUMBERS = ("length", "diameter", "roughness", "minor_loss", "resistance", "dp_linear", "dp_quadratic")


def _frozen(values, dtype) -> np.ndarray:
    array = np.array(values, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class HydraulicNetwork:
    """Data of a hydraulic network as arrays (SI units), the input of
    :func:`~retrofit.cooling.hydraulics.solve_network`.

    Parameters
    ----------
    node_ids : tuple of str
        Node names.
    elevation : numpy.ndarray
        Node elevation [m].
    demand : numpy.ndarray
        Flow leaving the network at each node [m3/s] (negative for an inflow).
    fixed_head : numpy.ndarray
        Head held at fixed-head nodes [m]; NaN at junctions.
    link_ids : tuple of str
        Link names.
    kind : numpy.ndarray
        Link kind codes, indices into :data:`LINK_KINDS`.
    start_node, end_node : numpy.ndarray
        Node indices of each link; positive flow runs from start to end.
    length : numpy.ndarray
        Pipe length [m] (NaN for other kinds).
    diameter : numpy.ndarray
        Inner diameter of pipes and valves [m] (NaN for other kinds).
    roughness : numpy.ndarray
        Absolute pipe roughness [m].
    minor_loss : numpy.ndarray
        Sum of fitting loss coefficients of a pipe, or the K of a valve [-].
    resistance : numpy.ndarray
        K of fixed-resistance links [s2/m5].
    dp_linear : numpy.ndarray
        r1 of components [Pa*s/m3].
    dp_quadratic : numpy.ndarray
        r2 of components [Pa*s2/m6].
    is_open : numpy.ndarray
        False for a closed valve, pipe or stopped pump.
    pump_link : numpy.ndarray
        Link index of each pump.
    pump_curves : tuple of PumpCurve
        Curve of one pump at rated speed, per pump.
    speed_ratio : numpy.ndarray
        N / N_rated per pump [-].
    parallel_count : numpy.ndarray
        Identical pumps running in parallel, per pump [-].
    check_valve : numpy.ndarray
        Whether each pump has a check valve (no reverse flow).
    motor_efficiency, drive_efficiency : numpy.ndarray
        Per pump [-]; used for the electric power only.
    """

    node_ids: tuple
    elevation: np.ndarray
    demand: np.ndarray
    fixed_head: np.ndarray
    link_ids: tuple
    kind: np.ndarray
    start_node: np.ndarray
    end_node: np.ndarray
    length: np.ndarray
    diameter: np.ndarray
    roughness: np.ndarray
    minor_loss: np.ndarray
    resistance: np.ndarray
    dp_linear: np.ndarray
    dp_quadratic: np.ndarray
    is_open: np.ndarray
    pump_link: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    pump_curves: tuple = ()
    speed_ratio: np.ndarray = field(default_factory=lambda: np.zeros(0))
    parallel_count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    check_valve: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    motor_efficiency: np.ndarray = field(default_factory=lambda: np.zeros(0))
    drive_efficiency: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self):
        n, m, p = len(self.node_ids), len(self.link_ids), len(self.pump_curves)
        for name in ("node_ids", "link_ids", "pump_curves"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for names, dtype, size in ((("elevation", "demand", "fixed_head"), float, n),
                                   (("kind",), np.int8, m), (("start_node", "end_node"), np.int64, m),
                                   (("length", "diameter", "roughness", "minor_loss", "resistance", "dp_linear",
                                     "dp_quadratic"), float, m), (("is_open",), bool, m),
                                   (("pump_link", "parallel_count"), np.int64, p), (("check_valve",), bool, p),
                                   (("speed_ratio", "motor_efficiency", "drive_efficiency"), float, p)):
            for name in names:
                array = _frozen(getattr(self, name), dtype)
                if array.shape != (size,):
                    raise TopologyError(f"network array {name!r} has shape {array.shape}, expected ({size},)")
                object.__setattr__(self, name, array)
        _check_unique(self.node_ids, "node")
        _check_unique(self.link_ids, "link")
        ends = np.concatenate([self.start_node, self.end_node])
        if m and (ends.min() < 0 or ends.max() >= n):
            raise TopologyError("a link refers to a node index outside the node list")
        loops = np.flatnonzero(self.start_node == self.end_node)
        if loops.size:
            raise TopologyError(f"link {self.link_ids[loops[0]]!r} starts and ends at the same node")
        if np.any(self.kind[self.pump_link] != PUMP) or np.count_nonzero(self.kind == PUMP) != p:
            raise TopologyError("every pump link needs exactly one pump curve")
        pipe_like = np.isin(self.kind, (PIPE, VALVE))
        bad = pipe_like & ~(self.diameter > 0)
        bad |= (self.kind == PIPE) & ~((self.length > 0) & (self.roughness >= 0) & (self.minor_loss >= 0))
        bad |= (self.kind == VALVE) & ~(self.minor_loss >= 0)
        bad |= (self.kind == RESISTANCE) & ~(self.resistance > 0)
        bad |= (self.kind == COMPONENT) & ~((self.dp_linear >= 0) & (self.dp_quadratic >= 0)
                                            & (self.dp_linear + self.dp_quadratic > 0))
        if np.any(bad):
            k = int(np.flatnonzero(bad)[0])
            raise TopologyError(f"link {self.link_ids[k]!r} ({LINK_KINDS[self.kind[k]]}) has a missing, zero or "
                                "negative size or resistance")
        if np.any(~(self.speed_ratio >= 0)) or np.any(self.parallel_count < 0):
            raise TopologyError("pump speed ratios and parallel counts must be >= 0")

    @property
    def node_count(self) -> int:
        """Number of nodes."""
        return len(self.node_ids)

    @property
    def link_count(self) -> int:
        """Number of links."""
        return len(self.link_ids)


def _check_unique(ids, what):
    if len(set(ids)) != len(ids):
        duplicate = next(i for i, count in Counter(ids).items() if count > 1)
        raise TopologyError(f"duplicate {what} id {duplicate!r}")


class NetworkBuilder:
    """Collects nodes and links one by one and builds a :class:`HydraulicNetwork`.

    Examples
    --------
    >>> from retrofit.cooling.hydraulics import solve_network
    >>> b = NetworkBuilder()
    >>> b.add_fixed_head("tank", head=10.0)
    >>> b.add_junction("j1", demand=0.01)
    >>> b.add_pipe("p1", "tank", "j1", length=100.0, diameter=0.1, roughness=4.5e-5)
    >>> result = solve_network(b.build(), density=998.2, viscosity=1.0e-3)
    >>> round(result.link_flow("p1"), 4)
    0.01
    """

    def __init__(self):
        self._nodes: dict[str, tuple[float, float, float]] = {}
        self._links: list[tuple] = []  #: (id, start, end, kind, is_open, *_LINK_NUMBERS)
        self._pumps: list[tuple] = []

    def _add_node(self, node_id, elevation, demand, head):
        if node_id in self._nodes:
            raise TopologyError(f"duplicate node id {node_id!r}")
        self._nodes[node_id] = (float(elevation), float(demand), float(head))

    def add_junction(self, node_id: str, elevation: float = 0.0, demand: float = 0.0) -> None:
        """Add a junction.

        Parameters
        ----------
        node_id : str
            Unique node name.
        elevation : float
            Elevation [m].
        demand : float
            Flow leaving the network at the node [m3/s]; negative for an inflow.
        """
        self._add_node(node_id, elevation, demand, np.nan)

    def add_fixed_head(self, node_id: str, head: float, elevation: float | None = None) -> None:
        """Add a fixed-head node: an expansion tank, pressuriser or reservoir.

        Parameters
        ----------
        node_id : str
            Unique node name.
        head : float
            Head held at the node [m]; a tank at elevation z held at gauge pressure p has z + p/(rho g).
        elevation : float or None
            Elevation [m], for the reported pressure; ``head`` (zero pressure) when None.
        """
        self._add_node(node_id, head if elevation is None else elevation, 0.0, head)

    def _add_link(self, link_id, start, end, kind, *, is_open=True, length=np.nan, diameter=np.nan,
                  roughness=np.nan, minor_loss=np.nan, resistance=np.nan, dp_linear=np.nan, dp_quadratic=np.nan):
        self._links.append((link_id, start, end, kind, is_open, length, diameter, roughness, minor_loss, resistance,
                            dp_linear, dp_quadratic))

    def add_pipe(self, link_id: str, start: str, end: str, length: float, diameter: float, roughness: float,
                 minor_loss: float = 0.0, is_open: bool = True) -> None:
        """Add a pipe (Darcy-Weisbach with the solve's friction factor, plus fitting losses).

        Parameters
        ----------
        link_id, start, end : str
            Link name and its start and end nodes (positive flow from start to end).
        length : float
            Length [m].
        diameter : float
            Inner diameter [m].
        roughness : float
            Absolute roughness [m] (commercial steel 4.5e-5).
        minor_loss : float
            Sum of the fitting loss coefficients K [-] (see :mod:`retrofit.cooling.fittings`).
        is_open : bool
            False for a closed (isolated) pipe.
        """
        self._add_link(link_id, start, end, PIPE, length=length, diameter=diameter, roughness=roughness,
                       minor_loss=minor_loss, is_open=is_open)

    def add_component(self, link_id: str, start: str, end: str, dp_rated: float, flow_rated: float,
                      linear_fraction: float = 0.0) -> None:
        """Add a component (CDU, cold plates, heat exchanger) with dp = r1 Q + r2 Q|Q|.

        Parameters
        ----------
        link_id, start, end : str
            Link name and its start and end nodes.
        dp_rated : float
            Pressure drop at the rated flow [Pa].
        flow_rated : float
            Rated flow [m3/s].
        linear_fraction : float
            Part of ``dp_rated`` that is linear in flow (laminar passages) [-]:
            r1 = lf dp/Q, r2 = (1 - lf) dp/Q^2.
        """
        if not (dp_rated > 0 and flow_rated > 0 and 0.0 <= linear_fraction <= 1.0):
            raise TopologyError(f"component {link_id!r} needs dp_rated > 0, flow_rated > 0, 0 <= linear_fraction <= 1")
        self._add_link(link_id, start, end, COMPONENT, dp_linear=linear_fraction * dp_rated / flow_rated,
                       dp_quadratic=(1.0 - linear_fraction) * dp_rated / flow_rated**2)

    def add_resistance(self, link_id: str, start: str, end: str, resistance: float) -> None:
        """Add a fixed-resistance link, h = K Q|Q|.

        Parameters
        ----------
        link_id, start, end : str
            Link name and its start and end nodes.
        resistance : float
            K [s2/m5].
        """
        self._add_link(link_id, start, end, RESISTANCE, resistance=resistance)

    def add_valve(self, link_id: str, start: str, end: str, diameter: float, loss_coefficient: float,
                  is_open: bool = True) -> None:
        """Add a valve, h = K V|V| / 2g, or closed.

        Parameters
        ----------
        link_id, start, end : str
            Link name and its start and end nodes.
        diameter : float
            Inner diameter [m].
        loss_coefficient : float
            K at the valve's setting [-].
        is_open : bool
            False for a closed valve.
        """
        self._add_link(link_id, start, end, VALVE, diameter=diameter, minor_loss=loss_coefficient, is_open=is_open)

    def add_pump(self, link_id: str, start: str, end: str, curve: PumpCurve, speed_ratio: float = 1.0,
                 parallel_count: int = 1, check_valve: bool = True, motor_efficiency: float = 1.0,
                 drive_efficiency: float = 1.0, is_open: bool = True) -> None:
        """Add a group of identical pumps in parallel.

        Parameters
        ----------
        link_id, start, end : str
            Link name, suction node and discharge node.
        curve : PumpCurve
            Curve of one pump at rated speed.
        speed_ratio : float
            N / N_rated [-]; 0 stops the group.
        parallel_count : int
            Pumps running [-]; 0 stops the group.
        check_valve : bool
            No reverse flow (the pump closes instead).
        motor_efficiency, drive_efficiency : float
            For the electric power [-]; 1 when not given.
        is_open : bool
            False for a pump switched off and isolated.
        """
        self._add_link(link_id, start, end, PUMP, is_open=is_open)
        self._pumps.append((len(self._links) - 1, curve, speed_ratio, parallel_count, check_valve,
                            motor_efficiency, drive_efficiency))

    def build(self) -> HydraulicNetwork:
        """The network as arrays; raises TopologyError naming unknown nodes or bad values."""
        node_ids = tuple(self._nodes)
        index = {node_id: i for i, node_id in enumerate(node_ids)}
        for link in self._links:
            for end in link[1:3]:
                if end not in index:
                    raise TopologyError(f"link {link[0]!r} refers to unknown node {end!r}")
        node_data = np.array(list(self._nodes.values()), dtype=float).reshape(-1, 3)
        link_ids, starts, ends, kinds, is_open = (zip(*(link[:5] for link in self._links)) if self._links
                                                  else ((),) * 5)
        numbers = np.array([link[5:] for link in self._links], dtype=float).reshape(-1, len(_LINK_NUMBERS))
        pumps = list(zip(*self._pumps)) if self._pumps else [[]] * 7
        return HydraulicNetwork(
            node_ids=node_ids, elevation=node_data[:, 0], demand=node_data[:, 1], fixed_head=node_data[:, 2],
            link_ids=link_ids, kind=kinds, start_node=[index[n] for n in starts], end_node=[index[n] for n in ends],
            **{name: numbers[:, k] for k, name in enumerate(_LINK_NUMBERS)}, is_open=is_open,
            pump_link=pumps[0], pump_curves=tuple(pumps[1]), speed_ratio=pumps[2], parallel_count=pumps[3],
            check_valve=pumps[4], motor_efficiency=pumps[5], drive_efficiency=pumps[6])


__all__ = ["COMPONENT", "HydraulicNetwork", "LINK_KINDS", "NetworkBuilder", "PIPE", "PUMP", "RESISTANCE", "VALVE"]
