"""The ``retrofit`` command line. It formats; the computing is done by the library it calls.

Exit status (:mod:`retrofit.exit_status`): 0 success, 1 a design check failed, 2 bad input, 3 an internal
error, 4 a review that is incomplete (rules that could not be evaluated).

Only what a command needs is imported: ``--help``, ``--version``, ``validate``, ``catalog`` and ``schema``
never load CoolProp, scipy's solvers or reportlab.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from . import __version__, exit_status
from .errors import InputError, InternalError, RetrofitError

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = exit_status.OK, exit_status.FAIL, exit_status.INPUT, exit_status.INTERNAL
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(func):
        _COMMANDS[name] = func
        return func
    return register


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="retrofit", description="Plan the conversion of ASIC mining halls "
                                "into GB300 NVL72 liquid-cooled racks.")
    p.add_argument("--version", action="version", version=f"retrofit {__version__}")
    _add_verbosity(p, argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    v = sub.add_parser("validate", help="check a design file: schema, units, catalog ids, references",
                       description="Read a design file and report every problem with its file, line and field; "
                       "exit 0 when it is valid, 2 otherwise.")
    v.add_argument("file", help="design YAML file")

    c = sub.add_parser("catalog", help="list or show catalog entries",
                       description="Browse the equipment catalogs and their sources.")
    csub = c.add_subparsers(dest="catalog_command", metavar="ACTION")
    cl = csub.add_parser("list", help="list entries, optionally of one kind", description="List catalog entries.")
    cl.add_argument("kind", nargs="?", help="entry kind, for example rack, transformer, cdu")
    cs = csub.add_parser("show", help="show one entry with its units and sources", description="Show one entry.")
    cs.add_argument("id", help="entry id, for example gb300-nvl72")
    cs.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("schema", help="print the JSON Schema of the design file format",
                       description="Print the JSON Schema of design files, for editors to validate and complete them.")
    s.add_argument("-o", "--output", help="write to this file instead of standard output")

    a = sub.add_parser("analyze", help="electrical and cooling analysis of a design",
                       description="Load flow, short circuit and device duty, feeders, redundancy and N-1; coolant "
                       "hydraulics, CDUs and heat rejection at design ambient, N+1, residual air, PUE. Prints a "
                       "summary; --json writes every result keyed by element id.")
    a.add_argument("file", help="design YAML file")
    a.add_argument("--json", metavar="PATH", help="write the full results as JSON")
    a.add_argument("--no-contingencies", action="store_true", help="skip the N-1 study")

    for module in _command_modules():
        module.add_parser(sub)
    for command_parser in sub.choices.values():  # also after the command: retrofit plan FILE -o X --quiet
        _add_verbosity(command_parser, argparse.SUPPRESS)
    return p


def _add_verbosity(parser: argparse.ArgumentParser, default) -> None:
    """``-q/--quiet`` (warnings and errors only) and ``-v/--verbose`` (details) of the stage lines on
    standard error (:mod:`retrofit.progress`, whose verbosities are these flags' names)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const="quiet", default=default,
                       help="no stage lines on standard error, only warnings and errors")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const="verbose", default=default,
                       help="details of each stage on standard error, with the logger that wrote them")


def _command_modules():
    """The commands that live beside the code they drive: each module has ``COMMANDS``,
    ``add_parser(subparsers)`` and ``run(args)``, and imports its heavy dependencies only when run."""
    from .annual import command as annual_command
    from .init_site import command as init_command
    from .planning import command as planning_command
    from .report import command as report_command
    from .review import command as review_command

    return (init_command, review_command, planning_command, report_command, annual_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    from . import progress

    handler = progress.configure(getattr(args, "verbosity", progress.NORMAL))
    try:
        return _run(args)
    finally:
        progress.release(handler)


def _run(args: argparse.Namespace) -> int:
    """Run the command parsed; exceptions become the exit statuses of :mod:`retrofit.exit_status`."""
    try:
        if args.command not in _COMMANDS:
            for module in _command_modules():
                if args.command in module.COMMANDS:
                    return module.run(args)
        return _COMMANDS[args.command](args)
    except InputError as exc:
        problems = exc.problems
        print(f"error: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the input:" if len(problems) > 1
              else "error:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INPUT
    except RetrofitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (head, less)
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except InternalError as exc:  # a rule, a model or a stage raised: name it
        if os.environ.get("RETROFIT_DEBUG"):
            raise
        print(f"internal error in {exc.stage} (a bug in retrofit, please report it): "
              f"{type(exc.cause).__name__}: {exc.cause}\nrerun with RETROFIT_DEBUG=1 for the traceback", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # a bug: say so in one line, traceback only on request
        if os.environ.get("RETROFIT_DEBUG"):
            raise
        print(f"internal error (a bug in retrofit, please report it): {type(exc).__name__}: {exc}\n"
              "rerun with RETROFIT_DEBUG=1 for the traceback", file=sys.stderr)
        return EXIT_INTERNAL


@command("validate")
def _validate(args: argparse.Namespace) -> int:
    from .io.load import load

    design = load(args.file)
    n_racks = sum(g.count for g in design.loads.racks)
    n_miners = sum(g.count for g in design.loads.miners)
    n_elements = sum(1 for _ in design.elements())
    print(f"{args.file}: valid — site \"{design.site.name}\", {n_elements} elements, "
          f"{n_racks} racks, {n_miners} miners")
    return EXIT_OK


@command("analyze")
def _analyze(args: argparse.Namespace) -> int:
    import logging

    from .progress import stage

    stage(f"reading {args.file}")
    from .analyze import analyze
    from .io.load import load
    from .report.summary import analysis_summary
    from .results import Results

    design = load(args.file)
    logging.getLogger(__name__).debug("%s: %d elements, %d racks, %d loops", args.file,
                                      sum(1 for _ in design.elements()), sum(g.count for g in design.loads.racks),
                                      len(design.cooling.loops))
    stage("analysing the design (cooling, load flow, short circuit, protection"
          + (", N-1 and cross-domain outages)" if not args.no_contingencies else ")"))
    results = Results(analyze(design, contingencies=not args.no_contingencies), design)
    if args.json:
        results.write_json(args.json)  # what retrofit.analyze(...).to_json() gives
    print(analysis_summary(design, results.raw))
    if args.json:
        print(f"\nfull results: {args.json}")
    return EXIT_OK


@command("catalog")
def _catalog(args: argparse.Namespace) -> int:
    from .catalog import KINDS, load_catalog
    from .catalog_view import entry_json, entry_text, listing_text

    catalog = load_catalog()
    if args.catalog_command == "show":
        entry = catalog.get(args.id)
        print(json.dumps(entry_json(entry), indent=2) if args.json else entry_text(entry))
        return EXIT_OK
    kind = getattr(args, "kind", None)
    if kind is not None and kind not in KINDS:
        raise InputError_from(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    print(listing_text(catalog, kind))
    return EXIT_OK


def InputError_from(message: str) -> InputError:  # noqa: N802 - builds an exception
    from .errors import Problem
    return InputError(Problem("command line", None, "", message))


@command("schema")
def _schema(args: argparse.Namespace) -> int:
    from .io.schema import design_json_schema
    from .io.atomic import write_atomic

    text = json.dumps(design_json_schema(), indent=2, sort_keys=True) + "\n"
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
