"""Retrofit planning: capacity per constraint, reuse assessment, upgrade selection (MILP), layout and
assignment, the proposed design, bill of materials and phasing.

Public entry points: :func:`size`, :func:`reuse`, :func:`plan` (with :class:`PlanResult` and
:class:`PlanOptions`); :func:`write_design` (from :mod:`retrofit.io.write`) writes the proposed design.
"""
from ..io.write import write_design
from .planner import PlanOptions, PlanResult, plan
from .reuse import reuse
from .selection import SelectionInfeasible
from .sizing import size

__all__ = ["PlanOptions", "PlanResult", "SelectionInfeasible", "plan", "reuse", "size", "write_design"]
