"""Write the plan's drawings as DXF files: the floor plan of each hall (to scale, metres), the one-line
diagram and the cooling schematic (millimetres of the printed sheet), for CAD and BIM teams.

File names: ``floorplan.dxf`` (``floorplan-<hall>.dxf``, one per hall, when the design has several halls),
``oneline.dxf`` and ``cooling.dxf`` (absent when the design has no facility loop). Each file is written
atomically; the same plan gives the same bytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__


@dataclass
class DxfFile:
    """A DXF file written: its path, what it draws (``floorplan``, ``oneline``, ``cooling``), the hall of a
    floor plan, and the number of sheets (schematics) it holds."""

    path: Path
    kind: str
    hall: str | None = None
    sheets: list[str] = field(default_factory=list)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "hall"


def _identity(results: dict) -> str:
    ident = results.get("input") or {}
    text = f"retrofit {__version__}"
    if ident.get("file"):
        text = f"{ident['file']}" + (f", sha256 {ident['sha256'][:12]}" if ident.get("sha256") else "") + f"  |  {text}"
    return text


#: What the DXF files draw, in the order they are written.
KINDS = ("floorplan", "oneline", "cooling")


def floorplan_name(hall_id: str, several: bool) -> str:
    """File name of a hall's floor plan: ``floorplan.dxf``, or ``floorplan-<hall>.dxf`` when there are several."""
    return f"floorplan-{_safe(hall_id)}.dxf" if several else "floorplan.dxf"


def dxf_documents(run, paper: str = "letter", kinds: tuple[str, ...] = KINDS) -> list[tuple[str, object, DxfFile]]:
    """The DXF documents of the plan ``run``: ``(file name, document, record)`` for each file, not yet written.

    Parameters
    ----------
    run : PlanRun
        The plan's pipeline output (:func:`retrofit.report.pipeline.run_plan`).
    paper : str
        ``letter`` or ``a4``: the sheet the schematics are laid out on, as in the PDF.
    kinds : tuple of str
        Which drawings, among :data:`KINDS`.
    """
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown DXF drawing {', '.join(unknown)}; expected one of {', '.join(KINDS)}")
    from ..report.document import PlanDocument

    design, results = run.analysed, run.results
    site = results.get("site") or design.site.name
    identity = _identity(results)
    out = []
    from .dxf_floorplan import floorplan_document
    from .dxf_schematics import cooling_document, oneline_document

    several = len(design.halls) > 1
    for hall in design.halls if "floorplan" in kinds else ():
        name = floorplan_name(hall.id, several)
        doc, _ = floorplan_document(design, hall.id, results, [f"Floor plan: {hall.id}, {site}", identity])
        out.append((name, doc, DxfFile(Path(name), "floorplan", hall.id)))

    size = PlanDocument.drawing_size(paper)
    note = f"{site}  |  {identity}  |  units: millimetres of the printed {paper} sheet; a diagram, not to scale"
    if "oneline" in kinds:
        doc, sheets = oneline_document(design, results, size, "One-line diagram: " + note)
        out.append(("oneline.dxf", doc, DxfFile(Path("oneline.dxf"), "oneline", None, [s.number for s in sheets])))
    doc, sheets = cooling_document(design, results, size, "Cooling schematic: " + note) if "cooling" in kinds else (None, [])
    if doc is not None:
        out.append(("cooling.dxf", doc, DxfFile(Path("cooling.dxf"), "cooling", None, [s.number for s in sheets])))
    return out


def write_dxf(run, folder: str | Path, paper: str = "letter", kinds: tuple[str, ...] = KINDS) -> list[DxfFile]:
    """Write the plan's DXF files into ``folder`` (created if needed); returns what was written.

    Parameters
    ----------
    run : PlanRun
        The plan's pipeline output (:func:`retrofit.report.pipeline.run_plan`).
    folder : str or Path
        The folder to write into.
    paper : str
        ``letter`` or ``a4``, as the PDF.
    kinds : tuple of str
        Which drawings, among :data:`KINDS` (all by default).
    """
    from ..io.atomic import write_atomic
    from .dxf_document import document_text

    folder = Path(folder)
    written = []
    for name, doc, record in dxf_documents(run, paper, kinds):
        record.path = folder / name
        write_atomic(record.path, document_text(doc))
        written.append(record)
    return written


__all__ = ["DxfFile", "KINDS", "dxf_documents", "floorplan_name", "write_dxf"]
