"""Two-way (punching) shear strength of a slab without shear reinforcement, ACI 318 Table 22.6.5.2.

Source: Computers & Structures, Inc., SAFE Verification Manual, Version 12, ISO SAF120108M6 Rev. 4
(Berkeley, December 2010), Example ACI 318-08 RC-PN-001 "Slab Punching Shear Design", Table 1
"Comparison of Design Results for Punching Shear at Grid B-2" (page RC-PN-001-2): calculated punching
shear capacity 0.158 ksi for a 10 in. flat slab, f'c = 4,000 psi normal-weight concrete, interior columns
12 in. x 36 in. (problem description, page RC-PN-001-1). The same example for ACI 318-14 (SAFE Software
Verification, Example ACI 318-14 RC-PN-001, revision 0, undated) prints the same 0.158 ksi.
Kind: published worked example (hand calculation printed beside the program's result).
Tolerance: half a unit of the last printed digit, 0.0005 ksi (the capacity is printed to 0.001 ksi).

The printed capacity is phi v_c with phi = 0.75 and v_c the least of the three expressions of ACI
318-14 Table 22.6.5.2, unchanged in ACI 318-19 except for the size-effect factor lambda_s, which is 1
for d <= 10 in. With beta = 36/12 = 3, expression (b), (2 + 4/beta) sqrt(f'c), governs. The example's
effective depth is not among the printed values used here: the test runs d over the range a 10 in.
slab can have (7.5 to 9 in.), in all of which (b) governs and the printed capacity must come out.
"""
from __future__ import annotations

import pytest

from retrofit.layout.slab import PHI_SHEAR, two_way_shear_stress

PRINTED_CAPACITY_KSI = 0.158
FC_PSI = 4000.0
COLUMN_IN = (12.0, 36.0)


@pytest.mark.parametrize("d_in", [7.5, 8.0, 8.5, 9.0])
def test_capacity_at_grid_b2(d_in):
    b0 = 2 * (COLUMN_IN[0] + d_in) + 2 * (COLUMN_IN[1] + d_in)
    vc_psi, governing = two_way_shear_stress(FC_PSI, d_in, b0, beta=COLUMN_IN[1] / COLUMN_IN[0], alpha_s=40.0,
                                             units="inch-pound")
    assert governing == "b"
    assert PHI_SHEAR * vc_psi / 1000.0 == pytest.approx(PRINTED_CAPACITY_KSI, abs=0.0005)
