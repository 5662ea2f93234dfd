"""Exception hierarchy.

Every error retrofit raises on purpose derives from :class:`RetrofitError` and from the builtin
exception that best describes it, so callers may catch either.
"""
from __future__ import annotations

from dataclasses import dataclass


class RetrofitError(Exception):
    """Root of every error raised by retrofit."""


@dataclass
class Problem:
    """One thing wrong with an input file.

    Attributes
    ----------
    path : str
        File the problem is in.
    line : int or None
        1-based line number, when known.
    field : str
        Dotted field path, for example ``electrical.transformers[3].rating``.
    message : str
        What was found and what was expected.
    column : int or None
        1-based column, when known.
    """

    path: str
    line: int | None
    field: str
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(ValueError, RetrofitError):
    """An input file is malformed or inconsistent; carries one or more :class:`Problem`."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnitError(ValueError, RetrofitError):
    """A quantity string cannot be parsed or has the wrong dimension."""


class CatalogEntryNotFound(KeyError, RetrofitError):
    """A catalog id does not exist; ``near`` lists close matches."""

    def __init__(self, entry_id: str, kind: str | None = None, near: list[str] | None = None):
        self.entry_id = entry_id
        self.kind = kind
        self.near = near or []
        super().__init__(entry_id)

    def __str__(self) -> str:
        what = f"{self.kind} " if self.kind else ""
        msg = f"unknown {what}catalog id {self.entry_id!r}"
        if self.near:
            msg += "; did you mean " + ", ".join(repr(n) for n in self.near) + "?"
        return msg


class InternalError(RuntimeError):
    """A bug in retrofit: a rule, a model or a stage raised where it should have given a result.

    It is deliberately not a :class:`RetrofitError`: those describe the user's input (exit status 2),
    this one describes retrofit's own code (exit status 3). ``stage`` names what raised (``"rule
    ELEC-TX-001"``, ``"heat-rejection model dry_cooler"``, ``"planner stage selection"``), so a report of
    the bug can say where to look; the original exception is chained as ``__cause__``.
    """

    def __init__(self, stage: str, cause: BaseException):
        self.stage = stage
        self.cause = cause
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")


class CatalogError(ValueError, RetrofitError):
    """A catalog data file is malformed."""


class OutOfRange(ValueError, RetrofitError):
    """A correlation or property model was asked for a value outside its validity range."""


class NotConverged(ArithmeticError, RetrofitError):
    """An iterative kernel did not converge within its iteration bound.

    Attributes
    ----------
    what : str
        The kernel and the quantity iterated.
    residual : float
        The largest remaining step or error, in the unit of ``tolerance``.
    tolerance : float
        The tolerance it had to reach.
    iterations : int
        Iterations done.
    """

    def __init__(self, what: str, residual: float, tolerance: float, iterations: int):
        self.what, self.residual, self.tolerance, self.iterations = what, float(residual), float(tolerance), iterations
        super().__init__(f"{what} did not converge in {iterations} iterations: residual {self.residual:.3g} "
                         f"against a tolerance of {self.tolerance:.3g}")


class UnknownMethod(ValueError, RetrofitError):
    """A method name is not in its registry; the message lists the valid ones."""


class TopologyError(ValueError, RetrofitError):
    """The power or coolant topology cannot be analysed (the message names the elements)."""
