"""Paths the annual tests share (a module of its own: ``conftest`` is a name every test folder uses)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PILOT = ROOT / "examples" / "pilot-hall" / "design.yaml"
