"""Exports of the plan for the tools engineers work in: DXF drawings for CAD (:mod:`.dxf`) and the schedules as
CSV files and an XLSX workbook (:mod:`.schedules`).

ezdxf and openpyxl are imported only when an export is written, never when the package is imported.

- :func:`write_dxf` ``(run, folder)``: the floor plan of each hall, the one-line diagram and the cooling
  schematic of a :class:`~retrofit.report.pipeline.PlanRun` as DXF files;
- :func:`write_workbook` ``(run, path)``: every schedule the plan prints, and the review findings, as one
  XLSX workbook;
- :func:`write_schedules` ``(run, folder)``: the same schedules as one CSV file each.
"""
from __future__ import annotations

from .dxf import write_dxf
from .schedules import write_schedules, write_workbook

__all__ = ["write_dxf", "write_schedules", "write_workbook"]
