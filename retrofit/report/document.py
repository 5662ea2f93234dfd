"""The PDF document frame of the plan: page templates (cover, portrait text, landscape drawings), running
headers and footers with "page N of M", the table of contents and PDF outline, metadata, and a
byte-for-byte repeatable build (reportlab invariant mode, fixed metadata, no timestamps).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4, LETTER, TABLOID, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph,
                                Spacer)
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.tableofcontents import TableOfContents

from .formatting import markup, plain

PAPER = {"letter": LETTER, "a4": A4}
#: Paper of the drawing sheets (landscape), twice the text paper so drawings keep 6 pt text legible.
SHEET = {"letter": TABLOID, "a4": A3}
SHEET_NAME = {"letter": "tabloid 11 x 17 in", "a4": "A3"}
MARGIN = 0.6 * inch
HEADER = 0.35 * inch          # band above the frame for the running header
FOOTER = 0.35 * inch          # band below the frame for the footer
HEADING_ALLOWANCE = 40.0      # height a heading takes above a drawing on a drawing page [pt]

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#0b4f8a")
RULE = colors.HexColor("#9aa5b1")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5, leading=12.5,
                          textColor=INK, spaceAfter=5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "note": ParagraphStyle("note", parent=body, fontSize=9, leading=11.5, textColor=INK, leftIndent=8,
                               borderPadding=(4, 4, 4, 6), backColor=colors.HexColor("#f2f4f7"), spaceBefore=3,
                               spaceAfter=8),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=2),
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=20,
                             textColor=ACCENT, spaceBefore=4, spaceAfter=10, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=11.5, leading=14.5,
                             textColor=INK, spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName="Helvetica-Bold", fontSize=9.5, leading=12,
                             textColor=INK, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        # a title over a table, kept with the table's first rows (RoomKeepTogether), the rest may split
        "table_title": ParagraphStyle("table_title", parent=body, fontName="Helvetica-Bold", fontSize=9.5,
                                      leading=12, textColor=INK, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "caption": ParagraphStyle("caption", parent=body, fontSize=8, leading=10, textColor=MUTED,
                                  alignment=TA_CENTER, spaceBefore=2, spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName="Helvetica-Bold", fontSize=7.5, leading=9,
                                    spaceAfter=0),
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=26, leading=32,
                                textColor=ACCENT, spaceAfter=12),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=14, leading=18, textColor=INK, spaceAfter=6),
        "toc1": ParagraphStyle("toc1", parent=body, fontName="Helvetica-Bold", fontSize=9.5, leading=12,
                               leftIndent=0, firstLineIndent=0, spaceBefore=4, spaceAfter=0),
        "toc2": ParagraphStyle("toc2", parent=body, fontSize=8.5, leading=10.5, leftIndent=14, firstLineIndent=0,
                               spaceBefore=0, spaceAfter=0),
    }


STYLES = _styles()


_LOOSE_H2 = STYLES["h2"].clone("h2_loose", keepWithNext=0)


#: Space a subheading needs free below it on its page, else it starts the next page [pt]: about a table's
#: header and its first rows, so that no heading stands alone at the foot of a page.
HEADING_ROOM = 72.0


class SteadyParagraph(Paragraph):
    """A paragraph that keeps its lines for the width it was last broken at: the plan is laid out in several
    passes (:func:`build_pdf`), each of which wraps every paragraph again at the same width, and reportlab breaks
    the lines anew each time (most of a layout pass). Lines depend only on the text, the style and the width."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        kept = self.__dict__.get("_kept_lines")
        if kept is not None and kept[0] == availWidth:
            self.width, self._wrapWidths, self.blPara, self.height = kept
            return availWidth, self.height
        size = super().wrap(availWidth, availHeight)
        if "blPara" in self.__dict__ and self.width == availWidth:
            self._kept_lines = (availWidth, self._wrapWidths, self.blPara, self.height)
        return size


class RoomyParagraph(SteadyParagraph):
    """A heading kept with what follows it and placed only where :attr:`room` points are free below it, else it
    starts the next page (:class:`RoomKeepTogether` does the keeping)."""

    room = HEADING_ROOM

    def __init__(self, text: str, style, room: float = HEADING_ROOM):
        super().__init__(text, style)            # a style with keepWithNext: h3, table_title
        self.room = room


class RoomKeepTogether(KeepTogether):
    """What the document keeps together (a heading with what follows it): a long table under a heading splits
    across pages, so the group is moved to the next page only when less than the heading's ``room`` is free below
    the headings; without a room it is reportlab's KeepTogether."""

    def wrap(self, aW, aH):
        dims = []
        for f in self._content:
            w, h = f.wrapOn(self.canv, aW, 0xFFFFFFF)
            dims.append((w, h + f.getSpaceBefore() + f.getSpaceAfter()))
        self._dims = dims
        self._H, self._H0, self._wrapInfo = sum(h for _, h in dims), (dims[0][1] if dims else 0), (aW, aH)
        return max((w for w, _ in dims), default=0), 0xFFFFFF

    def split(self, aW, aH):
        room = max((getattr(f, "room", 0.0) for f in self._content[:-1]), default=0.0)
        if not room:
            return super().split(aW, aH)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and getattr(frame, "_atTop", False))
        last = self._content[-1]
        if type(last).split is Flowable.split:          # a drawing or image: it cannot split, keep all together
            return super().split(aW, aH)
        heads = sum(h for _, h in self._dims[:-1])
        room = max(room, first_rows_height(last))
        if self._H <= aH or at_top or heads + room <= aH:
            return list(self._content)
        return [FrameBreak()] + list(self._content)


def first_rows_height(flowable) -> float:
    """Height of a laid-out table's repeated header rows and its first body row [pt], 0 for anything else: the
    least a heading over the table needs below it, however tall that first row is."""
    heights = getattr(flowable, "_rowHeights", None)
    if not heights:
        return 0.0
    header = getattr(flowable, "repeatRows", 0)
    n = (header if isinstance(header, int) else len(header)) + 1
    return float(sum(heights[:n])) + flowable.getSpaceBefore()


class Heading(RoomyParagraph):
    """A numbered heading that enters the table of contents and the PDF outline."""

    def __init__(self, text: str, level: int, key: str, keep_with_next: bool = True):
        style = STYLES["h1" if level == 0 else "h2" if level == 1 else "h3"]
        Paragraph.__init__(self, markup(text), style if keep_with_next or level != 1 else _LOOSE_H2)
        self.room = 0.0 if level == 0 else HEADING_ROOM   # a section has its own rule (plan_pdf.SECTION_ROOM)
        self.toc_text = plain(text)
        self.toc_level = level
        self.bookmark_key = key


class Headings:
    """Numbers headings (1, 1.1 ...) and gives each a stable bookmark key, in story order."""

    def __init__(self):
        self._numbers = [0, 0, 0]
        self._appendix = 0
        self._count = 0

    def _key(self) -> str:
        self._count += 1
        return f"h{self._count:04d}"

    def section(self, title: str) -> Heading:
        self._numbers = [self._numbers[0] + 1, 0, 0]
        return Heading(f"{self._numbers[0]}  {title}", 0, self._key())

    def appendix(self, title: str) -> Heading:
        self._appendix += 1
        self._numbers = [0, 0, 0]
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(self._appendix - 1) % 26]
        self._appendix_letter = letter
        return Heading(f"Appendix {letter}  {title}", 0, self._key())

    def sub(self, title: str, keep_with_next: bool = True) -> Heading:
        """A numbered subheading; ``keep_with_next=False`` over a long table (precede it by a CondPageBreak)."""
        self._numbers[1] += 1
        prefix = f"{self._numbers[0]}.{self._numbers[1]}" if self._numbers[0] else \
            f"{self._appendix_letter}.{self._numbers[1]}"
        return Heading(f"{prefix}  {title}", 1, self._key(), keep_with_next)

    def minor(self, title: str) -> Paragraph:
        """A small heading that stays out of the table of contents."""
        return RoomyParagraph(markup(title), STYLES["h3"])


@dataclass
class Metadata:
    """Fixed document metadata (no dates: the same input gives the same bytes)."""

    title: str
    subject: str
    author: str
    creator: str
    keywords: list[str] = field(default_factory=list)
    header_left: str = ""
    footer_left: str = ""


def _not_drawn(*args, **kwargs) -> None:
    """``drawOn`` of a flowable in a layout pass that is not drawn."""


class LayoutFrame(Frame):
    """A frame that places flowables and, when :attr:`drawing` is off, skips drawing them: the layout passes that
    only find where the headings fall (for the contents) need every flowable's size, not its ink. Reportlab's
    layout does not depend on drawing (sizes come from ``wrap`` and ``split``)."""

    drawing = True

    def add(self, flowable, canv, trySplit=0):  # noqa: N803 - reportlab's name
        if self.drawing or "drawOn" in vars(flowable):
            return super().add(flowable, canv, trySplit)
        attributes = vars(flowable)              # not setattr: a Drawing checks the attributes set on it
        attributes["drawOn"] = _not_drawn
        try:
            return super().add(flowable, canv, trySplit)
        finally:
            del attributes["drawOn"]


class PlanDocument(BaseDocTemplate):
    """The document template: cover, portrait and landscape page templates, TOC entries and outline."""

    def __init__(self, buffer, metadata: Metadata, paper: str = "letter", page_total: int | None = None):
        size = PAPER[paper]
        super().__init__(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADER,
                         bottomMargin=MARGIN + FOOTER, title=metadata.title, author=metadata.author,
                         subject=metadata.subject, creator=metadata.creator, keywords=metadata.keywords,
                         invariant=1, pageCompression=1)
        self.keepTogetherClass = RoomKeepTogether    # a heading needs room below it, not its whole table
        self.metadata = metadata
        self._section = ""
        self.page_total = page_total     # pages of the previous pass: the "of M" of each footer
        self.pages_laid = 0              # pages of the pass under way
        self.draw_every_pass = False     # draw every layout pass (else see _draws_this_pass)
        self.drawn = False               # whether the last layout pass was drawn
        self._toc_texts: list[list[tuple[int, str]]] = []   # contents lines of each pass, without pages
        portrait_frame = LayoutFrame(MARGIN, MARGIN + FOOTER, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - HEADER - FOOTER,
                               id="portrait", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        wide = landscape(SHEET[paper])
        landscape_frame = LayoutFrame(MARGIN, MARGIN + FOOTER, wide[0] - 2 * MARGIN, wide[1] - 2 * MARGIN - HEADER - FOOTER,
                                id="landscape", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover_frame = LayoutFrame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id="cover",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self._frames = (portrait_frame, landscape_frame, cover_frame)
        self.addPageTemplates([
            PageTemplate("cover", [cover_frame], onPageEnd=self._cover_page, pagesize=size),
            PageTemplate("portrait", [portrait_frame], onPageEnd=self._running_page, pagesize=size),
            PageTemplate("landscape", [landscape_frame], onPageEnd=self._running_page, pagesize=wide),
        ])

    # --- frame sizes the section builders lay drawings and tables into -------------------------------
    @staticmethod
    def text_width(paper: str = "letter") -> float:
        """Width of the portrait text frame [pt]."""
        return PAPER[paper][0] - 2 * MARGIN

    @staticmethod
    def text_height(paper: str = "letter") -> float:
        """Height of the portrait text frame [pt]."""
        return PAPER[paper][1] - 2 * MARGIN - HEADER - FOOTER

    @staticmethod
    def drawing_size(paper: str = "letter") -> tuple[float, float]:
        """Width and height available to a drawing under its heading on a drawing sheet [pt]."""
        wide = landscape(SHEET[paper])
        return wide[0] - 2 * MARGIN, wide[1] - 2 * MARGIN - HEADER - FOOTER - HEADING_ALLOWANCE

    # --- page decoration -----------------------------------------------------------------------------
    # --- layout passes -------------------------------------------------------------------------------
    def build(self, flowables, *args, **kwargs):
        """One layout pass (reportlab's multi-pass build calls it until the contents settle), drawn or not."""
        self.drawn = self.draw_every_pass or self._draws_this_pass()
        for frame in self._frames:
            frame.drawing = self.drawn
        self._toc_texts.append([])
        super().build(flowables, *args, **kwargs)

    def _draws_this_pass(self) -> bool:
        """Whether the pass about to start may be the last one: not the first pass (its contents are still
        empty) nor the second (its contents lines of drawing-sheet runs do not know their last sheet yet). A
        pass that settles without being drawn is repeated drawn (:func:`build_pdf`)."""
        return len(self._toc_texts) >= 2

    def repeat_last_pass_drawn(self, story: list, buffer) -> None:
        """Lay out the last pass again, drawn, into ``buffer``: the same contents, page total and sheet runs
        as it had, so the same layout."""
        self._series_last = dict(self._series_start)
        self.draw_every_pass = True
        self.filename = buffer
        self.multiBuild(list(story))

    def beforeDocument(self):  # noqa: N802 - reportlab's name
        if self.pages_laid:
            self.page_total = self.pages_laid
        self.pages_laid = 0
        self._section = ""
        self._toc_series: set[tuple[str, str]] = set()
        if not hasattr(self, "_series_last"):
            self._series_last: dict[tuple[str, str], int] = {}     # kept across passes: the run's last sheet
        self._series_start = dict(self._series_last)

    def afterPage(self):  # noqa: N802 - reportlab's name
        self.pages_laid = self.page

    def _cover_page(self, canvas, doc):
        pass

    def _running_page(self, canvas, doc):
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        top = height - MARGIN - HEADER * 0.35
        canvas.line(MARGIN, top, width - MARGIN, top)
        canvas.setFont("Helvetica-Bold", 8)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN, top + 4, plain(self.metadata.header_left))
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, top + 4, plain(self._section))
        bottom = MARGIN * 0.55 + 10
        canvas.line(MARGIN, bottom, width - MARGIN, bottom)
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(MARGIN, MARGIN * 0.55, plain(self.metadata.footer_left))
        canvas.drawRightString(width - MARGIN, MARGIN * 0.55, f"Page {self.page} of {self.page_total}"
                               if self.page_total else f"Page {self.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        key = flowable.bookmark_key
        if level == 0:
            self._section = flowable.toc_text
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.toc_text, key, level=level, closed=level > 0)
        if level > 0 and self._section.startswith("Appendix"):
            return          # the appendix's schedules are listed in its outline entries and its own pages
        text = flowable.toc_text
        series = SHEET_SERIES.search(text) if level > 0 else None
        if series is not None:
            # a run of drawing sheets of one kind is one contents line, at its first sheet, naming the run
            # (its last sheet as the previous layout pass found it); every sheet keeps its outline entry
            run = (self._section, series.group(1))
            number_ = int(series.group(2))
            self._series_last[run] = max(self._series_last.get(run, 0), number_)
            if run in self._toc_series:
                return
            self._toc_series.add(run)
            last = self._series_last.get(run, number_)
            what = SERIES_NAMES.get(series.group(1), "Drawings")
            heading_number = text.split("  ", 1)[0] if "  " in text else ""
            sheets = f"sheet {series.group(1)}-{number_}" if last <= number_ else \
                f"sheets {series.group(1)}-{number_} to {series.group(1)}-{last}"
            text = f"{heading_number}  {what}, {sheets}".strip()
        self._toc_texts[-1].append((level, text))
        self.notify("TOCEntry", (level, markup(text), self.page, key))


#: A drawing-sheet heading (``..., sheet E-4: ...``): its series letter is group 1, its number group 2.
SHEET_SERIES = re.compile(r"\bsheet ([A-Z]+)-(\d+)")
#: What a run of drawing sheets is, by series letter, for its contents line.
SERIES_NAMES = {"E": "One-line diagram", "F": "Floor plans", "M": "Cooling schematics"}


def table_of_contents() -> TableOfContents:
    """The table of contents flowable (filled in by the multi-pass build)."""
    toc = TableOfContents()
    toc.levelStyles = [STYLES["toc1"], STYLES["toc2"]]
    toc.dotsMinLevel = 0
    return toc


def sheet_name(size: tuple[float, float]) -> str:
    """The paper of a drawing of ``size`` (as :meth:`PlanDocument.drawing_size` gives it), for its title block."""
    for paper, name in SHEET_NAME.items():
        if abs(size[0] - PlanDocument.drawing_size(paper)[0]) < 1.0:
            return name
    return f"{size[0] / 72:.1f} x {size[1] / 72:.1f} in drawing area"


def landscape_pages(flowables: list) -> list:
    """``flowables`` on landscape drawing sheets (:data:`SHEET`), returning to portrait after them."""
    return [NextPageTemplate("landscape"), PageBreak(), *flowables, NextPageTemplate("portrait"), PageBreak()]


def restore_after_layout(flowables) -> None:
    """Undo what a layout pass leaves on the flowables: reportlab groups a heading with what follows it and then
    clears the heading's ``keepWithNext`` on the instance, so a second layout of the same story would no longer
    keep any heading with its text (our flowables take ``keepWithNext`` from their style only); and it marks a
    flowable it moved to the next frame ``_postponed``, so a second layout would take a second move for a
    flowable too large for any frame. Reportlab's multi-pass build undoes both between its own passes."""
    for f in flowables:
        attributes = getattr(f, "__dict__", {})
        attributes.pop("keepWithNext", None)
        attributes.pop("_postponed", None)
        restore_after_layout(getattr(f, "_content", None) or [])


def build_pdf(story: list, metadata: Metadata, paper: str = "letter") -> bytes:
    """Lay out ``story`` and return the PDF bytes; the same story gives the same bytes.

    The build runs reportlab's multi-pass layout until the table of contents settles (the passes before the
    last are laid out without drawing, see :class:`LayoutFrame`); each pass numbers
    its footers "page N of M" with the page count of the pass before (the count is checked at the end and
    the layout repeated in the rare case it moved). The document is written in invariant mode (fixed
    creation date and document id derived from the content).
    """
    if paper not in PAPER:
        raise ValueError(f"unknown paper {paper!r}; expected one of {', '.join(PAPER)}")
    total = None
    for _ in range(3):
        restore_after_layout(story)
        buffer = io.BytesIO()
        doc = PlanDocument(buffer, metadata, paper, page_total=total)
        doc.draw_every_pass = not any(f.isIndexing() for f in story)    # no contents: one pass settles it
        doc.multiBuild(list(story))
        if doc.page_total == doc.pages_laid:
            if not doc.drawn:               # settled in a pass laid out without drawing: lay it out drawn
                restore_after_layout(story)
                buffer = io.BytesIO()
                doc.repeat_last_pass_drawn(story, buffer)
            break
        total = doc.pages_laid          # the last pass changed the page count: lay out again with it
    return buffer.getvalue()


def spacer(height: float = 6) -> Spacer:
    return Spacer(1, height)


def paragraph(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return SteadyParagraph(markup(text), STYLES[style])


def rich(text: str, style: str = "body") -> Paragraph:
    """A paragraph of reportlab markup the caller has already escaped."""
    return SteadyParagraph(text, STYLES[style])


__all__ = ["HEADING_ROOM", "Heading", "Headings", "Metadata", "PlanDocument", "RoomyParagraph", "SHEET", "STYLES", "SteadyParagraph",
           "build_pdf", "landscape_pages", "paragraph", "restore_after_layout", "rich", "sheet_name", "spacer",
           "table_of_contents"]
