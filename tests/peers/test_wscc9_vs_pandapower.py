"""Peer cross-check of the load flow against pandapower on its own encoding of the WSCC 9-bus system.

Source: pandapower (measured with 3.5.6),
``pandapower.networks.case9()`` (MATPOWER ``case9.m``) with the generator set-points of Anderson &
Fouad's Fig. 2.18 (V1 = 1.040, V2 = V3 = 1.025 pu; the case ships 1.0 pu), solved by ``runpp``.
Kind: peer cross-check.
Tolerance: ``peer_vm_pu`` (1e-4 pu), ``peer_angle_deg`` (1e-4 rad as an angle) and ``peer_power_mw``
(1e-4 pu on the 100 MVA base): both programs solve the same equations to a mismatch far below these,
so any difference larger than the project's 1e-4 pu acceptance limit is a modelling difference.

Our network is built from pandapower's tables (lines in ohm per km and nF per km over 1 km, loads,
generators), not from the published data entered in ``tests/validation/wscc9``, so this checks the
solver against pandapower independently of that data entry. It is not a validation against the
printed solution: that is ``tests/validation/wscc9/test_wscc9.py``.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandapower as pp
import pandapower.networks as pn
import pytest

from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder
from retrofit.testing import tolerance


SET_POINTS_PU = {0: 1.040, 1: 1.025, 2: 1.025}  # pandapower bus index (MATPOWER bus - 1)


def _peer_case9():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net = pn.case9()
    net.ext_grid.loc[:, "vm_pu"] = SET_POINTS_PU[int(net.ext_grid.bus.iloc[0])]
    for k in net.gen.index:
        net.gen.loc[k, "vm_pu"] = SET_POINTS_PU[int(net.gen.bus[k])]
    pp.runpp(net, tolerance_mva=1e-10, numba=False)
    return net


def _ours_from(net):
    b = GridBuilder(frequency_hz=float(net.f_hz))
    for k in net.bus.index:
        b.add_bus(str(k), float(net.bus.vn_kv[k]) * 1e3)
    b.add_source("G0", str(int(net.ext_grid.bus.iloc[0])), sk_max_va=1e12, vm_pu=float(net.ext_grid.vm_pu.iloc[0]))
    for k in net.gen.index:
        b.add_generator(f"G{k + 1}", str(int(net.gen.bus[k])), p_w=float(net.gen.p_mw[k]) * 1e6,
                        vm_pu=float(net.gen.vm_pu[k]))
    for k in net.line.index:
        km = float(net.line.length_km[k])
        b.add_line(f"L{k}", str(int(net.line.from_bus[k])), str(int(net.line.to_bus[k])),
                   r_ohm=float(net.line.r_ohm_per_km[k]) * km, x_ohm=float(net.line.x_ohm_per_km[k]) * km,
                   b_s=2 * math.pi * float(net.f_hz) * float(net.line.c_nf_per_km[k]) * 1e-9 * km)
    for k in net.load.index:
        b.add_load(f"D{k}", str(int(net.load.bus[k])), p_w=float(net.load.p_mw[k]) * 1e6,
                   q_var=float(net.load.q_mvar[k]) * 1e6)
    return solve_load_flow(b.build())


@pytest.fixture(scope="module")
def solved():
    net = _peer_case9()
    return net, _ours_from(net)


def test_bus_voltages_and_angles(solved):
    net, ours = solved
    order = [ours.bus_ids.index(str(k)) for k in net.bus.index]
    assert np.asarray(ours.vm_pu)[order] == tolerance("peer_vm_pu").approx(net.res_bus.vm_pu.values)
    assert np.asarray(ours.va_deg)[order] == tolerance("peer_angle_deg").approx(net.res_bus.va_degree.values)


def test_generation_and_losses(solved):
    net, ours = solved
    mw = tolerance("peer_power_mw")
    assert ours.source_p_w[0] / 1e6 == mw.approx(float(net.res_ext_grid.p_mw.iloc[0]))
    assert ours.source_q_var[0] / 1e6 == mw.approx(float(net.res_ext_grid.q_mvar.iloc[0]))
    assert np.asarray(ours.generator_q_var) / 1e6 == mw.approx(net.res_gen.q_mvar.values)
    assert ours.losses_w / 1e6 == mw.approx(float(net.res_line.pl_mw.sum()))
