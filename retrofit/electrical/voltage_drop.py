"""Voltage drop in feeders: cable impedance from NEC Chapter 9 Table 9, and three drop formulas.

- :func:`cable_impedance`: per-phase R and X of a run of cable from Chapter 9 Table 9;
- :func:`voltage_drop_approx`: NEC Chapter 9 Table 9 Note 2, effective impedance Z = R cos + X sin;
- :func:`voltage_drop_exact`: the phasor form of IEEE Std 141 (Red Book), exact for a series R + jX;
- :func:`voltage_drop_iec`: IEC 60364-5-52 Annex G with the resistivity at normal service temperature;
- :func:`cumulative_drop_percent`: the drop of a chain of feeders, service to rack.

Pure functions on SI floats: currents in A, voltages in V, impedances in ohm, lengths in m.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..errors import OutOfRange
from .nec_tables import SIN_085, NecTables, load_nec_tables, normalize_conduit, normalize_material

KFT_M = 304.8
"""Length of 1000 ft [m]."""

RHO1_OHM_MM2_PER_M = {"copper": 0.0225, "aluminum": 0.036}
"""Resistivity at normal service temperature, 1.25 x the value at 20 degC, IEC 60364-5-52 Annex G
(copper 0.018, aluminum 0.029 ohm mm2/m at 20 degC) [ohm mm2/m]."""

CLAUSE_NEC_NOTE_2 = "NEC Chapter 9 Table 9, Note 2"
CLAUSE_IEEE_141 = "IEEE Std 141-1993, 3.11"
CLAUSE_IEC_ANNEX_G = "IEC 60364-5-52:2009, Annex G"


class CableImpedance(NamedTuple):
    """Series impedance of one phase of a cable run (all parallel sets together)."""

    r_ohm: float
    x_ohm: float


@dataclass(frozen=True)
class VoltageDrop:
    """A voltage drop and what it was computed with.

    Attributes
    ----------
    drop_v : float
        Drop in the system voltage the percent refers to [V]: line-to-line for three-phase in the
        NEC approximation, line-to-neutral in the exact and IEC forms, the two-wire loop for
        single-phase.
    drop_percent : float
        drop_v as a percent of the reference voltage [%].
    drop_conductor_v : float
        Drop along one phase conductor, I x Z, the line-to-neutral drop of a balanced three-phase
        circuit [V].
    reference_v : float
        Voltage the percent refers to [V].
    method : str
        ``"nec_effective_z"``, ``"ieee141_exact"`` or ``"iec60364_annex_g"`` [-].
    clause : str
        Where the formula is from [-].
    """

    drop_v: float
    drop_percent: float
    drop_conductor_v: float
    reference_v: float
    method: str
    clause: str


def _check_positive(value: float, what: str, allow_zero: bool = True) -> float:
    if isinstance(value, bool) or not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        kind = "non-negative" if allow_zero else "positive"
        raise OutOfRange(f"{what} must be a finite {kind} number, found {value!r}")
    return float(value)


def _sin_phi(pf: float, lagging: bool) -> float:
    if isinstance(pf, bool) or not math.isfinite(pf) or not 0.0 < pf <= 1.0:
        raise OutOfRange(f"power factor must be in (0, 1], found {pf!r}; give leading loads with lagging=False")
    sin_phi = math.sqrt(max(0.0, 1.0 - pf * pf))
    return sin_phi if lagging else -sin_phi


def _phase_factor(phases: int) -> float:
    if phases == 3:
        return math.sqrt(3.0)
    if phases == 1:
        return 2.0
    raise OutOfRange(f"phases must be 1 or 3, found {phases!r}")


def impedance_per_phase(r_ohm_per_m: float, x_ohm_per_m: float, length_m: float, parallel: int = 1) -> CableImpedance:
    """Per-phase series impedance of a cable run from per-length values.

    Parameters
    ----------
    r_ohm_per_m : float
        AC resistance of one conductor per length [ohm/m].
    x_ohm_per_m : float
        Reactance of one conductor per length [ohm/m].
    length_m : float
        One-way route length [m].
    parallel : int
        Conductors in parallel per phase [-].

    Returns
    -------
    impedance : CableImpedance
        r_ohm = r L / n [ohm], x_ohm = x L / n [ohm].

    Notes
    -----
    Parallel conductors of equal length and size share the current equally (NEC 310.10(G)), so the
    phase impedance is the conductor impedance divided by their number.

    Examples
    --------
    >>> z = impedance_per_phase(0.029 / 304.8, 0.048 / 304.8, 250 * 0.3048, parallel=2)
    >>> round(z.r_ohm, 6), round(z.x_ohm, 6)
    (0.003625, 0.006)
    """
    _check_positive(r_ohm_per_m, "resistance per length")
    _check_positive(x_ohm_per_m, "reactance per length")
    _check_positive(length_m, "length")
    if isinstance(parallel, bool) or int(parallel) != parallel or parallel < 1:
        raise OutOfRange(f"parallel sets must be a whole number of at least 1, found {parallel!r}")
    return CableImpedance(r_ohm_per_m * length_m / parallel, x_ohm_per_m * length_m / parallel)


def cable_impedance(size: str, material: str, conduit: str, length_m: float, parallel: int = 1, *,
                    tables: NecTables | None = None) -> CableImpedance:
    """Per-phase R and X of a cable run from NEC Chapter 9 Table 9.

    Parameters
    ----------
    size : str
        Conductor size, 1/0 AWG to 750 kcmil, e.g. ``"500 kcmil"`` [-].
    material : str
        ``"copper"`` or ``"aluminum"`` [-].
    conduit : str
        ``"pvc"``, ``"aluminum"`` or ``"steel"`` [-].
    length_m : float
        One-way route length [m].
    parallel : int
        Conductors in parallel per phase [-].
    tables : NecTables, optional
        NEC tables; default the catalog's [-].

    Returns
    -------
    impedance : CableImpedance
        r_ohm, x_ohm: series resistance and reactance of one phase [ohm].

    Raises
    ------
    CatalogEntryNotFound
        Size not in Table 9 (near sizes suggested).
    UnknownMethod
        Unknown material or conduit.

    Notes
    -----
    Table 9 gives ohms to neutral per 1000 ft at 75 degC, 60 Hz, three single conductors in one conduit.
    PVC conduit: R is the table's AC resistance, X the PVC/aluminum-conduit X_L. Aluminum and steel
    conduit: only the effective-impedance columns at power factor 0.85 are used (the R columns for those
    conduits are not in the project's confirmed data); the equivalent resistance is
    R = (Z_0.85 - X_L sin(theta_0.85)) / 0.85, with X_L of that conduit (steel's own X_L column, the
    PVC/aluminum one for aluminum conduit). The NEC approximation at pf 0.85 then reproduces the printed
    Z exactly; because Z is printed to two significant figures, that R is uncertain by up to
    0.5 unit of Z's last digit / 0.85, about 5 % for 1/0 AWG and 1-3 % for larger sizes. Per-phase
    values are Z L / (1000 ft x parallel).

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, Chapter 9 Table 9 and its Notes 1 and 2.

    Examples
    --------
    >>> z = cable_impedance("500 kcmil", "copper", "pvc", 100.0)
    >>> round(z.r_ohm * 1000, 4), round(z.x_ohm * 1000, 4)
    (8.8583, 12.7953)
    """
    material = normalize_material(material)
    conduit = normalize_conduit(conduit)
    row = (tables if tables is not None else load_nec_tables()).impedance.row(size)
    if conduit == "pvc":
        r_kft, x_kft = row.r_pvc[material], row.xl_pvc_al
    else:
        x_kft = row.xl_steel if conduit == "steel" else row.xl_pvc_al
        r_kft = (row.z085[(material, conduit)] - x_kft * SIN_085) / 0.85
    return impedance_per_phase(r_kft / KFT_M, x_kft / KFT_M, length_m, parallel)


def voltage_drop_approx(i_a: float, r_ohm: float, x_ohm: float, pf: float, phases: int = 3, *,
                        v_nominal_v: float, lagging: bool = True) -> VoltageDrop:
    """Voltage drop by the effective-impedance method of NEC Chapter 9 Table 9, Note 2.

    Parameters
    ----------
    i_a : float
        Load current in each line [A].
    r_ohm : float
        Series resistance of one conductor run (per phase, parallel sets combined) [ohm].
    x_ohm : float
        Series reactance of one conductor run [ohm].
    pf : float
        Load power factor cos(theta), in (0, 1] [-].
    phases : int
        3 for a balanced three-phase circuit, 1 for a two-wire single-phase circuit [-].
    v_nominal_v : float
        System voltage the percent refers to: line-to-line for three-phase, line-to-line or
        line-to-neutral of the two-wire circuit for single-phase [V].
    lagging : bool
        True for a lagging (inductive) load, False for a leading one [-].

    Returns
    -------
    VoltageDrop
        drop_v: line-to-line drop sqrt(3) I Ze (three-phase) or loop drop 2 I Ze (single-phase) [V];
        drop_conductor_v: I Ze [V]; drop_percent [%].

    Notes
    -----
    Ze = R cos(theta) + X sin(theta); VD_conductor = I Ze; VD_LL = sqrt(3) VD_conductor (three-phase),
    VD = 2 VD_conductor (single-phase). This is the in-phase projection of the drop and neglects the
    quadrature part, so it understates the true drop by Es - sqrt(Es^2 - (I X cos - I R sin)^2)
    (see :func:`voltage_drop_exact`). For the cables of Table 9 at a 5 % drop that is below 0.1 % of
    the voltage at pf 0.8-0.9 (1-2 % of the drop) but up to 0.7 % of the voltage (12 % of the drop) at
    unity power factor for 750 kcmil in steel conduit, where X/R is largest; use the exact form there.

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, Chapter 9 Table 9, Note 2.

    Examples
    --------
    >>> vd = voltage_drop_approx(760.0, 0.003625, 0.006, 0.85, v_nominal_v=480.0)
    >>> round(vd.drop_conductor_v, 4), round(vd.drop_v, 4), round(vd.drop_percent, 3)
    (4.7439, 8.2166, 1.712)
    """
    _check_positive(i_a, "current")
    _check_positive(r_ohm, "resistance")
    _check_positive(x_ohm, "reactance")
    _check_positive(v_nominal_v, "nominal voltage", allow_zero=False)
    sin_phi = _sin_phi(pf, lagging)
    z_effective = r_ohm * pf + x_ohm * sin_phi
    conductor = i_a * z_effective
    drop = _phase_factor(phases) * conductor
    return VoltageDrop(drop_v=drop, drop_percent=100.0 * drop / v_nominal_v, drop_conductor_v=conductor,
                       reference_v=float(v_nominal_v), method="nec_effective_z", clause=CLAUSE_NEC_NOTE_2)


def voltage_drop_exact(v_source_ln_v: float, i_a: float, r_ohm: float, x_ohm: float, pf: float, *,
                       lagging: bool = True) -> VoltageDrop:
    """Exact voltage drop of a series R + jX feeding a load of given current and power factor.

    Parameters
    ----------
    v_source_ln_v : float
        Source (sending-end) voltage, line-to-neutral [V].
    i_a : float
        Load current [A].
    r_ohm : float
        Series resistance per phase [ohm].
    x_ohm : float
        Series reactance per phase [ohm].
    pf : float
        Power factor at the load, cos(theta), in (0, 1] [-].
    lagging : bool
        True for a lagging load, False for a leading one [-].

    Returns
    -------
    VoltageDrop
        drop_v = drop_conductor_v: line-to-neutral drop |Es| - |Er| [V]; drop_percent of Es [%]
        (equal to the line-to-line percent of a balanced three-phase circuit).

    Raises
    ------
    OutOfRange
        When (I X cos - I R sin) exceeds Es: no receiving-end voltage carries that current.

    Notes
    -----
    VD = Es + I R cos(theta) + I X sin(theta) - sqrt(Es^2 - (I X cos(theta) - I R sin(theta))^2),
    from Er = Es - I (R + jX) with the current at angle -theta to Er. For a single-phase two-wire
    circuit pass the loop impedance (2R, 2X) and the circuit voltage as Es.

    References
    ----------
    IEEE Std 141-1993 (Red Book), Recommended Practice for Electric Power Distribution for Industrial
    Plants, 3.11 "Calculation of voltage drops".

    Examples
    --------
    >>> vd = voltage_drop_exact(480.0 / 3 ** 0.5, 760.0, 0.003625, 0.006, 0.85)
    >>> round(vd.drop_v, 4), round(vd.drop_percent, 3)
    (4.7545, 1.716)
    """
    _check_positive(v_source_ln_v, "source voltage", allow_zero=False)
    _check_positive(i_a, "current")
    _check_positive(r_ohm, "resistance")
    _check_positive(x_ohm, "reactance")
    sin_phi = _sin_phi(pf, lagging)
    in_phase = i_a * (r_ohm * pf + x_ohm * sin_phi)
    quadrature = i_a * (x_ohm * pf - r_ohm * sin_phi)
    radicand = v_source_ln_v ** 2 - quadrature ** 2
    if radicand < 0:
        raise OutOfRange(f"the quadrature drop {abs(quadrature):.4g} V exceeds the source voltage "
                         f"{v_source_ln_v:.4g} V: this current cannot flow through R = {r_ohm:.4g} ohm, "
                         f"X = {x_ohm:.4g} ohm at pf {pf}")
    drop = v_source_ln_v + in_phase - math.sqrt(radicand)
    return VoltageDrop(drop_v=drop, drop_percent=100.0 * drop / v_source_ln_v, drop_conductor_v=drop,
                       reference_v=float(v_source_ln_v), method="ieee141_exact", clause=CLAUSE_IEEE_141)


def voltage_drop_iec(ib_a: float, length_m: float, area_mm2: float, cos_phi: float, material: str,
                     reactance_ohm_per_m: float, phases: int = 3, *, u0_v: float,
                     lagging: bool = True) -> VoltageDrop:
    """Voltage drop by IEC 60364-5-52 Annex G.

    Parameters
    ----------
    ib_a : float
        Design current of the circuit I_B [A].
    length_m : float
        Straight length of the wiring system L [m].
    area_mm2 : float
        Cross-sectional area of the conductors S [mm2].
    cos_phi : float
        Power factor, in (0, 1] [-].
    material : str
        ``"copper"`` or ``"aluminum"`` [-].
    reactance_ohm_per_m : float
        Reactance per unit length lambda [ohm/m]; Annex G suggests 0.08e-3 ohm/m when unknown.
    phases : int
        3 (b = 1) or 1 (b = 2; also a three-phase circuit with the neutral fully unbalanced) [-].
    u0_v : float
        Line-to-neutral voltage U0 [V].
    lagging : bool
        True for a lagging load [-].

    Returns
    -------
    VoltageDrop
        drop_v: u [V] (line-to-neutral for three-phase, loop for single-phase); drop_conductor_v: u / b
        [V]; drop_percent: 100 u / U0 [%].

    Notes
    -----
    u = b (rho1 L / S cos(phi) + lambda L sin(phi)) I_B, with rho1 = 1.25 rho20: 0.0225 ohm mm2/m for
    copper, 0.036 ohm mm2/m for aluminum; delta_u = 100 u / U0 (Annex G).

    References
    ----------
    IEC 60364-5-52:2009, Low-voltage electrical installations - Part 5-52: Selection and erection of
    electrical equipment - Wiring systems, Annex G (informative), Voltage drop in consumers'
    installations.

    Examples
    --------
    >>> vd = voltage_drop_iec(250.0, 80.0, 150.0, 0.9, "copper", 0.08e-3, u0_v=400 / 3 ** 0.5)
    >>> round(vd.drop_v, 3), round(vd.drop_percent, 3)
    (3.397, 1.471)
    """
    _check_positive(ib_a, "design current")
    _check_positive(length_m, "length")
    _check_positive(area_mm2, "cross-sectional area", allow_zero=False)
    _check_positive(reactance_ohm_per_m, "reactance per length")
    _check_positive(u0_v, "line-to-neutral voltage", allow_zero=False)
    rho1 = RHO1_OHM_MM2_PER_M[normalize_material(material)]
    sin_phi = _sin_phi(cos_phi, lagging)
    if phases == 3:
        b = 1.0
    elif phases == 1:
        b = 2.0
    else:
        raise OutOfRange(f"phases must be 1 or 3, found {phases!r}")
    conductor = (rho1 * length_m / area_mm2 * cos_phi + reactance_ohm_per_m * length_m * sin_phi) * ib_a
    drop = b * conductor
    return VoltageDrop(drop_v=drop, drop_percent=100.0 * drop / u0_v, drop_conductor_v=conductor,
                       reference_v=float(u0_v), method="iec60364_annex_g", clause=CLAUSE_IEC_ANNEX_G)


def cumulative_drop_percent(drops_percent: Iterable[float]) -> float:
    """Total voltage drop of feeders in series, service to rack [%].

    Parameters
    ----------
    drops_percent : iterable of float
        Drop of each segment as a percent of the nominal voltage at its own level [%].

    Returns
    -------
    total_percent : float
        Sum of the segment drops [%].

    Notes
    -----
    Percent drops referred to each level's nominal voltage add along a radial chain (transformer turns
    ratios carry per-unit values unchanged), to first order in the drops. The informational notes of
    NEC 210.19 and 215.2 suggest at most 3 % in a feeder or branch circuit and 5 % for feeder plus
    branch circuit; they are recommendations, not requirements.

    References
    ----------
    NFPA 70, National Electrical Code, 2023 edition, informational notes to 210.19 and 215.2.

    Examples
    --------
    >>> cumulative_drop_percent([0.8, 1.7, 1.2])
    3.7
    """
    values = []
    for i, value in enumerate(drops_percent):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise OutOfRange(f"drop {i + 1} is not a finite percent: {value!r}")
        values.append(float(value))
    return math.fsum(values)
