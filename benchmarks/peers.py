"""Our solvers against their peers on the same generated networks, in one run, with ratios.

Run: ``pip install -e ".[bench]" && python benchmarks/peers.py [--buses 100 1000 10000 50000]
[--racks 8 72 720 7200] [--repeat 5] [--outages 40] [--tol 1e-8] [--skip-electrical] [--skip-hydraulics]``

Electrical: the synthetic campus of ``benchmarks/electrical_kernels.py`` (a 34.5 kV point of
interconnection, 34.5/13.8 kV substations, 13.8 kV feeders of unit substations, 415 V busway runs with
PDU and rack buses) sized to about 100, 1,000, 10,000 and 50,000 buses, converted element by element
to pandapower (``tests/peers/pandapower_build.py``). Timed: the AC load flow (ours:
``retrofit.electrical.loadflow.solve_load_flow``, the implicit Z-bus iteration on these networks of PQ
buses, and for reference its Newton-Raphson; pandapower ``runpp`` with numba, without numba, and with
lightsim2grid when installed; both sides stop at the same largest P or Q mismatch, ``--tol``), the
three-phase short circuit at every bus (ours, ``solve_short_circuit``; pandapower ``calc_sc(case="max")``) and the N-1 of a sample of ``--outages`` feeder cables,
one warm-started re-solve per outage on both sides (the design-level N-1 with dominators and the
radial sweep is ``benchmarks/electrical.py``).

Hydraulics: the coolant campus of ``benchmarks/hydraulics_kernels.py`` (TCS loops behind CDUs, rack
branches with cold plates and balancing valves, facility loops of up to 45 CDUs) with 8, 72, 720 and
7,200 racks,
converted to WNTR/EPANET (``tests/peers/wntr_build.py``): ours (``solve_network``) against
``EpanetSimulator`` (WNTR's own ``WNTRSimulator`` is tried too, but it has no Darcy-Weisbach head loss) (EPANET 2.2 through WNTR, which writes and reads files: the
figure includes that I/O, as a user of WNTR pays it).

Every timing is preceded by a warm-up run (numba's compilation, caches) and is the best of
``--repeat`` runs, as CPU time (``time.process_time``) and wall time. Answers are compared: the
largest voltage difference against pandapower [pu] and the largest flow difference against EPANET,
as a fraction of the network's largest flow, with the link where it occurs. The machine is described at the top of the output.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "peers"))

#: campus_grid parameters (substations, feeders, units per feeder, runs, segments) per target size
GRID_SIZES = {100: (1, 1, 1, 3, 6), 1000: (1, 2, 5, 3, 6), 10000: (5, 4, 6, 3, 6), 50000: (23, 4, 6, 3, 6)}
#: campus_network parameters (CDUs, racks per CDU) per rack count
RACK_SIZES = {8: (1, 8), 72: (9, 8), 720: (45, 16), 7200: (450, 16)}


def timed(function, repeat: int) -> tuple[float, float, object]:
    """Best CPU and wall time of ``repeat`` runs after one warm-up run; and the last result."""
    result = function()
    cpu = wall = math.inf
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = function()
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall, result


def machine() -> str:
    cpus = os.cpu_count()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        model = platform.processor()
    return f"{model or platform.machine()}, {cpus} cores, Python {platform.python_version()}, {platform.system()}"


def row(name: str, ours: tuple[float, float], peer: tuple[float, float] | None, note: str = "") -> str:
    text = f"  {name:<34} ours {ours[0] * 1e3:9.1f} ms CPU {ours[1] * 1e3:9.1f} ms wall"
    if peer is not None:
        text += f" | peer {peer[0] * 1e3:9.1f} ms CPU {peer[1] * 1e3:9.1f} ms wall | ratio {peer[0] / ours[0]:6.1f}x"
    return text + (f"  {note}" if note else "")


def electrical(sizes: list[int], repeat: int, n_outages: int, sc_max_buses: int, tol: float = 1e-8) -> None:
    import pandapower as pp
    import pandapower.shortcircuit as sc

    from electrical_kernels import campus_grid
    from pandapower_build import to_pandapower
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.electrical.network import take_out_of_service
    from retrofit.electrical.shortcircuit import solve_short_circuit

    try:
        import lightsim2grid  # noqa: F401
        has_ls = True
    except ImportError:
        has_ls = False
    try:
        import numba  # noqa: F401
        has_numba = True
    except ImportError:
        has_numba = False
    print(f"pandapower {pp.__version__}; numba {'installed' if has_numba else 'not installed'}; "
          f"lightsim2grid {'installed' if has_ls else 'not installed'}; convergence criterion of both sides: "
          f"largest P or Q mismatch {tol:g} pu on 1 MVA")
    summary: list[tuple[int, float, float, float, float]] = []
    for target in sizes:
        grid = campus_grid(*GRID_SIZES[target])
        print(f"\n{grid.n_bus} buses, {len(grid.lines.ids)} lines, {len(grid.transformers.ids)} transformers, "
              f"{len(grid.loads.ids)} loads")
        cpu, wall, ours = timed(lambda: solve_load_flow(grid, tol=tol), repeat)
        newton_cpu, newton_wall, newton = timed(lambda: solve_load_flow(grid, tol=tol, method="newton"), repeat)
        print(f"  ours: {ours.method}, {ours.iterations} iterations, largest mismatch {ours.max_mismatch_pu:.1e} pu; "
              f"Newton-Raphson {newton.iterations} iterations, {newton_cpu * 1e3:.1f} ms CPU {newton_wall * 1e3:.1f} ms wall")
        net = to_pandapower(grid)
        variants = [("numba", {"numba": True})] if has_numba else []
        variants += [("no numba", {"numba": False})]
        if has_ls:
            variants.append(("lightsim2grid", {"lightsim2grid": True}))
        peer_cpu, largest_dv = math.inf, 0.0
        for label, options in variants:
            pcpu, pwall, _ = timed(lambda: pp.runpp(net, tolerance_mva=tol, **options), repeat)
            theirs = net.res_bus.vm_pu.values * np.exp(1j * np.radians(net.res_bus.va_degree.values))
            dv = float(np.nanmax(np.abs(theirs - ours.v_pu)))  # complex voltage: magnitude and angle
            peer_cpu, largest_dv = min(peer_cpu, pcpu), max(largest_dv, dv)
            print(row(f"load flow vs runpp ({label})", (cpu, wall), (pcpu, pwall), f"max |dV| {dv:.1e} pu"))
        summary.append((grid.n_bus, cpu, newton_cpu, peer_cpu, largest_dv))
        scpu, swall, _ = timed(lambda: solve_short_circuit(grid, kappa_method="C"), repeat)
        if grid.n_bus <= sc_max_buses:
            pcpu, pwall, _ = timed(lambda: sc.calc_sc(net, case="max", ip=True), 1)
            print(row("short circuit, every bus", (scpu, swall), (pcpu, pwall)))
        else:
            print(row("short circuit, every bus", (scpu, swall), None,
                      f"(pandapower calc_sc not run above {sc_max_buses} buses: --sc-max-buses)"))
        # N-1: one warm-started re-solve per outage on both sides, on the same sample of feeder cables (the
        # design-level study, dominators and the radial sweep, is timed by benchmarks/electrical.py)
        cables = [i for i in grid.lines.ids if i.endswith("-MVC")][:n_outages] or list(grid.lines.ids[:n_outages])
        cases = [take_out_of_service(grid, [cid]) for cid in cables]
        ncpu, nwall, _ = timed(lambda: [solve_load_flow(case, init=ours, tol=tol) for case in cases], 1)
        index = {cid: k for k, cid in enumerate(grid.lines.ids)}

        def pandapower_outages():
            for cid in cables:
                net.line.loc[index[cid], "in_service"] = False
                pp.runpp(net, tolerance_mva=tol, **variants[0][1])
                net.line.loc[index[cid], "in_service"] = True

        pcpu, pwall, _ = timed(pandapower_outages, 1)
        n = len(cables)
        print(row(f"N-1, {n} feeder outages", (ncpu, nwall), (pcpu, pwall),
                  f"ours {ncpu / n * 1e3:.2f} ms per outage, peer {pcpu / n * 1e3:.1f} ms"))
    print("\nload flow, CPU time (best of the runs after a warm-up):")
    print("| buses | ours | ours, Newton-Raphson | pandapower runpp, fastest variant | ratio | largest |V - V_pp| |")
    print("|---|---|---|---|---|---|")
    for n_bus, ours_cpu, newton_cpu, best_peer, dv in summary:
        print(f"| {n_bus:,} | {ours_cpu * 1e3:.1f} ms | {newton_cpu * 1e3:.1f} ms | {best_peer * 1e3:.1f} ms | "
              f"{best_peer / ours_cpu:.1f}x | {dv:.1e} pu |")


def hydraulics(sizes: list[int], repeat: int) -> None:
    import wntr

    from hydraulics_kernels import campus_network
    from retrofit.cooling.hydraulics import solve_network
    from wntr_build import EPANET_GRAVITY, EPANET_VISCOSITY, to_wntr

    print(f"\nWNTR {wntr.__version__} (EPANET 2.2 through EpanetSimulator)")
    density = 998.2
    for racks in sizes:
        net = campus_network(*RACK_SIZES[racks], quadratic_pumps=True)
        mu = EPANET_VISCOSITY * density
        cpu, wall, ours = timed(lambda: solve_network(net, density, mu, gravity=EPANET_GRAVITY), repeat)
        wn = to_wntr(net, density)
        print(f"\n{racks} racks: {net.node_count} nodes, {net.link_count} links; ours {ours.iterations} iterations")
        try:
            wcpu, wwall, _ = timed(lambda: wntr.sim.WNTRSimulator(wn).run_sim(), max(1, repeat // 2))
            print(row("hydraulics vs WNTRSimulator", (cpu, wall), (wcpu, wwall)))
        except NotImplementedError as exc:  # WNTR's own solver has Hazen-Williams only
            print(f"  WNTRSimulator: not comparable ({exc}); EPANET below")
        with tempfile.TemporaryDirectory() as tmp:
            def epanet():
                return wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(Path(tmp) / "net"))
            ecpu, ewall, eres = timed(epanet, max(1, repeat // 2))
        flows = eres.link["flowrate"].iloc[0]
        ours_q = dict(zip(net.link_ids, ours.flow))
        common = [k for k in flows.index if k in ours_q]
        q_max = max((abs(flows[k]) for k in common), default=0.0) or 1.0
        dq = max((abs(ours_q[k] - flows[k]) for k in common), default=math.nan) / q_max
        worst = max(common, key=lambda k: (abs(ours_q[k] - flows[k]), k)) if common else ""
        print(row("hydraulics vs EpanetSimulator", (cpu, wall), (ecpu, ewall),
                  f"largest flow difference {dq:.1e} of the largest flow (at {worst})"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buses", type=int, nargs="+", default=sorted(GRID_SIZES), choices=sorted(GRID_SIZES))
    parser.add_argument("--racks", type=int, nargs="+", default=sorted(RACK_SIZES), choices=sorted(RACK_SIZES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--outages", type=int, default=40, help="pandapower outages sampled for the N-1 cost")
    parser.add_argument("--sc-max-buses", type=int, default=2000,
                        help="largest network on which pandapower's calc_sc is timed (it takes minutes above)")
    parser.add_argument("--tol", type=float, default=1e-8,
                        help="load-flow convergence criterion of both sides: largest P or Q mismatch [pu on 1 MVA] "
                             "(pandapower's tolerance_mva, whose default is 1e-8)")
    parser.add_argument("--skip-electrical", action="store_true")
    parser.add_argument("--skip-hydraulics", action="store_true")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    if not args.skip_electrical:
        electrical(args.buses, args.repeat, args.outages, args.sc_max_buses, args.tol)
    if not args.skip_hydraulics:
        hydraulics(args.racks, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
