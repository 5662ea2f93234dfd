"""Measure the worst deviations of the cooling validation and peer cases, for docs/validation.md.

Run: ``python benchmarks/cooling_validation.py``

Each line recomputes what a test checks (the inputs and peers are taken from the test modules) and
prints the worst deviation over the values checked, in the kind of the test's tolerance.
"""
from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _module(relative: str):
    path = ROOT / relative
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("validation_" + path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rel(ours, ref):
    return float(np.max(np.abs(np.asarray(ours, dtype=float) / np.asarray(ref, dtype=float) - 1.0)))


def report(case: str, worst: float, kind: str) -> None:
    print(f"| {case} | {kind} {worst:.1e} |")


def main() -> None:
    warnings.simplefilter("ignore")
    from retrofit.cooling import fittings, friction
    from retrofit.cooling import heat_exchange as hx
    from retrofit.cooling import psychrometrics as psy
    from retrofit.cooling.coolant import REFERENCE_PRESSURE, coolant

    m = _module("tests/peers/test_friction_fittings_vs_fluids.py")
    ff, fit = m.ff, m.fit
    re_ = m.REYNOLDS
    report("Colebrook vs fluids Colebrook/Clamond", max(
        _rel(friction.colebrook(re_, e), [ff.Clamond(float(r), e) for r in re_]) for e in m.ROUGHNESS), "rel")
    report("Swamee-Jain vs fluids", max(
        _rel(friction.swamee_jain(re_, e), [ff.Swamee_Jain_1976(float(r), e) for r in re_]) for e in m.ROUGHNESS), "rel")
    valves = max(abs(fittings.fitting_k(n, d) / f(d, fittings.crane_turbulent_friction(d)) - 1.0)
                 for n, f in m.VALVES.items() for d in m.DIAMETERS[::3])
    report("Crane valve K vs fluids", valves, "rel")
    bends = max(abs(fittings.fitting_k(n, d) / fittings.crane_turbulent_friction(d)
                    - fit.bend_rounded_Crane(d, 90.0, bend_diameters=r) / fit.ft_Crane(d))
                for n, r in m.BENDS.items() for d in m.DIAMETERS[::4])
    report("Crane bend L/D vs fluids", bends, "abs (pipe diameters)")

    h = _module("tests/peers/test_entu_vs_ht.py")
    worst = {"closed": 0.0, "cross": 0.0}
    for arrangement, (subtype, extra) in h.SUBTYPES.items():
        for ntu, cr in h._points(arrangement):
            d = abs(hx.effectiveness(ntu, cr, arrangement) / h.ht.effectiveness_from_NTU(ntu, cr, subtype, **extra) - 1)
            key = "cross" if arrangement == "crossflow_unmixed" else "closed"
            worst[key] = max(worst[key], d)
    report("epsilon-NTU vs ht, closed forms", worst["closed"], "rel")
    report("epsilon-NTU vs ht, crossflow both unmixed", worst["cross"], "rel")

    p = _module("tests/peers/test_psychrometrics_vs_psychrolib.py")
    lib = p.psychrolib
    w_dev, wb_dev = 0.0, 0.0
    for t_db, t_wb, alt in p.STATES:
        pr = psy.barometric_pressure(alt)
        w = psy.humidity_ratio_from_wet_bulb(t_db + 273.15, t_wb + 273.15, pr)
        w_dev = max(w_dev, abs(w / lib.GetHumRatioFromTWetBulb(t_db, t_wb, pr) - 1),
                    abs(psy.enthalpy(t_db + 273.15, w) / lib.GetMoistAirEnthalpy(t_db, w) - 1))
        wb = psy.wet_bulb_from_humidity_ratio(t_db + 273.15, w, pr) - 273.15
        wb_dev = max(wb_dev, abs(wb - lib.GetTWetBulbFromHumRatio(t_db, w, pr)))
    report("psychrometrics vs PsychroLib, W and h", w_dev, "rel")
    report("psychrometrics vs PsychroLib, wet bulb", wb_dev, "abs K")

    c = _module("tests/peers/test_coolant_vs_coolprop.py")
    dev = 0.0
    for name, fluid in c.CASES:
        for t_c in c.TEMPERATURES_C:
            for method, key in c.KEYS.items():
                direct = c.CoolProp.PropsSI(key, "T", t_c + 273.15, "P", REFERENCE_PRESSURE, fluid)
                dev = max(dev, abs(getattr(coolant(name), method)(t_c + 273.15) / direct - 1))
    report("coolant cache vs CoolProp", dev, "rel")

    w = _module("tests/validation/perry_water/test_water_properties.py")
    water = coolant("water")
    rows = w.TABLE_2_135.items()
    report("water rho, cp vs Perry's Table 2-135", max(
        max(abs(water.density(t) / (r * 1e3 * w.M_KG_MOL) - 1), abs(water.specific_heat(t) / (cp * 1e3 / w.M_KG_MOL) - 1))
        for t, (r, cp, _, _) in rows), "rel")
    report("water k vs Perry's Table 2-135 (expected failure)", max(
        abs(water.conductivity(t) / (k * 1e-3) - 1) for t, (_, _, k, _) in rows), "rel")
    report("water mu vs Perry's Table 2-135 (expected failure)", max(
        abs(water.viscosity(t) / (mu * 1e-6) - 1) for t, (_, _, _, mu) in rows), "rel")

    g = _module("tests/validation/lange_antifreeze/test_propylene_glycol_table.py")
    s = g._solution()
    report("PG 25 vol % freezing point vs Lange (expected failure)",
           abs(s.freezing_point() - 273.15 - g.PRINTED_FREEZING_C), "abs K")
    gravity = s.density(g.T_60F_K) / coolant("water").density(g.T_60F_K)
    report("PG 25 vol % specific gravity vs Lange (expected failure)", abs(gravity - g.PRINTED_SPECIFIC_GRAVITY), "abs")


if __name__ == "__main__":
    main()
