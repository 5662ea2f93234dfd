"""Electrical analysis of a Design: consistency, load flow, short circuit and device duty, feeders,
redundancy and N-1. Returns plain results keyed by element id, units in the key names."""
from __future__ import annotations

import math
from concurrent.futures import Executor

from ..model import Design
from ..topology import consistency_findings, power_graph, rack_instances, redundancy
from ..units import magnitude
from .ampacity import feeder_check
from .contingency import run_contingencies
from .design_grid import DesignGrid, build_design_grid
from .loadflow import solve_load_flow
from .mv_ampacity import MvCableAmpacity, mv_feeder_check
from .overload_ride_through import outage_ride_through
from .phase_balance import phase_balance_by_bus
from .ratings import design_transformer_limits
from .shortcircuit import device_duty, solve_short_circuit
from ..io.results import rounded as _f

# Breaker kinds of the design -> device classes of the LV duty method (IEEE C37.13 / UL 489).
_DEVICE_CLASS = {"lvpcb": "lvpcb_unfused", "iccb": "iccb", "mccb": "mccb"}





def analyze_electrical(design: Design, *, cooling_power_w: dict[str, float] | None = None,
                       contingencies: bool = True, executor: Executor | None = None) -> dict:
    """Every electrical result of ``design`` as a JSON-ready dict keyed by element id."""
    criteria = design.goal.criteria if design.goal else None
    graph = power_graph(design)
    findings = consistency_findings(design, graph)
    out: dict = {"consistency": [{"check": f.check, "elements": list(f.elements), "message": f.message}
                                 for f in findings]}
    blocking = [f for f in findings if f.check in ("check_voltage_levels", "check_no_loops")]
    if blocking:
        out["solved"] = False
        out["diagnosis"] = "consistency problems must be fixed before solving: " + "; ".join(f.message for f in blocking)
        return out
    dg = build_design_grid(design, cooling_power_w)
    lf = solve_load_flow(dg.grid)
    sc = solve_short_circuit(dg.grid, lv_tolerance_percent=10.0, kappa_method="C")
    out["solved"] = bool(lf.converged)
    out["notes"] = dg.notes
    out["load_flow"] = _load_flow_json(design, dg, lf)
    out["short_circuit"] = _short_circuit_json(design, dg, sc)
    out["feeders"] = _feeders_json(design, dg, lf, criteria)
    out["racks"] = _racks_json(design, dg, lf, criteria)
    out["phase_balance"] = _phase_balance_json(design, dg, lf, criteria)
    out["redundancy"] = {r.rack: {"feeds": list(r.feeds), "single_points_of_failure": r.single_points_of_failure,
                                  "shared_by_paths": r.shared_by_paths, "independent": r.independent,
                                  "policy": r.policy, "meets_policy": r.meets_policy, "reason": r.reason}
                         for r in redundancy(design, graph)}
    out["utility"] = _utility_json(design, lf, dg)
    ratings = design_transformer_limits(design)
    out["ratings"] = _ratings_json(design, dg, lf, ratings)
    if contingencies and lf.converged:
        # one limit for every transformer: the lowest of their ambient-derated contingency limits
        limits = {
            "max_loading_percent": 100.0,
            "max_transformer_percent": _f(min((100.0 * r.contingency for r in ratings.values()), default=100.0), 2),
            "v_min_pu": 0.90, "v_max_pu": 1.06,
        }
        # without an executor: a forked pool where it pays (contingency_pool.pool_processes), else serial
        results = run_contingencies(design, dg, lf, executor=executor, limits=limits, graph=graph, processes="auto")
        outages = {r.element: r.as_json() for r in results}
        # where a transformer ends above its limit: how long until its hot spot reaches 110 degC (a note)
        before = {tid: float(lf.transformers.loading_percent[i]) for i, tid in enumerate(lf.transformers.ids)}
        for element, note in outage_ride_through(design.electrical.transformers, outages, before, ratings).items():
            outages[element]["transformer_ride_through"] = note.as_json()
        out["contingencies"] = {"limits": limits, "outages": outages}
    return out


def _ratings_json(design: Design, dg: DesignGrid, lf, ratings: dict) -> dict:
    """Per transformer: its ambient-derated rating, the limits on it and its loading in normal operation."""
    index = {b: i for i, b in enumerate(lf.transformers.ids)}
    out = {}
    for tid, r in ratings.items():
        loading = float(lf.transformers.loading_percent[index[tid]]) if tid in index else math.nan
        out[tid] = {"ambient_c": _f(r.ambient_c, 2), "capability_percent": _f(100.0 * r.capability, 2),
                    "derated_rating_percent": _f(100.0 * r.derating, 2),
                    "normal_limit_percent": _f(100.0 * r.normal, 2),
                    "contingency_limit_percent": _f(100.0 * r.contingency, 2),
                    "loading_percent": _f(loading, 3), "normal_ok": bool(loading <= 100.0 * r.normal + 1e-9),
                    "basis": r.basis}
    return out


def _load_flow_json(design: Design, dg: DesignGrid, lf) -> dict:
    index = {b: i for i, b in enumerate(lf.bus_ids)}
    buses = {}
    for bus in sorted(design.electrical.buses, key=lambda b: b.id):
        i = index[dg.bus_of[bus.id]]
        buses[bus.id] = {"vn_kv": _f(magnitude(bus.voltage, "kV"), 5), "vm_pu": _f(lf.vm_pu[i], 6),
                         "va_deg": _f(lf.va_deg[i], 4), "v_kv": _f(lf.v_v[i] / 1e3, 6)}
    branches = {}
    for flows, kind in ((lf.lines, None), (lf.transformers, "transformer")):
        for i, bid in enumerate(flows.ids):
            branches[bid] = {"kind": kind or dg.branch_kind.get(bid, "line"),
                             "i_from_a": _f(flows.i_from_a[i], 2), "i_to_a": _f(flows.i_to_a[i], 2),
                             "p_from_kw": _f(flows.p_from_w[i] / 1e3, 3), "q_from_kvar": _f(flows.q_from_var[i] / 1e3, 3),
                             "loss_kw": _f(flows.loss_w[i] / 1e3, 4), "loading_percent": _f(flows.loading_percent[i], 3)}
    for kind, items in (("pdu", design.electrical.pdus), ("ups", design.electrical.ups)):
        for item in items:
            # zero-impedance: current from the loads below it
            branches[item.id] = {"kind": kind}
    if design.electrical.ups:  # a UPS's output from the loads below it (retrofit.electrical.ups_losses)
        import numpy as np

        from .ups_losses import ups_output_flows
        p_by: dict[str, float] = {}
        q_by: dict[str, float] = {}
        for bus, pw, qv in zip(dg.loads.bus, *dg.loads.shares(np.ones(len(dg.loads.ids), dtype=bool))):
            p_by[bus] = p_by.get(bus, 0.0) + float(pw)
            q_by[bus] = q_by.get(bus, 0.0) + float(qv)
        v_by = {b.id: float(lf.v_v[index[dg.bus_of[b.id]]]) for b in design.electrical.buses}
        for uid, f in ups_output_flows(design, p_by, q_by, v_by).items():
            branches[uid].update({k: _f(v, 3 if k != "i_to_a" else 2) for k, v in f.items()})
    return {"converged": bool(lf.converged), "iterations": int(lf.iterations), "method": lf.method,
            "max_mismatch_pu": float(lf.max_mismatch_pu), "diagnosis": lf.diagnosis,
            "losses_kw": _f(lf.losses_w / 1e3, 3), "slack_p_kw": _f(lf.slack_p_w / 1e3, 3),
            "slack_q_kvar": _f(lf.slack_q_var / 1e3, 3), "buses": buses, "branches": branches,
            **({"ups_losses_kw": _f(sum(p for p, k in zip(dg.loads.p_w, dg.loads.kind) if k == "ups_loss") / 1e3, 3)}
               if design.electrical.ups else {}),
            **({"bess_losses_kw": _f(sum(p for p, k in zip(dg.loads.p_w, dg.loads.kind) if k == "bess_loss") / 1e3, 3)}
               if design.electrical.bess else {})}


def _short_circuit_json(design: Design, dg: DesignGrid, sc) -> dict:
    index = {b: i for i, b in enumerate(sc.bus_ids)}
    buses = {}
    for bus in sorted(design.electrical.buses, key=lambda b: b.id):
        i = index[dg.bus_of[bus.id]]
        entry = {"ik3_ka": _f(sc.ik3_a[i] / 1e3, 4), "ip_ka": _f(sc.ip_a[i] / 1e3, 4), "sk_mva": _f(sc.sk_va[i] / 1e6, 3),
                 "xr_ratio": _f(sc.xr_ratio[i], 3), "c_max": _f(sc.c_max[i], 3)}
        if bus.sccr is not None:
            rating = magnitude(bus.sccr, "A")
            entry.update({"sccr_ka": _f(rating / 1e3, 3), "sccr_ratio": _f(sc.ik3_a[i] / rating, 4),
                          "sccr_ok": bool(sc.ik3_a[i] <= rating)})
        buses[bus.id] = entry
    devices = {}
    for br in sorted(design.electrical.breakers, key=lambda b: b.id):
        i = index[dg.bus_of[br.bus]]
        ik, rating = float(sc.ik3_a[i]), magnitude(br.interrupting, "A")
        if br.kind in _DEVICE_CLASS:
            duty = device_duty(ik, float(sc.rx_ratio[i]), _DEVICE_CLASS[br.kind], rating)
            adjusted, factor, test_xr = float(duty.adjusted_duty_a), float(duty.multiplying_factor), float(duty.test_xr_ratio)
            method = "IEEE C37.13 / UL 489 multiplying factor for system X/R above the test X/R"
        else:
            adjusted, factor, test_xr = ik, 1.0, None
            method = ("symmetrical I\"k vs interrupting rating (MV breaker: IEEE C37.010 E/X screening)"
                      if br.kind == "mv_breaker" else "symmetrical I\"k vs interrupting rating (fuse)")
        devices[br.id] = {"bus": br.bus, "kind": br.kind, "ik3_ka": _f(ik / 1e3, 4), "xr_ratio": _f(sc.xr_ratio[i], 3),
                          "test_xr_ratio": _f(test_xr, 3), "multiplying_factor": _f(factor, 4),
                          "duty_ka": _f(adjusted / 1e3, 4), "interrupting_ka": _f(rating / 1e3, 3),
                          "duty_ratio": _f(adjusted / rating, 4), "ok": bool(adjusted <= rating), "method": method}
    withstand = {}
    for b in sorted(design.electrical.busways, key=lambda b: b.id):
        if b.sccr is not None:
            i = index[dg.bus_of[b.from_bus]]
            rating = magnitude(b.sccr, "A")
            withstand[b.id] = {"ik3_ka": _f(sc.ik3_a[i] / 1e3, 4), "sccr_ka": _f(rating / 1e3, 3),
                               "ok": bool(sc.ik3_a[i] <= rating)}
    return {"method": "IEC 60909-0:2016, cmax 1.05/1.10 (LV +10 % tolerance: 1.10), kappa method C",
            "buses": buses, "devices": devices, "busway_withstand": withstand}


def _protecting(design: Design) -> dict:
    """The first protective device naming each element (in file order), by element id."""
    out: dict = {}
    for br in design.electrical.breakers:
        out.setdefault(br.protects, br)
    return out


def _feeders_json(design: Design, dg: DesignGrid, lf, criteria) -> dict:
    vd_max = magnitude(criteria.vd_feeder_max, "percent") if criteria else 3.0
    index = {b: i for i, b in enumerate(lf.bus_ids)}
    line_index = {b: i for i, b in enumerate(lf.lines.ids)}
    protecting = _protecting(design)
    busway_ids = {b.id for b in design.electrical.busways}
    out = {}
    for item in sorted(list(design.electrical.cables) + list(design.electrical.busways), key=lambda x: x.id):
        i = line_index[item.id]
        fa, ta = index[dg.bus_of[item.from_bus]], index[dg.bus_of[item.to_bus]]
        vd = (lf.vm_pu[fa] - lf.vm_pu[ta]) * 100.0
        current = float(max(lf.lines.i_from_a[i], lf.lines.i_to_a[i]))
        entry = {"kind": dg.branch_kind[item.id], "i_a": _f(current, 2), "vd_percent": _f(vd, 4),
                 "vd_limit_percent": vd_max, "vd_ok": bool(vd <= vd_max)}
        breaker = protecting.get(item.id)
        if item.id in dg.cable_ampacity:
            amp = dg.cable_ampacity[item.id]
            entry.update({"ampacity_a": _f(amp.total_a, 2), "ampacity_per_set_a": _f(amp.ampacity_a, 2),
                          "table_a": _f(amp.table_a, 1), "correction_factor": _f(amp.correction_factor, 3),
                          "adjustment_factor": _f(amp.adjustment_factor, 3), "limited_by": amp.limited_by,
                          "required_a": _f(1.25 * current, 2)})
            if breaker is not None:
                chk = feeder_check(amp, current, magnitude(breaker.rating, "A"))
                entry.update({"ocpd": breaker.id, "ocpd_rating_a": _f(magnitude(breaker.rating, "A"), 1),
                              "ampacity_ok": chk.ampacity_ok, "ocpd_protects_conductor": chk.ocpd_protects_conductor,
                              "ocpd_covers_load": chk.ocpd_covers_load, "ok": chk.ok and entry["vd_ok"],
                              "diagnosis": chk.diagnosis})
            else:
                ok = amp.total_a >= 1.25 * current
                entry.update({"ampacity_ok": bool(ok), "ok": bool(ok and entry["vd_ok"]),
                              "diagnosis": "no protective device names this cable"})
        elif item.id in busway_ids:
            rating = magnitude(item.rating, "A")
            entry.update({"rating_a": rating, "required_a": _f(1.25 * current, 2),
                          "ampacity_ok": bool(rating >= 1.25 * current), "ok": bool(rating >= 1.25 * current and entry["vd_ok"])})
        elif isinstance(dg.mv_cable_ampacity.get(item.id), MvCableAmpacity):
            entry.update(_mv_feeder_json(dg.mv_cable_ampacity[item.id], current, breaker, entry["vd_ok"]))
        else:
            reason = dg.mv_cable_ampacity.get(item.id) or "no NEC table is shipped for it"
            entry.update({"ok": entry["vd_ok"], "diagnosis": f"medium-voltage cable: ampacity not evaluated: {reason}"})
        out[item.id] = entry
    return out


def _mv_feeder_json(amp, current: float, breaker, vd_ok: bool) -> dict:
    """Feeder entries of a medium-voltage cable: NEC Article 315 ampacity and 240.101(A) protection."""
    rating = magnitude(breaker.rating, "A") if breaker is not None else None
    chk = mv_feeder_check(amp, current, breaker.kind if breaker is not None else None, rating)
    out = {"ampacity_a": _f(amp.total_a, 2), "ampacity_per_set_a": _f(amp.ampacity_a, 2), "table_a": _f(amp.table_a, 1),
           "table": amp.table, "installation": amp.installation, "correction_factor": _f(amp.correction_factor, 4),
           "limited_by": amp.limited_by, "clause": amp.clause, "required_a": _f(chk.required_a, 2),
           "ampacity_ok": chk.ampacity_ok, "ok": bool(chk.ampacity_ok and vd_ok and chk.ocpd_protects_conductor is not False
                                                      and chk.ocpd_covers_load is not False)}
    if breaker is not None:
        out.update({"ocpd": breaker.id, "ocpd_rating_a": _f(rating, 1), "max_ocpd_a": _f(chk.max_ocpd_a, 2),
                    "ocpd_protects_conductor": bool(chk.ocpd_protects_conductor),
                    "ocpd_covers_load": bool(chk.ocpd_covers_load)})
        if chk.diagnosis:
            out["diagnosis"] = chk.diagnosis
    else:
        out["diagnosis"] = "; ".join(x for x in (chk.diagnosis, "no protective device names this cable") if x)
    return out


def _phase_balance_json(design: Design, dg: DesignGrid, lf, criteria) -> dict:
    """Per feed bus of line-to-neutral racks: phase powers and currents, current unbalance, neutral current."""
    index = {b: i for i, b in enumerate(lf.bus_ids)}
    v_ln = {b.id: float(lf.v_v[index[dg.bus_of[b.id]]]) / math.sqrt(3.0) for b in design.electrical.buses}
    out = {}
    for bus, r in phase_balance_by_bus(design, v_ln, criteria.rack_power_basis if criteria else "peak").items():
        entry = {"groups": list(r.groups), "unknown_groups": list(r.unknown_groups), "v_ln_v": _f(r.v_ln_v, 2)}
        if r.i_phase_a is not None:
            entry.update({"p_phase_kw": [_f(x, 3) for x in r.p_phase_kw], "i_phase_a": [_f(x, 2) for x in r.i_phase_a],
                          "unbalance_percent": _f(r.unbalance_percent, 3), "i_neutral_a": _f(r.i_neutral_a, 2)})
        out[bus] = entry
    return out


def _racks_json(design: Design, dg: DesignGrid, lf, criteria) -> dict:
    """Per rack: voltage and cumulative drop from the service at each feed, and line-to-neutral voltage."""
    index = {b: i for i, b in enumerate(lf.bus_ids)}
    service = index[dg.bus_of[design.utility.bus]]
    buses = {b.id: b for b in design.electrical.buses}
    groups = {g.id: g for g in design.loads.racks}
    vd_total = magnitude(criteria.vd_total_max, "percent") if criteria else 5.0
    out = {}
    for rack in rack_instances(design):
        g = groups[rack.group]
        feeds = {}
        for path, bus_id in zip("ABCDEFGH", rack.feeds):
            i = index[dg.bus_of[bus_id]]
            drop = (lf.vm_pu[service] - lf.vm_pu[i]) * 100.0
            v_ll = float(lf.v_v[i])
            feeds[path] = {"bus": bus_id, "vm_pu": _f(lf.vm_pu[i], 6), "v_ll_v": _f(v_ll, 2),
                           "v_ln_v": _f(v_ll / math.sqrt(3.0), 2), "vd_total_percent": _f(drop, 4),
                           "vd_ok": bool(drop <= vd_total), "system": buses[bus_id].system}
        out[rack.id] = {"group": rack.group, "model": g.model, "feeds": feeds}
    return out


def _utility_json(design: Design, lf, dg: DesignGrid | None = None) -> dict:
    s = math.hypot(lf.slack_p_w, lf.slack_q_var)
    cap = magnitude(design.utility.capacity, "VA")
    out = {"demand_kva": _f(s / 1e3, 2), "demand_kw": _f(lf.slack_p_w / 1e3, 2), "capacity_kva": _f(cap / 1e3, 2),
           "loading_percent": _f(100.0 * s / cap, 3), "ok": bool(s <= cap)}
    if dg is not None:  # the current the utility delivers into the service bus, I = S / (sqrt(3) V)
        v = float(lf.v_v[list(lf.bus_ids).index(dg.bus_of[design.utility.bus])])
        out["i_a"] = _f(s / (math.sqrt(3.0) * v), 2) if v > 0 else None
    return out
