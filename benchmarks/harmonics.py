"""Harmonic load-flow benchmark: a campus to the 50th harmonic, by the radial sums and by the factorisation.

Run: ``python benchmarks/harmonics.py [--repeat 3] [--halls N [--plan]] [--solvers radial factorised]``

By default the campus is ``examples/panther-creek-350mw/site.yaml``: ten halls on one 34.5 kV service,
160 pad-mount transformers, their LV switchboards, miners and exhaust fans. ``--halls N`` takes instead
the generated campus of ``N`` Panther Creek halls (``examples/panther-creek-350mw/generate.py``, as
``benchmarks/campus_scale.py``). ``--plan`` first plans it (:func:`retrofit.planning.plan`, untimed) and
benchmarks the proposal, with its GB300 rack groups, CDUs and pumps.

Timed, best of ``--repeat`` runs, CPU (``time.process_time``) and wall:

- the harmonic load flow (:func:`retrofit.electrical.harmonics.solve_harmonic_flow`) at every order of
  the catalog spectra up to the 50th, once per solver: ``radial`` (passes over the tree, linear in the
  network) and ``factorised`` (one sparse LU per order, one column per injection pattern, the method for
  networks with a loop);
- the same with every source an ideal 6-pulse converter (16 orders, 5 to 49);
- the whole power-quality study (:func:`retrofit.electrical.power_quality.power_quality_study`: network
  build, fundamental load flow, harmonic load flow, IEEE 519 limits, K-factors, load swing).

The target is the issue's: the harmonic load flow of the campus to the 50th harmonic under 10 s.
"""
from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAMPUS = ROOT / "examples" / "panther-creek-350mw" / "site.yaml"
GENERATOR = ROOT / "examples" / "panther-creek-350mw" / "generate.py"


def campus(halls: int | None, planned: bool):
    """The design to benchmark and its label."""
    from retrofit.io.load import load, load_data
    from retrofit.io.yaml_source import SourceMap

    if halls is None:
        design, label = load(CAMPUS), "Panther Creek site"
    else:
        spec = importlib.util.spec_from_file_location("panther_creek_generate", GENERATOR)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        design = load_data(module.site(halls), SourceMap(f"campus-{halls}.yaml", {}, {}))
        label = f"generated campus of {halls} halls"
    if planned:
        from retrofit.planning import PlanOptions, plan

        design, label = plan(design, PlanOptions()).proposed, label + ", planned"
    return design, label


def best_of(repeat: int, run) -> tuple[float, float, object]:
    """Best CPU and best wall time of ``repeat`` calls of ``run`` [s], and its last result."""
    cpu = wall = float("inf")
    result = None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = run()
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--halls", type=int, default=None, help="generated campus of this many halls")
    parser.add_argument("--plan", action="store_true", help="benchmark the planned proposal of the campus")
    parser.add_argument("--solvers", nargs="+", default=["radial", "factorised"], choices=["radial", "factorised"])
    args = parser.parse_args()
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.harmonics import HarmonicSource, injection_patterns, load_spectra, solve_harmonic_flow
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.electrical.power_quality import load_sources, power_quality_study

    design, label = campus(args.halls, args.plan)
    dg = build_design_grid(design)
    lf = solve_load_flow(dg.grid)
    spectra = load_spectra()
    sources, _ = load_sources(design, dg, lf, spectra)
    every_order = [HarmonicSource(s.id, "ideal-6-pulse", s.units, s.bus, s.i1_pu) for s in sources]
    patterns = injection_patterns(sources)[0]
    print(f"{label}: {dg.grid.n_bus} network buses, {len(dg.grid.lines.ids)} lines, "
          f"{len(dg.grid.transformers.ids)} transformers, {len(dg.loads.ids)} load rows, {len(sources)} harmonic "
          f"sources in {len(patterns)} injection patterns ({sum(len(b) > 1 for b, _ in patterns)} multi-fed)")
    for solver in args.solvers:
        cpu, wall, flow = best_of(args.repeat, lambda: solve_harmonic_flow(dg.grid, sources, spectra, lf.vm_pu,
                                                                           h_max=50, solver=solver))
        print(f"[{solver}] harmonic load flow to the 50th ({len(flow.orders)} orders, {flow.orders.min()} to "
              f"{flow.orders.max()}): CPU {cpu:.3f} s, wall {wall:.3f} s (target 10 s)")
        cpu, wall, flow_all = best_of(args.repeat, lambda: solve_harmonic_flow(dg.grid, every_order, spectra,
                                                                               lf.vm_pu, h_max=50, solver=solver))
        print(f"[{solver}] every load an ideal 6-pulse source ({len(flow_all.orders)} orders, 5 to "
              f"{flow_all.orders.max()}): CPU {cpu:.3f} s, wall {wall:.3f} s")
    cpu, wall, study = best_of(args.repeat, lambda: power_quality_study(design, h_max=50))
    print(f"whole power-quality study (build, load flow, harmonics, limits, K-factors, swing): CPU {cpu:.3f} s, "
          f"wall {wall:.3f} s")
    print(f"PCC TDD {study.pcc.tdd_percent:.2f} % (all sources in phase {study.pcc.tdd_aligned_percent:.2f} %), "
          f"worst bus THD {max(b.thd_v_percent for b in study.buses):.2f} % "
          f"(in phase {max(b.thd_v_aligned_percent for b in study.buses):.2f} %)")


if __name__ == "__main__":
    main()
