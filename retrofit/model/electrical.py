"""Electrical elements: buses, transformers, protective devices, cables, busway, PDUs, UPS."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Element, Record
from .protection import TripSettings
from .quantity import Qty


class Bus(Element):
    """A node of the power topology: switchgear, switchboard, panelboard or a plain connection point."""

    voltage: Qty("voltage") = Field(description="nominal line-to-line voltage")
    kind: Literal["switchgear", "switchboard", "panelboard", "busway_tap", "node"] = Field(
        "switchboard", description="what the bus is; switchgear and switchboards need working space (NEC 110.26)")
    system: Literal["wye_4w", "delta_3w", "wye_3w"] = Field(
        "wye_4w", description="grounding and conductors: 4-wire wye with neutral, 3-wire delta, 3-wire wye")
    bus_rating: Qty("current") | None = Field(None, description="continuous bus rating")
    sccr: Qty("current") | None = Field(None, description="short-circuit current rating (withstand, symmetrical rms)")
    hall: str | None = Field(None, description="hall the equipment stands in, when it needs floor space")
    width: Qty("length") | None = Field(None, description="front width, for working space and layout")
    depth: Qty("length") | None = Field(None, description="depth, for working space and layout")
    price: Qty("money") | None = None


class Taps(Record):
    """Off-load tap changer of a transformer."""

    steps: int = Field(2, ge=0, description="steps each side of neutral")
    step: Qty("ratio") = Field("2.5 %", description="voltage per step")
    position: int = Field(0, description="present position; + raises the primary turns (lowers the secondary)")


class Transformer(Element):
    """A two-winding three-phase transformer."""

    hv_bus: str = Field(description="primary bus id")
    lv_bus: str = Field(description="secondary bus id")
    rating: Qty("apparent power") = Field(description="nameplate self-cooled rating")
    v_primary: Qty("voltage") = Field(description="rated primary voltage")
    v_secondary: Qty("voltage") = Field(description="rated secondary voltage (line to line)")
    primary_config: Literal["delta", "wye", "wye_grounded"] = "delta"
    secondary_config: Literal["wye_grounded", "wye", "delta"] = Field(
        "wye_grounded", description="wye_grounded gives a neutral (415Y/240, 480Y/277); delta has none")
    z_percent: Qty("ratio") = Field(description="impedance voltage %Z at rated current")
    xr_ratio: float = Field(gt=0, le=150, description="X/R of the impedance (power transformers run to about 50 at 100 MVA; 150 caps a slip that would overflow the fault study)")
    no_load_loss: Qty("active power") = Field("0 kW", description="no-load (core) loss")
    load_loss: Qty("active power") | None = Field(None, description="load loss at rated current; default from X/R")
    taps: Taps = Field(default_factory=Taps)
    cooling_class: str = Field("ONAN", description="IEEE/IEC cooling class")
    hall: str | None = None
    price: Qty("money") | None = None
    lead_time: Qty("time") | None = None


class Breaker(Element):
    """A protective device: circuit breaker or fuse, at a bus, protecting one element."""

    bus: str = Field(description="bus the device is connected to (line side)")
    protects: str = Field(description="id of the element it protects (cable, transformer, busway, PDU, UPS)")
    kind: Literal["mv_breaker", "lvpcb", "iccb", "mccb", "fuse"] = Field(
        "mccb", description="MV breaker, LV power circuit breaker (UL 1066), insulated case (UL 489), molded case (UL 489), fuse")
    rating: Qty("current") = Field(description="continuous (trip or fuse) rating")
    interrupting: Qty("current") = Field(description="interrupting rating at the applied voltage, symmetrical rms")
    test_xr: float | None = Field(None, gt=0, le=150, description="X/R of the interrupting test; default by kind and rating")
    rated_100_percent: bool = Field(False, description="listed for 100 % continuous loading (else 80 %)")
    trip: TripSettings | None = Field(None, description="trip-unit or relay settings; default from the rating (docs/protection.md)")
    interrupting_time: Qty("time") | None = Field(
        None, description="rated interrupting time (IEEE C37.04: 3 or 5 cycles for MV breakers), taken as the opening "
        "time in the arc-flash and coordination studies; default the kind's opening time (catalog table trip-unit-defaults)")
    closing_latching: Qty("current") | None = Field(
        None, description="MV breakers only: closing-and-latching (momentary) capability, on closing_latching_basis; "
        "default 2.6 x interrupting, peak (IEEE C37.04-1999 / C37.06-2009)")
    closing_latching_basis: Literal["peak", "asymmetrical_rms"] = Field(
        "peak", description="basis of closing_latching: peak (constant-kA breakers, IEEE C37.04-1999) or asymmetrical "
        "rms total current (constant-MVA breakers, IEEE C37.04-1979: 1.6 x K x rated current)")
    price: Qty("money") | None = None


class Cable(Element):
    """A feeder of insulated conductors in raceway or tray, possibly in parallel sets."""

    from_bus: str = Field(description="sending-end bus id")
    to_bus: str = Field(description="receiving-end bus id")
    material: Literal["Cu", "Al"] = "Cu"
    size: str = Field(description="conductor size, for example \"500 kcmil\", \"4/0 AWG\" or a metric (IEC 60228) \"240 mm**2\"")
    sets: int = Field(1, ge=1, description="parallel sets per phase")
    length: Qty("length") = Field(description="route length")
    insulation: str = Field("THHN", description="insulation type, for example THHN, XHHW-2, THWN")
    insulation_rating: Qty("temperature") = Field("90 degC", description="insulation temperature rating")
    termination_rating: Qty("temperature") = Field("75 degC", description="terminal temperature rating (NEC 110.14(C))")
    installation: Literal["pvc_conduit", "aluminum_conduit", "steel_conduit", "tray", "underground"] = Field(
        "pvc_conduit", description="raceway; above 2000 V it selects the NEC table: conduit in air Table 315.60(C)(7), "
        "underground ducts Table 315.60(C)(11) (one circuit), tray 75 % of Table 315.60(C)(3)")
    ambient: Qty("temperature") = Field("30 degC", description="ambient temperature along the route (earth temperature for underground cables)")
    current_carrying: int = Field(3, ge=1, description="current-carrying conductors per raceway (NEC 310.15(C)(1))")
    r_per_length: Qty("impedance per length") | None = Field(None, description="resistance per phase per conductor; default NEC Ch. 9 Table 9")
    x_per_length: Qty("impedance per length") | None = Field(None, description="reactance per phase per conductor; default NEC Ch. 9 Table 9")
    voltage_rating: Qty("voltage") = Field("600 V", description="insulation voltage class")
    ampacity: Qty("current") | None = Field(None, description="current-carrying capacity of one conductor at the "
                                            "installation's conditions, for a metric size only (IEC 60364-5-52 Annex B "
                                            "with its correction factors, or the maker's figure); AWG and kcmil sizes "
                                            "take theirs from the NEC tables")
    price: Qty("money") | None = None


class Busway(Element):
    """Feeder or plug-in busway from a bus to a bus (its tap-off point)."""

    from_bus: str
    to_bus: str
    rating: Qty("current") = Field(description="continuous current rating")
    length: Qty("length")
    r_per_length: Qty("impedance per length") = Field(description="resistance per phase")
    x_per_length: Qty("impedance per length") = Field(description="reactance per phase")
    sccr: Qty("current") | None = Field(None, description="short-circuit withstand rating")
    material: Literal["Cu", "Al"] = "Cu"
    kind: Literal["feeder", "plug_in", "overhead_track"] = "plug_in"
    price: Qty("money") | None = None


class PDU(Element):
    """A power distribution unit or remote power panel between a bus and rack feeds (no impedance)."""

    from_bus: str
    to_bus: str
    rating: Qty("current") = Field(description="continuous output current rating")
    kind: Literal["pdu", "rpp", "tap_box", "rack_pdu"] = "rpp"
    sccr: Qty("current") | None = None
    price: Qty("money") | None = None


class UPS(Element):
    """A static UPS between two buses (modelled as its rating and efficiency; bypass impedance neglected)."""

    from_bus: str
    to_bus: str
    rating: Qty("active power") = Field(description="rating of one module")
    count: int = Field(1, ge=1, le=64, description="modules in parallel in the lineup; the planner installs N+1 "
                       "(one redundant module), so the lineup carries (count - 1) x rating with a module out (one module: its rating)")
    efficiency: Qty("ratio") = "97 %"
    sccr: Qty("current") | None = None
    price: Qty("money") | None = None


class BESS(Element):
    """A battery energy storage system with its power conversion system (PCS) at a bus: a four-quadrant
    converter that, for ``purpose: smoothing``, supplies the training load swing's excess and absorbs its
    deficit so the utility sees a flatter demand (:mod:`retrofit.electrical.load_swing`)."""

    bus: str = Field(description="bus the PCS connects to (the utility's service bus for smoothing at the point of common coupling)")
    rating: Qty("apparent power") = Field(description="PCS rating of one unit, its apparent-power capability (a unit rated in kW at unit power factor: the same figure in kVA)")
    energy: Qty("energy") = Field(description="usable energy of one unit")
    count: int = Field(1, ge=1, le=2000, description="units in parallel")
    round_trip_efficiency: Qty("ratio") = Field("92 %", description="AC-to-AC round-trip efficiency of one unit")
    purpose: Literal["smoothing"] = Field("smoothing", description="what the storage does: smoothing the training load swing at its bus")
    price: Qty("money") | None = Field(None, description="price of one unit")
