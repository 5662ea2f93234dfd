"""Unit and property tests of the network model and the load flow (both of its methods)."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.admittance import admittance_matrix, branch_admittances, transformer_two_port
from retrofit.electrical.network import GridBuilder, energised_buses, take_out_of_service, tap_ratio_from_position
from retrofit.errors import OutOfRange, TopologyError


def two_bus(load_w=100e3, q_var=20e3, r_ohm=0.01, x_ohm=0.005):
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("S", 415.0)
    b.add_bus("R", 415.0)
    b.add_source("grid", "S", sk_max_va=50e6)
    b.add_line("cable", "S", "R", r_ohm=r_ohm, x_ohm=x_ohm, i_max_a=400.0)
    b.add_load("rack", "R", p_w=load_w, q_var=q_var)
    return b.build()


# --- builder and model ---------------------------------------------------------------------------
def test_builder_rejects_bad_input():
    b = GridBuilder()
    b.add_bus("A", 415.0)
    b.add_bus("B", 415.0)
    b.add_bus("M", 13.8e3)
    with pytest.raises(TopologyError, match="duplicate bus"):
        b.add_bus("A", 415.0)
    with pytest.raises(TopologyError, match="unknown bus 'Z'"):
        b.add_line("L", "A", "Z", r_ohm=0.1, x_ohm=0.1)
    with pytest.raises(TopologyError, match="cannot change voltage"):
        b.add_line("L", "A", "M", r_ohm=0.1, x_ohm=0.1)
    with pytest.raises(OutOfRange):
        b.add_line("L", "A", "B", r_ohm=0.0, x_ohm=0.0)
    with pytest.raises(OutOfRange):
        b.add_transformer("T", "M", "A", sn_va=1e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=1.0, vkr_percent=2.0)
    b.add_line("L", "A", "B", r_ohm=0.1, x_ohm=0.1)
    with pytest.raises(TopologyError, match="duplicate line"):
        b.add_line("L", "A", "B", r_ohm=0.1, x_ohm=0.1)


def test_parallel_sets_are_combined():
    b = GridBuilder()
    b.add_bus("A", 415.0)
    b.add_bus("B", 415.0)
    b.add_line("L", "A", "B", r_ohm=0.02, x_ohm=0.01, b_s=1e-6, i_max_a=300.0, parallel=4)
    grid = b.build()
    assert grid.lines.r_ohm[0] == pytest.approx(0.005)
    assert grid.lines.x_ohm[0] == pytest.approx(0.0025)
    assert grid.lines.b_s[0] == pytest.approx(4e-6)
    assert grid.lines.i_max_a[0] == pytest.approx(1200.0)
    with pytest.raises(ValueError):
        grid.lines.r_ohm[0] = 1.0  # arrays are read-only


def test_tap_ratio_convention():
    assert tap_ratio_from_position(2, 0, 2.5) == pytest.approx(1.05)
    assert tap_ratio_from_position(-1, 0, 2.5) == pytest.approx(0.975)


def test_transformer_two_port_without_magnetising_is_a_series_branch():
    z = np.array([0.01 + 0.05j])
    yff, yft, ytf, ytt = transformer_two_port(z, np.zeros(1), np.array([1.1]))
    assert yff[0] == pytest.approx(1 / z[0] / 1.1**2)
    assert yft[0] == pytest.approx(-1 / z[0] / 1.1)
    assert ytf[0] == yft[0]
    assert ytt[0] == pytest.approx(1 / z[0])


def test_admittance_matrix_of_a_line():
    grid = two_bus()
    y = admittance_matrix(grid).toarray()
    z_pu = (0.01 + 0.005j) / (415.0**2 / 1e6)
    assert y[0, 0] == pytest.approx(1 / z_pu)
    assert y[0, 1] == pytest.approx(-1 / z_pu)
    assert np.allclose(y, y.T)


def test_transformer_off_nominal_ratio_raises_lv_voltage_at_no_load():
    """Rated 13.8/0.42 kV on a 13.8/0.415 kV network, neutral tap: LV at no load = 420/415 pu."""
    b = GridBuilder()
    b.add_bus("MV", 13.8e3)
    b.add_bus("LV", 415.0)
    b.add_source("grid", "MV", sk_max_va=250e6)
    b.add_transformer("T", "MV", "LV", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=420.0, vk_percent=5.75,
                      vkr_percent=0.9)
    result = solve_load_flow(b.build())
    assert result.vm_pu[1] == pytest.approx(420.0 / 415.0, abs=1e-12)
    # an HV tap of -2.5 % raises the LV voltage by 1/0.975
    b.add_bus("LV2", 415.0)
    b.add_transformer("T2", "MV", "LV2", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                      vkr_percent=0.9, tap_ratio=0.975)
    assert solve_load_flow(b.build()).vm_pu[2] == pytest.approx(1 / 0.975, abs=1e-12)


# --- solver behaviour ------------------------------------------------------------------------------
def test_two_bus_closed_form():
    """Receiving-end voltage of a short line solves |V_s|^2 = |V_r + Z S*/V_r*|^2 (exact)."""
    grid = two_bus()
    result = solve_load_flow(grid, tol=1e-12)
    z = (0.01 + 0.005j) / (415.0**2 / 1e6)
    s = complex(0.1, 0.02)
    v_r = result.vm_pu[1] * np.exp(1j * np.radians(result.va_deg[1]))
    v_s = v_r + z * np.conj(s / v_r)
    assert abs(v_s) == pytest.approx(1.0, abs=1e-10)
    assert np.angle(v_s) == pytest.approx(0.0, abs=1e-10)
    i = abs(s / v_r) * 1e6 / (math.sqrt(3) * 415.0)
    assert result.lines.i_to_a[0] == pytest.approx(i, rel=1e-9)
    assert result.lines.loading_percent[0] == pytest.approx(100 * i / 400.0, rel=1e-9)
    assert result.losses_w == pytest.approx(3 * i**2 * 0.01, rel=1e-9)


def test_islanded_bus_is_reported_not_solved():
    b = GridBuilder()
    for bus in ("S", "R", "X", "Y"):
        b.add_bus(bus, 415.0)
    b.add_source("grid", "S", sk_max_va=50e6)
    b.add_line("c1", "S", "R", r_ohm=0.01, x_ohm=0.005)
    b.add_line("c2", "X", "Y", r_ohm=0.01, x_ohm=0.005)
    b.add_load("l1", "R", p_w=50e3)
    b.add_load("l2", "Y", p_w=50e3)
    result = solve_load_flow(b.build())
    assert result.converged
    assert result.islanded_bus_ids == ("X", "Y")
    assert np.isnan(result.vm_pu[2:]).all()
    assert np.isfinite(result.vm_pu[:2]).all()
    # the bus mismatches are below tol = 1e-8 pu on 1 MVA, i.e. 0.01 W each
    assert result.slack_p_w == pytest.approx(50e3 + result.losses_w, abs=0.02)


def test_voltage_collapse_is_diagnosed_not_raised():
    grid = two_bus(load_w=5e6, q_var=2e6)  # far beyond what 10 mOhm at 415 V can carry
    result = solve_load_flow(grid, max_iter=15)
    assert not result.converged
    assert "'R'" in result.diagnosis
    assert "hint" in result.diagnosis
    assert "voltage collapse" in result.diagnosis
    assert "overload: 'cable'" in result.diagnosis
    assert np.isfinite(result.max_mismatch_pu) and result.max_mismatch_pu > 1e-3


def test_slow_convergence_is_diagnosed():
    result = solve_load_flow(two_bus(load_w=1.5e6, q_var=0.2e6), max_iter=3)
    assert not result.converged and result.iterations == 3
    assert "slow convergence" in result.diagnosis and "'R'" in result.diagnosis


def test_warm_start_and_contingency():
    b = GridBuilder()
    for bus in ("S", "A", "B"):
        b.add_bus(bus, 415.0)
    b.add_source("grid", "S", sk_max_va=50e6)
    b.add_line("SA", "S", "A", r_ohm=0.005, x_ohm=0.003)
    b.add_line("SB", "S", "B", r_ohm=0.005, x_ohm=0.003)
    b.add_line("AB", "A", "B", r_ohm=0.005, x_ohm=0.003)
    b.add_load("la", "A", p_w=80e3)
    b.add_load("lb", "B", p_w=80e3)
    grid = b.build()
    base = solve_load_flow(grid)
    again = solve_load_flow(grid, init=base)
    assert again.iterations == 0 and again.converged
    outage = take_out_of_service(grid, ["SA"])
    assert not outage.lines.in_service[0] and grid.lines.in_service[0]
    result = solve_load_flow(outage, init=base)
    assert result.converged
    assert result.lines.i_from_a[0] == 0.0
    assert result.vm_pu[1] < base.vm_pu[1]
    with pytest.raises(TopologyError):
        take_out_of_service(grid, ["nope"])
    with pytest.raises(OutOfRange):
        solve_load_flow(grid, init=np.ones(2))


def test_generator_at_pv_bus_holds_its_voltage():
    b = GridBuilder()
    for bus in ("S", "G", "L"):
        b.add_bus(bus, 13.8e3)
    b.add_source("grid", "S", sk_max_va=250e6)
    b.add_line("SG", "S", "G", r_ohm=0.5, x_ohm=1.0)
    b.add_line("GL", "G", "L", r_ohm=0.5, x_ohm=1.0)
    b.add_generator("genset", "G", p_w=1e6, vm_pu=1.02)
    b.add_load("load", "L", p_w=3e6, q_var=1e6)
    result = solve_load_flow(b.build())
    assert result.vm_pu[1] == pytest.approx(1.02, abs=1e-12)
    assert result.slack_p_w == pytest.approx(2e6 + result.losses_w, abs=0.03)


# --- properties ------------------------------------------------------------------------------------
@st.composite
def radial_or_meshed_grid(draw):
    """A 13.8 kV source, one 2.5 MVA transformer, an LV tree of 2-20 buses, loads and optional ties."""
    n_lv = draw(st.integers(2, 20))
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV", 13.8e3)
    b.add_source("grid", "MV", sk_max_va=draw(st.floats(50e6, 1000e6)), rx_max=0.1)
    for k in range(n_lv):
        b.add_bus(f"B{k}", 415.0)
    b.add_transformer("T", "MV", "B0", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                      vkr_percent=draw(st.floats(0.5, 1.5)), p0_w=3e3, i0_percent=0.4,
                      tap_ratio=draw(st.sampled_from([0.95, 0.975, 1.0, 1.025])))
    for k in range(1, n_lv):
        parent = draw(st.integers(0, k - 1))
        b.add_line(f"C{k}", f"B{parent}", f"B{k}", r_ohm=draw(st.floats(1e-5, 2e-3)),
                   x_ohm=draw(st.floats(1e-5, 1e-3)))
    for t in range(draw(st.integers(0, 3))):
        f, to = draw(st.integers(0, n_lv - 1)), draw(st.integers(0, n_lv - 1))
        if f != to:
            b.add_line(f"TIE{t}", f"B{f}", f"B{to}", r_ohm=draw(st.floats(1e-4, 2e-3)), x_ohm=1e-4)
    for k in range(n_lv):
        if draw(st.booleans()):
            p = draw(st.floats(0.0, 1.5e6 / n_lv))
            b.add_load(f"L{k}", f"B{k}", p_w=p, q_var=draw(st.floats(-0.2, 0.5)) * p)
    if draw(st.booleans()):
        b.add_shunt("CAP", f"B{n_lv - 1}", q_var=-50e3, p_w=500.0)
    return b.build()


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(radial_or_meshed_grid())
def test_power_balance(grid):
    """Slack P = loads + branch losses (series and magnetising) + shunt losses."""
    result = solve_load_flow(grid)
    assert result.converged
    v2 = result.vm_pu[grid.shunts.bus] ** 2
    shunt_p = float(np.sum(grid.shunts.p_w * v2))
    expected = grid.loads.p_w.sum() + result.losses_w + shunt_p
    # each bus mismatch is below tol (1e-8 pu on 1 MVA = 0.01 W)
    assert result.slack_p_w == pytest.approx(expected, abs=0.01 * grid.n_bus)


@PROPERTY
@given(radial_or_meshed_grid())
def test_kirchhoff_current_law_at_every_bus(grid):
    """Sum of currents leaving each non-source bus into branches, loads and shunts is zero."""
    result = solve_load_flow(grid)
    v = result.vm_pu * grid.vn_v / math.sqrt(3) * np.exp(1j * np.radians(result.va_deg))  # phase voltage
    n = grid.n_bus
    leaving = np.zeros(n, dtype=complex)
    for flows, f, t in ((result.lines, grid.lines.from_bus, grid.lines.to_bus),
                        (result.transformers, grid.transformers.hv_bus, grid.transformers.lv_bus)):
        np.add.at(leaving, f, np.conj((flows.p_from_w + 1j * flows.q_from_var) / 3 / v[f]))
        np.add.at(leaving, t, np.conj((flows.p_to_w + 1j * flows.q_to_var) / 3 / v[t]))
    np.add.at(leaving, grid.loads.bus, np.conj((grid.loads.p_w + 1j * grid.loads.q_var) / 3 / v[grid.loads.bus]))
    y_shunt = (grid.shunts.p_w - 1j * grid.shunts.q_var) / grid.vn_v[grid.shunts.bus] ** 2
    np.add.at(leaving, grid.shunts.bus, y_shunt * 3 * v[grid.shunts.bus] / 3)
    free = np.ones(n, dtype=bool)
    free[grid.sources.bus] = False
    # a mismatch below tol (1e-8 pu of 1 MVA) leaves at most 0.014 VA / (sqrt(3) V) unbalanced
    bound = 2 * 1e-8 * 1e6 / (math.sqrt(3) * grid.vn_v)
    assert np.all(np.abs(leaving[free]) <= bound[free])
    # the source current equals the current the transformer draws
    assert abs(leaving[0]) == pytest.approx(result.transformers.i_from_a[0], rel=1e-9)


def test_energised_buses_follow_in_service_branches():
    grid = two_bus()
    assert energised_buses(grid).all()
    assert energised_buses(take_out_of_service(grid, ["cable"])).tolist() == [True, False]
    branches = branch_admittances(take_out_of_service(grid, ["cable"]))
    assert branches.yff[0] == 0


# --- scale -----------------------------------------------------------------------------------------
def campus_like_grid(transformers: int = 150, runs: int = 4, segments: int = 6):
    """About 15,000 buses: an MV chain of unit substations, busway runs and two-bus rack feeds."""
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV-0", 13.8e3)
    b.add_source("utility", "MV-0", sk_max_va=1000e6, rx_max=0.05)
    for t in range(transformers):
        feeder = t % 10
        mv = f"MV-{feeder}-{t // 10}"
        b.add_bus(mv, 13.8e3)
        upstream = "MV-0" if t < 10 else f"MV-{feeder}-{t // 10 - 1}"
        b.add_line(f"{mv}-C", upstream, mv, r_ohm=0.01, x_ohm=0.015, i_max_a=600.0)
        board = f"T{t}-SWB"
        b.add_bus(board, 415.0)
        b.add_transformer(f"T{t}", mv, board, sn_va=3e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=5.75,
                          vkr_percent=0.9, p0_w=3.5e3, i0_percent=0.4)
        for r in range(runs):
            before = board
            for s in range(segments):
                node = f"{board}-{r}-{s}"
                b.add_bus(node, 415.0)
                b.add_line(f"{node}-S", before, node, r_ohm=2.7e-4, x_ohm=1.5e-4)
                for k in range(1, 3):
                    b.add_bus(f"{node}-P{k}", 415.0)
                    b.add_bus(f"{node}-R{k}", 415.0)
                    b.add_line(f"{node}-P{k}", node, f"{node}-P{k}", r_ohm=4e-4, x_ohm=2.7e-4)
                    b.add_line(f"{node}-R{k}", f"{node}-P{k}", f"{node}-R{k}", r_ohm=8e-4, x_ohm=5.4e-4)
                    b.add_load(f"{node}-L{k}", f"{node}-R{k}", p_w=50e3, q_var=7e3)
                before = node
    return b.build()


def test_fifteen_thousand_buses_solve_fast():
    grid = campus_like_grid()
    assert grid.n_bus > 15_000
    start = time.perf_counter()
    result = solve_load_flow(grid)
    elapsed = time.perf_counter() - start
    assert result.converged
    assert 0.9 < np.nanmin(result.vm_pu) < 1.0
    assert elapsed < 2.0  # measured about 0.02 s (implicit Z-bus path); generous for slow CI machines
