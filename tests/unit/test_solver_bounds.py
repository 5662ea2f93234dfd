"""Iterative solvers stop at their iteration and time bounds with a diagnosis, never run on or raise."""
from __future__ import annotations

from retrofit.cooling.hydraulic_network import NetworkBuilder
from retrofit.cooling.hydraulics import solve_network

RHO, MU = 998.2, 1.0e-3  # water near 20 degC [kg/m3], [Pa*s]


def _pipe():
    b = NetworkBuilder()
    b.add_fixed_head("up", head=15.0)
    b.add_fixed_head("down", head=10.0)
    b.add_pipe("p", "up", "down", 100.0, 0.1, 4.5e-5, minor_loss=2.0)
    return b.build()


def test_hydraulics_time_bound_ends_with_a_diagnosis():
    result = solve_network(_pipe(), RHO, MU, time_limit=0.0)
    assert not result.converged
    assert "did not converge within the time limit of 0 s (1 iterations)" in result.diagnosis


def test_hydraulics_iteration_bound_ends_with_a_diagnosis():
    result = solve_network(_pipe(), RHO, MU, max_iterations=1)
    assert not result.converged
    assert "did not converge in 1 iterations" in result.diagnosis


def test_hydraulics_within_bounds_converges():
    assert solve_network(_pipe(), RHO, MU).converged
