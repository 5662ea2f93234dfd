"""Transformer overcurrent protection limits of NEC 450.3 (Tables 450.3(A) and 450.3(B))."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutOfRange
from .ampacity import next_standard_rating

_SQRT3 = math.sqrt(3.0)
#: Boundary between Table 450.3(A) and Table 450.3(B), nominal voltage [V].
TABLE_A_ABOVE_V = 1000.0


def rated_current_a(s_rated_va: float, v_v: float) -> float:
    """Rated line current of a three-phase winding.

    Parameters
    ----------
    s_rated_va : float
        Rated apparent power [VA].
    v_v : float
        Rated line-to-line voltage of the winding [V].

    Returns
    -------
    i_a : float
        S/(√3·V) [A].

    Examples
    --------
    >>> round(rated_current_a(2.5e6, 13.8e3), 1)
    104.6
    """
    return s_rated_va / (_SQRT3 * v_v)


@dataclass(frozen=True)
class TransformerProtectionLimits:
    """NEC 450.3 limits on one transformer's overcurrent devices.

    Attributes
    ----------
    table : str
        "450.3(A)" or "450.3(B)".
    row : str
        The row applied (location, impedance band, arrangement).
    primary_rated_a, secondary_rated_a : float
        Rated currents [A].
    primary_limit_a : float
        Highest primary rating or setting, after Note 1 where it applies [A].
    secondary_limit_a : float or None
        Highest secondary rating or setting [A], None when no secondary device is required.
    primary_percent, secondary_percent : float or None
        The table percentages [%].
    """

    table: str
    row: str
    primary_rated_a: float
    secondary_rated_a: float
    primary_limit_a: float
    secondary_limit_a: float | None
    primary_percent: float
    secondary_percent: float | None


def transformer_protection_limits(rows: list[dict], s_rated_va: float, v_primary_v: float, v_secondary_v: float,
                                  z_percent: float, primary_kind: str, secondary_kind: str | None,
                                  supervised: bool = False) -> TransformerProtectionLimits:
    """Largest primary and secondary overcurrent device ratings or settings by NEC 450.3.

    Parameters
    ----------
    rows : list of dict
        Rows of the catalog table ``nec-450-3`` (percentages of rated current) [-].
    s_rated_va : float
        Transformer rating [VA].
    v_primary_v, v_secondary_v : float
        Rated voltages [V].
    z_percent : float
        Nameplate impedance [%].
    primary_kind : {"breaker", "fuse"}
        Primary device type [-].
    secondary_kind : {"breaker", "fuse"} or None
        Secondary device type, None when there is none [-].
    supervised : bool
        Supervised location (450.3(A) conditions of maintenance and supervision) [-].

    Returns
    -------
    limits : TransformerProtectionLimits

    Notes
    -----
    Above 1000 V, Table 450.3(A): by location and impedance (up to 6 %, 6-10 %), the primary limit
    for a breaker or a fuse, and the secondary limit; without a secondary device only the supervised
    "primary only" row applies. Note 1: where the limit is not a standard rating, the next higher
    standard rating (240.6(A)) is permitted for devices of 1000 V and below; above 1000 V the next
    commercially available rating or setting, taken here as the limit itself (relays are set
    continuously). 1000 V and below, Table 450.3(B): primary only 125 %, or primary 250 % with a
    secondary at 125 % (next standard rating, Note 1).

    Examples
    --------
    >>> rows = [{"table": "A", "location": "any", "protection": "primary_and_secondary", "z_max_percent": 6,
    ...          "primary_breaker_percent": 600, "primary_fuse_percent": 300, "secondary_lv_percent": 125}]
    >>> lim = transformer_protection_limits(rows, 2.5e6, 13.8e3, 415.0, 5.75, "breaker", "breaker")
    >>> round(lim.primary_limit_a, 1), lim.secondary_limit_a
    (627.6, 5000.0)
    """
    i_p, i_s = rated_current_a(s_rated_va, v_primary_v), rated_current_a(s_rated_va, v_secondary_v)
    kind = "breaker" if primary_kind != "fuse" else "fuse"
    if v_primary_v > TABLE_A_ABOVE_V:
        location = "supervised" if supervised else "any"
        arrangement = "primary_and_secondary" if secondary_kind else "primary_only"
        candidates = [r for r in rows if r["table"] == "A" and r["location"] == location
                      and r["protection"] == arrangement and z_percent <= r["z_max_percent"]]
        if not candidates:
            raise OutOfRange(f"NEC Table 450.3(A) has no row for a {location} location, {arrangement.replace('_', ' ')}, "
                             f"Z {z_percent:g} % (above 10 % is not covered)")
        row = min(candidates, key=lambda r: r["z_max_percent"])
        p_pct = row[f"primary_{kind}_percent"]
        s_pct = None
        if secondary_kind:
            s_pct = (row.get("secondary_lv_percent") if v_secondary_v <= TABLE_A_ABOVE_V
                     else row.get(f"secondary_mv_{'fuse' if secondary_kind == 'fuse' else 'breaker'}_percent"))
        p_limit = p_pct / 100.0 * i_p
        s_limit = None
        if s_pct is not None:
            s_limit = s_pct / 100.0 * i_s
            if v_secondary_v <= TABLE_A_ABOVE_V:
                s_limit = next_standard_rating(s_limit) or s_limit
        band = "Z <= 6 %" if row["z_max_percent"] <= 6 else "6 % < Z <= 10 %"
        return TransformerProtectionLimits("450.3(A)", f"{location} location, {arrangement.replace('_', ' ')}, {band}",
                                           i_p, i_s, p_limit, s_limit, p_pct, s_pct)
    arrangement = "primary_and_secondary" if secondary_kind else "primary_only"
    row = next(r for r in rows if r["table"] == "B" and r["protection"] == arrangement)
    p_pct = row[f"primary_{kind}_percent"]
    p_limit = p_pct / 100.0 * i_p
    p_limit = next_standard_rating(p_limit) or p_limit if arrangement == "primary_only" else p_limit
    s_pct = row.get("secondary_lv_percent") if secondary_kind else None
    s_limit = (next_standard_rating(s_pct / 100.0 * i_s) or s_pct / 100.0 * i_s) if s_pct else None
    return TransformerProtectionLimits("450.3(B)", arrangement.replace("_", " "), i_p, i_s, p_limit, s_limit, p_pct, s_pct)
