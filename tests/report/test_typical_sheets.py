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


def test_figures_inside_ids_are_not_masked():
    from retrofit.report.typical import figures_masked

    assert figures_masked(("mvc-tx-81a 2x 500 kcmil Cu, 1,020 m", 'Ik" 19.7 kA / 25 kA')) == \
        ("mvc-tx-81a 2x \x01 kcmil Cu, \x01 m", 'Ik" \x01 kA / \x01 kA')


def test_envelope_prints_the_largest_figure_within_the_width():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from retrofit.report.typical import MIN_FONT_PT, drawing_labels, envelope_labels

    def sheet(*texts):
        d = _sheet(*texts)
        for s in drawing_labels(d):
            s.fontSize = 7.0
        return d

    mine = sheet("mvc-h01 2x 500 kcmil Cu, 60 m", 'Ik" 20.0 kA / 25 kA', "title")
    others = [sheet("mvc-h02 2x 500 kcmil Cu, 1020 m", 'Ik" 18.9 kA / 25 kA', "title"),
              sheet("mvc-h03 2x 500 kcmil Cu, 300 m", 'Ik" 19.7 kA / 25 kA', "title")]
    before = [stringWidth(s.text, s.fontName, s.fontSize) for s in drawing_labels(mine)]
    assert envelope_labels(mine, others)
    labels = drawing_labels(mine)
    assert [s.text for s in labels] == ["mvc-h01 2x 500 kcmil Cu, 1020 m", 'Ik" 20.0 kA / 25 kA', "title"]
    assert labels[0].fontSize < 7.0 and labels[0].fontSize >= MIN_FONT_PT and labels[1].fontSize == 7.0
    after = [stringWidth(s.text, s.fontName, s.fontSize) for s in labels]
    assert all(a <= b + 0.02 for a, b in zip(after, before))


def test_envelope_refuses_a_label_under_the_smallest_font():
    from retrofit.report.typical import drawing_labels, envelope_labels

    mine, other = _sheet("6 m"), _sheet("1000000 m")
    for s in drawing_labels(mine) + drawing_labels(other):
        s.fontSize = 7.0
    assert not envelope_labels(mine, [other])
    assert drawing_strings(mine) == ["6 m"]
