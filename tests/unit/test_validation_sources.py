"""Every validation, peer and consistency test names its source, its kind and its tolerance.

A module under tests/validation, tests/peers or tests/consistency must open with a docstring holding
the lines ``Source:`` (the publication, or the peer program with the version measured), ``Kind:``
(published example or table, peer cross-check, consistency check) and ``Tolerance:``; its kind must
fit its directory; it must appear in docs/validation.md, whose case table must name a source and a
kind on every row and point at tests that exist; and the tolerance table there must be the one of
retrofit/testing.py. Provenance that names no publication (the wordings listed in UNNAMED below) is refused, in
these modules, in the docs and, with the other wordings that stood for a source without naming it, in
every catalog (header comments, ``source`` fields, notes) and in the package's docstrings and comments.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from retrofit.testing import TOLERANCES, tolerance_table_markdown

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "validation.md"
KINDS = ("published example", "published worked example", "published table", "peer cross-check",
         "consistency check", "regression pin")
DIRECTORY_KINDS = {
    "validation": ("published example", "published worked example", "published table"),
    "peers": ("peer cross-check",),
    "consistency": ("consistency check",),
}
CASE_HEADER = "| case | source | kind | tolerance and reason | worst deviation | test |"
UNNAMED = re.compile(r"published (compilation|figure)s?", re.IGNORECASE)
MODULES = sorted(p for d in DIRECTORY_KINDS for p in (ROOT / "tests" / d).rglob("test_*.py"))


def _field(docstring: str, name: str) -> str:
    """The text of a ``Name:`` field: its line and the indented or continued lines up to the next field."""
    lines = docstring.splitlines()
    for k, line in enumerate(lines):
        if line.startswith(name + ":"):
            text = [line[len(name) + 1:].strip()]
            for more in lines[k + 1:]:
                if not more.strip() or re.match(r"^[A-Z][a-z]+:", more):
                    break
                text.append(more.strip())
            return " ".join(text).strip()
    return ""


def _case_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8").splitlines()
    start = text.index(CASE_HEADER)
    rows = []
    for line in text[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_there_are_modules_to_check():
    assert len(MODULES) >= 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_names_source_kind_and_tolerance(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    where = path.relative_to(ROOT)
    source, kind, tol = (_field(docstring, name) for name in ("Source", "Kind", "Tolerance"))
    assert len(source) >= 20, f"{where}: no 'Source:' line naming the publication or peer program"
    assert tol, f"{where}: no 'Tolerance:' line saying which tolerance and why"
    allowed = DIRECTORY_KINDS[where.parts[1]]
    assert any(k in kind.lower() for k in allowed), f"{where}: 'Kind: {kind}' is not one of {allowed}"
    if where.parts[1] == "peers":
        assert re.search(r"\d+\.\d+(\.\d+)?|commit [0-9a-f]{7}", source), f"{where}: the peer's version is not named"
    assert not UNNAMED.search(path.read_text(encoding="utf-8")), f"{where}: provenance that names no publication"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_in_the_validation_table(path):
    tests = {row[5].strip("`") for row in _case_rows()}
    assert str(path.relative_to(ROOT)) in tests, f"{path.relative_to(ROOT)} is missing from docs/validation.md"


def test_every_row_names_source_kind_and_an_existing_test():
    rows = _case_rows()
    assert rows
    for row in rows:
        assert len(row) == 6, row
        case, source, kind, tol, _, test = row
        assert len(source) >= 15 and source not in ("-", "—"), f"{case}: no source"
        assert any(k in kind for k in KINDS), f"{case}: kind {kind!r} is not one of {KINDS}"
        assert tol, f"{case}: no tolerance"
        assert (ROOT / test.strip("`")).is_file(), f"{case}: {test} does not exist"


def test_tolerances_used_exist_and_are_documented():
    used = set()
    for path in MODULES:
        used |= set(re.findall(r'tolerance\("([a-z0-9_]+)"\)', path.read_text(encoding="utf-8")))
    assert used <= set(TOLERANCES), sorted(used - set(TOLERANCES))
    assert all(t.why for t in TOLERANCES.values())


def test_tolerance_table_is_current():
    text = DOC.read_text(encoding="utf-8")
    assert tolerance_table_markdown() in text, "regenerate the tolerance table of docs/validation.md"


@pytest.mark.parametrize("doc", ["validation.md", "cooling.md", "electrical.md", "catalog-entries.md", "rules.md"])
def test_docs_name_their_publications(doc):
    assert not UNNAMED.search((ROOT / "docs" / doc).read_text(encoding="utf-8")), doc


# In catalogs and the package, also the other wordings that stood for a source without naming it.
UNNAMED_ANYWHERE = re.compile(r"published\s+(compilation|figure)s?|published[ \t]+sources?\b"
                              r"|(quoted|cited)\s+in\s+third-party\s+compilations", re.IGNORECASE)
CATALOG_FILES = sorted((ROOT / "catalogs").rglob("*.yaml"))
PACKAGE_FILES = sorted((ROOT / "retrofit").rglob("*.py"))


def _unnamed_provenance(path: Path) -> list[str]:
    """Each ``file:line: text`` where the file's text (comments, sources, notes, docstrings) names no publication."""
    text = path.read_text(encoding="utf-8")
    return [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
            for m in UNNAMED_ANYWHERE.finditer(text)]


def test_there_are_catalogs_and_package_files_to_check():
    assert len(CATALOG_FILES) >= 15 and len(PACKAGE_FILES) >= 50


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_provenance_names_the_publication(path):
    """A catalog's header comments, ``source`` fields and notes name the publication (or say estimate)."""
    assert not _unnamed_provenance(path)


def test_package_provenance_names_the_publication():
    """Docstrings and comments of the package (which feed docs/rules.md) name the publication."""
    found = [hit for path in PACKAGE_FILES for hit in _unnamed_provenance(path)]
    assert not found, found


def test_unnamed_provenance_is_caught():
    """The pattern catches the unnamed wordings, across a line break too, and passes named ones."""
    for bad in ("# from the published compilations cited per entry", "notes: >-\n  published\n  figures give 5.75-7 %",
                "source: \"NVIDIA DPS example as quoted in third-party compilations\"",
                "source: \"the published sources mark the input range as an estimate\""):
        assert UNNAMED_ANYWHERE.search(bad), bad
    for good in ("source: \"Lange's Handbook of Chemistry, 15th ed., Table 5.13, p. 5.85\"",
                 "source: \"as cited in the 'Watts to Tokens' fact sheet and the gridforge library, third-party "
                 "compilations on GitHub (secondary)\""):
        assert not UNNAMED_ANYWHERE.search(good), good


def test_a_module_without_a_source_is_caught():
    """The field reader finds a source only on its own ``Source:`` line, not in the title or prose."""
    without = "Example 6.7 of White's Fluid Mechanics.\n\nKind: published example.\nTolerance: ``printed_3sf``.\n"
    assert _field(without, "Source") == ""
    with_source = "Title.\n\nSource: F. M. White, *Fluid Mechanics*,\nExample 6.7.\nKind: published example.\n"
    assert _field(with_source, "Source") == "F. M. White, *Fluid Mechanics*, Example 6.7."
    assert _field(with_source, "Kind") == "published example."
