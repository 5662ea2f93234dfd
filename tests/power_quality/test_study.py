"""The power-quality study of the pilot hall: results, rules and the JSON the analysis holds (regression of
structure, not of values)."""
from __future__ import annotations

from pathlib import Path

from retrofit.electrical.power_quality import power_quality_study
from retrofit.io.load import load
from retrofit.review.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]


def test_pilot_hall_study():
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    study = power_quality_study(design)
    doc = study.to_json()
    assert doc["orders"][0] == 5 and max(doc["orders"]) <= 50
    assert sum(b["pcc"] for b in doc["buses"].values()) == 1
    assert doc["pcc"]["il_a"] > 0 and doc["pcc"]["isc_il"] > 1 and doc["pcc"]["tdd_percent"] > 0
    # the summation law is named and judged; the in-phase sum is its upper bound
    assert "IEC TR 61000-3-6:2008" in doc["summation"]["method"] and "upper bound" in doc["summation"]["aligned_method"]
    assert doc["summation"]["alpha_by_order"]["5"] == 1.4 and doc["summation"]["alpha_by_order"]["11"] == 2.0
    assert doc["pcc"]["tdd_aligned_percent"] >= doc["pcc"]["tdd_percent"]
    assert all(b["thd_v_aligned_percent"] >= b["thd_v_percent"] for b in doc["buses"].values())
    assert set(doc["transformers"]) == {t.id for t in design.electrical.transformers}
    assert all(t["k_factor"] >= 1.0 for t in doc["transformers"].values())
    s = doc["swing"]
    assert s["compute_racks"] > 0 and s["swing_worst_mw"] >= s["swing_diverse_mw"] > 0
    assert s["pst_with_rack_storage"] <= s["pst_unsmoothed"]
    # the BESS that flattens the swing: +/- dP/2 for half a period, less the racks' storage (hand calculation)
    assert s["flatten_power_mw"] == round(s["swing_worst_mw"] / 2, 4)
    expected_kwh = max(0.0, s["swing_worst_mw"] * s["period_s"] / 4 - s["rack_storage_mj"]) / 3.6
    assert abs(s["flatten_energy_kwh"] - expected_kwh) < 1e-3
    assert s["miner_buffer_mw"] == s["job_step_mw"]  # no ramp requirement: the miners take the whole job step


def test_rules_are_registered():
    ids = {r.id for r in all_rules()}
    assert {f"ELEC-PQ-00{i}" for i in range(1, 6)} <= ids


def test_pdf_section_prints_the_study():
    import io
    import types

    from pypdf import PdfReader

    from retrofit.report.document import Metadata, build_pdf
    from retrofit.report.power_quality_pages import power_quality
    from retrofit.report.sections import Context

    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    doc = power_quality_study(design).to_json()
    ctx = Context(types.SimpleNamespace(results={"power_quality": doc}))
    pdf = build_pdf(power_quality(ctx), Metadata("t", "s", "a", "c"), "letter")
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Power quality" in text and "TDD" in text and "Training load swing" in text
    assert f"{doc['pcc']['tdd_percent']:.2f} %" in text and f"{doc['pcc']['tdd_aligned_percent']:.2f} %" in text
    assert "in phase" in text and "IEC TR 61000-3-6:2008" in text
    # the flattening energy is what the BESS moves in one half-period (seconds): kWh, not hours of storage
    s = doc["swing"]
    assert f"{s['flatten_energy_kwh']:,.2f} kWh each half-period ({s['period_s'] / 2:g} s)" in " ".join(text.split())
    # linear loads are named in words, not by their internal kind
    assert "loads of kind" not in text and "_loss" not in text


def test_load_kinds_in_words():
    from retrofit.electrical.design_grid import load_kind_words
    assert load_kind_words("bess_loss") == "smoothing BESS cycling losses"
    assert load_kind_words("ups_loss") == "UPS conversion losses" and load_kind_words("lighting") == "lighting"
