"""Outdoor and wall equipment placed by rule (retrofit.layout.yard): yard coolers along a long wall with
their air clearances, transformer pads by the electrical room, CRAHs against the walls; and the routes
whose lengths the design takes (retrofit.layout.runs)."""
from __future__ import annotations

import itertools

import pytest

from retrofit.layout.geometry import Floor, Rect
from retrofit.layout.runs import cable_route, facility_main_route
from retrofit.layout.yard import (PAD_FRONT_CLEARANCE_M, UNIT_END_GAP_M, YardUnit, place_coolers, place_crahs,
                                  place_pads)


def _overlap(a, b) -> bool:
    return (a.x_m < b.x_m + b.width_m - 1e-9 and b.x_m < a.x_m + a.width_m - 1e-9
            and a.y_m < b.y_m + b.depth_m - 1e-9 and b.y_m < a.y_m + a.depth_m - 1e-9)


@pytest.mark.parametrize("side", ["south", "north"])
def test_coolers_stand_outside_the_wall_with_their_clearances(side):
    length, width, c = 180.0, 50.0, 2.4
    units = [YardUnit(f"hr.{i}", 12.0, 2.4, c) for i in range(40)]
    placed = place_coolers(units, length, width, side, centre_x_m=60.0, start_m=5.0)
    assert len(placed) == 40
    assert not any(_overlap(a, b) for a, b in itertools.combinations(placed, 2))
    for p in placed:
        assert 0.0 <= p.x_m and p.x_m + p.width_m <= length          # within the wall's length
        if side == "south":
            assert p.y_m + p.depth_m <= -(5.0 + c) + 1e-9            # beyond the pads' band and one clearance
        else:
            assert p.y_m >= width + 5.0 + c - 1e-9
    rows = sorted({round(p.y_m, 6) for p in placed})
    assert len(rows) == 4                                           # 13 units of 12 m + gaps fit along 180 m
    for a, b in zip(rows, rows[1:]):
        assert b - a - 2.4 >= 2 * c - 1e-9                          # two clearances between rows
    row = sorted((p for p in placed if round(p.y_m, 6) == rows[0]), key=lambda p: p.x_m)
    assert all(b.x_m - (a.x_m + a.width_m) == pytest.approx(UNIT_END_GAP_M) for a, b in zip(row, row[1:]))


def test_a_short_row_is_centred_on_the_cdus_and_kept_within_the_wall():
    units = [YardUnit(f"hr.{i}", 12.0, 2.4, 2.4) for i in range(2)]
    mid = place_coolers(units, 180.0, 50.0, "south", centre_x_m=90.0)
    assert (mid[0].x_m + mid[-1].x_m + mid[-1].width_m) / 2 == pytest.approx(90.0)
    edge = place_coolers(units, 180.0, 50.0, "south", centre_x_m=179.0)
    assert edge[-1].x_m + edge[-1].width_m <= 180.0


def test_pads_stand_by_the_electrical_room():
    room = Rect(0.0, 0.0, 12.0, 10.0, "mv-room", "electrical_room")
    pads = place_pads([f"tx-{i}" for i in range(6)], 180.0, 50.0, room)
    assert not any(_overlap(a, b) for a, b in itertools.combinations(pads, 2))
    assert all(p.y_m + p.depth_m == pytest.approx(-PAD_FRONT_CLEARANCE_M) for p in pads)
    north_room = Rect(100.0, 40.0, 12.0, 10.0, "mv-room", "electrical_room")
    pads = place_pads(["tx-1"], 180.0, 50.0, north_room)
    assert pads[0].y_m == pytest.approx(50.0 + PAD_FRONT_CLEARANCE_M)
    assert pads[0].x_m + pads[0].width_m / 2 == pytest.approx(106.0)


def test_crahs_stand_against_the_walls_clear_of_what_is_there():
    floor = Floor("h", 40.0, 20.0, 5.0, 12e3)
    racks = [Rect(5.0, 0.0, 30.0, 6.0, "racks", "rack")]
    placed = place_crahs(floor, [f"crah.{i}" for i in range(4)], 1.0, racks)
    assert len(placed) == 4
    assert not any(_overlap(a, b) for a, b in itertools.combinations(placed, 2))
    for p in placed:
        assert not _overlap(p, racks[0])
        assert p.y_m == 0.0 or p.y_m + p.depth_m == pytest.approx(20.0)   # its back against a wall
        assert 0.0 <= p.x_m and p.x_m + p.width_m <= 40.0


def test_routes_are_rectilinear_and_their_length_is_the_sum_of_legs():
    r = facility_main_route((90.0, -7.2), 0.0, [(40.0, 12.0), (60.0, 14.0)], 6.0)
    assert r.points[-1] == (60.0, 13.0)
    assert r.length_m == pytest.approx(7.2 + 6.0 + 13.0 + 30.0)
    assert cable_route((6.0, 5.0), (20.0, -5.0)).length_m == pytest.approx(24.0)
