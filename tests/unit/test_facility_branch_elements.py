"""The facility loop's suction strainers and CDU control valves (consistency checks of
retrofit.cooling.loops.facility_network on the pilot hall): each CDU's valve takes the drop of its exchanger
(authority CONTROL_VALVE_AUTHORITY = 0.5), the strainers take STRAINER_DP_PA at the running pumps'
best-efficiency flow, scale with the square of the flow and carry the pumps' flow."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.loops import (CONTROL_VALVE_AUTHORITY, GRAVITY, STRAINER_DP_PA, facility_network, pump_curve,
                                    pump_rated_flow_m3_s)
from retrofit.io.load import load
from retrofit.units import magnitude

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"
RHO, CP, MU = 1000.0, 4186.0, 1.0e-3


@pytest.fixture(scope="module")
def solved():
    design = load(PILOT)
    loop = next(x for x in design.cooling.loops if x.kind == "facility")
    res = solve_network(facility_network(design, loop, RHO, CP), RHO, MU)
    assert res.converged
    return design, loop, res


def _loss(res, link_id):
    return float(res.head_loss[res.link_ids.index(link_id)])


def test_valve_drop_equals_exchanger_drop(solved):
    design, loop, res = solved
    cdus = [c for c in design.cooling.cdus if c.facility_loop == loop.id]
    assert cdus
    for cdu in cdus:
        hx = _loss(res, f"{cdu.id}.hx_facility")
        assert hx > 0
        ratio = CONTROL_VALVE_AUTHORITY / (1 - CONTROL_VALVE_AUTHORITY)
        assert _loss(res, f"{cdu.id}.valve_facility") == pytest.approx(hx * ratio, rel=1e-9)


def test_strainers_take_two_psi_at_the_best_efficiency_flow(solved):
    design, loop, res = solved
    pumps = [p for p in design.cooling.pumps if p.loop == loop.id]
    rated = sum(p.running * pump_rated_flow_m3_s(p, pump_curve(p.curve, magnitude(p.efficiency, "dimensionless"),
                                                               p.bep_flow)) for p in pumps)
    flow = res.link_flow(f"{loop.id}.strainers")
    assert flow == pytest.approx(sum(res.link_flow(p.id) for p in pumps), rel=1e-9)
    assert _loss(res, f"{loop.id}.strainers") == pytest.approx(STRAINER_DP_PA * (flow / rated) ** 2 / (RHO * GRAVITY),
                                                               rel=1e-6)


def test_the_results_state_what_the_facility_network_holds():
    """The cooling results carry the facility loop's modelling note that the plan prints with its methods."""
    from pathlib import Path

    from retrofit.cooling.analysis import analyze_cooling
    from retrofit.cooling.loops import facility_branch_note
    from retrofit.io.load import load

    design = load(Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml")
    notes = analyze_cooling(design)["notes"]
    assert notes == [facility_branch_note()]
    assert "authority of 0.5" in notes[0] and "2 psi" in notes[0] and "check and isolation valves" in notes[0]
