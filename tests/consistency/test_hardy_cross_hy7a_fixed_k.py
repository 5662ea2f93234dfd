"""Hardy Cross network with fixed K, 5 pipes and 2 loops (validation case HY-7a).

Source: the network of the R package ``hydraulics`` (E. Maurer, CRAN; EdM44/hydraulics commit
f0555073), ``R/hardy-cross.R`` roxygen example.
Kind: consistency check: the converged flows were computed with Hardy Cross iterated to 1e-14 from the
package's inputs (the package prints no converged solution of this example).
Tolerance: ``hardy_cross_q`` (1e-5 m3/s, half a unit of the 5 decimals they are written to).

Source: the R package ``hydraulics`` (E. Maurer, CRAN; EdM44/hydraulics commit f0555073),
``R/hardy-cross.R`` roxygen example: h = K Q|Q| with K = {1: 200, 2: 2500, 3: 500, 4: 800, 5: 300}
(SI, h in m, Q in m3/s); loop 1 = pipes (1, 2, 3), loop 2 = pipes (2, 4, 5), each clockwise; 0.5 m3/s
enters at node C and leaves at node B. The loops fix the node layout: C-A (1), A-D (2), D-C (3),
A-B (4), B-D (5), pipe 2 running against loop 2's sense.

The network is solved with the project's global-gradient solver (fixed-K links), not by Hardy Cross
corrections; the converged flows (computed with Hardy Cross iterated to 1e-14, written
to 5 decimals) are held to ``hardy_cross_q`` (1e-5 m3/s). The head sum round each loop is held to
1e-9 m.
"""
import pytest

from retrofit.cooling.hydraulic_network import NetworkBuilder
from retrofit.cooling.hydraulics import solve_network
from retrofit.testing import tolerance

Q_TOL = tolerance("hardy_cross_q")
K = {"1": 200.0, "2": 2500.0, "3": 500.0, "4": 800.0, "5": 300.0}
# pipe: (start, end) in the orientation of the first loop that lists it
ENDS = {"1": ("C", "A"), "2": ("A", "D"), "3": ("D", "C"), "4": ("A", "B"), "5": ("B", "D")}
LOOPS = {1: {"1": 1, "2": 1, "3": 1}, 2: {"2": -1, "4": 1, "5": 1}}


@pytest.fixture(scope="module")
def result():
    b = NetworkBuilder()
    b.add_fixed_head("C", head=100.0)  # the inflow node; any head, only differences matter
    b.add_junction("A")
    b.add_junction("D")
    b.add_junction("B", demand=0.5)
    for pipe, (start, end) in ENDS.items():
        b.add_resistance(pipe, start, end, K[pipe])
    return solve_network(b.build(), density=1000.0, viscosity=1.0e-3)


def test_converged_flows(result):
    assert result.converged
    expected = {"1": 0.27467, "2": 0.06418, "3": -0.22533, "4": 0.21049, "5": -0.28951}
    for pipe, flow in expected.items():
        # pipes 4 and 5 are reported in loop 2's sense: A->B and B->D are that sense
        assert result.link_flow(pipe) == Q_TOL.approx(flow)
    assert result.link_flow("1") - result.link_flow("3") == pytest.approx(0.5, abs=1e-12)  # C supplies 0.5


def test_loop_head_sums_vanish(result):
    for loop in LOOPS.values():
        total = sum(sign * K[p] * result.link_flow(p) * abs(result.link_flow(p)) for p, sign in loop.items())
        assert abs(total) < 1e-9
