"""The planner's outdoor and wall equipment: transformer pads with their MV cable routes, the yard and
facility main of each hall's cooling, CRAHs along the walls; recorded on the hall's layout.

Every length here is a route on the hall plan (:mod:`retrofit.layout.runs`), and the design takes its
lengths from these routes: the MV cable of each new transformer, the facility main of each hall
(:func:`retrofit.planning.piping.facility_main`). The floor plan draws the same routes.
"""
from __future__ import annotations

import math

from ..layout.geometry import Rect, floor_from_hall
from ..layout.backup_yard import BackupPlacement
from ..layout.placement import Placed
from ..layout.runs import RoutedRun, cable_route
from ..layout.yard import PAD_FRONT_CLEARANCE_M, UNIT_END_GAP_M, place_crahs, place_pads
from ..units import magnitude

ROOM_BANDS = (1, 2, 3, 4)
"""Band lengths tried for an indoor UPS room, in prefabricated-module lengths (MODULE_MAX_M each): the
shortest room that finds a wall place is taken [-]."""

ROOM_GAP_M = UNIT_END_GAP_M
"""Space between the ends of transfer-switch and UPS enclosures in the yard (a walkway, as the coolers') [m]."""


def _room(hall) -> Rect | None:
    for o in hall.obstacles:
        if o.kind == "electrical_room":
            return Rect(magnitude(o.x, "m"), magnitude(o.y, "m"), magnitude(o.width, "m"), magnitude(o.depth, "m"),
                        o.id, o.kind)
    return None


def transformer_pads(layout, hall, transformers: list[str], mv_point: tuple[float, float], ratings_kva: list[float],
                     catalog) -> dict[str, float]:
    """Set the pads of a hall's new transformers outside the wall by its electrical room; their MV cables.

    The row stands off the wall by the fire separation of the largest oil volume among the pads
    (:func:`retrofit.layout.transformer_separation.liquid_fill`, the same rule as the BESS step-ups), or by
    the pads' door clearance where that is larger.

    Parameters
    ----------
    layout : HallLayout
        The hall's layout; the pads go to ``layout.outdoor`` and the cable routes to ``layout.runs``.
    hall : retrofit.model.Hall
        The hall [m].
    transformers : list of str
        Ids of the new transformers fed from this hall's MV lineup [-].
    mv_point : tuple of float
        Where the MV lineup stands (the electrical room's centre) [m].
    ratings_kva : list of float
        Each transformer's rating, in the order of ``transformers`` [kVA].
    catalog : Catalog
        Holds the ``transformer-liquid`` table [-].

    Returns
    -------
    dict of str to float
        Length of each transformer's MV cable: the rectilinear duct-bank route from the lineup to the
        pad's centre (:func:`retrofit.layout.runs.cable_route`) [m].
    """
    from ..layout.transformer_separation import liquid_fill
    if len(ratings_kva) != len(transformers):
        raise ValueError(f"{len(transformers)} transformers but {len(ratings_kva)} ratings")
    wall = max((liquid_fill(catalog, kva).separation_m for kva in ratings_kva), default=0.0)
    pads = place_pads(transformers, magnitude(hall.length, "m"), magnitude(hall.width, "m"), _room(hall), wall_m=wall)
    out = {}
    for pad in pads:
        route = cable_route(mv_point, (pad.x_m + pad.width_m / 2, pad.y_m + pad.depth_m / 2))
        layout.outdoor.append(pad)
        layout.runs.append(RoutedRun(pad.id, "mv_cable", route))
        out[pad.id] = route.length_m
    return out


def yard_taken(layout, hall, wall_y_m: float) -> tuple[float, list[tuple[float, float]]]:
    """The band outside the wall at ``wall_y_m`` that the hall's transformer pads take, with the front
    clearance of their doors, and the pads' x extents [m] (0 and none when no pad stands on that side)."""
    width = magnitude(hall.width, "m")
    pads = [p for p in layout.outdoor if p.kind == "transformer"]
    south = wall_y_m <= width / 2
    mine = [p for p in pads if (p.y_m < 0 if south else p.y_m >= width)]
    if not mine:
        return 0.0, []
    band = max(-p.y_m if south else p.y_m + p.depth_m - width for p in mine)
    return band + PAD_FRONT_CLEARANCE_M, [(p.x_m, p.x_m + p.width_m) for p in mine]


def cooling_layout(layout, hall, cooling, crahs, criteria) -> None:
    """Record a hall's yard units and facility main, and stand its CRAHs against the walls (in place).

    Parameters
    ----------
    layout : HallLayout
        The hall's layout (``outdoor``, ``runs`` and ``crahs`` are extended).
    hall : retrofit.model.Hall
        The hall [m].
    cooling : HallCooling
        The hall's cooling, with its facility main and yard.
    crahs : list of AirMover
        The hall's CRAH groups (one position per unit) [-].
    criteria : Criteria
        Perimeter walkway [m].
    """
    main = cooling.main
    if main is not None:
        layout.outdoor.extend(main.yard)
        if main.route is not None:
            layout.runs.append(RoutedRun(cooling.facility_loop, "facility_main", main.route))
    ids = [f"{c.id}.{k + 1}" for c in crahs for k in range(c.count)]
    if not ids:
        return
    blockers = [Rect(p.x_m, p.y_m, p.width_m, p.depth_m, p.id, p.kind)
                for p in layout.racks + layout.cdus + layout.equipment] + list(layout.aisles) + list(layout.working_spaces)
    placed = place_crahs(floor_from_hall(hall), ids, magnitude(criteria.perimeter_clearance, "m"), blockers)
    layout.crahs.extend(placed)
    if len(placed) < len(ids):
        layout.violations.append(f"{hall.id}: wall space for {len(placed)} of {len(ids)} CRAHs")




# ------------------------------------------------------------------------------------------------
# the backup policy's UPS room and yard (retrofit.layout.backup_yard)


def _kept(p: Placed) -> float:
    """Clear space an outdoor unit keeps beyond its far side: a pad's door clearance, a cooler's air intake
    (one unit depth, :func:`retrofit.layout.yard.place_coolers`) [m]."""
    return PAD_FRONT_CLEARANCE_M if p.kind == "transformer" else p.depth_m if p.kind == "cooler" else 0.0


def _yard_side(layout, hall, width_m: float) -> str:
    """The long wall the backup yard stands outside: one without yard coolers (generator exhaust and radiator
    air kept away from the coolers' intakes), the electrical room's side first; both have coolers: the
    electrical room's side, beyond them."""
    room = _room(hall)
    room_side = "south" if room is None or room.y_m + room.depth_m / 2 <= width_m / 2 else "north"
    coolers = {("south" if p.y_m < 0 else "north") for p in layout.outdoor if p.kind == "cooler"}
    free = [s for s in (room_side, "north" if room_side == "south" else "south") if s not in coolers]
    return free[0] if free else room_side


def _bess_outline(catalog, unit) -> tuple[float, float]:
    """Length and width of a BESS element's unit: the ``bess`` table row of its energy, else the first row's
    (the element carries no outline) [m]."""
    rows = catalog.table("bess").rows
    kwh = magnitude(unit.energy, "kWh")
    row = min(rows, key=lambda r: abs(float(r["energy"]) - kwh))
    return float(row["length"]), float(row["width"])


def _collector_groups(design, catalog, smoothing) -> tuple[list, list]:
    """The yard groups of the smoothing BESS's MV connection and its one-line blocks: for each BESS with
    step-up transformers (:func:`retrofit.planning.bess_collector.size_bess_collector`, the counts the bill of
    materials prices), its pad-mount step-up transformers (footprint by rating, the pads' door clearance on
    both long sides, at least the fire separation of their oil volume from the hall,
    :func:`retrofit.layout.transformer_separation.liquid_fill`, the rule of the hall pads),
    then its collector lineups (the switchgear's catalog outline, the NEC 110.34(A) working space at the bus
    voltage, condition 3 as every equipment of the layout)."""
    from ..layout.backup_yard import PAD_FOOTPRINT_MAX_KVA, STEP_UP_FOOTPRINT_M, CollectorBlock, YardGroup
    from ..layout.transformer_separation import liquid_fill
    from ..layout.clearances import voltage_to_ground, working_space_depth
    from ..layout.yard import PAD_FOOTPRINT_M, PAD_FRONT_CLEARANCE_M, PAD_GAP_M, YardUnit
    from ..units import parse_quantity
    from .bess_collector import size_bess_collector

    def value(entry, key, unit, dimension):
        return float(parse_quantity(entry.data[key], dimension).to(unit).magnitude)

    tx_units, sw_units, blocks = [], [], []
    separation = 0.0
    for b in sorted(smoothing, key=lambda x: x.id):
        c = size_bess_collector(design, b, catalog)
        if not c.transformers or c.transformer is None:
            continue
        t = catalog.get(c.transformer, "transformer")
        kva = value(t, "rating", "kVA", "apparent power")
        w, d = PAD_FOOTPRINT_M if kva <= PAD_FOOTPRINT_MAX_KVA + 1e-9 else STEP_UP_FOOTPRINT_M
        separation = max(separation, liquid_fill(catalog, kva).separation_m)
        ids = [f"{b.id}-tx-{k + 1}" for k in range(c.transformers)]
        tx_units += [YardUnit(i, w, d, PAD_FRONT_CLEARANCE_M, "bess_step_up") for i in ids]
        if c.switchgear is None or c.breaker is None:
            continue
        sw = catalog.get(c.switchgear, "switchboard")
        br = catalog.get(c.breaker, "breaker")
        working = working_space_depth(voltage_to_ground(c.bus_voltage_v, sw.data.get("system", "wye_3w")), 3)[0]
        sw_ids = [f"{b.id}-collector-{k + 1}" for k in range(c.lineups)]
        sw_units += [YardUnit(i, value(sw, "width", "m", "length"), value(sw, "depth", "m", "length"), working,
                              "bess_collector") for i in sw_ids]
        blocks.append(CollectorBlock(b.id, b.bus, b.count, magnitude(b.rating, "kVA"), c.ac_voltage_v, c.bus_voltage_v,
                                     t.id, kva, c.transformers, c.units_per_transformer, c.feeders, c.lineups, br.id,
                                     value(br, "rating", "A", "current"), value(br, "interrupting", "kA", "current"),
                                     sw.id, value(sw, "bus_rating", "A", "current"), c.i_rated_a, tuple(ids + sw_ids)))
    groups = [YardGroup(tuple(tx_units), PAD_GAP_M, separation), YardGroup(tuple(sw_units), ROOM_GAP_M)]
    return groups, blocks


def _lineups(design, catalog, cabinet_depth_m: float, working_m: float, area_per_kw: float) -> list:
    """The design's placed UPS lineups as :class:`retrofit.layout.backup_yard.Lineup` (modules, then the
    output switchboard), with the hall of their input switchboard."""
    from ..layout.backup_yard import Lineup
    from .backup import placed_backup_ids
    ids = placed_backup_ids(design)
    buses = {b.id: b for b in design.electrical.buses}
    out = []
    for u in sorted(design.electrical.ups, key=lambda x: x.id):
        if u.id not in ids:
            continue
        rating_kw = magnitude(u.rating, "kW")
        modules = u.count * rating_kw * area_per_kw / (cabinet_depth_m + working_m)
        board = buses.get(u.to_bus)
        board_w = magnitude(board.width, "m") if board is not None and board.width is not None else 0.0
        board_d = magnitude(board.depth, "m") if board is not None and board.depth is not None else 0.0
        hall = buses[u.from_bus].hall if u.from_bus in buses else None
        out.append((hall, Lineup(u.id, modules + board_w, max(cabinet_depth_m, board_d))))
    return out


def backup_layout(layouts: dict, design, catalog=None) -> list[BackupPlacement]:
    """Stand the backup equipment of ``design``'s policy: the UPS room on the hall floor the rack pods leave
    free, else prefabricated enclosures in the yard; the generators, transfer switchgear and battery units
    in the yard. Records them on the hall's layout (``backup``, ``outdoor``) and an indoor room as an
    ``electrical_room`` obstacle of the hall in ``design`` (so any later count of the floor, as
    ``retrofit size`` of the proposed design, leaves it out); returns one record per hall that holds some.

    The counts are those :func:`retrofit.planning.backup.size_backup` prices: the UPS lineups the planner
    placed in the design, the sized generators and transfer switches, and the battery energy as whole units
    of the ``bess`` table's row. The design's smoothing BESS units (``electrical.bess``, whatever the policy) stand
    in the same yard with the battery clearances, at the outline of the ``bess`` table's row of their energy.
    Nothing is done when the policy is none and the design has no BESS.
    """
    smoothing = list(design.electrical.bess)
    backed = design.goal is not None and not design.goal.backup.is_none
    if not layouts or not (backed or smoothing):
        return []
    from ..catalog import load_catalog
    from ..layout.backup_yard import (GENERATOR_GAP_M, MODULE_MAX_M, NFPA37_OPENING_M, NFPA855_BUILDING_M, NFPA855_UNIT_M,
                                      YardGroup, band_taken, moved, overlaps, place_groups,
                                      reach, ups_room, wall_distance)
    from ..layout.equipment import EquipmentItem, place_equipment
    from ..layout.yard import YardUnit
    from ..model.halls import Rectangle
    from .backup import catalog_figure, size_backup, table_row
    catalog = catalog or load_catalog()
    equipment = catalog.table("backup-equipment")
    sizing = size_backup(design, catalog) if backed else None
    if design.goal is not None:
        criteria = design.goal.criteria
    else:
        from ..model.goal import Criteria
        criteria = Criteria()
    working = magnitude(criteria.working_space_depth, "m")
    perimeter = magnitude(criteria.perimeter_clearance, "m")
    cabinet_depth = catalog_figure(equipment, "ups_cabinet_depth")[0]
    lineups = _lineups(design, catalog, cabinet_depth, working, catalog_figure(equipment, "ups_area_per_kw")[0]) \
        if backed else []
    halls = {h.id: h for h in design.halls}
    first = next((h for h in layouts if h in halls), None)
    if first is None:
        return []
    by_hall: dict[str, list] = {}
    for hall_id, lu in lineups:
        by_hall.setdefault(hall_id if hall_id in layouts else first, []).append(lu)
    yard_hall = max(by_hall, key=lambda h: (len(by_hall[h]), h == first)) if by_hall else first
    out = []
    for hall_id in sorted(set(by_hall) | {yard_hall}):
        hall, lay = halls[hall_id], layouts[hall_id]
        length, width = magnitude(hall.length, "m"), magnitude(hall.width, "m")
        notes: list[str] = []
        mine = by_hall.get(hall_id, [])
        room = None
        where, floor_taken, enclosures = ("none", 0.0, [])
        if mine:
            blockers = [Rect(p.x_m, p.y_m, p.width_m, p.depth_m, p.id, p.kind)
                        for p in lay.racks + lay.cdus + lay.equipment + lay.crahs] + list(lay.aisles) + list(lay.working_spaces)
            floor = floor_from_hall(hall)
            for bands in ROOM_BANDS:       # a longer, shallower room where a short one finds no wall place
                trial = ups_room(mine, working, MODULE_MAX_M * bands)
                placed = place_equipment(floor, [EquipmentItem("ups-room", trial.width_m, trial.depth_m, perimeter)],
                                         perimeter, blockers).placements[0]
                if placed.ok and placed.footprint is not None:
                    room = trial
                    break
            if room is not None:
                where, floor_taken = "indoor", room.area_m2
                fx, fy = placed.footprint.x_m, placed.footprint.y_m
                lay.backup.extend([Placed("ups-room", fx, fy, room.width_m, room.depth_m, None, "ups_room")]
                                  + [moved(p, fx, fy) for p in room.lineups + room.working_spaces])
                hall.obstacles.append(Rectangle(id="ups-room", kind="electrical_room", x=f"{fx:.3f} m", y=f"{fy:.3f} m",
                                                width=f"{room.width_m:.3f} m", depth=f"{room.depth_m:.3f} m"))
                notes.append(f"UPS room inside {hall_id} on floor the rack pods leave free: {room.width_m:.1f} m x "
                             f"{room.depth_m:.1f} m ({room.area_m2:,.0f} m2), {len(mine)} lineups in {len(room.bands)} "
                             "band(s), NEC 110.26 working space in front of each")
            else:
                room = ups_room(mine, working)
                where = "outdoor"
                enclosures = [YardUnit(f"ups-module-{k + 1}", w, d, working, "ups_enclosure")
                              for k, (w, d) in enumerate(room.band_sizes())]
                notes.append(f"UPS lineups outdoors: no wall place on the floor of {hall_id} holds a {room.width_m:.1f} m x "
                             f"{room.depth_m:.1f} m room clear of the racks, aisles and equipment; "
                             f"{len(enclosures)} prefabricated power enclosure(s), {room.area_m2:,.0f} m2")
        groups = []
        n_gen = n_ats = n_paralleling = n_bess = n_smooth = n_step_up = n_collector = 0
        tx_wall = 0.0
        blocks = []
        if hall_id == yard_hall and sizing is not None:
            gl, gw = catalog_figure(equipment, "generator_length")[0], catalog_figure(equipment, "generator_width")[0]
            n_gen = sizing.generators
            groups.append(YardGroup(tuple(YardUnit(f"standby-gen-{k + 1}", gl, gw, NFPA37_OPENING_M, "generator")
                                          for k in range(n_gen)), GENERATOR_GAP_M))
            transfer = sizing.plant.transfer.units if sizing.plant is not None else ()  # ATSs, or MV paralleling gear
            n_ats = sum(1 for u in transfer if u.kind == "ats")
            n_paralleling = len(transfer) - n_ats
            groups.append(YardGroup(tuple(YardUnit(u.id, u.length_m, u.width_m, working if u.working_m is None else u.working_m,
                                                   u.kind) for u in transfer), ROOM_GAP_M))
            groups.append(YardGroup(tuple(enclosures), ROOM_GAP_M))
            bess = table_row(catalog.table("bess"), "id", sizing.bess_row)
            kwh = sum(b.battery_kwh for b in sizing.blocks)
            n_bess = math.ceil(kwh / float(bess["energy"]) - 1e-9) if kwh > 0 else 0
            groups.append(YardGroup(tuple(YardUnit(f"bess-{k + 1}", float(bess["length"]), float(bess["width"]),
                                                   max(NFPA855_BUILDING_M, NFPA855_UNIT_M), "bess")
                                          for k in range(n_bess)), NFPA855_UNIT_M))
            if n_bess:
                p_kw = sum(b.p_load_kw for b in sizing.blocks if b.battery_kwh > 0)
                if n_bess * float(bess["power"]) < p_kw:
                    notes.append(f"battery: {n_bess} x {bess['id']} by energy ({kwh:,.0f} kWh); their "
                                 f"{n_bess * float(bess['power']):,.0f} kW is below the {p_kw:,.0f} kW the UPS draws "
                                 "on battery: UPS battery cabinets from the UPS vendor replace them (same energy)")
        else:
            groups.append(YardGroup(tuple(enclosures), ROOM_GAP_M))
        if hall_id == yard_hall and smoothing:
            units_s = tuple(YardUnit(f"{b.id}-{k + 1}", *_bess_outline(catalog, b), max(NFPA855_BUILDING_M, NFPA855_UNIT_M),
                                     "bess") for b in smoothing for k in range(b.count))
            n_smooth = len(units_s)
            groups.append(YardGroup(units_s, NFPA855_UNIT_M))
            mv_groups, blocks = _collector_groups(design, catalog, smoothing)
            groups += mv_groups
            n_step_up, n_collector = (len(g.units) for g in mv_groups)
            tx_wall = mv_groups[0].wall_m
        side = ""
        yard_depth = 0.0
        units = [u for g in groups for u in g.units]
        if units:
            side = _yard_side(lay, hall, width)
            start = band_taken(lay.outdoor, side, width, [_kept(p) for p in lay.outdoor
                                                          if (p.y_m < 0) == (side == "south")])
            # centred on the UPS room when it is indoors (the batteries and transfer switches feed it), else on
            # the electrical room
            ups = next((p for p in lay.backup if p.kind == "ups_room"), None)
            room_rect = _room(hall)
            centre = (ups.x_m + ups.width_m / 2 if ups is not None else
                      room_rect.x_m + room_rect.width_m / 2 if room_rect is not None else length / 2)
            yard = place_groups(groups, length, width, side, centre, start)
            lay.outdoor.extend(yard)
            lay.backup.extend(yard)
            what = ((n_gen, "standby generator", "s on sub-base tanks (NFPA 37 4.1.4: 1.5 m from the wall)"),
                    (n_ats, "transfer switch", "es"),
                    (n_paralleling, "MV generator paralleling and transfer switchgear lineup",
                     "s (NEC 110.34(A) working space)"), (len(enclosures), "UPS enclosure", "s"),
                    (n_bess, "battery unit", "s (NFPA 855: 1.5 m to the building, 0.9 m apart)"),
                    (n_smooth, "smoothing BESS unit", "s (the same clearances)"),
                    (n_step_up, "BESS step-up transformer", "s (oil-filled pad-mounts: the fire separation of their "
                                                            f"oil volume from the hall, {tx_wall:.2f} m, NFPA 850 bands)"),
                    (n_collector, "BESS collector lineup", "s (NEC 110.34(A) working space)"))
            notes.append(f"backup yard outside the {side} wall, beyond what stands there: " + ", ".join(
                f"{n} {name}{tail if n > 1 else tail[tail.index(' '):] if ' ' in tail else ''}"
                for n, name, tail in what if n))
            yard_depth = max(reach(p, side, width) for p in yard)
            if n_step_up:
                mine_tx = [p for p in yard if p.kind == "bess_step_up"]
                notes.append(f"the smoothing BESS's step-up transformer{'s stand' if n_step_up > 1 else ' stands'} "
                             f"{min(wall_distance(p, side, width) for p in mine_tx):.1f} m or more from the {side} wall; "
                             f"the yard reaches {yard_depth:.1f} m beyond it (the site plan must hold that: the input has "
                             "no site boundary to check it against)")
            for a, b in overlaps(lay.outdoor):
                lay.violations.append(f"{hall_id}: yard units {a} and {b} overlap")
        yard_m2 = sum(u.width_m * u.depth_m for u in units)
        lay.backup_summary = BackupPlacement(hall_id, where, round(room.area_m2, 2) if room else 0.0, round(floor_taken, 2),
                                   round(yard_m2, 2), side, len(mine), n_gen, n_ats, n_bess, len(enclosures), n_smooth,
                                   tuple(notes), n_step_up, n_collector, round(yard_depth, 2), tuple(blocks))
        out.append(lay.backup_summary)
    return out


__all__ = ["BackupPlacement", "ROOM_GAP_M", "backup_layout", "cooling_layout", "transformer_pads", "yard_taken"]
