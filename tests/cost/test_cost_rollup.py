"""Roll-up identities of the Washington estimate (consistency checks): lines sum to categories sum to the total,
phases sum to the total, low <= expected <= high, the class range; capex per MW against the cited range."""
from __future__ import annotations

import dataclasses

import pytest

from retrofit.catalog import Catalog, load_catalog
from retrofit.cost.estimate import estimate_cost, phase_costs
from retrofit.cost.factors import cost_catalog
from retrofit.cost.lines import DIRECT_ORDER, INDIRECT_ORDER
from retrofit.planning.bom import bill_of_materials

REL = 1e-9


def _facility(lines):
    return [ln for ln in lines if ln.category in DIRECT_ORDER + INDIRECT_ORDER]


def test_lines_sum_to_categories_sum_to_total(washington_estimate):
    e = washington_estimate
    lines = _facility(e.lines)
    assert sum(ln.expected_usd for ln in lines) == pytest.approx(e.expected_usd, rel=REL)
    cats = {c.category: c for c in e.categories}
    for name, c in cats.items():
        mine = [ln for ln in e.lines if ln.category == name and ln.expected_usd is not None]
        assert sum(ln.expected_usd for ln in mine) == pytest.approx(c.expected_usd, rel=REL), name
    assert sum(c.expected_usd for c in e.categories if c.kind == "direct") == pytest.approx(e.direct_usd, rel=REL)
    assert sum(c.expected_usd for c in e.categories if c.kind == "indirect") == pytest.approx(e.indirect_usd, rel=REL)
    assert e.direct_usd + e.indirect_usd == pytest.approx(e.expected_usd, rel=REL)


def test_low_expected_high_in_order(washington_estimate):
    e = washington_estimate
    assert e.low_usd <= e.expected_usd <= e.high_usd
    assert e.lines_low_usd <= e.expected_usd <= e.lines_high_usd
    for ln in e.lines:
        assert ln.low_usd <= ln.expected_usd <= ln.high_usd, ln.item
    for c in e.categories:
        assert c.low_usd <= c.expected_usd <= c.high_usd, c.category
    for p in e.phases:
        assert p.low_usd <= p.expected_usd <= p.high_usd
    assert e.per_mw_musd[0] <= e.per_mw_musd[1] <= e.per_mw_musd[2]


def test_total_range_is_the_aace_class_range(washington_estimate):
    """Class 4 when every used item is priced; the range is the class's worst ends (AACE 18R-97, -30 %/+50 %)."""
    e = washington_estimate
    assert e.estimate_class == 4 and not e.unpriced
    assert e.low_usd == pytest.approx(e.expected_usd * 0.70, rel=1e-9)
    assert e.high_usd == pytest.approx(e.expected_usd * 1.50, rel=1e-9)


def test_phases_sum_to_the_total(washington_cost_plan, washington_estimate):
    e = washington_estimate
    assert len(e.phases) == len(washington_cost_plan.phases) == 3
    for attr in ("expected_usd", "direct_usd", "indirect_usd", "equipment_usd", "low_usd", "high_usd"):
        assert sum(getattr(p, attr) for p in e.phases) == pytest.approx(
            getattr(e, attr), abs=0.05 * len(e.phases)), attr
    for p, d in zip(e.phases, washington_cost_plan.phases):
        assert d["cost"]["expected_usd"] == p.expected_usd


def test_phase_bills_of_materials_add_up_to_the_whole(washington_site, washington_cost_plan, washington_estimate):
    """The phases' equipment, including the growth of groups kept from phase to phase (heat-rejection units,
    CRAHs), equals the whole plan's bill of materials."""
    whole = bill_of_materials(washington_site, None, proposed=washington_cost_plan.proposed)
    steps = sum(p["capex_usd"] for p in washington_cost_plan.phases)
    assert steps == pytest.approx(whole["capex_facility_usd"], abs=2.0)
    assert washington_estimate.phase_residual_usd == pytest.approx(0.0, abs=1.0)


def test_indirect_lines_follow_their_rates(washington_estimate):
    """Each indirect line is its catalog rate times its base (hand-checkable consistency check)."""
    e = washington_estimate
    f = cost_catalog().factors
    by = {ln.model: ln for ln in e.lines}
    direct = e.direct_usd
    assert by["design-engineering"].expected_usd == pytest.approx(f["design-engineering"].value * direct, abs=0.01)
    soft = sum(by[k].expected_usd for k in ("design-engineering", "permits", "general-conditions"))
    fee = by["overhead-profit"].expected_usd
    assert fee == pytest.approx(f["overhead-profit"].value * (direct + soft), abs=0.01)
    assert by["contingency"].expected_usd == pytest.approx(f["contingency"].value * (direct + soft + fee), abs=0.01)


def test_washington_capex_per_mw_within_the_retrofit_range(washington_estimate):
    """Facility capex per MW of IT lies in the retrofit range the docs cite (P. Harvey, Sabre56, Cointelegraph,
    Sept. 2024: 3-5 M USD/MW), brought to 2026 USD by the catalog's escalation rate; no warning."""
    e = washington_estimate
    retro = next(b for b in e.benchmarks if b.role == "retrofit")
    assert retro.low_musd_per_mw_escalated <= e.per_mw_musd[1] <= retro.high_musd_per_mw_escalated
    assert retro.within and not e.warnings
    assert e.p_it_mw == pytest.approx(16.25, abs=0.01) and e.compute_racks == 112


def test_override_changes_only_what_it_should(washington_site, washington_cost_plan, washington_estimate):
    phases = [p["design"] for p in washington_cost_plan.phases]
    walls = [[(w["hall"], w["length_m"]) for w in p["demising_walls"]] if "demising_walls" in p else None
             for p in washington_cost_plan.phases]
    again = estimate_cost(washington_site, washington_cost_plan.proposed, phases=phases, demising_walls=walls,
                          layout=washington_cost_plan.layout, overrides={"contingency": 0.2})
    base = {ln.model: ln.expected_usd for ln in washington_estimate.lines}
    new = {ln.model: ln.expected_usd for ln in again.lines}
    assert new["contingency"] == pytest.approx(2 * base["contingency"], rel=1e-9)
    assert again.direct_usd == pytest.approx(washington_estimate.direct_usd, rel=1e-12)
    listed = phase_costs(washington_site, phases, demising_walls=walls, layout=washington_cost_plan.layout,
                         overrides={"contingency": 0.2})
    assert sum(p.expected_usd for p in listed) == pytest.approx(again.expected_usd, abs=0.2)


def test_an_unpriced_item_is_listed_and_makes_the_estimate_class_5(washington_site, washington_cost_plan):
    """Remove the CRAH's price from a copy of the catalogs: the CRAHs are listed as not priced, the class is 5."""
    base = load_catalog()
    crah = next(g.model for g in washington_cost_plan.proposed.cooling.crahs)
    entries = [dataclasses.replace(e, data={k: v for k, v in e.data.items() if k != "price"}) if e.id == crah else e
               for e in base.entries.values()]
    catalog = Catalog(entries, list(base.tables.values()))
    e = estimate_cost(washington_site, washington_cost_plan.proposed, catalog=catalog)
    assert e.estimate_class == 5 and any(crah in u for u in e.unpriced)
    assert e.high_usd == pytest.approx(2.0 * e.expected_usd, rel=1e-9)
