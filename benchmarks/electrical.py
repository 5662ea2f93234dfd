"""Design-level electrical benchmark: a GB300 campus from YAML to load flow, short circuit and N-1.

Run: ``python benchmarks/electrical.py [--halls 8] [--workers 2] [--no-pandapower]``, or
``python benchmarks/electrical.py --n1-scaling 4 8 16`` for the N-1 alone at several campus sizes.

The campus is written as a design file (the input schema of ``retrofit analyze``) and goes through
the same path as any design: ``load_text`` → ``build_design_grid`` → load flow, IEC 60909 short
circuit at every bus, and the full N-1 of :func:`retrofit.electrical.contingency.run_contingencies`.

Topology (default ``--halls 8``): a 34.5 kV service (1,500 MVA, X/R 15) on one MV switchgear; per
hall four 34.5 kV radial feeders (two for the A side, two for the B side, whose switchgear lineup is 40 m
further away) in 500 kcmil Cu, each looped through ten ring-main units (the normally-open point at the
feeder end is open, so it is not modelled);
at each ring-main unit a 3 MVA 34.5 kV / 415Y/240 V unit substation (Z 6.5 %, X/R 8) with its
switchboard (5000 A, 100 kA), two 2500 A plug-in busways (one per row) and a mechanical panel on a
500 kcmil cable carrying 60 kW of CDU pumps. A block is an A and a B unit substation serving two rows of
eight GB300 NVL72 racks; each rack takes one tap-off box (a PDU with its 300 A breaker) on its row's A
busway and one on its B busway. With 8 halls: 2,560 racks (5,120 A/B feeds), 320 transformers, 640
busways, 5,120 tap-off PDUs, 6,721 design buses (1,601 network buses once the zero-impedance PDUs are
merged) and 7,361 N-1 outages.

Figures printed: the time to write and load the design, to build the network, our load flow, our
short circuit at every bus, our full N-1 (serial CPU and wall time, per outage, and on ``--workers``
processes), the whole
electrical analysis as ``retrofit analyze`` runs it, the peak resident memory, and pandapower's
``runpp`` and ``calc_sc`` on the identical network (through ``tests/peers/pandapower_build.py``)
with the speed ratios and the largest differences of the results.

``--n1-scaling`` prints, per campus size, the outages, the network buses, the 1-minute load average,
the serial N-1's CPU and wall time (best of ``--repeat``), the CPU time per outage, and the same N-1 on
``--workers`` forked processes (``run_contingencies(..., processes=)``): the CPU time of the parent and
its workers, the critical path (the parent's CPU time plus the busiest worker's: the wall time on an idle
machine with a core per worker, which a loaded machine's wall time cannot show), the serial CPU time over
it, the wall time, and the bytes the workers send back; whether every outage's JSON equals the serial
run's; and the growth exponent of the serial CPU time against the number of buses between successive
sizes (1 is linear; the N-1 of a network whose outages each cost the whole network grows with exponent
2). ``--pickled-pool`` adds the wall time of an ordinary process pool that is sent the work.
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np


def campus_yaml(halls: int = 8, feeders_per_side: int = 2, blocks_per_feeder: int = 10, rows: int = 2,
                racks_per_row: int = 8) -> str:
    """The design file of the campus described in the module docstring, as YAML text."""
    buses, transformers, cables, busways, pdus, breakers, racks, other = ([] for _ in range(8))
    buses.append("{id: mv-main, voltage: 34.5 kV, kind: switchgear, bus_rating: 3000 A, sccr: 40 kA}")
    mv_cable = ("size: 500 kcmil, voltage_rating: 35 kV, insulation: MV-105, insulation_rating: 105 degC, "
                "r_per_length: 0.0294 ohm/kft, x_per_length: 0.0398 ohm/kft")
    for h in range(halls):
        for side in "ab":
            for f in range(feeders_per_side):
                previous = "mv-main"
                for k in range(blocks_per_feeder):
                    block = f"h{h + 1}-{side}{f + 1}-{k + 1:02d}"
                    rmu, board, mech = f"rmu-{block}", f"swbd-{block}", f"mech-{block}"
                    length = (150 + 120 * h + 60 * f + (40 if side == "b" else 0)) if k == 0 else 30 + 5 * (side == "b")
                    cable = f"mvc-{block}"
                    buses.append(f"{{id: {rmu}, voltage: 34.5 kV, kind: node}}")
                    cables.append(f"{{id: {cable}, from_bus: {previous}, to_bus: {rmu}, length: {length} m, "
                                  f"{mv_cable}}}")
                    if k == 0:
                        breakers.append(f"{{id: cb-{cable}, bus: mv-main, protects: {cable}, kind: mv_breaker, "
                                        "rating: 600 A, interrupting: 40 kA}")
                    previous = rmu
                    buses.append(f"{{id: {board}, voltage: 415 V, kind: switchboard, bus_rating: 5000 A, "
                                 "sccr: 100 kA}")
                    transformers.append(
                        f"{{id: tx-{block}, hv_bus: {rmu}, lv_bus: {board}, rating: 3000 kVA, v_primary: 34.5 kV, "
                        "v_secondary: 415 V, z_percent: 6.5 %, xr_ratio: 8, no_load_loss: 4.2 kW}")
                    breakers.append(f"{{id: cb-main-{block}, bus: {board}, protects: tx-{block}, kind: lvpcb, "
                                    "rating: 5000 A, interrupting: 100 kA}")
                    buses.append(f"{{id: {mech}, voltage: 415 V, kind: panelboard, bus_rating: 400 A, sccr: 100 kA}}")
                    cables.append(f"{{id: c-{mech}, from_bus: {board}, to_bus: {mech}, size: 500 kcmil, length: 20 m}}")
                    breakers.append(f"{{id: cb-{mech}, bus: {board}, protects: c-{mech}, kind: mccb, rating: 400 A, "
                                    "interrupting: 100 kA}")
                    other.append(f"{{id: cdu-{block}, bus: {mech}, p: 60 kW, power_factor: 0.9, kind: cooling}}")
                    for r in range(1, rows + 1):
                        busway = f"busway-{block}-r{r}"
                        buses.append(f"{{id: bw-{block}-r{r}, voltage: 415 V, kind: busway_tap}}")
                        busways.append(f"{{id: {busway}, from_bus: {board}, to_bus: bw-{block}-r{r}, rating: 2500 A, "
                                       f"length: {16 + 6 * r + 2 * (side == 'b')} m, r_per_length: 0.025 mohm/m, "
                                       "x_per_length: 0.015 mohm/m, sccr: 100 kA}")
                        breakers.append(f"{{id: cb-{busway}, bus: {board}, protects: {busway}, kind: lvpcb, "
                                        "rating: 2500 A, interrupting: 100 kA}")
    for h in range(halls):
        for f in range(feeders_per_side):
            for k in range(blocks_per_feeder):
                pair = {"a": f"h{h + 1}-a{f + 1}-{k + 1:02d}", "b": f"h{h + 1}-b{f + 1}-{k + 1:02d}"}
                for r in range(1, rows + 1):
                    for n in range(1, racks_per_row + 1):
                        rack = f"h{h + 1}-f{f + 1}-{k + 1:02d}-r{r}-{n}"
                        feeds = []
                        for side, block in pair.items():
                            bus, pdu = f"pdu-{rack}-{side}", f"tap-{rack}-{side}"
                            buses.append(f"{{id: {bus}, voltage: 415 V, kind: node}}")
                            pdus.append(f"{{id: {pdu}, from_bus: bw-{block}-r{r}, to_bus: {bus}, rating: 300 A, "
                                        "kind: tap_box}")
                            breakers.append(f"{{id: cb-{pdu}, bus: bw-{block}-r{r}, protects: {pdu}, kind: mccb, "
                                            "rating: 300 A, interrupting: 100 kA}")
                            feeds.append(bus)
                        racks.append(f"{{id: rack-{rack}, model: gb300-nvl72, count: 1, "
                                     f"feeds: [{feeds[0]}, {feeds[1]}], "
                                     f"tcs_loop: tcs-h{h + 1}}}")
    lines = [
        "version: 1",
        "site: {name: Benchmark campus, location: synthetic, climate: moses-lake-wa, altitude: 356 m}",
        "utility: {id: utility, bus: mv-main, voltage: 34.5 kV, capacity: 600 MVA, sk: 1500 MVA, xr_ratio: 15, "
        "frequency: 60 Hz}",
        "electrical:",
    ]
    for name, items in (("buses", buses), ("transformers", transformers), ("cables", cables),
                        ("busways", busways), ("pdus", pdus), ("breakers", breakers)):
        lines.append(f"  {name}:")
        lines.extend(f"    - {item}" for item in items)
    lines += ["loads:", "  racks:"]
    lines.extend(f"    - {item}" for item in racks)
    lines.append("  other:")
    lines.extend(f"    - {item}" for item in other)
    lines += ["cooling:", "  loops:"]
    lines.extend(f"    - {{id: tcs-h{h + 1}, kind: tcs, coolant: PG25, main: {{length: 15 m, diameter: 202.7 mm}}, "
                 "header: {length: 0.6 m, diameter: 202.7 mm}, branch: {length: 4 m, diameter: 52.5 mm}, "
                 "static_pressure: 200 kPa}" for h in range(halls))
    lines.append("goal: {rack_model: gb300-nvl72, count: max, power_redundancy: 2N}")
    return "\n".join(lines) + "\n"


def _best_of(function, repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def _cpu(function):
    start = time.process_time()
    value = function()
    return value, time.process_time() - start


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def _cpu_with_children() -> float:
    """CPU time of this process and of its children that have ended (user + system) [s]."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def n1_scaling(halls: list[int], workers: int, repeat: int, pickled: bool = False) -> None:
    """The serial and forked-pool N-1 at several campus sizes, with the growth exponent (see the docstring)."""
    import pickle

    import retrofit
    import retrofit.electrical.contingency as contingency
    from retrofit.electrical.contingency import run_contingencies
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.topology import power_graph

    payload, busiest = [], []
    forked_map = contingency.forked_map

    def timed(function):  # runs in the forked workers (inherited, never pickled)
        def run(shared, a, b):
            start = time.process_time()
            value = function(shared, a, b)
            return os.getpid(), time.process_time() - start, value
        return run

    def measured_forked_map(function, shared, spans, processes):
        """The real one, noting what the workers send back and the CPU time of the busiest worker."""
        parts = forked_map(timed(function), shared, spans, processes)
        payload.append(sum(len(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)) for _, _, part in parts))
        per_worker: dict = {}
        for pid, cpu, _ in parts:
            per_worker[pid] = per_worker.get(pid, 0.0) + cpu
        busiest.append(max(per_worker.values()))
        return [part for _, _, part in parts]

    contingency.forked_map = measured_forked_map
    limits = {"max_loading_percent": 100.0, "max_transformer_percent": 120.0, "v_min_pu": 0.90, "v_max_pu": 1.06}
    print(f"{os.cpu_count()} processors, {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} "
          f"usable; best of {repeat}; CPU = user + system of the parent and its workers")
    print(f"| halls | outages | buses | load avg (1 min) | serial CPU | per outage | serial wall "
          f"| {workers} forked CPU | critical path | speed-up | {workers} forked wall | returned | identical "
          "| exponent |"
          + (f" pickled pool of {workers}, wall |" if pickled else ""))
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|" if pickled else ""))
    previous = None
    for h in halls:
        design = retrofit.load_text(campus_yaml(halls=h), "campus.yaml")
        dg = build_design_grid(design)
        lf = solve_load_flow(dg.grid)
        graph = power_graph(design)
        load = os.getloadavg()[0]
        runs = {}
        for processes in (1, workers):
            best_cpu, best_wall, best_path, result = math.inf, math.inf, math.inf, None
            for _ in range(repeat):
                payload.clear()
                busiest.clear()
                cpu, own, start = _cpu_with_children(), time.process_time(), time.perf_counter()
                result = run_contingencies(design, dg, lf, limits=limits, graph=graph, processes=processes)
                best_wall = min(best_wall, time.perf_counter() - start)
                best_cpu = min(best_cpu, _cpu_with_children() - cpu)
                best_path = min(best_path, time.process_time() - own + sum(busiest))
            runs[processes] = (result, best_cpu, best_wall, best_path, sum(payload))
        serial, cpu, serial_wall, _, _ = runs[1]
        forked, forked_cpu, forked_wall, path, returned = runs[workers]
        same = [r.as_json() for r in serial] == [r.as_json() for r in forked]
        extra = ""
        if pickled:
            with ProcessPoolExecutor(workers) as pool:
                pool.submit(abs, 0).result()  # start the workers outside the timing
                parallel, wall = _timed(lambda: run_contingencies(design, dg, lf, limits=limits, graph=graph,
                                                                  executor=pool))
            same = same and [r.as_json() for r in serial] == [r.as_json() for r in parallel]
            extra = f" {wall:.2f} s |"
        n = dg.grid.n_bus
        exponent = "" if previous is None else f"{math.log(cpu / previous[1]) / math.log(n / previous[0]):.2f}"
        print(f"| {h} | {len(serial):,} | {n:,} | {load:.2f} | {cpu:.2f} s | {cpu / len(serial) * 1e3:.3f} ms "
              f"| {serial_wall:.2f} s | {forked_cpu:.2f} s | {path:.2f} s | {cpu / path:.2f}x | {forked_wall:.2f} s "
              f"| {returned / 1e3:.0f} kB "
              f"| {same} | {exponent} |{extra}", flush=True)
        previous = (n, cpu)
    contingency.forked_map = forked_map


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=8, help="data halls of 20 blocks of 16 racks (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel N-1 (default 2)")
    parser.add_argument("--newton-sample", type=int, default=200,
                        help="outages re-solved by full Newton to compare with the fast path (default 200)")
    parser.add_argument("--no-pandapower", action="store_true")
    parser.add_argument("--n1-scaling", type=int, nargs="+", metavar="HALLS",
                        help="only the N-1, at each of these campus sizes (e.g. 4 8 16)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each serial and forked N-1 in --n1-scaling (best)")
    parser.add_argument("--pickled-pool", action="store_true",
                        help="--n1-scaling also times a ProcessPoolExecutor that is sent the work (pickled)")
    args = parser.parse_args(argv)
    if args.n1_scaling:
        n1_scaling(args.n1_scaling, args.workers, args.repeat, args.pickled_pool)
        return

    import retrofit
    from retrofit.electrical.analysis import analyze_electrical
    from retrofit.electrical.contingency import contingency_context, outage_flow, plan_outages, run_contingencies
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.electrical.shortcircuit import solve_short_circuit
    from retrofit.topology import power_graph, rack_instances

    text, t_text = _timed(lambda: campus_yaml(halls=args.halls))
    design, t_load = _timed(lambda: retrofit.load_text(text, "campus.yaml"))
    dg, t_build = _timed(lambda: build_design_grid(design))
    grid = dg.grid
    lf = solve_load_flow(grid)
    t_lf = _best_of(lambda: solve_load_flow(grid))
    sc = solve_short_circuit(grid, lv_tolerance_percent=10.0, kappa_method="C")
    t_sc = _best_of(lambda: solve_short_circuit(grid, lv_tolerance_percent=10.0, kappa_method="C"))
    limits = {"max_loading_percent": 100.0, "max_transformer_percent": 120.0, "v_min_pu": 0.90, "v_max_pu": 1.06}
    graph = power_graph(design)
    start_cpu = time.process_time()
    n1, t_n1 = _timed(lambda: run_contingencies(design, dg, lf, limits=limits, graph=graph))
    cpu_n1 = time.process_time() - start_cpu
    with ProcessPoolExecutor(args.workers) as pool:
        pool.submit(abs, 0).result()  # start the workers outside the timing
        n1_parallel, t_n1_parallel = _timed(lambda: run_contingencies(design, dg, lf, limits=limits, graph=graph,
                                                                      executor=pool))
    cpu_forked = _cpu_with_children()
    n1_forked, t_n1_forked = _timed(lambda: run_contingencies(design, dg, lf, limits=limits, graph=graph,
                                                              processes=args.workers))
    cpu_forked = _cpu_with_children() - cpu_forked
    same = [r.as_json() for r in n1] == [r.as_json() for r in n1_parallel] == [r.as_json() for r in n1_forked]
    t_plan = _best_of(lambda: plan_outages(design, dg, graph), repeat=1)
    # the fast path against the full Newton re-solve on a sample of outages
    outages = plan_outages(design, dg, graph)
    sample = outages[:: max(1, len(outages) // max(args.newton_sample, 1))]
    fast_ctx = contingency_context(dg, lf, limits=limits)
    newton_ctx = contingency_context(dg, lf, limits=limits, method="newton")
    fast, t_fast = _timed(lambda: [outage_flow(fast_ctx, o) for o in sample])
    full, t_full = _timed(lambda: [outage_flow(newton_ctx, o) for o in sample])
    dv = max(float(np.nanmax(np.abs(a.vm_pu - b.vm_pu), initial=0.0)) for a, b in zip(fast, full))
    dl = max(float(np.nanmax(np.abs(np.concatenate([a.line_loading_percent - b.line_loading_percent,
                                                     a.transformer_loading_percent - b.transformer_loading_percent])),
                             initial=0.0)) for a, b in zip(fast, full))
    sweeps = [f.iterations for f in fast]
    rss_ours = _peak_rss_mb()
    _, t_analysis = _timed(lambda: analyze_electrical(design))
    rss_analysis = _peak_rss_mb()

    n_racks = len(rack_instances(design))
    e = design.electrical
    print(f"campus: {args.halls} halls, {n_racks} racks ({2 * n_racks} A/B feeds), {len(e.transformers)} transformers, "
          f"{len(e.busways)} busways, {len(e.pdus)} PDUs, {len(e.buses)} design buses -> {grid.n_bus} network buses, "
          f"{len(grid.lines.ids)} lines, {len(grid.loads.ids)} load rows; {len(n1)} N-1 outages")
    print(f"  write YAML                 {t_text:8.3f} s  ({len(text) / 1e6:.1f} MB)")
    print(f"  load design                {t_load:8.3f} s  (parse, validate, resolve catalog)")
    print(f"  build network              {t_build:8.3f} s  (build_design_grid)")
    print(f"  load flow (ours)           {t_lf * 1e3:8.1f} ms  ({lf.iterations} Newton iterations, converged "
          f"{lf.converged}, slack {lf.slack_p_w / 1e6:.1f} MW, min |V| {np.nanmin(lf.vm_pu):.4f} pu)")
    print(f"  short circuit (ours)       {t_sc * 1e3:8.1f} ms  (IEC 60909 at all {grid.n_bus} buses, kappa method C, "
          f"max I\"k {np.nanmax(sc.ik3_a) / 1e3:.1f} kA)")
    print(f"  N-1 outage consequences    {t_plan:8.3f} s  (dominator tree; included in the N-1 times)")
    print(f"  full N-1 (ours, serial)    {t_n1:8.3f} s  ({len(n1)} outages, {sum(not r.ok for r in n1)} not ok; "
          f"{cpu_n1:.3f} s of CPU, {cpu_n1 / len(n1) * 1e3:.3f} ms per outage)")
    print(f"  full N-1 ({args.workers} processes)     {t_n1_parallel:8.3f} s  (pool sent the work, pickled; "
          f"results identical to serial: {same})")
    print(f"  full N-1 ({args.workers} forked)        {t_n1_forked:8.3f} s  (workers inherit the work; "
          f"{cpu_forked:.3f} s of CPU, workers included)")
    print(f"  fast path vs Newton        {t_fast / len(sample) * 1e3:8.2f} ms vs "
          f"{t_full / len(sample) * 1e3:.2f} ms per "
          f"outage on {len(sample)} outages; sweeps {np.mean(sweeps):.1f} mean, {max(sweeps)} max; "
          f"max |dV| {dv:.1e} pu, max |d loading| {dl:.1e} %")
    print(f"  electrical analysis        {t_analysis:8.3f} s  (analyze_electrical: checks, load flow, short circuit, "
          "duty, feeders, racks, redundancy, N-1)")
    print(f"  peak memory (RSS)          {rss_ours:8.0f} MB  after the N-1; {rss_analysis:.0f} MB after the analysis")
    if args.no_pandapower:
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "peers"))
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    import pandapower as pp
    import pandapower.shortcircuit as pp_sc
    from pandapower_build import to_pandapower

    net, t_convert = _timed(lambda: to_pandapower(grid))
    pp.runpp(net, numba=False)
    t_pp = _best_of(lambda: pp.runpp(net, numba=False))
    pp_sc.calc_sc(net, case="max", lv_tol_percent=10, ip=True, kappa_method="C", branch_results=False)
    t_pp_sc = _best_of(lambda: pp_sc.calc_sc(net, case="max", lv_tol_percent=10, ip=True, kappa_method="C",
                                             branch_results=False))
    dv_pp = float(np.nanmax(np.abs(net.res_bus.vm_pu.values - lf.vm_pu)))
    dik_pp = float(np.nanmax(np.abs(net.res_bus_sc.ikss_ka.values * 1e3 / sc.ik3_a - 1.0)))
    print(f"  pandapower network         {t_convert:8.3f} s  (to_pandapower)")
    print(f"  pandapower runpp           {t_pp * 1e3:8.1f} ms  (ours is {t_pp / t_lf:.1f}x faster; "
          f"max |dV| {dv_pp:.1e} pu)")
    print(f"  pandapower calc_sc         {t_pp_sc * 1e3:8.1f} ms  (ours is {t_pp_sc / t_sc:.1f}x faster; "
          f"max |dI\"k|/I\"k {dik_pp:.1e})")
    print(f"  peak memory (RSS)          {_peak_rss_mb():8.0f} MB  with pandapower loaded")


if __name__ == "__main__":
    main()
