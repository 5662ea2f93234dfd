"""WSCC 3-machine 9-bus system: load-flow solution of Anderson & Fouad.

Published example: P. M. Anderson and A. A. Fouad, *Power System Control and Stability*, 2nd ed.
(IEEE Press / Wiley, 2003), Fig. 2.18, load-flow solution of the WSCC 9-bus system. Data as in
MATPOWER ``case9.m`` (branch r, x, b in pu on 100 MVA and 345 kV), entered here in those units,
with the published generator set-points V1 = 1.040, V2 = V3 = 1.025 pu (MATPOWER ships 1.0 pu),
P2 = 163 MW, P3 = 85 MW. Buses use MATPOWER numbering; A&F numbers differ for buses 5-9.

Expected values: the published case LF-2, the table that rounds to every figure A&F print (3
decimals of pu, 0.1 degree, 0.1 MW). Tolerances ``wscc9_vm_pu`` (5e-4 pu), ``wscc9_angle_deg``
(0.05 deg) and ``wscc9_power_mw`` (0.05 MW) are half a unit of A&F's last printed digit.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder
from retrofit.testing import tolerance

BASE_MVA, BASE_KV = 100.0, 345.0
# MATPOWER case9 branch data: from, to, r (pu), x (pu), b (pu)
BRANCHES = [(1, 4, 0.0, 0.0576, 0.0), (4, 5, 0.017, 0.092, 0.158), (5, 6, 0.039, 0.17, 0.358),
            (3, 6, 0.0, 0.0586, 0.0), (6, 7, 0.0119, 0.1008, 0.209), (7, 8, 0.0085, 0.072, 0.149),
            (8, 2, 0.0, 0.0625, 0.0), (8, 9, 0.032, 0.161, 0.306), (9, 4, 0.01, 0.085, 0.176)]
LOADS_MW_MVAR = {5: (90.0, 30.0), 7: (100.0, 35.0), 9: (125.0, 50.0)}
GENERATORS = {2: (163.0, 1.025), 3: (85.0, 1.025)}
SLACK_VM_PU = 1.040

# MATPOWER bus: (V pu, angle deg)
EXPECTED_BUS = {1: (1.040, 0.0), 2: (1.025, 9.28), 3: (1.025, 4.66), 4: (1.0258, -2.22), 5: (1.0127, -3.69),
                6: (1.0324, 1.97), 7: (1.0159, 0.73), 8: (1.0258, 3.72), 9: (0.9956, -3.99)}
EXPECTED_SLACK_MW, EXPECTED_SLACK_MVAR = 71.64, 27.05
EXPECTED_GEN_MVAR = {2: 6.65, 3: -10.86}
EXPECTED_LOSSES_MW = 4.641


@pytest.fixture(scope="module")
def result():
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
    return solve_load_flow(b.build())


def test_converges(result):
    assert result.converged
    assert result.diagnosis == ""
    assert result.iterations <= 6


@pytest.mark.parametrize("bus", sorted(EXPECTED_BUS))
def test_bus_voltage_and_angle(result, bus):
    vm, va = EXPECTED_BUS[bus]
    k = result.bus_ids.index(str(bus))
    assert result.vm_pu[k] == tolerance("wscc9_vm_pu").approx(vm)
    assert result.va_deg[k] == tolerance("wscc9_angle_deg").approx(va)


def test_slack_power(result):
    mw = tolerance("wscc9_power_mw")
    assert result.source_p_w[0] / 1e6 == mw.approx(EXPECTED_SLACK_MW)
    assert result.source_q_var[0] / 1e6 == mw.approx(EXPECTED_SLACK_MVAR)


@pytest.mark.parametrize("bus", sorted(EXPECTED_GEN_MVAR))
def test_generator_reactive_power(result, bus):
    k = list(GENERATORS).index(bus)
    assert result.generator_q_var[k] / 1e6 == tolerance("wscc9_power_mw").approx(EXPECTED_GEN_MVAR[bus])


def test_total_losses(result):
    assert result.losses_w / 1e6 == tolerance("wscc9_power_mw").approx(EXPECTED_LOSSES_MW)
    # intermediate: losses equal generation minus load
    generation = result.slack_p_w + sum(p for p, _ in GENERATORS.values()) * 1e6
    load = sum(p for p, _ in LOADS_MW_MVAR.values()) * 1e6
    assert result.losses_w == pytest.approx(generation - load, rel=1e-9)
