"""The plan command collects garbage less often (retrofit.gc_thresholds) and gives the thresholds back."""
from __future__ import annotations

import gc

from retrofit.gc_thresholds import LARGE_RUN_THRESHOLDS, collect_less_often


def test_thresholds_are_set_and_the_old_ones_returned():
    before = gc.get_threshold()
    try:
        assert collect_less_often() == before
        assert gc.get_threshold() == LARGE_RUN_THRESHOLDS
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)
