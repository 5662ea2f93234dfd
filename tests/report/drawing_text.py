"""Read the labels back out of a reportlab Drawing: their text, position, size and box on the sheet."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth


@dataclass(frozen=True)
class Label:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def _mul(a, b):
    return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3],
            a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])


def labels(drawing) -> list[Label]:
    """Every String of ``drawing`` with its box in sheet coordinates (rotations by quarter turns only)."""
    out: list[Label] = []

    def walk(node, transform):
        for item in getattr(node, "contents", []):
            if isinstance(item, Group):
                walk(item, _mul(transform, getattr(item, "transform", (1, 0, 0, 1, 0, 0))))
            elif isinstance(item, String):
                w = stringWidth(item.text, item.fontName, item.fontSize)
                shift = {"start": 0.0, "middle": -w / 2, "end": -w}[item.textAnchor]
                x0, x1 = item.x + shift, item.x + shift + w
                y0, y1 = item.y - 0.2 * item.fontSize, item.y + 0.75 * item.fontSize
                corners = [(x0, y0), (x1, y1)]
                pts = [(transform[0] * x + transform[2] * y + transform[4], transform[1] * x + transform[3] * y + transform[5])
                       for x, y in corners]
                out.append(Label(item.text, min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts),
                                 max(p[1] for p in pts), item.fontSize))

    walk(drawing, (1, 0, 0, 1, 0, 0))
    return out


def overlaps(items: list[Label], tolerance: float = 0.6) -> list[tuple[Label, Label]]:
    """Pairs of labels whose boxes overlap by more than ``tolerance`` points both ways."""
    bad = []
    ordered = sorted(items, key=lambda b: b.x0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.x0 >= a.x1 - tolerance:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tolerance and dy > tolerance:
                bad.append((a, b))
    return bad
