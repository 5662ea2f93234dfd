"""Timing of the electrical kernels on a synthetic 350 MW campus, against pandapower.

Run: ``python benchmarks/electrical_kernels.py [--scale 1 2 4] [--no-pandapower]``

Every figure is the best CPU time of three runs after a warm-up run (pandapower's included).

The campus: a 34.5 kV point of interconnection, six 80 MVA 34.5/13.8 kV substation transformers,
four 13.8 kV feeders per substation with six 3 MVA 13.8/0.415 kV unit substations each (144 IT
transformers), three mechanical transformers per substation; each IT transformer feeds three
overhead busway runs of six segments with two rack feeds per segment (PDU bus and rack bus), i.e.
5,184 rack feeds of 65 kW (A/B feeds of 2,592 racks), about 13,300 buses and 168 transformers at
scale 1. ``--scale k`` multiplies the number of substations by k to show how the costs grow.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder, take_out_of_service
from retrofit.electrical.shortcircuit import solve_short_circuit


def campus_grid(substations: int = 6, feeders: int = 4, units_per_feeder: int = 6, runs: int = 3,
                segments: int = 6, feed_p_w: float = 65e3):
    """Build the synthetic campus described in the module docstring."""
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("POI", 34.5e3)
    b.add_source("utility", "POI", sk_max_va=3000e6, rx_max=0.05, vm_pu=1.0)
    q_rack = feed_p_w * math.tan(math.acos(0.99))
    for s in range(substations):
        sub = f"S{s:02d}"
        b.add_bus(f"{sub}-MV", 13.8e3)
        b.add_transformer(f"{sub}-TX", "POI", f"{sub}-MV", sn_va=80e6, vn_hv_v=34.5e3, vn_lv_v=13.8e3,
                          vk_percent=9.0, vkr_percent=0.3, p0_w=40e3, i0_percent=0.1, tap_ratio=0.975)
        for m in range(3):
            mech = f"{sub}-MECH{m}"
            b.add_bus(mech, 415.0)
            b.add_transformer(f"{mech}-TX", f"{sub}-MV", mech, sn_va=3e6, vn_hv_v=13.8e3, vn_lv_v=415.0,
                              vk_percent=5.75, vkr_percent=0.9, p0_w=3.5e3, i0_percent=0.4)
            b.add_load(f"{mech}-CDU", mech, p_w=2.0e6, q_var=2.0e6 * math.tan(math.acos(0.88)))
        for f in range(feeders):
            previous = f"{sub}-MV"
            for u in range(units_per_feeder):
                unit = f"{sub}-F{f}-U{u}"
                b.add_bus(unit, 13.8e3)
                b.add_line(f"{unit}-MVC", previous, unit, r_ohm=0.0896 * 0.2, x_ohm=0.118 * 0.2,
                           b_s=2 * math.pi * 60 * 0.38e-6 * 0.2, i_max_a=475.0, parallel=2)
                board = f"{unit}-SWB"
                b.add_bus(board, 415.0)
                b.add_transformer(f"{unit}-TX", unit, board, sn_va=3e6, vn_hv_v=13.8e3, vn_lv_v=415.0,
                                  vk_percent=5.75, vkr_percent=0.9, p0_w=3.5e3, i0_percent=0.4)
                for r in range(runs):
                    node_before = board
                    for g in range(segments):
                        node = f"{board}-B{r}-{g}"
                        b.add_bus(node, 415.0)
                        b.add_line(f"{node}-SEG", node_before, node, r_ohm=6 * 0.045e-3, x_ohm=6 * 0.025e-3,
                                   i_max_a=1000.0)
                        for k in range(2):
                            pdu, rack = f"{node}-P{k}", f"{node}-R{k}"
                            b.add_bus(pdu, 415.0)
                            b.add_bus(rack, 415.0)
                            b.add_line(f"{pdu}-TAP", node, pdu, r_ohm=2 * 0.203e-3, x_ohm=2 * 0.1345e-3,
                                       i_max_a=260.0)
                            b.add_line(f"{rack}-WHIP", pdu, rack, r_ohm=4 * 0.203e-3, x_ohm=4 * 0.1345e-3,
                                       i_max_a=260.0)
                            b.add_load(f"{rack}-FEED", rack, p_w=feed_p_w, q_var=q_rack)
                        node_before = node
                previous = unit
    return b.build()


def _best_of(function, repeat: int = 3) -> float:
    """Best CPU time of ``repeat`` runs after one warm-up run (caches, numba's compilation) [s]."""
    function()
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1])
    parser.add_argument("--no-pandapower", action="store_true")
    args = parser.parse_args(argv)
    for scale in args.scale:
        start = time.perf_counter()
        grid = campus_grid(substations=6 * scale)
        build_s = time.perf_counter() - start
        lf = solve_load_flow(grid)
        lf_s = _best_of(lambda: solve_load_flow(grid))
        outage = take_out_of_service(grid, ["S00-F0-U3-MVC"])  # a feeder cable: three unit substations islanded
        flat = solve_load_flow(outage)
        warm = solve_load_flow(outage, init=lf)
        flat_s = _best_of(lambda: solve_load_flow(outage))
        warm_s = _best_of(lambda: solve_load_flow(outage, init=lf))
        sc_s = _best_of(lambda: solve_short_circuit(grid, kappa_method="C"))
        scb_s = _best_of(lambda: solve_short_circuit(grid, kappa_method="B"))
        print(f"scale {scale}: {grid.n_bus} buses, {len(grid.lines.ids)} lines, "
              f"{len(grid.transformers.ids)} transformers, {len(grid.loads.ids)} loads (build {build_s:.2f} s)")
        print(f"  load flow        {lf_s * 1e3:8.1f} ms  ({lf.method}, {lf.iterations} iterations, converged {lf.converged}, "
              f"min |V| {np.nanmin(lf.vm_pu):.4f} pu, slack {lf.slack_p_w / 1e6:.1f} MW)")
        print(f"  N-1 flat start   {flat_s * 1e3:8.1f} ms  ({flat.iterations} iterations, "
              f"{int(flat.islanded.sum())} buses islanded)")
        print(f"  N-1 warm start   {warm_s * 1e3:8.1f} ms  ({warm.iterations} iterations)")
        print(f"  short circuit C  {sc_s * 1e3:8.1f} ms  (every bus, kappa method C: two factorisations)")
        print(f"  short circuit B  {scb_s * 1e3:8.1f} ms  (every bus, one factorisation)")
        if not args.no_pandapower:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "peers"))
            import pandapower as pp
            from pandapower_build import to_pandapower

            net = to_pandapower(grid)
            pp_s = _best_of(lambda: pp.runpp(net))
            deviation = np.max(np.abs(net.res_bus.vm_pu.values - lf.vm_pu))
            print(f"  pandapower runpp {pp_s * 1e3:8.1f} ms  (max |dV| vs retrofit {deviation:.1e} pu)")


if __name__ == "__main__":
    main()
