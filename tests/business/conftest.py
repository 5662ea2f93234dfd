"""Fixtures of the business-case tests: the small planning site."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.io.load import load

SMALL = Path(__file__).resolve().parents[1] / "planning" / "data" / "small-site.yaml"


@pytest.fixture(scope="session")
def small_site():
    return load(SMALL)
