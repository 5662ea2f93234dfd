"""The typed results of ``retrofit.analyze``: each DataFrame against the JSON ``retrofit analyze --json`` writes.

The notebook session of docs/api.md is run as written (its printed outputs compared with the page), and
every cell of every frame is looked up in the JSON by the path its column names in
``frame.attrs["sources"]``; the CLI's JSON file is compared with ``Results.to_json()`` byte for byte.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

import retrofit
from retrofit import cli
from retrofit.results import FRAME_NAMES, FRAMES, Results

ROOT = Path(__file__).resolve().parents[2]
PILOT = ROOT / "examples" / "pilot-hall" / "design.yaml"
SECTION = "## Results as DataFrames"


def _session_cells() -> list[tuple[str, str]]:
    """(code, printed output) of each cell of the notebook session in docs/api.md that shows its output."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    text = text[text.index(SECTION):]
    blocks = re.findall(r"```(python|text)\n(.*?)```", text, flags=re.S)
    return [(code, out) for (kind, code), (next_kind, out) in zip(blocks, blocks[1:])
            if kind == "python" and next_kind == "text"]


@pytest.fixture(scope="module")
def session():
    """Run the docs' session; returns its namespace and, per cell, what it printed and what the page shows."""
    import pandas as pd

    namespace: dict = {}
    shown = []
    with pd.option_context("display.width", 80, "display.max_columns", 20):
        for code, out in _session_cells():
            lines = code.strip().splitlines()
            exec(compile("\n".join(lines[:-1]), "docs/api.md", "exec"), namespace)  # noqa: S102 - our own docs
            value = eval(compile(lines[-1], "docs/api.md", "eval"), namespace)  # noqa: S307
            shown.append((str(value), out))
    return namespace, shown


def _rstrip(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def test_docs_session_prints_what_the_page_shows(session):
    _, shown = session
    assert len(shown) >= 5
    for printed, page in shown:
        assert _rstrip(printed) == _rstrip(page)


def _records(data: dict, path: str) -> dict[str, dict]:
    """Every record of the JSON table at ``path`` keyed by id (a ``*`` part ranges over a level of ids)."""
    found: dict[str, dict] = {}

    def walk(node, parts):
        if not parts:
            found.update(node)
            return
        if parts[0] == "*":
            for value in node.values():
                walk(value, parts[1:])
        elif parts[0] in node:
            walk(node[parts[0]], parts[1:])

    walk(data, path.split("."))
    return found


def _lookup(record: dict, column: str):
    """The value of a flattened column in a nested record (``feeds_A_vm_pu`` → record["feeds"]["A"]["vm_pu"])."""
    if column in record:
        return record[column]
    for key, value in record.items():
        if isinstance(value, dict) and column.startswith(f"{key}_"):
            return _lookup(value, column[len(key) + 1:])
    return None  # a field this record does not have: an empty cell


def _same(cell, value) -> bool:
    if value is None:
        return cell is None or (isinstance(cell, float) and math.isnan(cell))
    if isinstance(value, float) or isinstance(cell, float):
        return float(cell) == float(value)
    if isinstance(value, list):
        return list(cell) == value
    return cell == value


def test_every_cell_is_the_json_value(session):
    namespace, _ = session
    res: Results = namespace["res"]
    data = json.loads(res.to_json())
    checked = 0
    for name in FRAME_NAMES:
        frame = getattr(res, name)
        assert not frame.empty, name
        assert frame.index.is_unique and frame.index.name == "id"
        sources = frame.attrs["sources"]
        assert set(sources) == set(frame.columns)
        spec = next(f for f in FRAMES if f.name == name)
        for element_id, row in frame.iterrows():
            for column, cell in row.items():
                table = _records(data, sources[column])
                if column in {t.level for t in spec.tables if t.level}:
                    assert element_id in table
                    continue
                if element_id not in table:  # a row that this table does not give (racks without feeds)
                    assert _same(cell, None), (name, element_id, column)
                    continue
                assert _same(cell, _lookup(table[element_id], column)), (name, element_id, column, cell)
                checked += 1
    assert checked > 1000
    # the rows of each frame are every record of its first table (filtered where the frame says so)
    assert list(res.buses.index) == sorted(data["electrical"]["load_flow"]["buses"])
    assert list(res.transformers.index) == sorted(k for k, v in data["electrical"]["load_flow"]["branches"].items()
                                                  if v["kind"] == "transformer")
    assert len(res.pipes) == sum(len(loop["pipes"]) for loop in data["cooling"]["loops"].values())
    assert res.pipes.loc["cdu-1.branch_supply", "loop"] == "fw-1"


def test_cli_json_is_to_json(session, tmp_path, capsys):
    namespace, _ = session
    res: Results = namespace["res"]
    out = tmp_path / "pilot.json"
    assert cli.main(["analyze", str(PILOT), "--json", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == res.to_json()
    loaded = retrofit.load_results(out)
    assert loaded.to_json() == res.to_json()
    assert loaded.buses.equals(res.buses)
    assert res["pue"]["pue"] == res.pue == loaded.pue


def test_findings_from_a_plan_json_and_bad_files(tmp_path):
    data = {"electrical": {}, "review": {"findings": [
        {"rule_id": "ELEC-X", "status": "fail", "elements": ["tx-1"], "message": "m", "evidence": [],
         "waiver": {"reason": "r"}},
        {"rule_id": "COOL-Y", "status": "pass", "elements": [], "message": "", "evidence": []}]}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    findings = retrofit.load_results(path).findings
    assert list(findings["rule_id"]) == ["ELEC-X", "COOL-Y"]
    assert findings.loc[0, "waiver_reason"] == "r"
    assert retrofit.load_results(path).buses.empty
    (tmp_path / "other.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(retrofit.RetrofitError, match="not a results file"):
        retrofit.load_results(tmp_path / "other.json")
    with pytest.raises(KeyError, match="the frames are"):
        Results({}).frame("nothing")
