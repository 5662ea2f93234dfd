"""Loads: IT racks (by catalog model and count), ASIC miners and other loads."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Element, Record
from .quantity import Qty


class Position(Record):
    """A point on the hall floor plan, measured from the hall's south-west corner."""

    x: Qty("length")
    y: Qty("length")


class RackGroup(Element):
    """Identical IT racks fed from the same buses and cooled by the same CDU.

    Racks of a group get ids ``<group id>.<nn>`` (``row-a.01``, ``row-a.02`` ...), used by every result.
    """

    count: int = Field(1, ge=1, description="number of racks")
    feeds: list[str] = Field(description="bus ids feeding each rack: one per power path (A, B ...)")
    tcs_loop: str | None = Field(None, description="TCS loop that cools the racks (liquid-cooled racks)")
    hall: str | None = None
    row: str | None = Field(None, description="row label")
    positions: list[Position] | None = Field(None, description="one position per rack, when placed")
    # catalog data (from the rack model unless given)
    kind: Literal["compute", "network", "management", "storage"] = "compute"
    p_design: Qty("active power") = Field(description="design IT power per rack (steady)")
    p_peak: Qty("active power") | None = Field(None, description="peak power per rack, for electrical sizing")
    power_factor: float = Field(0.99, gt=0, le=1)
    liquid_fraction: Qty("ratio") = Field("0 %", description="share of the rack heat taken by liquid")
    input_voltage_ln_min: Qty("voltage") | None = Field(None, description="lowest line-to-neutral input the power shelves accept")
    input_voltage_ln_max: Qty("voltage") | None = Field(None, description="highest line-to-neutral input the power shelves accept")
    needs_neutral: bool = Field(True, description="power shelves are fed line to neutral (need a 4-wire wye)")
    psus_per_phase: list[Annotated[int, Field(ge=0)]] | None = Field(None, min_length=3, max_length=3, description=(
        "line-to-neutral power supplies of one rack on L1, L2 and L3 of each feed, e.g. [8, 8, 8]; "
        "none when the arrangement is not known (phase balance untested)"))
    flow_per_kw: Qty("flow per power") | None = Field(None, description="coolant flow required per kW of liquid heat")
    t_supply_max: Qty("temperature") | None = Field(None, description="highest coolant supply temperature at the rack")
    dp_rated: Qty("pressure difference") | None = Field(None, description="rack manifold and cold-plate pressure drop at rated flow")
    air_dt_max: Qty("temperature difference") = Field("15 K", description="allowed air temperature rise across the rack")
    width: Qty("length") = "600 mm"
    depth: Qty("length") = "1200 mm"
    height: Qty("length") = "2300 mm"
    mass: Qty("mass") = Field(description="operating mass per rack (filled)")
    price: Qty("money") | None = None


class MinerGroup(Element):
    """ASIC miners of one model on shelving, fed from one bus."""

    count: int = Field(ge=1)
    bus: str = Field(description="bus feeding the miners' PDUs")
    hall: str | None = None
    rows: int = Field(1, ge=1, description="shelving rows they occupy")
    p_rated: Qty("active power") = Field(description="nameplate power per miner")
    power_factor: float = Field(0.98, gt=0, le=1)
    hashrate_ths: float | None = Field(None, gt=0, le=100000, description="hash rate per miner [TH/s]")
    input_voltage_min: Qty("voltage") | None = None
    input_voltage_max: Qty("voltage") | None = None
    cooling: Literal["air", "hydro", "immersion"] = "air"
    airflow: Qty("volume flow") | None = Field(None, description="airflow per miner")
    mass: Qty("mass") | None = None


class OtherLoad(Element):
    """Any other constant-power load (lighting, offices, controls)."""

    bus: str
    p: Qty("active power")
    power_factor: float = Field(0.95, gt=0, le=1)
    kind: Literal["lighting", "office", "controls", "cooling", "other"] = "other"


class Loads(Record):
    """Every load of the design."""

    racks: list[RackGroup] = Field(default_factory=list)
    miners: list[MinerGroup] = Field(default_factory=list)
    other: list[OtherLoad] = Field(default_factory=list)
