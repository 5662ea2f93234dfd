"""Medium-voltage cable ampacity tables of NEC Article 315: lookups against the printed entries.

Source: NFPA 70, National Electrical Code, 2023 edition, Table 315.60(C)(3) (single copper conductor
isolated in air, 40 degC), Table 315.60(C)(7) (three single copper conductors in isolated conduit in
air, 40 degC) and Table 315.60(C)(11) (three single copper conductors per underground duct, one
circuit, Figure 315.60(D)(3) Detail 1, 20 degC earth, rho 90), and their aluminum counterparts Tables
315.60(C)(4), (C)(8) and (C)(12) - Tables 311.60(C)(69)-(70), (73)-(74) and (77)-(78) of the 2020 edition. The expected values are the table entries as reproduced by third parties (catalog class
``secondary``: Table (C)(3) from two reproductions that agree on every entry used, the others from one
that cites Fehr, *Industrial Power Distribution*, 2nd ed., Appendix E; see each catalog file's
``source``). They have not been read from the printed NEC and should be confirmed against it.
Kind: published table (secondary reproduction).

Tolerance: the entries are printed as whole amperes and the lookup does no arithmetic, so they are
compared exactly (``closed_form``, rel 1e-9, floating point only). The 315.60(D)(4) correction at the
table's own ambient is 1 by its definition.
"""
from __future__ import annotations

import pytest

from retrofit.electrical.mv_ampacity import load_mv_tables, mv_ambient_correction, voltage_column
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")

# (installation, NEC 2023 table, size, voltage rating of the cable [V], conductor degC, printed A)
ALUMINUM = {"315.60(C)(4)", "315.60(C)(8)", "315.60(C)(12)"}
ENTRIES = [
    ("conduit_in_air", "315.60(C)(8)", "1/0 AWG", 15000.0, 105, 170),
    ("underground_duct", "315.60(C)(12)", "500 kcmil", 5000.0, 90, 370),
    ("tray", "315.60(C)(4)", "750 kcmil", 35000.0, 105, 765),
    ("conduit_in_air", "315.60(C)(7)", "1/0 AWG", 15000.0, 90, 195),
    ("conduit_in_air", "315.60(C)(7)", "1/0 AWG", 15000.0, 105, 215),
    ("conduit_in_air", "315.60(C)(7)", "500 kcmil", 15000.0, 90, 480),
    ("conduit_in_air", "315.60(C)(7)", "500 kcmil", 5000.0, 105, 530),
    ("underground_duct", "315.60(C)(11)", "1/0 AWG", 35000.0, 105, 215),
    ("underground_duct", "315.60(C)(11)", "4/0 AWG", 5000.0, 90, 290),
    ("underground_duct", "315.60(C)(11)", "1000 kcmil", 15000.0, 90, 640),
    ("tray", "315.60(C)(3)", "1/0 AWG", 15000.0, 90, 260),
    ("tray", "315.60(C)(3)", "500 kcmil", 15000.0, 105, 765),
    ("tray", "315.60(C)(3)", "750 kcmil", 35000.0, 90, 870),
]


@pytest.mark.parametrize("installation, table, size, voltage_v, temp_c, printed", ENTRIES,
                         ids=[f"{e[1]}-{e[2]}-{e[3]:g}V-{e[4]}C" for e in ENTRIES])
def test_printed_entry(installation, table, size, voltage_v, temp_c, printed):
    t = load_mv_tables()[installation, "aluminum" if table in ALUMINUM else "copper"]
    assert t.title.startswith(f"NEC Table {table} ")
    column = voltage_column(voltage_v, t)
    assert t.value(size, column, temp_c) == pytest.approx(printed, rel=EXACT.rel)


def test_correction_is_one_at_the_table_ambient():
    assert mv_ambient_correction(40.0, 105.0, 40.0) == pytest.approx(1.0, rel=EXACT.rel)
    assert mv_ambient_correction(20.0, 90.0, 20.0) == pytest.approx(1.0, rel=EXACT.rel)
