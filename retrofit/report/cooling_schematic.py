"""The cooling schematic: each facility loop with its heat rejection, pumps and CDUs, and the technology
cooling loops (TCS) the CDUs serve with their rack groups, labelled with the temperatures and flows the
analysis found at the design ambient.

Drawn left to right: heat rejection and facility pumps, the facility supply (cold, blue) and return
(warm, red) risers, the CDUs as heat exchangers, the TCS risers and the rack groups. A facility loop with
more CDUs than :data:`MAX_CDUS` continues on further sheets. Every figure is read from
``results["cooling"]``; nothing is computed here.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from ..model import Design
from .formatting import ambient_name, number, plain, sheet_identity
from .oneline_symbols import wrap
from .typical import drawing_strings, group_alike, normalised

#: CDUs one sheet shows.
MAX_CDUS = 8
SUPPLY = colors.HexColor("#1f5fa8")
RETURN = colors.HexColor("#b2382b")
INK = colors.HexColor("#222222")
GREY = colors.HexColor("#6b7785")
FAIL = colors.HexColor("#c62828")
FILL = colors.HexColor("#eef2f6")
FONT, BOLD = "Helvetica", "Helvetica-Bold"
TITLE_BLOCK = 30.0


@dataclass
class CoolingSheet:
    """One sheet of the cooling schematic."""

    number: str
    title: str
    drawing: Drawing


def _text(group: Group, x: float, y: float, lines: list[str], size: float, width: float, anchor: str = "start",
          colour=INK, bold_first: bool = False) -> None:
    """Draw ``lines`` downwards from (x, y), each wrapped to ``width`` at spaces and hyphens (never cut)."""
    k = 0
    for i, line in enumerate(lines):
        font = BOLD if bold_first and i == 0 else FONT
        for part in wrap(line, width, size, font):
            group.add(String(x, y - k * (size + 1.3), part, fontName=font, fontSize=size, fillColor=colour,
                             textAnchor=anchor))
            k += 1


def _pump(group: Group, x: float, y: float, r: float, colour) -> None:
    group.add(Circle(x, y, r, strokeColor=colour, fillColor=colors.white, strokeWidth=1))
    group.add(Polygon([x - r * 0.55, y - r * 0.6, x - r * 0.55, y + r * 0.6, x + r * 0.75, y], fillColor=colour,
                      strokeColor=colour, strokeWidth=0.3))


def _exchanger(group: Group, x: float, y: float, w: float, h: float) -> None:
    group.add(Rect(x - w / 2, y - h / 2, w, h, strokeColor=INK, fillColor=colors.white, strokeWidth=1))
    pts = []
    n = 6
    for i in range(n + 1):
        pts += [x - w / 2 + w * i / n, y + (h * 0.28 if i % 2 else -h * 0.28)]
    for i in range(0, len(pts) - 2, 2):
        group.add(Line(pts[i], pts[i + 1], pts[i + 2], pts[i + 3], strokeColor=GREY, strokeWidth=0.7))


def _cooler(group: Group, x: float, y: float, w: float, h: float, kind: str) -> None:
    group.add(Rect(x - w / 2, y - h / 2, w, h, strokeColor=INK, fillColor=FILL, strokeWidth=1))
    fans = 3 if kind != "chiller" else 0
    for i in range(fans):
        cx = x - w / 2 + w * (i + 0.5) / fans
        group.add(Circle(cx, y + h / 2 - h * 0.22, h * 0.16, strokeColor=INK, fillColor=colors.white, strokeWidth=0.6))


def _arrow(group: Group, x: float, y: float, direction: int, colour) -> None:
    group.add(Polygon([x, y - 2.5, x, y + 2.5, x + 4 * direction, y], fillColor=colour, strokeColor=colour,
                      strokeWidth=0.2))


def _draw(design: Design, results: dict, floop_id: str, cdu_ids: list[str], size: tuple[float, float],
          number_: str, title: str, part: tuple[int, int]) -> Drawing:
    width, height = size
    d = Drawing(width, height)
    c = results.get("cooling") or {}
    basis = c.get("design_basis", "")
    amb = (c.get("ambients") or {}).get(basis, {})
    plant = ((c.get("plants") or {}).get(floop_id) or {}).get(basis, {})
    floop = (c.get("loops") or {}).get(floop_id, {})
    lines, symbols, labels = Group(), Group(), Group()

    top, bottom = height - 18, TITLE_BLOCK + 34
    x_hr, x_sup, x_ret = width * 0.10, width * 0.30, width * 0.345
    x_cdu, x_tsup, x_tret, x_rack = width * 0.47, width * 0.62, width * 0.665, width * 0.84
    fs = 6.6                 # the smallest label, fs - 0.6, is 6 pt
    line_h = fs + 1.3
    units = sorted((u for u in design.cooling.heat_rejection if u.loop == floop_id), key=lambda u: u.id)
    pumps = sorted((p for p in design.cooling.pumps if p.loop == floop_id), key=lambda p: p.id)
    y_sup_line, y_ret_line = top - 40, bottom + 10

    # heat rejection on the left: a box per unit set, its figures under it (one line when space is short)
    hr_results = c.get("heat_rejection") or {}
    room = y_sup_line - y_ret_line - 30
    shown = units if len(units) * 26 <= room else units[:max(1, int(room // 26) - 1)]
    band = room / max(len(shown) + (1 if len(shown) < len(units) else 0), 1)
    full = band >= 3 * line_h + 22
    for i, u in enumerate(shown):
        y_band = y_sup_line - 20 - band * i
        r = hr_results.get(u.id, {})
        text = [f"{u.id}: {r.get('units', u.count)} x {u.kind.replace('_', ' ')}",
                f"heat {number(r.get('heat_kw'), ',.0f', 'kW')} of {number(r.get('capacity_kw'), ',.0f', 'kW')}",
                f"margin {number(r.get('margin_kw'), ',.0f', 'kW')}, fans {number(r.get('electric_kw'), '.1f', 'kW')}"]
        if not full:
            text = [f"{u.id}: {r.get('units', u.count)} x, {number(r.get('heat_kw'), '.0f')}/"
                    f"{number(r.get('capacity_kw'), ',.0f', 'kW')}"]
        w, h = width * 0.12, max(8.0, min(40.0, band - len(text) * line_h - 8))
        y = y_band - 2 - h / 2
        _cooler(symbols, x_hr, y, w, h, u.kind)
        _text(labels, x_hr - w / 2, y - h / 2 - fs - 1, text, fs, width * 0.19, bold_first=full,
              colour=FAIL if (r.get("margin_kw") is not None and r["margin_kw"] < 0) else INK)
        lines.add(Line(x_hr + w / 2, y + h * 0.2, x_sup, y + h * 0.2, strokeColor=SUPPLY, strokeWidth=1.2))
        lines.add(Line(x_hr + w / 2, y - h * 0.2, x_ret, y - h * 0.2, strokeColor=RETURN, strokeWidth=1.2))
    if len(shown) < len(units):
        rest = units[len(shown):]
        _text(labels, x_hr - width * 0.06, y_sup_line - 20 - band * len(shown) - fs,
              [f"and {len(rest):,} more sets ({sum(u.count for u in rest):,} units):", "see the heat-rejection table"],
              fs - 0.4, width * 0.19, colour=GREY)
    # facility risers and pumps
    lines.add(Line(x_sup, y_sup_line, x_sup, y_ret_line, strokeColor=SUPPLY, strokeWidth=1.8))
    lines.add(Line(x_ret, y_sup_line, x_ret, y_ret_line, strokeColor=RETURN, strokeWidth=1.8))
    _text(labels, x_sup - 3, y_sup_line + 18, [
        f"{floop_id} supply {number(plant.get('t_facility_supply_c'), '.1f', '°C')}",
        f"return {number(plant.get('t_facility_return_c'), '.1f', '°C')}"], fs + 0.6, width * 0.3, anchor="end",
        bold_first=True)
    pump_results = floop.get("pumps") or {}
    for i, p in enumerate(pumps[:3]):
        py = y_ret_line + 14 + i * 30
        _pump(symbols, x_ret, py, 6, RETURN)
        r = pump_results.get(p.id, {})
        _text(labels, x_ret + 10, py + 6, [
            f"{p.id}: {p.running} of {p.count} running",
            f"{number(r.get('flow_lpm'), '.0f', 'L/min')} at {number(r.get('head_m'), '.1f', 'm')}",
            f"{number(r.get('electric_kw'), '.1f', 'kW')}"], fs, x_cdu - x_ret + width * 0.05, bold_first=True)

    # CDUs and the TCS loops they serve: each loop gets a band for its CDUs and its rack groups
    cdus = {x.id: x for x in design.cooling.cdus}
    cdu_results = c.get("cdus") or {}
    loops = c.get("loops") or {}
    racks_by_loop: dict[str, list] = defaultdict(list)
    for g in design.loads.racks:
        if g.tcs_loop:
            racks_by_loop[g.tcs_loop].append(g)
    order: list[str] = []
    members: dict[str, list[str]] = defaultdict(list)
    for cid in cdu_ids:
        loop_id = cdus[cid].tcs_loop
        if loop_id not in members:
            order.append(loop_id)
        members[loop_id].append(cid)
    y_cdu_low = y_ret_line + 14 + 30 * min(len(pumps), 3)
    room = y_sup_line - y_cdu_low
    need = {t: max(48.0 * len(members[t]), 20 + 22.0 * len(racks_by_loop.get(t, []))) for t in order}
    scale = min(1.0, room / max(sum(need.values()), 1.0))
    y_top = y_sup_line
    for tcs in order:
        band = need[tcs] * scale
        y_bot = y_top - band
        slot = band / len(members[tcs])
        for i, cid in enumerate(members[tcs]):
            h = max(8.0, min(26.0, slot - 2 * line_h - 14))
            y = y_top - slot * (i + 0.5) - line_h
            w = width * 0.07
            r = cdu_results.get(cid, {})
            lines.add(Line(x_sup, y + h * 0.25, x_cdu - w / 2, y + h * 0.25, strokeColor=SUPPLY, strokeWidth=1))
            lines.add(Line(x_ret, y - h * 0.25, x_cdu - w / 2, y - h * 0.25, strokeColor=RETURN, strokeWidth=1))
            lines.add(Line(x_cdu + w / 2, y + h * 0.25, x_tsup, y + h * 0.25, strokeColor=SUPPLY, strokeWidth=1))
            lines.add(Line(x_cdu + w / 2, y - h * 0.25, x_tret, y - h * 0.25, strokeColor=RETURN, strokeWidth=1))
            _arrow(symbols, x_cdu - w / 2 - 10, y + h * 0.25, 1, SUPPLY)
            _arrow(symbols, x_cdu + w / 2 + 10, y + h * 0.25, 1, SUPPLY)
            _exchanger(symbols, x_cdu, y, w, h)
            _pump(symbols, x_cdu + w / 2 + 28, y - h * 0.25, 4.5, RETURN)
            _text(labels, x_cdu, max(y + h / 2 + 2, y + h * 0.25 + fs + 4) + line_h, [
                cid, f"{number(r.get('heat_kw'), ',.0f', 'kW')}, {number(r.get('loading_percent'), '.0f', '%')} of "
                     f"{number(r.get('capacity_kw'), ',.0f', 'kW')}, approach {number(r.get('approach_k'), '.1f', 'K')}"],
                  fs, width * 0.24, anchor="middle", bold_first=True)
            _text(labels, x_sup + 4, y + h * 0.25 + 2, [f"{number(r.get('flow_facility_lpm'), '.0f', 'L/min')}"],
                  fs - 0.4, x_cdu - x_sup - w / 2 - 14, colour=SUPPLY)
            _text(labels, x_ret + 4, y - h * 0.25 - fs - 1, [f"{number(r.get('t_facility_return_c'), '.1f', '°C')}"],
                  fs - 0.4, x_cdu - x_ret - w / 2 - 14, colour=RETURN)
            _text(labels, x_cdu + w / 2 + 16, y + h * 0.25 + 2,
                  [f"{number(r.get('t_tcs_supply_c'), '.1f', '°C')}, {number(r.get('flow_tcs_lpm'), '.0f', 'L/min')}"],
                  fs - 0.4, x_tsup - x_cdu - w / 2 - 18, colour=SUPPLY)
            _text(labels, x_cdu + w / 2 + 36, y - h * 0.25 - fs - 1,
                  [f"{number(r.get('t_tcs_return_c'), '.1f', '°C')}"], fs - 0.4, x_tret - x_cdu - w / 2 - 38,
                  colour=RETURN)
        # the loop's risers, its name, and its rack groups (as many as the band holds)
        lines.add(Line(x_tsup, y_top - 4, x_tsup, y_bot + 4, strokeColor=SUPPLY, strokeWidth=1.5))
        lines.add(Line(x_tret, y_top - 4, x_tret, y_bot + 4, strokeColor=RETURN, strokeWidth=1.5))
        lp = loops.get(tcs, {})
        coolant = lp.get("coolant") or next((x.coolant for x in design.cooling.loops if x.id == tcs), "")
        _text(labels, x_tret + 4, y_top - fs - 2, [
            f"{tcs} ({coolant})",
            f"max {number(lp.get('max_velocity_m_s'), '.2f', 'm/s')}, {number(lp.get('max_pressure_kpa'), '.0f', 'kPa')}"],
            fs - 0.6, x_rack - 34 - x_tret - 6, bold_first=True, colour=FAIL if lp.get("converged") is False else INK)
        groups = racks_by_loop.get(tcs, [])
        fits = max(1, int((band - 20) // 22))
        hidden = groups[fits - 1:] if len(groups) > fits else []
        groups = groups[:fits - 1] if hidden else groups
        rows = max(len(groups) + (1 if hidden else 0), 1)
        step = (band - 20) / rows
        for j, g in enumerate(groups):
            gy = y_top - 20 - step * (j + 0.5)
            lines.add(Line(x_tsup, gy + 4, x_rack - 30, gy + 4, strokeColor=SUPPLY, strokeWidth=0.9))
            lines.add(Line(x_tret, gy - 4, x_rack - 30, gy - 4, strokeColor=RETURN, strokeWidth=0.9))
            symbols.add(Rect(x_rack - 30, gy - 9, 60, 18, strokeColor=INK, fillColor=FILL, strokeWidth=0.9))
            _text(labels, x_rack, gy + 1.5, [g.id, f"{g.count} x {g.model or g.kind}"], fs - 0.4, 58, anchor="middle",
                  bold_first=True)
        if hidden:
            gy = y_top - 20 - step * (len(groups) + 0.5) + 3
            _text(labels, x_rack, gy, [f"and {len(hidden):,} more rack groups ({sum(g.count for g in hidden):,} racks):",
                                      "see the rack cooling table"],
                  fs - 0.6, width * 0.3, anchor="middle", colour=GREY)
        if not groups and not hidden:
            _text(labels, x_rack, y_top - 30, ["no racks on this loop"], fs, width * 0.2, anchor="middle", colour=GREY)
        y_top = y_bot

    d.add(lines)
    d.add(symbols)
    d.add(labels)
    # ambient and plant state, legend, title
    ambient = (f"design ambient ({ambient_name(basis)}): {number(amb.get('t_dry_bulb_c'), '.1f', '°C')} dry bulb, "
               f"{number(amb.get('t_wet_bulb_c'), '.1f', '°C')} wet bulb")
    _text(d, 2, height - 8, [ambient], 7, width * 0.6, bold_first=True)
    state = plant.get("diagnosis") or ""
    if plant:
        state = (f"plant: heat {number(plant.get('heat_load_kw'), ',.0f', 'kW')}, rejected "
                 f"{number(plant.get('heat_rejected_kw'), ',.0f', 'kW')}, fans/chillers "
                 f"{number(plant.get('fan_and_chiller_kw'), '.1f', 'kW')}; {state}")
    _text(d, 2, height - 17, [state], 6, width * 0.7, colour=FAIL if plant.get("setpoint_held") is False else GREY)
    d.add(Line(0, TITLE_BLOCK - 4, width, TITLE_BLOCK - 4, strokeColor=GREY, strokeWidth=0.5))
    d.add(Line(2, 18, 18, 18, strokeColor=SUPPLY, strokeWidth=1.4))
    d.add(String(21, 16, "supply (cold)", fontName=FONT, fontSize=6, fillColor=INK))
    d.add(Line(72, 18, 88, 18, strokeColor=RETURN, strokeWidth=1.4))
    d.add(String(91, 16, "return (warm)", fontName=FONT, fontSize=6, fillColor=INK))
    _pump(d, 146, 18.5, 4, INK)
    d.add(String(153, 16, "pump", fontName=FONT, fontSize=6, fillColor=INK))
    _exchanger(d, 184, 18.5, 14, 8)
    d.add(String(194, 16, "CDU heat exchanger", fontName=FONT, fontSize=6, fillColor=INK))
    _cooler(d, 268, 18.5, 20, 10, "dry_cooler")
    d.add(String(281, 16, "heat rejection", fontName=FONT, fontSize=6, fillColor=INK))
    d.add(String(2, 5, "Temperatures and flows at the design ambient, from the cooling analysis.", fontName=FONT,
                 fontSize=6, fillColor=GREY))
    d.add(String(width - 2, 18, plain(title), fontName=BOLD, fontSize=8, fillColor=INK, textAnchor="end"))
    d.add(String(width - 2, 6, sheet_identity(design, number_), fontName=FONT, fontSize=7,
                 fillColor=INK, textAnchor="end"))
    return d


def cooling_sheets(design: Design, results: dict, size: tuple[float, float],
                   merge_alike: bool = False, first_size: tuple[float, float] | None = None) -> list[CoolingSheet]:
    """The cooling schematic, one or more sheets per facility loop (``M-1``, ``M-2`` ...).

    Parameters
    ----------
    design : Design
        The design whose loops, CDUs, pumps and heat rejection are drawn.
    results : dict
        The results dict; ``results["cooling"]`` supplies every temperature, flow and load printed.
    size : tuple of float
        Width and height of each sheet's drawing [pt].
    merge_alike : bool
        Print once the sheets of loops that draw the same but for their ids (every label equal once the
        ids of the loop's hall, CDUs, racks, pumps, heat-rejection units and their buses are read as a placeholder,
        :mod:`retrofit.report.typical`), titled "typical of" the others.
    first_size : tuple of float, optional
        Width and height of the first sheet's drawing [pt], when that sheet shares its page with the text
        above it; the others are ``size``.
    """
    loops = sorted((x for x in design.cooling.loops if x.kind == "facility"), key=lambda x: x.id)
    plans = []
    for loop in loops:
        cdus = sorted((x for x in design.cooling.cdus if x.facility_loop == loop.id), key=lambda x: (x.tcs_loop, x.id))
        cdu_ids = [x.id for x in cdus]
        chunks = [cdu_ids[i:i + MAX_CDUS] for i in range(0, len(cdu_ids), MAX_CDUS)] or [[]]
        halls = sorted({x.hall for x in cdus if x.hall})
        c = design.cooling
        members = cdus + [x for x in c.pumps + c.heat_rejection if x.loop == loop.id]
        tcs = {x.tcs_loop for x in cdus}
        own = halls + [loop.id] + sorted(tcs) + [x.id for x in members] + \
            [g.id for g in design.loads.racks if g.tcs_loop in tcs] + \
            [b for x in members for b in (getattr(x, "bus", None), getattr(x, "bus_b", None)) if b]
        plans.append((loop, chunks, own))
    groups = [[i] for i in range(len(plans))]
    if merge_alike and len(plans) > 1:
        signatures = []
        for loop, chunks, own in plans:
            sig = []
            for k, chunk in enumerate(chunks):
                drawing = _draw(design, results, loop.id, chunk, size, "M-0", loop.id, (k, len(chunks)))
                sig.append(normalised(drawing_strings(drawing), own, {loop.id, "M-0"}))
            signatures.append((len(chunks), tuple(sig)))
        groups = group_alike(signatures)
    sheets: list[CoolingSheet] = []
    for group in groups:
        loop, chunks, _ = plans[group[0]]
        others = [plans[i][0].id for i in group[1:]]
        name = loop.id + (f", typical of {', '.join(others)} (their own ids)" if others else "")
        for k, chunk in enumerate(chunks):
            number_ = f"M-{len(sheets) + 1}"
            title = f"Cooling schematic: {name}" + (f" (CDUs {k + 1} of {len(chunks)})" if len(chunks) > 1 else "")
            frame = first_size if first_size and not sheets else size
            sheets.append(CoolingSheet(number_, title, _draw(design, results, loop.id, chunk, frame, number_, title,
                                                             (k, len(chunks)))))
    return sheets


__all__ = ["CoolingSheet", "MAX_CDUS", "cooling_sheets"]
