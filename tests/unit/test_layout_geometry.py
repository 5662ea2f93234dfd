"""Floor-plan geometry: overlap tests, the x sweep, free intervals; and the layout doctests."""
from __future__ import annotations

import doctest
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retrofit.layout.clearances
import retrofit.layout.equipment
import retrofit.layout.geometry
import retrofit.layout.placement
import retrofit.layout.runs
import retrofit.layout.slab
from retrofit.layout.geometry import Rect, contains, free_intervals, overlapping_pairs, overlaps, slots

MODULES = [retrofit.layout.geometry, retrofit.layout.clearances, retrofit.layout.equipment,
           retrofit.layout.placement, retrofit.layout.runs, retrofit.layout.slab]


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_touching_rectangles_do_not_overlap():
    a = Rect(0.0, 0.0, 0.6, 1.2)
    assert not overlaps(a, Rect(0.6, 0.0, 0.6, 1.2))
    assert not overlaps(a, Rect(0.0, 1.2, 0.6, 1.2))
    assert overlaps(a, Rect(0.59, 1.19, 1.0, 1.0))
    assert contains(Rect(0, 0, 10, 10), Rect(9.4, 0.0, 0.6, 1.2))
    assert not contains(Rect(0, 0, 10, 10), Rect(9.5, 0.0, 0.6, 1.2))


def test_slots_survive_rounding():
    assert slots(63 * 0.6, 0.6) == 63
    assert slots(0.0, 0.6) == 0 and slots(-1.0, 0.6) == 0


boxes = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(1, 8), st.integers(1, 8)),
                 min_size=0, max_size=40)


@settings(max_examples=200, deadline=None)
@given(boxes)
def test_sweep_finds_exactly_the_overlapping_pairs(items):
    arr = np.array(items, dtype=float).reshape(-1, 4) * 0.1
    x0, y0, x1, y1 = arr[:, 0], arr[:, 1], arr[:, 0] + arr[:, 2], arr[:, 1] + arr[:, 3]
    rects = [Rect(*row) for row in arr]
    brute = sorted((i, j) for i in range(len(rects)) for j in range(i + 1, len(rects)) if overlaps(rects[i], rects[j]))
    assert overlapping_pairs(x0, y0, x1, y1) == brute


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 25), st.floats(0, 10)), max_size=8))
def test_free_intervals_cover_exactly_the_unblocked_points(spans):
    blocked = [(a, a + w) for a, w in spans]
    free = free_intervals(0.0, 20.0, blocked)
    for (a, b), (c, _) in zip(free, free[1:]):
        assert b <= c
    for t in np.linspace(0.0, 20.0, 401):
        is_free = any(a < t < b for a, b in free)
        is_blocked = any(a < t < b for a, b in blocked)
        on_edge = any(abs(t - e) < 1e-6 for span in blocked + free for e in span)
        if not on_edge:
            assert is_free != is_blocked


def test_docs_layout_examples_run(monkeypatch):
    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "layout.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    monkeypatch.chdir(root)
    for block in blocks:
        exec(compile(block, "docs/layout.md", "exec"), {})
