"""docs/plan.md: written by its generator, naming every section of the plan, its page images present and small."""
from __future__ import annotations

import re
from pathlib import Path

from retrofit.report.docs_plan import REGENERATE

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_plan_page_names_every_section_and_its_images_exist():
    text = (DOCS / "plan.md").read_text(encoding="utf-8")
    assert REGENERATE in text
    for section in ("executive summary", "existing conditions", "capacity and reuse", "proposed electrical design",
                    "floor plans", "cooling design", "calculations", "design review", "bill of materials and capex, phasing",
                    "assumptions, provenance, references", "appendix"):
        assert f"| {section}" in text, section
    images = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", text)
    assert len(images) >= 10
    for image in images:
        path = DOCS / image
        assert path.is_file(), image
        assert path.stat().st_size < 150_000, image          # 50 dpi page images stay small
