"""Halls: floor geometry, columns and obstacles, slab rating."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Element, Record
from .quantity import Qty


class Rectangle(Record):
    """An axis-aligned rectangle on the floor plan (x, y of its south-west corner)."""

    id: str | None = None
    x: Qty("length")
    y: Qty("length")
    width: Qty("length") = Field(description="extent along x")
    depth: Qty("length") = Field(description="extent along y")
    kind: Literal["column", "obstacle", "door", "electrical_room", "keep_out"] = "obstacle"


class Hall(Element):
    """A building or room whose floor hosts racks, CDUs and electrical equipment."""

    length: Qty("length") = Field(description="inside extent along x")
    width: Qty("length") = Field(description="inside extent along y")
    clear_height: Qty("length")
    slab_rating: Qty("floor load") = Field(description="uniform live-load rating of the slab")
    slab_thickness: Qty("length") | None = Field(None, description="overall thickness of the structural slab, for the "
                                                  "punching-shear check of rack and CDU feet (ACI 318-19 22.6); "
                                                  "none when not known")
    concrete_strength: Qty("pressure") | None = Field(None, description="specified 28-day compressive strength f'c "
                                                       "of the slab concrete, for the punching-shear check; none "
                                                       "when not known")
    columns: list[Rectangle] = Field(default_factory=list)
    obstacles: list[Rectangle] = Field(default_factory=list)
    shelving_rows: int = Field(0, ge=0, description="existing miner shelving rows")
