"""Pump curves of the loop networks are fitted once per distinct set of numbers (consistency check: the
fit kept is the fit made afresh from the same points)."""
from __future__ import annotations

from retrofit.cooling.loops import pump_curve
from retrofit.cooling.pumps import PumpCurve
from retrofit.model.cooling import PumpCurvePoint
from retrofit.units import Q_, magnitude


def _points(scale: float = 1.0):
    return [PumpCurvePoint(flow=f"{q * scale} L/s", head=f"{h} m") for q, h in ((0, 40), (300, 36), (500, 30), (650, 22))]


def test_a_curve_is_fitted_once_for_equal_numbers():
    first = pump_curve(_points(), 0.82, Q_(480, "L/s"))
    again = pump_curve(_points(), 0.82, Q_(480, "L/s"))  # other point objects, the same numbers
    assert again is first
    points = _points()
    fresh = PumpCurve.from_points([magnitude(p.flow, "m**3/s") for p in points], [magnitude(p.head, "m") for p in points],
                                  efficiency=0.82, bep_flow=magnitude(Q_(480, "L/s"), "m**3/s"))
    assert first == fresh


def test_other_numbers_give_their_own_curve():
    base = pump_curve(_points(), 0.82)
    assert pump_curve(_points(1.1), 0.82) != base
    assert pump_curve(_points(), 0.80) != base
    assert pump_curve(_points(), 0.82, Q_(480, "L/s")) != base
