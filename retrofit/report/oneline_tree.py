"""The power tree a one-line diagram draws and which part of it goes on which sheet: the design's power
graph as a tree of buses from the sources down (:class:`PowerTree`), transformers grouped by the racks
they share and packed onto detail sheets, and a campus's hall lineups with the ids that are a hall's own."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from ..model import Design
from ..topology import LOAD_KINDS, power_graph
from ..units import magnitude

#: Largest number of low-voltage branches (leaf positions) one sheet shows before the diagram is split.
MAX_BRANCHES = 16


@dataclass
class PowerTree:
    """The design's power graph as a tree of buses from the sources down, with the racks and loads of each bus."""

    graph: nx.DiGraph
    roots: list[str]
    parent: dict[str, tuple[str, str | None]]          # bus -> (parent node, element joining them)
    children: dict[str, list[str]]
    side: dict[str, str]
    extra: list[tuple[str, str, str]]                   # (from bus, element, to bus) not drawn as tree edges
    loads: dict[str, list[tuple[str, str]]]             # bus -> [(load id, kind)] other than racks
    racks: dict[str, list[tuple[str, str]]]             # bus -> [(rack group id, path letter)]

    @cached_property
    def kinds(self) -> dict[str, str]:
        """The kind of each node of the graph (``source``, ``bus``, ``transformer``, ...): read once for all the
        sheets drawn from the tree, not once per sheet over the whole campus's graph."""
        return nx.get_node_attributes(self.graph, "kind")


def build_tree(design: Design) -> PowerTree:
    g = power_graph(design)
    kinds = nx.get_node_attributes(g, "kind")
    sources = sorted((n for n, k in kinds.items() if k == "source"), key=lambda n: (n != design.utility.id, n))
    parent: dict[str, tuple[str, str | None]] = {}
    extra: list[tuple[str, str, str]] = []
    order: list[str] = []
    queue = []
    for s in sources:
        if s not in parent:
            parent[s] = ("", None)
            queue.append(s)
    roots = list(queue)

    def downstream(node: str) -> list[tuple[str, str | None]]:
        out = []
        for succ in sorted(g.successors(node)):
            k = kinds[succ]
            if k == "bus":
                out.append((succ, None))
            elif k not in LOAD_KINDS and k != "source":
                for bus in sorted(g.successors(succ)):
                    out.append((bus, succ))
        return out

    while queue:
        node = queue.pop(0)
        order.append(node)
        for bus, element in downstream(node):
            if bus in parent:
                if element is not None and parent[bus][1] != element:
                    extra.append((node, element, bus))
                continue
            parent[bus] = (node, element)
            queue.append(bus)
    for bus in sorted(n for n, k in kinds.items() if k == "bus" and n not in parent):
        parent[bus] = ("", None)          # not fed: a root of its own, drawn so the gap is visible
        roots.append(bus)
        queue = [bus]
        while queue:
            node = queue.pop(0)
            for child, element in downstream(node):
                if child not in parent:
                    parent[child] = (node, element)
                    queue.append(child)

    racks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for group in design.loads.racks:
        for i, bus in enumerate(group.feeds):
            racks[bus].append((group.id, "ABCDEFGH"[i]))
    loads: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in sorted(g.nodes):
        k = kinds[n]
        if k in LOAD_KINDS and k != "rack":
            for bus in sorted(g.predecessors(n)):
                loads[bus].append((n, k))

    side_sets: dict[str, set[str]] = defaultdict(set)
    for bus, feeds in racks.items():
        if bus not in g:
            continue
        for _, letter in feeds:
            for a in nx.ancestors(g, bus) | {bus}:
                side_sets[a].add(letter)
    side: dict[str, str] = {}
    for node in order + [b for b in parent if b not in order]:
        letters = side_sets.get(node, set())
        if len(letters) == 1:
            side[node] = next(iter(letters))
        elif letters:
            side[node] = ""
        else:
            up = parent.get(node, ("", None))[0]
            side[node] = side.get(up, "")

    children: dict[str, list[str]] = defaultdict(list)
    for bus, (up, _) in parent.items():
        if up:
            children[up].append(bus)
    rank = {"A": 0, "": 1}
    for up in children:
        children[up].sort(key=lambda b: (rank.get(side.get(b, ""), 2), side.get(b, ""), b))
    return PowerTree(g, roots, parent, dict(children), side, extra, dict(loads), dict(racks))


def leaves(tree: PowerTree, node: str, keep: set[str] | None) -> int:
    kids = [c for c in tree.children.get(node, []) if keep is None or c in keep]
    if not kids:
        return 1
    n = sum(leaves(tree, c, keep) for c in kids)
    return n + (1 if tree.loads.get(node) else 0)


def transformer_groups(tree: PowerTree, design: Design) -> list[list[str]]:
    """Transformers joined by the rack groups they feed (union-find), each list sorted, in id order."""
    g = tree.graph
    txs = sorted(t.id for t in design.electrical.transformers if t.id in g)
    parent = {t: t for t in txs}

    def find(t):
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for group in design.loads.racks:
        above = set()
        for bus in group.feeds:
            if bus in g:
                above |= {a for a in nx.ancestors(g, bus) if a in parent}
        above = sorted(above)
        for a in above[1:]:
            ra, rb = find(above[0]), find(a)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for t in txs:
        groups[find(t)].append(t)
    return [groups[k] for k in sorted(groups)]


def subtree(tree: PowerTree, lv_buses: list[str]) -> set[str]:
    keep: set[str] = set()
    for bus in lv_buses:
        stack = [bus]
        while stack:
            n = stack.pop()
            keep.add(n)
            stack.extend(tree.children.get(n, []))
        up = tree.parent.get(bus, ("", None))[0]
        while up:
            keep.add(up)
            up = tree.parent.get(up, ("", None))[0]
    return keep


def lv_bus_of(tree: PowerTree, transformer: str) -> str | None:
    for bus, (_, element) in tree.parent.items():
        if element == transformer:
            return bus
    return None


def pack_sheets(tree: PowerTree, design: Design, limit: int = MAX_BRANCHES) -> list[list[str]]:
    """Transformer lists, one per detail sheet, each under ``limit`` leaves where possible."""
    sheets: list[list[str]] = []
    current: list[str] = []
    current_leaves = 0
    units: list[list[str]] = []
    for grp in transformer_groups(tree, design):
        n = sum(leaves(tree, b, None) for b in (lv_bus_of(tree, t) for t in grp) if b)
        units.extend([grp] if n <= limit else [[t] for t in grp])
    for unit in units:
        n = sum(leaves(tree, b, None) for b in (lv_bus_of(tree, t) for t in unit) if b)
        if current and current_leaves + n > limit:
            sheets.append(current)
            current, current_leaves = [], 0
        current = current + unit
        current_leaves += n
    if current:
        sheets.append(current)
    return sheets


def hall_lineups(tree: PowerTree, design: Design) -> dict[str, list[str]]:
    """Medium-voltage switchgear of each hall that feeds transformers: ``{hall: [bus ids]}``, halls in file order."""
    hall_order = {h.id: i for i, h in enumerate(design.halls)}
    txs = {t.hv_bus for t in design.electrical.transformers}
    out: dict[str, list[str]] = {}
    for bus in sorted(design.electrical.buses, key=lambda b: (hall_order.get(b.hall, len(hall_order)), b.id)):
        if (bus.kind != "switchgear" or bus.hall is None or bus.id not in tree.parent
                or magnitude(bus.voltage, "V") <= 1000.0):
            continue
        below = subtree_down(tree, bus.id)
        if below & txs or any(tree.parent.get(b, ("", None))[1] in {t.id for t in design.electrical.transformers}
                              for b in below):
            out.setdefault(bus.hall, []).append(bus.id)
    return out


def subtree_down(tree: PowerTree, bus: str) -> set[str]:
    out, stack = set(), [bus]
    while stack:
        n = stack.pop()
        out.add(n)
        stack.extend(tree.children.get(n, []))
    return out


def hall_ids(tree: PowerTree, design: Design, hall: str, lineups: list[str]) -> list[str]:
    """Ids a hall's one-line sheets print that are the hall's own: the hall, its lineups and everything below
    them, the feeders of its lineups, and the protective devices of all of these [-]."""
    nodes = set(lineups).union(*(subtree_down(tree, b) for b in lineups))
    elements = {tree.parent.get(n, ("", None))[1] for n in nodes} - {None}
    own = {hall} | nodes | elements
    own |= {b.id for b in design.electrical.breakers if b.protects in own or b.bus in nodes}
    return sorted(own)


def ancestors(tree: PowerTree, bus: str) -> set[str]:
    out = set()
    up = tree.parent.get(bus, ("", None))[0]
    while up:
        out.add(up)
        up = tree.parent.get(up, ("", None))[0]
    return out


__all__ = ["MAX_BRANCHES", "PowerTree", "ancestors", "build_tree", "hall_ids", "hall_lineups", "leaves",
           "lv_bus_of", "pack_sheets", "subtree", "subtree_down", "transformer_groups"]
