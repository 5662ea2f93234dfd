"""Loss coefficients K of valves and fittings by the Crane TP-410 method, K = (L/D) * f_T.

Crane Co., *Flow of Fluids Through Valves, Fittings and Pipe*, Technical Paper No. 410 (TP-410),
Appendix A, "K factor table" (sheets 1-4, pp. A-26 to A-29 of the 1988 printing) gives each fitting's
resistance as an equivalent length L/D times f_T, the friction factor of clean commercial steel pipe
of the fitting's nominal size in the zone of complete turbulence (sheet 1). K refers to the velocity in
schedule 40 pipe of that size; the head loss is h = K V^2 / (2 g) (TP-410 eq. 2-5).

Crane treats K so computed as independent of the Reynolds number (TP-410 chapter 2): it is the
fully turbulent value.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np

from ..errors import OutOfRange, UnknownMethod

_INCH = 0.0254

#: Crane TP-410 A-26, friction factor f_T of clean commercial steel pipe in complete turbulence, by
#: nominal size, with the schedule 40 inner diameter of that size (ASME B36.10M) [in].
#: (nominal size label, nominal size [in], inner diameter [in], f_T [-])
CRANE_TURBULENT_FRICTION: tuple[tuple[str, float, float, float], ...] = (
    ("1/2", 0.5, 0.622, 0.027),
    ("3/4", 0.75, 0.824, 0.025),
    ("1", 1.0, 1.049, 0.023),
    ("1-1/4", 1.25, 1.380, 0.022),
    ("1-1/2", 1.5, 1.610, 0.021),
    ("2", 2.0, 2.067, 0.019),
    ("2-1/2", 2.5, 2.469, 0.018),
    ("3", 3.0, 3.068, 0.018),
    ("4", 4.0, 4.026, 0.017),
    ("5", 5.0, 5.047, 0.016),
    ("6", 6.0, 6.065, 0.015),
    ("8", 8.0, 7.981, 0.014),
    ("10", 10.0, 10.020, 0.014),
    ("12", 12.0, 11.938, 0.013),
    ("14", 14.0, 13.124, 0.013),
    ("16", 16.0, 15.000, 0.013),
    ("18", 18.0, 16.876, 0.012),
    ("20", 20.0, 18.812, 0.012),
    ("24", 24.0, 22.624, 0.012),
)

_TABLE_NOMINAL = np.array([row[1] for row in CRANE_TURBULENT_FRICTION])
_TABLE_DIAMETER = np.array([row[2] for row in CRANE_TURBULENT_FRICTION]) * _INCH
_TABLE_FRICTION = np.array([row[3] for row in CRANE_TURBULENT_FRICTION])

#: Smallest inner diameter accepted [m]: 80 % of the 1/2 in schedule 40 bore.
MINIMUM_DIAMETER = 0.8 * 0.622 * _INCH

#: Fittings with a fixed equivalent length, K = (L/D) f_T: name -> (L/D [-], description, Crane table section).
CRANE_EQUIVALENT_LENGTH: dict[str, tuple[float, str, str]] = {
    "elbow_90_standard": (30.0, "standard 90 deg elbow", "standard elbows"),
    "elbow_45_standard": (16.0, "standard 45 deg elbow", "standard elbows"),
    "elbow_90_long_radius": (14.0, "90 deg flanged/butt-welding elbow or bend, r/d = 1.5", "90 deg pipe bends"),
    "bend_90_r_d_1": (20.0, "90 deg pipe bend, r/d = 1", "90 deg pipe bends"),
    "bend_90_r_d_2": (12.0, "90 deg pipe bend, r/d = 2", "90 deg pipe bends"),
    "bend_90_r_d_3": (12.0, "90 deg pipe bend, r/d = 3", "90 deg pipe bends"),
    "return_bend_close": (50.0, "close pattern 180 deg return bend", "close pattern return bends"),
    "tee_run": (20.0, "standard tee, flow through run", "standard tees"),
    "tee_branch": (60.0, "standard tee, flow through branch", "standard tees"),
    "gate_valve": (8.0, "gate valve, wedge/double disc or plug, full bore (beta = 1)", "gate valves"),
    "ball_valve": (3.0, "ball valve, full port (beta = 1)", "ball valves"),
    "globe_valve": (340.0, "globe valve (beta = 1)", "globe and angle valves"),
    "plug_valve": (18.0, "plug valve, straight-way (beta = 1)", "plug valves and cocks"),
    "swing_check_valve": (100.0, "swing check valve", "swing check valves"),
    "lift_check_valve": (600.0, "lift check valve, globe type (beta = 1)", "lift check valves"),
    "lift_check_valve_angle": (55.0, "lift check valve, angle type (beta = 1)", "lift check valves"),
    "foot_valve_strainer_poppet": (420.0, "foot valve with strainer, poppet disc", "foot valves with strainer"),
    "foot_valve_strainer_hinged": (75.0, "foot valve with strainer, hinged disc", "foot valves with strainer"),
}

#: Fittings with a fixed K independent of size: name -> (K [-], description, Crane table section).
CRANE_FIXED_K: dict[str, tuple[float, str, str]] = {
    "entrance_sharp": (0.5, "pipe entrance, flush, sharp-edged", "pipe entrance"),
    "entrance_projecting": (0.78, "pipe entrance, inward projecting", "pipe entrance"),
    "entrance_rounded": (0.04, "pipe entrance, flush, rounded r/d >= 0.15", "pipe entrance"),
    "exit": (1.0, "pipe exit (projecting, sharp-edged or rounded)", "pipe exit"),
}

#: Butterfly valves (Crane "butterfly valves"): L/D by nominal size band [in] -> (smallest, largest, L/D).
CRANE_BUTTERFLY: tuple[tuple[float, float, float], ...] = ((2.0, 8.0, 45.0), (10.0, 14.0, 35.0), (16.0, 24.0, 25.0))


def fitting_names() -> list[str]:
    """Names accepted by :func:`fitting_k`.

    Returns
    -------
    names : list of str
        Sorted fitting names.

    Examples
    --------
    >>> fitting_names()[:3]
    ['ball_valve', 'bend_90_r_d_1', 'bend_90_r_d_2']
    """
    return sorted([*CRANE_EQUIVALENT_LENGTH, *CRANE_FIXED_K, "butterfly_valve"])


def nominal_size(diameter: float) -> str:
    """Nominal pipe size whose schedule 40 bore is closest to a diameter.

    Parameters
    ----------
    diameter : float
        Inner diameter [m].

    Returns
    -------
    size : str
        Nominal size label in inches, e.g. ``"3"`` or ``"2-1/2"``; sizes above 24 in are returned as
        ``"24"`` (the largest in Crane's table).

    Examples
    --------
    >>> nominal_size(0.0779)
    '3'
    """
    return CRANE_TURBULENT_FRICTION[_nearest_row(diameter)][0]


def _nearest_row(diameter: float) -> int:
    d = float(diameter)
    if not d >= MINIMUM_DIAMETER:
        raise OutOfRange(
            f"diameter {d * 1000:.1f} mm is below the smallest size of Crane's fitting table "
            f"(1/2 in, bore {0.622 * _INCH * 1000:.1f} mm; accepted from {MINIMUM_DIAMETER * 1000:.1f} mm)")
    return int(np.argmin(np.abs(np.log(d / _TABLE_DIAMETER))))


def crane_turbulent_friction(diameter: float) -> float:
    """Friction factor f_T of clean commercial steel pipe in complete turbulence (Crane TP-410 A-26).

    Parameters
    ----------
    diameter : float
        Inner diameter of the pipe or fitting [m].

    Returns
    -------
    friction : float
        f_T of the nominal size whose schedule 40 bore is closest (in ratio) to ``diameter`` [-].

    Notes
    -----
    Crane's table covers 1/2 in to 24 in. Above 24 in the 24 in value 0.012 is kept: the fully rough
    Colebrook limit for 0.0018 in roughness falls only to 0.0105 at 48 in, so K is overstated by at most
    ~15 % there (a conservative loss). Diameters below 80 % of the 1/2 in bore raise OutOfRange.

    Examples
    --------
    >>> crane_turbulent_friction(0.0779)
    0.018
    """
    return float(_TABLE_FRICTION[_nearest_row(diameter)])


def fitting_k(name: str, diameter: float) -> float:
    """Loss coefficient K of a valve or fitting by Crane TP-410.

    Parameters
    ----------
    name : str
        Fitting name, one of :func:`fitting_names` (e.g. ``"elbow_90_standard"``, ``"tee_branch"``,
        ``"gate_valve"``, ``"ball_valve"``, ``"butterfly_valve"``, ``"swing_check_valve"``,
        ``"lift_check_valve"``, ``"entrance_sharp"``, ``"exit"``).
    diameter : float
        Inner diameter of the pipe the fitting sits in [m].

    Returns
    -------
    loss_coefficient : float
        K referred to the velocity in that pipe [-].

    Raises
    ------
    UnknownMethod
        Unknown fitting name; the message lists the valid ones.
    OutOfRange
        Diameter outside the table (and butterfly valves below 2 in).

    Notes
    -----
    K = (L/D) f_T with L/D from :data:`CRANE_EQUIVALENT_LENGTH` (standard 90 deg elbow 30, long-radius
    r/d = 1.5 elbow 14, tee run 20, tee branch 60, gate valve 8, ball valve 3, plug valve 18, globe
    valve 340, swing check 100, lift check 600, foot valve with strainer 75/420, ...) and f_T from :func:`crane_turbulent_friction`; entrance and exit
    K are size-independent (:data:`CRANE_FIXED_K`). Butterfly valves: L/D 45 for 2-8 in, 35 for
    10-14 in, 25 for 16-24 in (and above). Strainers other than Crane's foot valves have no Crane
    value: use the manufacturer's flow coefficient with :func:`k_from_kv` or :func:`k_from_cv`.

    References
    ----------
    Crane Co. (1988). Flow of Fluids Through Valves, Fittings and Pipe, TP-410, Appendix A pp. A-26 to A-29.

    Examples
    --------
    >>> round(fitting_k("elbow_90_standard", 0.0779), 3)
    0.54
    """
    if name in CRANE_FIXED_K:
        return CRANE_FIXED_K[name][0]
    if name in CRANE_EQUIVALENT_LENGTH:
        return CRANE_EQUIVALENT_LENGTH[name][0] * crane_turbulent_friction(diameter)
    if name == "butterfly_valve":
        return butterfly_valve_k(diameter)
    near = difflib.get_close_matches(name, fitting_names(), n=3)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise UnknownMethod(f"unknown fitting {name!r}; valid fittings: {', '.join(fitting_names())}{hint}")


def butterfly_valve_k(diameter: float) -> float:
    """Loss coefficient of a fully open butterfly valve (Crane TP-410 K factor table).

    Parameters
    ----------
    diameter : float
        Inner diameter [m].

    Returns
    -------
    loss_coefficient : float
        K = 45 f_T (2-8 in), 35 f_T (10-14 in), 25 f_T (16 in and above) [-].

    Examples
    --------
    >>> round(butterfly_valve_k(0.1023), 3)  # 4 in: 45 f_T
    0.765
    """
    row = _nearest_row(diameter)
    size = _TABLE_NOMINAL[row]
    if size < CRANE_BUTTERFLY[0][0]:
        raise OutOfRange(f"Crane gives butterfly valve K from 2 in; got nominal size {nominal_size(diameter)} in")
    for smallest, largest, length_ratio in CRANE_BUTTERFLY:
        if smallest <= size <= largest:
            return length_ratio * float(_TABLE_FRICTION[row])
    return CRANE_BUTTERFLY[-1][2] * float(_TABLE_FRICTION[row])


def fittings_k(counts: Mapping[str, float], diameter: float) -> float:
    """Sum of the loss coefficients of a set of fittings in one pipe.

    Parameters
    ----------
    counts : mapping of str to float
        Fitting name -> number of such fittings.
    diameter : float
        Inner diameter of the pipe [m].

    Returns
    -------
    loss_coefficient : float
        Sum of count * K [-].

    Examples
    --------
    >>> round(fittings_k({"elbow_90_standard": 4, "gate_valve": 1, "exit": 1}, 0.0779), 3)
    3.304
    """
    return float(sum(count * fitting_k(name, diameter) for name, count in sorted(counts.items())))


def reduced_port_k(k_valve: float, beta: float, angle: float = np.pi) -> float:
    """K of a reduced-port (reduced-seat) valve referred to the larger pipe (Crane TP-410 A-26).

    Parameters
    ----------
    k_valve : float
        K1 of the valve referred to its own (smaller) bore [-].
    beta : float
        Diameter ratio d1/d2, bore over pipe [-], 0 < beta <= 1.
    angle : float
        Included angle of the reducer/expander [rad]; pi for abrupt changes.

    Returns
    -------
    loss_coefficient : float
        K2 referred to the pipe velocity [-].

    Notes
    -----
    Crane formulas 5 and 6: K2 = [K1 + sin(theta/2)(0.8(1 - beta^2) + 2.6(1 - beta^2)^2)] / beta^4 for
    theta <= 45 deg, and K2 = [K1 + 0.5 sqrt(sin(theta/2))(1 - beta^2) + (1 - beta^2)^2] / beta^4 for
    45 deg < theta <= 180 deg.

    Examples
    --------
    >>> round(reduced_port_k(3.0, 0.8), 3)
    8.08
    """
    if not 0.0 < beta <= 1.0:
        raise OutOfRange(f"diameter ratio beta must be in (0, 1]; got {beta}")
    b2 = 1.0 - beta**2
    half = angle / 2.0
    if angle <= np.pi / 4.0:
        extra = np.sin(half) * (0.8 * b2 + 2.6 * b2**2)
    else:
        extra = 0.5 * np.sqrt(np.sin(half)) * b2 + b2**2
    return float((k_valve + extra) / beta**4)


def lift_check_valve_k(diameter: float, seat_diameter: float | None = None, angled: bool = False) -> float:
    """Loss coefficient of a lift check valve, full or reduced seat (Crane TP-410 K factor table).

    Parameters
    ----------
    diameter : float
        Inner diameter of the pipe [m].
    seat_diameter : float or None
        Inner diameter of the (smaller) valve size [m]; None for a line-size valve.
    angled : bool
        Angle pattern (K1 = 55 f_T) instead of globe pattern (K1 = 600 f_T).

    Returns
    -------
    loss_coefficient : float
        K referred to the pipe velocity [-].

    Notes
    -----
    Crane formula 7 for beta < 1: K2 = K1/beta^4 + beta (formula 2 + formula 4)
    = [K1 + beta(0.5(1 - beta^2) + (1 - beta^2)^2)] / beta^4, with f_T of the pipe size.

    Examples
    --------
    >>> round(lift_check_valve_k(0.0779), 2)  # 3 in, globe type: 600 f_T
    10.8
    """
    length_ratio = 55.0 if angled else 600.0
    k1 = length_ratio * crane_turbulent_friction(diameter)
    if seat_diameter is None or seat_diameter >= diameter:
        return k1
    beta = seat_diameter / diameter
    b2 = 1.0 - beta**2
    return float((k1 + beta * (0.5 * b2 + b2**2)) / beta**4)


def k_from_kv(kv: float, diameter: float) -> float:
    """Loss coefficient from a metric flow coefficient Kv.

    Parameters
    ----------
    kv : float
        Flow coefficient: water flow in m3/h at 1 bar pressure drop [m3/h].
    diameter : float
        Inner diameter the K refers to [m].

    Returns
    -------
    loss_coefficient : float
        K = 2 * 1e5 Pa / 1000 kg/m3 * (A * 3600 / Kv)^2 [-].

    Notes
    -----
    From dp = K rho V^2 / 2 and the definition of Kv (IEC 60534-1, water of 1000 kg/m3).

    Examples
    --------
    >>> round(k_from_kv(350.0, 0.1023), 3)
    1.429
    """
    area = np.pi * diameter**2 / 4.0
    return float(2.0 * 1.0e5 / 1000.0 * (area * 3600.0 / kv) ** 2)


def k_from_cv(cv: float, diameter: float) -> float:
    """Loss coefficient from a US flow coefficient Cv.

    Parameters
    ----------
    cv : float
        Flow coefficient: US gallons per minute of 60 degF water at 1 psi pressure drop [gal/(min*psi^0.5)].
    diameter : float
        Inner diameter the K refers to [m].

    Returns
    -------
    loss_coefficient : float
        K [-]; Crane TP-410 eq. 2-10 gives K = 891 d^4 / Cv^2 (d in inches).

    Notes
    -----
    Computed from the definitions (1 US gal = 3.785411784 L, 1 psi = 6894.757 Pa, water 999.0 kg/m3).

    Examples
    --------
    >>> round(k_from_cv(400.0, 0.1023), 3)
    1.464
    """
    area = np.pi * diameter**2 / 4.0
    flow = cv * 3.785411784e-3 / 60.0  # m3/s at 1 psi
    velocity = flow / area
    return float(2.0 * 6894.757293168 / (999.0 * velocity**2))
