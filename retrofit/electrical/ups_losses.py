"""Conversion losses of static UPSs: the power a UPS draws above what it delivers, as a load on its input bus.

One place for the rule: the load flow (:func:`retrofit.electrical.design_grid.build_design_grid`) adds these
losses as constant-power loads, and the PUE reads them from the load flow.
"""
from __future__ import annotations

from collections import defaultdict

from ..model import Design
from ..units import magnitude


def conversion_loss_w(p_out_w: float, efficiency: float) -> float:
    """Loss of a converter delivering ``p_out_w`` at ``efficiency``.

    Parameters
    ----------
    p_out_w : float
        Power delivered to the load [W].
    efficiency : float
        Output power over input power at that load [-], in (0, 1].

    Returns
    -------
    float
        Loss [W]: :math:`P_{out} (1/\\eta - 1)`.

    Notes
    -----
    IEC 62040-3:2021 §3.5 defines UPS efficiency as output active power over input active power in the
    stated mode and load; the loss follows from that definition. The catalog entries give one efficiency
    point (double conversion or eco mode); it is applied at every load, so partial-load losses are
    underestimated where the real curve falls at light load.

    Examples
    --------
    A 1,500 kW UPS at 97.5 % delivering 1,200 kW loses about 30.8 kW:

    >>> round(conversion_loss_w(1.2e6, 0.975) / 1e3, 1)
    30.8
    """
    if not 0.0 < efficiency <= 1.0:
        raise ValueError(f"efficiency {efficiency!r}; expected a fraction in (0, 1]")
    return max(p_out_w, 0.0) * (1.0 / efficiency - 1.0)


def downstream_buses(design: Design, bus: str) -> set[str]:
    """Every bus fed from ``bus`` through cables, busways, PDUs, UPSs and transformers, ``bus`` included."""
    e = design.electrical
    below: dict[str, list[str]] = defaultdict(list)
    for items in (e.cables, e.busways, e.pdus, e.ups):
        for x in items:
            below[x.from_bus].append(x.to_bus)
    for t in e.transformers:
        below[t.hv_bus].append(t.lv_bus)
    seen, stack = {bus}, [bus]
    while stack:
        for nxt in below.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def ups_losses_w(design: Design, load_w_by_bus: dict[str, float]) -> dict[str, tuple[str, float, float]]:
    """(input bus, output power [W], loss [W]) of each UPS of ``design``, sorted by id.

    ``load_w_by_bus`` is the active power drawn at each design bus; a UPS carries every load at or below
    its output bus. Line losses below the UPS are not added to its output (second order).
    """
    out = {}
    for u in sorted(design.electrical.ups, key=lambda x: x.id):
        p_out = sum(load_w_by_bus.get(b, 0.0) for b in downstream_buses(design, u.to_bus))
        out[u.id] = (u.from_bus, p_out, conversion_loss_w(p_out, magnitude(u.efficiency, "percent") / 100.0))
    return out


def ups_output_flows(design: Design, p_w_by_bus: dict[str, float], q_var_by_bus: dict[str, float],
                     v_v_by_bus: dict[str, float]) -> dict[str, dict]:
    r"""Output of each UPS lineup from the loads below it: active power, current and loading.

    ``p_w_by_bus`` and ``q_var_by_bus`` are the load at each design bus, ``v_v_by_bus`` the line-to-line
    voltage the load flow gives there. The current at the output bus is
    :math:`\sqrt{P^2 + Q^2} / (\sqrt{3} V)`; the loading is P over the lineup's capacity with one module
    out, (count - 1) x rating (a single module: its rating), as UPS ratings are active power. Losses of
    UPSs further down are not added (second order). The input current takes the output power plus the
    conversion loss with the load's reactive power, an upper bound: a double-conversion rectifier draws
    little of the load's reactive power from its input."""
    out = {}
    for u in sorted(design.electrical.ups, key=lambda x: x.id):
        below = downstream_buses(design, u.to_bus)
        p = sum(p_w_by_bus.get(b, 0.0) for b in below)
        q = sum(q_var_by_bus.get(b, 0.0) for b in below)
        v, v_in = v_v_by_bus[u.to_bus], v_v_by_bus[u.from_bus]
        cap = max(u.count - 1, 1) * magnitude(u.rating, "W")
        p_in = p + conversion_loss_w(p, magnitude(u.efficiency, "percent") / 100.0)
        out[u.id] = {"p_out_kw": p / 1e3, "i_to_a": (p * p + q * q) ** 0.5 / (3.0 ** 0.5 * v) if v > 0 else float("nan"),
                     "i_from_a": (p_in * p_in + q * q) ** 0.5 / (3.0 ** 0.5 * v_in) if v_in > 0 else float("nan"),
                     "loading_percent": 100.0 * p / cap}
    return out


__all__ = ["conversion_loss_w", "downstream_buses", "ups_output_flows", "ups_losses_w"]
