"""Build the pandapower peer model of a retrofit :class:`~retrofit.electrical.network.Grid`.

The mapping is one to one, so the same function builds the peer model of any grid the project
assembles (the examples included):

========================  ==================================================================
retrofit                  pandapower
========================  ==================================================================
bus ``vn_v``              ``bus.vn_kv``
source                    ``ext_grid`` (``vm_pu``, ``va_degree``, ``s_sc_max_mva``, ``rx_max``)
generator                 ``gen`` (``p_mw``, ``vm_pu``)
line ``r/x_ohm``, ``b_s`` ``line`` of 1 km: ``r/x_ohm_per_km``, ``c_nf_per_km = b/(2 pi f)``
transformer               ``trafo`` (rated data; ``tap_ratio`` as ``tap_side='hv'``,
                          ``tap_neutral=0``, ``tap_pos=1``, ``tap_step_percent=100 (ratio-1)``)
load, shunt               ``load``, ``shunt`` (``p_mw``, ``q_mvar``)
========================  ==================================================================
"""
from __future__ import annotations

import math

import numpy as np
import pandapower as pp

from retrofit.electrical.network import Grid


def to_pandapower(grid: Grid) -> pp.pandapowerNet:
    """A pandapower network equivalent to ``grid`` (indices follow the grid's element order)."""
    net = pp.create_empty_network(f_hz=grid.frequency_hz, sn_mva=1.0)
    buses = pp.create_buses(net, grid.n_bus, vn_kv=grid.vn_v / 1e3, name=list(grid.bus_ids))
    s = grid.sources
    for k, source_id in enumerate(s.ids):
        pp.create_ext_grid(net, buses[s.bus[k]], vm_pu=s.vm_pu[k], va_degree=s.va_deg[k],
                           s_sc_max_mva=s.sk_max_va[k] / 1e6, rx_max=s.rx_max[k],
                           s_sc_min_mva=s.sk_max_va[k] / 1e6, rx_min=s.rx_max[k], name=source_id)
    g = grid.generators
    for k, generator_id in enumerate(g.ids):
        pp.create_gen(net, buses[g.bus[k]], p_mw=g.p_w[k] / 1e6, vm_pu=g.vm_pu[k], name=generator_id)
    lines = grid.lines
    if lines.ids:
        i_max_ka = np.where(np.isfinite(lines.i_max_a), lines.i_max_a / 1e3, 1e6)
        pp.create_lines_from_parameters(
            net, buses[lines.from_bus], buses[lines.to_bus], length_km=1.0, r_ohm_per_km=lines.r_ohm,
            x_ohm_per_km=lines.x_ohm, c_nf_per_km=lines.b_s / (2 * math.pi * grid.frequency_hz) * 1e9,
            max_i_ka=i_max_ka, name=list(lines.ids), in_service=lines.in_service)
    t = grid.transformers
    if t.ids:
        tapped = t.tap_ratio != 1.0
        pp.create_transformers_from_parameters(
            net, buses[t.hv_bus], buses[t.lv_bus], sn_mva=t.sn_va / 1e6, vn_hv_kv=t.vn_hv_v / 1e3,
            vn_lv_kv=t.vn_lv_v / 1e3, vkr_percent=t.vkr_percent, vk_percent=t.vk_percent,
            pfe_kw=t.p0_w / 1e3, i0_percent=t.i0_percent, shift_degree=0.0, tap_side="hv",
            tap_neutral=0, tap_min=-1, tap_max=1, tap_pos=np.where(tapped, 1, 0),
            tap_step_percent=np.where(tapped, (t.tap_ratio - 1.0) * 100.0, 0.0),
            tap_changer_type="Ratio", name=list(t.ids), in_service=t.in_service)
    loads = grid.loads
    if loads.ids:
        pp.create_loads(net, buses[loads.bus], p_mw=loads.p_w / 1e6, q_mvar=loads.q_var / 1e6,
                        name=list(loads.ids))
    shunts = grid.shunts
    for k, shunt_id in enumerate(shunts.ids):
        pp.create_shunt(net, buses[shunts.bus[k]], q_mvar=shunts.q_var[k] / 1e6, p_mw=shunts.p_w[k] / 1e6,
                        name=shunt_id)
    return net
