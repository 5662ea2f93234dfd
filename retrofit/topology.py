"""The power topology as a networkx graph, its consistency checks and the redundancy analysis.

The graph is derived from the Design, never edited: built in sorted order so results and drawings are
repeatable. Bus nodes are keyed by bus id; every branch element (transformer, cable, busway, PDU, UPS)
is a node of its own between its two buses, so that single points of failure, shared elements of A/B
paths and N-1 outages are all questions about nodes. Loads (each rack, miner groups, other loads and the
cooling equipment that draws power) are leaf nodes fed from their buses. Sources (the utility and
running generators) are roots.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .model import Design

BRANCH_LISTS = ("transformers", "cables", "busways", "pdus", "ups")
SOURCE = "__sources__"


@dataclass(frozen=True)
class RackInstance:
    """One rack of a rack group, with its stable id ``<group>.<nn>``."""

    id: str
    group: str
    index: int
    feeds: tuple[str, ...]


def rack_instances(design: Design) -> list[RackInstance]:
    """Every rack of the design with its id, in file order."""
    out = []
    for group in design.loads.racks:
        width = max(2, len(str(group.count)))
        for i in range(group.count):
            out.append(RackInstance(f"{group.id}.{i + 1:0{width}d}", group.id, i, tuple(group.feeds)))
    return out


def cooling_loads(design: Design) -> list[tuple[str, str, str]]:
    """(element id, bus id, kind) of every cooling element that draws power from a bus."""
    out = []
    c = design.cooling
    for kind, items in (("cdu", c.cdus), ("pump", c.pumps), ("heat_rejection", c.heat_rejection),
                        ("exhaust_fan", c.exhaust_fans), ("crah", c.crahs), ("rear_door", c.rear_doors)):
        for item in items:
            if item.bus is not None:
                out.append((item.id, item.bus, kind))
    return out


def power_graph(design: Design) -> nx.DiGraph:
    """The directed power topology: sources → buses → branch elements → buses → loads.

    Node attribute ``kind``: ``source``, ``bus``, ``transformer``, ``cable``, ``busway``, ``pdu``, ``ups``,
    ``rack``, ``miners``, ``load``, or a cooling kind; buses carry ``vn_v``.
    """
    g = nx.DiGraph()
    e = design.electrical
    for bus in sorted(e.buses, key=lambda b: b.id):
        g.add_node(bus.id, kind="bus", vn_v=float(bus.voltage.to("V").magnitude), system=bus.system,
                   bus_kind=bus.kind)
    u = design.utility
    g.add_node(u.id, kind="source", vn_v=float(u.voltage.to("V").magnitude))
    g.add_edge(u.id, u.bus)
    for gen in sorted(e.generators, key=lambda x: x.id):
        if gen.running:
            g.add_node(gen.id, kind="source", vn_v=float(gen.voltage.to("V").magnitude))
            g.add_edge(gen.id, gen.bus)
    for list_name in BRANCH_LISTS:
        kind = list_name.rstrip("s") if list_name != "ups" else "ups"
        for item in sorted(getattr(e, list_name), key=lambda x: x.id):
            a, b = (item.hv_bus, item.lv_bus) if list_name == "transformers" else (item.from_bus, item.to_bus)
            g.add_node(item.id, kind=kind)
            g.add_edge(a, item.id)
            g.add_edge(item.id, b)
    for rack in rack_instances(design):
        g.add_node(rack.id, kind="rack", group=rack.group)
        for path, bus in enumerate(rack.feeds):
            g.add_edge(bus, rack.id, path="ABCDEFGH"[path])
    for group in design.loads.miners:
        g.add_node(group.id, kind="miners")
        g.add_edge(group.bus, group.id)
    for load in design.loads.other:
        g.add_node(load.id, kind="load")
        g.add_edge(load.bus, load.id)
    for element_id, bus, kind in cooling_loads(design):
        g.add_node(element_id, kind=kind)
        g.add_edge(bus, element_id)
    return g


LOAD_KINDS = {"rack", "miners", "load", "cdu", "pump", "heat_rejection", "exhaust_fan", "crah", "rear_door"}


# --- consistency checks ---------------------------------------------------------------------------

@dataclass
class Finding:
    """A consistency problem found before solving: which check, which elements, what is wrong."""

    check: str
    elements: tuple[str, ...]
    message: str


def check_every_load_fed(design: Design, g: nx.DiGraph | None = None) -> list[Finding]:
    """Every load is reachable from a source."""
    g = g if g is not None else power_graph(design)
    sources = [n for n, d in g.nodes(data=True) if d["kind"] == "source"]
    fed = set()
    for s in sources:
        fed |= nx.descendants(g, s)
    out = []
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] in LOAD_KINDS and node not in fed:
            out.append(Finding("check_every_load_fed", (node,), f"{data['kind']} {node} is not fed from any source"))
        elif data["kind"] == "bus" and node not in fed:
            out.append(Finding("check_every_load_fed", (node,), f"bus {node} is not connected to any source"))
    return out


def check_voltage_levels(design: Design) -> list[Finding]:
    """Branches join buses of one voltage; transformers' rated voltages match their buses (±10 %)."""
    buses = {b.id: float(b.voltage.to("V").magnitude) for b in design.electrical.buses}
    out = []
    for t in design.electrical.transformers:
        for side, bus_id, rated in (("primary", t.hv_bus, t.v_primary), ("secondary", t.lv_bus, t.v_secondary)):
            v_rated = float(rated.to("V").magnitude)
            v_bus = buses.get(bus_id)
            if v_bus and abs(v_rated / v_bus - 1) > 0.10:
                out.append(Finding("check_voltage_levels", (t.id, bus_id),
                                   f"transformer {t.id} {side} is rated {v_rated:g} V but bus {bus_id} is {v_bus:g} V"))
    for list_name in ("cables", "busways", "pdus", "ups"):
        for b in getattr(design.electrical, list_name):
            va, vb = buses.get(b.from_bus), buses.get(b.to_bus)
            if va and vb and abs(va / vb - 1) > 1e-6:
                out.append(Finding("check_voltage_levels", (b.id, b.from_bus, b.to_bus),
                                   f"{b.id} joins {b.from_bus} ({va:g} V) and {b.to_bus} ({vb:g} V); "
                                   "a change of voltage needs a transformer"))
    u = design.utility
    vb = buses.get(u.bus)
    if vb and abs(float(u.voltage.to("V").magnitude) / vb - 1) > 1e-6:
        out.append(Finding("check_voltage_levels", (u.id, u.bus),
                           f"the utility is {u.voltage:~P} but its bus {u.bus} is {vb:g} V"))
    return out


def check_no_loops(design: Design, g: nx.DiGraph | None = None) -> list[Finding]:
    """The network of buses and branches is radial (loads with several feeds are not loops)."""
    g = g if g is not None else power_graph(design)
    core = g.subgraph(n for n, d in g.nodes(data=True) if d["kind"] not in LOAD_KINDS).to_undirected()
    out = []
    for cycle in nx.cycle_basis(core):
        elements = tuple(sorted(n for n in cycle if g.nodes[n]["kind"] not in ("bus",)))
        out.append(Finding("check_no_loops", elements,
                           "closed loop through " + ", ".join(sorted(cycle)) + "; open a tie or remove a branch"))
    return out


def check_rack_feeds(design: Design) -> list[Finding]:
    """Each rack has the number of feeds its power-redundancy policy needs."""
    policy = design.goal.power_redundancy if design.goal else "N"
    need = 1 if policy == "N" else 2
    out = []
    for group in design.loads.racks:
        if group.kind == "compute" and len(group.feeds) < need:
            out.append(Finding("check_rack_feeds", (group.id,),
                               f"racks of {group.id} have {len(group.feeds)} feed(s); {policy} needs {need}"))
    return out


def consistency_findings(design: Design, g: nx.DiGraph | None = None) -> list[Finding]:
    """All consistency checks run before any solve (``g``: the power graph, when already built)."""
    g = g if g is not None else power_graph(design)
    return (check_every_load_fed(design, g) + check_voltage_levels(design) + check_no_loops(design, g)
            + check_rack_feeds(design))


# --- redundancy -----------------------------------------------------------------------------------

@dataclass
class RackRedundancy:
    """Single points of failure and A/B independence of one rack."""

    rack: str
    feeds: tuple[str, ...]
    single_points_of_failure: list[str]
    shared_by_paths: list[str]
    independent: bool
    policy: str
    meets_policy: bool
    reason: str = ""


def _with_super_source(g: nx.DiGraph) -> nx.DiGraph:
    h = g.copy()
    h.add_node(SOURCE, kind="super")
    for n, d in g.nodes(data=True):
        if d["kind"] == "source":
            h.add_edge(SOURCE, n)
    return h


def _service_elements(design: Design) -> set[str]:
    """The utility and its service bus: common to every path of a single-service site by nature."""
    return {design.utility.id, design.utility.bus}


def redundancy(design: Design, g: nx.DiGraph | None = None) -> list[RackRedundancy]:
    """Per rack: elements every path from every source passes through, A/B shared elements, policy verdict.

    Notes
    -----
    Single points of failure are the dominators of the rack in the graph with a super-source joined to
    every source (Cooper, Harvey & Kennedy's iterative algorithm, via networkx). The A and B paths of a
    rack share an element when it is an ancestor of two of the rack's feed buses. The utility service and
    its bus are reported but not counted against independence: a site with one service cannot avoid them
    (they are covered by the service's own reliability, not by the in-site design).
    """
    g = g if g is not None else power_graph(design)
    h = _with_super_source(g)
    idom = nx.immediate_dominators(h, SOURCE)
    service = _service_elements(design)
    policy = design.goal.power_redundancy if design.goal else "N"
    ancestors_cache: dict[str, set[str]] = {}

    def ancestors(bus: str) -> set[str]:
        if bus not in ancestors_cache:
            ancestors_cache[bus] = (nx.ancestors(g, bus) | {bus}) if bus in g else set()
        return ancestors_cache[bus]

    out = []
    for rack in rack_instances(design):
        spof = []
        if rack.id in idom:
            node = idom[rack.id]
            while node != SOURCE:
                spof.append(node)
                node = idom[node]
        spof = sorted(n for n in spof if n not in service)
        shared: set[str] = set()
        feeds = rack.feeds
        for i in range(len(feeds)):
            for j in range(i + 1, len(feeds)):
                shared |= ancestors(feeds[i]) & ancestors(feeds[j])
        shared_counted = sorted(n for n in shared if n not in service and g.nodes[n]["kind"] != "source")
        independent = len(feeds) >= 2 and not shared_counted
        if rack.id not in idom:
            meets, reason = False, "not fed from any source"
        elif policy == "N":
            meets, reason = True, "one path is enough for N"
        elif policy == "2N":
            meets = independent
            reason = "A and B paths share " + ", ".join(shared_counted) if shared_counted else (
                "fewer than two feeds" if len(feeds) < 2 else "A and B paths independent below the service")
        else:  # N+1 and block-redundant: no single point of failure below the service
            meets = len(feeds) >= 2 and not spof
            reason = "single points of failure: " + ", ".join(spof) if spof else (
                "fewer than two feeds" if len(feeds) < 2 else "no single point of failure below the service")
        out.append(RackRedundancy(rack.id, feeds, spof, shared_counted, independent, policy, meets, reason))
    return out


def contingency_elements(design: Design) -> list[str]:
    """Elements whose single outage N-1 studies: transformers, switchboards/switchgear, feeders, busway, PDUs, UPS."""
    e = design.electrical
    ids = [t.id for t in e.transformers]
    ids += [b.id for b in e.buses if b.kind in ("switchgear", "switchboard", "panelboard")]
    ids += [c.id for c in e.cables] + [b.id for b in e.busways] + [p.id for p in e.pdus] + [u.id for u in e.ups]
    return sorted(ids)


def unfed_after_outage(g: nx.DiGraph, element: str) -> set[str]:
    """Nodes no longer reachable from any source when ``element`` is out of service."""
    h = nx.restricted_view(g, [element], [])
    sources = [n for n, d in h.nodes(data=True) if d["kind"] == "source"]
    fed = set(sources)
    for s in sources:
        fed |= nx.descendants(h, s)
    return set(h.nodes) - fed


def unfed_after_outages(g: nx.DiGraph, elements) -> dict[str, frozenset[str]]:
    """For each element, the nodes no longer reachable from any source when it alone is out of service.

    Parameters
    ----------
    g : networkx.DiGraph
        The power graph (:func:`power_graph`).
    elements : iterable of str
        Nodes to take out, one at a time.

    Returns
    -------
    unfed : dict of str to frozenset of str
        The same sets as :func:`unfed_after_outage` (the element itself is out, not unfed: it is not in
        its set), for every element at once.

    Notes
    -----
    A node ``v`` fed in the intact graph loses every source when ``e`` is removed exactly when ``e``
    dominates ``v`` in the graph with a super-source joined to every source (every path to ``v`` passes
    through ``e``). So the nodes lost with ``e`` are ``e``'s subtree in the dominator tree (built once by
    networkx: Cooper, Harvey & Kennedy, "A simple, fast dominance algorithm", 2001), plus the nodes
    already unfed in the intact graph. One pre-order walk of the tree numbers the nodes so that each
    subtree is a contiguous slice: the cost is one dominator tree and the size of the answers, instead of
    one graph search per element.
    """
    dom = dominator_order(g)
    order, start, end, unfed = dom.order, dom.start, dom.end, dom.unfed
    out: dict[str, frozenset[str]] = {}
    for element in elements:
        if element in start:
            out[element] = unfed.union(order[start[element] + 1:end[element]])
        else:
            out[element] = unfed - {element}
    return out


@dataclass(frozen=True)
class DominatorOrder:
    """The dominator tree of a power graph numbered in depth-first pre-order.

    Attributes
    ----------
    order : list of str
        The nodes fed in the intact graph, in pre-order of the dominator tree (the super-source first).
    start, end : dict of str to int
        Each fed node's slice ``order[start:end]``: the node and every node it dominates.
    unfed : frozenset of str
        The nodes no source feeds in the intact graph.
    """

    order: list
    start: dict
    end: dict
    unfed: frozenset


def dominator_order(g: nx.DiGraph) -> DominatorOrder:
    """The dominator tree of ``g`` (with a super-source joined to every source) in pre-order.

    Parameters
    ----------
    g : networkx.DiGraph
        The power graph (:func:`power_graph`).

    Returns
    -------
    DominatorOrder
        The nodes lost with ``e`` (``e`` included) are ``order[start[e]:end[e]]`` plus ``unfed``; see
        :func:`unfed_after_outages`. Children are visited in sorted order, so the numbering is stable.
    """
    h = _with_super_source(g)
    idom = nx.immediate_dominators(h, SOURCE)
    children: dict[str, list[str]] = {}
    for node, parent in idom.items():
        if node != SOURCE:
            children.setdefault(parent, []).append(node)
    order: list[str] = []
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    stack: list[tuple[str, bool]] = [(SOURCE, False)]
    while stack:
        node, done = stack.pop()
        if done:
            end[node] = len(order)
            continue
        start[node] = len(order)
        order.append(node)
        stack.append((node, True))
        stack.extend((child, False) for child in sorted(children.get(node, ()), reverse=True))
    return DominatorOrder(order, start, end, frozenset(n for n in g.nodes if n not in idom))


__all__ = [
    "Finding", "RackInstance", "RackRedundancy", "check_every_load_fed", "check_no_loops", "check_rack_feeds",
    "DominatorOrder", "check_voltage_levels", "consistency_findings", "contingency_elements", "cooling_loads",
    "dominator_order", "power_graph",
    "rack_instances", "redundancy", "unfed_after_outage", "unfed_after_outages",
]
