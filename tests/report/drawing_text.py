"""Read the labels back out of a reportlab Drawing: their text, position, size and box on the sheet."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Group, Line, String
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


def lines(drawing, colours) -> list[tuple[float, float, float, float]]:
    """Every Line of ``drawing`` stroked in one of ``colours``, in sheet coordinates (untransformed groups only)."""
    wanted = {c.hexval() for c in colours}
    out = []

    def walk(node):
        for item in getattr(node, "contents", []):
            if isinstance(item, Group):
                walk(item)
            elif isinstance(item, Line) and item.strokeColor is not None and item.strokeColor.hexval() in wanted:
                out.append((item.x1, item.y1, item.x2, item.y2))

    walk(drawing)
    return out


def crossed(items: list[Label], segments, tolerance: float = 0.3) -> list[Label]:
    """Labels whose box an axis-parallel segment passes through, more than ``tolerance`` points inside."""
    def through(lab, xa, ya, xb, yb):
        if ya == yb:
            return lab.y0 + tolerance < ya < lab.y1 - tolerance and min(xa, xb) < lab.x1 - tolerance \
                and lab.x0 + tolerance < max(xa, xb)
        return lab.x0 + tolerance < xa < lab.x1 - tolerance and min(ya, yb) < lab.y1 - tolerance \
            and lab.y0 + tolerance < max(ya, yb)

    return [lab for lab in items if any(through(lab, *seg) for seg in segments)]
