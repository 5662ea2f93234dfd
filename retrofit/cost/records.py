"""Typed results of the cost model: lines, category totals, benchmark comparisons, phase costs, the estimate.

Money is in USD (``_usd``) or millions of USD (``_musd``); power in MW (``_mw``). Every record serializes
with :func:`dataclasses.asdict` (``CostEstimate.to_dict``) for the plan's JSON results.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class CostLine:
    """One line of the estimate.

    Attributes
    ----------
    category : str
        Cost category (``equipment, electrical``, ``installation``, ``contingency`` ...).
    item : str
        What the line prices.
    model : str or None
        Catalog entry or cost-factor row it is priced from.
    quantity : float
        Quantity in ``unit`` [-].
    unit : str
        ``each``, ``m``, ``m2`` or ``USD`` (a percentage line's base).
    unit_cost_usd : float or None
        USD per unit, or the fraction [-] for a percentage line; None when not priced.
    expected_usd, low_usd, high_usd : float or None
        Expected cost and its range from the line's own uncertainty [USD]; None when not priced.
    basis : str
        How the quantity was obtained.
    source : str
        Class and source of the unit cost.
    uncertainty : str
        The range of the unit cost as given by its source.
    """

    category: str
    item: str
    model: str | None
    quantity: float
    unit: str
    unit_cost_usd: float | None
    expected_usd: float | None
    low_usd: float | None
    high_usd: float | None
    basis: str
    source: str
    uncertainty: str


@dataclass(frozen=True)
class CategoryCost:
    """The sum of the lines of one category [USD]; ``kind`` is ``direct``, ``indirect`` or ``it``."""

    category: str
    kind: str
    expected_usd: float
    low_usd: float
    high_usd: float


@dataclass(frozen=True)
class BenchmarkComparison:
    """The plan's facility capex per MW of IT against one reported range.

    Attributes
    ----------
    id, scope, role, source, figure_class : str
        The benchmark (``role``: ``retrofit`` is the band the plan is held to, ``new_build`` context).
    low_musd_per_mw, mid_musd_per_mw, high_musd_per_mw : float
        Reported range, in the USD of its price year [M USD/MW].
    price_year : int
        Year of the reported figures.
    escalation_factor : float
        Factor bringing them to the estimate's price year (cost-factor row ``escalation``) [-].
    low_musd_per_mw_escalated, high_musd_per_mw_escalated : float
        The range in the estimate's price year [M USD/MW].
    low_musd_per_rack, high_musd_per_rack : float
        The escalated range per compute rack at the plan's IT power per rack [M USD/rack] (computed).
    within : bool
        The plan's expected capex per MW lies in the escalated range.
    """

    id: str
    scope: str
    role: str
    source: str
    figure_class: str
    low_musd_per_mw: float
    mid_musd_per_mw: float
    high_musd_per_mw: float
    price_year: int
    escalation_factor: float
    low_musd_per_mw_escalated: float
    high_musd_per_mw_escalated: float
    low_musd_per_rack: float
    high_musd_per_rack: float
    within: bool


@dataclass(frozen=True)
class PhaseCost:
    """The cost of one phase: what it adds (its BOM against the phase before) priced like the whole.

    Attributes
    ----------
    phase : int
        Phase number [-].
    equipment_usd : float
        Priced facility equipment the phase adds [USD].
    direct_usd : float
        Direct cost of the phase (equipment, installation, building and civil, systems) [USD].
    indirect_usd : float
        Its share of the indirect costs and contingency, by the allocation rule of the estimate [USD].
    expected_usd, low_usd, high_usd : float
        Facility capex of the phase and its range (the estimate class's range) [USD].
    it_usd : float
        IT equipment the phase adds (racks), outside the facility capex [USD].
    by_category : dict of str to float
        Expected cost by category [USD].
    """

    phase: int
    equipment_usd: float
    direct_usd: float
    indirect_usd: float
    expected_usd: float
    low_usd: float
    high_usd: float
    it_usd: float
    by_category: dict[str, float]


@dataclass(frozen=True)
class CostEstimate:
    """The facility capex of a plan by estimate class.

    Attributes
    ----------
    currency : str
        Currency and price year.
    price_year : int
        Year of the USD of the estimate.
    estimate_class : int
        AACE class (18R-97) of the estimate [-].
    class_reason : str
        Why that class.
    class_source : str
        The recommended practice.
    range_low_fraction, range_high_fraction : float
        The class's expected accuracy range applied to the total (worst ends) [-].
    lines : list of CostLine
        Every line, direct then indirect.
    categories : list of CategoryCost
        Sums by category.
    equipment_usd, direct_usd, indirect_usd : float
        Priced facility equipment, direct and indirect cost [USD].
    expected_usd, low_usd, high_usd : float
        Facility capex and its class range [USD].
    lines_low_usd, lines_high_usd : float
        Sum of the lines' own low and high ends (every line erring the same way) [USD].
    it_equipment_usd : float
        IT equipment (racks), outside the facility capex [USD].
    p_it_mw : float
        IT power of the racks the plan adds, at design [MW].
    compute_racks : int
        Compute racks the plan adds [-].
    per_mw_musd : tuple of float
        Facility capex per MW of IT: low, expected, high [M USD/MW].
    per_rack_musd : tuple of float
        Facility capex per compute rack: low, expected, high [M USD/rack].
    benchmarks : list of BenchmarkComparison
        Reported ranges the capex per MW is compared with.
    warnings : list of str
        Capex per MW outside the retrofit range, equipment that does not add up over the phases.
    unpriced : list of str
        Items the plan uses that have no price.
    phases : list of PhaseCost
        The cost of each phase (one phase when the plan is not phased).
    allocation_rule : str
        How the indirect costs are shared among the phases.
    phase_residual_usd : float
        Facility equipment of the whole plan's BOM less the sum over the phase BOMs [USD] (0 when the
        phases add up).
    """

    currency: str
    price_year: int
    estimate_class: int
    class_reason: str
    class_source: str
    range_low_fraction: float
    range_high_fraction: float
    lines: list[CostLine]
    categories: list[CategoryCost]
    equipment_usd: float
    direct_usd: float
    indirect_usd: float
    expected_usd: float
    low_usd: float
    high_usd: float
    lines_low_usd: float
    lines_high_usd: float
    it_equipment_usd: float
    p_it_mw: float
    compute_racks: int
    per_mw_musd: tuple[float, float, float]
    per_rack_musd: tuple[float, float, float]
    benchmarks: list[BenchmarkComparison]
    warnings: list[str] = field(default_factory=list)
    unpriced: list[str] = field(default_factory=list)
    phases: list[PhaseCost] = field(default_factory=list)
    allocation_rule: str = ""
    phase_residual_usd: float = 0.0

    def to_dict(self) -> dict:
        """Plain data for the JSON results (tuples become lists)."""
        return asdict(self)


__all__ = ["BenchmarkComparison", "CategoryCost", "CostEstimate", "CostLine", "PhaseCost"]
