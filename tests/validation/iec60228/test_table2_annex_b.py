"""IEC 60228 Table 2 (class 2 stranded conductors, maximum resistance at 20 degC) and the Annex B
temperature correction, as :mod:`retrofit.electrical.metric_conductors` reads and applies them.

Printed values (ohm/km at 20 degC, plain annealed copper / aluminium): 1.5 mm² 12.1 / -, 10 mm²
1.83 / 3.08, 50 mm² 0.387 / 0.641, 95 mm² 0.193 / 0.320, 240 mm² 0.0754 / 0.125, 300 mm² 0.0601 /
0.100, 630 mm² 0.0283 / 0.0469. Annex B, formulas (B.1) and (B.2): k_t = 254.5 / (234.5 + t)
= 1 / (1 + 0.00393 (t - 20)) for copper, k_t = 248 / (228 + t) = 1 / (1 + 0.00403 (t - 20)) for
aluminium, R_20 = R_t k_t.
Source: IEC 60228:2004 (3rd ed.), Conductors of insulated cables, Table 2 and Annex B, as reproduced in
GOST 22483-2012 (identical to IEC 60228:2004), Table 2 and Annex B.
Kind: published table.
Tolerance: the resistances are read back exactly (``closed_form``); the Annex B factor equals the first
printed form exactly (``closed_form``) and the second, whose coefficient 0.00393 (0.00403) is printed to
three significant figures, within ``printed_3sf``.
"""
import pytest

from retrofit.electrical.metric_conductors import load_iec60228, resistance_factor
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")
PRINTED_3SF = tolerance("printed_3sf")

PRINTED_R20 = {  # area mm² -> (copper, aluminium) ohm/km
    1.5: (12.1, None), 10: (1.83, 3.08), 50: (0.387, 0.641), 95: (0.193, 0.320), 240: (0.0754, 0.125),
    300: (0.0601, 0.100), 630: (0.0283, 0.0469),
}


@pytest.mark.parametrize("area", sorted(PRINTED_R20))
def test_table2_resistance_at_20c(area):
    table = load_iec60228()
    copper, aluminium = PRINTED_R20[area]
    assert table.r20(area, "copper") == EXACT.approx(copper)
    if aluminium is None:
        assert f"{area:g} mm²" not in table.sizes("aluminum")
    else:
        assert table.r20(area, "aluminum") == EXACT.approx(aluminium)


@pytest.mark.parametrize("t", [-20.0, 0.0, 20.0, 40.0, 75.0, 90.0, 160.0])
def test_annex_b_copper(t):
    k_t = 254.5 / (234.5 + t)
    assert resistance_factor(t, "copper") * k_t == EXACT.approx(1.0)
    assert resistance_factor(t, "copper") == PRINTED_3SF.approx(1.0 + 0.00393 * (t - 20.0))


@pytest.mark.parametrize("t", [-20.0, 0.0, 20.0, 40.0, 75.0, 90.0, 160.0])
def test_annex_b_aluminium(t):
    k_t = 248.0 / (228.0 + t)
    assert resistance_factor(t, "aluminum") * k_t == EXACT.approx(1.0)
    assert resistance_factor(t, "aluminum") == PRINTED_3SF.approx(1.0 + 0.00403 * (t - 20.0))
