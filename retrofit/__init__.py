"""retrofit: plan the conversion of ASIC mining halls into GB300 NVL72 liquid-cooled AI racks.

The public API is small and the command line uses it:

- :func:`load` and :func:`load_text` read a design file into a typed :class:`~retrofit.model.Design`;
- :func:`load_catalog` gives the equipment catalogs;
- :func:`analyze` runs the electrical and cooling analyses of a design file or Design and returns
  :class:`~retrofit.results.Results`: a DataFrame per kind of element, ``raw`` the results dict;
- :func:`load_results` reads the results JSON that ``retrofit analyze --json`` or ``plan --json`` wrote;
- ``check``, ``size`` and ``plan`` review, size and plan a design.

Every name is imported on first use, so that ``retrofit --version`` or a ``validate`` does not pay for
CoolProp, scipy's solvers or reportlab.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["InputError", "Results", "RetrofitError", "analyze", "check", "load", "load_catalog", "load_results",
           "load_text", "plan", "size", "__version__"]


def __getattr__(name: str):
    # explicit imports by name (PEP 562), resolved on first use
    if name in ("InputError", "RetrofitError"):
        from . import errors

        return getattr(errors, name)
    if name in ("load", "load_text"):
        from .io import load as load_module

        return getattr(load_module, name)
    if name == "load_catalog":
        from .catalog import load_catalog

        return load_catalog
    if name == "analyze":
        # the module, callable as the public entry (see retrofit/analyze.py); ``from . import analyze`` here
        # would ask this very function for the attribute again and recurse
        import retrofit.analyze

        return retrofit.analyze
    if name in ("Results", "load_results"):
        from .results import Results

        return Results if name == "Results" else Results.load
    if name == "check":
        from .review.registry import run_rules

        return run_rules
    if name in ("size", "plan"):
        from .planning import planner, sizing

        return sizing.size if name == "size" else planner.plan
    raise AttributeError(f"module 'retrofit' has no attribute {name!r}")
