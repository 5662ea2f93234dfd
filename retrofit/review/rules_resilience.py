"""Resilience rules: a single failure in any domain, concurrent maintainability, and the independence of
each redundant mechanical group from single electrical outages.

Every rule reads ``results["resilience"]`` (:func:`retrofit.resilience.cross_domain_study`); the numbers
in the evidence are the study's own.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, rule
from .studies import RESILIENCE, study_results

_RACKS_WITHOUT_POWER = "racks without power"


def _redundant(ctx: Context) -> bool:
    return ctx.power_redundancy != "N" or ctx.cooling_redundancy != "N"


def _service(ctx: Context) -> set[str]:
    """The utility service and its bus: a single-service site cannot survive their loss by design, and the
    redundancy analysis does not count them either (their reliability is the utility's)."""
    return {ctx.design.utility.id, ctx.design.utility.bus}


def _failures(cases: dict, *, cooling_only: bool, skip: set[str] = frozenset()):
    for element, case in cases.items():
        if element in skip:
            continue
        breaches = [b for b in case["breaches"] if not (cooling_only and b["quantity"] == _RACKS_WITHOUT_POWER)]
        if breaches:
            rows = tuple(evidence(b["quantity"], b["value"], b["unit"], limit=b["limit"], relation=b["relation"],
                                  element=b["element"]) for b in breaches)
            elements = (element, *sorted({b["element"] for b in breaches} - {element}))
            yield Outcome("fail", elements, rows, case["summary"])


@rule("COOL-XDOM-001", title="Single failure followed across domains", category="cooling",
      clause="Uptime Institute Tier Standard: Topology (fault tolerance of capacity components and distribution "
             "paths); TIA-942-B Rated 3; goal.power_redundancy and goal.cooling_redundancy",
      severity="critical", reads=("resilience.faults[*].breaches", "resilience.faults[*].summary"),
      limit="no single outage may leave a rack without coolant, its coolant above the rack's limit, its flow "
            "below need, a CDU beyond its rating, the heat rejection below the load or the rack inlet air above "
            "criteria.air_inlet_max (criteria.single_failure_across_domains, default true)")
def single_failure_across_domains(ctx: Context):
    """Each single outage of an electrical element (transformer, switchgear, switchboard, panelboard,
    cable, busway, PDU, UPS, breaker) or of a mechanical unit (CDU, facility pump, heat-rejection unit,
    CRAH) is followed into the cooling: the equipment it de-energises or takes out is removed and the
    cooling re-solved at the design ambient. The rule fails every outage after which the cooling breaks a
    limit, naming the outage, the cooling it removes and the resulting temperature or capacity shortfall.
    Racks losing every power feed are judged by the electrical N-1 rules; here only the cooling counts.
    The utility service and its bus are not judged: a single-service site cannot survive their loss by
    design (the redundancy analysis leaves them out for the same reason)."""
    if not _redundant(ctx):
        yield Outcome("not_applicable", (), (), "the goal asks for N power and N cooling: no single-failure promise")
        return
    if not ctx.criteria.single_failure_across_domains:
        yield Outcome("not_applicable", (), (), "criteria.single_failure_across_domains is false")
        return
    study = study_results(ctx, RESILIENCE)
    service = _service(ctx)
    failed = list(_failures(study["faults"], cooling_only=True, skip=service))
    yield from failed
    if not failed:
        judged = sum(1 for k in study["faults"] if k not in service)
        yield Outcome("pass", (), (evidence("outages studied", judged, "outages"),
                                   evidence("outages breaking a cooling limit", 0, "outages", limit=0, relation="<=")),
                      f"all {judged} single outages below the utility service leave every rack cooled within its "
                      f"limits ({study['cooling_solves']} distinct cooling re-solves)")


@rule("COOL-MAINT-001", title="Concurrent maintainability", category="cooling",
      clause="Uptime Institute Tier Standard: Topology, Tier III (each capacity component and distribution path "
             "element removable for planned maintenance without impact on the IT)",
      severity="major", reads=("resilience.maintenance[*]", "resilience.faults[*]"),
      limit="every element out for maintenance, loop mains included, leaves every rack powered and cooled "
            "within its limits (criteria.concurrent_maintainability, default false)")
def concurrent_maintainability(ctx: Context):
    """Where the criteria ask for concurrent maintainability, every element taken out for maintenance
    shall leave every rack powered and cooled within its limits. Maintenance outages are the faults
    (the model has no cross-ties or transfer switches in the power path, so maintenance of an element has
    the consequences of its fault) plus the isolation of each liquid loop's main, which only maintenance
    makes."""
    if not ctx.criteria.concurrent_maintainability:
        yield Outcome("not_applicable", (), (), "criteria.concurrent_maintainability is false")
        return
    study = study_results(ctx, RESILIENCE)
    service = _service(ctx)
    failed = list(_failures(study["maintenance"], cooling_only=False))
    failed += list(_failures(study["faults"], cooling_only=False, skip=service))
    yield from failed
    if not failed:
        yield Outcome("pass", (), (evidence("maintenance outages studied", study["cases"], "outages"),),
                      "every element can be taken out for maintenance with every rack powered and cooled")


@rule("COOL-GROUP-001", title="Mechanical group independent of single electrical outages", category="cooling",
      clause="Uptime Institute Tier Standard: Topology (redundant capacity components on independent power); "
             "TIA-942-B Rated 3 mechanical; goal.cooling_redundancy",
      severity="major", reads=("resilience.groups[*]",),
      limit="units of a group de-energised by one electrical outage at most the group's spare units "
            "(installed minus needed at design) (criteria.mechanical_groups_independent, default true)")
def mechanical_group_independence(ctx: Context):
    """The units of each redundant mechanical group (the CDUs of a TCS loop, the facility pumps and the
    heat-rejection units of a facility loop, the CRAHs of a hall) shall be fed so that no single
    electrical outage de-energises more of them than the group's spare units: installed units less those
    the design load needs (pumps: the running count, or one fewer when the cooling re-solved with any one
    running pump out holds; CDUs: loop heat over CDU capacity; heat rejection:
    loop load over each unit's capacity at the design ambient; CRAHs: air heat over CRAH capacity). A
    dual-input CDU is de-energised only when both of its buses are."""
    if ctx.cooling_redundancy == "N":
        yield Outcome("not_applicable", (), (), "the goal asks for N cooling redundancy")
        return
    if not ctx.criteria.mechanical_groups_independent:
        yield Outcome("not_applicable", (), (), "criteria.mechanical_groups_independent is false")
        return
    groups = study_results(ctx, RESILIENCE)["groups"]
    for group, g in groups.items():
        rows = (evidence("units de-energised by one outage", g["units_lost"], "units", limit=g["units_spare"],
                         relation="<=", element=g["worst_element"] or None),
                evidence("units installed", g["units_installed"], "units", element=group))
        subject = (group, g["worst_element"]) if g["worst_element"] else (group,)
        if g["ok"]:
            yield Outcome("pass", subject, rows, f"{group}: no single electrical outage takes more than its "
                                                 f"{g['units_spare']} spare unit(s)")
        else:
            yield Outcome("fail", subject, rows,
                          f"{group}: the outage of {g['worst_element']} de-energises {g['units_lost']} of its "
                          f"{g['units_installed']} units, more than its {g['units_spare']} spare")
