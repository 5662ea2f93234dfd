"""Peer cross-check of the generator-only case and of current-limited converter sources against pandapower.

The network: a 13.8 kV bus, two 2.5 MVA 13.8/0.48 kV transformers (5.75 %, 0.88 % R) on one 480 V
switchboard and a 60 m LV cable to a distribution board.

- Generator-only minimum case: the utility out, two 3,750 kVA 13.8 kV gensets (x″d 15 %, R_G = 0.07 X″d,
  cos φ 0.8) as the only sources: ``retrofit.electrical.generator_sources.islanded_grid`` then the IEC minimum
  case, against pandapower's ``gen`` elements (``xdss_pu``, ``rdss_ohm``, ``cos_phi``; K_G of IEC 60909-0
  6.6.1) and ``calc_sc(case="min")``.
- Maximum case with a BESS: a 20 MVA converter at 13.8 kV limited to k = 1.5 times its rated current,
  against pandapower's current-source ``sgen`` (``k``) with ``calc_sc(case="max")``.

Source: pandapower 3.5.6 (pinned in test_fault_study_vs_pandapower.py). Both programs implement the same
IEC 60909-0:2016 equations; the differences are round-off.
Kind: peer cross-check (not a validation against a publication).
Tolerance: ``peer_ik_rel`` (0.5 %), the project's acceptance limit for two programs solving the same
equations.
"""
from __future__ import annotations

import math

import numpy as np
import pandapower as pp
import pandapower.shortcircuit as sc
import pytest
from pandapower_build import to_pandapower

from retrofit.electrical.fault_study import FaultStudyOptions, solve_fault_study, voltage_factor_min
from retrofit.electrical.generator_sources import (
    GeneratorSources,
    fictitious_generator_rx,
    generator_impedance_ohm,
    islanded_grid,
)
from retrofit.electrical.inverter_sources import InverterSources
from retrofit.electrical.network import GridBuilder
from retrofit.testing import tolerance

GEN_KVA, GEN_XD, GEN_PF = 3750e3, 0.15, 0.8
BESS_VA, BESS_K = 20e6, 1.5
END_TEMPERATURE_C = 80.0


def network():
    b = GridBuilder(frequency_hz=60.0)
    for bus, vn in (("MV", 13.8e3), ("SB", 480.0), ("DB", 480.0)):
        b.add_bus(bus, vn)
    b.add_source("utility", "MV", sk_max_va=250e6, rx_max=0.1)
    for t in ("t1", "t2"):
        b.add_transformer(t, "MV", "SB", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=480.0, vk_percent=5.75, vkr_percent=0.88)
    b.add_line("lvc", "SB", "DB", r_ohm=60 * 0.0000656, x_ohm=60 * 0.000135)
    return b.build()


def gensets(grid, n=2):
    rx = fictitious_generator_rx(13.8e3, GEN_KVA)
    return GeneratorSources(tuple(f"g{i}" for i in range(n)), np.full(n, grid.bus_index("MV")), np.full(n, GEN_KVA),
                            np.full(n, 13.8e3), np.full(n, GEN_XD), np.full(n, rx),
                            np.full(n, math.sqrt(1 - GEN_PF**2)))


@pytest.mark.parametrize("lv_tol", [6, 10])
def test_generator_only_minimum_case_against_pandapower(lv_tol):
    grid = network()
    gens = gensets(grid)
    island = islanded_grid(grid, gens, voltage_factor_min(grid.vn_v, lv_tol))
    ours = solve_fault_study(island, FaultStudyOptions(case="min", lv_tolerance_percent=lv_tol,
                                                       line_end_temperature_c=END_TEMPERATURE_C))
    net = to_pandapower(grid)
    net.line["endtemp_degree"] = END_TEMPERATURE_C
    net.ext_grid.drop(net.ext_grid.index, inplace=True)
    r_g = generator_impedance_ohm(GEN_KVA, 13.8e3, GEN_XD, gens.rx_ratio[0]).real
    for i in range(len(gens.ids)):
        pp.create_gen(net, grid.bus_index("MV"), p_mw=0.0, vm_pu=1.0, sn_mva=GEN_KVA / 1e6, vn_kv=13.8,
                      xdss_pu=GEN_XD, rdss_ohm=r_g, cos_phi=GEN_PF, slack=i == 0)
    sc.calc_sc(net, case="min", lv_tol_percent=lv_tol, branch_results=False)
    assert ours.ik3_a / 1e3 == tolerance("peer_ik_rel").approx(net.res_bus_sc.ikss_ka.values)


def test_current_limited_converter_in_the_maximum_case_against_pandapower():
    grid = network()
    i_r = BESS_VA / (math.sqrt(3) * 13.8e3)
    inv = InverterSources(("bess",), np.array([grid.bus_index("MV")]), np.array([i_r]), np.array([BESS_K]))
    ours = solve_fault_study(grid, FaultStudyOptions(case="max"), inverters=inv)
    without = solve_fault_study(grid, FaultStudyOptions(case="max"))
    net = to_pandapower(grid)
    pp.create_sgen(net, grid.bus_index("MV"), p_mw=0.0, sn_mva=BESS_VA / 1e6, k=BESS_K, current_source=True)
    sc.calc_sc(net, case="max", branch_results=False)
    assert ours.ik3_a / 1e3 == tolerance("peer_ik_rel").approx(net.res_bus_sc.ikss_ka.values)
    # at its own bus the converter adds k I_r in phase (consistency check, round-off)
    mv = grid.bus_index("MV")
    assert ours.ik3_a[mv] - without.ik3_a[mv] == pytest.approx(BESS_K * i_r, rel=1e-9)
    # the minimum case leaves converters out
    low = solve_fault_study(grid, FaultStudyOptions(case="min"), inverters=inv)
    assert np.array_equal(low.ik3_a, solve_fault_study(grid, FaultStudyOptions(case="min")).ik3_a)
