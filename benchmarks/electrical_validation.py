"""Measure the deviations of the electrical validation and peer cases, for docs/electrical.md and docs/validation.md.

Run: ``python benchmarks/electrical_validation.py``

Each case is computed the way its test computes it: the inputs, helpers and fixtures are taken from
the test modules themselves (``tests/validation/...``, ``tests/peers/...``), so the printed table is
what the tests check, with the measured deviation beside the tolerance of ``retrofit.testing``.
Prints two Markdown tables: one row per checked value, then one row per tolerance with its cases and
the worst deviation measured against it.
"""
from __future__ import annotations

import importlib.util
import math
import sys
import warnings
from pathlib import Path

import numpy as np

from retrofit.testing import TOLERANCES

ROOT = Path(__file__).resolve().parents[1]
ROWS: list[tuple] = []


def _module(relative: str):
    path = ROOT / relative
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("validation_" + path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fixture(function, *args):
    return function.__wrapped__(*args)  # the function under pytest's fixture decorator


def check(case: str, quantity: str, reference: float, ours: float, tolerance: str) -> None:
    """Record one checked value with its deviation in the tolerance's own kind (abs or rel)."""
    tol = TOLERANCES[tolerance]
    deviation = abs(ours - reference) if tol.abs is not None else abs(ours / reference - 1.0)
    limit = tol.abs if tol.abs is not None else tol.rel
    ROWS.append((case, quantity, reference, ours, deviation, tolerance, limit))


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e5:
        return f"{x:.6g}"
    return f"{x:.2e}"


def sc2() -> None:
    m = _module("tests/validation/iec60909_4/test_section3_400v.py")
    from retrofit.electrical.shortcircuit import (network_feeder_impedance_ohm, transformer_correction_factor,
                                                  transformer_impedance_ohm)
    case = "SC-2 IEC TR 60909-4 §3 (400 V)"
    grid = _fixture(m.grid)
    result = _fixture(m.result, grid)
    z_qt = network_feeder_impedance_ohm(m.UN_Q_KV * 1e3, math.sqrt(3) * m.UN_Q_KV * m.IK_Q_KA * 1e6, m.RX_Q, m.C_Q,
                                        rated_ratio=20.0 / 0.41) * 1e3
    check(case, "R_Qt [mΩ]", m.Z_QT.real, z_qt.real, "iec60909_4_impedance_mohm")
    check(case, "X_Qt [mΩ]", m.Z_QT.imag, z_qt.imag, "iec60909_4_impedance_mohm")
    for name, data, expected in (("T1", m.T1, m.Z_T1K), ("T2", m.T2, m.Z_T2K)):
        k_t = transformer_correction_factor(1.05, data["ukr_percent"], m._vkr(data))
        z = transformer_impedance_ohm(data["ukr_percent"], m._vkr(data), data["sr_kva"] * 1e3,
                                      data["ur_lv_kv"] * 1e3) * k_t * 1e3
        check(case, f"R_{name}K [mΩ]", expected.real, z.real, "iec60909_4_impedance_mohm")
        check(case, f"X_{name}K [mΩ]", expected.imag, z.imag, "iec60909_4_impedance_mohm")
    check(case + ", consistency", "K_T of T1 [-]", 0.97489, transformer_correction_factor(1.05, 4.0, m._vkr(m.T1)), "printed_4sf")
    for name in ("L1", "L2", "L3", "L4"):
        k = grid.lines.ids.index(name)
        check(case, f"R_{name} [mΩ]", m.Z_L[name].real, grid.lines.r_ohm[k] * 1e3,
              "printed_3sf" if name == "L4" else "iec60909_4_impedance_mohm")
        check(case, f"X_{name} [mΩ]", m.Z_L[name].imag, grid.lines.x_ohm[k] * 1e3, "iec60909_4_impedance_mohm")
    z = result.z_thevenin_ohm[grid.bus_index("T1-LV")] * 1e3
    check(case, "Z_k at T1 terminals, R [mΩ]", m.Z_K_T1_TERMINAL.real, z.real, "iec60909_4_impedance_mohm")
    check(case, "Z_k at T1 terminals, X [mΩ]", m.Z_K_T1_TERMINAL.imag, z.imag, "iec60909_4_impedance_mohm")
    case = "SC-2 IEC TR 60909-4 §3, I″k from the printed impedances (consistency)"
    for bus, ik_ka in (("T1-LV", 34.62), ("A", 34.12), ("B", 21.42), ("F3", 6.945)):
        check(case, f"I″k at {bus} [kA]", ik_ka, result.ik3_a[grid.bus_index(bus)] / 1e3, "iec60909_4_current_ka")
    check(case, "I″k at Q [kA]", m.IK_Q_KA, result.ik3_a[grid.bus_index("Q")] / 1e3, "iec60909_4_current_ka")


def sc3() -> None:
    m = _module("tests/peers/test_sc3_vs_pandapower_tests.py")
    from retrofit.electrical.shortcircuit import solve_short_circuit
    case = "SC-3 pandapower test case, 2 × 0.4 MVA (peer)"
    grid = m._grid()
    lv, hv = grid.bus_index("LV"), grid.bus_index("HV")
    for lv_tol, (ik_lv, ip_lv, ik_hv) in m.EXPECTED.items():
        r = solve_short_circuit(grid, lv_tolerance_percent=lv_tol, kappa_method="C")
        check(case, f"I″k LV, c {1.1 if lv_tol == 10 else 1.05} [kA]", ik_lv, r.ik3_a[lv] / 1e3, "pandapower_sc_ka")
        check(case, f"i_p LV, c {1.1 if lv_tol == 10 else 1.05} [kA]", ip_lv, r.ip_a[lv] / 1e3, "pandapower_sc_ka")
        check(case, f"I″k HV, lv_tol {lv_tol} % [kA]", ik_hv, r.ik3_a[hv] / 1e3, "pandapower_sc_ka")
    check(case, "hand check without K_T [kA]", 17.126, m._hand_check(1.1, with_kt=False), "printed_4sf")


def sc4() -> None:
    m = _module("tests/validation/bussmann_p2p/test_plan_review_point_to_point.py")
    case = "SC-4 Bussmann point-to-point (Electrical Plan Review), ohmic"
    at_secondary, at_fault_1 = m._currents(m._grid(0.0))
    check(case, "I_SCA at the secondary [A]", m.ISCA_TRANSFORMER_A, at_secondary, "bussmann_isca_transformer")
    check(case, "f at Fault #1 [-]", m.F_FAULT_1, at_secondary / at_fault_1 - 1.0, "bussmann_factor_3dp")
    check(case, "M at Fault #1 [-]", m.M_FAULT_1, at_fault_1 / at_secondary, "bussmann_factor_3dp")
    check(case, "I_SCA at Fault #1 [A]", m.ISCA_FAULT_1_A, at_fault_1, "bussmann_isca_feeder")


def sc5() -> None:
    m = _module("tests/validation/impedance_method_tutorial/test_impedance_method_example.py")
    case = "SC-5 impedance-method tutorial (pangonilo.com), ohmic"
    grid = _fixture(m.grid)
    result = _fixture(m.result, grid)
    printed = {"fault 1": {"R [Ω]": (0.53605, "printed_5dp"), "X [Ω]": (0.48652, "printed_5dp")},
               "fault 2": {"R [Ω]": (0.0018, "printed_4dp"), "X [Ω]": (0.00711, "printed_5dp"),
                           "Z [Ω]": (0.00734, "printed_5dp"), "S [MVA]": (31.41, "printed_2dp"),
                           "I [A]": (37_776, "printed_0dp"), "X/R [-]": (3.95, "printed_2dp")},
               "fault 3": {"R [Ω]": (0.0138, "printed_4dp"), "X [Ω]": (0.01436, "printed_5dp"),
                           "Z [Ω]": (0.01992, "printed_5dp"), "S [MVA]": (11.57, "printed_2dp"),
                           "I [A]": (13_914, "printed_0dp"), "X/R [-]": (1.04, "printed_2dp")}}
    for bus, values in printed.items():
        k = grid.bus_index(bus)
        z = complex(result.z_thevenin_ohm[k])
        ours = {"R [Ω]": z.real, "X [Ω]": z.imag, "Z [Ω]": abs(z), "S [MVA]": result.sk_va[k] / 1e6,
                "I [A]": result.ik3_a[k], "X/R [-]": result.xr_ratio[k]}
        for quantity, (reference, tolerance) in values.items():
            check(case, f"{quantity.split(' ')[0]} at {bus} {quantity.split(' ')[1]}", reference, float(ours[quantity]),
                  tolerance)


def lf2() -> None:
    m = _module("tests/validation/wscc9/test_wscc9.py")
    case = "LF-2 WSCC 9-bus (Anderson & Fouad, Fig. 2.18)"
    result = _fixture(m.result)
    for bus, (vm, va) in m.PRINTED_BUS.items():
        k = result.bus_ids.index(str(bus))
        check(case, f"V{bus} [pu]", vm, result.vm_pu[k], "wscc9_vm_pu")
        if bus != 1:
            check(case, f"δ{bus} [deg]", va, result.va_deg[k], "wscc9_angle_deg")
    check(case, "slack P [MW]", m.PRINTED_SLACK_MW, result.source_p_w[0] / 1e6, "wscc9_power_mw")
    check(case, "slack Q [Mvar]", m.PRINTED_SLACK_MVAR, result.source_q_var[0] / 1e6, "wscc9_power_mw")
    for k, bus in enumerate(m.GENERATORS):
        check(case, f"Q{bus} [Mvar]", m.PRINTED_GEN_MVAR[bus], result.generator_q_var[k] / 1e6, "wscc9_power_mw")
    peer = _module("tests/peers/test_wscc9_vs_pandapower.py")
    net = peer._peer_case9()
    ours = peer._ours_from(net)
    case = "peer: WSCC 9-bus, pandapower case9"
    vm = np.asarray(ours.vm_pu)[[ours.bus_ids.index(str(k)) for k in net.bus.index]]
    va = np.asarray(ours.va_deg)[[ours.bus_ids.index(str(k)) for k in net.bus.index]]
    k = int(np.argmax(np.abs(vm - net.res_bus.vm_pu.values)))
    check(case, f"vm, worst bus (MATPOWER {k + 1}) [pu]", net.res_bus.vm_pu.values[k], vm[k], "peer_vm_pu")
    k = int(np.argmax(np.abs(va - net.res_bus.va_degree.values)))
    check(case, f"va, worst bus (MATPOWER {k + 1}) [deg]", net.res_bus.va_degree.values[k], va[k], "peer_angle_deg")
    check(case, "losses [MW]", float(net.res_line.pl_mw.sum()), ours.losses_w / 1e6, "peer_power_mw")


def vd() -> None:
    m = _module("tests/consistency/test_vd_formulas.py")
    from retrofit.electrical.voltage_drop import voltage_drop_approx, voltage_drop_exact, voltage_drop_iec
    case = "VD-1 NEC Ch. 9 Table 9 note 2 / IEEE 141 (consistency)"
    v_ll, current, z = m._vd1_inputs()
    check(case, "R per phase, 2 sets [Ω]", 0.003625, z.r_ohm, "closed_form")
    check(case, "X per phase, 2 sets [Ω]", 0.006, z.x_ohm, "closed_form")
    approx = voltage_drop_approx(current, z.r_ohm, z.x_ohm, 0.85, phases=3, v_nominal_v=v_ll)
    check(case, "VD(L-N) effective Z [V]", 4.7439, approx.drop_conductor_v, "formula_vd")
    check(case, "VD(L-L) effective Z [V]", 8.2166, approx.drop_v, "formula_vd")
    check(case, "VD effective Z [%]", 1.712, approx.drop_percent, "printed_4sf")
    exact = voltage_drop_exact(v_ll / math.sqrt(3.0), current, z.r_ohm, z.x_ohm, 0.85)
    check(case, "VD(L-N) exact phasor [V]", 4.7545, exact.drop_v, "formula_vd")
    check(case, "VD exact phasor [%]", 1.716, exact.drop_percent, "printed_4sf")
    case = "VD-2 IEC 60364-5-52 Annex G (consistency)"
    u0 = 400.0 / math.sqrt(3.0)
    iec = voltage_drop_iec(250.0, 80.0, 150.0, 0.9, "copper", 0.08e-3, phases=3, u0_v=u0)
    check(case, "u [V]", 3.397, iec.drop_v, "printed_4sf")
    check(case, "Δu [%]", 1.471, iec.drop_percent, "printed_4sf")


def nec() -> None:
    m = _module("tests/validation/nec/test_ampacity_cases.py")
    from retrofit.electrical.ampacity import conductor_ampacity
    for case, size, insulation, ambient, n, table_a, k_ambient, k_adjust, _derated, cap_a, result_a in m.CASES:
        r = conductor_ampacity(size, "copper", insulation, ambient, n, termination_temp_c=75)
        label = "NEC 310.16 / 310.15 / 110.14(C)"
        check(label, f"{case}: Table 310.16 [A]", table_a, r.table_a, "closed_form")
        check(label, f"{case}: 310.15(B)(1) factor [-]", k_ambient, r.correction_factor, "closed_form")
        check(label, f"{case}: 310.15(C)(1) factor [-]", k_adjust, r.adjustment_factor, "closed_form")
        check(label, f"{case}: 75 degC cap [A]", cap_a, r.termination_cap_a, "closed_form")
        check(label + ", product (consistency)", f"{case}: ampacity [A]", result_a, r.ampacity_a, "nec_ampacity_a")


def peers() -> None:
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    import pandapower as pp
    import pandapower.shortcircuit as pp_sc

    import retrofit
    from retrofit.electrical.analysis import analyze_electrical
    from retrofit.electrical.contingency import contingency_context, outage_flow, plan_outages
    from retrofit.electrical.design_grid import build_design_grid
    from retrofit.electrical.loadflow import solve_load_flow
    from retrofit.electrical.shortcircuit import solve_short_circuit

    hall = _module("tests/peers/test_grid_vs_pandapower.py")
    build = _module("tests/peers/pandapower_build.py")
    grid = hall.data_hall_grid()
    net = build.to_pandapower(grid)
    pp.runpp(net, tolerance_mva=1e-10, numba=False)
    ours = solve_load_flow(grid)
    case = "peer: data-hall grid (MV ring, taps, tie) vs pandapower"
    k = int(np.argmax(np.abs(ours.vm_pu - net.res_bus.vm_pu.values)))
    check(case, f"vm at {grid.bus_ids[k]}, worst bus [pu]", net.res_bus.vm_pu.values[k], ours.vm_pu[k], "peer_vm_pu")
    for lv_tol in (6, 10):
        sc = solve_short_circuit(grid, lv_tolerance_percent=lv_tol, kappa_method="C")
        pp_sc.calc_sc(net, case="max", lv_tol_percent=lv_tol, ip=True, kappa_method="C", branch_results=False)
        peer = net.res_bus_sc.ikss_ka.values * 1e3
        k = int(np.argmax(np.abs(sc.ik3_a / peer - 1)))
        check(case, f"I″k at {grid.bus_ids[k]}, worst bus, lv_tol {lv_tol} % [kA]", peer[k] / 1e3, sc.ik3_a[k] / 1e3,
              "peer_ik_rel")
        peer_ip = net.res_bus_sc.ip_ka.values * 1e3
        k = int(np.argmax(np.abs(sc.ip_a / peer_ip - 1)))
        check(case, f"i_p at {grid.bus_ids[k]}, worst bus, lv_tol {lv_tol} % [kA]", peer_ip[k] / 1e3,
              sc.ip_a[k] / 1e3, "peer_ik_rel")
    examples = ROOT / "examples"
    for name, path, transformer in (("pilot hall", examples / "pilot-hall" / "design.yaml", "tx-a"),
                                    ("Washington 18 MW", examples / "washington-18mw" / "site.yaml", "t5")):
        design = retrofit.load(path)
        dg = build_design_grid(design)
        results = analyze_electrical(design)
        net = build.to_pandapower(dg.grid)
        pp.runpp(net, tolerance_mva=1e-10, numba=False)
        pp_sc.calc_sc(net, case="max", lv_tol_percent=10, ip=True, kappa_method="C", branch_results=False)
        case = f"peer: {name} example, design → JSON vs pandapower"
        buses = results["load_flow"]["buses"]
        worst = max(buses, key=lambda b: abs(buses[b]["vm_pu"] - net.res_bus.vm_pu.values[
            dg.grid.bus_index(dg.bus_of[b])]))
        check(case, f"vm at {worst}, worst bus [pu]", net.res_bus.vm_pu.values[dg.grid.bus_index(dg.bus_of[worst])],
              buses[worst]["vm_pu"], "peer_vm_pu")
        scb = results["short_circuit"]["buses"]
        worst = max(scb, key=lambda b: abs(scb[b]["ik3_ka"] / net.res_bus_sc.ikss_ka.values[
            dg.grid.bus_index(dg.bus_of[b])] - 1))
        peer_ik = net.res_bus_sc.ikss_ka.values[dg.grid.bus_index(dg.bus_of[worst])]
        check(case, f"I″k at {worst}, worst bus [kA]", peer_ik, scb[worst]["ik3_ka"], "peer_ik_rel")
        # N-1: the transformer out in pandapower, the racks' power moved onto their live feeds
        test = _module("tests/peers/test_examples_vs_pandapower.py")
        outage = plan_outages(design, dg, elements=[transformer])[0]
        flow = outage_flow(contingency_context(dg, solve_load_flow(dg.grid)), outage)
        net = test._pandapower_outage(dg, transformer, set(outage.lost_buses))
        peer = net.res_bus.vm_pu.values
        live = ~np.isnan(peer)
        k = int(np.argmax(np.where(live, np.abs(np.nan_to_num(flow.vm_pu) - np.nan_to_num(peer)), -1)))
        check(f"peer: {name}, N-1 {transformer} out vs pandapower", f"vm at {dg.grid.bus_ids[k]}, worst bus [pu]",
              peer[k], flow.vm_pu[k], "peer_vm_pu")


def main() -> None:
    for case in (sc2, sc3, sc4, sc5, lf2, vd, nec, peers):
        case()
    print("| case | quantity | reference | ours | deviation | tolerance |")
    print("|---|---|---|---|---|---|")
    for case, quantity, reference, ours, deviation, tolerance, limit in ROWS:
        kind = "abs" if TOLERANCES[tolerance].abs is not None else "rel"
        print(f"| {case} | {quantity} | {_fmt(reference)} | {_fmt(ours)} | {kind} {deviation:.1e} "
              f"| `{tolerance}` ({_fmt(limit)}) |")
    print()
    print("| tolerance | value | why | cases | checks | worst deviation | worst / tolerance |")
    print("|---|---|---|---|---|---|---|")
    for name, tol in TOLERANCES.items():
        rows = [r for r in ROWS if r[5] == name]
        if not rows:
            continue
        cases = sorted({r[0] for r in rows}, key=lambda c: [r[0] for r in ROWS].index(c))
        worst = max(rows, key=lambda r: r[4])
        value = f"abs {_fmt(tol.abs)} {tol.unit}".strip() if tol.abs is not None else f"rel {_fmt(tol.rel)}"
        print(f"| `{name}` | {value} | {tol.why} | {'; '.join(cases)} | {len(rows)} | {worst[4]:.1e} "
              f"| {worst[4] / worst[6]:.2f} |")


if __name__ == "__main__":
    main()
