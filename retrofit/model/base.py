"""Base classes of the typed design model."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"


class Record(BaseModel):
    """A strict record: unknown keys are errors; plain numbers are finite; quantities are pint Quantities."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, validate_default=True,
                              populate_by_name=True, allow_inf_nan=False)


class Element(Record):
    """An element of the design: a stable id that every result uses, and an optional catalog model.

    ``model`` names a catalog entry; its data fill every field the element does not give itself.
    """

    id: str = Field(pattern=ID_PATTERN, description="stable id used by every result")
    model: str | None = Field(None, description="catalog id whose data fill the fields not given here")
    name: str | None = Field(None, description="free text label")
    notes: str | None = Field(None, description="free text")


# The catalog kind each list of elements draws its ``model`` from.
CATALOG_KIND = {
    "transformers": "transformer",
    "breakers": "breaker",
    "buses": "switchboard",
    "busways": "busway",
    "pdus": "pdu",
    "ups": "ups",
    "generators": "generator",
    "racks": "rack",
    "miners": "miner",
    "cdus": "cdu",
    "pumps": "pump",
    "heat_rejection": "heat_rejection",
    "exhaust_fans": "fan",
    "crahs": "crah",
    "rear_doors": "rear_door",
}
