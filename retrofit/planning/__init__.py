"""Retrofit planning: capacity per constraint, reuse assessment, upgrade selection (MILP), layout and
assignment, the proposed design, bill of materials and phasing.

Public entry points: :func:`size`, :func:`plan` (with :class:`PlanResult` and :class:`PlanOptions`);
:func:`write_design` (from :mod:`retrofit.io.write`) writes the proposed design. They are imported on
first use, so that the command line's ``--help`` does not load the solvers. The reuse assessment is
:func:`retrofit.planning.reuse.reuse` (its module has the same name, so the package does not re-export
it: a lazily imported function of that name would be shadowed by the submodule).
"""
from __future__ import annotations

__all__ = ["PlanOptions", "PlanResult", "SelectionInfeasible", "plan", "size", "write_design"]


def __getattr__(name: str):
    if name in ("PlanOptions", "PlanResult", "plan"):
        from . import planner

        return getattr(planner, name)
    if name == "SelectionInfeasible":
        from .selection import SelectionInfeasible

        return SelectionInfeasible
    if name == "size":
        from .sizing import size

        return size
    if name == "write_design":
        from ..io.write import write_design

        return write_design
    raise AttributeError(f"module 'retrofit.planning' has no attribute {name!r}")
