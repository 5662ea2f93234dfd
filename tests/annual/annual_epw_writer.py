"""Write hourly records in the EnergyPlus weather (EPW) layout, for the reader tests.

Layout from *EnergyPlus Auxiliary Programs*, "Weather Converter Program", "EnergyPlus Weather File
(EPW) Data Dictionary": eight header records, then per hour year, month, day, hour (1-24), minute, data
source flags, dry bulb [°C], dew point [°C], relative humidity [%], station pressure [Pa] and 25 more
fields (radiation, illuminance, wind, sky, precipitation), written here with their missing-data codes
except those given.
"""
from __future__ import annotations

# missing-data codes of the 25 fields after the pressure (data dictionary, fields N9..N33... in order)
_TAIL = ["9999", "9999", "9999", "0", "0", "0", "999999", "999999", "999999", "9999", "999", "999", "99", "99",
         "9999", "99999", "9", "999999999", "999", "0.999", "999", "99", "999", "999", "99"]


def epw_text(location: dict, rows: list[tuple]) -> str:
    """EPW text of ``rows`` = (year, month, day, hour, dry bulb °C, dew point °C, RH %, pressure Pa)."""
    head = [
        "LOCATION,{city},{state},{country},{source},{wmo},{latitude_deg},{longitude_deg},{time_zone_h},"
        "{elevation_m}".format(**location),
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,written by the retrofit test suite",
        "COMMENTS 2,",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ]
    body = [",".join([str(y), str(m), str(d), str(h), "60", "?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9",
                      f"{t:.1f}", f"{dp:.1f}", f"{rh:.0f}", f"{p:.0f}", *_TAIL])
            for y, m, d, h, t, dp, rh, p in rows]
    return "\n".join(head + body) + "\n"
