"""``retrofit plan --weather/--tariff``: the files are read before planning and reach the plan's annual page."""
from __future__ import annotations

import pytest

from retrofit.annual.plan_part import read_annual_inputs, use_annual_inputs
from retrofit.annual.tariff import Tariff
from retrofit.errors import InputError

from annual_fixtures import july, pilot  # noqa: F401 - fixtures
from annual_paths import PILOT, ROOT


def test_plan_annual_page_prices_the_year_with_the_tariff(pilot, july):
    from retrofit.report import annual_pages, sections
    from retrofit.report.pipeline import run_plan

    run = run_plan(pilot, source=str(PILOT), contingencies=False)
    use_annual_inputs(run, july, Tariff(0.05, 6.0, 2.0))
    annual_pages.annual_energy(sections.Context(run))
    annual = run.results["annual"]
    assert annual["weather"]["hours"] == 744 and annual["weather"]["source"].startswith("July")
    assert annual["cost"]["total_usd"] > 0


def test_plan_options_are_read_before_planning(tmp_path):
    """The files the plan command reads before planning (bad ones exit 2 before any computing)."""
    weather, tariff = read_annual_inputs(None, str(ROOT / "examples" / "washington-18mw" / "tariff.yaml"))
    assert weather is None and tariff.energy_usd_per_kwh == pytest.approx(0.033)
    assert read_annual_inputs(None, None) is None
    bad = tmp_path / "weather.txt"
    bad.write_text("x")
    with pytest.raises(InputError, match="expected .epw"):
        read_annual_inputs(str(bad), None)
