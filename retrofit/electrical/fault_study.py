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
ANSI and ohmic. Converter-fed sources (BESS inverters) add their current-limited contribution to the
maximum case. The sources' models are in :mod:`retrofit.electrical.motor_sources`,
:mod:`retrofit.electrical.generator_sources` and :mod:`retrofit.electrical.inverter_sources`; their
records are importable from here as well (see ``__all__``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..errors import OutOfRange, UnknownMethod
from .closing_latching import asymmetrical_rms_ratio
from .generator_sources import GeneratorSources, generator_admittance_pu
from .inverter_sources import InverterSources, inverter_current_a
from .motor_sources import MotorSources, motor_admittance_pu
from .network import BASE_VA, Grid
from .shortcircuit import ShortCircuitResult, solve_short_circuit, voltage_factor, voltage_factor_max

__all__ = [
    "METHODS", "CASES", "RESISTANCE_TEMPERATURE_COEFFICIENT", "voltage_factor_min", "FaultStudyOptions",
    "study_grid", "solve_fault_study", "line_to_ground_current_a", "mv_breaker_remote_factor",
    "MotorSources", "GeneratorSources", "InverterSources",
]

METHODS = ("iec60909", "ansi", "ohmic")
CASES = ("max", "min")
#: Temperature coefficient of conductor resistance used for the end-of-fault temperature [1/K]
#: (IEC 60909-0:2016, minimum short-circuit currents: R_L = [1 + 0.004/K·(θ_e − 20 °C)]·R_L20).
RESISTANCE_TEMPERATURE_COEFFICIENT = 0.004


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
    :data:`~retrofit.electrical.motor_sources.ANSI_MOTOR_MULTIPLIERS`; its X/R for breaker duty is the
    ``separate`` R and X reduction.

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
    num = np.asarray(asymmetrical_rms_ratio(xr_ratio, contact_parting_cycles))
    den = asymmetrical_rms_ratio(test_xr_ratio, contact_parting_cycles)
    mf = np.maximum(num / den, 1.0)
    return float(mf) if mf.ndim == 0 else mf
