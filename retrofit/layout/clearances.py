"""Clearances: NEC working space about electrical equipment, and the aisle widths of a rack hall.

- :func:`voltage_to_ground`: the nominal voltage to ground of a system (NEC Article 100);
- :func:`working_space_depth`: NEC Table 110.26(A)(1) up to 600 V and Table 110.34(A) above;
- :func:`working_space_width`: NEC 110.26(A)(2) (and 110.32 above 600 V);
- :data:`WORKING_SPACE_HEADROOM_M`: NEC 110.26(A)(3);
- :class:`AisleCriteria` and :func:`aisle_criteria`: the hall's aisle, walkway and working-space widths
  as plain floats, from :class:`retrofit.model.goal.Criteria`.

The NEC prints every dimension twice, in SI and in inch-pound units, and NEC 90.9(D) makes compliance
with either system compliance with the Code. The tables below keep both printed forms; the functions
return the SI values.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutOfRange

FOOT_M = 0.3048
"""One foot [m]."""

CLAUSE_DEPTH_LV = "NEC 110.26(A)(1), Table 110.26(A)(1)"
CLAUSE_DEPTH_MV = "NEC 110.34(A), Table 110.34(A)"
CLAUSE_WIDTH_LV = "NEC 110.26(A)(2)"
CLAUSE_WIDTH_MV = "NEC 110.32"
CLAUSE_HEADROOM = "NEC 110.26(A)(3)"


@dataclass(frozen=True)
class WorkingSpaceRow:
    """One row of NEC Table 110.26(A)(1) or Table 110.34(A).

    Attributes
    ----------
    v_low : float
        Lowest nominal voltage to ground of the row (exclusive, except 0) [V].
    v_high : float
        Highest nominal voltage to ground of the row (inclusive) [V].
    depth_m : tuple of float
        Minimum clear distance for conditions 1, 2, 3 as printed in SI [m].
    depth_ft : tuple of float
        The same distances as printed in inch-pound units [ft].
    clause : str
        Table the row belongs to [-].
    """

    v_low: float
    v_high: float
    depth_m: tuple[float, float, float]
    depth_ft: tuple[float, float, float]
    clause: str


WORKING_SPACE_TABLE: tuple[WorkingSpaceRow, ...] = (
    WorkingSpaceRow(0.0, 150.0, (0.9, 0.9, 0.9), (3.0, 3.0, 3.0), CLAUSE_DEPTH_LV),
    WorkingSpaceRow(150.0, 600.0, (0.9, 1.0, 1.2), (3.0, 3.5, 4.0), CLAUSE_DEPTH_LV),
    WorkingSpaceRow(600.0, 2500.0, (0.9, 1.2, 1.5), (3.0, 4.0, 5.0), CLAUSE_DEPTH_MV),
    WorkingSpaceRow(2500.0, 9000.0, (1.2, 1.5, 1.8), (4.0, 5.0, 6.0), CLAUSE_DEPTH_MV),
    WorkingSpaceRow(9000.0, 25000.0, (1.5, 1.8, 2.8), (5.0, 6.0, 9.0), CLAUSE_DEPTH_MV),
    WorkingSpaceRow(25000.0, 75000.0, (1.8, 2.5, 3.0), (6.0, 8.0, 10.0), CLAUSE_DEPTH_MV),
)
"""Minimum depth of working space by nominal voltage to ground and condition.

Rows 0-150 V and 151-600 V: NFPA 70 (NEC) 2017, Table 110.26(A)(1); rows 601 V-75 kV: Table 110.34(A).
Conditions: 1, exposed live parts on one side of the working space and no live or grounded parts on
the other (or both sides guarded); 2, exposed live parts on one side and grounded parts (concrete,
brick, tile walls count as grounded) on the other; 3, exposed live parts on both sides. The 2020 and
2023 editions move the 601-1000 V range into Table 110.26(A)(1) with the same depths, so the values a
given voltage receives are unchanged."""

WORKING_SPACE_WIDTH_LV_M = 0.762
"""Least width of working space up to 600 V: 762 mm (30 in.), NEC 110.26(A)(2) [m]."""
WORKING_SPACE_WIDTH_MV_M = 0.914
"""Least width of working space above 600 V: 914 mm (3 ft), NEC 110.32 [m]."""
WORKING_SPACE_HEADROOM_M = 2.0
"""Least clear height of working space: 2.0 m (6½ ft), NEC 110.26(A)(3) and 110.32 [m]."""


def voltage_to_ground(v_line_line: float, system: str = "wye_4w") -> float:
    """Nominal voltage to ground of a three-phase system.

    Parameters
    ----------
    v_line_line : float
        Nominal line-to-line voltage [V].
    system : str
        ``wye_4w`` or ``wye_3w`` (neutral point grounded) or ``delta_3w`` (ungrounded, or corner
        grounded) [-].

    Returns
    -------
    v_ground : float
        V_LL / sqrt(3) for a grounded wye; V_LL for a delta [V].

    Notes
    -----
    NEC Article 100, "Voltage to Ground": for grounded circuits, the voltage between the given conductor
    and the grounded point of the circuit; for ungrounded circuits, the greatest voltage between the
    given conductor and any other conductor of the circuit. A delta secondary is taken as ungrounded,
    the conservative reading. Valid for balanced three-phase systems.

    Examples
    --------
    >>> round(voltage_to_ground(480.0, "wye_4w"), 1), voltage_to_ground(480.0, "delta_3w")
    (277.1, 480.0)
    """
    if not math.isfinite(v_line_line) or v_line_line <= 0:
        raise OutOfRange(f"line-to-line voltage must be a positive number, found {v_line_line!r}")
    if system in ("wye_4w", "wye_3w"):
        return v_line_line / math.sqrt(3.0)
    if system == "delta_3w":
        return float(v_line_line)
    raise OutOfRange(f"unknown system {system!r}; expected wye_4w, wye_3w or delta_3w")


def _row(v_ground: float) -> WorkingSpaceRow:
    if not math.isfinite(v_ground) or v_ground < 0:
        raise OutOfRange(f"voltage to ground must be a non-negative number, found {v_ground!r}")
    for row in WORKING_SPACE_TABLE:
        if v_ground <= row.v_high:
            return row
    raise OutOfRange(f"voltage to ground {v_ground:g} V is above 75 kV; Table 110.34(A) row 'above 75 kV' "
                     "applies and is outside this tool's range")


def working_space_depth(v_ground: float, condition: int = 3) -> tuple[float, str]:
    """Minimum depth of working space in front of electrical equipment.

    Parameters
    ----------
    v_ground : float
        Nominal voltage to ground [V].
    condition : int
        1, 2 or 3, what faces the live parts across the working space (see Notes) [-].

    Returns
    -------
    depth_m : float
        Minimum clear distance from the live parts or enclosure front, SI value as printed [m].
    clause : str
        The table applied [-].

    Notes
    -----
    NEC 110.26(A)(1), Table 110.26(A)(1), for 0-600 V to ground, and NEC 110.34(A), Table 110.34(A),
    for 601 V-75 kV (NFPA 70-2017). Condition 1: exposed live parts on one side, no live or grounded
    parts on the other; 2: grounded parts on the other side; 3: exposed live parts on both sides. The
    reductions of 110.26(A)(1)(a)-(c) (dead-front rear, low voltage, existing buildings) are not applied.
    Values in SI as printed; compliance with the SI or the inch-pound value is compliance (90.9(D)).

    References
    ----------
    NFPA 70, National Electrical Code, 2017 edition, 110.26 and 110.34.

    Examples
    --------
    >>> working_space_depth(240.0, 3)
    (1.2, 'NEC 110.26(A)(1), Table 110.26(A)(1)')
    >>> working_space_depth(7967.0, 2)[0]
    1.5
    """
    if condition not in (1, 2, 3):
        raise OutOfRange(f"condition must be 1, 2 or 3, found {condition!r}")
    row = _row(v_ground)
    return row.depth_m[condition - 1], row.clause


def working_space_width(equipment_width_m: float, v_ground: float = 0.0) -> tuple[float, str]:
    """Minimum width of working space in front of electrical equipment.

    Parameters
    ----------
    equipment_width_m : float
        Front width of the equipment [m].
    v_ground : float
        Nominal voltage to ground [V].

    Returns
    -------
    width_m : float
        The larger of the equipment width and 762 mm (30 in.), or 914 mm (3 ft) above 600 V [m].
    clause : str
        The clause applied [-].

    Notes
    -----
    NEC 110.26(A)(2): "the width of the equipment or 762 mm (30 in.), whichever is greater"; above
    600 V NEC 110.32 asks for at least 914 mm (3 ft) wide. Both apply to the space in front of the
    equipment, measured parallel to it.

    Examples
    --------
    >>> working_space_width(0.5, 240.0), working_space_width(2.4, 240.0)[0]
    ((0.762, 'NEC 110.26(A)(2)'), 2.4)
    """
    if not math.isfinite(equipment_width_m) or equipment_width_m < 0:
        raise OutOfRange(f"equipment width must be a non-negative number, found {equipment_width_m!r}")
    if v_ground > 600.0:
        return max(equipment_width_m, WORKING_SPACE_WIDTH_MV_M), CLAUSE_WIDTH_MV
    return max(equipment_width_m, WORKING_SPACE_WIDTH_LV_M), CLAUSE_WIDTH_LV


@dataclass(frozen=True)
class AisleCriteria:
    """Aisle, walkway and working-space widths of a hall, as plain floats.

    Attributes
    ----------
    cold_aisle_m : float
        Clear width between the fronts of two facing rows [m].
    hot_aisle_m : float
        Clear width between the backs of two rows [m].
    working_space_depth_m : float
        Depth of clear working space in front of electrical equipment [m].
    perimeter_m : float
        Walkway along the walls, at row ends and across split rows [m].
    """

    cold_aisle_m: float
    hot_aisle_m: float
    working_space_depth_m: float
    perimeter_m: float

    def __post_init__(self):
        for name in ("cold_aisle_m", "hot_aisle_m", "working_space_depth_m", "perimeter_m"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise OutOfRange(f"{name} must be a non-negative number, found {value!r}")


def aisle_criteria(criteria) -> AisleCriteria:
    """The :class:`AisleCriteria` of a :class:`retrofit.model.goal.Criteria` (quantities to metres).

    Parameters
    ----------
    criteria : retrofit.model.goal.Criteria
        Design criteria; ``None`` takes the documented defaults [-].

    Returns
    -------
    aisles : AisleCriteria
        Cold aisle, hot aisle, working-space depth and perimeter walkway [m].
    """
    if criteria is None:
        from ..model.goal import Criteria

        criteria = Criteria()
    return AisleCriteria(float(criteria.cold_aisle.to("m").magnitude), float(criteria.hot_aisle.to("m").magnitude),
                         float(criteria.working_space_depth.to("m").magnitude),
                         float(criteria.perimeter_clearance.to("m").magnitude))
