"""The hourly plant solve against the design-point plant solve, hour by hour.

Source: :func:`retrofit.cooling.plant.solve_plant` (the project's design-point balance, itself checked
in tests/unit and tests/peers) on the pilot hall's facility loop, solved independently at each ambient
and load; the part-load bank is rebuilt by hand from the control sequences of docs/annual.md (rack heat
times x, facility flow times max(x, 0.3), UA rescaled with ``heat_exchange.ua_at_flows``, pump heat
times the speed cubed, room heat times x).
Kind: consistency check.
Tolerance: the hourly solve stops its fan-speed and floating-supply roots at 1e-7 K of the leaving water
(``ROOT_TOLERANCE_K``), solve_plant at 1e-15 of speed and 1e-12 K: temperatures agree to 1e-6 K; fan
power (cube of a speed known to ~1e-7 relative) and water to 1e-5 relative.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from retrofit.annual.controls import ControlOptions, pump_power_fraction
from retrofit.annual.plant_hours import plant_hours
from retrofit.cooling import heat_exchange as hx
from retrofit.cooling.chillers import AirCooledChillerRating
from retrofit.cooling.fluid_coolers import DryCoolerRating
from retrofit.cooling.plant import solve_plant
from retrofit.cooling.plant_records import Ambient, CduBank

from annual_fixtures import july, pilot, pilot_basis  # noqa: F401 - fixtures

T_ABS = 1e-6
REL = 1e-5
NO_RESET = ControlOptions(supply_reset_max_k=0.0)
# dry bulb, wet bulb [K]: winter, a mild day, the 0.4 % day, the 43 degC extreme of the pilot's climate
AMBIENTS = [(268.15, 266.0), (290.0, 283.0), (309.65, 293.15), (316.15, 295.03)]


def _loop(basis):
    return basis.loops[0][1:]


def _scaled(bank: CduBank, loop, drives, x: float, n: float):
    a = bank.arrays()
    m_fac = a["flow_facility_kg_s"] * n
    ua = hx.ua_at_flows(a["ua_w_k"], a["flow_tcs_kg_s"], m_fac, a["flow_tcs_kg_s"], a["flow_facility_kg_s"])
    b = dataclasses.replace(bank, heat_w=a["heat_w"] * x, flow_facility_kg_s=m_fac, ua_w_k=np.asarray(ua),
                            flow_tcs_kg_s=a["flow_tcs_kg_s"], cp_tcs_j_kg_k=a["cp_tcs_j_kg_k"],
                            cp_facility_j_kg_k=a["cp_facility_j_kg_k"], t_tcs_setpoint_k=a["t_tcs_setpoint_k"],
                            pump_heat_w=a["pump_heat_w"], in_service=a["in_service"])
    lp = dataclasses.replace(loop, pump_heat_w=drives.facility_pump_shaft_w * pump_power_fraction(n)
                             + drives.room_heat_w * x)
    return b, lp


def _compare(h, i, p):
    assert h.t_facility_supply_k[i] == pytest.approx(p.t_facility_supply_k, abs=T_ABS)
    assert h.heat_load_w[i] == pytest.approx(p.heat_load_w, rel=1e-12)
    units_power = p.electric_power_w - (p.chiller.electric_power_w if p.chiller else 0.0)
    assert h.rejection_power_w[i] == pytest.approx(units_power, rel=REL)
    assert h.water_kg_s[i] == pytest.approx(p.water_kg_s, rel=REL, abs=1e-12)
    assert bool(h.held[i]) == bool(p.setpoint_held)
    if p.chiller is not None:
        assert h.chiller_power_w[i] == pytest.approx(p.chiller.electric_power_w, rel=REL, abs=1e-6)


@pytest.mark.parametrize("x", [1.0, 0.6, 0.2])
def test_each_hour_equals_solve_plant(pilot_basis, x):
    bank, units, loop, drives = _loop(pilot_basis)
    tdb, twb = np.array(AMBIENTS).T
    h = plant_hours(bank, units, loop, drives, tdb, twb, pilot_basis.altitude_m, x, NO_RESET)
    b, lp = _scaled(bank, loop, drives, x, max(x, NO_RESET.pump_min_speed))
    for i, (t, w) in enumerate(AMBIENTS):
        _compare(h, i, solve_plant(b, units, Ambient(t, w, pilot_basis.altitude_m), lp))


def test_floating_supply_equals_solve_plant(pilot_basis):
    bank, units, loop, drives = _loop(pilot_basis)
    low = dataclasses.replace(loop, t_supply_setpoint_k=loop.t_supply_setpoint_k - 8.0)
    tdb, twb = np.array(AMBIENTS).T
    h = plant_hours(bank, units, low, drives, tdb, twb, pilot_basis.altitude_m, 1.0, NO_RESET)
    assert not h.held.all()
    for i, (t, w) in enumerate(AMBIENTS):
        _compare(h, i, solve_plant(bank, units, Ambient(t, w, pilot_basis.altitude_m), low))


def test_trim_chiller_in_series_equals_solve_plant(pilot_basis):
    bank, units, loop, drives = _loop(pilot_basis)
    dry = [dataclasses.replace(u, model="dry_cooler", rating=DryCoolerRating(
        **{f.name: getattr(u.rating, f.name) for f in dataclasses.fields(DryCoolerRating)})) for u in units]
    trim = dataclasses.replace(loop, trim_chiller=AirCooledChillerRating(1.5e6, 3.0))
    tdb, twb = np.array(AMBIENTS).T
    h = plant_hours(bank, dry, trim, drives, tdb, twb, pilot_basis.altitude_m, 1.0, NO_RESET)
    assert h.chiller_heat_w[-1] > 0.0
    for i, (t, w) in enumerate(AMBIENTS):
        _compare(h, i, solve_plant(bank, dry, Ambient(t, w, pilot_basis.altitude_m), trim))


def test_supply_reset_is_the_highest_setpoint_every_cdu_holds(pilot_basis):
    bank, units, loop, drives = _loop(pilot_basis)
    tdb, twb = np.array(AMBIENTS).T
    ctrl = ControlOptions(supply_reset_max_k=5.0)
    for x in (1.0, 0.5):
        h = plant_hours(bank, units, loop, drives, tdb, twb, pilot_basis.altitude_m, x, ctrl)
        sp = h.t_supply_setpoint_k
        assert np.all(sp >= loop.t_supply_setpoint_k) and np.all(sp <= loop.t_supply_setpoint_k + 5.0 + 1e-12)
        held = h.held
        assert np.all(h.cdu_excess_max_k[held] <= 1e-9)          # every CDU holds its TCS setpoint
        b, lp = _scaled(bank, loop, drives, x, max(x, ctrl.pump_min_speed))
        for i, (t, w) in enumerate(AMBIENTS):                     # and the rest is solve_plant at that setpoint
            _compare(h, i, solve_plant(b, units, Ambient(t, w, pilot_basis.altitude_m),
                                       dataclasses.replace(lp, t_supply_setpoint_k=float(sp[i]))))
