"""The business case: monthly cash flow of converting to GPU colocation against keeping the miners running.

Both cases share the mining formulas; the conversion adds the GPU capacity as each phase comes ready for
service and loses the miners each phase stops (:mod:`retrofit.schedule.load_profile`).

Per month, with ``d`` days and ``h = 24 d`` hours:

- mining revenue = hashprice x (P_mining / fleet efficiency) x d x uptime, the hashprice changing by
  its yearly rate (compounded monthly); mining energy = P_mining x h x uptime x energy price; demand
  charge on P_mining; in a month where revenue does not cover energy and demand charge the miners are
  curtailed (margin 0); mining opex per MW of miners is paid either way;
- GPU revenue = colocation rate x kW leased, each phase's IT power leased linearly over the ramp months
  from its ready-for-service date; the tenant's energy (IT x utilisation x PUE) and demand charges are
  billed at cost when passed through (they then cancel and are left out), otherwise paid by the site;
  maintenance as a share of the capex of the phases in service, staff per MW of IT in service, water per
  MWh of heat;
- capex of each phase spread evenly over the months from its order release to its ready-for-service date.

The incremental cash flow (conversion less keep-mining) gives the NPV at the discount rate (monthly,
compounded), the IRR (monthly, given as a yearly rate) and the payback month. Cash flows are before tax
and financing, in current USD without inflation, with no terminal value: an estimate for a decision
between options, every assumption printed with its source.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .assumptions import Assumption
from .finance import annual_rate, irr, monthly_rate, npv, payback_period

#: Inputs the sensitivity chart swings (the others are switches or the horizon) [-].
SENSITIVITY_INPUTS = ("colocation_usd_per_kw_month", "capex_multiplier", "hashprice_usd_per_ph_day",
                      "hashprice_change_percent_per_year", "energy_price_usd_per_mwh", "fleet_efficiency_j_per_th",
                      "discount_rate_percent", "ramp_months", "demand_charge_usd_per_kw_month",
                      "mining_opex_usd_per_mw_year", "staff_usd_per_mw_year", "maintenance_percent_of_capex_per_year",
                      "mining_uptime_percent", "gpu_it_utilisation_percent")
#: Bars of the sensitivity chart [-].
TORNADO_BARS = 8
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class PhaseCash:
    """What the business case needs of a phase.

    Attributes
    ----------
    phase : int
        Phase [-].
    order : datetime.date
        Order release (capex starts) [-].
    ready_for_service : datetime.date
        GPU capacity can be leased from this date [-].
    it_kw : float
        IT power the phase adds [kW].
    capex_usd : float
        Facility capex of the phase [USD].
    pue : float
        PUE of the site once the phase is live [-].
    """

    phase: int
    order: dt.date
    ready_for_service: dt.date
    it_kw: float
    capex_usd: float
    pue: float


@dataclass(frozen=True)
class MonthCash:
    """Cash flow of one month [USD] and its loads [kW]."""

    month: dt.date
    mining_kw: float
    gpu_it_kw: float
    leased_kw: float
    mining_net_usd: float
    gpu_revenue_usd: float
    gpu_costs_usd: float
    capex_usd: float
    conversion_usd: float
    keep_mining_usd: float
    incremental_usd: float
    cumulative_usd: float


@dataclass(frozen=True)
class Swing:
    """One bar of the sensitivity chart: the NPV with the input at its low and its high value [USD]."""

    name: str
    low: float
    high: float
    npv_low_usd: float
    npv_high_usd: float

    @property
    def swing_usd(self) -> float:
        """|NPV(high) - NPV(low)| [USD]."""
        return abs(self.npv_high_usd - self.npv_low_usd)


@dataclass
class BusinessCase:
    """The business case of the conversion against keeping the miners (see the module docstring).

    Attributes
    ----------
    months : list of MonthCash
        Monthly cash flow [USD].
    npv_usd : float
        NPV of the incremental cash flow [USD].
    irr_percent_per_year : float or None
        IRR of the incremental cash flow, as a yearly rate [%].
    payback_months, discounted_payback_months : int or None
        Months from the start until the cumulative incremental cash flow (undiscounted; discounted) is no
        longer negative [month].
    npv_conversion_usd, npv_keep_mining_usd : float
        NPV of each case on its own [USD].
    capex_usd : float
        Facility capex of every phase [USD].
    assumptions : list of Assumption
        Every input with its source.
    tornado : list of Swing
        The largest swings of the NPV, largest first.
    """

    months: list[MonthCash] = field(default_factory=list)
    npv_usd: float = 0.0
    irr_percent_per_year: float | None = None
    payback_months: int | None = None
    discounted_payback_months: int | None = None
    npv_conversion_usd: float = 0.0
    npv_keep_mining_usd: float = 0.0
    capex_usd: float = 0.0
    assumptions: list[Assumption] = field(default_factory=list)
    tornado: list[Swing] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain JSON-ready data."""
        return {
            "estimate": True,
            "npv_usd": round(self.npv_usd, 0), "irr_percent_per_year": None if self.irr_percent_per_year is None
            else round(self.irr_percent_per_year, 2),
            "payback_months": self.payback_months, "discounted_payback_months": self.discounted_payback_months,
            "npv_conversion_usd": round(self.npv_conversion_usd, 0),
            "npv_keep_mining_usd": round(self.npv_keep_mining_usd, 0), "capex_usd": round(self.capex_usd, 0),
            "assumptions": [{"name": a.name, "value": a.value, "low": a.low, "high": a.high, "unit": a.unit,
                             "class": a.cls, "source": a.source} for a in self.assumptions],
            "tornado": [{"name": s.name, "low": s.low, "high": s.high, "npv_low_usd": round(s.npv_low_usd, 0),
                         "npv_high_usd": round(s.npv_high_usd, 0)} for s in self.tornado],
            "months": [{"month": m.month.isoformat(), "month_index": t + 1, "mining_kw": round(m.mining_kw, 1),
                        "gpu_it_kw": round(m.gpu_it_kw, 1), "leased_kw": round(m.leased_kw, 1),
                        "mining_net_usd": round(m.mining_net_usd, 0), "gpu_revenue_usd": round(m.gpu_revenue_usd, 0),
                        "gpu_costs_usd": round(m.gpu_costs_usd, 0), "capex_usd": round(m.capex_usd, 0),
                        "conversion_usd": round(m.conversion_usd, 0), "keep_mining_usd": round(m.keep_mining_usd, 0),
                        "incremental_usd": round(m.incremental_usd, 0), "cumulative_usd": round(m.cumulative_usd, 0)}
                       for t, m in enumerate(self.months)],
        }


def _mining_net(a: dict[str, float], kw: float, days: int, t: int) -> float:
    """Net mining cash of a month with ``kw`` of miners, ``t`` months from the start [USD]."""
    up = a["mining_uptime_percent"] / 100
    hashprice = a["hashprice_usd_per_ph_day"] * (1 + a["hashprice_change_percent_per_year"] / 100) ** (t / 12)
    ph = kw * 1e3 / a["fleet_efficiency_j_per_th"] / 1e3
    revenue = hashprice * ph * days * up
    energy = kw / 1e3 * 24 * days * up * a["energy_price_usd_per_mwh"]
    margin = revenue - energy - kw * a["demand_charge_usd_per_kw_month"]
    return max(margin, 0.0) - kw / 1e3 * a["mining_opex_usd_per_mw_year"] / 12


def _ramp(day: dt.date, rfs: dt.date, ramp_months: float) -> float:
    if day < rfs:
        return 0.0
    if ramp_months <= 0:
        return 1.0
    return min(1.0, (day - rfs).days / (ramp_months * DAYS_PER_MONTH))


def _ramp_days(month: dt.date, days: int, rfs: dt.date, ramp_months: float) -> float:
    """Sum of :func:`_ramp` over the ``days`` days from ``month`` [day]: 0.0 before service and the month's
    day count once the ramp is complete (the same values the day-by-day sum gives, without summing them),
    the day-by-day sum while it ramps."""
    if month + dt.timedelta(days - 1) < rfs:
        return 0.0
    if _ramp(month, rfs, ramp_months) >= 1.0:
        return float(days)
    return sum(_ramp(month + dt.timedelta(i), rfs, ramp_months) for i in range(days))


def cash_flows(values: dict[str, float], loads: list, phases: list[PhaseCash], existing_mining_kw: float,
               ) -> list[MonthCash]:
    """Monthly cash flow of both cases (see the module docstring).

    Parameters
    ----------
    values : dict of str to float
        Input values by name (see ``catalogs/business-defaults.yaml``).
    loads : list of MonthlyLoad
        Mining and GPU IT load by month (:func:`retrofit.schedule.load_profile.monthly_load`).
    phases : list of PhaseCash
        The phases.
    existing_mining_kw : float
        Miners before the conversion [kW].

    Returns
    -------
    list of MonthCash
    """
    a = values
    out = []
    cumulative = 0.0
    spread = []
    for p in phases:
        first = dt.date(p.order.year, p.order.month, 1)
        n = max(1, (p.ready_for_service.year - first.year) * 12 + p.ready_for_service.month - first.month + 1)
        spread.append((first, n, p.capex_usd * a["capex_multiplier"] / n))
    passed = a["energy_pass_through"] >= 0.5
    for t, row in enumerate(loads):
        month = row.month
        nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        days = (nxt - month).days
        leased = sum(p.it_kw * _ramp_days(month, days, p.ready_for_service, a["ramp_months"]) / days for p in phases)
        live = [p for p in phases if p.ready_for_service <= month]
        pue = live[-1].pue if live else (phases[0].pue if phases else 1.0)
        drawn_mwh = leased * a["gpu_it_utilisation_percent"] / 100 * 24 * days / 1e3
        revenue = a["colocation_usd_per_kw_month"] * leased
        costs = (a["maintenance_percent_of_capex_per_year"] / 100 / 12 * sum(p.capex_usd * a["capex_multiplier"]
                                                                                for p in live)
                 + row.gpu_it_kw / 1e3 * a["staff_usd_per_mw_year"] / 12 + drawn_mwh * a["water_usd_per_mwh"])
        if not passed:
            costs += drawn_mwh * pue * a["energy_price_usd_per_mwh"] + leased * pue * a["demand_charge_usd_per_kw_month"]
        capex = sum(c for first, n, c in spread
                    if 0 <= (month.year - first.year) * 12 + month.month - first.month < n)
        mining = _mining_net(a, row.mining_kw, days, t)
        keep = _mining_net(a, existing_mining_kw, days, t)
        conversion = mining + revenue - costs - capex
        cumulative += conversion - keep
        out.append(MonthCash(month, row.mining_kw, row.gpu_it_kw, leased, mining, revenue, costs, capex, conversion,
                             keep, conversion - keep, cumulative))
    return out


def _summary(values: dict[str, float], months: list[MonthCash]) -> tuple[float, float | None, float, float]:
    r = monthly_rate(values["discount_rate_percent"] / 100)
    flows = [0.0] + [m.incremental_usd for m in months]
    rate = irr(flows)
    return (npv(r, flows), None if rate is None else annual_rate(rate) * 100,
            npv(r, [0.0] + [m.conversion_usd for m in months]), npv(r, [0.0] + [m.keep_mining_usd for m in months]))


def business_case(inputs: dict[str, Assumption], loads: list, phases: list[PhaseCash],
                  existing_mining_kw: float) -> BusinessCase:
    """The business case with its sensitivity (see the module docstring).

    Parameters
    ----------
    inputs : dict of str to Assumption
        :func:`retrofit.business.assumptions.assumptions`.
    loads : list of MonthlyLoad
        Load by month over the horizon.
    phases : list of PhaseCash
        The phases.
    existing_mining_kw : float
        Miners before the conversion [kW].

    Returns
    -------
    BusinessCase
    """
    values = {k: a.value for k, a in inputs.items()}
    months = cash_flows(values, loads, phases, existing_mining_kw)
    value, rate, conv, keep = _summary(values, months)
    r = monthly_rate(values["discount_rate_percent"] / 100)
    flows = [0.0] + [m.incremental_usd for m in months]
    out = BusinessCase(months, value, rate, payback_period(flows), payback_period(flows, r), conv, keep,
                       sum(p.capex_usd for p in phases) * values["capex_multiplier"],
                       [inputs[k] for k in sorted(inputs)])
    swings = []
    for name in SENSITIVITY_INPUTS:
        a = inputs[name]
        if a.low == a.high:
            continue
        ends = []
        for v in (a.low, a.high):
            changed = dict(values, **{name: v})
            ends.append(_summary(changed, cash_flows(changed, loads, phases, existing_mining_kw))[0])
        swings.append(Swing(name, a.low, a.high, ends[0], ends[1]))
    swings.sort(key=lambda s: (-s.swing_usd, s.name))
    out.tornado = swings[:TORNADO_BARS]
    return out


__all__ = ["BusinessCase", "MonthCash", "PhaseCash", "SENSITIVITY_INPUTS", "Swing", "TORNADO_BARS", "business_case",
           "cash_flows"]
