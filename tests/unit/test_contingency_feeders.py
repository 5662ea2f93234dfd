"""The N-1 re-solves only the feeders an outage changes (``RadialSweep.solve_feeders``).

A feeder is a subtree hanging off a slack bus. Its equations hold nothing from other feeders but the
slack voltage, which no outage moves, so a feeder whose loads, shunts and branches an outage leaves alone
keeps the intact operating point exactly. These tests compare every outage of a generated campus (the
generator of ``benchmarks/electrical.py``) solved that way with a full Newton re-solve of the whole
network and with a sweep of the whole network: consistency checks of one solver against others, no
published values.
"""
from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrofit.electrical.contingency import (RadialSweep, contingency_context, outage_flow, plan_outages,
                                             run_contingencies)
from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.loadflow import solve_load_flow
from retrofit.electrical.network import GridBuilder

from benchmark_campus import small_campus


@pytest.fixture(scope="module")
def study():
    """Two halls, one A and one B feeder each with two unit substations, four racks per row: 4 feeders."""
    design = small_campus()
    dg = build_design_grid(design)
    base = solve_load_flow(dg.grid)
    return design, dg, base, plan_outages(design, dg)


def _changes(context, outage):
    rows, p, q = context.shares.changed(outage.dead_rows)
    n_line = len(context.grid.lines.ids)
    return np.concatenate([outage.out_lines, outage.out_transformers + n_line]), rows, p, q


def test_the_campus_has_one_feeder_per_mv_cable_run(study):
    design, dg, base, outages = study
    sweep = contingency_context(dg, base).sweep
    assert sweep.feeder_start.size == 4
    # the MV bus; per feeder 2 blocks of MV cable, transformer, switchboard, mechanical panel and its
    # cable, 2 busways; 2 halls x 2 blocks x 2 rows x 4 racks x 2 tap-off boxes
    assert len(outages) == 1 + 4 * 2 * 7 + 2 * 2 * 2 * 4 * 2


def test_every_outage_equals_the_full_newton_and_sweep_re_solves(study):
    design, dg, base, outages = study
    fast = contingency_context(dg, base)
    newton = contingency_context(dg, base, method="newton")
    sweep = fast.sweep
    worst = 0.0
    for outage in outages:
        a, b = outage_flow(fast, outage), outage_flow(newton, outage)
        out, *_ = _changes(fast, outage)
        c = sweep.solve(out, *fast.shares(outage.dead_rows))  # the whole network swept
        assert a.method == "radial" and b.method == "newton" and a.converged and b.converged and c.converged
        assert np.array_equal(np.isnan(a.vm_pu), np.isnan(b.vm_pu))
        for other in (b, c):
            dv = np.nanmax(np.abs(a.vm_pu - other.vm_pu))
            worst = max(worst, dv)
            assert dv <= 1e-9, outage.element
            assert np.nan_to_num(a.va_deg) == pytest.approx(np.nan_to_num(other.va_deg), abs=1e-7)
            assert a.line_loading_percent == pytest.approx(other.line_loading_percent, abs=1e-6)
            assert a.transformer_loading_percent == pytest.approx(other.transformer_loading_percent, abs=1e-6)
    assert worst > 0.0  # compared, not copied


def test_only_the_changed_feeders_are_re_solved(study):
    design, dg, base, outages = study
    context = contingency_context(dg, base)
    sweep = context.sweep
    by_element = {o.element: o for o in outages}
    tap = by_element["tap-h1-f1-01-r1-1-a"]  # the rack moves to its B feed: two feeders change
    out, rows, p, q = _changes(context, tap)
    feeders = sweep.touched_feeders(out, rows)
    assert feeders.size == 2
    flows = sweep.solve_feeders(feeders, [(out, rows, p, q)])
    assert flows.converged[0] and flows.buses.size < dg.grid.n_bus / 2
    flow = flows.flow(0)
    others = np.setdiff1d(np.arange(dg.grid.n_bus), flows.buses)
    assert np.array_equal(flow.vm_pu[others], sweep.base_flow.vm_pu[others])  # the intact state, untouched
    everything = _changes(context, by_element["mv-main"])
    assert sweep.touched_feeders(everything[0], everything[1]).size == 4


def test_outages_swept_together_equal_each_swept_alone(study):
    design, dg, base, outages = study
    context = contingency_context(dg, base)
    sweep = context.sweep
    changes = [_changes(context, o) for o in outages]
    feeders = np.unique(np.concatenate([sweep.touched_feeders(c[0], c[1]) for c in changes]))
    together = sweep.solve_feeders(feeders, changes)
    for r, change in enumerate(changes[::7]):
        alone = sweep.solve_feeders(sweep.touched_feeders(change[0], change[1]), [change]).flow(0)
        both = together.flow(7 * r)
        assert np.nan_to_num(both.vm_pu) == pytest.approx(np.nan_to_num(alone.vm_pu), abs=1e-12)


@pytest.mark.parametrize("limits", [
    {"max_loading_percent": 100.0, "max_transformer_percent": 120.0, "v_min_pu": 0.90, "v_max_pu": 1.06},
    # tight enough that the intact network breaks them in every feeder: verdicts merge intact and re-solved parts
    {"max_loading_percent": 20.0, "max_transformer_percent": 40.0, "v_min_pu": 0.995, "v_max_pu": 1.0},
])
def test_verdicts_equal_those_of_the_newton_re_solve(study, limits):
    design, dg, base, outages = study
    fast = run_contingencies(design, dg, base, limits=limits)
    full = run_contingencies(design, dg, base, limits=limits, method="newton")
    newton = contingency_context(dg, base, method="newton")
    names = dg.grid.lines.ids + dg.grid.transformers.ids
    for outage, a, b in zip(outages, fast, full):
        x, y = a.as_json(), b.as_json()
        if x["min_vm_bus"] != y["min_vm_bus"] or x["max_loading_element"] != y["max_loading_element"]:
            # two elements tie within the solver tolerance: either is the extreme
            flow = outage_flow(newton, outage)
            loading = np.concatenate([flow.line_loading_percent, flow.transformer_loading_percent])
            assert abs(flow.vm_pu[dg.grid.bus_index(a.min_vm_bus)] - b.min_vm_pu) < 1e-9
            assert abs(loading[names.index(a.max_loading_element)] - b.max_loading_percent) < 1e-6
            x["min_vm_bus"], x["max_loading_element"] = y["min_vm_bus"], y["max_loading_element"]
        assert x == y
    assert sum(len(r.violations) for r in fast) > (len(outages) if limits["v_max_pu"] == 1.0 else 0)


# --- the feeder sweep on random networks built directly -----------------------------------------------

@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.floats(0.2, 3.0), st.floats(0.0, 150e3)), min_size=2,
                max_size=24),
       st.integers(0, 10**6), st.lists(st.tuples(st.integers(0, 10**6), st.floats(0.0, 2.0)), max_size=4))
def test_feeder_sweep_equals_the_whole_sweep_on_random_feeders(buses, cut, scale):
    """Three transformers off a 13.8 kV slack bus, random 415 V trees below them, an open tie between two
    of them (out of service: it joins no feeder's equations), one random branch out and random loads
    changed: the feeders changed, re-solved, equal the whole network swept."""
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("MV", 13.8e3)
    b.add_source("utility", "MV", sk_max_va=250e6, vm_pu=1.01)
    for t in range(3):
        b.add_bus(f"LV{t}", 415.0)
        b.add_transformer(f"T{t}", "MV", f"LV{t}", sn_va=3e6, vn_hv_v=13.8e3, vn_lv_v=415.0, vk_percent=6.0,
                          vkr_percent=0.8, p0_w=4e3, i0_percent=0.3, tap_ratio=0.975 + 0.0125 * t)
    names = ["LV0", "LV1", "LV2"]
    for k, (parent, length_m, p_w) in enumerate(buses):
        name = f"B{k}"
        b.add_bus(name, 415.0)
        b.add_line(f"C{k}", names[parent % len(names)], name, r_ohm=0.05e-3 * length_m,
                   x_ohm=0.04e-3 * length_m, b_s=1e-7 * length_m, i_max_a=2000.0)
        b.add_load(f"L{k}", name, p_w=p_w, q_var=0.2 * p_w)
        names.append(name)
    b.add_line("TIE", "LV0", "LV1", r_ohm=1e-3, x_ohm=1e-3, i_max_a=1000.0, in_service=False)
    grid = b.build()
    base = solve_load_flow(grid)
    assert base.converged
    sweep = RadialSweep.prepare(grid, base)
    n_line = len(grid.lines.ids)
    out = np.array([cut % (n_line + 3)])
    rows = np.unique([r % len(buses) for r, _ in scale]).astype(np.int64)
    factor = dict((r % len(buses), f) for r, f in scale)
    p = grid.loads.p_w.copy()
    q = grid.loads.q_var.copy()
    p[rows] *= [factor[r] for r in rows]
    q[rows] *= [factor[r] for r in rows]
    whole = sweep.solve(out, p, q, tol=1e-10)
    feeders = sweep.touched_feeders(out, rows)
    part = sweep.solve_feeders(feeders, [(out, rows, p[rows], q[rows])], tol=1e-10)
    assert whole.converged and part.converged[0]
    flow = part.flow(0)
    assert np.array_equal(np.isnan(flow.vm_pu), np.isnan(whole.vm_pu))
    assert np.nan_to_num(flow.vm_pu) == pytest.approx(np.nan_to_num(whole.vm_pu), abs=1e-9)
    assert flow.line_loading_percent == pytest.approx(whole.line_loading_percent, abs=1e-6)
    assert flow.transformer_loading_percent == pytest.approx(whole.transformer_loading_percent, abs=1e-6)
    assert sweep.branch_home[n_line - 1] == -2  # the tie touches two feeders
