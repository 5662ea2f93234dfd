"""Ride-through of the scenarios per class of load on the pilot variant.

Kind: consistency check worked by hand from the ride-through table (ITI curve steps 0 %/20 ms, 70 %/0.5 s,
80 %/10 s, 90 % indefinitely; drives 0 %/10 ms and 70 % indefinitely; restarts 30 s) and the GB300
storage of 65 J per GPU x 72 GPUs = 4,680 J per rack.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from retrofit.resilience.backup_ride_through import backup_ride_through, envelope_holds

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design  # noqa: E402  - the unit tests' pilot variant

ITIC = [(0.0, 0.02), (0.7, 0.5), (0.8, 10.0), (0.9, math.inf)]


def _with(policy):
    return design(lambda x: x["goal"].update(backup=policy))


@pytest.fixture(scope="module")
def study():
    d = _with({"gpu_racks": {"kind": "ride_through"}, "network_racks": {"kind": "ups_minutes", "minutes": 5},
               "cdus": {"kind": "generator", "minutes": 5}, "cooling_pumps": {"kind": "ride_through"}})
    return d, backup_ride_through(d)


def test_envelope_steps():
    assert envelope_holds(ITIC, 0.0, 0.02) and not envelope_holds(ITIC, 0.0, 0.021)
    assert envelope_holds(ITIC, 0.8, 10.0) and not envelope_holds(ITIC, 0.79, 10.0)
    assert envelope_holds(ITIC, 0.95, 1e6)


def test_rack_storage_by_hand(study):
    _, r = study
    # 4,680 J over a 155 kW rack: 30.2 ms
    assert r.rack_storage_s == pytest.approx(4680.0 / 155e3)


def test_outcomes_by_hand(study):
    _, r = study
    sc = {o.scenario.id: o for o in r.scenarios}
    # 50 % for 0.2 s (SEMI F47): outside the ITI curve; 30 ms of storage is not enough for the GPU racks
    gpu = sc["semi-f47-50pct-200ms"].outcome("gpu_racks")
    assert not gpu.rides_through and gpu.drops_at_s == pytest.approx(0.0302, abs=1e-4)
    assert not gpu.promised  # the ITI curve does not promise it
    # the 5-minute UPS carries the network racks through 1 min, not through 1 h (drops at 300 s)
    assert sc["interruption-1min"].outcome("network_racks").rides_through
    net = sc["interruption-1h"].outcome("network_racks")
    assert not net.rides_through and net.drops_at_s == 300.0 and net.off_s == 3300.0
    # the CDUs' 5-minute UPS bridges the 10 s transfer to the generators: they ride through the hour
    assert sc["interruption-1h"].outcome("cdus").rides_through
    # pumps on ride_through drop in a 20 ms interruption (drive hold-up 10 ms); off 20 ms + 30 s restart
    pumps = sc["itic-interruption-20ms"].outcome("cooling_pumps")
    assert not pumps.rides_through and pumps.promised and pumps.off_s == pytest.approx(30.02)
    # a sag to 80 % for 10 s is inside both envelopes: everything rides through, cooling keeps running
    assert all(c.rides_through for c in sc["itic-sag-80pct-10s"].classes)
    assert not sc["itic-sag-80pct-10s"].racks_overheat


def test_thermal_consequence(study):
    _, r = study
    sc = {o.scenario.id: o for o in r.scenarios}
    # racks ride the 20 ms interruption; facility cooling is off for 30.02 s, longer than the TCS inventory's
    # ride-through of the pilot (about 19 s), so the racks' coolant exceeds its limit
    assert r.coolant_ride_through_s < 30.02
    assert sc["itic-interruption-20ms"].racks_overheat
    # in the hour-long outage the GPU racks stop: no heat
    assert not sc["interruption-1h"].racks_overheat
