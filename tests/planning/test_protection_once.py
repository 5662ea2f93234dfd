"""The planner writes the protection settings once where it can: after the smoothing BESS (whose converters
feed faults) when the goal has no backup equipment; before the backup equipment otherwise, a BESS then
writing the planner's settings again (``retrofit.planning.planner.protect_around_backup``)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from planning_paths import SMALL
from retrofit.io.load import load
from retrofit.model.backup import BackupPolicy
from retrofit.planning import planner


@pytest.fixture
def calls(monkeypatch):
    log = []

    def swing(design, catalog, existing=None):
        log.append(("swing", existing is not None))
        return design, ["swing note"]

    def protect(design, catalog):
        log.append(("protection", len(design.electrical.ups)))
        return []

    def backup(design, catalog):
        log.append(("backup",))
        return design, ["backup note"]

    monkeypatch.setattr(planner, "place_swing_mitigation", swing)
    monkeypatch.setattr(planner, "set_protection", protect)
    monkeypatch.setattr(planner, "place_backup", backup)
    monkeypatch.setattr(planner, "protection_notes", lambda changes: ["protection note"])
    return log


def test_without_backup_the_settings_are_written_once_after_the_smoothing_storage(calls):
    site = load(SMALL)
    assert site.goal.backup.is_none
    notes = planner.protect_around_backup(SimpleNamespace(design=site), None, site)
    assert calls == [("backup",), ("swing", False), ("protection", 0)]
    assert notes == ["backup note", "swing note", "protection note"]


def test_with_backup_they_are_written_before_it_and_a_bess_writes_them_again(calls):
    site = load(SMALL)
    site.goal.backup = BackupPolicy.model_validate({"gpu_racks": {"kind": "ups_minutes", "minutes": 5}})
    notes = planner.protect_around_backup(SimpleNamespace(design=site), None, site)
    assert calls == [("protection", 0), ("backup",), ("swing", True)]
    assert notes == ["protection note", "backup note", "swing note"]
