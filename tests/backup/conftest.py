"""The small planning site planned once with a backup policy, shared by the tests of this folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planning"))
from planning_paths import SMALL  # noqa: E402  - the planning tests' small site

POLICY = {"gpu_racks": {"kind": "ups_minutes", "minutes": 5}, "cdus": {"kind": "ups_minutes", "minutes": 5},
          "cooling_pumps": {"kind": "generator", "minutes": 5}, "ups_model": "eaton-9395xr-1500kw",
          "generator_model": "cat-c175-16-3000kw-13.8kv"}
"""UPS for the GPU racks and CDUs, 13.8 kV standby generators for the cooling pumps."""


@pytest.fixture(scope="session")
def planned():
    """The plan of the small site with :data:`POLICY` (a few seconds)."""
    from retrofit.io.load import load
    from retrofit.model.backup import BackupPolicy
    from retrofit.planning import plan
    site = load(SMALL)
    site.goal.backup = BackupPolicy.model_validate(POLICY)
    return plan(site)
