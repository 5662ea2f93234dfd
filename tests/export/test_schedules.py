"""Schedules of the Washington plan as the CSV files beside the PDF and the XLSX workbook of ``--xlsx``: every
schedule the plan prints, numbers as numbers with units in the header, matching the results JSON."""
from __future__ import annotations

import csv
import io

import pytest

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def book(exported):
    return openpyxl.load_workbook(exported.xlsx, read_only=False)


def _sheet(book, title: str):
    contents = list(book["Contents"].iter_rows(min_row=3, values_only=True))
    name = next(row[0] for row in contents if row[1] == title)
    rows = list(book[name].iter_rows(values_only=True))
    return rows[1], rows[2:]


def test_workbook_holds_every_schedule_the_issue_names(book):
    titles = {row[1] for row in book["Contents"].iter_rows(min_row=3, values_only=True)}
    for title in ("Transformers", "Switchgear and switchboards", "Busway and PDUs", "Protective devices", "Feeders",
                  "Device interrupting duty", "Bus voltages", "Bus fault levels and equipment ratings", "Pipes",
                  "Rack feeds", "Rack cooling", "Bill of materials", "Phases", "Review findings"):
        assert title in titles, title


def test_workbook_matches_the_json(book, exported):
    results = exported.results
    header, rows = _sheet(book, "Bus voltages")
    assert header == ("bus", "nominal [kV]", "voltage [kV]", "per unit", "angle [deg]")
    buses = results["electrical"]["load_flow"]["buses"]
    assert len(rows) == len(buses)
    for bus, nominal, v_kv, vm_pu, _ in rows:
        assert nominal == pytest.approx(buses[bus]["vn_kv"], rel=1e-9)
        assert v_kv == pytest.approx(buses[bus]["v_kv"], abs=5e-5)          # printed to 4 decimals
        assert vm_pu == pytest.approx(buses[bus]["vm_pu"], abs=5e-5)
    header, rows = _sheet(book, "Phases")
    assert len(rows) == len(results["plan"]["phases"]) and "utility demand [kVA]" in header
    header, rows = _sheet(book, "Bill of materials")
    assert len(rows) == len(results["plan"]["bom"]["items"]) and "total [USD]" in header
    header, rows = _sheet(book, "Review findings")
    assert len(rows) == len(results["review"]["findings"])
    header, rows = _sheet(book, "Rack feeds")
    assert all(isinstance(v, (int, float)) for row in rows for v, h in zip(row, header) if h and "[" in h and v is not None)


def test_csv_files_match_the_workbook(book, exported):
    """Each schedule's CSV file beside the PDF holds the rows of its sheet, the same headers, the same values."""
    contents = list(book["Contents"].iter_rows(min_row=3, values_only=True))
    files = {p.name for p in exported.tables.iterdir()}
    assert {row[3] for row in contents} <= files
    for name, _, n_rows, file in contents:
        table = list(csv.reader(io.StringIO((exported.tables / file).read_text(encoding="utf-8"))))
        sheet = list(book[name].iter_rows(values_only=True))[1:]          # under the title
        assert len(table) - 1 == n_rows == len(sheet) - 1, file
        assert tuple(table[0]) == tuple("" if h is None else h for h in sheet[0][:len(table[0])]), file
        for cells, values in zip(table[1:], sheet[1:]):
            for text, value in zip(cells, values):
                if isinstance(value, (int, float)):
                    assert float(text) == pytest.approx(value, rel=1e-12), file
                else:
                    assert text == ("" if value is None else str(value)), file


def test_same_schedules_same_workbook_bytes():
    import zipfile

    from retrofit.export.schedules import ZIP_DATE, schedule_table, workbook_bytes
    from retrofit.report.tables import Column, Schedule

    table = schedule_table(Schedule("Transformers", [Column("transformer"), Column("rating"), Column("loading")],
                                    [["t1", "2,500 kVA", "85.2 %"], ["t2", "2,500 kVA", "n/a"]]))
    first = workbook_bytes([table], None, "Schedules")
    assert workbook_bytes([table], None, "Schedules") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:     # nothing in the file follows the clock
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE}
        assert b"1980-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    rows = list(openpyxl.load_workbook(io.BytesIO(first))["Transformers"].iter_rows(values_only=True))
    assert rows == [("Transformers", None, None), ("transformer", "rating [kVA]", "loading [%]"),
                    ("t1", 2500, 85.2), ("t2", 2500, None)]
