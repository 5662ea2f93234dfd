"""The medium-voltage connection of a BESS: the step-up transformers its units need to reach the bus they
serve and the collector switchgear that gathers them, sized from the catalog and priced.

A battery unit with its power conversion system (PCS) delivers low-voltage AC (the ``ac_voltage`` of its
``bess`` catalog row, 480 V for the Megapack rows). A smoothing BESS at an MV point of common coupling
therefore stands behind step-up transformers, several units sharing one transformer as the pre-engineered
blocks of the makers do (Tesla's Megablock: four units, one MV transformer and switchgear), and the
transformers' MV sides are gathered on collector circuits, each with its feeder breaker, in a collector
switchgear lineup whose main breaker joins the bus.

Sizing (every choice the cheapest in the catalog that fits):

- **Step-up transformers**: catalog transformers whose primary is the bus voltage and whose secondary is
  the unit's AC voltage (within 1 %); ``n`` = ⌊S_T / S_unit⌋ units per transformer (the PCS rating in kVA,
  a row's kW taken at unit power factor), ⌈units / n⌉ transformers; the rating of least total price.
- **Collector feeders**: each feeder breaker carries at most its rated current (MV breakers are rated for
  100 % of their current, IEEE C37.04; no 80 % rule) in transformer nameplate currents:
  ⌊I_breaker / I_T⌋ transformers a feeder.
- **Collector lineups**: MV switchgear of the bus voltage whose bus rating carries the BESS's rated
  current and whose short-circuit rating holds the bus's fault current; ⌈I_BESS / I_bus⌉ lineups, each
  with a main breaker at the bus.
- **Breakers**: the cheapest catalog MV breaker of the voltage class that interrupts the utility's I″k at
  the bus with the planner's duty margin (:func:`retrofit.planning.options.mv_breaker_for`, the basis of the
  planner's other MV breakers at that bus). The converters' own current limit (catalog
  ``converter-fault-current``, row ``bess_pcs``) adds to it in the protection study's maximum case, where
  the duty rule judges every breaker of the design.

A BESS whose unit AC voltage is the bus voltage needs none of this; one whose catalog row is unknown (a
design written by hand naming another product) or for which the catalog holds no transformer is listed
as not priced.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import BESS, Design
from ..units import magnitude, parse_quantity
from .backup import CostLine
from .options import mv_breaker_for, mv_ik_a, price_of

SQRT3 = math.sqrt(3.0)

#: Bill-of-materials item names of the collector's lines (the transformers count as new transformers, so the
#: cost model gives each its yard pad).
STEP_UP_ITEM, FEEDER_ITEM, LINEUP_ITEM = "transformer", "breaker", "switchgear / switchboard"


@dataclass(frozen=True)
class BessCollector:
    """The MV connection sized for one BESS element.

    Attributes
    ----------
    bess_id : str
        Element id.
    bus_voltage_v, ac_voltage_v : float
        Voltage of the bus the BESS serves and the units' AC voltage [V].
    transformer : str or None
        Catalog id of the step-up transformer (None when none is needed or none fits).
    units_per_transformer, transformers : int
        Units sharing one transformer and transformers in all [-].
    feeders : int
        Collector circuits, one feeder breaker each [-].
    breaker : str or None
        Catalog id of the MV breakers (feeders and lineup mains).
    switchgear : str or None
        Catalog id of the collector lineup.
    lineups : int
        Collector lineups, one main breaker each [-].
    i_rated_a : float
        Rated current of the BESS at the bus [A].
    ik_a : float
        The utility's I″k at the bus, which the breakers are chosen to interrupt [A].
    cost_lines : tuple of CostLine
        Priced lines (a line whose price is unknown has ``unit_price_usd`` None).
    notes : tuple of str
        Plain-language account, and what could not be sized.
    """

    bess_id: str
    bus_voltage_v: float
    ac_voltage_v: float | None
    transformer: str | None
    units_per_transformer: int
    transformers: int
    feeders: int
    breaker: str | None
    switchgear: str | None
    lineups: int
    i_rated_a: float
    ik_a: float
    cost_lines: tuple[CostLine, ...]
    notes: tuple[str, ...]

    @property
    def price_usd(self) -> float | None:
        """Total of the priced lines [USD] (None when a line has no price)."""
        if any(c.unit_price_usd is None for c in self.cost_lines):
            return None
        return sum(c.unit_price_usd * c.quantity for c in self.cost_lines)


def bess_row(b: BESS, catalog: Catalog) -> dict | None:
    """The ``bess`` catalog row of element ``b`` (the planner names the element after the row), None when
    no row has its name or id."""
    return next((r for r in catalog.table("bess").rows if b.name in (r["name"], r["id"])), None)


def bus_voltage_v(design: Design, bus: str) -> float:
    """Nominal voltage of ``bus`` [V] (the utility's voltage at its service bus)."""
    for x in design.electrical.buses:
        if x.id == bus:
            return magnitude(x.voltage, "V")
    return magnitude(design.utility.voltage, "V")


def _data(entry, key: str, unit: str, dimension: str) -> float:
    return float(parse_quantity(entry.data[key], dimension).to(unit).magnitude)


def _line(item: str, entry, quantity: float, what: str) -> CostLine:
    p = price_of(entry)
    return CostLine(item, entry.id, float(quantity), "each", p.usd, f"{what}; {p.source}", p.uncertainty)


def _step_up(catalog: Catalog, v_bus: float, v_ac: float, unit_kva: float, units: int):
    best = None
    for e in catalog.list("transformer"):
        vp, vs = _data(e, "v_primary", "V", "voltage"), _data(e, "v_secondary", "V", "voltage")
        if abs(vp / v_bus - 1.0) > 0.01 or abs(vs / v_ac - 1.0) > 0.01:
            continue
        per = math.floor(_data(e, "rating", "kVA", "apparent power") / unit_kva + 1e-9)
        if per < 1:
            continue
        n = math.ceil(units / per)
        key = (n * (price_of(e).usd or math.inf), e.id)
        if best is None or key < best[0]:
            best = (key, e, per, n)
    return None if best is None else best[1:]


def _lineup(catalog: Catalog, v_bus: float, i_a: float, ik_a: float):
    best = None
    for e in catalog.list("switchboard"):
        d = e.data
        if d.get("kind") != "switchgear" or abs(_data(e, "voltage", "V", "voltage") / v_bus - 1.0) > 0.01:
            continue
        if "sccr" in d and _data(e, "sccr", "A", "current") < ik_a:
            continue
        n = math.ceil(i_a / _data(e, "bus_rating", "A", "current") - 1e-9)
        key = (n * (price_of(e).usd or math.inf), e.id)
        if best is None or key < best[0]:
            best = (key, e, n)
    return None if best is None else best[1:]


def size_bess_collector(design: Design, b: BESS, catalog: Catalog) -> BessCollector:
    """Step-up transformers, collector feeders and lineups for BESS element ``b`` of ``design``.

    Parameters
    ----------
    design : Design
        The design holding ``b`` (its bus voltage and the utility's short-circuit power).
    b : BESS
        The storage element (``count`` units of ``rating`` each).
    catalog : Catalog
        Catalog with the ``bess`` table, transformers, switchgear and breakers.

    Returns
    -------
    BessCollector
        The sizing and its cost lines.

    Examples
    --------
    >>> from retrofit.catalog import load_catalog
    >>> from retrofit.model import BESS
    >>> from retrofit.io.load import load
    >>> d = load("examples/pilot-hall/design.yaml")
    >>> b = BESS(id="s", name="tesla-megapack-2xl-2h", bus=d.utility.bus, rating="1927 kVA", energy="3854 kWh", count=3)
    >>> c = size_bess_collector(d, b, load_catalog())
    >>> c.transformer, c.units_per_transformer, c.transformers, c.feeders, c.lineups
    ('padmount-2000kva-13.8kv-480d', 1, 3, 1, 1)
    """
    v_bus = bus_voltage_v(design, b.bus)
    unit_kva = magnitude(b.rating, "kVA")
    i_rated = b.count * unit_kva * 1e3 / (SQRT3 * v_bus)
    ik = mv_ik_a(magnitude(design.utility.sk, "VA"), v_bus)
    row = bess_row(b, catalog)
    v_ac = None if row is None or row.get("ac_voltage") is None else float(row["ac_voltage"])
    empty = dict(transformer=None, units_per_transformer=0, transformers=0, feeders=0, breaker=None, switchgear=None,
                 lineups=0, i_rated_a=i_rated, ik_a=ik)
    if v_ac is None:
        return BessCollector(b.id, v_bus, None, **empty, cost_lines=(
            CostLine(STEP_UP_ITEM, f"step-up for {b.id}", 1.0, "lot", None,
                     f"{b.name} is no row of the bess table: its AC voltage, hence its step-up transformers and "
                     "collector switchgear, are unknown: not priced", None),),
            notes=(f"{b.id}: unit AC voltage unknown ({b.name} not in the bess table); step-up and collector not priced",))
    if abs(v_ac / v_bus - 1.0) <= 0.01:
        return BessCollector(b.id, v_bus, v_ac, **empty, cost_lines=(),
                             notes=(f"{b.id}: units at the bus voltage ({v_bus / 1e3:g} kV): no step-up needed",))
    step = _step_up(catalog, v_bus, v_ac, unit_kva, b.count)
    breaker = mv_breaker_for(catalog, v_bus, ik, design.utility.xr_ratio)
    lineup = _lineup(catalog, v_bus, i_rated, ik)
    lines: list[CostLine] = []
    notes: list[str] = []
    if step is None:
        lines.append(CostLine(STEP_UP_ITEM, f"{v_bus / 1e3:g}/{v_ac / 1e3:g} kV step-up", 1.0, "lot", None,
                              f"no catalog transformer {v_bus / 1e3:g} kV / {v_ac:g} V of {unit_kva:,.0f} kVA or more: "
                              "not priced", None))
        notes.append(f"{b.id}: no catalog step-up transformer {v_bus / 1e3:g} kV / {v_ac:g} V for {unit_kva:,.0f} kVA units")
        return BessCollector(b.id, v_bus, v_ac, **empty, cost_lines=tuple(lines), notes=tuple(notes))
    t_entry, per, n_t = step
    i_t = _data(t_entry, "rating", "VA", "apparent power") / (SQRT3 * v_bus)
    feeders = lineups = 0
    if breaker is None or lineup is None:
        notes.append(f"{b.id}: no catalog MV breaker or switchgear at {v_bus / 1e3:g} kV for {ik / 1e3:.1f} kA: "
                     "collector switchgear not priced")
        lines.append(CostLine(LINEUP_ITEM, f"{v_bus / 1e3:g} kV collector", 1.0, "lot", None,
                              "no catalog MV breaker or switchgear fits: not priced", None))
    else:
        per_feeder = max(1, math.floor(_data(breaker, "rating", "A", "current") / i_t + 1e-9))
        feeders = math.ceil(n_t / per_feeder)
        sw_entry, lineups = lineup
    lines.insert(0, _line(STEP_UP_ITEM, t_entry, n_t, f"BESS {b.id} step-up: {b.count} units of {unit_kva:,.0f} kVA, "
                                                     f"{per} a transformer"))
    if feeders:
        lines.append(_line(FEEDER_ITEM, breaker, feeders + lineups,
                           f"BESS {b.id} collector: {feeders} feeder breakers ({per_feeder} transformers of "
                           f"{i_t:,.0f} A each at most) and {lineups} lineup main breaker(s)"))
        lines.append(_line(LINEUP_ITEM, sw_entry, lineups,
                           f"BESS {b.id} collector lineup for {i_rated:,.0f} A at {v_bus / 1e3:g} kV"))
        notes.append(f"{b.id}: {n_t} x {t_entry.id} step-up transformer{'s' if n_t > 1 else ''} "
                     f"({per} unit{'s' if per > 1 else ''} each, "
                     f"{per * unit_kva / _data(t_entry, 'rating', 'kVA', 'apparent power'):.0%} loaded), {feeders} collector "
                     f"feeder(s) and {lineups} main breaker(s) ({breaker.id}, {ik / 1e3:.1f} kA at the bus) in "
                     f"{lineups} x {sw_entry.id}")
    return BessCollector(b.id, v_bus, v_ac, t_entry.id, per, n_t, feeders, breaker.id if breaker else None,
                         sw_entry.id if feeders else None, lineups, i_rated, ik, tuple(lines), tuple(notes))


def collector_cost_lines(existing: Design, after: Design, catalog: Catalog) -> list[CostLine]:
    """Cost lines of the BESS collectors ``after`` holds beyond those of ``existing`` (line by line, the
    quantity added), so the phases of a plan add up to the whole."""
    had: dict[tuple[str, str], float] = {}
    for b in existing.electrical.bess:
        for c in size_bess_collector(existing, b, catalog).cost_lines:
            had[(c.item, c.model)] = had.get((c.item, c.model), 0.0) + c.quantity
    out = []
    for b in sorted(after.electrical.bess, key=lambda x: x.id):
        for c in size_bess_collector(after, b, catalog).cost_lines:
            qty = round(c.quantity - had.get((c.item, c.model), 0.0), 6)
            had[(c.item, c.model)] = max(0.0, had.get((c.item, c.model), 0.0) - c.quantity)
            if qty > 0:
                out.append(CostLine(c.item, c.model, qty, c.unit, c.unit_price_usd, c.source, c.uncertainty))
    return out


__all__ = ["BessCollector", "FEEDER_ITEM", "LINEUP_ITEM", "STEP_UP_ITEM", "bess_row", "bus_voltage_v",
           "collector_cost_lines", "size_bess_collector"]
