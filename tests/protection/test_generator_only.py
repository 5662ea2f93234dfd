"""The generator-only minimum case and the sensitivity rule ELEC-GENPROT-001 on the pilot hall with standby
gensets at its 13.8 kV service bus.

The island's currents agree with pandapower (tests/peers/test_generator_inverter_faults_vs_pandapower.py);
here: the hand calculation of I″k at the generators' bus, the breaking-current factor's formula (IEC 60909-0,
as several public implementations reproduce it; the standard's text was not read)
and the fixed point of a delayed trip (consistency checks, round-off tolerances).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.generator_sources import (
    breaking_current_factor,
    generator_correction_factor,
    generator_impedance_ohm,
)
from retrofit.electrical.generator_faults import all_generator_sources, device_sensitivity, generator_only_study
from retrofit.electrical.protection import protection_study
from retrofit.electrical.tcc import DeviceCurve, clearing_time
from retrofit.io.load import load
from retrofit.model import Generator
from retrofit.review.registry import get_rule, run_rules

ROOT = Path(__file__).resolve().parents[2]


def pilot(kva: float, n: int):
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    design.electrical.generators = [Generator(id=f"gen-{k}", bus=design.utility.bus, rating=f"{kva:g} kVA",
                                              voltage="13.8 kV", xd_subtransient="15 %") for k in range(n)]
    return design


def test_initial_current_at_the_generator_bus_by_hand():
    design = pilot(3750, 2)
    dg = build_design_grid(design)
    curves = {}
    study = generator_only_study(design, dg, curves)
    # two equal gensets in parallel: I"k = c_min U_n / (sqrt(3) |Z_G K_G| / 2), c_min = 1.0 at 13.8 kV
    z = generator_impedance_ohm(3.75e6, 13.8e3, 0.15, 0.07)
    k_g = generator_correction_factor(13.8e3, 13.8e3, 1.1, 0.15, math.sqrt(1 - 0.8**2))
    expected = 1.0 * 13.8e3 / (math.sqrt(3) * abs(z * k_g) / 2)
    assert study["buses"][design.utility.bus]["ik3_min_ka"] == pytest.approx(expected / 1e3, abs=5e-5)
    assert study["generators"] == ["gen-0", "gen-1"]
    assert len(all_generator_sources(design, dg).ids) == 2


@pytest.mark.parametrize("t_s,a,b,d", [(0.02, 0.84, 0.26, 0.26), (0.05, 0.71, 0.51, 0.30), (0.10, 0.62, 0.72, 0.32),
                                       (0.25, 0.56, 0.94, 0.38), (3.0, 0.56, 0.94, 0.38)])
def test_breaking_current_factor_is_the_formula(t_s, a, b, d):
    assert breaking_current_factor(6.0, t_s) == pytest.approx(a + b * math.exp(-d * 6.0), rel=1e-12)
    assert breaking_current_factor(2.0, t_s) == 1.0
    assert breaking_current_factor(6.0, 0.03) == breaking_current_factor(6.0, 0.05)  # the later curve: less current


def test_a_delayed_trip_is_a_fixed_point_of_the_decayed_current():
    c = DeviceCurve("cb", "lsi", 3200.0, 10.0, 12800.0, 0.3, math.inf, opening_time_s=0.05)
    mu, i, t = device_sensitivity(c, 20e3, 10.0)
    assert i == pytest.approx(mu * 20e3) and mu == breaking_current_factor(10.0, t)
    assert t == pytest.approx(float(clearing_time(c, i, "max")))
    mu, i, t = device_sensitivity(c, 3000.0, 10.0)  # below the long-time pickup: never trips
    assert not math.isfinite(t)


def test_rule_passes_with_large_gensets_and_fails_with_a_small_one():
    rule = [get_rule("ELEC-GENPROT-001")]
    big = pilot(3750, 2)
    findings = run_rules(big, {"protection": protection_study(big)}, rules=rule)
    assert findings and all(f.status == "pass" for f in findings)
    small = pilot(300, 1)
    results = {"protection": protection_study(small)}
    failing = [f for f in run_rules(small, results, rules=rule) if f.status == "fail"]
    assert failing and all("never" in f.message for f in failing)
    devices = results["protection"]["generator_only"]["devices"]
    assert all(not devices[f.elements[0]]["trips"] for f in failing)
    none = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    assert [f.status for f in run_rules(none, {"protection": protection_study(none)}, rules=rule)] == ["not_applicable"]


def test_bess_converters_raise_the_maximum_current_at_their_bus():
    from retrofit.model import BESS

    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    before = protection_study(design)["short_circuit"]["buses"][design.utility.bus]["ik3_max_ka"]
    design.electrical.bess = [BESS(id="b", bus=design.utility.bus, rating="1927 kVA", energy="3854 kWh", count=2)]
    after = protection_study(design)["short_circuit"]["buses"][design.utility.bus]["ik3_max_ka"]
    # at its own bus a converter adds k I_r in phase: 1.5 x 3,854 kVA / (sqrt(3) 13.8 kV)
    assert after - before == pytest.approx(1.5 * 3.854e6 / (math.sqrt(3) * 13.8e3) / 1e3, abs=2e-4)
    assert np.isfinite(after)
