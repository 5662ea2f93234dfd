"""Balanced three-phase AC load flow: implicit Z-bus iteration, or sparse Newton-Raphson in polar form.

Every bus with an external grid is a slack bus (voltage magnitude and angle fixed), every other
bus with a generator is a PV bus, the rest are PQ buses with constant-power loads. Buses not
connected to any source are islanded: they are left out of the solve and reported with NaN
voltages. A network whose free buses are all PQ buses is solved by the implicit Z-bus iteration
(:mod:`retrofit.electrical.current_injection`: the admittance matrix factorised once); Newton-Raphson
solves the networks with PV generators and takes over, from the same start, when that iteration stalls.
The solver never raises on divergence; it returns ``converged=False`` with a diagnosis.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from ..errors import OutOfRange
from .current_injection import solve_current_injection
from .admittance import admittance_matrix, base_current_a, branch_admittances
from .network import BASE_VA, Grid, energised_buses

_SQRT3 = math.sqrt(3.0)
METHODS = ("auto", "newton", "current injection")
"""Load-flow methods of :func:`solve_load_flow`."""
_CHORD_CONTRACTION = 1e-2
"""A step with a reused (older) Jacobian is kept when it cuts the largest mismatch at least a
hundredfold, as Newton steps near the solution do; otherwise it is discarded and the Jacobian rebuilt
and factored at the current point (a Newton-chord hybrid that converges like Newton)."""


@dataclass(frozen=True, eq=False)
class BranchFlows:
    """Flows through lines or transformers (``from`` = HV side for transformers).

    Attributes
    ----------
    ids : tuple of str
        Element ids.
    i_from_a, i_to_a : numpy.ndarray
        Current magnitude at each end [A].
    p_from_w, q_from_var, p_to_w, q_to_var : numpy.ndarray
        Power flowing into the branch at each end [W], [var].
    loss_w : numpy.ndarray
        Active power loss ``p_from_w + p_to_w`` [W].
    loading_percent : numpy.ndarray
        Lines: ``max(i_from, i_to) / i_max_a``; transformers: the larger of
        ``sqrt(3)*i_hv*vn_hv_v`` and ``sqrt(3)*i_lv*vn_lv_v`` over ``sn_va`` (pandapower's
        current-based loading) [%].
    """

    ids: tuple[str, ...]
    i_from_a: np.ndarray
    i_to_a: np.ndarray
    p_from_w: np.ndarray
    q_from_var: np.ndarray
    p_to_w: np.ndarray
    q_to_var: np.ndarray
    loss_w: np.ndarray
    loading_percent: np.ndarray


@dataclass(frozen=True, eq=False)
class LoadFlowResult:
    """Result of :func:`solve_load_flow`.

    Attributes
    ----------
    converged : bool
        True if the largest power mismatch fell below ``tol``.
    iterations : int
        Newton iterations done.
    max_mismatch_pu : float
        Largest active or reactive power mismatch at the end [pu on 1 MVA].
    diagnosis : str
        Empty when converged; otherwise what failed, at which bus, by how much, and a hint.
    bus_ids : tuple of str
        Bus ids.
    vm_pu : numpy.ndarray
        Voltage magnitude [pu] (NaN at islanded buses).
    va_deg : numpy.ndarray
        Voltage angle [deg] (NaN at islanded buses).
    v_v : numpy.ndarray
        Line-to-line voltage magnitude [V].
    v_pu : numpy.ndarray
        Complex voltage [pu] (0 at islanded buses), usable as ``init`` of a later solve.
    islanded : numpy.ndarray of bool
        Buses with no path to a source.
    lines, transformers : BranchFlows
        Branch flows.
    source_p_w, source_q_var : numpy.ndarray
        Power delivered by each external grid [W], [var].
    generator_q_var : numpy.ndarray
        Reactive power delivered by each generator [var].
    losses_w : float
        Total active loss in lines and transformers [W].
    slack_p_w, slack_q_var : float
        Total power delivered by the external grids [W], [var].
    method : str
        The method that produced the result: ``"current injection"`` (implicit Z-bus iteration) or
        ``"newton"`` (Newton-Raphson).
    """

    converged: bool
    iterations: int
    max_mismatch_pu: float
    diagnosis: str
    bus_ids: tuple[str, ...]
    vm_pu: np.ndarray
    va_deg: np.ndarray
    v_v: np.ndarray
    v_pu: np.ndarray
    islanded: np.ndarray
    lines: BranchFlows
    transformers: BranchFlows
    source_p_w: np.ndarray
    source_q_var: np.ndarray
    generator_q_var: np.ndarray
    losses_w: float
    slack_p_w: float
    slack_q_var: float
    method: str = "newton"

    @property
    def islanded_bus_ids(self) -> tuple[str, ...]:
        """Ids of the islanded buses."""
        return tuple(b for b, off in zip(self.bus_ids, self.islanded) if off)


def _per_bus(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    values = np.asarray(values)
    if np.iscomplexobj(values):
        return np.bincount(index, values.real, n) + 1j * np.bincount(index, values.imag, n)
    return np.bincount(index, values, n)


class _Jacobian:
    """Polar Newton-Raphson Jacobian assembled from the CSR pattern of Y (structure reused)."""

    def __init__(self, y_bus: sp.csr_matrix, pvpq: np.ndarray, pq: np.ndarray):
        n = y_bus.shape[0]
        self.y = y_bus
        self.row = np.repeat(np.arange(n), np.diff(y_bus.indptr))
        self.col = y_bus.indices
        pos_a = np.full(n, -1)
        pos_a[pvpq] = np.arange(len(pvpq))
        pos_m = np.full(n, -1)
        pos_m[pq] = len(pvpq) + np.arange(len(pq))
        self.size = len(pvpq) + len(pq)
        r, c = self.row, self.col
        d = np.arange(n)
        # four blocks for the Y pattern, then four for the diagonal terms
        self.blocks = []
        for rows_pos, cols_pos, ri, ci in ((pos_a, pos_a, r, c), (pos_a, pos_m, r, c),
                                           (pos_m, pos_a, r, c), (pos_m, pos_m, r, c),
                                           (pos_a, pos_a, d, d), (pos_a, pos_m, d, d),
                                           (pos_m, pos_a, d, d), (pos_m, pos_m, d, d)):
            keep = (rows_pos[ri] >= 0) & (cols_pos[ci] >= 0)
            self.blocks.append((keep, rows_pos[ri][keep], cols_pos[ci][keep]))
        # the CSC structure is the same at every iteration: find once where each entry lands (entries at
        # the same position, the diagonal of Y and the diagonal terms, are summed)
        rows = np.concatenate([b[1] for b in self.blocks])
        cols = np.concatenate([b[2] for b in self.blocks])
        keys, self._slot = np.unique(cols.astype(np.int64) * self.size + rows, return_inverse=True)
        self._indices = (keys % self.size).astype(np.int32)
        self._indptr = np.concatenate([[0], np.cumsum(np.bincount(keys // self.size, minlength=self.size))]).astype(
            np.int32)

    def __call__(self, v: np.ndarray) -> sp.csc_matrix:
        vm = np.abs(v)
        unit = np.divide(v, vm, out=np.zeros_like(v), where=vm > 0)
        current = self.y @ v
        yv = self.y.data * v[self.col]
        yu = self.y.data * unit[self.col]
        vi = v[self.row]
        # MATPOWER dSbus_dV (Zimmerman et al., IEEE Trans. Power Syst. 26(1), 2011), element-wise
        ds_dva_off = -1j * vi * np.conj(yv)
        ds_dvm_off = vi * np.conj(yu)
        ds_dva_diag = 1j * v * np.conj(current)
        ds_dvm_diag = np.conj(current) * unit
        parts = (ds_dva_off.real, ds_dvm_off.real, ds_dva_off.imag, ds_dvm_off.imag,
                 ds_dva_diag.real, ds_dvm_diag.real, ds_dva_diag.imag, ds_dvm_diag.imag)
        data = np.concatenate([p[keep] for p, (keep, _, _) in zip(parts, self.blocks)])
        summed = np.bincount(self._slot, weights=data, minlength=len(self._indices))
        return sp.csc_matrix((summed, self._indices, self._indptr), shape=(self.size, self.size))


def solve_load_flow(grid: Grid, *, tol: float = 1e-8, max_iter: int = 30, init=None,
                    base_va: float = BASE_VA, method: str = "auto") -> LoadFlowResult:
    """Solve the balanced AC load flow of ``grid`` (implicit Z-bus iteration or Newton-Raphson).

    Parameters
    ----------
    grid : Grid
        The network.
    tol : float
        Convergence limit on the largest P or Q mismatch [pu on ``base_va``].
    max_iter : int
        Largest number of iterations of each method tried [-].
    init : LoadFlowResult or numpy.ndarray or None
        Warm start: a previous result on the same buses or a complex voltage per bus [pu];
        ``None`` for a flat start.
    base_va : float
        System base [VA].
    method : str
        One of ``METHODS``: ``"auto"`` (the implicit Z-bus iteration when every free bus is a PQ bus,
        Newton-Raphson from the same start when it stalls or when there are PV generators), ``"newton"``
        or ``"current injection"`` (no fallback: a stall is reported as not converged).

    Returns
    -------
    result : LoadFlowResult
        Bus voltages [pu, deg, V], branch currents [A], flows [W, var], losses [W],
        loading [%], source and generator powers, convergence data and diagnosis.

    Notes
    -----
    Both methods stop on the same criterion, the largest P or Q mismatch ``<= tol``, hence at the same
    operating point. The implicit Z-bus iteration is described in
    :func:`~retrofit.electrical.current_injection.solve_current_injection`.

    Newton-Raphson: mismatch ``F = [Re dS(pv, pq); Im dS(pq)]`` with ``dS = V * conj(Y V) - S_spec``;
    the Jacobian holds ``dS/dVa = j diag(V) conj(diag(I) - Y diag(V))`` and
    ``dS/dVm = diag(V) conj(Y diag(V/|V|)) + conj(diag(I)) diag(V/|V|)`` (Zimmerman, Murillo-Sánchez
    & Thomas, MATPOWER, IEEE Trans. Power Syst. 26(1), 2011; Tinney & Hart, IEEE Trans. PAS-86,
    1967). Its CSC structure is built once; it is factorised by SuperLU with a minimum-degree ordering
    of ``J + Jᵀ`` and diagonal pivots preferred (the pattern is structurally symmetric). The LU is
    reused for further steps while each step still cuts the mismatch at least a hundredfold, and
    rebuilt otherwise (the discarded trial step costs one triangular solve; ``iterations`` counts the
    steps taken): a Newton-chord hybrid with the same fixed point and tolerance as plain Newton and
    fewer factorisations. Generator reactive limits are not enforced. Valid for balanced
    positive-sequence steady state.

    Examples
    --------
    >>> from retrofit.electrical.network import GridBuilder
    >>> b = GridBuilder()
    >>> _ = b.add_bus("S", 415.0); _ = b.add_bus("R", 415.0)
    >>> b.add_source("grid", "S", sk_max_va=50e6)
    >>> b.add_line("cable", "S", "R", r_ohm=0.01, x_ohm=0.005)
    >>> b.add_load("rack", "R", p_w=135e3, q_var=19e3)
    >>> result = solve_load_flow(b.build())
    >>> round(float(result.vm_pu[1]), 4)
    0.9915
    """
    if max_iter < 0 or not tol > 0:
        raise OutOfRange(f"need tol > 0 and max_iter >= 0, got {tol}, {max_iter}")
    if method not in METHODS:
        raise OutOfRange(f"unknown load-flow method {method!r}; expected one of {', '.join(METHODS)}")
    n = grid.n_bus
    y_bus = admittance_matrix(grid, base_va)
    energised = energised_buses(grid)
    src, gen = grid.sources, grid.generators
    slack = np.zeros(n, dtype=bool)
    slack[src.bus] = True
    pv_mask = np.zeros(n, dtype=bool)
    pv_mask[gen.bus] = True
    pv_mask &= ~slack & energised
    pq = np.flatnonzero(energised & ~slack & ~pv_mask)
    pvpq = np.flatnonzero(energised & ~slack)

    s_load = _per_bus(grid.loads.bus, (grid.loads.p_w + 1j * grid.loads.q_var) / base_va, n)
    p_gen = _per_bus(gen.bus, gen.p_w / base_va, n)
    s_spec = p_gen - s_load

    v = _initial_voltage(grid, init, energised)
    if method == "current injection" and pvpq.size != pq.size:
        raise OutOfRange("the current-injection load flow takes PQ buses only; the grid has PV generators "
                         "(use method='newton' or 'auto')")
    if method != "newton" and pvpq.size == pq.size:  # no PV bus: the implicit Z-bus iteration first
        fast = solve_current_injection(y_bus, s_spec, v, pq, np.flatnonzero(slack & energised), tol=tol,
                                       max_iter=max_iter)
        if fast.converged or method == "current injection":
            return _result(grid, y_bus, fast.v, fast.ds, energised, slack, fast.converged, fast.iterations,
                           fast.max_mismatch_pu, fast.reason, base_va, "current injection")
    jacobian = _Jacobian(y_bus, pvpq, pq)

    def mismatch(v_now):
        ds = v_now * np.conj(y_bus @ v_now) - s_spec
        return ds, np.concatenate([ds[pvpq].real, ds[pq].imag])

    def step(v_now, dx):
        """The voltages after a Newton correction ``dx``, their mismatch and its largest entry."""
        va, vm = np.angle(v_now), np.abs(v_now)
        va[pvpq] -= dx[:len(pvpq)]
        vm[pq] -= dx[len(pvpq):]
        v_next = vm * np.exp(1j * va)
        ds_next, f_next = mismatch(v_next)
        return v_next, ds_next, f_next, float(np.max(np.abs(f_next))) if f_next.size else 0.0

    ds, f = mismatch(v)
    norm = float(np.max(np.abs(f))) if f.size else 0.0
    iterations = 0
    failure = ""
    lu, fresh, polished, attempts = None, False, False, 0
    while norm > tol and iterations < max_iter and attempts < 2 * max_iter:
        attempts += 1
        if lu is None:
            try:
                lu, fresh = splu(jacobian(v), permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.1,
                                 options={"SymmetricMode": True}), True
            except RuntimeError as exc:  # singular Jacobian
                failure = f"singular Jacobian ({exc})"
                break
        dx = lu.solve(f)
        if not np.all(np.isfinite(dx)):
            failure = "singular Jacobian"
            break
        v_new, ds_new, f_new, norm_new = step(v, dx)
        if not fresh and not norm_new < _CHORD_CONTRACTION * norm:
            lu = None  # the reused Jacobian no longer contracts fast: refactor at this point and step again
            continue
        iterations += 1
        v, ds, f, norm = v_new, ds_new, f_new, norm_new
        polished, fresh = not fresh, False
        if not np.isfinite(norm) or norm > 1e10:
            failure = "diverged"
            break
    if norm <= tol and lu is not None and iterations and polished and norm > 0.0:
        # the last step reused an older Jacobian and stopped just under tol: one more triangular solve gives
        # the digits a last Newton step would (a Newton step from that point lands far below tol)
        v_new, ds_new, f_new, norm_new = step(v, lu.solve(f))
        if norm_new < norm:
            v, ds, f, norm = v_new, ds_new, f_new, norm_new
    converged = bool(norm <= tol)
    return _result(grid, y_bus, v, ds, energised, slack, converged, iterations, norm, failure, base_va, "newton")


def _initial_voltage(grid: Grid, init, energised) -> np.ndarray:
    n = grid.n_bus
    src, gen = grid.sources, grid.generators
    # flat start at the angle of the first source bus (all sources share it in practice)
    va0 = math.radians(float(src.va_deg[0])) if len(src.ids) else 0.0
    v = np.full(n, np.exp(1j * va0), dtype=complex)
    if init is not None:
        given = init.v_pu if isinstance(init, LoadFlowResult) else np.asarray(init, dtype=complex)
        if given.shape != (n,):
            raise OutOfRange(f"init has {given.size} voltages, the grid has {n} buses")
        usable = np.isfinite(given) & (np.abs(given) > 0.3)
        v[usable] = given[usable]
    vm = np.abs(v)
    vm[gen.bus] = gen.vm_pu
    v = vm * np.exp(1j * np.angle(v))
    v[src.bus] = src.vm_pu * np.exp(1j * np.radians(src.va_deg))
    v[~energised] = 0.0
    return v


def _result(grid, y_bus, v, ds, energised, slack, converged, iterations, norm, failure, base_va, method):
    n = grid.n_bus
    branches = branch_admittances(grid, base_va)
    f, t = branches.from_bus, branches.to_bus
    i_from = branches.yff * v[f] + branches.yft * v[t]
    i_to = branches.ytf * v[f] + branches.ytt * v[t]
    s_from = v[f] * np.conj(i_from) * base_va
    s_to = v[t] * np.conj(i_to) * base_va
    ib = base_current_a(grid.vn_v, base_va)
    flows = (np.abs(i_from) * ib[f], np.abs(i_to) * ib[t], s_from.real, s_from.imag, s_to.real, s_to.imag)
    n_line = len(grid.lines.ids)
    line_flow = [x[:n_line] for x in flows]
    trafo_flow = [x[n_line:] for x in flows]
    trafos = grid.transformers
    with np.errstate(divide="ignore", invalid="ignore"):
        line_loading = np.maximum(line_flow[0], line_flow[1]) / grid.lines.i_max_a * 100.0
        trafo_loading = (np.maximum(trafo_flow[0] * trafos.vn_hv_v, trafo_flow[1] * trafos.vn_lv_v)
                         * _SQRT3 / trafos.sn_va * 100.0)
    lines = BranchFlows(grid.lines.ids, *line_flow, line_flow[2] + line_flow[4], line_loading)
    transformers = BranchFlows(trafos.ids, *trafo_flow, trafo_flow[2] + trafo_flow[4], trafo_loading)

    # bus injections: what the sources and generators deliver = injection + local load
    s_inject = v * np.conj(y_bus @ v)
    s_load = _per_bus(grid.loads.bus, (grid.loads.p_w + 1j * grid.loads.q_var) / base_va, n)
    p_gen = _per_bus(grid.generators.bus, grid.generators.p_w / base_va, n)
    src, gen = grid.sources, grid.generators
    per_bus_sources = np.bincount(src.bus, minlength=n)
    s_source_bus = (s_inject + s_load - p_gen) * base_va
    share = s_source_bus[src.bus] / np.maximum(per_bus_sources[src.bus], 1)
    share = np.where(energised[src.bus], share, 0.0)
    gen_count = np.bincount(gen.bus, minlength=n)
    q_gen_bus = (s_inject.imag + s_load.imag) * base_va
    gen_q = np.where(slack[gen.bus] | ~energised[gen.bus], np.nan,
                     q_gen_bus[gen.bus] / np.maximum(gen_count[gen.bus], 1))

    vm = np.where(energised, np.abs(v), np.nan)
    va = np.where(energised, np.degrees(np.angle(v)), np.nan)
    losses = float(np.nansum(lines.loss_w) + np.nansum(transformers.loss_w))
    diagnosis = "" if converged else _diagnose(grid, v, ds, energised, slack, failure, iterations, norm,
                                              lines, transformers, base_va)
    islanded = ~energised
    return LoadFlowResult(
        converged=converged, iterations=iterations, max_mismatch_pu=norm, diagnosis=diagnosis,
        bus_ids=grid.bus_ids, vm_pu=vm, va_deg=va, v_v=vm * grid.vn_v, v_pu=np.where(energised, v, 0),
        islanded=islanded, lines=lines, transformers=transformers,
        source_p_w=share.real, source_q_var=share.imag, generator_q_var=gen_q, losses_w=losses,
        slack_p_w=float(share.real.sum()), slack_q_var=float(share.imag.sum()), method=method)


def _diagnose(grid, v, ds, energised, slack, failure, iterations, norm, lines, transformers, base_va) -> str:
    """Explain a failed solve: what, where, how far, and a likely cause."""
    free = energised & ~slack
    what = failure or f"no convergence in {iterations} iterations"
    if not free.any():
        return what
    error = np.where(free & np.isfinite(ds), np.abs(ds), -1.0)
    worst = int(np.argmax(error))
    vm = np.abs(v[energised])
    parts = [f"{what}: largest mismatch {norm:.3g} pu at bus {grid.bus_ids[worst]!r} "
             f"(P {ds[worst].real * base_va / 1e3:.4g} kW, Q {ds[worst].imag * base_va / 1e3:.4g} kvar, "
             f"|V| {abs(v[worst]):.3f} pu)"]
    loadings = np.concatenate([lines.loading_percent, transformers.loading_percent])
    names = lines.ids + transformers.ids
    finite = np.where(np.isfinite(loadings), loadings, -1.0)
    if not np.all(np.isfinite(vm)) or vm.min() < 0.5 or norm > 1e-3:
        magnitudes = np.where(free & np.isfinite(v), np.abs(v), np.inf)
        low = int(np.argmin(magnitudes))
        where = (f", lowest voltage {magnitudes[low]:.3f} pu at bus {grid.bus_ids[low]!r}"
                 if np.isfinite(magnitudes[low]) else "")
        parts.append(f"hint: voltage collapse - no operating point found{where}; the demand exceeds what the "
                     "feeders can transfer (past the nose of the P-V curve): reduce the load or lower the "
                     "feeder impedance")
    else:
        parts.append("hint: slow convergence - the mismatch is small; raise max_iter")
    if finite.size and finite.max() > 100.0:
        k = int(np.argmax(finite))
        parts.append(f"overload: {names[k]!r} carries {finite[k]:.0f} % of its rating at the last iterate")
    if (~energised).any():
        off = [b for b, e in zip(grid.bus_ids, energised) if not e]
        parts.append(f"{len(off)} islanded bus(es) without a source, not solved: {', '.join(off[:5])}"
                     + (" ..." if len(off) > 5 else ""))
    return "; ".join(parts)
