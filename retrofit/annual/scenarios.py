"""``retrofit compare``: several variants of a site or design, each planned (when it needs the planner),
reviewed and simulated over the weather year, on a process pool or a Dask cluster; one table.

Each variant is an independent case (:func:`run_case`, a top-level function of picklable inputs), so
the cases run on any :class:`concurrent.futures.Executor`: in this process (one worker), on a
:class:`~concurrent.futures.ProcessPoolExecutor` (the default), or on a Dask distributed cluster through
``Client.get_executor()``. Rows come back in the order the variants were given and every case is
deterministic, so the table is the same whichever executor ran it.
"""
from __future__ import annotations

import dataclasses
import logging
import math
import os
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from ..errors import RetrofitError
from ..weather.year import WeatherYear
from .simulate import AnnualOptions
from .variants import HEAT_REJECTION, Variant

log = logging.getLogger(__name__)

TRIM_CHILLER_MODEL = "air-cooled-chiller-1000kw"
"""Catalog chiller the trim variant adds in series (rated at AHRI 550/590 conditions)."""


@dataclass(frozen=True)
class CaseSpec:
    """Everything one variant needs, picklable.

    Attributes
    ----------
    path : str
        Site or design file.
    variant : Variant
        The changes.
    weather : WeatherYear
        Hours to simulate.
    options : AnnualOptions
        Load profile, controls, tariff.
    replan : bool
        Plan anew even when the file holds a design.
    design_out : str, optional
        Where to write the case's final design as YAML (the proposal when the case was planned).
    """

    path: str
    variant: Variant
    weather: WeatherYear
    options: AnnualOptions
    replan: bool = False
    design_out: str | None = None


def _price_usd(entry_or_element) -> float | None:
    from ..units import magnitude, parse_quantity

    price = getattr(entry_or_element, "price", None)
    if price is None and hasattr(entry_or_element, "data"):
        raw = entry_or_element.data.get("price")
        price = parse_quantity(raw, "money") if raw is not None else None
    return None if price is None else magnitude(price, "USD")


def swap_to_dry(design, catalog):
    """The design with each adiabatic cooler replaced by a dry cooler of the same capacity.

    Parameters
    ----------
    design : Design
        A design with heat-rejection units.
    catalog : Catalog
        For the dry cooler of equal capacity and the prices.

    Returns
    -------
    tuple
        (new design, list of notes); its cost comes from the cost model on the new design.

    Notes
    -----
    A catalog dry cooler of the same rated capacity is taken when there is one (its airflow, fan
    power and price); otherwise the unit keeps its own coil figures without pads.
    """
    from ..units import magnitude, parse_quantity

    dry = {magnitude(parse_quantity(e.data["capacity"], "active power"), "W"): e
           for e in catalog.list("heat_rejection") if e.data.get("kind") == "dry_cooler"}
    units, notes = [], []
    for u in design.cooling.heat_rejection:
        if u.kind != "adiabatic_cooler":
            units.append(u)
            continue
        entry = dry.get(magnitude(u.capacity, "W"))
        data = {**u.model_dump(), "kind": "dry_cooler", "pad_efficiency": None}
        if entry is not None:
            data.update({k: v for k, v in entry.data.items()}, model=entry.id)
        new = type(u).model_validate(data)
        notes.append(f"{u.id}: {u.count} adiabatic coolers -> {new.model or 'the same coil without pads'}")
        units.append(new)
    cooling = design.cooling.model_copy(update={"heat_rejection": units})
    return design.model_copy(update={"cooling": cooling}), notes


def size_trim_chillers(design, basis, catalog) -> tuple[dict, float | None, list]:
    """Trim chillers in series for each facility loop: the shortfall of its units at the governing
    design ambient, plus one spare when the goal asks N+1 cooling.

    Parameters
    ----------
    design : Design
        The (dry) design.
    basis : DesignBasis
        Its design basis (:func:`.simulate.design_basis`).
    catalog : Catalog
        For :data:`TRIM_CHILLER_MODEL`.

    Returns
    -------
    tuple
        ({loop id: aggregate AirCooledChillerRating}, capex [USD] or None, notes).

    Notes
    -----
    Shortfall :math:`Q_{load} - \\sum_j Q_{j}(T_{amb}, T_{sp})` with each unit's capacity from
    :func:`retrofit.cooling.plant.capacity_at_design`; chillers :math:`\\lceil Q_{short}/Q_{ch}\\rceil`
    with :math:`Q_{ch}` the chiller's full-load capacity leaving at the setpoint
    (:func:`retrofit.cooling.chillers.chiller_capacity`); N identical chillers act as one of N
    times the capacity (their COP does not depend on size).
    """
    from ..cooling.chillers import AirCooledChillerRating, chiller_capacity
    from ..cooling.ambient import design_ambients, governing
    from ..cooling.plant import capacity_at_design
    from ..cooling.plant_records import Ambient
    from ..units import magnitude, parse_quantity
    from .controls import ControlOptions
    from .plant_hours import plant_hours

    entry = catalog.get(TRIM_CHILLER_MODEL, "heat_rejection")
    q = lambda key, dim, unit: magnitude(parse_quantity(entry.data[key], dim), unit)  # noqa: E731
    unit = AirCooledChillerRating(q_rated_w=q("capacity", "active power", "W"), cop_rated=float(entry.data["cop_rated"]),
                                  t_leaving_rated_k=q("t_fluid_out_rated", "temperature", "K"),
                                  t_dry_bulb_rated_k=q("t_ambient_rated", "temperature", "K"))
    gov = governing(design_ambients(design))
    amb = Ambient(gov.t_dry_bulb_k, gov.t_wet_bulb_k, gov.altitude_m)
    spare = 1 if design.goal is not None and design.goal.cooling_redundancy == "N+1" else 0
    out, notes, total = {}, [], 0
    for lid, bank, units, loop, drives in basis.loops:
        load = float(plant_hours(bank, units, loop, drives, [gov.t_dry_bulb_k], [gov.t_wet_bulb_k], gov.altitude_m,
                                 1.0, ControlOptions(supply_reset_max_k=0.0)).heat_load_w[0])
        short = load - float(np.sum(capacity_at_design(units, amb, float(loop.t_supply_setpoint_k))))
        cap = float(chiller_capacity(unit, float(loop.t_supply_setpoint_k), gov.t_dry_bulb_k))
        n = (max(math.ceil(short / cap), 0) + spare) if cap > 0 else 0
        if n:
            out[lid] = dataclasses.replace(unit, q_rated_w=n * unit.q_rated_w)
            total += n
            notes.append(f"{lid}: {n} x {TRIM_CHILLER_MODEL} in series ({max(short, 0.0) / 1e3:,.0f} kW short at "
                         f"{gov.t_dry_bulb_k - 273.15:.1f} °C, {spare} spare)")
    price = _price_usd(entry)
    return out, (total * price if price is not None else None), notes


def _set_fws(design, t_c: float):
    loops = [type(l).model_validate({**l.model_dump(), "t_supply_setpoint": f"{t_c} degC"}) if l.kind == "facility"
             else l for l in design.cooling.loops]
    return design.model_copy(update={"cooling": design.cooling.model_copy(update={"loops": loops})})


def _voltage_catalog(catalog, volts: float):
    from ..catalog import Catalog
    from ..units import magnitude, parse_quantity

    keep = [e for e in catalog.entries.values() if e.kind != "transformer"
            or abs(magnitude(parse_quantity(e.data["v_secondary"], "voltage"), "V") - volts) < 1.0]
    return Catalog(keep, list(catalog.tables.values()))


def _planned(design, variant: Variant, catalog):
    """Plan the site with the variant's goal, kinds and catalog: (proposed, IT equipment capex [USD], binding,
    notes); the facility capex is estimated on the variant's final design (:func:`_capex`)."""
    from ..planning.cooling_options import DEFAULT_HEAT_REJECTION_KINDS
    from ..planning.planner import PlanOptions, plan

    goal = design.goal.model_dump()
    if variant.racks is not None:
        goal["count"] = variant.racks
    if variant.redundancy is not None:
        goal["power_redundancy"] = variant.redundancy
    if variant.backup is not None:
        goal["backup"] = variant.backup_policy()
    if variant.t_fws_c is not None:
        goal.setdefault("criteria", {})["t_fws_setpoint"] = f"{variant.t_fws_c} degC"
    site = design.model_copy(update={"goal": type(design.goal).model_validate(goal)})
    kinds = HEAT_REJECTION.get(variant.heat_rejection or "", None) or DEFAULT_HEAT_REJECTION_KINDS
    if variant.voltage_v is not None:
        catalog = _voltage_catalog(catalog, variant.voltage_v)
    result = plan(site, PlanOptions(heat_rejection_kinds=tuple(kinds), contingencies=False, phases=False),
                  catalog=catalog)
    notes = [] if result.verification["passes"] else [
        "the plan does not pass its verification: " + "; ".join(f.get("message", "") for f in result.verification["failures"][:3])]
    return result.proposed, result.bom.get("capex_it_usd"), result.sizing.get("binding"), notes


def _capex(site, design, catalog) -> float:
    """Facility capex of converting ``site`` into the variant's final ``design``, expected value of the cost
    model's estimate (:func:`retrofit.cost.estimate.estimate_cost`) [USD]."""
    from ..cost.estimate import estimate_cost

    return estimate_cost(site, design, catalog=catalog).expected_usd


def run_case(spec: CaseSpec) -> dict:
    """Plan (when needed), swap, review and simulate one variant; its row of the comparison.

    Parameters
    ----------
    spec : CaseSpec
        The case.

    Returns
    -------
    dict
        ``variant``, ``spec``, ``racks``, ``capex_usd``, ``binding_constraint``, ``review_verdict``,
        ``failing_rules``, ``pue_annual``, ``pue_design_point``, ``water_m3``, ``wue_l_per_kwh``,
        ``energy_cost_usd``, ``peak_demand_kw``, ``hours_above_setpoint``, ``hours_by_mode``, ``notes``;
        ``error`` instead of the figures when the variant cannot be built (the planner finds no
        solution, a loop cannot be solved).
    """
    from ..analyze import analyze
    from ..catalog import load_catalog
    from ..io.load import load
    from ..planning.intent import intent, target_racks
    from ..review.registry import run_rules
    from ..review.verdicts import verdict
    from .simulate import design_basis, simulate_year

    v = spec.variant
    row: dict = {"variant": v.name, "spec": v.spec}
    catalog = load_catalog()
    design = site = load(spec.path)
    capex, binding, notes = None, None, []
    planned = False
    try:
        if intent(design, spec.replan).plans:
            design, capex, binding, notes = _planned(design, v, catalog)
            planned = True
        else:
            if v.replans:
                raise RetrofitError(f"variant {v.name}: racks, voltage, redundancy and backup need the planner; {spec.path} already "
                                    "holds a design (give the site file, or --replan)")
            notes.append("design as given: not re-planned, no capex")
            if v.t_fws_c is not None:
                design = _set_fws(design, v.t_fws_c)
        options = spec.options
        if v.heat_rejection in ("dry", "trim"):
            design, swap_notes = swap_to_dry(design, catalog)
            notes += swap_notes
        analysis = analyze(design)
        basis = design_basis(design, analysis)
        if v.heat_rejection == "trim":
            chillers, chiller_capex, trim_notes = size_trim_chillers(design, basis, catalog)
            options = dataclasses.replace(options, trim_chillers=chillers)
            notes += trim_notes + ["the review sees the dry coolers only: a series trim chiller is not part of the "
                                   "design schema"]
            if capex is not None and chiller_capex is not None:
                capex += chiller_capex
                notes.append("trim chillers at their equipment price (outside the design schema, so outside the "
                             "cost model's installation factors)")
            else:
                capex = None
        if planned and capex is not None:
            capex += _capex(site, design, catalog)
        findings = run_rules(design, analysis)
        review = verdict(findings)
        annual = simulate_year(basis, spec.weather, options)
        if spec.design_out is not None:
            from ..io.write import write_design

            write_design(design, spec.design_out, header=f"{'Proposed design' if planned else 'Design as given'} of "
                         f"{design.site.name} ({v.name}), written by retrofit")
    except RetrofitError as exc:
        return {**row, "error": str(exc), "notes": notes}
    except Exception as exc:  # the planner's SelectionInfeasible: a result of the comparison, not a crash
        if type(exc).__name__ != "SelectionInfeasible":
            raise
        return {**row, "error": f"no plan: {exc}", "notes": notes}
    cost = annual.cost["total_usd"] if annual.cost else None
    return {**row, "racks": target_racks(design) if design.goal else None,
            "capex_usd": round(capex, 0) if capex is not None else None,
            "binding_constraint": binding, "review_verdict": review.outcome.upper(),
            "failing_rules": list(review.failing_rules), "pue_annual": round(annual.pue_annual, 4),
            "pue_design_point": annual.design_point.get("pue"), "water_m3": round(annual.water_m3, 1),
            "wue_l_per_kwh": round(annual.wue_l_per_kwh, 4), "energy_cost_usd": cost,
            "energy_mwh": round(annual.energy_kwh["facility"] / 1e3, 1),
            "peak_demand_kw": round(annual.peak_demand_kw, 1),
            "hours_above_setpoint": annual.hours_above["facility_supply_above_setpoint"],
            "hours_heat_not_removed": annual.hours_above["heat_not_removed"],
            "hours_by_mode": annual.hours_by_mode, "weather": annual.weather["label"], "notes": notes}


class Progress:
    """``done/total`` as cases finish, a stage line of the ``retrofit.annual`` logger each
    (:mod:`retrofit.progress`: rewritten in place on a terminal, plain lines otherwise)."""

    def __init__(self, total: int, label: str = "compare"):
        self.total, self.done, self.label = total, 0, label

    def step(self, name: str) -> None:
        from ..progress import stage

        self.done += 1
        stage(f"{self.label}: {self.done}/{self.total} cases done ({name})", log)


def run_cases(specs: list[CaseSpec], *, workers: int | None = None, scheduler: str | None = None,
              executor: Executor | None = None, progress: bool = True, label: str = "compare") -> list[dict]:
    """Run the cases and return their rows in the order given.

    Parameters
    ----------
    specs : list of CaseSpec
        The cases.
    workers : int, optional
        Processes of the local pool (default: the CPU count, at most one per case); 1 runs in this
        process.
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:8786``); the cases run on its workers.
    executor : Executor, optional
        Any executor to use instead.
    progress : bool
        Print progress on standard error.
    label : str
        The command named in the progress lines.

    Returns
    -------
    list of dict
        One row per case (:func:`run_case`).
    """
    bar = Progress(len(specs), label) if progress else None
    if executor is None and scheduler is None and (workers == 1 or len(specs) <= 1):
        rows = []
        for s in specs:
            rows.append(run_case(s))
            if bar:
                bar.step(s.variant.name)
        return rows
    client = pool = None
    if executor is None:
        if scheduler is not None:
            try:
                from distributed import Client
            except ImportError:
                raise RetrofitError("--scheduler needs Dask distributed: pip install 'retrofit[dask]'") from None
            try:
                client = Client(scheduler, timeout=30)
            except (OSError, TimeoutError) as exc:
                raise RetrofitError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            executor = client.get_executor(pure=False)
        else:
            pool = executor = ProcessPoolExecutor(max_workers=min(workers or os.cpu_count() or 1, len(specs)))
    try:
        futures = {executor.submit(run_case, s): i for i, s in enumerate(specs)}
        rows: list = [None] * len(specs)
        for fut in as_completed(futures):
            i = futures[fut]
            rows[i] = fut.result()
            if bar:
                bar.step(specs[i].variant.name)
        return rows
    finally:
        if pool is not None:
            pool.shutdown()
        if client is not None:
            client.close()  # the cluster is the user's: disconnect, never shut it down
