"""Power-quality rules: harmonic voltage distortion at each bus and current distortion at the point of
common coupling against IEEE 519-2022, transformers under harmonic load (IEEE C57.110), the GB300 training
swing against the utility's ramp-rate requirement and the flicker it causes (IEC TR 61000-3-7).

The harmonic figures judged are those of the IEC TR 61000-3-6:2008 general summation law; the aligned
(arithmetic) sum of the sources is quoted in the evidence as the upper bound. The figures are those of
``results["power_quality"]`` (:mod:`retrofit.electrical.power_quality`); the
rules compare them with their limits and compute nothing physical.
"""
from __future__ import annotations

from .findings import Outcome, evidence
from .registry import Context, rule
from .studies import POWER_QUALITY, study_results


def _pq(ctx: Context) -> dict:
    return study_results(ctx, POWER_QUALITY)


@rule("ELEC-PQ-001", title="Voltage distortion at each bus within IEEE 519 limits", category="electrical",
      clause="IEEE Std 519-2022 Table 1 (voltage distortion limits by bus voltage), applied at every bus; sources "
             "combined by the general summation law of IEC TR 61000-3-6:2008, 4.4",
      severity="major",
      reads=("power_quality.buses[<bus>].thd_v_percent", "power_quality.buses[<bus>].worst_individual_percent",
             "power_quality.buses[<bus>].thd_v_aligned_percent"),
      limit="IEEE 519-2022 Table 1: THD 8 % and individual 5 % up to 1 kV; 5 % and 3 % from 1 to 69 kV; "
            "2.5 % and 1.5 % to 161 kV; 1.5 % and 1 % above")
def voltage_distortion(ctx: Context):
    """The voltage THD and the largest individual harmonic voltage of each bus, from the harmonic load flow
    with the sources combined by the general summation law of IEC TR 61000-3-6:2008, shall not exceed the
    IEEE 519-2022 Table 1 limits of its voltage. The THD with every source in phase (the arithmetic sum,
    an upper bound) is quoted beside it. The standard sets the limits at the point of common coupling;
    inside the site they are held as the design target for the equipment on each bus."""
    for bus, b in sorted(_pq(ctx)["buses"].items()):
        ok = b["ok"]
        ev = (evidence("voltage THD", b["thd_v_percent"], "%", limit=b["limit_thd_percent"], relation="<=", element=bus),
              evidence(f"largest individual harmonic voltage (order {b['worst_order']})", b["worst_individual_percent"],
                       "%", limit=b["limit_individual_percent"], relation="<=", element=bus),
              evidence("voltage THD, sources in phase (upper bound)", b["thd_v_aligned_percent"], "%", element=bus))
        yield Outcome("pass" if ok else "fail", (bus,), ev,
                      f"{bus} ({b['vn_kv']:g} kV{', PCC' if b['pcc'] else ''}): THD {b['thd_v_percent']:.2f} % "
                      f"(limit {b['limit_thd_percent']:g} %), order {b['worst_order']} at "
                      f"{b['worst_individual_percent']:.2f} % (limit {b['limit_individual_percent']:g} %); "
                      f"all sources in phase: THD {b['thd_v_aligned_percent']:.2f} %")


@rule("ELEC-PQ-002", title="Current distortion at the point of common coupling within IEEE 519 limits",
      category="electrical",
      clause="IEEE Std 519-2022 Table 2 (current distortion limits, 120 V through 69 kV, by Isc/IL); sources "
             "combined by the general summation law of IEC TR 61000-3-6:2008, 4.4",
      severity="major",
      reads=("power_quality.pcc.tdd_percent", "power_quality.pcc.isc_il", "power_quality.pcc.worst_individual_percent",
             "power_quality.pcc.tdd_aligned_percent"),
      limit="IEEE 519-2022 Table 2 row of the PCC's Isc/IL: TDD 5 % (Isc/IL < 20) to 20 % (> 1000) and the "
            "individual limits of each order range")
def current_distortion(ctx: Context):
    """The total demand distortion (TDD) of the current the site draws from the utility, in percent of the
    maximum demand load current I_L (the fundamental demand of the load flow), and the largest individual
    harmonic relative to its limit, with the sources combined by the general summation law of
    IEC TR 61000-3-6:2008, shall not exceed the IEEE 519-2022 Table 2 row selected by the ratio of the
    utility's short-circuit current to I_L. The TDD with every source in phase (the arithmetic sum, an
    upper bound) is quoted beside it."""
    p = _pq(ctx)["pcc"]
    if p["limit_tdd_percent"] is None:
        yield Outcome("untested", (p["bus"],),
                      (evidence("TDD", p["tdd_percent"], "%", element=p["bus"]),
                       evidence("TDD, sources in phase (upper bound)", p["tdd_aligned_percent"], "%", element=p["bus"])),
                      f"PCC at {p['vn_kv']:g} kV: above 69 kV IEEE 519-2022 Table 3 or 4 applies",
                      needs="IEEE 519-2022 Table 3/4 limits for a PCC above 69 kV (not in the catalog)")
        return
    ev = (evidence("TDD", p["tdd_percent"], "%", limit=p["limit_tdd_percent"], relation="<=", element=p["bus"]),
          evidence(f"harmonic {p['worst_order']} (closest to its limit)", p["worst_individual_percent"], "% of I_L",
                   limit=p["worst_individual_limit_percent"], relation="<=", element=p["bus"]),
          evidence("TDD, sources in phase (upper bound)", p["tdd_aligned_percent"], "%", element=p["bus"]),
          evidence("Isc/IL", p["isc_il"], "", element=p["bus"]),
          evidence("I_L (maximum demand load current)", p["il_a"], "A", element=p["bus"]))
    yield Outcome("pass" if p["ok"] else "fail", (p["bus"],), ev,
                  f"TDD {p['tdd_percent']:.2f} % of I_L = {p['il_a']:.0f} A (limit {p['limit_tdd_percent']:g} % at "
                  f"Isc/IL {p['isc_il']:.1f}); harmonic {p['worst_order']} at {p['worst_individual_percent']:.2f} % "
                  f"(limit {p['worst_individual_limit_percent']:g} %); all sources in phase: TDD "
                  f"{p['tdd_aligned_percent']:.2f} %")


@rule("ELEC-PQ-003", title="Transformer within its IEEE C57.110 capability under harmonic load current",
      category="electrical",
      clause="IEEE Std C57.110-2018 clause 5 (harmonic loss factor F_HL and the maximum non-sinusoidal current); "
             "UL 1561 K-factor",
      severity="major",
      reads=("power_quality.transformers[<transformer>].k_factor", "power_quality.transformers[<transformer>].i_rms_pu",
             "power_quality.transformers[<transformer>].i_max_pu"),
      limit="I_max = sqrt((1 + P_EC-R) / (1 + F_HL P_EC-R)) of rated current, P_EC-R from catalogs/c57110-eddy-loss.yaml")
def transformer_harmonic_capability(ctx: Context):
    """Each transformer's rms load current, fundamental and harmonics from the harmonic load flow, shall not
    exceed the largest non-sinusoidal current at which its winding hottest-spot eddy loss stays at the rated
    value, from its harmonic loss factor (equal to the UL 1561 K-factor of the current) and the typical
    eddy-current loss of its type and size."""
    for tid, t in sorted(_pq(ctx)["transformers"].items()):
        ev = (evidence("rms load current", t["i_rms_pu"], "pu of rated", limit=t["i_max_pu"], relation="<=", element=tid),
              evidence("K-factor (F_HL)", t["k_factor"], "", element=tid),
              evidence(f"P_EC-R ({t['insulation']}, typical {t['p_ec_r_range']})", t["p_ec_r_percent"], "%", element=tid))
        yield Outcome("pass" if t["ok"] else "fail", (tid,), ev,
                      f"{tid}: K = {t['k_factor']:.2f}, load {t['i_rms_pu']:.3f} pu rms against {t['i_max_pu']:.3f} pu "
                      f"allowed ({t['insulation']}, P_EC-R {t['p_ec_r_percent']:g} %)")


def _swing(ctx: Context) -> dict | None:
    return _pq(ctx).get("swing")


@rule("ELEC-PQ-004", title="Training load swing within the utility's ramp-rate requirement", category="electrical",
      clause="the utility's interconnection requirement for large loads (goal.criteria.ramp_rate_max_mw_per_min)",
      severity="major",
      reads=("power_quality.swing.ramp_at_pcc_mw_per_s", "power_quality.swing.ramp_limit_mw_per_s",
             "power_quality.swing.job_step_held_by", "power_quality.swing.bess_power_mw",
             "power_quality.swing.miner_buffer_mw", "power_quality.swing.smoothing_bess_mva"),
      limit="goal.criteria.ramp_rate_max_mw_per_min (no default: not applicable without it)")
def swing_ramp_rate(ctx: Context):
    """With every compute rack of the site in one synchronised training job (worst case), the ramp of the
    site's demand at the PCC through each iteration, after the power shelves' energy storage and the
    smoothing BESS at the PCC, shall not exceed the utility's ramp-rate requirement, and a job start or stop
    (every compute rack at once) shall be held to it by the racks' storage, the smoothing BESS or the miners
    still running. A failure names the storage (BESS) and the block of running miners that would hold it."""
    s = _swing(ctx)
    limit = getattr(ctx.criteria, "ramp_rate_max_mw_per_min", None)
    if s is None or limit is None:
        return
    ramp = s["ramp_at_pcc_mw_per_s"] * 60.0
    held = s["job_step_held_by"]
    ok = ramp <= limit and bool(held)
    ev = (evidence("iteration-swing ramp at the PCC after rack storage and smoothing BESS", round(ramp, 3), "MW/min",
                   limit=limit, relation="<=", element="utility"),
          evidence("synchronised swing", s["swing_worst_mw"], "MW", element="utility"),
          evidence("smoothing BESS at the PCC", s["smoothing_bess_mva"], "MVA", element="utility"),
          evidence("BESS to hold the ramp (swing and job start)", s["bess_energy_kwh"], "kWh", element="utility"),
          evidence("running miners to curtail on a job start", s["miner_buffer_mw"], "MW", element="utility"),
          evidence("miners running in the design", s["miners_running_mw"], "MW", element="utility"))
    job = f"a job start or stop is held by {held}" if held else (
        f"a job start or stop ({s['job_step_mw']:.1f} MW) is not held: a BESS of {s['bess_power_mw']:.1f} MW / "
        f"{s['bess_energy_kwh']:.1f} kWh or {s['miner_buffer_mw']:.1f} MW of running miners "
        f"({s['miners_running_mw']:.1f} MW in the design) would hold it")
    yield Outcome("pass" if ok else "fail", ("utility",), ev,
                  f"swing {s['swing_worst_mw']:.2f} MW every {s['period_s']:g} s ramps at {ramp:.1f} MW/min at the PCC "
                  f"(limit {limit:g} MW/min); {job}")


@rule("ELEC-PQ-005", title="Flicker of the training load swing within the planning level", category="electrical",
      clause="IEC TR 61000-3-7:2008 (relative voltage change and Pst planning levels, Table 2); IEC 61000-4-15:2010 "
             "Table 5 (Pst = 1 curve for rectangular changes)",
      severity="minor",
      reads=("power_quality.swing.pst_at_pcc", "power_quality.swing.pst_limit", "power_quality.swing.smoothing_bess_mva",
             "power_quality.swing.smoothing_needed_mva"),
      limit="Pst planning level: 0.9 on MV, 0.8 on HV-EHV systems (IEC TR 61000-3-7:2008 Table 2)")
def swing_flicker(ctx: Context):
    """The short-term flicker severity at the PCC of the synchronised training swing (rectangular changes
    twice per iteration, after the power shelves' storage and the smoothing BESS at the PCC) shall not
    exceed the planning level of the PCC's voltage. The planning level is the utility's total; the share
    allotted to one installation is smaller and is the utility's to give. A failure names the smoothing
    storage that would meet it."""
    s = _swing(ctx)
    if s is None:
        return
    ok = s["pst_at_pcc"] <= s["pst_limit"]
    ev = (evidence("Pst at the PCC", s["pst_at_pcc"], "", limit=s["pst_limit"], relation="<=", element="utility"),
          evidence("relative voltage change", s["d_at_pcc_percent"], "%", element="utility"),
          evidence("changes per minute", s["changes_per_minute"], "1/min", element="utility"),
          evidence("swing at the PCC", s["swing_at_pcc_mw"], "MW", limit=s["swing_allowed_mw"], relation="<=",
                   element="utility"),
          evidence("smoothing BESS at the PCC", s["smoothing_bess_mva"], "MVA", element="utility"),
          evidence("Pst with rack storage only", s["pst_with_rack_storage"], "", element="utility"),
          evidence("Pst without smoothing", s["pst_unsmoothed"], "", element="utility"))
    extra = "" if ok else (f"; a smoothing BESS of {s['smoothing_needed_mva']:.1f} MVA / "
                           f"{s['smoothing_needed_kwh']:.1f} kWh at the PCC would meet it")
    bess = f" after a {s['smoothing_bess_mva']:.1f} MVA smoothing BESS" if s["smoothing_bess_mva"] else ""
    yield Outcome("pass" if ok else "fail", ("utility",), ev,
                  f"swing {s['swing_at_pcc_mw']:.1f} MW{bess}: dV/V {s['d_at_pcc_percent']:.3f} % at "
                  f"{s['changes_per_minute']:g} changes/min, Pst {s['pst_at_pcc']:.2f} (planning level "
                  f"{s['pst_limit']:g}){extra}")
