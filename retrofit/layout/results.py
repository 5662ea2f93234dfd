"""``layout_results``: check a design's placed racks against its halls, keyed by hall and element id.

For each hall of the design:

- ``racks``: every rack with a position (``RackGroup.positions`` gives each rack's south-west corner;
  the rack's width runs along x, its depth along y);
- ``obstructions``: each rack against the walls, the perimeter walkway, columns and obstacles (its
  footprint and the aisle strips in front and behind it) and the other racks; one entry per conflict,
  and one ``ok`` entry for a rack with none;
- ``aisles``: the clear width between each row line and the next row line north of it that overlaps
  it along x, against the cold or hot aisle criterion (a line faces as
  :func:`retrofit.layout.placement.place` lays out a line at its y: pods of a south-facing and a
  north-facing row around a hot aisle);
- ``clearances``: each switchgear, switchboard and panelboard bus with a hall, a width and a depth,
  set against a wall by :func:`retrofit.layout.equipment.place_equipment` clear of racks and aisles,
  with its NEC 110.26 working space depth, width and headroom;
- ``slab``: the worst rack (operating mass over its tributary area) and CDU (filled mass over its
  footprint) against the slab rating (:mod:`retrofit.layout.slab`).
"""
from __future__ import annotations

import numpy as np

from ..topology import rack_instances
from .clearances import (CLAUSE_HEADROOM, WORKING_SPACE_HEADROOM_M, AisleCriteria, aisle_criteria,
                         voltage_to_ground, working_space_depth, working_space_width)
from .equipment import EquipmentItem, place_equipment
from .geometry import EPS_M, Floor, Rect, floor_from_hall, overlap_matrix, overlapping_pairs
from .placement import row_lines
from .slab import rack_slab_check

WORKING_SPACE_KINDS = ("switchgear", "switchboard", "panelboard")
"""Bus kinds that are equipment needing working space (NEC 110.26(A)) [-]."""


def _m(q) -> float:
    return float(q.to("m").magnitude)


def _metres(quantities) -> list[float]:
    """Lengths in metres, one unit conversion per distinct unit (pint is slow per element)."""
    factor: dict = {}
    out = []
    for q in quantities:
        unit = q.units
        if unit not in factor:
            factor[unit] = float((1.0 * unit).to("m").magnitude)
        out.append(float(q.magnitude) * factor[unit])
    return out


def layout_results(design, *, condition: int = 3) -> dict:
    """Layout checks of every hall of a design, keyed by hall id.

    Parameters
    ----------
    design : retrofit.model.Design
        The design [-].
    condition : int
        NEC Table 110.26(A)(1) / 110.34(A) condition taken for every piece of equipment (3, exposed live
        parts across the working space, is the conservative default) [-].

    Returns
    -------
    results : dict
        ``{hall_id: {"racks": {rack_id: {"x_m", "y_m", "width_m", "depth_m"}}, "clearances": [...],
        "aisles": [...], "slab": {...}, "obstructions": [...], "violations": [...]}}``; every length in
        metres and pressure in kPa, as the key names say [-].

    Notes
    -----
    Required working-space depth is the larger of the NEC table value for the bus's nominal voltage to
    ground and ``condition``, and ``Criteria.working_space_depth``. Racks of groups without positions
    are not drawn but still enter the slab check with the criteria aisle widths. Rack groups with no
    hall are not checked.
    """
    criteria = design.goal.criteria if design.goal is not None else None
    aisles = aisle_criteria(criteria)
    ids_of = {}
    for inst in rack_instances(design):
        ids_of.setdefault(inst.group, []).append(inst.id)
    out = {}
    for hall in sorted(design.halls, key=lambda h: h.id):
        floor = floor_from_hall(hall)
        groups = [g for g in design.loads.racks if g.hall == hall.id]
        cdus = [c for c in design.cooling.cdus if c.hall == hall.id]
        buses = [b for b in design.electrical.buses
                 if b.hall == hall.id and b.width is not None and b.depth is not None and b.kind in WORKING_SPACE_KINDS]
        out[hall.id] = hall_results(floor, aisles, groups, ids_of, cdus, buses, condition)
    return out


def hall_results(floor: Floor, aisles: AisleCriteria, groups, ids_of: dict, cdus, buses, condition: int = 3) -> dict:
    """Layout checks of one hall (see :func:`layout_results`).

    Parameters
    ----------
    floor : Floor
        The hall [m].
    aisles : AisleCriteria
        Aisle, walkway and working-space criteria [m].
    groups : sequence of RackGroup
        Rack groups in the hall [-].
    ids_of : dict of str to list of str
        Rack ids of each group [-].
    cdus : sequence of CDU
        CDUs in the hall [-].
    buses : sequence of Bus
        Buses needing working space in the hall [-].
    condition : int
        NEC working-space condition 1, 2 or 3 [-].

    Returns
    -------
    results : dict
        The hall's entry of :func:`layout_results` [-].
    """
    violations: list[str] = []
    ids, group_of, xs, ys, ws, ds = [], [], [], [], [], []
    for g in groups:
        if not g.positions:
            continue
        if len(g.positions) != g.count:
            violations.append(f"rack group {g.id}: {len(g.positions)} positions for {g.count} racks")
        names = ids_of.get(g.id, [])[: len(g.positions)]
        positions = g.positions[: len(names)]
        ids += names
        group_of += [g] * len(names)
        xs += _metres(p.x for p in positions)
        ys += _metres(p.y for p in positions)
        ws += [_m(g.width)] * len(names)
        ds += [_m(g.depth)] * len(names)
    x, y, w, d = (np.array(v, dtype=float) for v in (xs, ys, ws, ds))
    racks = {rid: {"x_m": float(x[i]), "y_m": float(y[i]), "width_m": float(w[i]), "depth_m": float(d[i])}
             for i, rid in enumerate(ids)}
    lines, rank = _lines(y, d, x, w)
    north = _faces_north(lines, d, floor, aisles)
    aisle_rows, front, back = _aisle_checks(lines, north, x, y, w, d, ids, group_of, floor, aisles)
    obstructions = _obstructions(ids, x, y, w, d, north[rank], floor, aisles)
    bands = _bands(x, y, w, d, north[rank], aisles)
    clearances = _clearances(floor, aisles, buses, bands, condition, violations)
    slab = _slab(floor, aisles, groups, ids, group_of, front, back, cdus, ids_of)
    return {"racks": racks, "clearances": clearances, "aisles": aisle_rows, "slab": slab,
            "obstructions": obstructions, "violations": violations}


def _lines(y, d, x, w):
    """Row lines: racks sharing a south edge (to 1 mm), sorted by y; rank of each rack's line."""
    if len(y) == 0:
        return [], np.zeros(0, dtype=int)
    keys = np.round(y, 3)
    unique, rank = np.unique(keys, return_inverse=True)
    lines = []
    for k in range(len(unique)):
        members = np.nonzero(rank == k)[0]
        lines.append({"members": members, "y_m": float(y[members].min()), "top_m": float((y + d)[members].max()),
                      "x0_m": float(x[members].min()), "x1_m": float((x + w)[members].max())})
    return lines, rank


def _faces_north(lines, d, floor: Floor, a: AisleCriteria) -> np.ndarray:
    """Whether each row line faces north: as the placement rule lays out a line at that y (to 1 mm), else
    alternating from the south with the first line facing south (pods around a hot aisle)."""
    out = np.zeros(len(lines), dtype=bool)
    if not lines:
        return out
    rule = {round(line.y_m, 3): line.facing == "north" for line in row_lines(floor, float(d.max()), a)}
    for k, line in enumerate(lines):
        out[k] = rule.get(round(line["y_m"], 3), k % 2 == 1)
    return out


def _label(members, ids, group_of) -> str:
    labels = sorted({group_of[i].row or group_of[i].id for i in members})
    return "+".join(labels)


def _aisle_checks(lines, north, x, y, w, d, ids, group_of, floor: Floor, a: AisleCriteria):
    """Aisle between each line and the next line north of it overlapping in x; gaps per rack."""
    n = len(ids)
    gap_below = np.full(len(lines), np.nan)
    gap_above = np.full(len(lines), np.nan)
    rows = []
    for i, low in enumerate(lines):
        for j in range(i + 1, len(lines)):
            high = lines[j]
            if high["x0_m"] < low["x1_m"] - EPS_M and low["x0_m"] < high["x1_m"] - EPS_M:
                width = high["y_m"] - low["top_m"]
                kind = "cold_aisle" if north[i] else "hot_aisle"
                required = a.cold_aisle_m if kind == "cold_aisle" else a.hot_aisle_m
                rows.append({"between": [_label(low["members"], ids, group_of), _label(high["members"], ids, group_of)],
                             "kind": kind, "width_m": float(width), "required_m": float(required),
                             "ok": bool(width >= required - 1e-6)})
                gap_above[i] = width if np.isnan(gap_above[i]) else min(gap_above[i], width)
                gap_below[j] = width if np.isnan(gap_below[j]) else min(gap_below[j], width)
                break
    front = np.zeros(n)
    back = np.zeros(n)
    for i, line in enumerate(lines):
        below = gap_below[i] if not np.isnan(gap_below[i]) else line["y_m"]
        above = gap_above[i] if not np.isnan(gap_above[i]) else floor.width_m - line["top_m"]
        if north[i]:        # faces north: front above (cold), back below (hot)
            f, b = min(above, a.cold_aisle_m), min(below, a.hot_aisle_m)
        else:
            f, b = min(below, a.cold_aisle_m), min(above, a.hot_aisle_m)
        front[line["members"]] = max(f, 0.0)
        back[line["members"]] = max(b, 0.0)
    return rows, front, back


def _bands(x, y, w, d, north, a: AisleCriteria):
    """Each rack with the required aisle strips in front and behind (the area kept clear)."""
    if len(x) == 0:
        return []
    below = np.where(north, a.hot_aisle_m, a.cold_aisle_m)
    above = np.where(north, a.cold_aisle_m, a.hot_aisle_m)
    return [Rect(float(x[i]), float(y[i] - below[i]), float(w[i]), float(d[i] + below[i] + above[i]), None, "rack_band")
            for i in range(len(x))]


def _obstructions(ids, x, y, w, d, north, floor: Floor, a: AisleCriteria) -> list[dict]:
    n = len(ids)
    if n == 0:
        return []
    hits: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    outside = (x < -EPS_M) | (y < -EPS_M) | (x + w > floor.length_m + EPS_M) | (y + d > floor.width_m + EPS_M)
    p = a.perimeter_m
    walkway = ((x < p - EPS_M) | (y < p - EPS_M) | (x + w > floor.length_m - p + EPS_M)
               | (y + d > floor.width_m - p + EPS_M)) & ~outside
    for i in np.nonzero(outside)[0]:
        hits[i].append(("wall", "footprint"))
    for i in np.nonzero(walkway)[0]:
        hits[i].append(("perimeter walkway", "footprint"))
    if floor.obstacles:
        obs = floor.obstacles
        ob = (np.array([o.x_m for o in obs]), np.array([o.y_m for o in obs]),
              np.array([o.x1_m for o in obs]), np.array([o.y1_m for o in obs]))
        foot = overlap_matrix((x, y, x + w, y + d), ob)
        below = np.where(north, a.hot_aisle_m, a.cold_aisle_m)
        above = np.where(north, a.cold_aisle_m, a.hot_aisle_m)
        strip_low = overlap_matrix((x, y - below, x + w, y), ob)
        strip_high = overlap_matrix((x, y + d, x + w, y + d + above), ob)
        for i, j in zip(*np.nonzero(foot)):
            hits[i].append((obs[j].id, "footprint"))
        for i, j in zip(*np.nonzero((strip_low | strip_high) & ~foot)):
            hits[i].append((obs[j].id, "aisle"))
    for i, j in overlapping_pairs(x, y, x + w, y + d):
        hits[i].append((ids[j], "footprint"))
        hits[j].append((ids[i], "footprint"))
    out = []
    for i, rid in enumerate(ids):
        if not hits[i]:
            out.append({"rack": rid, "obstacle": None, "where": None, "ok": True})
        for name, where in sorted(hits[i], key=lambda t: (t[1], t[0])):
            out.append({"rack": rid, "obstacle": name, "where": where, "ok": False})
    return out


def _clearances(floor: Floor, a: AisleCriteria, buses, bands, condition: int, violations: list[str]) -> list[dict]:
    items = []
    clauses = {}
    for bus in sorted(buses, key=lambda b: b.id):
        v_ground = voltage_to_ground(float(bus.voltage.to("V").magnitude), bus.system)
        depth, clause = working_space_depth(v_ground, condition)
        items.append(EquipmentItem(bus.id, _m(bus.width), _m(bus.depth), max(depth, a.working_space_depth_m), v_ground))
        clauses[bus.id] = clause
    if not items:
        return []
    layout = place_equipment(floor, items, a.perimeter_m, bands)
    violations.extend(layout.violations)
    out = []
    for p in layout.placements:
        item = p.item
        placed = p.footprint is not None
        where = {"x_m": p.footprint.x_m, "y_m": p.footprint.y_m, "wall": p.wall} if placed else {}
        width_required, width_clause = working_space_width(item.width_m, item.v_ground)
        width_available = p.working_space.width_m if placed else 0.0
        out.append({"element": item.id, "quantity": "depth", "required_m": item.working_depth_m,
                    "available_m": float(p.available_depth_m), "ok": bool(p.ok), "clause": clauses[item.id],
                    "condition": condition, "v_ground_v": item.v_ground, **where})
        out.append({"element": item.id, "quantity": "width", "required_m": width_required,
                    "available_m": width_available, "ok": bool(placed and width_available >= width_required - 1e-9),
                    "clause": width_clause})
        out.append({"element": item.id, "quantity": "headroom", "required_m": WORKING_SPACE_HEADROOM_M,
                    "available_m": floor.clear_height_m, "ok": bool(floor.clear_height_m >= WORKING_SPACE_HEADROOM_M),
                    "clause": CLAUSE_HEADROOM})
    return out


def _slab(floor: Floor, a: AisleCriteria, groups, ids, group_of, front, back, cdus, ids_of) -> dict:
    per_group = {}
    for g in groups:
        per_group[g.id] = (float(g.mass.to("kg").magnitude), _m(g.width), _m(g.depth))
    rid = list(ids)
    mass = [per_group[g.id][0] for g in group_of]
    width = [per_group[g.id][1] for g in group_of]
    depth = [per_group[g.id][2] for g in group_of]
    f = [float(v) for v in front]
    b = [float(v) for v in back]
    for g in groups:
        if g.positions:
            continue
        rid.append(g.id)
        mass.append(per_group[g.id][0])
        width.append(per_group[g.id][1])
        depth.append(per_group[g.id][2])
        f.append(a.cold_aisle_m)
        b.append(a.hot_aisle_m)
    cdus = sorted(cdus, key=lambda c: c.id)
    check = rack_slab_check(rid, mass, width, depth, f, b, floor.slab_rating_pa,
                            [c.id for c in cdus], [float(c.mass.to("kg").magnitude) for c in cdus],
                            [_m(c.width) for c in cdus], [_m(c.depth) for c in cdus],
                            floor.slab_thickness_m, floor.concrete_strength_pa)
    return check.as_dict()
