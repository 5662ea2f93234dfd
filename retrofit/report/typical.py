"""Drawings that repeat: sheets of several halls that draw the same thing but for the halls' ids.

A campus of identical halls would otherwise print the same schematic once per hall. Two sheets are
alike when every label they print is the same once each hall's own id is read as a placeholder
(``hall-03`` in ``cdu-hall-03-1-1``): one set of sheets is printed, titled "typical of" the others. Where
the halls' figures differ (a feeder's length, a fault level), the campus one-line prints the largest of
each (:func:`envelope_labels`); each hall's own figures are in the schedules.
"""
from __future__ import annotations

import re

from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth

#: A figure in a label: digits standing alone (``60 m``, ``Ik" 19.7 kA``, ``1,200 A/25 kA``), not those inside an
#: id (``tx-81a``, ``h01``, ``2x``).
FIGURE = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])")
#: Smallest text a drawing prints [pt] (the plan's rule).
MIN_FONT_PT = 6.0


def drawing_labels(drawing) -> list[String]:
    """Every label (String) of a drawing, in drawing order [-]."""
    out: list[String] = []

    def walk(node):
        for item in getattr(node, "contents", []):
            if isinstance(item, Group):
                walk(item)
            elif isinstance(item, String):
                out.append(item)

    walk(drawing)
    return out


def drawing_strings(drawing) -> list[str]:
    """Every label of a drawing, in drawing order [-]."""
    return [s.text for s in drawing_labels(drawing)]


def figures_masked(texts: tuple[str, ...]) -> tuple[str, ...]:
    """``texts`` with every figure (:data:`FIGURE`) read as one placeholder [-]."""
    return tuple(FIGURE.sub("\x01", t) for t in texts)


def _value(token: str) -> float:
    return float(token.replace(",", ""))


def envelope_labels(drawing, others: list) -> bool:
    """Write into ``drawing`` the largest of each figure its labels and those of ``others`` print.

    ``others`` are drawings of the same sheet for other halls whose labels equal ``drawing``'s once ids and
    figures are read as placeholders (:func:`normalised`, :func:`figures_masked`), label by label in drawing
    order. A label whose figures differ takes, figure by figure, the largest as the other drawing prints it;
    a label that grows keeps its width by a smaller font, never under :data:`MIN_FONT_PT`. Returns False, and
    leaves ``drawing`` as it was, when a label would need a smaller font [-].
    """
    mine = drawing_labels(drawing)
    theirs = [drawing_strings(o) for o in others]
    changes = []
    for j, label in enumerate(mine):
        tokens = [m for m in FIGURE.finditer(label.text)]
        if not tokens or all(t[j] == label.text for t in theirs):
            continue
        found = [list(FIGURE.finditer(t[j])) for t in theirs]
        if any(len(f) != len(tokens) for f in found):
            return False
        text, end = [], 0
        for k, m in enumerate(tokens):
            best = max([m.group()] + [f[k].group() for f in found], key=_value)
            text += [label.text[end:m.start()], best]
            end = m.end()
        text = "".join(text + [label.text[end:]])
        old = stringWidth(label.text, label.fontName, label.fontSize)
        new = stringWidth(text, label.fontName, label.fontSize)
        size = label.fontSize if new <= old + 0.01 else label.fontSize * old / new
        if size < MIN_FONT_PT:
            return False
        changes.append((label, text, size))
    for label, text, size in changes:
        label.text, label.fontSize = text, size
    return True


def normalised(texts: list[str], own: list[str], skip: set[str] = frozenset()) -> tuple[str, ...]:
    """``texts`` with each of a sheet's own ids (longest first) read as one placeholder; labels in ``skip``
    (the title and sheet number, which name the sheet) left out [-]."""
    ids = sorted({i for i in own if i}, key=len, reverse=True)
    out = []
    for t in texts:
        if t in skip:
            continue
        for i in ids:
            t = t.replace(i, "\x00")
        out.append(t)
    return tuple(out)


def group_alike(signatures: list[tuple]) -> list[list[int]]:
    """Indices of equal signatures grouped, each group in the order given, groups by their first [-]."""
    groups: dict[tuple, list[int]] = {}
    for i, s in enumerate(signatures):
        groups.setdefault(s, []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


__all__ = ["FIGURE", "MIN_FONT_PT", "drawing_labels", "drawing_strings", "envelope_labels", "figures_masked",
           "group_alike", "normalised"]
