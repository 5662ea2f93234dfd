"""The annual section of the PDF plan, and compare on a site file (planned per variant)."""
from __future__ import annotations

import pytest

from retrofit.annual.scenarios import CaseSpec, run_cases
from retrofit.annual.simulate import AnnualOptions
from retrofit.annual.variants import parse_variant

from annual_fixtures import july, pilot, pilot_basis  # noqa: F401 - fixtures
from annual_paths import PILOT, ROOT


def test_plan_section_records_the_annual_results(pilot):
    from retrofit.report import annual_pages, sections
    from retrofit.report.pipeline import run_plan

    run = run_plan(pilot, source=str(PILOT), contingencies=False)
    story = annual_pages.annual_energy(sections.Context(run))
    assert len(story) > 5
    annual = run.results["annual"]
    assert annual_pages.annual_energy(sections.Context(run))[1:] != []     # a second render: the cached result
    assert annual["weather"]["synthetic"] is True and annual["pue_annual"] > 1.0
    assert annual["design_point"]["pue"] == run.results["pue"]["pue"]   # the design-point PUE, kept and labelled


def test_comparison_rows_in_the_plan_section(pilot, july):
    from retrofit.report import annual_pages, sections
    from retrofit.report.pipeline import run_plan

    run = run_plan(pilot, source=str(PILOT), contingencies=False)
    run.results["comparison"] = run_cases([CaseSpec(str(PILOT), parse_variant("dry:heat_rejection=dry"), july,
                                                    AnnualOptions())], workers=1, progress=False)
    story = annual_pages.annual_energy(sections.Context(run))
    assert any("Comparison of variants" in str(getattr(f, "text", "")) for f in story)


@pytest.mark.slow
def test_site_variants_are_planned_with_capex_and_binding_constraint(july):
    site = ROOT / "examples" / "washington-18mw" / "site.yaml"
    rows = run_cases([CaseSpec(str(site), parse_variant(v), july, AnnualOptions())
                      for v in ("base:heat_rejection=adiabatic", "r48:racks=48")], workers=1, progress=False)
    base, small = rows
    assert base["racks"] > small["racks"] == 48
    assert base["capex_usd"] > small["capex_usd"] > 0
    assert base["binding_constraint"]
