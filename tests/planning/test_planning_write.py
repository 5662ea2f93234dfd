"""write_design: the proposed design is written in the input schema and reads back unchanged."""
from __future__ import annotations

from retrofit.io.load import load, load_text
from retrofit.io.write import _same, design_data, design_yaml, write_design

from planning_paths import PILOT, SMALL, WASHINGTON


def test_round_trip_of_the_examples():
    for path in (PILOT, WASHINGTON, SMALL):
        design = load(path)
        text = design_yaml(design)
        again = load_text(text, name=str(path))
        assert _same(design, again), path
        assert design_yaml(again) == text  # a fixed point: writing what was read gives the same text


def test_output_is_deterministic(washington):
    assert design_yaml(washington) == design_yaml(washington.model_copy(deep=True))


def test_defaults_and_catalog_fields_are_left_out(washington):
    data = design_data(washington)
    miners = data["loads"]["miners"][0]
    # the catalog entry antminer-s21 gives p_rated, airflow, ...: only the element's own fields are written
    assert set(miners) == {"id", "model", "count", "bus", "hall", "rows"}
    bus = data["electrical"]["buses"][0]
    assert "system" not in bus  # wye_4w is the default
    assert data["site"]["climate"] == "moses-lake-wa"  # a catalog climate is written as its id


def test_quantities_keep_their_units(tmp_path, washington):
    path = tmp_path / "out.yaml"
    write_design(washington, path, header="a header\nover two lines")
    text = path.read_text()
    assert text.startswith("# a header\n# over two lines\n")
    assert "capacity: 20 MVA" in text and "rating: 2500 kVA" in text
    assert "&" not in text and "*id" not in text  # no anchors or aliases
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]  # no temporary file left behind
