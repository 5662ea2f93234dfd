"""The plan's schedules as CSV files and one XLSX workbook, for estimators and spreadsheets.

The schedules are the ones the PDF prints (:class:`retrofit.report.tables.Schedule`, collected as the plan
is built by :func:`retrofit.report.plan_pdf.plan_schedules`): the same columns, the same rows, every row. A
column whose cells all print a number with the same unit (``"1,250.0 kVA"``) is written as numbers, its
unit in the header (``rating [kVA]``); any other column is written as the PDF prints it. The review's
findings are ``findings.csv`` (:func:`retrofit.report.review_pages.findings_csv`), one row a finding.

Each schedule has one CSV file: a schedule the PDF's appendix prints whole keeps the name the PDF gives it
(``A03-pipes.csv``); the others are ``S<nn>-<title>.csv``, numbered in the order the plan prints them.
The workbook holds a contents sheet, then one sheet per schedule in the same order, then the findings; the
same schedules give the same bytes.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

#: A cell holding a number and, optionally, one unit after a space (``"1,250.0 kVA"``, ``"-3.5 %"``, ``"12"``).
_NUMBER_UNIT = re.compile(r"^(-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?)(?: ([^\s\d][^\s]*|M USD))?$")
#: Cells that stand for an absent value.
ABSENT = ("", "n/a")
#: Longest sheet name a workbook allows [characters].
SHEET_NAME_MAX = 31


@dataclass
class ScheduleTable:
    """A schedule as exported: title, CSV file name, column headers (units in brackets), rows of values
    (floats for numeric columns, None where absent, else text)."""

    title: str
    file: str
    headers: list[str]
    rows: list[list]
    numeric: list[bool]


def _number(text: str) -> float | int:
    plain = text.replace(",", "")
    digits = plain[1:] if plain[:1] == "-" else plain
    return int(plain) if digits.isdecimal() else float(plain)   # isdecimal: the \d of a str pattern


def schedule_table(schedule) -> ScheduleTable:
    """The schedule with numbers as numbers and each numeric column's unit in its header.

    Parameters
    ----------
    schedule : Schedule
        A schedule as the PDF prints it (cells formatted with their units).

    Examples
    --------
    >>> from retrofit.report.tables import Column, Schedule
    >>> s = Schedule("Transformers", [Column("transformer"), Column("loading")], [["t1", "85.2 %"], ["t2", "n/a"]])
    >>> t = schedule_table(s)
    >>> t.headers, t.rows
    (['transformer', 'loading [%]'], [['t1', 85.2], ['t2', None]])
    """
    cells = [["" if v is None else str(v) for v in row] for row in schedule.rows]
    parsed: dict[str, re.Match | None] = {}     # each distinct cell text matched once (a campus repeats most)
    headers, numeric = [], []
    for j, column in enumerate(schedule.columns):
        units, is_numeric = set(), False
        for row in cells:
            if j >= len(row) or (text := row[j].strip()) in ABSENT:
                continue
            if text not in parsed:
                parsed[text] = _NUMBER_UNIT.match(text)
            if (m := parsed[text]) is None:
                is_numeric = False
                break
            units.add(m.group(2))
            is_numeric = True
        is_numeric = is_numeric and len(units) == 1
        unit = next(iter(units)) if is_numeric else None
        headers.append(f"{column.heading} [{unit}]" if unit else column.heading)
        numeric.append(is_numeric)
    values: dict[str, float | int] = {}
    rows = []
    for row in cells:
        out = []
        for j in range(len(schedule.columns)):
            text = row[j] if j < len(row) else ""
            if numeric[j]:
                text = text.strip()
                if text in ABSENT:
                    out.append(None)
                else:
                    if text not in values:
                        values[text] = _number(parsed[text].group(1))
                    out.append(values[text])
            else:
                out.append(text)
        rows.append(out)
    return ScheduleTable(schedule.title, schedule.file, headers, rows, numeric)


def _name(schedules) -> None:
    """Give each schedule without a CSV file (one the appendix does not print) the name ``S<nn>-<title>.csv``."""
    from ..report.tables import slug

    taken = {s.file for s in schedules if s.file}
    for i, s in enumerate(schedules, start=1):
        if not s.file:
            name = f"S{i:02d}-{slug(s.title)}.csv"
            s.file = name if name not in taken else f"S{i:02d}-{slug(s.title)}-{i}.csv"
            taken.add(s.file)


def csv_text(table: ScheduleTable) -> str:
    """The table as CSV text: its headers, then every row (numbers in full, absent values empty)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.headers)
    writer.writerows([["" if v is None else repr(v) if isinstance(v, float) else str(v) for v in row]
                      for row in table.rows])
    return buf.getvalue()


def schedule_files(schedules) -> dict[str, str]:
    """``{CSV file name: CSV text}`` of every schedule in ``schedules`` (names given as the module says)."""
    _name(schedules)
    return {s.file: csv_text(schedule_table(s)) for s in schedules}


def schedule_tables(run, paper: str = "letter") -> list[ScheduleTable]:
    """Every schedule of the plan ``run`` as a :class:`ScheduleTable`, in the order the plan prints them."""
    from ..report.plan_pdf import plan_schedules

    schedules = plan_schedules(run, paper)
    _name(schedules)
    return [schedule_table(s) for s in schedules]


def write_schedules(run, folder: str | Path, paper: str = "letter") -> list[Path]:
    """Write every schedule of ``run`` as a CSV file into ``folder``, and ``findings.csv``; returns the paths."""
    from ..io.atomic import write_atomic
    from ..report.review_pages import findings_csv

    folder = Path(folder)
    files = {t.file: csv_text(t) for t in schedule_tables(run, paper)}
    if run.results.get("review"):
        files["findings.csv"] = findings_csv(run.results)
    for name, text in sorted(files.items()):
        write_atomic(folder / name, text)
    return [folder / name for name in sorted(files)]


def _sheet_names(titles: list[str]) -> list[str]:
    """Unique sheet names of at most 31 characters without the characters a workbook refuses."""
    names, taken = [], set()
    for i, title in enumerate(titles, start=1):
        base = re.sub(r"[\[\]:*?/\\']+", " ", title).strip() or "schedule"
        name = base[:SHEET_NAME_MAX]
        if name.lower() in taken:
            suffix = f" ({i})"
            name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def workbook_bytes(tables: list[ScheduleTable], findings: str | None, title: str) -> bytes:
    """The workbook: a contents sheet, one sheet per table (its title, the header, the rows), and the findings
    (likewise).

    Parameters
    ----------
    tables : list of ScheduleTable
        The schedules, in order.
    findings : str or None
        The review's findings as CSV text (:func:`retrofit.report.review_pages.findings_csv`).
    title : str
        The first line of the contents sheet.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    contents = wb.active
    contents.title = "Contents"
    contents.append([title])
    contents["A1"].font = Font(bold=True, size=12)
    contents.append(["sheet", "schedule", "rows", "CSV file"])
    for cell in contents[2]:
        cell.font = bold
    names = _sheet_names([t.title for t in tables] + ["Findings"])
    for name, table in zip(names, tables):
        contents.append([name, table.title, len(table.rows), table.file])
        ws = wb.create_sheet(name)
        ws.append([table.title])
        ws["A1"].font = bold
        ws.append(table.headers)
        for cell in ws[2]:
            cell.font = bold
        for row in table.rows:
            ws.append(row)
        ws.freeze_panes = "A3"
    if findings:
        rows = list(csv.reader(io.StringIO(findings)))
        contents.append([names[-1], "Review findings", len(rows) - 1, "findings.csv"])
        ws = wb.create_sheet(names[-1])
        ws.append(["Review findings"])
        ws["A1"].font = bold
        for row in rows:
            ws.append(row)
        for cell in ws[2]:
            cell.font = bold
        ws.freeze_panes = "A3"
    return _reproducible(wb)


#: Date of every member of the workbook's zip archive: the earliest a zip file can hold, so that the same
#: schedules give the same bytes (a workbook has no date of its own here).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _reproducible(wb) -> bytes:
    """The workbook's bytes without the times openpyxl and zipfile would stamp on it: the document properties
    ``created``/``modified`` and the date of each archive member are :data:`ZIP_DATE`."""
    import datetime
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = datetime.datetime(*ZIP_DATE)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def write_workbook(run, path: str | Path, paper: str = "letter") -> Path:
    """Write every schedule of the plan ``run`` and its review findings into one XLSX workbook at ``path``.

    Parameters
    ----------
    run : PlanRun
        The plan's pipeline output (:func:`retrofit.report.pipeline.run_plan`).
    path : str or Path
        The workbook to write (atomically).
    paper : str
        ``letter`` or ``a4``, as the PDF (the schedules do not depend on it).
    """
    from ..io.atomic import write_atomic
    from ..report.review_pages import findings_csv

    findings = findings_csv(run.results) if run.results.get("review") else None
    title = f"Schedules of the retrofit plan: {run.results.get('site', '')}"
    write_atomic(path, workbook_bytes(schedule_tables(run, paper), findings, title))
    return Path(path)


__all__ = ["ABSENT", "ScheduleTable", "csv_text", "schedule_files", "schedule_table", "schedule_tables",
           "workbook_bytes", "write_schedules", "write_workbook"]
