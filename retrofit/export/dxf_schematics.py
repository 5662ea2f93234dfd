"""The one-line diagram and the cooling schematic as DXF documents.

Each sheet the PDF prints (``E-1`` ..., ``M-1`` ...) is copied into the DXF by
:func:`retrofit.export.drawing_dxf.add_drawing`, inside a frame the size of its drawing area; the sheets stand
in a near-square grid, read left to right then downwards in the PDF's order, the first at the origin, with a
line naming the plan above it. A schematic has no real-world size: its units are millimetres of the printed
sheet ($INSUNITS = millimetres), so a CAD program plots it 1:1 on the paper the plan was printed on.
"""
from __future__ import annotations

import math

from .drawing_dxf import MM_PER_PT, add_drawing
from .dxf_document import Layer, new_document

#: Space between two sheets laid side by side [mm].
SHEET_GAP_MM = 20.0
#: Height of the file's note under the first sheet [mm].
NOTE_HEIGHT_MM = 2.5

_COMMON = (Layer("SYMBOLS", "equipment symbols: sources, transformers, breakers, switchboards, rack groups",
                 (34, 34, 34)),
           Layer("TEXT", "labels: ids, ratings, loading and short-circuit results", (34, 34, 34)),
           Layer("FAILING", "marks on elements that fail their check", (198, 40, 40)),
           Layer("TITLE", "title block, legend and notes of each sheet", (34, 34, 34)),
           Layer("SHEET", "frame of each sheet's drawing area", (107, 119, 133)))

ONELINE_LAYERS = (Layer("WIRES-A", "connections of the A side", (31, 95, 168)),
                  Layer("WIRES-B", "connections of the B side", (199, 119, 0)),
                  Layer("WIRES-C", "connections of the C side", (46, 125, 50)),
                  Layer("WIRES-D", "connections of the D side", (106, 61, 154)),
                  Layer("WIRES", "connections shared by the sides", (34, 34, 34))) + _COMMON

COOLING_LAYERS = (Layer("PIPING-SUPPLY", "supply (cold) piping", (31, 95, 168)),
                  Layer("PIPING-RETURN", "return (warm) piping", (178, 56, 43)),
                  Layer("PIPING", "other piping and connections", (34, 34, 34)),
                  Layer("EQUIPMENT", "pumps, CDU heat exchangers, heat rejection units, rack groups", (34, 34, 34)),
                  ) + tuple(x if x.name != "SYMBOLS" else Layer("SYMBOLS", "other symbols", x.rgb) for x in _COMMON)

#: Index of each group in a schematic drawing's contents: connections, symbols, labels; then the title block.
LINES, SYMBOLS, LABELS = 0, 1, 2


def _hex(colour) -> str:
    return colour.hexval().lower() if colour is not None else ""


def _oneline_layer(side_of: dict[str, str], fail: str):
    def layer_of(index: int, shape) -> str:
        colour = _hex(getattr(shape, "strokeColor", None) or getattr(shape, "fillColor", None))
        if index == LINES:
            if colour == fail:
                return "FAILING"
            return f"WIRES-{side_of[colour]}" if colour in side_of else "WIRES"
        if index == SYMBOLS:
            return "FAILING" if colour == fail else "SYMBOLS"
        return "TEXT" if index == LABELS else "TITLE"
    return layer_of


def _cooling_layer(supply: str, ret: str, fail: str):
    def layer_of(index: int, shape) -> str:
        colour = _hex(getattr(shape, "strokeColor", None) or getattr(shape, "fillColor", None))
        if index == LINES:
            return {supply: "PIPING-SUPPLY", ret: "PIPING-RETURN", fail: "FAILING"}.get(colour, "PIPING")
        if index == SYMBOLS:
            return "FAILING" if colour == fail else "EQUIPMENT"
        return "TEXT" if index == LABELS else "TITLE"
    return layer_of


def _sheets_document(sheets, layers, layer_of, note: str):
    """A document holding ``sheets`` in a grid (left to right, then downwards, in the PDF's order), a frame around
    each, ``note`` under the first row."""
    from ezdxf.enums import TextEntityAlignment

    doc = new_document(layers, "mm")
    msp = doc.modelspace()
    per_row = math.ceil(math.sqrt(len(sheets))) if sheets else 1
    for i, sheet in enumerate(sheets):
        w, h = sheet.drawing.width * MM_PER_PT, sheet.drawing.height * MM_PER_PT
        x, y = (i % per_row) * (w + SHEET_GAP_MM), -(i // per_row) * (h + SHEET_GAP_MM)
        msp.add_lwpolyline([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], close=True, dxfattribs={"layer": "SHEET"})
        add_drawing(msp, sheet.drawing, (x, y), layer_of)
    height = sheets[0].drawing.height * MM_PER_PT if sheets else 0.0
    msp.add_text(note, height=NOTE_HEIGHT_MM, dxfattribs={"layer": "TITLE"}).set_placement(
        (0.0, height + 2 * NOTE_HEIGHT_MM), align=TextEntityAlignment.LEFT)
    return doc


def oneline_document(design, results: dict, size: tuple[float, float], note: str):
    """The one-line diagram of ``design`` (every sheet of :func:`retrofit.report.oneline.oneline_sheets`).

    Parameters
    ----------
    design : Design
        The design analysed.
    results : dict
        The plan's results (loading and short-circuit labels).
    size : tuple of float
        The drawing area of a sheet, as the PDF uses it [pt].
    note : str
        A line under the first sheet naming the plan it comes from.
    """
    from ..report.oneline import SIDE_COLOURS, oneline_sheets
    from ..report.oneline_symbols import FAIL

    sheets = oneline_sheets(design, results, size)
    layer_of = _oneline_layer({_hex(c): side for side, c in SIDE_COLOURS.items()}, _hex(FAIL))
    return _sheets_document(sheets, ONELINE_LAYERS, layer_of, note), sheets


def cooling_document(design, results: dict, size: tuple[float, float], note: str):
    """The cooling schematic of ``design`` (every sheet of :func:`retrofit.report.cooling_schematic.cooling_sheets`);
    None when the design has no facility loop. Parameters as :func:`oneline_document`."""
    from ..report.cooling_schematic import FAIL, RETURN, SUPPLY, cooling_sheets

    sheets = cooling_sheets(design, results, size)
    if not sheets:
        return None, sheets
    return _sheets_document(sheets, COOLING_LAYERS, _cooling_layer(_hex(SUPPLY), _hex(RETURN), _hex(FAIL)), note), sheets


__all__ = ["COOLING_LAYERS", "ONELINE_LAYERS", "SHEET_GAP_MM", "cooling_document", "oneline_document"]
