"""Assignment of racks to power groups and TCS loops, CDUs to loops, and mechanical loads to buses.

The first two are small exact optimisations (:func:`scipy.optimize.milp`):

* :func:`balance_counts` — racks per group (or per loop) so that the most loaded is as little loaded as
  possible: minimise t subject to n_g ≤ t·C_g, n_g ≤ C_g, Σ n_g = N, n_g integer (then the most
  loaded of the rest, and so on: ties broken toward equal loading fractions);
* :func:`assign_cdus` — each loop gets its k CDUs, each CDU one loop, minimising the total distance
  from CDU to the loop's racks (a transportation problem, integral at its LP optimum);
* :func:`assign_mechanical` — each CDU, the shares of the facility pump set, the heat-rejection units
  and the CRAHs to a mechanical bus: every group spread evenly over the power sides (MV lineups), so
  that one electrical outage takes no more of a group than its installed count allows, then the bus
  loadings balanced by the longest-processing-time rule.

Racks themselves keep the order of the layout (row by row, west to east, every other row reversed:
a serpentine), and each group or loop takes a run of consecutive racks, which keeps busways and
headers short.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .milp import Model


def balance_counts(capacities: list[int], total: int) -> list[int]:
    """Integers n_g ≤ C_g summing to ``total`` with the loading n_g/C_g as even as possible.

    Parameters
    ----------
    capacities : list of int
        Capacity of each group [-].
    total : int
        Items to share [-].

    Returns
    -------
    list of int
        Items per group [-].

    Raises
    ------
    ValueError
        When ``total`` exceeds the capacities.

    Notes
    -----
    Minimise :math:`t + \\epsilon\\sum_g n_g^{dev}` subject to :math:`n_g \\le t\\,C_g`,
    :math:`\\sum n_g = N`, :math:`0 \\le n_g \\le C_g` integer. The first term is the largest loading
    fraction (exact min-max); the small second term, the deviations of each count from its
    proportional share :math:`N C_g/\\sum C`, settles the groups below the maximum.
    """
    if total > sum(capacities):
        raise ValueError(f"{total} items exceed the capacity {sum(capacities)}")
    if not capacities:
        return []
    return list(_balanced(tuple(capacities), total))


@lru_cache(maxsize=1024)
def _balanced(capacities: tuple[int, ...], total: int) -> tuple[int, ...]:
    """:func:`balance_counts` solved, once per capacities and total (every hall of a campus asks the same)."""
    m = Model()
    m.var("t", lb=0.0, ub=1.0, integer=False)
    share = [total * c / sum(capacities) for c in capacities]
    cost = {"t": 1.0}
    for g, cap in enumerate(capacities):
        m.var(f"n{g}", ub=cap)
        m.var(f"d{g}", integer=False)
        m.add(f"load{g}", {f"n{g}": 1.0, "t": -float(cap)}, -math.inf, 0.0)
        m.add(f"dev+{g}", {f"d{g}": 1.0, f"n{g}": -1.0}, -share[g], math.inf)
        m.add(f"dev-{g}", {f"d{g}": 1.0, f"n{g}": 1.0}, share[g], math.inf)
        cost[f"d{g}"] = 1e-4 / max(len(capacities), 1)
    m.add("total", {f"n{g}": 1.0 for g in range(len(capacities))}, total, total)
    m.set_cost(cost)
    res = m.solve(10.0)
    if not res.success:
        raise ValueError(f"no balanced split of {total} over {list(capacities)}: {res.message}")
    return tuple(res.int(f"n{g}") for g in range(len(capacities)))


def assign_cdus(loop_points: list[tuple[float, float]], loop_sizes: list[int],
                cdu_points: list[tuple[float, float]]) -> list[list[int]]:
    """Which CDUs serve which loop: each loop gets its size, each CDU one loop, least total distance.

    Parameters
    ----------
    loop_points : list of (float, float)
        A point of each loop (the centre of its racks) [m].
    loop_sizes : list of int
        CDUs each loop needs [-].
    cdu_points : list of (float, float)
        Position of each CDU [m].

    Returns
    -------
    list of list of int
        For each loop, the indexes of its CDUs (ascending).

    Notes
    -----
    Minimise :math:`\\sum_{l,c} d_{lc} x_{lc}` with :math:`\\sum_c x_{lc} = k_l`, :math:`\\sum_l x_{lc} = 1`,
    :math:`x \\in \\{0,1\\}`, d the rectilinear distance (services run along rows and aisles).
    """
    if sum(loop_sizes) != len(cdu_points):
        raise ValueError(f"{sum(loop_sizes)} CDUs needed, {len(cdu_points)} placed")
    m = Model()
    cost = {}
    for li, (lx, ly) in enumerate(loop_points):
        for ci, (cx, cy) in enumerate(cdu_points):
            v = m.binary(f"x{li}_{ci}")
            cost[v] = abs(lx - cx) + abs(ly - cy)
    for li, k in enumerate(loop_sizes):
        m.add(f"loop{li}", {f"x{li}_{ci}": 1.0 for ci in range(len(cdu_points))}, k, k)
    for ci in range(len(cdu_points)):
        m.add(f"cdu{ci}", {f"x{li}_{ci}": 1.0 for li in range(len(loop_points))}, 1, 1)
    m.set_cost(cost)
    res = m.solve(20.0)
    if not res.success:
        raise ValueError(f"CDU assignment failed: {res.message}")
    return [[ci for ci in range(len(cdu_points)) if res.int(f"x{li}_{ci}") == 1] for li in range(len(loop_points))]


@dataclass
class MechanicalLoads:
    """Mechanical loads of one facility loop to spread over buses.

    Attributes
    ----------
    cdu_power_w : list of float
        Electric power of each CDU [W].
    cdu_loop : list of int
        Loop index of each CDU [-].
    pump_shares_w : list of float
        Electric power of each share of the facility pump set [W]: one share per power side the set is
        split over (one share when it is not split).
    hr_units : int
        Heat-rejection units [-].
    hr_unit_w : float
        Electric power of one unit [W].
    crah_units : int
        CRAHs [-].
    crah_unit_w : float
        Electric power of one CRAH [W].
    """

    cdu_power_w: list[float]
    cdu_loop: list[int]
    pump_shares_w: list[float]
    hr_units: int
    hr_unit_w: float
    crah_units: int
    crah_unit_w: float


@dataclass
class MechanicalAssignment:
    """Bus index of each CDU and of each pump share, and heat-rejection units and CRAHs per bus."""

    cdu_bus: list[int]
    pump_bus: list[int]
    hr_per_bus: list[int]
    crah_per_bus: list[int]
    loading: list[float]


def even_split(units: int, parts: int) -> list[int]:
    """``units`` shared over ``parts`` as evenly as possible, the larger shares first [-].

    Examples
    --------
    >>> even_split(7, 3)
    [3, 2, 2]
    """
    return [units // parts + (1 if i < units % parts else 0) for i in range(parts)]


def assign_mechanical(loads: MechanicalLoads, bus_capacity_va: list[float], power_factor: float = 0.9,
                      bus_side: list[int] | None = None) -> MechanicalAssignment:
    """Spread mechanical loads over buses: every group evenly over the power sides, then least loading.

    Parameters
    ----------
    loads : MechanicalLoads
        The loads [W].
    bus_capacity_va : list of float
        Capacity of each mechanical bus [VA].
    power_factor : float
        Power factor of the loads [-].
    bus_side : list of int, optional
        Power side (MV lineup) of each bus [-]; by default each bus is a side of its own.

    Returns
    -------
    MechanicalAssignment
        Where each load goes, and each bus's loading fraction [-].

    Notes
    -----
    A side is what one electrical outage can take away at once (a lineup and every block under it).
    Each redundant group is spread evenly over the sides, so that the outage of one side removes
    :math:`\\lceil n/S \\rceil` of its n units, which the counts of
    :meth:`~retrofit.planning.basis.PlanBasis.units_surviving_a_side` cover:

    * the pump shares each go to a different side;
    * the CDUs of each loop go round the sides (the next loop starting where the last one stopped);
    * heat-rejection units and CRAHs are split evenly over the sides (:func:`even_split`, the larger
      shares to the sides with the most spare capacity).

    Within a side, every item goes to the bus whose loading fraction would be least after taking it
    (the longest-processing-time rule, items in decreasing size; a CDU prefers a bus holding no other
    CDU of its loop). For items of equal size the greedy rule is optimal for the largest loading; over
    the mix it is within 4/3 of the optimum (Graham 1969).

    References
    ----------
    Graham, R.L., "Bounds on multiprocessing timing anomalies", SIAM J. Appl. Math. 17 (1969) 416-429.
    """
    nb = len(bus_capacity_va)
    if nb == 0:
        raise ValueError("no mechanical bus to assign the cooling loads to")
    side_of = list(bus_side) if bus_side is not None else list(range(nb))
    sides = sorted(set(side_of))
    members = {s: [b for b in range(nb) if side_of[b] == s] for s in sides}
    used = [0.0] * nb

    def best(size_w: float, allowed) -> int:
        return min(allowed, key=lambda b: ((used[b] + size_w / power_factor) / bus_capacity_va[b], b))

    def take(b: int, size_w: float) -> int:
        used[b] += size_w / power_factor
        return b

    def side_order() -> list[int]:
        """Sides by spare capacity fraction, most spare first (ties by side)."""
        return sorted(sides, key=lambda s: (sum(used[b] for b in members[s]) / sum(bus_capacity_va[b] for b in members[s]), s))

    pump_bus = []
    for i, share in enumerate(loads.pump_shares_w):
        s = side_order()[0] if len(loads.pump_shares_w) == 1 else sides[i % len(sides)]
        pump_bus.append(take(best(share, members[s]), share))
    cdu_bus = [0] * len(loads.cdu_power_w)
    loops = sorted(set(loads.cdu_loop))
    turn = 0
    for loop in loops:
        idx = [i for i in range(len(loads.cdu_power_w)) if loads.cdu_loop[i] == loop]
        held: set[int] = set()
        for i in sorted(idx, key=lambda i: (-loads.cdu_power_w[i], i)):
            s = sides[turn % len(sides)]
            turn += 1
            free = [b for b in members[s] if b not in held] or members[s]
            cdu_bus[i] = take(best(loads.cdu_power_w[i], free), loads.cdu_power_w[i])
            held.add(cdu_bus[i])
    hr, crah = [0] * nb, [0] * nb
    for counts, units, unit_w in sorted(((hr, loads.hr_units, loads.hr_unit_w), (crah, loads.crah_units,
                                                                                  loads.crah_unit_w)),
                                        key=lambda t: -t[2]):
        for s, share in zip(side_order(), even_split(units, len(sides))):
            for _ in range(share):
                b = take(best(unit_w, members[s]), unit_w)
                counts[b] += 1
    return MechanicalAssignment(cdu_bus, pump_bus, hr, crah, [used[b] / bus_capacity_va[b] for b in range(nb)])


def serpentine(rows) -> list[str]:
    """Rack ids of a layout's rows in serpentine order: rows south to north, west to east, every other row reversed.

    Parameters
    ----------
    rows : sequence of Row
        Row segments with ``y_m``, ``x0_m`` and ``rack_ids`` (west to east).

    Returns
    -------
    list of str
        Rack ids [-].
    """
    out = []
    ordered = sorted(rows, key=lambda r: (round(r.y_m, 6), r.x0_m))
    lines = []
    for r in ordered:
        if lines and abs(lines[-1][0].y_m - r.y_m) < 1e-6:
            lines[-1].append(r)
        else:
            lines.append([r])
    for i, line in enumerate(lines):
        ids = [rid for r in line for rid in r.rack_ids]
        out += ids if i % 2 == 0 else ids[::-1]
    return out


__all__ = ["MechanicalAssignment", "MechanicalLoads", "assign_cdus", "assign_mechanical", "balance_counts",
           "even_split", "serpentine"]
