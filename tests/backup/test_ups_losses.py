"""UPS and BESS conversion losses against the catalog's efficiency points, and the UPS loss as a load in the
load flow and the PUE.

Kind: consistency check. The catalog entries state one efficiency point each (no curve), so the loss at
rated output is P (1/eta - 1) from IEC 62040-3's definition of efficiency; the values below are that
arithmetic on the printed points, held to 1e-9 relative (exact arithmetic).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import retrofit
from retrofit.catalog import load_catalog
from retrofit.electrical.ups_losses import conversion_loss_w, downstream_buses, ups_losses_w
from retrofit.units import Q_, magnitude

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pilot_variant import design, element  # noqa: E402  - the unit tests' pilot variant


@pytest.mark.parametrize("entry_id, loss_kw", [
    ("eaton-9395xr-1500kw", 1500.0 * (1 / 0.975 - 1)),      # 97.5 % double conversion: 38.46 kW
    ("eaton-9395xr-1500kw-ess", 1500.0 * (1 / 0.99 - 1)),   # 99 % energy-saver mode: 15.15 kW
    ("schneider-galaxy-vs-100kw-480v", 100.0 * (1 / 0.97 - 1)),
])
def test_ups_loss_at_rated_output_from_the_catalog_point(entry_id, loss_kw):
    entry = load_catalog().get(entry_id, "ups")
    p_w = magnitude(Q_(entry.data["rating"]), "W")
    eta = magnitude(Q_(entry.data["efficiency"]), "dimensionless")
    assert conversion_loss_w(p_w, eta) / 1e3 == pytest.approx(loss_kw, rel=1e-9)


def test_bess_round_trip_loss_from_the_catalog_point():
    row = load_catalog().table("bess").rows[0]
    # 3,854 kWh delivered at 92 % round trip: 3,854 (1/0.92 - 1) = 335.1 kWh lost in charge and discharge
    loss_kwh = conversion_loss_w(float(row["energy"]), float(row["round_trip_efficiency"]))
    assert loss_kwh == pytest.approx(3854.0 * (1 / 0.92 - 1), rel=1e-9)
    assert round(loss_kwh, 1) == 335.1


def test_efficiency_outside_zero_one_is_refused():
    with pytest.raises(ValueError, match="efficiency"):
        conversion_loss_w(1e3, 1.2)


def _with_ups(data):
    """The mechanical panel mech-a fed through a 20 kW UPS at 96 % (ups-in -> mech-a)."""
    data["electrical"]["buses"].append({"id": "ups-in", "voltage": "415 V", "kind": "panelboard", "sccr": "65 kA"})
    element(data, "electrical", "cables", "c-mech-a")["to_bus"] = "ups-in"
    data["electrical"]["ups"] = [{"id": "ups-1", "from_bus": "ups-in", "to_bus": "mech-a", "rating": "20 kW",
                                  "efficiency": "96 %"}]


@pytest.fixture(scope="module")
def analysed():
    d = design(_with_ups)
    return d, retrofit.analyze(d, contingencies=False)


def test_the_ups_carries_what_is_below_it():
    d = design(_with_ups)
    assert downstream_buses(d, "ups-in") == {"ups-in", "mech-a"}
    # the lighting (12 kW) is the only load at mech-a: loss 12 kW (1/0.96 - 1) = 0.5 kW
    assert ups_losses_w(d, {"mech-a": 12e3, "swbd-a": 1e6}) == {"ups-1": ("ups-in", 12e3, pytest.approx(500.0))}


def test_the_ups_loss_is_a_load_in_the_load_flow_and_the_pue(analysed):
    d, res = analysed
    lf = res["electrical"]["load_flow"]
    assert lf["ups_losses_kw"] == pytest.approx(0.5, abs=1e-3)
    assert res["pue"]["ups_losses_kw"] > 0.0
    # the loss is in the facility power the PUE divides
    base = retrofit.analyze(design(), contingencies=False)
    assert "ups_losses_kw" not in base["electrical"]["load_flow"]
    assert lf["slack_p_kw"] - base["electrical"]["load_flow"]["slack_p_kw"] == pytest.approx(0.5, abs=0.01)
