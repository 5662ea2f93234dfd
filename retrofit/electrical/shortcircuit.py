"""Three-phase bolted short circuit at every bus (IEC 60909-0:2016) and ANSI/IEEE LV breaker duty.

Method of the equivalent voltage source at the fault location, maximum case: the source voltage
is ``c * U_n / sqrt(3)`` at the fault, every other source is replaced by its internal impedance;
loads, shunts, line capacitances and transformer magnetising branches are neglected and transformer
taps sit in the main position (rated ratio). One sparse factorisation of the short-circuit
admittance matrix gives the Thevenin impedance of every bus (see
:func:`inverse_diagonal`), linear in the size of the network.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from ..errors import OutOfRange, UnknownMethod
from .closing_latching import half_cycle_peak_ratio, half_cycle_rms_ratio
from .admittance import (
    BranchAdmittances,
    assemble_admittance_matrix,
    line_series_impedance_pu,
    transformer_ratio,
    transformer_series_impedance_pu,
    transformer_two_port,
)
from .network import BASE_VA, Grid, energised_buses

_SQRT3 = math.sqrt(3.0)
#: Equivalent frequency of method C for each system frequency (IEC 60909-0:2016, 8.1.3.2 c) [Hz].
EQUIVALENT_FREQUENCY_HZ = {50.0: 20.0, 60.0: 24.0}


# ---------------------------------------------------------------------------------------------
# Element formulas
# ---------------------------------------------------------------------------------------------
def voltage_factor_max(vn_v, lv_tolerance_percent: float = 10.0):
    """Voltage factor c_max of IEC 60909-0:2016 Table 1.

    Parameters
    ----------
    vn_v : float or numpy.ndarray
        Nominal system voltage U_n [V].
    lv_tolerance_percent : float
        Voltage tolerance of the low-voltage system, 6 or 10 [%].

    Returns
    -------
    c_max : float or numpy.ndarray
        1.05 (LV, +6 %), 1.10 (LV, +10 %) for U_n <= 1 kV; 1.10 above [-].

    Notes
    -----
    IEC 60909-0:2016 Table 1: low voltage 100 V to 1 000 V, c_max = 1.05 for systems with a
    tolerance of +6 % and 1.10 for +10 %; medium and high voltage c_max = 1.10.

    Examples
    --------
    >>> voltage_factor_max(415.0, 6)
    1.05
    """
    return voltage_factor(vn_v, lv_tolerance_percent, "max")


#: IEC 60909-0:2016 Table 1: (case, LV tolerance %) -> c for 100 V-1 kV, and case -> c above 1 kV
_C_LV = {("max", 6): 1.05, ("max", 10): 1.10, ("min", 6): 0.95, ("min", 10): 0.90}
_C_MV = {"max": 1.10, "min": 1.00}


def voltage_factor(vn_v, lv_tolerance_percent: float, case: str):
    """Voltage factor c of IEC 60909-0:2016 Table 1 for the ``"max"`` or ``"min"`` case.

    Parameters
    ----------
    vn_v : float or array
        Nominal system voltage [V].
    lv_tolerance_percent : float
        Voltage tolerance of a low-voltage system, 6 or 10 [%].
    case : str
        ``"max"`` or ``"min"``.

    Returns
    -------
    float or array
        c [-].

    Examples
    --------
    >>> voltage_factor(400.0, 6, "min"), voltage_factor(13800.0, 6, "max")
    (0.95, 1.1)
    """
    if lv_tolerance_percent not in (6, 10):
        raise OutOfRange(f"lv_tolerance_percent must be 6 or 10 (IEC 60909-0 Table 1), got {lv_tolerance_percent}")
    if case not in _C_MV:
        raise OutOfRange(f"case must be 'max' or 'min', got {case!r}")
    result = np.where(np.asarray(vn_v, dtype=float) <= 1000.0, _C_LV[(case, int(lv_tolerance_percent))], _C_MV[case])
    return float(result) if result.ndim == 0 else result


def network_feeder_impedance_ohm(un_v: float, sk_va: float, rx_ratio: float, c: float,
                                 rated_ratio: float = 1.0) -> complex:
    """Impedance of a network feeder, optionally referred through a transformer.

    Parameters
    ----------
    un_v : float
        Nominal voltage at the feeder connection point Q [V].
    sk_va : float
        Initial symmetrical short-circuit power S″kQ at Q [VA].
    rx_ratio : float
        R_Q/X_Q [-].
    c : float
        Voltage factor c_Q at Q [-].
    rated_ratio : float
        Rated transformation ratio t_r (HV/LV) to refer the impedance to the LV side [-].

    Returns
    -------
    z_ohm : complex
        R_Q + jX_Q (divided by t_r**2 when referred) [ohm].

    Notes
    -----
    IEC 60909-0:2016, 6.2 (network feeders): Z_Q = c_Q·U_nQ²/S″kQ, X_Q = Z_Q/sqrt(1 + (R/X)²),
    R_Q = (R/X)·X_Q, and Z_Qt = Z_Q/t_r² through the rated ratio of the transformer.

    Examples
    --------
    >>> z = network_feeder_impedance_ohm(20e3, math.sqrt(3) * 20e3 * 10e3, 0.1, 1.1, 20 / 0.41)
    >>> round(z.imag * 1e3, 3)
    0.531
    """
    z = c * un_v**2 / sk_va / rated_ratio**2
    x = z / math.sqrt(1.0 + rx_ratio**2)
    return complex(rx_ratio * x, x)


def transformer_impedance_ohm(vk_percent: float, vkr_percent: float, sn_va: float, vr_v: float) -> complex:
    """Short-circuit impedance of a two-winding transformer referred to the side of ``vr_v``.

    Parameters
    ----------
    vk_percent : float
        Rated short-circuit voltage u_kr [%].
    vkr_percent : float
        Rated resistive part u_Rr = 100·P_krT/S_rT [%].
    sn_va : float
        Rated apparent power S_rT [VA].
    vr_v : float
        Rated voltage U_rT of the side the impedance is referred to [V].

    Returns
    -------
    z_ohm : complex
        R_T + jX_T [ohm].

    Notes
    -----
    IEC 60909-0:2016, 6.3.1, eq. (7) Z_T = u_kr/100·U_rT²/S_rT, (8) R_T = u_Rr/100·U_rT²/S_rT,
    (9) X_T = sqrt(Z_T² - R_T²).

    Examples
    --------
    >>> z = transformer_impedance_ohm(4.0, 100 * 6.5 / 630, 630e3, 410.0)
    >>> round(z.real * 1e3, 3), round(z.imag * 1e3, 3)
    (2.753, 10.312)
    """
    base = vr_v**2 / sn_va
    z = vk_percent / 100.0 * base
    r = vkr_percent / 100.0 * base
    return complex(r, math.sqrt(z**2 - r**2))


def transformer_correction_factor(c_max, vk_percent, vkr_percent):
    """Impedance correction factor K_T of a network transformer.

    Parameters
    ----------
    c_max : float or numpy.ndarray
        Voltage factor of the network on the LV side of the transformer [-].
    vk_percent, vkr_percent : float or numpy.ndarray
        Rated short-circuit voltage and its resistive part [%].

    Returns
    -------
    k_t : float or numpy.ndarray
        K_T [-].

    Notes
    -----
    IEC 60909-0:2016, 6.3.3, eq. (12a): K_T = 0.95·c_max/(1 + 0.6·x_T), with
    x_T = X_T/(U_rT²/S_rT) = sqrt(u_kr² - u_Rr²)/100 the relative reactance. Applied to network
    transformers in the maximum case when the operating conditions before the fault are unknown.

    Examples
    --------
    >>> round(transformer_correction_factor(1.05, 4.0, 100 * 6.5 / 630), 5)
    0.97489
    """
    x_t = np.sqrt(np.asarray(vk_percent, dtype=float) ** 2 - np.asarray(vkr_percent, dtype=float) ** 2) / 100.0
    k_t = 0.95 * np.asarray(c_max, dtype=float) / (1.0 + 0.6 * x_t)
    return float(k_t) if k_t.ndim == 0 else k_t


def peak_factor(rx_ratio):
    """Factor κ of the peak short-circuit current for a given R/X.

    Parameters
    ----------
    rx_ratio : float or numpy.ndarray
        R/X of the short-circuit impedance [-].

    Returns
    -------
    kappa : float or numpy.ndarray
        κ = 1.02 + 0.98·exp(-3·R/X) [-], between 1.02 and 2.0.

    Notes
    -----
    IEC 60909-0:2016, 8.1.2 (single-fed and radial faults): i_p = κ·√2·I″k with
    κ = 1.02 + 0.98·e^(-3R/X).

    Examples
    --------
    >>> round(peak_factor(0.1), 4)
    1.746
    """
    kappa = 1.02 + 0.98 * np.exp(-3.0 * np.asarray(rx_ratio, dtype=float))
    return float(kappa) if kappa.ndim == 0 else kappa


# ---------------------------------------------------------------------------------------------
# Diagonal of the bus impedance matrix: inverse of a sparse complex-symmetric matrix
# ---------------------------------------------------------------------------------------------
def inverse_diagonal(matrix: sp.spmatrix, block_size: int = 256) -> np.ndarray:
    """Diagonal of the inverse of a sparse symmetric matrix from one sparse LU factorisation.

    Parameters
    ----------
    matrix : scipy.sparse matrix
        Square, (complex) symmetric, factorisable without off-diagonal pivoting, e.g. a
        short-circuit bus admittance matrix [pu].
    block_size : int
        Number of right-hand sides per block in the fallback solve [-].

    Returns
    -------
    diagonal : numpy.ndarray
        ``diag(matrix**-1)`` (e.g. the Thevenin impedance of every bus [pu]).

    Notes
    -----
    The matrix is factorised once by SuperLU with a symmetric minimum-degree ordering and diagonal
    pivots, ``P A P' = L D L'``. The entries of ``Z = A**-1`` on the pattern of ``L`` follow from
    the Takahashi recurrence (Takahashi, Fagan & Chen, 1973; Erisman & Tinney, CACM 18(3), 1975)

        Z[i, j] = -sum_k L[k, j] Z[k, i]          (i, k in the column pattern of L below j)
        Z[j, j] = 1/D[j] - sum_k L[k, j] Z[k, j]

    computed level by level of the elimination tree, root first, every column of a level at once.
    The work is the sum over columns of the squared column counts of ``L``: linear in the number of
    buses for radial and lightly meshed power networks. If the factorisation pivoted off the
    diagonal, the diagonal is taken from solves with blocks of unit vectors instead.
    """
    a = sp.csc_matrix(matrix)
    n = a.shape[0]
    if n == 0:
        return np.zeros(0, dtype=a.dtype)
    lu = splu(a, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
              options={"SymmetricMode": True})
    if not np.array_equal(lu.perm_r, lu.perm_c):
        return _inverse_diagonal_by_blocks(lu, n, a.dtype, block_size)
    lower = sp.csc_matrix(sp.tril(lu.L, k=-1))
    lower.sort_indices()
    pivots = lu.U.diagonal()
    z_perm = _takahashi_diagonal(lower, pivots)
    if z_perm is None:
        return _inverse_diagonal_by_blocks(lu, n, a.dtype, block_size)
    return z_perm[lu.perm_c]


def _inverse_diagonal_by_blocks(lu, n: int, dtype, block_size: int) -> np.ndarray:
    out = np.empty(n, dtype=np.result_type(dtype, float))
    for start in range(0, n, block_size):
        stop = min(start + block_size, n)
        rhs = np.zeros((n, stop - start), dtype=out.dtype)
        rhs[np.arange(start, stop), np.arange(stop - start)] = 1.0
        out[start:stop] = lu.solve(rhs)[np.arange(start, stop), np.arange(stop - start)]
    return out


def _takahashi_diagonal(lower: sp.csc_matrix, pivots: np.ndarray) -> np.ndarray | None:
    n = lower.shape[0]
    indptr, rows, values = lower.indptr, lower.indices, lower.data
    counts = np.diff(indptr)
    col = np.repeat(np.arange(n), counts)
    nnz = len(rows)
    # elimination tree: parent = first sub-diagonal row of each column; depth by pointer jumping
    has_parent = counts > 0
    parent = np.arange(n)
    parent[has_parent] = rows[indptr[:-1][has_parent]]
    depth = has_parent.astype(np.int64)
    jump = parent.copy()
    while True:
        nxt = jump[jump]
        if np.array_equal(nxt, jump):
            break
        depth = depth + depth[jump] * (jump != nxt)
        jump = nxt
    # every pair (i, k) of rows in the same column j: Z[i, j] gathers L[k, j] * Z[k, i]
    reps = counts[col]
    pair_count = int(reps.sum())
    e1 = np.repeat(np.arange(nnz), reps)
    within = np.arange(pair_count) - np.repeat(np.cumsum(reps) - reps, reps)
    e2 = indptr[col[e1]] + within
    i, k = rows[e1], rows[e2]
    keys = col.astype(np.int64) * n + rows
    pair_keys = np.minimum(i, k).astype(np.int64) * n + np.maximum(i, k)
    position = np.searchsorted(keys, pair_keys)
    off = i != k
    position = np.where(off, np.minimum(position, max(nnz - 1, 0)), 0)
    if nnz and not np.all(keys[position[off]] == pair_keys[off]):
        return None
    # group columns, entries and pairs by level of the elimination tree
    entry_level = depth[col]
    pair_level = entry_level[e1]
    entry_order = np.argsort(entry_level, kind="stable")
    pair_order = np.argsort(pair_level, kind="stable")
    col_order = np.argsort(depth, kind="stable")
    levels = depth.max() + 1
    entry_bounds = np.searchsorted(entry_level[entry_order], np.arange(levels + 1))
    pair_bounds = np.searchsorted(pair_level[pair_order], np.arange(levels + 1))
    col_bounds = np.searchsorted(depth[col_order], np.arange(levels + 1))
    dtype = np.result_type(values.dtype, pivots.dtype, float)
    z_off = np.zeros(nnz, dtype=dtype)
    z_diag = np.zeros(n, dtype=dtype)
    inv_pivot = 1.0 / pivots
    for level in range(levels):
        p = pair_order[pair_bounds[level]:pair_bounds[level + 1]]
        if len(p):
            source = np.where(off[p], z_off[position[p]], z_diag[i[p]])
            terms = source * values[e2[p]]
            target = e1[p]
            # pairs of one target entry are contiguous (built so), sum them in segments
            starts = np.flatnonzero(np.r_[True, target[1:] != target[:-1]])
            z_off[target[starts]] = -np.add.reduceat(terms, starts)
        cols = col_order[col_bounds[level]:col_bounds[level + 1]]
        z_diag[cols] = inv_pivot[cols]
        e = entry_order[entry_bounds[level]:entry_bounds[level + 1]]
        if len(e):
            # entries of one column are contiguous (CSC order kept by the stable sort)
            owner = col[e]
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            z_diag[owner[starts]] -= np.add.reduceat(values[e] * z_off[e], starts)
    return z_diag


# ---------------------------------------------------------------------------------------------
# Network solution
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ShortCircuitResult:
    """Three-phase short-circuit currents at every bus.

    Attributes
    ----------
    bus_ids : tuple of str
        Bus ids.
    c_max : numpy.ndarray
        Voltage factor at each bus [-].
    ik3_a : numpy.ndarray
        Initial symmetrical short-circuit current I″k [A] (NaN at islanded buses).
    ip_a : numpy.ndarray
        Peak short-circuit current i_p [A].
    sk_va : numpy.ndarray
        Initial symmetrical short-circuit power S″k = √3·U_n·I″k [VA].
    kappa : numpy.ndarray
        Peak factor κ used [-].
    z_thevenin_ohm : numpy.ndarray
        Thevenin (short-circuit) impedance Z_k at each bus, complex [ohm].
    r_ohm, x_ohm : numpy.ndarray
        Its resistance and reactance [ohm].
    rx_ratio : numpy.ndarray
        R/X of Z_k [-].
    xr_ratio : numpy.ndarray
        X/R for the ANSI/IEEE breaker duty, by ``xr_method`` [-].
    transformer_kt : numpy.ndarray
        Correction factor K_T applied to each transformer [-].
    islanded : numpy.ndarray of bool
        Buses with no path to a source.
    kappa_method, xr_method : str
        Methods used.
    """

    bus_ids: tuple[str, ...]
    c_max: np.ndarray
    ik3_a: np.ndarray
    ip_a: np.ndarray
    sk_va: np.ndarray
    kappa: np.ndarray
    z_thevenin_ohm: np.ndarray
    r_ohm: np.ndarray
    x_ohm: np.ndarray
    rx_ratio: np.ndarray
    xr_ratio: np.ndarray
    transformer_kt: np.ndarray
    islanded: np.ndarray
    kappa_method: str
    xr_method: str


def short_circuit_admittance_matrix(grid: Grid, c_max: np.ndarray, *, reactance_scale: float = 1.0,
                                    part: str = "complex", base_va: float = BASE_VA, apply_kt: bool = True,
                                    kt_voltage_factor: np.ndarray | None = None,
                                    extra_shunt_pu: np.ndarray | None = None) -> sp.csr_matrix:
    """Bus admittance matrix of the IEC 60909 short-circuit model [pu].

    Parameters
    ----------
    grid : Grid
        The network.
    c_max : numpy.ndarray
        Voltage factor of each bus [-] (feeder impedances use the factor at the feeder bus, K_T the
        factor at the transformer LV bus).
    reactance_scale : float
        Multiplier of every reactance (``f_c/f`` for method C) [-].
    part : {"complex", "resistance", "reactance"}
        Keep R + jX, or only R, or only jX of every element (separate R and X networks) [-].
    base_va : float
        System base [VA].
    apply_kt : bool
        Multiply transformer impedances by K_T (IEC 60909); False for the ANSI and ohmic methods [-].
    kt_voltage_factor : numpy.ndarray or None
        c_max of each bus for K_T (default ``c_max``; the minimum case still corrects with c_max) [-].
    extra_shunt_pu : numpy.ndarray or None
        Further complex admittance to ground at each bus, e.g. motors feeding the fault [pu].

    Returns
    -------
    y_sc : scipy.sparse.csr_matrix
        Short-circuit admittance matrix: series impedances of lines, K_T-corrected transformers at
        the rated ratio, and the feeder admittances at their buses [pu].
    """
    def pick(z):
        r, x = z.real, z.imag * reactance_scale
        if part == "complex":
            return r + 1j * x
        size = np.abs(r + 1j * x)
        if part == "resistance":
            return np.maximum(r, 1e-9 * size) + 0j
        if part == "reactance":
            return 1j * np.maximum(x, 1e-9 * size)
        raise UnknownMethod(f"unknown part {part!r}; valid: complex, resistance, reactance")

    lines, trafos, sources = grid.lines, grid.transformers, grid.sources
    ys = 1.0 / pick(line_series_impedance_pu(grid, base_va))
    ys = np.where(lines.in_service, ys, 0)
    c_kt = c_max if kt_voltage_factor is None else kt_voltage_factor
    k_t = (transformer_correction_factor(c_kt[trafos.lv_bus], trafos.vk_percent, trafos.vkr_percent) if apply_kt
           else np.ones(len(trafos.ids)))
    z_t = pick(transformer_series_impedance_pu(grid, base_va) * k_t)
    trafo_y = [np.where(trafos.in_service, y, 0) for y in transformer_two_port(
        z_t, np.zeros_like(z_t), transformer_ratio(grid, with_taps=False))]
    branches = BranchAdmittances(
        np.concatenate([lines.from_bus, trafos.hv_bus]), np.concatenate([lines.to_bus, trafos.lv_bus]),
        *(np.concatenate([a, b]).astype(complex) for a, b in zip((ys, -ys, -ys, ys), trafo_y)))
    z_q = c_max[sources.bus] * base_va / sources.sk_max_va
    x_q = z_q / np.sqrt(1.0 + sources.rx_max**2)
    y_q = 1.0 / pick(sources.rx_max * x_q + 1j * x_q)
    shunt = np.bincount(sources.bus, y_q.real, grid.n_bus) + 1j * np.bincount(sources.bus, y_q.imag, grid.n_bus)
    if extra_shunt_pu is not None:
        extra = np.asarray(extra_shunt_pu, dtype=complex)
        with np.errstate(divide="ignore", invalid="ignore"):
            shunt = shunt + np.where(extra != 0, 1.0 / pick(np.where(extra != 0, 1.0 / extra, 1.0)), 0)
    return assemble_admittance_matrix(grid.n_bus, branches, shunt)


def _thevenin_pu(grid: Grid, c_max, energised, **kwargs) -> np.ndarray:
    y = short_circuit_admittance_matrix(grid, c_max, **kwargs)
    z = np.full(grid.n_bus, np.nan + 0j)
    fed = np.flatnonzero(energised)
    if fed.size:
        z[fed] = inverse_diagonal(y[fed][:, fed])
    return z


def _kappa_method_b(grid, c_max, energised, z_pu, rx, base_va, **model):
    kappa_max = np.where(grid.vn_v <= 1000.0, 1.8, 2.0)
    return np.minimum(1.15 * peak_factor(rx), kappa_max)


def _kappa_method_c(grid, c_max, energised, z_pu, rx, base_va, **model):
    try:
        f_c = EQUIVALENT_FREQUENCY_HZ[float(grid.frequency_hz)]
    except KeyError:
        raise OutOfRange(f"method C needs a 50 Hz or 60 Hz system, got {grid.frequency_hz} Hz") from None
    scale = f_c / grid.frequency_hz
    z_c = _thevenin_pu(grid, c_max, energised, reactance_scale=scale, base_va=base_va, **model)
    return peak_factor(z_c.real / z_c.imag * scale)


#: Methods for κ in meshed networks (IEC 60909-0:2016, 8.1.3.2); method A is not offered.
KAPPA_METHODS = {"B": _kappa_method_b, "C": _kappa_method_c}
#: Ways to obtain the fault-point X/R for the ANSI/IEEE duty.
XR_METHODS = ("complex", "separate")


def solve_short_circuit(grid: Grid, *, lv_tolerance_percent: float = 10.0, kappa_method: str = "C",
                        xr_method: str = "complex", base_va: float = BASE_VA, voltage_factor=None,
                        apply_kt: bool = True, motor_admittance_pu=None) -> ShortCircuitResult:
    """Maximum three-phase short-circuit current at every bus by IEC 60909-0:2016.

    Parameters
    ----------
    grid : Grid
        The network (sources need ``sk_max_va`` and ``rx_max``).
    lv_tolerance_percent : float
        Voltage tolerance of the LV system, 6 (c_max 1.05) or 10 (c_max 1.10) [%].
    kappa_method : {"B", "C"}
        Peak factor: "B" R/X at the fault with the 1.15 factor, "C" equivalent frequency [-].
    xr_method : {"complex", "separate"}
        Fault-point X/R for the ANSI/IEEE duty: from the complex Z_k, or from separate R-only and
        X-only network reductions (IEEE Std 551-2006, ANSI C37.010 practice) [-].
    base_va : float
        System base [VA].
    voltage_factor : numpy.ndarray or None
        Voltage factor c of each bus for the source impedances and I″k, when not c_max (c_min of the
        minimum case, 1.0 for the ANSI and ohmic methods); K_T keeps c_max [-].
    apply_kt : bool
        Correct transformer impedances by K_T (IEC 60909-0 eq. (12a)) [-].
    motor_admittance_pu : numpy.ndarray or None
        Complex admittance of the motors feeding the fault at each bus [pu] (see
        :mod:`retrofit.electrical.fault_study`).

    Returns
    -------
    result : ShortCircuitResult
        I″k [A], i_p [A], S″k [VA], κ, Z_k [ohm], R/X and X/R at every bus; K_T of every transformer.

    Notes
    -----
    - Feeders: Z_Q = c_Q·U_nQ²/S″kQ with R/X (6.2), c_Q of the feeder bus, referred to other voltage
      levels through the **rated** transformer ratios (taps in main position, 6.3.1).
    - Transformers: Z_TK = K_T·Z_T, K_T = 0.95·c_max/(1 + 0.6·x_T) (eq. (12a)), c_max of the LV side.
    - Lines and cables: positive-sequence series impedance at 20 °C, capacitance neglected (6.4).
    - I″k = c·U_n/(√3·|Z_k|) (clause 7), S″k = √3·U_n·I″k, i_p = κ·√2·I″k (8.1).
    - κ method B: 1.15·κ(R_k/X_k), limited to 1.8 (LV) and 2.0 (MV/HV), applied at every bus
      (conservative for radial feeds). Method C: κ(R_c/X_c·f_c/f) with Z_c the Thevenin impedance
      at f_c = 20 Hz (50 Hz systems) or 24 Hz (60 Hz) (8.1.3.2).
    - Generators and motors do not contribute; model an isochronous genset as a source with
      S″k = S_rG/x″d. Valid for U_n up to 550 kV, 50/60 Hz, far-from-generator faults.

    References
    ----------
    IEC 60909-0:2016, Short-circuit currents in three-phase a.c. systems - Part 0: Calculation of
    currents. IEC TR 60909-4:2000, examples. IEEE Std 551-2006 (Violet Book), ch. 4.

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder(frequency_hz=50.0)
    >>> _ = b.add_bus("MV", 10e3); _ = b.add_bus("LV", 400.0)
    >>> b.add_source("grid", "MV", sk_max_va=100e6, rx_max=0.1)
    >>> b.add_transformer("T", "MV", "LV", sn_va=0.4e6, vn_hv_v=11e3, vn_lv_v=420.0,
    ...                   vk_percent=6.0, vkr_percent=0.5, parallel=2)
    >>> round(float(solve_short_circuit(b.build()).ik3_a[1]) / 1e3, 4)
    16.9923
    """
    try:
        kappa_function = KAPPA_METHODS[kappa_method]
    except KeyError:
        raise UnknownMethod(f"unknown kappa_method {kappa_method!r}; valid: {', '.join(KAPPA_METHODS)}") from None
    if xr_method not in XR_METHODS:
        raise UnknownMethod(f"unknown xr_method {xr_method!r}; valid: {', '.join(XR_METHODS)}")
    c_kt = np.asarray(voltage_factor_max(grid.vn_v, lv_tolerance_percent), dtype=float).reshape(grid.n_bus)
    c_max = c_kt if voltage_factor is None else np.asarray(voltage_factor, dtype=float).reshape(grid.n_bus)
    model = {"apply_kt": apply_kt, "kt_voltage_factor": c_kt, "extra_shunt_pu": motor_admittance_pu}
    energised = energised_buses(grid)
    z_pu = _thevenin_pu(grid, c_max, energised, base_va=base_va, **model)
    z_ohm = z_pu * grid.vn_v**2 / base_va
    with np.errstate(divide="ignore", invalid="ignore"):
        ik3 = c_max * grid.vn_v / (_SQRT3 * np.abs(z_ohm))
        rx = z_ohm.real / z_ohm.imag
        kappa = np.where(energised, kappa_function(grid, c_max, energised, z_pu, rx, base_va, **model), np.nan)
        if xr_method == "complex":
            xr = z_ohm.imag / z_ohm.real
        else:
            r_sep = _thevenin_pu(grid, c_max, energised, part="resistance", base_va=base_va, **model).real
            x_sep = _thevenin_pu(grid, c_max, energised, part="reactance", base_va=base_va, **model).imag
            xr = x_sep / r_sep
    trafos = grid.transformers
    return ShortCircuitResult(
        bus_ids=grid.bus_ids, c_max=c_max, ik3_a=ik3, ip_a=kappa * math.sqrt(2.0) * ik3,
        sk_va=_SQRT3 * grid.vn_v * ik3, kappa=kappa, z_thevenin_ohm=z_ohm, r_ohm=z_ohm.real,
        x_ohm=z_ohm.imag, rx_ratio=rx, xr_ratio=xr,
        transformer_kt=(np.asarray(transformer_correction_factor(c_kt[trafos.lv_bus], trafos.vk_percent,
                                                                 trafos.vkr_percent), dtype=float).reshape(-1)
                        if apply_kt else np.ones(len(trafos.ids))),
        islanded=~energised, kappa_method=kappa_method, xr_method=xr_method)


# ---------------------------------------------------------------------------------------------
# ANSI/IEEE low-voltage breaker duty
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _DeviceClass:
    standard: str
    basis: str  # "peak" or "rms"
    test_power_factors: tuple[tuple[float, float], ...]  # (up to interrupting current [A], power factor)


#: Test circuits of LV breakers: power factor by interrupting rating, and the duty basis.
DEVICE_KINDS = {
    "lvpcb_unfused": _DeviceClass("IEEE C37.13 (unfused LV power circuit breaker)", "rms", ((math.inf, 0.15),)),
    "lvpcb_fused": _DeviceClass("IEEE C37.13 (fused LV power circuit breaker)", "peak", ((math.inf, 0.20),)),
    "mccb": _DeviceClass("UL 489 (molded-case circuit breaker)", "peak",
                         ((10e3, 0.50), (20e3, 0.30), (math.inf, 0.20))),
    "iccb": _DeviceClass("UL 489 (insulated-case circuit breaker)", "peak",
                         ((10e3, 0.50), (20e3, 0.30), (math.inf, 0.20))),
}


@dataclass(frozen=True)
class DeviceDuty:
    """Interrupting duty of a low-voltage breaker adjusted for the system X/R.

    Attributes
    ----------
    device_kind : str
        Key of :data:`DEVICE_KINDS`.
    test_xr_ratio : float
        X/R of the device's test circuit [-].
    multiplying_factor : float or numpy.ndarray
        MF >= 1 applied to the symmetrical current [-].
    adjusted_duty_a : float or numpy.ndarray
        MF·I_sym, to compare with the symmetrical interrupting rating [A].
    duty_ratio : float or numpy.ndarray
        adjusted duty / interrupting rating [-]; above 1 the device is over-dutied.
    """

    device_kind: str
    test_xr_ratio: float
    multiplying_factor: float | np.ndarray
    adjusted_duty_a: float | np.ndarray
    duty_ratio: float | np.ndarray


def device_duty(ik_sym_a, rx_ratio, device_kind: str, interrupting_a: float) -> DeviceDuty:
    """Symmetrical duty of an LV breaker raised for a system X/R above its test X/R.

    Parameters
    ----------
    ik_sym_a : float or numpy.ndarray
        Symmetrical rms short-circuit current at the device's line side [A].
    rx_ratio : float or numpy.ndarray
        R/X at the fault point [-] (pass ``1 / result.xr_ratio`` for the ANSI X/R chosen by
        ``xr_method``).
    device_kind : {"lvpcb_unfused", "lvpcb_fused", "mccb", "iccb"}
        Device class, which fixes its test circuit and the basis of the factor [-].
    interrupting_a : float
        Symmetrical interrupting rating of the device [A].

    Returns
    -------
    duty : DeviceDuty
        Test X/R, multiplying factor, adjusted duty [A] and duty ratio [-].

    Notes
    -----
    The test X/R follows from the test power factor, X/R = sqrt(1 - pf²)/pf: IEEE C37.13 LV power
    breakers pf 0.15 unfused (X/R 6.6) and 0.20 fused (4.9); UL 489 molded/insulated-case breakers
    pf 0.50 up to 10 kA (1.73), 0.30 for 10-20 kA (3.18), 0.20 above 20 kA (4.9). With
    (X/R) the system value at the fault point,

    - peak basis (fused LVPCB, MCCB, ICCB):
      MF = (1 + e^(-π/(X/R))) / (1 + e^(-π/(X/R)_test));
    - asymmetrical rms basis (unfused LVPCB):
      MF = sqrt(1 + 2·e^(-2π/(X/R))) / sqrt(1 + 2·e^(-2π/(X/R)_test));

    and MF is not taken below 1 (IEEE Std C37.13-2015; IEEE Std 1015-2006 Blue Book; IEEE Std
    551-2006 Violet Book, ch. 9).

    Examples
    --------
    >>> duty = device_duty(40e3, 1 / 8.0, "mccb", 65e3)
    >>> round(duty.multiplying_factor, 3)
    1.097
    """
    try:
        device = DEVICE_KINDS[device_kind]
    except KeyError:
        raise UnknownMethod(f"unknown device_kind {device_kind!r}; valid: {', '.join(DEVICE_KINDS)}") from None
    if not interrupting_a > 0:
        raise OutOfRange(f"interrupting_a must be positive, got {interrupting_a}")
    pf = next(p for limit, p in device.test_power_factors if interrupting_a <= limit)
    test_xr = math.sqrt(1.0 - pf**2) / pf
    rx = np.asarray(rx_ratio, dtype=float)
    if np.any(rx < 0):
        raise OutOfRange("rx_ratio must be >= 0")
    # the half-cycle crest or asymmetrical rms over the test circuit's; a purely reactive fault has X/R = inf
    xr = np.divide(1.0, rx, out=np.full(rx.shape, np.inf), where=rx > 0)
    ratio = half_cycle_peak_ratio if device.basis == "peak" else half_cycle_rms_ratio
    mf = ratio(xr) / ratio(test_xr)
    mf = np.maximum(mf, 1.0)
    adjusted = mf * np.asarray(ik_sym_a, dtype=float)
    as_out = (lambda a: float(a)) if np.ndim(adjusted) == 0 else (lambda a: a)
    return DeviceDuty(device_kind, test_xr, as_out(mf), as_out(adjusted), as_out(adjusted / interrupting_a))
