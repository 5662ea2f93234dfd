"""Build the proposed Design from a selection: halls, floor layout, power and cooling elements.

Order of work: share the racks among the halls (whole scalable units, halls filled in file order so
the others keep mining), give each hall its power groups, lay each hall out with the layout engine
(:func:`retrofit.layout.place`, with the hall's switchboards as equipment needing working space and
the CDUs at row ends), then cut the racks (in serpentine order) into power groups, busway runs and
TCS loops, assign CDUs to loops and mechanical loads to buses, and write every element. The protective
devices' interrupting steps and settings (:mod:`.protection_settings`) are written by the planner once the
backup equipment and the smoothing storage, which feed faults, are in place
(:func:`retrofit.planning.planner.build_and_verify`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..errors import RetrofitError
from ..model import CDU, Design
from ..units import Q_, magnitude, parse_quantity
from .assignment import assign_cdus, balance_counts, serpentine
from .basis import PlanBasis
from .build_cooling import HallCooling, LoopSpec, cooling_elements, pump_speed_note, tune_pump_speed
from .build_power import (
    EXISTING_SWITCHBOARD_SIZE_M,
    Group,
    Ids,
    PowerPlan,
    Segment,
    mv_elements,
    plan_power,
    rack_elements,
    segments,
)
from .design_copy import deep_copy
from .inventory import existing_blocks
from .yard_layout import cooling_layout, transformer_pads, yard_taken
from .layout_bridge import hall_positions, layout_api, rack_spec
from .selection import CDU_SIZES, LOOP_RACKS_MAX, ExistingGroup, Selection


class LayoutShortfall(RetrofitError):
    """The floor holds fewer racks than the selection asked for once the equipment is placed."""

    def __init__(self, hall: str, asked: int, placed: int):
        self.hall, self.asked, self.placed = hall, asked, placed
        super().__init__(f"{hall}: {asked:,} rack positions asked, {placed:,} placed")



@dataclass
class Proposal:
    """The proposed design and how it was put together.

    Attributes
    ----------
    design : Design
        The proposed design.
    layouts : dict
        ``{hall_id: HallLayout}`` from the layout engine.
    power : PowerPlan
        Lineups, groups and mechanical blocks.
    cooling : list of HallCooling
        Per hall: loops, heat, units.
    segments : list of Segment
        Busway runs.
    hall_racks : dict
        ``{hall_id: (compute, network)}`` racks per hall.
    group_racks : dict
        ``{group_id: compute racks}``.
    notes : list of str
        Decisions worth telling.
    """

    design: Design
    layouts: dict
    power: PowerPlan
    cooling: list[HallCooling]
    segments: list[Segment]
    hall_racks: dict[str, tuple[int, int]]
    group_racks: dict[str, int]
    notes: list[str] = field(default_factory=list)


def loops_for(n: int, racks_per_cdu: int, basis: PlanBasis) -> list[int]:
    """CDUs per TCS loop for ``n`` racks: fewest loops of at most ``LOOP_RACKS_MAX`` racks, then fewest CDUs.

    Parameters
    ----------
    n : int
        Compute racks of the hall [-].
    racks_per_cdu : int
        Racks one CDU serves [-].
    basis : PlanBasis
        The policies (:meth:`PlanBasis.units_surviving_a_side` gives a loop's CDUs).

    Returns
    -------
    list of int
        CDUs of each loop, spares included [-].

    Notes
    -----
    Each loop of m racks needs ceil(m / r) CDUs carrying it, installed so that it keeps them after any
    single outage (the policy's spare, and the outage of one power lineup).
    """
    if n <= 0:
        return []
    per_loop = max(1, min(LOOP_RACKS_MAX, max(CDU_SIZES) * racks_per_cdu))
    count = math.ceil(n / per_loop)
    sizes = balance_counts([per_loop] * count, n)
    return [basis.units_surviving_a_side(math.ceil(m / racks_per_cdu)) for m in sizes]


def _hall_split(design: Design, basis: PlanBasis, n_compute: int, positions: dict[str, int],
                weights: dict[str, float]) -> dict[str, tuple[int, int]]:
    """Compute and network racks per hall, in whole scalable units.

    Each hall takes a share of the units in proportion to ``weights`` (the rack capacity of the power
    groups already standing in it, so each hall is converted on its own infrastructure; equal shares
    when no hall has any), by the largest-remainder method, within what its floor holds; what a full
    hall cannot take goes to the others in the same way. The last, partial unit goes to the hall with
    the most room.
    """
    rps = basis.racks_per_su
    su_size = rps + basis.network_per_su
    cap = {h.id: positions.get(h.id, 0) // su_size for h in design.halls}
    total_su, rest = divmod(n_compute, rps)
    if rest:
        total_su += 1
    w = {h: weights.get(h, 0.0) for h in cap}
    if sum(w.values()) <= 0:
        w = {h: 1.0 for h in cap}
    units = {h: 0 for h in cap}
    left = total_su
    while left > 0:
        open_halls = [h for h in cap if units[h] < cap[h] and w[h] > 0] or [h for h in cap if units[h] < cap[h]]
        if not open_halls:
            raise LayoutShortfall("all halls", n_compute, sum(units.values()) * rps)
        weight = sum(w[h] for h in open_halls) or len(open_halls)
        shares = {h: left * (w[h] or 1.0) / weight for h in open_halls}
        give = {h: min(int(shares[h]), cap[h] - units[h]) for h in open_halls}
        if sum(give.values()) == 0:
            h = max(open_halls, key=lambda h: (shares[h] - int(shares[h]), cap[h] - units[h], h))
            give[h] = 1
        for h, g in give.items():
            units[h] += g
            left -= g
    out = {}
    partial_hall = max((h for h in units if units[h]), key=lambda h: (cap[h] - units[h], h)) if rest else None
    for h in cap:
        if units[h] == 0:
            continue
        n = units[h] * rps - (rps - rest if h == partial_hall else 0)
        out[h] = (n, basis.network_racks(n))
    return out


def _group_weights(plan: PowerPlan) -> dict[str, float]:
    """Rack capacity of the existing power groups standing in each hall [-]."""
    out: dict[str, float] = {}
    for g in plan.groups:
        if g.existing and g.hall is not None:
            out[g.hall] = out.get(g.hall, 0.0) + g.racks
    return out


def build_proposal(design: Design, basis: PlanBasis, sel: Selection, catalog: Catalog,
                   pump_candidates=None) -> Proposal:
    """The proposed design for selection ``sel`` (see the module docstring).

    Parameters
    ----------
    design : Design
        The existing site.
    basis : PlanBasis
        Racks, policies, temperatures.
    sel : Selection
        The chosen upgrade.
    catalog : Catalog
        Catalog.
    pump_candidates : list of PumpOption, optional
        Facility pump models to choose from.

    Returns
    -------
    Proposal
        The proposed design, its layouts, power plan, cooling and notes.

    Notes
    -----
    ``pump_candidates`` are the facility pump models tried at each loop's actual system curve
    (default: the selection's model).

    Raises
    ------
    LayoutShortfall
        When a hall holds fewer racks than asked once its equipment and CDUs are placed.
    """
    api = layout_api()
    new = deep_copy(design)
    ids = Ids(new)
    blocks = {b.id: b for b in existing_blocks(new, basis)}
    groups = [ExistingGroup(tuple(blocks[b.id] for b in g.blocks), g.racks, g.usd, g.ik_a) for g in sel.existing]
    plan = plan_power(new, basis, list(blocks.values()), groups, sel.new_power, sel.new_mech, catalog, ids)
    notes = list(plan.notes)
    removed_miners = sum(m.count for m in new.loads.miners)
    new.loads.miners = []
    new.cooling.exhaust_fans = []
    if removed_miners:
        notes.append(f"{removed_miners:,} miners and their exhaust fans removed")
    c = new.cooling
    replaced = [x.id for x in new.loads.racks + c.loops + c.cdus + c.pumps + c.heat_rejection + c.crahs + c.rear_doors]
    if replaced:
        # the plan lays out the racks and their whole cooling plant afresh (existing liquid cooling is not reused)
        new.loads.racks = []
        c.loops, c.cdus, c.pumps, c.heat_rejection, c.crahs, c.rear_doors = [], [], [], [], [], []
        notes.append(f"existing racks and cooling plant replaced by the plan's: {', '.join(replaced)}")
    e = new.electrical
    dropped = [x.id for x in e.busways + e.pdus]
    if dropped:
        # rack distribution follows the new rows: the old runs feed nothing once the racks are re-laid
        taps = {x.to_bus for x in e.busways + e.pdus}
        e.busways, e.pdus = [], []
        e.breakers = [x for x in e.breakers if x.protects not in dropped]
        e.buses = [x for x in e.buses if not (x.id in taps and x.kind in ("busway_tap", "node"))]
        notes.append(f"existing rack distribution taken out (the new rows get new busway): {', '.join(dropped)}")
    _remove_blocks(new, plan, blocks)
    spec = rack_spec(basis)
    cdu = CDU(id="x", facility_loop="f", tcs_loop="t", **sel.cdu.entry.data)
    cdu_size = (magnitude(cdu.width, "m"), magnitude(cdu.depth, "m"))
    equipment0 = _equipment(new, plan, None)
    positions = hall_positions(new, basis, spec, cdu_size, sel.cdu.racks, equipment0)
    split = _hall_split(new, basis, sel.n_compute, positions, _group_weights(plan))
    hall_groups = _groups_to_halls(new, plan, split, sel, notes, ids)
    first_hall = next(iter(split))
    for b in plan.mech:
        if b.hall is None:
            b.hall = max(split, key=lambda h: split[h][0]) if split else first_hall
    layouts, all_segments, cooling, group_racks = {}, [], [], {}
    switchboard_points: dict[str, tuple[float, float]] = {}
    feeder_length: dict[str, float] = {}
    service_heights = {h.id: magnitude(h.clear_height, "m") for h in new.halls}
    hall_by_id = {h.id: h for h in new.halls}
    s_net = basis.network.s_electrical_va if basis.network else 0.0
    hall_load_va = {h: n * basis.compute.s_electrical_va + nn * s_net for h, (n, nn) in split.items()}
    per_hall_loops = {}
    for hall_id, (n_c, n_n) in split.items():
        loop_sizes = list(sel.loops) if len(split) == 1 else loops_for(n_c, sel.cdu.racks, basis)
        per_hall_loops[hall_id] = loop_sizes
        hall = hall_by_id[hall_id]
        equipment = _equipment(new, plan, hall_id)
        lay = api.place(hall, spec, n_c + n_n, basis.criteria, n_cdus=sum(loop_sizes), cdu_size_m=cdu_size,
                        electrical_equipment=equipment, cdu_mass_kg=magnitude(cdu.mass, "kg"))
        if len(lay.racks) < n_c + n_n or len(lay.cdus) < sum(loop_sizes):
            raise LayoutShortfall(hall_id, n_c + n_n, len(lay.racks))
        layouts[hall_id] = lay
        for p in lay.equipment:
            switchboard_points[p.id] = (p.x_m + p.width_m / 2, p.y_m + p.depth_m / 2)
        new_blocks = [b for g in hall_groups[hall_id] for b in g.blocks if b.existing is None] + \
                     [b for b in plan.mech if b.hall == hall_id and b.existing is None]
        feeder_length.update(transformer_pads(lay, hall, [b.transformer for b in new_blocks], _mv_point(hall),
                                              [_block_kva(b) for b in new_blocks], catalog))
        placed = {p.id: p for p in lay.racks}
        order = [placed[r] for r in serpentine(lay.rows) if r in placed]
        racks = _rack_roles(order, n_c, n_n, basis, hall_id)
        compute = [r for r in racks if r["kind"] == "compute"]
        loop_caps = [basis.duty_units(k) * sel.cdu.racks for k in loop_sizes]
        loop_counts = balance_counts(loop_caps, n_c)
        loop_specs, start = [], 0
        for li, count in enumerate(loop_counts):
            lid = ids.new(f"tcs-{hall_id}-{li + 1}")
            for r in compute[start:start + count]:
                r["loop"] = lid
            loop_specs.append(LoopSpec(lid, compute[start:start + count], [], []))
            start += count
        centres = [(sum(r["x"] for r in s.racks) / max(len(s.racks), 1), sum(r["y"] for r in s.racks) / max(len(s.racks), 1))
                   for s in loop_specs]
        cdu_points = [(p.x_m + p.width_m / 2, p.y_m + p.depth_m / 2) for p in lay.cdus[:sum(loop_sizes)]]
        chosen = assign_cdus(centres, loop_sizes, cdu_points)
        for li, (s, members) in enumerate(zip(loop_specs, chosen)):
            s.cdu_ids = [ids.new(f"cdu-{hall_id}-{li + 1}-{j + 1}") for j in range(len(members))]
            s.cdu_points = [cdu_points[i] for i in members]
        hgroups = hall_groups[hall_id]
        counts = balance_counts([g.racks for g in hgroups], n_c)
        for g, cnt in zip(hgroups, counts):
            group_racks[g.id] = cnt
        owner = _owners(racks, hgroups, counts)
        for g in hgroups:
            all_segments += segments(g, [r for r in racks if owner[r["id"]] == g.id], sel.busway, basis)
        mech = [(b.lv_bus, _mech_capacity(new, b)) for b in plan.mech if b.hall == hall_id] or \
               [(b.lv_bus, _mech_capacity(new, b)) for b in plan.mech]
        if not mech:
            raise RetrofitError("no mechanical bus for the cooling plant: the selection gave none")
        wall = 0.0 if sum(p[1] for p in cdu_points) / max(len(cdu_points), 1) < magnitude(hall.width, "m") / 2 else magnitude(hall.width, "m")
        mech_blocks = [b for b in plan.mech if b.hall == hall_id] or list(plan.mech)
        cooling.append(cooling_elements(new, basis, sel, hall_id, loop_specs, n_n, mech, catalog, ids,
                                        service_heights[hall_id], spec.depth_m, wall, pump_candidates,
                                        [b.lineup for b in mech_blocks], *yard_taken(lay, hall, wall)))
        notes += cooling[-1].notes
        cooling_layout(lay, hall, cooling[-1], [u for u in new.cooling.crahs if u.hall == hall_id], basis.criteria)
    used_groups = [g for gs in hall_groups.values() for g in gs]
    all_blocks = [b for g in used_groups for b in g.blocks] + [b for b in plan.mech if b.hall in split]
    for b in all_blocks:
        if b.existing is None and b.hall is None:
            b.hall = first_hall
    notes += mv_elements(new, plan, all_blocks, catalog, ids, hall_load_va, feeder_length)
    _size_existing_switchboards(new, all_blocks)
    rack_elements(new, all_segments, sel.busway, basis, catalog, ids, switchboard_points, service_heights, spec.width_m)
    for hc in cooling:
        speed = tune_pump_speed(new, hc.facility_loop, basis)
        notes.append(pump_speed_note(new, hc.facility_loop, basis, speed, pump_candidates or [sel.pump]))
    plan.groups = used_groups
    return Proposal(new, layouts, plan, cooling, all_segments, split, group_racks, notes)


def _remove_blocks(design: Design, plan: PowerPlan, blocks: dict) -> None:
    """Take out transformers that feed nothing in the proposal, with their LV bus, breakers and loads."""
    e = design.electrical
    for tid in plan.removed:
        b = blocks[tid]
        lv = b.transformer.lv_bus
        e.transformers = [t for t in e.transformers if t.id != tid]
        e.breakers = [x for x in e.breakers if x.protects != tid and x.bus != lv
                      and (b.mv_cable is None or x.protects != b.mv_cable.id)]
        if b.mv_cable is not None:
            e.cables = [c for c in e.cables if c.id != b.mv_cable.id]
            e.buses = [x for x in e.buses if x.id != b.transformer.hv_bus]
        e.buses = [x for x in e.buses if x.id != lv]
        design.loads.other = [o for o in design.loads.other if o.bus != lv]


def _block_kva(block) -> float:
    """Rating of a new block's transformer: its catalog entry's [kVA]."""
    return float(parse_quantity(block.option.transformer.data["rating"], "apparent power").to("kVA").magnitude)


def _equipment(design: Design, plan: PowerPlan, hall: str | None) -> list[tuple]:
    """(id, width, depth) of the LV switchboards of the plan standing in ``hall`` (all when None)."""
    out = []
    for g in plan.groups:
        for b in g.blocks:
            if hall is None or b.hall == hall:
                out.append((b.lv_bus, b.width_m, b.depth_m))
    for b in plan.mech:
        if hall is None or b.hall == hall:
            out.append((b.lv_bus, b.width_m, b.depth_m))
    return out


def _groups_to_halls(design: Design, plan: PowerPlan, split: dict, sel: Selection, notes: list[str], ids: Ids) -> dict:
    """Give each hall with racks enough power groups: the existing ones standing in it, then new ones.

    Existing groups never move between halls; new groups go to the halls still short, the hall with
    the largest shortfall first. A hall still short after the selection's groups gets more of the
    cheapest new option (noted): the selection counted capacity site-wide, the halls need it whole.
    """
    out = {h: [g for g in plan.groups if g.existing and g.hall == h] for h in split}
    pool = [g for g in plan.groups if not g.existing]
    spare = [g for g in plan.groups if g.existing and g.hall not in split]

    def short(h):
        return split[h][0] - sum(g.racks for g in out[h])

    while pool and any(short(h) > 0 for h in split):
        h = max(split, key=lambda h: (short(h), h))
        g = pool.pop(0)
        g.hall = h
        for b in g.blocks:
            b.hall = h
        out[h].append(g)
    for h in split:
        while short(h) > 0:
            if not sel.new_power:
                raise RetrofitError(f"{h}: the power groups carry {split[h][0] - short(h):,} racks, {split[h][0]:,} needed")
            option = sel.new_power[0][0]
            n = len(plan.groups) + 1
            template = Group(f"p{n}", [], option.racks, h, False)
            for side in range(option.blocks_per_group):
                tag = f"{n}{'abc'[side]}" if option.blocks_per_group > 1 else f"{n}"
                sw = option.switchboard.data
                from .build_power import Block, switchboard_size_m
                template.blocks.append(Block(ids.new(f"tx-{tag}"), ids.new(f"swbd-{tag}"), side, h, option.v_ll,
                                             *switchboard_size_m(sw),
                                             None, option))
            plan.groups.append(template)
            out[h].append(template)
            notes.append(f"{h}: one more power group {template.id} ({option.id}) to carry the hall's racks")
    for g in pool + spare:
        notes.append(f"power group {g.id} ({', '.join(b.transformer for b in g.blocks)}) carries no racks")
    return out


def _rack_roles(order, n_c: int, n_n: int, basis: PlanBasis, hall: str) -> list[dict]:
    """The placed positions as compute and network racks: each SU's network racks in its middle."""
    su = basis.racks_per_su + basis.network_per_su
    out = []
    nets_left, comp_left = n_n, n_c
    for i, p in enumerate(order[:n_c + n_n]):
        in_su = i % su
        middle = basis.racks_per_su // 2
        is_net = nets_left > 0 and basis.network_per_su > 0 and middle <= in_su < middle + basis.network_per_su
        if comp_left == 0:
            is_net = True
        if nets_left == 0:
            is_net = False
        kind = "network" if is_net else "compute"
        if is_net:
            nets_left -= 1
        else:
            comp_left -= 1
        out.append({"id": p.id, "x": p.x_m, "y": p.y_m, "row": p.row, "kind": kind, "loop": None, "hall": hall})
    return out


def _owners(racks: list[dict], groups: list[Group], counts: list[int]) -> dict[str, str]:
    """Power group of each rack: compute racks in consecutive runs of the group counts; a network rack
    goes with the compute rack before it."""
    owner, gi, used = {}, 0, 0
    last = groups[0].id if groups else ""
    for r in racks:
        if r["kind"] == "compute":
            while gi < len(groups) and used >= counts[gi]:
                gi, used = gi + 1, 0
            last = groups[min(gi, len(groups) - 1)].id
            used += 1
        owner[r["id"]] = last
    return owner


def _mv_point(hall) -> tuple[float, float]:
    """Where the MV lineups stand: the centre of the hall's electrical room, else its south-west corner."""
    for o in hall.obstacles:
        if o.kind == "electrical_room":
            return (magnitude(o.x, "m") + magnitude(o.width, "m") / 2, magnitude(o.y, "m") + magnitude(o.depth, "m") / 2)
    return (0.0, 0.0)


def _mech_capacity(design: Design, block) -> float:
    """Spare capacity of a mechanical block for the cooling plant [VA]: normal capacity less kept loads."""
    if block.existing is not None:
        kept = sum(magnitude(o.p, "W") / o.power_factor for o in design.loads.other if o.bus == block.lv_bus)
        kept += sum(magnitude(m.p_rated, "W") * m.count / m.power_factor for m in design.loads.miners if m.bus == block.lv_bus)
        return max(block.existing.capacity.normal_va - kept, 1.0)
    return block.option.capacity_va


def _size_existing_switchboards(design: Design, blocks) -> None:
    """Give reused switchboards without a size the estimated one used for the layout (noted on the bus)."""
    buses = {b.id: b for b in design.electrical.buses}
    for blk in blocks:
        bus = buses.get(blk.lv_bus)
        if blk.existing is not None and bus is not None and (bus.width is None or bus.depth is None):
            bus.width = Q_(EXISTING_SWITCHBOARD_SIZE_M[0], "m")
            bus.depth = Q_(EXISTING_SWITCHBOARD_SIZE_M[1], "m")
            bus.notes = "size estimated for the layout (4,000 A switchboard of the catalog); measure on site"
    for bus in design.electrical.buses:
        # existing MV switchgear in a hall: the working space in front of it is checked (NEC 110.34)
        if (bus.kind == "switchgear" and bus.hall is not None and (bus.width is None or bus.depth is None)
                and 1000.0 < magnitude(bus.voltage, "V") <= 15000.0):
            bus.width = Q_(EXISTING_MV_SWITCHGEAR_SIZE_M[0], "m")
            bus.depth = Q_(EXISTING_MV_SWITCHGEAR_SIZE_M[1], "m")
            bus.notes = "size estimated for the layout (15 kV, 1,200 A metal-clad lineup of the catalog); measure on site"


EXISTING_MV_SWITCHGEAR_SIZE_M = (4.6, 2.4)
"""Front width and depth taken for existing 15 kV switchgear whose size the design does not give [m]
(the catalog's mv-swgr-13.8kv-1200a-25ka lineup; an estimate)."""


__all__ = ["LOOP_RACKS_MAX", "LayoutShortfall", "Proposal", "build_proposal", "loops_for"]
