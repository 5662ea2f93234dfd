"""The PDF build lays out its first passes without drawing them (retrofit.report.document.build_pdf): the same
bytes as a build that draws every pass, and as one whose settled pass was not drawn and is repeated drawn."""
import pytest
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.platypus import Table

from retrofit.report import document
from retrofit.report.document import (Headings, Metadata, build_pdf, paragraph, restore_after_layout,
                                      table_of_contents)


def _story() -> list:
    headings = Headings()
    story = [table_of_contents()]
    for s in range(6):
        story.append(headings.section(f"Section {s}"))
        for k in range(5):
            story.append(headings.sub(f"Part {s}.{k}"))
            story += [paragraph("Words of the body text, long enough to wrap over several lines. " * 6)
                      for _ in range(3)]
            story.append(Table([[f"r{r}", f"{r * 1.5:.1f} kW"] for r in range(12)]))
        drawing = Drawing(300, 200)
        drawing.add(Rect(10, 10, 280, 180))
        story.append(drawing)
    return story


def _build(monkeypatch, draws=None) -> tuple[bytes, list[bool]]:
    drawn = []
    original = document.PlanDocument.build

    def build(self, flowables, *args, **kwargs):
        original(self, flowables, *args, **kwargs)
        drawn.append(self.drawn)

    monkeypatch.setattr(document.PlanDocument, "build", build)
    if draws is not None:
        monkeypatch.setattr(document.PlanDocument, "_draws_this_pass", lambda self: draws)
    pdf = build_pdf(_story(), Metadata(title="t", subject="s", author="a", creator="c"))
    monkeypatch.undo()
    return pdf, drawn


def test_only_the_last_pass_is_drawn_and_the_bytes_are_those_of_every_pass_drawn(monkeypatch):
    default, drawn = _build(monkeypatch)
    assert drawn[-1] and not any(drawn[:2]) and len(drawn) >= 3
    every, drawn_every = _build(monkeypatch, draws=True)
    assert all(drawn_every)
    assert default == every


def test_a_settled_pass_not_drawn_is_repeated_drawn(monkeypatch):
    default, _ = _build(monkeypatch)
    repeated, drawn = _build(monkeypatch, draws=False)
    assert drawn[-1] and not any(drawn[:-1])
    assert repeated == default


@pytest.mark.parametrize("attribute", ["keepWithNext", "_postponed"])
def test_layout_marks_are_undone_before_a_new_layout(attribute):
    p = paragraph("text")
    vars(p)[attribute] = 0
    restore_after_layout([p])
    assert attribute not in vars(p)


def test_a_story_without_contents_draws_every_pass(monkeypatch):
    drawn = []
    original = document.PlanDocument.build

    def build(self, flowables, *args, **kwargs):
        original(self, flowables, *args, **kwargs)
        drawn.append(self.drawn)

    monkeypatch.setattr(document.PlanDocument, "build", build)
    build_pdf(_story()[1:], Metadata(title="t", subject="s", author="a", creator="c"))
    assert drawn and all(drawn)


def test_paragraph_keeps_its_lines_for_the_same_width(monkeypatch):
    """A paragraph wrapped again at the width it was broken at keeps its lines (the layout passes wrap every
    paragraph at the same widths); another width breaks them anew; the lines equal a fresh paragraph's."""
    from reportlab.platypus import Paragraph

    text = "Words of the body text, long enough to wrap over several lines. " * 6
    p = paragraph(text)
    calls = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, widths: calls.append(widths) or original(self, widths))
    first = p.wrap(200, 1000)
    assert p.wrap(200, 1000) == first and len(calls) == 1
    narrow = p.wrap(120, 1000)
    assert len(calls) == 2 and narrow[1] > first[1]
    assert p.wrap(200, 1000) == first and len(calls) == 3
    fresh = paragraph(text)
    assert fresh.wrap(200, 1000) == first
    assert fresh.blPara.lines == p.blPara.lines
