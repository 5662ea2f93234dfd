"""The cost catalog: every row sourced and classed, ranges that hold their values, the AACE classes as printed,
overrides."""
from __future__ import annotations

import pytest

from retrofit.catalog import CLASSES
from retrofit.cost.factors import BASES, cost_catalog
from retrofit.errors import CatalogError


def test_every_factor_has_a_source_a_class_and_a_range():
    costs = cost_catalog()
    assert len(costs.factors) >= 19
    for f in costs.factors.values():
        assert f.source.strip() and f.cls in CLASSES and f.basis in BASES, f.id
        assert 0 <= f.low <= f.value <= f.high, f.id


def test_the_categories_the_issue_names_are_priced():
    """Installation, building and civil, controls, fire protection, leak detection, commissioning, design and
    permits, general conditions, overhead and profit, contingency: each has a row."""
    ids = set(cost_catalog().factors)
    assert {"install-electrical", "install-cooling", "slab-load-spreader", "demising-wall", "exhaust-opening-closure",
            "wall-penetration", "pad-transformer", "pad-heat-rejection", "controls-bms", "fire-protection",
            "leak-detection-rack", "leak-detection-cdu", "commissioning", "design-engineering", "permits",
            "general-conditions", "overhead-profit", "contingency", "arc-flash-relay", "escalation"} <= ids


def test_aace_classes_as_printed():
    """AACE International RP 18R-97 (rev. 2020), Figure 1: expected accuracy ranges, printed to whole percent."""
    c = cost_catalog().classes
    assert (c[4].low_best, c[4].low_worst, c[4].high_best, c[4].high_worst) == (-0.15, -0.30, 0.20, 0.50)
    assert (c[5].low_best, c[5].low_worst, c[5].high_best, c[5].high_worst) == (-0.20, -0.50, 0.30, 1.00)
    assert (c[3].low_worst, c[3].high_worst) == (-0.20, 0.30)


def test_benchmarks_have_a_price_year_and_a_retrofit_range():
    b = cost_catalog().benchmarks
    assert [x.id for x in b.values() if x.role == "retrofit"] == ["mining-conversion-ai-hpc"]
    assert b["cushman-wakefield-2025-us"].low == 9.3 and b["cushman-wakefield-2025-us"].high == 15.0
    assert all(2020 <= x.price_year <= 2026 for x in b.values())


def test_override_moves_the_value_and_scales_the_range():
    costs = cost_catalog().with_overrides({"contingency": 0.2})
    f = costs.factor("contingency")
    assert f.value == 0.2 and f.low == pytest.approx(0.10) and f.high == pytest.approx(0.30)
    assert "override" in f.source


def test_unknown_override_names_the_known_rows():
    with pytest.raises(CatalogError, match="contingency"):
        cost_catalog().with_overrides({"contingencies": 0.2})


def test_docs_cite_every_row():
    """docs/cost.md names every cost-factor row that is a source of its own and every benchmark."""
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "docs" / "cost.md").read_text(encoding="utf-8")
    costs = cost_catalog()
    for b in costs.benchmarks.values():
        assert b.id in text, b.id
    for name in ("Peters", "18R-97", "Catalyst Commissioning", "JLL", "Turner & Townsend", "Cushman & Wakefield",
                 "Sabre56", "Ellsworth"):
        assert name in text, name
