"""The design writer's flow text (retrofit.io.write.flow_text), put together from each key's and scalar's
text, is exactly what PyYAML writes for the same value dumped alone: over every record the writer lays out
for the example designs, and over scalars that PyYAML quotes, escapes or writes in another form."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrofit.io import write
from retrofit.io.load import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

TRICKY = ["a: b", "x, y", "[1]", "{k}", "", "null", "yes", "No", "~", "#tag", "a #b", "- x", "?", "é", "café crème",
          "line\nbreak", "tab\there", " lead", "trail ", "'q'", '"dq"', "1.5", "0x1F", "1e3", "2024-01-01", "*ref",
          "&anchor", "!tag", "%", "@", "`", "a" * 150, 0, -1, 10**20, 0.0, -0.0, 1.5, 1e-12, 1e300, float("inf"),
          float("-inf"), float("nan"), True, False, None,
          # words written as they are unless the resolver reads them as another type
          "cdu-h01-01", "sb01.02", "a_b", "a-", "a.", "on", "Off", "ON", "y", "n", "Y", "NULL", "Null", "True",
          "FALSE", "inf", "nan", "Inf", "NaN", "e", "E5", "x0x1"]


def _laid_out(monkeypatch, paths) -> list:
    seen = []
    fits = write._fits

    def record(value):
        seen.append(value)
        return fits(value)

    monkeypatch.setattr(write, "_fits", record)
    for path in paths:
        write.design_data(load(path))
    return seen


def test_flow_text_of_the_examples_records_is_the_dump(monkeypatch):
    values = _laid_out(monkeypatch, [EXAMPLES / "washington-18mw" / "site.yaml",
                                     EXAMPLES / "pilot-hall" / "design.yaml"])
    assert len(values) > 100
    composed = [(v, write.flow_text(v)) for v in values]
    assert sum(t is not None for _, t in composed) > 0.9 * len(values)
    for value, text in composed:
        if text is not None:
            assert text == write._trial_dump(value)


@pytest.mark.parametrize("scalar", TRICKY, ids=repr)
def test_flow_text_of_tricky_scalars_and_keys(scalar):
    for value in (write._FlowList([scalar, 1]), write._Flow({"k": scalar, "n": write._FlowList([scalar])})):
        text = write.flow_text(value)
        if text is not None:
            assert text == write._trial_dump(value)
    if isinstance(scalar, str):
        value = write._Flow({scalar: 1, "b": scalar})
        text = write.flow_text(value)
        if text is not None:
            assert text == write._trial_dump(value)
