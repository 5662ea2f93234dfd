"""Packaging: every subpackage ships, and the catalogs travel with the package."""
from __future__ import annotations

import tomllib
from pathlib import Path

import retrofit

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"retrofit"} | {
        "retrofit." + ".".join(p.parent.relative_to(ROOT / "retrofit").parts)
        for p in (ROOT / "retrofit").rglob("__init__.py") if p.parent != ROOT / "retrofit"
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_catalog_data_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"]["retrofit.catalogs"] == "catalogs"
    patterns = config["package-data"]["retrofit.catalogs"]
    shipped = {p for pattern in patterns for p in (ROOT / "catalogs").glob(pattern)}
    assert shipped == set((ROOT / "catalogs").rglob("*.yaml"))


def test_console_script_and_module_entry():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["retrofit"] == "retrofit.cli:main"
    assert (Path(retrofit.__file__).parent / "__main__.py").is_file()
