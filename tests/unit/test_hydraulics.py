"""Unit and property tests of the hydraulic kernels: friction, fittings, pumps and the network solver."""
import time

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrofit.cooling.fittings import (
    butterfly_valve_k,
    crane_turbulent_friction,
    fitting_k,
    fitting_names,
    fittings_k,
    k_from_cv,
    k_from_kv,
    lift_check_valve_k,
    nominal_size,
    reduced_port_k,
)
from retrofit.cooling.friction import (
    GRAVITY,
    darcy_weisbach_head_loss,
    flow_velocity,
    friction_factor,
    friction_factor_with_slope,
    fully_rough_friction_factor,
    laminar,
    minor_loss_head,
    swamee_jain,
)
from retrofit.cooling.hydraulic_network import (
    PIPE,
    PUMP,
    RESISTANCE,
    VALVE,
    HydraulicNetwork,
    NetworkBuilder,
)
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.pumps import PumpCurve, electric_power, operating_region, shaft_power
from retrofit.errors import OutOfRange, TopologyError, UnknownMethod

RHO, MU = 998.2, 1.0e-3
STEEL = 4.5e-5
INCH = 0.0254


# --- friction ----------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["colebrook", "swamee_jain"])
@pytest.mark.parametrize("roughness", [0.0, 1e-5, 1e-3, 0.02])
def test_transition_is_c1_and_head_loss_monotone(method, roughness):
    eps = 1e-6
    for edge in (2000.0, 4000.0):
        below, s_below = friction_factor_with_slope(edge * (1 - eps), roughness, method)
        above, s_above = friction_factor_with_slope(edge * (1 + eps), roughness, method)
        assert above == pytest.approx(below, rel=1e-5)
        assert s_above == pytest.approx(s_below, rel=1e-3)
    reynolds = np.linspace(100.0, 1e5, 5000)
    f, slope = friction_factor_with_slope(reynolds, roughness, method)
    assert np.all(2 * f + reynolds * slope > 0)  # d(f Re^2)/dRe > 0: head loss rises with flow


@pytest.mark.parametrize("method", ["colebrook", "swamee_jain"])
def test_friction_slope_matches_finite_difference(method):
    reynolds = np.r_[np.linspace(2100, 3900, 7), np.logspace(3.7, 7.5, 20)]
    f, slope = friction_factor_with_slope(reynolds, 2e-4, method)
    step = 1e-5 * reynolds
    fd = (friction_factor(reynolds + step, 2e-4, method) - friction_factor(reynolds - step, 2e-4, method)) / (2 * step)
    assert slope == pytest.approx(fd, rel=1e-5)


def test_laminar_and_limits():
    assert laminar(1000.0) == 0.064
    assert friction_factor(1500.0, 0.01) == pytest.approx(64 / 1500)
    assert fully_rough_friction_factor(1e-3) == pytest.approx(friction_factor(1e13, 1e-3), rel=1e-6)
    grid_re, grid_rr = np.meshgrid(np.logspace(np.log10(5e3), 8, 30), np.logspace(-6, -2, 10))
    assert np.max(np.abs(swamee_jain(grid_re, grid_rr) / friction_factor(grid_re, grid_rr) - 1)) < 0.029


def test_friction_errors():
    with pytest.raises(UnknownMethod, match="colebrook, swamee_jain"):
        friction_factor(1e5, 1e-4, method="haaland")
    with pytest.raises(OutOfRange):
        friction_factor(0.0, 1e-4)
    with pytest.raises(OutOfRange):
        friction_factor(1e5, -1e-4)


def test_darcy_and_minor_loss_signs():
    assert darcy_weisbach_head_loss(0.02, 10.0, 0.1, -2.0) == pytest.approx(-0.02 * 100 * 4 / (2 * GRAVITY))
    assert minor_loss_head(2.0, 3.0) == pytest.approx(9.0 / GRAVITY)
    assert flow_velocity(np.pi / 4 * 0.01, 0.1) == pytest.approx(1.0)


# --- fittings ----------------------------------------------------------------------------------
def test_crane_table_lookup():
    assert crane_turbulent_friction(2.067 * INCH) == 0.019
    assert crane_turbulent_friction(6.065 * INCH) == 0.015
    assert crane_turbulent_friction(36 * INCH) == 0.012
    assert nominal_size(2.469 * INCH) == "2-1/2"
    with pytest.raises(OutOfRange, match="below the smallest size"):
        crane_turbulent_friction(0.005)


def test_fitting_k_values():
    d = 4.026 * INCH  # 4 in, f_T = 0.017
    assert fitting_k("elbow_90_standard", d) == pytest.approx(30 * 0.017)
    assert fitting_k("elbow_90_long_radius", d) == pytest.approx(14 * 0.017)
    assert fitting_k("tee_branch", d) == pytest.approx(60 * 0.017)
    assert fitting_k("ball_valve", d) == pytest.approx(3 * 0.017)
    assert fitting_k("swing_check_valve", d) == pytest.approx(100 * 0.017)
    assert fitting_k("entrance_sharp", d) == 0.5
    assert fitting_k("exit", d) == 1.0
    assert fittings_k({"tee_run": 2, "gate_valve": 1}, d) == pytest.approx(48 * 0.017)
    assert butterfly_valve_k(d) == pytest.approx(45 * 0.017)
    assert butterfly_valve_k(11.938 * INCH) == pytest.approx(35 * 0.013)
    assert butterfly_valve_k(22.624 * INCH) == pytest.approx(25 * 0.012)
    with pytest.raises(OutOfRange):
        butterfly_valve_k(1.049 * INCH)
    with pytest.raises(UnknownMethod, match="did you mean 'elbow_90_standard'"):
        fitting_k("elbow_90_standart", d)
    assert "strainer" not in fitting_names() and "foot_valve_strainer_hinged" in fitting_names()


def test_reduced_port_and_flow_coefficients():
    assert reduced_port_k(0.5, 1.0) == pytest.approx(0.5)
    assert reduced_port_k(0.5, 0.8) > 0.5 / 0.8**4
    assert lift_check_valve_k(3.068 * INCH) == pytest.approx(600 * 0.018)
    d_in = 3.0
    cv = 120.0
    assert k_from_cv(cv, d_in * INCH) == pytest.approx(891 * d_in**4 / cv**2, rel=2e-3)  # Crane eq. 2-10
    assert k_from_kv(cv / 1.156, d_in * INCH) == pytest.approx(k_from_cv(cv, d_in * INCH), rel=2e-3)


# --- pumps -------------------------------------------------------------------------------------
def test_pump_curve_fits():
    exact = PumpCurve(40.0, 100.0, 2.0e4, 0.0, 0.04)
    q = np.array([0.0, 0.01, 0.02, 0.03])
    fitted = PumpCurve.from_points(q, exact.head(q))
    assert (fitted.shutoff_head, fitted.linear_coefficient, fitted.quadratic_coefficient) == pytest.approx(
        (40.0, 100.0, 2.0e4))
    design = PumpCurve.from_design_point(0.02, 30.0)
    assert design.head(0.02) == pytest.approx(30.0)
    assert design.head(0.0) == pytest.approx(40.0)
    assert design.max_flow() == pytest.approx(0.04)
    two = PumpCurve.from_points([0.0, 0.02], [40.0, 30.0])
    assert two.head(0.01) == pytest.approx(37.5)
    with pytest.raises(OutOfRange):
        PumpCurve.from_points([0.0, 0.01, 0.02], [30.0, 35.0, 45.0])  # rising curve


def test_affinity_and_parallel_pumps():
    curve = PumpCurve.from_points([0.0, 0.01, 0.02, 0.03], [40.0, 38.0, 33.0, 24.0], [0.3, 0.7, 0.8, 0.6])
    q = np.linspace(0.0, 0.03, 7)
    assert curve.head(0.8 * q, speed_ratio=0.8) == pytest.approx(0.64 * curve.head(q))
    assert curve.head(3 * q, parallel_count=3) == pytest.approx(curve.head(q))
    assert curve.efficiency(0.8 * q, speed_ratio=0.8) == pytest.approx(curve.efficiency(q))
    c0, c1, c2 = curve.efficiency_coefficients
    assert curve.bep_flow == pytest.approx(-c1 / (2 * c2))
    inside, percent, preferred = operating_region(curve, 2 * curve.bep_flow, parallel_count=2)
    assert inside and percent == pytest.approx(100.0) and preferred
    inside, percent, preferred = operating_region(curve, 0.5 * curve.bep_flow)
    assert inside and not preferred
    assert not operating_region(curve, 0.05)[0]
    assert electric_power(shaft_power(0.01, 30.0, 0.75, RHO), 0.95, 0.97) == pytest.approx(
        RHO * GRAVITY * 0.3 / 0.75 / 0.95 / 0.97)


# --- network solver: small cases with known answers ----------------------------------------------
def single_pipe(head_difference=5.0, length=100.0, diameter=0.1, minor=2.0):
    b = NetworkBuilder()
    b.add_fixed_head("up", head=10.0 + head_difference)
    b.add_fixed_head("down", head=10.0)
    b.add_pipe("p", "up", "down", length, diameter, STEEL, minor_loss=minor)
    return b.build()


def pipe_head_loss(flow, length, diameter, minor, density=RHO, viscosity=MU):
    if flow == 0.0:
        return 0.0
    velocity = flow_velocity(flow, diameter)
    reynolds = density * abs(velocity) * diameter / viscosity
    f = friction_factor(reynolds, STEEL / diameter)
    return darcy_weisbach_head_loss(f, length, diameter, velocity) + minor_loss_head(minor, velocity)


def test_single_pipe_matches_darcy_weisbach():
    result = solve_network(single_pipe(), RHO, MU)
    assert result.converged and result.diagnosis == ""
    assert pipe_head_loss(result.link_flow("p"), 100.0, 0.1, 2.0) == pytest.approx(5.0, rel=1e-10)
    assert result.velocity[0] == pytest.approx(flow_velocity(result.link_flow("p"), 0.1))


def test_laminar_pipe_is_hagen_poiseuille():
    result = solve_network(single_pipe(0.01, 10.0, 0.01, 0.0), RHO, 0.05)
    q = result.link_flow("p")
    assert q == pytest.approx(0.01 * np.pi * GRAVITY * 0.01**4 * RHO / (128 * 0.05 * 10.0), rel=1e-10)


def test_component_passes_rated_flow_at_rated_dp():
    b = NetworkBuilder()
    b.add_fixed_head("a", head=10.0 + 35e3 / (RHO * GRAVITY))
    b.add_fixed_head("b", head=10.0)
    b.add_component("cdu", "a", "b", dp_rated=35e3, flow_rated=0.004, linear_fraction=0.4)
    assert solve_network(b.build(), RHO, MU).link_flow("cdu") == pytest.approx(0.004, rel=1e-10)


def test_identical_parallel_branches_share_equally():
    b = NetworkBuilder()
    b.add_fixed_head("src", head=30.0)
    b.add_junction("split")
    b.add_junction("join", demand=0.02)
    b.add_pipe("feed", "src", "split", 10.0, 0.1, STEEL)
    for i in range(3):
        b.add_junction(f"m{i}")
        b.add_pipe(f"a{i}", "split", f"m{i}", 5.0, 0.05, STEEL, minor_loss=1.0)
        b.add_valve(f"v{i}", f"m{i}", "join", 0.05, 2.0)
    result = solve_network(b.build(), RHO, MU)
    assert [result.link_flow(f"a{i}") for i in range(3)] == pytest.approx([0.02 / 3] * 3, rel=1e-10)


def pumped_loop(speed_ratio=1.0, parallel_count=1, check_valve=True, lift=0.0):
    b = NetworkBuilder()
    b.add_fixed_head("low", head=0.0)
    b.add_fixed_head("high", head=lift)
    b.add_junction("discharge")
    curve = PumpCurve.from_points([0.0, 0.01, 0.02, 0.03], [30.0, 29.0, 25.0, 18.0], [0.3, 0.65, 0.78, 0.7])
    b.add_pump("pump", "low", "discharge", curve, speed_ratio=speed_ratio, parallel_count=parallel_count,
               check_valve=check_valve, motor_efficiency=0.95, drive_efficiency=0.97)
    b.add_pipe("main", "discharge", "high", 80.0, 0.08, STEEL, minor_loss=4.0)
    return b.build(), curve


def test_pump_operating_point():
    network, curve = pumped_loop()
    result = solve_network(network, RHO, MU)
    point = result.pump("pump")
    assert point.status == "open"
    assert point.head == pytest.approx(curve.head(point.flow), rel=1e-10)
    assert point.head == pytest.approx(pipe_head_loss(point.flow, 80.0, 0.08, 4.0), rel=1e-9)
    assert point.efficiency == pytest.approx(curve.efficiency(point.flow))
    assert point.shaft_power == pytest.approx(RHO * GRAVITY * point.flow * point.head / point.efficiency)
    assert point.electric_power == pytest.approx(point.shaft_power / (0.95 * 0.97))
    assert point.inside_curve_range
    assert point.bep_percent == pytest.approx(100 * point.flow / curve.bep_flow)
    assert result.head_loss[network.link_ids.index("pump")] == pytest.approx(-point.head)
    pressure = result.node_pressure("discharge")
    assert pressure == pytest.approx(RHO * GRAVITY * (result.node_head("discharge") - 0.0))


def test_pump_below_static_lift_delivers_nothing_and_says_why():
    network, _ = pumped_loop(lift=40.0)
    result = solve_network(network, RHO, MU)
    assert result.converged
    point = result.pump("pump")
    assert point.status == "closed_by_check_valve" and point.flow == 0.0 and point.shaft_power == 0.0
    assert "pump 'pump' delivers no flow: its shut-off head 30.00 m is 10.00 m below" in result.diagnosis


def test_stopped_pump_is_closed():
    b = NetworkBuilder()
    b.add_fixed_head("low", head=0.0)
    b.add_fixed_head("high", head=5.0)
    b.add_junction("mid")
    b.add_pump("duty", "low", "mid", PumpCurve.from_design_point(0.01, 20.0), speed_ratio=0.0)
    b.add_pump("standby", "low", "mid", PumpCurve.from_design_point(0.01, 20.0), is_open=False)
    b.add_pipe("main", "mid", "high", 20.0, 0.05, STEEL)
    result = solve_network(b.build(), RHO, MU)
    assert result.converged
    assert [p.status for p in result.pumps] == ["closed", "closed"]
    assert result.link_flow("main") == pytest.approx(0.0, abs=1e-8)  # closed links leak h / 1e10
    assert result.node_head("mid") == pytest.approx(5.0)


def test_parallel_group_equals_scaled_single_pump():
    single, _ = pumped_loop(speed_ratio=0.9)
    group, _ = pumped_loop(speed_ratio=0.9, parallel_count=2)
    one, two = solve_network(single, RHO, MU), solve_network(group, RHO, MU)
    assert two.link_flow("pump") > one.link_flow("pump")
    point = two.pump("pump")
    curve = group.pump_curves[0]
    assert point.head == pytest.approx(curve.head(point.flow / 2, 0.9), rel=1e-10)


def test_pump_without_check_valve_runs_backwards():
    network, _ = pumped_loop(lift=40.0, check_valve=False)
    result = solve_network(network, RHO, MU)
    assert result.converged and result.link_flow("pump") < 0


def test_pump_forced_backwards_is_diagnosed():
    b = NetworkBuilder()
    b.add_fixed_head("tank", head=0.0)
    b.add_junction("injection", demand=-0.01)  # an inflow that can only leave backwards through the pump
    b.add_pump("pump", "tank", "injection", PumpCurve.from_design_point(0.02, 20.0))
    result = solve_network(b.build(), RHO, MU)
    assert not result.converged
    assert "demands cannot be met: link 'pump' (pump held shut by its check valve)" in result.diagnosis
    assert "short by" in result.diagnosis


def test_closed_valve_isolates_and_demand_behind_it_fails():
    b = NetworkBuilder()
    b.add_fixed_head("src", head=20.0)
    b.add_junction("j1", elevation=2.0)
    b.add_junction("j2", elevation=1.0)
    b.add_pipe("p", "src", "j1", 10.0, 0.05, STEEL)
    b.add_valve("isolation", "j1", "j2", 0.05, 0.2, is_open=False)
    result = solve_network(b.build(), RHO, MU)
    assert result.converged
    assert result.link_flow("isolation") == 0.0
    assert result.node_head("j2") == pytest.approx(20.0)
    b.add_junction("j3", demand=0.001)
    b.add_pipe("p3", "j2", "j3", 5.0, 0.05, STEEL)
    failed = solve_network(b.build(), RHO, MU)
    assert not failed.converged
    assert "link 'isolation' (closed valve) would have to carry 0.001 m3/s" in failed.diagnosis


def test_disconnected_and_unanchored_networks():
    b = NetworkBuilder()
    b.add_fixed_head("tank", head=5.0)
    b.add_junction("a")
    b.add_junction("lonely")
    b.add_pipe("p", "tank", "a", 5.0, 0.05, STEEL)
    result = solve_network(b.build(), RHO, MU)
    assert not result.converged and "'lonely'" in result.diagnosis and np.all(np.isnan(result.flow))
    loop = NetworkBuilder()
    loop.add_junction("x")
    loop.add_junction("y")
    loop.add_pump("pump", "x", "y", PumpCurve.from_design_point(0.01, 10.0))
    loop.add_pipe("back", "y", "x", 20.0, 0.05, STEEL)
    result = solve_network(loop.build(), RHO, MU)
    assert not result.converged and "no fixed-head node" in result.diagnosis and "expansion tank" in result.diagnosis


def test_iteration_limit_is_diagnosed():
    network, _ = pumped_loop()
    result = solve_network(network, RHO, MU, max_iterations=1)
    assert not result.converged and result.iterations == 1
    assert "did not converge in 1 iterations" in result.diagnosis and "largest head-balance error" in result.diagnosis


def test_builder_and_contract_errors():
    b = NetworkBuilder()
    b.add_junction("a")
    with pytest.raises(TopologyError, match="duplicate node id 'a'"):
        b.add_junction("a")
    b.add_pipe("p", "a", "nowhere", 1.0, 0.05, STEEL)
    with pytest.raises(TopologyError, match="unknown node 'nowhere'"):
        b.build()
    c = NetworkBuilder()
    c.add_fixed_head("t", head=1.0)
    c.add_junction("a")
    c.add_pipe("p", "t", "a", 1.0, 0.0, STEEL)
    with pytest.raises(TopologyError, match="'p' \\(pipe\\)"):
        c.build()
    with pytest.raises(TopologyError):
        c.add_component("cdu", "t", "a", dp_rated=-1.0, flow_rated=0.01)
    network = single_pipe()
    assert not network.elevation.flags.writeable
    with pytest.raises(TopologyError, match="starts and ends at the same node"):
        HydraulicNetwork(**{**vars(network), "end_node": network.start_node})
    with pytest.raises(UnknownMethod):
        solve_network(network, RHO, MU, friction_method="moody")


def test_warm_start_converges_at_once():
    network, _ = pumped_loop()
    first = solve_network(network, RHO, MU)
    again = solve_network(network, RHO, MU, initial_flows=first.flow)
    assert again.converged and again.iterations <= 2
    assert again.flow == pytest.approx(first.flow, rel=1e-10)


def campus_like(cdu_count, racks):
    """TCS loops with expansion tanks and rack branches, as in benchmarks/hydraulics_kernels.py."""
    b = NetworkBuilder()
    curve = PumpCurve.from_points([0.0, 0.01, 0.02], [35.0, 32.0, 22.0], [0.3, 0.8, 0.6])
    for c in range(cdu_count):
        t = f"c{c}"
        b.add_fixed_head(f"{t}_tank", head=20.0, elevation=3.0)
        b.add_junction(f"{t}_suc")
        b.add_pipe(f"{t}_tp", f"{t}_tank", f"{t}_suc", 2.0, 0.05, STEEL)
        b.add_junction(f"{t}_dis")
        b.add_pump(f"{t}_pump", f"{t}_suc", f"{t}_dis", curve)
        b.add_junction(f"{t}_s0")
        b.add_component(f"{t}_hx", f"{t}_dis", f"{t}_s0", 40e3, 0.012)
        b.add_junction(f"{t}_r0")
        b.add_pipe(f"{t}_ret", f"{t}_r0", f"{t}_suc", 10.0, 0.1, STEEL, minor_loss=2.0)
        for r in range(racks):
            b.add_junction(f"{t}_s{r + 1}")
            b.add_junction(f"{t}_r{r + 1}")
            b.add_pipe(f"{t}_sh{r}", f"{t}_s{r}", f"{t}_s{r + 1}", 1.2, 0.1, STEEL)
            b.add_pipe(f"{t}_rh{r}", f"{t}_r{r + 1}", f"{t}_r{r}", 1.2, 0.1, STEEL)
            b.add_component(f"{t}_rack{r}", f"{t}_s{r + 1}", f"{t}_r{r + 1}", 30e3 * (1 + 0.05 * (r % 3)), 0.0012,
                            linear_fraction=0.3)
    return b.build()


def test_moderate_network_solves_quickly():
    network = campus_like(60, 12)  # ~3,000 links, ~720 loops
    start = time.perf_counter()
    result = solve_network(network, RHO, MU)
    elapsed = time.perf_counter() - start
    assert result.converged and result.iterations < 20
    assert elapsed < 2.0


def starved_main(rungs):
    """A pumped supply and return main along ``rungs`` CDUs, too small to feed them all: the far CDUs get no flow."""
    b = NetworkBuilder()
    b.add_fixed_head("tank", head=15.0)
    b.add_junction("s0")
    b.add_junction("r0")
    b.add_pump("pump", "tank", "s0", PumpCurve.from_points([0.0, 0.01, 0.02], [45.0, 40.0, 25.0], [0.3, 0.8, 0.6]))
    b.add_pipe("back", "r0", "tank", 1.0, 0.1, 4.5e-5)
    for i in range(rungs):
        b.add_junction(f"s{i + 1}")
        b.add_junction(f"r{i + 1}")
        b.add_pipe(f"sm{i}", f"s{i}", f"s{i + 1}", 12.0, 0.05, 4.5e-5, minor_loss=0.3)
        b.add_pipe(f"rm{i}", f"r{i + 1}", f"r{i}", 12.0, 0.05, 4.5e-5, minor_loss=0.3)
        b.add_component(f"cdu{i}", f"s{i + 1}", f"r{i + 1}", dp_rated=60e3, flow_rated=0.002)
    return b.build()


def test_zero_flows_of_a_starved_main_converge():
    """Consistency check: 82 of 100 CDUs get no flow; the solve converges (it used to stall on round-off for
    100 iterations) and every link still balances its head within the tolerance."""
    network = starved_main(100)
    result = solve_network(network, RHO, MU)
    assert result.converged and result.iterations <= 20, result.diagnosis
    cdu_flow = np.array([result.link_flow(f"cdu{i}") for i in range(100)])
    assert np.count_nonzero(np.abs(cdu_flow) < 1e-6) == 82
    for k in range(network.link_count):
        assert link_head_loss(network, result, k) == pytest.approx(result.head_loss[k], abs=1e-7)


@pytest.mark.parametrize("head_tolerance", [1e-7, 1e-4])
@pytest.mark.parametrize("head_difference", [1e-12, 1e-9, 1e-6, 1.0])
def test_smoothing_moves_head_losses_by_a_thousandth_of_the_tolerance(head_tolerance, head_difference):
    """Consistency check: the zero-flow smoothing of c Q|Q| moves a head loss by at most head_tolerance / 1000."""
    b = NetworkBuilder()
    b.add_fixed_head("a", head=10.0 + head_difference)
    b.add_fixed_head("b", head=10.0)
    b.add_component("cdu", "a", "b", dp_rated=60e3, flow_rated=0.018)
    result = solve_network(b.build(), RHO, MU, head_tolerance=head_tolerance)
    q = result.link_flow("cdu")
    exact = 60e3 / 0.018**2 * q * abs(q) / (RHO * GRAVITY)
    assert result.converged and 0.0 < exact <= head_difference
    assert head_difference - exact <= head_tolerance / 1000 * (1 + 1e-9) + 1e-15


# --- property tests ----------------------------------------------------------------------------
def link_head_loss(network, result, k):
    """Head loss of link k recomputed from its flow with the friction and pump modules."""
    q = result.flow[k]
    kind = network.kind[k]
    if kind == PIPE:
        return pipe_head_loss(q, network.length[k], network.diameter[k], network.minor_loss[k])
    if kind == VALVE:
        return minor_loss_head(network.minor_loss[k], flow_velocity(q, network.diameter[k]))
    if kind == RESISTANCE:
        return network.resistance[k] * q * abs(q)
    if kind == PUMP:
        j = int(np.flatnonzero(network.pump_link == k)[0])
        curve = network.pump_curves[j]
        return -curve.head(q, network.speed_ratio[j], network.parallel_count[j])
    return (network.dp_linear[k] * q + network.dp_quadratic[k] * q * abs(q)) / (RHO * GRAVITY)


def ladder(lengths, diameters, demands, speed_ratio=1.0, cross=True):
    """A pumped ladder: supply rail, return rail, rungs, optional diagonal cross pipes, a tank."""
    n = len(demands)
    b = NetworkBuilder()
    b.add_fixed_head("tank", head=15.0)
    b.add_junction("suction")
    b.add_pipe("tank_pipe", "tank", "suction", 2.0, 0.08, STEEL)
    b.add_junction("s0")
    b.add_pump("pump", "suction", "s0", PumpCurve.from_design_point(0.03, 25.0), speed_ratio=speed_ratio)
    b.add_junction("r0")
    b.add_pipe("return", "r0", "suction", 10.0, 0.12, STEEL, minor_loss=1.0)
    for i in range(n):
        b.add_junction(f"s{i + 1}", elevation=0.5 * i)
        b.add_junction(f"r{i + 1}", elevation=0.5 * i, demand=demands[i])
        b.add_pipe(f"sup{i}", f"s{i}", f"s{i + 1}", lengths[i], diameters[i], STEEL)
        b.add_pipe(f"ret{i}", f"r{i + 1}", f"r{i}", lengths[i], diameters[i], STEEL, minor_loss=0.5)
        b.add_resistance(f"rung{i}", f"s{i + 1}", f"r{i + 1}", 2.0e5 * (1 + i % 3))
        if cross and i > 0:
            b.add_valve(f"diag{i}", f"s{i}", f"r{i + 1}", 0.025, 5.0 + i)
    return b.build()


ladder_inputs = st.integers(min_value=2, max_value=7).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(2.0, 40.0), min_size=n, max_size=n),
        st.lists(st.sampled_from([0.05, 0.065, 0.08, 0.1]), min_size=n, max_size=n),
        st.lists(st.floats(0.0, 2e-4), min_size=n, max_size=n),
    ))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ladder_inputs)
def test_mass_conserved_and_loops_balance(inputs):
    lengths, diameters, demands = inputs
    network = ladder(lengths, diameters, demands)
    result = solve_network(network, RHO, MU)
    assert result.converged, result.diagnosis
    n = network.node_count
    net_outflow = np.zeros(n)
    np.add.at(net_outflow, network.start_node, result.flow)
    np.add.at(net_outflow, network.end_node, -result.flow)
    free = np.isnan(network.fixed_head)
    scale = np.max(np.abs(result.flow))
    assert np.max(np.abs(net_outflow[free] + network.demand[free])) < 1e-10 * scale
    graph = nx.MultiGraph()
    for k in range(network.link_count):
        graph.add_edge(network.start_node[k], network.end_node[k], key=k)
    head_loss = np.array([link_head_loss(network, result, k) for k in range(network.link_count)])
    for cycle in nx.cycle_basis(nx.Graph(graph)):
        total = 0.0
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            k = next(k for k in range(network.link_count)
                     if {network.start_node[k], network.end_node[k]} == {a, b})
            total += head_loss[k] if network.start_node[k] == a else -head_loss[k]
        assert abs(total) < 1e-6


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ladder_inputs, st.lists(st.floats(0.4, 1.3), min_size=3, max_size=3, unique=True))
def test_flow_rises_with_pump_speed(inputs, speeds):
    lengths, diameters, demands = inputs
    flows = []
    for speed in sorted(speeds):
        result = solve_network(ladder(lengths, diameters, demands, speed_ratio=speed), RHO, MU)
        assert result.converged, result.diagnosis
        flows.append(result.link_flow("pump"))
    assert all(later > earlier for earlier, later in zip(flows, flows[1:]))
