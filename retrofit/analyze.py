"""``analyze``: every analysis of a design, collected as one JSON-ready result keyed by element id."""
from __future__ import annotations

import logging
import sys
import types
from concurrent.futures import Executor

from .model import Design

log = logging.getLogger(__name__)

_RECENT: dict = {}
"""Results of the last analyses, by the design's content: the planner analyses the proposal, then the
phase that completes it, which is the same design (see :func:`analyze`)."""
_RECENT_MAX = 2


def analyze(design: Design, *, contingencies: bool = True, executor: Executor | None = None,
            keep: bool = True) -> dict:
    """Cooling first (its pump and fan power are electrical loads), then the electrical analysis, then PUE.

    A design whose content equals one of the last two analysed (its JSON serialisation, with the same
    ``contingencies``) gets a copy of those results (kept pickled, so that a caller changing its results
    changes no one else's) rather than a second analysis. ``keep=False`` neither looks for nor keeps a copy
    (for a caller that knows the design will not be analysed again: the key and the copy of a campus's
    results cost about 0.2 s of CPU).

    Returns
    -------
    dict
        ``{"site", "electrical", "cooling", "layout", "pue"}`` and, with ``contingencies``, ``resilience``
        (:func:`retrofit.resilience.cross_domain_study`) and, when the load flow solves, ``power_quality``
        (:func:`retrofit.electrical.power_quality.power_quality_study`); every number has its unit in its key name.
    """
    import hashlib
    import pickle

    if not keep:
        return _analyze(design, contingencies, executor)
    key = (hashlib.sha256(design.model_dump_json().encode()).hexdigest(), contingencies)
    if key in _RECENT:
        return pickle.loads(_RECENT[key])
    results = _analyze(design, contingencies, executor)
    try:
        kept = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):  # results that cannot be kept are not reused
        return results
    while len(_RECENT) >= _RECENT_MAX:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = kept
    return results


def analyze_for_verdict(design: Design, *, contingencies: bool = True) -> dict:
    """The analyses that the planner's pass/fail verdict reads, and only those.

    :func:`retrofit.planning.verify.failures` reads the cooling and the electrical analysis (with the N-1
    outages linked to the cooling each one leaves, when ``contingencies``), and a phase of a plan keeps its
    PUE. Left out, as nothing reads them for a phase of a plan: the protection, power-quality, layout and
    backup studies, and of the cross-domain study its mechanical and maintenance outages and group exposure
    (only the electrical outages are followed into the cooling,
    :func:`retrofit.resilience.study.electrical_fault_results`). The parts it holds are those of
    :func:`analyze`, computed the same way. Not kept for reuse.

    Parameters
    ----------
    design : Design
        The design.
    contingencies : bool
        Run the N-1 study and follow its outages into the cooling.

    Returns
    -------
    dict
        ``{"site", "electrical", "cooling", "pue"}``.
    """
    return _analyze(design, contingencies, None, verdict_only=True)


def _analyze(design: Design, contingencies: bool, executor: Executor | None, *, verdict_only: bool = False) -> dict:
    from .cooling.analysis import analyze_cooling
    from .electrical.analysis import analyze_electrical
    from .pue import pue_summary

    log.debug("cooling: hydraulics, CDUs, heat rejection at the design ambient, N+1")
    cooling = analyze_cooling(design)
    log.debug("electrical: load flow, short circuit, feeders, redundancy%s", ", N-1" if contingencies else "")
    electrical = analyze_electrical(design, cooling_power_w=cooling.get("electric_power_w"),
                                    contingencies=contingencies, executor=executor)
    out = {"site": design.site.name, "electrical": electrical, "cooling": cooling}
    if not verdict_only:
        from .layout import layout_results
        out["layout"] = layout_results(design)
    out["pue"] = pue_summary(design, electrical, cooling)
    if not verdict_only:
        _other_studies(design, out)
    if contingencies:  # each outage followed into every domain (retrofit.resilience)
        from .electrical.contingency import link_cross_domain

        if verdict_only:  # the electrical outages' cooling, which the N-1 verdict reads
            from .resilience.study import electrical_fault_results

            log.debug("resilience: every electrical outage followed into the cooling")
            faults = electrical_fault_results(design)
        else:
            from .resilience import cross_domain_study

            log.debug("resilience: every single outage followed into the cooling")
            out["resilience"] = cross_domain_study(design).to_json()
            faults = out["resilience"]["faults"]
        if "contingencies" in electrical:
            electrical["contingencies"]["outages"] = link_cross_domain(electrical["contingencies"]["outages"], faults)
    return out


def _other_studies(design: Design, out: dict) -> None:
    """Protection, backup and power quality, added to ``out`` (after the cooling and electrical analyses)."""
    from .electrical.protection import protection_study
    log.debug("protection: device duty, arc flash, coordination")
    out["protection"] = protection_study(design)  # duty, arc flash, coordination, NEC 240.87 / 450.3
    if design.goal is not None and not design.goal.backup.is_none:  # sags and outages against the backup policy
        from .resilience.backup_ride_through import backup_ride_through
        out["backup"] = backup_ride_through(design).to_json()
    if out["electrical"].get("solved"):
        from .electrical.power_quality import power_quality_study

        log.debug("power quality: harmonic load flow, IEEE 519, K-factor, load swing")
        out["power_quality"] = power_quality_study(design, out["cooling"].get("electric_power_w")).to_json()


class _CallableModule(types.ModuleType):
    """``retrofit.analyze`` is both this module and, called, the public entry: importing the submodule
    replaces the package attribute, so the package API stays ``retrofit.analyze(path_or_design)``, which
    returns typed :class:`~retrofit.results.Results` (DataFrames per kind of element, ``raw`` the dict of
    :func:`analyze`)."""

    def __call__(self, path_or_design, **options):
        from .results import analyze_results

        return analyze_results(path_or_design, **options)


sys.modules[__name__].__class__ = _CallableModule
