"""The one pint registry of retrofit, quantity parsing and dimension checks.

No other module creates a registry. Quantities live at the edges (input, elements, results);
solvers work on SI magnitudes obtained with :func:`si`.

Absolute temperature (``degC``, ``degF``, ``K`` as a temperature) and temperature difference
(``delta_degC``, ``K`` as a difference) are distinct kinds: a field declared as ``temperature``
refuses ``8 K``-style differences written as ``delta_degC`` and a field declared as
``temperature_difference`` refuses ``45 degC``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pint

from .errors import UnitError

ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
ureg.formatter.default_format = "~P"
# Units of the trade that pint does not define.
ureg.define("kcmil = 1000 * circular_mil")
ureg.define("MCM = kcmil")
ureg.define("lpm = liter / minute = LPM")
ureg.define("gpm_us = gallon / minute")
ureg.define("gpm = gallon / minute = GPM")
ureg.define("cfm = foot ** 3 / minute = CFM")
ureg.define("percent_ = 0.01 = pct")
Q_ = ureg.Quantity
Quantity = pint.Quantity


@dataclass(frozen=True)
class Dimension:
    """A declared kind of quantity: name shown in messages, pint dimensionality and SI unit."""

    name: str
    si_unit: str
    example: str
    temperature: bool = False  # absolute temperature (offset unit allowed)
    difference: bool = False  # temperature difference (offset units refused)

    @cached_property
    def dimensionality(self):
        """pint dimensionality of the SI unit (computed once: unit parsing is slow)."""
        return ureg.Quantity(1, self.si_unit).dimensionality


# The declared dimensions. Apparent, active and reactive power share pint's dimension [power];
# they are told apart by their unit names (VA / W / var), which is what an engineer means.
DIMENSIONS: dict[str, Dimension] = {d.name: d for d in [
    Dimension("apparent power", "VA", "2500 kVA"),
    Dimension("active power", "W", "135 kW"),
    Dimension("reactive power", "var", "300 kvar"),
    Dimension("voltage", "V", "13.8 kV"),
    Dimension("current", "A", "3000 A"),
    Dimension("impedance", "ohm", "0.05 ohm"),
    Dimension("impedance per length", "ohm/m", "0.029 ohm/kft"),
    Dimension("ratio", "dimensionless", "5.75 %"),
    Dimension("frequency", "Hz", "60 Hz"),
    Dimension("length", "m", "350 ft"),
    Dimension("area", "m**2", "240 mm**2"),
    Dimension("conductor size", "kcmil", "500 kcmil"),
    Dimension("mass", "kg", "1360 kg"),
    Dimension("pressure", "Pa", "12 kPa"),
    Dimension("pressure difference", "Pa", "35 psi"),
    Dimension("temperature", "K", "45 degC", temperature=True),
    Dimension("temperature difference", "K", "8 K", difference=True),
    Dimension("volume flow", "m**3/s", "180 L/min"),
    Dimension("mass flow", "kg/s", "2 kg/s"),
    Dimension("flow per power", "m**3/s/W", "1.3 L/min/kW"),
    Dimension("velocity", "m/s", "2 m/s"),
    Dimension("energy", "J", "65 J"),
    Dimension("time", "s", "5 s"),
    Dimension("money", "USD", "1200 USD"),
    Dimension("heat transfer coefficient", "W/K", "150 kW/K"),
    Dimension("rotational speed", "1/s", "1750 rpm"),
    Dimension("floor load", "Pa", "12 kPa"),
    Dimension("mass per area", "kg/m**2", "1200 kg/m**2"),
    Dimension("angle", "rad", "30 deg"),
]}

ureg.define("USD = [currency] = usd = dollar")
ureg.define("kUSD = 1000 * USD")
ureg.define("MUSD = 1000000 * USD")

_APPARENT = re.compile(r"(?<![A-Za-z])[kMG]?VA(?![A-Za-z])")
_REACTIVE = re.compile(r"(?<![A-Za-z])[kMG]?var(?![A-Za-z])", re.IGNORECASE)
_OFFSET = re.compile(r"deg(ree)?[ _]?(C|F|celsius|fahrenheit)\b|°C|°F|\bdegC\b|\bdegF\b", re.IGNORECASE)
_DELTA = re.compile(r"delta_?deg|Δ", re.IGNORECASE)
_ANGLE = re.compile(r"(?<![A-Za-z])(deg|degrees?|rad|radians?|arcmin|arcsec|turns?|revolutions?)(?![A-Za-z])|°$")
_SUPERSCRIPT = {"²": "**2", "³": "**3"}
_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")

ureg.define("var = V * A = VAr")
_POWER = ureg.W.dimensionality
_TEMPERATURE = ureg.K.dimensionality
_PRESSURE = ureg.Pa.dimensionality
_DIMENSIONLESS = ureg.dimensionless.dimensionality


def _normalise(text: str) -> str:
    text = text.replace("Δ°C", "delta_degC").replace("Δ°F", "delta_degF")
    text = text.replace("°C", "degC").replace("°F", "degF").replace("Ω", "ohm").replace("µ", "u")
    for sup, power in _SUPERSCRIPT.items():
        text = text.replace(sup, power)
    text = text.replace("%", "percent")
    return text


@lru_cache(maxsize=1024)
def _parse_unit(unit_text: str) -> pint.Unit:
    """The pint unit of a normalised unit text (cached: pint's parser is slow)."""
    return ureg.Unit(unit_text) if unit_text else ureg.dimensionless


def _power_kind(unit_text: str) -> str | None:
    if _APPARENT.search(unit_text):
        return "apparent power"
    if _REACTIVE.search(unit_text):
        return "reactive power"
    return None


def _bare_ratio(value: float, text, dim: Dimension) -> pint.Quantity:
    """A ratio written without a unit is a fraction; above 1 it is almost surely a forgotten %."""
    if abs(value) > 1.0:
        raise UnitError(f"{text!r} without a unit is a fraction ({value * 100:g} %); write \"{value:g} %\" "
                        f"if you mean percent, or a fraction up to 1")
    return Q_(value, "dimensionless")


def parse_quantity(text: str | int | float, dimension: str) -> pint.Quantity:
    """Parse ``"2500 kVA"`` into a Quantity and check it is of ``dimension``.

    Parameters
    ----------
    text : str
        A number followed by its unit, for example ``"13.8 kV"`` or ``"45 degC"``.
    dimension : str
        A key of :data:`DIMENSIONS`.

    Returns
    -------
    pint.Quantity
        The quantity in the unit it was written in.

    Raises
    ------
    UnitError
        When the text is not a number with a unit, or its dimension is not the declared one.

    Examples
    --------
    >>> parse_quantity("2500 kVA", "apparent power").to("MVA").magnitude
    2.5
    """
    dim = DIMENSIONS[dimension]
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        found = {list: "a list", dict: "a mapping", bool: "a yes/no value", type(None): "nothing (null)"}.get(
            type(text), repr(text))
        raise UnitError(f"found {found}, not a quantity; expected {dim.name} such as \"{dim.example}\"")
    if isinstance(text, (int, float)):
        if dim.si_unit == "dimensionless":
            return _bare_ratio(_finite(text, text, dim), text, dim)
        raise UnitError(f"{text!r} has no unit; expected {dim.name} such as \"{dim.example}\"")
    return _parsed(text, dimension)


@lru_cache(maxsize=16384)
def _parsed(text: str, dimension: str) -> pint.Quantity:
    """The quantity of a checked text, one object per distinct text: a design repeats the same few texts in
    thousands of fields, and nothing changes a parsed quantity in place (its magnitude is a plain float, which
    pint's arithmetic never modifies in place)."""
    value, unit = _checked_text(text, dimension)
    return Q_(value, unit)


@lru_cache(maxsize=4096)
def _checked_text(text: str, dimension: str) -> tuple[float, pint.Unit]:
    """Magnitude and unit of a quantity text checked against ``dimension`` (cached: design files repeat
    the same few texts, and parsing them is the slowest part of loading one)."""
    dim = DIMENSIONS[dimension]
    m = _NUMBER_UNIT.match(text)
    if not m:
        raise UnitError(f"\"{text}\" is not a number with a unit; expected {dim.name} such as \"{dim.example}\"")
    number, unit_text = m.group(1), m.group(2)
    if not unit_text and dim.si_unit != "dimensionless":
        raise UnitError(f"\"{text}\" has no unit; expected {dim.name} such as \"{dim.example}\"")
    try:
        unit = _parse_unit(_normalise(unit_text))
    except Exception:
        raise UnitError(f"\"{text}\": unknown unit \"{unit_text}\"; expected {dim.name} such as \"{dim.example}\"") from None
    if not unit_text:
        return _bare_ratio(_finite(number, text, dim), text, dim).magnitude, ureg.dimensionless
    q = Q_(_finite(number, text, dim), unit)
    found = describe_kind(q, unit_text)
    if found != dim.name and not _compatible(found, dim):
        raise UnitError(f"\"{text}\" is {_article(found)} {found}; expected {dim.name} such as \"{dim.example}\"")
    if dim.temperature and q.to("K").magnitude < 0:
        raise UnitError(f"\"{text}\" is below absolute zero; expected {dim.name} such as \"{dim.example}\"")
    return q.magnitude, q.units


def _finite(number: str | int | float, text: object, dim: Dimension) -> float:
    """``number`` as a finite float, or a UnitError saying why not."""
    try:
        value = float(number)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        shown = f"\"{text}\"" if isinstance(text, str) else repr(text)
        shown = shown if len(shown) <= 40 else shown[:36] + "..."
        raise UnitError(f"{shown} is not a finite number; expected {dim.name} such as \"{dim.example}\"")
    return value


# Declared kinds that share one physical dimension: a value of one is accepted for the other.
_SAME_DIMENSION = [
    {"pressure", "pressure difference", "floor load"},
    {"area", "conductor size"},
    {"frequency", "rotational speed"},
]


def _compatible(found: str, dim: Dimension) -> bool:
    if found == "kelvin":  # plain "K" is valid for a temperature and for a difference
        return dim.temperature or dim.difference
    return any(found in group and dim.name in group for group in _SAME_DIMENSION)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def describe_kind(q: pint.Quantity, unit_text: str = "") -> str:
    """Name the kind of a quantity the way messages do (``"apparent power"``, ``"temperature"``...)."""
    unit_text = unit_text or f"{q.units:~}"
    dims = q.dimensionality
    if dims == _POWER:
        return _power_kind(unit_text) or "active power"
    if dims == _TEMPERATURE:
        if _DELTA.search(unit_text):
            return "temperature difference"
        if _OFFSET.search(_normalise(unit_text)) or "degR" in unit_text:
            return "temperature"
        # plain kelvin is accepted as either; callers decide (see _kelvin_ok)
        return "kelvin"
    if dims == _PRESSURE:
        return "pressure"
    if dims == _DIMENSIONLESS and _ANGLE.search(unit_text):
        return "angle"  # pint counts radians as dimensionless; an engineer does not
    for d in DIMENSIONS.values():
        if d.temperature or d.difference or d.name in ("apparent power", "reactive power", "active power"):
            continue
        if d.name in ("pressure difference", "floor load", "conductor size", "rotational speed"):
            continue
        if dims == d.dimensionality:
            return d.name
    return f"quantity of unit {unit_text}"




@lru_cache(maxsize=4096)
def _conversion(units: object, unit: str) -> tuple[float, float] | None:
    """``(scale, offset)`` with ``value_in_unit = scale * value + offset`` from ``units`` to ``unit``, or None
    when the conversion is not affine in one step (pint then converts). Computed once per pair of units."""
    try:
        zero = float(ureg.Quantity(0.0, units).to(unit).magnitude)
        one = float(ureg.Quantity(1.0, units).to(unit).magnitude)
        two = float(ureg.Quantity(2.0, units).to(unit).magnitude)
    except (pint.errors.PintError, TypeError, ValueError):
        return None
    scale = one - zero
    if not math.isclose(two - one, scale, rel_tol=1e-12, abs_tol=0.0):
        return None
    return scale, zero


def magnitude(q: pint.Quantity | None, unit: str) -> float | None:
    """Magnitude of ``q`` in ``unit`` as a float (None stays None): the one way plain numbers leave pint.

    The conversion factor of each pair of units is found once and cached: converting a design's figures
    to SI inside analysis loops then costs a multiplication, not a pint conversion (about 70 µs each).
    Dimension errors are still pint's (the cache holds only conversions that succeeded).

    Examples
    --------
    >>> magnitude(parse_quantity("2.5 MVA", "apparent power"), "kVA")
    2500.0
    >>> magnitude(parse_quantity("20 degC", "temperature"), "K")
    293.15
    """
    if q is None:
        return None
    m = q.magnitude
    if isinstance(m, (int, float)):
        units = q._units
        hit = _BY_IDENTITY.get((id(units), unit))
        if hit is not None and hit[0] is units:
            conv = hit[1]
        else:
            conv = _conversion(units, unit)
            if len(_BY_IDENTITY) >= _BY_IDENTITY_KEPT:
                _BY_IDENTITY.clear()
            _BY_IDENTITY[(id(units), unit)] = (units, conv)
        if conv is not None:
            return float(conv[0] * m + conv[1])
    return float(q.to(unit).magnitude)


#: :func:`_conversion` by the identity of the units object (quantities parsed from the same text share it):
#: a look-up without comparing unit containers. Each entry holds its units object, so its id stays its own.
_BY_IDENTITY: dict[tuple[int, str], tuple[object, tuple[float, float] | None]] = {}
_BY_IDENTITY_KEPT = 20_000


def si(q: pint.Quantity, dimension: str | None = None) -> float:
    """Magnitude of ``q`` in SI base units of its kind (K for temperatures, W, VA, var, Pa, m³/s ...)."""
    if dimension is not None:
        dim = DIMENSIONS[dimension]
        return float(q.to(dim.si_unit).magnitude)
    return float(q.to_base_units().magnitude)


def to_si_temperature(q: pint.Quantity) -> float:
    """Absolute temperature in kelvin."""
    return float(q.to("K").magnitude)


def to_si_difference(q: pint.Quantity) -> float:
    """Temperature difference in kelvin (``delta_degC`` and ``K`` are equal)."""
    if q.units in (ureg.degC, ureg.degF):
        raise UnitError(f"{q} is a temperature, not a temperature difference")
    return float(q.to("K").magnitude) if q.units != ureg.delta_degF else float(q.to("delta_degC").magnitude)


def format_quantity(q: pint.Quantity, unit: str, digits: int = 4) -> str:
    """``"2.5 MVA"``-style text of ``q`` in ``unit`` with ``digits`` significant figures."""
    mag = q.to(unit).magnitude
    return f"{mag:.{digits}g} {unit}"
