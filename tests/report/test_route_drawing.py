"""Busway routes on the floor plans: drawn along the rows and through the gaps between row ends, of the length
the design's busways were given, and never through a label; the key plan says what the empty floor is for;
a typical sheet names the hall drawn and the halls it stands for; the cooling section opens on its first sheet."""
from __future__ import annotations

import pytest

from drawing_text import crossed, labels, lines
from retrofit.layout.runs import busway_route
from retrofit.report.floor_layout import drawn_route
from retrofit.report.floorplan import MAIN_PIPE, ROUTE_COLOURS, floor_sheets
from retrofit.report.document import PlanDocument

SIZE = PlanDocument.drawing_size()


def _length(points):
    return sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in zip(points, points[1:]))


def test_a_route_goes_round_the_rows_at_the_same_length():
    # two rows of racks (x 0-10 m) with a gap at x 5-6 m; the switchboard south of them at x 8 m feeds the
    # north row's racks from x 2 m to 4 m
    rows = [(0.0, 2.0, 5.0, 3.2), (6.0, 2.0, 10.0, 3.2), (0.0, 5.6, 10.0, 6.8)]
    route = busway_route((8.0, 0.5), 2.0, 4.0, 5.6, 3.0)
    drawn = drawn_route(route.points, rows)
    assert drawn[0] == route.points[0] and drawn[-2:] == list(route.points[-2:])
    assert _length(drawn) == pytest.approx(_length(route.points))          # a staircase: the same length
    # straight up at x 8 m it would cross the south row; drawn, it turns up through the gap at x 5-6 m
    assert any(5.0 < x < 6.0 for x, _ in drawn)
    for (xa, ya), (xb, yb) in zip(drawn, drawn[1:]):
        if xa == xb:
            assert not (0.0 < xa < 5.0 or 6.0 < xa < 10.0) or max(ya, yb) <= 2.0 or min(ya, yb) >= 3.2


def test_a_route_with_no_way_round_is_drawn_as_computed():
    route = busway_route((3.0, 0.5), 2.0, 4.0, 5.6, 3.0)
    rows = [(0.0, 2.0, 10.0, 3.2)]
    assert drawn_route(route.points, rows) == [tuple(p) for p in route.points]


def test_no_label_is_crossed_by_a_busway_route(pilot_run):
    design = pilot_run.analysed
    for hall in design.halls:
        sheets, layout = floor_sheets(design, hall.id, pilot_run.results, SIZE)
        for sheet in sheets:
            segments = lines(sheet.drawing, [ROUTE_COLOURS[0], ROUTE_COLOURS[1], MAIN_PIPE])
            assert not layout.routes or segments, sheet.number
            bad = crossed(labels(sheet.drawing), segments)
            assert bad == [], (sheet.number, [b.text for b in bad][:5])


def test_cooling_section_opens_on_its_first_sheet(pilot_pages):
    first = next(p for p in pilot_pages if "Cooling design" in p and "Liquid-cooled racks reject" in p)
    assert "Cooling schematic, sheet M-1" in first


@pytest.mark.slow
def test_washington_floor_plans_keep_labels_clear_of_routes(washington_run):
    design = washington_run.analysed
    sheets, layout = floor_sheets(design, design.halls[0].id, washington_run.results, SIZE)
    assert layout.routes
    rise = float(design.halls[0].clear_height.to("m").magnitude)
    for route in layout.routes:          # drawn on a path of the busway's own length
        assert _length(route["points"]) + rise == pytest.approx(route["length_m"], abs=1e-6)
    for sheet in sheets:
        bad = crossed(labels(sheet.drawing), lines(sheet.drawing, [ROUTE_COLOURS[0], ROUTE_COLOURS[1], MAIN_PIPE]))
        assert bad == [], (sheet.number, [b.text for b in bad][:5])
    key = sheets[0].drawing
    assert sheets[0].title.endswith("(key plan)")
    assert any(t.text.startswith("Floor beyond the enlarged area: kept clear") for t in labels(key))
    assert any(t.text.endswith(f"enlarged on sheet {sheets[1].number}") for t in labels(key))
