"""Results as JSON: deterministic (sorted keys, fixed float formatting), written atomically."""
from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from .atomic import write_atomic


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    return value


def rounded(x, digits: int = 4):
    """``x`` rounded to ``digits`` decimals for the results; None and non-finite numbers become None."""
    if x is None:
        return None
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def results_json(results: dict) -> str:
    """The JSON text of a results dict: sorted keys, non-finite numbers as null, newline at the end."""
    return json.dumps(_plain(results), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(path: str | Path, results: dict) -> None:
    """Write ``results`` as JSON to ``path`` atomically: the text of :func:`results_json`, written as it is
    encoded (the text of a campus's results, tens of MB, is never held whole in memory)."""
    write_atomic(path, _json_pieces(results))


#: Encoder pieces joined into one write (a campus's JSON is millions of pieces of a few characters).
_PIECES_PER_WRITE = 8192


def _json_pieces(results: dict):
    encoder = json.JSONEncoder(indent=1, sort_keys=True, ensure_ascii=False)  # as json.dumps in results_json
    pieces = encoder.iterencode(_plain(results))
    while batch := list(itertools.islice(pieces, _PIECES_PER_WRITE)):
        yield "".join(batch)
    yield "\n"
