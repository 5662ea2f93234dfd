"""Consistency check: the harmonic load flow's blocked solve gives the figures of one SuperLU solve per
column, bit for bit, on the pilot hall's network at the orders it carries."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.sparse.linalg import splu

from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.harmonics import SOLVE_BLOCK, harmonic_admittance_matrix, solve_columns
from retrofit.electrical.network import energised_buses
from retrofit.io.load import load

ROOT = Path(__file__).resolve().parents[2]


def test_blocked_solve_is_the_column_by_column_solve():
    grid = build_design_grid(load(ROOT / "examples" / "pilot-hall" / "design.yaml")).grid
    index = np.nonzero(energised_buses(grid))[0]
    rng = np.random.default_rng(3)
    n = len(index)
    cols = 3 * SOLVE_BLOCK + 5  # full blocks and a short one
    rhs = np.zeros((n, cols), dtype=complex)
    rhs[rng.integers(0, n, cols), np.arange(cols)] = 1.0  # unit injections, as most patterns are
    rhs[rng.integers(0, n, cols), np.arange(cols)] += rng.uniform(0.1, 0.9, cols)  # and shared ones
    for h in (5, 7, 11, 13, 25, 49):
        lu = splu(harmonic_admittance_matrix(grid, h).tocsc()[index][:, index].tocsc())
        one_by_one = np.column_stack([lu.solve(rhs[:, j]) for j in range(cols)])
        assert np.array_equal(solve_columns(lu, rhs), one_by_one)
