"""Cooling rules: rack coolant supply, flow, CDUs, N+1, pumps, heat rejection, residual air, pipes, freezing.

Every rule reads ``results["cooling"]`` (see :func:`retrofit.cooling.analysis.analyze_cooling`) at the
design ambient of the criteria (``design_ambient``) and the design; the numbers in the evidence are the
results' own.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, MissingResult, magnitude, rule

OCP_FLOW_MIN_LPM_PER_KW = 1.25
"""Lowest coolant flow per kW of liquid heat in the OCP guidance range 1.25-2.0 L/min/kW (1.5 nominal at a
10 K rise), OCP OAI liquid-cooling guideline v1.0 section 3.2 as cited by a prophetstor.com white paper
(secondary; the OCP guideline itself not read)."""

CDU_LOADING_MAX_PERCENT = 100.0
"""Highest CDU heat load as a percent of its rated capacity at its rated approach [%]."""

PREFERRED_REGION_PERCENT = (70.0, 120.0)
"""Preferred operating region of a centrifugal pump, percent of best-efficiency flow (ANSI/HI 9.6.3)."""

CDU_FLOW_RANGE_PERCENT = (10.0, 100.0)
"""Operating range of a packaged CDU's TCS flow, percent of its rated TCS flow. Upper end: the flow the
manufacturer rates the unit (and the pumps it selected) for, at the rated external pressure (cdus.yaml
flow_tcs_rated, with its provenance). Lower end: the CDU shall hold its supply setpoint down to 10 % of
its load (NVIDIA CDU Self-Qualification Guidelines DA-12515-001 THERM-REQ, as transcribed; secondary);
a flow-controlled TCS runs its flow in proportion to the load, so 10 % of the rated flow."""

ASHRAE_W_CLASSES = (("W17", 17.0), ("W27", 27.0), ("W32", 32.0), ("W40", 40.0), ("W45", 45.0))
"""ASHRAE TC 9.9 liquid-cooling classes (Thermal Guidelines, 5th ed., 2021): highest facility supply [degC]."""


def ashrae_class(t_supply_c: float) -> str:
    """The narrowest ASHRAE TC 9.9 W class whose facility supply range holds ``t_supply_c`` [degC]."""
    for name, upper in ASHRAE_W_CLASSES:
        if t_supply_c <= upper:
            return name
    return "W+"


def _liquid_groups(ctx: Context) -> list:
    return [g for g in ctx.design.loads.racks if g.tcs_loop is not None]


def _facility_setpoint_c(ctx: Context, loop_id: str) -> float:
    loop = next(lp for lp in ctx.design.cooling.loops if lp.id == loop_id)
    t = loop.t_supply_setpoint if loop.t_supply_setpoint is not None else ctx.criteria.t_fws_setpoint
    return magnitude(t, "degC")


def _design_plant(ctx: Context, loop_id: str) -> dict:
    """The plant result of a facility loop at the governing design ambient, or MissingResult."""
    c = ctx.cooling()
    plant = c.get("plants", {}).get(loop_id)
    if plant is None:
        raise MissingResult(f"the cooling results have no plant for {loop_id}")
    basis = c.get("design_basis")
    if basis not in plant:
        raise MissingResult(f"the plant of {loop_id} was not solved: {plant.get('diagnosis') or 'no diagnosis'}")
    return plant[basis]


def _facility_loops(ctx: Context) -> list[str]:
    return sorted(lp.id for lp in ctx.design.cooling.loops if lp.kind == "facility")


# --- racks ------------------------------------------------------------------------------------------

@rule("COOL-TCS-001", title="Coolant supply temperature at each rack at design ambient", category="cooling",
      clause="NVIDIA GB300 NVL72 liquid inlet at most 45 °C (ASHRAE TC 9.9 W45, Lenovo LP2357 as quoted by the gridforge library); the rack's t_supply_max",
      severity="major", reads=("cooling.racks[*].t_supply_c", "cooling.racks[*].t_supply_max_c"),
      limit="the rack model's t_supply_max")
def rack_supply_temperature(ctx: Context):
    """At the design ambient, the TCS supply temperature reaching each liquid-cooled rack (the
    flow-weighted supply of the CDUs of its loop, from the plant balance) shall not exceed the rack's
    highest allowed coolant inlet. Racks without a cooling result are untested (see MODEL-COOL-001)."""
    racks = ctx.cooling_section("racks")
    for rack in ctx.racks:
        g = ctx.rack_groups[rack.group]
        if g.tcs_loop is None:
            continue
        r = racks.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"no cooling result for {rack.id}: loop {g.tcs_loop} is not "
                          "served by a solved liquid plant (see MODEL-COOL-001)")
            continue
        if r.get("t_supply_max_c") is None:
            yield Outcome("untested", (rack.id,), (), f"rack group {g.id} gives no t_supply_max",
                          f"t_supply_max of {g.id} (rack group or its catalog model)")
            continue
        ok = bool(r["t_supply_ok"])
        value = r["t_supply_c"]
        ev = (evidence("TCS supply temperature", value, "degC", limit=r["t_supply_max_c"], relation="<=", element=rack.id),)
        shown = "undefined (no CDU flow)" if value is None else f"{value:g} °C"
        yield Outcome("pass" if ok else "fail", (rack.id, r["loop"]), ev,
                      f"{rack.id}: supply {shown}, at most {r['t_supply_max_c']:g} °C" + ("" if ok else ": too warm"))


@rule("COOL-FLOW-001", title="Coolant flow to each rack", category="cooling",
      clause="NVIDIA CDU self-qualification DA-12515-001 PUMP-REQ (1.3 L/min/kW at 45 °C TCS inlet, as transcribed); the rack's flow_per_kw",
      severity="major", reads=("cooling.racks[*].flow_lpm", "cooling.racks[*].flow_required_lpm"),
      limit="the rack model's flow_per_kw x its liquid heat")
def rack_flow(ctx: Context):
    """The coolant flow the TCS hydraulics deliver to each liquid-cooled rack shall be at least its
    required flow (the rack's flow per kW times its liquid heat)."""
    racks = ctx.cooling_section("racks")
    for rack in ctx.racks:
        g = ctx.rack_groups[rack.group]
        if g.tcs_loop is None:
            continue
        r = racks.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"no cooling result for {rack.id} (see MODEL-COOL-001)")
            continue
        if r.get("flow_lpm") is None or r.get("flow_required_lpm") is None:
            yield Outcome("untested", (rack.id, r.get("loop")), (), f"{rack.id}: no flow result (its loop did not solve)")
            continue
        ok = bool(r["flow_ok"])
        ev = (evidence("coolant flow", r["flow_lpm"], "L/min", limit=r["flow_required_lpm"], relation=">=", element=rack.id),
              evidence("liquid heat", r["liquid_heat_kw"], "kW", element=rack.id))
        yield Outcome("pass" if ok else "fail", (rack.id, r["loop"]), ev,
                      f"{rack.id}: {r['flow_lpm']:g} L/min of {r['flow_required_lpm']:g} L/min needed" + ("" if ok else ": short"))


@rule("COOL-FLOW-002", title="Coolant flow per kW against the OCP guidance", category="cooling",
      clause="OCP OAI liquid-cooling guideline v1.0 section 3.2: 1.5 L/min/kW at a 10 K rise, range 1.25-2.0 (as cited by a prophetstor.com white paper)",
      severity="minor", reads=("cooling.racks[*].flow_lpm", "cooling.racks[*].liquid_heat_kw"),
      limit=f"at least {OCP_FLOW_MIN_LPM_PER_KW:g} L/min per kW of liquid heat (OCP_FLOW_MIN_LPM_PER_KW)")
def ocp_flow_per_kw(ctx: Context):
    """The flow delivered to each liquid-cooled rack divided by its liquid heat shall be at least the
    low end of the OCP range. A rack's own flow_per_kw may be lower (colder supply needs less flow);
    this rule flags such a design against the common guidance."""
    racks = ctx.cooling_section("racks")
    for rack in ctx.racks:
        g = ctx.rack_groups[rack.group]
        if g.tcs_loop is None:
            continue
        r = racks.get(rack.id)
        if r is None:
            yield Outcome("untested", (rack.id,), (), f"no cooling result for {rack.id} (see MODEL-COOL-001)")
            continue
        if not r["liquid_heat_kw"] or r["flow_lpm"] is None:
            yield Outcome("not_applicable", (rack.id,), (), f"{rack.id} puts no heat into liquid")
            continue
        per_kw = round(r["flow_lpm"] / r["liquid_heat_kw"], 3)
        ok = per_kw >= OCP_FLOW_MIN_LPM_PER_KW
        ev = (evidence("flow per kW of liquid heat", per_kw, "L/min/kW", limit=OCP_FLOW_MIN_LPM_PER_KW, relation=">=",
                       element=rack.id),
              evidence("coolant flow", r["flow_lpm"], "L/min", element=rack.id),
              evidence("liquid heat", r["liquid_heat_kw"], "kW", element=rack.id))
        yield Outcome("pass" if ok else "fail", (rack.id,), ev,
                      f"{rack.id}: {per_kw:g} L/min/kW" + ("" if ok else f", below {OCP_FLOW_MIN_LPM_PER_KW:g}"))


# --- CDUs -------------------------------------------------------------------------------------------

@rule("COOL-CDU-001", title="CDU heat load against its capacity", category="cooling",
      clause="CDU rated capacity at its rated approach (manufacturer rating); NVIDIA CDU self-qualification THERM-REQ", severity="major",
      reads=("cooling.cdus[*].loading_percent",), limit=f"{CDU_LOADING_MAX_PERCENT:g} % of the CDU's rated capacity")
def cdu_loading(ctx: Context):
    """The heat each CDU transfers at the design ambient shall not exceed its rated capacity."""
    cdus = ctx.cooling_section("cdus")
    for cdu in sorted(ctx.design.cooling.cdus, key=lambda x: x.id):
        c = cdus.get(cdu.id)
        if c is None:
            yield Outcome("untested", (cdu.id,), (), f"no cooling result for {cdu.id}: its plant was not solved")
            continue
        value = c.get("loading_percent")
        if value is None or c.get("heat_kw") is None:
            yield Outcome("untested", (cdu.id,), (), f"no heat load for {cdu.id}: its loop or plant was not solved")
            continue
        ok = value <= CDU_LOADING_MAX_PERCENT
        ev = (evidence("loading", value, "%", limit=CDU_LOADING_MAX_PERCENT, relation="<=", element=cdu.id),
              evidence("heat", c["heat_kw"], "kW", element=cdu.id), evidence("capacity", c["capacity_kw"], "kW", element=cdu.id))
        yield Outcome("pass" if ok else "fail", (cdu.id,), ev,
                      f"{cdu.id}: {c['heat_kw']:g} kW of {c['capacity_kw']:g} kW" + ("" if ok else ": overloaded"))


@rule("COOL-TCS-002", title="CDU holds its TCS supply setpoint at design ambient", category="cooling",
      clause="NVIDIA CDU self-qualification THERM-REQ (setpoint held within 1 °C, as transcribed)", severity="major",
      reads=("cooling.cdus[*].t_tcs_supply_c", "cooling.cdus[*].setpoint_held"),
      limit="the CDU's t_supply_setpoint, else goal.criteria.t_supply_tcs (default 40 °C)")
def cdu_setpoint(ctx: Context):
    """At the design ambient each CDU shall deliver its TCS supply setpoint: the plant balance says
    whether the facility water it receives and its exchanger let it hold the setpoint."""
    cdus = ctx.cooling_section("cdus")
    for cdu in sorted(ctx.design.cooling.cdus, key=lambda x: x.id):
        c = cdus.get(cdu.id)
        if c is None:
            yield Outcome("untested", (cdu.id,), (), f"no cooling result for {cdu.id}: its plant was not solved")
            continue
        setpoint = magnitude(cdu.t_supply_setpoint if cdu.t_supply_setpoint is not None else ctx.criteria.t_supply_tcs, "degC")
        ok = bool(c["setpoint_held"])
        ev = (evidence("TCS supply temperature", c["t_tcs_supply_c"], "degC", limit=setpoint, relation="<=", element=cdu.id),
              evidence("above the setpoint by", c["excess_k"], "K", element=cdu.id),
              evidence("approach", c["approach_k"], "K", element=cdu.id))
        yield Outcome("pass" if ok else "fail", (cdu.id,), ev,
                      f"{cdu.id}: TCS supply {c['t_tcs_supply_c']} °C, setpoint {setpoint:g} °C" + ("" if ok else ": not held"))


def _redundancy_outcomes(ctx: Context, part: str, what: str):
    if ctx.cooling_redundancy == "N":
        yield Outcome("not_applicable", (), (), "the goal asks for N cooling redundancy")
        return
    red = ctx.cooling_section("redundancy")
    racks = ctx.cooling().get("racks", {})
    for floop in _facility_loops(ctx):
        if floop not in red:
            plant = ctx.cooling().get("plants", {}).get(floop, {})
            yield Outcome("untested", (floop,), (), f"no N+1 study for {floop}: {plant.get('diagnosis') or 'plant not solved'}")
            continue
        if not red[floop].get(part) and red[floop].get("diagnosis"):
            yield Outcome("untested", (floop,), (), f"no N+1 study for {floop}: {red[floop]['diagnosis']}")
            continue
        limits = [r["t_supply_max_c"] for r in racks.values()
                  if r.get("facility_loop") == floop and r.get("t_supply_max_c") is not None]
        t_limit = min(limits) if limits else None
        for element_id in sorted(red[floop][part]):
            o = red[floop][part][element_id]
            ev = [evidence("hottest rack supply", o.get("worst_t_supply_c"), "degC", limit=t_limit,
                           relation="<=" if t_limit is not None else None, element=element_id)]
            if "min_flow_ratio" in o:
                ev.append(evidence("lowest rack flow / required", o.get("min_flow_ratio"), "", limit=1.0, relation=">=",
                                   element=element_id))
            if "standby_available" in o:
                ev.append(evidence("standby pump installed", bool(o["standby_available"]), "", element=element_id))
            if "t_facility_supply_c" in o:
                ev.append(evidence("facility supply", o["t_facility_supply_c"], "degC", element=floop))
            ok = bool(o["ok"])
            yield Outcome("pass" if ok else "fail", (element_id, floop), tuple(ev),
                          f"{what} {element_id} out: " + ("every rack keeps its flow and supply temperature" if ok
                                                          else (o.get("diagnosis") or "racks short of flow or too warm")))


@rule("COOL-N1-001", title="CDU N+1", category="cooling",
      clause="NVIDIA CDU self-qualification (N+1 pumps; facility N+1 per TIA-942-B Rated 3); goal.cooling_redundancy",
      severity="major", reads=("cooling.redundancy[*].cdu_out[*]",),
      limit="with any one CDU out, every rack within its t_supply_max and its required flow")
def cdu_n_plus_1(ctx: Context):
    """With each CDU out of service in turn (the others carry its racks), every rack on the facility
    loop shall keep its required flow and a supply within its limit. Not applicable for N cooling."""
    yield from _redundancy_outcomes(ctx, "cdu_out", "CDU")


@rule("COOL-N1-002", title="Facility pump N+1", category="cooling",
      clause="TIA-942-B Rated 3 / Uptime Tier III (redundant pumps); goal.cooling_redundancy", severity="major",
      reads=("cooling.redundancy[*].pump_out[*]",),
      limit="with one pump of each set out, every rack within its t_supply_max and its required flow")
def pump_n_plus_1(ctx: Context):
    """With one pump of each facility pump set out (its standby, if installed, takes over), every rack
    shall keep its required flow and a supply within its limit. Not applicable for N cooling."""
    yield from _redundancy_outcomes(ctx, "pump_out", "pump of")


@rule("COOL-N1-003", title="Heat-rejection unit N+1", category="cooling",
      clause="TIA-942-B Rated 3 / Uptime Tier III (redundant heat rejection); goal.cooling_redundancy", severity="major",
      reads=("cooling.redundancy[*].unit_out[*]",),
      limit="with one heat-rejection unit out at design ambient, every rack within its t_supply_max")
def heat_rejection_n_plus_1(ctx: Context):
    """With one unit of each heat-rejection model out at the design ambient, every rack shall keep a
    supply within its limit. Not applicable for N cooling."""
    yield from _redundancy_outcomes(ctx, "unit_out", "one unit of")


# --- pumps ------------------------------------------------------------------------------------------

def _pump_element(ctx: Context, link_id: str) -> str:
    cdus = {c.id for c in ctx.design.cooling.cdus}
    if link_id.endswith(".pumps") and link_id[:-len(".pumps")] in cdus:
        return link_id[:-len(".pumps")]
    return link_id


def _pumps(ctx: Context):
    loops = ctx.cooling_section("loops")
    for loop_id in sorted(loops):
        lp = loops[loop_id]
        if not lp.get("converged"):
            yield loop_id, None, lp
            continue
        for link_id in sorted(lp.get("pumps", {})):
            yield loop_id, link_id, lp["pumps"][link_id]


@rule("COOL-PUMP-001", title="Pump operating point inside its curve", category="cooling",
      clause="ANSI/HI 9.6.3 (allowable operating region): a pump operates within its published curve", severity="major",
      reads=("cooling.loops[*].pumps[*].inside_curve_range", "cooling.loops[*].pumps[*].flow_lpm"),
      limit="the flow range of the published curve, scaled by speed and the pumps running")
def pump_inside_curve(ctx: Context):
    """Each running pump group's operating flow, from the loop hydraulics, shall lie inside the flow
    range of its published curve (scaled by speed and the number running). A pump run beyond its
    curve is off the manufacturer's data: cavitation and motor overload are not ruled out."""
    for loop_id, link_id, p in _pumps(ctx):
        if link_id is None:
            yield Outcome("untested", (loop_id,), (), f"loop {loop_id} hydraulics did not converge: {p.get('diagnosis')}")
            continue
        if p.get("status") == "closed" or not p.get("flow_lpm"):
            yield Outcome("not_applicable", (_pump_element(ctx, link_id),), (), f"{link_id} is not running")
            continue
        ok = bool(p["inside_curve_range"])
        ev = (evidence("operating point inside the curve's flow range", ok, "", limit=True, relation="==", element=link_id),
              evidence("flow", p["flow_lpm"], "L/min", element=link_id), evidence("head", p["head_m"], "m", element=link_id))
        yield Outcome("pass" if ok else "fail", (_pump_element(ctx, link_id), loop_id), ev,
                      f"{link_id}: {p['flow_lpm']:g} L/min at {p['head_m']:g} m" + ("" if ok else ", beyond its curve"))


@rule("COOL-PUMP-002", title="Pump in its preferred operating region", category="cooling",
      clause="ANSI/HI 9.6.3 preferred operating region, 70-120 % of best-efficiency flow; packaged CDU pumps: the unit's "
             "rated TCS flow range", severity="minor",
      reads=("cooling.loops[*].pumps[*].bep_percent", "cooling.loops[*].pumps[*].flow_lpm"),
      limit=f"{PREFERRED_REGION_PERCENT[0]:g}-{PREFERRED_REGION_PERCENT[1]:g} % of best-efficiency flow (PREFERRED_REGION_PERCENT); "
            f"CDU pumps without a best-efficiency point: {CDU_FLOW_RANGE_PERCENT[0]:g}-{CDU_FLOW_RANGE_PERCENT[1]:g} % of the "
            "CDU's rated TCS flow (CDU_FLOW_RANGE_PERCENT)")
def pump_preferred_region(ctx: Context):
    """Each running pump group's flow shall lie within 70-120 % of its best-efficiency flow (from the
    curve's efficiency points or the pump's bep_flow). The pumps inside a packaged CDU have no published
    curve of their own: the manufacturer selects them for the unit's rated TCS flow at its rated external
    pressure, so when their best-efficiency flow is not known the CDU's TCS flow shall lie within
    10-100 % of the unit's rated TCS flow instead (see CDU_FLOW_RANGE_PERCENT). Any other pump with no
    known best-efficiency flow is untested, naming the field that would evaluate it."""
    lo, hi = PREFERRED_REGION_PERCENT
    cdus = {c.id: c for c in ctx.design.cooling.cdus}
    for loop_id, link_id, p in _pumps(ctx):
        if link_id is None:
            yield Outcome("untested", (loop_id,), (), f"loop {loop_id} hydraulics did not converge: {p.get('diagnosis')}")
            continue
        if p.get("status") == "closed" or not p.get("flow_lpm"):
            yield Outcome("not_applicable", (_pump_element(ctx, link_id),), (), f"{link_id} is not running")
            continue
        bep = p.get("bep_percent")
        element = _pump_element(ctx, link_id)
        if bep is None and element in cdus:
            rated = magnitude(cdus[element].flow_tcs_rated, "L/min")
            share = round(100.0 * p["flow_lpm"] / rated, 2)
            c_lo, c_hi = CDU_FLOW_RANGE_PERCENT
            ok = c_lo <= share <= c_hi
            ev = (evidence("TCS flow, percent of the CDU's rated TCS flow", share, "%", limit=c_lo, relation=">=", element=element),
                  evidence("TCS flow, percent of the CDU's rated TCS flow", share, "%", limit=c_hi, relation="<=", element=element),
                  evidence("TCS flow", p["flow_lpm"], "L/min", element=link_id),
                  evidence("rated TCS flow", rated, "L/min", element=element))
            yield Outcome("pass" if ok else "fail", (element, loop_id), ev,
                          f"{link_id}: {share:g} % of the CDU's rated TCS flow" + ("" if ok else f", outside {c_lo:g}-{c_hi:g} %"))
            continue
        if bep is None:
            yield Outcome("untested", (element, loop_id), (),
                          f"{link_id}: the pump's best-efficiency flow is unknown: give bep_flow (or efficiency points "
                          "from the published curve) for the pump or its catalog model",
                          f"bep_flow of pump {element} (design or catalogs/pumps.yaml), from the pump's published curve")
            continue
        ok = lo <= bep <= hi
        ev = (evidence("flow, percent of best-efficiency flow", bep, "%", limit=lo, relation=">=", element=link_id),
              evidence("flow, percent of best-efficiency flow", bep, "%", limit=hi, relation="<=", element=link_id))
        yield Outcome("pass" if ok else "fail", (_pump_element(ctx, link_id), loop_id), ev,
                      f"{link_id}: {bep:g} % of best-efficiency flow" + ("" if ok else f", outside {lo:g}-{hi:g} %"))


# --- heat rejection ---------------------------------------------------------------------------------

@rule("COOL-HR-001", title="Heat-rejection capacity at design ambient", category="cooling",
      clause="ASHRAE Handbook-Fundamentals climatic design conditions (design_ambient of the criteria); unit ratings at that ambient",
      severity="major", reads=("cooling.plants[*][<design basis>].setpoint_held", "cooling.plants[*][<design basis>].shortfall_kw",
                               "cooling.heat_rejection[*].margin_kw"),
      limit="the whole heat load rejected with the facility supply at its setpoint: no shortfall, a margin of at least 0 kW "
            "on every heat-rejection model")
def heat_rejection_capacity(ctx: Context):
    """At the design ambient the heat-rejection units of each facility loop shall reject the whole
    heat load (CDUs, pump work, room heat of CRAHs and rear doors) with the facility supply held at its
    setpoint: the plant balance shall hold the setpoint with no shortfall, and every heat-rejection
    model show a margin of zero or more. When the units cannot, the facility supply floats up until
    they can (their margin is then zero) or, beyond the plant's bound, leaves a shortfall; either fails."""
    c = ctx.cooling()
    for floop in _facility_loops(ctx):
        try:
            plant = _design_plant(ctx, floop)
        except MissingResult as exc:
            yield Outcome("untested", (floop,), (), str(exc))
            continue
        units = sorted(u.id for u in ctx.design.cooling.heat_rejection if u.loop == floop)
        if not plant["converged"] and not (plant.get("shortfall_kw") or 0) > 0:
            yield Outcome("untested", (floop,), (), f"the plant of {floop} did not converge: {plant['diagnosis']}")
            continue
        ev = [evidence("shortfall", plant["shortfall_kw"], "kW", limit=0.0, relation="<=", element=floop),
              evidence("facility supply held at its setpoint", bool(plant["setpoint_held"]), "", limit=True, relation="==",
                       element=floop),
              evidence("heat load", plant["heat_load_kw"], "kW", element=floop)]
        ok = (plant["shortfall_kw"] or 0) <= 0 and bool(plant["setpoint_held"])
        for uid in units:
            u = c.get("heat_rejection", {}).get(uid)
            if u is None:
                continue
            ev.append(evidence("margin", u["margin_kw"], "kW", limit=0.0, relation=">=", element=uid))
            ev.append(evidence("capacity", u["capacity_kw"], "kW", element=uid))
            ok = ok and (u["margin_kw"] or 0) >= 0
        yield Outcome("pass" if ok else "fail", (floop,) + tuple(units), tuple(ev),
                      f"{floop} at {c.get('design_basis')}: " + ("heat load rejected at the setpoint" if ok else plant["diagnosis"]))


@rule("COOL-HR-002", title="Facility water supply at its setpoint at design ambient", category="cooling",
      clause="ASHRAE TC 9.9 liquid-cooling classes W17-W45 (Thermal Guidelines, 5th ed., 2021): the facility supply of the design's class",
      severity="major", reads=("cooling.plants[*][<design basis>].t_facility_supply_c", "cooling.plants[*][<design basis>].setpoint_held"),
      limit="the facility loop's t_supply_setpoint, else goal.criteria.t_fws_setpoint (default 35 °C)")
def facility_supply(ctx: Context):
    """At the design ambient each facility loop shall be held at its supply setpoint, the temperature
    of the ASHRAE liquid class the design is built for (the narrowest class holding the setpoint is
    named in the message)."""
    for floop in _facility_loops(ctx):
        try:
            plant = _design_plant(ctx, floop)
        except MissingResult as exc:
            yield Outcome("untested", (floop,), (), str(exc))
            continue
        setpoint = _facility_setpoint_c(ctx, floop)
        value = plant.get("t_facility_supply_c")
        if value is None or not (plant.get("converged", False) or (plant.get("shortfall_kw") or 0) > 0):
            yield Outcome("untested", (floop,), (), f"the plant of {floop} did not converge: "
                          + (plant.get("diagnosis") or "no diagnosis"))
            continue
        ok = bool(plant["setpoint_held"])
        ev = (evidence("facility water supply", value, "degC", limit=setpoint, relation="<=", element=floop),)
        yield Outcome("pass" if ok else "fail", (floop,), ev,
                      f"{floop}: supply {value} °C, setpoint {setpoint:g} °C (ASHRAE {ashrae_class(setpoint)})"
                      + ("" if ok else ": not held"))


# --- air --------------------------------------------------------------------------------------------

@rule("COOL-AIR-001", title="Residual air heat removal", category="cooling",
      clause="Air-side heat balance at the design ambient; GB300 NVL72 residual air heat about 10 % (Lenovo LP2357 as quoted)",
      severity="major", reads=("cooling.air[*].adequate", "cooling.air[*].airflow_available_m3_s", "cooling.air[*].airflow_required_m3_s"),
      limit="the exhaust airflow the hall's fans give, after CRAHs and rear doors take their share")
def residual_air(ctx: Context):
    """In each hall, the heat the racks and miners put into the air (less what CRAHs and rear doors
    take into water) shall be carried away by the hall's exhaust airflow at the racks' allowed air
    temperature rise."""
    air = ctx.cooling_section("air")
    for hall_id in sorted(air):
        a = air[hall_id]
        ok = bool(a["adequate"])
        ev = (evidence("exhaust airflow", a["airflow_available_m3_s"], "m^3/s", limit=a["airflow_required_m3_s"],
                       relation=">=", element=hall_id),
              evidence("heat to air", a["heat_to_air_kw"], "kW", element=hall_id),
              evidence("heat removed in the room (CRAHs, rear doors)", a["removed_in_room_kw"], "kW", element=hall_id))
        yield Outcome("pass" if ok else "fail", (hall_id,), ev,
                      f"{hall_id}: {a['heat_to_exhaust_kw']:g} kW to the exhaust fans" + ("" if ok else ", more than their airflow carries"))


@rule("COOL-AIR-002", title="Rack inlet air temperature", category="cooling",
      clause="ASHRAE TC 9.9 Thermal Guidelines, 5th ed. (2021), class A2 allowable 10-35 °C", severity="major",
      reads=("cooling.air[*].t_inlet_c", "cooling.air[*].t_inlet_max_c"),
      limit="goal.criteria.air_inlet_max (default 35 °C)")
def inlet_air(ctx: Context):
    """The air at the rack inlets of each hall with racks (outdoor air at the design dry bulb in a hall
    cooled by exhaust fans alone; CRAH supply air otherwise) shall not exceed the criteria's inlet limit."""
    air = ctx.cooling_section("air")
    for hall_id in sorted(air):
        a = air[hall_id]
        if not a.get("rack_air_heat_kw"):
            yield Outcome("not_applicable", (hall_id,), (), f"no racks put heat into the air of {hall_id}")
            continue
        if "inlet_ok" not in a:
            yield Outcome("untested", (hall_id,), (), "the design has no criteria for the inlet air",
                          "the goal's criteria for the rack inlet air")
            continue
        ok = bool(a["inlet_ok"])
        ev = (evidence("rack inlet air", a["t_inlet_c"], "degC", limit=a["t_inlet_max_c"], relation="<=", element=hall_id),)
        how = "outdoor air through exhaust fans" if a.get("outside_air_inlet") else "CRAH supply air"
        yield Outcome("pass" if ok else "fail", (hall_id,), ev,
                      f"{hall_id}: {a['t_inlet_c']:g} °C at the inlets ({how})" + ("" if ok else ": too warm"))


# --- pipes and coolant ------------------------------------------------------------------------------

def _converged_loops(ctx: Context):
    loops = ctx.cooling_section("loops")
    for loop_id in sorted(loops):
        yield loop_id, loops[loop_id]


@rule("COOL-PIPE-001", title="Coolant velocity in pipes", category="cooling",
      clause="ASHRAE Handbook-Fundamentals ch. 22 pipe sizing (erosion and noise limits); OCP TCS guidance", severity="major",
      reads=("cooling.loops[*].max_velocity_m_s", "cooling.loops[*].max_velocity_pipe"),
      limit="goal.criteria.pipe_velocity_max (default 2.5 m/s)")
def pipe_velocity(ctx: Context):
    """The highest coolant velocity in any pipe of each loop (main, header or branch) shall not exceed
    the criterion."""
    limit = magnitude(ctx.criteria.pipe_velocity_max, "m/s")
    for loop_id, lp in _converged_loops(ctx):
        if not lp.get("converged"):
            yield Outcome("untested", (loop_id,), (), f"loop {loop_id} hydraulics did not converge: {lp.get('diagnosis')}")
            continue
        value, pipe = lp.get("max_velocity_m_s"), lp.get("max_velocity_pipe")
        if value is None:
            yield Outcome("not_applicable", (loop_id,), (), f"no flow in the pipes of {loop_id}")
            continue
        ok = value <= limit
        yield Outcome("pass" if ok else "fail", (loop_id,),
                      (evidence("highest velocity", value, "m/s", limit=limit, relation="<=", element=pipe),),
                      f"{loop_id}: {value:g} m/s in {pipe}" + ("" if ok else f", above {limit:g} m/s"))


@rule("COOL-PIPE-002", title="Coolant pressure in pipes", category="cooling",
      clause="ASME B31.9 design pressure of the piping; NVIDIA CDU pressure relief 6 bar (as transcribed)", severity="major",
      reads=("cooling.loops[*].max_pressure_kpa",),
      limit="goal.criteria.pipe_pressure_max (default 600 kPa gauge, the relief setting)")
def pipe_pressure(ctx: Context):
    """The highest gauge pressure anywhere in each loop (static fill pressure plus pump head less
    losses) shall not exceed the criterion."""
    limit = magnitude(ctx.criteria.pipe_pressure_max, "kPa")
    for loop_id, lp in _converged_loops(ctx):
        if not lp.get("converged"):
            yield Outcome("untested", (loop_id,), (), f"loop {loop_id} hydraulics did not converge: {lp.get('diagnosis')}")
            continue
        value = lp.get("max_pressure_kpa")
        ok = value is not None and value <= limit
        yield Outcome("pass" if ok else "fail", (loop_id,),
                      (evidence("highest gauge pressure", value, "kPa", limit=limit, relation="<=", element=loop_id),
                       evidence("static pressure", lp.get("static_pressure_kpa"), "kPa", element=loop_id)),
                      f"{loop_id}: up to {value:g} kPa" + ("" if ok else f", above {limit:g} kPa"))


@rule("COOL-FRZ-001", title="Coolant freeze margin", category="cooling",
      clause="ASHRAE Handbook-Fundamentals extreme minimum dry bulb (20-year return); coolant freezing point (CoolProp)",
      severity="critical", reads=("cooling.freeze[*].margin_k", "cooling.freeze[*].margin_required_k"),
      limit="goal.criteria.freeze_margin (default 5 K) below the extreme minimum")
def freeze_margin(ctx: Context):
    """The coolant of each loop exposed outdoors (facility loops) shall freeze at least the freeze
    margin below the site's 20-year extreme minimum temperature. Indoor loops are not applicable; an
    exposed loop at a site without an extreme minimum is untested."""
    freeze = ctx.cooling_section("freeze")
    for loop_id in sorted(freeze):
        f = freeze[loop_id]
        if not f.get("exposed_outdoors"):
            yield Outcome("not_applicable", (loop_id,), (), f"{loop_id} stays indoors")
            continue
        if f.get("ok") is None:
            yield Outcome("untested", (loop_id,), (), "the site climate gives no extreme minimum (extreme_min_db_n20)",
                          "extreme_min_db_n20 of the site climate")
            continue
        ok = bool(f["ok"])
        ev = (evidence("margin below the extreme minimum", f["margin_k"], "K", limit=f["margin_required_k"], relation=">=",
                       element=loop_id),
              evidence("freezing point", f["freezing_point_c"], "degC", element=loop_id),
              evidence("extreme minimum", f["extreme_min_c"], "degC", element=loop_id))
        yield Outcome("pass" if ok else "fail", (loop_id,), ev,
                      f"{loop_id}: {f['coolant']} freezes at {f['freezing_point_c']:g} °C, extreme minimum "
                      f"{f['extreme_min_c']:g} °C" + ("" if ok else f": margin {f['margin_k']:g} K, need {f['margin_required_k']:g} K"))
