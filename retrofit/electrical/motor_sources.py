"""Induction motors as short-circuit sources: their locked-rotor impedance, the ANSI multipliers and their
admittance at each bus.

:class:`MotorSources` holds the motor groups as rows of arrays; :func:`motor_admittance_pu` gives the
shunt admittance they add to the short-circuit network at each bus for a method of
:func:`retrofit.electrical.fault_study.solve_fault_study` (the impedance of IEC 60909-0:2016, times the
ANSI/IEEE C37 multiplier for the ANSI networks). :func:`shunt_admittance_pu` is the last step that motors
and generators (:mod:`retrofit.electrical.generator_sources`) share.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import UnknownMethod
from .network import BASE_VA, Grid

#: The two ANSI/IEEE C37 short-circuit networks, each with its motor multipliers.
ANSI_NETWORKS = ("first_cycle", "interrupting")
_HP_W = 745.7
#: Reactance multipliers of induction motors by rated power, IEEE Std C37.010 / C37.13 practice as
#: tabulated in IEEE Std 551-2006 (Violet Book), ch. 4: (upper power limit [W], first-cycle, interrupting);
#: ``inf`` drops the motor from that network.
ANSI_MOTOR_MULTIPLIERS = ((50 * _HP_W, 1.67, math.inf), (1000 * _HP_W, 1.2, 3.0), (math.inf, 1.0, 1.5))


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
