"""Catalog candidates for the cooling plant, with the capacities and costs the optimisation uses: CDUs,
heat-rejection units, CRAHs and facility pumps (electrical candidates are in :mod:`.options`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..catalog import Catalog, Entry, load_catalog
from ..model import CDU, HeatRejection, Pump
from ..units import magnitude, parse_quantity
from .basis import PlanBasis
from .capacity import cdu_racks, facility_density, hr_capacity_at_design

GRAVITY = 9.80665

FACILITY_PIPING_ALLOWANCE_PA = 50e3
"""Facility pipe and valve losses added to the CDU and heat-rejection pressure drops to size the
facility pumps [Pa] (estimate; the hydraulic solve of the proposed design gives the actual head)."""

DEFAULT_HEAT_REJECTION_KINDS = ("dry_cooler", "adiabatic_cooler")
"""Heat-rejection kinds the planner chooses from by default: water-sparing, freeze-safe with glycol and
chiller-free (ASHRAE W32-W45 warm-water classes). Evaporative towers use water all year and need
winterising; chillers are trim equipment, not the main heat rejection of a warm-water loop."""



def _q(entry: Entry, key: str, unit: str, dimension: str) -> float | None:
    raw = entry.data.get(key)
    if raw is None:
        return None
    return float(parse_quantity(raw, dimension).to(unit).magnitude)


def _curve_head(points, flow: float) -> float:
    q = np.array([magnitude(p.flow, "m**3/s") for p in points])
    h = np.array([magnitude(p.head, "m") for p in points])
    return float(np.interp(flow, q, h))


def _curve_flow(points, head: float) -> float:
    """Flow at which a falling pump curve gives ``head`` [m³/s] (0 when above the shut-off head)."""
    q = np.array([magnitude(p.flow, "m**3/s") for p in points])
    h = np.array([magnitude(p.head, "m") for p in points])
    if head >= h[0]:
        return 0.0
    if head <= h[-1]:
        return float(q[-1])
    return float(np.interp(-head, -h, q))


@dataclass(frozen=True)
class CduOption:
    """A CDU model: racks per unit at the site's temperatures and its electric power."""

    entry: Entry
    racks: int
    limited_by: str
    electric_w: float
    width_m: float
    depth_m: float

    @property
    def id(self) -> str:
        return self.entry.id


def cdu_options(basis: PlanBasis, catalog: Catalog | None = None, slab_rating_pa: float | None = None) -> list[CduOption]:
    """Row CDUs (liquid to liquid) that serve at least one target rack and that the slab carries.

    Parameters
    ----------
    basis : PlanBasis
        Racks, temperatures (:func:`capacity.cdu_racks`).
    catalog : Catalog, optional
        Catalog.
    slab_rating_pa : float, optional
        Slab rating [Pa]: a CDU's filled mass over its footprint, :math:`m g/(w d)` (it stands alone at a
        row end), must stay within it.

    Returns
    -------
    list of CduOption
        Racks per CDU [-], what limits it, electric power at the rated point [W], footprint [m].
    """
    catalog = catalog or load_catalog()
    out = []
    rho = 1017.0  # PG25 near 30 degC [kg/m3], for the rated pump power only
    for e in catalog.list("cdu"):
        if e.data.get("kind", "l2l_row") != "l2l_row":
            continue
        c = CDU(id="x", facility_loop="f", tcs_loop="t", **e.data)
        if slab_rating_pa is not None and magnitude(c.mass, "kg") * GRAVITY / (magnitude(c.width, "m") * magnitude(c.depth, "m")) > slab_rating_pa:
            continue
        racks, limited = cdu_racks(magnitude(c.capacity, "W"), magnitude(c.approach, "K"), magnitude(c.flow_tcs_rated, "m**3/s"), basis)
        if racks <= 0:
            continue
        q_pump = magnitude(c.flow_tcs_rated, "m**3/s") / c.pumps_running
        head = _curve_head(c.pump_curve, q_pump)
        power = c.pumps_running * rho * GRAVITY * q_pump * head / magnitude(c.pump_efficiency, "dimensionless")
        out.append(CduOption(e, racks, limited, power + magnitude(c.p_controls, "W"), magnitude(c.width, "m"), magnitude(c.depth, "m")))
    return out


@dataclass(frozen=True)
class HeatRejectionOption:
    """A heat-rejection model: heat per unit at the design ambient, fan power, price."""

    entry: Entry
    capacity_w: float
    electric_w: float
    dp_pa: float

    @property
    def id(self) -> str:
        return self.entry.id


def heat_rejection_options(basis: PlanBasis, kinds=DEFAULT_HEAT_REJECTION_KINDS, catalog: Catalog | None = None,
                           design_heat_w: float | None = None) -> list[HeatRejectionOption]:
    """Units of the allowed kinds that reject heat at the design ambient and facility supply.

    Parameters
    ----------
    basis : PlanBasis
        Design ambient, facility setpoint [K] and range [K].
    kinds : tuple of str
        Heat-rejection kinds allowed.
    catalog : Catalog, optional
        Catalog.
    design_heat_w : float, optional
        Estimate of the plant's load [W].

    Returns
    -------
    list of HeatRejectionOption
        Capacity per unit at design [W], fan power [W], pressure drop [Pa].

    Notes
    -----

    The capacity per unit is the heat one unit rejects at the design ambient with the flow of a unit
    at its rated capacity; given ``design_heat_w`` [W] (an estimate of the plant's load), it is instead
    the load over the units :func:`capacity.hr_units_needed` finds for it, which accounts for the
    design flow being shared by more units than a rated-flow estimate assumes.
    """
    from .capacity import hr_units_needed
    catalog = catalog or load_catalog()
    out = []
    for e in catalog.list("heat_rejection"):
        if e.data.get("kind") not in kinds:
            continue
        unit = HeatRejection(id="x", loop="f", **e.data)
        cap = hr_capacity_at_design(unit, basis, 1)
        if cap <= 0:
            continue
        if design_heat_w:
            n = hr_units_needed(unit, design_heat_w, basis, 0)
            if n is None:  # no number of these units rejects the heat at the design ambient
                continue
            cap = design_heat_w / n
        out.append(HeatRejectionOption(e, cap, magnitude(unit.fan_power_rated, "W"), magnitude(unit.dp_rated, "Pa")))
    return out


@dataclass(frozen=True)
class CrahOption:
    """A CRAH model for the residual air: capacity and fan power (the catalog gives no price)."""

    entry: Entry
    capacity_w: float
    electric_w: float

    @property
    def id(self) -> str:
        return self.entry.id


def crah_options(catalog: Catalog | None = None) -> list[CrahOption]:
    """CRAH models of the catalog.

    Parameters
    ----------
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    list of CrahOption
        Sensible capacity [W] and fan power [W] of each.
    """
    catalog = catalog or load_catalog()
    out = []
    for e in catalog.list("crah"):
        cap = _q(e, "capacity", "W", "active power")
        power = _q(e, "power", "W", "active power")
        if cap:
            out.append(CrahOption(e, cap, power or 0.0))
    return out


@dataclass(frozen=True)
class PumpOption:
    """A facility pump model: flow of one pump at the required head and its electric power there."""

    entry: Entry
    flow_m3_s: float
    electric_w: float

    @property
    def id(self) -> str:
        return self.entry.id


def facility_head_m(basis: PlanBasis, cdu_dp_pa: float, hr_dp_pa: float) -> float:
    """Head the facility pumps must give at design flow, for choosing pump models.

    Parameters
    ----------
    basis : PlanBasis
        Facility coolant (density).
    cdu_dp_pa : float
        CDU primary pressure drop at its rated flow [Pa].
    hr_dp_pa : float
        Heat-rejection unit pressure drop at its rated flow [Pa].

    Returns
    -------
    float
        :math:`(\\Delta p_{cdu} + \\Delta p_{hr} + \\Delta p_{pipe})/(\\rho g)` with the piping allowance
        ``FACILITY_PIPING_ALLOWANCE_PA`` [m].
    """
    return (cdu_dp_pa + hr_dp_pa + FACILITY_PIPING_ALLOWANCE_PA) / (facility_density(basis) * GRAVITY)


def pump_options(basis: PlanBasis, head_m: float, catalog: Catalog | None = None) -> list[PumpOption]:
    """Facility pumps with their design flow at a head.

    Parameters
    ----------
    basis : PlanBasis
        Facility coolant (density).
    head_m : float
        Head required [m].
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    list of PumpOption
        Design flow of one pump [m³/s] and its electric power there [W]; pumps that cannot reach the
        head are left out.

    Notes
    -----
    The design flow of one pump is the flow its curve gives at the required head, but not more than
    its rated flow (the curve point of highest :math:`QH`, near best efficiency): a variable-speed
    pump with more head than needed is slowed to its rated flow rather than run out along its curve.
    """
    catalog = catalog or load_catalog()
    rho = facility_density(basis)
    out = []
    for e in catalog.list("pump"):
        p = Pump(id="x", loop="f", **e.data)
        q_points = [magnitude(c.flow, "m**3/s") for c in p.curve]
        h_points = [magnitude(c.head, "m") for c in p.curve]
        rated = int(np.argmax(np.array(q_points) * np.array(h_points)))
        q = min(_curve_flow(p.curve, head_m), q_points[rated])
        if q <= 0:
            continue
        eff = magnitude(p.efficiency, "dimensionless") * magnitude(p.motor_efficiency, "dimensionless")
        out.append(PumpOption(e, q, rho * GRAVITY * q * head_m / eff))
    return out


__all__ = ["CduOption", "CrahOption", "DEFAULT_HEAT_REJECTION_KINDS", "FACILITY_PIPING_ALLOWANCE_PA",
           "HeatRejectionOption", "PumpOption", "cdu_options", "crah_options", "facility_head_m",
           "heat_rejection_options", "pump_options"]
