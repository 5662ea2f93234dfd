"""``retrofit plan FILE -o plan.pdf [--json results.json] [--design-out design.yaml] [--dxf DIR] [--xlsx PATH] [--weather EPW|CSV] [--tariff YAML] [--replan]``.

Plans the retrofit when the file is a site with a goal (no racks of the goal's model yet), or when
``--replan`` asks; a file that already holds a design is analysed as given. Analyses the design (the
proposal, or the file itself), reviews it against the rules, and writes the PDF plan atomically; its
cover says whether the design was planned or analysed as given. Every schedule the PDF prints goes whole,
one CSV file each, to ``<plan>.tables/`` beside it. ``--json`` writes the results dict the PDF prints from;
``--design-out`` writes the design analysed in the input schema; ``--dxf`` writes the floor plans, one-line
diagram and cooling schematic as DXF files (:mod:`retrofit.export.dxf`); ``--xlsx`` writes the schedules as
one workbook (:mod:`retrofit.export.schedules`); ``--weather`` and ``--tariff`` give the annual energy page
its weather year and prices (:mod:`retrofit.annual.plan_part`). Progress goes to
standard error when it is a terminal. Exit status: the review's (0 PASS, 1 FAIL, 4 INCOMPLETE) once the
plan is written; 2 for bad input.
"""
from __future__ import annotations

import argparse

COMMANDS = ("plan",)


def add_parser(subparsers) -> None:
    """Add the ``plan`` subcommand to the CLI's subparsers."""
    p = subparsers.add_parser(
        "plan", help="write the PDF retrofit plan: summary, one-line, floor plan, cooling, calculations, review",
        description="Plan the conversion of the site in FILE (a site with a goal and no racks of the goal's "
                    "model yet; a file that already holds a design is analysed as given unless --replan), analyse "
                    "and review the design, and write a PDF plan: executive summary, existing conditions, reuse "
                    "assessment, one-line diagram, floor plans, cooling schematic, calculation tables and charts, "
                    "review findings, bill of materials, phasing, assumptions and references. The same input gives "
                    "the same PDF, byte for byte. Exit status: the review's verdict (0 PASS, 1 FAIL, 4 INCOMPLETE).")
    p.add_argument("file", help="design YAML file (an existing site with a goal, or a design to analyse)")
    p.add_argument("-o", "--output", required=True, metavar="PDF", help="the PDF plan to write")
    p.add_argument("--json", metavar="PATH", help="also write the results the plan prints from, as JSON")
    p.add_argument("--design-out", metavar="YAML", help="also write the proposed design (needs the planner)")
    p.add_argument("--dxf", metavar="DIR", help="also write the floor plan of each hall (to scale, metres), the one-line "
                                                "diagram and the cooling schematic as DXF files into DIR")
    p.add_argument("--xlsx", metavar="PATH", help="also write every schedule and the review findings as one XLSX workbook")
    p.add_argument("--weather", metavar="EPW|CSV", help="weather year of the plan's annual energy page: EnergyPlus "
                                                         ".epw or TMY3 .csv (default: the synthetic typical year of "
                                                         "the site's catalog climate)")
    p.add_argument("--tariff", metavar="YAML", help="tariff file priced on the annual energy page (as `retrofit annual "
                                                    "--tariff`); without it the energy cost is left out")
    p.add_argument("--paper", choices=("letter", "a4"), default="letter", help="paper size (default letter)")
    p.add_argument("--no-contingencies", action="store_true", help="skip the N-1 study")
    p.add_argument("--replan", action="store_true",
                   help="plan anew toward the goal even when the file already holds a design (racks of the goal's "
                        "model); without it such a file is analysed as given")


def run(args: argparse.Namespace) -> int:
    """Run ``plan``; returns the review's exit status (input errors propagate to the CLI, which exits 2)."""
    import gc

    from ..gc_thresholds import collect_less_often

    before = collect_less_often()   # a campus is millions of long-lived objects: see retrofit.gc_thresholds
    try:
        return _plan(args)
    finally:
        gc.set_threshold(*before)


def _plan(args: argparse.Namespace) -> int:
    from ..annual.plan_part import read_annual_inputs, use_annual_inputs
    from ..io.atomic import write_atomic
    from ..io.load import load
    from ..io.results import write_json
    from ..io.write import write_design
    from .pipeline import Progress, run_plan
    from .plan_pdf import render_plan_with_tables, write_tables

    progress = Progress()
    progress(f"reading {args.file}")
    design = load(args.file)
    annual_inputs = read_annual_inputs(args.weather, args.tariff)  # before planning: a bad file stops the run at once
    plan_run = run_plan(design, source=args.file, contingencies=not args.no_contingencies, progress=progress,
                        replan=args.replan)
    if annual_inputs is not None:
        use_annual_inputs(plan_run, *annual_inputs)
    progress("writing the PDF")
    pdf, tables = render_plan_with_tables(plan_run, args.paper)
    write_atomic(args.output, pdf)
    written = [args.output] + [f for f in [write_tables(tables, args.output)] if f]
    if args.json:
        write_json(args.json, plan_run.results)  # streamed: the same bytes without the whole text in memory
        written.append(args.json)
    if args.design_out:
        write_design(plan_run.analysed, args.design_out)
        written.append(args.design_out)
    if args.dxf:
        from ..export.dxf import write_dxf

        progress("writing the DXF drawings")
        written += [str(f.path) for f in write_dxf(plan_run, args.dxf, args.paper)]
    if args.xlsx:
        from ..export.schedules import write_workbook

        progress("writing the workbook of schedules")
        written.append(str(write_workbook(plan_run, args.xlsx, args.paper)))
    mode = plan_run.results["mode"]
    verdict = plan_run.results["review"]["verdict"]
    parts = plan_run.results.get("parts") or {}
    missing = [k for k, v in sorted(parts.items()) if not v.get("produced")]
    print(f"{args.file}: {mode['reason']}")
    line = f"plan written to {', '.join(written)}; review {verdict['verdict'].upper()}: {verdict['failing']} failing " \
           f"finding{'s' if verdict['failing'] != 1 else ''}, {verdict['untested']} untested"
    if missing:
        line += f"; not produced: {', '.join(missing)}"
    print(line)
    progress("done")
    return verdict["exit_status"]


__all__ = ["COMMANDS", "add_parser", "run"]
