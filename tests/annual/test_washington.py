"""Washington acceptance: annual PUE, WUE, water and cost in the JSON, and the three-way comparison
dry / adiabatic / trim chiller (slow: three analyses and reviews of the 112-rack hall)."""
from __future__ import annotations

import json

import pytest

from retrofit.cli import main

from annual_paths import ROOT

WASHINGTON = ROOT / "examples" / "washington-18mw"


@pytest.mark.slow
def test_annual_json_has_pue_wue_water_and_cost(tmp_path):
    path = tmp_path / "annual.json"
    assert main(["annual", str(WASHINGTON / "proposed.yaml"), "--tariff", str(WASHINGTON / "tariff.yaml"),
                 "--json", str(path)]) == 0
    j = json.load(open(path, encoding="utf-8"))
    assert 1.0 < j["pue_annual"] < j["design_point"]["pue"]          # a typical year is milder than 43 degC
    assert j["design_point"]["label"].startswith("design-point PUE")
    assert j["water_m3"] > 0 and j["wue_l_per_kwh"] > 0 and j["cost"]["total_usd"] > 0


@pytest.mark.slow
def test_three_way_comparison(tmp_path):
    path = tmp_path / "compare.json"
    assert main(["compare", str(WASHINGTON / "proposed.yaml"), "--variant", "adiabatic:heat_rejection=adiabatic",
                 "--variant", "dry:heat_rejection=dry", "--variant", "trim:heat_rejection=trim", "--workers", "1",
                 "--tariff", str(WASHINGTON / "tariff.yaml"), "--json", str(path)]) == 0
    adiabatic, dry, trim = json.load(open(path, encoding="utf-8"))["rows"]
    assert adiabatic["water_m3"] > 0 and dry["water_m3"] == 0 and trim["water_m3"] == 0
    assert dry["pue_design_point"] > adiabatic["pue_design_point"]       # dry coolers cannot hold the supply at 43 degC
    assert any("COOL-HR" in rule for rule in dry["failing_rules"])
    assert any("air-cooled-chiller-1000kw in series" in note for note in trim["notes"])
