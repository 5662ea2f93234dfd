"""Inputs and results of the liquid-cooling plant balance of :mod:`retrofit.cooling.plant`.

The CDUs as arrays (:class:`CduBank`), the heat-rejection units (:class:`RejectionUnit`), the outdoor
design condition (:class:`Ambient`) and the facility loop's settings (:class:`FacilityLoop`) go in;
:class:`PlantResult` comes out, with the states of the CDUs (:class:`CduResults`), of the units
(:class:`UnitResults`) and of a trim chiller (:class:`ChillerResult`). All frozen dataclasses of SI
floats or numpy arrays; :func:`worst_cdu_text` names the CDU furthest above its setpoint in a result's
diagnosis.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .chillers import AirCooledChillerRating


@dataclass(frozen=True)
class CduBank:
    """The CDUs of a plant as arrays (one entry per CDU; scalars broadcast).

    Attributes
    ----------
    heat_w : array
        Heat from the CDU's racks into its TCS [W].
    flow_tcs_kg_s : array
        TCS (secondary) mass flow [kg/s].
    cp_tcs_j_kg_k : array
        TCS fluid specific heat [J/(kg·K)].
    flow_facility_kg_s : array
        Facility-water (primary) mass flow through the CDU [kg/s].
    cp_facility_j_kg_k : array
        Facility fluid specific heat [J/(kg·K)].
    ua_w_k : array
        Exchanger conductance at these flows [W/K] (see :func:`heat_exchange.ua_at_flows`).
    t_tcs_setpoint_k : array
        TCS supply setpoint [K].
    pump_heat_w : array
        Heat the CDU's own pumps add to the TCS [W].
    in_service : array of bool or None
        False for a CDU out of service (its results are NaN); None means all in service.
    arrangement : str
        Exchanger flow arrangement (plate CDUs: ``counterflow``).
    """

    heat_w: object
    flow_tcs_kg_s: object
    cp_tcs_j_kg_k: object
    flow_facility_kg_s: object
    cp_facility_j_kg_k: object
    ua_w_k: object
    t_tcs_setpoint_k: object
    pump_heat_w: object = 0.0
    in_service: object = None
    arrangement: str = "counterflow"

    def arrays(self) -> dict[str, np.ndarray]:
        """Every numeric field broadcast to one length-n float array (``in_service`` as bool)."""
        names = ["heat_w", "flow_tcs_kg_s", "cp_tcs_j_kg_k", "flow_facility_kg_s", "cp_facility_j_kg_k",
                 "ua_w_k", "t_tcs_setpoint_k", "pump_heat_w"]
        values = np.broadcast_arrays(*[np.atleast_1d(np.asarray(getattr(self, k), dtype=float)) for k in names])
        out = {k: v.astype(float).copy() for k, v in zip(names, values)}
        n = out["heat_w"].shape[0]
        service = np.ones(n, dtype=bool) if self.in_service is None else np.asarray(self.in_service, dtype=bool)
        out["in_service"] = np.broadcast_to(service, (n,)).copy()
        return out


@dataclass(frozen=True)
class RejectionUnit:
    """One heat-rejection unit in parallel on the facility loop.

    Attributes
    ----------
    model : str
        Registry name in :data:`heat_rejection.HEAT_REJECTION_MODELS`.
    rating : dataclass
        The model's rating.
    flow_weight : float or None
        Relative share of the facility flow [-]; None uses the rated heat (balanced piping and
        units sized for a common range).
    in_service : bool
        False for a unit out of service.
    """

    model: str
    rating: object
    flow_weight: float | None = None
    in_service: bool = True


@dataclass(frozen=True)
class Ambient:
    """Outdoor design condition.

    Attributes
    ----------
    t_dry_bulb_k : float
        Dry bulb [K].
    t_wet_bulb_k : float or None
        Coincident wet bulb [K]; needed by towers and adiabatic coolers.
    altitude_m : float
        Site altitude [m].
    """

    t_dry_bulb_k: float
    t_wet_bulb_k: float | None = None
    altitude_m: float = 0.0


@dataclass(frozen=True)
class FacilityLoop:
    """Facility-water loop settings.

    Attributes
    ----------
    t_supply_setpoint_k : float
        Facility-water supply setpoint [K].
    pump_heat_w : float
        Heat the facility pumps add to the water [W] (their shaft power, less motor losses to air).
    trim_chiller : AirCooledChillerRating or None
        A chiller in series after the heat-rejection units (the units then act as economiser).
    t_supply_max_k : float
        Highest facility supply the float search considers [K]; above it the case is infeasible.
    """

    t_supply_setpoint_k: float
    pump_heat_w: float = 0.0
    trim_chiller: AirCooledChillerRating | None = None
    t_supply_max_k: float = 353.15


@dataclass(frozen=True)
class CduResults:
    """Per-CDU results (NaN for CDUs out of service)."""

    heat_w: np.ndarray  #: heat into the TCS, racks plus pumps [W]
    t_tcs_supply_k: np.ndarray  #: TCS supply temperature [K]
    t_tcs_return_k: np.ndarray  #: TCS return temperature [K]
    approach_k: np.ndarray  #: TCS supply minus facility supply [K]
    t_facility_return_k: np.ndarray  #: facility water leaving the CDU [K]
    effectiveness: np.ndarray  #: exchanger effectiveness at full UA [-]
    setpoint_held: np.ndarray  #: True where the TCS supply is at its setpoint
    excess_k: np.ndarray  #: TCS supply above its setpoint, 0 when held [K]


@dataclass(frozen=True)
class UnitResults:
    """Per heat-rejection-unit results, in the order given (NaN for units out of service)."""

    flow_kg_s: np.ndarray  #: facility flow through the unit [kg/s]
    heat_w: np.ndarray  #: heat removed from the water [W]
    capacity_w: np.ndarray  #: heat at full speed at the same entering conditions [W]
    loading: np.ndarray  #: heat over capacity [-]
    speed: np.ndarray  #: fan speed (chiller part-load ratio) [-]
    t_leaving_k: np.ndarray  #: leaving-water temperature [K]
    electric_power_w: np.ndarray  #: fan (and compressor) power [W]
    water_kg_s: np.ndarray  #: make-up water [kg/s]
    heat_to_ambient_w: np.ndarray  #: heat released to outdoor air [W]


@dataclass(frozen=True)
class ChillerResult:
    """Trim-chiller operating point."""

    heat_w: float  #: cooling delivered [W]
    part_load: float  #: part-load ratio [-]
    electric_power_w: float  #: compressor and condenser-fan power [W]
    condenser_heat_w: float  #: heat released to outdoor air [W]
    t_entering_k: float  #: water entering the chiller [K]


@dataclass(frozen=True)
class PlantResult:
    """Steady state of the plant.

    Attributes
    ----------
    converged : bool
        False when no steady state exists below ``t_supply_max_k`` or racks lost their CDU.
    diagnosis : str
        What was found, where, and by how much.
    setpoint_held : bool
        True when the facility supply is at its setpoint.
    t_facility_supply_k : float
        Facility supply temperature [K].
    t_facility_return_k : float
        Mixed facility return from the CDUs [K].
    t_rejection_entering_k : float
        Water entering the heat-rejection units, after the facility pump heat [K].
    heat_load_w : float
        Rack heat, CDU pump heat and facility pump heat [W].
    heat_rejected_w : float
        Heat removed from the water by the units and the trim chiller [W].
    energy_balance_residual_w : float
        Heat removed minus heat load [W].
    shortfall_w : float
        Heat that cannot be removed at ``t_supply_max_k`` [W]; 0 when feasible.
    unserved_heat_w : float
        Heat of racks whose CDU is out with no partner in its group [W].
    electric_power_w : float
        Fans and chiller [W].
    water_kg_s : float
        Make-up water [kg/s].
    cdus : CduResults
    units : UnitResults
    chiller : ChillerResult or None
    worst_cdu : int or None
        Index (in the bank) of the CDU furthest above its TCS supply setpoint; None when every CDU holds
        it. The caller, who knows the CDUs' ids, names it (:func:`worst_cdu_text`) [-].
    """

    converged: bool
    diagnosis: str
    setpoint_held: bool
    t_facility_supply_k: float
    t_facility_return_k: float
    t_rejection_entering_k: float
    heat_load_w: float
    heat_rejected_w: float
    energy_balance_residual_w: float
    shortfall_w: float
    unserved_heat_w: float
    electric_power_w: float
    water_kg_s: float
    cdus: CduResults
    units: UnitResults
    chiller: ChillerResult | None = None
    notes: list[str] = field(default_factory=list)
    worst_cdu: int | None = None


def worst_cdu_text(result: PlantResult, cdu_ids: Sequence[str]) -> str:
    """A plant's diagnosis with the CDU furthest above its TCS setpoint named by its id.

    Parameters
    ----------
    result : PlantResult
        The plant's steady state (its CDUs in the order of ``cdu_ids``).
    cdu_ids : sequence of str
        Ids of the bank's CDUs, in order [-].

    Returns
    -------
    str
        ``result.diagnosis``, followed by ``(worst: <id>)`` when a CDU misses its setpoint.
    """
    if result.worst_cdu is None:
        return result.diagnosis
    return f"{result.diagnosis} (worst: {cdu_ids[result.worst_cdu]})"
