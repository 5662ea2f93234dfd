"""Paths and helpers the report tests share: imported by name, since several test folders have a conftest."""
from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
PILOT = ROOT / "examples" / "pilot-hall" / "design.yaml"
WASHINGTON = ROOT / "examples" / "washington-18mw" / "site.yaml"


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Outline (bookmark) title -> 0-based page index."""
    out = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out[item["/Title"]] = reader.get_destination_page_number(item)

    walk(reader.outline)
    return out
