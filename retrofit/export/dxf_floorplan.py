"""The floor plan of a hall as a DXF document, to scale in metres.

It draws what the PDF floor plan draws, from the same layout (:func:`retrofit.report.floor_layout.floor_layout`:
the planner's, the analysis', or the rack positions of the design) and the same busway routes
(:func:`retrofit.report.floor_layout.busway_routes`), in the hall's own coordinates: metres from its
south-west corner, +x east, +y north ($INSUNITS = metres). Nothing is placed here; each element is drawn
where the layout put it, on the layer of its system, with its id as extended data.

The TCS headers (layer ``PIPING``) run along each row's centreline over the length of the row, the run
:func:`retrofit.layout.runs.run_lengths` takes the header length from.
"""
from __future__ import annotations

from .dxf_document import Layer, new_document, tag

FLOOR_LAYERS = (
    Layer("WALLS", "the hall's outline (its walls)", (31, 41, 51)),
    Layer("COLUMNS", "structural columns", (31, 41, 51)),
    Layer("OBSTACLES", "obstacles and rooms inside the hall", (107, 119, 133)),
    Layer("RACKS", "rack footprints (GB300 NVL72 and network racks)", (61, 90, 128)),
    Layer("CDUS", "coolant distribution unit footprints", (244, 162, 89)),
    Layer("ELECTRICAL", "switchboards, PDUs and other electrical equipment on the floor", (92, 77, 125)),
    Layer("BUSWAY-A", "routes of the A-side rack busways", (31, 95, 168)),
    Layer("BUSWAY-B", "routes of the B-side rack busways", (199, 119, 0)),
    Layer("PIPING", "TCS supply and return headers along each row", (46, 125, 50)),
    Layer("AISLES", "cold and hot aisles between the rows", (184, 92, 56)),
    Layer("YARD", "outdoor units: yard coolers and transformer pads", (42, 157, 143)),
    Layer("BACKUP", "the backup policy's equipment: UPS room lineups, standby generators on their sub-base tanks, "
          "transfer switches, UPS enclosures and battery units", (55, 71, 79)),
    Layer("CLEARANCES", "working space in front of electrical equipment (NEC 110.26(A)) and the perimeter walkway",
          (92, 77, 125), "DASHED"),
    Layer("TEXT", "labels: element ids, rows, aisles", (31, 41, 51)),
    Layer("TITLE", "title block", (31, 41, 51)),
)

#: Height of labels on the plan [m].
LABEL_HEIGHT_M = 0.2
#: Height of the title block's first line [m]; the other lines are smaller.
TITLE_HEIGHT_M = 0.6


def _m(q) -> float:
    return float(q.to("m").magnitude)


def _rect(msp, x: float, y: float, w: float, d: float, layer: str, element_id: str = ""):
    entity = msp.add_lwpolyline([(x, y), (x + w, y), (x + w, y + d), (x, y + d)], close=True,
                                dxfattribs={"layer": layer})
    tag(entity, element_id)
    return entity


def _label(msp, x: float, y: float, text: str, height: float = LABEL_HEIGHT_M, layer: str = "TEXT",
           align: str = "MIDDLE_CENTER") -> None:
    from ezdxf.enums import TextEntityAlignment

    msp.add_text(text, height=height, dxfattribs={"layer": layer}).set_placement(
        (x, y), align=TextEntityAlignment[align])


def floorplan_document(design, hall_id: str, results: dict, title_lines: list[str]):
    """The floor plan of ``hall_id`` as a DXF document, and the layout drawn.

    Parameters
    ----------
    design : Design
        The design analysed (the hall's geometry and criteria, the busways and the racks' feeds).
    hall_id : str
        The hall drawn.
    results : dict
        The plan's results; its layout is drawn (as the PDF floor plan draws it).
    title_lines : list of str
        Lines of the title block after the drawing's title (site, input file, version).

    Returns
    -------
    doc : ezdxf Drawing
        The document.
    layout : FloorLayout
        What was drawn and where it came from.
    """
    from ..report.floor_layout import routed_floor_layout

    hall = next(h for h in design.halls if h.id == hall_id)
    layout = routed_floor_layout(design, hall_id, results)
    criteria = design.goal.criteria if design.goal else None
    perimeter = _m(criteria.perimeter_clearance) if criteria else 0.0
    length, depth = _m(hall.length), _m(hall.width)

    doc = new_document(FLOOR_LAYERS, "m")
    msp = doc.modelspace()
    _rect(msp, 0.0, 0.0, length, depth, "WALLS", hall_id)
    for col in hall.columns:       # x, y of the south-west corner, as the schema and the layout take them
        _rect(msp, _m(col.x), _m(col.y), _m(col.width), _m(col.depth), "COLUMNS", col.id or "")
    for ob in hall.obstacles:
        x, y, w, d = _m(ob.x), _m(ob.y), _m(ob.width), _m(ob.depth)
        _rect(msp, x, y, w, d, "OBSTACLES", ob.id or ob.kind)
        _label(msp, x + w / 2, y + d / 2, f"{ob.id or ob.kind} ({ob.kind.replace('_', ' ')})")
    if perimeter > 0:
        _rect(msp, perimeter, perimeter, length - 2 * perimeter, depth - 2 * perimeter, "CLEARANCES", "perimeter walkway")
    for a in layout.aisles:
        kind = str(a.get("kind") or a.get("label") or "").lower()
        _rect(msp, a["x_m"], a["y_m"], a["width_m"], a["depth_m"], "AISLES", kind)
        name = "hot aisle, contained" if "hot" in kind else "cold aisle" if "cold" in kind else "aisle"
        _label(msp, a["x_m"] + 0.3, a["y_m"] + a["depth_m"] / 2, f"{name} {a['depth_m']:.1f} m", align="MIDDLE_LEFT")
    for ws in layout.working_spaces:
        _rect(msp, ws["x_m"], ws["y_m"], ws["width_m"], ws["depth_m"], "CLEARANCES", ws["id"])
    for e in layout.equipment:
        _rect(msp, e["x_m"], e["y_m"], e["width_m"], e["depth_m"], "ELECTRICAL", e["id"])
        _label(msp, e["x_m"] + e["width_m"] / 2, e["y_m"] + e["depth_m"] / 2, e["id"], height=LABEL_HEIGHT_M * 0.75)
    for c in layout.cdus:
        _rect(msp, c["x_m"], c["y_m"], c["width_m"], c["depth_m"], "CDUS", c["id"])
        _label(msp, c["x_m"] + c["width_m"] / 2, c["y_m"] + c["depth_m"] / 2, c["id"], height=LABEL_HEIGHT_M * 0.75)
    rows: dict[str, list[dict]] = {}
    for rk in layout.racks:
        _rect(msp, rk["x_m"], rk["y_m"], rk["width_m"], rk["depth_m"], "RACKS", rk["id"])
        rows.setdefault(str(rk.get("row") or rk["id"].rsplit(".", 1)[0]), []).append(rk)
    for row_id, racks in sorted(rows.items()):
        x0 = min(r["x_m"] for r in racks)
        x1 = max(r["x_m"] + r["width_m"] for r in racks)
        y0 = min(r["y_m"] for r in racks)
        yc = y0 + max(r["y_m"] + r["depth_m"] for r in racks)
        yc /= 2
        header = msp.add_line((x0, yc), (x1, yc), dxfattribs={"layer": "PIPING"})
        tag(header, f"{row_id} TCS header")
        name = row_id if row_id.lower().startswith("row") else f"row {row_id}"
        _label(msp, (x0 + x1) / 2, yc + 0.05, f"{name}: {len(racks)} racks", align="BOTTOM_CENTER")
    for route in layout.routes:
        side = "BUSWAY-B" if route.get("side") == 1 else "BUSWAY-A"
        tag(msp.add_lwpolyline([tuple(p) for p in route["points"]], dxfattribs={"layer": side}), route["id"])
    backup_kinds = {"generator", "ats", "paralleling_switchgear", "bess", "ups_enclosure", "bess_step_up", "bess_collector"}
    for o in layout.outdoor:          # the yard: coolers and pads, and the backup policy's units
        layer = "BACKUP" if o.get("kind") in backup_kinds else "YARD"
        _rect(msp, o["x_m"], o["y_m"], o["width_m"], o["depth_m"], layer, o["id"])
        _label(msp, o["x_m"] + o["width_m"] / 2, o["y_m"] + o["depth_m"] / 2, o["id"], height=LABEL_HEIGHT_M * 0.75,
               layer=layer)
    for b in layout.backup:           # the indoor UPS room's lineups and their working space (NEC 110.26(A))
        if b.get("kind") == "ups":
            _rect(msp, b["x_m"], b["y_m"], b["width_m"], b["depth_m"], "BACKUP", b["id"])
            _label(msp, b["x_m"] + b["width_m"] / 2, b["y_m"] + b["depth_m"] / 2, b["id"], height=LABEL_HEIGHT_M * 0.5,
                   layer="BACKUP")
        elif b.get("kind") == "working_space":
            _rect(msp, b["x_m"], b["y_m"], b["width_m"], b["depth_m"], "CLEARANCES", b["id"])
    # the title block under the hall and its yard
    y_title = min([0.0] + [o["y_m"] for o in layout.outdoor]) - 2 * TITLE_HEIGHT_M
    _label(msp, 0.0, y_title, title_lines[0], height=TITLE_HEIGHT_M, layer="TITLE", align="LEFT")
    for i, line in enumerate(title_lines[1:] + [
            f"layout from {layout.source}",
            f"units: metres; origin: the hall's south-west corner; +x east, +y north; hall {length:.2f} m x {depth:.2f} m"]):
        _label(msp, 0.0, y_title - (i + 1) * 0.7, line, height=0.35, layer="TITLE", align="LEFT")
    return doc, layout


__all__ = ["FLOOR_LAYERS", "floorplan_document"]
