"""The NEC tables the feeder kernels read, loaded from ``catalogs/nec/`` and validated.

Four tables, each a catalog file of kind ``table`` (format in ``docs/catalogs.md``):

- ``table-310-16.yaml``: Table 310.16, allowable ampacities at 30 degC, three or fewer current-carrying
  conductors;
- ``table-310-15-b1.yaml``: Table 310.15(B)(1)(1), ambient temperature correction factors;
- ``table-310-15-c1.yaml``: Table 310.15(C)(1), adjustment for more than three current-carrying conductors;
- ``chapter9-table9.yaml``: Chapter 9 Table 9, AC resistance and reactance of 600 V cables in conduit.

The folder is ``catalogs/`` at the repository root unless the environment variable ``RETROFIT_CATALOGS``
names another one. Each file is checked when loaded (format, units, sizes, monotony, and the cross-checks
stated in its ``notes``); a bad row raises :class:`~retrofit.errors.CatalogError` naming the file, the
row and its line.

This module also owns the spelling of conductor sizes: :func:`normalize_size` turns ``"4/0"``,
``"#2"`` or ``"500 MCM"`` into the canonical ``"4/0 AWG"``, ``"2 AWG"``, ``"500 kcmil"``.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import CatalogEntryNotFound, CatalogError, UnknownMethod

CATALOGS_ENV = "RETROFIT_CATALOGS"
"""Environment variable that overrides the catalogs folder."""

DATA_CLASSES = ("published", "secondary", "computed", "estimate")
"""How sure a catalog's figures are, from most to least."""

TEMPERATURE_RATINGS_C = (60, 75, 90)
"""Conductor temperature-rating columns of Table 310.16 [degC]."""

MATERIALS = ("copper", "aluminum")
"""Conductor materials, canonical names."""

CONDUITS = ("pvc", "aluminum", "steel")
"""Conduit kinds of Chapter 9 Table 9, canonical names."""

_MATERIAL_ALIASES = {
    "copper": "copper", "cu": "copper",
    "aluminum": "aluminum", "aluminium": "aluminum", "al": "aluminum",
}
_MATERIAL_PREFIX = {"copper": "cu", "aluminum": "al"}
_CONDUIT_ALIASES = {
    "pvc": "pvc", "nonmagnetic": "pvc",
    "aluminum": "aluminum", "aluminium": "aluminum", "al": "aluminum",
    "steel": "steel", "emt": "steel", "rmc": "steel", "imc": "steel",
}

AMPACITY_FILE = "nec/table-310-16.yaml"
AMBIENT_FILE = "nec/table-310-15-b1.yaml"
ADJUSTMENT_FILE = "nec/table-310-15-c1.yaml"
IMPEDANCE_FILE = "nec/chapter9-table9.yaml"

SIN_085 = math.sqrt(1.0 - 0.85**2)
"""sin(theta) at power factor 0.85, the basis of the effective-Z columns of Chapter 9 Table 9."""

# --------------------------------------------------------------------------------------------
# Conductor sizes
# --------------------------------------------------------------------------------------------

_AWG = re.compile(r"^#?(?:AWG)?(\d{1,2}|[1-4]/0)(?:AWG)?$", re.IGNORECASE)
_KCMIL = re.compile(r"^(\d{3,4})(?:KCMIL|MCM)?$", re.IGNORECASE)
_AWG_SIZES = ("14", "12", "10", "8", "6", "4", "3", "2", "1", "1/0", "2/0", "3/0", "4/0")


def _awg_number(gauge: str) -> int:
    """AWG gauge as an integer on the ASTM B258 scale (1/0 -> 0, 2/0 -> -1, 4/0 -> -3)."""
    if "/" in gauge:
        return 1 - int(gauge.split("/")[0])
    return int(gauge)


def size_area_kcmil(size: str) -> float:
    """Nominal cross-section of a canonical conductor size [kcmil].

    Parameters
    ----------
    size : str
        Canonical size, ``"4/0 AWG"`` or ``"500 kcmil"`` [-].

    Returns
    -------
    area_kcmil : float
        Area in thousands of circular mils [kcmil]: the stated value for kcmil sizes; for AWG the
        ASTM B258 diameter d = 0.005 in x 92^((36 - n)/39), area = (1000 d)^2 / 1000.

    Notes
    -----
    Used to order sizes and to check that table values do not fall as the size grows. The AWG values
    round to those of NEC Chapter 9 Table 8 (4/0 AWG: 211.6 kcmil).

    Examples
    --------
    >>> round(size_area_kcmil("4/0 AWG"), 1)
    211.6
    """
    number, unit = size.split(" ")
    if unit == "kcmil":
        return float(number)
    diameter_in = 0.005 * 92.0 ** ((36 - _awg_number(number)) / 39.0)
    return (1000.0 * diameter_in) ** 2 / 1000.0


def normalize_size(text: str, known: tuple[str, ...] | None = None) -> str:
    """Canonical spelling of a conductor size: ``"4/0 AWG"``, ``"2 AWG"``, ``"500 kcmil"``.

    Parameters
    ----------
    text : str
        A size as engineers write it: ``"4/0"``, ``"4/0 AWG"``, ``"#2"``, ``"AWG 2"``, ``"500 kcmil"``,
        ``"500 MCM"``, ``"500kcmil"``; a bare number of 250 or more is read as kcmil [-].
    known : tuple of str, optional
        Sizes to suggest from when ``text`` cannot be read [-].

    Returns
    -------
    size : str
        The canonical spelling.

    Raises
    ------
    CatalogEntryNotFound
        When ``text`` is not a conductor size; ``near`` lists close known sizes.

    Examples
    --------
    >>> normalize_size("500 MCM"), normalize_size("#4/0")
    ('500 kcmil', '4/0 AWG')
    """
    if not isinstance(text, str):
        raise CatalogEntryNotFound(repr(text), kind="conductor size", near=[])
    compact = "".join(text.split())
    m = _AWG.match(compact)
    if m and m.group(1) in _AWG_SIZES:
        return f"{m.group(1)} AWG"
    m = _KCMIL.match(compact)
    if m and int(m.group(1)) >= 250:
        return f"{int(m.group(1))} kcmil"
    raise CatalogEntryNotFound(text, kind="conductor size", near=near_sizes(text, known))


def near_sizes(text: str, known: tuple[str, ...] | None) -> list[str]:
    """Up to three known sizes close to ``text``, for error messages.

    A readable size (``"550 kcmil"``) gets the known sizes nearest in area; anything else gets the known
    sizes whose spelling is most alike (compared with and without the unit).
    """
    if not known:
        return []
    try:
        canonical = normalize_size(text)
    except CatalogEntryNotFound:
        canonical = None
    if canonical is not None:
        area = size_area_kcmil(canonical)
        ranked = sorted(known, key=lambda k: (abs(math.log(size_area_kcmil(k) / area)), k))
        return [k for k in ranked if k != canonical][:3]
    probe = "".join(str(text).split()).lower()

    def score(size: str) -> float:
        number = size.split(" ")[0].lower()
        return max(difflib.SequenceMatcher(None, probe, "".join(size.split()).lower()).ratio(),
                   difflib.SequenceMatcher(None, probe, number).ratio())

    ranked = sorted(known, key=lambda k: -score(k))
    return [k for k in ranked if score(k) >= 0.5][:3]


def normalize_material(material: str) -> str:
    """``"copper"`` or ``"aluminum"`` from ``"Cu"``, ``"aluminium"``, ``"AL"`` ...; else UnknownMethod."""
    key = str(material).strip().lower()
    if key not in _MATERIAL_ALIASES:
        raise UnknownMethod(f"unknown conductor material {material!r}; valid: {', '.join(MATERIALS)}")
    return _MATERIAL_ALIASES[key]


def normalize_conduit(conduit: str) -> str:
    """``"pvc"``, ``"aluminum"`` or ``"steel"`` (Chapter 9 Table 9 columns); else UnknownMethod."""
    key = str(conduit).strip().lower()
    if key not in _CONDUIT_ALIASES:
        raise UnknownMethod(f"unknown conduit {conduit!r}; valid: {', '.join(CONDUITS)}")
    return _CONDUIT_ALIASES[key]


# --------------------------------------------------------------------------------------------
# Generic catalog table files
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableFile:
    """One catalog file of kind ``table``, read and checked for format."""

    path: Path
    id: str
    title: str
    source: str
    data_class: str
    notes: str
    columns: dict[str, str]
    rows: tuple[dict[str, Any], ...]
    row_lines: tuple[int | None, ...]

    def fail(self, index: int, message: str) -> CatalogError:
        """A CatalogError for row ``index`` (0-based) naming file, row number, line and size."""
        row = self.rows[index] if 0 <= index < len(self.rows) else {}
        label = next((str(row[k]) for k in ("size", "ambient_range_c", "conductors") if k in row), "")
        line = self.row_lines[index] if 0 <= index < len(self.row_lines) else None
        where = f"{self.path}" + (f":{line}" if line else "")
        what = f"row {index + 1}" + (f" ({label})" if label else "")
        return CatalogError(f"{where}: {what}: {message}")


def is_number(value: Any) -> bool:
    """True for a finite int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def read_table(path: Path | str) -> TableFile:
    """Read a catalog file of kind ``table`` and check its format.

    Parameters
    ----------
    path : pathlib.Path or str
        The YAML file [-].

    Returns
    -------
    TableFile
        Its header fields and rows, with the line of each row.

    Raises
    ------
    CatalogError
        When the file is missing, is not YAML, lacks a header field, has an unknown ``class``, or a row
        that is not a mapping or uses a column not declared under ``columns``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog file ({exc.strerror})") from None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: 5x faster
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: a catalog table file must be a mapping with kind, id, columns, rows")
    if data.get("kind") != "table":
        raise CatalogError(f"{path}: kind is {data.get('kind')!r}; expected 'table'")
    for key in ("id", "title", "source", "class", "notes"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CatalogError(f"{path}: header field {key!r} must be a non-empty text")
    if data["class"] not in DATA_CLASSES:
        raise CatalogError(f"{path}: class {data['class']!r} is not one of {', '.join(DATA_CLASSES)}")
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise CatalogError(f"{path}: 'columns' must map each column name to its unit ('' for none)")
    for name, unit in columns.items():
        if not isinstance(unit, str):
            raise CatalogError(f"{path}: column {name!r}: unit must be a text ('' for none), found {unit!r}")
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise CatalogError(f"{path}: 'rows' must be a non-empty list")
    row_lines = _row_lines(node, len(rows))
    table = TableFile(path=path, id=data["id"], title=data["title"], source=data["source"],
                      data_class=data["class"], notes=data["notes"], columns=dict(columns),
                      rows=tuple(rows), row_lines=row_lines)
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise table.fail(i, f"a row must be a mapping of column to value, found {row!r}")
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise table.fail(i, f"unknown column(s) {', '.join(unknown)}; declared: {', '.join(columns)}")
    return table


def _row_lines(node: yaml.Node | None, count: int) -> tuple[int | None, ...]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "rows" and isinstance(value, yaml.SequenceNode):
                return tuple(item.start_mark.line + 1 for item in value.value)
    return (None,) * count


def expect_columns(table: TableFile, expected: dict[str, str]) -> None:
    """CatalogError unless ``table`` declares exactly the ``expected`` columns with their units."""
    if table.columns != expected:
        missing = [c for c in expected if c not in table.columns]
        extra = [c for c in table.columns if c not in expected]
        wrong = [f"{c} ({table.columns[c]!r}, expected {expected[c]!r})"
                 for c in expected if c in table.columns and table.columns[c] != expected[c]]
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if extra:
            parts.append("unexpected " + ", ".join(extra))
        if wrong:
            parts.append("wrong unit for " + ", ".join(wrong))
        raise CatalogError(f"{table.path}: columns do not match {table.id}: " + "; ".join(parts))


def _size_of(table: TableFile, index: int) -> str:
    raw = table.rows[index].get("size")
    try:
        size = normalize_size(raw)
    except CatalogEntryNotFound:
        raise table.fail(index, f"size {raw!r} is not a conductor size such as '4/0 AWG' or '500 kcmil'") from None
    if size != raw:
        raise table.fail(index, f"write the size as {size!r}, not {raw!r}")
    return size


def _positive(table: TableFile, index: int, column: str) -> float | None:
    value = table.rows[index].get(column)
    if value is None:
        return None
    if not is_number(value) or value <= 0:
        raise table.fail(index, f"{column} must be a positive number, found {value!r}")
    return float(value)


def _check_size_order(table: TableFile, sizes: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, size in enumerate(sizes):
        if size in seen:
            raise table.fail(i, f"size {size} is listed twice (first in row {seen[size] + 1})")
        seen[size] = i
        if i and size_area_kcmil(size) <= size_area_kcmil(sizes[i - 1]):
            raise table.fail(i, f"sizes must be listed from smallest to largest; {size} follows {sizes[i - 1]}")


# --------------------------------------------------------------------------------------------
# Table 310.16
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmpacityTable:
    """NEC Table 310.16: allowable ampacity by size, material and temperature rating."""

    id: str
    sizes: tuple[str, ...]
    values: dict[tuple[str, str, int], float] = field(repr=False)

    def sizes_for(self, material: str, temperature_c: int) -> tuple[str, ...]:
        """Sizes listed for ``material`` in the ``temperature_c`` column, smallest first."""
        return tuple(s for s in self.sizes if (s, material, temperature_c) in self.values)

    def value(self, size: str, material: str, temperature_c: int) -> float:
        """Ampacity [A] of ``size`` (any spelling) for ``material`` in the ``temperature_c`` column.

        Raises CatalogEntryNotFound (with near sizes) for a size the table does not list.
        """
        material = normalize_material(material)
        if temperature_c not in TEMPERATURE_RATINGS_C:
            raise UnknownMethod(f"no {temperature_c} degC column in NEC Table 310.16; "
                                f"valid: {', '.join(str(t) for t in TEMPERATURE_RATINGS_C)}")
        listed = self.sizes_for(material, temperature_c)
        canonical = normalize_size(size, known=self.sizes)
        try:
            return self.values[(canonical, material, temperature_c)]
        except KeyError:
            raise CatalogEntryNotFound(canonical, kind=f"NEC Table 310.16 {material} {temperature_c} degC size",
                                       near=near_sizes(canonical, listed)) from None


def _build_ampacity(table: TableFile) -> AmpacityTable:
    columns = {"size": ""}
    for material in MATERIALS:
        for t in TEMPERATURE_RATINGS_C:
            columns[f"{_MATERIAL_PREFIX[material]}_{t}c_a"] = "A"
    expect_columns(table, columns)
    sizes = [_size_of(table, i) for i in range(len(table.rows))]
    _check_size_order(table, sizes)
    values: dict[tuple[str, str, int], float] = {}
    previous: dict[tuple[str, int], tuple[float, str]] = {}
    for i, size in enumerate(sizes):
        found = False
        for material in MATERIALS:
            row_values = []
            for t in TEMPERATURE_RATINGS_C:
                column = f"{_MATERIAL_PREFIX[material]}_{t}c_a"
                value = _positive(table, i, column)
                if value is None:
                    continue
                found = True
                row_values.append((t, value))
                values[(size, material, t)] = value
                if (material, t) in previous and value < previous[(material, t)][0]:
                    before, before_size = previous[(material, t)]
                    raise table.fail(i, f"{column} = {value:g} A is below {before:g} A of the smaller size "
                                        f"{before_size}")
                previous[(material, t)] = (value, size)
            for (t1, v1), (t2, v2) in zip(row_values, row_values[1:]):
                if v2 < v1:
                    raise table.fail(i, f"{material}: the {t2} degC ampacity {v2:g} A is below the {t1} degC "
                                        f"one {v1:g} A")
        if not found:
            raise table.fail(i, "the row has no ampacity value")
    return AmpacityTable(id=table.id, sizes=tuple(sizes), values=values)


# --------------------------------------------------------------------------------------------
# Table 310.15(B)(1)(1)
# --------------------------------------------------------------------------------------------


def correction_equation(ambient_c: float, conductor_c: float, table_ambient_c: float = 30.0) -> float:
    """Ambient correction factor of NEC Equation 310.15(B) [-].

    Parameters
    ----------
    ambient_c : float
        Ambient temperature [degC].
    conductor_c : float
        Temperature rating of the conductor [degC].
    table_ambient_c : float
        Ambient on which the ampacity table is based [degC]; 30 for Table 310.16.

    Returns
    -------
    factor : float
        sqrt((Tc - Ta) / (Tc - Ta_table)) [-].

    Notes
    -----
    NEC 310.15(B), Equation 310.15(B): I' = I sqrt((Tc - Ta') / (Tc - Ta)). The printed Table
    310.15(B)(1)(1) equals this equation at the upper ambient of each 5 degC row, rounded to two
    decimals. Valid for ambient_c < conductor_c.

    Examples
    --------
    >>> round(correction_equation(40.0, 90.0), 4)
    0.9129
    """
    return math.sqrt((conductor_c - ambient_c) / (conductor_c - table_ambient_c))


@dataclass(frozen=True)
class AmbientCorrectionTable:
    """NEC Table 310.15(B)(1)(1): rows of (upper ambient [degC], factor per temperature rating)."""

    id: str
    ambient_max_c: tuple[float, ...]
    factors: tuple[dict[int, float], ...] = field(repr=False)
    labels: tuple[str, ...] = field(repr=False)

    def row_index(self, ambient_c: float) -> int | None:
        """Index of the row that covers ``ambient_c`` [degC], or None above the last row."""
        for i, t_max in enumerate(self.ambient_max_c):
            if ambient_c <= t_max:
                return i
        return None


def _build_ambient(table: TableFile) -> AmbientCorrectionTable:
    columns = {"ambient_range_c": "", "ambient_max_c": "degC"}
    columns.update({f"f_{t}c": "" for t in TEMPERATURE_RATINGS_C})
    expect_columns(table, columns)
    t_max_list: list[float] = []
    factors: list[dict[int, float]] = []
    labels: list[str] = []
    for i, row in enumerate(table.rows):
        label = row.get("ambient_range_c")
        if not isinstance(label, str) or not label:
            raise table.fail(i, "ambient_range_c must be the row's label as printed, e.g. '36-40'")
        t_max = row.get("ambient_max_c")
        if not is_number(t_max):
            raise table.fail(i, f"ambient_max_c must be a number [degC], found {t_max!r}")
        if t_max_list and t_max <= t_max_list[-1]:
            raise table.fail(i, f"ambient_max_c {t_max} must exceed the previous row's {t_max_list[-1]}")
        row_factors: dict[int, float] = {}
        for t in TEMPERATURE_RATINGS_C:
            value = _positive(table, i, f"f_{t}c")
            if value is None:
                continue
            if t_max >= t:
                raise table.fail(i, f"f_{t}c given for an ambient of {t_max} degC, not below the {t} degC rating")
            expected = round(correction_equation(float(t_max), float(t)), 2)
            if abs(value - expected) > 0.005 + 1e-9:
                raise table.fail(i, f"f_{t}c = {value} disagrees with Equation 310.15(B) at {t_max} degC "
                                    f"({expected:.2f})")
            row_factors[t] = value
        if not row_factors:
            raise table.fail(i, "the row has no correction factor")
        t_max_list.append(float(t_max))
        factors.append(row_factors)
        labels.append(label)
    if not any(t == 30.0 and all(f.get(r) == 1.0 for r in TEMPERATURE_RATINGS_C)
               for t, f in zip(t_max_list, factors)):
        raise CatalogError(f"{table.path}: the 26-30 degC row (ambient_max_c 30, all factors 1.00) is missing")
    return AmbientCorrectionTable(id=table.id, ambient_max_c=tuple(t_max_list), factors=tuple(factors),
                                  labels=tuple(labels))


# --------------------------------------------------------------------------------------------
# Table 310.15(C)(1)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdjustmentTable:
    """NEC Table 310.15(C)(1): (first count, last count or None, factor) rows from four conductors up."""

    id: str
    rows: tuple[tuple[int, int | None, float], ...]

    def factor(self, n_current_carrying: int) -> float:
        """Adjustment factor [-] for ``n_current_carrying`` conductors (1.0 up to three)."""
        if n_current_carrying < self.rows[0][0]:
            return 1.0
        for first, last, value in self.rows:
            if n_current_carrying >= first and (last is None or n_current_carrying <= last):
                return value
        raise CatalogError(f"{self.id}: no row covers {n_current_carrying} conductors")


def _build_adjustment(table: TableFile) -> AdjustmentTable:
    expect_columns(table, {"conductors": "", "count_min": "", "count_max": "", "factor_percent": "percent"})
    rows: list[tuple[int, int | None, float]] = []
    for i, row in enumerate(table.rows):
        first, last, percent = row.get("count_min"), row.get("count_max"), row.get("factor_percent")
        if not isinstance(first, int) or isinstance(first, bool) or first < 1:
            raise table.fail(i, f"count_min must be a positive whole number, found {first!r}")
        if last is not None and (not isinstance(last, int) or isinstance(last, bool) or last < first):
            raise table.fail(i, f"count_max must be a whole number not below count_min, found {last!r}")
        if not is_number(percent) or not 0 < percent <= 100:
            raise table.fail(i, f"factor_percent must be a number in (0, 100], found {percent!r}")
        if not rows and first != 4:
            raise table.fail(i, f"the table starts at four conductors (310.15(C)(1)); found count_min {first}")
        if rows:
            previous_last = rows[-1][1]
            if previous_last is None:
                raise table.fail(i, "a row follows the open-ended last row")
            if first != previous_last + 1:
                raise table.fail(i, f"count_min {first} must follow the previous row's count_max {previous_last}")
            if percent > rows[-1][2] * 100:
                raise table.fail(i, f"factor_percent {percent} rises with the number of conductors")
        rows.append((first, last, percent / 100.0))
    if rows[-1][1] is not None:
        raise table.fail(len(rows) - 1, "the last row must leave count_max out so that it covers every larger count")
    return AdjustmentTable(id=table.id, rows=tuple(rows))


# --------------------------------------------------------------------------------------------
# Chapter 9 Table 9
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpedanceRow:
    """One size of Chapter 9 Table 9 [ohm per 1000 ft]."""

    xl_pvc_al: float
    xl_steel: float
    r_pvc: dict[str, float]
    z085: dict[tuple[str, str], float]


@dataclass(frozen=True)
class ImpedanceTable:
    """NEC Chapter 9 Table 9 by canonical size."""

    id: str
    sizes: tuple[str, ...]
    rows: dict[str, ImpedanceRow] = field(repr=False)

    def row(self, size: str) -> ImpedanceRow:
        """The row of ``size`` (any spelling); CatalogEntryNotFound with near sizes if not listed."""
        canonical = normalize_size(size, known=self.sizes)
        try:
            return self.rows[canonical]
        except KeyError:
            raise CatalogEntryNotFound(canonical, kind="NEC Chapter 9 Table 9 size",
                                       near=near_sizes(canonical, self.sizes)) from None


def _last_digit(value: float) -> float:
    """One unit of the last of two significant figures (Table 9 prints two)."""
    return 10.0 ** (math.floor(math.log10(value)) - 1)


def _build_impedance(table: TableFile) -> ImpedanceTable:
    columns = {"size": "", "xl_pvc_al_ohm_per_kft": "ohm/kft", "xl_steel_ohm_per_kft": "ohm/kft"}
    for material in MATERIALS:
        columns[f"r_{_MATERIAL_PREFIX[material]}_pvc_ohm_per_kft"] = "ohm/kft"
    for material in MATERIALS:
        for conduit in CONDUITS:
            columns[f"z085_{_MATERIAL_PREFIX[material]}_{conduit}_ohm_per_kft"] = "ohm/kft"
    expect_columns(table, columns)
    sizes = [_size_of(table, i) for i in range(len(table.rows))]
    _check_size_order(table, sizes)
    rows: dict[str, ImpedanceRow] = {}
    for i, size in enumerate(sizes):
        got = {}
        for column in columns:
            if column == "size":
                continue
            value = _positive(table, i, column)
            if value is None:
                raise table.fail(i, f"{column} is missing")
            got[column] = value
        r_pvc = {m: got[f"r_{_MATERIAL_PREFIX[m]}_pvc_ohm_per_kft"] for m in MATERIALS}
        z085 = {(m, c): got[f"z085_{_MATERIAL_PREFIX[m]}_{c}_ohm_per_kft"] for m in MATERIALS for c in CONDUITS}
        for m in MATERIALS:
            z_calc = r_pvc[m] * 0.85 + got["xl_pvc_al_ohm_per_kft"] * SIN_085
            z_printed = z085[(m, "pvc")]
            if abs(z_calc - z_printed) > _last_digit(z_printed) + 1e-12:
                raise table.fail(i, f"{m} in PVC: R 0.85 + X_L sin = {z_calc:.4f} does not reproduce the printed "
                                    f"effective Z {z_printed} (Table 9 Note 2 cross-check)")
        for (m, c), z in z085.items():
            xl = got["xl_steel_ohm_per_kft"] if c == "steel" else got["xl_pvc_al_ohm_per_kft"]
            if z <= xl * SIN_085:
                raise table.fail(i, f"{m} in {c} conduit: effective Z {z} is not above X_L sin(theta) = "
                                    f"{xl * SIN_085:.4f}, so no positive R fits it")
        rows[size] = ImpedanceRow(xl_pvc_al=got["xl_pvc_al_ohm_per_kft"], xl_steel=got["xl_steel_ohm_per_kft"],
                                  r_pvc=r_pvc, z085=z085)
    return ImpedanceTable(id=table.id, sizes=tuple(sizes), rows=rows)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NecTables:
    """The four NEC tables the feeder kernels use."""

    ampacity: AmpacityTable
    ambient: AmbientCorrectionTable
    adjustment: AdjustmentTable
    impedance: ImpedanceTable


def catalogs_dir() -> Path:
    """The catalogs folder (see :func:`retrofit.catalog.catalog_dir`)."""
    from ..catalog import catalog_dir

    return catalog_dir().expanduser().resolve()


def load_nec_tables(catalogs: Path | str | None = None) -> NecTables:
    """Load and check the NEC tables (cached per folder).

    Parameters
    ----------
    catalogs : pathlib.Path or str, optional
        Catalogs folder holding ``nec/``; default :func:`catalogs_dir` [-].

    Returns
    -------
    NecTables
        Table 310.16, Table 310.15(B)(1)(1), Table 310.15(C)(1) and Chapter 9 Table 9.

    Raises
    ------
    CatalogError
        When a file is missing or a row is malformed (the message names the file, row and line).
    """
    folder = Path(catalogs).expanduser().resolve() if catalogs is not None else catalogs_dir()
    return _load(str(folder))


@lru_cache(maxsize=8)
def _load(folder: str) -> NecTables:
    base = Path(folder)
    return NecTables(
        ampacity=_build_ampacity(read_table(base / AMPACITY_FILE)),
        ambient=_build_ambient(read_table(base / AMBIENT_FILE)),
        adjustment=_build_adjustment(read_table(base / ADJUSTMENT_FILE)),
        impedance=_build_impedance(read_table(base / IMPEDANCE_FILE)),
    )
