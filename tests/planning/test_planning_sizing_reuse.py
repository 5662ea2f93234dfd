"""size() and reuse() of the Washington 18 MW hall: every constraint, what binds, and a verdict with its
reason for every existing element."""
from __future__ import annotations

import math

import pytest

from retrofit.planning import size
from retrofit.units import ureg
# the function, not the package attribute: once the submodule retrofit.planning.reuse is imported the
# package's lazy attribute of that name is the module
from retrofit.planning.reuse import VERDICTS, reuse


@pytest.fixture(scope="module")
def sizing(washington):
    return size(washington)


def test_every_constraint_is_evaluated(sizing):
    names = set(sizing["constraints"])
    assert {"utility_service", "mv_switchgear", "lv_switchgear", "rack_distribution", "cdu_capacity",
            "heat_rejection", "residual_air", "floor_area", "slab_load"} <= names
    assert {"transformers 415 V wye", "transformers 480 V delta/3-wire"} <= names
    for c in sizing["constraints"].values():
        assert set(c) == {"max_racks", "max_racks_no_redundancy", "limit", "detail", "scope", "elements"}


def test_utility_binds_at_whole_scalable_units(sizing):
    assert sizing["binding_site"] == "utility_service"
    assert sizing["count_at_policy"] == 112 and sizing["count_at_policy"] % 8 == 0
    assert sizing["network_racks_at_policy"] == 14
    util = sizing["constraints"]["utility_service"]
    # 20 MVA over ~176 kVA per rack (rack, network share, losses, cooling)
    assert 105 <= util["max_racks"] <= 120


def test_existing_equipment_as_it_stands(sizing):
    c = sizing["constraints"]
    assert c["transformers 480 V delta/3-wire"]["max_racks"] == 0
    assert "without neutral" in c["transformers 480 V delta/3-wire"]["detail"]
    # the 80 %-rated 4,000 A mains of sb1-sb4 limit each 2N pair to ~2.3 MVA: 13 + 14 racks
    assert c["lv_switchgear"]["max_racks"] == 26 or c["lv_switchgear"]["max_racks"] == 27
    # the 2,500 kVA pad-mounts derated to ~89 % of nameplate at the 42.5 degC design ambient (IEEE C57.91
    # Clause 7) carry ~2.2 MVA after the loss of their partner: 12 + 13 racks, just below the mains
    assert c["transformers 415 V wye"]["max_racks"] == 25
    assert "by transformer" in c["transformers 415 V wye"]["detail"]
    assert c["residual_air"]["max_racks"] == 0 and "42.5 °C" in c["residual_air"]["detail"]
    assert c["slab_load"]["max_racks"] is None and "9.26 kPa" in c["slab_load"]["detail"]
    assert c["floor_area"]["max_racks"] > 1000
    assert sizing["count_as_is"] == 0


def test_slab_detail_says_what_limits_and_why(sizing, washington):
    # 1,360 kg on 0.6 x 1.2 m: 18.5 kPa under the footprint, above the 12 kPa rating, while the tributary
    # average (9.26 kPa) limits no count; the punching shear of LAY-SLAB-002 decides
    detail = sizing["constraints"]["slab_load"]["detail"]
    assert "no limit" not in detail
    assert "footprint 18.5 kPa above the 12.0 kPa rating" in detail and "load spreaders" in detail
    assert "LAY-SLAB-002" in detail and detail.endswith(", ok")
    # a slab too thin for a rack foot limits the count to 0 and says so
    thin = washington.model_copy(deep=True)
    thin.halls = [h.model_copy(update={"slab_thickness": ureg.Quantity(0.05, "m"),
                                       "concrete_strength": ureg.Quantity(17.0, "MPa")}) for h in thin.halls]
    slab = size(thin)["constraints"]["slab_load"]
    assert slab["max_racks"] == 0 and "exceeded: the slab needs strengthening" in slab["detail"]


def test_sizing_counts_read_with_thousands_separators(sizing):
    assert sizing["constraints"]["floor_area"]["limit"] == "4,137 rack positions"
    assert "retrofit." not in sizing["constraints"]["floor_area"]["detail"]


def test_no_redundancy_allows_at_least_as_many(sizing):
    for c in sizing["constraints"].values():
        if c["max_racks"] is not None:
            assert c["max_racks_no_redundancy"] >= c["max_racks"]


@pytest.fixture(scope="module")
def verdicts(washington):
    return {v["element"]: v for v in reuse(washington)}


def test_every_element_gets_one_verdict(washington, verdicts):
    ids = {e.id for _, e in washington.elements()}
    assert ids <= set(verdicts)
    assert all(v["verdict"] in VERDICTS for v in verdicts.values())


def test_secondary_voltage_decides_the_transformers(verdicts):
    t1, t5 = verdicts["t1"], verdicts["t5"]
    assert t1["verdict"] == "reuse" and "415Y/240 V: 240 V line to neutral is inside 200–277 V" in t1["reason"]
    assert t1["figures"]["v_ln_v"] == pytest.approx(415 / math.sqrt(3), abs=1e-3)  # figures to 3 decimals
    assert t5["verdict"] == "reuse" and "480 V without neutral" in t5["reason"] and "motors" in t5["reason"]


def test_derating_and_removal_carry_their_figures(verdicts):
    # the 80 %-rated main (3,200 A continuous, ~2.3 MVA) no longer limits the block: its transformer,
    # derated for the 42.5 degC design ambient, carries ~2.2 MVA after an outage, so both are reused as they are
    cb = verdicts["cb-main1"]
    assert cb["verdict"] == "reuse" and cb["figures"]["rated_100_percent"] is False
    assert verdicts["sb1"]["verdict"] == "reuse" and "limited by the transformer" in verdicts["sb1"]["reason"]
    assert "88.7% of nameplate at 42.5 °C" in verdicts["t1"]["reason"]
    fans = verdicts["fans-sb1"]
    assert fans["verdict"] == "remove" and fans["figures"]["t_outdoor_design_c"] == pytest.approx(42.5)
    assert fans["figures"]["airflow_m3_s"] == pytest.approx(22 * 25000 * 0.3048 ** 3 / 60, abs=1e-3)
    miners = verdicts["miners-sb1"]
    assert miners["verdict"] == "remove" and miners["figures"]["power_kw"] == pytest.approx(560 * 3.5)
