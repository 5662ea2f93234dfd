"""Typed results of the annual simulation, with their JSON (units in the key names)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MODES = ("dry", "adiabatic", "chiller")
"""Heat-rejection modes of an hour: fans only (dry), pads wet (adiabatic), a chiller loaded (chiller)."""

SUBSYSTEMS = ("heat_rejection", "trim_chiller", "facility_pumps", "cdus", "air", "other", "electrical_losses")
"""Infrastructure subsystems whose energy is reported and whose partial PUE is given."""


@dataclass(frozen=True)
class HourlySeries:
    """The hours behind the annual figures, for charts and checks (not written to JSON)."""

    t_dry_bulb_c: np.ndarray
    t_wet_bulb_c: np.ndarray
    month: np.ndarray
    mode: np.ndarray  #: index into MODES
    it_kw: np.ndarray
    facility_kw: np.ndarray
    subsystem_kw: dict  #: subsystem -> array [kW]
    water_m3_h: np.ndarray
    t_facility_supply_c: np.ndarray
    t_supply_setpoint_c: np.ndarray


@dataclass(frozen=True)
class AnnualResult:
    """Annual energy, water and cost of a design over a weather year.

    Attributes
    ----------
    site : str
        Site name.
    weather : dict
        Weather summary; ``synthetic`` True when generated from monthly normals.
    energy_kwh : dict
        ``it``, each subsystem of :data:`SUBSYSTEMS` and ``facility`` [kWh].
    pue_annual : float
        Facility energy over IT energy (The Green Grid PUE, an annual energy ratio) [-].
    partial_pue : dict
        Per subsystem, (IT + subsystem energy) / IT energy [-] (The Green Grid partial PUE).
    water_m3 : float
        Annual make-up water [m³].
    wue_l_per_kwh : float
        Site water over IT energy (The Green Grid WUE) [L/kWh].
    hours_by_mode : dict
        Hours in each mode of :data:`MODES`.
    hours_above : dict
        Hours with the facility supply above its setpoint, with heat not removed, with a TCS supply
        above the racks' limit.
    peak_demand_kw : float
        Highest hourly facility demand [kW].
    peak_hour : int
        Hour of the year (0-based) of that peak.
    cost : dict or None
        Energy, demand and water cost [USD]; None without a tariff.
    monthly : list of dict
        Per month: IT and facility energy [MWh], PUE, water [m³].
    design_point : dict
        The PUE at the design ambient from the design analysis, labelled as such.
    assumptions : dict
        Control options, load profile, reduced models used.
    hourly : HourlySeries
        The hours (not in JSON).
    """

    site: str
    weather: dict
    energy_kwh: dict
    pue_annual: float
    partial_pue: dict
    water_m3: float
    wue_l_per_kwh: float
    hours_by_mode: dict
    hours_above: dict
    peak_demand_kw: float
    peak_hour: int
    cost: dict | None
    monthly: list
    design_point: dict
    assumptions: dict
    hourly: HourlySeries = field(repr=False, compare=False)

    def to_json(self) -> dict:
        """Every annual figure, units in the key names."""
        return {
            "site": self.site, "weather": self.weather,
            "energy_kwh": {k: round(v, 1) for k, v in self.energy_kwh.items()},
            "pue_annual": round(self.pue_annual, 4), "pue_annual_basis": "annual facility energy / annual IT energy "
            "(The Green Grid PUE); the design-point PUE is under design_point",
            "partial_pue": {k: round(v, 4) for k, v in self.partial_pue.items()},
            "water_m3": round(self.water_m3, 1), "wue_l_per_kwh": round(self.wue_l_per_kwh, 4),
            "hours_by_mode": dict(self.hours_by_mode), "hours_above": dict(self.hours_above),
            "peak_demand_kw": round(self.peak_demand_kw, 1), "peak_hour": int(self.peak_hour),
            "cost": self.cost if self.cost is not None else {"total_usd": None, "reason": "no tariff given"},
            "monthly": self.monthly, "design_point": self.design_point, "assumptions": self.assumptions,
        }
