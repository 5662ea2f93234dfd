"""Peer cross-check of the steady-state transformer hot spot and ambient derating.

Source: transformer-thermal-model (Alliander, IEC 60076-7:2018 loading-guide thermal model, measured
with version 0.5.0), ``Model.run`` on a constant load and ambient until settled (``ttm_build.py``).
Kind: peer cross-check.
Tolerance: ``peer_steady_state_k`` (abs 1e-9 K): the peer integrates the same top-oil and hot-spot
equations in the time domain with exact exponential steps; after 2,000 h at constant input the start
from the ambient has decayed below floating point, so the two differ by rounding only.
``capability_root_k`` (abs 1e-7 K) where the load is the root our ``ambient_load_capability`` returns:
Brent's method stops at 1e-10 in K, under 1e-7 K of hot spot.
The IEEE C57.91 Clause 7 form of the project (Δθ_H,R K^(2m)) is the IEC form (H g_r K^y) with
y = 2m and H g_r the hot spot over top oil at rated load; both are entered with the same figures. This
checks the project's equations and its root-finding against an independent implementation; it is not
a published loading example, which was not found for a steady state (IEC 60076-7's worked example is
a load cycle).
"""
from __future__ import annotations

import pytest

from retrofit.electrical.ratings import transformer_limits
from retrofit.electrical.transformer_thermal import (ambient_load_capability, hot_spot_temperature, rated_parameters,
                                                     top_oil_rise)
from retrofit.model import Transformer
from retrofit.testing import tolerance
from ttm_build import peer_steady_state

PEER = tolerance("peer_steady_state_k")
ROOT = tolerance("capability_root_k")
KELVIN = 273.15

# (cooling class, load loss W, no-load loss W): the 1,000 and 2,500 kVA ONAN pad-mounts of the
# transformer catalog, and two forced-cooled classes with the same losses
UNITS = [("ONAN", 9500.0, 730.0), ("ONAN", 16800.0, 2100.0), ("ONAF", 16800.0, 2100.0), ("ODAF", 16800.0, 2100.0)]
POINTS = [(1.0, 30.0), (0.5, -10.0), (0.9, 43.0), (1.2, 30.0), (1.4, 20.0)]


def _peer(params, load_ratio, ambient_c, load_loss, no_load):
    return peer_steady_state(load_ratio, ambient_c, load_loss, no_load, params.top_oil_rise_rated_k,
                             params.hot_spot_gradient_rated_k, params.n, 2.0 * params.m)


@pytest.mark.parametrize("cooling, load_loss, no_load", UNITS)
@pytest.mark.parametrize("load_ratio, ambient_c", POINTS)
def test_hot_spot_and_top_oil_match_the_settled_iec_model(cooling, load_loss, no_load, load_ratio, ambient_c):
    params = rated_parameters(cooling, load_loss, no_load)
    peer = _peer(params, load_ratio, ambient_c, load_loss, no_load)
    ours_top = ambient_c + top_oil_rise(load_ratio, params.loss_ratio, params.top_oil_rise_rated_k, params.n)
    assert ours_top == PEER.approx(peer.top_oil_c)
    assert hot_spot_temperature(load_ratio, ambient_c + KELVIN, params) - KELVIN == PEER.approx(peer.hot_spot_c)


@pytest.mark.parametrize("cooling, load_loss, no_load", UNITS)
@pytest.mark.parametrize("ambient_c", [20.0, 30.0, 43.0, 50.0])
def test_ambient_capability_reaches_110_c_in_the_peer(cooling, load_loss, no_load, ambient_c):
    params = rated_parameters(cooling, load_loss, no_load)
    k = ambient_load_capability(ambient_c + KELVIN, params)
    assert _peer(params, k, ambient_c, load_loss, no_load).hot_spot_c == ROOT.approx(110.0)


def test_washington_pad_mount_derating_at_the_design_ambient():
    """The derated rating the N-1 study applies to a 2,500 kVA ONAN pad-mount at 43 degC."""
    unit = Transformer(id="t", hv_bus="a", lv_bus="b", rating="2500 kVA", v_primary="12.47 kV",
                       v_secondary="415 V", z_percent="5.75 %", xr_ratio=8.0, no_load_loss="2.1 kW",
                       load_loss="16.8 kW", cooling_class="ONAN")
    limits = transformer_limits(unit, None, 43.0)
    params = rated_parameters("ONAN", 16800.0, 2100.0)
    assert _peer(params, limits.capability, 43.0, 16800.0, 2100.0).hot_spot_c == ROOT.approx(110.0)
    assert limits.derating == limits.capability < 1.0
