"""Shared fixtures of the cost tests: the Washington site planned once (phases, no N-1 studies) and its estimate."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.io.load import load

WASHINGTON = Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "site.yaml"


@pytest.fixture(scope="session")
def washington_site():
    return load(WASHINGTON)


@pytest.fixture(scope="session")
def washington_cost_plan(washington_site):
    from retrofit.planning import plan
    from retrofit.planning.planner import PlanOptions
    return plan(washington_site, PlanOptions(contingencies=False))


@pytest.fixture(scope="session")
def washington_estimate(washington_cost_plan):
    assert washington_cost_plan.cost is not None
    return washington_cost_plan.cost
