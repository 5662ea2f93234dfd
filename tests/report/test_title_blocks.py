"""Title blocks of the drawings: project, revision and issue date from the input, and sheet number."""
from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import TABLOID, landscape

from drawing_text import labels
from retrofit.model.site import Site
from retrofit.report.cooling_schematic import cooling_sheets
from retrofit.report.floorplan import floor_sheets
from retrofit.report.formatting import sheet_identity
from retrofit.report.oneline import oneline_sheets

SIZE = landscape(TABLOID)


def test_identity_line_names_revision_and_date_when_the_input_gives_them(pilot_run):
    design = pilot_run.analysed
    assert sheet_identity(design, "E-1") == f"{design.site.name}  |  sheet E-1"
    dated = design.model_copy(update={"site": design.site.model_copy(update={"revision": "B", "issued": "2026-12-01"})})
    assert sheet_identity(dated, "E-1") == f"{design.site.name}  |  rev B  |  issued 2026-12-01  |  sheet E-1"


def test_every_kind_of_drawing_prints_it(pilot_run):
    design = pilot_run.analysed
    dated = design.model_copy(update={"site": design.site.model_copy(update={"revision": "B", "issued": "2026-12-01"})})
    results = pilot_run.results
    drawings = [oneline_sheets(dated, results, SIZE)[0].drawing, cooling_sheets(dated, results, SIZE)[0].drawing,
                floor_sheets(dated, dated.halls[0].id, results, SIZE)[0][0].drawing]
    for drawing in drawings:
        assert any("rev B  |  issued 2026-12-01  |  sheet" in label.text for label in labels(drawing))


@pytest.mark.parametrize("value", ["2026-13-01", "1 Dec 2026", "2026-12-1"])
def test_issue_date_must_be_a_date(value):
    with pytest.raises(ValueError, match="expected a date YYYY-MM-DD"):
        Site(name="x", climate="moses-lake-wa", altitude="0 m", issued=value)
