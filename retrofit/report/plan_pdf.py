"""Assemble the PDF retrofit plan from a :class:`~retrofit.report.pipeline.PlanRun`.

Order: cover; contents; executive summary; existing conditions; capacity and reuse; proposed electrical
design (with the one-line diagram); floor plans; cooling design (with the schematics); calculations;
design review; bill of materials and capex; phasing; assumptions, provenance and references; the
appendix of long schedules. Each section starts on a new page.
"""
from __future__ import annotations

from reportlab.platypus import NextPageTemplate, PageBreak

from .. import __version__
from . import annual_pages, executive, protection_pages, review_pages, sections
from .calculations import calculations
from .contingency_pages import contingency_matrix
from .planning_sections import bom_and_capex, capacity_and_reuse, phasing
from .document import Metadata, build_pdf
from .pipeline import PlanRun

SECTIONS = (executive.summary, sections.existing_conditions, capacity_and_reuse, sections.electrical_design,
            sections.floor_plans, sections.cooling_design, calculations, protection_pages.protection_studies, annual_pages.annual_energy, contingency_matrix,
            review_pages.design_review,
            bom_and_capex, phasing, sections.assumptions)


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
    ctx = sections.Context(run, paper)
    story = [NextPageTemplate("portrait"), *sections.cover(ctx), PageBreak(), *sections.contents(ctx)]
    for build in SECTIONS:
        part = build(ctx)
        if not (story and isinstance(story[-1], PageBreak)):
            story.append(PageBreak())
        story += part
    tail = sections.appendix(ctx)
    if tail:
        if not isinstance(story[-1], PageBreak):
            story.append(PageBreak())
        story += tail
    while story and isinstance(story[-1], (PageBreak, NextPageTemplate)):
        story.pop()
    return story


def render_plan(run: PlanRun, paper: str = "letter") -> bytes:
    """The PDF plan of ``run`` as bytes: the same run gives the same bytes."""
    return build_pdf(plan_story(run, paper), plan_metadata(run), paper)


__all__ = ["SECTIONS", "plan_metadata", "plan_story", "render_plan"]
