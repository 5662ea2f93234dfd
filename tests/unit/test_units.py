"""Quantity parsing: every declared kind, temperature vs difference, the units of the trade.

Expected SI values come from the exact definitions of the units: 1 ft = 0.3048 m, 1 in = 0.0254 m,
1 US gallon = 3.785411784 L, 1 psi = 1 lbf/in² = 6894.757293168 Pa, 1 circular mil = π/4 × 10⁻⁶ in²,
T[K] = T[°C] + 273.15 = (T[°F] + 459.67) × 5/9 (NIST SP 811, 2008, appendix B).
"""
from __future__ import annotations

import math
import re

import pytest
from pydantic import ValidationError

from retrofit.errors import RetrofitError, UnitError
from retrofit.model import Cable
from retrofit.units import (DIMENSIONS, Q_, describe_kind, format_quantity, parse_quantity, si,
                            to_si_difference, to_si_temperature)

FT = 0.3048
PSI = 6894.757293168361
CMIL = math.pi / 4 * (0.0254e-3) ** 2
GALLON = 3.785411784e-3

# kind -> (text, value in the kind's base unit); temperatures in kelvin
CASES = {
    "apparent power": ("2500 kVA", 2.5e6),
    "active power": ("135 kW", 135e3),
    "reactive power": ("300 kvar", 300e3),
    "voltage": ("13.8 kV", 13.8e3),
    "current": ("3 kA", 3000.0),
    "impedance": ("50 mohm", 0.05),
    "impedance per length": ("0.029 ohm/kft", 0.029 / (1000 * FT)),
    "ratio": ("5.75 %", 0.0575),
    "frequency": ("60 Hz", 60.0),
    "length": ("350 ft", 350 * FT),
    "area": ("240 mm**2", 240e-6),
    "conductor size": ("500 kcmil", 500.0),  # the base unit of conductor sizes is kcmil itself
    "mass": ("3000 lb", 3000 * 0.45359237),
    "pressure": ("12 kPa", 12e3),
    "pressure difference": ("35 psi", 35 * PSI),
    "temperature": ("45 degC", 318.15),
    "temperature difference": ("8 K", 8.0),
    "volume flow": ("180 L/min", 180e-3 / 60),
    "mass flow": ("120 kg/min", 2.0),
    "flow per power": ("1.3 L/min/kW", 1.3e-3 / 60 / 1e3),
    "velocity": ("6.5 ft/s", 6.5 * FT),
    "energy": ("1 kWh", 3.6e6),
    "time": ("2 h", 7200.0),
    "money": ("1.2 kUSD", 1200.0),
    "heat transfer coefficient": ("150 kW/K", 150e3),
    "rotational speed": ("1750 rpm", 1750 * 2 * math.pi / 60),  # pint: 1 revolution = 2π rad, rad = 1
    "floor load": ("250 lbf/ft**2", 250 * 4.4482216152605 / FT**2),
    "mass per area": ("1200 kg/m**2", 1200.0),
    "angle": ("30 deg", math.pi / 6),
}


def test_every_declared_kind_is_covered():
    assert set(CASES) == set(DIMENSIONS)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_parse_each_kind(kind):
    text, expected = CASES[kind]
    q = parse_quantity(text, kind)
    assert si(q, kind) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("kind", sorted(DIMENSIONS))
def test_declared_example_parses_as_its_kind(kind):
    parse_quantity(DIMENSIONS[kind].example, kind)


@pytest.mark.parametrize("kind", sorted(DIMENSIONS))
def test_kind_of_a_number_without_unit(kind):
    if DIMENSIONS[kind].si_unit == "dimensionless":
        assert parse_quantity(0.25, kind).magnitude == 0.25
    else:
        with pytest.raises(UnitError, match=f"has no unit; expected {kind} such as"):
            parse_quantity(12, kind)


# --- temperature and temperature difference ------------------------------------------------------

@pytest.mark.parametrize("text, kelvin", [("45 degC", 318.15), ("113 degF", 318.15), ("318.15 K", 318.15),
                                          ("45 °C", 318.15), ("-40 degF", 233.15), ("0 K", 0.0)])
def test_temperatures(text, kelvin):
    assert to_si_temperature(parse_quantity(text, "temperature")) == pytest.approx(kelvin, abs=1e-9)


@pytest.mark.parametrize("text, kelvin", [("8 K", 8.0), ("8 delta_degC", 8.0), ("14.4 delta_degF", 8.0),
                                          ("8 Δ°C", 8.0), ("8 kelvin", 8.0)])
def test_temperature_differences(text, kelvin):
    assert to_si_difference(parse_quantity(text, "temperature difference")) == pytest.approx(kelvin, rel=1e-12)


@pytest.mark.parametrize("text", ["5 degC", "5 °C", "41 degF", "5 degree_Celsius"])
def test_a_temperature_is_not_a_difference(text):
    with pytest.raises(UnitError, match="is a temperature; expected temperature difference"):
        parse_quantity(text, "temperature difference")


@pytest.mark.parametrize("text", ["25 delta_degC", "25 Δ°C", "45 delta_degF"])
def test_a_difference_is_not_a_temperature(text):
    with pytest.raises(UnitError, match="is a temperature difference; expected temperature such as"):
        parse_quantity(text, "temperature")


def test_kelvin_serves_as_either():
    assert parse_quantity("300 K", "temperature").to("degC").magnitude == pytest.approx(26.85)
    assert to_si_difference(parse_quantity("5 K", "temperature difference")) == 5.0


def test_below_absolute_zero_is_refused():
    with pytest.raises(UnitError, match="below absolute zero"):
        parse_quantity("-300 degC", "temperature")
    assert to_si_temperature(parse_quantity("-273.15 degC", "temperature")) == pytest.approx(0.0, abs=1e-12)


def test_to_si_difference_refuses_a_temperature():
    with pytest.raises(UnitError, match="not a temperature difference"):
        to_si_difference(Q_(5, "degC"))


def test_describe_kind_without_the_written_unit():
    assert describe_kind(Q_(5, "delta_degC")) == "temperature difference"
    assert describe_kind(Q_(5, "degC")) == "temperature"
    assert describe_kind(Q_(5, "K")) == "kelvin"
    assert describe_kind(Q_(5, "kVA")) == "apparent power"
    assert describe_kind(Q_(5, "kvar")) == "reactive power"
    assert describe_kind(Q_(5, "kW")) == "active power"
    assert describe_kind(Q_(5, "deg")) == "angle"


# --- power kinds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, found", [
    ("2500 kW", "apparent power", "an active power"),
    ("300 kvar", "apparent power", "a reactive power"),
    ("2500 kVA", "active power", "an apparent power"),
    ("300 kvar", "active power", "a reactive power"),
    ("300 kVA", "reactive power", "an apparent power"),
    ("300 kW", "reactive power", "an active power"),
])
def test_power_kinds_are_told_apart_by_their_units(text, kind, found):
    with pytest.raises(UnitError, match=f"is {found}; expected {kind}"):
        parse_quantity(text, kind)


def test_power_units_of_the_trade():
    assert si(parse_quantity("2.5 MVA", "apparent power")) == pytest.approx(2.5e6)
    assert si(parse_quantity("0.3 Mvar", "reactive power")) == pytest.approx(3e5)
    assert si(parse_quantity("1 hp", "active power")) == pytest.approx(745.69987158227022)
    assert si(parse_quantity("12000 BTU/h", "active power")) == pytest.approx(3516.85, rel=1e-5)


# --- conductor sizes are text --------------------------------------------------------------------

def _cable(size):
    return Cable.model_validate({"id": "c-1", "from_bus": "a", "to_bus": "b", "size": size, "length": "30 m"})


@pytest.mark.parametrize("size", ["500 kcmil", "4/0 AWG", "1/0 AWG", "12 AWG", "2x 240 mm2"])
def test_cable_size_is_kept_as_text(size):
    assert _cable(size).size == size


def test_cable_size_must_be_text():
    with pytest.raises(ValidationError):
        _cable(500)


def test_awg_is_a_gauge_not_a_unit():
    with pytest.raises(UnitError, match="unknown unit"):
        parse_quantity("4/0 AWG", "conductor size")


def test_kcmil_as_an_area():
    q = parse_quantity("500 kcmil", "conductor size")
    assert q.to("m**2").magnitude == pytest.approx(500e3 * CMIL, rel=1e-12)
    assert q.to("mm**2").magnitude == pytest.approx(253.35, abs=0.01)
    assert parse_quantity("250 MCM", "conductor size") == parse_quantity("250 kcmil", "conductor size")
    assert si(parse_quantity("500 kcmil", "area")) == pytest.approx(500e3 * CMIL, rel=1e-12)


# --- percent, flows, pressures, money ------------------------------------------------------------

@pytest.mark.parametrize("text", ["5.75 %", "5.75%", "5.75 percent", "5.75 pct", 0.0575, "0.0575"])
def test_percent(text):
    assert si(parse_quantity(text, "ratio")) == pytest.approx(0.0575, rel=1e-12)


def test_percent_is_not_a_length():
    with pytest.raises(UnitError, match="is a ratio; expected length"):
        parse_quantity("5 %", "length")


def test_angle_is_not_a_ratio():
    with pytest.raises(UnitError, match="is an angle; expected ratio"):
        parse_quantity("30 deg", "ratio")
    with pytest.raises(UnitError, match="is a ratio; expected angle"):
        parse_quantity("30 %", "angle")


@pytest.mark.parametrize("text", ["1.3 L/min/kW", "1.3 lpm/kW", "1.3 l/min/kW", "1.3 LPM/kW"])
def test_litres_per_minute_per_kilowatt(text):
    assert si(parse_quantity(text, "flow per power")) == pytest.approx(1.3e-3 / 60 / 1e3, rel=1e-12)


def test_flow_per_power_in_gpm():
    assert si(parse_quantity("1 gpm/kW", "flow per power")) == pytest.approx(GALLON / 60 / 1e3, rel=1e-12)


@pytest.mark.parametrize("text, m3_per_s", [
    ("25000 cfm", 25000 * FT**3 / 60), ("25000 CFM", 25000 * FT**3 / 60), ("1 ft**3/min", FT**3 / 60),
    ("600 gpm", 600 * GALLON / 60), ("600 gpm_us", 600 * GALLON / 60), ("180 lpm", 0.003),
    ("10.8 m**3/h", 0.003), ("10.8 m³/h", 0.003),
])
def test_volume_flows(text, m3_per_s):
    assert si(parse_quantity(text, "volume flow")) == pytest.approx(m3_per_s, rel=1e-12)


@pytest.mark.parametrize("kind", ["pressure", "pressure difference"])
def test_psi(kind):
    assert si(parse_quantity("35 psi", kind)) == pytest.approx(35 * PSI, rel=1e-12)


def test_pressure_and_difference_share_a_dimension():
    assert si(parse_quantity("2 bar", "pressure difference")) == pytest.approx(2e5)
    assert si(parse_quantity("10 ft_H2O", "pressure difference")) == pytest.approx(29890.67, rel=1e-5)
    assert si(parse_quantity("12 kPa", "floor load")) == 12e3


@pytest.mark.parametrize("text, usd", [("1200 USD", 1200.0), ("1.2 kUSD", 1200.0), ("2 MUSD", 2e6),
                                       ("5 usd", 5.0), ("5 dollar", 5.0)])
def test_money(text, usd):
    assert si(parse_quantity(text, "money"), "money") == pytest.approx(usd)


def test_money_is_not_a_power():
    with pytest.raises(UnitError, match="expected active power"):
        parse_quantity("1200 USD", "active power")
    with pytest.raises(UnitError, match="unknown unit \"EUR\""):
        parse_quantity("1200 EUR", "money")


# --- what is not a quantity ----------------------------------------------------------------------

@pytest.mark.parametrize("value, found", [(None, "found nothing (null), not a quantity"),
                                          ([1, 2], "found a list, not a quantity"),
                                          ({"a": 1}, "found a mapping, not a quantity"),
                                          (True, "found a yes/no value, not a quantity")])
def test_not_a_quantity(value, found):
    with pytest.raises(UnitError, match=re.escape(found)):
        parse_quantity(value, "voltage")


@pytest.mark.parametrize("text, message", [
    ("", "is not a number with a unit"),
    ("kVA 2500", "is not a number with a unit"),
    ("2,500 kVA", "is not a number with a unit|unknown unit"),
    ("lots kVA", "is not a number with a unit"),
    ("2500", "has no unit"),
    ("2500 kVB", 'unknown unit "kVB"'),
    ("2500 kVA)", "unknown unit"),
    ("1e400 kVA", "is not a finite number"),
    ("2500 m", "is a length; expected apparent power such as \"2500 kVA\""),
])
def test_bad_quantity_text(text, message):
    with pytest.raises(UnitError, match=message):
        parse_quantity(text, "apparent power")


@pytest.mark.parametrize("value", [10**400, float("inf"), float("nan")])
def test_non_finite_numbers(value):
    with pytest.raises(UnitError, match="not a finite number"):
        parse_quantity(value, "ratio")


def test_unit_error_is_a_value_error_and_a_retrofit_error():
    with pytest.raises(ValueError):
        parse_quantity("12 m", "voltage")
    assert issubclass(UnitError, RetrofitError)


def test_si_and_format():
    q = parse_quantity("2500 kVA", "apparent power")
    assert si(q) == 2.5e6
    assert si(q, "apparent power") == 2.5e6
    assert format_quantity(q, "MVA") == "2.5 MVA"
    assert format_quantity(parse_quantity("1 kV", "voltage"), "V", digits=3) == "1e+03 V"


def test_bare_ratio_above_one_is_a_forgotten_percent():
    """A bare 5.75 for a ratio would silently be 575 %: refused with the fix in the message."""
    with pytest.raises(UnitError, match=r"575 %.*write \"5.75 %\""):
        parse_quantity(5.75, "ratio")
    with pytest.raises(UnitError, match="575 %"):
        parse_quantity("5.75", "ratio")
    assert parse_quantity(0.9, "ratio").magnitude == 0.9
