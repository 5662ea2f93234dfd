"""What a reviewing engineer reads: names in words, no label cut short, no heading alone at the foot of a page,
and the summary's binding constraint stated against the racks planned. Regression checks of the plan's own
pages (no published source)."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import Spacer

from retrofit.report.business_pages import _input_label, figure
from retrofit.report.document import FOOTER, HEADER, MARGIN, STYLES, Headings, Metadata, build_pdf, paragraph
from retrofit.report.executive import binding_text
from retrofit.report.formatting import ambient_name, constraint_name, enum_text, field_words, value_text
from retrofit.report.oneline import LOAD_BOX_ITEMS, load_box_lines
from retrofit.report.schedule_pages import LABEL_SIZE, activity_label, shrink_to_fit
from retrofit.report.tables import Column, data_table, lead_height


def test_constraint_and_climate_names_are_words():
    assert constraint_name("utility_service") == "utility service"
    assert constraint_name("lv_switchgear") == "LV switchgear"
    assert constraint_name("transformers 480 V delta/3-wire") == "transformers 480 V delta/3-wire"
    assert ambient_name("extreme_max_db_n20") == "20-year return extreme maximum dry bulb"
    assert ambient_name("not-a-condition") == "not-a-condition"
    assert enum_text("wye_grounded") == "wye, grounded" and enum_text("sb1") == "sb1"
    assert field_words("Procure lv switchgear and cdus") == "Procure LV switchgear and CDUs"
    # a record's figures are headed as a table heads them, with their unit
    assert value_text("figures", {"rating_a": 600, "interrupting_ka": 25.0}) == "rating [A]: 600; interrupting [kA]: 25.0"


def test_binding_constraint_reads_the_screening_count_against_the_racks_planned():
    limit = {"limit": "350.00 MVA service"}
    # the planner places more racks than the sizing's screening estimate: both counts, and the load flow's verdict
    text = binding_text("utility_service", 1968, limit, 1984, {"loading_percent": 97.04})
    assert text.startswith("utility service: 1,968 racks by the sizing's screening estimate (350.00 MVA service")
    assert "the 1,984 racks planned draw 97.0 % of it by the load flow" in text
    # the same count: one figure
    assert binding_text("utility_service", 112, {"limit": "20.00 MVA service"}, 112, {}) == \
        "utility service: 112 racks (20.00 MVA service)"
    # fewer racks planned than the constraint allows: the constraint's count, then the plan's use of it
    assert binding_text("utility_service", 113, {"limit": "20.00 MVA service"}, 112, {"loading_percent": 95.1}) == \
        "utility service: 113 racks (20.00 MVA service); the 112 racks planned draw 95.1 % of it by the load flow"
    # another constraint: the count placed, without a load-flow figure that is not its own
    assert binding_text("floor_area", 500, {"limit": "540 rack positions"}, 496, {"loading_percent": 90.0}) == \
        "floor area: 500 racks (540 rack positions); the plan places 496"


def test_load_boxes_name_every_load_or_count_them_by_kind():
    few = [(f"cdu-{i}", "cdu") for i in range(LOAD_BOX_ITEMS)]
    assert load_box_lines(few) == [f"cdu-{i} (CDU)" for i in range(LOAD_BOX_ITEMS)]
    many = few + [("crah-1", "crah"), ("fwp-a", "pump")]
    assert load_box_lines(many) == [f"{LOAD_BOX_ITEMS} x CDU", "1 x CRAH", "1 x pump"]
    assert not any("more" in line or "\u2026" in line for line in load_box_lines(many))


def test_gantt_labels_name_the_activity_in_words_and_keep_whole_words():
    a = {"id": "P1-PROC-lv_switchgear", "name": "Procure lv switchgear"}
    assert activity_label(a) == "P1  Procure LV switchgear"
    short = shrink_to_fit("P1  L1 factory witness test, transformer", 60.0, LABEL_SIZE)
    assert "\u2026" not in short and "P1  L1 factory witness test, transformer".startswith(short)
    assert LABEL_SIZE >= 6.0


def test_business_inputs_are_named_with_their_unit_and_printed_without_exponents():
    assert _input_label({"name": "colocation_usd_per_kw_month", "unit": "USD/kW-month"}) == \
        "colocation [USD/kW-month]"
    assert _input_label({"name": "maintenance_percent_of_capex_per_year", "unit": "%/year"}, with_unit=False) == \
        "maintenance of capex"
    assert figure(60000.0) == "60,000" and figure(1.5) == "1.5"


def _layout(free_below: float) -> list[str]:
    """Page texts of a subheading, a table title and an 80-row table placed ``free_below`` points above the foot
    of the first page."""
    columns = [Column("element"), Column("value", 1.0, "RIGHT")]
    rows = [[f"e{i}", str(i)] for i in range(80)]
    headings = Headings()
    frame = LETTER[1] - 2 * MARGIN - HEADER - FOOTER
    story = [headings.section("Calculations"), Spacer(1, frame - free_below - 30.0), headings.sub("Loads"), paragraph("Load schedule", "table_title"),
             data_table(columns, rows, 400.0)]
    pdf = build_pdf(story, Metadata("t", "s", "a", "c"), "letter")
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def test_a_heading_never_stands_alone_at_the_foot_of_a_page():
    """A subheading and the title of a long table go to the next page with the table when the room left under
    them would hold little more than the headings; with room, they stay and the table splits across pages."""
    for free in (0.0, 20.0, 40.0, 60.0, 80.0):
        pages = _layout(free)
        first = next(i for i, p in enumerate(pages) if "Loads" in p)
        assert "Load schedule" in pages[first] and "e1" in pages[first], free
    assert "Loads" not in _layout(0.0)[0]
    pages = _layout(250.0)
    assert "Loads" in pages[0] and "e0" in pages[0] and "e79" not in pages[0]
    # the estimate of a table's first rows grows with their text
    columns = [Column("element"), Column("value", 1.0, "RIGHT")]
    assert lead_height(columns, [["x " * 100, "1"]], 400.0) > lead_height(columns, [["x", "1"]], 400.0)
    assert STYLES["table_title"].keepWithNext


def _plain_words_problems(reader, pages: list[str], results: dict) -> dict:
    """Text under 6 pt (page, text), labels cut with an ellipsis, and sizing or climate keys printed raw."""
    small: list[tuple[int, str]] = []
    for number_, page in enumerate(reader.pages, 1):
        def visit(text, cm, tm, font, size, number_=number_):
            scale = ((tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + (tm[0] * cm[1] + tm[1] * cm[3]) ** 2) ** 0.5
            if text.strip() and size * (scale or 1.0) < 5.95:
                small.append((number_, text.strip()))
        page.extract_text(visitor_text=visit)
    everything = " ".join(pages)
    sizing = (results.get("plan") or {}).get("sizing") or {}
    keys = [k for k in sizing.get("constraints") or {} if "_" in k] + list((results.get("cooling") or {}).get("ambients")
                                                                           or {})
    return {"small": small[:5], "cut": everything.count("\u2026"),
            "keys": [k for k in keys if re.search(rf"\b{re.escape(k)}\b", everything)]}


def test_pilot_plan_prints_no_key_and_no_text_under_6_pt(pilot_reader, pilot_pages, pilot_json):
    """The whole pilot plan (every kind of page, drawings included): no text under 6 pt, no label cut with an
    ellipsis, none of the sizing's constraint keys or the climate's condition keys printed raw."""
    assert _plain_words_problems(pilot_reader, pilot_pages, pilot_json) == {"small": [], "cut": 0, "keys": []}


@pytest.mark.slow
def test_washington_plan_prints_no_key_and_no_text_under_6_pt(washington_run, washington_reader, washington_pages):
    assert _plain_words_problems(washington_reader, washington_pages, washington_run.results) == \
        {"small": [], "cut": 0, "keys": []}


def test_columns_widen_so_that_no_heading_or_id_breaks_inside_a_word():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from retrofit.report.tables import CELL_FONT_SIZE, CELL_PADDING, WORD_MAX, column_widths

    columns = [Column("phase", 0.2), Column("benchmark", 0.5), Column("source", 4.0)]
    rows = [["1", "mining-conversion-ai-hpc", "a long text " * 20], ["2", "jll-2026-global", "x"]]
    widths = column_widths(columns, rows, 400.0)
    assert sum(widths) == pytest.approx(400.0)
    pad = 2 * CELL_PADDING
    assert widths[0] >= stringWidth("phase", "Helvetica-Bold", CELL_FONT_SIZE) + pad
    assert widths[1] >= stringWidth("mining-conversion-ai-hpc", "Helvetica", CELL_FONT_SIZE) + pad
    # a column of long words never takes more than WORD_MAX for one word; too narrow a table keeps its proportions
    assert column_widths([Column("a", 0.2), Column("b", 1.8)], [["x" * 200, "y"]], 400.0)[0] == \
        pytest.approx(WORD_MAX + pad + 1.0)
    assert column_widths(columns, rows, 60.0) == pytest.approx([60.0 * w / 4.7 for w in (0.2, 0.5, 4.0)])


def test_repeated_planner_notes_are_counted_and_a_few_listed_whole():
    from retrofit.report.planning_sections import NOTES_ALIKE, grouped_notes

    few = [f"t{i}: MV cable mvc{i} re-terminated" for i in range(2 * NOTES_ALIKE)]
    assert grouped_notes(few) == few
    many = [f"t{i:02d}: MV cable mvc{i:02d} re-terminated" for i in range(80)] + ["trip settings written"]
    out = grouped_notes(many)
    assert out[:NOTES_ALIKE] == many[:NOTES_ALIKE] and out[-1] == "trip settings written"
    assert out[NOTES_ALIKE].startswith(f"and {80 - NOTES_ALIKE} more alike")
