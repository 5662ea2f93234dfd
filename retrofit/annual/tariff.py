"""Electricity and water tariffs, and the annual operating cost they give.

A tariff file (YAML) gives plain numbers with the unit in each key name::

    name: "Example industrial rate"
    source: "where the figures come from"
    energy_usd_per_kwh: 0.05
    demand_usd_per_kw_month: 8.0      # optional: on each month's peak hourly demand
    water_usd_per_m3: 1.5             # optional
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError, Problem

LITRES_PER_KG_WATER = 1.0
"""Make-up water volume per mass [L/kg]: 1.0, within 0.5 % of water's density from 4 to 40 °C."""


@dataclass(frozen=True)
class Tariff:
    """Prices of energy, demand and water.

    Attributes
    ----------
    energy_usd_per_kwh : float
        Energy price [USD/kWh].
    demand_usd_per_kw_month : float
        Demand charge on each month's highest hourly demand [USD/(kW·month)].
    water_usd_per_m3 : float
        Water and sewer price of make-up water [USD/m³].
    name : str
        Tariff name.
    source : str
        Where the prices come from.
    """

    energy_usd_per_kwh: float
    demand_usd_per_kw_month: float = 0.0
    water_usd_per_m3: float = 0.0
    name: str = ""
    source: str = ""

    def to_json(self) -> dict:
        return asdict(self)


_FIELDS = {"energy_usd_per_kwh": True, "demand_usd_per_kw_month": False, "water_usd_per_m3": False,
           "name": False, "source": False}


def read_tariff(path: str | Path) -> Tariff:
    """Read a tariff file.

    Parameters
    ----------
    path : str or Path
        YAML file (see the module docstring).

    Returns
    -------
    Tariff
        The prices.

    Raises
    ------
    InputError
        Naming the file, line and field of an unknown key, a missing price or a price that is not a
        finite number >= 0.
    """
    from ..io.yaml_source import read_yaml

    data, smap = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(Problem(str(path), 1, "", "expected a mapping with energy_usd_per_kwh"))
    problems = []
    for key in data:
        if key not in _FIELDS:
            problems.append(Problem(str(path), smap.line_of((key,)), key,
                                    f"unknown key; expected one of {', '.join(_FIELDS)}"))
    for key, required in _FIELDS.items():
        if key not in data:
            if required:
                problems.append(Problem(str(path), 1, key, "missing: the energy price in USD per kWh"))
            continue
        if key in ("name", "source"):
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            problems.append(Problem(str(path), smap.line_of((key,)), key,
                                    f"found {value!r}, expected a number >= 0 (the unit is in the key name)"))
    if problems:
        raise InputError(problems)
    return Tariff(float(data["energy_usd_per_kwh"]), float(data.get("demand_usd_per_kw_month", 0.0)),
                  float(data.get("water_usd_per_m3", 0.0)), str(data.get("name", "")), str(data.get("source", "")))


def annual_cost(facility_kw, month, water_m3: float, tariff: Tariff) -> dict:
    """Annual operating cost of energy, demand and water.

    Parameters
    ----------
    facility_kw : array
        Facility demand each hour [kW] (one-hour averages, so kW equals kWh in that hour).
    month : array of int
        Month of each hour [-].
    water_m3 : float
        Annual make-up water [m³].
    tariff : Tariff
        Prices.

    Returns
    -------
    dict
        ``energy_usd``, ``demand_usd``, ``water_usd``, ``total_usd`` and the tariff.

    Examples
    --------
    >>> annual_cost(np.array([100.0, 300.0]), np.array([1, 2]), 10.0, Tariff(0.1, 5.0, 2.0))["total_usd"]
    2060.0
    """
    p = np.asarray(facility_kw, dtype=float)
    m = np.asarray(month, dtype=int)
    energy = float(np.sum(p)) * tariff.energy_usd_per_kwh
    demand = sum(float(np.max(p[m == k])) for k in np.unique(m)) * tariff.demand_usd_per_kw_month
    water = water_m3 * tariff.water_usd_per_m3
    return {"energy_usd": round(energy, 2), "demand_usd": round(demand, 2), "water_usd": round(water, 2),
            "total_usd": round(energy + demand + water, 2), "tariff": tariff.to_json()}
