"""Networks of one topology share its incidence matrices (retrofit.cooling.hydraulics._TOPOLOGIES): a solve
that finds them kept gives, bit for bit, the result of a solve that builds them; a disconnected network is
never kept, so it is diagnosed each time."""
from __future__ import annotations

import numpy as np

from retrofit.cooling import hydraulics
from retrofit.cooling.hydraulic_network import NetworkBuilder
from retrofit.cooling.hydraulics import solve_network

RHO, MU, STEEL = 998.2, 1.0e-3, 4.5e-5


def _branches(diameters, demand=0.02, lonely=False):
    b = NetworkBuilder()
    b.add_fixed_head("src", head=30.0)
    b.add_junction("split")
    b.add_junction("join", demand=demand)
    b.add_pipe("feed", "src", "split", 10.0, 0.1, STEEL)
    for i, d in enumerate(diameters):
        b.add_junction(f"m{i}")
        b.add_pipe(f"a{i}", "split", f"m{i}", 5.0, d, STEEL, minor_loss=1.0)
        b.add_valve(f"v{i}", f"m{i}", "join", d, 2.0)
    if lonely:
        b.add_junction("lonely")
    return b.build()


def _same(a, b):
    for name in ("flow", "head", "pressure", "velocity", "head_loss"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert (a.converged, a.iterations, a.residual, a.diagnosis) == (b.converged, b.iterations, b.residual,
                                                                    b.diagnosis)


def test_kept_topology_gives_the_fresh_result(monkeypatch):
    monkeypatch.setattr(hydraulics, "_TOPOLOGIES", {})
    networks = [_branches([0.05, 0.04, 0.06]), _branches([0.03, 0.05, 0.05], demand=0.01)]
    kept = [solve_network(n, RHO, MU) for n in networks]
    assert len(hydraulics._TOPOLOGIES) == 1  # one topology, other coefficients
    for network, result in zip(networks, kept):
        hydraulics._TOPOLOGIES.clear()
        _same(result, solve_network(network, RHO, MU))


def test_disconnected_network_is_diagnosed_every_time(monkeypatch):
    monkeypatch.setattr(hydraulics, "_TOPOLOGIES", {})
    for _ in range(2):
        result = solve_network(_branches([0.05, 0.05], lonely=True), RHO, MU)
        assert not result.converged and "'lonely'" in result.diagnosis
    assert hydraulics._TOPOLOGIES == {}


def test_the_kept_topologies_are_bounded(monkeypatch):
    monkeypatch.setattr(hydraulics, "_TOPOLOGIES", {})
    monkeypatch.setattr(hydraulics, "_TOPOLOGIES_KEPT", 2)
    for n in range(1, 5):
        assert solve_network(_branches([0.05] * n), RHO, MU).converged
        assert len(hydraulics._TOPOLOGIES) <= 2
