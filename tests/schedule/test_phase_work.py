"""phase_work: the LV switchboards a phase brings are those feeding racks for the first time (the
planner's ``switchboards_feeding_racks``, switchboard ids)."""
from __future__ import annotations

from retrofit.schedule.phase_work import phase_work


def test_switchboards_first_feeding_racks_are_counted_once():
    phases = [{"phase": 1, "it_kw": 1000.0, "switchboards_feeding_racks": ["swbd-1a", "swbd-1b"]},
              {"phase": 2, "it_kw": 2500.0, "switchboards_feeding_racks": ["swbd-1a", "swbd-1b", "swbd-2a"]}]
    work = phase_work(phases)
    assert [w.lv_switchboards for w in work] == [2, 1]
    assert [w.it_kw for w in work] == [1000.0, 1500.0]
