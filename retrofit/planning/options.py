"""Catalog candidates for each part of the upgrade, with the capacities and costs the optimisation uses
(the cooling plant's in :mod:`.cooling_options`, re-exported here).

Every option is a catalog entry (or a set of entries that go together, such as a transformer with its
switchboard and main breaker) whose capacity for the target rack has been worked out in closed form
(:mod:`retrofit.planning.capacity`) and whose price carries its catalog provenance.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..catalog import Catalog, Entry, load_catalog
from ..electrical.ampacity import next_standard_rating
from ..model import Breaker, Bus, Transformer
from ..units import magnitude, parse_quantity
from .basis import PlanBasis, transformer_limits_at_site
from .capacity import (
    SQRT3,
    BlockCapacity,
    block_capacity,
    breaker_continuous_a,
    fault_current_lv_a,
    rack_load,
    racks_per_group,
)
from .cooling_options import (
    DEFAULT_HEAT_REJECTION_KINDS,
    FACILITY_PIPING_ALLOWANCE_PA,
    CduOption,
    CrahOption,
    HeatRejectionOption,
    PumpOption,
    cdu_options,
    crah_options,
    facility_head_m,
    heat_rejection_options,
    pump_options,
)
from .inventory import MECHANICAL_V_RANGE
from .unit_costs import MV_CABLE_USD_PER_M

BREAKER_DUTY_MARGIN = 1.10
"""Interrupting rating kept above the closed-form symmetrical fault while the options are screened,
before any design exists [-]. The breakers of the built design are then checked, and raised where
needed, on the fault study of the design itself (method, -7.5 % impedance tolerance, multiplying
factor): :func:`retrofit.planning.protection_settings.set_protection`."""



@dataclass(frozen=True)
class Price:
    """A catalog price with its provenance.

    Attributes
    ----------
    usd : float or None
        Price [USD]; None when the catalog gives none.
    uncertainty : float or None
        Relative uncertainty from the entry's notes (``price_uncertainty: +/-30 %`` gives 0.3) [-].
    source : str
        Class and source of the figure.
    entry : str
        Catalog id.
    """

    usd: float | None
    uncertainty: float | None
    source: str
    entry: str


_UNCERTAINTY = re.compile(r"price_uncertainty:\s*\+/-\s*(\d+(?:\.\d+)?)\s*%")


def price_of(entry: Entry) -> Price:
    """The price of a catalog entry, its uncertainty and its source.

    Parameters
    ----------
    entry : Entry
        A catalog entry.

    Returns
    -------
    Price
        Price [USD] (None when the entry has none), relative uncertainty [-] from the entry's notes,
        and the class and source of the figure.
    """
    raw = entry.data.get("price")
    if raw is None:
        return Price(None, None, f"no price in the catalog entry {entry.id}", entry.id)
    usd = float(parse_quantity(raw, "money").to("USD").magnitude)
    m = _UNCERTAINTY.search(entry.notes or "")
    cls, source = entry.figure_provenance("price")
    return Price(usd, float(m.group(1)) / 100.0 if m else None, f"{cls}: {source} (catalog {entry.id})", entry.id)



def _q(entry: Entry, key: str, unit: str, dimension: str) -> float | None:
    raw = entry.data.get(key)
    if raw is None:
        return None
    return float(parse_quantity(raw, dimension).to(unit).magnitude)


def _mv_class_kv(entry_id: str) -> float | None:
    m = re.search(r"-(\d+(?:\.\d+)?)kv$", entry_id)
    return float(m.group(1)) if m else None


def mv_breaker_for(catalog: Catalog, v_mv: float, ik_a: float, xr_ratio: float | None = None,
                   rating_a: float = 0.0) -> Entry | None:
    """Cheapest MV breaker of the catalog for a system voltage and fault.

    Parameters
    ----------
    catalog : Catalog
        Catalog.
    v_mv : float
        System voltage [V] (the breaker's class, read from its id, must cover it).
    ik_a : float
        Fault current it must interrupt and close onto, before the duty margin [A].
    xr_ratio : float, optional
        X/R of the fault [-]; None takes the X/R up to which the closing-and-latching factor of the
        breaker's basis is fixed (17 peak, 25 asymmetrical rms).
    rating_a : float, optional
        Continuous current the breaker must carry [A]; 0 (the default) leaves the rating free.

    Returns
    -------
    Entry or None
        The breaker entry, or None when none fits.

    Notes
    -----
    A breaker fits when its interrupting rating and its closing-and-latching capability (the entry's
    ``closing_latching``, else the standard 2.6 x interrupting, peak) each cover the duty times
    :data:`BREAKER_DUTY_MARGIN`; the first-cycle duty is the current times
    :func:`retrofit.electrical.closing_latching.first_cycle_factor` for the X/R.
    """
    from ..electrical.closing_latching import FIXED_FACTOR, first_cycle_factor, standard_closing_latching_a

    best = None
    for e in catalog.list("breaker"):
        if e.data.get("kind") != "mv_breaker":
            continue
        kv = _mv_class_kv(e.id)
        if kv is None or kv * 1e3 < v_mv:
            continue
        if rating_a > 0.0 and _q(e, "rating", "A", "current") < rating_a - 1e-6:
            continue
        interrupting = _q(e, "interrupting", "A", "current")
        if interrupting < ik_a * BREAKER_DUTY_MARGIN:
            continue
        cl_basis = e.data.get("closing_latching_basis", "peak")
        cl_a = _q(e, "closing_latching", "A", "current") or standard_closing_latching_a(interrupting, cl_basis)
        mf = first_cycle_factor(FIXED_FACTOR[cl_basis][1] if xr_ratio is None else xr_ratio, cl_basis)
        if cl_a < mf * ik_a * BREAKER_DUTY_MARGIN:
            continue
        if best is None or (price_of(e).usd or math.inf) < (price_of(best).usd or math.inf):
            best = e
    return best


def mv_ik_a(sk_va: float, v_mv: float) -> float:
    """Three-phase fault current at the MV service.

    Parameters
    ----------
    sk_va : float
        Short-circuit power of the service [VA].
    v_mv : float
        Service voltage [V].

    Returns
    -------
    float
        :math:`c\\,S_k/(\\sqrt3\\,U_n)` with c = 1.1 (IEC 60909-0 Table 1) [A].
    """
    return 1.1 * sk_va / (SQRT3 * v_mv)


# --- electrical -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PowerOption:
    """A new IT power block type: transformer, LV switchboard and main breaker from the catalog.

    Attributes
    ----------
    id : str
        ``<transformer>+<switchboard>+<breaker>``.
    transformer, switchboard, breaker : Entry
        The catalog entries.
    v_ll : float
        LV voltage [V].
    capacity : BlockCapacity
        Normal and contingency capacity [VA].
    ik_a : float
        Fault current at the LV bus [A].
    racks : int
        Target racks per group of blocks at the power policy.
    blocks_per_group : int
        Blocks per group (2 for 2N).
    block_usd : float
        Price of one block with its MV feeder (breaker and cable) [USD].
    mv_breaker : Entry or None
        The MV feeder breaker.
    """

    id: str
    transformer: Entry
    switchboard: Entry
    breaker: Entry
    v_ll: float
    capacity: BlockCapacity
    ik_a: float
    racks: int
    blocks_per_group: int
    block_usd: float
    mv_breaker: Entry | None

    @property
    def group_usd(self) -> float:
        return self.blocks_per_group * self.block_usd


def _main_breakers(catalog: Catalog, bus_rating_a: float, fla_a: float, ik_a: float) -> list[Entry]:
    """LV main breakers that fit a bus: rating up to the bus and up to 125 % of the transformer FLA or,
    where that is not a standard rating, the next standard rating of NEC 240.6(A) (Table 450.3(A),
    Note 1; :func:`retrofit.electrical.ampacity.next_standard_rating`), interrupting above the fault
    with margin."""
    candidates = [e for e in catalog.list("breaker") if e.data.get("kind") in ("lvpcb", "iccb")]
    limit = 1.25 * fla_a
    next_step = next_standard_rating(limit) or limit
    out = []
    for e in candidates:
        r = _q(e, "rating", "A", "current")
        if r > bus_rating_a + 1e-6 or r > next_step + 1e-6:
            continue
        if _q(e, "interrupting", "A", "current") < ik_a * BREAKER_DUTY_MARGIN:
            continue
        out.append(e)
    return out


def power_options(basis: PlanBasis, v_mv: float, sk_va: float, xr_mv: float, mv_cable_m: float,
                  catalog: Catalog | None = None) -> list[PowerOption]:
    """New IT block types for a site fed at ``v_mv`` [V]: those not dominated in (price, racks, fault).

    Parameters
    ----------
    basis : PlanBasis
        Racks and criteria.
    v_mv : float
        MV service voltage [V].
    sk_va : float
        Short-circuit power at the service [VA].
    xr_mv : float
        X/R of the service [-].
    mv_cable_m : float
        Typical MV feeder length to a new transformer [m].
    catalog : Catalog, optional
        Catalog.
    """
    catalog = catalog or load_catalog()
    load = rack_load(basis)
    mv_breaker = mv_breaker_for(catalog, v_mv, mv_ik_a(sk_va, v_mv), xr_mv)
    mv_usd = (price_of(mv_breaker).usd or 0.0) if mv_breaker else 0.0
    out = []
    for t in catalog.list("transformer"):
        tr = Transformer(id="x", hv_bus="a", lv_bus="b", **t.data)
        limits = transformer_limits_at_site(basis, tr)
        v_p, v_s = magnitude(tr.v_primary, "V"), magnitude(tr.v_secondary, "V")
        if abs(v_p / v_mv - 1) > 0.01 or v_s > 1000 or tr.secondary_config != "wye_grounded":
            continue
        if not basis.compute.suits(v_s, True)[0] or (basis.network and not basis.network.suits(v_s, True)[0]):
            continue
        s_t = magnitude(tr.rating, "VA")
        ik = fault_current_lv_a(s_t, magnitude(tr.z_percent, "percent"), tr.xr_ratio, v_s, sk_va, xr_mv)
        fla = s_t / (SQRT3 * v_s)
        for s in catalog.list("switchboard"):
            bus = Bus(id="x", **s.data)
            if abs(magnitude(bus.voltage, "V") / v_s - 1) > 0.01 or bus.system != "wye_4w" or bus.kind == "panelboard":
                continue
            if bus.sccr is not None and magnitude(bus.sccr, "A") < ik:
                continue
            bus_a = magnitude(bus.bus_rating, "A")
            for b in _main_breakers(catalog, bus_a, fla, ik):
                br = Breaker(id="x", bus="x", protects="x", **b.data)
                cap = block_capacity(s_t, v_s, bus_a, breaker_continuous_a(br), limits.normal, limits.contingency,
                                     magnitude(tr.z_percent, "percent"), tr.xr_ratio)
                racks, per_group = racks_per_group(cap, load, basis.power_policy)
                if racks <= 0:
                    continue
                usd = sum(price_of(e).usd or 0.0 for e in (t, s, b)) + mv_usd + MV_CABLE_USD_PER_M * mv_cable_m
                out.append(PowerOption(f"{t.id}+{s.id}+{b.id}", t, s, b, v_s, cap, ik, racks, per_group, usd,
                                       mv_breaker))
    return _pareto(out, lambda o: (o.group_usd, -o.racks, o.ik_a))


def _pareto(options: list, key) -> list:
    """Options not dominated: no other is at least as good in every key and better in one."""
    keys = [key(o) for o in options]
    keep = []
    for i, o in enumerate(options):
        dominated = any(all(a <= b for a, b in zip(keys[j], keys[i])) and keys[j] != keys[i]
                        for j in range(len(options)) if j != i)
        if not dominated:
            keep.append(o)
    # identical keys: keep the first by id so the result is deterministic
    seen, out = set(), []
    for o in sorted(keep, key=lambda o: (key(o), o.id)):
        if key(o) not in seen:
            seen.add(key(o))
            out.append(o)
    return out


@dataclass(frozen=True)
class MechOption:
    """A new mechanical power block: transformer to a 380-600 V bus for pumps, fans and CDUs."""

    id: str
    transformer: Entry
    switchboard: Entry
    breaker: Entry
    v_ll: float
    capacity_va: float
    block_usd: float
    mv_breaker: Entry | None


def mech_options(basis: PlanBasis, v_mv: float, sk_va: float, xr_mv: float, mv_cable_m: float,
                 catalog: Catalog | None = None) -> list[MechOption]:
    """New mechanical block types (any secondary system of 380-600 V), not dominated in (price, capacity).

    Parameters
    ----------
    basis : PlanBasis
        Criteria (loading limits).
    v_mv : float
        MV service voltage [V].
    sk_va : float
        Short-circuit power at the service [VA].
    xr_mv : float
        X/R of the service [-].
    mv_cable_m : float
        Typical MV feeder length to a new transformer [m].
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    list of MechOption
        Transformer, switchboard and main breaker with their normal capacity [VA] and price [USD].
    """
    catalog = catalog or load_catalog()
    mv_breaker = mv_breaker_for(catalog, v_mv, mv_ik_a(sk_va, v_mv), xr_mv)
    mv_usd = (price_of(mv_breaker).usd or 0.0) if mv_breaker else 0.0
    out = []
    for t in catalog.list("transformer"):
        tr = Transformer(id="x", hv_bus="a", lv_bus="b", **t.data)
        limits = transformer_limits_at_site(basis, tr)
        v_p, v_s = magnitude(tr.v_primary, "V"), magnitude(tr.v_secondary, "V")
        if abs(v_p / v_mv - 1) > 0.01 or not (MECHANICAL_V_RANGE[0] <= v_s <= MECHANICAL_V_RANGE[1]):
            continue
        system = "wye_4w" if tr.secondary_config == "wye_grounded" else "delta_3w"
        s_t = magnitude(tr.rating, "VA")
        ik = fault_current_lv_a(s_t, magnitude(tr.z_percent, "percent"), tr.xr_ratio, v_s, sk_va, xr_mv)
        fla = s_t / (SQRT3 * v_s)
        for s in catalog.list("switchboard"):
            bus = Bus(id="x", **s.data)
            if abs(magnitude(bus.voltage, "V") / v_s - 1) > 0.01 or bus.system != system or bus.kind == "panelboard":
                continue
            if bus.sccr is not None and magnitude(bus.sccr, "A") < ik:
                continue
            bus_a = magnitude(bus.bus_rating, "A")
            for b in _main_breakers(catalog, bus_a, fla, ik):
                br = Breaker(id="x", bus="x", protects="x", **b.data)
                cap = block_capacity(s_t, v_s, bus_a, breaker_continuous_a(br), limits.normal, limits.contingency,
                                     magnitude(tr.z_percent, "percent"), tr.xr_ratio)
                usd = sum(price_of(e).usd or 0.0 for e in (t, s, b)) + mv_usd + MV_CABLE_USD_PER_M * mv_cable_m
                out.append(MechOption(f"{t.id}+{s.id}+{b.id}", t, s, b, v_s, cap.normal_va, usd, mv_breaker))
    return _pareto(out, lambda o: (o.block_usd, -o.capacity_va))


@dataclass(frozen=True)
class BuswayOption:
    """Rack busway: a catalog busway, the breaker that protects it and the rack tap box.

    Attributes
    ----------
    busway : Entry
        The busway.
    racks : int
        Target racks one busway carries at full load within the criteria's busway loading [-].
    breaker : Entry
        Branch breaker at the switchboard.
    tap_box : Entry or None
        Tap-off unit per rack.
    sccr_a : float
        Highest fault at the switchboard the option withstands and interrupts [A]: the least of the
        busway withstand, the tap box rating and the breaker's interrupting rating over the duty margin.
    usd_per_m : float
        Busway price per metre [USD/m].
    """

    busway: Entry
    racks: int
    breaker: Entry
    tap_box: Entry | None
    sccr_a: float
    usd_per_m: float

    @property
    def id(self) -> str:
        return self.busway.id

    def usd(self, length_m: float) -> float:
        """Busway run of ``length_m`` [m] with its breaker and one tap box per rack [USD]."""
        return (self.usd_per_m * length_m + (price_of(self.breaker).usd or 0.0)
                + self.racks * ((price_of(self.tap_box).usd or 0.0) if self.tap_box else 0.0))


def busway_options(basis: PlanBasis, v_ll: float, ik_a: float, catalog: Catalog | None = None) -> list[BuswayOption]:
    """Rack busways for an LV system and fault level.

    Parameters
    ----------
    basis : PlanBasis
        Racks (current at the sizing basis) and criteria (busway loading).
    v_ll : float
        LV voltage [V].
    ik_a : float
        Least fault current at the switchboards the busways start from [A].
    catalog : Catalog, optional
        Catalog.

    Returns
    -------
    list of BuswayOption
        Busway, racks per run, breaker, tap box, withstand [A] and price [USD/m].

    Notes
    -----
    A busway of rating :math:`I_r` carries :math:`\\lfloor k\\,I_r/I_{rack}\\rfloor` racks, with
    :math:`k` the criteria's busway loading (80 %, NEC 368.17 practice) and :math:`I_{rack}` the
    full rack current (one path carries the whole rack after the loss of the other). Its breaker is
    the cheapest of rating at least 125 % of that load and at most the busway rating.
    """
    catalog = catalog or load_catalog()
    k = magnitude(basis.criteria.max_busway_loading, "dimensionless")
    i_rack = basis.compute.current_a(v_ll)
    taps = [e for e in catalog.list("pdu") if e.data.get("kind") == "tap_box"]
    tap = min((e for e in taps if 0.8 * _q(e, "rating", "A", "current") >= i_rack
               and (_q(e, "sccr", "A", "current") or math.inf) >= ik_a),
              key=lambda e: price_of(e).usd or math.inf, default=None)
    breakers = [e for e in catalog.list("breaker") if e.data.get("kind") in ("mccb", "iccb", "lvpcb")]
    out = []
    for e in catalog.list("busway"):
        if e.data.get("kind") not in ("plug_in", "overhead_track"):
            continue
        rating = _q(e, "rating", "A", "current")
        sccr = _q(e, "sccr", "A", "current") or math.inf
        if sccr < ik_a:
            continue
        racks = int(k * rating // i_rack)
        if racks <= 0:
            continue
        need = 1.25 * racks * i_rack
        fits = [b for b in breakers if need <= _q(b, "rating", "A", "current") <= rating
                and _q(b, "interrupting", "A", "current") >= ik_a * BREAKER_DUTY_MARGIN]
        if not fits:
            continue
        # the cheapest breaker that interrupts all the busway withstands; else the cheapest that fits ik_a
        full = [b for b in fits if _q(b, "interrupting", "A", "current") >= sccr * BREAKER_DUTY_MARGIN]
        breaker = min(full or fits, key=lambda b: (price_of(b).usd or math.inf, b.id))
        withstand = min(sccr, _q(breaker, "interrupting", "A", "current") / BREAKER_DUTY_MARGIN,
                        (_q(tap, "sccr", "A", "current") or math.inf) if tap else math.inf)
        out.append(BuswayOption(e, racks, breaker, tap, withstand, price_of(e).usd or 0.0))
    return out


@dataclass
class Options:
    """Every candidate of every category for one site."""

    power: list[PowerOption]
    mech: list[MechOption]
    cdus: list[CduOption]
    heat_rejection: list[HeatRejectionOption]
    crahs: list[CrahOption]
    pumps: list[PumpOption]
    notes: list[str] = field(default_factory=list)


__all__ = ["BREAKER_DUTY_MARGIN", "BuswayOption", "CduOption", "CrahOption", "DEFAULT_HEAT_REJECTION_KINDS",
           "FACILITY_PIPING_ALLOWANCE_PA", "HeatRejectionOption", "MechOption", "Options", "PowerOption", "Price",
           "PumpOption", "busway_options", "cdu_options", "crah_options", "facility_head_m", "heat_rejection_options",
           "mech_options", "mv_breaker_for", "mv_ik_a", "power_options", "price_of", "pump_options"]
