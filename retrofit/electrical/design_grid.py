"""Build the electrical network arrays of a Design: buses, sources, branches and loads.

PDUs and UPS are zero-impedance connections: their two buses are merged into one network bus (results
are reported for both ids). Cable impedances and ratings come from
:func:`retrofit.electrical.conductor_check.rate_cable` (NEC tables, IEC 60228 for metric sizes). Loads are constant power; each rack's power is
shared equally by its live feeds (an A/B rack draws half from each side, all from one side when the
other is lost).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, OutOfRange, Problem, RetrofitError
from ..model import Design
from ..topology import cooling_loads
from ..units import magnitude
from .conductor_check import rate_cable
from .network import Grid, GridBuilder
from .ups_losses import ups_losses_w



LOAD_KIND_WORDS = {"rack": "racks", "miners": "miners", "ups_loss": "UPS conversion losses",
                   "bess_loss": "smoothing BESS cycling losses", "cdu": "CDUs", "pump": "pumps",
                   "heat_rejection": "heat-rejection units", "exhaust_fan": "exhaust fans", "crah": "CRAHs",
                   "rear_door": "rear-door coolers"}
"""The load kinds of :class:`LoadTable` in words, for notes and reports; other loads' kinds (lighting,
office, ...) read as they are."""


def load_kind_words(kind: str) -> str:
    """A load kind of :class:`LoadTable` in words.

    Examples
    --------
    >>> load_kind_words("bess_loss"), load_kind_words("lighting")
    ('smoothing BESS cycling losses', 'lighting')
    """
    return LOAD_KIND_WORDS.get(kind, kind.replace("_", " "))


@dataclass
class LoadTable:
    """Constant-power load rows of the network, with what each row belongs to.

    A rack group fed from k buses gives k rows (one per feed); its power moves to the live feeds when
    one is lost. ``owner`` is the element id (rack group, miner group, load, cooling element).
    """

    ids: list[str] = field(default_factory=list)
    owner: list[str] = field(default_factory=list)
    bus: list[str] = field(default_factory=list)
    p_w: list[float] = field(default_factory=list)  # total power of the owner (not the share)
    tan_phi: list[float] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)

    def add(self, row_id, owner, bus, p_w, power_factor, kind):
        self.ids.append(row_id)
        self.owner.append(owner)
        self.bus.append(bus)
        self.p_w.append(float(p_w))
        self.tan_phi.append(math.tan(math.acos(min(max(power_factor, 1e-6), 1.0))))
        self.kind.append(kind)

    def shares(self, alive_bus: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(p_w, q_var) per row when only buses with ``alive_bus[row]`` True are live."""
        owners = np.unique(np.array(self.owner), return_inverse=True)[1]
        alive = np.asarray(alive_bus, dtype=bool)
        n_alive = np.bincount(owners, weights=alive.astype(float))
        p_total = np.asarray(self.p_w)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(alive, p_total / np.maximum(n_alive[owners], 1.0), 0.0)
        return p, p * np.asarray(self.tan_phi)


@dataclass
class DesignGrid:
    """The network of a design and how its ids map onto network buses and branches."""

    grid: Grid
    bus_of: dict[str, str]  # design bus id -> network bus id (merged through PDUs/UPS)
    loads: LoadTable
    branch_kind: dict[str, str]  # branch id -> cable/busway/transformer
    cable_ampacity: dict[str, object]  # cable id -> ConductorAmpacity (LV cables only)
    notes: list[str]
    # MV cable id -> MvCableAmpacity, or the reason no shipped NEC table evaluates it
    mv_cable_ampacity: dict[str, object] = field(default_factory=dict)


def rack_power_w(group, basis: str) -> float:
    """Power per rack used for the electrical solve [W] (peak when the basis is peak and it is given)."""
    p = group.p_peak if basis == "peak" and group.p_peak is not None else group.p_design
    return magnitude(p, "W")


def rated_cooling_power(design: Design) -> dict[str, float]:
    """Electric power of cooling elements at their rated points [W], before the thermal solve refines it."""
    out: dict[str, float] = {}
    rho_g = 1000.0 * 9.80665
    c = design.cooling
    for cdu in c.cdus:
        flow = magnitude(cdu.flow_tcs_rated, "m**3/s")
        head = np.interp(flow, [magnitude(p.flow, "m**3/s") for p in cdu.pump_curve], [magnitude(p.head, "m") for p in cdu.pump_curve])
        eff = max(magnitude(cdu.pump_efficiency, "dimensionless"), 0.05)
        out[cdu.id] = rho_g * flow * max(head, 0.0) / eff + magnitude(cdu.p_controls, "W")
    for pump in c.pumps:
        q = [magnitude(p.flow, "m**3/s") for p in pump.curve]
        h = [magnitude(p.head, "m") for p in pump.curve]
        i = int(np.argmax(np.array(q) * np.array(h)))  # best power point as rated duty
        eff = max(magnitude(pump.efficiency, "dimensionless") * magnitude(pump.motor_efficiency, "dimensionless"), 0.05)
        out[pump.id] = pump.running * rho_g * q[i] * h[i] / eff
    for unit in c.heat_rejection:
        out[unit.id] = unit.count * magnitude(unit.fan_power_rated, "W")
    for group in (c.exhaust_fans, c.crahs, c.rear_doors):
        for item in group:
            out[item.id] = item.count * magnitude(item.power, "W")
    return out


def transformer_resistance_percent(t) -> float:
    """%R of a transformer [%]: from its load loss when given (u_R = P_k/S_r, as IEC 60909-0 §6.3.3 and
    IEEE C57.12.90 take it from the load-loss test), else from its nameplate X/R."""
    z = magnitude(t.z_percent, "percent")
    if t.load_loss is not None and magnitude(t.load_loss, "W") > 0:
        return min(100.0 * magnitude(t.load_loss, "W") / magnitude(t.rating, "VA"), 0.99 * z)
    return z / math.sqrt(1.0 + t.xr_ratio ** 2)


def build_design_grid(design: Design, cooling_power_w: dict[str, float] | None = None) -> DesignGrid:
    """Network arrays of ``design``; ``cooling_power_w`` overrides the rated cooling power per element."""
    e = design.electrical
    criteria = design.goal.criteria if design.goal else None
    basis = criteria.rack_power_basis if criteria else "peak"
    # merge the two buses of zero-impedance elements
    parent: dict[str, str] = {b.id: b.id for b in e.buses}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for item in sorted(list(e.pdus) + list(e.ups), key=lambda x: x.id):
        a, b = find(item.from_bus), find(item.to_bus)
        if a != b:
            parent[b] = a
    bus_of = {b.id: find(b.id) for b in e.buses}
    builder = GridBuilder(frequency_hz=magnitude(design.utility.frequency, "Hz"))
    for bus in sorted(e.buses, key=lambda b: b.id):
        if bus_of[bus.id] == bus.id:
            builder.add_bus(bus.id, magnitude(bus.voltage, "V"))
    u = design.utility
    builder.add_source(u.id, bus_of[u.bus], sk_max_va=magnitude(u.sk, "VA"), rx_max=1.0 / u.xr_ratio, vm_pu=u.voltage_pu)
    notes: list[str] = []
    kinds: dict[str, str] = {}
    for t in sorted(e.transformers, key=lambda x: x.id):
        z = magnitude(t.z_percent, "percent")
        vkr = transformer_resistance_percent(t)
        vkr_xr = z / math.sqrt(1.0 + t.xr_ratio ** 2)
        if t.load_loss is not None and abs(vkr / vkr_xr - 1.0) > 0.25:
            notes.append(f"{t.id}: load loss {magnitude(t.load_loss, 'kW'):g} kW gives %R {vkr:.3f} %, the X/R "
                         f"{t.xr_ratio:g} gives {vkr_xr:.3f} %; the load loss (nameplate test) is used")
        tap = 1.0 + t.taps.position * magnitude(t.taps.step, "percent") / 100.0
        builder.add_transformer(t.id, bus_of[t.hv_bus], bus_of[t.lv_bus], sn_va=magnitude(t.rating, "VA"),
                                vn_hv_v=magnitude(t.v_primary, "V"), vn_lv_v=magnitude(t.v_secondary, "V"), vk_percent=z,
                                vkr_percent=vkr, p0_w=magnitude(t.no_load_loss, "W"), tap_ratio=tap)
        kinds[t.id] = "transformer"
    ampacity: dict[str, object] = {}
    mv_ampacity: dict[str, object] = {}
    for c in sorted(e.cables, key=lambda x: x.id):
        try:
            rating = rate_cable(c)
        except (RetrofitError, KeyError) as exc:
            raise InputError(Problem("design", None, f"electrical.cables[{c.id}]", str(exc))) from None
        r, x, i_max = rating.r_ohm, rating.x_ohm, math.inf
        if rating.ampacity is not None:
            ampacity[c.id] = rating.ampacity
            i_max = rating.ampacity.ampacity_a
        if rating.mv_ampacity is not None:
            mv_ampacity[c.id] = rating.mv_ampacity
            if isinstance(rating.mv_ampacity, str):
                notes.append(f"{c.id}: medium-voltage cable; ampacity not evaluated: {rating.mv_ampacity}")
        builder.add_line(c.id, bus_of[c.from_bus], bus_of[c.to_bus], r_ohm=r, x_ohm=x, i_max_a=i_max, parallel=c.sets)
        kinds[c.id] = "cable"
    for b in sorted(e.busways, key=lambda x: x.id):
        length_m = magnitude(b.length, "m")
        builder.add_line(b.id, bus_of[b.from_bus], bus_of[b.to_bus], r_ohm=magnitude(b.r_per_length, "ohm/m") * length_m,
                         x_ohm=magnitude(b.x_per_length, "ohm/m") * length_m, i_max_a=magnitude(b.rating, "A"))
        kinds[b.id] = "busway"
    loads = LoadTable()
    for group in design.loads.racks:
        p = rack_power_w(group, basis) * group.count
        for bus in group.feeds:
            loads.add(f"{group.id}@{bus}", group.id, bus, p, group.power_factor, "rack")
    for group in design.loads.miners:
        loads.add(group.id, group.id, group.bus, magnitude(group.p_rated, "W") * group.count, group.power_factor, "miners")
    for load in design.loads.other:
        loads.add(load.id, load.id, load.bus, magnitude(load.p, "W"), load.power_factor, load.kind)
    power = rated_cooling_power(design)
    if cooling_power_w:
        power.update(cooling_power_w)
    for element_id, bus, kind in cooling_loads(design):
        loads.add(element_id, element_id, bus, power.get(element_id, 0.0), 0.9, kind)
    if e.ups:  # each UPS's conversion loss is a load on its input bus
        p_by_bus: dict[str, float] = {}
        for bus, pw in zip(loads.bus, loads.shares(np.ones(len(loads.ids), dtype=bool))[0]):
            p_by_bus[bus] = p_by_bus.get(bus, 0.0) + float(pw)
        for ups_id, (bus, _p_out, loss_w) in ups_losses_w(design, p_by_bus).items():
            loads.add(f"{ups_id}:loss", ups_id, bus, loss_w, 1.0, "ups_loss")
    if e.bess:  # each smoothing BESS's average cycling loss is a load on its bus (retrofit.electrical.power_quality)
        from .power_quality import smoothing_losses_w
        for bess_id, (bus, loss_w) in smoothing_losses_w(design).items():
            loads.add(f"{bess_id}:loss", bess_id, bus, loss_w, 1.0, "bess_loss")
    p, q = loads.shares(np.ones(len(loads.ids), dtype=bool))
    for row_id, bus, pw, qv in zip(loads.ids, loads.bus, p, q):
        builder.add_load(row_id, bus_of[bus], p_w=pw, q_var=qv)
    try:
        grid = builder.build()
    except OutOfRange as exc:
        raise InputError(Problem("design", None, "electrical", str(exc))) from None
    return DesignGrid(grid, bus_of, loads, kinds, ampacity, notes, mv_ampacity)
