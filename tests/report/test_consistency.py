"""One result object feeds every page: figures printed more than once agree with each other and with the JSON.

The PDF text is read back with pypdf. Regression checks of the project's own faces (no published source):
the figures are compared as the formatter prints them, so a figure re-derived or rounded differently on one
page fails here.
"""
from __future__ import annotations

import re

import pytest

from report_paths import WASHINGTON
from retrofit.business.programme import phase_capex_usd
from retrofit.io.load import load
from retrofit.planning.sizing import size
from retrofit.report.formatting import money
from retrofit.report.floor_layout import busway_routes, floor_layout

pytestmark = pytest.mark.slow

BUSWAY_PER_RACK_MAX_M = 25.0        # issue 12 acceptance for Washington


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _section(pages: list[str], title: str) -> str:
    """Text of the section headed ``title`` (numbered), from its heading line to the next section's heading line
    (a section may start part-way down a page, after the one before)."""
    first = next((i for i, p in enumerate(pages) if re.match(r"1\s+Executive summary", p.strip())), 0)
    lines = "\n".join(pages[first:]).splitlines()        # from the summary on: not the contents' lines
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"(\d+)\s+{re.escape(title)}", line.strip()))
    number_ = int(lines[start].split()[0])
    end = next((i for i in range(start + 1, len(lines))
                if re.fullmatch(rf"{number_ + 1}\s+[A-Z].*", lines[i].strip())), len(lines))
    return _flat(" ".join(lines[start:end]))


def test_phase_capex_adds_up_to_the_total(washington_run):
    plan = washington_run.results["plan"]
    phases, bom = plan["phases"], plan["bom"]
    assert len(phases) > 1
    # each figure is rounded to the dollar: the sum may differ from the total by half a dollar a phase
    assert sum(p["capex_usd"] for p in phases) == pytest.approx(bom["capex_facility_usd"], abs=0.5 * len(phases))


def test_figures_printed_more_than_once_agree(washington_run, washington_pages):
    r = washington_run.results
    plan, bom = r["plan"], r["plan"]["bom"]
    summary = _section(washington_pages, "Executive summary")
    bom_page = _section(washington_pages, "Bill of materials and capex")
    phasing = _section(washington_pages, "Phasing")
    facility = money(plan["cost"]["expected_usd"])       # the cost estimate's expected facility capex
    assert f"Capex, facility {facility}" in summary and f"Capex, facility {facility}" in bom_page
    assert facility in phasing
    for p in plan["phases"]:
        assert money(phase_capex_usd(p)) in summary and money(phase_capex_usd(p)) in phasing
    # every "M USD" figure labelled facility capex anywhere in the document is the same one
    everything = _flat(" ".join(washington_pages))
    assert set(re.findall(r"Capex, facility ([\d,.]+ M USD)", everything)) == {facility}
    # rack counts: summary, last phase, bill of materials
    n = plan["selection"]["compute_racks"]
    assert f"{n:,} GB300 NVL72" in summary and plan["phases"][-1]["compute_racks"] == n
    racks = [i for i in bom["items"] if i["item"] == "rack" and i["model"] == "gb300-nvl72"]
    assert racks[0]["quantity"] == n


def test_facility_supply_temperature_is_one_figure(washington_run, washington_pages):
    """Every facility supply temperature the design sections print (summary of the plant, schematic, sizing,
    calculations) is the one the cooling analysis holds, whatever its printed precision; the single-failure
    section and its appendix rows print the supply after each outage, which differs on purpose."""
    everything = " ".join(_section(washington_pages, t) for t in
                          ("Executive summary", "Capacity and reuse assessment", "Cooling design", "Calculations"))
    found = [float(x) for x in re.findall(r"(?:facility supply(?: held at its setpoint)?|fw-[\w-]+ supply) "
                                           r"(\d+(?:\.\d+)?) °C", everything)]
    assert len(found) >= 3
    plants = washington_run.results["cooling"]["plants"]
    basis = washington_run.results["cooling"]["design_basis"]
    expected = {round(p[basis]["t_facility_supply_c"], 1) for p in plants.values() if basis in p}
    assert {round(x, 1) for x in found} == expected


def test_busway_lengths_have_one_source(washington_run):
    """The BOM's busway metres are the design's busway lengths (which the voltage drop uses), and the routes the
    floor plan draws have those lengths."""
    design = washington_run.analysed
    bom = washington_run.results["plan"]["bom"]
    lengths = {b.id: float(b.length.to("m").magnitude) for b in design.electrical.busways}
    metres = sum(i["quantity"] for i in bom["items"] if i["item"] == "busway")
    assert metres == pytest.approx(sum(lengths.values()), abs=0.05)
    hall = design.halls[0].id
    routes = busway_routes(design, hall, floor_layout(design, hall, washington_run.results))
    assert len(routes) == len(lengths)
    for route in routes:
        assert route["length_m"] == pytest.approx(lengths[route["id"]], abs=0.06)   # lengths kept to 0.1 m
    n = washington_run.results["plan"]["selection"]["compute_racks"]
    assert metres / n <= BUSWAY_PER_RACK_MAX_M


def test_summary_binding_constraint_is_retrofit_size(washington_run, washington_pages):
    sizing = size(load(WASHINGTON))
    summary = _section(washington_pages, "Executive summary")
    name = sizing["binding_site"]
    assert f"Binding constraint {name.replace('_', ' ')}: {sizing['constraints'][name]['max_racks']:,} racks" in summary


#: Page budget of the Washington body (cover to the last section, before the appendix): about 50 pages for the
#: plan of issue 12, plus the protection, annual-energy and cross-domain failure sections added since (8 pages).
BODY_PAGES_MAX = 60


def test_washington_body_is_short(washington_pages):
    first_appendix = next(i for i, p in enumerate(washington_pages) if p.strip().startswith("Appendix"))
    assert first_appendix <= BODY_PAGES_MAX
