"""Write ``docs/input-format.md`` from the design model itself.

Every section and field of a design file is described from the pydantic models in
:mod:`retrofit.model`: its type, its unit kind with its base unit and an example, its default and its
description. The text is deterministic (the same models give the same bytes), so a test can tell when
the page is stale. Regenerate it with::

    python -m retrofit.io.docs_input_format
"""
from __future__ import annotations

import inspect
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import annotated_types
import pint
from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..model import Design
from ..model.base import CATALOG_KIND, ID_PATTERN
from ..model.limits import COUNT_LIMITS, FIELD_BOUNDS
from ..units import DIMENSIONS
from .atomic import write_atomic
from . import yaml_source
from .references import REFERENCES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "input-format.md"
REGENERATE = "python -m retrofit.io.docs_input_format"

_INTRO = """\
# Design file format

<!-- Generated from the design model by `{regenerate}`; do not edit by hand. -->

A design file describes one site, existing or proposed, in YAML: its climate, the utility service,
every electrical element, the loads, the liquid and air cooling, the halls and, optionally, the goal of
the retrofit. `retrofit validate FILE` reads it and reports every problem with its file, line and field
path; `retrofit schema` prints the same format as a JSON Schema for editors.
The canonical example is `examples/pilot-hall/design.yaml`.

## Rules that apply everywhere

- **Quantities** are a number followed by its unit, as text: `2500 kVA`, `45 degC`, `180 L/min`. Each
  field declares the kind of quantity it takes (see [Quantities and units](#quantities-and-units)); a
  value of another kind is refused with a message that names both kinds. A ratio may also be a plain
  number (`0.0575` is the same as `5.75 %`).
- **Temperature and temperature difference** are different kinds: a temperature is written in `degC`,
  `degF` or `K`, a difference in `K`, `delta_degC` or `delta_degF`. `5 degC` is refused where a
  difference is expected, and `5 delta_degC` where a temperature is expected. Apparent, active and
  reactive power are told apart by their units (`kVA`, `kW`, `kvar`).
- **Ids** name elements (`tx-a`, `row-1`): letters, digits, `-`, `_` and `.`, starting with a letter
  or digit, unique across the whole file. Fields that name another element (a bus, a loop, a hall) must
  give the id of an element of the right list; each is marked "id of" below.
- **Catalog models**: an element of a list that draws from a catalog may give `model: <catalog id>`;
  the catalog entry's data fill every field the element does not give itself. `retrofit catalog list`
  shows the ids.
- **Unknown fields are errors**, so a misspelt key is caught (with a did-you-mean) rather than ignored.
- Text that YAML would read as a number, a date or a yes/no value (`row: 1`, `yes`) must be quoted
  where the field is text.
- One YAML document per file; duplicate keys, merge keys (`<<`) and tabs for indentation are refused.
- **A safe subset of YAML**: tags (`!!python/object`, `!!binary`, `!custom`) are refused; dates, times,
  sexagesimal, octal and hexadecimal numbers (`2026-01-01`, `12:30:00`, `1:30`, `017`, `0x1F`) are kept
  as the text written, so a quantity field reports them as text rather than reading a date or another
  number. Files are limited to {max_mib} MiB, {max_depth} levels of nesting, {max_values:,} values after
  aliases are expanded, integers of {max_digits} digits and single values of {max_chars:,} characters.
- **Bounds**: a quantity may have a bound, shown after its unit kind below (`> 0` for ratings, lengths
  and capacities, a range for temperatures, setpoints and criteria, `50 Hz or 60 Hz` for the system
  frequency); a count may have a largest plausible value (`≤ 5,000` racks in one group). Beyond them
  the value is refused with the bound named.
- **Rules across elements**, checked once every field is valid: pump curves in order of flow with a
  head that falls, one that the hydraulics can fit; every facility loop that serves CDUs or
  heat-rejection units has a pump; loop temperatures within the
  range of the coolant's property model; CDU rated flows that carry the rated capacity within
  30 K; heat-rejection ratings that a unit of their kind can reach; cable sizes, insulation and
  termination ratings and ambients that the tables rate (AWG and kcmil sizes by the NEC tables; metric
  sizes by IEC 60228 Table 2, with the stated `ampacity` that a low-voltage metric cable needs and an
  `x_per_length` outside 70-300 mm²); a transformer tap position within its steps; a power
  topology in which every bus and load is fed from a source, every branch joins buses of one voltage and
  no branch closes a loop; racks that fit the floor of their hall; a goal count the floor and the
  utility capacity can take.
"""


# Other ways of writing each kind, shown beside its example (each is checked by the unit tests).
WRITTEN_AS: dict[str, tuple[str, ...]] = {
    "active power": ("135000 W", "0.135 MW", "460000 BTU/h"),
    "angle": ("0.52 rad",),
    "apparent power": ("2.5 MVA", "2500000 VA"),
    "area": ("0.37 in**2", "240 mm²"),
    "conductor size": ("250 MCM",),
    "current": ("3 kA",),
    "energy": ("1 kWh", "3.6 MJ"),
    "floor load": ("250 lbf/ft**2",),
    "flow per power": ("1.3 lpm/kW", "0.34 gpm/kW"),
    "frequency": ("50 Hz",),
    "heat transfer coefficient": ("150000 W/K",),
    "impedance": ("50 mohm", "0.05 Ω"),
    "impedance per length": ("0.095 mohm/m", "0.31 ohm/km"),
    "length": ("106.7 m", "52.5 mm", "2 in"),
    "mass": ("3000 lb", "1.36 t"),
    "mass flow": ("120 kg/min",),
    "mass per area": ("250 lb/ft**2",),
    "money": ("1.2 kUSD", "2 MUSD"),
    "pressure": ("2 bar", "30 psi"),
    "pressure difference": ("240 kPa", "10 ft_H2O", "0.5 bar"),
    "ratio": ("0.0575", "5.75 percent"),
    "reactive power": ("0.3 Mvar",),
    "rotational speed": ("29 Hz",),
    "temperature": ("113 degF", "318.15 K", "45 °C"),
    "temperature difference": ("8 delta_degC", "14.4 delta_degF"),
    "time": ("12 week", "2 h"),
    "velocity": ("6.5 ft/s",),
    "voltage": ("415 V", "480 V"),
    "volume flow": ("47.5 gpm", "25000 cfm", "0.003 m**3/s"),
}


def _anchor(title: str) -> str:
    """The anchor a Markdown renderer gives a heading (lowercase, spaces to hyphens, no punctuation)."""
    out = "".join(ch for ch in title.lower() if ch.isalnum() or ch in " -_")
    return out.replace(" ", "-")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _dimension_of(metadata: Sequence[Any]) -> str | None:
    for item in metadata:
        if isinstance(item, WithJsonSchema) and item.json_schema and "x-dimension" in item.json_schema:
            return item.json_schema["x-dimension"]
    return None


def _constraints(metadata: Sequence[Any]) -> list[str]:
    out = []
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            out.append(f"≥ {item.ge}")
        elif isinstance(item, annotated_types.Gt):
            out.append(f"> {item.gt}")
        elif isinstance(item, annotated_types.Le):
            out.append(f"≤ {item.le}")
        elif isinstance(item, annotated_types.Lt):
            out.append(f"< {item.lt}")
        elif getattr(item, "pattern", None) == ID_PATTERN:
            out.append("an id")
        elif getattr(item, "pattern", None):
            out.append(f"matching `{item.pattern}`")
    return out


def _type_text(annotation: Any, metadata: Sequence[Any] = ()) -> str:
    """A short reader's description of a field type (``quantity: apparent power``, ``list of Loop``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _type_text(inner, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        parts = [_type_text(a) for a in args if a is not type(None)]
        text = " or ".join(dict.fromkeys(parts))
        return text + " or null" if type(None) in args else text
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{v}`" for v in typing.get_args(annotation))
    if origin is list:
        return f"list of {_type_text(typing.get_args(annotation)[0])}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {_type_text(key)} to {_type_text(value)}"
    if annotation is pint.Quantity:
        return "quantity"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{_anchor(annotation.__name__)})"
    base = {str: "text", int: "integer", float: "number", bool: "true or false"}.get(annotation, str(annotation))
    limits = _constraints(metadata)
    return f"{base}, {', '.join(limits)}" if limits else base


def _records(annotation: Any) -> list[type[BaseModel]]:
    """The record classes a field type contains, in the order they appear."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if origin is None:
        return []
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += [r for r in _records(arg) if r not in out]
    return out


def _default_text(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        made = field.default_factory()
        if isinstance(made, BaseModel):
            return "its own defaults"
        return "`[]`" if isinstance(made, list) else "`{}`" if isinstance(made, dict) else f"`{made}`"
    value = field.default
    if value is None or value is PydanticUndefined:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    return f"`{value}`"


def _walk(model: type[BaseModel], path: str, uses: dict[type[BaseModel], list[str]]) -> None:
    """Record every record class below ``model`` with the file paths where it is used, depth first."""
    for name, field in model.model_fields.items():
        origin = typing.get_origin(field.annotation)
        is_list = origin is list or any(typing.get_origin(a) is list for a in typing.get_args(field.annotation))
        where = f"{path}.{name}" if path else name
        where += "[]" if is_list else ""
        for record in _records(field.annotation):
            first = record not in uses
            uses.setdefault(record, []).append(where)
            if first:
                _walk(record, where, uses)


def _field_dimension(field: FieldInfo) -> str | None:
    """The unit kind of a quantity field (optional or not), None for other fields."""
    found = _dimension_of(field.metadata)
    for arg in typing.get_args(field.annotation):
        if found is None and typing.get_origin(arg) is typing.Annotated:
            found = _dimension_of(typing.get_args(arg)[1:])
    return found


def _reference_targets(list_path: str) -> dict[str, tuple[str, ...]]:
    return REFERENCES.get(list_path.replace("[]", ""), {})


def _field_rows(model: type[BaseModel], references: dict[str, tuple[str, ...]]) -> list[str]:
    rows = ["| field | type | unit kind (base unit), example | default | description |",
            "|---|---|---|---|---|"]
    for name in sorted(model.model_fields):
        field = model.model_fields[name]
        kind = _type_text(field.annotation, field.metadata)
        if name in references:
            kind = "id of " + " or ".join(f"`{t}`" for t in references[name])
            if typing.get_origin(field.annotation) is list:
                kind = "list of " + kind
        dimension = _field_dimension(field)
        unit = ""
        if dimension:
            dim = DIMENSIONS[dimension]
            unit = f"{dim.name} (`{dim.si_unit}`), e.g. `{dim.example}`"
            bound = FIELD_BOUNDS.get(model.__name__, {}).get(name)
            if bound is not None:
                unit += f"; {bound.text()}"
        limit = COUNT_LIMITS.get((model.__name__, name))
        if limit is not None:
            kind += f", ≤ {limit[0]:,}"
        description = field.description or ""
        records = _records(field.annotation)
        if not description and records and records[0].__doc__:
            description = inspect.cleandoc(records[0].__doc__).splitlines()[0]
        rows.append(f"| `{name}` | {_cell(kind)} | {_cell(unit)} | {_cell(_default_text(field))} | "
                    f"{_cell(description)} |")
    return rows


def _section(model: type[BaseModel], paths: list[str]) -> list[str]:
    lines = [f"### {model.__name__}", ""]
    doc = inspect.cleandoc(model.__doc__) if model.__doc__ else ""
    if doc:
        lines += [doc, ""]
    lines.append("Used at " + ", ".join(f"`{p}`" for p in paths) + ".")
    kinds = sorted({CATALOG_KIND[p.rstrip("[]").rsplit(".", 1)[-1]] for p in paths
                    if p.endswith("[]") and p.rstrip("[]").rsplit(".", 1)[-1] in CATALOG_KIND})
    if kinds:
        lines.append("Its `model` names a catalog entry of kind " + " or ".join(f"`{k}`" for k in kinds)
                     + " (`retrofit catalog list " + kinds[0] + "`).")
    references: dict[str, tuple[str, ...]] = {}
    for p in paths:
        references.update(_reference_targets(p))
    lines += [""] + _field_rows(model, references) + [""]
    return lines


def render_input_format() -> str:
    """The Markdown text of ``docs/input-format.md``, generated from :class:`~retrofit.model.Design`.

    Returns
    -------
    str
        The page, ending with a newline; identical for identical models.
    """
    lines = _INTRO.format(regenerate=REGENERATE, max_mib=yaml_source.MAX_FILE_BYTES // 2**20,
                          max_depth=yaml_source.MAX_DEPTH, max_values=yaml_source.MAX_VALUES,
                          max_digits=yaml_source.MAX_INTEGER_DIGITS,
                          max_chars=yaml_source.MAX_SCALAR_CHARS).splitlines()
    lines += ["", "## Quantities and units", "",
              "Each quantity field declares one of these kinds. The base unit is the one the analyses work in; any",
              "unit of the same kind is accepted in the file.", "",
              "| kind | base unit | example | also written as |", "|---|---|---|---|"]
    for name in sorted(DIMENSIONS):
        dim = DIMENSIONS[name]
        others = ", ".join(f"`{text}`" for text in WRITTEN_AS.get(name, ()))
        lines.append(f"| {dim.name} | `{dim.si_unit}` | `{dim.example}` | {others} |")
    lines += ["", "## Top-level sections", ""]
    lines += _field_rows(Design, {})
    uses: dict[type[BaseModel], list[str]] = {}
    _walk(Design, "", uses)
    lines += ["", "## Records", "",
              "Each record below lists its fields in alphabetical order. The first line says where in the file",
              "it is used; `[]` marks a list of such records.", ""]
    for model, paths in uses.items():
        lines += _section(model, paths)
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def write_input_format(path: str | Path | None = None) -> Path:
    """Write the page to ``path`` (default ``docs/input-format.md`` of the source checkout).

    Parameters
    ----------
    path : str or Path, optional
        Where to write.

    Returns
    -------
    Path
        The file written.
    """
    target = Path(path) if path is not None else DEFAULT_PATH
    write_atomic(target, render_input_format())
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m retrofit.io.docs_input_format [PATH]``: regenerate the page; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = write_input_format(args[0] if args else None)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
