"""Metric (IEC 60228) conductor sizes: their resistance and the reactance the feeder kernels use.

A cable of the design may give its size in mm² (``"240 mm**2"``, ``"240 mm²"``, ``"240mm2"``). Its
series impedance then comes from:

- resistance: the maximum DC resistance at 20 degC of a class 2 stranded conductor, IEC 60228:2004
  Table 2 (``catalogs/iec/iec-60228-table2.yaml``), corrected to :data:`RESISTANCE_BASIS_C` by the
  formulas of IEC 60228 Annex B;
- reactance: the X_L of NEC Chapter 9 Table 9 for three single conductors in the same kind of conduit,
  interpolated in the logarithm of the area between the two Table 9 sizes that bracket the metric size
  (reactance grows with ln(spacing / diameter), and the diameter with the square root of the area).
  Table 9 spans 1/0 AWG to 750 kcmil (53.5 to 380 mm²), so metric sizes from 70 to 300 mm² get a
  reactance this way; outside that span the design gives ``x_per_length``.

Either value is replaced by ``r_per_length`` / ``x_per_length`` when the design gives both. The
ampacity of a metric cable is not taken from the NEC tables (they list AWG and kcmil sizes only): the
design states it (``ampacity``), read from IEC 60364-5-52 Annex B with its correction factors or from
the cable maker.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import CatalogEntryNotFound, CatalogError, OutOfRange
from .nec_tables import (TableFile, expect_columns, is_number, catalogs_dir, load_nec_tables, normalize_conduit,
                         normalize_material, read_table, size_area_kcmil)
from .voltage_drop import CableImpedance, impedance_per_phase

IEC_60228_FILE = "iec/iec-60228-table2.yaml"

RESISTANCE_BASIS_C = 75.0
"""Conductor temperature of the resistance used in the load flow and fault study [degC]: the basis of
NEC Chapter 9 Table 9, so that metric and AWG/kcmil cables of one design are compared alike."""

KCMIL_PER_MM2 = 1.0 / 0.506707479
"""Thousands of circular mils in one square millimetre (1 cmil = pi/4 x (0.0254 mm / 1000)^2) [kcmil/mm²]."""

# Annex B of IEC 60228: k_t = NUMERATOR / (OFFSET + t), R_20 = R_t k_t
ANNEX_B = {"copper": (254.5, 234.5), "aluminum": (248.0, 228.0)}
"""(numerator, offset) of the IEC 60228 Annex B correction factor k_t = a / (b + t), per material [degC]."""

_METRIC = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*(?:\*\*\s*2|²|2|\^\s*2)\s*$", re.IGNORECASE)


def metric_area_mm2(size: str) -> float | None:
    """Nominal area of a metric size written ``"240 mm**2"``, ``"240 mm²"``, ``"240mm2"`` [mm²], else None.

    Examples
    --------
    >>> metric_area_mm2("240 mm**2"), metric_area_mm2("1.5 mm²"), metric_area_mm2("4/0 AWG")
    (240.0, 1.5, None)
    """
    if not isinstance(size, str):
        return None
    m = _METRIC.match(size)
    return float(m.group(1)) if m else None


def resistance_factor(t_c: float, material: str) -> float:
    """R_t / R_20 of an annealed copper or aluminium conductor, IEC 60228 Annex B [-].

    Parameters
    ----------
    t_c : float
        Conductor temperature [degC].
    material : str
        ``"copper"`` or ``"aluminum"`` (``"Cu"``, ``"Al"`` accepted) [-].

    Returns
    -------
    factor : float
        1 / k_t = (234.5 + t) / 254.5 for copper, (228 + t) / 248 for aluminium [-].

    Notes
    -----
    IEC 60228:2004 Annex B (informative), formulas (B.1) and (B.2): k_t = 254.5 / (234.5 + t)
    = 1 / (1 + 0.00393 (t - 20)) for copper, metal-coated or not, and k_t = 248 / (228 + t)
    = 1 / (1 + 0.00403 (t - 20)) for aluminium; R_20 = R_t k_t. Valid over the conductor
    temperatures of cables in service (about -50 to 250 degC).

    References
    ----------
    IEC 60228:2004, Conductors of insulated cables, Annex B.

    Examples
    --------
    >>> round(resistance_factor(75.0, "copper"), 4)
    1.2161
    """
    a, b = ANNEX_B[normalize_material(material)]
    if not math.isfinite(t_c) or t_c <= -b:
        raise OutOfRange(f"conductor temperature {t_c!r} degC is outside the IEC 60228 Annex B formula")
    return (b + t_c) / a


@dataclass(frozen=True)
class Iec60228Table:
    """IEC 60228 Table 2: maximum DC resistance at 20 degC of class 2 conductors [ohm/km] by area [mm²]."""

    id: str
    areas_mm2: tuple[float, ...]
    r20_ohm_per_km: dict[tuple[float, str], float] = field(repr=False)

    def sizes(self, material: str) -> tuple[str, ...]:
        """The listed sizes of ``material``, spelled ``"240 mm²"``."""
        material = normalize_material(material)
        return tuple(f"{a:g} mm²" for a in self.areas_mm2 if (a, material) in self.r20_ohm_per_km)

    def r20(self, area_mm2: float, material: str) -> float:
        """Maximum resistance at 20 degC [ohm/km]; CatalogEntryNotFound naming near sizes if not listed."""
        material = normalize_material(material)
        try:
            return self.r20_ohm_per_km[(float(area_mm2), material)]
        except KeyError:
            listed = [a for a in self.areas_mm2 if (a, material) in self.r20_ohm_per_km]
            near = sorted(listed, key=lambda a: abs(math.log(a / area_mm2)) if area_mm2 > 0 else a)[:3]
            raise CatalogEntryNotFound(f"{area_mm2:g} mm²", kind=f"IEC 60228 Table 2 {material} size",
                                       near=[f"{a:g} mm²" for a in near]) from None


def _build(table: TableFile) -> Iec60228Table:
    expect_columns(table, {"area_mm2": "mm**2", "r_cu_ohm_per_km": "ohm/km", "r_al_ohm_per_km": "ohm/km"})
    areas: list[float] = []
    values: dict[tuple[float, str], float] = {}
    last: dict[str, float] = {}
    for i, row in enumerate(table.rows):
        area = row.get("area_mm2")
        if not is_number(area) or area <= 0:
            raise table.fail(i, f"area_mm2 must be a positive number, found {area!r}")
        if areas and area <= areas[-1]:
            raise table.fail(i, f"areas must rise from row to row; {area} follows {areas[-1]}")
        areas.append(float(area))
        for material, column in (("copper", "r_cu_ohm_per_km"), ("aluminum", "r_al_ohm_per_km")):
            r = row.get(column)
            if r is None:
                continue
            if not is_number(r) or r <= 0:
                raise table.fail(i, f"{column} must be a positive number, found {r!r}")
            if material in last and r >= last[material]:
                raise table.fail(i, f"{column} {r} does not fall below {last[material]} of the smaller size")
            last[material] = r
            values[(float(area), material)] = float(r)
    return Iec60228Table(id=table.id, areas_mm2=tuple(areas), r20_ohm_per_km=values)


def load_iec60228(catalogs: Path | str | None = None) -> Iec60228Table:
    """IEC 60228 Table 2 from ``catalogs/iec/`` (cached per folder); CatalogError naming a bad row."""
    folder = Path(catalogs).expanduser().resolve() if catalogs is not None else catalogs_dir()
    return _load(str(folder))


@lru_cache(maxsize=8)
def _load(folder: str) -> Iec60228Table:
    path = Path(folder) / IEC_60228_FILE
    try:
        return _build(read_table(path))
    except CatalogError:
        raise
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"{path}: {exc}") from None


def metric_resistance_ohm_per_m(area_mm2: float, material: str, t_c: float = RESISTANCE_BASIS_C) -> float:
    """Resistance of one metric conductor at ``t_c`` [ohm/m]: IEC 60228 Table 2 R_20 x Annex B factor.

    Examples
    --------
    >>> round(metric_resistance_ohm_per_m(240.0, "copper") * 1000, 5)
    0.09169
    """
    return load_iec60228().r20(area_mm2, material) / 1000.0 * resistance_factor(t_c, material)


def metric_reactance_ohm_per_m(area_mm2: float, conduit: str) -> float:
    """X_L of three single conductors of ``area_mm2`` in ``conduit``, from NEC Chapter 9 Table 9 [ohm/m].

    Linear in ln(area) between the two Table 9 sizes that bracket the area (see the module docstring).

    Raises
    ------
    OutOfRange
        The area lies outside the sizes Table 9 lists; the design must give ``x_per_length``.

    Examples
    --------
    >>> round(metric_reactance_ohm_per_m(240.0, "pvc") * 304.8, 4)
    0.0392
    """
    conduit = normalize_conduit(conduit)
    impedance = load_nec_tables().impedance
    kcmil = area_mm2 * KCMIL_PER_MM2
    points = [(math.log(size_area_kcmil(s)), impedance.rows[s].xl_steel if conduit == "steel"
               else impedance.rows[s].xl_pvc_al) for s in impedance.sizes]
    x = math.log(kcmil)
    if not points[0][0] - 1e-9 <= x <= points[-1][0] + 1e-9:
        raise OutOfRange(f"{area_mm2:g} mm² ({kcmil:.0f} kcmil) is outside the {impedance.sizes[0]} to "
                         f"{impedance.sizes[-1]} of NEC Chapter 9 Table 9, which gives the reactance of metric sizes; "
                         "give x_per_length (and r_per_length) from the cable maker")
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x <= x1 + 1e-12:
            return (y0 + (y1 - y0) * (x - x0) / (x1 - x0)) / 304.8
    return points[-1][1] / 304.8


def metric_cable_impedance(area_mm2: float, material: str, conduit: str, length_m: float,
                           parallel: int = 1) -> CableImpedance:
    """Per-phase series impedance of a metric cable run [ohm] (resistance at :data:`RESISTANCE_BASIS_C`).

    Examples
    --------
    >>> z = metric_cable_impedance(240.0, "copper", "pvc", 100.0)
    >>> round(z.r_ohm * 1000, 3), round(z.x_ohm * 1000, 2)
    (9.169, 12.87)
    """
    return impedance_per_phase(metric_resistance_ohm_per_m(area_mm2, material),
                               metric_reactance_ohm_per_m(area_mm2, conduit), length_m, parallel)
