"""Summation-law sums of many current injections on a radial network, in time linear in the network.

The harmonic load flow (:mod:`retrofit.electrical.harmonics`) needs, at each order and for every bus,
``sum_p w_p |Z[b, p]|**alpha``: the contributions ``Z[b, p]`` of every injection pattern ``p`` combined by
the IEC TR 61000-3-6 summation law. The law is not linear in the contributions, so the patterns cannot be
added before a solve; one solve per pattern over every bus costs patterns x buses, quadratic in the
campus. On a radial network (a forest once parallel branches are merged) the same sums follow from a
few passes over the tree, because a bus's voltage is tied to its parent's by a ratio that does not depend
on the injection as long as the injection lies entirely on one side of the branch between them.

Notation (per order, ``a`` the parent of bus ``c``, the branch between them merged into one two-port
with ``i_a = y_aa v_a + y_ac v_c`` and ``i_c = y_ca v_a + y_cc v_c``, ``Yd(c)`` the admittance of the
subtree below ``c``, its own shunt included):

- no injection below ``c``: ``v_c = d_c v_a`` with ``d_c = -y_ca / (y_cc + Yd(c))``; the subtree draws
  ``Yin(c) = y_aa + y_ac d_c`` at ``a``, so ``Yd(a) = shunt(a) + sum_children Yin`` (leaves to roots);
- driving point: ``Z[root, root] = 1 / Yd(root)`` and, from the Schur complement of ``Z`` at ``a`` (the
  bus ``a`` grounded leaves ``c``'s subtree alone behind ``y_cc``),
  ``Z[c, c] = 1 / (y_cc + Yd(c)) + d_c d'_c Z[a, a]`` with ``d'_c = -y_ac / (y_cc + Yd(c))`` (the ratio
  of the transposed network, equal to ``d_c`` when the branch is reciprocal);
- every injection below ``c``: ``v_a = u_c v_c`` with ``u_c = Z[a, c] / Z[c, c] = d'_c Z[a, a] / Z[c, c]``.

A pattern's injections meet at the lowest bus ``q`` above all of them; outside the paths from its feeds
to ``q`` (its Steiner nodes) its voltage follows from its value at ``q`` by these ratios. With ``E`` the
summation exponent and ``A(c)`` the sum over the patterns whose ``q`` lies below ``c`` (``c`` included):

``A(c) = own(c) + sum_children |u_k|**E A(k)``;
``L(root) = A(root)``, ``L(c) = A(c) + |d_c|**E (L(a) - |u_c|**E A(c)) + Delta(c)``,

where ``own(c)`` holds ``w_p |z_p(q)|**E`` of the patterns with ``q = c`` and ``Delta(c)`` replaces, for
a pattern with more than one feed whose Steiner nodes hold ``c`` below its ``q``, the ratio's value by the
pattern's own ``z_p(c)``, computed from its feeds' driving points along its paths. ``L(b)`` is the sum
at bus ``b``. The current at a branch end, ``alpha v_a + beta v_c``, takes ``|alpha u_c + beta|**E A(c)``
from below and ``|alpha + beta d_c|**E (L(a) - |u_c|**E A(c))`` from above, with the same corrections.

The work is a few vector operations per tree level and a short walk per multi-fed pattern: linear in
buses and patterns. A network with a loop (a closed ring or tie) is not radial: :func:`radial_tree`
returns None and the caller solves by factorisation.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RadialTree:
    """The energised buses as a forest rooted at source buses, with the branches merged per bus pair.

    Attributes
    ----------
    parent : numpy.ndarray of int
        Parent bus of each bus, -1 for a root or a dead bus [-].
    live : numpy.ndarray of bool
        Energised buses [-].
    levels : tuple of numpy.ndarray
        Buses at each depth, roots first [-].
    branch_child : numpy.ndarray of int
        Per branch, the bus below it in the tree; -1 for a branch out of service or between dead buses [-].
    branch_from_is_parent : numpy.ndarray of bool
        Per branch, True when its ``from`` end is the parent side [-].
    """

    parent: np.ndarray
    live: np.ndarray
    levels: tuple[np.ndarray, ...]
    branch_child: np.ndarray
    branch_from_is_parent: np.ndarray


def radial_tree(n_bus: int, from_bus: np.ndarray, to_bus: np.ndarray, in_service: np.ndarray,
                live: np.ndarray, roots: Sequence[int]) -> RadialTree | None:
    """The forest of the energised network, or None when it has a loop.

    Parameters
    ----------
    n_bus : int
        Buses [-].
    from_bus, to_bus : numpy.ndarray of int
        Branch ends [-].
    in_service : numpy.ndarray of bool
        Branches in service [-].
    live : numpy.ndarray of bool
        Energised buses (each connected to one of ``roots``) [-].
    roots : sequence of int
        Source buses; each component is rooted at the first of its own [-].

    Examples
    --------
    >>> import numpy as np
    >>> t = radial_tree(3, np.array([0, 1]), np.array([1, 2]), np.array([True, True]), np.ones(3, bool), [0])
    >>> t.parent.tolist(), [lv.tolist() for lv in t.levels]
    ([-1, 0, 1], [[0], [1], [2]])
    >>> radial_tree(3, np.array([0, 1, 2]), np.array([1, 2, 0]), np.ones(3, bool), np.ones(3, bool), [0]) is None
    True
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import breadth_first_order

    f, t = np.asarray(from_bus, dtype=int), np.asarray(to_bus, dtype=int)
    on = np.asarray(in_service, dtype=bool) & live[f] & live[t] & (f != t)
    lo, hi = np.minimum(f[on], t[on]), np.maximum(f[on], t[on])
    pairs = np.unique(lo * n_bus + hi)
    graph = sp.csr_matrix((np.ones(len(pairs)), (pairs // n_bus, pairs % n_bus)), shape=(n_bus, n_bus))
    parent = np.full(n_bus, -1)
    depth = np.full(n_bus, -1)
    seen = np.zeros(n_bus, dtype=bool)
    components = 0
    for root in roots:
        if not live[root] or seen[root]:
            continue
        order, pred = breadth_first_order(graph, int(root), directed=False, return_predecessors=True)
        seen[order] = True
        components += 1
        parent[order[1:]] = pred[order[1:]]
        depth[root] = 0
        for node in order[1:]:
            depth[node] = depth[pred[node]] + 1
    n_live = int(np.count_nonzero(live))
    if int(np.count_nonzero(seen)) != n_live or len(pairs) != n_live - components:
        return None  # a loop, or an energised bus no root reaches
    levels = tuple(np.nonzero(depth == k)[0] for k in range(int(depth.max()) + 1)) if n_live else ()
    child = np.full(len(f), -1)
    from_is_parent = np.zeros(len(f), dtype=bool)
    k = np.nonzero(on)[0]
    down_to = parent[t[k]] == f[k]
    child[k] = np.where(down_to, t[k], f[k])
    from_is_parent[k] = down_to
    return RadialTree(parent, np.asarray(live, dtype=bool), levels, child, from_is_parent)


@dataclass(frozen=True)
class RadialFactors:
    """Ratios and driving points of a radial network at several orders, arrays of shape (buses, orders).

    Attributes
    ----------
    d, d_t : numpy.ndarray of complex
        ``v_c / v_a`` with no injection below ``c``, in the network and in its transpose [-].
    u : numpy.ndarray of complex
        ``v_a / v_c`` with every injection below ``c`` [-].
    z_dp : numpy.ndarray of complex
        Driving-point impedance ``Z[b, b]`` [pu].
    """

    d: np.ndarray
    d_t: np.ndarray
    u: np.ndarray
    z_dp: np.ndarray


def edge_two_ports(tree: RadialTree, yff: np.ndarray, yft: np.ndarray, ytf: np.ndarray, ytt: np.ndarray):
    """Merged parent-to-child two-port of each bus's parent edge, (y_aa, y_ac, y_ca, y_cc) of shape (buses, orders).

    ``yff ... ytt`` are the branches' two-ports, shape (orders, branches) [pu]; parallel branches add up.
    """
    n = len(tree.parent)
    k = np.nonzero(tree.branch_child >= 0)[0]
    c = tree.branch_child[k]
    fp = tree.branch_from_is_parent[k][:, None]
    out = []
    for parent_side, child_side in ((yff, ytt), (yft, ytf), (ytf, yft), (ytt, yff)):
        y = np.zeros((n, yff.shape[0]), dtype=complex)
        np.add.at(y, c, np.where(fp, parent_side[:, k].T, child_side[:, k].T))
        out.append(y)
    return tuple(out)


def radial_factors(tree: RadialTree, y_aa, y_ac, y_ca, y_cc, shunt: np.ndarray) -> RadialFactors:
    """``d``, ``d'``, ``u`` and the driving points of every bus (see the module notes).

    ``y_aa ... y_cc`` from :func:`edge_two_ports`; ``shunt`` the bus shunts, shape (buses, orders) [pu].
    """
    yd = np.array(shunt, dtype=complex)
    d = np.zeros_like(yd)
    d_t = np.zeros_like(yd)
    for nodes in reversed(tree.levels[1:]):
        den = y_cc[nodes] + yd[nodes]
        d[nodes] = -y_ca[nodes] / den
        d_t[nodes] = -y_ac[nodes] / den
        np.add.at(yd, tree.parent[nodes], y_aa[nodes] + y_ac[nodes] * d[nodes])
    z = np.zeros_like(yd)
    u = np.zeros_like(yd)
    if tree.levels:
        z[tree.levels[0]] = 1.0 / yd[tree.levels[0]]
    for nodes in tree.levels[1:]:
        za = z[tree.parent[nodes]]
        z[nodes] = 1.0 / (y_cc[nodes] + yd[nodes]) + d[nodes] * d_t[nodes] * za
        u[nodes] = d_t[nodes] * za / z[nodes]
    return RadialFactors(d, d_t, u, z)


@dataclass(frozen=True)
class BranchEnds:
    """Branch-end currents to combine: ``i = coef_from v_from + coef_to v_to`` of each observed branch.

    Attributes
    ----------
    branch : numpy.ndarray of int
        Observed branch indices [-].
    coef_from, coef_to : numpy.ndarray of complex
        Coefficients, shape (orders, observed branches) [pu].
    """

    branch: np.ndarray
    coef_from: np.ndarray
    coef_to: np.ndarray


@dataclass(frozen=True)
class RadialSums:
    """``sum_p w_p |x_p|**E`` per column (an order with its exponent and weights).

    Attributes
    ----------
    bus : numpy.ndarray
        At every bus, shape (columns, buses); 0 at dead buses.
    branch_end : numpy.ndarray
        At every observed branch end, shape (columns, observed branches); 0 off the tree.
    """

    bus: np.ndarray
    branch_end: np.ndarray


def _power(x: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """``|x|**E`` with a column per exponent; ``x`` has a trailing axis of orders already spread to columns."""
    return np.abs(x) ** exponent


def radial_summation(tree: RadialTree, factors: RadialFactors, patterns: Sequence[tuple[np.ndarray, np.ndarray]],
                     weights: np.ndarray, exponent: np.ndarray, column_order: np.ndarray,
                     ends: BranchEnds) -> RadialSums:
    """Summation-law sums of every injection pattern at every bus and observed branch end.

    Parameters
    ----------
    tree : RadialTree
    factors : RadialFactors
        At the orders of the network, shape (buses, orders).
    patterns : sequence of (bus indices, shares)
        Unit injections shared over buses; feeds on dead buses inject nothing [-].
    weights : numpy.ndarray
        ``w_p`` per pattern and column, shape (patterns, columns) [-].
    exponent : numpy.ndarray
        Summation exponent of each column [-].
    column_order : numpy.ndarray of int
        Order index (into the factors' second axis) of each column [-].
    ends : BranchEnds
        Branch-end currents to combine, coefficients per order.

    Returns
    -------
    RadialSums
        ``sum_p w_p |x_p|**E`` at each bus and branch end, per column (see the module notes).
    """
    parent, live = tree.parent, tree.live
    n, ncol = len(parent), len(exponent)
    d = factors.d[:, column_order]
    u = factors.u[:, column_order]
    z_dp = factors.z_dp[:, column_order]
    e = np.asarray(exponent, dtype=float)
    root_of = _roots(tree)
    own = np.zeros((n, ncol))
    delta = np.zeros((n, ncol))
    # the Steiner corrections of multi-fed patterns, gathered as rows: (bus c, weight row, z(c), z(parent))
    rows_c: list[int] = []
    rows_w: list[int] = []
    rows_zc: list[np.ndarray] = []
    rows_za: list[np.ndarray] = []
    single_bus, single_share, single_pattern = [], [], []
    for p, (bus, share) in enumerate(patterns):
        on = live[bus]
        bus, share = np.asarray(bus)[on], np.asarray(share)[on]
        for r in np.unique(root_of[bus]):
            sel = root_of[bus] == r
            b, s = bus[sel], share[sel]
            if len(b) == 1:
                single_bus.append(int(b[0]))
                single_share.append(float(s[0]))
                single_pattern.append(p)
                continue
            q, z_at = _steiner_values(tree, d, u, z_dp, b, s)
            own[q] += weights[p] * _power(z_at[q], e)
            for c, zc in z_at.items():
                if c != q:
                    rows_c.append(c)
                    rows_w.append(p)
                    rows_zc.append(zc)
                    rows_za.append(z_at[int(parent[c])])
    if single_bus:
        sb = np.array(single_bus)
        np.add.at(own, sb, weights[np.array(single_pattern)]
                  * _power(np.array(single_share)[:, None] * z_dp[sb], e))
    rc = np.array(rows_c, dtype=int)
    if len(rc):
        rw = weights[np.array(rows_w)]
        zc, za = np.array(rows_zc), np.array(rows_za)
        np.add.at(delta, rc, rw * (_power(zc, e) - _power(d[rc], e) * _power(za, e)))
    # leaves to roots: the patterns met below each bus; roots to leaves: every pattern
    a_sum = own.copy()
    for nodes in reversed(tree.levels[1:]):
        np.add.at(a_sum, parent[nodes], _power(u[nodes], e) * a_sum[nodes])
    total = np.zeros((n, ncol))
    above = np.zeros((n, ncol))
    outside = np.zeros((n, ncol))  # at each bus, the patterns met outside its subtree
    if tree.levels:
        total[tree.levels[0]] = a_sum[tree.levels[0]]
    for nodes in tree.levels[1:]:
        a = parent[nodes]
        above[nodes] = own[a] + outside[a] + _sibling_rest(a, _power(u[nodes], e) * a_sum[nodes])
        outside[nodes] = _power(d[nodes], e) * above[nodes] + delta[nodes]
        total[nodes] = a_sum[nodes] + outside[nodes]
    # branch ends
    br = np.asarray(ends.branch, dtype=int)
    c = tree.branch_child[br]
    on_tree = c >= 0
    out_end = np.zeros((ncol, len(br)))
    if np.any(on_tree):
        k = np.nonzero(on_tree)[0]
        ck = c[k]
        fp = tree.branch_from_is_parent[br[k]][:, None]
        cf, ct = ends.coef_from[column_order][:, k].T, ends.coef_to[column_order][:, k].T
        alpha = np.where(fp, cf, ct)   # coefficient of the parent's voltage
        beta = np.where(fp, ct, cf)    # coefficient of the child's voltage
        end = (_power(alpha * u[ck] + beta, e) * a_sum[ck]
               + _power(alpha + beta * d[ck], e) * above[ck])
        if len(rc):
            slot = {int(cc): [] for cc in ck}
            for j, cc in enumerate(ck):
                slot[int(cc)].append(j)
            for r, cc in enumerate(rc):
                for j in slot.get(int(cc), ()):
                    end[j] += rw[r] * (_power(alpha[j] * za[r] + beta[j] * zc[r], e)
                                       - _power(alpha[j] + beta[j] * d[cc], e) * _power(za[r], e))
        out_end[:, k] = end.T
    total[~live] = 0.0
    return RadialSums(total.T, out_end)


def _sibling_rest(parent: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """For each row, the sum of ``terms`` over the other rows with the same parent (added, never subtracted:
    the terms are positive and one of them may hold nearly all of the sum)."""
    order = np.argsort(parent, kind="stable")
    p = parent[order]
    starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
    ends = np.r_[starts[1:], len(p)]
    rest = np.zeros_like(terms)
    sorted_terms = terms[order]
    for lo, hi in zip(starts, ends):
        if hi - lo < 2:
            continue
        block = sorted_terms[lo:hi]
        before = np.zeros_like(block)
        after = np.zeros_like(block)
        np.cumsum(block[:-1], axis=0, out=before[1:])
        np.cumsum(block[:0:-1], axis=0, out=after[-2::-1])
        rest[order[lo:hi]] = before + after
    return rest


def _roots(tree: RadialTree) -> np.ndarray:
    """Root of each bus's component (-1 for dead buses)."""
    root = np.full(len(tree.parent), -1)
    if tree.levels:
        root[tree.levels[0]] = tree.levels[0]
    for nodes in tree.levels[1:]:
        root[nodes] = root[tree.parent[nodes]]
    return root


def _steiner_values(tree: RadialTree, d, u, z_dp, feeds: np.ndarray, shares: np.ndarray):
    """The meeting bus ``q`` of a multi-fed pattern and its voltage at each of its Steiner nodes.

    Each feed ``f`` gives ``Z[f, f]`` at itself and ``u`` times its value one level up, to ``q``; on
    another feed's path below ``q``, ``d`` times the value at the parent. Returns ``(q, {bus: z})``.
    """
    parent = tree.parent
    paths = []
    for f in feeds:
        path = [int(f)]
        while parent[path[-1]] >= 0:
            path.append(int(parent[path[-1]]))
        paths.append(path)
    common = set(paths[0]).intersection(*paths[1:])
    q = next(b for b in paths[0] if b in common)
    to_q = [path[:path.index(q) + 1] for path in paths]  # each feed's path up to q, q included
    depth = {b: len(path) - 1 - i for path in paths for i, b in enumerate(path)}
    steiner = sorted({b for path in to_q for b in path}, key=depth.__getitem__)  # q first
    per_feed: list[dict[int, np.ndarray]] = []
    for f, path in zip(feeds, to_q):
        up = {int(f): z_dp[int(f)]}
        for b in path[:-1]:
            up[int(parent[b])] = u[b] * up[b]
        for b in steiner:
            if b not in up:  # off this feed's path: below a bus of the pattern, no injection of this feed
                up[b] = d[b] * up[int(parent[b])]
        per_feed.append(up)
    return q, {b: sum(float(s) * up[b] for s, up in zip(shares, per_feed)) for b in steiner}


__all__ = ["BranchEnds", "RadialFactors", "RadialSums", "RadialTree", "edge_two_ports", "radial_factors",
           "radial_summation", "radial_tree"]
