"""Timing of the hydraulic kernels on a campus-scale coolant network.

Builds ``cdu_count`` technology cooling loops (TCS), each a closed loop behind one CDU: an expansion
tank, a pump group, the CDU's heat exchanger, supply and return headers and ``racks_per_cdu`` rack
branches (pipe, cold-plate component, pipe, balancing valve); and facility water loops (FWS) of up to
45 CDUs each, feeding every CDU's primary side from a pumped main with dry-cooler returns, as a
campus plant splits its CDUs between facility loops. Prints the sizes and the solve times, then the
same campus on a single facility loop, whose main is too small for more than about 45 CDUs: the far
CDUs get no flow, the zero-flow case of the solver. Run:
``python benchmarks/hydraulics_kernels.py [cdu_count] [racks_per_cdu]``.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace

import numpy as np

from retrofit.cooling.coolant import coolant
from retrofit.cooling.friction import friction_factor
from retrofit.cooling.hydraulic_network import NetworkBuilder
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.pumps import PumpCurve

STEEL_ROUGHNESS = 4.5e-5  # commercial steel [m]


#: CDUs on one facility water loop: the 720-rack network's loop (45 CDUs on a 0.8/0.6 m main) delivers
#: 1.2-1.4 times every CDU's design flow; one main along 450 CDUs delivers nothing to 257 of them
FACILITY_LOOP_CDUS = 45


def campus_network(cdu_count: int = 250, racks_per_cdu: int = 16, seed: int = 1, quadratic_pumps: bool = False,
                   cdus_per_facility_loop: int | None = FACILITY_LOOP_CDUS):
    """A campus-like network: ``cdu_count`` TCS loops on FWS loops of ``cdus_per_facility_loop`` CDUs
    (one FWS loop for all when None; see the module docstring)."""
    rng = np.random.default_rng(seed)
    b = NetworkBuilder()
    rack_flow = 0.0012  # ~72 L/min per GB300 NVL72 rack [m3/s]
    if quadratic_pumps:  # H = H0 - b Q^2 through three points, which EPANET's three-point curve fits exactly
        tcs_pump = replace(PumpCurve.from_points([0.0, 0.02, 0.035], [40.0, 33.6, 20.4], [0.3, 0.8, 0.6]),
                           linear_coefficient=0.0)
        fws_pump = replace(PumpCurve.from_points([0.0, 0.5, 1.0], [45.0, 40.0, 25.0], [0.3, 0.82, 0.6]),
                           linear_coefficient=0.0)
    else:
        tcs_pump = PumpCurve.from_points([0.0, 0.02, 0.035], [40.0, 34.0, 20.0], [0.3, 0.8, 0.6])
        fws_pump = PumpCurve.from_points([0.0, 0.5, 1.0], [45.0, 40.0, 25.0], [0.3, 0.82, 0.6])
    per_loop = cdu_count if cdus_per_facility_loop is None else cdus_per_facility_loop
    for first in range(0, cdu_count, per_loop):
        count = min(per_loop, cdu_count - first)
        f = "fws" if first == 0 else f"fws{first // per_loop}"
        # facility water: tank, pumps, a supply and a return main along this loop's row of CDUs
        b.add_fixed_head(f"{f}_tank", head=15.0, elevation=5.0)
        b.add_junction(f"{f}_suction")
        b.add_pipe(f"{f}_tank_pipe", f"{f}_tank", f"{f}_suction", 5.0, 0.3, STEEL_ROUGHNESS)
        b.add_junction(f"{f}_s0")
        b.add_pump(f"{f}_pumps", f"{f}_suction", f"{f}_s0", fws_pump, parallel_count=max(1, count // 25))
        b.add_junction(f"{f}_r0")
        b.add_component("dry_coolers" if first == 0 else f"{f}_dry_coolers", f"{f}_r0", f"{f}_suction",
                        dp_rated=80e3, flow_rated=0.02 * count)
        for i in range(count):
            sup, ret = f"{f}_s{i + 1}", f"{f}_r{i + 1}"
            b.add_junction(sup)
            b.add_junction(ret)
            main_d = 0.8 if i < count // 2 else 0.6
            b.add_pipe(f"{f}_sm{i}", f"{f}_s{i}", sup, 12.0, main_d, STEEL_ROUGHNESS, minor_loss=0.3)
            b.add_pipe(f"{f}_rm{i}", ret, f"{f}_r{i}", 12.0, main_d, STEEL_ROUGHNESS, minor_loss=0.3)
            b.add_component(f"cdu{first + i}_primary", sup, ret, dp_rated=60e3, flow_rated=0.018)
            _technology_loop(b, f"cdu{first + i}", racks_per_cdu, tcs_pump, rack_flow, rng)
    return b.build()


def _technology_loop(b, t, racks_per_cdu, tcs_pump, rack_flow, rng):
    """The technology cooling loop ``t`` behind one CDU: tank, pump, heat exchanger, headers, rack branches."""
    b.add_fixed_head(f"{t}_tank", head=20.0, elevation=3.0)
    b.add_junction(f"{t}_suction")
    b.add_pipe(f"{t}_tank_pipe", f"{t}_tank", f"{t}_suction", 2.0, 0.05, STEEL_ROUGHNESS)
    b.add_junction(f"{t}_discharge")
    b.add_pump(f"{t}_pump", f"{t}_suction", f"{t}_discharge", tcs_pump, speed_ratio=0.9 + 0.1 * rng.random())
    b.add_junction(f"{t}_s0")
    b.add_component(f"{t}_hx", f"{t}_discharge", f"{t}_s0", dp_rated=50e3, flow_rated=0.015)
    b.add_junction(f"{t}_r0")
    b.add_pipe(f"{t}_return", f"{t}_r0", f"{t}_suction", 10.0, 0.1, STEEL_ROUGHNESS, minor_loss=2.0)
    for r in range(racks_per_cdu):
        b.add_junction(f"{t}_s{r + 1}")
        b.add_junction(f"{t}_r{r + 1}")
        b.add_pipe(f"{t}_sh{r}", f"{t}_s{r}", f"{t}_s{r + 1}", 1.2, 0.1, STEEL_ROUGHNESS)
        b.add_pipe(f"{t}_rh{r}", f"{t}_r{r + 1}", f"{t}_r{r}", 1.2, 0.1, STEEL_ROUGHNESS)
        b.add_junction(f"{t}_in{r}")
        b.add_junction(f"{t}_out{r}")
        b.add_junction(f"{t}_v{r}")
        b.add_pipe(f"{t}_hose_in{r}", f"{t}_s{r + 1}", f"{t}_in{r}", 3.0, 0.032, STEEL_ROUGHNESS, minor_loss=1.5)
        b.add_component(f"{t}_rack{r}", f"{t}_in{r}", f"{t}_out{r}", dp_rated=(1.0 + 0.2 * rng.random()) * 30e3,
                        flow_rated=rack_flow, linear_fraction=0.3)
        b.add_pipe(f"{t}_hose_out{r}", f"{t}_out{r}", f"{t}_v{r}", 3.0, 0.032, STEEL_ROUGHNESS, minor_loss=1.5)
        b.add_valve(f"{t}_valve{r}", f"{t}_v{r}", f"{t}_r{r + 1}", 0.032, 2.0)


def main(argv):
    cdu_count = int(argv[1]) if len(argv) > 1 else 250
    racks = int(argv[2]) if len(argv) > 2 else 16
    pg25 = coolant("PG25")
    t_k = 308.15
    density, viscosity = pg25.density(t_k), pg25.viscosity(t_k)
    start = time.perf_counter()
    net = campus_network(cdu_count, racks)
    built = time.perf_counter()
    result = solve_network(net, density, viscosity)
    solved = time.perf_counter()
    warm = solve_network(net, density, viscosity, initial_flows=result.flow)
    rewarm = time.perf_counter()
    loops = net.link_count - net.node_count + int(np.count_nonzero(~np.isnan(net.fixed_head)))
    print(f"nodes {net.node_count}, links {net.link_count}, independent loops ~{loops}")
    print(f"build {built - start:.2f} s, solve {solved - built:.2f} s ({result.iterations} iterations, "
          f"converged {result.converged}, residual {result.residual:.1e} m), warm re-solve {rewarm - solved:.2f} s "
          f"({warm.iterations} iterations)")
    if cdu_count > FACILITY_LOOP_CDUS:
        single = campus_network(cdu_count, racks, cdus_per_facility_loop=None)
        t0 = time.process_time()
        starved = solve_network(single, density, viscosity)
        primary = np.array([starved.link_flow(f"cdu{c}_primary") for c in range(cdu_count)])
        print(f"one facility loop for all {cdu_count} CDUs: solve {time.process_time() - t0:.2f} s CPU "
              f"({starved.iterations} iterations); {np.count_nonzero(primary < 0.1 * 0.018)} CDUs get less "
              "than a tenth of their design flow")
    re = np.logspace(3.7, 7, 30000)
    t0 = time.perf_counter()
    friction_factor(re, 1e-4)
    print(f"Colebrook on 30,000 Reynolds numbers: {1e3 * (time.perf_counter() - t0):.1f} ms")
    t0 = time.perf_counter()
    pg25.viscosity(np.linspace(280.0, 330.0, 30000))
    print(f"PG25 viscosity on 30,000 temperatures: {1e3 * (time.perf_counter() - t0):.1f} ms")
    pump_flows = np.array([p.flow for p in result.pumps])
    preferred = sum(p.inside_preferred_region for p in result.pumps)
    print(f"pump groups {len(result.pumps)}, in preferred region {preferred}, "
          f"smallest group flow {pump_flows.min() * 6e4:.0f} L/min")
    if result.diagnosis:
        print("diagnosis:", result.diagnosis)


if __name__ == "__main__":
    main(sys.argv)
