"""Planning at campus scale: ``plan-design`` of generated campuses of 1 to 60 halls, and a 1 GW campus.

Run: ``python benchmarks/campus_scale.py [--halls 1 5 10 20 40 60] [--gw] [--chart docs/images/performance-growth.svg]``

Each campus is the Panther Creek example's hall (16 pad-mounts, 8,960 miners, 200 x 60 m) repeated
``n`` times on one 34.5 kV service of 35 MVA per hall (``examples/panther-creek-350mw/generate.py``)
whose fault level grows with the halls up to ten (1,200 MVA, 20 kA) and stays there beyond, as a
campus fed from one substation transformer per ten halls would; ten halls is the Panther Creek example
itself and thirty halls, three Panther Creeks, the 1 GW campus.
Every size runs in a fresh process (so its peak memory is its own), through the planner's public API
(:func:`retrofit.planning.plan`, the work of ``retrofit plan-design``: sizing, MILP selection, layout,
proposal, its analysis with N-1 for the verdict, verification, bill of materials, phases). Printed per size: halls,
GB300 racks planned, CPU time of the plan (its own and that of the N-1 workers it forks above 2,500
outages), wall time, peak resident memory; then the exponent b of CPU time = a * racks^b fitted by
least squares on the logarithms (1 is linear; n log n over this range fits about 1.1). ``--chart``
writes the growth chart as SVG.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "examples" / "panther-creek-350mw" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("panther_creek_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _children_cpu_s() -> float:
    """User + system CPU of the reaped child processes (the N-1 pool's workers) [s]."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_one(halls: int, contingencies: bool) -> dict:
    """Plan a campus of ``halls`` halls in this process; returns its figures."""
    from retrofit.io.load import load_data
    from retrofit.io.yaml_source import SourceMap
    from retrofit.gc_thresholds import collect_less_often
    from retrofit.planning import PlanOptions, plan

    design = load_data(_generator().site(halls), SourceMap(f"campus-{halls}.yaml", {}, {}))
    collect_less_often()  # as plan-design sets the collector for a campus
    cpu0, wall0, kids0 = time.process_time(), time.perf_counter(), _children_cpu_s()
    result = plan(design, PlanOptions(contingencies=contingencies, verdict_only=True))  # as plan-design
    own, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    cpu = own + _children_cpu_s() - kids0  # with the forked N-1 workers (above 2,500 outages), once they are reaped
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {"halls": halls, "racks": int(result.selection["compute_racks"]), "cpu_s": round(cpu, 2),
            "wall_s": round(wall, 2), "peak_mb": round(peak_mb), "passes": bool(result.verification["passes"])}


def fit_exponent(rows: list[dict]) -> float:
    """b of cpu = a * racks^b, least squares on the logarithms (rows with racks and CPU > 0)."""
    pts = [(math.log(r["racks"]), math.log(r["cpu_s"])) for r in rows if r["racks"] > 0 and r["cpu_s"] > 0]
    if len(pts) < 2:
        return math.nan
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx > 0 else math.nan


def write_chart(rows: list[dict], exponent: float, path: Path) -> None:
    """CPU time against racks on log-log axes, as SVG (reportlab graphics)."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    d = Drawing(480, 300)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 60, 50, 390, 210
    plot.data = [[(math.log10(r["racks"]), math.log10(r["cpu_s"])) for r in rows if r["racks"] and r["cpu_s"]]]
    plot.lines[0].strokeColor = colors.HexColor("#1f4e79")
    plot.lines[0].symbol = None
    plot.xValueAxis.labelTextFormat = lambda v: f"{10 ** v:,.0f}"
    plot.yValueAxis.labelTextFormat = lambda v: f"{10 ** v:,.1f}"
    d.add(plot)
    d.add(String(255, 12, "GB300 racks planned (log scale)", textAnchor="middle", fontSize=10))
    d.add(String(14, 155, "CPU s", fontSize=10))
    d.add(String(255, 282, f"plan-design CPU time vs campus size: exponent {exponent:.2f}", textAnchor="middle",
                 fontSize=11))
    path.parent.mkdir(parents=True, exist_ok=True)
    renderSVG.drawToFile(d, str(path))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, nargs="+", default=[1, 5, 10, 20, 40, 60], help="campus sizes to plan")
    parser.add_argument("--gw", action="store_true", help="also plan the 1 GW campus (30 halls)")
    parser.add_argument("--no-contingencies", action="store_true", help="skip the N-1 studies of the verification")
    parser.add_argument("--chart", type=Path, help="write the growth chart (SVG) here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: plan one size, print JSON
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(run_one(args.one, not args.no_contingencies)))
        return 0
    sizes = sorted(set(args.halls + ([30] if args.gw else [])))
    rows = []
    print(f"{'halls':>5} {'racks':>6} {'CPU s':>8} {'wall s':>8} {'peak MB':>8}  verified")
    for n in sizes:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--no-contingencies"] if args.no_contingencies else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{n:>5} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['halls']:>5} {row['racks']:>6} {row['cpu_s']:>8.1f} {row['wall_s']:>8.1f} {row['peak_mb']:>8}  "
              f"{'passes' if row['passes'] else 'FAILS'}", flush=True)
    b = fit_exponent(rows)
    print(f"CPU time grows as racks^{b:.2f} (fitted over {len(rows)} sizes)")
    if args.chart:
        write_chart(rows, b, args.chart)
        print(f"chart: {args.chart}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
