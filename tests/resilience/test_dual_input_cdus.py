"""A CDU's second (B) bus is accepted only on a unit stated to have two power inputs.

Behaviour tests of the input rule (retrofit.io.input_rules) and of the rated-coolant names: the pilot
hall's first CDU is given a B bus, with and without ``power_inputs: 2``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.errors import InputError
from retrofit.io.load import load_text

PILOT = (Path(__file__).parents[2] / "examples" / "pilot-hall" / "design.yaml").read_text()
CDU_1 = "    - id: cdu-1\n      facility_loop: fw-1\n      tcs_loop: tcs-1\n      bus: mech-a\n"


def _pilot(extra: str) -> str:
    assert CDU_1 in PILOT
    return PILOT.replace(CDU_1, CDU_1 + extra, 1)


def _problems(text: str) -> list:
    with pytest.raises(InputError) as err:
        load_text(text, "design.yaml")
    return err.value.problems


def test_a_b_bus_on_a_unit_without_two_inputs_is_refused():
    (p,) = _problems(_pilot("      bus_b: mech-b\n"))
    assert p.field == "cooling.cdus[0].bus_b" and p.line is not None
    assert "states no power inputs" in p.message and "power_inputs: 2" in p.message


def test_a_b_bus_on_a_dual_input_unit_is_accepted():
    design = load_text(_pilot("      bus_b: mech-b\n      power_inputs: 2\n"), "design.yaml")
    cdu = design.cooling.cdus[0]
    assert (cdu.bus, cdu.bus_b, cdu.power_inputs) == ("mech-a", "mech-b", 2)
    # what the contingency study does with it: test_cross_domain.test_dual_input_cdu_survives_one_bus


def test_the_b_bus_must_differ_from_the_a_bus():
    (p,) = _problems(_pilot("      bus_b: mech-a\n      power_inputs: 2\n"))
    assert p.field == "cooling.cdus[0].bus_b" and "also the CDU's A bus" in p.message


def test_an_unknown_rated_coolant_is_refused():
    (p,) = _problems(_pilot("      coolant_fws_rated: PG95\n"))
    assert p.field == "cooling.cdus[0].coolant_fws_rated" and 'unknown coolant "PG95"' in p.message
