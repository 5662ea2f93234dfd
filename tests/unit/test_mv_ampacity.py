"""Medium-voltage cable ampacity (retrofit.electrical.mv_ampacity): the procedure around the tables.

Consistency checks of the procedure (installation factor, ambient correction, termination cap, parallel
sets, the cases no shipped table covers); the table entries themselves are checked against the printed
NEC values in tests/validation/nec_315.
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.mv_ampacity import (
    MvTableMissing,
    load_mv_tables,
    mv_cable_ampacity,
    mv_feeder_check,
    mv_max_device_rating,
)
from retrofit.errors import OutOfRange


def test_conduit_in_air_termination_governs_mv105():
    a = mv_cable_ampacity("1/0 AWG", "copper", 105, 15000.0, "conduit_in_air", 30.0)
    assert a.table == "Table 315.60(C)(7)" and a.voltage_column == "v35kv"
    assert a.corrected_a == pytest.approx(215.0 * math.sqrt((105 - 30) / (105 - 40)))
    assert a.termination_a == pytest.approx(195.0 * math.sqrt((90 - 30) / (90 - 40)))
    assert a.ampacity_a == a.termination_a and a.limited_by == "termination"


def test_terminations_rated_105_use_the_105_column():
    a = mv_cable_ampacity("1/0 AWG", "copper", 105, 15000.0, "conduit_in_air", 40.0, termination_temp_c=105)
    assert a.ampacity_a == pytest.approx(215.0) and a.limited_by == "insulation"


def test_tray_is_75_percent_of_isolated_in_air_and_sets_multiply():
    a = mv_cable_ampacity("500 kcmil", "copper", 90, 15000.0, "tray", 40.0, parallel=3)
    assert a.table_a == pytest.approx(0.75 * 685.0)
    assert a.total_a == pytest.approx(3 * 0.75 * 685.0)


def test_underground_is_based_on_20_degc_earth():
    a = mv_cable_ampacity("4/0 AWG", "copper", 90, 15000.0, "underground_duct", 20.0)
    assert a.ampacity_a == pytest.approx(295.0)
    hot = mv_cable_ampacity("4/0 AWG", "copper", 90, 15000.0, "underground_duct", 30.0)
    assert hot.ampacity_a == pytest.approx(295.0 * math.sqrt(60 / 70))


def test_cases_without_a_table_say_what_would_evaluate_them():
    with pytest.raises(MvTableMissing, match="lists no 2 AWG"):
        load_mv_tables()["tray", "aluminum"].value("2 AWG", "v35kv", 105)
    with pytest.raises(OutOfRange, match="35000 V"):
        mv_cable_ampacity("1/0 AWG", "copper", 105, 46000.0, "conduit_in_air", 30.0)
    with pytest.raises(OutOfRange, match="1/0 AWG"):
        mv_cable_ampacity("2 AWG", "copper", 105, 15000.0, "tray", 30.0)
    with pytest.raises(MvTableMissing, match="lists no"):
        mv_cable_ampacity("1500 kcmil", "copper", 105, 15000.0, "conduit_in_air", 30.0)


def test_protection_multiples_of_240_101():
    assert mv_max_device_rating(200.0, "mv_breaker") == 1200.0
    assert mv_max_device_rating(200.0, "fuse") == 600.0
    a = mv_cable_ampacity("1/0 AWG", "copper", 90, 15000.0, "conduit_in_air", 40.0)
    chk = mv_feeder_check(a, 100.0, "fuse", 600.0)
    assert chk.ampacity_ok and chk.ocpd_protects_conductor is False and "240.101(A)" in chk.diagnosis


def test_aluminum_uses_its_own_table():
    a = mv_cable_ampacity("500 kcmil", "aluminum", 90, 15000.0, "underground_duct", 20.0)
    assert a.table == "Table 315.60(C)(12)" and a.ampacity_a == pytest.approx(370.0)


def test_tables_load_once_per_folder():
    assert load_mv_tables() is load_mv_tables()


def test_a_malformed_table_names_file_and_row(tmp_path):
    from retrofit.errors import CatalogError

    nec = tmp_path / "nec"
    nec.mkdir()
    src = load_mv_tables()  # the shipped files, copied with one entry broken
    from retrofit.electrical.mv_ampacity import INSTALLATIONS
    from retrofit.electrical.nec_tables import catalogs_dir

    for inst in INSTALLATIONS.values():
        for file, table in inst.files.values():
            text = (catalogs_dir() / file).read_text(encoding="utf-8")
            if table == "Table 315.60(C)(7)":
                text = text.replace("v35kv_90c_a: 480,", "v35kv_90c_a: 380,")
            (tmp_path / file).write_text(text, encoding="utf-8")
    assert src
    with pytest.raises(CatalogError, match=r"table-315-60-c7.yaml:\d+: row 9 \(500 kcmil\).*below"):
        load_mv_tables(tmp_path)
