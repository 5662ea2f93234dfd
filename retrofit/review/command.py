"""``retrofit check FILE [--format text|json|junit] [--output PATH] [--waivers FILE]``.

Analyses the design, applies every rule of the registry, applies the waivers and writes the report.
Exit status (see :mod:`retrofit.exit_status`): 0 PASS (every applicable rule evaluated and held, or
waived), 1 FAIL (a rule fails), 4 INCOMPLETE (nothing fails but some rules could not be evaluated and
are not waived), 2 for bad input (the design or the waivers file), 3 when a rule or a model raises.
"""
from __future__ import annotations

import argparse
import sys

COMMANDS = ("check",)


def add_parser(subparsers) -> None:
    """Add the ``check`` subcommand to the CLI's subparsers."""
    p = subparsers.add_parser(
        "check", help="review a design against every rule: PASS, FAIL or INCOMPLETE with evidence",
        description="Analyse the design (load flow, short circuit, N-1, hydraulics, heat rejection at design "
                    "ambient, residual air, layout when present) and apply every rule of docs/rules.md. Each "
                    "finding names its rule, the clause it applies, the elements and the values found against "
                    "their limits. Exit status 0 PASS (every applicable rule evaluated and held, or waived), 1 FAIL "
                    "(a rule fails and is not waived), 4 INCOMPLETE (nothing fails, but some rules could not be "
                    "evaluated and are not waived: the report says what would evaluate each), 2 bad input, 3 an "
                    "internal error naming the rule or model that raised.")
    p.add_argument("file", help="design YAML file")
    p.add_argument("--format", choices=("text", "json", "junit"), default="text",
                   help="report format: text grouped by severity (default), JSON with every finding, or JUnit XML for CI")
    p.add_argument("--output", "-o", metavar="PATH",
                   help="write the report to PATH (a one-line summary still goes to standard output)")
    p.add_argument("--waivers", metavar="FILE",
                   help="YAML file of waivers: rule, elements, reason, accepted_by (see docs/rules.md); a waiver "
                        "accepts a failure or a rule that could not be evaluated")


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit status (input errors propagate to the CLI, which exits 2)."""
    from ..analyze import analyze
    from ..io.atomic import write_atomic
    from ..io.load import load
    from .output import FORMATS
    from .registry import all_rules, run_rules
    from .verdicts import verdict
    from .waivers import apply_waivers, read_waivers

    design = load(args.file)
    waivers = read_waivers(args.waivers, [r.id for r in all_rules()]) if args.waivers else []
    results = analyze(design)
    findings, unused = apply_waivers(run_rules(design, results), waivers)
    report = FORMATS[args.format](findings, site=design.site.name, source=str(args.file), unused_waivers=unused)
    v = verdict(findings)
    if args.output:
        write_atomic(args.output, report)
        print(f"{args.file}: {v.summary()}; {args.format} report written to {args.output}")
    else:
        sys.stdout.write(report)
    return v.exit_status
