"""Hardy Cross network with fixed friction factors, 10 pipes and 3 loops (validation case HY-7b).

Source: the network of the R package ``hydraulics`` (E. Maurer, CRAN; EdM44/hydraulics commit
f0555073), ``vignettes/hydraulics_vignette.Rmd`` section 7, with its rendered output (the pipe
resistances K, printed to 7 significant figures).
Kind: peer cross-check (K against the package's printed output); consistency check (the converged
flows, computed with Hardy Cross iterated to convergence from the package's inputs; the vignette prints
only the first three iterations).
Tolerance: ``printed_4sf`` for K; ``hardy_cross_q`` (1e-5 m3/s) for the flows written to 5 decimals.

Source: the R package ``hydraulics`` (E. Maurer, CRAN; EdM44/hydraulics commit f0555073),
``vignettes/hydraulics_vignette.Rmd`` section 7 and its rendered output. Pipes:
D = 0.3, 0.2, 0.2, 0.2, 0.2, 0.15, 0.25, 0.15, 0.15, 0.25 m; L = 250, 100, 125, 125, 100, 100, 125, 100,
100, 125 m; fixed f = .01879, .02075, .02075, .02075, .02075, .02233, .01964, .02233, .02233, .01964;
loops (1, 2, 3, 4, 5), (4, 6, 7, 8), (3, 9, 10, 6) with initial flows (.040, .040, .02, -.02, -.04),
(.02, 0, 0, -.02), (-.02, .02, 0, 0) m3/s.

K = 8 f L / (pi^2 g D^5) (g = 9.80665) is checked against the vignette's printed K ([PS], printed to
7 significant figures; held to ``printed_4sf``). The nodes are rebuilt from the loops, traversed in
the order listed: n1-n2-n3-n4-n5 (loop 1), n5-n4-P-Q (loop 2), n4-n3-R-P (loop 3); the node demands
are the imbalances of the initial flows: 0.08 m3/s enters at n1, 0.04 leaves at n4 and 0.02 at Q and
R. The converged flows (computed, written to 5 decimals, each in the orientation of
the first loop listing the pipe) are held to ``hardy_cross_q``.
"""
import numpy as np
import pytest

from retrofit.cooling.friction import resistance_coefficient
from retrofit.cooling.hydraulic_network import NetworkBuilder
from retrofit.cooling.hydraulics import solve_network
from retrofit.testing import tolerance

Q_TOL = tolerance("hardy_cross_q")
P4 = tolerance("printed_4sf")

DIAMETER = np.array([0.3, 0.2, 0.2, 0.2, 0.2, 0.15, 0.25, 0.15, 0.15, 0.25])
LENGTH = np.array([250, 100, 125, 125, 100, 100, 125, 100, 100, 125], dtype=float)
FRICTION = np.array([.01879, .02075, .02075, .02075, .02075, .02233, .01964, .02233, .02233, .01964])
ENDS = [("n1", "n2"), ("n2", "n3"), ("n3", "n4"), ("n4", "n5"), ("n5", "n1"),
        ("n4", "P"), ("P", "Q"), ("Q", "n5"), ("n3", "R"), ("R", "P")]
LOOPS = [{1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, {4: -1, 6: 1, 7: 1, 8: 1}, {3: -1, 9: 1, 10: 1, 6: -1}]


def test_resistance_coefficients():
    k = resistance_coefficient(FRICTION, LENGTH, DIAMETER)
    printed = {1: 159.7828, 2: 535.9666, 5: 535.9666, 3: 669.9582, 4: 669.9582,
               6: 2430.5356, 8: 2430.5356, 9: 2430.5356, 7: 207.7883, 10: 207.7883}
    for pipe, value in printed.items():
        assert k[pipe - 1] == P4.approx(value)


@pytest.fixture(scope="module")
def result():
    k = resistance_coefficient(FRICTION, LENGTH, DIAMETER)
    b = NetworkBuilder()
    b.add_fixed_head("n1", head=50.0)
    for node, demand in [("n2", 0.0), ("n3", 0.0), ("n4", 0.04), ("n5", 0.0), ("P", 0.0), ("Q", 0.02), ("R", 0.02)]:
        b.add_junction(node, demand=demand)
    for i, (start, end) in enumerate(ENDS):
        b.add_resistance(str(i + 1), start, end, k[i])
    return solve_network(b.build(), density=1000.0, viscosity=1.0e-3), k


def test_converged_flows(result):
    solution, _ = result
    assert solution.converged
    expected = [0.03823, 0.03823, 0.02315, -0.02565, -0.04177, 0.00880, 0.00387, -0.01613, 0.01508, -0.00492]
    for i, flow in enumerate(expected):
        assert solution.link_flow(str(i + 1)) == Q_TOL.approx(flow)


def test_loop_head_sums_vanish(result):
    solution, k = result
    q = solution.flow
    for loop in LOOPS:
        total = sum(sign * k[p - 1] * q[p - 1] * abs(q[p - 1]) for p, sign in loop.items())
        assert abs(total) < 1e-9
