"""Unit tests of the NEC ampacity kernel and of the NEC table loader."""
from __future__ import annotations

import doctest
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retrofit.electrical.ampacity as ampacity_module
import retrofit.electrical.nec_tables as nec_tables_module
from retrofit.electrical.ampacity import (
    adjustment_factor,
    ambient_correction_factor,
    conductor_ampacity,
    feeder_check,
    max_overcurrent_rating,
    next_standard_rating,
    required_ampacity,
)
from retrofit.electrical.nec_tables import (
    CATALOGS_ENV,
    catalogs_dir,
    correction_equation,
    load_nec_tables,
    normalize_size,
)
from retrofit.errors import CatalogEntryNotFound, CatalogError, OutOfRange, RetrofitError, UnknownMethod


@pytest.mark.parametrize("module", [ampacity_module, nec_tables_module])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# --- the catalog against the NEC figures published in open-source calculators -------------------------

# size: (Cu 75, Cu 90, Al 75, Al 90)
REFERENCE_5_3 = {
    "1/0 AWG": (150, 170, 120, 135), "2/0 AWG": (175, 195, 135, 150), "3/0 AWG": (200, 225, 155, 175),
    "4/0 AWG": (230, 260, 180, 205), "250 kcmil": (255, 290, 205, 230), "300 kcmil": (285, 320, 230, 260),
    "350 kcmil": (310, 350, 250, 280), "400 kcmil": (335, 380, 270, 305), "500 kcmil": (380, 430, 310, 350),
    "600 kcmil": (420, 475, 340, 385), "700 kcmil": (460, 520, 375, 425), "750 kcmil": (475, 535, 385, 435),
}


@pytest.mark.parametrize("size", sorted(REFERENCE_5_3))
def test_table_310_16_matches_reference_notes(size):
    table = load_nec_tables().ampacity
    cu75, cu90, al75, al90 = REFERENCE_5_3[size]
    assert table.value(size, "copper", 75) == cu75
    assert table.value(size, "copper", 90) == cu90
    assert table.value(size, "aluminum", 75) == al75
    assert table.value(size, "aluminum", 90) == al90


def test_table_310_16_covers_feeder_sizes():
    table = load_nec_tables().ampacity
    for material in ("copper", "aluminum"):
        for t in (60, 75, 90):
            sizes = table.sizes_for(material, t)
            assert "1000 kcmil" in sizes and "12 AWG" in sizes
    assert "14 AWG" in table.sizes_for("copper", 60)
    assert "14 AWG" not in table.sizes_for("aluminum", 75)


def test_ambient_factors_match_reference_notes():
    # NFPA 70 (NEC) 2023, Table 310.15(B)(1)(1): 90 degC 0.96/0.91/0.87/0.82 and 75 degC 0.94/0.88/0.82/0.75
    # for 31-35 ... 46-50 degC
    for ambient, f90, f75 in [(33, 0.96, 0.94), (40, 0.91, 0.88), (41, 0.87, 0.82), (50, 0.82, 0.75)]:
        assert ambient_correction_factor(ambient, 90) == f90
        assert ambient_correction_factor(ambient, 75) == f75


def test_every_ambient_factor_follows_equation_310_15_b():
    table = load_nec_tables().ambient
    for t_max, factors in zip(table.ambient_max_c, table.factors):
        for rating, value in factors.items():
            assert value == pytest.approx(round(correction_equation(t_max, rating), 2), abs=1e-12)


@pytest.mark.parametrize("n, factor", [(1, 1.0), (3, 1.0), (4, 0.8), (6, 0.8), (7, 0.7), (9, 0.7), (10, 0.5),
                                       (20, 0.5), (21, 0.45), (30, 0.45), (31, 0.4), (40, 0.4), (41, 0.35),
                                       (400, 0.35)])
def test_adjustment_factor_rows(n, factor):
    assert adjustment_factor(n) == factor


# --- ambient rows ------------------------------------------------------------------------------


def test_ambient_between_rows_takes_the_hotter_row():
    assert ambient_correction_factor(30.0, 90) == 1.0
    assert ambient_correction_factor(30.5, 90) == 0.96
    assert ambient_correction_factor(-20.0, 90) == 1.15


def test_ambient_beyond_the_table_is_out_of_range():
    with pytest.raises(OutOfRange, match="60 degC conductors"):
        ambient_correction_factor(56.0, 60)
    assert ambient_correction_factor(85.0, 90) == 0.29
    with pytest.raises(OutOfRange):
        ambient_correction_factor(86.0, 90)


# --- conductor_ampacity -------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["4/0 AWG", "4/0", "#4/0", "4/0awg", "AWG 4/0"])
def test_size_spellings(spelling):
    assert normalize_size(spelling) == "4/0 AWG"
    assert conductor_ampacity(spelling, "Cu", 90, 30, 3).table_a == 260


def test_kcmil_spellings():
    assert normalize_size("500 MCM") == normalize_size("500kcmil") == normalize_size("500") == "500 kcmil"


def test_unknown_size_lists_near_matches():
    with pytest.raises(CatalogEntryNotFound) as info:
        conductor_ampacity("550 kcmil", "copper", 90, 30, 3)
    assert "500 kcmil" in info.value.near and "600 kcmil" in info.value.near
    assert isinstance(info.value, KeyError) and isinstance(info.value, RetrofitError)
    with pytest.raises(CatalogEntryNotFound) as info:
        conductor_ampacity("4/O", "copper", 90, 30, 3)
    assert "4/0 AWG" in info.value.near


def test_size_not_listed_for_aluminum():
    with pytest.raises(CatalogEntryNotFound) as info:
        conductor_ampacity("14 AWG", "aluminum", 75, 30, 3)
    assert "12 AWG" in info.value.near


def test_unknown_material_and_rating():
    with pytest.raises(UnknownMethod, match="copper, aluminum"):
        conductor_ampacity("4/0", "silver", 90, 30, 3)
    with pytest.raises(UnknownMethod, match="60, 75, 90"):
        conductor_ampacity("4/0", "copper", 105, 30, 3)
    with pytest.raises(UnknownMethod):
        conductor_ampacity("4/0", "copper", 90, 30, 3, termination_temp_c=70)


def test_aluminum_value():
    r = conductor_ampacity("750 kcmil", "aluminium", 90, 30, 3)
    assert (r.material, r.table_a, r.termination_cap_a, r.ampacity_a) == ("aluminum", 435.0, 385.0, 385.0)


def test_cold_ambient_is_capped_by_the_termination_column():
    r = conductor_ampacity("4/0 AWG", "copper", 90, 10, 3)
    assert r.correction_factor == 1.15
    assert r.derated_a == pytest.approx(299.0)
    assert r.ampacity_a == 230.0 and r.limited_by == "termination"


def test_sixty_degree_terminations():
    r = conductor_ampacity("1 AWG", "copper", 90, 30, 3, termination_temp_c=60)
    assert r.termination_cap_a == 110.0 and r.ampacity_a == 110.0


def test_termination_rated_above_insulation_does_not_raise_the_cap():
    r = conductor_ampacity("1 AWG", "copper", 60, 30, 3, termination_temp_c=90)
    assert r.termination_cap_a == 110.0


def test_parallel_sets_multiply_the_phase_ampacity():
    one = conductor_ampacity("500 kcmil", "copper", 90, 40, 6)
    four = conductor_ampacity("500 kcmil", "copper", 90, 40, 6, parallel=4)
    assert four.ampacity_a == one.ampacity_a
    assert four.total_a == pytest.approx(4 * one.ampacity_a)


def test_parallel_below_1_0_is_refused():
    with pytest.raises(OutOfRange, match="310.10"):
        conductor_ampacity("2 AWG", "copper", 90, 30, 6, parallel=2)


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_conductor_count_must_be_a_positive_whole_number(bad):
    with pytest.raises(OutOfRange):
        conductor_ampacity("2 AWG", "copper", 90, 30, bad)


# --- required ampacity, protection and the feeder check -----------------------------------------


def test_required_ampacity():
    assert required_ampacity(100.0) == 125.0
    assert required_ampacity(100.0, 30.0) == 155.0
    with pytest.raises(OutOfRange):
        required_ampacity(-1.0)


@pytest.mark.parametrize("ampacity_a, rating_a, clause", [
    (313.04, 350.0, "NEC 240.4(B)"),
    (400.0, 400.0, "NEC 240.4"),
    (760.0, 800.0, "NEC 240.4(B)"),
    (800.0, 800.0, "NEC 240.4"),
    (810.0, 810.0, "NEC 240.4(C)"),
    (1520.0, 1520.0, "NEC 240.4(C)"),
    (7000.0, 7000.0, "NEC 240.4(C)"),
])
def test_max_overcurrent_rating(ampacity_a, rating_a, clause):
    assert max_overcurrent_rating(ampacity_a) == (rating_a, clause)


def test_small_conductor_limit():
    r = conductor_ampacity("12 AWG", "copper", 90, 30, 3)  # 30 A at 90 degC, 25 A at 75 degC
    assert r.ampacity_a == 25.0
    assert max_overcurrent_rating(r.ampacity_a, r.size, r.material) == (20.0, "NEC 240.4(D)")
    r = conductor_ampacity("14 AWG", "copper", 90, 40, 9)  # 25 x 0.91 x 0.70 = 15.925 A -> 20 A by (B), 15 A by (D)
    assert max_overcurrent_rating(r.ampacity_a, r.size, r.material) == (15.0, "NEC 240.4(D)")


def test_next_standard_rating():
    assert next_standard_rating(1.0) == 10.0
    assert next_standard_rating(800.0) == 800.0
    assert next_standard_rating(800.5) == 1000.0
    assert next_standard_rating(6001.0) is None


def test_feeder_check_passes_with_next_size_up():
    c = conductor_ampacity("500 kcmil", "copper", 90, 40, 6, parallel=2)  # 2 x 313.04 A
    chk = feeder_check(c, continuous_a=480.0, ocpd_rating_a=700.0)
    assert chk.required_a == 600.0 and chk.max_ocpd_a == 700.0
    assert chk.ok and chk.diagnosis == ""
    assert chk.clauses["protection"] == "NEC 240.4(B)"


def test_feeder_check_reports_each_failure():
    c = conductor_ampacity("500 kcmil", "copper", 90, 40, 6, parallel=2)
    chk = feeder_check(c, continuous_a=520.0, noncontinuous_a=20.0, ocpd_rating_a=800.0)
    assert chk.required_a == 670.0 and chk.load_a == 540.0
    assert not chk.ampacity_ok and not chk.ocpd_protects_conductor and chk.ocpd_covers_load
    assert "215.2(A)(1)" in chk.diagnosis and "240.4(B)" in chk.diagnosis
    chk = feeder_check(c, continuous_a=400.0, ocpd_rating_a=450.0)
    assert chk.ampacity_ok and chk.ocpd_protects_conductor and not chk.ocpd_covers_load
    assert "215.3" in chk.diagnosis and not chk.ok


def test_feeder_check_above_800_a_needs_full_ampacity():
    c = conductor_ampacity("600 kcmil", "copper", 90, 30, 3, parallel=3)  # 3 x 420 A = 1260 A
    assert feeder_check(c, continuous_a=900.0, ocpd_rating_a=1200.0).ok
    chk = feeder_check(c, continuous_a=900.0, ocpd_rating_a=1600.0)
    assert not chk.ocpd_protects_conductor and chk.clauses["protection"] == "NEC 240.4(C)"


# --- properties ---------------------------------------------------------------------------------

_TABLES = load_nec_tables()
_COMBOS = [(s, m, t) for (s, m, t) in sorted(_TABLES.ampacity.values)]


@settings(max_examples=200, deadline=None)
@given(combo=st.sampled_from(_COMBOS), termination=st.sampled_from([60, 75, 90]),
       n1=st.integers(1, 60), n2=st.integers(1, 60),
       a1=st.floats(-10.0, 85.0), a2=st.floats(-10.0, 85.0))
def test_ampacity_never_rises_with_more_conductors_or_hotter_ambient(combo, termination, n1, n2, a1, a2):
    size, material, rating = combo
    n_low, n_high = sorted((n1, n2))
    a_low, a_high = sorted((a1, a2))
    limit = max(t for t, f in zip(_TABLES.ambient.ambient_max_c, _TABLES.ambient.factors) if rating in f)
    a_low, a_high = min(a_low, limit), min(a_high, limit)

    def amp(ambient, n):
        return conductor_ampacity(size, material, rating, ambient, n, termination_temp_c=termination).ampacity_a

    assert amp(a_low, n_high) <= amp(a_low, n_low)
    assert amp(a_high, n_low) <= amp(a_low, n_low)
    assert amp(a_high, n_high) <= min(amp(a_high, n_low), amp(a_low, n_high))


# --- the loader ---------------------------------------------------------------------------------


def test_catalogs_dir_default_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv(CATALOGS_ENV, raising=False)
    default = catalogs_dir()
    assert (default / "nec" / "table-310-16.yaml").is_file()
    monkeypatch.setenv(CATALOGS_ENV, str(tmp_path))
    assert catalogs_dir() == tmp_path.resolve()


def _copy_catalogs(tmp_path: Path) -> Path:
    source = Path(nec_tables_module.__file__).resolve().parents[2] / "catalogs" / "nec"
    target = tmp_path / "catalogs"
    shutil.copytree(source, target / "nec")
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / "nec" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_env_override_is_used(monkeypatch, tmp_path):
    folder = _copy_catalogs(tmp_path)
    _edit(folder, "table-310-16.yaml", "cu_90c_a: 430,", "cu_90c_a: 431,")
    monkeypatch.setenv(CATALOGS_ENV, str(folder))
    assert load_nec_tables().ampacity.value("500 kcmil", "copper", 90) == 431.0
    assert conductor_ampacity("500 kcmil", "copper", 90, 30, 3, tables=load_nec_tables(folder)).table_a == 431.0


@pytest.mark.parametrize("name, old, new, message", [
    ("table-310-16.yaml", "cu_75c_a: 380,", "cu_75c_a: 250,", r"row 18 \(500 kcmil\)"),
    ("table-310-16.yaml", 'size: "4/0 AWG"', 'size: "4/0"', "write the size as '4/0 AWG'"),
    ("table-310-16.yaml", "cu_60c_a: 215,", "cu_60c_a: -215,", "positive number"),
    ("table-310-16.yaml", "cu_60c_a: 215,", "copper_60c_a: 215,", "unknown column"),
    ("table-310-16.yaml", "class: published", "class: official", "class 'official'"),
    ("table-310-15-b1.yaml", "f_90c: 0.91}", "f_90c: 0.93}", "Equation 310.15"),
    ("table-310-15-c1.yaml", "count_min: 10,", "count_min: 11,", "must follow"),
    ("table-310-15-c1.yaml", "count_min: 41, ", "count_min: 41, count_max: 99, ", "count_max out"),
    ("chapter9-table9.yaml", "r_cu_pvc_ohm_per_kft: 0.027,", "r_cu_pvc_ohm_per_kft: 0.037,", "Note 2 cross-check"),
    ("chapter9-table9.yaml", 'ohm/kft"\n  xl_steel', 'ohm/m"\n  xl_steel', "wrong unit"),
])
def test_bad_rows_raise_catalog_error_with_file_and_row(tmp_path, name, old, new, message):
    folder = _copy_catalogs(tmp_path)
    _edit(folder, name, old, new)
    with pytest.raises(CatalogError, match=message) as info:
        load_nec_tables(folder)
    assert name in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, RetrofitError)


def test_row_error_names_the_line(tmp_path):
    folder = _copy_catalogs(tmp_path)
    _edit(folder, "table-310-16.yaml", "cu_75c_a: 380,", "cu_75c_a: 250,")
    text = (folder / "nec" / "table-310-16.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i + 1 for i, t in enumerate(text) if '"500 kcmil"' in t)
    with pytest.raises(CatalogError, match=rf"table-310-16.yaml:{line}: row 18"):
        load_nec_tables(folder)


def test_missing_file(tmp_path):
    folder = _copy_catalogs(tmp_path)
    (folder / "nec" / "chapter9-table9.yaml").unlink()
    with pytest.raises(CatalogError, match="chapter9-table9.yaml"):
        load_nec_tables(folder)
