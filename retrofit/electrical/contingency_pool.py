"""Forked worker processes for the N-1: the prepared work is inherited, only index ranges travel.

Sending a prepared N-1 to a process pool means pickling the network, the sweep solver and every outage
batch to each task (about 10 MB at 16 data halls), which costs about what a second process saves. With
the ``fork`` start method (Linux and the other POSIX systems that offer it) a child process starts with a
copy of its parent's memory, so the parent stores the prepared work in a module-level table *before* the
pool forks its workers, and each task carries only a job number and a range of indices; each worker
returns only what the parent needs of its range (compact arrays, chosen by the caller).

:func:`pool_processes` decides when that pays: more than one usable core (``os.sched_getaffinity`` where
the platform has it), ``fork`` available, a single-threaded process (forking a process whose other threads
may hold locks can deadlock the child) that is not itself a pool's worker, at least :data:`MIN_OUTAGES`
outages, and a core left idle by the rest of the machine (the 1-minute load average).
"""
from __future__ import annotations

import gc
import itertools
import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

#: Outages from which a forked pool is used by default. Measured with ``benchmarks/electrical.py
#: --n1-scaling`` on 2 cores (docs/electrical.md, section 8): two workers shorten the critical path by
#: 0-5 % at 921 outages, 6-16 % at 1,841 and 20 % or more from 2,761 on.
MIN_OUTAGES = 2500

_JOBS: dict[int, tuple[Callable, object]] = {}  # job number -> (function, shared work), inherited by forking
_NUMBERS = itertools.count()
_LOCK = threading.Lock()


def fork_available() -> bool:
    """Whether this platform can start processes with ``fork``."""
    return "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """Processors this process may run on (its CPU affinity where the platform reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


#: Environment variable that overrides :func:`pool_processes`: ``1`` (serial), a number of processes, or ``auto``.
PROCESSES_VARIABLE = "RETROFIT_N1_PROCESSES"


def pool_processes(outages: int) -> int:
    """Worker processes for an N-1 of ``outages`` outages: 1 (serial) unless a forked pool pays.

    The environment variable :data:`PROCESSES_VARIABLE` overrides the rules below with a number of
    processes (1: serial; more: a forked pool whatever the size, where ``fork`` is available), or leaves
    them with ``auto``.

    Parameters
    ----------
    outages : int
        Outages in the N-1 [-].

    Returns
    -------
    int
        When there is more than one usable core, ``fork`` is available, this process runs a single
        thread and is not itself a worker of a process pool, and ``outages >= MIN_OUTAGES``: this
        process plus one per core the 1-minute load average leaves idle, at most the usable cores (every
        usable core where no load average is reported); else 1 [-]. On a machine already busy a second
        process only takes time from the others.
    """
    forced = os.environ.get(PROCESSES_VARIABLE, "auto").strip().lower()
    if forced != "auto":
        if not forced.isdigit() or int(forced) < 1:
            raise ValueError(f"environment variable {PROCESSES_VARIABLE}: found {forced!r}, expected a positive "
                             "integer or 'auto'")
        return int(forced) if fork_available() else 1
    cores = usable_cores()
    if (cores < 2 or outages < MIN_OUTAGES or not fork_available() or threading.active_count() > 1
            or multiprocessing.parent_process() is not None):  # a worker of another pool: its cores are taken
        return 1
    load = _load_average()
    if load != load:  # not reported
        return cores
    return max(1, min(cores, 1 + math.floor(cores - load)))


def _load_average() -> float:
    """Runnable processes over the last minute (``os.getloadavg``), NaN where the platform has none [-]."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return math.nan


@contextmanager
def frozen_heap():
    """Leave the objects that exist on entry out of garbage collection until the block ends.

    The N-1 creates tens of thousands of small objects (results, lists of names), whose allocations set off
    full collections that walk the whole heap: the loaded design and its network, hundreds of thousands
    of objects. Freezing them (:func:`gc.freeze`) keeps those collections to the new objects (a fifth of the
    N-1's CPU time at 16 data halls), and a forked worker then does not copy pages just to update their
    collector headers. Nothing is done when the collector is disabled or something already froze objects.
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def forked_map(function: Callable, shared: object, spans: Sequence[tuple[int, int]], processes: int) -> list:
    """``[function(shared, a, b) for a, b in spans]`` on ``processes`` forked workers, in order.

    Parameters
    ----------
    function : callable
        Called in a worker as ``function(shared, a, b)``; what it returns is pickled back, so it should
        be small.
    shared : object
        The prepared work, inherited by the workers (never pickled).
    spans : sequence of (int, int)
        Index ranges, one task each.
    processes : int
        Worker processes [-].

    Returns
    -------
    list
        What ``function`` returned for each span, in the order of ``spans``.
    """
    if not fork_available():
        raise RuntimeError("forked_map needs the 'fork' start method, which this platform does not offer")
    with _LOCK:
        number = next(_NUMBERS)
        _JOBS[number] = (function, shared)
    try:
        with frozen_heap(), ProcessPoolExecutor(max_workers=max(1, min(processes, len(spans))),
                                                mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, [(number, a, b) for a, b in spans]))
    finally:
        with _LOCK:
            del _JOBS[number]


def _run(task: tuple[int, int, int]):
    number, a, b = task
    function, shared = _JOBS[number]
    return function(shared, a, b)


__all__ = ["MIN_OUTAGES", "PROCESSES_VARIABLE", "fork_available", "forked_map", "frozen_heap", "pool_processes",
           "usable_cores"]
