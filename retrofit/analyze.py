"""``analyze``: every analysis of a design, collected as one JSON-ready result keyed by element id."""
from __future__ import annotations

import sys
import types
from concurrent.futures import Executor

from .model import Design


def analyze(design: Design, *, contingencies: bool = True, executor: Executor | None = None) -> dict:
    """Cooling first (its pump and fan power are electrical loads), then the electrical analysis, then PUE.

    Returns
    -------
    dict
        ``{"site", "electrical", "cooling", "layout", "pue"}``; every number has its unit in its key name.
    """
    from .cooling.analysis import analyze_cooling
    from .electrical.analysis import analyze_electrical
    from .layout import layout_results
    from .pue import pue_summary

    cooling = analyze_cooling(design)
    electrical = analyze_electrical(design, cooling_power_w=cooling.get("electric_power_w"),
                                    contingencies=contingencies, executor=executor)
    return {"site": design.site.name, "electrical": electrical, "cooling": cooling,
            "layout": layout_results(design), "pue": pue_summary(design, electrical, cooling)}


class _CallableModule(types.ModuleType):
    """``retrofit.analyze`` is both this module and, called, its :func:`analyze` function: importing the
    submodule replaces the package attribute, so the package API stays ``retrofit.analyze(design)``."""

    def __call__(self, design: Design, **options) -> dict:
        return analyze(design, **options)


sys.modules[__name__].__class__ = _CallableModule
