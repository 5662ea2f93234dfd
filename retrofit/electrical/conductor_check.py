"""Rate each cable of a design once: series impedance and ampacity, from the tables its size calls for.

:func:`rate_cable` is the one place a cable becomes numbers. The electrical analysis
(:func:`retrofit.electrical.design_grid.build_design_grid`) takes its results, and the loader's input
rule :func:`cable_problem` calls it too, so that a design the loader accepts never fails there.

- AWG and kcmil sizes: resistance and reactance from NEC Chapter 9 Table 9 (unless the design gives
  both per length); ampacity from NEC Table 310.16 with the corrections of 310.15 (conductors rated up
  to 2000 V) or from the Article 315 tables (medium voltage; a cable whose table is not shipped is
  noted by the analysis and reported untested by the review, not refused).
- Metric (IEC 60228) sizes: resistance from IEC 60228 Table 2 at the Table 9 temperature basis,
  reactance from Table 9 by area, or both from the design
  (:mod:`retrofit.electrical.metric_conductors`); ampacity as the design states it (``ampacity``, from
  IEC 60364-5-52 or the maker), since the NEC tables list no metric size. A medium-voltage metric cable's
  ampacity is reported untested.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutOfRange, RetrofitError
from ..units import magnitude
from .ampacity import ConductorAmpacity, conductor_ampacity
from .metric_conductors import metric_area_mm2, metric_cable_impedance
from .mv_ampacity import CABLE_INSTALLATION, MvTableMissing, mv_cable_ampacity
from .nec_tables import normalize_size
from .voltage_drop import cable_impedance

CONDUIT_OF_INSTALLATION = {"pvc_conduit": "pvc", "aluminum_conduit": "aluminum", "steel_conduit": "steel",
                           "tray": "pvc", "underground": "pvc"}
"""NEC Chapter 9 Table 9 conduit column of each cable installation of the schema."""

MATERIAL_NAME = {"Cu": "copper", "Al": "aluminum"}
"""Kernel name of each conductor material of the schema."""

LV_LIMIT_V = 2000.0
"""Highest voltage rating of the conductors of NEC Table 310.16 [V]."""

CLAUSE_STATED = "ampacity stated by the design (IEC 60364-5-52 Annex B or the maker)"


class MetricAmpacityMissing(RetrofitError, ValueError):
    """A low-voltage cable of metric size without the ``ampacity`` the NEC tables cannot give."""


@dataclass(frozen=True)
class CableRating:
    """What the analysis takes from one cable.

    Attributes
    ----------
    r_ohm, x_ohm : float
        Series resistance and reactance of one phase of one set [ohm].
    ampacity : ConductorAmpacity or None
        Low-voltage cables: NEC Table 310.16 with its corrections, or the stated ampacity of a metric size.
    mv_ampacity : MvCableAmpacity, str or None
        Medium-voltage cables: the NEC Article 315 result, or why none evaluates it.
    """

    r_ohm: float
    x_ohm: float
    ampacity: ConductorAmpacity | None
    mv_ampacity: object | None


def rate_cable(cable) -> CableRating:
    """Impedance and ampacity of ``cable`` (a :class:`retrofit.model.Cable`).

    Raises
    ------
    RetrofitError or KeyError
        When the tables cannot rate the cable (unknown size, ambient beyond the correction table, a
        metric low-voltage cable without ``ampacity``, ``ampacity`` given for an AWG/kcmil size ...).
    """
    material = MATERIAL_NAME[cable.material]
    conduit = CONDUIT_OF_INSTALLATION[cable.installation]
    length_m = magnitude(cable.length, "m")
    area = metric_area_mm2(cable.size)
    if cable.r_per_length is not None and cable.x_per_length is not None:
        r = magnitude(cable.r_per_length, "ohm/m") * length_m
        x = magnitude(cable.x_per_length, "ohm/m") * length_m
    elif area is not None:
        imp = metric_cable_impedance(area, material, conduit, length_m, 1)
        r, x = imp.r_ohm, imp.x_ohm
    else:
        imp = cable_impedance(cable.size, material, conduit, length_m, 1)
        r, x = imp.r_ohm, imp.x_ohm
    insulation_c = int(round(magnitude(cable.insulation_rating, "degC")))
    termination_c = int(round(magnitude(cable.termination_rating, "degC")))
    ambient_c = magnitude(cable.ambient, "degC")
    low_voltage = magnitude(cable.voltage_rating, "V") <= LV_LIMIT_V
    if area is not None:
        if not low_voltage:
            return CableRating(r, x, None, f"metric size {cable.size}: the NEC Article 315 tables list AWG and kcmil "
                                           "sizes only")
        if cable.ampacity is None:
            raise MetricAmpacityMissing(
                f"\"{cable.size}\" is a metric (IEC 60228) size, which the NEC ampacity tables do not list; expected "
                "ampacity: the current-carrying capacity of one conductor at this installation, from IEC 60364-5-52 "
                "Annex B (reference method, ambient and grouping factors) or the maker, e.g. ampacity: 424 A")
        stated = magnitude(cable.ampacity, "A")
        if not (math.isfinite(stated) and stated > 0):
            raise OutOfRange(f"ampacity {stated!r} A; expected a positive current")
        amp = ConductorAmpacity(
            size=f"{area:g} mm²", material=material, insulation_temp_c=insulation_c, termination_temp_c=termination_c,
            ambient_c=ambient_c, n_current_carrying=cable.current_carrying, parallel=cable.sets, table_a=stated,
            correction_factor=1.0, adjustment_factor=1.0, derated_a=stated, termination_cap_a=stated,
            ampacity_a=stated, total_a=stated * cable.sets, limited_by="stated",
            clauses={"table": CLAUSE_STATED, "correction": CLAUSE_STATED, "adjustment": CLAUSE_STATED,
                     "termination": CLAUSE_STATED, "parallel": "NEC 310.10(G)"})
        return CableRating(r, x, amp, None)
    if cable.ampacity is not None:
        raise OutOfRange(f"ampacity {cable.ampacity:~P} is given for {cable.size}; an AWG or kcmil size takes its "
                         "ampacity from the NEC tables, so expected no ampacity (ampacity is for metric sizes)")
    if low_voltage:
        amp = conductor_ampacity(cable.size, material, insulation_c, ambient_c, cable.current_carrying, termination_c,
                                 cable.sets)
        return CableRating(r, x, amp, None)
    try:
        mv = mv_cable_ampacity(cable.size, material, insulation_c, magnitude(cable.voltage_rating, "V"),
                               CABLE_INSTALLATION[cable.installation], ambient_c, termination_c, cable.sets)
    except (MvTableMissing, OutOfRange) as exc:
        mv = str(exc)  # valid input: the review reports this cable's ampacity untested, naming the table it needs
    return CableRating(r, x, None, mv)


def cable_problem(cable) -> tuple[str, str] | None:
    """The field at fault and the message when ``cable`` cannot be rated, else None.

    Parameters
    ----------
    cable : retrofit.model.Cable
        A cable of a validated design [-].

    Returns
    -------
    tuple of (str, str) or None
        (field name, message saying what was found and what is expected).

    Examples
    --------
    >>> from retrofit.model import Cable
    >>> c = Cable(id="c1", from_bus="a", to_bus="b", size="240 mm**2", length="10 m")
    >>> cable_problem(c)[0]
    'ampacity'
    >>> cable_problem(Cable(id="c1", from_bus="a", to_bus="b", size="240 mm**2", length="10 m", ampacity="424 A"))
    """
    try:
        if metric_area_mm2(cable.size) is None:
            normalize_size(cable.size, known=tuple(_known_sizes()))
        rate_cable(cable)
    except MetricAmpacityMissing as exc:
        return ("ampacity", str(exc))
    except (RetrofitError, KeyError) as exc:
        message = str(exc).strip("'\"")
        return (_field_of(message), f"{message}; expected a cable the tables rate (NFPA 70 Table 310.16 and "
                                    "Chapter 9 Table 9 for AWG and kcmil sizes, IEC 60228 Table 2 for metric sizes)")
    return None


def _field_of(message: str) -> str:
    lowered = message.lower()
    for clue, field in (("x_per_length", "x_per_length"), ("ampacity", "ampacity"),
                        ("insulation rating", "insulation_rating"), ("termination", "termination_rating"),
                        ("ambient", "ambient"), ("parallel", "sets"), ("current-carrying", "current_carrying"),
                        ("conductors", "current_carrying")):
        if clue in lowered:
            return field
    return "size"


def _known_sizes() -> list[str]:
    from .nec_tables import load_nec_tables

    try:
        return list(load_nec_tables().impedance.sizes)
    except Exception:  # noqa: BLE001 - the suggestions are a courtesy
        return []
