"""Fuse time-current curves: log-log interpolation of the catalog's tabulated points, selectivity of a
fuse under an upstream breaker, NEC 450.3 with a fuse, and the arc-flash clearing time of a fuse.
Hand-checked cases and consistency checks (the curves are secondary data, catalog table fuse-curves;
no published worked example of a fuse study is held here)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from retrofit.catalog import load_catalog
from retrofit.electrical.protection import protection_study
from retrofit.electrical.tcc import DeviceCurve, clearing_time, fuse_curve, loglog_interpolate, selectivity
from retrofit.testing import tolerance

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design, element  # noqa: E402  - the unit tests' pilot variant

CLOSED = tolerance("closed_form")
FUSES = load_catalog().table("fuse-curves").rows
BAND = float(next(r for r in load_catalog().table("trip-unit-defaults").rows if r["kind"] == "fuse")["pickup_tolerance"]) / 100


def rows(family, rating):
    return [r for r in FUSES if r["family"] == family and r["rating_a"] == rating]


def test_every_tabulated_curve_rises_in_current_and_falls_in_time():
    for r in FUSES:
        assert len(r["current_a"]) == len(r["time_s"]) >= 2, r["type"]
        assert np.all(np.diff(r["current_a"]) > 0) and np.all(np.diff(r["time_s"]) < 0), (r["type"], r["curve"])
    for rating in {r["rating_a"] for r in FUSES if r["family"] == "hv-fuse"}:
        assert {r["curve"] for r in rows("hv-fuse", rating)} == {"min_melting", "total_clearing"}


def test_loglog_interpolation_between_and_beyond_points():
    a, t = [100.0, 1000.0, 10000.0], [100.0, 1.0, 0.04]
    assert loglog_interpolate(1000.0, a, t) == CLOSED.approx(1.0)
    # log-log straight line: at sqrt(100*1000) A the time is sqrt(100*1) s
    assert loglog_interpolate(math.sqrt(1e5), a, t) == CLOSED.approx(10.0)
    # second segment: t = 1 * (I/1000)^(ln 0.04 / ln 10)
    assert loglog_interpolate(3000.0, a, t) == CLOSED.approx(3.0 ** (math.log(0.04) / math.log(10.0)))
    assert math.isinf(loglog_interpolate(99.0, a, t))
    assert loglog_interpolate(20000.0, a, t, above="hold") == CLOSED.approx(0.04)
    assert loglog_interpolate(20000.0, a, t, above="extend") == CLOSED.approx(0.04 * 2.0 ** (math.log(0.04) / math.log(10.0)))


def test_mv_fuse_bounds_are_its_two_published_curves():
    c = fuse_curve("fu", rows("hv-fuse", 100), BAND)
    melt = next(r for r in rows("hv-fuse", 100) if r["curve"] == "min_melting")
    clear = next(r for r in rows("hv-fuse", 100) if r["curve"] == "total_clearing")
    for i, t in zip(melt["current_a"], melt["time_s"]):
        assert clearing_time(c, i, "min") == CLOSED.approx(t)
    for i, t in zip(clear["current_a"], clear["time_s"]):
        assert clearing_time(c, i, "max") == CLOSED.approx(t)


def test_nh_fuse_band_around_its_average_curve():
    c = fuse_curve("fu", rows("nh-gg", 400), BAND)
    avg = rows("nh-gg", 400)[0]
    assert avg["curve"] == "average_melting"
    i, t = avg["current_a"][2], avg["time_s"][2]  # 2,800 A, 7 s
    assert clearing_time(c, i * (1 + BAND), "max") == CLOSED.approx(t)
    assert clearing_time(c, i * (1 - BAND), "min") == CLOSED.approx(t)
    assert c.long_time_pickup_a == CLOSED.approx(avg["current_a"][0] * (1 + BAND))


# A 400 A NH gG fuse under a 3,200 A LVPCB main (LSI: Ir 3,200 A, 4 s at 6 Ir, Isd 4 Ir at 0.3 s,
# Ii 32 kA, 10 % pickup tolerance). The main's earliest trip above its short-time pickup (0.9 x 12.8 kA =
# 11.52 kA) is the shortened band 0.8 x 0.3 = 0.24 s; the fuse clears there on the segment between
# (7,150 A, 0.1 s) and (16,500 A, 0.004 s) of its clearing curve (average x 1.1), in about 0.016 s.
MAIN = DeviceCurve("cb-main", "lsi", 3200.0, 4.0, 12800.0, 0.3, 32000.0, opening_time_s=0.05, pickup_tolerance=0.1)


def fuse_time_on_last_segment(i):
    slope = math.log(0.004 / 0.1) / math.log(16500.0 / 7150.0)
    return 0.1 * (i / 7150.0) ** slope


def test_fuse_under_a_breaker_is_selective_up_to_the_breakers_instantaneous():
    fuse = fuse_curve("fu", rows("nh-gg", 400), BAND)
    s = selectivity(fuse, MAIN, 20e3)
    assert s.selective
    # tightest just above the main's short-time pickup: 0.24 s less the fuse's clearing there
    assert 11520.0 < s.worst_current_a < 11520.0 * 1.02
    assert s.worst_margin_s == CLOSED.approx(0.24 - fuse_time_on_last_segment(s.worst_current_a))
    assert 0.22 < s.worst_margin_s < 0.225


def test_fuse_under_a_breaker_loses_selectivity_at_the_breakers_instantaneous():
    fuse = fuse_curve("fu", rows("nh-gg", 400), BAND)
    s = selectivity(fuse, MAIN, 40e3)
    assert not s.selective
    # the main's instantaneous element commits at 0.9 x 32 kA = 28.8 kA; the fuse needs 4 ms there
    assert 28800.0 / 1.02 < s.selective_up_to_a < 28800.0
    assert s.worst_margin_s == CLOSED.approx(-0.004)


@pytest.fixture(scope="module")
def pilot():
    return protection_study(design())


def test_arc_flash_clearing_time_of_a_fuse_is_its_total_clearing_time(pilot):
    """mech-b is cleared by the 400 A fuse fu-mech-b: each case's duration is the fuse's clearing time at
    that case's arcing current (IEEE 1584-2018 uses the total clearing time of a fuse)."""
    entry = pilot["arc_flash"]["mech-b"]["bus"]
    assert entry["status"] == "computed" and entry["clearing_devices"] == ["fu-mech-b"]
    fuse = fuse_curve("fu-mech-b", rows("nh-gg", 400), BAND)
    for case in entry["cases"].values():
        t = clearing_time(fuse, case["arcing_current_ka"] * 1e3, "max")
        assert case["clearing_time_s"] == pytest.approx(t, abs=5e-5)  # reported to 4 decimals


def test_mv_fuse_primary_takes_the_fuse_column_of_nec_450_3_and_clears_the_arc():
    def to_fuse(data):
        br = element(data, "electrical", "breakers", "cb-mv-a")
        br.update(kind="fuse", rating="100 A")

    r = protection_study(design(to_fuse))
    nec = r["nec_450_3"]["tx-a"]
    assert nec["primary_limit_percent"] == 300  # Table 450.3(A), Z <= 6 %, fuse column
    assert nec["primary_setting_a"] == 100.0 and nec["primary_ok"]
    arc = r["arc_flash"]["mv-a"]["bus"]
    fuse = fuse_curve("cb-mv-a", rows("hv-fuse", 100), BAND)
    assert arc["status"] == "computed" and arc["clearing_devices"] == ["cb-mv-a"]
    for case in arc["cases"].values():
        expected = min(clearing_time(fuse, case["arcing_current_ka"] * 1e3, "max"), 2.0)
        assert case["clearing_time_s"] == pytest.approx(expected, abs=5e-5)


def test_a_fuse_rating_without_a_curve_is_untested():
    def odd_rating(data):
        element(data, "electrical", "breakers", "fu-mech-b")["rating"] = "390 A"

    entry = protection_study(design(odd_rating))["arc_flash"]["mech-b"]["bus"]
    assert entry["status"] == "untested" and "fuse-curves" in entry["reason"]
