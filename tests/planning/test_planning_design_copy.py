"""The planner's design copy: equal to the original, and no edit of the copy reaches it."""
from __future__ import annotations

from pathlib import Path

from retrofit.io.load import load
from retrofit.io.write import design_yaml
from retrofit.planning.design_copy import deep_copy

WASHINGTON = Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "proposed.yaml"


def test_copy_equals_the_design_and_is_independent():
    d = load(WASHINGTON)
    c = deep_copy(d)
    assert c == d and c.model_dump_json() == d.model_dump_json()
    assert design_yaml(c) == design_yaml(d)
    assert c.electrical is not d.electrical and c.electrical.breakers is not d.electrical.breakers
    c.electrical.breakers.pop()
    c.loads.racks[0].count += 1
    c.cooling.pumps = []
    assert d == load(WASHINGTON)


def test_shared_elements_stay_shared_in_the_copy():
    d = load(WASHINGTON)
    tree = {"a": d.loads.racks[0], "b": [d.loads.racks[0]], "t": (d.utility, d.utility)}
    c = deep_copy(tree)
    assert c["a"] is c["b"][0] and c["a"] is not d.loads.racks[0]
    assert c["t"][0] is c["t"][1] and c["t"][0] == d.utility
