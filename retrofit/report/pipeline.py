"""The plan's pipeline: plan (when the file is a site with a goal, or on request), analyse, lay out, review,
and collect everything into one results dict, the object the JSON holds and the PDF prints.

Each part that could not be produced is recorded in ``results["parts"]`` with the reason, so that the
PDF says plainly what is missing and why instead of printing numbers that were never computed.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Design
from ..progress import Progress  # the stage lines of the pipeline (re-exported for the commands)
from .floor_layout import hall_layout_dict
from .inventory import catalog_provenance, criteria_and_goal, existing_inventory

PARTS = ("plan", "analysis", "layout", "review", "existing_analysis")


@dataclass
class PlanRun:
    """What the pipeline produced: the input design, the design analysed, the planner's result, the results."""

    existing: Design
    analysed: Design
    results: dict
    plan: object | None = None


_DROP = object()


def _plain(value):
    """Plain data (dicts, lists, numbers, text); objects that are not data, such as a phase's Design, are left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {k: v for k, v in out.items() if v is not _DROP}
    if isinstance(value, dict):
        out = {str(k): _plain(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not _DROP}
    if isinstance(value, (list, tuple)):
        return [v for v in (_plain(x) for x in value) if v is not _DROP]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if type(value).__module__.startswith("numpy"):
        return value.item() if hasattr(value, "item") else value
    return _DROP


def plan_json(plan_result) -> dict:
    """The planner's result without the proposed Design and its analysis: sizing, reuse, selection, layout,
    bill of materials, cost estimate, phases, verification and notes, as plain data."""
    out = {}
    for name in ("sizing", "reuse", "selection", "bom", "cost", "phases", "schedule", "business", "verification",
                 "notes"):
        value = getattr(plan_result, name, None)
        if value is not None and (value := _plain(value)) is not _DROP:
            out[name] = value
    layout = getattr(plan_result, "layout", None)
    if layout:
        out["layout"] = {hall: _plain(hall_layout_dict(v)) for hall, v in sorted(layout.items())}
    return out


def input_identity(path: str | Path | None) -> dict:
    """The input file's name and SHA-256 digest, which the plan prints so a reader can tell which file it is."""
    if path is None:
        return {"file": None, "sha256": None}
    p = Path(path)
    return {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}


def run_plan(design: Design, *, source: str | Path | None = None, contingencies: bool = True,
             progress: Callable[[str], None] | None = None, replan: bool = False) -> PlanRun:
    """Plan (when the file is a site, or on request), analyse, review and collect the results of ``design``.

    Parameters
    ----------
    design : Design
        The existing site with its goal, or a design to analyse as proposed.
    source : str or Path, optional
        The file the design was read from (its name and digest go on the cover).
    contingencies : bool
        Run the N-1 study of the design analysed.
    progress : callable, optional
        Called with a short description as each stage starts.
    replan : bool
        Plan anew even when the file already holds a design (racks of the goal's model); by default such a
        file is analysed as given (:func:`retrofit.planning.intent.intent`).

    Returns
    -------
    PlanRun
        ``results`` holds ``site``, ``electrical``, ``cooling``, ``pue`` (and ``layout`` when analysed) of
        the design analysed, ``plan`` (planner output), ``review`` (findings and the verdict), ``existing``
        (inventory and, after planning, the analysis of the site as it is), ``assumptions``, ``provenance``,
        ``input``, ``mode`` (planned or analysed as given, and why) and ``parts`` (what was produced, or why
        not).
    """
    from ..analyze import analyze, analyze_for_verdict
    from ..layout import layout_results
    from ..planning.intent import intent
    from ..planning.planner import PlanOptions, plan
    from ..planning.selection import SelectionInfeasible
    from ..review.findings import count_by_status
    from ..review.registry import run_rules
    from ..review.verdicts import verdict

    say = progress or (lambda text: None)
    parts: dict[str, dict] = {}
    results: dict = {}

    plan_result = None
    mode = intent(design, replan)
    if not mode.plans:
        parts["plan"] = {"produced": False, "reason": mode.reason}
    else:
        say("planning (sizing, selection, proposed design, verification, reuse, bill of materials, phasing)")
        try:
            plan_result = plan(design, PlanOptions(contingencies=contingencies))
            parts["plan"] = {"produced": True, "reason": ""}
        except SelectionInfeasible as exc:
            parts["plan"] = {"produced": False, "reason": f"the planner found no feasible upgrade: {exc}; the file "
                             "is analysed as it is"}
    analysed = plan_result.proposed if plan_result is not None else design

    planned_results = getattr(plan_result, "results", None) if plan_result is not None else None
    if planned_results and "electrical" in planned_results:
        results.update(planned_results)           # the planner analysed its proposal already
    else:
        say("analysing the design (load flow, short circuit, N-1, hydraulics, heat rejection)")
        results.update(analyze(analysed, contingencies=contingencies))
    parts["analysis"] = {"produced": True, "reason": ""}
    if "layout" not in results and any(g.positions for g in analysed.loads.racks):
        say("checking the layout")
        results["layout"] = layout_results(analysed)
    if plan_result is not None:
        results["plan"] = plan_json(plan_result)
        from ..planning.backup import backup_policies_json  # the backup policies compared (backup_pages)
        results["backup_policies"] = backup_policies_json(analysed)
    has_layout = (any((hall or {}).get("racks") for hall in (results.get("layout") or {}).values())
                  or bool((results.get("plan") or {}).get("layout")))
    parts["layout"] = {"produced": has_layout, "reason": "" if has_layout else (
        "the racks of the design have no positions and no layout was produced by the planner")}

    results["existing"] = {"inventory": existing_inventory(design)}
    if plan_result is not None:
        say("analysing the site as it is")
        # the summary below reads the load flow, the cooling power and the PUE: the analyses the planner's
        # verdict reads, without the protection, power-quality, layout and backup studies nothing reads here
        existing = analyze_for_verdict(design, contingencies=False)
        e = existing.get("electrical", {})
        lf = e.get("load_flow") or {}
        results["existing"]["analysis"] = {
            "solved": e.get("solved"), "utility": e.get("utility"), "pue": existing.get("pue"),
            "transformers": {k: v for k, v in sorted((lf.get("branches") or {}).items())
                             if v.get("kind") == "transformer"},
            "cooling_power_kw": (existing.get("cooling") or {}).get("cooling_power_kw")}
        parts["existing_analysis"] = {"produced": True, "reason": ""}
    else:
        parts["existing_analysis"] = {"produced": False, "reason": "no plan was made, so the design analysed is the "
                                      "input itself (sections on the proposed design describe it)"}

    say("reviewing the design against the rules")
    findings = run_rules(analysed, results)
    results["review"] = {
        "findings": [f.as_json() for f in findings],
        "by_status": count_by_status(findings),     # every status, in the order of STATUSES, one pass
        "verdict": verdict(findings).as_json(),
    }
    parts["review"] = {"produced": True, "reason": ""}

    results["assumptions"] = criteria_and_goal(analysed)
    results["provenance"] = {"catalog": catalog_provenance([design] if analysed is design else [design, analysed])}
    results["input"] = input_identity(source)
    results["mode"] = {"mode": "planned" if plan_result is not None else "analysed as given",
                       "reason": mode.reason if plan_result is not None or not mode.plans else parts["plan"]["reason"]}
    results["parts"] = parts
    return PlanRun(design, analysed, results, plan_result)


__all__ = ["PARTS", "PlanRun", "Progress", "input_identity", "plan_json", "run_plan"]
