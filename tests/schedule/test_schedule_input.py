"""Bad utility capacity schedules are input errors with their line, found and expected (``validate``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.errors import InputError
from retrofit.io.load import load_text

SMALL = (Path(__file__).resolve().parents[1] / "planning" / "data" / "small-site.yaml").read_text()


def _site(steps: str, start: str = "2027-01-04") -> str:
    return SMALL.replace("goal:\n", f"goal:\n  schedule:\n    start: {start}\n    utility_capacity:\n{steps}", 1)


def test_a_good_schedule_loads():
    d = load_text(_site("    - {date: 2027-01-01, capacity: 3 MVA}\n    - {date: 2027-09-01, capacity: 5 MVA}\n"))
    assert [s.capacity.to("MVA").magnitude for s in d.goal.schedule.utility_capacity] == [3.0, 5.0]
    assert d.goal.schedule.start.isoformat() == "2027-01-04"


@pytest.mark.parametrize("steps, words", [
    ("    - {date: 2027-01-01, capacity: 4 MVA}\n    - {date: 2027-09-01, capacity: 3 MVA}\n"
     "    - {date: 2028-01-01, capacity: 5 MVA}\n", "found 3.0 MVA after 4.0 MVA"),
    ("    - {date: 2027-01-01, capacity: 6 MVA}\n", "expected at most the 5.0 MVA utility capacity"),
    ("    - {date: 2027-01-01, capacity: 4 MVA}\n", "found 4.0 MVA in the last step"),
    ("    - {date: 2027-09-01, capacity: 3 MVA}\n    - {date: 2027-01-01, capacity: 5 MVA}\n", "date order"),
    ("    - {date: 2027-13-01, capacity: 3 MVA}\n", "date"),
    ("    - {date: 2027-01-01, capacity: -3 MVA}\n    - {date: 2027-09-01, capacity: 5 MVA}\n", "capacity"),
])
def test_bad_schedules_are_refused_with_their_line(steps, words):
    with pytest.raises(InputError) as err:
        load_text(_site(steps), "site.yaml")
    text = str(err.value)
    assert words in text and "site.yaml:" in text and "utility_capacity" in text
