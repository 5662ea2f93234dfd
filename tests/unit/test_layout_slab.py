"""Floor loading: tributary area, uniform load and the worst rack and CDU against the slab rating.

Figures: GB300 NVL72 ~1,360 kg on 0.6 m x 1.2 m (about 1,890 kg/m2 over the footprint) against a
TIA-942 Rated-3 slab of 12 kPa (about 1,223 kg/m2) (published floor-load figures).
"""
from __future__ import annotations

import numpy as np
import pytest

from retrofit.errors import OutOfRange
from retrofit.layout.slab import STANDARD_GRAVITY, rack_slab_check, tributary_area, uniform_load_pa


def test_footprint_pressure_matches_the_domain_figure():
    assert 1360.0 / (0.6 * 1.2) == pytest.approx(1889, abs=1)          # kg/m2, "about 1,890"
    assert 12e3 / STANDARD_GRAVITY == pytest.approx(1223.7, abs=0.1)   # kg/m2, "about 1,223"
    assert uniform_load_pa(1360.0, 0.72) == pytest.approx(18523.7, abs=0.1)


def test_tributary_area_takes_half_of_each_aisle():
    assert tributary_area(0.6, 1.2, 1.2, 1.2) == pytest.approx(1.44)
    assert tributary_area(0.6, 1.2, 1.8, 1.2) == pytest.approx(0.6 * 2.7)
    arr = tributary_area(np.array([0.6, 0.8]), np.array([1.2, 1.2]), np.array([1.2, 1.2]), np.array([1.2, 0.0]))
    assert arr == pytest.approx([1.44, 1.44])


def test_worst_rack_and_cdu_are_reported():
    check = rack_slab_check(["light", "heavy"], [900.0, 1360.0], [0.6, 0.6], [1.2, 1.2], [1.2, 1.2], [1.2, 1.2],
                            12e3, ["cdu-1", "cdu-2"], [1500.0, 2000.0], [1.2, 1.2], [1.2, 1.2])
    assert check.element == "heavy" and check.ok
    assert check.load_kpa == pytest.approx(1360 * STANDARD_GRAVITY / 1.44 / 1e3)
    assert check.footprint_kpa == pytest.approx(1360 * STANDARD_GRAVITY / 0.72 / 1e3)
    assert check.cdu == "cdu-2" and not check.cdu_ok
    assert check.cdu_load_kpa == pytest.approx(2000 * STANDARD_GRAVITY / 1.44 / 1e3)
    d = check.as_dict()
    assert set(d) >= {"load_kpa", "rating_kpa", "tributary_area_m2", "ok"}


def test_narrow_aisles_overload_the_slab():
    check = rack_slab_check(["r"], [1360.0], [0.6], [1.2], [0.3], [0.3], 12e3)
    assert not check.ok and check.load_kpa > 12.0


def test_empty_hall_passes_and_bad_inputs_raise():
    check = rack_slab_check([], [], [], [], [], [], 12e3)
    assert check.ok and check.load_kpa == 0.0 and check.element is None
    with pytest.raises(OutOfRange):
        rack_slab_check([], [], [], [], [], [], 0.0)
    with pytest.raises(OutOfRange):
        uniform_load_pa(100.0, 0.0)


def test_footprint_check_against_the_worked_floor_load_example():
    # Worked example of the gridforge library (a third-party GitHub compilation, secondary): a GB300 NVL72 of 1,360 kg on a
    # 0.6 m x 1.2 m footprint loads the floor with about 1,890 kg/m2, against a TIA-942 Rated-3 slab of 12 kPa,
    # about 1,223 kg/m2. Printed to three significant figures ("about"): tolerance 0.5 % of the figure.
    check = rack_slab_check(["gb300"], [1360.0], [0.6], [1.2], [1.2], [1.2], 12e3)
    assert check.footprint_kpa * 1e3 / STANDARD_GRAVITY == pytest.approx(1890, rel=5e-3)
    assert check.rating_kpa * 1e3 / STANDARD_GRAVITY == pytest.approx(1223, rel=5e-3)
    # the footprint exceeds the uniform rating (a concentrated-load question for the structural engineer), while
    # the average over the tributary area (footprint + half of each 1.2 m aisle) stays within it
    assert not check.footprint_ok and check.ok
    # consistency: four feet share the weight equally, m g / 4
    assert check.point_load_kn == pytest.approx(1360.0 * STANDARD_GRAVITY / 4 / 1e3)
    assert check.as_dict()["feet"] == 4 and check.as_dict()["footprint_ok"] is False


def test_point_load_rejects_a_cabinet_without_feet():
    from retrofit.layout.slab import point_load_n

    assert point_load_n(np.array([1000.0, 2000.0]), 4) == pytest.approx([2451.66, 4903.33], abs=0.01)
    with pytest.raises(OutOfRange):
        point_load_n(1000.0, 0)
