"""Electrical rules on the power paths of the racks: N-1 survival, A/B independence, the supply the power
shelves need (voltage range, neutral), and the balance of A/B sides and transformer pairs.

Every rule reads ``results["electrical"]`` (see :func:`retrofit.electrical.analysis.analyze_electrical`)
and the design; the numbers in the evidence are the results' own.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, magnitude, rule
from .rules_electrical import branch_kind
from .studies import CONTINGENCIES, study_results

BALANCE_LIMIT_PERCENT = 60.0
"""Largest share of the A+B load one side may carry in normal operation [%].

A 2N pair is sized so that either side carries everything; in normal operation each should carry about
half. A side above 60 % is closer to its limit than the design intends and strands capacity on the
other. Engineering practice (estimate), not a code limit; hence a minor rule."""


PHASE_UNBALANCE_LIMIT_PERCENT = 10.0
"""Largest current unbalance at a feed bus of line-to-neutral racks [%].

Data-centre practice for three-phase PDUs: below 10 % acceptable, above 15 % operationally significant
(CalcSpec, PDU load balance calculator, imbalance reference table; secondary). Not a code limit; hence a
minor rule."""


# --- redundancy -------------------------------------------------------------------------------------

@rule("ELEC-N1-001", title="Survival of every single outage (N-1)", category="electrical",
      clause="TIA-942-B Rated 3 / Uptime Tier III concurrent maintainability, the facility expectation of the NVIDIA DGX SuperPOD reference architecture",
      severity="major", reads=("electrical.contingencies.outages[*]",),
      limit="no rack loses every feed; branches within 100 %, transformers within goal.criteria.max_transformer_loading_contingency "
            "(default 120 %), bus voltages within 0.90-1.06 pu (the N-1 study's limits)")
def n_minus_1(ctx: Context):
    """For each single outage of a transformer, switchboard, feeder, busway, PDU or UPS, no rack shall
    lose every feed and what remains shall stay within the N-1 study's limits. The outage of the
    service bus is not counted (common to every path of a single-service site, as in the redundancy
    analysis). Not applicable when the goal asks for N power redundancy."""
    if ctx.power_redundancy == "N":
        yield Outcome("not_applicable", (), (), "the goal asks for N power redundancy: single outages may drop load")
        return
    e = ctx.electrical()
    contingencies = study_results(ctx, CONTINGENCIES)
    limits = contingencies["limits"]
    lf = e["load_flow"]
    outages = contingencies["outages"]
    for outage_id in sorted(outages):
        o = outages[outage_id]
        if outage_id == ctx.design.utility.bus:
            yield Outcome("not_applicable", (outage_id,), (), f"{outage_id} is the service bus, common to every path")
            continue
        element = o.get("max_loading_element") or None
        limit = limits["max_transformer_percent"] if branch_kind(lf, element or "") == "transformer" else limits["max_loading_percent"]
        ev = [evidence("racks that lose every feed", o["racks_lost"], "", limit=0, relation="<=", element=outage_id),
              evidence("racks left on one feed", o["racks_single_fed"], "", element=outage_id)]
        if o.get("max_loading_percent") is not None:
            ev.append(evidence("most loaded branch", o["max_loading_percent"], "%", limit=limit, relation="<=", element=element))
        if o.get("min_vm_pu") is not None:
            ev.append(evidence("lowest bus voltage", o["min_vm_pu"], "pu", limit=limits["v_min_pu"], relation=">=",
                               element=o.get("min_vm_bus")))
        ok = bool(o["ok"])
        elements = (outage_id,) + ((element,) if element and not ok else ())
        yield Outcome("pass" if ok else "fail", elements, tuple(ev),
                      f"outage of {outage_id}: " + ("survives" if ok else "; ".join(o["violations"])))


@rule("ELEC-AB-001", title="A/B power path independence", category="electrical",
      clause="TIA-942-B Rated 3 / Uptime Tier III (no single point of failure); 2N: A and B paths share no element below the service",
      severity="critical", reads=("electrical.redundancy[*].meets_policy", "electrical.redundancy[*].shared_by_paths",
                                  "electrical.redundancy[*].single_points_of_failure"),
      limit="goal.power_redundancy (default 2N): no shared element (2N), no single point of failure (N+1, block redundant)")
def ab_independence(ctx: Context):
    """Each rack shall meet the goal's power redundancy: with 2N its A and B paths share no element
    below the service; with N+1 or block-redundant no element below the service is a single point of
    failure. Not applicable for N."""
    if ctx.power_redundancy == "N":
        yield Outcome("not_applicable", (), (), "the goal asks for N power redundancy")
        return
    red = ctx.electrical_section("redundancy")
    for rack in ctx.racks:
        r = red.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"the redundancy results have no entry for rack {rack.id}")
            continue
        if r["policy"] == "2N":
            shared = r["shared_by_paths"]
            ev = (evidence("elements shared by the A and B paths", len(shared), "", limit=0, relation="<=", element=rack.id),
                  evidence("feeds", len(r["feeds"]), "", limit=2, relation=">=", element=rack.id))
            culprits = shared
        else:
            culprits = r["single_points_of_failure"]
            ev = (evidence("single points of failure", len(culprits), "", limit=0, relation="<=", element=rack.id),
                  evidence("feeds", len(r["feeds"]), "", limit=2, relation=">=", element=rack.id))
        ok = bool(r["meets_policy"])
        yield Outcome("pass" if ok else "fail", (rack.id,) + (tuple(culprits) if not ok else ()), ev,
                      f"{rack.id}: {r['reason']}")


# --- power shelves ----------------------------------------------------------------------------------

@rule("ELEC-PS-001", title="Power-shelf input voltage range", category="electrical",
      clause="NVIDIA GB300 NVL72 power shelves: 200-277 V line to neutral (Lenovo LP2357 as quoted by the gridforge library); the rack's input_voltage_ln_min/max",
      severity="critical", reads=("electrical.racks[*].feeds[*].v_ln_v",),
      limit="the rack model's input_voltage_ln_min and input_voltage_ln_max")
def power_shelf_voltage(ctx: Context):
    """The line-to-neutral voltage at every feed of every rack, from the load flow, shall lie within
    the input range of the rack's power shelves. Racks whose model gives no input range are untested."""
    ctx.load_flow()
    racks = ctx.electrical_section("racks")
    for rack in ctx.racks:
        g = ctx.rack_groups[rack.group]
        if g.input_voltage_ln_min is None or g.input_voltage_ln_max is None:
            yield Outcome("untested", (rack.id,), (), f"rack group {g.id} gives no power-shelf input voltage range",
                          f"input_voltage_ln_min and input_voltage_ln_max of {g.id} (rack group or its catalog model)")
            continue
        r = racks.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"the electrical results have no entry for rack {rack.id}")
            continue
        lo, hi = magnitude(g.input_voltage_ln_min, "V"), magnitude(g.input_voltage_ln_max, "V")
        ev, bad = [], []
        for path in sorted(r["feeds"]):
            f = r["feeds"][path]
            v = f["v_ln_v"]
            ev.append(evidence(f"line-to-neutral voltage, feed {path}", v, "V", limit=lo, relation=">=", element=f["bus"]))
            ev.append(evidence(f"line-to-neutral voltage, feed {path}", v, "V", limit=hi, relation="<=", element=f["bus"]))
            if not lo <= v <= hi:
                bad.append(f"feed {path} ({f['bus']}) {v:g} V")
        buses = tuple(sorted({r["feeds"][p]["bus"] for p in r["feeds"]}))
        yield Outcome("fail" if bad else "pass", (rack.id,) + buses, tuple(ev),
                      f"{rack.id}: outside {lo:g}-{hi:g} V on " + ", ".join(bad) if bad
                      else f"{rack.id}: every feed within {lo:g}-{hi:g} V line to neutral")


@rule("ELEC-PS-002", title="Neutral for line-to-neutral power shelves", category="electrical",
      clause="NVIDIA GB300 NVL72 power shelves fed line to neutral (346Y/200 to 480Y/277 V, 4-wire wye); NEC 200 (grounded conductor)",
      severity="critical", reads=("electrical.racks[*].feeds[*].system",),
      limit="wye_4w at every feed of racks with needs_neutral")
def power_shelf_neutral(ctx: Context):
    """Every feed of a rack whose power shelves need a neutral shall come from a 4-wire wye bus. A
    3-wire delta or 3-wire wye bus has no neutral to connect line-to-neutral power supplies to."""
    ctx.electrical()
    racks = ctx.electrical_section("racks")
    for rack in ctx.racks:
        g = ctx.rack_groups[rack.group]
        if not g.needs_neutral:
            yield Outcome("not_applicable", (rack.id,), (), f"rack group {g.id} does not need a neutral")
            continue
        r = racks.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"the electrical results have no entry for rack {rack.id}")
            continue
        ev, bad = [], []
        for path in sorted(r["feeds"]):
            f = r["feeds"][path]
            ev.append(evidence(f"system of the feed {path} bus", f["system"], "", limit="wye_4w", relation="==", element=f["bus"]))
            if f["system"] != "wye_4w":
                bad.append(f["bus"])
        msg = (f"{rack.id}: no neutral at " + ", ".join(f"{b} ({ctx.buses[b].system})" for b in bad)) if bad else (
            f"{rack.id}: every feed is a 4-wire wye")
        yield Outcome("fail" if bad else "pass", (rack.id,) + tuple(bad), tuple(ev), msg)


# --- balance ----------------------------------------------------------------------------------------

def _side_power(ctx: Context, lf: dict, bus_id: str):
    """(branch id, p_from_kw) of the one branch feeding ``bus_id``, or (reason, None)."""
    incoming = ctx.incoming_branches(bus_id)
    if len(incoming) != 1:
        return (f"{bus_id} is fed by {len(incoming)} branches", None)
    p = (lf["branches"].get(incoming[0]) or {}).get("p_from_kw")
    if p is None:
        return (f"the load flow gives no power through {incoming[0]}", None)
    return (incoming[0], p)


def _split(label: str, sides: list[tuple[str, str, float]], subject: tuple[str, ...]) -> Outcome:
    total = sum(p for _, _, p in sides)
    ev = [evidence(f"active power into {bus} through {branch}", p, "kW", element=branch) for bus, branch, p in sides]
    if total <= 0:
        return Outcome("not_applicable", subject, tuple(ev), f"{label}: no load on either side")
    share = round(100.0 * max(p for _, _, p in sides) / total, 2)
    ev.append(evidence("largest side's share of the load", share, "%", limit=BALANCE_LIMIT_PERCENT, relation="<=",
                       element=subject[0]))
    ok = share <= BALANCE_LIMIT_PERCENT
    return Outcome("pass" if ok else "fail", subject, tuple(ev),
                   f"{label}: largest side carries {share:g} % of the load" + ("" if ok else f", above {BALANCE_LIMIT_PERCENT:g} %"))


@rule("ELEC-BAL-001", title="A/B load split of each rack group", category="electrical",
      clause="2N practice: each side carries about half in normal operation (engineering practice, estimate)", severity="minor",
      reads=("electrical.load_flow.branches[<branch feeding each feed bus>].p_from_kw",),
      limit=f"largest side at most {BALANCE_LIMIT_PERCENT:g} % of the A+B load (BALANCE_LIMIT_PERCENT)")
def rack_group_split(ctx: Context):
    """For each rack group with two or more feeds, the active power of the branch feeding each of its
    feed buses is read from the load flow; the largest side's share of their sum shall not exceed the
    balance limit. Active power, not current, so that sides of different voltage (a 415 V A side and a
    480 V B side) compare like with like. The split includes everything else those buses feed."""
    lf = ctx.load_flow()
    for g in ctx.design.loads.racks:
        if len(g.feeds) < 2:
            continue
        sides = []
        for bus in g.feeds:
            branch, p = _side_power(ctx, lf, bus)
            if p is None:
                yield Outcome("untested", (g.id, bus), (), f"{g.id}: {branch}")
                break
            sides.append((bus, branch, p))
        else:
            yield _split(f"rack group {g.id}", sides, (g.id,) + tuple(g.feeds))


@rule("ELEC-BAL-002", title="A/B transformer pair balance", category="electrical",
      clause="2N practice: each transformer of an A/B pair carries about half in normal operation (engineering practice, estimate)",
      severity="minor", reads=("electrical.load_flow.branches[<transformer>].p_from_kw",),
      limit=f"largest transformer of the pair at most {BALANCE_LIMIT_PERCENT:g} % of the pair's load (BALANCE_LIMIT_PERCENT)")
def transformer_pair_split(ctx: Context):
    """The A and B transformers of each rack group (the nearest transformer above each feed bus on its
    only supply path) form a pair; the largest one's share of the pair's active power from the load flow
    shall not exceed the balance limit. Each distinct pair is judged once."""
    lf = ctx.load_flow()
    pairs = set()
    for g in ctx.design.loads.racks:
        if len(g.feeds) < 2:
            continue
        txs = tuple(ctx.upstream_transformer(b) for b in g.feeds)
        if None in txs or len(set(txs)) < len(txs):
            continue
        pairs.add(tuple(sorted(txs)))
    by_id: dict = {}            # the design's elements by id, the first of each (as Design.element finds it)
    for _, element in (ctx.design.elements() if pairs else ()):
        by_id.setdefault(element.id, element)
    for pair in sorted(pairs):
        sides = []
        for t in pair:
            p = (lf["branches"].get(t) or {}).get("p_from_kw")
            if p is None:
                yield Outcome("untested", pair, (), f"the load flow gives no power through {t}")
                break
            sides.append((by_id[t].lv_bus, t, p))
        else:
            yield _split("transformers " + " / ".join(pair), sides, pair)


@rule("ELEC-BAL-003", title="Phase balance of line-to-neutral rack loads", category="electrical",
      clause="NEC 220.61 (neutral carries the maximum unbalance); current unbalance as the maximum deviation from the "
             "average (NEMA MG 1-2016 14.36, IEEE Std 1159-2019 4.4.8)",
      severity="minor", reads=("electrical.phase_balance[<feed bus>].unbalance_percent",
                               "electrical.phase_balance[<feed bus>].i_neutral_a"),
      limit=f"current unbalance at most {PHASE_UNBALANCE_LIMIT_PERCENT:g} % at each feed bus (PHASE_UNBALANCE_LIMIT_PERCENT)")
def phase_balance(ctx: Context):
    """At every bus feeding racks whose power supplies are fed line to neutral, the phase currents follow
    from how each rack's supplies are spread over L1, L2 and L3 (the rack model's psus_per_phase) and
    the bus voltage of the load flow; the current unbalance (largest deviation from the average over the
    average) shall not exceed the limit. The neutral current is given as evidence. A bus feeding a rack
    group whose arrangement is not known is untested, naming the group and the field that would
    evaluate it. Not applicable when no rack needs a neutral."""
    ctx.load_flow()
    balance = ctx.electrical_section("phase_balance")
    for bus in sorted(balance):
        b = balance[bus]
        subject = (bus,) + tuple(b["groups"])
        if b["unknown_groups"]:
            yield Outcome("untested", (bus,) + tuple(b["unknown_groups"]), (),
                          f"{bus}: the spread of the line-to-neutral power supplies over the phases is not known for "
                          + ", ".join(b["unknown_groups"]) + ": give psus_per_phase (supplies on L1, L2, L3 per feed "
                          "of one rack) in the rack group or its catalog model",
                          "psus_per_phase of " + ", ".join(b["unknown_groups"]) + " (rack group or catalogs/racks.yaml)")
            continue
        value = b.get("unbalance_percent")
        if value is None:
            yield Outcome("untested", subject, (), f"{bus}: no phase currents: the bus is not energized in the load flow "
                          f"({b.get('v_ln_v')} V line to neutral)")
            continue
        ev = (evidence("current unbalance", value, "%", limit=PHASE_UNBALANCE_LIMIT_PERCENT, relation="<=", element=bus),
              evidence("phase currents L1, L2, L3", ", ".join(f"{i:g}" for i in b["i_phase_a"]), "A", element=bus),
              evidence("neutral current (fundamental)", b["i_neutral_a"], "A", element=bus))
        ok = value <= PHASE_UNBALANCE_LIMIT_PERCENT
        yield Outcome("pass" if ok else "fail", subject, ev,
                      f"{bus}: current unbalance {value:g} %, neutral {b['i_neutral_a']:g} A"
                      + ("" if ok else f", above {PHASE_UNBALANCE_LIMIT_PERCENT:g} %"))
