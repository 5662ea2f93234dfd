"""The N-1 on forked worker processes (``run_contingencies(..., processes=)``) gives the serial results.

Workers inherit the prepared N-1 (context and outage index) instead of receiving it, take ranges of
elements and send back verdicts as arrays; these tests force the pool on a small generated campus (the
generator of ``benchmarks/electrical.py``) and compare every outage with the serial run: consistency
checks, no published values.
"""
from __future__ import annotations

import gc
import math
import os

import pytest

from retrofit.electrical import contingency, contingency_pool
from retrofit.electrical.contingency import run_contingencies
from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.loadflow import solve_load_flow

from benchmark_campus import small_campus

needs_fork = pytest.mark.skipif(not contingency_pool.fork_available(), reason="no 'fork' start method")


@pytest.fixture(scope="module")
def study():
    """Two halls, one A and one B feeder each with two unit substations, four racks per row: 121 outages."""
    design = small_campus()
    dg = build_design_grid(design)
    return design, dg, solve_load_flow(dg.grid)


LIMITS = [
    {"max_loading_percent": 100.0, "max_transformer_percent": 120.0, "v_min_pu": 0.90, "v_max_pu": 1.06},
    # tight enough that every outage has violations, in the intact feeders and in the re-solved ones
    {"max_loading_percent": 20.0, "max_transformer_percent": 40.0, "v_min_pu": 0.995, "v_max_pu": 1.0},
]


@needs_fork
@pytest.mark.parametrize("limits", LIMITS)
def test_forked_pool_gives_the_serial_results(study, limits):
    design, dg, base = study
    serial = run_contingencies(design, dg, base, limits=limits)
    for processes in (2, 3):
        forked = run_contingencies(design, dg, base, limits=limits, processes=processes)
        assert [r.as_json() for r in forked] == [r.as_json() for r in serial]
        assert [r.element for r in forked] == [r.element for r in serial]
    assert sum(len(r.violations) for r in serial) > (len(serial) if limits["v_max_pu"] == 1.0 else 0)


@needs_fork
def test_forked_pool_with_the_newton_method(study):
    design, dg, base = study
    serial = run_contingencies(design, dg, base, method="newton")
    forked = run_contingencies(design, dg, base, method="newton", processes=2)
    assert [r.as_json() for r in forked] == [r.as_json() for r in serial]


def test_bad_process_counts_are_refused(study):
    design, dg, base = study
    for bad in (0, -1, 1.5, "many", True):
        with pytest.raises(ValueError, match="processes"):
            run_contingencies(design, dg, base, processes=bad)


def test_auto_stays_serial_below_the_threshold(study, monkeypatch):
    monkeypatch.delenv(contingency_pool.PROCESSES_VARIABLE, raising=False)
    design, dg, base = study
    monkeypatch.setattr(contingency, "forked_map", None)  # any pool would fail
    results = run_contingencies(design, dg, base, processes="auto")
    assert len(results) < contingency_pool.MIN_OUTAGES
    assert contingency_pool.pool_processes(len(results)) == 1


def test_pool_processes_rules(monkeypatch):
    monkeypatch.delenv(contingency_pool.PROCESSES_VARIABLE, raising=False)
    monkeypatch.setattr(contingency_pool, "usable_cores", lambda: 4)
    monkeypatch.setattr(contingency_pool, "fork_available", lambda: True)
    monkeypatch.setattr(contingency_pool.threading, "active_count", lambda: 1)
    monkeypatch.setattr(contingency_pool, "_load_average", lambda: 0.2)
    big = contingency_pool.MIN_OUTAGES
    assert contingency_pool.pool_processes(big) == 4
    assert contingency_pool.pool_processes(big - 1) == 1
    monkeypatch.setattr(contingency_pool, "_load_average", lambda: 2.5)  # one core and a half busy
    assert contingency_pool.pool_processes(big) == 2
    monkeypatch.setattr(contingency_pool, "_load_average", lambda: 3.5)  # no core to spare
    assert contingency_pool.pool_processes(big) == 1
    monkeypatch.setattr(contingency_pool, "_load_average", lambda: math.nan)  # not reported: every core
    assert contingency_pool.pool_processes(big) == 4
    monkeypatch.setattr(contingency_pool.threading, "active_count", lambda: 2)  # forking threads can deadlock
    assert contingency_pool.pool_processes(big) == 1
    monkeypatch.setattr(contingency_pool.threading, "active_count", lambda: 1)
    monkeypatch.setattr(contingency_pool.multiprocessing, "parent_process", lambda: object())  # in a pool's worker
    assert contingency_pool.pool_processes(big) == 1
    monkeypatch.setattr(contingency_pool.multiprocessing, "parent_process", lambda: None)
    monkeypatch.setattr(contingency_pool, "fork_available", lambda: False)
    assert contingency_pool.pool_processes(big) == 1
    monkeypatch.setattr(contingency_pool, "fork_available", lambda: True)
    monkeypatch.setattr(contingency_pool, "usable_cores", lambda: 1)
    assert contingency_pool.pool_processes(big) == 1


def test_the_environment_variable_overrides_the_rules(monkeypatch):
    variable = contingency_pool.PROCESSES_VARIABLE
    monkeypatch.setenv(variable, "1")
    assert contingency_pool.pool_processes(10 ** 6) == 1
    monkeypatch.setenv(variable, "3")
    assert contingency_pool.pool_processes(10) == (3 if contingency_pool.fork_available() else 1)
    for bad in ("0", "two", "-2"):
        monkeypatch.setenv(variable, bad)
        with pytest.raises(ValueError, match=variable):
            contingency_pool.pool_processes(10)


def test_usable_cores_follow_the_affinity():
    assert 1 <= contingency_pool.usable_cores() <= (os.cpu_count() or 1)


def test_frozen_heap_restores_the_collector():
    assert gc.get_freeze_count() == 0
    with contingency_pool.frozen_heap():
        assert gc.get_freeze_count() > 0
        with contingency_pool.frozen_heap():  # nested: left to the outer one
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
