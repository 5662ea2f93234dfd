"""The conversion programme: each phase's activities, their durations and links, dated by the critical path.

Per phase: order release; procurement of each equipment category the phase buys (catalog lead time),
with the factory witness test (commissioning level 1) of the long-lead electrical equipment and the
CDUs; removal of the miners the phase stops and the demising wall between the GPU zone and the mining
air; electrical and mechanical installation (duration growing with the phase's IT power); site
inspection (L2); the utility capacity the phase waits for (a release date); the MV cut-over when the
phase changes MV lineups and the LV cut-over, each with its outage window; start-up (L3), functional
tests (L4) and the integrated systems test (L5), after which the phase is ready for service.

Links across phases: design and permits precede every order; each trade installs one phase after the
other (one crew per trade); a phase's integrated test follows the previous phase's.

Miner removal stops mining revenue, so the site work (miner removal, demising wall and installation)
is placed as late as its free float allows, last activity first: the installation just in time for
the cut-over, the wall and the removal just in time for the installation. Every other activity is at
its early dates; floats are those of the early dates.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ..catalog import Catalog
from .catalog_data import ELECTRICAL, FACTORY_TESTED, durations, lead_times
from .critical_path import Activity, critical_path

DAYS_PER_WEEK = 7
#: Site activities placed as late as their free float allows (with the installation) [-].
SITE_WORK = ("MINERS", "WALL")


@dataclass(frozen=True)
class PhaseWork:
    """What one phase brings, as the schedule needs it.

    Attributes
    ----------
    phase : int
        Phase number [-].
    it_kw : float
        IT design power the phase adds [kW].
    miners_removed : int
        Miners the phase stops [-].
    categories : tuple of str
        Procurement categories the phase buys (see :mod:`retrofit.schedule.catalog_data`) [-].
    mv_lineups : int
        MV lineups the phase cuts over (0: no MV work) [-].
    lv_switchboards : int
        LV switchboards the phase energises or re-feeds [-].
    demising_wall_m : float
        Demising wall the phase builds [m].
    capacity_date : datetime.date or None
        Date the utility capacity the phase needs is available (None: available from the start) [-].
    """

    phase: int
    it_kw: float
    miners_removed: int
    categories: tuple[str, ...]
    mv_lineups: int = 0
    lv_switchboards: int = 0
    demising_wall_m: float = 0.0
    capacity_date: dt.date | None = None


@dataclass(frozen=True)
class DatedActivity:
    """An activity of the programme with its dates.

    Attributes
    ----------
    id, name : str
        Id (``P<phase>-<what>``) and plain name [-].
    phase : int
        Phase (0: the programme's own design and permits) [-].
    kind : str
        ``design``, ``procurement``, ``commissioning``, ``site``, ``installation``, ``utility``, ``cutover``
        or ``milestone`` [-].
    start, finish : datetime.date
        Planned dates (finish is the day after the last working day: start + duration) [-].
    duration_days, total_float_days : int
        Duration and total float [day].
    critical : bool
        On the critical path [-].
    predecessors : tuple of str
        Finish-to-start links [-].
    basis : str
        Where the duration comes from (catalog source, or the rate it was computed with) [-].
    """

    id: str
    name: str
    phase: int
    kind: str
    start: dt.date
    finish: dt.date
    duration_days: int
    total_float_days: int
    critical: bool
    predecessors: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Outage:
    """A planned outage window of a cut-over [h]."""

    phase: int
    level: str
    equipment: int
    hours: float
    start: dt.date
    finish: dt.date


@dataclass(frozen=True)
class PhaseDates:
    """Dates of one phase.

    Attributes
    ----------
    phase : int
        Phase [-].
    start : datetime.date
        Its orders are released [-].
    mining_stop : datetime.date
        Its miners stop (removal starts) [-].
    ready_for_service : datetime.date
        Integrated systems test done: the GPU capacity can be leased [-].
    duration_days : int
        start to ready for service [day].
    """

    phase: int
    start: dt.date
    mining_stop: dt.date
    ready_for_service: dt.date
    duration_days: int


@dataclass
class Schedule:
    """The dated programme.

    Attributes
    ----------
    start, finish : datetime.date
        Programme start and the last phase ready for service [-].
    activities : list of DatedActivity
        In topological order (ties by id) [-].
    critical_path : list of str
        Activity ids of the critical path [-].
    phases : list of PhaseDates
        Per phase [-].
    outages : list of Outage
        Planned outage windows [-].
    """

    start: dt.date
    finish: dt.date
    activities: list[DatedActivity] = field(default_factory=list)
    critical_path: list[str] = field(default_factory=list)
    phases: list[PhaseDates] = field(default_factory=list)
    outages: list[Outage] = field(default_factory=list)

    @property
    def duration_days(self) -> int:
        """Programme duration [day]."""
        return (self.finish - self.start).days

    def as_dict(self) -> dict:
        """Plain JSON-ready data (dates as ISO text)."""
        def act(a: DatedActivity) -> dict:
            return {"id": a.id, "name": a.name, "phase": a.phase, "kind": a.kind, "start": a.start.isoformat(),
                    "finish": a.finish.isoformat(), "start_day": (a.start - self.start).days,
                    "finish_day": (a.finish - self.start).days, "duration_days": a.duration_days,
                    "total_float_days": a.total_float_days, "critical": a.critical,
                    "predecessors": list(a.predecessors), "basis": a.basis}
        return {"start": self.start.isoformat(), "finish": self.finish.isoformat(), "start_day": 0,
                "finish_day": self.duration_days, "duration_days": self.duration_days, "critical_path": list(self.critical_path),
                "activities": [act(a) for a in self.activities],
                "phases": [{"phase": p.phase, "start": p.start.isoformat(), "mining_stop": p.mining_stop.isoformat(),
                            "ready_for_service": p.ready_for_service.isoformat(), "duration_days": p.duration_days,
                            "start_day": (p.start - self.start).days,
                            "mining_stop_day": (p.mining_stop - self.start).days,
                            "ready_for_service_day": (p.ready_for_service - self.start).days}
                           for p in self.phases],
                "outages": [{"phase": o.phase, "level": o.level, "equipment": o.equipment, "hours": o.hours,
                             "start": o.start.isoformat(), "finish": o.finish.isoformat(),
                             "start_day": (o.start - self.start).days, "finish_day": (o.finish - self.start).days}
                            for o in self.outages]}


CSV_COLUMNS = ("id", "name", "phase", "kind", "start", "finish", "start_day", "finish_day", "duration_days", "total_float_days", "critical",
               "predecessors", "basis")


def schedule_csv(schedule: dict) -> str:
    """The activities of a schedule (its :meth:`Schedule.as_dict`) as CSV, one line per activity; the date
    columns are empty when the schedule has no start date (days from the start are always given)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for a in schedule.get("activities") or []:
        w.writerow([" ".join(a[c]) if c == "predecessors" else a.get(c, "") for c in CSV_COLUMNS])
    return buf.getvalue()


def _weeks(value: float) -> int:
    return int(math.ceil(value * DAYS_PER_WEEK - 1e-9))


def programme_activities(work: list[PhaseWork], start: dt.date, catalog: Catalog | None = None):
    """The activity network of the phases and what each activity is: ``(activities, info)`` where
    ``info[id] = (name, phase, kind, basis)``.

    Parameters
    ----------
    work : list of PhaseWork
        The phases, in order.
    start : datetime.date
        Programme start.
    catalog : Catalog, optional
        Catalog holding the lead-time and duration tables.
    """
    lt = lead_times(catalog)
    du = durations(catalog)
    acts: list[Activity] = []
    info: dict[str, tuple[str, int, str, str]] = {}

    def add(aid, name, phase, kind, days, preds=(), basis="", release=0):
        acts.append(Activity(aid, int(days), tuple(preds), int(release)))
        info[aid] = (name, phase, kind, basis)

    add("P0-DESIGN", "Design, utility and building permits", 0, "design",
        _weeks(du["design_and_permits"].value), basis=du["design_and_permits"].source)
    previous: PhaseWork | None = None
    for w in work:
        p = f"P{w.phase}"
        add(f"{p}-ORDER", "Order release", w.phase, "procurement", _weeks(du["order_release"].value), ("P0-DESIGN",),
            du["order_release"].source)
        delivered = {"electrical": [], "mechanical": []}
        for cat in sorted(set(w.categories)):
            if cat not in lt:
                continue
            t = lt[cat]
            add(f"{p}-PROC-{cat}", f"Procure {cat.replace('_', ' ')}", w.phase, "procurement", _weeks(t.weeks),
                (f"{p}-ORDER",), f"{t.weeks:g} weeks ({t.low_weeks:g}-{t.high_weeks:g}); "
                + (t.source if t.source.startswith(t.cls) else f"{t.cls}: {t.source}"))
            last = f"{p}-PROC-{cat}"
            if cat in FACTORY_TESTED:
                add(f"{p}-L1-{cat}", f"L1 factory witness test, {cat.replace('_', ' ')}", w.phase, "commissioning",
                    _weeks(du["l1_factory_tests"].value), (last,), du["l1_factory_tests"].source)
                last = f"{p}-L1-{cat}"
            delivered["electrical" if cat in ELECTRICAL else "mechanical"].append(last)
        site = (f"{p}-ORDER",)
        if w.miners_removed > 0:
            rate = du["miner_removal_rate"]
            add(f"{p}-MINERS", f"Stop and remove {w.miners_removed:,} miners", w.phase, "site",
                max(1, math.ceil(w.miners_removed / rate.value * DAYS_PER_WEEK)), site,
                f"{rate.value:,.0f} {rate.unit}: {rate.source}")
            site = (f"{p}-MINERS",)
        if w.demising_wall_m > 0:
            add(f"{p}-WALL", f"Demising wall, {w.demising_wall_m:,.0f} m", w.phase, "site",
                _weeks(du["demising_wall"].value), site, du["demising_wall"].source)
            site = (f"{p}-WALL",)
        mw = w.it_kw / 1e3
        install_days = _weeks(du["install_base"].value + du["install_per_mw"].value * mw)
        basis = (f"{du['install_base'].value:g} weeks + {du['install_per_mw'].value:g} weeks/MW x {mw:.1f} MW: "
                 f"{du['install_per_mw'].source}")
        for trade in ("electrical", "mechanical"):
            code = "INST-E" if trade == "electrical" else "INST-M"
            crew = (f"P{previous.phase}-{code}",) if previous is not None else ()
            add(f"{p}-{code}", f"Install, {trade}", w.phase, "installation", install_days,
                site + tuple(delivered[trade]) + crew, basis)
        add(f"{p}-L2", "L2 site inspection", w.phase, "commissioning", _weeks(du["l2_site_inspection"].value),
            (f"{p}-INST-E", f"{p}-INST-M"), du["l2_site_inspection"].source)
        release = max(0, (w.capacity_date - start).days) if w.capacity_date is not None else 0
        add(f"{p}-UTIL", "Utility capacity available", w.phase, "utility", 0, (), "utility capacity schedule of the input",
            release)
        cut = (f"{p}-L2", f"{p}-UTIL")
        if w.mv_lineups > 0:
            add(f"{p}-MV", f"MV cut-over, {w.mv_lineups} lineup(s)", w.phase, "cutover", _weeks(du["mv_cutover"].value),
                cut, du["mv_cutover"].source)
            cut = (f"{p}-MV",)
        add(f"{p}-LV", f"LV cut-over, {w.lv_switchboards} switchboard(s)", w.phase, "cutover",
            _weeks(du["lv_cutover"].value), cut, du["lv_cutover"].source)
        add(f"{p}-L3", "L3 start-up and pre-functional tests", w.phase, "commissioning", _weeks(du["l3_startup"].value),
            (f"{p}-LV",), du["l3_startup"].source)
        add(f"{p}-L4", "L4 functional performance tests", w.phase, "commissioning",
            _weeks(du["l4_functional"].value), (f"{p}-L3",), du["l4_functional"].source)
        prev_l5 = (f"P{previous.phase}-L5",) if previous is not None else ()
        add(f"{p}-L5", "L5 integrated systems test", w.phase, "commissioning", _weeks(du["l5_integrated"].value),
            (f"{p}-L4",) + prev_l5, du["l5_integrated"].source)
        add(f"{p}-RFS", "Ready for service", w.phase, "milestone", 0, (f"{p}-L5",), "")
        previous = w
    return acts, info


def build_schedule(work: list[PhaseWork], start: dt.date, catalog: Catalog | None = None) -> Schedule:
    """Date the programme of ``work`` from ``start`` by the critical path method (see the module docstring).

    Parameters
    ----------
    work : list of PhaseWork
        The phases, in order.
    start : datetime.date
        Programme start.
    catalog : Catalog, optional
        Catalog holding the lead-time and duration tables.

    Returns
    -------
    Schedule
        Activities with dates and float, the critical path, phase dates and outage windows.
    """
    acts, info = programme_activities(work, start, catalog)
    net = critical_path(acts)
    by_id = {a.id: a for a in acts}
    successors: dict[str, list[str]] = {a.id: [] for a in acts}
    for a in acts:
        for p in a.predecessors:
            successors[p].append(a.id)
    planned = {i: s.early_start for i, s in net.activities.items()}
    # site work as late as its free float allows (last activity first), so that miners keep running until
    # the installation of their phase needs the floor
    for aid in reversed(list(net.activities)):
        if aid.rsplit("-", 1)[-1] in SITE_WORK or aid.endswith("-INST-E") or aid.endswith("-INST-M"):
            if successors[aid]:
                latest = min(planned[s] for s in successors[aid]) - by_id[aid].duration_days
                planned[aid] = max(planned[aid], latest)
    days = dt.timedelta
    out = Schedule(start, start)
    for aid, s in net.activities.items():
        name, phase, kind, basis = info[aid]
        a = by_id[aid]
        begin = start + days(planned[aid])
        out.activities.append(DatedActivity(aid, name, phase, kind, begin, begin + days(a.duration_days),
                                            a.duration_days, s.total_float, s.critical, a.predecessors, basis))
    out.critical_path = list(net.critical_path)
    out.finish = start + days(net.duration_days)
    du = durations(catalog)
    dated = {a.id: a for a in out.activities}
    for w in work:
        p = f"P{w.phase}"
        first = dated[f"{p}-ORDER"].start
        stop = dated[f"{p}-MINERS"].start if f"{p}-MINERS" in dated else dated[f"{p}-INST-E"].start
        rfs = dated[f"{p}-RFS"].finish
        out.phases.append(PhaseDates(w.phase, first, stop, rfs, (rfs - first).days))
        if f"{p}-MV" in dated:
            a = dated[f"{p}-MV"]
            out.outages.append(Outage(w.phase, "MV", w.mv_lineups, du["mv_outage"].value * w.mv_lineups, a.start,
                                      a.finish))
        a = dated[f"{p}-LV"]
        out.outages.append(Outage(w.phase, "LV", w.lv_switchboards, du["lv_outage"].value * w.lv_switchboards, a.start,
                                  a.finish))
    return out


__all__ = ["CSV_COLUMNS", "DatedActivity", "Outage", "PhaseDates", "PhaseWork", "Schedule", "build_schedule",
           "programme_activities", "schedule_csv"]
