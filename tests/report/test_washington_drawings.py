"""Every drawing of the Washington plan is readable in print: no label under 6 pt, none cut with an ellipsis,
none covering another (label collision), none off the sheet. Regression checks of the drawings (slow: the
site is planned first)."""
from __future__ import annotations

import pytest

from drawing_text import labels, overlaps
from retrofit.report.cooling_schematic import cooling_sheets
from retrofit.report.document import PlanDocument
from retrofit.report.floorplan import MIN_FONT, floor_sheets, phase_sheet
from retrofit.report.oneline import oneline_sheets

pytestmark = pytest.mark.slow


def _sheets(run):
    size = PlanDocument.drawing_size()
    design = run.analysed
    out = [(s.number, s.drawing) for s in oneline_sheets(design, run.results, size)]
    for hall in design.halls:
        out += [(s.number, s.drawing) for s in floor_sheets(design, hall.id, run.results, size)[0]]
        phased = phase_sheet(design, hall.id, run.results, size, 9)
        if phased is not None:
            out.append((phased[0].number, phased[0].drawing))
    out += [(f"M-{i + 1}", s.drawing) for i, s in enumerate(cooling_sheets(design, run.results, size))]
    return out


def test_washington_drawings_are_legible(washington_run):
    sheets = _sheets(washington_run)
    assert {n[0] for n, _ in sheets} == {"E", "F", "M"}
    for number, drawing in sheets:
        items = labels(drawing)
        assert items, number
        assert overlaps(items) == [], (number, [(a.text, b.text) for a, b in overlaps(items)][:5])
        assert min(i.size for i in items) >= MIN_FONT, number
        assert not [i.text for i in items if "\u2026" in i.text], number
        assert all(-0.5 <= i.x0 and i.x1 <= drawing.width + 0.5 and -0.5 <= i.y0 and i.y1 <= drawing.height + 0.5
                   for i in items), number


def test_washington_floor_plan_draws_every_busway_route(washington_run):
    design = washington_run.analysed
    size = PlanDocument.drawing_size()
    sheets, layout = floor_sheets(design, design.halls[0].id, washington_run.results, size)
    assert len(layout.routes) == len(design.electrical.busways)
    assert {r["side"] for r in layout.routes} == {0, 1}                 # A and B busways
    # a key plan of the whole hall, then the occupied part enlarged at 1:250 or finer
    assert len(sheets) == 2 and sheets[1].scale <= 250
