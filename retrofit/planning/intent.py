"""Whether a design file is a site to plan or a design to analyse as given.

A file whose goal names a rack model and which already holds racks of that model is a design: the
planner must not silently replace it (a 12-rack pilot would come back as a 24-rack plan, and a design
that fails its checks would be reported on a different, passing design). ``plan`` and ``plan-design``
analyse such a file as given and plan anew only when asked (``--replan``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Design

PLAN, AS_GIVEN = "planned", "analysed as given"
"""The two ways a plan treats its input file."""


@dataclass(frozen=True)
class Intent:
    """What ``plan``/``plan-design`` do with a file, and why (one sentence a reader sees on the cover)."""

    mode: str
    reason: str

    @property
    def plans(self) -> bool:
        return self.mode == PLAN


def target_racks(design: Design) -> int:
    """Racks of the goal's rack model already in the design (0 without a goal) [-]."""
    if design.goal is None:
        return 0
    return sum(g.count for g in design.loads.racks if g.model == design.goal.rack_model)


def intent(design: Design, replan: bool = False) -> Intent:
    """Plan the site, or analyse the design as given.

    Parameters
    ----------
    design : Design
        The file's design.
    replan : bool
        Plan anew even when the file already holds racks of the goal's model.
    """
    if design.goal is None:
        return Intent(AS_GIVEN, "the file has no goal, so there is nothing to plan: it is analysed as the "
                                "proposed design")
    n = target_racks(design)
    if n == 0:
        return Intent(PLAN, f"the file is a site without {design.goal.rack_model} racks: the retrofit toward its goal "
                            "is planned")
    if replan:
        return Intent(PLAN, f"the file holds {n} {design.goal.rack_model} racks and was planned anew on request "
                            "(--replan): the proposal replaces them")
    return Intent(AS_GIVEN, f"the file already holds a design with {n} {design.goal.rack_model} racks: it is analysed "
                            "as given (--replan plans anew toward its goal)")


__all__ = ["AS_GIVEN", "PLAN", "Intent", "intent", "target_racks"]
