"""Phases follow the utility capacity schedule on a small site (two TCS loops, 5 MVA contracted).

The proposal is built once; :func:`staged_loops` is then asked for the stages under different capacity
schedules. The figures are those of the planner's own demand estimate (:func:`gpu_demand_va`): consistency
checks, not validation.
"""
from __future__ import annotations

import datetime as dt

import pytest

from retrofit.model.programme import ProgrammeSchedule
from retrofit.planning.phasing import capacity_steps, gpu_demand_va, phase_design, staged_loops

D1, D2 = dt.date(2027, 1, 1), dt.date(2027, 9, 1)


@pytest.fixture(scope="module")
def built(small_site):
    from retrofit.planning.context import site_context
    from retrofit.planning.planner import PlanOptions, build_and_verify

    ctx = site_context(small_site)
    _, proposal, _, _ = build_and_verify(ctx, None, PlanOptions(contingencies=False, phases=False))
    return small_site, proposal, ctx


def _with_steps(site, steps):
    sched = ProgrammeSchedule(start=D1, utility_capacity=[{"date": d, "capacity": c} for d, c in steps])
    return site.model_copy(update={"goal": site.goal.model_copy(update={"schedule": sched})})


def test_the_small_site_has_two_loops(built):
    _, proposal, _ = built
    assert [s.id for hc in proposal.cooling for s in hc.loops] == ["tcs-hall-1-1", "tcs-hall-1-2"]


def test_first_phase_fits_the_first_step(built):
    site, proposal, ctx = built
    existing = _with_steps(site, [(D1, "3 MVA"), (D2, "5 MVA")])
    assert capacity_steps(existing) == [(D1, 3e6), (D2, 5e6)]
    stages = staged_loops(existing, proposal, ctx)
    assert [(s["loops"], s["step_date"]) for s in stages] == [(["tcs-hall-1-1"], D1), (["tcs-hall-1-2"], D2)]
    first, _ = phase_design(existing, proposal, ctx, set(stages[0]["live"]))
    assert gpu_demand_va(first) <= 3e6
    assert gpu_demand_va(proposal.design) > 3e6      # the whole conversion would not have fitted the first step


def test_a_step_too_small_for_a_loop_adds_no_phase(built):
    site, proposal, ctx = built
    stages = staged_loops(_with_steps(site, [(D1, "1 MVA"), (D2, "5 MVA")]), proposal, ctx)
    assert [(s["loops"], s["step_date"]) for s in stages] == [(["tcs-hall-1-1", "tcs-hall-1-2"], D2)]


def test_without_a_schedule_the_whole_capacity_is_there_from_the_start(built):
    site, proposal, ctx = built
    assert capacity_steps(site) == [(None, 5e6)]
    stages = staged_loops(site, proposal, ctx)
    assert all(s["step_date"] is None for s in stages) and stages[-1]["live"] == ["tcs-hall-1-1", "tcs-hall-1-2"]
