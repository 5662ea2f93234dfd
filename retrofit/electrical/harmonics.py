"""Balanced harmonic load flow, IEEE 519 distortion limits and the IEEE C57.110 transformer derating.

The network is the load-flow network of :mod:`retrofit.electrical.network`; at each harmonic order ``h``
its admittance matrix is rebuilt from the same per-unit impedances with the reactances scaled by ``h``
and the resistances by a frequency factor, the harmonic currents of the non-linear loads are injected
at their buses, and ``V_h = Y_h^-1 I_h`` is solved with one sparse LU factorisation per order.

Models at harmonic order h (per unit on the system base, as the load flow)
-------------------------------------------------------------------------
- Lines (cables, busways): ``R_h + j h X`` with the skin-effect factor
  ``R_h / R = 1 + 0.646 h**2 / (192 + 0.518 h**2)`` (Arrillaga & Watson, *Power System Harmonics*,
  2nd ed., 2003, ch. 6, the line-resistance frequency factor used in harmonic penetration studies);
  shunt susceptance ``h B``.
- Transformers: series ``R sqrt(h) + j h X`` (resistance grows with the square root of the order, the
  usual approximation for winding eddy and stray losses); magnetising branch left out; off-nominal ratio
  kept (the load flow's :func:`~retrofit.electrical.network.transformer_ratio`).
- Utility source: the IEC 60909 network feeder impedance with c = 1
  (:func:`~retrofit.electrical.shortcircuit.network_feeder_impedance_ohm`), ``R + j h X``.
- Bus shunts: ``G + j h B`` for capacitive and ``G + j B / h`` for inductive shunts (capacitor banks).
- Loads: ideal harmonic current sources (no damping from linear loads: conservative).

Injections: each load draws ``I_h = (i_h percent / 100) |I_1|`` with ``|I_1| = |S| / |V|`` from the
fundamental load flow; all injections of one order are in phase (worst case, no cancellation between
sources). Triplen orders are zero sequence in a balanced system and are not carried (see
``docs/power-quality.md``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .network import (BASE_VA, Grid, assemble_admittance_matrix, base_current_a, energised_buses,
                      line_series_impedance_pu, shunt_admittance_pu, transformer_ratio,
                      transformer_series_impedance_pu, transformer_two_port, BranchAdmittances)
from .shortcircuit import network_feeder_impedance_ohm

#: Highest harmonic order of the IEEE 519 totals (THD, TDD).
H_MAX = 50


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
    """Result of a harmonic load flow.

    Attributes
    ----------
    orders : numpy.ndarray
        Harmonic orders solved [-].
    v_pu : numpy.ndarray
        Harmonic bus voltages, shape (orders, buses), complex [pu of nominal].
    thd_v_percent : numpy.ndarray
        Voltage THD per bus [% of the fundamental].
    source_i_pu : numpy.ndarray
        Harmonic current into each utility source, shape (orders, sources), complex [pu].
    transformer_i_pu : numpy.ndarray
        Harmonic current at each transformer's LV terminal, shape (orders, transformers) [pu].
    """

    orders: np.ndarray
    v_pu: np.ndarray
    thd_v_percent: np.ndarray
    source_i_pu: np.ndarray
    transformer_i_pu: np.ndarray


def solve_harmonic_flow(grid: Grid, injections_pu: dict[str, np.ndarray], spectra: dict[str, HarmonicSpectrum],
                        v1_pu: np.ndarray | None = None, *, h_max: int = H_MAX,
                        base_va: float = BASE_VA) -> HarmonicFlow:
    """Solve the balanced harmonic load flow of ``grid`` up to order ``h_max``.

    Parameters
    ----------
    grid : Grid
        The network.
    injections_pu : dict
        Spectrum id -> fundamental current of the loads of that spectrum at each bus [pu], magnitudes.
    spectra : dict
        Spectrum id -> :class:`HarmonicSpectrum`.
    v1_pu : numpy.ndarray, optional
        Fundamental bus voltage magnitudes [pu]; 1.0 when omitted.
    h_max : int
        Highest order [-].
    base_va : float
        System base [VA].

    Returns
    -------
    HarmonicFlow
        Harmonic voltages, THD per bus, source and transformer harmonic currents.

    Notes
    -----
    ``Y_h V_h = I_h`` with ``I_h(bus) = sum over spectra of (I_h/I_1) I_1(bus)`` (all in phase, worst case),
    solved per order by one sparse LU (scipy ``splu``) on the energised buses.
    ``THD_V = 100 sqrt(sum_h |V_h|**2) / |V_1|`` (IEEE 519-2022, 3.1 definitions).
    Harmonic current into a source: ``V_h(bus) / Z_s(h)``; at a transformer's LV terminal:
    ``ytf V_hv + ytt V_lv`` of its two-port at ``h``.
    """
    from scipy.sparse.linalg import splu

    used = [s for s in injections_pu if s in spectra and np.any(injections_pu[s])]
    orders = sorted({int(h) for s in used for h in spectra[s].orders if 2 <= h <= h_max})
    n = grid.n_bus
    live = energised_buses(grid)
    index = np.nonzero(live)[0]
    v = np.zeros((len(orders), n), dtype=complex)
    t = grid.transformers
    i_src = np.zeros((len(orders), len(grid.sources.ids)), dtype=complex)
    i_tr = np.zeros((len(orders), len(t.ids)), dtype=complex)
    zs = source_impedance_pu(grid, base_va)
    for k, h in enumerate(orders):
        current = np.zeros(n, dtype=complex)
        for s in used:
            current += spectra[s].at(h) * np.asarray(injections_pu[s], dtype=float)
        if not np.any(current):
            continue
        y = harmonic_admittance_matrix(grid, h, base_va).tocsc()[index][:, index]
        v[k, index] = splu(y.tocsc()).solve(current[index])
        i_src[k] = v[k, grid.sources.bus] / (zs.real + 1j * h * zs.imag)
        br = harmonic_branches(grid, h, base_va)
        nl = len(grid.lines.ids)
        i_tr[k] = br.ytf[nl:] * v[k, t.hv_bus] + br.ytt[nl:] * v[k, t.lv_bus]
    v1 = np.ones(n) if v1_pu is None else np.asarray(v1_pu, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        thd = np.where(v1 > 0, 100.0 * np.sqrt(np.sum(np.abs(v) ** 2, axis=0)) / v1, 0.0)
    return HarmonicFlow(np.array(orders, dtype=int), v, thd, i_src, i_tr)


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
    Both are this ratio.

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


__all__ = ["H_MAX", "CurrentLimit", "HarmonicFlow", "HarmonicSpectrum", "VoltageLimit", "base_current_a",
           "c57110_max_current_pu", "current_distortion_limit", "eddy_loss_percent", "harmonic_admittance_matrix",
           "harmonic_branches", "harmonic_bus_shunts", "insulation_of", "k_factor", "line_resistance_factor",
           "load_spectra", "solve_harmonic_flow", "source_impedance_pu", "spectrum_of_kind",
           "transformer_resistance_factor", "voltage_distortion_limit"]
