"""One fire-separation rule for every outdoor oil-filled transformer (retrofit.layout.transformer_separation):
the bands by oil volume, the catalog's liquid volume by rating, and its use by the hall pads' row
(retrofit.layout.yard.place_pads) and by the BESS step-ups' yard group (retrofit.planning.yard_layout).

Kind: consistency check (the bands are NFPA 850's and ETL 1110-3-412's figures, entered in the module; these
tests check that placement honours them in each band and that both kinds of transformer read the one rule).
"""
from __future__ import annotations

import itertools

import pytest

from retrofit.catalog import load_catalog
from retrofit.errors import OutOfRange
from retrofit.layout.backup_yard import wall_distance
from retrofit.layout.geometry import Rect
from retrofit.layout.transformer_separation import MINERAL_OIL_BANDS, building_separation_m, liquid_fill
from retrofit.layout.yard import PAD_FRONT_CLEARANCE_M, place_pads

FT = 0.3048


@pytest.mark.parametrize("gal, ft", [(100.0, 5), (499.9, 5), (500.0, 25), (4999.0, 25)])
def test_the_separation_follows_the_oil_volume_band(gal, ft):
    assert building_separation_m(gal) == pytest.approx(ft * FT, abs=5e-4)   # the bands are printed in whole feet


def test_another_liquid_or_a_bad_volume_is_refused():
    with pytest.raises(OutOfRange, match="liquid"):
        building_separation_m(300.0, "natural_ester")
    for bad in (0.0, -1.0, float("nan"), 5000.0, 20000.0):   # no separation read above 5,000 gal
        with pytest.raises(OutOfRange):
            building_separation_m(bad)


def test_the_catalog_gives_each_rating_a_volume_and_refuses_beyond_its_table():
    catalog = load_catalog()
    rows = catalog.table("transformer-liquid").rows
    assert all(r["class"] and r["source"] and r["liquid"] == "mineral_oil" for r in rows)
    volumes = [float(r["liquid_volume"]) for r in sorted(rows, key=lambda r: float(r["rating"]))]
    assert volumes == sorted(volumes)                                     # more kVA, more oil
    # every transformer rating of the catalog has a row
    for e in catalog.list("transformer"):
        assert liquid_fill(catalog, float(str(e.data["rating"]).split()[0])).volume_gal > 0
    fill = liquid_fill(catalog, 2200.0)                                   # the next row up: 2,500 kVA
    assert fill.rating_kva == 2500.0 and fill.separation_m == building_separation_m(fill.volume_gal)
    with pytest.raises(OutOfRange, match="table stops"):
        liquid_fill(catalog, 1e6)


@pytest.mark.parametrize("side_y", [0.0, 40.0])
@pytest.mark.parametrize("band", range(len(MINERAL_OIL_BANDS)))
def test_pads_stand_off_the_wall_by_the_larger_of_door_clearance_and_fire_separation(band, side_y):
    separation = MINERAL_OIL_BANDS[band][1]
    room = Rect(20.0, side_y, 12.0, 10.0, "room", "electrical_room")
    pads = place_pads([f"t{i}" for i in range(4)], 120.0, 50.0, room, wall_m=separation)
    side = "south" if side_y == 0.0 else "north"
    nearest = min(wall_distance(p, side, 50.0) for p in pads)
    assert nearest == pytest.approx(max(separation, PAD_FRONT_CLEARANCE_M))
    assert not any(a.x_m < b.x_m + b.width_m and b.x_m < a.x_m + a.width_m for a, b in itertools.combinations(pads, 2))


def test_the_hall_pads_and_the_bess_step_ups_read_the_same_function(monkeypatch):
    """Both placements read liquid_fill (a spy counts its calls: each new pad's rating and the step-up's), and
    each row stands where that rule and the door clearance put it."""
    import retrofit.layout.transformer_separation as sep
    from retrofit.io.load import load
    from retrofit.planning import plan
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planning"))
    from planning_paths import SMALL
    from retrofit.units import Q_
    calls = []
    real = sep.liquid_fill

    def spy(catalog, kva):
        calls.append(kva)
        return real(catalog, kva)
    monkeypatch.setattr(sep, "liquid_fill", spy)
    site = load(SMALL)
    site.utility.sk = Q_(20, "MVA")                                       # one smoothing BESS with its step-up
    result = plan(site)
    hall_id, lay = next((h, lay) for h, lay in result.layout.items() if lay.backup_summary is not None)
    hall = next(h for h in result.proposed.halls if h.id == hall_id)
    width = hall.width.to("m").magnitude
    pads = [p for p in lay.outdoor if p.kind == "transformer"]
    steps = [p for p in lay.outdoor if p.kind == "bess_step_up"]
    assert pads and steps
    n_new = len(pads)
    assert len(calls) >= n_new + 1                                        # each pad's rating and the step-up's
    catalog = load_catalog()
    for group in (pads, steps):
        side = "south" if group[0].y_m < 0 else "north"
        assert min(wall_distance(p, side, width) for p in group) >= PAD_FRONT_CLEARANCE_M - 1e-9
    pad_sep = max(real(catalog, kva).separation_m for kva in calls[:n_new])
    side = "south" if pads[0].y_m < 0 else "north"
    assert min(wall_distance(p, side, width) for p in pads) == pytest.approx(max(pad_sep, PAD_FRONT_CLEARANCE_M))
