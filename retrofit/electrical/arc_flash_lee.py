"""Arc-flash incident energy and boundary above 15 kV by Ralph Lee's maximum-power method.

IEEE Std 1584-2018 covers 208 V to 15 kV. Above it, IEEE Std 1584-2002 and NFPA 70E Informative Annex D
(D.2 in the current editions; D.2 and D.6 in the 2009 edition) give the theoretical method of
R. H. Lee, "The Other Electrical Hazard: Electric Arc Blast Burns", IEEE Trans. Industry Applications,
vol. IA-18, no. 3, 1982: the arc takes the maximum power the source can deliver into a resistive arc
(half the bolted three-phase MVA, at an arc voltage of 0.707 of the system voltage), radiated into open
air, and the bolted current stands for the arcing current. Printed forms of the one equation:

- IEEE 1584-2002: E = 2.142·10⁶·V·I_bf·t/D² [J/cm², V kV, I_bf kA, t s, D mm];
  D_B = (2.142·10⁶·V·I_bf·t/E_B)^½ [mm] with E_B = 5.0 J/cm²;
- NFPA 70E Annex D (2009, D.6): E = 793·F·V·t_A/D² [cal/cm², F kA, V kV, t_A s, D in];
- NFPA 70E Annex D (2009, D.2): D_c = (2.65·MVA_bf·t)^½ [ft], MVA_bf = √3·V·I_bf, the distance of a
  just curable burn.

The three agree to their printed precision (2.142e6 J·mm²/cm² is 793.5 cal·in²/cm² and gives 2.66 ft²
per MVA·s at 1.2 cal/cm²). The method is conservative (NFPA 70E Table D.1: "becomes more conservative as
voltage increases"): an arc in an enclosure above 15 kV takes less than the maximum power. Its inputs
are the bolted three-phase current at the location, the clearing time of the upstream device at that
current, and the working distance; it has no gap, electrode or enclosure term and no voltage or current
range beyond a three-phase ac fault.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutOfRange
from .arc_flash import BOUNDARY_ENERGY_J_PER_M2

#: Lee's constant in the IEEE 1584-2002 form: J/cm² per (kV·kA·s/mm²) [-].
LEE_CONSTANT = 2.142e6
#: Name of the method in results, labels and findings.
LEE_METHOD = "Lee (IEEE 1584-2002; NFPA 70E Annex D.2)"
#: Name of the empirical model used up to 15 kV.
IEEE_1584_2018_METHOD = "IEEE 1584-2018"
#: Upper voltage of IEEE 1584-2018 (4.2); Lee's method is used above it [V].
IEEE_1584_2018_MAX_V = 15e3


def check_lee_inputs(voc_v: float, ibf_a: float, distance_m: float) -> None:
    """Raise OutOfRange when Lee's method cannot be applied: no voltage, no bolted current, no distance.

    Parameters
    ----------
    voc_v : float
        Nominal line-to-line voltage [V].
    ibf_a : float
        Bolted three-phase fault current [A].
    distance_m : float
        Working distance [m].

    Examples
    --------
    >>> check_lee_inputs(34.5e3, 20e3, 0.9144)
    """
    for name, value, unit in (("system voltage", voc_v, "V"), ("bolted fault current", ibf_a, "A"),
                              ("working distance", distance_m, "m")):
        if not (math.isfinite(value) and value > 0.0):
            raise OutOfRange(f"Lee's method needs a positive {name}, got {value:g} {unit}")


def lee_incident_energy(voc_v: float, ibf_a: float, time_s: float, distance_m: float) -> float:
    """Incident energy of a three-phase arc in open air by Lee's method [J/m²].

    Parameters
    ----------
    voc_v : float
        Nominal line-to-line voltage [V].
    ibf_a : float
        Bolted three-phase fault current, taken as the arcing current [A].
    time_s : float
        Arc duration: the clearing time of the upstream device at the bolted current [s].
    distance_m : float
        Working distance from the arc [m].

    Returns
    -------
    energy_j_per_m2 : float
        E = 2.142·10⁶·V·I_bf·t/D² with V in kV, I_bf in kA, t in s, D in mm, in J/cm², times 10⁴.

    Examples
    --------
    >>> round(lee_incident_energy(34.5e3, 10e3, 0.1, 0.9144) / 1e4, 2)
    88.38
    """
    check_lee_inputs(voc_v, ibf_a, distance_m)
    e_j_cm2 = LEE_CONSTANT * (voc_v / 1e3) * (ibf_a / 1e3) * time_s / (distance_m * 1e3) ** 2
    return e_j_cm2 * 1e4


def lee_boundary(voc_v: float, ibf_a: float, time_s: float,
                 boundary_energy_j_per_m2: float = BOUNDARY_ENERGY_J_PER_M2) -> float:
    """Arc-flash boundary by Lee's method: the distance where the energy falls to E_B [m].

    Parameters
    ----------
    voc_v : float
        Nominal line-to-line voltage [V].
    ibf_a : float
        Bolted three-phase fault current [A].
    time_s : float
        Arc duration [s].
    boundary_energy_j_per_m2 : float
        E_B, by default 1.2 cal/cm² (5.02 J/cm²; IEEE 1584-2002 prints 5.0 J/cm²) [J/m²].

    Returns
    -------
    afb_m : float
        D_B = (2.142·10⁶·V·I_bf·t/E_B)^½ in mm, E_B in J/cm², divided by 10³.

    Examples
    --------
    >>> round(lee_boundary(34.5e3, 10e3, 0.1) * 1e3)
    3836
    """
    check_lee_inputs(voc_v, ibf_a, 1.0)
    d_mm = math.sqrt(LEE_CONSTANT * (voc_v / 1e3) * (ibf_a / 1e3) * time_s / (boundary_energy_j_per_m2 / 1e4))
    return d_mm / 1e3


@dataclass(frozen=True)
class LeeCase:
    """Lee's method at one bolted current.

    Attributes
    ----------
    bolted_current_a : float
        Bolted (and arcing) current at the location [A].
    clearing_time_s : float
        Latest clearing of the clearing devices at that current, capped at the study maximum [s].
    capped : bool
        True when the cap decided the duration.
    energy_j_per_m2 : float
        Incident energy at the working distance [J/m²].
    afb_m : float
        Arc-flash boundary [m].
    """

    bolted_current_a: float
    clearing_time_s: float
    capped: bool
    energy_j_per_m2: float
    afb_m: float


def lee_case(voc_v: float, ibf_a: float, distance_m: float, clearing_times_s: list[float],
             max_duration_s: float) -> LeeCase:
    """Lee's method at one bolted current, cleared by the latest of the devices that must clear it.

    Parameters
    ----------
    voc_v : float
        Nominal line-to-line voltage [V].
    ibf_a : float
        Bolted three-phase current [A].
    distance_m : float
        Working distance [m].
    clearing_times_s : list of float
        Clearing time of each clearing device at ``ibf_a`` (referred to it) [s]; empty when no device
        clears the location.
    max_duration_s : float
        Longest arc duration of the study (NFPA 70E Annex D.6(2), 2009: 2 s is a reasonable maximum
        when a person can move away) [s].

    Returns
    -------
    case : LeeCase
        Duration, energy and boundary.

    Examples
    --------
    >>> c = lee_case(34.5e3, 10e3, 0.9144, [0.1, 0.08], 2.0)
    >>> round(c.energy_j_per_m2 / 4.184e4, 2), c.capped
    (21.12, False)
    """
    t = min(max(clearing_times_s) if clearing_times_s else math.inf, max_duration_s)
    return LeeCase(ibf_a, t, t >= max_duration_s, lee_incident_energy(voc_v, ibf_a, t, distance_m),
                   lee_boundary(voc_v, ibf_a, t))
