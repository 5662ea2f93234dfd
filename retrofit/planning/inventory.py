"""What an existing site holds, seen from the retrofit: transformer blocks, MV feeders, MV lineups.

A *block* is a transformer with the LV bus it feeds and that bus's main breaker: the unit of power
capacity the planner reasons about. Each existing block is classed by what its secondary can feed:
the target racks (4-wire wye inside their input range), the network racks, three-phase mechanical
loads (any LV system from 380 to 600 V), or nothing useful.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Breaker, Bus, Cable, Design, Transformer
from ..units import magnitude
from .basis import PlanBasis, transformer_limits_at_site
from .capacity import (
    BlockCapacity,
    block_capacity,
    breaker_continuous_a,
    fault_current_lv_a,
)

MECHANICAL_V_RANGE = (380.0, 600.0)
"""Line-to-line voltages at which three-phase motor loads (pumps, fans, CDUs) are built [V]."""



@dataclass
class ExistingBlock:
    """An existing transformer, its LV bus and main breaker, with what they can feed.

    Attributes
    ----------
    transformer : Transformer
        The transformer.
    bus : Bus or None
        The LV bus it feeds.
    main_breaker : Breaker or None
        The breaker at the LV bus that protects the transformer.
    mv_cable : Cable or None
        The MV feeder cable to the transformer's primary.
    mv_breaker : Breaker or None
        The MV breaker that protects that cable.
    v_ll : float
        Secondary line-to-line voltage [V].
    has_neutral : bool
        Secondary is a grounded wye and the bus a 4-wire wye.
    capacity : BlockCapacity
        Normal and contingency capacity [VA].
    kept_load_va : float
        Other loads on the LV bus that stay (lighting, offices) [VA].
    ik_a : float
        Bolted three-phase fault at the LV bus [A].
    compute_ok, network_ok : bool
        Whether the secondary suits the target and the network racks.
    compute_reason : str
        The figures behind ``compute_ok``.
    mechanical_ok : bool
        Whether the secondary suits three-phase mechanical loads.
    """

    transformer: Transformer
    bus: Bus | None
    main_breaker: Breaker | None
    mv_cable: Cable | None
    mv_breaker: Breaker | None
    v_ll: float
    has_neutral: bool
    capacity: BlockCapacity
    kept_load_va: float
    ik_a: float
    compute_ok: bool
    network_ok: bool
    compute_reason: str
    mechanical_ok: bool

    @property
    def id(self) -> str:
        return self.transformer.id


def existing_blocks(design: Design, basis: PlanBasis) -> list[ExistingBlock]:
    """Every transformer of a design that steps MV down to LV (secondary up to 1 kV), as a block.

    Parameters
    ----------
    design : Design
        The site.
    basis : PlanBasis
        Racks (input range) and criteria (loading limits).

    Returns
    -------
    list of ExistingBlock
        In file order, each with its capacity [VA], fault current [A] and what it can feed.
    """
    e = design.electrical
    buses = {b.id: b for b in e.buses}
    u = design.utility
    sk = magnitude(u.sk, "VA")
    out = []
    for t in e.transformers:
        v_ll = magnitude(t.v_secondary, "V")
        if v_ll > 1000.0:
            continue
        bus = buses.get(t.lv_bus)
        main = next((b for b in e.breakers if b.protects == t.id and b.bus == t.lv_bus), None)
        cable = next((c for c in e.cables if c.to_bus == t.hv_bus), None)
        mv_breaker = next((b for b in e.breakers if cable is not None and b.protects == cable.id), None)
        limits = transformer_limits_at_site(basis, t)
        has_neutral = t.secondary_config == "wye_grounded" and (bus is None or bus.system == "wye_4w")
        cap = block_capacity(magnitude(t.rating, "VA"), v_ll, magnitude(bus.bus_rating, "A") if bus and bus.bus_rating else None,
                             breaker_continuous_a(main), limits.normal, limits.contingency,
                             magnitude(t.z_percent, "percent"), t.xr_ratio)
        kept = sum(magnitude(o.p, "W") / o.power_factor for o in design.loads.other if o.bus == t.lv_bus)
        ik = fault_current_lv_a(magnitude(t.rating, "VA"), magnitude(t.z_percent, "percent"), t.xr_ratio, v_ll, sk, u.xr_ratio)
        ok, reason = basis.compute.suits(v_ll, has_neutral)
        net_ok = basis.network.suits(v_ll, has_neutral)[0] if basis.network else True
        mech = MECHANICAL_V_RANGE[0] <= v_ll <= MECHANICAL_V_RANGE[1]
        out.append(ExistingBlock(t, bus, main, cable, mv_breaker, v_ll, has_neutral, cap, kept, ik, ok, net_ok,
                                 reason, mech))
    return out


def mv_lineups(design: Design) -> list[Bus]:
    """MV switchgear lineups of a design.

    Parameters
    ----------
    design : Design
        The site.

    Returns
    -------
    list of Bus
        Buses of kind ``switchgear`` above 1 kV, in file order.
    """
    return [b for b in design.electrical.buses if b.kind == "switchgear" and magnitude(b.voltage, "V") > 1000.0]


def lineup_capacity_va(bus: Bus) -> float:
    """Apparent power an MV lineup carries at its bus rating.

    Parameters
    ----------
    bus : Bus
        The lineup: voltage [V] and bus rating [A].

    Returns
    -------
    float
        :math:`\\sqrt3\\,V\\,I_{bus}` [VA]; infinite without a rating.
    """
    if bus.bus_rating is None:
        return math.inf
    return math.sqrt(3.0) * magnitude(bus.voltage, "V") * magnitude(bus.bus_rating, "A")


__all__ = ["ExistingBlock", "MECHANICAL_V_RANGE", "existing_blocks", "lineup_capacity_va", "mv_lineups"]
