"""EnergyPlus weather (EPW) files: the LOCATION header and the hourly dry bulb, dew point and pressure.

The format is the one documented in *EnergyPlus Auxiliary Programs*, "Weather Converter Program",
section "EnergyPlus Weather File (EPW) Data Dictionary": eight header records (LOCATION, DESIGN
CONDITIONS, TYPICAL/EXTREME PERIODS, GROUND TEMPERATURES, HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1,
COMMENTS 2, DATA PERIODS) then one comma-separated record per hour: year, month, day, hour (1-24),
minute, data source and uncertainty flags, dry bulb [°C], dew point [°C], relative humidity [%],
atmospheric station pressure [Pa], then radiation, wind and sky fields that the cooling plant does not
use. Missing values are 99.9 °C for the temperatures and 999999 Pa for the pressure.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InputError, Problem
from .year import WeatherYear, weather_year

HEADER_RECORDS = 8
_MISSING_T_C, _MISSING_P_PA = 99.9, 999999.0
#: columns of a data record (0-based): month, dry bulb, dew point, station pressure
_MONTH, _DRY, _DEW, _PRESSURE = 1, 6, 7, 9


def read_epw(path: str | Path) -> WeatherYear:
    """Read an EnergyPlus weather file.

    Parameters
    ----------
    path : str or Path
        The ``.epw`` file.

    Returns
    -------
    WeatherYear
        Hourly dry bulb, dew point and station pressure [SI], the wet bulb derived, and the LOCATION
        record (city, state, country, source, WMO, latitude, longitude, time zone, elevation).

    Raises
    ------
    InputError
        Naming the file, line and field of a record that is short, not a number or missing (99.9 °C,
        999999 Pa), or a file whose first record is not LOCATION.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="latin-1").splitlines()
    except OSError as exc:
        raise InputError(Problem(str(path), None, "", f"cannot read the weather file: {exc.strerror}")) from None
    if not lines or not lines[0].upper().startswith("LOCATION"):
        raise InputError(Problem(str(path), 1, "LOCATION", "an EPW file starts with its LOCATION record"))
    loc = lines[0].split(",")
    location = {}
    try:
        location = {"city": loc[1].strip(), "state": loc[2].strip(), "country": loc[3].strip(),
                    "data_source": loc[4].strip(), "wmo": loc[5].strip(), "latitude_deg": float(loc[6]),
                    "longitude_deg": float(loc[7]), "time_zone_h": float(loc[8]), "elevation_m": float(loc[9])}
    except (IndexError, ValueError):
        raise InputError(Problem(str(path), 1, "LOCATION", "expected city, state, country, source, WMO, latitude, "
                                 "longitude, time zone and elevation")) from None
    rows = [(k + 1, line) for k, line in enumerate(lines[HEADER_RECORDS:], start=HEADER_RECORDS) if line.strip()]
    n = len(rows)
    month = np.empty(n, dtype=int)
    dry, dew, pressure = np.empty(n), np.empty(n), np.empty(n)
    names = {_MONTH: "month", _DRY: "dry bulb [degC]", _DEW: "dew point [degC]", _PRESSURE: "station pressure [Pa]"}
    for i, (line_no, line) in enumerate(rows):
        fields = line.split(",")
        if len(fields) <= _PRESSURE:
            raise InputError(Problem(str(path), line_no, "data record",
                                     f"{len(fields)} fields found, at least {_PRESSURE + 1} expected"))
        values = {}
        for col, name in names.items():
            try:
                values[col] = float(fields[col])
            except ValueError:
                raise InputError(Problem(str(path), line_no, name, f"{fields[col]!r} is not a number")) from None
        if values[_DRY] >= _MISSING_T_C or values[_DEW] >= _MISSING_T_C or values[_PRESSURE] >= _MISSING_P_PA:
            bad = next(names[c] for c in (_DRY, _DEW, _PRESSURE)
                       if values[c] >= (_MISSING_P_PA if c == _PRESSURE else _MISSING_T_C))
            raise InputError(Problem(str(path), line_no, bad, "missing value (EPW missing-data code); fill the gap "
                                     "before the annual simulation"))
        month[i], dry[i], dew[i], pressure[i] = values[_MONTH], values[_DRY], values[_DEW], values[_PRESSURE]
    if n == 0:
        raise InputError(Problem(str(path), HEADER_RECORDS + 1, "data record", "no hourly records after the header"))
    if np.any((month < 1) | (month > 12)):
        line_no = rows[int(np.flatnonzero((month < 1) | (month > 12))[0])][0]
        raise InputError(Problem(str(path), line_no, "month", "expected 1-12"))
    name = ", ".join(x for x in (location["city"], location["state"], location["country"]) if x and x != "-")
    return weather_year(dry + 273.15, dew + 273.15, pressure, month, f"EPW {path.name} ({name})", location=location)
