"""docs/input-format.md is the page the generator writes from the design model, byte for byte."""
from __future__ import annotations

from pathlib import Path

from retrofit.io.docs_input_format import REGENERATE, WRITTEN_AS, render_input_format
from retrofit.model import Design
from retrofit.units import DIMENSIONS, parse_quantity

PAGE = Path(__file__).resolve().parents[2] / "docs" / "input-format.md"


def test_input_format_page_is_fresh():
    expected = render_input_format()
    assert PAGE.is_file(), f"docs/input-format.md is missing; create it with `{REGENERATE}`"
    assert PAGE.read_text(encoding="utf-8") == expected, (
        f"docs/input-format.md differs from the design model; regenerate it with `{REGENERATE}` and commit it")


def test_rendering_is_deterministic():
    assert render_input_format() == render_input_format()


def test_page_names_every_field_of_every_record():
    text = render_input_format()
    seen = set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        assert f"### {model.__name__}\n" in text or model is Design
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in text, f"{model.__name__}.{name} is not documented"
            for arg in [field.annotation, *getattr(field.annotation, "__args__", ())]:
                for inner in [arg, *getattr(arg, "__args__", ())]:
                    if isinstance(inner, type) and hasattr(inner, "model_fields"):
                        visit(inner)

    visit(Design)
    assert len(seen) > 20


def test_page_lists_every_unit_kind_and_its_other_spellings_parse():
    text = render_input_format()
    assert set(WRITTEN_AS) == set(DIMENSIONS)
    for name, dim in DIMENSIONS.items():
        assert f"| {name} | `{dim.si_unit}` | `{dim.example}` |" in text
        for written in WRITTEN_AS[name]:
            parse_quantity(written, name)
