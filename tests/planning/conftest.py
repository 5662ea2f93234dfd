"""Shared fixtures of the planning tests: the example sites and plans computed once per session."""
from __future__ import annotations

import pytest

from planning_paths import SMALL, WASHINGTON
from retrofit.io.load import load


@pytest.fixture(scope="session")
def washington():
    return load(WASHINGTON)


@pytest.fixture(scope="session")
def small_site():
    return load(SMALL)


@pytest.fixture(scope="session")
def washington_plan(washington):
    from retrofit.planning import plan
    return plan(washington)


@pytest.fixture(scope="session")
def planning_basis_2n(washington):
    """The plan basis of the Washington site: 2N power, N+1 cooling."""
    from retrofit.planning.basis import plan_basis
    return plan_basis(washington)
