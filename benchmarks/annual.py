"""Benchmark of the annual simulation: 8,760 hours of the Panther Creek campus.

The campus file (``examples/panther-creek-350mw/site.yaml``) holds only the existing site, so its design
is planned first with the planner API (``retrofit.planning.plan``, no phases, no N-1); that step is timed
apart and is not part of the annual figure. Then, timed:

* ``design_basis``: the design-point cooling stages 1-3 (hydraulics of every loop, plant balance) and
  the electrical analysis without contingencies: what the hours reuse, as ``retrofit annual`` solves it;
* ``design_basis`` given the design's analysis (as ``retrofit plan`` gives it the analysis it made; that
  analysis, cooling, electrical and PUE without N-1, is timed apart and is not part of the figure): the
  hydraulics of every loop only;
* ``simulate_year``: the plant of every facility loop at the 8,760 hours of the weather year (identical
  loops solved once), the air side, losses, energy, PUE, water, cost.

CPU time (``time.process_time``) and wall time are printed; the machine's other load shows in the wall
time only. Run: ``python benchmarks/annual.py [--weather FILE.epw|.csv] [--design planned.yaml]``
(``--design`` skips the planning by reading a design written before, e.g. by ``retrofit plan-design``).
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "examples" / "panther-creek-350mw" / "site.yaml"


def _timed(label: str, func, *args, **kwargs):
    c, w = time.process_time(), time.perf_counter()
    out = func(*args, **kwargs)
    print(f"{label:<44} CPU {time.process_time() - c:7.2f} s   wall {time.perf_counter() - w:7.2f} s", flush=True)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--weather", help="EPW or TMY3 CSV file (default: the synthetic year of the site's climate)")
    p.add_argument("--design", help="a planned design to read instead of planning the site")
    args = p.parse_args(argv)
    from retrofit.analyze import analyze_for_verdict
    from retrofit.annual.simulate import AnnualOptions, design_basis, simulate_year
    from retrofit.annual.weather_source import weather_for
    from retrofit.io.load import load
    from retrofit.planning.planner import PlanOptions, plan

    print(f"cores: {os.cpu_count()}")
    if args.design:
        design = _timed("load the planned design", load, args.design)
    else:
        site = _timed("load the site", load, SITE)
        design = _timed("plan the campus (not part of the annual figure)", lambda: plan(
            site, PlanOptions(contingencies=False, phases=False)).proposed)
    racks = sum(g.count for g in design.loads.racks)
    weather = _timed("weather year", weather_for, design, args.weather)
    basis = _timed("design basis (cooling stages 1-3, electrical)", design_basis, design)
    analysis = _timed("the design's analysis (not part of the annual figure)", analyze_for_verdict, design,
                      contingencies=False)
    given = _timed("design basis given the analysis (hydraulics)", design_basis, design, analysis)
    if given.design_point != basis.design_point or given.served_lf_w != basis.served_lf_w:
        raise SystemExit("the design basis from the analysis differs from the one solved here")
    result = _timed(f"simulate {weather.hours:,} hours", simulate_year, basis, weather, AnnualOptions())
    j = result.to_json()
    print(f"racks {racks:,}, facility loops {j['assumptions']['facility_loops']} "
          f"({j['assumptions']['distinct_loops_solved']} distinct), weather: {weather.label()}")
    print(f"annual PUE {j['pue_annual']:.4f}, design-point PUE {j['design_point'].get('pue')}, water "
          f"{j['water_m3']:,.0f} m3, WUE {j['wue_l_per_kwh']:.3f} L/kWh, peak {j['peak_demand_kw']:,.0f} kW, "
          f"hours by mode {j['hours_by_mode']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
