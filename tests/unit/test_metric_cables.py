"""Metric (IEC 60228) cables through the one place a cable is rated, and the protection limit read from it."""
import pytest

from retrofit.electrical.ampacity import max_overcurrent_rating
from retrofit.electrical.conductor_check import cable_problem, rate_cable
from retrofit.electrical.metric_conductors import metric_area_mm2, metric_cable_impedance
from retrofit.model import Cable
from retrofit.testing import tolerance


def _cable(**kw):
    return Cable(**{"id": "c1", "from_bus": "a", "to_bus": "b", "length": "50 m", **kw})


@pytest.mark.parametrize("text, area", [("240 mm**2", 240.0), ("240 mm²", 240.0), ("240mm2", 240.0),
                                        ("1.5 mm^2", 1.5), ("4/0 AWG", None), ("500 kcmil", None), ("mm2", None)])
def test_metric_spellings(text, area):
    assert metric_area_mm2(text) == area


def test_metric_cable_rating_uses_the_iec_table_and_the_stated_ampacity():
    rating = rate_cable(_cable(size="240 mm**2", ampacity="424 A", sets=2))
    z = metric_cable_impedance(240.0, "copper", "pvc", 50.0)
    assert rating.r_ohm == tolerance("closed_form").approx(z.r_ohm)
    assert rating.x_ohm == tolerance("closed_form").approx(z.x_ohm)
    assert rating.ampacity.ampacity_a == 424.0 and rating.ampacity.total_a == 848.0
    assert rating.ampacity.limited_by == "stated" and rating.mv_ampacity is None


def test_given_r_and_x_replace_the_tables():
    rating = rate_cable(_cable(size="630 mm**2", ampacity="900 A", r_per_length="0.04 ohm/km",
                               x_per_length="0.09 ohm/km"))
    assert rating.r_ohm == tolerance("closed_form").approx(0.002) and rating.x_ohm == tolerance("closed_form").approx(0.0045)


def test_metric_size_outside_table_9_needs_its_reactance():
    field, message = cable_problem(_cable(size="630 mm**2", ampacity="900 A"))
    assert field == "x_per_length" and "give x_per_length" in message


def test_unlisted_metric_size_is_refused_with_near_sizes():
    field, message = cable_problem(_cable(size="241 mm**2", ampacity="424 A"))
    assert field == "size" and "240 mm²" in message


def test_medium_voltage_metric_cable_is_left_untested():
    rating = rate_cable(_cable(size="240 mm**2", voltage_rating="15 kV", insulation_rating="105 degC"))
    assert rating.ampacity is None and "metric size" in rating.mv_ampacity


@pytest.mark.parametrize("size", ["240 mm**2", "240 mm²"])
def test_protection_limit_of_a_metric_cable(size):
    assert max_overcurrent_rating(424.0, size, "copper") == (450.0, "NEC 240.4(B)")
