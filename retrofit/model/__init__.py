"""The typed design model: small records holding pint Quantities; no physics."""
from .base import Element, Record
from .cooling import CDU, AirMover, Cooling, HeatRejection, Loop, PipeRun, Pump, PumpCurvePoint
from .design import Design, Electrical
from .electrical import BESS, PDU, UPS, Breaker, Bus, Busway, Cable, Taps, Transformer
from .goal import Criteria, Goal
from .halls import Hall, Rectangle
from .loads import Loads, MinerGroup, OtherLoad, Position, RackGroup
from .site import Climate, Generator, Site, Utility

__all__ = [
    "AirMover", "BESS", "Breaker", "Bus", "Busway", "Cable", "CDU", "Climate", "Cooling", "Criteria", "Design",
    "Electrical", "Element", "Generator", "Goal", "Hall", "HeatRejection", "Loads", "Loop", "MinerGroup",
    "OtherLoad", "PDU", "PipeRun", "Position", "Pump", "PumpCurvePoint", "RackGroup", "Record", "Rectangle",
    "Site", "Taps", "Transformer", "UPS", "Utility",
]
