"""Backward/forward sweep load flow of a radial network, prepared once and re-solved for many outages.

The N-1 study (:mod:`retrofit.electrical.contingency`) uses it on the normal radial data-hall
distribution: buses in depth-first order from each slack bus, branch currents summed backwards from the
loads, voltages updated forwards from the source, warm-started from the intact solution and stopped on
the same power-mismatch criterion as Newton-Raphson (:func:`retrofit.electrical.loadflow.solve_load_flow`).
A sweep that does not converge is handed to Newton by the caller.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .loadflow import LoadFlowResult
from .network import (BASE_VA, BranchAdmittances, Grid, base_current_a, branch_admittances,
                      shunt_admittance_pu)

_SQRT3 = math.sqrt(3.0)

@dataclass(frozen=True, eq=False)
class OutageFlow:
    """Bus voltages and branch loadings of one outage, from either solver.

    Attributes
    ----------
    converged : bool
        True when the largest power mismatch is below the tolerance.
    iterations : int
        Sweeps (radial) or Newton iterations.
    max_mismatch_pu : float
        Largest active or reactive power mismatch [pu on 1 MVA].
    method : str
        ``"radial"`` or ``"newton"``.
    vm_pu, va_deg : numpy.ndarray
        Voltage magnitude [pu] and angle [deg] of each network bus (NaN when islanded).
    line_loading_percent, transformer_loading_percent : numpy.ndarray
        Branch loadings as in :class:`~retrofit.electrical.loadflow.BranchFlows` [%].
    diagnosis : str
        Why a solve failed (empty when converged).
    """

    converged: bool
    iterations: int
    max_mismatch_pu: float
    method: str
    vm_pu: np.ndarray
    va_deg: np.ndarray
    line_loading_percent: np.ndarray
    transformer_loading_percent: np.ndarray
    diagnosis: str = ""


class RadialSweep:
    """Backward/forward sweep load flow of a radial network, prepared once for many outages.

    Build it with :meth:`prepare` (``None`` when the network is not radial) and call :meth:`solve` per
    outage.

    Notes
    -----
    Every branch two-port (line pi section, transformer T-model with off-nominal ratio N) is written as
    its exact pi equivalent: series admittance ``-y_ft`` and shunts ``y_ff + y_ft`` and ``y_tt + y_tf``
    at its ends (exact because ``y_ft = y_tf`` without phase shift; Grainger & Stevenson, *Power
    System Analysis*, 1994, sec. 9.6). The shunts join the bus shunts. Each bus ``c`` but the roots is
    fed by one branch of series impedance ``z_c``; one sweep is

        I_bus = conj(S / V) + Y_sh V                       (load and shunt currents)
        I_c   = sum of I_bus over the subtree of c          (backward: branch currents)
        V'_i  = V_root - sum of z_c I_c over the path to i  (forward: drops from the root)

    (Shirmohammadi et al., IEEE Trans. Power Syst. 3(2), 1988; Teng, IEEE Trans. Power Deliv. 18(3),
    2003). The buses are numbered in depth-first pre-order, so every subtree is a contiguous range
    ``[c, end_c)``: the subtree sums are differences of one prefix sum, and the path sums are one prefix
    sum of ``+z_c I_c`` at ``c`` and ``-z_c I_c`` at ``end_c``. A sweep is a handful of vector
    operations, linear in the number of buses whatever the depth of the tree. The new voltages satisfy
    Kirchhoff's current law with the previous load currents, so the Newton mismatch of ``V'`` is
    exactly ``dS = S (1 - V'/V) + V' conj(Y_sh (V' - V))``: the sweep stops on the same criterion as
    :func:`~retrofit.electrical.loadflow.solve_load_flow` (largest P or Q mismatch below ``tol``),
    hence at the same operating point. Convergence is linear with a ratio about the largest relative
    voltage drop (a few per cent in a data hall); an outage is a small change of the intact state, so a
    warm start needs a handful of sweeps. An outage removes branches: the buses below them (a
    contiguous range each) are islanded and the removed branches' pi shunts leave their buses. Valid
    when the in-service network is a forest with one slack bus per tree and no PV generator off the
    slack buses.
    """

    def __init__(self, grid: Grid, base_va: float, order: np.ndarray, end: np.ndarray, z: np.ndarray,
                 is_root: np.ndarray, v_root: np.ndarray, base_v: np.ndarray, y_shunt: np.ndarray,
                 branch_child: np.ndarray, adm: BranchAdmittances):
        self.grid, self.base_va = grid, base_va
        self.order, self.end, self.z, self.is_root = order, end, z, is_root   # all in pre-order positions
        self.v_root, self.base_v, self.y_shunt = v_root, base_v, y_shunt
        self.branch_child, self.branch = branch_child, adm
        n = grid.n_bus
        self.position = np.full(n, -1, dtype=np.int64)
        self.position[order] = np.arange(order.size)
        load_position = self.position[grid.loads.bus]
        self._load_rows = np.flatnonzero(load_position >= 0)
        self._load_position = load_position[self._load_rows]
        self._shunt_from = (self.position[adm.from_bus], adm.yff + adm.yft)
        self._shunt_to = (self.position[adm.to_bus], adm.ytt + adm.ytf)
        t = grid.transformers
        ib = base_current_a(grid.vn_v, base_va)
        self._i_scale_from = ib[adm.from_bus]
        self._i_scale_to = ib[adm.to_bus]
        with np.errstate(divide="ignore"):
            self._line_scale = 100.0 / grid.lines.i_max_a
        self._trafo_scale_hv = _SQRT3 * t.vn_hv_v / t.sn_va * 100.0
        self._trafo_scale_lv = _SQRT3 * t.vn_lv_v / t.sn_va * 100.0
        self._n_line = len(grid.lines.ids)

    @classmethod
    def prepare(cls, grid: Grid, base: LoadFlowResult | np.ndarray, base_va: float = BASE_VA):
        """A sweep solver for ``grid`` warm-started from ``base`` (a converged intact solution), or ``None``.

        Parameters
        ----------
        grid : Grid
            The intact network.
        base : LoadFlowResult or numpy.ndarray
            Its converged load flow, or its complex bus voltages [pu].
        base_va : float
            System base [VA].

        Returns
        -------
        sweep : RadialSweep or None
            ``None`` when the energised network is not radial with one slack bus per island, or has a PV
            generator off a slack bus (then the outages are solved by Newton).
        """
        n = grid.n_bus
        base_v = np.asarray(base.v_pu if isinstance(base, LoadFlowResult) else base, dtype=complex)
        src = grid.sources
        slack = np.unique(src.bus)
        if len(slack) == 0 or not np.isin(grid.generators.bus, slack).all():
            return None
        adm = branch_admittances(grid, base_va)
        if not np.allclose(adm.yft, adm.ytf, rtol=1e-12, atol=0.0):
            return None
        in_service = np.concatenate([grid.lines.in_service, grid.transformers.in_service])
        f, t = adm.from_bus, adm.to_bus
        adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for b in np.flatnonzero(in_service):
            adjacency[f[b]].append((int(b), int(t[b])))
            adjacency[t[b]].append((int(b), int(f[b])))
        parent_branch = np.full(n, -1, dtype=np.int64)
        seen = np.zeros(n, dtype=bool)
        order: list[int] = []
        end = np.zeros(n, dtype=np.int64)
        root_of = np.full(n, -1, dtype=np.int64)
        for root in slack:  # depth-first, children in the order the branches were built
            if seen[root]:
                return None  # two slack buses in one island: meshed through the sources
            seen[root] = True
            stack = [(int(root), -1, False)]
            while stack:
                u, via, done = stack.pop()
                if done:
                    end[u] = len(order)
                    continue
                root_of[u], parent_branch[u] = root, via
                order.append(u)
                stack.append((u, via, True))
                for b, w in reversed(adjacency[u]):
                    if b == via:
                        continue
                    if seen[w]:
                        return None  # a loop
                    seen[w] = True
                    stack.append((w, b, False))
        order = np.array(order, dtype=np.int64)
        position = np.full(n, -1, dtype=np.int64)
        position[order] = np.arange(order.size)
        child = order[parent_branch[order] >= 0]
        z = np.zeros(order.size, dtype=complex)
        z[position[child]] = -1.0 / adm.yft[parent_branch[child]]  # series impedance of the feeding branch
        on = in_service & (root_of[f] >= 0)
        y_shunt = shunt_admittance_pu(grid, base_va).astype(complex)
        for ends, values in ((f, adm.yff + adm.yft), (t, adm.ytt + adm.ytf)):
            y_shunt += np.bincount(ends[on], values[on].real, n) + 1j * np.bincount(ends[on], values[on].imag, n)
        set_point = np.zeros(n, dtype=complex)
        set_point[src.bus] = src.vm_pu * np.exp(1j * np.radians(src.va_deg))
        warm = base_v.copy()
        warm[src.bus] = set_point[src.bus]
        branch_child = np.full(in_service.size, -1, dtype=np.int64)
        branch_child[parent_branch[child]] = position[child]
        return cls(grid, base_va, order, end[order], z, parent_branch[order] < 0, set_point[root_of[order]],
                   warm[order], y_shunt[order], branch_child, adm)

    def solve(self, out_branches: np.ndarray, p_w: np.ndarray, q_var: np.ndarray, *, tol: float = 1e-8,
              max_sweeps: int = 60) -> OutageFlow:
        """Load flow with the branches ``out_branches`` (lines first, then transformers) out of service.

        Parameters
        ----------
        out_branches : numpy.ndarray of int
            Indices of the branches out of service, lines numbered first then transformers [-].
        p_w, q_var : numpy.ndarray
            Power of every load row of the grid [W], [var].
        tol : float
            Largest P or Q mismatch at convergence [pu on ``base_va``].
        max_sweeps : int
            Largest number of sweeps [-].

        Returns
        -------
        flow : OutageFlow
            Voltages [pu, deg] and loadings [%]; ``converged=False`` when the sweep did not reach ``tol``.
        """
        m = self.order.size
        out_branches = np.asarray(out_branches, dtype=np.int64)
        cut = self.branch_child[out_branches]
        cut = cut[cut >= 0]
        dead_mask = np.zeros(m, dtype=bool)
        if cut.size:  # each cut branch islands the contiguous range of its subtree
            marks = np.zeros(m + 1, dtype=np.int64)
            np.add.at(marks, cut, 1)
            np.add.at(marks, self.end[cut], -1)
            dead_mask = np.cumsum(marks[:m]) > 0
        dead = np.flatnonzero(dead_mask)
        free = np.flatnonzero(~dead_mask & ~self.is_root)
        y_shunt = self.y_shunt.copy()
        for ends, values in (self._shunt_from, self._shunt_to):
            where = ends[out_branches]
            keep = where >= 0
            np.subtract.at(y_shunt, where[keep], values[out_branches][keep])
        rows, at = self._load_rows, self._load_position
        s = (np.bincount(at, np.asarray(p_w)[rows], m)
             + 1j * np.bincount(at, np.asarray(q_var)[rows], m)) / self.base_va
        # dead buses: no load, no shunt, voltage held at 1 so that no division fails (reported as NaN)
        s[dead] = 0.0
        y_shunt[dead] = 0.0
        s_conj = np.conj(s)
        v = self.base_v.copy()
        v[dead] = 1.0
        v_root = self.v_root.copy()
        v_root[dead] = 1.0
        z, end = self.z, self.end
        prefix = np.zeros(m + 1, dtype=complex)
        norm, sweeps = 0.0, 0
        converged = free.size == 0
        while not converged and sweeps < max_sweeps:
            sweeps += 1
            current = s_conj / np.conj(v)
            current += y_shunt * v
            np.cumsum(current, out=prefix[1:])
            drop = (prefix[end] - prefix[:m]) * z          # z_c I_c, zero at the roots
            closing = np.bincount(end, drop.real, m + 1) + 1j * np.bincount(end, drop.imag, m + 1)
            v_new = v_root - np.cumsum(drop - closing[:m])
            v_new[dead] = 1.0
            # Newton mismatch of v_new: KCL holds with the previous load currents
            mismatch = (s - v_new * np.conj(current - y_shunt * v_new))[free]
            norm = float(np.abs(mismatch.view(float)).max())
            v = v_new
            if not norm < 1e10 or (norm > 1e-3 and np.abs(v[free]).min() < 0.3):
                break  # diverging or collapsing: Newton will diagnose it
            converged = norm <= tol
        v[dead] = 0.0
        v_bus = np.zeros(self.grid.n_bus, dtype=complex)
        v_bus[self.order] = v
        alive = np.zeros(self.grid.n_bus, dtype=bool)
        alive[self.order[~dead_mask]] = True
        return self._flow(v_bus, alive, converged, sweeps, norm)

    def _flow(self, v, alive, converged, sweeps, norm) -> OutageFlow:
        a = self.branch
        f, t = a.from_bus, a.to_bus
        both = alive[f] & alive[t]  # a branch with a dead end carries no current (out or islanded)
        i_from = np.where(both, a.yff * v[f] + a.yft * v[t], 0.0)
        i_to = np.where(both, a.ytf * v[f] + a.ytt * v[t], 0.0)
        i_from_a = np.abs(i_from) * self._i_scale_from
        i_to_a = np.abs(i_to) * self._i_scale_to
        nl = self._n_line
        with np.errstate(invalid="ignore"):
            line = np.maximum(i_from_a[:nl], i_to_a[:nl]) * self._line_scale
        trafo = np.maximum(i_from_a[nl:] * self._trafo_scale_hv, i_to_a[nl:] * self._trafo_scale_lv)
        vm = np.where(alive, np.abs(v), np.nan)
        va = np.where(alive, np.degrees(np.angle(v)), np.nan)
        diagnosis = "" if converged else (f"backward/forward sweep stopped after {sweeps} sweeps at mismatch "
                                          f"{norm:.3g} pu")
        return OutageFlow(bool(converged), sweeps, norm, "radial", vm, va, line, trafo, diagnosis)


# --- running every outage ----------------------------------------------------------------------
