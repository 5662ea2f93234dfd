"""Planning benchmark: sizing plus layout of the Panther Creek-scale campus (ten halls, 350 MVA).

Run: ``python benchmarks/plan.py [--file examples/panther-creek-350mw/site.yaml] [--full]``

Figures printed, each with its wall time: loading the design; the planning context (catalog options,
existing blocks, the layout engine's floor capacity of every hall); ``size`` (every constraint); the
upgrade selection (MILP, maximum scalable units then least cost); and the layout of every hall with the
racks, CDUs and switchboards the selection gives (``retrofit.layout.place``). ``--full`` also runs the
whole ``plan`` (proposal, analysis, bill of materials and phases). The peak memory is the process's
peak resident set (``getrusage``), the Python interpreter and libraries included. Target: sizing plus
layout under 30 s and 2 GB on two cores.
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
    parser.add_argument("--file", default=str(DEFAULT), help="site design file")
    parser.add_argument("--full", action="store_true", help="also run the whole plan")
    args = parser.parse_args(argv)

    from retrofit.io.load import load
    from retrofit.layout import place
    from retrofit.model import CDU
    from retrofit.planning.context import site_context
    from retrofit.planning.layout_bridge import rack_spec
    from retrofit.planning.proposal import _hall_split, loops_for
    from retrofit.planning.selection import select
    from retrofit.planning.sizing import size

    times = {}
    t0 = time.perf_counter()
    design = load(args.file)
    times["load"] = time.perf_counter() - t0
    t = time.perf_counter()
    ctx = site_context(design)
    times["context (options, floor capacity)"] = time.perf_counter() - t
    t = time.perf_counter()
    sizing = size(design, context=ctx)
    times["size"] = time.perf_counter() - t
    t = time.perf_counter()
    sel = select(ctx.basis, ctx.groups, ctx.options, ctx.limits, ctx.busways)
    times["selection (MILP)"] = time.perf_counter() - t
    t = time.perf_counter()
    b = ctx.basis
    cdu = CDU(id="x", facility_loop="f", tcs_loop="t", **sel.cdu.entry.data)
    cdu_size = (cdu.width.to("m").magnitude, cdu.depth.to("m").magnitude)
    weights = {}
    for g in ctx.groups:
        hall = g.blocks[0].bus.hall if g.blocks[0].bus is not None else None
        weights[hall] = weights.get(hall, 0.0) + g.racks
    split = _hall_split(design, b, sel.n_compute, ctx.positions, weights)
    spec = rack_spec(b)
    placed = cdus = 0
    halls = {h.id: h for h in design.halls}
    for hall_id, (n_c, n_n) in split.items():
        equipment = [(x.transformer.lv_bus, 3.7, 1.5) for x in ctx.blocks if x.bus is not None and x.bus.hall == hall_id]
        lay = place(halls[hall_id], spec, n_c + n_n, b.criteria, n_cdus=sum(loops_for(n_c, sel.cdu.racks, b)),
                    cdu_size_m=cdu_size, electrical_equipment=equipment, cdu_mass_kg=cdu.mass.to("kg").magnitude)
        placed += len(lay.racks)
        cdus += len(lay.cdus)
    times["layout of every hall"] = time.perf_counter() - t
    sizing_layout = sum(times.values())
    print(f"{Path(args.file).name}: {len(design.halls)} halls, {len(design.electrical.transformers)} transformers, "
          f"{sum(m.count for m in design.loads.miners):,} miners")
    print(f"sized: {sizing['count_at_policy']} racks at the policy, bound by {sizing['binding_site']}; selected "
          f"{sel.n_compute} + {sel.n_network} racks; placed {placed} racks and {cdus} CDUs in {len(split)} halls")
    for name, seconds in times.items():
        print(f"  {name:38s} {seconds:8.2f} s")
    print(f"  {'sizing plus layout':38s} {sizing_layout:8.2f} s   (target 30 s)")
    print(f"  {'peak resident memory':38s} {_peak_mb():8.0f} MB  (target 2048 MB)")
    if args.full:
        from retrofit.planning import plan
        t = time.perf_counter()
        result = plan(design)
        print(f"  {'whole plan (proposal, analysis, phases)':38s} {time.perf_counter() - t:8.2f} s, "
              f"{'passes' if result.verification['passes'] else 'fails'}; peak {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
