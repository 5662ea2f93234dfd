"""Annual integration against a hand calculation on a two-hour weather file.

Source: a two-hour EPW file written here (a cool hour and a hot, dry hour, in the EnergyPlus EPW data
dictionary layout) for the pilot hall; the hand calculation takes each hour's plant from
:func:`retrofit.cooling.plant.solve_plant` (an independent solve at that hour's ambient), adds the
constant loads of the design (CDU pumps, facility pumps, air movers, other loads), the electrical
losses :math:`P_0 + (P_{lf,loss} - P_0)(P/P_{lf})^2`, and forms the definitions: energy = sum of hourly
kW x 1 h; PUE = facility / IT energy (The Green Grid, White Paper 49, 2012); partial PUE = (IT +
subsystem) / IT; WUE = water [L] / IT energy [kWh] (The Green Grid, White Paper 35, 2011); cost =
energy x price + each month's peak x demand charge + water x water price.
Kind: consistency check.
Tolerance: fan power and water of the hourly solve agree with solve_plant to 1e-5 relative (roots at
1e-7 K, see test_plant_hours.py), which bounds every sum here at 1e-5 relative.
"""
from __future__ import annotations

import numpy as np
import pytest

from retrofit.annual.controls import ControlOptions
from retrofit.annual.simulate import AnnualOptions, simulate_year
from retrofit.annual.tariff import Tariff
from retrofit.cooling.plant import solve_plant
from retrofit.cooling.plant_records import Ambient
from retrofit.weather.epw import read_epw

from annual_epw_writer import epw_text
from annual_fixtures import july, pilot, pilot_basis  # noqa: F401 - fixtures

REL = 1e-5
LOC = {"city": "Two hours", "state": "WA", "country": "USA", "source": "test", "wmo": "0", "latitude_deg": 47.2,
       "longitude_deg": -119.3, "time_zone_h": -8.0, "elevation_m": 356.0}
# (year, month, day, hour, dry bulb degC, dew point degC, RH %, station pressure Pa)
HOURS = [(2001, 1, 15, 6, 5.0, -2.0, 60, 97100), (2001, 7, 20, 15, 38.0, 8.0, 16, 97100)]
TARIFF = Tariff(energy_usd_per_kwh=0.05, demand_usd_per_kw_month=6.0, water_usd_per_m3=2.0)


@pytest.fixture(scope="module")
def two_hours(tmp_path_factory):
    path = tmp_path_factory.mktemp("weather") / "two-hours.epw"
    path.write_text(epw_text(LOC, HOURS), encoding="latin-1")
    return read_epw(path)


def test_annual_sums_equal_the_hand_calculation(pilot_basis, two_hours):
    b = pilot_basis
    ctrl = ControlOptions(supply_reset_max_k=0.0)
    result = simulate_year(b, two_hours, AnnualOptions(controls=ctrl, tariff=TARIFF))
    assert two_hours.hours == 2 and not two_hours.synthetic
    # by hand, hour by hour
    rejection, water_m3, facility, it = [], [], [], []
    for h in range(2):
        plant_kw, fans_kw, pumps_kw, cdus_kw = 0.0, 0.0, 0.0, 0.0
        w = 0.0
        for lid, bank, units, loop, drives in b.loops:
            p = solve_plant(bank, units, Ambient(two_hours.t_dry_bulb_k[h], two_hours.t_wet_bulb_k[h], b.altitude_m),
                            loop)
            fans_kw += p.electric_power_w / 1e3
            w += p.water_kg_s * 3600.0 / 1000.0          # kg/s over one hour at 1 L/kg
            pumps_kw += drives.facility_pump_electric_w / 1e3
            cdus_kw += drives.cdu_electric_w / 1e3
        air_kw = (b.air_scaled_w + b.air_fixed_w) / 1e3
        served_kw = b.it_w / 1e3 + fans_kw + pumps_kw + cdus_kw + air_kw + b.other_w / 1e3
        losses_kw = (b.no_load_loss_w + b.load_loss_lf_w * (served_kw * 1e3 / b.served_lf_w) ** 2) / 1e3
        rejection.append(fans_kw)
        water_m3.append(w)
        facility.append(served_kw + losses_kw)
        it.append(b.it_w / 1e3)
    e_it, e_fac, e_fans = sum(it), sum(facility), sum(rejection)
    assert result.energy_kwh["it"] == pytest.approx(e_it, rel=1e-12)
    assert result.energy_kwh["heat_rejection"] == pytest.approx(e_fans, rel=REL)
    assert result.energy_kwh["facility"] == pytest.approx(e_fac, rel=REL)
    assert result.pue_annual == pytest.approx(e_fac / e_it, rel=REL)
    assert result.partial_pue["heat_rejection"] == pytest.approx((e_it + e_fans) / e_it, rel=REL)
    assert result.water_m3 == pytest.approx(sum(water_m3), rel=REL)
    assert result.wue_l_per_kwh == pytest.approx(sum(water_m3) * 1000.0 / e_it, rel=REL)
    assert result.peak_demand_kw == pytest.approx(max(facility), rel=REL)
    cost = e_fac * 0.05 + (facility[0] + facility[1]) * 6.0 + sum(water_m3) * 2.0    # two months, one hour each
    assert result.cost["total_usd"] == pytest.approx(cost, rel=REL, abs=0.01)
    assert sum(result.hours_by_mode.values()) == 2
    assert result.hours_by_mode["adiabatic"] == (1 if water_m3[1] > 0 else 0)
    assert result.to_json()["design_point"]["label"].startswith("design-point PUE")
