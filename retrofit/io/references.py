"""Checks across elements after schema validation: unique ids and references that resolve."""
from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..catalog import Catalog
from ..errors import CatalogEntryNotFound, Problem
from ..model import Design
from ..model.base import Element
from .yaml_source import SourceMap, format_path

# For each element list: the fields that name another element, and the lists that element may be in.
_BUS = ("electrical.buses",)
REFERENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "utility": {"bus": _BUS},
    "electrical.transformers": {"hv_bus": _BUS, "lv_bus": _BUS, "hall": ("halls",)},
    "electrical.breakers": {"bus": _BUS, "protects": ("electrical.transformers", "electrical.cables",
                                                      "electrical.busways", "electrical.pdus", "electrical.ups")},
    "electrical.cables": {"from_bus": _BUS, "to_bus": _BUS},
    "electrical.busways": {"from_bus": _BUS, "to_bus": _BUS},
    "electrical.pdus": {"from_bus": _BUS, "to_bus": _BUS},
    "electrical.ups": {"from_bus": _BUS, "to_bus": _BUS},
    "electrical.generators": {"bus": _BUS},
    "electrical.bess": {"bus": _BUS},
    "electrical.buses": {"hall": ("halls",)},
    "loads.racks": {"feeds": _BUS, "tcs_loop": ("cooling.loops",), "hall": ("halls",)},
    "loads.miners": {"bus": _BUS, "hall": ("halls",)},
    "loads.other": {"bus": _BUS},
    "cooling.cdus": {"facility_loop": ("cooling.loops",), "tcs_loop": ("cooling.loops",), "bus": _BUS,
                     "bus_b": _BUS, "hall": ("halls",)},
    "cooling.pumps": {"loop": ("cooling.loops",), "bus": _BUS},
    "cooling.heat_rejection": {"loop": ("cooling.loops",), "bus": _BUS},
    "cooling.exhaust_fans": {"hall": ("halls",), "bus": _BUS},
    "cooling.crahs": {"hall": ("halls",), "bus": _BUS},
    "cooling.rear_doors": {"hall": ("halls",), "bus": _BUS},
}


def _indexed(design: Design) -> Iterator[tuple[str, int, Element]]:
    counters: dict[str, int] = {}
    for list_path, element in design.elements():
        i = counters.get(list_path, 0)
        counters[list_path] = i + 1
        yield list_path, i, element


def _path(list_path: str, index: int) -> tuple:
    if list_path == "utility":
        return ("utility",)
    return tuple(list_path.split(".")) + (index,)


def check_references(design: Design, smap: SourceMap, catalog: Catalog) -> list[Problem]:
    """Duplicate ids, references to missing elements or to elements of the wrong kind, loop roles."""
    file = smap.file
    problems: list[Problem] = []
    where: dict[str, tuple[str, tuple]] = {}
    for list_path, i, element in _indexed(design):
        path = _path(list_path, i)
        if element.id in where:
            first = where[element.id][1]
            problems.append(Problem(file, smap.line_of(path + ("id",)), format_path(path + ("id",)),
                                    f"duplicate id \"{element.id}\" (first used at {format_path(first)}, "
                                    f"line {smap.line_of(first + ('id',))})"))
        else:
            where[element.id] = (list_path, path)
    from ..model.base import CATALOG_KIND
    for list_path, i, element in _indexed(design):
        path = _path(list_path, i)
        if element.model is not None and list_path.split(".")[-1] not in CATALOG_KIND:
            problems.append(Problem(file, smap.line_of(path + ("model",)), format_path(path + ("model",)),
                                    f"{list_path.split('.')[-1]} have no catalog; remove model or give the fields here"))
        for field_name, targets in REFERENCES.get(list_path, {}).items():
            value = getattr(element, field_name)
            values = value if isinstance(value, list) else [value]
            for j, ref in enumerate(values):
                if ref is None:
                    continue
                fpath = path + (field_name,) + ((j,) if isinstance(value, list) else ())
                found = where.get(ref)
                if found is None or found[0] not in targets:
                    pool = [eid for eid, (lp, _) in where.items() if lp in targets]
                    near = difflib.get_close_matches(ref, pool, n=3, cutoff=0.5)
                    kinds = " or ".join(t.split(".")[-1] for t in targets)
                    if found is None:
                        msg = f"\"{ref}\" is not the id of any element; expected one of the {kinds}"
                    else:
                        msg = f"\"{ref}\" is in {found[0]}; expected one of the {kinds}"
                    if near:
                        msg += "; did you mean " + ", ".join(f"\"{n}\"" for n in near) + "?"
                    problems.append(Problem(file, smap.line_of(fpath), format_path(fpath), msg))
    loops = {loop.id: loop for loop in design.cooling.loops}
    for i, cdu in enumerate(design.cooling.cdus):
        for field_name, kind in (("facility_loop", "facility"), ("tcs_loop", "tcs")):
            loop = loops.get(getattr(cdu, field_name))
            if loop is not None and loop.kind != kind:
                fpath = ("cooling", "cdus", i, field_name)
                problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                        f"loop \"{loop.id}\" is a {loop.kind} loop; expected a {kind} loop"))
    for i, cdu in enumerate(design.cooling.cdus):
        if cdu.pumps_running > cdu.pumps:
            fpath = ("cooling", "cdus", i, "pumps_running")
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    f"{cdu.pumps_running} running; expected at most the {cdu.pumps} installed"))
    for i, pump in enumerate(design.cooling.pumps):
        if pump.running > pump.count:
            fpath = ("cooling", "pumps", i, "running")
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    f"{pump.running} running; expected at most the {pump.count} installed"))
    for i, group in enumerate(design.loads.racks):
        if group.positions is not None and len(group.positions) != group.count:
            fpath = ("loads", "racks", i, "positions")
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    f"{len(group.positions)} positions; expected one per rack ({group.count})"))
        if len(set(group.feeds)) != len(group.feeds):
            fpath = ("loads", "racks", i, "feeds")
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    "the same bus is listed twice; expected one bus per power path"))
        if float(group.liquid_fraction.to("dimensionless").magnitude) > 0 and group.tcs_loop is None:
            fpath = ("loads", "racks", i)
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath) + ".tcs_loop",
                                    "liquid-cooled racks need a tcs_loop; none given"))
        loop = loops.get(group.tcs_loop) if group.tcs_loop else None
        if loop is not None and loop.kind != "tcs":
            fpath = ("loads", "racks", i, "tcs_loop")
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    f"loop \"{loop.id}\" is a {loop.kind} loop; expected a tcs loop"))
    for i, t in enumerate(design.electrical.transformers):
        if t.hv_bus == t.lv_bus:
            fpath = ("electrical", "transformers", i, "lv_bus")
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    f"\"{t.lv_bus}\" is also the primary bus; expected another bus"))
    for list_name in ("cables", "busways", "pdus", "ups"):
        for i, b in enumerate(getattr(design.electrical, list_name)):
            if b.from_bus == b.to_bus:
                fpath = ("electrical", list_name, i, "to_bus")
                problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                        f"\"{b.to_bus}\" is also the from_bus; expected another bus"))
    from ..cooling.coolant_names import check_coolant_name
    named = [(("cooling", "loops", i, "coolant"), loop.coolant) for i, loop in enumerate(design.cooling.loops)]
    named += [(("cooling", "cdus", i, "coolant_fws_rated"), x.coolant_fws_rated)
              for i, x in enumerate(design.cooling.cdus) if x.coolant_fws_rated is not None]
    named += [(("cooling", "heat_rejection", i, "coolant_rated"), x.coolant_rated)
              for i, x in enumerate(design.cooling.heat_rejection) if x.coolant_rated is not None]
    for fpath, name in named:
        try:
            check_coolant_name(name, catalog)
        except CatalogEntryNotFound as exc:
            known = ", ".join(f"\"{n}\"" for n in exc.near)
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath),
                                    f"unknown coolant \"{name}\"; expected a coolant of the catalog"
                                    f"{' (' + known + ')' if known else ''} or a glycol mix named PG<nn> or "
                                    "EG<nn> with nn from 10 to 60"))
        except ValueError as exc:
            problems.append(Problem(file, smap.line_of(fpath), format_path(fpath), str(exc)))
    return problems


def check_raw_references(data: dict, smap: SourceMap) -> list[Problem]:
    """Duplicate ids and references to missing elements, from the raw data of a design that failed the schema.

    So that a file with schema problems also hears about its references in the same pass; items that are
    not mappings, and ids or references that are not text, are left to the schema's messages.
    """
    file = smap.file
    problems: list[Problem] = []
    where: dict[str, tuple[str, tuple]] = {}
    items: list[tuple[str, tuple, dict]] = []
    utility = data.get("utility")
    if isinstance(utility, dict):
        items.append(("utility", ("utility",), utility))
    for section in ("electrical", "loads", "cooling"):
        block = data.get(section)
        if not isinstance(block, dict):
            continue
        for list_name, values in block.items():
            if isinstance(values, list):
                items += [(f"{section}.{list_name}", (section, list_name, i), item)
                          for i, item in enumerate(values) if isinstance(item, dict)]
    halls = data.get("halls")
    if isinstance(halls, list):
        items += [("halls", ("halls", i), item) for i, item in enumerate(halls) if isinstance(item, dict)]
    for list_path, path, item in items:
        element_id = item.get("id", "utility" if list_path == "utility" else None)
        if not isinstance(element_id, str):
            continue
        if element_id in where:
            first = where[element_id][1]
            problems.append(Problem(file, smap.line_of(path + ("id",)), format_path(path + ("id",)),
                                    f"duplicate id \"{element_id}\" (first used at {format_path(first)}, "
                                    f"line {smap.line_of(first + ('id',))})"))
        else:
            where[element_id] = (list_path, path)
    def state(list_path: str) -> str:
        node: Any = data
        for part in list_path.split("."):
            if not isinstance(node, dict) or part not in node:
                return "absent"
            node = node[part]
        return "list" if isinstance(node, list) else "broken"

    for list_path, path, item in items:
        for field_name, targets in REFERENCES.get(list_path, {}).items():
            states = [state(t) for t in targets]
            if "broken" in states or "list" not in states:
                continue  # a target list that is missing or broken: the schema's message is the one to read
            value = item.get(field_name)
            values = value if isinstance(value, list) else [value]
            for j, ref in enumerate(values):
                if not isinstance(ref, str):
                    continue
                fpath = path + (field_name,) + ((j,) if isinstance(value, list) else ())
                found = where.get(ref)
                if found is None or found[0] not in targets:
                    kinds = " or ".join(t.split(".")[-1] for t in targets)
                    pool = [eid for eid, (lp, _) in where.items() if lp in targets]
                    near = difflib.get_close_matches(ref, pool, n=3, cutoff=0.5)
                    msg = (f"\"{ref}\" is not the id of any element; expected one of the {kinds}" if found is None
                           else f"\"{ref}\" is in {found[0]}; expected one of the {kinds}")
                    if near:
                        msg += "; did you mean " + ", ".join(f"\"{n}\"" for n in near) + "?"
                    problems.append(Problem(file, smap.line_of(fpath), format_path(fpath), msg))
    return problems
