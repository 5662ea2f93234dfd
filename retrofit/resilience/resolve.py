"""The cooling plant re-solved after an outage, with the equipment that survives, at the design ambient.

The intact design is prepared once (:func:`prepare_base`). For an outage, only the facility loops it
touches are solved again: the CDUs, pumps, heat-rejection units and CRAHs it takes away are removed
from a copy of the design (a pump set keeps its remaining pumps, its standby starting; a bank keeps its
remaining units), and the loop's hydraulics (facility loop and every TCS loop of its CDUs) and its
plant balance at the governing design ambient are solved by the same stages as the normal analysis
(:func:`retrofit.cooling.case.solve_facility_hydraulics`, :func:`retrofit.cooling.balance.solve_facility_plant`).
Identical cases are solved once: the result of a loop is cached by the loop and the frozen set of what
its outage takes away from it, and the TCS networks and plant balances are reused across cases by
their contents (the caches of :class:`~retrofit.cooling.case.CoolingCase`). The loop results are also
kept for the whole process (:data:`SOLVED_LOOPS`), keyed by the contents of everything a loop's re-solve
reads (:func:`loop_fingerprint`): the studies of a proposal and of its phases share the loops that the
phases leave unchanged.

Racks that lose power in the same outage are kept at their heat: the cooling verdict does not count on
a rack failing.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..cooling.air_balance import residual_air, room_heat_to_water
from ..cooling.balance import FacilityPlant, solve_facility_plant, tcs_supply_by_loop
from ..cooling.case import C0, CoolingCase, FacilityHydraulics, prepare_cooling, solve_facility_hydraulics
from ..cooling.plant_records import worst_cdu_text
from ..model import Design
from .records import Breach, LoopState
from .ride_through import loop_volume_m3, ride_through_time

_TIE_DIGITS = 6
"""Decimals at which two loadings [%] or temperatures [°C] are equal when the worst is picked: the element
id decides between them, never round-off."""

CDU_LOADING_MAX_PERCENT = 100.0
"""Highest heat a surviving CDU may carry, percent of its rated capacity at its rated approach [%]
(the same limit as the cooling N+1: beyond it the rating no longer vouches for the approach)."""


@dataclass
class CoolingBase:
    """The intact design prepared for contingency re-solves.

    Attributes
    ----------
    design : Design
    case : CoolingCase
        Shared SI data and solution caches.
    facility_loops : list of str
        Facility loop ids in file order.
    tcs_of : dict
        Facility loop id -> TCS loop ids its CDUs serve in the intact design.
    loops_of : dict
        Cooling element id (or ``loop`` key) -> facility loops its loss touches.
    halls_of : dict
        Facility loop id -> halls of its CDUs.
    intact : dict
        Facility loop id -> LoopState with nothing out.
    cache : dict
        (facility loop, frozenset of what is lost there) -> LoopState.
    solves : int
        Distinct loop re-solves so far.
    """

    design: Design
    case: CoolingCase
    facility_loops: list[str]
    tcs_of: dict[str, list[str]]
    loops_of: dict[str, tuple[str, ...]]
    halls_of: dict[str, set]
    intact: dict[str, LoopState] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)
    solves: int = 0
    flow_intact: dict[str, float] = field(default_factory=dict)
    tcs_intact: dict = field(default_factory=dict)  #: facility loop id -> intact TCS flows (_TcsState)
    air_cache: dict = field(default_factory=dict)  #: (halls, CRAH counts, water) -> residual air of those halls
    networks: dict = field(default_factory=dict)  #: facility networks solved, by what they are built from
    hall_cache: dict = field(default_factory=dict)  #: halls -> (halls, loads part, rack duties) of those halls
    fingerprints: dict = field(default_factory=dict)  #: facility loop id -> loop_fingerprint
    reused: int = 0  #: loop cases taken from SOLVED_LOOPS (solved by an earlier study in this process)


class LoopResults:
    """Loop re-solves kept across studies in one process, least recently used dropped beyond ``limit``.

    Keyed by (:func:`loop_fingerprint`, frozenset of what the outage takes away from the loop): equal
    keys are the same sub-problem, so a study of a phase reuses what the study of the proposal solved.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self._entries: OrderedDict = OrderedDict()

    def get(self, key):
        """The stored LoopState of ``key``, or None."""
        state = self._entries.get(key)
        if state is not None:
            self._entries.move_to_end(key)
        return state

    def put(self, key, state: LoopState) -> None:
        """Store ``state`` under ``key``."""
        self._entries[key] = state
        self._entries.move_to_end(key)
        while len(self._entries) > self.limit:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every stored result."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


SOLVED_LOOPS = LoopResults(limit=20_000)
"""The process's loop re-solves (a LoopState is a few kB: 20,000 of them stay under about 100 MB)."""


def _plain(value):
    """JSON-able form of a design element (pydantic model), for :func:`loop_fingerprint`."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return repr(value)


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, default=_plain, sort_keys=True).encode()).hexdigest()


def loop_fingerprint(base: CoolingBase, floop_id: str) -> str:
    """A digest of everything the re-solve of facility loop ``floop_id`` reads: equal digests, equal results.

    The site, goal and cooling-wide settings; the loop, its TCS loops, CDUs, pumps and heat-rejection
    units; the halls of its CDUs with their air movers, racks and miners (the air balance); and what
    :func:`~retrofit.cooling.case.prepare_cooling` derived for them (design ambients, coolant states, CDU
    data, rack duties, loop heat, the heat CRAHs and rear doors put into facility water), in exact ``repr``.
    """
    if floop_id not in base.fingerprints:
        d, case = base.design, base.case
        c = d.cooling
        tcs = sorted(base.tcs_of[floop_id])
        loops, halls = {floop_id, *tcs}, base.halls_of[floop_id]
        lists = ("loops", "cdus", "pumps", "heat_rejection", "exhaust_fans", "crahs", "rear_doors")
        content = {
            "site": d.site, "goal": d.goal, "cooling": c.model_dump(mode="json", exclude=set(lists)),
            "loops": [x for x in c.loops if x.id in loops],
            "cdus": [x for x in c.cdus if x.facility_loop == floop_id or x.tcs_loop in loops],
            "pumps": [x for x in c.pumps if x.loop in loops],
            "heat_rejection": [x for x in c.heat_rejection if x.loop in loops],
            "air": [x for k in ("crahs", "rear_doors", "exhaust_fans") for x in getattr(c, k) if x.hall in halls],
            "halls": [h for h in d.halls if h.id in halls],
            "racks": [g for g in d.loads.racks if g.hall in halls],
            "miners": [g for g in d.loads.miners if g.hall in halls],
            "derived": repr((case.governing, case.ambients, case.reuse,
                             [x for x in case.cdus if x.facility_loop == floop_id or x.tcs_loop in loops],
                             [(lid, case.duties.get(lid), case.loop_heat_w.get(lid)) for lid in tcs],
                             [(lid, case.fluids.get(lid), case.loop_keys.get(lid)) for lid in sorted(loops)],
                             [(h, case.room_heat_w.get(h)) for h in sorted(halls, key=str)])),
        }
        base.fingerprints[floop_id] = _digest(content)
    return base.fingerprints[floop_id]


def prepare_base(design: Design) -> CoolingBase:
    """The intact design prepared, and each facility loop solved with nothing out.

    Parameters
    ----------
    design : Design
        The design.

    Returns
    -------
    CoolingBase
        Input of :func:`loop_states`.
    """
    case = dataclasses.replace(prepare_cooling(design), named=False)  # the re-solves read TCS flows by position
    c = design.cooling
    floops = [lp.id for lp in c.loops if lp.kind == "facility"]
    tcs_of = {f: sorted({x.tcs_loop for x in case.cdus if x.facility_loop == f}) for f in floops}
    halls_of = {f: {x.hall for x in case.cdus if x.facility_loop == f} for f in floops}
    loops_of: dict[str, tuple[str, ...]] = {}
    for x in c.cdus:
        loops_of[x.id] = (x.facility_loop,)
    for x in list(c.pumps) + list(c.heat_rejection):
        loops_of[x.id] = (x.loop,)
    for x in c.crahs:
        loops_of[x.id] = tuple(f for f in floops if x.hall in halls_of[f])
    for lp in c.loops:
        loops_of[("loop", lp.id)] = ((lp.id,) if lp.kind == "facility"
                                     else tuple(f for f in floops if lp.id in tcs_of[f]))
    base = CoolingBase(design, case, floops, tcs_of, loops_of, halls_of)
    for f in floops:
        base.intact[f] = _solve_loop(base, f, frozenset())
        base.flow_intact[f] = base.intact[f].flow_facility_lpm or 0.0
    base.cache.clear()
    base.solves = 0
    base.cache.update({(f, frozenset()): s for f, s in base.intact.items()})
    return base


def loops_touched(base: CoolingBase, key: frozenset) -> list[str]:
    """Facility loops whose cooling an outage with cooling key ``key`` changes, in file order."""
    touched = set()
    for item in key:
        ref = item if item[0] == "loop" else item[0]
        touched.update(base.loops_of.get(ref, ()))
    return [f for f in base.facility_loops if f in touched]


def loop_states(base: CoolingBase, key: frozenset) -> tuple[LoopState, ...]:
    """The cooling of every facility loop an outage touches, re-solved (cached by what it takes away).

    Parameters
    ----------
    base : CoolingBase
        From :func:`prepare_base`.
    key : frozenset
        The outage's :attr:`~retrofit.resilience.outages.Outage.cooling_key`.

    Returns
    -------
    tuple of LoopState
        One per facility loop touched, in file order.
    """
    out = []
    for f in loops_touched(base, key):
        local = frozenset(item for item in key if f in base.loops_of.get(item if item[0] == "loop" else item[0], ()))
        if (f, local) not in base.cache:
            stored = (loop_fingerprint(base, f), local)
            state = SOLVED_LOOPS.get(stored)
            if state is None:
                state = _solve_loop(base, f, local)
                SOLVED_LOOPS.put(stored, state)
            else:
                base.reused += 1
            base.cache[(f, local)] = state
            base.solves += 1
        out.append(base.cache[(f, local)])
    return tuple(out)


# --- one loop with its survivors ------------------------------------------------------------------------

def survivors_design(design: Design, lost: dict[str, int]) -> Design:
    """A copy of ``design`` without the lost cooling units (pump sets and banks keep the rest).

    Facility pumps lost while running are replaced by standby pumps of the same loop, as the plant's
    lead-lag control starts them: the surviving sets of a loop run, between them, as many pumps as the
    loop ran before the outage, up to the pumps they have (sets in id order). Without that, a plant
    whose duty pumps are spread over two boards would be judged with its standby pumps idle.
    """
    c = design.cooling

    def keep(items, running: bool = False):
        out = []
        for x in items:
            n = x.count - lost.get(x.id, 0)
            if n <= 0:
                continue
            update = {"count": n}
            if running:
                update["running"] = min(x.running, n)
            out.append(x.model_copy(update=update) if n != x.count else x)
        return out

    pumps = keep(c.pumps, running=True)
    duty = {}
    for x in c.pumps:
        duty[x.loop] = duty.get(x.loop, 0) + x.running
    for x in pumps:
        duty[x.loop] -= x.running
    started = []
    for x in sorted(pumps, key=lambda p: p.id):
        extra = min(max(duty[x.loop], 0), x.count - x.running)
        duty[x.loop] -= extra
        started.append(x.model_copy(update={"running": x.running + extra}) if extra else x)
    order = {x.id: k for k, x in enumerate(pumps)}
    started.sort(key=lambda p: order[p.id])

    cooling = c.model_copy(update={"cdus": [x for x in c.cdus if x.id not in lost],
                                   "pumps": started,
                                   "heat_rejection": keep(c.heat_rejection), "crahs": keep(c.crahs)})
    return design.model_copy(update={"cooling": cooling})


def hall_part(design: Design, halls: set, fixed: tuple | None = None) -> Design:
    """The part of ``design`` that a hall-level air balance reads: the halls ``halls``, their rack and
    miner groups and their air movers (the air balance of a hall depends on nothing else).

    ``fixed``: the halls and loads part already cut for these halls (they do not change with an outage)."""
    c = design.cooling
    cooling = c.model_copy(update={k: [x for x in getattr(c, k) if x.hall in halls]
                                   for k in ("crahs", "rear_doors", "exhaust_fans")})
    if fixed is None:
        loads = design.loads.model_copy(update={"racks": [g for g in design.loads.racks if g.hall in halls],
                                                "miners": [g for g in design.loads.miners if g.hall in halls]})
        fixed = ([h for h in design.halls if h.id in halls], loads)
    return design.model_copy(update={"halls": fixed[0], "loads": fixed[1], "cooling": cooling})


def _hall_fixed(base: CoolingBase, halls: set) -> tuple:
    """(halls, loads part, rack duties) of ``halls``, cut once."""
    key = frozenset(halls)
    if key not in base.hall_cache:
        part = hall_part(base.design, halls)
        groups = {g.id for g in part.loads.racks}
        duties = {lid: [r for r in racks if r.group in groups] for lid, racks in base.case.duties.items()}
        base.hall_cache[key] = (part.halls, part.loads, {lid: r for lid, r in duties.items() if r})
    return base.hall_cache[key]


def _solve_loop(base: CoolingBase, floop_id: str, local: frozenset) -> LoopState:
    design, case = base.design, base.case
    lost = {item[0]: item[1] for item in local if item[0] != "loop"}
    isolated = {item[1] for item in local if item[0] == "loop"}
    for lid in isolated & set(base.tcs_of[floop_id]):  # a TCS main isolated: its CDUs carry nothing
        for x in case.tcs_cdus.get(lid, []):
            lost[x.id] = 1
    reduced = survivors_design(design, lost) if lost else design
    cdus = [x for x in case.cdus if x.id not in lost]
    tcs_cdus: dict = {}
    for x in cdus:
        tcs_cdus.setdefault(x.tcs_loop, []).append(x)
    halls = base.halls_of[floop_id]
    room_heat = case.room_heat_w
    if any(x.id in lost for x in design.cooling.crahs):
        fixed = _hall_fixed(base, halls)
        room_heat = {**case.room_heat_w, **room_heat_to_water(hall_part(reduced, halls, fixed[:2]), fixed[2])}
    rcase = dataclasses.replace(case, design=reduced, cdus=cdus, tcs_cdus=tcs_cdus, room_heat_w=room_heat,
                                cache=case.cache, plant_cache=case.plant_cache)
    floop = next(lp for lp in design.cooling.loops if lp.id == floop_id)
    counts = _counts(design, reduced, floop_id, halls)
    if floop_id in isolated:
        fh, fp = None, None
        diagnosis = f"facility loop {floop_id} isolated at its main: no facility water reaches its CDUs"
    else:
        changed = frozenset(x.tcs_loop for x in case.cdus if x.id in lost)
        fh = solve_facility_hydraulics(rcase, floop, known=base.tcs_intact.get(floop_id), changed=changed,
                                       networks=base.networks)
        if floop_id not in base.tcs_intact:
            base.tcs_intact[floop_id] = fh.state
        fp = solve_facility_plant(rcase, fh, [case.governing], verdict_only=True)
        diagnosis = fh.diagnosis if fh.result is None else (
            fh.result.diagnosis if not fh.result.converged
            else worst_cdu_text(fp.results[case.governing.basis], [x.id for x in fh.cdus]))
    return _state(base, rcase, floop_id, fh, fp, counts, diagnosis)


def _counts(design: Design, reduced: Design, floop_id: str, halls: set) -> dict:
    def n(d: Design):
        c = d.cooling
        return {"cdus": sum(1 for x in c.cdus if x.facility_loop == floop_id),
                "pumps": sum(p.running for p in c.pumps if p.loop == floop_id),
                "units": sum(u.count for u in c.heat_rejection if u.loop == floop_id),
                "crahs": sum(x.count for x in c.crahs if x.hall in halls)}
    return {"after": n(reduced), "installed": n(design)}


def _state(base: CoolingBase, rcase: CoolingCase, floop_id: str, fh: FacilityHydraulics | None,
           fp: FacilityPlant | None, counts: dict, diagnosis: str) -> LoopState:
    case, gov = base.case, base.case.governing
    breaches: list[Breach] = []
    served = set(fh.tcs_ids) if fh is not None and fh.result is not None and fh.result.converged else set()
    plant = fp.results.get(gov.basis) if fp is not None and fp.setup is not None else None
    solved = plant is not None
    # racks whose TCS loop has no CDU left, or whose facility loop is not solved, get no coolant
    dark = [lid for lid in base.tcs_of[floop_id] if lid not in served or not solved]
    racks_dark = sum(len(case.duties.get(lid, [])) for lid in dark)
    heat_dark = sum(case.loop_heat_w.get(lid, 0.0) for lid in dark)
    ride = _ride_through(base, rcase, dark)
    if racks_dark:
        note = (f" (the coolant still circulating in their loop's pipes reaches their limit in about {ride:,.0f} s)"
                if ride is not None and math.isfinite(ride) else "")
        breaches.append(Breach("racks without liquid cooling", dark[0], float(racks_dark), 0.0, "racks", "<=",
                               f"{racks_dark} rack(s) on {', '.join(dark)} get no coolant ({heat_dark / 1e3:,.0f} kW "
                               f"of liquid heat unserved): {_why_dark(fh, counts, dark, served, diagnosis)}{note}"))
    t_sup = t_ret = approach = cdu_max = t_rack = t_lim = ratio = q_load = q_rej = cap = margin = flow = None
    cdu_max_id = rack_loop = ""
    if solved:
        fac = fh.result
        flow = float(np.sum(fh.cdu_facility_flow_m3_s(fac))) * 6e4
        t_sup, t_ret = plant.t_facility_supply_k - C0, plant.t_facility_return_k - C0
        approach = _nanmax(plant.cdus.approach_k)
        loads = {x.id: 100 * float(plant.cdus.heat_w[i]) / x.capacity_w for i, x in enumerate(fh.cdus)
                 if math.isfinite(float(plant.cdus.heat_w[i]))}
        if loads:
            cdu_max_id = min(loads, key=lambda k: (-round(loads[k], _TIE_DIGITS), k))  # ties by id, not round-off
            cdu_max = loads[cdu_max_id]
            if cdu_max > CDU_LOADING_MAX_PERCENT:
                breaches.append(Breach("CDU loading", cdu_max_id, cdu_max, CDU_LOADING_MAX_PERCENT, "%", "<=",
                                       f"CDU {cdu_max_id} carries {cdu_max:.0f} % of its rated capacity"))
        supply = tcs_supply_by_loop(rcase, fh.cdus, fh.state, plant)
        for lid in sorted(supply):
            racks = case.duties.get(lid, [])
            if not racks or lid in dark:
                continue
            t = supply[lid] - C0 if math.isfinite(supply[lid]) else None
            limits = [r.t_supply_max_k - C0 for r in racks if r.t_supply_max_k is not None]
            lim = min(limits) if limits else None
            if t is not None and (t_rack is None or round(t, _TIE_DIGITS) > round(t_rack, _TIE_DIGITS)):
                # loops in sorted order: of two equal supplies the first id is kept
                t_rack, t_lim, rack_loop = t, lim, lid
            if lim is not None and (t is None or t > lim):
                breaches.append(Breach("rack coolant supply", lid, t, lim, "degC", "<=",
                                       f"coolant reaches the racks of {lid} at "
                                       f"{'an unknown temperature' if t is None else f'{t:.1f} °C'}, above their "
                                       f"{lim:.1f} °C limit"))
            flows = fh.state.loops[lid]
            req = np.array([r.flow_required_m3_s for r in racks])
            need = req > 0
            if not need.any():
                continue
            low = float(np.min(flows.rack_flow_m3_s[need] / req[need])) if flows.result.converged else 0.0
            ratio = low if ratio is None else min(ratio, low)
            if low < 1 - 1e-9:
                breaches.append(Breach("rack coolant flow", lid, low, 1.0, "ratio", ">=",
                                       f"the racks of {lid} get {100 * low:.0f} % of the coolant flow they need"))
        q_load, q_rej = plant.heat_load_w / 1e3, plant.heat_rejected_w / 1e3
        in_service = np.array([u.in_service for u in fp.setup.units], dtype=bool)
        cap = float(np.sum(fp.capacity_design_w[in_service])) / 1e3
        margin = cap - q_load
        if not plant.converged:
            breaches.append(Breach("heat rejection", floop_id, q_rej, q_load, "kW", ">=",
                                   f"heat rejection of {floop_id} removes {q_rej:,.0f} kW of a {q_load:,.0f} kW load "
                                   f"({plant.shortfall_w / 1e3:,.0f} kW short) at the design ambient"))
    elif not racks_dark:
        breaches.append(Breach("liquid cooling", floop_id, None, None, "", "<=", diagnosis))
    air_t, air_lim, air_short = _air(base, rcase, floop_id, t_sup)
    if air_short > 0:
        breaches.append(Breach("air heat not removed", floop_id, air_short, 0.0, "kW", "<=",
                               f"{air_short:,.0f} kW of the racks' air heat is not removed in the hall(s) of {floop_id}"))
    if air_t is not None and air_lim is not None and air_t > air_lim:
        breaches.append(Breach("rack inlet air", floop_id, air_t, air_lim, "degC", "<=",
                               f"rack inlet air at {air_t:.1f} °C, above {air_lim:.1f} °C"))
    a, i = counts["after"], counts["installed"]
    return LoopState(
        floop_id, solved, diagnosis, a["cdus"], i["cdus"], a["pumps"], a["units"], i["units"], a["crahs"], i["crahs"],
        flow, base.flow_intact.get(floop_id, flow), t_sup, t_ret, approach, cdu_max, cdu_max_id, t_rack, t_lim,
        rack_loop, ratio, racks_dark, heat_dark / 1e3, q_load, q_rej, cap, margin, air_t, air_lim, air_short,
        tuple(breaches), ride)


def _ride_through(base: CoolingBase, rcase: CoolingCase, dark: list) -> float | None:
    """Shortest ride-through [s] of the dark TCS loops whose CDUs still run (their coolant circulates and
    warms with no heat sink); None when none does (:func:`ride_through.ride_through_time`)."""
    case, times = base.case, []
    loops = {lp.id: lp for lp in base.design.cooling.loops}
    for lid in dark:
        running, racks = rcase.tcs_cdus.get(lid), case.duties.get(lid, [])
        limits = [r.t_supply_max_k for r in racks if r.t_supply_max_k is not None]
        if not running or not limits:
            continue
        fluid = case.fluids[lid]
        volume = loop_volume_m3(loops[lid], len(racks))
        dt = min(limits) - max(x.setpoint_k for x in running)
        times.append(ride_through_time(volume, fluid.density, fluid.cp, dt, case.loop_heat_w.get(lid, 0.0)))
    return min(times) if times else None


def _why_dark(fh: FacilityHydraulics | None, counts: dict, dark: list, served: set, diagnosis: str) -> str:
    """Why racks get no coolant, in a few words."""
    after = counts["after"]
    if fh is None:
        return diagnosis
    missing = [what for what, n in (("facility pump", after["pumps"]), ("heat-rejection unit", after["units"]),
                                    ("CDU", after["cdus"])) if n == 0]
    if missing:
        return f"no {' and no '.join(missing)} left on {fh.loop_id}"
    no_cdu = [lid for lid in dark if lid not in served]
    if no_cdu and fh.result is not None and fh.result.converged:
        return f"no CDU left on {', '.join(no_cdu)}"
    return diagnosis


def _nanmax(a) -> float | None:
    a = np.asarray(a, dtype=float)
    return float(np.nanmax(a)) if np.isfinite(a).any() else None


def _air(base: CoolingBase, rcase: CoolingCase, floop_id: str, t_sup_c: float | None):
    """(warmest rack inlet air [°C], its limit [°C], air heat not removed [kW]) in the loop's halls."""
    halls = base.halls_of[floop_id]
    t_water = t_sup_c + C0 if t_sup_c is not None else None
    crahs = tuple((x.id, x.count) for x in rcase.design.cooling.crahs if x.hall in halls)
    key = (frozenset(halls), crahs, t_water)
    if key not in base.air_cache:
        fixed = _hall_fixed(base, halls)
        base.air_cache[key] = residual_air(hall_part(rcase.design, halls, fixed[:2]), rcase.governing, fixed[2], t_water)
    air = base.air_cache[key]
    t_in, lim, short = None, None, 0.0
    for hall in sorted(h for h in halls if h in air):
        e = air[hall]
        if not e.get("rack_air_heat_kw"):
            continue
        if e.get("t_inlet_c") is not None:
            t_in = e["t_inlet_c"] if t_in is None else max(t_in, e["t_inlet_c"])
        lim = e.get("t_inlet_max_c", lim)
        if not e.get("adequate", True):
            short += max(-(e.get("margin_kw") or 0.0), (e.get("heat_to_exhaust_kw") or 0.0)
                         if not e.get("airflow_available_m3_s") else 0.0)
    return t_in, lim, short


__all__ = ["CDU_LOADING_MAX_PERCENT", "CoolingBase", "LoopResults", "SOLVED_LOOPS", "hall_part", "loop_fingerprint",
           "loop_states", "loops_touched", "prepare_base", "survivors_design"]
