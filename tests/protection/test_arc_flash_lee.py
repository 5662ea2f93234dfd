"""Arc flash above 15 kV by Lee's method (retrofit.electrical.arc_flash_lee) and in the protection study.

Consistency checks of the printed forms of Lee's equation (no published worked example of the method
with its inputs and answer was available to read, so these are not validation): IEEE Std 1584-2002
prints E = 2.142e6·V·I_bf·t/D² [J/cm², kV, kA, s, mm]; NFPA 70E Informative Annex D (2009, D.6) prints
E = 793·F·V·t_A/D² [cal/cm², kA, kV, s, in] and (D.2) the just-curable-burn distance
D_c = (2.65·MVA_bf·t)^½ [ft]. The tolerances are the printed precision of the constants compared.
Then behaviour checks on the Panther Creek campus, whose 171 buses at 34.5 kV IEEE 1584-2018 does not
cover.
"""
from __future__ import annotations

import copy
import csv
import io
import math
from functools import lru_cache
from pathlib import Path

import pytest

from retrofit.electrical import arc_flash as af
from retrofit.electrical.arc_flash_lee import (LEE_METHOD, check_lee_inputs, lee_boundary, lee_case,
                                               lee_incident_energy)
from retrofit.electrical.protection import arc_flash_labels_csv, protection_study
from retrofit.errors import OutOfRange
from retrofit.io.load import load_data
from retrofit.io.yaml_source import read_yaml

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "examples" / "panther-creek-350mw" / "site.yaml"
MM_PER_IN, MM_PER_FT = 25.4, 304.8


def _precision(printed: float, last_digit: float) -> float:
    """Relative half-unit of the last printed digit."""
    return 0.5 * last_digit / printed


@pytest.mark.parametrize("kv,ka,t,d_in", [(34.5, 20.0, 0.65, 36.0), (69.0, 8.0, 0.1, 48.0), (4.16, 25.0, 0.1, 36.0)])
def test_incident_energy_matches_nfpa_70e_form_within_the_printed_constants(kv, ka, t, d_in):
    e_cal = af.calories_per_cm2(lee_incident_energy(kv * 1e3, ka * 1e3, t, d_in * MM_PER_IN / 1e3))
    nfpa = 793.0 * ka * kv * t / d_in**2
    tol = _precision(793.0, 1.0) + _precision(2.142, 0.001)  # 793 and 2.142 as printed
    assert e_cal == pytest.approx(nfpa, rel=tol)


@pytest.mark.parametrize("kv,ka,t", [(34.5, 20.0, 0.65), (4.16, 25.0, 0.1), (138.0, 10.0, 0.083)])
def test_boundary_matches_nfpa_70e_just_curable_burn_distance(kv, ka, t):
    """Lee's boundary at 1.2 cal/cm² is NFPA 70E's D_c = (2.65·MVA_bf·t)^½ ft, MVA_bf = √3·V·I_bf."""
    d_ft = lee_boundary(kv * 1e3, ka * 1e3, t) * 1e3 / MM_PER_FT
    dc = math.sqrt(2.65 * math.sqrt(3.0) * kv * ka * t)
    tol = 0.5 * (_precision(2.65, 0.01) + _precision(2.142, 0.001))  # square root halves the relative error
    assert d_ft == pytest.approx(dc, rel=tol)


def test_energy_at_the_boundary_is_the_boundary_energy():
    d = lee_boundary(34.5e3, 18e3, 0.67)
    assert af.calories_per_cm2(lee_incident_energy(34.5e3, 18e3, 0.67, d)) == pytest.approx(1.2, rel=1e-12)


def test_case_takes_the_latest_device_and_the_study_cap():
    c = lee_case(34.5e3, 20e3, 0.9144, [0.3, 0.65], 2.0)
    assert c.clearing_time_s == 0.65 and not c.capped
    assert c.energy_j_per_m2 == pytest.approx(lee_incident_energy(34.5e3, 20e3, 0.65, 0.9144), rel=1e-15)
    none = lee_case(34.5e3, 20e3, 0.9144, [], 2.0)
    assert none.clearing_time_s == 2.0 and none.capped
    slow = lee_case(34.5e3, 20e3, 0.9144, [math.inf], 2.0)
    assert slow.clearing_time_s == 2.0 and slow.capped


@pytest.mark.parametrize("v,i,d", [(34.5e3, 0.0, 0.9), (34.5e3, math.nan, 0.9), (0.0, 10e3, 0.9), (34.5e3, 10e3, 0.0)])
def test_inputs_the_method_cannot_take_are_out_of_range(v, i, d):
    with pytest.raises(OutOfRange, match="Lee's method needs a positive"):
        check_lee_inputs(v, i, d)


@lru_cache(maxsize=None)
def campus_study():
    data, smap = read_yaml(CAMPUS)
    return protection_study(load_data(data, smap))


def test_every_34_5_kv_bus_of_panther_creek_has_a_lee_result():
    arc = campus_study()["arc_flash"]
    mv = {b: e for b, e in arc.items() if e["vn_kv"] > 15.0}
    assert len(mv) == 171
    for bus_id, e in mv.items():
        assert e["method"] == LEE_METHOD and e["label"] is not None, bus_id
        assert e["label"]["method"] == LEE_METHOD and e["working_distance_mm"] == 914.4
        loc = e[e["label"]["location"]]
        assert loc["status"] == "computed" and loc["arcing_current_ka"] == loc["bolted_current_ka"]
        energy = lee_incident_energy(34.5e3, loc["bolted_current_ka"] * 1e3, loc["clearing_time_s"], 0.9144)
        # the result's inputs are rounded (kA to 3, s to 4 decimals): tolerance from that rounding
        # and the energy to 2 decimals
        expected = af.calories_per_cm2(energy)
        tol = expected * (0.0005 / loc["bolted_current_ka"] + 0.00005 / loc["clearing_time_s"]) + 0.005
        assert e["label"]["incident_energy_cal_cm2"] == pytest.approx(expected, abs=tol)
        assert e["label"]["ppe_category"] == af.ppe_category(energy)
    lv = [e for e in arc.values() if e["vn_kv"] <= 15.0]
    assert lv and all(e["method"] == "IEEE 1584-2018" for e in lv)


def test_a_hall_bus_is_cleared_by_its_relay_and_the_service_by_the_cap():
    arc = campus_study()["arc_flash"]
    hall = arc["mv-h01"]["bus"]
    assert hall["clearing_devices"] == ["cb-h01"] and 0.0 < hall["clearing_time_s"] < 2.0 and not hall["duration_capped"]
    service = arc["service"]["bus"]
    assert service["clearing_devices"] == [] and service["duration_capped"] and service["clearing_time_s"] == 2.0
    assert "no upstream protective device" in service["reason"]


def test_label_csv_names_the_method():
    rows = list(csv.DictReader(io.StringIO(arc_flash_labels_csv(campus_study()))))
    by_bus = {r["bus"]: r for r in rows}
    assert by_bus["mv-h01"]["method"] == LEE_METHOD and by_bus["mv-h01"]["status"] == "computed"
    assert by_bus["sb01-01"]["method"] == "IEEE 1584-2018"


def test_a_fuse_without_a_curve_above_15_kv_stays_untested():
    data, smap = read_yaml(CAMPUS)
    data = copy.deepcopy(data)
    for i, br in enumerate(data["electrical"]["breakers"]):
        if br["id"] == "cb-mv-t01-01":
            data["electrical"]["breakers"][i] = {"id": br["id"], "bus": br["bus"], "protects": br["protects"],
                                                 "kind": "fuse", "rating": "390 A", "interrupting": "25 kA"}
    entry = protection_study(load_data(data, smap))["arc_flash"]["mv-t01-01"]
    assert entry["method"] == LEE_METHOD and entry["label"] is None
    assert entry["bus"]["status"] == "untested" and "fuse-curves" in entry["bus"]["reason"]
