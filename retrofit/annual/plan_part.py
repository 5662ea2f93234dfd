"""The annual energy part of the PDF plan: the analysed design over the synthetic typical year of its
climate (the plan takes no weather file), computed once per run and kept in ``results["annual"]``."""
from __future__ import annotations

from ..errors import RetrofitError
from .records import AnnualResult


def plan_annual(run) -> tuple[AnnualResult | None, str]:
    """The annual result of a plan run, computed on first use and recorded in ``results["annual"]``.

    Parameters
    ----------
    run : PlanRun
        The plan run (:mod:`retrofit.report.pipeline`).

    Returns
    -------
    tuple
        (AnnualResult, "") or (None, why it could not be simulated). ``results["parts"]`` is left as the
        pipeline wrote it: the cover, laid out before this section, prints it, and the same run must
        give the same PDF however many times it is rendered.
    """
    cached = getattr(run, "_annual", None)
    if cached is not None:
        return cached
    from .simulate import AnnualOptions, design_basis, simulate_year
    from .weather_source import weather_for

    try:
        weather = weather_for(run.analysed)
        result = simulate_year(design_basis(run.analysed), weather, AnnualOptions())
    except RetrofitError as exc:
        run.results["annual"] = {"produced": False, "reason": str(exc)}
        out = (None, str(exc))
    else:
        run.results["annual"] = result.to_json()
        out = (result, "")
    object.__setattr__(run, "_annual", out)
    return out
