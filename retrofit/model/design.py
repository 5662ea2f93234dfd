"""The Design: a plain container of every element of a site, as read from one file."""
from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from .base import Element, Record
from .cooling import Cooling
from .electrical import BESS, PDU, UPS, Breaker, Bus, Busway, Cable, Transformer
from .goal import Goal
from .halls import Hall
from .loads import Loads
from .protection import Studies
from .site import Generator, Site, Utility


class Electrical(Record):
    """Every electrical element of the design."""

    buses: list[Bus] = Field(default_factory=list)
    transformers: list[Transformer] = Field(default_factory=list)
    breakers: list[Breaker] = Field(default_factory=list)
    cables: list[Cable] = Field(default_factory=list)
    busways: list[Busway] = Field(default_factory=list)
    pdus: list[PDU] = Field(default_factory=list)
    ups: list[UPS] = Field(default_factory=list)
    generators: list[Generator] = Field(default_factory=list)
    bess: list[BESS] = Field(default_factory=list, description="battery energy storage with its power conversion system (smoothing of the training load swing)")


class Design(Record):
    """An existing site or a proposed design; analyses are free functions that take it."""

    version: int = Field(1, description="schema version")
    site: Site
    utility: Utility
    electrical: Electrical = Field(default_factory=Electrical)
    loads: Loads = Field(default_factory=Loads)
    cooling: Cooling = Field(default_factory=Cooling)
    halls: list[Hall] = Field(default_factory=list)
    goal: Goal | None = None
    studies: Studies = Field(default_factory=Studies, description="protection studies: short-circuit method, arc flash, coordination")

    def elements(self) -> Iterator[tuple[str, Element]]:
        """Every element with its list path (``electrical.transformers``), in file order."""
        yield "utility", self.utility
        for section_name in ("electrical", "loads", "cooling"):
            section = getattr(self, section_name)
            for list_name in type(section).model_fields:
                for element in getattr(section, list_name):
                    yield f"{section_name}.{list_name}", element
        for hall in self.halls:
            yield "halls", hall

    def element(self, element_id: str) -> Element:
        """The element with ``element_id`` (KeyError when absent)."""
        for _, element in self.elements():
            if element.id == element_id:
                return element
        raise KeyError(element_id)
