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
from typing import TYPE_CHECKING

from ..catalog import Catalog, load_catalog
from ..electrical.design_grid import rack_power_w, rated_cooling_power
from ..electrical.ups_losses import conversion_loss_w
from ..model import Design
from ..model.backup import LOAD_CLASSES, BackupPolicy
from ..units import Q_, magnitude
from .generator_plant import STANDBY_PREFIX, TRANSFER_PREFIX, generator_bus, transfer_caption
from .options import price_of

if TYPE_CHECKING:
    from .generator_plant import GeneratorPlant

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
    ats_model: str  # the ATS row of an LV plant; empty for an MV plant (see transfer)
    ats: int
    electrical_room_m2: float
    yard_m2: float
    ups_loss_kw: float  # total conversion loss at the sizing load (taken from the utility headroom)
    racks_of_power_taken: float  # ups_loss_kw over one GPU rack's sizing power
    cost_lines: tuple[CostLine, ...]
    notes: tuple[str, ...]
    plant: GeneratorPlant | None = None  # the generators, their bus and transfer equipment (None without generators)


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


def table_row(table, key: str, value: str) -> dict:
    """The row of catalog ``table`` whose ``key`` is ``value``; KeyError naming the table's values otherwise."""
    for row in table.rows:
        if row.get(key) == value:
            return row
    raise KeyError(f"{value!r} not in catalog table {table.id!r} ({table.file}); expected one of "
                   + ", ".join(str(r.get(key)) for r in table.rows))


def catalog_figure(table, quantity: str) -> tuple[float, str, str]:
    """(value, class, source) of the row ``quantity`` of a figures table such as ``backup-equipment``."""
    row = table_row(table, "quantity", quantity)
    return float(row["value"]), row["class"], row["source"]


def generator_power_factor(catalog: Catalog | None = None) -> float:
    """Power factor at which the standby generators' kVA rating carries load (``backup-equipment`` table) [-]."""
    return catalog_figure((catalog or load_catalog()).table("backup-equipment"), "generator_power_factor")[0]


def modules_needed(p_kw: float, rating_kw: float, design: Design) -> int:
    """Modules N a lineup needs for ``p_kw``: N = ceil(P / (rating · L)), with L the continuous-loading
    criterion ELEC-PDU-001 holds UPSs to (``goal.criteria.max_busway_loading``, 80 % by default)."""
    limit = magnitude(design.goal.criteria.max_busway_loading, "dimensionless") if design.goal else 0.8
    return max(math.ceil(p_kw / (rating_kw * limit) - 1e-9), 1)


def _cheapest_lineup(entries, p_kw: float, design: Design):
    """The UPS entry whose N+1 lineup for ``p_kw`` costs least (ties: the larger module, then the id)."""
    def cost(e):
        rating = magnitude(Q_(e.data["rating"]), "kW")
        return ((modules_needed(p_kw, rating, design) + 1) * (price_of(e).usd or math.inf), -rating, e.id)
    return min(entries, key=cost)


def size_backup(design: Design, catalog: Catalog | None = None, policy: BackupPolicy | None = None) -> BackupSizing:
    """Size the backup equipment of ``policy`` (the goal's by default) for ``design``'s loads.

    Notes
    -----
    - UPS lineups: one per switchboard the class's loads hang from (:func:`ups_points`), each of
      N = ceil(P_lineup / (rating · L)) modules plus one redundant (:func:`modules_needed`: L the 80 %
      continuous-loading criterion ELEC-PDU-001 holds UPSs to); P_lineup is the class's load below that
      switchboard, a load fed from two switchboards (A/B) counted whole on each, as either side carries it
      alone when the other is lost. A design without switchboards above the class: one lineup for P.
    - Battery: E = Σ P_lineup · t / η_UPS (the energy each lineup draws from its battery for t minutes),
      placed and priced as BESS units of the ``bess`` table's first row (energy and area per unit).
    - Generators: N = ceil(P_gen / (S · pf)), installed N + 1, with P_gen the generator-backed classes' load
      plus their UPS losses; pf from the backup-equipment table. The model, the bus and the transfer
      equipment: :func:`retrofit.planning.generator_plant.generator_plant` (the named model, or the least-cost
      plant among the catalog's generators whose voltage fits).
    - Transfer: an LV plant, one ATS set per generator-backed block, enough units for the block's current at
      the ATS voltage; an MV plant, paralleling switchgear with an open-transition transfer pair
      (:func:`retrofit.planning.generator_plant.mv_transfer`).
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
    pf, _, _ = catalog_figure(equipment, "generator_power_factor")
    area_per_kw, _, _ = catalog_figure(equipment, "ups_area_per_kw")
    bess_area_per_kwh = float(bess["length"]) * float(bess["width"]) / float(bess["energy"])

    points = ups_points(design, policy)
    blocks = []
    gen_block_kw = []
    gen_load_kw = 0.0
    for cls in LOAD_CLASSES:
        b = policy.of(cls)
        p = loads[cls]
        if b.kind in ("ups_minutes", "generator") and p > 0.0:
            ups_entry = _cheapest_lineup(ups_entries, p, design)
            ups_kw = magnitude(Q_(ups_entry.data["rating"]), "kW")
            ups_eff = magnitude(Q_(ups_entry.data["efficiency"]), "dimensionless")
            # one lineup per switchboard the class hangs from, each for the class's load below it
            lineup_kw = [pt.p_kw for pt in points if pt.load_class == cls] or [p]
            n = sum(modules_needed(x, ups_kw, design) for x in lineup_kw)
            installed = n + len(lineup_kw)
            loss = conversion_loss_w(p * 1e3, ups_eff) / 1e3
            e_kwh = sum(lineup_kw) * b.minutes / 60.0 / ups_eff
            area = installed * ups_kw * area_per_kw + e_kwh * bess_area_per_kwh
            blocks.append(BackupBlock(cls, b.kind, round(p, 3), b.minutes, ups_entry.id, ups_kw, ups_eff, installed, n,
                                      round(loss, 3), round(e_kwh, 3), round(area, 2)))
            if b.kind == "generator":
                gen_load_kw += p + loss
                gen_block_kw.append(p + loss)
        else:
            blocks.append(BackupBlock(cls, b.kind, round(p, 3), b.minutes, None, 0.0, 1.0, 0, 0, 0.0, 0.0, 0.0))
    from .generator_plant import generator_plant, generator_plant_notes
    plant = generator_plant(design, catalog, policy, gen_load_kw, gen_block_kw) if gen_load_kw > 0 else None
    gens_needed, gens = (plant.needed, plant.installed) if plant is not None else (0, 0)
    gen_area = catalog_figure(equipment, "generator_length")[0] * catalog_figure(equipment, "generator_width")[0]
    yard = gens * gen_area + (sum(u.length_m * u.width_m for u in plant.transfer.units) if plant is not None else 0.0)
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
    lines += list(plant.cost_lines) if plant is not None else []
    notes = generator_plant_notes(design, policy, plant, loads) if plant is not None else []
    if modules:
        notes.append("UPS efficiency is each catalog entry's single point (" + ", ".join(sorted(modules))
                     + "); no curve is given")
    if modules or gens:
        notes.append("equipment areas and the generator price are estimates (catalog table backup-equipment)")
    transfer = plant.transfer if plant is not None else None
    return BackupSizing(tuple(blocks), str(bess["id"]), plant.model if plant is not None else (policy.generator_model or ""),
                        gens, gens_needed, round(gen_load_kw, 3),
                        (transfer.ats_model or "") if transfer is not None else policy.ats_model,
                        transfer.ats if transfer is not None else 0,
                        round(sum(b.area_m2 for b in blocks), 2), round(yard, 2), round(ups_loss, 3),
                        round(ups_loss / rack_kw, 3) if rack_kw else 0.0, tuple(lines), tuple(notes), plant)


SWITCHBOARD_KINDS = ("switchboard", "switchgear")
"""Bus kinds a UPS lineup's input is connected to (the first of them above a backed load)."""


@dataclass(frozen=True)
class UpsPoint:
    """Where one UPS lineup goes: the switchboard above some of a class's loads and what moves below it."""

    load_class: str
    switchboard: str  # bus the lineup's input connects to
    feeders: tuple[str, ...]  # branches leaving the switchboard toward the class's loads (moved to the UPS output)
    loads: tuple[str, ...]  # ids of the class's loads connected to the switchboard itself (moved to the UPS output)
    p_kw: float  # the class's load below the switchboard at the sizing basis [kW]

    @property
    def output_bus(self) -> str:
        """Id of the bus the lineup feeds."""
        return f"{self.switchboard}-ups-{self.load_class.replace('_', '-')}"

    @property
    def ups_id(self) -> str:
        """Id of the lineup."""
        return f"ups-{self.load_class.replace('_', '-')}-{self.switchboard}"


def _feeding(design: Design) -> dict[str, tuple[str, str]]:
    """Bus -> (branch id, bus above) for each bus fed by one branch (the first by id when several)."""
    e = design.electrical
    out: dict[str, tuple[str, str]] = {}
    for t in sorted(e.transformers, key=lambda x: x.id):
        out.setdefault(t.lv_bus, (t.id, t.hv_bus))
    for items in (e.cables, e.busways, e.pdus, e.ups):
        for x in sorted(items, key=lambda x: x.id):
            out.setdefault(x.to_bus, (x.id, x.from_bus))
    return out


def class_items(design: Design) -> list[tuple[str, str, tuple[str, ...], float]]:
    """(class, load id, buses, load [kW]) of each load, the loads of :func:`class_loads_kw` one by one."""
    from ..topology import cooling_loads
    goal = design.goal
    basis = goal.criteria.rack_power_basis if goal else "peak"
    network_model = goal.network_rack_model if goal else None
    out = []
    for g in design.loads.racks:
        cls = "network_racks" if network_model is not None and g.model == network_model else "gpu_racks"
        out.append((cls, g.id, tuple(g.feeds), rack_power_w(g, basis) * g.count / 1e3))
    cooling = rated_cooling_power(design)
    takeover = standby_pump_power_w(design, cooling)
    for element_id, bus, kind in cooling_loads(design):
        p_w = float(cooling.get(element_id, 0.0)) or takeover.get(element_id, 0.0)
        out.append(("cdus" if kind == "cdu" else "cooling_pumps", element_id, (bus,), p_w / 1e3))
    for load in design.loads.other:
        if load.kind in ("cooling", "controls"):
            out.append(("cooling_pumps" if load.kind == "cooling" else "controls", load.id, (load.bus,),
                        magnitude(load.p, "kW")))
    return out


def standby_pump_power_w(design: Design, cooling: dict[str, float]) -> dict[str, float]:
    """The power a facility pump set that runs no pump draws once lead-lag control starts it [W], by id: its
    pumps (up to the loop's running pumps) at the power a running pump of its loop draws. A standby set
    carries that load after the loss of a running set, so its backup is sized for it.

    Parameters
    ----------
    design : Design
        The design.
    cooling : dict
        :func:`retrofit.electrical.design_grid.rated_cooling_power` of the design [W].

    Returns
    -------
    dict
        Pump set id -> power [W], for the sets with no pump running.
    """
    pumps = design.cooling.pumps
    per_pump: dict[str, float] = {}
    running: dict[str, int] = {}
    for p in pumps:
        if p.running:
            per_pump[p.loop] = max(per_pump.get(p.loop, 0.0), float(cooling.get(p.id, 0.0)) / p.running)
            running[p.loop] = running.get(p.loop, 0) + p.running
    return {p.id: per_pump.get(p.loop, 0.0) * min(p.count, running.get(p.loop, 0)) for p in pumps if p.running == 0}


def ups_points(design: Design, policy: BackupPolicy | None = None) -> tuple[UpsPoint, ...]:
    """The UPS lineups a policy puts into ``design``: for each class with UPS backup (``ups_minutes`` or
    ``generator``), one per switchboard (or switchgear) found first above the class's load buses.

    The feeder that leaves that switchboard toward a backed load moves to the lineup's output bus; a load
    on the switchboard itself moves with it. A feeder that also serves another backed class goes to the
    lineup of the class first in :data:`LOAD_CLASSES`. A lineup's load is every load below what it takes,
    of whatever class (a feeder carries all its loads), a load fed from two switchboards counted whole on each."""
    policy = policy or (design.goal.backup if design.goal else BackupPolicy())
    kinds = {b.id: b.kind for b in design.electrical.buses}
    feeding = _feeding(design)

    def above(bus: str) -> tuple[str | None, str | None]:
        """(feeder leaving the switchboard, switchboard) above ``bus``; (None, bus) on the switchboard itself."""
        feeder, here, seen = None, bus, set()
        while kinds.get(here) not in SWITCHBOARD_KINDS and here in feeding and here not in seen:
            seen.add(here)
            feeder, here = feeding[here]
        return (feeder, here) if kinds.get(here) in SWITCHBOARD_KINDS else (None, None)

    order = {c: i for i, c in enumerate(LOAD_CLASSES)}
    items = [x for x in class_items(design) if x[3] > 0.0]
    owner: dict[str, tuple[str, str]] = {}  # feeder -> (class, switchboard)
    acc: dict[tuple[str, str], dict] = {}
    for cls, load_id, buses, _p in sorted(items, key=lambda x: order[x[0]]):
        if policy.of(cls).kind not in ("ups_minutes", "generator"):
            continue
        for bus in buses:
            feeder, board = above(bus)
            if board is None:
                continue
            slot = acc.setdefault((cls, board), {"feeders": set(), "loads": set(), "p": 0.0})
            if feeder is None:
                slot["loads"].add(load_id)
            elif feeder not in owner:
                owner[feeder] = (cls, board)
                slot["feeders"].add(feeder)
    for _cls, load_id, buses, p_kw in items:
        counted = set()
        for bus in buses:
            feeder, board = above(bus)
            key = owner.get(feeder) if feeder is not None else next(
                (k for k, v in acc.items() if k[1] == board and load_id in v["loads"]), None)
            if key is not None and key not in counted:
                counted.add(key)
                acc[key]["p"] += p_kw
    return tuple(UpsPoint(cls, sw, tuple(sorted(v["feeders"])), tuple(sorted(v["loads"])), round(v["p"], 3))
                 for (cls, sw), v in sorted(acc.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
                 if v["feeders"] or v["loads"])


def add_backup(design: Design, catalog: Catalog | None = None, notes: list[str] | None = None) -> Design:
    """``design`` with the equipment of its goal's backup policy in it; the design itself when the policy is none.

    - Each :func:`ups_points` lineup: a UPS element (``count`` = N + 1 modules of the sized model) from the
      switchboard to a new bus, the class's feeders (with their breakers) and loads moved below that bus,
      and a breaker at the switchboard protecting the lineup's input where the switchboard keeps other
      feeders (a lineup that takes the whole switchboard is protected by the switchboard's main).
    - Generator backup: the sized N + 1 standby generators (``running: false``) at :func:`generator_bus`;
      their transfer switches are priced from the sizing (cost lines) and named on the generators.
      When the generator's voltage fits no bus, :func:`generator_bus`'s error is raised, or, given
      ``notes``, added to them and the generators are left out (ELEC-BACKUP-001 then says what is missing).
    """
    if design.goal is None or design.goal.backup.is_none:
        return design
    from ..electrical.ampacity import next_standard_rating
    from ..model import Breaker, Bus, Generator
    from ..model.electrical import UPS
    catalog = catalog or load_catalog()
    policy = design.goal.backup
    sizing = size_backup(design, catalog, policy)
    blocks = {b.load_class: b for b in sizing.blocks}
    points = ups_points(design, policy)
    out = design.model_copy(deep=True)
    e = out.electrical
    buses = {b.id: b for b in e.buses}
    pf, _, _ = catalog_figure(catalog.table("backup-equipment"), "generator_power_factor")
    feeding_of = {bus: branch for bus, (branch, _up) in _feeding(design).items()}
    for pt in points:
        blk = blocks[pt.load_class]
        board = buses[pt.switchboard]
        v = magnitude(board.voltage, "V")
        n = modules_needed(pt.p_kw, blk.ups_rating_kw, design)
        i_out = n * blk.ups_rating_kw * 1e3 / (math.sqrt(3.0) * v)
        board_entry = _output_board(catalog, v, i_out, magnitude(board.sccr, "A") if board.sccr is not None else 0.0)
        # the output board stands with the lineup in the UPS room (area in the notes), not on the hall floor
        e.buses.append(Bus(id=pt.output_bus, voltage=board.voltage, kind="switchboard", system=board.system,
                           sccr=board.sccr,
                           **({"model": board_entry.id, "bus_rating": board_entry.data["bus_rating"],
                               "width": board_entry.data.get("width"), "depth": board_entry.data.get("depth")}
                              if board_entry is not None else {}),
                           name=f"{pt.load_class} UPS output ({n + 1} x {blk.ups_model})"))
        e.ups.append(UPS(id=pt.ups_id, model=blk.ups_model, from_bus=pt.switchboard, to_bus=pt.output_bus,
                         rating=f"{blk.ups_rating_kw:g} kW", count=n + 1, efficiency=f"{blk.ups_efficiency * 100:g} %",
                         notes=f"N+1 lineup for {pt.p_kw:,.0f} kW of {pt.load_class}, {blk.minutes:g} min of battery"))
        moved = set(pt.feeders)
        for br in e.breakers:
            if br.bus == pt.switchboard and br.protects in moved:
                br.bus = pt.output_bus
        for items in (e.cables, e.busways, e.pdus, e.ups):
            for x in items:
                if x.id in moved and x.from_bus == pt.switchboard:
                    x.from_bus = pt.output_bus
        _move_loads(out, set(pt.loads), pt.switchboard, pt.output_bus)
        at_board = [br for br in e.breakers if br.bus == pt.switchboard]
        if not [x for x in e.breakers if x.bus == pt.switchboard and x.protects != feeding_of.get(pt.switchboard)]:
            continue  # the lineup takes the whole switchboard: its main protects the lineup's input
        i_in = (n * blk.ups_rating_kw * 1e3 / blk.ups_efficiency) / (math.sqrt(3.0) * v)
        rating = next_standard_rating(i_in / 0.8) or i_in / 0.8
        interrupting = max((magnitude(br.interrupting, "A") for br in at_board), default=None)
        if interrupting is not None:
            entry = _input_breaker(catalog, rating, interrupting)
            e.breakers.append(Breaker(id=f"cb-{pt.ups_id}", bus=pt.switchboard, protects=pt.ups_id, **(
                {"model": entry.id, "kind": entry.data["kind"], "rating": entry.data["rating"],
                 "interrupting": entry.data["interrupting"]} if entry is not None else
                {"kind": "lvpcb", "rating": f"{rating:g} A", "interrupting": f"{interrupting:g} A"})))
    if sizing.generators:
        plant = sizing.plant
        gen = catalog.get(plant.model, "generator")
        bus = plant.bus
        if bus is None:
            if notes is None:
                raise ValueError(plant.bus_error)
            notes.append(f"standby generators not placed: {plant.bus_error}")
            return out
        for k in range(sizing.generators):
            e.generators.append(Generator(
                id=f"{STANDBY_PREFIX}{k + 1}", model=gen.id, bus=bus, rating=gen.data["rating"], voltage=gen.data["voltage"],
                **({"xd_subtransient": gen.data["xd_subtransient"]} if "xd_subtransient" in gen.data else {}),
                running=False, name=f"standby {k + 1} of {sizing.generators} (N+1)",
                notes=f"{TRANSFER_PREFIX}{plant.transfer.label}; starts and takes the generator-backed loads when the "
                      "utility fails (NFPA 110 Type 10)"))
    return out


def place_backup(design: Design, catalog: Catalog | None = None) -> tuple[Design, list[str]]:
    """:func:`add_backup` for the planner, then the trip settings of the breakers it added
    (:func:`retrofit.planning.protection_settings.set_protection` sets only breakers without settings);
    returns the design and the notes of the placement (generators that fit no bus) and of those settings.
    The design itself and no notes when the policy is none."""
    notes: list[str] = []
    out = add_backup(design, catalog, notes)
    if out is design:
        return design, []
    from .protection_settings import protection_notes, set_protection
    return out, notes + protection_notes(set_protection(out, catalog or load_catalog()))


def _input_breaker(catalog: Catalog, rating_a: float, interrupting_a: float):
    """Cheapest catalog LV power or insulated-case breaker of at least ``rating_a`` and ``interrupting_a``
    (ties: the smaller rating, then the id); None when the catalog has none."""
    fits = [x for x in catalog.list("breaker") if x.data.get("kind") in ("lvpcb", "iccb")
            and magnitude(Q_(x.data["rating"]), "A") >= rating_a - 1e-6
            and magnitude(Q_(x.data["interrupting"]), "A") >= interrupting_a - 1e-6]
    return min(fits, key=lambda x: (price_of(x).usd or math.inf, magnitude(Q_(x.data["rating"]), "A"), x.id),
               default=None)


def _output_board(catalog: Catalog, v: float, current_a: float, sccr_a: float):
    """Cheapest catalog LV switchboard rated for ``v`` (up to 600 V) with bus rating and SCCR at least
    ``current_a`` and ``sccr_a``; None when the catalog has none."""
    fits = [x for x in catalog.list("switchboard") if x.data.get("kind") == "switchboard"
            and v <= magnitude(Q_(x.data["voltage"]), "V") <= 600.0
            and "bus_rating" in x.data and magnitude(Q_(x.data["bus_rating"]), "A") >= current_a
            and magnitude(Q_(x.data.get("sccr", "0 A")), "A") >= sccr_a]
    return min(fits, key=lambda x: (price_of(x).usd or math.inf, x.id), default=None)


def placed_backup_ids(design: Design) -> set[str]:
    """Ids of the UPS lineups and standby generators :func:`add_backup` placed in ``design`` (named by it);
    they are priced by :func:`size_backup`'s cost lines, so the bill of materials counts them there once."""
    if design.goal is None or design.goal.backup.is_none:
        return set()
    names = {(f"ups-{c.replace('_', '-')}-", f"-ups-{c.replace('_', '-')}") for c in LOAD_CLASSES}
    out = {u.id for u in design.electrical.ups
           if any(u.id == f"{a}{u.from_bus}" and u.to_bus == f"{u.from_bus}{b}" for a, b in names)}
    named = design.goal.backup.generator_model
    return out | {g.id for g in design.electrical.generators
                  if g.id.startswith(STANDBY_PREFIX) and not g.running and (named is None or g.model == named)}


def _move_loads(design: Design, ids: set[str], old_bus: str, new_bus: str) -> None:
    """Re-point the loads ``ids`` (rack groups, cooling elements, other loads) from ``old_bus`` to ``new_bus``."""
    if not ids:
        return
    for g in design.loads.racks:
        if g.id in ids:
            g.feeds = [new_bus if f == old_bus else f for f in g.feeds]
    for load in design.loads.other:
        if load.id in ids and load.bus == old_bus:
            load.bus = new_bus
    c = design.cooling
    for items in (c.cdus, c.pumps, c.heat_rejection, c.exhaust_fans, c.crahs, c.rear_doors):
        for item in items:
            if item.id in ids and item.bus == old_bus:
                item.bus = new_bus


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
                   f"behind {s.plant.transfer.label}; yard area {s.yard_m2:,.0f} m2 by the catalog's area figures")
    if s.ups_loss_kw:
        out.append(f"UPS conversion losses {s.ups_loss_kw:,.1f} kW at the sizing load take utility headroom worth "
                   f"{s.racks_of_power_taken:.2f} GPU racks; UPS modules and battery {s.electrical_room_m2:,.0f} m2 by the "
                   "catalog's area figures (the room and yard as placed, with output switchboards, working space and "
                   "walkways: the layout notes and the floor plan)")
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


__all__ = ["catalog_figure", "table_row", "modules_needed", "class_items", "generator_power_factor", "SWITCHBOARD_KINDS", "STANDBY_PREFIX", "TRANSFER_PREFIX", "transfer_caption", "UpsPoint", "add_backup", "place_backup", "generator_bus", "placed_backup_ids",
           "ups_points", "PRESETS", "PolicyComparison", "backup_policies_json", "compare_policies", "BackupBlock", "BackupSizing", "CostLine", "backup_notes", "class_buses", "class_loads_kw", "size_backup",
           "standby_pump_power_w"]
