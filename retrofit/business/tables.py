"""The programme's machine-readable tables beside the PDF plan: the schedule's activities and the business
case's monthly cash flow, whole, as CSV."""
from __future__ import annotations

import csv
import io

from ..schedule.programme import schedule_csv

SCHEDULE_FILE = "programme-schedule.csv"
CASH_FLOW_FILE = "business-case-monthly.csv"
CASH_COLUMNS = ("month_index", "month", "mining_kw", "gpu_it_kw", "leased_kw", "mining_net_usd", "gpu_revenue_usd",
                "gpu_costs_usd", "capex_usd", "conversion_usd", "keep_mining_usd", "incremental_usd", "cumulative_usd")


def cash_flow_csv(business: dict) -> str:
    """The monthly cash flow of a business case (:meth:`BusinessCase.as_dict`) as CSV [kW, USD]."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CASH_COLUMNS)
    for m in business.get("months") or []:
        w.writerow([m.get(c, "") for c in CASH_COLUMNS])
    return buf.getvalue()


def programme_tables(results: dict) -> dict[str, str]:
    """``{file name: CSV text}`` of the plan's schedule and business case (empty without them)."""
    plan = results.get("plan") or {}
    out = {}
    if plan.get("schedule"):
        out[SCHEDULE_FILE] = schedule_csv(plan["schedule"])
    if plan.get("business"):
        out[CASH_FLOW_FILE] = cash_flow_csv(plan["business"])
    return out


__all__ = ["CASH_FLOW_FILE", "SCHEDULE_FILE", "cash_flow_csv", "programme_tables"]
