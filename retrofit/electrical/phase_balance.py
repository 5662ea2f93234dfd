"""Phase currents, current unbalance and neutral current of line-to-neutral rack loads at their feed buses.

The load flow is balanced three-phase. Racks whose power supplies are fed line to neutral load each
phase through the supplies connected to it; the supplies of a power shelf share the load equally
(active current sharing), so each phase of a feed carries the rack's power on that feed in proportion to
the number of supplies connected to it (``RackGroup.psus_per_phase``). At a feed bus:

- phase power P_k = sum over rack groups of count x P_rack / n_feeds x n_k / (n_1 + n_2 + n_3);
- phase current I_k = P_k / (V_LN x PF), with V_LN from the load flow at the bus;
- current unbalance = max_k |I_k - I_avg| / I_avg x 100 % (the maximum deviation from the average,
  the definition of NEMA MG 1-2016 clause 14.36 and IEEE Std 1159-2019 applied to currents);
- neutral current (fundamental) I_N = |I_1 + a^2 I_2 + a I_3|, a = exp(j 120 deg), the loads sharing one
  power factor so their currents lag their voltages equally (NEC 220.61: the neutral carries the
  maximum unbalance).

Three-phase loads on the same bus (rack groups without a neutral) are balanced: they add equally to
each phase. Other loads of the bus (cooling, lighting) are not counted: being balanced they would only
lower the unbalance, so leaving them out is conservative. Harmonic currents of the supplies (triplen
harmonics add in the neutral) are not modelled.
"""
from __future__ import annotations

import cmath
import math
from dataclasses import dataclass

from ..errors import OutOfRange

A_OPERATOR = cmath.exp(2j * math.pi / 3.0)
"""The 120-degree rotation operator a [-]."""


def phase_currents(p_phase_w: tuple[float, float, float], v_ln_v: float, power_factor: float) -> tuple[float, float, float]:
    """RMS current of each phase of a four-wire wye load [A].

    Parameters
    ----------
    p_phase_w : tuple of 3 float
        Active power of the line-to-neutral loads on L1, L2, L3 [W].
    v_ln_v : float
        Line-to-neutral voltage [V].
    power_factor : float
        Displacement power factor of the loads [-].

    Returns
    -------
    tuple of 3 float
        I_k = P_k / (V_LN PF) [A].

    Examples
    --------
    >>> [round(i, 2) for i in phase_currents((24000.0, 24000.0, 20000.0), 240.0, 0.98)]
    [102.04, 102.04, 85.03]
    """
    if v_ln_v <= 0 or not 0 < power_factor <= 1:
        raise OutOfRange(f"need a positive voltage and a power factor in (0, 1], found {v_ln_v!r} V, {power_factor!r}")
    return tuple(p / (v_ln_v * power_factor) for p in p_phase_w)


def current_unbalance_percent(currents_a: tuple[float, float, float]) -> float:
    """Current unbalance: the largest deviation from the average over the average [%].

    Parameters
    ----------
    currents_a : tuple of 3 float
        Phase current magnitudes [A].

    Returns
    -------
    float
        100 max_k |I_k - I_avg| / I_avg [%]; 0 when all three are zero.

    Notes
    -----
    The "maximum deviation from the average" definition of NEMA MG 1-2016 clause 14.36 (written for
    voltages) and IEEE Std 1159-2019 clause 4.4.8, applied to the phase currents.

    Examples
    --------
    >>> round(current_unbalance_percent((45.0, 38.0, 52.0)), 2)
    15.56
    """
    avg = sum(currents_a) / 3.0
    if avg <= 0:
        return 0.0
    return 100.0 * max(abs(i - avg) for i in currents_a) / avg


def neutral_current(currents_a: tuple[float, float, float]) -> float:
    """Fundamental neutral current of line-to-neutral loads sharing one power factor [A].

    Parameters
    ----------
    currents_a : tuple of 3 float
        Phase current magnitudes on L1, L2, L3 (sequence L1-L2-L3) [A].

    Returns
    -------
    float
        |I_1 + a^2 I_2 + a I_3| = sqrt(I1^2 + I2^2 + I3^2 - I1 I2 - I2 I3 - I3 I1) [A].

    Examples
    --------
    >>> neutral_current((100.0, 100.0, 100.0)) < 1e-9, round(neutral_current((100.0, 100.0, 0.0)), 6)
    (True, 100.0)
    """
    i1, i2, i3 = currents_a
    return abs(i1 + A_OPERATOR ** 2 * i2 + A_OPERATOR * i3)


@dataclass(frozen=True)
class BusPhaseBalance:
    """Phase balance at one feed bus.

    Attributes
    ----------
    bus : str
        Bus id [-].
    groups : tuple of str
        Rack groups fed line to neutral from the bus [-].
    unknown_groups : tuple of str
        Those of them whose supplies' arrangement is not known (then no figures) [-].
    v_ln_v : float
        Line-to-neutral voltage from the load flow [V].
    p_phase_kw : tuple of 3 float
        Power of each phase [kW].
    i_phase_a : tuple of 3 float
        Current of each phase [A].
    unbalance_percent : float
        Current unbalance [%].
    i_neutral_a : float
        Fundamental neutral current [A].
    """

    bus: str
    groups: tuple[str, ...]
    unknown_groups: tuple[str, ...]
    v_ln_v: float
    p_phase_kw: tuple[float, float, float] | None
    i_phase_a: tuple[float, float, float] | None
    unbalance_percent: float | None
    i_neutral_a: float | None


def bus_phase_balance(bus: str, v_ln_v: float, loads: list[tuple[str, float, float, list[int] | None, bool]]) -> BusPhaseBalance:
    """Phase currents, unbalance and neutral current at a bus from the rack loads it feeds.

    Parameters
    ----------
    bus : str
        Bus id [-].
    v_ln_v : float
        Line-to-neutral voltage at the bus [V].
    loads : list of (group id, power on this feed [W], power factor [-], psus_per_phase or None, needs_neutral)
        The rack groups the bus feeds [-].

    Returns
    -------
    BusPhaseBalance
        Figures of the bus; None figures when a line-to-neutral group's arrangement is unknown.

    Examples
    --------
    >>> b = bus_phase_balance("tap", 240.0, [("r", 142000.0, 0.98, [8, 8, 8], True), ("n", 25000.0, 0.98, [2, 1, 1], True)])
    >>> b.p_phase_kw, round(b.unbalance_percent, 2), round(b.i_neutral_a, 1)
    ((59.833, 53.583, 53.583), 7.49, 26.6)
    """
    ln = [g for g in loads if g[4]]
    unknown = tuple(sorted(g[0] for g in ln if g[3] is None))
    groups = tuple(sorted(g[0] for g in ln))
    if unknown or not ln:
        return BusPhaseBalance(bus, groups, unknown, v_ln_v, None, None, None, None)
    p = [0.0, 0.0, 0.0]
    i = [0j, 0j, 0j]
    for _, p_feed, pf, psus, needs_neutral in sorted(loads, key=lambda g: g[0]):
        shares = (1 / 3, 1 / 3, 1 / 3)
        if needs_neutral:
            total = sum(psus)
            if total <= 0:
                raise OutOfRange(f"psus_per_phase {psus} has no power supply")
            shares = tuple(n / total for n in psus)
        lag = cmath.exp(-1j * math.acos(pf))
        for k in range(3):
            p[k] += p_feed * shares[k]
            i[k] += p_feed * shares[k] / (v_ln_v * pf) * lag
    i_mag = tuple(abs(x) for x in i)
    i_n = abs(i[0] + A_OPERATOR ** 2 * i[1] + A_OPERATOR * i[2])
    return BusPhaseBalance(bus, groups, (), v_ln_v, tuple(round(x / 1e3, 3) for x in p), i_mag,
                           current_unbalance_percent(i_mag), i_n)


def phase_balance_by_bus(design, v_ln_by_bus: dict[str, float], basis: str) -> dict[str, BusPhaseBalance]:
    """Phase balance at every bus that feeds a rack group needing a neutral, by bus id.

    Parameters
    ----------
    design : Design
        The design [-].
    v_ln_by_bus : dict of str to float
        Line-to-neutral voltage of each feed bus from the load flow [V].
    basis : str
        Rack power basis of the electrical solve (``peak`` or ``design``) [-].

    Returns
    -------
    dict of str to BusPhaseBalance
        Sorted by bus id.
    """
    from .design_grid import rack_power_w

    per_bus: dict[str, list] = {}
    for g in sorted(design.loads.racks, key=lambda g: g.id):
        p_feed = rack_power_w(g, basis) * g.count / len(g.feeds)
        for bus in g.feeds:
            per_bus.setdefault(bus, []).append((g.id, p_feed, g.power_factor, g.psus_per_phase, g.needs_neutral))
    out = {}
    for bus in sorted(per_bus):
        if any(x[4] for x in per_bus[bus]) and bus in v_ln_by_bus:
            v = v_ln_by_bus[bus]
            if math.isfinite(v) and v > 0:
                out[bus] = bus_phase_balance(bus, v, per_bus[bus])
            else:  # not energized in the load flow: no phase currents
                ln = tuple(sorted(x[0] for x in per_bus[bus] if x[4]))
                out[bus] = BusPhaseBalance(bus, ln, (), v if math.isfinite(v) else 0.0, None, None, None, None)
    return out
