"""A design over a weather year: the plant of every facility loop at every hour, the air side, the
electrical losses at the hour's load, then annual energy, PUE, water, cost and hours by mode.

The design-point models are reused as they are: the cooling analysis's stages 1-3 give each facility
loop's CDUs, heat-rejection units and drives at design (:mod:`retrofit.cooling.case`,
:mod:`retrofit.cooling.balance`), the electrical analysis gives the losses at the sizing load, and
:func:`.plant_hours.plant_hours` runs the plant over the hours.

Electrical losses (reduced model): transformer no-load losses are constant; every other loss of the
load flow (transformer load loss, cables, busways) scales with the square of the served load,
:math:`P_{loss} = P_0 + (P_{lf,loss} - P_0)(P/P_{lf})^2`, from the same load flow the design-point PUE
uses (the current rises with the load at a nearly constant voltage and power factor).
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

import numpy as np

from ..errors import RetrofitError
from ..model import Design
from ..units import magnitude
from ..weather.year import WeatherYear
from .controls import ControlOptions, speed_fraction
from .plant_hours import LoopDrives, PlantHours, plant_hours
from .records import MODES, SUBSYSTEMS, AnnualResult, HourlySeries
from .tariff import LITRES_PER_KG_WATER, Tariff, annual_cost


@dataclass(frozen=True)
class AnnualOptions:
    """What the annual simulation assumes besides the design and the weather.

    Attributes
    ----------
    utilisation : float
        IT load over design IT power, every hour [-] (used when ``load_profile`` is None).
    load_profile : tuple of float or None
        IT load fraction of each hour [-], one per weather hour.
    controls : ControlOptions
        Control sequences.
    tariff : Tariff or None
        Prices; None leaves the cost out.
    trim_chillers : dict or None
        Facility loop id -> :class:`~retrofit.cooling.chillers.AirCooledChillerRating` of the trim
        chillers added in series after that loop's heat-rejection units (a scenario option), or None.
    """

    utilisation: float = 1.0
    load_profile: tuple | None = None
    controls: ControlOptions = field(default_factory=ControlOptions)
    tariff: Tariff | None = None
    trim_chillers: dict | None = None

    def load_fraction(self, hours: int) -> np.ndarray:
        """IT load fraction of each hour [-]."""
        if self.load_profile is None:
            if not 0.0 < self.utilisation <= 1.0:
                raise RetrofitError(f"utilisation {self.utilisation:g}: expected 0 < utilisation <= 1")
            return np.full(hours, float(self.utilisation))
        x = np.asarray(self.load_profile, dtype=float)
        if x.shape != (hours,):
            raise RetrofitError(f"the load profile has {x.size} values; the weather has {hours} hours")
        if np.any(~np.isfinite(x)) or np.any(x < 0.0) or np.any(x > 1.0):
            raise RetrofitError("load profile values must be fractions of the design IT power, 0..1")
        return x


@dataclass
class DesignBasis:
    """What the hourly simulation takes from the design analysis (computed once per design)."""

    site: str
    altitude_m: float
    loops: list  #: (loop id, CduBank, units, FacilityLoop, LoopDrives)
    it_w: float
    air_scaled_w: float  #: CRAHs and rear doors at design [W]
    air_fixed_w: float  #: exhaust fans [W]
    other_w: float
    no_load_loss_w: float
    load_loss_lf_w: float
    served_lf_w: float
    design_point: dict
    rack_limit_k: float | None
    cooling: dict = field(repr=False, default_factory=dict)
    electrical: dict = field(repr=False, default_factory=dict)


def design_basis(design: Design, analysis: dict | None = None) -> DesignBasis:
    """Run the design-point cooling (stages 1-3) and electrical analyses and keep what the hours need.

    Parameters
    ----------
    design : Design
        The design.
    analysis : dict, optional
        The design's analysis already made (:func:`retrofit.analyze.analyze` or the planner's analysis of its
        proposal): its ``cooling``, ``electrical`` and ``pue`` are taken as they are (the load flow's losses,
        the design-point PUE) instead of being solved again. Each facility loop's hydraulics are solved
        again: the analysis keeps their figures rounded, the hours need them as solved. None solves
        everything here.

    Returns
    -------
    DesignBasis
        Per facility loop its CDUs, units, loop and drives; IT, air-side and other loads [W]; the
        load flow's losses [W]; the design-point PUE.

    Raises
    ------
    RetrofitError
        When a facility loop cannot be solved (no CDUs, pumps or units) or the load flow fails.
    """
    from ..cooling.balance import cdu_bank, plant_setup
    from ..cooling.case import prepare_cooling, solve_hydraulics

    case = prepare_cooling(design)
    hydraulics = solve_hydraulics(case)
    if analysis is None:
        from ..cooling.analysis import cooling_results
        from ..cooling.balance import solve_plants
        from ..electrical.analysis import analyze_electrical
        from ..pue import pue_summary

        plants = solve_plants(case, hydraulics)
        cooling = cooling_results(case, hydraulics, plants, {})
        electrical = analyze_electrical(design, cooling_power_w=cooling.get("electric_power_w"), contingencies=False)
        pue = pue_summary(design, electrical, cooling)
        setups = {lid: plant.setup for lid, plant in plants.items()}
    else:
        cooling, electrical, pue = analysis["cooling"], analysis["electrical"], analysis["pue"]
        setups = {lid: plant_setup(case, fh) for lid, fh in hydraulics.items() if fh.result is not None}
    loops = []
    for lid, fh in hydraulics.items():
        if fh.result is None or not fh.result.converged:
            raise RetrofitError(f"facility loop {lid} cannot be simulated over the year: "
                                f"{fh.diagnosis or fh.result.diagnosis}")
        setup = setups[lid]
        bank, loop = cdu_bank(case, setup, fh.state, fh.result)
        shaft = sum(p.shaft_power for p in fh.result.pumps if p.flow > 0)
        drives = LoopDrives(facility_pump_electric_w=float(sum(p.electric_power for p in fh.result.pumps)),
                            facility_pump_shaft_w=float(shaft),
                            cdu_electric_w=float(sum(fh.state.cdu_pump_w[x.id] for x in fh.cdus)),
                            room_heat_w=float(setup.room_heat_w))
        loops.append((lid, bank, list(setup.units), loop, drives))
    c = design.cooling
    lf = electrical.get("load_flow") or {}
    if not lf.get("converged"):
        raise RetrofitError("the load flow of the design did not solve: the electrical losses over the year are unknown")
    losses_w = float(lf["losses_kw"]) * 1e3
    served_w = float(lf["slack_p_kw"]) * 1e3 - losses_w
    p0 = sum(magnitude(t.no_load_loss, "W") for t in design.electrical.transformers)
    it_w = sum(magnitude(g.p_design, "W") * g.count for g in design.loads.racks)
    it_w += sum(magnitude(g.p_rated, "W") * g.count for g in design.loads.miners)
    limits = [r.t_supply_max_k for racks in case.duties.values() for r in racks if r.t_supply_max_k is not None]
    return DesignBasis(
        site=design.site.name, altitude_m=magnitude(design.site.altitude, "m"), loops=loops, it_w=it_w,
        air_scaled_w=sum(x.count * magnitude(x.power, "W") for x in list(c.crahs) + list(c.rear_doors)),
        air_fixed_w=sum(x.count * magnitude(x.power, "W") for x in c.exhaust_fans),
        other_w=sum(magnitude(x.p, "W") for x in design.loads.other), no_load_loss_w=p0,
        load_loss_lf_w=max(losses_w - p0, 0.0), served_lf_w=served_w,
        design_point={**pue,
                      "label": "design-point PUE: power ratio at the design ambient and design IT power, "
                               "not an annual figure"},
        rack_limit_k=min(limits) if limits else None, cooling=cooling, electrical=electrical)


def _loop_key(bank, units, loop, drives) -> str:
    """Digest of everything a loop's hours depend on: identical loops are solved once."""
    h = hashlib.sha256()
    for k, v in sorted(bank.arrays().items()):
        h.update(k.encode())
        h.update(np.ascontiguousarray(v).tobytes())
    h.update(repr((bank.arrangement, [(u.model, u.rating, u.flow_weight, u.in_service) for u in units], loop,
                   drives)).encode())
    return h.hexdigest()


def _sum_hours(results: list[PlantHours], name: str, n: int) -> np.ndarray:
    return np.sum([getattr(r, name) for r in results], axis=0) if results else np.zeros(n)


def _any_hours(results: list[PlantHours], name: str, n: int) -> np.ndarray:
    return np.any([getattr(r, name) for r in results], axis=0) if results else np.zeros(n, dtype=bool)


def _extreme_hours(results: list[PlantHours], name: str, n: int, reduce=np.max) -> np.ndarray:
    """Per hour, the max (or min) of a temperature over the loops; NaN without a facility loop."""
    return reduce([getattr(r, name) for r in results], axis=0) if results else np.full(n, np.nan)


def simulate_year(basis: DesignBasis, weather: WeatherYear, options: AnnualOptions = AnnualOptions()) -> AnnualResult:
    """Simulate a design over a weather year.

    Parameters
    ----------
    basis : DesignBasis
        From :func:`design_basis`.
    weather : WeatherYear
        Hourly dry bulb, wet bulb [K].
    options : AnnualOptions
        Load profile, controls, tariff, trim chiller.

    Returns
    -------
    AnnualResult
        Energy [kWh], PUE, partial PUE, water [m³], WUE [L/kWh], hours by mode and above limits, peak
        demand [kW], cost [USD], monthly figures.

    Notes
    -----
    Each hour is a steady state held for one hour, so energy in kWh is the sum of the hourly powers in
    kW. PUE = facility energy / IT energy (The Green Grid, *PUE: A Comprehensive Examination of the
    Metric*, White Paper 49, 2012); partial PUE of a subsystem = (IT + subsystem) / IT energy (ibid.);
    WUE = annual site water [L] / IT energy [kWh] (The Green Grid, *Water Usage Effectiveness (WUE)*,
    White Paper 35, 2011).
    """
    n = weather.hours
    x = options.load_fraction(n)
    ctrl = options.controls
    solved: dict[str, PlantHours] = {}
    per_loop = []
    for lid, bank, units, loop, drives in basis.loops:
        if options.trim_chillers and lid in options.trim_chillers:
            loop = dataclasses.replace(loop, trim_chiller=options.trim_chillers[lid])
        key = _loop_key(bank, units, loop, drives)
        if key not in solved:
            solved[key] = plant_hours(bank, units, loop, drives, weather.t_dry_bulb_k, weather.t_wet_bulb_k,
                                      basis.altitude_m, x, ctrl)
        per_loop.append(solved[key])
    it = x * basis.it_w
    sub = {"heat_rejection": _sum_hours(per_loop, "rejection_power_w", n),
           "trim_chiller": _sum_hours(per_loop, "chiller_power_w", n),
           "facility_pumps": _sum_hours(per_loop, "facility_pump_power_w", n),
           "cdus": _sum_hours(per_loop, "cdu_power_w", n),
           "air": basis.air_scaled_w * np.asarray(speed_fraction(x, ctrl.fan_min_speed)) ** 3 + basis.air_fixed_w,
           "other": np.full(n, basis.other_w)}
    served = it + sum(sub.values())
    ratio = served / basis.served_lf_w if basis.served_lf_w > 0 else np.zeros(n)
    sub["electrical_losses"] = basis.no_load_loss_w + basis.load_loss_lf_w * ratio**2
    facility = served + sub["electrical_losses"]
    water_kg_s = _sum_hours(per_loop, "water_kg_s", n)
    water_m3_h = water_kg_s * 3600.0 * LITRES_PER_KG_WATER / 1000.0
    chiller_on = (_sum_hours(per_loop, "chiller_heat_w", n) > 0.0) | _any_hours(per_loop, "parallel_chiller_on", n)
    pads = _any_hours(per_loop, "pads_wet", n)
    mode = np.where(chiller_on, MODES.index("chiller"), np.where(pads, MODES.index("adiabatic"), MODES.index("dry")))
    not_held = ~np.all([r.held for r in per_loop], axis=0) if per_loop else np.zeros(n, dtype=bool)
    infeasible = _any_hours(per_loop, "infeasible", n)
    t_tcs = _extreme_hours(per_loop, "t_tcs_supply_max_k", n)
    above_rack = ((np.nan_to_num(t_tcs, nan=-np.inf) > basis.rack_limit_k + 1e-9) if basis.rack_limit_k is not None
                  else np.zeros(n, dtype=bool))
    e_it = float(np.sum(it)) / 1e3
    energy = {"it": e_it, **{k: float(np.sum(v)) / 1e3 for k, v in sub.items()}}
    energy["facility"] = float(np.sum(facility)) / 1e3
    water_m3 = float(np.sum(water_m3_h))
    monthly = []
    for m in range(1, 13):
        sel = weather.month == m
        if not np.any(sel):
            continue
        it_m, fac_m = float(np.sum(it[sel])) / 1e3, float(np.sum(facility[sel])) / 1e3
        monthly.append({"month": m, "hours": int(np.sum(sel)), "it_mwh": round(it_m / 1e3, 3),
                        "facility_mwh": round(fac_m / 1e3, 3), "pue": round(fac_m / it_m, 4) if it_m > 0 else None,
                        "water_m3": round(float(np.sum(water_m3_h[sel])), 2)})
    peak = int(np.argmax(facility))
    hourly = HourlySeries(
        t_dry_bulb_c=weather.t_dry_bulb_k - 273.15, t_wet_bulb_c=weather.t_wet_bulb_k - 273.15, month=weather.month,
        mode=mode, it_kw=it / 1e3, facility_kw=facility / 1e3, subsystem_kw={k: v / 1e3 for k, v in sub.items()},
        water_m3_h=water_m3_h, t_facility_supply_c=_extreme_hours(per_loop, "t_facility_supply_k", n) - 273.15,
        t_supply_setpoint_c=_extreme_hours(per_loop, "t_supply_setpoint_k", n, np.min) - 273.15)
    assumptions = {
        "utilisation": None if options.load_profile is not None else options.utilisation,
        "load_profile": "hourly profile given" if options.load_profile is not None else "constant",
        "pump_min_speed": ctrl.pump_min_speed, "fan_min_speed": ctrl.fan_min_speed,
        "supply_reset_max_k": ctrl.supply_reset_max_k,
        "trim_chiller_kw": (round(sum(float(np.asarray(r.q_rated_w)) for r in options.trim_chillers.values()) / 1e3,
                                  1) if options.trim_chillers else None),
        "facility_loops": len(basis.loops), "distinct_loops_solved": len(solved),
        "electrical_losses": "no-load losses constant; load losses from the design load flow scaled by the "
                             "square of the served load"}
    return AnnualResult(
        site=basis.site, weather={**weather.to_json(), "label": weather.label()}, energy_kwh=energy,
        pue_annual=energy["facility"] / e_it if e_it > 0 else float("nan"),
        partial_pue={k: (e_it + energy[k]) / e_it for k in SUBSYSTEMS} if e_it > 0 else {},
        water_m3=water_m3, wue_l_per_kwh=water_m3 * 1000.0 / e_it if e_it > 0 else float("nan"),
        hours_by_mode={name: int(np.sum(mode == i)) for i, name in enumerate(MODES)},
        hours_above={"facility_supply_above_setpoint": int(np.sum(not_held)),
                     "heat_not_removed": int(np.sum(infeasible)),
                     "tcs_supply_above_rack_limit": int(np.sum(above_rack)),
                     "rack_limit_c": round(basis.rack_limit_k - 273.15, 2) if basis.rack_limit_k else None},
        peak_demand_kw=float(facility[peak]) / 1e3, peak_hour=peak,
        cost=annual_cost(facility / 1e3, weather.month, water_m3, options.tariff) if options.tariff else None,
        monthly=monthly, design_point=basis.design_point, assumptions=assumptions, hourly=hourly)
