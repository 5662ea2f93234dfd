"""Consistency checks (not validation) of the radial sums of the harmonic load flow against the factorisation.

``solve_harmonic_flow`` combines the sources' contributions either by passes over the tree of a radial
network (``retrofit.electrical.radial_summation``) or by one sparse LU per order and one column per injection
pattern. The two are exact methods for the same sums, so they must agree to round-off on any radial
network: generated ones here with every feature the tree passes treat apart (multi-fed groups whose feeds
meet at different depths, two feeds on one bus, parallel and reversed branches, off-nominal taps, capacitor
banks and line charging near resonance, a dead island, two utilities, groups of identical units), and the
Washington proposal. Tolerance: rel 1e-9 of the largest value of each result at its order (round-off of
the two methods; the factorised transformer currents lose digits to cancellation where a transformer
carries almost none of a pattern's current).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrofit.electrical.harmonics import HarmonicSource, HarmonicSpectrum, SOLVERS, solve_harmonic_flow
from retrofit.electrical.network import GridBuilder
from retrofit.electrical.radial_summation import radial_tree

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("v_pu", "v_aligned_pu", "thd_v_percent", "thd_v_aligned_percent", "source_i_pu", "source_i_aligned_pu",
          "transformer_i_pu", "transformer_i_aligned_pu")
SPECTRA = {"six": HarmonicSpectrum("six", ("x",), np.array([3, 5, 7, 11, 13, 25]), np.array([0.02, 0.2, 0.14, 0.09, 0.07, 0.03]),
                                   "computed", "test"),
           "pfc": HarmonicSpectrum("pfc", ("y",), np.array([2, 5, 7, 49]), np.array([0.01, 0.03, 0.02, 0.004]),
                                   "computed", "test")}


def campus(seed: int):
    """A random radial campus: two utilities, MV feeders, pad-mounts (some in parallel), LV busways, taps,
    capacitor banks, charging, one open branch isolating a dead island; and its harmonic sources."""
    rng = np.random.default_rng(seed)
    b = GridBuilder(frequency_hz=60.0)
    lv_buses, mv_buses = [], []
    for u in range(2):
        b.add_bus(f"PCC{u}", 34.5e3)
        b.add_source(f"U{u}", f"PCC{u}", sk_max_va=float(rng.uniform(300e6, 1200e6)), rx_max=0.1)
        for f in range(3):
            mv = f"MV{u}{f}"
            b.add_bus(mv, 34.5e3)
            ends = (f"PCC{u}", mv) if f % 2 else (mv, f"PCC{u}")  # some lines drawn from child to parent
            b.add_line(f"L{u}{f}", *ends, r_ohm=float(rng.uniform(0.05, 0.3)), x_ohm=float(rng.uniform(0.1, 0.5)),
                       b_s=float(rng.uniform(0, 2e-5)))
            mv_buses.append(mv)
            for t in range(3):
                lv = f"LV{u}{f}{t}"
                b.add_bus(lv, 415.0)
                b.add_transformer(f"T{u}{f}{t}", mv, lv, sn_va=2.5e6, vn_hv_v=34.5e3, vn_lv_v=415.0,
                                  vk_percent=float(rng.uniform(5, 7)), vkr_percent=1.0,
                                  tap_ratio=float(rng.choice([0.975, 1.0, 1.025])),
                                  parallel=int(rng.choice([1, 2])))
                if t == 0:  # a second unit in parallel, as its own element
                    b.add_transformer(f"T{u}{f}{t}b", mv, lv, sn_va=2.0e6, vn_hv_v=34.5e3, vn_lv_v=415.0,
                                      vk_percent=6.0, vkr_percent=1.1)
                if rng.random() < 0.4:
                    b.add_shunt(f"C{u}{f}{t}", lv, q_var=-float(rng.uniform(100e3, 900e3)))
                lv_buses.append(lv)
                for k in range(2):
                    bus = f"R{u}{f}{t}{k}"
                    b.add_bus(bus, 415.0)
                    b.add_line(f"B{u}{f}{t}{k}", lv, bus, r_ohm=float(rng.uniform(1e-4, 2e-3)),
                               x_ohm=float(rng.uniform(1e-4, 2e-3)))
                    lv_buses.append(bus)
    b.add_bus("ISLAND", 415.0)
    b.add_line("OPEN", "LV000", "ISLAND", r_ohm=0.001, x_ohm=0.001, in_service=False)
    grid = b.build()
    index = {name: i for i, name in enumerate(grid.bus_ids)}
    candidates = [index[x] for x in lv_buses] + [index["ISLAND"]] + [index[x] for x in mv_buses[:2]]
    sources = []
    for s in range(40):
        feeds = int(rng.choice([1, 1, 2, 2, 3]))
        bus = tuple(int(x) for x in rng.choice(candidates, size=feeds, replace=False))
        if s == 0:
            bus = (bus[0], bus[0])  # two feeds on one bus
        i1 = tuple(float(x) for x in rng.uniform(0.05, 1.0, size=len(bus)))
        sources.append(HarmonicSource(f"S{s}", "six" if s % 3 else "pfc", int(rng.integers(1, 9)), bus, i1))
    sources.append(HarmonicSource("twin", "six", 4, sources[5].bus, sources[5].i1_pu))  # same pattern as S5
    return grid, sources


def _assert_same(a, b):
    for field in FIELDS:
        x, y = getattr(a, field), getattr(b, field)
        scale = np.max(np.abs(y), axis=-1, keepdims=True) if y.ndim > 1 else np.max(np.abs(y))
        worst = float(np.max(np.abs(x - y) / np.maximum(scale, 1e-300)))
        assert worst <= 1e-9, f"{field}: {worst:.1e} of the largest value at the order"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_radial_sums_are_the_factorised_sums_on_generated_campuses(seed):
    grid, sources = campus(seed)
    v1 = np.linspace(0.95, 1.05, grid.n_bus)
    radial = solve_harmonic_flow(grid, sources, SPECTRA, v1, solver="radial")
    factorised = solve_harmonic_flow(grid, sources, SPECTRA, v1, solver="factorised")
    assert radial.orders.tolist() == [2, 3, 5, 7, 11, 13, 25, 49]
    assert np.all(radial.v_pu[:, grid.bus_index("ISLAND")] == 0.0)
    assert np.max(radial.v_pu) > 0
    _assert_same(radial, factorised)
    auto = solve_harmonic_flow(grid, sources, SPECTRA, v1)
    for field in FIELDS:
        assert np.array_equal(getattr(auto, field), getattr(radial, field))


def test_a_loop_is_solved_by_the_factorisation():
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("A", 13.8e3)
    b.add_bus("B", 13.8e3)
    b.add_bus("C", 13.8e3)
    b.add_source("U", "A", sk_max_va=500e6)
    for name, f, t in (("AB", "A", "B"), ("BC", "B", "C"), ("CA", "C", "A")):
        b.add_line(name, f, t, r_ohm=0.1, x_ohm=0.3)
    ring = b.build()
    assert radial_tree(3, ring.lines.from_bus, ring.lines.to_bus, ring.lines.in_service, np.ones(3, bool), [0]) is None
    src = [HarmonicSource("x", "six", 3, (1, 2), (0.4, 0.6)), HarmonicSource("y", "pfc", 1, (2,), (0.5,))]
    with pytest.raises(ValueError, match="loop"):
        solve_harmonic_flow(ring, src, SPECTRA, solver="radial")
    auto = solve_harmonic_flow(ring, src, SPECTRA)
    factorised = solve_harmonic_flow(ring, src, SPECTRA, solver="factorised")
    for field in FIELDS:
        assert np.array_equal(getattr(auto, field), getattr(factorised, field))
    with pytest.raises(ValueError, match="known: " + ", ".join(SOLVERS)):
        solve_harmonic_flow(ring, src, SPECTRA, solver="newton")


def test_radial_sums_are_the_factorised_sums_on_the_washington_proposal():
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.harmonics import load_spectra
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.electrical.power_quality import load_sources
    from retrofit.io.load import load

    design = load(ROOT / "examples" / "washington-18mw" / "proposed.yaml")
    dg = build_design_grid(design)
    lf = solve_load_flow(dg.grid)
    spectra = load_spectra()
    sources, _ = load_sources(design, dg, lf, spectra)
    assert any(len(s.bus) > 1 for s in sources)  # dual-fed rack groups
    radial = solve_harmonic_flow(dg.grid, sources, spectra, lf.vm_pu, solver="radial")
    _assert_same(radial, solve_harmonic_flow(dg.grid, sources, spectra, lf.vm_pu, solver="factorised"))
