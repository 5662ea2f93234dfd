"""Part-load laws of the annual simulation against the catalog curves they stand for.

Source: the facility-pump curves of catalogs/pumps.yaml (fitted by ``retrofit.cooling.pumps.PumpCurve``)
on a closed-loop system curve :math:`H = H_r (Q/Q_r)^2` through the rated point, solved for the
operating point at each speed with the pump's own ``head(flow, speed_ratio)`` and ``efficiency``; the
heat-rejection fan power of ``retrofit.cooling.fluid_coolers.dry_cooler`` at part speed (AMCA 201 fan
laws as implemented there).
Kind: consistency check (the reduced part-load model against the catalog curves it reduces).
Tolerance: ``closed_form`` for the fan law; for the pump, the operating point is solved with brentq to
1e-14 m3/s, so powers agree to 1e-9 relative (``closed_form``'s 1e-9 with the root's round-off inside).
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq

from retrofit.annual.controls import pump_power_fraction
from retrofit.catalog import load_catalog
from retrofit.cooling.fluid_coolers import DryCoolerRating, dry_cooler
from retrofit.cooling.pumps import PumpCurve
from retrofit.testing import tolerance
from retrofit.units import magnitude, parse_quantity

CLOSED = tolerance("closed_form")
PUMPS = [e for e in load_catalog().list("pump")]


@pytest.mark.parametrize("entry", PUMPS, ids=lambda e: e.id)
@pytest.mark.parametrize("speed", [0.3, 0.5, 0.8])
def test_pump_power_on_a_closed_loop_follows_the_cube_of_speed(entry, speed):
    pts = entry.data["curve"]
    q = [magnitude(parse_quantity(p["flow"], "volume flow"), "m**3/s") for p in pts]
    h = [magnitude(parse_quantity(p["head"], "length"), "m") for p in pts]
    eta = magnitude(parse_quantity(entry.data["efficiency"], "ratio"), "dimensionless")
    bep = magnitude(parse_quantity(entry.data["bep_flow"], "volume flow"), "m**3/s")
    curve = PumpCurve.from_points(q, h, efficiency=eta, bep_flow=bep)
    q_r = bep
    h_r = float(curve.head(q_r))
    k = h_r / q_r**2

    def point(n):
        flow = brentq(lambda x: float(curve.head(x, n)) - k * x * x, 1e-9, float(curve.max_flow(n)), xtol=1e-14)
        return flow, k * flow * flow, float(curve.efficiency(flow, n))

    q_d, h_d, e_d = point(1.0)
    q_n, h_n, e_n = point(speed)
    assert q_n / q_d == CLOSED.approx(speed)
    assert (q_n * h_n / e_n) / (q_d * h_d / e_d) == CLOSED.approx(pump_power_fraction(speed))


@pytest.mark.parametrize("speed", [0.3, 0.6, 0.9])
def test_fan_power_follows_the_fan_law(speed):
    r = DryCoolerRating(1.0e6, 318.15, 24.2, 4130.0, 298.15, 72.0, 20e3)
    full = dry_cooler(r, 318.15, 24.2, 4130.0, 298.15, speed=1.0).electric_power_w
    part = dry_cooler(r, 318.15, 24.2, 4130.0, 298.15, speed=speed).electric_power_w
    assert part / full == CLOSED.approx(speed**3)
