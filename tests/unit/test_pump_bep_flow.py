"""A facility pump's best-efficiency flow from its bep_flow field (consistency check of the wiring)."""
from __future__ import annotations

import pytest

from retrofit.cooling.loops import pump_curve
from retrofit.model.cooling import PumpCurvePoint
from retrofit.units import Q_


def test_bep_flow_given_sets_the_preferred_region():
    points = [PumpCurvePoint(flow=Q_(q, "L/s"), head=Q_(h, "m")) for q, h in ((0, 45.5), (125, 42.9), (250, 35.0), (325, 27.8))]
    curve = pump_curve(points, 0.86, Q_(250, "L/s"))
    assert curve.bep_flow == pytest.approx(0.25)
    assert pump_curve(points, 0.86).bep_flow is None
