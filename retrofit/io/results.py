"""Results as JSON: deterministic (sorted keys, fixed float formatting), written atomically."""
from __future__ import annotations

import math
from json.encoder import encode_basestring  # the C escaper of json.dumps(..., ensure_ascii=False)
from pathlib import Path
from typing import Any

import numpy as np

from .atomic import write_atomic


def rounded(x, digits: int = 4):
    """``x`` rounded to ``digits`` decimals for the results; None and non-finite numbers become None."""
    if x is None:
        return None
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def results_json(results: dict) -> str:
    """The JSON text of a results dict: sorted keys, non-finite numbers as null, newline at the end.

    The text is that of ``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)`` with numpy scalars
    made Python numbers, non-finite floats made null and every key made text (``str(key)``) first."""
    pieces: list[str] = []
    encode_json(results, pieces.append)
    return "".join(pieces) + "\n"


def write_json(path: str | Path, results: dict) -> None:
    """Write ``results`` as JSON to ``path`` atomically: the text of :func:`results_json`, written as it is
    encoded (the text of a campus's results, tens of MB, is never held whole in memory)."""
    def fill(write) -> None:
        encode_json(results, write)
        write("\n")

    write_atomic(path, fill)


#: Encoded pieces joined into one write (a campus's JSON is millions of pieces of a few characters).
_PIECES_PER_WRITE = 8192


def encode_json(value: Any, write) -> None:
    """Encode ``value`` as the indented, key-sorted JSON text of :func:`results_json` (without its final
    newline), handing the text to ``write`` in pieces of a few thousand encoded items.

    One recursive pass over dicts and lists that turns each plain value into its text where it stands, instead
    of copying the whole results into plain data first and running the standard library's indenting encoder,
    which is pure Python and a generator per level of nesting (a campus's 70 MB of results took 3 s that way).

    Raises
    ------
    TypeError
        For a value that is not a dict, list, tuple, text, number, bool, None or numpy scalar (as ``json``).
    """
    out: list[str] = []
    append = out.append
    quote = encode_basestring
    float_text = float.__repr__
    int_text = int.__repr__
    finite = math.isfinite
    limit = _PIECES_PER_WRITE

    def other(v, level: int) -> None:
        # everything but the exact builtin types, in the order of the conversion json would see
        if isinstance(v, dict):
            encode_dict(v, level)
        elif isinstance(v, (list, tuple)):
            encode_list(v, level)
        elif isinstance(v, (bool, np.bool_)):
            append("true" if v else "false")
        elif isinstance(v, (int, np.integer)):
            append(int_text(int(v)))
        elif isinstance(v, (float, np.floating)):
            v = float(v)
            append(float_text(v) if finite(v) else "null")
        elif isinstance(v, str):
            append(quote(v))
        else:
            raise TypeError(f"Object of type {v.__class__.__name__} is not JSON serializable")

    def item(v, level: int) -> None:
        t = type(v)
        if t is str:
            append(quote(v))
        elif t is float:
            append(float_text(v) if finite(v) else "null")
        elif t is int:
            append(int_text(v))
        elif v is None:
            append("null")
        elif v is True:
            append("true")
        elif v is False:
            append("false")
        elif t is dict:
            encode_dict(v, level)
        elif t is list or t is tuple:
            encode_list(v, level)
        else:
            other(v, level)

    key_texts: list[tuple[dict, dict]] = []     # per level: key -> its text opening the dict, and after an item

    def encode_dict(d: dict, level: int) -> None:
        if not d:
            append("{}")
            return
        if not all(type(k) is str for k in d):
            d = {str(k): v for k, v in d.items()}
        inner = level + 1
        while len(key_texts) <= inner:
            key_texts.append(({}, {}))
        opening, following = key_texts[inner]
        texts = opening
        for k in sorted(d):
            text = texts.get(k)
            if text is None:       # the same few hundred keys recur all through a campus's results
                text = texts[k] = ("{\n" if texts is opening else ",\n") + " " * inner + quote(k) + ": "
            append(text)
            texts = following
            v = d[k]
            t = type(v)
            if t is str:
                append(quote(v))
            elif t is float:
                append(float_text(v) if finite(v) else "null")
            elif t is int:
                append(int_text(v))
            else:
                item(v, inner)
        append("\n" + " " * level + "}")
        if len(out) > limit:
            write("".join(out))
            out.clear()

    def encode_list(seq, level: int) -> None:
        if not seq:
            append("[]")
            return
        inner = level + 1
        first = "[\n" + " " * inner
        sep = ",\n" + " " * inner
        for v in seq:
            append(first)
            first = sep
            t = type(v)
            if t is float:
                append(float_text(v) if finite(v) else "null")
            elif t is int:
                append(int_text(v))
            elif t is str:
                append(quote(v))
            else:
                item(v, inner)
        append("\n" + " " * level + "]")
        if len(out) > limit:
            write("".join(out))
            out.clear()

    item(value, 0)
    if out:
        write("".join(out))
