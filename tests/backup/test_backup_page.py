"""The backup-policies page formats the comparison it is given (no plan run: a results dict built from the
pilot variant's comparison)."""
from __future__ import annotations

import sys
from pathlib import Path

from retrofit.planning.backup import backup_policies_json
from retrofit.report.backup_pages import backup_section
from retrofit.report.pipeline import PlanRun
from retrofit.report.sections import Context

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design  # noqa: E402  - the unit tests' pilot variant


def test_page_lists_every_policy():
    d = design()
    rows = backup_policies_json(d)
    assert [r["policy"] for r in rows] == ["none", "ride_through", "ups_5min", "generator"]
    none, gen = rows[0], rows[-1]
    assert none["capex_usd"] == 0 and none["ups_loss_kw"] == 0.0
    assert gen["capex_usd"] > rows[2]["capex_usd"] > 0  # generators cost on top of the UPS
    assert gen["scenarios_gpu_ride"] == gen["scenarios"]
    ctx = Context(PlanRun(d, d, {"backup_policies": rows}))
    flow = backup_section(ctx)
    assert len(flow) >= 3


def test_no_page_without_the_comparison():
    d = design()
    assert backup_section(Context(PlanRun(d, d, {}))) == []
