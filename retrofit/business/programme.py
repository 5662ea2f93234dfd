"""The plan's programme: the dated schedule of its phases and the business case that follows from it.

The schedule starts on ``goal.schedule.start``. Without a start date the programme is still worked out
from a nominal start (:data:`NOMINAL_START`, a Monday) and reported in weeks and months from the start,
without dates. The capex of each phase is the cost estimate's expected value when the plan has one
(:mod:`retrofit.cost`), otherwise the phase's priced bill of materials.
"""
from __future__ import annotations

import datetime as dt

from ..catalog import Catalog
from ..schedule.load_profile import monthly_load
from ..schedule.phase_work import phase_work
from ..schedule.programme import Schedule, build_schedule
from ..units import magnitude
from .assumptions import assumptions
from .case import BusinessCase, PhaseCash, business_case

#: Start of a programme whose input gives no date; only offsets from it are reported [-].
NOMINAL_START = dt.date(2001, 1, 1)


def phase_capex_usd(phase: dict) -> float:
    """Facility capex of a phase: the cost estimate's expected value, else the priced bill of materials [USD]."""
    cost = phase.get("cost")
    if isinstance(cost, dict) and isinstance(cost.get("expected_usd"), (int, float)):
        return float(cost["expected_usd"])
    return float(phase.get("capex_usd") or 0.0)


def programme(existing, phases: list[dict], catalog: Catalog | None = None) -> tuple[Schedule, BusinessCase, bool]:
    """The schedule and the business case of a plan's phases.

    Parameters
    ----------
    existing : Design
        The existing site (goal, miners).
    phases : list of dict
        :func:`retrofit.planning.phasing.phase_plan` output (with ``cost`` when the plan has a cost estimate).
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    schedule : Schedule
    business : BusinessCase
    dated : bool
        The input gives a start date (otherwise the dates are offsets from :data:`NOMINAL_START`).
    """
    sched_in = existing.goal.schedule if existing.goal is not None else None
    dated = sched_in is not None
    start = sched_in.start if dated else NOMINAL_START
    schedule = build_schedule(phase_work(phases), start, catalog)
    inputs = assumptions(existing, catalog)
    months = int(inputs["horizon_years"].value) * 12
    existing_kw = sum(magnitude(m.p_rated, "W") * m.count for m in existing.loads.miners) / 1e3
    steps = [(d.mining_stop, float(p.get("mining_kw") or 0.0), d.ready_for_service, float(p.get("it_kw") or 0.0))
             for p, d in zip(phases, schedule.phases)]
    loads = monthly_load(start, months, existing_kw, steps)
    before = 0.0
    cash = []
    for p, d in zip(phases, schedule.phases):
        it = float(p.get("it_kw") or 0.0)
        cash.append(PhaseCash(d.phase, d.start, d.ready_for_service, max(0.0, it - before), phase_capex_usd(p),
                              float(p.get("pue") or 1.0)))
        before = max(before, it)
    return schedule, business_case(inputs, loads, cash, existing_kw), dated


def programme_dicts(existing, phases: list[dict], catalog: Catalog | None = None) -> tuple[dict, dict]:
    """:func:`programme` as plain JSON-ready data: ``(schedule, business)``; each says whether it is dated."""
    schedule, business, dated = programme(existing, phases, catalog)
    s = schedule.as_dict()
    b = business.as_dict()
    if not dated:  # offsets only: the nominal dates mean nothing
        for rec in [s] + s["activities"] + s["phases"] + s["outages"] + b["months"]:
            for key in ("start", "finish", "mining_stop", "ready_for_service", "month"):
                rec.pop(key, None)
    s["dated"] = b["dated"] = dated
    return s, b


__all__ = ["NOMINAL_START", "phase_capex_usd", "programme", "programme_dicts"]
