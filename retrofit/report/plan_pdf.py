"""Assemble the PDF retrofit plan from a :class:`~retrofit.report.pipeline.PlanRun`.

Order: cover; contents; executive summary; existing conditions; capacity and reuse; proposed electrical
design (with the one-line diagram); floor plans; cooling design (with the schematics); calculations;
design review; bill of materials and capex; phasing; assumptions, provenance and references; the
appendix of long schedules. A section starts on a new page unless at least :data:`SECTION_ROOM` of the page
before is left, where it follows on; drawing sheets always have pages of their own.
"""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak

from .. import __version__
from . import annual_pages, business_pages, executive, protection_pages, review_pages, schedule_pages, sections
from .backup_pages import backup_section
from .calculations import calculations
from .contingency_pages import contingency_matrix
from .planning_sections import bom_and_capex, capacity_and_reuse, phasing
from .power_quality_pages import power_quality
from .document import Metadata, PlanDocument, build_pdf
from .pipeline import PlanRun
from .review_pages import findings_csv
from .tables import TABLES_SUFFIX
from ..business.tables import programme_tables

SECTIONS = (executive.summary, sections.existing_conditions, capacity_and_reuse, sections.electrical_design,
            sections.floor_plans, sections.cooling_design, calculations, protection_pages.protection_studies, annual_pages.annual_energy, contingency_matrix,
            power_quality, backup_section,
            review_pages.design_review,
            bom_and_capex, phasing, schedule_pages.schedule_section, business_pages.business_section,
            sections.assumptions)


#: Share of the text frame's height that must be left on a page for the next section to start on it [-].
SECTION_ROOM = 0.4


def plan_metadata(run: PlanRun) -> Metadata:
    """Fixed document metadata: title, subject, author and keywords from the results, no dates."""
    site = run.results.get("site", "")
    ident = run.results.get("input") or {}
    return Metadata(
        title=f"Retrofit plan: {site}",
        subject="Conversion of an ASIC mining hall to NVIDIA GB300 NVL72 liquid-cooled racks",
        author=f"retrofit {__version__}",
        creator=f"retrofit {__version__} (retrofit plan)",
        keywords=["retrofit", "GB300 NVL72", "one-line diagram", "liquid cooling", site],
        header_left=f"Retrofit plan: {site}",
        footer_left=f"{ident.get('file') or site}"
                    + (f"  |  sha256 {ident['sha256'][:12]}" if ident.get("sha256") else "")
                    + f"  |  retrofit {__version__}",
    )


def plan_story(run: PlanRun, paper: str = "letter") -> list:
    """The flowables of the plan, in order."""
    return _story(run, paper)[0]


def _story(run: PlanRun, paper: str):
    ctx = sections.Context(run, paper)
    story = [NextPageTemplate("portrait"), *sections.cover(ctx), PageBreak(), *sections.contents(ctx)]
    for build in SECTIONS:
        part = build(ctx)
        if not (story and isinstance(story[-1], PageBreak)):
            # a section follows the one before on its page when half the page is left, else starts a new one;
            # the executive summary has its page to itself
            story.append(PageBreak() if build in SECTIONS[:2] else
                         CondPageBreak(SECTION_ROOM * PlanDocument.text_height(paper)))
        story += part
    tail = sections.appendix(ctx)
    if tail:
        if not isinstance(story[-1], PageBreak):
            story.append(PageBreak())
        story += tail
    while story and isinstance(story[-1], (PageBreak, NextPageTemplate)):
        story.pop()
    return story, ctx


def render_plan(run: PlanRun, paper: str = "letter") -> bytes:
    """The PDF plan of ``run`` as bytes: the same run gives the same bytes."""
    return build_pdf(plan_story(run, paper), plan_metadata(run), paper)


def render_plan_with_tables(run: PlanRun, paper: str = "letter") -> tuple[bytes, dict[str, str]]:
    """The PDF plan and its machine-readable tables: ``{file name: CSV text}``, every schedule the plan prints,
    whole (:func:`retrofit.export.schedules.schedule_files`: those of the appendix under the name the PDF gives
    them), and ``findings.csv`` with every finding of the review (see :func:`write_tables`)."""
    from ..export.schedules import schedule_files

    story, ctx = _story(run, paper)
    pdf = build_pdf(story, plan_metadata(run), paper)
    tables = schedule_files(ctx.printed)
    if run.results.get("review"):
        tables["findings.csv"] = findings_csv(run.results)
    tables.update(programme_tables(run.results))
    return pdf, dict(sorted(tables.items()))


def plan_schedules(run: PlanRun, paper: str = "letter") -> list:
    """Every schedule the plan prints (:class:`~retrofit.report.tables.Schedule`), in the order it prints them,
    without laying out the PDF; those of the appendix carry the name of their CSV file."""
    return _story(run, paper)[1].printed


def write_tables(tables: dict[str, str], pdf_path) -> str | None:
    """Write ``tables`` into ``<pdf path without suffix>.tables/`` beside the PDF; returns the folder (None when
    there is nothing to write)."""
    from pathlib import Path

    from ..io.atomic import write_atomic

    if not tables:
        return None
    folder = Path(pdf_path).with_suffix(TABLES_SUFFIX)
    for name, text in tables.items():
        write_atomic(folder / name, text)
    return str(folder)


__all__ = ["SECTIONS", "plan_metadata", "plan_schedules", "plan_story", "render_plan", "render_plan_with_tables", "write_tables"]
