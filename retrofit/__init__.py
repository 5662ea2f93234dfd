"""retrofit: plan the conversion of ASIC mining halls into GB300 NVL72 liquid-cooled AI racks.

The public API is small and the command line uses it:

- :func:`load` reads a design file into a typed :class:`~retrofit.model.Design`;
- :func:`load_catalog` gives the equipment catalogs;
- analyses (``analyze``, ``check``, ``size``, ``plan``) take a Design.
"""
from __future__ import annotations

from .catalog import load_catalog
from .errors import InputError, RetrofitError
from .io.load import load, load_text

__version__ = "0.1.0"
__all__ = ["InputError", "RetrofitError", "load", "load_catalog", "load_text", "__version__"]
