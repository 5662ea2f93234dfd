"""``retrofit init -o site.yaml [--name ... --service-voltage ...]``: write a new site file from the facts an
engineer has on hand.

Each fact has a flag; the facts not given are asked for when standard input is a terminal (or with
``--interactive``), and refused with exit status 2 otherwise (``--no-input``). The file is checked by the
loader of ``retrofit validate`` before it is written, atomically; it is ready for ``retrofit size``,
``plan-design`` and ``plan``.
"""
from __future__ import annotations

import argparse
import sys

from .questions import QUESTION_BY_NAME, QUESTIONS, Question

COMMANDS = ("init",)


def add_parser(subparsers) -> None:
    """Add the ``init`` subcommand to the CLI's subparsers."""
    p = subparsers.add_parser(
        "init", help="write a new site file from a few questions (or flags): service, transformers, hall, miners",
        description="Write a site file (existing site and goal) from the facts an engineer has on hand: the utility "
        "service, the transformers and switchboards, the hall, the miners and their cooling, and the goal. Facts "
        "not given as flags are asked for when standard input is a terminal. The file is checked as `retrofit "
        "validate` does before it is written. Exit status 2 when a fact is missing or wrong.")
    p.add_argument("-o", "--output", required=True, metavar="YAML", help="the site file to write")
    p.add_argument("--force", action="store_true", help="overwrite the output file when it exists")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--interactive", action="store_true",
                      help="ask every question not answered by a flag, even when standard input is not a terminal")
    mode.add_argument("--no-input", action="store_true", help="never ask; a missing fact is an error")
    facts = p.add_argument_group("facts of the site (each asked for when missing and the input is a terminal)")
    for q in QUESTIONS:
        extra = f" (default {q.default})" if q.default else ("" if q.required else " (optional)")
        choices = f"; one of {', '.join(q.choices)}" if q.choices else ""
        text = f"{q.help}{choices}{extra}".replace("%", "%%")  # argparse formats help with %
        facts.add_argument(q.flag, dest=q.name, metavar=_metavar(q), help=text)


def _metavar(q: Question) -> str:
    if q.kind.startswith("quantity:"):
        return "QTY"
    if q.kind.startswith("catalog:"):
        return "ID"
    return {"count": "N", "racks": "N|max", "choice": "CHOICE", "number": "NUM"}.get(q.kind, "TEXT")


def _applies(q: Question, answers: dict[str, str], catalog) -> bool:
    if q.when is None:
        return True
    other, values = q.when
    value = answers.get(other)
    if value is None and other == "cooling" and answers.get("miner_model"):  # the miner model's own cooling
        value = catalog.get(answers["miner_model"], "miner").data.get("cooling", "air")
    return value in values


def _ask(q: Question, catalog, stdin, stdout) -> str | None:
    """Ask one question until the answer is good; None when an optional question is left blank."""
    from ..errors import InputError, Problem, UnitError
    from .questions import check_answer

    default = f" [{q.default}]" if q.default else ("" if q.required else " [none]")
    stdout.write(f"\n  {q.help}\n")
    while True:
        stdout.write(f"{q.prompt}{default}: ")
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input
            if q.default is not None or not q.required:
                stdout.write("\n")
                return q.default
            raise InputError(Problem("standard input", None, q.flag, "the input ended before this question "
                                     f"was answered ({q.help})"))
        if not line.strip():
            if q.default is not None or not q.required:
                return q.default
            stdout.write("  an answer is needed\n")
            continue
        try:
            return check_answer(q, line, catalog)
        except (UnitError, ValueError) as exc:
            stdout.write(f"  {exc}\n")


def gather(args: argparse.Namespace, catalog, *, interactive: bool, stdin=None, stdout=None) -> dict[str, str]:
    """The checked answers: the flags given, then (interactive) the questions asked, then the defaults.

    Raises
    ------
    InputError
        Every flag with a wrong value, and (not interactive) every fact missing, each naming its flag.
    """
    from ..errors import InputError, Problem, UnitError
    from .questions import check_answer

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    answers: dict[str, str] = {}
    problems: list[Problem] = []
    for q in QUESTIONS:
        given = getattr(args, q.name, None)
        if given is None:
            continue
        try:
            answers[q.name] = check_answer(q, given, catalog)
        except (UnitError, ValueError) as exc:
            problems.append(Problem("command line", None, q.flag, f"{exc} ({q.help})"))
    if problems:
        raise InputError(problems)
    if interactive:
        stdout.write("A new site file: answer each question (Enter keeps the value in brackets).\n")
    for q in QUESTIONS:
        if q.name in answers or not _applies(q, answers, catalog):
            continue
        value = _ask(q, catalog, stdin, stdout) if interactive else q.default
        if value is not None:
            answers[q.name] = value
        elif q.required:
            problems.append(Problem("command line", None, q.flag, f"missing: {q.help}"))
    for rating, interrupting in (("mv_breaker_rating", "mv_breaker_interrupting"),
                                 ("main_breaker_rating", "main_breaker_interrupting")):
        if (rating in answers) != (interrupting in answers):
            given, missing = (rating, interrupting) if rating in answers else (interrupting, rating)
            problems.append(Problem("command line", None, QUESTION_BY_NAME[missing].flag,
                                    f"missing: {QUESTION_BY_NAME[given].flag} is given, so the breakers need "
                                    f"this too ({QUESTION_BY_NAME[missing].help})"))
    if "mv_breaker_closing" in answers and "mv_breaker_rating" not in answers:
        problems.append(Problem("command line", None, QUESTION_BY_NAME["mv_breaker_closing"].flag,
                                f"given without the breakers it rates: give {QUESTION_BY_NAME['mv_breaker_rating'].flag} "
                                f"and {QUESTION_BY_NAME['mv_breaker_interrupting'].flag} too"))
    if problems:
        raise InputError(problems)
    return answers


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):  # closed or replaced standard input
        return False


def run(args: argparse.Namespace) -> int:
    """Run ``init``; returns 0 when the file is written (input errors propagate to the CLI, which exits 2)."""
    from pathlib import Path

    from ..catalog import load_catalog
    from ..errors import InputError, Problem
    from ..io.atomic import write_atomic
    from .site_file import check_site, site_yaml

    out = Path(args.output)
    if out.exists() and not args.force:
        raise InputError(Problem("command line", None, "--output", f"{out} exists; give --force to overwrite it"))
    catalog = load_catalog()
    interactive = args.interactive or (not args.no_input and _is_terminal(sys.stdin))
    answers = gather(args, catalog, interactive=interactive)
    text = site_yaml(answers, catalog)
    design = check_site(text, catalog)
    write_atomic(out, text)
    n_miners = sum(g.count for g in design.loads.miners)
    print(f"{out}: site \"{design.site.name}\" written ({len(design.electrical.transformers)} transformers, "
          f"{n_miners} miners, goal {args_goal(answers)}); next: retrofit size {out}, then retrofit plan {out} "
          f"-o plan.pdf")
    return 0


def args_goal(answers: dict[str, str]) -> str:
    """The goal in words: ``max gb300-nvl72 racks at 2N power, N+1 cooling``."""
    return (f"{answers['racks']} {answers['rack_model']} racks at {answers['power_redundancy']} power, "
            f"{answers['cooling_redundancy']} cooling")


__all__ = ["COMMANDS", "add_parser", "gather", "run"]
