"""Single outages across domains: every electrical and mechanical element taken out in turn, and what
each one takes away from the cooling plant.

An electrical outage (transformer, switchgear lineup, switchboard, panelboard, cable, busway, PDU, UPS,
or a breaker, which opens the element it protects) de-energises the nodes it dominates in the power
graph (:func:`retrofit.topology.unfed_after_outages`): its buses, the racks that lose every feed, and
the cooling equipment on those buses. A CDU with dual power inputs (``bus_b``) is lost only when both
of its buses are. A mechanical outage takes one unit out: a CDU, one pump of a facility pump set, one
unit of a heat-rejection bank, one CRAH of a group.

Maintenance differs from a fault where the design can isolate a passive element that never fails on
its own: the mains of every liquid loop. They are studied in the maintenance set (concurrent
maintainability, Uptime Institute Tier III), not as faults. The model has no cross-ties or transfer
switches in the power path other than dual-input CDUs, so the other maintenance outages have the
consequences of the fault of the same element.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..model import Design
from ..topology import contingency_elements, power_graph, rack_instances, unfed_after_outages

FAULT = "fault"
MAINTENANCE = "maintenance"

_BUS_KINDS = {"switchgear": "switchgear", "switchboard": "switchboard", "panelboard": "panelboard"}


@dataclass(frozen=True)
class Outage:
    """One single outage and what it takes away in each domain.

    Attributes
    ----------
    element : str
        The element out of service.
    kind : str
        Its kind (``transformer``, ``cable``, ``switchboard``, ``breaker``, ``cdu``, ``pump``,
        ``heat_rejection``, ``crah``, ``loop_main`` ...).
    domain : str
        ``electrical`` or ``mechanical``.
    mode : str
        ``fault`` or ``maintenance``.
    buses_lost : tuple of str
        Buses de-energised (sorted).
    racks_lost : tuple of str
        Racks that lose every power feed (sorted).
    cooling_lost : tuple of (str, int)
        Cooling elements taken away and how many of their units (pumps of a set, coolers of a bank,
        CRAHs of a group), sorted by id.
    loops_isolated : tuple of str
        Liquid loops whose main is isolated (maintenance).
    """

    element: str
    kind: str
    domain: str
    mode: str
    buses_lost: tuple[str, ...] = ()
    racks_lost: tuple[str, ...] = ()
    cooling_lost: tuple[tuple[str, int], ...] = ()
    loops_isolated: tuple[str, ...] = ()

    @property
    def cooling_key(self) -> frozenset:
        """What the cooling re-solve depends on: equal keys have equal surviving equipment."""
        return frozenset(self.cooling_lost) | frozenset(("loop", x) for x in self.loops_isolated)


def _cooling_items(design: Design):
    """(element id, kind, units, buses) of every cooling element that draws power."""
    c = design.cooling
    for x in c.cdus:
        yield x.id, "cdu", 1, tuple(b for b in (x.bus, x.bus_b) if b is not None)
    for kind, items in (("pump", c.pumps), ("heat_rejection", c.heat_rejection), ("crah", c.crahs)):
        for x in items:
            yield x.id, kind, x.count, ((x.bus,) if x.bus is not None else ())


def electrical_outages(design: Design, graph: nx.DiGraph | None = None, mode: str = FAULT) -> list[Outage]:
    """Every single electrical outage and the racks and cooling equipment it de-energises.

    Parameters
    ----------
    design : Design
        The design.
    graph : networkx.DiGraph, optional
        Its power graph, when already built.
    mode : str
        ``fault`` or ``maintenance`` (the consequences are the same in this model).

    Returns
    -------
    list of Outage
        The elements of :func:`retrofit.topology.contingency_elements`, then every breaker (its
        outage opens the element it protects), sorted by id.
    """
    g = graph if graph is not None else power_graph(design)
    elements = contingency_elements(design)
    lost = unfed_after_outages(g, elements)
    kinds = nx.get_node_attributes(g, "kind")
    bus_kind = {b.id: b.kind for b in design.electrical.buses}
    racks = {r.id for r in rack_instances(design)}
    at_bus: dict[str, list] = {}
    for cid, _, units, buses in _cooling_items(design):
        for b in buses:
            at_bus.setdefault(b, []).append((cid, units, buses))

    def consequences(element: str, kind: str) -> Outage:
        gone = lost.get(element, frozenset()) | {element}
        cool = tuple(sorted({(cid, units) for b in gone if b in at_bus for cid, units, buses in at_bus[b]
                             if all(x in gone for x in buses)}))
        return Outage(element, kind, "electrical", mode,
                      tuple(sorted(n for n in gone if kinds.get(n) == "bus")),
                      tuple(sorted(n for n in gone if n in racks)), cool)

    out = {}
    for element in elements:
        kind = kinds.get(element, "element")
        out[element] = consequences(element, _BUS_KINDS.get(bus_kind.get(element), kind) if kind == "bus" else kind)
    for br in design.electrical.breakers:
        if br.protects in out:
            o = out[br.protects]
            out[br.id] = Outage(br.id, "breaker", "electrical", mode, o.buses_lost, o.racks_lost, o.cooling_lost)
    return [out[k] for k in sorted(out)]


def mechanical_outages(design: Design, mode: str = FAULT) -> list[Outage]:
    """One unit of every mechanical element out: each CDU, one pump of each set, one unit of each
    heat-rejection bank, one CRAH of each group; in maintenance, also each liquid loop's main.

    Parameters
    ----------
    design : Design
        The design.
    mode : str
        ``fault`` or ``maintenance``.

    Returns
    -------
    list of Outage
        Sorted by element id.
    """
    c = design.cooling
    out = [Outage(x.id, "cdu", "mechanical", mode, cooling_lost=((x.id, 1),)) for x in c.cdus]
    out += [Outage(x.id, kind, "mechanical", mode, cooling_lost=((x.id, 1),))
            for kind, items in (("pump", c.pumps), ("heat_rejection", c.heat_rejection), ("crah", c.crahs))
            for x in items]
    if mode == MAINTENANCE:
        out += [Outage(f"{lp.id}.main", "loop_main", "mechanical", mode, loops_isolated=(lp.id,)) for lp in c.loops]
    return sorted(out, key=lambda o: o.element)


def all_outages(design: Design, graph: nx.DiGraph | None = None, mode: str = FAULT) -> list[Outage]:
    """Electrical then mechanical outages of ``mode`` (see :func:`electrical_outages`, :func:`mechanical_outages`)."""
    return electrical_outages(design, graph, mode) + mechanical_outages(design, mode)


__all__ = ["FAULT", "MAINTENANCE", "Outage", "all_outages", "electrical_outages", "mechanical_outages"]
