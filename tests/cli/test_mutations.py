"""Random mutations of the pilot example never crash the loader or the command line.

Each example takes the pilot hall design as plain data, applies one to three random edits (delete a
key, replace a value by a random scalar, list or mapping, rename a key, duplicate a list item, swap
two values, change the unit of a quantity), writes it back as YAML and loads it. The loader must return
a Design or raise InputError whose problems name the file, and ``retrofit validate`` must exit 0 or 2:
anything else (another exception, exit 3) is a bug in the loader.
"""
from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_mutations import get, set_at, tree_paths
from retrofit.cli import main
from retrofit.errors import InputError
from retrofit.io.load import load_text
from retrofit.model import Design

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"
BASE = yaml.safe_load(PILOT.read_text(encoding="utf-8"))
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # LibYAML's emitter is ~10x faster

QUANTITY = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s+(\S.*)$")
UNITS = ["kVA", "kW", "kvar", "MVA", "V", "kV", "A", "kA", "ohm", "mohm/m", "ohm/kft", "degC", "degF", "K",
         "delta_degC", "m", "mm", "ft", "m**2", "psi", "kPa", "bar", "L/min", "m**3/s", "cfm", "gpm",
         "L/min/kW", "%", "kcmil", "AWG", "USD", "kg", "Hz", "rpm", "deg", "s", "J", "kW/K", "m/s", "",
         "furlong", "kVA kVA", "°C", "Δ°C", "m²", "1/0", "((", "**"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=16),
    st.sampled_from(["0 kVA", "-5 K", "1e400 kW", "45 degC", "tcs-1", "fw-1", "mv-main", "max", "PG25", "",
                     "N+1", "2N", "*", "&a", "1/0 AWG", "yes", "~"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
key_names = st.one_of(st.text(max_size=12), st.sampled_from(["id", "model", "kind", "count", "feeds", "bus",
                                                             "rating", "<<", "", "site", "halls"]))


def _delete_key(draw, doc):
    paths = [p for p in tree_paths(doc)[1:] if isinstance(get(doc, p[:-1]), dict)]
    path = draw(st.sampled_from(paths))
    del get(doc, path[:-1])[path[-1]]


def _replace_value(draw, doc):
    path = draw(st.sampled_from(tree_paths(doc)[1:]))
    set_at(doc, path, draw(values))


def _rename_key(draw, doc):
    paths = [p for p in tree_paths(doc)[1:] if isinstance(get(doc, p[:-1]), dict)]
    path = draw(st.sampled_from(paths))
    old = str(path[-1])
    new = draw(st.one_of(key_names, st.just(old[:-1]), st.just(old + "s"), st.just(old.upper())))
    parent = get(doc, path[:-1])
    parent[new] = parent.pop(path[-1])


def _duplicate_item(draw, doc):
    paths = [p for p in tree_paths(doc) if isinstance(get(doc, p), list) and get(doc, p)]
    path = draw(st.sampled_from(paths))
    items = get(doc, path)
    i = draw(st.integers(0, len(items) - 1))
    items.insert(i, copy.deepcopy(items[i]))


def _swap_values(draw, doc):
    paths = tree_paths(doc)[1:]
    a = draw(st.sampled_from(paths))
    b = draw(st.sampled_from([p for p in paths if p[:len(a)] != a and a[:len(p)] != p]))
    va, vb = get(doc, a), get(doc, b)
    set_at(doc, a, vb)
    set_at(doc, b, va)


def _change_unit(draw, doc):
    paths = [p for p in tree_paths(doc)[1:] if isinstance(get(doc, p), str) and QUANTITY.match(get(doc, p))]
    path = draw(st.sampled_from(paths))
    number = QUANTITY.match(get(doc, path)).group(1)
    set_at(doc, path, f"{number} {draw(st.sampled_from(UNITS))}".strip())


MUTATIONS = [_delete_key, _replace_value, _rename_key, _duplicate_item, _swap_values, _change_unit]


@st.composite
def mutated_pilot(draw) -> dict:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        if not isinstance(doc, dict) or not doc:
            break
        draw(st.sampled_from(MUTATIONS))(draw, doc)
    return doc


def test_pilot_loads_unmutated():
    """The starting point is valid, so every error below comes from a mutation."""
    assert isinstance(load_text(PILOT.read_text(encoding="utf-8"), str(PILOT)), Design)


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_pilot())
def test_mutated_pilot_loads_or_says_why(doc):
    text = yaml.dump(doc, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    try:
        design = load_text(text, "mutated.yaml")
    except InputError as exc:
        assert exc.problems
        assert all(p.path == "mutated.yaml" and p.message for p in exc.problems)
    else:
        assert isinstance(design, Design)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.yaml"
        path.write_text(text, encoding="utf-8")
        assert main(["validate", str(path)]) in (0, 2)
