"""The power-quality page of the PDF plan: harmonic distortion per bus and at the point of common
coupling against IEEE 519-2022 (summation law and the in-phase upper bound side by side), transformer K-factor, and the GB300 training swing at the PCC with the
storage or miner buffer that would hold it.

Reads ``results["power_quality"]`` (:mod:`retrofit.electrical.power_quality`); formats, computes nothing
but the order of the rows (worst first).
"""
from __future__ import annotations

from .document import paragraph
from .formatting import number
from .tables import Column, Schedule, data_table, key_value_table

BUS_COLUMNS = [Column("bus", 1.3), Column("kV", 0.5, "RIGHT"), Column("THD V %", 0.7, "RIGHT"),
               Column("in phase %", 0.75, "RIGHT"), Column("limit %", 0.6, "RIGHT"), Column("worst order", 0.7, "RIGHT"),
               Column("individual %", 0.8, "RIGHT"), Column("limit %", 0.6, "RIGHT"), Column("verdict", 0.6, "CENTER")]
TRANSFORMER_COLUMNS = [Column("transformer", 1.3), Column("K-factor", 0.8, "RIGHT"), Column("type", 0.7),
                       Column("P_EC-R %", 0.8, "RIGHT"), Column("load pu rms", 0.9, "RIGHT"),
                       Column("allowed pu", 0.9, "RIGHT"), Column("verdict", 0.6, "CENTER")]


def _mw(value, fmt=".2f", unit="MW") -> str:
    return "not set" if value is None else number(value, fmt, unit)


def power_quality(ctx) -> list:
    """The section: distortion at the PCC, per bus (worst first), per transformer, and the load swing."""
    out = [ctx.headings.section("Power quality")]
    pq = ctx.results.get("power_quality")
    if not pq:
        return out + [paragraph("The power-quality study was not run (the load flow did not solve).", "note")]
    out.append(paragraph(
        "Harmonic currents of the power shelves, the drives of pumps and fans and the miners' supplies (catalog "
        "spectra) are injected at their buses and the network is solved at each order up to the "
        f"{pq['h_max']}th for each source. The sources (each rack or miner group, load or cooling element, its "
        "identical units included) are combined by the general summation law of IEC TR 61000-3-6:2008, "
        "(sum of |x|^alpha)^(1/alpha) with alpha = 1 below the 5th order, 1.4 from the 5th to the 10th and 2 "
        "above; these figures are judged. The arithmetic sum, every source in phase, is the upper bound and "
        "is shown beside them (\"in phase\"). Voltage distortion is held to IEEE 519-2022 Table 1 at every bus "
        "and the current the site draws to Table 2 at the point of common coupling (PCC); transformers to "
        "their IEEE C57.110 capability under the distorted current.", "body"))
    p = pq["pcc"]
    out.append(ctx.headings.sub("Current distortion at the point of common coupling"))
    verdict = "not evaluated (above 69 kV)" if p["ok"] is None else ("within" if p["ok"] else "ABOVE") + " the limit"
    out.append(key_value_table([
        ("PCC", f"{p['bus']} at {number(p['vn_kv'], 'g', 'kV')}"),
        ("maximum demand load current I_L", number(p["il_a"], ",.0f", "A")),
        ("short-circuit current Isc, Isc/IL", f"{number(p['isc_a'], ',.0f', 'A')}, {number(p['isc_il'], '.1f')}"),
        ("TDD (summation law)",
         f"{number(p['tdd_percent'], '.2f', '%')} (limit {number(p['limit_tdd_percent'], 'g', '%')}): {verdict}"),
        ("TDD, all sources in phase (upper bound)", number(p["tdd_aligned_percent"], ".2f", "%")),
        (f"harmonic {p['worst_order']} (closest to its limit)",
         f"{number(p['worst_individual_percent'], '.2f', '% of I_L')} "
         f"(limit {number(p['worst_individual_limit_percent'], 'g', '%')}; in phase "
         f"{number(p['worst_individual_aligned_percent'], '.2f', '%')})"),
    ], ctx.width * 0.85))
    buses = sorted(pq["buses"].items(), key=lambda kv: (kv[1]["ok"], -kv[1]["thd_v_percent"], kv[0]))
    rows = [[bus + (" (PCC)" if b["pcc"] else ""), number(b["vn_kv"], "g"), number(b["thd_v_percent"], ".2f"),
             number(b["thd_v_aligned_percent"], ".2f"), number(b["limit_thd_percent"], "g"), str(b["worst_order"]), number(b["worst_individual_percent"], ".2f"),
             number(b["limit_individual_percent"], "g"), "ok" if b["ok"] else "FAIL"] for bus, b in buses]
    out += ctx.schedule(Schedule("Voltage distortion per bus, worst first", BUS_COLUMNS, rows,
                                 [not b["ok"] for _, b in buses], rank=[b["thd_v_percent"] for _, b in buses]))
    trs = sorted(pq["transformers"].items(), key=lambda kv: (kv[1]["ok"], -kv[1]["k_factor"], kv[0]))
    rows = [[tid, number(t["k_factor"], ".2f"), t["insulation"], number(t["p_ec_r_percent"], "g"),
             number(t["i_rms_pu"], ".3f"), number(t["i_max_pu"], ".3f"), "ok" if t["ok"] else "FAIL"] for tid, t in trs]
    out += ctx.schedule(Schedule("Transformers under harmonic load (K-factor, IEEE C57.110)", TRANSFORMER_COLUMNS,
                                 rows, [not t["ok"] for _, t in trs], rank=[t["k_factor"] for _, t in trs]))
    s = pq.get("swing")
    out.append(ctx.headings.sub("Training load swing at the PCC"))
    if not s:
        out.append(paragraph("The design has no compute racks: no training swing.", "note"))
    else:
        out.append(paragraph(
            f"{s['compute_racks']} compute racks of {number(s['rack_peak_kw'], ',.0f', 'kW')} peak swing by "
            f"{number(s['swing_rack_kw'], ',.1f', 'kW')} each every {number(s['period_s'], 'g', 's')} (one training "
            "iteration). All racks in one job move in lockstep (worst case); with each rack group an independent "
            f"job ({s['jobs_for_diversity']} jobs, random phases) the swing is the +/- 3 sigma band.", "body"))
        bess = s.get("smoothing_bess_mva") or 0.0
        out.append(data_table(
            [Column("", 2.2), Column("no smoothing", 1.0, "RIGHT"), Column("rack storage", 1.0, "RIGHT"),
             Column(f"+ BESS {bess:,.1f} MVA" if bess else "+ BESS (none)", 1.2, "RIGHT")],
            [["swing at the PCC, all racks in lockstep", _mw(s["swing_worst_mw"]),
              _mw(s["swing_worst_mw"] if s["ramp_with_rack_storage_mw_per_s"] else 0.0), _mw(s["swing_at_pcc_mw"])],
             ["swing, independent jobs", _mw(s["swing_diverse_mw"]), "", ""],
             ["ramp at the PCC", _mw(s["ramp_unsmoothed_mw_per_s"] * 60, ",.0f", "MW/min"),
              _mw(s["ramp_with_rack_storage_mw_per_s"] * 60, ",.0f", "MW/min"),
              _mw(s["ramp_at_pcc_mw_per_s"] * 60, ",.0f", "MW/min")],
             ["relative voltage change", number(s["d_unsmoothed_percent"], ".3f", "%"),
              number(s["d_with_rack_storage_percent"], ".3f", "%"), number(s["d_at_pcc_percent"], ".3f", "%")],
             ["Pst (planning level " + number(s["pst_limit"], "g") + ")", number(s["pst_unsmoothed"], ".2f"),
              number(s["pst_with_rack_storage"], ".2f"), number(s["pst_at_pcc"], ".2f")]], ctx.width * 0.9))
        # the swing's energies are per half-period of the iteration (seconds), not hours of storage
        half = f" each half-period ({number(s['period_s'] / 2, 'g', 's')})"
        out.append(key_value_table([
            ("storage in the racks' power shelves", number(s["rack_storage_mj"], ".2f", "MJ")),
            ("utility ramp-rate requirement", _mw(s["ramp_limit_mw_per_s"] and s["ramp_limit_mw_per_s"] * 60,
                                                  ",.1f", "MW/min")),
            ("job start or stop (all compute racks)", _mw(s["job_step_mw"])),
            ("BESS to flatten the iteration swing", f"{number(s['flatten_power_mw'], '.1f', 'MW')}, moving "
                                                    f"{number(s['flatten_energy_kwh'], ',.2f', 'kWh')}{half}"),
            ("largest swing within the planning level", _mw(s["swing_allowed_mw"])),
            ("smoothing BESS needed for it", f"{number(s['smoothing_needed_mva'], '.1f', 'MVA')}, moving "
                                             f"{number(s['smoothing_needed_kwh'], ',.1f', 'kWh')}{half}"),
            ("smoothing BESS in the design", f"{number(bess, '.1f', 'MVA')}, "
                                             f"{number(s['smoothing_bess_kwh'], ',.0f', 'kWh')} usable, cycling loss "
                                             f"{number(s['smoothing_bess_losses_kw'], ',.0f', 'kW')}"),
            ("or a GB300 power floor (burns power)", f"{number(100 * s['power_floor_fraction'], '.0f', '%')} of rack "
                                                     f"peak, {number(s['power_floor_burn_mw'], '.1f', 'MW')} on average"),
            ("BESS to hold the ramp", "no requirement given" if s["bess_power_mw"] is None else
             f"{number(s['bess_power_mw'], '.1f', 'MW')} / {number(s['bess_energy_kwh'], ',.1f', 'kWh')}"),
            ("or running miners to curtail on a job start",
             f"{number(s['miner_buffer_mw'], '.1f', 'MW')} (responding in {number(s['miner_response_s'], 'g', 's')}; "
             f"{number(s['miners_running_mw'], '.1f', 'MW')} running in the design)"),
        ], ctx.width * 0.85))
    for note in pq.get("notes") or []:
        out.append(paragraph(note, "small"))
    return out


__all__ = ["power_quality"]
