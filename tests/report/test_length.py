"""Length of the plan (issue 12, "length and focus"): the Washington plan's body, before the appendix of
schedules, stays about 50 pages. Regression pin of the project's own layout (no published source)."""
from __future__ import annotations

import pytest

from report_paths import outline_pages

BODY_PAGES_MAX = 51        # "about 50 pages" for the Washington body


@pytest.mark.slow       # the Washington plan run, shared with the other slow report tests
def test_washington_body_stays_about_fifty_pages(washington_reader):
    marks = outline_pages(washington_reader)
    appendix = next(page for title, page in marks.items() if title.startswith("Appendix A"))
    assert appendix <= BODY_PAGES_MAX          # 0-based index of the appendix's first page = pages before it
    assert len(washington_reader.pages) > appendix


def test_long_calculation_schedules_print_their_governing_rows_first():
    """An excerpt keeps the failing rows, then the highest rank, up to the schedule's own body rows."""
    from retrofit.report.tables import Appendices, Column, Schedule, schedule_flowables

    rows = [[f"r{i}", str(i)] for i in range(20)]
    s = Schedule("Rack cooling", [Column("rack"), Column("supply")], rows, [i == 3 for i in range(20)],
                 rank=[float(i) for i in range(20)], body_rows=4)
    appendices = Appendices()
    flow = schedule_flowables(s, 400.0, appendices)
    table = flow[-1]
    shown = [row[0] for row in table._cellvalues[1:]]
    assert shown == ["r3", "r19", "r18", "r17"] and appendices.schedules == [s] and s.file
    assert "of which 4" in flow[1].text


def test_a_schedule_can_go_to_the_appendix_alone():
    from retrofit.report.tables import Appendices, Column, Schedule

    appendices = Appendices()
    s = Schedule("Findings by rule", [Column("rule")], [["A"], ["B"]])
    text = appendices.refer(s)
    assert appendices.schedules == [s] and s.file == "A01-findings-by-rule.csv" and "2 rows" in text
