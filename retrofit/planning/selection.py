"""Upgrade selection: the catalog equipment that reaches the target at the redundancy policy at least cost.

Formulation (a mixed-integer linear programme solved exactly by HiGHS through
:func:`scipy.optimize.milp`):

Variables (integers unless stated)
    ``s`` scalable units; ``N`` compute racks; ``y_e`` ∈ {0,1} use of existing block group e;
    ``x_i`` new block groups of power option i; ``z_b`` ∈ {0,1} choice of busway model b and ``w_b``
    busways per power path; ``z_m`` ∈ {0,1} choice of CDU model m and ``L_mk`` TCS loops of model m
    with k CDUs (``v_mk`` ∈ {0,1} marks a loop size in use); ``z_h``, ``n_h`` heat-rejection model and
    units; ``z_a``, ``n_a`` CRAH model and units; ``z_p``, ``n_p`` facility pump model and pumps;
    ``u_j`` new mechanical blocks of option j.

Objective
    Stage 1 (goal ``count: max``): maximise ``s``. Stage 2: with ``s`` (and ``N``) fixed, minimise the
    capital cost Σ price × quantity over every category (catalog prices; busways at an estimated
    length; CRAHs, which the catalog does not price, ranked by fan power at 1 USD/W, a tie-break
    that is not part of the capex).

Constraints
    * racks: ``N = R s`` for ``max`` (R compute racks per SU), else ``N`` = the goal's count;
    * power: Σ_e R_e y_e + Σ_i R_i x_i ≥ N (R: racks a group carries at the power policy);
    * busway: Σ_b m_b w_b ≥ N + n_net (m_b racks per busway); Σ z_b = 1; w_b ≤ M z_b; a block
      group whose fault level exceeds busway b's withstand cannot be used with it;
    * CDUs: Σ_mk (k − spares) r_m L_mk ≥ N (r_m racks per CDU); Σ z_m = 1; L_mk ≤ M z_m;
    * heat rejection: Σ_h c_h n_h − spares Σ_h c_h z_h ≥ Q(N, s) (c_h heat per unit at design ambient,
      Q the racks' liquid and residual-air heat plus the CDU pump heat); Σ z_h = 1; n_h ≤ M z_h;
    * residual air: Σ_a c_a n_a − spares Σ_a c_a z_a ≥ H(N, s); Σ z_a = 1;
    * facility pumps: Σ_p q_p n_p − spares Σ_p q_p z_p ≥ Q/(ρ c_p ΔT_f); Σ z_p = 1;
    * mechanical power: installed cooling power / 0.9 ≤ Σ existing mechanical capacity + Σ_j S_j u_j;
      mechanical buses ≥ k for every loop size in use (so one bus outage takes one CDU per loop);
    * utility: racks' kVA + mechanical kVA + kept loads + loss allowance ≤ service capacity;
    * floor: N + n_net ≤ rack positions the layout finds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .basis import PlanBasis
from .capacity import LOSS_ALLOWANCE, facility_cp, facility_density, rack_load, racks_per_group
from .inventory import ExistingBlock
from .milp import Model
from .options import (BuswayOption, CduOption, CrahOption, HeatRejectionOption, MechOption, Options, PowerOption,
                      PumpOption, price_of)

MECH_POWER_FACTOR = 0.9
"""Power factor of the mechanical loads (pumps and fans on drives) [-], as the electrical analysis takes it."""

CDU_SIZES = (1, 2, 3)
"""CDUs per TCS loop that carry the load; the cooling policy adds its spares on top."""

LOOP_RACKS_MAX = 36
"""Most racks one TCS loop serves [-]: a loop is one failure and maintenance domain; about 4.6 MW of
GB300 liquid heat keeps it to a pod (engineering practice, an estimate)."""

UNPRICED_USD_PER_W = 1.0
"""Tie-breaking weight of unpriced equipment by its electric power [USD/W]; not part of the capex."""


@dataclass(frozen=True)
class ExistingGroup:
    """Existing blocks grouped at the power policy (pairs for 2N), with the racks they carry."""

    blocks: tuple[ExistingBlock, ...]
    racks: int
    usd: float
    ik_a: float

    @property
    def id(self) -> str:
        return "+".join(b.id for b in self.blocks)


def existing_groups(blocks: list[ExistingBlock], basis: PlanBasis, feeder_move_usd: float) -> list[ExistingGroup]:
    """Group the existing blocks that suit the racks at the power policy.

    Parameters
    ----------
    blocks : list of ExistingBlock
        The site's blocks.
    basis : PlanBasis
        Policy and racks.
    feeder_move_usd : float
        Cost of moving a block to another MV lineup [USD].

    Returns
    -------
    list of ExistingGroup
        Groups with the compute racks they carry [-].

    Notes
    -----
    Blocks are sorted by contingency capacity (largest first, then id) and grouped in that order, so
    the blocks of a group are as alike as the site allows; a group carries what its weakest block
    allows. Every block after the first of a group moves to its own MV lineup (``feeder_move_usd``
    each: a new MV breaker and cable).
    """
    load = rack_load(basis)
    usable = sorted((b for b in blocks if b.compute_ok and b.network_ok),
                    key=lambda b: (-b.capacity.contingency_va, b.id))
    size = {"N": 1, "2N": 2}.get(basis.power_policy, 3)
    out = []
    for i in range(0, len(usable) - size + 1, size):
        group = tuple(sorted(usable[i:i + size], key=lambda b: b.id))
        weakest = min(group, key=lambda b: b.capacity.contingency_va - b.kept_load_va)
        from .capacity import BlockCapacity
        cap = weakest.capacity
        reduced = BlockCapacity(cap.normal_va - weakest.kept_load_va, cap.contingency_va - weakest.kept_load_va,
                                cap.limited_by, cap.transformer_va, cap.bus_va, cap.breaker_va)
        racks, _ = racks_per_group(reduced, load, basis.power_policy)
        if racks > 0:
            out.append(ExistingGroup(group, racks, feeder_move_usd * (size - 1), max(b.ik_a for b in group)))
    return out


@dataclass
class SiteLimits:
    """Limits the upgrade cannot lift.

    Attributes
    ----------
    utility_va : float
        Service capacity [VA].
    other_va : float
        Loads that stay (lighting, offices) [VA].
    floor_positions : int or None
        Rack positions the floor holds (compute and network racks together); None when not limiting.
    existing_mech_va : list of float
        Capacity of each existing block kept for mechanical loads [VA].
    busway_length_m : float
        Estimated length of one rack busway [m] (for its price).
    """

    utility_va: float
    other_va: float
    floor_positions: int | None
    existing_mech_va: list[float]
    busway_length_m: float


@dataclass
class Selection:
    """The chosen upgrade.

    Attributes
    ----------
    n_compute, n_network, scalable_units : int
        Racks and SUs reached.
    existing : list of ExistingGroup
        Existing block groups used.
    new_power : list of (PowerOption, int)
        New block groups by option.
    busway : BuswayOption
        Rack busway model.
    busways_per_path : int
        Busways per power path (estimate; the layout sets the final count).
    cdu : CduOption
        CDU model.
    loops : list of int
        CDUs in each TCS loop (spares included).
    heat_rejection : HeatRejectionOption
        Heat-rejection model.
    heat_rejection_units : int
        Units installed (spares included).
    crah : CrahOption
        CRAH model.
    crah_units : int
        Units installed.
    pump : PumpOption
        Facility pump model.
    pumps : int
        Pumps installed (spares included).
    new_mech : list of (MechOption, int)
        New mechanical blocks.
    capex_usd : float
        Objective value: capital cost of priced items [USD].
    stage1 : dict
        First stage (maximum count) outcome and the constraints that bind it.
    constraints : list of dict
        Every constraint of the final model with its value, bounds and slack.
    solver : dict
        The final model's solver status, gap and whether it is a proven optimum
        (:meth:`~retrofit.planning.milp.MilpResult.report`); a plan built on a non-optimal point says so.
    """

    n_compute: int
    n_network: int
    scalable_units: int
    existing: list[ExistingGroup]
    new_power: list[tuple[PowerOption, int]]
    busway: BuswayOption
    busways_per_path: int
    cdu: CduOption
    loops: list[int]
    heat_rejection: HeatRejectionOption
    heat_rejection_units: int
    crah: CrahOption
    crah_units: int
    pump: PumpOption
    pumps: int
    new_mech: list[tuple[MechOption, int]]
    capex_usd: float
    stage1: dict = field(default_factory=dict)
    constraints: list[dict] = field(default_factory=list)
    heat_to_water_w: float = 0.0
    air_heat_w: float = 0.0
    facility_flow_m3_s: float = 0.0
    mech_power_w: float = 0.0
    solver: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """JSON-ready description of the selection."""
        return {
            "compute_racks": self.n_compute, "network_racks": self.n_network, "scalable_units": self.scalable_units,
            "existing_groups": [{"blocks": [b.id for b in g.blocks], "racks": g.racks} for g in self.existing],
            "new_power_groups": [{"option": o.id, "groups": n, "racks_per_group": o.racks,
                                  "blocks_per_group": o.blocks_per_group} for o, n in self.new_power],
            "busway": {"model": self.busway.id, "racks_per_busway": self.busway.racks,
                       "breaker": self.busway.breaker.id, "tap_box": self.busway.tap_box.id if self.busway.tap_box else None,
                       "busways_per_path_estimate": self.busways_per_path},
            "cdu": {"model": self.cdu.id, "racks_per_cdu": self.cdu.racks, "limited_by": self.cdu.limited_by,
                    "loops": self.loops},
            "heat_rejection": {"model": self.heat_rejection.id, "units": self.heat_rejection_units,
                               "capacity_per_unit_kw": round(self.heat_rejection.capacity_w / 1e3, 1)},
            "crah": {"model": self.crah.id, "units": self.crah_units},
            "facility_pumps": {"model": self.pump.id, "pumps": self.pumps,
                               "flow_per_pump_lpm": round(self.pump.flow_m3_s * 6e4, 1)},
            "new_mechanical_blocks": [{"option": o.id, "blocks": n} for o, n in self.new_mech],
            "heat_to_water_kw": round(self.heat_to_water_w / 1e3, 1), "air_heat_kw": round(self.air_heat_w / 1e3, 1),
            "facility_flow_lpm": round(self.facility_flow_m3_s * 6e4, 1),
            "mechanical_power_kw": round(self.mech_power_w / 1e3, 1),
            "capex_usd": round(self.capex_usd, 0), "stage1": self.stage1, "constraints": self.constraints,
            "solver": self.solver,
        }


class SelectionInfeasible(RuntimeError):
    """No combination of catalog options reaches the count (the message says which limit)."""


def _build(basis: PlanBasis, groups: list[ExistingGroup], opts: Options, limits: SiteLimits,
           busways: list[BuswayOption], count: int | None, fixed_su: int | None) -> tuple[Model, dict]:
    m = Model()
    spares = basis.cooling_spares
    # every mechanical group also survives the outage of one power lineup (PlanBasis.units_surviving_a_side):
    # its units, spread over the lineups, carry the load with one lineup's share gone
    side = basis.power_sides / (basis.power_sides - 1) if spares and basis.power_sides > 1 else 1.0
    rps, nps = basis.racks_per_su, basis.network_per_su
    c = basis.compute
    p_net = basis.network.p_design_w if basis.network else 0.0
    s_net = basis.network.s_electrical_va if basis.network else 0.0
    n_ub = limits.floor_positions if limits.floor_positions is not None else 100_000
    n_ub = min(n_ub, int(limits.utility_va // c.s_electrical_va) + 1)
    su_ub = max(1, math.ceil(n_ub / rps) + 1)
    m.var("s", lb=fixed_su or 0, ub=fixed_su if fixed_su is not None else su_ub)
    m.var("N", lb=0, ub=n_ub)
    if count is None:
        m.add("racks_whole_su", {"N": 1, "s": -rps}, 0, 0)
    else:
        m.add("racks_count", {"N": 1}, count, count)
        m.add("racks_su", {"N": 1, "s": -rps}, -math.inf, 0)
    cost: dict[str, float] = {}
    # power
    power = {"N": -1.0}
    for g in groups:
        v = m.binary(f"y[{g.id}]")
        power[v] = g.racks
        cost[v] = g.usd
    for o in opts.power:
        v = m.var(f"x[{o.id}]", ub=math.ceil(n_ub / o.racks) + 1)
        power[v] = o.racks
        cost[v] = o.group_usd
    m.add("power", power, 0)
    # busway
    sides = 1 if basis.power_policy == "N" else 2
    choose_b = {}
    cover = {"N": -1.0, "s": -float(nps)}
    for b in busways:
        z = m.binary(f"z_busway[{b.id}]")
        choose_b[z] = 1
        w = m.var(f"w[{b.id}]", ub=math.ceil((n_ub + nps * su_ub) / b.racks) + 1)
        m.add(f"busway_use[{b.id}]", {w: 1, z: -(math.ceil((n_ub + nps * su_ub) / b.racks) + 1)}, -math.inf, 0)
        cover[w] = b.racks
        cost[w] = sides * b.usd(limits.busway_length_m)
        for g in groups:
            if g.ik_a > b.sccr_a:
                m.add(f"fault[{g.id},{b.id}]", {f"y[{g.id}]": 1, z: 1}, -math.inf, 1)
        for o in opts.power:
            if o.ik_a > b.sccr_a:
                m.add(f"fault[{o.id},{b.id}]", {f"x[{o.id}]": 1, z: math.ceil(n_ub / o.racks) + 1},
                      -math.inf, math.ceil(n_ub / o.racks) + 1)
    m.add("busway_one", choose_b, 1, 1)
    m.add("busway_cover", cover, 0)
    # CDUs and loops
    choose_c, cover_c = {}, {"N": -1.0}
    heat_extra: dict[str, float] = {}
    mech_power: dict[str, float] = {}
    for o in opts.cdus:
        z = m.binary(f"z_cdu[{o.id}]")
        choose_c[z] = 1
        for k in CDU_SIZES:
            per_loop = k * o.racks
            if k > 1 and per_loop > LOOP_RACKS_MAX:
                continue
            ub = math.ceil(n_ub / per_loop) + 1
            loop = m.var(f"L[{o.id},{k}]", ub=ub)
            use = m.binary(f"v[{o.id},{k}]")
            m.add(f"loop_model[{o.id},{k}]", {loop: 1, z: -ub}, -math.inf, 0)
            m.add(f"loop_used[{o.id},{k}]", {loop: 1, use: -ub}, -math.inf, 0)
            cover_c[loop] = per_loop
            n_cdu = basis.units_surviving_a_side(k)
            cost[loop] = n_cdu * (price_of(o.entry).usd or 0.0)
            heat_extra[loop] = n_cdu * o.electric_w  # pump work ends up in the water
            mech_power[loop] = n_cdu * o.electric_w
    m.add("cdu_one", choose_c, 1, 1)
    m.add("cdu_cover", cover_c, 0)
    # heat to the facility water: racks (liquid and residual air through the CRAHs) and CDU pumps
    q_rack = c.liquid_w + c.air_w
    q_su = nps * p_net
    choose_h = {}
    hr_cover = {"N": -q_rack, "s": -q_su, **{k: -v for k, v in heat_extra.items()}}
    q_ub = n_ub * q_rack * 1.2 + su_ub * q_su
    for o in opts.heat_rejection:
        z = m.binary(f"z_hr[{o.id}]")
        choose_h[z] = 1
        ub = math.ceil(side * q_ub / o.capacity_w) + spares + 1
        n = m.var(f"n_hr[{o.id}]", ub=ub)
        m.add(f"hr_model[{o.id}]", {n: 1, z: -ub}, -math.inf, 0)
        hr_cover[n] = o.capacity_w
        hr_cover[z] = -spares * o.capacity_w
        cost[n] = price_of(o.entry).usd or 0.0
        mech_power[n] = o.electric_w
    m.add("hr_one", choose_h, 1, 1)
    m.add("heat_rejection", hr_cover, 0)
    if side > 1.0:
        m.add("heat_rejection_side", {k: (side * v if v < 0 and not k.startswith(("n_hr", "z_hr")) else v)
                                      for k, v in hr_cover.items() if not k.startswith("z_hr")}, 0)
    # residual air
    choose_a = {}
    air_cover = {"N": -c.air_w, "s": -q_su}
    for o in opts.crahs:
        z = m.binary(f"z_crah[{o.id}]")
        choose_a[z] = 1
        ub = math.ceil(side * (n_ub * c.air_w + su_ub * q_su) / o.capacity_w) + spares + 1
        n = m.var(f"n_crah[{o.id}]", ub=ub)
        m.add(f"crah_model[{o.id}]", {n: 1, z: -ub}, -math.inf, 0)
        air_cover[n] = o.capacity_w
        air_cover[z] = -spares * o.capacity_w
        price = price_of(o.entry).usd
        cost[n] = price if price is not None else UNPRICED_USD_PER_W * o.electric_w
        mech_power[n] = o.electric_w
    m.add("crah_one", choose_a, 1, 1)
    m.add("residual_air", air_cover, 0)
    if side > 1.0:
        m.add("residual_air_side", {k: (side * v if k in ("N", "s") else v) for k, v in air_cover.items()
                                    if not k.startswith("z_crah")}, 0)
    # facility pumps: flow for the heat at the design range
    rho_cp = facility_density(basis) * facility_cp(basis) * basis.facility_range_k
    choose_p = {}
    flow_cover = {"N": -q_rack / rho_cp, "s": -q_su / rho_cp, **{k: -v / rho_cp for k, v in heat_extra.items()}}
    for o in opts.pumps:
        z = m.binary(f"z_pump[{o.id}]")
        choose_p[z] = 1
        ub = math.ceil(side * q_ub / rho_cp / o.flow_m3_s) + spares + 1
        n = m.var(f"n_pump[{o.id}]", ub=ub)
        m.add(f"pump_model[{o.id}]", {n: 1, z: -ub}, -math.inf, 0)
        flow_cover[n] = o.flow_m3_s
        flow_cover[z] = -spares * o.flow_m3_s
        cost[n] = price_of(o.entry).usd or 0.0
        mech_power[n] = o.electric_w
    m.add("pump_one", choose_p, 1, 1)
    m.add("facility_flow", flow_cover, 0)
    if side > 1.0:
        m.add("facility_flow_side", {k: (side * v if not k.startswith(("n_pump", "z_pump")) else v)
                                     for k, v in flow_cover.items() if not k.startswith("z_pump")}, 0)
    # mechanical supply
    mech_cap = {k: v / MECH_POWER_FACTOR for k, v in mech_power.items()}
    buses = {}
    need_buses = 2 if spares else 1
    for o in opts.mech:
        # the service caps the mechanical power (constraint "utility" below): no more blocks than carry it
        u = m.var(f"u[{o.id}]", ub=math.ceil(side * limits.utility_va / o.capacity_va) + need_buses)
        mech_cap[u] = -o.capacity_va
        cost[u] = o.block_usd
        buses[u] = 1
    m.add("mech_capacity", mech_cap, -math.inf, sum(limits.existing_mech_va))
    n_existing_mech = len(limits.existing_mech_va)
    m.add("mech_buses", buses, need_buses - n_existing_mech, math.inf)
    for o in opts.cdus:
        for k in CDU_SIZES:
            if f"v[{o.id},{k}]" not in m.index:
                continue
            m.add(f"mech_buses_per_loop[{o.id},{k}]", {**buses, f"v[{o.id},{k}]": -min(basis.units_surviving_a_side(k), k + spares)}, -n_existing_mech,
                  math.inf)
    # utility
    util = {"N": c.s_electrical_va + LOSS_ALLOWANCE * c.p_electrical_w,
            "s": nps * (s_net + LOSS_ALLOWANCE * (basis.network.p_electrical_w if basis.network else 0.0))}
    # the service carries normal operation: a group installed to survive a lineup's loss (side > 1) runs
    # its units shared at part load, about the power of the units that carry the load
    for k, v in mech_power.items():
        util[k] = util.get(k, 0.0) + v / MECH_POWER_FACTOR / side
    m.add("utility", util, -math.inf, limits.utility_va - limits.other_va)
    if limits.floor_positions is not None:
        m.add("floor", {"N": 1, "s": nps}, -math.inf, limits.floor_positions)
    return m, cost


def select(basis: PlanBasis, groups: list[ExistingGroup], opts: Options, limits: SiteLimits, busways: list[BuswayOption],
           count: int | None = None, time_limit_s: float = 20.0) -> Selection:
    """Choose the upgrade: the most scalable units the site allows (or ``count`` racks), at least cost.

    Parameters
    ----------
    basis : PlanBasis
        Racks, policies, temperatures.
    groups : list of ExistingGroup
        Existing block groups that may be reused.
    opts : Options
        Catalog candidates.
    limits : SiteLimits
        Limits the upgrade cannot lift.
    busways : list of BuswayOption
        Rack busway candidates.
    count : int, optional
        Compute racks wanted; None for as many whole SUs as the site allows.
    time_limit_s : float
        Time limit of each MILP solve [s].

    Returns
    -------
    Selection
        The chosen equipment, its capex and the constraints' values.

    Raises
    ------
    SelectionInfeasible
        When no catalog combination reaches even one SU (or ``count``).
    """
    for name, items in (("CDU", opts.cdus), ("heat-rejection", opts.heat_rejection), ("CRAH", opts.crahs),
                        ("facility pump", opts.pumps), ("rack busway", busways)):
        if not items:
            raise SelectionInfeasible(f"no {name} in the catalog works at this site's conditions")
    stage1: dict = {}
    if count is None:
        model, _ = _build(basis, groups, opts, limits, busways, None, None)
        model.set_cost({"s": -1.0})
        res = model.solve(time_limit_s)
        if not res.success or res.int("s") < 1:
            raise SelectionInfeasible("not even one scalable unit fits: " + _why_infeasible(basis, limits))
        su = res.int("s")
        probe, _ = _build(basis, groups, opts, limits, busways, None, su + 1)
        probe.set_cost({})
        nxt = probe.solve(time_limit_s)
        stage1 = {"objective": "maximise scalable units", "scalable_units": su, "compute_racks": res.int("N"),
                  "next_su_feasible": bool(nxt.success), "solver": res.report(), "next_su_solver": nxt.report(),
                  "binding": _binding(basis, groups, opts, limits, busways, su)}
    else:
        su = math.ceil(count / basis.racks_per_su)
    model, cost = _build(basis, groups, opts, limits, busways, count, su)
    model.set_cost(cost)
    res = model.solve(time_limit_s)
    if not res.success:
        raise SelectionInfeasible(f"{count if count is not None else su * basis.racks_per_su} racks cannot be reached: "
                                  + _why_infeasible(basis, limits, count or su * basis.racks_per_su))
    return _selection(basis, groups, opts, busways, model, res, cost, su, stage1)


def _why_infeasible(basis: PlanBasis, limits: SiteLimits, n: int | None = None) -> str:
    """The site limits that ``n`` racks (one SU by default) exceed, in words."""
    n = n or basis.racks_per_su
    n_net = basis.network_racks(n)
    s = n * basis.compute.s_electrical_va + n_net * (basis.network.s_electrical_va if basis.network else 0.0)
    out = []
    if s > limits.utility_va - limits.other_va:
        out.append(f"the racks alone need {s / 1e6:.2f} MVA of a {limits.utility_va / 1e6:.2f} MVA service")
    if limits.floor_positions is not None and n + n_net > limits.floor_positions:
        out.append(f"{n + n_net:,} rack positions are needed and the floor holds {limits.floor_positions:,}")
    return "; ".join(out) or ("no combination of the catalog options satisfies every constraint "
                              "(mechanical supply, busway withstand or cooling)")


def _binding(basis, groups, opts, limits, busways, su) -> list[str]:
    """Site limits that stop one more SU: each is relaxed in turn and the next SU tried again."""
    out = []
    relax = {
        "utility service": SiteLimits(1e3 * limits.utility_va, limits.other_va, limits.floor_positions, limits.existing_mech_va,
                                      limits.busway_length_m),
        "floor area": SiteLimits(limits.utility_va, limits.other_va, None, limits.existing_mech_va,
                                 limits.busway_length_m),
    }
    for name, relaxed in relax.items():
        probe, _ = _build(basis, groups, opts, relaxed, busways, None, su + 1)
        probe.set_cost({})
        if probe.solve(10.0).success:
            out.append(name)
    return out


def _selection(basis, groups, opts, busways, model: Model, res, cost, su, stage1) -> Selection:
    v = res.values

    def chosen(prefix, items):
        for o in items:
            if round(v[f"{prefix}[{o.id}]"]) == 1:
                return o
        raise SelectionInfeasible(f"no {prefix} chosen")

    busway = chosen("z_busway", busways)
    cdu = chosen("z_cdu", opts.cdus)
    hro = chosen("z_hr", opts.heat_rejection)
    crah = chosen("z_crah", opts.crahs)
    pump = chosen("z_pump", opts.pumps)
    loops = []
    for k in CDU_SIZES:
        if f"L[{cdu.id},{k}]" in v:
            loops += [basis.units_surviving_a_side(k)] * res.int(f"L[{cdu.id},{k}]")
    n = res.int("N")
    capex = sum(cost[k] * v[k] for k in cost if not k.startswith("n_crah"))
    rows = []
    for name, coefs, lb, ub in model.rows:
        if name.startswith(("busway_use", "loop_", "hr_model", "crah_model", "pump_model", "fault[")):
            continue
        if name.startswith("mech_buses_per_loop[") and round(v.get("v[" + name.split("[", 1)[1], 0)) == 0:
            continue
        lhs = sum(c * v[k] for k, c in coefs.items())
        rows.append({"constraint": name, "value": round(lhs, 3), "lower": None if lb == -math.inf else round(lb, 3),
                     "upper": None if ub == math.inf else round(ub, 3),
                     "slack": round(min(lhs - lb, ub - lhs), 3)})
    c = basis.compute
    p_net = basis.network.p_design_w if basis.network else 0.0
    n_net = basis.network_racks(n)
    q = n * (c.liquid_w + c.air_w) + n_net * p_net + sum(loops) * cdu.electric_w
    mech_power = (sum(loops) * cdu.electric_w + res.int(f"n_hr[{hro.id}]") * hro.electric_w
                  + res.int(f"n_crah[{crah.id}]") * crah.electric_w + res.int(f"n_pump[{pump.id}]") * pump.electric_w)
    return Selection(
        n_compute=n, n_network=n_net, scalable_units=su,
        existing=[g for g in groups if round(v[f"y[{g.id}]"]) == 1],
        new_power=[(o, res.int(f"x[{o.id}]")) for o in opts.power if res.int(f"x[{o.id}]") > 0],
        busway=busway, busways_per_path=res.int(f"w[{busway.id}]"), cdu=cdu, loops=loops,
        heat_rejection=hro, heat_rejection_units=res.int(f"n_hr[{hro.id}]"), crah=crah,
        crah_units=res.int(f"n_crah[{crah.id}]"), pump=pump, pumps=res.int(f"n_pump[{pump.id}]"),
        new_mech=[(o, res.int(f"u[{o.id}]")) for o in opts.mech if res.int(f"u[{o.id}]") > 0],
        capex_usd=capex, stage1=stage1, constraints=rows, heat_to_water_w=q,
        air_heat_w=n * c.air_w + n_net * p_net,
        facility_flow_m3_s=q / (facility_density(basis) * facility_cp(basis) * basis.facility_range_k),
        mech_power_w=mech_power, solver=res.report())


__all__ = ["CDU_SIZES", "LOOP_RACKS_MAX", "ExistingGroup", "MECH_POWER_FACTOR", "Selection", "SelectionInfeasible", "SiteLimits",
           "existing_groups", "select"]
