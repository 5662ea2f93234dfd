"""Steady flows and heads in looped coolant networks by the global gradient algorithm.

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
gets one at its expansion tank.

The solver is the global gradient algorithm of Todini & Pilati (1988), the method of EPANET: each
iteration linearises every link, h(Q) ~ h(Q_k) + g_k (Q - Q_k) with g = dh/dQ, eliminates the flows,
solves the sparse symmetric system A21 G^-1 A12 H = F for the heads (SuperLU) and updates the flows
from the heads. All link work is vectorised; one iteration costs a sparse factorisation.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.sparse.linalg import spsolve

from ..errors import TopologyError, UnknownMethod
from .friction import FRICTION_METHODS, GRAVITY, LAMINAR_LIMIT, friction_factor_with_slope
from .pumps import PumpCurve, operating_region

# Wall-clock bound of one network solve [s]: the campus's largest loop solves in well under a second, so
# a solve still iterating after this is not converging; it ends with a diagnosis instead of running on.
DEFAULT_TIME_LIMIT = 30.0

LINK_KINDS = ("pipe", "component", "resistance", "valve", "pump")
PIPE, COMPONENT, RESISTANCE, VALVE, PUMP = range(5)

_CLOSED_GRADIENT = 1.0e10  # head loss per flow of a closed link [s/m2]
_MINIMUM_GRADIENT = 1.0e-9  # floor of dh/dQ [s/m2]
_SMOOTHING_FLOW = 1.0e-8  # least q_s of Q|Q| evaluated as Q sqrt(Q^2 + q_s^2) [m3/s]; see solve_network Notes
_SMOOTHING_SHARE = 1e-3  # largest change of a link's head loss by the smoothing, as a share of the head tolerance
_FLOW_FLOOR = 1.0e-6  # per-link floor of the flow scale in the relative flow change [m3/s]
_LEAK_LIMIT = 1.0e-7  # flow through a closed link that means the demands cannot be met [m3/s]
_MAX_STATUS_CHANGES = 6
_LINK_NUMBERS = ("length", "diameter", "roughness", "minor_loss", "resistance", "dp_linear", "dp_quadratic")
_STALLED_ITERATIONS = 3  # iterations without halving the flow change after which round-off is taken to bound it


def _frozen(values, dtype) -> np.ndarray:
    array = np.array(values, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class HydraulicNetwork:
    """Data of a hydraulic network as arrays (SI units), the input of :func:`solve_network`.

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
    """Solution of :func:`solve_network`.

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


class _LinkModel:
    """Vectorised head loss h(Q) and gradient dh/dQ of every link (SI floats)."""

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


def _fail(net, diagnosis, iterations=0, residual=float("nan")) -> HydraulicResult:
    n, m = net.node_count, net.link_count
    nan_n, nan_m = np.full(n, np.nan), np.full(m, np.nan)
    return HydraulicResult(net.node_ids, net.link_ids, nan_m, nan_n, nan_n.copy(), nan_m.copy(), nan_m.copy(),
                           (), False, iterations, residual, diagnosis)


def _connectivity_problem(net: HydraulicNetwork) -> str:
    n = net.node_count
    graph = sparse.coo_matrix((np.ones(net.link_count), (net.start_node, net.end_node)), shape=(n, n))
    count, labels = csgraph.connected_components(graph, directed=False)
    fixed = ~np.isnan(net.fixed_head)
    anchored = np.zeros(count, dtype=bool)
    anchored[labels[fixed]] = True
    loose = np.flatnonzero(~anchored[labels])
    if loose.size == 0:
        return ""
    names = ", ".join(repr(net.node_ids[i]) for i in loose[:5]) + (" ..." if loose.size > 5 else "")
    if not fixed.any():
        return (f"the network has no fixed-head node: add an expansion tank, pressuriser or reservoir "
                f"(a closed loop needs one to set its pressure level); {n} nodes unanchored")
    return (f"{loose.size} node(s) are not connected to any fixed-head node: {names}; connect them or give "
            "their part of the network an expansion tank")


def solve_network(network: HydraulicNetwork, density: float, viscosity, *, friction_method: str = "colebrook",
                  gravity: float = GRAVITY, max_iterations: int = 100, head_tolerance: float = 1e-7,
                  flow_tolerance: float = 1e-9, initial_flows=None,
                  time_limit: float = DEFAULT_TIME_LIMIT) -> HydraulicResult:
    """Solve a coolant network for its link flows and node heads.

    Parameters
    ----------
    network : HydraulicNetwork
        The network.
    density : float
        Fluid density [kg/m3].
    viscosity : float or numpy.ndarray
        Dynamic viscosity [Pa*s], one value or one per link.
    friction_method : str
        Turbulent friction-factor correlation for pipes: ``"colebrook"`` or ``"swamee_jain"``.
    gravity : float
        Acceleration of gravity [m/s2].
    max_iterations : int
        Iteration limit.
    head_tolerance : float
        Largest head-balance error of any link at convergence [m].
    flow_tolerance : float
        Largest relative flow change sum|dQ| / max(sum|Q|, m * 1e-6 m3/s) at convergence [-] (the floor
        keeps networks with no flow, e.g. behind a pump that cannot lift, from chasing round-off). Where
        round-off keeps it above the tolerance (links at zero flow, whose large 1/g amplifies the
        rounding of the heads), the solve also ends once the change has not halved in three iterations
        while no head moves by more than ``head_tolerance`` and the head balance holds.
    initial_flows : numpy.ndarray or None
        Starting flows [m3/s] (e.g. a previous solution); by default 0.3 m/s in pipes and valves, the
        BEP flow in pumps and the flow of 1 m of head in other links.
    time_limit : float
        Wall-clock limit of the iterations [s]; reaching it ends the solve unconverged, with a diagnosis.

    Returns
    -------
    result : HydraulicResult
        Flows, heads, pressures, velocities, head losses, pump operating points, convergence data and
        a diagnosis. It does not raise when the network cannot be solved: ``converged`` is False and
        ``diagnosis`` says what failed, where and by how much.

    Raises
    ------
    UnknownMethod
        ``friction_method`` is not in :data:`~retrofit.cooling.friction.FRICTION_METHODS`.

    Notes
    -----
    Global gradient algorithm (Todini & Pilati 1988, eqs. 18-19; EPANET 2.2 Users Manual, Appendix
    D): with p = 1/g and y = p h per link, the free-node heads solve
    A_u^T P A_u H_u = -d_u - A_u^T (Q - y) - A_u^T P A_f H_f, and Q <- Q - y + P A H. Pumps with a
    check valve close when their flow turns negative and reopen when their shut-off head exceeds the
    head across them. Closed links carry h = 1e10 Q. Quadratic terms c Q|Q| are evaluated as
    c Q sqrt(Q^2 + q_s^2), which keeps dh/dQ > 0 at zero flow. Without it, a link whose flow vanishes
    at the solution (a bridge of a balanced network, an idle branch, the far end of a starved main)
    has a root where dh/dQ = 0, where Newton's method only halves its flow at each iteration (zero
    flows in the global gradient algorithm and their regularisation: Elhay & Simpson 2011). q_s is set per link so that c q_s^2 / 2, the largest change of its head loss, is a
    thousandth of ``head_tolerance`` (1e-10 m by default), and at least 1e-8 m3/s (the floor for a
    30 kPa rack at 72 L/min, 1e-7 m3/s for a 60 kPa CDU at 18 L/s); a link whose flow falls below its
    q_s then converges quadratically, and no head loss moves by more than the tolerance allows. A
    closed link that must still carry flow (demand behind a closed valve, a pump forced to run
    backwards against its check valve) makes the result fail with a diagnosis.

    References
    ----------
    Todini, E., Pilati, S. (1988). A gradient algorithm for the analysis of pipe networks. In Computer
    Applications in Water Supply, Vol. 1, 1-20. Research Studies Press.
    Rossman, L. A. et al. (2020). EPANET 2.2 User Manual, EPA/600/R-20/133, Appendix D.
    Elhay, S., Simpson, A. R. (2011). Dealing with zero flows in solving the nonlinear equations for
    water distribution systems. Journal of Hydraulic Engineering 137(10), 1216-1224.
    """
    if friction_method not in FRICTION_METHODS:
        raise UnknownMethod(f"unknown friction factor method {friction_method!r}; valid methods: "
                            f"{', '.join(sorted(FRICTION_METHODS))}")
    net, m = network, network.link_count
    fixed = ~np.isnan(net.fixed_head)
    topology = (net.node_count, net.start_node.dtype.str, net.start_node.tobytes(), net.end_node.dtype.str,
                net.end_node.tobytes(), fixed.tobytes())
    known = _TOPOLOGIES.get(topology)
    if known is None:
        problem = _connectivity_problem(network)
        if problem:
            return _fail(network, problem)
        known = _incidence(net, fixed)
        if len(_TOPOLOGIES) >= _TOPOLOGIES_KEPT:
            _TOPOLOGIES.clear()
        _TOPOLOGIES[topology] = known
    free, a_free_t, matrix_of = known
    model = _LinkModel(net, density, viscosity, friction_method, gravity, head_tolerance)
    # constant part of the head difference across links from fixed-head nodes
    fixed_head = np.where(fixed, net.fixed_head, 0.0)
    fixed_difference = fixed_head[net.start_node] - fixed_head[net.end_node]

    closed = model.closed_by_user.copy()
    check_closed = np.zeros(m, dtype=bool)
    changes = np.zeros(m, dtype=int)
    checked = net.check_valve & ~model.closed_by_user[net.pump_link]
    check_pumps, shutoff = net.pump_link[checked], model.pump_h0[checked]
    q = model.initial_flows() if initial_flows is None else np.array(initial_flows, dtype=float)
    h, g = model.evaluate(q, closed | check_closed)
    head = np.where(fixed, net.fixed_head, 0.0)
    demand = net.demand[free]
    converged, residual, iteration, damping, previous_change = False, np.inf, 0, 1.0, np.inf
    smallest_change, stalled_for, head_step = np.inf, 0, np.inf
    deadline, timed_out = time.perf_counter() + time_limit, False
    for iteration in range(1, max_iterations + 1):
        if iteration > 1 and time.perf_counter() > deadline:
            timed_out = True
            break
        p = 1.0 / g
        y = p * h
        rhs = -demand - a_free_t @ (q - y) - a_free_t @ (p * fixed_difference)
        if free.size:
            with np.errstate(all="ignore"):
                solution = spsolve(matrix_of(p), rhs)
            if not np.all(np.isfinite(solution)):
                return _fail(net, "the network matrix is singular (a node with no open path to a fixed head?)",
                             iteration)
            head_step = float(np.max(np.abs(solution - head[free])))
            head[free] = solution
        difference = head[net.start_node] - head[net.end_node]
        q_new = q - y + p * difference
        step = q_new - q
        change = np.sum(np.abs(step)) / max(np.sum(np.abs(q_new)), _FLOW_FLOOR * m)
        if iteration > 10 and change > max(previous_change, 1e-4):
            damping = 0.6  # oscillating far from the solution: relax the flow update (EPANET's DAMPLIMIT idea)
        q = q + damping * step
        previous_change = change
        # check valves: close a pump whose flow reverses, reopen one whose shut-off head exceeds the lift
        status_changed = False
        if check_pumps.size:
            rise = -difference[check_pumps]
            close = ~check_closed[check_pumps] & (q[check_pumps] < 0) & (changes[check_pumps] < _MAX_STATUS_CHANGES)
            reopen = check_closed[check_pumps] & (shutoff > rise) & (changes[check_pumps] < _MAX_STATUS_CHANGES)
            flip = check_pumps[close | reopen]
            if flip.size:
                check_closed[flip] = ~check_closed[flip]
                changes[flip] += 1
                q[flip] = np.where(check_closed[flip], 0.0, np.maximum(q[flip], 1e-6))
                status_changed = True
        h, g = model.evaluate(q, closed | check_closed)
        residual = float(np.max(np.abs(h - difference))) if m else 0.0
        if change < 0.5 * smallest_change:
            smallest_change, stalled_for = change, 0
        else:
            stalled_for += 1
        settled = stalled_for >= _STALLED_ITERATIONS and head_step <= head_tolerance
        if not status_changed and residual <= head_tolerance and (change <= flow_tolerance or settled):
            converged = True
            break
    shut = closed | check_closed
    diagnosis = []
    if not converged:
        k = int(np.argmax(np.abs(h - difference)))
        limit = (f"within the time limit of {time_limit:g} s ({iteration - 1} iterations)" if timed_out
                 else f"in {max_iterations} iterations")
        diagnosis.append(f"did not converge {limit}: largest head-balance error "
                         f"{residual:.3g} m on link {net.link_ids[k]!r} ({LINK_KINDS[net.kind[k]]}); "
                         f"relative flow change {change:.3g}")
    forced = np.flatnonzero(shut & (np.abs(q) > _LEAK_LIMIT))
    if forced.size:
        converged = False
        k = int(forced[np.argmax(np.abs(q[forced]))])
        what = "pump held shut by its check valve" if check_closed[k] else f"closed {LINK_KINDS[net.kind[k]]}"
        text = (f"the demands cannot be met: link {net.link_ids[k]!r} ({what}) would have to carry "
                f"{q[k]:.4g} m3/s")
        if check_closed[k]:
            text += _pump_shortfall(net, k, density, viscosity, friction_method, gravity)
        diagnosis.append(text)
    for j, link in enumerate(net.pump_link):
        if check_closed[link] and not forced.size:
            rise = -difference[link]
            diagnosis.append(f"pump {net.link_ids[link]!r} delivers no flow: its shut-off head "
                             f"{model.pump_h0[j]:.2f} m is {rise - model.pump_h0[j]:.2f} m below the head across it "
                             f"({rise:.2f} m)")
    flow = np.where(shut, 0.0, q)
    return _result(net, model, flow, head, difference, density, gravity, check_closed, converged, iteration,
                   residual, "; ".join(diagnosis))


_TOPOLOGIES: dict = {}
"""(node count, start and end node of each link, fixed-head nodes) -> :func:`_incidence` of a network found
connected: the contingency studies solve the same few dozen topologies hundreds of times, with other
coefficients (a Panther Creek plan: 979 solves, 23 topologies)."""
_TOPOLOGIES_KEPT = 256


def _incidence(net: HydraulicNetwork, fixed: np.ndarray) -> tuple:
    """(free nodes, A_u^T, the assembler of A_u^T diag(p) A_u) of a network's topology (read only, shared by
    the solves of every network with that topology)."""
    m = net.link_count
    free = np.flatnonzero(~fixed)
    position = np.full(net.node_count, -1)
    position[free] = np.arange(free.size)
    start_free, end_free = position[net.start_node], position[net.end_node]
    # incidence matrix restricted to the free nodes: +1 at a link's start, -1 at its end
    links = np.arange(m)
    at_start, at_end = start_free >= 0, end_free >= 0
    values = np.r_[np.ones(np.count_nonzero(at_start)), -np.ones(np.count_nonzero(at_end))]
    rows = np.r_[links[at_start], links[at_end]]
    columns = np.r_[start_free[at_start], end_free[at_end]]
    a_free_t = sparse.csr_matrix((values, (columns, rows)), shape=(free.size, m))
    return free, a_free_t, _laplacian_assembler(start_free, end_free, free.size)


def _laplacian_assembler(start_free, end_free, size):
    """A function p -> A_u^T diag(p) A_u (CSC) reusing one sparsity pattern."""
    links = np.arange(start_free.size)
    both = (start_free >= 0) & (end_free >= 0)
    rows = np.r_[start_free[start_free >= 0], end_free[end_free >= 0], start_free[both], end_free[both]]
    cols = np.r_[start_free[start_free >= 0], end_free[end_free >= 0], end_free[both], start_free[both]]
    owner = np.r_[links[start_free >= 0], links[end_free >= 0], links[both], links[both]]
    sign = np.r_[np.ones(np.count_nonzero(start_free >= 0) + np.count_nonzero(end_free >= 0)),
                 -np.ones(2 * np.count_nonzero(both))]
    keys, entry = np.unique(cols.astype(np.int64) * max(size, 1) + rows, return_inverse=True)
    indices = (keys % max(size, 1)).astype(np.int32)
    indptr = np.searchsorted(keys // max(size, 1), np.arange(size + 1)).astype(np.int32)
    gather = sparse.csr_matrix((sign, (entry, owner)), shape=(keys.size, start_free.size))

    def assemble(p):
        return sparse.csc_matrix((gather @ p, indices, indptr), shape=(size, size))

    return assemble


def _pump_shortfall(net, link, density, viscosity, friction_method, gravity) -> str:
    """Head the pump would need: solve again with its check valve removed and compare."""
    j = int(np.flatnonzero(net.pump_link == link)[0])
    check = net.check_valve.copy()
    check[j] = False
    relaxed = HydraulicNetwork(**{**{f: getattr(net, f) for f in net.__dataclass_fields__}, "check_valve": check})
    trial = solve_network(relaxed, density, viscosity, friction_method=friction_method, gravity=gravity)
    if not np.all(np.isfinite(trial.head)):
        return ""
    rise = -trial.head_loss[link]
    shutoff = net.pump_curves[j].shutoff_head * net.speed_ratio[j] ** 2
    return (f"; its shut-off head {shutoff:.2f} m is below the {rise:.2f} m it must hold "
            f"(short by {rise - shutoff:.2f} m)")


def _result(net, model, flow, head, difference, density, gravity, check_closed, converged, iterations,
            residual, diagnosis) -> HydraulicResult:
    with np.errstate(invalid="ignore"):
        area = np.pi * net.diameter**2 / 4.0
        velocity = np.where(np.isin(net.kind, (PIPE, VALVE)), flow / area, np.nan)
    pressure = density * gravity * (head - net.elevation)
    pumps = []
    for j, link in enumerate(net.pump_link):
        curve: PumpCurve = net.pump_curves[j]
        s, n = float(net.speed_ratio[j]), int(net.parallel_count[j])
        q, rise = float(flow[link]), float(-difference[link])
        status = "closed" if model.closed_by_user[link] else ("closed_by_check_valve" if check_closed[link] else "open")
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


__all__ = ["FRICTION_METHODS", "HydraulicNetwork", "HydraulicResult", "LINK_KINDS", "NetworkBuilder",
           "PumpOperatingPoint", "solve_network"]
