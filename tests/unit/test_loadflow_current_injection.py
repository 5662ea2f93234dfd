"""The implicit Z-bus (current-injection) path of the load flow and its hand-over to Newton-Raphson.

Kind: consistency checks (both methods solve the same equations to the same criterion) and behaviour
tests. The tolerance of every agreement check is derived from the convergence criterion, with
:func:`~retrofit.electrical.current_injection.mismatch_voltage_bound`, never from an observed error.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from test_loadflow import PROPERTY, radial_or_meshed_grid

from retrofit.electrical.current_injection import mismatch_voltage_bound, solve_current_injection
from retrofit.electrical.loadflow import METHODS, solve_load_flow
from retrofit.electrical.admittance import admittance_matrix
from retrofit.electrical.network import GridBuilder, take_out_of_service
from retrofit.errors import OutOfRange


def meshed_grid(*, load_w=65e3, generator=False):
    """Two utility feeds, an MV ring with charging, tapped transformers with magnetising branches, LV
    busways with a closed tie, a capacitor bank and, optionally, a PV generator."""
    b = GridBuilder(frequency_hz=60.0)
    for bus in ("U1", "U2", "A", "B", "C"):
        b.add_bus(bus, 13.8e3)
    b.add_source("utility-1", "U1", sk_max_va=250e6, rx_max=0.1, vm_pu=1.02)
    b.add_source("utility-2", "U2", sk_max_va=200e6, rx_max=0.1, vm_pu=1.02)
    for name, a, c, km in (("c1", "U1", "A", 0.3), ("c2", "A", "B", 0.2), ("c3", "B", "C", 0.25),
                           ("c4", "C", "U2", 0.35), ("c5", "A", "C", 0.4)):
        b.add_line(name, a, c, r_ohm=0.0896 * km, x_ohm=0.118 * km, b_s=2 * math.pi * 60 * 0.38e-6 * km,
                   i_max_a=475.0)
    for k, (hv, tap) in enumerate((("A", 1.0), ("B", 0.975), ("C", 1.025))):
        board = f"SWB{k}"
        b.add_bus(board, 415.0)
        b.add_transformer(f"T{k}", hv, board, sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                          vkr_percent=0.9, p0_w=3.2e3, i0_percent=0.4, tap_ratio=tap)
        previous = board
        for g in range(4):
            node = f"{board}-B{g}"
            b.add_bus(node, 415.0)
            b.add_line(f"{node}-SEG", previous, node, r_ohm=6 * 0.045e-3, x_ohm=6 * 0.025e-3, i_max_a=1000.0)
            for r in range(2):
                rack = f"{node}-R{r}"
                b.add_bus(rack, 415.0)
                b.add_line(f"{rack}-TAP", node, rack, r_ohm=6 * 0.203e-3, x_ohm=6 * 0.1345e-3, i_max_a=260.0)
                b.add_load(f"{rack}-L", rack, p_w=load_w, q_var=load_w * math.tan(math.acos(0.99)))
            previous = node
    b.add_line("TIE", "SWB0", "SWB1", r_ohm=12 * 0.0105e-3, x_ohm=12 * 0.0094e-3, i_max_a=4000.0)
    b.add_shunt("CAP", "SWB2", q_var=-200e3)
    if generator:
        b.add_generator("genset", "SWB2", p_w=300e3, vm_pu=1.0)
    return b.build()


def bound(grid, result, tol):
    """Bound on |V - V*| that the criterion ``tol`` allows for ``result`` (free buses: energised, not slack)."""
    y = admittance_matrix(grid)
    s = -np.bincount(grid.loads.bus, grid.loads.p_w / 1e6, grid.n_bus) \
        - 1j * np.bincount(grid.loads.bus, grid.loads.q_var / 1e6, grid.n_bus)
    free = np.flatnonzero(~result.islanded & ~np.isin(np.arange(grid.n_bus), grid.sources.bus))
    return mismatch_voltage_bound(y, s, result.v_pu, free, tol)


def test_pq_networks_take_the_current_injection_path_and_pv_networks_newton():
    assert solve_load_flow(meshed_grid()).method == "current injection"
    assert solve_load_flow(meshed_grid(generator=True)).method == "newton"
    assert solve_load_flow(meshed_grid(), method="newton").method == "newton"
    assert METHODS == ("auto", "newton", "current injection")


@pytest.mark.parametrize("tol", [1e-8, 1e-10])
def test_current_injection_and_newton_agree_within_what_the_criterion_allows(tol):
    """Consistency check on a meshed grid with two slack buses: |dV| below the sum of both bounds."""
    grid = meshed_grid()
    fast = solve_load_flow(grid, tol=tol)
    newton = solve_load_flow(grid, tol=tol, method="newton")
    assert fast.converged and newton.converged and fast.method == "current injection"
    assert fast.max_mismatch_pu <= tol and newton.max_mismatch_pu <= tol
    allowed = bound(grid, fast, tol) + bound(grid, newton, tol)
    assert allowed < 1e3 * tol  # finite: rho < 1 on this grid
    assert np.nanmax(np.abs(fast.v_pu - newton.v_pu)) <= allowed
    assert fast.slack_p_w == pytest.approx(newton.slack_p_w, abs=2 * 2 * tol * 1e6 * grid.n_bus)


def test_each_iteration_meets_kirchhoff_exactly_so_the_mismatch_is_cheap():
    """The mismatch S (V'/V - 1) the iteration reports is the mismatch V' conj(Y V') - S recomputed."""
    grid = meshed_grid()
    y = admittance_matrix(grid)
    s = -(np.bincount(grid.loads.bus, grid.loads.p_w, grid.n_bus)
          + 1j * np.bincount(grid.loads.bus, grid.loads.q_var, grid.n_bus)) / 1e6
    slack = np.unique(grid.sources.bus)
    free = np.setdiff1d(np.arange(grid.n_bus), slack)
    v0 = np.ones(grid.n_bus, dtype=complex) * 1.02
    one = solve_current_injection(y, s, v0, free, slack, tol=1e-30, max_iter=1)
    assert not one.converged and one.iterations == 1
    recomputed = one.v[free] * np.conj(y[free] @ one.v) - s[free]
    # equal but for round-off: the sums of Y V hold about n terms of size |Y_ij V_j| (gamma_n * sum, Higham,
    # Accuracy and Stability of Numerical Algorithms, 2nd ed., 2002, sec. 3.1), and so does the LU solve
    round_off = 2 * grid.n_bus * np.finfo(float).eps * float(np.max(abs(y) @ np.abs(one.v)) * np.abs(one.v).max())
    assert np.abs(one.ds[free] - recomputed).max() <= round_off


def test_contraction_ratio_is_about_the_voltage_drop():
    """From a flat start the mismatch falls at least tenfold per iteration on a few-per-cent drop."""
    result = solve_load_flow(meshed_grid(), tol=1e-10)
    assert result.method == "current injection"
    assert 1.0 - np.nanmin(result.vm_pu / 1.02) < 0.05
    assert result.iterations <= 8  # from about 0.1 pu to 1e-10 pu at least tenfold per iteration


def test_a_collapse_is_handed_to_newton_which_diagnoses_it():
    b = GridBuilder()
    b.add_bus("S", 415.0)
    b.add_bus("R", 415.0)
    b.add_source("grid", "S", sk_max_va=50e6)
    b.add_line("cable", "S", "R", r_ohm=0.01, x_ohm=0.005, i_max_a=400.0)
    b.add_load("rack", "R", p_w=5e6, q_var=2e6)
    grid = b.build()
    auto = solve_load_flow(grid, max_iter=15)
    assert not auto.converged and auto.method == "newton" and "voltage collapse" in auto.diagnosis
    forced = solve_load_flow(grid, max_iter=15, method="current injection")
    assert not forced.converged and forced.method == "current injection"
    assert "contracts too slowly" in forced.diagnosis or "collapses" in forced.diagnosis


def test_heavy_but_feasible_load_converges_either_way():
    """A 60 % voltage-drop-class load: the Z-bus iteration stalls, Newton finishes from the same start."""
    b = GridBuilder()
    b.add_bus("S", 415.0)
    b.add_bus("R", 415.0)
    b.add_source("grid", "S", sk_max_va=50e6)
    b.add_line("cable", "S", "R", r_ohm=0.01, x_ohm=0.005, i_max_a=400.0)
    b.add_load("rack", "R", p_w=3.5e6, q_var=0.0)
    grid = b.build()
    auto = solve_load_flow(grid)
    newton = solve_load_flow(grid, method="newton")
    assert not solve_load_flow(grid, method="current injection").converged
    assert auto.converged and newton.converged and auto.method == "newton"
    assert auto.vm_pu[1] == pytest.approx(newton.vm_pu[1], abs=bound(grid, auto, 1e-8) + bound(grid, newton, 1e-8))


def test_outage_warm_start_and_islanding_on_the_fast_path():
    grid = meshed_grid()
    base = solve_load_flow(grid)
    outage = take_out_of_service(grid, ["T2"])  # SWB2 and its busway islanded
    result = solve_load_flow(outage, init=base)
    assert result.converged and result.method == "current injection"
    assert result.islanded[outage.bus_ids.index("SWB2")]
    assert result.iterations < base.iterations
    again = solve_load_flow(grid, init=base)
    assert again.converged and again.iterations == 0


def test_bad_method_requests_are_refused():
    with pytest.raises(OutOfRange, match="expected one of auto, newton, current injection"):
        solve_load_flow(meshed_grid(), method="gauss")
    with pytest.raises(OutOfRange, match="PQ buses only"):
        solve_load_flow(meshed_grid(generator=True), method="current injection")


@PROPERTY
@given(radial_or_meshed_grid())
def test_both_methods_agree_on_random_radial_and_meshed_grids(grid):
    """Consistency check on random LV trees with ties, taps, magnetising branches and shunts."""
    fast = solve_load_flow(grid)
    newton = solve_load_flow(grid, method="newton")
    assert fast.converged and newton.converged
    allowed = bound(grid, fast, 1e-8) + bound(grid, newton, 1e-8)
    assert np.isfinite(allowed)
    assert np.nanmax(np.abs(fast.v_pu - newton.v_pu)) <= allowed
