"""The electrical part of the proposed design: MV lineups, transformer blocks, busways and rack groups.

Topology built (2N shown; N has one side, the distributed schemes three):

* the utility's point of delivery feeds one MV lineup per power path (a second or third lineup is
  added when the site has fewer, and the service then lands on a plain node with a feeder to each
  lineup: the single service stays the one common point, as :func:`retrofit.topology.redundancy`
  treats it);
* every block (transformer, LV switchboard, main breaker) hangs off the lineup of its path, existing
  blocks keeping their transformer, switchboard and breaker, their MV cable re-terminated when they
  change lineup (with a new MV breaker there);
* each rack busway runs from a block's switchboard to a tap bus along a row segment; a rack is fed
  from the tap buses of its group's paths (A and B);
* mechanical blocks (existing secondaries that cannot feed the racks but suit three-phase motors, or
  new ones) feed the cooling plant, alternating between lineups.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..catalog import Catalog, Entry
from ..layout.runs import busway_route
from ..model import (
    Breaker,
    Bus,
    Busway,
    Cable,
    Design,
    Position,
    RackGroup,
    Transformer,
)
from ..units import Q_, magnitude, parse_quantity
from .basis import PlanBasis
from .capacity import SQRT3
from .inventory import ExistingBlock, lineup_capacity_va, mv_lineups
from .options import (
    BuswayOption,
    MechOption,
    PowerOption,
    mv_breaker_for,
    mv_ik_a,
    price_of,
)
from .unit_costs import (
    MV_CABLE_R_OHM_PER_KFT,
    MV_CABLE_SET_AMPACITY_A,
    MV_CABLE_X_OHM_PER_KFT,
)

EXISTING_SWITCHBOARD_SIZE_M = (3.7, 1.5)
"""Front width and depth taken for an existing switchboard whose size the design does not give [m]
(the catalog's 4,000 A switchboards, swbd-415v-4000a-85ka-4w; an estimate)."""



def from_catalog(cls, entry: Entry, **fields):
    """An element of class ``cls`` from a catalog entry, with ``fields`` on top (``model`` set to the entry).

    Parameters
    ----------
    cls : type
        Element class.
    entry : Entry
        Catalog entry.
    **fields : 
        Fields given on top of the entry's data.

    Returns
    -------
    Element
        The validated element.
    """
    data = dict(entry.data)
    data.update(fields)
    data["model"] = entry.id
    return cls.model_validate(data)


@dataclass
class Block:
    """One transformer block of the proposal (existing or new)."""

    transformer: str
    lv_bus: str
    lineup: int
    hall: str | None
    v_ll: float
    width_m: float
    depth_m: float
    existing: ExistingBlock | None = None
    option: PowerOption | MechOption | None = None


@dataclass
class Group:
    """Blocks that feed racks together at the power policy (a 2N pair), with their capacity in racks."""

    id: str
    blocks: list[Block]
    racks: int
    hall: str | None
    existing: bool


@dataclass
class PowerPlan:
    """Decisions on the electrical side.

    Attributes
    ----------
    per_group : int
        Power paths per rack (1 for N, 2 for 2N, 3 for the distributed schemes).
    lineups : dict
        ``{hall_id: [lineup bus ids]}``, one per power path, filled by :func:`mv_elements`.
    new_lineups : list of str
        MV lineups the proposal adds.
    service_node : str or None
        The node the utility lands on when the service had to be split between lineups.
    groups, mech : list
        Power groups feeding racks, and mechanical blocks.
    """

    per_group: int
    lineups: dict
    new_lineups: list[str]
    service_node: str | None
    groups: list[Group]
    mech: list[Block]
    removed: list[str] = field(default_factory=list)
    moved_feeders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Ids:
    """Element ids of a design, handing out new ones that do not collide."""

    def __init__(self, design: Design):
        self.used = {e.id for _, e in design.elements()} | {b.id for b in design.electrical.buses}
        self.used |= {l.id for l in design.cooling.loops}

    def new(self, wanted: str) -> str:
        out, i = wanted, 2
        while out in self.used:
            out = f"{wanted}-{i}"
            i += 1
        self.used.add(out)
        return out


def plan_power(design: Design, basis: PlanBasis, blocks: list[ExistingBlock], existing_groups, new_power,
               new_mech, catalog: Catalog, ids: Ids) -> PowerPlan:
    """Which blocks feed racks, which feed the cooling plant, how many MV lineups, before the layout.

    Parameters
    ----------
    design : Design
        The existing site.
    basis : PlanBasis
        Policies and racks.
    blocks : list of ExistingBlock
        The site's transformer blocks.
    existing_groups : list of ExistingGroup
        Existing block groups the selection reuses for racks.
    new_power : list of (PowerOption, int)
        New block groups.
    new_mech : list of (MechOption, int)
        New mechanical blocks.
    catalog : Catalog
        Catalog.
    ids : Ids
        Id allocator.
    """
    per_group = {"N": 1, "2N": 2}.get(basis.power_policy, 3)
    plan = PowerPlan(per_group, {}, [], None, [], [])
    used = set()
    for gi, g in enumerate(existing_groups):
        members = []
        for side, eb in enumerate(g.blocks):
            bus = eb.bus
            w = magnitude(bus.width, "m") if bus is not None and bus.width is not None else EXISTING_SWITCHBOARD_SIZE_M[0]
            d = magnitude(bus.depth, "m") if bus is not None and bus.depth is not None else EXISTING_SWITCHBOARD_SIZE_M[1]
            members.append(Block(eb.id, eb.transformer.lv_bus, side, bus.hall if bus else None, eb.v_ll, w, d, eb))
            used.add(eb.id)
        plan.groups.append(Group(f"p{gi + 1}", members, g.racks, members[0].hall, True))
    n = len(plan.groups)
    for option, count in new_power:
        for _ in range(count):
            n += 1
            members = []
            for side in range(option.blocks_per_group):
                tag = f"{n}{'abc'[side]}" if option.blocks_per_group > 1 else f"{n}"
                sw = option.switchboard.data
                members.append(Block(ids.new(f"tx-{tag}"), ids.new(f"swbd-{tag}"), side, None, option.v_ll,
                                     *switchboard_size_m(sw),
                                     None, option))
            plan.groups.append(Group(f"p{n}", members, option.racks, None, False))
    mech_index = 0
    for eb in blocks:
        if eb.id in used:
            continue
        if eb.mechanical_ok and not (eb.compute_ok and eb.network_ok):
            bus = eb.bus
            w = magnitude(bus.width, "m") if bus is not None and bus.width is not None else EXISTING_SWITCHBOARD_SIZE_M[0]
            d = magnitude(bus.depth, "m") if bus is not None and bus.depth is not None else EXISTING_SWITCHBOARD_SIZE_M[1]
            plan.mech.append(Block(eb.id, eb.transformer.lv_bus, mech_index % per_group, bus.hall if bus else None,
                                   eb.v_ll, w, d, eb))
            mech_index += 1
        elif eb.compute_ok and eb.network_ok:
            # a suitable block left over (odd count): kept as a mechanical block when its voltage allows
            bus = eb.bus
            plan.mech.append(Block(eb.id, eb.transformer.lv_bus, mech_index % per_group, bus.hall if bus else None,
                                   eb.v_ll, EXISTING_SWITCHBOARD_SIZE_M[0], EXISTING_SWITCHBOARD_SIZE_M[1], eb))
            mech_index += 1
            plan.notes.append(f"{eb.id}: suits the racks but has no partner at the {basis.power_policy} policy; "
                              "it feeds the cooling plant")
        else:
            plan.removed.append(eb.id)
    for option, count in new_mech:
        for _ in range(count):
            mech_index += 1
            sw = option.switchboard.data
            plan.mech.append(Block(ids.new(f"tx-mech-{mech_index}"), ids.new(f"mech-{mech_index}"),
                                   (mech_index - 1) % per_group, None, option.v_ll,
                                   *switchboard_size_m(sw), None, option))
    return plan


def switchboard_size_m(data: dict) -> tuple[float, float]:
    """Width and depth of a catalog switchboard from its entry's data [m]."""
    return magnitude(parse_quantity(data["width"], "length"), "m"), magnitude(parse_quantity(data["depth"], "length"), "m")


# --- elements -------------------------------------------------------------------------------------

def mv_elements(design: Design, plan: PowerPlan, blocks_all: list[Block], catalog: Catalog, ids: Ids,
                hall_load_va: dict[str, float], feeder_length_m: dict[str, float]) -> list[str]:
    """Add the MV lineups, the service split and every block's MV feeder to ``design`` (in place).

    Parameters
    ----------
    design : Design
        The design being built (changed in place).
    plan : PowerPlan
        The power plan; its lineups are filled here.
    blocks_all : list of Block
        Every block feeding racks or the plant.
    catalog : Catalog
        Catalog.
    ids : Ids
        Id allocator.
    hall_load_va : dict
        Rack load of each hall [VA].
    feeder_length_m : dict
        MV feeder length of each new transformer [m].

    Returns
    -------
    list of str
        Notes.

    Notes
    -----
    Each hall uses the MV lineups that stand in it (else the site's); where it has fewer than its
    power paths, lineups are added, fed from the bus that feeds its first lineup (a new feeder and
    breaker there), or, when that lineup is the utility's own bus, the service is moved onto a new
    node feeding each lineup. Returns the notes of what was done.
    """
    e = design.electrical
    u = design.utility
    v_mv = magnitude(u.voltage, "V")
    ik = mv_ik_a(magnitude(u.sk, "VA"), v_mv)
    breaker = mv_breaker_for(catalog, v_mv, ik, u.xr_ratio)
    kv_class = Q_(15.0 if v_mv <= 15e3 else 35.0, "kV")
    notes = []
    existing = mv_lineups(design)
    by_hall: dict = {}
    for bus in existing:
        by_hall.setdefault(bus.hall, []).append(bus.id)
    halls = sorted({b.hall for b in blocks_all}, key=str)

    def feeder(from_bus: str, to_bus: str, load_va: float, length_m: float, why: str) -> None:
        current = load_va / (SQRT3 * v_mv)
        sets = max(1, math.ceil(current / MV_CABLE_SET_AMPACITY_A))
        cable = ids.new(f"mvc-{to_bus}")
        e.cables.append(Cable(id=cable, from_bus=from_bus, to_bus=to_bus, material="Cu", size="500 kcmil", sets=sets,
                              length=Q_(round(length_m, 1), "m"), voltage_rating=kv_class, insulation="MV-105",
                              insulation_rating=Q_(105.0, "degC"),
                              r_per_length=Q_(MV_CABLE_R_OHM_PER_KFT["500 kcmil"], "ohm/kft"),
                              x_per_length=Q_(MV_CABLE_X_OHM_PER_KFT["500 kcmil"], "ohm/kft"),
                              notes=f"{why}, sized for {current:.0f} A"))
        if breaker is not None:
            e.breakers.append(from_catalog(Breaker, breaker, id=ids.new(f"cb-{cable}"), bus=from_bus, protects=cable))

    for hall in halls:
        mine = list(by_hall.get(hall) or by_hall.get(None) or [b.id for b in existing])
        load = hall_load_va.get(hall, sum(hall_load_va.values()))
        if not mine:
            raise ValueError("the site has no MV switchgear to feed the transformer blocks from")
        while len(mine) < plan.per_group:
            first = mine[0]
            upstream = next((c for c in e.cables if c.to_bus == first), None)
            if upstream is None and u.bus == first and plan.service_node is None:
                plan.service_node = ids.new("mv-service")
                e.buses.append(Bus(id=plan.service_node, voltage=u.voltage, kind="node",
                                   notes="utility point of delivery: one service lateral to each MV lineup"))
                u.bus = plan.service_node
                feeder(plan.service_node, first, magnitude(u.capacity, "VA"), 30.0, "service lateral")
                notes.append(f"service moved onto {plan.service_node}, which feeds {first}")
                upstream = next(c for c in e.cables if c.to_bus == first)
            if upstream is None:
                raise ValueError(f"cannot add a lineup beside {first}: nothing feeds it")
            swgr = _mv_switchgear(catalog, v_mv, ik, load)
            new_id = ids.new(f"{first}-{'abc'[len(mine)]}")
            hall_of_first = next((b.hall for b in e.buses if b.id == first), None)
            e.buses.append(from_catalog(Bus, swgr, id=new_id, hall=hall_of_first))
            feeder(upstream.from_bus, new_id, load if upstream.from_bus != plan.service_node else magnitude(u.capacity, "VA"),
                   magnitude(upstream.length, "m"), f"feeder of the new lineup beside {first}")
            plan.new_lineups.append(new_id)
            mine.append(new_id)
            notes.append(f"new MV lineup {new_id} ({swgr.id}) beside {first}, fed from {upstream.from_bus}")
        plan.lineups[hall] = mine
        by_hall[hall] = mine
    for b in blocks_all:
        lineup = plan.lineups[b.hall][b.lineup % len(plan.lineups[b.hall])]
        if b.existing is not None:
            cable = b.existing.mv_cable
            if cable is not None and cable.from_bus != lineup:
                old = b.existing.mv_breaker
                if old is not None:
                    e.breakers.remove(next(x for x in e.breakers if x.id == old.id))
                cable.from_bus = lineup
                if breaker is not None:
                    e.breakers.append(from_catalog(Breaker, breaker, id=ids.new(f"cb-{cable.id}-{lineup}"), bus=lineup,
                                                   protects=cable.id))
                plan.moved_feeders.append(cable.id)
                notes.append(f"{b.transformer}: MV cable {cable.id} re-terminated on {lineup} with a new breaker"
                             + (f" (old breaker {old.id} freed)" if old is not None else ""))
            continue
        hv = ids.new(f"mv-{b.transformer}")
        e.buses.append(Bus(id=hv, voltage=u.voltage, kind="node"))
        cable = ids.new(f"mvc-{b.transformer}")
        e.cables.append(Cable(id=cable, from_bus=lineup, to_bus=hv, material="Cu", size="1/0 AWG",
                              length=Q_(round(feeder_length_m.get(b.transformer, 100.0), 1), "m"),
                              voltage_rating=kv_class, insulation="MV-105", insulation_rating=Q_(105.0, "degC"),
                              r_per_length=Q_(MV_CABLE_R_OHM_PER_KFT["1/0 AWG"], "ohm/kft"),
                              x_per_length=Q_(MV_CABLE_X_OHM_PER_KFT["1/0 AWG"], "ohm/kft")))
        if breaker is not None:
            e.breakers.append(from_catalog(Breaker, breaker, id=ids.new(f"cb-{cable}"), bus=lineup, protects=cable))
        opt = b.option
        e.transformers.append(from_catalog(Transformer, opt.transformer, id=b.transformer, hv_bus=hv, lv_bus=b.lv_bus))
        e.buses.append(from_catalog(Bus, opt.switchboard, id=b.lv_bus, hall=b.hall))
        e.breakers.append(from_catalog(Breaker, opt.breaker, id=ids.new(f"cb-main-{b.transformer}"), bus=b.lv_bus,
                                       protects=b.transformer))
    return notes


def _mv_switchgear(catalog: Catalog, v_mv: float, ik_a: float, load_va: float) -> Entry:
    """Cheapest MV switchgear of the service voltage with withstand and bus rating for the site load."""
    best = None
    for entry in catalog.list("switchboard"):
        bus = Bus(id="x", **entry.data)
        if bus.kind != "switchgear" or abs(magnitude(bus.voltage, "V") / v_mv - 1) > 0.01:
            continue
        if bus.sccr is not None and magnitude(bus.sccr, "A") < ik_a:
            continue
        if lineup_capacity_va(bus) < load_va:
            continue
        if best is None or (price_of(entry).usd or math.inf) < (price_of(best).usd or math.inf):
            best = entry
    if best is None:
        raise ValueError(f"no MV switchgear in the catalog at {v_mv / 1e3:g} kV for {load_va / 1e6:.1f} MVA")
    return best


@dataclass
class Segment:
    """Racks of one busway run: consecutive positions in one row of one group."""

    group: Group
    pair: tuple[int, ...]
    racks: list[dict]  # {"id", "x", "y", "row", "kind" (compute/network), "loop"}


def segments(group: Group, racks: list[dict], busway: BuswayOption, basis: PlanBasis) -> list[Segment]:
    """Cut a group's racks (in layout order) into busway runs.

    Parameters
    ----------
    group : Group
        The power group.
    racks : list of dict
        Its racks in layout order.
    busway : BuswayOption
        The busway model.
    basis : PlanBasis
        Racks (currents [A]) and criteria.

    Returns
    -------
    list of Segment
        Busway runs.

    Notes
    -----
    A run ends at a row change, at the busway's rack count, or where one more rack would take the run
    above the criteria's busway loading (network racks count by their current). With three blocks
    (distributed redundancy) the racks are first split into three sub-groups fed A-B, B-C and C-A.
    """
    pairs = {1: [(0,)], 2: [(0, 1)], 3: [(0, 1), (1, 2), (2, 0)]}[len(group.blocks)]
    out = []
    chunk = math.ceil(len(racks) / len(pairs)) if racks else 0
    k = _m_ratio(basis)
    v = group.blocks[0].v_ll
    limit = k * magnitude(parse_quantity(busway.busway.data["rating"], "current"), "A")
    i_c = basis.compute.current_a(v)
    i_n = basis.network.current_a(v) if basis.network else 0.0
    for p, pair in enumerate(pairs):
        part = racks[p * chunk:(p + 1) * chunk]
        current: list[dict] = []
        amps = 0.0
        for r in part:
            amp = i_c if r["kind"] == "compute" else i_n
            computes = sum(1 for x in current if x["kind"] == "compute")
            if current and (r["row"] != current[-1]["row"] or amps + amp > limit
                            or (r["kind"] == "compute" and computes >= busway.racks)):
                out.append(Segment(group, pair, current))
                current, amps = [], 0.0
            current.append(r)
            amps += amp
        if current:
            out.append(Segment(group, pair, current))
    return out


def _m_ratio(basis: PlanBasis) -> float:
    return magnitude(basis.criteria.max_busway_loading, "dimensionless")


def rack_elements(design: Design, segs: list[Segment], busway: BuswayOption, basis: PlanBasis, catalog: Catalog,
                  ids: Ids, switchboard_point: dict[str, tuple[float, float]], service_height_m: dict[str, float],
                  rack_width_m: float) -> None:
    """Add the busways, their breakers and tap buses, and the rack groups of every segment (in place).

    Parameters
    ----------
    design : Design
        The design being built (changed in place).
    segs : list of Segment
        Busway runs.
    busway : BuswayOption
        Busway model.
    basis : PlanBasis
        Racks.
    catalog : Catalog
        Catalog.
    ids : Ids
        Id allocator.
    switchboard_point : dict
        Centre of each placed switchboard [m].
    service_height_m : dict
        Height of the overhead busway in each hall [m].
    rack_width_m : float
        Rack width [m].
    """
    e = design.electrical
    counter: dict[str, int] = {}
    compute_entry = catalog.get(basis.compute.model, "rack")
    network_entry = catalog.get(basis.network.model, "rack") if basis.network else None
    for seg in segs:
        feeds = []
        first, last = seg.racks[0], seg.racks[-1]
        extent = abs(last["x"] - first["x"]) + rack_width_m
        for side in seg.pair:
            block = seg.group.blocks[side]
            counter[block.transformer] = counter.get(block.transformer, 0) + 1
            tag = f"{block.transformer}-{counter[block.transformer]:02d}"
            tap = ids.new(f"tap-{tag}")
            bw = ids.new(f"bw-{tag}")
            sx, sy = switchboard_point.get(block.lv_bus, (first["x"], first["y"]))
            x0 = min(first["x"], last["x"])
            length = busway_route((sx, sy), x0, x0 + extent, first["y"], service_height_m.get(first["hall"], 0.0)).length_m
            e.buses.append(Bus(id=tap, voltage=Q_(block.v_ll, "V"), kind="busway_tap"))
            e.busways.append(from_catalog(Busway, busway.busway, id=bw, from_bus=block.lv_bus, to_bus=tap,
                                          length=Q_(round(length, 1), "m")))
            e.breakers.append(from_catalog(Breaker, busway.breaker, id=ids.new(f"cb-{bw}"), bus=block.lv_bus, protects=bw))
            feeds.append(tap)
        runs: list[list[dict]] = []
        for r in seg.racks:
            if runs and runs[-1][-1]["kind"] == r["kind"] and runs[-1][-1]["loop"] == r["loop"]:
                runs[-1].append(r)
            else:
                runs.append([r])
        base = feeds[0].removeprefix("tap-")
        for j, run in enumerate(runs):
            kind = run[0]["kind"]
            entry = compute_entry if kind == "compute" else network_entry
            gid = ids.new(f"{'r' if kind == 'compute' else 'n'}-{base}" + (f"-{j + 1}" if len(runs) > 1 else ""))
            design.loads.racks.append(from_catalog(
                RackGroup, entry, id=gid, count=len(run), feeds=feeds, tcs_loop=run[0]["loop"], hall=run[0]["hall"],
                row=run[0]["row"], positions=[Position(x=Q_(round(r["x"], 3), "m"), y=Q_(round(r["y"], 3), "m"))
                                              for r in run]))


__all__ = ["Block", "EXISTING_SWITCHBOARD_SIZE_M", "Group", "Ids", "PowerPlan", "Segment",
           "from_catalog", "mv_elements", "plan_power", "rack_elements", "segments"]
