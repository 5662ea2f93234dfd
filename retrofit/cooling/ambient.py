"""The outdoor design condition of a site: dry bulb, coincident wet bulb and altitude."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Design
from . import psychrometrics as psy


@dataclass(frozen=True)
class DesignAmbient:
    """An outdoor condition the cooling must meet."""

    basis: str  #: climate field it comes from, e.g. ``extreme_max_db_n20``
    t_dry_bulb_k: float
    t_wet_bulb_k: float
    altitude_m: float
    note: str = ""


def _k(q) -> float:
    return float(q.to("K").magnitude)


def design_ambients(design: Design) -> list[DesignAmbient]:
    """The 0.4 % cooling condition and, when different, the condition the criteria name.

    Notes
    -----
    The wet bulb coincident with an extreme dry bulb is not tabulated: it is taken at the humidity ratio of
    the 0.4 % condition (dry bulb and mean coincident wet bulb), which holds the moisture content of a hot
    design day while the air warms. For adiabatic coolers this is conservative only if extreme days are
    not more humid than the 0.4 % day, which holds in the dry interior climates of the examples.
    """
    climate = design.site.climate
    altitude = float(design.site.altitude.to("m").magnitude)
    p = psy.barometric_pressure(altitude)
    db04, wb04 = _k(climate.cooling_db_04), _k(climate.cooling_mcwb_04)
    w = float(psy.humidity_ratio_from_wet_bulb(db04, wb04, p))
    out = [DesignAmbient("cooling_db_04", db04, wb04, altitude, "ASHRAE 0.4 % cooling dry bulb, mean coincident wet bulb")]
    basis = design.goal.criteria.design_ambient if design.goal else "cooling_db_04"
    if basis != "cooling_db_04":
        value = getattr(climate, basis)
        if value is None:
            out[0] = DesignAmbient("cooling_db_04", db04, wb04, altitude,
                                   f"{basis} not given for this site: the 0.4 % condition is the design basis")
        else:
            db = _k(value)
            wb = float(psy.wet_bulb_from_humidity_ratio(db, w, p))
            out.append(DesignAmbient(basis, db, wb, altitude,
                                     "n-year extreme dry bulb; wet bulb at the 0.4 % day's humidity ratio"))
    return out


def governing(ambients: list[DesignAmbient]) -> DesignAmbient:
    """The condition verdicts are given at: the last one (the criteria's basis when it exists)."""
    return ambients[-1]
