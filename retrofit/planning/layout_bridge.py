"""The planner's use of the layout engine (:mod:`retrofit.layout`): rack footprint, floor positions per hall."""
from __future__ import annotations

from ..errors import RetrofitError
from ..model import Design
from .basis import PlanBasis

_API = ("RackSpec", "max_racks", "place")
#: Longest run of racks in one row before a cross aisle [-]: 20 racks (12 m at 600 mm) keeps busway and
#: TCS header runs short and gives egress cross aisles, as data-hall rows of 20–30 racks do (estimate).
RACKS_PER_ROW_MAX = 20


def layout_api():
    """The layout engine module (``retrofit.layout``) with ``RackSpec``, ``max_racks`` and ``place``.

    Imported by name here (not at the top) so that the planning package starts without it; the planner's
    tests replace this function to plan with a stand-in engine.
    """
    from .. import layout

    missing = [name for name in _API if not hasattr(layout, name)]
    if missing:
        raise RetrofitError(f"the layout engine lacks {', '.join(missing)}; planning needs it to place racks")
    return layout


def rack_spec(basis: PlanBasis):
    """The target rack's footprint and mass as the layout engine's ``RackSpec`` [m, kg].

    Parameters
    ----------
    basis : PlanBasis
        The target rack: width and depth [m], mass [kg].

    Returns
    -------
    RackSpec
        The layout engine's rack.
    """
    return layout_api().RackSpec(basis.compute.width_m, basis.compute.depth_m, basis.compute.mass_kg,
                                 count_per_row_max=RACKS_PER_ROW_MAX)


def hall_positions(design: Design, basis: PlanBasis, spec, cdu_size_m: tuple[float, float], racks_per_cdu: int,
                   equipment: list[tuple]) -> dict[str, int]:
    """Rack positions each hall's floor holds with its CDUs and electrical equipment [-].

    Parameters
    ----------
    design : Design
        The site.
    basis : PlanBasis
        Criteria (aisles, walkways, working space).
    spec : RackSpec
        Rack footprint [m].
    cdu_size_m : tuple of float
        CDU width along the row and depth [m].
    racks_per_cdu : int
        Racks each CDU serves (its spare counted by the cooling policy) [-].
    equipment : list of tuple
        ``(id, width_m, depth_m)`` of switchboards that must stand in the halls; those whose bus names a
        hall stand there, the others in the first hall.
    """
    api = layout_api()
    hall_of = {b.id: b.hall for b in design.electrical.buses}
    first = design.halls[0].id if design.halls else None
    # floor-standing CDUs per rack: loops of up to three duty CDUs plus the policy's spares
    per_cdu = max(1, (racks_per_cdu * 3) // (3 + basis.cooling_spares)) if racks_per_cdu else None
    out = {}
    for hall in design.halls:
        items = [e for e in equipment if (hall_of.get(e[0]) or first) == hall.id]
        out[hall.id] = api.max_racks(hall, spec, basis.criteria, cdu_size_m=cdu_size_m, racks_per_cdu=per_cdu,
                                     electrical_equipment=items)
    return out


__all__ = ["hall_positions", "layout_api", "rack_spec"]
