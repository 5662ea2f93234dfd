"""The verdict on a proposed design, read from the full analysis (:func:`retrofit.analyze.analyze`).

The planner sizes with closed forms; this module reads what the analysis found and lists every limit
that fails, so a plan is only reported as passing when the analysis says so.
"""
from __future__ import annotations

from ..model import Design
from ..units import magnitude



COOLING_VIOLATION_PREFIX = "cooling after the outage"
"""How the N-1 study's violations that come from the cooling re-solve begin (retrofit.electrical.contingency)."""

def failures(design: Design, results: dict, *, preferred_region: bool = True) -> list[dict]:
    """Every electrical and cooling limit the analysis results break.

    Parameters
    ----------
    design : Design
        The analysed design (its criteria set the limits).
    results : dict
        The output of :func:`retrofit.analyze.analyze`.
    preferred_region : bool
        Hold each pump to its preferred operating region (COOL-PUMP-002); False for a stage of a phased
        conversion, whose pumps, chosen for the final flow, may run part-loaded until the last stage
        (:func:`part_load_pumps` lists them). A pump outside its curve fails either way.

    Returns
    -------
    list of dict
        ``{"check", "element", "value", "limit", "message"}`` for each failure; empty when all pass.

    Notes
    -----
    Checked: load flow converged; transformer loading against the normal criterion; busway current
    against the busway loading criterion; feeder voltage drop and ampacity; breaker duty, bus and
    busway withstand; rack feed voltage drop; the redundancy policy of every rack; every N-1 outage
    (no rack loses all feeds, no loading or voltage violation); the utility capacity; every rack's
    coolant supply temperature and flow at the design ambient; the plant holding its facility
    supply; heat-rejection margin; N+1 of CDUs, pumps and heat-rejection units; residual air and rack
    inlet temperature; freeze protection; pipe velocity and pressure; each pump inside its curve and
    its preferred region (the review's rules :data:`PUMP_RULES`).
    """
    crit = design.goal.criteria if design.goal else None
    out: list[dict] = []

    def fail(check, element, value, limit, message):
        out.append({"check": check, "element": element, "value": value, "limit": limit, "message": message})

    el = results.get("electrical", {})
    if not el.get("solved"):
        fail("load_flow", "", None, None, el.get("diagnosis") or "load flow not solved")
        return out
    tx_max = 100.0 * magnitude(crit.max_transformer_loading, "dimensionless") if crit else 100.0
    bw_max = magnitude(crit.max_busway_loading, "dimensionless") if crit else 0.8
    ratings = el.get("ratings", {})
    for bid, br in el["load_flow"]["branches"].items():
        limit = ratings.get(bid, {}).get("normal_limit_percent", tx_max)
        if br.get("kind") == "transformer" and (br.get("loading_percent") or 0) > limit:
            fail("transformer_loading", bid, br["loading_percent"], limit, f"{bid} loaded {br['loading_percent']:.1f} %")
    for fid, f in el.get("feeders", {}).items():
        if not f.get("ok", True):
            fail("feeder", fid, f.get("vd_percent"), f.get("vd_limit_percent"), f.get("diagnosis") or f"{fid} fails")
        if f.get("kind") == "busway" and f.get("rating_a") and f["i_a"] > bw_max * f["rating_a"]:
            fail("busway_loading", fid, f["i_a"], bw_max * f["rating_a"], f"{fid} carries {f['i_a']:.0f} A")
    sc = el.get("short_circuit", {})
    for did, d in sc.get("devices", {}).items():
        if not d.get("ok", True):
            fail("breaker_duty", did, d["duty_ka"], d["interrupting_ka"], f"{did} duty {d['duty_ka']:.1f} kA")
    for bid, b in sc.get("buses", {}).items():
        if b.get("sccr_ok") is False:
            fail("bus_withstand", bid, b["ik3_ka"], b["sccr_ka"], f"{bid} fault {b['ik3_ka']:.1f} kA")
    for wid, w in sc.get("busway_withstand", {}).items():
        if not w.get("ok", True):
            fail("busway_withstand", wid, w["ik3_ka"], w["sccr_ka"], f"{wid} fault {w['ik3_ka']:.1f} kA")
    for rid, r in el.get("racks", {}).items():
        for path, feed in r["feeds"].items():
            if not feed.get("vd_ok", True):
                fail("rack_voltage_drop", rid, feed["vd_total_percent"], None, f"{rid} feed {path}")
    for rid, r in el.get("redundancy", {}).items():
        if not r.get("meets_policy", True):
            fail("redundancy", rid, None, r.get("policy"), r.get("reason", ""))
    power_policy = design.goal.power_redundancy if design.goal else "N"
    cooling_policy = design.goal.cooling_redundancy if design.goal else "N"
    for eid, o in (el.get("contingencies") or {}).get("outages", {}).items():
        if o.get("ok", True):
            continue
        violations = list(o.get("violations") or [])
        if power_policy == "N":  # single-fed racks may lose their feed; overloads and voltages still count
            violations = [v for v in violations if "lose every feed" not in v]
        # an electrical outage must leave the cooling whole when both policies promise redundancy (under N
        # power the supply itself has none; N cooling promises no spare)
        cooling_promised = cooling_policy != "N" and power_policy != "N"
        # the N-1 study lists the cooling limits an outage breaks among its violations ("cooling after the
        # outage: ..."); they count only where the policies promise the cooling survives
        cooling_text = [v for v in violations if v.startswith(COOLING_VIOLATION_PREFIX)]
        violations = [v for v in violations if not v.startswith(COOLING_VIOLATION_PREFIX)]
        if cooling_promised and o.get("cooling_ok") is False:
            violations += cooling_text or [o.get("cooling_consequence") or "the cooling fails after the outage"]
        if not violations and o.get("converged", True) and (o.get("racks_lost", 0) == 0 or power_policy == "N"):
            continue
        fail("n_minus_1", eid, o.get("racks_lost"), 0, "; ".join(violations) or "outage fails")
    util = el.get("utility", {})
    if util and not util.get("ok", True):
        fail("utility", "utility", util.get("demand_kva"), util.get("capacity_kva"), "service capacity exceeded")
    co = results.get("cooling", {})
    basis = co.get("design_basis")
    for rid, r in co.get("racks", {}).items():
        if not r.get("flow_ok", True):
            fail("rack_flow", rid, r.get("flow_lpm"), r.get("flow_required_lpm"), f"{rid} flow short")
        if not r.get("t_supply_ok", True):
            fail("rack_supply_temperature", rid, r.get("t_supply_c"), r.get("t_supply_max_c"), f"{rid} too warm")
    for pid, plant in co.get("plants", {}).items():
        state = plant.get(basis, plant) if isinstance(plant, dict) else {}
        if state.get("converged") is False:
            fail("plant", pid, state.get("shortfall_kw"), 0, state.get("diagnosis", "plant does not converge"))
    for hid, h in co.get("heat_rejection", {}).items():
        if (h.get("margin_kw") or 0) < 0:
            fail("heat_rejection_margin", hid, h["margin_kw"], 0, f"{hid} short by {-h['margin_kw']:.0f} kW")
    for lid, red in co.get("redundancy", {}).items():
        if cooling_policy != "N+1":
            break
        if not red.get("n_plus_1_ok", True):
            bad = [f"{part}:{k}" for part in ("cdu_out", "pump_out", "unit_out") for k, v in red.get(part, {}).items()
                   if not v.get("ok", True)]
            fail("cooling_n_plus_1", lid, None, None, "fails with " + ", ".join(bad))
    for hid, a in co.get("air", {}).items():
        if not a.get("adequate", True):
            fail("residual_air", hid, a.get("heat_to_exhaust_kw"), None, f"{hid} air not removed")
        if a.get("inlet_ok") is False:
            fail("rack_inlet_air", hid, a.get("t_inlet_c"), a.get("t_inlet_max_c"), f"{hid} inlet too warm")
    for lid, f in co.get("freeze", {}).items():
        if f.get("ok") is False:
            fail("freeze", lid, f.get("margin_k"), f.get("margin_required_k"), f"{lid} coolant may freeze")
    vmax = magnitude(crit.pipe_velocity_max, "m/s") if crit else 2.5
    pmax = magnitude(crit.pipe_pressure_max, "kPa") if crit else 600.0
    for lid, lp in co.get("loops", {}).items():
        if lp.get("converged") is False:
            fail("hydraulics", lid, None, None, lp.get("diagnosis", "loop does not converge"))
            continue
        if (lp.get("max_velocity_m_s") or 0) > vmax:
            fail("pipe_velocity", lid, lp["max_velocity_m_s"], vmax, f"{lp.get('max_velocity_pipe')}")
        if (lp.get("max_pressure_kpa") or 0) > pmax:
            fail("pipe_pressure", lid, lp["max_pressure_kpa"], pmax, f"{lid} pressure")
    out += _pump_failures(design, results, PUMP_RULES if preferred_region else PUMP_RULES[:1])
    return out


PUMP_RULES = ("COOL-PUMP-001", "COOL-PUMP-002")
"""The review rules on each pump's operating point (inside its curve, in its preferred region) that the
planner's verdict applies as the review does: the planner's pump selection aims inside them, and a plan is
not reported as passing what its review fails."""


def part_load_pumps(design: Design, results: dict) -> list[str]:
    """The pumps outside their preferred operating region (COOL-PUMP-002), in the review's words: what a
    stage of a phased conversion runs part-loaded until its last stage.

    Parameters
    ----------
    design : Design
        The analysed design.
    results : dict
        Its analysis.

    Returns
    -------
    list of str
        One text per pump set, in id order (``fwp-hall-1-a at 54 % of its best-efficiency flow``).
    """
    return [f"{f['element']} at {f['value']:.0f} % of its best-efficiency flow" if isinstance(f["value"], (int, float))
            else f["message"] for f in _pump_failures(design, results, PUMP_RULES[1:])]


def _pump_failures(design: Design, results: dict, rules: tuple[str, ...]) -> list[dict]:
    from ..review.registry import get_rule, run_rules

    out = []
    for f in run_rules(design, results, rules=[get_rule(r) for r in rules]):
        if f.status == "fail":
            ev = f.evidence[0] if f.evidence else {}
            out.append({"check": f.rule_id, "element": f.elements[0] if f.elements else "",
                        "value": ev.get("value"), "limit": ev.get("limit"), "message": f.message})
    return out


__all__ = ["PUMP_RULES", "failures", "part_load_pumps"]
