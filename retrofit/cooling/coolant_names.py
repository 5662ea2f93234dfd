"""Coolant names accepted in design files: catalog coolants (PG25, water ...) or PG<nn>/EG<nn>."""
from __future__ import annotations

import re

from ..catalog import Catalog
from ..errors import CatalogEntryNotFound

_GLYCOL = re.compile(r"^(PG|EG)(\d{1,2})$")


def check_coolant_name(name: str, catalog: Catalog) -> None:
    """Accept a coolant catalog id or a glycol name of the form PG<percent>/EG<percent>."""
    if name in catalog.entries and catalog.entries[name].kind == "coolant":
        return
    m = _GLYCOL.match(name)
    if m and 10 <= int(m.group(2)) <= 60:
        return
    near = [e.id for e in catalog.list("coolant")]
    raise CatalogEntryNotFound(name, "coolant", near)
