"""Benchmark of the cross-domain single-failure study on the Panther Creek-scale campus (ten halls).

Run: ``python benchmarks/resilience.py [--file examples/panther-creek-350mw/site.yaml] [--design proposed.yaml]``

The campus example holds only the existing site, so the design studied is the planner's proposal for it
(``retrofit.planning.plan`` without phases and without its own N-1, as ``retrofit plan-design
--no-phases`` writes it); ``--design`` studies a design file instead. Timed, one process, one run each:
loading, planning, the outage enumeration (power graph, dominator tree, what each outage takes away), the
intact cooling of every facility loop, the full study (every electrical and mechanical outage followed
into the cooling, identical surviving sets solved once) and its JSON, each as CPU and wall time (the CPU
time is the figure to compare on a shared machine). The peak memory is the process's
peak resident set (``getrusage``), interpreter and libraries included. Target: the study under 30 s on
two cores.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "panther-creek-350mw" / "site.yaml"


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 2**20  # kB on Linux, bytes on macOS


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT), help="site file planned before the study")
    parser.add_argument("--design", default=None, help="study this design file instead of planning --file")
    args = parser.parse_args(argv)

    from retrofit.io.load import load
    from retrofit.resilience import cross_domain_study, electrical_outages, mechanical_outages, prepare_base
    from retrofit.topology import power_graph

    times = {}  # name -> (CPU, wall) [s]

    def clock():
        return time.process_time(), time.perf_counter()

    def since(start):
        now = clock()
        return now[0] - start[0], now[1] - start[1]

    t = clock()
    design = load(args.design or args.file)
    times["load"] = since(t)
    if args.design is None:
        from retrofit.planning.planner import PlanOptions, plan

        t = clock()
        design = plan(design, PlanOptions(phases=False, contingencies=False)).proposed
        times["plan (proposal, without N-1)"] = since(t)
    mem_before = _peak_mb()
    t = clock()
    graph = power_graph(design)
    outages = electrical_outages(design, graph) + mechanical_outages(design)
    times["outage enumeration"] = since(t)
    t0 = clock()
    base = prepare_base(design)
    times["intact cooling of every facility loop"] = since(t0)
    t = clock()
    study = cross_domain_study(design, graph, base=base)
    times["outages followed into the cooling"] = since(t)
    t = clock()
    study.to_json()
    times["results as JSON"] = since(t)
    total = tuple(a + b for a, b in zip(since(t0), times["outage enumeration"]))

    c = design.cooling
    racks = sum(g.count for g in design.loads.racks)
    print(f"design: {racks} racks, {len(design.electrical.transformers)} transformers, {len(c.cdus)} CDUs, "
          f"{sum(p.count for p in c.pumps)} facility pumps, {sum(u.count for u in c.heat_rejection)} heat-rejection "
          f"units, {sum(x.count for x in c.crahs)} CRAHs, "
          f"{sum(1 for lp in c.loops if lp.kind == 'facility')} facility loops")
    electrical = sum(1 for o in outages if o.domain == "electrical")
    print(f"outages: {electrical} electrical, {len(outages) - electrical} mechanical, "
          f"{len(study.maintenance)} maintenance-only; {study.cases} cases, {study.solves} distinct facility-loop "
          f"re-solves")
    print(f"verdict: {sum(1 for r in study.faults if not r.ok)} failing, "
          f"{sum(1 for r in study.faults if r.near_limit)} near a limit; groups failing "
          f"{sum(1 for g in study.groups if not g.ok)} of {len(study.groups)}")
    print(f"{'':40s} {'CPU':>8s}   {'wall':>8s}")
    for name, (cpu, wall) in times.items():
        print(f"{name:40s} {cpu:8.3f} s {wall:8.3f} s")
    print(f"{'study total (enumeration to verdicts)':40s} {total[0]:8.3f} s {total[1]:8.3f} s")
    print(f"peak memory: {mem_before:.0f} MB before the study, {_peak_mb():.0f} MB after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
