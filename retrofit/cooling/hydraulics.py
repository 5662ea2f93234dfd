"""Steady flows and heads in looped coolant networks by the global gradient algorithm.

:func:`solve_network` solves a :class:`~retrofit.cooling.hydraulic_network.HydraulicNetwork` (nodes and
links of five kinds: pipes, components, fixed resistances, valves and pumps; see
:mod:`retrofit.cooling.hydraulic_network`) for its link flows and node heads, and returns a
:class:`~retrofit.cooling.hydraulic_result.HydraulicResult`.

The solver is the global gradient algorithm of Todini & Pilati (1988), the method of EPANET: each
iteration linearises every link, h(Q) ~ h(Q_k) + g_k (Q - Q_k) with g = dh/dQ (the head losses and
gradients of :class:`~retrofit.cooling.link_head_loss.LinkHeadLoss`), eliminates the flows, solves the
sparse symmetric system A21 G^-1 A12 H = F for the heads (SuperLU) and updates the flows from the
heads. All link work is vectorised; one iteration costs a sparse factorisation.

The network records, their builder and the result records, defined in the modules above, are importable
from here as well (see ``__all__``).
"""
from __future__ import annotations

import time

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.sparse.linalg import spsolve

from ..errors import UnknownMethod
from .friction import FRICTION_METHODS, GRAVITY
from .hydraulic_network import LINK_KINDS, HydraulicNetwork, NetworkBuilder
from .hydraulic_result import HydraulicResult, PumpOperatingPoint, failed_result, solved_result
from .link_head_loss import LinkHeadLoss

# Wall-clock bound of one network solve [s]: the campus's largest loop solves in well under a second, so
# a solve still iterating after this is not converging; it ends with a diagnosis instead of running on.
DEFAULT_TIME_LIMIT = 30.0

_FLOW_FLOOR = 1.0e-6  # per-link floor of the flow scale in the relative flow change [m3/s]
_LEAK_LIMIT = 1.0e-7  # flow through a closed link that means the demands cannot be met [m3/s]
_MAX_STATUS_CHANGES = 6
_STALLED_ITERATIONS = 3  # iterations without halving the flow change after which round-off is taken to bound it


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
            return failed_result(network, problem)
        known = _incidence(net, fixed)
        if len(_TOPOLOGIES) >= _TOPOLOGIES_KEPT:
            _TOPOLOGIES.clear()
        _TOPOLOGIES[topology] = known
    free, a_free_t, matrix_of = known
    model = LinkHeadLoss(net, density, viscosity, friction_method, gravity, head_tolerance)
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
                return failed_result(net, "the network matrix is singular (a node with no open path to a fixed head?)",
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
    return solved_result(net, model.closed_by_user, flow, head, difference, density, gravity, check_closed, converged,
                         iteration, residual, "; ".join(diagnosis))


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


__all__ = ["FRICTION_METHODS", "HydraulicNetwork", "HydraulicResult", "LINK_KINDS", "NetworkBuilder",
           "PumpOperatingPoint", "solve_network"]
