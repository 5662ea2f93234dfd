"""The contingency matrix of the PDF plan: worst first, one row per outage that touches cooling or racks,
a plain line for each failing or near-limit case, the numbers the results JSON holds."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from retrofit.io.load import load
from retrofit.report.pipeline import run_plan
from retrofit.report.plan_pdf import render_plan

PILOT = Path(__file__).parent / "data" / "pilot-plant-on-one-board.yaml"


@pytest.fixture(scope="module")
def pilot():
    run = run_plan(load(PILOT), source=PILOT)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_plan(run))).pages]
    return run.results, pages


def test_matrix_page_lists_failing_outages_first(pilot):
    results, pages = pilot
    study = results["resilience"]
    text = next(t for t in pages if "outages were studied" in t and "Contingency matrix, worst first" in t)
    assert f"{study['cases']} outages were studied" in " ".join(text.split())
    matrix = text[text.index("Contingency matrix, worst first"):]
    first_failing = study["failing"][0]
    kind = study["faults"][first_failing]["kind"].replace("_", " ")
    assert f"{kind} {first_failing}" in matrix
    rows = [study["faults"][e] for e in study["faults"] if f" {e}\n" in matrix]
    verdicts = [not r["ok"] for r in rows]
    assert verdicts == sorted(verdicts, reverse=True)  # failing rows before passing ones


def test_plain_line_for_each_failing_case(pilot):
    results, pages = pilot
    whole = " ".join(" ".join(pages).split())
    for element in results["resilience"]["failing"][:5]:
        summary = " ".join(results["resilience"]["faults"][element]["summary"].split())
        assert summary[:60] in whole
