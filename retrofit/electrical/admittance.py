"""Per-unit branch models of a :class:`~retrofit.electrical.network.Grid` and its bus admittance matrix.

Per-unit system
---------------
Every kernel works in per unit on a system base ``base_va`` (1 MVA by default, as pandapower;
:data:`retrofit.electrical.network.BASE_VA`) and, at each bus, the bus nominal line-to-line voltage
``vn_v``. The base impedance of a bus is ``vn_v**2 / base_va`` and its base current
``base_va / (sqrt(3) * vn_v)`` (:func:`base_current_a`).

Branch models
-------------
Lines (cables, busway, overhead lines) are pi sections: series ``r_ohm + j x_ohm`` and half the
total shunt susceptance ``b_s`` at each end.

Two-winding transformers follow the T-equivalent pandapower uses by default (``trafo_model='t'``):
the series impedance from ``vk_percent``/``vkr_percent`` on ``sn_va`` and the rated LV voltage is
split in halves on either side of the magnetising admittance from ``p0_w``/``i0_percent``, all
referred to the LV side; an ideal transformer at the HV terminal carries the off-nominal ratio

    N = (vn_hv_v * tap_ratio / vn_lv_v) / (vn_hv_bus / vn_lv_bus),

so rated voltages that differ from the bus nominal voltages (11/0.42 kV on a 10/0.4 kV network)
and HV taps are both represented. ``tap_ratio`` is the off-nominal multiplier of the HV rated
voltage; with pandapower's ``tap_side='hv'``, ``tap_neutral``, ``tap_pos`` and
``tap_step_percent`` it is ``1 + (tap_pos - tap_neutral) * tap_step_percent / 100``
(:func:`retrofit.electrical.network.tap_ratio_from_position`). No phase shift is modelled
(``shift_degree = 0``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .network import BASE_VA, Grid

_SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True, eq=False)
class BranchAdmittances:
    """Two-port admittances of every branch, lines first then transformers, in per unit.

    ``i_from = yff * v_from + yft * v_to`` and ``i_to = ytf * v_from + ytt * v_to`` (per unit on
    the bus bases); out-of-service branches have all four zero.
    """

    from_bus: np.ndarray
    to_bus: np.ndarray
    yff: np.ndarray
    yft: np.ndarray
    ytf: np.ndarray
    ytt: np.ndarray


def line_series_impedance_pu(grid: Grid, base_va: float = BASE_VA) -> np.ndarray:
    """Series impedance of each line in per unit of its bus base.

    Parameters
    ----------
    grid : Grid
        The network.
    base_va : float
        System base [VA].

    Returns
    -------
    z_pu : numpy.ndarray
        ``(r_ohm + j x_ohm) / (vn_v**2 / base_va)`` per line, complex [pu].
    """
    z_base = grid.vn_v[grid.lines.from_bus] ** 2 / base_va
    return (grid.lines.r_ohm + 1j * grid.lines.x_ohm) / z_base


def transformer_series_impedance_pu(grid: Grid, base_va: float = BASE_VA) -> np.ndarray:
    """Short-circuit impedance of each transformer referred to its LV bus base.

    Parameters
    ----------
    grid : Grid
        The network.
    base_va : float
        System base [VA].

    Returns
    -------
    z_pu : numpy.ndarray
        R + jX per transformer, complex [pu on the LV bus base].

    Notes
    -----
    ``Z = vk/100 * vn_lv_v**2 / sn_va`` and ``R = vkr/100 * vn_lv_v**2 / sn_va`` on the LV side
    (IEC 60909-0:2016 eq. (7)-(9); pandapower's transformer model), divided by the LV bus base
    impedance ``vn_lv_bus**2 / base_va``.

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=50.0)
    >>> _ = [b.add_bus(name, v) for name, v in (("Q", 20e3), ("LV", 410.0))]
    >>> b.add_source("Q", "Q", sk_max_va=3**0.5 * 20e3 * 10e3, rx_max=0.1)
    >>> b.add_transformer("T1", "Q", "LV", sn_va=630e3, vn_hv_v=20e3, vn_lv_v=410.0, vk_percent=4.0, vkr_percent=1.03)
    >>> grid = b.build()
    >>> round(float(abs(transformer_series_impedance_pu(grid)[0])), 4)  # 4 % on 630 kVA = 0.04 / 0.63 on 1 MVA
    0.0635
    """
    t = grid.transformers
    scale = (t.vn_lv_v / grid.vn_v[t.lv_bus]) ** 2 * base_va / t.sn_va
    z = t.vk_percent / 100.0 * scale
    r = t.vkr_percent / 100.0 * scale
    return r + 1j * np.sqrt(z**2 - r**2)


def transformer_magnetising_admittance_pu(grid: Grid, base_va: float = BASE_VA) -> np.ndarray:
    """Magnetising admittance of each transformer on its LV bus base.

    Parameters
    ----------
    grid : Grid
        The network.
    base_va : float
        System base [VA].

    Returns
    -------
    y_pu : numpy.ndarray
        G + jB per transformer (B < 0, inductive), complex [pu on the LV bus base].

    Notes
    -----
    ``G = p0 / vn_lv_v**2``, ``B = -sqrt((i0/100 * sn)**2 - p0**2) / vn_lv_v**2`` (inductive),
    the no-load test read as a shunt at rated LV voltage, as pandapower does (B is clipped at 0
    when ``p0`` exceeds the no-load apparent power).
    """
    t = grid.transformers
    s0 = t.i0_percent / 100.0 * t.sn_va
    b_var = np.sqrt(np.clip(s0**2 - t.p0_w**2, 0.0, None))
    scale = (grid.vn_v[t.lv_bus] / t.vn_lv_v) ** 2 / base_va
    return (t.p0_w - 1j * b_var) * scale


def transformer_ratio(grid: Grid, *, with_taps: bool = True) -> np.ndarray:
    """Off-nominal turns ratio of each transformer, on its HV side.

    Parameters
    ----------
    grid : Grid
        The network.
    with_taps : bool
        False for the rated ratio used by IEC 60909 (taps ignored) [-].

    Returns
    -------
    ratio : numpy.ndarray
        ``N = (vn_hv_v * tap_ratio / vn_lv_v) / (vn_hv_bus / vn_lv_bus)`` [-].
    """
    t = grid.transformers
    tap = t.tap_ratio if with_taps else 1.0
    return (t.vn_hv_v * tap / t.vn_lv_v) / (grid.vn_v[t.hv_bus] / grid.vn_v[t.lv_bus])


def transformer_two_port(z_series: np.ndarray, y_magnetising: np.ndarray, ratio: np.ndarray):
    """Two-port admittances (yff, yft, ytf, ytt) of T-model transformers [pu].

    Parameters
    ----------
    z_series : numpy.ndarray
        Series impedance on the LV bus base [pu], split in equal halves around the magnetising branch.
    y_magnetising : numpy.ndarray
        Magnetising admittance on the LV bus base [pu].
    ratio : numpy.ndarray
        Off-nominal ratio N of the ideal transformer at the HV terminal [-].

    Returns
    -------
    yff, yft, ytf, ytt : numpy.ndarray
        Two-port admittances, HV = from, LV = to [pu].

    Notes
    -----
    For a T with arms ``za = zb = z/2`` and shunt ``ym``, ``D = za + zb + za*zb*ym``;
    ``Y11 = (1 + zb*ym)/D``, ``Y22 = (1 + za*ym)/D``, ``Y12 = Y21 = -1/D``. The ideal transformer
    gives ``yff = Y11/N**2``, ``yft = ytf = Y12/N``, ``ytt = Y22``. With ``ym = 0`` this reduces to
    the series branch ``1/z``. Equal to pandapower's T-to-pi conversion (its default ``trafo_model='t'``).
    """
    za = zb = 0.5 * z_series
    denominator = za + zb + za * zb * y_magnetising
    y11 = (1.0 + zb * y_magnetising) / denominator
    y22 = (1.0 + za * y_magnetising) / denominator
    y12 = -1.0 / denominator
    return y11 / ratio**2, y12 / ratio, y12 / ratio, y22


def branch_admittances(grid: Grid, base_va: float = BASE_VA) -> BranchAdmittances:
    """Load-flow two-port admittances of every line then every transformer.

    Parameters
    ----------
    grid : Grid
        The network.
    base_va : float
        System base [VA].

    Returns
    -------
    branches : BranchAdmittances
        Lines (pi sections) then transformers (T-models with taps) [pu].
    """
    ys = 1.0 / line_series_impedance_pu(grid, base_va)
    half_b = 0.5j * grid.lines.b_s * grid.vn_v[grid.lines.from_bus] ** 2 / base_va
    on = grid.lines.in_service
    line_y = [np.where(on, y, 0) for y in (ys + half_b, -ys, -ys, ys + half_b)]
    t_on = grid.transformers.in_service
    trafo_y = [np.where(t_on, y, 0) for y in transformer_two_port(
        transformer_series_impedance_pu(grid, base_va), transformer_magnetising_admittance_pu(grid, base_va),
        transformer_ratio(grid))]
    return BranchAdmittances(
        np.concatenate([grid.lines.from_bus, grid.transformers.hv_bus]),
        np.concatenate([grid.lines.to_bus, grid.transformers.lv_bus]),
        *(np.concatenate([a, b]).astype(complex) for a, b in zip(line_y, trafo_y)))


def assemble_admittance_matrix(n_bus: int, branches: BranchAdmittances, bus_shunt: np.ndarray) -> sp.csr_matrix:
    """Sparse bus admittance matrix from branch two-ports and bus shunt admittances.

    Parameters
    ----------
    n_bus : int
        Number of buses [-].
    branches : BranchAdmittances
        Two-port admittances [pu].
    bus_shunt : numpy.ndarray
        Shunt admittance at each bus [pu].

    Returns
    -------
    y_bus : scipy.sparse.csr_matrix
        Bus admittance matrix [pu].
    """
    f, t = branches.from_bus, branches.to_bus
    diagonal = np.arange(n_bus)
    rows = np.concatenate([f, f, t, t, diagonal])
    cols = np.concatenate([f, t, f, t, diagonal])
    data = np.concatenate([branches.yff, branches.yft, branches.ytf, branches.ytt,
                           np.asarray(bus_shunt, dtype=complex)])
    return sp.csr_matrix((data, (rows, cols)), shape=(n_bus, n_bus))


def shunt_admittance_pu(grid: Grid, base_va: float = BASE_VA) -> np.ndarray:
    """Shunt admittance at each bus from the shunt elements.

    Parameters
    ----------
    grid : Grid
        The network.
    base_va : float
        System base [VA].

    Returns
    -------
    y_pu : numpy.ndarray
        ``sum (p_w - j q_var) / base_va`` at each bus, complex [pu].
    """
    y = (grid.shunts.p_w - 1j * grid.shunts.q_var) / base_va
    return (np.bincount(grid.shunts.bus, y.real, grid.n_bus)
            + 1j * np.bincount(grid.shunts.bus, y.imag, grid.n_bus))


def admittance_matrix(grid: Grid, base_va: float = BASE_VA) -> sp.csr_matrix:
    """Load-flow bus admittance matrix in per unit (scipy CSR, complex).

    Parameters
    ----------
    grid : Grid
        The network.
    base_va : float
        System base [VA].

    Returns
    -------
    y_bus : scipy.sparse.csr_matrix
        Bus admittance matrix [pu]: line pi sections, transformer T-models with off-nominal ratio
        and taps, shunts. Out-of-service branches are left out.

    Notes
    -----
    ``Y = sum over branches of the two-port stamps`` (Grainger & Stevenson, *Power System
    Analysis*, 1994, sec. 7.2 and 9.6 for the off-nominal transformer); the models are described
    in the module docstring and match pandapower's defaults.
    """
    return assemble_admittance_matrix(grid.n_bus, branch_admittances(grid, base_va),
                                      shunt_admittance_pu(grid, base_va))


def base_current_a(vn_v: np.ndarray, base_va: float = BASE_VA) -> np.ndarray:
    """Base current of buses of a given nominal voltage.

    Parameters
    ----------
    vn_v : numpy.ndarray
        Nominal line-to-line voltage [V].
    base_va : float
        System base [VA].

    Returns
    -------
    i_base_a : numpy.ndarray
        ``base_va / (sqrt(3) * vn_v)`` [A].

    Examples
    --------
    >>> import numpy as np
    >>> base_current_a(np.array([410.0])).round(1)  # 1 MVA base
    array([1408.2])
    """
    return base_va / (_SQRT3 * np.asarray(vn_v, dtype=float))
