"""Paths of the example sites the planning tests use (a module of its own: test modules import it, and
conftest.py files, which pytest loads by path, are not meant to be imported)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WASHINGTON = ROOT / "examples" / "washington-18mw" / "site.yaml"
PANTHER = ROOT / "examples" / "panther-creek-350mw" / "site.yaml"
PILOT = ROOT / "examples" / "pilot-hall" / "design.yaml"
SMALL = Path(__file__).resolve().parent / "data" / "small-site.yaml"
