"""Converter-fed sources (BESS power conversion systems) as current-limited contributions to the fault current.

:class:`InverterSources` holds the sources as rows of arrays; :func:`inverter_current_a` refers each
source's limited current through the network's transfer impedances to every bus, the contribution
:func:`retrofit.electrical.fault_study.solve_fault_study` adds to the maximum case.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from .network import BASE_VA, Grid


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
    from .admittance import base_current_a
    from .network import energised_buses
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
