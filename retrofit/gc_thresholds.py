"""Thresholds of Python's cyclic garbage collector for the commands that hold a whole campus in memory.

CPython runs a young collection every 700 net allocations of container objects and, every hundred of those
(when enough objects have lived long enough), a full collection that visits every object alive. A campus's
design, its analyses and the results dict the PDF and JSON are written from are millions of objects that all
live to the end of the command, so the collector spends its time visiting them again and again: in the part
of a Panther Creek ``retrofit plan`` after the planner (review, PDF, JSON) the full collections alone took 2.4 s
of CPU and all collections 2.7 s, 0.7 s with these thresholds (timed with ``gc.callbacks``).
Collecting young objects every 50,000 allocations instead keeps the collector as it is (cycles are still
freed, the same generations, the same heuristics) but runs it about seventy times less often; the outputs do
not change and the peak memory did not grow (see docs/performance.md). In a Panther Creek ``plan-design`` the
step from 10,000 to 50,000 took the collections from about 150 to 33 and their time from 0.32-0.41 s to
0.23-0.27 s of CPU (``gc.callbacks``); holding the loaded design out of collection with :func:`gc.freeze` on
top of that gave nothing measurable, so it is not done.
"""
from __future__ import annotations

import gc

#: (young, middle, old) generation thresholds for a long command over a large design [-]; CPython's default
#: is (700, 10, 10).
LARGE_RUN_THRESHOLDS = (50_000, 10, 10)


def collect_less_often() -> tuple[int, int, int]:
    """Set the collector's thresholds to :data:`LARGE_RUN_THRESHOLDS` for the rest of the process.

    Returns
    -------
    tuple of int
        The thresholds before, for a caller that restores them (``gc.set_threshold(*before)``) [-].
    """
    before = gc.get_threshold()
    gc.set_threshold(*LARGE_RUN_THRESHOLDS)
    return before


__all__ = ["LARGE_RUN_THRESHOLDS", "collect_less_often"]
