"""Sub-problems that every hall of a campus repeats are solved once and give each caller its own result."""
from __future__ import annotations

from pathlib import Path

from retrofit.io.load import load
from retrofit.planning import build_cooling
from retrofit.planning.assignment import balance_counts

WASHINGTON = Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "proposed.yaml"


def test_a_repeated_balanced_split_is_a_fresh_list_of_the_same_counts():
    first = balance_counts([7, 7, 8, 13], 30)
    first.append(99)
    again = balance_counts([7, 7, 8, 13], 30)
    assert again == first[:-1] and sum(again) == 30


def test_a_pump_duty_is_the_solve_of_the_network_whatever_its_ids(planning_basis_2n):
    d = load(WASHINGTON)
    basis = planning_basis_2n
    loop = d.cooling.loops[[x.id for x in d.cooling.loops].index(d.cooling.pumps[0].loop)]
    build_cooling._DUTIES.clear()
    duty = build_cooling._solve(d, loop.id, basis)
    assert len(build_cooling._DUTIES) == 1
    # the same loop under other ids reads the remembered duty
    renamed = d.model_copy(deep=True)
    new_id = loop.id + "-copy"
    for x in renamed.cooling.loops:
        if x.id == loop.id:
            x.id = new_id
    for items in (renamed.cooling.pumps, renamed.cooling.heat_rejection):
        for x in items:
            if x.loop == loop.id:
                x.loop = new_id
    for x in renamed.cooling.cdus:
        if x.facility_loop == loop.id:
            x.facility_loop = new_id
    assert build_cooling._solve(renamed, new_id, basis) is duty
    assert len(build_cooling._DUTIES) == 1
    _, rho, cp, mu = build_cooling._fluid(d, loop.id, basis)
    res = build_cooling.solve_network(build_cooling.facility_network(d, loop, rho, cp), rho, mu)
    assert duty.converged and duty.flows == tuple(p.flow for p in res.pumps)
    assert duty.powers_w == tuple(p.electric_power for p in res.pumps)
