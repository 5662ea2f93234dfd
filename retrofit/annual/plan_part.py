"""The annual energy part of the PDF plan: the analysed design over a weather year (the file given to
``retrofit plan --weather``, else the synthetic typical year of its catalog climate), priced with the
``--tariff`` file when one is given; computed once per run and kept in ``results["annual"]``."""
from __future__ import annotations

from ..errors import RetrofitError
from .records import AnnualResult


def read_annual_inputs(weather_path: str | None, tariff_path: str | None):
    """(weather year, tariff) read from ``retrofit plan --weather`` and ``--tariff``, or None when neither is given.

    Raises
    ------
    InputError
        A weather file of another suffix, or a file its reader rejects (file, line, field).
    """
    if weather_path is None and tariff_path is None:
        return None
    from .tariff import read_tariff
    from .weather_source import read_weather

    return (read_weather(weather_path) if weather_path else None,
            read_tariff(tariff_path) if tariff_path else None)


def use_annual_inputs(run, weather=None, tariff=None) -> None:
    """Make the annual part of ``run`` use ``weather`` and ``tariff``.

    Parameters
    ----------
    run : PlanRun
        The plan run, before its PDF is rendered [-].
    weather : WeatherYear, optional
        The weather year read from the user's file; None for the synthetic typical year [-].
    tariff : Tariff, optional
        Prices of energy and demand; None leaves the cost out [-].
    """
    object.__setattr__(run, "_annual_inputs", (weather, tariff))


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

    weather, tariff = getattr(run, "_annual_inputs", (None, None))
    try:
        weather = weather if weather is not None else weather_for(run.analysed)
        # the plan analysed this design already: its load flow, cooling and design-point PUE are reused
        analysed = run.results if all(k in run.results for k in ("cooling", "electrical", "pue")) else None
        result = simulate_year(design_basis(run.analysed, analysed), weather, AnnualOptions(tariff=tariff))
    except RetrofitError as exc:
        run.results["annual"] = {"produced": False, "reason": str(exc)}
        out = (None, str(exc))
    else:
        run.results["annual"] = result.to_json()
        out = (result, "")
    object.__setattr__(run, "_annual", out)
    return out
