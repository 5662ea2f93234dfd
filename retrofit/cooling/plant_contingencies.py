"""The plant balance with one component out of service: a CDU or a heat-rejection unit (N-1).

Each case is an independent solve of :func:`retrofit.cooling.plant.solve_plant` on the plant reduced by
the component taken out; :func:`n_minus_1_cdus` and :func:`n_minus_1_units` run every case in turn.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from ..errors import OutOfRange
from . import heat_exchange as hx
from .plant import solve_plant
from .plant_records import Ambient, CduBank, FacilityLoop, PlantResult, RejectionUnit


def solve_with_cdu_out(cdus: CduBank, index: int, group, units: Sequence[RejectionUnit], ambient: Ambient,
                       loop: FacilityLoop, *, redistribute_facility_flow: bool = False,
                       exponent: float = 0.8) -> PlantResult:
    """The plant balance with one CDU out of service, its racks shared by the others of its group.

    Parameters
    ----------
    cdus : CduBank
        All CDUs.
    index : int
        Index of the CDU taken out [-].
    group : array of hashable
        Group label of every CDU [-]: CDUs of one group share a TCS header and can take over each
        other's racks.
    units : sequence of RejectionUnit
        Heat-rejection units.
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.
    redistribute_facility_flow : bool
        When True the out CDU's facility flow is shared by the others of its group (constant-flow
        primary); by default it is lost (its valve closes and the others keep their flow, the
        conservative case for their TCS temperatures).
    exponent : float
        Film-coefficient exponent used to rescale the UA of the CDUs whose flows change [-].

    Returns
    -------
    PlantResult
        The balance, with the out CDU's results NaN. ``converged`` is False, and
        ``unserved_heat_w`` > 0, when the CDU has no partner in its group.

    Notes
    -----
    The rack heat (and TCS flow, since the racks still need it) of the out CDU is split equally
    among the in-service CDUs of its group; their UA is rescaled to the new flows with
    :func:`heat_exchange.ua_at_flows`. The out CDU's own pump heat disappears; the others' is
    unchanged.

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*, concurrent maintainability (N-1 of a component).
    """
    a = cdus.arrays()
    group = np.asarray(group)
    n = a["heat_w"].shape[0]
    if not 0 <= index < n:
        raise OutOfRange(f"CDU index {index} outside 0..{n - 1}")
    partners = np.flatnonzero(a["in_service"] & (group == group[index]) & (np.arange(n) != index))
    heat, tcs, fac = a["heat_w"].copy(), a["flow_tcs_kg_s"].copy(), a["flow_facility_kg_s"].copy()
    service = a["in_service"].copy()
    service[index] = False
    unserved = 0.0
    ua = a["ua_w_k"].copy()
    if partners.size:
        k = partners.size
        heat[partners] += heat[index] / k
        tcs[partners] += tcs[index] / k
        if redistribute_facility_flow:
            fac[partners] += fac[index] / k
        ua[partners] = hx.ua_at_flows(a["ua_w_k"][partners], tcs[partners], fac[partners],
                                      a["flow_tcs_kg_s"][partners], a["flow_facility_kg_s"][partners], exponent)
    else:
        unserved = float(a["heat_w"][index])
    reduced = dataclasses.replace(cdus, heat_w=heat, flow_tcs_kg_s=tcs, flow_facility_kg_s=fac, ua_w_k=ua,
                                  in_service=service, t_tcs_setpoint_k=a["t_tcs_setpoint_k"],
                                  cp_tcs_j_kg_k=a["cp_tcs_j_kg_k"], cp_facility_j_kg_k=a["cp_facility_j_kg_k"],
                                  pump_heat_w=a["pump_heat_w"])
    result = solve_plant(reduced, units, ambient, loop)
    if unserved > 0.0:
        return dataclasses.replace(
            result, converged=False, unserved_heat_w=unserved,
            diagnosis=f"the CDU out is the only CDU of group {group[index]!r}: {unserved / 1e3:,.1f} kW of "
                      f"racks lose cooling; " + result.diagnosis)
    return result


def solve_with_unit_out(cdus: CduBank, units: Sequence[RejectionUnit], index: int, ambient: Ambient,
                        loop: FacilityLoop) -> PlantResult:
    """The plant balance with one heat-rejection unit out of service.

    Parameters
    ----------
    cdus : CduBank
        The CDUs.
    units : sequence of RejectionUnit
        All heat-rejection units.
    index : int
        Index of the unit taken out [-].
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.

    Returns
    -------
    PlantResult
        The balance, with the out unit's results NaN; the facility flow divides among the others.

    Notes
    -----
    The facility pumps keep the total flow; the isolated unit's share goes to the units left in
    service in proportion to their flow weights.

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*, concurrent maintainability (N-1 of a component).
    """
    if not 0 <= index < len(units):
        raise OutOfRange(f"unit index {index} outside 0..{len(units) - 1}")
    reduced = [dataclasses.replace(u, in_service=False) if i == index else u for i, u in enumerate(units)]
    return solve_plant(cdus, reduced, ambient, loop)


def n_minus_1_cdus(cdus: CduBank, group, units: Sequence[RejectionUnit], ambient: Ambient, loop: FacilityLoop,
                   **options) -> list[PlantResult]:
    """:func:`solve_with_cdu_out` for every CDU in service, in index order.

    Parameters
    ----------
    cdus : CduBank
        The CDUs.
    group : array of hashable
        Group label of every CDU [-].
    units : sequence of RejectionUnit
        Heat-rejection units.
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.
    **options
        Passed to :func:`solve_with_cdu_out`.

    Returns
    -------
    list of PlantResult
        One result per CDU in service.

    Notes
    -----
    Each contingency is an independent solve (milliseconds each).

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*.
    """
    service = cdus.arrays()["in_service"]
    return [solve_with_cdu_out(cdus, int(i), group, units, ambient, loop, **options) for i in np.flatnonzero(service)]


def n_minus_1_units(cdus: CduBank, units: Sequence[RejectionUnit], ambient: Ambient,
                    loop: FacilityLoop) -> list[PlantResult]:
    """:func:`solve_with_unit_out` for every heat-rejection unit in service, in order.

    Parameters
    ----------
    cdus : CduBank
        The CDUs.
    units : sequence of RejectionUnit
        Heat-rejection units.
    ambient : Ambient
        Design ambient.
    loop : FacilityLoop
        Facility loop.

    Returns
    -------
    list of PlantResult
        One result per unit in service.

    Notes
    -----
    Each contingency is an independent solve.

    References
    ----------
    Uptime Institute, *Tier Standard: Topology*.
    """
    return [solve_with_unit_out(cdus, units, i, ambient, loop) for i, u in enumerate(units) if u.in_service]
