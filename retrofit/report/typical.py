"""Drawings that repeat: sheets of several halls that draw the same thing but for the halls' ids.

A campus of identical halls would otherwise print the same schematic once per hall. Two sheets are
alike when every label they print is the same once each hall's own id is read as a placeholder
(``hall-03`` in ``cdu-hall-03-1-1``): one set of sheets is printed, titled "typical of" the others.
"""
from __future__ import annotations

from reportlab.graphics.shapes import Group, String


def drawing_strings(drawing) -> list[str]:
    """Every label of a drawing, in drawing order [-]."""
    out: list[str] = []

    def walk(node):
        for item in getattr(node, "contents", []):
            if isinstance(item, Group):
                walk(item)
            elif isinstance(item, String):
                out.append(item.text)

    walk(drawing)
    return out


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


__all__ = ["drawing_strings", "group_alike", "normalised"]
