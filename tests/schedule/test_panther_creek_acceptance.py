"""Panther Creek acceptance: the campus phases follow the utility capacity schedule its site file gives, the
schedule carries the catalog lead times, and the plan has a business case (slow: plans the campus)."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.io.load import load

SITE = Path(__file__).resolve().parents[2] / "examples" / "panther-creek-350mw" / "site.yaml"


@pytest.mark.slow
def test_panther_creek_phases_follow_the_utility_schedule():
    from retrofit.planning import PlanOptions, plan
    from retrofit.schedule.catalog_data import lead_times

    site = load(SITE)
    steps = [(s.date.isoformat(), s.capacity.to("kVA").magnitude) for s in site.goal.schedule.utility_capacity]
    assert len(steps) == 3 and steps[-1][1] == pytest.approx(site.utility.capacity.to("kVA").magnitude)
    result = plan(site, PlanOptions(contingencies=False))
    phases = result.phases
    assert [p["utility_step_date"] for p in phases] == [d for d, _ in steps]
    for p, (_, cap) in zip(phases, steps):
        assert p["gpu_demand_kva"] <= cap
        assert p["utility_capacity_for_gpu_kva"] == pytest.approx(cap)
    assert phases[0]["miners_kept"] > 0 and phases[0]["demising_walls"]
    schedule = result.schedule
    assert schedule["dated"] and schedule["start"] == site.goal.schedule.start.isoformat()
    weeks = {a["id"].split("-PROC-")[1]: a["duration_days"] / 7 for a in schedule["activities"] if "-PROC-" in a["id"]}
    table = lead_times()
    assert weeks and all(w == pytest.approx(table[c].weeks, abs=1 / 7) for c, w in weeks.items())
    ready = [p["ready_for_service"] for p in schedule["phases"]]
    assert ready == sorted(ready) and schedule["finish"] == ready[-1]
    business = result.business
    assert business["estimate"] and business["tornado"] and len(business["months"]) == 120
