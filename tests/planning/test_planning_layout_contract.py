"""The planner uses the layout engine only through the contract (max_racks, place, RackSpec, HallLayout):
with a minimal stand-in engine written here, a plan is still made and its racks stand where the stand-in
put them."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace

from retrofit.layout import RackSpec
from retrofit.layout.slab import SlabCheck
from retrofit.planning import PlanOptions, plan
from retrofit.planning import layout_bridge, proposal


@dataclass
class _Placed:
    id: str
    x_m: float
    y_m: float
    width_m: float
    depth_m: float
    row: str | None
    kind: str


@dataclass
class _Row:
    id: str
    y_m: float
    x0_m: float
    x1_m: float
    rack_ids: list
    facing: str = "north"


@dataclass
class _Layout:
    hall: str
    rows: list
    racks: list
    cdus: list
    equipment: list
    aisles: list = field(default_factory=list)
    violations: list = field(default_factory=list)
    slab: object = None
    run_lengths_m: dict = field(default_factory=dict)
    working_spaces: list = field(default_factory=list)
    outdoor: list = field(default_factory=list)     # the planner sets yard units and transformer pads here
    crahs: list = field(default_factory=list)
    runs: list = field(default_factory=list)        # and the routes of facility mains and MV cables


PER_ROW = 20


def _max_racks(hall, rack, criteria, *, cdu_size_m=(1.2, 1.2), racks_per_cdu=None, electrical_equipment=()):
    return 200


def _place(hall, rack, n_racks, criteria, *, n_cdus=0, cdu_size_m=(1.2, 1.2), electrical_equipment=(), **_):
    """Rows of 20 racks from x = 10 m, 4 m apart; CDUs in a line at y = 1 m; equipment along x at y = 0."""
    racks, rows = [], []
    for r in range(math.ceil(n_racks / PER_ROW)):
        ids = []
        for k in range(min(PER_ROW, n_racks - r * PER_ROW)):
            rid = f"s{r}.{k}"
            racks.append(_Placed(rid, 10.0 + k * rack.width_m, 4.0 + 4.0 * r, rack.width_m, rack.depth_m, f"row{r}", "rack"))
            ids.append(rid)
        rows.append(_Row(f"row{r}", 4.0 + 4.0 * r, 10.0, 10.0 + len(ids) * rack.width_m, ids))
    cdus = [_Placed(f"c{i}", 2.0 * i, 1.0, cdu_size_m[0], cdu_size_m[1], None, "cdu") for i in range(n_cdus)]
    equipment = [_Placed(e[0], 4.0 * i, 0.0, e[1], e[2], None, "equipment") for i, e in enumerate(electrical_equipment)]
    slab = SlabCheck(load_kpa=9.3, rating_kpa=12.0, tributary_area_m2=1.44, ok=True)
    return _Layout(hall.id, rows, racks, cdus, equipment, slab=slab)


def test_plan_with_a_stand_in_layout_engine(monkeypatch, small_site):
    stand_in = SimpleNamespace(RackSpec=RackSpec, max_racks=_max_racks, place=_place)
    monkeypatch.setattr(layout_bridge, "layout_api", lambda: stand_in)
    monkeypatch.setattr(proposal, "layout_api", lambda: stand_in)
    result = plan(small_site, PlanOptions(phases=False))
    assert result.selection["compute_racks"] == 24
    xs = sorted({round(p.x.to("m").magnitude, 3) for g in result.proposed.loads.racks for p in g.positions})
    assert xs[0] == 10.0 and all(round((x - 10.0) / 0.6, 6).is_integer() for x in xs)
    assert result.verification["passes"], result.verification["failures"]
