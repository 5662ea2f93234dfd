"""Power quality of a Design: harmonic distortion against IEEE 519-2022, transformer K-factor and IEEE
C57.110 derating, and the GB300 training load swing at the point of common coupling (PCC).

Orchestration only: the network is built by :func:`retrofit.electrical.design_grid.build_design_grid`
and solved at the fundamental by :func:`retrofit.electrical.loadflow.solve_load_flow`; the physics is in
:mod:`retrofit.electrical.harmonics` and :mod:`retrofit.electrical.load_swing`. The PCC is the utility's
service bus.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from ..model import Design
from ..units import magnitude
from .design_grid import build_design_grid, load_kind_words, rack_power_w
from .harmonics import (H_MAX, HarmonicSource, c57110_max_current_pu, current_distortion_limit, eddy_loss_percent, insulation_of,
                        k_factor, load_spectra, solve_harmonic_flow, spectrum_of_kind, total_demand_distortion_percent,
                        voltage_distortion_limit)
from .load_swing import (PST_PLANNING_LEVEL_HV, PST_PLANNING_LEVEL_MV, aggregate_swing_w, allowed_swing_w,
                         gb300_swing_profile, miner_buffer_w, power_floor_for_swing, pst1_curve, pst_rectangular,
                         ramp_with_storage_w_per_s, smoothed_swing_w, smoothing_loss_w, smoothing_need,
                         storage_for_ramp_j, voltage_change_percent)
from .loadflow import solve_load_flow
from .admittance import base_current_a
from .network import BASE_VA

_SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True)
class BusDistortion:
    """Voltage distortion at one network bus against IEEE 519-2022 Table 1: by the summation law (judged)
    and by the aligned sum of the sources (upper bound, ``*_aligned_*``; the individual figure at the same
    order)."""

    bus: str
    vn_kv: float
    thd_v_percent: float
    worst_order: int
    worst_individual_percent: float
    limit_thd_percent: float
    limit_individual_percent: float
    pcc: bool
    thd_v_aligned_percent: float
    worst_individual_aligned_percent: float

    @property
    def ok(self) -> bool:
        return (self.thd_v_percent <= self.limit_thd_percent
                and self.worst_individual_percent <= self.limit_individual_percent)


@dataclass(frozen=True)
class PccDistortion:
    """Current distortion at the PCC against IEEE 519-2022 Table 2 (None limits above 69 kV): by the
    summation law (judged) and by the aligned sum of the sources (upper bound, ``*_aligned_*``)."""

    bus: str
    vn_kv: float
    isc_a: float
    il_a: float
    isc_il: float
    tdd_percent: float
    worst_order: int
    worst_individual_percent: float
    worst_individual_limit_percent: float | None
    limit_tdd_percent: float | None
    orders: tuple[int, ...]
    i_h_percent: tuple[float, ...]
    tdd_aligned_percent: float
    worst_individual_aligned_percent: float
    i_h_aligned_percent: tuple[float, ...]

    @property
    def ok(self) -> bool | None:
        if self.limit_tdd_percent is None:
            return None
        return (self.tdd_percent <= self.limit_tdd_percent
                and self.worst_individual_percent <= self.worst_individual_limit_percent)


@dataclass(frozen=True)
class TransformerHarmonics:
    """K-factor and IEEE C57.110 capability of one transformer under its harmonic load current."""

    transformer: str
    k_factor: float
    insulation: str
    p_ec_r_percent: float
    p_ec_r_range: str
    i_rms_pu: float
    i_max_pu: float

    @property
    def ok(self) -> bool:
        return self.i_rms_pu <= self.i_max_pu


@dataclass(frozen=True)
class SwingStudy:
    """The GB300 training swing at the PCC, with and without smoothing, and the buffers needed."""

    compute_racks: int
    rack_peak_kw: float
    swing_rack_kw: float
    period_s: float
    edge_time_s: float
    jobs_for_diversity: int
    swing_worst_mw: float
    swing_diverse_mw: float
    ramp_unsmoothed_mw_per_s: float
    rack_storage_mj: float
    ramp_with_rack_storage_mw_per_s: float
    job_step_mw: float
    ramp_limit_mw_per_s: float | None
    bess_power_mw: float | None
    bess_energy_kwh: float | None
    flatten_power_mw: float
    flatten_energy_kwh: float
    miners_running_mw: float
    miner_response_s: float
    miner_buffer_mw: float | None
    changes_per_minute: float
    d_unsmoothed_percent: float
    pst_unsmoothed: float
    d_with_rack_storage_percent: float
    pst_with_rack_storage: float
    pst_limit: float
    smoothing_bess_mva: float
    smoothing_bess_kwh: float
    smoothing_bess_losses_kw: float
    swing_at_pcc_mw: float
    ramp_at_pcc_mw_per_s: float
    d_at_pcc_percent: float
    pst_at_pcc: float
    swing_allowed_mw: float
    smoothing_needed_mva: float
    smoothing_needed_kwh: float
    job_step_held_by: str | None
    power_floor_fraction: float
    power_floor_burn_mw: float
    power_factor: float


@dataclass(frozen=True)
class PowerQualityStudy:
    """Every power-quality result of a design (see :func:`power_quality_study`)."""

    h_max: int
    orders: tuple[int, ...]
    summation_method: str
    aligned_method: str
    alpha: tuple[float, ...]
    buses: tuple[BusDistortion, ...]
    pcc: PccDistortion
    transformers: tuple[TransformerHarmonics, ...]
    swing: SwingStudy | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        """JSON-ready dict; numbers carry their unit in the key name."""
        r = lambda x, n=4: None if x is None else round(float(x), n)  # noqa: E731
        out = {"method": "balanced harmonic load flow, sources combined by the IEC TR 61000-3-6:2008 general "
                         "summation law (aligned sum reported as the upper bound); IEEE 519-2022 Tables 1-2; "
                         "IEEE C57.110-2018 dry-type derating; IEC TR 61000-3-7 / IEC 61000-4-15 Pst",
               "summation": {"method": self.summation_method, "aligned_method": self.aligned_method,
                             "alpha_by_order": {str(h): a for h, a in zip(self.orders, self.alpha)}},
               "h_max": self.h_max, "orders": list(self.orders), "notes": list(self.notes),
               "buses": {b.bus: {"vn_kv": r(b.vn_kv), "thd_v_percent": r(b.thd_v_percent), "worst_order": b.worst_order,
                                 "worst_individual_percent": r(b.worst_individual_percent),
                                 "thd_v_aligned_percent": r(b.thd_v_aligned_percent),
                                 "worst_individual_aligned_percent": r(b.worst_individual_aligned_percent),
                                 "limit_thd_percent": b.limit_thd_percent,
                                 "limit_individual_percent": b.limit_individual_percent, "pcc": b.pcc, "ok": b.ok}
                         for b in self.buses},
               "pcc": {k: (list(v) if isinstance(v, tuple) else (r(v) if isinstance(v, float) else v))
                       for k, v in asdict(self.pcc).items()} | {"ok": self.pcc.ok},
               "transformers": {t.transformer: {"k_factor": r(t.k_factor), "insulation": t.insulation,
                                                "p_ec_r_percent": t.p_ec_r_percent, "p_ec_r_range": t.p_ec_r_range,
                                                "i_rms_pu": r(t.i_rms_pu), "i_max_pu": r(t.i_max_pu), "ok": t.ok}
                                for t in self.transformers},
               "swing": None if self.swing is None else {k: r(v) if isinstance(v, float) else v
                                                          for k, v in asdict(self.swing).items()}}
        return out


def source_units(design: Design) -> dict[str, int]:
    """Identical units of each harmonic source group: racks of a rack group, miners of a miner group,
    pumps, fans or heat-rejection units of a cooling element with a ``count``; 1 for any other element."""
    units = {g.id: g.count for g in design.loads.racks} | {g.id: g.count for g in design.loads.miners}
    c = design.cooling
    for items in (c.cdus, c.pumps, c.heat_rejection, c.exhaust_fans, c.crahs, c.rear_doors):
        for item in items:
            units[item.id] = int(getattr(item, "count", 1) or 1)
    return units


def load_sources(design: Design, dg, lf, spectra) -> tuple[list[HarmonicSource], list[str]]:
    """The harmonic sources of the design, one per load element or group, and notes.

    Each owner of load rows (a rack group over all its feeds, a miner group, a load, a cooling element)
    is one source with its identical units (:func:`source_units`); its fundamental current magnitude at
    each bus is ``|S| / |V|`` of its rows from the load flow [pu].
    """
    grid = dg.grid
    s_pu = np.hypot(grid.loads.p_w, grid.loads.q_var) / BASE_VA
    v = np.maximum(lf.vm_pu[grid.loads.bus], 1e-6)
    i_pu = s_pu / v
    units = source_units(design)
    rows: dict[str, list[int]] = {}
    spectrum_id: dict[str, str] = {}
    linear: set[str] = set()
    for row, (owner, kind) in enumerate(zip(dg.loads.owner, dg.loads.kind)):
        spectrum = spectrum_of_kind(kind, spectra)
        if spectrum is None:
            linear.add(kind)
            continue
        rows.setdefault(owner, []).append(row)
        spectrum_id[owner] = spectrum.id
    sources = [HarmonicSource(owner, spectrum_id[owner], units.get(owner, 1),
                              tuple(int(grid.loads.bus[r]) for r in rs), tuple(float(i_pu[r]) for r in rs))
               for owner, rs in rows.items()]
    notes = [f"{', '.join(sorted(load_kind_words(k) for k in linear))} are taken as linear loads (no harmonic "
             "spectrum in the catalog)"] if linear else []
    return sources, notes


def smoothing_bess(design: Design) -> tuple[float, float, float]:
    """Smoothing storage of ``design`` at its PCC: total PCS rating [VA], usable energy [J] and the
    round-trip efficiency weighted by rating [-] (zeros without one). Storage at another bus is not
    counted: the swing is judged at the PCC."""
    units = [b for b in design.electrical.bess if b.purpose == "smoothing" and b.bus == design.utility.bus]
    s_va = sum(magnitude(b.rating, "VA") * b.count for b in units)
    e_j = sum(magnitude(b.energy, "J") * b.count for b in units)
    eta = (sum(magnitude(b.round_trip_efficiency, "dimensionless") * magnitude(b.rating, "VA") * b.count for b in units)
           / s_va) if s_va > 0 else 1.0
    return s_va, e_j, eta


def swing_study(design: Design, catalog=None) -> SwingStudy | None:
    """The GB300 training swing of ``design`` at its PCC, before and after its mitigation, and what
    mitigation would meet the flicker planning level and the ramp-rate requirement (None without compute
    racks).

    Mitigation in the design: the power shelves' storage (always), smoothing BESSs at the PCC
    (``electrical.bess`` with ``purpose: smoothing``) and, for a job start or stop, the miners still
    running. The judged figures are ``pst_at_pcc`` and ``ramp_at_pcc_mw_per_s``.
    """
    from ..catalog import load_catalog

    catalog = catalog or load_catalog()
    compute = [g for g in design.loads.racks if g.kind == "compute"]
    if not compute:
        return None
    profile = gb300_swing_profile(catalog)
    rows = {r["quantity"]: r for r in catalog.table("gb300-load-swing").rows}
    miner_response = float(rows["miner_response"]["value"])
    n = sum(g.count for g in compute)
    p_total = sum(rack_power_w(g, "peak") * g.count for g in compute)
    p_rack = p_total / n
    d_rack = profile.swing_fraction * p_rack
    worst, diverse = aggregate_swing_w(d_rack, n, jobs=len(compute))
    e_racks = n * profile.storage_j
    ramp0 = worst / profile.edge_time_s
    ramp_rack = ramp_with_storage_w_per_s(worst, e_racks, profile.period_s, profile.edge_time_s)
    criteria = design.goal.criteria if design.goal else None
    limit = getattr(criteria, "ramp_rate_max_mw_per_min", None)
    limit_w = None if limit is None else limit * 1e6 / 60.0
    bess_p = bess_e = None
    miner_need = miner_buffer_w(p_total, limit_w, miner_response)
    if limit_w is not None:
        e_need = max(storage_for_ramp_j(worst, limit_w, profile.period_s), storage_for_ramp_j(p_total, limit_w))
        bess_e = max(0.0, e_need - e_racks) / 3.6e6
        bess_p = p_total / 1e6 if bess_e > 0 else 0.0
    miners = sum(magnitude(m.p_rated, "W") * m.count for m in design.loads.miners)
    u = design.utility
    sk = magnitude(u.sk, "VA")
    pf = min(1.0, sum(g.power_factor * g.count for g in compute) / n)
    tan_phi = math.tan(math.acos(pf))
    cpm = 120.0 / profile.period_s
    curve = pst1_curve(catalog, magnitude(u.frequency, "Hz"))
    d0 = voltage_change_percent(worst, tan_phi, sk, u.xr_ratio)
    residual = 0.0 if ramp_rack == 0.0 else worst
    d1 = voltage_change_percent(residual, tan_phi, sk, u.xr_ratio)
    vn_kv = magnitude(u.voltage, "kV")
    pst_limit = PST_PLANNING_LEVEL_MV if vn_kv <= 35.0 else PST_PLANNING_LEVEL_HV
    # the design's smoothing storage at the PCC, and what meeting the planning level needs
    s_bess, e_bess, eta = smoothing_bess(design)
    at_pcc = smoothed_swing_w(residual, s_bess, e_bess, profile.period_s, pf) if residual > 0 else 0.0
    ramp_pcc = ramp_with_storage_w_per_s(at_pcc, e_racks, profile.period_s, profile.edge_time_s)
    d2 = voltage_change_percent(at_pcc, tan_phi, sk, u.xr_ratio)
    allowed = allowed_swing_w(pst_limit, cpm, curve, tan_phi, sk, u.xr_ratio)
    if limit_w is not None:  # the iteration swing's ramp after the racks' storage also within the limit
        allowed = min(allowed, max(math.sqrt(2.0 * e_racks * limit_w), 4.0 * e_racks / profile.period_s))
    need = smoothing_need(residual, allowed, profile.period_s, pf)
    floor, burn = power_floor_for_swing(profile.swing_fraction, min(allowed, residual) / p_total if p_total else 0.0)
    held_by = None
    if limit_w is not None:
        if bess_p is not None and bess_p == 0.0:
            held_by = "rack storage"
        elif s_bess * pf >= (bess_p or 0.0) * 1e6 and e_bess >= (bess_e or 0.0) * 3.6e6:
            held_by = "smoothing BESS"
        elif miners >= miner_need:
            held_by = "running miners"
        else:
            held_by = ""
    return SwingStudy(
        compute_racks=n, rack_peak_kw=p_rack / 1e3, swing_rack_kw=d_rack / 1e3, period_s=profile.period_s,
        edge_time_s=profile.edge_time_s, jobs_for_diversity=len(compute), swing_worst_mw=worst / 1e6,
        swing_diverse_mw=diverse / 1e6, ramp_unsmoothed_mw_per_s=ramp0 / 1e6, rack_storage_mj=e_racks / 1e6,
        ramp_with_rack_storage_mw_per_s=ramp_rack / 1e6, job_step_mw=p_total / 1e6,
        ramp_limit_mw_per_s=None if limit_w is None else limit_w / 1e6, bess_power_mw=bess_p,
        bess_energy_kwh=bess_e, flatten_power_mw=worst / 2e6,
        flatten_energy_kwh=max(0.0, worst * profile.period_s / 4.0 - e_racks) / 3.6e6, miners_running_mw=miners / 1e6,
        miner_response_s=miner_response, miner_buffer_mw=miner_need / 1e6, changes_per_minute=cpm,
        d_unsmoothed_percent=d0, pst_unsmoothed=pst_rectangular(d0, cpm, curve), d_with_rack_storage_percent=d1,
        pst_with_rack_storage=pst_rectangular(d1, cpm, curve), pst_limit=pst_limit,
        smoothing_bess_mva=s_bess / 1e6, smoothing_bess_kwh=e_bess / 3.6e6,
        smoothing_bess_losses_kw=smoothing_loss_w(residual, at_pcc, eta) / 1e3, swing_at_pcc_mw=at_pcc / 1e6,
        ramp_at_pcc_mw_per_s=ramp_pcc / 1e6, d_at_pcc_percent=d2, pst_at_pcc=pst_rectangular(d2, cpm, curve),
        swing_allowed_mw=allowed / 1e6, smoothing_needed_mva=need.rating_va / 1e6,
        smoothing_needed_kwh=need.energy_j / 3.6e6, job_step_held_by=held_by, power_floor_fraction=floor,
        power_floor_burn_mw=burn * p_total / 1e6, power_factor=pf)


def smoothing_losses_w(design: Design, catalog=None) -> dict[str, tuple[str, float]]:
    """(bus, average conversion loss [W]) of each smoothing BESS of ``design``, the study's loss shared by
    rating; the load flow adds them as loads (:func:`retrofit.electrical.design_grid.build_design_grid`)."""
    units = [b for b in design.electrical.bess if b.purpose == "smoothing" and b.bus == design.utility.bus]
    study = swing_study(design, catalog) if units else None
    if study is None:
        return {}
    total = sum(magnitude(b.rating, "VA") * b.count for b in units)
    return {b.id: (b.bus, study.smoothing_bess_losses_kw * 1e3 * magnitude(b.rating, "VA") * b.count / total)
            for b in sorted(units, key=lambda x: x.id)}


def power_quality_study(design: Design, cooling_power_w: dict[str, float] | None = None, *,
                        h_max: int = H_MAX, catalog=None) -> PowerQualityStudy:
    """Harmonic distortion, transformer K-factor and derating, and the load swing of ``design``.

    Parameters
    ----------
    design : Design
        The design.
    cooling_power_w : dict, optional
        Electric power of cooling elements [W] (from the cooling analysis), as for the load flow.
    h_max : int
        Highest harmonic order [-].
    catalog : Catalog, optional
        Catalog with the spectra and limit tables (the shipped one by default).
    """
    from ..catalog import load_catalog

    catalog = catalog or load_catalog()
    dg = build_design_grid(design, cooling_power_w)
    grid = dg.grid
    lf = solve_load_flow(grid)
    spectra = load_spectra(catalog)
    sources, notes = load_sources(design, dg, lf, spectra)
    flow = solve_harmonic_flow(grid, sources, spectra, lf.vm_pu, h_max=h_max)
    v1 = np.maximum(lf.vm_pu, 1e-9)
    individual = flow.v_pu / v1 * 100.0 if len(flow.orders) else np.zeros((0, grid.n_bus))
    individual_aligned = flow.v_aligned_pu / v1 * 100.0 if len(flow.orders) else np.zeros((0, grid.n_bus))
    pcc_bus = dg.bus_of[design.utility.bus]
    pcc_index = grid.bus_index(pcc_bus)
    buses = []
    for i, bus in enumerate(grid.bus_ids):
        vn_kv = float(grid.vn_v[i]) / 1e3
        lim = voltage_distortion_limit(vn_kv, catalog)
        k = int(np.argmax(individual[:, i])) if len(flow.orders) else 0
        buses.append(BusDistortion(bus, vn_kv, float(flow.thd_v_percent[i]),
                                   int(flow.orders[k]) if len(flow.orders) else 0,
                                   float(individual[k, i]) if len(flow.orders) else 0.0,
                                   lim.thd_percent, lim.individual_percent, i == pcc_index,
                                   float(flow.thd_v_aligned_percent[i]),
                                   float(individual_aligned[k, i]) if len(flow.orders) else 0.0))
    # current distortion at the PCC (the utility source)
    vn_pcc = float(grid.vn_v[pcc_index])
    i_base = float(base_current_a(np.array([vn_pcc]))[0])
    i_h_a = flow.source_i_pu[:, 0] * i_base if len(flow.orders) else np.zeros(0)
    i_h_aligned_a = flow.source_i_aligned_pu[:, 0] * i_base if len(flow.orders) else np.zeros(0)
    il_a = math.hypot(lf.slack_p_w, lf.slack_q_var) / (_SQRT3 * max(float(lf.v_v[pcc_index]), 1e-9))
    isc_a = magnitude(design.utility.sk, "VA") / (_SQRT3 * vn_pcc)
    isc_il = isc_a / il_a if il_a > 0 else math.inf
    i_h_pct = 100.0 * i_h_a / il_a if il_a > 0 else np.zeros_like(i_h_a)
    i_h_aligned_pct = 100.0 * i_h_aligned_a / il_a if il_a > 0 else np.zeros_like(i_h_aligned_a)
    tdd = total_demand_distortion_percent(i_h_a, il_a) if il_a > 0 else 0.0
    tdd_aligned = total_demand_distortion_percent(i_h_aligned_a, il_a) if il_a > 0 else 0.0
    if vn_pcc <= 69e3 and il_a > 0:
        climit = current_distortion_limit(isc_il, catalog)
        margins = [i_h_pct[k] / climit.individual_percent(int(h)) for k, h in enumerate(flow.orders)]
        k = int(np.argmax(margins)) if margins else 0
        worst_limit, tdd_limit = (climit.individual_percent(int(flow.orders[k])) if margins else None), climit.tdd_percent
    else:
        k = int(np.argmax(i_h_pct)) if len(i_h_pct) else 0
        worst_limit = tdd_limit = None
        notes.append(f"PCC at {vn_pcc / 1e3:g} kV: above 69 kV IEEE 519-2022 Table 3 or 4 applies, not in the catalog")
    pcc = PccDistortion(pcc_bus, vn_pcc / 1e3, isc_a, il_a, isc_il, tdd,
                        int(flow.orders[k]) if len(flow.orders) else 0,
                        float(i_h_pct[k]) if len(i_h_pct) else 0.0, worst_limit, tdd_limit,
                        tuple(int(h) for h in flow.orders), tuple(float(x) for x in i_h_pct), tdd_aligned,
                        float(i_h_aligned_pct[k]) if len(i_h_aligned_pct) else 0.0,
                        tuple(float(x) for x in i_h_aligned_pct))
    # transformers: K-factor and C57.110 capability
    by_id = {t.id: t for t in design.electrical.transformers}
    tr = grid.transformers
    transformers = []
    for j, tid in enumerate(tr.ids):
        t = by_id[tid]
        i1 = float(lf.transformers.i_to_a[j])
        ih = flow.transformer_i_pu[:, j] * float(base_current_a(grid.vn_v[tr.lv_bus[j:j + 1]])[0]) \
            if len(flow.orders) else np.zeros(0)
        if i1 <= 0:
            continue
        kf = k_factor(np.concatenate([[1], flow.orders]), np.concatenate([[i1], ih]))
        insulation = insulation_of(t.cooling_class)
        p_ec, p_range = eddy_loss_percent(insulation, magnitude(t.rating, "kVA"), magnitude(t.v_primary, "kV"), catalog)
        i_rated = magnitude(t.rating, "VA") / (_SQRT3 * magnitude(t.v_secondary, "V"))
        i_rms = math.sqrt(i1**2 + float(np.sum(ih**2)))
        transformers.append(TransformerHarmonics(tid, kf, insulation, p_ec, p_range, i_rms / i_rated,
                                                 c57110_max_current_pu(kf, p_ec / 100.0)))
    notes.append("triplen (zero-sequence) harmonics of the single-phase PSUs are not carried: they circulate in "
                 "the delta windings and the LV neutral")
    return PowerQualityStudy(h_max, tuple(int(h) for h in flow.orders), flow.method, flow.aligned_method,
                             tuple(float(a) for a in flow.alpha), tuple(buses), pcc, tuple(transformers),
                             swing_study(design, catalog), tuple(notes))


__all__ = ["BusDistortion", "PccDistortion", "PowerQualityStudy", "SwingStudy", "TransformerHarmonics",
           "load_sources", "power_quality_study", "smoothing_bess", "smoothing_losses_w", "source_units", "swing_study"]
