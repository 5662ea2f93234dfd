"""The catalog loader: validation of every entry against the element models, lookups with near matches."""
from __future__ import annotations

import textwrap

import pytest

from retrofit.catalog import load_catalog
from retrofit.errors import CatalogEntryNotFound, CatalogError


def _catalog(tmp_path, text: str, name: str = "items.yaml"):
    (tmp_path / name).write_text(textwrap.dedent(text))
    load_catalog.cache_clear()
    return load_catalog(str(tmp_path))


GOOD = """
kind: transformer
entries:
  - id: t-2500
    name: "2500 kVA"
    class: estimate
    source: "test"
    data: {rating: "2500 kVA", z_percent: "5.75 %", xr_ratio: 8}
    provenance:
      z_percent: {class: published, source: "IEEE C57.12.00"}
"""


def test_entry_data_and_provenance(tmp_path):
    cat = _catalog(tmp_path, GOOD)
    entry = cat.get("t-2500", "transformer")
    assert entry.data["rating"] == "2500 kVA"
    assert entry.figure_provenance("z_percent") == ("published", "IEEE C57.12.00")
    assert entry.figure_provenance("rating") == ("estimate", "test")


def test_unknown_id_lists_near_matches(tmp_path):
    cat = _catalog(tmp_path, GOOD)
    with pytest.raises(CatalogEntryNotFound) as err:
        cat.get("t-2050", "transformer")
    assert "t-2500" in str(err.value)
    with pytest.raises(KeyError):  # catchable as the builtin too
        cat.get("t-2500", "rack")


@pytest.mark.parametrize("data, expected", [
    ('{rating: "2500 kW"}', "is an active power; expected apparent power"),
    ('{ratng: "2500 kVA"}', "'ratng' is not a field of a transformer; did you mean 'rating'?"),
    ('{xr_ratio: -3}', "xr_ratio"),
])
def test_bad_figures_name_file_line_and_entry(tmp_path, data, expected):
    text = f"""
    kind: transformer
    entries:
      - id: bad
        name: "bad"
        class: estimate
        source: "test"
        data: {data}
    """
    with pytest.raises(CatalogError) as err:
        _catalog(tmp_path, text)
    message = str(err.value)
    assert "items.yaml:" in message and "bad" in message and expected in message


def test_bad_class_missing_source_and_duplicate_ids(tmp_path):
    text = """
    kind: transformer
    entries:
      - {id: a, name: a, class: guess, source: s, data: {}}
      - {id: b, name: b, class: estimate, data: {}}
    """
    (tmp_path / "other.yaml").write_text(textwrap.dedent(GOOD).replace("t-2500", "a"))
    with pytest.raises(CatalogError) as err:
        _catalog(tmp_path, text)
    message = str(err.value)
    assert "class 'guess'" in message
    assert "entry misses source" in message
    assert "duplicate id 'a'" in message


def test_yaml_syntax_error_in_catalog_points_at_line(tmp_path):
    with pytest.raises(CatalogError) as err:
        _catalog(tmp_path, "kind: transformer\nentries:\n  - id: [oops\n")
    assert "items.yaml:" in str(err.value) and "YAML syntax error" in str(err.value)


def test_bundled_catalogs_load():
    load_catalog.cache_clear()
    cat = load_catalog()
    assert cat.get("gb300-nvl72", "rack").data["liquid_fraction"] == "90 %"
    assert {"rack", "miner", "transformer", "cdu", "heat_rejection", "climate", "coolant"} <= {
        e.kind for e in cat.list()}
    assert "nec-310-16" in cat.tables
