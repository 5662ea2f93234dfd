"""Write a Design as YAML in the input schema: deterministic, compact, written atomically.

The text is what :func:`retrofit.io.load.load` reads back into an equal Design: every quantity is
written as text with its unit (:func:`retrofit.model.quantity.quantity_text`), and only fields that
differ from their defaults are written. For an element that names a catalog ``model``, the catalog's
data are its defaults (the loader fills them in again). A climate that is a catalog entry is written
as its id. Leaf records (no nested lists or records) are written on one line in flow style, as the
hand-written examples are; the rest in block style. No anchors, aliases, tags or timestamps.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint
import yaml
from pydantic import BaseModel, TypeAdapter

from ..catalog import Catalog, load_catalog
from ..model import Design
from ..model.base import CATALOG_KIND, Element
from ..model.quantity import quantity_text
from .atomic import write_atomic

FLOW_WIDTH = 160  # a leaf record is written on one line when it fits in this many characters


class _Flow(dict):
    """A mapping written in flow style (``{a: 1, b: 2}``)."""


class _FlowList(list):
    """A list written in flow style (``[a, b]``)."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that never writes anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - signature of the base class
        return True


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})
_SCALAR_FORMS: dict = {}
"""(type, value) -> (tag, text, style) of a scalar as the safe representer writes it (floats by their repr, so
that ``-0.0`` is not ``0.0``): a design repeats the same few thousand texts hundreds of thousands of times."""
_RESOLVED: dict = {}
"""(text, implicit) -> tag the resolver gives a scalar (it matches regular expressions on every call)."""


class _FastDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """:class:`_Dumper` on libyaml's emitter when PyYAML has it (the same text, several times faster).

    Each distinct scalar is represented and resolved once per process and its node made again from that
    (nodes are never shared: the serializer would give a shared node an anchor); containers go through the
    base representer unchanged."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - signature of the base class
        return True

    def represent_data(self, data: Any) -> yaml.Node:
        kind = type(data)
        if kind not in _SCALAR_TYPES:
            return super().represent_data(data)
        key = (kind, repr(data) if kind is float else data)
        form = _SCALAR_FORMS.get(key)
        if form is None:
            node = super().represent_data(data)
            _SCALAR_FORMS[key] = (node.tag, node.value, node.style)
            return node
        return yaml.ScalarNode(form[0], form[1], style=form[2])

    def resolve(self, kind: type, value: Any, implicit: tuple) -> str:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = _RESOLVED[key] = super().resolve(kind, value, implicit)
        return tag


for _dumper in (_Dumper, _FastDumper):
    _dumper.add_representer(_Flow, lambda dumper, data: dumper.represent_mapping(
        "tag:yaml.org,2002:map", data.items(), flow_style=True))
    _dumper.add_representer(_FlowList, lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=True))


@lru_cache(maxsize=None)
def _adapter(model: type, name: str) -> TypeAdapter:
    info = model.model_fields[name]
    from typing import Annotated
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    from pydantic import ConfigDict
    return TypeAdapter(annotation, config=ConfigDict(arbitrary_types_allowed=True))


@lru_cache(maxsize=None)
def _parsed_default(model: type, name: str) -> Any:
    """The default of field ``name`` of ``model`` in the form the field holds (quantities parsed); parsed
    once per field (only compared, never changed)."""
    info = model.model_fields[name]
    if info.is_required():
        return _REQUIRED
    default = info.get_default(call_default_factory=True)
    if isinstance(default, str):
        try:
            return _adapter(model, name).validate_python(default)
        except Exception:  # noqa: BLE001 - a text default of a text field stays text
            return default
    return default


_REQUIRED = object()


_DELTA: dict = {}


def _is_delta(units: pint.Unit) -> bool:
    """A temperature difference unit (``delta_degC``), by pint's unit container (formatting is slow)."""
    key = units._units
    if key not in _DELTA:
        _DELTA[key] = str(units).startswith("delta")
    return _DELTA[key]


def _same(a: Any, b: Any) -> bool:
    """Equal values, quantities compared in the same unit (``2.5 MVA`` equals ``2500 kVA``)."""
    if isinstance(a, pint.Quantity) or isinstance(b, pint.Quantity):
        if not (isinstance(a, pint.Quantity) and isinstance(b, pint.Quantity)):
            return False
        if a._units == b._units:  # the same unit: pint would not convert
            return math.isclose(float(a.magnitude), float(b.magnitude), rel_tol=1e-12, abs_tol=1e-12)
        try:
            if a.dimensionality != b.dimensionality:
                return False
            if _is_delta(a.units) != _is_delta(b.units):
                return False
            x = float(a.to(b.units).magnitude)
            y = float(b.magnitude)
        except pint.errors.PintError:
            return False
        return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, BaseModel) and isinstance(b, BaseModel):
        if type(a) is not type(b):
            return False
        return all(_same(getattr(a, f), getattr(b, f)) for f in type(a).model_fields)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def _catalog_defaults(element: Element, kind: str | None, catalog: Catalog) -> dict[str, Any]:
    """The values the catalog entry named by ``element.model`` gives, parsed as the element's fields
    (once per catalog, kind of element and entry: they are only compared, never changed)."""
    if element.model is None or kind is None:
        return {}
    return _entry_defaults(catalog, type(element), element.model, kind)


@lru_cache(maxsize=4096)
def _entry_defaults(catalog: Catalog, model: type, entry_id: str, kind: str) -> dict[str, Any]:
    try:
        entry = catalog.get(entry_id, kind)
    except KeyError:
        return {}
    out = {}
    for key, value in entry.data.items():
        if key in model.model_fields:
            try:
                out[key] = _adapter(model, key).validate_python(value)
            except Exception:  # noqa: BLE001 - an unparseable catalog value is simply not a default
                continue
    return out


def _plain(value: Any, catalog: Catalog, kind: str | None = None) -> Any:
    if isinstance(value, pint.Quantity):
        return quantity_text(value)
    if isinstance(value, BaseModel):
        return _record(value, catalog, kind)
    if isinstance(value, list):
        items = [_plain(v, catalog, kind) for v in value]
        if all(_is_flow(v) for v in items) and not any(isinstance(v, _Flow) for v in items) and _fits(_FlowList(items)):
            return _FlowList(items)
        return items
    if isinstance(value, dict):
        return _as_flow({str(k): _plain(v, catalog) for k, v in value.items()})
    return value


def _record(record: BaseModel, catalog: Catalog, kind: str | None = None) -> dict:
    model = type(record)
    from_catalog = _catalog_defaults(record, kind, catalog) if isinstance(record, Element) else {}
    out: dict[str, Any] = {}
    names = list(model.model_fields)
    if isinstance(record, Element):  # labels after the data: id and model first, name and notes last
        names = [n for n in names if n not in ("name", "notes")] + ["name", "notes"]
    for name in names:
        value = getattr(record, name)
        if name in from_catalog:
            if _same(value, from_catalog[name]):
                continue
        else:
            default = _parsed_default(model, name)
            if default is not _REQUIRED and _same(value, default):
                continue
        if value is None:
            # a field left unset where the catalog would fill it cannot be written as "unset": keep null
            if name not in from_catalog:
                continue
        out[name] = _plain(value, catalog)
    return _as_flow(out)


def _is_flow(value: Any) -> bool:
    """A scalar, or a container already written in flow style."""
    return not isinstance(value, (dict, list)) or isinstance(value, (_Flow, _FlowList))


def _shortest(value: Any) -> int:
    """A lower bound of the length of ``value`` written in flow style: its keys and texts, brackets and
    separators (a scalar is never written shorter than its text, a number in at least one character)."""
    if isinstance(value, dict):
        return 2 * len(value) + sum(len(str(k)) + 2 + _shortest(v) for k, v in value.items())
    if isinstance(value, list):
        return 2 * len(value) + sum(_shortest(v) for v in value)
    return len(value) if isinstance(value, str) else 1


def _fits(value: Any) -> bool:
    if _shortest(value) > FLOW_WIDTH:  # cannot fit: spare the trial dump
        return False
    text = flow_text(value)
    if text is None:
        text = _trial_dump(value)
    return len(text) <= FLOW_WIDTH


def _trial_dump(value: Any) -> str:
    """``value`` dumped alone in flow style on one line (as long as it needs), stripped."""
    return yaml.dump(value, Dumper=_FastDumper, allow_unicode=True, width=10_000, sort_keys=False).strip()


_FLOW_VALUES: dict = {}
"""(type, value) -> the scalar's text as an item of a flow collection ("" when it would not be one line)."""
_FLOW_KEYS: dict = {}
"""key -> the key's text in a flow mapping ("" when it would not be a one-line simple key)."""


_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
"""Text that PyYAML writes as it is (a plain scalar) wherever it stands, unless the resolver reads it as
another type (``yes``, ``null``): a letter, then letters, digits, ``_``, ``.`` and ``-`` (element ids)."""
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def _flow_value(value: Any) -> str | None:
    kind = type(value)
    if kind not in _SCALAR_TYPES:
        return None
    key = (kind, repr(value) if kind is float else value)
    piece = _FLOW_VALUES.get(key)
    if piece is None:
        if kind is str and _PLAIN_WORD.fullmatch(value) and _RESOLVER.resolve(yaml.ScalarNode, value,
                                                                              (True, False)) == _STR_TAG:
            piece = _FLOW_VALUES[key] = value
        else:
            text = _trial_dump(_FlowList([value]))
            piece = _FLOW_VALUES[key] = (text[1:-1] if text[:1] == "[" and text[-1:] == "]" and "\n" not in text
                                         else "")
    return piece or None


def _flow_key(key: Any) -> str | None:
    if type(key) is not str:
        return None
    piece = _FLOW_KEYS.get(key)
    if piece is None:
        text = _trial_dump(_Flow({key: 0}))
        ok = text[:1] == "{" and text.endswith(": 0}") and "\n" not in text and not text.startswith("{?")
        piece = _FLOW_KEYS[key] = text[1:-4] if ok else ""
    return piece or None


def flow_text(value: Any) -> str | None:
    """The one-line text PyYAML writes for ``value`` (a scalar, or a flow mapping or list of them, nested)
    dumped alone in flow style, put together from the text of each distinct key and scalar (each dumped
    once per process); None when a part would not be a one-line piece (a multi-line or complex key, a
    scalar of another type), which the caller then dumps whole.

    Parameters
    ----------
    value : Any
        A scalar, ``_Flow`` mapping or ``_FlowList``.

    Returns
    -------
    str or None
        The text, the same as the trial dump's.
    """
    if isinstance(value, _Flow):
        parts = []
        for k, v in value.items():
            kt, vt = _flow_key(k), flow_text(v)
            if kt is None or vt is None:
                return None
            parts.append(f"{kt}: {vt}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, _FlowList):
        parts = []
        for v in value:
            vt = flow_text(v)
            if vt is None:
                return None
            parts.append(vt)
        return "[" + ", ".join(parts) + "]"
    return _flow_value(value)


def _as_flow(mapping: dict) -> dict:
    """``mapping`` as a flow mapping when its values are all on one line and it fits ``FLOW_WIDTH``."""
    if mapping and all(_is_flow(v) for v in mapping.values()) and _fits(_Flow(mapping)):
        return _Flow(mapping)
    return mapping


def _climate(design: Design, catalog: Catalog) -> Any:
    climate = design.site.climate
    if isinstance(climate, str):
        return climate
    for entry in catalog.list("climate"):
        try:
            candidate = type(climate).model_validate(entry.data)
        except Exception:  # noqa: BLE001 - a malformed entry is not this climate
            continue
        if _same(candidate, climate):
            return entry.id
    return _record(climate, catalog)


def design_data(design: Design, *, catalog: Catalog | None = None) -> dict:
    """The design as plain YAML-ready data in the input schema (defaults left out).

    Parameters
    ----------
    design : Design
        The design.
    catalog : Catalog, optional
        Catalog whose entries give the defaults of elements naming a model.

    Returns
    -------
    dict
        Plain data (quantities as text with units).
    """
    catalog = catalog or load_catalog()
    out: dict[str, Any] = {"version": design.version}
    site = _record(design.site, catalog)
    site = dict(site)
    site["climate"] = _climate(design, catalog)
    out["site"] = {k: site[k] for k in ("name", "location", "climate", "altitude", "revision", "issued") if k in site}
    out["utility"] = _record(design.utility, catalog)
    if isinstance(out["utility"], dict) and "id" not in out["utility"]:
        out["utility"] = {"id": design.utility.id, **out["utility"]}
    for section in ("electrical", "loads", "cooling"):
        block = getattr(design, section)
        data = {}
        for list_name in type(block).model_fields:
            items = getattr(block, list_name)
            if items:
                kind = CATALOG_KIND.get(list_name)
                data[list_name] = [_record(item, catalog, kind) for item in items]
        if data:
            out[section] = data
    if design.halls:
        out["halls"] = [_record(h, catalog) for h in design.halls]
    if design.goal is not None:
        goal = _record(design.goal, catalog)
        goal = dict(goal)
        goal.setdefault("rack_model", design.goal.rack_model)
        out["goal"] = goal
    return out


def design_yaml(design: Design, *, header: str | None = None, catalog: Catalog | None = None) -> str:
    """The YAML text of ``design`` (see the module docstring); ``header`` becomes leading comment lines.

    Parameters
    ----------
    design : Design
        The design.
    header : str, optional
        Comment text for the top of the file.
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    str
        YAML text.
    """
    data = design_data(design, catalog=catalog)
    parts = []
    if header:
        parts.append("".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()))
    first = True
    for key, value in data.items():
        text = yaml.dump({key: value}, Dumper=_FastDumper, allow_unicode=True, sort_keys=False, width=FLOW_WIDTH,
                         default_flow_style=False, indent=2)
        if not first and isinstance(value, (dict, list)):
            parts.append("\n")
        parts.append(text)
        first = False
    return "".join(parts)


def write_design(design: Design, path: str | Path, *, header: str | None = None) -> None:
    """Write ``design`` as YAML in the input schema to ``path``, atomically.

    Parameters
    ----------
    design : Design
        The design to write.
    path : str or Path
        Output file; written to a temporary file beside it and renamed.
    header : str, optional
        Text written as comment lines at the top of the file.

    Notes
    -----
    The output is deterministic (fields in the schema's order, elements in the design's order) and
    reads back with :func:`retrofit.io.load.load` into an equal design, so ``retrofit analyze`` and
    ``retrofit check`` run on it unchanged.
    """
    write_atomic(path, design_yaml(design, header=header))


__all__ = ["design_data", "design_yaml", "write_design"]
