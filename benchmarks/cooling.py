"""Campus-scale benchmark of the design-level cooling analysis, and of WNTR/EPANET on the same loops.

The campus is a Design built in code (:func:`campus_design`): ``facility_loops`` facility-water loops
(default 10), each with its own hall, pump set (5 running + 1 standby), 64 adiabatic coolers and
``tcs_per_facility`` TCS loops (default 5); each TCS loop has ``cdus_per_tcs`` CoolIT CHx2000 CDUs
(default 5, N+1: four carry the loop) and ``racks_per_tcs`` GB300 NVL72 racks (default 50) on a
direct-return header. Defaults: 250 CDUs, 2,500 racks, 50 TCS loops, about 36 MW of heat per facility
loop and 10,700 hydraulic links.

Timed (best of ``--repeat`` runs, one process):

* ``analyze_cooling`` stage by stage: preparation, hydraulics of every loop, plant balance at each
  design ambient, N+1 (every CDU, pump set and cooler model out), results;
* the equivalent water network (every facility and TCS loop, with water at 20 degC, as one network of
  disjoint loops): our global-gradient solver, and WNTR — building the model through
  ``tests/peers/wntr_build.to_wntr`` and running EPANET 2.2 on it. The two solutions are compared.

Run: ``python benchmarks/cooling.py [--facility-loops 10] [--varied] [--repeat 3] [--check]``. ``--varied``
makes every loop different, so that nothing solved for one loop can be reused for another (the default
campus repeats one block, as built campuses do); ``--check`` also runs the analysis with ``reuse=False``
(everything solved from scratch) and confirms identical results.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from retrofit.cooling import analysis as an
from retrofit.cooling.coolant import coolant
from retrofit.cooling.hydraulic_network import HydraulicNetwork
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.loops import facility_network, rack_duties, tcs_network
from retrofit.io.load import load_data
from retrofit.io.results import results_json
from retrofit.io.yaml_source import SourceMap

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "peers"))
from wntr_build import EPANET_GRAVITY, run_epanet, to_wntr  # noqa: E402  (the peer model builder of the tests)

T_WATER_K = 293.15


def campus_data(facility_loops: int = 10, tcs_per_facility: int = 5, cdus_per_tcs: int = 5,
                racks_per_tcs: int = 50, varied: bool = False) -> dict:
    """The campus as design-file data (the structure ``retrofit.load`` reads from YAML).

    ``varied`` makes every loop different (TCS loops of racks_per_tcs - 2 to + 2 racks, the same total;
    facility mains of different lengths), so that no loop or plant balance can be reused from another.
    """
    loops, cdus, pumps, units, racks, halls, crahs = [], [], [], [], [], [], []
    for f in range(1, facility_loops + 1):
        fid, hall = f"fw-{f:02d}", f"hall-{f:02d}"
        halls.append({"id": hall, "length": "150 m", "width": "60 m", "clear_height": "8 m", "slab_rating": "15 kPa"})
        loops.append({"id": fid, "kind": "facility", "coolant": "PG35", "t_supply_setpoint": "30 degC",
                      "main": {"length": f"{150 + (7 * f if varied else 0)} m", "diameter": "1000 mm",
                               "fittings": {"elbow_90_standard": 10, "butterfly_valve": 2}},
                      "header": {"length": "4 m", "diameter": "1000 mm"},
                      "branch": {"length": "8 m", "diameter": "202.7 mm",
                                 "fittings": {"elbow_90_standard": 4, "butterfly_valve": 2}},
                      "static_pressure": "250 kPa"})
        pumps.append({"id": f"{fid}.pumps", "loop": fid, "bus": "lv-b", "count": 6, "running": 5,
                      "efficiency": "82 %", "motor_efficiency": "95.5 %",
                      "curve": [{"flow": "0 L/min", "head": "45 m"}, {"flow": "15000 L/min", "head": "35 m"},
                                {"flow": "20000 L/min", "head": "27.5 m"}]})
        units.append({"id": f"{fid}.acc", "loop": fid, "bus": "lv-a", "kind": "adiabatic_cooler", "count": 64,
                      "capacity": "900 kW", "t_ambient_rated": "25 degC", "t_fluid_in_rated": "40 degC",
                      "t_fluid_out_rated": "32 degC", "airflow_rated": "60 m**3/s", "fan_power_rated": "18 kW",
                      "pad_efficiency": "85 %", "dp_rated": "60 kPa"})
        crahs.append({"id": f"{fid}.crah", "model": "crah-150kw", "hall": hall, "bus": "lv-a",
                      "count": -(-tcs_per_facility * racks_per_tcs * 15 // 150) + 1})
        for t in range(1, tcs_per_facility + 1):
            tid = f"tcs-{f:02d}-{t}"
            loops.append({"id": tid, "kind": "tcs", "coolant": "PG25",
                          "main": {"length": "25 m", "diameter": "336.6 mm",
                                   "fittings": {"elbow_90_standard": 6, "gate_valve": 1}},
                          "header": {"length": "0.6 m", "diameter": "336.6 mm"},
                          "branch": {"length": "4 m", "diameter": "52.5 mm",
                                     "fittings": {"elbow_90_standard": 2, "ball_valve": 1}},
                          "static_pressure": "200 kPa"})
            for k in range(1, cdus_per_tcs + 1):
                cdus.append({"id": f"cdu-{f:02d}-{t}-{k}", "model": "coolit-chx2000", "facility_loop": fid,
                             "tcs_loop": tid, "bus": "lv-a", "hall": hall})
            count = racks_per_tcs + ((t % 5) - 2 if varied else 0)
            racks.append({"id": f"r-{f:02d}-{t}", "model": "gb300-nvl72", "count": count,
                          "feeds": ["lv-a", "lv-b"], "tcs_loop": tid, "hall": hall})
    return {"version": 1,
            "site": {"name": "Benchmark campus", "climate": "moses-lake-wa", "altitude": "356 m"},
            "utility": {"id": "utility", "bus": "mv", "voltage": "34.5 kV", "capacity": "450 MVA", "sk": "4000 MVA"},
            "electrical": {"buses": [{"id": "mv", "voltage": "34.5 kV", "kind": "switchgear"},
                                     {"id": "lv-a", "voltage": "415 V", "kind": "switchboard"},
                                     {"id": "lv-b", "voltage": "415 V", "kind": "switchboard"}]},
            "loads": {"racks": racks},
            "cooling": {"loops": loops, "cdus": cdus, "pumps": pumps, "heat_rejection": units, "crahs": crahs},
            "halls": halls,
            "goal": {"rack_model": "gb300-nvl72", "count": sum(r["count"] for r in racks)}}


def campus_design(**sizes):
    """The campus as a validated :class:`~retrofit.model.Design` (catalog models resolved)."""
    return load_data(campus_data(**sizes), SourceMap("benchmark-campus", {}, {}))


def water_networks(design) -> list[HydraulicNetwork]:
    """Every facility and TCS loop of ``design`` as the analysis builds it, with water at 20 degC."""
    w = coolant("water")
    rho, cp = float(w.density(T_WATER_K)), float(w.specific_heat(T_WATER_K))
    duties = rack_duties(design)
    nets = []
    for loop in design.cooling.loops:
        if loop.kind == "facility":
            nets.append(facility_network(design, loop, rho, cp))
        else:
            cdus = [c for c in design.cooling.cdus if c.tcs_loop == loop.id]
            nets.append(tcs_network(loop, cdus, duties.get(loop.id, []), rho))
    return nets


def merge(networks: list[HydraulicNetwork]) -> HydraulicNetwork:
    """Disjoint networks (each with its own fixed head) as one network."""
    node_offset = np.cumsum([0] + [n.node_count for n in networks[:-1]])
    link_offset = np.cumsum([0] + [n.link_count for n in networks[:-1]])

    def cat(name):
        return np.concatenate([getattr(n, name) for n in networks])
    return HydraulicNetwork(
        node_ids=sum((n.node_ids for n in networks), ()), elevation=cat("elevation"), demand=cat("demand"),
        fixed_head=cat("fixed_head"), link_ids=sum((n.link_ids for n in networks), ()), kind=cat("kind"),
        start_node=np.concatenate([n.start_node + o for n, o in zip(networks, node_offset)]),
        end_node=np.concatenate([n.end_node + o for n, o in zip(networks, node_offset)]),
        length=cat("length"), diameter=cat("diameter"), roughness=cat("roughness"), minor_loss=cat("minor_loss"),
        resistance=cat("resistance"), dp_linear=cat("dp_linear"), dp_quadratic=cat("dp_quadratic"),
        is_open=cat("is_open"), pump_link=np.concatenate([n.pump_link + o for n, o in zip(networks, link_offset)]),
        pump_curves=sum((n.pump_curves for n in networks), ()), speed_ratio=cat("speed_ratio"),
        parallel_count=cat("parallel_count"), check_valve=cat("check_valve"),
        motor_efficiency=cat("motor_efficiency"), drive_efficiency=cat("drive_efficiency"))


def _best(function, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return min(times), value


def time_analysis(design, repeat: int, reuse: bool = True) -> tuple[dict, dict]:
    """Best time of each stage of analyze_cooling [s], and the results of the last run."""
    best: dict[str, float] = {}
    results = None
    for _ in range(repeat):
        marks = [("start", time.perf_counter())]
        case = an.prepare_cooling(design, reuse=reuse)
        marks.append(("preparation", time.perf_counter()))
        hydraulics = an.solve_hydraulics(case)
        marks.append(("hydraulics of every loop", time.perf_counter()))
        plants = an.solve_plants(case, hydraulics)
        marks.append(("plant balance", time.perf_counter()))
        redundancy = an.solve_redundancy(case, hydraulics, plants)
        marks.append(("N+1", time.perf_counter()))
        results = an.cooling_results(case, hydraulics, plants, redundancy)
        marks.append(("results", time.perf_counter()))
        for (_, t0), (name, t1) in zip(marks, marks[1:]):
            best[name] = min(best.get(name, np.inf), t1 - t0)
        best["total"] = min(best.get("total", np.inf), marks[-1][1] - marks[0][1])
    return best, results


def time_water_network(design, repeat: int) -> dict:
    """Our solver and WNTR/EPANET on the campus's loops with water: times [s], sizes, agreement."""
    w = coolant("water")
    rho, mu = float(w.density(T_WATER_K)), float(w.viscosity(T_WATER_K))
    t_build, networks = _best(lambda: water_networks(design), 1)
    merged = merge(networks)
    t_ours, ours = _best(lambda: solve_network(merged, rho, mu, friction_method="swamee_jain",
                                               gravity=EPANET_GRAVITY), repeat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # WNTR warns that switching to D-W does not convert roughness
        t_model, wn = _best(lambda: to_wntr(merged, rho, mu / rho, EPANET_GRAVITY), repeat)
        with tempfile.TemporaryDirectory() as directory:
            t_epanet, (flows, heads) = _best(lambda: run_epanet(wn, Path(directory)), repeat)
    peer = np.array([flows[k] for k in merged.link_ids])
    moving = np.abs(peer) > 1e-6
    return {"nodes": merged.node_count, "links": merged.link_count, "networks": len(networks),
            "build_networks_s": t_build, "ours_s": t_ours, "ours_converged": ours.converged,
            "ours_iterations": ours.iterations, "wntr_model_s": t_model, "epanet_run_s": t_epanet,
            "max_flow_deviation": float(np.max(np.abs(ours.flow[moving] - peer[moving]) / np.abs(peer[moving]))),
            "max_head_deviation_m": float(max(abs(ours.node_head(n) - heads[n]) for n in merged.node_ids))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facility-loops", type=int, default=10)
    parser.add_argument("--tcs-per-facility", type=int, default=5)
    parser.add_argument("--cdus-per-tcs", type=int, default=5)
    parser.add_argument("--racks-per-tcs", type=int, default=50)
    parser.add_argument("--varied", action="store_true", help="make every loop different (no reuse across loops)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="also solve everything from scratch and compare")
    args = parser.parse_args(argv)
    sizes = {"facility_loops": args.facility_loops, "tcs_per_facility": args.tcs_per_facility,
             "cdus_per_tcs": args.cdus_per_tcs, "racks_per_tcs": args.racks_per_tcs, "varied": args.varied}
    t_design, design = _best(lambda: campus_design(**sizes), 1)
    c = design.cooling
    racks = sum(g.count for g in design.loads.racks)
    print(f"campus: {len([l for l in c.loops if l.kind == 'facility'])} facility loops, "
          f"{len([l for l in c.loops if l.kind == 'tcs'])} TCS loops, {len(c.cdus)} CDUs, {racks} GB300 racks, "
          f"{sum(u.count for u in c.heat_rejection)} coolers{'; every loop different' if args.varied else ''}; "
          f"design built and validated in {t_design:.2f} s")
    print(f"machine: {os.cpu_count()} cores; one process; best of {args.repeat}")
    stages, results = time_analysis(design, args.repeat)
    print("analyze_cooling:")
    for name, seconds in stages.items():
        print(f"  {name:<26}{seconds:8.3f} s")
    n_plus_1 = sum(len(r["cdu_out"]) + len(r["pump_out"]) + len(r["unit_out"]) for r in results["redundancy"].values())
    heat = sum(p[results["design_basis"]]["heat_load_kw"] for p in results["plants"].values())
    print(f"  {n_plus_1} N+1 cases; heat rejected {heat / 1e3:,.1f} MW; "
          f"N+1 holds on {sum(r['n_plus_1_ok'] for r in results['redundancy'].values())} of "
          f"{len(results['redundancy'])} facility loops; cooling power {results['cooling_power_kw'] / 1e3:,.2f} MW")
    water = time_water_network(design, args.repeat)
    print(f"equivalent water network: {water['networks']} loops, {water['nodes']} nodes, {water['links']} links")
    print(f"  ours (global gradient)    {water['ours_s']:8.3f} s  ({water['ours_iterations']} iterations)")
    print(f"  WNTR model (to_wntr)      {water['wntr_model_s']:8.3f} s")
    print(f"  EPANET 2.2 run via WNTR   {water['epanet_run_s']:8.3f} s")
    wntr_total = water["wntr_model_s"] + water["epanet_run_s"]
    print(f"  our solve is {water['epanet_run_s'] / water['ours_s']:.1f}x faster than the EPANET run and "
          f"{wntr_total / water['ours_s']:.1f}x faster than WNTR in all ({wntr_total:.3f} s)")
    print(f"  analyze_cooling's hydraulics (build and solve every loop) {stages['hydraulics of every loop']:.3f} s; "
          f"the whole analysis (hydraulics, plant balance at {len(results['ambients'])} ambients, "
          f"{n_plus_1} N+1 cases) "
          f"{stages['total']:.3f} s = {stages['total'] / wntr_total:.2f} x WNTR's hydraulics alone")
    print(f"  agreement: flows within {100 * water['max_flow_deviation']:.3f} %, "
          f"heads within {water['max_head_deviation_m']:.4f} m")
    if args.check:
        start = time.perf_counter()
        scratch = an.analyze_cooling(design, reuse=False)
        seconds = time.perf_counter() - start
        same = results_json(scratch) == results_json(results)
        print(f"from scratch (reuse=False): {seconds:.2f} s; results identical: {same}")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
