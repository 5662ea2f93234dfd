"""Broken design files give one screen that names the file, the line, the field and what is wrong.

Every file in ``tests/cli/broken/`` holds one mistake (its first comment says which), made either in the
pilot hall example or in a minimal design that is otherwise valid. Each is run through
``retrofit validate`` in-process (exit status 2, no traceback) and through the loader (exactly the
problems listed here, with their line and field path); a few also run as a real subprocess to prove
the exit status the shell sees.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from retrofit.cli import main
from retrofit.errors import InputError
from retrofit.io.load import load, load_text

BROKEN = Path(__file__).resolve().parent / "broken"

# file -> the problems it must produce: (line, field path, fragments of the message)
EXPECTED: dict[str, list[tuple[int, str, list[str]]]] = {
    "wrong-dimension-rating.yaml": [
        (24, "electrical.transformers[0].rating", ['"2500 kW" is an active power', "expected apparent power",
                                                    '"2500 kVA"'])],
    "temperature-for-difference.yaml": [
        (112, "cooling.cdus[0].approach", ['"5 degC" is a temperature', "expected temperature difference"])],
    "difference-for-temperature.yaml": [
        (164, "cooling.heat_rejection[0].t_ambient_rated",
         ['"25 delta_degC" is a temperature difference', "expected temperature such as"])],
    "below-absolute-zero.yaml": [
        (166, "cooling.heat_rejection[0].t_fluid_out_rated", ['"-320 degC" is below absolute zero'])],
    "no-unit.yaml": [
        (26, "electrical.transformers[0].v_secondary", ["415 has no unit", "expected voltage such as"])],
    "unknown-unit.yaml": [
        (24, "electrical.transformers[0].rating", ['unknown unit "kVB"', "expected apparent power"])],
    "not-a-number.yaml": [
        (14, "utility.sk", ['"lots MVA" is not a number with a unit', "expected apparent power"])],
    "unknown-key.yaml": [
        (27, "electrical.transformers[0].z_percnt", ['unknown field "z_percnt"', 'did you mean "z_percent"?'])],
    "unknown-section.yaml": [
        (32, "generators", ['unknown field "generators"',
                            "expected one of version, site, utility, electrical, loads, cooling, halls, goal"])],
    "misspelt-section.yaml": [
        (174, "hals", ['unknown field "hals"', 'did you mean "halls"?'])],
    "unknown-catalog-id.yaml": [
        (84, "loads.racks[1].model", ["unknown rack catalog id 'gb300-nvl27'", "did you mean 'gb300-nvl72'"])],
    "unknown-climate.yaml": [
        (7, "site.climate", ["unknown climate catalog id 'moses-lake'", "did you mean 'moses-lake-wa'"])],
    "missing-bus.yaml": [
        (23, "electrical.transformers[0].lv_bus", ['"swbd-c" is not the id of any element',
                                                   "expected one of the buses", 'did you mean "swbd-a"?'])],
    "reference-wrong-kind.yaml": [
        (30, "electrical.breakers[0].protects", ['"swbd-a" is in electrical.buses',
                                                 "expected one of the transformers or cables"])],
    "duplicate-id.yaml": [
        (20, "electrical.buses[2].id", ['duplicate id "swbd-a"', "first used at electrical.buses[1], line 19"])],
    "duplicate-key.yaml": [
        (26, "electrical.transformers[0].rating", ['duplicate key "rating"', "first given on line 24"])],
    "yaml-bad-indentation.yaml": [
        (23, "", ["YAML syntax error", "mapping values are not allowed here", "check the indentation"])],
    "yaml-unclosed-bracket.yaml": [
        (19, "", ["YAML syntax error", "flow mapping (begun on line 18)", "expected ',' or '}'"])],
    "yaml-tab.yaml": [
        (22, "", ["YAML syntax error", "a tab; YAML indents with spaces"])],
    "empty.yaml": [
        (1, "", ["the file is empty", "expected a YAML mapping"])],
    "list-for-mapping.yaml": [
        (5, "site", ["found a list", "expected a mapping of fields"])],
    "mapping-for-list.yaml": [
        (18, "electrical.buses", ["found a mapping", "expected a list"])],
    "wrong-literal.yaml": [
        (30, "electrical.breakers[0].kind", ["found 'mccb2'", "expected one of 'mv_breaker', 'lvpcb', 'iccb', "
                                                               "'mccb' or 'fuse'"])],
    "negative-count.yaml": [
        (162, "cooling.heat_rejection[0].count", ["found -3", "expected greater than or equal to 1"])],
    "pumps-running-exceed.yaml": [
        (122, "cooling.cdus[0].pumps_running", ["3 running", "expected at most the 2 installed"])],
    "rack-positions-mismatch.yaml": [
        (84, "loads.racks[0].positions", ["2 positions", "expected one per rack (6)"])],
    "rack-on-facility-loop.yaml": [
        (84, "loads.racks[1].tcs_loop", ['loop "fw-1" is a facility loop', "expected a tcs loop"])],
    "cdu-loops-swapped.yaml": [
        (126, "cooling.cdus[1].facility_loop", ['loop "tcs-1" is a tcs loop', "expected a facility loop"]),
        (127, "cooling.cdus[1].tcs_loop", ['loop "fw-1" is a facility loop', "expected a tcs loop"])],
    "unknown-coolant.yaml": [
        (99, "cooling.loops[1].coolant", ['unknown coolant "glycol"', "expected a coolant of the catalog",
                                          "PG<nn> or EG<nn>"])],
    "missing-required-field.yaml": [
        (21, "electrical.transformers[0].v_secondary", ["missing required field", "rated secondary voltage",
                                                        "catalog `model`"])],
    "missing-section.yaml": [
        (3, "utility", ["missing required field"])],
    "not-utf8.yaml": [
        (4, "", ["not UTF-8 text", "byte 0xe9 in column 19", "expected a file saved as UTF-8"])],
    "control-character.yaml": [
        (5, "", ["control character U+0007 in column 16", "expected printable text"])],
    "undefined-alias.yaml": [
        (25, "", ["YAML syntax error", "undefined alias 'mv'"])],
    "recursive-alias.yaml": [
        (6, "site.location[0]", ["alias refers to a value that contains it"])],
    "merge-key.yaml": [
        (19, "electrical.buses[1]", ["YAML merge keys (<<) are not supported"])],
    "two-documents.yaml": [
        (32, "", ["more than one YAML document", "expected one"])],
    "id-with-spaces.yaml": [
        (21, "electrical.transformers[0].id", ["found 'tx a'", "expected an id of letters, digits"]),
        # references are checked in the same pass as the schema
        (30, "electrical.breakers[0].protects", ['"tx-a" is not the id of any element', 'did you mean "tx a"?'])],
    "same-bus-both-feeds.yaml": [
        (83, "loads.racks[0].feeds", ["the same bus is listed twice", "one bus per power path"])],
    "transformer-same-bus.yaml": [
        (23, "electrical.transformers[0].lv_bus", ['"mv-main" is also the primary bus', "expected another bus"])],
    "number-for-text.yaml": [
        (84, "loads.racks[1].row", ["found 2, which YAML reads as a number", 'write it in quotes, "2"'])],
    "top-level-list.yaml": [
        (1, "", ["the document is a list", "expected a mapping with site, utility"])],
}


def _where(path: Path, line: int, field: str) -> str:
    return f"{path}:{line}: {field}: " if field else f"{path}:{line}: "


def test_every_broken_file_is_checked_and_says_what_is_wrong():
    files = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert len(files) >= 30
    assert files == sorted(EXPECTED)
    for name in files:
        assert (BROKEN / name).read_bytes().startswith(b"# Wrong: "), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_each_problem_on_one_screen(name, capsys):
    path = BROKEN / name
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    expected = EXPECTED[name]
    problem_lines = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(problem_lines) == len(expected), err
    for (line, field, fragments), printed in zip(expected, problem_lines):
        assert printed.startswith("  " + _where(path, line, field)), err
        for fragment in fragments:
            assert fragment in printed, f"{fragment!r} not in {printed!r}"
    assert len(err.splitlines()) <= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_raises_input_error_with_line_and_field(name):
    path = BROKEN / name
    with pytest.raises(InputError) as info:
        load(path)
    found = [(p.path, p.line, p.field) for p in info.value.problems]
    assert found == [(str(path), line, field) for line, field, _ in EXPECTED[name]]


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "no-such-design.yaml"
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: file not found" in err
    assert "Traceback" not in err


def test_directory(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}: is a directory; expected a YAML file" in err
    assert "Traceback" not in err


def test_zero_byte_file(tmp_path, capsys):
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:1: the file is empty" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["wrong-dimension-rating.yaml", "yaml-tab.yaml", "unknown-catalog-id.yaml"])
def test_exit_status_seen_by_the_shell(name):
    path = BROKEN / name
    run = subprocess.run([sys.executable, "-m", "retrofit", "validate", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    line, field, fragments = EXPECTED[name][0]
    assert _where(path, line, field) in run.stderr
    assert fragments[0] in run.stderr


def test_missing_file_exit_status_seen_by_the_shell(tmp_path):
    run = subprocess.run([sys.executable, "-m", "retrofit", "validate", str(tmp_path / "absent.yaml")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "file not found" in run.stderr
    assert "Traceback" not in run.stderr


def test_many_problems_fit_one_screen(tmp_path, capsys):
    pilot = BROKEN.parents[2] / "examples" / "pilot-hall" / "design.yaml"
    path = tmp_path / "many.yaml"
    path.write_text(pilot.read_text(encoding="utf-8").replace(" kA", " kAh").replace(" m,", " q,"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "error: 25 problems in the input:"
    assert len(err) == 26
    assert err[-1].startswith(f"  {path}: ... and ")
    assert err[-1].endswith(" more problems not shown; correct these and run again")
    lines = [int(line.split(":")[1]) for line in err[1:-1]]
    assert lines == sorted(lines)


# --- messages for mistakes made in memory rather than in files ------------------------------------

def _pilot_with(old: str, new: str) -> str:
    text = (BROKEN.parents[2] / "examples" / "pilot-hall" / "design.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def _only_problem(text: str):
    with pytest.raises(InputError) as info:
        load_text(text, "design.yaml")
    assert len(info.value.problems) == 1, info.value
    return info.value.problems[0]


def test_missing_word_choice_lists_the_words_and_no_catalog_hint():
    text = _pilot_with("    - id: tcs-1\n      kind: tcs\n", "    - id: tcs-1\n")
    p = _only_problem(text)
    assert (p.line, p.field) == (_line_of(text, "    - id: tcs-1"), "cooling.loops[0].kind")
    assert p.message == "missing required field; expected 'tcs' or 'facility'"


@pytest.mark.parametrize("value, fragment", [
    ("yes", "found a yes/no value (YAML reads an unquoted yes, no, on, off, true or false so)"),
    ("2024", 'found 2024, which YAML reads as a number; expected text: write it in quotes, "2024"'),
    ("[a, b]", "found a list; expected text"),
])
def test_text_fields_say_how_to_quote(value, fragment):
    text = _pilot_with("  name: Pilot hall\n", f"  name: {value}\n")
    p = _only_problem(text)
    assert (p.line, p.field) == (_line_of(text, f"  name: {value}"), "site.name")
    assert fragment in p.message


def test_odd_key_stays_on_one_line():
    p = _only_problem(_pilot_with("  id: utility\n", '  id: utility\n  "volt\\tage": 13.8 kV\n'))
    assert p.field == 'utility["volt\\tage"]'
    assert p.message.startswith('unknown field "volt\\tage"; did you mean "voltage"?')
    assert "\n" not in str(p) and "\t" not in str(p)
