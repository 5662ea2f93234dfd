"""Schedules: an excerpt in the body shows the failing rows, then the most loaded; the CSV holds every row."""
from __future__ import annotations

import csv
import io

from retrofit.report.tables import BODY_ROWS, Appendices, Column, Schedule, schedule_csv, schedule_flowables


def _cells(flowables) -> list[str]:
    table = flowables[-1]
    return [str(row[0].text if hasattr(row[0], "text") else row[0]) for row in table._cellvalues[1:]]


def test_excerpt_keeps_the_most_loaded_rows():
    n = BODY_ROWS + 2
    rows = [[f"t{i:02d}", f"{i:.1f} %"] for i in range(n)]       # the most loaded are the last two
    schedule = Schedule("Transformers", [Column("transformer"), Column("loading")], rows, rank=[float(i) for i in range(n)])
    appendices = Appendices()
    shown = _cells(schedule_flowables(schedule, 400.0, appendices))
    assert len(shown) == BODY_ROWS and {"t00", "t01"}.isdisjoint(shown) and {f"t{n - 1}", f"t{n - 2}"} <= set(shown)
    assert appendices.schedules == [schedule] and schedule.file == "A01-transformers.csv"
    table = list(csv.reader(io.StringIO(schedule_csv(schedule))))
    assert table[0] == ["transformer", "loading"] and len(table) == n + 1
