"""Sizing of the backup equipment on the pilot variant, checked by hand.

Kind: consistency check (our sizing rules applied to a small case, every figure worked out below).
Pilot variant: 12 GB300 racks at 155 kW sizing power = 1,860 kW of GPU racks.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from retrofit.errors import InputError
from retrofit.model.backup import BackupPolicy, ClassBackup
from retrofit.planning.backup import class_loads_kw, size_backup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design  # noqa: E402  - the unit tests' pilot variant

POLICY = {"gpu_racks": {"kind": "generator", "minutes": 5}, "ups_model": "eaton-9395xr-1500kw"}


def _policy(data):
    data["goal"]["backup"] = POLICY


def test_default_policy_is_none_and_adds_nothing():
    d = design()
    assert d.goal.backup.is_none
    s = size_backup(d)
    assert s.generators == 0 and s.ats == 0 and s.ups_loss_kw == 0.0 and s.cost_lines == ()


def _lv_policy(data):
    data["goal"]["backup"] = {**POLICY, "generator_model": "cat-c175-16-3000kw-480v"}


def test_generator_policy_sized_by_hand():
    # the 480 V genset named (it fits no bus of this design: the plan notes it; test_generator_plant.py)
    d = design(_lv_policy)
    assert class_loads_kw(d)["gpu_racks"] == pytest.approx(12 * 155.0)
    s = size_backup(d)
    gpu = next(b for b in s.blocks if b.load_class == "gpu_racks")
    # UPS: one lineup per switchboard the racks hang from (swbd-a and swbd-b, A/B feeds); either side
    # carries all 1,860 kW when the other is lost: N = ceil(1,860 / (1,500 x 0.8)) = 2 per lineup (the
    # 80 % continuous-loading criterion), N+1 = 3 installed
    # per lineup, 4 needed and 6 installed in all
    assert (gpu.ups_modules_needed, gpu.ups_modules) == (4, 6)
    # loss at 97.5 %: 1,860 (1/0.975 - 1) = 47.69 kW
    assert gpu.ups_loss_kw == pytest.approx(1860 * (1 / 0.975 - 1), abs=1e-3)
    # battery: 1,860 kW x 5 min / 60 / 0.975 = 158.97 kWh per lineup, 317.95 kWh for the two
    assert gpu.battery_kwh == pytest.approx(2 * 1860 * 5 / 60 / 0.975, abs=1e-3)
    # generators: (1,860 + 47.69) kW / (3,750 kVA x 0.8) -> 1 needed, 2 installed (N+1)
    assert (s.generators_needed, s.generators) == (1, 2)
    # ATS: 1,907.7 kW / (sqrt(3) x 480 V x 0.8) = 2,868 A -> one 4,000 A switch
    assert 1907.69e3 / (math.sqrt(3) * 480 * 0.8) == pytest.approx(2868, abs=1)
    assert s.ats == 1
    # the UPS losses take 47.69 kW of utility headroom: 0.31 of a 155 kW rack
    assert s.racks_of_power_taken == pytest.approx(47.692 / 155.0, abs=1e-3)
    # yard: 2 gensets of 12 m x 3 m + one ATS 2.0 m x 1.5 m = 75 m2 of footprints
    assert s.yard_m2 == pytest.approx(75.0)
    items = {c.item: c for c in s.cost_lines}
    assert items["UPS module (N+1 per block)"].quantity == 6
    assert items["standby generator (N+1)"].unit_price_usd == pytest.approx(450.0 * 3000.0)


def test_the_cheapest_lineup_is_chosen_when_no_model_is_given():
    d = design(lambda x: x["goal"].update(backup={"cdus": {"kind": "ups_minutes", "minutes": 10}}))
    cdu = next(b for b in size_backup(d).blocks if b.load_class == "cdus")
    # a few kW of CDU pumps: the 20 kW module (2 x USD 18,000) beats every larger one
    assert cdu.ups_model == "schneider-galaxy-vs-20kw-480v" and cdu.ups_modules == 2


def test_bill_of_materials_carries_the_backup_lines():
    from retrofit.planning.bom import bill_of_materials
    d = design(_lv_policy)
    bom = bill_of_materials(design(), None, proposed=d)
    models = {i["model"] for i in bom["items"]}
    assert {"eaton-9395xr-1500kw", "cat-c175-16-3000kw-480v", "asco-7000-4000a-480v"} <= models
    # no generator named: the 13.8 kV plant at the service, transferred by MV switchgear, no ATS
    models = {i["model"] for i in bill_of_materials(design(), None, proposed=design(_policy))["items"]}
    assert {"cat-c175-16-3000kw-13.8kv", "mv-breaker-1200a-25ka-15kv", "mv-swgr-13.8kv-1200a-25ka"} <= models
    assert "asco-7000-4000a-480v" not in models


@pytest.mark.parametrize("bad, match", [
    ({"kind": "ups_minutes"}, "needs minutes"),
    ({"kind": "ride_through", "minutes": 5}, "has no battery"),
    ({"kind": "generator", "minutes": 0}, "greater than 0"),
    ({"kind": "diesel"}, "none"),
])
def test_policy_errors_are_clear(bad, match):
    with pytest.raises(ValidationError, match=match):
        ClassBackup(**bad)


def test_policy_in_the_goal_loads_and_unknown_class_is_refused():
    d = design(_policy)
    assert d.goal.backup.gpu_racks.minutes == 5
    with pytest.raises(KeyError, match="expected one of"):
        BackupPolicy().of("miners")
    with pytest.raises(InputError, match="gpus"):
        design(lambda x: x["goal"].update(backup={"gpus": {"kind": "none"}}))


@pytest.mark.parametrize("key, value", [("ups_model", "eaton-9999"), ("generator_model", "cat-c999"),
                                        ("ats_model", "asco-9000")])
def test_unknown_backup_equipment_is_an_input_error(key, value):
    with pytest.raises(InputError, match=f"goal.backup.{key}"):
        design(lambda x: x["goal"].update(backup={key: value}))
