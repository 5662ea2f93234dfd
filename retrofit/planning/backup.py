"""Sizing of the backup equipment a goal's backup policy asks for: UPS modules (N+1 per block), battery
energy for the stated minutes, standby generators (N+1) with their transfer switches, the floor and yard
area they take, their cost lines and the utility power their losses take from the racks.

Each class of load with UPS backup (``ups_minutes`` or ``generator``) is one block: its own UPS lineup
sized for the class's load. Classes with ``generator`` backup share one generator plant. ``ride_through``
and ``none`` add no equipment (the racks' own storage or nothing).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..catalog import Catalog, load_catalog
from ..electrical.design_grid import rack_power_w, rated_cooling_power
from ..electrical.ups_losses import conversion_loss_w
from ..model import Design
from ..model.backup import LOAD_CLASSES, BackupPolicy
from ..units import Q_, magnitude
from .options import price_of

ESTIMATE_UNCERTAINTY = 0.4  # the +/-40 % the estimate rows of catalogs/backup-equipment.yaml state


@dataclass(frozen=True)
class CostLine:
    """One priced line for the bill of materials."""

    item: str
    model: str
    quantity: float
    unit: str
    unit_price_usd: float | None
    source: str
    uncertainty: float | None


@dataclass(frozen=True)
class BackupBlock:
    """The backup equipment of one class of load."""

    load_class: str
    kind: str  # none / ride_through / ups_minutes / generator
    p_load_kw: float  # the class's load at the sizing basis
    minutes: float | None
    ups_model: str | None
    ups_rating_kw: float
    ups_efficiency: float
    ups_modules: int  # N+1
    ups_modules_needed: int  # N
    ups_loss_kw: float  # conversion loss at p_load_kw
    battery_kwh: float  # energy for `minutes` at p_load_kw, delivered through the UPS
    area_m2: float  # electrical-room area (UPS lineup and battery)


@dataclass(frozen=True)
class BackupSizing:
    """What a backup policy takes: equipment, area, cost and utility power."""

    blocks: tuple[BackupBlock, ...]
    bess_row: str
    generator_model: str
    generators: int  # N+1
    generators_needed: int  # N
    generator_load_kw: float
    ats_model: str
    ats: int
    electrical_room_m2: float
    yard_m2: float
    ups_loss_kw: float  # total conversion loss at the sizing load (taken from the utility headroom)
    racks_of_power_taken: float  # ups_loss_kw over one GPU rack's sizing power
    cost_lines: tuple[CostLine, ...]
    notes: tuple[str, ...]


def class_loads_kw(design: Design) -> dict[str, float]:
    """Load of each class [kW] at the electrical sizing basis: racks at their sizing power, cooling at the
    rated points of :func:`retrofit.electrical.design_grid.rated_cooling_power`, other loads as given."""
    goal = design.goal
    basis = goal.criteria.rack_power_basis if goal else "peak"
    network_model = goal.network_rack_model if goal else None
    out = dict.fromkeys(LOAD_CLASSES, 0.0)
    for g in design.loads.racks:
        key = "network_racks" if network_model is not None and g.model == network_model else "gpu_racks"
        out[key] += rack_power_w(g, basis) * g.count / 1e3
    cooling = rated_cooling_power(design)
    cdu_ids = {c.id for c in design.cooling.cdus}
    for element_id, p_w in cooling.items():
        out["cdus" if element_id in cdu_ids else "cooling_pumps"] += float(p_w) / 1e3
    for load in design.loads.other:
        if load.kind == "cooling":
            out["cooling_pumps"] += magnitude(load.p, "kW")
        elif load.kind == "controls":
            out["controls"] += magnitude(load.p, "kW")
    return out


def class_buses(design: Design) -> dict[str, set[str]]:
    """The buses each class of load draws from (racks' feeds, cooling elements' and other loads' buses)."""
    from ..topology import cooling_loads
    goal = design.goal
    network_model = goal.network_rack_model if goal else None
    out: dict[str, set[str]] = {c: set() for c in LOAD_CLASSES}
    for g in design.loads.racks:
        out["network_racks" if network_model is not None and g.model == network_model else "gpu_racks"].update(g.feeds)
    for _element, bus, kind in cooling_loads(design):
        out["cdus" if kind == "cdu" else "cooling_pumps"].add(bus)
    for load in design.loads.other:
        if load.kind == "cooling":
            out["cooling_pumps"].add(load.bus)
        elif load.kind == "controls":
            out["controls"].add(load.bus)
    return out


def _row(table, key: str, value: str) -> dict:
    for row in table.rows:
        if row.get(key) == value:
            return row
    raise KeyError(f"{value!r} not in catalog table {table.id!r} ({table.file}); expected one of "
                   + ", ".join(str(r.get(key)) for r in table.rows))


def _figure(table, quantity: str) -> tuple[float, str, str]:
    row = _row(table, "quantity", quantity)
    return float(row["value"]), row["class"], row["source"]


def _cheapest_lineup(entries, p_kw: float):
    """The UPS entry whose N+1 lineup for ``p_kw`` costs least (ties: the larger module, then the id)."""
    def cost(e):
        rating = magnitude(Q_(e.data["rating"]), "kW")
        return ((math.ceil(p_kw / rating) + 1) * (price_of(e).usd or math.inf), -rating, e.id)
    return min(entries, key=cost)


def size_backup(design: Design, catalog: Catalog | None = None, policy: BackupPolicy | None = None) -> BackupSizing:
    """Size the backup equipment of ``policy`` (the goal's by default) for ``design``'s loads.

    Notes
    -----
    - UPS modules per block: N = ceil(P / rating), installed N + 1 (one redundant module per block).
    - Battery: E = P · t / η_UPS (the energy drawn from the battery for t minutes at the class's load),
      placed and priced as BESS units of the ``bess`` table's first row (energy and area per unit).
    - Generators: N = ceil(P_gen / (S · pf)), installed N + 1, with P_gen the generator-backed classes' load
      plus their UPS losses; pf from the backup-equipment table.
    - ATS: one per generator-backed block, enough units for the block's current at the ATS voltage.
    """
    catalog = catalog or load_catalog()
    policy = policy or (design.goal.backup if design.goal else BackupPolicy())
    loads = class_loads_kw(design)
    if policy.ups_model is not None:
        ups_entries = [catalog.get(policy.ups_model, "ups")]
    else:
        ups_entries = [e for e in catalog.list("ups") if price_of(e).usd is not None]
    equipment = catalog.table("backup-equipment")
    bess = catalog.table("bess").rows[0]
    ats_row = _row(catalog.table("ats"), "id", policy.ats_model)
    gen_entry = catalog.get(policy.generator_model, "generator")
    gen_kva = magnitude(Q_(gen_entry.data["rating"]), "kVA")
    gen_v = magnitude(Q_(gen_entry.data["voltage"]), "V")
    pf, _, _ = _figure(equipment, "generator_power_factor")
    area_per_kw, _, _ = _figure(equipment, "ups_area_per_kw")
    bess_area_per_kwh = float(bess["length"]) * float(bess["width"]) / float(bess["energy"])

    blocks = []
    ats = 0
    gen_load_kw = 0.0
    for cls in LOAD_CLASSES:
        b = policy.of(cls)
        p = loads[cls]
        if b.kind in ("ups_minutes", "generator") and p > 0.0:
            ups_entry = _cheapest_lineup(ups_entries, p)
            ups_kw = magnitude(Q_(ups_entry.data["rating"]), "kW")
            ups_eff = magnitude(Q_(ups_entry.data["efficiency"]), "dimensionless")
            n = math.ceil(p / ups_kw)
            loss = conversion_loss_w(p * 1e3, ups_eff) / 1e3
            e_kwh = p * b.minutes / 60.0 / ups_eff
            area = (n + 1) * ups_kw * area_per_kw + e_kwh * bess_area_per_kwh
            blocks.append(BackupBlock(cls, b.kind, round(p, 3), b.minutes, ups_entry.id, ups_kw, ups_eff, n + 1, n,
                                      round(loss, 3), round(e_kwh, 3), round(area, 2)))
            if b.kind == "generator":
                gen_load_kw += p + loss
                current = (p + loss) * 1e3 / (math.sqrt(3.0) * float(ats_row["voltage"]) * pf)
                ats += math.ceil(current / float(ats_row["rating"]))
        else:
            blocks.append(BackupBlock(cls, b.kind, round(p, 3), b.minutes, None, 0.0, 1.0, 0, 0, 0.0, 0.0, 0.0))
    gens_needed = math.ceil(gen_load_kw / (gen_kva * pf)) if gen_load_kw > 0 else 0
    gens = gens_needed + 1 if gens_needed else 0
    gen_area, _, _ = _figure(equipment, "generator_area")
    yard = gens * gen_area + ats * float(ats_row["length"]) * float(ats_row["width"])
    ups_loss = sum(b.ups_loss_kw for b in blocks)
    gpu = next((g for g in design.loads.racks if g.model == (design.goal.rack_model if design.goal else None)), None)
    rack_kw = rack_power_w(gpu, design.goal.criteria.rack_power_basis) / 1e3 if gpu is not None else None

    lines = []
    modules: dict[str, int] = {}
    for b in blocks:
        if b.ups_modules:
            modules[b.ups_model] = modules.get(b.ups_model, 0) + b.ups_modules
    for model_id, count in sorted(modules.items()):
        price = price_of(catalog.get(model_id, "ups"))
        lines.append(CostLine("UPS module (N+1 per block)", model_id, count, "each", price.usd, price.source,
                              price.uncertainty))
    if modules:
        kwh = sum(b.battery_kwh for b in blocks)
        lines.append(CostLine("UPS battery energy (placed and priced as BESS)", bess["id"], round(kwh, 3), "kWh",
                              float(bess["price_per_kwh"]), bess["source"], ESTIMATE_UNCERTAINTY))
    if gens:
        gprice, _, gsrc = _figure(equipment, "generator_price_per_kw")
        lines.append(CostLine("standby generator (N+1)", gen_entry.id, gens, "each", round(gprice * gen_kva * pf, 2), gsrc,
                              ESTIMATE_UNCERTAINTY))
        lines.append(CostLine("automatic transfer switch", str(ats_row["id"]), ats, "each", float(ats_row["price"]),
                              ats_row["source"], ESTIMATE_UNCERTAINTY))
    notes = []
    if gens and gen_v < 1000.0:
        notes.append(f"generators at {gen_v:g} V: one per LV lineup behind its ATS; for a campus, an MV generator plant "
                     "(catalog cat-c175-16-3000kw-13.8kv) with fewer transfer points may suit better")
    if modules:
        notes.append("UPS efficiency is each catalog entry's single point (" + ", ".join(sorted(modules))
                     + "); no curve is given")
    if modules or gens:
        notes.append("equipment areas and the generator price are estimates (catalog table backup-equipment)")
    return BackupSizing(tuple(blocks), str(bess["id"]), gen_entry.id, gens, gens_needed,
                        round(gen_load_kw, 3), str(ats_row["id"]), ats,
                        round(sum(b.area_m2 for b in blocks), 2), round(yard, 2), round(ups_loss, 3),
                        round(ups_loss / rack_kw, 3) if rack_kw else 0.0, tuple(lines), tuple(notes))


def backup_notes(design: Design, catalog: Catalog | None = None) -> list[str]:
    """The plan's notes on its backup policy: equipment, area, and the power and racks its losses take."""
    if design.goal is None or design.goal.backup.is_none:
        return []
    s = size_backup(design, catalog)
    parts = [f"{b.load_class}: {b.kind}" + (f" ({b.minutes:g} min, {b.ups_modules} x {b.ups_model}, "
                                           f"{b.battery_kwh:,.0f} kWh)" if b.ups_modules else "")
             for b in s.blocks if b.kind != "none"]
    out = ["backup policy: " + "; ".join(parts)]
    if s.generators:
        out.append(f"standby generators: {s.generators} x {s.generator_model} (N+1 for {s.generator_load_kw:,.0f} kW) "
                   f"behind {s.ats} x {s.ats_model}; yard area {s.yard_m2:,.0f} m2")
    if s.ups_loss_kw:
        out.append(f"UPS conversion losses {s.ups_loss_kw:,.1f} kW at the sizing load take utility headroom worth "
                   f"{s.racks_of_power_taken:.2f} GPU racks; UPS and battery room {s.electrical_room_m2:,.0f} m2 "
                   "(not yet drawn in the one-line or the layout)")
    return out + list(s.notes)


PRESETS = {
    "none": {},
    "ride_through": {c: {"kind": "ride_through"} for c in LOAD_CLASSES},
    "ups_5min": {c: {"kind": "ups_minutes", "minutes": 5.0} for c in LOAD_CLASSES},
    "generator": {c: {"kind": "generator", "minutes": 5.0} for c in LOAD_CLASSES},
}
"""The policies the plan compares: the same backup for every class of load."""


@dataclass(frozen=True)
class PolicyComparison:
    """One backup policy applied to a design: what it takes and what it rides through."""

    policy: str
    racks: int  # GPU racks of the design
    racks_power_taken: float  # UPS losses over one rack's sizing power [racks]
    capex_usd: float  # backup equipment only
    ups_loss_kw: float  # at the sizing load
    pue_added: float  # UPS losses at design IT power over the IT power
    electrical_room_m2: float
    yard_m2: float
    scenarios_gpu_ride: int  # scenarios the GPU racks ride through
    scenarios_overheat: int  # scenarios in which racks that keep running lose their cooling
    scenarios: int


def compare_policies(design: Design, catalog: Catalog | None = None) -> list[PolicyComparison]:
    """Each policy of :data:`PRESETS` applied to ``design`` by the sizing alone (no re-plan: the racks, the
    one-line and the cooling stay those of the design; the UPS losses are what the policy would take).

    The PUE added is the UPS losses scaled from the sizing load to the design IT power (losses at one
    efficiency point are proportional to the load) over the design IT power."""
    from ..resilience.backup_ride_through import backup_ride_through
    catalog = catalog or load_catalog()
    goal = design.goal
    gpu = [g for g in design.loads.racks if goal is not None and g.model == goal.rack_model]
    racks = sum(g.count for g in gpu)
    it_kw = sum(magnitude(g.p_design, "kW") * g.count for g in design.loads.racks)
    sizing_kw = sum(class_loads_kw(design)[c] for c in ("gpu_racks", "network_racks"))
    out = []
    for name, preset in PRESETS.items():
        policy = BackupPolicy.model_validate(preset)
        s = size_backup(design, catalog, policy)
        study = backup_ride_through(design, catalog, policy)
        pue_added = (s.ups_loss_kw * (it_kw / sizing_kw if sizing_kw else 1.0)) / it_kw if it_kw else 0.0
        out.append(PolicyComparison(
            name, racks, s.racks_of_power_taken,
            round(sum((c.unit_price_usd or 0.0) * c.quantity for c in s.cost_lines), 0), s.ups_loss_kw,
            round(pue_added, 4), s.electrical_room_m2, s.yard_m2,
            sum(1 for o in study.scenarios if o.outcome("gpu_racks").rides_through),
            sum(1 for o in study.scenarios if o.racks_overheat), len(study.scenarios)))
    return out


def backup_policies_json(design: Design, catalog: Catalog | None = None) -> list[dict]:
    """:func:`compare_policies` as plain data (``results["backup_policies"]``)."""
    import dataclasses
    return [dataclasses.asdict(c) for c in compare_policies(design, catalog)]


__all__ = ["PRESETS", "PolicyComparison", "backup_policies_json", "compare_policies", "BackupBlock", "BackupSizing", "CostLine", "backup_notes", "class_buses", "class_loads_kw", "size_backup"]
