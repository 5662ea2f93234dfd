"""``retrofit plan``: the files it writes (the PDF, the JSON the PDF prints from, the proposed design), its
exit statuses, its help, its stages logged, and no half-written PDF when rendering fails.
"""
from __future__ import annotations

import json
import logging

import pytest

from report_paths import PILOT
from retrofit.cli import main
from retrofit.io.load import load
from retrofit.io.results import results_json
from retrofit.report.pipeline import Progress


def test_plan_writes_the_pdf_and_the_json_it_prints_from(tmp_path, capsys, pilot_run, pilot_pdf, monkeypatch):
    # the pipeline is the session's (test_plan_pdf runs the command line for real in another process)
    import retrofit.report.pipeline as pipeline

    import retrofit.report.plan_pdf as plan_pdf

    monkeypatch.setattr(pipeline, "run_plan", lambda *args, **kwargs: pilot_run)
    monkeypatch.setattr(plan_pdf, "render_plan_with_tables",
                        lambda run, paper="letter": (pilot_pdf if run is pilot_run else b"", {}))
    pdf, js = tmp_path / "out" / "plan.pdf", tmp_path / "results.json"
    assert main(["--quiet", "plan", str(PILOT), "-o", str(pdf), "--json", str(js)]) == pilot_run.results["review"][
        "verdict"]["exit_status"]
    out, err = capsys.readouterr()
    assert out.startswith(f"{PILOT}: {pilot_run.results['mode']['reason']}\nplan written to {pdf}, {js}; review ")
    assert err == ""
    assert pdf.read_bytes() == pilot_pdf
    assert js.read_text(encoding="utf-8") == results_json(pilot_run.results)
    data = json.loads(js.read_text(encoding="utf-8"))
    assert {"site", "electrical", "cooling", "pue", "existing", "assumptions", "provenance", "input", "parts"} <= set(data)
    assert data["input"]["file"] == "design.yaml" and len(data["input"]["sha256"]) == 64
    assert not list(tmp_path.glob("**/.*.tmp"))          # written through a temporary file, renamed


def test_design_out(tmp_path, capsys, pilot_run, monkeypatch):
    import retrofit.report.pipeline as pipeline

    import retrofit.report.plan_pdf as plan_pdf

    monkeypatch.setattr(pipeline, "run_plan", lambda *args, **kwargs: pilot_run)
    monkeypatch.setattr(plan_pdf, "render_plan_with_tables", lambda run, paper="letter": (b"%PDF-", {}))
    target = tmp_path / "proposed.yaml"
    assert main(["plan", str(PILOT), "-o", str(tmp_path / "plan.pdf"), "--design-out", str(target),
                 "--no-contingencies"]) == pilot_run.results["review"]["verdict"]["exit_status"]
    written = load(target)
    assert written.site.name == pilot_run.analysed.site.name
    assert sum(g.count for g in written.loads.racks) == sum(g.count for g in pilot_run.analysed.loads.racks)


def test_bad_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: {name: x}\n", encoding="utf-8")
    out = tmp_path / "plan.pdf"
    assert main(["plan", str(bad), "-o", str(out)]) == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists()


def test_output_is_required(capsys):
    with pytest.raises(SystemExit) as info:
        main(["plan", str(PILOT)])
    assert info.value.code == 2
    assert "-o/--output" in capsys.readouterr().err


def test_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["plan", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "one-line diagram" in text and "--design-out" in text and "--json" in text


def test_no_partial_pdf_when_rendering_fails(tmp_path, capsys, monkeypatch, pilot_run):
    import retrofit.report.pipeline as pipeline
    import retrofit.report.plan_pdf as plan_pdf

    monkeypatch.setattr(pipeline, "run_plan", lambda *args, **kwargs: pilot_run)

    def broken(run, paper="letter"):
        raise RuntimeError("boom")

    monkeypatch.setattr(plan_pdf, "render_plan_with_tables", broken)
    out = tmp_path / "plan.pdf"
    assert main(["plan", str(PILOT), "-o", str(out), "--no-contingencies"]) == 3
    assert not out.exists() and not list(tmp_path.iterdir())
    assert "internal error" in capsys.readouterr().err


def test_progress_logs_each_stage(caplog):
    # where and how the stage lines appear is the command line's handler's (tests/cli/test_progress.py)
    with caplog.at_level(logging.INFO, logger="retrofit"):
        Progress()("planning")
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [("retrofit", logging.INFO, "planning")]
