"""The calculation sections of the plan: equipment schedules of the proposed electrical design, load
flow, short-circuit duty against ratings, feeders, voltage at the racks, redundancy and N-1, hydraulics
with pump charts, temperatures at the design ambient, and PUE. Every value is the results dict's.
"""
from __future__ import annotations

from reportlab.platypus import KeepTogether

from ..units import magnitude
from .charts import bar_chart, pump_chart
from .document import paragraph
from .formatting import ambient_name, enum_text, ids_text, number, plain, verdict
from .tables import Column, Schedule

#: Pump charts drawn at most (one per kind of loop: its pump set at the highest head).
MAX_PUMP_CHARTS = 4
#: Rows of each equipment schedule in the body (the governing first: most loaded, nearest its rating).
EQUIPMENT_ROWS = 6
#: Branches in the loading chart at most (the most loaded; every branch is in the branch-flow schedule).
MAX_BARS = 12
#: How the calculation pages name the load-flow method of the JSON (``load_flow.method``).
_LF_METHOD = {"current injection": "implicit Z-bus iteration", "newton": "Newton-Raphson"}



def equipment_schedules(ctx) -> list:
    """Schedules of the proposed design's transformers, switchgear, busway and protective devices."""
    design = ctx.run.analysed
    e = ctx.results.get("electrical") or {}
    lf = (e.get("load_flow") or {}).get("branches") or {}
    sc = e.get("short_circuit") or {}
    out = [ctx.headings.sub("Equipment schedules")]
    el = design.electrical
    if el.transformers:
        rows = [[t.id, number(magnitude(t.rating, "kVA"), ",.0f", "kVA"),
                 f"{magnitude(t.v_primary, 'kV'):g}/{magnitude(t.v_secondary, 'kV'):g} kV",
                 number(magnitude(t.z_percent, "percent"), "g", "%"),
                 f"{enum_text(t.primary_config)} / {enum_text(t.secondary_config)}",
                 number((lf.get(t.id) or {}).get("loading_percent"), ".1f", "%")] for t in el.transformers]
        loading = [(lf.get(t.id) or {}).get("loading_percent") for t in el.transformers]
        out += ctx.schedule(Schedule("Transformers", [Column("transformer", 1.2), Column("rating", 0.8, "RIGHT"),
                                                      Column("voltage", 1), Column("Z", 0.6, "RIGHT"),
                                                      Column("windings", 1.3), Column("loading", 0.7, "RIGHT")], rows,
                                     rank=[x if x is not None else float("nan") for x in loading], body_rows=EQUIPMENT_ROWS))
    buses = [b for b in el.buses if b.kind in ("switchgear", "switchboard", "panelboard")]
    if buses:
        scb = sc.get("buses") or {}
        rows, fail, duty = [], [], []
        for b in buses:
            s = scb.get(b.id) or {}
            rows.append([b.id, b.kind, number(magnitude(b.voltage, "V"), ",.0f", "V"), number(magnitude(b.bus_rating, "A"), ",.0f", "A"),
                         number(s.get("ik3_ka"), ".1f", "kA"), number(magnitude(b.sccr, "kA"), "g", "kA"), verdict(s.get("sccr_ok"))])
            fail.append(s.get("sccr_ok") is False)
            duty.append(_ratio(s.get("ik3_ka"), magnitude(b.sccr, "kA")))
        out += ctx.schedule(Schedule("Switchgear and switchboards", [
            Column("bus", 1.1), Column("kind", 0.9), Column("voltage", 0.8, "RIGHT"), Column("rating", 0.8, "RIGHT"),
            Column("Ik\" at bus", 0.8, "RIGHT"), Column("SCCR", 0.7, "RIGHT"), Column("", 0.4)], rows, fail,
            rank=duty, body_rows=EQUIPMENT_ROWS))
    if el.busways or el.pdus:
        rows = [[b.id, f"{b.from_bus} -> {b.to_bus}", number(magnitude(b.rating, "A"), ",.0f", "A"),
                 number(magnitude(b.length, "m"), "g", "m") if hasattr(b, "length") else "",
                 number((lf.get(b.id) or {}).get("loading_percent"), ".1f", "%")]
                for b in list(el.busways) + list(el.pdus)]
        loading = [(lf.get(b.id) or {}).get("loading_percent") for b in list(el.busways) + list(el.pdus)]
        out += ctx.schedule(Schedule("Busway and PDUs", [Column("element", 1.1), Column("from -> to", 1.6),
                                                         Column("rating", 0.8, "RIGHT"), Column("length", 0.7, "RIGHT"),
                                                         Column("loading", 0.7, "RIGHT")], rows,
                                     rank=[x if x is not None else float("nan") for x in loading], body_rows=EQUIPMENT_ROWS))
    if el.breakers:
        dev = sc.get("devices") or {}
        rows, fail, duty = [], [], []
        for b in el.breakers:
            d = dev.get(b.id) or {}
            rows.append([b.id, b.bus, b.protects, enum_text(b.kind), number(magnitude(b.rating, "A"), ",.0f", "A"),
                         number(magnitude(b.interrupting, "kA"), "g", "kA"), number(d.get("duty_ka"), ".1f", "kA"),
                         verdict(d.get("ok"))])
            fail.append(d.get("ok") is False)
            duty.append(_ratio(d.get("duty_ka"), magnitude(b.interrupting, "kA")))
        out += ctx.schedule(Schedule("Protective devices", [
            Column("device", 1.1), Column("bus", 0.9), Column("protects", 1), Column("kind", 0.7),
            Column("trip", 0.7, "RIGHT"), Column("interrupting", 0.8, "RIGHT"), Column("duty", 0.7, "RIGHT"),
            Column("", 0.4)], rows, fail, rank=duty, body_rows=EQUIPMENT_ROWS))
    return out


def _ratio(duty, rating) -> float:
    """``duty`` over ``rating``: the rank of an excerpt of a rating schedule (nan when either is missing) [-]."""
    return duty / rating if isinstance(duty, (int, float)) and isinstance(rating, (int, float)) and rating else float("nan")


def calculations(ctx) -> list:
    """Section: calculation tables and charts."""
    out = [ctx.headings.section("Calculations")]
    out += _load_flow(ctx) + _short_circuit(ctx) + _feeders(ctx) + _racks_voltage(ctx) + _n_minus_1(ctx)
    out += _hydraulics(ctx) + _temperatures(ctx) + _pue(ctx)
    return out


def _not_solved(e: dict) -> list:
    diag = e.get("diagnosis") or (e.get("load_flow") or {}).get("diagnosis") or ""
    return [paragraph(f"The electrical analysis did not solve: {diag}", "note")]


def _load_flow(ctx) -> list:
    e = ctx.results.get("electrical") or {}
    out = [ctx.headings.sub("Load flow")]
    for f in e.get("consistency") or []:
        out.append(paragraph(f"Consistency: {f.get('check')}: {f.get('message')}", "note"))
    lf = e.get("load_flow")
    if not e.get("solved") or not lf:
        return out + _not_solved(e)
    u = e.get("utility") or {}
    out.append(paragraph(
        f"Load flow ({_LF_METHOD.get(lf.get('method'), 'Newton-Raphson')}) "
        f"{'converged' if lf.get('converged') else 'did not converge'} in "
        f"{lf.get('iterations')} iterations (largest mismatch {number(lf.get('max_mismatch_pu'), '.1e', 'pu')}); "
        f"utility demand {number(u.get('demand_kw'), ',.1f', 'kW')} and {number(lf.get('slack_q_kvar'), ',.1f', 'kvar')}, "
        f"{number(u.get('loading_percent'), '.1f', '%')} of the {number(u.get('capacity_kva'), ',.0f', 'kVA')} service; "
        f"losses {number(lf.get('losses_kw'), ',.1f', 'kW')}.", "body"))
    limits = (e.get("contingencies") or {}).get("limits") or {}
    buses = lf.get("buses") or {}
    rows = [[k, number(v.get("vn_kv"), "g", "kV"), number(v.get("v_kv"), ".4f", "kV"), number(v.get("vm_pu"), ".4f"),
             number(v.get("va_deg"), ".3f", "deg")] for k, v in buses.items()]
    out += ctx.schedule(Schedule("Bus voltages", [Column("bus", 1.2), Column("nominal", 0.8, "RIGHT"),
                                                  Column("voltage", 0.9, "RIGHT"), Column("per unit", 0.8, "RIGHT"),
                                                  Column("angle", 0.8, "RIGHT")], rows))
    branches = lf.get("branches") or {}
    rows = [[k, v.get("kind"), number(v.get("p_from_kw"), ",.1f", "kW"), number(v.get("q_from_kvar"), ",.1f", "kvar"),
             number(v.get("i_from_a"), ",.1f", "A"), number(v.get("loading_percent"), ".1f", "%"),
             number(v.get("loss_kw"), ".2f", "kW")] for k, v in branches.items()]
    out += ctx.schedule(Schedule("Branch flows", [Column("branch", 1.2), Column("kind", 0.8), Column("P", 0.9, "RIGHT"),
                                                  Column("Q", 0.9, "RIGHT"), Column("I", 0.8, "RIGHT"),
                                                  Column("loading", 0.8, "RIGHT"), Column("losses", 0.8, "RIGHT")], rows))
    loaded = sorted(((k, v.get("loading_percent")) for k, v in branches.items()
                     if v.get("kind") in ("transformer", "busway", "pdu") and v.get("loading_percent") is not None),
                    key=lambda kv: (-kv[1], kv[0]))[:MAX_BARS]
    if loaded:
        limit = limits.get("max_loading_percent", 100.0)
        out.append(KeepTogether([bar_chart(loaded, ctx.width, unit="loading [%]", limit=limit,
                                           limit_label=f"{limit:g} %", title="Loading of transformers, busway and PDUs"
                                           + (f" (the {MAX_BARS} most loaded)" if len(branches) > MAX_BARS else "")),
                                 paragraph("Normal operation, from the load flow.", "caption")]))
    return out


def _short_circuit(ctx) -> list:
    e = ctx.results.get("electrical") or {}
    sc = e.get("short_circuit")
    out = [ctx.headings.sub("Short-circuit duty against ratings")]
    if not sc:
        return out + _not_solved(e)
    out.append(paragraph(f"Method: {sc.get('method', '')}.", "body"))
    dev = sc.get("devices") or {}
    rows = [[k, v.get("bus"), enum_text(v.get("kind")), number(v.get("ik3_ka"), ".2f", "kA"), number(v.get("xr_ratio"), ".2f"),
             number(v.get("multiplying_factor"), ".3f"), number(v.get("duty_ka"), ".2f", "kA"),
             number(v.get("interrupting_ka"), "g", "kA"), number(v.get("duty_ratio"), ".3f"), verdict(v.get("ok"))]
            for k, v in dev.items()]
    out += ctx.schedule(Schedule("Device interrupting duty", [
        Column("device", 1.1), Column("bus", 0.9), Column("kind", 0.9), Column("Ik\"", 0.7, "RIGHT"),
        Column("X/R", 0.5, "RIGHT"), Column("MF", 0.5, "RIGHT"), Column("duty", 0.7, "RIGHT"),
        Column("rating", 0.6, "RIGHT"), Column("ratio", 0.5, "RIGHT"), Column("", 0.4)], rows,
        [v.get("ok") is False for v in dev.values()]))
    buses = sc.get("buses") or {}
    rows = [[k, number(v.get("ik3_ka"), ".2f", "kA"), number(v.get("ip_ka"), ".2f", "kA"), number(v.get("xr_ratio"), ".2f"),
             number(v.get("sk_mva"), ".1f", "MVA"), number(v.get("sccr_ka"), "g", "kA"), verdict(v.get("sccr_ok"))]
            for k, v in buses.items()]
    out += ctx.schedule(Schedule("Bus fault levels and equipment ratings", [
        Column("bus", 1.2), Column("Ik\"", 0.8, "RIGHT"), Column("ip", 0.8, "RIGHT"), Column("X/R", 0.6, "RIGHT"),
        Column("Sk\"", 0.8, "RIGHT"), Column("SCCR", 0.7, "RIGHT"), Column("", 0.4)], rows,
        [v.get("sccr_ok") is False for v in buses.values()]))
    bw = sc.get("busway_withstand") or {}
    if bw:
        rows = [[k, number(v.get("ik3_ka"), ".2f", "kA"), number(v.get("sccr_ka"), "g", "kA"), verdict(v.get("ok"))]
                for k, v in bw.items()]
        out += ctx.schedule(Schedule("Busway short-circuit withstand", [Column("busway", 1.2), Column("Ik\" at source", 1, "RIGHT"),
                                                                         Column("withstand", 1, "RIGHT"), Column("", 0.4)],
                                     rows, [v.get("ok") is False for v in bw.values()]))
    return out


def _feeders(ctx) -> list:
    e = ctx.results.get("electrical") or {}
    fd = e.get("feeders")
    out = [ctx.headings.sub("Feeders: ampacity and voltage drop")]
    if not fd:
        return out + ([paragraph("The design has no feeder.", "body")] if e.get("solved") else _not_solved(e))
    rows = []
    for k, v in fd.items():
        capacity = v.get("ampacity_a", v.get("rating_a"))
        rows.append([k, v.get("kind"), number(v.get("i_a"), ",.1f", "A"), number(v.get("required_a"), ",.1f", "A"),
                     number(capacity, ",.0f", "A"), number(v.get("vd_percent"), ".2f", "%"),
                     number(v.get("vd_limit_percent"), "g", "%"), verdict(v.get("ok")), v.get("diagnosis") or ""])
    out += ctx.schedule(Schedule("Feeders", [
        Column("feeder", 1.1), Column("kind", 0.6), Column("current", 0.7, "RIGHT"), Column("required", 0.7, "RIGHT"),
        Column("ampacity / rating", 0.8, "RIGHT"), Column("drop", 0.6, "RIGHT"), Column("limit", 0.5, "RIGHT"),
        Column("", 0.4), Column("note", 1.8)], rows, [v.get("ok") is False for v in fd.values()],
        note="Required current: the continuous load at 125 % (NEC 215.2(A)(1)); ampacity per NEC 310.16 with its "
             "corrections; voltage drop against the NEC 215.2 informational-note limit."))
    return out


def _racks_voltage(ctx) -> list:
    e = ctx.results.get("electrical") or {}
    racks = e.get("racks") or {}
    if not racks:
        return []
    out = [ctx.headings.sub("Voltage at the racks")]
    rows, fail = [], []
    for rack, v in racks.items():
        for path, f in (v.get("feeds") or {}).items():
            rows.append([rack, path, f.get("bus"), number(f.get("v_ln_v"), ".1f", "V"), number(f.get("v_ll_v"), ".1f", "V"),
                         number(f.get("vd_total_percent"), ".2f", "%"), verdict(f.get("vd_ok"))])
            fail.append(f.get("vd_ok") is False)
    out += ctx.schedule(Schedule("Rack feeds", [Column("rack", 1), Column("path", 0.4), Column("bus", 1),
                                                Column("line to neutral", 0.9, "RIGHT"), Column("line to line", 0.9, "RIGHT"),
                                                Column("drop from service", 0.9, "RIGHT"), Column("", 0.4)], rows, fail))
    return out


def _n_minus_1(ctx) -> list:
    e = ctx.results.get("electrical") or {}
    out = [ctx.headings.sub("Redundancy and N-1")]
    red = e.get("redundancy") or {}
    if red:
        failing = {k: v for k, v in red.items() if not v.get("meets_policy")}
        policy = next(iter(red.values())).get("policy", "")
        out.append(paragraph(f"Power redundancy policy {policy}: {len(red) - len(failing):,} of {len(red):,} racks meet it.",
                             "body"))
        rows = [[k, ", ".join(v.get("feeds") or []), ids_text(v.get("single_points_of_failure") or [], 4),
                 ids_text(v.get("shared_by_paths") or [], 4), verdict(v.get("meets_policy")), v.get("reason")]
                for k, v in red.items()]
        out += ctx.schedule(Schedule("Rack redundancy", [
            Column("rack", 0.9), Column("feeds", 1.1), Column("single points of failure", 1.2),
            Column("shared by A and B", 1.1), Column("", 0.4), Column("reason", 2)], rows,
            [not v.get("meets_policy") for v in red.values()], body_rows=6))
    cont = e.get("contingencies")
    if not cont:
        out.append(paragraph("The N-1 study was not run (analysis without contingencies).", "note"))
        return out
    limits = cont.get("limits") or {}
    outages = cont.get("outages") or {}
    out.append(paragraph(
        f"Each element out in turn ({len(outages)} outages), the rest re-solved; limits: loading "
        f"{number(limits.get('max_loading_percent'), 'g', '%')}, transformers {number(limits.get('max_transformer_percent'), 'g', '%')}, "
        f"voltage {number(limits.get('v_min_pu'), 'g')} to {number(limits.get('v_max_pu'), 'g')} pu.", "body"))
    rows = [[k, str(v.get("racks_lost")), str(v.get("racks_single_fed")),
             f"{v.get('max_loading_element') or ''} {number(v.get('max_loading_percent'), '.1f', '%')}",
             f"{v.get('min_vm_bus') or ''} {number(v.get('min_vm_pu'), '.4f', 'pu')}",
             "; ".join(v.get("violations") or []) or (v.get("diagnosis") or ""), verdict(v.get("ok"))]
            for k, v in outages.items()]
    out += ctx.schedule(Schedule("N-1 outages", [
        Column("outage", 0.9), Column("racks lost", 0.5, "RIGHT"), Column("racks on one feed", 0.7, "RIGHT"),
        Column("highest loading", 1.2), Column("lowest voltage", 1.3), Column("violations", 1.7), Column("", 0.4)],
        rows, [not v.get("ok") for v in outages.values()],
        rank=[v.get("max_loading_percent") or 0.0 for v in outages.values()], body_rows=8))
    return out


def _hydraulics(ctx) -> list:
    c = ctx.results.get("cooling") or {}
    loops = c.get("loops") or {}
    out = [ctx.headings.sub("Hydraulics")]
    if not loops:
        return out + [paragraph("The design has no liquid loop.", "body")]
    rows = [[k, v.get("kind"), v.get("coolant"), verdict(v.get("converged")), str(v.get("iterations")),
             number(v.get("t_fluid_c"), ".1f", "°C"), number(v.get("max_velocity_m_s"), ".2f", "m/s"),
             v.get("max_velocity_pipe") or "", number(v.get("min_pressure_kpa"), ".0f", "kPa"),
             number(v.get("max_pressure_kpa"), ".0f", "kPa"), v.get("diagnosis") or ""] for k, v in loops.items()]
    out += ctx.schedule(Schedule("Loops", [
        Column("loop", 0.8), Column("kind", 0.5), Column("coolant", 0.5), Column("solved", 0.45),
        Column("iter.", 0.35, "RIGHT"), Column("fluid", 0.55, "RIGHT"), Column("max velocity", 0.65, "RIGHT"),
        Column("in pipe", 1.9), Column("min p", 0.55, "RIGHT"), Column("max p", 0.55, "RIGHT"), Column("diagnosis", 0.9)],
        rows, [v.get("converged") is False for v in loops.values()]))
    pumps = [(loop, pid, p) for loop, v in loops.items() for pid, p in (v.get("pumps") or {}).items()]
    if pumps:
        rows = [[pid, loop, p.get("status"), number(p.get("flow_lpm"), ",.0f", "L/min"), number(p.get("head_m"), ".2f", "m"),
                 number(p.get("efficiency"), ".2f"), number(p.get("shaft_kw"), ".2f", "kW"),
                 number(p.get("electric_kw"), ".2f", "kW"), "yes" if p.get("inside_curve_range") else "no",
                 _preferred_region(p)] for loop, pid, p in pumps]
        out += ctx.schedule(Schedule("Pumps at their operating point", [
            Column("pump set", 1), Column("loop", 0.6), Column("status", 0.5), Column("flow", 0.8, "RIGHT"),
            Column("head", 0.6, "RIGHT"), Column("eff.", 0.5, "RIGHT"), Column("shaft", 0.6, "RIGHT"),
            Column("electric", 0.6, "RIGHT"), Column("in curve range", 0.7), Column("in preferred region", 0.8)], rows))
        if any(p.get("bep_percent") is None for _, _, p in pumps):
            out.append(paragraph("Preferred region n/a: the pump's best-efficiency flow is not known (a CDU's packaged "
                                 "pumps); the review judges a CDU's TCS flow against its rated flow instead "
                                 "(COOL-PUMP-002).", "small"))
        # one chart per kind of loop: its pump set at the highest head (the governing duty), then the next
        charts = []
        kinds: dict[str, list] = {}
        for loop, pid, p in pumps:
            kinds.setdefault(str(loops[loop].get("kind")), []).append((loop, pid, p))
        for members in kinds.values():
            members.sort(key=lambda m: -(m[2].get("head_m") or 0.0))
            for loop, pid, _ in members:
                chart = pump_chart(ctx.run.analysed, ctx.results, loop, pid, width=ctx.width / 2 - 6, height=180)
                if chart is not None:
                    charts.append(chart)
                    break
            if len(charts) >= MAX_PUMP_CHARTS:
                break
        if charts:
            from reportlab.platypus import Table

            grid = [charts[i:i + 2] + ([""] if len(charts[i:i + 2]) == 1 else []) for i in range(0, len(charts), 2)]
            table = Table(grid, colWidths=[ctx.width / 2] * 2, hAlign="LEFT")
            out.append(KeepTogether([table, paragraph(
                "Pump curves (fitted through the catalog points, squares) against the system curve through the "
                "operating point (closed loop: head rises with the square of the flow): for each kind of loop, "
                f"the pump set at the highest head ({len(charts)} of {len(pumps)} pump sets; every set's operating "
                "point is in the table above).",
                "caption")]))
    rows = [[loop, pipe, number(p.get("flow_lpm"), ",.1f", "L/min"), number(p.get("velocity_m_s"), ".3f", "m/s"),
             number(p.get("head_loss_m"), ".3f", "m")]
            for loop, v in loops.items() for pipe, p in (v.get("pipes") or {}).items()]
    out += ctx.schedule(Schedule("Pipes", [Column("loop", 0.7), Column("pipe", 1.8), Column("flow", 0.9, "RIGHT"),
                                           Column("velocity", 0.8, "RIGHT"), Column("head loss", 0.8, "RIGHT")], rows))
    return out


def _temperatures(ctx) -> list:
    c = ctx.results.get("cooling") or {}
    out = [ctx.headings.sub("Temperatures and heat at the design ambient")]
    amb = c.get("ambients") or {}
    if amb:
        rows = [[ambient_name(k), number(v.get("t_dry_bulb_c"), ".1f", "°C"), number(v.get("t_wet_bulb_c"), ".1f", "°C"),
                 number(v.get("altitude_m"), ".0f", "m"), v.get("note")] for k, v in amb.items()]
        out += ctx.schedule(Schedule(f"Ambient conditions (design basis: {ambient_name(c.get('design_basis', ''))})", [
            Column("condition", 1.6), Column("dry bulb", 0.6, "RIGHT"), Column("wet bulb", 0.6, "RIGHT"),
            Column("altitude", 0.6, "RIGHT"), Column("note", 2.6)], rows))
    plants = c.get("plants") or {}
    rows, fail = [], []
    for loop, by_basis in plants.items():
        if "converged" in by_basis:
            rows.append([loop, "", "", "", "", "", "", "", by_basis.get("diagnosis")])
            fail.append(True)
            continue
        for basis, p in by_basis.items():
            rows.append([loop, ambient_name(basis), number(p.get("t_facility_supply_c"), ".2f", "°C"),
                         number(p.get("t_facility_return_c"), ".2f", "°C"), number(p.get("heat_load_kw"), ",.0f", "kW"),
                         number(p.get("heat_rejected_kw"), ",.0f", "kW"), number(p.get("fan_and_chiller_kw"), ",.1f", "kW"),
                         number(p.get("water_l_h"), ",.0f", "L/h"), p.get("diagnosis")])
            fail.append(p.get("setpoint_held") is False)
    if rows:
        out += ctx.schedule(Schedule("Facility loops", [
            Column("loop", 0.6), Column("ambient", 1.1), Column("supply", 0.6, "RIGHT"), Column("return", 0.6, "RIGHT"),
            Column("heat", 0.6, "RIGHT"), Column("rejected", 0.6, "RIGHT"), Column("fans", 0.6, "RIGHT"),
            Column("water", 0.6, "RIGHT"), Column("diagnosis", 2)], rows, fail))
    hr = c.get("heat_rejection") or {}
    if hr:
        rows = [[k, str(v.get("units")), number(v.get("heat_kw"), ",.0f", "kW"), number(v.get("capacity_kw"), ",.0f", "kW"),
                 number(v.get("margin_kw"), ",.0f", "kW"), number(v.get("loading_percent"), ".1f", "%"),
                 number(v.get("electric_kw"), ",.1f", "kW"), number(v.get("ua_fluid_factor"), ".3f"), ambient_name(v.get("basis"))]
                for k, v in hr.items()]
        out += ctx.schedule(Schedule("Heat rejection", [
            Column("units", 0.8), Column("n", 0.3, "RIGHT"), Column("heat", 0.7, "RIGHT"), Column("capacity", 0.7, "RIGHT"),
            Column("margin", 0.7, "RIGHT"), Column("loading", 0.6, "RIGHT"), Column("fans", 0.6, "RIGHT"),
            Column("UA fluid factor", 0.6, "RIGHT"), Column("at", 1.2)], rows, [(v.get("margin_kw") or 0) < 0 for v in hr.values()]))
    cdus = c.get("cdus") or {}
    if cdus:
        rows = [[k, v.get("tcs_loop"), number(v.get("heat_kw"), ",.0f", "kW"), number(v.get("loading_percent"), ".1f", "%"),
                 number(v.get("approach_k"), ".2f", "K"), number(v.get("t_tcs_supply_c"), ".2f", "°C"),
                 number(v.get("t_tcs_return_c"), ".2f", "°C"), number(v.get("flow_tcs_lpm"), ",.0f", "L/min"),
                 number(v.get("flow_facility_lpm"), ",.0f", "L/min"), number(v.get("ua_rated_kw_k"), ",.0f", "kW/K"),
                 number(v.get("ua_fluid_factor"), ".3f"), "yes" if v.get("setpoint_held") else "no"]
                for k, v in cdus.items()]
        out += ctx.schedule(Schedule("CDUs", [
            Column("CDU", 0.95), Column("TCS loop", 0.7), Column("heat", 0.6, "RIGHT"), Column("loading", 0.6, "RIGHT"),
            Column("approach", 0.6, "RIGHT"), Column("TCS supply", 0.7, "RIGHT"), Column("TCS return", 0.7, "RIGHT"),
            Column("TCS flow", 0.7, "RIGHT"), Column("facility flow", 0.8, "RIGHT"), Column("UA rated", 0.6, "RIGHT"),
            Column("UA fluid factor", 0.6, "RIGHT"), Column("setpoint held", 0.6)],
            rows, [v.get("setpoint_held") is False for v in cdus.values()]))
    racks = c.get("racks") or {}
    if racks:
        rows = [[k, v.get("loop"), number(v.get("liquid_heat_kw"), ".1f", "kW"), number(v.get("flow_lpm"), ".1f", "L/min"),
                 number(v.get("flow_required_lpm"), ".1f", "L/min"), number(v.get("flow_ratio"), ".3f"),
                 number(v.get("t_supply_c"), ".2f", "°C"), number(v.get("t_supply_max_c"), "g", "°C"),
                 verdict(bool(v.get("flow_ok")) and bool(v.get("t_supply_ok")))] for k, v in racks.items()]
        out += ctx.schedule(Schedule("Rack cooling", [
            Column("rack", 0.9), Column("loop", 0.6), Column("liquid heat", 0.7, "RIGHT"), Column("flow", 0.7, "RIGHT"),
            Column("needed", 0.7, "RIGHT"), Column("ratio", 0.5, "RIGHT"), Column("supply", 0.6, "RIGHT"),
            Column("max", 0.5, "RIGHT"), Column("", 0.4)], rows,
            [not (v.get("flow_ok") and v.get("t_supply_ok")) for v in racks.values()],
            rank=[v.get("t_supply_c") or 0.0 for v in racks.values()], body_rows=8))
    red = c.get("redundancy") or {}
    rows, fail = [], []
    for loop, v in red.items():
        for part, label in (("cdu_out", "CDU out"), ("pump_out", "pump out"), ("unit_out", "heat rejection unit out")):
            for k, x in (v.get(part) or {}).items():
                rows.append([loop, label, k, number(x.get("worst_t_supply_c"), ".2f", "°C"),
                             number(x.get("min_flow_ratio"), ".3f"), verdict(x.get("ok")), x.get("diagnosis")])
                fail.append(x.get("ok") is False)
    if rows:
        out += ctx.schedule(Schedule("Cooling N+1", [
            Column("loop", 0.6), Column("case", 1), Column("element", 0.8), Column("worst supply", 0.7, "RIGHT"),
            Column("min flow ratio", 0.7, "RIGHT"), Column("", 0.4), Column("diagnosis", 2.5)], rows, fail,
            body_rows=6))
    air = c.get("air") or {}
    if air:
        rows = [[k, number(v.get("heat_to_air_kw"), ",.0f", "kW"), number(v.get("removed_in_room_kw"), ",.0f", "kW"),
                 number(v.get("airflow_available_m3_s"), ".1f", "m³/s"), number(v.get("airflow_required_m3_s"), ".1f", "m³/s"),
                 number(v.get("t_inlet_c"), ".1f", "°C"), number(v.get("t_inlet_max_c"), ".1f", "°C"),
                 verdict(v.get("adequate"))] for k, v in air.items()]
        out += ctx.schedule(Schedule("Residual air", [
            Column("hall", 0.7), Column("heat to air", 0.7, "RIGHT"), Column("removed in room", 0.8, "RIGHT"),
            Column("airflow", 0.7, "RIGHT"), Column("needed", 0.7, "RIGHT"), Column("inlet", 0.6, "RIGHT"),
            Column("max inlet", 0.6, "RIGHT"), Column("", 0.4)], rows, [v.get("adequate") is False for v in air.values()]))
    freeze = c.get("freeze") or {}
    if freeze:
        rows = [[k, v.get("coolant"), number(v.get("freezing_point_c"), ".1f", "°C"), number(v.get("extreme_min_c"), ".1f", "°C"),
                 number(v.get("margin_k"), ".1f", "K"), number(v.get("margin_required_k"), "g", "K"),
                 "outdoors" if v.get("exposed_outdoors") else "indoors", verdict(v.get("ok"))] for k, v in freeze.items()]
        out += ctx.schedule(Schedule("Freeze protection", [
            Column("loop", 0.7), Column("coolant", 0.6), Column("freezes at", 0.7, "RIGHT"),
            Column("extreme min", 0.7, "RIGHT"), Column("margin", 0.6, "RIGHT"), Column("needed", 0.6, "RIGHT"),
            Column("exposure", 0.7), Column("", 0.4)], rows, [v.get("ok") is False for v in freeze.values()]))
    return out


def _pue(ctx) -> list:
    pue = ctx.results.get("pue") or {}
    out = [ctx.headings.sub("Power usage effectiveness")]
    from .tables import key_value_table

    out.append(key_value_table([
        ("PUE at design", number(pue.get("pue"), ".4f")),
        ("Facility power", number(pue.get("facility_kw"), ",.1f", "kW")),
        ("IT power", number(pue.get("it_kw"), ",.1f", "kW")),
        ("Cooling power", number(pue.get("cooling_kw"), ",.1f", "kW")),
        ("Electrical losses", number(pue.get("electrical_losses_kw"), ",.1f", "kW")),
        ("Other loads", number(pue.get("other_kw"), ",.1f", "kW")),
        ("Basis", plain(pue.get("basis", "")))], ctx.width, 0.3))
    return out


def _preferred_region(pump: dict) -> str:
    """A pump's place against its preferred operating region, as the pumps schedule prints it: n/a when its
    best-efficiency flow is not known."""
    if pump.get("bep_percent") is None:
        return "n/a"
    return "yes" if pump.get("inside_preferred_region") else "no"


__all__ = ["calculations", "equipment_schedules"]

