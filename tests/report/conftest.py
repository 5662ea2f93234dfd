"""Shared fixtures of the report tests: the pilot hall's plan (results, PDF, page texts), built once."""
from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from report_paths import PILOT, WASHINGTON
from retrofit.io.load import load, load_text
from retrofit.io.results import results_json
from retrofit.report.pipeline import run_plan
from retrofit.report.plan_pdf import render_plan


@pytest.fixture(scope="session")
def pilot_input():
    """The pilot design as given and its analysis results as the JSON holds them (no planning)."""
    from retrofit.analyze import analyze

    design = load(PILOT)
    return design, json.loads(results_json(analyze(design, contingencies=False)))


@pytest.fixture(scope="session")
def pilot_run():
    # the pilot file holds a design; --replan plans it anew so that every section of a planned plan is drawn
    return run_plan(load(PILOT), source=PILOT, replan=True)


@pytest.fixture(scope="session")
def pilot_pdf(pilot_run) -> bytes:
    return render_plan(pilot_run)


@pytest.fixture(scope="session")
def pilot_json(pilot_run) -> dict:
    """The results as the JSON file holds them (what the PDF must agree with)."""
    return json.loads(results_json(pilot_run.results))


@pytest.fixture(scope="session")
def pilot_reader(pilot_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(pilot_pdf))


@pytest.fixture(scope="session")
def pilot_pages(pilot_reader) -> list[str]:
    return [page.extract_text() or "" for page in pilot_reader.pages]


@pytest.fixture(scope="session")
def campus_run():
    from campus import campus_yaml

    # without a goal: the report of a large site as designed (planning it is the planner's tests' business)
    design = load_text(campus_yaml(3, busways_per_side=3, positions=True, goal=False), "campus.yaml")
    return run_plan(design, source=None, contingencies=False)


@pytest.fixture(scope="session")
def campus_pdf(campus_run) -> bytes:
    return render_plan(campus_run)




@pytest.fixture(scope="session")
def washington_run():
    """The Washington site planned (about 8 s): only slow tests use it."""
    return run_plan(load(WASHINGTON), source=WASHINGTON)


@pytest.fixture(scope="session")
def washington_reader(washington_run) -> PdfReader:
    return PdfReader(io.BytesIO(render_plan(washington_run)))


@pytest.fixture(scope="session")
def washington_pages(washington_reader) -> list[str]:
    return [page.extract_text() or "" for page in washington_reader.pages]
