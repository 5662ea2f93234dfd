"""Inputs of the conversion programme: its start date, the utility capacity by date, and the business case.

The schedule's activities and durations come from the catalogs (``catalogs/lead-times.yaml``,
``catalogs/schedule-durations.yaml``); the business case's defaults from ``catalogs/business-defaults.yaml``.
What the input gives here overrides them.
"""
from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import Record
from .quantity import Qty


class UtilityStep(Record):
    """Capacity the utility makes available to the converted (GPU) load from a date on."""

    date: dt.date = Field(description="date (YYYY-MM-DD) from which the capacity is available")
    capacity: Qty("apparent power") = Field(description="service capacity available to the converted load from "
                                                        "that date (the miners still running use what the contracted "
                                                        "capacity leaves)")


class ProgrammeSchedule(Record):
    """When the conversion starts and when the utility's capacity arrives."""

    start: dt.date = Field(description="date (YYYY-MM-DD) the programme starts: design and orders begin")
    utility_capacity: list[UtilityStep] = Field(
        default_factory=list, max_length=24,
        description="capacity for the converted load by date, in date order; the phases follow it (each phase's "
                    "GPU demand fits the step it waits for) and the last step equals the utility capacity; empty: "
                    "the whole contracted capacity from the start")

    @model_validator(mode="after")
    def _steps_in_order(self):
        dates = [s.date for s in self.utility_capacity]
        if any(b <= a for a, b in zip(dates, dates[1:])):
            raise ValueError("utility_capacity steps must be in strictly increasing date order")
        return self


class BusinessInputs(Record):
    """Overrides of the business case's defaults (``catalogs/business-defaults.yaml``); each unset field keeps
    its catalog default, which the plan prints with its source."""

    energy_price_usd_per_mwh: float | None = Field(None, ge=0, le=1000, description="energy price paid for the site's consumption [USD/MWh]")
    demand_charge_usd_per_kw_month: float | None = Field(None, ge=0, le=200, description="demand charge on the peak demand [USD/kW-month]")
    hashprice_usd_per_ph_day: float | None = Field(None, ge=0, le=5000, description="mining revenue per unit of hash rate (hashprice) [USD/(PH/s)/day]")
    hashprice_change_percent_per_year: float | None = Field(None, ge=-90, le=100, description="yearly change of the hashprice [%/year]")
    fleet_efficiency_j_per_th: float | None = Field(None, gt=0, le=500, description="energy per hash of the mining fleet [J/TH]; unset: from the site's miners (their power over their hash rate) or the catalog default")
    mining_uptime_percent: float | None = Field(None, gt=0, le=100, description="share of the time the miners hash [%]")
    mining_opex_usd_per_mw_year: float | None = Field(None, ge=0, le=1e7, description="mining operations and repairs, per MW of miners running [USD/MW-year]")
    colocation_usd_per_kw_month: float | None = Field(None, ge=0, le=2000, description="GPU colocation revenue per kW of IT capacity leased [USD/kW-month], power billed separately")
    energy_pass_through: bool | None = Field(None, description="the GPU tenant pays the energy and demand charges of its load (IT x PUE) at cost")
    ramp_months: int | None = Field(None, ge=0, le=60, description="months from a phase's completion to its capacity fully leased (linear)")
    gpu_it_utilisation_percent: float | None = Field(None, gt=0, le=100, description="average IT power drawn over the design IT power of the racks leased [%]")
    maintenance_percent_of_capex_per_year: float | None = Field(None, ge=0, le=20, description="facility maintenance per year as a share of the facility capex [%/year]")
    staff_usd_per_mw_year: float | None = Field(None, ge=0, le=1e7, description="operations staff of the converted capacity per MW of IT [USD/MW-year]")
    water_usd_per_mwh: float | None = Field(None, ge=0, le=100, description="water and treatment per MWh of heat rejected [USD/MWh]")
    discount_rate_percent: float | None = Field(None, ge=0, le=50, description="yearly discount rate of the NPV [%/year]")
    horizon_years: int | None = Field(None, ge=1, le=30, description="years of cash flow from the programme's start")


__all__ = ["BusinessInputs", "ProgrammeSchedule", "UtilityStep"]
