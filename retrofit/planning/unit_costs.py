"""Installed costs the catalogs do not hold, each an estimate with its basis.

Catalog prices (equipment) come with their catalog entry's provenance. These few figures cover what
the catalogs leave out (cable runs, removal of the miners) and are stated as estimates in every bill of
materials that uses them.
"""
from __future__ import annotations

MV_CABLE_USD_PER_M = 180.0
MV_CABLE_SOURCE = ("estimate: 15/35 kV shielded copper feeder, three single conductors in duct, installed, "
                   "order of magnitude, 2026 USD; no cable catalog")

MV_CABLE_SET_AMPACITY_A = 400.0
"""Current one set of 500 kcmil Cu MV-105 conductors carries in duct bank [A]: estimate for the sets of a
service split feeder (NEC 311.60 tables are not in the project's data)."""

MV_CABLE_R_OHM_PER_KFT = {"1/0 AWG": 0.12, "500 kcmil": 0.027}
MV_CABLE_X_OHM_PER_KFT = {"1/0 AWG": 0.05, "500 kcmil": 0.039}
"""Resistance and reactance per 1,000 ft of MV feeder conductors [ohm/kft]: NEC Chapter 9 Table 9
copper in PVC conduit (the 600 V table, used as an estimate for MV feeders, as the examples do)."""

MINER_REMOVAL_USD = 20.0
MINER_REMOVAL_SOURCE = ("estimate: de-racking, packing and shelving removal per miner, labour only, 2026 USD; "
                        "resale value of the miners not counted")

__all__ = ["MINER_REMOVAL_SOURCE", "MINER_REMOVAL_USD", "MV_CABLE_R_OHM_PER_KFT", "MV_CABLE_SET_AMPACITY_A",
           "MV_CABLE_SOURCE", "MV_CABLE_USD_PER_M", "MV_CABLE_X_OHM_PER_KFT"]
