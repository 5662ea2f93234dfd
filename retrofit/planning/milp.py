"""A small named-variable front end to :func:`scipy.optimize.milp`.

Variables and constraints are added by name so that a formulation reads like its documentation and
its solution comes back as ``{name: value}``. No solver logic here: the model is handed to HiGHS
through scipy as one sparse matrix.
"""
from __future__ import annotations

import contextlib
import math
import os
import sys
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


@contextlib.contextmanager
def _native_stdout_silenced():
    """Send the solver library's own prints (written to file descriptor 1 from C++) to the null device."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):  # no real descriptor (captured stdout): nothing to silence
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


STATUS_TEXT = {0: "optimal", 1: "stopped at the time or iteration limit", 2: "infeasible", 3: "unbounded",
               4: "solver failure"}
"""HiGHS status codes as :func:`scipy.optimize.milp` returns them."""


@dataclass
class MilpResult:
    """Solution of a model: status, objective, optimality gap and every variable by name.

    Attributes
    ----------
    success : bool
        A feasible point was found (optimal, or the best one when the time limit stopped the search).
    status : int
        HiGHS status (:data:`STATUS_TEXT`).
    message : str
        The solver's message.
    objective : float
        Objective value at the point returned.
    values : dict
        Every variable by name.
    gap : float
        Relative gap between the objective and the best bound (0 for a proven optimum; NaN when unknown).
    time_limit_s : float
        The time limit the search had [s].
    """

    success: bool
    status: int
    message: str
    objective: float
    values: dict[str, float]
    gap: float = 0.0
    time_limit_s: float = math.nan

    @property
    def optimal(self) -> bool:
        """Proven optimal (not stopped by the time limit)."""
        return self.status == 0

    def report(self) -> dict:
        """Status, gap and whether the point is a proven optimum, JSON-ready, for the plan to show."""
        return {"status": STATUS_TEXT.get(self.status, f"status {self.status}"), "optimal": self.optimal,
                "gap_percent": None if math.isnan(self.gap) else round(100.0 * self.gap, 4),
                "time_limit_s": self.time_limit_s, "message": self.message}

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def int(self, name: str) -> int:
        """The value of an integer variable, rounded."""
        return int(round(self.values[name]))


@dataclass
class Model:
    """A mixed-integer linear model: minimise c·x subject to named linear constraints and bounds."""

    names: list[str] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[str, dict[str, float], float, float]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict, repr=False)

    def var(self, name: str, *, lb: float = 0.0, ub: float = math.inf, integer: bool = True, cost: float = 0.0) -> str:
        """Add a variable; returns its name."""
        if name in self.index:
            raise ValueError(f"variable {name!r} defined twice")
        self.index[name] = len(self.names)
        self.names.append(name)
        self.cost.append(float(cost))
        self.lower.append(float(lb))
        self.upper.append(float(ub))
        self.integer.append(bool(integer))
        return name

    def binary(self, name: str, cost: float = 0.0) -> str:
        """Add a 0/1 variable."""
        return self.var(name, lb=0.0, ub=1.0, integer=True, cost=cost)

    def add(self, name: str, coefficients: dict[str, float], lb: float = -math.inf, ub: float = math.inf) -> None:
        """Add the constraint ``lb <= sum(coefficient * variable) <= ub``."""
        for var in coefficients:
            if var not in self.index:
                raise KeyError(f"constraint {name!r} uses unknown variable {var!r}")
        self.rows.append((name, {k: float(v) for k, v in coefficients.items() if v != 0.0}, float(lb), float(ub)))

    def set_cost(self, costs: dict[str, float]) -> None:
        """Replace the objective coefficients (the others become 0)."""
        self.cost = [0.0] * len(self.names)
        for var, c in costs.items():
            self.cost[self.index[var]] = float(c)

    def solve(self, time_limit_s: float = 20.0, gap: float = 0.0) -> MilpResult:
        """Solve with HiGHS through :func:`scipy.optimize.milp`.

        ``success`` is True for an optimum, and also when the time limit stops the search with a
        feasible point (``status`` 1): the best point found is returned, ``optimal`` is False and ``gap``
        says how far from the best bound it may be; the caller reports it (see :meth:`MilpResult.report`).
        ``gap`` is the relative optimality gap at which the search may stop (0: proven optimum).
        """
        n = len(self.names)
        r, cidx, vals, lbs, ubs = [], [], [], [], []
        for i, (_, coefs, lb, ub) in enumerate(self.rows):
            for var, v in coefs.items():
                r.append(i)
                cidx.append(self.index[var])
                vals.append(v)
            lbs.append(lb)
            ubs.append(ub)
        constraints = []
        if self.rows:
            a = coo_matrix((vals, (r, cidx)), shape=(len(self.rows), n)).tocsr()
            constraints.append(LinearConstraint(a, np.array(lbs), np.array(ubs)))
        with _native_stdout_silenced():
            res = milp(np.array(self.cost), constraints=constraints, integrality=np.array(self.integer, dtype=int),
                       bounds=Bounds(np.array(self.lower), np.array(self.upper)),
                       options={"time_limit": time_limit_s, "disp": False, "mip_rel_gap": gap})
        # 0: optimal; 1: iteration or time limit with a feasible point (HiGHS keeps the best found)
        ok = res.x is not None and res.status in (0, 1)
        values = {name: float(res.x[i]) for i, name in enumerate(self.names)} if res.x is not None else {}
        gap = getattr(res, "mip_gap", None)
        gap = 0.0 if res.status == 0 and gap is None else (math.nan if gap is None else float(gap))
        return MilpResult(bool(ok), int(res.status), str(res.message), float(res.fun) if res.x is not None else math.nan,
                          values, gap, float(time_limit_s))

    def row_value(self, name: str, values: dict[str, float]) -> float:
        """Left-hand side of constraint ``name`` at ``values``."""
        for row_name, coefs, _, _ in self.rows:
            if row_name == name:
                return sum(v * values[k] for k, v in coefs.items())
        raise KeyError(name)

    def row_bounds(self, name: str) -> tuple[float, float]:
        for row_name, _, lb, ub in self.rows:
            if row_name == name:
                return lb, ub
        raise KeyError(name)


__all__ = ["MilpResult", "Model"]
