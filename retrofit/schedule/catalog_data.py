"""The schedule's catalog figures: procurement lead times by equipment category and site-activity durations.

Lead times are in ``catalogs/lead-times.yaml`` (table ``equipment-lead-times``), site durations in
``catalogs/schedule-durations.yaml`` (table ``schedule-durations``). Each figure keeps its class and
source, which the plan prints beside the activity that uses it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, load_catalog

LEAD_TIME_TABLE = "equipment-lead-times"
DURATION_TABLE = "schedule-durations"

#: The procurement category of each bill-of-materials item name (IT racks are the tenant's; the miners'
#: removal is a site activity, not a purchase).
ITEM_CATEGORY = {
    "transformer": "transformer", "switchgear / switchboard": "lv_switchgear", "breaker": "lv_switchgear",
    "PDU": "lv_switchgear", "arc-flash relay": "lv_switchgear", "busway": "busway", "tap box": "busway",
    "UPS": "ups", "generator": "generator", "CDU": "cdu", "facility pump": "pump",
    "heat-rejection unit": "heat_rejection", "CRAH": "crah", "rear-door heat exchanger": "crah",
}
#: Categories installed by the electrical trades (the rest by the mechanical trades) [-].
ELECTRICAL = ("transformer", "power_transformer", "mv_switchgear", "lv_switchgear", "busway", "ups", "generator")
#: Categories factory-witness tested (commissioning level 1) before they ship [-].
FACTORY_TESTED = ("transformer", "power_transformer", "mv_switchgear", "lv_switchgear", "ups", "generator", "cdu")


@dataclass(frozen=True)
class LeadTime:
    """Procurement lead time of one category [week], with its range, class and source."""

    category: str
    weeks: float
    low_weeks: float
    high_weeks: float
    cls: str
    source: str


@dataclass(frozen=True)
class Duration:
    """A site-activity duration or rate (in its ``unit``), with its source."""

    activity: str
    value: float
    unit: str
    source: str


def item_category(item: dict) -> str | None:
    """The procurement category of a bill-of-materials line (None when nothing is bought for the schedule).

    MV switchgear (a model id starting ``mv-``) and MV breakers go to ``mv_switchgear``; cables and pipes to
    ``cable_and_piping``.
    """
    name = item.get("item") or ""
    model = item.get("model") or ""
    if name.startswith(("MV cable", "LV cable", "pipe ")):
        return "cable_and_piping"
    cat = ITEM_CATEGORY.get(name)
    if cat in ("lv_switchgear",) and model.startswith("mv-"):
        return "mv_switchgear"
    return cat


def lead_times(catalog: Catalog | None = None) -> dict[str, LeadTime]:
    """Lead time of each category, from the catalog table."""
    table = (catalog or load_catalog()).table(LEAD_TIME_TABLE)
    return {r["category"]: LeadTime(r["category"], float(r["lead_time"]), float(r["low"]), float(r["high"]),
                                    r["class"], r["source"]) for r in table.rows}


def durations(catalog: Catalog | None = None) -> dict[str, Duration]:
    """Site-activity durations and rates, from the catalog table."""
    table = (catalog or load_catalog()).table(DURATION_TABLE)
    return {r["activity"]: Duration(r["activity"], float(r["value"]), r["unit"], r["source"]) for r in table.rows}


__all__ = ["DURATION_TABLE", "Duration", "ELECTRICAL", "FACTORY_TESTED", "ITEM_CATEGORY", "LEAD_TIME_TABLE",
           "LeadTime", "durations", "item_category", "lead_times"]
