"""Backup-power rules: each class of load rides through the utility disturbances its backup policy promises,
and the racks that ride through stay cooled.

Both rules read ``results["backup"]`` (:func:`retrofit.resilience.backup_ride_through.backup_ride_through`),
which the analysis adds when the goal sets a backup policy other than none everywhere.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, MissingResult, rule

_NEEDS_UPS = ("a UPS (electrical.ups) between the utility and the class's loads: the planner sizes the UPS "
              "lineup and prices it in the bill of materials, but does not yet draw it into the one-line")
_NEEDS_GEN = "standby generators (electrical.generators) with transfer switches feeding the class's loads"


def _study(ctx: Context) -> dict:
    study = ctx.results.get("backup")
    if study is None:
        raise MissingResult("the backup ride-through study was not run (no backup policy in the goal)")
    return study


def _policy(ctx: Context):
    backup = getattr(ctx.design.goal, "backup", None)  # None also while goal.backup is not yet in the model
    return None if backup is None or backup.is_none else backup


def _ups_covers(ctx: Context, buses: set[str]) -> bool:
    from ..electrical.ups_losses import downstream_buses
    below = set()
    for u in ctx.design.electrical.ups:
        below |= downstream_buses(ctx.design, u.to_bus)
    return bool(buses) and buses <= below


@rule("ELEC-BACKUP-001", title="Backup policy met for each class of load", category="electrical",
      clause="goal.backup; ITI (CBEMA) Curve (ITIC, 2000) for ride_through; NFPA 110 Type 10 for the transfer to "
             "generators; IEC 62040-3 (UPS stored-energy time)",
      severity="major", reads=("backup.scenarios[*].classes[*]",),
      limit="each class rides through every scenario its policy promises: ride_through those inside the ITI "
            "curve, ups_minutes those no longer than its battery, generator all of them")
def backup_policy_met(ctx: Context):
    """Each class of load (GPU racks, network racks, cooling pumps, CDUs, controls) shall ride through the
    utility sags and interruptions of the ride-through table that its backup promises. A class with UPS
    or generator backup is judged only when the design holds the equipment in its supply path; otherwise
    the finding is untested and says what is missing."""
    policy = _policy(ctx)
    if policy is None:
        yield Outcome("not_applicable", (), (), "the goal sets no backup (none for every class of load)")
        return
    study = _study(ctx)
    from ..model.backup import LOAD_CLASSES
    from ..planning.backup import class_buses
    buses = class_buses(ctx.design)
    for cls in LOAD_CLASSES:
        b = policy.of(cls)
        if b.kind == "none":
            continue
        if b.kind in ("ups_minutes", "generator") and not _ups_covers(ctx, buses[cls]):
            yield Outcome("untested", (cls,), (), f"{cls}: backup {b.kind} but no UPS feeds its loads", needs=_NEEDS_UPS)
            continue
        if b.kind == "generator" and not ctx.design.electrical.generators:
            yield Outcome("untested", (cls,), (), f"{cls}: generator backup but the design has no generator",
                          needs=_NEEDS_GEN)
            continue
        promised = {sid: s["classes"][cls] for sid, s in study["scenarios"].items() if s["classes"][cls]["promised"]}
        missed = {sid: c for sid, c in promised.items() if not c["rides_through"]}
        if missed:
            rows = tuple(evidence(f"{sid}: time without power", c["off_s"], "s", limit=0.0, relation="<=", element=cls)
                         for sid, c in sorted(missed.items()))
            yield Outcome("fail", (cls,), rows, f"{cls} ({b.kind}) drops in " + "; ".join(
                f"{sid} ({c['how']})" for sid, c in sorted(missed.items())))
        else:
            yield Outcome("pass", (cls,), (evidence("scenarios promised and ridden through", len(promised), "scenarios"),),
                          f"{cls} ({b.kind}) rides through " + (", ".join(sorted(promised)) or "no promised scenario"))


@rule("COOL-BACKUP-001", title="Racks that ride through stay cooled", category="cooling",
      clause="goal.backup; lumped coolant-inventory heating (Incropera et al., 6th ed., §5.2) with the CDU and "
             "facility-pump restart times of the ride-through table",
      severity="major", reads=("backup.scenarios[*].racks_overheat", "backup.scenarios[*].thermal"),
      limit="in every scenario where the GPU racks keep running, their coolant keeps flowing and stays below the "
            "racks' supply limit")
def racks_stay_cooled(ctx: Context):
    """Where the GPU racks ride through a disturbance, their cooling must too: CDUs that stop leave the racks
    without coolant flow; facility cooling that stops longer than the TCS inventory's ride-through lets the
    coolant exceed the racks' limit."""
    policy = _policy(ctx)
    if policy is None or policy.gpu_racks.kind == "none":
        yield Outcome("not_applicable", (), (), "the GPU racks have no backup: they stop with the utility")
        return
    study = _study(ctx)
    hot = {sid: s for sid, s in study["scenarios"].items() if s["racks_overheat"]}
    if hot:
        for sid, s in sorted(hot.items()):
            yield Outcome("fail", ("gpu_racks",), (evidence("scenario", sid),), f"{sid}: {s['thermal']}")
    else:
        yield Outcome("pass", ("gpu_racks",), (evidence("scenarios studied", len(study["scenarios"]), "scenarios"),),
                      "in every scenario the GPU racks ride through, their cooling does too")
