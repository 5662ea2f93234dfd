"""N-1: the single outage of each transformer, switchboard, feeder, busway, PDU and UPS.

For each outage: the buses it de-energises (the element and everything only it feeds), the loads that
lose power, the racks left on a single feed, and a load flow of what survives — with each A/B rack's
power moved onto its live feeds — checked against the ratings (branch loading, bus voltage).

Two steps, so that a campus of thousands of outages stays fast:

1. :func:`~retrofit.electrical.outages.plan_outages` works out the consequences of every outage on the design graph at once, from
   the dominator tree of the power graph (:func:`retrofit.topology.unfed_after_outages`).
2. Each outage's load flow is re-solved either by Newton-Raphson on the whole network (the reference,
   :func:`~retrofit.electrical.loadflow.solve_load_flow` warm-started from the intact solution), or —
   when the energised network is radial with one slack bus per island and no PV generator, the normal
   case of a data-hall distribution — by :class:`RadialSweep`, a backward/forward sweep on the
   tree with its buses in depth-first order, warm-started from the intact solution and stopped on the
   same power-mismatch criterion as Newton. Both converge to the same operating point; a sweep that does not converge
   hands the outage to Newton, so the fast path can only be faster, never different.

The sweep re-solves only the feeders an outage changes (:meth:`RadialSweep.solve_feeders`): a feeder is
a subtree hanging off a slack bus, and one whose loads, shunts and branches are unchanged keeps the intact
operating point exactly, since the slack voltage is all it shares with the rest. Outages that change the
same feeders are swept together, one row each (:data:`BATCH` at most); the verdicts combine the
re-solved feeders with the intact extremes of the others (:class:`IntactExtremes`). The cost of an outage
is the size of its feeders, not of the network.

Contingencies are independent, so the batches run in chunks behind a ``concurrent.futures`` executor
(process pools and cluster executors included: everything sent to a worker is plain arrays). The batches
do not depend on the executor or the chunks, so the results are identical for any of them. Where the
platform forks processes, ``processes=`` runs them on forked workers that inherit the prepared context and
batches instead of receiving them (:mod:`~retrofit.electrical.contingency_pool`): a worker gets a range of
batches and returns its verdicts as a few arrays (:func:`verdicts_as_arrays`).
"""
from __future__ import annotations

import itertools
import math
import os
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import networkx as nx
import numpy as np

from ..errors import UnknownMethod
from ..model import Design
from .contingency_pool import forked_map, frozen_heap, pool_processes
from .design_grid import DesignGrid
from .loadflow import LoadFlowResult, solve_load_flow
from .radial_sweep import FeederFlows, OutageFlow, RadialSweep
from .network import (Grid, take_out_of_service)
from .outages import LoadShares, Outage, OutageIndex, outage_index, plan_outages

_SQRT3 = math.sqrt(3.0)
METHODS = ("auto", "radial", "newton")


@dataclass
class ContingencyResult:
    """Outcome of one outage.

    Attributes
    ----------
    element : str
        The element out of service.
    lost_buses, lost_loads : list of str
        Design buses and loads left without a source.
    racks_lost, racks_single_fed : int
        Racks that lose every feed; racks with several feeds left on exactly one.
    converged : bool
        The load flow of what survives converged.
    max_loading_percent, max_loading_element : float, str
        The most loaded branch still in service and its loading [%].
    min_vm_pu, min_vm_bus : float, str
        The lowest energised bus voltage [pu] and its bus.
    violations : list of str
        Loadings and voltages beyond the limits, racks lost, or a failed solve.
    diagnosis : str
        Why the load flow failed (empty when it converged).
    """

    element: str
    lost_buses: list[str]
    lost_loads: list[str]
    racks_lost: int
    racks_single_fed: int
    converged: bool
    max_loading_percent: float = float("nan")
    max_loading_element: str = ""
    min_vm_pu: float = float("nan")
    min_vm_bus: str = ""
    violations: list[str] = field(default_factory=list)
    diagnosis: str = ""

    cooling_ok: bool | None = None  #: the cross-domain verdict once linked (None: not studied)

    @property
    def ok(self) -> bool:
        """Converged, no violation, no rack lost, and the cooling it leaves holds (when studied)."""
        return self.converged and not self.violations and self.racks_lost == 0 and self.cooling_ok is not False

    def as_json(self) -> dict:
        return {
            "lost_buses": self.lost_buses, "lost_loads": self.lost_loads, "racks_lost": self.racks_lost,
            "racks_single_fed": self.racks_single_fed, "converged": self.converged,
            "max_loading_percent": _r(self.max_loading_percent), "max_loading_element": self.max_loading_element,
            "min_vm_pu": _r(self.min_vm_pu, 5), "min_vm_bus": self.min_vm_bus, "violations": self.violations,
            "ok": self.ok, "diagnosis": self.diagnosis,
        }


def link_cross_domain(outages: dict, cross: dict) -> dict:
    """The N-1 results (``as_json`` of each outage) with the cross-domain verdict of the same outage.

    Parameters
    ----------
    outages : dict
        Element id -> :meth:`ContingencyResult.as_json`.
    cross : dict
        Element id -> cross-domain result as JSON (:meth:`retrofit.resilience.CrossDomainResult.to_json`).

    Returns
    -------
    dict
        The same outages, each with ``cooling_lost`` (cooling element -> units de-energised),
        ``cooling_ok`` and ``cooling_consequence`` (a plain sentence); ``ok`` is False when the cooling
        left by the outage breaks a limit, even with no rack losing power, and ``violations`` then ends
        with the cooling limits broken.
    """
    out = {}
    for element, entry in outages.items():
        c = cross.get(element)
        if c is None:
            out[element] = dict(entry)
            continue
        cooling = [b["text"] for b in c["breaches"] if b["quantity"] != "racks without power"]
        violations = list(entry["violations"]) + ([f"cooling after the outage: {'; '.join(cooling)}"] if cooling else [])
        out[element] = {**entry, "violations": violations, "cooling_lost": dict(c["cooling_lost"]),
                        "cooling_ok": not cooling, "cooling_consequence": c["summary"],
                        "ok": bool(entry["ok"] and not cooling)}
    return out


def _r(x: float, digits: int = 3):
    return None if x != x else round(float(x), digits)


def outage_grid(grid: Grid, outage: Outage, p_w: np.ndarray, q_var: np.ndarray) -> Grid:
    """The network of one outage, for a full re-solve or a peer program.

    Parameters
    ----------
    grid : Grid
        The intact network.
    outage : Outage
        The outage (its ``out_lines`` and ``out_transformers`` are taken out of service).
    p_w, q_var : numpy.ndarray
        Power of every load row after the transfer [W], [var].

    Returns
    -------
    case : Grid
        Same buses and element order as ``grid``, so the intact solution is a valid warm start.
    """
    ids = [grid.lines.ids[i] for i in outage.out_lines] + [grid.transformers.ids[i] for i in outage.out_transformers]
    case = take_out_of_service(grid, ids) if ids else grid
    return replace(case, loads=replace(case.loads, p_w=np.asarray(p_w, float), q_var=np.asarray(q_var, float)))


# --- step 2: the load flow of what survives -----------------------------------------------------

def _newton_flow(case: Grid, base_v: np.ndarray) -> OutageFlow:
    lf = solve_load_flow(case, init=base_v)
    return OutageFlow(lf.converged, lf.iterations, lf.max_mismatch_pu, "newton", lf.vm_pu, lf.va_deg,
                      lf.lines.loading_percent, lf.transformers.loading_percent, lf.diagnosis)


@dataclass(frozen=True, eq=False)
class ContingencyContext:
    """What every outage solve shares (plain arrays, picklable for process pools).

    Attributes
    ----------
    grid : Grid
        The intact network.
    base_v : numpy.ndarray
        Its converged complex bus voltages, the warm start of every outage [pu].
    sweep : RadialSweep or None
        The radial solver, when the network is radial and the method allows it.
    shares : callable
        Load rows' power [W], [var] given the rows that lost their bus.
    limits : dict
        ``max_loading_percent``, ``max_transformer_percent`` [%], ``v_min_pu``, ``v_max_pu`` [pu].
    method : str
        ``"auto"``, ``"radial"`` or ``"newton"``.
    intact : IntactExtremes or None
        The intact network's extremes by feeder, with the sweep.
    """

    grid: Grid
    base_v: np.ndarray
    sweep: RadialSweep | None
    shares: LoadShares
    limits: dict
    method: str
    intact: "IntactExtremes | None" = None


def _changes(context: ContingencyContext, outage: Outage) -> tuple:
    """``(out_branches, rows, p_w, q_var)`` of an outage: what :meth:`RadialSweep.solve_feeders` takes."""
    rows, p, q = context.shares.changed(outage.dead_rows)
    n_line = len(context.grid.lines.ids)
    return np.concatenate([outage.out_lines, outage.out_transformers + n_line]), rows, p, q


def _full_flow(context: ContingencyContext, outage: Outage) -> OutageFlow:
    """The outage re-solved by Newton on the whole network (the reference, and the fallback)."""
    p, q = context.shares(outage.dead_rows)
    return _newton_flow(outage_grid(context.grid, outage, p, q), context.base_v)


def outage_flow(context: ContingencyContext, outage: Outage) -> OutageFlow:
    """The load flow of one outage: the radial sweep of its feeders when it applies and converges, else Newton.

    Parameters
    ----------
    context : ContingencyContext
        From :func:`contingency_context`.
    outage : Outage
        From :func:`plan_outages`.

    Returns
    -------
    flow : OutageFlow
        Bus voltages [pu, deg] and branch loadings [%] of the whole network, with the solver used in
        ``method``.
    """
    if context.sweep is not None and context.method != "newton":
        change = _changes(context, outage)
        flows = context.sweep.solve_feeders(context.sweep.touched_feeders(change[0], change[1]), [change])
        if flows.converged[0]:
            return flows.flow(0)
    return _full_flow(context, outage)


@dataclass(frozen=True)
class _Extremes:
    """What an outage's verdict reads from its load flow (indices into the network's branches and buses)."""

    max_loading: float
    max_loading_branch: int          # -1: none
    min_vm: float
    min_vm_bus: int                  # -1: none
    overloaded: list                 # (branch, loading %) ascending by branch
    off_voltage: list                # (bus, vm pu) ascending by bus


def _full_extremes(context: ContingencyContext, outage: Outage, flow: OutageFlow) -> _Extremes:
    limits, n_line = context.limits, len(context.grid.lines.ids)
    loading = np.concatenate([flow.line_loading_percent, flow.transformer_loading_percent])
    live = np.ones(loading.size, dtype=bool)
    live[outage.out_lines] = False
    live[n_line + outage.out_transformers] = False
    max_loading, max_branch = float("nan"), -1
    if live.any():
        k = int(np.argmax(np.where(live & (loading == loading), loading, -np.inf)))  # NaN never the largest
        max_loading, max_branch = float(loading[k]), k
    with np.errstate(invalid="ignore"):
        over = live & (loading > _branch_limits(context, np.arange(loading.size)))
    vm = flow.vm_pu
    min_vm, min_bus = float("nan"), -1
    if (vm == vm).any():
        k = int(np.argmin(np.where(vm == vm, vm, np.inf)))
        min_vm, min_bus = float(vm[k]), k
    with np.errstate(invalid="ignore"):
        off = np.flatnonzero((vm < limits.get("v_min_pu", 0.0)) | (vm > limits.get("v_max_pu", 10.0)))
    return _Extremes(max_loading, max_branch, min_vm, min_bus,
                     [(int(i), float(loading[i])) for i in np.flatnonzero(over)],
                     [(int(i), float(vm[i])) for i in off])


def _branch_limits(context: ContingencyContext, branches: np.ndarray) -> np.ndarray:
    """Loading limit of each branch (lines first, then transformers) [%]."""
    limits = context.limits
    return np.where(branches < len(context.grid.lines.ids), limits.get("max_loading_percent", 100.0),
                    limits.get("max_transformer_percent", 100.0))


def _result(context: ContingencyContext, outage: Outage, converged: bool, diagnosis: str,
            extremes: _Extremes | None) -> ContingencyResult:
    grid, limits = context.grid, context.limits
    result = ContingencyResult(outage.element, outage.lost_buses, outage.lost_loads, outage.racks_lost,
                               outage.racks_single_fed, converged, diagnosis=diagnosis)
    if not converged:
        result.violations.append(f"load flow did not converge: {diagnosis}")
        return result
    n_line = len(grid.lines.ids)
    e = extremes
    if e.max_loading_branch >= 0:
        result.max_loading_percent = e.max_loading
        k = e.max_loading_branch
        result.max_loading_element = grid.lines.ids[k] if k < n_line else grid.transformers.ids[k - n_line]
    max_line = limits.get("max_loading_percent", 100.0)
    max_tx = limits.get("max_transformer_percent", 100.0)
    for k, loading in e.overloaded:
        if k < n_line:
            result.violations.append(f"{grid.lines.ids[k]} loaded {loading:.1f} % > {max_line:.0f} %")
        else:
            result.violations.append(f"{grid.transformers.ids[k - n_line]} loaded {loading:.1f} % > {max_tx:.0f} %")
    if e.min_vm_bus >= 0:
        result.min_vm_pu, result.min_vm_bus = e.min_vm, grid.bus_ids[e.min_vm_bus]
        v_min, v_max = limits.get("v_min_pu", 0.0), limits.get("v_max_pu", 10.0)
        for i, vm in e.off_voltage:
            result.violations.append(f"{grid.bus_ids[i]} at {vm:.4f} pu outside {v_min:.3f}–{v_max:.3f} pu")
    if outage.racks_lost:
        result.violations.append(f"{outage.racks_lost} rack(s) lose every feed")
    return result


def _verdict(context: ContingencyContext, outage: Outage, flow: OutageFlow) -> tuple:
    """``(converged, diagnosis, extremes)`` of an outage from its load flow on the whole network."""
    return flow.converged, flow.diagnosis, _full_extremes(context, outage, flow) if flow.converged else None


def _group_extremes(group: np.ndarray, value: np.ndarray, valid: np.ndarray) -> list[tuple]:
    """``(group, smallest value, its lowest index)`` of each group over the valid entries (one sort)."""
    index = np.flatnonzero(valid)
    by = index[np.lexsort((index, value[index], group[index]))]
    first = np.flatnonzero(np.concatenate([[True], group[by][1:] != group[by][:-1]])) if by.size else by
    return [(int(group[k]), float(value[k]), int(k)) for k in by[first]]


@dataclass(frozen=True, eq=False)
class IntactExtremes:
    """The intact network's extremes, grouped by feeder, for the feeders an outage leaves alone.

    Groups: a feeder's index, -1 for what no outage changes (slack buses, branches touching no feeder).

    Attributes
    ----------
    loading_rank : list of tuple
        ``(group, loading %, branch)`` of each group's most loaded branch, most loaded first.
    vm_rank : list of tuple
        ``(group, vm pu, bus)`` of each group's lowest voltage, lowest first.
    overloaded, off_voltage : list of tuple
        ``(branch, loading %, group)`` beyond its limit and ``(bus, vm pu, group)`` outside the voltage
        band in the intact network, ascending by branch and by bus.
    """

    loading_rank: list
    vm_rank: list
    overloaded: list
    off_voltage: list

    @classmethod
    def of(cls, context: ContingencyContext) -> "IntactExtremes":
        sweep, limits = context.sweep, context.limits
        base = sweep.base_flow
        loading = np.concatenate([base.line_loading_percent, base.transformer_loading_percent])
        home = sweep.branch_home
        with np.errstate(invalid="ignore"):
            over = (home >= -1) & (loading > _branch_limits(context, np.arange(loading.size)))
        loading_rank = _group_extremes(home, -loading, (home >= -1) & (loading == loading))
        loading_rank = [(g, -x, k) for g, x, k in loading_rank]
        loading_rank.sort(key=lambda e: (-e[1], e[2]))
        vm = base.vm_pu
        group_of = np.full(vm.size, -2, dtype=np.int64)
        group_of[sweep.order] = sweep.feeder_of
        vm_rank = _group_extremes(group_of, vm, vm == vm)
        vm_rank.sort(key=lambda e: (e[1], e[2]))
        with np.errstate(invalid="ignore"):
            off = np.flatnonzero((vm < limits.get("v_min_pu", 0.0)) | (vm > limits.get("v_max_pu", 10.0)))
        return cls(loading_rank, vm_rank, [(int(i), float(loading[i]), int(home[i])) for i in np.flatnonzero(over)],
                   [(int(i), float(vm[i]), int(group_of[i])) for i in off])


def _solve_batch(context: ContingencyContext, feeders: np.ndarray, batch: list[Outage],
                 changes: list[tuple]) -> list[tuple]:
    """Outages that change the same feeders: one feeder sweep for all, verdicts from it and the intact rest."""
    sweep, intact = context.sweep, context.intact
    flows = sweep.solve_feeders(feeders, changes)
    touched = set(int(f) for f in feeders)
    branches, loading = flows.branches, flows.loading_percent
    live = np.ones(loading.shape, dtype=bool)
    for r, (out, *_rest) in enumerate(changes):
        if out.size:
            live[r, np.searchsorted(branches, out[np.isin(out, branches)])] = False
    with np.errstate(invalid="ignore"):
        masked = np.where(live & (loading == loading), loading, -np.inf)
        over = live & (loading > _branch_limits(context, branches))
    best = np.argmax(masked, axis=1) if branches.size else np.zeros(len(batch), dtype=np.int64)
    by_bus = np.argsort(flows.buses)
    buses, vm = flows.buses[by_bus], flows.vm_pu[:, by_bus]
    lowest = np.argmin(np.where(vm == vm, vm, np.inf), axis=1) if buses.size else np.zeros(len(batch), dtype=np.int64)
    with np.errstate(invalid="ignore"):
        off = (vm < context.limits.get("v_min_pu", 0.0)) | (vm > context.limits.get("v_max_pu", 10.0))
    intact_loading = next((e for e in intact.loading_rank if e[0] not in touched), None)
    intact_vm = next((e for e in intact.vm_rank if e[0] not in touched), None)
    intact_over = [(b, x) for b, x, g in intact.overloaded if g not in touched]
    intact_off = [(b, x) for b, x, g in intact.off_voltage if g not in touched]
    fixed = set(b for _, _, b in intact.loading_rank) | set(b for b, _ in intact_over)
    results = []
    for r, outage in enumerate(batch):
        if not flows.converged[r]:
            results.append(_verdict(context, outage, _full_flow(context, outage)))
            continue
        out = changes[r][0]
        if out.size and fixed and not fixed.isdisjoint(out[~np.isin(out, branches)].tolist()):
            results.append(_verdict(context, outage, flows.flow(r)))  # a reported intact branch taken out
            continue
        max_loading, max_branch = float("nan"), -1
        if branches.size and masked[r, best[r]] > -np.inf:
            max_loading, max_branch = float(loading[r, best[r]]), int(branches[best[r]])
        if intact_loading is not None and (max_branch < 0 or intact_loading[1] > max_loading or (
                intact_loading[1] == max_loading and intact_loading[2] < max_branch)):
            max_loading, max_branch = intact_loading[1], intact_loading[2]
        min_vm, min_bus = float("nan"), -1
        if buses.size and vm[r, lowest[r]] == vm[r, lowest[r]]:
            min_vm, min_bus = float(vm[r, lowest[r]]), int(buses[lowest[r]])
        if intact_vm is not None and (min_bus < 0 or intact_vm[1] < min_vm or (
                intact_vm[1] == min_vm and intact_vm[2] < min_bus)):
            min_vm, min_bus = intact_vm[1], intact_vm[2]
        overloaded = intact_over + [(int(branches[j]), float(loading[r, j])) for j in np.flatnonzero(over[r])]
        off_voltage = intact_off + [(int(buses[j]), float(vm[r, j])) for j in np.flatnonzero(off[r])]
        results.append((True, "", _Extremes(
            max_loading, max_branch, min_vm, min_bus, sorted(overloaded), sorted(off_voltage))))
    return results


def _solve_chunk(context: ContingencyContext, chunk: list) -> list[tuple]:
    """A chunk of tasks from :func:`_batches`, solved in order: ``(converged, diagnosis, extremes)`` each."""
    out: list[tuple] = []
    for feeders, batch, _, changes in chunk:
        if feeders is None:
            out.extend(_verdict(context, outage, _full_flow(context, outage)) for outage in batch)
        else:
            out.extend(_solve_batch(context, feeders, batch, changes))
    return out


def contingency_context(dg: DesignGrid, base: LoadFlowResult, *, limits: dict | None = None,
                        method: str = "auto") -> ContingencyContext:
    """What the outage solves share: the network, the intact solution, the sweep solver when radial.

    Parameters
    ----------
    dg : DesignGrid
        The design's network.
    base : LoadFlowResult
        Its converged intact load flow.
    limits : dict, optional
        ``max_loading_percent``, ``max_transformer_percent`` [%], ``v_min_pu``, ``v_max_pu`` [pu].
    method : {"auto", "radial", "newton"}
        ``"auto"`` and ``"radial"``: the radial sweep when the network is radial (else Newton);
        ``"newton"``: always the full Newton re-solve (the reference) [-].

    Returns
    -------
    context : ContingencyContext
        Picklable; pass it to :func:`outage_flow`.
    """
    if method not in METHODS:
        raise UnknownMethod(f"unknown contingency method {method!r}; known: {', '.join(METHODS)}")
    sweep = RadialSweep.prepare(dg.grid, base) if method != "newton" else None
    context = ContingencyContext(dg.grid, np.asarray(base.v_pu), sweep, LoadShares(dg), dict(limits or {}), method)
    return replace(context, intact=IntactExtremes.of(context)) if sweep is not None else context


def run_contingencies(design: Design, dg: DesignGrid, base: LoadFlowResult, *,
                      executor: Executor | None = None, limits: dict | None = None, method: str = "auto",
                      graph: nx.DiGraph | None = None, chunk_size: int | None = None,
                      processes: int | str = 1) -> list[ContingencyResult]:
    """Every N-1 outage of ``design``.

    Parameters
    ----------
    design : Design
        The design.
    dg : DesignGrid
        Its network (:func:`~retrofit.electrical.design_grid.build_design_grid`).
    base : LoadFlowResult
        The converged intact load flow (warm start of every outage).
    executor : concurrent.futures.Executor, optional
        Runs chunks of outages in parallel (a process pool, or a cluster executor); serial when None.
    limits : dict, optional
        ``max_loading_percent`` (lines), ``max_transformer_percent`` [%], ``v_min_pu``, ``v_max_pu`` [pu].
    method : str
        ``"auto"``, ``"radial"`` or ``"newton"`` (see :func:`contingency_context`).
    graph : networkx.DiGraph, optional
        The power graph of ``design`` when already built.
    chunk_size : int, optional
        Outages per task sent to ``executor``, rounded to whole batches (default: about four tasks per
        processor). The batches do not depend on the executor or the chunks, so neither do the results.
    processes : int or "auto"
        Forked worker processes that inherit the prepared N-1 and receive only ranges of batches
        (:mod:`~retrofit.electrical.contingency_pool`; needs the ``fork`` start method); 1: serial;
        ``"auto"``: :func:`~retrofit.electrical.contingency_pool.pool_processes`, a pool only where it
        pays. Ignored when ``executor`` is given. The results are identical to the serial run.

    Returns
    -------
    results : list of ContingencyResult
        One per element of :func:`~retrofit.topology.contingency_elements`, in that (sorted) order.
    """
    with frozen_heap():
        return _run_contingencies(design, dg, base, executor, limits, method, graph, chunk_size, processes)


def _run_contingencies(design, dg, base, executor, limits, method, graph, chunk_size, processes):
    context = contingency_context(dg, base, limits=limits, method=method)
    elements, index = outage_index(design, dg, graph)
    if processes == "auto":
        processes = pool_processes(len(elements))
    elif isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise ValueError(f"processes must be a positive integer or 'auto', found {processes!r}")
    if executor is None and processes > 1 and len(elements) > 1:
        return _run_forked(context, elements, index, processes)
    outages = [index.outage(element) for element in elements]
    tasks = _batches(context, outages)
    if executor is None or len(tasks) < 2:
        parts = [_solve_chunk(context, tasks)]
        tasks_of = [tasks]
    else:
        size = chunk_size or max(1, math.ceil(len(outages) / (4 * (os.cpu_count() or 1))))
        tasks_of, chunk, count = [], [], 0
        for task in tasks:
            chunk.append(task)
            count += len(task[1])
            if count >= size:
                tasks_of.append(chunk)
                chunk, count = [], 0
        if chunk:
            tasks_of.append(chunk)
        slim = [[(feeders, [_slim(o) for o in batch], where, changes) for feeders, batch, where, changes in chunk]
                for chunk in tasks_of]
        parts = executor.map(_solve_chunk, [context] * len(tasks_of), slim)
    results: list[ContingencyResult | None] = [None] * len(outages)
    for chunk, part in zip(tasks_of, parts):
        where = [i for task in chunk for i in task[2]]
        for i, verdict in zip(where, part):
            results[i] = _result(context, outages[i], *verdict)
    return results


SPANS_PER_PROCESS = 8  #: tasks per forked worker process: ranges of about equal numbers of outages


def _run_forked(context: ContingencyContext, elements: list[str], index: "OutageIndex",
                processes: int) -> list[ContingencyResult]:
    """The N-1 on forked workers that inherit the context and the outage index and get ranges of elements."""
    count = min(len(elements), processes * SPANS_PER_PROCESS)
    bounds = [len(elements) * k // count for k in range(count + 1)]
    spans = [(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    results = []
    for (a, b), (verdicts, outages) in zip(spans, forked_map(_solve_elements, (context, elements, index), spans,
                                                             processes)):
        counts, bus_ranks, load_ranks = outages
        buses, loads = (iter(names) for names in index.names_of(bus_ranks, load_ranks))
        for element, (lost, single, n_buses, n_loads), verdict in zip(
                elements[a:b], counts.tolist(), verdicts_from_arrays(verdicts)):
            outage = Outage(element, list(itertools.islice(buses, n_buses)), list(itertools.islice(loads, n_loads)),
                            lost, single, *_NO_BRANCHES)
            results.append(_result(context, outage, *verdict))
    return results


_NO_BRANCHES = (np.zeros(0, dtype=np.int64),) * 3


def _solve_elements(shared: tuple, a: int, b: int) -> tuple:
    """In a worker: the outages of elements ``a:b`` of the inherited ``(context, elements, index)``, batched
    and solved as the serial N-1 does. Returns their verdicts (:func:`verdicts_as_arrays`) and, per outage,
    ``(racks lost, racks single-fed, lost buses, lost loads)`` counts with the ranks of those buses and loads."""
    context, elements, index = shared
    ranked = [index.ranked_outage(element) for element in elements[a:b]]
    tasks = _batches(context, [outage for outage, _, _ in ranked])
    verdicts: list = [None] * len(ranked)
    for i, verdict in zip([i for task in tasks for i in task[2]], _solve_chunk(context, tasks)):
        verdicts[i] = verdict
    counts = np.array([(o.racks_lost, o.racks_single_fed, buses.size, loads.size) for o, buses, loads in ranked],
                      dtype=np.int32).reshape(-1, 4)
    bus_ranks = np.concatenate([buses for _, buses, _ in ranked]) if ranked else np.zeros(0, dtype=np.int64)
    load_ranks = np.concatenate([loads for _, _, loads in ranked]) if ranked else np.zeros(0, dtype=np.int64)
    return verdicts_as_arrays(verdicts), (counts, bus_ranks.astype(np.int32), load_ranks.astype(np.int32))


def verdicts_as_arrays(verdicts: list[tuple]) -> tuple:
    """``(converged, diagnosis, extremes)`` verdicts as a few arrays, the small payload a worker returns.

    Returns ``(converged, numbers, indices, counts, pairs_index, pairs_value, diagnoses)``: ``converged``
    and ``has`` (extremes present) flags as an ``(n, 2)`` bool array; the worst loading and lowest voltage
    as an ``(n, 2)`` float array and their branch and bus as an ``(n, 2)`` int array; the overloaded
    branches and off-voltage buses of all verdicts concatenated, with their ``(n, 2)`` counts; the
    non-empty diagnoses by position. :func:`verdicts_from_arrays` gives back equal verdicts.
    """
    n = len(verdicts)
    flags = np.zeros((n, 2), dtype=bool)
    numbers = np.full((n, 2), np.nan)
    indices = np.full((n, 2), -1, dtype=np.int32)
    counts = np.zeros((n, 2), dtype=np.int32)
    pair_index, pair_value, diagnoses = [], [], {}
    for i, (converged, diagnosis, e) in enumerate(verdicts):
        flags[i, 0] = converged
        if diagnosis:
            diagnoses[i] = diagnosis
        if e is None:
            continue
        flags[i, 1] = True
        numbers[i] = e.max_loading, e.min_vm
        indices[i] = e.max_loading_branch, e.min_vm_bus
        counts[i] = len(e.overloaded), len(e.off_voltage)
        for k, x in (*e.overloaded, *e.off_voltage):
            pair_index.append(k)
            pair_value.append(x)
    return (flags, numbers, indices, counts, np.array(pair_index, dtype=np.int32),
            np.array(pair_value, dtype=np.float64), diagnoses)


def verdicts_from_arrays(arrays: tuple) -> list[tuple]:
    """The verdicts packed by :func:`verdicts_as_arrays`."""
    flags, numbers, indices, counts, pair_index, pair_value, diagnoses = arrays
    pairs = list(zip(pair_index.tolist(), pair_value.tolist()))
    out, k = [], 0
    for i, ((converged, has), (loading, vm), (branch, bus), (n_over, n_off)) in enumerate(zip(
            flags.tolist(), numbers.tolist(), indices.tolist(), counts.tolist())):
        extremes = None
        if has:
            extremes = _Extremes(loading, branch, vm, bus, pairs[k:k + n_over], pairs[k + n_over:k + n_over + n_off])
            k += n_over + n_off
        out.append((converged, diagnoses.get(i, ""), extremes))
    return out


def _slim(outage: Outage) -> Outage:
    """The outage without its lists of names, which only the parent reads: less to send to a worker."""
    return Outage(outage.element, [], [], outage.racks_lost, outage.racks_single_fed, outage.out_lines,
                  outage.out_transformers, outage.dead_rows)


BATCH = 128  #: outages swept together (one row each) when they change the same feeders


def _batches(context: ContingencyContext, outages: list[Outage]) -> list[tuple]:
    """Tasks ``(feeders, outages, indices, changes)``: outages grouped by the feeders they change, in
    batches of at most :data:`BATCH` in their original order; ``feeders`` is None for the Newton path."""
    if context.sweep is None or context.method == "newton":
        return [(None, outages[i:i + BATCH], list(range(i, min(i + BATCH, len(outages)))), None)
                for i in range(0, len(outages), BATCH)]
    groups: dict[tuple, list[int]] = {}
    changes = []
    for i, outage in enumerate(outages):
        change = _changes(context, outage)
        changes.append(change)
        groups.setdefault(tuple(context.sweep.touched_feeders(change[0], change[1]).tolist()), []).append(i)
    tasks = []
    for key, members in groups.items():
        feeders = np.array(key, dtype=np.int64)
        for k in range(0, len(members), BATCH):
            part = members[k:k + BATCH]
            tasks.append((feeders, [outages[i] for i in part], part, [changes[i] for i in part]))
    return tasks


__all__ = ["BATCH", "SPANS_PER_PROCESS", "ContingencyContext", "ContingencyResult", "FeederFlows", "IntactExtremes",
           "METHODS", "Outage",
           "OutageFlow", "RadialSweep",
           "contingency_context", "link_cross_domain", "outage_flow", "outage_grid", "plan_outages",
           "run_contingencies", "verdicts_as_arrays", "verdicts_from_arrays"]
