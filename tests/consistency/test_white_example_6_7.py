"""White, *Fluid Mechanics*, Example 6.7: oil in a 200 mm cast-iron pipe (validation case HY-2).

Source: F. M. White, *Fluid Mechanics* (McGraw-Hill), Example 6.7, as its text appears in a course
copy; the edition could not be identified, so White's figures are not held as a dated publication here:
V ~ 6.4 m/s, Re ~ 128 000, e/D = 0.0013 and f ~ 0.0225 (read from the Moody chart). White's head loss
was not in the copy read, so h_f is not compared with a printed value.
Kind: consistency check (the example's rounded V, Re, e/D and f, and the exact V, Re, Colebrook f and
h_f computed from its inputs and written to 5 figures); not counted as validation until the edition is
confirmed.
Tolerance: ``chart_read`` (3 %) for the chart-read f and the 2-figure V; ``printed_4sf`` for the
computed values; ``closed_form`` for e/D and White's Re.

Oil, rho = 900 kg/m3, nu = 1e-5 m2/s, flows at Q = 0.2 m3/s through L = 500 m of D = 200 mm cast-iron
pipe (epsilon = 0.26 mm). White computes V, Re, e/D, reads f from the Moody chart and gets the head
loss h_f = f (L/D) V^2/2g.

Tolerances: White's own rounded figures (V ~ 6.4 m/s, Re ~ 128 000, f ~ 0.0225 read from the chart)
are held to ``chart_read`` (3 %) for the chart-read friction factor and the 2-figure velocity; White's
Re follows from his rounded V exactly. The values
computed from the inputs with exact V and Colebrook and printed to 5
significant figures (V = 6.3662 m/s, Re = 127 324, f = 0.022724, h_f = 117.35 m), are held to
``printed_4sf`` (measured: h_f = 117.39 m, 0.04 %; the rest agree to all printed digits).
e/D = 0.26/200 = 0.0013 exactly (``closed_form``). Inputs are in White's SI units.
"""
from retrofit.cooling.friction import (
    GRAVITY,
    darcy_weisbach_head_loss,
    flow_velocity,
    friction_factor,
    reynolds_number,
)
from retrofit.testing import tolerance

CHART = tolerance("chart_read")
P4 = tolerance("printed_4sf")
EXACT = tolerance("closed_form")

DENSITY = 900.0  # kg/m3
KINEMATIC_VISCOSITY = 1.0e-5  # m2/s
FLOW = 0.2  # m3/s
LENGTH = 500.0  # m
DIAMETER = 200e-3  # m
ROUGHNESS = 0.26e-3  # m, cast iron


def test_white_example_6_7_step_by_step():
    velocity = flow_velocity(FLOW, DIAMETER)
    assert velocity == P4.approx(6.3662)
    assert velocity == CHART.approx(6.4)

    reynolds = reynolds_number(velocity, DIAMETER, DENSITY, KINEMATIC_VISCOSITY * DENSITY)
    assert reynolds == P4.approx(127_324)
    # White carries his rounded V = 6.4 m/s into Re = 6.4 * 0.2 / 1e-5 = 128 000
    assert reynolds_number(6.4, DIAMETER, DENSITY, KINEMATIC_VISCOSITY * DENSITY) == EXACT.approx(128_000)

    relative_roughness = ROUGHNESS / DIAMETER
    assert relative_roughness == EXACT.approx(0.0013)

    friction = friction_factor(reynolds, relative_roughness)
    assert friction == P4.approx(0.022724)
    assert friction == CHART.approx(0.0225)

    head_loss = darcy_weisbach_head_loss(friction, LENGTH, DIAMETER, velocity)
    assert head_loss == P4.approx(117.35)
    # consistency: the loss from White's rounded chart values, 0.0225 (500/0.2) 6.4^2 / (2 g) = 117.47 m
    assert darcy_weisbach_head_loss(0.0225, LENGTH, DIAMETER, 6.4, GRAVITY) == P4.approx(117.47)
