"""The retrofit goal and the design criteria, each with a documented default."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .backup import BackupPolicy
from .base import Record
from .programme import BusinessInputs, ProgrammeSchedule
from .quantity import Qty


class Criteria(Record):
    """Design criteria. Every default is documented in docs/input-format.md with its basis."""

    max_transformer_loading: Qty("ratio") = Field("100 %", description="highest transformer loading vs nameplate in normal operation (IEEE C57.91 basis)")
    max_transformer_loading_contingency: Qty("ratio") = Field("100 %", description="highest transformer loading after a single outage, as a fraction of the nameplate derated for the design ambient (IEEE C57.91 Clause 7 steady state, 110 °C hot spot); above 100 % needs emergency_rating_basis")
    emergency_rating_basis: str | None = Field(None, description="basis of a short-time emergency rating above 100 % after an outage (for example the manufacturer's emergency loading statement, or an IEEE C57.91 loss-of-life calculation); required when max_transformer_loading_contingency exceeds 100 %")
    electrical_room_ambient: Qty("temperature") = Field("40 degC", description="air temperature around indoor switchboards and busways; their ratings hold up to the 40 °C of UL 891 / UL 857 and are derated above it")
    max_busway_loading: Qty("ratio") = Field("80 %", description="highest busway and PDU loading vs rating (continuous load, NEC 368.17 practice)")
    vd_feeder_max: Qty("ratio") = Field("3 %", description="voltage drop of one feeder (NEC 215.2(A)(2) informational note)")
    vd_total_max: Qty("ratio") = Field("5 %", description="voltage drop from service to rack (NEC 215.2(A)(2) informational note)")
    v_min_pu: float = Field(0.95, gt=0.5, lt=1.0, description="lowest steady-state bus voltage (ANSI C84.1 range A)")
    v_max_pu: float = Field(1.05, gt=1.0, lt=1.5, description="highest steady-state bus voltage (ANSI C84.1 range A)")
    design_ambient: Literal["cooling_db_04", "extreme_max_db_n20", "extreme_max_db_n50"] = Field(
        "extreme_max_db_n20", description="which climate condition the cooling must meet")
    t_supply_tcs: Qty("temperature") = Field("40 degC", description="TCS supply temperature setpoint at the racks")
    t_fws_setpoint: Qty("temperature") = Field("35 degC", description="facility water supply setpoint")
    freeze_margin: Qty("temperature difference") = Field("5 K", description="coolant freezing point below the extreme minimum ambient")
    pipe_velocity_max: Qty("velocity") = Field("2.5 m/s", description="highest coolant velocity in pipes")
    pipe_pressure_max: Qty("pressure") = Field("600 kPa", description="highest gauge pressure (relief setting)")
    air_inlet_max: Qty("temperature") = Field("35 degC", description="highest rack inlet air temperature (ASHRAE A2)")
    cold_aisle: Qty("length") = Field("1.2 m", description="cold-aisle width")
    hot_aisle: Qty("length") = Field("1.2 m", description="hot-aisle width")
    working_space_depth: Qty("length") = Field("1.2 m", description="NEC 110.26(A)(1) depth in front of LV equipment (condition 3 for 151–600 V: 1.2 m)")
    perimeter_clearance: Qty("length") = Field("1.0 m", description="walkway along the walls")
    rack_power_basis: Literal["design", "peak"] = Field("peak", description="rack power used for electrical sizing")
    single_failure_across_domains: bool = Field(True, description="every single outage, electrical or mechanical, is followed into cooling and must leave every rack cooled within its limits (the promise of redundant power and cooling checked across domains; applies when power or cooling redundancy is above N)")
    mechanical_groups_independent: bool = Field(True, description="the units of each redundant mechanical group (CDUs of a TCS loop, facility pumps, heat-rejection units, CRAHs of a hall) are fed so that no single electrical element de-energises more of them than the group's spare units (distributed redundancy)")
    concurrent_maintainability: bool = Field(False, description="each capacity component and distribution path (loop mains included) can be taken out for maintenance with every rack still cooled (Uptime Institute Tier III)")

    ramp_rate_max_mw_per_min: float | None = Field(None, gt=0, le=1e5, description="largest change of the site's demand at the utility connection the utility accepts, MW per minute (its interconnection requirement for large loads); no general figure exists to take as a default: without it the ramp-rate rule is not applicable")

    @model_validator(mode="after")
    def _emergency_rating_has_basis(self):
        if self.max_transformer_loading_contingency.to("percent").magnitude > 100.0 and not (self.emergency_rating_basis or "").strip():
            raise ValueError(
                f"max_transformer_loading_contingency is {self.max_transformer_loading_contingency.to('percent').magnitude:g} %: "
                "a short-time emergency rating above 100 % needs its basis in emergency_rating_basis "
                "(expected: at most 100 %, or a basis given)")
        return self


class Goal(Record):
    """What the retrofit must reach."""

    rack_model: str = Field(description="catalog id of the target rack, for example gb300-nvl72")
    count: int | Literal["max"] = Field("max", description="number of racks, or max")
    power_redundancy: Literal["N", "N+1", "2N", "block_redundant"] = "2N"
    cooling_redundancy: Literal["N", "N+1"] = "N+1"
    network_racks_per_su: int = Field(1, ge=0, description="network racks per scalable unit of compute racks")
    racks_per_su: int = Field(8, ge=1, description="compute racks per scalable unit (DGX SuperPOD SU = 8 racks)")
    network_rack_model: str | None = Field("network-rack-25kw", description="catalog id of the network rack")
    criteria: Criteria = Field(default_factory=Criteria)
    schedule: ProgrammeSchedule | None = Field(None, description="programme start and utility capacity by date (the phases and the schedule follow it)")
    business: BusinessInputs = Field(default_factory=BusinessInputs, description="overrides of the business case's defaults")
    backup: BackupPolicy = Field(default_factory=BackupPolicy, description="backup power per class of load (none, ride_through, ups_minutes, generator); the default keeps a mining hall's none")
