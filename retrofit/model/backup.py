"""The backup policy of the goal: what each class of load must ride through when the utility fails."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Record

BACKUP_KINDS = ("none", "ride_through", "ups_minutes", "generator")
LOAD_CLASSES = ("gpu_racks", "network_racks", "cooling_pumps", "cdus", "controls")


class ClassBackup(Record):
    """The backup of one class of load."""

    kind: Literal["none", "ride_through", "ups_minutes", "generator"] = Field(
        "none", description="none: the load stops with the utility; ride_through: only the energy stored in the "
        "equipment itself (PSU hold-up, rack power-shelf storage); ups_minutes: a static UPS with `minutes` of "
        "battery; generator: a UPS bridging `minutes` plus standby generators behind automatic transfer switches")
    minutes: float | None = Field(None, gt=0.0, le=240.0, description="battery autonomy at full load [min]; "
                                  "required by ups_minutes and generator (the bridge until the generators carry the load)")

    @model_validator(mode="after")
    def _minutes_with_ups(self):
        if self.kind in ("ups_minutes", "generator") and self.minutes is None:
            raise ValueError(f"backup kind {self.kind!r} needs minutes of battery (expected a number of minutes, found none)")
        if self.kind in ("none", "ride_through") and self.minutes is not None:
            raise ValueError(f"backup kind {self.kind!r} has no battery; minutes {self.minutes:g} given "
                             "(expected: no minutes, or kind ups_minutes / generator)")
        return self


class BackupPolicy(Record):
    """Backup per class of load. The default (none everywhere) is a mining hall's: loads stop with the utility."""

    gpu_racks: ClassBackup = Field(default_factory=ClassBackup, description="GB300 compute racks")
    network_racks: ClassBackup = Field(default_factory=ClassBackup, description="network racks")
    cooling_pumps: ClassBackup = Field(default_factory=ClassBackup, description="facility-water pumps and heat-rejection fans")
    cdus: ClassBackup = Field(default_factory=ClassBackup, description="coolant distribution units (their pumps)")
    controls: ClassBackup = Field(default_factory=ClassBackup, description="controls, BMS and monitoring")
    ups_model: str | None = Field(None, description="catalog id of the UPS module; none: for each block the UPS entry whose N+1 lineup costs least")
    generator_model: str | None = Field(
        None, description="catalog id of the standby generator; none: the planner chooses, among the catalog's "
        "generators whose voltage fits where the plant connects (the one switchboard above every generator-backed "
        "lineup when its voltage matches, else the service bus), the one whose N+1 plant with its transfer equipment "
        "costs least. A named model is used as it is, even where its voltage fits no bus (the plan then says so)")
    ats_model: str = Field("asco-7000-4000a-480v", description="row id in the ATS table (catalogs/ats.yaml)")

    def of(self, load_class: str) -> ClassBackup:
        """The backup of ``load_class`` (one of LOAD_CLASSES)."""
        if load_class not in LOAD_CLASSES:
            raise KeyError(f"load class {load_class!r}; expected one of {', '.join(LOAD_CLASSES)}")
        return getattr(self, load_class)

    @property
    def is_none(self) -> bool:
        """True when no class has any backup."""
        return all(self.of(c).kind == "none" for c in LOAD_CLASSES)


__all__ = ["BACKUP_KINDS", "LOAD_CLASSES", "BackupPolicy", "ClassBackup"]
