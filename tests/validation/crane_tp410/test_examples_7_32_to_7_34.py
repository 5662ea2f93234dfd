"""Crane TP-410, pump Examples 7-32 (NPSH available), 7-33 (affinity laws) and 7-34 (pump power and
operating cost) (validation case HY-6).

Source: Crane Co., *Flow of Fluids Through Valves, Fittings and Pipe*, Technical Paper No. 410
(TP-410, 2009 edition), Examples 7-32, 7-33 and 7-34 (printed 194.3 gpm, 29.73 ft, 2.005 hp; $83 970/yr).
Kind: published example (7-33, the 7-34 cost); consistency check (7-34 brake and electrical power and
7-32 NPSHa, computed from Crane's inputs).
Tolerance: ``printed_4sf`` for 4-figure values, ``printed_3sf`` for the cost.

Crane Co., *Flow of Fluids Through Valves, Fittings and Pipe*, TP-410:

* 7-33: a pump delivering 400 gpm at 126 ft with 17.5 bhp at 3500 rpm is slowed to 1700 rpm; Crane
  prints 194.3 gpm, 29.73 ft and 2.005 hp (4 significant figures: ``printed_4sf``).
* 7-34: 700 gpm at 428 ft of 60 degF water (62.364 lb/ft3), pump 70.7 %, motor 95 %, variable-speed
  drive 96 %, 8000 h/yr at $0.12/kWh. Computed from these inputs: 107.06 bhp and 117.39 electrical hp
  ([C], 5 figures: ``printed_4sf``) and Crane prints $83 970/yr (``printed_3sf``; the exact product
  is $84 033, 0.08 % above Crane's rounded intermediate figures).
* 7-32: 60 degF water (vapour pressure 0.256 psia) in a tank at 5 psig with its level 25 ft below the
  pump suction and 6 ft of suction losses; NPSHa = 13.89 ft ([C], ``printed_4sf``).

Inputs are entered in Crane's US units.
"""
from retrofit.cooling.pumps import (
    affinity_flow,
    affinity_head,
    affinity_power,
    electric_power,
    npsh_available,
    shaft_power,
)
from retrofit.testing import tolerance
from retrofit.units import Q_

P3 = tolerance("printed_3sf")
P4 = tolerance("printed_4sf")


def si(value, unit, target):
    return Q_(value, unit).to(target).magnitude


def test_crane_7_33_affinity_laws():
    ratio = 1700.0 / 3500.0
    flow = affinity_flow(si(400.0, "gallon/minute", "m**3/s"), ratio)
    head = affinity_head(si(126.0, "ft", "m"), ratio)
    power = affinity_power(si(17.5, "hp", "W"), ratio)
    assert si(flow, "m**3/s", "gallon/minute") == P4.approx(194.3)
    assert si(head, "m", "ft") == P4.approx(29.73)
    assert si(power, "W", "hp") == P4.approx(2.005)


def test_crane_7_34_power_and_cost():
    density = si(62.364, "lb/ft**3", "kg/m**3")
    flow = si(700.0, "gallon/minute", "m**3/s")
    head = si(428.0, "ft", "m")
    brake = shaft_power(flow, head, 0.707, density)
    assert si(brake, "W", "hp") == P4.approx(107.06)
    electric = electric_power(brake, motor_efficiency=0.95, drive_efficiency=0.96)
    assert si(electric, "W", "hp") == P4.approx(117.39)
    cost_per_year = electric / 1e3 * 8000.0 * 0.12
    assert cost_per_year == P3.approx(83_970)


def test_crane_7_32_npsh_available():
    density = si(62.364, "lb/ft**3", "kg/m**3")
    surface = si(5.0, "psi", "Pa") + 101_325.0
    npsh = npsh_available(surface, si(0.256, "psi", "Pa"), -si(25.0, "ft", "m"), si(6.0, "ft", "m"), density)
    assert si(npsh, "m", "ft") == P4.approx(13.89)
