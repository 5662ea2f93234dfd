"""WSCC 3-machine 9-bus system: the load-flow solution printed by Anderson & Fouad.

Source: P. M. Anderson and A. A. Fouad, *Power System Control and Stability*, 2nd ed. (IEEE Press /
Wiley-Interscience, 2003), Fig. 2.18, load-flow solution of the WSCC 9-bus system (values printed on
the one-line diagram).
Kind: published example.
Tolerance: ``wscc9_vm_pu`` (5e-4 pu), ``wscc9_angle_deg`` (0.05 deg), ``wscc9_power_mw`` (0.05 MW and
Mvar): half a unit of the last digit printed in Fig. 2.18 (3 decimals of pu, 0.1 deg, 0.1 MW/Mvar).

Buses carry A&F's numbers. The network data (r, x, total charging b in pu on 100 MVA, 345 kV) are
those of A&F's system, also distributed as MATPOWER ``case9.m``, whose buses 5-9 are numbered
differently (MATPOWER 5, 6, 7, 8, 9 = A&F 6, 9, 8, 7, 5). Set-points as in Fig. 2.18: V1 = 1.040,
V2 = V3 = 1.025 pu, P2 = 163 MW, P3 = 85 MW; loads A 125 + j50 MVA at bus 5, B 90 + j30 at bus 6,
C 100 + j35 at bus 8. Figure 2.18 prints no total loss: the losses are checked here only as the
balance of generation and load (a consistency check, not validation). The same network solved by
pandapower is the peer check ``tests/peers/test_wscc9_vs_pandapower.py``.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder
from retrofit.testing import tolerance

BASE_MVA, BASE_KV = 100.0, 345.0
# A&F numbering: from, to, r (pu), x (pu), total line charging b (pu)
BRANCHES = [(1, 4, 0.0, 0.0576, 0.0), (2, 7, 0.0, 0.0625, 0.0), (3, 9, 0.0, 0.0586, 0.0),
            (4, 5, 0.010, 0.085, 0.176), (4, 6, 0.017, 0.092, 0.158), (5, 7, 0.032, 0.161, 0.306),
            (6, 9, 0.039, 0.170, 0.358), (7, 8, 0.0085, 0.072, 0.149), (8, 9, 0.0119, 0.1008, 0.209)]
LOADS_MW_MVAR = {5: (125.0, 50.0), 6: (90.0, 30.0), 8: (100.0, 35.0)}
GENERATORS = {2: (163.0, 1.025), 3: (85.0, 1.025)}
SLACK_VM_PU = 1.040

# Fig. 2.18, A&F bus: (V pu, angle deg)
PRINTED_BUS = {1: (1.040, 0.0), 2: (1.025, 9.3), 3: (1.025, 4.7), 4: (1.026, -2.2), 5: (0.996, -4.0),
               6: (1.013, -3.7), 7: (1.026, 3.7), 8: (1.016, 0.7), 9: (1.032, 2.0)}
PRINTED_SLACK_MW, PRINTED_SLACK_MVAR = 71.6, 27.0
PRINTED_GEN_MVAR = {2: 6.7, 3: -10.9}


def wscc9_grid():
    """The 9-bus network in A&F numbering with the Fig. 2.18 set-points."""
    z_base = (BASE_KV * 1e3) ** 2 / (BASE_MVA * 1e6)
    b = GridBuilder(frequency_hz=60.0)
    for bus in range(1, 10):
        b.add_bus(str(bus), BASE_KV * 1e3)
    b.add_source("G1", "1", sk_max_va=1e12, vm_pu=SLACK_VM_PU)
    for bus, (p_mw, vm_pu) in GENERATORS.items():
        b.add_generator(f"G{bus}", str(bus), p_w=p_mw * 1e6, vm_pu=vm_pu)
    for f, t, r, x, bc in BRANCHES:
        b.add_line(f"{f}-{t}", str(f), str(t), r_ohm=r * z_base, x_ohm=x * z_base, b_s=bc / z_base)
    for bus, (p_mw, q_mvar) in LOADS_MW_MVAR.items():
        b.add_load(f"D{bus}", str(bus), p_w=p_mw * 1e6, q_var=q_mvar * 1e6)
    return b.build()


@pytest.fixture(scope="module")
def result():
    return solve_load_flow(wscc9_grid())


def test_converges(result):
    assert result.converged
    assert result.diagnosis == ""


@pytest.mark.parametrize("bus", sorted(PRINTED_BUS))
def test_bus_voltage_and_angle(result, bus):
    vm, va = PRINTED_BUS[bus]
    k = result.bus_ids.index(str(bus))
    assert result.vm_pu[k] == tolerance("wscc9_vm_pu").approx(vm)
    assert result.va_deg[k] == tolerance("wscc9_angle_deg").approx(va)


def test_slack_power(result):
    mw = tolerance("wscc9_power_mw")
    assert result.source_p_w[0] / 1e6 == mw.approx(PRINTED_SLACK_MW)
    assert result.source_q_var[0] / 1e6 == mw.approx(PRINTED_SLACK_MVAR)


@pytest.mark.parametrize("bus", sorted(PRINTED_GEN_MVAR))
def test_generator_reactive_power(result, bus):
    k = list(GENERATORS).index(bus)
    assert result.generator_q_var[k] / 1e6 == tolerance("wscc9_power_mw").approx(PRINTED_GEN_MVAR[bus])


def test_losses_balance_generation_and_load(result):
    """Consistency check (not in Fig. 2.18): losses = generation - load."""
    generation = result.slack_p_w + sum(p for p, _ in GENERATORS.values()) * 1e6
    load = sum(p for p, _ in LOADS_MW_MVAR.values()) * 1e6
    assert result.losses_w == tolerance("closed_form").approx(generation - load)
