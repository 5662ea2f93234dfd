"""The transformer ride-through note of the N-1 study: how long a transformer that ends above its
contingency limit after an outage takes to bring its hot spot to 110 degC.

Behaviour tests and a consistency check (the note is the dynamics module's own figure, the dynamics are
validated in ``tests/validation/iec60076_7``). The design is the review tests' passing pilot with the
pilot's former 2,000 kVA transformers, which carry about 101 % of nameplate after the loss of their
partner, above their 88.8 % derated rating at the design ambient (``tests/review/test_review_ratings.py``).
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from retrofit.analyze import analyze
from retrofit.electrical.overload_ride_through import outage_ride_through, transformer_ride_through
from retrofit.electrical.ratings import transformer_limits
from retrofit.io.load import load_text
from retrofit.model import Transformer
from retrofit.review import run_rules

PASSING = Path(__file__).parents[1] / "review" / "designs" / "passing.yaml"


@pytest.fixture(scope="module")
def smaller_transformers():
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    for t in data["electrical"]["transformers"]:
        t.update({"rating": "2000 kVA", "no_load_loss": "2.2 kW", "load_loss": "17 kW"})
    design = load_text(yaml.safe_dump(data, sort_keys=False), name="variant.yaml")
    return design, analyze(design)


def test_an_outage_that_overloads_a_transformer_carries_the_note(smaller_transformers):
    design, results = smaller_transformers
    e = results["electrical"]
    outage = e["contingencies"]["outages"]["tx-a"]
    note = outage["transformer_ride_through"]
    assert note["transformer"] == outage["max_loading_element"] == "tx-b"
    assert note["loading_after_percent"] == pytest.approx(outage["max_loading_percent"], abs=0.01)
    assert note["loading_before_percent"] == pytest.approx(e["ratings"]["tx-b"]["loading_percent"], abs=0.01)
    assert note["t_hot_spot_before_c"] < 110.0 < note["t_hot_spot_after_c"]
    # the note is the dynamics' own figure for these loadings (consistency, not validation)
    tx_b = next(t for t in design.electrical.transformers if t.id == "tx-b")
    again = transformer_ride_through(tx_b, note["loading_before_percent"], note["loading_after_percent"], note["ambient_c"])
    # the note's loadings are rounded to 0.01 %: 5e-5 of K, which moves the time by well under 1e-3 of it
    assert note["time_to_limit_s"] == pytest.approx(again.time_to_limit_s, rel=1e-3)
    assert 0.0 < note["time_to_limit_s"] < math.inf


def test_the_finding_names_the_time(smaller_transformers):
    design, results = smaller_transformers
    (f,) = [f for f in run_rules(design, results) if f.rule_id == "ELEC-RATING-001" and f.elements[0] == "tx-b"]
    assert f.status == "fail"
    assert "hot spot reaches 110 °C" in f.message and " h after the outage" in f.message


def _pad_mount(tid: str) -> Transformer:
    return Transformer(id=tid, hv_bus="a", lv_bus="b", rating="2500 kVA", v_primary="12.47 kV", v_secondary="415 V",
                       z_percent="5.75 %", xr_ratio=8.0, no_load_loss="2.1 kW", load_loss="16.8 kW",
                       cooling_class="ONAN")


def test_only_outages_above_the_limit_get_a_note_and_alike_cases_are_computed_once():
    units = [_pad_mount("t1"), _pad_mount("t2")]
    limits = {t.id: transformer_limits(t, None, 43.0) for t in units}
    over = 100.0 * limits["t2"].contingency + 5.0
    outages = {"t1": {"max_loading_element": "t2", "max_loading_percent": over},
               "cb-1": {"max_loading_element": "t2", "max_loading_percent": over},
               "c-1": {"max_loading_element": "t2", "max_loading_percent": 100.0 * limits["t2"].contingency - 1.0},
               "line-x": {"max_loading_element": "c-9", "max_loading_percent": 300.0}}
    notes = outage_ride_through(units, outages, {"t1": 45.0, "t2": 45.0}, limits)
    assert sorted(notes) == ["cb-1", "t1"]
    assert notes["t1"] is notes["cb-1"]
    assert notes["t1"].t_hot_spot_after_c > 110.0 and math.isfinite(notes["t1"].time_to_limit_s)
