"""What each of the planner's phases brings to the schedule: its purchases, IT power, miners, walls, cut-overs."""
from __future__ import annotations

import datetime as dt

from .catalog_data import item_category
from .programme import PhaseWork


def phase_work(phases: list[dict]) -> list[PhaseWork]:
    """The :class:`PhaseWork` of each phase of :func:`retrofit.planning.phasing.phase_plan`.

    The procurement categories are those of the phase's bill-of-materials lines; the MV lineups cut over
    are its new MV switchgear (at least one when it lays MV cable); the LV switchboards are those that
    feed racks for the first time in the phase; the IT power is what the phase adds.

    Parameters
    ----------
    phases : list of dict
        Phases in order, as the planner gives them.

    Returns
    -------
    list of PhaseWork
    """
    out = []
    fed: set[str] = set()
    it_before = 0.0
    for p in phases:
        items = [i for i in p.get("equipment") or [] if (i.get("quantity") or 0) > 0]
        cats = sorted({c for c in (item_category(i) for i in items) if c is not None})
        mv = sum(int(i["quantity"]) for i in items
                 if i.get("item") == "switchgear / switchboard" and (i.get("model") or "").startswith("mv-"))
        if mv == 0 and any((i.get("item") or "").startswith("MV cable") for i in items):
            mv = 1
        feeding = set(p.get("switchboards_feeding_racks") or [])
        date = p.get("utility_step_date")
        it_kw = float(p.get("it_kw") or 0.0)
        out.append(PhaseWork(
            phase=int(p["phase"]), it_kw=max(0.0, it_kw - it_before), miners_removed=int(p.get("miners_removed") or 0),
            categories=tuple(cats), mv_lineups=mv, lv_switchboards=len(feeding - fed),
            demising_wall_m=float(sum(w["length_m"] for w in p.get("demising_walls") or [])),
            capacity_date=dt.date.fromisoformat(date) if date else None))
        fed |= feeding
        it_before = max(it_before, it_kw)
    return out


__all__ = ["phase_work"]
