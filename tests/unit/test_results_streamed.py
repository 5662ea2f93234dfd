"""The JSON written piece by piece is the text of ``results_json``, byte for byte; atomic writes take pieces."""
from __future__ import annotations

import math

import numpy as np

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
