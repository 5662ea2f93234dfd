"""The weather year of a run: a file given by the user (EPW or TMY3 CSV, by suffix), or the synthetic
typical year of the design's climate-catalog site."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem, RetrofitError
from ..model import Design
from ..units import magnitude
from ..weather.year import WeatherYear


def climate_id(design: Design, catalog=None) -> str | None:
    """The climate catalog id whose data the design's climate holds (loading replaces the id by its data)."""
    from ..catalog import load_catalog

    climate = design.site.climate
    if isinstance(climate, str):
        return climate
    catalog = catalog or load_catalog()
    for entry in catalog.list("climate"):
        try:
            if type(climate).model_validate(entry.data) == climate:
                return entry.id
        except Exception:  # noqa: BLE001 - a malformed entry is not this climate
            continue
    return None


def read_weather(path: str | Path) -> WeatherYear:
    """Read an EPW (``.epw``) or TMY3 (``.csv``) file.

    Raises
    ------
    InputError
        For another suffix, or a file the reader rejects (file, line, field).
    """
    from ..weather.epw import read_epw
    from ..weather.tmy3 import read_tmy3

    suffix = Path(path).suffix.lower()
    if suffix == ".epw":
        return read_epw(path)
    if suffix == ".csv":
        return read_tmy3(path)
    raise InputError(Problem(str(path), None, "--weather", f"suffix {suffix or '(none)'}: expected .epw (EnergyPlus) "
                             "or .csv (TMY3)"))


def weather_for(design: Design, path: str | Path | None = None) -> WeatherYear:
    """The weather file when given, else the synthetic typical year of the design's catalog climate.

    Raises
    ------
    RetrofitError
        When no file is given and the climate is not a catalog site with monthly normals.
    """
    if path is not None:
        return read_weather(path)
    from ..errors import CatalogEntryNotFound
    from ..weather.synthetic import synthetic_year

    cid = climate_id(design)
    if cid is None:
        raise RetrofitError("the site's climate is given inline, not as a catalog site: give a weather file "
                            "(--weather EPW or TMY3 CSV)")
    try:
        return synthetic_year(cid, magnitude(design.site.altitude, "m"))
    except CatalogEntryNotFound:
        raise RetrofitError(f"no monthly normals for climate {cid!r} in the catalog table climate-monthly: give a "
                            "weather file (--weather EPW or TMY3 CSV)") from None
