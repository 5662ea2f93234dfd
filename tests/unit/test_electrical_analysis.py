"""Unit tests of the design-level electrical analysis: the JSON of ``analyze_electrical`` and the N-1.

Designs are variants of the pilot hall (examples/pilot-hall) written inline, each changing one thing:
a load that breaks the 125 % rule, a breaker or a bus rated below the fault duty, both feeds of a row
on one side, a tighter contingency loading limit, transformers too small to carry an outage. The N-1
fast path (backward/forward sweep on the radial network) is compared with the full Newton re-solve
on every outage of the pilot and of a generated 128-rack campus (``benchmarks/electrical.py``).
"""
from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retrofit
from retrofit.electrical.analysis import analyze_electrical
from retrofit.electrical.contingency import (RadialSweep, contingency_context, outage_flow, plan_outages,
                                             run_contingencies)
from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder, take_out_of_service
from retrofit.errors import UnknownMethod
from retrofit.topology import power_graph

from benchmark_campus import campus_yaml
from pilot_variant import BASE, design, element, unchecked

SQRT3 = math.sqrt(3.0)


@pytest.fixture(scope="module")
def pilot():
    return analyze_electrical(design())


@pytest.fixture(scope="module")
def campus():
    return retrofit.load_text(campus_yaml(halls=1, feeders_per_side=2, blocks_per_feeder=2), "campus.yaml")


# --- load flow, utility, racks ----------------------------------------------------------------------

def test_pilot_solves_and_reports_every_bus_and_branch(pilot):
    lf = pilot["load_flow"]
    assert pilot["solved"] and lf["converged"] and lf["max_mismatch_pu"] < 1e-8
    assert set(lf["buses"]) == {b["id"] for b in BASE["electrical"]["buses"]}
    assert lf["buses"]["mv-main"]["vm_pu"] == 1.0
    assert lf["branches"]["tx-a"]["kind"] == "transformer" and lf["branches"]["busway-a1"]["kind"] == "busway"
    # the slack delivers the loads and the losses
    racks_kw = 12 * 155.0  # gb300-nvl72 p_peak, the default sizing basis
    assert lf["slack_p_kw"] == pytest.approx(racks_kw + 12.0 + 40.0 + lf["losses_kw"], abs=0.01)


def test_utility_demand_against_capacity():
    def small(data):
        data["utility"]["capacity"] = "1.5 MVA"
    u = analyze_electrical(design(small), contingencies=False)["utility"]
    assert u["capacity_kva"] == 1500.0 and u["ok"] is False
    assert u["loading_percent"] == pytest.approx(100 * u["demand_kva"] / 1500.0, abs=1e-3)
    assert u["demand_kva"] == pytest.approx(math.hypot(u["demand_kw"], u["demand_kva"] * math.sin(math.acos(
        u["demand_kw"] / u["demand_kva"]))), rel=1e-9)


def test_racks_report_each_feed_voltage_and_drop(pilot):
    rack = pilot["racks"]["row-2.06"]
    assert rack["group"] == "row-2" and rack["model"] == "gb300-nvl72"
    a = rack["feeds"]["A"]
    assert a["bus"] == "bw-a2" and a["system"] == "wye_4w"
    assert a["v_ln_v"] == pytest.approx(a["v_ll_v"] / SQRT3, abs=0.01)
    bus = pilot["load_flow"]["buses"]["bw-a2"]
    assert a["vm_pu"] == bus["vm_pu"] and a["vd_total_percent"] == pytest.approx(100 * (1 - bus["vm_pu"]), abs=1e-4)


# --- feeders: NEC 215.2(A)(1) and 240.4 ----------------------------------------------------------------

def test_feeder_ampacity_and_125_percent_rule(pilot):
    cable = pilot["feeders"]["c-mech-a"]
    # 500 kcmil Cu, 90 degC insulation capped at the 75 degC terminations (110.14(C)): 380 A
    assert cable["table_a"] == 430.0 and cable["ampacity_a"] == 380.0 and cable["limited_by"] == "termination"
    assert cable["required_a"] == pytest.approx(1.25 * cable["i_a"], abs=0.01)
    assert cable["ok"] and cable["ocpd"] == "cb-mech-a" and cable["ocpd_protects_conductor"]
    # medium-voltage cables are rated too (NEC 315.60, retrofit.electrical.mv_ampacity), no longer left unevaluated
    mv = pilot["feeders"]["c-mv-a"]
    assert "diagnosis" not in mv and mv["table"].startswith("Table 315.60") and mv["ok"]


def test_feeder_carrying_less_than_its_ampacity_still_fails_at_125_percent():
    def heavy(data):  # ~330 A continuous on 380 A conductors: under the ampacity, over it at 125 %
        element(data, "loads", "other", "lighting")["p"] = "225 kW"
    cable = analyze_electrical(design(heavy), contingencies=False)["feeders"]["c-mech-a"]
    assert cable["i_a"] < cable["ampacity_a"] < cable["required_a"]
    assert cable["ampacity_ok"] is False and cable["ok"] is False
    assert cable["ocpd_covers_load"] is False  # the 400 A breaker is below 1.25 x the load too
    assert "215.2(A)(1)" in cable["diagnosis"]


def test_breaker_larger_than_the_conductor_allows():
    def big(data):  # 240.4(B): next standard size above 380 A is 400 A, not 600 A
        element(data, "electrical", "breakers", "cb-mech-a")["rating"] = "600 A"
    cable = analyze_electrical(design(big), contingencies=False)["feeders"]["c-mech-a"]
    assert cable["ampacity_ok"] is True and cable["ocpd_protects_conductor"] is False and cable["ok"] is False
    assert "240.4" in cable["diagnosis"]


def test_busway_rating_against_125_percent_of_its_current():
    def small(data):
        element(data, "electrical", "busways", "busway-a1")["rating"] = "800 A"
    bw = analyze_electrical(design(small), contingencies=False)["feeders"]["busway-a1"]
    assert bw["rating_a"] == 800.0 and bw["i_a"] < 800.0 < bw["required_a"]
    assert bw["required_a"] == pytest.approx(1.25 * bw["i_a"], abs=0.01)
    assert bw["ampacity_ok"] is False and bw["ok"] is False


# --- short circuit and device duty ------------------------------------------------------------------

def test_breaker_duty_flags(pilot):
    devices = pilot["short_circuit"]["devices"]
    main = devices["cb-main-a"]
    assert main["bus"] == "swbd-a" and main["ik3_ka"] == pilot["short_circuit"]["buses"]["swbd-a"]["ik3_ka"]
    # LVPCB tested at X/R 6.6 (15 % pf); the system X/R is higher, so the duty is raised
    assert main["test_xr_ratio"] == pytest.approx(6.591, abs=1e-3) and main["xr_ratio"] > main["test_xr_ratio"]
    assert main["multiplying_factor"] > 1.0
    assert main["duty_ka"] == pytest.approx(main["ik3_ka"] * main["multiplying_factor"], rel=1e-4)
    assert main["ok"] and main["duty_ratio"] == pytest.approx(main["duty_ka"] / 65.0, abs=1e-4)
    # an MCCB is tested at a lower X/R (20 % pf above 20 kA): larger factor at the same bus
    assert devices["cb-mech-a"]["multiplying_factor"] > main["multiplying_factor"]
    for plain in ("cb-mv-a", "fu-mech-b"):  # MV breaker and fuse: symmetrical current against the rating
        assert devices[plain]["multiplying_factor"] == 1.0 and devices[plain]["test_xr_ratio"] is None
        assert devices[plain]["duty_ka"] == devices[plain]["ik3_ka"]


def test_breaker_and_bus_rated_below_the_fault():
    def weak(data):
        element(data, "electrical", "breakers", "cb-main-a")["interrupting"] = "42 kA"
        element(data, "electrical", "buses", "swbd-a")["sccr"] = "42 kA"
    sc = analyze_electrical(design(weak), contingencies=False)["short_circuit"]
    main = sc["devices"]["cb-main-a"]
    assert main["ok"] is False and main["duty_ratio"] > 1.0 and main["interrupting_ka"] == 42.0
    bus = sc["buses"]["swbd-a"]
    assert bus["sccr_ok"] is False and bus["sccr_ratio"] == pytest.approx(bus["ik3_ka"] / 42.0, abs=1e-4)
    assert sc["devices"]["cb-bw-a1"]["ok"] is True  # 65 kA devices on the same bus are fine


# --- redundancy -----------------------------------------------------------------------------------

def test_redundancy_verdicts(pilot):
    assert all(r["meets_policy"] and r["independent"] for r in pilot["redundancy"].values())

    def same_side(data):
        element(data, "loads", "racks", "row-2")["feeds"] = ["bw-a2", "bw-a1"]
    red = analyze_electrical(design(same_side), contingencies=False)["redundancy"]
    assert red["row-1.01"]["meets_policy"] is True
    r = red["row-2.01"]
    assert r["meets_policy"] is False and r["independent"] is False
    assert r["shared_by_paths"] == ["c-mv-a", "mv-a", "swbd-a", "tx-a"]
    assert r["single_points_of_failure"] == ["c-mv-a", "mv-a", "swbd-a", "tx-a"]


# --- contingencies --------------------------------------------------------------------------------

def test_contingency_of_a_transformer(pilot):
    n1 = pilot["contingencies"]
    # Criteria default: 100 % of the rating derated for the design ambient (retrofit.electrical.ratings)
    assert n1["limits"]["max_transformer_percent"] == pilot["ratings"]["tx-a"]["contingency_limit_percent"] < 100.0
    tx = n1["outages"]["tx-a"]
    assert tx["lost_buses"] == ["bw-a1", "bw-a2", "mech-a", "swbd-a"] and tx["lost_loads"] == ["lighting"]
    assert tx["racks_lost"] == 0 and tx["racks_single_fed"] == 12
    # every rack now draws its full power from B: tx-b carries about twice its normal load
    normal = pilot["load_flow"]["branches"]["tx-b"]["loading_percent"]
    assert tx["max_loading_element"] == "tx-b" and 1.9 * normal < tx["max_loading_percent"] < 2.1 * normal
    assert tx["min_vm_bus"] == "bw-b2" and tx["ok"] and tx["violations"] == []
    busway = n1["outages"]["busway-a1"]
    assert busway["lost_buses"] == ["bw-a1"] and busway["racks_single_fed"] == 6


def test_contingency_of_the_service_bus_loses_every_rack(pilot):
    out = pilot["contingencies"]["outages"]["mv-main"]
    assert out["racks_lost"] == 12 and out["ok"] is False
    assert out["violations"] == ["12 rack(s) lose every feed"]
    assert set(out["lost_loads"]) == {"lighting", "pumps-b"}


def test_contingency_limits_come_from_the_criteria():
    # tx-b carries 79.8 % after tx-a's outage; its derated rating at the 42.5 degC design ambient is 88.9 %
    def tight(data):
        data["goal"]["criteria"] = {"max_transformer_loading_contingency": "85 %"}
    n1 = analyze_electrical(design(tight))["contingencies"]
    limit = n1["limits"]["max_transformer_percent"]
    assert limit == pytest.approx(0.85 * analyze_electrical(design())["ratings"]["tx-b"]["derated_rating_percent"], abs=0.01)
    tx = n1["outages"]["tx-a"]
    assert tx["ok"] is False and len(tx["violations"]) == 1
    assert tx["violations"][0].startswith("tx-b loaded ") and tx["violations"][0].endswith(f" % > {limit:.0f} %")


def test_contingency_voltage_violations_and_voltage_collapse():
    def small(kva):
        def change(data):
            for t in data["electrical"]["transformers"]:
                t["rating"] = f"{kva} kVA"
        return change
    sagging = analyze_electrical(design(small(500)))["contingencies"]["outages"]["tx-a"]
    assert sagging["converged"] and sagging["min_vm_pu"] < 0.90
    assert "bw-b2 at " in " ".join(sagging["violations"]) and "outside 0.900–1.060 pu" in sagging["violations"][-1]
    # 1.9 MW on one 300 kVA transformer has no operating point: the sweep gives up, Newton diagnoses it
    collapsed = analyze_electrical(design(small(300)))["contingencies"]["outages"]["tx-a"]
    assert collapsed["converged"] is False and collapsed["ok"] is False
    assert "voltage collapse" in collapsed["diagnosis"]
    assert collapsed["violations"][0].startswith("load flow did not converge")


def test_lost_loads_are_loads_not_pdus(campus):
    dg = build_design_grid(campus)
    by_element = {o.element: o for o in plan_outages(campus, dg)}
    busway = by_element["busway-h1-a1-01-r1"]
    assert busway.lost_loads == []  # the tap-off boxes below it are lost, but they are not loads
    assert busway.racks_single_fed == 8 and busway.racks_lost == 0
    assert "pdu-h1-f1-01-r1-1-a" in busway.lost_buses
    tap = by_element["tap-h1-f1-01-r1-1-a"]
    assert tap.lost_buses == ["pdu-h1-f1-01-r1-1-a"] and tap.racks_single_fed == 1
    assert tap.out_lines.size == 0 and tap.out_transformers.size == 0 and tap.dead_rows.size == 1
    mech = by_element["c-mech-h1-b2-02"]
    assert mech.lost_loads == ["cdu-h1-b2-02"]


# --- the fast path against the full Newton re-solve ----------------------------------------------

def _compare_every_outage(d):
    dg = build_design_grid(d)
    base = solve_load_flow(dg.grid)
    fast = contingency_context(dg, base)
    full = contingency_context(dg, base, method="newton")
    assert fast.sweep is not None and full.sweep is None
    outages = plan_outages(d, dg)
    flows = {}
    for outage in outages:
        a, b = outage_flow(fast, outage), outage_flow(full, outage)
        flows[outage.element] = a
        assert a.method == "radial" and b.method == "newton" and a.converged and b.converged
        assert np.array_equal(np.isnan(a.vm_pu), np.isnan(b.vm_pu))
        assert np.nan_to_num(a.vm_pu) == pytest.approx(np.nan_to_num(b.vm_pu), abs=1e-6)
        assert np.nan_to_num(a.va_deg) == pytest.approx(np.nan_to_num(b.va_deg), abs=1e-4)
        assert a.line_loading_percent == pytest.approx(b.line_loading_percent, abs=1e-3)
        assert a.transformer_loading_percent == pytest.approx(b.transformer_loading_percent, abs=1e-3)
    limits = {"max_loading_percent": 100.0, "max_transformer_percent": 120.0, "v_min_pu": 0.9, "v_max_pu": 1.06}
    fast_results = run_contingencies(d, dg, base, limits=limits)
    full_results = run_contingencies(d, dg, base, limits=limits, method="newton")
    assert [r.element for r in fast_results] == [o.element for o in outages]
    for a, b in zip(fast_results, full_results):
        assert (a.lost_buses, a.lost_loads, a.racks_lost, a.racks_single_fed, a.converged) == (
            b.lost_buses, b.lost_loads, b.racks_lost, b.racks_single_fed, b.converged)
        assert a.max_loading_percent == pytest.approx(b.max_loading_percent, abs=1e-3, nan_ok=True)
        assert a.min_vm_pu == pytest.approx(b.min_vm_pu, abs=1e-6, nan_ok=True)
        # the same extreme elements, unless two elements tie within the solver tolerance
        flow = flows[a.element]
        loading = dict(zip(dg.grid.lines.ids + dg.grid.transformers.ids,
                           np.concatenate([flow.line_loading_percent, flow.transformer_loading_percent])))
        assert a.max_loading_element == b.max_loading_element or (
            abs(loading[b.max_loading_element] - a.max_loading_percent) < 1e-6)
        assert a.min_vm_bus == b.min_vm_bus or (
            abs(flow.vm_pu[dg.grid.bus_index(b.min_vm_bus)] - a.min_vm_pu) < 1e-9)
        assert a.violations == b.violations
    return len(outages)


def test_fast_path_equals_full_resolve_on_the_pilot():
    assert _compare_every_outage(retrofit.load(Path(__file__).resolve().parents[2] / "examples" / "pilot-hall"
                                               / "design.yaml")) == 15


def test_fast_path_equals_full_resolve_with_a_bus_islanded_in_the_intact_network():
    def orphan(data):
        data["electrical"]["buses"].append({"id": "orphan", "voltage": "415 V", "kind": "node"})
        data["loads"]["other"].append({"id": "stranded", "bus": "orphan", "p": "1 kW"})
        data["loads"]["racks"].append({**element(data, "loads", "racks", "row-2"), "id": "row-3", "count": 2,
                                       "feeds": ["orphan", "bw-b2"]})
    d = unchecked(orphan)
    assert _compare_every_outage(d) == 15
    outage = analyze_electrical(d)["contingencies"]["outages"]["busway-b2"]
    assert outage["racks_lost"] == 2 and outage["lost_loads"] == ["stranded"]


def test_fast_path_equals_full_resolve_on_a_generated_campus(campus):
    # 64 racks on 8 unit substations: 1 + 8 + 8 + 8 + 16 + 16 + 128 = 185 outages
    assert _compare_every_outage(campus) == 185


def test_parallel_executors_give_the_serial_results(campus):
    dg = build_design_grid(campus)
    base = solve_load_flow(dg.grid)
    graph = power_graph(campus)
    serial = [r.as_json() for r in run_contingencies(campus, dg, base, graph=graph)]
    with ThreadPoolExecutor(2) as pool:
        assert [r.as_json() for r in run_contingencies(campus, dg, base, graph=graph, executor=pool,
                                                       chunk_size=7)] == serial
    with ProcessPoolExecutor(2) as pool:
        assert [r.as_json() for r in run_contingencies(campus, dg, base, graph=graph, executor=pool)] == serial


def test_unknown_contingency_method():
    dg = build_design_grid(design())
    with pytest.raises(UnknownMethod, match="known: auto, radial, newton"):
        contingency_context(dg, solve_load_flow(dg.grid), method="fast")


# --- the sweep solver on networks built directly ----------------------------------------------------

def radial_grid():
    """13.8 kV feeder with charging, a tapped transformer with magnetising, LV cables, a capacitor."""
    b = GridBuilder(frequency_hz=60.0)
    for bus, vn in (("MV", 13.8e3), ("MV2", 13.8e3), ("LV", 415.0), ("R1", 415.0), ("R2", 415.0)):
        b.add_bus(bus, vn)
    b.add_source("utility", "MV", sk_max_va=250e6, vm_pu=1.02, va_deg=-5.0)
    b.add_line("MVC", "MV", "MV2", r_ohm=0.05, x_ohm=0.06, b_s=2e-5, i_max_a=400.0)
    b.add_transformer("T", "MV2", "LV", sn_va=2.5e6, vn_hv_v=13.8e3, vn_lv_v=420.0, vk_percent=5.75,
                      vkr_percent=0.9, p0_w=3.2e3, i0_percent=0.4, tap_ratio=0.975)
    b.add_line("C1", "LV", "R1", r_ohm=1.2e-3, x_ohm=0.8e-3, i_max_a=1000.0)
    b.add_line("C2", "R1", "R2", r_ohm=1.2e-3, x_ohm=0.8e-3, i_max_a=1000.0)
    b.add_load("L1", "R1", p_w=800e3, q_var=160e3)
    b.add_load("L2", "R2", p_w=700e3, q_var=140e3)
    b.add_shunt("CAP", "LV", q_var=-200e3)
    return b.build()


def test_sweep_reproduces_newton_with_taps_magnetising_charging_and_shunts():
    grid = radial_grid()
    newton = solve_load_flow(grid)
    sweep = RadialSweep.prepare(grid, newton.v_pu * 0 + 1.0)  # flat start: a harder test than a warm one
    flow = sweep.solve(np.array([], dtype=int), grid.loads.p_w, grid.loads.q_var, tol=1e-10)
    assert flow.converged and flow.max_mismatch_pu <= 1e-10
    assert flow.vm_pu == pytest.approx(newton.vm_pu, abs=1e-9)
    assert flow.va_deg == pytest.approx(newton.va_deg, abs=1e-7)
    assert flow.line_loading_percent == pytest.approx(newton.lines.loading_percent, rel=1e-8)
    assert flow.transformer_loading_percent == pytest.approx(newton.transformers.loading_percent, rel=1e-8)


def test_sweep_outage_islands_the_buses_below():
    grid = radial_grid()
    base = solve_load_flow(grid)
    flow = RadialSweep.prepare(grid, base).solve(np.array([2]), grid.loads.p_w, grid.loads.q_var)  # C2
    assert flow.converged and np.isnan(flow.vm_pu[4]) and not np.isnan(flow.vm_pu[3])
    assert flow.line_loading_percent[2] == 0.0
    flat = RadialSweep.prepare(grid, np.ones(grid.n_bus, complex))
    stopped = flat.solve(np.array([], dtype=int), grid.loads.p_w, grid.loads.q_var, max_sweeps=1)
    assert stopped.converged is False and stopped.diagnosis.startswith("backward/forward sweep stopped after 1 sweeps")


def test_sweep_declines_meshed_networks_and_pv_generators():
    grid = radial_grid()
    base = solve_load_flow(grid)
    assert RadialSweep.prepare(grid, base) is not None
    b = GridBuilder()
    for bus in ("A", "B", "C"):
        b.add_bus(bus, 415.0)
    b.add_source("s", "A", sk_max_va=50e6)
    b.add_line("AB", "A", "B", r_ohm=1e-3, x_ohm=1e-3)
    b.add_line("BC", "B", "C", r_ohm=1e-3, x_ohm=1e-3)
    b.add_line("CA", "C", "A", r_ohm=1e-3, x_ohm=1e-3)
    meshed = b.build()
    assert RadialSweep.prepare(meshed, np.ones(3, complex)) is None
    b.add_generator("g", "C", p_w=10e3, vm_pu=1.0)
    b2 = GridBuilder()
    for bus in ("A", "B"):
        b2.add_bus(bus, 415.0)
    b2.add_source("s", "A", sk_max_va=50e6)
    b2.add_line("AB", "A", "B", r_ohm=1e-3, x_ohm=1e-3)
    b2.add_generator("g", "B", p_w=10e3, vm_pu=1.0)
    assert RadialSweep.prepare(b2.build(), np.ones(2, complex)) is None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.floats(0.2, 3.0), st.floats(0.0, 200e3), st.booleans()),
                min_size=1, max_size=25),
       st.integers(0, 25))
def test_sweep_equals_newton_on_random_radial_networks(buses, cut):
    """Random trees of 415 V cables below a tapped 13.8 kV transformer, one random branch out."""
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV", 13.8e3)
    b.add_bus("LV0", 415.0)
    b.add_source("utility", "MV", sk_max_va=250e6, vm_pu=1.01)
    b.add_transformer("T", "MV", "LV0", sn_va=3e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=6.0,
                      vkr_percent=0.8, p0_w=4e3, i0_percent=0.3, tap_ratio=0.975)
    for k, (parent, length_m, p_w, capacitor) in enumerate(buses, start=1):
        b.add_bus(f"LV{k}", 415.0)
        b.add_line(f"C{k}", f"LV{parent % k}", f"LV{k}", r_ohm=0.05e-3 * length_m, x_ohm=0.04e-3 * length_m,
                   b_s=1e-7 * length_m, i_max_a=2000.0)
        b.add_load(f"L{k}", f"LV{k}", p_w=p_w, q_var=0.2 * p_w)
        if capacitor:
            b.add_shunt(f"Q{k}", f"LV{k}", q_var=-20e3)
    grid = b.build()
    base = solve_load_flow(grid)
    assert base.converged
    sweep = RadialSweep.prepare(grid, base)
    out = np.array([cut % (len(buses) + 1)])  # lines first (C1..Cn), then the transformer
    flow = sweep.solve(out, grid.loads.p_w, grid.loads.q_var)
    lines = [grid.lines.ids[i] for i in out if i < len(grid.lines.ids)]
    newton = solve_load_flow(take_out_of_service(grid, lines or ["T"]), init=base)
    assert flow.converged and newton.converged
    assert np.array_equal(np.isnan(flow.vm_pu), np.isnan(newton.vm_pu))
    # both stop at a power mismatch of 1e-8 pu: up to ~1e-9 pu apart on a transformer loaded to 170 %
    assert np.nan_to_num(flow.vm_pu) == pytest.approx(np.nan_to_num(newton.vm_pu), abs=1e-7)
    assert flow.line_loading_percent == pytest.approx(newton.lines.loading_percent, abs=1e-5)
    assert flow.transformer_loading_percent == pytest.approx(newton.transformers.loading_percent, abs=1e-5)
