"""Arc-flash incident energy and arc-flash boundary by the IEEE 1584-2018 empirical model.

Kernels on SI floats (V, A, m, s, J/m²); the model's own units (kV, kA, mm, ms, J/cm²) stay inside.
The procedure of IEEE Std 1584-2018, clause 4:

1. intermediate arcing currents at 600 V, 2 700 V and 14 300 V (eq. (1), Table 1);
2. the final arcing current: interpolated for 0.6 kV < V_oc <= 15 kV (eqs. (16)-(18)), or eq. (25)
   for V_oc <= 0.6 kV;
3. the enclosure-size correction factor CF (4.8: Table 6, eqs. (11)-(15), Table 7);
4. intermediate incident energies (eqs. (3)-(5), Tables 3-5) and their interpolation (eqs. (19)-(21)),
   or eq. (6) for V_oc <= 0.6 kV; likewise the arc-flash boundary (eqs. (7)-(10), (22)-(24));
5. the same again with the reduced arcing current I_arc_min = I_arc·(1 - 0.5·VarCf) (eq. (2)), whose
   clearing time can be much longer: the larger incident energy of the two governs (4.5).

Range of the model (4.2): 208 V to 15 kV three-phase, 50/60 Hz; bolted fault 500 A to 106 kA
(208-600 V) or 200 A to 65 kA (601 V-15 kV); gap 6.35-76.2 mm (LV) or 19.05-254 mm (MV); working
distance >= 305 mm; enclosure width >= 4 gaps; electrode configurations VCB, VCBB, HCB, VOA, HOA.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutOfRange, UnknownMethod

#: Energy to the arc-flash boundary: 1.2 cal/cm² (onset of a second-degree burn, 4.9) [J/m²].
BOUNDARY_ENERGY_J_PER_M2 = 1.2 * 4.184e4
#: Joules per calorie (thermochemical), for cal/cm² labels [J/cal].
JOULE_PER_CALORIE = 4.184
ELECTRODE_CONFIGURATIONS = ("VCB", "VCBB", "HCB", "VOA", "HOA")
_LEVELS_KV = (0.6, 2.7, 14.3)

# IEEE 1584-2018 Table 1: coefficients k1..k10 of eq. (1), by configuration and V_oc of the test series.
_TABLE_1 = {
    ("VCB", 0.6): (-0.04287, 1.035, -0.083, 0, 0, -4.783e-09, 1.962e-06, -0.000229, 0.003141, 1.092),
    ("VCB", 2.7): (0.0065, 1.001, -0.024, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729),
    ("VCB", 14.3): (0.005795, 1.015, -0.011, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729),
    ("VCBB", 0.6): (-0.017432, 0.98, -0.05, 0, 0, -5.767e-09, 2.524e-06, -0.00034, 0.01187, 1.013),
    ("VCBB", 2.7): (0.002823, 0.995, -0.0125, 0, -9.204e-11, 2.901e-08, -3.262e-06, 0.0001569, -0.004003, 0.9825),
    ("VCBB", 14.3): (0.014827, 1.01, -0.01, 0, -9.204e-11, 2.901e-08, -3.262e-06, 0.0001569, -0.004003, 0.9825),
    ("HCB", 0.6): (0.054922, 0.988, -0.11, 0, 0, -5.382e-09, 2.316e-06, -0.000302, 0.0091, 0.9725),
    ("HCB", 2.7): (0.001011, 1.003, -0.0249, 0, 0, 4.859e-10, -1.814e-07, -9.128e-06, -0.0007, 0.9881),
    ("HCB", 14.3): (0.008693, 0.999, -0.02, 0, -5.043e-11, 2.233e-08, -3.046e-06, 0.000116, -0.001145, 0.9839),
    ("VOA", 0.6): (0.043785, 1.04, -0.18, 0, 0, -4.783e-09, 1.962e-06, -0.000229, 0.003141, 1.092),
    ("VOA", 2.7): (-0.02395, 1.006, -0.0188, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729),
    ("VOA", 14.3): (0.005371, 1.0102, -0.029, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729),
    ("HOA", 0.6): (0.111147, 1.008, -0.24, 0, 0, -3.895e-09, 1.641e-06, -0.000197, 0.002615, 1.1),
    ("HOA", 2.7): (0.000435, 1.006, -0.038, 0, 0, 7.859e-10, -1.914e-07, -9.128e-06, -0.0007, 0.9981),
    ("HOA", 14.3): (0.000904, 0.999, -0.02, 0, 0, 7.859e-10, -1.914e-07, -9.128e-06, -0.0007, 0.9981),
}
# IEEE 1584-2018 Table 2: coefficients k1..k7 of the arcing-current variation factor VarCf (eq. (2)).
_TABLE_2 = {
    "VCB": (0, -0.0000014269, 0.000083137, -0.0019382, 0.022366, -0.12645, 0.30226),
    "VCBB": (1.138e-06, -6.0287e-05, 0.0012758, -0.013778, 0.080217, -0.24066, 0.33524),
    "HCB": (0, -3.097e-06, 0.00016405, -0.0033609, 0.033308, -0.16182, 0.34627),
    "VOA": (9.5606e-07, -5.1543e-05, 0.0011161, -0.01242, 0.075125, -0.23584, 0.33696),
    "HOA": (0, -3.1555e-06, 0.0001682, -0.0034607, 0.034124, -0.1599, 0.34629),
}
# IEEE 1584-2018 Tables 3 (600 V), 4 (2 700 V) and 5 (14 300 V): k1..k13 of eqs. (3)-(10).
_TABLES_3_5 = {
    0.6: {
        "VCB": (0.753364, 0.566, 1.752636, 0, 0, -4.783e-09, 1.962e-06, -0.000229, 0.003141, 1.092, 0, -1.598, 0.957),
        "VCBB": (3.068459, 0.26, -0.098107, 0, 0, -5.767e-09, 2.524e-06, -0.00034, 0.01187, 1.013, -0.06, -1.809, 1.19),
        "HCB": (4.073745, 0.344, -0.370259, 0, 0, -5.382e-09, 2.316e-06, -0.000302, 0.0091, 0.9725, 0, -2.03, 1.036),
        "VOA": (0.679294, 0.746, 1.222636, 0, 0, -4.783e-09, 1.962e-06, -0.000229, 0.003141, 1.092, 0, -1.598, 0.997),
        "HOA": (3.470417, 0.465, -0.261863, 0, 0, -3.895e-09, 1.641e-06, -0.000197, 0.002615, 1.1, 0, -1.99, 1.04),
    },
    2.7: {
        "VCB": (2.40021, 0.165, 0.354202, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729, 0, -1.569, 0.9778),
        "VCBB": (3.870592, 0.185, -0.736618, 0, -9.204e-11, 2.901e-08, -3.262e-06, 0.0001569, -0.004003, 0.9825, 0, -1.742, 1.09),
        "HCB": (3.486391, 0.177, -0.193101, 0, 0, 4.859e-10, -1.814e-07, -9.128e-06, -0.0007, 0.9881, 0.027, -1.723, 1.055),
        "VOA": (3.880724, 0.105, -1.906033, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729, 0, -1.515, 1.115),
        "HOA": (3.616266, 0.149, -0.761561, 0, 0, 7.859e-10, -1.914e-07, -9.128e-06, -0.0007, 0.9981, 0, -1.639, 1.078),
    },
    14.3: {
        "VCB": (3.825917, 0.11, -0.999749, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729, 0, -1.568, 0.99),
        "VCBB": (3.644309, 0.215, -0.585522, 0, -9.204e-11, 2.901e-08, -3.262e-06, 0.0001569, -0.004003, 0.9825, 0, -1.677, 1.06),
        "HCB": (3.044516, 0.125, 0.245106, 0, -5.043e-11, 2.233e-08, -3.046e-06, 0.000116, -0.001145, 0.9839, 0, -1.655, 1.084),
        "VOA": (3.405454, 0.12, -0.93245, -1.557e-12, 4.556e-10, -4.186e-08, 8.346e-07, 5.482e-05, -0.003191, 0.9729, 0, -1.534, 0.979),
        "HOA": (2.04049, 0.177, 1.005092, 0, 0, 7.859e-10, -1.914e-07, -9.128e-06, -0.0007, 0.9981, -0.05, -1.633, 1.151),
    },
}
# IEEE 1584-2018 Table 7: b1, b2, b3 of the enclosure-size correction (eqs. (14), (15)).
_TABLE_7 = {
    ("typical", "VCB"): (-0.000302, 0.03441, 0.4325),
    ("typical", "VCBB"): (-0.0002976, 0.032, 0.479),
    ("typical", "HCB"): (-0.0001923, 0.01935, 0.6899),
    ("shallow", "VCB"): (0.002222, -0.02556, 0.6222),
    ("shallow", "VCBB"): (-0.002778, 0.1194, -0.2778),
    ("shallow", "HCB"): (-0.0005556, 0.03722, 0.4778),
}
# IEEE 1584-2018 Table 6 / eqs. (11), (12): constants A and B of the equivalent-dimension equation.
_TABLE_6_AB = {"VCB": (4.0, 20.0), "VCBB": (10.0, 24.0), "HCB": (10.0, 22.0)}
_MM_PER_IN = 25.4


def _configuration(electrode: str) -> str:
    if electrode not in ELECTRODE_CONFIGURATIONS:
        raise UnknownMethod(f"unknown electrode configuration {electrode!r}; valid: {', '.join(ELECTRODE_CONFIGURATIONS)}")
    return electrode


def check_model_range(voc_v: float, ibf_a: float, gap_m: float, distance_m: float, width_m: float | None = None) -> None:
    """Raise OutOfRange when an input is outside the range of the IEEE 1584-2018 model (4.2).

    Parameters
    ----------
    voc_v : float
        Open-circuit (nominal) line-to-line voltage V_oc [V].
    ibf_a : float
        Bolted three-phase fault current I_bf [A].
    gap_m : float
        Gap between conductors G [m].
    distance_m : float
        Working distance D [m].
    width_m : float or None
        Enclosure width [m] (at least four gaps), None for open air.

    Examples
    --------
    >>> check_model_range(480.0, 45e3, 0.032, 0.6096, 0.61)
    """
    if not 208.0 <= voc_v <= 15e3:
        raise OutOfRange(f"IEEE 1584-2018 covers 208 V to 15 kV (4.2), got {voc_v:g} V")
    low = voc_v <= 600.0
    i_lo, i_hi = (500.0, 106e3) if low else (200.0, 65e3)
    if not i_lo <= ibf_a <= i_hi:
        raise OutOfRange(f"IEEE 1584-2018 covers a bolted fault of {i_lo / 1e3:g}-{i_hi / 1e3:g} kA at "
                         f"{voc_v:g} V (4.2), got {ibf_a / 1e3:.3g} kA")
    g_lo, g_hi = (6.35e-3, 76.2e-3) if low else (19.05e-3, 254e-3)
    if not g_lo * (1 - 1e-9) <= gap_m <= g_hi * (1 + 1e-9):
        raise OutOfRange(f"IEEE 1584-2018 covers gaps of {g_lo * 1e3:g}-{g_hi * 1e3:g} mm at {voc_v:g} V (4.2), "
                         f"got {gap_m * 1e3:g} mm")
    if distance_m < 0.305 * (1 - 1e-9):
        raise OutOfRange(f"IEEE 1584-2018 needs a working distance >= 305 mm (4.2), got {distance_m * 1e3:g} mm")
    if width_m is not None and width_m < 4.0 * gap_m * (1 - 1e-9):
        raise OutOfRange(f"IEEE 1584-2018 needs an enclosure width >= 4 gaps (4.2): {width_m * 1e3:g} mm < "
                         f"4 x {gap_m * 1e3:g} mm")


def arcing_current_intermediate(level_v: float, ibf_a: float, gap_m: float, electrode: str) -> float:
    """Intermediate average arcing current at one of the three test voltages (eq. (1)).

    Parameters
    ----------
    level_v : {600, 2700, 14300}
        Test-series voltage V_oc of the coefficients [V].
    ibf_a : float
        Bolted three-phase fault current I_bf [A].
    gap_m : float
        Gap between conductors G [m].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].

    Returns
    -------
    i_arc_a : float
        I_arc_600, I_arc_2700 or I_arc_14300 [A].

    Notes
    -----
    IEEE 1584-2018 eq. (1), I_bf in kA and G in mm, coefficients of Table 1:
    I_arc = 10^(k1 + k2·lg I_bf + k3·lg G)·(k4·I_bf⁶ + k5·I_bf⁵ + ... + k9·I_bf + k10).

    Examples
    --------
    >>> round(arcing_current_intermediate(600.0, 45e3, 0.032, "VCB") / 1e3, 3)
    32.449
    """
    k = _TABLE_1[(_configuration(electrode), level_v / 1e3)]
    i = ibf_a / 1e3
    poly = k[3] * i**6 + k[4] * i**5 + k[5] * i**4 + k[6] * i**3 + k[7] * i**2 + k[8] * i + k[9]
    return 1e3 * 10.0 ** (k[0] + k[1] * math.log10(i) + k[2] * math.log10(gap_m * 1e3)) * poly


def arcing_current_variation_factor(voc_v: float, electrode: str) -> float:
    """Arcing-current variation correction factor VarCf (eq. (2), Table 2).

    Parameters
    ----------
    voc_v : float
        Open-circuit voltage V_oc [V].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].

    Returns
    -------
    var_cf : float
        VarCf = k1·V⁶ + ... + k6·V + k7 with V_oc in kV [-]; I_arc_min = I_arc·(1 - 0.5·VarCf).

    Examples
    --------
    >>> round(arcing_current_variation_factor(480.0, "VCB"), 3)
    0.247
    """
    k = _TABLE_2[_configuration(electrode)]
    v = voc_v / 1e3
    return k[0] * v**6 + k[1] * v**5 + k[2] * v**4 + k[3] * v**3 + k[4] * v**2 + k[5] * v + k[6]


def interpolate_voltage(voc_v: float, x600: float, x2700: float, x14300: float) -> float:
    """A quantity at V_oc from its values at 600 V, 2 700 V and 14 300 V (0.6 kV < V_oc <= 15 kV).

    Parameters
    ----------
    voc_v : float
        Open-circuit voltage V_oc [V].
    x600, x2700, x14300 : float
        The intermediate values (arcing current [A], incident energy [J/m²] or boundary [m]).

    Returns
    -------
    x : float
        Same unit as the inputs.

    Notes
    -----
    IEEE 1584-2018 eqs. (16)-(18) (arcing current), (19)-(21) (energy), (22)-(24) (boundary):
    x1 = (x2700 - x600)/2.1·(V - 2.7) + x2700, x2 = (x14300 - x2700)/11.6·(V - 14.3) + x14300,
    x3 = x1·(2.7 - V)/2.1 + x2·(V - 0.6)/2.1; x = x3 for V <= 2.7 kV, x2 above.

    Examples
    --------
    >>> round(interpolate_voltage(4160.0, 11116.70, 12815.76, 14116.47) / 1e3, 3)
    12.979
    """
    v = voc_v / 1e3
    if not 0.6 < v <= 15.0:
        raise OutOfRange(f"interpolation covers 0.6 kV < V_oc <= 15 kV, got {voc_v:g} V")
    x1 = (x2700 - x600) / 2.1 * (v - 2.7) + x2700
    x2 = (x14300 - x2700) / 11.6 * (v - 14.3) + x14300
    x3 = x1 * (2.7 - v) / 2.1 + x2 * (v - 0.6) / 2.1
    return x3 if v <= 2.7 else x2


def arcing_current_low_voltage(voc_v: float, i_arc_600_a: float, ibf_a: float) -> float:
    """Final arcing current for V_oc <= 600 V (eq. (25)).

    Parameters
    ----------
    voc_v : float
        Open-circuit voltage V_oc [V].
    i_arc_600_a : float
        Intermediate arcing current at 600 V [A].
    ibf_a : float
        Bolted fault current [A].

    Returns
    -------
    i_arc_a : float
        I_arc = 1/sqrt((0.6/V)²·(1/I_arc_600² - (0.6² - V²)/(0.6²·I_bf²))) [A].

    Examples
    --------
    >>> round(arcing_current_low_voltage(480.0, 32448.7, 45e3) / 1e3, 3)
    28.793
    """
    v, i600, ibf = voc_v / 1e3, i_arc_600_a / 1e3, ibf_a / 1e3
    return 1e3 / math.sqrt((0.6 / v) ** 2 * (1.0 / i600**2 - (0.6**2 - v**2) / (0.6**2 * ibf**2)))


@dataclass(frozen=True)
class EnclosureCorrection:
    """Enclosure-size correction of IEEE 1584-2018, 4.8.

    Attributes
    ----------
    enclosure : str
        "typical", "shallow" or "open" (VOA/HOA: no correction).
    width_equivalent_m, height_equivalent_m : float
        Width_1 and Height_1 of Table 6 [m].
    ees_m : float
        Equivalent enclosure size EES = (Height_1 + Width_1)/2 [m].
    cf : float
        Correction factor CF [-].
    """

    enclosure: str
    width_equivalent_m: float
    height_equivalent_m: float
    ees_m: float
    cf: float


def enclosure_correction_factor(voc_v: float, electrode: str, height_m: float, width_m: float,
                                depth_m: float) -> EnclosureCorrection:
    """Enclosure-size correction factor CF (IEEE 1584-2018, 4.8).

    Parameters
    ----------
    voc_v : float
        Open-circuit voltage V_oc [V].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].
    height_m, width_m, depth_m : float
        Enclosure inside height, width and depth [m].

    Returns
    -------
    correction : EnclosureCorrection
        Enclosure type, equivalent width and height [m], EES [m] and CF [-].

    Notes
    -----
    Shallow: V_oc < 600 V, height and width < 508 mm and depth <= 203.2 mm; else typical. Table 6:
    a dimension below 508 mm counts as 20 in (typical) or its own size (shallow); 508-660.4 mm its
    own size; 660.4-1 244.6 mm eq. (11)/(12) ``(660.4 + (d - 660.4)·(V_oc + A)/B)/25.4`` with A, B by
    configuration (the VCB height is its own size); above 1 244.6 mm the value at 1 244.6 mm (VCB
    height: 49 in). EES = (Height_1 + Width_1)/2 in inches (eq. (13)); CF = b1·EES² + b2·EES + b3
    (typical, eq. (14)) or its inverse (shallow, eq. (15)), Table 7. Open-air configurations: CF = 1.
    Millimetres to inches by 1/25.4 (the standard prints 0.039 37; the difference is below its
    printed precision).

    Examples
    --------
    >>> round(enclosure_correction_factor(4160.0, "VCB", 1.143, 0.762, 0.508).cf, 3)
    1.284
    """
    electrode = _configuration(electrode)
    if electrode in ("VOA", "HOA"):
        return EnclosureCorrection("open", width_m, height_m, (width_m + height_m) / 2.0, 1.0)
    h, w, d = height_m * 1e3, width_m * 1e3, depth_m * 1e3
    shallow = voc_v < 600.0 and h < 508.0 and w < 508.0 and d <= 203.2
    a, b = _TABLE_6_AB[electrode]
    v = voc_v / 1e3

    def equation_11(dim_mm: float) -> float:
        return (660.4 + (dim_mm - 660.4) * (v + a) / b) / _MM_PER_IN

    def equivalent(dim_mm: float, own_size_above: bool, cap_in: float | None) -> float:
        if dim_mm < 508.0:
            return dim_mm / _MM_PER_IN if shallow else 20.0
        if dim_mm <= 660.4:
            return dim_mm / _MM_PER_IN
        if dim_mm <= 1244.6:
            return dim_mm / _MM_PER_IN if own_size_above else equation_11(dim_mm)
        return cap_in if own_size_above else equation_11(1244.6)

    width_in = equivalent(w, False, None)
    height_in = equivalent(h, electrode == "VCB", 49.0)
    ees = (width_in + height_in) / 2.0
    b1, b2, b3 = _TABLE_7[("shallow" if shallow else "typical", electrode)]
    poly = b1 * ees**2 + b2 * ees + b3
    cf = 1.0 / poly if shallow else poly
    return EnclosureCorrection("shallow" if shallow else "typical", width_in * _MM_PER_IN / 1e3,
                               height_in * _MM_PER_IN / 1e3, ees * _MM_PER_IN / 1e3, cf)


def incident_energy_intermediate(level_v: float, i_arc_a: float, ibf_a: float, gap_m: float, distance_m: float,
                                 time_s: float, cf: float, electrode: str, i_arc_600_a: float | None = None) -> float:
    """Intermediate incident energy at one test voltage (eqs. (3)-(5)), or at V_oc <= 600 V (eq. (6)).

    Parameters
    ----------
    level_v : {600, 2700, 14300}
        Test-series voltage of the coefficients (600 for eq. (6)) [V].
    i_arc_a : float
        Arcing current: the intermediate one at ``level_v`` (eqs. (3)-(5)) or the final one (eq. (6)) [A].
    ibf_a : float
        Bolted fault current [A].
    gap_m : float
        Gap G [m].
    distance_m : float
        Working distance D [m].
    time_s : float
        Arc duration T [s].
    cf : float
        Enclosure-size correction factor [-].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].
    i_arc_600_a : float or None
        I_arc_600 for eq. (6) (V_oc <= 600 V); None for eqs. (3)-(5) [A].

    Returns
    -------
    energy_j_per_m2 : float
        Incident energy [J/m²].

    Notes
    -----
    With I in kA, G and D in mm, T in ms, E in J/cm² and k1..k13 of Tables 3-5:
    E = 12.552/50·T·10^(k1 + k2·lg G + k3·I_a/(k4·I_bf⁷ + ... + k10·I_bf) + k11·lg I_bf + k12·lg D
    + k13·lg I_arc + lg(1/CF)), where I_a is the intermediate arcing current (eqs. (3)-(5)) or
    I_arc_600 (eq. (6)).

    Examples
    --------
    >>> e = incident_energy_intermediate(600.0, 28793.3, 45e3, 0.032, 0.6096, 0.0613, 1.0847, "VCB", 32448.7)
    >>> round(e / 1e4, 3)
    11.585
    """
    k = _TABLES_3_5[level_v / 1e3][_configuration(electrode)]
    ibf = ibf_a / 1e3
    i_a = (i_arc_600_a if i_arc_600_a is not None else i_arc_a) / 1e3
    den = k[3] * ibf**7 + k[4] * ibf**6 + k[5] * ibf**5 + k[6] * ibf**4 + k[7] * ibf**3 + k[8] * ibf**2 + k[9] * ibf
    exponent = (k[0] + k[1] * math.log10(gap_m * 1e3) + k[2] * i_a / den + k[10] * math.log10(ibf)
                + k[11] * math.log10(distance_m * 1e3) + k[12] * math.log10(i_arc_a / 1e3) + math.log10(1.0 / cf))
    return 12.552 / 50.0 * (time_s * 1e3) * 10.0**exponent * 1e4


def arc_flash_boundary_from_energy(level_v: float, energy_j_per_m2: float, distance_m: float, electrode: str) -> float:
    """Arc-flash boundary: the distance where the incident energy falls to 1.2 cal/cm² (eqs. (7)-(10)).

    Parameters
    ----------
    level_v : {600, 2700, 14300}
        Test-series voltage of the coefficients (600 at V_oc <= 600 V) [V].
    energy_j_per_m2 : float
        Incident energy at the working distance, from the same coefficients [J/m²].
    distance_m : float
        Working distance D [m].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].

    Returns
    -------
    afb_m : float
        Arc-flash boundary [m].

    Notes
    -----
    Eqs. (3)-(6) give E ∝ D^k12 with every other term fixed; eqs. (7)-(10) solve the same expression
    for the D at which E = 5.0208 J/cm² (1.2 cal/cm²), hence AFB = D·(E_B/E)^(1/k12), identical.

    Examples
    --------
    >>> round(arc_flash_boundary_from_energy(600.0, 11.585e4, 0.6096, "VCB") * 1e3)
    1029
    """
    k12 = _TABLES_3_5[level_v / 1e3][_configuration(electrode)][11]
    return distance_m * (BOUNDARY_ENERGY_J_PER_M2 / energy_j_per_m2) ** (1.0 / k12)


@dataclass(frozen=True)
class ArcingCurrents:
    """Arcing currents of one fault (IEEE 1584-2018 4.4-4.5).

    Attributes
    ----------
    i_arc_a, i_arc_min_a : float
        Final arcing current and its reduced value I_arc·(1 - 0.5·VarCf) [A].
    intermediate_a, intermediate_min_a : dict
        Intermediate currents by test voltage [V] -> [A] (only 600 V at V_oc <= 600 V).
    var_cf : float
        Variation correction factor [-].
    """

    i_arc_a: float
    i_arc_min_a: float
    intermediate_a: dict
    intermediate_min_a: dict
    var_cf: float


def arcing_currents(voc_v: float, ibf_a: float, gap_m: float, electrode: str) -> ArcingCurrents:
    """Final and reduced arcing currents at V_oc (IEEE 1584-2018 eqs. (1), (2), (16)-(18), (25)).

    Parameters
    ----------
    voc_v : float
        Open-circuit voltage [V].
    ibf_a : float
        Bolted three-phase fault current [A].
    gap_m : float
        Gap G [m].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].

    Returns
    -------
    currents : ArcingCurrents
        I_arc and I_arc_min [A], the intermediate values, VarCf.

    Notes
    -----
    Above 600 V the reduced intermediate currents are each I_arc_Voc·(1 - 0.5·VarCf) and are then
    interpolated (Annex D.1, steps 8-10); at or below 600 V I_arc_min = I_arc·(1 - 0.5·VarCf).

    Examples
    --------
    >>> round(arcing_currents(480.0, 45e3, 0.032, "VCB").i_arc_min_a / 1e3, 3)
    25.244
    """
    var_cf = arcing_current_variation_factor(voc_v, electrode)
    factor = 1.0 - 0.5 * var_cf
    if voc_v <= 600.0:
        i600 = arcing_current_intermediate(600.0, ibf_a, gap_m, electrode)
        i_arc = arcing_current_low_voltage(voc_v, i600, ibf_a)
        return ArcingCurrents(i_arc, i_arc * factor, {600.0: i600}, {600.0: i600}, var_cf)
    inter = {lv * 1e3: arcing_current_intermediate(lv * 1e3, ibf_a, gap_m, electrode) for lv in _LEVELS_KV}
    reduced = {level: i * factor for level, i in inter.items()}
    return ArcingCurrents(interpolate_voltage(voc_v, *inter.values()), interpolate_voltage(voc_v, *reduced.values()),
                          inter, reduced, var_cf)


@dataclass(frozen=True)
class IncidentEnergy:
    """Incident energy and boundary of one arcing current and duration.

    Attributes
    ----------
    energy_j_per_m2 : float
        Incident energy at the working distance [J/m²].
    afb_m : float
        Arc-flash boundary [m].
    intermediate_energy_j_per_m2, intermediate_afb_m : dict
        By test voltage [V] (empty at V_oc <= 600 V).
    """

    energy_j_per_m2: float
    afb_m: float
    intermediate_energy_j_per_m2: dict
    intermediate_afb_m: dict


def incident_energy(voc_v: float, ibf_a: float, currents_a: dict, i_arc_a: float, gap_m: float, distance_m: float,
                    time_s: float, cf: float, electrode: str) -> IncidentEnergy:
    """Incident energy and arc-flash boundary at V_oc for one set of arcing currents and one duration.

    Parameters
    ----------
    voc_v : float
        Open-circuit voltage [V].
    ibf_a : float
        Bolted fault current [A].
    currents_a : dict
        Intermediate arcing currents by test voltage [V] -> [A] (``ArcingCurrents.intermediate_a`` or
        ``intermediate_min_a``).
    i_arc_a : float
        The final arcing current that goes with them (used by eq. (6) at V_oc <= 600 V) [A].
    gap_m : float
        Gap G [m].
    distance_m : float
        Working distance D [m].
    time_s : float
        Arc duration [s].
    cf : float
        Enclosure-size correction factor [-].
    electrode : {"VCB", "VCBB", "HCB", "VOA", "HOA"}
        Electrode configuration [-].

    Returns
    -------
    result : IncidentEnergy
        Energy [J/m²] and boundary [m], with the intermediate values above 600 V.

    Notes
    -----
    At V_oc <= 600 V: eq. (6) with I_arc_600 and the final I_arc, and eq. (10). Above: eqs. (3)-(5)
    and (7)-(9) at each test voltage with its own intermediate current, then eqs. (19)-(24).

    Examples
    --------
    >>> c = arcing_currents(480.0, 45e3, 0.032, "VCB")
    >>> r = incident_energy(480.0, 45e3, c.intermediate_min_a, c.i_arc_min_a, 0.032, 0.6096, 0.319, 1.0847, "VCB")
    >>> round(r.energy_j_per_m2 / 1e4, 3), round(r.afb_m * 1e3)
    (53.156, 2669)
    """
    if voc_v <= 600.0:
        e = incident_energy_intermediate(600.0, i_arc_a, ibf_a, gap_m, distance_m, time_s, cf, electrode,
                                         i_arc_600_a=currents_a[600.0])
        return IncidentEnergy(e, arc_flash_boundary_from_energy(600.0, e, distance_m, electrode), {}, {})
    energies = {level: incident_energy_intermediate(level, i, ibf_a, gap_m, distance_m, time_s, cf, electrode)
                for level, i in currents_a.items()}
    boundaries = {level: arc_flash_boundary_from_energy(level, e, distance_m, electrode) for level, e in energies.items()}
    return IncidentEnergy(interpolate_voltage(voc_v, *energies.values()), interpolate_voltage(voc_v, *boundaries.values()),
                          energies, boundaries)


# ---------------------------------------------------------------------------------------------
# NFPA 70E
# ---------------------------------------------------------------------------------------------
#: Minimum arc rating of each PPE category, NFPA 70E-2024 Table 130.7(C)(15)(c) [cal/cm²].
PPE_CATEGORY_ARC_RATING_CAL_CM2 = {1: 4.0, 2: 8.0, 3: 25.0, 4: 40.0}
#: Below this incident energy arc-rated clothing is not required, NFPA 70E-2024 130.7(C)(1) [cal/cm²].
ARC_RATED_THRESHOLD_CAL_CM2 = 1.2


def ppe_category(energy_j_per_m2: float) -> int | None:
    """The lowest NFPA 70E PPE category whose minimum arc rating covers an incident energy.

    Parameters
    ----------
    energy_j_per_m2 : float
        Incident energy at the working distance [J/m²].

    Returns
    -------
    category : int or None
        0 below 1.2 cal/cm² (no arc-rated clothing required), 1-4 by the minimum arc ratings of
        NFPA 70E-2024 Table 130.7(C)(15)(c) (4, 8, 25, 40 cal/cm²), None above 40 cal/cm² (no
        category covers it: de-energize).

    Examples
    --------
    >>> ppe_category(6.0 * 4.184e4)
    2
    """
    cal = energy_j_per_m2 / (JOULE_PER_CALORIE * 1e4)
    if cal < ARC_RATED_THRESHOLD_CAL_CM2:
        return 0
    for category, rating in sorted(PPE_CATEGORY_ARC_RATING_CAL_CM2.items()):
        if cal <= rating:
            return category
    return None


def calories_per_cm2(energy_j_per_m2: float) -> float:
    """Incident energy in cal/cm² for labels.

    Parameters
    ----------
    energy_j_per_m2 : float
        Incident energy [J/m²].

    Returns
    -------
    energy_cal_cm2 : float
        The same energy [cal/cm²] (4.184 J/cal).

    Examples
    --------
    >>> round(calories_per_cm2(4.184e4), 3)
    1.0
    """
    return energy_j_per_m2 / (JOULE_PER_CALORIE * 1e4)
