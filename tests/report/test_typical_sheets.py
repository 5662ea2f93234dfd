"""Sheets that draw the same but for a hall's own ids are recognised (retrofit.report.typical)."""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, String

from retrofit.report.typical import drawing_strings, group_alike, normalised


def _sheet(*texts):
    d = Drawing(100, 100)
    g = Group()
    for i, t in enumerate(texts):
        g.add(String(0, 10 * i, t))
    d.add(g)
    return d


def test_labels_are_read_in_order_through_groups():
    assert drawing_strings(_sheet("a", "b")) == ["a", "b"]


def test_sheets_alike_but_for_their_hall_group_together():
    a = normalised(drawing_strings(_sheet("cdu-hall-01-1", "32.0 degC", "title hall-01")), ["hall-01"], {"title hall-01"})
    b = normalised(drawing_strings(_sheet("cdu-hall-02-1", "32.0 degC", "title hall-02")), ["hall-02"], {"title hall-02"})
    c = normalised(drawing_strings(_sheet("cdu-hall-03-1", "32.1 degC", "title hall-03")), ["hall-03"], {"title hall-03"})
    assert a == b != c
    assert group_alike([a, c, b]) == [[0, 2], [1]]


def test_longer_ids_are_replaced_first():
    assert normalised(["fw-hall-01 hall-01"], ["hall-01", "fw-hall-01"]) == ("\x00 \x00",)
