"""The process-wide store of facility-loop re-solves: keyed by content, bounded, and invisible in the results.

Behaviour tests and consistency checks of the project's own model.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import retrofit
from retrofit.resilience import cross_domain_study, prepare_base
from retrofit.resilience.resolve import SOLVED_LOOPS, LoopResults, loop_fingerprint

PILOT = Path(__file__).parent / "data" / "pilot-plant-on-one-board.yaml"


@pytest.fixture(scope="module")
def pilot():
    return retrofit.load(PILOT)


def test_a_later_study_reuses_the_loops_and_gives_the_same_results(pilot):
    SOLVED_LOOPS.clear()
    first_base = prepare_base(pilot)
    first = cross_domain_study(pilot, base=first_base)
    assert first_base.reused == 0 and len(SOLVED_LOOPS) == first.solves > 0
    again = retrofit.load(PILOT)  # another Design object with the same contents
    base = prepare_base(again)
    second = cross_domain_study(again, base=base)
    assert base.reused == second.solves == first.solves
    assert json.dumps(second.to_json()) == json.dumps(first.to_json())


def test_fingerprint_follows_what_the_loop_reads(pilot):
    base = prepare_base(pilot)
    floop = base.facility_loops[0]
    same = prepare_base(retrofit.load(PILOT))
    assert loop_fingerprint(same, floop) == loop_fingerprint(base, floop)
    c = pilot.cooling
    changes = {
        "a pump of the loop": {"pumps": [p.model_copy(update={"count": p.count + 1}) if p.loop == floop else p
                                         for p in c.pumps]},
        "a heat-rejection unit of the loop": {"heat_rejection": [u.model_copy(update={"count": u.count + 1})
                                                                 if u.loop == floop else u for u in c.heat_rejection]},
        "a CRAH of its halls": {"crahs": [x.model_copy(update={"count": x.count + 1}) for x in c.crahs]},
    }
    for what, update in changes.items():
        if not any(getattr(c, k) for k in update):
            continue
        changed = pilot.model_copy(update={"cooling": c.model_copy(update=update)})
        assert loop_fingerprint(prepare_base(changed), floop) != loop_fingerprint(base, floop), what


def test_store_drops_the_least_recently_used_beyond_its_limit():
    store = LoopResults(limit=2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # "b" is now the least recently used
    store.put("c", 3)
    assert len(store) == 2 and store.get("b") is None and store.get("a") == 1 and store.get("c") == 3


def test_an_outage_touching_two_loops_takes_its_items_to_each(pilot, monkeypatch):
    """Bookkeeping check: each facility loop an outage touches is re-solved with what it loses there (a
    second loop, sharing the first one's equipment, is added to the prepared pilot for the check)."""
    from retrofit.resilience import resolve

    SOLVED_LOOPS.clear()
    base = prepare_base(pilot)
    first = base.facility_loops[0]
    base.facility_loops = [first, "fw-twin"]
    base.tcs_of["fw-twin"], base.halls_of["fw-twin"] = base.tcs_of[first], base.halls_of[first]
    cdu = pilot.cooling.cdus[0].id
    base.loops_of[cdu] = (first, "fw-twin")
    solved = []
    monkeypatch.setattr(resolve, "_solve_loop", lambda b, f, local: solved.append((f, local)) or (f, local))
    key = frozenset({(cdu, 1)})
    assert resolve.loop_states(base, key) == ((first, key), ("fw-twin", key))
    assert solved == [(first, key), ("fw-twin", key)]
    SOLVED_LOOPS.clear()
