"""retrofit: plan the conversion of ASIC mining halls into GB300 NVL72 liquid-cooled AI racks.

The public API is small and the command line uses it:

- :func:`load` reads a design file into a typed :class:`~retrofit.model.Design`;
- :func:`load_catalog` gives the equipment catalogs;
- :func:`analyze` runs the electrical and cooling analyses of a Design;
- ``check``, ``size`` and ``plan`` (imported on first use) review, size and plan a design.
"""
from __future__ import annotations

import importlib

from .catalog import load_catalog
from .errors import InputError, RetrofitError
from .io.load import load, load_text

__version__ = "0.1.0"

# Imported on first use: they pull in CoolProp, scipy's solvers and reportlab, which a `validate` does not need.
_LAZY = {
    "analyze": ("retrofit.analyze", None),  # the module, callable as the function (see retrofit/analyze.py)
    "check": ("retrofit.review", "run_rules"),
    "size": ("retrofit.planning", "size"),
    "plan": ("retrofit.planning", "plan"),
}
__all__ = ["InputError", "RetrofitError", "load", "load_catalog", "load_text", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        imported = importlib.import_module(module)
        return imported if attribute is None else getattr(imported, attribute)
    raise AttributeError(f"module 'retrofit' has no attribute {name!r}")
