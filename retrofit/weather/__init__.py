"""Hourly weather years for the annual energy simulation: EnergyPlus EPW and TMY3 readers, and a
synthetic typical year built from the climate catalog when no weather file is given.

Every reader returns a :class:`~retrofit.weather.year.WeatherYear` of SI arrays, one value per hour,
with the wet bulb derived from the dry bulb, dew point and station pressure.
"""
