"""Backward/forward sweep load flow of a radial network, prepared once and re-solved for many outages.

The N-1 study (:mod:`retrofit.electrical.contingency`) uses it on the normal radial data-hall
distribution: buses in depth-first order from each slack bus, branch currents summed backwards from the
loads, voltages updated forwards from the source, warm-started from the intact solution and stopped on
the same power-mismatch criterion as Newton-Raphson (:func:`retrofit.electrical.loadflow.solve_load_flow`).
A sweep that does not converge is handed to Newton by the caller. :meth:`RadialSweep.solve_feeders`
re-solves only the feeders (subtrees hanging off a slack bus) an outage changes, for many outages at once.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .loadflow import LoadFlowResult
from .admittance import BranchAdmittances, base_current_a, branch_admittances, shunt_admittance_pu
from .network import BASE_VA, Grid

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


def _diagnosis(converged: bool, sweeps: int, norm: float) -> str:
    return "" if converged else f"backward/forward sweep stopped after {sweeps} sweeps at mismatch {norm:.3g} pu"


@dataclass(frozen=True, eq=False)
class FeederFlows:
    """Load flows of several outages in the feeders they change; every other bus and branch as intact.

    Attributes
    ----------
    sweep : RadialSweep
        The solver (its :attr:`RadialSweep.base_flow` holds the values of everything else).
    buses : numpy.ndarray of int
        Network buses re-solved (the changed feeders' buses, in depth-first order) [-].
    vm_pu, va_deg : numpy.ndarray
        One row per outage: voltage magnitude [pu] and angle [deg] of ``buses`` (NaN when islanded).
    branches : numpy.ndarray of int
        Branches re-computed, ascending (lines first, then transformers) [-].
    loading_percent : numpy.ndarray
        One row per outage: loading of ``branches`` as in :class:`OutageFlow` [%].
    converged : numpy.ndarray of bool
        Per outage, the largest power mismatch reached the tolerance.
    iterations : numpy.ndarray of int
        Sweeps per outage [-].
    max_mismatch_pu : numpy.ndarray
        Largest active or reactive power mismatch per outage [pu on the system base].
    """

    sweep: "RadialSweep"
    buses: np.ndarray
    vm_pu: np.ndarray
    va_deg: np.ndarray
    branches: np.ndarray
    loading_percent: np.ndarray
    converged: np.ndarray
    iterations: np.ndarray
    max_mismatch_pu: np.ndarray

    def flow(self, r: int) -> OutageFlow:
        """Outage ``r`` on the whole network: its feeders' values over the intact ones.

        Parameters
        ----------
        r : int
            Row (outage) [-].

        Returns
        -------
        flow : OutageFlow
            Voltages [pu, deg] and loadings [%] of every bus and branch.
        """
        base = self.sweep.base_flow
        vm, va = base.vm_pu.copy(), base.va_deg.copy()
        vm[self.buses], va[self.buses] = self.vm_pu[r], self.va_deg[r]
        loading = np.concatenate([base.line_loading_percent, base.transformer_loading_percent])
        loading[self.branches] = self.loading_percent[r]
        nl = base.line_loading_percent.size
        converged, sweeps, norm = bool(self.converged[r]), int(self.iterations[r]), float(self.max_mismatch_pu[r])
        return OutageFlow(converged, sweeps, norm, "radial", vm, va, loading[:nl], loading[nl:],
                          _diagnosis(converged, sweeps, norm))


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
        self._prepare_feeders()

    def _prepare_feeders(self) -> None:
        """The feeders (subtrees hanging off a slack bus) and the intact state that outages leave alone."""
        m, end, grid = self.order.size, self.end, self.grid
        starts = []
        for r in np.flatnonzero(self.is_root):  # the children of a root are consecutive ranges [c, end_c)
            c = r + 1
            while c < end[r]:
                starts.append(c)
                c = end[c]
        self.feeder_start = np.array(starts, dtype=np.int64)
        self.feeder_end = end[self.feeder_start]
        self.feeder_of = np.full(m, -1, dtype=np.int64)  # by position; -1 at the slack buses
        self.feeder_of[~self.is_root] = np.repeat(np.arange(self.feeder_start.size),
                                                  self.feeder_end - self.feeder_start)
        a = self.branch
        ends = np.stack([self.position[a.from_bus], self.position[a.to_bus]])
        feeder_at = np.where(ends >= 0, self.feeder_of[np.maximum(ends, 0)], -1)
        lo, hi = feeder_at.min(axis=0), feeder_at.max(axis=0)
        # a branch's home: its feeder, -1 when it touches none (fixed), -2 across two feeders (recomputed always)
        self.branch_home = np.where((lo >= 0) & (lo != hi), -2, hi)
        by_home = np.argsort(self.branch_home, kind="stable")
        counts = np.bincount(self.branch_home[self.branch_home >= 0], minlength=self.feeder_start.size)
        first = np.searchsorted(self.branch_home[by_home], 0)
        self._feeder_branch_ptr = first + np.concatenate([[0], np.cumsum(counts)])
        self._branches_by_home = by_home
        self._cross_branches = np.flatnonzero(self.branch_home == -2)
        self._row_position = self.position[grid.loads.bus]
        self.base_s = (np.bincount(self._load_position, grid.loads.p_w[self._load_rows], m)
                       + 1j * np.bincount(self._load_position, grid.loads.q_var[self._load_rows], m)) / self.base_va
        v_bus = np.zeros(grid.n_bus, dtype=complex)
        v_bus[self.order] = self.base_v
        self.base_v_bus = v_bus
        self.base_alive = self.position >= 0
        self.base_flow = self._flow(v_bus, self.base_alive, True, 0, 0.0)

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

    def touched_feeders(self, out_branches: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The feeders whose equations an outage changes: where it removes branches or changes loads.

        Parameters
        ----------
        out_branches : numpy.ndarray of int
            Branches out of service (lines first, then transformers) [-].
        rows : numpy.ndarray of int
            Load rows whose power differs from the intact network's [-].

        Returns
        -------
        feeders : numpy.ndarray of int
            Sorted feeder indices (a feeder is a subtree hanging off a slack bus) [-].
        """
        a = self.branch
        out_branches = np.asarray(out_branches, dtype=np.int64)
        at = np.concatenate([self.position[a.from_bus[out_branches]], self.position[a.to_bus[out_branches]],
                             self._row_position[np.asarray(rows, dtype=np.int64)]])
        feeders = self.feeder_of[at[at >= 0]]
        return np.unique(feeders[feeders >= 0])

    def solve_feeders(self, feeders: np.ndarray, changes: list, *, tol: float = 1e-8,
                      max_sweeps: int = 60) -> "FeederFlows":
        """Load flows of several outages that change the same feeders, re-solving only those feeders.

        Parameters
        ----------
        feeders : numpy.ndarray of int
            The feeders every outage may change (:meth:`touched_feeders`, or a superset) [-].
        changes : list of tuple
            One ``(out_branches, rows, p_w, q_var)`` per outage: the branches out of service (lines
            first, then transformers), and the load rows whose power changes with their new power [W],
            [var]. Every other row keeps the intact network's power.
        tol : float
            Largest P or Q mismatch at convergence [pu on ``base_va``].
        max_sweeps : int
            Largest number of sweeps [-].

        Returns
        -------
        flows : FeederFlows
            Voltages of the feeders' buses and loadings of their branches, one row per outage; every
            other bus and branch keeps its intact value (:attr:`base_flow`).

        Notes
        -----
        A slack bus holds its voltage whatever the load, so a feeder whose loads, shunts and branches
        are unchanged keeps exactly the equations, hence the operating point, of the intact network:
        only the changed feeders are swept. The outages are swept together as rows of one array (the
        same operations as :meth:`solve`, one row per outage), each row stopped at its own convergence.
        """
        feeders = np.unique(np.asarray(feeders, dtype=np.int64))
        starts, stops = self.feeder_start[feeders], self.feeder_end[feeders]
        lengths = stops - starts
        offset = np.concatenate([[0], np.cumsum(lengths)])
        n = int(offset[-1])
        shift = np.repeat(starts - offset[:-1], lengths)
        at = np.arange(n) + shift                         # position of each local bus
        local_end = self.end[at] - shift
        z, v_root = self.z[at], self.v_root[at]
        by_end = np.argsort(local_end, kind="stable")
        closed = np.searchsorted(local_end[by_end], np.arange(n), side="right")

        shift_of = starts - offset[:-1]

        def local_of(positions: np.ndarray) -> np.ndarray:
            """Local index of each position, -1 outside the feeders given (a search, not a network-sized map)."""
            positions = np.asarray(positions, dtype=np.int64)
            if not starts.size:
                return np.full(positions.shape, -1, dtype=np.int64)
            j = np.maximum(np.searchsorted(starts, positions, side="right") - 1, 0)
            return np.where((positions >= starts[j]) & (positions < stops[j]), positions - shift_of[j], -1)

        k = len(changes)
        s = np.tile(self.base_s[at], (k, 1))
        y_shunt = np.tile(self.y_shunt[at], (k, 1))
        dead = np.zeros((k, n), dtype=bool)
        p_base, q_base = self.grid.loads.p_w, self.grid.loads.q_var
        for r, (out_branches, rows, p_w, q_var) in enumerate(changes):
            out_branches = np.asarray(out_branches, dtype=np.int64)
            rows = np.asarray(rows, dtype=np.int64)
            where = self._row_position[rows]
            keep = where >= 0
            keep[keep] = ~self.is_root[where[keep]]  # a slack bus's load moves no voltage
            where = local_of(where[keep])
            if (where < 0).any():
                raise ValueError("an outage changes a load outside the feeders given")
            delta = ((np.asarray(p_w, float)[keep] - p_base[rows[keep]])
                     + 1j * (np.asarray(q_var, float)[keep] - q_base[rows[keep]])) / self.base_va
            np.add.at(s[r], where, delta)
            for ends, values in (self._shunt_from, self._shunt_to):
                where = ends[out_branches]
                where = np.where(where >= 0, local_of(np.maximum(where, 0)), -1)  # -1: a slack bus, not swept
                keep = where >= 0
                np.subtract.at(y_shunt[r], where[keep], values[out_branches][keep])
            cut = self.branch_child[out_branches]
            cut = cut[cut >= 0]
            if cut.size:  # each cut branch islands the contiguous range of its subtree
                marks = np.zeros(n + 1, dtype=np.int64)
                np.add.at(marks, local_of(cut), 1)
                np.add.at(marks, local_of(cut) + self.end[cut] - cut, -1)
                dead[r] = np.cumsum(marks[:n]) > 0
        s[dead] = 0.0
        y_shunt[dead] = 0.0
        s_conj = np.conj(s)
        v = np.tile(self.base_v[at], (k, 1))
        v[dead] = 1.0
        v_roots = np.tile(v_root, (k, 1))
        v_roots[dead] = 1.0
        free = ~dead
        converged = ~free.any(axis=1)
        sweeps = np.zeros(k, dtype=np.int64)
        norm = np.zeros(k)
        active = np.flatnonzero(~converged)
        # the rows still sweeping, gathered once and shrunk only when some rows stop
        va, sa, sca, ya, da, vra = (x[active] for x in (v, s, s_conj, y_shunt, dead, v_roots))
        it = 0
        while active.size and it < max_sweeps:
            it += 1
            current = sca / np.conj(va)
            current += ya * va
            prefix = np.zeros((active.size, n + 1), dtype=complex)
            np.cumsum(current, axis=1, out=prefix[:, 1:])
            drop = (prefix[:, local_end] - prefix[:, :n]) * z          # z_c I_c
            closing = np.zeros((active.size, n + 1), dtype=complex)
            np.cumsum(drop[:, by_end], axis=1, out=closing[:, 1:])    # drops of the subtrees already closed
            v_new = vra - (np.cumsum(drop, axis=1) - closing[:, closed])
            v_new[da] = 1.0
            mismatch = sa - v_new * np.conj(current - ya * v_new)
            mismatch[da] = 0.0
            row_norm = np.abs(mismatch.view(float)).max(axis=1)
            va = v_new
            sweeps[active], norm[active] = it, row_norm
            low = np.where(da, np.inf, np.abs(v_new)).min(axis=1)
            failed = ~(row_norm < 1e10) | ((row_norm > 1e-3) & (low < 0.3))  # Newton will diagnose it
            done = row_norm <= tol
            stop = done | failed
            if stop.any():
                v[active[stop]] = va[stop]
                converged[active[done & ~failed]] = True
                keep = ~stop
                active = active[keep]
                va, sa, sca, ya, da, vra = (x[keep] for x in (va, sa, sca, ya, da, vra))
        v[active] = va  # rows stopped by max_sweeps
        v[dead] = 0.0
        buses = self.order[at]
        branches = np.sort(np.concatenate([self._branches_by_home[self._feeder_branch_ptr[f]:
                                                                  self._feeder_branch_ptr[f + 1]]
                                           for f in feeders] + [self._cross_branches]))
        a = self.branch
        ends_v, ends_alive = [], []
        for bus in (a.from_bus[branches], a.to_bus[branches]):
            j = local_of(np.maximum(self.position[bus], 0))
            j = np.where(self.position[bus] >= 0, j, -1)
            mine = j >= 0
            ends_v.append(np.where(mine, v[:, np.maximum(j, 0)], self.base_v_bus[bus]))
            ends_alive.append(np.where(mine, free[:, np.maximum(j, 0)], self.base_alive[bus]))
        loading = self._loading(branches, ends_v[0], ends_v[1], ends_alive[0] & ends_alive[1])
        return FeederFlows(self, buses, np.where(free, np.abs(v), np.nan),
                           np.where(free, np.degrees(np.angle(v)), np.nan), branches, loading,
                           converged, sweeps, norm)

    def _loading(self, branches, v_from, v_to, both) -> np.ndarray:
        """Loading [%] of ``branches`` (lines first, then transformers) given their end voltages [pu]."""
        a = self.branch
        i_from = np.where(both, a.yff[branches] * v_from + a.yft[branches] * v_to, 0.0)
        i_to = np.where(both, a.ytf[branches] * v_from + a.ytt[branches] * v_to, 0.0)
        i_from_a = np.abs(i_from) * self._i_scale_from[branches]
        i_to_a = np.abs(i_to) * self._i_scale_to[branches]
        nl = self._n_line
        line, trafo = branches < nl, branches >= nl
        out = np.empty(np.broadcast(i_from_a, i_to_a).shape)
        with np.errstate(invalid="ignore"):
            out[..., line] = np.maximum(i_from_a[..., line], i_to_a[..., line]) * self._line_scale[branches[line]]
        k = branches[trafo] - nl
        out[..., trafo] = np.maximum(i_from_a[..., trafo] * self._trafo_scale_hv[k],
                                     i_to_a[..., trafo] * self._trafo_scale_lv[k])
        return out

    def _flow(self, v, alive, converged, sweeps, norm) -> OutageFlow:
        a = self.branch
        f, t = a.from_bus, a.to_bus
        both = alive[f] & alive[t]  # a branch with a dead end carries no current (out or islanded)
        loading = self._loading(np.arange(f.size), v[f], v[t], both)
        nl = self._n_line
        vm = np.where(alive, np.abs(v), np.nan)
        va = np.where(alive, np.degrees(np.angle(v)), np.nan)
        return OutageFlow(bool(converged), sweeps, norm, "radial", vm, va, loading[:nl], loading[nl:],
                          _diagnosis(converged, sweeps, norm))

