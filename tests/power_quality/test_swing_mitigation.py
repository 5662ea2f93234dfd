"""The planner's mitigation of the training swing: the pilot hall on a weak utility fails the flicker
planning level; the smoothing BESS placed at the PCC brings it within, and the BESS is priced, drawn as an
element and its cycling loss is in the load flow and the PUE (consistency checks against the study's own
kernels, which tests/power_quality/test_load_swing.py checks by hand)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from retrofit.catalog import load_catalog
from retrofit.electrical.load_swing import smoothing_loss_w
from retrofit.electrical.power_quality import swing_study
from retrofit.io.load import load
from retrofit.planning.bom import bill_of_materials
from retrofit.planning.swing_mitigation import SMOOTHING_BESS_ID, choose_bess, size_swing_mitigation
from retrofit.units import Q_

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def weak():
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    design.utility.sk = Q_(20, "MVA")  # a weak service: the lockstep swing breaks the planning level
    return design


def test_a_weak_service_gets_a_smoothing_bess_that_meets_the_planning_level(weak):
    catalog = load_catalog()
    before = swing_study(weak, catalog)
    assert before.pst_at_pcc > before.pst_limit and before.smoothing_bess_mva == 0.0
    m, after = size_swing_mitigation(weak, catalog)
    assert m.needed and m.units >= 1 and m.pst_before == pytest.approx(before.pst_at_pcc)
    assert m.pst_after <= m.pst_limit and m.rating_mva >= m.need_mva and m.energy_kwh >= m.need_kwh
    (bess,) = after.electrical.bess
    assert bess.id == SMOOTHING_BESS_ID and bess.bus == weak.utility.bus and bess.count == m.units
    study = swing_study(after, catalog)
    assert study.pst_at_pcc == pytest.approx(m.pst_after) and study.swing_at_pcc_mw <= study.swing_allowed_mw + 1e-9
    # the loss is the kernel's on the swing the store takes out
    loss = smoothing_loss_w(study.swing_worst_mw * 1e6, study.swing_at_pcc_mw * 1e6, 0.92)
    assert study.smoothing_bess_losses_kw == pytest.approx(loss / 1e3, rel=1e-9)
    assert not weak.electrical.bess  # the input is not changed


def test_the_choice_is_the_cheapest_row_meeting_rating_and_energy():
    catalog = load_catalog()
    rows = {r["id"]: r for r in catalog.table("bess").rows}
    row, units = choose_bess(5e6, 1e3 * 3.6e6, catalog)  # 5 MVA, 1 MWh: the PCS decides
    assert units == math.ceil(5e6 / (float(row["power"]) * 1e3))
    for other in rows.values():  # no other row is cheaper for the same need
        n = max(math.ceil(5e6 / (float(other["power"]) * 1e3)), math.ceil(1e3 / float(other["energy"])))
        assert n * float(other["energy"]) * float(other["price_per_kwh"]) >= \
            units * float(row["energy"]) * float(row["price_per_kwh"])


def test_the_bess_is_priced_and_its_loss_is_in_the_load_flow_and_pue(weak):
    from retrofit.electrical.analysis import analyze_electrical
    from retrofit.pue import pue_summary

    m, after = size_swing_mitigation(weak, load_catalog())
    bom = bill_of_materials(weak, None, proposed=after)
    (line,) = [i for i in bom["items"] if i["item"].startswith("BESS")]
    assert line["quantity"] == m.units and line["total_usd"] == pytest.approx(m.price_usd)
    electrical = analyze_electrical(after, contingencies=False)
    lf = electrical["load_flow"]
    assert lf["bess_losses_kw"] == pytest.approx(m.losses_kw, abs=5e-4)  # printed to 3 decimals
    without = pue_summary(after, {"load_flow": {k: v for k, v in lf.items() if k != "bess_losses_kw"}}, {})
    pue = pue_summary(after, electrical, {})
    assert pue["facility_kw"] - without["facility_kw"] == pytest.approx(pue["bess_losses_kw"], abs=2e-3)
    assert 0 < pue["bess_losses_kw"] <= lf["bess_losses_kw"]  # scaled from the sizing to the design IT power


def test_a_strong_service_needs_nothing():
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    m, after = size_swing_mitigation(design, load_catalog())
    assert not m.needed and after is design and m.units == 0


def test_a_ramp_requirement_is_met_by_the_bess_when_no_miners_run():
    design = load(ROOT / "examples" / "pilot-hall" / "design.yaml")
    design.goal.criteria.ramp_rate_max_mw_per_min = 6.0  # 0.1 MW/s: the racks' storage holds neither swing nor job start
    before = swing_study(design, load_catalog())
    assert before.miners_running_mw == 0.0 and before.job_step_held_by == ""
    m, after = size_swing_mitigation(design, load_catalog())
    assert m.needed and m.ramp_ok and m.rating_mva >= before.bess_power_mw and m.energy_kwh >= before.bess_energy_kwh
    s = swing_study(after, load_catalog())
    assert s.job_step_held_by == "smoothing BESS" and s.ramp_at_pcc_mw_per_s * 60 <= 6.0
    assert "ramps at" in m.notes[0] and "held by neither" in m.notes[0]


def test_the_bess_is_drawn_on_the_one_line(weak):
    from reportlab.graphics.shapes import Group, String

    from retrofit.report.document import PlanDocument
    from retrofit.report.oneline import oneline_sheets

    def texts(node):
        if isinstance(node, String):
            yield node.text
        for child in getattr(node, "contents", []) if isinstance(node, Group) or hasattr(node, "contents") else []:
            yield from texts(child)

    m, after = size_swing_mitigation(weak, load_catalog())
    drawing = oneline_sheets(after, {}, PlanDocument.drawing_size())[0].drawing
    found = list(texts(drawing))
    assert SMOOTHING_BESS_ID in found and f"BESS {m.units} x 1,927 kVA" in found
