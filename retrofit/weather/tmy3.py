"""NREL TMY3 files (CSV): the station header and the hourly dry bulb, dew point and pressure.

Format as documented in Wilcox, S. and Marion, W., *Users Manual for TMY3 Data Sets*, NREL/TP-581-43156,
2008: a first line with USAF station number, station name, state, time zone [h from UTC], latitude
[°], longitude [°] and elevation [m]; a second line of column names; then 8,760 hourly rows with,
among others, ``Dry-bulb (C)``, ``Dew-point (C)`` and ``Pressure (mbar)``.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..errors import InputError, Problem
from .year import WeatherYear, weather_year

_COLUMNS = {"date": "Date (MM/DD/YYYY)", "dry": "Dry-bulb (C)", "dew": "Dew-point (C)", "pressure": "Pressure (mbar)"}


def read_tmy3(path: str | Path) -> WeatherYear:
    """Read a TMY3 CSV file.

    Parameters
    ----------
    path : str or Path
        The TMY3 ``.csv`` file.

    Returns
    -------
    WeatherYear
        Hourly dry bulb, dew point and pressure [SI] with the wet bulb derived, and the station header
        (USAF, name, state, time zone, latitude, longitude, elevation).

    Raises
    ------
    InputError
        Naming the file, line and column of a header or value that cannot be read.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="latin-1").splitlines()
    except OSError as exc:
        raise InputError(Problem(str(path), None, "", f"cannot read the weather file: {exc.strerror}")) from None
    head = next(csv.reader(text[:1]), [])
    try:
        location = {"usaf": head[0].strip(), "name": head[1].strip(), "state": head[2].strip(),
                    "time_zone_h": float(head[3]), "latitude_deg": float(head[4]), "longitude_deg": float(head[5]),
                    "elevation_m": float(head[6])}
    except (IndexError, ValueError):
        raise InputError(Problem(str(path), 1, "station header", "expected USAF, name, state, time zone, latitude, "
                                 "longitude, elevation (TMY3 users manual, NREL/TP-581-43156)")) from None
    reader = csv.reader(text[1:])
    columns = next(reader, [])
    index = {}
    for key, name in _COLUMNS.items():
        if name not in columns:
            raise InputError(Problem(str(path), 2, name, f"column not found; the TMY3 columns include {name!r}"))
        index[key] = columns.index(name)
    month, dry, dew, pressure = [], [], [], []
    for line_no, row in enumerate(reader, start=3):
        if not row:
            continue
        for key, store, scale in (("dry", dry, 1.0), ("dew", dew, 1.0), ("pressure", pressure, 100.0)):
            try:
                store.append(float(row[index[key]]) * scale)
            except (IndexError, ValueError):
                found = row[index[key]] if index[key] < len(row) else "nothing"
                raise InputError(Problem(str(path), line_no, _COLUMNS[key], f"{found!r} is not a number")) from None
        try:
            month.append(int(row[index["date"]].split("/")[0]))
        except (IndexError, ValueError):
            raise InputError(Problem(str(path), line_no, _COLUMNS["date"], "expected MM/DD/YYYY")) from None
    if not dry:
        raise InputError(Problem(str(path), 3, "data", "no hourly rows after the column names"))
    return weather_year(np.array(dry) + 273.15, np.array(dew) + 273.15, np.array(pressure), np.array(month),
                        f"TMY3 {path.name} ({location['name']}, {location['state']})", location=location)
