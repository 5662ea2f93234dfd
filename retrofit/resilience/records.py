"""Typed results of the cross-domain contingency study, each with its JSON form (units in key names)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..io.results import rounded

NEAR_LIMIT_SUPPLY_K = 1.0
"""A contingency is flagged near its limit when the warmest rack coolant supply is within this of the
rack's limit [K]: a reviewer's flag (about the accuracy of a rated approach), not a limit."""

NEAR_LIMIT_CDU_PERCENT = 95.0
"""... or when a surviving CDU carries more than this share of its rated capacity [%] (flag, not limit)."""


def _r(x, digits: int = 3):
    return rounded(x, digits) if x is not None and math.isfinite(x) else None


@dataclass(frozen=True)
class Breach:
    """A limit an outage breaks.

    Attributes
    ----------
    quantity : str
        What is out of bounds, in words (``rack coolant supply``, ``heat rejection``).
    element : str
        The element it is measured at.
    value, limit : float or None
        The value found and its limit [unit].
    unit : str
        Unit of value and limit.
    relation : str
        How value must relate to limit (``<=`` or ``>=``).
    text : str
        One plain sentence.
    """

    quantity: str
    element: str
    value: float | None
    limit: float | None
    unit: str
    relation: str
    text: str

    def to_json(self) -> dict:
        return {"quantity": self.quantity, "element": self.element, "value": _r(self.value), "limit": _r(self.limit),
                "unit": self.unit, "relation": self.relation, "text": self.text}


@dataclass(frozen=True)
class LoopState:
    """The cooling of one facility loop, re-solved at the design ambient with the surviving equipment.

    Temperatures in °C, flows in L/min, heats in kW; None where not defined (no flow, no plant).
    """

    loop: str
    solved: bool
    diagnosis: str
    cdus_in_service: int
    cdus_installed: int
    pumps_running: int
    units_in_service: int
    units_installed: int
    crahs_in_service: int
    crahs_installed: int
    flow_facility_lpm: float | None
    flow_facility_intact_lpm: float | None
    t_facility_supply_c: float | None
    t_facility_return_c: float | None
    cdu_approach_max_k: float | None
    cdu_loading_max_percent: float | None
    cdu_loading_max_element: str
    t_rack_supply_max_c: float | None
    t_rack_supply_limit_c: float | None
    t_rack_supply_max_loop: str
    rack_flow_ratio_min: float | None
    racks_without_cooling: int
    heat_unserved_kw: float
    heat_load_kw: float | None
    heat_rejected_kw: float | None
    capacity_design_kw: float | None
    margin_design_kw: float | None
    t_rack_inlet_air_max_c: float | None
    t_rack_inlet_air_limit_c: float | None
    air_heat_unremoved_kw: float
    breaches: tuple[Breach, ...] = ()
    ride_through_s: float | None = None  #: racks without cooling whose TCS still circulates: time to their limit

    @property
    def ok(self) -> bool:
        return not self.breaches

    @property
    def near_limit(self) -> bool:
        """Passing, but within :data:`NEAR_LIMIT_SUPPLY_K` of the rack limit, a CDU above
        :data:`NEAR_LIMIT_CDU_PERCENT`, or heat rejection below the load at the setpoint (supply floating)."""
        if not self.ok:
            return False
        near_t = (self.t_rack_supply_max_c is not None and self.t_rack_supply_limit_c is not None
                  and self.t_rack_supply_limit_c - self.t_rack_supply_max_c < NEAR_LIMIT_SUPPLY_K)
        near_cdu = self.cdu_loading_max_percent is not None and self.cdu_loading_max_percent > NEAR_LIMIT_CDU_PERCENT
        near_hr = self.margin_design_kw is not None and self.margin_design_kw < 0
        return bool(near_t or near_cdu or near_hr)

    def to_json(self) -> dict:
        out = {k: (_r(v) if isinstance(v, float) else v) for k, v in self.__dict__.items() if k != "breaches"}
        out["ok"] = self.ok
        out["near_limit"] = self.near_limit
        out["breaches"] = [b.to_json() for b in self.breaches]
        return out


@dataclass(frozen=True)
class CrossDomainResult:
    """One outage followed into every domain.

    Attributes
    ----------
    element, kind, domain, mode : str
        The outage (see :class:`retrofit.resilience.outages.Outage`).
    buses_lost, racks_lost : tuple of str
        Electrical consequence.
    cooling_lost : tuple of (str, int)
        Mechanical consequence: cooling elements and units taken away.
    loops_isolated : tuple of str
        Liquid loops whose main is isolated.
    loops : tuple of LoopState
        Cooling of every facility loop the outage touches, re-solved (empty when it touches none).
    summary : str
        One plain sentence.
    """

    element: str
    kind: str
    domain: str
    mode: str
    buses_lost: tuple[str, ...]
    racks_lost: tuple[str, ...]
    cooling_lost: tuple[tuple[str, int], ...]
    loops_isolated: tuple[str, ...]
    loops: tuple[LoopState, ...]
    summary: str

    @property
    def breaches(self) -> tuple[Breach, ...]:
        power = tuple(Breach("racks without power", r, 1.0, 0.0, "rack", "<=", f"rack {r} loses every power feed")
                      for r in self.racks_lost[:1])
        if len(self.racks_lost) > 1:
            power = (Breach("racks without power", self.racks_lost[0], float(len(self.racks_lost)), 0.0, "racks", "<=",
                            f"{len(self.racks_lost)} racks lose every power feed"),)
        return power + tuple(b for s in self.loops for b in s.breaches)

    @property
    def ok(self) -> bool:
        return not self.breaches

    @property
    def near_limit(self) -> bool:
        return self.ok and any(s.near_limit for s in self.loops)

    @property
    def severity(self) -> tuple:
        """Sort key, worst first: failing before near-limit before passing, then racks affected, then the
        rack coolant supply above its limit (to 0.01 K), then id."""
        racks = len(self.racks_lost) + sum(s.racks_without_cooling for s in self.loops)
        excess = max((s.t_rack_supply_max_c - s.t_rack_supply_limit_c for s in self.loops
                      if s.t_rack_supply_max_c is not None and s.t_rack_supply_limit_c is not None), default=-math.inf)
        # the excess is compared at 0.01 K, so that round-off never orders two cases: ties go to the id
        excess = round(excess, 2) if math.isfinite(excess) else excess
        return (0 if not self.ok else 1 if self.near_limit else 2, -racks, -excess, self.element)

    def to_json(self) -> dict:
        return {"kind": self.kind, "domain": self.domain, "mode": self.mode, "buses_lost": list(self.buses_lost),
                "racks_lost": len(self.racks_lost), "cooling_lost": {k: n for k, n in self.cooling_lost},
                "loops_isolated": list(self.loops_isolated), "ok": self.ok, "near_limit": self.near_limit,
                "breaches": [b.to_json() for b in self.breaches], "summary": self.summary,
                "loops": {s.loop: s.to_json() for s in self.loops}}


@dataclass(frozen=True)
class GroupExposure:
    """How many units of a redundant mechanical group one electrical element de-energises.

    Attributes
    ----------
    group : str
        The group (``tcs:<loop>`` CDUs, ``pumps:<loop>``, ``heat_rejection:<loop>``, ``crah:<hall>``).
    units_installed, units_spare : int
        Units of the group and how many of them may be lost (installed minus needed).
    worst_element : str
        The electrical element whose outage takes most units of the group (ties by id).
    units_lost : int
        Units it takes.
    """

    group: str
    units_installed: int
    units_spare: int
    worst_element: str
    units_lost: int

    @property
    def ok(self) -> bool:
        return self.units_lost <= self.units_spare

    def to_json(self) -> dict:
        return {"units_installed": self.units_installed, "units_spare": self.units_spare,
                "worst_element": self.worst_element, "units_lost": self.units_lost, "ok": self.ok}


@dataclass(frozen=True)
class ResilienceStudy:
    """The cross-domain single-failure study of a design.

    Attributes
    ----------
    basis : str
        The design ambient the cooling is re-solved at.
    promise : dict
        What the goal promises: ``power_redundancy``, ``cooling_redundancy`` and the criteria flags.
    intact : tuple of LoopState
        Every facility loop with nothing out (the reference of the margins).
    faults : tuple of CrossDomainResult
        Every single fault, worst first.
    maintenance : tuple of CrossDomainResult
        The outages only maintenance makes (loop mains); every fault is also a maintenance case.
    groups : tuple of GroupExposure
        Exposure of each redundant mechanical group to single electrical outages.
    cases, solves : int
        Outages studied and distinct cooling re-solves (identical surviving sets solved once).
    """

    basis: str
    promise: dict
    intact: tuple[LoopState, ...]
    faults: tuple[CrossDomainResult, ...]
    maintenance: tuple[CrossDomainResult, ...]
    groups: tuple[GroupExposure, ...]
    cases: int
    solves: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def single_failure_ok(self) -> bool:
        return all(r.ok for r in self.faults)

    @property
    def concurrently_maintainable(self) -> bool:
        return self.single_failure_ok and all(r.ok for r in self.maintenance)

    def to_json(self) -> dict:
        return {
            "basis": self.basis, "promise": dict(self.promise), "cases": self.cases, "cooling_solves": self.solves,
            "single_failure_ok": self.single_failure_ok, "concurrently_maintainable": self.concurrently_maintainable,
            "order": [r.element for r in self.faults],  # worst first (JSON writers may sort the keys of "faults")
            "failing": [r.element for r in self.faults if not r.ok],
            "near_limit": [r.element for r in self.faults if r.near_limit],
            "intact": {s.loop: s.to_json() for s in self.intact},
            "faults": {r.element: r.to_json() for r in self.faults},
            "maintenance": {r.element: r.to_json() for r in self.maintenance},
            "groups": {g.group: g.to_json() for g in self.groups},
            "notes": list(self.notes),
        }


__all__ = ["Breach", "CrossDomainResult", "GroupExposure", "LoopState", "NEAR_LIMIT_CDU_PERCENT",
           "NEAR_LIMIT_SUPPLY_K", "ResilienceStudy"]
