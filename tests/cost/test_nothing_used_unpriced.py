"""Every catalog item the plan uses has a price, or is listed as not priced: the test fails on an item that is
neither (a BOM line without a price that the estimate does not list)."""
from __future__ import annotations


def test_every_unpriced_line_is_listed(washington_estimate):
    e = washington_estimate
    missing = [ln for ln in e.lines if ln.expected_usd is None
               and not any(ln.item in u and (ln.model or "") in u for u in e.unpriced)]
    assert not missing, missing


def test_washington_uses_no_unpriced_item(washington_cost_plan, washington_estimate):
    """CRAHs and the arc-flash relays the planner adds are priced; nothing is left unpriced."""
    bom = washington_cost_plan.bom
    assert not bom["unpriced"], bom["unpriced"]
    assert not washington_estimate.unpriced
    items = {i["item"] for i in bom["items"]}
    assert {"CRAH", "arc-flash relay"} <= items
    relays = sum(1 for b in washington_cost_plan.proposed.electrical.breakers
                 if b.trip is not None and b.trip.arc_flash_relay)
    assert next(i["quantity"] for i in bom["items"] if i["item"] == "arc-flash relay") == relays
