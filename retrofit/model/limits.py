"""Input limits of the design schema: the bound of each quantity and the plausible size of each count.

The one table of what a design file may hold beyond its types and units. :mod:`retrofit.io.input_rules`
checks every design against it while loading (so ``retrofit validate`` refuses what a solver would), and
the input-format docs print it beside each field. A solver keeps its own assertions, as invariants.

Bounds are written as text quantities, so each is read with the field's own unit kind; a field of
:data:`FIELD_BOUNDS` that is absent from a record is not checked.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bound:
    """Allowed range of one field: ``low < value`` (or ``<=`` when ``low_inclusive``), likewise ``high``.

    ``values`` lists the only values allowed (for example the system frequency), when given.
    """

    low: str | float | None = None
    low_inclusive: bool = False
    high: str | float | None = None
    high_inclusive: bool = True
    values: tuple[str, ...] = ()
    why: str = ""

    def text(self) -> str:
        """The bound as the docs and messages word it (``> 0``, ``0 to 100 %``, ``50 Hz or 60 Hz``)."""
        if self.values:
            return " or ".join(self.values)
        if self.low is not None and self.high is not None:
            left = "from" if self.low_inclusive else "above"
            right = "up to" if self.high_inclusive else "below"
            return f"{left} {_zero(self.low)} {right} {self.high}"
        if self.low is not None:
            return f"{'≥' if self.low_inclusive else '>'} {_zero(self.low)}"
        if self.high is not None:
            return f"{'≤' if self.high_inclusive else '<'} {self.high}"
        return ""


def _zero(value) -> str:
    return "0" if value in (0, "0") else str(value)


POSITIVE = Bound(low=0)
NON_NEGATIVE = Bound(low=0, low_inclusive=True)
FRACTION = Bound(low=0, high="100 %")  # efficiencies, speeds, shares: above 0 up to 100 %
SHARE = Bound(low=0, low_inclusive=True, high="100 %")
CONDUCTOR_RESISTANCE = Bound(low=0, low_inclusive=True, high="65 ohm/km",
                             why="about 20 ohm/kft: ten times a 14 AWG copper conductor (NEC Chapter 9 Table 8, "
                                 "3.07 ohm/kft), the smallest conductor a power feeder takes")
CONDUCTOR_REACTANCE = Bound(low=0, low_inclusive=True, high="6.5 ohm/km",
                            why="about 2 ohm/kft: cables and busways run 0.01-0.07 ohm/kft (NEC Chapter 9 Table 9) "
                                "and open lines under 0.3 ohm/kft; a reactance far above makes the network "
                                "ill-conditioned")
# Liquid-cooling temperatures: ASHRAE TC 9.9 liquid-cooling classes run from chilled water (W17 and
# below) to W+ (above 45 degC); 5-70 degC covers them with margin and keeps return water of the
# coolant property models (valid to 100 degC) in range.
LIQUID_TEMPERATURE = Bound(low="5 degC", low_inclusive=True, high="70 degC",
                           why="liquid-cooling temperatures (ASHRAE TC 9.9 classes W17 to W+)")
# Outdoor design temperatures: the ASHRAE climate tables span about -60 to +55 degC.
CLIMATE_TEMPERATURE = Bound(low="-70 degC", low_inclusive=True, high="60 degC",
                            why="outdoor design conditions (ASHRAE Handbook—Fundamentals climate tables)")

# record class name -> field -> bound
FIELD_BOUNDS: dict[str, dict[str, Bound]] = {
    "Site": {"altitude": Bound(low="-500 m", low_inclusive=True, high="6000 m",
                               why="psychrometric and air-density models of the cooling analysis")},
    "Climate": {f: CLIMATE_TEMPERATURE for f in ("cooling_db_04", "cooling_mcwb_04", "evaporation_wb_04",
                                                 "extreme_max_db_n20", "extreme_max_db_n50", "extreme_min_db_n20",
                                                 "heating_db_996")}
               | {"elevation": Bound(low="-500 m", low_inclusive=True, high="6000 m")},
    "UtilityStep": {"capacity": POSITIVE},
    "Utility": {"voltage": POSITIVE, "capacity": POSITIVE, "sk": POSITIVE,
                "frequency": Bound(values=("50 Hz", "60 Hz"), why="IEC 60909-0 method C for the peak current")},
    "Generator": {"rating": POSITIVE, "voltage": POSITIVE, "xd_subtransient": Bound(low=0, high="100 %")},
    "Bus": {"voltage": POSITIVE, "bus_rating": POSITIVE, "sccr": POSITIVE, "width": POSITIVE, "depth": POSITIVE,
            "price": NON_NEGATIVE},
    "Taps": {"step": Bound(low=0, low_inclusive=True, high="10 %")},
    "Transformer": {"rating": POSITIVE, "v_primary": POSITIVE, "v_secondary": POSITIVE,
                    "z_percent": Bound(low=0, high="50 %"), "no_load_loss": NON_NEGATIVE, "load_loss": NON_NEGATIVE,
                    "price": NON_NEGATIVE, "lead_time": NON_NEGATIVE},
    "Breaker": {"rating": POSITIVE, "interrupting": POSITIVE, "price": NON_NEGATIVE, "closing_latching": POSITIVE,
                "interrupting_time": Bound(low=0, high="0.5 s", why="a breaker's rated interrupting time is a few "
                                           "cycles (IEEE C37.04: 3 or 5 cycles at MV)")},
    "TripSettings": {"long_time_pickup": POSITIVE, "short_time_pickup": POSITIVE, "instantaneous_pickup": POSITIVE,
                     "maintenance_pickup": POSITIVE,
                     "long_time_delay": Bound(low=0, high="1000 s", why="a long-time band clears within minutes"),
                     "short_time_delay": Bound(low=0, high="2 s", why="a short-time band clears within its "
                                               "short-time withstand (IEEE C37.13: 0.5 s bands, 1 s withstand tests)")},
    "ShortCircuitStudy": {"transformer_impedance_tolerance": Bound(
                              low="-50 %", low_inclusive=True, high="50 %",
                              why="a change of the nameplate %Z, negative for the maximum currents (IEEE C57.12.00: "
                                  "-7.5 %, the schema's default; the Bussmann point-to-point method: x 0.9, -10 %)"),
                          "utility_growth": Bound(low=0, low_inclusive=True, high="1000 %"),
                          "utility_sk_min": POSITIVE,
                          "line_end_temperature": Bound(low="-50 degC", low_inclusive=True, high="300 degC",
                                                        why="a conductor temperature at the end of a fault "
                                                            "(IEC 60909-0; 250 degC is the XLPE short-circuit limit)")},
    "ArcFlashStudy": {"max_arc_duration": Bound(low=0, high="10 s")},
    "CoordinationStudy": {"relay_margin": Bound(low=0, low_inclusive=True, high="2 s")},
    "Cable": {"length": POSITIVE, "r_per_length": CONDUCTOR_RESISTANCE, "x_per_length": CONDUCTOR_REACTANCE,
              "voltage_rating": POSITIVE, "price": NON_NEGATIVE, "ampacity": POSITIVE,
              "ambient": Bound(low="-40 degC", low_inclusive=True, high="80 degC")},
    "Busway": {"rating": POSITIVE, "length": POSITIVE, "r_per_length": CONDUCTOR_RESISTANCE, "x_per_length": CONDUCTOR_REACTANCE,
               "sccr": POSITIVE, "price": NON_NEGATIVE},
    "PDU": {"rating": POSITIVE, "sccr": POSITIVE, "price": NON_NEGATIVE},
    "UPS": {"rating": POSITIVE, "efficiency": FRACTION, "sccr": POSITIVE, "price": NON_NEGATIVE},
    "BESS": {"rating": POSITIVE, "energy": POSITIVE, "price": NON_NEGATIVE,
             "round_trip_efficiency": Bound(low="50 %", low_inclusive=True, high="100 %",
                                            why="the cycling loss (1 - efficiency) of a battery store: lithium-ion "
                                                "systems sit near 85-95 %")},
    "RackGroup": {"p_design": POSITIVE, "p_peak": POSITIVE, "liquid_fraction": SHARE,
                  "input_voltage_ln_min": POSITIVE, "input_voltage_ln_max": POSITIVE, "flow_per_kw": POSITIVE,
                  "t_supply_max": LIQUID_TEMPERATURE, "dp_rated": POSITIVE, "air_dt_max": POSITIVE,
                  "width": POSITIVE, "depth": POSITIVE, "height": POSITIVE, "mass": POSITIVE, "price": NON_NEGATIVE},
    "MinerGroup": {"p_rated": POSITIVE, "input_voltage_min": POSITIVE, "input_voltage_max": POSITIVE,
                   "airflow": POSITIVE, "mass": POSITIVE},
    "OtherLoad": {"p": NON_NEGATIVE},
    "PipeRun": {"length": Bound(low=0, why="a pipe of no length has no resistance, which the hydraulic solver refuses"),
                "diameter": Bound(low="6 mm", low_inclusive=True, high="3 m",
                                  why="bores from a 1/4 in hose to the largest headers"), "roughness": Bound(low=0, low_inclusive=True, high="10 mm")},
    "Loop": {"static_pressure": Bound(low=0, high="2500 kPa"), "t_supply_setpoint": LIQUID_TEMPERATURE},
    "PumpCurvePoint": {"flow": NON_NEGATIVE, "head": NON_NEGATIVE},
    "CDU": {"capacity": POSITIVE, "approach": POSITIVE, "flow_tcs_rated": POSITIVE, "flow_fws_rated": POSITIVE,
            "dp_fws_rated": POSITIVE, "dp_hx_tcs_rated": POSITIVE, "pump_efficiency": FRACTION,
            "p_controls": NON_NEGATIVE, "t_supply_setpoint": LIQUID_TEMPERATURE, "width": POSITIVE, "depth": POSITIVE,
            "mass": POSITIVE, "price": NON_NEGATIVE},
    "Pump": {"speed": Bound(low=0, high="120 %"), "efficiency": FRACTION, "motor_efficiency": FRACTION,
             "price": NON_NEGATIVE, "bep_flow": POSITIVE},
    "HeatRejection": {"capacity": POSITIVE, "t_ambient_rated": CLIMATE_TEMPERATURE,
                      "t_fluid_in_rated": LIQUID_TEMPERATURE, "t_fluid_out_rated": LIQUID_TEMPERATURE,
                      "airflow_rated": POSITIVE, "fan_power_rated": NON_NEGATIVE, "pad_efficiency": FRACTION,
                      "dp_rated": POSITIVE, "width": POSITIVE, "depth": POSITIVE, "mass": POSITIVE,
                      "price": NON_NEGATIVE},
    "AirMover": {"airflow": POSITIVE, "power": NON_NEGATIVE, "capacity": POSITIVE, "price": NON_NEGATIVE,
                 "t_water_in_rated": LIQUID_TEMPERATURE,
                 "t_air_in_rated": Bound(low="10 degC", low_inclusive=True, high="60 degC",
                                         why="return air of a CRAH rating (ASHRAE TC 9.9 inlet classes plus the rack rise)")},
    "Hall": {"length": Bound(low=0, high="2000 m"), "width": Bound(low=0, high="2000 m"),
             "clear_height": Bound(low=0, high="100 m"), "slab_rating": POSITIVE,
             "slab_thickness": Bound(low="50 mm", low_inclusive=True, high="3 m",
                                     why="a structural slab is at least 50 mm thick (the effective depth takes 35 mm)"),
             "concrete_strength": Bound(low="17 MPa", low_inclusive=True, high="120 MPa",
                                        why="ACI 318-19 19.2.1.1: f'c of structural concrete is at least 17 MPa "
                                            "(2,500 psi)")},
    "Rectangle": {"x": Bound(low="-2000 m", low_inclusive=True, high="2000 m"),
                  "y": Bound(low="-2000 m", low_inclusive=True, high="2000 m"),
                  "width": Bound(low=0, high="2000 m"), "depth": Bound(low=0, high="2000 m")},
    "Position": {"x": Bound(low="-2000 m", low_inclusive=True, high="2000 m"),
                 "y": Bound(low="-2000 m", low_inclusive=True, high="2000 m")},
    "Criteria": {"max_transformer_loading": Bound(low=0, high="200 %"),
                 "max_transformer_loading_contingency": Bound(low=0, high="200 %"),
                 "max_busway_loading": Bound(low=0, high="100 %"), "vd_feeder_max": Bound(low=0, high="20 %"),
                 "vd_total_max": Bound(low=0, high="20 %"), "t_supply_tcs": LIQUID_TEMPERATURE,
                 "t_fws_setpoint": LIQUID_TEMPERATURE, "freeze_margin": Bound(low=0, low_inclusive=True, high="30 K"),
                 "pipe_velocity_max": Bound(low=0, high="10 m/s"), "pipe_pressure_max": Bound(low=0, high="2500 kPa"),
                 "air_inlet_max": Bound(low="10 degC", low_inclusive=True, high="60 degC"),
                 "cold_aisle": Bound(low=0, low_inclusive=True, high="10 m"),
                 "hot_aisle": Bound(low=0, low_inclusive=True, high="10 m"),
                 "working_space_depth": Bound(low=0, low_inclusive=True, high="10 m"),
                 "perimeter_clearance": Bound(low=0, low_inclusive=True, high="50 m"),
                 "electrical_room_ambient": Bound(low="-20 degC", low_inclusive=True, high="60 degC")},
}

# Counts: (record class name, field) -> the most a design may hold, and why. Each is far above the
# largest real case (the 350 MW campus: ~2,500 racks, ~90,000 miners, ~300 transformers), so a value
# beyond is a typing slip, and keeps every analysis bounded in time and memory.
COUNT_LIMITS: dict[tuple[str, str], tuple[int, str]] = {
    ("RackGroup", "count"): (5_000, "racks in one group"),
    ("MinerGroup", "count"): (1_000_000, "miners in one group"),
    ("MinerGroup", "rows"): (10_000, "shelving rows"),
    ("Hall", "shelving_rows"): (10_000, "shelving rows"),
    ("Cable", "sets"): (20, "parallel sets (NEC 310.10(G))"),
    ("Cable", "current_carrying"): (200, "current-carrying conductors in one raceway"),
    ("CDU", "pumps"): (20, "pumps in one CDU"),
    ("CDU", "pumps_running"): (20, "pumps in one CDU"),
    ("Pump", "count"): (200, "pumps in one set"),
    ("Pump", "running"): (200, "pumps in one set"),
    ("HeatRejection", "count"): (2_000, "units of one model"),
    ("AirMover", "count"): (10_000, "units of one model"),
    ("Taps", "steps"): (32, "tap steps each side"),
    ("Goal", "network_racks_per_su"): (100, "network racks per scalable unit"),
    ("Goal", "racks_per_su"): (1_000, "compute racks per scalable unit"),
    ("PipeRun", "fittings"): (1_000, "fittings of one kind in one run"),
}
# Whole-design limits: elements of each list, racks in all, points of a pump curve.
MAX_ELEMENTS_PER_LIST = 20_000
MAX_RACKS = 20_000
MAX_CURVE_POINTS = 50
MAX_GOAL_RACKS = 20_000
