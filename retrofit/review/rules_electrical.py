"""Electrical rules: loading, voltage, short-circuit duty and feeders (the power paths of the racks are
in :mod:`retrofit.review.rules_power_paths`).

Every rule reads ``results["electrical"]`` (see :func:`retrofit.electrical.analysis.analyze_electrical`)
and the design; the numbers in the evidence are the results' own.
"""
from __future__ import annotations

from dataclasses import dataclass

from .findings import Outcome, evidence
from .registry import Context, magnitude, rule
from .studies import CONTINGENCIES, study_results

CONTINUOUS_LOADING_STANDARD = 0.80
"""Continuous load as a fraction of the rating of a breaker not listed for 100 % (NEC 215.3, 210.20(A))."""


def branch_kind(lf: dict, branch_id: str) -> str:
    """The load-flow kind of a branch (``transformer``, ``cable``, ``busway`` ...), empty when unknown."""
    return (lf.get("branches", {}).get(branch_id) or {}).get("kind", "")


@dataclass(frozen=True)
class OutageLoading:
    """The most loaded branch of one outage of the N-1 study."""

    loading_percent: float
    """Its loading [%] of its rating."""
    branch: str
    """Its id."""
    outage: str
    """The id of the element out."""


@dataclass(frozen=True)
class TransformerOutageLoading:
    """What the N-1 study, which gives only the most loaded branch of each outage, says of the transformers."""

    worst: dict[str, OutageLoading]
    """Per transformer, the outage that loads it most among those in which it is the most loaded branch."""
    overall: OutageLoading | None
    """The most loaded branch over every outage (None when no outage gives a loading)."""


def worst_transformer_outages(outages: dict, lf: dict) -> TransformerOutageLoading:
    """Each transformer's worst loading after an outage, from ``results["electrical"]["contingencies"]["outages"]``
    and the load flow ``lf`` that names the kind of each branch (see :class:`TransformerOutageLoading`)."""
    worst: dict[str, OutageLoading] = {}
    overall = None
    for outage_id in sorted(outages):
        o = outages[outage_id]
        value, element = o.get("max_loading_percent"), o.get("max_loading_element")
        if value is None:
            continue
        if overall is None or value > overall.loading_percent:
            overall = OutageLoading(value, element, outage_id)
        if branch_kind(lf, element) == "transformer" and (element not in worst or value > worst[element].loading_percent):
            worst[element] = OutageLoading(value, element, outage_id)
    return TransformerOutageLoading(worst, overall)


# --- loading ----------------------------------------------------------------------------------------

@rule("ELEC-TX-001", title="Transformer loading in normal operation", category="electrical",
      clause="IEEE C57.91-2011 (loading guide) and IEEE C57.12.00 nameplate rating", severity="major",
      reads=("electrical.load_flow.branches[<transformer>].loading_percent",),
      limit="goal.criteria.max_transformer_loading (default 100 %)")
def transformer_loading(ctx: Context):
    """Each transformer's apparent-power loading from the load flow, in percent of its nameplate
    (self-cooled) rating, shall not exceed the normal-operation criterion. Loading above nameplate in
    normal operation eats insulation life (IEEE C57.91 aging); the criterion is the owner's margin."""
    lf = ctx.load_flow()
    limit = magnitude(ctx.criteria.max_transformer_loading, "percent")
    for t in sorted(ctx.design.electrical.transformers, key=lambda t: t.id):
        b = lf["branches"].get(t.id)
        if b is None or b.get("loading_percent") is None:
            yield Outcome("untested", (t.id,), (), f"the load flow gives no loading for {t.id}")
            continue
        value = b["loading_percent"]
        ev = (evidence("loading", value, "%", limit=limit, relation="<=", element=t.id),
              evidence("secondary current", b.get("i_to_a"), "A", element=t.id))
        ok = value <= limit
        yield Outcome("pass" if ok else "fail", (t.id,), ev,
                      f"{t.id} loaded {value:g} % of {t.rating:~P}" + ("" if ok else f", above {limit:g} %"))


@rule("ELEC-TX-002", title="Transformer loading after a single outage", category="electrical",
      clause="IEEE C57.91-2011 clause 7 (planned loading beyond nameplate, long-time emergency)", severity="major",
      reads=("electrical.contingencies.outages[*].max_loading_element", "electrical.contingencies.outages[*].max_loading_percent"),
      limit="goal.criteria.max_transformer_loading_contingency (default 100 %) of the nameplate")
def transformer_contingency_loading(ctx: Context):
    """After each single outage of the N-1 study, no transformer shall be loaded above the contingency
    criterion. The N-1 results give the most loaded branch of each outage: a transformer's worst
    loading is taken over the outages in which it is that branch. A transformer that is never the most
    loaded branch passes when the most loaded branch of every outage is within the limit (its own
    loading is then lower still); otherwise the rule cannot tell and reports it untested."""
    e = ctx.electrical()
    contingencies = study_results(ctx, CONTINGENCIES)
    lf = e["load_flow"]
    limit = magnitude(ctx.criteria.max_transformer_loading_contingency, "percent")
    outages = contingencies["outages"]
    loading = worst_transformer_outages(outages, lf)
    worst, overall = loading.worst, loading.overall
    for t in sorted(ctx.design.electrical.transformers, key=lambda t: t.id):
        if t.id in worst:
            value, outage_id = worst[t.id].loading_percent, worst[t.id].outage
            ok = value <= limit
            ev = (evidence("loading after the outage of " + outage_id, value, "%", limit=limit, relation="<=",
                           element=t.id),)
            yield Outcome("pass" if ok else "fail", (t.id, outage_id), ev,
                          f"{t.id} loaded {value:g} % when {outage_id} is out" + ("" if ok else f", above {limit:g} %"))
        elif overall is not None and overall.loading_percent <= limit:
            ev = (evidence(f"most loaded branch of any outage ({overall.branch}, {overall.outage} out)",
                           overall.loading_percent, "%", limit=limit, relation="<=", element=overall.branch),)
            yield Outcome("pass", (t.id,), ev, f"{t.id} is never the most loaded branch, and that branch stays "
                          f"within {limit:g} % in every outage")
        else:
            yield Outcome("untested", (t.id,), (), f"the N-1 results give only the most loaded branch of each outage; "
                          f"{t.id} is never it, and other branches exceed {limit:g} %",
                          "the loading of every transformer in each outage (the N-1 study reports the most loaded branch)")


@rule("ELEC-BW-001", title="Busway loading", category="electrical",
      clause="NEC 368.17 and 215.2(A)(1) (continuous load at 80 % of the rating), UL 857", severity="major",
      reads=("electrical.load_flow.branches[<busway>].loading_percent",),
      limit="goal.criteria.max_busway_loading (default 80 %)")
def busway_loading(ctx: Context):
    """Each busway's current from the load flow, in percent of its continuous rating, shall not exceed
    the busway criterion (80 % by default: IT load is continuous, and continuous load on a standard
    rated busway and its overcurrent device is held to 80 %)."""
    lf = ctx.load_flow()
    limit = magnitude(ctx.criteria.max_busway_loading, "percent")
    for bw in sorted(ctx.design.electrical.busways, key=lambda b: b.id):
        b = lf["branches"].get(bw.id) or {}
        value = b.get("loading_percent")
        if value is None:
            yield Outcome("untested", (bw.id,), (), f"the load flow gives no loading for {bw.id}")
            continue
        ok = value <= limit
        ev = (evidence("loading", value, "%", limit=limit, relation="<=", element=bw.id),
              evidence("current", b.get("i_from_a"), "A", element=bw.id),
              evidence("rating", magnitude(bw.rating, "A"), "A", element=bw.id))
        yield Outcome("pass" if ok else "fail", (bw.id,), ev,
                      f"{bw.id} loaded {value:g} % of {bw.rating:~P}" + ("" if ok else f", above {limit:g} %"))


@rule("ELEC-PDU-001", title="PDU and UPS loading", category="electrical",
      clause="NEC 215.2(A)(1) and 215.3 (continuous load at 80 % of the rating); UL 891 / UL 1778 nameplate",
      severity="major", reads=("electrical.load_flow.branches[<pdu or ups>].loading_percent",),
      limit="goal.criteria.max_busway_loading (default 80 %), the continuous-load criterion of distribution equipment")
def pdu_loading(ctx: Context):
    """Each PDU's and UPS's loading shall not exceed the continuous-load criterion. The load flow
    treats PDUs and UPSs as zero-impedance links; a UPS's loading is its output (the loads below it) over
    its capacity with one module out (:func:`retrofit.electrical.ups_losses.ups_output_flows`), while a PDU
    has none yet and the rule reports it untested (the figure it needs is ``loading_percent`` of the branch)."""
    items = sorted(list(ctx.design.electrical.pdus) + list(ctx.design.electrical.ups), key=lambda x: x.id)
    if not items:
        return
    lf = ctx.load_flow()
    limit = magnitude(ctx.criteria.max_busway_loading, "percent")
    for item in items:
        b = lf["branches"].get(item.id) or {}
        value = b.get("loading_percent")
        if value is None:
            yield Outcome("untested", (item.id,), (), f"the load flow gives no current through {item.id} "
                          "(PDUs and UPSs are zero-impedance links in it)")
            continue
        ok = value <= limit
        yield Outcome("pass" if ok else "fail", (item.id,),
                      (evidence("loading", value, "%", limit=limit, relation="<=", element=item.id),),
                      f"{item.id} loaded {value:g} %" + ("" if ok else f", above {limit:g} %"))


@rule("ELEC-BUS-001", title="Switchboard bus loading", category="electrical",
      clause="UL 891 / UL 1558 continuous bus rating; NEC 110.3(B) (use within the listing)", severity="major",
      reads=("electrical.load_flow.branches[<incoming branch>].i_to_a", "electrical.buses[*].bus_rating"),
      limit="the bus's own bus_rating (100 %)")
def bus_loading(ctx: Context):
    """The current into each bus that has a ``bus_rating`` shall not exceed that rating. The current
    is the receiving-end current of the one branch (transformer, feeder, busway) that feeds the bus, or
    for the service bus the current the utility delivers (its apparent power over sqrt(3) times the bus
    voltage, from the load flow); a bus fed by several branches, or by a PDU or UPS (no current in the
    load flow), is reported untested, as the results give no current for the bus itself."""
    lf = ctx.load_flow()
    for bus in sorted(ctx.design.electrical.buses, key=lambda b: b.id):
        if bus.bus_rating is None:
            continue
        rating = magnitude(bus.bus_rating, "A")
        incoming = ctx.incoming_branches(bus.id)
        service_i = (ctx.electrical().get("utility") or {}).get("i_a") if bus.id == ctx.design.utility.bus else None
        if not incoming and service_i is not None:
            ok = service_i <= rating
            yield Outcome("pass" if ok else "fail", (bus.id, ctx.design.utility.id),
                          (evidence("current into the bus from the utility", service_i, "A", limit=rating, relation="<=",
                                    element=bus.id),),
                          f"bus {bus.id} carries {service_i:g} A of its {rating:g} A rating" + ("" if ok else ", above it"))
            continue
        if len(incoming) != 1:
            reason = ("it is fed directly by the utility" if bus.id == ctx.design.utility.bus else "no branch feeds it") if not incoming else f"{len(incoming)} branches feed it ({', '.join(incoming)})"
            yield Outcome("untested", (bus.id,), (), f"the results give no current for bus {bus.id}: {reason}",
                          f"the current into {bus.id} (the load flow gives branch currents only)")
            continue
        current = (lf["branches"].get(incoming[0]) or {}).get("i_to_a")
        if current is None:
            yield Outcome("untested", (bus.id, incoming[0]), (), f"the load flow gives no current through {incoming[0]}")
            continue
        ok = current <= rating
        yield Outcome("pass" if ok else "fail", (bus.id, incoming[0]),
                      (evidence(f"current into the bus from {incoming[0]}", current, "A", limit=rating, relation="<=",
                                element=bus.id),),
                      f"bus {bus.id} carries {current:g} A of its {rating:g} A rating" + ("" if ok else ", above it"))


@rule("ELEC-CB-001", title="Breaker continuous loading", category="electrical",
      clause="NEC 215.3 and 210.20(A): continuous load at most 80 % of a standard-rated device, 100 % of a device listed for it",
      severity="major", reads=("electrical.load_flow.branches[<protected element>].i_from_a / i_to_a",
                               "electrical.breakers[*].rating", "electrical.breakers[*].rated_100_percent"),
      limit="80 % of the device rating (100 % when rated_100_percent)")
def breaker_loading(ctx: Context):
    """The current through each protective device (the current of the element it protects, at the
    end connected to the device's bus) shall not exceed 80 % of its rating, or 100 % for a device listed
    for continuous operation at 100 %. IT load counts as continuous."""
    lf = ctx.load_flow()
    e = ctx.design.electrical
    ends = {t.id: (t.hv_bus, t.lv_bus) for t in e.transformers}
    for x in list(e.cables) + list(e.busways) + list(e.pdus) + list(e.ups):
        ends[x.id] = (x.from_bus, x.to_bus)
    for br in sorted(e.breakers, key=lambda b: b.id):
        b = lf["branches"].get(br.protects) or {}
        end = ends.get(br.protects)
        key = "i_from_a" if end is None or end[0] == br.bus else "i_to_a"
        current = b.get(key)
        if current is None:
            yield Outcome("untested", (br.id, br.protects), (), f"the load flow gives no current through {br.protects}")
            continue
        rating = magnitude(br.rating, "A")
        factor = 1.0 if br.rated_100_percent else CONTINUOUS_LOADING_STANDARD
        limit = round(rating * factor, 2)
        ok = current <= limit
        ev = (evidence("current", current, "A", limit=limit, relation="<=", element=br.id),
              evidence("device rating", rating, "A", element=br.id),
              evidence("continuous fraction of the rating allowed", 100.0 * factor, "%", element=br.id))
        yield Outcome("pass" if ok else "fail", (br.id, br.protects), ev,
                      f"{br.id} carries {current:g} A, {100 * factor:g} % of its {rating:g} A is {limit:g} A"
                      + ("" if ok else ": overloaded"))


@rule("ELEC-UT-001", title="Utility service capacity", category="electrical",
      clause="Contracted service capacity (utility agreement); NEC 230.42 service load", severity="major",
      reads=("electrical.utility.demand_kva", "electrical.utility.capacity_kva"),
      limit="utility.capacity of the design (100 %)")
def utility_capacity(ctx: Context):
    """The apparent power the site draws at the service in the load flow (IT at the sizing basis,
    cooling at design ambient, losses) shall not exceed the contracted capacity."""
    ctx.load_flow()
    u = ctx.electrical_section("utility")
    ok = bool(u["ok"])
    ev = (evidence("demand", u["demand_kva"], "kVA", limit=u["capacity_kva"], relation="<=", element=ctx.design.utility.id),
          evidence("loading", u["loading_percent"], "%", element=ctx.design.utility.id))
    yield Outcome("pass" if ok else "fail", (ctx.design.utility.id,), ev,
                  f"demand {u['demand_kva']:g} kVA of {u['capacity_kva']:g} kVA contracted" + ("" if ok else ": exceeded"))


# --- voltage ----------------------------------------------------------------------------------------

@rule("ELEC-V-001", title="Steady-state bus voltage", category="electrical",
      clause="ANSI C84.1-2020 Range A", severity="major",
      reads=("electrical.load_flow.buses[*].vm_pu",),
      limit="goal.criteria.v_min_pu and v_max_pu (defaults 0.95 and 1.05 pu)")
def bus_voltage(ctx: Context):
    """Each bus voltage from the load flow shall lie within the criteria's steady-state range."""
    lf = ctx.load_flow()
    lo, hi = ctx.criteria.v_min_pu, ctx.criteria.v_max_pu
    for bus_id in sorted(lf["buses"]):
        vm = lf["buses"][bus_id].get("vm_pu")
        if vm is None:
            yield Outcome("untested", (bus_id,), (), f"bus {bus_id} has no voltage (not energised in the load flow)")
            continue
        ok = lo <= vm <= hi
        ev = (evidence("voltage", vm, "pu", limit=lo, relation=">=", element=bus_id),
              evidence("voltage", vm, "pu", limit=hi, relation="<=", element=bus_id))
        yield Outcome("pass" if ok else "fail", (bus_id,), ev,
                      f"{bus_id} at {vm:g} pu" + ("" if ok else f", outside {lo:g}-{hi:g} pu"))


@rule("ELEC-VD-001", title="Feeder voltage drop", category="electrical",
      clause="NEC 215.2(A)(2) Informational Note No. 2 (3 % for a feeder)", severity="minor",
      reads=("electrical.feeders[*].vd_percent", "electrical.feeders[*].vd_limit_percent"),
      limit="goal.criteria.vd_feeder_max (default 3 %)")
def feeder_voltage_drop(ctx: Context):
    """The voltage drop along each cable and busway (sending minus receiving bus voltage, percent of
    nominal) shall not exceed the feeder criterion."""
    ctx.load_flow()
    feeders = ctx.electrical_section("feeders")
    for fid in sorted(feeders):
        f = feeders[fid]
        ok = bool(f["vd_ok"])
        ev = (evidence("voltage drop", f["vd_percent"], "%", limit=f["vd_limit_percent"], relation="<=", element=fid),)
        yield Outcome("pass" if ok else "fail", (fid,), ev,
                      f"{fid} drops {f['vd_percent']:g} %" + ("" if ok else f", above {f['vd_limit_percent']:g} %"))


@rule("ELEC-VD-002", title="Voltage drop from the service to each rack", category="electrical",
      clause="NEC 215.2(A)(2) Informational Note No. 2 (5 % feeder and branch together)", severity="minor",
      reads=("electrical.racks[*].feeds[*].vd_total_percent",),
      limit="goal.criteria.vd_total_max (default 5 %)")
def total_voltage_drop(ctx: Context):
    """The voltage drop from the service to each feed of each rack shall not exceed the total criterion."""
    ctx.load_flow()
    racks = ctx.electrical_section("racks")
    limit = magnitude(ctx.criteria.vd_total_max, "percent")
    for rack in ctx.racks:
        r = racks.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"the electrical results have no entry for rack {rack.id}")
            continue
        ev, bad = [], []
        for path in sorted(r["feeds"]):
            f = r["feeds"][path]
            ev.append(evidence(f"voltage drop to feed {path} ({f['bus']})", f["vd_total_percent"], "%", limit=limit,
                               relation="<=", element=f["bus"]))
            if not f["vd_ok"]:
                bad.append(f"{path} ({f['bus']}) {f['vd_total_percent']:g} %")
        yield Outcome("fail" if bad else "pass", (rack.id,), tuple(ev),
                      f"{rack.id}: drop above {limit:g} % on feed " + ", ".join(bad) if bad
                      else f"{rack.id}: every feed within {limit:g} %")


# --- short circuit ----------------------------------------------------------------------------------

@rule("ELEC-SC-001", title="Interrupting rating of protective devices", category="electrical",
      clause="NEC 110.9; IEC 60909-0:2016 I\"k; IEEE C37.13 / UL 489 multiplying factor for X/R above the test X/R",
      severity="critical", reads=("electrical.short_circuit.devices[*].duty_ka", "electrical.short_circuit.devices[*].interrupting_ka"),
      limit="each device's interrupting rating")
def interrupting_duty(ctx: Context):
    """The short-circuit duty at each device's bus (IEC 60909 maximum initial symmetrical current,
    raised by the LV multiplying factor where the system X/R exceeds the device's test X/R) shall not
    exceed the device's interrupting rating."""
    devices = ctx.electrical_section("short_circuit").get("devices", {})
    for did in sorted(devices):
        d = devices[did]
        if d.get("duty_ka") is None:
            yield Outcome("untested", (did, d.get("bus")), (), f"the short-circuit study gives no duty at {did}'s bus")
            continue
        ok = bool(d["ok"])
        ev = (evidence("short-circuit duty", d["duty_ka"], "kA", limit=d["interrupting_ka"], relation="<=", element=did),
              evidence("I\"k at the bus", d["ik3_ka"], "kA", element=d["bus"]),
              evidence("multiplying factor", d["multiplying_factor"], "", element=did))
        yield Outcome("pass" if ok else "fail", (did, d["bus"]), ev,
                      f"{did} at {d['bus']}: duty {d['duty_ka']:g} kA, rated {d['interrupting_ka']:g} kA"
                      + ("" if ok else ": under-rated"))


@rule("ELEC-SC-002", title="Short-circuit current rating of equipment", category="electrical",
      clause="NEC 110.10 and 409.22; IEC 60909-0:2016 I\"k", severity="critical",
      reads=("electrical.short_circuit.buses[*].ik3_ka", "electrical.short_circuit.buses[*].sccr_ka"),
      limit="each bus's sccr")
def equipment_sccr(ctx: Context):
    """The maximum initial symmetrical short-circuit current at each switchgear, switchboard or
    panelboard shall not exceed its short-circuit current rating. Equipment of those kinds without an
    SCCR in the design is reported untested."""
    buses = ctx.electrical_section("short_circuit").get("buses", {})
    for bus in sorted(ctx.design.electrical.buses, key=lambda b: b.id):
        entry = buses.get(bus.id)
        if entry is None:
            continue
        if "sccr_ka" not in entry:
            if bus.kind in ("switchgear", "switchboard", "panelboard"):
                yield Outcome("untested", (bus.id,), (evidence("I\"k", entry["ik3_ka"], "kA", element=bus.id),),
                              f"{bus.kind} {bus.id} has no sccr in the design",
                              f"the sccr of {bus.id} (design or its catalog model)")
            continue
        if entry.get("ik3_ka") is None:
            yield Outcome("untested", (bus.id,), (), f"the short-circuit study gives no I\"k at {bus.id}")
            continue
        ok = bool(entry["sccr_ok"])
        yield Outcome("pass" if ok else "fail", (bus.id,),
                      (evidence("I\"k", entry["ik3_ka"], "kA", limit=entry["sccr_ka"], relation="<=", element=bus.id),),
                      f"{bus.id}: I\"k {entry['ik3_ka']:g} kA, SCCR {entry['sccr_ka']:g} kA" + ("" if ok else ": exceeded"))


@rule("ELEC-SC-003", title="Busway short-circuit withstand", category="electrical",
      clause="NEC 110.10; UL 857 short-circuit withstand; IEC 60909-0:2016 I\"k", severity="critical",
      reads=("electrical.short_circuit.busway_withstand[*].ik3_ka", "electrical.short_circuit.busway_withstand[*].sccr_ka"),
      limit="each busway's sccr")
def busway_withstand(ctx: Context):
    """The maximum initial symmetrical short-circuit current at each busway's supply end shall not
    exceed its short-circuit withstand rating. A busway without an SCCR in the design is untested."""
    withstand = ctx.electrical_section("short_circuit").get("busway_withstand", {})
    for bw in sorted(ctx.design.electrical.busways, key=lambda b: b.id):
        w = withstand.get(bw.id)
        if w is None:
            yield Outcome("untested", (bw.id,), (), f"busway {bw.id} has no sccr in the design",
                          f"the sccr of {bw.id} (design or its catalog model)")
            continue
        if w.get("ik3_ka") is None:
            yield Outcome("untested", (bw.id,), (), f"the short-circuit study gives no I\"k at the supply end of {bw.id}")
            continue
        ok = bool(w["ok"])
        yield Outcome("pass" if ok else "fail", (bw.id,),
                      (evidence("I\"k at the supply end", w["ik3_ka"], "kA", limit=w["sccr_ka"], relation="<=", element=bw.id),),
                      f"{bw.id}: I\"k {w['ik3_ka']:g} kA, withstand {w['sccr_ka']:g} kA" + ("" if ok else ": exceeded"))


# --- feeders ----------------------------------------------------------------------------------------

@rule("ELEC-FDR-001", title="Feeder conductor ampacity with the 125 % rule", category="electrical",
      clause="NEC 215.2(A)(1) (125 % of continuous load), Table 310.16 with 310.15(B) and (C) factors, 110.14(C) terminations; "
             "cables over 2000 V: Tables 315.60(C)(3)/(4), (7)/(8), (11)/(12) by installation, 315.60(D)(4) ambient, "
             "110.40 terminations",
      severity="major", reads=("electrical.feeders[<cable>].ampacity_a", "electrical.feeders[<cable>].required_a"),
      limit="1.25 x the load-flow current (IT load is continuous)")
def feeder_ampacity(ctx: Context):
    """Each cable's ampacity shall be at least 125 % of its load-flow current. Low-voltage cables:
    Table 310.16 at the insulation column, corrected for ambient and grouping, capped at the termination
    column, times the parallel sets. Medium-voltage cables (2001-35,000 V): the Article 315 table of the
    cable's installation (conduit in air, underground ducts, or 75 % of the isolated-in-air table in
    cable tray), corrected for ambient by 315.60(D)(4), capped at the 90 degC column at the terminations
    (110.40), times the parallel sets. A medium-voltage cable no shipped table covers (a size outside
    2 AWG-1000 kcmil, above 35 kV) is untested, naming what would evaluate it."""
    ctx.load_flow()
    feeders = ctx.electrical_section("feeders")
    for cable in sorted(ctx.design.electrical.cables, key=lambda c: c.id):
        f = feeders.get(cable.id)
        if f is None:
            yield Outcome("untested", (cable.id,), (), f"the results have no feeder entry for {cable.id}")
            continue
        if "ampacity_a" not in f:
            yield Outcome("untested", (cable.id,), (), f"{cable.id}: " + (f.get("diagnosis") or "ampacity not evaluated"),
                          "an NEC ampacity table entry for the cable's size, material, voltage rating and installation "
                          "(catalogs/nec table-315-60-c*), or an ampacity under engineering supervision")
            continue
        ok = bool(f["ampacity_ok"])
        ev = (evidence("ampacity", f["ampacity_a"], "A", limit=f["required_a"], relation=">=", element=cable.id),
              evidence("load-flow current", f["i_a"], "A", element=cable.id),
              evidence("limited by", f.get("limited_by"), "", element=cable.id))
        yield Outcome("pass" if ok else "fail", (cable.id,), ev,
                      f"{cable.id}: {f['ampacity_a']:g} A for {f['required_a']:g} A required"
                      + ("" if ok else ": conductors too small"))


@rule("ELEC-FDR-002", title="Feeder overcurrent protection", category="electrical",
      clause="NEC 240.4 (device protects the conductor; 240.4(B) next standard size up to 800 A), 240.101(A) over 1000 V "
             "(breaker at most 6 x, fuse at most 3 x the ampacity) and 215.3 (device at 125 % of continuous load)",
      severity="major", reads=("electrical.feeders[<cable>].ocpd_rating_a", "electrical.feeders[<cable>].ocpd_protects_conductor",
                               "electrical.feeders[<cable>].ocpd_covers_load"),
      limit="device rating at most the conductor ampacity (or the next standard size), at least 1.25 x the current")
def feeder_protection(ctx: Context):
    """Each cable shall be protected by a device named in the design whose rating does not exceed
    what the NEC allows for the conductors (240.4 up to 1000 V; 240.101(A) above: a breaker at most six
    times, a fuse at most three times the ampacity) and is at least 125 % of the continuous load. A cable
    that no device protects fails. A cable whose ampacity was not evaluated is left to ELEC-FDR-001."""
    ctx.load_flow()
    feeders = ctx.electrical_section("feeders")
    for cable in sorted(ctx.design.electrical.cables, key=lambda c: c.id):
        f = feeders.get(cable.id)
        if f is None or "ampacity_a" not in f:
            continue  # ampacity not evaluated: reported untested by ELEC-FDR-001
        if "ocpd" not in f:
            yield Outcome("fail", (cable.id,), (evidence("protective device", None, "", limit="a device", relation="==",
                                                         element=cable.id),),
                          f"{cable.id}: {f.get('diagnosis') or 'no protective device'}")
            continue
        ok = bool(f["ocpd_protects_conductor"]) and bool(f["ocpd_covers_load"])
        ev = (evidence("device protects the conductors (NEC 240.4 / 240.101(A))", bool(f["ocpd_protects_conductor"]), "", limit=True,
                       relation="==", element=f["ocpd"]),
              evidence("device rating", f["ocpd_rating_a"], "A", limit=f["required_a"], relation=">=", element=f["ocpd"]),
              evidence("conductor ampacity", f["ampacity_a"], "A", element=cable.id))
        yield Outcome("pass" if ok else "fail", (cable.id, f["ocpd"]), ev,
                      f"{cable.id} protected by {f['ocpd']} ({f['ocpd_rating_a']:g} A)" + ("" if ok else ": " + (f.get("diagnosis") or "not coordinated")))
