"""The standby generator plant: which catalog generator the planner takes and how it is transferred
(retrofit.planning.generator_plant).

Kind: consistency check (our choice and sizing rules applied to small cases, every figure worked out below;
the catalog figures are estimates, so nothing here is validation).
Pilot variant: 12 GB300 racks at 155 kW fed A/B from the 415 V switchboards swbd-a and swbd-b, the facility
cooling on mech-b below swbd-b; 13.8 kV service mv-main, S_k 250 MVA, 5 MVA contracted.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from retrofit.planning.backup import add_backup, place_backup, size_backup
from retrofit.planning.generator_plant import (ATS_ITEM, GENERATOR_BREAKER_ITEM, PARALLELING_LINEUP_ITEM,
                                               TRANSFER_PAIR_ITEM, transfer_caption)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design  # noqa: E402  - the unit tests' pilot variant

GPU_ON_GENERATOR = {"gpu_racks": {"kind": "generator", "minutes": 5}, "ups_model": "eaton-9395xr-1500kw"}
SQ3 = math.sqrt(3.0)


def _policy(policy):
    return lambda data: data["goal"].update(backup=policy)


def test_the_planner_chooses_the_mv_generator_where_only_the_service_fits():
    # the GPU racks hang below two 415 V boards: the 480 V genset fits neither them nor the 13.8 kV service
    s = size_backup(design(_policy(GPU_ON_GENERATOR)))
    p = s.plant
    assert (p.model, p.bus, p.chosen) == ("cat-c175-16-3000kw-13.8kv", "mv-main", True)
    # load 1,860 kW + UPS losses 1,860 (1/0.975 - 1) = 1,907.7 kW; N = ceil(1,907.7 / (3,750 x 0.8)) = 1, N+1 = 2
    assert (s.generators_needed, s.generators) == (1, 2)
    t = p.transfer
    assert t.kind == "mv_switchgear" and t.ats == 0 and s.ats == 0
    # one generator: 3,750 kVA / (sqrt(3) 13.8 kV) = 156.9 A; the firm plant (N = 1) the same
    assert t.current_a == pytest.approx(3750e3 / (SQ3 * 13.8e3), abs=0.1)
    # fault: utility 1.1 x 250 MVA / (sqrt(3) 13.8 kV) = 11,505 A against the plant's 2 x 1.1 x 156.9 / 0.15 = 2,301 A
    assert t.ik_a == pytest.approx(1.1 * 250e6 / (SQ3 * 13.8e3), abs=0.1)
    # the 1,200 A / 25 kA 15 kV breaker covers 1.10 x 11.5 = 12.7 kA and both currents (157 A; the utility main
    # max(157, 5 MVA / (sqrt(3) 13.8 kV) = 209 A))
    assert t.generator_breaker_model == t.transfer_breaker_model == "mv-breaker-1200a-25ka-15kv"
    assert (t.generator_breakers, t.transfer_breakers) == (2, 2)
    # sections: 2 generator breakers + the transfer pair + 1 master control = 5; 5 x 0.914 m = 4.57 m long,
    # 2.4 m deep (the mv-swgr-13.8kv-1200a-25ka row, USD 600,000 over its 5 sections = 120,000 a section)
    assert (t.switchgear_model, t.sections) == ("mv-swgr-13.8kv-1200a-25ka", 5)
    (unit,) = t.units
    assert (unit.kind, unit.length_m, unit.width_m) == ("paralleling_switchgear", pytest.approx(4.57), 2.4)
    # NEC 110.34(A) condition 3 at 13.8 kV (7,967 V to ground): 1.8 m
    assert unit.working_m == pytest.approx(1.8)
    lines = {c.item: c for c in s.cost_lines}
    assert (lines[GENERATOR_BREAKER_ITEM].quantity, lines[GENERATOR_BREAKER_ITEM].unit_price_usd) == (2, 120000.0)
    assert (lines[TRANSFER_PAIR_ITEM].quantity, lines[TRANSFER_PAIR_ITEM].unit_price_usd) == (2, 120000.0)
    assert (lines[PARALLELING_LINEUP_ITEM].quantity, lines[PARALLELING_LINEUP_ITEM].unit) == (5, "section")
    assert lines[PARALLELING_LINEUP_ITEM].unit_price_usd == pytest.approx(600000.0 / 5)
    assert ATS_ITEM not in lines
    # yard: 2 gensets of 12 m x 3 m + the lineup 4.57 m x 2.4 m = 82.97 m2
    assert s.yard_m2 == pytest.approx(72.0 + 5 * 0.914 * 2.4, abs=0.01)


def test_the_notes_and_the_placed_generators_name_the_mv_transfer_equipment():
    d = design(_policy(GPU_ON_GENERATOR))
    s = size_backup(d)
    text = " ".join(s.notes)
    assert "paralleling and transfer switchgear" in text and "open-transition" in text and "asco" not in text
    # the classes without generator backup (CDUs, facility cooling) are shed before the generator main closes
    assert "must be shed" in text
    placed = add_backup(d)
    gens = placed.electrical.generators
    assert [g.model for g in gens] == ["cat-c175-16-3000kw-13.8kv"] * 2 and {g.bus for g in gens} == {"mv-main"}
    assert gens[0].notes.startswith("behind 13.8 kV paralleling and transfer switchgear (mv-swgr-13.8kv-1200a-25ka, "
                                    "5 sections): 2 x mv-breaker-1200a-25ka-15kv generator breakers")
    assert transfer_caption(gens[0].notes) == "13.8 kV paralleling and transfer switchgear"
    # the placed design keeps its generators: sizing it again gives the same plant
    again = size_backup(placed).plant
    assert (again.model, again.bus, again.installed) == ("cat-c175-16-3000kw-13.8kv", "mv-main", 2)


def test_an_explicit_lv_model_is_honoured_with_its_note():
    policy = {**GPU_ON_GENERATOR, "generator_model": "cat-c175-16-3000kw-480v"}
    d = design(_policy(policy))
    s = size_backup(d)
    assert s.generator_model == "cat-c175-16-3000kw-480v" and s.plant.bus is None and not s.plant.chosen
    assert any(n.startswith("generators at 480 V: one per LV lineup behind its ATS") for n in s.notes)
    # priced with its ATSs: 1,907.7 kW / (sqrt(3) 480 V 0.8) = 2,868 A -> one 4,000 A switch
    assert {c.item: c.model for c in s.cost_lines}[ATS_ITEM] == "asco-7000-4000a-480v" and s.ats == 1
    out, notes = place_backup(d)
    assert not out.electrical.generators
    assert any(n.startswith("standby generators not placed: goal.backup.generator_model: generators at 480 V") for n in notes)


def _lv_board(data):
    """swbd-b and what hangs below it at 480 V: the facility cooling's one board is then at the LV genset's voltage."""
    data["goal"].update(backup={"cooling_pumps": {"kind": "generator", "minutes": 5}, "ups_model": "eaton-9395xr-1500kw"})
    for b in data["electrical"]["buses"]:
        if b["id"] in ("swbd-b", "mech-b", "bw-b1", "bw-b2"):
            b["voltage"] = "480 V"
    for t in data["electrical"]["transformers"]:
        if t["id"] == "tx-b":
            t["v_secondary"] = "480 V"


def test_an_lv_plant_on_one_board_keeps_its_ats():
    d = design(_lv_board)
    s = size_backup(d)
    p = s.plant
    # the 480 V gensets fit swbd-b, the 13.8 kV one the service. The cooling's 116.4 kW needs one of any
    # (N+1 = 2), at USD 450/kW x 0.8 pf: 2 x 3,125 kVA Cummins USD 2,250,000, 2 x 3,750 kVA Caterpillar
    # USD 2,700,000; the LV plant adds one ATS (USD 120,000), the MV one 2 + 2 breakers and 5 sections
    # (USD 1,080,000): the Cummins at 480 V costs least (USD 2,370,000)
    assert size_backup(d).generator_load_kw == pytest.approx(116.384, abs=1e-3)
    assert (p.model, p.bus, p.chosen) == ("cummins-dqkan-2500kw-480v", "swbd-b", True)
    assert {c.model: c.unit_price_usd for c in s.cost_lines}["cummins-dqkan-2500kw-480v"] == pytest.approx(450 * 2500)
    assert p.transfer.kind == "ats" and s.ats == 1 and s.ats_model == "asco-7000-4000a-480v"
    items = {c.item for c in s.cost_lines}
    assert ATS_ITEM in items and not items & {GENERATOR_BREAKER_ITEM, TRANSFER_PAIR_ITEM, PARALLELING_LINEUP_ITEM}
    assert [u.kind for u in p.transfer.units] == ["ats"]
    placed = add_backup(d)
    assert {g.bus for g in placed.electrical.generators} == {"swbd-b"}
    assert transfer_caption(placed.electrical.generators[0].notes) == "1 x asco-7000-4000a-480v transfer switch"


def test_washington_with_generator_backup_takes_the_mv_plant_and_passes():
    """Washington (examples/washington-18mw) with generator backup for every class, no model named (about 3 s)."""
    from retrofit.io.load import load
    from retrofit.model.backup import LOAD_CLASSES, BackupPolicy
    from retrofit.planning import plan
    from retrofit.review.registry import run_rules
    site = load(Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "site.yaml")
    site.goal.backup = BackupPolicy.model_validate({c: {"kind": "generator", "minutes": 5} for c in LOAD_CLASSES})
    r = plan(site)
    gens = r.proposed.electrical.generators
    # the GPU racks hang below many 415 V boards: only the 13.8 kV genset fits, at the service bus
    assert {(g.model, g.bus, g.running) for g in gens} == {("cat-c175-16-3000kw-13.8kv", r.proposed.utility.bus, False)}
    s = size_backup(r.proposed)
    # the generator-backed load with its UPS losses needs N = ceil(P / 3,000 kW) gensets, N + 1 installed
    assert s.generators_needed == math.ceil(s.generator_load_kw / 3000.0) and len(gens) == s.generators_needed + 1
    t = s.plant.transfer
    # the plant's firm current N x 156.9 A at 13.8 kV and the utility's 1.1 x 300 MVA / (sqrt(3) 13.8 kV) = 13.8 kA
    assert t.current_a == pytest.approx(s.generators_needed * 3750e3 / (SQ3 * 13.8e3), abs=0.1)
    assert t.ik_a == pytest.approx(1.1 * 300e6 / (SQ3 * 13.8e3), abs=0.1)
    assert t.sections == len(gens) + 3
    findings = run_rules(r.proposed, r.results)
    assert not [(f.rule_id, f.message) for f in findings if f.status in ("fail", "untested")]
    assert {f.status for f in findings if f.rule_id == "ELEC-BACKUP-001"} <= {"pass", "not_applicable"}
    items = {i["item"]: i for i in r.bom["items"]}
    assert items[GENERATOR_BREAKER_ITEM]["quantity"] == len(gens) and ATS_ITEM not in items
    assert not [n for n in r.notes if "asco-7000" in n]


def _service_12kv(data):
    """The pilot variant on a 12.47 kV service, a voltage no catalog generator has."""
    data["goal"].update(backup=GPU_ON_GENERATOR)
    data["utility"]["voltage"] = "12.47 kV"
    for b in data["electrical"]["buses"]:
        if b["id"] in ("mv-main", "mv-a", "mv-b"):
            b["voltage"] = "12.47 kV"
    for t in data["electrical"]["transformers"]:
        t["v_primary"] = "12.47 kV"


def test_no_catalog_generator_fits_is_said_and_left_untested():
    d = design(_service_12kv)
    p = size_backup(d).plant
    assert p.bus is None and p.chosen and p.bus_error.startswith("no catalog generator fits: ")
    assert "generators at 13800 V fit neither the service bus mv-main (12470 V)" in p.bus_error
    out, notes = place_backup(d)
    assert not out.electrical.generators
    assert any(n.startswith("standby generators not placed: no catalog generator fits") for n in notes)
