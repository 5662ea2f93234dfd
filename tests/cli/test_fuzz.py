"""Bad input never reaches the solvers: each case of issue 13 has its test, and a mutation fuzz harness.

The named cases edit the pilot hall example (one edit each) and check that ``retrofit validate`` exits 2
naming the file, the line and the field, with what was found and what was expected, before any solver
runs. The property tests mutate the examples with ``fuzz_mutations`` (the same mutations as
``benchmarks/fuzz_inputs.py``, which runs thousands of them) and run the commands in-process: every run
ends in exit 0, 1 or 2 (4 for an INCOMPLETE ``check``, ``plan`` or ``plan-design`` of a design analysed as given), never 3; every exit 2 names a line of the file;
and a file ``validate`` accepts never ends in exit 2 from a command.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_mutations import EXAMPLES, mutate
from retrofit.cli import main
from retrofit.io import yaml_source

PILOT = EXAMPLES["pilot"].read_text(encoding="utf-8")


def _edit(old: str, new: str, text: str = PILOT) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def _edit_re(pattern: str, new: str, text: str = PILOT) -> str:
    out, n = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    return out


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def _validate(tmp_path: Path, capsys, text: str) -> tuple[int, str, Path]:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    status = main(["validate", str(path)])
    return status, capsys.readouterr().err, path


def _assert_problem(err: str, path: Path, line: int, field: str, *fragments: str) -> None:
    wanted = f"{path}:{line}: {field}: " if field else f"{path}:{line}: "
    lines = [x.strip() for x in err.splitlines() if x.strip().startswith(wanted)]
    assert lines, f"no problem at {wanted!r} in:\n{err}"
    assert any(all(f in x for f in fragments) for x in lines), f"{fragments} not in {lines}"
    assert "internal error" not in err and "Traceback" not in err


# --- each case of the issue -------------------------------------------------------------------------

def test_transformer_rating_zero(tmp_path, capsys):
    text = _edit_re(r"^      rating: \d+ kVA$", "      rating: 0 kVA")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "rating: 0 kVA"), "electrical.transformers[0].rating",
                    'found "0 kVA"', "expected apparent power > 0")


def test_utility_capacity_zero(tmp_path, capsys):
    text = _edit("  capacity: 5 MVA\n", "  capacity: 0 MVA\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "capacity: 0 MVA"), "utility.capacity", 'found "0 MVA"',
                    "expected apparent power > 0")


def test_negative_cable_length(tmp_path, capsys):
    text = _edit("size: 1/0 AWG, length: 60 m,", "size: 1/0 AWG, length: -60 m,")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "length: -60 m"), "electrical.cables[0].length", 'found "-60 m"', "expected length > 0")


@pytest.mark.parametrize("scalar", ["12:30:00", "2026-13-01", "2026-01-01", "1:30", "0x1F"])
def test_yaml_11_scalars_are_text(tmp_path, capsys, scalar):
    """Times, impossible and possible dates, sexagesimal and hex numbers: the text written, refused by the
    schema as a quantity, not turned into a date or another number (and never an internal error)."""
    text = _edit("  capacity: 5 MVA\n", f"  capacity: {scalar}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, f"capacity: {scalar}"), "utility.capacity", f'"{scalar}"',
                    "expected apparent power")


def test_yaml_date_in_a_text_field_is_kept_as_written(tmp_path, capsys):
    text = _edit("  name: Pilot hall\n", "  name: 2026-13-01\n")
    status, _, _ = _validate(tmp_path, capsys, text)
    assert status == 0


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system",
                                 "!!binary aGk=", "!custom 5 MVA", "!!str 5 MVA"])
def test_yaml_tags_are_refused(tmp_path, capsys, tag):
    text = _edit("  capacity: 5 MVA\n", f"  capacity: {tag}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "  capacity: !"), "utility.capacity", "YAML tag", "is not supported")


def test_number_with_thousands_of_digits(tmp_path, capsys):
    text = _edit("  xr_ratio: 10\n", "  xr_ratio: " + "9" * 5000 + "\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "  xr_ratio: 999"), "utility.xr_ratio", "an integer of 5,000 digits",
                    f"at most {yaml_source.MAX_INTEGER_DIGITS} digits")


def test_flow_scalar_for_an_integer_count(tmp_path, capsys):
    text = _edit("count: 6, feeds: [bw-a1", "count: 'x', feeds: [bw-a1")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "count: 'x'"), "loads.racks[0].count", "found 'x'", "expected")


def test_text_for_a_number(tmp_path, capsys):
    text = _edit("  xr_ratio: 10\n", "  xr_ratio: 'y'\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "xr_ratio: 'y'"), "utility.xr_ratio", "found 'y'", "expected")


def test_disconnected_power_topology(tmp_path, capsys):
    doc = yaml.safe_load(PILOT)
    doc["electrical"]["cables"] = [c for c in doc["electrical"]["cables"] if c["id"] != "c-mech-a"]
    doc["electrical"]["breakers"] = [b for b in doc["electrical"]["breakers"] if b["protects"] != "c-mech-a"]
    text = yaml.safe_dump(doc, sort_keys=False)
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "- id: mech-a"), "electrical.buses[9].id",
                    "bus mech-a is not connected to any source", "expected a path from the utility")


def test_cyclic_power_topology(tmp_path, capsys):
    text = _edit("{id: c-mech-b, from_bus: swbd-b, to_bus: mech-b", "{id: c-mech-b, from_bus: swbd-b, to_bus: mech-a")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "id: c-mech-a,"), "electrical.cables[2].id", "closed loop",
                    "expected a radial network")


def test_huge_rack_count(tmp_path, capsys):
    text = _edit("count: 6, feeds: [bw-a1", "count: 1000000000, feeds: [bw-a1")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "count: 1000000000"), "loads.racks[0].count", "found 1,000,000,000",
                    "expected at most 5,000")


def test_more_racks_than_the_hall_holds(tmp_path, capsys):
    text = _edit("count: 6, feeds: [bw-a1", "count: 4000, feeds: [bw-a1")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "count: 4000"), "loads.racks[0].count", "m² of floor",
                    "of hall-1 can hold")


def test_pump_curve_out_of_order(tmp_path, capsys):
    text = _edit("        - {flow: 3500 L/min, head: 24 m}\n        - {flow: 5500 L/min, head: 14 m}\n",
                 "        - {flow: 5500 L/min, head: 14 m}\n        - {flow: 3500 L/min, head: 24 m}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "      curve:") + 1, "cooling.pumps[0].curve", "flows must increase")


def test_pump_curve_rising_head(tmp_path, capsys):
    text = _edit("        - {flow: 5500 L/min, head: 14 m}\n", "        - {flow: 5500 L/min, head: 34 m}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "      curve:") + 1, "cooling.pumps[0].curve", "head must fall")


def test_pump_curve_point_without_head(tmp_path, capsys):
    """The solver's 'needs as many heads as flows' is a missing field of the schema, with its line."""
    text = _edit("        - {flow: 5500 L/min, head: 14 m}\n", "        - {flow: 5500 L/min}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "{flow: 5500 L/min}"), "cooling.pumps[0].curve[2].head",
                    "missing required field")


@pytest.mark.parametrize("frequency", ["55 Hz", "400 Hz", "0 Hz", "-60 Hz"])
def test_frequency_other_than_50_or_60_hz(tmp_path, capsys, frequency):
    text = _edit("  frequency: 60 Hz\n", f"  frequency: {frequency}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "  frequency: "), "utility.frequency", f'found "{frequency}"', "50 Hz or 60 Hz")


def test_coolant_temperature_out_of_range(tmp_path, capsys):
    doc = yaml.safe_load(PILOT)
    doc["cooling"]["loops"][1]["t_supply_setpoint"] = "95 degC"
    text = yaml.safe_dump(doc, sort_keys=False)
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "t_supply_setpoint: 95 degC"), "cooling.loops[1].t_supply_setpoint",
                    'found "95 degC"', "expected temperature from 5 degC up to 70 degC")


@pytest.mark.parametrize("value, fragment", [("-inf kA", "is not a number with a unit"), ("1e400 kA", "not a finite number"), ("0 kA", "expected current > 0"),
                                             ("-5 kA", "expected current > 0")])
def test_interrupting_rating(tmp_path, capsys, value, fragment):
    text = _edit("protects: c-mv-a, kind: mv_breaker, rating: 200 A, interrupting: 25 kA}",
                 f"protects: c-mv-a, kind: mv_breaker, rating: 200 A, interrupting: {value}}}")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, f"interrupting: {value}"), "electrical.breakers[0].interrupting", fragment)


def test_metric_conductor_size_without_ampacity_is_refused_by_validate(tmp_path, capsys):
    text = _edit("size: 500 kcmil, sets: 1, length: 25 m}", "size: 240 mm**2, sets: 1, length: 25 m}")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "size: 240 mm**2"), "electrical.cables[2].ampacity", "metric (IEC 60228)",
                    "expected ampacity", "IEC 60364-5-52")


def test_metric_conductor_size_with_ampacity_analyses(tmp_path, capsys):
    """A 240 mm² cable with its stated ampacity validates and analyses like a kcmil cable."""
    text = _edit("size: 500 kcmil, sets: 1, length: 25 m}", "size: 240 mm**2, sets: 1, length: 25 m, ampacity: 424 A}")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 0, err
    out = tmp_path / "out.json"
    status, err = _run(tmp_path, capsys, ["analyze", str(path), "--json", str(out)])
    assert status in (0, 1), err
    import json

    feeders = json.loads(out.read_text())["electrical"]["feeders"]
    cable = next(f for f in feeders.values() if f.get("ampacity_per_set_a") == 424.0)
    assert cable["limited_by"] == "stated" and "ampacity_ok" in cable and "vd_percent" in cable


def test_ampacity_on_an_awg_cable_is_refused(tmp_path, capsys):
    text = _edit("size: 500 kcmil, sets: 1, length: 25 m}", "size: 500 kcmil, sets: 1, length: 25 m, ampacity: 400 A}")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "ampacity: 400 A"), "electrical.cables[2].ampacity", "expected no ampacity")


def test_unknown_conductor_size(tmp_path, capsys):
    text = _edit("size: 500 kcmil, sets: 1, length: 25 m}", "size: 99 AWG, sets: 1, length: 25 m}")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "size: 99 AWG"), "electrical.cables[2].size", "99 AWG")


def test_facility_loop_without_pump(tmp_path, capsys):
    doc = yaml.safe_load(PILOT)
    doc["cooling"]["pumps"] = []
    text = yaml.safe_dump(doc, sort_keys=False)
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "- id: fw-1"), "cooling.loops[1].id", "facility loop \"fw-1\" has no pump")


def test_schema_and_reference_problems_in_one_pass(tmp_path, capsys):
    text = _edit("  capacity: 5 MVA\n", "  capacity: lots\n")
    text = _edit("{id: c-mech-a, from_bus: swbd-a,", "{id: c-mech-a, from_bus: swbd-z,", text)
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "capacity: lots"), "utility.capacity", "not a number with a unit")
    _assert_problem(err, path, _line_of(text, "from_bus: swbd-z"), "electrical.cables[2].from_bus", '"swbd-z" is not the id of any element')


def test_problems_beyond_a_screen_are_counted(tmp_path, capsys):
    text = PILOT.replace("interrupting: 25 kA}", "interrupting: 0 kA}").replace("interrupting: 65 kA}",
                                                                               "interrupting: 0 kA}")
    text = text.replace("voltage: 415 V", "voltage: -415 V").replace("voltage: 13.8 kV", "voltage: 0 kV")
    text = text.replace("sccr: 65 kA", "sccr: 0 kA").replace("rating: 2000 A", "rating: 0 A")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    assert re.search(r"\.\.\. and \d+ more problems not shown", err)


def test_alias_bomb(tmp_path, capsys):
    bomb = "".join(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10 if i else ["1"] * 10) + "]\n" for i in range(7))
    status, err, path = _validate(tmp_path, capsys, PILOT + bomb)
    assert status == 2
    assert f"more than {yaml_source.MAX_VALUES:,} values" in err and re.search(re.escape(str(path)) + r":\d+: ", err)


def test_deep_nesting(tmp_path, capsys):
    text = _edit("  name: Pilot hall\n", "  name: " + "[" * 5000 + "]" * 5000 + "\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "  name: [[["), "site.name[0]", f"more than {yaml_source.MAX_DEPTH} levels deep")


# --- property-based: mutated examples through every command -------------------------------------------

def _run(tmp_path: Path, capsys, argv: list[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().err


def _check_run(status: int, err: str, path: Path, command: str) -> None:
    allowed = {0, 1, 2, 4} if command in ("check", "plan", "plan-design") else {0, 1, 2}
    assert status in allowed, err
    assert "internal error" not in err and "Traceback" not in err, err
    if status == 2:
        assert re.search(re.escape(str(path)) + r":\d+: ", err) or "file is empty" in err, err


COMMANDS = {"analyze": lambda p, out: ["analyze", str(p), "--no-contingencies"],
            "check": lambda p, out: ["check", str(p), "--format", "json", "-o", str(out / "check.json")],
            "size": lambda p, out: ["size", str(p)],
            "plan-design": lambda p, out: ["plan-design", str(p), "-o", str(out / "proposed.yaml"), "--no-phases",
                                           "--no-contingencies"],
            "plan": lambda p, out: ["plan", str(p), "-o", str(out / "plan.pdf"), "--no-contingencies"]}


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(example=st.sampled_from(["pilot", "pilot", "pilot", "washington-site", "washington-proposed"]),
       seed=st.integers(0, 2**32 - 1))
def test_mutated_examples_validate_or_say_where(tmp_path, capsys, example, seed):
    text, _ = mutate(EXAMPLES[example].read_text(encoding="utf-8"), random.Random(seed))
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    status, err = _run(tmp_path, capsys, ["validate", str(path)])
    _check_run(status, err, path, "validate")


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(["analyze", "analyze", "check", "size", "plan-design", "plan"]),
       seed=st.integers(0, 2**32 - 1))
def test_mutated_pilot_through_every_command(tmp_path, capsys, command, seed):
    """The pilot (the small example) through the expensive commands; validate and the command agree."""
    text, _ = mutate(PILOT, random.Random(seed))
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    v_status, v_err = _run(tmp_path, capsys, ["validate", str(path)])
    _check_run(v_status, v_err, path, "validate")
    if v_status != 0 and command in ("plan-design", "plan"):
        return  # the same load refuses it; the cheap commands already show that
    status, err = _run(tmp_path, capsys, COMMANDS[command](path, tmp_path))
    _check_run(status, err, path, command)
    if v_status == 0:
        assert status != 2, f"validate accepts but {command} exits 2:\n{err}"


# --- rules the fuzz benchmark found missing (each was an exit 2 without a line, or an exit 3) --------

def test_cdu_rated_flow_too_small_for_its_capacity(tmp_path, capsys):
    text = _edit_re(r"^      flow_tcs_rated: [\d.]+ L/min$", "      flow_tcs_rated: 2 L/min")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "flow_tcs_rated: 2 L/min"), "cooling.cdus[0].flow_tcs_rated",
                    "temperature change", "at most 30 K")


def test_heat_rejection_rating_no_unit_can_reach(tmp_path, capsys):
    text = _edit_re(r"^      capacity: 900 kW$", "      capacity: 90000 kW")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "capacity: 90000 kW"), "cooling.heat_rejection[0].capacity",
                    "rating impossible")


def test_goal_beyond_the_utility_capacity(tmp_path, capsys):
    text = _edit("  count: max\n", "  count: 1000\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "  count: 1000"), "goal.count", "MVA service")


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_plain_numbers_are_finite(tmp_path, capsys, value):
    text = _edit("  xr_ratio: 10\n", f"  xr_ratio: {value}\n")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, f"xr_ratio: {value}"), "utility.xr_ratio", "expected a finite number")


def test_plan_design_of_an_infeasible_site_exits_1_with_the_reason(tmp_path, capsys):
    """A site whose goal no catalog option can reach is a finding of the planner (exit 1), not a bug."""
    import yaml

    from retrofit.cli import main

    site = Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "site.yaml"
    data = yaml.safe_load(site.read_text(encoding="utf-8"))
    for hall in data["halls"]:
        hall["slab_rating"] = "1 kPa"  # no CDU or rack can stand on it
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    status = main(["plan-design", str(path), "-o", str(tmp_path / "out.yaml"), "--no-phases", "--no-contingencies"])
    out = capsys.readouterr().out
    assert status == 1 and "no feasible upgrade: no CDU in the catalog works at this site's conditions" in out


def test_fitting_without_a_loss_coefficient_at_its_pipe_diameter(tmp_path, capsys):
    """Found by the property test (a scaled facility main): Crane gives butterfly valves from 2 in only."""
    text = _edit("main: {length: 60 m, diameter: 254.5 mm,", "main: {length: 60 m, diameter: 25.45 mm,")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "diameter: 25.45 mm"), "cooling.loops[1].main.fittings.butterfly_valve",
                    "no loss coefficient in a 25.45 mm pipe", "from 2 in")


def test_cdu_rating_impossible_in_counterflow(tmp_path, capsys):
    """Found by the mutation fuzz: a TCS rated flow 100 times the datasheet's leaves the rating a negative
    hot-end temperature difference, which the plant solver refuses."""
    text = _edit_re(r"^      flow_tcs_rated: [\d.]+ L/min$", "      flow_tcs_rated: 212500 L/min")
    status, err, path = _validate(tmp_path, capsys, text)
    assert status == 2
    _assert_problem(err, path, _line_of(text, "approach: 5 K"), "cooling.cdus[0].approach",
                    "impossible in counterflow", "hot-end temperature difference of -6.")
