"""The pilot-hall variant the unit tests of the topology and of the electrical analysis start from.

A 13.8 kV service, two 13.8 kV / 415 V transformers (A and B), two switchboards, two busways per side and
two rows of racks fed A/B, a mechanical panel per side, one TCS loop with its CDU and the facility loop
behind it (examples/pilot-hall, reduced). Each test changes one thing through ``design(change)`` or
``unchecked(change)``.
"""
from __future__ import annotations

import copy

import yaml

import retrofit
from retrofit.model import Design

PILOT = """
version: 1
site: {name: Pilot hall variant, climate: moses-lake-wa, altitude: 356 m}
utility: {id: utility, bus: mv-main, voltage: 13.8 kV, capacity: 5 MVA, sk: 250 MVA, xr_ratio: 10}
electrical:
  buses:
    - {id: mv-main, voltage: 13.8 kV, kind: switchgear, sccr: 25 kA}
    - {id: mv-a, voltage: 13.8 kV, kind: node}
    - {id: mv-b, voltage: 13.8 kV, kind: node}
    - {id: swbd-a, voltage: 415 V, kind: switchboard, sccr: 65 kA}
    - {id: swbd-b, voltage: 415 V, kind: switchboard, sccr: 65 kA}
    - {id: bw-a1, voltage: 415 V, kind: busway_tap}
    - {id: bw-a2, voltage: 415 V, kind: busway_tap}
    - {id: bw-b1, voltage: 415 V, kind: busway_tap}
    - {id: bw-b2, voltage: 415 V, kind: busway_tap}
    - {id: mech-a, voltage: 415 V, kind: panelboard, sccr: 65 kA}
    - {id: mech-b, voltage: 415 V, kind: panelboard, sccr: 65 kA}
  transformers:
    # 2,500 kVA as in the pilot: after an outage one carries both sides within its rating derated for the
    # 43 degC design ambient (the contingency limit is 100 % of that derated rating)
    - {id: tx-a, hv_bus: mv-a, lv_bus: swbd-a, rating: 2500 kVA, v_primary: 13.8 kV, v_secondary: 415 V,
       z_percent: 5.75 %, xr_ratio: 7.5, no_load_loss: 2.2 kW}
    - {id: tx-b, hv_bus: mv-b, lv_bus: swbd-b, rating: 2500 kVA, v_primary: 13.8 kV, v_secondary: 415 V,
       z_percent: 5.75 %, xr_ratio: 7.5, no_load_loss: 2.2 kW}
  cables:
    - {id: c-mv-a, from_bus: mv-main, to_bus: mv-a, size: 1/0 AWG, length: 60 m, voltage_rating: 15 kV,
       r_per_length: 0.12 ohm/kft, x_per_length: 0.05 ohm/kft}
    - {id: c-mv-b, from_bus: mv-main, to_bus: mv-b, size: 1/0 AWG, length: 75 m, voltage_rating: 15 kV,
       r_per_length: 0.12 ohm/kft, x_per_length: 0.05 ohm/kft}
    - {id: c-mech-a, from_bus: swbd-a, to_bus: mech-a, size: 500 kcmil, length: 25 m}
    - {id: c-mech-b, from_bus: swbd-b, to_bus: mech-b, size: 500 kcmil, length: 25 m}
  busways:
    - {id: busway-a1, from_bus: swbd-a, to_bus: bw-a1, rating: 2000 A, length: 30 m,
       r_per_length: 0.045 mohm/m, x_per_length: 0.03 mohm/m}
    - {id: busway-a2, from_bus: swbd-a, to_bus: bw-a2, rating: 2000 A, length: 38 m,
       r_per_length: 0.045 mohm/m, x_per_length: 0.03 mohm/m}
    - {id: busway-b1, from_bus: swbd-b, to_bus: bw-b1, rating: 2000 A, length: 30 m,
       r_per_length: 0.045 mohm/m, x_per_length: 0.03 mohm/m}
    - {id: busway-b2, from_bus: swbd-b, to_bus: bw-b2, rating: 2000 A, length: 38 m,
       r_per_length: 0.045 mohm/m, x_per_length: 0.03 mohm/m}
  breakers:
    - {id: cb-mv-a, bus: mv-main, protects: c-mv-a, kind: mv_breaker, rating: 200 A, interrupting: 25 kA}
    - {id: cb-main-a, bus: swbd-a, protects: tx-a, kind: lvpcb, rating: 3200 A, interrupting: 65 kA}
    - {id: cb-bw-a1, bus: swbd-a, protects: busway-a1, kind: lvpcb, rating: 2000 A, interrupting: 65 kA}
    - {id: cb-mech-a, bus: swbd-a, protects: c-mech-a, kind: mccb, rating: 400 A, interrupting: 65 kA}
    - {id: fu-mech-b, bus: swbd-b, protects: c-mech-b, kind: fuse, rating: 400 A, interrupting: 200 kA}
loads:
  racks:
    - {id: row-1, model: gb300-nvl72, count: 6, feeds: [bw-a1, bw-b1], tcs_loop: tcs-1}
    - {id: row-2, model: gb300-nvl72, count: 6, feeds: [bw-a2, bw-b2], tcs_loop: tcs-1}
  other:
    - {id: lighting, bus: mech-a, p: 12 kW, power_factor: 0.95, kind: lighting}
    - {id: pumps-b, bus: mech-b, p: 40 kW, power_factor: 0.9, kind: cooling}
cooling:
  loops:
    - {id: tcs-1, kind: tcs, coolant: PG25, main: {length: 15 m, diameter: 202.7 mm},
       header: {length: 0.6 m, diameter: 202.7 mm}, branch: {length: 4 m, diameter: 52.5 mm}, static_pressure: 200 kPa}
    - {id: fw-1, kind: facility, coolant: PG55, main: {length: 60 m, diameter: 254.5 mm},
       header: {length: 3 m, diameter: 202.7 mm}, branch: {length: 6 m, diameter: 154.1 mm}, static_pressure: 250 kPa,
       t_supply_setpoint: 30 degC}
  # as in a real design, the racks' liquid loop has its CDU and the facility loop behind it (pump and cooler);
  # their power is the `pumps-b` load above, so the cooling equipment has no bus of its own here
  cdus:
    - {id: cdu-1, facility_loop: fw-1, tcs_loop: tcs-1, kind: l2l_row, capacity: 2000 kW, approach: 5 K,
       flow_tcs_rated: 2125 L/min, flow_fws_rated: 2900 L/min, dp_fws_rated: 70 kPa, dp_hx_tcs_rated: 50 kPa,
       pump_curve: [{flow: 0 L/min, head: 32 m}, {flow: 2125 L/min, head: 24.6 m}, {flow: 2800 L/min, head: 15 m}],
       pumps: 2, pumps_running: 1, pump_efficiency: 65 %}
  pumps:
    - {id: fwp, loop: fw-1, count: 2, running: 1, efficiency: 75 %, motor_efficiency: 94 %,
       curve: [{flow: 0 L/min, head: 30 m}, {flow: 3500 L/min, head: 24 m}, {flow: 5500 L/min, head: 14 m}]}
  heat_rejection:
    - {id: acc, loop: fw-1, kind: adiabatic_cooler, count: 3, capacity: 900 kW, t_ambient_rated: 25 degC,
       t_fluid_in_rated: 40 degC, t_fluid_out_rated: 32 degC, airflow_rated: 60 m**3/s, fan_power_rated: 18 kW,
       pad_efficiency: 85 %, dp_rated: 60 kPa}
goal: {rack_model: gb300-nvl72, count: max, power_redundancy: 2N}
"""

BASE = yaml.safe_load(PILOT)


def design(change=None):
    """The pilot variant, after ``change(data)`` edits its parsed YAML."""
    data = copy.deepcopy(BASE)
    if change is not None:
        change(data)
    return retrofit.load_text(yaml.safe_dump(data, sort_keys=False), "variant.yaml")


def unchecked(change):
    """The pilot variant after ``change(data)``, built without the loader's cross-element input rules.

    The loader refuses a design with an unfed bus, a closed loop or a voltage mismatch; to test the checks
    and the analysis on such a design, the valid variant is loaded, its records dumped, edited by ``change``
    and validated field by field only. ``change`` edits the dumped records, in which catalog models are
    already resolved.
    """
    data = design().model_dump()
    change(data)
    return Design.model_validate(data)


def element(data, section, list_name, element_id):
    return next(e for e in data[section][list_name] if e["id"] == element_id)
