"""Quantity fields for the typed design model.

``Qty("apparent power")`` is an annotated type for a pydantic field: the input must be a string with its
unit of that kind (``"2500 kVA"``); the value held is a pint Quantity; the JSON Schema says what is
expected; serialising writes the quantity back as text.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

import pint
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from ..errors import UnitError
from ..units import DIMENSIONS, parse_quantity, ureg


_UNIT_TEXT: dict = {}
"""Unit text by pint's unit container: formatting a unit is most of the cost of writing a quantity."""


def _unit_text(units: pint.Unit) -> str:
    key = units._units
    text = _UNIT_TEXT.get(key)
    if text is None:
        text = f"{units:~C}".replace("Δ°C", "delta_degC").replace("°C", "degC").replace("°F", "degF")
        text = _UNIT_TEXT[key] = text.replace("delta_degree_Celsius", "delta_degC")
    return text


def _quantity_text(q: pint.Quantity) -> str:
    mag = q.magnitude
    if float(mag).is_integer():
        mag = int(mag)
    else:
        mag = float(f"{mag:.10g}")
    unit = _unit_text(q.units)
    if unit in ("", "dimensionless"):
        return f"{mag}"
    return f"{mag} {unit}"


@lru_cache(maxsize=None)
def Qty(dimension: str) -> Any:  # noqa: N802 - reads as a type in field declarations
    """Annotated pint Quantity type of the declared ``dimension`` (a key of ``units.DIMENSIONS``)."""
    dim = DIMENSIONS[dimension]

    def parse(value: Any) -> pint.Quantity:
        if isinstance(value, pint.Quantity):
            text = _quantity_text(value)
            return parse_quantity(text, dimension)
        try:
            return parse_quantity(value, dimension)
        except UnitError as exc:
            raise ValueError(str(exc)) from None

    schema = {
        "type": "string",
        "description": f"{dim.name}, a number and its unit, for example \"{dim.example}\"",
        "pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*\S.*$" if dim.si_unit != "dimensionless"
        else r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*.*$",
        "examples": [dim.example],
        "x-dimension": dim.name,
    }
    return Annotated[
        pint.Quantity,
        BeforeValidator(parse),
        PlainSerializer(_quantity_text, return_type=str),
        WithJsonSchema(schema),
    ]


def quantity_text(q: pint.Quantity) -> str:
    """The text form of a quantity, as the design writer puts it in YAML (``"2500 kVA"``)."""
    return _quantity_text(q)


__all__ = ["Qty", "quantity_text", "ureg"]
