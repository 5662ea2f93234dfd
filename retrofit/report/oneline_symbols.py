"""Symbols and labels of the one-line diagram: the usual one-line conventions (IEEE 315 / IEC 60617 style)
drawn with reportlab graphics, and a label placer that keeps labels from covering one another.
"""
from __future__ import annotations

import re

from reportlab.graphics.shapes import Circle, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from .formatting import plain

COMMON = colors.HexColor("#222222")
FAIL = colors.HexColor("#c62828")
FONT, BOLD = "Helvetica", "Helvetica-Bold"


# --- text --------------------------------------------------------------------------------

def wrap(text: str, width: float, size: float, font: str = FONT) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at spaces, hyphens, commas and slashes, never cut.

    A piece with no break in it that is wider than ``width`` stays whole on its own line.
    """
    text = plain(text)
    if stringWidth(text, font, size) <= width:
        return [text]
    pieces = [p for p in re.split(r"(?<=[ \-,/])", text) if p]
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and stringWidth((current + piece).rstrip(), font, size) > width:
            lines.append(current.rstrip())
            current = piece.lstrip()
        else:
            current += piece
    if current:
        lines.append(current.rstrip())
    return lines


def fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """``text`` whole when it fits in ``width``, else its first line as :func:`wrap` breaks it (never an ellipsis)."""
    return wrap(text, width, size, font)[0] if text else ""


def _wrapped(lines: list[str], width: float, size: float, bold_first: bool) -> list[tuple[str, str]]:
    out = []
    for i, line in enumerate(lines):
        font = BOLD if (bold_first and i == 0) else FONT
        out += [(part, font) for part in wrap(line, width, size, font)]
    return out


def label(group: Group, x: float, y: float, lines: list[str], size: float, width: float, *,
           anchor: str = "start", colour=COMMON, bold_first: bool = False) -> None:
    """Draw ``lines`` from (x, y) downwards, each wrapped to ``width`` (never cut)."""
    for i, (line, font) in enumerate(_wrapped(lines, width, size, bold_first)):
        group.add(String(x, y - i * (size + 1.2), line, fontName=font, fontSize=size, fillColor=colour,
                         textAnchor=anchor))


class Placer:
    """Places labels so that none covers another: each label has candidate positions, the first free one wins."""

    def __init__(self, group: Group):
        self.group = group
        self.boxes: list[tuple[float, float, float, float]] = []

    @staticmethod
    def box(x: float, y: float, lines: list[str], size: float, width: float, anchor: str, bold_first: bool):
        parts = _wrapped(lines, width, size, bold_first)
        w = max((stringWidth(t, f, size) for t, f in parts), default=0.0)
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        return (x0, y - (len(parts) - 1) * (size + 1.2) - 0.25 * size, x0 + w, y + 0.8 * size)

    def free(self, box) -> bool:
        return not any(box[0] < b[2] - 0.4 and b[0] < box[2] - 0.4 and box[1] < b[3] - 0.4 and b[1] < box[3] - 0.4
                       for b in self.boxes)

    def reserve(self, box) -> None:
        self.boxes.append(box)

    def put(self, options, lines: list[str], size: float, *, colour=COMMON, bold_first: bool = False,
            required: bool = True) -> bool:
        """Draw ``lines`` at the first free option (x, y, anchor, width); with ``required``, at the first anyway."""
        for x, y, anchor, width in options:
            if width < 12:
                continue
            box = self.box(x, y, lines, size, width, anchor, bold_first)
            if self.free(box):
                self.reserve(box)
                label(self.group, x, y, lines, size, width, anchor=anchor, colour=colour, bold_first=bold_first)
                return True
        if required and options:
            x, y, anchor, width = options[0]
            self.reserve(self.box(x, y, lines, size, max(width, 12), anchor, bold_first))
            label(self.group, x, y, lines, size, max(width, 12), anchor=anchor, colour=colour, bold_first=bold_first)
            return True
        return False


# --- symbols -------------------------------------------------------------------------------------

def source_symbol(group: Group, x: float, y: float, r: float, colour, letter: str = "~") -> None:
    group.add(Circle(x, y, r, strokeColor=colour, fillColor=colors.white, strokeWidth=1.2))
    if letter == "~":
        pts = []
        for i in range(13):
            t = i / 12
            pts += [x - r * 0.6 + 1.2 * r * t, y + r * 0.35 * _sine(t)]
        group.add(PolyLine(pts, strokeColor=colour, strokeWidth=1))
    else:
        group.add(String(x, y - r * 0.4, letter, fontName=BOLD, fontSize=r * 1.1, fillColor=colour, textAnchor="middle"))


def _sine(t: float) -> float:
    # a drawn sine wave for the source symbol: the values of sin(2 pi t) at 13 points
    table = (0.0, 0.5, 0.866, 1.0, 0.866, 0.5, 0.0, -0.5, -0.866, -1.0, -0.866, -0.5, 0.0)
    return table[round(t * 12)]


def transformer_symbol(group: Group, x: float, y: float, r: float, colour) -> None:
    group.add(Circle(x, y + r * 0.6, r, strokeColor=colour, fillColor=None, strokeWidth=1.1))
    group.add(Circle(x, y - r * 0.6, r, strokeColor=colour, fillColor=None, strokeWidth=1.1))


def breaker_symbol(group: Group, x: float, y: float, s: float, colour, fail: bool = False) -> None:
    group.add(Rect(x - s / 2, y - s / 2, s, s, strokeColor=FAIL if fail else colour, fillColor=colors.white,
                   strokeWidth=1.6 if fail else 1.0))


def box_symbol(group: Group, x: float, y: float, w: float, h: float, colour, text: str, diagonal=False) -> None:
    group.add(Rect(x - w / 2, y - h / 2, w, h, strokeColor=colour, fillColor=colors.white, strokeWidth=1))
    if diagonal:
        group.add(Line(x - w / 2, y - h / 2, x + w / 2, y + h / 2, strokeColor=colour, strokeWidth=0.6))
    group.add(String(x, y - 2, text, fontName=BOLD, fontSize=5.5, fillColor=colour, textAnchor="middle"))


def busway_symbol(group: Group, x: float, y0: float, y1: float, colour) -> None:
    group.add(Rect(x - 2.2, min(y0, y1), 4.4, abs(y1 - y0), strokeColor=colour, fillColor=colors.white,
                   strokeWidth=1))


__all__ = ["BOLD", "COMMON", "FAIL", "FONT", "Placer", "box_symbol", "breaker_symbol", "busway_symbol", "fit", "wrap",
           "label", "source_symbol", "transformer_symbol"]
