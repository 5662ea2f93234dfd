"""The business case of a conversion: convert to GPU colocation or keep mining.

:mod:`.finance` holds the discounted-cash-flow kernels (NPV, IRR, payback); :mod:`.assumptions` the inputs
with their sources; :mod:`.case` the monthly cash flow and its sensitivity; :mod:`.programme` ties the
plan's phases, their schedule and the business case together.
"""
