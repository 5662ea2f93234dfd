"""The backup policy's equipment put into the design (retrofit.planning.backup.add_backup) on the pilot variant.

Kind: consistency check (placement, pricing and the rule's verdict on a small case, figures worked out below).
Pilot variant: 12 GB300 racks at 155 kW fed A/B from swbd-a and swbd-b through two busways each; the
facility cooling on mech-b below swbd-b; 13.8 kV service.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from retrofit.electrical.design_grid import build_design_grid
from retrofit.electrical.ups_losses import conversion_loss_w
from retrofit.planning.backup import add_backup, placed_backup_ids, ups_points
from retrofit.planning.bom import bill_of_materials
from retrofit.resilience.backup_ride_through import backup_ride_through
from retrofit.review.registry import get_rule, run_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design  # noqa: E402  - the unit tests' pilot variant

POLICY = {"gpu_racks": {"kind": "ups_minutes", "minutes": 5}, "cooling_pumps": {"kind": "generator", "minutes": 5},
          "ups_model": "eaton-9395xr-1500kw", "generator_model": "cat-c175-16-3000kw-13.8kv"}


def _policy(data, **changes):
    data["goal"]["backup"] = {**POLICY, **changes}


@pytest.fixture(scope="module")
def placed():
    return add_backup(design(_policy))


def _elec_backup(d):
    findings = run_rules(d, {"backup": backup_ride_through(d).to_json()}, rules=[get_rule("ELEC-BACKUP-001")])
    return {f.elements[0]: f for f in findings}


def test_default_policy_leaves_the_design_as_it_is():
    d = design()
    assert add_backup(d) is d
    assert placed_backup_ids(d) == set()


def test_lineups_and_standby_generators_are_in_the_design(placed):
    e = placed.electrical
    ups = {u.id: u for u in e.ups}
    # one lineup per switchboard above the racks: ceil(1,860 / (1,500 x 0.8)) = 2 modules + 1 redundant on
    # each side
    assert {u: (x.from_bus, x.count) for u, x in ups.items() if "gpu" in u} == {
        "ups-gpu-racks-swbd-a": ("swbd-a", 3), "ups-gpu-racks-swbd-b": ("swbd-b", 3)}
    busways = {b.id: b.from_bus for b in e.busways}
    assert busways["busway-a1"] == "swbd-a-ups-gpu-racks" and busways["busway-b2"] == "swbd-b-ups-gpu-racks"
    # the busways' breakers moved with them; the lineup's input has its own breaker at the switchboard
    breakers = {b.protects: b.bus for b in e.breakers}
    assert breakers["busway-a1"] == "swbd-a-ups-gpu-racks" and breakers["ups-gpu-racks-swbd-a"] == "swbd-a"
    # the facility cooling's feeder below swbd-b moves under its own (smaller) lineup
    assert {c.id: c.from_bus for c in e.cables}["c-mech-b"] == "swbd-b-ups-cooling-pumps"
    # generators: (cooling load + its UPS loss) / (3,750 kVA x 0.8) -> 1 needed, 2 installed, at the
    # 13.8 kV service bus (the generator's voltage), standby: not running in the normal case
    assert [(g.id, g.bus, g.running) for g in e.generators] == [("standby-gen-1", "mv-main", False),
                                                               ("standby-gen-2", "mv-main", False)]


def test_load_flow_counts_each_lineups_losses(placed):
    dg = build_design_grid(placed)
    losses = {i.split(":")[0]: p for i, p, k in zip(dg.loads.ids, dg.loads.p_w, dg.loads.kind) if k == "ups_loss"}
    # each side's busways carry half the racks' 1,860 kW in the load flow: loss 930 kW (1/0.975 - 1)
    assert losses["ups-gpu-racks-swbd-a"] == pytest.approx(conversion_loss_w(930e3, 0.975), rel=1e-9)
    assert losses["ups-gpu-racks-swbd-b"] == pytest.approx(conversion_loss_w(930e3, 0.975), rel=1e-9)


def test_bill_of_materials_prices_the_equipment_once(placed):
    bom = bill_of_materials(design(_policy), None, proposed=placed)
    lines = [i for i in bom["items"] if i["model"] in ("eaton-9395xr-1500kw", "cat-c175-16-3000kw-13.8kv",
                                                         "mv-swgr-13.8kv-1200a-25ka")]
    by = {i["model"]: i for i in lines}
    assert len(lines) == len(by) == 3  # one line each, not one from the elements and one from the sizing
    # the 13.8 kV plant's transfer: 2 generator breakers, the utility-main / generator-main pair and 2 + 2 + 1
    # sections of paralleling switchgear; no 480 V ATS
    assert by["mv-swgr-13.8kv-1200a-25ka"]["quantity"] == 5
    assert not [i for i in bom["items"] if (i["model"] or "").startswith("asco-")]
    ups_modules = sum(u.count for u in placed.electrical.ups if u.model == "eaton-9395xr-1500kw")
    # 3 + 3 for the racks, 1 + 1 for the 40 kW of facility cooling (the policy names one UPS model)
    assert by["eaton-9395xr-1500kw"]["quantity"] == ups_modules == 8
    assert by["cat-c175-16-3000kw-13.8kv"]["quantity"] == len(placed.electrical.generators) == 2
    assert not [u for u in bom["unpriced"] if "UPS" in u or "generator" in u]


def test_elec_backup_passes_with_the_equipment_in_place(placed):
    by = _elec_backup(placed)
    assert by["gpu_racks"].status == "pass" and by["cooling_pumps"].status == "pass"
    rows = {r["quantity"]: r for r in by["gpu_racks"].evidence}
    # two modules of 1,500 kW with one of three out carry the side's 1,860 kW
    row = rows["ups-gpu-racks-swbd-a: capacity with one module out"]
    assert (row["value"], row["limit"]) == (3000.0, 1860.0)
    gen = next(r for r in by["cooling_pumps"].evidence if r["quantity"] == "standby generators with one out")
    assert gen["value"] == pytest.approx(3750 * 0.8)


def test_without_the_equipment_the_rule_is_untested():
    by = _elec_backup(design(_policy))
    assert by["gpu_racks"].status == "untested" and "UPS" in by["gpu_racks"].needs


def test_a_design_short_of_its_policy_fails_with_evidence(placed):
    short = placed.model_copy(deep=True)
    next(u for u in short.electrical.ups if u.id == "ups-gpu-racks-swbd-a").count = 2  # the redundant module gone
    short.electrical.generators = short.electrical.generators[:1]  # no spare generator
    by = _elec_backup(short)
    f = by["gpu_racks"]
    assert f.status == "fail" and "ups-gpu-racks-swbd-a carries 1,500 kW" in f.message
    row = next(r for r in f.evidence if r["element"] == "ups-gpu-racks-swbd-a")
    assert (row["value"], row["limit"], row["relation"]) == (1500.0, 1860.0, ">=")
    g = by["cooling_pumps"]
    assert g.status == "fail" and "carry 0 kW with one out" in g.message


def test_generator_voltage_matching_no_bus_is_a_clear_error():
    # the 480 V genset fits neither the 13.8 kV service nor the 415 V switchboards
    with pytest.raises(ValueError, match="generators at 480 V fit neither the service bus mv-main"):
        add_backup(design(lambda x: _policy(x, generator_model="cat-c175-16-3000kw-480v")))


def test_the_planner_notes_generators_it_cannot_place():
    from retrofit.planning.backup import place_backup
    d, notes = place_backup(design(lambda x: _policy(x, generator_model="cat-c175-16-3000kw-480v")))
    assert d.electrical.ups and not d.electrical.generators
    assert any(n.startswith("standby generators not placed: goal.backup.generator_model") for n in notes)
    assert _elec_backup(d)["cooling_pumps"].status == "untested"


def test_points_follow_the_class_loads():
    pts = ups_points(design(_policy).model_copy(deep=True))
    assert [(p.load_class, p.switchboard, p.feeders) for p in pts if p.load_class == "gpu_racks"] == [
        ("gpu_racks", "swbd-a", ("busway-a1", "busway-a2")), ("gpu_racks", "swbd-b", ("busway-b1", "busway-b2"))]


def test_a_class_without_loads_is_not_applicable():
    # the pilot variant has no loads of kind controls
    by = _elec_backup(add_backup(design(lambda x: _policy(x, controls={"kind": "ups_minutes", "minutes": 15}))))
    assert by["controls"].status == "not_applicable" and by["gpu_racks"].status == "pass"


def test_standby_generators_add_nothing_to_the_fault_level_until_they_run(placed):
    # open-transition transfer: the standby units never parallel the utility, so the maximum case is the
    # utility's alone; the same units marked running feed the fault (IEC 60909-0 6.6.1 Z_G K_G)
    from retrofit.electrical.fault_study import solve_fault_study
    from retrofit.electrical.protection import fault_study_options, generator_sources
    dg = build_design_grid(placed)
    assert generator_sources(placed, dg) is None
    running = placed.model_copy(deep=True)
    for g in running.electrical.generators:
        g.running = True
    gens = generator_sources(running, dg)
    assert gens is not None and len(gens.ids) == 2
    options = fault_study_options(placed, "max")
    i = dg.grid.bus_index(dg.bus_of["mv-main"])
    standby = float(solve_fault_study(dg.grid, options, generators=None).ik3_a[i])
    both = float(solve_fault_study(dg.grid, options, generators=gens).ik3_a[i])
    assert both > standby
