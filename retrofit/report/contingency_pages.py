"""The contingency matrix of the PDF plan: each single outage against its consequence in every domain.

Reads ``results["resilience"]`` (:func:`retrofit.resilience.cross_domain_study`); formats, computes
nothing. Outages are listed worst first, in the study's order (failing, then near a limit, then
passing; then racks affected; ties by element id). Outages that take away no cooling equipment and no
rack's last feed are counted, not listed; the worst failing or near-limit outages are told in words, the
others' words go to the appendix and its CSV.
"""
from __future__ import annotations

from .document import paragraph
from .formatting import ambient_name, count_noun, number
from .tables import Column, Schedule, data_table

MATRIX_COLUMNS = [Column("outage", 1.3), Column("electrical", 1.1), Column("mechanical", 1.6),
                  Column("cooling after the outage", 1.7), Column("verdict", 0.55, "CENTER")]
#: Mechanical units named in a row of the matrix; more are counted (the CSV beside the PDF names each) [-].
MECHANICAL_ITEMS = 4
#: Failing or near-limit outages described in words in the body (the worst; the others in the appendix).
GOVERNING_CASES = 3


def _electrical(case: dict) -> str:
    buses = case.get("buses_lost") or []
    text = f"{count_noun(len(buses), 'bus', 'buses')} de-energised" if buses else "no bus lost"
    if case.get("racks_lost"):
        text += f"; {count_noun(case['racks_lost'], 'rack')} lose every feed"
    return text


def _mechanical(case: dict) -> str:
    if case.get("loops_isolated"):
        return "isolates " + ", ".join(case["loops_isolated"])
    lost = case.get("cooling_lost") or {}
    if not lost:
        return "none"
    items = [f"{k} x{n}" for k, n in lost.items()]
    if len(items) <= MECHANICAL_ITEMS:
        return ", ".join(items)
    return (", ".join(items[:MECHANICAL_ITEMS]) + f" and {len(items) - MECHANICAL_ITEMS} other units "
            f"({sum(lost.values()):,} in all; each in the JSON results)")


def _cooling(case: dict) -> str:
    parts = []
    for loop_id, s in (case.get("loops") or {}).items():
        if s.get("racks_without_cooling"):
            parts.append(f"{loop_id}: {s['racks_without_cooling']} racks without coolant")
            continue
        text = (f"{loop_id}: racks at {number(s.get('t_rack_supply_max_c'), '.1f', '°C')}"
                f" (limit {number(s.get('t_rack_supply_limit_c'), '.1f', '°C')}), facility supply "
                f"{number(s.get('t_facility_supply_c'), '.1f', '°C')}, heat-rejection margin "
                f"{number(s.get('margin_design_kw'), ',.0f', 'kW')}")
        parts.append(text)
    return "; ".join(parts) if parts else "unchanged"


def _verdict(case: dict) -> str:
    return "FAIL" if not case.get("ok") else "near" if case.get("near_limit") else "ok"


def contingency_matrix(ctx) -> list:
    """The section: summary, the outage x consequence matrix and a plain line per failing or near-limit case."""
    out = [ctx.headings.section("Single failures across domains")]
    study = ctx.results.get("resilience")
    if not study:
        return out + [paragraph("The cross-domain contingency study was not run (analysis without contingencies).",
                                "note")]
    promise = study.get("promise") or {}
    faults = study.get("faults") or {}
    out.append(paragraph(
        f"Each single outage of an electrical element or mechanical unit is followed into the cooling: the "
        f"equipment it de-energises or takes out is removed and the plant re-solved at the design ambient "
        f"({ambient_name(study.get('basis'))}). The design promises {promise.get('power_redundancy')} power and "
        f"{promise.get('cooling_redundancy')} cooling. {study.get('cases')} outages were studied with "
        f"{study.get('cooling_solves')} distinct cooling re-solves (identical surviving equipment is solved once).",
        "body"))
    failing, near = study.get("failing") or [], study.get("near_limit") or []
    groups = study.get("groups") or {}
    out.append(data_table(
        [Column("outages", 1, "RIGHT"), Column("failing", 1, "RIGHT"), Column("near a limit", 1, "RIGHT"),
         Column("maintenance-only failing", 1.4, "RIGHT"), Column("groups exposed", 1.2, "RIGHT")],
        [[str(len(faults)), str(len(failing)), str(len(near)),
          str(sum(1 for c in (study.get("maintenance") or {}).values() if not c.get("ok"))),
          str(sum(1 for g in groups.values() if not g.get("ok")))]], ctx.width * 0.8))
    order = study.get("order") or sorted(faults)
    listed = {k: faults[k] for k in order
              if not faults[k].get("ok") or faults[k].get("near_limit") or faults[k].get("cooling_lost")
              or faults[k].get("racks_lost")}
    quiet = len(faults) - len(listed)
    rows = [[f"{c.get('kind', '').replace('_', ' ')} {k}", _electrical(c), _mechanical(c), _cooling(c), _verdict(c)]
            for k, c in listed.items()]
    out += ctx.schedule(Schedule("Contingency matrix, worst first", MATRIX_COLUMNS, rows,
                                 [not c.get("ok") for c in listed.values()], body_rows=8,
                                 note=f"{quiet} further outages take away no cooling equipment and no rack's last "
                                      "feed; they are not listed."))
    worst = [(k, c) for k, c in listed.items() if not c.get("ok") or c.get("near_limit")]
    if worst:
        out.append(ctx.headings.sub("What each failing or near-limit outage does"))
        shown = worst[:GOVERNING_CASES]
        out.append(paragraph(f"{len(worst)} outages fail or come near a limit; the "
                             + (f"{len(shown)} worst" if len(worst) > len(shown) else "governing")
                             + " in words here, every one in the schedule below.", "body"))
        out += [paragraph(c.get("summary", ""), "body") for _, c in shown]
        if len(worst) > len(shown):
            out += ctx.appendix_only(Schedule("Failing and near-limit outages, in words", [
                Column("outage", 1.0), Column("verdict", 0.4), Column("what it does", 5.0)],
                [[k, _verdict(c), c.get("summary", "")] for k, c in worst], [not c.get("ok") for _, c in worst]))
    maint = {k: c for k, c in (study.get("maintenance") or {}).items() if not c.get("ok")}
    if maint and promise.get("concurrent_maintainability"):
        out.append(ctx.headings.sub("Maintenance-only outages that fail"))
        out += [paragraph(c.get("summary", ""), "body") for c in maint.values()]
    return out


__all__ = ["contingency_matrix"]
