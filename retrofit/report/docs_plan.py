"""Write ``docs/plan.md`` and its page images from the plan of the pilot example.

Run ``python -m retrofit.report.docs_plan`` from the repository root (needs ``pdftoppm`` from
poppler-utils). The page images are rendered at 50 dpi from the same PDF ``retrofit plan`` writes for
``examples/pilot-hall/design.yaml``; the page each image shows is found from the PDF's outline, so the
page follows its section when the plan changes.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .tables import APPENDIX_ROWS, BODY_ROWS

ROOT = Path(__file__).resolve().parents[2]
PILOT = ROOT / "examples" / "pilot-hall" / "design.yaml"
REGENERATE = "python -m retrofit.report.docs_plan"

# (image name, how the page is found: an outline title, a page number or ("text", words on it), caption)
PAGES = (
    ("cover", 1, "The cover: site, the input file and its SHA-256 digest, what was and was not produced."),
    ("contents", 2, "Contents, from the outline of the document (the PDF viewer shows the same outline)."),
    ("summary", "Executive summary", "The executive summary on one page: racks, IT and facility power, utility "
                                     "demand, capex with its range, the proposal's binding constraint and the next, "
                                     "the largest upgrades with their cost, the phases, risks and open items."),
    ("existing", "Existing conditions", "Existing conditions, from the input file."),
    ("capacity", ("text", "Racks each constraint allows as the site is"),
     "Capacity and reuse: the racks each constraint allows, the binding one in red, the planned count dotted."),
    ("oneline", "One-line diagram", "The one-line diagram on a tabloid sheet: sources at the top, A side blue on the "
                                    "left, B side amber on the right, ratings, loading and short-circuit currents."),
    ("oneline-sheet", "One-line diagram, sheet E-2", "A sheet of a split one-line diagram: one transformer group down "
                                                     "to its rack groups, each joined to its A and B feeds."),
    ("floorplan", "Floor plan: ", "A floor plan to scale: pods of two rows around a contained hot aisle, CDUs at the "
                                  "row ends, switchboards with their working space, busway routes A and B."),
    ("cooling", "Cooling schematic", "The cooling schematic at the design ambient: heat rejection, facility pumps, "
                                     "CDUs, TCS loops and rack groups with temperatures and flows."),
    ("loadflow", "Load flow", "Calculation tables: load flow, bus voltages and branch flows (long schedules: the "
                              "failing rows first, the whole in the appendix)."),
    ("hydraulics", ("text", "Pump curves (fitted"), "Hydraulics: pumps at their operating point, pump curves "
                                                      "against the system curve."),
    ("review", "Design review", "Design review: counts by status, every failing finding with its evidence, the rest "
                                "counted by rule."),
    ("appendix", "Schedules", "The appendix: long schedules whole, their header repeated on each page."),
)


def _page_index(reader, key) -> int:
    if isinstance(key, int):
        return key - 1
    if isinstance(key, tuple):
        for i, page in enumerate(reader.pages):
            if key[1] in " ".join((page.extract_text() or "").split()):
                return i
        raise KeyError(f"no page with the text {key[1]!r}")
    for item in _outline(reader.outline):
        if item["/Title"].split("  ", 1)[-1].startswith(key):
            return reader.get_destination_page_number(item)
    raise KeyError(f"no outline entry starting with {key!r}")


def _outline(items):
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def render_page_images(pdf: bytes, images: Path) -> list[tuple[str, int, str]]:
    """Render the pages of :data:`PAGES` to ``images/plan-<name>.png`` at 50 dpi; returns (file, page, caption)."""
    from pypdf import PdfReader

    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is needed (apt-get install poppler-utils)")
    reader = PdfReader(io.BytesIO(pdf))
    images.mkdir(parents=True, exist_ok=True)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "plan.pdf"
        source.write_bytes(pdf)
        for name, key, caption in PAGES:
            try:
                page = _page_index(reader, key) + 1
            except KeyError:          # a page this plan does not have (a one-line diagram on one sheet)
                continue
            stem = Path(tmp) / name
            subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                            str(source), str(stem)], check=True)
            target = images / f"plan-{name}.png"
            shutil.copyfile(stem.with_suffix(".png"), target)
            out.append((target.name, page, caption))
    return out


def render_plan_page(pages: list[tuple[str, int, str]], total: int) -> str:
    """The text of docs/plan.md."""
    lines = [
        "# The PDF plan: `retrofit plan`",
        "",
        f"<!-- written by `{REGENERATE}`; edit the generator, not this file -->",
        "",
        "```",
        "retrofit plan FILE -o plan.pdf [--json results.json] [--design-out design.yaml] [--paper letter|a4]",
        "                   [--dxf DIR] [--xlsx PATH] [--no-contingencies] [--replan]",
        "```",
        "",
        "`retrofit plan` reads a design file and plans the retrofit when the file is a site with a `goal` and no "
        "racks of the goal's model yet; a file that already holds a design is analysed as given, and planned anew "
        "only with `--replan` (the cover says which, and why). It analyses the design (the proposal, or the file "
        "itself), reviews it against the rules of [rules.md](rules.md), and writes a PDF plan. `--json` writes "
        "the results the PDF prints from: every number in the PDF is a number of that JSON, formatted. "
        "`--design-out` writes the design analysed in the input schema, so the loop plan, edit, `check`, plan "
        "again is natural. `--dxf` writes the floor plans, one-line diagram and cooling schematic as DXF files and "
        "`--xlsx` every schedule as one workbook ([exports](exports.md)). "
        "Each stage is reported on standard error (in place on a terminal, as plain lines in a log; `--quiet` "
        "keeps only warnings). Exit status: the review's "
        "verdict once the plan is written (0 PASS, 1 FAIL, 4 INCOMPLETE, as `retrofit check`), 2 for bad input, "
        "3 for an internal error (the PDF is written to a temporary file and renamed, so a failure never leaves "
        "a half-written plan).",
        "",
        "## What the plan contains",
        "",
        "| section | what it shows | from |",
        "|---|---|---|",
        "| cover | site, input file and its SHA-256, parts produced and not produced | `input`, `parts` |",
        "| contents | sections and subsections with their pages; the same outline is in the PDF's bookmarks | |",
        "| executive summary | one page: racks, IT and facility power (IT x PUE), utility demand and why it "
        "differs, facility capex with its range, the proposal's binding constraint and the next (as `retrofit "
        "size` names them: the racks its screening estimate allows and, when the plan places another count, "
        "what the load flow of the plan finds, such as the share of the service the racks planned draw), the "
        "largest upgrades in plain words with their cost, the phases, risks and open "
        "items (failing checks, checks not evaluated, unpriced lines, slab) | `pue`, `electrical.utility`, "
        "`plan.sizing`, `plan.bom`, `plan.phases`, `review`, `layout` |",
        "| existing conditions | inventory of the site as given; after planning, its own analysis | `existing` |",
        "| capacity and reuse | racks each constraint allows (chart, binding in red, the count planned dotted), "
        "reuse verdict per existing element (the elements replaced or removed first), the planner's decisions "
        "(notes alike counted), the selection | `plan.sizing`, `plan.reuse`, `plan.notes`, `plan.selection` |",
        "| proposed electrical design | equipment schedules; the one-line diagram | design, `electrical` |",
        "| floor plans | each hall to scale: racks in pods around contained hot aisles, CDUs, equipment with "
        "working space, busway routes, columns, obstacles, walkway, dimensions in metres, scale bar, north "
        "arrow; yard coolers, transformer pads, CRAHs, facility main and MV cable routes; the phasing plan "
        "(GPU zone and demising wall per phase); slab checks (tributary load, footprint, punching shear of "
        "a foot) and clearance checks | `plan.layout` or `layout`, `plan.phases`, design |",
        "| cooling design | schematic per facility loop at the design ambient | `cooling` |",
        "| calculations | load flow, short-circuit duty against ratings, feeders, voltage at racks, redundancy "
        "and N-1, hydraulics with pump charts, temperatures, cooling N+1, residual air, freeze, PUE | "
        "`electrical`, `cooling`, `pue` |",
        "| design review | counts by status; failing and waived findings whole with evidence; every rule with "
        "its findings counted by status (the whole list is in the JSON and the findings CSV) | `review` |",
        "| bill of materials and capex, phasing | the planner's | `plan.bom`, `plan.phases` |",
        "| programme and schedule | phases against the utility capacity steps with the miners kept running, "
        "capacity left to mining and demising walls; the Gantt chart with its critical path; outage windows; "
        "the lead times used ([schedule](schedule.md)) | `plan.schedule`, `plan.phases` |",
        "| business case (estimate) | NPV, IRR and payback of converting against keeping the miners; load and "
        "cumulative cash by month; sensitivity (tornado) chart; cash flow by year; every input with its source "
        "([business case](business-case.md)) | `plan.business` |",
        "| assumptions, provenance, references | goal and criteria with their basis, methods and notes, every "
        "catalog entry used with the class and source of its figures, standards cited | `assumptions`, "
        "`provenance` |",
        "| appendix: schedules | every long schedule whole, split across pages with its header repeated | |",
        "",
        "A section whose input was not produced says so and why, from `parts` in the results (for example: "
        "the file has no goal, so there is nothing to plan; or the racks have no positions and no layout was "
        "made). It prints no number in that place.",
        "",
        "## Drawings",
        "",
        "- **One-line diagram** (sheets `E-n`). The layout is read from the power topology in a fixed order: "
        "sources at the top, each bus under the bus that feeds it, the joining element (cable, transformer, "
        "busway, PDU, UPS) drawn on the connection with its breakers (squares, labelled with trip and "
        "interrupting ratings), rack groups in a row at the bottom joined to each of their feeds. Paths are "
        "coloured by side: A blue on the left, B amber on the right, shared black; an element that fails its "
        "check is red (red means a failure only). Buses carry their initial short-circuit current (IEC 60909) against their rating, "
        "transformers and busway their loading. Drawings are on tabloid (11 x 17 in; A3 with `--paper a4`) "
        "landscape sheets, stated in the title block; no text is under 6 pt and no label is cut (a long one "
        "wraps). A sheet holds as many low-voltage branches as keep each at least 95 pt wide (11 on "
        "tabloid); with more the diagram splits: "
        "overview sheets down to each transformer's secondary (up to 16 transformers a sheet, each slot at "
        "least 70 pt wide with the compact labels: ratings without the ids the symbols already name), then "
        "one sheet per transformer group (transformers feeding the same rack groups stay together); a feed "
        "drawn on another sheet names it. A bus's loads other than racks stand in a box beside it, each named "
        "up to five, else counted by kind.",
        "- **Floor plans** (sheets `F-n`), one per hall, drawn at a standard scale (1:N is stated and true "
        "when printed at 100 %). A hall too long for 1:500 gets a key plan of the whole hall and an enlarged "
        "sheet of what stands on it, when that fits one sheet at 1:500 or finer; else it is split along its "
        "length into sheets joined by match lines. A hall whose equipment is small at the scale of the whole "
        "gets the same enlarged sheet. Hot aisles are outlined as contained; each busway is drawn on the route "
        "its length was computed from (`retrofit.layout.runs.busway_route`), A blue, B amber. The key plan "
        "also shows what stands outside and along the walls, where the planner placed it "
        "(`retrofit.layout.yard`): the heat-rejection units in rows in the yard along the wall nearer the CDUs "
        "with their air clearances, the new transformers' pads outside the wall by the electrical room, the "
        "CRAHs against the walls, and the facility main and the MV cables on the routes their lengths were "
        "taken from. Where a phase runs GB300 racks beside miners, a phasing plan follows: racks coloured by "
        "the phase they go live in, each phase's GPU zone and its demising wall, with a table of the racks "
        "live, the wall's length and the miners still running. The racks come "
        "from the planner's layout, else from the positions the analysis "
        "reports, else from the rack positions in the design; without any, the hall's geometry is drawn "
        "and the section says so. North is +y.",
        "- **Cooling schematic** (sheets `M-n`), one per facility loop (more sheets beyond eight CDUs).",
        "- **Charts**: pump curve (fitted as the solver fits it) against the closed-loop system curve through "
        "the operating point, one chart per kind of loop (its pump set at the highest head; every set's "
        "operating point is in the pump table); loading bars of the 12 most loaded branches against the limit; "
        "racks allowed per constraint.",
        "",
        "## Large sites",
        "",
        "The summary stays one page: failing and untested checks are counted by rule, the largest upgrades "
        f"are five, slab findings one line for all halls. A schedule longer than {BODY_ROWS} rows shows "
        f"{BODY_ROWS} in the body (failing rows first, then the most loaded: a transformer schedule never hides "
        "its most loaded pair; schedules of long texts and the equipment schedules show fewer, 6 to 8, their "
        "governing rows first: the most loaded, the nearest its rating, the hottest rack, the worst outage) "
        f"and at most {APPENDIX_ROWS} in the appendix; every such schedule goes whole, as "
        "CSV, to `<plan>.tables/` beside the PDF (`A01-<title>.csv` ..., named in the PDF where it is cut; the "
        "shorter schedules too, as `S<nn>-<title>.csv`, see [exports](exports.md)), with `findings.csv` holding every "
        "finding of the review. Some tables are summarised in the body and printed whole only in the appendix "
        "and its CSV: the review's findings by rule (the body counts them by category and lists a rule with a "
        "failing or untested finding), the design criteria's bases (the body lists names and values), the "
        "catalog provenance (the body counts entries by kind and class), the procurement lead times, and the "
        "words of each failing or near-limit outage beyond the three worst. The phases' details are one table, "
        "a column a phase. A section starts on a new page unless 40 % of the page before is free; a subheading "
        "or a table's title stands at the foot of a page only with room below it for the table's header and "
        "first rows, else it starts the next page; drawing sheets have pages of their own. "
        "Drawings split by transformer group (one-line), by hall and along a long hall "
        "(floor plan), by facility loop (cooling). Halls that draw alike share their sheets: floor plans equal "
        "but for element ids (racks, CDUs, equipment, yard, routes and checks in the same places), and "
        "per-hall one-line and cooling sheets whose every label is the same once the hall's own id is read "
        "as a placeholder (`retrofit.report.typical`), are printed once, titled \"typical of\" the other halls, "
        "with how their ids read listed beside the floor plan. A campus's per-hall one-line sheets are alike "
        "when they differ only in their own ids (the hall's lineups, everything below them, their feeders and "
        "breakers) and in their figures (a feeder's length, a fault level, a current): the typical sheet then "
        "prints, figure by figure, the largest of the halls (a label that grows keeps its width by a smaller "
        "font, never under 6 pt; else the halls are drawn apart), and each hall's own figures are in the "
        "schedules. The contents list one line per run of drawing "
        "sheets; every sheet keeps its entry in the PDF outline. A campus (several halls with their own medium-voltage "
        "lineups) gets a campus one-line down to the halls' lineups and per-hall sheets down to each "
        "transformer's secondary: Panther Creek's plan is 116 pages (was 925), 68 of them before the appendix, "
        "10 of them one-line sheets (two campus sheets, then four sheets for halls 1-3 and four for halls 4-10) "
        "and 12 floor-plan and phasing sheets for 10 halls; Washington's is 83 pages, 50 of them before the "
        "appendix. Repeated notes of the planner are counted, not listed (each is in the JSON).",
        "",
        "## Same input, same bytes",
        "",
        "The PDF is written in reportlab's invariant mode (a fixed creation date, a document id derived from "
        "the content), with fixed metadata (title, author, subject, keywords; no time stamp) and every "
        "iteration in sorted or file order. The footer gives the input file's name and the start of its "
        "SHA-256 digest, and \"page N of M\". A test builds the pilot's plan twice, in this process and in "
        "another with a different hash seed, and compares the bytes.",
        "",
        f"## The pilot example ({total} pages)",
        "",
        "`retrofit plan examples/pilot-hall/design.yaml --replan -o plan.pdf --json results.json` (the pilot "
        "holds a design; `--replan` plans the hall anew toward its goal, as a site) gives the pages below (shown "
        "at 50 dpi).",
        "",
    ]
    for file, page, caption in pages:
        lines += [f"Page {page}: {caption}", "", f"![page {page} of the pilot plan](images/{file})", ""]
    lines += [f"The page images are regenerated with `{REGENERATE}` (needs `pdftoppm`).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Render the pilot's plan, its page images and docs/plan.md."""
    from pypdf import PdfReader

    from ..io.atomic import write_atomic
    from ..io.load import load
    from .pipeline import run_plan
    from .plan_pdf import render_plan

    run = run_plan(load(PILOT), source=PILOT, replan=True)  # the pilot holds a design: plan it anew
    pdf = render_plan(run)
    pages = render_page_images(pdf, ROOT / "docs" / "images")
    total = len(PdfReader(io.BytesIO(pdf)).pages)
    write_atomic(ROOT / "docs" / "plan.md", render_plan_page(pages, total))
    print(f"docs/plan.md and {len(pages)} page images written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
