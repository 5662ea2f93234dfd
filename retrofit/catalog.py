"""Equipment catalogs: data files with provenance, validated when loaded, looked up by id.

A catalog file holds one ``kind`` of entry (or gives ``kind`` per entry). Every entry carries an id, a
name, the class of its figures (published / secondary / computed / estimate) and their source, its
``data`` (the element fields it fills, quantities as text with units) and optional per-figure
``provenance``. Files of ``kind: table`` hold reference tables (NEC) with per-column units.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, TypeAdapter, ValidationError

from .errors import CatalogEntryNotFound, CatalogError, InputError
from .io.yaml_source import read_yaml

CLASSES = ("published", "secondary", "computed", "estimate")


def _element_models() -> dict[str, type]:
    from .model import (CDU, PDU, UPS, AirMover, Breaker, Bus, Busway, Climate, Generator, HeatRejection,
                        MinerGroup, Pump, RackGroup, Transformer)
    return {
        "transformer": Transformer, "breaker": Breaker, "switchboard": Bus, "busway": Busway, "pdu": PDU,
        "ups": UPS, "generator": Generator, "rack": RackGroup, "miner": MinerGroup, "cdu": CDU, "pump": Pump,
        "heat_rejection": HeatRejection, "fan": AirMover, "crah": AirMover, "rear_door": AirMover,
        "climate": Climate,
    }


# Kinds that exist only in catalogs (not element lists), with their allowed fields and types.
_COOLANT_FIELDS = {"fluid": str, "fraction": "ratio", "freezing_point": "temperature"}
KINDS = ("transformer", "breaker", "switchboard", "busway", "pdu", "ups", "generator", "rack", "miner",
         "cdu", "pump", "heat_rejection", "fan", "crah", "rear_door", "climate", "coolant", "table")


def catalog_dir() -> Path:
    """The catalogs folder: ``$RETROFIT_CATALOGS``, the source checkout's ``catalogs/``, or the installed copy."""
    env = os.environ.get("RETROFIT_CATALOGS")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent / "catalogs"
    if checkout.is_dir():
        return checkout
    installed = Path(__file__).resolve().parent / "catalogs"
    return installed


@dataclass(frozen=True)
class Entry:
    """One catalog entry with its provenance."""

    id: str
    kind: str
    name: str
    cls: str
    source: str
    data: dict[str, Any]
    provenance: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: str = ""
    file: str = ""
    line: int | None = None

    def figure_provenance(self, name: str) -> tuple[str, str]:
        """(class, source) of one figure of the entry."""
        p = self.provenance.get(name, {})
        return p.get("class", self.cls), p.get("source", self.source)


@dataclass(frozen=True)
class Table:
    """A reference table (for example NEC Table 310.16) with per-column units."""

    id: str
    title: str
    cls: str
    source: str
    columns: dict[str, str]
    rows: list[dict[str, Any]]
    notes: str = ""
    file: str = ""


class Catalog:
    """Every catalog entry, by id."""

    def __init__(self, entries: list[Entry], tables: list[Table]):
        self.entries: dict[str, Entry] = {e.id: e for e in entries}
        self.tables: dict[str, Table] = {t.id: t for t in tables}

    def get(self, entry_id: str, kind: str | None = None) -> Entry:
        """The entry ``entry_id`` (of ``kind`` when given); CatalogEntryNotFound lists near matches."""
        entry = self.entries.get(entry_id)
        if entry is None or (kind is not None and entry.kind != kind):
            pool = [e.id for e in self.entries.values() if kind is None or e.kind == kind]
            near = difflib.get_close_matches(entry_id, pool, n=4, cutoff=0.5)
            if not near:
                near = [p for p in pool if entry_id.lower() in p or p in entry_id.lower()][:4]
            raise CatalogEntryNotFound(entry_id, kind, near)
        return entry

    def list(self, kind: str | None = None) -> list[Entry]:
        """Entries of ``kind`` (all when None), sorted by kind and id."""
        return sorted((e for e in self.entries.values() if kind is None or e.kind == kind),
                      key=lambda e: (e.kind, e.id))

    def table(self, table_id: str) -> Table:
        try:
            return self.tables[table_id]
        except KeyError:
            near = difflib.get_close_matches(table_id, list(self.tables), n=4, cutoff=0.5)
            raise CatalogEntryNotFound(table_id, "table", near) from None


@lru_cache(maxsize=None)
def _adapter(model: type | None, name: str, dimension: str | None = None) -> TypeAdapter:
    from .model.quantity import Qty
    if model is None:
        annotation = Qty(dimension)
    else:
        info = model.model_fields[name]
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=ConfigDict(arbitrary_types_allowed=True))


def _check_data(kind: str, data: dict, file: str, line_of, entry_index: int) -> list[str]:
    problems = []
    if kind == "coolant":
        for key, value in data.items():
            if key not in _COOLANT_FIELDS:
                problems.append(f"unknown coolant field {key!r}; expected one of {', '.join(_COOLANT_FIELDS)}")
            elif _COOLANT_FIELDS[key] is not str:
                try:
                    _adapter(None, key, _COOLANT_FIELDS[key]).validate_python(value)
                except ValidationError as exc:
                    problems.append(f"{key}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}")
        return problems
    model = _element_models()[kind]
    for key, value in data.items():
        if key not in model.model_fields or key in ("id", "model"):
            near = difflib.get_close_matches(key, list(model.model_fields), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            problems.append(f"{key!r} is not a field of a {kind}{hint}")
            continue
        try:
            _adapter(model, key).validate_python(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            problems.append(f"{key}: {err['msg'].removeprefix('Value error, ')}")
    return problems


def _load_file(path: Path) -> tuple[list[Entry], list[Table], list[str]]:
    data, smap = read_yaml(path)
    file = path.name
    problems: list[str] = []
    if not isinstance(data, dict):
        return [], [], [f"{file}: expected a mapping with kind and entries"]
    kind = data.get("kind")
    if kind == "table":
        try:
            table = Table(id=data["id"], title=data.get("title", ""), cls=data["class"], source=data["source"],
                          columns=dict(data["columns"]), rows=list(data["rows"]), notes=data.get("notes", ""),
                          file=file)
        except KeyError as exc:
            return [], [], [f"{file}: table misses {exc.args[0]!r}"]
        if table.cls not in CLASSES:
            problems.append(f"{file}: class {table.cls!r}; expected one of {', '.join(CLASSES)}")
        for i, row in enumerate(table.rows):
            extra = set(row) - set(table.columns)
            if extra:
                problems.append(f"{file}:{smap.line_of(('rows', i))}: row {i} has columns not declared: {sorted(extra)}")
        return [], [table], problems
    entries = []
    for i, raw in enumerate(data.get("entries") or []):
        line = smap.line_of(("entries", i))
        where = f"{file}:{line}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: entry {i} is not a mapping")
            continue
        ekind = raw.get("kind", kind)
        if ekind not in KINDS:
            problems.append(f"{where}: kind {ekind!r}; expected one of {', '.join(KINDS)}")
            continue
        missing = [k for k in ("id", "name", "class", "source", "data") if k not in raw]
        if missing:
            problems.append(f"{where}: entry misses {', '.join(missing)}")
            continue
        allowed = {"id", "name", "class", "source", "data", "provenance", "notes", "kind"}
        for key in set(raw) - allowed:
            problems.append(f"{where}: unknown key {key!r} in entry {raw['id']!r}")
        if raw["class"] not in CLASSES:
            problems.append(f"{where}: {raw['id']}: class {raw['class']!r}; expected one of {', '.join(CLASSES)}")
        prov = raw.get("provenance") or {}
        for fname, p in prov.items():
            if fname not in raw["data"]:
                problems.append(f"{where}: {raw['id']}: provenance for {fname!r}, which is not in data")
            elif not isinstance(p, dict) or p.get("class", raw["class"]) not in CLASSES:
                problems.append(f"{where}: {raw['id']}: provenance of {fname!r} needs a class in {', '.join(CLASSES)}")
        for msg in _check_data(ekind, raw["data"], file, smap.line_of, i):
            dline = smap.line_of(("entries", i, "data"))
            problems.append(f"{file}:{dline}: {raw['id']}: {msg}")
        entries.append(Entry(id=str(raw["id"]), kind=ekind, name=str(raw["name"]), cls=raw["class"],
                             source=str(raw["source"]), data=dict(raw["data"]), provenance=dict(prov),
                             notes=str(raw.get("notes", "") or ""), file=file, line=line))
    return entries, [], problems


@lru_cache(maxsize=8)
def load_catalog(directory: str | None = None) -> Catalog:
    """Load and validate every catalog file under ``directory`` (default :func:`catalog_dir`).

    Raises
    ------
    CatalogError
        Listing every problem found, each with its file and line.
    """
    root = Path(directory) if directory else catalog_dir()
    if not root.is_dir():
        raise CatalogError(f"catalog folder {root} not found; set RETROFIT_CATALOGS")
    entries: list[Entry] = []
    tables: list[Table] = []
    problems: list[str] = []
    for path in sorted(root.rglob("*.yaml")):
        try:
            e, t, p = _load_file(path)
        except InputError as exc:
            problems.extend(str(pr) for pr in exc.problems)
            continue
        entries += e
        tables += t
        problems += p
    seen: dict[str, Entry] = {}
    for e in entries:
        if e.id in seen:
            problems.append(f"{e.file}:{e.line}: duplicate id {e.id!r} (also in {seen[e.id].file}:{seen[e.id].line})")
        seen[e.id] = e
    if problems:
        raise CatalogError("catalog problems:\n" + "\n".join(problems))
    return Catalog(entries, tables)
