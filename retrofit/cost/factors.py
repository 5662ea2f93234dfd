"""The cost catalog: installation factors, unit costs, indirect percentages, estimate classes, benchmarks.

The figures live in ``catalogs/costs/`` as reference tables (``cost-factors``, ``aace-estimate-classes``,
``capex-benchmarks``), each row with its source and class. This module reads them into typed records and
checks them (a range that does not hold its value, an unknown basis or class is a catalog error naming the
row).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..catalog import CLASSES, Catalog, load_catalog
from ..errors import CatalogError

BASES = ("equipment", "direct", "direct_indirect", "contingency", "per_year", "each", "m2")
"""What a factor multiplies: the category's priced equipment, the direct cost, direct plus indirect, all
before contingency (fractions [-]); a rate per year [1/year]; or a quantity (USD per unit, USD per m²)."""

FRACTION_BASES = ("equipment", "direct", "direct_indirect", "contingency", "per_year")


@dataclass(frozen=True)
class CostFactor:
    """One row of the ``cost-factors`` table.

    Attributes
    ----------
    id : str
        Row id.
    category : str
        Cost category of the lines it gives.
    applies_to : str
        What it prices.
    basis : str
        One of :data:`BASES`.
    value, low, high : float
        Expected value and its range: a fraction [-] or a unit cost [USD per unit].
    cls : str
        Class of the figure (published / secondary / computed / estimate).
    source : str
        Where the figure comes from.
    """

    id: str
    category: str
    applies_to: str
    basis: str
    value: float
    low: float
    high: float
    cls: str
    source: str

    @property
    def range_text(self) -> str:
        """The range as printed in the estimate's lines."""
        if self.basis in FRACTION_BASES:
            return f"{self.low:.1%}-{self.high:.1%}"
        return f"{self.low:,.0f}-{self.high:,.0f} USD"


@dataclass(frozen=True)
class EstimateClass:
    """An AACE estimate class and its expected accuracy range (fractions of the expected cost [-])."""

    estimate_class: int
    end_usage: str
    definition_percent: str
    low_best: float
    low_worst: float
    high_best: float
    high_worst: float
    source: str


@dataclass(frozen=True)
class Benchmark:
    """A reported range of facility capex per MW of IT [M USD/MW] in the USD of ``price_year``."""

    id: str
    scope: str
    role: str
    low: float
    mid: float
    high: float
    price_year: int
    cls: str
    source: str


@dataclass(frozen=True)
class CostCatalog:
    """The cost model's figures: factors by id, estimate classes by number, benchmarks by id."""

    factors: dict[str, CostFactor]
    classes: dict[int, EstimateClass]
    benchmarks: dict[str, Benchmark]

    def factor(self, factor_id: str) -> CostFactor:
        """The factor ``factor_id``; a CatalogError names the known ones."""
        try:
            return self.factors[factor_id]
        except KeyError:
            raise CatalogError(f"cost factor {factor_id!r} not in the cost-factors table; known: "
                               f"{', '.join(sorted(self.factors))}") from None

    def with_overrides(self, overrides: dict[str, float] | None) -> CostCatalog:
        """A copy whose factors take the given expected values, their ranges scaled in proportion.

        Parameters
        ----------
        overrides : dict of str to float
            ``{factor id: new expected value}`` (a fraction [-] or a unit cost [USD per unit]).

        Returns
        -------
        CostCatalog
            The catalog with the overridden factors (source says so).
        """
        if not overrides:
            return self
        factors = dict(self.factors)
        for fid, value in sorted(overrides.items()):
            f = self.factor(fid)
            if not value >= 0:
                raise CatalogError(f"cost factor override {fid}: {value!r}; expected a number >= 0")
            k = value / f.value if f.value else 1.0
            factors[fid] = replace(f, value=float(value), low=f.low * k if f.value else value,
                                   high=f.high * k if f.value else value, cls="estimate",
                                   source=f"override of the user ({f.value:g} in the catalog: {f.source})")
        return replace(self, factors=factors)


def _number(table: str, row: dict, key: str) -> float:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CatalogError(f"{table}: row {row.get('id', row.get('estimate_class'))}: {key} {value!r}; expected a number")
    return float(value)


def cost_catalog(catalog: Catalog | None = None) -> CostCatalog:
    """Read and check the cost tables of ``catalog`` (default: the bundled catalogs).

    Parameters
    ----------
    catalog : Catalog, optional
        The loaded catalogs.

    Returns
    -------
    CostCatalog
        Factors, estimate classes and benchmarks.

    Raises
    ------
    CatalogError
        A row with a basis or class not known, or a range that does not hold its value.
    """
    catalog = catalog or load_catalog()
    factors = {}
    for row in catalog.table("cost-factors").rows:
        f = CostFactor(id=str(row["id"]), category=str(row["category"]), applies_to=str(row["applies_to"]),
                       basis=str(row["basis"]), value=_number("cost-factors", row, "value"),
                       low=_number("cost-factors", row, "low"), high=_number("cost-factors", row, "high"),
                       cls=str(row["class"]), source=str(row["source"]))
        if f.basis not in BASES:
            raise CatalogError(f"cost-factors: row {f.id}: basis {f.basis!r}; expected one of {', '.join(BASES)}")
        if f.cls not in CLASSES:
            raise CatalogError(f"cost-factors: row {f.id}: class {f.cls!r}; expected one of {', '.join(CLASSES)}")
        if not 0 <= f.low <= f.value <= f.high:
            raise CatalogError(f"cost-factors: row {f.id}: expected 0 <= low <= value <= high, found "
                               f"{f.low:g}, {f.value:g}, {f.high:g}")
        factors[f.id] = f
    t = catalog.table("aace-estimate-classes")
    classes = {}
    for row in t.rows:
        c = EstimateClass(estimate_class=int(row["estimate_class"]), end_usage=str(row["end_usage"]),
                          definition_percent=str(row["definition_percent"]),
                          low_best=_number(t.id, row, "low_best"), low_worst=_number(t.id, row, "low_worst"),
                          high_best=_number(t.id, row, "high_best"), high_worst=_number(t.id, row, "high_worst"),
                          source=t.source)
        if not (c.low_worst <= c.low_best <= 0 <= c.high_best <= c.high_worst):
            raise CatalogError(f"{t.id}: class {c.estimate_class}: ranges out of order")
        classes[c.estimate_class] = c
    benchmarks = {}
    for row in catalog.table("capex-benchmarks").rows:
        b = Benchmark(id=str(row["id"]), scope=str(row["scope"]), role=str(row["role"]),
                      low=_number("capex-benchmarks", row, "low_musd_per_mw"),
                      mid=_number("capex-benchmarks", row, "mid_musd_per_mw"),
                      high=_number("capex-benchmarks", row, "high_musd_per_mw"),
                      price_year=int(_number("capex-benchmarks", row, "price_year")),
                      cls=str(row["class"]), source=str(row["source"]))
        if not 0 < b.low <= b.mid <= b.high:
            raise CatalogError(f"capex-benchmarks: row {b.id}: expected 0 < low <= mid <= high")
        benchmarks[b.id] = b
    return CostCatalog(factors, classes, benchmarks)


__all__ = ["BASES", "Benchmark", "CostCatalog", "CostFactor", "EstimateClass", "FRACTION_BASES", "cost_catalog"]
