"""The command line imports only what a command needs.

``--help``, ``--version``, ``catalog`` and ``schema`` must not load CoolProp, scipy's optimisers,
reportlab or pandas (several seconds of CPU between them); the commands that compute import them when
they run. Checked in a fresh interpreter, since the test session itself has imported everything.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("CoolProp", "scipy.optimize", "reportlab", "pandas", "networkx", "ezdxf", "openpyxl")

PROBE = """
import json, sys
import retrofit.cli as cli
try:
    cli.main({args!r})
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["catalog", "list"], ["catalog", "show", "gb300-nvl72"],
                                  ["schema"], ["plan", "--help"], ["check", "--help"], ["init", "--help"]],
                         ids=lambda a: " ".join(a))
def test_light_commands_import_nothing_heavy(args):
    run = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True,
                         text=True, check=False)
    loaded = json.loads(run.stderr.strip().splitlines()[-1])
    assert loaded == [], f"retrofit {' '.join(args)} imported {loaded}"


def test_validate_loads_no_property_model_or_solver():
    """``validate`` checks coolant ranges and rated flows without CoolProp and builds no solver; its
    topology rules use networkx, so that one is allowed here."""
    args = ["validate", "examples/washington-18mw/proposed.yaml"]
    run = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True,
                         text=True, check=False, cwd=__file__.rsplit("/tests/", 1)[0])
    loaded = json.loads(run.stderr.strip().splitlines()[-1])
    assert [m for m in loaded if m != "networkx"] == [], f"retrofit validate imported {loaded}"
