"""Iterative kernels signal non-convergence with the residual instead of returning their last iterate."""
from __future__ import annotations

import pytest

from retrofit.cooling import cooling_towers
from retrofit.cooling import heat_rejection as hr
from retrofit.cooling import psychrometrics as psy
from retrofit.errors import NotConverged

P = 101_325.0


def test_saturation_temperature_newton_signals_its_residual(monkeypatch):
    h = psy.saturation_enthalpy(300.0, P)
    assert psy.saturation_temperature_from_enthalpy(h, P, 290.0) == pytest.approx(300.0, abs=1e-8)
    monkeypatch.setattr(psy, "_NEWTON_ITERATIONS", 1)
    with pytest.raises(NotConverged) as caught:
        psy.saturation_temperature_from_enthalpy(h, P, 250.0)
    assert caught.value.iterations == 1 and caught.value.residual > caught.value.tolerance
    assert "did not converge in 1 iterations" in str(caught.value)


def test_wet_bulb_bisection_signals_its_residual(monkeypatch):
    w = psy.humidity_ratio_from_wet_bulb(308.15, 295.15, P)
    assert psy.wet_bulb_from_humidity_ratio(308.15, w, P) == pytest.approx(295.15, abs=1e-7)
    monkeypatch.setattr(psy, "_BISECTION_ITERATIONS", 3)
    with pytest.raises(NotConverged):
        psy.wet_bulb_from_humidity_ratio(308.15, w, P)


def test_tower_fixed_point_signals_its_residual(monkeypatch):
    assert cooling_towers.TOWER_ITERATIONS >= 50
    monkeypatch.setattr(cooling_towers, "TOWER_ITERATIONS", 1)
    model, rating = _tower()
    with pytest.raises(NotConverged, match="cooling tower"):
        model.performance(rating, 308.15, 20.0, 4180.0, 303.15, 297.15, 0.0, speed=1.0)


def _tower():
    from retrofit.catalog import load_catalog
    from retrofit.model import HeatRejection
    from retrofit.planning.capacity import hr_rating

    entry = next(e for e in load_catalog().list() if e.data.get("kind") == "cooling_tower")
    name, rating = hr_rating(HeatRejection(id="t", loop="f", **entry.data), 4180.0)
    return hr.heat_rejection_model(name), rating
