"""The rule registry and the review of a design: every rule applied to the analysis results.

A rule is a check function registered with :func:`rule`, which gives it a stable id, a title, a
category, the clause it applies, a severity, the results it reads and the limit it holds them to. The
check reads the design and the results of :func:`retrofit.analyze.analyze` through a :class:`Context`
and yields :class:`~retrofit.review.findings.Outcome` objects; it computes nothing physical. When a
figure it needs is absent (a solve that did not converge, an analysis that was not run), the check
raises :class:`MissingResult` and the rule is reported ``untested`` with the reason.

:func:`run_rules` applies every rule in the order of :func:`all_rules` (category, then id) and returns
the findings in a deterministic order.
"""
from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import InternalError
from ..model import Criteria, Design
from .findings import CATEGORIES, SEVERITIES, Finding, Outcome, finding_order

RULE_ID = re.compile(r"^(ELEC|COOL|LAY|MODEL)-[A-Z0-9]+-\d{3}$")


class MissingResult(LookupError):
    """A figure a rule needs is not in the results; the rule is reported untested with this reason.

    Raise it only for a documented, expected condition: an analysis that legitimately did not solve (its
    own diagnosis is reported by the MODEL-* rules) or an input the design does not give. ``needs`` says
    what input or model would let the rule be evaluated. Any other exception inside a check is a bug
    and ends the review as an internal error naming the rule.
    """

    def __init__(self, reason: str, needs: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.needs = needs

    def __str__(self) -> str:
        return self.reason


_DEFAULT_NEEDS = "the analysis this rule reads to solve (see the MODEL-* findings for why it did not)"


@dataclass(frozen=True)
class Rule:
    """A registered rule.

    Attributes
    ----------
    id : str
        Stable id, ``<ELEC|COOL|LAY|MODEL>-<TOPIC>-<nnn>``.
    title : str
        What the rule checks, in a few words.
    category : str
        One of :data:`~retrofit.review.findings.CATEGORIES`.
    clause : str
        The standard or specification clause applied.
    severity : str
        One of :data:`~retrofit.review.findings.SEVERITIES`.
    reads : tuple of str
        The results (and design) fields the check reads.
    limit : str
        The limit the values are held to and where it comes from (a criterion and its default, or a
        documented constant).
    check : callable
        ``check(ctx) -> iterable of Outcome``.
    """

    id: str
    title: str
    category: str
    clause: str
    severity: str
    reads: tuple[str, ...]
    limit: str
    check: Callable[["Context"], Iterable[Outcome]] = field(repr=False, compare=False)

    @property
    def description(self) -> str:
        """How the rule judges, from the check's docstring."""
        return inspect.cleandoc(self.check.__doc__ or "")

    def finding(self, outcome: Outcome) -> Finding:
        """The finding of this rule for one outcome of its check."""
        needs = outcome.needs or (_DEFAULT_NEEDS if outcome.status == "untested" else "")
        return Finding(self.id, self.title, self.category, self.clause, self.severity, outcome.status,
                       list(outcome.elements), [dict(e) for e in outcome.evidence], outcome.message, needs=needs)


_REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, *, title: str, category: str, clause: str, severity: str, reads: Iterable[str],
         limit: str):
    """Register the decorated check function as a rule (see :class:`Rule` for the fields)."""
    if not RULE_ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} does not match {RULE_ID.pattern}")
    if category not in CATEGORIES:
        raise ValueError(f"rule {rule_id}: category {category!r} is not one of {CATEGORIES}")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {rule_id}: severity {severity!r} is not one of {SEVERITIES}")

    def register(check):
        if rule_id in _REGISTRY and _REGISTRY[rule_id].check.__qualname__ != check.__qualname__:
            raise ValueError(f"rule id {rule_id} is registered twice")
        if not (check.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id}: the check needs a docstring saying how it judges")
        _REGISTRY[rule_id] = Rule(rule_id, title, category, clause, severity, tuple(reads), limit, check)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by category (electrical, cooling, layout, model) then id."""
    # the rule modules register their rules when first imported; imported here, not at the top, because
    # they import this module
    from . import rules_backup, rules_cooling, rules_electrical, rules_layout, rules_model, rules_power_paths, rules_power_quality, rules_protection, rules_ratings, rules_resilience  # noqa: F401
    return sorted(_REGISTRY.values(), key=lambda r: (CATEGORIES.index(r.category), r.id))


def get_rule(rule_id: str) -> Rule:
    """The rule with ``rule_id`` (KeyError when there is none)."""
    rules = {r.id: r for r in all_rules()}
    return rules[rule_id]


# --- the context a check reads ------------------------------------------------------------------------

def magnitude(q, unit: str) -> float:
    """Magnitude of a design quantity in ``unit`` (a unit conversion, nothing more)."""
    return float(q.to(unit).magnitude)


@dataclass
class Context:
    """What a check reads: the design, its analysis results and the design criteria.

    ``criteria`` are the design's ``goal.criteria``, or the documented defaults when the design has no goal.
    """

    design: Design
    results: dict

    @cached_property
    def criteria(self) -> Criteria:
        goal = self.design.goal
        return goal.criteria if goal is not None else Criteria()

    @property
    def power_redundancy(self) -> str:
        return self.design.goal.power_redundancy if self.design.goal is not None else "N"

    @property
    def cooling_redundancy(self) -> str:
        return self.design.goal.cooling_redundancy if self.design.goal is not None else "N"

    # results sections, each raising MissingResult with the reason when absent
    def electrical(self) -> dict:
        """``results["electrical"]`` when the network was solved."""
        e = self.results.get("electrical")
        if e is None:
            raise MissingResult("the results have no electrical analysis", "the electrical analysis (retrofit analyze runs it)")
        if "load_flow" not in e:
            raise MissingResult("the electrical network was not solved: " + (e.get("diagnosis") or "no reason given"),
                                "a power network that can be solved: fix what its diagnosis names")
        return e

    def load_flow(self) -> dict:
        """``results["electrical"]["load_flow"]`` when it converged."""
        lf = self.electrical()["load_flow"]
        if not lf.get("converged", False):
            raise MissingResult("the load flow did not converge: " + (lf.get("diagnosis") or "no diagnosis"),
                                "a converged load flow: fix what its diagnosis names")
        return lf

    def electrical_section(self, name: str) -> dict:
        """A section of the electrical results (``short_circuit``, ``feeders``, ``racks`` ...)."""
        e = self.electrical()
        if name not in e:
            raise MissingResult(f"the electrical results have no {name!r} section", f"the electrical {name} analysis")
        return e[name]

    def cooling(self) -> dict:
        """``results["cooling"]``."""
        c = self.results.get("cooling")
        if c is None:
            raise MissingResult("the results have no cooling analysis", "the cooling analysis (retrofit analyze runs it)")
        return c

    def cooling_section(self, name: str) -> dict:
        c = self.cooling()
        if name not in c:
            raise MissingResult(f"the cooling results have no {name!r} section", f"the cooling {name} analysis")
        return c[name]

    # design lookups
    @cached_property
    def rack_groups(self) -> dict:
        return {g.id: g for g in self.design.loads.racks}

    @cached_property
    def racks(self) -> list:
        from ..topology import rack_instances

        return rack_instances(self.design)

    @cached_property
    def buses(self) -> dict:
        return {b.id: b for b in self.design.electrical.buses}

    @cached_property
    def power_graph(self):
        from ..topology import power_graph

        return power_graph(self.design)

    def incoming_branches(self, bus_id: str) -> list[str]:
        """Ids of the branch elements (transformer, cable, busway, PDU, UPS) that feed ``bus_id``, sorted."""
        g = self.power_graph
        if bus_id not in g:
            return []
        return sorted(n for n in g.predecessors(bus_id) if g.nodes[n]["kind"] != "source")

    def upstream_transformer(self, bus_id: str) -> str | None:
        """The nearest transformer above ``bus_id`` on its only supply path, or None."""
        g = self.power_graph
        node, seen = bus_id, set()
        while node in g and node not in seen:
            seen.add(node)
            parents = [n for n in g.predecessors(node)]
            if len(parents) != 1:
                return None
            node = parents[0]
            if g.nodes[node]["kind"] == "transformer":
                return node
        return None


def _outcomes(rule_: Rule, ctx: Context) -> list[Outcome]:
    out: list[Outcome] = []
    try:
        for outcome in rule_.check(ctx):
            out.append(outcome)
    except MissingResult as exc:
        out.append(Outcome("untested", (), (), exc.reason, exc.needs))
    except Exception as exc:  # a bug in the rule: never a verdict, never "untested"
        raise InternalError(f"rule {rule_.id}", exc) from exc
    if not out:
        out.append(Outcome("not_applicable", (), (), "nothing in the design for this rule to check"))
    return out


def run_rules(design: Design, results: dict, waivers=None, *, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Apply every rule (or ``rules``) to ``design`` and its ``results``.

    Parameters
    ----------
    design : Design
        The design that was analysed.
    results : dict
        ``retrofit.analyze.analyze(design)`` (with ``results["layout"]`` when the layout was analysed).
    waivers : list of Waiver, optional
        Waivers (see :mod:`retrofit.review.waivers`); a failure a waiver names becomes ``waived``.

    Returns
    -------
    list of Finding
        Rules in the order of :func:`all_rules`, each rule's findings ordered by their elements.
    """
    ctx = Context(design, results)
    findings: list[Finding] = []
    for r in (all_rules() if rules is None else list(rules)):
        findings.extend(sorted((r.finding(o) for o in _outcomes(r, ctx)), key=finding_order))
    if waivers:
        from .waivers import apply_waivers

        findings, _ = apply_waivers(findings, waivers)
    return findings

