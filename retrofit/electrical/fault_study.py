"""Short-circuit methods on a network: IEC 60909 maximum and minimum, ANSI/IEEE C37 E/X, ohmic.

:func:`solve_fault_study` prepares the network and the voltage factors for the chosen method and case
and calls :func:`retrofit.electrical.shortcircuit.solve_short_circuit` (one sparse factorisation):

===============  ===================  ======  ==========================================================
method           voltage factor c     K_T     motors, transformer %Z, utility S″k
===============  ===================  ======  ==========================================================
iec60909 / max   c_max (Table 1)      yes     locked-rotor impedance; %Z with its tolerance; S″k + growth
iec60909 / min   c_min (Table 1)      no      none (minimum conditions); rated %Z;
                                              S″k_min; lines at their end-of-fault temperature
ansi / first     1.0 (E = 1 pu)       no      X″d × first-cycle multiplier; %Z with its tolerance
ansi / interr.   1.0                  no      X″d × interrupting multiplier (small motors dropped)
ohmic            1.0                  no      locked-rotor impedance; %Z with its tolerance
===============  ===================  ======  ==========================================================

Running synchronous generators feed the maximum case: Z_G·K_G under IEC 60909 (6.6.1), X″d × 1.0 under
ANSI and ohmic. Converter-fed sources (UPS, BESS inverters) are not modelled.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from ..errors import OutOfRange, UnknownMethod
from .network import BASE_VA, Grid
from .shortcircuit import ShortCircuitResult, solve_short_circuit, voltage_factor, voltage_factor_max

METHODS = ("iec60909", "ansi", "ohmic")
CASES = ("max", "min")
ANSI_NETWORKS = ("first_cycle", "interrupting")
#: Temperature coefficient of conductor resistance used for the end-of-fault temperature [1/K]
#: (IEC 60909-0:2016, minimum short-circuit currents: R_L = [1 + 0.004/K·(θ_e − 20 °C)]·R_L20).
RESISTANCE_TEMPERATURE_COEFFICIENT = 0.004
_HP_W = 745.7
#: Reactance multipliers of induction motors by rated power, IEEE Std C37.010 / C37.13 practice as
#: tabulated in IEEE Std 551-2006 (Violet Book), ch. 4: (upper power limit [W], first-cycle, interrupting);
#: ``inf`` drops the motor from that network.
ANSI_MOTOR_MULTIPLIERS = ((50 * _HP_W, 1.67, math.inf), (1000 * _HP_W, 1.2, 3.0), (math.inf, 1.0, 1.5))


def voltage_factor_min(vn_v, lv_tolerance_percent: float = 10.0):
    """Voltage factor c_min of IEC 60909-0:2016 Table 1.

    Parameters
    ----------
    vn_v : float or numpy.ndarray
        Nominal system voltage U_n [V].
    lv_tolerance_percent : float
        Voltage tolerance of the LV system, 6 or 10 [%].

    Returns
    -------
    c_min : float or numpy.ndarray
        0.95 (LV, +6 %), 0.90 (LV, +10 %) for U_n <= 1 kV; 1.00 above [-].

    Notes
    -----
    IEC 60909-0:2016 Table 1 (the 2001 edition gave 0.95 for every LV system; pandapower 3.x follows
    the 2016 values).

    Examples
    --------
    >>> voltage_factor_min(400.0, 10)
    0.9
    """
    return voltage_factor(vn_v, lv_tolerance_percent, "min")


def induction_motor_impedance_ohm(p_rated_w: float, vr_v: float, locked_rotor_ratio: float, efficiency: float,
                                  power_factor: float, rx_ratio: float) -> complex:
    """Short-circuit impedance of an induction motor (or a group of equal motors).

    Parameters
    ----------
    p_rated_w : float
        Rated mechanical (shaft) power P_rM [W].
    vr_v : float
        Rated voltage U_rM [V].
    locked_rotor_ratio : float
        Locked-rotor to rated current I_LR/I_rM [-].
    efficiency, power_factor : float
        Rated efficiency η_r and power factor cos φ_r [-].
    rx_ratio : float
        R_M/X_M [-].

    Returns
    -------
    z_ohm : complex
        R_M + jX_M [ohm].

    Notes
    -----
    IEC 60909-0:2016, 6.7 (asynchronous motors): Z_M = 1/(I_LR/I_rM)·U_rM²/S_rM with
    S_rM = P_rM/(η_r·cos φ_r); X_M = Z_M/sqrt(1 + (R_M/X_M)²). R_M/X_M = 0.10 for MV motors of
    P_rM/p >= 1 MW, 0.15 below, 0.42 for LV motor groups with their connection cables.

    Examples
    --------
    >>> z = induction_motor_impedance_ohm(5e6, 10e3, 5.0, 0.97, 0.88, 0.1)
    >>> round(abs(z), 4)
    3.4144
    """
    s_rm = p_rated_w / (efficiency * power_factor)
    z = vr_v**2 / (locked_rotor_ratio * s_rm)
    x = z / math.sqrt(1.0 + rx_ratio**2)
    return complex(rx_ratio * x, x)


def ansi_motor_multiplier(p_rated_w: float, network: str) -> float:
    """Reactance multiplier of an induction motor in the ANSI first-cycle or interrupting network.

    Parameters
    ----------
    p_rated_w : float
        Rated power of one motor [W].
    network : {"first_cycle", "interrupting"}
        Which ANSI network [-].

    Returns
    -------
    multiplier : float
        X″d multiplier (``inf``: the motor is left out) [-].

    Notes
    -----
    IEEE Std C37.010 and C37.13 practice (IEEE Std 551-2006, ch. 4): induction motors above 1 000 hp
    1.0 (first cycle) and 1.5 (interrupting); 50-1 000 hp 1.2 and 3.0; below 50 hp 1.67 in the
    first-cycle (low-voltage) network and left out of the interrupting network.

    Examples
    --------
    >>> ansi_motor_multiplier(100 * 745.7, "interrupting")
    3.0
    """
    if network not in ANSI_NETWORKS:
        raise UnknownMethod(f"unknown ANSI network {network!r}; valid: {', '.join(ANSI_NETWORKS)}")
    for limit, first, interrupting in ANSI_MOTOR_MULTIPLIERS:
        if p_rated_w < limit:
            return first if network == "first_cycle" else interrupting
    return 1.0


@dataclass(frozen=True)
class MotorSources:
    """Induction-motor groups that feed faults, one row per group.

    Attributes
    ----------
    ids : tuple of str
        Element ids of the groups.
    bus : numpy.ndarray of int
        Network bus index.
    count : numpy.ndarray of int
        Motors in the group running [-].
    p_rated_w : numpy.ndarray
        Rated shaft power of one motor [W].
    vr_v : numpy.ndarray
        Rated voltage [V].
    locked_rotor_ratio, efficiency, power_factor, rx_ratio : numpy.ndarray
        I_LR/I_rM, η_r, cos φ_r, R/X [-].
    """

    ids: tuple[str, ...]
    bus: np.ndarray
    count: np.ndarray
    p_rated_w: np.ndarray
    vr_v: np.ndarray
    locked_rotor_ratio: np.ndarray
    efficiency: np.ndarray
    power_factor: np.ndarray
    rx_ratio: np.ndarray


def motor_admittance_pu(grid: Grid, motors: MotorSources | None, method: str, ansi_network: str = "first_cycle",
                        base_va: float = BASE_VA) -> np.ndarray | None:
    """Admittance of the motors at each bus for ``method`` [pu], None when there are none.

    Parameters
    ----------
    grid : Grid
        The network.
    motors : MotorSources or None
        Motor groups.
    method : {"iec60909", "ansi", "ohmic"}
        Short-circuit method [-].
    ansi_network : {"first_cycle", "interrupting"}
        ANSI network (multipliers) [-].
    base_va : float
        System base [VA].

    Returns
    -------
    y_pu : numpy.ndarray or None
        Complex admittance per bus [pu].
    """
    if motors is None or not len(motors.ids):
        return None
    z = np.array([induction_motor_impedance_ohm(motors.p_rated_w[i], motors.vr_v[i], motors.locked_rotor_ratio[i],
                                                motors.efficiency[i], motors.power_factor[i], motors.rx_ratio[i])
                  * (ansi_motor_multiplier(motors.p_rated_w[i], ansi_network) if method == "ansi" else 1.0)
                  for i in range(len(motors.ids))], dtype=complex)
    return shunt_admittance_pu(grid, motors.bus, z, motors.count, base_va)


def shunt_admittance_pu(grid: Grid, bus: np.ndarray, z_ohm: np.ndarray, count: np.ndarray | None = None,
                        base_va: float = BASE_VA) -> np.ndarray:
    """Admittance per bus of machines connected as shunts: ``count / Z`` summed at each bus [pu].

    The last step shared by motors and generators: each row's impedance ``z_ohm`` [ohm] referred to the
    system base at its bus's nominal voltage, ``y = count U_n² / (S_base Z)``; a row of infinite impedance
    (a motor the ANSI interrupting network leaves out) adds nothing.

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=60.0)
    >>> _ = b.add_bus("LV", 480.0)
    >>> b.add_source("grid", "LV", sk_max_va=50e6, rx_max=0.1)
    >>> y = shunt_admittance_pu(b.build(), np.array([0, 0]), np.array([0.5j, np.inf]), np.array([2, 1]), 1e6)
    >>> complex(np.round(y[0], 6))  # 2 x 480^2 / (1 MVA x 0.5j ohm)
    -0.9216j
    """
    z = np.asarray(z_ohm, dtype=complex)
    n = np.ones(len(z)) if count is None else np.asarray(count, dtype=float)
    bus = np.asarray(bus, dtype=np.int64)
    ok = np.isfinite(np.abs(z))
    y_each = np.zeros(len(z), dtype=complex)
    y_each[ok] = n[ok] * (grid.vn_v[bus[ok]] ** 2 / base_va) / z[ok]
    return np.bincount(bus, y_each.real, grid.n_bus) + 1j * np.bincount(bus, y_each.imag, grid.n_bus)


def generator_impedance_ohm(s_rated_va: float, vr_v: float, xd_subtransient: float, rx_ratio: float) -> complex:
    """Subtransient impedance of a synchronous generator.

    Parameters
    ----------
    s_rated_va : float
        Rated apparent power S_rG [VA].
    vr_v : float
        Rated voltage U_rG [V].
    xd_subtransient : float
        Saturated subtransient reactance x″d in per unit of the rating [-].
    rx_ratio : float
        R_G/X″d [-].

    Returns
    -------
    z_ohm : complex
        R_G + jX″d [ohm].

    Notes
    -----
    IEC 60909-0:2016, 6.6.1: Z_G = R_G + jX″d, X″d = x″d·U_rG²/S_rG. Without a measured R_G the
    fictitious values of the standard serve: R_Gf = 0.15·X″d for U_rG <= 1 kV, 0.07·X″d above
    (S_rG < 100 MVA), 0.05·X″d for S_rG >= 100 MVA.

    Examples
    --------
    >>> z = generator_impedance_ohm(2.5e6, 480.0, 0.15, 0.15)
    >>> round(z.imag * 1e3, 3)
    13.824
    """
    x = xd_subtransient * vr_v**2 / s_rated_va
    return complex(rx_ratio * x, x)


def generator_correction_factor(vn_v: float, vr_v: float, c_max: float, xd_subtransient: float,
                                sin_phi_rated: float) -> float:
    """Correction factor K_G of a generator connected directly to the network.

    Parameters
    ----------
    vn_v : float
        Nominal voltage of the network at the generator [V].
    vr_v : float
        Rated voltage of the generator [V].
    c_max : float
        Voltage factor c_max at the generator's bus [-].
    xd_subtransient : float
        x″d [-].
    sin_phi_rated : float
        sin φ_rG at rated operation [-].

    Returns
    -------
    k_g : float
        K_G = (U_n/U_rG)·c_max/(1 + x″d·sin φ_rG) [-].

    Notes
    -----
    IEC 60909-0:2016, 6.6.1, eq. (18); Z_GK = K_G·Z_G (maximum short-circuit currents).

    Examples
    --------
    >>> round(generator_correction_factor(480.0, 480.0, 1.1, 0.15, 0.6), 4)
    1.0092
    """
    return (vn_v / vr_v) * c_max / (1.0 + xd_subtransient * sin_phi_rated)


@dataclass(frozen=True)
class GeneratorSources:
    """Synchronous generators running in the studied case, one row each.

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    bus : numpy.ndarray of int
        Network bus index.
    s_rated_va, vr_v : numpy.ndarray
        Rated power [VA] and voltage [V].
    xd_subtransient, rx_ratio, sin_phi_rated : numpy.ndarray
        x″d, R_G/X″d and sin φ_rG [-].
    """

    ids: tuple[str, ...]
    bus: np.ndarray
    s_rated_va: np.ndarray
    vr_v: np.ndarray
    xd_subtransient: np.ndarray
    rx_ratio: np.ndarray
    sin_phi_rated: np.ndarray


def generator_admittance_pu(grid: Grid, generators: GeneratorSources | None, method: str, c_max: np.ndarray,
                            base_va: float = BASE_VA) -> np.ndarray | None:
    """Admittance of the running generators at each bus [pu]: 1/(K_G·Z_G) for IEC 60909, 1/Z_G (X″d × 1.0
    in both ANSI networks) for the ANSI and ohmic methods; None when there are none.

    Parameters
    ----------
    grid : Grid
        The network.
    generators : GeneratorSources or None
        Generators.
    method : {"iec60909", "ansi", "ohmic"}
        Method [-].
    c_max : numpy.ndarray
        c_max of each bus, for K_G [-].
    base_va : float
        System base [VA].

    Returns
    -------
    y_pu : numpy.ndarray or None
        Complex admittance per bus [pu].
    """
    if generators is None or not len(generators.ids):
        return None
    return shunt_admittance_pu(grid, generators.bus, generator_short_circuit_impedance_ohm(grid, generators, method, c_max),
                               None, base_va)


def generator_short_circuit_impedance_ohm(grid: Grid, generators: GeneratorSources, method: str,
                                          c_max: np.ndarray) -> np.ndarray:
    """Impedance of each generator in the short-circuit network [ohm]: Z_G·K_G for IEC 60909 (6.6.1,
    K_G with c_max, in the maximum and the minimum case as pandapower 3.5.6 applies it), Z_G (X″d × 1.0)
    for the ANSI and ohmic methods."""
    z = np.empty(len(generators.ids), dtype=complex)
    for i in range(len(generators.ids)):
        b = generators.bus[i]
        z[i] = generator_impedance_ohm(generators.s_rated_va[i], generators.vr_v[i], generators.xd_subtransient[i],
                                       generators.rx_ratio[i])
        if method == "iec60909":
            z[i] *= generator_correction_factor(grid.vn_v[b], generators.vr_v[i], c_max[b], generators.xd_subtransient[i],
                                                generators.sin_phi_rated[i])
    return z


def fictitious_generator_rx(vr_v: float, s_rated_va: float) -> float:
    """R_Gf/X″d of a generator without a measured resistance (IEC 60909-0:2016, 6.6.1): 0.15 for
    U_rG <= 1 kV, 0.07 above with S_rG < 100 MVA, 0.05 from 100 MVA [-].

    Examples
    --------
    >>> fictitious_generator_rx(480.0, 3.75e6), fictitious_generator_rx(13.8e3, 3.75e6)
    (0.15, 0.07)
    """
    return 0.15 if vr_v <= 1000.0 else (0.07 if s_rated_va < 100e6 else 0.05)


def islanded_grid(grid: Grid, generators: GeneratorSources, voltage_factor: np.ndarray,
                  method: str = "iec60909") -> Grid:
    """The network with the utility out and the generators as its only sources (generator-only case).

    Each generator becomes a source at its bus whose impedance is its short-circuit impedance
    (:func:`generator_short_circuit_impedance_ohm`): ``S″k = c U_n² / |Z_GK|`` and ``R/X`` of Z_GK, so the
    solver's feeder impedance ``c U_n² / S″k`` gives Z_GK back with the case's voltage factor ``c``.

    Parameters
    ----------
    grid : Grid
        The network as built from the design.
    generators : GeneratorSources
        The generators running in the island (standby units included).
    voltage_factor : numpy.ndarray
        c of each bus in the case to be solved (c_min for the minimum case) [-].
    method : {"iec60909", "ansi", "ohmic"}
        Method [-].

    Returns
    -------
    grid : Grid
        A new Grid; the input is not changed.
    """
    from .network import Sources

    c = np.asarray(voltage_factor, dtype=float).reshape(grid.n_bus)
    c_max = np.asarray(voltage_factor_max(grid.vn_v), dtype=float).reshape(grid.n_bus)
    z = generator_short_circuit_impedance_ohm(grid, generators, method, c_max)
    bus = np.asarray(generators.bus, dtype=np.int64)
    sk = c[bus] * grid.vn_v[bus] ** 2 / np.abs(z)
    n = len(generators.ids)
    return replace(grid, sources=Sources(tuple(generators.ids), bus, np.ones(n), np.zeros(n), sk, z.real / z.imag))


#: IEC 60909-0 factor μ of the symmetrical breaking current, by minimum time delay t_min [s]:
#: (t_min, a, b, d) for μ = a + b·exp(−d·I″kG/I_rG).
BREAKING_CURRENT_MU = ((0.02, 0.84, 0.26, 0.26), (0.05, 0.71, 0.51, 0.30), (0.10, 0.62, 0.72, 0.32),
                       (0.25, 0.56, 0.94, 0.38))


def breaking_current_factor(ik_over_ir: float, t_s: float) -> float:
    """Factor μ of the symmetrical breaking current of a synchronous generator, I_b = μ I″kG.

    Parameters
    ----------
    ik_over_ir : float
        I″kG/I_rG, the generator's initial short-circuit current over its rated current [-].
    t_s : float
        Time after the fault's start at which the current is wanted (the minimum time delay t_min) [s].

    Returns
    -------
    mu : float
        1 for I″kG/I_rG <= 2; else the curve of the smallest tabulated t_min (0.02, 0.05, 0.10,
        0.25 s) at or above ``t_s``, the 0.25 s curve beyond (no interpolation: the curve taken never
        gives more current than the time asks), at most 1 [-].

    Notes
    -----
    IEC 60909-0 (symmetrical breaking current, near-to-generator short circuit):
    μ = 0.84 + 0.26 e^(−0.26 r) (t_min = 0.02 s), 0.71 + 0.51 e^(−0.30 r) (0.05 s),
    0.62 + 0.72 e^(−0.32 r) (0.10 s), 0.56 + 0.94 e^(−0.38 r) (≥ 0.25 s), r = I″kG/I_rG. Beyond the
    breaking time the current falls on to the steady-state I_k, which depends on the excitation and is
    not computed here. The coefficients are those several public implementations of the standard
    reproduce (its text was not read for this work).

    Examples
    --------
    >>> round(breaking_current_factor(8.0, 0.25), 4)
    0.605
    >>> breaking_current_factor(1.5, 0.25)
    1.0
    """
    if ik_over_ir <= 2.0:
        return 1.0
    row = next((r for r in BREAKING_CURRENT_MU if t_s <= r[0] + 1e-12), BREAKING_CURRENT_MU[-1])
    return min(1.0, row[1] + row[2] * math.exp(-row[3] * ik_over_ir))


@dataclass(frozen=True)
class InverterSources:
    """Converter-fed sources (BESS power conversion systems) as current-limited contributions.

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    bus : numpy.ndarray of int
        Network bus index.
    i_rated_a : numpy.ndarray
        Rated output current of each source (all its units) [A].
    k : numpy.ndarray
        Largest fault current over rated current, I_kPF / I_r [-].
    """

    ids: tuple[str, ...]
    bus: np.ndarray
    i_rated_a: np.ndarray
    k: np.ndarray


def inverter_current_a(grid: Grid, y_matrix, inverters: InverterSources, base_va: float = BASE_VA) -> np.ndarray:
    """Contribution of current-limited sources to the fault current at every bus [A].

    Parameters
    ----------
    grid : Grid
        The network.
    y_matrix : scipy.sparse matrix
        The short-circuit admittance matrix the network's currents come from [pu].
    inverters : InverterSources
        The sources.
    base_va : float
        System base of ``y_matrix`` [VA].

    Returns
    -------
    ik_a : numpy.ndarray
        ``|Σ_j Z_ij I_j e^(−j∠Z_jj)| / |Z_ii|`` at each bus i, with I_j = k_j I_r,j in per unit of the
        base current at bus j [A]; 0 on buses without a path to a source.

    Notes
    -----
    IEC 60909-0:2016, full-size converters as current sources: the contribution at the fault is each
    source's current referred through the transfer impedance, each taken at the angle that puts it in
    phase at its own bus, as pandapower 3.5.6 computes its current-source ``sgen`` (maximum case). The
    magnitude is added to the network's I″k.
    """
    from .network import base_current_a, energised_buses
    from .shortcircuit import inverse_diagonal

    n = grid.n_bus
    fed = np.flatnonzero(energised_buses(grid))
    out = np.zeros(n)
    bus = np.asarray(inverters.bus, dtype=np.int64)
    i_base = base_current_a(grid.vn_v, base_va)
    i_pu = np.bincount(bus, inverters.k * inverters.i_rated_a / i_base[bus], n)
    at = [j for j in np.flatnonzero(i_pu) if j in set(fed.tolist())]
    if not at or not fed.size:
        return out
    y = sp.csc_matrix(y_matrix)[fed][:, fed]
    local = {int(b): k for k, b in enumerate(fed)}
    lu = splu(sp.csc_matrix(y))
    z_diag = inverse_diagonal(y)
    total = np.zeros(len(fed), dtype=complex)
    for j in at:
        e = np.zeros(len(fed), dtype=complex)
        e[local[int(j)]] = 1.0
        total += lu.solve(e) * i_pu[j] * np.exp(-1j * np.angle(z_diag[local[int(j)]]))
    out[fed] = np.abs(total) / np.abs(z_diag) * i_base[fed]
    return out


@dataclass(frozen=True)
class FaultStudyOptions:
    """How to compute the short-circuit currents.

    Attributes
    ----------
    method : {"iec60909", "ansi", "ohmic"}
        Method [-].
    case : {"max", "min"}
        Maximum (duty, arc flash at full current) or minimum (protection sensitivity) [-].
    lv_tolerance_percent : {6, 10}
        IEC 60909 LV voltage tolerance [%].
    transformer_impedance_tolerance_percent : float
        Change of every transformer %Z for the maximum case, e.g. -7.5 (IEEE C57.12.00) [%].
    utility_growth_percent : float
        Margin on the utility S″k for the maximum case [%].
    line_end_temperature_c : float
        Conductor temperature at the end of the fault, minimum case [°C].
    ansi_network : {"first_cycle", "interrupting"}
        ANSI network [-].
    """

    method: str = "iec60909"
    case: str = "max"
    lv_tolerance_percent: float = 10.0
    transformer_impedance_tolerance_percent: float = 0.0
    utility_growth_percent: float = 0.0
    line_end_temperature_c: float = 80.0
    ansi_network: str = "first_cycle"

    def describe(self) -> str:
        """One line naming the method, case and adjustments, for results and reports."""
        if self.method == "iec60909":
            c = {("max", 6): "1.05", ("max", 10): "1.10", ("min", 6): "0.95", ("min", 10): "0.90"}[
                (self.case, int(self.lv_tolerance_percent))]
            text = (f"IEC 60909-0:2016 {self.case}imum case, LV c = {c} (+{self.lv_tolerance_percent:g} % tolerance), "
                    + ("K_T" if self.case == "max" else "no K_T, no motors"))
        elif self.method == "ansi":
            text = f"ANSI/IEEE C37 E/X, E = 1.0 pu, {self.ansi_network.replace('_', '-')} network"
        else:
            text = "ohmic (point-to-point), c = 1.0, no K_T"
        if self.case == "max":
            if self.transformer_impedance_tolerance_percent:
                text += f", transformer %Z {self.transformer_impedance_tolerance_percent:+g} %"
            if self.utility_growth_percent:
                text += f", utility S\"k {self.utility_growth_percent:+g} %"
        else:
            text += f", lines at {self.line_end_temperature_c:g} °C"
        return text


def study_grid(grid: Grid, options: FaultStudyOptions, source_sk_min_va: np.ndarray | None = None) -> Grid:
    """The network adjusted for the method and case: transformer %Z, utility S″k, line resistance.

    Parameters
    ----------
    grid : Grid
        The network as built from the design.
    options : FaultStudyOptions
        Method and case.
    source_sk_min_va : numpy.ndarray or None
        Minimum S″k of each source for the minimum case (default the maximum) [VA].

    Returns
    -------
    grid : Grid
        A new Grid; the input is not changed.
    """
    if options.case == "max":
        factor = 1.0 + options.transformer_impedance_tolerance_percent / 100.0
        if factor <= 0:
            raise OutOfRange(f"transformer impedance tolerance {options.transformer_impedance_tolerance_percent} % "
                             "leaves no impedance")
        t = grid.transformers
        trafos = replace(t, vk_percent=t.vk_percent * factor, vkr_percent=t.vkr_percent * factor)
        s = grid.sources
        sources = replace(s, sk_max_va=s.sk_max_va * (1.0 + options.utility_growth_percent / 100.0))
        return replace(grid, transformers=trafos, sources=sources)
    s = grid.sources
    sk = s.sk_max_va if source_sk_min_va is None else np.asarray(source_sk_min_va, dtype=float)
    lines = grid.lines
    scale = 1.0 + RESISTANCE_TEMPERATURE_COEFFICIENT * (options.line_end_temperature_c - 20.0)
    return replace(grid, sources=replace(s, sk_max_va=sk), lines=replace(lines, r_ohm=lines.r_ohm * scale))


def solve_fault_study(grid: Grid, options: FaultStudyOptions = FaultStudyOptions(), *,
                      motors: MotorSources | None = None, source_sk_min_va: np.ndarray | None = None,
                      kappa_method: str = "C", base_va: float = BASE_VA,
                      generators: GeneratorSources | None = None,
                      inverters: InverterSources | None = None) -> ShortCircuitResult:
    """Three-phase short-circuit currents at every bus by the chosen method and case.

    Parameters
    ----------
    grid : Grid
        The network.
    options : FaultStudyOptions
        Method, case and adjustments.
    motors : MotorSources or None
        Induction motors on line.
    source_sk_min_va : numpy.ndarray or None
        Minimum S″k of each source [VA] (minimum case).
    kappa_method : {"B", "C"}
        IEC 60909 peak-factor method [-].
    base_va : float
        System base [VA].
    generators : GeneratorSources or None
        Synchronous generators running in the case (maximum case only).
    inverters : InverterSources or None
        Current-limited converter sources (maximum case only): their contribution
        (:func:`inverter_current_a`) is added to I″k, S″k and i_p = κ√2 I″k + √2 I″k,inv.

    Returns
    -------
    result : ShortCircuitResult
        As :func:`~retrofit.electrical.shortcircuit.solve_short_circuit`; ``c_max`` holds the factor used.

    Notes
    -----
    The minimum case leaves motors out and uses c_min, S″k_min and the end-of-fault line resistance
    (IEC 60909-0:2016, minimum short-circuit currents); K_T corrects the maximum currents only
    (IEC 60909-0:2016, 6.3.3, as pandapower 3.5.6 reads it). ANSI
    E/X uses E = 1.0 pu, no K_T, and X″d of motors times the multipliers of
    :data:`ANSI_MOTOR_MULTIPLIERS`; its X/R for breaker duty is the ``separate`` R and X reduction.

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=50.0)
    >>> _ = b.add_bus("MV", 10e3); _ = b.add_bus("LV", 400.0)
    >>> b.add_source("grid", "MV", sk_max_va=100e6, rx_max=0.1)
    >>> b.add_transformer("T", "MV", "LV", sn_va=0.4e6, vn_hv_v=11e3, vn_lv_v=420.0,
    ...                   vk_percent=6.0, vkr_percent=0.5, parallel=2)
    >>> r = solve_fault_study(b.build(), FaultStudyOptions(case="min"), source_sk_min_va=[40e6])
    >>> round(float(r.ik3_a[1]) / 1e3, 3)
    12.317
    """
    if options.method not in METHODS:
        raise UnknownMethod(f"unknown short-circuit method {options.method!r}; valid: {', '.join(METHODS)}")
    if options.case not in CASES:
        raise UnknownMethod(f"unknown case {options.case!r}; valid: {', '.join(CASES)}")
    if options.method != "iec60909" and options.case == "min":
        raise UnknownMethod("the minimum case is defined by IEC 60909 only; use method iec60909")
    adjusted = study_grid(grid, options, source_sk_min_va)
    if options.method == "iec60909":
        if options.case == "max":
            c = voltage_factor_max(adjusted.vn_v, options.lv_tolerance_percent)
            y_m = _add(motor_admittance_pu(adjusted, motors, "iec60909", base_va=base_va),
                       generator_admittance_pu(adjusted, generators, "iec60909",
                                               np.asarray(c, dtype=float).reshape(adjusted.n_bus), base_va))
        else:
            c = voltage_factor_min(adjusted.vn_v, options.lv_tolerance_percent)
            y_m = None
        c = np.asarray(c, dtype=float).reshape(adjusted.n_bus)
        result = solve_short_circuit(adjusted, lv_tolerance_percent=options.lv_tolerance_percent, kappa_method=kappa_method,
                                     base_va=base_va, voltage_factor=c, apply_kt=options.case == "max", motor_admittance_pu=y_m)
        kt = options.case == "max"
    else:
        y_m = _add(motor_admittance_pu(adjusted, motors, options.method, options.ansi_network, base_va),
                   generator_admittance_pu(adjusted, generators, options.method, np.ones(adjusted.n_bus), base_va))
        c = np.ones(adjusted.n_bus)
        result = solve_short_circuit(adjusted, lv_tolerance_percent=options.lv_tolerance_percent, kappa_method=kappa_method,
                                     xr_method="separate" if options.method == "ansi" else "complex", base_va=base_va,
                                     voltage_factor=c, apply_kt=False, motor_admittance_pu=y_m)
        kt = False
    if inverters is None or not len(inverters.ids) or options.case != "max":
        return result
    from .shortcircuit import short_circuit_admittance_matrix

    c_kt = np.asarray(voltage_factor_max(adjusted.vn_v, options.lv_tolerance_percent), dtype=float).reshape(adjusted.n_bus)
    y = short_circuit_admittance_matrix(adjusted, c, base_va=base_va, apply_kt=kt, kt_voltage_factor=c_kt,
                                        extra_shunt_pu=y_m)
    ik_inv = inverter_current_a(adjusted, y, inverters, base_va)
    ik3 = result.ik3_a + ik_inv
    return replace(result, ik3_a=ik3, ip_a=result.ip_a + math.sqrt(2.0) * ik_inv, sk_va=math.sqrt(3.0) * adjusted.vn_v * ik3)


def line_to_ground_current_a(vn_v: float, c: float, z1_ohm: complex, z0_ohm: complex) -> float:
    """Initial symmetrical line-to-earth short-circuit current I″k1.

    Parameters
    ----------
    vn_v : float
        Nominal line-to-line voltage U_n [V].
    c : float
        Voltage factor [-].
    z1_ohm : complex
        Positive-sequence short-circuit impedance at the fault, Z(2) = Z(1) (far from generators) [ohm].
    z0_ohm : complex
        Zero-sequence short-circuit impedance at the fault [ohm].

    Returns
    -------
    ik1_a : float
        I″k1 = √3·c·U_n/|2·Z(1) + Z(0)| [A].

    Notes
    -----
    IEC 60909-0:2016, line-to-earth short circuit (clause 7), with Z(2) = Z(1).

    Examples
    --------
    >>> round(line_to_ground_current_a(400.0, 1.05, 0.01j, 0.01j) / 1e3, 3)
    24.249
    """
    return math.sqrt(3.0) * c * vn_v / abs(2.0 * z1_ohm + z0_ohm)


def _add(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    if a is None:
        return b
    return a if b is None else a + b


def mv_breaker_remote_factor(xr_ratio, contact_parting_cycles: float = 3.0, test_xr_ratio: float = 17.0):
    """Multiplying factor of a symmetrical-rated MV breaker for a remote fault with X/R above 17.

    Parameters
    ----------
    xr_ratio : float or numpy.ndarray
        X/R at the fault point from separate R and X networks [-].
    contact_parting_cycles : float
        Minimum contact-parting time of the breaker (3 cycles for a 5-cycle breaker) [-].
    test_xr_ratio : float
        X/R of the breaker's rating basis, 17 for IEEE C37.04/C37.06 breakers [-].

    Returns
    -------
    mf : float or numpy.ndarray
        Factor >= 1 on E/X for the interrupting duty [-].

    Notes
    -----
    IEEE Std C37.010 (application guide for AC high-voltage breakers rated on a symmetrical current
    basis), remote-source curves: the asymmetrical current at contact parting relative to the
    breaker's own basis, MF = sqrt(1 + 2·e^(-4π·c/(X/R))) / sqrt(1 + 2·e^(-4π·c/17)), c the contact
    parting time in cycles; MF >= 1.

    Examples
    --------
    >>> round(mv_breaker_remote_factor(30.0), 3)
    1.135
    """
    xr = np.asarray(xr_ratio, dtype=float)
    num = np.sqrt(1.0 + 2.0 * np.exp(-4.0 * math.pi * contact_parting_cycles / xr))
    den = math.sqrt(1.0 + 2.0 * math.exp(-4.0 * math.pi * contact_parting_cycles / test_xr_ratio))
    mf = np.maximum(num / den, 1.0)
    return float(mf) if mf.ndim == 0 else mf
