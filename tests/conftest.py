"""Test-suite settings shared by every test directory."""
from __future__ import annotations

import os

from hypothesis import settings

# CI runs every property test with the same examples, so a red run is reproducible and never a coin toss;
# locally they explore new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
