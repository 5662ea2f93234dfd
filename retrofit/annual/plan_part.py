"""The annual energy part of the PDF plan: the analysed design over the synthetic typical year of its
climate (the plan takes no weather file), computed once per run and kept in ``results["annual"]``."""
from __future__ import annotations

from ..errors import RetrofitError
from .records import AnnualResult


def plan_annual(run) -> AnnualResult | None:
    """The annual result of a plan run, computed on first use and recorded in its results.

    Parameters
    ----------
    run : PlanRun
        The plan run (:mod:`retrofit.report.pipeline`).

    Returns
    -------
    AnnualResult or None
        None when the design cannot be simulated; ``results["parts"]["annual"]`` then says why.
    """
    cached = getattr(run, "_annual", None)
    if cached is not None:
        return cached
    from .simulate import AnnualOptions, design_basis, simulate_year
    from .weather_source import weather_for

    parts = run.results.setdefault("parts", {})
    try:
        weather = weather_for(run.analysed)
        result = simulate_year(design_basis(run.analysed), weather, AnnualOptions())
    except RetrofitError as exc:
        parts["annual"] = {"produced": False, "reason": str(exc)}
        return None
    parts["annual"] = {"produced": True, "reason": ""}
    run.results["annual"] = result.to_json()
    object.__setattr__(run, "_annual", result)
    return result
