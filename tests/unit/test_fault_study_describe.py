"""The fault study's method line writes temperatures as the rest of the plan does (°C)."""
from __future__ import annotations

from retrofit.electrical.fault_study import FaultStudyOptions


def test_minimum_case_line_end_temperature_in_degrees_celsius():
    text = FaultStudyOptions(case="min").describe()
    assert text.endswith("lines at 80 °C") and "degC" not in text
