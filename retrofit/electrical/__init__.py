"""Electrical kernels and analysis: load flow, short circuit, ampacity, voltage drop, contingencies."""
