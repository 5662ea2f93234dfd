"""Crane TP-410, Example 7-15 "Power required for pumping" (validation case HY-5).

Source: Crane Co., *Flow of Fluids Through Valves, Fittings and Pipe*, Technical Paper No. 410
(TP-410, 2009 edition), Example 7-15, printed total head 421 ft and brake power 15.2 hp.
Kind: published example (head, power); the fitting K values are Crane's L/D times f_T (closed form).
Tolerance: ``printed_3sf`` for the two printed answers, ``closed_form`` for the fitting K values.

Crane Co., *Flow of Fluids Through Valves, Fittings and Pipe*, TP-410, Example 7-15: water at 70 degF
(62.298 lb/ft3, 0.95 cP) is pumped at 100 gpm through 3 in schedule 40 pipe (bore 3.068 in,
roughness 0.0022 in), 500 ft in all (30 + 100 + 70 + 300 ft), against a static lift of 400 ft. The
line has a pipe exit, a gate valve, four standard 90 deg elbows and a 2-1/2 in lift check valve (globe
type) between reducers. Find the total head and the brake horsepower of a 70 % efficient pump.
Crane prints a total head of 421 ft and 15.2 hp.

Every fitting K is the project's Crane K-factor implementation (K = L/D f_T, f_T = 0.018 for 3 in;
the reduced lift check valve by Crane's formula 7); the pipe friction is Colebrook. The intermediate
fitting K values are Crane's table values times f_T (``closed_form``). The two printed answers are
3 significant figures: ``printed_3sf``. Measured: 420.7 ft (0.07 %) and 15.17 hp (0.2 %).
"""
from retrofit.cooling.fittings import crane_turbulent_friction, fitting_k, lift_check_valve_k
from retrofit.cooling.friction import (
    darcy_weisbach_head_loss,
    flow_velocity,
    friction_factor,
    minor_loss_head,
    reynolds_number,
)
from retrofit.cooling.pumps import shaft_power
from retrofit.testing import tolerance
from retrofit.units import Q_

P3 = tolerance("printed_3sf")
EXACT = tolerance("closed_form")


def si(value, unit, target):
    return Q_(value, unit).to(target).magnitude


DENSITY = si(62.298, "lb/ft**3", "kg/m**3")
VISCOSITY = si(0.95, "cP", "Pa*s")
FLOW = si(100.0, "gallon/minute", "m**3/s")
DIAMETER = si(3.068, "inch", "m")
SEAT_DIAMETER = si(2.469, "inch", "m")  # 2-1/2 in schedule 40
LENGTH = si(30.0 + 100.0 + 70.0 + 300.0, "ft", "m")
ROUGHNESS = si(0.0022, "inch", "m")
STATIC_LIFT = si(400.0, "ft", "m")
EFFICIENCY = 0.70


def test_crane_7_15_fittings():
    assert crane_turbulent_friction(DIAMETER) == 0.018
    assert fitting_k("exit", DIAMETER) == EXACT.approx(1.0)
    assert fitting_k("gate_valve", DIAMETER) == EXACT.approx(8 * 0.018)
    assert fitting_k("elbow_90_standard", DIAMETER) == EXACT.approx(30 * 0.018)
    beta = SEAT_DIAMETER / DIAMETER
    formula_7 = (600 * 0.018 + beta * (0.5 * (1 - beta**2) + (1 - beta**2) ** 2)) / beta**4
    assert lift_check_valve_k(DIAMETER, SEAT_DIAMETER) == EXACT.approx(formula_7)


def test_crane_7_15_total_head_and_brake_power():
    velocity = flow_velocity(FLOW, DIAMETER)
    assert si(velocity, "m/s", "ft/s") == P3.approx(4.34)
    reynolds = reynolds_number(velocity, DIAMETER, DENSITY, VISCOSITY)
    friction = friction_factor(reynolds, ROUGHNESS / DIAMETER)
    pipe_loss = darcy_weisbach_head_loss(friction, LENGTH, DIAMETER, velocity)
    fittings = (fitting_k("exit", DIAMETER) + fitting_k("gate_valve", DIAMETER)
                + 4 * fitting_k("elbow_90_standard", DIAMETER) + lift_check_valve_k(DIAMETER, SEAT_DIAMETER))
    total_head = STATIC_LIFT + pipe_loss + minor_loss_head(fittings, velocity)
    assert si(total_head, "m", "ft") == P3.approx(421.0)
    brake = shaft_power(FLOW, total_head, EFFICIENCY, DENSITY)
    assert si(brake, "W", "hp") == P3.approx(15.2)
