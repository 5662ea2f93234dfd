"""Peer cross-check of the voltage-driven part of the UPS-on-battery fault case against pandapower.

On battery each UPS inverter holds its voltage until its current limit; the current its voltage drives into
a fault below it is ``c_min U_n / (√3 |Z|)`` with Z from the IEC 60909-0 minimum case of the network with
every UPS open (``retrofit.electrical.ups_battery_faults.voltage_driven_current_a``). The network: the small
planning site planned with UPS lineups, opened at its UPSs, with an ideal source
(S″k 10⁶ MVA) at each lineup's output. pandapower's model of the same network (tests/peers/pandapower_build.py)
takes an ``ext_grid`` of the same S″k and R/X at each output and ``calc_sc(case="min")`` with the same LV
tolerance and line end temperature.

Source: pandapower 3.5.6 (pinned in test_fault_study_vs_pandapower.py). Both programs implement the same
IEC 60909-0:2016 equations.
Kind: peer cross-check (not a validation against a publication); the inverter's
current limit on top of this current is checked by hand in tests/backup/test_ups_battery_faults.py.
Tolerance: ``peer_ik_rel`` (0.5 %), the project's acceptance limit for two programs solving the same equations.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandapower as pp
import pandapower.shortcircuit as sc
from pandapower_build import to_pandapower

from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.fault_study import FaultStudyOptions
from retrofit.electrical.ups_battery_faults import IDEAL_SOURCE_SK_VA, voltage_driven_current_a
from retrofit.electrical.ups_losses import downstream_buses
from retrofit.testing import tolerance

TESTS = Path(__file__).resolve().parents[1]
LV_TOL, END_TEMPERATURE_C = 10.0, 80.0


#: UPS 5 min for the GPU racks and the CDUs on 1,500 kW modules (lineups of 3 and 2 modules).
POLICY = {"gpu_racks": {"kind": "ups_minutes", "minutes": 5}, "cdus": {"kind": "ups_minutes", "minutes": 5},
          "ups_model": "eaton-9395xr-1500kw"}


def planned_with_ups():
    sys.path.insert(0, str(TESTS / "planning"))
    from planning_paths import SMALL

    from retrofit.io.load import load
    from retrofit.model.backup import BackupPolicy
    from retrofit.planning import plan
    site = load(SMALL)
    site.goal.backup = BackupPolicy.model_validate(POLICY)
    return plan(site).proposed


def test_voltage_driven_fault_current_below_the_lineups_against_pandapower():
    design = planned_with_ups()
    opened = design.model_copy(update={"electrical": design.electrical.model_copy(update={"ups": []})})
    dg = build_design_grid(opened)
    grid = dg.grid
    nodes = sorted({grid.bus_index(dg.bus_of[u.to_bus]) for u in design.electrical.ups})
    ours = voltage_driven_current_a(grid, nodes, FaultStudyOptions(case="min", lv_tolerance_percent=LV_TOL,
                                                                    line_end_temperature_c=END_TEMPERATURE_C))
    net = to_pandapower(grid)
    net.ext_grid.drop(net.ext_grid.index, inplace=True)
    for node in nodes:
        pp.create_ext_grid(net, node, vm_pu=1.0, s_sc_max_mva=IDEAL_SOURCE_SK_VA / 1e6, rx_max=0.1,
                           s_sc_min_mva=IDEAL_SOURCE_SK_VA / 1e6, rx_min=0.1)
    net.line["endtemp_degree"] = END_TEMPERATURE_C
    sc.calc_sc(net, case="min", lv_tol_percent=LV_TOL, branch_results=False)
    below = sorted({grid.bus_index(dg.bus_of[b]) for u in design.electrical.ups for b in downstream_buses(design, u.to_bus)}
                   - set(nodes))
    assert len(below) >= 8
    theirs = net.res_bus_sc.ikss_ka.values[below]
    assert np.all(np.isfinite(theirs))
    assert ours[below] / 1e3 == tolerance("peer_ik_rel").approx(theirs)
