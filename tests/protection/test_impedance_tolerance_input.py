"""A design file states the transformer impedance tolerance as the docs write it: negative for the maximum currents.

Behaviour checks: the schema's default (-7.5 %, IEEE C57.12.00) and the point-to-point method's x 0.9 (-10 %,
the Bussmann booklet validated in tests/validation/bussmann_p2p) load and reach the fault-study options;
a tolerance that leaves too little impedance is refused with the field, the value and the range.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from retrofit.electrical.protection import fault_study_options
from retrofit.errors import RetrofitError
from retrofit.io.load import load_data
from retrofit.io.yaml_source import read_yaml

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"


def _design(short_circuit: dict):
    data, smap = read_yaml(PILOT)
    data = copy.deepcopy(data)
    data.setdefault("studies", {})["short_circuit"] = short_circuit
    return load_data(data, smap)


@pytest.mark.parametrize("method, text, percent", [("iec60909", "-7.5 %", -7.5), ("ohmic", "-10 %", -10.0),
                                                    ("ansi", "0 %", 0.0)])
def test_negative_tolerance_loads_and_reaches_the_study(method, text, percent):
    options = fault_study_options(_design({"method": method, "transformer_impedance_tolerance": text}))
    assert options.method == method
    assert options.transformer_impedance_tolerance_percent == pytest.approx(percent)


def test_the_default_is_the_ieee_c57_12_00_tolerance():
    assert fault_study_options(_design({})).transformer_impedance_tolerance_percent == pytest.approx(-7.5)


def test_a_tolerance_beyond_the_bound_is_refused_with_the_field():
    with pytest.raises(RetrofitError) as err:
        _design({"transformer_impedance_tolerance": "-60 %"})
    text = str(err.value)
    assert "studies.short_circuit.transformer_impedance_tolerance" in text and "-60 %" in text and "-50 %" in text
