"""A plan of a larger site (the pilot block three times, three halls, 24 low-voltage branches): the summary
stays short, long schedules go whole to CSV files beside the PDF and in part (failing and most loaded rows
first) to the appendix, the one-line diagram splits into sheets, and each hall gets its own floor plan.
"""
from __future__ import annotations

import csv
import io
import json

from pypdf import PdfReader

from report_paths import outline_pages
from retrofit.io.results import results_json
from retrofit.report.plan_pdf import render_plan_with_tables
from retrofit.report.tables import APPENDIX_ROWS


def _titles(reader) -> dict[str, int]:
    return {t.split("  ", 1)[-1]: p for t, p in outline_pages(reader).items()}


def test_summary_stays_on_one_page(campus_pdf):
    reader = PdfReader(io.BytesIO(campus_pdf))
    titles = _titles(reader)
    assert titles["Existing conditions"] - titles["Executive summary"] == 1


def test_drawings_split_by_transformer_group_and_by_hall(campus_pdf, campus_run):
    reader = PdfReader(io.BytesIO(campus_pdf))
    titles = _titles(reader)
    one_lines = sorted(t for t in titles if t.startswith("One-line diagram, sheet"))
    # an overview and one sheet per block (a tabloid sheet holds 11 branches, a block has 8)
    assert [t.split(":")[0] for t in one_lines] == [f"One-line diagram, sheet E-{k}" for k in (1, 2, 3, 4)]
    floors = sorted(t for t in titles if t.startswith("Floor plan:"))
    assert floors == [f"Floor plan: hall-1-{k}, sheet F-{k}" for k in (1, 2, 3)]
    cooling = sorted(t for t in titles if t.startswith("Cooling schematic"))
    # the three halls' plants draw alike but for their own ids: one schematic, typical of the others
    assert cooling == ["Cooling schematic, sheet M-1: fw-1-1, typical of fw-1-2, fw-1-3 (their own ids)"]
    for title in one_lines + floors + cooling:
        page = reader.pages[titles[title]]
        assert page.mediabox.width > page.mediabox.height
    # racks drawn from the positions of the design, in every hall
    for k in (1, 2, 3):
        text = reader.pages[titles[f"Floor plan: hall-1-{k}, sheet F-{k}"]].extract_text()
        assert all(f"row-{j}-{k}: 2" in text for j in (1, 2, 3))


def test_long_schedules_go_whole_to_csv_and_in_part_to_the_appendix(campus_pdf, campus_run):
    reader = PdfReader(io.BytesIO(campus_pdf))
    titles = _titles(reader)
    assert "Schedules" in titles
    results = json.loads(results_json(campus_run.results))
    pipes = [(loop, pipe) for loop, v in results["cooling"]["loops"].items() for pipe in v["pipes"]]
    assert len(pipes) > APPENDIX_ROWS
    start = titles["Pipes"]
    after = min([p for p in titles.values() if p > start] + [len(reader.pages) - 1])
    text = " ".join(" ".join(reader.pages[i].extract_text().split()) for i in range(start, after + 1))
    assert "head loss" in text                          # the header row
    printed = [pipe for _, pipe in pipes if pipe in text]
    assert APPENDIX_ROWS - 5 <= len(printed) < len(pipes)
    body = reader.pages[titles["Hydraulics"]].extract_text() + reader.pages[titles["Hydraulics"] + 1].extract_text()
    assert "the whole schedule is in the appendix" in " ".join(body.split())
    # the whole schedule, every row, in its CSV file among the tables beside the PDF
    _, tables = render_plan_with_tables(campus_run)
    name = next(n for n in tables if n.endswith("-pipes.csv"))
    assert f"{name} among the tables beside this PDF" in text
    rows = list(csv.reader(io.StringIO(tables[name])))
    assert len(rows) - 1 == len(pipes) and {p for _, p in pipes} <= {r[1] for r in rows[1:]} | {r[0] for r in rows[1:]}
