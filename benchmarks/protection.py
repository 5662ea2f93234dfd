"""Protection-study benchmark: arc flash and coordination of the Panther Creek campus.

Run: ``python benchmarks/protection.py [--repeat 3]``

The campus (``examples/panther-creek-350mw/site.yaml``: ten halls on one 34.5 kV service, 160
pad-mount transformers with their LV switchboards and mains) goes through
:func:`retrofit.electrical.protection.protection_study`: the maximum (with the -7.5 % transformer %Z
tolerance), nominal-impedance and minimum IEC 60909 short circuits, the duty of every breaker, the
IEEE 1584-2018 arc flash at every bus (the bus and the line side of each main, at the maximum and
minimum bolted currents, each at I_arc and I_arc_min), the selectivity of every breaker with each
upstream device, NEC 240.87 and NEC 450.3.

Printed: the size of the study, the time to load the design, and the best of ``--repeat`` runs of the
whole study and of its short-circuit part; the issue's target is under 10 s for the study.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAMPUS = ROOT / "examples" / "panther-creek-350mw" / "site.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.fault_study import solve_fault_study
    from retrofit.electrical.protection import fault_study_options, protection_study
    from retrofit.io.load import load

    t0 = time.perf_counter()
    design = load(CAMPUS)
    t_load = time.perf_counter() - t0
    e = design.electrical
    print(f"campus: {len(e.buses)} buses, {len(e.transformers)} transformers, {len(e.breakers)} breakers, "
          f"{len(e.cables)} cables, {len(e.busways)} busways")
    print(f"load the design: {t_load:.2f} s")
    best_sc, best_all, result = float("inf"), float("inf"), None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        dg = build_design_grid(design)
        for case in ("max", "min"):
            solve_fault_study(dg.grid, fault_study_options(design, case))
        best_sc = min(best_sc, time.perf_counter() - t0)
        t0 = time.perf_counter()
        result = protection_study(design)
        best_all = min(best_all, time.perf_counter() - t0)
    af = result["arc_flash"]
    computed = sum(1 for v in af.values() for k, loc in v.items() if isinstance(loc, dict) and loc.get("status") == "computed")
    pairs = sum(len(v["upstream"]) for v in result["coordination"].values())
    worst = max((v["label"]["incident_energy_cal_cm2"], b) for b, v in af.items() if v.get("label"))
    print(f"arc-flash locations computed: {computed} (buses {len(af)}); device pairs checked: {pairs}; "
          f"NEC 450.3 transformers: {len(result['nec_450_3'])}")
    print(f"network build + max and min short circuit: {best_sc:.3f} s (best of {args.repeat})")
    print(f"whole protection study: {best_all:.2f} s (best of {args.repeat}; target < 10 s)")
    print(f"highest label energy: {worst[0]:g} cal/cm2 at {worst[1]}")


if __name__ == "__main__":
    main()
