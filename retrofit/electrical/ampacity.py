"""Conductor ampacity by the NEC: Table 310.16 with ambient correction, adjustment and termination limit.

The procedure (NEC 2023, Article 310 and 110.14(C)):

1. allowable ampacity from Table 310.16 in the column of the conductor insulation (60/75/90 degC);
2. multiply by the ambient correction factor of Table 310.15(B)(1)(1);
3. multiply by the adjustment factor of Table 310.15(C)(1) for more than three current-carrying
   conductors in the raceway or cable;
4. limit the result to the Table 310.16 value in the column of the lowest-rated termination
   (110.14(C)(1)), since the terminations may not run hotter than their rating;
5. parallel sets (310.10(G)) multiply the per-set ampacity.

Then the feeder rules: required ampacity 1.25 x continuous + noncontinuous (215.2(A)(1)), and the
protection of the conductor by its overcurrent device (240.4(B), 240.4(C), 240.4(D)).

All functions are pure: currents in A, temperatures in degC (as the NEC tables are written). The NEC
tables are read from the catalog once (:func:`retrofit.electrical.nec_tables.load_nec_tables`); pass
``tables=`` to use other ones.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from ..errors import OutOfRange, UnknownMethod
from .metric_conductors import metric_area_mm2
from .nec_tables import (
    TEMPERATURE_RATINGS_C,
    NecTables,
    load_nec_tables,
    normalize_material,
    normalize_size,
    size_area_kcmil,
)

STANDARD_OCPD_RATINGS_A = (
    10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 110, 125, 150, 175, 200, 225, 250, 300, 350,
    400, 450, 500, 600, 700, 800, 1000, 1200, 1600, 2000, 2500, 3000, 4000, 5000, 6000,
)
"""Standard ampere ratings of fuses and inverse-time circuit breakers, NEC 2023 Table 240.6(A) [A]."""

NEXT_SIZE_UP_LIMIT_A = 800.0
"""Largest device rating reachable by the next-size-up rule, NEC 240.4(B)(3) [A]."""

SMALL_CONDUCTOR_OCPD_MAX_A = {
    ("14 AWG", "copper"): 15.0, ("12 AWG", "copper"): 20.0, ("10 AWG", "copper"): 30.0,
    ("12 AWG", "aluminum"): 15.0, ("10 AWG", "aluminum"): 25.0,
}
"""Overcurrent protection limits of small conductors, NEC 240.4(D) [A]."""

PARALLEL_MIN_SIZE = "1/0 AWG"
"""Smallest conductor that may be run in parallel, NEC 310.10(G)(1)."""

CLAUSE_TABLE = "NEC 310.16"
CLAUSE_CORRECTION = "NEC 310.15(B)(1), Table 310.15(B)(1)(1)"
CLAUSE_ADJUSTMENT = "NEC 310.15(C)(1), Table 310.15(C)(1)"
CLAUSE_TERMINATION = "NEC 110.14(C)(1)"
CLAUSE_PARALLEL = "NEC 310.10(G)"
CLAUSE_REQUIRED = "NEC 215.2(A)(1)(a), 210.19(A)(1)(a)"
CLAUSE_DEVICE_RATING = "NEC 215.3"


@dataclass(frozen=True)
class ConductorAmpacity:
    """Ampacity of one conductor size under NEC correction, adjustment and termination limits.

    Attributes
    ----------
    size : str
        Canonical conductor size, e.g. ``"500 kcmil"`` [-].
    material : str
        ``"copper"`` or ``"aluminum"`` [-].
    insulation_temp_c : int
        Temperature rating of the insulation [degC].
    termination_temp_c : int
        Temperature rating of the lowest-rated termination [degC].
    ambient_c : float
        Ambient temperature [degC].
    n_current_carrying : int
        Current-carrying conductors in the raceway or cable [-].
    parallel : int
        Conductors per phase (parallel sets) [-].
    table_a : float
        Table 310.16 ampacity in the insulation column [A].
    correction_factor : float
        Ambient correction factor, Table 310.15(B)(1)(1) [-].
    adjustment_factor : float
        Adjustment factor for more than three current-carrying conductors, Table 310.15(C)(1)
        [-].
    derated_a : float
        table_a x correction_factor x adjustment_factor [A].
    termination_cap_a : float
        Table 310.16 ampacity in the column min(insulation, termination) [A].
    ampacity_a : float
        Final ampacity of one conductor, min(derated_a, termination_cap_a) [A].
    total_a : float
        Final ampacity of the phase, ampacity_a x parallel [A].
    limited_by : str
        ``"derating"`` when derated_a governs, ``"termination"`` when termination_cap_a does [-].
    clauses : dict of str to str
        The NEC clause applied at each step (table, correction, adjustment, termination, parallel) [-].
    """

    size: str
    material: str
    insulation_temp_c: int
    termination_temp_c: int
    ambient_c: float
    n_current_carrying: int
    parallel: int
    table_a: float
    correction_factor: float
    adjustment_factor: float
    derated_a: float
    termination_cap_a: float
    ampacity_a: float
    total_a: float
    limited_by: str
    clauses: dict[str, str]


def _tables(tables: NecTables | None) -> NecTables:
    return tables if tables is not None else load_nec_tables()


def _rating(value: float, what: str) -> int:
    if value not in TEMPERATURE_RATINGS_C:
        raise UnknownMethod(f"{what} {value!r} degC is not a column of NEC Table 310.16; "
                            f"valid: {', '.join(str(t) for t in TEMPERATURE_RATINGS_C)}")
    return int(value)


def ambient_correction_factor(ambient_c: float, insulation_temp_c: int, *, tables: NecTables | None = None) -> float:
    """Ambient temperature correction factor of NEC Table 310.15(B)(1)(1).

    Parameters
    ----------
    ambient_c : float
        Ambient temperature around the conductors [degC].
    insulation_temp_c : int
        Temperature rating of the conductor, 60, 75 or 90 [degC].
    tables : NecTables, optional
        NEC tables; default the catalog's [-].

    Returns
    -------
    factor : float
        Multiplier of the Table 310.16 ampacity [-].

    Raises
    ------
    OutOfRange
        When the ambient is above the last row that lists a factor for this rating (the conductor may
        not be used there).

    Notes
    -----
    NEC 310.15(B)(1): for ambients other than 30 degC the ampacities of Table 310.16 are corrected by
    Table 310.15(B)(1)(1). Each row covers the ambients above the previous row's upper limit up to its
    own (rows 10 or less, 11-15, ..., 81-85 degC); an ambient between two printed integers, e.g.
    30.5 degC, falls in the next row up, which is the conservative reading. The printed factors equal
    Equation 310.15(B), sqrt((Tc - Ta)/(Tc - 30)), at each row's upper ambient, rounded to two decimals.

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, 310.15(B)(1) and Table 310.15(B)(1)(1).

    Examples
    --------
    >>> ambient_correction_factor(40.0, 90)
    0.91
    """
    rating = _rating(insulation_temp_c, "insulation rating")
    if not math.isfinite(ambient_c):
        raise OutOfRange(f"ambient {ambient_c!r} degC is not a temperature")
    table = _tables(tables).ambient
    index = table.row_index(ambient_c)
    if index is None or rating not in table.factors[index]:
        usable = [t for t, f in zip(table.ambient_max_c, table.factors) if rating in f]
        raise OutOfRange(f"ambient {ambient_c:g} degC is above the range of NEC Table 310.15(B)(1)(1) for "
                         f"{rating} degC conductors (up to {max(usable):g} degC); a {rating} degC conductor "
                         f"may not be used there")
    return table.factors[index][rating]


def adjustment_factor(n_current_carrying: int, *, tables: NecTables | None = None) -> float:
    """Adjustment factor for more than three current-carrying conductors, NEC Table 310.15(C)(1).

    Parameters
    ----------
    n_current_carrying : int
        Current-carrying conductors in the raceway or cable, all parallel sets included [-].
    tables : NecTables, optional
        NEC tables; default the catalog's [-].

    Returns
    -------
    factor : float
        1.0 for three or fewer, else 0.80 (4-6), 0.70 (7-9), 0.50 (10-20), 0.45 (21-30), 0.40 (31-40),
        0.35 (41 and more) [-].

    Notes
    -----
    NEC 310.15(C)(1). Neutrals carrying only unbalanced current and grounding conductors are not counted
    (310.15(E), (F)); the caller decides what is counted.

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, 310.15(C)(1) and Table 310.15(C)(1).

    Examples
    --------
    >>> adjustment_factor(9)
    0.7
    """
    if isinstance(n_current_carrying, bool) or int(n_current_carrying) != n_current_carrying or n_current_carrying < 1:
        raise OutOfRange(f"number of current-carrying conductors must be a whole number of at least 1, "
                         f"found {n_current_carrying!r}")
    return _tables(tables).adjustment.factor(int(n_current_carrying))


def conductor_ampacity(size: str, material: str, insulation_temp_c: int, ambient_c: float,
                       n_current_carrying: int, termination_temp_c: int = 75, parallel: int = 1, *,
                       tables: NecTables | None = None) -> ConductorAmpacity:
    """Ampacity of a conductor by NEC Table 310.16, derated and limited by its terminations.

    Parameters
    ----------
    size : str
        Conductor size, e.g. ``"500 kcmil"``, ``"4/0 AWG"``, ``"3 AWG"`` [-].
    material : str
        ``"copper"`` or ``"aluminum"`` (``"cu"``, ``"al"`` accepted) [-].
    insulation_temp_c : int
        Temperature rating of the insulation, 60, 75 or 90 [degC] (THHN, XHHW-2: 90; THW, THWN: 75).
    ambient_c : float
        Ambient temperature [degC].
    n_current_carrying : int
        Current-carrying conductors in the raceway or cable, all parallel sets included [-].
    termination_temp_c : int
        Temperature rating of the lowest-rated termination, 60, 75 or 90 [degC]; default 75, the usual
        rating of equipment for circuits above 100 A (110.14(C)(1)(b)).
    parallel : int
        Conductors in parallel per phase [-]; more than one needs 1/0 AWG or larger (310.10(G)).
    tables : NecTables, optional
        NEC tables; default the catalog's [-].

    Returns
    -------
    ConductorAmpacity
        Table value [A], correction and adjustment factors, derated ampacity [A], termination cap [A],
        final ampacity per conductor [A] and for the phase [A], and the clause of each step.

    Raises
    ------
    CatalogEntryNotFound
        Unknown size, or a size not listed for the material (near sizes are suggested).
    UnknownMethod
        Unknown material or temperature rating.
    OutOfRange
        Ambient beyond the correction table for the rating, a count below one, or parallel conductors
        smaller than 1/0 AWG.

    Notes
    -----
    I_derated = I_table(T_insulation) x k_ambient x k_adjust  (310.15(B)(1), 310.15(C)(1))

    I = min(I_derated, I_table(min(T_insulation, T_termination)))  (110.14(C)(1))

    I_phase = parallel x I  (310.10(G)).

    The derating starts from the insulation column and the result is capped by the termination column,
    the usual reading of 110.14(C) (for example 500 kcmil 90 degC THHN at 40 degC with 6 conductors:
    430 A x 0.91 x 0.80 = 313.04 A, below the 380 A of the 75 degC column). Valid for insulated
    conductors rated up to 2000 V in raceway, cable or earth (the installations of Table 310.16), for
    the ambients covered by Table 310.15(B)(1)(1).

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition: 110.14(C), 310.10(G), 310.15(B)(1), 310.15(C)(1),
    Table 310.16.

    Examples
    --------
    >>> r = conductor_ampacity("500 kcmil", "copper", 90, 40.0, 6)
    >>> r.table_a, r.correction_factor, r.adjustment_factor, round(r.ampacity_a, 2)
    (430.0, 0.91, 0.8, 313.04)
    """
    tables = _tables(tables)
    material = normalize_material(material)
    insulation = _rating(insulation_temp_c, "insulation rating")
    termination = _rating(termination_temp_c, "termination rating")
    canonical = normalize_size(size, known=tables.ampacity.sizes)
    if isinstance(parallel, bool) or int(parallel) != parallel or parallel < 1:
        raise OutOfRange(f"parallel sets must be a whole number of at least 1, found {parallel!r}")
    parallel = int(parallel)
    if parallel > 1 and size_area_kcmil(canonical) < size_area_kcmil(PARALLEL_MIN_SIZE):
        raise OutOfRange(f"{canonical} may not be run in parallel: {CLAUSE_PARALLEL}(1) requires "
                         f"{PARALLEL_MIN_SIZE} or larger")
    table_a = tables.ampacity.value(canonical, material, insulation)
    k_ambient = ambient_correction_factor(ambient_c, insulation, tables=tables)
    k_adjust = adjustment_factor(n_current_carrying, tables=tables)
    derated = table_a * k_ambient * k_adjust
    cap_column = min(insulation, termination)
    cap = tables.ampacity.value(canonical, material, cap_column)
    final = min(derated, cap)
    clauses = {
        "table": f"{CLAUSE_TABLE} ({insulation} degC column)",
        "correction": CLAUSE_CORRECTION,
        "adjustment": CLAUSE_ADJUSTMENT,
        "termination": f"{CLAUSE_TERMINATION} ({cap_column} degC column)",
        "parallel": CLAUSE_PARALLEL,
    }
    return ConductorAmpacity(
        size=canonical, material=material, insulation_temp_c=insulation, termination_temp_c=termination,
        ambient_c=float(ambient_c), n_current_carrying=int(n_current_carrying), parallel=parallel,
        table_a=table_a, correction_factor=k_ambient, adjustment_factor=k_adjust, derated_a=derated,
        termination_cap_a=cap, ampacity_a=final, total_a=final * parallel,
        limited_by="derating" if derated <= cap else "termination", clauses=clauses,
    )


def required_ampacity(continuous_a: float, noncontinuous_a: float = 0.0) -> float:
    """Minimum conductor ampacity for a feeder or branch circuit, before adjustment and correction.

    Parameters
    ----------
    continuous_a : float
        Continuous load, current expected for three hours or more [A].
    noncontinuous_a : float
        Noncontinuous load [A].

    Returns
    -------
    required_a : float
        1.25 x continuous_a + noncontinuous_a [A].

    Notes
    -----
    NEC 215.2(A)(1)(a) (feeders) and 210.19(A)(1)(a) (branch circuits): the conductor's allowable
    ampacity shall not be less than the noncontinuous load plus 125 % of the continuous load. The
    exception for assemblies with 100 %-rated overcurrent devices is not applied here.

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, 210.19(A)(1), 215.2(A)(1).

    Examples
    --------
    >>> required_ampacity(600.0, 40.0)
    790.0
    """
    if not (math.isfinite(continuous_a) and math.isfinite(noncontinuous_a)) or continuous_a < 0 or noncontinuous_a < 0:
        raise OutOfRange(f"loads must be finite and not negative, found continuous {continuous_a!r} A, "
                         f"noncontinuous {noncontinuous_a!r} A")
    return 1.25 * continuous_a + noncontinuous_a


def next_standard_rating(current_a: float) -> float | None:
    """Smallest standard overcurrent device rating of NEC Table 240.6(A) at or above ``current_a``.

    Parameters
    ----------
    current_a : float
        Current [A].

    Returns
    -------
    rating_a : float or None
        The standard rating [A], or None above 6000 A.

    Examples
    --------
    >>> next_standard_rating(313.04)
    350.0
    """
    index = bisect.bisect_left(STANDARD_OCPD_RATINGS_A, current_a - 1e-9)
    if index >= len(STANDARD_OCPD_RATINGS_A):
        return None
    return float(STANDARD_OCPD_RATINGS_A[index])


def max_overcurrent_rating(ampacity_a: float, size: str | None = None,
                           material: str | None = None) -> tuple[float, str]:
    """Largest overcurrent device rating that protects a conductor of the given ampacity.

    Parameters
    ----------
    ampacity_a : float
        Conductor ampacity after adjustment, correction and termination limits, all parallel sets [A].
    size : str, optional
        Conductor size, to apply the small-conductor limits of 240.4(D) [-].
    material : str, optional
        Conductor material, with ``size`` [-].

    Returns
    -------
    max_rating_a : float
        Highest device rating permitted [A].
    clause : str
        The NEC clause that set it.

    Notes
    -----
    NEC 240.4(B): where the ampacity does not correspond to a standard rating of Table 240.6(A), the
    next higher standard rating is permitted if it does not exceed 800 A. NEC 240.4(C): above 800 A the
    device rating shall not exceed the conductor ampacity. NEC 240.4(D): 14, 12 and 10 AWG copper are
    limited to 15, 20 and 30 A, 12 and 10 AWG aluminum to 15 and 25 A. The conditions of 240.4(B)(1)
    (not a multioutlet branch circuit for cord-and-plug loads) are assumed met for feeders.

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, 240.4(B), (C), (D) and Table 240.6(A).

    Examples
    --------
    >>> max_overcurrent_rating(760.0)
    (800.0, 'NEC 240.4(B)')
    >>> max_overcurrent_rating(1520.0)
    (1520.0, 'NEC 240.4(C)')
    """
    if not math.isfinite(ampacity_a) or ampacity_a <= 0:
        raise OutOfRange(f"ampacity must be positive, found {ampacity_a!r} A")
    standard = next_standard_rating(ampacity_a)
    if standard is not None and abs(standard - ampacity_a) < 1e-9:
        rating, clause = standard, "NEC 240.4"
    elif standard is not None and standard <= NEXT_SIZE_UP_LIMIT_A:
        rating, clause = standard, "NEC 240.4(B)"
    else:
        rating, clause = float(ampacity_a), "NEC 240.4(C)"
    if size is not None and material is not None and metric_area_mm2(size) is None:  # 240.4(D) lists AWG sizes only
        limit = SMALL_CONDUCTOR_OCPD_MAX_A.get((normalize_size(size), normalize_material(material)))
        if limit is not None and limit < rating:
            rating, clause = limit, "NEC 240.4(D)"
    return rating, clause


@dataclass(frozen=True)
class FeederCheck:
    """Verdict of :func:`feeder_check`.

    Attributes
    ----------
    required_a : float
        1.25 x continuous + noncontinuous load [A] (215.2(A)(1)(a)).
    load_a : float
        Continuous + noncontinuous load [A] (215.2(A)(1)(b)).
    ampacity_a : float
        Final ampacity of the phase, all parallel sets, after derating and termination cap [A].
    ampacity_ok : bool
        ampacity_a >= required_a [-].
    ocpd_rating_a : float
        Overcurrent device rating [A].
    max_ocpd_a : float
        Largest device rating that protects the conductors [A] (240.4).
    ocpd_protects_conductor : bool
        ocpd_rating_a <= max_ocpd_a [-].
    ocpd_covers_load : bool
        ocpd_rating_a >= required_a (215.3) [-].
    ok : bool
        All three checks pass [-].
    clauses : dict of str to str
        Clause of each check [-].
    diagnosis : str
        One line per failed check, empty when ok [-].
    """

    required_a: float
    load_a: float
    ampacity_a: float
    ampacity_ok: bool
    ocpd_rating_a: float
    max_ocpd_a: float
    ocpd_protects_conductor: bool
    ocpd_covers_load: bool
    ok: bool
    clauses: dict[str, str]
    diagnosis: str


def feeder_check(conductor: ConductorAmpacity, continuous_a: float, ocpd_rating_a: float,
                 noncontinuous_a: float = 0.0) -> FeederCheck:
    """Check a feeder's conductors against its load and its overcurrent device.

    Parameters
    ----------
    conductor : ConductorAmpacity
        Result of :func:`conductor_ampacity` for the feeder's phase conductors [-].
    continuous_a : float
        Continuous load [A].
    ocpd_rating_a : float
        Rating of the overcurrent device protecting the feeder [A].
    noncontinuous_a : float
        Noncontinuous load [A].

    Returns
    -------
    FeederCheck
        Required and available ampacity [A], the largest permitted device [A], three verdicts and a
        diagnosis.

    Notes
    -----
    - Ampacity: the final ampacity (derated from the insulation column, capped at the termination
      column, times the parallel sets) shall be at least 1.25 I_continuous + I_noncontinuous. This one
      comparison satisfies both 215.2(A)(1)(a) (allowable ampacity at the termination column, before
      factors, not below the 125 % value) and 215.2(A)(1)(b) (ampacity after factors not below the
      load), and is stricter than the two together when the derating absorbs part of the 125 %.
    - Protection: the device rating shall not exceed the conductor ampacity, except the next standard
      rating up to 800 A (240.4(B), 240.4(C), 240.4(D)).
    - Device rating: not below 1.25 I_continuous + I_noncontinuous (215.3, standard-rated devices).

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, 215.2(A)(1), 215.3, 240.4.

    Examples
    --------
    >>> c = conductor_ampacity("500 kcmil", "copper", 90, 40.0, 6, parallel=2)
    >>> chk = feeder_check(c, continuous_a=480.0, ocpd_rating_a=600.0)
    >>> chk.required_a, round(chk.ampacity_a, 2), chk.max_ocpd_a, chk.ok
    (600.0, 626.08, 700.0, True)
    """
    required = required_ampacity(continuous_a, noncontinuous_a)
    if not math.isfinite(ocpd_rating_a) or ocpd_rating_a <= 0:
        raise OutOfRange(f"overcurrent device rating must be positive, found {ocpd_rating_a!r} A")
    ampacity = conductor.total_a
    max_ocpd, ocpd_clause = max_overcurrent_rating(ampacity, conductor.size, conductor.material)
    ampacity_ok = ampacity >= required - 1e-9
    protects = ocpd_rating_a <= max_ocpd + 1e-9
    covers = ocpd_rating_a >= required - 1e-9
    problems = []
    if not ampacity_ok:
        problems.append(f"ampacity {ampacity:.2f} A of {conductor.parallel} x {conductor.size} {conductor.material} "
                        f"is below the required {required:.2f} A ({CLAUSE_REQUIRED})")
    if not protects:
        problems.append(f"device {ocpd_rating_a:g} A exceeds the {max_ocpd:.2f} A permitted for conductors of "
                        f"{ampacity:.2f} A ({ocpd_clause})")
    if not covers:
        problems.append(f"device {ocpd_rating_a:g} A is below the required {required:.2f} A ({CLAUSE_DEVICE_RATING})")
    return FeederCheck(
        required_a=required, load_a=continuous_a + noncontinuous_a, ampacity_a=ampacity, ampacity_ok=ampacity_ok,
        ocpd_rating_a=float(ocpd_rating_a), max_ocpd_a=max_ocpd, ocpd_protects_conductor=protects,
        ocpd_covers_load=covers, ok=ampacity_ok and protects and covers,
        clauses={"ampacity": CLAUSE_REQUIRED, "protection": ocpd_clause, "device_rating": CLAUSE_DEVICE_RATING},
        diagnosis="; ".join(problems),
    )
