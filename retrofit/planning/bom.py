"""Bill of materials: what the proposal adds to the site, with quantities, prices and their sources.

Every new element of the proposed design (an id the existing design does not have) is counted by
catalog model; busways and MV cables by the metre, pipes by the metre of each bore (supply and
return), tap boxes one per rack feed. Prices are the catalog's, each with its provenance and the
uncertainty its catalog notes give; the few figures no catalog holds are estimates from
:mod:`retrofit.planning.unit_costs` and :mod:`retrofit.planning.piping`, marked as such. The capex
uncertainty is given two ways: all errors in the same direction (the sum) and independent errors
(root sum of squares).
"""
from __future__ import annotations

import math
from collections import defaultdict

from ..catalog import Catalog, load_catalog
from ..model import Design
from ..model.base import CATALOG_KIND
from ..units import magnitude, parse_quantity
from .options import price_of
from .piping import PIPE_COST_SOURCE, pipe_cost_usd_per_m
from .unit_costs import (
    MINER_REMOVAL_SOURCE,
    MINER_REMOVAL_USD,
    MV_CABLE_SOURCE,
    MV_CABLE_USD_PER_M,
)

ESTIMATE_UNCERTAINTY = 0.5
"""Relative uncertainty given to the planner's own estimates (pipe and cable runs, removal) [-]."""

PER_METRE = {"busways"}
ITEM_NAMES = {"transformers": "transformer", "buses": "switchgear / switchboard", "breakers": "breaker",
              "busways": "busway", "pdus": "PDU", "ups": "UPS", "generators": "generator", "racks": "rack",
              "cdus": "CDU", "pumps": "facility pump", "heat_rejection": "heat-rejection unit", "crahs": "CRAH",
              "rear_doors": "rear-door heat exchanger", "exhaust_fans": "exhaust fan"}
CATEGORY_ORDER = {"electrical": 0, "cooling": 1, "works": 2, "it": 3}



def _item(category, item, model, quantity, unit, price, source, uncertainty) -> dict:
    total = None if price is None else price * quantity
    return {"category": category, "item": item, "model": model, "quantity": round(quantity, 3), "unit": unit,
            "unit_price_usd": price, "price_source": source, "uncertainty": uncertainty,
            "total_usd": None if total is None else round(total, 2)}


def _catalog_price(catalog: Catalog, model: str | None, kind: str):
    if model is None:
        return None, "no catalog model: not priced", None
    try:
        p = price_of(catalog.get(model, kind))
    except KeyError:
        return None, f"model {model} not in the catalog", None
    return p.usd, p.source, p.uncertainty


def bill_of_materials(existing: Design, proposal, catalog: Catalog | None = None, *,
                      proposed: Design | None = None) -> dict:
    """What ``proposal`` (or the design ``proposed``) adds to ``existing``, priced.

    Parameters
    ----------
    existing : Design
        The site before (or the previous phase).
    proposal : Proposal or None
        The proposal; its design is used unless ``proposed`` is given.
    catalog : Catalog, optional
        Catalog.
    proposed : Design, optional
        The design after.

    Returns
    -------
    dict
        ``{"items": [...], "capex_facility_usd", "capex_it_usd", "capex_total_usd",
        "uncertainty_usd": {"correlated", "independent"}, "unpriced": [...], "currency"}``.
    """
    catalog = catalog or load_catalog()
    after = proposed if proposed is not None else proposal.design
    before = {e.id for _, e in existing.elements()} | {l.id for l in existing.cooling.loops}
    # an element kept from before whose count grows (heat-rejection units, CRAHs added in a later phase)
    # adds the difference: the phase BOMs then add up to the whole
    before_count = {e.id: getattr(e, "count", None) for _, e in existing.elements()}
    from .backup import placed_backup_ids
    backup_ids = placed_backup_ids(after)  # priced once, by the backup sizing's cost lines below
    items: list[dict] = []
    counts: dict[tuple, float] = defaultdict(float)
    kinds: dict[tuple, str] = {}
    for section in ("electrical", "loads", "cooling"):
        block = getattr(after, section)
        for list_name in type(block).model_fields:
            kind = CATALOG_KIND.get(list_name)
            for e in getattr(block, list_name):
                if list_name in ("loops", "other", "bess") or e.id in backup_ids:
                    continue
                grown = 0
                if e.id in before:
                    was = before_count.get(e.id)
                    if list_name in PER_METRE or was is None or getattr(e, "count", None) is None:
                        continue
                    grown = e.count - was
                    if grown <= 0:
                        continue
                if list_name == "buses" and e.kind in ("node", "busway_tap"):
                    continue
                if list_name == "cables":
                    counts[("MV cable" if magnitude(e.voltage_rating, "V") > 1000 else "LV cable", e.size, "m")] += \
                        magnitude(e.length, "m") * e.sets
                    continue
                qty = (grown or getattr(e, "count", 1)) if list_name not in PER_METRE else magnitude(e.length, "m")
                unit = "m" if list_name in PER_METRE else "each"
                key = (list_name, e.model, unit)
                counts[key] += qty
                kinds[key] = kind
    for key in sorted(counts, key=lambda k: (str(k[0]), str(k[1]))):
        what, model, unit = key
        qty = counts[key]
        if what in ("MV cable", "LV cable"):
            price = MV_CABLE_USD_PER_M if what == "MV cable" else None
            items.append(_item("electrical", f"{what} {model}", None, qty, unit, price,
                               MV_CABLE_SOURCE if price else "no cable catalog: not priced",
                               ESTIMATE_UNCERTAINTY if price else None))
            continue
        price, source, unc = _catalog_price(catalog, model, kinds[key])
        category = "it" if what == "racks" else ("cooling" if what in ("cdus", "pumps", "heat_rejection", "crahs",
                                                                        "rear_doors", "exhaust_fans") else "electrical")
        items.append(_item(category, ITEM_NAMES.get(what, what), model, qty, unit, price, source, unc))
    from .swing_mitigation import BESS_PRICE_UNCERTAINTY, bess_unit_price_usd, new_bess
    for b in new_bess(existing, after):  # priced at their own unit price (retrofit.planning.swing_mitigation)
        price = bess_unit_price_usd(b)
        items.append(_item("electrical", "BESS with PCS (smoothing)", b.name or b.id, b.count, "each", price,
                           (b.notes or "element price") if price is not None else "no price given: not priced",
                           BESS_PRICE_UNCERTAINTY if price is not None else None))
    from .bess_collector import collector_cost_lines
    for c in collector_cost_lines(existing, after, catalog):  # the BESS's MV step-up transformers and collector
        items.append(_item("electrical", c.item, c.model, c.quantity, c.unit, c.unit_price_usd, c.source, c.uncertainty))
    items += _tap_boxes(existing, after, catalog)
    items += _arc_flash_relays(existing, after, catalog)
    items += _replaced_breakers(existing, after, catalog)
    items += _pipes(existing, after)
    removed = sum(g.count for g in existing.loads.miners) - sum(g.count for g in after.loads.miners)
    if removed > 0:
        items.append(_item("works", "miner removal", None, removed, "each", MINER_REMOVAL_USD, MINER_REMOVAL_SOURCE,
                           ESTIMATE_UNCERTAINTY))
    if after.goal is not None and not after.goal.backup.is_none:  # the backup policy's equipment
        from .backup import size_backup
        # what the design before already holds (an earlier phase's lineups and generators) is not bought again
        had = ({(c.item, c.model): c.quantity for c in size_backup(existing, catalog).cost_lines}
               if placed_backup_ids(existing) else {})
        for c in size_backup(after, catalog).cost_lines:
            qty = round(c.quantity - had.get((c.item, c.model), 0.0), 6)
            if qty > 0:
                items.append(_item("electrical", c.item, c.model, qty, c.unit, c.unit_price_usd, c.source, c.uncertainty))
    items.sort(key=lambda i: (CATEGORY_ORDER.get(i["category"], 9), i["item"], i["model"] or ""))
    facility = sum(i["total_usd"] for i in items if i["total_usd"] is not None and i["category"] != "it")
    it = sum(i["total_usd"] for i in items if i["total_usd"] is not None and i["category"] == "it")
    priced = [i for i in items if i["total_usd"] is not None]
    corr = sum(i["total_usd"] * (i["uncertainty"] or 0.0) for i in priced)
    indep = math.sqrt(sum((i["total_usd"] * (i["uncertainty"] or 0.0)) ** 2 for i in priced))
    fac = [i for i in priced if i["category"] != "it"]
    corr_f = sum(i["total_usd"] * (i["uncertainty"] or 0.0) for i in fac)
    indep_f = math.sqrt(sum((i["total_usd"] * (i["uncertainty"] or 0.0)) ** 2 for i in fac))
    unpriced = [f"{i['item']} {i['model'] or ''}".strip() + f" x {i['quantity']:g} {i['unit']}: {i['price_source']}"
                for i in items if i["total_usd"] is None]
    no_unc = [i["model"] or i["item"] for i in items if i["total_usd"] is not None and i["uncertainty"] is None]
    return {"items": items, "capex_facility_usd": round(facility, 0), "capex_it_usd": round(it, 0),
            "capex_total_usd": round(facility + it, 0),
            "uncertainty_usd": {"correlated": round(corr, 0), "independent": round(indep, 0),
                                "facility_correlated": round(corr_f, 0), "facility_independent": round(indep_f, 0),
                                "basis": "each price's uncertainty from its catalog notes (price_uncertainty), "
                                         f"{ESTIMATE_UNCERTAINTY:.0%} for the planner's estimates; correlated = all in "
                                         "the same direction, independent = root sum of squares",
                                "items_without_uncertainty": no_unc},
            "unpriced": unpriced, "currency": "USD (2026, catalog estimates)"}


def _tap_boxes(existing: Design, after: Design, catalog: Catalog) -> list[dict]:
    """One tap-off unit per new rack feed from a busway tap bus (the tap box the selection names)."""
    taps = {b.id for b in after.electrical.buses if b.kind == "busway_tap"}
    before = {g.id for g in existing.loads.racks}
    feeds = sum(g.count * sum(1 for f in g.feeds if f in taps) for g in after.loads.racks if g.id not in before)
    if not feeds:
        return []
    entries = [e for e in catalog.list("pdu") if e.data.get("kind") == "tap_box"]
    volts = {b.id: magnitude(b.voltage, "V") for b in after.electrical.buses}
    amps = max(magnitude(g.p_peak or g.p_design, "W") / g.power_factor / (3 ** 0.5 * volts[f])
               for g in after.loads.racks if g.id not in before for f in g.feeds if f in taps)
    fits = [e for e in entries if 0.8 * magnitude(parse_quantity(e.data["rating"], "current"), "A") >= amps]
    entry = min(fits or entries, key=lambda e: price_of(e).usd or math.inf) if entries else None
    if entry is None:
        return [_item("electrical", "tap box", None, feeds, "each", None, "no tap box in the catalog", None)]
    p = price_of(entry)
    return [_item("electrical", "tap box", entry.id, feeds, "each", p.usd, p.source, p.uncertainty)]


def _arc_flash_relays(existing: Design, after: Design, catalog: Catalog) -> list[dict]:
    """One light-and-current arc-flash relay per breaker the design trips by one (``trip.arc_flash_relay``)
    and the design before did not, priced from the cost catalog (row ``arc-flash-relay``)."""
    had = {b.id for b in existing.electrical.breakers if b.trip is not None and b.trip.arc_flash_relay}
    new = sum(1 for b in after.electrical.breakers
              if b.trip is not None and b.trip.arc_flash_relay and b.id not in had)
    if not new:
        return []
    from ..cost.factors import cost_catalog
    f = cost_catalog(catalog).factor("arc-flash-relay")
    spread = max(f.high - f.value, f.value - f.low) / f.value
    return [_item("electrical", "arc-flash relay", f.id, new, "each", f.value,
                  (f.source if f.source.startswith(f.cls) else f"{f.cls}: {f.source}") + f" (cost catalog, row {f.id})",
                  round(spread, 3))]


def _replaced_breakers(existing: Design, after: Design, catalog: Catalog) -> list[dict]:
    """Breakers of the design before that the design after replaces by a faster one (another catalog model
    with a shorter rated interrupting time, :mod:`retrofit.planning.mv_arc_flash`), one line per new
    model, priced from the catalog (unpriced when the entry has no price)."""
    was = {b.id: b for b in existing.electrical.breakers}
    counts: dict[str, int] = defaultdict(int)
    for b in after.electrical.breakers:
        old = was.get(b.id)
        if old is not None and b.model and b.model != old.model and b.interrupting_time is not None \
                and b.interrupting_time != old.interrupting_time:
            counts[b.model] += 1
    out = []
    for model in sorted(counts):
        price, source, unc = _catalog_price(catalog, model, "breaker")
        out.append(_item("electrical", "faster breaker (replacing an existing one)", model, counts[model], "each", price, source, unc))
    return out


def _loop_pipe(design: Design) -> dict[tuple[str, float], float]:
    """Pipe of each loop and bore, supply and return, from the loop templates [m]."""
    per: dict[tuple[str, float], float] = defaultdict(float)
    for loop in design.cooling.loops:
        if loop.kind == "tcs":
            n = sum(g.count for g in design.loads.racks if g.tcs_loop == loop.id)
            taps = n
        else:
            n = sum(1 for c in design.cooling.cdus if c.facility_loop == loop.id)
            taps = n + sum(1 for u in design.cooling.heat_rejection if u.loop == loop.id)
        for run, count in ((loop.main, 1), (loop.header, max(n - 1, 0)), (loop.branch, taps)):
            per[(loop.id, round(magnitude(run.diameter, "mm"), 1))] += 2 * magnitude(run.length, "m") * count
    return per


def _pipes(existing: Design, after: Design) -> list[dict]:
    """Pipe of each bore the design adds, supply and return [m]: new loops whole, the growth of kept loops
    (more CDU or unit branches on a facility loop in a later phase)."""
    was = _loop_pipe(existing)
    per_d: dict[float, float] = defaultdict(float)
    for (loop, d), length in _loop_pipe(after).items():
        grown = length - was.get((loop, d), 0.0)
        if grown > 1e-9:
            per_d[d] += grown
    out = []
    for d in sorted(per_d):
        out.append(_item("cooling", f"pipe {d:g} mm bore", None, per_d[d], "m", round(pipe_cost_usd_per_m(d / 1e3), 2),
                         PIPE_COST_SOURCE, ESTIMATE_UNCERTAINTY))
    return out


__all__ = ["ESTIMATE_UNCERTAINTY", "bill_of_materials"]
