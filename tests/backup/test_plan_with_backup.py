"""The planner puts the backup policy's equipment into the proposal (the small planning site, planned once by
the ``planned`` fixture of this folder's conftest).

Kind: consistency check (what the planner adds, how the review judges it and how the bill of materials
prices it, on a two-hall site that plans in a few seconds).
"""
from __future__ import annotations

import pytest

import sys
from pathlib import Path

from retrofit.io.load import load
from retrofit.planning.generator_plant import GENERATOR_BREAKER_ITEM, PARALLELING_LINEUP_ITEM, TRANSFER_PAIR_ITEM
from retrofit.review.registry import get_rule, run_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planning"))
from planning_paths import SMALL  # noqa: E402  - the planning tests' small site


def test_the_proposal_holds_the_lineups_and_standby_generators(planned):
    e = planned.proposed.electrical
    assert e.ups and all(u.count >= 2 for u in e.ups)  # N+1 lineups
    assert {u.model for u in e.ups} == {"eaton-9395xr-1500kw"}
    # the 13.8 kV gensets stand at the service bus, off in the normal case
    assert e.generators and {(g.bus, g.running) for g in e.generators} == {(planned.proposed.utility.bus, False)}
    assert len(e.generators) >= 2
    # the plan's notes name the MV transfer equipment, never a 480 V ATS for the 13.8 kV plant
    gen_notes = [n for n in planned.notes if n.startswith("standby generators:")]
    assert gen_notes and "paralleling and transfer switchgear" in gen_notes[0] and "asco" not in gen_notes[0]
    # the load flow carries the UPS losses and each lineup's loading
    lf = planned.results["electrical"]["load_flow"]
    assert lf["ups_losses_kw"] > 0
    assert all(0 < lf["branches"][u.id]["loading_percent"] <= 100 for u in e.ups)


def test_backup_rules_pass_on_the_proposal(planned):
    findings = run_rules(planned.proposed, planned.results,
                         rules=[get_rule(r) for r in ("ELEC-BACKUP-001", "COOL-BACKUP-001", "ELEC-PDU-001")])
    assert findings and {f.status for f in findings} == {"pass"}
    assert {f.elements[0] for f in findings if f.rule_id == "ELEC-BACKUP-001"} == {"gpu_racks", "cdus", "cooling_pumps"}


def test_the_equipment_is_priced_once(planned):
    items = planned.bom["items"]
    e = planned.proposed.electrical
    ups = [i for i in items if i["model"] == "eaton-9395xr-1500kw"]
    gens = [i for i in items if i["model"] == "cat-c175-16-3000kw-13.8kv"]
    assert len(ups) == len(gens) == 1
    assert ups[0]["quantity"] == sum(u.count for u in e.ups)
    assert gens[0]["quantity"] == len(e.generators)
    # the 13.8 kV plant is transferred by MV switchgear, not by 480 V ATSs: a breaker per generator, the
    # utility-main / generator-main pair, and a lineup of as many sections plus the master control
    assert not [i for i in items if (i["model"] or "").startswith("asco-")]
    by_item = {i["item"]: i for i in items}
    assert by_item[GENERATOR_BREAKER_ITEM]["quantity"] == len(e.generators)
    assert by_item[TRANSFER_PAIR_ITEM]["quantity"] == 2
    assert by_item[PARALLELING_LINEUP_ITEM]["quantity"] == len(e.generators) + 3
    assert not [u for u in planned.bom["unpriced"] if u.startswith(("UPS", "generator"))]


def test_the_default_policy_plans_no_backup_equipment():
    from retrofit.planning.backup import place_backup
    site = load(SMALL)
    assert place_backup(site) == (site, [])



def test_every_phase_passes_with_the_cooling_on_backup(planned):
    assert planned.phases and all(p["checks"]["passes"] for p in planned.phases), [
        (p["phase"], [f["message"] for f in p["checks"]["failures"][:3]]) for p in planned.phases]


def test_a_stage_counts_the_cooling_below_a_backup_lineup_on_its_mechanical_bus(planned):
    """How many miners a mechanical bus keeps in a stage depends on the cooling it feeds: counting only the
    equipment wired to the bus itself missed what hangs below a backup UPS lineup, and Washington's second
    stage, with every class on generator backup, loaded a mechanical transformer past its limit."""
    from retrofit.electrical.design_grid import rated_cooling_power
    from retrofit.electrical.ups_losses import downstream_buses, ups_losses_w
    from retrofit.planning.selection import MECH_POWER_FACTOR
    from retrofit.planning.phasing import mechanical_load_va

    d = planned.proposed
    cooling = [x for items in (d.cooling.cdus, d.cooling.pumps, d.cooling.heat_rejection, d.cooling.crahs) for x in items]
    on_ups = {u.from_bus for u in d.electrical.ups if any(x.bus in downstream_buses(d, u.to_bus) for x in cooling)}
    assert on_ups  # the policy puts the CDUs and the pumps on backup
    load = mechanical_load_va(d, on_ups)
    power = rated_cooling_power(d)
    for bus in sorted(on_ups):
        below = downstream_buses(d, bus)
        wired = sum(power.get(x.id, 0.0) for x in cooling if x.bus == bus) / MECH_POWER_FACTOR
        fed = [x for x in cooling if x.bus in below]
        active = {}
        for x in fed:
            active[x.bus] = active.get(x.bus, 0.0) + power.get(x.id, 0.0)
        losses = sum(loss for _, (ups_input, _, loss) in ups_losses_w(d, active).items() if ups_input in below)
        assert losses > 0
        assert load[bus] == pytest.approx(sum(power.get(x.id, 0.0) for x in fed) / MECH_POWER_FACTOR + losses, rel=1e-12)
        assert load[bus] > wired  # more than the equipment wired to the bus itself


def test_the_one_line_draws_a_generator_plant_as_one_symbol_with_its_count(planned):
    """An N+1 plant of standby gensets on one bus is one G symbol with its count, its first and last id and
    its transfer equipment, and no label covers another (eight symbols side by side crowded the bus's own
    label on Washington's overview sheet)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
    from drawing_text import labels, overlaps  # the report tests' label reader

    from retrofit.report.document import PlanDocument
    from retrofit.report.oneline import oneline_sheets

    gens = planned.proposed.electrical.generators
    assert len(gens) >= 2
    sheets = oneline_sheets(planned.proposed, planned.results, PlanDocument.drawing_size())
    drawn = 0
    for s in sheets:
        texts = [i.text for i in labels(s.drawing)]
        symbols = sum(t == "G" for t in texts)
        assert symbols <= 1, s.number  # one symbol for the plant on a sheet that draws its bus
        if symbols:
            drawn += 1
            assert any(t.startswith(f"{len(gens)} x ") and t.endswith("kVA standby") for t in texts), texts
            assert gens[1].id not in texts  # the units are not labelled one by one
        assert overlaps(labels(s.drawing)) == [], s.number
    assert drawn


def test_a_standby_set_takes_over_in_the_n_plus_1_with_and_without_reuse(planned):
    """A pump set that runs its only pump has its standby in the other set (lead-lag): the N+1 case of its
    pump finds the standby available and the loop held, the same with the solutions reused or solved afresh."""
    from retrofit.cooling.analysis import analyze_cooling

    pumps = planned.proposed.cooling.pumps
    alone = [p for p in pumps if p.running and p.count == p.running]
    assert alone and any(p.running == 0 for p in pumps)
    fresh, reused = analyze_cooling(planned.proposed, reuse=False), analyze_cooling(planned.proposed)
    assert fresh["redundancy"] == reused["redundancy"]
    for p in alone:
        case = reused["redundancy"][p.loop]["pump_out"][p.id]
        assert case["standby_available"] and case["ok"]
