"""Reading YAML with the line of every value, and refusing what design files must not contain."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from retrofit.errors import InputError
from retrofit.io import yaml_source
from retrofit.io.yaml_source import SourceMap, format_path, read_yaml

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"

TEXT = """\
# a comment
site:
  name: Hall
  altitude: 356 m
electrical:
  buses:
    - {id: mv, voltage: 13.8 kV}
    - id: lv
      voltage: 415 V
"""


def _problem(text: str, name: str = "design.yaml"):
    with pytest.raises(InputError) as info:
        read_yaml(name, text=text)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_values_and_their_lines():
    data, smap = read_yaml("design.yaml", text=TEXT)
    assert data == {"site": {"name": "Hall", "altitude": "356 m"},
                    "electrical": {"buses": [{"id": "mv", "voltage": "13.8 kV"}, {"id": "lv", "voltage": "415 V"}]}}
    assert smap.file == "design.yaml"
    assert smap.line_of(("site", "altitude")) == 4
    assert smap.line_of(("electrical", "buses", 0, "voltage")) == 7
    assert smap.line_of(("electrical", "buses", 1)) == 8
    assert smap.line_of(("electrical", "buses", 1, "voltage")) == 9
    assert smap.marks[("electrical", "buses", 0, "voltage")] == (7, 25)


def test_line_of_a_missing_field_is_its_nearest_ancestor():
    _, smap = read_yaml("design.yaml", text=TEXT)
    assert smap.line_of(("electrical", "buses", 1, "kind")) == 8
    assert smap.line_of(("goal", "criteria")) == 2  # the document itself starts on line 2
    assert SourceMap("x", {}, {}).line_of(("a",)) is None


def test_key_line_differs_from_value_line_for_block_values():
    _, smap = read_yaml("design.yaml", text=TEXT)
    assert smap.key_line_of(("electrical", "buses")) == 6
    assert smap.line_of(("electrical", "buses")) == 7
    assert smap.key_line_of(("electrical", "buses", 0)) == 7  # a list item has no key: its value's line


def test_format_path():
    assert format_path(("electrical", "transformers", 3, "rating")) == "electrical.transformers[3].rating"
    assert format_path(("halls", 0)) == "halls[0]"
    assert format_path(()) == ""


def test_format_path_quotes_keys_that_are_not_plain_names():
    assert format_path(("utility", "a b")) == 'utility["a b"]'
    assert format_path(("site", "x.y")) == 'site["x.y"]'
    assert format_path(("site", "line\nbreak")) == 'site["line\\nbreak"]'
    assert format_path(("",)) == '[""]'


def test_scalars_keep_their_yaml_types():
    data, _ = read_yaml("x.yaml", text="a: 1\nb: 1.5\nc: true\nd: null\ne: '1'\nf: 2024-01-31\ng: ~\nh: 1e3\n")
    # YAML 1.1 dates stay the text written (the safe subset; see tests/cli/test_fuzz.py)
    assert data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "1", "f": "2024-01-31",
                    "g": None, "h": "1e3"}


def test_same_data_and_marks_with_and_without_libyaml(monkeypatch):
    text = PILOT.read_text(encoding="utf-8")
    fast = read_yaml("p.yaml", text=text)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    slow = read_yaml("p.yaml", text=text)
    assert fast[0] == slow[0]
    assert fast[1].marks == slow[1].marks
    assert fast[1].key_marks == slow[1].key_marks
    assert fast[0] == yaml.safe_load(text)


def test_aliases_are_expanded():
    data, smap = read_yaml("x.yaml", text="a: &v {x: 1 m}\nb: *v\n")
    assert data == {"a": {"x": "1 m"}, "b": {"x": "1 m"}}
    assert smap.line_of(("b", "x")) == 1  # where the anchored value is written


# --- refusals ------------------------------------------------------------------------------------

def test_duplicate_key_names_both_lines():
    p = _problem("site:\n  name: a\n  altitude: 1 m\n  name: b\n")
    assert (p.line, p.field) == (4, "site.name")
    assert p.message == 'duplicate key "name" (first given on line 2)'


def test_duplicate_key_in_a_flow_mapping_inside_a_list():
    p = _problem("buses:\n  - {id: a, voltage: 1 kV}\n  - {id: b, voltage: 1 kV, id: c}\n")
    assert (p.line, p.field, p.column) == (3, "buses[1].id", 28)


@pytest.mark.parametrize("text, line, fragments", [
    ("site:\n  name: a\n   altitude: 1 m\n", 3, ["mapping values are not allowed here", "indentation"]),
    ("site:\n\tname: a\n", 2, ["'\\t'", "a tab; YAML indents with spaces"]),
    ("a: [1, 2\nb: 3\n", 2, ["flow sequence (begun on line 1)", "expected ',' or ']'"]),
    ("a: {x: 1\n\nb: 3\n", 3, ["flow mapping (begun on line 1)"]),
    ("a: 'open\nb: 3\n", 3, ["quoted scalar (begun on line 1)", "end of stream"]),
    ("a: *nothing\n", 1, ["undefined alias 'nothing'"]),
    ("a: b: c\n", 1, ["mapping values are not allowed here"]),
    ("- a\nb: 1\n", 2, ["expected <block end>"]),
])
def test_syntax_errors_point_at_the_line(text, line, fragments):
    p = _problem(text)
    assert p.line == line
    assert p.field == ""
    assert p.message.startswith("YAML syntax error: ")
    for fragment in fragments:
        assert fragment in p.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text):
    p = _problem(text)
    assert (p.line, p.message) == (1, "the file is empty; expected a YAML mapping")


@pytest.mark.parametrize("text", ["---\n", "# comment\n---\n", "~\n", "null\n"])
def test_null_document(text):
    p = _problem(text)
    assert p.message == "the document is empty (null); expected a YAML mapping"


def test_more_than_one_document():
    p = _problem("a: 1\n---\nb: 2\n")
    assert p.line == 3
    assert p.message == "more than one YAML document; expected one"


def test_merge_keys_are_refused():
    p = _problem("base: &b {x: 1}\nsite:\n  <<: *b\n  y: 2\n")
    assert (p.line, p.field) == (3, "site")
    assert "merge keys (<<) are not supported" in p.message


def test_complex_keys_are_refused():
    p = _problem("? [a, b]\n: 1\n")
    assert p.message == "a mapping key must be a plain name"


def test_unknown_tag():
    p = _problem("a: !custom 1\n")
    assert (p.line, p.field) == (1, "a")
    assert "YAML tag '!custom' is not supported" in p.message


def test_recursive_alias():
    p = _problem("a: &x\n  b: *x\n")
    assert (p.line, p.field) == (1, "a.b")  # the line of the anchored value the alias repeats
    assert "alias refers to a value that contains it" in p.message


def test_alias_bomb_stops_early(monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_VALUES", 1000)
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    p = _problem("\n".join(lines) + "\n")
    assert "expands to more than 1,000 values" in p.message


def test_deep_nesting():
    p = _problem("a: " + "[" * 300 + "]" * 300 + "\n")
    assert p.line == 1
    assert "nested more than 100 levels deep" in p.message


def test_control_character_has_its_line_and_column():
    p = _problem("a: 1\nb: x\x01y\n")
    assert (p.line, p.column) == (2, 5)
    assert p.message == "control character U+0001 in column 5 is not allowed in YAML; expected printable text"


# --- files ---------------------------------------------------------------------------------------

def test_read_from_file(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(TEXT, encoding="utf-8")
    data, smap = read_yaml(path)
    assert data["site"]["name"] == "Hall"
    assert smap.file == str(path)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert read_yaml(path)[0]["site"]["name"] == "Hall"


def test_not_utf8_gives_line_and_column(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("site:\n  name: Salle de départ\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_yaml(path)
    p = info.value.problems[0]
    assert (p.path, p.line, p.column) == (str(path), 2, 19)
    assert p.message == ("not UTF-8 text: byte 0xe9 in column 19 (invalid continuation byte); "
                         "expected a file saved as UTF-8")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_yaml(tmp_path / "absent.yaml")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory; expected a YAML file"):
        read_yaml(tmp_path)


def test_problem_text():
    p = _problem("a: 1\na: 2\n", name="site.yaml")
    assert str(p) == 'site.yaml:2: a: duplicate key "a" (first given on line 1)'
