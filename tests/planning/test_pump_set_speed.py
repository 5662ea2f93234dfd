"""The planner's facility pump set for Washington runs at a sensible speed (consistency check of
retrofit.planning.build_cooling.select_pumps with the pump catalog): every set from MIN_SENSIBLE_SPEED to
MAX_DESIGN_SPEED (a speed reserve at design),
each running pump within PREFERRED_FLOW_RANGE of its best-efficiency flow at that speed, and the planner's
note gives the speed without the low-speed explanation."""
from __future__ import annotations

from retrofit.planning.build_cooling import MAX_DESIGN_SPEED, MIN_SENSIBLE_SPEED, PREFERRED_FLOW_RANGE
from retrofit.units import magnitude


def test_washington_pump_set_runs_at_a_sensible_speed(washington_plan):
    pumps = washington_plan.proposed.cooling.pumps
    assert pumps
    for p in pumps:
        assert MIN_SENSIBLE_SPEED <= magnitude(p.speed, "dimensionless") <= MAX_DESIGN_SPEED
    note = next(n for n in washington_plan.notes if "facility pumps set to" in n)
    speed = float(note.split("set to ")[1].split(" %")[0])
    assert speed >= MIN_SENSIBLE_SPEED * 100
    assert "suits the loop" not in note


def test_washington_pumps_run_near_their_best_efficiency_flow(washington_plan):
    loops = washington_plan.results["cooling"]["loops"]
    lo, hi = (100 * x for x in PREFERRED_FLOW_RANGE)
    checked = 0
    for p in washington_plan.proposed.cooling.pumps:
        bep = loops[p.loop]["pumps"][p.id]["bep_percent"]
        assert lo <= bep <= hi
        checked += 1
    assert checked


def test_a_set_split_over_three_sides_keeps_its_running_pumps_in_the_preferred_region(washington):
    """48 racks at N+1 power span three sides: the split shares the duty pumps the selection chose over the
    sides (a side may stand by whole, lead-lag starting it), so each running pump stays at the point the
    selection judged; a split that ran one on every side left each below half its best-efficiency flow."""
    from retrofit.planning import PlanOptions, plan

    goal = washington.goal.model_dump() | {"count": 48, "power_redundancy": "N+1"}
    site = washington.model_copy(update={"goal": type(washington.goal).model_validate(goal)})
    result = plan(site, PlanOptions(contingencies=False, phases=False))
    pumps = result.proposed.cooling.pumps
    assert len({p.id for p in pumps}) >= 2 and sum(p.running for p in pumps) >= 1
    lo, hi = (100 * x for x in PREFERRED_FLOW_RANGE)
    loops = result.results["cooling"]["loops"]
    for p in pumps:
        if p.running:
            assert lo <= loops[p.loop]["pumps"][p.id]["bep_percent"] <= hi
    assert result.verification["passes"], result.verification["failures"]


def test_a_stage_runs_as_many_pumps_as_its_flow_needs(washington_plan):
    """A stage before the last carries part of the final heat on the final pump sets: lead-lag runs fewer of
    them (retrofit.planning.build_cooling.stage_pumps), and a pump still below its preferred region is listed
    in the stage, not failed; the last stage is the proposal, held to the region like any design."""
    phases = washington_plan.phases
    final = sum(p.running for p in washington_plan.proposed.cooling.pumps)
    first = phases[0]
    assert sum(p.running for p in first["design"].cooling.pumps) < final
    assert all(p["checks"]["passes"] for p in phases)
    assert phases[-1]["pumps_part_loaded"] == []
    assert all(isinstance(t, str) and "best-efficiency flow" in t for p in phases for t in p["pumps_part_loaded"])
