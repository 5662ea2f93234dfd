"""The Washington site planned once by the command line with ``--dxf`` and ``--xlsx`` (about 15 s): the files
the export tests read back, the results JSON written beside them, and the pipeline's PlanRun."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

WASHINGTON = Path(__file__).resolve().parents[2] / "examples" / "washington-18mw" / "site.yaml"


@dataclass
class Exported:
    folder: Path
    status: int
    stdout: str
    run: object            # the PlanRun the command wrote from
    results: dict          # the results JSON the command wrote

    @property
    def dxf(self) -> Path:
        return self.folder / "dxf"

    @property
    def xlsx(self) -> Path:
        return self.folder / "schedules.xlsx"

    @property
    def tables(self) -> Path:
        return self.folder / "plan.tables"


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Exported:
    import contextlib
    import io

    import retrofit.report.pipeline as pipeline
    from retrofit.cli import main

    folder = tmp_path_factory.mktemp("washington")
    runs = []
    real = pipeline.run_plan

    def keep(*args, **kwargs):
        runs.append(real(*args, **kwargs))
        return runs[-1]

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        mp.setattr(pipeline, "run_plan", keep)
        status = main(["plan", str(WASHINGTON), "-o", str(folder / "plan.pdf"), "--json", str(folder / "results.json"),
                       "--dxf", str(folder / "dxf"), "--xlsx", str(folder / "schedules.xlsx")])
    return Exported(folder, status, out.getvalue(), runs[0],
                    json.loads((folder / "results.json").read_text(encoding="utf-8")))
