"""Figures the documentation quotes from running the examples, checked against what the commands give now.

These are regression pins of the pages, not validation: they hold docs/annual.md, docs/cost.md,
docs/getting-started.md and examples/pilot-hall/README.md to the program's own output, so a change of a
model that moves a quoted figure fails here until the page is updated. The Washington plans are slow
(a plan of the 112-rack hall each) and run with ``-m slow``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from retrofit.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
WASHINGTON = ROOT / "examples" / "washington-18mw"
PILOT = ROOT / "examples" / "pilot-hall"
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def _page(path: Path) -> str:
    """The page's text with every run of white space (line breaks included) made one space."""
    return " ".join(path.read_text(encoding="utf-8").split())


def _table_row(path: Path, first_cell: str) -> list[str]:
    """The cells of the Markdown table row of ``path`` whose first cell starts with ``first_cell``."""
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].startswith(first_cell):
            return cells
    raise AssertionError(f"{path.name}: no table row starting with {first_cell!r}")


def _code_block_after(path: Path, marker: str) -> list[str]:
    """The lines of the first fenced block without a language that follows ``marker`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", text[text.index(marker):], flags=re.S)
    assert block, f"{path.name}: no plain code block after {marker!r}"
    return block.group(1).rstrip("\n").splitlines()


@pytest.fixture(scope="module")
def washington_year(tmp_path_factory) -> dict:
    """``retrofit annual`` of the Washington proposal over the synthetic year, priced with its tariff."""
    out = tmp_path_factory.mktemp("annual") / "annual.json"
    assert main(["annual", str(WASHINGTON / "proposed.yaml"), "--tariff", str(WASHINGTON / "tariff.yaml"),
                 "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_annual_page_quotes_the_washington_year(washington_year):
    """docs/annual.md: the adiabatic row of the Washington table, the water and hours in the text, the
    synthetic year's hottest hour and the Washington row of the batch example."""
    j = washington_year
    page = DOCS / "annual.md"
    energy = j["energy_kwh"]
    wue = j["water_m3"] * 1000.0 / energy["it"]        # the JSON rounds WUE to 4 decimals; the page gives 3
    modes = j["hours_by_mode"]
    row = _table_row(page, "adiabatic (as planned")
    assert row[1:8] == [f"{j['pue_annual']:.4f}", f"{j['design_point']['pue']:.4f}", f"{j['water_m3']:,.0f}",
                        f"{wue:.3f}", f"{energy['facility'] / 1000:,.0f}", f"{j['cost']['total_usd'] / 1e6:.2f} M",
                        f"{modes['dry']:,} / {modes['adiabatic']:,} / {modes['chiller']:,}"]
    text = _page(page)
    assert f"its hottest hour is {j['weather']['t_dry_bulb_max_c']:.1f} °C" in text
    assert f"run {modes['adiabatic']:,} hours and use {j['water_m3']:,.0f} m³ of water" in text
    batch = [line for line in _code_block_after(page, "## Many sites at once") if "Washington 18 MW hall" in line]
    assert len(batch) == 1 and batch[0].split()[4:7] == ["112", "n/a", f"{j['pue_annual']:.3f}"]
    assert batch[0].split()[7] == f"{j['water_m3']:,.0f}"


def test_getting_started_shows_what_validate_prints(tmp_path, monkeypatch, capsys):
    """docs/getting-started.md: the two problems `validate` reports on the pilot design with two typing
    errors, line for line (file, line, field, found and expected)."""
    lines = (PILOT / "design.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    ratings = [i for i, line in enumerate(lines) if line.strip() == "rating: 2500 kVA"]
    models = [i for i, line in enumerate(lines) if "model: gb300-nvl72" in line and "row-1" in line]
    assert len(ratings) >= 2 and len(models) == 1
    lines[ratings[1]] = lines[ratings[1]].replace("2500 kVA", "2500 kW")
    lines[models[0]] = lines[models[0]].replace("gb300-nvl72", "gb300-nvl27")
    (tmp_path / "design.yaml").write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "design.yaml"]) == 2
    captured = capsys.readouterr()
    printed = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(error: .*?)```", page, flags=re.S).group(1).rstrip("\n").splitlines()
    assert printed == shown


def test_pilot_readme_gives_the_review_verdict(tmp_path):
    """examples/pilot-hall/README.md: `retrofit check` with the waivers is INCOMPLETE (exit 4), nothing
    fails, the CDU slab screening is waived, and the README counts the rules not evaluated."""
    out = tmp_path / "review.json"
    assert main(["check", str(PILOT / "design.yaml"), "--waivers", str(PILOT / "waivers.yaml"),
                 "--format", "json", "--output", str(out)]) == 4
    report = json.loads(out.read_text(encoding="utf-8"))
    check = report["check"]
    assert check["verdict"] == "incomplete" and check["failing"] == 0
    assert {f["rule_id"] for f in report["findings"] if f["status"] == "waived"} == {"LAY-SLAB-001"}
    text = _page(PILOT / "README.md")
    assert "**INCOMPLETE** (exit 4)" in text
    assert f"but {NUMBER_WORDS[len(check['untested_rules'])]} rules cannot be evaluated" in text


@pytest.mark.slow
def test_cost_page_quotes_the_washington_estimate():
    """docs/cost.md: the Washington estimate (range, per MW, per rack), its direct and indirect cost and
    the phases, as `retrofit plan` of the site gives them."""
    from retrofit.io.load import load
    from retrofit.planning import plan

    cost = plan(load(WASHINGTON / "site.yaml")).cost
    page = DOCS / "cost.md"
    m = lambda usd: f"{usd / 1e6:.2f}"  # noqa: E731
    assert _table_row(page, f"facility capex (class {cost.estimate_class})")[1:] == [
        f"{m(cost.low_usd)} M USD", f"{m(cost.expected_usd)} M USD", f"{m(cost.high_usd)} M USD"]
    assert _table_row(page, "per MW of IT")[1:] == [f"{cost.per_mw_musd[0]:.2f}", f"{cost.per_mw_musd[1]:.2f}",
                                                   f"{cost.per_mw_musd[2]:.2f} M USD/MW"]
    assert _table_row(page, "per compute rack")[1:] == [f"{cost.per_rack_musd[0]:.3f}",
                                                       f"{cost.per_rack_musd[1]:.3f}",
                                                       f"{cost.per_rack_musd[2]:.3f} M USD"]
    text = _page(page)
    assert f"The expected {cost.per_mw_musd[1]:.2f} M USD/MW lies within" in text
    assert f"The direct cost is {cost.direct_usd / 1e6:.1f} M USD" in text
    assert f"The indirect cost is {cost.indirect_usd / 1e6:.1f} M USD" in text
    phases = ", ".join(m(p.expected_usd) for p in cost.phases[:-1]) + f" and {m(cost.phases[-1].expected_usd)}"
    assert f"The {NUMBER_WORDS[len(cost.phases)]} phases cost {phases} M USD" in text


@pytest.mark.slow
def test_annual_page_shows_what_compare_prints_for_the_site(capsys):
    """docs/annual.md: the table of the four variants planned from the Washington site file is what
    `retrofit compare` prints for them."""
    assert main(["compare", str(WASHINGTON / "site.yaml"), "--variant", "base:heat_rejection=adiabatic",
                 "--variant", "r48:racks=48,redundancy=N+1", "--variant", "dry:heat_rejection=dry",
                 "--variant", "v415:voltage=415", "--tariff", str(WASHINGTON / "tariff.yaml"),
                 "--workers", "1"]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    shown = _code_block_after(DOCS / "annual.md", "On the Washington site file")
    assert printed[:len(shown)] == shown
