"""The TMY3 and EPW readers on a real public typical-year file, against its documented values and pvlib.

Source: NREL TMY3 file ``723170TYA.CSV`` (Greensboro Piedmont Triad International Airport, NC) as shipped
in pvlib-python 0.16.1 (``pvlib/data``); its header and first record as the file prints them, in the
layout of Wilcox, S. and Marion, W., *Users Manual for TMY3 Data Sets*, NREL/TP-581-43156, 2008 (line 1:
USAF, name, state, time zone, latitude, longitude, elevation; line 2: column names). Peer:
``pvlib.iotools.read_tmy3`` and ``pvlib.iotools.read_epw`` of pvlib 0.16.1 on the same files (the EPW
written from the TMY3 records in the EnergyPlus data-dictionary layout); wet bulb vs PsychroLib 2.5.0.
Kind: published table (the file's own printed header and first record) and peer cross-check.
Tolerance: the readers parse the same text, so values are equal to ``closed_form`` (the file prints 0.1
degC and 1 mbar); the wet bulb is held to ``psychrolib_wet_bulb_k`` (PsychroLib stops its bisection at
0.001 K).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pvlib  # the peer and its data file: a missing peer fails, never skips
import pytest

from retrofit.testing import tolerance
from retrofit.weather.epw import read_epw
from retrofit.weather.tmy3 import read_tmy3

from annual_epw_writer import epw_text

TMY3 = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"
CLOSED = tolerance("closed_form")


@pytest.fixture(scope="module")
def year():
    return read_tmy3(TMY3)


def test_header_as_documented(year):
    loc = year.location
    assert (loc["usaf"], loc["name"], loc["state"]) == ("723170", "GREENSBORO PIEDMONT TRIAD INT", "NC")
    assert (loc["time_zone_h"], loc["latitude_deg"], loc["longitude_deg"], loc["elevation_m"]) == (-5.0, 36.1, -79.95,
                                                                                                   273.0)


def test_first_record_as_printed(year):
    # 01/01/1988,01:00: dry bulb 10.0 degC, dew point 6.1 degC, pressure 993 mbar
    assert year.t_dry_bulb_k[0] - 273.15 == CLOSED.approx(10.0)
    assert year.t_dew_point_k[0] - 273.15 == CLOSED.approx(6.1)
    assert year.pressure_pa[0] == CLOSED.approx(99300.0)


def test_a_typical_year_of_8760_hours(year):
    assert year.hours == 8760 and not year.synthetic
    assert [int(np.sum(year.month == m)) for m in range(1, 13)] == [24 * d for d in
                                                                    (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)]


def test_tmy3_equals_pvlib(year):
    data, meta = pvlib.iotools.read_tmy3(TMY3, map_variables=False)
    dry, dew = data["Dry-bulb (C)"].to_numpy(dtype=float), data["Dew-point (C)"].to_numpy(dtype=float)
    assert year.t_dry_bulb_k - 273.15 == CLOSED.approx(dry)
    assert year.t_dew_point_k - 273.15 == CLOSED.approx(np.minimum(dew, dry))
    assert year.pressure_pa == CLOSED.approx(data["Pressure (mbar)"].to_numpy(dtype=float) * 100.0)
    assert float(meta["altitude"]) == year.location["elevation_m"]


def test_epw_written_from_the_tmy3_file_reads_as_pvlib_reads_it(year, tmp_path):
    data, _ = pvlib.iotools.read_tmy3(TMY3, map_variables=False)
    rows = [(1988, int(r["Date (MM/DD/YYYY)"][:2]), int(r["Date (MM/DD/YYYY)"][3:5]), int(r["Time (HH:MM)"][:2]),
             float(r["Dry-bulb (C)"]), float(r["Dew-point (C)"]), float(r["RHum (%)"]), float(r["Pressure (mbar)"]) * 100.0)
            for r in data.to_dict("records")]
    loc = {"city": "Greensboro", "state": "NC", "country": "USA", "source": "TMY3", "wmo": "723170",
           "latitude_deg": 36.1, "longitude_deg": -79.95, "time_zone_h": -5.0, "elevation_m": 273.0}
    path = tmp_path / "greensboro.epw"
    path.write_text(epw_text(loc, rows), encoding="latin-1")
    ours = read_epw(path)
    theirs, meta = pvlib.iotools.read_epw(path, coerce_year=1988)
    assert ours.hours == 8760
    assert ours.t_dry_bulb_k - 273.15 == CLOSED.approx(theirs["temp_air"].to_numpy(dtype=float))
    assert ours.pressure_pa == CLOSED.approx(theirs["atmospheric_pressure"].to_numpy(dtype=float))
    assert ours.t_dew_point_k - 273.15 == CLOSED.approx(
        np.minimum(theirs["temp_dew"].to_numpy(dtype=float), theirs["temp_air"].to_numpy(dtype=float)))
    assert (meta["latitude"], meta["longitude"], meta["TZ"], meta["altitude"]) == (
        ours.location["latitude_deg"], ours.location["longitude_deg"], ours.location["time_zone_h"],
        ours.location["elevation_m"])
    assert ours.t_dry_bulb_k == CLOSED.approx(year.t_dry_bulb_k)


def test_wet_bulb_equals_psychrolib(year):
    import psychrolib
    psychrolib.SetUnitSystem(psychrolib.SI)
    tol = tolerance("psychrolib_wet_bulb_k")
    for h in range(0, 8760, 97):
        db, dp, p = year.t_dry_bulb_k[h] - 273.15, year.t_dew_point_k[h] - 273.15, year.pressure_pa[h]
        w = psychrolib.GetHumRatioFromTDewPoint(min(dp, db), p)
        assert year.t_wet_bulb_k[h] - 273.15 == tol.approx(psychrolib.GetTWetBulbFromHumRatio(db, w, p)), h
