"""The business case: the monthly formulas checked by hand on round numbers, cash-flow identities, the inputs'
provenance and the sensitivity (consistency checks of our own model, not validation)."""
from __future__ import annotations

import datetime as dt

import pytest

from retrofit.business.assumptions import Assumption, assumptions
from retrofit.business.case import PhaseCash, business_case, cash_flows
from retrofit.catalog import load_catalog
from retrofit.model.programme import BusinessInputs
from retrofit.schedule.load_profile import monthly_load

CLASSES = {"published", "secondary", "computed", "estimate"}
START = dt.date(2027, 1, 1)


def _values(**changes) -> dict[str, float]:
    rows = load_catalog().table("business-defaults").rows
    out = {r["name"]: float(r["value"]) for r in rows}
    out.update(changes)
    return out


ROUND = dict(hashprice_usd_per_ph_day=40.0, hashprice_change_percent_per_year=0.0, fleet_efficiency_j_per_th=20.0,
             mining_uptime_percent=100.0, energy_price_usd_per_mwh=50.0, demand_charge_usd_per_kw_month=0.0,
             mining_opex_usd_per_mw_year=12000.0)


def test_mining_month_by_hand():
    # 1,000 kW at 20 J/TH = 50,000 TH/s = 50 PH/s; April has 30 days:
    # revenue 40 x 50 x 30 = 60,000 USD; energy 1 MW x 720 h x 50 = 36,000 USD; opex 12,000 / 12 = 1,000 USD
    loads = monthly_load(dt.date(2027, 4, 1), 1, 1000.0, [])
    m = cash_flows(_values(**ROUND), loads, [], 1000.0)[0]
    assert m.mining_net_usd == pytest.approx(60000 - 36000 - 1000, abs=1e-6)
    assert m.incremental_usd == 0.0


def test_unprofitable_miners_are_curtailed():
    loads = monthly_load(dt.date(2027, 4, 1), 1, 1000.0, [])
    m = cash_flows(_values(**dict(ROUND, energy_price_usd_per_mwh=200.0)), loads, [], 1000.0)[0]
    assert m.mining_net_usd == pytest.approx(-1000.0)          # only the opex


def test_gpu_month_by_hand():
    # 2,000 kW ready for service before the month, no ramp, 150 USD/kW-month, energy passed through,
    # staff 60,000 USD/MW-year: revenue 300,000; staff 2 x 5,000 = 10,000; water 0; maintenance 12 % of 1.2 M / 12
    phase = PhaseCash(1, dt.date(2026, 1, 1), dt.date(2027, 1, 1), 2000.0, 1.2e6, 1.2)
    loads = monthly_load(START, 1, 0.0, [(dt.date(2026, 6, 1), 0.0, dt.date(2027, 1, 1), 2000.0)])
    v = _values(**ROUND, colocation_usd_per_kw_month=150.0, ramp_months=0.0, staff_usd_per_mw_year=60000.0,
                water_usd_per_mwh=0.0, maintenance_percent_of_capex_per_year=12.0, energy_pass_through=1.0,
                capex_multiplier=1.0)
    m = cash_flows(v, loads, [phase], 0.0)[0]
    assert m.gpu_revenue_usd == pytest.approx(300000.0)
    assert m.gpu_costs_usd == pytest.approx(10000.0 + 12000.0)


def test_capex_is_spent_in_full_and_the_ramp_reaches_the_phase_power():
    phases = [PhaseCash(1, dt.date(2027, 3, 15), dt.date(2028, 2, 10), 3000.0, 24e6, 1.2),
              PhaseCash(2, dt.date(2027, 3, 15), dt.date(2028, 9, 1), 2000.0, 12e6, 1.2)]
    loads = monthly_load(START, 60, 4000.0, [(dt.date(2027, 12, 1), 1500.0, dt.date(2028, 2, 10), 3000.0),
                                             (dt.date(2028, 7, 1), 0.0, dt.date(2028, 9, 1), 5000.0)])
    months = cash_flows(_values(capex_multiplier=1.0, ramp_months=6.0), loads, phases, 4000.0)
    assert sum(m.capex_usd for m in months) == pytest.approx(36e6)
    assert months[-1].leased_kw == pytest.approx(5000.0)
    assert months[-1].cumulative_usd == pytest.approx(sum(m.incremental_usd for m in months))
    assert months[0].mining_kw == 4000.0 and months[-1].mining_kw == 0.0


def test_inputs_keep_their_source_and_site_overrides(small_site):
    a = assumptions(small_site)
    for x in a.values():
        assert isinstance(x, Assumption) and x.source and x.low <= x.value <= x.high, x.name
        assert x.cls in CLASSES | {"input"}
    goal = small_site.goal.model_copy(update={"business": BusinessInputs(colocation_usd_per_kw_month=200.0)})
    b = assumptions(small_site.model_copy(update={"goal": goal}))
    assert (b["colocation_usd_per_kw_month"].value, b["colocation_usd_per_kw_month"].cls) == (200.0, "input")


def test_sensitivity_bars_are_sorted_and_move_the_npv_the_right_way(small_site):
    a = assumptions(small_site)
    phases = [PhaseCash(1, dt.date(2027, 5, 1), dt.date(2029, 1, 1), 3000.0, 30e6, 1.2)]
    loads = monthly_load(START, 120, 3000.0, [(dt.date(2028, 10, 1), 0.0, dt.date(2029, 1, 1), 3000.0)])
    case = business_case(a, loads, phases, 3000.0)
    swings = [s.swing_usd for s in case.tornado]
    assert swings == sorted(swings, reverse=True)
    colo = next(s for s in case.tornado if s.name == "colocation_usd_per_kw_month")
    assert colo.npv_high_usd > case.npv_usd > colo.npv_low_usd
    capex = next(s for s in case.tornado if s.name == "capex_multiplier")
    assert capex.npv_high_usd < case.npv_usd < capex.npv_low_usd
