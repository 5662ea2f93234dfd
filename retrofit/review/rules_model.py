"""Model-consistency rules: the design hangs together and every analysis gave an answer.

A design that fails one of these has results other rules cannot judge (their findings turn untested),
so these findings say why.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, rule
from .studies import ELECTRICAL_ANALYSIS, study_results


@rule("MODEL-CONS-001", title="Design consistency", category="model",
      clause="Consistency checks before solving: every load fed, voltage levels, radial network, feeds per policy",
      severity="major", reads=("electrical.consistency[*]",), limit="no consistency problem")
def consistency(ctx: Context):
    """Every consistency check the electrical analysis runs before solving (every load and bus fed
    from a source, branches joining buses of one voltage, no closed loops, enough feeds per rack for
    the power redundancy) shall find nothing. Each problem is a failing finding naming its elements."""
    e = study_results(ctx, ELECTRICAL_ANALYSIS)
    problems = e.get("consistency", [])
    if not problems:
        yield Outcome("pass", (), (evidence("consistency problems", 0, "", limit=0, relation="<="),),
                      "no consistency problem")
        return
    for p in problems:
        yield Outcome("fail", tuple(p["elements"]), (evidence("check", p["check"], ""),), p["message"])


@rule("MODEL-LF-001", title="Load flow solved", category="model",
      clause="AC power flow (implicit Z-bus iteration or Newton-Raphson) converged to its mismatch tolerance", severity="major",
      reads=("electrical.solved", "electrical.load_flow.converged", "electrical.load_flow.max_mismatch_pu"),
      limit="converged")
def load_flow_solved(ctx: Context):
    """The load flow shall have been solved and converged; otherwise no electrical loading, voltage
    or N-1 finding can be trusted and those rules report untested."""
    e = ctx.results.get("electrical")
    if e is None:
        yield Outcome("fail", (), (), "the results have no electrical analysis")
        return
    lf = e.get("load_flow")
    if lf is None:
        yield Outcome("fail", (), (evidence("solved", False, "", limit=True, relation="=="),),
                      "not solved: " + (e.get("diagnosis") or "no diagnosis"))
        return
    ok = bool(lf["converged"])
    ev = (evidence("converged", ok, "", limit=True, relation="=="),
          evidence("iterations", lf.get("iterations"), ""),
          evidence("largest power mismatch", lf.get("max_mismatch_pu"), "pu"))
    yield Outcome("pass" if ok else "fail", (), ev,
                  f"converged in {lf.get('iterations')} iterations ({lf.get('method', 'newton')})" if ok else "did not converge: " + (lf.get("diagnosis") or ""))


@rule("MODEL-HYD-001", title="Loop hydraulics solved", category="model",
      clause="Global-gradient (Todini-Pilati) solution of each liquid loop converged", severity="major",
      reads=("cooling.loops[*].converged",), limit="converged")
def hydraulics_solved(ctx: Context):
    """The hydraulic solution of each liquid loop shall have converged; otherwise its flows, pressures
    and pump points are unknown and the rules that read them report untested."""
    loops = ctx.cooling_section("loops")
    for loop_id in sorted(loops):
        lp = loops[loop_id]
        ok = bool(lp.get("converged"))
        ev = (evidence("converged", ok, "", limit=True, relation="==", element=loop_id),
              evidence("iterations", lp.get("iterations"), "", element=loop_id))
        yield Outcome("pass" if ok else "fail", (loop_id,), ev,
                      f"{loop_id}: converged in {lp.get('iterations')} iterations" if ok
                      else f"{loop_id}: {lp.get('diagnosis') or 'did not converge'}")


@rule("MODEL-COOL-001", title="Every liquid-cooled rack has a liquid plant", category="model",
      clause="Each TCS loop served by CDUs on a facility loop with pumps and heat rejection", severity="major",
      reads=("loads.racks[*].tcs_loop", "cooling.cdus[*]", "cooling.plants[*]", "cooling.racks[*]"),
      limit="at least one CDU on the rack group's TCS loop, a plant built for its facility loop, a cooling result for every rack")
def liquid_plant(ctx: Context):
    """Every rack group with a TCS loop shall have a liquid plant: at least one CDU serving its loop,
    each such CDU on a facility loop that has pumps and heat-rejection units (so that its plant can be
    built), and a cooling result for each of its racks. The finding names the group, its loop and
    what is missing."""
    racks = ctx.cooling_section("racks")
    plants = ctx.cooling().get("plants", {})
    rack_ids: dict[str, list[str]] = {}         # by group, in the order of ctx.racks (one pass, not one per group)
    for r in ctx.racks:
        rack_ids.setdefault(r.group, []).append(r.id)
    loop_cdus: dict[str, list] = {}              # by TCS loop, in order of id
    for c in sorted(ctx.design.cooling.cdus, key=lambda c: c.id):
        loop_cdus.setdefault(c.tcs_loop, []).append(c)
    for g in ctx.design.loads.racks:
        if g.tcs_loop is None:
            continue
        ids = rack_ids.get(g.id, [])
        found = sum(1 for r in ids if r in racks)
        cdus = loop_cdus.get(g.tcs_loop, [])
        unbuilt = sorted({c.facility_loop for c in cdus if "converged" in (plants.get(c.facility_loop) or {"converged": False})})
        ev = (evidence("CDUs serving the loop", len(cdus), "", limit=1, relation=">=", element=g.tcs_loop),
              evidence("facility loops whose plant cannot be built", len(unbuilt), "", limit=0, relation="<=", element=g.tcs_loop),
              evidence("racks with a cooling result", found, "", limit=len(ids), relation=">=", element=g.id))
        problems = []
        if not cdus:
            problems.append(f"no CDU serves loop {g.tcs_loop}")
        for f in unbuilt:
            problems.append(f"{f}: {(plants.get(f) or {}).get('diagnosis') or 'no plant result'}")
        if found < len(ids):
            problems.append(f"{found} of {len(ids)} racks have a cooling result")
        yield Outcome("fail" if problems else "pass", (g.id, g.tcs_loop) + tuple(c.id for c in cdus) + tuple(unbuilt), ev,
                      f"{g.id}: " + ("; ".join(problems) if problems else f"cooled by {', '.join(c.id for c in cdus)} on loop {g.tcs_loop}"))


@rule("MODEL-PLANT-001", title="Liquid plant solved at each design ambient", category="model",
      clause="Plant balance (CDUs, facility loop, heat rejection) solved at each ASHRAE design condition", severity="major",
      reads=("cooling.plants[*][*].converged", "cooling.plants[*][*].shortfall_kw"),
      limit="a solution at every design ambient (an infeasible plant with a shortfall is a solution: see COOL-HR-001)")
def plant_solved(ctx: Context):
    """The plant balance of each facility loop shall have an answer at every design ambient: either a
    converged state, or an infeasibility with the heat shortfall it found (judged by COOL-HR-001). A
    facility loop without CDUs, pumps or heat-rejection units, or a balance that failed to converge
    without a shortfall, fails."""
    plants = ctx.cooling_section("plants")
    for floop in sorted(lp.id for lp in ctx.design.cooling.loops if lp.kind == "facility"):
        p = plants.get(floop)
        if p is None:
            yield Outcome("fail", (floop,), (), f"{floop}: no plant result")
            continue
        if "converged" in p:  # flat form: the plant could not be built
            yield Outcome("fail", (floop,), (evidence("solved", False, "", limit=True, relation="==", element=floop),),
                          f"{floop}: {p.get('diagnosis')}")
            continue
        bad = [(basis, p[basis]) for basis in sorted(p)
               if not p[basis]["converged"] and not (p[basis].get("shortfall_kw") or 0) > 0]
        ev = tuple(evidence(f"answer at {basis}", p[basis]["converged"] or (p[basis].get("shortfall_kw") or 0) > 0, "",
                            limit=True, relation="==", element=floop) for basis in sorted(p))
        yield Outcome("fail" if bad else "pass", (floop,), ev,
                      "; ".join(f"{floop} at {b}: {x['diagnosis']}" for b, x in bad) if bad
                      else f"{floop}: solved at " + ", ".join(sorted(p)))


@rule("MODEL-GOAL-001", title="Rack count of the goal", category="model",
      clause="The goal of the design file (goal.rack_model, goal.count)", severity="minor",
      reads=("loads.racks[*].model", "loads.racks[*].count", "goal.count"),
      limit="goal.count racks of goal.rack_model (not applicable for count: max)")
def goal_count(ctx: Context):
    """The design shall hold at least the number of racks of the goal's rack model that the goal asks
    for. Not applicable when the goal asks for the maximum, or when there is no goal."""
    goal = ctx.design.goal
    if goal is None or goal.count == "max":
        yield Outcome("not_applicable", (), (), "the goal asks for the maximum number of racks" if goal else "no goal")
        return
    groups = [g for g in ctx.design.loads.racks if g.model == goal.rack_model]
    have = sum(g.count for g in groups)
    ok = have >= goal.count
    yield Outcome("pass" if ok else "fail", tuple(g.id for g in groups),
                  (evidence(f"racks of {goal.rack_model}", have, "", limit=goal.count, relation=">="),),
                  f"{have} racks of {goal.rack_model}, the goal asks for {goal.count}")
