"""Tables for the PDF plan: long schedules that split across pages with their header repeated, key-value
tables, and the rule that keeps long schedules out of the body (a short excerpt there, the whole table in
an appendix).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, TableStyle

from .document import INK, STYLES, SteadyParagraph
from .formatting import markup, plain

HEADER_FILL = colors.HexColor("#dde5ee")
ZEBRA_FILL = colors.HexColor("#f7f9fb")
FAIL_FILL = colors.HexColor("#fde2e1")
GRID = colors.HexColor("#b8c2cc")

#: Rows a schedule may have in the body of the plan; longer ones go whole to an appendix.
BODY_ROWS = 12
#: Rows a schedule prints in the appendix at most (failing rows first, then the most loaded), about a page; a
#: campus has schedules of tens of thousands of rows (a pipe per rack branch), which go whole to the schedule's
#: CSV file beside the PDF (:func:`schedule_csv`) and to the JSON results.
APPENDIX_ROWS = 40
#: Folder, beside the PDF, of the machine-readable tables (``<plan>.tables/``).
TABLES_SUFFIX = ".tables"


@dataclass
class Column:
    """A table column: heading, relative width, alignment (``LEFT``/``RIGHT``/``CENTER``)."""

    heading: str
    width: float = 1.0
    align: str = "LEFT"


_ALIGNED = {(bold, align): STYLES["cell_bold" if bold else "cell"].clone(
    f"cell_{'bold_' if bold else ''}{align.lower()}", alignment={"LEFT": 0, "CENTER": 1, "RIGHT": 2}[align])
    for bold in (False, True) for align in ("LEFT", "CENTER", "RIGHT")}


CELL_FONT_SIZE = 7.5
CELL_PADDING = 3.0


def _cell(value, bold: bool = False, align: str = "LEFT", width: float | None = None):
    """A table cell: plain text when it fits the column on one line (fast to lay out), else a wrapping paragraph."""
    text = plain("" if value is None else str(value))
    if width is not None and "\n" not in text and \
            stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", CELL_FONT_SIZE) <= width - 2 * CELL_PADDING - 0.5:
        return text
    if width is not None:
        # at most ~40 lines in a cell, so that no row is taller than a page (the JSON has the whole text)
        most = max(40, int((width - 2 * CELL_PADDING) / (0.45 * CELL_FONT_SIZE)) * 40)
        if len(text) > most:
            text = text[: most - 1] + "\u2026"
    return SteadyParagraph(markup(text), _ALIGNED[(bold, align)])


#: Widest word a column widens for [pt]: a longer one (a long text) wraps within its column as before.
WORD_MAX = 110.0


#: A cell text this short (a figure with its unit, a date) is kept on one line when the table has the room [-].
SHORT_TEXT = 16


def _word_width(text: object, font: str) -> float:
    """Width of what must not break: a short text whole (``2,679 L/min``), else its longest word [pt]."""
    if not isinstance(text, (str, int, float)):
        return 0.0
    text = plain(text)
    words = [text] if len(text) <= SHORT_TEXT else text.split()
    return max((stringWidth(w, font, CELL_FONT_SIZE) for w in words), default=0.0)


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence], width: float) -> list[float]:
    """Column widths [pt]: in proportion to the columns' relative widths, then widened where a heading word or a
    word of a cell (an id, a date; at most :data:`WORD_MAX`) would not fit and be broken inside the word, taking
    the room from the columns that have more than they need. When the words of every column cannot fit the width,
    the proportional widths stand."""
    total = sum(c.width for c in columns) or 1.0
    widths = [width * c.width / total for c in columns]
    pad = 2 * CELL_PADDING + 1.0
    need = [min(WORD_MAX, max([_word_width(c.heading, "Helvetica-Bold")]
                              + [_word_width(r[i], "Helvetica") for r in rows if i < len(r)])) + pad
            for i, c in enumerate(columns)]
    if sum(need) > width:
        return widths
    short = [max(n - w, 0.0) for n, w in zip(need, widths)]
    deficit = sum(short)
    if deficit <= 0.0:
        return widths
    slack = [max(w - n, 0.0) for n, w in zip(need, widths)]
    spare = sum(slack)
    return [w + d - deficit * sl / spare for w, d, sl in zip(widths, short, slack)]


def data_table(columns: Sequence[Column], rows: Sequence[Sequence], width: float, *,
               failing: Sequence[bool] | None = None) -> LongTable:
    """A schedule that splits across pages, repeating its header row on each.

    Parameters
    ----------
    columns : sequence of Column
        Headings, relative widths and alignment.
    rows : sequence of sequence
        Cell texts, already formatted (numbers with their units).
    width : float
        Width of the table [pt].
    failing : sequence of bool, optional
        Rows to highlight as failing a check.
    """
    widths = column_widths(columns, rows, width)
    data = [[_cell(c.heading, bold=True, align=c.align, width=w) for c, w in zip(columns, widths)]]
    for row in rows:
        data.append([_cell(v, align=c.align, width=w) for v, c, w in zip(row, columns, widths)])
    table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", CELL_FONT_SIZE, 9),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", CELL_FONT_SIZE, 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, GRID),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for i in range(1, len(data)):
        if failing is not None and i - 1 < len(failing) and failing[i - 1]:
            style.append(("BACKGROUND", (0, i), (-1, i), FAIL_FILL))
        elif i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), ZEBRA_FILL))
    for j, c in enumerate(columns):
        if c.align != "LEFT":
            style.append(("ALIGN", (j, 0), (j, -1), c.align))
    table.setStyle(TableStyle(style))
    return table


def key_value_table(pairs: Sequence[tuple[str, str]], width: float, key_share: float = 0.38) -> LongTable:
    """A two-column table of labels and values."""
    data = [[_cell(k, bold=True, width=width * key_share), _cell(v, width=width * (1 - key_share))] for k, v in pairs]
    table = LongTable(data, colWidths=[width * key_share, width * (1 - key_share)], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", CELL_FONT_SIZE, 9),
        ("FONT", (0, 0), (0, -1), "Helvetica-Bold", CELL_FONT_SIZE, 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return table


@dataclass
class Schedule:
    """A titled schedule: its columns and rows, which rows fail, and how to order an excerpt."""

    title: str
    columns: list[Column]
    rows: list[list]
    failing: list[bool] | None = None
    note: str = ""
    file: str = ""          # its CSV file among the tables beside the PDF, once the appendix holds it
    rank: list[float] | None = None    # an excerpt shows failing rows, then the highest rank (loading) first
    body_rows: int = BODY_ROWS        # rows of the excerpt in the body (fewer for schedules of long texts)
    rank_words: str = "the most loaded"    # what the rank puts first, in the excerpt's note

    def order_words(self) -> str:
        """How an excerpt of the schedule is chosen: ``failing rows first, then the most loaded``."""
        return "failing rows first" + (f", then {self.rank_words}" if self.rank else "")


def slug(text: str) -> str:
    """``text`` as a file-name stem: lower case, words joined by hyphens, at most 60 characters [-]."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "schedule"


def schedule_csv(schedule: Schedule) -> str:
    """The schedule whole as CSV text: a header of its column titles, every row as printed [-]."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.heading for c in schedule.columns])
    writer.writerows([["" if v is None else str(v) for v in row] for row in schedule.rows])
    return buf.getvalue()


class Appendices:
    """Collects the long schedules the body leaves out, to print them whole in an appendix (up to
    :data:`APPENDIX_ROWS` rows) and to write them whole as CSV files beside the PDF."""

    def __init__(self):
        self.schedules: list[Schedule] = []

    def add(self, schedule: Schedule) -> str:
        """Keep ``schedule`` for the appendix; returns the sentence the body prints in its place."""
        self.schedules.append(schedule)
        schedule.file = f"A{len(self.schedules):02d}-{slug(schedule.title)}.csv"
        return (f"{len(schedule.rows)} rows, of which {schedule.body_rows} ({schedule.order_words()}) are shown here; "
                f"the whole schedule is in the appendix \"Schedules\" and in {schedule.file} among the tables "
                "beside this PDF.")

    def refer(self, schedule: Schedule) -> str:
        """Keep ``schedule`` for the appendix only (the body prints a summary of it); returns the sentence the
        body prints to point to it."""
        self.schedules.append(schedule)
        schedule.file = f"A{len(self.schedules):02d}-{slug(schedule.title)}.csv"
        return (f"{schedule.title}: {len(schedule.rows)} rows, in the appendix \"Schedules\" and in "
                f"{schedule.file} among the tables beside this PDF.")


#: Rows of a schedule that must fit under its title on the page where the title stands [-].
LEAD_ROWS = 2
#: Most room a schedule's title asks below it [pt] (a row taller than this splits anyway).
TITLE_ROOM_MAX = 260.0


def lead_height(columns: Sequence[Column], rows: Sequence[Sequence], width: float, n: int = LEAD_ROWS) -> float:
    """Height of a table's header and its first ``n`` rows as :func:`data_table` lays them out, estimated from
    the text widths (lines per cell at the cell font) [pt]."""
    widths = column_widths(columns, rows[:n], width)
    leading = CELL_FONT_SIZE * 1.2

    def height(cells, font: str) -> float:
        lines = 1
        for text, w in zip(cells, widths):
            room = max(w - 2 * CELL_PADDING - 0.5, 1.0)
            lines = max(lines, -int(-stringWidth(plain("" if text is None else str(text)), font, CELL_FONT_SIZE) // room))
        return lines * leading + 2 * CELL_PADDING

    return height([c.heading for c in columns], "Helvetica-Bold") + sum(height(r, "Helvetica") for r in rows[:n])


def schedule_flowables(schedule: Schedule, width: float, appendices: Appendices | None) -> list:
    """The schedule as table flowables: whole if short, else an excerpt here and the whole in the appendix."""
    from .document import RoomyParagraph, paragraph

    rows, failing = schedule.rows, schedule.failing
    out = []
    if appendices is not None:
        title = RoomyParagraph(markup(schedule.title), STYLES["table_title"])
        notes = (1 if len(rows) > schedule.body_rows else 0) + (1 if schedule.note else 0)
        title.room = min(TITLE_ROOM_MAX, notes * 24.0 + lead_height(schedule.columns, rows, width))
        out.append(title)
    limit = schedule.body_rows if appendices is not None else APPENDIX_ROWS
    if len(rows) > limit:
        order = list(range(len(rows)))
        rank = schedule.rank or [0.0] * len(rows)
        order.sort(key=lambda i: (not (failing and failing[i]), -(rank[i] if rank[i] == rank[i] else -1e300), i))
        keep = order[:limit]
        if appendices is not None:
            out.append(paragraph(appendices.add(schedule), "small"))
        else:
            out.append(paragraph(f"{len(rows)} rows, of which {limit} ({schedule.order_words()}) are printed; "
                                 + (f"{schedule.file} among the tables beside this PDF and " if schedule.file else "")
                                 + "the JSON results written with the plan hold every row.", "small"))
        rows = [schedule.rows[i] for i in keep]
        failing = [schedule.failing[i] for i in keep] if schedule.failing else None
    if schedule.note:
        out.append(paragraph(schedule.note, "small"))
    out.append(data_table(schedule.columns, rows, width, failing=failing))
    return out


__all__ = ["APPENDIX_ROWS", "Appendices", "BODY_ROWS", "Column", "LEAD_ROWS", "Schedule", "TABLES_SUFFIX", "WORD_MAX",
           "column_widths", "data_table", "key_value_table", "lead_height", "schedule_csv", "schedule_flowables", "slug"]
