"""The one-line diagram of the power topology, drawn with reportlab graphics.

The layout is a deterministic hierarchy read from :func:`retrofit.topology.power_graph`: sources at the
top, then each level of buses below the bus that feeds it, with the element that joins them (cable,
transformer, busway, PDU, UPS) and its protective devices drawn along the connecting line. Rack groups sit
in a row at the bottom, joined to the bus of each of their feeds; paths are coloured by side (A left and
blue, B right and amber, shared elements black; red only for what fails its check). Symbols follow the usual one-line conventions (IEEE 315 /
IEC 60617 style): a source circle with a sine wave, two interlaced circles for a transformer, a square for
a circuit breaker, a heavy bar for a bus, a double line for busway, a box for a PDU, UPS or rack group.

When a diagram would have more than :data:`MAX_BRANCHES` low-voltage branches it is split into sheets per
transformer group (transformers that feed the same rack groups stay together), with an overview sheet of
the medium-voltage level; a feed that continues on another sheet is marked with that sheet's number. A
campus (several halls, each with its own medium-voltage lineups, and many transformer groups) is drawn
instead as a campus sheet down to the halls' lineups and per-hall sheets down to each transformer's
secondary bus.

Every label is a rating from the design or a figure from the results dict (loading, short-circuit
current); nothing is computed here.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors

from ..model import Design
from ..planning.generator_plant import transfer_caption
from ..units import magnitude
from .formatting import count_noun, number, plain, sheet_identity
from .oneline_tree import (MAX_BRANCHES, PowerTree, ancestors, build_tree, hall_ids, hall_lineups, leaves, lv_bus_of,
                           pack_sheets, subtree, subtree_down)
from .oneline_symbols import (BOLD, COMMON, FAIL, FONT, Placer, box_symbol, breaker_symbol, busway_symbol, label,
                              source_symbol, transformer_symbol, wrap)
from .typical import drawing_labels, drawing_strings, envelope_labels, figures_masked, group_alike, normalised

#: Narrowest branch slot [pt]: 7 pt labels (6.2 pt the smallest) keep their room; a narrower sheet shows fewer
#: branches (see :func:`branches_per_sheet`).
MIN_SLOT = 95.0
#: Text size of the diagram [pt]; the smallest label is 0.8 pt under it.
FONT_SIZE = 7.0
#: Largest number of transformers an overview sheet shows.
MAX_OVERVIEW = 16
#: Narrowest transformer slot of an overview sheet [pt]: its labels are the compact ones (ratings without ids
#: where the symbol names the element), drawn below 80 pt slots.
OVERVIEW_SLOT = 70.0
#: A site with several halls whose detail sheets would exceed this many per medium-voltage lineup is drawn as
#: a campus: one campus sheet down to the halls' lineups, then per-hall sheets down to the transformers.
CAMPUS_DETAIL_SHEETS_PER_HALL = 2

# B is amber, not red: red is kept for "fails its check" alone
SIDE_COLOURS = {"A": colors.HexColor("#1f5fa8"), "B": colors.HexColor("#c77700"), "C": colors.HexColor("#2e7d32"),
                "D": colors.HexColor("#6a3d9a")}
GREY = colors.HexColor("#6b7785")
TITLE_BLOCK = 34.0


@dataclass
class Sheet:
    """One sheet of a drawing: its number, title and the drawing."""

    number: str
    title: str
    drawing: Drawing
    notes: list[str] = field(default_factory=list)


# --- element annotations from the design and the results ----------------------------------------

class _Annotations:
    def __init__(self, design: Design, results: dict):
        e = results.get("electrical", {}) if results else {}
        self.branches = (e.get("load_flow") or {}).get("branches", {})
        sc = e.get("short_circuit") or {}
        self.sc_buses = sc.get("buses", {})
        self.devices = sc.get("devices", {})
        self.design = design
        el = design.electrical
        self.elements = {x.id: x for lst in (el.transformers, el.cables, el.busways, el.pdus, el.ups) for x in lst}
        self.buses = {b.id: b for b in el.buses}
        self.breakers: dict[str, list] = defaultdict(list)
        for b in sorted(el.breakers, key=lambda b: b.id):
            self.breakers[b.protects].append(b)
        self.generators = sorted(el.generators, key=lambda x: x.id)
        self.bess = sorted(el.bess, key=lambda x: x.id)
        # each BESS's MV connection as the planner placed it in the yard (plan.layout.<hall>.backup_summary)
        self.collectors = {c["bess_id"]: c for hall in (((results or {}).get("plan") or {}).get("layout") or {}).values()
                           for c in ((hall or {}).get("backup_summary") or {}).get("collectors") or []}

    def element_lines(self, element_id: str, compact: bool = False) -> list[str]:
        el = self.elements.get(element_id)
        out = [element_id]
        if el is None:
            return out
        kind = type(el).__name__
        if compact:
            out += self._compact(el, kind)
        elif kind == "Transformer":
            out.append(f"{magnitude(el.rating, 'kVA'):g} kVA {magnitude(el.v_primary, 'kV'):g}/"
                       f"{magnitude(el.v_secondary, 'kV'):g} kV")
            out.append(f"Z {magnitude(el.z_percent, 'percent'):g} % {_winding(el.primary_config)}-"
                       f"{_winding(el.secondary_config)}")
        elif kind == "Cable":
            out.append(f"{el.sets}x {el.size} {el.material}, {magnitude(el.length, 'm'):g} m"
                       if el.sets > 1 else f"{el.size} {el.material}, {magnitude(el.length, 'm'):g} m")
        elif kind == "Busway":
            out.append(f"busway {magnitude(el.rating, 'A'):g} A, {magnitude(el.length, 'm'):g} m")
        elif kind == "PDU":
            out.append(f"{el.kind.upper()} {magnitude(el.rating, 'A'):g} A")
        elif kind == "UPS":
            out.append(f"UPS {el.count} x {magnitude(el.rating, 'kW'):g} kW" if el.count > 1
                       else f"UPS {magnitude(el.rating, 'kW'):g} kW")
        return out + self._flow(element_id, kind)

    @staticmethod
    def _compact(el, kind: str) -> list[str]:
        """Short lines for narrow columns: one figure per line (the schedules have the rest)."""
        if kind == "Transformer":
            return [f"{magnitude(el.rating, 'kVA'):g} kVA", f"Z {magnitude(el.z_percent, 'percent'):g} %"]
        if kind == "Cable":
            return [f"{el.sets}x {el.size}" if el.sets > 1 else f"{el.size}", f"{magnitude(el.length, 'm'):g} m"]
        if kind == "Busway":
            return [f"{magnitude(el.rating, 'A'):g} A", f"{magnitude(el.length, 'm'):g} m"]
        if kind == "PDU":
            return [f"{magnitude(el.rating, 'A'):g} A"]
        if kind == "UPS":
            return [f"{magnitude(el.rating, 'kW'):g} kW"]
        return []

    def _flow(self, element_id: str, kind: str) -> list[str]:
        out = []
        flow = self.branches.get(element_id)
        if flow and flow.get("loading_percent") is not None and kind != "Cable":
            out.append(f"load {number(flow['loading_percent'], '.1f', '%')}")
        elif flow and flow.get("i_from_a") is not None:
            out.append(f"{number(flow['i_from_a'], '.0f', 'A')}")
        return out

    def bus_lines(self, bus_id: str, compact: bool = False) -> list[str]:
        bus = self.buses.get(bus_id)
        out = [bus_id]
        if bus is None:
            return out
        rating = f"{magnitude(bus.voltage, 'V'):g} V" if magnitude(bus.voltage, "V") < 1000 else \
            f"{magnitude(bus.voltage, 'kV'):g} kV"
        if bus.bus_rating is not None:
            rating += f"{' ' if compact else ', '}{magnitude(bus.bus_rating, 'A'):g} A"
        out.append(rating)
        sc = self.sc_buses.get(bus_id)
        if sc and sc.get("ik3_ka") is not None:
            if compact and sc.get("sccr_ka") is not None:
                line = f"Ik\" {number(sc['ik3_ka'], '.1f')}/{number(sc['sccr_ka'], '.0f', 'kA')}"
            else:
                line = f"Ik\" {number(sc['ik3_ka'], '.1f', 'kA')}"
                if sc.get("sccr_ka") is not None:
                    line += f" / {number(sc['sccr_ka'], '.0f', 'kA')}"
            out.append(line)
        return out

    def bus_fails(self, bus_id: str) -> bool:
        return (self.sc_buses.get(bus_id) or {}).get("sccr_ok") is False

    def breaker_line(self, breaker, compact: bool = False) -> tuple[str, bool]:
        duty = self.devices.get(breaker.id, {})
        rating = f"{magnitude(breaker.rating, 'A'):g} A/{magnitude(breaker.interrupting, 'kA'):g} kA"
        return (rating if compact else f"{breaker.id} {rating}"), duty.get("ok") is False


def _breaker(symbols: Group, placer: Placer, ann: _Annotations, br, x: float, y: float, colour, font: float,
             slot: float, compact: bool) -> None:
    text, fail = ann.breaker_line(br, compact)
    breaker_symbol(symbols, x, y, 5.5, colour, fail)
    placer.put([(x + 5, y - font * 0.35, "start", slot - 10)], [text], font - 0.6, colour=FAIL if fail else GREY)


def _collector_block(symbols: Group, lines: Group, placer: Placer, unit, block: dict, x: float, y_bus: float,
                     row: float, slot: float, font: float) -> None:
    """A BESS and its MV connection above the bus it ties to, one compact block: the units with their PCS (B),
    the step-up transformers (N x kVA), the collector lineup's bus with its feeders, and the lineup's main
    breaker at the bus, each with its ratings (the figures of ``block``, the yard's record)."""
    y_b, y_t, y_c, y_m = (y_bus + row * f for f in (0.86, 0.62, 0.38, 0.18))
    lines.add(Line(x, y_b - 6, x, y_bus, strokeColor=COMMON, strokeWidth=0.8))
    source_symbol(symbols, x, y_b, 6, COMMON, letter="B")
    transformer_symbol(symbols, x, y_t, min(6.0, row * 0.08), COMMON)
    symbols.add(Line(x - 10, y_c, x + 10, y_c, strokeColor=COMMON, strokeWidth=2.4))
    breaker_symbol(symbols, x, y_m, 5.5, COMMON)
    size = font - 0.6
    width = max(slot, 240.0)

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}" + ("" if n == 1 else "s")

    per = block["units_per_transformer"]
    for y, text, colour in (
            (y_b, f"{unit.id}: {plural(unit.count, 'unit')} of {magnitude(unit.rating, 'kVA'):,.0f} kVA PCS, "
                  f"{block['ac_voltage_v']:,.0f} V, {unit.count * magnitude(unit.energy, 'kWh') / 1e3:,.1f} MWh", COMMON),
            (y_t, f"{block['transformers']} x {block['transformer_kva']:,.0f} kVA step-up "
                  f"{block['bus_voltage_v'] / 1e3:g}/{block['ac_voltage_v'] / 1e3:g} kV, {plural(per, 'unit')} each", COMMON),
            (y_c, f"collector: {block['lineups']} x {block['bus_rating_a']:,.0f} A lineup, "
                  f"{plural(block['feeders'], 'feeder')} of {block['breaker_a']:,.0f} A", COMMON),
            (y_m, f"main {block['breaker_a']:,.0f} A / {block['breaker_ka']:g} kA; BESS {block['i_rated_a']:,.0f} A at "
                  f"{unit.bus}", GREY)):
        placer.put([(x + 13, y - size * 0.35, "start", width)], [text], size, colour=colour)


def _winding(config: str) -> str:
    return {"delta": "D", "wye": "Y", "wye_grounded": "Yg"}.get(config, config)


# --- sheet planning ------------------------------------------------------------------------------

def branches_per_sheet(width: float) -> int:
    """Most low-voltage branches a sheet of ``width`` [pt] shows: at most :data:`MAX_BRANCHES`, each slot at
    least :data:`MIN_SLOT` wide [-]."""
    return max(2, min(MAX_BRANCHES, int(width / MIN_SLOT - 0.5)))


# --- drawing one sheet ---------------------------------------------------------------------------

def _positions(tree: PowerTree, keep: set[str], roots: list[str], cut: set[str]):
    """x slot index (centre) and depth of every kept node; a node in ``cut`` is drawn as a leaf."""
    x: dict[str, float] = {}
    depth: dict[str, int] = {}
    load_slot: dict[str, float] = {}
    counter = [0.0]

    def visit(node: str, d: int) -> None:
        depth[node] = d
        kids = [] if node in cut else [c for c in tree.children.get(node, []) if c in keep]
        if not kids:
            x[node] = counter[0]
            counter[0] += 1
            return
        for c in kids:
            visit(c, d + 1)
        if tree.loads.get(node):
            load_slot[node] = counter[0]
            counter[0] += 1
        first, last = x[kids[0]], x[kids[-1]]
        x[node] = (first + last) / 2

    for r in roots:
        if r in keep:
            visit(r, 0)
    return x, depth, load_slot, int(counter[0])


def _draw_sheet(tree: PowerTree, ann: _Annotations, keep: set[str], cut: set[str], size: tuple[float, float],
                title: str, number_: str, off_sheet: dict[str, str], cut_labels: dict[str, str],
                notes: list[str]) -> Drawing:
    width, height = size
    d = Drawing(width, height)
    roots = [r for r in tree.roots if r in keep]
    xs, depth, load_slot, n_slots = _positions(tree, keep, roots, cut)
    n_slots = max(n_slots, 1)
    slot = width / (n_slots + 0.5)   # half a slot spare on the right for the last labels
    font = FONT_SIZE
    compact = slot < 80
    max_depth = max(depth.values()) if depth else 0
    rack_groups = sorted({g for bus in keep if bus not in cut for g, _ in tree.racks.get(bus, [])})
    has_loads = any(b in keep and b not in cut and (tree.loads.get(b) or b in off_sheet) for b in keep)
    bottom_reserved = TITLE_BLOCK + (44 + 6 * min(len(rack_groups), 12) if rack_groups else 0) + (40 if has_loads else 8)
    top = height - 16
    row = min(86.0, (top - bottom_reserved - 24) / (max_depth + 0.6)) if max_depth else 60.0

    def X(node):  # noqa: N802 - coordinate helper
        return (xs[node] + 0.5) * slot

    def Y(node):  # noqa: N802
        return top - 10 - depth[node] * row

    lines = Group()
    symbols = Group()
    labels = Group()
    placer = Placer(labels)
    kinds = tree.kinds

    # buses, sources and connection points (their labels are placed after the connections')
    bar_extent: dict[str, tuple[float, float]] = {}
    bus_labels = []
    for node in sorted(xs):
        colour = SIDE_COLOURS.get(tree.side.get(node, ""), COMMON)
        x, y = X(node), Y(node)
        kids = [] if node in cut else [c for c in tree.children.get(node, []) if c in keep]
        if kinds.get(node) == "source":
            r = min(9.0, row * 0.16)
            source_symbol(symbols, x, y + r * 0.2, r, colour)
            placer.put([(x + r + 4, y + r * 0.4, "start", slot * 0.5 + width * 0.2)], _source_lines(ann, node), font,
                       bold_first=True)
            bar_extent[node] = (x, x)
            continue
        bus_kind = ann.buses[node].kind if node in ann.buses else "node"
        xs_span = [X(c) for c in kids] + ([(load_slot[node] + 0.5) * slot] if node in load_slot else [])
        left = min(xs_span + [x]) - slot * 0.3
        right = max(xs_span + [x]) + slot * 0.3
        fail = ann.bus_fails(node)
        if bus_kind == "node" and len(kids) <= 1 and node not in load_slot:
            symbols.add(Circle(x, y, 1.8, fillColor=colour, strokeColor=colour))
            bus_labels.append((node, [(x - 4, y + 2, "end", min(slot * 0.45, x - 6))], [node], font - 0.6, GREY, False,
                               False))
            bar_extent[node] = (x, x)
            continue
        symbols.add(Line(left, y, right, y, strokeColor=FAIL if fail else colour, strokeWidth=3.2))
        bar_extent[node] = (left, right)
        text = ann.bus_lines(node, compact) + ([cut_labels[node]] if node in cut_labels else [])
        colour_text = FAIL if fail else COMMON
        if kids or node in load_slot:
            y_text = y + 4 + (len(text) - 1) * (font + 1.2)
            options = [(right, y_text, "end", min(right - x - 8, right - 2)),
                       (x - 4, y_text, "end", min(x - left - 4 + slot * 0.3, x - 6))]
            bus_labels.append((node, options, text, font, colour_text, True, True))
        else:
            bus_labels.append((node, [(x + 3, y - font - 3, "start", slot - 10)], text, font, colour_text, True, True))

    # connections with their elements and breakers
    for node in sorted(xs):
        up, element = tree.parent.get(node, ("", None))
        if not up or up not in xs:
            continue
        colour = SIDE_COLOURS.get(tree.side.get(node, ""), COMMON)
        x, y0, y1 = X(node), Y(up), Y(node)
        if kinds.get(up) == "source":
            y0 -= min(9.0, row * 0.16) * 0.8
        lines.add(Line(x, y0, x, y1, strokeColor=colour, strokeWidth=1.1))
        if element is None:
            continue
        breakers = ann.breakers.get(element, [])
        top_breakers = [br for br in breakers if br.bus != node]
        bottom_breakers = [br for br in breakers if br.bus == node]
        upper = y0 - (6 + 9 * len(top_breakers))
        lower = y1 + (6 + 9 * len(bottom_breakers))
        mid = (upper + lower) / 2
        ek = kinds.get(element, "")
        offset = 6.0
        if ek == "transformer":
            r = min(8.0, row * 0.13)
            transformer_symbol(symbols, x, mid, r, colour)
            offset = r + 4
        elif ek == "busway":
            busway_symbol(symbols, x, mid - row * 0.2, mid + row * 0.2, colour)
        elif ek in ("pdu", "ups"):
            box_symbol(symbols, x, mid, 18, 11, colour, ek.upper(), diagonal=ek == "ups")
            offset = 12.0
        for k, br in enumerate(top_breakers):
            _breaker(symbols, placer, ann, br, x, y0 - 8 - 9 * k, colour, font, slot, compact)
        for k, br in enumerate(bottom_breakers):
            _breaker(symbols, placer, ann, br, x, y1 + 8 + 9 * k, colour, font, slot, compact)
        text = ann.element_lines(element, compact)
        block = len(text) * (font + 1.2)
        placer.put([(x + offset, mid + block / 2 - font * 0.8, "start", slot - offset - 4)], text, font)

    # standby generators and second feeds: the units of one plant (same bus, rating and state) as one symbol
    on_bus: dict[str, int] = {}
    for group in _generator_groups(ann.generators, xs):
        gen = group[0]
        left, right = bar_extent.get(gen.bus, (X(gen.bus), X(gen.bus)))
        k = on_bus[gen.bus] = on_bus.get(gen.bus, -1) + 1  # several plants on one bus side by side
        gx, gy = right - 4 - 70 * k, Y(gen.bus) + row * 0.45
        lines.add(Line(gx, gy - 6, gx, Y(gen.bus), strokeColor=COMMON, strokeWidth=0.8,
                       strokeDashArray=[2, 2] if not gen.running else None))
        source_symbol(symbols, gx, gy, 6, COMMON, letter="G")
        placer.reserve((gx - 7, Y(gen.bus), gx + 7, gy + 7))  # no label over the symbol or its link
        caption = transfer_caption(gen.notes) if k == 0 else None  # the plant's transfer equipment, once per bus
        rating = f"{magnitude(gen.rating, 'kVA'):g} kVA" + ("" if gen.running else " standby")
        text = ([gen.id, rating] if len(group) == 1 else
                [f"{group[0].id} to {group[-1].id}" if len(group) > 2 else f"{group[0].id}, {group[1].id}",
                 f"{len(group)} x {rating}"])
        placer.put([(gx - 9, gy + 2, "end", slot), (gx + 9, gy + 2, "start", slot),
                    (gx - 9, gy + 14, "end", slot), (gx + 9, gy + 14, "start", slot)],
                   text + ([f"via {caption}"] if caption else []), font - 0.6)
    # bus labels where they cover nothing; a shorter one (id and fault level) where the full one would
    for node, options, text, size_, colour_text, bold, required in bus_labels:
        if not placer.put(options, text, size_, colour=colour_text, bold_first=bold, required=False) and required:
            short = [text[0]] + [t for t in text[1:] if t.startswith("Ik") or t.startswith("continues")]
            placer.put(options, short, size_, colour=colour_text, bold_first=bold)

    for k, unit in enumerate(b for b in ann.bess if b.bus in xs):  # storage (with its PCS) at the bus's left end
        left, _right = bar_extent.get(unit.bus, (X(unit.bus), X(unit.bus)))
        block = ann.collectors.get(unit.id)
        if block is not None:
            _collector_block(symbols, lines, placer, unit, block, left + 4 + 150 * k, Y(unit.bus), row, slot, font)
            continue
        bx, by = left + 4 + 90 * k, Y(unit.bus) + row * 0.45
        lines.add(Line(bx, by - 6, bx, Y(unit.bus), strokeColor=COMMON, strokeWidth=0.8))
        source_symbol(symbols, bx, by, 6, COMMON, letter="B")
        placer.put([(bx + 9, by + 2, "start", slot), (bx - 9, by + 2, "end", slot)],
                   [unit.id, f"BESS {unit.count} x {magnitude(unit.rating, 'kVA'):,.0f} kVA",
                    f"{unit.count * magnitude(unit.energy, 'kWh') / 1e3:,.1f} MWh, {unit.purpose}"], font - 0.6)
    for up, element, down in tree.extra:
        if up in xs and down in xs:
            lines.add(Line(X(up), Y(up), X(down), Y(down), strokeColor=GREY, strokeWidth=0.8, strokeDashArray=[3, 2]))
            notes.append(f"{element} also joins {up} to {down} (dashed)")

    # loads other than racks, in a box in the bus's own column
    load_top = min([Y(n) for n in xs] + [top]) - 6
    for node in sorted(xs):
        if node in cut:
            continue
        items = tree.loads.get(node)
        if not items:
            continue
        lx = (load_slot[node] + 0.5) * slot if node in load_slot else X(node)
        y = Y(node)
        text = load_box_lines(items)
        w = min(slot - 8, 120)
        box_h = 4 + len(text) * (font - 0.4 + 1.2)
        colour = SIDE_COLOURS.get(tree.side.get(node, ""), COMMON)
        box_top = y - (14 if node in load_slot else font * 3.6 + 8)
        for _ in range(6):
            region = (lx - 3, box_top - box_h, lx - 3 + w, box_top)
            if placer.free(region):
                break
            box_top -= 8
        placer.reserve((lx - 3, box_top - box_h, lx - 3 + w, box_top))
        lines.add(Line(lx, y, lx, box_top, strokeColor=colour, strokeWidth=0.9))
        symbols.add(Rect(lx - 3, box_top - box_h, w, box_h, strokeColor=colour, fillColor=colors.white,
                         strokeWidth=0.8))
        label(labels, lx, box_top - font - 0.5, text, font - 0.4, w - 6)
        load_top = min(load_top, box_top - box_h)

    # rack groups in a row at the bottom, one lane per group
    if rack_groups:
        groups = {g.id: g for g in ann.design.loads.racks}
        feeds_of = {gid: [(bus, letter) for bus, letter in
                          ((b, "ABCDEFGH"[i]) for i, b in enumerate(groups[gid].feeds))] for gid in rack_groups}
        order = sorted(rack_groups, key=lambda gid: (_mean([X(b) for b, _ in feeds_of[gid] if b in xs]), gid))
        n = len(order)
        box_w = min(96.0, width / n - 6)
        box_h = 24.0
        y_box = TITLE_BLOCK + 6
        lowest_label = min([b[1] for b in placer.boxes] + [load_top])
        lane_top = min(lowest_label - 3, min(Y(b) for gid in order for b, _ in feeds_of[gid] if b in xs) - 26)
        lane_gap = max(2.5, min(6.0, (lane_top - (y_box + box_h + 16)) / max(n, 1)))
        for i, gid in enumerate(order):
            gx = (i + 0.5) * width / n
            grp = groups[gid]
            symbols.add(Rect(gx - box_w / 2, y_box, box_w, box_h, strokeColor=COMMON, fillColor=colors.HexColor("#eef2f6"),
                             strokeWidth=1))
            placer.put([(gx, y_box + box_h - font - 2, "middle", box_w - 4)],
                       [gid, f"{grp.count} x {grp.model or grp.kind}"], font, bold_first=True)
            lane_y = lane_top - i * lane_gap
            n_feeds = len(feeds_of[gid])
            for j, (bus, letter) in enumerate(feeds_of[gid]):
                colour = SIDE_COLOURS.get(letter, COMMON)
                fx = gx - box_w / 2 + box_w * (j + 1) / (n_feeds + 1)
                if bus in xs and bus not in cut:
                    bx, by = X(bus), Y(bus)
                    lines.add(PolyLine([bx, by, bx, lane_y, fx, lane_y, fx, y_box + box_h], strokeColor=colour,
                                       strokeWidth=0.9))
                    symbols.add(Circle(bx, lane_y, 1.3, fillColor=colour, strokeColor=colour))
                else:
                    lines.add(Line(fx, y_box + box_h, fx, y_box + box_h + 8, strokeColor=colour, strokeWidth=0.9))
                    where = off_sheet.get(bus, "")
                    placer.put([(fx, y_box + box_h + 10, "middle", width / n / max(n_feeds, 1))],
                               [f"{letter}: {bus}" + (f" ({where})" if where else "")], font - 0.8, colour=colour)

    d.add(lines)
    d.add(symbols)
    d.add(labels)
    _title_block(d, title, number_, ann, notes, font)
    return d


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _load_kind(kind: str) -> str:
    return {"miners": "miners", "load": "load", "cdu": "CDU", "pump": "pump", "heat_rejection": "heat rejection",
            "exhaust_fan": "fans", "crah": "CRAH", "rear_door": "rear door"}.get(kind, kind)


def _generator_groups(generators, drawn) -> list[list]:
    """The standby generators drawn beside a bus of the sheet (``drawn``: the sheet's nodes), as plants: the
    units on one bus with the same rating and running state, in id order (an N+1 plant of eight gensets is
    one symbol with its count, not eight symbols whose labels crowd the bus)."""
    groups: dict[tuple, list] = {}
    for gen in generators:  # sorted by id
        if gen.bus in drawn and gen.id not in drawn:
            groups.setdefault((gen.bus, magnitude(gen.rating, "kVA"), gen.running), []).append(gen)
    return list(groups.values())


def _source_lines(ann: _Annotations, node: str) -> list[str]:
    u = ann.design.utility
    if node == u.id:
        return [f"{u.id}", f"{magnitude(u.voltage, 'kV'):g} kV, {magnitude(u.capacity, 'MVA'):g} MVA",
                f"Sk\" {magnitude(u.sk, 'MVA'):g} MVA, X/R {u.xr_ratio:g}"]
    for gen in ann.generators:
        if gen.id == node:
            return [gen.id, f"{magnitude(gen.rating, 'kVA'):g} kVA generator"]
    return [node]


def _title_block(d: Drawing, title: str, number_: str, ann: _Annotations, notes: list[str], font: float) -> None:
    w = d.width
    d.add(Line(0, TITLE_BLOCK - 4, w, TITLE_BLOCK - 4, strokeColor=GREY, strokeWidth=0.5))
    x = 2.0
    for letter in ("A", "B"):
        d.add(Line(x, 18, x + 16, 18, strokeColor=SIDE_COLOURS[letter], strokeWidth=1.4))
        d.add(String(x + 19, 16, f"{letter} side", fontName=FONT, fontSize=6, fillColor=COMMON))
        x += 52
    d.add(Line(x, 18, x + 16, 18, strokeColor=COMMON, strokeWidth=1.4))
    d.add(String(x + 19, 16, "shared", fontName=FONT, fontSize=6, fillColor=COMMON))
    x += 50
    breaker_symbol(d, x + 3, 18.5, 5.5, COMMON)
    d.add(String(x + 9, 16, "breaker (id, trip/interrupting)", fontName=FONT, fontSize=6, fillColor=COMMON))
    x += 104
    transformer_symbol(d, x + 4, 18.5, 3.2, COMMON)
    d.add(String(x + 11, 16, "transformer", fontName=FONT, fontSize=6, fillColor=COMMON))
    x += 50
    busway_symbol(d, x + 3, 13, 24, COMMON)
    d.add(String(x + 9, 16, "busway", fontName=FONT, fontSize=6, fillColor=COMMON))
    x += 38
    d.add(Line(x, 18, x + 14, 18, strokeColor=FAIL, strokeWidth=3))
    d.add(String(x + 17, 16, "fails its check", fontName=FONT, fontSize=6, fillColor=FAIL))
    note = plain("Ik\": initial symmetrical short-circuit current (IEC 60909-0) / bus rating. " + "; ".join(notes))
    for i, line in enumerate(wrap(note, w * 0.62, 6.0)[:2]):
        d.add(String(2, 6 - i * 7, line, fontName=FONT, fontSize=6, fillColor=GREY))
    d.add(String(w - 2, 18, plain(f"{title}"), fontName=BOLD, fontSize=8, fillColor=COMMON, textAnchor="end"))
    d.add(String(w - 2, 6, sheet_identity(ann.design, number_), fontName=FONT, fontSize=7,
                 fillColor=COMMON, textAnchor="end"))


# --- public --------------------------------------------------------------------------------------

def oneline_sheets(design: Design, results: dict, size: tuple[float, float]) -> list[Sheet]:
    """The one-line diagram of ``design`` as one sheet, or an overview and one sheet per transformer group.

    Parameters
    ----------
    design : Design
        The design whose power topology is drawn.
    results : dict
        The analysis results (``results["electrical"]``) for loading and short-circuit labels; may be empty.
    size : tuple of float
        Width and height of each sheet's drawing [pt].

    Returns
    -------
    list of Sheet
        Sheets numbered ``E-1``, ``E-2`` ...; with a split, ``E-1`` is the overview.
    """
    tree = build_tree(design)
    ann = _Annotations(design, results)
    everything = set(tree.parent)
    total = sum(leaves(tree, r, None) for r in tree.roots)
    limit = branches_per_sheet(size[0])
    per_overview = min(MAX_OVERVIEW, max(limit, int(size[0] / OVERVIEW_SLOT - 0.5)))
    if total <= limit or not design.electrical.transformers:
        notes: list[str] = []
        drawing = _draw_sheet(tree, ann, everything, set(), size, "One-line diagram", "E-1", {}, {}, notes)
        return [Sheet("E-1", "One-line diagram", drawing, notes)]

    packs = pack_sheets(tree, design, limit)
    lineups = hall_lineups(tree, design)
    if len(lineups) > 1 and len(packs) > CAMPUS_DETAIL_SHEETS_PER_HALL * len(lineups):
        return _campus_sheets(tree, ann, design, lineups, size, limit)
    sheets: list[Sheet] = []
    n_overview = (len(design.electrical.transformers) + per_overview - 1) // per_overview
    detail_numbers = [f"E-{n_overview + i + 1}" for i in range(len(packs))]
    sheet_of_tx = {t: detail_numbers[i] for i, pack in enumerate(packs) for t in pack}
    lv_of = {t: lv_bus_of(tree, t) for t in sheet_of_tx}
    sheet_of_bus: dict[str, str] = {}
    for t, bus in lv_of.items():
        if bus:
            for n in subtree(tree, [bus]) - ancestors(tree, bus):
                sheet_of_bus[n] = sheet_of_tx[t]

    # overview sheets: everything down to each transformer's secondary bus, cut there
    txs = sorted(sheet_of_tx, key=lambda t: (sheet_of_tx[t], t))
    for k in range(n_overview):
        chunk = txs[k * per_overview:(k + 1) * per_overview]
        lv = [lv_of[t] for t in chunk if lv_of[t]]
        keep = set()
        for bus in lv:
            keep |= ancestors(tree, bus) | {bus}
        cut = set(lv)
        labels = {lv_of[t]: f"continues on {sheet_of_tx[t]}" for t in chunk if lv_of[t]}
        notes = ["each secondary bus continues on the sheet named under it"]
        number_ = f"E-{k + 1}"
        title = "One-line diagram: overview" + (f" ({k + 1} of {n_overview})" if n_overview > 1 else "")
        drawing = _draw_sheet(tree, ann, keep, cut, size, title, number_, {}, labels, notes)
        sheets.append(Sheet(number_, title, drawing, notes))
    for i, pack in enumerate(packs):
        lv = [lv_of[t] for t in pack if lv_of[t]]
        keep = subtree(tree, lv)
        off = {bus: s for bus, s in sheet_of_bus.items() if s != detail_numbers[i]}
        notes = []
        named = sorted(pack, key=lambda t: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", t)])
        title = "One-line diagram: " + (", ".join(named) if len(named) <= TITLE_IDS else
                                        f"{len(named)} transformers, {named[0]} to {named[-1]}")
        drawing = _draw_sheet(tree, ann, keep, set(), size, title, detail_numbers[i], off, {}, notes)
        sheets.append(Sheet(detail_numbers[i], title, drawing, notes))
    return sheets


#: Loads other than racks listed one by one in a bus's box; more are counted by kind.
LOAD_BOX_ITEMS = 5
#: Transformers named one by one in a sheet's title; more are counted (the sheet names every one).
TITLE_IDS = 6


def load_box_lines(items: list[tuple[str, str]]) -> list[str]:
    """The lines of a bus's box of loads other than racks: each load by id and kind when they are few, else the
    count of each kind (the ids are in the schedules and the JSON), never a list cut short."""
    if len(items) <= LOAD_BOX_ITEMS:
        return [f"{i} ({_load_kind(k)})" for i, k in items]
    counts: dict[str, int] = {}
    for _, k in items:
        counts[_load_kind(k)] = counts.get(_load_kind(k), 0) + 1
    return [f"{n} x {kind}" for kind, n in sorted(counts.items())]


def _campus_sheets(tree: PowerTree, ann: _Annotations, design: Design, lineups: dict[str, list[str]],
                   size: tuple[float, float], limit: int) -> list[Sheet]:
    """A campus one-line (down to each hall's medium-voltage lineups) and per-hall sheets (each lineup down to
    its transformers' secondary buses); what the secondaries feed is in the schedules."""
    halls = list(lineups)
    all_lineups = [b for h in halls for b in lineups[h]]
    n_campus = (len(all_lineups) + limit - 1) // limit
    tx_ids = {t.id for t in design.electrical.transformers}
    secondaries: dict[str, list[str]] = {}
    for h in halls:
        below = set().union(*(subtree_down(tree, b) for b in lineups[h]))
        secondaries[h] = sorted(b for b in below if tree.parent.get(b, ("", None))[1] in tx_ids)

    def hall_sheet(h: str, i: int, count: int, number_: str, name: str):
        chunk = secondaries[h][i * limit:(i + 1) * limit]
        keep = set(chunk)
        for bus in chunk:
            keep |= ancestors(tree, bus)
        labels = {bus: f"feeds {count_noun(len(tree.children.get(bus, [])), 'circuit')}, see the schedules"
                  for bus in chunk}
        notes = [f"{h}: its lineups down to each transformer's secondary; the busways and racks it feeds are in "
                 "the schedules"]
        title = f"One-line diagram: {name}" + (f" ({i + 1} of {count})" if count > 1 else "")
        return Sheet(number_, title, _draw_sheet(tree, ann, keep, set(chunk), size, title, number_, {}, labels, notes),
                     notes)

    # halls whose sheets draw the same but for their own ids and figures are printed once, "typical of" the
    # others, each figure the largest among them (each hall's own in the schedules)
    counts = {h: max(1, (len(secondaries[h]) + limit - 1) // limit) for h in halls}
    drafts: dict[str, list[Sheet]] = {}
    signatures = []
    for h in halls:
        drafts[h] = [hall_sheet(h, i, counts[h], "E-0", h) for i in range(counts[h])]
        own = hall_ids(tree, design, h, lineups[h])
        signatures.append(tuple((figures_masked(normalised(drawing_strings(x.drawing), own, {x.title, "E-0"})),
                                 tuple(str(label.fillColor) for label in drawing_labels(x.drawing)))
                                for x in drafts[h]))
    groups = []
    for g in group_alike(signatures):
        members = [halls[i] for i in g]
        if len(members) > 1 and not all(envelope_labels(hall_sheet(members[0], i, counts[members[0]], "E-0", ""
                                                                   ).drawing, [drafts[m][i].drawing for m in members])
                                        for i in range(counts[members[0]])):
            groups += [[m] for m in members]      # a figure would not fit its label: each hall drawn on its own
        else:
            groups.append(members)
    groups.sort(key=lambda g: halls.index(g[0]))
    leader = {h: g[0] for g in groups for h in g}
    numbers: dict[str, list[str]] = {}
    k = n_campus
    for g in groups:
        numbers[g[0]] = [f"E-{k + i + 1}" for i in range(counts[g[0]])]
        k += counts[g[0]]
    for h in halls:
        numbers[h] = numbers[leader[h]]
    sheets: list[Sheet] = []
    hall_of = {b: h for h in halls for b in lineups[h]}
    for c in range(n_campus):
        chunk = all_lineups[c * limit:(c + 1) * limit]
        keep = set(chunk)
        for bus in chunk:
            keep |= ancestors(tree, bus)
        labels = {bus: f"{hall_of[bus]}: continues on {', '.join(numbers[hall_of[bus]])}" for bus in chunk}
        notes = ["each hall's lineups continue on the sheets named under them"]
        number_ = f"E-{c + 1}"
        title = "One-line diagram: campus" + (f" ({c + 1} of {n_campus})" if n_campus > 1 else "")
        sheets.append(Sheet(number_, title, _draw_sheet(tree, ann, keep, set(chunk), size, title, number_, {}, labels,
                                                        notes), notes))
    for g in groups:
        h = g[0]
        name = h + (f", typical of {', '.join(g[1:])} (their own ids; each figure the largest of the halls)"
                    if len(g) > 1 else "")
        for i, number_ in enumerate(numbers[h]):
            sheet = hall_sheet(h, i, counts[h], number_, name)
            if len(g) > 1:
                envelope_labels(sheet.drawing, [drafts[m][i].drawing for m in g[1:]])
            sheets.append(sheet)
    return sheets


__all__ = ["LOAD_BOX_ITEMS", "MAX_BRANCHES", "MIN_SLOT", "Sheet", "TITLE_IDS", "branches_per_sheet", "load_box_lines",
           "oneline_sheets"]
