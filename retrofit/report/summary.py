"""The readable summary ``retrofit analyze`` prints. It formats results; it computes nothing."""
from __future__ import annotations

from ..model import Design


def _fmt(x, spec=".2f", unit=""):
    return "n/a" if x is None else f"{x:{spec}}{unit}"


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = "  ".join(f"{h:<{w}}" for h, w in zip(header, widths))
    out = ["  " + line, "  " + "  ".join("-" * w for w in widths)]
    out += ["  " + "  ".join(f"{str(c):<{w}}" for c, w in zip(r, widths)) for r in rows]
    return out


def analysis_summary(design: Design, results: dict, max_rows: int = 12) -> str:
    """A one-to-two-screen summary of the analysis of ``design``."""
    e, c, pue = results["electrical"], results["cooling"], results["pue"]
    lines = [f"{design.site.name}: analysis", ""]
    lines.append("Electrical")
    for f in e.get("consistency", []):
        lines.append(f"  ! {f['check']}: {f['message']}")
    if not e.get("solved"):
        lines.append(f"  not solved: {e.get('diagnosis', e.get('load_flow', {}).get('diagnosis', ''))}")
        return "\n".join(lines)
    lf = e["load_flow"]
    u = e["utility"]
    lines.append(f"  load flow: converged in {lf['iterations']} iterations; utility demand {u['demand_kw']:.0f} kW / "
                 f"{u['demand_kva']:.0f} kVA = {u['loading_percent']:.1f} % of {u['capacity_kva']:.0f} kVA; "
                 f"losses {lf['losses_kw']:.1f} kW")
    buses = lf["buses"]
    vmin = min(buses.items(), key=lambda kv: kv[1]["vm_pu"])
    lines.append(f"  lowest bus voltage: {vmin[0]} {vmin[1]['vm_pu']:.4f} pu")
    tx = sorted(((k, v) for k, v in lf["branches"].items() if v.get("kind") == "transformer"),
                key=lambda kv: -kv[1]["loading_percent"])
    rows = [[k, _fmt(v["loading_percent"], ".1f", " %"), _fmt(v["i_to_a"], ".0f", " A")] for k, v in tx[:max_rows]]
    if rows:
        lines += _table(rows, ["transformer", "loading", "LV current"])
    sc = e["short_circuit"]
    dev = sorted(sc["devices"].items(), key=lambda kv: -(kv[1]["duty_ratio"] or 0))
    rows = [[k, v["bus"], _fmt(v["ik3_ka"], ".1f", " kA"), _fmt(v["duty_ka"], ".1f", " kA"),
             _fmt(v["interrupting_ka"], ".0f", " kA"), "ok" if v["ok"] else "FAIL"] for k, v in dev[:max_rows]]
    if rows:
        lines.append("  short-circuit duty (IEC 60909 I\"k, LV breaker duty per IEEE C37.13 / UL 489):")
        lines += _table(rows, ["device", "bus", "I\"k", "duty", "rating", ""])
    sccr_fail = [k for k, v in sc["buses"].items() if v.get("sccr_ok") is False]
    if sccr_fail:
        lines.append(f"  ! bus short-circuit ratings exceeded: {', '.join(sccr_fail)}")
    fd = e["feeders"]
    bad = [k for k, v in fd.items() if v.get("ok") is False]
    worst_vd = max(fd.items(), key=lambda kv: kv[1]["vd_percent"] or 0) if fd else None
    lines.append(f"  feeders: {len(fd)} checked, {len(bad)} failing" + (f" ({', '.join(bad[:6])})" if bad else "")
                 + (f"; largest drop {worst_vd[0]} {worst_vd[1]['vd_percent']:.2f} %" if worst_vd else ""))
    racks = e.get("racks", {})
    if racks:
        worst = max(((r, f) for r, v in racks.items() for f in v["feeds"].values()), key=lambda x: x[1]["vd_total_percent"])
        lines.append(f"  racks: {len(racks)}; largest drop service to rack {worst[0]} "
                     f"{worst[1]['vd_total_percent']:.2f} %, {worst[1]['v_ln_v']:.0f} V line to neutral")
        red = e["redundancy"]
        failing = [k for k, v in red.items() if not v["meets_policy"]]
        policy = next(iter(red.values()))["policy"] if red else ""
        lines.append(f"  redundancy ({policy}): {len(red) - len(failing):,} of {len(red):,} racks meet it"
                     + (f"; e.g. {failing[0]}: {red[failing[0]]['reason']}" if failing else ""))
    cont = e.get("contingencies")
    if cont:
        outages = cont["outages"]
        bad = {k: v for k, v in outages.items() if not v["ok"]}
        lines.append(f"  N-1: {len(outages)} outages studied, {len(bad)} with a violation or lost racks")
        for k, v in list(bad.items())[:max_rows]:
            what = "; ".join(v["violations"][:2])
            lines.append(f"    {k}: {what}")
    lines += ["", "Cooling"]
    for basis, a in c.get("ambients", {}).items():
        lines.append(f"  ambient {basis}: {a['t_dry_bulb_c']:.1f} °C dry bulb, {a['t_wet_bulb_c']:.1f} °C wet bulb")
    for fl, plants in c.get("plants", {}).items():
        if "converged" in plants:
            lines.append(f"  {fl}: {plants['diagnosis']}")
            continue
        p = plants.get(c["design_basis"], {})
        lines.append(f"  {fl} at {c['design_basis']}: facility supply {_fmt(p.get('t_facility_supply_c'), '.1f', ' °C')}, "
                     f"return {_fmt(p.get('t_facility_return_c'), '.1f', ' °C')}, heat {_fmt(p.get('heat_load_kw'), '.0f', ' kW')}"
                     + ("" if p.get("converged") else f" — {p.get('diagnosis')}"))
    if c.get("cdus"):
        rows = [[k, _fmt(v["heat_kw"], ".0f", " kW"), _fmt(v["loading_percent"], ".0f", " %"),
                 _fmt(v["approach_k"], ".1f", " K"), _fmt(v["t_tcs_supply_c"], ".1f", " °C"),
                 _fmt(v["flow_tcs_lpm"], ".0f", " L/min")] for k, v in list(c["cdus"].items())[:max_rows]]
        lines += _table(rows, ["CDU", "heat", "loading", "approach", "TCS supply", "TCS flow"])
    if c.get("heat_rejection"):
        rows = [[k, str(v["units"]), _fmt(v["heat_kw"], ".0f", " kW"), _fmt(v["capacity_kw"], ".0f", " kW"),
                 _fmt(v["margin_kw"], ".0f", " kW"), _fmt(v["electric_kw"], ".1f", " kW")] for k, v in c["heat_rejection"].items()]
        lines += _table(rows, ["heat rejection", "units", "heat", "capacity", "margin", "fans"])
    racks = c.get("racks", {})
    if racks:
        flow_bad = [k for k, v in racks.items() if not v["flow_ok"]]
        t_bad = [k for k, v in racks.items() if not v["t_supply_ok"]]
        hottest = max(racks.items(), key=lambda kv: kv[1]["t_supply_c"] or -1e9)
        lowest = min(racks.items(), key=lambda kv: kv[1]["flow_ratio"] or 1e9)
        lines.append(f"  racks: hottest supply {hottest[0]} {_fmt(hottest[1]['t_supply_c'], '.1f', ' °C')} "
                     f"(max {_fmt(hottest[1]['t_supply_max_c'], '.0f', ' °C')}); lowest flow {lowest[0]} "
                     f"{_fmt(lowest[1]['flow_lpm'], '.0f')} of {_fmt(lowest[1]['flow_required_lpm'], '.0f', ' L/min')} needed; "
                     f"{len(flow_bad)} short of flow, {len(t_bad)} too warm")
    for loop_id, loop in c.get("loops", {}).items():
        for pid, p in loop.get("pumps", {}).items():
            if p["flow_lpm"]:
                lines.append(f"  pump {pid}: {p['flow_lpm']:.0f} L/min at {p['head_m']:.1f} m, {p['electric_kw']:.1f} kW"
                             + ("" if p["inside_curve_range"] else " (outside its curve)"))
    for fl, red in c.get("redundancy", {}).items():
        lines.append(f"  N+1 on {fl}: {'holds' if red['n_plus_1_ok'] else 'does not hold'}")
        for part in ("cdu_out", "pump_out", "unit_out"):
            for k, v in red[part].items():
                if not v["ok"]:
                    lines.append(f"    {k} out: {v['diagnosis']}")
    for hall, a in c.get("air", {}).items():
        lines.append(f"  residual air {hall}: {a['heat_to_air_kw']:.0f} kW to air, {a['removed_in_room_kw']:.0f} kW by CRAHs/doors, "
                     f"fans {a['airflow_available_m3_s']:.1f} of {a['airflow_required_m3_s']:.1f} m³/s needed; "
                     f"inlet {a['t_inlet_c']:.1f} °C" + ("" if a.get("inlet_ok", True) else " (too warm)"))
    for loop, f in c.get("freeze", {}).items():
        if f.get("ok") is False:
            lines.append(f"  ! {loop}: {f['coolant']} freezes at {f['freezing_point_c']:.1f} °C; extreme minimum "
                         f"{f['extreme_min_c']:.1f} °C leaves {f['margin_k']:.1f} K (need {f['margin_required_k']:.0f} K)")
    lines.append(f"  cooling electric power: {_fmt(c.get('cooling_power_kw'), '.1f', ' kW')}")
    res = results.get("resilience")
    if res:  # retrofit.resilience: each outage followed into the cooling
        lines += ["", f"Single failures across domains: {res['cases']} outages, {len(res['failing'])} failing, "
                      f"{len(res['near_limit'])} near a limit ({res['cooling_solves']} cooling re-solves)"]
        lines += [f"  {res['faults'][k]['summary']}" for k in res["failing"][:max_rows]]
    layout = results.get("layout") or {}
    if layout:
        lines += ["", "Layout and structure"]
    for hall, h in layout.items():
        slab = h["slab"]
        bad = [c for c in h["clearances"] + h["aisles"] + h["obstructions"] if not c.get("ok", True)]
        lines.append(f"  {hall}: {len(h['racks'])} placed racks checked, {len(bad) + len(h.get('violations', []))} "
                     f"clearance problems; slab {slab['load_kpa']:.1f} kPa over the rack tributary area "
                     f"(CDUs {slab.get('cdu_load_kpa', 0):.1f} kPa) vs {slab['rating_kpa']:.1f} kPa rating"
                     + ("" if slab["ok"] and slab.get("cdu_ok", True) else " — exceeds"))
    if pue.get("pue") is None and pue.get("reason"):
        lines += ["", f"PUE at design: n/a — {pue['reason']}"]
        return "\n".join(lines)
    lines += ["", f"PUE at design: {_fmt(pue.get('pue'), '.3f')} (IT {pue['it_kw']:.0f} kW, cooling {pue['cooling_kw']:.0f} kW, "
              f"electrical losses {_fmt(pue.get('electrical_losses_kw'), '.0f', ' kW')})"]
    return "\n".join(lines)
