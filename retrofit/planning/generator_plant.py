"""The standby generator plant of a backup policy: which catalog generator, the bus it connects to, and the
equipment that transfers the generator-backed loads from the utility to it.

- **Which generator.** An explicitly named ``goal.backup.generator_model`` is taken as it is. Without one,
  among the catalog's generators those whose voltage fits where the plant must connect
  (:func:`retrofit.planning.backup.generator_bus`: the one switchboard above every generator-backed lineup
  when its voltage matches, else the service bus), the one whose N+1 plant costs least, generators and
  transfer equipment together (ties: the catalog id). A design that already holds the standby generators
  (ids ``standby-gen-*``) keeps their model and bus.
- **Transfer equipment follows the generator's voltage.** A low-voltage plant (up to 1,000 V) transfers each
  generator-backed block through automatic transfer switches (``ats`` table). A medium-voltage plant at the
  service bus is transferred by MV switchgear: one breaker per generator on a paralleling bus, and an
  open-transition transfer pair (utility main and generator main, interlocked) between the utility, the
  paralleling bus and the service bus, in one metal-clad lineup with a master control section.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..catalog import Catalog, Entry
from ..model import Design
from ..model.backup import LOAD_CLASSES, BackupPolicy
from ..units import Q_, magnitude
from .options import mv_breaker_for, mv_ik_a, price_of

LV_LIMIT_V = 1000.0
"""Highest generator voltage transferred by low-voltage ATSs (NEC 100: over 1,000 V is medium voltage) [V]."""

GENERATOR_BREAKER_ITEM = "generator breaker on the paralleling bus (MV switchgear)"
TRANSFER_PAIR_ITEM = "utility-main / generator-main transfer pair, open transition (MV switchgear)"
PARALLELING_LINEUP_ITEM = "generator paralleling and transfer switchgear lineup (sections)"
ATS_ITEM = "automatic transfer switch"


STANDBY_PREFIX = "standby-gen-"
"""Id prefix of the standby generators :func:`retrofit.planning.backup.add_backup` places."""

TRANSFER_PREFIX = "behind "
"""How the notes of a standby generator :func:`retrofit.planning.backup.add_backup` places begin: then its transfer equipment, up to ';'."""


def transfer_caption(notes: str | None) -> str | None:
    """The transfer equipment named in a placed standby generator's ``notes``, without its models and breakers
    (what the one-line writes beside the generators); None when the notes name none."""
    if not notes or not notes.startswith(TRANSFER_PREFIX):
        return None
    return notes[len(TRANSFER_PREFIX):].split(";", 1)[0].split(":", 1)[0].split(" (", 1)[0]


def generator_bus(design: Design, points: tuple, gen_voltage_v: float) -> str:
    """The bus the standby generators connect to (through their transfer equipment): the one switchboard
    above every generator-backed lineup (``points``, :class:`retrofit.planning.backup.UpsPoint`) when it is at the
    generator's voltage, else the utility's service
    bus when that is. Raises ValueError naming the voltages when neither matches."""
    boards = sorted({p.switchboard for p in points})
    volts = {b.id: magnitude(b.voltage, "V") for b in design.electrical.buses}
    if len(boards) == 1 and math.isclose(volts[boards[0]], gen_voltage_v, rel_tol=1e-3):
        return boards[0]
    service = design.utility.bus
    if math.isclose(volts.get(service, 0.0), gen_voltage_v, rel_tol=1e-3):
        return service
    raise ValueError(f"goal.backup.generator_model: generators at {gen_voltage_v:g} V fit neither the service bus "
                     f"{service} ({volts.get(service, 0.0):g} V) nor one switchboard above all generator-backed loads "
                     f"({', '.join(f'{b} {volts[b]:g} V' for b in boards) or 'none'}); expected a generator at one of "
                     "those voltages (catalog kind generator)")


@dataclass(frozen=True)
class TransferUnit:
    """One enclosure of transfer equipment in the backup yard."""

    id: str
    length_m: float  # along the row [m]
    width_m: float  # depth from its front [m]
    working_m: float | None  # working space in front [m]; None: the layout's criterion (NEC 110.26)
    kind: str  # "ats" or "paralleling_switchgear"


@dataclass(frozen=True)
class TransferPlant:
    """The equipment that transfers the generator-backed loads from the utility to the standby generators.

    ``kind`` is ``ats`` (low-voltage transfer switches, one set per generator-backed block) or
    ``mv_switchgear`` (generator breakers on a paralleling bus and an open-transition utility-main /
    generator-main pair, in one metal-clad lineup)."""

    kind: str
    voltage_v: float  # transfer voltage [V]
    current_a: float  # ATS: the largest block's current; MV: the plant's firm current, N generators [A]
    ik_a: float  # fault current the MV breakers interrupt before the duty margin [A] (0 for ATSs)
    ats_model: str | None
    ats: int
    generator_breaker_model: str | None
    generator_breakers: int
    transfer_breaker_model: str | None
    transfer_breakers: int  # the utility main and the generator main
    switchgear_model: str | None
    sections: int  # of the paralleling lineup (breakers and master control)
    units: tuple[TransferUnit, ...]
    cost_lines: tuple  # of retrofit.planning.backup.CostLine
    notes: tuple[str, ...]

    @property
    def label(self) -> str:
        """What the notes, the bill of materials and the drawings call the equipment."""
        if self.kind == "ats":
            return f"{self.ats} x {self.ats_model} transfer switch{'es' if self.ats != 1 else ''}"
        return (f"{self.voltage_v / 1e3:g} kV paralleling and transfer switchgear ({self.switchgear_model}, "
                f"{self.sections} sections): "
                f"{self.generator_breakers} x {self.generator_breaker_model} generator breakers and an open-transition "
                f"utility-main / generator-main pair ({self.transfer_breakers} x {self.transfer_breaker_model})")


@dataclass(frozen=True)
class GeneratorPlant:
    """The standby generators chosen for a policy and how they connect."""

    model: str
    rating_kva: float
    voltage_v: float
    needed: int  # N
    installed: int  # N + 1
    bus: str | None  # where they connect; None when their voltage fits nowhere
    bus_error: str | None  # why not, when bus is None
    chosen: bool  # True when the planner chose the model (goal.backup.generator_model not set)
    transfer: TransferPlant
    cost_lines: tuple  # the generators' own line, then the transfer equipment's

    @property
    def capex_usd(self) -> float:
        """Priced total of the cost lines (an unpriced line counts as infinite, so it loses a comparison) [USD]."""
        return sum(math.inf if c.unit_price_usd is None else c.unit_price_usd * c.quantity for c in self.cost_lines)


def lv_transfer(catalog: Catalog, policy: BackupPolicy, block_kw: list[float], pf: float) -> TransferPlant:
    """ATSs of ``policy.ats_model`` for each generator-backed block: ceil(I / I_ATS), with
    I = P / (sqrt(3) U_ATS pf) the block's current (its load and UPS losses ``block_kw``) at the ATS voltage."""
    from .backup import CostLine, table_row
    row = table_row(catalog.table("ats"), "id", policy.ats_model)
    v = float(row["voltage"])
    currents = [p * 1e3 / (math.sqrt(3.0) * v * pf) for p in block_kw]
    n = sum(math.ceil(i / float(row["rating"])) for i in currents)
    units = tuple(TransferUnit(f"ats-{k + 1}", float(row["length"]), float(row["width"]), None, "ats") for k in range(n))
    from .backup import ESTIMATE_UNCERTAINTY
    lines = (CostLine(ATS_ITEM, str(row["id"]), n, "each", float(row["price"]), row["source"], ESTIMATE_UNCERTAINTY),) if n else ()
    return TransferPlant("ats", v, round(max(currents, default=0.0), 1), 0.0, str(row["id"]), n, None, 0, None, 0, None, 0,
                         units, lines, ())


def _paralleling_row(catalog: Catalog, v: float, current_a: float, ik_a: float) -> Entry | None:
    """Cheapest (per section) catalog metal-clad switchgear at ``v`` whose one bus carries ``current_a`` and whose
    SCCR covers ``ik_a`` (ties: the id); None when none fits."""
    width = _figure(catalog, "mv_switchgear_section_width")
    fits = []
    for e in catalog.list("switchboard"):
        d = e.data
        if d.get("kind") != "switchgear" or abs(magnitude(Q_(d["voltage"]), "V") / v - 1.0) > 0.01:
            continue
        if magnitude(Q_(d["bus_rating"]), "A") < current_a - 1e-6 or magnitude(Q_(d.get("sccr", "0 A")), "A") < ik_a:
            continue
        per_row = max(round(magnitude(Q_(d["width"]), "m") / width), 1)
        fits.append(((price_of(e).usd or math.inf) / per_row, e.id, e))
    return min(fits, key=lambda x: x[:2])[2] if fits else None


def _figure(catalog: Catalog, quantity: str) -> float:
    from .backup import catalog_figure
    return catalog_figure(catalog.table("backup-equipment"), quantity)[0]


def mv_transfer(design: Design, catalog: Catalog, gen: Entry, needed: int, installed: int) -> TransferPlant:
    """MV paralleling and transfer switchgear for ``installed`` generators of catalog entry ``gen`` at the service.

    Notes
    -----
    - Currents at the generator voltage U: one generator I_G = S_G / (sqrt(3) U); the plant's firm current
      I_P = N S_G / (sqrt(3) U), which bounds what the generator main carries; the utility main carries the
      larger of I_P and the service's contracted capacity S_u / (sqrt(3) U).
    - Fault current the breakers interrupt: the larger of the utility's c S_k / (sqrt(3) U_n)
      (:func:`retrofit.planning.options.mv_ik_a`, IEC 60909-0, c = 1.1) and the plant's own
      (N+1) c I_G / x''_d (every generator on the paralleling bus feeding a fault at one breaker; an open
      transition never parallels the two sources).
    - Breakers: :func:`retrofit.planning.options.mv_breaker_for` at that fault (its duty margin and
      closing-and-latching check) with the continuous rating of I_G (generator breakers) or of the utility
      main's current (the pair).
    - The lineup: one section per breaker and one master control section (``mv_paralleling_control_sections``),
      each ``mv_switchgear_section_width`` wide; the switchgear row whose single bus carries I_P at least
      cost per section, priced per section (its price over its sections).
    """
    from ..layout.clearances import voltage_to_ground, working_space_depth
    from .backup import ESTIMATE_UNCERTAINTY, CostLine
    v = magnitude(Q_(gen.data["voltage"]), "V")
    s_va = magnitude(Q_(gen.data["rating"]), "VA")
    xd = magnitude(Q_(gen.data.get("xd_subtransient", "15 %")), "dimensionless")
    u = design.utility
    i_gen = s_va / (math.sqrt(3.0) * v)
    i_plant = needed * i_gen
    i_main = max(i_plant, magnitude(u.capacity, "VA") / (math.sqrt(3.0) * v))
    ik = max(mv_ik_a(magnitude(u.sk, "VA"), v), installed * 1.1 * i_gen / xd)
    gen_breaker = mv_breaker_for(catalog, v, ik, u.xr_ratio, rating_a=i_gen)
    pair = mv_breaker_for(catalog, v, ik, u.xr_ratio, rating_a=i_main)
    sections = installed + 2 + int(_figure(catalog, "mv_paralleling_control_sections"))
    row = _paralleling_row(catalog, v, i_plant, ik)
    width = _figure(catalog, "mv_switchgear_section_width")
    lines, notes, units = [], [], ()
    for item, entry, qty, what in ((GENERATOR_BREAKER_ITEM, gen_breaker, installed, f"{i_gen:,.0f} A"),
                                   (TRANSFER_PAIR_ITEM, pair, 2, f"{i_main:,.0f} A")):
        if entry is None:
            lines.append(CostLine(item, f"{v / 1e3:g} kV breaker", qty, "each", None,
                                  f"no catalog MV breaker of {what} for {ik / 1e3:.1f} kA at {v / 1e3:g} kV: not priced", None))
            notes.append(f"no catalog MV breaker carries {what} and interrupts {ik / 1e3:.1f} kA at {v / 1e3:g} kV: "
                         f"{item} not priced")
            continue
        p = price_of(entry)
        lines.append(CostLine(item, entry.id, qty, "each", p.usd, p.source, p.uncertainty))
    if row is None:
        lines.append(CostLine(PARALLELING_LINEUP_ITEM, f"{v / 1e3:g} kV switchgear", sections, "section", None,
                              f"no catalog {v / 1e3:g} kV switchgear with a {i_plant:,.0f} A bus and {ik / 1e3:.1f} kA: "
                              "not priced", None))
        notes.append(f"no catalog {v / 1e3:g} kV switchgear carries the plant's {i_plant:,.0f} A on one bus at "
                     f"{ik / 1e3:.1f} kA: the paralleling lineup is not priced")
    else:
        per_row = max(round(magnitude(Q_(row.data["width"]), "m") / width), 1)
        p = price_of(row)
        lines.append(CostLine(PARALLELING_LINEUP_ITEM, row.id, sections, "section",
                              None if p.usd is None else round(p.usd / per_row, 2),
                              f"{p.source}; priced per section, the row's price over its {per_row} sections "
                              f"(section width: catalog backup-equipment)", p.uncertainty or ESTIMATE_UNCERTAINTY))
        working = working_space_depth(voltage_to_ground(v, row.data.get("system", "wye_3w")), 3)[0]
        units = (TransferUnit("paralleling-swgr", round(sections * width, 3), magnitude(Q_(row.data["depth"]), "m"),
                              working, "paralleling_switchgear"),)
    return TransferPlant("mv_switchgear", v, round(i_plant, 1), round(ik, 1), None, 0,
                         gen_breaker.id if gen_breaker else None, installed, pair.id if pair else None, 2,
                         row.id if row else None, sections, units, tuple(lines), tuple(notes))


def generator_counts(gen_load_kw: float, rating_kva: float, pf: float) -> tuple[int, int]:
    """(N, N+1) generators for ``gen_load_kw``: N = ceil(P / (S pf)); (0, 0) without load."""
    needed = math.ceil(gen_load_kw / (rating_kva * pf) - 1e-9) if gen_load_kw > 0 else 0
    return needed, needed + 1 if needed else 0


def _plant(design: Design, catalog: Catalog, policy: BackupPolicy, gen: Entry, bus: str | None, error: str | None,
           gen_load_kw: float, block_kw: list[float], pf: float, chosen: bool) -> GeneratorPlant:
    from .backup import ESTIMATE_UNCERTAINTY, CostLine, catalog_figure
    kva = magnitude(Q_(gen.data["rating"]), "kVA")
    v = magnitude(Q_(gen.data["voltage"]), "V")
    needed, installed = generator_counts(gen_load_kw, kva, pf)
    if v <= LV_LIMIT_V:
        transfer = lv_transfer(catalog, policy, block_kw if installed else [], pf)
    else:
        transfer = mv_transfer(design, catalog, gen, needed, installed)
    lines = []
    if installed:
        gprice, _, gsrc = catalog_figure(catalog.table("backup-equipment"), "generator_price_per_kw")
        lines.append(CostLine("standby generator (N+1)", gen.id, installed, "each", round(gprice * kva * pf, 2), gsrc,
                              ESTIMATE_UNCERTAINTY))
        lines += list(transfer.cost_lines)
    return GeneratorPlant(gen.id, kva, v, needed, installed, bus, error, chosen, transfer, tuple(lines))


def generator_plant(design: Design, catalog: Catalog, policy: BackupPolicy, gen_load_kw: float,
                    block_kw: list[float]) -> GeneratorPlant:
    """The standby generator plant of ``policy`` for ``gen_load_kw`` (the generator-backed load with its UPS
    losses [kW]; ``block_kw`` the same per block, for the ATSs).

    The design's standby generators when it holds them (their model and bus); else the named model at
    :func:`retrofit.planning.backup.generator_bus` (bus None and the reason when its voltage fits none); else
    the catalog generator that fits a bus whose N+1 plant (generators and transfer equipment) costs least,
    ties by id. When no catalog generator fits, the cheapest plant is returned with bus None."""
    from .backup import generator_power_factor, ups_points
    pf = generator_power_factor(catalog)
    placed = sorted((g for g in design.electrical.generators if g.id.startswith(STANDBY_PREFIX)), key=lambda g: g.id)
    if placed:
        gen = catalog.get(placed[0].model, "generator")
        return _plant(design, catalog, policy, gen, placed[0].bus, None, gen_load_kw, block_kw, pf,
                      policy.generator_model is None)
    points = tuple(p for p in ups_points(design, policy) if policy.of(p.load_class).kind == "generator")

    def where(gen: Entry) -> tuple[str | None, str | None]:
        try:
            return generator_bus(design, points, magnitude(Q_(gen.data["voltage"]), "V")), None
        except ValueError as exc:
            return None, str(exc)

    if policy.generator_model is not None:
        gen = catalog.get(policy.generator_model, "generator")
        return _plant(design, catalog, policy, gen, *where(gen), gen_load_kw, block_kw, pf, False)
    plants = []
    for gen in sorted(catalog.list("generator"), key=lambda e: e.id):
        bus, error = where(gen)
        plant = _plant(design, catalog, policy, gen, bus, error, gen_load_kw, block_kw, pf, True)
        plants.append((bus is None, plant.capex_usd, gen.id, plant))
    best = min(plants, key=lambda x: x[:3])[3]
    if best.bus is None:
        best = replace(best, bus_error="no catalog generator fits: " + "; ".join(p[3].bus_error or "" for p in plants))
    return best


def generator_plant_notes(design: Design, policy: BackupPolicy, plant: GeneratorPlant, loads_kw: dict[str, float]) -> list[str]:
    """What the plan says about its generator plant: the choice, an LV plant that fits no bus, the transfer
    equipment's ratings, and the loads an MV plant at the service must shed."""
    out = []
    if not plant.installed:
        return out
    if plant.chosen and plant.bus is not None:
        out.append(f"standby generator chosen: {plant.model} ({plant.voltage_v / 1e3:g} kV), the least-cost N+1 plant "
                   f"among the catalog's generators at the voltage of {plant.bus}, where the plant connects")
    if plant.voltage_v <= LV_LIMIT_V and not plant.chosen:
        out.append(f"generators at {plant.voltage_v:g} V: one per LV lineup behind its ATS; for a campus, an MV generator "
                   "plant (catalog cat-c175-16-3000kw-13.8kv) with fewer transfer points may suit better")
    t = plant.transfer
    if t.kind == "mv_switchgear" and plant.bus is not None:
        out.append(f"transfer to the generators at {plant.bus}: {t.label}; breakers for {t.ik_a / 1e3:.1f} kA (the larger "
                   f"of the utility's and the {plant.installed} generators' fault current) and the plant's firm "
                   f"{t.current_a:,.0f} A at {t.voltage_v / 1e3:g} kV")
        shed = sum(loads_kw[c] for c in LOAD_CLASSES if policy.of(c).kind != "generator")
        if shed > 0.0 and plant.bus == design.utility.bus:
            out.append(f"the generator plant at the service bus {plant.bus} backs everything below it: {shed:,.0f} kW of "
                       "loads without generator backup must be shed (their feeder breakers opened) before the generator "
                       "main closes, or the plant sized for them")
    out.extend(t.notes)
    return out


__all__ = ["STANDBY_PREFIX", "TRANSFER_PREFIX", "generator_bus", "transfer_caption", "ATS_ITEM", "GENERATOR_BREAKER_ITEM", "LV_LIMIT_V", "PARALLELING_LINEUP_ITEM", "TRANSFER_PAIR_ITEM",
           "GeneratorPlant", "TransferPlant", "TransferUnit", "generator_counts", "generator_plant",
           "generator_plant_notes", "lv_transfer", "mv_transfer"]
