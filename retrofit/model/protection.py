"""Protection studies of a design: short-circuit method, motor contribution, arc-flash criteria, and the
settings of a protective device's trip unit or relay."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Record
from .quantity import Qty


class TripSettings(Record):
    """Settings of an electronic trip unit (LSI) or of an overcurrent relay (50/51) driving a breaker.

    Pickups are in amperes on the primary side of the device. A field left out is taken from the
    catalog family of the device kind (docs/protection.md).
    """

    long_time_pickup: Qty("current") | None = Field(None, description="long-time (51) pickup Ir; default the device rating")
    long_time_delay: Qty("time") | None = Field(None, description="LSI: long-time band, clearing time at 6 x Ir")
    curve: Literal["moderately_inverse", "very_inverse", "extremely_inverse"] | None = Field(
        None, description="relay: IEEE C37.112 inverse-time curve of the 51 element")
    time_dial: float | None = Field(None, gt=0, le=100, description="relay: time dial TD of the 51 element")
    short_time_pickup: Qty("current") | None = Field(None, description="LSI: short-time pickup Isd; none = no short-time element")
    short_time_delay: Qty("time") | None = Field(None, description="LSI: short-time delay band (clearing time)")
    instantaneous_pickup: Qty("current") | None = Field(None, description="instantaneous (50) pickup Ii; none = instantaneous off")
    maintenance_pickup: Qty("current") | None = Field(
        None, description="energy-reducing maintenance switch (NEC 240.87(B)(3)): instantaneous pickup while it is on")
    zone_interlocked: bool = Field(False, description="zone-selective interlocking (NEC 240.87(B)(2)) with the downstream devices")
    fuse_family: Literal["hv-fuse", "nh-gg"] | None = Field(
        None, description="fuse: family of its time-current curve in the catalog table fuse-curves; default nh-gg at "
        "1000 V or less, hv-fuse above")
    arc_flash_relay: bool = Field(
        False, description="a light-and-current arc-flash relay (optical sensors in the enclosure this breaker feeds, "
        "supervised by this device's pickup) trips this breaker: an arc on the bus it feeds (an MV lineup fed by this "
        "feeder, or the bus of which it is the main) or on the line side of the main it feeds then lasts the relay's "
        "operating time plus the breaker's opening time (catalog table arc-flash-relay); coordination is unchanged, "
        "the sensors seeing only their own enclosure")


class MotorContribution(Record):
    """Induction motors on line (pumps and fans without drives) that feed a fault."""

    element: str = Field(description="id of a pump set, exhaust-fan, CRAH or rear-door group whose motors are direct on line")
    locked_rotor_ratio: float = Field(6.0, gt=1, le=20, description="locked-rotor to rated current I_LR/I_rM (NEMA design B about 6)")
    rx_ratio: float = Field(0.42, gt=0, le=10, description="R/X of the motor impedance (IEC 60909-0: 0.42 for LV motor groups with their cables)")
    power_factor: float = Field(0.85, gt=0, le=1, description="rated power factor, to turn the rated shaft power into kVA")
    efficiency: float = Field(0.9, gt=0, le=1, description="rated efficiency, to turn the rated shaft power into kVA")


class ShortCircuitStudy(Record):
    """How short-circuit currents are computed for duty, arc flash and coordination."""

    method: Literal["iec60909", "ansi", "ohmic"] = Field(
        "iec60909", description="IEC 60909-0 equivalent voltage source (c, K_T); ANSI/IEEE C37 E/X with multiplying factors; ohmic point-to-point (c = 1)")
    lv_tolerance: Literal[6, 10] = Field(10, description="IEC 60909: LV voltage tolerance in %, c_max 1.05 (6) or 1.10 (10), c_min 0.95 (Table 1)")
    transformer_impedance_tolerance: Qty("ratio") = Field(
        "-7.5 %", description="applied to every transformer %Z for the maximum currents (IEEE C57.12.00 impedance tolerance: +/-7.5 % for two-winding transformers above 2.5 % Z)")
    utility_growth: Qty("ratio") = Field("0 %", description="margin on the utility short-circuit power for future growth (maximum case)")
    utility_sk_min: Qty("apparent power") | None = Field(None, description="minimum utility short-circuit power for the minimum case; default the maximum")
    line_end_temperature: Qty("temperature") = Field("80 degC", description="conductor temperature at the end of the fault, minimum case (IEC 60909-0)")
    motors: list[MotorContribution] = Field(default_factory=list, description="motor groups that contribute to faults")


class ArcFlashStudy(Record):
    """Arc-flash study options and the criteria the review holds results to."""

    max_arc_duration: Qty("time") = Field("2 s", description="longest arc duration (IEEE 1584-2018 6.9.1: 2 s when the person can move away)")
    incident_energy_limit_cal_cm2: float = Field(
        40.0, gt=0, le=1000, description="highest incident energy at the working distance, in cal/cm2 (40: the highest PPE category; 8 for category 2 work)")
    incident_energy_danger_cal_cm2: float = Field(
        40.0, gt=0, le=1000, description="incident energy above which no PPE category applies, in cal/cm2 (NFPA 70E Table 130.7(C)(15)(c))")


class CoordinationStudy(Record):
    """Selectivity criteria between a device and its upstream device."""

    relay_margin: Qty("time") = Field("0.3 s", description="coordination time interval between relays, or a relay over an LV device (IEEE 242 practice: 0.2-0.4 s)")
    supervised: bool = Field(False, description="NEC 450.3(A) supervised location (qualified persons only) for the transformer protection limits")


class Studies(Record):
    """The protection studies of the design: short circuit, arc flash, coordination."""

    short_circuit: ShortCircuitStudy = Field(default_factory=ShortCircuitStudy)
    arc_flash: ArcFlashStudy = Field(default_factory=ArcFlashStudy)
    coordination: CoordinationStudy = Field(default_factory=CoordinationStudy)
