"""The JSON Schema of design files."""
from __future__ import annotations

from typing import Any

from ..model import Design


def design_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the design file format, with units in each quantity's description."""
    schema = Design.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "retrofit design file"
    return schema
