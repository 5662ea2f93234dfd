"""``retrofit batch``: many sites, one row each, the same rows as ``compare`` gives a variant, every file
checked before any case runs."""
from __future__ import annotations

import csv
import json

import pytest

from retrofit.cli import main
from retrofit.io.load import load

from annual_paths import PILOT


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """The pilot hall and a copy of it under another site name (an independent second site)."""
    d = tmp_path_factory.mktemp("sites")
    text = PILOT.read_text(encoding="utf-8")
    assert "name: Pilot hall" in text
    second = d / "design.yaml"
    second.write_text(text.replace("name: Pilot hall", "name: Pilot hall B", 1), encoding="utf-8")
    return [str(PILOT), str(second)]


@pytest.fixture(scope="module")
def batch_run(two_sites, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    status = main(["-q", "batch", *two_sites, "--workers", "1", "--csv", str(out / "b.csv"), "--json",
                   str(out / "b.json"), "--design-dir", str(out / "designs")])
    return status, out


def test_one_row_per_site_in_the_order_given(batch_run, two_sites):
    status, out = batch_run
    assert status == 0
    rows = json.loads((out / "b.json").read_text(encoding="utf-8"))["rows"]
    assert [r["site"] for r in rows] == ["Pilot hall", "Pilot hall B"]
    assert [r["file"] for r in rows] == two_sites
    a, b = rows
    # the same hall under two names: every figure equal
    for key in ("racks", "pue_annual", "water_m3", "energy_mwh", "review_verdict", "hours_by_mode"):
        assert a[key] == b[key], key
    table = list(csv.DictReader(open(out / "b.csv", encoding="utf-8")))
    assert [r["site"] for r in table] == ["Pilot hall", "Pilot hall B"]
    assert float(table[0]["pue_annual"]) == a["pue_annual"]


def test_designs_written_by_site_name_and_read_back(batch_run):
    _, out = batch_run
    written = sorted(p.name for p in (out / "designs").iterdir())
    assert written == ["pilot-hall-b.yaml", "pilot-hall.yaml"]
    assert load(out / "designs" / "pilot-hall.yaml") == load(PILOT)


def test_sites_with_one_name_are_refused_before_any_case(tmp_path, capsys):
    assert main(["batch", str(PILOT), str(PILOT), "--design-dir", str(tmp_path / "d")]) == 2
    assert "distinct names" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_bad_file_names_its_line_before_any_case(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(PILOT.read_text(encoding="utf-8").replace("name: Pilot hall", "name: [", 1), encoding="utf-8")
    assert main(["batch", str(PILOT), str(bad), "--csv", str(tmp_path / "b.csv")]) == 2
    assert f"{bad}:" in capsys.readouterr().err
    assert not (tmp_path / "b.csv").exists()


def test_workers_below_one_is_bad_input(capsys):
    assert main(["batch", str(PILOT), "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
