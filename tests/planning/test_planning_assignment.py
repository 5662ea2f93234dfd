"""Assignment of racks to groups and loops, CDUs to loops and mechanical loads to buses, checked against
brute force on instances small enough to enumerate."""
from __future__ import annotations

import itertools
import math
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from retrofit.planning.assignment import (MechanicalLoads, assign_cdus, assign_mechanical, balance_counts,
                                          serpentine)


def _brute_min_max(caps, total):
    best = math.inf
    for counts in itertools.product(*(range(c + 1) for c in caps)):
        if sum(counts) == total:
            best = min(best, max(n / c for n, c in zip(counts, caps)))
    return best


@settings(max_examples=40, deadline=None)
@given(caps=st.lists(st.integers(1, 9), min_size=1, max_size=4), data=st.data())
def test_balance_counts_is_the_min_max_optimum(caps, data):
    total = data.draw(st.integers(0, sum(caps)))
    counts = balance_counts(caps, total)
    assert sum(counts) == total and all(0 <= n <= c for n, c in zip(counts, caps))
    assert max(n / c for n, c in zip(counts, caps)) <= _brute_min_max(caps, total) + 1e-9


def test_balance_counts_of_the_washington_groups():
    assert balance_counts([13, 14, 17, 17, 17, 17, 17], 112) == [13, 14, 17, 17, 17, 17, 17]
    assert sum(balance_counts([17, 17, 13], 40)) == 40


@settings(max_examples=25, deadline=None)
@given(points=st.lists(st.tuples(st.floats(0, 100), st.floats(0, 50)), min_size=2, max_size=6), data=st.data())
def test_assign_cdus_is_the_least_total_distance(points, data):
    sizes = [1, len(points) - 1] if len(points) > 2 else [1, 1]
    loops = [data.draw(st.tuples(st.floats(0, 100), st.floats(0, 50))) for _ in sizes]
    chosen = assign_cdus(loops, sizes, points)
    assert sorted(i for c in chosen for i in c) == list(range(len(points)))
    assert [len(c) for c in chosen] == sizes

    def cost(assign):
        return sum(abs(loops[l][0] - points[i][0]) + abs(loops[l][1] - points[i][1])
                   for l, members in enumerate(assign) for i in members)

    best = min(cost([list(p[:sizes[0]]), list(p[sizes[0]:])]) for p in itertools.permutations(range(len(points))))
    assert cost(chosen) <= best + 1e-6


def test_assign_mechanical_keeps_the_cdus_of_a_loop_apart_and_balances():
    loads = MechanicalLoads([24e3] * 12, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], [120e3], 30, 25e3, 14, 7.5e3)
    a = assign_mechanical(loads, [2.5e6] * 4)
    for loop in range(3):
        buses = [b for b, l in zip(a.cdu_bus, loads.cdu_loop) if l == loop]
        assert len(set(buses)) == 4  # one CDU of each loop per bus: a bus outage takes one CDU
    assert sum(a.hr_per_bus) == 30 and sum(a.crah_per_bus) == 14
    total = (12 * 24e3 + 120e3 + 30 * 25e3 + 14 * 7.5e3) / 0.9
    lower = total / (4 * 2.5e6)  # perfect balance
    largest_item = 120e3 / 0.9 / 2.5e6
    assert max(a.loading) <= lower + largest_item  # greedy (LPT) bound: within one item of perfect balance


def test_assign_mechanical_spreads_every_group_over_the_power_sides():
    """Four buses on two lineups (0, 1, 0, 1): each group is split evenly between the lineups, so the
    outage of one lineup takes at most half of any group (rounded up)."""
    side = [0, 1, 0, 1]
    loads = MechanicalLoads([24e3] * 8, [0, 0, 0, 0, 1, 1, 2, 2], [60e3, 60e3], 19, 25e3, 7, 7.5e3)
    a = assign_mechanical(loads, [2.5e6] * 4, bus_side=side)
    assert sorted(side[b] for b in a.pump_bus) == [0, 1]  # one pump share per lineup
    for loop in range(3):
        sides = [side[b] for b, l in zip(a.cdu_bus, loads.cdu_loop) if l == loop]
        assert abs(sides.count(0) - sides.count(1)) <= 1
    for counts, total in ((a.hr_per_bus, 19), (a.crah_per_bus, 7)):
        per_side = [sum(c for c, s in zip(counts, side) if s == k) for k in (0, 1)]
        assert sum(per_side) == total and max(per_side) == -(-total // 2)


def test_units_surviving_a_side(planning_basis_2n):
    b = planning_basis_2n
    assert [b.units_surviving_a_side(n) for n in (1, 2, 3, 19)] == [2, 4, 6, 38]
    assert [b.units_surviving_a_side(n, 3) for n in (1, 2, 3, 4)] == [2, 3, 5, 6]
    assert [b.units_surviving_a_side(n, 1) for n in (1, 2, 3)] == [2, 3, 4]  # one side: N+1 only
    for n in range(1, 30):
        assert b.duty_units(b.units_surviving_a_side(n)) == n


def test_serpentine_reverses_every_other_row_line():
    rows = [SimpleNamespace(y_m=1.2, x0_m=0.0, rack_ids=["a1", "a2"]),
            SimpleNamespace(y_m=1.2, x0_m=10.0, rack_ids=["a3"]),
            SimpleNamespace(y_m=3.6, x0_m=0.0, rack_ids=["b1", "b2"])]
    assert serpentine(rows) == ["a1", "a2", "a3", "b2", "b1"]
