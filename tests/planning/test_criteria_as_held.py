"""The plan states what it holds otherwise than asked, with the reason. Washington's
criteria allow 35 °C, the planner holds 30 °C so that the CRAHs' supply air (30 + 3 K coil approach) stays
2 K below the 35 °C rack inlet limit (retrofit.planning.basis.facility_setpoint_k)."""
from __future__ import annotations

from retrofit.report.inventory import criteria_and_goal


def _row(design):
    return next(r for r in criteria_and_goal(design)["criteria"] if r["name"] == "t_fws_setpoint")


def test_setpoint_asked_and_held_with_the_reason(washington_plan, washington):
    row = _row(washington_plan.proposed)
    assert row["value"] == "35.0 °C asked, 30.0 °C held"
    assert row["held_c"] == [30.0]
    assert row["reason"].startswith("CRAH supply air 33 °C must stay below the 35 °C rack inlet limit")
    assert row["reason"] in row["basis"]
    # the site as surveyed has no facility loop: the criterion reads as asked
    assert "reason" not in _row(washington) and "held" not in _row(washington)["value"]

