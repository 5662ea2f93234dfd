"""Layout and structure rules: working space, aisles, slab load, racks clear of columns and obstacles.

Every rule reads ``results["layout"]``, the layout analysis of a design whose rack groups have
positions (``retrofit.layout.layout_results``):
``{hall_id: {"racks": {...}, "clearances": [...], "aisles": [...], "slab": {...}, "obstructions": [...]}}``.
When the results carry no layout (the layout analysis was not run), the rules are untested.
"""
from __future__ import annotations

from .findings import Outcome, evidence, natural_key
from .registry import Context, rule
from .studies import LAYOUT, study_results

WORKING_SPACE_KINDS = ("switchgear", "switchboard", "panelboard")
"""Bus kinds that are equipment needing working space (NEC 110.26(A))."""


def _halls(ctx: Context, key: str):
    """(hall id, its ``key`` entry) for every hall of the layout; untested outcomes for halls without it."""
    layout = study_results(ctx, LAYOUT)
    if not layout:
        yield None, Outcome("not_applicable", (), (), "no hall has placed racks (no rack group gives positions)")
        return
    for hall_id in sorted(layout):
        entry = layout[hall_id]
        if key not in entry:
            yield None, Outcome("untested", (hall_id,), (), f"the layout of {hall_id} has no {key!r}")
            continue
        yield hall_id, entry[key]


def _ids(between) -> tuple[str, ...]:
    if isinstance(between, (list, tuple)):
        return tuple(str(x) for x in between)
    return (str(between),)


@rule("LAY-CLR-001", title="Working space in front of electrical equipment", category="layout",
      clause="NEC 110.26(A)(1) depth (Table 110.26(A)(1)), 110.26(A)(2) width, 110.26(A)(3) headroom; over 1000 V NEC 110.32 and 110.34(A)",
      severity="critical",
      reads=("layout[*].clearances[*].available_m", "layout[*].clearances[*].required_m", "layout[*].clearances[*].quantity"),
      limit="the working space NEC 110.26(A) requires for the equipment's voltage to ground and condition "
            "(depth at least goal.criteria.working_space_depth, default 1.2 m)")
def working_space(ctx: Context):
    """The clear working space in front of each switchgear, switchboard or panelboard the layout
    places (its depth, and its width and headroom when the layout reports them) shall be at least what
    NEC 110.26(A) requires. One finding per piece of equipment, with a row of evidence per dimension.
    Equipment of those kinds in a hall that the layout did not place (the design gives no width and
    depth for it) is untested."""
    for hall_id, clearances in _halls(ctx, "clearances"):
        if hall_id is None:
            yield clearances
            continue
        by_element: dict[str, list[dict]] = {}
        for c in clearances:
            by_element.setdefault(str(c["element"]), []).append(c)
        for bus in sorted(ctx.design.electrical.buses, key=lambda b: b.id):
            if bus.hall == hall_id and bus.kind in WORKING_SPACE_KINDS and bus.id not in by_element:
                why = ("the design gives no width and depth for it: give the bus its width and depth, or a catalog "
                       "model (catalogs/switchboards.yaml) that has them" if bus.width is None or bus.depth is None
                       else "the layout did not place it")
                yield Outcome("untested", (bus.id, hall_id), (), f"{bus.kind} {bus.id} in {hall_id}: {why}",
                              f"width and depth of {bus.id} (measured, or from its catalog model)"
                              if bus.width is None or bus.depth is None else "a layout that places it")
        for element in sorted(by_element):
            items = by_element[element]
            ev = tuple(evidence(f"working space {c.get('quantity', 'depth')}", c["available_m"], "m", limit=c["required_m"],
                                relation=">=", element=element) for c in items)
            bad = [c for c in items if not c["ok"]]
            clauses = "; ".join(dict.fromkeys(str(c["clause"]) for c in bad if c.get("clause")))
            msg = (f"{element}: " + ", ".join(f"{c.get('quantity', 'depth')} {c['available_m']:g} m of {c['required_m']:g} m"
                                              for c in bad) + (f" ({clauses})" if clauses else "")) if bad else (
                f"{element}: working space clear")
            yield Outcome("fail" if bad else "pass", (element, hall_id), ev, msg)


@rule("LAY-AISLE-001", title="Aisle widths", category="layout",
      clause="ASHRAE TC 9.9 hot-aisle/cold-aisle practice; NFPA 101 and IBC 1018 egress aisle width", severity="major",
      reads=("layout[*].aisles[*].width_m", "layout[*].aisles[*].required_m"),
      limit="goal.criteria.cold_aisle and hot_aisle (defaults 1.2 m each)")
def aisle_width(ctx: Context):
    """Each aisle between two rows (cold or hot, alternating from the south) shall be at least as wide
    as the criterion for its kind. The rows are named by their row labels."""
    for hall_id, aisles in _halls(ctx, "aisles"):
        if hall_id is None:
            yield aisles
            continue
        for a in sorted(aisles, key=lambda a: _ids(a["between"])):
            between = _ids(a["between"])
            kind = str(a.get("kind", "aisle")).replace("_", " ")
            ok = bool(a["ok"])
            ev = (evidence(f"{kind} width", a["width_m"], "m", limit=a["required_m"], relation=">=", element=" / ".join(between)),)
            yield Outcome("pass" if ok else "fail", between + (hall_id,), ev,
                          f"{kind} between rows {' and '.join(between)} of {hall_id}: {a['width_m']:g} m of {a['required_m']:g} m")


@rule("LAY-SLAB-001", title="Slab load under racks and CDUs", category="layout",
      clause="ASCE/SEI 7 live loads (structural engineer's rating of the slab); TIA-942-B floor loading", severity="critical",
      reads=("layout[*].slab.load_kpa", "layout[*].slab.rating_kpa", "layout[*].slab.cdu_load_kpa"),
      limit="the hall's slab_rating")
def slab_load(ctx: Context):
    """The uniform load of the worst rack over its tributary area (footprint and half of each adjoining
    aisle), and of the worst CDU over its footprint when the layout reports it, shall not exceed the
    hall's slab rating. A screening check: a structural engineer confirms."""
    for hall_id, slab in _halls(ctx, "slab"):
        if hall_id is None:
            yield slab
            continue
        worst = slab.get("element") or hall_id
        ev = [evidence("floor load under the worst rack", slab["load_kpa"], "kPa", limit=slab["rating_kpa"], relation="<=",
                       element=worst),
              evidence("tributary area", slab.get("tributary_area_m2"), "m^2", element=worst)]
        if slab.get("cdu"):
            ev.append(evidence("floor load under the worst CDU", slab.get("cdu_load_kpa"), "kPa", limit=slab["rating_kpa"],
                               relation="<=", element=slab["cdu"]))
        over = []
        if not slab["ok"]:
            over.append((slab.get("element") or hall_id, slab["load_kpa"]))
        if slab.get("cdu") and not slab.get("cdu_ok", True):
            over.append((slab["cdu"], slab.get("cdu_load_kpa")))
        culprits = tuple(dict.fromkeys(x for x, _ in over if x != hall_id))
        msg = (f"{hall_id}: " + ", ".join(f"{x} puts {v:g} kPa" for x, v in over) + f" on a {slab['rating_kpa']:g} kPa slab"
               if over else f"{hall_id}: at most {slab['load_kpa']:g} kPa under {worst} on a {slab['rating_kpa']:g} kPa slab")
        yield Outcome("fail" if over else "pass", (hall_id,) + culprits, tuple(ev), msg)


@rule("LAY-SLAB-002", title="Punching shear under rack and CDU feet", category="layout",
      clause="ACI 318-19 22.6 two-way shear (Table 22.6.5.2, phi = 0.75 of Table 21.2.1); ASCE/SEI 7-16 2.3.1 (1.6 L)",
      severity="critical",
      reads=("layout[*].slab.punching", "layout[*].slab.cdu_punching"),
      limit="V_u <= phi V_c at d/2 around one foot")
def slab_punching(ctx: Context):
    """The factored load on one levelling foot or caster of the heaviest rack and of the heaviest CDU
    (1.6 times the weight shared by four feet) shall not exceed the design two-way shear strength of the
    slab around it, phi V_c = 0.75 v_c b0 d, the foot taken as a point (b0 = 4 d). Untested when the hall
    gives no slab thickness or concrete strength."""
    for hall_id, slab in _halls(ctx, "slab"):
        if hall_id is None:
            yield slab
            continue
        checks = [(name, slab.get(key)) for name, key in (("rack", "punching"), ("CDU", "cdu_punching"))]
        checks = [(name, c) for name, c in checks if c]
        if not checks:
            if slab.get("element") is None and slab.get("cdu") is None:
                yield Outcome("not_applicable", (hall_id,), (), f"{hall_id}: no rack or CDU on the floor")
                continue
            yield Outcome("untested", (hall_id,), (), f"{hall_id}: the slab's thickness or concrete strength is not given",
                          needs=f"halls[{hall_id}].slab_thickness and .concrete_strength (from the structural drawings "
                                "or cores)")
            continue
        ev, over = [], []
        for name, c in checks:
            element = slab.get("element") if name == "rack" else slab.get("cdu")
            ev.append(evidence(f"factored load on one {name} foot", c["factored_kn"], "kN", limit=c["capacity_kn"],
                               relation="<=", element=element))
            ev.append(evidence("effective depth d", c["d_m"], "m", element=element))
            if not c["ok"]:
                over.append(f"{element} ({c['factored_kn']:.1f} kN on a foot, {c['capacity_kn']:.1f} kN capacity)")
        first = checks[0][1]
        msg = (f"{hall_id}: punching shear exceeded under " + ", ".join(over) if over else
               f"{hall_id}: {first['factored_kn']:.1f} kN on a foot against {first['capacity_kn']:.1f} kN "
               f"(d {first['d_m'] * 1e3:.0f} mm)")
        yield Outcome("fail" if over else "pass", (hall_id,), tuple(ev), msg)


@rule("LAY-OBS-001", title="Racks clear of walls, columns, obstacles and each other", category="layout",
      clause="Hall survey: walls, perimeter walkway, columns, obstacles and keep-out areas of the hall", severity="major",
      reads=("layout[*].obstructions[*].rack", "layout[*].obstructions[*].obstacle", "layout[*].obstructions[*].ok"),
      limit="no overlap between a rack (or the aisles in front and behind it) and a wall, walkway, column, obstacle or rack")
def obstructions(ctx: Context):
    """No rack, nor the aisle strips in front and behind it, shall overlap a wall, the perimeter
    walkway, a column, an obstacle or another rack. One finding per placed rack, naming what it hits."""
    for hall_id, items in _halls(ctx, "obstructions"):
        if hall_id is None:
            yield items
            continue
        by_rack: dict[str, list[dict]] = {}
        for o in items:
            by_rack.setdefault(str(o["rack"]), []).append(o)
        if not by_rack:
            yield Outcome("not_applicable", (hall_id,), (), f"no placed rack in {hall_id}")
            continue
        for rack_id in sorted(by_rack, key=natural_key):
            hits = [o for o in by_rack[rack_id] if not o["ok"]]
            ev = tuple(evidence(f"overlap with {o['obstacle']}" + (f" ({o['where']})" if o.get("where") else ""), True, "",
                                limit=False, relation="==", element=rack_id) for o in hits) or (
                evidence("overlaps", 0, "", limit=0, relation="<=", element=rack_id),)
            names = tuple(dict.fromkeys(str(o["obstacle"]) for o in hits))
            yield Outcome("fail" if hits else "pass", (rack_id,) + names, ev,
                          f"{rack_id}: overlaps " + ", ".join(names) if hits else f"{rack_id}: clear")
