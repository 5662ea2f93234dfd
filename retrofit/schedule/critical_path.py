"""Critical path method: early and late dates, total float and the critical path of an activity network.

Activities are on the nodes (precedence diagram), every link finish-to-start with no lag. An activity
may carry a release day before which it cannot start (a date set from outside the network, for
example the utility's capacity arriving). Ties are broken by id, so the same network always gives the
same order and the same critical path.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from ..errors import RetrofitError


class NetworkError(ValueError, RetrofitError):
    """An activity network that cannot be scheduled: an unknown predecessor, a duplicate id or a cycle."""


@dataclass(frozen=True)
class Activity:
    """One activity of the network.

    Attributes
    ----------
    id : str
        Unique id [-].
    duration_days : int
        Duration [day].
    predecessors : tuple of str
        Activities that must finish before it starts (finish-to-start, no lag) [-].
    release_day : int
        Earliest start from outside the network, in days from the project start [day].
    """

    id: str
    duration_days: int
    predecessors: tuple[str, ...] = ()
    release_day: int = 0


@dataclass(frozen=True)
class Scheduled:
    """An activity with its dates, all in days from the project start.

    Attributes
    ----------
    early_start, early_finish, late_start, late_finish : int
        Forward and backward pass dates [day].
    total_float : int
        late_start - early_start [day].
    """

    id: str
    early_start: int
    early_finish: int
    late_start: int
    late_finish: int

    @property
    def total_float(self) -> int:
        """Total float [day]."""
        return self.late_start - self.early_start

    @property
    def critical(self) -> bool:
        """On the critical path (no float) [-]."""
        return self.total_float == 0


@dataclass
class NetworkSchedule:
    """The scheduled network.

    Attributes
    ----------
    activities : dict of str to Scheduled
        By id, in topological order (ties by id) [-].
    duration_days : int
        Project duration: the latest early finish [day].
    critical_path : list of str
        The chain of zero-float activities from a start to the project's end; where several
        critical predecessors finish together, the first id is taken [-].
    """

    activities: dict[str, Scheduled] = field(default_factory=dict)
    duration_days: int = 0
    critical_path: list[str] = field(default_factory=list)


def topological_order(activities: list[Activity]) -> list[str]:
    """Ids in an order where each activity follows its predecessors; ties go to the smallest id.

    Raises
    ------
    NetworkError
        On a duplicate id, an unknown predecessor or a cycle.
    """
    by_id: dict[str, Activity] = {}
    for a in activities:
        if a.id in by_id:
            raise NetworkError(f"activity {a.id!r} appears twice")
        by_id[a.id] = a
    successors: dict[str, list[str]] = {a.id: [] for a in activities}
    waiting = {a.id: len(set(a.predecessors)) for a in activities}
    for a in activities:
        for p in set(a.predecessors):
            if p not in by_id:
                raise NetworkError(f"activity {a.id!r}: predecessor {p!r} is not in the network")
            successors[p].append(a.id)
    ready = [i for i, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for s in successors[i]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, s)
    if len(order) != len(activities):
        stuck = sorted(i for i, n in waiting.items() if n > 0)
        raise NetworkError(f"the activity network has a cycle through {', '.join(stuck[:5])}")
    return order


def critical_path(activities: list[Activity]) -> NetworkSchedule:
    """Forward and backward pass of the critical path method.

    Parameters
    ----------
    activities : list of Activity
        The network.

    Returns
    -------
    NetworkSchedule
        Early and late dates, total float and the critical path [day].

    Notes
    -----
    Forward pass: ES = max(release day, EF of every predecessor), EF = ES + duration. The project
    duration is the largest EF. Backward pass: LF = min(LS of every successor), or the project
    duration for an activity with no successor; LS = LF - duration. Total float TF = LS - ES.

    Examples
    --------
    >>> s = critical_path([Activity("A", 3), Activity("B", 2, ("A",)), Activity("C", 4, ("A",))])
    >>> s.duration_days, s.critical_path, s.activities["B"].total_float
    (7, ['A', 'C'], 2)
    """
    order = topological_order(activities)
    by_id = {a.id: a for a in activities}
    successors: dict[str, list[str]] = {i: [] for i in order}
    for a in activities:
        for p in sorted(set(a.predecessors)):
            successors[p].append(a.id)
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    for i in order:
        a = by_id[i]
        if a.duration_days < 0:
            raise NetworkError(f"activity {i!r}: negative duration {a.duration_days} days")
        es[i] = max([a.release_day] + [ef[p] for p in a.predecessors])
        ef[i] = es[i] + a.duration_days
    end = max(ef.values(), default=0)
    lf: dict[str, int] = {}
    ls: dict[str, int] = {}
    for i in reversed(order):
        lf[i] = min((ls[s] for s in successors[i]), default=end)
        ls[i] = lf[i] - by_id[i].duration_days
    out = NetworkSchedule({i: Scheduled(i, es[i], ef[i], ls[i], lf[i]) for i in order}, end)
    # the critical path: back from the first critical activity finishing at the end, through critical
    # predecessors that finish when it starts
    last = sorted(i for i in order if ef[i] == end and ls[i] == es[i])
    path = []
    current = last[0] if last else None
    while current is not None:
        path.append(current)
        preds = sorted(p for p in set(by_id[current].predecessors)
                       if ls[p] == es[p] and ef[p] == es[current])
        current = preds[0] if preds else None
    out.critical_path = path[::-1]
    return out


__all__ = ["Activity", "NetworkError", "NetworkSchedule", "Scheduled", "critical_path", "topological_order"]
