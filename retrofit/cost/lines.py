"""The direct cost lines of one step of the conversion (the site before to the design after).

A step's lines are its bill of materials (:func:`retrofit.planning.bom.bill_of_materials`) priced as
equipment, the installation of that equipment by category, and the work the equipment catalogs do not
hold, each quantity taken from the two designs and the layout:

- building and civil: load spreaders under compute racks in a hall whose slab rating is below a rack's
  footprint pressure; the demising walls the phasing puts round the GPU zone of a phase; the
  openings of the exhaust fans removed, closed; two envelope penetrations per new facility loop; yard pads
  for new transformers and heat-rejection units; the removal of the miners (from the BOM);
- controls and BMS: a fraction of the facility equipment;
- fire protection over the floor area converted (the hall's area in proportion to the racks the step
  adds), leak detection per new rack and per new CDU;
- commissioning: a fraction of the step's other direct cost.

Every line is linear in what the step adds, so the lines of consecutive steps add up to the lines of the
whole conversion, except the demising walls, which exist only between steps.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Design
from ..planning.bom import ESTIMATE_UNCERTAINTY
from ..units import magnitude
from .factors import CostCatalog, CostFactor
from .records import CostLine

EQUIPMENT_CATEGORY = {"electrical": "equipment, electrical", "cooling": "equipment, cooling",
                      "works": "building and civil", "it": "IT equipment"}
INSTALL_FACTOR = {"equipment, electrical": "install-electrical", "equipment, cooling": "install-cooling"}
PRICED_INSTALLED = ("pipe ", "MV cable", "LV cable")
"""BOM items whose price is already an installed cost per metre (no installation factor)."""

DIRECT_ORDER = ("equipment, electrical", "equipment, cooling", "installation", "building and civil",
                "controls and BMS", "fire protection and leak detection", "commissioning")
INDIRECT_ORDER = ("design and permits", "general conditions", "overhead and profit", "contingency")


@dataclass(frozen=True)
class StepContext:
    """What the lines of a step need beside the two designs.

    Attributes
    ----------
    costs : CostCatalog
        The cost figures.
    final : Design
        The whole conversion's design (the floor area per rack of each hall comes from it).
    slab_short_halls : frozenset of str
        Halls whose slab rating is below a compute rack's footprint pressure (the layout's slab check).
    """

    costs: CostCatalog
    final: Design
    slab_short_halls: frozenset[str] = frozenset()


def factor_line(f: CostFactor, quantity: float, unit: str, basis: str, item: str | None = None) -> CostLine:
    """A line priced by one cost factor: ``quantity`` units (or USD of base for a fraction) times its value.

    Parameters
    ----------
    f : CostFactor
        The factor.
    quantity : float
        Units [each, m, m2], or the base [USD] of a percentage factor.
    unit : str
        Unit of ``quantity``.
    basis : str
        How the quantity was obtained.
    item : str, optional
        Line text (default the factor's ``applies_to``).

    Returns
    -------
    CostLine
        Expected cost and its range from the factor's low and high [USD].

    Examples
    --------
    Installation of 1,000 USD of electrical equipment at 39 % (39-47 %):

    >>> f = CostFactor("install-electrical", "installation", "electrical equipment", "equipment", 0.39, 0.39,
    ...                0.47, "secondary", "Peters & Timmerhaus, 4th ed., Table 17")
    >>> ln = factor_line(f, 1000.0, "USD", "priced electrical equipment")
    >>> (ln.expected_usd, ln.low_usd, ln.high_usd)
    (390.0, 390.0, 470.0)
    """
    return CostLine(category=f.category, item=item or f.applies_to, model=f.id, quantity=round(quantity, 3),
                    unit=unit, unit_cost_usd=f.value, expected_usd=round(quantity * f.value, 2),
                    low_usd=round(quantity * f.low, 2), high_usd=round(quantity * f.high, 2), basis=basis,
                    source=f.source if f.source.startswith(f.cls) else f"{f.cls}: {f.source}", uncertainty=f.range_text)


def equipment_lines(bom: dict) -> list[CostLine]:
    """The BOM's items as lines, each with the range its catalog uncertainty gives (unpriced: None)."""
    out = []
    for i in bom["items"]:
        total = i["total_usd"]
        u = i["uncertainty"] if i["uncertainty"] is not None else ESTIMATE_UNCERTAINTY
        out.append(CostLine(
            category=EQUIPMENT_CATEGORY.get(i["category"], i["category"]), item=i["item"], model=i["model"],
            quantity=i["quantity"], unit=i["unit"], unit_cost_usd=i["unit_price_usd"], expected_usd=total,
            low_usd=None if total is None else round(total * max(0.0, 1 - u), 2),
            high_usd=None if total is None else round(total * (1 + u), 2),
            basis="bill of materials: what the step adds to the design before it",
            source=i["price_source"], uncertainty=f"+/-{u:.0%}" if total is not None else "not priced"))
    return out


def _racks_by_hall(d: Design, compute_only: bool = False) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for g in d.loads.racks:
        if g.hall is not None and (not compute_only or g.kind == "compute"):
            out[g.hall] += g.count
    return out


def _bom_count(bom: dict, item: str) -> float:
    return sum(i["quantity"] for i in bom["items"] if i["item"] == item)


def step_lines(before: Design, after: Design, bom: dict, ctx: StepContext,
               walls: Sequence[tuple[str, float]] | None = ()) -> list[CostLine]:
    """The direct lines of the step from ``before`` to ``after`` (see the module docstring).

    Parameters
    ----------
    before : Design
        The site before the step.
    after : Design
        The design after the step.
    bom : dict
        :func:`retrofit.planning.bom.bill_of_materials` of ``after`` against ``before``.
    ctx : StepContext
        Cost figures, the final design and the halls whose slab needs load spreaders.
    walls : sequence of (str, float), optional
        Demising walls of the step as (hall, length [m]) from the phasing; None when the phasing gives
        none, so that a hall with miners beside GPU racks gets an unpriced wall line.

    Returns
    -------
    list of CostLine
        Equipment, installation, building and civil, controls, fire protection and leak detection,
        commissioning [USD].
    """
    c = ctx.costs
    lines = equipment_lines(bom)
    for category, fid in INSTALL_FACTOR.items():
        base = sum(ln.expected_usd for ln in lines if ln.category == category and ln.expected_usd is not None
                   and not ln.item.startswith(PRICED_INSTALLED))
        if base > 0:
            lines.append(factor_line(c.factor(fid), base, "USD", f"priced {category} bought as units",
                                     f"installation of the {category.split(', ')[1]} equipment"))
    # building and civil
    added = {h: n - _racks_by_hall(before, True).get(h, 0) for h, n in _racks_by_hall(after, True).items()}
    spread = sum(max(0, n) for h, n in added.items() if h in ctx.slab_short_halls)
    if spread:
        lines.append(factor_line(c.factor("slab-load-spreader"), spread, "each",
                                 f"compute racks added in {', '.join(sorted(ctx.slab_short_halls))}, whose slab rating "
                                 "is below a rack's footprint pressure (layout slab check)"))
    halls = {h.id: h for h in after.halls}
    racks_after = _racks_by_hall(after)
    shared = sorted(h for h in {m.hall for m in after.loads.miners if m.count > 0} if racks_after.get(h) and h in halls)
    if shared and walls is None:
        lines.append(CostLine("building and civil", "demising wall", "demising-wall", 0.0, "m2", None, None, None,
                              None, f"miners keep running beside GPU racks in {', '.join(shared)}",
                              "not priced: the phasing gives no wall geometry", "not priced"))
    elif walls:
        area = sum(length * magnitude(halls[h].clear_height, "m") for h, length in walls if h in halls)
        lines.append(factor_line(c.factor("demising-wall"), area, "m2",
                                 "full-height walls round the phase's GPU zone (phasing: "
                                 + ", ".join(f"{h} {length:,.1f} m" for h, length in walls) + ") x clear height"))
    fans_before = {f.id: f.count for f in before.cooling.exhaust_fans}
    fans_after = {f.id: f.count for f in after.cooling.exhaust_fans}
    removed = sum(max(0, n - fans_after.get(fid, 0)) for fid, n in fans_before.items())
    if removed:
        lines.append(factor_line(c.factor("exhaust-opening-closure"), removed, "each",
                                 "exhaust fans of the design before that the step removes"))
    loops_before = {lp.id for lp in before.cooling.loops}
    new_fw = [lp.id for lp in after.cooling.loops if lp.kind != "tcs" and lp.id not in loops_before]
    if new_fw:
        lines.append(factor_line(c.factor("wall-penetration"), 2 * len(new_fw), "each",
                                 f"supply and return mains of the new facility loops ({', '.join(sorted(new_fw))})"))
    for item, fid in (("transformer", "pad-transformer"), ("heat-rejection unit", "pad-heat-rejection")):
        n = _bom_count(bom, item)
        if n:
            lines.append(factor_line(c.factor(fid), n, "each", f"new {item}s in the bill of materials"))
    gens = _bom_count(bom, "standby generator (N+1)")
    if gens:
        lines.append(factor_line(c.factor("pad-generator"), gens, "each",
                                 "standby generators of the backup policy in the bill of materials (the yard's pads)"))
    # controls, fire protection and leak detection
    facility_eq = sum(ln.expected_usd for ln in lines if ln.category in INSTALL_FACTOR and ln.expected_usd is not None)
    if facility_eq > 0:
        lines.append(factor_line(c.factor("controls-bms"), facility_eq, "USD", "priced facility equipment of the step"))
    final_halls = {h.id: h for h in ctx.final.halls}
    racks_final = _racks_by_hall(ctx.final)
    racks_before = _racks_by_hall(before)
    area = 0.0
    for h, n in racks_after.items():
        grown = n - racks_before.get(h, 0)
        if grown > 0 and h in final_halls and racks_final.get(h):
            hall = final_halls[h]
            area += magnitude(hall.length, "m") * magnitude(hall.width, "m") * grown / racks_final[h]
    if area > 0:
        lines.append(factor_line(c.factor("fire-protection"), area, "m2",
                                 "hall floor area in proportion to the racks the step adds"))
    before_ids = {g.id: g.count for g in before.loads.racks}
    liquid = sum(g.count - before_ids.get(g.id, 0) for g in after.loads.racks
                 if magnitude(g.liquid_fraction, "dimensionless") > 0 and g.count > before_ids.get(g.id, 0))
    if liquid:
        lines.append(factor_line(c.factor("leak-detection-rack"), liquid, "each", "liquid-cooled racks the step adds"))
    cdus = _bom_count(bom, "CDU")
    if cdus:
        lines.append(factor_line(c.factor("leak-detection-cdu"), cdus, "each", "CDUs in the bill of materials"))
    direct = sum(ln.expected_usd for ln in lines if ln.category in DIRECT_ORDER and ln.expected_usd is not None)
    if direct > 0:
        lines.append(factor_line(c.factor("commissioning"), direct, "USD", "direct cost of the step"))
    return lines


__all__ = ["DIRECT_ORDER", "EQUIPMENT_CATEGORY", "INDIRECT_ORDER", "PRICED_INSTALLED", "StepContext",
           "equipment_lines", "factor_line", "step_lines"]
