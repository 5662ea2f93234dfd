"""Text and JSON views of catalog entries (for ``retrofit catalog`` and the catalog docs page)."""
from __future__ import annotations

from typing import Any

from .catalog import Catalog, Entry


def _figure(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_figure(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def entry_text(entry: Entry) -> str:
    """Every figure of an entry with its unit, class and source."""
    lines = [f"{entry.id} — {entry.name}", f"kind: {entry.kind}", f"class: {entry.cls}",
             f"source: {entry.source}"]
    if entry.notes:
        lines.append(f"notes: {entry.notes}")
    lines.append("data:")
    width = max((len(k) for k in entry.data), default=0)
    for key, value in entry.data.items():
        cls, source = entry.figure_provenance(key)
        tag = "" if key not in entry.provenance else f"   [{cls}: {source}]"
        if key not in entry.provenance and cls != entry.cls:
            tag = f"   [{cls}]"
        lines.append(f"  {key:<{width}}  {_figure(value)}{tag}")
    lines.append(f"file: catalogs/{entry.file}")
    return "\n".join(lines)


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id, "kind": entry.kind, "name": entry.name, "class": entry.cls, "source": entry.source,
        "notes": entry.notes, "data": entry.data,
        "provenance": {k: dict(zip(("class", "source"), entry.figure_provenance(k))) for k in entry.data},
    }


def listing_text(catalog: Catalog, kind: str | None) -> str:
    entries = catalog.list(kind)
    if kind == "table" or (kind is None and catalog.tables):
        pass
    lines = []
    id_w = max((len(e.id) for e in entries), default=2)
    kind_w = max((len(e.kind) for e in entries), default=4)
    for e in entries:
        lines.append(f"{e.id:<{id_w}}  {e.kind:<{kind_w}}  {e.cls:<9}  {e.name}")
    if kind in (None, "table"):
        for t in sorted(catalog.tables.values(), key=lambda t: t.id):
            lines.append(f"{t.id:<{id_w}}  {'table':<{kind_w}}  {t.cls:<9}  {t.title}")
    if not lines:
        return f"no entries of kind {kind}"
    return "\n".join(lines)
