"""``retrofit check FILE [--format text|json|junit] [--output PATH] [--waivers FILE]``.

Analyses the design, applies every rule of the registry, applies the waivers and writes the report.
Exit status: 0 when no rule fails (waived failures do not count), 1 when one fails, 2 for bad input
(the design or the waivers file), as the command line does for every command.
"""
from __future__ import annotations

import argparse
import sys

COMMANDS = ("check",)


def add_parser(subparsers) -> None:
    """Add the ``check`` subcommand to the CLI's subparsers."""
    p = subparsers.add_parser(
        "check", help="review a design against every rule: pass/fail/untested verdicts with evidence",
        description="Analyse the design (load flow, short circuit, N-1, hydraulics, heat rejection at design "
                    "ambient, residual air, layout when present) and apply every rule of docs/rules.md. Each "
                    "finding names its rule, the clause it applies, the elements and the values found against "
                    "their limits. Exit status 0 when no rule fails, 1 when one fails (waived failures do not "
                    "count), 2 for bad input.")
    p.add_argument("file", help="design YAML file")
    p.add_argument("--format", choices=("text", "json", "junit"), default="text",
                   help="report format: text grouped by severity (default), JSON with every finding, or JUnit XML for CI")
    p.add_argument("--output", "-o", metavar="PATH",
                   help="write the report to PATH (a one-line summary still goes to standard output)")
    p.add_argument("--waivers", metavar="FILE",
                   help="YAML file of waivers: rule, elements, reason, accepted_by (see docs/rules.md)")


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit status (input errors propagate to the CLI, which exits 2)."""
    from ..analyze import analyze
    from ..io.atomic import write_atomic
    from ..io.load import load
    from .output import FORMATS, exit_status
    from .registry import all_rules, run_rules
    from .waivers import apply_waivers, read_waivers

    design = load(args.file)
    waivers = read_waivers(args.waivers, [r.id for r in all_rules()]) if args.waivers else []
    results = analyze(design)
    findings, unused = apply_waivers(run_rules(design, results), waivers)
    report = FORMATS[args.format](findings, site=design.site.name, source=str(args.file), unused_waivers=unused)
    status = exit_status(findings)
    if args.output:
        write_atomic(args.output, report)
        fails = sum(1 for f in findings if f.status == "fail")
        rules = len({f.rule_id for f in findings if f.status == "fail"})
        print(f"{args.file}: {'FAIL' if status else 'PASS'} — {fails} failing finding{'s' if fails != 1 else ''} "
              f"of {rules} rule{'s' if rules != 1 else ''}; {args.format} report written to {args.output}")
    else:
        sys.stdout.write(report)
    return status
