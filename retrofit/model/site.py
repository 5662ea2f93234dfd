"""Site, climate design conditions and utility service."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import Element, Record
from .quantity import Qty


class Climate(Record):
    """Climate design conditions of a site (ASHRAE Handbook—Fundamentals style)."""

    station: str | None = Field(None, description="weather station name and id")
    elevation: Qty("length") | None = Field(None, description="station elevation")
    cooling_db_04: Qty("temperature") = Field(description="0.4 % annual cooling dry bulb")
    cooling_mcwb_04: Qty("temperature") = Field(description="mean coincident wet bulb at the 0.4 % dry bulb")
    evaporation_wb_04: Qty("temperature") | None = Field(None, description="0.4 % evaporation wet bulb")
    extreme_max_db_n20: Qty("temperature") | None = Field(None, description="20-year return extreme maximum dry bulb")
    extreme_max_db_n50: Qty("temperature") | None = Field(None, description="50-year return extreme maximum dry bulb")
    extreme_min_db_n20: Qty("temperature") | None = Field(None, description="20-year return extreme minimum dry bulb")
    heating_db_996: Qty("temperature") | None = Field(None, description="99.6 % annual heating dry bulb")


class Site(Record):
    """Where the hall is and the design climate that applies."""

    name: str = Field(description="site name")
    location: str | None = Field(None, description="town, state or coordinates")
    climate: str | Climate = Field(description="climate catalog id, or the design conditions given inline")
    altitude: Qty("length") = Field(description="site altitude above sea level")
    revision: str | None = Field(None, min_length=1, max_length=12, description="revision of the plan and its drawings, "
                                 "printed in every title block (for example A, B, 1)")
    issued: str | None = Field(None, description="issue date printed in every title block, YYYY-MM-DD; taken from the "
                               "input, never the clock, so that one file always gives the same plan")

    @field_validator("issued")
    @classmethod
    def _iso_date(cls, value):
        if value is None:
            return value
        from datetime import date

        try:
            date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"found {value!r}; expected a date YYYY-MM-DD such as 2026-12-01") from None
        if len(str(value)) != 10:
            raise ValueError(f"found {value!r}; expected a date YYYY-MM-DD such as 2026-12-01")
        return str(value)


class Utility(Element):
    """The utility service: the source of the power topology."""

    id: str = "utility"
    bus: str = Field(description="id of the bus the service connects to")
    voltage: Qty("voltage") = Field(description="nominal service voltage (line to line)")
    capacity: Qty("apparent power") = Field(description="contracted capacity")
    sk: Qty("apparent power") = Field(description="available three-phase short-circuit power at the service (maximum)")
    xr_ratio: float = Field(10.0, gt=0, le=150, description="X/R of the utility source impedance (transmission sources run to about 50; 150 caps a slip that would overflow the fault study)")
    frequency: Qty("frequency") = Field("60 Hz", description="system frequency")
    voltage_pu: float = Field(1.0, gt=0.5, lt=1.5, description="operating voltage at the service in per unit")


class Generator(Element):
    """A standby or prime generator (not a load-flow source unless ``running``)."""

    bus: str = Field(description="bus it connects to")
    rating: Qty("apparent power") = Field(description="nameplate rating")
    voltage: Qty("voltage") = Field(description="rated voltage")
    xd_subtransient: Qty("ratio") = Field("15 %", description="subtransient reactance x\"d")
    running: bool = Field(False, description="in service in the analysed case")
    kind: Literal["diesel", "gas", "turbine"] = "diesel"
