"""``retrofit plan FILE -o plan.pdf [--json results.json] [--design-out design.yaml]``.

Plans the retrofit when the design has a goal and the planner is installed, analyses the design (the
proposal, or the file itself when no plan is made), reviews it against the rules when the review is
installed, and writes the PDF plan, atomically. ``--json`` writes the results dict the PDF prints from;
``--design-out`` writes the proposed design in the input schema. Progress goes to standard error when it
is a terminal. Exit status 0 when the plan is written, 2 for bad input.
"""
from __future__ import annotations

import argparse
import sys

COMMANDS = ("plan",)


def add_parser(subparsers) -> None:
    """Add the ``plan`` subcommand to the CLI's subparsers."""
    p = subparsers.add_parser(
        "plan", help="write the PDF retrofit plan: summary, one-line, floor plan, cooling, calculations, review",
        description="Plan the conversion of the site in FILE (when it has a goal), analyse the proposed design, "
                    "review it, and write a PDF plan: executive summary, existing conditions, reuse assessment, "
                    "one-line diagram, floor plans, cooling schematic, calculation tables and charts, review "
                    "findings, bill of materials, phasing, assumptions and references. The same input gives the "
                    "same PDF, byte for byte.")
    p.add_argument("file", help="design YAML file (an existing site with a goal, or a design to analyse)")
    p.add_argument("-o", "--output", required=True, metavar="PDF", help="the PDF plan to write")
    p.add_argument("--json", metavar="PATH", help="also write the results the plan prints from, as JSON")
    p.add_argument("--design-out", metavar="YAML", help="also write the proposed design (needs the planner)")
    p.add_argument("--paper", choices=("letter", "a4"), default="letter", help="paper size (default letter)")
    p.add_argument("--no-contingencies", action="store_true", help="skip the N-1 study")


def run(args: argparse.Namespace) -> int:
    """Run ``plan``; returns the exit status (input errors propagate to the CLI, which exits 2)."""
    from ..io.atomic import write_atomic
    from ..io.load import load
    from ..io.results import results_json
    from .pipeline import Progress, run_plan
    from .plan_pdf import render_plan

    progress = Progress(sys.stderr)
    progress(f"reading {args.file}")
    design = load(args.file)
    plan_run = run_plan(design, source=args.file, contingencies=not args.no_contingencies, progress=progress)
    progress("writing the PDF")
    pdf = render_plan(plan_run, args.paper)
    write_atomic(args.output, pdf)
    written = [args.output]
    if args.json:
        write_atomic(args.json, results_json(plan_run.results))
        written.append(args.json)
    if args.design_out:
        if plan_run.plan is None:
            reason = plan_run.results["parts"]["plan"]["reason"]
            print(f"warning: no proposed design to write to {args.design_out}: {reason}", file=sys.stderr)
        else:
            from .pipeline import optional_attribute

            write_design = (optional_attribute("retrofit.io.write", "write_design")
                            or optional_attribute("retrofit.planning", "write_design"))
            if write_design is None:
                print(f"warning: no design writer in this installation; {args.design_out} not written",
                      file=sys.stderr)
            else:
                write_design(plan_run.analysed, args.design_out)
                written.append(args.design_out)
    parts = plan_run.results.get("parts") or {}
    missing = [k for k, v in sorted(parts.items()) if not v.get("produced")]
    review = plan_run.results.get("review") or {}
    fails = (review.get("by_status") or {}).get("fail")
    line = f"{args.file}: plan written to {', '.join(written)}"
    if fails is not None:
        line += f"; {fails} failing check{'s' if fails != 1 else ''}"
    if missing:
        line += f"; not produced: {', '.join(missing)}"
    print(line)
    progress("done")
    return 0


__all__ = ["COMMANDS", "add_parser", "run"]
