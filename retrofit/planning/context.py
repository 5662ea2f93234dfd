"""Everything the sizing and the selection need to know about one site, worked out once."""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, load_catalog
from ..model import Design
from ..units import magnitude
from .basis import PlanBasis, plan_basis
from .inventory import ExistingBlock, existing_blocks, mv_lineups
from .layout_bridge import hall_positions, rack_spec
from .options import (
    DEFAULT_HEAT_REJECTION_KINDS,
    BuswayOption,
    Options,
    busway_options,
    cdu_options,
    crah_options,
    facility_head_m,
    heat_rejection_options,
    mech_options,
    mv_breaker_for,
    mv_ik_a,
    power_options,
    price_of,
    pump_options,
)
from .selection import ExistingGroup, SiteLimits, existing_groups

DEFAULT_MV_FEEDER_M = 100.0
"""MV feeder length to a new pad-mount when the site has no MV cable to go by [m] (estimate)."""



@dataclass
class SiteContext:
    """Basis, existing blocks, catalog options and site limits of one design."""

    design: Design
    basis: PlanBasis
    blocks: list[ExistingBlock]
    groups: list[ExistingGroup]
    options: Options
    busways: list[BuswayOption]
    limits: SiteLimits
    catalog: Catalog
    positions: dict[str, int]
    mv_feeder_m: float
    feeder_move_usd: float


def site_context(design: Design, *, heat_rejection_kinds=DEFAULT_HEAT_REJECTION_KINDS,
                 catalog: Catalog | None = None) -> SiteContext:
    """Work out the planning context of ``design``: options from the catalog and the site's limits.

    Parameters
    ----------
    design : Design
        The existing site with its goal.
    heat_rejection_kinds : tuple of str
        Heat-rejection kinds the selection may use.
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    SiteContext
        Basis, existing blocks and groups, options, busways, limits [VA, -], floor positions per hall [-].
    """
    catalog = catalog or load_catalog()
    basis = plan_basis(design, catalog)
    u = design.utility
    v_mv, sk = magnitude(u.voltage, "V"), magnitude(u.sk, "VA")
    blocks = existing_blocks(design, basis)
    mv_cables = [magnitude(c.length, "m") for c in design.electrical.cables if magnitude(c.voltage_rating, "V") > 1000]
    feeder_m = sum(mv_cables) / len(mv_cables) if mv_cables else DEFAULT_MV_FEEDER_M
    per_group = {"N": 1, "2N": 2}.get(basis.power_policy, 3)
    needs_lineups = len(mv_lineups(design)) < per_group
    mv_breaker = mv_breaker_for(catalog, v_mv, mv_ik_a(sk, v_mv), u.xr_ratio)
    move_usd = (price_of(mv_breaker).usd or 0.0) if (mv_breaker and needs_lineups) else 0.0
    groups = existing_groups(blocks, basis, move_usd)
    power = power_options(basis, v_mv, sk, u.xr_ratio, feeder_m, catalog)
    mech = mech_options(basis, v_mv, sk, u.xr_ratio, feeder_m, catalog)
    slab = min((magnitude(h.slab_rating, "Pa") for h in design.halls), default=None)
    cdus = cdu_options(basis, catalog, slab)
    from .capacity import s_per_rack_va, water_heat_per_rack_w
    n_est = max(basis.racks_per_su, int(magnitude(u.capacity, "VA") // (1.06 * s_per_rack_va(basis))))
    hr = heat_rejection_options(basis, heat_rejection_kinds, catalog, design_heat_w=n_est * water_heat_per_rack_w(basis))
    crahs = crah_options(catalog)
    cdu_dp = max((_m_q(o.entry.data.get("dp_fws_rated", "70 kPa")) for o in cdus), default=70e3)
    hr_dp = max((o.dp_pa for o in hr), default=60e3)
    pumps = pump_options(basis, facility_head_m(basis, cdu_dp, hr_dp), catalog)
    iks = [g.ik_a for g in groups] + [o.ik_a for o in power]
    v_lv = [o.v_ll for o in power] + [b.v_ll for g in groups for b in g.blocks]
    busways = busway_options(basis, min(v_lv) if v_lv else 415.0, min(iks) if iks else 0.0, catalog)
    opts = Options(power, mech, cdus, hr, crahs, pumps)
    best_cdu = max(cdus, key=lambda o: o.racks) if cdus else None
    spec = rack_spec(basis)
    equipment = [(b.transformer.lv_bus, magnitude(b.bus.width, "m") if b.bus and b.bus.width is not None else 3.7,
                  magnitude(b.bus.depth, "m") if b.bus and b.bus.depth is not None else 1.5) for b in blocks if b.bus is not None]
    cdu_size = ((best_cdu.width_m, best_cdu.depth_m) if best_cdu else (1.2, 1.2))
    positions = hall_positions(design, basis, spec, cdu_size, best_cdu.racks if best_cdu else 1, equipment)
    mech_caps = [b.capacity.normal_va - b.kept_load_va for b in blocks
                 if b.mechanical_ok and not (b.compute_ok and b.network_ok)]
    hall_len = max((magnitude(h.length, "m") for h in design.halls), default=60.0)
    height = max((magnitude(h.clear_height, "m") for h in design.halls), default=6.0)
    limits = SiteLimits(
        utility_va=magnitude(u.capacity, "VA"),
        other_va=sum(magnitude(o.p, "W") / o.power_factor for o in design.loads.other),
        floor_positions=sum(positions.values()) if design.halls else None,
        existing_mech_va=mech_caps, busway_length_m=hall_len / 3 + height)
    return SiteContext(design, basis, blocks, groups, opts, busways, limits, catalog, positions, feeder_m, move_usd)


def _m_q(text: str) -> float:
    from ..units import parse_quantity
    return float(parse_quantity(text, "pressure difference").to("Pa").magnitude)


__all__ = ["DEFAULT_MV_FEEDER_M", "SiteContext", "site_context"]
