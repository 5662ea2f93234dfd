"""Load a design file: YAML with line numbers, catalog resolution, schema validation, references.

Every problem is reported with file, line, field path, what was found and what was expected, all at
once (up to a screenful), as an :class:`~retrofit.errors.InputError`.
"""
from __future__ import annotations

import datetime
import difflib
import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..catalog import Catalog, load_catalog
from ..errors import CatalogEntryNotFound, InputError, Problem
from ..model import Design
from ..model.base import CATALOG_KIND
from .yaml_source import SourceMap, format_path, read_yaml
from .input_rules import bound_problems, design_problems
from .references import check_raw_references, check_references

MAX_PROBLEMS = 25
_SECTIONS = {"electrical": "electrical", "loads": "loads", "cooling": "cooling"}


def load(path: str | Path, *, catalog: Catalog | None = None) -> Design:
    """Read, resolve and validate a design file.

    Parameters
    ----------
    path : str or Path
        The YAML design file.
    catalog : Catalog, optional
        Catalog to resolve ``model`` ids against (default: the bundled catalogs).

    Returns
    -------
    Design
        The typed design, every quantity a pint Quantity, every catalog reference resolved.

    Raises
    ------
    InputError
        Listing every problem with its file, line and field path.
    """
    data, smap = read_yaml(path)
    return load_data(data, smap, catalog=catalog)


def load_text(text: str, name: str = "<text>", *, catalog: Catalog | None = None) -> Design:
    """Like :func:`load`, from YAML text."""
    data, smap = read_yaml(name, text=text)
    return load_data(data, smap, catalog=catalog)


def load_data(data: Any, smap: SourceMap, *, catalog: Catalog | None = None) -> Design:
    """Validate already-parsed YAML data (see :func:`load`)."""
    file = smap.file
    if not isinstance(data, dict):
        found = "a text value" if isinstance(data, str) else _found(data)
        raise InputError(Problem(file, 1, "", f"the document is {found}; expected a mapping "
                                 "with site, utility, electrical, loads, cooling, halls and goal"))
    catalog = catalog or load_catalog()
    problems: list[Problem] = []
    merged = _resolve_catalog(data, smap, catalog, problems)
    unresolved = [p.field.removesuffix(".model") for p in problems if p.field.endswith(".model")]
    design = None
    try:
        design = Design.model_validate(merged)
    except ValidationError as exc:
        for problem in _validation_problems(exc, merged, smap):
            # fields an unknown catalog model would have given are not worth a message of their own
            if problem.message.startswith("missing required field") and any(
                    problem.field.startswith(u + ".") for u in unresolved):
                continue
            problems.append(problem)
    problems += bound_problems(merged, smap)
    if design is not None:
        references = check_references(design, smap, catalog)
        problems += references
        if not references and not problems:
            # rules across elements need every id to resolve and every value to be of its type
            problems += design_problems(design, smap)
    else:
        problems += check_raw_references(merged, smap)
    if problems:
        problems = _sorted_unique(problems)
        if len(problems) > MAX_PROBLEMS:  # one screen; say how many are left rather than drop them silently
            hidden = len(problems) - (MAX_PROBLEMS - 1)
            problems = problems[:MAX_PROBLEMS - 1] + [Problem(file, None, "", f"... and {hidden} more problems "
                                                              "not shown; correct these and run again")]
        raise InputError(problems)
    return design


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    seen = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line or 0, p.field, p.message)):
        key = (p.line, p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# --- catalog resolution ---------------------------------------------------------------------------

def _resolve_catalog(data: dict, smap: SourceMap, catalog: Catalog, problems: list[Problem]) -> dict:
    """A copy of ``data`` in which each element's catalog ``model`` fills the fields it does not give."""
    out = dict(data)
    for section, lists in (("electrical", None), ("loads", None), ("cooling", None)):
        block = data.get(section)
        if not isinstance(block, dict):
            continue
        new_block = dict(block)
        for list_name, items in block.items():
            kind = CATALOG_KIND.get(list_name)
            if kind is None or not isinstance(items, list):
                continue
            new_items = []
            for i, item in enumerate(items):
                new_items.append(_merge_model(item, kind, (section, list_name, i), smap, catalog, problems))
            new_block[list_name] = new_items
        out[section] = new_block
    site = data.get("site")
    if isinstance(site, dict) and isinstance(site.get("climate"), str):
        site = dict(site)
        try:
            entry = catalog.get(site["climate"], "climate")
            site["climate"] = dict(entry.data)
        except CatalogEntryNotFound as exc:
            problems.append(Problem(smap.file, smap.line_of(("site", "climate")), "site.climate", str(exc)))
            site.pop("climate")
            site["climate"] = {"cooling_db_04": "0 degC", "cooling_mcwb_04": "0 degC"}  # placeholder so other fields still get checked
        out["site"] = site
    goal = data.get("goal")
    if isinstance(goal, dict):
        for key, kind in (("rack_model", "rack"), ("network_rack_model", "rack")):
            if isinstance(goal.get(key), str):
                try:
                    catalog.get(goal[key], kind)
                except CatalogEntryNotFound as exc:
                    problems.append(Problem(smap.file, smap.line_of(("goal", key)), f"goal.{key}", str(exc)))
        backup = goal.get("backup")
        if isinstance(backup, dict):  # the backup policy's equipment (retrofit.planning.backup)
            for key, kind in (("ups_model", "ups"), ("generator_model", "generator")):
                if isinstance(backup.get(key), str):
                    try:
                        catalog.get(backup[key], kind)
                    except CatalogEntryNotFound as exc:
                        problems.append(Problem(smap.file, smap.line_of(("goal", "backup", key)), f"goal.backup.{key}",
                                                str(exc)))
            ats_ids = [r["id"] for r in catalog.table("ats").rows]
            if isinstance(backup.get("ats_model"), str) and backup["ats_model"] not in ats_ids:
                problems.append(Problem(smap.file, smap.line_of(("goal", "backup", "ats_model")), "goal.backup.ats_model",
                                        f"found {backup['ats_model']!r}; expected a row of the ats table: "
                                        + ", ".join(ats_ids)))
    return out


def _merge_model(item: Any, kind: str, path: tuple, smap: SourceMap, catalog: Catalog,
                 problems: list[Problem]) -> Any:
    if not isinstance(item, dict) or "model" not in item or item["model"] is None:
        return item
    model_id = item["model"]
    if not isinstance(model_id, str):
        problems.append(Problem(smap.file, smap.line_of(path + ("model",)), format_path(path + ("model",)),
                                f"found {_found(model_id)}; expected a catalog id (text)"))
        return item
    try:
        entry = catalog.get(model_id, kind)
    except CatalogEntryNotFound as exc:
        problems.append(Problem(smap.file, smap.line_of(path + ("model",)), format_path(path + ("model",)), str(exc)))
        return item
    merged = dict(entry.data)
    merged.update(item)
    return merged


# --- pydantic errors to problems ------------------------------------------------------------------

def _strip_tags(loc: tuple, data: Any) -> tuple[tuple, bool]:
    """Drop union-branch tags from a pydantic location by walking the input data alongside it."""
    out = []
    node = data
    tagged_end = False
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
            tagged_end = False
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
            tagged_end = False
        elif isinstance(node, dict) and isinstance(part, str) and part[:1].islower() and "[" not in part \
                and part not in ("str", "int", "float", "bool", "list", "dict", "none") and not part.startswith("literal"):
            out.append(part)  # a missing or unknown key
            node = None
            tagged_end = False
        else:
            tagged_end = True  # a union tag such as 'str', 'Climate', "literal['max']"
    return tuple(out), tagged_end


def _model_at(path: tuple) -> type[BaseModel] | None:
    """The pydantic model class that holds the field at ``path`` (for did-you-mean on unknown keys)."""
    model: Any = Design
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    return annotation


def _choices(model: type[BaseModel] | None, name: str) -> str:
    """``; expected one of 'a' or 'b'`` for a field that takes one of a few words, else nothing."""
    if model is None or name not in model.model_fields:
        return ""
    annotation = model.model_fields[name].annotation
    if typing.get_origin(annotation) is not typing.Literal:
        return ""
    words = [repr(w) for w in typing.get_args(annotation)]
    return "; expected " + (", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0])


def _describe_expected(model: type[BaseModel] | None, name: str) -> str:
    if model is None or name not in model.model_fields:
        return ""
    desc = model.model_fields[name].description
    return f" ({desc})" if desc else ""


def _validation_problems(exc: ValidationError, data: dict, smap: SourceMap) -> list[Problem]:
    grouped: dict[tuple, list[tuple[dict, bool]]] = {}
    for err in exc.errors():
        path, tagged = _strip_tags(tuple(err["loc"]), data)
        grouped.setdefault(path, []).append((err, tagged))
    # a union error at a path with deeper errors below it is noise: the deeper ones say what is wrong
    paths = set(grouped)
    # a misspelt key gives an unknown field and a missing one: the did-you-mean of the first says it all
    misspelt = set()
    for path, errs in grouped.items():
        if path and errs[0][0]["type"] == "extra_forbidden":
            near = _near_field(_model_at(path), str(path[-1]))
            if near:
                misspelt.add(path[:-1] + (near,))
    problems = []
    for path, errs in grouped.items():
        if all(t for _, t in errs) and any(p[:len(path)] == path and len(p) > len(path) for p in paths):
            continue
        if path in misspelt and all(err["type"] == "missing" for err, _ in errs):
            continue
        messages = []
        for err, _ in errs:
            messages.append(_message(err, path))
        text = messages[0] if len(set(messages)) == 1 else _join_alternatives(errs, path)
        line = smap.key_line_of(path) if errs[0][0]["type"] == "extra_forbidden" else smap.line_of(path)
        problems.append(Problem(smap.file, line, format_path(path), text))
    return problems


def _join_alternatives(errs, path) -> str:
    found = errs[0][0].get("input")
    expected = []
    for err, _ in errs:
        t = err["type"]
        if t == "literal_error":
            expected.append(err["ctx"]["expected"])
        elif t in ("int_parsing", "int_type", "int_from_float"):
            expected.append("an integer")
        elif t in ("string_type",):
            expected.append("a text value")
        elif t in ("model_type", "dict_type"):
            expected.append("a mapping of fields")
        else:
            expected.append(err["msg"].removeprefix("Value error, ").removeprefix("Input should be "))
    return f"found {_found(found)}; expected {' or '.join(dict.fromkeys(expected))}"


def _message(err: dict, path: tuple) -> str:
    t = err["type"]
    name = path[-1] if path else ""
    model = _model_at(path) if path else None
    if t == "extra_forbidden":
        fields = list(model.model_fields) if model else []
        near = _near_field(model, str(name))
        hint = f"; did you mean \"{near}\"?" if near else (f"; expected one of {', '.join(fields)}" if fields else "")
        return f"unknown field {json.dumps(str(name), ensure_ascii=False)}{hint}"
    if t == "string_type":
        found = err.get("input")
        if isinstance(found, bool):
            return ("found a yes/no value (YAML reads an unquoted yes, no, on, off, true or false so); "
                    "expected text: write it in quotes")
        if isinstance(found, (int, float, datetime.date)):
            return (f"found {_shown(found)}, which YAML reads as {_kind_of(found)}; expected text: "
                    f"write it in quotes, \"{_shown(found)}\"")
        return f"found {_found(found)}; expected text"
    if t == "missing":
        catalog_list = (len(path) == 4 and path[0] in _SECTIONS and isinstance(path[2], int)
                        and path[1] in CATALOG_KIND)
        hint = "; give it, or a catalog `model` that has it" if catalog_list else ""
        return f"missing required field{_describe_expected(model, str(name))}{_choices(model, str(name))}{hint}"
    if t == "value_error":
        return err["msg"].removeprefix("Value error, ")
    if t == "literal_error":
        return f"found {_found(err.get('input'))}; expected one of {err['ctx']['expected']}"
    if t == "string_pattern_mismatch":
        return f"found {err.get('input')!r}; expected an id of letters, digits, '-', '_' and '.'"
    if t in ("model_type", "model_attributes_type", "dict_type"):
        return f"found {_found(err.get('input'))}; expected a mapping of fields{_describe_expected(model, str(name))}"
    if t == "list_type":
        return f"found {_found(err.get('input'))}; expected a list"
    msg = err["msg"].removeprefix("Input should be ")
    return f"found {_found(err.get('input'))}; expected {msg}"


def _near_field(model: type[BaseModel] | None, name: str) -> str | None:
    """The field of ``model`` closest to a misspelt ``name``, if one is close."""
    if model is None:
        return None
    near = difflib.get_close_matches(name, list(model.model_fields), n=1, cutoff=0.6)
    return near[0] if near else None


def _shown(value: Any) -> str:
    """A number or date as the YAML file shows it (``2024-01-01``, ``12``)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _found(value: Any) -> str:
    """What was found, for a message: a short repr of a scalar, the kind of anything bigger."""
    if isinstance(value, (dict, list, type(None), bool, datetime.date)):
        return _kind_of(value)
    return repr(value)


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    return repr(value)
