"""Regression pins of key electrical figures of the two examples — NOT validation.

These numbers are what ``analyze_electrical`` gave for examples/pilot-hall/design.yaml and
examples/washington-18mw/site.yaml (electrical analysis alone, cooling at its rated power) when they
were pinned. They are not checked against any published value: their correctness rests on the
validation cases (tests/validation/) and the pandapower cross-checks (tests/peers/). They exist so that
an unintended change of a result — a changed default, a re-ordered network, a different rounding —
fails loudly. When a change is intended (the example file or a model changed on purpose), re-pin the
numbers and say why in the commit.

Tolerance: 1e-6 relative, well below the JSON rounding steps (4-6 decimals) the values are read at,
so that any change of the solved operating point shows.

The pilot figures were re-pinned when the pilot was redesigned on purpose for single failures across
domains: 2,500 kVA transformers (were 2,000 kVA; higher fault currents, lower loading and losses) and the
facility pumps, coolers and CRAHs split between mech-a and mech-b (more connected mechanical load).
The Washington site figures did not change.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import retrofit
from retrofit.electrical.analysis import analyze_electrical

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PIN = {"rel": 1e-6}


@pytest.fixture(scope="module")
def pilot():
    return analyze_electrical(retrofit.load(EXAMPLES / "pilot-hall" / "design.yaml"))


@pytest.fixture(scope="module")
def washington():
    return analyze_electrical(retrofit.load(EXAMPLES / "washington-18mw" / "site.yaml"))


def test_pilot_load_flow_pins(pilot):
    lf = pilot["load_flow"]
    assert lf["converged"] and lf["iterations"] == 5  # implicit Z-bus iterations (were 4 Newton iterations)
    assert pilot["utility"]["demand_kw"] == pytest.approx(2108.93, **PIN)
    assert pilot["utility"]["demand_kva"] == pytest.approx(2178.43, **PIN)
    assert lf["losses_kw"] == pytest.approx(21.89, **PIN)
    assert lf["buses"]["bw-a2"]["vm_pu"] == pytest.approx(0.985048, **PIN)
    assert lf["branches"]["tx-a"]["loading_percent"] == pytest.approx(43.63, **PIN)
    assert lf["branches"]["tx-b"]["loading_percent"] == pytest.approx(43.508, **PIN)
    assert pilot["feeders"]["busway-a2"]["vd_percent"] == pytest.approx(0.5324, **PIN)
    assert pilot["racks"]["row-2.01"]["feeds"]["A"]["vd_total_percent"] == pytest.approx(1.4952, **PIN)


def test_pilot_short_circuit_pins(pilot):
    buses = pilot["short_circuit"]["buses"]
    assert buses["mv-main"]["ik3_ka"] == pytest.approx(10.4592, **PIN)
    assert buses["swbd-a"]["ik3_ka"] == pytest.approx(55.2338, **PIN)
    assert buses["swbd-a"]["ip_ka"] == pytest.approx(129.3263, **PIN)
    assert buses["bw-a2"]["ik3_ka"] == pytest.approx(41.6248, **PIN)
    devices = pilot["short_circuit"]["devices"]
    assert devices["cb-main-a"]["duty_ka"] == pytest.approx(55.804, **PIN)
    assert devices["cb-mech-a"]["duty_ka"] == pytest.approx(59.173, **PIN)


def test_pilot_contingency_pins(pilot):
    outages = pilot["contingencies"]["outages"]
    assert len(outages) == 15
    assert [k for k, v in outages.items() if not v["ok"]] == ["mv-main"]
    assert outages["c-mv-b"]["max_loading_element"] == "tx-a"
    assert outages["c-mv-b"]["max_loading_percent"] == pytest.approx(83.263, **PIN)
    assert outages["c-mv-b"]["min_vm_pu"] == pytest.approx(0.97082, **PIN)
    assert outages["busway-a1"]["max_loading_percent"] == pytest.approx(67.526, **PIN)


def test_washington_pins(washington):
    lf = washington["load_flow"]
    assert lf["converged"]
    assert washington["utility"]["demand_kw"] == pytest.approx(16066.92, **PIN)
    assert lf["losses_kw"] == pytest.approx(153.323, **PIN)
    assert lf["buses"]["sb8"]["vm_pu"] == pytest.approx(0.981511, **PIN)
    assert lf["branches"]["t1"]["loading_percent"] == pytest.approx(84.375, **PIN)
    buses = washington["short_circuit"]["buses"]
    assert buses["mv-swgr"]["ik3_ka"] == pytest.approx(12.5511, **PIN)
    assert buses["sb1"]["ik3_ka"] == pytest.approx(56.7893, **PIN)
    assert buses["sb5"]["ik3_ka"] == pytest.approx(48.9136, **PIN)
    assert washington["short_circuit"]["devices"]["cb-main1"]["duty_ka"] == pytest.approx(57.0834, **PIN)
    outages = washington["contingencies"]["outages"]
    assert len(outages) == 25
    assert outages["t1"]["max_loading_element"] == "t8"
    assert outages["t1"]["max_loading_percent"] == pytest.approx(82.689, **PIN)
