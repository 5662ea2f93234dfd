"""Transformer thermal kernel and the ratings derived from it.

Consistency checks (the project's own derivations, not validation): the IEEE C57.91 Clause 7 worked
formula check TR-2 of the reference cases (K = 1.2, R = 5, n = m = 0.8, 55 K / 25 K, 30 degC ->
top oil rise 70.614 K, hot-spot gradient 33.468 K, hot spot 134.08 degC, F_AA 10.14), the rating basis
(80 K hot-spot rise at 30 degC gives the nameplate), and the properties of the derating.
"""
import pytest

from retrofit.electrical.ratings import transformer_limits
from retrofit.electrical.transformer_thermal import (
    ThermalParameters,
    ageing_acceleration_factor,
    ambient_load_capability,
    cooling_exponents,
    hot_spot_gradient,
    hot_spot_temperature,
    rated_parameters,
    top_oil_rise,
)
from retrofit.model import Criteria, Transformer
from retrofit.testing import tolerance

P4 = tolerance("printed_4sf")
EXACT = tolerance("iterative_exact")

TR2 = ThermalParameters(5.0, 55.0, 25.0, 0.8, 0.8)


def test_tr2_formula_check():
    assert top_oil_rise(1.2, 5.0, 55.0, 0.8) == P4.approx(70.614)
    assert hot_spot_gradient(1.2, 25.0, 0.8) == P4.approx(33.468)
    t_h = hot_spot_temperature(1.2, 303.15, TR2)
    assert t_h - 273.15 == P4.approx(134.08)
    assert ageing_acceleration_factor(t_h) == P4.approx(10.14)


def test_the_rating_ambient_gives_the_nameplate():
    for cls in ("ONAN", "ONAF", "ODAF"):
        p = rated_parameters(cls, 15e3, 1.5e3)
        assert ambient_load_capability(303.15, p) == EXACT.approx(1.0)
        assert hot_spot_temperature(1.0, 303.15, p) == EXACT.approx(383.15)


def test_derating_falls_with_ambient_and_reaches_zero():
    p = rated_parameters("ONAN", 15e3, 1.5e3)
    ks = [ambient_load_capability(t + 273.15, p) for t in (20.0, 30.0, 40.0, 43.0, 50.0)]
    assert all(a > b for a, b in zip(ks, ks[1:]))
    assert ambient_load_capability(110.0 + 273.15, p) == 0.0


def test_unknown_cooling_class_lists_the_valid_ones():
    with pytest.raises(ValueError, match="ONAF"):
        cooling_exponents("KNAN")


def _transformer(**kw):
    data = dict(id="t", hv_bus="a", lv_bus="b", rating="2500 kVA", v_primary="13.8 kV", v_secondary="415 V",
                z_percent="5.75 %", xr_ratio=8.0, no_load_loss="2.2 kW", load_loss="17 kW")
    data.update(kw)
    return Transformer.model_validate(data)


def test_limits_are_the_criteria_times_the_derated_rating():
    t = _transformer()
    lim = transformer_limits(t, Criteria(), 43.0)
    assert lim.derating == lim.capability < 1.0
    assert lim.contingency == EXACT.approx(lim.derating)
    cool = transformer_limits(t, Criteria(), 10.0)
    assert cool.capability > 1.0 and cool.derating == 1.0  # a cool site does not uprate the nameplate


def test_an_emergency_rating_needs_its_basis():
    with pytest.raises(ValueError, match="emergency_rating_basis"):
        Criteria(max_transformer_loading_contingency="120 %")
    crit = Criteria(max_transformer_loading_contingency="120 %",
                    emergency_rating_basis="maker's letter: 120 % for 24 h at 40 degC")
    lim = transformer_limits(_transformer(), crit, 43.0)
    assert lim.contingency == EXACT.approx(1.2 * lim.derating)
    assert "maker's letter" in lim.basis
