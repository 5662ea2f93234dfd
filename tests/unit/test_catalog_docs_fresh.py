"""docs/catalog-entries.md is generated from the catalogs: it must match them."""
from __future__ import annotations

from retrofit.catalog import load_catalog
from retrofit.catalog_docs import DEFAULT_PATH, render_catalog_entries


def test_catalog_entries_page_is_fresh():
    expected = render_catalog_entries()
    assert DEFAULT_PATH.read_text() == expected, (
        "docs/catalog-entries.md is stale: regenerate it with `python -m retrofit.catalog_docs` and commit it")


def test_every_entry_is_on_the_page():
    page = DEFAULT_PATH.read_text()
    for entry in load_catalog().list():
        assert f"`{entry.id}`" in page
