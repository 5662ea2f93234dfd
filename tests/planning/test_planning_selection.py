"""Upgrade selection (MILP): the named-variable model, and the choice for the Washington site checked
against enumeration of a reduced instance."""
from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest

from retrofit.planning.context import site_context
from retrofit.planning.milp import Model
from retrofit.planning.options import Options
from retrofit.planning.selection import LOOP_RACKS_MAX, SelectionInfeasible, select


def test_model_solves_a_small_covering_problem_exactly():
    # cover 10 with items of size 3 (cost 4) and 4 (cost 5): optimum 3 + 3 + 4 = 10 at cost 13
    m = Model()
    m.var("a", ub=10)
    m.var("b", ub=10)
    m.add("cover", {"a": 3, "b": 4}, 10)
    m.set_cost({"a": 4, "b": 5})
    res = m.solve()
    assert res.optimal and res.objective == pytest.approx(13)
    assert (res.int("a"), res.int("b")) == (2, 1)


@pytest.fixture(scope="module")
def context(washington):
    return site_context(washington)


def test_washington_selection_reaches_the_utility_limit(context):
    sel = select(context.basis, context.groups, context.options, context.limits, context.busways)
    assert sel.n_compute == 112 and sel.scalable_units == 14 and sel.n_network == 14
    assert sel.stage1["binding"] == ["utility service"] and sel.stage1["next_su_feasible"] is False
    assert {g.id for g in sel.existing} == {"t1+t2", "t3+t4"}  # the 415Y/240 V blocks are reused
    racks = sum(g.racks for g in sel.existing) + sum(o.racks * n for o, n in sel.new_power)
    assert racks >= 112
    per_loop = [(k - 1) * sel.cdu.racks for k in sel.loops]
    assert sum(per_loop) >= 112 and all(k == 2 or (k - 1) * sel.cdu.racks <= LOOP_RACKS_MAX for k in sel.loops)
    util = next(r for r in sel.constraints if r["constraint"] == "utility")
    assert util["slack"] >= 0


def test_power_choice_is_the_cheapest_by_enumeration(context):
    """With two power options and one of everything else, the MILP's power cost is the enumerated minimum."""
    o = context.options
    # the two cheapest per rack among those the one busway kept can withstand
    power = sorted((p for p in o.power if p.ik_a <= context.busways[0].sccr_a), key=lambda p: p.group_usd / p.racks)[:2]
    reduced = Options(power, o.mech, o.cdus[:1], o.heat_rejection[:1], o.crahs[:1], o.pumps[:1])
    sel = select(context.basis, context.groups, reduced, context.limits, context.busways[:1], count=112)
    existing = sum(g.racks for g in sel.existing)
    need = 112 - existing
    best = math.inf
    for counts in itertools.product(*(range(math.ceil(need / p.racks) + 2) for p in power)):
        if sum(n * p.racks for n, p in zip(counts, power)) >= need:
            best = min(best, sum(n * p.group_usd for n, p in zip(counts, power)))
    chosen = sum(n * p.group_usd for p, n in sel.new_power) + sum(g.usd for g in sel.existing)
    assert chosen == pytest.approx(best + sum(g.usd for g in sel.existing))


def test_a_tiny_service_cannot_take_one_unit(context):
    limits = replace(context.limits, utility_va=500e3)
    with pytest.raises(SelectionInfeasible, match="MVA service"):
        select(context.basis, context.groups, context.options, limits, context.busways)
