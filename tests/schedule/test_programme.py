"""The programme of phases: catalog lead times, utility release dates, just-in-time miner removal, outages,
CSV (consistency checks of the schedule builder against the catalog tables it reads)."""
from __future__ import annotations

import datetime as dt

import pytest

from retrofit.catalog import load_catalog
from retrofit.schedule.catalog_data import item_category, lead_times
from retrofit.schedule.programme import CSV_COLUMNS, PhaseWork, build_schedule, schedule_csv

START = dt.date(2027, 1, 4)
WORK = [PhaseWork(1, 5000.0, 2000, ("busway", "cdu", "mv_switchgear", "transformer"), 2, 4, 80.0, dt.date(2027, 6, 1)),
        PhaseWork(2, 8000.0, 3000, ("busway", "cdu"), 0, 4, 0.0, dt.date(2031, 3, 3))]


def _by_id(s):
    return {a.id: a for a in s.activities}


def test_procurement_takes_the_catalog_lead_time():
    s = build_schedule(WORK, START)
    acts = _by_id(s)
    for cat, t in lead_times().items():
        a = acts.get(f"P1-PROC-{cat}")
        if a is not None:
            assert a.duration_days == round(t.weeks * 7)
    assert acts["P1-PROC-transformer"].duration_days == 120 * 7


def test_a_phase_waits_for_its_utility_capacity():
    s = build_schedule(WORK, START)
    acts = _by_id(s)
    assert acts["P2-UTIL"].start == dt.date(2031, 3, 3)
    assert acts["P2-LV"].start == dt.date(2031, 3, 3)       # cut-over on the day the capacity arrives
    assert s.critical_path[-3:] == ["P2-L3", "P2-L4", "P2-L5"]
    assert "P2-UTIL" in s.critical_path


def test_miners_run_until_their_floor_is_needed():
    s = build_schedule(WORK, START)
    acts = _by_id(s)
    assert acts["P1-MINERS"].finish == acts["P1-WALL"].start
    assert acts["P1-WALL"].finish == acts["P1-INST-E"].start
    # 2,000 miners at 2,000 a week: one week
    assert acts["P1-MINERS"].duration_days == 7
    assert s.phases[0].mining_stop == acts["P1-MINERS"].start


def test_outage_windows_and_csv():
    s = build_schedule(WORK, START)
    mv = [o for o in s.outages if o.level == "MV"]
    assert [(o.phase, o.equipment, o.hours) for o in mv] == [(1, 2, 24.0)]      # 12 h per lineup
    text = schedule_csv(s.as_dict())
    lines = text.strip().split("\n")
    assert lines[0].split(",")[:len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert len(lines) == 1 + len(s.activities)


def test_bill_of_materials_lines_map_to_lead_time_categories():
    cats = set(lead_times(load_catalog()))
    assert item_category({"item": "switchgear / switchboard", "model": "mv-swgr-13.8kv-1200a-25ka"}) == "mv_switchgear"
    assert item_category({"item": "switchgear / switchboard", "model": "swbd-415v-4000a-85ka-4w"}) == "lv_switchgear"
    assert item_category({"item": "MV cable 500 kcmil"}) == "cable_and_piping"
    assert item_category({"item": "rack", "model": "gb300-nvl72"}) is None
    for name in ("transformer", "CDU", "heat-rejection unit", "busway", "UPS", "generator", "CRAH", "facility pump"):
        assert item_category({"item": name}) in cats


def test_demising_wall_by_hand():
    from retrofit.planning.demising import zone_wall

    # racks at x 30 and 40 m, y 20 m in a 100 m x 40 m hall, 0.6 m x 1.2 m, aisle 1.2 m:
    # zone x 28.8 to 41.8 (13.0 m), y 18.8 to 22.4 (3.6 m), inside every wall: 2 x 13.0 + 2 x 3.6 = 33.2 m
    w = zone_wall("h", 100.0, 40.0, [(30.0, 20.0), (40.0, 20.0)], 0.6, 1.2, 1.2)
    assert (w.x0_m, w.x1_m, w.y0_m, w.y1_m) == (28.8, 41.8, 18.8, 22.4)
    assert w.sides == ("south", "north", "west", "east") and w.length_m == pytest.approx(33.2)
    # the same racks filling the hall's width leave only the two ends
    full = zone_wall("h", 100.0, 2.4, [(30.0, 0.0), (40.0, 0.0)], 0.6, 1.2, 1.2)
    assert full.sides == ("west", "east") and full.length_m == pytest.approx(4.8)
