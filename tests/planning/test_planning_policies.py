"""Every redundancy policy gives a proposal that passes the analysis: N, 2N and distributed (N+1,
3-to-make-2) power; N and N+1 cooling; and a fixed count instead of max."""
from __future__ import annotations

import pytest

from retrofit.planning import PlanOptions, plan


@pytest.mark.parametrize("change, groups", [({"power_redundancy": "N"}, 1), ({"power_redundancy": "N+1"}, 3),
                                            ({"cooling_redundancy": "N"}, 2), ({"count": 16}, 2)])
def test_policy(small_site, change, groups):
    goal = small_site.goal.model_copy(update=change)
    design = small_site.model_copy(update={"goal": goal})
    result = plan(design, PlanOptions(phases=False))
    assert result.verification["passes"], result.verification["failures"]
    racks = [g for g in result.proposed.loads.racks if g.kind == "compute"]
    assert sum(g.count for g in racks) == change.get("count", 24)
    feeds = {len(g.feeds) for g in racks}
    assert feeds == {min(groups, 2)}  # one feed under N, two otherwise (A-B, B-C or C-A when distributed)
    lineups = {b.id for b in result.proposed.electrical.buses if b.kind == "switchgear"}
    assert len(lineups) == groups  # one MV lineup per power path
    # a pump set holds one pump or more, also when there are fewer pumps than power sides (2 over 3 lineups);
    # a set may stand by whole (lead-lag starts it), and each loop runs one pump or more
    pumps = result.proposed.cooling.pumps
    assert all(p.count >= 1 and 0 <= p.running <= p.count for p in pumps)
    assert all(sum(p.running for p in pumps if p.loop == loop) >= 1 for loop in {p.loop for p in pumps})
    spares = 1 if goal.cooling_redundancy == "N+1" else 0
    for loop in {c.tcs_loop for c in result.proposed.cooling.cdus}:
        n = sum(1 for c in result.proposed.cooling.cdus if c.tcs_loop == loop)
        assert n >= 1 + spares
