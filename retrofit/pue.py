"""Power usage effectiveness at design conditions, from the electrical and cooling results."""
from __future__ import annotations

import math

from .model import Design
from .units import magnitude


def pue_summary(design: Design, electrical: dict, cooling: dict) -> dict:
    """PUE = facility power / IT power at the design ambient (The Green Grid, PUE: A Comprehensive Examination).

    IT power is the racks' design power (and miners' rated power); facility power is what the utility
    delivers in the load flow, which already holds the cooling equipment at the power the thermal solve
    found and every transformer and cable loss.
    """
    it_w = sum(magnitude(g.p_design, "W") * g.count for g in design.loads.racks)
    it_w += sum(magnitude(g.p_rated, "W") * g.count for g in design.loads.miners)
    lf = electrical.get("load_flow") or {}
    facility_kw = lf.get("slack_p_kw")
    basis = (design.goal.criteria.rack_power_basis if design.goal else "peak")
    # the load flow is solved at the electrical sizing basis (peak); PUE is reported at design IT power
    it_sizing_w = 0.0
    for g in design.loads.racks:
        p = g.p_peak if basis == "peak" and g.p_peak is not None else g.p_design
        it_sizing_w += magnitude(p, "W") * g.count
    it_sizing_w += sum(magnitude(g.p_rated, "W") * g.count for g in design.loads.miners)
    cooling_kw = cooling.get("cooling_power_kw") or 0.0
    losses_kw = lf.get("losses_kw") or 0.0
    out = {"it_kw": round(it_w / 1e3, 3), "cooling_kw": cooling_kw, "electrical_losses_kw_at_sizing_load": losses_kw,
           "basis": "design IT power; losses scaled from the load flow at the sizing load by (IT/IT_sizing)^2"}
    if it_w <= 0 or facility_kw is None:
        out["pue"] = None
        out["reason"] = "no IT load" if it_w <= 0 else "the load flow did not solve"
        return out
    unsolved = [loop for loop, plants in (cooling.get("plants") or {}).items()
                if any(isinstance(p, dict) and p.get("converged") is False
                       for p in (plants.values() if "converged" not in plants else [plants]))]
    if unsolved:
        out["pue"] = None
        out["reason"] = "the cooling plant did not balance at design conditions: " + ", ".join(sorted(unsolved))
        return out
    scale = (it_w / it_sizing_w) ** 2 if it_sizing_w > 0 else 1.0
    other_kw = sum(magnitude(l.p, "W") for l in design.loads.other) / 1e3
    # UPS losses at one efficiency point scale with the load they carry (retrofit.electrical.ups_losses)
    ups_kw = (lf.get("ups_losses_kw") or 0.0) * (it_w / it_sizing_w if it_sizing_w > 0 else 1.0)
    # a smoothing BESS's cycling loss scales with the swing, a fraction of the racks' power
    bess_kw = (lf.get("bess_losses_kw") or 0.0) * (it_w / it_sizing_w if it_sizing_w > 0 else 1.0)
    total_kw = it_w / 1e3 + cooling_kw + losses_kw * scale + other_kw + ups_kw + bess_kw
    out.update({"electrical_losses_kw": round(losses_kw * scale, 3), "other_kw": round(other_kw, 3),
                **({"ups_losses_kw": round(ups_kw, 3)} if "ups_losses_kw" in lf else {}),
                **({"bess_losses_kw": round(bess_kw, 3)} if "bess_losses_kw" in lf else {}),
                "facility_kw": round(total_kw, 3), "pue": round(total_kw / (it_w / 1e3), 4) if math.isfinite(total_kw) else None})
    return out
