"""ANSI/IEEE medium-voltage breaker first-cycle (closing-and-latching) duty: the example of an EC&M article.

Source: Frank J. Mercede, "Short Circuit Current Duties of Circuit Breakers and Fuses — Part 1",
*EC&M (Electrical Construction & Maintenance)*, July 2012, read at ecmweb.com
(design/short-circuit-current-duties-circuit-breakers-and-fuses-part-1, web page 2), "First-Cycle Duty
(Constant MVA Rated Breakers)": first-cycle (momentary) duty of the Bus 2 medium-voltage breakers =
MF x Bus 2 first-cycle (momentary) symmetrical rms current = 1.6 x 8.920 kA = 14.272 kA (asymmetrical rms),
to be compared with the closing-and-latching capability in rms kA; "MF = 1.6 is applicable whenever the
first-cycle short circuit X/R ratio is less than or equal to 25"; above 25 the article gives a formula (an
image, not in the stored copy). The constant-kA (peak) paragraph that follows is cut off in the stored copy,
so only the asymmetrical rms basis is checked here.
Kind: published worked example (the first-cycle duty step): the article's Bus 2 current entered as the
Thevenin source of a bus, solved by ``solve_fault_study`` with the ``ansi`` method (E = 1.0 pu,
first-cycle network, X/R from separate R and X reductions), and the duty taken as the protection study
takes it, ``first_cycle_duty(E/X, X/R, "asymmetrical_rms", rating)``.
Tolerance: ``printed_3dp`` on the duty in kA (printed to 3 decimals; the factor 1.6 is exact in the
article's method) and on the factor; ``closed_form`` on the current through the network.
Stated differences, not fitted:

- Bus 2's X/R is not printed in the stored text; the article states only that its factor holds for X/R up to
  25. The duty is checked at X/R 5, 17 and 25, across that range: the article's answer does not depend on
  where in it Bus 2 lies.
- Bus 2's voltage is not given; 13.8 kV is entered. With E = 1.0 pu the current S″k/(√3 U) does not
  depend on it.
"""
from __future__ import annotations

import math

import pytest

from retrofit.electrical.closing_latching import first_cycle_duty
from retrofit.electrical.fault_study import FaultStudyOptions, solve_fault_study
from retrofit.electrical.network import GridBuilder
from retrofit.testing import tolerance

# --- the article's inputs -----------------------------------------------------------------------
IK_SYM_KA = 8.920                    # Bus 2, first-cycle (momentary) symmetrical rms current
BUS_V = 13.8e3                       # not given; does not enter (see the module docstring)
RATING_KA = 1.6 * 25.0               # a constant-MVA breaker's closing and latching, asymmetrical rms (any above the duty)

# --- printed results ------------------------------------------------------------------------------
PRINTED_MF, PRINTED_DUTY_KA, PRINTED_XR_LIMIT = 1.6, 14.272, 25.0


def _bus2(xr: float) -> tuple[float, float]:
    b = GridBuilder(frequency_hz=60.0)
    b.add_bus("bus 2", BUS_V)
    b.add_source("thevenin", "bus 2", sk_max_va=math.sqrt(3.0) * BUS_V * IK_SYM_KA * 1e3, rx_max=1.0 / xr)
    grid = b.build()
    result = solve_fault_study(grid, FaultStudyOptions(method="ansi", ansi_network="first_cycle"))
    i = grid.bus_index("bus 2")
    return float(result.ik3_a[i]), float(result.xr_ratio[i])


@pytest.mark.parametrize("xr", [5.0, 17.0, PRINTED_XR_LIMIT])
def test_first_cycle_duty_of_the_bus_2_breakers(xr):
    ik, xr_found = _bus2(xr)
    closed = tolerance("closed_form")
    assert ik / 1e3 == closed.approx(IK_SYM_KA) and xr_found == closed.approx(xr)
    duty = first_cycle_duty(ik, xr_found, "asymmetrical_rms", RATING_KA * 1e3)
    printed = tolerance("printed_3dp")
    assert duty.multiplying_factor == printed.approx(PRINTED_MF)
    assert duty.duty_a / 1e3 == printed.approx(PRINTED_DUTY_KA)
    assert duty.ok


def test_above_the_printed_limit_the_factor_exceeds_1_6():
    ik, xr = _bus2(40.0)
    duty = first_cycle_duty(ik, xr, "asymmetrical_rms", RATING_KA * 1e3)
    assert duty.multiplying_factor > PRINTED_MF and duty.duty_a / 1e3 > PRINTED_DUTY_KA
