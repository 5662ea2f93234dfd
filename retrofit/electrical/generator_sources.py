"""Synchronous generators as short-circuit sources: subtransient impedance, the IEC 60909 correction K_G, their
admittance at each bus, the generator-only (islanded) network and the breaking-current factor μ.

:class:`GeneratorSources` holds the running generators as rows of arrays; :func:`generator_admittance_pu`
gives the shunt admittance they add to the short-circuit network of
:func:`retrofit.electrical.fault_study.solve_fault_study` (Z_G·K_G under IEC 60909-0:2016 6.6.1, X″d × 1.0
under ANSI and ohmic); :func:`islanded_grid` makes them the only sources when the utility is out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .motor_sources import shunt_admittance_pu
from .network import BASE_VA, Grid
from .shortcircuit import voltage_factor_max


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
