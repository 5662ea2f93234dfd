"""The smoothing BESS's MV connection: step-up transformers and collector switchgear, sized and priced.

Kind: consistency checks (hand arithmetic of the sizing rule in retrofit/planning/bess_collector.py on the
Panther Creek service: 34.5 kV, 1,200 MVA). Tolerances: exact integers, dollars to the cent.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from retrofit.catalog import load_catalog
from retrofit.io.load import load
from retrofit.model import BESS
from retrofit.planning.bess_collector import collector_cost_lines, size_bess_collector
from retrofit.planning.bom import bill_of_materials

ROOT = Path(__file__).resolve().parents[2]
MEGAPACK = "Tesla Megapack 2 XL, 2-hour configuration (LFP, integrated inverter)"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def panther():
    return load(ROOT / "examples" / "panther-creek-350mw" / "site.yaml")


def smoothing(design, units: int, name: str = MEGAPACK) -> BESS:
    return BESS(id="smoothing-bess", name=name, bus=design.utility.bus, rating="1927 kVA", energy="3854 kWh",
                count=units, price="2081160 USD")


def test_panther_creek_collector_by_hand(panther, catalog):
    c = size_bess_collector(panther, smoothing(panther, 31), catalog)
    # 34.5 kV / 480 V transformers: 5,000 kVA holds 2 units (3,854 kVA), 3,750 kVA one; 16 x 322 k < 31 x the 3,750's
    assert (c.transformer, c.units_per_transformer, c.transformers) == ("padmount-5000kva-34.5kv-480y277", 2, 16)
    i_t = 5000e3 / (math.sqrt(3) * 34.5e3)  # 83.7 A a transformer: 14 on a 1,200 A feeder breaker
    assert math.floor(1200 / i_t) == 14 and c.feeders == math.ceil(16 / 14) == 2
    assert c.i_rated_a == pytest.approx(31 * 1927e3 / (math.sqrt(3) * 34.5e3))  # 999.7 A: one 1,200 A lineup
    assert (c.lineups, c.switchgear, c.breaker) == (1, "mv-swgr-34.5kv-1200a-25ka", "mv-breaker-1200a-25ka-38kv")
    assert c.ik_a == pytest.approx(1.1 * 1200e6 / (math.sqrt(3) * 34.5e3))
    assert c.price_usd == pytest.approx(16 * 322_000 + 3 * 220_000 + 1_100_000, abs=0.01)


def test_bom_prices_the_collector_once_and_phases_add_up(panther, catalog):
    after = panther.model_copy(deep=True)
    after.electrical.bess = [smoothing(after, 31)]
    items = bill_of_materials(panther, None, catalog, proposed=after)["items"]
    step_up = [i for i in items if i["model"] == "padmount-5000kva-34.5kv-480y277"]
    assert [i["quantity"] for i in step_up] == [16] and step_up[0]["item"] == "transformer"  # so it gets its yard pad
    mid = panther.model_copy(deep=True)
    mid.electrical.bess = [smoothing(mid, 9)]
    first = {(c.item, c.model): c.quantity for c in collector_cost_lines(panther, mid, catalog)}
    second = {(c.item, c.model): c.quantity for c in collector_cost_lines(mid, after, catalog)}
    whole = {(c.item, c.model): c.quantity for c in collector_cost_lines(panther, after, catalog)}
    assert {k: first.get(k, 0) + second.get(k, 0) for k in whole} == whole


def test_an_unknown_product_is_listed_unpriced(panther, catalog):
    c = size_bess_collector(panther, smoothing(panther, 4, name="hand-written storage"), catalog)
    assert c.price_usd is None and c.transformers == 0
    assert "not priced" in c.cost_lines[0].source
