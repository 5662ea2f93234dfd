"""Hall layout: rack rows with hot and cold aisles, CDUs at row ends, electrical equipment with NEC 110.26
working space, columns and obstacles, slab loading and service run lengths.

- :mod:`.geometry`: rectangles, overlap tests, free intervals, the hall as plain floats (:class:`Floor`);
- :mod:`.clearances`: NEC working space (Tables 110.26(A)(1) and 110.34(A)) and aisle criteria;
- :mod:`.equipment`: switchboards and panels against a wall with their working space;
- :mod:`.placement`: :func:`max_racks` and :func:`place`, the placement rule;
- :mod:`.slab`: rack and CDU floor loads against the slab rating (screening);
- :mod:`.runs`: busway, TCS header and branch lengths, routes from CDUs and the electrical zone;
- :mod:`.results`: :func:`layout_results`, the checks of a design whose racks carry positions.
"""
from .clearances import AisleCriteria, aisle_criteria, voltage_to_ground, working_space_depth, working_space_width
from .geometry import Floor, Rect, floor_from_hall
from .placement import HallLayout, Placed, RackSpec, Row, max_racks, place
from .results import layout_results
from .runs import Route, busway_route
from .slab import SlabCheck

__all__ = [
    "AisleCriteria", "Floor", "HallLayout", "Placed", "RackSpec", "Rect", "Route", "Row", "SlabCheck",
    "aisle_criteria", "busway_route", "floor_from_hall", "layout_results", "max_racks", "place", "voltage_to_ground", "working_space_depth",
    "working_space_width",
]
