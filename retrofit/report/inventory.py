"""The parts of the plan's results that describe inputs rather than analyse them: the inventory of the
existing site, the design criteria and goal as given, and the provenance of every catalog entry used.

They are written into the results dict (and so into the JSON) so that the PDF prints every number from
that one object. Values are the design's own, converted to plain numbers with the unit in the key name.
"""
from __future__ import annotations

from ..catalog import Catalog, load_catalog
from ..errors import CatalogEntryNotFound
from ..model import Design
from ..units import magnitude


def existing_inventory(design: Design) -> dict:
    """What the site has: utility, transformers, switchgear, generators, loads, cooling and halls.

    Returns
    -------
    dict
        Lists of plain records per kind of element, quantities with their unit in the key name.
    """
    e, c = design.electrical, design.cooling
    u = design.utility
    climate = design.site.climate
    return {
        "site": {"name": design.site.name, "location": design.site.location,
                 "altitude_m": magnitude(design.site.altitude, "m"),
                 "climate_station": getattr(climate, "station", None)},
        "utility": {"id": u.id, "bus": u.bus, "voltage_kv": magnitude(u.voltage, "kV"), "capacity_mva": magnitude(u.capacity, "MVA"),
                    "sk_mva": magnitude(u.sk, "MVA"), "xr_ratio": u.xr_ratio},
        "transformers": [{"id": t.id, "model": t.model, "rating_kva": magnitude(t.rating, "kVA"),
                          "v_primary_kv": magnitude(t.v_primary, "kV"), "v_secondary_v": magnitude(t.v_secondary, "V"),
                          "z_percent": magnitude(t.z_percent, "percent"), "primary_config": t.primary_config,
                          "secondary_config": t.secondary_config, "lv_bus": t.lv_bus} for t in e.transformers],
        "switchgear": [{"id": b.id, "kind": b.kind, "voltage_v": magnitude(b.voltage, "V"), "system": b.system,
                        "bus_rating_a": magnitude(b.bus_rating, "A"), "sccr_ka": magnitude(b.sccr, "kA"), "hall": b.hall}
                       for b in e.buses if b.kind in ("switchgear", "switchboard", "panelboard")],
        "generators": [{"id": g.id, "rating_kva": magnitude(g.rating, "kVA"), "voltage_v": magnitude(g.voltage, "V"),
                        "running": g.running, "kind": g.kind} for g in e.generators],
        "ups": [{"id": x.id, "rating_kw": magnitude(x.rating, "kW"), "from_bus": x.from_bus, "to_bus": x.to_bus}
                for x in e.ups],
        "miners": [{"id": m.id, "model": m.model, "count": m.count, "p_rated_kw": magnitude(m.p_rated, "kW"),
                    "bus": m.bus, "hall": m.hall, "cooling": m.cooling} for m in design.loads.miners],
        "racks": [{"id": g.id, "model": g.model, "kind": g.kind, "count": g.count, "p_design_kw": magnitude(g.p_design, "kW"),
                   "feeds": list(g.feeds), "hall": g.hall} for g in design.loads.racks],
        "other_loads": [{"id": o.id, "p_kw": magnitude(o.p, "kW"), "bus": o.bus, "kind": o.kind} for o in design.loads.other],
        "cdus": [{"id": x.id, "model": x.model, "capacity_kw": magnitude(x.capacity, "kW"), "tcs_loop": x.tcs_loop,
                  "facility_loop": x.facility_loop} for x in c.cdus],
        "pumps": [{"id": p.id, "loop": p.loop, "count": p.count, "running": p.running} for p in c.pumps],
        "heat_rejection": [{"id": h.id, "model": h.model, "kind": h.kind, "count": h.count,
                            "capacity_kw": magnitude(h.capacity, "kW"), "t_ambient_rated_c": magnitude(h.t_ambient_rated, "degC")}
                           for h in c.heat_rejection],
        "air_movers": [{"id": a.id, "kind": kind, "model": a.model, "count": a.count,
                        "airflow_m3_s": magnitude(a.airflow, "m**3/s"), "power_kw": magnitude(a.power, "kW"), "hall": a.hall}
                       for kind, items in (("exhaust fan", c.exhaust_fans), ("CRAH", c.crahs),
                                           ("rear door", c.rear_doors)) for a in items],
        "halls": [{"id": h.id, "length_m": magnitude(h.length, "m"), "width_m": magnitude(h.width, "m"),
                   "clear_height_m": magnitude(h.clear_height, "m"), "slab_rating_kpa": magnitude(h.slab_rating, "kPa"),
                   "columns": len(h.columns), "obstacles": len(h.obstacles), "shelving_rows": h.shelving_rows}
                  for h in design.halls],
    }


def criteria_and_goal(design: Design) -> dict:
    """The goal and design criteria as given (text with units) with the basis of each default."""
    if design.goal is None:
        return {"goal": None, "criteria": []}
    goal = design.goal
    criteria = goal.criteria
    rows = []
    for name, info in type(criteria).model_fields.items():
        value = getattr(criteria, name)
        text = f"{value:~P}" if hasattr(value, "units") else str(value)
        rows.append({"name": name, "value": text, "basis": info.description or ""})
        if name == "t_fws_setpoint":
            rows[-1].update(_facility_setpoint_held(design, criteria, value, text))
            if rows[-1].get("reason"):
                rows[-1]["basis"] += f"; {rows[-1]['reason']}"
    return {"goal": {"rack_model": goal.rack_model, "count": goal.count, "power_redundancy": goal.power_redundancy,
                     "cooling_redundancy": goal.cooling_redundancy, "racks_per_su": goal.racks_per_su,
                     "network_racks_per_su": goal.network_racks_per_su,
                     "network_rack_model": goal.network_rack_model},
            "criteria": rows}


def _facility_setpoint_held(design: Design, criteria, asked, text: str) -> dict:
    """The facility supply setpoint the design's facility loops hold beside the criterion as asked, with the
    reason when they differ (the planner lowers it for the CRAHs' supply air,
    :func:`retrofit.planning.basis.facility_setpoint_k`); empty when they hold what was asked."""
    from ..planning.basis import facility_setpoint_k

    held = sorted({round(magnitude(x.t_supply_setpoint, "degC"), 2) for x in design.cooling.loops
                   if x.kind == "facility" and x.t_supply_setpoint is not None})
    if not held or held == [round(magnitude(asked, "degC"), 2)]:
        return {}
    t_k, why = facility_setpoint_k(criteria)
    shown = ", ".join(f"{t:.1f} °C" for t in held)
    reason = (why.split(": ", 1)[-1] if held == [round(t_k - 273.15, 2)]
              else "the setpoint the design's facility loops are given")
    return {"value": f"{text} asked, {shown} held", "held_c": held, "reason": reason}


def catalog_provenance(designs: list[Design], catalog: Catalog | None = None) -> list[dict]:
    """Every catalog entry the designs use, with the class and source of its figures and who uses it.

    The climate entry is found by its station name (the loader replaces the id by the data).
    """
    catalog = catalog or load_catalog()
    used: dict[str, set[str]] = {}
    for design in designs:
        for _, element in design.elements():
            if element.model:
                used.setdefault(element.model, set()).add(element.id)
        if design.goal is not None:
            used.setdefault(design.goal.rack_model, set()).add("goal")
            if design.goal.network_rack_model:
                used.setdefault(design.goal.network_rack_model, set()).add("goal")
        for loop in design.cooling.loops:
            used.setdefault(loop.coolant, set()).add(loop.id)
        station = getattr(design.site.climate, "station", None)
        if station:
            for entry in catalog.list("climate"):
                if entry.data.get("station") == station:
                    used.setdefault(entry.id, set()).add("site")
    out = []
    for entry_id in sorted(used):
        try:
            entry = catalog.get(entry_id)
        except CatalogEntryNotFound:
            continue
        figures = sorted({p.get("class", entry.cls) for p in entry.provenance.values()} | {entry.cls})
        out.append({"id": entry.id, "kind": entry.kind, "name": entry.name, "class": entry.cls,
                    "figure_classes": figures, "source": entry.source, "file": entry.file,
                    "used_by": sorted(used[entry_id])})
    return out


__all__ = ["catalog_provenance", "criteria_and_goal", "existing_inventory"]
