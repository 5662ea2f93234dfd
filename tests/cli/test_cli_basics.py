"""The command line: validate, catalog list/show, schema, --help of every command, and exit statuses.

Exit statuses: 0 success, 1 a design check failed, 2 bad input (or bad usage), 3 an internal error.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrofit import __version__, cli
from retrofit.cli import main
from retrofit.io.load import load
from retrofit.io.schema import design_json_schema

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


# --- validate ------------------------------------------------------------------------------------

def test_validate_pilot(capsys):
    assert main(["validate", str(PILOT)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{PILOT}: valid")
    design = load(PILOT)
    assert f'site "{design.site.name}"' in out
    assert f"{sum(group.count for group in design.loads.racks)} racks" in out
    assert err == ""


def test_validate_needs_a_file(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "the following arguments are required: file" in capsys.readouterr().err


def test_validate_pilot_as_a_subprocess():
    run = subprocess.run([sys.executable, "-m", "retrofit", "validate", str(PILOT)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "valid" in run.stdout


# --- catalog -------------------------------------------------------------------------------------

def test_catalog_list(capsys):
    assert main(["catalog", "list"]) == 0
    out = capsys.readouterr().out
    assert "gb300-nvl72" in out
    assert "moses-lake-wa" in out


def test_catalog_list_of_one_kind(capsys):
    assert main(["catalog", "list", "rack"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("gb300-nvl72 ") for line in lines)
    assert all(line.split()[1] == "rack" for line in lines)


def test_catalog_list_unknown_kind(capsys):
    assert main(["catalog", "list", "racks"]) == 2
    err = capsys.readouterr().err
    assert "unknown kind 'racks'" in err
    assert "rack, miner" in err


def test_catalog_show(capsys):
    assert main(["catalog", "show", "gb300-nvl72"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gb300-nvl72 — ")
    assert "kind: rack" in out
    assert "p_design" in out


def test_catalog_show_json(capsys):
    assert main(["catalog", "show", "moses-lake-wa", "--json"]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["id"] == "moses-lake-wa"
    assert entry["kind"] == "climate"
    assert "cooling_db_04" in entry["data"]
    assert set(entry["provenance"]) == set(entry["data"])


def test_catalog_show_unknown_id_suggests_near_ones(capsys):
    assert main(["catalog", "show", "gb300-nvl27"]) == 2
    err = capsys.readouterr().err
    assert "unknown catalog id 'gb300-nvl27'" in err
    assert "did you mean 'gb300-nvl72'" in err
    assert "Traceback" not in err


# --- schema --------------------------------------------------------------------------------------

def test_schema_to_stdout(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json.loads(json.dumps(design_json_schema()))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"site", "utility", "electrical", "loads", "cooling", "halls", "goal"} <= set(schema["properties"])
    assert schema["$defs"]["Transformer"]["properties"]["rating"]["x-dimension"] == "apparent power"


def test_schema_to_file(tmp_path, capsys):
    target = tmp_path / "out" / "design.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    main(["schema"])
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out


# --- help, version, usage errors -----------------------------------------------------------------

def test_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: retrofit")
    for name in _subcommands(cli._parser()):
        assert name in out


@pytest.mark.parametrize("name", sorted(_subcommands(cli._parser())))
def test_help_of_each_command(name, capsys):
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: retrofit {name}")
    assert len(out.splitlines()) > 3


@pytest.mark.parametrize("action", ["list", "show"])
def test_help_of_catalog_actions(action, capsys):
    with pytest.raises(SystemExit) as info:
        main(["catalog", action, "--help"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: retrofit catalog {action}")


def test_every_command_runs_something():
    handled = set(cli._COMMANDS)
    for module in cli._command_modules():
        handled |= set(module.COMMANDS)
    assert set(_subcommands(cli._parser())) <= handled


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"retrofit {__version__}"


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert capsys.readouterr().out.startswith("usage: retrofit")


def test_unknown_command(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_help_as_a_subprocess():
    run = subprocess.run([sys.executable, "-m", "retrofit", "--help"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0
    assert run.stdout.startswith("usage: retrofit")


# --- internal errors -----------------------------------------------------------------------------

def _crash(args):
    raise ZeroDivisionError("division by zero")


def test_internal_error_exits_3_without_traceback(monkeypatch, capsys):
    monkeypatch.setitem(cli._COMMANDS, "validate", _crash)
    monkeypatch.delenv("RETROFIT_DEBUG", raising=False)
    assert main(["validate", str(PILOT)]) == 3
    err = capsys.readouterr().err
    assert "internal error (a bug in retrofit, please report it): ZeroDivisionError: division by zero" in err
    assert "RETROFIT_DEBUG=1" in err
    assert "Traceback" not in err


def test_internal_error_raises_when_debugging(monkeypatch):
    monkeypatch.setitem(cli._COMMANDS, "validate", _crash)
    monkeypatch.setenv("RETROFIT_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["validate", str(PILOT)])


def test_model_on_a_list_without_catalog_is_an_error(tmp_path):
    """``model`` on a cable (no cable catalog) would be silently ignored; it is refused instead."""
    from pathlib import Path

    import retrofit
    from retrofit.errors import InputError

    text = Path("examples/pilot-hall/design.yaml").read_text().replace(
        "{id: c-mech-a, from_bus", "{id: c-mech-a, model: thhn-500, from_bus")
    with pytest.raises(InputError) as err:
        retrofit.load_text(text, "design.yaml")
    assert "cables have no catalog" in str(err.value)
