"""Cooling kernels and analysis: coolant properties, hydraulics, heat exchange, heat rejection, air."""
