"""The planning basis: the target rack in SI numbers, the redundancy policies and the design temperatures.

Everything the planner derives from the goal, the criteria and the climate is computed once here, as
plain SI floats, so that the capacity formulas and the optimisation work on numbers and the Design
stays at the edges.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..catalog import Catalog, load_catalog
from ..cooling.air_balance import CRAH_APPROACH_K
from ..cooling.ambient import DesignAmbient, design_ambients, governing
from ..cooling.coolant import coolant
from ..errors import InputError, Problem
from ..model import Criteria, Design, Goal, RackGroup
from ..units import magnitude

C0 = 273.15
CRAH_MARGIN_K = 2.0
"""Margin kept between the CRAH supply air (facility supply + coil approach) and the rack inlet limit [K]."""

FACILITY_RANGE_K = 10.0
"""Design temperature rise of the facility water across the CDUs [K]: the 10 K range the CDU and
heat-rejection catalogs are rated at (catalogs/cdus.yaml, catalogs/heat-rejection.yaml)."""

FACILITY_GLYCOLS = ("water", "PG25", "PG30", "PG40", "PG50", "PG55", "PG60")
"""Facility coolants the planner chooses from, weakest first: propylene glycol (not ethylene glycol,
which is toxic) at the concentrations of the coolant catalog, up to 60 wt %, the end of CoolProp's fit."""

TCS_COOLANT = "PG25"
"""Technology-cooling coolant: the OCP PG25 guideline, as quoted by resistancezero.com (CDU checklist) and the
gridforge library (secondary; the OCP document itself not read)."""


@dataclass(frozen=True)
class RackBasis:
    """One rack model in SI numbers.

    Attributes
    ----------
    model : str
        Catalog id.
    kind : str
        compute, network, management or storage.
    p_design_w : float
        Design IT power [W].
    p_electrical_w : float
        Power the electrical equipment is sized for [W] (peak or design, per the criteria).
    power_factor : float
        Input power factor [-].
    liquid_w : float
        Heat to the liquid loop at design power [W].
    air_w : float
        Heat to the room air at design power [W].
    flow_m3_s : float
        Coolant flow the rack needs [m³/s].
    t_supply_max_k : float or None
        Highest coolant supply [K].
    v_ln_min_v, v_ln_max_v : float or None
        Power-shelf input range, line to neutral [V].
    needs_neutral : bool
        Fed line to neutral (needs a 4-wire wye).
    width_m, depth_m : float
        Footprint [m].
    mass_kg : float
        Operating mass [kg].
    price_usd : float or None
        Catalog price [USD].
    """

    model: str
    kind: str
    p_design_w: float
    p_electrical_w: float
    power_factor: float
    liquid_w: float
    air_w: float
    flow_m3_s: float
    t_supply_max_k: float | None
    v_ln_min_v: float | None
    v_ln_max_v: float | None
    needs_neutral: bool
    width_m: float
    depth_m: float
    mass_kg: float
    price_usd: float | None

    @property
    def s_electrical_va(self) -> float:
        """Apparent power at the electrical sizing basis [VA]."""
        return self.p_electrical_w / self.power_factor

    def current_a(self, v_ll: float) -> float:
        """Line current at the sizing basis on a three-phase system of line-to-line voltage ``v_ll`` [A]."""
        return self.s_electrical_va / (math.sqrt(3.0) * v_ll)

    def suits(self, v_ll: float, has_neutral: bool) -> tuple[bool, str]:
        """Whether a system of ``v_ll`` [V] (with or without neutral) can feed the rack, and why."""
        v_ln = v_ll / math.sqrt(3.0)
        if self.needs_neutral and not has_neutral:
            return False, (f"{v_ll:.0f} V without neutral: the power shelves take {self._range()} line to "
                           "neutral and need a 4-wire wye")
        if self.needs_neutral:
            low, high = self.v_ln_min_v, self.v_ln_max_v
            if (low is not None and v_ln < low - 0.5) or (high is not None and v_ln > high + 0.5):
                return False, f"{v_ll:.0f}Y/{v_ln:.0f} V: {v_ln:.0f} V line to neutral is outside {self._range()}"
            return True, f"{v_ll:.0f}Y/{v_ln:.0f} V: {v_ln:.0f} V line to neutral is inside {self._range()}"
        return True, f"{v_ll:.0f} V three-phase"

    def _range(self) -> str:
        low = f"{self.v_ln_min_v:.0f}" if self.v_ln_min_v is not None else "?"
        high = f"{self.v_ln_max_v:.0f}" if self.v_ln_max_v is not None else "?"
        return f"{low}–{high} V"



def rack_basis(model_id: str, criteria: Criteria, catalog: Catalog | None = None) -> RackBasis:
    """The rack model ``model_id`` from the catalog, in SI numbers at the criteria's power basis.

    Parameters
    ----------
    model_id : str
        Catalog id of a rack, for example ``gb300-nvl72``.
    criteria : Criteria
        Design criteria (``rack_power_basis`` chooses peak or design power for electrical sizing).
    catalog : Catalog, optional
        Catalog to read (default: the bundled catalogs).

    Returns
    -------
    RackBasis
        The rack's powers [W], heat split [W], flow [m³/s], input range [V] and footprint [m].
    """
    catalog = catalog or load_catalog()
    entry = catalog.get(model_id, "rack")
    g = RackGroup(id="basis", model=model_id, feeds=["basis"], **entry.data)
    p_design = magnitude(g.p_design, "W")
    p_peak = magnitude(g.p_peak, "W") if g.p_peak is not None else p_design
    p_elec = p_peak if criteria.rack_power_basis == "peak" else p_design
    liquid = p_design * magnitude(g.liquid_fraction, "dimensionless")
    flow = magnitude(g.flow_per_kw, "m**3/s/W") * liquid if g.flow_per_kw is not None else 0.0
    return RackBasis(
        model=model_id, kind=g.kind, p_design_w=p_design, p_electrical_w=p_elec, power_factor=g.power_factor,
        liquid_w=liquid, air_w=p_design - liquid, flow_m3_s=flow,
        t_supply_max_k=magnitude(g.t_supply_max, "K") if g.t_supply_max is not None else None,
        v_ln_min_v=magnitude(g.input_voltage_ln_min, "V") if g.input_voltage_ln_min is not None else None,
        v_ln_max_v=magnitude(g.input_voltage_ln_max, "V") if g.input_voltage_ln_max is not None else None,
        needs_neutral=g.needs_neutral, width_m=magnitude(g.width, "m"), depth_m=magnitude(g.depth, "m"), mass_kg=magnitude(g.mass, "kg"),
        price_usd=magnitude(g.price, "USD") if g.price is not None else None)


@dataclass(frozen=True)
class PlanBasis:
    """What the plan is held to: racks, policies, temperatures, coolants.

    Attributes
    ----------
    compute : RackBasis
        The target rack.
    network : RackBasis or None
        The network rack of each scalable unit.
    racks_per_su : int
        Compute racks per scalable unit.
    network_per_su : int
        Network racks per scalable unit.
    power_policy, cooling_policy : str
        Redundancy policies of the goal.
    criteria : Criteria
        The design criteria.
    ambient : DesignAmbient
        Governing outdoor design condition.
    t_fws_k : float
        Facility-water supply setpoint the plan uses [K].
    t_tcs_k : float
        TCS supply setpoint [K].
    facility_range_k : float
        Design facility-water range [K].
    facility_coolant : str
        Facility coolant name (``PG50`` ...).
    t_min_k : float or None
        Extreme minimum outdoor temperature [K].
    """

    compute: RackBasis
    network: RackBasis | None
    racks_per_su: int
    network_per_su: int
    power_policy: str
    cooling_policy: str
    criteria: Criteria
    ambient: DesignAmbient
    t_fws_k: float
    t_tcs_k: float
    facility_range_k: float
    facility_coolant: str
    t_min_k: float | None

    @property
    def cooling_spares(self) -> int:
        """Units that may be out under the cooling policy (1 for N+1)."""
        return 1 if self.cooling_policy == "N+1" else 0

    @property
    def power_sides(self) -> int:
        """Independent power paths (MV lineups) the mechanical blocks alternate over: 1 for N, 2 for 2N,
        3 for the distributed schemes."""
        return {"N": 1, "2N": 2}.get(self.power_policy, 3)

    def units_surviving_a_side(self, needed: int, sides: int | None = None) -> int:
        """Units of a mechanical group (pumps, CDUs of a loop, heat-rejection units, CRAHs) to install so
        that the cooling policy still holds ``needed`` after any single outage, electrical or mechanical.

        Under N the group has no spare: ``needed``. Under N+1 one unit may fail (``needed`` + 1) and,
        the units being spread evenly over the :attr:`power_sides` lineups with no transfer switch, the
        outage of one lineup removes :math:`\\lceil n/S \\rceil` of them, so
        :math:`n - \\lceil n/S \\rceil \\ge` ``needed``: the least such n is
        :math:`\\lceil S\\,needed/(S-1) \\rceil` (each lineup can carry the group alone under 2N).
        """
        if needed <= 0:
            return 0
        n = needed + self.cooling_spares
        sides = self.power_sides if sides is None else sides
        if self.cooling_spares and sides > 1:
            n = max(n, math.ceil(sides * needed / (sides - 1)))
            while n - math.ceil(n / sides) < needed:
                n += 1
        return n

    def duty_units(self, installed: int, sides: int | None = None) -> int:
        """The most units a group of ``installed`` carries under the policy (inverse of
        :meth:`units_surviving_a_side`)."""
        d = 0
        while self.units_surviving_a_side(d + 1, sides) <= installed:
            d += 1
        return d

    def network_racks(self, n_compute: int) -> int:
        """Network racks that go with ``n_compute`` compute racks (whole scalable units)."""
        if self.network is None or self.network_per_su == 0 or n_compute <= 0:
            return 0
        return self.network_per_su * math.ceil(n_compute / self.racks_per_su)


def facility_setpoint_k(criteria: Criteria) -> tuple[float, str]:
    """Facility-water supply setpoint for warm-water cooling with CRAHs on the same loop, and why.

    Parameters
    ----------
    criteria : Criteria
        Facility setpoint [K] and rack inlet limit [K].

    Returns
    -------
    t_k : float
        Setpoint [K].
    reason : str
        The figures behind it.

    Notes
    -----
    The CRAHs that take the racks' residual air heat sit on the facility loop; their supply air is the
    facility supply plus the coil approach (``CRAH_APPROACH_K``), and must stay below the rack inlet
    limit with ``CRAH_MARGIN_K`` to spare. So
    :math:`T_{fws} = \\min(T_{fws,crit},\\ T_{inlet,max} - \\Delta T_{coil} - \\Delta T_{margin})`,
    rounded down to a whole degree.
    """
    t_crit = magnitude(criteria.t_fws_setpoint, "degC")
    t_air = magnitude(criteria.air_inlet_max, "degC") - CRAH_APPROACH_K - CRAH_MARGIN_K
    if t_air < t_crit:
        t = math.floor(t_air)
        why = (f"{t} °C: CRAH supply air {t + CRAH_APPROACH_K:.0f} °C must stay below the {t_air + CRAH_APPROACH_K + CRAH_MARGIN_K:.0f} °C "
               f"rack inlet limit with {CRAH_MARGIN_K:.0f} K to spare (criteria allow {t_crit:.0f} °C)")
    else:
        t = math.floor(t_crit)
        why = f"{t} °C: the criteria's facility supply setpoint"
    return t + C0, why


def facility_coolant_for(t_min_k: float | None, margin_k: float) -> tuple[str, str]:
    """The weakest propylene-glycol mix whose freezing point is ``margin_k`` below the extreme minimum.

    Parameters
    ----------
    t_min_k : float or None
        Extreme minimum outdoor dry bulb [K]; None gives the strongest mix.
    margin_k : float
        Required margin of the freezing point below it [K].

    Returns
    -------
    name : str
        Coolant name, for example ``PG50``.
    reason : str
        The figures behind the choice.
    """
    if t_min_k is None:
        name = FACILITY_GLYCOLS[-1]
        return name, "no extreme minimum given: the strongest mix is taken"
    for name in FACILITY_GLYCOLS:
        fp = coolant(name).freezing_point()
        if t_min_k - fp >= margin_k:
            return name, (f"freezing point {fp - C0:.1f} °C, {t_min_k - fp:.1f} K below the extreme minimum "
                          f"{t_min_k - C0:.1f} °C (margin {margin_k:.0f} K)")
    name = FACILITY_GLYCOLS[-1]
    fp = coolant(name).freezing_point()
    return name, (f"strongest mix; freezing point {fp - C0:.1f} °C is only {t_min_k - fp:.1f} K below the extreme "
                  f"minimum {t_min_k - C0:.1f} °C: add drain-down or heat tracing")


def plan_basis(design: Design, catalog: Catalog | None = None) -> PlanBasis:
    """The planning basis of a design: its goal, criteria and climate.

    Parameters
    ----------
    design : Design
        The site with its goal.
    catalog : Catalog, optional
        Catalog of the rack models.

    Returns
    -------
    PlanBasis
        Racks [W, VA, m³/s], policies, temperatures [K] and coolants.

    Raises
    ------
    InputError
        When the design has no goal.
    """
    catalog = catalog or load_catalog()
    if design.goal is None:
        raise InputError(Problem("design", None, "goal", "planning needs a goal (rack_model, count, redundancy)"))
    goal: Goal = design.goal
    criteria = goal.criteria
    compute = rack_basis(goal.rack_model, criteria, catalog)
    network = None
    if goal.network_rack_model and goal.network_racks_per_su > 0:
        network = rack_basis(goal.network_rack_model, criteria, catalog)
    ambient = governing(design_ambients(design))
    t_fws, _ = facility_setpoint_k(criteria)
    t_tcs = magnitude(criteria.t_supply_tcs, "K")
    if compute.t_supply_max_k is not None:
        t_tcs = min(t_tcs, compute.t_supply_max_k)
    t_min = design.site.climate.extreme_min_db_n20
    t_min_k = magnitude(t_min, "K") if t_min is not None else None
    fc, _ = facility_coolant_for(t_min_k, magnitude(criteria.freeze_margin, "K"))
    return PlanBasis(compute=compute, network=network, racks_per_su=goal.racks_per_su,
                     network_per_su=goal.network_racks_per_su if network else 0,
                     power_policy=goal.power_redundancy, cooling_policy=goal.cooling_redundancy, criteria=criteria,
                     ambient=ambient, t_fws_k=t_fws, t_tcs_k=t_tcs, facility_range_k=FACILITY_RANGE_K,
                     facility_coolant=fc, t_min_k=t_min_k)


__all__ = ["C0", "FACILITY_RANGE_K", "TCS_COOLANT", "PlanBasis", "RackBasis", "facility_coolant_for",
           "facility_setpoint_k", "plan_basis", "rack_basis"]


def transformer_limits_at_site(basis: "PlanBasis", transformer):
    """Loading limits of ``transformer`` at the plan's design ambient and criteria
    (:func:`retrofit.electrical.ratings.transformer_limits`): normal and contingency, per unit of nameplate."""
    from ..electrical.ratings import transformer_limits

    return transformer_limits(transformer, basis.criteria, basis.ambient.t_dry_bulb_k - 273.15)
