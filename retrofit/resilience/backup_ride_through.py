"""Ride-through of utility sags and interruptions per class of load, with the backup the goal's policy puts
in place: which loads drop in each scenario, for how long, and what that does to the racks' coolant.

The scenarios, the voltage-tolerance envelopes of IT power supplies (ITI/CBEMA curve) and of pump drives,
and the restart times are rows of the ``ride-through`` catalog table, each with its source. The GB300
power-shelf energy storage is the ``storage_per_gpu`` row of the ``gb300-load-swing`` table.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..catalog import Catalog, load_catalog
from ..electrical.design_grid import rack_power_w
from ..model import Design
from ..model.backup import LOAD_CLASSES, BackupPolicy
from ..units import magnitude
from .ride_through import loop_volume_m3, ride_through_time

IT_CLASSES = ("gpu_racks", "network_racks", "controls")


@dataclass(frozen=True)
class Scenario:
    """A utility disturbance: the voltage left during it and how long it lasts."""

    id: str
    residual_voltage: float  # [pu]
    duration_s: float  # [s]
    source: str


@dataclass(frozen=True)
class ClassOutcome:
    """What one class of load does in one scenario."""

    load_class: str
    backup: str
    rides_through: bool
    drops_at_s: float | None  # when it loses power, from the start of the disturbance [s]; None if it rides through
    off_s: float  # how long it is without power or stopped, restart included [s]
    how: str  # what carried it, or why it dropped
    promised: bool = False  # the policy promises this class rides through this scenario


@dataclass(frozen=True)
class ScenarioOutcome:
    """Every class of load in one scenario, and the thermal consequence for the racks."""

    scenario: Scenario
    classes: tuple[ClassOutcome, ...]
    thermal: str  # the racks' coolant: untouched, within the inventory's ride-through, or over it
    racks_overheat: bool

    def outcome(self, load_class: str) -> ClassOutcome:
        return next(c for c in self.classes if c.load_class == load_class)


@dataclass(frozen=True)
class BackupRideThrough:
    """The ride-through study of a design under its backup policy."""

    scenarios: tuple[ScenarioOutcome, ...]
    rack_storage_s: float | None  # GB300 power-shelf storage over the rack's sizing power [s]
    coolant_ride_through_s: float | None  # shortest TCS inventory ride-through with CDUs running [s]
    generator_transfer_s: float  # load outage of a transfer to generators [s]
    notes: tuple[str, ...]

    def to_json(self) -> dict:
        """Plain data for the analysis results (``results["backup"]``), times in seconds."""
        return {"rack_storage_s": _round(self.rack_storage_s), "coolant_ride_through_s": _round(self.coolant_ride_through_s),
                "generator_transfer_s": self.generator_transfer_s, "notes": list(self.notes),
                "scenarios": {o.scenario.id: {
                    "residual_voltage_pu": o.scenario.residual_voltage, "duration_s": o.scenario.duration_s,
                    "thermal": o.thermal, "racks_overheat": o.racks_overheat,
                    "classes": {c.load_class: {"backup": c.backup, "promised": c.promised, "rides_through": c.rides_through,
                                               "drops_at_s": _round(c.drops_at_s), "off_s": _round(c.off_s), "how": c.how}
                                for c in o.classes}} for o in self.scenarios}}


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def envelope_holds(envelope: list[tuple[float, float]], residual: float, duration_s: float) -> bool:
    """True when a sag to ``residual`` [pu] lasting ``duration_s`` [s] lies inside the tolerance ``envelope``.

    ``envelope`` is a list of (residual voltage [pu], longest duration [s]) steps: the equipment tolerates
    a voltage at or above each step's residual for up to that step's duration (the ITI/CBEMA curve's
    lower boundary read as steps).

    Examples
    --------
    >>> itic = [(0.0, 0.02), (0.7, 0.5), (0.8, 10.0), (0.9, float("inf"))]
    >>> envelope_holds(itic, 0.5, 0.2), envelope_holds(itic, 0.7, 0.5), envelope_holds(itic, 0.0, 0.05)
    (False, True, False)
    """
    return any(residual >= v and duration_s <= t for v, t in envelope)


def promised(kind: str, minutes: float | None, sc: Scenario, itic: list[tuple[float, float]]) -> bool:
    """Whether a backup of ``kind`` promises to ride through ``sc``: ``ride_through`` every disturbance inside
    the ITI/CBEMA envelope (what IT equipment is built to tolerate), ``ups_minutes`` every one no longer
    than its battery, ``generator`` all of them, ``none`` nothing."""
    if kind == "ride_through":
        return envelope_holds(itic, sc.residual_voltage, sc.duration_s)
    if kind == "ups_minutes":
        return sc.duration_s <= minutes * 60.0
    return kind == "generator"


def _rows(table, kind: str) -> list[dict]:
    return [r for r in table.rows if r["kind"] == kind]


def scenarios(catalog: Catalog) -> list[Scenario]:
    """The scenarios of the ``ride-through`` table, in its order."""
    return [Scenario(r["id"], float(r["residual_voltage"]), float(r["duration"]), r["source"])
            for r in _rows(catalog.table("ride-through"), "scenario")]


def rack_storage_s(design: Design, catalog: Catalog) -> float | None:
    """Seconds the GB300 power-shelf storage carries one rack at its sizing power [s] (None without GPU racks)."""
    if design.goal is None:
        return None
    gpu = next((g for g in design.loads.racks if g.model == design.goal.rack_model), None)
    if gpu is None:
        return None
    rows = {r["quantity"]: float(r["value"]) for r in catalog.table("gb300-load-swing").rows}
    p_w = rack_power_w(gpu, design.goal.criteria.rack_power_basis)
    return rows["storage_per_gpu"] * rows["gpus_per_rack"] / p_w if p_w > 0 else None


def coolant_ride_through_s(design: Design) -> float | None:
    """Shortest time a TCS loop's coolant takes to warm to its racks' supply limit with the CDUs circulating
    and no heat sink (:func:`retrofit.resilience.ride_through.ride_through_time`) [s]; None without the data."""
    from ..cooling.coolant import coolant  # lazy: the coolant tables
    crit = design.goal.criteria if design.goal else None
    times = []
    for loop in design.cooling.loops:
        if loop.kind != "tcs":
            continue
        racks = [g for g in design.loads.racks if g.tcs_loop == loop.id]
        limits = [magnitude(g.t_supply_max, "K") for g in racks if g.t_supply_max is not None]
        setpoint = loop.t_supply_setpoint or (crit.t_supply_tcs if crit else None)
        if not racks or not limits or setpoint is None:
            continue
        t_set = magnitude(setpoint, "K")
        fluid = coolant(loop.coolant)
        heat = sum(magnitude(g.p_design, "W") * g.count for g in racks)
        volume = loop_volume_m3(loop, sum(g.count for g in racks))
        times.append(ride_through_time(volume, float(fluid.density(t_set + 5.0)), float(fluid.specific_heat(t_set + 5.0)),
                                       min(limits) - t_set, heat))
    return min(times) if times else None


def _class_outcome(cls: str, kind: str, minutes: float | None, sc: Scenario, envelope, stored_s: float,
                   transfer_s: float, restart_s: float) -> ClassOutcome:
    own = envelope_holds(envelope, sc.residual_voltage, sc.duration_s) or sc.duration_s <= stored_s
    if own:
        return ClassOutcome(cls, kind, True, None, 0.0, "its own tolerance" + (
            f" and stored energy ({stored_s * 1e3:.0f} ms)" if stored_s > 0 else ""))
    if kind in ("ups_minutes", "generator"):
        battery_s = minutes * 60.0
        if sc.duration_s <= battery_s:
            return ClassOutcome(cls, kind, True, None, 0.0, f"UPS battery ({minutes:g} min)")
        if kind == "generator" and transfer_s <= battery_s:
            return ClassOutcome(cls, kind, True, None, 0.0,
                                f"UPS battery bridges the {transfer_s:g} s transfer to the generators")
        return ClassOutcome(cls, kind, False, battery_s, sc.duration_s - battery_s + restart_s,
                            f"UPS battery empty after {minutes:g} min")
    drop = stored_s if stored_s > 0 else 0.0
    return ClassOutcome(cls, kind, False, drop, sc.duration_s - drop + restart_s,
                        "outside its voltage tolerance" + (f"; stored energy lasts {stored_s * 1e3:.0f} ms" if stored_s else ""))


def backup_ride_through(design: Design, catalog: Catalog | None = None,
                        policy: BackupPolicy | None = None) -> BackupRideThrough:
    """Each scenario of the ``ride-through`` table against each class of load under ``policy`` (the goal's).

    Notes
    -----
    - IT loads (GPU and network racks, controls) tolerate the ITI/CBEMA envelope; pumps and CDUs the drive
      envelope. Outside it, a load drops unless stored energy carries it: ``ride_through`` credits the GB300
      power shelf's storage (energy over the rack's sizing power) for GPU racks; a UPS carries its class for
      its battery minutes; with generators the UPS need only bridge the transfer (NFPA 110 Type 10, from the
      ATS table), and the generators then carry the load for any duration (fuel not limited here).
    - Thermal consequence: GPU racks running while the CDUs are stopped have no coolant flow, and no
      ride-through is credited; with CDUs running but the facility pumps or heat rejection stopped, the TCS
      inventory warms for ``coolant_ride_through_s``, and the racks overheat if cooling is off longer.
    - A dropped pump or CDU is off for the rest of the disturbance plus its restart time.
    """
    catalog = catalog or load_catalog()
    policy = policy or (design.goal.backup if design.goal else BackupPolicy())
    table = catalog.table("ride-through")
    itic = [(float(r["residual_voltage"]), float(r["duration"])) for r in _rows(table, "itic_envelope")]
    drive = [(float(r["residual_voltage"]), float(r["duration"])) for r in _rows(table, "drive_envelope")]
    restart = {r["id"]: float(r["duration"]) for r in _rows(table, "restart")}
    ats_row = next(r for r in catalog.table("ats").rows if r["id"] == policy.ats_model)
    transfer_s = float(ats_row["transfer_outage"])
    storage = rack_storage_s(design, catalog)
    coolant_s = coolant_ride_through_s(design)
    out = []
    for sc in scenarios(catalog):
        classes = []
        for cls in LOAD_CLASSES:
            b = policy.of(cls)
            stored = storage if (cls == "gpu_racks" and b.kind == "ride_through" and storage) else 0.0
            outcome = _class_outcome(cls, b.kind, b.minutes, sc, itic if cls in IT_CLASSES else drive, stored,
                                     transfer_s, restart.get(cls, 0.0))
            classes.append(dataclasses.replace(outcome, promised=promised(b.kind, b.minutes, sc, itic)))
        by = {c.load_class: c for c in classes}
        gpu = by["gpu_racks"]
        if not gpu.rides_through:
            thermal, hot = "the GPU racks stop: no heat, no thermal risk (the running jobs are lost)", False
        elif not by["cdus"].rides_through:
            thermal, hot = (f"the CDUs stop for {by['cdus'].off_s:g} s while the racks run: no coolant flow, no "
                            "ride-through credited; the racks rely on their own thermal protection"), True
        elif not by["cooling_pumps"].rides_through:
            off = by["cooling_pumps"].off_s
            if coolant_s is None:
                thermal, hot = f"facility cooling off for {off:g} s; the TCS inventory's ride-through is unknown", True
            else:
                hot = off > coolant_s
                thermal = (f"facility cooling off for {off:g} s; the TCS coolant reaches the racks' limit after "
                           f"{coolant_s:.0f} s" + (" (exceeded)" if hot else " (within)"))
        else:
            thermal, hot = "cooling keeps running", False
        out.append(ScenarioOutcome(sc, tuple(classes), thermal, hot))
    notes = ["envelopes and restart times from the ride-through table (ITI/CBEMA curve; drive and restart figures are estimates)"]
    if storage:
        notes.append(f"GB300 power-shelf storage carries a rack for {storage * 1e3:.0f} ms at its sizing power")
    return BackupRideThrough(tuple(out), storage, coolant_s, transfer_s, tuple(notes))


__all__ = ["BackupRideThrough", "ClassOutcome", "Scenario", "ScenarioOutcome", "backup_ride_through", "promised",
           "coolant_ride_through_s", "envelope_holds", "rack_storage_s", "scenarios"]
