"""The generated campus of ``benchmarks/electrical.py``, for the unit tests of the electrical analysis and
the N-1: one loader of the benchmark's generator, and the small two-hall campus several tests share."""
from __future__ import annotations

import importlib.util
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "electrical.py"

SMALL = dict(halls=2, feeders_per_side=1, blocks_per_feeder=2, racks_per_row=4)
"""Two halls, one A and one B feeder each with two unit substations, four racks per row (121 outages)."""


def campus_yaml(**kwargs) -> str:
    """The benchmark campus generator (:func:`campus_yaml` of ``benchmarks/electrical.py``), loaded from its file."""
    spec = importlib.util.spec_from_file_location("retrofit_electrical_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.campus_yaml(**kwargs)


def small_campus():
    """The :data:`SMALL` campus as a loaded design."""
    import retrofit

    return retrofit.load_text(campus_yaml(**SMALL), "campus.yaml")
