"""Text and JSON faces of the planning results: they format, they compute nothing."""
from __future__ import annotations

import csv
import io


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join([line, rule] + body)


def _n(x) -> str:
    return "no limit" if x is None else f"{x:,}"


def size_text(sizing: dict) -> str:
    """The sizing table with the binding constraints and the count at the policy.

    Parameters
    ----------
    sizing : dict
        Output of :func:`retrofit.planning.size`.

    Returns
    -------
    str
        Text.
    """
    pol = sizing["policy"]
    rack = sizing["rack"]
    head = (f"{sizing['rack_model']}: {rack['p_electrical_kw']:g} kW electrical ({rack['s_with_network_share_kva']:g} kVA "
            f"with its network share), {rack['liquid_kw']:g} kW to liquid, {rack['air_kw']:g} kW to air, "
            f"{rack['flow_lpm']:g} L/min; facility water {rack['t_fws_c']:g} °C {rack['facility_coolant']}")
    rows = [[name, _n(c["max_racks"]), _n(c["max_racks_no_redundancy"]), c["scope"], c["limit"]]
            for name, c in sizing["constraints"].items()]
    table = _table(["constraint", f"max racks ({pol['power']} / {pol['cooling']})", "no redundancy", "scope", "limit"],
                   rows)
    lines = [head, "", table, ""]
    if sizing["binding"]:
        lines.append(f"as the site stands: {sizing['count_as_is']} racks, bound by " + ", ".join(sizing["binding_all"]))
    lines.append(f"with upgrades: {sizing['count_at_policy']} racks at {pol['power']} power and {pol['cooling']} cooling "
                 f"(+{sizing['network_racks_at_policy']} network racks), bound by {sizing['binding_site']}")
    lines += [f"note: {n}" for n in sizing["notes"]]
    lines.append("")
    lines.append("details:")
    lines += [f"  {name}: {c['detail']}" for name, c in sizing["constraints"].items()]
    return "\n".join(lines)


def plan_text(result) -> str:
    """Summary of a plan: count, what binds, the selection, capex, phases and the verdict.

    Parameters
    ----------
    result : PlanResult
        Output of :func:`retrofit.planning.plan`.

    Returns
    -------
    str
        Text.
    """
    sel = result.selection
    s1 = sel.get("stage1") or {}
    lines = [f"proposed: {sel['compute_racks']} compute racks + {sel['network_racks']} network racks "
             f"({sel['scalable_units']} scalable units)"]
    if s1:
        lines.append(f"bound by: {', '.join(s1.get('binding') or ['(no single site limit: equipment options)'])}")
    solver = sel.get("solver") or {}
    if solver:
        gap = solver.get("gap_percent")
        lines.append(f"selection MILP: {solver['status']}" + ("" if solver["optimal"] else
                     f", not proven least-cost (gap {gap:g} %)" if gap is not None else ", not proven least-cost"))
    groups = [f"{'+'.join(g['blocks'])} ({g['racks']} racks)" for g in sel["existing_groups"]]
    lines.append("reused power groups: " + (", ".join(groups) or "none"))
    for g in sel["new_power_groups"]:
        lines.append(f"new power groups: {g['groups']} x {g['option']} ({g['racks_per_group']} racks each)")
    lines.append(f"busway: {sel['busway']['model']} ({sel['busway']['racks_per_busway']} racks each), "
                 f"breaker {sel['busway']['breaker']}, tap box {sel['busway']['tap_box']}")
    pumps = ", ".join(f"{p.count} x {p.model} ({p.running} running at {p.speed.to('percent').magnitude:.0f} %)"
                      for p in result.proposed.cooling.pumps)
    lines.append(f"CDUs: {sel['cdu']['model']} ({sel['cdu']['racks_per_cdu']} racks each, {sel['cdu']['limited_by']}); "
                 f"heat rejection: {sel['heat_rejection']['model']}; CRAH: {sel['crah']['model']}")
    lines.append(f"facility pumps (chosen at each loop's system curve): {pumps}")
    bom = result.bom
    unc = bom["uncertainty_usd"]
    cost = result.cost
    if cost is not None:
        lines.append(f"capex, facility: {cost.expected_usd / 1e6:,.2f} M USD, AACE class {cost.estimate_class} range "
                     f"{cost.low_usd / 1e6:,.2f} to {cost.high_usd / 1e6:,.2f} M USD (equipment, installation, building, "
                     f"indirect costs and contingency: the plan's cost estimate)")
    lines.append(f"equipment (bill of materials): facility {bom['capex_facility_usd'] / 1e6:,.2f} M USD "
                 f"(±{unc['facility_independent'] / 1e6:,.2f} M independent, ±{unc['facility_correlated'] / 1e6:,.2f} M "
                 f"correlated), IT racks {bom['capex_it_usd'] / 1e6:,.1f} M USD")
    if bom["unpriced"]:
        lines.append("not priced: " + "; ".join(bom["unpriced"]))
    verdict = result.verification
    lines.append("analysis of the proposal: " + ("passes every electrical and cooling limit" if verdict["passes"] else
                                                 f"{len(verdict['failures'])} failing limit(s)"))
    for f in verdict["failures"][:20]:
        lines.append(f"  FAIL {f['check']} {f['element']}: {f['message']}")
    for r in verdict["repairs"]:
        lines.append(f"  repaired: {r}")
    if result.phases:
        rows = [[str(p["phase"]), str(p["compute_racks"]), str(p["network_racks"]), f"{p['miners_kept']:,}",
                 f"{(p['utility_demand_kva'] or 0):,.0f}", f"{p['capex_usd'] / 1e6:,.2f}",
                 "passes" if p["checks"]["passes"] else f"{len(p['checks']['failures'])} failing"] for p in result.phases]
        lines += ["", "phases:", _table(["phase", "compute racks", "network racks", "miners kept", "demand kVA",
                                         "capex M USD", "analysis"], rows)]
    for n in result.notes:
        lines.append(f"note: {n}")
    return "\n".join(lines)


def layout_summary(layout: dict) -> dict:
    """JSON-ready summary of the layouts: rows, racks, CDUs, equipment, slab, run lengths, violations.

    Parameters
    ----------
    layout : dict
        ``{hall_id: HallLayout}``.

    Returns
    -------
    dict
        Plain data, lengths [m], loads [kPa].
    """
    out = {}
    for hall, lay in layout.items():
        out[hall] = {"rows": len(lay.rows), "racks": len(lay.racks), "cdus": len(lay.cdus),
                     "equipment": [p.id for p in lay.equipment], "violations": list(lay.violations),
                     "slab": {"load_kpa": lay.slab.load_kpa, "rating_kpa": lay.slab.rating_kpa, "ok": lay.slab.ok},
                     "run_lengths_m": {k: v for k, v in lay.run_lengths_m.items() if k.endswith("_total")}}
    return out


def plan_json(result) -> dict:
    """Everything of a plan result except the Design objects (written as YAML separately).

    Parameters
    ----------
    result : PlanResult
        Output of :func:`retrofit.planning.plan`.

    Returns
    -------
    dict
        Plain data.
    """
    phases = [{k: v for k, v in p.items() if k != "design"} for p in result.phases]
    return {"sizing": result.sizing, "reuse": result.reuse, "selection": result.selection,
            "layout": layout_summary(result.layout), "bom": result.bom, "phases": phases,
            "schedule": getattr(result, "schedule", None), "business": getattr(result, "business", None),
            "verification": result.verification, "notes": result.notes}


def bom_csv(bom: dict) -> str:
    """The bill of materials as CSV (one line per item; totals at the end).

    Parameters
    ----------
    bom : dict
        Bill of materials.

    Returns
    -------
    str
        CSV text.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["category", "item", "model", "quantity", "unit", "unit_price_usd", "total_usd", "uncertainty",
                "price_source"])
    for i in bom["items"]:
        w.writerow([i["category"], i["item"], i["model"] or "", f"{i['quantity']:g}", i["unit"],
                    "" if i["unit_price_usd"] is None else f"{i['unit_price_usd']:.2f}",
                    "" if i["total_usd"] is None else f"{i['total_usd']:.2f}",
                    "" if i["uncertainty"] is None else f"{i['uncertainty']:.2f}", i["price_source"]])
    w.writerow(["total", "facility capex", "", "", "", "", f"{bom['capex_facility_usd']:.2f}", "", ""])
    w.writerow(["total", "IT capex", "", "", "", "", f"{bom['capex_it_usd']:.2f}", "", ""])
    return buf.getvalue()


__all__ = ["bom_csv", "layout_summary", "plan_json", "plan_text", "size_text"]
