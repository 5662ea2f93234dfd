"""Mitigation of the GB300 training swing at the point of common coupling (PCC): the planner sizes and
places what the flicker planning level (ELEC-PQ-005) and the utility's ramp-rate requirement (ELEC-PQ-004)
need, so the proposal is designed for what those rules check.

The swing, the storage it needs and the swing a given storage leaves all come from one study,
:func:`retrofit.electrical.power_quality.swing_study` (kernels in :mod:`retrofit.electrical.load_swing`);
this module only chooses the product and writes the element.

Order of the means (cheapest first, each used only where it acts):

1. the power shelves' storage (always in the racks, credited by the study);
2. miners still running, for a job start or stop only (they answer in seconds and cannot follow a 2 s
   iteration swing);
3. a smoothing BESS with its PCS at the PCC (``electrical.bess``, ``purpose: smoothing``), from the
   ``bess`` catalog table: the product and count of least price that give both the PCS rating and the
   energy.

The GB300 power floor (NVML power-smoothing profiles) would also cut the swing, by burning power in the
low phase; the study reports the floor and the power it burns, and the plan's notes compare it, but the
planner does not set it (an operating setting of the racks, not equipment).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import BESS, Design
from ..units import magnitude
from .bess_collector import BessCollector, size_bess_collector

#: Id of the smoothing BESS the planner places.
SMOOTHING_BESS_ID = "smoothing-bess"

#: Relative uncertainty of a BESS price: the ``bess`` table's source calls any quote an estimate, +/-40 %.
BESS_PRICE_UNCERTAINTY = 0.4


@dataclass(frozen=True)
class SwingMitigation:
    """What the planner placed against the training swing, and the verdict it reaches.

    Attributes
    ----------
    needed : bool
        The proposal without smoothing storage fails the flicker level or the ramp requirement.
    product : str or None
        Row id of the ``bess`` table chosen (None when none is needed or none fits).
    units : int
        Units placed [-].
    rating_mva, energy_kwh : float
        Total PCS rating [MVA] and usable energy [kWh] placed.
    need_mva, need_kwh : float
        What the study asks for [MVA], [kWh].
    price_usd : float or None
        Price of the units placed [USD].
    area_m2 : float
        Outline of the units, without clearances [m²].
    losses_kw : float
        Average cycling loss [kW].
    cycles_per_year : float
        Equivalent full cycles a year if the swing runs all year [1/year].
    pst_before, pst_after : float
        Pst at the PCC without and with the storage [-].
    pst_limit : float
        The planning level [-].
    ramp_ok : bool or None
        Ramp requirement met after mitigation (None without a requirement).
    notes : tuple of str
        Plain-language account for the plan.
    collector : BessCollector or None
        The units' MV step-up transformers and collector switchgear
        (:func:`retrofit.planning.bess_collector.size_bess_collector`; None when no BESS is placed).
    """

    needed: bool
    product: str | None
    units: int
    rating_mva: float
    energy_kwh: float
    need_mva: float
    need_kwh: float
    price_usd: float | None
    area_m2: float
    losses_kw: float
    cycles_per_year: float
    pst_before: float
    pst_after: float
    pst_limit: float
    ramp_ok: bool | None
    notes: tuple[str, ...]
    collector: BessCollector | None = None


def _passes(study) -> tuple[bool, bool | None]:
    flicker = study.pst_at_pcc <= study.pst_limit
    if study.ramp_limit_mw_per_s is None:
        return flicker, None
    return flicker, study.ramp_at_pcc_mw_per_s <= study.ramp_limit_mw_per_s and bool(study.job_step_held_by)


def _need(study) -> tuple[float, float]:
    """PCS rating [VA] and energy [J] the study asks of smoothing storage: the flicker (and iteration
    ramp) part, and the job start when neither the racks nor the running miners hold it."""
    s_va = study.smoothing_needed_mva * 1e6
    e_j = study.smoothing_needed_kwh * 3.6e6
    if study.ramp_limit_mw_per_s is not None and study.bess_power_mw and study.miners_running_mw < study.miner_buffer_mw:
        s_va = max(s_va, study.bess_power_mw * 1e6 / study.power_factor)  # the job step at the racks' power factor
        e_j = max(e_j, study.bess_energy_kwh * 3.6e6)
    return s_va, e_j


def choose_bess(s_va: float, e_j: float, catalog: Catalog) -> tuple[dict, int] | None:
    """The ``bess`` row and unit count of least price giving at least ``s_va`` of PCS rating (a row's kW
    taken as kVA at unit power factor) and ``e_j`` of energy; None when the table is empty."""
    best = None
    for row in catalog.table("bess").rows:
        units = max(1, math.ceil(s_va / (float(row["power"]) * 1e3) - 1e-9),
                    math.ceil(e_j / (float(row["energy"]) * 3.6e6) - 1e-9))
        price = units * float(row["energy"]) * float(row["price_per_kwh"])
        if best is None or (price, row["id"]) < (best[2], best[0]["id"]):
            best = (row, units, price)
    return None if best is None else (best[0], best[1])


def size_swing_mitigation(design: Design, catalog: Catalog) -> tuple[SwingMitigation, Design]:
    """Size and place the smoothing storage ``design``'s training swing needs at its PCC.

    Parameters
    ----------
    design : Design
        The proposed design (not changed).
    catalog : Catalog
        Catalog with the ``bess`` and ``gb300-load-swing`` tables.

    Returns
    -------
    SwingMitigation, Design
        The sizing and verdict, and the design with the smoothing BESS (``design`` itself when none is
        needed). Smoothing BESSs the design already has at the PCC are replaced.
    """
    from ..electrical.power_quality import swing_study
    from .design_copy import deep_copy

    base = deep_copy(design)
    base.electrical.bess = [b for b in base.electrical.bess if not (b.purpose == "smoothing" and b.bus == base.utility.bus)]
    study = swing_study(base, catalog)
    if study is None:
        return SwingMitigation(False, None, 0, 0.0, 0.0, 0.0, 0.0, None, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, None,
                               ("no compute racks: no training swing",)), design
    flicker, ramp = _passes(study)
    if flicker and ramp is not False:
        return SwingMitigation(False, None, 0, 0.0, 0.0, 0.0, 0.0, None, 0.0, 0.0, 0.0, study.pst_at_pcc,
                               study.pst_at_pcc, study.pst_limit, ramp,
                               (f"training swing: Pst {study.pst_at_pcc:.2f} at the PCC within the planning level "
                                f"{study.pst_limit:g} with the racks' own storage; no smoothing storage needed",)), design
    s_va, e_j = _need(study)
    choice = choose_bess(s_va, e_j, catalog)
    if choice is None:
        return SwingMitigation(True, None, 0, 0.0, 0.0, s_va / 1e6, e_j / 3.6e6, None, 0.0, 0.0, 0.0,
                               study.pst_at_pcc, study.pst_at_pcc, study.pst_limit, ramp,
                               (f"training swing: Pst {study.pst_at_pcc:.2f} against {study.pst_limit:g} and the "
                                "catalog holds no BESS to smooth it: the criterion is not met",)), design
    row, units = choice
    unit_price = float(row["energy"]) * float(row["price_per_kwh"])
    element = BESS(id=SMOOTHING_BESS_ID, name=str(row["name"]), bus=base.utility.bus, rating=f"{float(row['power']):g} kVA",
                   energy=f"{float(row['energy']):g} kWh", count=units,
                   round_trip_efficiency=f"{100.0 * float(row['round_trip_efficiency']):g} %", purpose="smoothing",
                   price=f"{unit_price:.2f} USD",
                   notes=f"bess table row {row['id']}; sized by retrofit for the training swing at the PCC "
                         f"({s_va / 1e6:.1f} MVA, {e_j / 3.6e6:.1f} kWh needed)")
    base.electrical.bess.append(element)
    collector = size_bess_collector(base, element, catalog)
    after = swing_study(base, catalog)
    flicker2, ramp2 = _passes(after)
    rating = units * float(row["power"]) / 1e3
    energy = units * float(row["energy"])
    residual_mw = study.swing_worst_mw if study.d_with_rack_storage_percent > 0 else 0.0  # after the racks' storage
    exchanged_mw = max(0.0, residual_mw - after.swing_at_pcc_mw) / 2.0  # supplied at the high level
    delivered_mwh = exchanged_mw / 2.0 * 8760.0  # half of the time, all year
    cycles = delivered_mwh / (energy / 1e3) if energy else 0.0
    area = units * float(row["length"]) * float(row["width"])
    why = []
    if not flicker:
        why.append(f"gives Pst {study.pst_at_pcc:.2f} at the PCC against the planning level {study.pst_limit:g}")
    if ramp is False:
        limit = study.ramp_limit_mw_per_s * 60.0
        why.append(f"ramps at {study.ramp_at_pcc_mw_per_s * 60.0:,.0f} MW/min against the utility's {limit:g} MW/min"
                   + ("" if study.job_step_held_by else
                      f", and a job start or stop of {study.job_step_mw:.1f} MW is held by neither the racks nor "
                      "running miners"))
    notes = [
        f"training swing: {study.swing_worst_mw:.1f} MW every {study.period_s:g} s with every compute rack in one job "
        + "; it ".join(why) + f"; the largest iteration swing within the criteria is {study.swing_allowed_mw:.1f} MW",
        f"{SMOOTHING_BESS_ID}: {units} x {row['name']} at {base.utility.bus} ({rating:.1f} MVA, {energy:,.0f} kWh; "
        f"{s_va / 1e6:.1f} MVA and {e_j / 3.6e6:,.1f} kWh needed: the PCS rating sizes it, the energy is far more "
        f"than the swing moves), USD {units * unit_price / 1e6:,.1f} M; Pst after {after.pst_at_pcc:.2f}"
        + ("" if flicker2 else " (still above the planning level)"),
        f"{SMOOTHING_BESS_ID}: cycling loss {after.smoothing_bess_losses_kw:,.0f} kW on average (in the load flow "
        f"and the PUE); about {cycles:,.0f} equivalent full cycles a year if the swing runs all year, which bounds "
        "the battery's life; a power-type store (supercapacitors, flywheels) would fit this duty better but is not "
        "in the catalog",
        f"alternative without equipment: a GB300 power floor at {100 * study.power_floor_fraction:.0f} % of rack "
        f"peak (NVML power-smoothing profile) cuts the iteration swing as much but burns {study.power_floor_burn_mw:.1f} MW on "
        "average",
        f"{SMOOTHING_BESS_ID}: {units} unit{'s' if units != 1 else ''} take{'' if units != 1 else 's'} {area:,.0f} m² "
        "of yard (outline without clearances)",
    ]
    collector_usd = collector.price_usd
    notes += [n.replace(f"{SMOOTHING_BESS_ID}: ", f"{SMOOTHING_BESS_ID} MV connection: ", 1) for n in collector.notes]
    if collector.cost_lines:
        notes.append(f"{SMOOTHING_BESS_ID} MV connection: " + (
            f"USD {collector_usd / 1e6:,.1f} M of equipment (step-up transformers, collector breakers and switchgear), "
            "in the bill of materials" if collector_usd is not None else "not priced (listed in the bill of materials)"))
    if ramp2 is False:
        notes.append("the utility's ramp-rate requirement is still not met after the smoothing BESS")
    return SwingMitigation(True, str(row["id"]), units, rating, energy, s_va / 1e6, e_j / 3.6e6, units * unit_price,
                           area, after.smoothing_bess_losses_kw, cycles, study.pst_at_pcc, after.pst_at_pcc,
                           study.pst_limit, ramp2, tuple(notes), collector), base


def place_swing_mitigation(design: Design, catalog: Catalog, existing: Design | None = None) -> tuple[Design, list[str]]:
    """:func:`size_swing_mitigation` for the planner: the design to carry on with and the notes.

    The BESS's converters feed faults (at their current limit, :mod:`retrofit.electrical.generator_faults`),
    so the fault levels the planner's protection settings were chosen for change: the trips the planner
    wrote (every breaker whose settings differ from those of ``existing``, the site before) are cleared
    and written again by :func:`retrofit.planning.protection_settings.set_protection` with the BESS in place.
    """
    mitigation, after = size_swing_mitigation(design, catalog)
    if not mitigation.needed:
        return after, []
    notes = list(mitigation.notes)
    if mitigation.units and existing is not None:
        from .protection_settings import protection_notes, set_protection

        given = {b.id: b.trip for b in existing.electrical.breakers}
        after.electrical.breakers = [b if b.trip is None or (b.id in given and given[b.id] == b.trip)
                                     else b.model_copy(update={"trip": None}) for b in after.electrical.breakers]
        notes += [f"protection settings written again with the {SMOOTHING_BESS_ID} feeding faults: {n}"
                  for n in protection_notes(set_protection(after, catalog))]
    return after, notes


def new_bess(existing: Design, after: Design) -> list[BESS]:
    """BESS elements of ``after`` that ``existing`` does not have, or has fewer units of (priced by the
    bill of materials at their own unit price)."""
    before = {b.id: b.count for b in existing.electrical.bess}
    out = []
    for b in sorted(after.electrical.bess, key=lambda x: x.id):
        grown = b.count - before.get(b.id, 0)
        if grown > 0:
            out.append(b.model_copy(update={"count": grown}))
    return out


def bess_unit_price_usd(b: BESS) -> float | None:
    """Price of one unit of ``b`` [USD], None when not given."""
    return None if b.price is None else magnitude(b.price, "USD")


__all__ = ["BESS_PRICE_UNCERTAINTY", "SMOOTHING_BESS_ID", "SwingMitigation", "bess_unit_price_usd", "choose_bess",
           "new_bess", "place_swing_mitigation", "size_swing_mitigation"]
