"""The annual design basis takes the design's analysis when one was made (the plan's) instead of solving the
design point again (consistency check: the same basis, figure for figure, as the one solved standalone)."""
from __future__ import annotations

import numpy as np
import pytest

from annual_fixtures import july, pilot, pilot_basis  # noqa: F401 - fixtures
from annual_paths import PILOT


def _same_loops(a, b) -> None:
    assert [x[0] for x in a.loops] == [x[0] for x in b.loops]
    for (_, bank_a, units_a, loop_a, drives_a), (_, bank_b, units_b, loop_b, drives_b) in zip(a.loops, b.loops):
        arrays_a, arrays_b = bank_a.arrays(), bank_b.arrays()
        assert arrays_a.keys() == arrays_b.keys()
        assert all(np.array_equal(arrays_a[k], arrays_b[k]) for k in arrays_a)
        assert bank_a.arrangement == bank_b.arrangement
        assert [(u.model, u.rating, u.flow_weight, u.in_service) for u in units_a] == \
            [(u.model, u.rating, u.flow_weight, u.in_service) for u in units_b]
        assert loop_a == loop_b and drives_a == drives_b


@pytest.fixture(scope="module")
def pilot_analysis(pilot):
    from retrofit.analyze import analyze_for_verdict

    return analyze_for_verdict(pilot, contingencies=False)


def test_basis_from_the_analysis_equals_the_basis_solved_here(pilot, pilot_basis, pilot_analysis, monkeypatch):
    import retrofit.cooling.balance as balance
    import retrofit.electrical.analysis as electrical
    from retrofit.annual.simulate import design_basis

    def refuse(*args, **kwargs):
        raise AssertionError("the design point was solved again")

    monkeypatch.setattr(electrical, "analyze_electrical", refuse)
    monkeypatch.setattr(balance, "solve_plants", refuse)
    given = design_basis(pilot, pilot_analysis)
    _same_loops(given, pilot_basis)
    for name in ("it_w", "air_scaled_w", "air_fixed_w", "other_w", "no_load_loss_w", "load_loss_lf_w", "served_lf_w",
                 "rack_limit_k", "altitude_m", "site"):
        assert getattr(given, name) == getattr(pilot_basis, name), name
    assert given.design_point == pilot_basis.design_point
    assert given.design_point["pue"] == pilot_analysis["pue"]["pue"]    # the analysis's own figure
    assert given.electrical is pilot_analysis["electrical"]


def test_the_year_from_either_basis_is_the_same(pilot, pilot_basis, pilot_analysis, july):
    from retrofit.annual.simulate import design_basis, simulate_year

    a = simulate_year(pilot_basis, july).to_json()
    b = simulate_year(design_basis(pilot, pilot_analysis), july).to_json()
    assert a == b


def test_the_plan_reuses_its_analysis_for_the_annual_page(pilot, monkeypatch):
    import retrofit.electrical.analysis as electrical
    from retrofit.annual.plan_part import plan_annual
    from retrofit.report.pipeline import run_plan

    run = run_plan(pilot, source=str(PILOT), contingencies=False)
    solves = []
    real = electrical.analyze_electrical
    monkeypatch.setattr(electrical, "analyze_electrical", lambda *a, **k: solves.append(1) or real(*a, **k))
    result, why = plan_annual(run)
    assert why == "" and solves == []
    monkeypatch.setattr(electrical, "analyze_electrical", real)
    from retrofit.annual.simulate import design_basis, simulate_year
    from retrofit.annual.weather_source import weather_for

    standalone = simulate_year(design_basis(run.analysed), weather_for(run.analysed)).to_json()
    assert run.results["annual"] == standalone
