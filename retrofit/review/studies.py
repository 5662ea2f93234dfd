"""The studies the rules read from the analysis results, fetched in one place.

A rule reading a study calls :func:`study_results` with one of the :class:`Study` records below. When the
analysis did not run the study (a goal without a backup policy, an analysis without contingencies, a
network that did not solve), the call raises :class:`~retrofit.review.registry.MissingResult` with the
study's own reason, and the rule is reported untested with it. Rules never compute a missing study:
:func:`retrofit.analyze.analyze` runs them, and a review only reads what it ran.
"""
from __future__ import annotations

from dataclasses import dataclass

from .registry import Context, MissingResult


@dataclass(frozen=True)
class Study:
    """Where a study's results sit and what a rule reading them reports when they are absent.

    Attributes
    ----------
    key : str
        Its key in the analysis results, or in the solved electrical results when ``in_electrical``.
    absent : str
        The reason of the untested finding when the study is absent.
    needs : str
        What would let the rule be evaluated; empty for the registry's default (the analysis the rule
        reads, and the MODEL-* findings for why it did not solve).
    in_electrical : bool
        The study is a section of ``results["electrical"]``, read once the network is solved: an unsolved
        network is reported first, with its own reason (:meth:`Context.electrical`).
    unsolved_network_first : bool
        The analysis runs the study only when the load flow solves: when it is absent, an unsolved
        network is reported with its own reason before ``absent``.
    """

    key: str
    absent: str
    needs: str = ""
    in_electrical: bool = False
    unsolved_network_first: bool = False


BACKUP = Study("backup", "the backup ride-through study was not run (no backup policy in the goal)")
"""``results["backup"]``: :func:`retrofit.resilience.backup_ride_through.backup_ride_through`."""

RESILIENCE = Study("resilience", "the cross-domain contingency study was not run (analysis without contingencies)")
"""``results["resilience"]``: :func:`retrofit.resilience.cross_domain_study`."""

PROTECTION = Study("protection", "the results have no protection study", "the protection study (retrofit analyze runs it)")
"""``results["protection"]``: :func:`retrofit.electrical.protection.protection_study`."""

POWER_QUALITY = Study("power_quality", "the results have no power-quality study",
                      "the power-quality study (retrofit analyze runs it when the load flow solves)",
                      unsolved_network_first=True)
"""``results["power_quality"]``: :func:`retrofit.electrical.power_quality.power_quality_study`."""

LAYOUT = Study("layout", "the results have no layout analysis (results[\"layout\"] is absent: the layout analysis "
                         "was not run on this design)")
"""``results["layout"]``: :func:`retrofit.layout.layout_results`."""

CONTINGENCIES = Study("contingencies", "the N-1 study was not run (analysis without contingencies, or the load flow "
                                       "did not converge)", in_electrical=True)
"""``results["electrical"]["contingencies"]``: the N-1 study of the electrical analysis."""

ELECTRICAL_ANALYSIS = Study("electrical", "the results have no electrical analysis")
"""``results["electrical"]`` as the analysis wrote it, solved or not (the MODEL-* rules say why it did not solve)."""

TRANSFORMER_RATINGS = Study("ratings", "the electrical results have no ambient-derated transformer ratings",
                            in_electrical=True)
"""``results["electrical"]["ratings"]``: each transformer's IEEE C57.91 rating at the design ambient."""


def study_results(ctx: Context, study: Study) -> dict:
    """The results of ``study`` in ``ctx``, or :class:`MissingResult` with the study's reason when absent.

    Parameters
    ----------
    ctx : Context
        What the rule reads.
    study : Study
        The study, one of this module's records.

    Returns
    -------
    dict
        The study's results, as the analysis wrote them.
    """
    holder = ctx.electrical() if study.in_electrical else ctx.results
    found = holder.get(study.key)
    if found is None:
        if study.unsolved_network_first:
            ctx.electrical()
        raise MissingResult(study.absent, study.needs)
    return found


__all__ = ["BACKUP", "CONTINGENCIES", "ELECTRICAL_ANALYSIS", "LAYOUT", "POWER_QUALITY", "PROTECTION", "RESILIENCE", "Study",
           "TRANSFORMER_RATINGS", "study_results"]
