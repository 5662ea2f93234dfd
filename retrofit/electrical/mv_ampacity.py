"""Medium-voltage cable ampacity by the NEC: Article 315 tables with the ambient correction of 315.60(D)(4).

The procedure for cables rated 2001 V to 35,000 V (NFPA 70, 2023 edition):

1. the ampacity of the installation's table (315.60(C)), in the column of the cable's voltage rating and
   conductor temperature rating (90 degC for MV-90, 105 degC for MV-105):

   ==================  ==========================================================================  ==========
   installation        table (copper / aluminum)                                                   ambient
   ==================  ==========================================================================  ==========
   conduit in air      Tables 315.60(C)(7) / (C)(8), three single conductors in isolated conduit   40 degC air
   underground ducts   Tables 315.60(C)(11) / (C)(12), three single conductors per duct, one       20 degC earth
                       circuit
   cable tray          Tables 315.60(C)(3) / (C)(4) x 0.75 (392.80(B)(2)(1), 1/0 AWG and larger)   40 degC air
   ==================  ==========================================================================  ==========

2. multiply by the ambient correction of 315.60(D)(4), ``sqrt((Tc - Ta') / (Tc - Ta))``;
3. limit the result to the same table's 90 degC column, corrected likewise: terminations are rated
   90 degC unless identified for more (110.40);
4. parallel sets multiply the per-set ampacity (315.10(B) for conductors in parallel).

The protection of the cable by its device is judged by 240.101(A): a breaker's long-time trip not above
six times the conductor ampacity, a fuse's continuous rating not above three times.

The tables are read from ``catalogs/nec/table-315-60-c*.yaml`` once (:func:`load_mv_tables`). Sizes of
2 AWG to 1000 kcmil are entered; any other cable raises :class:`MvTableMissing` with what would
evaluate it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import CatalogEntryNotFound, CatalogError, OutOfRange, RetrofitError, UnknownMethod
from .nec_tables import (
    TableFile,
    catalogs_dir,
    correction_equation,
    normalize_material,
    normalize_size,
    read_table,
    size_area_kcmil,
)

MV_MIN_V = 2001.0
"""Lowest voltage rating of the Article 315 tables [V]."""

MV_MAX_V = 35000.0
"""Highest voltage rating of the Article 315 tables [V]."""

TRAY_FACTOR = 0.75
"""Single-conductor MV cables, 1/0 AWG and larger, in uncovered cable tray: 75 % of Table 315.60(C)(3)
(NEC 2023 392.80(B)(2)(1)) [-]."""

TRAY_MIN_SIZE_KCMIL = 105.6
"""1/0 AWG, the smallest single conductor permitted in cable tray (392.10(B)(1), 392.80(B)(2)) [kcmil]."""

TERMINATION_C = 90
"""Temperature rating assumed at MV terminations unless identified for more (NEC 110.40) [degC]."""

PROTECTION_MULTIPLE = {"mv_breaker": 6.0, "fuse": 3.0}
"""Largest device rating as a multiple of the conductor ampacity, NEC 240.101(A) [-]: a breaker's
long-time trip element at most six times, a fuse's continuous rating at most three times."""

CLAUSE_AMBIENT = "NEC 315.60(D)(4)"
CLAUSE_TERMINATION = "NEC 110.40"
CLAUSE_PROTECTION = "NEC 240.101(A)"


@dataclass(frozen=True)
class Installation:
    """One installation condition with its NEC table."""

    name: str
    files: dict[str, tuple[str, str]]  # material -> (catalog file, NEC table)
    ambient_c: float
    ambient_kind: str
    factor: float
    clause: str


INSTALLATIONS = {
    "conduit_in_air": Installation(
        "conduit_in_air", {"copper": ("nec/table-315-60-c7.yaml", "Table 315.60(C)(7)"),
                           "aluminum": ("nec/table-315-60-c8.yaml", "Table 315.60(C)(8)")},
        40.0, "air", 1.0, "NEC 315.60(C)(7)/(C)(8)"),
    "underground_duct": Installation(
        "underground_duct", {"copper": ("nec/table-315-60-c11.yaml", "Table 315.60(C)(11)"),
                             "aluminum": ("nec/table-315-60-c12.yaml", "Table 315.60(C)(12)")},
        20.0, "earth", 1.0, "NEC 315.60(C)(11)/(C)(12), Figure 315.60(D)(3) Detail 1"),
    "tray": Installation(
        "tray", {"copper": ("nec/table-315-60-c3.yaml", "Table 315.60(C)(3)"),
                 "aluminum": ("nec/table-315-60-c4.yaml", "Table 315.60(C)(4)")},
        40.0, "air", TRAY_FACTOR, "NEC 392.80(B)(2)(1) with Table 315.60(C)(3)/(C)(4)"),
}
"""The installation conditions with a shipped table, by name."""

CABLE_INSTALLATION = {
    "pvc_conduit": "conduit_in_air", "aluminum_conduit": "conduit_in_air", "steel_conduit": "conduit_in_air",
    "underground": "underground_duct", "tray": "tray",
}
"""The design's ``Cable.installation`` values and the MV installation each one selects."""


class MvTableMissing(LookupError, RetrofitError):
    """No shipped NEC table covers this cable; the message says what would evaluate it."""


@dataclass(frozen=True)
class MvTable:
    """One Article 315 table: ampacity by size, voltage column and temperature column [A]."""

    id: str
    title: str
    source: str
    data_class: str
    sizes: tuple[str, ...]
    values: dict[tuple[str, str, int], float]

    def value(self, size: str, voltage_column: str, temperature_c: int) -> float:
        """Ampacity [A]; raises MvTableMissing when the table lists no such entry."""
        try:
            return self.values[(size, voltage_column, temperature_c)]
        except KeyError:
            raise MvTableMissing(f"{self.id} lists no {size} in its {voltage_column} {temperature_c} degC column "
                                 f"(entered sizes: {', '.join(self.sizes)})") from None


def _build(table: TableFile) -> MvTable:
    if table.columns.get("size") != "":
        raise CatalogError(f"{table.path}: the first column must be 'size' with no unit")
    value_columns = [c for c in table.columns if c != "size"]
    parsed = {}
    for c in value_columns:
        parts = c.split("_")
        if len(parts) != 3 or not parts[0].startswith("v") or parts[2] != "a" or parts[1] not in ("90c", "105c"):
            raise CatalogError(f"{table.path}: column {c!r} is not <voltage column>_<90c|105c>_a")
        if table.columns[c] != "A":
            raise CatalogError(f"{table.path}: column {c!r} must be in 'A'")
        parsed[c] = (parts[0], int(parts[1][:-1]))
    sizes, values = [], {}
    for i, row in enumerate(table.rows):
        try:
            size = normalize_size(row.get("size"))
        except CatalogEntryNotFound:
            raise table.fail(i, f"size {row.get('size')!r} is not a conductor size") from None
        if size != row.get("size"):
            raise table.fail(i, f"write the size as {size!r}, not {row.get('size')!r}")
        sizes.append(size)
        for c, (vcol, t) in parsed.items():
            v = row.get(c)
            if v is None:
                continue
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not v > 0:
                raise table.fail(i, f"{c} must be a positive number, found {v!r}")
            values[(size, vcol, t)] = float(v)
        for vcol in {p[0] for p in parsed.values()}:
            lo, hi = values.get((size, vcol, 90)), values.get((size, vcol, 105))
            if lo is not None and hi is not None and hi < lo:
                raise table.fail(i, f"the 105 degC ampacity {hi:g} A of {vcol} is below the 90 degC one {lo:g} A")
    for i in range(1, len(sizes)):
        if size_area_kcmil(sizes[i]) <= size_area_kcmil(sizes[i - 1]):
            raise table.fail(i, f"sizes must be listed from smallest to largest; {sizes[i]} follows {sizes[i - 1]}")
        for (size, vcol, t), v in values.items():
            if size == sizes[i] and (sizes[i - 1], vcol, t) in values and v < values[(sizes[i - 1], vcol, t)]:
                raise table.fail(i, f"{vcol} {t} degC: {v:g} A is below {values[(sizes[i - 1], vcol, t)]:g} A of the "
                                    f"smaller size {sizes[i - 1]}")
    return MvTable(table.id, table.title, table.source, table.data_class, tuple(sizes), values)


def load_mv_tables(catalogs: Path | str | None = None) -> dict[tuple[str, str], MvTable]:
    """The Article 315 tables of :data:`INSTALLATIONS`, by (installation, material) (cached per folder).

    Parameters
    ----------
    catalogs : pathlib.Path or str, optional
        Catalogs folder holding ``nec/``; default the project's catalogs [-].

    Returns
    -------
    dict of (str, str) to MvTable
        One table per installation and conductor material.
    """
    folder = Path(catalogs).expanduser().resolve() if catalogs is not None else catalogs_dir()
    return _load(str(folder))


@lru_cache(maxsize=8)
def _load(folder: str) -> dict[tuple[str, str], MvTable]:
    return {(name, material): _build(read_table(Path(folder) / file))
            for name, inst in INSTALLATIONS.items() for material, (file, _) in inst.files.items()}


def voltage_column(voltage_rating_v: float, table: MvTable) -> str:
    """The column of ``table`` for a cable of ``voltage_rating_v`` [V]: the lowest band that covers it.

    >>> voltage_column(15000.0, load_mv_tables()["conduit_in_air", "copper"])
    'v35kv'
    >>> voltage_column(15000.0, load_mv_tables()["tray", "copper"])
    'v15kv'
    """
    if not MV_MIN_V <= voltage_rating_v <= MV_MAX_V:
        raise OutOfRange(f"the Article 315 tables cover cables rated {MV_MIN_V:g} V to {MV_MAX_V:g} V, "
                         f"found {voltage_rating_v:g} V")
    bands = sorted({v for (_, v, _) in table.values}, key=lambda v: float(v[1:-2]))
    for band in bands:
        if voltage_rating_v <= float(band[1:-2]) * 1000.0:
            return band
    raise OutOfRange(f"{table.id} has no column for {voltage_rating_v:g} V")


def mv_ambient_correction(ambient_c: float, conductor_c: float, table_ambient_c: float) -> float:
    """Ambient correction of a medium-voltage ampacity, NEC 315.60(D)(4) [-].

    Parameters
    ----------
    ambient_c : float
        Ambient air or earth temperature along the route [degC].
    conductor_c : float
        Conductor temperature of the table column [degC].
    table_ambient_c : float
        Ambient the table is based on (40 degC air, 20 degC earth) [degC].

    Returns
    -------
    float
        ``sqrt((Tc - Ta') / (Tc - Ta))`` [-].

    Notes
    -----
    NEC 2023 315.60(D)(4): I' = I sqrt((TC - TA') / (TC - TA)), the same law as 310.15(B) for 2000 V and
    less. Valid for ambient_c < conductor_c.

    Examples
    --------
    >>> round(mv_ambient_correction(30.0, 105.0, 40.0), 4)
    1.0742
    """
    if ambient_c >= conductor_c:
        raise OutOfRange(f"ambient {ambient_c:g} degC is not below the conductor rating {conductor_c:g} degC")
    return correction_equation(ambient_c, conductor_c, table_ambient_c)


@dataclass(frozen=True)
class MvCableAmpacity:
    """Ampacity of a medium-voltage cable (see :func:`mv_cable_ampacity`).

    Attributes
    ----------
    size : str
        Canonical conductor size [-].
    material : str
        ``copper`` or ``aluminum`` [-].
    installation : str
        Key of :data:`INSTALLATIONS` [-].
    table : str
        The NEC table read, e.g. ``"Table 315.60(C)(7)"`` [-].
    voltage_column : str
        Column of the cable's voltage rating, e.g. ``"v35kv"`` (5001-35,000 V) [-].
    insulation_temp_c : int
        Conductor temperature column (90 or 105) [degC].
    termination_temp_c : int
        Temperature column at the terminations (110.40) [degC].
    ambient_c : float
        Ambient temperature along the route [degC].
    table_a : float
        Table value at the insulation column, times the installation factor [A].
    correction_factor : float
        315.60(D)(4) factor at the insulation column [-].
    corrected_a : float
        table_a x correction_factor [A].
    termination_a : float
        Termination-column value, times the installation factor and its own correction [A].
    ampacity_a : float
        Per set: min(corrected_a, termination_a) [A].
    parallel : int
        Parallel sets [-].
    total_a : float
        ampacity_a x parallel [A].
    limited_by : str
        ``insulation`` or ``termination`` [-].
    clause : str
        The clauses applied [-].
    """

    size: str
    material: str
    installation: str
    table: str
    voltage_column: str
    insulation_temp_c: int
    termination_temp_c: int
    ambient_c: float
    table_a: float
    correction_factor: float
    corrected_a: float
    termination_a: float
    ampacity_a: float
    parallel: int
    total_a: float
    limited_by: str
    clause: str


def mv_cable_ampacity(size: str, material: str, insulation_temp_c: int, voltage_rating_v: float, installation: str,
                      ambient_c: float, termination_temp_c: int = TERMINATION_C, parallel: int = 1,
                      *, tables: dict[str, MvTable] | None = None) -> MvCableAmpacity:
    """Ampacity of a medium-voltage cable by the NEC Article 315 tables.

    Parameters
    ----------
    size : str
        Conductor size, e.g. ``"500 kcmil"`` [-].
    material : str
        Conductor material, ``copper`` or ``aluminum`` [-].
    insulation_temp_c : int
        Conductor temperature rating, 90 (MV-90) or 105 (MV-105) [degC].
    voltage_rating_v : float
        Voltage rating of the cable insulation, 2001 V to 35,000 V [V].
    installation : str
        One of :data:`INSTALLATIONS` [-].
    ambient_c : float
        Ambient air (or earth, underground) temperature along the route [degC].
    termination_temp_c : int
        Temperature rating of the terminations; below 90 degC counts as 90 degC (110.40) [degC].
    parallel : int
        Parallel sets per phase [-].
    tables : dict, optional
        Tables from :func:`load_mv_tables` [-].

    Returns
    -------
    MvCableAmpacity
        The table value, correction, termination limit and final ampacity [A].

    Raises
    ------
    MvTableMissing
        When no shipped table covers the material, size or column (the message says which).
    OutOfRange, UnknownMethod
        For a voltage rating outside 2001-35,000 V, an unknown installation or temperature column.

    Notes
    -----
    I = min(I_Tc sqrt((Tc - Ta')/(Tc - Ta)), I_90 sqrt((90 - Ta')/(90 - Ta))) x k x n, with k = 0.75 for
    single conductors in uncovered tray (392.80(B)(2)(1)), 1 otherwise, and n parallel sets.

    Examples
    --------
    1/0 AWG copper, MV-105, 15 kV, three single conductors in conduit in 30 degC air: Table 315.60(C)(7)
    gives 215 A (105 degC) and 195 A (90 degC) at 40 degC; the 90 degC terminations govern.

    >>> a = mv_cable_ampacity("1/0 AWG", "copper", 105, 15000.0, "conduit_in_air", 30.0)
    >>> a.table_a, round(a.corrected_a, 1), round(a.ampacity_a, 1), a.limited_by
    (215.0, 230.9, 213.6, 'termination')
    """
    tables = load_mv_tables() if tables is None else tables
    if installation not in INSTALLATIONS:
        raise UnknownMethod(f"unknown MV installation {installation!r}; valid: {', '.join(INSTALLATIONS)}")
    inst = INSTALLATIONS[installation]
    material = normalize_material(material)
    if material not in inst.files:
        raise MvTableMissing(f"no {material} table is shipped for MV cables {installation.replace('_', ' ')}")
    if insulation_temp_c not in (90, 105):
        raise OutOfRange(f"the Article 315 tables have 90 degC and 105 degC columns, found {insulation_temp_c} degC")
    if parallel < 1:
        raise OutOfRange(f"parallel sets must be at least 1, found {parallel}")
    table = tables[installation, material]
    table_name = inst.files[material][1]
    canonical = normalize_size(size)
    if installation == "tray":
        if size_area_kcmil(canonical) < TRAY_MIN_SIZE_KCMIL - 1e-9:
            raise OutOfRange(f"single-conductor MV cable {canonical} is smaller than 1/0 AWG, not permitted in cable "
                             f"tray (NEC 392.10(B)(1))")
    column = voltage_column(voltage_rating_v, table)
    term_c = max(TERMINATION_C, min(int(termination_temp_c), insulation_temp_c))
    base = table.value(canonical, column, insulation_temp_c) * inst.factor
    factor = mv_ambient_correction(ambient_c, insulation_temp_c, inst.ambient_c)
    corrected = base * factor
    term = table.value(canonical, column, term_c) * inst.factor * mv_ambient_correction(ambient_c, term_c, inst.ambient_c)
    per_set = min(corrected, term)
    limited = "termination" if term < corrected - 1e-9 else "insulation"
    clause = f"{inst.clause}, {CLAUSE_AMBIENT}, {CLAUSE_TERMINATION}"
    return MvCableAmpacity(canonical, material, installation, table_name, column, insulation_temp_c, term_c, ambient_c,
                           base, factor, corrected, term, per_set, parallel, per_set * parallel, limited, clause)


def mv_max_device_rating(ampacity_a: float, device_kind: str) -> float:
    """Largest overcurrent-device rating that protects a medium-voltage cable, NEC 240.101(A) [A].

    Parameters
    ----------
    ampacity_a : float
        Conductor ampacity, all parallel sets [A].
    device_kind : str
        ``mv_breaker`` (long-time trip at most 6 x ampacity) or ``fuse`` (at most 3 x) [-].

    Returns
    -------
    float
        The largest permitted device rating [A].

    Examples
    --------
    >>> mv_max_device_rating(213.6, "mv_breaker")
    1281.6
    """
    if device_kind not in PROTECTION_MULTIPLE:
        raise OutOfRange(f"240.101(A) gives multiples for {', '.join(PROTECTION_MULTIPLE)}, not {device_kind!r}")
    if not math.isfinite(ampacity_a) or ampacity_a <= 0:
        raise OutOfRange(f"ampacity must be positive, found {ampacity_a!r} A")
    return round(PROTECTION_MULTIPLE[device_kind] * ampacity_a, 6)


@dataclass(frozen=True)
class MvFeederCheck:
    """Verdict of :func:`mv_feeder_check`.

    Attributes
    ----------
    required_a : float
        1.25 x the load current [A] (the IT load is continuous; the same margin as 215.2(A)(1)).
    ampacity_a : float
        Ampacity of all parallel sets [A].
    ampacity_ok : bool
        ampacity_a >= required_a [-].
    ocpd_rating_a : float or None
        Rating of the protecting device, None when no device names the cable [A].
    max_ocpd_a : float or None
        Largest device rating that protects the cable (240.101(A)) [A].
    ocpd_protects_conductor : bool or None
        ocpd_rating_a <= max_ocpd_a [-].
    ocpd_covers_load : bool or None
        ocpd_rating_a >= required_a [-].
    diagnosis : str
        One line per failed check, empty when every check holds [-].
    """

    required_a: float
    ampacity_a: float
    ampacity_ok: bool
    ocpd_rating_a: float | None
    max_ocpd_a: float | None
    ocpd_protects_conductor: bool | None
    ocpd_covers_load: bool | None
    diagnosis: str


def mv_feeder_check(cable: MvCableAmpacity, current_a: float, device_kind: str | None = None,
                    ocpd_rating_a: float | None = None) -> MvFeederCheck:
    """Check a medium-voltage cable against its load and its protective device.

    Parameters
    ----------
    cable : MvCableAmpacity
        From :func:`mv_cable_ampacity` [-].
    current_a : float
        Load current from the load flow [A].
    device_kind : str, optional
        ``mv_breaker`` or ``fuse`` of the protecting device [-].
    ocpd_rating_a : float, optional
        Its rating [A].

    Returns
    -------
    MvFeederCheck
        Required and available ampacity [A] and the protection verdicts.

    Notes
    -----
    Ampacity at least 1.25 x the load current; device rating at most 6 x (breaker) or 3 x (fuse) the
    ampacity (NEC 240.101(A)) and at least 1.25 x the load current.

    Examples
    --------
    >>> a = mv_cable_ampacity("1/0 AWG", "copper", 105, 15000.0, "conduit_in_air", 30.0)
    >>> chk = mv_feeder_check(a, 125.0, "mv_breaker", 200.0)
    >>> chk.required_a, chk.ampacity_ok, chk.ocpd_protects_conductor, chk.ocpd_covers_load
    (156.25, True, True, True)
    """
    required = 1.25 * current_a
    ampacity_ok = cable.total_a >= required - 1e-9
    problems = [] if ampacity_ok else [f"ampacity {cable.total_a:.2f} A of {cable.parallel} x {cable.size} is below "
                                       f"the required {required:.2f} A"]
    max_ocpd = protects = covers = None
    if ocpd_rating_a is not None and device_kind in PROTECTION_MULTIPLE:
        max_ocpd = mv_max_device_rating(cable.total_a, device_kind)
        protects = ocpd_rating_a <= max_ocpd + 1e-9
        covers = ocpd_rating_a >= required - 1e-9
        if not protects:
            problems.append(f"device {ocpd_rating_a:g} A exceeds the {max_ocpd:.2f} A permitted ({CLAUSE_PROTECTION})")
        if not covers:
            problems.append(f"device {ocpd_rating_a:g} A is below the required {required:.2f} A")
    elif ocpd_rating_a is not None:
        problems.append(f"a {device_kind} device is not an MV breaker or fuse ({CLAUSE_PROTECTION})")
        protects = False
    return MvFeederCheck(required, cable.total_a, ampacity_ok, ocpd_rating_a, max_ocpd, protects, covers,
                         "; ".join(problems))
