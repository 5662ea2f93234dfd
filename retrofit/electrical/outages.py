"""What each single outage takes away, worked out for every outage at once (step 1 of the N-1 of
:mod:`retrofit.electrical.contingency`).

The lost nodes of an element are its subtree in the dominator tree of the power graph, numbered in
pre-order (:func:`retrofit.topology.dominator_order`), so each outage's lost buses, loads, branches, load
rows and rack feeds are array slices over those positions (:class:`OutageIndex`); :class:`LoadShares`
moves a load owner's power onto its live rows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import networkx as nx
import numpy as np

from ..model import Design
from ..topology import LOAD_KINDS, contingency_elements, dominator_order, power_graph, rack_instances
from .design_grid import DesignGrid


@dataclass(frozen=True, eq=False)
class Outage:
    """The consequences of one single outage on the design and on its network.

    Attributes
    ----------
    element : str
        The element out of service.
    lost_buses, lost_loads : list of str
        Design buses and loads left without a source.
    racks_lost, racks_single_fed : int
        Racks that lose every feed, and multi-feed racks left with exactly one live feed.
    out_lines, out_transformers : numpy.ndarray of int
        Network branches out of service: the element and every branch it alone fed.
    dead_rows : numpy.ndarray of int
        Load rows whose bus is lost (their owner's power moves to its live rows).
    """

    element: str
    lost_buses: list[str]
    lost_loads: list[str]
    racks_lost: int
    racks_single_fed: int
    out_lines: np.ndarray
    out_transformers: np.ndarray
    dead_rows: np.ndarray


def plan_outages(design: Design, dg: DesignGrid, graph: nx.DiGraph | None = None,
                 elements=None) -> list[Outage]:
    """The consequences of each single outage of ``design`` on the design and on its network.

    Parameters
    ----------
    design : Design
        The design.
    dg : DesignGrid
        Its network (:func:`~retrofit.electrical.design_grid.build_design_grid`).
    graph : networkx.DiGraph, optional
        Its power graph, when already built.
    elements : iterable of str, optional
        Elements to take out one at a time; default every element of
        :func:`~retrofit.topology.contingency_elements` (sorted).

    Returns
    -------
    outages : list of Outage
        One per element, in the order given: lost buses and loads, racks lost and single-fed, the
        network branches out of service and the load rows that lost their bus.

    Notes
    -----
    The nodes lost with an element are its subtree in the dominator tree of the power graph
    (:func:`~retrofit.topology.unfed_after_outages`), the element included; a rack is lost when its
    node is, and single-fed when it has several feeds and exactly one of their buses is not lost.
    """
    elements, index = outage_index(design, dg, graph, elements)
    return [index.outage(element) for element in elements]


def outage_index(design: Design, dg: DesignGrid, graph: nx.DiGraph | None = None,
                 elements=None) -> tuple[list[str], "OutageIndex"]:
    """The elements to take out (default: every contingency element, sorted) and the index of their outages."""
    g = graph if graph is not None else power_graph(design)
    elements = contingency_elements(design) if elements is None else list(elements)
    return elements, OutageIndex(design, dg, g, dominator_order(g))


def _csr(keys: list, values_of: dict) -> tuple[np.ndarray, np.ndarray]:
    """``(pointer, data)``: the values of ``keys[i]`` are ``data[pointer[i]:pointer[i + 1]]``."""
    lists = [values_of.get(k, ()) for k in keys]
    pointer = np.concatenate([[0], np.cumsum([len(v) for v in lists])]).astype(np.int64)
    data = np.fromiter((x for v in lists for x in v), dtype=np.int64, count=int(pointer[-1]))
    return pointer, data


class OutageIndex:
    """What each node of the dominator order brings to an outage, as arrays over the pre-order positions:
    a lost set is a slice of positions plus the intact graph's unfed nodes."""

    def __init__(self, design: Design, dg: DesignGrid, g: nx.DiGraph, dom):
        grid = dg.grid
        kind = nx.get_node_attributes(g, "kind")
        nodes = list(dom.order) + sorted(dom.unfed)  # the unfed nodes after the fed ones: lost in every outage
        self.n_fed = len(dom.order)
        self.bus_names = sorted(dg.bus_of)
        bus_rank = {n: i for i, n in enumerate(self.bus_names)}
        self.load_names = sorted(n for n in nodes if kind.get(n) in LOAD_KINDS and kind.get(n) != "rack")
        load_rank = {n: i for i, n in enumerate(self.load_names)}
        line_index = {b: i for i, b in enumerate(grid.lines.ids)}
        trafo_index = {b: i for i, b in enumerate(grid.transformers.ids)}
        self.bus_rank = np.array([bus_rank.get(n, -1) for n in nodes], dtype=np.int64)
        self.load_rank = np.array([load_rank.get(n, -1) for n in nodes], dtype=np.int64)
        self.line = np.array([line_index.get(n, -1) for n in nodes], dtype=np.int64)
        self.trafo = np.array([trafo_index.get(n, -1) for n in nodes], dtype=np.int64)
        rows_at: dict[str, list[int]] = {}
        for row, bus in enumerate(dg.loads.bus):
            rows_at.setdefault(bus, []).append(row)
        self.racks = rack_instances(design)
        racks_at: dict[str, list[int]] = {}
        for k, rack in enumerate(self.racks):
            for bus in rack.feeds:
                racks_at.setdefault(bus, []).append(k)
        buses = [n if n in bus_rank else None for n in nodes]  # rows and feeds are looked up on lost buses only
        self.row_ptr, self.row_data = _csr(buses, rows_at)
        self.feed_ptr, self.feed_data = _csr(buses, racks_at)
        position = {n: i for i, n in enumerate(nodes)}
        self.rack_position = np.array([position.get(rack.id, -1) for rack in self.racks], dtype=np.int64)
        self.n_feeds = np.array([len(rack.feeds) for rack in self.racks], dtype=np.int64)
        self.feedless = int((self.n_feeds == 0).sum())  # never fed: lost in every outage
        self.n_nodes = len(nodes)
        self.start, self.end = dom.start, dom.end

    def _take(self, values: np.ndarray, a: int, b: int) -> np.ndarray:
        x = values[a:b] if self.n_fed == self.n_nodes else np.concatenate([values[a:b], values[self.n_fed:]])
        return np.sort(x[x >= 0])

    def _ranges(self, pointer: np.ndarray, data: np.ndarray, a: int, b: int) -> np.ndarray:
        x = data[pointer[a]:pointer[b]]
        return x if self.n_fed == self.n_nodes else np.concatenate([x, data[pointer[self.n_fed]:]])

    def outage(self, element: str) -> Outage:
        """The outage of ``element``."""
        outage, bus_ranks, load_ranks = self.ranked_outage(element)
        lost_buses, lost_loads = self.names_of(bus_ranks, load_ranks)
        return replace(outage, lost_buses=lost_buses, lost_loads=lost_loads)

    def ranked_outage(self, element: str) -> tuple[Outage, np.ndarray, np.ndarray]:
        """The outage of ``element`` without its lists of names, and the ranks of its lost buses and loads."""
        a, b = self.start.get(element, 0), self.end.get(element, 0)  # its lost fed nodes: positions [a, b)
        racks, n_lost = np.unique(self._ranges(self.feed_ptr, self.feed_data, a, b), return_counts=True)
        where = self.rack_position[racks]
        gone = ((where >= a) & (where < b)) | (where >= self.n_fed)
        feeds = self.n_feeds[racks]
        single = ~gone & (feeds > 1) & (feeds - n_lost == 1)
        outage = Outage(element, [], [], self.feedless + int(gone.sum()), int(single.sum()),
                        self._take(self.line, a, b), self._take(self.trafo, a, b),
                        np.sort(self._ranges(self.row_ptr, self.row_data, a, b)))
        return outage, self._take(self.bus_rank, a, b), self._take(self.load_rank, a, b)

    def names_of(self, bus_ranks: np.ndarray, load_ranks: np.ndarray) -> tuple[list[str], list[str]]:
        """The names of lost buses and loads given by their ranks."""
        return [self.bus_names[i] for i in bus_ranks.tolist()], [self.load_names[i] for i in load_ranks.tolist()]


class LoadShares:
    """Each load owner's power shared equally by its live rows (:meth:`DesignGrid.loads.shares`, vectorised)."""

    def __init__(self, dg: DesignGrid):
        self.owner = np.unique(np.array(dg.loads.owner), return_inverse=True)[1]
        self.p_total = np.asarray(dg.loads.p_w, dtype=float)
        self.tan_phi = np.asarray(dg.loads.tan_phi, dtype=float)
        self.by_owner = np.argsort(self.owner, kind="stable")  # rows grouped by owner
        self.owner_ptr = np.concatenate([[0], np.cumsum(np.bincount(self.owner, minlength=1))])

    def changed(self, dead_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows whose power changes when ``dead_rows`` lose their bus, with their new power.

        Only the owners of the dead rows change; the values are those of :meth:`__call__`.
        """
        dead = set(np.asarray(dead_rows, dtype=np.int64).tolist())
        if not dead:
            empty = np.zeros(0)
            return np.zeros(0, dtype=np.int64), empty, empty
        ptr, by_owner = self.owner_ptr, self.by_owner
        owners = sorted(set(self.owner[list(dead)].tolist()))
        rows = np.concatenate([by_owner[ptr[o]:ptr[o + 1]] for o in owners])
        row_list = rows.tolist()
        alive = np.array([r not in dead for r in row_list], dtype=bool)
        owner = self.owner[rows]
        n_alive = np.bincount(owner, weights=alive.astype(float), minlength=ptr.size - 1)
        p = np.where(alive, self.p_total[rows] / np.maximum(n_alive[owner], 1.0), 0.0)
        return rows, p, p * self.tan_phi[rows]

    def __call__(self, dead_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        alive = np.ones(len(self.p_total), dtype=bool)
        alive[dead_rows] = False
        n_alive = np.bincount(self.owner, weights=alive.astype(float), minlength=self.owner.max() + 1
                              if self.owner.size else 0)
        p = np.where(alive, self.p_total / np.maximum(n_alive[self.owner], 1.0), 0.0)
        return p, p * self.tan_phi


__all__ = ["LoadShares", "Outage", "OutageIndex", "outage_index", "plan_outages"]
