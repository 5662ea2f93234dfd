"""``retrofit compare``: the same rows whether the cases run here, on a process pool or on a Dask cluster."""
from __future__ import annotations

import csv
import json
import logging

import pytest

from retrofit.annual.scenarios import CaseSpec, run_cases
from retrofit.annual.simulate import AnnualOptions
from retrofit.annual.tariff import Tariff
from retrofit.annual.variants import parse_variant
from retrofit.cli import main

from annual_fixtures import july, pilot, pilot_basis  # noqa: F401 - fixtures
from annual_paths import PILOT

VARIANTS = ["adiabatic:heat_rejection=adiabatic", "dry:heat_rejection=dry", "warm:t_fws=34"]


@pytest.fixture(scope="module")
def specs(july):
    options = AnnualOptions(tariff=Tariff(0.05, 6.0, 2.0))
    return [CaseSpec(str(PILOT), parse_variant(v), july, options) for v in VARIANTS]


@pytest.fixture(scope="module")
def serial(specs):
    return run_cases(specs, workers=1, progress=False)


def test_rows_in_variant_order_with_their_figures(serial):
    assert [r["variant"] for r in serial] == ["adiabatic", "dry", "warm"]
    for r in serial:
        assert "error" not in r, r
        assert r["racks"] == 12 and r["review_verdict"] in ("PASS", "FAIL", "INCOMPLETE")
        assert r["pue_annual"] > 1.0 and r["energy_cost_usd"] > 0
    adiabatic, dry, _ = serial
    assert dry["water_m3"] == 0.0 and adiabatic["water_m3"] > 0.0
    assert dry["hours_by_mode"]["adiabatic"] == 0


def test_process_pool_gives_the_serial_rows(specs, serial):
    assert run_cases(specs, workers=2, progress=False) == serial


def test_dask_local_cluster_gives_the_serial_rows(specs, serial, caplog):
    import dask
    import distributed
    # worker processes forked from this warm process, as the process pool's are: a spawned worker would
    # first pay the cold start of the coolant property tables (~10 s), which is not what this test measures
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), \
            distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                     dashboard_address=None) as cluster:
        with caplog.at_level(logging.INFO, logger="retrofit"):
            rows = run_cases(specs, scheduler=cluster.scheduler_address, progress=True)
    assert rows == serial
    assert any(m.startswith("compare: 3/3 cases done") for m in caplog.messages)


def test_cli_compare_writes_table_and_chart(tmp_path, capsys):
    out = tmp_path / "cmp"
    status = main(["compare", str(PILOT), "--variant", "adiabatic:heat_rejection=adiabatic", "--variant",
                   "dry:heat_rejection=dry", "--workers", "1", "--csv", f"{out}.csv", "--json", f"{out}.json",
                   "--chart", f"{out}.svg", "--tariff", "examples/washington-18mw/tariff.yaml"])
    assert status == 0
    rows = list(csv.DictReader(open(f"{out}.csv", encoding="utf-8")))
    assert [r["variant"] for r in rows] == ["adiabatic", "dry"]
    data = json.load(open(f"{out}.json", encoding="utf-8"))
    assert data["rows"][0]["pue_annual"] == float(rows[0]["pue_annual"])
    assert "<svg" in open(f"{out}.svg", encoding="utf-8").read()
    assert "compare: 2/2 cases done" in capsys.readouterr().err


def test_cli_annual_json(tmp_path):
    path = tmp_path / "a.json"
    assert main(["annual", str(PILOT), "--json", str(path), "--tariff", "examples/washington-18mw/tariff.yaml",
                 "--pdf", str(tmp_path / "a.pdf")]) == 0
    j = json.load(open(path, encoding="utf-8"))
    for key in ("pue_annual", "partial_pue", "water_m3", "wue_l_per_kwh", "hours_by_mode", "hours_above",
                "peak_demand_kw", "cost", "monthly", "design_point"):
        assert key in j
    assert j["weather"]["synthetic"] is True and j["cost"]["total_usd"] > 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_cli_annual_on_an_air_cooled_hall(capsys):
    # the existing Washington mining hall: no facility loop, exhaust fans and miners only
    assert main(["annual", "examples/washington-18mw/site.yaml"]) == 0
    out = capsys.readouterr().out
    assert "annual PUE" in out and "water 0 m3" in out
