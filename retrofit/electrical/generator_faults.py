"""Short circuits of a Design with its generators and converters: the generator-only minimum case for
protection sensitivity, and the BESS converters' current-limited contribution to the maximum case.

Orchestration only: the kernels are in :mod:`retrofit.electrical.fault_study` (``solve_fault_study``),
:mod:`retrofit.electrical.generator_sources` (``islanded_grid``, ``breaking_current_factor``),
:mod:`retrofit.electrical.inverter_sources` (``InverterSources``) and :mod:`retrofit.electrical.tcc`
(``clearing_time``).

Generator-only case: the utility is out and every generator of the design runs (standby units included);
the IEC 60909-0 minimum case (c_min, no motors, lines at their end-of-fault temperature) gives I″k at every
bus. A device below the generators' bus must clear a fault at the far end of what it protects: the current
through it is that bus's I″k referred to the device's voltage; an instantaneous trip sees I″k, a delayed
one the breaking current μ I″k at its own clearing time (found by fixed point: μ only falls with time).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..model import Design
from ..units import magnitude
from .design_grid import DesignGrid
from .fault_study import FaultStudyOptions, solve_fault_study, voltage_factor_min
from .generator_sources import GeneratorSources, breaking_current_factor, fictitious_generator_rx, islanded_grid
from .inverter_sources import InverterSources
from .tcc import DeviceCurve, clearing_time
from .ups_losses import downstream_buses

#: Rated power factor of a generator whose design gives none: 0.8, the usual rating basis of gensets
#: (ISO 8528-1 rated power at cos φ 0.8) [-].
RATED_POWER_FACTOR = 0.8


def all_generator_sources(design: Design, dg: DesignGrid) -> GeneratorSources | None:
    """Every generator of ``design`` (standby units included) as network rows; R_G = R_Gf (IEC 60909-0 6.6.1)."""
    rows = []
    for g in sorted(design.electrical.generators, key=lambda g: g.id):
        vr, sr = magnitude(g.voltage, "V"), magnitude(g.rating, "VA")
        rows.append((g.id, dg.grid.bus_index(dg.bus_of[g.bus]), sr, vr, magnitude(g.xd_subtransient, "dimensionless"),
                     fictitious_generator_rx(vr, sr), math.sqrt(1.0 - RATED_POWER_FACTOR**2)))
    if not rows:
        return None
    cols = list(zip(*rows))
    return GeneratorSources(tuple(cols[0]), *(np.array(c) for c in cols[1:]))


def converter_sources(design: Design, dg: DesignGrid, catalog) -> InverterSources | None:
    """The BESS power conversion systems of ``design`` as current-limited sources, ``k`` from the catalog
    table ``converter-fault-current`` (row ``bess_pcs``); None without BESSs."""
    units = sorted(design.electrical.bess, key=lambda b: b.id)
    if not units:
        return None
    k = float(next(r for r in catalog.table("converter-fault-current").rows if r["kind"] == "bess_pcs")["k"])
    vn = {b.id: magnitude(b.voltage, "V") for b in design.electrical.buses}
    vn[design.utility.bus] = vn.get(design.utility.bus, magnitude(design.utility.voltage, "V"))
    return InverterSources(tuple(b.id for b in units), np.array([dg.grid.bus_index(dg.bus_of[b.bus]) for b in units]),
                           np.array([magnitude(b.rating, "VA") * b.count / (math.sqrt(3.0) * vn[b.bus]) for b in units]),
                           np.full(len(units), k))


@dataclass(frozen=True)
class DeviceSensitivity:
    """Whether one device clears the generator-only minimum fault at the far end of what it protects.

    Attributes
    ----------
    device : str
        Breaker id.
    fault_bus : str
        Bus of the fault.
    ik_initial_a : float
        I″k through the device [A].
    mu : float
        Breaking-current factor at the clearing time [-].
    i_cleared_a : float
        Current the device clears: I″k for an instantaneous trip, μ I″k otherwise [A].
    clearing_time_s : float
        Latest clearing time on the device's curve at that current (``inf``: it never trips) [s].
    """

    device: str
    fault_bus: str
    ik_initial_a: float
    mu: float
    i_cleared_a: float
    clearing_time_s: float

    @property
    def trips(self) -> bool:
        return math.isfinite(self.clearing_time_s)


def far_bus(design: Design, breaker) -> str:
    """The bus at the far end of what ``breaker`` protects (its own bus when it protects nothing named)."""
    e = design.electrical
    for items, attr in ((e.cables, "to_bus"), (e.busways, "to_bus"), (e.pdus, "to_bus"), (e.ups, "to_bus"),
                        (e.transformers, "lv_bus")):
        for x in items:
            if x.id == breaker.protects:
                return getattr(x, attr)
    return breaker.bus


def device_sensitivity(curve: DeviceCurve, ik_a: float, ik_over_ir: float) -> tuple[float, float, float]:
    """(μ, current cleared [A], clearing time [s]) of a device carrying I″k ``ik_a`` from generators whose
    I″kG/I_rG is ``ik_over_ir``.

    An instantaneous element whose pickup (raised by its tolerance) I″k reaches decides in the first cycle:
    μ = 1. Otherwise the fixed point of ``t = clearing_time(μ(t) I″k)``, starting from the time at I″k
    (μ only falls with t, so t only grows; at most four steps, the last tabulated μ holding from 0.25 s).

    Examples
    --------
    >>> from retrofit.electrical.tcc import DeviceCurve
    >>> c = DeviceCurve("cb", "lsi", 4000.0, 4.0, 16000.0, 0.3, 40000.0, opening_time_s=0.05)
    >>> device_sensitivity(c, 50000.0, 8.0)  # above Ii x 1.1: instantaneous, the opening time
    (1.0, 50000.0, 0.05)
    >>> mu, i, t = device_sensitivity(c, 30000.0, 8.0)  # short-time band at mu(0.3 s) I"k
    >>> round(mu, 4), round(i), t
    (0.605, 18149, 0.3)
    """
    t = float(clearing_time(curve, ik_a, "max"))
    if curve.element != "fuse" and ik_a >= curve.instantaneous_pickup_a * (1.0 + curve.pickup_tolerance):
        return 1.0, ik_a, t
    mu = 1.0
    for _ in range(4):
        mu_next = breaking_current_factor(ik_over_ir, t)
        t_next = float(clearing_time(curve, mu_next * ik_a, "max"))
        if mu_next == mu and t_next == t:
            break
        mu, t = mu_next, t_next
        if not math.isfinite(t):
            break
    return mu, mu * ik_a, t


def clearing_element(curve: DeviceCurve, current_a: float) -> str:
    """Which element of ``curve`` clears ``current_a``: ``instantaneous``, ``short time`` or ``long time`` for
    a trip unit, ``instantaneous`` (50) or ``inverse time`` (51) for a relay, ``fuse``; ``none`` below every
    pickup."""
    if not math.isfinite(float(clearing_time(curve, current_a, "max"))):
        return "none"
    if curve.element == "fuse":
        return "fuse"
    if current_a >= curve.instantaneous_pickup_a:
        return "instantaneous"
    if curve.element == "relay":
        return "inverse time"
    return "short time" if current_a >= curve.short_time_pickup_a else "long time"


def generator_only_study(design: Design, dg: DesignGrid, curves: dict[str, DeviceCurve | None], *,
                         lv_tolerance_percent: float = 10.0, line_end_temperature_c: float = 80.0) -> dict | None:
    """The generator-only minimum case of ``design`` and the sensitivity of the devices below the
    generators (None without generators).

    Parameters
    ----------
    design : Design
        The design.
    dg : DesignGrid
        Its network.
    curves : dict
        Each breaker's time-current curve (None when it has none).
    lv_tolerance_percent : float
        LV tolerance for c_min [%].
    line_end_temperature_c : float
        Conductor temperature at the end of the fault [°C].

    Returns
    -------
    dict or None
        ``{"method", "generators", "buses": {bus: {"ik3_min_ka"}}, "devices": {id: {...}}}``.
    """
    gens = all_generator_sources(design, dg)
    if gens is None:
        return None
    grid = dg.grid
    options = FaultStudyOptions(case="min", lv_tolerance_percent=lv_tolerance_percent,
                                line_end_temperature_c=line_end_temperature_c)
    island = islanded_grid(grid, gens, voltage_factor_min(grid.vn_v, lv_tolerance_percent))
    sc = solve_fault_study(island, options)
    index = {b: i for i, b in enumerate(grid.bus_ids)}
    at = {b.id: index[dg.bus_of[b.id]] for b in design.electrical.buses}
    vn = {b.id: magnitude(b.voltage, "V") for b in design.electrical.buses}
    gen_bus = {g.bus for g in design.electrical.generators}
    below = set().union(*(downstream_buses(design, b) for b in gen_bus))
    i_rated = float(np.sum(gens.s_rated_va / (math.sqrt(3.0) * gens.vr_v)))
    v_gen = float(gens.vr_v[0])
    out = {"method": "IEC 60909-0 minimum case with the utility out and every generator running (Z_G K_G, c_min, "
                     "no motors, no converters); a delayed trip clears the breaking current mu I\"k at its time",
           "generators": list(gens.ids), "buses": {}, "devices": {}}
    for bus in sorted(design.electrical.buses, key=lambda b: b.id):
        ik = float(sc.ik3_a[at[bus.id]])
        out["buses"][bus.id] = {"ik3_min_ka": round(ik / 1e3, 4) if math.isfinite(ik) else None}
    for br in sorted(design.electrical.breakers, key=lambda b: b.id):
        curve = curves.get(br.id)
        if br.bus not in below or br.bus in gen_bus and br.protects is None or curve is None:
            continue
        far = far_bus(design, br)
        ik_far = float(sc.ik3_a[at[far]])
        if not math.isfinite(ik_far) or ik_far <= 0:
            continue
        ik_dev = ik_far * vn[far] / vn[br.bus]
        ratio = ik_far * vn[far] / v_gen / i_rated  # I″kG / I_rG, the generators sharing the current
        mu, i_clear, t = device_sensitivity(curve, ik_dev, ratio)
        s = DeviceSensitivity(br.id, far, ik_dev, mu, i_clear, t)
        out["devices"][br.id] = {"fault_bus": far, "ik_initial_ka": round(ik_dev / 1e3, 4), "mu": round(mu, 4),
                                 "i_cleared_ka": round(i_clear / 1e3, 4),
                                 "clearing_time_s": round(t, 4) if s.trips else None, "trips": s.trips,
                                 "element": clearing_element(curve, i_clear),
                                 "long_time_pickup_ka": round(curve.long_time_pickup_a / 1e3, 4)}
    return out


__all__ = ["DeviceSensitivity", "RATED_POWER_FACTOR", "all_generator_sources", "clearing_element", "converter_sources",
           "device_sensitivity", "far_bus", "generator_only_study"]
