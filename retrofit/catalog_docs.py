"""Generate ``docs/catalog-entries.md`` from the catalogs themselves (a test fails when it is stale).

Run ``python -m retrofit.catalog_docs`` to regenerate it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .catalog import Catalog, load_catalog
from .io.atomic import write_atomic

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "catalog-entries.md"
_TITLES = {
    "rack": "Racks", "miner": "ASIC miners", "transformer": "Transformers", "breaker": "Breakers and fuses",
    "switchboard": "Switchgear, switchboards and panelboards", "busway": "Busway", "pdu": "PDUs and tap boxes",
    "ups": "UPS", "generator": "Generators", "cdu": "CDUs", "heat_rejection": "Heat rejection", "pump": "Pumps",
    "fan": "Exhaust fans", "crah": "CRAHs", "rear_door": "Rear-door heat exchangers",
    "climate": "Climate design conditions", "coolant": "Coolants",
}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_catalog_entries(catalog: Catalog | None = None) -> str:
    """The Markdown page listing every catalog entry with its class and source, and every table."""
    catalog = catalog or load_catalog()
    lines = ["# Catalog entries", "",
             "Generated from `catalogs/` by `python -m retrofit.catalog_docs`; do not edit by hand. Each entry's",
             "figures, with their own provenance where it differs, are shown by `retrofit catalog show ID`.", ""]
    kinds = sorted({e.kind for e in catalog.list()}, key=lambda k: list(_TITLES).index(k) if k in _TITLES else 99)
    for kind in kinds:
        entries = catalog.list(kind)
        lines += [f"## {_TITLES.get(kind, kind)} ({len(entries)})", "", "| id | name | class | source |", "|---|---|---|---|"]
        for e in entries:
            classes = sorted({e.figure_provenance(k)[0] for k in e.data} | {e.cls})
            lines.append(f"| `{e.id}` | {_cell(e.name)} | {', '.join(classes)} | {_cell(e.source)} |")
        lines.append("")
    lines += ["## Reference tables", "", "| id | title | class | source |", "|---|---|---|---|"]
    for t in sorted(catalog.tables.values(), key=lambda t: t.id):
        lines.append(f"| `{t.id}` | {_cell(t.title)} | {t.cls} | {_cell(t.source)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the page (to ``argv[0]`` or docs/catalog-entries.md)."""
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else DEFAULT_PATH
    write_atomic(path, render_catalog_entries())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
