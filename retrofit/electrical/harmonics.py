"""Balanced harmonic load flow, IEEE 519 distortion limits and the IEEE C57.110 transformer derating.

The network is the load-flow network of :mod:`retrofit.electrical.network`; at each harmonic order ``h``
its admittance matrix is rebuilt from the same per-unit impedances with the reactances scaled by ``h``
and the resistances by a frequency factor, the harmonic currents of the non-linear loads are injected
at their buses, and ``V_h = Y_h^-1 I_h`` is solved for each injection pattern.

Models at harmonic order h (per unit on the system base, as the load flow)
-------------------------------------------------------------------------
- Lines (cables, busways): ``R_h + j h X`` with the skin-effect factor
  ``R_h / R = 1 + 0.646 h**2 / (192 + 0.518 h**2)`` (Arrillaga & Watson, *Power System Harmonics*,
  2nd ed., 2003, ch. 6, the line-resistance frequency factor used in harmonic penetration studies);
  shunt susceptance ``h B``.
- Transformers: series ``R sqrt(h) + j h X`` (resistance grows with the square root of the order, the
  usual approximation for winding eddy and stray losses); magnetising branch left out; off-nominal ratio
  kept (the load flow's :func:`~retrofit.electrical.admittance.transformer_ratio`).
- Utility source: the IEC 60909 network feeder impedance with c = 1
  (:func:`~retrofit.electrical.shortcircuit.network_feeder_impedance_ohm`), ``R + j h X``.
- Bus shunts: ``G + j h B`` for capacitive and ``G + j B / h`` for inductive shunts (capacitor banks).
- Loads: ideal harmonic current sources (no damping from linear loads: conservative).

Injections: each load draws ``I_h = (i_h percent / 100) |I_1|`` with ``|I_1| = |S| / |V|`` from the
fundamental load flow. Triplen orders are zero sequence in a balanced system and are not carried (see
``docs/power-quality.md``).

Combining the sources
---------------------
The phase angles of many distributed harmonic sources are not known and not aligned. The sources are
combined with the general summation law of IEC TR 61000-3-6:2008 (clause 4.4):
``X = (sum_i |x_i|**alpha)**(1/alpha)``, with ``x_i`` the contribution of source ``i`` to a bus voltage or a
branch current and the indicative exponents of the report's table: ``alpha = 1`` for ``h < 5``, ``1.4`` for
``5 <= h <= 10`` and ``2`` for ``h > 10`` (:func:`summation_exponent`). The arithmetic sum of the
contributions' magnitudes (``alpha = 1`` at every order, every source in phase at every point) is reported
beside it as the upper bound.

A source is one :class:`HarmonicSource`: a load element or a rack or miner group, whose ``units``
identical units are themselves combined with the same law (``n`` units of current ``I`` give
``n**(1/alpha) I``). Sources with the same injection pattern (a bus, or the feed buses of a multi-fed group
with their shares) differ only by a scalar and are combined as one. On a radial network the sums of all
patterns at every bus come from passes over the tree (:mod:`retrofit.electrical.radial_summation`), linear in
the network; otherwise the network is factorised once per order and solved for one right-hand side per
pattern.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .admittance import (
    BranchAdmittances,
    assemble_admittance_matrix,
    base_current_a,
    line_series_impedance_pu,
    shunt_admittance_pu,
    transformer_ratio,
    transformer_series_impedance_pu,
    transformer_two_port,
)
from .network import BASE_VA, Grid, energised_buses
from .radial_summation import BranchEnds, RadialTree, edge_two_ports, radial_factors, radial_summation, radial_tree
from .shortcircuit import network_feeder_impedance_ohm

#: Highest harmonic order of the IEEE 519 totals (THD, TDD).
H_MAX = 50

#: Name of the default combination of the sources, as the results state it.
SUMMATION_METHOD = ("IEC TR 61000-3-6:2008 general summation law (clause 4.4), alpha = 1 (h < 5), "
                    "1.4 (5 <= h <= 10), 2 (h > 10)")
#: Name of the upper bound reported beside it.
ALIGNED_METHOD = "arithmetic sum of the sources' contributions (all in phase, upper bound)"
#: Ways of computing the combined sums (see :func:`solve_harmonic_flow`).
SOLVERS = ("auto", "radial", "factorised")
#: Right-hand-side columns solved at once (bounds the dense block to this many columns).
_RHS_BLOCK = 512
#: Right-hand-side columns given to one SuperLU solve (see :func:`solve_columns`).
SOLVE_BLOCK = 16


def summation_exponent(h: int) -> float:
    """Summation exponent of the IEC TR 61000-3-6:2008 general summation law at order ``h`` [-].

    Indicative values of the report's table of summation exponents for harmonics: 1 below the 5th,
    1.4 from the 5th to the 10th, 2 above the 10th.

    Examples
    --------
    >>> summation_exponent(4), summation_exponent(5), summation_exponent(10), summation_exponent(11)
    (1.0, 1.4, 1.4, 2.0)
    """
    return 1.0 if h < 5 else (1.4 if h <= 10 else 2.0)


def summation_law(magnitudes, alpha: float, axis: int = -1):
    """``(sum |x_i|**alpha)**(1/alpha)`` along ``axis`` (IEC TR 61000-3-6:2008 general summation law).

    Examples
    --------
    >>> round(float(summation_law([3.0, 4.0], 2.0)), 12)
    5.0
    """
    x = np.abs(np.asarray(magnitudes, dtype=float))
    return np.sum(x**alpha, axis=axis) ** (1.0 / alpha)


@dataclass(frozen=True)
class HarmonicSource:
    """One harmonic source: a load element or a group of identical units with one spectrum.

    Attributes
    ----------
    id : str
        Element or group id.
    spectrum : str
        Spectrum id.
    units : int
        Identical units in the group, combined among themselves with the summation law [-].
    bus : tuple of int
        Network bus indices it injects at (the feeds of a multi-fed group).
    i1_pu : tuple of float
        Fundamental current magnitude of the whole group at each of those buses [pu].
    """

    id: str
    spectrum: str
    units: int
    bus: tuple[int, ...]
    i1_pu: tuple[float, ...]


@dataclass(frozen=True)
class HarmonicSpectrum:
    """Harmonic current spectrum of a load class, in fractions of the fundamental current.

    Attributes
    ----------
    id : str
    load_kinds : tuple of str
        Load kinds of the design it applies to.
    orders : numpy.ndarray
        Harmonic orders [-].
    fraction : numpy.ndarray
        ``I_h / I_1`` [-].
    cls, source : str
        Provenance class and source.
    """

    id: str
    load_kinds: tuple[str, ...]
    orders: np.ndarray
    fraction: np.ndarray
    cls: str
    source: str

    @property
    def thd_percent(self) -> float:
        """Total current distortion of the spectrum, ``100 sqrt(sum (I_h/I_1)**2)`` [%]."""
        return 100.0 * float(np.sqrt(np.sum(self.fraction**2)))

    def at(self, h: int) -> float:
        """``I_h / I_1`` at order ``h`` (0 when the order is not in the spectrum) [-]."""
        hit = np.nonzero(self.orders == h)[0]
        return float(self.fraction[hit[0]]) if len(hit) else 0.0


def load_spectra(catalog=None) -> dict[str, HarmonicSpectrum]:
    """The spectra of ``catalogs/harmonic-spectra.yaml`` by id."""
    from ..catalog import load_catalog

    table = (catalog or load_catalog()).table("harmonic-spectra")
    return {row["spectrum"]: HarmonicSpectrum(row["spectrum"], tuple(row["load_kinds"]),
                                              np.array(row["orders"], dtype=int),
                                              np.array(row["i_percent"], dtype=float) / 100.0,
                                              row["class"], " ".join(str(row["source"]).split()))
            for row in table.rows}


def spectrum_of_kind(kind: str, spectra: dict[str, HarmonicSpectrum]) -> HarmonicSpectrum | None:
    """The spectrum that applies to a load ``kind``, or None (a linear load)."""
    for s in spectra.values():
        if kind in s.load_kinds:
            return s
    return None


def line_resistance_factor(h):
    """Skin-effect factor of a line's resistance at harmonic order ``h``.

    Parameters
    ----------
    h : float or numpy.ndarray
        Harmonic order [-].

    Returns
    -------
    factor : float or numpy.ndarray
        ``R_h / R_1 = 1 + 0.646 h**2 / (192 + 0.518 h**2)`` [-].

    Examples
    --------
    >>> round(line_resistance_factor(1), 4)
    1.0034
    """
    h = np.asarray(h, dtype=float) if not np.isscalar(h) else float(h)
    return 1.0 + 0.646 * h**2 / (192.0 + 0.518 * h**2)


def transformer_resistance_factor(h):
    """Frequency factor of a transformer's series resistance, ``sqrt(h)`` [-] (see module notes)."""
    return math.sqrt(h)


def source_impedance_pu(grid: Grid, base_va: float = BASE_VA) -> np.ndarray:
    """Fundamental impedance of each utility source on its bus base, IEC 60909 feeder with c = 1 [pu]."""
    s = grid.sources
    z_base = grid.vn_v[s.bus] ** 2 / base_va
    return np.array([network_feeder_impedance_ohm(float(grid.vn_v[b]), float(sk), float(rx), 1.0) / zb
                     for b, sk, rx, zb in zip(s.bus, s.sk_max_va, s.rx_max, z_base)], dtype=complex)


def harmonic_branches(grid: Grid, h: int, base_va: float = BASE_VA) -> BranchAdmittances:
    """Two-port admittances of every line then every transformer at order ``h`` [pu]."""
    z1 = line_series_impedance_pu(grid, base_va)
    ys = 1.0 / (z1.real * line_resistance_factor(h) + 1j * h * z1.imag)
    half_b = 0.5j * h * grid.lines.b_s * grid.vn_v[grid.lines.from_bus] ** 2 / base_va
    on = grid.lines.in_service
    line_y = [np.where(on, y, 0) for y in (ys + half_b, -ys, -ys, ys + half_b)]
    zt = transformer_series_impedance_pu(grid, base_va)
    zt_h = zt.real * transformer_resistance_factor(h) + 1j * h * zt.imag
    t_on = grid.transformers.in_service
    trafo_y = [np.where(t_on, y, 0) for y in transformer_two_port(zt_h, np.zeros_like(zt_h), transformer_ratio(grid))]
    return BranchAdmittances(
        np.concatenate([grid.lines.from_bus, grid.transformers.hv_bus]),
        np.concatenate([grid.lines.to_bus, grid.transformers.lv_bus]),
        *(np.concatenate([a, b]).astype(complex) for a, b in zip(line_y, trafo_y)))


def harmonic_bus_shunts(grid: Grid, h: int, base_va: float = BASE_VA) -> np.ndarray:
    """Shunt admittance at each bus at order ``h``: bus shunts and the utility source impedance [pu]."""
    y1 = shunt_admittance_pu(grid, base_va)
    b = y1.imag
    y = y1.real + 1j * np.where(b > 0, b * h, b / h)
    zs = source_impedance_pu(grid, base_va)
    ys = 1.0 / (zs.real + 1j * h * zs.imag)
    y = y.astype(complex)
    np.add.at(y, grid.sources.bus, ys)
    return y


def harmonic_admittance_matrix(grid: Grid, h: int, base_va: float = BASE_VA) -> sp.csr_matrix:
    """Bus admittance matrix at harmonic order ``h`` with the sources' impedances to ground [pu]."""
    return assemble_admittance_matrix(grid.n_bus, harmonic_branches(grid, h, base_va),
                                      harmonic_bus_shunts(grid, h, base_va))


@dataclass(frozen=True)
class HarmonicFlow:
    """Result of a harmonic load flow: magnitudes by the summation law and by the aligned (arithmetic) sum.

    Attributes
    ----------
    orders : numpy.ndarray
        Harmonic orders solved [-].
    alpha : numpy.ndarray
        Summation exponent used at each order [-].
    v_pu : numpy.ndarray
        Harmonic bus voltage magnitudes by the summation law, shape (orders, buses) [pu of nominal].
    v_aligned_pu : numpy.ndarray
        The same by the arithmetic sum of the sources' contributions (upper bound) [pu].
    thd_v_percent, thd_v_aligned_percent : numpy.ndarray
        Voltage THD per bus, summation law and upper bound [% of the fundamental].
    source_i_pu, source_i_aligned_pu : numpy.ndarray
        Harmonic current magnitude into each utility source, shape (orders, sources) [pu].
    transformer_i_pu, transformer_i_aligned_pu : numpy.ndarray
        Harmonic current magnitude at each transformer's LV terminal, shape (orders, transformers) [pu].
    method, aligned_method : str
        How the sources were combined, for each figure.
    """

    orders: np.ndarray
    alpha: np.ndarray
    v_pu: np.ndarray
    v_aligned_pu: np.ndarray
    thd_v_percent: np.ndarray
    thd_v_aligned_percent: np.ndarray
    source_i_pu: np.ndarray
    source_i_aligned_pu: np.ndarray
    transformer_i_pu: np.ndarray
    transformer_i_aligned_pu: np.ndarray
    method: str
    aligned_method: str


def injection_patterns(sources: Sequence[HarmonicSource]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Distinct injection patterns of ``sources`` and the pattern of each source.

    A pattern is a set of buses with the shares of the current injected at each (summing to 1); sources
    with the same pattern produce contributions that differ only by a scalar. Feeds of one source on the
    same bus are one feed with their shares added.

    Returns
    -------
    patterns : list of (bus indices, shares)
    of_source : numpy.ndarray
        Pattern index of each source.
    """
    keys: dict[tuple, int] = {}
    patterns: list[tuple[np.ndarray, np.ndarray]] = []
    of_source = np.zeros(len(sources), dtype=int)
    for k, src in enumerate(sources):
        i1 = np.asarray(src.i1_pu, dtype=float)
        total = float(i1.sum())
        bus = np.asarray(src.bus, dtype=int)
        share = i1 / total if total > 0 else np.full(len(bus), 1.0 / max(len(bus), 1))
        if len(bus) > 1:  # two feeds on one bus inject their shares together
            bus, at = np.unique(bus, return_inverse=True)
            share = np.bincount(at, weights=share, minlength=len(bus))
        key = tuple((int(b), round(float(x), 12)) for b, x in zip(bus, share))
        if key not in keys:
            keys[key] = len(patterns)
            patterns.append((bus, share))
        of_source[k] = keys[key]
    return patterns, of_source


def solve_columns(lu, rhs: np.ndarray) -> np.ndarray:
    """``Y^-1 B`` for every column of ``rhs`` from one factorisation ``lu`` (scipy ``SuperLU``).

    The columns are solved :data:`SOLVE_BLOCK` at a time. One column per call spends most of its time in
    the call itself (about 0.25 ms a column on the Panther Creek network of 1,883 live buses, where the
    substitutions take a tenth of it); a large matrix right-hand side goes through the multithreaded
    dense BLAS, whose thread start-up then dominates on these small supernodes (512 columns at once:
    0.26-0.29 s per order, against 0.12-0.18 s column by column and 0.04-0.05 s in blocks of 16). The
    factorisation is shared; the cost is linear in the columns. On the example networks the blocks give
    the same figures as the columns one by one, bit for bit (a consistency check in the tests repeats
    the comparison).
    """
    out = np.empty(rhs.shape, dtype=complex, order="F")
    for start in range(0, rhs.shape[1], SOLVE_BLOCK):
        out[:, start:start + SOLVE_BLOCK] = lu.solve(np.asfortranarray(rhs[:, start:start + SOLVE_BLOCK]))
    return out


def solve_harmonic_flow(grid: Grid, sources: Sequence[HarmonicSource], spectra: dict[str, HarmonicSpectrum],
                        v1_pu: np.ndarray | None = None, *, h_max: int = H_MAX, base_va: float = BASE_VA,
                        alpha: Callable[[int], float] = summation_exponent,
                        method: str = SUMMATION_METHOD, solver: str = "auto") -> HarmonicFlow:
    """Solve the balanced harmonic load flow of ``grid`` up to order ``h_max``.

    Parameters
    ----------
    grid : Grid
        The network.
    sources : sequence of HarmonicSource
        The harmonic sources (load elements and groups).
    spectra : dict
        Spectrum id -> :class:`HarmonicSpectrum`.
    v1_pu : numpy.ndarray, optional
        Fundamental bus voltage magnitudes [pu]; 1.0 when omitted.
    h_max : int
        Highest order [-].
    base_va : float
        System base [VA].
    alpha : callable
        Summation exponent at an order (:func:`summation_exponent` by default).
    method : str
        Name of the combination, stated in the result.
    solver : str
        ``"auto"``: the radial sums when the energised network is radial, else the factorisation;
        ``"radial"`` (an error on a network with a loop) or ``"factorised"`` (any network) to choose.

    Returns
    -------
    HarmonicFlow
        Harmonic voltages, THD per bus, source and transformer harmonic currents, by the summation law and
        by the aligned sum.

    Notes
    -----
    The contribution ``z_p`` of a unit injection of pattern ``p`` (unit current shared over its buses) to
    every bus voltage, source current and transformer current is combined as below. On a radial network
    (``solver="auto"`` or ``"radial"``) the combined sums come from passes over the tree
    (:mod:`retrofit.electrical.radial_summation`), in time linear in buses and patterns; otherwise ``Y_h``
    is factorised once per order (scipy ``splu``) on the energised buses and solved for one column per
    pattern, in time patterns x buses. The two give the same figures to round-off. A source
    ``i`` of pattern ``p`` with ``n_i`` units and group current ``I_i = (I_h/I_1) I_1`` contributes
    ``c_i z_p`` with ``c_i = n_i**(1/alpha - 1) I_i`` (its ``n_i`` units of ``I_i/n_i`` combined by the
    law). Then ``X = (sum_p |z_p|**alpha sum_(i in p) c_i**alpha)**(1/alpha)`` and the aligned bound
    ``X_aligned = sum_p |z_p| sum_(i in p) I_i``; with ``alpha = 1`` the two are equal.
    ``THD_V = 100 sqrt(sum_h |V_h|**2) / |V_1|`` (IEEE 519-2022, 3.1 definitions).
    Harmonic current into a source: ``V_h(bus) / Z_s(h)``; at a transformer's LV terminal:
    ``ytf V_hv + ytt V_lv`` of its two-port at ``h``.
    """
    used = [k for k, src in enumerate(sources) if src.spectrum in spectra and sum(src.i1_pu) > 0]
    orders = sorted({int(h) for k in used for h in spectra[sources[k].spectrum].orders if 2 <= h <= h_max})
    patterns, of_source = injection_patterns(sources)
    n = grid.n_bus
    live = energised_buses(grid)
    t = grid.transformers
    shape = {"v": (len(orders), n), "s": (len(orders), len(grid.sources.ids)), "t": (len(orders), len(t.ids))}
    law = {k: np.zeros(v) for k, v in shape.items()}
    aligned = {k: np.zeros(v) for k, v in shape.items()}
    alphas = np.array([alpha(h) for h in orders], dtype=float)
    i_group = np.array([sum(src.i1_pu) for src in sources], dtype=float)
    units = np.array([max(src.units, 1) for src in sources], dtype=float)
    names = sorted({src.spectrum for src in sources})
    spectrum_of = np.array([names.index(src.spectrum) for src in sources], dtype=int)
    pattern_live = np.array([bool(np.any(live[bus])) for bus, _ in patterns], dtype=bool)
    w_law = np.zeros((len(orders), len(patterns)))
    w_aligned = np.zeros((len(orders), len(patterns)))
    for k, h in enumerate(orders):
        frac = np.array([spectra[s].at(h) if s in spectra else 0.0 for s in names])[spectrum_of]
        i_h = frac * i_group
        if len(sources):
            w_law[k] = np.bincount(of_source, weights=(units ** (1.0 / alphas[k] - 1.0) * i_h) ** alphas[k],
                                   minlength=len(patterns))
            w_aligned[k] = np.bincount(of_source, weights=i_h, minlength=len(patterns))
    active = [k for k in range(len(orders)) if np.any((w_aligned[k] > 0) & pattern_live)]
    if solver not in SOLVERS:
        raise ValueError(f"unknown harmonic solver {solver!r}; known: {', '.join(SOLVERS)}")
    tree = radial_tree(n, *_branch_ends(grid), live, grid.sources.bus) if active and solver != "factorised" else None
    if solver == "radial" and active and tree is None:
        raise ValueError("the energised network has a loop: solver='radial' needs a radial network")
    solve = _radial_sums if tree is not None else _factorised_sums
    for k, acc_law, acc_aligned in solve(grid, tree, [orders[k] for k in active], alphas[active], patterns,
                                         w_law[active], w_aligned[active], pattern_live, base_va):
        for key in law:
            law[key][active[k]] = acc_law[key] ** (1.0 / alphas[active[k]])
            aligned[key][active[k]] = acc_aligned[key]
    v1 = np.ones(n) if v1_pu is None else np.asarray(v1_pu, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        thd = np.where(v1 > 0, 100.0 * np.sqrt(np.sum(law["v"] ** 2, axis=0)) / v1, 0.0)
        thd_aligned = np.where(v1 > 0, 100.0 * np.sqrt(np.sum(aligned["v"] ** 2, axis=0)) / v1, 0.0)
    return HarmonicFlow(np.array(orders, dtype=int), alphas, law["v"], aligned["v"], thd, thd_aligned,
                        law["s"], aligned["s"], law["t"], aligned["t"], method, ALIGNED_METHOD)


def _branch_ends(grid: Grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From bus, to bus and service state of every line then every transformer (the order of
    :func:`harmonic_branches`)."""
    return (np.concatenate([grid.lines.from_bus, grid.transformers.hv_bus]),
            np.concatenate([grid.lines.to_bus, grid.transformers.lv_bus]),
            np.concatenate([grid.lines.in_service, grid.transformers.in_service]))


def _radial_sums(grid: Grid, tree: RadialTree, orders, alphas, patterns, w_law, w_aligned, pattern_live, base_va):
    """Per order ``(k, sums by the law before the root, aligned sums)`` of a radial network, every order at
    once (:mod:`retrofit.electrical.radial_summation`)."""
    nl = len(grid.lines.ids)
    nt = len(grid.transformers.ids)
    branches = [harmonic_branches(grid, h, base_va) for h in orders]
    yff, yft, ytf, ytt = (np.array([getattr(b, name) for b in branches]) for name in ("yff", "yft", "ytf", "ytt"))
    shunt = np.array([harmonic_bus_shunts(grid, h, base_va) for h in orders]).T
    factors = radial_factors(tree, *edge_two_ports(tree, yff, yft, ytf, ytt), shunt)
    k = len(orders)
    column_order = np.concatenate([np.arange(k), np.arange(k)])
    exponent = np.concatenate([alphas, np.ones(k)])
    live = np.nonzero(pattern_live)[0]
    weights = np.concatenate([w_law, w_aligned]).T[live]
    ends = BranchEnds(nl + np.arange(nt), ytf[:, nl:], ytt[:, nl:])
    sums = radial_summation(tree, factors, [patterns[p] for p in live], weights, exponent, column_order, ends)
    zs = source_impedance_pu(grid, base_va)
    sb = grid.sources.bus
    for j, h in enumerate(orders):
        y_src = np.abs(1.0 / (zs.real + 1j * h * zs.imag))
        yield (j, {"v": sums.bus[j], "s": y_src ** alphas[j] * sums.bus[j][sb], "t": sums.branch_end[j]},
               {"v": sums.bus[k + j], "s": y_src * sums.bus[k + j][sb], "t": sums.branch_end[k + j]})


def _factorised_sums(grid: Grid, tree, orders, alphas, patterns, w_law, w_aligned, pattern_live, base_va):
    """Per order ``(k, sums by the law before the root, aligned sums)`` by one sparse LU per order and one
    column per injection pattern (any network, loops included)."""
    from scipy.sparse.linalg import splu

    n = grid.n_bus
    index = np.nonzero(energised_buses(grid))[0]
    position = np.full(n, -1)
    position[index] = np.arange(len(index))
    t = grid.transformers
    nl = len(grid.lines.ids)
    zs = source_impedance_pu(grid, base_va)
    sizes = {"v": n, "s": len(grid.sources.ids), "t": len(t.ids)}
    for k, h in enumerate(orders):
        a = alphas[k]
        cols = np.nonzero((w_aligned[k] > 0) & pattern_live)[0]
        lu = splu(harmonic_admittance_matrix(grid, h, base_va).tocsc()[index][:, index].tocsc())
        y_src = 1.0 / (zs.real + 1j * h * zs.imag)
        br = harmonic_branches(grid, h, base_va)
        ytf, ytt = br.ytf[nl:], br.ytt[nl:]
        acc_law = {key: np.zeros(size) for key, size in sizes.items()}
        acc_aligned = {key: np.zeros(size) for key, size in sizes.items()}
        for start in range(0, len(cols), _RHS_BLOCK):
            block = cols[start:start + _RHS_BLOCK]
            rhs = np.zeros((len(index), len(block)), dtype=complex, order="F")  # column blocks contiguous
            for j, p in enumerate(block):
                bus, share = patterns[p]
                on = position[bus] >= 0  # a feed on a dead bus injects nothing
                rhs[position[bus[on]], j] = share[on]
            z = np.zeros((n, len(block)), dtype=complex)
            z[index] = solve_columns(lu, rhs)
            contrib = {"v": np.abs(z), "s": np.abs(z[grid.sources.bus] * y_src[:, None]),
                       "t": np.abs(ytf[:, None] * z[t.hv_bus] + ytt[:, None] * z[t.lv_bus])}
            for key, m in contrib.items():
                acc_law[key] += (m**a) @ w_law[k][block]
                acc_aligned[key] += m @ w_aligned[k][block]
        yield k, acc_law, acc_aligned


# --- IEEE 519 limits -------------------------------------------------------------------------------

@dataclass(frozen=True)
class VoltageLimit:
    """IEEE 519-2022 Table 1 row for a bus voltage: individual and total limits [%]."""

    individual_percent: float
    thd_percent: float


def voltage_distortion_limit(vn_kv: float, catalog=None) -> VoltageLimit:
    """IEEE 519-2022 Table 1 limits for a bus of nominal voltage ``vn_kv`` [kV].

    Examples
    --------
    >>> voltage_distortion_limit(0.415).thd_percent, voltage_distortion_limit(13.8).thd_percent
    (8.0, 5.0)
    """
    from ..catalog import load_catalog

    for row in (catalog or load_catalog()).table("ieee519-table1").rows:
        if row["v_above_kv"] < vn_kv <= row["v_up_to_kv"] or (row["v_above_kv"] == 0.0 and vn_kv <= row["v_up_to_kv"]):
            return VoltageLimit(row["individual_percent"], row["thd_percent"])
    raise ValueError(f"no IEEE 519 Table 1 row for {vn_kv} kV")


@dataclass(frozen=True)
class CurrentLimit:
    """IEEE 519-2022 Table 2 row for a short-circuit ratio: per-range limits and TDD [% of I_L]."""

    isc_il: float
    ranges: tuple[tuple[int, int, float], ...]  # (h_from inclusive, h_to exclusive, limit %)
    tdd_percent: float

    def individual_percent(self, h: int) -> float:
        """Limit for order ``h`` [% of I_L]: odd orders by range; even orders 50 % of their range's
        limit for h <= 6 and 100 % for h > 6 (IEEE 519-2022 Table 2 note); below 3: no limit."""
        for lo, hi, limit in self.ranges:
            if lo <= h < hi:
                return limit * (1.0 if h % 2 else (0.5 if h <= 6 else 1.0))
        return math.inf


def current_distortion_limit(isc_il: float, catalog=None) -> CurrentLimit:
    """IEEE 519-2022 Table 2 limits (120 V to 69 kV) for a short-circuit ratio ``Isc/IL`` [-].

    Examples
    --------
    >>> lim = current_distortion_limit(64.0)
    >>> lim.tdd_percent, lim.individual_percent(5), lim.individual_percent(13)
    (12.0, 10.0, 4.5)
    """
    from ..catalog import load_catalog

    for row in (catalog or load_catalog()).table("ieee519-table2").rows:
        if row["isc_il_above"] <= isc_il < row["isc_il_below"]:
            ranges = ((3, 11, row["h3_11_percent"]), (11, 17, row["h11_17_percent"]),
                      (17, 23, row["h17_23_percent"]), (23, 35, row["h23_35_percent"]),
                      (35, 51, row["h35_50_percent"]))
            return CurrentLimit(isc_il, ranges, row["tdd_percent"])
    raise ValueError(f"no IEEE 519 Table 2 row for Isc/IL = {isc_il}")


def total_demand_distortion_percent(harmonic_currents, i_l) -> float:
    """Total demand distortion (TDD) of a current, IEEE 519-2022 [% of the maximum demand current].

    Parameters
    ----------
    harmonic_currents : array_like
        RMS current of each harmonic order, the fundamental excluded, any unit (complex values count by
        their magnitude) [A or pu].
    i_l : float
        Maximum demand load current ``I_L``, in the unit of ``harmonic_currents`` [A or pu].

    Returns
    -------
    tdd : float
        ``sqrt(sum (100 I_h / I_L)**2)`` [%].

    Notes
    -----
    IEEE Std 519-2022 clause 3 (Definitions) gives TDD as the root-sum-square harmonic current in percent
    of the maximum demand current. With the fundamental of the same current as ``i_l`` it is the current
    THD; the two differ only in the denominator.

    Examples
    --------
    >>> total_demand_distortion_percent([3.0, 4.0], 100.0)
    5.0
    """
    if not i_l > 0:
        raise ValueError(f"maximum demand current must be positive, got {i_l}")
    pct = 100.0 * np.abs(np.asarray(harmonic_currents)) / i_l
    return float(np.sqrt(np.sum(pct**2)))


# --- IEEE C57.110 / UL 1561 -----------------------------------------------------------------------

def k_factor(orders, current) -> float:
    """K-factor (UL 1561) of a current spectrum, equal to the harmonic loss factor F_HL of IEEE C57.110.

    Parameters
    ----------
    orders : array_like
        Harmonic orders, the fundamental (1) included [-].
    current : array_like
        Current at each order, any consistent unit [A or pu].

    Returns
    -------
    k : float
        ``sum I_h**2 h**2 / sum I_h**2`` [-].

    Notes
    -----
    UL 1561 defines K from currents in per unit of the rms current; IEEE C57.110-2018 clause 5 defines
    the harmonic loss factor for winding eddy-current losses ``F_HL = sum (I_h/I_1)**2 h**2 / sum (I_h/I_1)**2``.
    Both are this ratio. Some guides print ``sum (I_h/I_1)**2 h**2`` without the denominator: that figure is
    larger by ``(I/I_1)**2`` and is not UL 1561's K. Checked against two printed worked examples (secondary sources:
    tests/validation/ecet231_k_factor, tests/validation/reuven_k_factor).

    Examples
    --------
    >>> k_factor([1], [1.0])
    1.0
    """
    h = np.asarray(orders, dtype=float)
    i2 = np.abs(np.asarray(current, dtype=complex)) ** 2
    return float(np.sum(i2 * h**2) / np.sum(i2))


def eddy_loss_percent(insulation: str, rating_kva: float, hv_kv: float, catalog=None) -> tuple[float, str]:
    """Typical winding eddy-current loss at rated current P_EC-R [% of I**2 R] and its range text."""
    from ..catalog import load_catalog

    for row in (catalog or load_catalog()).table("c57110-eddy-loss").rows:
        if row["insulation"] == insulation and rating_kva <= row["kva_up_to"] and hv_kv <= row["hv_up_to_kv"]:
            return float(row["p_ec_r_percent"]), str(row["range"])
    raise ValueError(f"no P_EC-R row for a {insulation} transformer of {rating_kva} kVA, {hv_kv} kV")


def c57110_max_current_pu(f_hl: float, p_ec_r_pu: float) -> float:
    """Largest non-sinusoidal load current a transformer carries at its rated winding loss density.

    Parameters
    ----------
    f_hl : float
        Harmonic loss factor of the load current [-].
    p_ec_r_pu : float
        Winding eddy-current loss at rated current, per unit of the I**2 R loss [-].

    Returns
    -------
    i_max_pu : float
        ``sqrt(P_LL-R(pu) / (1 + F_HL P_EC-R(pu)))`` with ``P_LL-R(pu) = 1 + P_EC-R(pu)`` [pu of rated current].

    Notes
    -----
    IEEE C57.110-2018, clause 5 (dry-type method, eq. for I_max in per unit): the hottest-spot loss
    density at rated sinusoidal current, ``1 + P_EC-R``, is held. Applied here to liquid-filled units as
    well; the top-oil rise of the liquid method (stray losses with the 0.8 exponent) is not modelled.

    Examples
    --------
    >>> round(c57110_max_current_pu(1.0, 0.08), 6)
    1.0
    """
    return math.sqrt((1.0 + p_ec_r_pu) / (1.0 + f_hl * p_ec_r_pu))


def insulation_of(cooling_class: str) -> str:
    """``dry`` for air-cooled classes (AN, AA, AF, ANAF, AA/FA), ``liquid`` otherwise (ONAN, OA, KNAN ...)."""
    return "dry" if cooling_class.upper().startswith("A") else "liquid"


__all__ = ["ALIGNED_METHOD", "H_MAX", "SUMMATION_METHOD", "CurrentLimit", "HarmonicFlow", "HarmonicSource",
           "HarmonicSpectrum", "SOLVERS", "VoltageLimit", "base_current_a",
           "c57110_max_current_pu", "current_distortion_limit", "eddy_loss_percent", "harmonic_admittance_matrix",
           "harmonic_branches", "harmonic_bus_shunts", "injection_patterns", "solve_columns", "insulation_of", "k_factor", "total_demand_distortion_percent", "line_resistance_factor",
           "load_spectra", "solve_harmonic_flow", "source_impedance_pu", "spectrum_of_kind", "summation_exponent",
           "summation_law",
           "transformer_resistance_factor", "voltage_distortion_limit"]
