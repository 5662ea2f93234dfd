"""The JSON written piece by piece is the text of ``results_json``, byte for byte; atomic writes take pieces;
that text is the standard library's indented, key-sorted JSON of the results made plain data."""
from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict

import numpy as np
import pytest

from retrofit.io.atomic import write_atomic
from retrofit.io.results import results_json, write_json


def test_streamed_json_is_the_results_json_text(tmp_path):
    results = {"b": {"x": np.float64(1.25), "flag": np.bool_(True), "n": np.int64(7), "t": (1, math.inf, math.nan)},
               "a": [{"é": "ü", "z": None}, [], {}], 3: "key made text"}
    path = tmp_path / "r.json"
    write_json(path, results)
    assert path.read_bytes() == results_json(results).encode("utf-8")


def test_atomic_write_of_pieces(tmp_path):
    path = tmp_path / "p.txt"
    write_atomic(path, (s for s in ("one ", "two", "\n")))
    assert path.read_text(encoding="utf-8") == "one two\n"


def test_streamed_json_over_several_writes(tmp_path):
    results = {"rows": [{"i": i, "v": i / 7} for i in range(5000)], "empty": {"l": [], "d": {}}}
    path = tmp_path / "r.json"
    write_json(path, results)
    assert path.read_bytes() == results_json(results).encode("utf-8")


def _plain(value):
    """The results as the standard library's encoder takes them: numpy scalars as Python numbers, non-finite
    floats as None, keys as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


class _Colour(str, enum.Enum):
    RED = "red"


class _Level(enum.IntEnum):
    HIGH = 3


def test_text_is_the_standard_library_json_of_the_plain_results():
    results = {
        "z": [1.0, -0.0, 1e-300, 1.7976931348623157e308, 0.1 + 0.2, np.float32(0.1), np.float64(-math.inf), 10**30],
        "texts": ["", "quote \" and \\ back", "tab\tnew\nline\x00\x1f", "ünïcødé ✓ \u2028", _Colour.RED],
        _Colour.RED: "enum key made text", 2.5: "float key", None: "none key", True: "bool key",
        "flags": [True, False, np.bool_(False), None], "ints": [0, -7, np.int32(-3), np.uint8(255), _Level.HIGH],
        "nested": {"d": OrderedDict([("b", 1), ("a", (2, [3, {"c": ()}]))]), "e": [[[[]]]], "f": [{}]},
    }
    expected = json.dumps(_plain(results), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert results_json(results) == expected
    assert results_json([]) == "[]\n" and results_json(1.5) == "1.5\n" and results_json(math.nan) == "null\n"


def test_a_value_json_cannot_hold_is_refused():
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        results_json({"a": {1, 2}})
