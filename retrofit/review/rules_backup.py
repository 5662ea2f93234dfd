"""Backup-power rules: each class of load rides through the utility disturbances its backup policy promises,
and the racks that ride through stay cooled.

Both rules read ``results["backup"]`` (:func:`retrofit.resilience.backup_ride_through.backup_ride_through`),
which the analysis adds when the goal sets a backup policy other than none everywhere.
"""
from __future__ import annotations

from ..units import magnitude
from .findings import Outcome, evidence
from .registry import Context, rule
from .studies import BACKUP, study_results

_NEEDS_UPS = ("a UPS (electrical.ups) between the utility and the class's loads, as the planner places for the "
              "policy (retrofit plan; retrofit.planning.backup.add_backup)")
_NEEDS_GEN = "standby generators (electrical.generators) with transfer switches feeding the class's loads"


def _policy(ctx: Context):
    backup = ctx.design.goal.backup if ctx.design.goal is not None else None
    return None if backup is None or backup.is_none else backup


def _ups_below(ctx: Context) -> dict[str, set[str]]:
    from ..electrical.ups_losses import downstream_buses
    return {u.id: downstream_buses(ctx.design, u.to_bus) for u in ctx.design.electrical.ups}


def _ups_evidence(ctx: Context, cls: str, buses: set[str], below: dict[str, set[str]]):
    """(covered, evidence rows, lineups short of capacity) of the UPSs above ``cls``'s buses: each one's
    capacity with one module out against every backed load below it."""
    from ..planning.backup import class_items
    covered = set().union(*below.values()) if below else set()
    if not buses or not buses <= covered:
        return False, (), []
    items = class_items(ctx.design)
    rows, short = [], []
    for u in sorted(ctx.design.electrical.ups, key=lambda x: x.id):
        if not buses & below[u.id]:
            continue
        load_kw = sum(p for _c, _i, bs, p in items if set(bs) & below[u.id])
        cap_kw = max(u.count - 1, 1) * magnitude(u.rating, "kW")
        rows.append(evidence(f"{u.id}: capacity with one module out", round(cap_kw, 1), "kW", limit=round(load_kw, 1),
                             relation=">=", element=u.id))
        if cap_kw < load_kw:
            short.append(f"{u.id} carries {cap_kw:,.0f} kW with a module out, below its {load_kw:,.0f} kW")
    return True, tuple(rows), short


def _generator_evidence(ctx: Context):
    """(evidence row, shortfall text or None) of the standby generators against the generator-backed load."""
    from ..planning.backup import generator_power_factor, size_backup
    gens = [g for g in ctx.design.electrical.generators if not g.running]
    need_kw = size_backup(ctx.design).generator_load_kw
    pf = generator_power_factor()
    kva = sorted(magnitude(g.rating, "kVA") for g in gens)
    cap_kw = sum(kva[:-1]) * pf if len(kva) > 1 else 0.0  # N+1: the largest unit out
    row = evidence("standby generators with one out", round(cap_kw, 1), "kW", limit=round(need_kw, 1), relation=">=")
    return row, (None if cap_kw >= need_kw else
                 f"{len(gens)} standby generators carry {cap_kw:,.0f} kW with one out, below the {need_kw:,.0f} kW they back")


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
    study = study_results(ctx, BACKUP)
    from ..model.backup import LOAD_CLASSES
    from ..planning.backup import class_buses
    buses = class_buses(ctx.design)
    below = _ups_below(ctx)
    gen_row = gen_short = None
    for cls in LOAD_CLASSES:
        b = policy.of(cls)
        if b.kind == "none":
            continue
        if not buses[cls]:
            yield Outcome("not_applicable", (cls,), (), f"{cls}: backup {b.kind}, but the design has no loads of this class")
            continue
        rows: tuple = ()
        short: list[str] = []
        if b.kind in ("ups_minutes", "generator"):
            covered, rows, short = _ups_evidence(ctx, cls, buses[cls], below)
            if not covered:
                yield Outcome("untested", (cls,), (), f"{cls}: backup {b.kind} but no UPS feeds its loads", needs=_NEEDS_UPS)
                continue
        if b.kind == "generator":
            if not any(not g.running for g in ctx.design.electrical.generators):
                yield Outcome("untested", (cls,), (), f"{cls}: generator backup but the design has no standby generator",
                              needs=_NEEDS_GEN)
                continue
            if gen_row is None:
                gen_row, gen_short = _generator_evidence(ctx)
            rows += (gen_row,)
            if gen_short:
                short.append(gen_short)
        promised = {sid: s["classes"][cls] for sid, s in study["scenarios"].items() if s["classes"][cls]["promised"]}
        missed = {sid: c for sid, c in promised.items() if not c["rides_through"]}
        if missed or short:
            rows += tuple(evidence(f"{sid}: time without power", c["off_s"], "s", limit=0.0, relation="<=", element=cls)
                          for sid, c in sorted(missed.items()))
            yield Outcome("fail", (cls,), rows, f"{cls} ({b.kind}): " + "; ".join(
                short + [f"drops in {sid} ({c['how']})" for sid, c in sorted(missed.items())]))
        else:
            rows += (evidence("scenarios promised and ridden through", len(promised), "scenarios"),)
            yield Outcome("pass", (cls,), rows,
                          f"{cls} ({b.kind}) rides through " + (", ".join(sorted(promised)) or "no promised scenario")
                          + (" with its backup equipment in place" if b.kind in ("ups_minutes", "generator") else ""))


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
    study = study_results(ctx, BACKUP)
    hot = {sid: s for sid, s in study["scenarios"].items() if s["racks_overheat"]}
    if hot:
        for sid, s in sorted(hot.items()):
            yield Outcome("fail", ("gpu_racks",), (evidence("scenario", sid),), f"{sid}: {s['thermal']}")
    else:
        yield Outcome("pass", ("gpu_racks",), (evidence("scenarios studied", len(study["scenarios"]), "scenarios"),),
                      "in every scenario the GPU racks ride through, their cooling does too")
