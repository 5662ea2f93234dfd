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
