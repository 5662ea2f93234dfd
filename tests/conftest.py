"""Test-suite settings shared by every test directory."""
from __future__ import annotations

import os

from hypothesis import settings

# The N-1 stays serial in tests (retrofit.electrical.contingency_pool); tests that want the forked pool
# ask for it with run_contingencies(..., processes=N).
os.environ.setdefault("RETROFIT_N1_PROCESSES", "1")

# CI runs every property test with the same examples, so a red run is reproducible and never a coin toss;
# locally they explore new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
