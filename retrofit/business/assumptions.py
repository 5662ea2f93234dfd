"""The business case's inputs: the catalog defaults (``catalogs/business-defaults.yaml``), the site's
overrides (``goal.business``) and, for the fleet efficiency, the site's own miners."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..catalog import Catalog, load_catalog
from ..units import magnitude

TABLE = "business-defaults"


@dataclass(frozen=True)
class Assumption:
    """One input of the business case.

    Attributes
    ----------
    name : str
        Input name, its unit in the name [-].
    value, low, high : float
        Value used and the range the sensitivity swings it over (in ``unit``).
    unit : str
        Unit [-].
    cls : str
        Class of the figure (published, secondary, computed, estimate, or ``input`` when the site gives it) [-].
    source : str
        Where it comes from [-].
    """

    name: str
    value: float
    low: float
    high: float
    unit: str
    cls: str
    source: str


def fleet_efficiency(design) -> tuple[float, str] | None:
    """Energy per hash of the site's miners, rated power over hash rate weighted by count [J/TH], with its
    basis; None when a miner group gives no hash rate."""
    groups = design.loads.miners
    if not groups or any(m.hashrate_ths is None for m in groups):
        return None
    power = sum(magnitude(m.p_rated, "W") * m.count for m in groups)
    hashes = sum(m.hashrate_ths * m.count for m in groups)
    return power / hashes, f"computed: {power / 1e6:,.2f} MW of miners over {hashes / 1e6:,.2f} EH/s in the site file"


def assumptions(design, catalog: Catalog | None = None) -> dict[str, Assumption]:
    """Every input of the business case with its value, range, class and source.

    The catalog gives the defaults; the site's miners give the fleet efficiency when each group states its
    hash rate; ``design.goal.business`` overrides any value (class ``input``; the range keeps its relative
    width around the new value).

    Parameters
    ----------
    design : Design
        The existing site (its goal and miners).
    catalog : Catalog, optional
        Catalog holding the defaults table.

    Returns
    -------
    dict of str to Assumption
    """
    rows = (catalog or load_catalog()).table(TABLE).rows
    out = {r["name"]: Assumption(r["name"], float(r["value"]), float(r["low"]), float(r["high"]), r["unit"],
                                 r["class"], r["source"]) for r in rows}
    fleet = fleet_efficiency(design)
    if fleet is not None:
        out["fleet_efficiency_j_per_th"] = _moved(out["fleet_efficiency_j_per_th"], fleet[0], "computed", fleet[1])
    given = design.goal.business if design.goal is not None else None
    for name, value in (given.model_dump() if given is not None else {}).items():
        if value is None or name not in out:
            continue
        out[name] = _moved(out[name], float(value), "input", "goal.business of the site file")
    return out


def _moved(a: Assumption, value: float, cls: str, source: str) -> Assumption:
    """``a`` at a new value, its range scaled around it (a zero default keeps its absolute range)."""
    if a.value != 0 and value != 0:
        k = value / a.value
        low, high = sorted((a.low * k, a.high * k))
    else:
        low, high = min(a.low, value), max(a.high, value)
    return replace(a, value=value, low=low, high=high, cls=cls, source=source)


__all__ = ["Assumption", "TABLE", "assumptions", "fleet_efficiency"]
