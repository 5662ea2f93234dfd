"""Copy a reportlab drawing of the plan (a one-line or cooling schematic sheet) into a DXF document.

The schematics are laid out once, by the functions that draw them for the PDF
(:func:`retrofit.report.oneline.oneline_sheets`, :func:`retrofit.report.cooling_schematic.cooling_sheets`);
this module translates the same vectors (lines, polylines, polygons, rectangles, circles and text) into
DXF entities, so the PDF and the DXF cannot disagree. Coordinates go from points on the printed sheet to
millimetres (1 pt = 25.4/72 mm); each shape keeps its colour and line width, on the layer the caller
chooses for it.
"""
from __future__ import annotations

import math
from collections.abc import Callable

#: Millimetres per point (1/72 in).
MM_PER_PT = 25.4 / 72.0
#: Cap height of Helvetica as a share of the font size: DXF text height is the height of a capital.
CAP_HEIGHT = 0.718
#: Line weights a DXF file may hold [1/100 mm].
LINEWEIGHTS = (0, 5, 9, 13, 15, 18, 20, 25, 30, 35, 40, 50, 53, 60, 70, 80, 90, 100, 106, 120, 140, 158, 200, 211)

Affine = tuple[float, float, float, float, float, float]
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(outer: Affine, inner: Affine) -> Affine:
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _apply(t: Affine, x: float, y: float) -> tuple[float, float]:
    return t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]


def _rgb(colour) -> tuple[int, int, int] | None:
    if colour is None:
        return None
    return tuple(int(round(255 * v)) for v in (colour.red, colour.green, colour.blue))


def _lineweight(width_pt) -> int:
    mm100 = (width_pt or 0.0) * MM_PER_PT * 100
    return min(LINEWEIGHTS[1:], key=lambda w: abs(w - mm100))


def add_drawing(msp, drawing, origin_mm: tuple[float, float], layer_of: Callable[[int, object], str]) -> int:
    """Add every shape of ``drawing`` to the model space ``msp``, its lower-left corner at ``origin_mm``.

    Parameters
    ----------
    msp : ezdxf modelspace
        Where the entities go.
    drawing : reportlab.graphics.shapes.Drawing
        The sheet as the PDF draws it [pt].
    origin_mm : tuple of float
        Position of the sheet's lower-left corner in the DXF [mm].
    layer_of : callable
        ``layer_of(index, shape)``: the layer of a shape, given the index of the top-level item of the drawing
        that holds it (the schematics draw wires or pipes, symbols and labels as three groups, then the title
        block) and the shape itself.

    Returns
    -------
    int
        Number of entities added [-].
    """
    from reportlab.graphics.shapes import Circle, Group, Line, PolyLine, Polygon, Rect, String

    base = (MM_PER_PT, 0.0, 0.0, MM_PER_PT, origin_mm[0], origin_mm[1])
    count = 0

    def attribs(layer: str, colour, width=None) -> dict:
        out = {"layer": layer}
        rgb = _rgb(colour)
        if rgb is not None:
            out["true_color"] = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]
        if width is not None:
            out["lineweight"] = _lineweight(width)
        return out

    def walk(node, t: Affine, top: int) -> None:
        nonlocal count
        if isinstance(node, Group):
            inner = _compose(t, tuple(node.transform)) if getattr(node, "transform", None) else t
            for child in node.contents:
                walk(child, inner, top)
            return
        layer = layer_of(top, node)
        if isinstance(node, Line):
            msp.add_line(_apply(t, node.x1, node.y1), _apply(t, node.x2, node.y2),
                         dxfattribs=attribs(layer, node.strokeColor, node.strokeWidth))
        elif isinstance(node, (PolyLine, Polygon)):
            pts = [_apply(t, node.points[i], node.points[i + 1]) for i in range(0, len(node.points) - 1, 2)]
            msp.add_lwpolyline(pts, close=isinstance(node, Polygon),
                               dxfattribs=attribs(layer, node.strokeColor or node.fillColor, node.strokeWidth))
        elif isinstance(node, Rect):
            corners = [(node.x, node.y), (node.x + node.width, node.y), (node.x + node.width, node.y + node.height),
                       (node.x, node.y + node.height)]
            msp.add_lwpolyline([_apply(t, x, y) for x, y in corners], close=True,
                               dxfattribs=attribs(layer, node.strokeColor or node.fillColor, node.strokeWidth))
        elif isinstance(node, Circle):
            scale = math.sqrt(abs(t[0] * t[3] - t[1] * t[2]))
            msp.add_circle(_apply(t, node.cx, node.cy), node.r * scale,
                           dxfattribs=attribs(layer, node.strokeColor or node.fillColor, node.strokeWidth))
        elif isinstance(node, String):
            _text(msp, node, t, attribs(layer, node.fillColor))
        else:
            return
        count += 1

    for i, item in enumerate(drawing.contents):
        walk(item, base, i)
    return count


def _text(msp, node, t: Affine, dxfattribs: dict) -> None:
    from ezdxf.enums import TextEntityAlignment

    scale = math.sqrt(abs(t[0] * t[3] - t[1] * t[2]))
    rotation = math.degrees(math.atan2(t[1], t[0]))
    align = {"start": TextEntityAlignment.LEFT, "middle": TextEntityAlignment.CENTER,
             "end": TextEntityAlignment.RIGHT}.get(node.textAnchor, TextEntityAlignment.LEFT)
    entity = msp.add_text(node.text, height=node.fontSize * CAP_HEIGHT * scale,
                          dxfattribs=dict(dxfattribs, rotation=rotation) if rotation else dxfattribs)
    entity.set_placement(_apply(t, node.x, node.y), align=align)


__all__ = ["CAP_HEIGHT", "MM_PER_PT", "add_drawing"]
