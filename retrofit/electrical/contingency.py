"""N-1: the single outage of each transformer, switchboard, feeder, busway, PDU and UPS.

For each outage: the buses it de-energises (the element and everything only it feeds), the loads that
lose power, the racks left on a single feed, and a load flow of what survives — with each A/B rack's
power moved onto its live feeds — checked against the ratings (branch loading, bus voltage).
Contingencies are independent, so they run behind a ``concurrent.futures`` executor.
"""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import networkx as nx
import numpy as np

from ..model import Design
from ..topology import contingency_elements, power_graph, rack_instances
from .design_grid import DesignGrid
from .loadflow import LoadFlowResult, solve_load_flow
from .network import take_out_of_service


@dataclass
class ContingencyResult:
    """Outcome of one outage."""

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

    @property
    def ok(self) -> bool:
        return self.converged and not self.violations and self.racks_lost == 0

    def as_json(self) -> dict:
        return {
            "lost_buses": self.lost_buses, "lost_loads": self.lost_loads, "racks_lost": self.racks_lost,
            "racks_single_fed": self.racks_single_fed, "converged": self.converged,
            "max_loading_percent": _r(self.max_loading_percent), "max_loading_element": self.max_loading_element,
            "min_vm_pu": _r(self.min_vm_pu, 5), "min_vm_bus": self.min_vm_bus, "violations": self.violations,
            "ok": self.ok, "diagnosis": self.diagnosis,
        }


def _r(x: float, digits: int = 3):
    return None if x != x else round(float(x), digits)


def _lost_nodes(g: nx.DiGraph, element: str, sources: list[str]) -> set[str]:
    h = nx.restricted_view(g, [element], [])
    fed: set[str] = set(sources)
    for s in sources:
        fed |= nx.descendants(h, s)
    return (set(g.nodes) - fed)


def run_contingencies(design: Design, dg: DesignGrid, base: LoadFlowResult, *,
                      executor: Executor | None = None, limits: dict | None = None) -> list[ContingencyResult]:
    """Every N-1 outage of ``design``; ``limits`` holds max_loading_percent, max_transformer_percent, v_min_pu, v_max_pu."""
    limits = limits or {}
    g = power_graph(design)
    sources = [n for n, d in g.nodes(data=True) if d["kind"] == "source"]
    elements = contingency_elements(design)
    racks = rack_instances(design)
    jobs = [(element, _lost_nodes(g, element, sources)) for element in elements]

    def one(job):
        element, lost = job
        return _solve_one(design, dg, base, element, lost, racks, limits)

    if executor is None:
        return [one(j) for j in jobs]
    return list(executor.map(one, jobs))


def _solve_one(design, dg: DesignGrid, base, element, lost, racks, limits) -> ContingencyResult:
    grid = dg.grid
    lost_buses = sorted(n for n in lost if n in dg.bus_of)
    lost_loads = sorted(n for n in lost if n not in dg.bus_of and n not in dg.branch_kind
                        and n not in {r.id for r in racks} and n != element)
    racks_lost = sum(1 for r in racks if r.id in lost)
    racks_single = sum(1 for r in racks if r.id not in lost and len(r.feeds) > 1
                       and sum(1 for f in r.feeds if f not in lost) == 1)
    alive_row = np.array([b not in lost for b in dg.loads.bus], dtype=bool)
    p, q = dg.loads.shares(alive_row)
    out_branches = [b for b in (list(grid.lines.ids) + list(grid.transformers.ids))
                    if b == element or b in lost]
    case = take_out_of_service(grid, out_branches) if out_branches else grid
    case = replace(case, loads=replace(case.loads, p_w=p, q_var=q))
    lf = solve_load_flow(case, init=base)
    result = ContingencyResult(element, lost_buses, lost_loads, racks_lost, racks_single, lf.converged,
                               diagnosis=lf.diagnosis)
    if not lf.converged:
        result.violations.append(f"load flow did not converge: {lf.diagnosis}")
        return result
    loading = np.concatenate([lf.lines.loading_percent, lf.transformers.loading_percent])
    ids = list(lf.lines.ids) + list(lf.transformers.ids)
    live = np.array([i not in out_branches for i in ids], dtype=bool)
    if live.any():
        k = int(np.nanargmax(np.where(live, loading, -np.inf)))
        result.max_loading_percent, result.max_loading_element = float(loading[k]), ids[k]
    max_line = limits.get("max_loading_percent", 100.0)
    max_tx = limits.get("max_transformer_percent", 100.0)
    for i, bid in enumerate(lf.lines.ids):
        if bid not in out_branches and lf.lines.loading_percent[i] > max_line:
            result.violations.append(f"{bid} loaded {lf.lines.loading_percent[i]:.1f} % > {max_line:.0f} %")
    for i, tid in enumerate(lf.transformers.ids):
        if tid not in out_branches and lf.transformers.loading_percent[i] > max_tx:
            result.violations.append(f"{tid} loaded {lf.transformers.loading_percent[i]:.1f} % > {max_tx:.0f} %")
    vm = np.where(lf.islanded, np.nan, lf.vm_pu)
    if np.isfinite(vm).any():
        k = int(np.nanargmin(vm))
        result.min_vm_pu, result.min_vm_bus = float(vm[k]), lf.bus_ids[k]
        v_min, v_max = limits.get("v_min_pu", 0.0), limits.get("v_max_pu", 10.0)
        for bus, v in zip(lf.bus_ids, vm):
            if v == v and (v < v_min or v > v_max):
                result.violations.append(f"{bus} at {v:.4f} pu outside {v_min:.3f}–{v_max:.3f} pu")
    if racks_lost:
        result.violations.append(f"{racks_lost} rack(s) lose every feed")
    return result
