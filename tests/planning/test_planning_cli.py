"""The planning commands: ``retrofit size`` and ``retrofit plan-design`` (outputs and exit statuses)."""
from __future__ import annotations

import csv
import json

from retrofit.cli import main
from retrofit.io.load import load

from planning_paths import SMALL, WASHINGTON


def test_size_prints_the_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "size.json"
    assert main(["size", str(WASHINGTON), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "utility_service" in text and "bound by utility_service" in text
    data = json.loads(out.read_text())
    assert data["count_at_policy"] == 112 and data["binding_site"] == "utility_service"


def test_plan_design_writes_design_bom_json_and_phases(tmp_path, capsys):
    design_path, bom_path, json_path = tmp_path / "design.yaml", tmp_path / "bom.csv", tmp_path / "plan.json"
    status = main(["plan-design", str(SMALL), "-o", str(design_path), "--bom", str(bom_path), "--json", str(json_path),
                   "--phases-dir", str(tmp_path / "phases")])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "passes every electrical and cooling limit" in out
    proposed = load(design_path)
    assert sum(g.count for g in proposed.loads.racks if g.kind == "compute") == 24
    rows = list(csv.DictReader(bom_path.open()))
    assert rows[0].keys() >= {"item", "model", "quantity", "unit_price_usd", "price_source"}
    assert any(r["model"] == "adiabatic-cooler-1000kw" for r in rows)
    plan = json.loads(json_path.read_text())
    assert set(plan) >= {"sizing", "reuse", "selection", "layout", "bom", "phases", "verification"}
    assert all(p["checks"]["passes"] for p in plan["phases"])
    phase_files = sorted((tmp_path / "phases").glob("phase-*.yaml"))
    assert len(phase_files) == len(plan["phases"])
    for f in phase_files:
        load(f)


def test_bad_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: {name: x}\n")
    assert main(["size", str(bad)]) == 2
    assert main(["plan-design", str(bad), "-o", str(tmp_path / "o.yaml")]) == 2
    assert not (tmp_path / "o.yaml").exists()
