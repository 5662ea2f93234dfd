"""The planning commands of the CLI: ``size`` and ``plan-design``.

``retrofit size FILE [--json PATH]`` prints, for the goal's rack model, the most racks each constraint
allows, which binds, and the count at the redundancy policy. ``retrofit plan-design FILE -o
design.yaml [--bom PATH] [--json PATH] [--phases-dir DIR]`` writes the proposed design (same schema
as the input), the bill of materials and the phases. A file that already holds a design (racks of the
goal's model) is analysed and reviewed as given, unless ``--replan`` asks for a new plan. Exit status: 0
when the proposal (and every phase) passes the analysis, 1 when a limit fails or no upgrade can reach the
goal (the reason printed), 2 on bad input; for a
design analysed as given, the review's (0 PASS, 1 FAIL, 4 INCOMPLETE).
"""
from __future__ import annotations

import argparse
from pathlib import Path

COMMANDS = ("size", "plan-design")


def add_parser(subparsers) -> None:
    """Add the ``size`` and ``plan-design`` subcommands.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The CLI's subcommands.
    """
    s = subparsers.add_parser(
        "size", help="most target racks each constraint of a site allows, and which one binds",
        description="For the goal's rack model: the most racks the utility service, each transformer group, LV "
        "switchgear, rack distribution, CDUs, heat rejection at the design ambient, residual air, floor area and "
        "slab allow, at the redundancy policy and without it; which constraint binds; the count at the policy.")
    s.add_argument("file", help="design YAML file of the existing site, with its goal")
    s.add_argument("--json", metavar="PATH", help="write the sizing as JSON")
    p = subparsers.add_parser(
        "plan-design", help="propose a retrofit design that passes the checks, with its BOM and phases",
        description="Select upgrades from the catalogs at least cost (MILP), lay the hall out, write the proposed "
        "design in the input schema, verify it with the full analysis, and plan the conversion in phases that each "
        "pass. Exit 0 when everything passes, 1 when a limit fails.")
    p.add_argument("file", help="design YAML file of the existing site, with its goal")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="proposed design (YAML)")
    p.add_argument("--bom", metavar="PATH", help="bill of materials (.csv or .json)")
    p.add_argument("--json", metavar="PATH", help="sizing, reuse, selection, layout, BOM, phases and verdicts as JSON")
    p.add_argument("--phases-dir", metavar="DIR", help="write each phase's design as phase-<n>.yaml in DIR")
    p.add_argument("--no-phases", action="store_true", help="skip the phasing plan")
    p.add_argument("--no-contingencies", action="store_true", help="skip the N-1 studies when verifying")
    p.add_argument("--replan", action="store_true",
                   help="plan anew toward the goal even when the file already holds a design (racks of the goal's "
                        "model); without it such a file is analysed and reviewed as given and written unchanged")


def run(args: argparse.Namespace) -> int:
    """Run ``size`` or ``plan-design``; returns the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments.

    Returns
    -------
    int
        Exit status: 0 passes, 1 a limit fails.
    """
    if args.command == "size":
        return _run(args)
    import gc

    from ..gc_thresholds import collect_less_often

    before = collect_less_often()   # a campus is millions of long-lived objects: see retrofit.gc_thresholds
    try:
        return _run(args)
    finally:
        gc.set_threshold(*before)


def _run(args: argparse.Namespace) -> int:
    """``size`` or ``plan-design``."""
    from ..io.load import load
    from ..io.results import write_json

    design = load(args.file)
    if args.command == "size":
        from .sizing import size
        from .text import size_text

        sizing = size(design)
        print(size_text(sizing))
        if args.json:
            write_json(args.json, sizing)
            print(f"\nsizing: {args.json}")
        return 0
    from ..io.atomic import write_atomic
    from ..io.results import results_json
    from ..io.write import write_design
    from .intent import intent
    from .planner import PlanOptions, plan
    from .selection import SelectionInfeasible
    from .text import bom_csv, plan_json, plan_text

    mode = intent(design, args.replan)
    print(f"{args.file}: {mode.reason}")
    if not mode.plans:
        return _as_given(design, args)
    try:
        result = plan(design, PlanOptions(contingencies=not args.no_contingencies, phases=not args.no_phases,
                                           verdict_only=True))
    except SelectionInfeasible as exc:  # the site cannot reach its goal: a finding, not a bug
        print(f"no feasible upgrade: {exc}")
        return 1
    header = (f"Proposed retrofit of {design.site.name}: {result.selection['compute_racks']} "
              f"{result.sizing['rack_model']} racks; written by retrofit plan-design from {Path(args.file).name}")
    write_design(result.proposed, args.output, header=header)
    print(plan_text(result))
    print(f"\nproposed design: {args.output}")
    if args.bom:
        text = bom_csv(result.bom) if str(args.bom).endswith(".csv") else results_json(result.bom)
        write_atomic(args.bom, text)
        print(f"bill of materials: {args.bom}")
    if args.json:
        write_json(args.json, plan_json(result))
        print(f"plan: {args.json}")
    if args.phases_dir:
        for ph in result.phases:
            path = Path(args.phases_dir) / f"phase-{ph['phase']}.yaml"
            write_design(ph["design"], path, header=f"Phase {ph['phase']} of the retrofit of {design.site.name}: "
                         f"{ph['compute_racks']:,} racks, {ph['miners_kept']:,} miners kept")
        print(f"phase designs: {args.phases_dir}")
    ok = result.verification["passes"] and all(p["checks"]["passes"] for p in result.phases)
    return 0 if ok else 1


def _as_given(design, args: argparse.Namespace) -> int:
    """``plan-design`` on a file that already holds a design: analyse and review it as given, write it
    unchanged in the input schema, and return the review's exit status."""
    from ..analyze import analyze
    from ..io.results import write_json
    from ..io.write import write_design
    from ..review.registry import run_rules
    from ..review.verdicts import verdict

    results = analyze(design, contingencies=not args.no_contingencies)
    v = verdict(run_rules(design, results))
    write_design(design, args.output, header=f"{design.site.name}: the design of {Path(args.file).name}, analysed as "
                 "given by retrofit plan-design (no plan was made; --replan plans anew)")
    print(f"review: {v.summary()}")
    print(f"\ndesign (as given): {args.output}")
    if args.json:
        write_json(args.json, {"mode": "analysed as given", "review": v.as_json()})
        print(f"plan: {args.json}")
    return v.exit_status
