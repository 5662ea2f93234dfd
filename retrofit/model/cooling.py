"""Cooling elements: liquid loops, CDUs, pumps, heat rejection, residual-air equipment."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Element, Record
from .quantity import Qty


class PipeRun(Record):
    """A pipe run of a loop template: length, bore, roughness and its fittings."""

    length: Qty("length") = Field(description="length of each run (supply and return each)")
    diameter: Qty("length") = Field(description="inside diameter")
    roughness: Qty("length") = Field("0.045 mm", description="absolute roughness (0.045 mm commercial steel)")
    fittings: dict[str, int] = Field(default_factory=dict,
                                     description="fitting name -> count, names as in `retrofit catalog show fittings`")


class Loop(Element):
    """A liquid loop.

    A ``tcs`` loop is served by one or more CDUs in parallel (N+1 when one can be out): supply and
    return headers with one branch per rack, in the order the racks are listed. A ``facility`` loop joins its pumps, the CDUs' facility side and the heat
    rejection units: a main run and one branch per CDU and per heat-rejection unit.
    """

    kind: Literal["tcs", "facility"]
    coolant: str = Field("PG25", description="coolant name: PG25, PG30, EG25, water ...")
    main: PipeRun = Field(description="run from the pumps (CDUs or plant) to the first tap, supply and return each")
    header: PipeRun = Field(description="header segment between consecutive taps (racks on a TCS loop, CDUs on a facility loop)")
    branch: PipeRun = Field(description="pipe or hose from the header to each rack (TCS) or each CDU and heat-rejection unit (facility)")
    static_pressure: Qty("pressure") = Field("200 kPa", description="gauge pressure held at the expansion tank")
    t_supply_setpoint: Qty("temperature") | None = Field(None, description="supply temperature setpoint")


class PumpCurvePoint(Record):
    flow: Qty("volume flow")
    head: Qty("length")


class CDU(Element):
    """A coolant distribution unit: liquid-to-liquid heat exchanger and TCS pumps."""

    facility_loop: str = Field(description="facility loop id feeding its primary side")
    tcs_loop: str = Field(description="TCS loop id it serves")
    bus: str | None = Field(None, description="bus feeding its pumps and controls")
    bus_b: str | None = Field(None, description="second (B) bus of a CDU with dual power inputs and an internal transfer switch; the CDU stays powered while either bus is live")
    power_inputs: int | None = Field(None, ge=1, le=2, description="power inputs of the unit as its catalog entry states "
                                     "(2: A/B inputs with a transfer switch, so `bus_b` may be used); none when not stated")
    hall: str | None = None
    kind: Literal["l2l_row", "l2l_in_rack", "l2a"] = "l2l_row"
    capacity: Qty("active power") = Field(description="rated heat transfer at the rated approach")
    approach: Qty("temperature difference") = Field(description="rated approach: TCS supply minus facility supply")
    flow_tcs_rated: Qty("volume flow") = Field(description="rated TCS (secondary) flow")
    flow_fws_rated: Qty("volume flow") = Field(description="rated facility-water (primary) flow")
    coolant_fws_rated: str | None = Field(None, description="facility-side coolant of the rating (water, PG25 ...); the "
                                          "exchanger's UA is corrected for the loop's coolant; none: rated on the loop's coolant")
    dp_fws_rated: Qty("pressure difference") = Field("70 kPa", description="primary-side pressure drop at rated flow")
    dp_hx_tcs_rated: Qty("pressure difference") = Field("50 kPa", description="secondary-side exchanger and filter drop at rated flow")
    pump_curve: list[PumpCurvePoint] = Field(description="TCS pump head vs flow at full speed (one pump)")
    pumps: int = Field(2, ge=1, description="TCS pumps installed")
    pumps_running: int = Field(1, ge=1, description="TCS pumps running in normal operation (the rest standby)")
    pump_efficiency: Qty("ratio") = Field("70 %", description="pump wire-to-water efficiency at duty")
    p_controls: Qty("active power") = Field("1 kW", description="controls and heaters")
    t_supply_setpoint: Qty("temperature") | None = Field(None, description="TCS supply setpoint; default the goal criterion")
    width: Qty("length") = "1200 mm"
    depth: Qty("length") = "1200 mm"
    mass: Qty("mass") = "2000 kg"
    price: Qty("money") | None = None


class Pump(Element):
    """A facility-loop pump set: identical pumps in parallel."""

    loop: str = Field(description="facility loop id")
    bus: str | None = None
    curve: list[PumpCurvePoint] = Field(description="head vs flow at full speed, one pump")
    count: int = Field(1, ge=1, description="pumps installed")
    running: int = Field(1, ge=0, description="pumps running in normal operation (0: the whole set stands by, "
                         "started by lead-lag control when a running set is lost)")
    speed: Qty("ratio") = Field("100 %", description="speed as a fraction of full speed")
    efficiency: Qty("ratio") = Field("75 %", description="pump efficiency at duty")
    bep_flow: Qty("volume flow") | None = Field(None, description="best-efficiency flow of one pump at full speed "
                                                "(ANSI/HI 9.6.3 preferred region); none when not known")
    motor_efficiency: Qty("ratio") = Field("95 %")
    price: Qty("money") | None = None


class HeatRejection(Element):
    """Heat-rejection units of one model on the facility loop: dry coolers, adiabatic coolers, towers, chillers."""

    loop: str = Field(description="facility loop id")
    bus: str | None = None
    kind: Literal["dry_cooler", "adiabatic_cooler", "cooling_tower", "chiller"]
    count: int = Field(1, ge=1)
    capacity: Qty("active power") = Field(description="rated heat rejected per unit at the rated point")
    t_ambient_rated: Qty("temperature") = Field(description="rated ambient dry bulb (wet bulb for towers)")
    t_fluid_in_rated: Qty("temperature") = Field(description="rated entering fluid temperature")
    t_fluid_out_rated: Qty("temperature") = Field(description="rated leaving fluid temperature")
    coolant_rated: str | None = Field(None, description="coolant of the rating (water, PG25 ...); a dry or adiabatic "
                                      "cooler's UA is corrected for the loop's coolant; none: rated on the loop's coolant")
    airflow_rated: Qty("volume flow") | None = Field(None, description="rated airflow per unit")
    fan_power_rated: Qty("active power") = Field(description="fan power per unit at full speed")
    pad_efficiency: Qty("ratio") | None = Field(None, description="adiabatic pad saturation efficiency")
    cop_rated: float | None = Field(None, gt=0, le=100, description="chiller COP at the rated point")
    dp_rated: Qty("pressure difference") = Field("60 kPa", description="fluid pressure drop at rated flow")
    width: Qty("length") | None = None
    depth: Qty("length") | None = None
    mass: Qty("mass") | None = None
    price: Qty("money") | None = None


class AirMover(Element):
    """Exhaust fans, CRAHs or rear-door heat exchangers of one model in a hall."""

    hall: str
    bus: str | None = None
    count: int = Field(1, ge=1)
    airflow: Qty("volume flow") = Field(description="airflow per unit")
    power: Qty("active power") = Field(description="electric power per unit at full speed")
    capacity: Qty("active power") | None = Field(None, description="sensible cooling per unit (CRAH, rear door)")
    t_water_in_rated: Qty("temperature") | None = Field(None, description="entering water temperature of the capacity "
                                                        "rating (CRAH); the capacity is derated for the facility supply")
    t_air_in_rated: Qty("temperature") | None = Field(None, description="entering (return) air temperature of the "
                                                      "capacity rating (CRAH)")
    price: Qty("money") | None = Field(None, description="price per unit (catalog), for the bill of materials")


class Cooling(Record):
    """Every cooling element of the design."""

    loops: list[Loop] = Field(default_factory=list)
    cdus: list[CDU] = Field(default_factory=list)
    pumps: list[Pump] = Field(default_factory=list)
    heat_rejection: list[HeatRejection] = Field(default_factory=list)
    exhaust_fans: list[AirMover] = Field(default_factory=list)
    crahs: list[AirMover] = Field(default_factory=list)
    rear_doors: list[AirMover] = Field(default_factory=list)
